//! `ibid extract`: print what was extracted.

use super::{input_errors, read_notes, CommandError, Exit, Output};
use crate::cli::{ExtractArgs, ExtractFormat};
use crate::report::{self, render_extract};

pub fn run(args: ExtractArgs) -> Result<Output, CommandError> {
    let config = crate::config::load(args.input.config.as_deref())?;
    let loaded = crate::pipeline::load_filtered(
        &args.input.paths,
        args.input.input_format.map(Into::into),
        &config.registry,
        &super::walk_filter(&args.input, &config)?,
    );
    let format = match args.format {
        ExtractFormat::Human => report::ExtractFormat::Human,
        ExtractFormat::Json => report::ExtractFormat::Json,
    };
    let exit = if loaded.errors.is_empty() {
        Exit::Clean
    } else {
        Exit::Failure
    };
    let mut out = Output::new(render_extract(&loaded.extractions, format), exit);
    out.stderr = input_errors(&loaded.errors);
    out.stderr.extend(read_notes(&loaded.extractions));
    Ok(out)
}
