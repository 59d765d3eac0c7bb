//! Outlet resolution speed: 1,000,000 mixed written forms through `Registry::resolve`
//! (a hash look-up after normalization), and the fuzzy fallback (`near_miss`) on the
//! unknown ones, as `infer_outlets` does.
//!
//! Run: `cargo bench --bench outlets` (optionally `-- COUNT`, default 1000000). Prints
//! strings per second for each stage. A measurement, not a test: nothing here asserts a time.

use ibid::outlets::Registry;
use std::time::Instant;

/// Written forms as documents have them: known spellings in several styles, and unknown,
/// garbled or cut-short names.
const FORMS: &[&str] = &[
    "N.Y. Times",
    "The New York Times",
    "ɴ.ʏ. ᴛɪᴍᴇꜱ",
    "Wash. Post",
    "Washington Post",
    "Wall St. J.",
    "Chi. Sun-Times",
    "Philadelphia Inquirer",
    "Reuters",
    "CNN",
    "Al Jazeera",
    "The Guardian (London)",
    "Bloomberg Online",
    "heise online",
    "The Hacker News",
    "World Health Organization",
    "Pew Research Center",
    "Wash. Swiss Post",
    "Washingon Post",
    "Kabul Weekly Gazette",
    "Wash.",
    "Some Blog",
];

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let reg = Registry::builtin();
    // Vary each string a little so no cache of whole strings could help.
    let inputs: Vec<String> = (0..count)
        .map(|i| {
            let f = FORMS[i % FORMS.len()];
            if i % 3 == 0 {
                f.to_uppercase()
            } else {
                f.to_string()
            }
        })
        .collect();

    let t = Instant::now();
    let mut resolved = 0usize;
    for s in &inputs {
        resolved += reg.resolve(s).is_some() as usize;
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "resolve: {count} strings in {secs:.3} s = {:.0} strings/s ({resolved} resolved, {} outlets in the registry)",
        count as f64 / secs,
        reg.outlets().len()
    );

    let unknown: Vec<&String> = inputs.iter().filter(|s| reg.resolve(s).is_none()).collect();
    let sample = unknown.len().min(20_000);
    let t = Instant::now();
    let mut near = 0usize;
    for s in unknown.iter().take(sample) {
        near += reg.near_miss(s).is_some() as usize;
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "near_miss fallback: {sample} unknown strings in {secs:.3} s = {:.0} strings/s ({near} near-misses)",
        sample as f64 / secs.max(1e-9)
    );
}
