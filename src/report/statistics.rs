//! `--statistics`: how many findings each rule produced, instead of the findings.

use super::summary::Summary;
use super::{CheckedDocument, FindingSource};
use crate::lint::{Finding, FindingTotals, Severity};
use serde::Serialize;

/// One rule's count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub code: &'static str,
    pub rule: &'static str,
    /// The highest severity the rule's findings had.
    pub severity: Severity,
    pub count: usize,
}

/// Counts per rule, most frequent first (then by code).
pub fn counts(findings: &[Finding]) -> Vec<RuleCount> {
    counts_of(&FindingTotals::of(findings))
}

/// [`counts`] from the findings' totals.
pub fn counts_of(totals: &FindingTotals) -> Vec<RuleCount> {
    let mut out: Vec<RuleCount> = totals
        .rules
        .iter()
        .map(|t| RuleCount {
            code: t.code,
            rule: t.rule,
            severity: t.severity,
            count: t.count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    out
}

/// A table: count, code, name, severity; then the summary line. Ends with a newline.
pub fn statistics_text<D: CheckedDocument, F: FindingSource + ?Sized>(
    extractions: &[D],
    findings: &F,
    skipped: usize,
) -> String {
    let totals = findings.totals();
    let rows = counts_of(&totals);
    let name_width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(0);
    let count_width = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = String::new();
    for r in &rows {
        out.push_str(&format!(
            "{:>count_width$}  {}  {:<name_width$}  {}\n",
            r.count,
            r.code,
            r.rule,
            r.severity.as_str()
        ));
    }
    let mut summary = Summary::with_totals(extractions, &totals);
    summary.skipped = skipped;
    out.push_str(&summary.line());
    out.push('\n');
    out
}

#[derive(Serialize)]
struct StatisticsOut {
    version: u32,
    summary: Summary,
    statistics: Vec<RuleCount>,
}

/// `{"version": 1, "summary": {…}, "statistics": [{"code", "rule", "severity", "count"}]}`.
pub fn statistics_json<D: CheckedDocument, F: FindingSource + ?Sized>(
    extractions: &[D],
    findings: &F,
) -> String {
    let totals = findings.totals();
    let out = StatisticsOut {
        version: super::json::JSON_VERSION,
        summary: Summary::with_totals(extractions, &totals),
        statistics: counts_of(&totals),
    };
    match serde_json::to_string_pretty(&out) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        Err(e) => format!("{{\"version\": 1, \"error\": {:?}}}\n", e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn counts_are_grouped_by_rule_and_sorted() {
        let (extractions, findings) = fixture::sample();
        let rows = counts(&findings);
        assert_eq!(rows.iter().map(|r| r.count).sum::<usize>(), findings.len());
        assert!(rows.windows(2).all(|w| w[0].count >= w[1].count));
        insta::assert_snapshot!(statistics_text(&extractions, &findings, 0));
        let v: serde_json::Value =
            serde_json::from_str(&statistics_json(&extractions, &findings)).unwrap_or_default();
        assert_eq!(v["statistics"].as_array().map(Vec::len), Some(rows.len()));
        assert_eq!(
            v["summary"].get("skipped"),
            None,
            "summary keeps the contract"
        );
    }
}
