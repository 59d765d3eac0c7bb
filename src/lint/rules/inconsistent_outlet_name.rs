//! IB301 inconsistent-outlet-name: one outlet written several ways in a document or a run.

use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity, Shared};
use crate::outlets::infer::{Inference, InferredOutlet, OutletUsage};
use crate::outlets::{abbreviates, Registry};

pub static META: RuleMeta = RuleMeta {
    code: "IB301",
    name: "inconsistent-outlet-name",
    default_severity: Severity::Warning,
    summary: "One outlet written several ways in a document or corpus",
    doc: r#"## What it does
Counts the spellings used for each outlet, within each document and across all documents
of the run, and flags an outlet written more than one way. Near-miss and cut-short names
count for the outlet they were inferred to be. Whitespace is ignored (`N.Y.` and `Times`
split over a line break are still `N.Y. Times`). The finding lists every spelling with its
count and suggests the most used known spelling, or, when no known spelling is used most,
the outlet's name in the style most spellings use (the Bluebook abbreviation or the full name).

## Why is this bad?
Citation styles ask for one form per outlet (Bluebook: `Wash. Post`). Mixed forms suggest
citations pasted from different sources and unchecked, and they break grouping and search.

## Example
```text
16 …, Washington Post (Mar. 3, 2020).
49 …, Wash. Post (Mar. 4, 2020).
```
Use instead:
```text
16 …, Wash. Post (Mar. 3, 2020).
49 …, Wash. Post (Mar. 4, 2020).
```
"#,
};

/// The rule.
pub struct InconsistentOutletName;

/// `` `A` (2), `B` (1) ``
fn list(usage: &OutletUsage<'_>) -> String {
    usage
        .spellings
        .iter()
        .map(|s| format!("`{}` ({})", s.spelling, s.count))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The spelling to use: a known spelling used more than any other; failing that, the
/// outlet's name in the style most of its spellings use (Bluebook abbreviation or full name).
fn suggested(usage: &OutletUsage<'_>, reg: &Registry) -> String {
    let known = usage
        .spellings
        .iter()
        .find(|s| reg.resolve(&s.spelling).is_some());
    if let Some(k) = known {
        let beats_all = usage
            .spellings
            .iter()
            .all(|s| s.spelling == k.spelling || s.count < k.count);
        if beats_all || usage.outlet.is_none() {
            return k.spelling.clone();
        }
    }
    let Some(outlet) = usage.outlet else {
        return usage
            .spellings
            .first()
            .map(|s| s.spelling.clone())
            .unwrap_or_default();
    };
    let (abbr, full): (usize, usize) = usage.spellings.iter().fold((0, 0), |(a, f), s| {
        if abbreviates(&s.spelling) {
            (a + s.count, f)
        } else {
            (a, f + s.count)
        }
    });
    match &outlet.abbreviation {
        Some(a) if abbr > full => a.clone(),
        _ => known.map_or_else(|| outlet.name.clone(), |k| k.spelling.clone()),
    }
}

fn same_outlet(it: &InferredOutlet<'_>, usage: &OutletUsage<'_>) -> bool {
    matches!((it.outlet, usage.outlet), (Some(a), Some(b)) if a.id == b.id)
}

impl Rule for InconsistentOutletName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        self.check_shared(&Shared::new(ctx), out);
    }

    fn check_shared(&self, shared: &Shared<'_>, out: &mut Vec<Finding>) {
        let (ctx, inference) = (shared.ctx, shared.inference());
        self.within_documents(ctx, inference, out);
        let docs = shared.documents();
        if docs > 1 {
            self.across_run(ctx, inference, &shared.run_usage(), docs, out);
        }
    }
}

impl InconsistentOutletName {
    fn within_documents(&self, ctx: &LintContext<'_>, inf: &Inference<'_>, out: &mut Vec<Finding>) {
        for d in 0..ctx.extractions.len() {
            for usage in inf.usage(Some(d)) {
                let Some(outlet) = usage.outlet else { continue };
                if usage.spellings.len() < 2 {
                    continue;
                }
                let use_this = suggested(&usage, ctx.registry);
                let Some(at) = inf
                    .in_document(d)
                    .find(|it| same_outlet(it, &usage) && it.as_written != use_this)
                else {
                    continue;
                };
                out.push(
                    Finding::new(
                        &META,
                        d,
                        at.span,
                        at.note,
                        format!(
                            "{} is written {} ways in this document: {}",
                            outlet.name,
                            usage.spellings.len(),
                            list(&usage)
                        ),
                    )
                    .with_help(format!("use one spelling throughout, e.g. `{use_this}`")),
                );
            }
        }
    }

    /// `run`: the spellings across the run's `docs` documents, of which `ctx` holds all or
    /// some.
    fn across_run(
        &self,
        ctx: &LintContext<'_>,
        inf: &Inference<'_>,
        run: &[OutletUsage<'_>],
        docs: usize,
        out: &mut Vec<Finding>,
    ) {
        for usage in run {
            let Some(outlet) = usage.outlet else { continue };
            if usage.spellings.len() < 2 {
                continue;
            }
            let use_this = suggested(usage, ctx.registry);
            for d in 0..ctx.extractions.len() {
                // Documents with several spellings already have their own finding.
                let local = inf
                    .usage(Some(d))
                    .into_iter()
                    .find(|u| u.outlet.is_some_and(|o| o.id == outlet.id));
                let Some(local) = local else { continue };
                if local.spellings.len() != 1 || local.spellings[0].spelling == use_this {
                    continue;
                }
                let Some(at) = inf.in_document(d).find(|it| same_outlet(it, usage)) else {
                    continue;
                };
                out.push(
                    Finding::new(
                        &META,
                        d,
                        at.span,
                        at.note,
                        format!(
                            "{} is written {} ways across the {docs} documents of this run: {}; this document uses `{}`",
                            outlet.name,
                            usage.spellings.len(),
                            list(usage),
                            local.spellings[0].spelling
                        ),
                    )
                    .with_help(format!("use one spelling in every document, e.g. `{use_this}`")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outlets::test_support::{extraction, extraction_named, note, run_rule};

    #[test]
    fn flags_the_washington_post_written_three_ways_not_the_times() {
        let ex = extraction(vec![
            note(58, &["N.Y.\n\nTimes", "Wash. Swiss Post", "CNN"]),
            note(12, &["Al Jazeera"]),
            note(16, &["N.Y. Times"]),
            note(49, &["Washington Post", "Wash."]),
        ]);
        insta::assert_snapshot!(run_rule(&InconsistentOutletName, &[ex]));
    }

    #[test]
    fn suggests_the_majority_spelling() {
        let ex = extraction(vec![
            note(1, &["N.Y. Times", "New York Times"]),
            note(2, &["N.Y. Times"]),
        ]);
        insta::assert_snapshot!(run_rule(&InconsistentOutletName, &[ex]));
    }

    #[test]
    fn flags_documents_that_disagree_across_the_run() {
        let a = extraction_named(
            "a.txt",
            vec![note(1, &["N.Y. Times"]), note(2, &["N.Y. Times"])],
        );
        let b = extraction_named("b.txt", vec![note(1, &["New York Times"])]);
        let c = extraction_named("c.txt", vec![note(1, &["N.Y. Times", "CNN"])]);
        insta::assert_snapshot!(run_rule(&InconsistentOutletName, &[a, b, c]));
    }

    #[test]
    fn is_silent_when_each_outlet_has_one_spelling() {
        let ex = extraction(vec![
            note(1, &["N.Y. Times", "CNN"]),
            note(2, &["N.Y.\nTimes"]),
        ]);
        assert_eq!(run_rule(&InconsistentOutletName, &[ex]), "");
    }
}
