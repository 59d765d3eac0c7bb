//! Counts shown at the end of every check report.

use super::CheckedDocument;
use crate::lint::{Finding, FindingTotals};
use serde::Serialize;

/// How much was read and how many findings of each severity came out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub documents: usize,
    pub footnotes: usize,
    pub citations: usize,
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    /// Files skipped while walking directories (unsupported type); human reports only.
    #[serde(skip)]
    pub skipped: usize,
}

impl Summary {
    pub fn new<D: CheckedDocument>(extractions: &[D], findings: &[Finding]) -> Self {
        Self::with_totals(extractions, &FindingTotals::of(findings))
    }

    /// [`Summary::new`] from the findings' totals.
    pub fn with_totals<D: CheckedDocument>(extractions: &[D], totals: &FindingTotals) -> Self {
        Summary {
            documents: extractions.len(),
            footnotes: extractions.iter().map(D::footnote_count).sum(),
            citations: extractions.iter().map(D::citation_count).sum(),
            error: totals.error,
            warning: totals.warning,
            info: totals.info,
            skipped: 0,
        }
    }

    /// `7 warnings, 3 errors, 2 info in 1 document (4 footnotes, 7 citations)`, or
    /// `no findings in …` when there is nothing to report.
    pub fn line(&self) -> String {
        let counts = if self.error + self.warning + self.info == 0 {
            "no findings".to_string()
        } else {
            format!(
                "{}, {}, {} info",
                plural(self.warning, "warning", "warnings"),
                plural(self.error, "error", "errors"),
                self.info
            )
        };
        let mut line = format!(
            "{counts} in {} ({}, {})",
            plural(self.documents, "document", "documents"),
            plural(self.footnotes, "footnote", "footnotes"),
            plural(self.citations, "citation", "citations"),
        );
        if self.skipped > 0 {
            line.push_str(&format!(
                "; {} skipped",
                plural(self.skipped, "unsupported file", "unsupported files")
            ));
        }
        line
    }
}

/// `1 document`, `2 documents`: a count and its noun.
pub(crate) fn plural<N: std::fmt::Display + PartialEq + From<u8>>(
    n: N,
    one: &str,
    many: &str,
) -> String {
    if n == N::from(1) {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line_pluralises_each_count() {
        let s = Summary {
            documents: 1,
            footnotes: 4,
            citations: 7,
            error: 3,
            warning: 7,
            info: 2,
            skipped: 0,
        };
        assert_eq!(
            s.line(),
            "7 warnings, 3 errors, 2 info in 1 document (4 footnotes, 7 citations)"
        );
        let one = Summary {
            documents: 2,
            footnotes: 1,
            citations: 1,
            error: 1,
            warning: 1,
            info: 1,
            skipped: 1,
        };
        assert_eq!(
            one.line(),
            "1 warning, 1 error, 1 info in 2 documents (1 footnote, 1 citation); 1 unsupported file skipped"
        );
        let none = Summary {
            documents: 0,
            ..Summary::default()
        };
        assert_eq!(
            none.line(),
            "no findings in 0 documents (0 footnotes, 0 citations)"
        );
    }
}
