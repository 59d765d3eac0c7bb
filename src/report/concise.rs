//! `--format concise`: one line per finding, `path:line:col: IB301 message`, the form
//! editors and `grep`-style tools parse; then the summary line.

use super::location;
use super::summary::Summary;
use super::CheckedDocument;
use crate::lint::Finding;

/// One line per finding, then the summary. Ends with a newline.
pub fn check_concise<D: CheckedDocument>(
    extractions: &[D],
    findings: &[Finding],
    skipped: usize,
) -> String {
    let mut out = String::new();
    for f in findings {
        match extractions.get(f.document).map(D::document) {
            Some(doc) => {
                let r = location::range(&doc, f.span);
                out.push_str(&format!(
                    "{}:{}:{}: ",
                    doc.path, r.start.line, r.start.column
                ));
            }
            None => out.push_str("?: "),
        }
        out.push_str(f.code);
        out.push(' ');
        // one finding, one line
        out.push_str(&f.message.replace(['\r', '\n'], " "));
        out.push('\n');
    }
    let mut summary = Summary::new(extractions, findings);
    summary.skipped = skipped;
    out.push_str(&summary.line());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn one_line_per_finding_with_character_columns() {
        let (extractions, findings) = fixture::sample();
        let out = check_concise(&extractions, &findings, 0);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), findings.len() + 1);
        insta::assert_snapshot!(out);
    }

    #[test]
    fn skipped_files_are_counted_in_the_summary() {
        let (extractions, findings) = fixture::sample();
        let out = check_concise(&extractions, &findings, 2);
        assert!(
            out.trim_end().ends_with("2 unsupported files skipped"),
            "{out}"
        );
    }
}
