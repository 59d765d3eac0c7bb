//! IB304 `mixed-date-styles`: a document writes its dates in more than one style.

use crate::lint::rules::common::full_citations;
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};
use crate::model::{DateField, DateStyle, Extraction, Footnote};

pub static META: RuleMeta = RuleMeta {
    code: "IB304",
    name: "mixed-date-styles",
    default_severity: Severity::Info,
    summary: "Dates are written in several styles (`Apr. 24, 2020`, `19 May 2020`)",
    doc: r#"## What it does

Looks at the style of every full date in a document (`Apr. 24, 2020`, `April 24, 2020`,
`24 April 2020`, `2020-04-24`, …; dates with only a month or a year say nothing about
style and are ignored). When more than one style is used, reports once per document, at
the first date that is not in the most common style, listing the styles with counts and
examples.

## Why is this bad?

A citation style prescribes one date format. Mixed styles show that citations were
pasted from different sources without being checked, and make the notes harder to scan.

## Example

```text
58 …, N.Y. Times (Apr. 24, 2020); …, Wash. Post (19 May 2020); …, CNN (May 12, 2020)
12 …, Al Jazeera (December 7, 2019)
```

Dates are written in 3 styles: `Month D, YYYY` ×2, `Mon. D, YYYY` ×1, `D Month YYYY` ×1.
"#,
};

/// IB304: see [`META`].
pub struct MixedDateStyles;

/// One style with the dates written in it, in document order.
struct StyleGroup<'a> {
    style: DateStyle,
    dates: Vec<(&'a Footnote, &'a DateField)>,
}

impl Rule for MixedDateStyles {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for (doc, ext) in ctx.extractions.iter().enumerate() {
            check_document(doc, ext, out);
        }
    }
}

/// Bluebook abbreviates every month but May, June and July, and AP style also spells out
/// March and April: `June 22, 2022` (and `March 5, 2020` where `Mar.` is never written) is
/// in either style, full or abbreviated.
fn in_either_style(date: &DateField, abbreviated: &[u32]) -> bool {
    date.style == DateStyle::MonthDayYear
        && date
            .month
            .is_some_and(|m| matches!(m, 5..=7) || matches!(m, 3 | 4) && !abbreviated.contains(&m))
}

fn check_document(doc: usize, ext: &Extraction, out: &mut Vec<Finding>) {
    let mut all = Vec::new();
    let mut groups: Vec<StyleGroup<'_>> = Vec::new();
    let dates: Vec<(&Footnote, &DateField)> = full_citations(ext)
        .filter_map(|(note, citation)| Some((note, citation.date.as_ref()?)))
        .filter(|(_, d)| !matches!(d.style, DateStyle::Partial | DateStyle::Malformed))
        .collect();
    // the months the document abbreviates (`Mar.`)
    let mut abbreviated: Vec<u32> = dates
        .iter()
        .filter(|(_, d)| d.style == DateStyle::AbbrevMonthDayYear)
        .filter_map(|(_, d)| d.month)
        .collect();
    abbreviated.sort_unstable();
    abbreviated.dedup();
    // a date in either style counts for the one most other month-day-year dates are in
    let (mut short, mut full) = (0, 0);
    for (_, d) in &dates {
        match d.style {
            DateStyle::AbbrevMonthDayYear => short += 1,
            DateStyle::MonthDayYear if !in_either_style(d, &abbreviated) => full += 1,
            _ => {}
        }
    }
    for (note, date) in dates {
        let style = if short > full && in_either_style(date, &abbreviated) {
            DateStyle::AbbrevMonthDayYear
        } else {
            date.style
        };
        all.push((note, date, style));
        match groups.iter_mut().find(|g| g.style == style) {
            Some(group) => group.dates.push((note, date)),
            None => groups.push(StyleGroup {
                style,
                dates: vec![(note, date)],
            }),
        }
    }
    if groups.len() < 2 {
        return;
    }
    // Most dates first; among equals, the style met first. The sort is stable.
    groups.sort_by_key(|g| std::cmp::Reverse(g.dates.len()));
    let majority = &groups[0];
    let Some((note, date, _)) = all.iter().find(|(_, _, style)| *style != majority.style) else {
        return;
    };
    let listed: Vec<String> = groups
        .iter()
        .map(|g| {
            let mut examples: Vec<&str> = Vec::new();
            for (_, d) in &g.dates {
                let w = d.as_written.trim();
                if !examples.contains(&w) && examples.len() < 2 {
                    examples.push(w);
                }
            }
            let examples: Vec<String> = examples.iter().map(|e| format!("`{e}`")).collect();
            format!(
                "`{}` ×{} ({})",
                style_pattern(g.style),
                g.dates.len(),
                examples.join(", ")
            )
        })
        .collect();
    let example = majority
        .dates
        .first()
        .map(|(_, d)| format!(" (like `{}`)", d.as_written.trim()))
        .unwrap_or_default();
    out.push(
        Finding::new(
            &META,
            doc,
            date.span,
            note.number,
            format!(
                "dates in this document are written in {} styles: {}; `{}` is the first not in \
                 the most common style",
                groups.len(),
                listed.join(", "),
                date.as_written.trim()
            ),
        )
        .with_help(format!(
            "write every date as `{}`{example}, or in the style your citation guide prescribes",
            style_pattern(majority.style)
        )),
    );
}

/// A style as a pattern a writer recognises.
fn style_pattern(style: DateStyle) -> &'static str {
    match style {
        DateStyle::AbbrevMonthDayYear => "Mon. D, YYYY",
        DateStyle::MonthDayYear => "Month D, YYYY",
        DateStyle::DayMonthYear => "D Month YYYY",
        DateStyle::Iso => "YYYY-MM-DD",
        DateStyle::YearMonthDay => "YYYY, Month D",
        DateStyle::Numeric => "M/D/YYYY",
        DateStyle::Partial => "Month YYYY",
        DateStyle::Malformed => "unreadable",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_support::{check, taliban, Cite, Fixture};
    use DateStyle::*;

    #[test]
    fn the_example_reports_once_at_apr_24() {
        let exts = [taliban()];
        let (findings, text) = check(&MixedDateStyles, &exts);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].footnote, Some(58));
        assert_eq!(exts[0].document.slice(findings[0].span), "Apr. 24, 2020");
        assert!(findings[0].message.contains("3 styles"));
        assert!(findings[0].message.contains("`Month D, YYYY` ×4"));
        insta::assert_snapshot!(text);
    }

    #[test]
    fn one_style_and_partial_dates_pass() {
        let exts = [Fixture::new()
            .note(
                "1",
                vec![
                    Cite::news("A (May 1, 2020)").ymd("May 1, 2020", MonthDayYear, 2020, 5, 1),
                    Cite::news("B (June 2020)").date(
                        "June 2020",
                        Partial,
                        Some(2020),
                        Some(6),
                        None,
                    ),
                    Cite::news("C (4, 2020)").date("4, 2020", Malformed, Some(2020), None, Some(4)),
                ],
            )
            .build()];
        assert!(check(&MixedDateStyles, &exts).0.is_empty());
    }

    fn mdy_dates(written: &[(&str, DateStyle, u32)]) -> Vec<Extraction> {
        let cites = written
            .iter()
            .map(|&(w, style, month)| Cite::news(&format!("A ({w})")).ymd(w, style, 2020, month, 1))
            .collect();
        vec![Fixture::new().note("1", cites).build()]
    }

    #[test]
    fn months_the_guide_spells_out_are_in_the_abbreviated_style() {
        // Bluebook: May, June and July are never abbreviated
        let exts = mdy_dates(&[
            ("Oct. 1, 2020", AbbrevMonthDayYear, 10),
            ("June 1, 2020", MonthDayYear, 6),
            ("July 1, 2020", MonthDayYear, 7),
            ("May 1, 2020", MonthDayYear, 5),
        ]);
        assert!(check(&MixedDateStyles, &exts).0.is_empty());
        // AP style also spells out March and April
        let exts = mdy_dates(&[
            ("Oct. 1, 2020", AbbrevMonthDayYear, 10),
            ("March 1, 2020", MonthDayYear, 3),
        ]);
        assert!(check(&MixedDateStyles, &exts).0.is_empty());
        // … unless the document abbreviates them elsewhere
        let exts = mdy_dates(&[
            ("Mar. 1, 2020", AbbrevMonthDayYear, 3),
            ("Oct. 1, 2020", AbbrevMonthDayYear, 10),
            ("March 1, 2020", MonthDayYear, 3),
        ]);
        let (findings, _) = check(&MixedDateStyles, &exts);
        assert_eq!(findings.len(), 1);
        assert_eq!(exts[0].document.slice(findings[0].span), "March 1, 2020");
        // a month every guide abbreviates, written in full, is another style
        let exts = mdy_dates(&[
            ("Oct. 1, 2020", AbbrevMonthDayYear, 10),
            ("Nov. 1, 2020", AbbrevMonthDayYear, 11),
            ("June 1, 2020", MonthDayYear, 6),
            ("December 1, 2020", MonthDayYear, 12),
        ]);
        let (findings, _) = check(&MixedDateStyles, &exts);
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0].message.contains("`Mon. D, YYYY` ×3"),
            "{}",
            findings[0].message
        );
        assert_eq!(exts[0].document.slice(findings[0].span), "December 1, 2020");
        // where most dates are written in full, `June` counts with them
        let exts = mdy_dates(&[
            ("Oct. 1, 2020", AbbrevMonthDayYear, 10),
            ("June 1, 2020", MonthDayYear, 6),
            ("December 1, 2020", MonthDayYear, 12),
            ("November 1, 2020", MonthDayYear, 11),
        ]);
        let (findings, _) = check(&MixedDateStyles, &exts);
        assert!(
            findings[0].message.contains("`Month D, YYYY` ×3"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn a_tie_keeps_the_first_style_as_majority() {
        let exts = [Fixture::new()
            .note(
                "1",
                vec![Cite::news("A (2020-05-01)").ymd("2020-05-01", Iso, 2020, 5, 1)],
            )
            .note(
                "2",
                vec![Cite::news("B (1 May 2020)").ymd("1 May 2020", DayMonthYear, 2020, 5, 1)],
            )
            .build()];
        let (findings, _) = check(&MixedDateStyles, &exts);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].footnote, Some(2));
        assert_eq!(
            findings[0].help.as_deref(),
            Some("write every date as `YYYY-MM-DD` (like `2020-05-01`), or in the style your citation guide prescribes")
        );
    }
}
