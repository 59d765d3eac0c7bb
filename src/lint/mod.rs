//! The lint engine: rules read the parsed model and emit [`Finding`]s.
//!
//! Each rule is a unit in `rules/` (one file: declaration, doc, check, fixture tests),
//! registered once in [`registry`]. Rules never touch the database.

pub mod docs;
mod finding;
pub mod registry;
pub mod rules;

pub use finding::{Finding, Severity};

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
}

/// A lint rule.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// Append findings (with the rule's default severity; the engine applies overrides).
    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>);
}

/// Severity overrides by rule code; `None` turns a rule off.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    pub overrides: HashMap<&'static str, Option<Severity>>,
}

/// Run every registered rule over the run's documents; findings come back sorted by
/// document, position and code.
pub fn lint(ctx: &LintContext<'_>, options: &LintOptions) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in registry::all_rules() {
        let meta = rule.meta();
        let severity = match options.overrides.get(meta.code) {
            Some(None) => continue,
            Some(Some(s)) => *s,
            None => meta.default_severity,
        };
        let start = findings.len();
        rule.check(ctx, &mut findings);
        for f in &mut findings[start..] {
            f.severity = severity;
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
