//! `ibid scan`: store every document of a corpus, incrementally and in parallel.
//!
//! Three stages, memory bounded by a few batches of documents, not by the corpus:
//! 1. expand the paths and load the stored `path → content hash` map once;
//! 2. on a rayon pool, read and hash each file; an unchanged hash is skipped without
//!    extracting; a new or changed document is extracted, parsed, linted (on its own) and
//!    its extraction encoded for the cache. The workers run a bounded number of files
//!    ahead and their results are put back in path order ([`in_order`]), so documents
//!    reach the database in a deterministic order;
//! 3. ONE writer thread receives the documents over a bounded channel and writes them in
//!    batched IMMEDIATE transactions ([`Store::ingest_batch`]; a document that fails to
//!    write is rolled back alone). Between batches it leaves the lock free for a moment,
//!    so a second scan of the same database takes turns instead of timing out. The
//!    writer is the slowest stage of a fresh scan: the workers run at a lower priority,
//!    and a checkpoint thread copies the write-ahead log into the database file beside
//!    it ([`crate::store::Checkpointer`]).

use super::{CommandError, Exit, Output};
use crate::cli::ScanArgs;
use crate::lint::{lint, Finding, LintContext};
use crate::model::{Extraction, Format};
use crate::report::summary::plural;
use crate::store::{cache, BatchDocument, IngestOutcome, Store, StoredDocument};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Most documents in one transaction.
const BATCH_DOCUMENTS: usize = 256;
/// Most citations in one transaction (keeps each transaction, and the lock, short).
const BATCH_CITATIONS: usize = 50_000;
/// Most document text (bytes) held by one batch.
const BATCH_BYTES: usize = 64 << 20;
/// Longest time a batch waits to fill before it is written.
const BATCH_WINDOW: Duration = Duration::from_secs(1);
/// Pause after each commit, so another process's writer (polling every few ms) can take
/// the lock.
const YIELD_AFTER_COMMIT: Duration = Duration::from_millis(5);
/// Documents waiting in the channel for the writer: a whole batch, so the workers prepare
/// the next batch while the writer writes this one (with a smaller channel the workers
/// stopped as soon as it was full, and the writer then waited for most of its next batch:
/// the two stages took turns instead of overlapping).
const CHANNEL: usize = BATCH_DOCUMENTS;
/// Most files the workers prepare ahead of the next one handed to the writer's channel
/// (the workers' results wait in order for it; see [`in_order`]).
const LOOK_AHEAD: usize = 64;

/// A new or changed document, ready to store.
struct Prepared {
    ex: Extraction,
    findings: Vec<Finding>,
    cache: Vec<u8>,
}

/// What stage 2 made of one file.
enum Item<'s> {
    Unchanged(&'s StoredDocument),
    Ready(Box<Prepared>),
    Failed(String),
}

/// What the writer did.
#[derive(Default)]
struct Tally {
    new: usize,
    changed: usize,
    unchanged: usize,
    failed: usize,
    footnotes: u64,
    citations: u64,
    findings: u64,
    errors: Vec<String>,
}

pub fn run(args: ScanArgs) -> Result<Output, CommandError> {
    let started = Instant::now();
    let config = crate::config::load(args.input.config.as_deref())?;
    let forced: Option<Format> = args.input.input_format.map(Into::into);
    let filter = super::walk_filter(&args.input, &config)?;
    let document_date = config
        .document_date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.map_or(0, usize::from))
        .start_handler(|_| yield_to_the_writer())
        .build()
        .map_err(|e| CommandError::Usage(format!("--jobs: {e}")))?;

    let (files, input_errors, _skipped) =
        crate::pipeline::expand_filtered(&args.input.paths, &filter);
    let (mut store, stored, ledger) = open_for_scan(&args.db)?;
    store.set_cache_key(super::cache_key(&config, forced));
    let ledger = Some(ledger);

    let progress = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(
            Some(files.len() as u64),
            ProgressDrawTarget::stderr_with_hz(4),
        );
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:30} {pos}/{len} files  {per_sec}  ETA {eta}  {wide_msg}",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };

    let scanned_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (sender, receiver) = sync_channel::<Box<Prepared>>(CHANNEL);
    let db_name = args.db.display().to_string();
    // Checkpoints run beside the writer: it nudges the checkpointer after each commit
    // (a nudge already pending is enough) and stops it by hanging up.
    let checkpointer = store.checkpointer()?;
    let (nudge, nudged) = sync_channel::<()>(1);
    let checkpoints = std::thread::Builder::new()
        .name("ibid-checkpoint".into())
        .spawn(move || {
            while nudged.recv().is_ok() {
                // A failed checkpoint leaves the pages in the log for the next one (or
                // for the writer's own backstop); nothing is lost, so nothing to report.
                let _ = checkpointer.checkpoint();
            }
        })
        .map_err(|e| CommandError::Usage(format!("cannot start the checkpoint thread: {e}")))?;
    // Written batches are freed beside the writer too: dropping a batch's extractions
    // (a few hundred thousand strings and vectors) took a fifteenth of the writer
    // thread's time (perf samples, 10,000-document scan).
    let (discard, discarded) = std::sync::mpsc::channel::<Box<Prepared>>();
    let dropper = std::thread::Builder::new()
        .name("ibid-drop".into())
        .spawn(move || while discarded.recv().is_ok() {})
        .map_err(|e| CommandError::Usage(format!("cannot start a scan thread: {e}")))?;
    let writer = std::thread::Builder::new()
        .name("ibid-writer".into())
        .spawn(move || {
            let tally = write_all(&mut store, receiver, &scanned_at, &nudge, &discard);
            (store, tally)
        })
        .map_err(|e| CommandError::Usage(format!("cannot start the writer thread: {e}")))?;

    let mut stderr: Vec<String> = input_errors.iter().map(|e| format!("error: {e}")).collect();
    let mut failed = input_errors.len();
    let (mut unchanged, mut footnotes, mut citations, mut findings) = (0usize, 0u64, 0u64, 0u64);
    let prepare_one = |f: &String| {
        let item = prepare(f, forced, &stored, &config, ledger.as_ref(), document_date);
        progress.inc(1);
        item
    };
    in_order(&pool, &files, prepare_one, |item| {
        match item {
            Item::Unchanged(s) => {
                unchanged += 1;
                footnotes += s.footnote_count;
                citations += s.citation_count;
                findings += s.finding_count;
            }
            Item::Failed(e) => {
                failed += 1;
                stderr.push(e);
            }
            Item::Ready(p) => {
                if let Some(note) = super::utf8_note(&p.ex) {
                    stderr.push(note);
                }
                if sender.send(p).is_err() {
                    // The writer is gone (it panicked); its join below reports it.
                    return false;
                }
            }
        }
        true
    });
    drop(sender);
    let (mut store, tally) = writer.join().map_err(|_| {
        CommandError::Usage(format!(
            "{db_name}: the writer thread failed; re-run the scan"
        ))
    })?;
    // The writer hung up; the checkpointer finishes its last checkpoint and stops (a
    // panic there lost nothing: the log is copied when the database is closed).
    let _ = checkpoints.join();
    let _ = dropper.join();
    progress.finish_and_clear();
    stderr.extend(tally.errors.iter().cloned());

    let pruned = if args.prune {
        let gone = gone_under_roots(&args.input.paths, stored.keys());
        store.delete_documents(&gone)?
    } else {
        0
    };

    let failed = failed + tally.failed;
    let (new, changed) = (tally.new, tally.changed);
    let unchanged = unchanged + tally.unchanged;
    let total = new + changed + unchanged + failed;
    let stdout = format!(
        "{}: {} ({new} new, {changed} changed, {unchanged} unchanged, {failed} failed, {pruned} pruned); {}, {}, {}; {:.1}s\n",
        args.db.display(),
        plural(total, "document", "documents"),
        plural(footnotes + tally.footnotes, "footnote", "footnotes"),
        plural(citations + tally.citations, "citation", "citations"),
        plural(findings + tally.findings, "finding", "findings"),
        started.elapsed().as_secs_f64(),
    );
    let exit = if failed > 0 {
        Exit::Failure
    } else {
        Exit::Clean
    };
    Ok(Output {
        stdout,
        stderr,
        exit,
    })
}

/// Run `prepare` over `files` on `pool` and hand each result to `take` in the files' order
/// (which keeps the order of rows in the database deterministic), until `take` answers
/// `false`. The workers run ahead of `take` by at most [`LOOK_AHEAD`] files; the results
/// that come back early wait in a reorder buffer. Unlike chunks joined one after the other,
/// no worker waits for the slowest file of its chunk, nor idles while `take` blocks on the
/// writer's full channel: memory stays bounded by the look-ahead, not by the corpus.
fn in_order<'f, T: Send>(
    pool: &rayon::ThreadPool,
    files: &'f [String],
    prepare: impl Fn(&'f String) -> T + Sync,
    mut take: impl FnMut(T) -> bool,
) {
    // `taken`: how many results `take` has had; `stop`: it wants no more.
    let window = Mutex::new((0usize, false));
    let moved = Condvar::new();
    let claimed = AtomicUsize::new(0);
    let (done, results) = std::sync::mpsc::channel::<(usize, T)>();
    let lock = || window.lock().unwrap_or_else(PoisonError::into_inner);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            pool.scope(|s| {
                for _ in 0..pool.current_num_threads() {
                    let done = done.clone();
                    let (prepare, lock, moved, claimed) = (&prepare, &lock, &moved, &claimed);
                    s.spawn(move |_| loop {
                        let i = claimed.fetch_add(1, Ordering::Relaxed);
                        let Some(file) = files.get(i) else { break };
                        {
                            let mut w = lock();
                            while i >= w.0 + LOOK_AHEAD && !w.1 {
                                w = moved.wait(w).unwrap_or_else(PoisonError::into_inner);
                            }
                            if w.1 {
                                break;
                            }
                        }
                        // a panic in one file stops the others (they would wait for its
                        // result forever) before it goes on up, as it did from `par_iter`
                        let prepared =
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                prepare(file)
                            }));
                        let prepared = match prepared {
                            Ok(p) => p,
                            Err(panic) => {
                                lock().1 = true;
                                moved.notify_all();
                                std::panic::resume_unwind(panic);
                            }
                        };
                        if done.send((i, prepared)).is_err() {
                            break;
                        }
                    });
                }
            });
            drop(done);
        });
        // Results by index, from the next one `take` is due.
        let mut early: std::collections::BTreeMap<usize, T> = Default::default();
        let mut next = 0;
        let mut open = true;
        for (i, result) in results.iter() {
            if !open {
                continue;
            }
            early.insert(i, result);
            while let Some(result) = early.remove(&next) {
                next += 1;
                open = take(result);
                let mut w = lock();
                *w = (next, !open);
                moved.notify_all();
                if !open {
                    early.clear();
                    break;
                }
            }
        }
    });
}

/// Open (creating or upgrading) the database and read what the scan starts from: the
/// stored documents, and the fact-checking ledger as it was before this scan (unchanged
/// citations keep their statuses for IB502; new and changed ones have none for IB501).
///
/// When another ibid is creating or upgrading the same database at this moment, SQLite
/// can answer "busy" on paths its busy handler does not cover (a read racing the other
/// connection's schema change): those attempts are retried until [`BUSY_TIMEOUT`].
fn open_for_scan(
    db: &std::path::Path,
) -> Result<
    (
        Store,
        HashMap<String, StoredDocument>,
        crate::ledger::Ledger,
    ),
    CommandError,
> {
    let deadline = Instant::now() + crate::store::BUSY_TIMEOUT;
    loop {
        let attempt = Store::open(db).and_then(|store| {
            let stored = store.stored_documents()?;
            let ledger = store.load_ledger()?;
            Ok((store, stored, ledger))
        });
        match attempt {
            Err(crate::store::StoreError::Locked { .. }) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return Ok(other?),
        }
    }
}

/// Lower the calling worker thread's scheduling priority (nice 10), so that the one
/// writer thread wins the CPU whenever it can run. On a fresh scan the writer is the
/// slowest stage, and with as many workers as cores the three threads shared two cores
/// evenly: the writer ran a third of the time it could, and the whole scan waited for it
/// (10,000 documents: 37 s; with workers that yield, or with `--jobs 1`, about 33 s).
/// Workers still use every core the writer leaves idle (hashing an unchanged corpus,
/// extracting while the writer waits for a batch). Elsewhere than Linux, nothing changes.
fn yield_to_the_writer() {
    #[cfg(target_os = "linux")]
    // SAFETY: `gettid` and `setpriority` take no pointers; on Linux a thread id names one
    // thread for PRIO_PROCESS. A failure (not allowed, no such id) only leaves the
    // priority as it was, so the result is not checked.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid);
        if let Ok(tid) = libc::id_t::try_from(tid) {
            libc::setpriority(libc::PRIO_PROCESS, tid, 10);
        }
    }
}

/// Stage 2 for one file.
fn prepare<'s>(
    path: &str,
    forced: Option<Format>,
    stored: &'s HashMap<String, StoredDocument>,
    config: &crate::config::Config,
    ledger: Option<&crate::ledger::Ledger>,
    document_date: chrono::NaiveDate,
) -> Item<'s> {
    let bytes = match crate::read::read_bytes(path) {
        Ok(b) => b,
        Err(e) => return Item::Failed(format!("error: {e}")),
    };
    if let Some(s) = stored.get(path) {
        if s.content_hash == crate::read::content_hash(&bytes) {
            return Item::Unchanged(s);
        }
    }
    let doc = match crate::read::document_from_bytes(path, &bytes, forced) {
        Ok(d) => d,
        Err(e) => return Item::Failed(format!("error: {e}")),
    };
    let ex = crate::extract::extract(doc, &config.registry);
    let findings = lint(
        &LintContext {
            extractions: std::slice::from_ref(&ex),
            registry: &config.registry,
            ledger,
            document_date,
        },
        &config.lint,
    );
    let cache = cache::encode(&ex);
    Item::Ready(Box::new(Prepared {
        ex,
        findings,
        cache,
    }))
}

/// Stage 3: write what arrives in batches until the channel closes.
fn write_all(
    store: &mut Store,
    receiver: Receiver<Box<Prepared>>,
    scanned_at: &str,
    checkpoint: &SyncSender<()>,
    discard: &std::sync::mpsc::Sender<Box<Prepared>>,
) -> Tally {
    let mut tally = Tally::default();
    while let Ok(first) = receiver.recv() {
        let window = Instant::now() + BATCH_WINDOW;
        let mut citations = first.ex.citation_count();
        let mut bytes = first.ex.document.text.len();
        let mut batch = vec![first];
        let mut open = true;
        while batch.len() < BATCH_DOCUMENTS && citations < BATCH_CITATIONS && bytes < BATCH_BYTES {
            match receiver.recv_timeout(window.saturating_duration_since(Instant::now())) {
                Ok(p) => {
                    citations += p.ex.citation_count();
                    bytes += p.ex.document.text.len();
                    batch.push(p);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    open = false;
                    break;
                }
            }
        }
        write_batch(store, &batch, scanned_at, &mut tally);
        let _ = checkpoint.try_send(());
        // A document the drop thread cannot take (it is gone) is freed here.
        for p in batch {
            let _ = discard.send(p);
        }
        if open {
            std::thread::sleep(YIELD_AFTER_COMMIT);
        }
    }
    tally
}

fn write_batch(store: &mut Store, batch: &[Box<Prepared>], scanned_at: &str, tally: &mut Tally) {
    let docs: Vec<BatchDocument> = batch
        .iter()
        .map(|p| BatchDocument {
            extraction: &p.ex,
            findings: &p.findings,
            cache: Some(&p.cache),
        })
        .collect();
    match store.ingest_batch(&docs, scanned_at) {
        Ok(outcomes) => {
            for (p, outcome) in batch.iter().zip(outcomes) {
                match outcome {
                    Ok(o) => {
                        match o {
                            IngestOutcome::New => tally.new += 1,
                            IngestOutcome::Replaced => tally.changed += 1,
                            IngestOutcome::Unchanged => tally.unchanged += 1,
                        }
                        tally.footnotes += p.ex.footnotes.len() as u64;
                        tally.citations += p.ex.citation_count() as u64;
                        tally.findings += p.findings.len() as u64;
                    }
                    Err(e) => {
                        tally.failed += 1;
                        tally
                            .errors
                            .push(format!("error: {}: {e}", p.ex.document.path));
                    }
                }
            }
        }
        Err(e) => {
            tally.failed += batch.len();
            tally.errors.push(format!(
                "error: {e} ({} documents not stored, from {} to {})",
                batch.len(),
                batch.first().map_or("", |p| p.ex.document.path.as_str()),
                batch.last().map_or("", |p| p.ex.document.path.as_str()),
            ));
        }
    }
}

/// Stored paths under one of the scanned `roots` (directories or files) that are no
/// longer on disk.
fn gone_under_roots<'a>(roots: &[String], stored: impl Iterator<Item = &'a String>) -> Vec<String> {
    let prefixes: Vec<(String, String)> = roots
        .iter()
        .filter(|r| r.as_str() != "-")
        .map(|r| {
            let trimmed = r.trim_end_matches(std::path::is_separator);
            let base = if trimmed.is_empty() {
                r.as_str()
            } else {
                trimmed
            };
            let dir = if base.ends_with(std::path::is_separator) {
                base.to_string()
            } else {
                format!("{base}{}", std::path::MAIN_SEPARATOR)
            };
            (base.to_string(), dir)
        })
        .collect();
    let mut gone: Vec<String> = stored
        .filter(|p| {
            prefixes
                .iter()
                .any(|(base, dir)| p.as_str() == base || p.starts_with(dir.as_str()))
        })
        .filter(|p| !std::path::Path::new(p.as_str()).exists())
        .cloned()
        .collect();
    gone.sort();
    gone
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_one_file_ends_in_order_instead_of_hanging_it() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let files: Vec<String> = (0..1000).map(|i| i.to_string()).collect();
        // Run on a thread of its own: without the stop, the other worker waits for file 3's
        // result forever and this test would hang rather than fail. (A deadlock guard with a
        // generous bound, not a measure of speed.)
        let (finished, outcome) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                in_order(
                    &pool,
                    &files,
                    |f: &String| {
                        if f == "3" {
                            panic!("a bug in one file");
                        }
                        f.len()
                    },
                    |_| true,
                )
            }));
            let _ = finished.send(run.is_err());
        });
        assert_eq!(
            outcome.recv_timeout(Duration::from_secs(120)),
            Ok(true),
            "in_order must end (with the panic), not hang"
        );
    }

    #[test]
    fn in_order_hands_results_over_in_order_a_bounded_way_ahead_and_stops_when_asked() {
        use std::sync::atomic::Ordering::SeqCst;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let files: Vec<String> = (0..2000).map(|i| i.to_string()).collect();
        // How many results `take` has had, and the furthest a worker started ahead of it.
        let taken = AtomicUsize::new(0);
        let ahead = AtomicUsize::new(0);
        let prepare = |f: &String| {
            let i: usize = f.parse().unwrap_or_default();
            ahead.fetch_max(i.saturating_sub(taken.load(SeqCst)), SeqCst);
            // Uneven work, so that results come back out of order.
            if i.is_multiple_of(7) {
                std::thread::sleep(Duration::from_micros(300));
            }
            i
        };
        let mut seen = Vec::new();
        in_order(&pool, &files, prepare, |i| {
            seen.push(i);
            taken.store(seen.len(), SeqCst);
            // A slow writer now and then: the workers would run far ahead unbounded.
            if i.is_multiple_of(100) {
                std::thread::sleep(Duration::from_millis(3));
            }
            true
        });
        assert_eq!(seen, (0..2000).collect::<Vec<_>>());
        let furthest = ahead.load(SeqCst);
        assert!(furthest < LOOK_AHEAD, "{furthest} files ahead");
        // `take` says stop: no more results, and the workers stop too (no hang).
        let mut seen = Vec::new();
        in_order(&pool, &files, prepare, |i| {
            seen.push(i);
            i < 10
        });
        assert_eq!(seen, (0..=10).collect::<Vec<_>>());
    }

    #[test]
    fn prune_candidates_are_under_a_root_and_missing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(root.join("kept.txt"), "x").unwrap();
        let r = root.to_string_lossy().into_owned();
        let stored = [
            format!("{r}/kept.txt"),
            format!("{r}/gone.txt"),
            format!("{r}/sub/gone.md"),
            format!("{r}-other/gone.txt"),
            "elsewhere/gone.txt".to_string(),
        ];
        let gone = gone_under_roots(&[format!("{r}/")], stored.iter());
        assert_eq!(gone, [format!("{r}/gone.txt"), format!("{r}/sub/gone.md")]);
        // A file root is pruned only when it is itself gone.
        let gone = gone_under_roots(&[format!("{r}/gone.txt")], stored.iter());
        assert_eq!(gone, [format!("{r}/gone.txt")]);
        assert!(gone_under_roots(&["-".to_string()], stored.iter()).is_empty());
    }
}
