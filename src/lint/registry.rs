//! The one place rules are registered. Order here is the order of `ibid rule`.

use super::{rules, Rule};

/// Every rule ibid knows, ordered by code.
pub fn all_rules() -> &'static [&'static dyn Rule] {
    static RULES: &[&dyn Rule] = &[
        // registered rules go here, ordered by code, e.g. &rules::footnote_number_gap::FootnoteNumberGap,
        &rules::truncated_outlet::TruncatedOutlet,
        &rules::inconsistent_outlet_name::InconsistentOutletName,
        &rules::unknown_outlet::UnknownOutlet,
        &rules::outlet_near_miss::OutletNearMiss,
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

#[allow(unused_imports)]
use rules as _rules_module_is_used_here;
