//! IB303 outlet-near-miss: an unknown name close to a known one.

use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity, Shared};
use crate::outlets::infer::MatchKind;

pub static META: RuleMeta = RuleMeta {
    code: "IB303",
    name: "outlet-near-miss",
    default_severity: Severity::Warning,
    summary: "An unknown outlet name close to a known one (`Wash. Swiss Post` ~ `Wash. Post`)",
    doc: r#"## What it does
Flags an outlet name that is not in the registry but is one word longer or shorter than a
known spelling, or has one misspelled word: `Wash. Swiss Post` for `Wash. Post`,
`Washingon Post` for `Washington Post`. The suggestion keeps the document's style (the
Bluebook abbreviation when the name is abbreviated, the full name otherwise).

## Why is this bad?
Garbled outlet names come from bad OCR, a merge of two citations or a typo. They make the
source hard to find and look careless; a fact-checker cannot tell whether a different
publication was meant.

## Example
```text
58 Susannah George, Civilian casualties in Afghanistan rise after U.S.-Taliban deal, Wash. Swiss Post (19 May 2020).
```
Use instead:
```text
58 Susannah George, Civilian casualties in Afghanistan rise after U.S.-Taliban deal, Wash. Post (May 19, 2020).
```
"#,
};

/// The rule.
pub struct OutletNearMiss;

impl Rule for OutletNearMiss {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        self.check_shared(&Shared::new(ctx), out);
    }

    fn check_shared(&self, shared: &Shared<'_>, out: &mut Vec<Finding>) {
        let inference = shared.inference();
        for it in &inference.items {
            let MatchKind::NearMiss(nm) = &it.how else {
                continue;
            };
            out.push(
                Finding::new(
                    &META,
                    it.document,
                    it.span,
                    it.note,
                    format!(
                        "`{}` looks like `{}` ({}) {}",
                        it.as_written,
                        nm.matched,
                        nm.outlet.name,
                        nm.reason.describe()
                    ),
                )
                .with_help(format!("write `{}`", nm.suggestion)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outlets::test_support::{extraction, note, run_rule};

    #[test]
    fn explains_each_near_miss() {
        let ex = extraction(vec![
            note(58, &["N.Y. Times", "Wash. Swiss Post", "CNN"]),
            note(60, &["Washingon Post", "Christian Monitor"]),
        ]);
        insta::assert_snapshot!(run_rule(&OutletNearMiss, &[ex]));
    }

    #[test]
    fn is_silent_for_known_distinct_outlets() {
        let ex = extraction(vec![note(
            1,
            &[
                "Washington Times",
                "New York Post",
                "Financial Post",
                "The Times (London)",
            ],
        )]);
        assert_eq!(run_rule(&OutletNearMiss, &[ex]), "");
    }
}
