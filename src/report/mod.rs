//! Reports: formatting only, no parsing or linting logic.
//!
//! One file per output format. `check` formats implement [`CheckReporter`], `extract`
//! formats [`ExtractReporter`]; adding sarif/github/concise/junit is one file plus one
//! enum variant.

pub mod human;
pub mod json;
pub mod location;
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
}

/// JSON reports; see [`json`].
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonReporter;

impl CheckReporter for HumanReporter {
    fn render(&self, extractions: &[Extraction], findings: &[Finding]) -> String {
        human::check_human(extractions, findings, self.color)
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
        match self {
            CheckFormat::Human => Box::new(HumanReporter { color }),
            CheckFormat::Json => Box::new(JsonReporter),
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
        let ex = render_extract(&extractions, ExtractFormat::Json);
        assert!(ex.contains("\"callouts\""));
        let ex = render_extract(&extractions, ExtractFormat::Human);
        assert!(ex.contains("callouts:"));
    }
}
