//! What several rules derive from the same run, computed once per run on first use.
//!
//! Five outlet rules (IB206, IB301, IB302, IB303, IB307) read the outlet every citation
//! stands for, and five short-form rules (IB401–IB405) read how every `Id.`/`supra`
//! resolves: each rule computing its own copy did that work five times per document. The engine builds
//! one [`Shared`] per [`lint`](super::lint) call and hands it to every rule
//! ([`Rule::check_shared`](super::Rule::check_shared)); a rule run alone
//! ([`Rule::check`](super::Rule::check)) builds its own.

use super::{LintContext, RunSummary};
use crate::model::{Citation, Extraction, Footnote};
use crate::outlets::infer::{infer_outlets, infer_outlets_in_run, Inference, OutletUsage};
use crate::parse::resolve::Resolution;
use std::cell::OnceCell;

/// One short form with where it stands: `(document, extraction, footnote, citation,
/// resolution)`.
pub(crate) type ShortFormSite<'c> = (
    usize,
    &'c Extraction,
    &'c Footnote,
    &'c Citation,
    Resolution,
);

/// A run's context with what rules share, each part computed when a rule first asks.
pub struct Shared<'c> {
    /// The run, or a batch of its documents when `run` is given.
    pub ctx: &'c LintContext<'c>,
    /// The whole run summed up when `ctx` holds only some of its documents.
    run: Option<&'c RunSummary<'c>>,
    inference: OnceCell<Inference<'c>>,
    short_forms: OnceCell<Vec<ShortFormSite<'c>>>,
}

impl<'c> Shared<'c> {
    pub fn new(ctx: &'c LintContext<'c>) -> Self {
        Shared {
            ctx,
            run: None,
            inference: OnceCell::new(),
            short_forms: OnceCell::new(),
        }
    }

    /// The shared work of a batch of documents (`ctx`) of the run `run` sums up.
    pub fn in_run(ctx: &'c LintContext<'c>, run: &'c RunSummary<'c>) -> Self {
        Shared {
            run: Some(run),
            ..Shared::new(ctx)
        }
    }

    /// The outlet of every citation of the documents ([`infer_outlets`]; a cut-short name
    /// resolves from the whole run).
    pub fn inference(&self) -> &Inference<'c> {
        self.inference.get_or_init(|| match self.run {
            Some(run) => {
                infer_outlets_in_run(self.ctx.extractions, self.ctx.registry, &run.outlets)
            }
            None => infer_outlets(self.ctx.extractions, self.ctx.registry),
        })
    }

    /// How many documents the run has.
    pub fn documents(&self) -> usize {
        self.run
            .map_or(self.ctx.extractions.len(), |run| run.documents)
    }

    /// The spellings used per outlet across the whole run ([`Inference::usage`]).
    pub fn run_usage(&self) -> std::borrow::Cow<'_, [OutletUsage<'c>]> {
        match self.run {
            Some(run) => std::borrow::Cow::Borrowed(&run.usage),
            None => std::borrow::Cow::Owned(self.inference().usage(None)),
        }
    }

    /// Every short form of the run with its resolution, in document order.
    pub(crate) fn short_form_sites(&self) -> &[ShortFormSite<'c>] {
        self.short_forms
            .get_or_init(|| super::rules::common::short_form_sites(self.ctx))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::registry::all_rules;
    use crate::lint::rules::test_support::{document_date, markdown, taliban};
    use crate::outlets::Registry;
    use std::collections::BTreeSet;

    /// Outlets misspelt, cut short, unknown, on another outlet's site; one work cited with
    /// two dates; short forms that resolve, point nowhere or are ambiguous.
    const RUN: &str = "Text.[^1] More.[^2] More.[^3] And[^4] and[^5] and[^6].\n\n\
        [^1]: Mujib Mashal, Taliban intensify attacks, N.Y. Times (Apr. 24, 2020), \
        https://www.washingtonpost.com/2020/x.html.\n\
        [^2]: Anne Gearan, Trump speaks by phone, Washington Psot (Mar. 4, 2020); Lara Jakes, \
        Talks resume, Wash. (Mar. 5, 2020).\n\
        [^3]: Id. at 4.\n\
        [^4]: Mashal, supra note 1; Jakes, supra note 9.\n\
        [^5]: Mujib Mashal, Taliban intensify attacks, New York Times (Apr. 25, 2020).\n\
        [^6]: Ann Lee, A report, Kabul Weekly Gazette (2020); Ann Lee, Another, Wash. Post \
        (2021), https://www.washingtonpost.com/y.\n";

    #[test]
    fn every_rule_finds_the_same_with_shared_work_as_alone() {
        let run = [taliban(), markdown(RUN), markdown(RUN)];
        for extractions in [&run[..1], &run[1..2], &run[..]] {
            let ctx = LintContext {
                extractions,
                registry: Registry::builtin(),
                document_date: document_date(),
                ledger: None,
            };
            // One Shared for every rule, as the engine does.
            let shared = Shared::new(&ctx);
            let mut codes = BTreeSet::new();
            for rule in all_rules() {
                let mut alone = Vec::new();
                rule.check(&ctx, &mut alone);
                let mut with_shared = Vec::new();
                rule.check_shared(&shared, &mut with_shared);
                assert_eq!(alone, with_shared, "{}", rule.meta().code);
                codes.extend(alone.iter().map(|f| f.code));
            }
            if extractions.len() > 1 {
                // The run exercises the rules that read shared work.
                for code in [
                    "IB206", "IB301", "IB302", "IB303", "IB305", "IB307", "IB401", "IB402",
                ] {
                    assert!(codes.contains(code), "{code} not found: {codes:?}");
                }
            }
        }
    }
}
