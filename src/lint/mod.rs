//! The lint engine: rules read the parsed model and emit [`Finding`]s.
//!
//! Each rule is a unit in `rules/` (one file: declaration, doc, check, fixture tests),
//! registered once in [`registry`]. Rules never touch the database.

pub mod docs;
mod finding;
pub mod registry;
pub mod rules;
pub mod settings;
mod shared;
pub mod suppress;

pub use finding::{Finding, Severity};
pub use shared::Shared;

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
    let tables: Vec<settings::RuleTable> = ctx
        .extractions
        .iter()
        .map(|e| {
            options
                .settings
                .table_for(&e.document.path, &options.overrides)
        })
        .collect();
    let mut findings = Vec::new();
    let shared = Shared::new(ctx);
    for rule in registry::all_rules() {
        let code = rule.meta().code;
        if !tables.iter().any(|t| t.severity(code).is_some()) {
            continue;
        }
        let start = findings.len();
        rule.check_shared(&shared, &mut findings);
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
    let suppressions: Vec<suppress::Suppression> = ctx
        .extractions
        .iter()
        .enumerate()
        .flat_map(|(i, e)| suppress::find(i, e))
        .collect();
    let unused = suppress::apply(&mut findings, &suppressions);
    let is_off =
        |doc: usize, code: &str| tables.get(doc).is_none_or(|t| t.severity(code).is_none());
    for mut f in rules::unused_suppression::findings(&unused, is_off) {
        if let Some(s) = tables.get(f.document).and_then(|t| t.severity(f.code)) {
            f.severity = s;
            findings.push(f);
        }
    }
    findings.sort_by(|a, b| {
        (a.document, a.span.start, a.code, a.span.end).cmp(&(
            b.document,
            b.span.start,
            b.code,
            b.span.end,
        ))
    });
    findings
}
