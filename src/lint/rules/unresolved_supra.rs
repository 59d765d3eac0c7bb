//! IB401 `unresolved-supra`: A `supra` points at a note that is missing or does not cite that source

use super::common::{cite_name, note_name, short_form_outcomes};
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};
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
        for (doc, r) in short_form_outcomes(ctx) {
            let ext = &ctx.extractions[doc];
            let note = &ext.footnotes[r.at.note];
            let Some(citation) = note.citations.get(r.at.citation) else {
                continue;
            };
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
