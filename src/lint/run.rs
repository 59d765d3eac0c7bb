//! What the cross-document parts of the lint read of a whole run, summed up one batch of
//! documents at a time, so that a run is linted without holding all its documents.
//!
//! Per-document rules need only their document. The parts that look across the run read
//! this summary instead of the other documents: IB301 (one outlet spelt several ways
//! across the run: the run's spellings per outlet), the outlet a cut-short name stands for
//! when its document does not settle it (the run's citations per outlet: IB206, IB301,
//! IB302, IB303, IB307), and IB305 (which title and outlet keys the run cites more than
//! once: only those citations are kept for it, see [`super::ChunkedLint`]).

use crate::export::works::RepeatedTitles;
use crate::model::Extraction;
use crate::outlets::infer::{OutletUsage, RunOutlets};
use crate::outlets::Registry;

/// A run summed up: see the module documentation.
#[derive(Debug)]
pub struct RunSummary<'r> {
    /// How many documents the run has.
    pub documents: usize,
    pub(crate) outlets: RunOutlets<'r>,
    /// The spellings per outlet across the run.
    pub(crate) usage: Vec<OutletUsage<'r>>,
    pub(crate) titles: RepeatedTitles,
}

/// Builds a [`RunSummary`] from the run's documents, a batch at a time, in order.
#[derive(Debug)]
pub struct RunSummaryBuilder<'r> {
    registry: &'r Registry,
    documents: usize,
    outlets: RunOutlets<'r>,
    titles: RepeatedTitles,
}

impl<'r> RunSummaryBuilder<'r> {
    pub fn new(registry: &'r Registry) -> Self {
        RunSummaryBuilder {
            registry,
            documents: 0,
            outlets: RunOutlets::default(),
            titles: RepeatedTitles::default(),
        }
    }

    /// Add the next documents of the run.
    pub fn add(&mut self, extractions: &[Extraction]) {
        self.documents += extractions.len();
        self.outlets.add(extractions, self.registry);
        self.titles.add(extractions);
    }

    pub fn finish(self) -> RunSummary<'r> {
        let (outlets, usage) = self.outlets.finish();
        let mut titles = self.titles;
        titles.finish();
        RunSummary {
            documents: self.documents,
            outlets,
            usage,
            titles,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::test_support::{document_date, markdown, taliban};
    use crate::lint::{lint, ChunkedLint, LintContext, LintOptions, RunSummaryBuilder};
    use crate::model::Extraction;
    use crate::outlets::infer::{infer_outlets, RunOutlets};
    use crate::outlets::test_support::{extraction_named, note};
    use crate::outlets::Registry;

    /// Findings that look across documents: IB305 across documents, IB301 across the run,
    /// cut-short names only the run settles (IB206), unknown and near-miss outlets, and
    /// suppressions, used and unused.
    const RUN: [&str; 4] = [
        "One.[^1] Two.[^2] Three.[^3]\n\n\
        [^1]: Ann Lee, “Harbour Plans Approved,” Reuters, May 2, 2020.\n\
        [^2]: Mujib Mashal, “Taliban intensify attacks,” N.Y. Times, Apr. 24, 2020.\n\
        [^3]: Anne Gearan, “Trump speaks by phone,” Wash. Post, Mar. 4, 2020.\n",
        "One.[^1] Two.[^2] Three.[^3]\n\n\
        [^1]: Ann Lee, “Harbour Plans Approved,” Reuters, May 3, 2020.\n\
        [^2]: Lara Jakes, “Taliban intensify attacks,” New York Times, Apr. 24, 2020.\n\
        [^3]: Anne Gearan, “Talks resume,” Wash., Mar. 5, 2020. <!-- ibid-ignore: IB203 -->\n",
        "One.[^1] Two.[^2]\n\n\
        [^1]: Ann Lee, “Harbour Plans Approved,” Reuters, May 2, 2020. <!-- ibid-ignore: IB305 -->\n\
        [^2]: Bob Smith, “Harbour Plans Approved,” Reuters, May 2, 2020. <!-- ibid-ignore: IB305 -->\n",
        "One.[^1]\n\n\
        [^1]: Bob Smith, “Harbour Plans Approved,” Washington Psot, May 2, 2020; \
        Ann Lee, “Other,” Kabul Weekly Gazette (2020); Ann Lee, “More,” Wash. (2021).\n",
    ];

    fn run() -> Vec<Extraction> {
        let mut run: Vec<Extraction> = RUN.iter().map(|t| markdown(t)).collect();
        run.insert(2, taliban());
        run.push(markdown(RUN[1]));
        run
    }

    /// [`lint`] over the whole run, and over batches of `size` against the run's summary
    /// holding up to `budget` bytes of findings in memory.
    fn both_ways(
        run: &[Extraction],
        size: usize,
        budget: usize,
    ) -> (Vec<crate::lint::Finding>, Vec<crate::lint::Finding>) {
        let options = LintOptions::default();
        let ctx = |extractions| LintContext {
            extractions,
            registry: Registry::builtin(),
            document_date: document_date(),
            ledger: None,
        };
        let whole = lint(&ctx(run), &options);
        let mut summary = RunSummaryBuilder::new(Registry::builtin());
        for batch in run.chunks(size) {
            summary.add(batch);
        }
        let summary = summary.finish();
        assert_eq!(summary.documents, run.len());
        let mut linted = ChunkedLint::with_budget(&options, budget);
        for batch in run.chunks(size) {
            linted.add(&ctx(batch), &summary);
        }
        let linted = linted.finish();
        assert_eq!(linted.totals(), &crate::lint::FindingTotals::of(&whole));
        let batched = linted.to_vec().unwrap_or_else(|e| panic!("{e}"));
        (whole, batched)
    }

    #[test]
    fn a_run_linted_in_batches_finds_what_it_finds_whole() {
        let run = run();
        for (size, budget) in [1, 2, 3, run.len()].into_iter().flat_map(|size| {
            // held in memory, and moved to a file after each finding
            [usize::MAX, 0].map(|budget| (size, budget))
        }) {
            let (whole, batched) = both_ways(&run, size, budget);
            assert_eq!(whole, batched, "batches of {size}, budget {budget}");
            for code in ["IB206", "IB301", "IB305", "IB001"] {
                assert!(whole.iter().any(|f| f.code == code), "{code} not found");
            }
        }
    }

    #[test]
    fn the_run_outlets_summed_up_in_batches_are_the_whole_runs() {
        // `Wash.` in the first document is settled by neither its document nor by a
        // unique candidate: the run's `Wash. Post`s, counted later, settle it.
        let run = [
            extraction_named(
                "a.md",
                vec![note(1, &["Wash.", "N.Y. Times", "Kabul Gazette"])],
            ),
            extraction_named("b.md", vec![note(1, &["New York Times", "Wash. Post"])]),
            extraction_named(
                "c.md",
                vec![note(2, &["Wash. Post", "Wash.", "Kabul Gazette"])],
            ),
            extraction_named(
                "d.md",
                vec![note(3, &["Washington Post", "Wash.", "N.Y.\nTimes"])],
            ),
        ];
        let reg = Registry::builtin();
        let whole = infer_outlets(&run, reg);
        for size in 1..=run.len() {
            let mut outlets = RunOutlets::default();
            for batch in run.chunks(size) {
                outlets.add(batch, reg);
            }
            let (outlets, usage) = outlets.finish();
            assert_eq!(usage, whole.usage(None), "batches of {size}");
            let mut items = Vec::new();
            for (i, batch) in run.chunks(size).enumerate() {
                let inf = crate::outlets::infer::infer_outlets_in_run(batch, reg, &outlets);
                items.extend(inf.items.into_iter().map(|mut it| {
                    it.document += i * size;
                    it
                }));
            }
            assert_eq!(items, whole.items, "batches of {size}");
        }
        assert!(whole.items[0].outlet.is_some(), "the run settles `Wash.`");
    }
}
