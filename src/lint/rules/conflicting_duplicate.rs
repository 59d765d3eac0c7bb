//! IB305 `conflicting-duplicate`: the same work cited with a different date or different
//! authors.

use super::common::note_name_of;
use crate::export::works::{conflicting_works_in, CitationAt, CitationSites, WorkSites};
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};
use crate::model::Citation;

pub static META: RuleMeta = RuleMeta {
    code: "IB305",
    name: "conflicting-duplicate",
    default_severity: Severity::Warning,
    summary: "The same work (title and outlet) cited with different dates or authors",
    doc: r#"## What it does

Groups the run's full citations into works, as `ibid export` does, and looks for two
citations with the same title and the same outlet (compared without regard to case,
accents and punctuation; registry outlets by identity) that disagree on the date or on the
authors. Dates disagree when a part both give differs (`Apr. 2020` agrees with
`Apr. 24, 2020`; `Apr. 24` and `Apr. 25` do not); authors disagree when both citations
name authors and not the same ones (a citation without the byline is not a conflict).
The finding is reported at the later citation and names the earlier one; a version that
disagrees with several earlier ones is reported once, against the first. `ibid export`
exports both versions, each with a note carrying this rule's code.

## Why is this bad?

One of the two citations is wrong, and a reader checking the source will find only one of
them. A bibliography that silently keeps one version hides the mistake.

## Example

```text
16 Mujib Mashal, Taliban intensify attacks, N.Y. Times (Apr. 24, 2020).
49 Mujib Mashal, Taliban intensify attacks, N.Y. Times (Apr. 25, 2020).
```

Use the date the article was published in both notes.
"#,
};

/// IB305: see [`META`].
pub struct ConflictingDuplicate;

/// Where the earlier work is first cited, as seen from the document at `here`.
fn place<S: CitationSites + ?Sized>(
    sites: &S,
    first: CitationAt,
    here: CitationAt,
) -> Option<String> {
    let (number, label) = sites.footnote(first)?;
    let note = note_name_of(number, label);
    Some(if first.document == here.document {
        note
    } else {
        format!("{note} of {}", sites.path(first.document)?)
    })
}

/// A work's authors and date as its best citation gives them.
fn describe(c: &Citation) -> String {
    let mut parts = Vec::new();
    if !c.authors.is_empty() {
        parts.push(
            c.authors
                .iter()
                .map(|p| p.display())
                .collect::<Vec<_>>()
                .join(" & "),
        );
    }
    if let Some(d) = &c.date {
        parts.push(d.as_written.clone());
    }
    parts.join(", ")
}

impl Rule for ConflictingDuplicate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        findings_in(ctx.extractions, out);
    }
}

/// The rule over `sites`: the whole run's documents, or the run's citations that may
/// conflict ([`crate::export::works::CitationSubset`]) when the documents are checked a
/// batch at a time.
pub(crate) fn findings_in<S: CitationSites + ?Sized>(sites: &S, out: &mut Vec<Finding>) {
    // The works as places in the run: no copy of a field, path or label per citation.
    let (works, conflicts) = conflicting_works_in(sites);
    let best = |w: &WorkSites| sites.citation(w.best);
    // a work in many conflicts is described once
    let mut described: Vec<Option<String>> = vec![None; works.len()];
    let mut describe_at = |i: usize, c: &Citation| -> String {
        match described.get_mut(i) {
            Some(slot) => slot.get_or_insert_with(|| describe(c)).clone(),
            None => describe(c),
        }
    };
    // One finding per conflicting work, against the first work it disagrees with:
    // n versions of one title give n - 1 findings, not n(n-1)/2.
    let mut reported = vec![false; works.len()];
    for conflict in conflicts {
        let seen = reported
            .get_mut(conflict.second)
            .is_none_or(|r| std::mem::replace(r, true));
        if seen {
            continue;
        }
        let (Some(earlier), Some(later)) = (works.get(conflict.first), works.get(conflict.second))
        else {
            continue;
        };
        let (Some(earlier_best), Some(later_best)) = (best(earlier), best(later)) else {
            continue;
        };
        let (Some((number, label)), Some(citation)) =
            (sites.footnote(later.first), sites.citation(later.first))
        else {
            continue;
        };
        let Some(there) = place(sites, earlier.first, later.first) else {
            continue;
        };
        out.push(
            Finding::new(
                &META,
                later.first.document,
                citation.span,
                number,
                format!(
                    "{}: “{}” is cited in {} with {} ({} here, {} there)",
                    note_name_of(number, label),
                    later_best.title.as_deref().unwrap_or_default(),
                    there,
                    conflict.what(),
                    describe_at(conflict.second, later_best),
                    describe_at(conflict.first, earlier_best),
                ),
            )
            .with_help(
                "check the source and correct the wrong citation; until then both are exported, each marked IB305",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_support::{check, taliban, Cite, Fixture};
    use crate::model::DateStyle;

    fn cite(author: (&str, &str), written: &str, d: u32) -> Cite {
        let text = format!(
            "{} {}, Taliban intensify attacks, N.Y. Times ({written})",
            author.0, author.1
        );
        Cite::news(&text)
            .author(author.0, author.1)
            .title("Taliban intensify attacks")
            .outlet("N.Y. Times")
            .ymd(written, DateStyle::MonthDayYear, 2020, 4, d)
    }

    #[test]
    fn the_example_has_no_conflicts() {
        assert!(check(&ConflictingDuplicate, &[taliban()]).0.is_empty());
    }

    #[test]
    fn different_dates_and_authors_are_reported_at_the_later_citation() {
        let exts = [Fixture::new()
            .note("16", vec![cite(("Mujib", "Mashal"), "Apr. 24, 2020", 24)])
            .note(
                "49",
                vec![
                    cite(("Mujib", "Mashal"), "Apr. 25, 2020", 25),
                    // Same as note 16: the same work, no conflict.
                    cite(("Mujib", "Mashal"), "Apr. 24, 2020", 24),
                ],
            )
            .note("50", vec![cite(("Lara", "Jakes"), "Apr. 24, 2020", 24)])
            .build()];
        let (findings, text) = check(&ConflictingDuplicate, &exts);
        // Note 50 disagrees with notes 16 and 49: reported once, against note 16.
        assert_eq!(findings.len(), 2, "{text}");
        assert!(
            findings[1].message.starts_with(
                "footnote 50: “Taliban intensify attacks” is cited in footnote 16 with"
            ),
            "{text}"
        );
        assert_eq!(
            findings[0].message,
            "footnote 49: “Taliban intensify attacks” is cited in footnote 16 with a different date (Mujib Mashal, Apr. 25, 2020 here, Mujib Mashal, Apr. 24, 2020 there)"
        );
        assert!(findings.iter().all(|f| f.footnote != Some(16)));
        insta::assert_snapshot!(text);
    }

    #[test]
    fn a_citation_without_byline_or_less_precise_date_is_no_conflict() {
        let bare = Cite::news("Taliban intensify attacks, N.Y. Times (Apr. 2020)")
            .title("Taliban intensify attacks")
            .outlet("N.Y. Times")
            .date(
                "Apr. 2020",
                DateStyle::MonthDayYear,
                Some(2020),
                Some(4),
                None,
            );
        let exts = [Fixture::new()
            .note("1", vec![cite(("Mujib", "Mashal"), "Apr. 24, 2020", 24)])
            .note("2", vec![bare])
            .build()];
        assert!(check(&ConflictingDuplicate, &exts).0.is_empty());
    }
}
