//! Dates as written in citations → ISO 8601 with a precision and a style.

use crate::model::{DateField, DatePrecision, DateStyle, Span};
use regex::Regex;
use std::sync::OnceLock;

const MONTHS: &str = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?\.?|July?\.?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)";

/// 1-based month number of a month name or abbreviation.
pub fn month_number(word: &str) -> Option<u32> {
    // compared ASCII-case-insensitively, without a lower-cased copy
    let w = word.trim_end_matches('.').as_bytes();
    let &[a, b, c] = w.get(..3)? else {
        return None;
    };
    let m = match &[
        a.to_ascii_lowercase(),
        b.to_ascii_lowercase(),
        c.to_ascii_lowercase(),
    ] {
        b"jan" => 1,
        b"feb" => 2,
        b"mar" => 3,
        b"apr" => 4,
        b"may" => 5,
        b"jun" => 6,
        b"jul" => 7,
        b"aug" => 8,
        b"sep" => 9,
        b"oct" => 10,
        b"nov" => 11,
        b"dec" => 12,
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
    let full = FULL[m as usize - 1].as_bytes();
    full.get(..w.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(w))
        .then_some(m)
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
    if has_non_ascii_digit(text) {
        return find_dates_by_pattern(text, base);
    }
    let mut out = Vec::new();
    // the pattern's automaton finds where each date is (no capture groups: cheaper), the
    // matcher reads its parts
    for whole in patterns().any.find_iter(text) {
        let Some(m) = match_at(text, whole.start()).filter(|m| m.end == whole.end()) else {
            // the matcher follows the pattern; should they ever disagree, the pattern
            // decides
            return find_dates_by_pattern(text, base);
        };
        // word boundaries: not glued to letters or digits
        let before = text[..m.start].chars().next_back();
        let after = text[m.end..].chars().next();
        if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '$' | '#' | '.'))
            || after.is_some_and(|c| c.is_ascii_digit() || c.is_alphabetic() && m.shape == Shape::Y)
        {
            continue;
        }
        if let Some(d) = from_match(text, &m, Span::new(base + m.start, base + m.end)) {
            out.push(d);
        }
    }
    out
}

/// Parse a string that is (only) a date, e.g. the inside of `(Apr. 24, 2020)`.
pub fn parse_date(text: &str, base: usize) -> Option<DateField> {
    let trimmed = text.trim();
    if has_non_ascii_digit(trimmed) {
        return parse_date_by_pattern(text, base);
    }
    let lead = text.len() - text.trim_start().len();
    // the leftmost match, when one starts at 0, is the one there; it must span the text
    let m = match_at(trimmed, 0)?;
    if m.end != trimmed.len() {
        return None;
    }
    from_match(
        trimmed,
        &m,
        Span::new(base + lead, base + lead + trimmed.len()),
    )
}

/// [`find_dates`] by the pattern (the reference the matcher below follows).
fn find_dates_by_pattern(text: &str, base: usize) -> Vec<DateField> {
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

/// [`parse_date`] by the pattern.
fn parse_date_by_pattern(text: &str, base: usize) -> Option<DateField> {
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

/// Whether `s` holds a decimal digit other than `0`–`9` (the pattern's `\d` is Unicode;
/// the matcher reads ASCII digits only, so such text goes to the pattern). Any numeric
/// character counts: a superset of the decimal digits.
fn has_non_ascii_digit(s: &str) -> bool {
    !s.is_ascii() && s.chars().any(|c| !c.is_ascii() && c.is_numeric())
}

/// The alternatives of the date pattern, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Mdy,
    Dmy,
    Iso,
    Ymd,
    Num,
    My,
    Bad,
    Y,
}

/// A match of the date pattern: which alternative, its byte range, and the ranges its
/// groups captured (year, month, day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Match {
    shape: Shape,
    start: usize,
    end: usize,
    year: (usize, usize),
    month: Option<(usize, usize)>,
    day: Option<(usize, usize)>,
}

/// The pattern's first match (in its order of preference) starting at byte `at`:
/// the alternatives in order, each quantifier greedy, backtracking as the regex crate's
/// leftmost-first semantics do.
fn match_at(text: &str, at: usize) -> Option<Match> {
    let b = text.as_bytes();
    let found = |shape, end, year, month, day| Match {
        shape,
        start: at,
        end,
        year,
        month,
        day,
    };
    // mdy: MONTHS \s+ \d{1,2} ,? \s+ \d{4}
    for m_end in months(b, at).into_iter().flatten() {
        let Some(d) = spaces(text, m_end) else {
            continue;
        };
        for d_end in digits_1_2(b, d).into_iter().flatten() {
            let Some(y) = spaces(text, comma(b, d_end)) else {
                continue;
            };
            if let Some(y_end) = digits(b, y, 4) {
                return Some(found(
                    Shape::Mdy,
                    y_end,
                    (y, y_end),
                    Some((at, m_end)),
                    Some((d, d_end)),
                ));
            }
        }
    }
    // dmy: \d{1,2} \s+ MONTHS ,? \s+ \d{4}
    for d_end in digits_1_2(b, at).into_iter().flatten() {
        let Some(m) = spaces(text, d_end) else {
            continue;
        };
        for m_end in months(b, m).into_iter().flatten() {
            let Some(y) = spaces(text, comma(b, m_end)) else {
                continue;
            };
            if let Some(y_end) = digits(b, y, 4) {
                return Some(found(
                    Shape::Dmy,
                    y_end,
                    (y, y_end),
                    Some((m, m_end)),
                    Some((at, d_end)),
                ));
            }
        }
    }
    // iso: \d{4} - \d{1,2} (?: - \d{1,2})?
    if let Some(y_end) = digits(b, at, 4) {
        if b.get(y_end) == Some(&b'-') {
            let m = y_end + 1;
            if let Some(m_end) = digits_1_2(b, m).into_iter().flatten().next() {
                let day = if b.get(m_end) == Some(&b'-') {
                    digits_1_2(b, m_end + 1)
                        .into_iter()
                        .flatten()
                        .next()
                        .map(|d_end| (m_end + 1, d_end))
                } else {
                    None
                };
                let end = day.map_or(m_end, |d| d.1);
                return Some(found(Shape::Iso, end, (at, y_end), Some((m, m_end)), day));
            }
        }
        // ymd: \d{4} , \s+ MONTHS (?: \s+ \d{1,2})?
        if b.get(y_end) == Some(&b',') {
            if let Some(m) = spaces(text, y_end + 1) {
                if let Some(m_end) = months(b, m).into_iter().flatten().next() {
                    let day = spaces(text, m_end).and_then(|d| {
                        digits_1_2(b, d)
                            .into_iter()
                            .flatten()
                            .next()
                            .map(|d_end| (d, d_end))
                    });
                    let end = day.map_or(m_end, |d| d.1);
                    return Some(found(Shape::Ymd, end, (at, y_end), Some((m, m_end)), day));
                }
            }
        }
    }
    // num: \d{1,2} / \d{1,2} / (?:\d{4}|\d{2})
    for m_end in digits_1_2(b, at).into_iter().flatten() {
        if b.get(m_end) != Some(&b'/') {
            continue;
        }
        let d = m_end + 1;
        for d_end in digits_1_2(b, d).into_iter().flatten() {
            if b.get(d_end) != Some(&b'/') {
                continue;
            }
            let y = d_end + 1;
            if let Some(y_end) = digits(b, y, 4).or_else(|| digits(b, y, 2)) {
                return Some(found(
                    Shape::Num,
                    y_end,
                    (y, y_end),
                    Some((at, m_end)),
                    Some((d, d_end)),
                ));
            }
        }
    }
    // my: MONTHS \s+ \d{4}
    for m_end in months(b, at).into_iter().flatten() {
        let Some(y) = spaces(text, m_end) else {
            continue;
        };
        if let Some(y_end) = digits(b, y, 4) {
            return Some(found(Shape::My, y_end, (y, y_end), Some((at, m_end)), None));
        }
    }
    // bad: \d{1,2} , \s+ \d{4}
    for d_end in digits_1_2(b, at).into_iter().flatten() {
        if b.get(d_end) != Some(&b',') {
            continue;
        }
        let Some(y) = spaces(text, d_end + 1) else {
            continue;
        };
        if let Some(y_end) = digits(b, y, 4) {
            return Some(found(
                Shape::Bad,
                y_end,
                (y, y_end),
                None,
                Some((at, d_end)),
            ));
        }
    }
    // y: (?:1[5-9]|20) \d{2}
    let century = matches!(
        (b.get(at), b.get(at + 1)),
        (Some(b'1'), Some(b'5'..=b'9')) | (Some(b'2'), Some(b'0'))
    );
    if century {
        if let Some(end) = digits(b, at + 2, 2) {
            return Some(found(Shape::Y, end, (at, end), None, None));
        }
    }
    None
}

/// `\d{n}` at `at`: its end.
fn digits(b: &[u8], at: usize, n: usize) -> Option<usize> {
    let run = b.get(at..at + n)?;
    run.iter().all(u8::is_ascii_digit).then_some(at + n)
}

/// `\d{1,2}` at `at`: its possible ends, greedy first.
fn digits_1_2(b: &[u8], at: usize) -> [Option<usize>; 2] {
    [digits(b, at, 2), digits(b, at, 1)]
}

/// `,?` at `at` (what follows it, `\s+`, never starts with a comma: taking it is the only
/// way on).
fn comma(b: &[u8], at: usize) -> usize {
    if b.get(at) == Some(&b',') {
        at + 1
    } else {
        at
    }
}

/// `\s+` at `at`: the end of the whole whitespace run (what follows it never starts with
/// whitespace, so a shorter run never matches), `None` without whitespace. The pattern's
/// `\s` and `char::is_whitespace` are both Unicode `White_Space`.
fn spaces(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    let run = rest.len() - rest.trim_start().len();
    (run > 0).then_some(at + run)
}

/// `MONTHS` at `at`: its possible ends, in the order the pattern prefers them (a longer
/// optional part first: `January`, `Jan.`, `Jan`; `June.`, `June`, `Jun.`, `Jun`;
/// `September`, `Sept.`, `Sept`, `Sepember`, `Sep.`, `Sep`).
fn months(b: &[u8], at: usize) -> [Option<usize>; 6] {
    let mut out = [None; 6];
    let Some(head) = b.get(at..at + 3) else {
        return out;
    };
    let rest = &b[at + 3..];
    let mut k = 0;
    let mut push = |tail: &[u8]| {
        if rest.starts_with(tail) {
            out[k] = Some(at + 3 + tail.len());
        }
        k += 1;
    };
    match head {
        b"Jan" | b"Feb" | b"Mar" | b"Apr" | b"Aug" | b"Oct" | b"Nov" | b"Dec" => {
            let long: &[u8] = match head {
                b"Jan" => b"uary",
                b"Feb" => b"ruary",
                b"Mar" => b"ch",
                b"Apr" => b"il",
                b"Aug" => b"ust",
                b"Oct" => b"ober",
                _ => b"ember",
            };
            push(long);
            push(b".");
            push(b"");
        }
        b"May" => push(b""),
        b"Jun" | b"Jul" => {
            let letter: &[u8] = if head == b"Jun" { b"e" } else { b"y" };
            let mut with_dot = letter.to_vec();
            with_dot.push(b'.');
            push(&with_dot);
            push(letter);
            push(b".");
            push(b"");
        }
        b"Sep" => {
            push(b"tember");
            push(b"t.");
            push(b"t");
            push(b"ember");
            push(b".");
            push(b"");
        }
        _ => {}
    }
    out
}

/// [`from_captures`] for a [`Match`].
fn from_match(text: &str, m: &Match, span: Span) -> Option<DateField> {
    let part = |r: (usize, usize)| &text[r.0..r.1];
    let number = |r: Option<(usize, usize)>| r.and_then(|r| part(r).parse::<u32>().ok());
    let year = part(m.year).parse::<u32>().ok()? as i32;
    let month_word = m.month.map(part);
    let (year, month, day, style) = match m.shape {
        Shape::Mdy => {
            let mw = month_word?;
            let style =
                if mw.len() <= 5 && (mw.ends_with('.') || mw.len() <= 4 && !is_full_month(mw)) {
                    DateStyle::AbbrevMonthDayYear
                } else {
                    DateStyle::MonthDayYear
                };
            (year, month_number(mw), number(m.day), style)
        }
        Shape::Dmy => (
            year,
            month_number(month_word?),
            number(m.day),
            DateStyle::DayMonthYear,
        ),
        Shape::Iso => {
            let d = number(m.day);
            let style = if d.is_some() {
                DateStyle::Iso
            } else {
                DateStyle::Partial
            };
            (year, number(m.month), d, style)
        }
        Shape::Ymd => {
            let d = number(m.day);
            let style = if d.is_some() {
                DateStyle::YearMonthDay
            } else {
                DateStyle::Partial
            };
            (year, month_number(month_word?), d, style)
        }
        Shape::Num => {
            let mut y = year;
            if y < 100 {
                y += if y < 50 { 2000 } else { 1900 };
            }
            (y, number(m.month), number(m.day), DateStyle::Numeric)
        }
        Shape::My => (year, month_number(month_word?), None, DateStyle::Partial),
        Shape::Bad => (year, None, None, DateStyle::Malformed),
        Shape::Y => (year, None, None, DateStyle::Partial),
    };
    Some(build(&text[m.start..m.end], span, year, month, day, style))
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

/// `format!("{year:04}")` followed by `-{part:02}` for each of `parts`, without the
/// formatting machinery (a date is built for nearly every citation).
fn iso(year: i32, parts: &[u32]) -> String {
    let mut out = String::with_capacity(10);
    match u32::try_from(year) {
        Ok(y) => push_padded(&mut out, y, 4),
        Err(_) => out.push_str(&format!("{year:04}")),
    }
    for &p in parts {
        out.push('-');
        push_padded(&mut out, p, 2);
    }
    out
}

/// `v` in decimal, zero-padded on the left to `width` digits (as `{v:0width$}`).
fn push_padded(out: &mut String, mut v: u32, width: usize) {
    let mut digits = [0u8; 10];
    let mut n = 0;
    loop {
        digits[n] = b'0' + (v % 10) as u8;
        n += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for _ in n..width {
        out.push('0');
    }
    for &d in digits[..n].iter().rev() {
        out.push(char::from(d));
    }
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
            (Some(m), Some(d)) => (Some(iso(year, &[m, d])), Some(DatePrecision::Day)),
            (Some(m), None) => (Some(iso(year, &[m])), Some(DatePrecision::Month)),
            _ => (Some(iso(year, &[])), Some(DatePrecision::Year)),
        }
    };
    DateField {
        as_written: super::structure::collapse(written),
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

    proptest::proptest! {
        /// The ISO writer writes what `format!` would.
        #[test]
        fn iso_is_formatted_as_format_would(year in -20000i32..20000, m in 0u32..200, d in 0u32..2000) {
            proptest::prop_assert_eq!(super::iso(year, &[m, d]), format!("{year:04}-{m:02}-{d:02}"));
            proptest::prop_assert_eq!(super::iso(year, &[m]), format!("{year:04}-{m:02}"));
            proptest::prop_assert_eq!(super::iso(year, &[]), format!("{year:04}"));
        }
    }

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

    /// Date-like text: months in every spelling and some near misses, digits, separators.
    const DATE_LIKE: &str = concat!(
        r"(January|Jan\.?|Feb|February|Mar|March|Apr\.|April|May|Mayday|June?\.?|July?\.?|Aug|",
        r"Sept?\.?|September|Sepember|Oct\.|Nov|December|Decmber|[0-9]{1,5}|1[5-9][0-9]{2}|20[0-9]{2}|",
        r"[ ,./\-]|\s|\u{a0}|\u{3000}|[a-zA-Z]|é|٣|²){0,14}"
    );

    proptest::proptest! {
        /// The matcher finds the dates the pattern found, with the same fields.
        #[test]
        fn matcher_agrees_with_the_pattern(s in DATE_LIKE) {
            if !has_non_ascii_digit(&s) {
                for whole in patterns().any.find_iter(&s) {
                    let m = match_at(&s, whole.start()).map(|m| (m.start, m.end));
                    proptest::prop_assert_eq!(m, Some((whole.start(), whole.end())));
                }
            }
            proptest::prop_assert_eq!(find_dates(&s, 7), find_dates_by_pattern(&s, 7));
            proptest::prop_assert_eq!(parse_date(&s, 3), parse_date_by_pattern(&s, 3));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn matcher_agrees_with_the_pattern_on_whole_dates(
            m in r"(Jan\.?|January|Feb\.?|Mar|March|Apr|April|May|June?\.?|July?\.?|Aug\.|Sept?\.?|September|Sepember|Oct|Nov\.|Dec|December)",
            d in r"[0-9]{1,3}",
            y in r"(1[4-9]|20)[0-9]{2}|[0-9]{2,5}",
            sep in r"(, ?|\s{1,2}|/|-|,\s\s|\.)",
            shape in 0usize..10,
        ) {
            let s = match shape {
                0 => format!("{m} {d}{sep}{y}"),
                1 => format!("{d} {m}{sep}{y}"),
                2 => format!("{y}-{d}{sep}{d}"),
                3 => format!("{y},{sep}{m} {d}"),
                4 => format!("{d}/{d}{sep}{y}"),
                5 => format!("{m}{sep}{y}"),
                6 => format!("{d},{sep}{y}"),
                7 => format!("{y}, {m}"),
                8 => format!("{y},{sep}{m}{sep}{d}"),
                _ => format!(" {y}{sep}{m}{d} "),
            };
            proptest::prop_assert_eq!(parse_date(&s, 0), parse_date_by_pattern(&s, 0));
            proptest::prop_assert_eq!(find_dates(&s, 0), find_dates_by_pattern(&s, 0));
        }
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
