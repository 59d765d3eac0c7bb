//! A deterministic, seeded generator of plain-text documents with Bluebook footnotes, for
//! benchmarks (`benches/scan.rs`), the `gen-corpus` example and the kill test
//! (`tests/scan_safety.rs`). Shared through `#[path]` modules, so it is plain std Rust.
//!
//! Every document is one of four layouts ibid reads: an endnote section (`Notes` then
//! `1. …` lines), pdftotext-style pages (body with callouts, notes at the page bottom, a
//! page number and a form feed), notes flattened into the prose, and Markdown footnotes.
//! Citations use real outlet names, their abbreviations and some misspellings; dates come
//! in several styles; some URLs are broken (a space inside, or only `, at` left); short
//! forms (`Id.`, `supra note N`) refer back.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// A small, fast, deterministic PRNG (splitmix64): the same seed gives the same corpus
/// on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// (canonical name, Bluebook abbreviation, a misspelling, domain)
const OUTLETS: [(&str, &str, &str, &str); 14] = [
    (
        "The New York Times",
        "N.Y. Times",
        "New York Tims",
        "nytimes.com",
    ),
    (
        "The Washington Post",
        "Wash. Post",
        "Washington Psot",
        "washingtonpost.com",
    ),
    (
        "The Wall Street Journal",
        "Wall St. J.",
        "Wall Street Jounral",
        "wsj.com",
    ),
    ("Reuters", "Reuters", "Reuter", "reuters.com"),
    (
        "Associated Press",
        "Associated Press",
        "Asociated Press",
        "apnews.com",
    ),
    ("CNN", "CNN", "CNN", "cnn.com"),
    ("Al Jazeera", "Al Jazeera", "Al Jazera", "aljazeera.com"),
    ("The Guardian", "Guardian", "Gaurdian", "theguardian.com"),
    (
        "Los Angeles Times",
        "L.A. Times",
        "Los Angeles Tiems",
        "latimes.com",
    ),
    ("Politico", "Politico", "Politco", "politico.com"),
    ("BBC News", "BBC News", "BBC Nwes", "bbc.com"),
    ("Financial Times", "Fin. Times", "Financial Tmes", "ft.com"),
    ("The Atlantic", "Atlantic", "The Atlantc", "theatlantic.com"),
    ("Bloomberg News", "Bloomberg", "Bloomburg", "bloomberg.com"),
];

const GIVEN: [&str; 16] = [
    "Ann", "Mujib", "Lara", "David", "Sofia", "Kenji", "Amina", "Thomas", "Priya", "Carlos",
    "Helen", "Omar", "Ruth", "Wei", "Jonas", "Fatima",
];
const FAMILY: [&str; 16] = [
    "Lee",
    "Mashal",
    "Jakes",
    "Zucchino",
    "Alvarez",
    "Tanaka",
    "Diallo",
    "Gibbons-Neff",
    "Raman",
    "Ortega",
    "Cooper",
    "Haddad",
    "Stein",
    "Zhang",
    "Berg",
    "Nasser",
];
const WORDS: [&str; 24] = [
    "talks",
    "agreement",
    "troops",
    "withdrawal",
    "prisoners",
    "ceasefire",
    "officials",
    "envoy",
    "budget",
    "election",
    "court",
    "ruling",
    "markets",
    "sanctions",
    "summit",
    "report",
    "inquiry",
    "border",
    "vaccine",
    "strike",
    "pipeline",
    "treaty",
    "protest",
    "council",
];
const MONTHS: [(&str, &str); 12] = [
    ("January", "Jan."),
    ("February", "Feb."),
    ("March", "Mar."),
    ("April", "Apr."),
    ("May", "May"),
    ("June", "June"),
    ("July", "July"),
    ("August", "Aug."),
    ("September", "Sept."),
    ("October", "Oct."),
    ("November", "Nov."),
    ("December", "Dec."),
];

fn title(r: &mut Rng) -> String {
    let n = 3 + r.below(6);
    let mut t = String::new();
    for i in 0..n {
        let w = r.pick(&WORDS);
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                t.extend(f.to_uppercase());
                t.push_str(c.as_str());
            }
        } else {
            t.push(' ');
            t.push_str(w);
        }
    }
    t
}

/// A date in one of several styles (mostly Bluebook's `Apr. 24, 2020`).
fn date(r: &mut Rng) -> String {
    let (long, abbr) = r.pick(&MONTHS);
    let m = MONTHS.iter().position(|x| x.0 == long).unwrap_or(0) + 1;
    let d = 1 + r.below(28);
    let y = 1998 + r.below(27);
    match r.below(10) {
        0..=4 => format!("{abbr} {d}, {y}"),
        5 => format!("{long} {d}, {y}"),
        6 => format!("{d} {long} {y}"),
        7 => format!("{y}-{m:02}-{d:02}"),
        8 => format!("{m}/{d}/{y}"),
        _ => format!("{abbr} {y}"),
    }
}

fn authors(r: &mut Rng) -> String {
    let one = |r: &mut Rng| format!("{} {}", r.pick(&GIVEN), r.pick(&FAMILY));
    match r.below(4) {
        0 | 1 => one(r),
        2 => format!("{} & {}", one(r), one(r)),
        _ => format!("{}, {} & {}", one(r), one(r), one(r)),
    }
}

/// One full Bluebook citation to a news article, sometimes with noise.
fn citation(r: &mut Rng, n: usize) -> String {
    let (_, abbr, typo, domain) = r.pick(&OUTLETS);
    let outlet = match r.below(20) {
        0 => typo,
        1 | 2 => r.pick(&OUTLETS).0,
        _ => abbr,
    };
    let slug = title(r).to_lowercase().replace(' ', "-");
    let url = match r.below(25) {
        // a broken URL: pdftotext split it
        0 => format!(", https://www.{domain}/{n}/ {slug}"),
        // only the lead-in survived
        1 => ", at".to_string(),
        2 => String::new(),
        _ => format!(", https://www.{domain}/{}/{slug}.html", 2000 + n % 25),
    };
    let signal = match r.below(8) {
        0 => "See ",
        1 => "See also ",
        2 => "Cf. ",
        _ => "",
    };
    let mut c = format!(
        "{signal}{}, {}, {outlet} ({}){url}",
        authors(r),
        title(r),
        date(r)
    );
    if r.chance(10) {
        let _ = write!(c, " [hereinafter {}]", r.pick(&WORDS));
    }
    c
}

/// The text of one note: one to three citations, or a short form.
fn note(r: &mut Rng, n: usize) -> String {
    if n > 2 && r.chance(15) {
        return match r.below(3) {
            0 => "Id.".to_string(),
            1 => format!("Id. at {}.", 1 + r.below(40)),
            _ => format!(
                "{}, supra note {}, at {}.",
                r.pick(&FAMILY),
                1 + r.below(n - 1),
                1 + r.below(30)
            ),
        };
    }
    let k = 1 + r.below(3);
    let mut s = String::new();
    for i in 0..k {
        if i > 0 {
            s.push_str("; ");
        }
        s.push_str(&citation(r, n * 10 + i));
    }
    s.push('.');
    s
}

fn sentence(r: &mut Rng) -> String {
    let mut s = title(r);
    for _ in 0..(4 + r.below(10)) {
        s.push(' ');
        s.push_str(r.pick(&WORDS));
    }
    s.push('.');
    s
}

/// One document of about `target` bytes (`index` picks the layout): `(file extension,
/// text)`.
pub fn document(seed: u64, index: usize, target: usize) -> (&'static str, String) {
    let mut r = Rng::new(seed.wrapping_mul(1_000_003).wrapping_add(index as u64));
    // document sizes vary: half to one and a half times the target
    let target = target / 2 + r.below(target + 1);
    let layout = r.below(10);
    let mut out = String::with_capacity(target + 2048);
    let _ = writeln!(out, "{}\n", title(&mut r).to_uppercase());
    let mut n = 1;
    match layout {
        // endnotes section after the body
        0..=3 => {
            let mut notes = String::from("\nNotes\n\n");
            while out.len() + notes.len() < target {
                let _ = writeln!(out, "{} {}{n}\n", sentence(&mut r), sentence(&mut r));
                let _ = writeln!(notes, "{n}. {}", note(&mut r, n));
                n += 1;
            }
            out.push_str(&notes);
        }
        // pdftotext pages: notes at the bottom of each page, a page number, a form feed
        4..=6 => {
            let mut page = 1;
            while out.len() < target {
                let first = n;
                for _ in 0..(2 + r.below(4)) {
                    let _ = writeln!(out, "{} {}{n}", sentence(&mut r), sentence(&mut r));
                    n += 1;
                }
                out.push('\n');
                for k in first..n {
                    let _ = writeln!(out, "{k} {}", note(&mut r, k));
                }
                let _ = write!(out, "\n{page}\n\u{c}");
                page += 1;
            }
        }
        // notes flattened into the prose
        7 | 8 => {
            while out.len() < target {
                let _ = writeln!(
                    out,
                    "{} {n} {} {}\n",
                    sentence(&mut r),
                    note(&mut r, n),
                    sentence(&mut r)
                );
                n += 1;
            }
        }
        // Markdown footnotes
        _ => {
            let mut notes = String::from("\n");
            while out.len() + notes.len() < target {
                let _ = writeln!(out, "{} {}[^{n}]\n", sentence(&mut r), sentence(&mut r));
                let _ = writeln!(notes, "[^{n}]: {}", note(&mut r, n));
                n += 1;
            }
            out.push_str(&notes);
            return ("md", out);
        }
    }
    ("txt", out)
}

/// What [`generate`] wrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

/// The relative path of document `index` (a thousand files per directory).
pub fn relative_path(index: usize, ext: &str) -> String {
    format!("d{:03}/doc-{index:06}.{ext}", index / 1000)
}

/// Write `docs` documents of about `mean_bytes` each under `dir`.
pub fn generate(dir: &Path, docs: usize, seed: u64, mean_bytes: usize) -> io::Result<Written> {
    let mut w = Written::default();
    for i in 0..docs {
        let (ext, text) = document(seed, i, mean_bytes);
        let path = dir.join(relative_path(i, ext));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text.as_bytes())?;
        w.files += 1;
        w.bytes += text.len() as u64;
    }
    Ok(w)
}
