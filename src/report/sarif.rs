//! `--format sarif`: SARIF 2.1.0, the format GitHub code scanning and other review
//! tools import. Every rule is described in `tool.driver.rules` (id, name, short and
//! full description, help text and URI, default level); results point at their rule
//! by id and index. Columns count Unicode code points, as the report says
//! (`columnKind`).

use super::location;
use super::{CheckedDocument, FindingSource};
use crate::lint::registry::all_rules;
use crate::lint::{Finding, RuleMeta, Severity};
use serde::Serialize;
use serde_json::{json, Value};

/// Where `docs/rules.md` is published; each rule's `helpUri` is an anchor in it.
pub const RULE_DOCS_URL: &str = "https://github.com/ibid-tools/ibid/blob/main/docs/rules.md";

/// The SARIF log, pretty-printed, ending with a newline.
pub fn check_sarif<D: CheckedDocument, F: FindingSource + ?Sized>(
    extractions: &[D],
    findings: &F,
) -> String {
    super::to_string(|w| write_check_sarif(w, extractions, findings))
}

/// [`check_sarif`] written to `out` as it is serialized: a result at a time, never the
/// whole log. The log's keys are written in the order `serde_json::Value` sorts them.
pub fn write_check_sarif<D: CheckedDocument, F: FindingSource + ?Sized>(
    out: &mut dyn std::io::Write,
    extractions: &[D],
    findings: &F,
) -> std::io::Result<()> {
    let rules: Vec<Value> = all_rules().iter().map(|r| rule(r.meta())).collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            artifacts: Artifacts(extractions),
            column_kind: "unicodeCodePoints",
            results: Results {
                documents: extractions,
                findings,
            },
            tool: json!({"driver": {
                "name": "ibid",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": RULE_DOCS_URL,
                "rules": rules,
            }}),
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &log).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// The SARIF log; fields in sorted order, as a `serde_json::Value` map writes them.
#[derive(Serialize)]
#[serde(bound = "D: CheckedDocument, F: FindingSource")]
struct Log<'a, D, F: ?Sized> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a, D, F>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(bound = "D: CheckedDocument, F: FindingSource")]
struct Run<'a, D, F: ?Sized> {
    artifacts: Artifacts<'a, D>,
    #[serde(rename = "columnKind")]
    column_kind: &'static str,
    results: Results<'a, D, F>,
    tool: Value,
}

/// One artifact per document: its path and format (its text is not read).
struct Artifacts<'a, D>(&'a [D]);

impl<D: CheckedDocument> Serialize for Artifacts<'_, D> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|e| {
            json!({
                "location": {"uri": path_to_uri(e.path())},
                "sourceLanguage": e.format().as_str(),
            })
        }))
    }
}

/// The results, each made when it is written.
struct Results<'a, D, F: ?Sized> {
    documents: &'a [D],
    findings: &'a F,
}

impl<D: CheckedDocument, F: FindingSource + ?Sized> Serialize for Results<'_, D, F> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.findings.each().map(|f| result(self.documents, &f)))
    }
}

/// SARIF `level` for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(m: &RuleMeta) -> Value {
    json!({
        "id": m.code,
        "name": m.name,
        "shortDescription": {"text": m.summary},
        "fullDescription": {"text": what_it_does(m.doc)},
        "help": {"text": m.doc.trim(), "markdown": m.doc.trim()},
        "helpUri": format!("{RULE_DOCS_URL}#{}-{}", m.code.to_ascii_lowercase(), m.name),
        "defaultConfiguration": {"level": level(m.default_severity)},
        "properties": {"tags": ["citations"]},
    })
}

/// The paragraph(s) under `## What it does`, joined into one text.
fn what_it_does(doc: &str) -> String {
    let body = doc
        .split("## What it does")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or(doc);
    body.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn result<D: CheckedDocument>(extractions: &[D], f: &Finding) -> Value {
    let index = all_rules().iter().position(|r| r.meta().code == f.code);
    let mut text = f.message.clone();
    if let Some(help) = &f.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut result = json!({
        "ruleId": f.code,
        "level": level(f.severity),
        "message": {"text": text},
    });
    if let Some(i) = index {
        result["ruleIndex"] = json!(i);
    }
    if let Some(doc) = extractions.get(f.document).map(D::document) {
        let r = location::range(&doc, f.span);
        result["locations"] = json!([{
            "physicalLocation": {
                "artifactLocation": {"uri": path_to_uri(&doc.path), "index": f.document},
                "region": {
                    "startLine": r.start.line,
                    "startColumn": r.start.column,
                    "endLine": r.end.line,
                    "endColumn": r.end.column,
                },
            },
        }]);
    }
    if let Some(n) = f.footnote {
        result["properties"] = json!({"footnote": n, "rule": f.rule});
    } else {
        result["properties"] = json!({"rule": f.rule});
    }
    result
}

/// A path as a URI reference: `/` separators, percent-encoded where RFC 3986 requires;
/// absolute paths become `file://` URIs; standard input is `stdin`.
pub fn path_to_uri(path: &str) -> String {
    if path == "-" {
        return "stdin".to_string();
    }
    let slashed = path.replace('\\', "/");
    let encoded = percent_encode_path(&slashed);
    if slashed.starts_with('/') {
        format!("file://{encoded}")
    } else if slashed.as_bytes().get(1) == Some(&b':') {
        // C:/…
        format!("file:///{encoded}")
    } else {
        encoded.trim_start_matches("./").to_string()
    }
}

fn percent_encode_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(path_to_uri("a b/ü.md"), "a%20b/%C3%BC.md");
        assert_eq!(path_to_uri("./x.md"), "x.md");
        assert_eq!(path_to_uri("/tmp/x#1.md"), "file:///tmp/x%231.md");
        assert_eq!(path_to_uri("-"), "stdin");
        assert_eq!(path_to_uri("dir\\x.md"), "dir/x.md");
    }

    #[test]
    fn every_rule_is_described_and_results_point_at_them() {
        let (extractions, findings) = fixture::sample();
        let v: Value = serde_json::from_str(&check_sarif(&extractions, &findings))
            .unwrap_or_else(|e| panic!("{e}"));
        let rules = v["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(rules.len(), all_rules().len());
        for r in &rules {
            for key in [
                "id",
                "name",
                "shortDescription",
                "fullDescription",
                "helpUri",
            ] {
                assert!(!r[key].is_null(), "{key} in {r}");
            }
            assert!(!r["fullDescription"]["text"]
                .as_str()
                .unwrap_or_default()
                .contains("##"));
        }
        let results = v["runs"][0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(results.len(), findings.len());
        for res in &results {
            let i = res["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
            assert_eq!(rules[i]["id"], res["ruleId"]);
        }
        assert_eq!(level(Severity::Info), "note");
    }
}
