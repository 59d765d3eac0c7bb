//! IB202 `incomplete-date`: a malformed date, or a news date without its day.

use super::common::{full_citations, note_name};
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};
use crate::model::{CitationKind, DatePrecision, DateStyle};

pub static META: RuleMeta = RuleMeta {
    code: "IB202",
    name: "incomplete-date",
    default_severity: Severity::Warning,
    summary: "A date is malformed (`4, 2020`) or lacks the day a news item needs",
    doc: r#"## What it does

Reports dates that could not be read completely (`4, 2020`, where the month was lost),
naming the parts that are missing, and dates of news articles that give only a month or
a year: news items are dated to the day.

## Why is this bad?

A truncated date usually means the citation was damaged (here, the outlet and month were
cut off together). A news article dated only `2020` cannot be told apart from the dozens
of pieces the outlet published under similar titles that year.

## Example

```text
49 Susannah George, the US is targeting the Taliban hours after Trump`s phone call, Wash. 4, 2020)
```

Date `4, 2020` has no month.
"#,
};

/// IB202: see [`META`].
pub struct IncompleteDate;

impl Rule for IncompleteDate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for (doc, ext) in ctx.extractions.iter().enumerate() {
            for (note, citation) in full_citations(ext) {
                let Some(date) = &citation.date else { continue };
                if date.impossible {
                    continue; // impossible-date reports it
                }
                let written = date.as_written.trim();
                let message = if date.style == DateStyle::Malformed || date.precision.is_none() {
                    let mut missing = Vec::new();
                    if date.month.is_none() {
                        missing.push("month");
                    }
                    if date.day.is_none() {
                        missing.push("day");
                    }
                    if date.year.is_none() {
                        missing.push("year");
                    }
                    if missing.is_empty() {
                        format!("{}: date `{written}` cannot be read", note_name(note))
                    } else {
                        format!(
                            "{}: date `{written}` has no {}",
                            note_name(note),
                            join_or(&missing)
                        )
                    }
                } else if citation.kind == CitationKind::NewsArticle
                    && date.precision < Some(DatePrecision::Day)
                {
                    let gives = if date.precision == Some(DatePrecision::Month) {
                        "gives no day"
                    } else {
                        "gives only the year"
                    };
                    format!(
                        "{}: date `{written}` {gives}; news articles are dated to the day",
                        note_name(note)
                    )
                } else {
                    continue;
                };
                out.push(
                    Finding::new(&META, doc, date.span, note.number, message).with_help(
                        "look the source up and give its full date of publication (month, day \
                         and year)",
                    ),
                );
            }
        }
    }
}

/// `month`, `month or day`, `month, day or year`.
fn join_or(parts: &[&str]) -> String {
    match parts.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_support::{check, taliban, Cite, Fixture};
    use DateStyle::*;

    #[test]
    fn the_example_reports_4_2020() {
        let exts = [taliban()];
        let (findings, text) = check(&IncompleteDate, &exts);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "footnote 49: date `4, 2020` has no month"
        );
        assert_eq!(exts[0].document.slice(findings[0].span), "4, 2020");
        insta::assert_snapshot!(text);
    }

    #[test]
    fn partial_dates_matter_for_news_only() {
        let exts = [Fixture::new()
            .note(
                "1",
                vec![
                    Cite::news("Al Jazeera (December 2019)").date(
                        "December 2019",
                        Partial,
                        Some(2019),
                        Some(12),
                        None,
                    ),
                    Cite::news("CNN (2020)").date("2020", Partial, Some(2020), None, None),
                    Cite::new(CitationKind::Book, "Coll, Directorate S (2018)").date(
                        "2018",
                        Partial,
                        Some(2018),
                        None,
                        None,
                    ),
                    Cite::news("CNN (Feb. 30, 2020)")
                        .ymd("Feb. 30, 2020", AbbrevMonthDayYear, 2020, 2, 30)
                        .impossible(),
                    Cite::news("CNN (2020, )").date("2020, ", Malformed, None, None, None),
                ],
            )
            .build()];
        let (findings, text) = check(&IncompleteDate, &exts);
        let messages: Vec<_> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "footnote 1: date `December 2019` gives no day; news articles are dated to the day",
                "footnote 1: date `2020` gives only the year; news articles are dated to the day",
                "footnote 1: date `2020,` has no month, day or year",
            ]
        );
        insta::assert_snapshot!(text);
    }
}
