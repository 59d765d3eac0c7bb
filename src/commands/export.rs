//! `ibid export`: a bibliography of the works cited.

use super::{input_errors, CommandError, Exit, Output};
use crate::cli::{ExportArgs, ExportFormat};
use crate::export::{self, export};

pub fn run(args: ExportArgs) -> Result<Output, CommandError> {
    let config = crate::config::load(args.input.config.as_deref())?;
    let loaded = crate::pipeline::load_filtered(
        &args.input.paths,
        args.input.input_format.map(Into::into),
        &config.registry,
        &super::walk_filter(&args.input, &config)?,
    );
    let format = match args.format {
        ExportFormat::Bibtex => export::ExportFormat::Bibtex,
        ExportFormat::Biblatex => export::ExportFormat::Biblatex,
        ExportFormat::CslJson => export::ExportFormat::CslJson,
        ExportFormat::Text => export::ExportFormat::Text,
        ExportFormat::Html => export::ExportFormat::Html,
    };
    let text = export(&loaded.extractions, format, args.style.as_deref())?;
    let exit = if loaded.errors.is_empty() {
        Exit::Clean
    } else {
        Exit::Failure
    };
    let mut out = Output::new(text, exit);
    out.stderr = input_errors(&loaded.errors);
    Ok(out)
}
