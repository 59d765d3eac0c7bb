//! `--format concise`: one line per finding, `path:line:col: IB301 message`, the form
//! editors and `grep`-style tools parse; then the summary line.

use super::location;
use super::summary::Summary;
use super::{CheckedDocument, FindingSource};

/// One line per finding, then the summary. Ends with a newline.
pub fn check_concise<D: CheckedDocument, F: FindingSource + ?Sized>(
    extractions: &[D],
    findings: &F,
    skipped: usize,
) -> String {
    super::to_string(|w| write_check_concise(w, extractions, findings, skipped))
}

/// [`check_concise`] written to `out` a line at a time.
pub fn write_check_concise<D: CheckedDocument, F: FindingSource + ?Sized>(
    out: &mut dyn std::io::Write,
    extractions: &[D],
    findings: &F,
    skipped: usize,
) -> std::io::Result<()> {
    for f in findings.each() {
        match extractions.get(f.document).map(D::document) {
            Some(doc) => {
                let r = location::range(&doc, f.span);
                write!(out, "{}:{}:{}: ", doc.path, r.start.line, r.start.column)?;
            }
            None => out.write_all(b"?: ")?,
        }
        // one finding, one line
        writeln!(out, "{} {}", f.code, f.message.replace(['\r', '\n'], " "))?;
    }
    let mut summary = Summary::with_totals(extractions, &findings.totals());
    summary.skipped = skipped;
    writeln!(out, "{}", summary.line())
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
