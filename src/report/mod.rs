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
pub mod lazy;
pub mod location;
pub mod sarif;
pub mod statistics;
pub mod summary;

#[cfg(test)]
mod fixture;

pub use summary::Summary;

use crate::lint::{Finding, FindingTotals};
use crate::model::{Document, Extraction, Format};
use std::borrow::Cow;
use std::io::Write;

/// The findings a check report lists: each in the order reported, and their totals
/// beforehand (the JSON summary and the JUnit counts come first). A run's findings are
/// read back one at a time ([`crate::lint::LintedRun`]); a slice of findings is one too.
pub trait FindingSource {
    /// Each finding, in the order reported.
    fn each(&self) -> Box<dyn Iterator<Item = Cow<'_, Finding>> + '_>;
    /// What is counted of them.
    fn totals(&self) -> Cow<'_, FindingTotals>;
}

impl FindingSource for [Finding] {
    fn each(&self) -> Box<dyn Iterator<Item = Cow<'_, Finding>> + '_> {
        Box::new(self.iter().map(Cow::Borrowed))
    }

    fn totals(&self) -> Cow<'_, FindingTotals> {
        Cow::Owned(FindingTotals::of(self))
    }
}

impl FindingSource for Vec<Finding> {
    fn each(&self) -> Box<dyn Iterator<Item = Cow<'_, Finding>> + '_> {
        self.as_slice().each()
    }

    fn totals(&self) -> Cow<'_, FindingTotals> {
        self.as_slice().totals()
    }
}

impl<const N: usize> FindingSource for [Finding; N] {
    fn each(&self) -> Box<dyn Iterator<Item = Cow<'_, Finding>> + '_> {
        self.as_slice().each()
    }

    fn totals(&self) -> Cow<'_, FindingTotals> {
        self.as_slice().totals()
    }
}

impl FindingSource for crate::lint::LintedRun {
    fn each(&self) -> Box<dyn Iterator<Item = Cow<'_, Finding>> + '_> {
        Box::new(self.iter())
    }

    fn totals(&self) -> Cow<'_, FindingTotals> {
        Cow::Borrowed(crate::lint::LintedRun::totals(self))
    }
}

/// What a check report reads of a document of the run: the document itself (its path, and
/// its text for line:column positions and snippets) and how much was extracted from it (for
/// the summary). Never the footnotes or citations: those are the linter's.
pub trait CheckedDocument {
    fn document(&self) -> DocRef<'_>;
    /// The document's path (without reading its text).
    fn path(&self) -> &str;
    /// The document's format (without reading its text).
    fn format(&self) -> Format;
    fn footnote_count(&self) -> usize;
    fn citation_count(&self) -> usize;
}

/// A document as a report reads it: borrowed from the run, or read again for the report
/// ([`lazy`]).
pub enum DocRef<'a> {
    Borrowed(&'a Document),
    Shared(std::rc::Rc<Document>),
}

impl std::ops::Deref for DocRef<'_> {
    type Target = Document;

    fn deref(&self) -> &Document {
        match self {
            DocRef::Borrowed(d) => d,
            DocRef::Shared(d) => d,
        }
    }
}

impl CheckedDocument for Extraction {
    fn document(&self) -> DocRef<'_> {
        DocRef::Borrowed(&self.document)
    }

    fn path(&self) -> &str {
        &self.document.path
    }

    fn format(&self) -> Format {
        self.document.format
    }

    fn footnote_count(&self) -> usize {
        self.footnotes.len()
    }

    fn citation_count(&self) -> usize {
        Extraction::citation_count(self)
    }
}

/// A linted document as reports need it: an [`Extraction`] without its footnotes,
/// callouts and citations, so that a run can free them before rendering the report.
#[derive(Debug, Clone)]
pub struct Checked {
    pub document: Document,
    pub footnotes: usize,
    pub citations: usize,
}

impl From<Extraction> for Checked {
    fn from(extraction: Extraction) -> Self {
        Checked {
            footnotes: extraction.footnotes.len(),
            citations: extraction.citation_count(),
            document: extraction.document,
        }
    }
}

impl CheckedDocument for Checked {
    fn document(&self) -> DocRef<'_> {
        DocRef::Borrowed(&self.document)
    }

    fn path(&self) -> &str {
        &self.document.path
    }

    fn format(&self) -> Format {
        self.document.format
    }

    fn footnote_count(&self) -> usize {
        self.footnotes
    }

    fn citation_count(&self) -> usize {
        self.citations
    }
}

/// Renders the result of `ibid check`, writing it as it goes: a report is never held
/// whole (a run's report can be larger than its documents).
pub trait CheckReporter {
    /// Write the whole report, ending with a newline.
    fn write(
        &self,
        out: &mut dyn Write,
        extractions: &[Extraction],
        findings: &[Finding],
    ) -> std::io::Result<()>;
    /// [`CheckReporter::write`] from the documents alone: the same report.
    fn write_checked(
        &self,
        out: &mut dyn Write,
        documents: &[Checked],
        findings: &[Finding],
    ) -> std::io::Result<()>;
    /// [`CheckReporter::write`] from documents read again a batch at a time: the same
    /// report.
    fn write_reread(
        &self,
        out: &mut dyn Write,
        documents: &[lazy::RereadDocument<'_, crate::commands::CommandError>],
        findings: &[Finding],
    ) -> std::io::Result<()>;
    /// The whole report, ending with a newline.
    fn render(&self, extractions: &[Extraction], findings: &[Finding]) -> String {
        to_string(|w| self.write(w, extractions, findings))
    }
    /// [`CheckReporter::render`] from the documents alone: the same report.
    fn render_checked(&self, documents: &[Checked], findings: &[Finding]) -> String {
        to_string(|w| self.write_checked(w, documents, findings))
    }
    /// [`CheckReporter::render`] from documents read again a batch at a time: the same
    /// report.
    fn render_reread(
        &self,
        documents: &[lazy::RereadDocument<'_, crate::commands::CommandError>],
        findings: &[Finding],
    ) -> String {
        to_string(|w| self.write_reread(w, documents, findings))
    }
}

/// What `write` writes, as a string. Reports write only `str`s, and writing to memory
/// cannot fail; neither ever panics here if it did.
pub(crate) fn to_string(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> String {
    let mut buf: Vec<u8> = Vec::new();
    if let Err(e) = write(&mut buf) {
        return format!("error: {e}\n");
    }
    match String::from_utf8(buf) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// Implement [`CheckReporter`] for `$reporter` with one generic body for every input.
macro_rules! check_reporter {
    ($reporter:ty, |$this:ident, $out:ident, $docs:ident, $findings:ident| $body:expr) => {
        impl CheckReporter for $reporter {
            fn write(
                &self,
                out: &mut dyn Write,
                extractions: &[Extraction],
                findings: &[Finding],
            ) -> std::io::Result<()> {
                let ($this, $out, $docs, $findings) = (self, out, extractions, findings);
                $body
            }

            fn write_checked(
                &self,
                out: &mut dyn Write,
                documents: &[Checked],
                findings: &[Finding],
            ) -> std::io::Result<()> {
                let ($this, $out, $docs, $findings) = (self, out, documents, findings);
                $body
            }

            fn write_reread(
                &self,
                out: &mut dyn Write,
                documents: &[lazy::RereadDocument<'_, crate::commands::CommandError>],
                findings: &[Finding],
            ) -> std::io::Result<()> {
                let ($this, $out, $docs, $findings) = (self, out, documents, findings);
                $body
            }
        }
    };
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

check_reporter!(HumanReporter, |this, out, docs, findings| {
    human::write_check_human(out, docs, findings, this.color, this.skipped)
});
check_reporter!(ConciseReporter, |this, out, docs, findings| {
    concise::write_check_concise(out, docs, findings, this.skipped)
});
check_reporter!(SarifReporter, |_this, out, docs, findings| {
    sarif::write_check_sarif(out, docs, findings)
});
check_reporter!(GithubReporter, |this, out, docs, findings| {
    github::write_check_github(out, docs, findings, this.skipped)
});
check_reporter!(JunitReporter, |_this, out, docs, findings| {
    junit::write_check_junit(out, docs, findings)
});
check_reporter!(JsonReporter, |_this, out, docs, findings| {
    json::write_check_json(out, docs, findings)
});

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

/// [`render_check_with`] from linted documents whose footnotes and citations are gone.
pub fn render_checked_with(
    documents: &[Checked],
    findings: &[Finding],
    format: CheckFormat,
    options: ReportOptions,
) -> String {
    format
        .reporter_with(options)
        .render_checked(documents, findings)
}

/// [`render_check_with`] from documents read again a batch at a time.
pub fn render_reread_with(
    documents: &[lazy::RereadDocument<'_, crate::commands::CommandError>],
    findings: &[Finding],
    format: CheckFormat,
    options: ReportOptions,
) -> String {
    format
        .reporter_with(options)
        .render_reread(documents, findings)
}

/// The `check` report in `format`, written to `out` as it is made, from any kind of
/// document handle: what [`render_check_with`] returns, never held whole.
pub fn write_check<D: CheckedDocument, F: FindingSource + ?Sized>(
    out: &mut dyn Write,
    documents: &[D],
    findings: &F,
    format: CheckFormat,
    options: ReportOptions,
) -> std::io::Result<()> {
    let ReportOptions { color, skipped } = options;
    match format {
        CheckFormat::Human => human::write_check_human(out, documents, findings, color, skipped),
        CheckFormat::Json => json::write_check_json(out, documents, findings),
        CheckFormat::Concise => concise::write_check_concise(out, documents, findings, skipped),
        CheckFormat::Sarif => sarif::write_check_sarif(out, documents, findings),
        CheckFormat::Github => github::write_check_github(out, documents, findings, skipped),
        CheckFormat::Junit => junit::write_check_junit(out, documents, findings),
    }
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

    #[test]
    fn reports_from_linted_documents_are_the_reports_from_extractions() {
        let (extractions, findings) = fixture::sample();
        let mut two = extractions.clone();
        two.extend(extractions.iter().cloned().map(|mut e| {
            e.document.path = format!("other-{}", e.document.path);
            e
        }));
        let mut more = findings.clone();
        more.extend(findings.iter().cloned().map(|mut f| {
            f.document += extractions.len();
            f
        }));
        let checked: Vec<Checked> = two.iter().cloned().map(Checked::from).collect();
        assert_eq!(checked[0].citations, two[0].citation_count());
        assert!(checked[0].citations > 0);
        for format in [
            CheckFormat::Human,
            CheckFormat::Json,
            CheckFormat::Concise,
            CheckFormat::Sarif,
            CheckFormat::Github,
            CheckFormat::Junit,
        ] {
            for color in [false, true] {
                let options = ReportOptions { color, skipped: 3 };
                assert_eq!(
                    render_check_with(&two, &more, format, options),
                    render_checked_with(&checked, &more, format, options),
                    "{format:?}"
                );
            }
        }
        assert_eq!(
            statistics::statistics_text(&two, &more, 2),
            statistics::statistics_text(&checked, &more, 2)
        );
        assert_eq!(
            statistics::statistics_json(&two, &more),
            statistics::statistics_json(&checked, &more)
        );
    }
}
