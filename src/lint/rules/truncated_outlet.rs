//! IB206 truncated-outlet: an outlet name cut short (`Wash.`).

use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity, Shared};
use crate::outlets::infer::MatchKind;
use crate::outlets::styled_name;

pub static META: RuleMeta = RuleMeta {
    code: "IB206",
    name: "truncated-outlet",
    default_severity: Severity::Warning,
    summary: "An outlet name cut short (`Wash.`)",
    doc: r#"## What it does
Flags an outlet name that is only the beginning of a known outlet's name or Bluebook
abbreviation, such as `Wash.` for `Wash. Post`. When the document (or the run) cites one of
the possible outlets elsewhere, the finding names it.

## Why is this bad?
A cut-short outlet usually comes from a copy-and-paste or a conversion that lost the end of
the citation. Readers cannot tell which outlet is meant (`Wash.` may be the Washington Post,
the Washington Times or the Washington Examiner), and tools cannot match the source.

## Example
```text
49 Susannah George, the US is targeting the Taliban hours after Trump's phone call, Wash. (Mar. 4, 2020).
```
Use instead:
```text
49 Susannah George, the US is targeting the Taliban hours after Trump's phone call, Wash. Post (Mar. 4, 2020).
```
"#,
};

/// The rule.
pub struct TruncatedOutlet;

/// At most this many candidates are named when none can be chosen.
const MAX_LISTED: usize = 3;

impl Rule for TruncatedOutlet {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        self.check_shared(&Shared::new(ctx), out);
    }

    fn check_shared(&self, shared: &Shared<'_>, out: &mut Vec<Finding>) {
        let inference = shared.inference();
        for it in &inference.items {
            let MatchKind::Truncated { candidates } = &it.how else {
                continue;
            };
            let finding = match it.outlet {
                Some(o) => {
                    let full = styled_name(o, &it.as_written);
                    Finding::new(
                        &META,
                        it.document,
                        it.span,
                        it.note,
                        format!(
                            "outlet `{}` is cut short; it is probably `{full}` ({}), cited elsewhere",
                            it.as_written, o.name
                        ),
                    )
                    .with_help(format!("write the full outlet name: `{full}`"))
                }
                None => {
                    let mut names: Vec<String> = candidates
                        .iter()
                        .take(MAX_LISTED)
                        .map(|o| format!("`{}`", styled_name(o, &it.as_written)))
                        .collect();
                    if candidates.len() > MAX_LISTED {
                        names.push(format!("{} more", candidates.len() - MAX_LISTED));
                    }
                    Finding::new(
                        &META,
                        it.document,
                        it.span,
                        it.note,
                        format!(
                            "outlet `{}` is cut short; it could be {}",
                            it.as_written,
                            names.join(", ")
                        ),
                    )
                    .with_help("write the full outlet name")
                }
            };
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outlets::test_support::{extraction, note, run_rule};

    #[test]
    fn names_the_outlet_cited_elsewhere() {
        let ex = extraction(vec![
            note(16, &["Washington Post"]),
            note(49, &["Wash.", "N.Y. Times"]),
        ]);
        insta::assert_snapshot!(run_rule(&TruncatedOutlet, &[ex]));
    }

    #[test]
    fn lists_candidates_without_context() {
        let ex = extraction(vec![note(3, &["Wash."])]);
        insta::assert_snapshot!(run_rule(&TruncatedOutlet, &[ex]));
    }

    #[test]
    fn is_silent_for_full_names() {
        let ex = extraction(vec![note(
            1,
            &["Wash. Post", "Washington Times", "Kabul Gazette"],
        )]);
        assert_eq!(run_rule(&TruncatedOutlet, &[ex]), "");
    }
}
