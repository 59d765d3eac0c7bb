//! The JSON contract of design.md §4 for `extract` and `check`.
//!
//! Field order follows the contract (serde structs, not `serde_json::Value`, whose maps
//! are sorted). Absent values serialize as `null` or `[]`; nothing is ever omitted.

use super::location;
use super::summary::Summary;
use crate::lint::{Finding, Severity};
use crate::model::{
    Callout, Citation, CitationKind, DateField, Document, Extraction, Footnote, OutletField,
    Person, ShortForm,
};
use serde::Serialize;

/// Version of both JSON documents; bumped only on a breaking change.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct ExtractOut<'a> {
    version: u32,
    documents: Vec<DocumentOut<'a>>,
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    path: &'a str,
    format: &'static str,
    footnotes: Vec<FootnoteOut<'a>>,
    callouts: Vec<CalloutOut>,
}

#[derive(Serialize)]
struct FootnoteOut<'a> {
    number: Option<u32>,
    label: &'a str,
    line: usize,
    column: usize,
    text: &'a str,
    citations: Vec<CitationOut<'a>>,
}

#[derive(Serialize)]
struct CitationOut<'a> {
    text: &'a str,
    line: usize,
    column: usize,
    kind: CitationKind,
    signal: Option<&'a str>,
    short_form: Option<&'a ShortForm>,
    authors: &'a [Person],
    title: Option<&'a str>,
    outlet: Option<&'a OutletField>,
    date: Option<&'a DateField>,
    url: Option<&'a str>,
    pinpoint: Option<&'a str>,
}

#[derive(Serialize)]
struct CalloutOut {
    number: Option<u32>,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct CheckOut<'a> {
    version: u32,
    summary: Summary,
    findings: Vec<FindingOut<'a>>,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    code: &'a str,
    rule: &'a str,
    severity: Severity,
    /// `null` only if the finding names a document the run does not have (a bug upstream).
    path: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    footnote: Option<u32>,
    message: &'a str,
    help: Option<&'a str>,
}

/// `ibid extract --format json`: every document's footnotes, citations and callouts.
/// Pretty-printed, ending with a newline.
pub fn extract_json(extractions: &[Extraction]) -> String {
    let out = ExtractOut {
        version: JSON_VERSION,
        documents: extractions.iter().map(document_out).collect(),
    };
    to_json(&out)
}

/// `ibid check --format json`: a summary and every finding, in the order given.
/// Pretty-printed, ending with a newline.
pub fn check_json(extractions: &[Extraction], findings: &[Finding]) -> String {
    let out = CheckOut {
        version: JSON_VERSION,
        summary: Summary::new(extractions, findings),
        findings: findings
            .iter()
            .map(|f| finding_out(extractions, f))
            .collect(),
    };
    to_json(&out)
}

fn document_out(extraction: &Extraction) -> DocumentOut<'_> {
    let doc = &extraction.document;
    DocumentOut {
        path: &doc.path,
        format: doc.format.as_str(),
        footnotes: extraction
            .footnotes
            .iter()
            .map(|f| footnote_out(doc, f))
            .collect(),
        callouts: extraction
            .callouts
            .iter()
            .map(|c| callout_out(doc, c))
            .collect(),
    }
}

fn footnote_out<'a>(doc: &Document, footnote: &'a Footnote) -> FootnoteOut<'a> {
    let at = location::range(doc, footnote.marker_span).start;
    FootnoteOut {
        number: footnote.number,
        label: &footnote.label,
        line: at.line,
        column: at.column,
        text: &footnote.text,
        citations: footnote
            .citations
            .iter()
            .map(|c| citation_out(doc, c))
            .collect(),
    }
}

fn citation_out<'a>(doc: &Document, citation: &'a Citation) -> CitationOut<'a> {
    let at = location::range(doc, citation.span).start;
    CitationOut {
        text: &citation.text,
        line: at.line,
        column: at.column,
        kind: citation.kind,
        signal: citation.signal.as_deref(),
        short_form: citation.short_form.as_ref(),
        authors: &citation.authors,
        title: citation.title.as_deref(),
        outlet: citation.outlet.as_ref(),
        date: citation.date.as_ref(),
        url: citation.url.as_deref(),
        pinpoint: citation.pinpoint.as_deref(),
    }
}

fn callout_out(doc: &Document, callout: &Callout) -> CalloutOut {
    let at = location::range(doc, callout.span).start;
    CalloutOut {
        number: callout.number,
        line: at.line,
        column: at.column,
    }
}

fn finding_out<'a>(extractions: &'a [Extraction], finding: &'a Finding) -> FindingOut<'a> {
    let doc = extractions.get(finding.document).map(|e| &e.document);
    let range = doc.map(|d| location::range(d, finding.span));
    FindingOut {
        code: finding.code,
        rule: finding.rule,
        severity: finding.severity,
        path: doc.map(|d| d.path.as_str()),
        line: range.map(|r| r.start.line),
        column: range.map(|r| r.start.column),
        end_line: range.map(|r| r.end.line),
        end_column: range.map(|r| r.end.column),
        footnote: finding.footnote,
        message: &finding.message,
        help: finding.help.as_deref(),
    }
}

/// Serialize; these types cannot fail (string keys only), but never panic if they did.
fn to_json<T: Serialize>(value: &T) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        Err(e) => format!(
            "{{\"version\": {JSON_VERSION}, \"error\": {}}}\n",
            serde_json::Value::String(e.to_string())
        ),
    }
}
