//! `ibid check`: extract, lint, report; the exit code says pass or fail.

use super::{input_errors, walk_filter, CommandError, Exit, Output};
use crate::cli::{CheckArgs, CheckFormat, ColorChoice, FailOn};
use crate::lint::settings::{resolve_selectors, Layer};
use crate::lint::{lint, ChunkedLint, LintContext, RunSummaryBuilder, Severity};
use crate::model::Extraction;
use crate::report::lazy::{Reread, RereadDocument};
use crate::report::{
    self, render_checked_with, render_reread_with, statistics, Checked, ReportOptions,
};
use crate::store::{cache, BatchDocument, Store};
use std::io::IsTerminal;

pub fn run(args: CheckArgs) -> Result<Output, CommandError> {
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
    let batch = batch_size();
    // First pass: sum the run up for the parts that look across documents, keeping the
    // documents only while they are few.
    let mut summary = RunSummaryBuilder::new(&config.registry);
    let mut read: Vec<Read> = Vec::with_capacity(files.len());
    let mut kept: Option<Vec<Extraction>> = Some(Vec::new());
    let mut kept_bytes = 0usize;
    let mut stdin: Option<Extraction> = None;
    let mut notes = Vec::new();
    for paths in files.chunks(batch) {
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
                footnotes: ex.footnotes.len(),
                citations: ex.citation_count(),
            });
            kept_bytes += ex.document.text.len();
        }
        if kept_bytes > keep_bytes() {
            kept = None;
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
    // Read after the cache step, which may have created or updated the database.
    let ledger = match &args.db {
        Some(db) => super::ledger_of(db)?,
        None => None,
    };
    // Second pass: lint a batch at a time against the summary.
    let mut linted = ChunkedLint::new(&config.lint);
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
        Some(mut kept) => {
            while !kept.is_empty() {
                let rest = kept.split_off(batch.min(kept.len()));
                lint_batch(kept);
                kept = rest;
            }
        }
        None => {
            for docs in read.chunks(batch) {
                lint_batch(source.reload(docs, &mut stdin)?);
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
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
    let exit = if !errors.is_empty() {
        Exit::Failure
    } else if findings.iter().any(|f| f.severity >= fail_on) {
        Exit::Findings
    } else {
        Exit::Clean
    };
    let mut stderr = input_errors(&errors);
    stderr.extend(notes);
    stderr.extend(db_notes);
    let options = ReportOptions { color, skipped };
    let statistics = args
        .statistics
        .then_some(format == report::CheckFormat::Json);
    let report = if keep_documents {
        match statistics {
            Some(json) => statistics_report(&documents, &findings, json, skipped),
            None => render_checked_with(&documents, &findings, format, options),
        }
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
        let source = Reread::new(read.len(), batch, Box::new(load));
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
        if statistics.is_none() && format == report::CheckFormat::Json {
            // The largest report is written as it is serialized, never held whole.
            let written = stream(args.output.as_deref(), &mut stderr, |w| {
                report::json::write_check_json(w, &documents, &findings)
            });
            if let Some(e) = source.take_error() {
                return Err(e);
            }
            let mut out = Output::new(String::new(), exit);
            if !written? {
                // standard output closed (`ibid check … | head`): not a failure
                out.exit = Exit::Clean;
            }
            out.stderr = stderr;
            return Ok(out);
        }
        let report = match statistics {
            Some(json) => statistics_report(&documents, &findings, json, skipped),
            None => render_reread_with(&documents, &findings, format, options),
        };
        if let Some(e) = source.take_error() {
            return Err(e);
        }
        report
    };
    let stdout = match &args.output {
        Some(path) => {
            std::fs::write(path, report).map_err(|source| CommandError::Write {
                path: path.display().to_string(),
                source,
            })?;
            String::new()
        }
        None => report,
    };
    let mut out = Output::new(stdout, exit);
    out.stderr = stderr;
    Ok(out)
}

/// Write a report straight to `output` (`--output`) or to standard output, as `main`
/// writes a report it is handed: standard error's lines first (they are printed here,
/// and `stderr` is left empty), a closed standard output no failure (`Ok(false)`).
fn stream(
    output: Option<&std::path::Path>,
    stderr: &mut Vec<String>,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<bool, CommandError> {
    use std::io::Write;
    match output {
        Some(path) => {
            let fail = |source| CommandError::Write {
                path: path.display().to_string(),
                source,
            };
            let mut w = std::io::BufWriter::new(std::fs::File::create(path).map_err(fail)?);
            write(&mut w).and_then(|()| w.flush()).map_err(fail)?;
            Ok(true)
        }
        None => {
            for line in stderr.drain(..) {
                eprintln!("{line}");
            }
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            match write(&mut w).and_then(|()| w.flush()) {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
                Err(e) => Err(CommandError::Output(e)),
            }
        }
    }
}

/// The `--statistics` report, as JSON or text.
fn statistics_report<D: report::CheckedDocument>(
    documents: &[D],
    findings: &[crate::lint::Finding],
    json: bool,
    skipped: usize,
) -> String {
    if json {
        statistics::statistics_json(documents, findings)
    } else {
        statistics::statistics_text(documents, findings, skipped)
    }
}

/// Documents per batch: how many documents are extracted (in parallel) and linted at a
/// time. `IBID_CHECK_BATCH` sets it (tests cross batch boundaries with small runs).
fn batch_size() -> usize {
    std::env::var("IBID_CHECK_BATCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(128)
}

/// How much document text a run may hold in memory between its two passes: a run with
/// more is read twice (re-extracted, or decoded again from the database's cache) rather
/// than held. 16 MB of text (about 800 generated documents) is about 115 MB of
/// extractions; a larger run peaks at about 210 MB for 10,000 documents, most of it
/// their findings. With `IBID_CHECK_BATCH`
/// set, nothing is held, so that tests read every document twice.
fn keep_bytes() -> usize {
    if std::env::var_os("IBID_CHECK_BATCH").is_some() {
        0
    } else {
        16 << 20
    }
}

/// A document of the run as the first pass read it.
struct Read {
    path: String,
    content_hash: String,
    format: crate::model::Format,
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

    /// The documents the first pass read, again (decoded from the cache, or extracted
    /// afresh; nothing is stored): an error if one is not the same any more. Standard
    /// input is `stdin`, kept from the first pass.
    fn reload(
        &self,
        docs: &[Read],
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
            .map(|(d, kept)| {
                if let Some(ex) = kept.take() {
                    return Ok(ex);
                }
                let doc = crate::read::read_path(&d.path, self.forced).map_err(|_| changed(d))?;
                if doc.content_hash != d.content_hash {
                    return Err(changed(d));
                }
                Ok(self.extract(doc).0)
            })
            .collect()
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
