//! IB207 `impossible-date`: a date that cannot exist, or lies after the document's date.

use super::common::{full_citations, note_name};
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};
use crate::model::DateField;
use chrono::{Datelike, NaiveDate};

pub static META: RuleMeta = RuleMeta {
    code: "IB207",
    name: "impossible-date",
    default_severity: Severity::Error,
    summary: "A date cannot exist (Feb 30, month 13) or is after the document's date",
    doc: r#"## What it does

Reports dates whose parts cannot form a real date (February 30, a thirteenth month) and
dates later than the document's own date (today, unless configured), compared at the
precision the date is written with.

## Why is this bad?

A source cannot have been published after the document citing it, nor on a day that
does not exist. Such a date is a typo (often in the year) or belongs to another source,
and anyone looking the source up by date will not find it.

## Example

```text
16 Mujib Mashal & Lara Jakes, Trump gives conditional green light …, N.Y. Times (February 30, 2020)
```

Date `February 30, 2020` is impossible: February 2020 has only 29 days.
"#,
};

/// IB207: see [`META`].
pub struct ImpossibleDate;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Rule for ImpossibleDate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for (doc, ext) in ctx.extractions.iter().enumerate() {
            for (note, citation) in full_citations(ext) {
                let Some(date) = &citation.date else { continue };
                let written = date.as_written.trim();
                let (message, help) = if date.impossible {
                    (
                        format!(
                            "{}: date `{written}` is impossible: {}",
                            note_name(note),
                            why_impossible(date)
                        ),
                        "check the source for the correct date",
                    )
                } else if is_after(date, ctx.document_date) {
                    (
                        format!(
                            "{}: date `{written}` is after the document's date ({})",
                            note_name(note),
                            ctx.document_date.format("%Y-%m-%d")
                        ),
                        "check the year; if the document itself is dated later, set its date \
                         in ibid.toml",
                    )
                } else {
                    continue;
                };
                out.push(Finding::new(&META, doc, date.span, note.number, message).with_help(help));
            }
        }
    }
}

/// Why the parts of an impossible date cannot form a date.
fn why_impossible(date: &DateField) -> String {
    match (date.year, date.month, date.day) {
        (_, Some(m), _) if !(1..=12).contains(&m) => format!("there is no month {m}"),
        (_, _, Some(0)) => "there is no day 0".to_string(),
        (year, Some(m), Some(d)) => {
            let name = MONTHS.get(m as usize - 1).copied().unwrap_or("that month");
            // Without a year, February may have 29 days.
            let (label, days) = match year {
                Some(y) => (format!("{name} {y}"), days_in_month(y, m)),
                None => (name.to_string(), days_in_month(2000, m)),
            };
            if days > 0 && d > days {
                format!("{label} has only {days} days")
            } else {
                "its parts do not form a real date".to_string()
            }
        }
        _ => "its parts do not form a real date".to_string(),
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let first = NaiveDate::from_ymd_opt(year, month, 1);
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    match (first, next) {
        (Some(a), Some(b)) => u32::try_from((b - a).num_days()).unwrap_or(0),
        _ => 0,
    }
}

/// Whether `date` lies after `reference`, compared at the date's own precision.
fn is_after(date: &DateField, reference: NaiveDate) -> bool {
    let Some(year) = date.year else { return false };
    match (date.month, date.day) {
        (Some(m), Some(d)) => match NaiveDate::from_ymd_opt(year, m, d) {
            Some(full) => full > reference,
            None => false,
        },
        (Some(m), None) => (year, m) > (reference.year(), reference.month()),
        _ => year > reference.year(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_support::{check, taliban, Cite, Fixture};
    use crate::model::DateStyle::*;

    #[test]
    fn the_example_has_no_impossible_date() {
        assert!(check(&ImpossibleDate, &[taliban()]).0.is_empty());
    }

    #[test]
    fn impossible_and_future_dates_are_reported() {
        // The fixtures' document date is 2026-01-01.
        let exts = [Fixture::new()
            .note(
                "1",
                vec![
                    Cite::news("A (February 30, 2020)")
                        .ymd("February 30, 2020", MonthDayYear, 2020, 2, 30)
                        .impossible(),
                    Cite::news("B (13/1/2020)")
                        .ymd("13/1/2020", Numeric, 2020, 13, 1)
                        .impossible(),
                    Cite::news("C (May 1, 2027)").ymd("May 1, 2027", MonthDayYear, 2027, 5, 1),
                    Cite::news("D (February 2026)").date(
                        "February 2026",
                        Partial,
                        Some(2026),
                        Some(2),
                        None,
                    ),
                    Cite::news("E (January 2026)").date(
                        "January 2026",
                        Partial,
                        Some(2026),
                        Some(1),
                        None,
                    ),
                    Cite::news("F (2026)").date("2026", Partial, Some(2026), None, None),
                    Cite::news("G (Dec. 31, 2025)").ymd(
                        "Dec. 31, 2025",
                        AbbrevMonthDayYear,
                        2025,
                        12,
                        31,
                    ),
                ],
            )
            .build()];
        let (findings, text) = check(&ImpossibleDate, &exts);
        let messages: Vec<_> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "footnote 1: date `February 30, 2020` is impossible: February 2020 has only 29 days",
                "footnote 1: date `13/1/2020` is impossible: there is no month 13",
                "footnote 1: date `May 1, 2027` is after the document's date (2026-01-01)",
                "footnote 1: date `February 2026` is after the document's date (2026-01-01)",
            ]
        );
        insta::assert_snapshot!(text);
    }

    #[test]
    fn month_lengths() {
        assert_eq!(days_in_month(2019, 2), 28);
        assert_eq!(days_in_month(2020, 2), 29);
        assert_eq!(days_in_month(2020, 12), 31);
        assert_eq!(days_in_month(2020, 13), 0);
    }
}
