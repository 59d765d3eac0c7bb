//! Notes that start at the beginning of a line: endnote sections (`Notes` / `1. …`),
//! page-bottom footnote blocks in pdftotext output (interleaved with running heads and
//! page numbers), numbered reference lists (`[1] …`), and unnumbered reference lists under a
//! `References` heading (Wikipedia scrapes that lost their numbers).
//!
//! Rules a careful editor applies: a note line starts with the next number in sequence
//! (gaps of up to two are tolerated when the line is clearly a citation); it follows a blank
//! line or the previous note's block (never the middle of a prose paragraph); its body runs
//! over continuation lines until a blank line or the next note.

use super::callouts;
use super::shape::{has_url, starts_like_citation};
use super::{Found, NoteDraft};
use crate::model::Span;
use regex::Regex;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// The lines of `text` (the pieces of `split_inclusive('\n')`), each without the `\n` and
/// `\r` that end it. The line ends are found by the SIMD byte search, and the ends trimmed
/// on the bytes (both are ASCII).
fn lines(text: &str) -> Vec<Line<'_>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut push = |start: usize, end: usize| {
        let mut e = end;
        while e > start && matches!(b[e - 1], b'\n' | b'\r') {
            e -= 1;
        }
        out.push(Line {
            start,
            end: e,
            text: &text[start..e],
        });
    };
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', b) {
        push(start, nl + 1);
        start = nl + 1;
    }
    if start < b.len() {
        push(start, b.len());
    }
    out
}

fn marker_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"^[ \t]{0,8}(?:\[(\d{1,4})\]|(\d{1,4})[.)]?)[ \t]+(\S)")
            .expect("static pattern compiles")
    })
}

fn heading_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)^\s*(?:#{1,6}\s*)?(?:notes|end\s?notes|foot\s?notes|references|sources|citations|works cited|notes and references)\s*:?\s*$")
            .expect("static pattern compiles")
    })
}

/// What [`heading_re`] needs at the end of a line, checked without running it: every
/// heading ends, before whitespace and an optional `:`, with `s` or `d` in either case (or
/// `ſ`, which the case-insensitive pattern takes for `s`). Most lines are ruled out here.
fn may_be_heading(line: &str) -> bool {
    let t = line.trim_end();
    let t = t.strip_suffix(':').unwrap_or(t).trim_end();
    matches!(t.as_bytes().last(), Some(b's' | b'S' | b'd' | b'D')) || t.ends_with('ſ')
}

struct Candidate {
    line: usize,
    number: u32,
    marker: Span,
    body_start: usize,
}

/// What [`marker_re`] needs at the start of a line, checked without running it: at most
/// eight spaces or tabs, then `[` or a digit (a non-ASCII character may be a Unicode digit:
/// such lines go to the pattern). Most lines start with a word and are ruled out here.
fn may_start_with_marker(line: &str) -> bool {
    let b = line.as_bytes();
    let lead = b
        .iter()
        .take(8)
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    b.get(lead)
        .is_some_and(|&c| c == b'[' || c.is_ascii_digit() || c >= 0x80)
}

fn candidate(line_idx: usize, line: &Line<'_>) -> Option<Candidate> {
    if !may_start_with_marker(line.text) {
        return None;
    }
    let caps = marker_re().captures(line.text)?;
    let num = caps.get(1).or_else(|| caps.get(2))?;
    let number: u32 = num.as_str().parse().ok()?;
    if number == 0 {
        return None;
    }
    let first = caps.get(3)?;
    let rest = &line.text[first.start()..];
    // prose that happens to start with a number: `135 days`, `29 September`, `2019 (COVID`
    let first_char = rest.chars().next()?;
    if first_char.is_lowercase() || first_char == '(' || first_char == '%' {
        return None;
    }
    let word_len = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    let first_word = &rest[..word_len];
    if first_word.len() >= 3 && crate::parse::date::month_number(first_word).is_some() {
        return None;
    }
    let marker_start = if caps.get(1).is_some() {
        num.start() - 1
    } else {
        num.start()
    };
    let marker_end = if caps.get(1).is_some() {
        num.end() + 1
    } else {
        num.end()
    };
    Some(Candidate {
        line: line_idx,
        number,
        marker: Span::new(line.start + marker_start, line.start + marker_end),
        body_start: line.start + first.start(),
    })
}

/// Find notes at line starts.
pub fn find(text: &str) -> Found {
    let lines = lines(text);
    let heading = lines
        .iter()
        .rposition(|l| may_be_heading(l.text) && heading_re().is_match(l.text));
    let numbered = numbered_notes(text, &lines, heading);
    let mut found = if numbered.is_empty() {
        match heading {
            Some(h) => unnumbered_list(&lines, h),
            None => Vec::new(),
        }
    } else {
        numbered
    };
    found.sort_by_key(|n| n.marker.start);
    let first_note = found.first().map(|n| n.marker.start).unwrap_or(text.len());
    let section_start = heading
        .map(|h| lines[h].start)
        .unwrap_or(first_note)
        .min(first_note);
    // bracketed markers make callouts explicit; written-out ones (`Footnote 34`) are
    // added by the caller when there are none
    let callouts = callouts::find_bracketed(text, section_start);
    Found {
        notes: found,
        explicit_callouts: !callouts.is_empty(),
        callouts,
    }
}

fn numbered_notes(text: &str, lines: &[Line<'_>], heading: Option<usize>) -> Vec<NoteDraft> {
    let mut accepted: Vec<Candidate> = Vec::new();
    let mut in_block = false;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            in_block = false;
            continue;
        }
        let after_blank = i == 0 || lines[i - 1].is_blank();
        let Some(c) = candidate(i, line) else {
            continue;
        };
        let body = &text[c.body_start..];
        // the shape is read only when the numbering and layout leave the call open (most
        // notes of a block are next in sequence and need no reading)
        let shape = std::cell::OnceCell::new();
        let shaped = || *shape.get_or_init(|| starts_like_citation(body, 600));
        let after_heading = heading.is_some_and(|h| i > h);
        let ok = match accepted.last() {
            None => {
                (c.number == 1 && (after_heading || shaped()))
                    || (after_blank && c.number < 500 && shaped())
            }
            Some(prev) => {
                // a note follows a blank line or the previous note's block; a note that is
                // exactly next in sequence and shaped like a citation may follow anything
                let structural =
                    after_blank || in_block || (c.number == prev.number + 1 && shaped());
                structural
                    && (c.number == prev.number + 1
                        || (c.number > prev.number + 1 && c.number <= prev.number + 3 && shaped())
                        || (c.number == 1 && shaped()))
            }
        };
        if ok {
            accepted.push(c);
            in_block = true;
        }
    }
    // bodies: to the blank line or next note
    let mut notes = Vec::with_capacity(accepted.len());
    for (k, c) in accepted.iter().enumerate() {
        let next_line = accepted.get(k + 1).map(|n| n.line).unwrap_or(lines.len());
        let mut last = c.line;
        for (j, line) in lines.iter().enumerate().take(next_line).skip(c.line + 1) {
            if line.is_blank() {
                break;
            }
            last = j;
        }
        let end = lines[last].end;
        let body = Span::new(c.body_start, end.max(c.body_start));
        let continuation = accepted
            .get(k + 1)
            .filter(|next| next.number == c.number + 1)
            .and_then(|next| continuation(text, lines, c.number, body, last, next.line));
        notes.push(NoteDraft {
            number: Some(c.number),
            label: c.number.to_string(),
            marker: c.marker,
            body,
            continuation,
        });
    }
    notes
}

/// The rest of note `number` after a page break. pdftotext writes a page's body text, then
/// its notes; a note that runs over to the next page goes on at the top of that page's note
/// block, right before the next note, with no number of its own:
///
/// ```text
/// 22 Gong Jingqi, “发哨子的人,” Renwu (People), March 10, 2020,
///
/// Congressional Research Service      5
/// … the next page's body text …
///
/// https://tinyurl.com/sggfhq8.
/// 23 Li Wenliang Weibo post, …
/// ```
///
/// A careful reader joins them when the note stops mid-sentence (its last character
/// cannot end a note: a comma, a colon, an open bracket, a word), the lines before the next
/// note follow a blank line, and they hold no callout (a body paragraph that happens to
/// touch the note block calls its notes). `last` is the note's last line, `next` the line
/// of the next note.
fn continuation(
    text: &str,
    lines: &[Line<'_>],
    number: u32,
    body: Span,
    last: usize,
    next: usize,
) -> Option<Span> {
    if !stops_mid_sentence(&text[body.start..body.end]) {
        return None;
    }
    // the block of lines right before the next note, after a blank line
    let mut first = next;
    while first > last + 1 && !lines[first - 1].is_blank() {
        first -= 1;
    }
    if first == next || first <= last + 1 || next - first > MAX_CONTINUATION_LINES {
        return None;
    }
    if candidate(first, &lines[first]).is_some() {
        return None;
    }
    let block = Span::new(
        lines[first].start + (lines[first].text.len() - lines[first].text.trim_start().len()),
        lines[next - 1].end,
    );
    if calls_a_note(&text[block.start..block.end], number) {
        return None;
    }
    Some(block)
}

/// Lines a note's continuation may take at the top of the next page's note block.
const MAX_CONTINUATION_LINES: usize = 12;

/// Whether a note body stops where no note ends: after a comma, semicolon, colon, dash or
/// open bracket, or on a word or number without a closing period.
fn stops_mid_sentence(body: &str) -> bool {
    body.trim_end().chars().next_back().is_some_and(|c| {
        c.is_alphanumeric() || matches!(c, ',' | ';' | ':' | '(' | '[' | '-' | '–' | '—' | '/')
    })
}

/// Whether `text` holds a callout to a later note than `number` (`Wuhan.29`, `said,”30`):
/// a number of one to three digits glued to a word or punctuation and followed by a space
/// or the end of a line.
fn calls_a_note(text: &str, number: u32) -> bool {
    static CALL: OnceLock<Regex> = OnceLock::new();
    let call = CALL.get_or_init(|| {
        Regex::new(r#"[\p{L}.,;:!?”’")\]](\d{1,3})(?:\s|$)"#).expect("static pattern compiles")
    });
    call.captures_iter(text).any(|c| {
        c.get(1)
            .and_then(|n| n.as_str().parse::<u32>().ok())
            .is_some_and(|n| n > number && n <= number + 40)
    })
}

/// A `References` heading followed by one reference per line, without numbers.
fn unnumbered_list(lines: &[Line<'_>], heading: usize) -> Vec<NoteDraft> {
    static BACKLINK: OnceLock<Regex> = OnceLock::new();
    let backlink = BACKLINK.get_or_init(|| {
        Regex::new(r"^\s*\^\s*(?:[a-z]{1,2}\s+)*").expect("static pattern compiles")
    });
    let mut notes = Vec::new();
    for line in &lines[heading + 1..] {
        if line.is_blank() {
            continue;
        }
        if !looks_like_reference(line.text) {
            if notes.is_empty() {
                continue;
            }
            break;
        }
        let lead = backlink
            .find(line.text)
            .map(|m| m.end())
            .unwrap_or(line.text.len() - line.text.trim_start().len());
        let n = notes.len() as u32 + 1;
        notes.push(NoteDraft {
            number: Some(n),
            label: n.to_string(),
            marker: Span::new(line.start, line.start + lead),
            body: Span::new(line.start + lead, line.end),
            continuation: None,
        });
    }
    notes
}

fn looks_like_reference(line: &str) -> bool {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let year = YEAR.get_or_init(|| {
        Regex::new(r"(?-u:\b)(?:1[6-9]|20)\d{2}(?-u:\b)").expect("static pattern compiles")
    });
    let t = line.trim();
    t.contains(['"', '“', '”'])
        || has_url(t)
        || (year.is_match(t) && t.len() > 25 && t.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`lines`] as first written: `split_inclusive` and `trim_end_matches`.
    fn lines_by_split(text: &str) -> Vec<(usize, usize, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        for piece in text.split_inclusive('\n') {
            let end = start + piece.len();
            let body = piece.trim_end_matches(['\n', '\r']);
            out.push((start, start + body.len(), body));
            start = end;
        }
        out
    }

    proptest::proptest! {
        /// The byte search cuts the lines `split_inclusive` cut, trimmed alike.
        #[test]
        fn lines_by_bytes_agree_with_the_split(s in r"(\n|\r|\r\n|\n\n|[a-z ]{1,5}|é|中|\u{85}|\u{2028}){0,12}") {
            let by_bytes: Vec<(usize, usize, &str)> =
                lines(&s).iter().map(|l| (l.start, l.end, l.text)).collect();
            proptest::prop_assert_eq!(by_bytes, lines_by_split(&s), "{:?}", s);
        }
    }

    proptest::proptest! {
        /// The line-end prefilter never rules out a heading the pattern matches.
        #[test]
        fn heading_prefilter_is_exact(
            s in r"(\s|#{1,3}|NOTES|Notes|notes|End ?notes|Foot notes|References|SOURCES|Sources|Citations|works cited|WORKS CITED|notes and references|ſources|:|\u{a0}|x){0,5}"
        ) {
            if heading_re().is_match(&s) {
                proptest::prop_assert!(may_be_heading(&s), "{:?}", s);
            }
        }
    }

    fn numbers(text: &str) -> Vec<u32> {
        find(text).notes.iter().filter_map(|n| n.number).collect()
    }

    #[test]
    fn endnote_section() {
        let t = "Body text.1 More.2\n\nNotes\n1. Ann Lee, A Title, N.Y. Times (Apr. 2, 2020).\n2. Id. at 5.\n";
        assert_eq!(numbers(t), [1, 2]);
    }

    #[test]
    fn page_bottom_blocks_skip_running_heads_and_body_numbers() {
        let t = "Body line ends.1 And more\n2019 (COVID-19) was a year\n\n\n1 U.S. CDC, “FAQ,” April 26, 2004, https://www.cdc.gov/faq.html.\nWorld Health Organization, “Summary,” April 21, 2004.\n2 Some explanatory note\n\nReport Service    1\n\n## Page 9\n\nBody text again with 2 words.3 And\n\n3 Ann Lee, “Title,” Reuters, May 2, 2020.\n";
        let found = find(t);
        assert_eq!(
            found
                .notes
                .iter()
                .filter_map(|n| n.number)
                .collect::<Vec<_>>(),
            [1, 2, 3]
        );
        let first = &found.notes[0];
        assert!(t[first.body.start..first.body.end].ends_with("April 21, 2004."));
    }

    /// A page whose last note runs over to the next page, pdftotext style.
    const RUN_OVER: &str = "Body.21 More body.22\n\n21 Ann Lee, “Title,” Reuters, May 2, 2020.\n22 Gong Jingqi, “Whistle,” Renwu (People), March 10, 2020,\n\n\nResearch Service      5\n\n## Page 13\n\nThe next page’s body text ends here.23\n\nhttps://tinyurl.com/sggfhq8.\n23 Li Wenliang Weibo post, January 31, 2020, https://www.weibo.com/1139098205.\n";

    #[test]
    fn a_note_cut_by_a_page_break_goes_on_before_the_next_note() {
        assert_eq!(numbers(RUN_OVER), [21, 22, 23]);
        let found = find(RUN_OVER);
        let more = found.notes[1].continuation.expect("note 22 goes on");
        assert_eq!(
            &RUN_OVER[more.start..more.end],
            "https://tinyurl.com/sggfhq8."
        );
        assert!(found.notes[0].continuation.is_none());
        assert!(found.notes[2].continuation.is_none());
    }

    #[test]
    fn a_finished_note_takes_nothing_from_the_next_page() {
        let t = RUN_OVER.replace("March 10, 2020,\n", "March 10, 2020.\n");
        assert!(find(&t).notes.iter().all(|n| n.continuation.is_none()));
    }

    #[test]
    fn body_text_that_calls_a_note_is_no_continuation() {
        // no blank line between the next page's body and its notes
        let t = RUN_OVER.replace("ends here.23\n\nhttps", "ends here.23\nhttps");
        assert!(find(&t).notes.iter().all(|n| n.continuation.is_none()));
    }

    #[test]
    fn a_continuation_follows_a_blank_line() {
        // the next note right after the blank line: nothing to join
        let t = RUN_OVER.replace("https://tinyurl.com/sggfhq8.\n", "");
        assert!(find(&t).notes.iter().all(|n| n.continuation.is_none()));
    }

    #[test]
    fn where_a_note_stops_mid_sentence() {
        for open in [
            "March 10, 2020,",
            "See",
            "available at",
            "(",
            "https://a.org/b/",
        ] {
            assert!(stops_mid_sentence(open), "{open}");
        }
        for done in [
            "March 10, 2020.",
            "Id. at 5.",
            "(2020).",
            "“Title.”",
            "Really?",
        ] {
            assert!(!stops_mid_sentence(done), "{done}");
        }
    }

    #[test]
    fn callouts_to_later_notes_are_recognised() {
        assert!(calls_a_note("in Wuhan.29\n", 22));
        assert!(calls_a_note("“notices.”23 And", 22));
        assert!(!calls_a_note("https://tinyurl.com/sggfhq8.", 22));
        assert!(!calls_a_note("H1N1 and 2019 (COVID-19)", 22));
        // an earlier note, or a number too far on to be this page's
        assert!(!calls_a_note("said.12 Then", 22));
        assert!(!calls_a_note("said.99 Then", 22));
    }

    #[test]
    fn unnumbered_reference_list_is_numbered_in_order() {
        let t = "Text.[1] More.[2]\nReferences\n \"A title\". BBC. Retrieved 1 May 2017.\n Lee, Ann (2 May 2017). \"B\". CNN.\nExternal links\n";
        let f = find(t);
        assert_eq!(
            f.notes.iter().filter_map(|n| n.number).collect::<Vec<_>>(),
            [1, 2]
        );
        assert_eq!(f.callouts.len(), 2);
        assert!(f.explicit_callouts);
    }
}
