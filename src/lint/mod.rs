//! The lint engine: rules read the parsed model and emit [`Finding`]s.
//!
//! Each rule is a unit in `rules/` (one file: declaration, doc, check, fixture tests),
//! registered once in [`registry`]. Rules never touch the database.

pub mod docs;
mod finding;
pub mod registry;
pub mod rules;
mod run;
pub mod settings;
mod shared;
pub mod spill;
pub mod suppress;

pub use finding::{Finding, Severity};
pub use run::{RunSummary, RunSummaryBuilder};
pub use shared::Shared;
pub use spill::{FindingStore, FindingStoreError, FindingTotals, RuleTally};

use crate::model::Extraction;
use crate::outlets::Registry;
use std::collections::HashMap;

/// A rule's declaration: the contract of design.md §5.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code (`IB301`); never reused.
    pub code: &'static str,
    /// Kebab-case name (`inconsistent-outlet-name`).
    pub name: &'static str,
    pub default_severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// Markdown: `## What it does`, `## Why is this bad?`, `## Example`.
    pub doc: &'static str,
}

/// What every rule sees.
pub struct LintContext<'a> {
    /// All documents of the run (corpus-wide rules look across them).
    pub extractions: &'a [Extraction],
    pub registry: &'a Registry,
    /// The document's own date, for "date in the future" checks (defaults to today).
    pub document_date: chrono::NaiveDate,
    /// The fact-checking ledger of a database (`ibid check --db`, `ibid scan`), for
    /// IB501/IB502; `None` without a database, and those rules then find nothing.
    pub ledger: Option<&'a crate::ledger::Ledger>,
}

/// A lint rule.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// Whether the rule runs unless configured otherwise. A rule that is off by default
    /// (IB501) runs once selected (`--select`, `select`) or given a severity (`[rules]`).
    fn enabled_by_default(&self) -> bool {
        true
    }
    /// Append findings (with the rule's default severity; the engine applies overrides).
    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>);
    /// [`Rule::check`] reading what several rules derive from the run from `shared`
    /// (built for the same context): what the engine calls. A rule that reads shared
    /// work implements this, and `check` as `self.check_shared(&Shared::new(ctx), out)`.
    fn check_shared(&self, shared: &Shared<'_>, out: &mut Vec<Finding>) {
        self.check(shared.ctx, out);
    }
}

/// Which rules run at what severity.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// Severity overrides by rule code; `None` turns a rule off (applied after
    /// `settings.base`, before per-path and command-line layers).
    pub overrides: HashMap<&'static str, Option<Severity>>,
    /// select/ignore/severity layers: config, per-path overrides, command line.
    pub settings: settings::Settings,
}

/// Run every registered rule over the run's documents; findings come back sorted by
/// document, position and code.
pub fn lint(ctx: &LintContext<'_>, options: &LintOptions) -> Vec<Finding> {
    let tables = tables_of(ctx.extractions, options);
    let findings = rule_findings(&Shared::new(ctx), &tables, |_| true);
    let suppressions = suppressions_of(ctx.extractions, 0);
    finish(findings, &suppressions, |doc| tables.get(doc).cloned())
}

/// The rules' settings for each document.
fn tables_of(extractions: &[Extraction], options: &LintOptions) -> Vec<settings::RuleTable> {
    extractions
        .iter()
        .map(|e| {
            options
                .settings
                .table_for(&e.document.path, &options.overrides)
        })
        .collect()
}

/// Every suppression of `extractions`, the first being document `first` of the run.
fn suppressions_of(extractions: &[Extraction], first: usize) -> Vec<suppress::Suppression> {
    extractions
        .iter()
        .enumerate()
        .flat_map(|(i, e)| suppress::find(first + i, e))
        .collect()
}

/// The findings of the rules `runs` says, at the severity `tables` give them (a rule
/// off for a document finds nothing there); neither suppressed nor sorted.
fn rule_findings(
    shared: &Shared<'_>,
    tables: &[settings::RuleTable],
    runs: impl Fn(&'static str) -> bool,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in registry::all_rules() {
        let code = rule.meta().code;
        if !runs(code) || !tables.iter().any(|t| t.severity(code).is_some()) {
            continue;
        }
        let start = findings.len();
        rule.check_shared(shared, &mut findings);
        let mut i = start;
        while i < findings.len() {
            match tables
                .get(findings[i].document)
                .and_then(|t| t.severity(code))
            {
                Some(s) => {
                    findings[i].severity = s;
                    i += 1;
                }
                None => {
                    findings.swap_remove(i);
                }
            }
        }
    }
    findings
}

/// Apply the run's suppressions to its findings, add a finding per unused suppression,
/// and sort by document, position and code. `table` gives a document's rule settings.
fn finish(
    mut findings: Vec<Finding>,
    suppressions: &[suppress::Suppression],
    table: impl Fn(usize) -> Option<settings::RuleTable>,
) -> Vec<Finding> {
    let unused = suppress::apply(&mut findings, suppressions);
    findings.extend(unused_findings(&unused, table));
    findings.sort_by(order);
    findings
}

/// A finding per unused suppression, at the severity `table` (a document's rule
/// settings) gives it; none where the rule is off.
fn unused_findings(
    unused: &[suppress::Suppression],
    table: impl Fn(usize) -> Option<settings::RuleTable>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    if unused.is_empty() {
        return findings;
    }
    let mut memo: HashMap<usize, Option<settings::RuleTable>> = HashMap::new();
    let mut table_of = |doc: usize| memo.entry(doc).or_insert_with(|| table(doc)).clone();
    let off: HashMap<(usize, &str), bool> = unused
        .iter()
        .flat_map(|s| s.codes.iter().map(move |c| (s.document, *c)))
        .map(|(doc, code)| {
            let off = table_of(doc).is_none_or(|t| t.severity(code).is_none());
            ((doc, code), off)
        })
        .collect();
    let is_off = |doc: usize, code: &str| off.get(&(doc, code)).copied().unwrap_or(true);
    for mut f in rules::unused_suppression::findings(unused, is_off) {
        if let Some(s) = table_of(f.document).and_then(|t| t.severity(f.code)) {
            f.severity = s;
            findings.push(f);
        }
    }
    findings
}

/// The order of a run's findings: by document, position and code.
fn order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    (a.document, a.span.start, a.code, a.span.end).cmp(&(
        b.document,
        b.span.start,
        b.code,
        b.span.end,
    ))
}

/// A run linted a batch of documents at a time against its [`RunSummary`]: what
/// [`lint`] over all the documents at once finds, holding one batch at a time. Each
/// batch's findings are settled (suppressed, sorted) as it is linted and kept in a
/// [`FindingStore`]; only IB305 across the run and the unused suppressions wait for the
/// end ([`LintedRun`]).
pub struct ChunkedLint<'o> {
    options: &'o LintOptions,
    /// The findings of the batches so far, documents numbered in the run.
    findings: FindingStore,
    /// Documents linted so far.
    documents: usize,
    suppressions: Vec<suppress::Suppression>,
    /// Whether each suppression covered a finding yet.
    used: Vec<bool>,
    /// The citations IB305 compares across the run.
    conflicts: crate::export::works::CitationSubset,
    /// Each document's path, for its rule settings.
    paths: Vec<String>,
}

impl<'o> ChunkedLint<'o> {
    /// Holding every finding in memory (encoded).
    pub fn new(options: &'o LintOptions) -> Self {
        Self::with_budget(options, usize::MAX)
    }

    /// Holding up to `bytes` of encoded findings in memory, the rest in a temporary
    /// file ([`FindingStore`]).
    pub fn with_budget(options: &'o LintOptions, bytes: usize) -> Self {
        ChunkedLint {
            options,
            findings: FindingStore::new(bytes),
            documents: 0,
            suppressions: Vec::new(),
            used: Vec::new(),
            conflicts: Default::default(),
            paths: Vec::new(),
        }
    }

    /// Lint the next documents of the run (`ctx.extractions`), in order.
    pub fn add(&mut self, ctx: &LintContext<'_>, run: &RunSummary<'_>) {
        let first = self.documents;
        let tables = tables_of(ctx.extractions, self.options);
        let shared = Shared::in_run(ctx, run);
        let mut found = rule_findings(&shared, &tables, |code| {
            code != rules::conflicting_duplicate::META.code
        });
        for f in &mut found {
            f.document += first;
        }
        // A suppression covers findings of its own document only: this batch's settle
        // this batch's findings.
        let from = self.suppressions.len();
        self.suppressions
            .extend(suppressions_of(ctx.extractions, first));
        self.used.resize(self.suppressions.len(), false);
        if let (Some(batch), Some(used)) =
            (self.suppressions.get(from..), self.used.get_mut(from..))
        {
            suppress::apply_marking(&mut found, batch, used);
        }
        found.sort_by(order);
        for f in &found {
            self.findings.push(f);
        }
        if !run.titles.is_empty() {
            let mut key = String::new();
            self.conflicts
                .add(first, ctx.extractions, |c| run.titles.repeats(c, &mut key));
        }
        self.paths
            .extend(ctx.extractions.iter().map(|e| e.document.path.clone()));
        self.documents += ctx.extractions.len();
    }

    /// The run's findings, in the order [`lint`] gives them.
    pub fn finish(mut self) -> LintedRun {
        let options = self.options;
        let paths = self.paths;
        let table = |doc: usize| {
            paths
                .get(doc)
                .map(|p| options.settings.table_for(p, &options.overrides))
        };
        let code = rules::conflicting_duplicate::META.code;
        let mut conflicts = Vec::new();
        rules::conflicting_duplicate::findings_in(&self.conflicts, &mut conflicts);
        drop(self.conflicts);
        let mut memo: HashMap<usize, Option<Severity>> = HashMap::new();
        let mut late = Vec::new();
        for mut f in conflicts {
            let severity = *memo
                .entry(f.document)
                .or_insert_with(|| table(f.document).and_then(|t| t.severity(code)));
            if let Some(s) = severity {
                f.severity = s;
                late.push(f);
            }
        }
        suppress::apply_marking(&mut late, &self.suppressions, &mut self.used);
        let unused: Vec<suppress::Suppression> = self
            .suppressions
            .into_iter()
            .zip(self.used)
            .filter_map(|(s, used)| (!used).then_some(s))
            .collect();
        late.extend(unused_findings(&unused, table));
        // stable: in the order `lint` sorts them, IB305 before unused suppressions
        late.sort_by(order);
        LintedRun::new(self.findings, late)
    }
}

/// A run's findings as [`ChunkedLint`] leaves them: the batches' findings in a
/// [`FindingStore`], and those only the whole run gives (IB305 across documents, unused
/// suppressions: few), merged with them in order as they are read.
#[derive(Debug)]
pub struct LintedRun {
    stored: FindingStore,
    late: Vec<Finding>,
    totals: FindingTotals,
    /// Why the stored findings could not all be read back, the last time they were read.
    error: std::cell::RefCell<Option<FindingStoreError>>,
}

impl LintedRun {
    fn new(stored: FindingStore, late: Vec<Finding>) -> Self {
        let mut totals = stored.totals().clone();
        totals.merge(&FindingTotals::of(&late));
        LintedRun {
            stored,
            late,
            totals,
            error: std::cell::RefCell::new(None),
        }
    }

    /// Counted as the findings were found.
    pub fn totals(&self) -> &FindingTotals {
        &self.totals
    }

    /// The findings, in the order [`lint`] gives them, read back one at a time. If they
    /// cannot all be read back, the iteration ends early and [`LintedRun::take_error`]
    /// says why.
    pub fn iter(&self) -> LintedFindings<'_> {
        LintedFindings {
            stored: self.stored.iter(),
            next_stored: None,
            late: self.late.iter().peekable(),
            error: &self.error,
        }
    }

    /// Why the findings last read ended early, if they did.
    pub fn take_error(&self) -> Option<FindingStoreError> {
        self.error.borrow_mut().take()
    }

    /// Every finding, in order.
    pub fn to_vec(&self) -> Result<Vec<Finding>, FindingStoreError> {
        let all = self.iter().map(std::borrow::Cow::into_owned).collect();
        match self.take_error() {
            Some(e) => Err(e),
            None => Ok(all),
        }
    }
}

/// [`LintedRun::iter`].
pub struct LintedFindings<'r> {
    stored: spill::ReadBack<'r>,
    next_stored: Option<Finding>,
    late: std::iter::Peekable<std::slice::Iter<'r, Finding>>,
    error: &'r std::cell::RefCell<Option<FindingStoreError>>,
}

impl<'r> Iterator for LintedFindings<'r> {
    type Item = std::borrow::Cow<'r, Finding>;

    fn next(&mut self) -> Option<Self::Item> {
        use std::borrow::Cow;
        if self.next_stored.is_none() {
            self.next_stored = self.stored.next();
            if self.next_stored.is_none() {
                if let Some(e) = self.stored.error() {
                    // the rest would be a report with findings missing: none of it
                    *self.error.borrow_mut() = Some(e);
                    return None;
                }
            }
        }
        // on a tie, the batches' findings first, as `lint`'s stable sort leaves them
        let late_first = match (&self.next_stored, self.late.peek()) {
            (Some(s), Some(l)) => order(l, s).is_lt(),
            (None, Some(_)) => true,
            (_, None) => false,
        };
        if late_first {
            self.late.next().map(Cow::Borrowed)
        } else {
            self.next_stored.take().map(Cow::Owned)
        }
    }
}
