//! `--format junit`: JUnit XML, one test suite per document and one failing test case
//! per finding, for CI systems that display test reports (GitLab, Jenkins, Azure).

use super::location;
use super::{CheckedDocument, FindingSource};
use crate::lint::Finding;
use std::borrow::Cow;

/// The JUnit XML report. Ends with a newline.
pub fn check_junit<D: CheckedDocument, F: FindingSource + ?Sized>(
    extractions: &[D],
    findings: &F,
) -> String {
    super::to_string(|w| write_check_junit(w, extractions, findings))
}

/// [`check_junit`] written to `out` a test case at a time. The counts the root element
/// carries come from the findings' totals, before any document is read; findings in
/// document order (a run's) are read along with the documents, others grouped first.
pub fn write_check_junit<D: CheckedDocument, F: FindingSource + ?Sized>(
    out: &mut dyn std::io::Write,
    extractions: &[D],
    findings: &F,
) -> std::io::Result<()> {
    let totals = findings.totals();
    let n = extractions.len();
    if !totals.in_document_order || totals.document_end > n {
        return write_grouped(out, extractions, findings);
    }
    let failures = totals.findings();
    let total_tests = n - totals.documents_with_findings(n) + failures;
    drop(totals);
    write_head(out, total_tests, failures)?;
    let mut each = findings.each().peekable();
    let mut mine = Vec::new();
    for (i, ext) in extractions.iter().enumerate() {
        mine.clear();
        while let Some(f) = each.next_if(|f| f.document == i) {
            mine.push(f);
        }
        write_suite(out, ext, &mine)?;
    }
    out.write_all(b"</testsuites>\n")
}

/// [`write_check_junit`] for findings in any order: each document's, gathered in one pass
/// (a filter per document was quadratic over a corpus: 10,000 documents × 276,000
/// findings).
fn write_grouped<D: CheckedDocument, F: FindingSource + ?Sized>(
    out: &mut dyn std::io::Write,
    extractions: &[D],
    findings: &F,
) -> std::io::Result<()> {
    let mut by_document: Vec<Vec<Cow<'_, Finding>>> = vec![Vec::new(); extractions.len()];
    for f in findings.each() {
        if let Some(mine) = by_document.get_mut(f.document) {
            mine.push(f);
        }
    }
    let total_tests: usize = by_document.iter().map(|mine| mine.len().max(1)).sum();
    let failures: usize = by_document.iter().map(Vec::len).sum();
    write_head(out, total_tests, failures)?;
    for (ext, mine) in extractions.iter().zip(by_document) {
        write_suite(out, ext, &mine)?;
    }
    out.write_all(b"</testsuites>\n")
}

fn write_head(
    out: &mut dyn std::io::Write,
    total_tests: usize,
    failures: usize,
) -> std::io::Result<()> {
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"ibid\" tests=\"{total_tests}\" failures=\"{failures}\" errors=\"0\">\n"
    )
}

/// One document's test suite: a failing test case per finding, or one passing case.
fn write_suite<D: CheckedDocument>(
    out: &mut dyn std::io::Write,
    ext: &D,
    mine: &[Cow<'_, Finding>],
) -> std::io::Result<()> {
    let path = xml_escape(ext.path());
    let tests = mine.len().max(1);
    writeln!(
        out,
        "  <testsuite name=\"{path}\" tests=\"{tests}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
        mine.len()
    )?;
    if mine.is_empty() {
        writeln!(
            out,
            "    <testcase name=\"ibid check\" classname=\"{path}\" file=\"{path}\"/>"
        )?;
    }
    // read only for its findings
    let doc = (!mine.is_empty()).then(|| ext.document());
    for f in mine {
        let Some(doc) = doc.as_deref() else { continue };
        let r = location::range(doc, f.span);
        let mut body = format!(
            "{}: {}:{}:{}: {}",
            f.severity.as_str(),
            doc.path,
            r.start.line,
            r.start.column,
            f.message
        );
        if let Some(help) = &f.help {
            body.push_str("\nhelp: ");
            body.push_str(help);
        }
        write!(
            out,
            "    <testcase name=\"{} {} at {}:{}\" classname=\"{path}\" file=\"{path}\" line=\"{}\">\n      \
             <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
            f.code,
            f.rule,
            r.start.line,
            r.start.column,
            r.start.line,
            f.code,
            xml_escape(&f.message),
            xml_escape(&body)
        )?;
    }
    out.write_all(b"  </testsuite>\n")
}

/// Escape text for XML content and attribute values; characters XML 1.0 forbids
/// (control characters other than tab and newlines) become U+FFFD.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn escapes_markup_and_forbidden_characters() {
        assert_eq!(
            xml_escape("a<b>&\"c\" 'd'\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;\u{FFFD}"
        );
    }

    #[test]
    fn one_failure_per_finding_and_a_passing_case_for_clean_documents() {
        let (extractions, findings) = fixture::sample();
        let out = check_junit(&extractions, &findings);
        assert_eq!(out.matches("<failure ").count(), findings.len());
        assert!(out.contains(&format!("failures=\"{}\"", findings.len())));
        insta::assert_snapshot!(out);
        let clean = check_junit(&extractions, &[]);
        assert!(clean.contains("<testcase name=\"ibid check\""));
        assert!(!clean.contains("<failure"));
    }
}
