//! Notes flattened into running prose: `...peace deal: 58 Mujib Mashal, Title, N.Y. Times
//! (Apr. 24, 2020),; Susannah George, ... These tensions ...`.
//!
//! A note starts with its number followed by a citation-shaped run, and ends after its last
//! citation: citations chain through `;`, and through up to two explanatory sentences when
//! the next sentence is itself a citation (a signal, a name, a quoted title). Prose numbers
//! (`5,000 prisoners`, `135 days`, `29 September`) never pass the citation-shape test.

use super::shape::{date_paren, first_url, signal_at, starts_like_citation};
use super::{Found, NoteDraft};
use crate::model::Span;
use regex::Regex;
use std::sync::OnceLock;

/// How far after a marker the first citation's date or URL may be.
const SHAPE_WINDOW: usize = 500;
/// How far a note may run past its previous citation looking for the next one.
const CONTINUE_WINDOW: usize = 700;

fn candidate_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?:^|[\s(])(\d{1,4})[ \t]+").expect("static pattern compiles"))
}

/// Words that make the following number a callout or a reference, not a note body.
fn preceded_by_reference_word(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map_or(before.len(), |(i, _)| i);
    // ASCII lower-casing, as the list is compared: no allocation
    let word = &before[word_start..];
    [
        "footnote",
        "footnotes",
        "note",
        "notes",
        "endnote",
        "n.",
        "nn.",
        "fn.",
        "page",
        "p.",
        "pp.",
        "no.",
        "vol.",
        "chapter",
        "ch.",
        "section",
        "art.",
        "para.",
        "supra",
        "infra",
        "id.",
    ]
    .iter()
    .any(|w| word.eq_ignore_ascii_case(w))
        || before.ends_with('§')
        || before.ends_with('$')
}

/// The matches of [`candidate_re`] in `text`, as `captures_iter` finds them: (start, end)
/// of the number, and the end of the match.
///
/// When every digit in `text` is ASCII, read off the bytes: a match is a maximal run of one
/// to four digits, followed by a space or a tab (and the run of them the match ends with),
/// preceded by a `(` or a whitespace character that starts at or after the end of the
/// previous match, or starting the text (`^`). (`\d{1,4}` takes no part of a longer run: a
/// digit, no space, would follow it.) Otherwise the pattern is run.
fn candidate_matches(text: &str) -> Vec<(usize, usize, usize)> {
    if !text.is_ascii() && text.chars().any(|c| !c.is_ascii() && c.is_numeric()) {
        return candidate_re()
            .captures_iter(text)
            .filter_map(|caps| {
                let (num, whole) = (caps.get(1)?, caps.get(0)?);
                Some((num.start(), num.end(), whole.end()))
            })
            .collect();
    }
    let b = text.as_bytes();
    let mut out = Vec::new();
    // the end of the last match: the next one starts at or after it
    let mut last_end = 0;
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i = next_digit(b, i);
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i - start > 4 || !matches!(b.get(i), Some(b' ' | b'\t')) {
            continue;
        }
        let opens = if start == 0 {
            true
        } else {
            text[..start].chars().next_back().is_some_and(|c| {
                (c == '(' || c.is_whitespace()) && start - c.len_utf8() >= last_end
            })
        };
        if !opens {
            continue;
        }
        let mut end = i;
        while matches!(b.get(end), Some(b' ' | b'\t')) {
            end += 1;
        }
        out.push((start, i, end));
        last_end = end;
        i = end;
    }
    out
}

/// Candidate note markers: (marker span, number).
fn candidates(text: &str) -> Vec<(Span, u32)> {
    let mut out = Vec::new();
    for (num_start, num_end, whole_end) in candidate_matches(text) {
        let Ok(n) = text[num_start..num_end].parse::<u32>() else {
            continue;
        };
        if n == 0 || preceded_by_reference_word(text, num_start) {
            continue;
        }
        // `5,000`: a digit group after a comma is part of a larger number
        if text[..num_start].ends_with([',', '.']) {
            continue;
        }
        let after = &text[whole_end..];
        let head = super::shape::prefix(after, SHAPE_WINDOW);
        if !starts_like_citation(window_until_next_marker(head), SHAPE_WINDOW) {
            continue;
        }
        out.push((Span::new(num_start, num_end), n));
    }
    out
}

/// The part of `after` before the next thing that looks like another note marker
/// (`... deal: 58 Mujib`), so one note's date cannot vouch for an earlier number.
fn window_until_next_marker(after: &str) -> &str {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| {
        Regex::new(r#"[\s:;,.]\d{1,4}[ \t]+[A-Z“"]"#).expect("static pattern compiles")
    });
    match r.find(after) {
        Some(m) => &after[..m.start()],
        None => after,
    }
}

/// An upper bound of how many notes [`find`] finds in `text`: it makes at most one note
/// of each marker candidate, and every candidate is a match of [`candidate_re`].
///
/// Each match holds its own maximal run of one to four digits, preceded by the start, a
/// whitespace character or `(`, and followed by a space or a tab. When every digit in
/// `text` is ASCII, those runs are counted on the bytes (a non-ASCII byte before a run is
/// counted as a possible whitespace character: the count may only grow), which bounds
/// the matches without running the pattern; otherwise the pattern's matches are counted.
pub fn max_notes(text: &str) -> usize {
    if !text.is_ascii() && text.chars().any(|c| !c.is_ascii() && c.is_numeric()) {
        return candidate_re().find_iter(text).count();
    }
    let b = text.as_bytes();
    let mut count = 0;
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i = next_digit(b, i);
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let opens = start == 0
            || matches!(
                b[start - 1],
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b'(' | 0x80..=0xFF
            );
        if i - start <= 4 && opens && matches!(b.get(i), Some(b' ' | b'\t')) {
            count += 1;
        }
    }
    count
}

/// The first ASCII digit in `b` at or after `i` (`b.len()` when there is none). Blocks of
/// sixteen bytes without one are passed over whole (a test of a whole block compiles to a
/// few vector instructions; digits are rare in prose).
fn next_digit(b: &[u8], mut i: usize) -> usize {
    while let Some(block) = b.get(i..).and_then(|rest| rest.first_chunk::<16>()) {
        if block.iter().fold(false, |any, c| any | c.is_ascii_digit()) {
            break;
        }
        i += 16;
    }
    while i < b.len() && !b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// Find notes flattened into prose.
pub fn find(text: &str) -> Found {
    let cands = candidates(text);
    let mut notes = Vec::new();
    for (i, &(marker, number)) in cands.iter().enumerate() {
        let body_start =
            marker.end + (text[marker.end..].len() - text[marker.end..].trim_start().len());
        let hard_limit = cands.get(i + 1).map(|(s, _)| s.start).unwrap_or(text.len());
        if hard_limit <= body_start {
            continue;
        }
        let Some(end) = note_end(text, body_start, hard_limit) else {
            continue;
        };
        notes.push(NoteDraft {
            number: Some(number),
            label: number.to_string(),
            marker,
            body: Span::new(body_start, end),
            continuation: None,
        });
    }
    Found {
        notes,
        callouts: Vec::new(),
        explicit_callouts: false,
    }
}

/// Where the note whose body starts at `start` ends (exclusive), or `None` if no citation
/// terminator is found before `limit`.
pub fn note_end(text: &str, start: usize, limit: usize) -> Option<usize> {
    let mut pos = start;
    let mut last_end = None;
    let mut first = true;
    loop {
        let window_end = crate::model::floor_char_boundary(
            text,
            limit.min(pos + if first { SHAPE_WINDOW } else { CONTINUE_WINDOW }),
        );
        let hay = &text[pos..window_end];
        let Some(term_end) = terminator_end(hay) else {
            break;
        };
        let (end, chained) = extend_trailer(text, pos + term_end, limit);
        last_end = Some(end);
        pos = end;
        first = false;
        if chained {
            continue;
        }
        // continue only if another citation follows within two sentences
        let rest_end = crate::model::floor_char_boundary(text, limit.min(pos + CONTINUE_WINDOW));
        let rest = &text[pos..rest_end];
        let Some(next_term) = terminator_end(rest) else {
            break;
        };
        let sentences = sentence_starts(rest);
        let containing = sentences
            .iter()
            .rev()
            .find(|&&s| s < next_term)
            .copied()
            .unwrap_or(0);
        let index = sentences.iter().position(|&s| s == containing).unwrap_or(0);
        if index > 2 || !starts_citation_sentence(&rest[containing..]) {
            break;
        }
    }
    last_end
}

/// End (relative) of the first citation terminator in `hay`: a date parenthetical or a URL.
fn terminator_end(hay: &str) -> Option<usize> {
    let paren = date_paren(hay).map(|(_, e)| e);
    let url = first_url(hay).map(|(_, e)| e);
    match (paren, url) {
        (Some(p), Some(u)) => Some(p.min(u)),
        (p, u) => p.or(u),
    }
}

/// Extend a citation over what trails its date: `, https://…`, `, at 5`, a dangling `, at`
/// or `, in` (a stripped URL), and closing punctuation. Returns the new end and whether a
/// `;` chains another citation.
fn extend_trailer(text: &str, end: usize, limit: usize) -> (usize, bool) {
    let hay = &text[end..limit.max(end)];
    let mut i = 0;
    let skip_ws = |from: usize| from + (hay[from..].len() - hay[from..].trim_start().len());
    let j = skip_ws(i);
    if hay[j..].starts_with(',') {
        i = j + 1;
    }
    let j = skip_ws(i);
    let rest = &hay[j..];
    if rest.starts_with("http://") || rest.starts_with("https://") {
        let url_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        i = j + url_len;
        // the URL's own trailing punctuation is handled below
        i -= rest[..url_len].len() - rest[..url_len].trim_end_matches([',', ';', '.']).len();
    } else if rest.starts_with("at") || rest.starts_with("in") {
        let k = j + 2;
        let after = &hay[k..];
        let after_trim = after.trim_start();
        let next = after_trim.chars().next();
        let glued = after.chars().next().is_some_and(|c| c.is_alphanumeric());
        if !glued {
            if rest.starts_with("at") && next.is_some_and(|c| c.is_ascii_digit()) {
                // a pinpoint: `at 5`, `at 5-7`
                let digits = after_trim
                    .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '–')))
                    .unwrap_or(after_trim.len());
                i = k + (after.len() - after_trim.len()) + digits;
            } else if next.is_none_or(|c| {
                matches!(c, ';' | ',' | '.') || c.is_uppercase() || c.is_ascii_digit()
            }) {
                i = k;
            }
        }
    }
    let after = &hay[i..];
    let trimmed = after.trim_start_matches([',', ';', '.']);
    let punct = after.len() - trimmed.len();
    let chained = after[..punct].contains(';');
    (end + i + punct, chained)
}

/// Byte offsets (relative) where sentences start in `text`, including 0.
fn sentence_starts(text: &str) -> Vec<usize> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| {
        Regex::new(r#"[.!?]["”’]?\s+["“]?[A-Z]"#).expect("static pattern compiles")
    });
    let mut out = vec![0];
    for m in r.find_iter(text) {
        // not after an abbreviation such as `U.S.`, `N.Y.`, `Mr.`, or an initial
        let before = &text[..m.start()];
        let word: String = before
            .chars()
            .rev()
            .take_while(|c| !c.is_whitespace())
            .collect();
        if word.len() <= 3 || word.contains('.') {
            continue;
        }
        let start = m.end() - 1;
        let start = text[..start].trim_end_matches(['"', '“']).len();
        out.push(start);
    }
    out
}

/// Does this sentence open a citation: a signal, a quoted title, or names then a comma?
fn starts_citation_sentence(s: &str) -> bool {
    let s = s.trim_start();
    if signal_at(s).is_some() || s.starts_with(['“', '"']) {
        return true;
    }
    let before_comma = s.split(',').next().unwrap_or("");
    let words: Vec<&str> = before_comma.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 7
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase())
                || matches!(*w, "&" | "and" | "de" | "van" | "von" | "al-")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(text: &str) -> Vec<(u32, &str)> {
        find(text)
            .notes
            .iter()
            .map(|n| (n.number.unwrap_or(0), &text[n.body.start..n.body.end]))
            .collect()
    }

    proptest::proptest! {
        /// The bound is never below the number of notes found.
        #[test]
        fn max_notes_bounds_the_notes_found(
            s in r#"([0-9]{1,5}|[ \t]{1,2}|\n|[(:;,.“"]|٣|Ann Lee|[A-Z][a-z]{0,6}|\(May 2, 2020\)|https://x\.org/a){0,40}"#
        ) {
            let bound = max_notes(&s);
            proptest::prop_assert!(find(&s).notes.len() <= bound, "{s:?}");
            proptest::prop_assert!(candidate_re().find_iter(&s).count() <= bound, "{s:?}");
        }

        /// The block-wise digit search finds the first digit.
        #[test]
        fn next_digit_finds_the_first_digit(s in r"([a-z ]{0,20}|[0-9]|é|\n){0,8}", from in 0usize..64) {
            let b = s.as_bytes();
            let from = from.min(b.len());
            let first = b[from..].iter().position(u8::is_ascii_digit).map_or(b.len(), |k| from + k);
            proptest::prop_assert_eq!(next_digit(b, from), first);
        }

        /// The byte scan finds the matches the pattern's `captures_iter` finds.
        #[test]
        fn candidate_scan_agrees_with_the_pattern(
            s in r#"([0-9]{1,5}|[ \t]{1,3}|\n|\u{a0}|\u{3000}|[(:;,.“"]|٣|é|Ann|x){0,30}"#
        ) {
            let by_pattern: Vec<(usize, usize, usize)> = candidate_re()
                .captures_iter(&s)
                .filter_map(|caps| {
                    let (num, whole) = (caps.get(1)?, caps.get(0)?);
                    Some((num.start(), num.end(), whole.end()))
                })
                .collect();
            proptest::prop_assert_eq!(candidate_matches(&s), by_pattern, "{:?}", s);
        }
    }

    #[test]
    fn max_notes_counts_numbers_before_a_space() {
        let t = "It sets a goal: 58 Mujib Mashal, Taliban attack, N.Y. Times (Apr. 24, 2020),; 59 Ann Lee, Talks, CNN (May 12, 2020), 5,000 more.";
        assert_eq!(find(t).notes.len(), 2);
        // `58 `, `59 `; not `24,`, `12,`, nor `000 ` after a comma
        assert_eq!(max_notes(t), 2);
        assert_eq!(max_notes("12345 Ann (1 B 22\t"), 2);
        assert_eq!(max_notes("٣ Ann"), 1);
        assert_eq!(max_notes("“x” 12 Ann\u{a0}3 B 7\t"), 3);
    }

    #[test]
    fn a_note_in_prose_ends_after_its_last_citation() {
        let t = "It sets a goal: 58 Mujib Mashal, Taliban attack, N.Y. Times (Apr. 24, 2020),; Susannah George, Civilian deaths rise, Wash. Post (19 May 2020), Tensions were high after an attack. See Ryan Browne, Orders, CNN (May 12, 2020), These tensions reached a climax on 29 September. Then more prose.";
        let got = bodies(t);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, 58);
        assert!(got[0].1.starts_with("Mujib Mashal"));
        assert!(got[0].1.ends_with("CNN (May 12, 2020),"), "{:?}", got[0].1);
    }

    #[test]
    fn adjacent_notes_split_at_the_next_marker() {
        let t = "the Afghan government. 12 First round of talks, Al Jazeera (December 7, 2019), 16 Mujib Mashal & Lara Jakes, Trump gives light, according to officials, N.Y. Times (February 11, 2020), at\n\n49 Anne Gearan, Trump speaks, Washington Post (March 3, 2020), in; Susannah George, the US is targeting Wash. 4, 2020), at The agreement called for withdrawal.";
        let got = bodies(t);
        assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), [12, 16, 49]);
        assert!(
            got[1].1.ends_with("(February 11, 2020), at"),
            "{:?}",
            got[1].1
        );
        assert!(got[2].1.ends_with("4, 2020), at"), "{:?}", got[2].1);
    }

    #[test]
    fn prose_numbers_are_not_notes() {
        let t = "up to 5,000 Taliban prisoners by March 10, 2020, and 1,000 prisoners. Within 135 days (i.e., by July 2020), from 13,000 to 8,600 troops. On 29 September. Footnote 34 The Joint Statement (Joint Statement). It sets: 58 Mujib Mashal, Title, CNN (May 12, 2020).";
        let got = bodies(t);
        assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), [58]);
    }
}
