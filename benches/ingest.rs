//! The database writer alone: what `ibid scan`'s writer thread costs per document.
//!
//! Run: `cargo bench --bench ingest -- [--docs N]` (default 1,000 generated documents of
//! ~20 kB, the corpus of `benches/scan.rs`). Every document is extracted, linted and
//! encoded for the cache first (not timed); then all are written into a fresh database
//! in batches of 256 documents with `Store::ingest_batch`, as the scan writer does —
//! wall time and CPU seconds of that writing alone, documents/s, citations/s, the database
//! size. A measurement, not a test: nothing here asserts a time. With
//! `IBID_BENCH_NO_CACHE=1` the extraction cache is not written (to see what it costs).
//! `IBID_BENCH_SQL="…"` runs these statements on the fresh database before the writing
//! (e.g. `DROP INDEX …`, to see what an index costs the writer without rebuilding).

#[path = "support/corpus.rs"]
mod corpus;

use ibid::extract::extract;
use ibid::lint::{lint, LintContext, LintOptions};
use ibid::outlets::Registry;
use ibid::read::document_from_bytes;
use ibid::store::{cache, BatchDocument, CacheKey, Store};
use std::time::Instant;

fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let Some(close) = stat.rfind(')') else {
        return 0.0;
    };
    let fields: Vec<&str> = stat[close + 2..].split_whitespace().collect();
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (tick(11) + tick(12)) / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let docs: usize = args
        .iter()
        .position(|a| a == "--docs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let registry = Registry::builtin();
    let options = LintOptions::default();
    let document_date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("valid date");
    let mut prepared = Vec::with_capacity(docs);
    let mut bytes = 0usize;
    for i in 0..docs {
        let (ext, text) = corpus::document(7, i, 20_000);
        bytes += text.len();
        let path = corpus::relative_path(i, ext);
        let doc = document_from_bytes(&path, text.as_bytes(), None).expect("valid");
        let extractions = [extract(doc, registry)];
        let findings = lint(
            &LintContext {
                extractions: &extractions,
                registry,
                ledger: None,
                document_date,
            },
            &options,
        );
        let [ex] = extractions;
        let blob = cache::encode(&ex);
        prepared.push((ex, findings, blob));
    }
    let citations: usize = prepared.iter().map(|(ex, _, _)| ex.citation_count()).sum();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("ingest.db");
    let mut store = Store::open(&db).expect("a fresh database opens");
    if let Ok(sql) = std::env::var("IBID_BENCH_SQL") {
        rusqlite::Connection::open(&db)
            .and_then(|c| c.execute_batch(&sql))
            .expect("IBID_BENCH_SQL runs");
    }
    store.set_cache_key(CacheKey::new(None, None));
    let started = Instant::now();
    let cpu_started = cpu_seconds();
    for batch in prepared.chunks(256) {
        let docs: Vec<BatchDocument> = batch
            .iter()
            .map(|(ex, findings, blob)| BatchDocument {
                extraction: ex,
                findings,
                cache: Some(blob.as_slice())
                    .filter(|_| std::env::var_os("IBID_BENCH_NO_CACHE").is_none()),
            })
            .collect();
        let outcomes = store
            .ingest_batch(&docs, "2025-01-01T00:00:00Z")
            .expect("the batch commits");
        assert!(
            outcomes.iter().all(Result::is_ok),
            "every document is written"
        );
    }
    drop(store);
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_started;
    let size: u64 = ["ingest.db", "ingest.db-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.path().join(f)).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "{docs} documents, {:.1} MB, {citations} citations written in {seconds:.2} s ({cpu:.2} CPU s): {:.0} docs/s, {:.0} citations/s, {:.1} MB/s; database {:.1} MB",
        bytes as f64 / 1e6,
        docs as f64 / seconds,
        citations as f64 / seconds,
        bytes as f64 / 1e6 / seconds,
        size as f64 / 1e6
    );
}
