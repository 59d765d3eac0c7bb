//! `ibid export`: a bibliography of the works cited, or the notes rewritten in one style.

use super::{input_errors, CommandError, Exit, Output};
use crate::cli::{ExportArgs, ExportFormat};
use crate::export::styles::{StyleCatalog, StyleOrigin, DEBIAN_STYLE_DIR};
use crate::export::{self, export_with, ExportOptions};
use std::path::PathBuf;

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

pub fn run(args: ExportArgs) -> Result<Output, CommandError> {
    let catalog = catalog();
    if args.list_styles {
        return Ok(Output::new(list_styles(&catalog), Exit::Clean));
    }
    let Some(format) = args.format else {
        return Err(CommandError::Usage("--format is required".to_string()));
    };
    let config = crate::config::load(args.input.config.as_deref())?;
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
    // A bad style or locale is reported before any document is read.
    if format.is_styled() {
        export::resolve_style(format, &options)?;
    } else if args.style.is_some() || args.csl.is_some() || args.locale.is_some() {
        return Err(CommandError::Usage(format!(
            "--style, --csl and --locale apply to text, html, markdown and notes, not {}",
            format.as_str()
        )));
    }
    let loaded = crate::pipeline::load_filtered(
        &args.input.paths,
        args.input.input_format.map(Into::into),
        &config.registry,
        &super::walk_filter(&args.input, &config)?,
    );
    let text = export_with(&loaded.extractions, format, &options)?;
    let exit = if loaded.errors.is_empty() {
        Exit::Clean
    } else {
        Exit::Failure
    };
    let mut out = Output::new(text, exit);
    out.stderr = input_errors(&loaded.errors);
    Ok(out)
}
