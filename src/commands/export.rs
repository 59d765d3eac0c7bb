//! `ibid export`: a bibliography of the works cited, or the notes rewritten in one style.

use super::{input_errors, CommandError, Exit, Output};
use crate::cli::{ExportArgs, ExportFormat};
use crate::export::filter::Filter;
use crate::export::styles::{StyleCatalog, StyleOrigin, DEBIAN_STYLE_DIR};
use crate::export::{self, citekey, ExportOptions};
use crate::store::{Store, StoreError};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Environment variable naming extra directories of CSL files (searched before Debian's).
pub const STYLE_DIRS_ENV: &str = "IBID_STYLE_DIRS";

fn catalog() -> StyleCatalog {
    let mut dirs: Vec<PathBuf> = std::env::var_os(STYLE_DIRS_ENV)
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    dirs.push(PathBuf::from(DEBIAN_STYLE_DIR));
    StyleCatalog::new(dirs)
}

fn list_styles(catalog: &StyleCatalog) -> String {
    let listed = catalog.list();
    let archived: Vec<&str> = listed
        .iter()
        .filter(|l| l.origin == StyleOrigin::Archive)
        .map(|l| l.name.as_str())
        .collect();
    let mut out = format!("hayagriva's archived styles ({}):\n", archived.len());
    for name in archived {
        out.push_str("  ");
        out.push_str(name);
        out.push('\n');
    }
    for dir in catalog.dirs() {
        let here: Vec<&str> = listed
            .iter()
            .filter(|l| matches!(&l.origin, StyleOrigin::Installed(p) if p.starts_with(dir)))
            .map(|l| l.name.as_str())
            .collect();
        if here.is_empty() {
            out.push_str(&format!("\n{}: no CSL files", dir.display()));
            if dir.as_os_str() == DEBIAN_STYLE_DIR {
                out.push_str(" (install Debian's citation-style-language-styles for more styles)");
            }
            out.push('\n');
            continue;
        }
        out.push_str(&format!(
            "\ninstalled CSL styles in {} ({}):\n",
            dir.display(),
            here.len()
        ));
        for name in here {
            out.push_str("  ");
            out.push_str(name);
            out.push('\n');
        }
    }
    out
}

/// The database `--db` names, opened to record keys; a read-only file still lends its
/// recorded keys, with a warning that new ones are not recorded.
fn open_keys_store(db: &Path, stderr: &mut Vec<String>) -> Result<(Store, bool), CommandError> {
    match Store::open(db) {
        Ok(store) => Ok((store, true)),
        Err(StoreError::ReadOnly { .. }) => {
            stderr.push(format!(
                "warning: {}: database is read-only; reusing its recorded citekeys but recording no new ones",
                db.display()
            ));
            Ok((Store::open_read_only(db)?, false))
        }
        Err(e) => Err(e.into()),
    }
}

pub fn run(args: ExportArgs) -> Result<Output, CommandError> {
    let catalog = catalog();
    if args.list_styles {
        return Ok(Output::new(list_styles(&catalog), Exit::Clean));
    }
    let Some(format) = args.format else {
        return Err(CommandError::Usage("--format is required".to_string()));
    };
    let input = args.input();
    let config = crate::config::load(input.config.as_deref())?;
    let format = match format {
        ExportFormat::Bibtex => export::ExportFormat::Bibtex,
        ExportFormat::Biblatex => export::ExportFormat::Biblatex,
        ExportFormat::CslJson => export::ExportFormat::CslJson,
        ExportFormat::Yaml => export::ExportFormat::Yaml,
        ExportFormat::Ris => export::ExportFormat::Ris,
        ExportFormat::Text => export::ExportFormat::Text,
        ExportFormat::Html => export::ExportFormat::Html,
        ExportFormat::Markdown => export::ExportFormat::Markdown,
        ExportFormat::Notes => export::ExportFormat::Notes,
    };
    let options = ExportOptions {
        style: args.style.clone(),
        csl: args.csl.clone(),
        locale: args.locale.clone(),
        catalog,
        citekey_pattern: config.citekey.clone(),
        notes_markup: None,
    };
    // A bad style, locale or filter is reported before any document is read.
    if format.is_styled() {
        export::resolve_style(format, &options)?;
    } else if args.style.is_some() || args.csl.is_some() || args.locale.is_some() {
        return Err(CommandError::Usage(format!(
            "--style, --csl and --locale apply to text, html, markdown and notes, not {}",
            format.as_str()
        )));
    }
    let (filter, mut stderr) = Filter::new(
        &args.document,
        &args.outlet,
        args.since.as_deref(),
        args.until.as_deref(),
        &config.registry,
    )
    .map_err(|e| CommandError::Usage(e.to_string()))?;
    if format == export::ExportFormat::Notes && filter.filters_works() {
        return Err(CommandError::Usage(
            "--outlet, --since and --until choose bibliography entries; with --format notes only --document applies"
                .to_string(),
        ));
    }
    let mut store = match &args.db {
        Some(db) if args.paths.is_empty() && !db.exists() => {
            return Err(CommandError::Usage(format!(
                "{}: no such database; run `ibid scan PATH... --db {}` first, or give PATHs",
                db.display(),
                db.display()
            )))
        }
        Some(db) => Some(open_keys_store(db, &mut stderr)?),
        None => None,
    };
    let mut errors = Vec::new();
    let extractions = match &store {
        Some((store, _)) if args.paths.is_empty() => {
            store.extractions(|path| filter.keeps_document(path))?
        }
        _ => {
            let loaded = crate::pipeline::load_filtered(
                &input.paths,
                input.input_format.map(Into::into),
                &config.registry,
                &super::walk_filter(&input, &config)?,
            );
            errors = input_errors(&loaded.errors);
            let mut extractions = loaded.extractions;
            extractions.retain(|e| filter.keeps_document(&e.document.path));
            extractions
        }
    };
    let works = export::group_works(&extractions);
    let pattern = options.citekey_pattern.clone().unwrap_or_default();
    let (keys, to_record) = match &store {
        Some((store, _)) => citekey::assign_keys_recorded(&works, &pattern, &store.citekeys()?),
        None => (citekey::assign_keys_with(&works, &pattern), Vec::new()),
    };
    let (works, keys): (Vec<_>, Vec<_>) = works
        .into_iter()
        .zip(keys)
        .filter(|(w, _)| filter.keeps_work(w))
        .unzip();
    let text = export::render_works(&extractions, &works, &keys, format, &options)?;
    let exit = if errors.is_empty() {
        Exit::Clean
    } else {
        Exit::Failure
    };
    // Keys count as published once exported; nothing is recorded from a failed run.
    if let Some((store, true)) = &mut store {
        if exit == Exit::Clean {
            let exported: HashSet<&str> = works.iter().map(|w| w.identity.as_str()).collect();
            let records: Vec<(String, String)> = to_record
                .into_iter()
                .filter(|(identity, _)| exported.contains(identity.as_str()))
                .collect();
            let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            store.record_citekeys(&records, &now)?;
        }
    }
    let mut out = Output::new(text, exit);
    errors.extend(stderr);
    out.stderr = errors;
    Ok(out)
}
