//! IB302 unknown-outlet: an outlet not in the registry.

use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity, Shared};
use crate::outlets::infer::MatchKind;
use foldhash::{HashMap, HashMapExt};

pub static META: RuleMeta = RuleMeta {
    code: "IB302",
    name: "unknown-outlet",
    default_severity: Severity::Info,
    summary: "An outlet not in the registry",
    doc: r#"## What it does
Notes an outlet name that matches no outlet of the registry (built in, or added in
`ibid.toml`), once per document and spelling. Names close to a known outlet are reported by
`outlet-near-miss` instead, and cut-short names by `truncated-outlet`.

## Why is this bad?
It may be fine: the registry does not know every publication. But an unknown outlet cannot
be checked for consistent spelling or against its web domain. Add real outlets to the
registry so their spellings are checked too.

## Example
```text
12 Kabul rally draws crowds, Kabul Weekly Gazette (Dec. 7, 2019).
```
Add it to `ibid.toml`:
```toml
[[outlet]]
id = "kabul-weekly-gazette"
name = "Kabul Weekly Gazette"
```
"#,
};

/// The rule.
pub struct UnknownOutlet;

impl Rule for UnknownOutlet {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        self.check_shared(&Shared::new(ctx), out);
    }

    fn check_shared(&self, shared: &Shared<'_>, out: &mut Vec<Finding>) {
        let inference = shared.inference();
        // (document, spelling) → (index of first use, count)
        let mut seen: HashMap<(usize, &str), (usize, usize)> = HashMap::new();
        let mut order = Vec::new();
        for (i, it) in inference.items.iter().enumerate() {
            if it.how != MatchKind::Unknown {
                continue;
            }
            let e = seen
                .entry((it.document, it.as_written.as_str()))
                .or_insert_with(|| {
                    order.push(i);
                    (i, 0)
                });
            e.1 += 1;
        }
        for i in order {
            let it = &inference.items[i];
            let count = seen
                .get(&(it.document, it.as_written.as_str()))
                .map_or(1, |e| e.1);
            let times = if count > 1 {
                format!(" (cited {count} times)")
            } else {
                String::new()
            };
            out.push(
                Finding::new(
                    &META,
                    it.document,
                    it.span,
                    it.note,
                    format!("outlet `{}` is not in the registry{times}", it.as_written),
                )
                .with_help(
                    "if it is a real outlet, add it under [[outlet]] in ibid.toml so its spellings are checked",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outlets::test_support::{extraction, note, run_rule};

    #[test]
    fn reports_each_unknown_spelling_once_per_document() {
        let ex = extraction(vec![
            note(1, &["Kabul Weekly Gazette", "N.Y. Times"]),
            note(2, &["Kabul Weekly Gazette", "Afghan Daily Herald"]),
        ]);
        insta::assert_snapshot!(run_rule(&UnknownOutlet, &[ex]));
    }

    #[test]
    fn leaves_near_misses_and_truncations_to_other_rules() {
        let ex = extraction(vec![note(
            1,
            &["Wash. Swiss Post", "Wash.", "Washingon Post"],
        )]);
        assert_eq!(run_rule(&UnknownOutlet, &[ex]), "");
    }
}
