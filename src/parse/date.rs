//! Dates as written in citations → ISO 8601 with a precision and a style.

use crate::model::{DateField, DatePrecision, DateStyle, Span};
use regex::Regex;
use std::sync::OnceLock;

const MONTHS: &str = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?\.?|July?\.?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)";

/// 1-based month number of a month name or abbreviation.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let m = match w.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    // the word must be the full name or a prefix abbreviation of it
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    FULL[m as usize - 1].starts_with(&w).then_some(m)
}

struct Patterns {
    any: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let any = format!(
            r"(?x)
            (?P<mdy>(?P<mdy_m>{MONTHS})\s+(?P<mdy_d>\d{{1,2}}),?\s+(?P<mdy_y>\d{{4}}))
          | (?P<dmy>(?P<dmy_d>\d{{1,2}})\s+(?P<dmy_m>{MONTHS}),?\s+(?P<dmy_y>\d{{4}}))
          | (?P<iso>(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{1,2}})(?:-(?P<iso_d>\d{{1,2}}))?)
          | (?P<ymd>(?P<ymd_y>\d{{4}}),\s+(?P<ymd_m>{MONTHS})(?:\s+(?P<ymd_d>\d{{1,2}}))?)
          | (?P<num>(?P<num_m>\d{{1,2}})/(?P<num_d>\d{{1,2}})/(?P<num_y>\d{{4}}|\d{{2}}))
          | (?P<my>(?P<my_m>{MONTHS})\s+(?P<my_y>\d{{4}}))
          | (?P<bad>(?P<bad_d>\d{{1,2}}),\s+(?P<bad_y>\d{{4}}))
          | (?P<y>(?P<y_y>(?:1[5-9]|20)\d{{2}}))
        "
        );
        Patterns {
            any: Regex::new(&any).expect("date pattern compiles"),
        }
    })
}

/// Every date in `text`, in order, with byte ranges relative to `text`.
/// `base` is added to spans so they point into the original document.
pub fn find_dates(text: &str, base: usize) -> Vec<DateField> {
    let mut out = Vec::new();
    for caps in patterns().any.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        // word boundaries: not glued to letters or digits
        let before = text[..whole.start()].chars().next_back();
        let after = text[whole.end()..].chars().next();
        if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '$' | '#' | '.'))
            || after.is_some_and(|c| {
                c.is_ascii_digit() || c.is_alphabetic() && caps.name("y").is_some()
            })
        {
            continue;
        }
        if let Some(d) = from_captures(
            &caps,
            whole.as_str(),
            Span::new(base + whole.start(), base + whole.end()),
        ) {
            out.push(d);
        }
    }
    out
}

/// Parse a string that is (only) a date, e.g. the inside of `(Apr. 24, 2020)`.
pub fn parse_date(text: &str, base: usize) -> Option<DateField> {
    let trimmed = text.trim();
    let lead = text.len() - text.trim_start().len();
    let caps = patterns().any.captures(trimmed)?;
    let whole = caps.get(0)?;
    if whole.start() != 0 || whole.end() != trimmed.len() {
        return None;
    }
    from_captures(
        &caps,
        trimmed,
        Span::new(base + lead, base + lead + trimmed.len()),
    )
}

fn num(caps: &regex::Captures<'_>, name: &str) -> Option<u32> {
    caps.name(name)?.as_str().parse().ok()
}

fn from_captures(caps: &regex::Captures<'_>, written: &str, span: Span) -> Option<DateField> {
    let (year, month, day, style): (i32, Option<u32>, Option<u32>, DateStyle) =
        if caps.name("mdy").is_some() {
            let mw = caps.name("mdy_m")?.as_str();
            let style =
                if mw.len() <= 5 && (mw.ends_with('.') || mw.len() <= 4 && !is_full_month(mw)) {
                    DateStyle::AbbrevMonthDayYear
                } else {
                    DateStyle::MonthDayYear
                };
            (
                num(caps, "mdy_y")? as i32,
                month_number(mw),
                num(caps, "mdy_d"),
                style,
            )
        } else if caps.name("dmy").is_some() {
            (
                num(caps, "dmy_y")? as i32,
                month_number(caps.name("dmy_m")?.as_str()),
                num(caps, "dmy_d"),
                DateStyle::DayMonthYear,
            )
        } else if caps.name("iso").is_some() {
            let d = num(caps, "iso_d");
            let style = if d.is_some() {
                DateStyle::Iso
            } else {
                DateStyle::Partial
            };
            (num(caps, "iso_y")? as i32, num(caps, "iso_m"), d, style)
        } else if caps.name("ymd").is_some() {
            let d = num(caps, "ymd_d");
            let style = if d.is_some() {
                DateStyle::YearMonthDay
            } else {
                DateStyle::Partial
            };
            (
                num(caps, "ymd_y")? as i32,
                month_number(caps.name("ymd_m")?.as_str()),
                d,
                style,
            )
        } else if caps.name("num").is_some() {
            let mut y = num(caps, "num_y")? as i32;
            if y < 100 {
                y += if y < 50 { 2000 } else { 1900 };
            }
            (
                y,
                num(caps, "num_m"),
                num(caps, "num_d"),
                DateStyle::Numeric,
            )
        } else if caps.name("my").is_some() {
            (
                num(caps, "my_y")? as i32,
                month_number(caps.name("my_m")?.as_str()),
                None,
                DateStyle::Partial,
            )
        } else if caps.name("bad").is_some() {
            (num(caps, "bad_y")? as i32, None, None, DateStyle::Malformed)
        } else {
            (num(caps, "y_y")? as i32, None, None, DateStyle::Partial)
        };
    Some(build(written, span, year, month, day, style))
}

fn is_full_month(w: &str) -> bool {
    matches!(w, "May" | "June" | "July")
}

fn build(
    written: &str,
    span: Span,
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
    style: DateStyle,
) -> DateField {
    let impossible = match (month, day) {
        (Some(m), _) if !(1..=12).contains(&m) => true,
        (Some(m), Some(d)) => chrono::NaiveDate::from_ymd_opt(year, m, d).is_none(),
        _ => false,
    };
    let (iso, precision) = if impossible {
        (None, None)
    } else {
        match (month, day) {
            (Some(m), Some(d)) => (
                Some(format!("{year:04}-{m:02}-{d:02}")),
                Some(DatePrecision::Day),
            ),
            (Some(m), None) => (
                Some(format!("{year:04}-{m:02}")),
                Some(DatePrecision::Month),
            ),
            _ => (Some(format!("{year:04}")), Some(DatePrecision::Year)),
        }
    };
    DateField {
        as_written: written.split_whitespace().collect::<Vec<_>>().join(" "),
        iso,
        precision,
        year: Some(year),
        month,
        day,
        style,
        impossible,
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> (Option<String>, Option<DatePrecision>, DateStyle) {
        let d = parse_date(s, 0).unwrap_or_else(|| panic!("no date in {s:?}"));
        (d.iso, d.precision, d.style)
    }

    #[test]
    fn every_common_style() {
        use DatePrecision::*;
        use DateStyle::*;
        assert_eq!(
            iso("Apr. 24, 2020"),
            (Some("2020-04-24".into()), Some(Day), AbbrevMonthDayYear)
        );
        assert_eq!(
            iso("April 24, 2020"),
            (Some("2020-04-24".into()), Some(Day), MonthDayYear)
        );
        assert_eq!(
            iso("24 April 2020"),
            (Some("2020-04-24".into()), Some(Day), DayMonthYear)
        );
        assert_eq!(
            iso("19 May 2020"),
            (Some("2020-05-19".into()), Some(Day), DayMonthYear)
        );
        assert_eq!(
            iso("2020-04-24"),
            (Some("2020-04-24".into()), Some(Day), Iso)
        );
        assert_eq!(
            iso("Apr. 2020"),
            (Some("2020-04".into()), Some(Month), Partial)
        );
        assert_eq!(iso("2020"), (Some("2020".into()), Some(Year), Partial));
        assert_eq!(
            iso("2021, April 21"),
            (Some("2021-04-21".into()), Some(Day), YearMonthDay)
        );
        assert_eq!(
            iso("Sept. 3, 2019"),
            (Some("2019-09-03".into()), Some(Day), AbbrevMonthDayYear)
        );
        assert_eq!(
            iso("May 12, 2020"),
            (Some("2020-05-12".into()), Some(Day), MonthDayYear)
        );
        assert_eq!(
            iso("2/8/18"),
            (Some("2018-02-08".into()), Some(Day), Numeric)
        );
    }

    #[test]
    fn a_day_without_month_is_malformed_with_year_precision() {
        let d = parse_date("4, 2020", 10).unwrap();
        assert_eq!(d.style, DateStyle::Malformed);
        assert_eq!(d.iso.as_deref(), Some("2020"));
        assert_eq!(d.span, Span::new(10, 17));
    }

    #[test]
    fn impossible_dates_are_flagged_not_normalized() {
        let d = parse_date("Feb. 30, 2020", 0).unwrap();
        assert!(d.impossible);
        assert_eq!(d.iso, None);
        assert!(parse_date("2020-13-01", 0).unwrap().impossible);
    }

    #[test]
    fn find_dates_skips_numbers_glued_to_words() {
        let ds = find_dates("COVID-2019 report, published March 3, 2020, at 5", 0);
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].iso.as_deref(), Some("2020-03-03"));
    }

    #[test]
    fn month_words_must_be_months() {
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("Mayday"), None);
        assert_eq!(month_number("Marching"), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = find_dates(&s, 0);
            let _ = parse_date(&s, 0);
        }

        #[test]
        fn valid_dates_round_trip(y in 1900i32..2100, m in 1u32..=12, d in 1u32..=28) {
            let text = format!("{y:04}-{m:02}-{d:02}");
            let parsed = parse_date(&text, 0).unwrap();
            proptest::prop_assert_eq!(parsed.iso, Some(text));
        }
    }
}
