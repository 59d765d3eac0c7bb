//! A finding: one problem at one place.

use crate::model::Span;
use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// One problem found by a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Index of the document in the run's extraction list.
    pub document: usize,
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    /// Where in the document's original text.
    pub span: crate::model::Span,
    /// The footnote number concerned, if any.
    pub footnote: Option<u32>,
    pub message: String,
    pub help: Option<String>,
}

impl Finding {
    /// A finding with the rule's declaration filled in.
    pub fn new(
        meta: &'static super::RuleMeta,
        document: usize,
        span: Span,
        footnote: Option<u32>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            document,
            code: meta.code,
            rule: meta.name,
            severity: meta.default_severity,
            span,
            footnote,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
