//! Extract + parse throughput on a generated plain-text corpus.
//!
//! Run: `cargo bench --bench throughput` (optionally `-- SIZE_MB`, default 20).
//! Prints MB/s and citations/s for extract+parse, and for extract+parse+lint (what `ibid
//! scan` does per document), and peak resident memory (Linux `VmHWM`). This is a
//! measurement, not a test: nothing here asserts a time.
//!
//! `-- SIZE_MB --no-lint` measures extract+parse only; `-- SIZE_MB --generated` measures
//! only the generated corpus of `benches/scan.rs` (the issue-8 corpus).
//!
//! The generated corpus also gets a lint-alone figure (each document extracted once, then
//! linted alone as `ibid scan` does, with the findings' count and digest); `--lint-only`
//! skips its extract+parse rounds (to profile lint alone).
//!
//! With `IBID_BENCH_WRITE=DIR` the first document of each layout is also written to
//! `DIR/layout-N.txt` (to compare `ibid extract` output before and after a change).

#[path = "support/corpus.rs"]
mod generated;

use ibid::extract::extract;
use ibid::lint::{lint, LintContext, LintOptions};
use ibid::outlets::Registry;
use ibid::read::document_from_bytes;
use std::time::Instant;

/// The allocator the `ibid` binary uses (src/main.rs), so that this measures extraction as
/// `ibid` runs it. (With the system allocator, malloc and free were about a seventh of the
/// instructions measured here and throughput ~10% lower.)
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A deterministic document in one of the layouts ibid reads: 0 = flattened Bluebook notes
/// in prose, 1 = pdftotext-style page-bottom blocks, 2 = an endnote section.
fn corpus(layout: u64, target_bytes: usize) -> String {
    const OUTLETS: [&str; 6] = [
        "N.Y. Times",
        "Wash. Post",
        "Wall St. J.",
        "Reuters",
        "CNN",
        "Al Jazeera",
    ];
    const MONTHS: [&str; 6] = ["Jan.", "Feb.", "Apr.", "May", "Sept.", "Dec."];
    let mut out = String::with_capacity(target_bytes + 4096);
    let mut n = 1u32;
    let mut seed = 0x2545F4914F6CDD1Du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    while out.len() < target_bytes {
        let r = next();
        let outlet = OUTLETS[(r % 6) as usize];
        let month = MONTHS[((r >> 8) % 6) as usize];
        let day = 1 + (r >> 16) % 28;
        let year = 2000 + (r >> 24) % 25;
        match layout {
            0 => out.push_str(&format!(
                "The parties met on {day} {} and agreed to 5,000 terms within 135 days. {n} Ann Lee & Bo Chan, Talks resume after {day} months, in Qatar, {outlet} ({month} {day}, {year}), https://example.org/{n}.html; See Cy Dee, Another view, {outlet} ({month} {year}), at Prose resumes here with more words about the agreement.\n\n",
                ["March", "June"][(r % 2) as usize]
            )),
            1 => out.push_str(&format!(
                "Body text that ends with a callout.{n}\n\n{n} Ann Lee, “A quoted title, with a comma,” {outlet}, {month} {day}, {year}, https://example.org/a/{n}.\n\n"
            )),
            _ => {
                if n == 1 {
                    out.push_str("Body text.\n\nNotes\n");
                }
                out.push_str(&format!(
                    "{n}. Ann Lee, Title number {n}, {outlet} ({month} {day}, {year}).\n{}. Id. at {day}.\n",
                    n + 1
                ))
            }
        }
        n += if layout == 1 { 1 } else { 2 };
    }
    out
}

/// CPU seconds (user + system) this process has used, from `/proc/self/stat` (clock
/// ticks of 1/100 s): on a busy machine a better "per core" figure than wall time.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn main() {
    let mb: usize = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .find_map(|a| a.parse().ok())
        .unwrap_or(20);
    // a corpus of 200 kB documents, each in one layout (as real documents are)
    let per_doc = 200_000;
    let docs: Vec<String> = (0..(mb * 1_000_000 / per_doc).max(3))
        .map(|i| corpus(i as u64 % 3, per_doc))
        .collect();
    if let Some(dir) = std::env::var_os("IBID_BENCH_WRITE") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("IBID_BENCH_WRITE is a writable folder");
        for (i, text) in docs.iter().take(3).enumerate() {
            std::fs::write(dir.join(format!("layout-{i}.txt")), text)
                .expect("IBID_BENCH_WRITE is a writable folder");
        }
    }
    let registry = Registry::builtin();
    // warm-up (compiles regexes, loads the registry)
    let _ = extract(
        document_from_bytes(
            "warm.txt",
            &docs[0].as_bytes()[..100_000.min(docs[0].len())],
            None,
        )
        .expect("valid"),
        registry,
    );
    let mut best = f64::MAX;
    let mut citations = 0;
    // `--generated` measures the generated corpus alone (for profiling it)
    let generated_only = std::env::args().any(|a| a == "--generated");
    let dense_rounds = if generated_only { 0 } else { 3 };
    let cpu_start = cpu_seconds();
    for _ in 0..dense_rounds {
        let start = Instant::now();
        citations = 0;
        for text in &docs {
            let doc = document_from_bytes("bench.txt", text.as_bytes(), None).expect("valid");
            citations += extract(doc, registry).citation_count();
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let cpu = cpu_start
        .zip(cpu_seconds())
        .map(|(a, b)| (b - a) / dense_rounds.max(1) as f64);
    // extract+parse+lint, one document at a time as a scan does
    let options = LintOptions::default();
    let document_date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("valid date");
    let mut best_lint = f64::MAX;
    let mut findings = 0;
    // `-- SIZE_MB --no-lint` leaves the lint figure out (for profiling extraction alone)
    let lint_rounds = if generated_only || std::env::args().any(|a| a == "--no-lint") {
        0
    } else {
        3
    };
    for _ in 0..lint_rounds {
        let start = Instant::now();
        findings = 0;
        for text in &docs {
            let doc = document_from_bytes("bench.txt", text.as_bytes(), None).expect("valid");
            let extractions = [extract(doc, registry)];
            let ctx = LintContext {
                extractions: &extractions,
                registry,
                ledger: None,
                document_date,
            };
            findings += lint(&ctx, &options).len();
        }
        best_lint = best_lint.min(start.elapsed().as_secs_f64());
    }
    // The issue-8 corpus (benches/support/corpus.rs, what `ibid scan` is measured on):
    // 20 kB documents in four layouts, ~300 bytes of prose and notes per citation.
    let generated_docs: Vec<(String, String)> = (0..(mb * 50).max(4))
        .map(|i| {
            let (ext, text) = generated::document(7, i, 20_000);
            (format!("doc.{ext}"), text)
        })
        .collect();
    let generated_mb = generated_docs.iter().map(|(_, t)| t.len()).sum::<usize>() as f64 / 1e6;
    let mut generated_best = f64::MAX;
    let mut generated_citations = 0;
    let generated_cpu_start = cpu_seconds();
    let generated_rounds = if std::env::args().any(|a| a == "--lint-only") {
        0
    } else {
        3
    };
    for _ in 0..generated_rounds {
        let start = Instant::now();
        generated_citations = 0;
        for (name, text) in &generated_docs {
            let doc = document_from_bytes(name, text.as_bytes(), None).expect("valid");
            generated_citations += extract(doc, registry).citation_count();
        }
        generated_best = generated_best.min(start.elapsed().as_secs_f64());
    }
    let generated_cpu = generated_cpu_start
        .zip(cpu_seconds())
        .map(|(a, b)| (b - a) / generated_rounds.max(1) as f64);
    // --- lint alone on the generated corpus (issue 8: what `ibid scan` spends per document
    // after extraction). Each document is extracted once, untimed; then `lint` runs on it
    // alone with an empty ledger, as a scan into a fresh database does. `--no-lint` leaves
    // it out; `--lint-only` skips the extract+parse rounds (for profiling lint alone).
    let generated_lint = if std::env::args().any(|a| a == "--no-lint") {
        None
    } else {
        let extracted: Vec<ibid::model::Extraction> = generated_docs
            .iter()
            .map(|(name, text)| {
                extract(
                    document_from_bytes(name, text.as_bytes(), None).expect("valid"),
                    registry,
                )
            })
            .collect();
        let citations: usize = extracted.iter().map(|e| e.citation_count()).sum();
        let ledger = ibid::ledger::Ledger::default();
        let lint_one = |ex: &ibid::model::Extraction| {
            lint(
                &LintContext {
                    extractions: std::slice::from_ref(ex),
                    registry,
                    ledger: Some(&ledger),
                    document_date,
                },
                &options,
            )
        };
        let mut best = f64::MAX;
        let mut count = 0;
        let cpu_start = cpu_seconds();
        for _ in 0..3 {
            let start = Instant::now();
            count = 0;
            for ex in &extracted {
                count += lint_one(ex).len();
            }
            best = best.min(start.elapsed().as_secs_f64());
        }
        let cpu = cpu_start.zip(cpu_seconds()).map(|(a, b)| (b - a) / 3.0);
        // A digest of every finding (code, place, severity, message, help) in order, so
        // that "same findings" is checked by more than their number.
        let mut digest = std::collections::hash_map::DefaultHasher::new();
        for ex in &extracted {
            for f in lint_one(ex) {
                std::hash::Hash::hash(&format!("{f:?}"), &mut digest);
            }
        }
        Some((
            best,
            cpu,
            citations,
            count,
            std::hash::Hasher::finish(&digest),
        ))
    };
    // --- end of the lint-alone block
    for (i, text) in docs.iter().take(3).enumerate() {
        let start = Instant::now();
        let doc = document_from_bytes("bench.txt", text.as_bytes(), None).expect("valid");
        let ex = extract(doc, registry);
        println!(
            "  layout {i}: {:.1} MB, {} notes, {} citations, {:.2} s",
            text.len() as f64 / 1e6,
            ex.footnotes.len(),
            ex.citation_count(),
            start.elapsed().as_secs_f64()
        );
    }
    let size_mb = docs.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    // `--generated` skips the dense passes: nothing to report for them
    if dense_rounds > 0 {
        println!("dense corpus: {size_mb:.1} MB, {citations} citations");
        println!(
            "extract+parse: {:.2} s best of 3 = {:.1} MB/s, {:.0} citations/s",
            best,
            size_mb / best,
            citations as f64 / best
        );
    }
    if let Some(cpu) = cpu.filter(|c| *c > 0.0 && dense_rounds > 0) {
        println!(
            "extract+parse per CPU-second: {:.2} CPU s per pass = {:.1} MB/s",
            cpu,
            size_mb / cpu
        );
    }
    println!(
        "generated corpus (benches/support/corpus.rs): {generated_mb:.1} MB, {} documents, {generated_citations} citations",
        generated_docs.len()
    );
    if generated_rounds > 0 {
        println!(
            "  extract+parse: {:.2} s best of 3 = {:.1} MB/s, {:.0} citations/s",
            generated_best,
            generated_mb / generated_best,
            generated_citations as f64 / generated_best
        );
    }
    if let Some(cpu) = generated_cpu.filter(|c| *c > 0.0 && generated_rounds > 0) {
        println!(
            "  extract+parse per CPU-second: {:.2} CPU s per pass = {:.1} MB/s",
            cpu,
            generated_mb / cpu
        );
    }
    if let Some((best, cpu, citations, count, digest)) = generated_lint {
        println!(
            "  lint alone (one document at a time, as scan): {best:.2} s best of 3 = {:.1} MB/s, {:.0} citations/s, {count} findings (digest {digest:016x})",
            generated_mb / best,
            citations as f64 / best
        );
        if let Some(cpu) = cpu.filter(|c| *c > 0.0) {
            println!(
                "  lint alone per CPU-second: {cpu:.2} CPU s per pass = {:.1} MB/s",
                generated_mb / cpu
            );
        }
    }
    if lint_rounds > 0 {
        println!(
        "dense corpus extract+parse+lint: {:.2} s best of 3 = {:.1} MB/s, {:.0} citations/s, {findings} findings (lint alone ≈ {:.2} s)",
        best_lint,
        size_mb / best_lint,
        citations as f64 / best_lint,
        (best_lint - best).max(0.0)
    );
    }
    if let Some(kib) = peak_rss_kib() {
        println!("peak RSS: {:.0} MiB", kib as f64 / 1024.0);
    }
}
