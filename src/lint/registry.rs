//! The one place rules are registered. Order here is the order of `ibid rule`.

use super::{rules, Rule};

/// Every rule ibid knows, ordered by code.
pub fn all_rules() -> &'static [&'static dyn Rule] {
    static RULES: &[&dyn Rule] = &[
        &rules::unused_suppression::UnusedSuppression,
        &rules::footnote_number_gap::FootnoteNumberGap,
        &rules::footnote_out_of_order::FootnoteOutOfOrder,
        &rules::duplicate_footnote_number::DuplicateFootnoteNumber,
        &rules::callout_without_footnote::CalloutWithoutFootnote,
        &rules::footnote_without_callout::FootnoteWithoutCallout,
        &rules::citation_split_across_paragraphs::CitationSplitAcrossParagraphs,
        &rules::unparsed_citation::UnparsedCitation,
        &rules::missing_date::MissingDate,
        &rules::incomplete_date::IncompleteDate,
        &rules::missing_url::MissingUrl,
        &rules::missing_author::MissingAuthor,
        &rules::missing_title::MissingTitle,
        &rules::truncated_outlet::TruncatedOutlet,
        &rules::impossible_date::ImpossibleDate,
        &rules::inconsistent_outlet_name::InconsistentOutletName,
        &rules::unknown_outlet::UnknownOutlet,
        &rules::outlet_near_miss::OutletNearMiss,
        &rules::mixed_date_styles::MixedDateStyles,
        &rules::conflicting_duplicate::ConflictingDuplicate,
        &rules::outlet_url_mismatch::OutletUrlMismatch,
        &rules::unresolved_supra::UnresolvedSupra,
        &rules::ambiguous_id::AmbiguousId,
        &rules::id_without_antecedent::IdWithoutAntecedent,
        &rules::supra_to_later_note::SupraToLaterNote,
        &rules::short_form_before_full_citation::ShortFormBeforeFullCitation,
        &rules::unverified_citation::UnverifiedCitation,
        &rules::verification_problem::VerificationProblem,
    ];
    RULES
}

/// Find a rule by code (`IB301`, case-insensitive) or name (`inconsistent-outlet-name`).
pub fn find_rule(code_or_name: &str) -> Option<&'static dyn Rule> {
    all_rules().iter().copied().find(|r| {
        let m = r.meta();
        m.code.eq_ignore_ascii_case(code_or_name) || m.name == code_or_name
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_ordered_by_code() {
        let codes: Vec<_> = all_rules().iter().map(|r| r.meta().code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn rules_are_found_by_code_or_name() {
        let by_code = find_rule("ib101").map(|r| r.meta().name);
        assert_eq!(by_code, Some("footnote-number-gap"));
        let by_name = find_rule("missing-url").map(|r| r.meta().code);
        assert_eq!(by_name, Some("IB203"));
        assert!(find_rule("no-such-rule").is_none());
    }

    #[test]
    fn the_acceptance_example_gets_the_expected_findings() {
        use crate::lint::rules::test_support::{document_date, taliban};
        use crate::lint::{lint, LintContext, LintOptions, Severity};
        use std::collections::BTreeMap;

        let exts = [taliban()];
        let ctx = LintContext {
            extractions: &exts,
            registry: crate::outlets::Registry::builtin(),
            document_date: document_date(),
            ledger: None,
        };
        let count = |options: &LintOptions| {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for f in lint(&ctx, options) {
                *counts.entry(f.rule).or_default() += 1;
            }
            counts
        };
        let counts = count(&LintOptions::default());
        // Only this branch's rules are counted; outlet rules live elsewhere.
        for (rule, n) in [
            ("callout-without-footnote", 3),
            ("footnote-out-of-order", 1),
            ("footnote-number-gap", 4),
            ("citation-split-across-paragraphs", 1),
            ("incomplete-date", 1),
            ("mixed-date-styles", 1),
            ("missing-url", 7),
            ("missing-author", 1),
            ("missing-date", 0),
            ("missing-title", 0),
            ("impossible-date", 0),
            ("unparsed-citation", 0),
            ("duplicate-footnote-number", 0),
            ("footnote-without-callout", 0),
        ] {
            assert_eq!(counts.get(rule).copied().unwrap_or(0), n, "{rule}");
        }

        let mut options = LintOptions::default();
        options.overrides.insert("IB203", None);
        options.overrides.insert("IB204", Some(Severity::Error));
        let findings = lint(&ctx, &options);
        assert!(findings.iter().all(|f| f.code != "IB203"));
        assert!(findings
            .iter()
            .filter(|f| f.code == "IB204")
            .all(|f| f.severity == Severity::Error));
    }
}
