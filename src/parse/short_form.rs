//! Short forms: `Id.`, `Id. at 5`, `Ibid.`, `supra note 12`, `supra notes 12–14`,
//! `Author, supra note 12, at 3`, `Short Title, supra note 12`, `Author, supra`;
//! `[hereinafter Short Title]` definitions; `infra` and `supra Part II` cross-references to
//! other parts of the document (short forms of type `infra` or `supra` that name no work).

use crate::model::{ShortForm, ShortFormKind};
use regex::Regex;
use std::sync::OnceLock;

/// A recognised short form: its kind, the `supra` note number (and the last note of a
/// range), the pinpoint, and the text before `supra` (the author or short title it names).
#[derive(Debug, PartialEq)]
pub struct Found {
    pub form: ShortForm,
    /// `supra notes 12–14`: 14.
    pub note_end: Option<u32>,
    pub pinpoint: Option<String>,
    pub lead: Option<String>,
}

fn id_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)^[*_]{0,2}(id|ibid|ibidem)\.?[*_]{0,2}(?:\s*,?\s*at\s+(?P<pin>[^;]+?))?\s*[.;,]?\s*$|^(?i)[*_]{0,2}(id|ibid)\.[*_]{0,2}(?:[\s,]|$)")
            .expect("static pattern compiles")
    })
}

fn supra_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)^(?:(?P<lead>.{0,200}?),?\s+)?[*_]{0,2}supra(?-u:\b)[*_]{0,2}(?:,?\s+(?:notes?|nn?\.)\s*(?P<note>\d+)(?:\s*(?:[-–—]|&|and|,)\s*(?P<end>\d+))?)?(?:\s*,?\s*at\s+(?P<pin>[\w\-–]+(?:\s*[-–,]\s*\d+)*))?")
            .expect("static pattern compiles")
    })
}

fn cross_ref_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(concat!(
            r"(?i)^(?:see\s+(?:also\s+|generally\s+)?|cf\.\s+|compare\s+)?[*_]{0,2}",
            // `infra …` anywhere near the start, `supra Part II`, `supra note 3 and accompanying text`
            r"(?:(?:[^;.,]{0,60},\s*)?infra(?-u:\b)",
            r"|supra[*_]{0,2}\s+(?:parts?|sections?|secs?\.|§|ch(?:apter)?s?\.?|app(?:endix)?\.?|text)(?-u:\b)",
            r"|supra[*_]{0,2}\s+notes?\s+\d+(?:\s*[-–—]\s*\d+)?\s+and\s+accompanying\s+text",
            r"|text\s+accompanying\s+notes?",
            // `Volume I, Section III.B.2, supra`: a part of this document
            r"|(?:vol(?:ume)?\.?|part|section|sec\.|chapter|ch\.|appendix|app\.)\s+[^,;]{1,40}(?:,\s*[^,;]{1,40})?,\s*[*_]{0,2}supra[*_]{0,2}\s*[.;]?\s*$)",
        ))
        .expect("static pattern compiles")
    })
}

/// Is `text` a cross-reference to another part of the document (`See infra Part III`,
/// `supra note 4 and accompanying text`, `Volume I, Section III.B.2, supra`)?
/// Such text is recognised but is not a citation.
pub fn is_cross_reference(text: &str) -> bool {
    // every cross-reference names `infra`, `supra` or `text`: most citations are ruled out
    // by one pass over the bytes, without running the pattern
    may_hold_any(text, &CROSS_REFERENCE) && cross_ref_re().is_match(text.trim())
}

/// Lower-case ASCII words whose presence (in any letter case) a case-insensitive pattern
/// needs: see [`may_hold_any`] and [`Present`].
pub(crate) struct Words {
    needles: &'static [&'static str],
    /// This group's bit in [`Present`].
    bit: u8,
    finder: OnceLock<regex::bytes::Regex>,
}

impl Words {
    const fn new(needles: &'static [&'static str], bit: u8) -> Words {
        Words {
            needles,
            bit,
            finder: OnceLock::new(),
        }
    }
}

/// `supra` (the `supra` short-form patterns).
pub(crate) static SUPRA: Words = Words::new(&["supra"], 1);
/// The words every cross-reference names.
pub(crate) static CROSS_REFERENCE: Words = Words::new(&["infra", "supra", "text"], 2);
/// `hereinafter`.
static HEREINAFTER: Words = Words::new(&["hereinafter"], 4);
/// The words of access-date and archive tails (`Retrieved`, `last visited`, …).
pub(crate) static ACCESS: Words = Words::new(
    &[
        "retrieved",
        "archived",
        "accessed",
        "last visited",
        "available",
        "original",
    ],
    8,
);

/// Every group [`Present`] answers for.
const GROUPS: [&Words; 4] = [&SUPRA, &CROSS_REFERENCE, &HEREINAFTER, &ACCESS];

/// Whether `hay` may hold one of `words` as the case-insensitive patterns above see them:
/// ASCII letters in any case, or any `ſ` (U+017F, which `(?i)` matches for `s`; no other
/// letter of these words has a non-ASCII case variant). A prefilter: `true` says only that
/// the pattern must be run. The search is an ASCII-case-insensitive literal search (the
/// regex crate answers it with a vectorised substring search, no automaton).
pub(crate) fn may_hold_any(hay: &str, words: &Words) -> bool {
    let finder = words.finder.get_or_init(|| {
        let alternation: Vec<String> = words.needles.iter().map(|n| regex::escape(n)).collect();
        regex::bytes::Regex::new(&format!("(?i-u:{})", alternation.join("|")))
            .expect("literal pattern compiles")
    });
    finder.is_match(hay.as_bytes())
        || words.needles.iter().any(|n| n.contains('s')) && holds_long_s(hay)
}

/// `hay.contains('ſ')`, by a byte search: `ſ` (U+017F) is C5 BF in UTF-8, and C5 only
/// ever leads a character. (`str::contains` of a character outside ASCII sets up a
/// substring searcher on every call, which costs more than searching a citation.)
pub(crate) fn holds_long_s(hay: &str) -> bool {
    let b = hay.as_bytes();
    memchr::memchr_iter(0xC5, b).any(|i| b.get(i + 1) == Some(&0xBF))
}

/// Which word groups ([`SUPRA`], [`ACCESS`], …) a text may hold, found in one pass over
/// it: a citation is checked for each group, on parts of its text, and one search
/// answers them all. What is absent from a text is absent from every part of it, so
/// `Present::of(t).may_hold(w)` is `false` only where [`may_hold_any`] would say `false`
/// for any slice of `t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Present(u8);

impl Present {
    /// Every group, found or not (`ſ` in the text: let the patterns decide).
    pub(crate) const ALL: Present = Present(1 | 2 | 4 | 8);

    /// The groups `hay` may hold. Each word is looked for in the text's ASCII lower case
    /// by a substring searcher built once (the words are lower-case ASCII, and `(?i-u)`
    /// folds only ASCII letters: a word matches the text, in any letter case, exactly
    /// where it matches its lower case). A word whose groups are all found is not looked for.
    ///
    /// All the words are looked for at once, by one literal alternation over the lower case
    /// (a vectorised multi-literal search): every occurrence is found, overlapping ones
    /// too, by restarting one byte after each match's start (no word is a prefix of
    /// another, so at most one matches at a given start), until every group is found.
    pub(crate) fn of(hay: &str) -> Present {
        static WORDS: OnceLock<(regex::bytes::Regex, Vec<(&'static str, u8)>)> = OnceLock::new();
        let (finder, groups_of) = WORDS.get_or_init(|| {
            let mut needles: Vec<&'static str> = GROUPS
                .iter()
                .flat_map(|w| w.needles.iter().copied())
                .collect();
            needles.sort_unstable();
            needles.dedup();
            let alternation: Vec<String> = needles.iter().map(|n| regex::escape(n)).collect();
            let finder = regex::bytes::Regex::new(&format!("(?-u:{})", alternation.join("|")))
                .expect("literal pattern compiles");
            let groups_of = needles
                .into_iter()
                .map(|n| {
                    let bits = GROUPS
                        .iter()
                        .filter(|w| w.needles.contains(&n))
                        .fold(0, |bits, w| bits | w.bit);
                    (n, bits)
                })
                .collect();
            (finder, groups_of)
        });
        let lower = hay.as_bytes().to_ascii_lowercase();
        let mut bits = 0u8;
        let mut from = 0;
        while bits != Present::ALL.0 {
            let Some(m) = finder.find_at(&lower, from) else {
                break;
            };
            let found = m.as_bytes();
            for (n, groups) in groups_of {
                if n.as_bytes() == found {
                    bits |= groups;
                }
            }
            from = m.start() + 1;
        }
        if bits != Present::ALL.0 && holds_long_s(hay) {
            return Present::ALL;
        }
        Present(bits)
    }

    /// `Present::of(part)` for a `part` of a text whose groups are `whole` (`Present::of`
    /// of that text): a text that holds none of the words and no `ſ` has no part that
    /// does, so then there is nothing to search.
    pub(crate) fn of_part(part: &str, whole: Present) -> Present {
        if whole.0 == 0 {
            Present(0)
        } else {
            Present::of(part)
        }
    }

    /// May the text hold one of `words`?
    pub(crate) fn may_hold(self, words: &Words) -> bool {
        self.0 & words.bit != 0
    }
}

/// What [`id_re`] needs at the start of `t`, checked without running it: at most two `*`
/// or `_`, then an `i` in either case (or a character outside ASCII, which the
/// case-insensitive pattern might fold to one: such text goes to the pattern). Most
/// citations start with a name or a title and are ruled out here.
fn may_be_id(t: &str) -> bool {
    let b = t.as_bytes();
    let marks = b
        .iter()
        .take(2)
        .take_while(|&&c| c == b'*' || c == b'_')
        .count();
    b.get(marks)
        .is_some_and(|&c| c == b'i' || c == b'I' || c >= 0x80)
}

/// Recognise a short form in `text` (signal already removed).
#[cfg(test)]
pub fn recognise(text: &str) -> Option<Found> {
    recognise_in(text, Present::of(text))
}

/// [`recognise`], with the word groups `present` in a text `text` is part of.
pub(crate) fn recognise_in(text: &str, present: Present) -> Option<Found> {
    let t = text.trim();
    if present.may_hold(&CROSS_REFERENCE) && cross_ref_re().is_match(t) {
        return Some(cross_reference(t));
    }
    if let Some(c) = may_be_id(t).then(|| id_re().captures(t)).flatten() {
        let word = c.get(1).or_else(|| c.get(3))?.as_str().to_ascii_lowercase();
        let kind = if word == "id" {
            ShortFormKind::Id
        } else {
            ShortFormKind::Ibid
        };
        let pin = c
            .name("pin")
            .map(|m| clean_pin(m.as_str()))
            .or_else(|| {
                let rest = t[c.get(0)?.end()..].trim();
                let rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
                rest.strip_prefix("at ").map(clean_pin).or_else(|| {
                    // Chicago's bare page: `Ibid., 215.`, `Ibid., 12–14.`
                    let pin = clean_pin(rest);
                    is_page_run(&pin).then_some(pin)
                })
            })
            .filter(|p| !p.is_empty());
        return Some(Found {
            form: ShortForm {
                kind,
                note: None,
                resolves_to: None,
            },
            note_end: None,
            pinpoint: pin,
            lead: None,
        });
    }
    if !present.may_hold(&SUPRA) {
        return None;
    }
    let c = supra_re().captures(t)?;
    let lead = c
        .name("lead")
        .map(|m| {
            m.as_str()
                .trim()
                .trim_end_matches(',')
                .trim_matches(|ch: char| matches!(ch, '*' | '_'))
                .trim()
                .to_string()
        })
        .filter(|s| !s.is_empty());
    let note = c.name("note").and_then(|m| m.as_str().parse().ok());
    let note_end = c
        .name("end")
        .and_then(|m| m.as_str().parse::<u32>().ok())
        .filter(|e| note.is_some_and(|n| *e > n));
    Some(Found {
        form: ShortForm {
            kind: ShortFormKind::Supra,
            note,
            resolves_to: None,
        },
        note_end,
        pinpoint: c.name("pin").map(|m| clean_pin(m.as_str())),
        lead,
    })
}

/// A cross-reference as a short form: `infra` for a later part of the document, `supra`
/// for an earlier one, with the note it names (`infra note 40`, `supra note 4 and
/// accompanying text`). It names no author or title, so it resolves to a citation only
/// through that note.
fn cross_reference(t: &str) -> Found {
    static NOTE: OnceLock<Regex> = OnceLock::new();
    let note_re = NOTE.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(?:notes?|nn?\.)\s*(\d+)").expect("static pattern compiles")
    });
    static INFRA: OnceLock<Regex> = OnceLock::new();
    let infra_re = INFRA
        .get_or_init(|| Regex::new(r"(?i)(?-u:\b)infra(?-u:\b)").expect("static pattern compiles"));
    let kind = if infra_re.is_match(t) {
        ShortFormKind::Infra
    } else {
        ShortFormKind::Supra
    };
    Found {
        form: ShortForm {
            kind,
            note: note_re
                .captures(t)
                .and_then(|c| c.get(1)?.as_str().parse().ok()),
            resolves_to: None,
        },
        note_end: None,
        pinpoint: None,
        lead: None,
    }
}

/// A shortened citation told by its shape alone (Chicago notes): who wrote it, a title in
/// italics or quotation marks, and at most a pinpoint, with nothing a full citation adds
/// (publisher, place, date, volume, URL): `Lessig, *Future*, 71.`, `U.S. Congress, *Copyright
/// and Home Copying*, 4.`, `Picker, “From Edison to the Broadcast Flag,” 293-96.` `body` has
/// its signal and closing parenthetical removed. Returns the pinpoint, if any.
pub(crate) fn shortened_shape(body: &str) -> Option<Option<String>> {
    let t = body.trim().trim_end_matches('.').trim_end();
    // the lead runs to the `, ` before the title: one name, or a list of them
    // (`Zittrain, Albert, and Lessig, "Perma," 180`)
    let title_at = t.match_indices(", ").map(|(i, _)| i).find(|&i| {
        let after = &t[i + 2..];
        delimited_run(after, &ITALICS).is_some() || delimited_run(after, &QUOTES).is_some()
    })?;
    let (lead, rest) = (&t[..title_at], &t[title_at + 2..]);
    let names: Vec<&str> = lead.split(", ").collect();
    if names.len() > 4
        || !names
            .iter()
            .all(|n| is_name_lead(n.strip_prefix("and ").unwrap_or(n)))
    {
        return None;
    }
    let (title, after) = emphasised_title(rest.trim_start())?;
    let words = title.split_whitespace().count();
    if words == 0 || words > 20 {
        return None;
    }
    let pin = after
        .trim_start_matches([',', ' ', '~'])
        .trim_end_matches([',', ' ']);
    if pin.is_empty() {
        return Some(None);
    }
    let pin = pin
        .strip_prefix("at ")
        .or_else(|| pin.strip_prefix("pp. "))
        .or_else(|| pin.strip_prefix("p. "))
        .unwrap_or(pin);
    // a lone year is a date (`Lessig, *Free Culture*, 2004.`), not a page
    let year = pin.len() == 4 && pin.parse::<u32>().is_ok_and(|y| (1500..2100).contains(&y));
    let pages = !year
        && pin.starts_with(|c: char| c.is_ascii_digit())
        && pin
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | ',' | '-' | '–' | '—' | '~'));
    pages.then(|| Some(clean_pin(pin)))
}

/// An author or issuing body as a short form names it: one to six capitalised words
/// (`Lessig`, `Lawrence Lessig`, `U.S. Congress`, `Landes & Posner`), no digits, no marks.
/// A law reporter's abbreviation in a case cite, as a pattern (`U.S.`, `S. Ct.`, `F.3d`,
/// `F. Supp. 2d`, `WL`): up to five words, each capitalised or an ordinal series (`2d`).
pub(crate) const REPORTER: &str = r"(?:[A-Z][A-Za-z0-9.'’]*|\d+(?:d|th|st|nd|rd)\b)(?:\s(?:[A-Z][A-Za-z0-9.'’]*|\d+(?:d|th|st|nd|rd)\b)){0,4}?";

/// Pages and nothing else: `204`, `204–10`, `45, 47`, `12-14, 19` (a Chicago pinpoint
/// written without `at`).
pub(crate) fn is_page_run(s: &str) -> bool {
    let s = s.trim();
    s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '–' | ',' | ' '))
}

/// A case cited again in Bluebook's short form: a party's name, the volume and reporter of
/// the full citation, and `at` the page cited: `Sullivan, 376 U.S. at 279`, `*Hustler*, 485
/// U.S. at 50–51`, `Doe, 2017 WL 1234567, at *3`. `body` has its signal removed.
#[derive(Debug, PartialEq)]
pub(crate) struct CaseShortForm<'a> {
    /// The party named, without its italics.
    pub party: &'a str,
    /// `376 U.S.`: what the full citation must hold (before its first page).
    pub volume_and_reporter: String,
    pub pinpoint: Option<String>,
}

pub(crate) fn case_short_shape(body: &str) -> Option<CaseShortForm<'_>> {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        Regex::new(
            &r"(?x)^
            (?P<party>[^,;()]{1,80}?),\s+
            (?P<volume>\d{1,5})\s+
            (?P<reporter>REPORTER)
            (?:\s+\d{1,8})?,?\s+at\s+
            (?P<pin>\*?\d[\d\s,\-–—*n.]*?)
            \s*$"
                .replace("REPORTER", REPORTER),
        )
        .expect("static pattern compiles")
    });
    // a closing parenthetical (`(plurality opinion)`) explains; it is no part of the form
    let t = body.trim().trim_end_matches(['.', ';']).trim_end();
    let t = match t
        .strip_suffix(')')
        .and_then(|x| x.rfind(" (").map(|i| &t[..i]))
    {
        Some(before) => before.trim_end().trim_end_matches([',', '.']),
        None => t,
    };
    let c = re.captures(t)?;
    let party = c
        .name("party")?
        .as_str()
        .trim()
        .trim_matches(|ch: char| matches!(ch, '*' | '_'))
        .trim();
    // a party names itself with capitalised words, like an author (`N.Y. Times Co.` too)
    let words: Vec<&str> = party.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 8
        || !party.starts_with(|ch: char| ch.is_uppercase())
        || party.contains(|ch: char| ch.is_ascii_digit())
    {
        return None;
    }
    let reporter: Vec<&str> = c.name("reporter")?.as_str().split_whitespace().collect();
    Some(CaseShortForm {
        party,
        volume_and_reporter: format!("{} {}", c.name("volume")?.as_str(), reporter.join(" ")),
        pinpoint: c.name("pin").map(|m| clean_pin(m.as_str())),
    })
}

fn is_name_lead(lead: &str) -> bool {
    let words: Vec<&str> = lead.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && words.iter().all(|w| {
            matches!(
                *w,
                "&" | "and" | "de" | "van" | "von" | "der" | "la" | "et" | "al."
            ) || (w.starts_with(|c: char| c.is_uppercase())
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’')))
        })
}

/// Italic markup: LaTeX commands, then Markdown (doubled markers before single ones).
pub(crate) const ITALICS: [(&str, &str); 6] = [
    ("\\textit{", "}"),
    ("\\emph{", "}"),
    ("**", "**"),
    ("*", "*"),
    ("__", "__"),
    ("_", "_"),
];

/// Quotation marks around a title.
const QUOTES: [(&str, &str); 2] = [("“", "”"), ("\"", "\"")];

/// The run `s` opens with between one of the `marks` pairs (the first pair whose opening
/// `s` starts with decides), and the text after it.
pub(crate) fn delimited_run<'s>(s: &'s str, marks: &[(&str, &str)]) -> Option<(&'s str, &'s str)> {
    let (open, close) = marks.iter().find(|(open, _)| s.starts_with(open))?;
    let inner = &s[open.len()..];
    let end = inner.find(close)?;
    Some((&inner[..end], &inner[end + close.len()..]))
}

/// A title at the start of `s` in italics (`*…*`, `_…_`, `\textit{…}`, `\emph{…}`) or
/// quotation marks (`“…”`, `"…"`): the title and the text after it.
fn emphasised_title(s: &str) -> Option<(&str, &str)> {
    let (title, after) = delimited_run(s, &ITALICS).or_else(|| delimited_run(s, &QUOTES))?;
    Some((title.trim_end_matches([',', ' ']), after))
}

fn clean_pin(p: &str) -> String {
    p.trim()
        .trim_end_matches(['.', ',', ';'])
        .trim()
        .replace('~', " ")
}

fn hereinafter_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r#"(?i)[\[(]\s*[*_]{0,2}hereinafter[*_]{0,2},?\s+(?P<t>[^\])]{1,150})[\])]"#)
            .expect("static pattern compiles")
    })
}

/// The first `[hereinafter …]` clause of `text` (in brackets or parentheses): its byte
/// range, and the short title it defines, without its quotes and emphasis (`None` when
/// nothing is left) — one search for both.
#[cfg(test)]
pub fn hereinafter_clause(text: &str) -> Option<(usize, usize, Option<String>)> {
    hereinafter_clause_in(text, Present::of(text))
}

/// [`hereinafter_clause`], with the word groups `present` in `text`.
pub(crate) fn hereinafter_clause_in(
    text: &str,
    present: Present,
) -> Option<(usize, usize, Option<String>)> {
    // `hereinafter` has no letter with a non-ASCII case variant: most citations are ruled
    // out by one pass over the bytes
    if !present.may_hold(&HEREINAFTER) {
        return None;
    }
    let (start, c) = hereinafter_at_word(text)?;
    let whole = c.get(0)?;
    let whole = (start + whole.start(), start + whole.end());
    let defined = c.name("t").map(|t| {
        t.as_str()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .trim_matches(|ch: char| {
                ch.is_whitespace() || matches!(ch, '"' | '“' | '”' | '*' | '_' | '‘' | '’' | '\'')
            })
            .trim_end_matches([',', '.'])
            .to_string()
    });
    Some((whole.0, whole.1, defined.filter(|t| !t.is_empty())))
}

/// [`hereinafter_re`] anchored at its bracket: the same pattern after `^`.
fn hereinafter_anchored_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(&format!("^(?:{})", hereinafter_re().as_str())).expect("static pattern compiles")
    })
}

/// The leftmost match of [`hereinafter_re`] in `text` (its start, and its captures in
/// `text[start..]`), found from the word rather than by the unanchored pattern, whose
/// search is costly (a reverse scan from every `hereinafter`).
///
/// A match is a bracket, whitespace, at most two `*`/`_`, then `hereinafter` (ASCII
/// letters in any case: none of them has a non-ASCII case variant), so each occurrence of
/// the word has at most one bracket a match can start at: the one found by stepping back
/// over two marks and then whitespace. Occurrences in text order give those brackets in
/// text order (a word cannot lie between a bracket and its word), so the first occurrence
/// whose bracket starts a match of the anchored pattern gives the leftmost match.
fn hereinafter_at_word(text: &str) -> Option<(usize, regex::Captures<'_>)> {
    const WORD: &[u8] = b"hereinafter";
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(off) = b
        .get(from..)?
        .windows(WORD.len())
        .position(|w| w.eq_ignore_ascii_case(WORD))
    {
        let at = from + off;
        from = at + 1;
        let before = &text[..at];
        let marks = before.len() - before.trim_end_matches(['*', '_']).len();
        let before = &before[..before.len() - marks.min(2)];
        let before = before.trim_end();
        let Some(bracket) = before.len().checked_sub(1) else {
            continue;
        };
        if !matches!(b[bracket], b'[' | b'(') {
            continue;
        }
        if let Some(c) = hereinafter_anchored_re().captures(&text[bracket..]) {
            return Some((bracket, c));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Present::of`] as it was: every occurrence of a word found by one pattern.
    fn present_by_pattern(hay: &str) -> Present {
        static FINDER: OnceLock<regex::bytes::Regex> = OnceLock::new();
        let finder = FINDER.get_or_init(|| {
            let mut needles: Vec<&str> = GROUPS
                .iter()
                .flat_map(|w| w.needles.iter().copied())
                .collect();
            needles.sort_unstable();
            needles.dedup();
            let alternation: Vec<String> = needles.iter().map(|n| regex::escape(n)).collect();
            regex::bytes::Regex::new(&format!("(?i-u:{})", alternation.join("|")))
                .expect("literal pattern compiles")
        });
        let b = hay.as_bytes();
        let mut bits = 0u8;
        let mut from = 0;
        // every occurrence, overlapping ones too: restart one byte after each match (no
        // needle is a prefix of another, so at most one matches at a given start)
        while bits != Present::ALL.0 {
            let Some(m) = finder.find_at(b, from) else {
                break;
            };
            let found = &b[m.start()..m.end()];
            for w in GROUPS {
                if w.needles
                    .iter()
                    .any(|n| n.as_bytes().eq_ignore_ascii_case(found))
                {
                    bits |= w.bit;
                }
            }
            from = m.start() + 1;
        }
        if bits != Present::ALL.0 && holds_long_s(hay) {
            return Present::ALL;
        }
        Present(bits)
    }

    /// [`Present::of`] as it was: one substring search per word in the lower case.
    fn present_by_finders(hay: &str) -> Present {
        let lower = hay.to_ascii_lowercase();
        let mut bits = 0u8;
        for w in GROUPS {
            if w.needles.iter().any(|n| lower.contains(n)) {
                bits |= w.bit;
            }
        }
        if bits != Present::ALL.0 && holds_long_s(hay) {
            return Present::ALL;
        }
        Present(bits)
    }

    #[test]
    fn no_word_is_a_prefix_of_another() {
        let needles: Vec<&str> = GROUPS
            .iter()
            .flat_map(|w| w.needles.iter().copied())
            .collect();
        for a in &needles {
            for b in &needles {
                assert!(a == b || !b.starts_with(a), "{a} {b}");
            }
        }
    }

    proptest::proptest! {
        /// One alternation over the lower case finds the groups the searches per word found.
        #[test]
        fn present_by_alternation_agrees_with_a_search_per_word(
            s in r"(infra|INFRA|Supra|suPRA|ſupra|TeXt|texT|hereinafter|HereinAfter|Retrieved|laſt viſited|last visited|Last Visited|ARCHIVED|archived|accessed|Available|original|infrarchived|supratext|[a-zA-Z ſéİ\u{212A}]){0,16}"
        ) {
            proptest::prop_assert_eq!(Present::of(&s), present_by_finders(&s), "{:?}", s);
        }

        /// The searches in the lower case find the groups the pattern found.
        #[test]
        fn present_by_lower_case_agrees_with_the_pattern(
            s in r"(infra|INFRA|Supra|suPRA|ſupra|TeXt|hereinafter|HereinAfter|Retrieved|laſt viſited|last visited|Last Visited|ARCHIVED|accessed|Available|original|[a-zA-Z ſéİ\u{212A}]){0,16}"
        ) {
            proptest::prop_assert_eq!(Present::of(&s), present_by_pattern(&s), "{:?}", s);
        }

        /// The byte search for `ſ` answers as `str::contains` does.
        #[test]
        fn long_s_byte_search_agrees_with_contains(s in r"(ſ|Ş|ş|Ž|ž|ſupra|é|中|s|[a-z ]){0,12}") {
            proptest::prop_assert_eq!(holds_long_s(&s), s.contains('ſ'), "{:?}", s);
        }

        /// The prefilter never says no where a case-insensitive pattern would find a needle.
        #[test]
        fn may_hold_any_never_misses_a_needle(
            s in r"(infra|INFRA|Supra|suPRA|ſupra|text|TeXt|hereinafter|Retrieved|laſt viſited|ARCHIVED|[a-zA-Z ſé]){0,16}"
        ) {
            for words in [&CROSS_REFERENCE, &SUPRA, &HEREINAFTER, &ACCESS] {
                let pattern = format!("(?i){}", words.needles.join("|"));
                let re = Regex::new(&pattern).expect("pattern compiles");
                if re.is_match(&s) {
                    proptest::prop_assert!(may_hold_any(&s, words), "{:?} in {s:?}", words.needles);
                }
            }
        }

        /// One [`Present`] search answers for the text and every part of it: it never
        /// says no where [`may_hold_any`] says yes.
        #[test]
        fn present_covers_may_hold_any_on_every_slice(
            s in r"(infra|supra|SUPRA|ſupra|text|hereinaftext|Retrieved|retrievedtext|laſt viſited|last visitext|archivedsupra|available|original|[a-zA-Z ſé]){0,12}",
            cut in 0usize..64,
        ) {
            let present = Present::of(&s);
            let mut a = cut.min(s.len());
            while !s.is_char_boundary(a) {
                a -= 1;
            }
            for part in [&s[..], &s[a..], &s[..a]] {
                proptest::prop_assert_eq!(Present::of_part(part, present), Present::of(part), "{:?} of {:?}", part, s);
                for words in GROUPS {
                    if may_hold_any(part, words) {
                        proptest::prop_assert!(present.may_hold(words), "{:?} in {part:?} of {s:?}", words.needles);
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// The search from each `hereinafter` finds the pattern's leftmost match.
        #[test]
        fn hereinafter_from_the_word_agrees_with_the_pattern(
            s in r"([\[(\])]|hereinafter|HereinAfter|[*_]{1,3}|\s{1,2}|\u{a0}|,|[a-z ]{1,6}|é|“|\.){0,16}"
        ) {
            let by_pattern = hereinafter_re().captures(&s).map(|c| {
                let w = c.get(0).map(|m| (m.start(), m.end()));
                (w, c.name("t").map(|t| t.as_str().to_string()))
            });
            let by_word = hereinafter_at_word(&s).map(|(at, c)| {
                let w = c.get(0).map(|m| (at + m.start(), at + m.end()));
                (w, c.name("t").map(|t| t.as_str().to_string()))
            });
            proptest::prop_assert_eq!(by_word, by_pattern, "{:?}", s);
        }
    }

    proptest::proptest! {
        /// The `Id.` prefilter never rules out text the pattern matches.
        #[test]
        fn id_prefilter_is_exact(
            s in r"([*_]{0,3}|İ|ı|\\textit\{)(id|Id|ID|ibid|IBID|Ibidem|iD|x)(\.|,| at 5|\*|_)?( .{0,8})?"
        ) {
            if id_re().is_match(&s) {
                proptest::prop_assert!(may_be_id(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn id_prefilter_examples() {
        for t in ["Id.", "*Id.*", "__ibid.", "Ibidem, at 3", "id., at 12-14"] {
            assert!(may_be_id(t) && id_re().is_match(t), "{t:?}");
        }
        for t in ["***Id.", "Jane Roe, supra note 3", "See Id.", ""] {
            assert!(!may_be_id(t), "{t:?}");
        }
    }

    #[test]
    fn id_forms() {
        let f = recognise("Id.").unwrap();
        assert_eq!(f.form.kind, ShortFormKind::Id);
        assert_eq!(
            recognise("Id. at 5.").unwrap().pinpoint.as_deref(),
            Some("5")
        );
        assert_eq!(
            recognise("id., at 12-14").unwrap().pinpoint.as_deref(),
            Some("12-14")
        );
        assert_eq!(
            recognise("*Id.* at 7 n.3").unwrap().pinpoint.as_deref(),
            Some("7 n.3")
        );
        assert_eq!(recognise("ID. at 9").unwrap().form.kind, ShortFormKind::Id);
        assert_eq!(recognise("ibid.").unwrap().form.kind, ShortFormKind::Ibid);
        assert_eq!(recognise("Ibid").unwrap().form.kind, ShortFormKind::Ibid);
        assert_eq!(
            recognise("IBID., 23.").unwrap().form.kind,
            ShortFormKind::Ibid
        );
        // Chicago's bare page after `Ibid.,`
        for (t, pin) in [
            ("Ibid., 215.", "215"),
            ("Ibid., 12–14", "12–14"),
            ("Id., 3, 7", "3, 7"),
        ] {
            assert_eq!(recognise(t).unwrap().pinpoint.as_deref(), Some(pin), "{t}");
        }
        assert_eq!(recognise("Ibid., chap. 3").unwrap().pinpoint, None);
        assert_eq!(recognise("Idaho Statesman"), None);
        assert_eq!(recognise("Identity Theft, N.Y. Times (2020)"), None);
        assert_eq!(recognise("Ibidem Press, Book (2001)"), None);
    }

    #[test]
    fn supra_forms() {
        let f = recognise("Mashal, supra note 58, at 3.").unwrap();
        assert_eq!(f.form.note, Some(58));
        assert_eq!(f.pinpoint.as_deref(), Some("3"));
        assert_eq!(f.lead.as_deref(), Some("Mashal"));
        assert_eq!(recognise("Mashal, supra.").unwrap().form.note, None);
        let range = recognise("Lee, supra notes 12–14").unwrap();
        assert_eq!((range.form.note, range.note_end), (Some(12), Some(14)));
        let title = recognise("*Senate Report*, *supra* note 3, at 45–46").unwrap();
        assert_eq!(title.lead.as_deref(), Some("Senate Report"));
        assert_eq!(title.pinpoint.as_deref(), Some("45–46"));
        let upper = recognise("SMITH, SUPRA NOTE 4").unwrap();
        assert_eq!(upper.form.note, Some(4));
        let bare = recognise("supra note 9").unwrap();
        assert_eq!((bare.lead, bare.form.note), (None, Some(9)));
        assert_eq!(recognise("Smith, supra n. 7").unwrap().form.note, Some(7));
        assert_eq!(
            recognise("Jones & Lee, supra note 2, at 14")
                .unwrap()
                .lead
                .as_deref(),
            Some("Jones & Lee")
        );
        assert_eq!(
            recognise("Supranational Law, 5 Eur. J. Int'l L. 1 (1994)"),
            None
        );
    }

    #[test]
    fn cross_references_are_not_short_forms() {
        for t in [
            "See infra Part III.",
            "infra note 40",
            "see supra Part II.B",
            "See supra notes 12–14 and accompanying text.",
            "supra text accompanying note 5",
            "Volume I, Section III.B.2, supra.",
            "Smith, infra note 30",
        ] {
            assert!(is_cross_reference(t), "{t}");
        }
        let kind_and_note = |t: &str| recognise(t).map(|f| (f.form.kind, f.form.note, f.lead));
        assert_eq!(
            kind_and_note("See infra Part III."),
            Some((ShortFormKind::Infra, None, None))
        );
        assert_eq!(
            kind_and_note("Smith, infra note 30"),
            Some((ShortFormKind::Infra, Some(30), None))
        );
        assert_eq!(
            kind_and_note("See supra notes 12–14 and accompanying text."),
            Some((ShortFormKind::Supra, Some(12), None))
        );
        assert_eq!(
            kind_and_note("Volume I, Section III.B.2, supra."),
            Some((ShortFormKind::Supra, None, None))
        );
        assert!(!is_cross_reference("Smith, supra note 3"));
        assert!(!is_cross_reference("Infrastructure Bill, H.R. 3684 (2021)"));
    }

    #[test]
    fn shortened_citations_by_shape() {
        let pin = |t: &str| shortened_shape(t);
        assert_eq!(pin("Lessig, *Future*, 71."), Some(Some("71".to_string())));
        assert_eq!(
            pin("Lawrence Lessig, *Future*, 89-92, 139"),
            Some(Some("89-92, 139".to_string()))
        );
        assert_eq!(
            pin("U.S. Congress, *Copyright and Home Copying*, 4."),
            Some(Some("4".to_string()))
        );
        assert_eq!(
            pin("Picker, “From Edison to the Broadcast Flag,” 293-96."),
            Some(Some("293-96".to_string()))
        );
        assert_eq!(
            pin("Landes & Posner, \\textit{The Economic Structure}"),
            Some(None)
        );
        // what a full citation adds rules the shape out
        for full in [
            "Lessig, *Free Culture* (New York: Penguin, 2004), 71.",
            "Lessig, *Free Culture*, 2004.",
            "Mujib Mashal, *Taliban Intensify Attacks*, N.Y. Times (Apr. 24, 2020).",
            "Lessig, *Free Culture*, https://example.org/free-culture.",
            "Lessig, Free Culture, 71.",
            "In 1988, *40 percent* of consumers, 12.",
            "the report, *Home Copying*, 4.",
        ] {
            assert_eq!(pin(full), None, "{full}");
        }
    }

    fn hereinafter_definition(text: &str) -> Option<String> {
        hereinafter_clause(text).and_then(|(_, _, t)| t)
    }

    #[test]
    fn hereinafter_definitions() {
        let t = "S. Comm. on Intelligence, Report on Russian Active Measures 12 (2020) [hereinafter Senate Report].";
        assert_eq!(hereinafter_definition(t).as_deref(), Some("Senate Report"));
        let t = "Jane Doe, A Long Title (2001) (hereinafter “Doe Report”)";
        assert_eq!(hereinafter_definition(t).as_deref(), Some("Doe Report"));
        let t = "Book [Hereinafter *Short*]";
        assert_eq!(hereinafter_definition(t).as_deref(), Some("Short"));
        assert_eq!(hereinafter_definition("No definition (2001)"), None);
    }
}
