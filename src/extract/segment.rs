//! Split a note body into citation segments.
//!
//! Cuts at top-level `;`; after a URL or a date that ends a sentence; before a sentence that
//! opens with a signal (`. See`, `, see also`); after a Bluebook date parenthetical followed by
//! new text (`(19 May 2020), Tensions were …`). Pieces with no citation shape (explanatory
//! sentences) stay footnote text and are not returned.

use super::shape::{date_paren, has_url, is_short_form_start, last_word, signal_at, urls};
use crate::model::Span;
use regex::Regex;
use std::sync::OnceLock;

/// Citation segments of `body` (which starts at byte `base` of the document), in order.
pub fn split(body: &str, base: usize) -> Vec<Span> {
    split_marked(body, base, &|_| false)
}

/// [`split`] of a clean text whose markup was removed: `opens_markup(i)` says whether
/// markup (emphasis, a tag) opened just before byte `i` of `body` in the source.
pub fn split_marked(body: &str, base: usize, opens_markup: &dyn Fn(usize) -> bool) -> Vec<Span> {
    // every text checked for a cross-reference below is a part of `body`: when `body`
    // holds none of the words a cross-reference names, none of them is one
    split_with(
        body,
        base,
        crate::parse::may_hold_cross_reference(body),
        opens_markup,
    )
}

/// [`split_marked`] of a `body` whose prefilter words are `present`
/// ([`crate::parse::Present::of`] of `body`), found once for the body and its citations.
pub(crate) fn split_marked_in(
    body: &str,
    base: usize,
    present: crate::parse::Present,
    opens_markup: &dyn Fn(usize) -> bool,
) -> Vec<Span> {
    split_with(
        body,
        base,
        crate::parse::may_hold_cross_reference_in(present),
        opens_markup,
    )
}

/// [`split_marked`], told whether `body` may hold a cross-reference (`false` only when
/// [`crate::parse::may_hold_cross_reference`] says so of `body`).
fn split_with(
    body: &str,
    base: usize,
    cross_refs: bool,
    opens_markup: &dyn Fn(usize) -> bool,
) -> Vec<Span> {
    let mut out = Vec::new();
    for (s, e) in name_list_joined(body, top_level_semicolons(body), cross_refs) {
        for (a, b) in sentence_cuts(body, s, e, cross_refs, opens_markup) {
            let piece = &body[a..b];
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            if trimmed.is_empty() || !looks_like_citation_in(trimmed, cross_refs) {
                continue;
            }
            let start = a + lead;
            out.push(Span::new(base + start, base + start + trimmed.len()));
        }
    }
    out
}

/// `Bilefsky, Dan; Perlroth, Nicole (12 May 2017). …` and `Millar, Sheila A.; Le Guernigou,
/// Yann; Davey, James (…)`: a piece that is only a name (no citation on its own) belongs to
/// the next one. Each piece is judged as it was cut, so a list of any length joins up.
fn name_list_joined(
    body: &str,
    pieces: Vec<(usize, usize)>,
    cross_refs: bool,
) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(pieces.len());
    let mut open: Option<usize> = None;
    let last = pieces.len().saturating_sub(1);
    for (k, (s, e)) in pieces.into_iter().enumerate() {
        let start = open.take().unwrap_or(s);
        if k < last && is_name_piece(body[s..e].trim(), cross_refs) {
            open = Some(start);
        } else {
            out.push((start, e));
        }
    }
    out
}

/// A short piece with no citation shape whose only periods close initials (`Sheila A.`).
/// `cross_refs` as in [`split_with`].
fn is_name_piece(p: &str, cross_refs: bool) -> bool {
    !p.is_empty()
        && p.split_whitespace().nth(4).is_none()
        && p.split_whitespace().all(|w| {
            let core = w.trim_end_matches(',');
            !core.contains('.') || crate::parse::authors::is_initials(core)
        })
        && !looks_like_citation_in(p, cross_refs)
}

/// Ranges between `;` that are outside parentheses, brackets, braces and quotations.
fn top_level_semicolons(body: &str) -> Vec<(usize, usize)> {
    // only a `;` ends a range: without one the scan below would find the whole body, and
    // it need not go past the last one
    let Some(last) = memchr::memrchr(b';', body.as_bytes()) else {
        return vec![(0, body.len())];
    };
    let mut out = Vec::new();
    let mut depth: i32 = 0;
    let mut in_quote = false;
    let mut start = 0;
    // a byte scan: every character it reacts to is ASCII except `“` (E2 80 9C) and `”`
    // (E2 80 9D), recognised by their lead byte and continuation; the other bytes are
    // passed over by one look-up each
    let b = body.as_bytes();
    for (i, &c) in b[..=last].iter().enumerate() {
        if !SEMICOLON_SCAN_STOPS[usize::from(c)] {
            continue;
        }
        match c {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = (depth - 1).max(0),
            0xE2 if b.get(i + 1) == Some(&0x80) => match b.get(i + 2) {
                Some(0x9C) => in_quote = true,
                Some(0x9D) => in_quote = false,
                _ => {}
            },
            b'"' => in_quote = !in_quote,
            b';' if depth == 0 && !in_quote && !is_entity_or_url_context(body, i) => {
                out.push((start, i));
                start = i + 1;
            }
            // a paragraph break resets runaway nesting from unbalanced input
            b'\n' if b.get(i + 1) == Some(&b'\n') => {
                depth = 0;
                in_quote = false;
            }
            _ => {}
        }
    }
    out.push((start, body.len()));
    out
}

/// The bytes [`top_level_semicolons`] reacts to.
static SEMICOLON_SCAN_STOPS: [bool; 256] = {
    let mut t = [false; 256];
    let stops = b"([{)]}\"\n;\xE2";
    let mut k = 0;
    while k < stops.len() {
        t[stops[k] as usize] = true;
        k += 1;
    }
    t
};

/// `&amp;` entities and `;` inside a URL do not separate citations.
fn is_entity_or_url_context(body: &str, i: usize) -> bool {
    // a `;` followed by a space ends a URL (`…/a.html; See …`)
    let followed_by_space = body[i + 1..].chars().next().is_none_or(char::is_whitespace);
    let lo = crate::model::ceil_char_boundary(body, i.saturating_sub(2048));
    let word_start = body[lo..i]
        .rfind(char::is_whitespace)
        .map(|p| lo + p + 1)
        .unwrap_or(lo);
    let word = &body[word_start..i];
    (word.contains("://") && !followed_by_space) || (word.starts_with('&') && word.len() < 8)
}

/// Candidate sentence boundaries in `text`: punctuation, whitespace, then an opening
/// capital or quote — the matches (start, end) of
/// `[.,]\)?(?:["”’]|'')?\s+(?:[*_]|\\textit\{|\\emph\{)?(?:[A-Z“"]|see\s)` as the regex
/// crate's `find_iter` finds them. Every part but `\s+` is optional or a single choice,
/// and what follows each optional part cannot start what it would have matched, so the
/// match at a `.` or `,` is read off without backtracking (`\s` is Unicode White_Space,
/// as `char::is_whitespace`).
fn boundaries(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(off) = memchr::memchr2(b'.', b',', b.get(from..)?) {
            let start = from + off;
            match cut_at(text, start) {
                Some(end) => {
                    from = end;
                    return Some((start, end));
                }
                None => from = start + 1,
            }
        }
        None
    })
}

/// The end of the boundary pattern of [`boundaries`] matched at `start` (a `.` or `,`).
///
/// Read on the bytes where the pattern's characters are ASCII; `“` is E2 80 9C, `”`
/// E2 80 9D and `’` E2 80 99 (a lead byte and its continuations, never inside another
/// character); the whitespace is left to `trim_start` (Unicode `White_Space`, as `\s`).
fn cut_at(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let at_bytes = |at: usize, lit: &[u8]| b.get(at..).is_some_and(|r| r.starts_with(lit));
    let mut at = start + 1;
    if b.get(at) == Some(&b')') {
        at += 1;
    }
    if b.get(at) == Some(&b'"') {
        at += 1;
    } else if at_bytes(at, "”".as_bytes()) || at_bytes(at, "’".as_bytes()) {
        at += 3;
    } else if at_bytes(at, b"''") {
        at += 2;
    }
    let rest = &text[at..];
    let spaced = rest.trim_start();
    if spaced.len() == rest.len() {
        return None;
    }
    at = text.len() - spaced.len();
    match b.get(at) {
        Some(b'*' | b'_') => at += 1,
        Some(b'\\') => {
            for mark in ["\\textit{", "\\emph{"] {
                if at_bytes(at, mark.as_bytes()) {
                    at += mark.len();
                    break;
                }
            }
        }
        _ => {}
    }
    match b.get(at) {
        Some(c) if c.is_ascii_uppercase() || *c == b'"' => return Some(at + 1),
        _ if at_bytes(at, "“".as_bytes()) => return Some(at + 3),
        _ => {}
    }
    let after_see = text[at..].strip_prefix("see")?;
    let space = after_see.chars().next().filter(|c| c.is_whitespace())?;
    Some(at + 3 + space.len_utf8())
}

/// Split `body[s..e]` at sentence boundaries that separate citations.
/// How far back a cut decision looks (bytes).
const LOOKBACK: usize = 1500;

fn sentence_cuts(
    body: &str,
    s: usize,
    e: usize,
    cross_refs: bool,
    opens_markup: &dyn Fn(usize) -> bool,
) -> Vec<(usize, usize)> {
    let piece = &body[s..e];
    let mut cuts = vec![];
    for (m_start, m_end) in boundaries(piece) {
        let boundary = m_start + 1; // just after the punctuation
        let next_start = m_end
            - piece[..m_end]
                .chars()
                .next_back()
                .map_or(0, |c| c.len_utf8());
        let next_start = if piece[..m_end].ends_with("see ") {
            m_end - 4
        } else {
            next_start
        };
        // a segment opening with LaTeX emphasis starts at the command
        let next_start = ["\\textit{", "\\emph{", "*", "_"]
            .iter()
            .find(|cmd| piece[..next_start].ends_with(**cmd))
            .map_or(next_start, |cmd| next_start - cmd.len());
        // look back at most one long citation's length: keeps the scan linear
        let lo = crate::model::ceil_char_boundary(
            piece,
            boundary
                .saturating_sub(LOOKBACK)
                .max(cuts.last().map_or(0, |c: &(usize, usize)| c.1)),
        );
        let before = &piece[lo..boundary];
        let after = super::shape::prefix(&piece[next_start..], LOOKBACK);
        // every test below asks of the same `before`: it is read once, when first asked
        let abbreviation = std::cell::OnceCell::new();
        let ends_abbr = || *abbreviation.get_or_init(|| ends_with_abbreviation(before));
        if should_cut(before, after, cross_refs, &ends_abbr)
            || opens_citation_after_sentence(before, after, &ends_abbr, |i| {
                opens_markup(s + next_start + i)
            })
        {
            cuts.push((boundary, next_start));
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    for (end, next) in cuts {
        if end > start {
            out.push((s + start, s + end));
        }
        start = next;
    }
    out.push((s + start, e));
    out
}

/// `cross_refs`: whether the text `before` and `after` are parts of may hold a
/// cross-reference (see [`split_with`]); `ends_abbr()` is
/// [`ends_with_abbreviation`]`(before)`.
fn should_cut(before: &str, after: &str, cross_refs: bool, ends_abbr: &dyn Fn() -> bool) -> bool {
    let before_t = before.trim_end_matches([',', '.', ')', '"', '”', '’']);
    // after a complete `supra` short form: `… Written Responses, supra. As for …`
    if ends_with_supra(before.trim_end()) {
        return true;
    }
    // before a short form that follows an explanatory sentence or a quotation:
    // `… negligible.” Ibid., 149.`, `… investigation. \textit{Id.}~at~10.`
    if before.trim_end().ends_with(['.', '”', '"', '\'']) && !ends_abbr() {
        let head = after.trim_start_matches(['*', '_']);
        let head = match signal_at(head) {
            Some((_, n)) => &head[n..],
            None => head,
        };
        if is_short_form_start(head) && !(cross_refs && crate::parse::is_cross_reference(head)) {
            return true;
        }
    }
    // before a cross-reference sentence (`… at 12. See infra Part III.`): a citation of its own
    if before.trim_end().ends_with('.')
        && !ends_abbr()
        && cross_refs
        && crate::parse::is_cross_reference(super::shape::prefix(after, 200))
    {
        return true;
    }
    // before a signal that opens a new citation sentence
    if signal_at(after).is_some()
        && !before_t.ends_with(|c: char| c.is_uppercase() && before_t.len() < 3)
    {
        return !ends_abbr();
    }
    // after a URL that ends a sentence, unless the next sentence is the access date that
    // belongs to it (`…/a.html. Accessed May 5, 2020.`)
    if starts_with_access_note(after) {
        return false;
    }
    if let Some(w) = url_word_start(before) {
        // the last URL, if it ends `before`, starts in its last word: see `url_word_start`
        if let Some(&(_, ue)) = urls(&before[w..]).last() {
            if before[w + ue..]
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ')' | '>'))
                .is_empty()
            {
                return true;
            }
        }
    }
    // after a URL that pdftotext broke across lines and that ends a sentence:
    // `…/1139098205/Is0XboARR?from=\npage_10050511_profile&wvr=6. “关于…” (“Bulletin …”), Xinhua`
    if let Some(w) = broken_url_start(before) {
        if let Some((_, end, _)) = crate::parse::url::first_url(&before[w..]) {
            if before[w + end..]
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ')' | '>'))
                .is_empty()
            {
                return true;
            }
        }
    }
    // after a Bluebook date parenthetical: `…, Outlet (19 May 2020), Tensions were …`, also
    // with a pinpoint after it: `…, *Business Model Crisis* (2003), 3. This report …`
    if before.trim_end().ends_with("),")
        || before.trim_end().ends_with(").")
        || ends_with_pinpoint(before)
    {
        if let Some((ps, pe)) = last_date_paren(before) {
            let pre = &before[..ps];
            let tail = before[pe..].trim();
            if (tail.len() <= 2 || is_pinpoint_tail(tail))
                && pre.contains(',')
                && !is_author_date_prefix(pre)
                && !after.starts_with(['“', '"'])
            {
                return true;
            }
        }
    }
    // before a sentence of prose that follows a citation: `… 126 Stat. 1502, 1502–1506.
    // Sergei Magnitsky was a Russian tax specialist …` (it is then no citation of its own)
    if before.ends_with('.')
        && !ends_abbr()
        && !within_quotation(before)
        && is_explanation(first_sentence(after))
    {
        return true;
    }
    // after a date that ends a sentence (Chicago): `…,” Reuters, May 2, 2020. In Chinese…`
    if before.ends_with('.') && !ends_abbr() && may_end_with_date(before) {
        let dates = crate::parse::date::find_dates(before, 0);
        if let Some(d) = dates.last() {
            let tail = before[d.span.end..].trim();
            if tail == "."
                && before[..d.span.start].trim_end().ends_with(',')
                && !after.starts_with("Retrieved")
            {
                return true;
            }
        }
    }
    false
}

/// Whether a URL of [`urls`] can end `before` (only `.`, `,`, `)`, `>` and whitespace after
/// it), without looking for URLs: such a URL holds the end of `before`'s last word (every
/// character after it is one of those; a `)` it keeps is balanced by a `(` after its
/// scheme), so that word holds its `http` or `www.`.
#[cfg(test)]
fn may_end_with_url(before: &str) -> bool {
    url_word_start(before).is_some()
}

/// Where the last word of `before` (trailing `.`, `,`, `)`, `>` and whitespace set aside)
/// starts — at the whitespace before it, or 0 — when that word holds `http` or `www.`
/// (see [`may_end_with_url`]); `None` when no URL can end `before`.
///
/// [`urls`] of `before[w..]` are exactly the URLs of `before` that start at or after `w`:
/// a URL that starts earlier stops at the whitespace at `w` (its scheme holds none), so the
/// search for the next scheme reaches `w` without having skipped one at or after it. An
/// earlier URL cannot end `before` either: the word after it holds `http`'s letters.
fn url_word_start(before: &str) -> Option<usize> {
    let core =
        before.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ')' | '>'));
    let w = core.rfind(char::is_whitespace).unwrap_or(0);
    let word = &core[w..];
    holds_url_lead(word).then_some(w)
}

/// `word.contains("http") || word.contains("www.")`, by one pass over its bytes: the words
/// are short, and a substring searcher costs more to set up than such a search.
fn holds_url_lead(word: &str) -> bool {
    let b = word.as_bytes();
    (0..b.len()).any(|i| b[i..].starts_with(b"http") || b[i..].starts_with(b"www."))
}

/// Does `after` open with the access or archive note of the citation before it
/// (`Accessed May 5, 2020.`, `Retrieved 13 May 2017.`, `Last visited …`, `Archived from …`)?
fn starts_with_access_note(after: &str) -> bool {
    let head = after.trim_start_matches(['(', '[']);
    [
        "Accessed",
        "Retrieved",
        "Last accessed",
        "Last visited",
        "Archived",
    ]
    .iter()
    .any(|w| {
        super::shape::strip_prefix_ignore_ascii_case(head, w)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_whitespace() || c == ':'))
    })
}

/// Where the URL starts whose pdftotext line break leaves a continuation as the last word
/// of `before`: that word follows a line break, and the word before the break holds
/// `http` or `www.` (whether the two join is [`crate::parse::url::first_url`]'s call).
fn broken_url_start(before: &str) -> Option<usize> {
    let core =
        before.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ')' | '>'));
    let after_space = |t: &str| {
        t.char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map(|(i, c)| i + c.len_utf8())
    };
    let last = after_space(core)?;
    let head = core[..last].trim_end();
    if !core[head.len()..last].contains('\n') {
        return None;
    }
    let w = after_space(head).unwrap_or(0);
    let word = &head[w..];
    holds_url_lead(word).then_some(w)
}

/// Whether a date of `find_dates` can end `before` right before its final period (the
/// Chicago rule of [`should_cut`]), without looking for dates: every date pattern ends
/// with a digit (`\d`: any numeric character), or, for `2020, May`, with a month name
/// after whitespace (all months start with these three letters).
fn may_end_with_date(before: &str) -> bool {
    let core = before.strip_suffix('.').unwrap_or(before).trim_end();
    if core.ends_with(char::is_numeric) {
        return true;
    }
    let word = core
        .rfind(char::is_whitespace)
        .map_or(core, |i| &core[i..])
        .trim_start();
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .any(|m| word.starts_with(m))
}

/// The end of a `supra` short form: `supra.`, `supra note 12, at 3.`, `\textit{supra}.`
fn supra_end_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)supra[*_}]{0,2}(?:,?\s+notes?\s+\d+(?:\s*[-–]\s*\d+)?)?(?:,?\s*at\s+[\w\-–~]+)?\.$")
            .expect("static pattern compiles")
    })
}

/// `supra_end_re().is_match(text)`, looking only at the tail of `text` the match can lie in.
///
/// Every character of a match is a word character, whitespace, `*`, `_`, `}`, `~`, `,`, `-`,
/// `–` or `.`, and the match ends `text`: it lies in the longest suffix whose ASCII bytes are
/// of those (non-ASCII characters are all let through). A match also holds at most six runs
/// of whitespace (the pattern has six `\s` runs, and a match starts with `supra`), so it
/// starts after the seventh run of ASCII whitespace from the end. The tail starts after an
/// ASCII byte that is no word character (or starts `text`), so the ASCII `\b` before
/// `supra` answers the same in the tail as in `text`. Most tails are a few words, which
/// hold no `supra` and are ruled out without the pattern.
fn ends_with_supra(text: &str) -> bool {
    // the pattern ends with `\.$`: a text that does not end with a period (most cuts are
    // at commas) is ruled out before its tail is read
    if !text.ends_with('.') {
        return false;
    }
    let b = text.as_bytes();
    let mut i = b.len();
    let mut runs = 0;
    let mut in_space = false;
    while i > 0 {
        let c = b[i - 1];
        if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            if !in_space {
                runs += 1;
                if runs > 6 {
                    break;
                }
            }
            in_space = true;
            i -= 1;
            continue;
        }
        in_space = false;
        let allowed = c >= 0x80
            || c.is_ascii_alphanumeric()
            || matches!(c, b'_' | b'*' | b'}' | b'~' | b',' | b'-' | b'.');
        if !allowed {
            break;
        }
        i -= 1;
    }
    let tail = &text[i..];
    // a few words: a plain loop beats a search's setup (`ſ` is what `(?i)` also takes for `s`)
    let may_hold = tail
        .as_bytes()
        .windows(5)
        .any(|w| w.eq_ignore_ascii_case(b"supra"))
        || crate::parse::holds_long_s(tail);
    may_hold && supra_end_re().is_match(tail)
}

fn last_date_paren(text: &str) -> Option<(usize, usize)> {
    let mut found = None;
    let mut from = 0;
    while let Some((s, e)) = date_paren(&text[from..]) {
        found = Some((from + s, from + e));
        from += e;
    }
    found
}

/// Whether `before` ends with a pinpoint and a period (`, 3.`, `, 145-56.`, `, at 12.`),
/// checked before looking for the date parenthetical ahead of it.
fn ends_with_pinpoint(before: &str) -> bool {
    before
        .trim_end()
        .strip_suffix('.')
        .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_digit()))
}

/// `, 3.`, `, 145-56.`, `, at 12–14.`, `, 71, 89.`: what follows a date parenthetical when
/// the citation ends with a pinpoint.
fn is_pinpoint_tail(tail: &str) -> bool {
    let Some(pages) = tail
        .strip_prefix(',')
        .and_then(|t| t.strip_suffix('.'))
        .map(str::trim)
    else {
        return false;
    };
    let pages = pages.strip_prefix("at ").unwrap_or(pages);
    !pages.is_empty()
        && pages.len() <= 24
        && pages.starts_with(|c: char| c.is_ascii_digit())
        && pages
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '–' | ',' | ' ' | '~'))
}

/// A cut before a citation sentence that opens without a signal, after a sentence of prose:
/// `… to a cassette format. U.S. Congress, Office of Technology Assessment, *Copyright …*`.
/// `opens_markup(i)`: markup opened before byte `i` of `after` in the source.
fn opens_citation_after_sentence(
    before: &str,
    after: &str,
    ends_abbr: &dyn Fn() -> bool,
    opens_markup: impl Fn(usize) -> bool,
) -> bool {
    before.trim_end().ends_with(['.', '”', '"'])
        && !ends_abbr()
        && opens_citation_sentence(after, opens_markup)
}

/// Does `after` open a citation sentence without a signal? One to three comma-separated
/// name groups (capitalised words and lower-case joiners: `U.S. Congress, Office of
/// Technology Assessment,`, `Ann Lee,`), then a title in quotes or in markup (emphasis
/// written in the text, or removed from it: `opens_markup`). A sentence adverb
/// (`However, *Roe* …`) is no name.
fn opens_citation_sentence(after: &str, opens_markup: impl Fn(usize) -> bool) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    const ADVERBS: &[&str] = &[
        "However",
        "Moreover",
        "Thus",
        "Indeed",
        "Similarly",
        "Nevertheless",
        "Still",
        "Yet",
        "Also",
        "Finally",
        "Instead",
        "Here",
        "There",
        "Again",
        "Further",
        "Furthermore",
        "Accordingly",
        "Consequently",
        "Notably",
        "Meanwhile",
        "Likewise",
        "Otherwise",
        "Rather",
        "Therefore",
        "Hence",
        "Today",
        "Then",
        "Now",
        "First",
        "Second",
        "Third",
        "Ultimately",
        "Specifically",
        "Importantly",
        "Interestingly",
        "Nonetheless",
        // prepositions and conjunctions that open a sentence (`In Chinese, “…” is …`)
        "In",
        "On",
        "At",
        "For",
        "By",
        "As",
        "After",
        "Before",
        "During",
        "Since",
        "Under",
        "With",
        "From",
        "To",
        "When",
        "While",
        "If",
        "Although",
        "Because",
        "Unlike",
        "Like",
        "Despite",
        "Per",
        "Of",
        "Following",
        "Between",
        "Among",
        "Through",
        "Until",
        "Upon",
        "Within",
        "Without",
        "Over",
        "But",
        "And",
        "Or",
        "So",
        "It",
        "This",
        "That",
        "These",
        "Those",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
    ];
    let r = R.get_or_init(|| {
        Regex::new(r"^[A-Z][\w.'’&-]*(?:[ \t~]+(?:[A-Z][\w.'’&-]*|of|and|for|the|on|&)){0,7},\s+")
            .expect("static pattern compiles")
    });
    let first = after
        .split(|c: char| c == ',' || c.is_whitespace())
        .next()
        .unwrap_or("");
    if ADVERBS.contains(&first) {
        return false;
    }
    // the name groups, one at a time: the title may follow any of them
    let head = super::shape::prefix(after, 400);
    let mut at = 0;
    for _ in 0..3 {
        let Some(group) = r.find(&head[at..]) else {
            return false;
        };
        at += group.end();
        let title = &head[at..];
        if ["*", "_", "\\textit{", "\\emph{", "“", "\""]
            .iter()
            .any(|open| title.starts_with(open))
            || opens_markup(at)
        {
            return true;
        }
    }
    false
}

/// APA/author-date: the parenthetical date follows the author names directly.
fn is_author_date_prefix(pre: &str) -> bool {
    let t = pre.trim();
    !t.contains(['“', '"'])
        && t.split(',').count() <= 4
        && t.split_whitespace().count() <= 8
        && !t.contains(" v. ")
        && t.split(',').all(|p| {
            p.split_whitespace().all(|w| {
                w.starts_with(|c: char| c.is_uppercase() || c == '&')
                    // `Teoh, K.B., et al.`, `Smith and Lee`, `van Dijk`
                    || matches!(w, "et" | "al." | "and" | "van" | "von" | "de" | "der")
            })
        })
}

/// Short capitalised words that are whole words, not abbreviations, so a period after them
/// ends the sentence: `… to pass the Magnitsky Act. *See also* …`. (`Co.`, `Rev.`, `Gen.`,
/// `Art.` abbreviate; none of these does in Bluebook or Chicago style.)
const SENTENCE_END_WORDS: &[&str] = &[
    "Act", "War", "Day", "Law", "Bay", "Sea", "Air", "Tax", "Bar", "Ban", "Aid", "Oil", "Gas",
    "Age", "Era", "End", "Way", "Web", "Net", "Row", "Men", "Job", "Pay", "Key", "Two", "Six",
    "Ten", "One", "Fox", "Lee", "Kim",
];

/// `U.S.`, `N.Y.`, `Mr.`, `e.g.`, single initials: a period that does not end a sentence.
fn ends_with_abbreviation(before: &str) -> bool {
    let t = before.trim_end().trim_end_matches(['"', '”', '’', ')']);
    let core = last_word(t).trim_end_matches(['.', ',']);
    // `Co.`, `St.`, `J.` abbreviate; an acronym (`the DNC.`, `the FBI.`) ends its sentence
    let acronym = core.len() >= 2 && core.chars().all(|c| c.is_ascii_uppercase());
    if super::shape::is_web_address(core) {
        return false;
    }
    core.contains('.')
        || (core.len() <= 3
            && core.chars().next().is_some_and(|c| c.is_uppercase())
            && !acronym
            && !SENTENCE_END_WORDS.contains(&core))
        || matches!(
            core,
            "Id" | "id"
                | "Ibid"
                | "ibid"
                | "al"
                | "ed"
                | "eds"
                | "Rev"
                | "Inc"
                | "Co"
                | "Corp"
                | "Ltd"
                | "Wash"
                | "Univ"
                | "Dept"
        )
}

/// Does a piece of note text look like a citation (rather than an explanatory sentence)?
pub fn looks_like_citation(text: &str) -> bool {
    looks_like_citation_in(text, true)
}

/// [`looks_like_citation`], told whether `text` may hold a cross-reference (see
/// [`split_with`]).
fn looks_like_citation_in(text: &str, cross_refs: bool) -> bool {
    let t = text.trim_start_matches(['*', '_', ' ']);
    let body = match signal_at(t) {
        Some((_, n)) => &t[n..],
        None => t,
    };
    // `See infra Part III`: a short form pointing elsewhere in the document
    if cross_refs && crate::parse::is_cross_reference(body) {
        return true;
    }
    // the cheapest test first: most citations carry a URL
    if has_url(body) || is_short_form_start(body) || names_law(body) {
        return true;
    }
    if is_prose_sentence(body) {
        return false;
    }
    let quoted = body.contains('“') || body.contains("\"") || body.contains("``");
    let comma = body.contains(',');
    if quoted && comma {
        return true;
    }
    let italic = body.contains('*')
        || body.contains("\\textit")
        || body.contains("\\emph")
        || body.contains('_');
    // the date finders are the costly part: asked only when a date would decide
    ((quoted || italic || comma)
        && (date_paren(body).is_some() || !crate::parse::date::find_dates(body, 0).is_empty()))
        || quoted_title_start(body)
}

/// A case (`v.`), a code section or a bill: a citation whatever its other words.
fn names_law(body: &str) -> bool {
    static CASE: OnceLock<Regex> = OnceLock::new();
    CASE.get_or_init(|| {
        Regex::new(
            r"(?-u:\b)v\.\s|U\.S\.C\.|C\.F\.R\.|§|(?-u:\b)H\.R\.\s?\d|(?-u:\b)S\.\s?\d|Pub\. L\.",
        )
        .expect("static pattern compiles")
    })
    .is_match(body)
}

/// Whether `text` ends inside a quotation it opened (`“`, an odd `"`, or LaTeX's
/// ` `` `): a quoted passage's sentences are not the note's own (`… available at link #16:
/// “In the past four years, … (based on units shipped). In terms of sales, …”`).
fn within_quotation(text: &str) -> bool {
    text.matches('“').count() > text.matches('”').count()
        || text.matches('"').count() % 2 == 1
        || text.matches("``").count() > text.matches("''").count()
}

/// The first sentence of `text`: up to the first period that ends a sentence (one before
/// a capitalised word or a quotation, and after no abbreviation), or all of `text`.
fn first_sentence(text: &str) -> &str {
    boundaries(text)
        .map(|(at, _)| &text[..=at])
        .find(|s| s.ends_with('.') && !ends_with_abbreviation(s))
        .unwrap_or(text)
}

/// A sentence that explains rather than cites ([`is_prose_sentence`]), with no URL, short
/// form, case or statute in it. Asked of the sentence after a citation's closing period.
fn is_explanation(sentence: &str) -> bool {
    let t = sentence.trim_start_matches(['*', '_', ' ']);
    signal_at(t).is_none()
        && opens_as_prose(t)
        && !has_url(t)
        && !is_short_form_start(t)
        && !names_law(t)
        && is_prose_sentence(t)
}

/// Whether `body` opens like a sentence of prose: with one of [`PROSE_OPENERS`], or with a
/// name of one to three capitalised words and then a finite verb (`Sergei Magnitsky was a
/// Russian tax specialist …`; a citation puts a comma after its author's name).
fn opens_as_prose(body: &str) -> bool {
    let first_word = body
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or_default();
    if PROSE_OPENERS.contains(&first_word) {
        return true;
    }
    let mut words = body.split_whitespace();
    for _ in 0..3 {
        let Some(w) = words.next() else {
            return false;
        };
        if !w.starts_with(|c: char| c.is_uppercase())
            || !w
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
        {
            return false;
        }
        if words
            .clone()
            .next()
            .is_some_and(|v| FINITE_VERBS.contains(&v))
        {
            return true;
        }
    }
    false
}

/// An explanatory sentence rather than a citation: `The first known case of SARS occurred
/// on November 16, 2002.`, `A program of the Brookline, MA-based …, ProMED describes itself
/// as “…”`, and quoted terms being glossed: `In Chinese, “viral pneumonia” is “病毒性肺炎”`.
/// A careful editor reads it as prose when it opens like a sentence of prose (an article,
/// a pronoun, a preposition) and a finite verb stands outside its quotations, or when a
/// quotation is followed by `is`/`are`/`means`. Asked only of pieces with no URL, short
/// form or statute; a piece with a Bluebook date parenthetical is a citation whatever its
/// words (`The Taliban is winning, N.Y. Times (Apr. 24, 2020)`).
fn is_prose_sentence(body: &str) -> bool {
    let opens_as_prose = opens_as_prose(body);
    let quoted = body.contains(['“', '"']);
    if !opens_as_prose && !quoted {
        return false;
    }
    // a quotation's words are not the sentence's own: read only the runs outside them
    let glossed = quoted
        && unquoted_runs(body).enumerate().any(|(k, run)| {
            (k > 0 && glosses(run))
                || run
                    .match_indices('”')
                    .any(|(i, q)| glosses(&run[i + q.len()..]))
        });
    let narrates = opens_as_prose
        && unquoted_runs(body)
            .flat_map(|run| run.split(|c: char| !c.is_alphabetic()))
            .any(|w| FINITE_VERBS.contains(&w));
    (glossed || narrates) && date_paren(body).is_none()
}

/// Words that open a sentence of prose, not a citation (which opens with an author, a
/// title, an organisation or a signal).
const PROSE_OPENERS: &[&str] = &[
    "A",
    "An",
    "The",
    "In",
    "On",
    "At",
    "For",
    "From",
    "During",
    "After",
    "Before",
    "Since",
    "Until",
    "When",
    "While",
    "Although",
    "Though",
    "Because",
    "As",
    "According",
    "However",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "Our",
    "Their",
    "His",
    "Her",
    "There",
    "Such",
    "Most",
    "Many",
    "Some",
    "Both",
    "Each",
    "Unlike",
    "Following",
    "Given",
    "Despite",
    "Under",
    "Without",
    "Throughout",
    "Once",
    "If",
    "Unless",
    "But",
    "Yet",
    "Other",
    "Several",
    "Moreover",
    "Furthermore",
    "Indeed",
    "Thus",
    "Still",
];

/// Finite verbs in lower case: a citation outside its quoted title has none. Words that are
/// as often plural nouns (`notes`, `reports`, `states`, `claims`, `shows`, `remains`,
/// `means`) are left out: `… though no other notes contain …` narrates nothing.
const FINITE_VERBS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "does",
    "did",
    "can",
    "could",
    "will",
    "would",
    "should",
    "must",
    "might",
    "said",
    "says",
    "describes",
    "described",
    "noted",
    "reported",
    "wrote",
    "writes",
    "stated",
    "occurred",
    "began",
    "became",
    "remained",
    "appears",
    "appeared",
    "showed",
    "argues",
    "argued",
    "explains",
    "explained",
    "claimed",
    "suggests",
    "suggested",
    "refers",
    "includes",
    "included",
    "submits",
    "submitted",
    "died",
];

/// Verbs that gloss a quoted term: `“viral pneumonia” is “病毒性肺炎”`.
const GLOSS_VERBS: &[&str] = &["is", "are", "means", "refers to"];

/// The runs of `text` outside its quotations, in order: a quotation opens at `“` or `"`
/// and closes at the next `”` or `"`; one left open runs to the end. Every run after the
/// first follows a closing quotation mark.
fn unquoted_runs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        let Some(open) = t.find(['“', '"']) else {
            rest = None;
            return Some(t);
        };
        let inside = &t[open..];
        let inside = &inside[inside.chars().next().map_or(0, char::len_utf8)..];
        rest = inside.find(['”', '"']).map(|close| {
            &inside[close + inside[close..].chars().next().map_or(0, char::len_utf8)..]
        });
        Some(&t[..open])
    })
}

/// Whether `after` (the text after a closing quotation mark) glosses the quotation:
/// spaces, then `is`, `are`, `means` or `refers to` as a whole word.
fn glosses(after: &str) -> bool {
    let verb_at = after.trim_start();
    verb_at.len() < after.len()
        && GLOSS_VERBS.iter().any(|v| {
            verb_at
                .strip_prefix(v)
                .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphabetic()))
        })
}

/// A quoted title of several words at (or near) the start: `"Title". Outlet.`
fn quoted_title_start(body: &str) -> bool {
    let Some(open) = body.find(['"', '“']) else {
        return false;
    };
    if open > 80 {
        return false;
    }
    let quote_len = body[open..].chars().next().map_or(1, char::len_utf8);
    let rest = &body[open + quote_len..];
    let Some(close) = rest.find(['"', '”']) else {
        return false;
    };
    rest[..close].split_whitespace().count() >= 2 && body[..open].split_whitespace().count() <= 6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(body: &str) -> Vec<&str> {
        split(body, 0)
            .into_iter()
            .map(|s| &body[s.start..s.end])
            .collect()
    }

    proptest::proptest! {
        /// The prefilters of `should_cut` never rule out a cut the full rule makes.
        #[test]
        fn url_and_date_prefilters_are_exact(
            s in concat!(
                r"(https?://|www\.|[a-z]{1,4}\.html|[./()>,]|\s|May|20[0-9]{2}|-|/|[A-Za-z]{1,5}|é){0,12}",
                r"(, |\s)(May|Sept\.|Jan\.?|2020, May|[0-9]{1,2} May|May [0-9]{1,2},?|x)?\s?",
                r"(20[0-9]{2}|[0-9]{1,2}|٣٣٣٣|2020-0[1-9])?\s?[.)>,]{0,2}\s?\."
            )
        ) {
            if let Some(&(_, ue)) = urls(&s).last() {
                if s[ue..]
                    .trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ')' | '>'))
                    .is_empty()
                {
                    proptest::prop_assert!(may_end_with_url(&s), "{s:?}");
                }
            }
            if let Some(d) = crate::parse::date::find_dates(&s, 0).last() {
                if s[d.span.end..].trim() == "." {
                    proptest::prop_assert!(may_end_with_date(&s), "{s:?}");
                }
            }
        }

        /// The tail-only `supra` check answers as the pattern on the whole text does.
        #[test]
        fn supra_end_on_the_tail_agrees_with_the_pattern(
            s in r"(supra|SUPRA|ſupra|[Ss]upra[*_}]|note|notes|at|[0-9]{1,3}|[-–~]|[a-z]{1,4}|é|[ ,.;()*_}\t]|\s{1,2}|\u{a0}|\\textit\{){0,20}\.?"
        ) {
            proptest::prop_assert_eq!(ends_with_supra(&s), supra_end_re().is_match(&s), "{:?}", s);
        }

        /// The last-word URL check decides as the search over all of `before` did.
        #[test]
        fn url_end_on_the_last_word_agrees_with_all_urls(
            s in r#"(https?://|www\.|http|[a-z]{1,4}|[./()<>",;]|\s|é|\u{3000}){0,24}"#
        ) {
            let whole = urls(&s).last().is_some_and(|&(_, ue)| {
                s[ue..]
                    .trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ')' | '>'))
                    .is_empty()
            });
            let by_word = url_word_start(&s).is_some_and(|w| {
                urls(&s[w..]).last().is_some_and(|&(_, ue)| {
                    s[w + ue..]
                        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ')' | '>'))
                        .is_empty()
                })
            });
            proptest::prop_assert_eq!(whole, by_word, "{:?}", s);
        }

        /// The byte scan for a URL's lead answers as the substring searches did.
        #[test]
        fn url_lead_scan_agrees_with_contains(s in r"(http|htt|www\.|ww|w|h|p|s|:|/|\.|é|[a-z]){0,10}") {
            proptest::prop_assert_eq!(holds_url_lead(&s), s.contains("http") || s.contains("www."), "{:?}", s);
        }

        /// The byte scan splits at the same semicolons as a scan over characters.
        #[test]
        fn semicolon_byte_scan_agrees_with_a_char_scan(
            s in r#"([;()\[\]{}"“”‘’\n]|&amp|https://x|[a-z ]{1,3}|é|中){0,30}"#
        ) {
            let mut by_chars = Vec::new();
            let (mut depth, mut in_quote, mut start) = (0i32, false, 0);
            for (i, c) in s.char_indices() {
                match c {
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' => depth = (depth - 1).max(0),
                    '“' => in_quote = true,
                    '”' => in_quote = false,
                    '"' => in_quote = !in_quote,
                    ';' if depth == 0 && !in_quote && !is_entity_or_url_context(&s, i) => {
                        by_chars.push((start, i));
                        start = i + 1;
                    }
                    _ => {}
                }
                if c == '\n' && s[i + 1..].starts_with('\n') {
                    depth = 0;
                    in_quote = false;
                }
            }
            by_chars.push((start, s.len()));
            proptest::prop_assert_eq!(top_level_semicolons(&s), by_chars);
        }

        /// The hand-made boundary finder finds what the pattern's `find_iter` did.
        #[test]
        fn cuts_agree_with_the_pattern(
            s in concat!(
                r#"([a-z ]{0,3}[.,]\)?("|”|’|''|')?(\s|\u{a0}){0,2}"#,
                r#"([*_]|\\textit\{|\\emph\{)?([A-Z“"]|see\s|see|s|é|[.,])){1,5}"#
            )
        ) {
            let pattern = Regex::new(
                r#"[.,]\)?(?:["”’]|'')?\s+(?:[*_]|\\textit\{|\\emph\{)?(?:[A-Z“"]|see\s)"#,
            )
            .expect("pattern compiles");
            let by_pattern: Vec<(usize, usize)> =
                pattern.find_iter(&s).map(|m| (m.start(), m.end())).collect();
            proptest::prop_assert_eq!(boundaries(&s).collect::<Vec<_>>(), by_pattern);
        }

        /// The body-level cross-reference prefilter splits as checking every part does.
        #[test]
        fn cross_reference_prefilter_on_the_body_is_exact(
            s in r"(See |see also |[*_]|infra|Infra|supra|SUPRA|ſupra|text|Part III|note 4|and accompanying text|Id\. at 3|Lee, |Title, |N\.Y\. Times \(May 2, 2020\)|https://x\.org/a|[.;,] |\n|[a-z]{1,5} ){0,16}"
        ) {
            proptest::prop_assert_eq!(split(&s, 0), split_with(&s, 0, true, &|_| false), "{:?}", s);
        }

        #[test]
        fn never_panics_and_spans_stay_inside(s in "[ “”\"‘’;,.()a-zA-Z0-9é中\n:/-]{0,120}") {
            for sp in split(&s, 0) {
                proptest::prop_assert!(sp.end <= s.len() && s.is_char_boundary(sp.start) && s.is_char_boundary(sp.end));
            }
        }
    }

    #[test]
    fn the_supra_tail_holds_the_longest_forms() {
        for t in [
            "Prose about it, and more prose, Lee, supra note 4 - 5, at 3.",
            "Prose about it, and more prose, Lee, *supra*  notes \t 4 \n –  5 ,  at  3-4.",
            "Prose, Lee, supra note 4 - 5, at 3 more.",
            "Prose, Lee, supra note 4 - 5, at 3 and 4.",
            "a\u{a0}supra\u{a0}note\u{a0}4\u{a0}-\u{a0}5,\u{a0}at\u{a0}3.",
            "(x)supra.",
            "xsupra.",
            "ſupra note 2.",
        ] {
            assert_eq!(ends_with_supra(t), supra_end_re().is_match(t), "{t:?}");
        }
        assert!(ends_with_supra(
            "Prose about it, and more prose, Lee, supra note 4 - 5, at 3."
        ));
    }

    #[test]
    fn date_prefilter_lets_every_date_ending_through() {
        for before in [
            "Reuters, May 2, 2020.",
            "Agency, 2020, May.",
            "Agency, 2020, Sept..",
            "Agency, 2020-05.",
            "Agency, 5/2/20 .",
        ] {
            assert!(may_end_with_date(before), "{before}");
        }
        assert!(!may_end_with_date("Agency, the report."));
    }

    #[test]
    fn bluebook_string_cite_with_an_explanatory_sentence() {
        let b = "Mujib Mashal, Taliban intensify attacks, N.Y.\n\nTimes (Apr. 24, 2020),; Susannah George, Civilian casualties rise, Wash. Swiss Post (19 May 2020), Tensions were exacerbated by an attack, although the Taliban denied it. See Ryan Browne & Kylie Atwood, Afghan President Orders, CNN (May 12, 2020),";
        let got = segs(b);
        assert_eq!(got.len(), 3, "{got:#?}");
        assert!(got[0].starts_with("Mujib") && got[0].ends_with("2020),"));
        assert!(got[1].ends_with("(19 May 2020),"), "{:?}", got[1]);
        assert!(got[2].starts_with("See Ryan"));
    }

    #[test]
    fn a_sentence_of_prose_after_a_citation_is_cut_off_and_dropped() {
        let b = "See Pub. L. No. 112-208, 126 Stat. 1502, 1502-1506. Sergei Magnitsky was a Russian tax specialist. After Magnitsky died in a Russian prison, Browder lobbied Congress. See, e.g., Andrew E. Kramer, *Turning Tables*, New York Times (Oct. 22, 2017).";
        let got = segs(b);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].ends_with("1502-1506."), "{got:?}");
        assert!(got[1].starts_with("See, e.g., Andrew"), "{got:?}");
        // the same after a Bluebook date: `Following …` opens prose too
        let b = "Phillip Bump, *What we know*, Washington Post (Aug. 7, 2018). Following the meeting, Trump changed the subject of his speech.";
        assert_eq!(segs(b).len(), 1);
    }

    #[test]
    fn a_quoted_passage_keeps_its_sentences() {
        let b = "See RIAA, *Some Facts About Music Piracy*, 25 June 2003, available at link #16: “In the past four years, unit shipments have fallen (based on units shipped). In terms of sales, revenues are down 14 percent.”";
        let got = segs(b);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("revenues are down"), "{got:?}");
    }

    #[test]
    fn a_short_word_that_abbreviates_nothing_ends_its_sentence() {
        assert!(!ends_with_abbreviation("pass the Magnitsky Act."));
        assert!(ends_with_abbreviation("Wash. Post, Rev."));
        let b = "It was said of the Magnitsky Act. *See also* Ann Lee, *Other Two*, Reuters, May 3, 2020.";
        let got = segs(b);
        assert_eq!(
            got,
            vec!["*See also* Ann Lee, *Other Two*, Reuters, May 3, 2020."]
        );
    }

    #[test]
    fn plural_nouns_are_no_verbs_and_names_can_open_prose() {
        assert!(!is_prose_sentence(
            "The Chinese version contains content not in any of the others, though no other notes contain content not in the Chinese."
        ));
        assert!(opens_as_prose(
            "Sergei Magnitsky was a Russian tax specialist"
        ));
        assert!(!opens_as_prose("Ann Lee, Talks resume"));
        assert!(!opens_as_prose("Trump Was Right, N.Y. Times"));
    }

    #[test]
    fn chicago_citations_split_after_their_urls() {
        let b = "U.S. CDC, “Frequently Asked Questions About SARS,” April 26, 2004, https://www.cdc.gov/sars/about/faq.html.\nWorld Health Organization, “Summary of Cases,” April 21, 2004, https://www.who.int/csr/en/.";
        assert_eq!(segs(b).len(), 2);
    }

    /// The reading [`is_prose_sentence`] had before it read runs in place: the text
    /// outside quotations copied, each quotation left as one `”`.
    fn prose_by_copy(body: &str) -> bool {
        let opens_as_prose = opens_as_prose(body);
        let quoted = body.contains(['“', '"']);
        if !opens_as_prose && !quoted {
            return false;
        }
        let mut outside = String::new();
        let mut inside = false;
        for c in body.chars() {
            match c {
                '“' => inside = true,
                '”' if inside => {
                    inside = false;
                    outside.push('”');
                }
                '"' => {
                    if inside {
                        outside.push('”');
                    }
                    inside = !inside;
                }
                _ if !inside => outside.push(c),
                _ => {}
            }
        }
        let glossed = quoted
            && GLOSS_VERBS.iter().any(|v| {
                outside.match_indices(v).any(|(i, _)| {
                    let before = outside[..i].trim_end();
                    before.len() < i
                        && before.ends_with('”')
                        && outside[i + v.len()..]
                            .chars()
                            .next()
                            .is_none_or(|c| !c.is_alphabetic())
                })
            });
        let narrates = opens_as_prose
            && outside
                .split(|c: char| !c.is_alphabetic())
                .any(|w| FINITE_VERBS.contains(&w));
        (glossed || narrates) && date_paren(body).is_none()
    }

    proptest::proptest! {
        /// Reading the runs outside quotations in place agrees with copying them out.
        #[test]
        fn prose_runs_read_in_place_agree_with_the_copy(
            s in r#"(The|In|A|Ann|“|”|"| |is|are|means|refers to|was|said|island|x|,|\.|\(May 2, 2020\)|中){0,16}"#
        ) {
            proptest::prop_assert_eq!(is_prose_sentence(&s), prose_by_copy(&s), "{:?}", s);
        }
    }

    #[test]
    fn explanatory_sentences_after_citations_are_no_citations() {
        for prose in [
            "The first known case of SARS occurred on November 16, 2002.\nChina did not report the outbreak to WHO until February 11, 2003.",
            "In\n2017, Jianghan District’s population density was 25,790 per square kilometer.",
            "A program of the Brookline, MA-based International Society for Infectious Diseases, ProMED describes itself as “the largest publicly-available system.”",
            "In Chinese, “pneumonia of unknown cause” is “不明原因肺炎”",
            "“viral pneumonia” is “病毒性肺炎”",
            "and “novel coronavirus infection pneumonia” is“新型冠状病毒感染的肺炎.”",
        ] {
            assert!(is_prose_sentence(prose), "{prose}");
            assert!(!looks_like_citation(prose), "{prose}");
        }
        for citation in [
            "The Federalist No. 78 (Alexander Hamilton) (Clinton Rossiter ed., 1961).",
            "The Taliban is winning, N.Y. Times (Apr. 24, 2020).",
            "The Economist, “Why China is late,” May 2, 2020.",
            "In re Grand Jury Subpoena, 828 F.2d 1438 (9th Cir. 1987).",
            "Gong Jingqi, “发哨子的人” (“The Person Who Handed Out the Whistle”), Renwu (People), March 10, 2020.",
            "“The Man Who Knew: Li Wenliang Died on February 7th,” The Economist.",
        ] {
            assert!(!is_prose_sentence(citation), "{citation}");
            assert!(looks_like_citation(citation), "{citation}");
        }
        let b = "Ann Lee, “Title,” Reuters, May 2, 2020. The first known case of SARS occurred on November 16, 2002.";
        assert_eq!(segs(b), ["Ann Lee, “Title,” Reuters, May 2, 2020."]);
    }

    #[test]
    fn a_signal_after_a_web_address_opens_the_next_citation() {
        for (b, second) in [
            (
                "Ann Lee, “Whistle,” Reuters, March 10, 2020, https://tinyurl.com/sggfhq8. See also Bo Li, “Other,” Xinhua, May 1, 2020.",
                "See also Bo Li",
            ),
            (
                "“Title”. elperiodico.com. 13 May 2017. Cf. Bo Li, “Other,” Xinhua, May 1, 2020.",
                "Cf. Bo Li",
            ),
        ] {
            let got = segs(b);
            assert_eq!(got.len(), 2, "{got:#?}");
            assert!(got[1].starts_with(second), "{got:#?}");
        }
        // an abbreviation before a signal word still does not end a sentence
        assert!(ends_with_abbreviation("Brief for the U.S."));
        assert!(!ends_with_abbreviation("https://www.cdc.gov/faq.html."));
        assert!(!ends_with_abbreviation("www.who.int."));
    }

    #[test]
    fn a_url_broken_across_lines_still_ends_its_citation() {
        let b = "Li Wenliang Weibo post, January 31, 2020, https://www.weibo.com/1139098205/Is0XboARR?from=\npage_1005051139098205_profile&wvr=6. “关于群众反映的通报” (“Bulletin on the Investigation”), Xinhua, March 19, 2020, http://www.ccdi.gov.cn/toutiao/202003/t20200319_213880.html.";
        let got = segs(b);
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(got[1].starts_with("“关于"));
        // a prose line after a URL is no continuation of it
        assert_eq!(
            broken_url_start("at https://x.org/a.html.\nThe Court held."),
            None
        );
    }

    #[test]
    fn an_access_date_stays_with_the_citation_it_follows() {
        for tail in [
            "Accessed May 5, 2020.",
            "Retrieved 13 May 2017.",
            "Last visited May 5, 2020.",
        ] {
            let b = format!("Biography of Mayor Zhou on the website of the Wuhan Government, http://www.wh.gov.cn/zwgk/t20200429_1186939.shtml. {tail}");
            let got = segs(&b);
            assert_eq!(got.len(), 1, "{got:#?}");
            assert!(got[0].ends_with(tail), "{got:#?}");
        }
    }

    #[test]
    fn explanatory_notes_have_no_citations() {
        assert!(segs("Central China comprises the provinces of Anhui, Henan, and Hubei. Taiwan considers itself a state.").is_empty());
    }

    #[test]
    fn author_date_references_stay_whole() {
        let b = "Husain, N. H. (2021, December 8). Rakyat Malaysia antara paling ramai. _Sinar Harian_. https://m.sinarharian.com.my/a";
        assert_eq!(segs(b).len(), 1);
        let b = "Larson, Selena (17 May 2017). \"Why WannaCry took down businesses\". CNN Money. CNN. Retrieved 22 May 2017.";
        assert_eq!(segs(b).len(), 1);
        // `et al.` and `and` among the names
        let b =
            "Teoh, K.B., et al. (2022). A Study on Broadband. Asia Pacific Journal, 5(1), 79-93.";
        assert_eq!(segs(b).len(), 1);
        let b = "Smith, J. and van Dijk, A. (2021). A study. Journal of Things, 3, 1–9.";
        assert_eq!(segs(b).len(), 1);
    }

    #[test]
    fn lowercase_signal_after_explanation_starts_the_citation() {
        let b = "For an analysis of copying, see Stan Liebowitz, *Rethinking the Network Economy* (New York: Amacom, 2002), 144-90.";
        let got = segs(b);
        assert_eq!(got.len(), 1);
        assert!(got[0].starts_with("see Stan"), "{got:?}");
    }

    #[test]
    fn short_forms_after_explanations_and_quotations_are_their_own_citations() {
        let b = "see Stan Liebowitz, *Rethinking the Network Economy* (New York: Amacom, 2002), 144-90.\n\t“One obvious instance is the case where no original would be bought.”\n\tIbid., 149.";
        let got = segs(b);
        assert_eq!(got.last(), Some(&"Ibid., 149."), "{got:?}");
        let b = "\\textit{Interview of: Donald J. Trump, Jr.}, 115th Cong.~28 (Sept.~7, 2017).\nThe interview was not under oath.\n\\textit{Id.}~at~10--11.";
        assert_eq!(segs(b).last(), Some(&"\\textit{Id.}~at~10--11."));
    }

    #[test]
    fn a_supra_ends_before_the_next_sentence_and_cross_references_are_segments_of_their_own() {
        let b = "*See* Written Responses, *supra*. As for the original topic, he said so.";
        assert_eq!(segs(b), ["*See* Written Responses, *supra*."]);
        let b = "Landes, *supra*, at 12. *See infra* Part III.";
        assert_eq!(
            segs(b),
            ["Landes, *supra*, at 12.", "*See infra* Part III."]
        );
        assert_eq!(
            segs("*See* *infra* notes 40–42 and accompanying text."),
            ["*See* *infra* notes 40–42 and accompanying text."]
        );
        // prose that merely mentions what follows is no cross-reference
        assert!(segs("As explained below, the rule changed again.").is_empty());
        // a sentence ending in an acronym ends there; `Co.` does not end one
        let b = "The firm and the DNC announced the hack of the DNC. *See* Volume I, Section III.B.2, *supra*.";
        assert_eq!(segs(b), ["*See* Volume I, Section III.B.2, *supra*."]);
        assert!(ends_with_abbreviation("Smith & Co."));
        assert!(!ends_with_abbreviation("the hack of the DNC."));
    }

    #[test]
    fn inverted_name_lists_stay_one_citation() {
        // initials and two-word family names, three authors long
        for body in [
            "Millar, Sheila A.; Marshall, Tracy P.; Cardon, Nathan A. (22 May 2017). \"WannaCry: Are Your Security Tools Up to Date?\". The National Law Review.",
            "Rosemain, Mathieu; Le Guernigou, Yann; Davey, James (13 May 2017). \"Renault stops production\". Daily Mirror.",
        ] {
            assert_eq!(segs(body), vec![body]);
        }
        // a sentence or a citation before the `;` is not a name
        assert_eq!(
            segs("Id. at 4; Ann Lee, Title, N.Y. Times (May 2, 2020)").len(),
            2
        );
        use crate::parse::authors::is_initials;
        assert!(is_initials("A."));
        assert!(is_initials("J.-P."));
        assert!(!is_initials("Id."));
        assert!(!is_initials("U.S.C"));
    }

    #[test]
    fn a_pinpoint_after_the_date_ends_the_citation() {
        let b = "See Peter Drahos, *Information Feudalism* (New York: The New Press, 2003), 10-13, 209.\n\tThe TRIPS agreement obligates member nations to act.";
        assert_eq!(
            segs(b),
            ["See Peter Drahos, *Information Feudalism* (New York: The New Press, 2003), 10-13, 209."]
        );
        assert!(is_pinpoint_tail(", at 12–14."));
        assert!(is_pinpoint_tail(", 3."));
        assert!(!is_pinpoint_tail(", Tensions."));
        assert!(!is_pinpoint_tail(","));
    }

    #[test]
    fn a_citation_sentence_without_a_signal_starts_a_segment() {
        let b = "The post was deleted later. Andrew Green,\n“Li Wenliang,” obituary, The Lancet, February 29, 2020.";
        assert_eq!(
            segs(b),
            ["Andrew Green,\n“Li Wenliang,” obituary, The Lancet, February 29, 2020."]
        );
        let plain = |_: usize| false;
        assert!(opens_citation_sentence(
            "U.S. Congress, Office of Technology Assessment, *Copyright and Home Copying*, 4.",
            plain
        ));
        assert!(opens_citation_sentence(
            "Ann Lee, “Title,” N.Y. Times",
            plain
        ));
        // sentence openers are no names; a name needs a title after it
        assert!(!opens_citation_sentence(
            "However, *Roe* was decided later.",
            plain
        ));
        assert!(!opens_citation_sentence(
            "In Chinese, “pneumonia” is “肺炎”.",
            plain
        ));
        assert!(!opens_citation_sentence(
            "Ann Lee, a reporter, said so.",
            plain
        ));
        // a title whose emphasis the clean text lost, after the first or second name group
        let clean =
            "U.S. Congress, Office of Technology Assessment, Copyright and Home Copying, 4.";
        let title_at = clean.find("Copyright").unwrap();
        assert!(opens_citation_sentence(clean, |i| i == title_at));
        assert!(!opens_citation_sentence(clean, plain));
        let body = "The survey ended. Ann Lee, Future (New York: Penguin, 2004), 71.";
        let marked = split_marked(body, 0, &|i| i == "The survey ended. Ann Lee, ".len());
        assert_eq!(marked.len(), 1);
        assert_eq!(marked[0].start, "The survey ended. ".len());
    }
}
