//! IB502 `verification-problem`: a citation a fact-checker marked `problem` is still in
//! the document, unchanged. Needs a database (`ibid check --db`, `ibid scan`).

use super::common::note_name;
use crate::ledger::Status;
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "IB502",
    name: "verification-problem",
    default_severity: Severity::Error,
    summary: "A citation marked `problem` in the fact-checking ledger is still in the document",
    doc: r#"## What it does

Reports every citation that a fact-checker marked `problem` (`ibid verify DOC 12.2
--status problem --note "…"`) and that is still in the document with the same content.
The message carries the checker's note. Editing the citation (its authors, title,
outlet, date, URL or pinpoint) returns it to `unchecked` on the next `ibid scan`, which
clears the finding. Without a database (`ibid check --db`) it finds nothing.

## Why is this bad?

A problem found by a cite-checker — a quotation the source does not contain, a wrong
date, a dead link — that is still in the text will be published unless someone fixes it.

## Example

```text
[^3]: Mujib Mashal, *Taliban intensify attacks*, N.Y. Times (Apr. 24, 2020).
```

Marked `problem` with the note "headline differs from the article".
"#,
};

/// IB502: see [`META`].
pub struct VerificationProblem;

impl Rule for VerificationProblem {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let Some(ledger) = ctx.ledger else {
            return;
        };
        for (doc, ext) in ctx.extractions.iter().enumerate() {
            let marks = ledger.marks(ext);
            for (note, note_marks) in ext.footnotes.iter().zip(&marks) {
                for (i, (citation, mark)) in note.citations.iter().zip(note_marks).enumerate() {
                    let Some(mark) = mark.filter(|m| m.status == Status::Problem) else {
                        continue;
                    };
                    let who = match (&mark.by, &mark.at) {
                        (Some(b), Some(a)) => format!(" by {b} on {a}"),
                        (Some(b), None) => format!(" by {b}"),
                        _ => String::new(),
                    };
                    let why = mark
                        .note
                        .as_deref()
                        .map(|n| format!(": {n}"))
                        .unwrap_or_default();
                    out.push(
                        Finding::new(
                            &META,
                            doc,
                            citation.span,
                            note.number,
                            format!(
                                "{}: citation {} was marked as a problem{who}{why}",
                                note_name(note),
                                i + 1
                            ),
                        )
                        .with_help(format!(
                            "fix the citation (a changed citation is checked again), or record that it is fine: `ibid verify {} {}.{} --status verified`",
                            ext.document.path,
                            note.label,
                            i + 1
                        )),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{located, Ledger, Mark};
    use crate::lint::rules::test_support::{check, check_with_ledger, Cite, Fixture};
    use crate::model::DateStyle;

    #[test]
    fn a_problem_still_in_the_document_is_reported_with_its_note() {
        let cite = |date: &str, d: u32| {
            Cite::news(&format!("Mujib Mashal, Attacks, N.Y. Times ({date})"))
                .author("Mujib", "Mashal")
                .title("Attacks")
                .outlet("N.Y. Times")
                .ymd(date, DateStyle::AbbrevMonthDayYear, 2020, 4, d)
        };
        let before = Fixture::new()
            .note("3", vec![cite("Apr. 24, 2020", 24)])
            .build();
        let mut ledger = Ledger::default();
        ledger.push(
            "fixture.txt",
            located(&before.footnotes)[0].fingerprint(),
            Mark {
                status: Status::Problem,
                by: Some("ann".to_string()),
                at: Some("2026-01-02T00:00:00Z".to_string()),
                note: Some("headline differs from the article".to_string()),
            },
        );
        assert!(check(&VerificationProblem, std::slice::from_ref(&before))
            .0
            .is_empty());
        let exts = [before];
        let (findings, text) = check_with_ledger(&VerificationProblem, &exts, &ledger);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "footnote 3: citation 1 was marked as a problem by ann on 2026-01-02T00:00:00Z: headline differs from the article"
        );
        insta::assert_snapshot!(text);
        // Once the date is corrected the citation is another one: no finding.
        let after = [Fixture::new()
            .note("3", vec![cite("Apr. 25, 2020", 25)])
            .build()];
        assert!(check_with_ledger(&VerificationProblem, &after, &ledger)
            .0
            .is_empty());
    }
}
