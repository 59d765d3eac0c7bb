//! IB402 `ambiguous-id`: `Id.` follows a footnote with several citations

use super::common::note_name;
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity, Shared};
use crate::parse::resolve::Outcome;

pub static META: RuleMeta = RuleMeta {
    code: "IB402",
    name: "ambiguous-id",
    default_severity: Severity::Warning,
    summary: "`Id.` follows a footnote with several citations",
    doc: r#"## What it does

Reports `Id.` and `Ibid.` at the start of a note when the nearest earlier note with
citations cites several works (a string cite), so that the short form could mean any of
them.

## Why is this bad?

`Id.` means "the immediately preceding authority". After a string cite there is no single
preceding authority, and the reader cannot tell which work is meant (Bluebook rule 4.1).

## Example

```text
1. Lessig, Free Culture 45 (2004); Benkler, The Wealth of Networks 12 (2006).
2. Id. at 14.
```

Which work is at page 14?"#,
};

/// IB402: see [`META`].
pub struct AmbiguousId;

impl Rule for AmbiguousId {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        self.check_shared(&Shared::new(ctx), out);
    }

    fn check_shared(&self, shared: &Shared<'_>, out: &mut Vec<Finding>) {
        for &(doc, ext, note, citation, ref r) in shared.short_form_sites() {
            let Outcome::Ambiguous { note: prev, count } = r.outcome else {
                continue;
            };
            out.push(
                Finding::new(
                    &META,
                    doc,
                    citation.span,
                    note.number,
                    format!(
                        "{}: `{}` follows {}, which cites {count} works",
                        note_name(note),
                        super::common::quote(&citation.text, 30),
                        note_name(&ext.footnotes[prev])
                    ),
                )
                .with_help("use a short form that names the work (`Author, supra note N`)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_support::{check, markdown};

    const SEQUENCE: &str = include_str!("../../parse/testdata/short_forms.md");

    #[test]
    fn id_after_a_string_cite_is_reported() {
        let (findings, text) = check(&AmbiguousId, &[markdown(SEQUENCE)]);
        assert_eq!(findings.len(), 1, "{text}");
        assert_eq!(
            findings[0].message,
            "footnote 2: `*Id.* at 14` follows footnote 1, which cites 2 works"
        );
        insta::assert_snapshot!(text);
    }

    #[test]
    fn id_after_one_citation_or_inside_a_string_cite_passes() {
        let doc = markdown("A.[^1] B.[^2]\n\n[^1]: Jessica Litman, *Digital Copyright* 22 (2001).\n[^2]: Id. at 23; Richard A. Posner, *Economic Analysis of Law* 3 (9th ed. 2014); id. at 5.\n");
        assert!(check(&AmbiguousId, &[doc]).0.is_empty());
    }
}
