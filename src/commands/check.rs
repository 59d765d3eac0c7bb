//! `ibid check`: extract, lint, report; the exit code says pass or fail.

use super::{input_errors, read_notes, CommandError, Exit, Output};
use crate::cli::{CheckArgs, CheckFormat, ColorChoice, FailOn};
use crate::lint::{lint, LintContext, Severity};
use crate::report::{self, render_check};
use std::io::IsTerminal;

pub fn run(args: CheckArgs) -> Result<Output, CommandError> {
    let config = crate::config::load(args.input.config.as_deref())?;
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
    let loaded = crate::pipeline::load(
        &args.input.paths,
        args.input.input_format.map(Into::into),
        &config.registry,
    );
    let ctx = LintContext {
        extractions: &loaded.extractions,
        registry: &config.registry,
        document_date,
    };
    let findings = lint(&ctx, &config.lint);
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let format = match args.format {
        CheckFormat::Human => report::CheckFormat::Human,
        CheckFormat::Json => report::CheckFormat::Json,
    };
    let stdout = render_check(&loaded.extractions, &findings, format, color);
    let exit = if !loaded.errors.is_empty() {
        Exit::Failure
    } else if findings.iter().any(|f| f.severity >= fail_on) {
        Exit::Findings
    } else {
        Exit::Clean
    };
    let mut out = Output::new(stdout, exit);
    out.stderr = input_errors(&loaded.errors);
    out.stderr.extend(read_notes(&loaded.extractions));
    Ok(out)
}
