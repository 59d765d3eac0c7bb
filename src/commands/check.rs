//! `ibid check`: extract, lint, report; the exit code says pass or fail.

use super::{input_errors, read_notes, walk_filter, CommandError, Exit, Output};
use crate::cli::{CheckArgs, CheckFormat, ColorChoice, FailOn};
use crate::lint::settings::{resolve_selectors, Layer};
use crate::lint::{lint, LintContext, Severity};
use crate::report::{self, render_check_with, statistics, ReportOptions};
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
    let loaded = crate::pipeline::load_filtered(
        &args.input.paths,
        args.input.input_format.map(Into::into),
        &config.registry,
        &filter,
    );
    let ledger = match &args.db {
        Some(db) => super::ledger_of(db)?,
        None => None,
    };
    let ctx = LintContext {
        extractions: &loaded.extractions,
        registry: &config.registry,
        document_date,
        ledger: ledger.as_ref(),
    };
    let findings = lint(&ctx, &config.lint);
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
            statistics::statistics_json(&loaded.extractions, &findings)
        } else {
            statistics::statistics_text(&loaded.extractions, &findings, loaded.skipped)
        }
    } else {
        render_check_with(
            &loaded.extractions,
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
    out.stderr.extend(read_notes(&loaded.extractions));
    Ok(out)
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
