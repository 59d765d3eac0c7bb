//! Reports: formatting only, no parsing or linting logic.
//!
//! One file per output format. `check` formats implement [`CheckReporter`], `extract`
//! formats [`ExtractReporter`]; adding sarif/github/concise/junit is one file plus one
//! enum variant.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod location;
pub mod sarif;
pub mod statistics;
pub mod summary;

#[cfg(test)]
mod fixture;

pub use summary::Summary;

use crate::lint::Finding;
use crate::model::Extraction;

/// Renders the result of `ibid check`.
pub trait CheckReporter {
    /// The whole report, ending with a newline.
    fn render(&self, extractions: &[Extraction], findings: &[Finding]) -> String;
}

/// Renders the result of `ibid extract`.
pub trait ExtractReporter {
    /// The whole report, ending with a newline.
    fn render(&self, extractions: &[Extraction]) -> String;
}

/// Output formats of `ibid check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckFormat {
    /// rustc-style diagnostics with source snippets (default).
    Human,
    /// design.md §4 JSON.
    Json,
    /// One line per finding: `path:line:col: IB301 message`.
    Concise,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML.
    Junit,
}

/// Output formats of `ibid extract --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExtractFormat {
    Human,
    Json,
}

/// rustc-style diagnostics; see [`human::check_human`].
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanReporter {
    pub color: bool,
    /// Unsupported files skipped while walking, for the summary line.
    pub skipped: usize,
}

/// One line per finding; see [`concise`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ConciseReporter {
    pub skipped: usize,
}

/// SARIF 2.1.0; see [`sarif`].
#[derive(Debug, Clone, Copy, Default)]
pub struct SarifReporter;

/// GitHub workflow commands; see [`github`].
#[derive(Debug, Clone, Copy, Default)]
pub struct GithubReporter {
    pub skipped: usize,
}

/// JUnit XML; see [`junit`].
#[derive(Debug, Clone, Copy, Default)]
pub struct JunitReporter;

/// Options of a check report that do not come from the findings.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportOptions {
    /// ANSI colour (human output only).
    pub color: bool,
    /// Unsupported files skipped while walking (counted in text summaries).
    pub skipped: usize,
}

/// JSON reports; see [`json`].
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonReporter;

impl CheckReporter for HumanReporter {
    fn render(&self, extractions: &[Extraction], findings: &[Finding]) -> String {
        human::check_human_skipped(extractions, findings, self.color, self.skipped)
    }
}

impl CheckReporter for ConciseReporter {
    fn render(&self, extractions: &[Extraction], findings: &[Finding]) -> String {
        concise::check_concise(extractions, findings, self.skipped)
    }
}

impl CheckReporter for SarifReporter {
    fn render(&self, extractions: &[Extraction], findings: &[Finding]) -> String {
        sarif::check_sarif(extractions, findings)
    }
}

impl CheckReporter for GithubReporter {
    fn render(&self, extractions: &[Extraction], findings: &[Finding]) -> String {
        github::check_github(extractions, findings, self.skipped)
    }
}

impl CheckReporter for JunitReporter {
    fn render(&self, extractions: &[Extraction], findings: &[Finding]) -> String {
        junit::check_junit(extractions, findings)
    }
}

impl CheckReporter for JsonReporter {
    fn render(&self, extractions: &[Extraction], findings: &[Finding]) -> String {
        json::check_json(extractions, findings)
    }
}

impl ExtractReporter for HumanReporter {
    fn render(&self, extractions: &[Extraction]) -> String {
        human::extract_human(extractions)
    }
}

impl ExtractReporter for JsonReporter {
    fn render(&self, extractions: &[Extraction]) -> String {
        json::extract_json(extractions)
    }
}

impl CheckFormat {
    /// The reporter for this format; `color` only matters to formats for terminals.
    pub fn reporter(self, color: bool) -> Box<dyn CheckReporter> {
        self.reporter_with(ReportOptions { color, skipped: 0 })
    }

    /// The reporter for this format with every option.
    pub fn reporter_with(self, options: ReportOptions) -> Box<dyn CheckReporter> {
        let ReportOptions { color, skipped } = options;
        match self {
            CheckFormat::Human => Box::new(HumanReporter { color, skipped }),
            CheckFormat::Json => Box::new(JsonReporter),
            CheckFormat::Concise => Box::new(ConciseReporter { skipped }),
            CheckFormat::Sarif => Box::new(SarifReporter),
            CheckFormat::Github => Box::new(GithubReporter { skipped }),
            CheckFormat::Junit => Box::new(JunitReporter),
        }
    }
}

impl ExtractFormat {
    pub fn reporter(self) -> Box<dyn ExtractReporter> {
        match self {
            ExtractFormat::Human => Box::new(HumanReporter::default()),
            ExtractFormat::Json => Box::new(JsonReporter),
        }
    }
}

/// The `check` report in `format`. `color` adds ANSI styles to human output.
pub fn render_check(
    extractions: &[Extraction],
    findings: &[Finding],
    format: CheckFormat,
    color: bool,
) -> String {
    format.reporter(color).render(extractions, findings)
}

/// The `check` report in `format` with every option.
pub fn render_check_with(
    extractions: &[Extraction],
    findings: &[Finding],
    format: CheckFormat,
    options: ReportOptions,
) -> String {
    format.reporter_with(options).render(extractions, findings)
}

/// The `extract` report in `format`.
pub fn render_extract(extractions: &[Extraction], format: ExtractFormat) -> String {
    format.reporter().render(extractions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_dispatches_to_each_format() {
        let (extractions, findings) = fixture::sample();
        let json = render_check(&extractions, &findings, CheckFormat::Json, false);
        assert!(json.starts_with('{'));
        let human = render_check(&extractions, &findings, CheckFormat::Human, false);
        assert!(human.contains("warning[IB301]"));
        assert!(!human.contains('\u{1b}'), "no colour unless asked");
        let coloured = render_check(&extractions, &findings, CheckFormat::Human, true);
        assert!(coloured.contains('\u{1b}'), "colour when asked");
        for (format, marker) in [
            (CheckFormat::Concise, ": IB301 "),
            (CheckFormat::Sarif, "\"2.1.0\""),
            (CheckFormat::Github, "::warning "),
            (CheckFormat::Junit, "<testsuites"),
        ] {
            let out = render_check(&extractions, &findings, format, false);
            assert!(out.contains(marker), "{format:?}: {out}");
        }
        let ex = render_extract(&extractions, ExtractFormat::Json);
        assert!(ex.contains("\"callouts\""));
        let ex = render_extract(&extractions, ExtractFormat::Human);
        assert!(ex.contains("callouts:"));
    }
}
