//! IB501 `unverified-citation`: a citation the fact-checking ledger does not record as
//! verified. Off by default; needs a database (`ibid check --db`, `ibid scan`).

use super::common::note_name;
use crate::ledger::Status;
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "IB501",
    name: "unverified-citation",
    default_severity: Severity::Error,
    summary: "A citation is not yet verified in the fact-checking ledger",
    doc: r#"## What it does

Reports every citation (short forms included) that the fact-checking ledger does not
record as `verified`: never checked, changed since it was checked (its authors, title,
outlet, date, URL or pinpoint differ), added since the last `ibid scan`, or marked
`unavailable`. Citations marked `problem` are IB502's.

The rule is **off by default** and reads the ledger of a database: turn it on with
`[rules] unverified-citation = "error"` in `ibid.toml` (or run it alone:
`ibid check --db ibid.db --select IB501 PATH`) to require in CI that every citation is
verified before a merge. Without a database it finds nothing.

## Why is this bad?

A cite-checked document is only as good as its least-checked footnote. A revision that
adds a source or changes a date silently invalidates the spreadsheet a checker kept; the
ledger notices, and this rule keeps the unverified remainder from being published.

## Example

```text
[^6]: Anne Gearan, *Trump speaks by phone*, Wash. Post (Mar. 4, 2020).
```

Verified when the date read Mar. 3, 2020; the edit returned it to `unchecked`. Check the
source again and record it: `ibid verify essay.md 6 --status verified`.
"#,
};

/// IB501: see [`META`].
pub struct UnverifiedCitation;

impl Rule for UnverifiedCitation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn enabled_by_default(&self) -> bool {
        false
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        let Some(ledger) = ctx.ledger else {
            return;
        };
        for (doc, ext) in ctx.extractions.iter().enumerate() {
            let marks = ledger.marks(ext);
            let tracked = ledger.tracks(&ext.document.path);
            for (note, note_marks) in ext.footnotes.iter().zip(&marks) {
                for (i, (citation, mark)) in note.citations.iter().zip(note_marks).enumerate() {
                    let what = match mark.map(|m| m.status) {
                        Some(Status::Verified | Status::Problem) => continue,
                        Some(Status::Unavailable) => "is marked unavailable, not verified",
                        Some(Status::Unchecked) => "is not verified yet",
                        None if tracked => {
                            "is not in the ledger (new or changed since the last scan)"
                        }
                        None => "is not verified yet",
                    };
                    let place = format!("{}.{}", note.label, i + 1);
                    out.push(
                        Finding::new(
                            &META,
                            doc,
                            citation.span,
                            note.number,
                            format!("{}: citation {} {what}", note_name(note), i + 1),
                        )
                        .with_help(format!(
                            "check the source, then `ibid scan` and `ibid verify {} {place} --status verified`",
                            ext.document.path
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
    use crate::model::{DateStyle, Extraction};

    fn essay() -> Extraction {
        Fixture::new()
            .note(
                "1",
                vec![
                    Cite::news("Mujib Mashal, Deal, N.Y. Times (Feb. 29, 2020)")
                        .author("Mujib", "Mashal")
                        .title("Deal")
                        .outlet("N.Y. Times")
                        .ymd("Feb. 29, 2020", DateStyle::AbbrevMonthDayYear, 2020, 2, 29),
                    Cite::news("Anne Gearan, Phone call, Wash. Post (Mar. 3, 2020)")
                        .author("Anne", "Gearan")
                        .title("Phone call")
                        .outlet("Wash. Post")
                        .ymd("Mar. 3, 2020", DateStyle::AbbrevMonthDayYear, 2020, 3, 3),
                ],
            )
            .note(
                "2",
                vec![
                    Cite::news("Susannah George, Casualties, Wash. Post (May 19, 2020)")
                        .author("Susannah", "George")
                        .title("Casualties")
                        .outlet("Wash. Post")
                        .ymd("May 19, 2020", DateStyle::AbbrevMonthDayYear, 2020, 5, 19),
                ],
            )
            .note(
                "3",
                vec![Cite::unparsed("Interview with an official, 2020")],
            )
            .build()
    }

    fn mark(status: Status) -> Mark {
        Mark {
            status,
            by: Some("ann".to_string()),
            at: Some("2026-01-02T00:00:00Z".to_string()),
            note: None,
        }
    }

    #[test]
    fn without_a_ledger_nothing_is_reported() {
        assert!(check(&UnverifiedCitation, &[essay()]).0.is_empty());
    }

    #[test]
    fn everything_but_verified_and_problem_is_reported() {
        let ext = essay();
        let l = located(&ext.footnotes);
        let mut ledger = Ledger::default();
        ledger.push("fixture.txt", l[0].fingerprint(), mark(Status::Verified));
        ledger.push("fixture.txt", l[1].fingerprint(), mark(Status::Unavailable));
        ledger.push("fixture.txt", l[2].fingerprint(), mark(Status::Problem));
        // The unparsed segment of note 3 is not in the ledger at all.
        let exts = [ext];
        let (findings, text) = check_with_ledger(&UnverifiedCitation, &exts, &ledger);
        assert_eq!(findings.len(), 2);
        assert_eq!(
            findings[0].message,
            "footnote 1: citation 2 is marked unavailable, not verified"
        );
        assert_eq!(
            findings[1].message,
            "footnote 3: citation 1 is not in the ledger (new or changed since the last scan)"
        );
        insta::assert_snapshot!(text);
    }
}
