//! IB401 `unresolved-supra`: A `supra` points at a note that is missing or does not cite that source

use super::common::{cite_name, note_name};
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity, Shared};
use crate::parse::resolve::Outcome;

pub static META: RuleMeta = RuleMeta {
    code: "IB401",
    name: "unresolved-supra",
    default_severity: Severity::Error,
    summary: "A `supra` points at a note that is missing or does not cite that source",
    doc: r#"## What it does

Resolves every `supra` short form (`Lessig, supra note 12, at 3`, `Senate Report, supra
note 4`, `Benkler, supra`) and reports those that point at nothing: the note does not
exist in the document, the note does not cite a work by that author or with that
(`hereinafter`) title, or — without a note number — no citation by that author exists.

## Why is this bad?

A reader who follows `supra note 12` expects to find the work in note 12. Renumbered
notes (a note inserted or deleted during editing) silently break every later `supra`;
this is the most common citation error in law-review footnotes.

## Example

```text
3. Jessica Litman, Digital Copyright 22 (2001).
6. Litman, supra note 1, at 4.
```

Litman is cited in note 3, not note 1."#,
};

/// IB401: see [`META`].
pub struct UnresolvedSupra;

impl Rule for UnresolvedSupra {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        self.check_shared(&Shared::new(ctx), out);
    }

    fn check_shared(&self, shared: &Shared<'_>, out: &mut Vec<Finding>) {
        for &(doc, ext, note, citation, ref r) in shared.short_form_sites() {
            let (what, help) = match &r.outcome {
                Outcome::NoteMissing(n) => (
                    format!("{}: `supra note {n}` points to footnote {n}, which is not in this document", note_name(note)),
                    "correct the note number, or restore the missing note".to_string(),
                ),
                Outcome::NotInNote { note: n, elsewhere } => (
                    format!("{}: `supra note {n}` names `{}`, but footnote {n} cites no such work", note_name(note), crate::parse::resolve::lead_text(citation)),
                    match elsewhere {
                        Some(e) => format!("the source is cited in {}; correct the note number", cite_name(ext, *e)),
                        None => "correct the note number or the author/short title".to_string(),
                    },
                ),
                Outcome::NoMatch if r.kind == crate::model::ShortFormKind::Supra => (
                    format!("{}: no citation in this document matches `{}`", note_name(note), super::common::quote(&citation.text, 60)),
                    "cite the work in full before using `supra`".to_string(),
                ),
                _ => continue,
            };
            out.push(Finding::new(&META, doc, citation.span, note.number, what).with_help(help));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_support::{check, markdown};

    const SEQUENCE: &str = include_str!("../../parse/testdata/short_forms.md");

    #[test]
    fn wrong_and_missing_note_numbers_are_reported() {
        let (findings, text) = check(&UnresolvedSupra, &[markdown(SEQUENCE)]);
        // note 6: Litman is cited in note 3, not 1; note 19 does not exist
        assert_eq!(findings.len(), 2, "{text}");
        assert!(findings[0].message.contains("names `Litman`"), "{text}");
        assert!(findings[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("footnote 3")));
        assert!(findings[1]
            .message
            .contains("footnote 19, which is not in this document"));
        insta::assert_snapshot!(text);
    }

    #[test]
    fn supra_without_a_note_and_without_any_match() {
        let doc = markdown("A.[^1] B.[^2]\n\n[^1]: Jessica Litman, *Digital Copyright* 22 (2001).\n[^2]: Posner, *supra*, at 3.\n");
        let (findings, _) = check(&UnresolvedSupra, &[doc]);
        assert_eq!(findings.len(), 1);
        assert!(findings[0]
            .message
            .contains("no citation in this document matches"));
    }

    #[test]
    fn correct_supras_pass() {
        let doc = markdown("A.[^1] B.[^2]\n\n[^1]: Jessica Litman, *Digital Copyright* 22 (2001).\n[^2]: LITMAN, SUPRA NOTE 1, AT 3.\n");
        assert!(check(&UnresolvedSupra, &[doc]).0.is_empty());
    }
}
