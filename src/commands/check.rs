//! `ibid check`: extract, lint, report; the exit code says pass or fail.

use super::{input_errors, walk_filter, CommandError, Exit, Output};
use crate::cli::{CheckArgs, CheckFormat, ColorChoice, FailOn};
use crate::lint::settings::{resolve_selectors, Layer};
use crate::lint::{lint, ChunkedLint, LintContext, RunSummaryBuilder, Severity};
use crate::model::Extraction;
use crate::report::lazy::{Reread, RereadDocument};
use crate::report::{self, statistics, Checked, ReportOptions};
use crate::store::{cache, BatchDocument, Store};
use std::io::IsTerminal;

/// How `ibid check` cuts a run into batches, and how much of it it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// At most this many documents per batch (extracted in parallel, linted together,
    /// read again together for the report).
    pub batch: usize,
    /// A batch ends once its documents reach this many bytes (a document larger than
    /// this is a batch of its own), so that a run of large documents holds few at a time.
    pub batch_bytes: usize,
    /// How much document text a run may hold in memory between its two passes: a run
    /// with more is read twice (re-extracted, or decoded again from the database's cache)
    /// rather than held. 16 MB of text (about 800 generated documents) is about 115 MB
    /// of extractions.
    pub keep_bytes: usize,
    /// How many bytes of the run's findings (encoded compactly, about 130 bytes each) are
    /// held in memory; more go to a temporary file and are read back for the report
    /// ([`crate::lint::FindingStore`]). 4 MB is about 30,000 findings (1,000 generated
    /// documents).
    pub findings_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            batch: 128,
            batch_bytes: 8 << 20,
            keep_bytes: 16 << 20,
            findings_bytes: 4 << 20,
        }
    }
}

impl Limits {
    /// The default limits, or with `IBID_CHECK_BATCH=n` batches of `n` documents and
    /// nothing held between the passes, findings included: the binary's way for tests to
    /// cross batch boundaries, read every document twice and read the findings back from
    /// a file with small runs.
    pub fn from_env() -> Self {
        let batch = std::env::var("IBID_CHECK_BATCH")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&n| n > 0);
        match batch {
            Some(batch) => Limits {
                batch,
                keep_bytes: 0,
                findings_bytes: 0,
                ..Limits::default()
            },
            None => Limits::default(),
        }
    }

    /// Consecutive batches over documents of these sizes (in bytes), in order.
    fn cut(&self, sizes: impl IntoIterator<Item = usize>) -> Vec<std::ops::Range<usize>> {
        let mut batches = Vec::new();
        let (mut start, mut count, mut bytes) = (0, 0, 0usize);
        for (i, size) in sizes.into_iter().enumerate() {
            if count > 0
                && (count >= self.batch.max(1) || bytes.saturating_add(size) > self.batch_bytes)
            {
                batches.push(start..i);
                (start, count, bytes) = (i, 0, 0);
            }
            count += 1;
            bytes = bytes.saturating_add(size);
        }
        if count > 0 {
            batches.push(start..start + count);
        }
        batches
    }
}

/// Where `ibid check` writes its report when there is no `--output`.
pub enum Sink<'w> {
    /// Standard output, as the binary prints a command's output: standard error's lines
    /// are printed first (and not returned), a closed pipe is no failure.
    Stdout,
    /// Any writer; standard error's lines are returned in the [`Output`].
    Writer(&'w mut dyn std::io::Write),
}

/// `ibid check` with the binary's limits ([`Limits::from_env`]), writing the report to
/// standard output (or `--output`) as it is made.
pub fn run(args: CheckArgs) -> Result<Output, CommandError> {
    run_with(args, Limits::from_env(), Sink::Stdout)
}

/// `ibid check` cut into batches by `limits`, writing the report to `sink` (or to
/// `--output`) as it is made; the returned [`Output`] has no standard output of its own.
pub fn run_with(args: CheckArgs, limits: Limits, sink: Sink<'_>) -> Result<Output, CommandError> {
    let mut config = crate::config::load(args.input.config.as_deref())?;
    let document_date = match &args.document_date {
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
            CommandError::Usage(format!("--document-date {d}: expected YYYY-MM-DD"))
        })?,
        None => config
            .document_date
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    let fail_on = match args.fail_on {
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Warning) => Severity::Warning,
        Some(FailOn::Info) => Severity::Info,
        None => config.fail_on,
    };
    // Documents stored by `--db` get the findings `ibid scan` would give them: the
    // config's rules, without --select/--ignore.
    let store_lint = config.lint.clone();
    config.lint.settings.cli = cli_layer(&args)?;
    let format = match args.format {
        CheckFormat::Human => report::CheckFormat::Human,
        CheckFormat::Json => report::CheckFormat::Json,
        CheckFormat::Concise => report::CheckFormat::Concise,
        CheckFormat::Sarif => report::CheckFormat::Sarif,
        CheckFormat::Github => report::CheckFormat::Github,
        CheckFormat::Junit => report::CheckFormat::Junit,
    };
    if args.statistics
        && !matches!(
            format,
            report::CheckFormat::Human | report::CheckFormat::Concise | report::CheckFormat::Json
        )
    {
        return Err(CommandError::Usage(
            "--statistics works with --format human, concise or json".to_string(),
        ));
    }
    let filter = walk_filter(&args.input, &config)?;
    let forced = args.input.input_format.map(Into::into);
    let store_lint_of = |ex: &Extraction| {
        let ctx = LintContext {
            extractions: std::slice::from_ref(ex),
            registry: &config.registry,
            ledger: None,
            document_date,
        };
        lint(&ctx, &store_lint)
    };
    let (files, mut errors, skipped) = crate::pipeline::expand_filtered(&args.input.paths, &filter);
    let mut source = Source::open(args.db.as_deref(), forced, &config)?;
    // First pass: sum the run up for the parts that look across documents, keeping the
    // documents only while they are few.
    let mut summary = RunSummaryBuilder::new(&config.registry);
    let mut read: Vec<Read> = Vec::with_capacity(files.len());
    let mut kept: Option<Vec<Extraction>> = Some(Vec::new());
    let mut kept_bytes = 0usize;
    let mut stdin: Option<Extraction> = None;
    let mut notes = Vec::new();
    // A run too large to hold, without a database: its extractions, encoded.
    let mut spill: Option<Spill> = None;
    let spill_push = |spill: &mut Option<Spill>, extractions: &[Extraction]| {
        if spill.as_mut().is_some_and(|s| s.push(extractions).is_err()) {
            // documents are then extracted again
            *spill = None;
        }
    };
    let file_sizes = files.iter().map(|f| {
        // a guess for cutting batches; the documents are read below
        std::fs::metadata(f).map_or(0, |m| usize::try_from(m.len()).unwrap_or(usize::MAX))
    });
    for range in limits.cut(file_sizes) {
        let paths = files.get(range).unwrap_or_default();
        let mut extractions = Vec::with_capacity(paths.len());
        for r in source.load(paths, &store_lint_of) {
            match r {
                Ok(ex) => extractions.push(ex),
                Err(e) => errors.push(e.into()),
            }
        }
        summary.add(&extractions);
        for ex in &extractions {
            notes.extend(super::utf8_note(ex));
            read.push(Read {
                path: ex.document.path.clone(),
                content_hash: ex.document.content_hash.clone(),
                format: ex.document.format,
                bytes: ex.document.text.len(),
                footnotes: ex.footnotes.len(),
                citations: ex.citation_count(),
            });
            kept_bytes += ex.document.text.len();
        }
        if kept_bytes > limits.keep_bytes {
            if let Some(held) = kept.take() {
                // Too large to hold: without a database, the second pass decodes the
                // extractions kept encoded rather than extracting every document again.
                if args.db.is_none() {
                    spill = Spill::create().ok();
                    spill_push(&mut spill, &held);
                }
                drop(held);
                release_freed_memory();
            }
        }
        if kept.is_none() {
            spill_push(&mut spill, &extractions);
        }
        // standard input cannot be read again
        if let Some(ex) = extractions.iter().find(|ex| ex.document.path == "-") {
            stdin = Some(ex.clone());
        }
        if let Some(kept) = &mut kept {
            kept.extend(extractions);
        }
    }
    let summary = summary.finish();
    let mut spilled = spill
        .and_then(|s| s.finish().ok())
        .filter(|s| s.at.len() == read.len());
    // The second pass and the report read the documents in batches of what was read.
    let batches = limits.cut(read.iter().map(|d| d.bytes));
    // Read after the cache step, which may have created or updated the database.
    let ledger = match &args.db {
        Some(db) => super::ledger_of(db)?,
        None => None,
    };
    // Second pass: lint a batch at a time against the summary.
    let mut linted = ChunkedLint::with_budget(&config.lint, limits.findings_bytes);
    // A run held in memory is reported from its documents; a larger one reads them again
    // for the report, a batch at a time.
    let keep_documents = kept.is_some();
    let stdin_document = stdin.as_ref().map(|ex| ex.document.clone());
    let mut documents: Vec<Checked> = Vec::new();
    let mut lint_batch = |extractions: Vec<Extraction>| {
        let ctx = LintContext {
            extractions: &extractions,
            registry: &config.registry,
            ledger: ledger.as_ref(),
            document_date,
        };
        linted.add(&ctx, &summary);
        // The report reads the documents, not what was extracted from them: free the
        // footnotes and citations (most of a run's memory) before rendering it.
        if keep_documents {
            documents.extend(extractions.into_iter().map(Checked::from));
        }
    };
    match kept {
        Some(kept) => {
            let mut kept = kept.into_iter();
            for range in &batches {
                lint_batch(kept.by_ref().take(range.len()).collect());
            }
        }
        None => {
            for range in &batches {
                let docs = read.get(range.clone()).unwrap_or_default();
                let blobs = match &mut spilled {
                    Some(spilled) => spilled.read(range.clone()),
                    None => vec![None; docs.len()],
                };
                lint_batch(source.reload(docs, blobs, &mut stdin)?);
            }
        }
    }
    let findings = linted.finish();
    let db_notes = source.notes;
    let color = args.output.is_none()
        && match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                matches!(sink, Sink::Stdout)
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
    let exit = if !errors.is_empty() {
        Exit::Failure
    } else if findings.totals().worst().is_some_and(|s| s >= fail_on) {
        Exit::Findings
    } else {
        Exit::Clean
    };
    let mut stderr = input_errors(&errors);
    stderr.extend(notes);
    stderr.extend(db_notes);
    let report = Report {
        findings: &findings,
        format,
        statistics: args
            .statistics
            .then_some(format == report::CheckFormat::Json),
        options: ReportOptions { color, skipped },
    };
    let output = args.output.as_deref();
    // The report is written as it is made, never held whole.
    let (written, reread_error) = if keep_documents {
        let written = deliver(output, sink, &mut stderr, |w| report.write(w, &documents));
        (written, None)
    } else {
        let changed = |d: &Read| CommandError::Changed {
            path: d.path.clone(),
        };
        let load = |range: std::ops::Range<usize>| {
            use rayon::prelude::*;
            read.get(range)
                .unwrap_or_default()
                .par_iter()
                .map(|d| {
                    if d.path == "-" {
                        return stdin_document.clone().ok_or_else(|| changed(d));
                    }
                    let doc = crate::read::read_path(&d.path, forced).map_err(|_| changed(d))?;
                    if doc.content_hash != d.content_hash {
                        return Err(changed(d));
                    }
                    Ok(doc)
                })
                .collect()
        };
        let source = Reread::with_batches(batches, Box::new(load));
        let documents: Vec<RereadDocument<'_, CommandError>> = read
            .iter()
            .enumerate()
            .map(|(index, d)| RereadDocument {
                index,
                path: d.path.clone(),
                format: d.format,
                footnotes: d.footnotes,
                citations: d.citations,
                source: std::rc::Rc::clone(&source),
            })
            .collect();
        let written = deliver(output, sink, &mut stderr, |w| report.write(w, &documents));
        (written, source.take_error())
    };
    // findings that could not all be read back make no report either
    let reread_error = reread_error.or_else(|| findings.take_error().map(CommandError::from));
    if let Some(e) = reread_error {
        if let Some(path) = output {
            // a report from a run that changed under it is no report
            let _ = std::fs::remove_file(path);
        }
        return Err(e);
    }
    let mut out = Output::new(String::new(), exit);
    if !written? {
        // standard output closed (`ibid check … | head`): not a failure
        out.exit = Exit::Clean;
    }
    out.stderr = stderr;
    Ok(out)
}

/// What a run's report is made of, besides its documents.
struct Report<'a> {
    findings: &'a crate::lint::LintedRun,
    format: report::CheckFormat,
    /// `--statistics`: `Some(true)` as JSON, `Some(false)` as text.
    statistics: Option<bool>,
    options: ReportOptions,
}

impl Report<'_> {
    fn write<D: report::CheckedDocument>(
        &self,
        w: &mut dyn std::io::Write,
        documents: &[D],
    ) -> std::io::Result<()> {
        let findings = self.findings;
        match self.statistics {
            Some(true) => w.write_all(statistics::statistics_json(documents, findings).as_bytes()),
            Some(false) => w.write_all(
                statistics::statistics_text(documents, findings, self.options.skipped).as_bytes(),
            ),
            None => report::write_check(w, documents, findings, self.format, self.options),
        }
    }
}

/// Write a report to `output` (`--output`) or to `sink`. To standard output it is
/// written as `main` writes a report it is handed: standard error's lines first (they are
/// printed here, and `stderr` is left empty). A closed pipe is no failure (`Ok(false)`).
fn deliver(
    output: Option<&std::path::Path>,
    sink: Sink<'_>,
    stderr: &mut Vec<String>,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<bool, CommandError> {
    use std::io::Write;
    let piped = |r: std::io::Result<()>| match r {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(CommandError::Output(e)),
    };
    match (output, sink) {
        (Some(path), _) => {
            let fail = |source| CommandError::Write {
                path: path.display().to_string(),
                source,
            };
            let mut w = std::io::BufWriter::new(std::fs::File::create(path).map_err(fail)?);
            write(&mut w).and_then(|()| w.flush()).map_err(fail)?;
            Ok(true)
        }
        (None, Sink::Stdout) => {
            for line in stderr.drain(..) {
                eprintln!("{line}");
            }
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            piped(write(&mut w).and_then(|()| w.flush()))
        }
        (None, Sink::Writer(w)) => piped(write(w).and_then(|()| w.flush())),
    }
}

/// A document of the run as the first pass read it.
struct Read {
    path: String,
    content_hash: String,
    format: crate::model::Format,
    /// Its text's length.
    bytes: usize,
    footnotes: usize,
    citations: usize,
}

/// Where a run's documents come from: read and extracted, or, with `--db`, decoded from
/// the database's cache when their content hash and cache key match (documents
/// extracted afresh are stored, with the findings `ibid scan` would give them, so that
/// the next run finds them).
struct Source<'a> {
    forced: Option<crate::model::Format>,
    config: &'a crate::config::Config,
    db: Option<Db>,
    /// Warnings about documents that could not be stored.
    notes: Vec<String>,
}

struct Db {
    path: std::path::PathBuf,
    store: std::sync::Mutex<Store>,
    key: cache::CacheKey,
    /// When this run stores documents.
    now: String,
    /// Whether the cache key was set.
    keyed: bool,
}

impl<'a> Source<'a> {
    fn open(
        db: Option<&std::path::Path>,
        forced: Option<crate::model::Format>,
        config: &'a crate::config::Config,
    ) -> Result<Self, CommandError> {
        let db = match db {
            Some(path) => Some(Db {
                path: path.to_path_buf(),
                store: std::sync::Mutex::new(Store::open(path)?),
                key: super::cache_key(config, forced),
                now: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                keyed: false,
            }),
            None => None,
        };
        Ok(Source {
            forced,
            config,
            db,
            notes: Vec::new(),
        })
    }

    /// Read `doc`'s extraction from the cache, else extract it; `true` when extracted.
    fn extract(&self, doc: crate::model::Document) -> (Extraction, bool) {
        let blob = self.db.as_ref().and_then(|db| {
            // A failed look-up (lock, damaged row) is a cache miss, not an error.
            db.store
                .lock()
                .ok()
                .and_then(|s| {
                    s.cached_extraction(&doc.path, &doc.content_hash, &db.key)
                        .ok()
                })
                .flatten()
        });
        let doc = match blob {
            Some(blob) => match cache::decode(&blob, doc) {
                Ok(ex) => return (ex, false),
                Err(doc) => *doc,
            },
            None => doc,
        };
        (crate::extract::extract(doc, &self.config.registry), true)
    }

    /// The documents of `paths`, in order (a file that cannot be read is an error in its
    /// place); with a database, the ones extracted afresh are stored.
    fn load(
        &mut self,
        paths: &[String],
        findings_of: &(impl Fn(&Extraction) -> Vec<crate::lint::Finding> + Sync),
    ) -> Vec<Result<Extraction, crate::read::ReadError>> {
        use rayon::prelude::*;
        let results: Vec<Result<(Extraction, bool), crate::read::ReadError>> = paths
            .par_iter()
            .map(|f| Ok(self.extract(crate::read::read_path(f, self.forced)?)))
            .collect();
        let fresh: Vec<&Extraction> = results
            .iter()
            .filter_map(|r| {
                r.as_ref()
                    .ok()
                    .filter(|(_, fresh)| *fresh)
                    .map(|(ex, _)| ex)
            })
            .collect();
        if !fresh.is_empty() {
            self.store(&fresh, findings_of);
        }
        results.into_iter().map(|r| r.map(|(ex, _)| ex)).collect()
    }

    /// Store documents extracted afresh, noting those that could not be stored.
    fn store(
        &mut self,
        fresh: &[&Extraction],
        findings_of: &(impl Fn(&Extraction) -> Vec<crate::lint::Finding> + Sync),
    ) {
        use rayon::prelude::*;
        let Some(db) = &mut self.db else { return };
        let Ok(store) = db.store.get_mut() else {
            self.notes.push(format!(
                "warning: {}: cache look-up failed ({} documents not stored; the check itself is complete)",
                db.path.display(),
                fresh.len()
            ));
            return;
        };
        if !db.keyed {
            store.set_cache_key(db.key.clone());
            db.keyed = true;
        }
        let prepared: Vec<(Vec<crate::lint::Finding>, Vec<u8>)> = fresh
            .par_iter()
            .map(|ex| (findings_of(ex), cache::encode(ex)))
            .collect();
        for (exs, prep) in fresh.chunks(256).zip(prepared.chunks(256)) {
            let docs: Vec<BatchDocument> = exs
                .iter()
                .zip(prep)
                .map(|(ex, (findings, blob))| BatchDocument {
                    extraction: ex,
                    findings,
                    cache: Some(blob),
                })
                .collect();
            match store.ingest_batch(&docs, &db.now) {
                Ok(outcomes) => {
                    for (d, o) in docs.iter().zip(outcomes) {
                        if let Err(e) = o {
                            self.notes.push(format!(
                                "warning: {}: not stored in the database: {e}",
                                d.extraction.document.path
                            ));
                        }
                    }
                }
                Err(e) => self.notes.push(format!(
                    "warning: {e} ({} documents not stored; the check itself is complete)",
                    docs.len()
                )),
            }
        }
    }

    /// The documents the first pass read, again (decoded from `blobs`, each document's
    /// encoding if the first pass kept it, or from the cache, or extracted afresh; nothing
    /// is stored): an error if one is not the same any more. Standard input is `stdin`,
    /// kept from the first pass.
    fn reload(
        &self,
        docs: &[Read],
        blobs: Vec<Option<Vec<u8>>>,
        stdin: &mut Option<Extraction>,
    ) -> Result<Vec<Extraction>, CommandError> {
        use rayon::prelude::*;
        let changed = |d: &Read| CommandError::Changed {
            path: d.path.clone(),
        };
        let mut from_stdin = docs
            .iter()
            .map(|d| if d.path == "-" { stdin.take() } else { None })
            .collect::<Vec<_>>();
        docs.par_iter()
            .zip(from_stdin.par_iter_mut())
            .zip(blobs.into_par_iter())
            .map(|((d, kept), blob)| {
                if let Some(ex) = kept.take() {
                    return Ok(ex);
                }
                let doc = crate::read::read_path(&d.path, self.forced).map_err(|_| changed(d))?;
                if doc.content_hash != d.content_hash {
                    return Err(changed(d));
                }
                let doc = match blob {
                    Some(blob) => match cache::decode(&blob, doc) {
                        Ok(ex) => return Ok(ex),
                        Err(doc) => *doc,
                    },
                    None => doc,
                };
                Ok(self.extract(doc).0)
            })
            .collect()
    }
}

/// The first pass's extractions of a run too large to hold, without `--db`: encoded as
/// the database's cache encodes them (`store::cache`) into an unnamed temporary file, so
/// that the second pass decodes them instead of extracting every document again. Any
/// trouble with the file only means documents are extracted again.
struct Spill {
    file: std::io::BufWriter<std::fs::File>,
    /// Where each document's encoding is in the file, in the run's order.
    at: Vec<(u64, usize)>,
    len: u64,
    _name: Unlink,
}

/// A temporary file's name when it could not be removed while open: removed on drop.
struct Unlink(Option<std::path::PathBuf>);

impl Drop for Unlink {
    fn drop(&mut self) {
        if let Some(path) = &self.0 {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Spill {
    fn create() -> std::io::Result<Spill> {
        let dir = std::env::temp_dir();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let mut attempt = 0;
        loop {
            let path = dir.join(format!(
                "ibid-check-{}-{nanos}-{attempt}.tmp",
                std::process::id()
            ));
            match std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(file) => {
                    // Unlinked while open where the system allows it: gone however the
                    // run ends.
                    let name = Unlink(std::fs::remove_file(&path).err().map(|_| path));
                    return Ok(Spill {
                        file: std::io::BufWriter::with_capacity(1 << 20, file),
                        at: Vec::new(),
                        len: 0,
                        _name: name,
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 16 => {
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Encode the next documents of the run (in parallel) and append them.
    fn push(&mut self, extractions: &[Extraction]) -> std::io::Result<()> {
        use rayon::prelude::*;
        use std::io::Write;
        let blobs: Vec<Vec<u8>> = extractions.par_iter().map(cache::encode).collect();
        for blob in blobs {
            self.file.write_all(&blob)?;
            self.at.push((self.len, blob.len()));
            self.len += blob.len() as u64;
        }
        Ok(())
    }

    /// Done writing: the file to read the encodings back from.
    fn finish(self) -> std::io::Result<SpillReader> {
        let Spill {
            file, at, _name, ..
        } = self;
        let file = file.into_inner().map_err(|e| e.into_error())?;
        Ok(SpillReader { file, at, _name })
    }
}

/// A [`Spill`] read back, a batch of documents at a time.
struct SpillReader {
    file: std::fs::File,
    at: Vec<(u64, usize)>,
    _name: Unlink,
}

impl SpillReader {
    /// The encodings of documents `range`; `None` for each if the file cannot be read.
    fn read(&mut self, range: std::ops::Range<usize>) -> Vec<Option<Vec<u8>>> {
        use std::io::{Read, Seek, SeekFrom};
        let at = self
            .at
            .get(range.start..range.end.min(self.at.len()))
            .unwrap_or_default();
        let mut out = Vec::with_capacity(range.len());
        let Some(&(first, _)) = at.first() else {
            return vec![None; range.len()];
        };
        if self.file.seek(SeekFrom::Start(first)).is_err() {
            return vec![None; range.len()];
        }
        let mut reader = std::io::BufReader::with_capacity(1 << 20, &self.file);
        for &(_, len) in at {
            let mut blob = vec![0; len];
            // after a failed read the rest would be misread: none of them then
            if reader.read_exact(&mut blob).is_err() {
                break;
            }
            out.push(Some(blob));
        }
        out.resize(range.len(), None);
        out
    }
}

/// Give the memory the process has freed back to the system. glibc keeps what a thread
/// frees in that thread's arena: the extractions a large run held between its passes
/// (made by the worker threads) stayed resident while the rest of the run grew in the
/// main thread's arena, so that the peak grew with the corpus (c10k, json: 207 MB peak
/// RSS; 171 MB with a single arena).
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns the allocator's free pages to the system; it
    // touches no memory in use.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// `--select` / `--ignore` as the last settings layer.
fn cli_layer(args: &CheckArgs) -> Result<Layer, CommandError> {
    let usage = |flag: &str, e: crate::lint::settings::UnknownSelector| {
        CommandError::Usage(format!("{flag}: {e}"))
    };
    Ok(Layer {
        select: args
            .select
            .as_ref()
            .map(|s| resolve_selectors(s).map_err(|e| usage("--select", e)))
            .transpose()?,
        ignore: resolve_selectors(&args.ignore).map_err(|e| usage("--ignore", e))?,
        severities: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// Documents whose findings look across the run: IB305 across documents, IB301 across
    /// the run, a cut-short outlet only the run settles, a suppression, a footnote gap.
    const RUN: [(&str, &str); 4] = [
        (
            "a.md",
            "One.[^1] Two.[^2] Three.[^3]\n\n\
            [^1]: Ann Lee, “Harbour Plans Approved,” Reuters, May 2, 2020.\n\
            [^2]: Mujib Mashal, “Taliban intensify attacks,” N.Y. Times, Apr. 24, 2020.\n\
            [^3]: Anne Gearan, “Trump speaks by phone,” Wash. Post, Mar. 4, 2020.\n",
        ),
        (
            "b.md",
            "One.[^1] Two.[^2] Three.[^3]\n\n\
            [^1]: Ann Lee, “Harbour Plans Approved,” Reuters, May 3, 2020.\n\
            [^2]: Lara Jakes, “Taliban intensify attacks,” New York Times, Apr. 24, 2020.\n\
            [^3]: Anne Gearan, “Talks resume,” Wash., Mar. 5, 2020. <!-- ibid-ignore: IB203 -->\n",
        ),
        ("c.txt", "No notes here at all.\n"),
        (
            "d.md",
            "One.[^1] Four.[^4]\n\n\
            [^1]: Bob Smith, “Harbour Plans Approved,” Reuters, May 2, 2020.\n\
            [^4]: Ann Lee, “Other,” Kabul Weekly Gazette (2020); Ann Lee, “More,” Wash. (2021).\n",
        ),
    ];

    /// `ibid check ARGS… a.md b.md c.txt d.md` in `dir`, cut by `limits`: exit code,
    /// report and standard error.
    fn check(dir: &std::path::Path, args: &[&str], limits: Limits) -> (Exit, String, Vec<String>) {
        let mut argv = vec!["ibid", "check", "--document-date", "2021-01-01"];
        argv.extend_from_slice(args);
        let paths: Vec<String> = RUN
            .iter()
            .map(|(name, _)| dir.join(name).display().to_string())
            .collect();
        argv.extend(paths.iter().map(String::as_str));
        let cli = crate::cli::Cli::try_parse_from(argv).unwrap_or_else(|e| panic!("{e}"));
        let crate::cli::Command::Check(args) = cli.command else {
            panic!("not a check command")
        };
        let mut report = Vec::new();
        let out =
            run_with(args, limits, Sink::Writer(&mut report)).unwrap_or_else(|e| panic!("{e}"));
        assert!(out.stdout.is_empty(), "the report went to the sink");
        let report = String::from_utf8(report).unwrap_or_else(|e| panic!("{e}"));
        (out.exit, report, out.stderr)
    }

    #[test]
    fn a_run_read_twice_in_small_batches_reports_what_it_reports_whole() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for (name, text) in RUN {
            std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{e}"));
        }
        let small = [
            Limits {
                batch: 1,
                keep_bytes: 0,
                findings_bytes: 0,
                ..Limits::default()
            },
            Limits {
                batch: 3,
                keep_bytes: 0,
                ..Limits::default()
            },
            // cut by bytes: every document is a batch of its own
            Limits {
                batch: 128,
                batch_bytes: 1,
                keep_bytes: 0,
                findings_bytes: 0,
            },
            // kept between the passes, linted in batches of two
            Limits {
                batch: 2,
                ..Limits::default()
            },
            // findings moved to a file after each one, documents kept or read twice
            Limits {
                findings_bytes: 0,
                ..Limits::default()
            },
            Limits {
                batch: 2,
                keep_bytes: 0,
                findings_bytes: 1,
                ..Limits::default()
            },
        ];
        let db = dir.path().join("run.db").display().to_string();
        let out = dir.path().join("report.out").display().to_string();
        for format in ["human", "json", "concise", "sarif", "github", "junit"] {
            let mut variants: Vec<Vec<&str>> = vec![
                vec!["--format", format],
                vec!["--format", format, "--db", &db],
                vec!["--format", format, "--fail-on", "info"],
            ];
            if matches!(format, "human" | "json" | "concise") {
                variants.push(vec!["--format", format, "--statistics"]);
            }
            for args in variants {
                let whole = check(dir.path(), &args, Limits::default());
                let expected = if args.contains(&"info") {
                    Exit::Findings
                } else {
                    Exit::Clean
                };
                assert_eq!(whole.0, expected, "{args:?}");
                for code in ["IB301", "IB305", "IB206"] {
                    assert!(
                        whole.1.contains(code) || args.contains(&"--statistics"),
                        "{code} in {args:?}: {}",
                        whole.1
                    );
                }
                for limits in small {
                    assert_eq!(
                        check(dir.path(), &args, limits),
                        whole,
                        "{args:?}, {limits:?}"
                    );
                }
                // `--output` writes the same report to the file
                let mut to_file = args.clone();
                to_file.extend(["--output", &out]);
                let (exit, report, stderr) = check(dir.path(), &to_file, small[0]);
                assert_eq!((exit, report.as_str(), &stderr), (whole.0, "", &whole.2));
                let written = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(written, whole.1, "{to_file:?}");
            }
        }
    }

    #[test]
    fn a_spill_gives_back_each_documents_encoding_a_batch_at_a_time() {
        let registry = crate::outlets::Registry::builtin();
        let extractions: Vec<Extraction> = RUN
            .iter()
            .map(|(name, text)| {
                let doc = crate::read::document_from_bytes(name, text.as_bytes(), None)
                    .unwrap_or_else(|e| panic!("{e}"));
                crate::extract::extract(doc, registry)
            })
            .collect();
        let mut spill = Spill::create().unwrap_or_else(|e| panic!("{e}"));
        spill
            .push(&extractions[..1])
            .unwrap_or_else(|e| panic!("{e}"));
        spill
            .push(&extractions[1..])
            .unwrap_or_else(|e| panic!("{e}"));
        let mut spilled = spill.finish().unwrap_or_else(|e| panic!("{e}"));
        let encoded: Vec<Option<Vec<u8>>> = extractions
            .iter()
            .map(|ex| Some(cache::encode(ex)))
            .collect();
        assert_eq!(spilled.read(2..4), encoded[2..4]);
        assert_eq!(spilled.read(0..2), encoded[0..2]);
        assert_eq!(spilled.read(3..6), [encoded[3].clone(), None, None]);
        let decoded = spilled.read(1..2).pop().flatten().map(|blob| {
            let doc = extractions[1].document.clone();
            cache::decode(&blob, doc).map(|ex| cache::encode(&ex))
        });
        assert!(matches!(decoded, Some(Ok(ref b)) if Some(b) == encoded[1].as_ref()));
    }

    #[test]
    fn batches_are_cut_by_count_and_by_bytes() {
        let limits = Limits {
            batch: 3,
            batch_bytes: 100,
            keep_bytes: 0,
            findings_bytes: 0,
        };
        assert_eq!(
            limits.cut([10, 10, 10, 10, 90, 5, 200, 1]),
            vec![0..3, 3..5, 5..6, 6..7, 7..8]
        );
        assert!(limits.cut([]).is_empty());
        assert_eq!(limits.cut([500]), vec![0..1]);
    }
}
