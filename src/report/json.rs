//! The JSON contract of design.md §4 for `extract` and `check`.
//!
//! Field order follows the contract (serde structs, not `serde_json::Value`, whose maps
//! are sorted). Absent values serialize as `null` or `[]`; nothing is ever omitted.

use super::location;
use super::summary::Summary;
use super::{CheckedDocument, FindingSource};
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
#[serde(bound = "D: CheckedDocument, F: FindingSource")]
struct CheckOut<'a, D, F: ?Sized> {
    version: u32,
    summary: Summary,
    findings: FindingsOut<'a, D, F>,
}

/// The findings, each serialized as a [`FindingOut`] when written: a run's findings are
/// never held twice.
struct FindingsOut<'a, D, F: ?Sized> {
    documents: &'a [D],
    findings: &'a F,
}

impl<D: CheckedDocument, F: FindingSource + ?Sized> Serialize for FindingsOut<'_, D, F> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.findings.each().map(|finding| OneFinding {
            documents: self.documents,
            finding,
        }))
    }
}

/// A finding as it is read, serialized as its [`FindingOut`].
struct OneFinding<'a, D> {
    documents: &'a [D],
    finding: std::borrow::Cow<'a, Finding>,
}

impl<D: CheckedDocument> Serialize for OneFinding<'_, D> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        finding_out(self.documents, &self.finding).serialize(serializer)
    }
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
pub fn check_json<D: CheckedDocument, F: FindingSource + ?Sized>(
    extractions: &[D],
    findings: &F,
) -> String {
    let out = CheckOut {
        version: JSON_VERSION,
        summary: Summary::with_totals(extractions, &findings.totals()),
        findings: FindingsOut {
            documents: extractions,
            findings,
        },
    };
    to_json(&out)
}

/// [`check_json`] written to `out` as it is serialized: the report is never held whole.
pub fn write_check_json<D: CheckedDocument, F: FindingSource + ?Sized, W: std::io::Write>(
    mut out: W,
    extractions: &[D],
    findings: &F,
) -> std::io::Result<()> {
    let report = CheckOut {
        version: JSON_VERSION,
        summary: Summary::with_totals(extractions, &findings.totals()),
        findings: FindingsOut {
            documents: extractions,
            findings,
        },
    };
    serde_json::to_writer_pretty(&mut out, &report).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
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

fn finding_out<'a, D: CheckedDocument>(
    extractions: &'a [D],
    finding: &'a Finding,
) -> FindingOut<'a> {
    let slot = extractions.get(finding.document);
    let range = slot
        .map(D::document)
        .map(|d| location::range(&d, finding.span));
    FindingOut {
        code: finding.code,
        rule: finding.rule,
        severity: finding.severity,
        path: slot.map(D::path),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;
    use serde_json::Value;

    fn keys(v: &Value) -> Vec<&str> {
        v.as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// Every `"key":` appears in `raw` after `from`, in this order (serde_json's `Value`
    /// sorts keys, so order is checked on the text).
    fn assert_order(raw: &str, from: &str, order: &[&str]) {
        let mut at = raw.find(from).unwrap_or_else(|| panic!("no {from}"));
        for key in order {
            let needle = format!("\"{key}\":");
            match raw[at..].find(&needle) {
                Some(i) => at += i + needle.len(),
                None => panic!("{key} missing or out of order after {from}"),
            }
        }
    }

    fn sorted(mut v: Vec<&str>) -> Vec<&str> {
        v.sort_unstable();
        v
    }

    #[test]
    fn the_written_report_is_the_rendered_one() {
        let (extractions, findings) = fixture::sample();
        let mut written = Vec::new();
        write_check_json(&mut written, &extractions, &findings).expect("writes");
        assert_eq!(
            String::from_utf8(written).expect("utf-8"),
            check_json(&extractions, &findings)
        );
    }

    #[test]
    fn extract_json_snapshot() {
        let (extractions, _) = fixture::sample();
        insta::assert_snapshot!(extract_json(&extractions));
    }

    #[test]
    fn check_json_snapshot() {
        let (extractions, findings) = fixture::sample();
        insta::assert_snapshot!(check_json(&extractions, &findings));
    }

    #[test]
    fn extract_json_has_every_contract_field_including_nulls() {
        let (extractions, _) = fixture::sample();
        let raw = extract_json(&extractions);
        assert_order(
            &raw,
            "{",
            &["version", "documents", "path", "format", "footnotes"],
        );
        assert_order(
            &raw,
            "\"footnotes\": [",
            &["number", "label", "line", "column", "text", "citations"],
        );
        assert_order(
            &raw,
            "\"citations\": [",
            &[
                "text",
                "line",
                "column",
                "kind",
                "signal",
                "short_form",
                "authors",
                "title",
                "outlet",
                "date",
                "url",
                "pinpoint",
            ],
        );
        assert_order(&raw, "\"callouts\": [", &["number", "line", "column"]);
        let v: Value = serde_json::from_str(&raw).expect("valid JSON");
        assert_eq!(sorted(keys(&v)), ["documents", "version"]);
        assert_eq!(v["version"], 1);
        let doc = &v["documents"][0];
        assert_eq!(
            sorted(keys(doc)),
            ["callouts", "footnotes", "format", "path"]
        );
        assert_eq!(doc["format"], "text");
        for note in doc["footnotes"].as_array().expect("footnotes") {
            assert_eq!(
                sorted(keys(note)),
                ["citations", "column", "label", "line", "number", "text"]
            );
            for c in note["citations"].as_array().expect("citations") {
                assert_eq!(
                    sorted(keys(c)),
                    [
                        "authors",
                        "column",
                        "date",
                        "kind",
                        "line",
                        "outlet",
                        "pinpoint",
                        "short_form",
                        "signal",
                        "text",
                        "title",
                        "url"
                    ]
                );
            }
        }
        for callout in doc["callouts"].as_array().expect("callouts") {
            assert_eq!(sorted(keys(callout)), ["column", "line", "number"]);
        }
        // Nulls are present, not omitted.
        let c2 = &doc["footnotes"][1]["citations"][0];
        assert!(c2["signal"].is_null() && c2["title"].is_null() && c2["url"].is_null());
        assert_eq!(c2["authors"], Value::Array(vec![]));
        assert_eq!(
            c2["outlet"],
            serde_json::json!({"as_written": "Wash.", "id": null, "name": null})
        );
        assert_eq!(
            c2["date"],
            serde_json::json!({"as_written": "4, 2020", "iso": null, "precision": null})
        );
        let c1 = &doc["footnotes"][0]["citations"][0];
        assert_eq!(c1["kind"], "news-article");
        assert_eq!(
            c1["authors"][0],
            serde_json::json!({"given": "Jane", "family": "Doe"})
        );
        assert_eq!(c1["date"]["precision"], "day");
        let c3 = &doc["footnotes"][1]["citations"][1];
        assert_eq!(
            c3["short_form"],
            serde_json::json!({"type": "supra", "note": 1,
                "resolves_to": {"footnote": 1, "citation": 0}})
        );
        assert_eq!(c3["authors"][0]["given"], Value::Null);
        assert_eq!(doc["footnotes"][2]["number"], Value::Null);
        assert_eq!(doc["footnotes"][2]["label"], "*");
        assert_eq!(doc["callouts"][1]["number"], Value::Null);
    }

    #[test]
    fn extract_json_columns_count_characters() {
        let (extractions, _) = fixture::sample();
        let v: Value = serde_json::from_str(&extract_json(&extractions)).expect("valid JSON");
        let note1 = &v["documents"][0]["footnotes"][0];
        // Line 2 is `Café\t“quoted” 1 See …`: the marker is the 15th character but
        // the 20th byte (é, “ and ” are multi-byte).
        assert_eq!(
            (note1["line"].as_u64(), note1["column"].as_u64()),
            (Some(2), Some(15))
        );
        let c1 = &note1["citations"][0];
        assert_eq!(
            (c1["line"].as_u64(), c1["column"].as_u64()),
            (Some(2), Some(17))
        );
        let note2 = &v["documents"][0]["footnotes"][1];
        assert_eq!(
            (note2["line"].as_u64(), note2["column"].as_u64()),
            (Some(3), Some(1502))
        );
    }

    #[test]
    fn check_json_has_every_contract_field() {
        let (extractions, findings) = fixture::sample();
        let raw = check_json(&extractions, &findings);
        assert_order(&raw, "{", &["version", "summary", "findings"]);
        assert_order(
            &raw,
            "\"summary\":",
            &[
                "documents",
                "footnotes",
                "citations",
                "error",
                "warning",
                "info",
            ],
        );
        assert_order(
            &raw,
            "\"findings\": [",
            &[
                "code",
                "rule",
                "severity",
                "path",
                "line",
                "column",
                "end_line",
                "end_column",
                "footnote",
                "message",
                "help",
            ],
        );
        let v: Value = serde_json::from_str(&raw).expect("valid JSON");
        assert_eq!(
            v["summary"],
            serde_json::json!({"documents": 1, "footnotes": 3, "citations": 4,
                "error": 1, "warning": 4, "info": 1})
        );
        let all = v["findings"].as_array().expect("findings");
        assert_eq!(all.len(), findings.len());
        for f in all {
            assert_eq!(
                sorted(keys(f)),
                [
                    "code",
                    "column",
                    "end_column",
                    "end_line",
                    "footnote",
                    "help",
                    "line",
                    "message",
                    "path",
                    "rule",
                    "severity"
                ]
            );
        }
        // IB301 on `N.Y. Times` after `Café\t“quoted” 1 See Jane Doe, A Title, `.
        let ib301 = &all[1];
        assert_eq!(ib301["code"], "IB301");
        assert_eq!(ib301["severity"], "warning");
        assert_eq!(ib301["path"], "docs/sample.txt");
        assert_eq!(
            (ib301["line"].as_u64(), ib301["column"].as_u64()),
            (Some(2), Some(40))
        );
        assert_eq!(
            (ib301["end_line"].as_u64(), ib301["end_column"].as_u64()),
            (Some(2), Some(50))
        );
        assert_eq!(all[0]["help"], Value::Null);
        // The multi-line span ends on line 6.
        let ib106 = &all[4];
        assert_eq!(
            (ib106["line"].as_u64(), ib106["end_line"].as_u64()),
            (Some(4), Some(6))
        );
        assert_eq!(ib106["footnote"], Value::Null);
    }

    #[test]
    fn check_json_survives_a_finding_for_a_missing_document() {
        let (extractions, mut findings) = fixture::sample();
        findings.truncate(1);
        findings[0].document = 7;
        let v: Value =
            serde_json::from_str(&check_json(&extractions, &findings)).expect("valid JSON");
        assert_eq!(v["findings"][0]["path"], Value::Null);
        assert_eq!(v["findings"][0]["line"], Value::Null);
        assert_eq!(v["findings"][0]["code"], "IB104");
    }

    #[test]
    fn empty_run_is_valid_json() {
        let v: Value = serde_json::from_str(&check_json::<Extraction, [Finding]>(&[], &[]))
            .expect("valid JSON");
        assert_eq!(v["findings"], Value::Array(vec![]));
        let v: Value = serde_json::from_str(&extract_json(&[])).expect("valid JSON");
        assert_eq!(v["documents"], Value::Array(vec![]));
    }
}
