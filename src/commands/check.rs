//! `ibid check`: extract, lint, report; the exit code says pass or fail.

use super::{input_errors, read_notes, walk_filter, CommandError, Exit, Output};
use crate::cli::{CheckArgs, CheckFormat, ColorChoice, FailOn};
use crate::lint::settings::{resolve_selectors, Layer};
use crate::lint::{lint, LintContext, Severity};
use crate::model::Extraction;
use crate::pipeline::Loaded;
use crate::report::{self, render_checked_with, statistics, Checked, ReportOptions};
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
    let mut db_notes = Vec::new();
    let loaded = match &args.db {
        Some(db) => {
            let (loaded, notes) =
                load_cached(db, &args.input.paths, forced, &config, &filter, |ex| {
                    let ctx = LintContext {
                        extractions: std::slice::from_ref(ex),
                        registry: &config.registry,
                        ledger: None,
                        document_date,
                    };
                    lint(&ctx, &store_lint)
                })?;
            db_notes = notes;
            loaded
        }
        None => {
            crate::pipeline::load_filtered(&args.input.paths, forced, &config.registry, &filter)
        }
    };
    // Read after the cache step, which may have created or updated the database.
    let ledger = match &args.db {
        Some(db) => super::ledger_of(db)?,
        None => None,
    };
    let ctx = LintContext {
        extractions: &loaded.extractions,
        registry: &config.registry,
        ledger: ledger.as_ref(),
        document_date,
    };
    let findings = lint(&ctx, &config.lint);
    let notes = read_notes(&loaded.extractions);
    // The report reads the documents, not what was extracted from them: free the
    // footnotes and citations (most of a run's memory) before rendering it.
    let documents: Vec<Checked> = loaded.extractions.into_iter().map(Checked::from).collect();
    let color = args.output.is_none()
        && match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
    let report = if args.statistics {
        if format == report::CheckFormat::Json {
            statistics::statistics_json(&documents, &findings)
        } else {
            statistics::statistics_text(&documents, &findings, loaded.skipped)
        }
    } else {
        render_checked_with(
            &documents,
            &findings,
            format,
            ReportOptions {
                color,
                skipped: loaded.skipped,
            },
        )
    };
    let exit = if !loaded.errors.is_empty() {
        Exit::Failure
    } else if findings.iter().any(|f| f.severity >= fail_on) {
        Exit::Findings
    } else {
        Exit::Clean
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
    out.stderr = input_errors(&loaded.errors);
    out.stderr.extend(notes);
    out.stderr.extend(db_notes);
    Ok(out)
}

/// Load the documents of `paths`, reusing the extractions cached in the database `db`
/// for documents whose content hash and cache key match; the others are extracted afresh
/// and stored (with `findings_of` as their findings) so the next run finds them.
/// Returns the documents and warnings about documents that could not be stored.
fn load_cached(
    db: &std::path::Path,
    paths: &[String],
    forced: Option<crate::model::Format>,
    config: &crate::config::Config,
    filter: &crate::pipeline::WalkFilter,
    findings_of: impl Fn(&Extraction) -> Vec<crate::lint::Finding> + Sync,
) -> Result<(Loaded, Vec<String>), CommandError> {
    use rayon::prelude::*;
    let (files, mut errors, skipped) = crate::pipeline::expand_filtered(paths, filter);
    let mut store = Store::open(db)?;
    let key = super::cache_key(config, forced);
    let shared = std::sync::Mutex::new(store);
    let results: Vec<Result<(Extraction, bool), crate::read::ReadError>> = files
        .par_iter()
        .map(|f| {
            let doc = crate::read::read_path(f, forced)?;
            // A failed look-up (lock, damaged row) is a cache miss, not an error.
            let blob = shared
                .lock()
                .ok()
                .and_then(|s| s.cached_extraction(&doc.path, &doc.content_hash, &key).ok())
                .flatten();
            let doc = match blob {
                Some(blob) => match cache::decode(&blob, doc) {
                    Ok(ex) => return Ok((ex, false)),
                    Err(doc) => *doc,
                },
                None => doc,
            };
            Ok((crate::extract::extract(doc, &config.registry), true))
        })
        .collect();
    store = shared
        .into_inner()
        .map_err(|_| CommandError::Usage(format!("{}: cache look-up failed", db.display())))?;
    let mut extractions = Vec::with_capacity(results.len());
    let mut fresh = Vec::new();
    for r in results {
        match r {
            Ok((ex, is_fresh)) => {
                if is_fresh {
                    fresh.push(extractions.len());
                }
                extractions.push(ex);
            }
            Err(e) => errors.push(e.into()),
        }
    }
    let mut notes = Vec::new();
    if !fresh.is_empty() {
        store.set_cache_key(key);
        let prepared: Vec<(Vec<crate::lint::Finding>, Vec<u8>)> = fresh
            .par_iter()
            .map(|&i| (findings_of(&extractions[i]), cache::encode(&extractions[i])))
            .collect();
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        for (idx, prep) in fresh.chunks(256).zip(prepared.chunks(256)) {
            let docs: Vec<BatchDocument> = idx
                .iter()
                .zip(prep)
                .map(|(&i, (findings, blob))| BatchDocument {
                    extraction: &extractions[i],
                    findings,
                    cache: Some(blob),
                })
                .collect();
            match store.ingest_batch(&docs, &now) {
                Ok(outcomes) => {
                    for (d, o) in docs.iter().zip(outcomes) {
                        if let Err(e) = o {
                            notes.push(format!(
                                "warning: {}: not stored in the database: {e}",
                                d.extraction.document.path
                            ));
                        }
                    }
                }
                Err(e) => notes.push(format!(
                    "warning: {e} ({} documents not stored; the check itself is complete)",
                    docs.len()
                )),
            }
        }
    }
    Ok((
        Loaded {
            extractions,
            errors,
            skipped,
        },
        notes,
    ))
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
