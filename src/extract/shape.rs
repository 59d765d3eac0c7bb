//! Shared heuristics about what citation text looks like: signals, date parentheticals,
//! URLs, and whether a run of text starts like a citation.

use regex::Regex;
use std::sync::{LazyLock, OnceLock};

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("static pattern compiles"))
}

/// Introductory signals (Bluebook rule 1.2), longest first, as written and as named: `e.g`
/// without its last period (`\textit{See, e.g}, Andrew E. Kramer, …`) is a slip of the
/// pen that an editor reads as `e.g.`.
const SIGNALS: &[(&str, &str)] = &[
    ("See, e.g.,", "See, e.g."),
    ("See, e.g,", "See, e.g."),
    ("See generally", "See generally"),
    ("See also", "See also"),
    ("But see, e.g.,", "But see, e.g."),
    ("But see, e.g,", "But see, e.g."),
    ("But see", "But see"),
    ("But cf.", "But cf."),
    ("Compare", "Compare"),
    ("Accord", "Accord"),
    ("Contra", "Contra"),
    ("E.g.,", "E.g."),
    ("E.g,", "E.g."),
    ("Cf.", "Cf."),
    ("See", "See"),
];

/// The first letter of each of [`SIGNALS`], in ASCII lower case (computed at compile time).
const SIGNAL_FIRST_LETTERS: [u8; SIGNALS.len()] = {
    let mut t = [0u8; SIGNALS.len()];
    let mut k = 0;
    while k < SIGNALS.len() {
        t[k] = SIGNALS[k].0.as_bytes()[0].to_ascii_lowercase();
        k += 1;
    }
    t
};

/// The signal at the start of `text` (any letter case; italics markers `*`/`_` allowed),
/// as its canonical spelling and the byte length consumed (including following space).
///
/// Read on the bytes: the leading marks and every signal are ASCII, so a head whose bytes
/// equal a signal's (ASCII case aside) is that many whole characters; a signal is compared
/// only when its first letter is the text's (the list's order kept among those).
pub fn signal_at(text: &str) -> Option<(&'static str, usize)> {
    let lead = text
        .as_bytes()
        .iter()
        .take_while(|c| matches!(c, b'*' | b'_' | b' '))
        .count();
    let rest = &text[lead..];
    let rb = rest.as_bytes();
    // every signal starts with one of these letters (compared ASCII-case-insensitively)
    let first = rb.first()?.to_ascii_lowercase();
    if !matches!(first, b's' | b'b' | b'c' | b'a' | b'e') {
        return None;
    }
    for (&(sig, name), &sig_first) in SIGNALS.iter().zip(SIGNAL_FIRST_LETTERS.iter()) {
        let sb = sig.as_bytes();
        if sig_first != first
            || !rb
                .get(..sb.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(sb))
        {
            continue;
        }
        let after = &rest[sig.len()..];
        let after_trim = after.trim_start_matches(['*', '_']);
        let consumed_marks = after.len() - after_trim.len();
        // a signal is followed by whitespace (not "Seeing", not "See:")
        let ws = after_trim.len() - after_trim.trim_start().len();
        if ws == 0 {
            continue;
        }
        // "See" followed by a lowercase word is prose ("see what happens"), except "see also"
        let next = after_trim.trim_start();
        let short_form_next = ["supra", "infra", "id.", "ibid", "id "].iter().any(|w| {
            next.get(..w.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(w))
        });
        if next.starts_with(|c: char| c.is_lowercase()) && !sig.ends_with(',') && !short_form_next {
            continue;
        }
        return Some((name, lead + sig.len() + consumed_marks + ws));
    }
    None
}

/// The signal `text` is and nothing more (`see also`, `*See*`, `See, e.g.,`), as its
/// canonical spelling: a signal alone in its own italics, which [`signal_at`] does not
/// take (no word follows it there).
pub fn signal_alone(text: &str) -> Option<&'static str> {
    let t = text.trim_matches(['*', '_', ' ']);
    SIGNALS
        .iter()
        .find(|(sig, _)| t.eq_ignore_ascii_case(sig))
        .map(|&(_, name)| name)
}

/// Byte range of the first Bluebook-style date parenthetical in `text`: `(Apr. 24, 2020)`,
/// `(Knopf 2020)`, or a parenthetical whose opening was lost (`4, 2020)`).
///
/// The pattern's first match, looked for one `)` at a time: every match ends with the
/// first `)` after its start (neither alternative holds another), so the leftmost match
/// ends at the first `)` that ends any, and starts after the `)` before it. A `)` that
/// follows no digit (`\d`, which `char::is_numeric` covers), `M`, `m` or `.` ends none
/// and is passed over; at the others the pattern runs from the `)` before, up to this one
/// (its `\b` still sees the text before: `find_at`). Most parentheticals are short, and
/// most texts hold few of them: the pattern reads a few words, not the whole text.
///
/// Nor does it read from the `)` before: a match of the first alternative opens at the
/// last `(` before this `)` (it holds no other), and one of the second holds the last `,`
/// before it (none follows in `\s*YYYY)`) with at most two digits (eight bytes) before
/// that. So the pattern starts at the earlier of those two places, and does not run at
/// all when there is neither a `(` nor a `,` since the `)` before.
pub fn date_paren(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    for close in memchr::memchr_iter(b')', text.as_bytes()) {
        let start = from;
        from = close + 1;
        let may_end_here = text[..close]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_numeric() || matches!(c, 'M' | 'm' | '.'));
        if !may_end_here {
            continue;
        }
        let Some(earliest) = earliest_date_paren_start(text, start, close) else {
            continue;
        };
        if let Some(m) = date_paren_re().find_at(&text[..from], earliest) {
            return Some((m.start(), m.end()));
        }
    }
    None
}

/// Where a match of [`date_paren_re`] that ends with the `)` at `close` and starts at or
/// after `start` (a character boundary with no `)` between it and `close`) may start at
/// the earliest: the last `(` in between, or up to eight bytes before the last `,` in
/// between (on a character boundary, not before `start`). `None` when neither is there.
fn earliest_date_paren_start(text: &str, start: usize, close: usize) -> Option<usize> {
    let between = &text.as_bytes()[start..close];
    let open = memchr::memrchr(b'(', between).map(|i| start + i);
    let comma = memchr::memrchr(b',', between).map(|i| {
        let mut at = (start + i).saturating_sub(8).max(start);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    });
    match (open, comma) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The pattern of [`date_paren`].
fn date_paren_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"\([^()]{0,80}?(?-u:\b)(?:1[5-9]|20)\d{2}(?:,?\s+\d{1,2}:\d{2}\s*[APap]\.?[Mm]\.?)?\)|(?-u:\b)\d{1,2},\s*(?:1[5-9]|20)\d{2}\)",
    )
}

/// Byte ranges of URLs in `text` (http(s) and bare `www.`), trailing punctuation trimmed.
pub fn urls(text: &str) -> Vec<(usize, usize)> {
    url_iter(text).collect()
}

/// The first of [`urls`], without looking for the others.
pub fn first_url(text: &str) -> Option<(usize, usize)> {
    url_iter(text).next()
}

/// Whether `text` has a URL ([`urls`] is not empty), stopping at the first.
pub fn has_url(text: &str) -> bool {
    first_url(text).is_some()
}

/// [`urls`], found one at a time.
///
/// The matches of `(?:https?://|www\.)[^\s<>"“”]+`, leftmost first as the regex crate finds
/// them, without the automaton: a literal search for the scheme, then the run of URL
/// characters (which `char::is_whitespace` and the regex's `\s` agree on: both are Unicode
/// `White_Space`).
fn url_iter(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let (start, scheme_len) = next_scheme(text, from)?;
        let body = start + scheme_len;
        let run = url_run_len(&text[body..]);
        if run == 0 {
            // no URL starts here (`http:// …`); one may start at the next character
            from = start + 1;
            continue;
        }
        from = body + run;
        return Some((start, from));
    })
    .map(|(start, raw_end)| (start, start + trimmed_url_len(&text[start..raw_end])))
    .filter(|(s, e)| e - s > 8)
}

/// The length of the URL `s` without its trailing punctuation: `.,;:'’>]*`, and `)` while
/// the rest has more `)` than `(`. The parentheses are counted once, at the first `)`
/// met (most URLs end with none): trimming never takes a `(` off, and each `)` it takes off
/// is one fewer (a run of `)` is trimmed in linear time, not by counting again for each).
fn trimmed_url_len(s: &str) -> usize {
    // (`(`, `)`) in s[..end]
    let mut parens: Option<(usize, usize)> = None;
    let mut end = s.len();
    while let Some(c) = s[..end].chars().next_back() {
        let unbalanced_paren = c == ')' && {
            let (opens, closes) = parens.get_or_insert_with(|| {
                let b = &s.as_bytes()[..end];
                (
                    memchr::memchr_iter(b'(', b).count(),
                    memchr::memchr_iter(b')', b).count(),
                )
            });
            let unbalanced = opens < closes;
            if unbalanced {
                *closes -= 1;
            }
            unbalanced
        };
        if matches!(c, '.' | ',' | ';' | ':' | '\'' | '’' | '>' | ']' | '*') || unbalanced_paren {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// Length of the run of URL characters that starts `s`: up to the first whitespace, `<`,
/// `>`, `"`, `“` or `”` — what `s.find(|c: char| c.is_whitespace() || …)` finds, read
/// byte by byte. An ASCII byte is its own character (whitespace among them: tab to
/// carriage return and space, as `char::is_whitespace` says); only a non-ASCII character
/// is decoded. Eight bytes none of which may end the run ([`may_end_url_run`]) are passed
/// over at once: most URLs are ASCII letters, digits and punctuation throughout.
fn url_run_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        // `i` is at a character boundary here, and stays at one after eight ASCII bytes
        while let Some(chunk) = b.get(i..i + 8) {
            // (a zero word ends the skipping: it is one that may end the run)
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            if may_end_url_run(word) {
                break;
            }
            i += 8;
        }
        let Some(&c) = b.get(i) else {
            return b.len();
        };
        if c.is_ascii() {
            if matches!(c, b'\t'..=b'\r' | b' ' | b'<' | b'>' | b'"') {
                return i;
            }
            i += 1;
            continue;
        }
        let Some(ch) = s[i..].chars().next() else {
            break;
        };
        if ch.is_whitespace() || matches!(ch, '“' | '”') {
            return i;
        }
        i += ch.len_utf8();
    }
    b.len()
}

/// Whether any of the eight bytes of `word` may end a run of [`url_run_len`]: a byte
/// outside ASCII (`“`, `”` and the non-ASCII whitespace start with one), a byte below
/// `!` (the ASCII whitespace among them), `<`, `>` or `"`. Exact for "any" (the usual
/// zero-byte test: a borrow into a byte's top bit happens only from a byte that matched),
/// and a false alarm would only send the bytes to the exact loop.
fn may_end_url_run(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & TOPS != 0;
    // with every top bit clear, `word - 0x21…` borrows into a byte's top bit only from a
    // byte below 0x21
    word & TOPS != 0
        || word.wrapping_sub(ONES * 0x21) & !word & TOPS != 0
        || has_zero(word ^ (ONES * u64::from(b'<')))
        || has_zero(word ^ (ONES * u64::from(b'>')))
        || has_zero(word ^ (ONES * u64::from(b'"')))
}

/// The leftmost `http://`, `https://` or `www.` at or after byte `from` of `text`: its
/// start and length.
///
/// The leftmost match of `https?://|www\.`: two prebuilt substring searchers (a regex
/// search costs a few hundred instructions of set-up per call, on every citation). The
/// two literals cannot start at one place, and a `www.` before the first `http` ends
/// before it (`h` is none of its bytes), so it is looked for only there.
fn next_scheme(text: &str, from: usize) -> Option<(usize, usize)> {
    use memchr::memmem::Finder;
    static HTTP: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("http"));
    static WWW: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("www."));
    let b = text.as_bytes();
    let mut at = from;
    let mut http = None;
    while let Some(off) = b.get(at..).and_then(|h| HTTP.find(h)) {
        let p = at + off;
        let rest = &b[p + 4..];
        if rest.starts_with(b"://") {
            http = Some((p, 7));
            break;
        }
        if rest.starts_with(b"s://") {
            http = Some((p, 8));
            break;
        }
        at = p + 1;
    }
    let limit = http.map_or(b.len(), |(p, _)| p);
    WWW.find(&b[from..limit])
        .map(|off| (from + off, 4))
        .or(http)
}

/// Does `text` (what follows a note marker) start like a citation or a note?
///
/// A note starts with a capitalized word, a quotation mark, a signal, or a short form,
/// and a citation shape (a date parenthetical, a URL, a quoted title with a date, or a
/// short form) follows within `window` bytes. Prose numbers fail: `135 days`,
/// `29 September`, `5,000 prisoners`, `2020 was`.
pub fn starts_like_citation(text: &str, window: usize) -> bool {
    let first = text.chars().next();
    let Some(first) = first else { return false };
    if !(first.is_uppercase() || matches!(first, '“' | '"' | '‘' | '*' | '_')) {
        return false;
    }
    let word_len = text
        .find(|c: char| !(c.is_alphanumeric() || c == '.'))
        .unwrap_or(text.len());
    let first_word = &text[..word_len];
    if crate::parse::date::month_number(first_word).is_some() && first_word.len() >= 3 {
        return false;
    }
    let head = prefix(text, window);
    if is_short_form_start(head) {
        return true;
    }

    // the URL first: a literal search, where the date parenthetical needs the automaton
    has_url(head)
        || date_paren(head).is_some_and(|(s, _)| {
            head[..s].contains(',') || head[..s].contains('“') || head[..s].contains('"')
        })
}

/// `Id.`, `Ibid.`, `Author, supra note 3` at the start of a note.
pub fn is_short_form_start(text: &str) -> bool {
    // two patterns, one per form: the `supra` one (a lazy run of up to 120 characters, which
    // is costly for the automaton) runs only when `supra` is in the text at all
    static ID: OnceLock<Regex> = OnceLock::new();
    static SUPRA: OnceLock<Regex> = OnceLock::new();
    let id = re(
        &ID,
        r"(?i)^(?:\\textit\{|\\emph\{|\W{0,2})(?:id\.|ibid\.?)[*_}]{0,2}(?:\s|,|~|$)",
    );
    // `id`/`ibid` starts within the first nine bytes (after `\textit{` or two non-word
    // characters); a non-ASCII byte there may be one of those characters: the pattern decides
    let may_be_id = text
        .as_bytes()
        .iter()
        .take(9)
        .any(|&c| c == b'i' || c == b'I' || c >= 0x80);
    if may_be_id && id.is_match(text) {
        return true;
    }
    let supra = re(
        &SUPRA,
        r"(?i)^[^.;]{0,120}?,?\s+(?:\\textit\{|\\emph\{|[*_]{1,2})?supra(?-u:\b)",
    );
    crate::parse::may_hold_any(text, &crate::parse::SUPRA) && supra.is_match(text)
}

/// At most `n` bytes of `text`, cut at a character boundary.
pub fn prefix(text: &str, n: usize) -> &str {
    if text.len() <= n {
        return text;
    }
    &text[..crate::model::floor_char_boundary(text, n)]
}

/// `text` after `prefix`, matched ignoring ASCII letter case (`None` when it does not
/// start with it).
pub(crate) fn strip_prefix_ignore_ascii_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    text.get(..prefix.len())
        .filter(|head| head.eq_ignore_ascii_case(prefix))
        .map(|_| &text[prefix.len()..])
}

/// A web host written as a site's name (`elperiodico.com`, `newsit.gr`, `Computing.com`):
/// its last label is a lower-case top-level domain and some label before it is a word, so
/// the period after it ends a sentence, unlike the period of `U.S.` or `e.g.`.
pub(crate) fn is_host_name(word: &str) -> bool {
    let mut labels = word.rsplit('.');
    let tld = labels.next().unwrap_or_default();
    (2..=6).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_lowercase())
        && labels
            .any(|l| l.chars().count() >= 2 && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
}

/// A word that is a web address (`https://…`, `www.…`, a host name such as `nu.nl`): a
/// period after it ends a sentence; it abbreviates nothing.
pub(crate) fn is_web_address(word: &str) -> bool {
    // each test needs a `:` (`://`) or a `.` (`www.`, between a host's labels): most words
    // hold neither and are ruled out by one byte search
    memchr::memchr2(b'.', b':', word.as_bytes()).is_some()
        && (word.contains("://")
            || strip_prefix_ignore_ascii_case(word, "www.").is_some()
            || is_host_name(word))
}

/// The run of non-whitespace characters that ends `text` (empty after whitespace).
pub(crate) fn last_word(text: &str) -> &str {
    let start = text
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_g_without_its_last_period_is_still_the_signal() {
        assert_eq!(
            signal_at("See, e.g, Andrew E. Kramer").map(|s| s.0),
            Some("See, e.g.")
        );
        assert_eq!(
            signal_at("See, e.g., Andrew E. Kramer").map(|s| s.0),
            Some("See, e.g.")
        );
        assert_eq!(signal_at("E.g, Ann Lee").map(|s| s.0), Some("E.g."));
    }

    /// [`signal_at`] as first written: every signal tried in turn on the characters.
    fn signal_at_by_list(text: &str) -> Option<(&'static str, usize)> {
        let lead = text.len() - text.trim_start_matches(['*', '_', ' ']).len();
        let rest = &text[lead..];
        for &(sig, name) in SIGNALS {
            let Some(head) = rest.get(..sig.len()) else {
                continue;
            };
            if !head.eq_ignore_ascii_case(sig) {
                continue;
            }
            let after = &rest[sig.len()..];
            let after_trim = after.trim_start_matches(['*', '_']);
            let consumed_marks = after.len() - after_trim.len();
            let ws = after_trim.len() - after_trim.trim_start().len();
            if ws == 0 {
                continue;
            }
            let next = after_trim.trim_start();
            let short_form_next = ["supra", "infra", "id.", "ibid", "id "].iter().any(|w| {
                next.get(..w.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(w))
            });
            if next.starts_with(|c: char| c.is_lowercase())
                && !sig.ends_with(',')
                && !short_form_next
            {
                continue;
            }
            return Some((name, lead + sig.len() + consumed_marks + ws));
        }
        None
    }

    proptest::proptest! {
        /// The byte comparison by first letter finds the signal the list walk found.
        #[test]
        fn signal_by_first_letter_agrees_with_the_list(
            s in r"([*_ ]|[Ss]ee|SEE|[Bb]ut|[Cc]f\.|[Cc]ompare|[Cc]ontra|[Aa]ccord|[Ee]\.g|, e\.g|\.|,|also|generally|supra|[Ii]d\.|ibid|\s|\u{a0}|é|É|ſ|[a-z]{1,3}){0,8}"
        ) {
            proptest::prop_assert_eq!(signal_at(&s), signal_at_by_list(&s), "{:?}", s);
        }

        /// Looking for the date parenthetical one `)` at a time finds the pattern's match.
        #[test]
        fn date_paren_by_closes_agrees_with_the_pattern(
            s in r"(\(|\)|\(Apr\. 24, 2020\)|2020\)|1999|20|19|15|[0-9]{1,2}, |, | |\s|\u{a0}|3:40 PM|3:40 p\.m\.|[AaPpMm.]|٣|x|é|People|\(Knopf 2020\)|_|[a-z]{1,4}){0,16}"
        ) {
            let pattern = date_paren_re();
            proptest::prop_assert_eq!(
                date_paren(&s),
                pattern.find(&s).map(|m| (m.start(), m.end())),
                "{:?}", s
            );
        }

        /// The same where the second alternative's digits are wide (`٣٣,` is four bytes
        /// before its `,`) or follow a wide character, and where a `(` or `,` lies well
        /// before the last ones (the pattern starts at the earlier of the last two).
        #[test]
        fn date_paren_from_the_last_open_or_comma_agrees_with_the_pattern(
            s in r"(\(|\)|,|٣٣, 2020\)|٣, 1999\)|[0-9]{1,2},\s{0,2}20[0-9]{2}\)|\(May 2020|\([a-z ]{0,30}|[a-z ,]{0,20}|é|中|\u{a0}|[0-9]{1,4}){0,12}"
        ) {
            let pattern = date_paren_re();
            proptest::prop_assert_eq!(
                date_paren(&s),
                pattern.find(&s).map(|m| (m.start(), m.end())),
                "{:?}", s
            );
        }

        /// Trimming a URL's trailing punctuation with the parentheses counted once takes off
        /// what counting them again at each `)` did.
        #[test]
        fn url_trim_counting_once_agrees_with_counting_at_each_close(
            s in r"(https://x\.org/|[a-z]{1,3}|\(|\)|[.,;:'’>\]*]|é|中){0,16}"
        ) {
            let mut end = s.len();
            while let Some(c) = s[..end].chars().next_back() {
                let unbalanced_paren =
                    c == ')' && s[..end].matches('(').count() < s[..end].matches(')').count();
                if matches!(c, '.' | ',' | ';' | ':' | '\'' | '’' | '>' | ']' | '*') || unbalanced_paren {
                    end -= c.len_utf8();
                } else {
                    break;
                }
            }
            proptest::prop_assert_eq!(trimmed_url_len(&s), end, "{:?}", s);
        }

        /// The byte scan of a URL's run ends where the search over characters did.
        #[test]
        fn url_run_byte_scan_agrees_with_the_char_search(
            s in r#"([a-z./:?=&%-]{1,6}|[\t\n\x0b\x0c\r <>"“”‘’]|\u{85}|\u{a0}|\u{2003}|\u{3000}|\x1c|é|中|\x7f){0,16}"#
        ) {
            let by_chars = s
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”'))
                .unwrap_or(s.len());
            proptest::prop_assert_eq!(url_run_len(&s), by_chars, "{:?}", s);
        }

        /// The eight-byte test says whether any byte may end a URL's run, as each byte's test.
        #[test]
        fn url_run_word_test_agrees_with_each_byte(bytes in proptest::array::uniform8(0u8..)) {
            let by_bytes = bytes
                .iter()
                .any(|&c| !(0x21..0x80).contains(&c) || matches!(c, b'<' | b'>' | b'"'));
            proptest::prop_assert_eq!(may_end_url_run(u64::from_le_bytes(bytes)), by_bytes);
        }

        /// Long runs (passed over eight bytes at a time) end where the character search ends.
        #[test]
        fn long_url_runs_end_where_the_char_search_ends(
            s in r#"[a-z0-9./:?=&%_-]{0,40}([\t\n <>"“”]|\u{a0}|\u{3000}|é|中)?[a-z./]{0,12}"#
        ) {
            let by_chars = s
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”'))
                .unwrap_or(s.len());
            proptest::prop_assert_eq!(url_run_len(&s), by_chars, "{:?}", s);
        }

        /// The two patterns behind a `supra` prefilter answer as the one alternation did.
        #[test]
        fn short_form_start_agrees_with_the_single_pattern(
            s in r"(\\textit\{|\\emph\{|[*_~ ,.;]|ID|[Ii]d|Ibid|ibid|SUPRA|[Ss]upra|ſupra|note|[A-Za-z]{1,6}|\s|é){0,24}"
        ) {
            let single = Regex::new(
                r"(?i)^(?:\\textit\{|\\emph\{|\W{0,2})(?:id\.|ibid\.?)[*_}]{0,2}(?:\s|,|~|$)|^[^.;]{0,120}?,?\s+(?:\\textit\{|\\emph\{|[*_]{1,2})?supra(?-u:\b)",
            )
            .expect("pattern compiles");
            proptest::prop_assert_eq!(is_short_form_start(&s), single.is_match(&s));
        }

        /// The hand-made URL finder finds what the pattern's `find_iter` did.
        #[test]
        fn urls_agree_with_the_pattern(
            s in r#"(https?://|www\.|http:|https|ww|[a-z]{1,5}|[./()<>"“”;:,'’*\]]|\s|é|\u{3000}){0,30}"#
        ) {
            let pattern = Regex::new(r#"(?:https?://|www\.)[^\s<>"“”]+"#).expect("pattern compiles");
            let by_pattern: Vec<(usize, usize)> = pattern
                .find_iter(&s)
                .map(|m| {
                    let u = m.as_str();
                    let mut end = u.len();
                    while end > 0 {
                        let c = u[..end].chars().next_back().unwrap_or(' ');
                        let unbalanced_paren = c == ')'
                            && u[..end].matches('(').count() < u[..end].matches(')').count();
                        if matches!(c, '.' | ',' | ';' | ':' | '\'' | '’' | '>' | ']' | '*')
                            || unbalanced_paren
                        {
                            end -= c.len_utf8();
                        } else {
                            break;
                        }
                    }
                    (m.start(), m.start() + end)
                })
                .filter(|(a, b)| b - a > 8)
                .collect();
            proptest::prop_assert_eq!(urls(&s), by_pattern);
        }
    }

    #[test]
    fn signals_are_recognised_only_before_a_citation() {
        assert_eq!(signal_at("See Ryan Browne"), Some(("See", 4)));
        assert_eq!(signal_at("See also Ben Hunt"), Some(("See also", 9)));
        assert_eq!(signal_at("*See* Ben"), Some(("See", 6)));
        assert_eq!(signal_at("E.g., Smith"), Some(("E.g.", 6)));
        assert_eq!(signal_at("Seeing is"), None);
        assert_eq!(signal_at("See what happens"), None);
        assert_eq!(signal_at("see also X"), Some(("See also", 9)));
    }

    #[test]
    fn date_parentheticals_including_lost_openings() {
        let t = "Title, N.Y. Times (Apr. 24, 2020), at";
        assert_eq!(
            date_paren(t).map(|(s, e)| &t[s..e]),
            Some("(Apr. 24, 2020)")
        );
        let t = "leader Wash. 4, 2020), at";
        assert_eq!(date_paren(t).map(|(s, e)| &t[s..e]), Some("4, 2020)"));
        assert_eq!(date_paren("(COVID-19) and more"), None);
    }

    #[test]
    fn urls_lose_trailing_punctuation_but_keep_balanced_parens() {
        let t = "at https://x.org/a_(b). Next";
        assert_eq!(
            urls(t).iter().map(|&(s, e)| &t[s..e]).collect::<Vec<_>>(),
            ["https://x.org/a_(b)"]
        );
    }

    #[test]
    fn a_long_run_of_closing_parens_after_a_url_is_trimmed_to_the_balanced_one() {
        // hostile input: each `)` trimmed once (the parentheses were counted again for each,
        // quadratic in the run's length)
        let t = format!("at https://x.org/a_(b){}. Next", ")".repeat(50_000));
        assert_eq!(
            urls(&t).iter().map(|&(s, e)| &t[s..e]).collect::<Vec<_>>(),
            ["https://x.org/a_(b)"]
        );
        let t = format!("at https://x.org/(((a{}", ")".repeat(50_000));
        assert_eq!(
            urls(&t).iter().map(|&(s, e)| &t[s..e]).collect::<Vec<_>>(),
            ["https://x.org/(((a)))"]
        );
    }

    #[test]
    fn prose_numbers_do_not_start_citations() {
        assert!(starts_like_citation(
            "Mujib Mashal, Taliban intensify attacks, N.Y. Times (Apr. 24, 2020),",
            400
        ));
        assert!(starts_like_citation(
            "First round of talks, Al Jazeera (December 7, 2019), 16",
            400
        ));
        assert!(!starts_like_citation("days (i.e., by July 2020)", 400));
        assert!(!starts_like_citation("September. February 2020, when", 400));
        assert!(!starts_like_citation(
            "Taliban prisoners would be released by March 10, 2020, as",
            400
        ));
        assert!(starts_like_citation("Id. at 5.", 400));
        assert!(starts_like_citation("Mashal, supra note 58, at 3.", 400));
    }
}
