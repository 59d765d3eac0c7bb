//! IB001 `unused-suppression`: an `ibid-ignore` comment that suppresses nothing.
//!
//! Unlike other rules it needs every other rule's findings, so the engine computes it
//! after they ran ([`crate::lint::lint`] through [`crate::lint::suppress`]); this file
//! declares it and builds its findings.

use crate::lint::suppress::Suppression;
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "IB001",
    name: "unused-suppression",
    default_severity: Severity::Info,
    summary: "An `ibid-ignore` comment suppresses no finding",
    doc: r#"## What it does

Reports each rule named in an `ibid-ignore` comment that suppressed nothing where the
comment stands: the rule found no problem there, the rule is turned off, or the name is
not a rule at all. Suppressions are written in the document's comment syntax:

- Markdown and HTML: `<!-- ibid-ignore: IB203, missing-author -->`
- LaTeX: `% ibid-ignore: missing-url`
- plain text: `ibid-ignore: IB203` on the line or inside the footnote

A suppression covers findings starting on its line, inside the footnote that contains
it, and, when the comment stands alone on its line, on the next non-blank line.
`ibid-ignore-file: IB302` covers the whole document. Codes, names and code prefixes
(`IB2`) are accepted.

## Why is this bad?

A stale suppression hides nothing today but will hide a real problem later, when the
citation it was written for has been fixed and another one takes its place. A misspelt
rule name suppresses nothing at all.

## Example

```markdown
[^3]: Mujib Mashal, *Taliban intensify attacks*, N.Y. Times (Apr. 24, 2020), https://nyti.ms/x. <!-- ibid-ignore: missing-url -->
```

The note has a URL, so `missing-url` has nothing to suppress: remove the comment.
"#,
};

/// IB001: see [`META`].
pub struct UnusedSuppression;

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Nothing to do in the rule pass: unused suppressions are only known once every
    /// other rule has run; the engine calls [`findings`] then.
    fn check(&self, _ctx: &LintContext<'_>, _out: &mut Vec<Finding>) {}
}

/// One finding per unused suppression selector.
pub fn findings(unused: &[Suppression], rule_is_off: impl Fn(usize, &str) -> bool) -> Vec<Finding> {
    unused
        .iter()
        .map(|s| {
            let (message, help) = if s.codes.is_empty() {
                (
                    format!("`ibid-ignore: {}` names no rule", s.selector),
                    "use a rule code (IB203), name (missing-url) or code prefix (IB2); `ibid rule` lists them".to_string(),
                )
            } else if s.codes.iter().all(|c| rule_is_off(s.document, c)) {
                (
                    format!(
                        "`ibid-ignore: {}` suppresses nothing: the rule is turned off",
                        s.selector
                    ),
                    "remove the suppression".to_string(),
                )
            } else {
                (
                    format!(
                        "`ibid-ignore: {}` suppresses nothing here",
                        s.selector
                    ),
                    "remove the suppression; the problem it was written for is gone".to_string(),
                )
            };
            Finding::new(&META, s.document, s.span, s.footnote, message).with_help(help)
        })
        .collect()
}
