//! Readable, stable citation keys: `{first author's family name}{year}{first significant
//! title word}`, lowercase ASCII (`mashal2020taliban`).
//!
//! Without an author the key starts with the first significant word of the outlet (or of the
//! title, which is then not repeated); without a year the year is left out. Keys are assigned
//! in the sorted order of each work's base key and identity, so they do not depend on the
//! order in which documents were read; colliding keys all get a suffix (`a`, `b`, …).

use super::works::{fold_ascii, Work};
use std::collections::{HashMap, HashSet};

/// Words skipped when looking for a title's (or outlet's) first significant word.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "of", "on", "in", "and", "or", "for", "to", "at", "by", "with", "from", "as",
    "is", "are", "was", "be", "but", "not", "no", "into", "about", "over", "after", "its", "it",
    "this", "that", "how", "why", "what", "when", "who", "la", "le", "les", "el", "los", "las",
    "der", "die", "das", "de", "du", "des", "del", "un", "une",
];

/// Lowercase ASCII letters and digits of `s` (accents transliterated).
fn slug(s: &str) -> String {
    fold_ascii(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The first word of `s` that is not a stop word, slugged; the first word if all are.
fn first_significant_word(s: &str) -> Option<String> {
    let words: Vec<String> = fold_ascii(s)
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(slug)
        .filter(|w| !w.is_empty())
        .collect();
    words
        .iter()
        .find(|w| !STOP_WORDS.contains(&w.as_str()))
        .or_else(|| words.first())
        .cloned()
}

/// The pattern keys follow unless `ibid.toml` says otherwise.
pub const DEFAULT_PATTERN: &str = "{auth}{year}{shorttitle}";

/// One piece of a citekey pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    /// First author's family name; without authors the outlet's first significant word,
    /// then the title's (which `{shorttitle}`/`{title}` then do not repeat).
    Auth,
    /// Up to two authors' family names, or the first one followed by `etal`.
    Authors,
    Year,
    /// The title's first significant word.
    ShortTitle,
    /// The title's first three significant words.
    Title,
    /// The outlet's first significant word.
    Outlet,
}

/// A citekey pattern such as `{auth}{year}{shorttitle}` or `{auth}_{year}`: fields in
/// braces, literal ASCII letters, digits and `_ - : .` between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    source: String,
    parts: Vec<Part>,
}

/// Why a citekey pattern is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("unknown field `{{{0}}}` (expected {{auth}}, {{authors}}, {{year}}, {{shorttitle}}, {{title}} or {{outlet}})")]
    UnknownField(String),
    #[error("a `{{` is not closed")]
    Unclosed,
    #[error("`{0}` cannot appear in a citekey (use letters, digits, `_`, `-`, `:` or `.`)")]
    BadCharacter(char),
    #[error("the pattern has no field")]
    NoField,
}

impl Default for Pattern {
    fn default() -> Self {
        Pattern {
            source: DEFAULT_PATTERN.to_string(),
            parts: vec![Part::Auth, Part::Year, Part::ShortTitle],
        }
    }
}

impl Pattern {
    /// Parse a pattern; unknown fields and characters BibTeX keys cannot hold are errors.
    pub fn parse(source: &str) -> Result<Self, PatternError> {
        let mut parts = Vec::new();
        let mut rest = source;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{') {
                let close = after.find('}').ok_or(PatternError::Unclosed)?;
                let name = &after[..close];
                parts.push(match name.trim().to_ascii_lowercase().as_str() {
                    "auth" => Part::Auth,
                    "authors" => Part::Authors,
                    "year" => Part::Year,
                    "shorttitle" => Part::ShortTitle,
                    "title" => Part::Title,
                    "outlet" => Part::Outlet,
                    _ => return Err(PatternError::UnknownField(name.to_string())),
                });
                rest = &after[close + 1..];
            } else {
                let end = rest.find('{').unwrap_or(rest.len());
                let literal = &rest[..end];
                if let Some(bad) = literal
                    .chars()
                    .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.')))
                {
                    return Err(PatternError::BadCharacter(bad));
                }
                parts.push(Part::Literal(literal.to_string()));
                rest = &rest[end..];
            }
        }
        if !parts.iter().any(|p| !matches!(p, Part::Literal(_))) {
            return Err(PatternError::NoField);
        }
        Ok(Pattern {
            source: source.to_string(),
            parts,
        })
    }

    /// The pattern as written.
    pub fn source(&self) -> &str {
        &self.source
    }
}

/// The first `n` significant words of `s`, slugged and joined.
fn significant_words(s: &str, n: usize) -> Option<String> {
    let words: Vec<String> = fold_ascii(s)
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(slug)
        .filter(|w| !w.is_empty())
        .collect();
    let picked: Vec<&String> = words
        .iter()
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .take(n)
        .collect();
    if picked.is_empty() {
        words.first().cloned()
    } else {
        Some(picked.into_iter().cloned().collect())
    }
}

/// The key of a work before disambiguation, with the default pattern.
pub fn base_key(work: &Work) -> String {
    base_key_with(work, &Pattern::default())
}

/// The key of a work before disambiguation, following `pattern`.
pub fn base_key_with(work: &Work, pattern: &Pattern) -> String {
    let families: Vec<String> = work
        .authors
        .iter()
        .map(|p| slug(&p.family))
        .filter(|s| !s.is_empty())
        .collect();
    let outlet_word = work.outlet_name().and_then(first_significant_word);
    // Without an author or outlet, `{auth}` borrows the title's word, which the title
    // fields then leave out.
    let title_borrowed = families.is_empty()
        && outlet_word.is_none()
        && pattern
            .parts
            .iter()
            .any(|p| matches!(p, Part::Auth | Part::Authors));
    let author_fallback = || {
        outlet_word
            .clone()
            .or_else(|| work.title.as_deref().and_then(first_significant_word))
            .unwrap_or_default()
    };
    let mut key = String::new();
    for part in &pattern.parts {
        match part {
            Part::Literal(l) => key.push_str(l),
            Part::Auth => match families.first() {
                Some(f) => key.push_str(f),
                None => key.push_str(&author_fallback()),
            },
            Part::Authors => match families.len() {
                0 => key.push_str(&author_fallback()),
                1 | 2 => key.push_str(&families.concat()),
                _ => {
                    key.push_str(&families[0]);
                    key.push_str("etal");
                }
            },
            Part::Year => {
                if let Some(year) = work.year() {
                    key.push_str(&year.to_string());
                }
            }
            Part::ShortTitle | Part::Title if title_borrowed => {}
            Part::ShortTitle => {
                if let Some(w) = work.title.as_deref().and_then(first_significant_word) {
                    key.push_str(&w);
                }
            }
            Part::Title => {
                if let Some(w) = work.title.as_deref().and_then(|t| significant_words(t, 3)) {
                    key.push_str(&w);
                }
            }
            Part::Outlet => {
                if let Some(w) = &outlet_word {
                    key.push_str(w);
                }
            }
        }
    }
    if !key.chars().any(|c| c.is_ascii_alphanumeric()) {
        key = "anon".to_string();
    }
    if key.starts_with(|c: char| !c.is_ascii_alphabetic()) {
        key.insert_str(0, "anon");
    }
    key
}

/// `a`, `b`, … `z`, `aa`, `ab`, … for 0, 1, … 25, 26, 27, …
fn suffix(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// One key per work, parallel to `works`, unique and independent of the works' order.
pub fn assign_keys(works: &[Work]) -> Vec<String> {
    assign_keys_with(works, &Pattern::default())
}

/// [`assign_keys`] following `pattern`.
pub fn assign_keys_with(works: &[Work], pattern: &Pattern) -> Vec<String> {
    let bases: Vec<String> = works.iter().map(|w| base_key_with(w, pattern)).collect();
    let mut order: Vec<usize> = (0..works.len()).collect();
    order.sort_by(|&a, &b| {
        (&bases[a], &works[a].identity, &works[a].url).cmp(&(
            &bases[b],
            &works[b].identity,
            &works[b].url,
        ))
    });
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for b in &bases {
        *counts.entry(b.as_str()).or_default() += 1;
    }
    // Plain keys first, so a suffixed key never takes a name another work owns outright.
    let mut used: HashSet<String> = bases
        .iter()
        .filter(|b| counts.get(b.as_str()) == Some(&1))
        .cloned()
        .collect();
    let mut next: HashMap<&str, usize> = HashMap::new();
    let mut keys = vec![String::new(); works.len()];
    for i in order {
        let base = bases[i].as_str();
        if counts.get(base) == Some(&1) {
            keys[i] = base.to_string();
            continue;
        }
        let n = next.entry(base).or_default();
        loop {
            let candidate = format!("{base}{}", suffix(*n));
            *n += 1;
            if used.insert(candidate.clone()) {
                keys[i] = candidate;
                break;
            }
        }
    }
    keys
}

/// Where a work's recorded key may be filed: its identity, then the identity it had
/// before or after a second author list for the same title, outlet and date appeared
/// (`…|authors:…` added or dropped).
fn identity_candidates(work: &Work) -> Vec<String> {
    let mut out = vec![work.identity.clone()];
    match work.identity.split_once("|authors:") {
        Some((base, _)) => out.push(base.to_string()),
        None => {
            let sig = super::works::author_signature(&work.authors);
            if !sig.is_empty() {
                out.push(format!("{}|authors:{sig}", work.identity));
            }
        }
    }
    out
}

/// Keys for `works` that honour the keys `recorded` earlier (work identity → key), so a
/// key never changes once published: a recorded work keeps its key, suffix included,
/// whatever the pattern or the other works; new works get keys by [`assign_keys_with`]'s
/// rules, skipping every recorded key; a new work whose plain key was published (plain or
/// with suffix `a`) continues the suffixes from `b`. Returns the keys, parallel to `works`, and the `(identity, key)`
/// pairs to record (new keys, and recorded keys whose work's identity changed).
pub fn assign_keys_recorded(
    works: &[Work],
    pattern: &Pattern,
    recorded: &HashMap<String, String>,
) -> (Vec<String>, Vec<(String, String)>) {
    let taken: HashSet<&str> = recorded.values().map(String::as_str).collect();
    let mut keys = vec![String::new(); works.len()];
    let mut to_record = Vec::new();
    let mut claimed: HashSet<String> = HashSet::new();
    let mut order: Vec<usize> = (0..works.len()).collect();
    order.sort_by(|&a, &b| {
        (&works[a].identity, &works[a].url).cmp(&(&works[b].identity, &works[b].url))
    });
    // Exact identities first, so a work found only through an older identity never takes
    // the key of the work that still has it.
    let candidates: Vec<Vec<String>> = works.iter().map(identity_candidates).collect();
    for pass in 0..2 {
        for &i in &order {
            if !keys[i].is_empty() {
                continue;
            }
            let tries = if pass == 0 {
                &candidates[i][..1]
            } else {
                &candidates[i][1..]
            };
            for candidate in tries {
                if let Some(key) = recorded.get(candidate) {
                    if claimed.insert(key.clone()) {
                        keys[i] = key.clone();
                        if pass == 1 {
                            to_record.push((works[i].identity.clone(), key.clone()));
                        }
                        break;
                    }
                }
            }
        }
    }
    let fresh: Vec<usize> = order.into_iter().filter(|&i| keys[i].is_empty()).collect();
    let bases: HashMap<usize, String> = fresh
        .iter()
        .map(|&i| (i, base_key_with(&works[i], pattern)))
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for b in bases.values() {
        *counts.entry(b.as_str()).or_default() += 1;
    }
    let mut used: HashSet<String> = taken.iter().map(|k| k.to_string()).collect();
    used.extend(claimed);
    let mut sorted = fresh.clone();
    sorted.sort_by(|&a, &b| {
        (&bases[&a], &works[a].identity, &works[a].url).cmp(&(
            &bases[&b],
            &works[b].identity,
            &works[b].url,
        ))
    });
    // A base already published, plain or suffixed, continues its suffixes (from `b`).
    let published =
        |base: &str| taken.contains(base) || taken.contains(format!("{base}a").as_str());
    // Plain keys first, so a suffixed key never takes a name another work owns outright.
    for &i in &sorted {
        let base = &bases[&i];
        if counts.get(base.as_str()) == Some(&1) && !used.contains(base) && !published(base) {
            used.insert(base.clone());
            keys[i] = base.clone();
        }
    }
    let mut next: HashMap<&str, usize> = HashMap::new();
    for &i in &sorted {
        if !keys[i].is_empty() {
            continue;
        }
        let base = bases[&i].as_str();
        let n = next
            .entry(base)
            .or_insert_with(|| usize::from(published(base)));
        loop {
            let candidate = format!("{base}{}", suffix(*n));
            *n += 1;
            if used.insert(candidate.clone()) {
                keys[i] = candidate;
                break;
            }
        }
    }
    for &i in &fresh {
        to_record.push((works[i].identity.clone(), keys[i].clone()));
    }
    (keys, to_record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::works::group_works;
    use crate::export::works::tests::{date, extraction, news, outlet, person, sample};

    fn keys_of(works: &[Work]) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = works
            .iter()
            .map(|w| w.identity.clone())
            .zip(assign_keys(works))
            .collect();
        pairs.sort();
        pairs
    }

    #[test]
    fn readable_keys() {
        let works = group_works(&sample());
        assert_eq!(assign_keys(&works), ["mashal2020trump", "gearan2020trump"]);
    }

    #[test]
    fn accents_are_transliterated_and_stop_words_skipped() {
        let c = news(
            vec![person("Éric", "Lévêque-Núñez")],
            "The État of Things",
            outlet("Le Monde", None, None),
            Some(date(2019, None, None, "2019")),
        );
        let works = group_works(&[extraction("x", vec![(1, vec![c])])]);
        assert_eq!(base_key(&works[0]), "levequenunez2019etat");
    }

    #[test]
    fn no_author_uses_outlet_then_title_and_no_year_is_omitted() {
        let a = news(
            vec![],
            "First round of talks",
            outlet("Al Jazeera", Some("al-jazeera"), Some("Al Jazeera")),
            Some(date(2019, Some(12), Some(7), "December 7, 2019")),
        );
        let mut b = news(
            vec![],
            "The Report on Things",
            outlet("x", None, None),
            None,
        );
        b.outlet = None;
        let works = group_works(&[extraction("x", vec![(1, vec![a, b])])]);
        assert_eq!(base_key(&works[0]), "al2019first");
        assert_eq!(base_key(&works[1]), "report");
    }

    #[test]
    fn collisions_get_suffixes_and_are_stable_under_reordering() {
        let mk = |title: &str| {
            news(
                vec![person("Susannah", "George")],
                title,
                outlet("Wash. Post", None, None),
                Some(date(2020, Some(5), Some(19), "19 May 2020")),
            )
        };
        let a = mk("Civilian casualties rise");
        let b = mk("Civilian deaths, again");
        let c = mk("Civilian toll");
        let forward = group_works(&[extraction(
            "x",
            vec![(1, vec![a.clone(), b.clone(), c.clone()])],
        )]);
        let backward = group_works(&[extraction("x", vec![(1, vec![c, b, a])])]);
        let f = keys_of(&forward);
        assert_eq!(f, keys_of(&backward));
        let mut keys: Vec<_> = f.into_iter().map(|(_, k)| k).collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "george2020civiliana",
                "george2020civilianb",
                "george2020civilianc"
            ]
        );
    }

    #[test]
    fn patterns_choose_the_fields() {
        let works = group_works(&sample());
        let key = |p: &str| base_key_with(&works[0], &Pattern::parse(p).expect("valid"));
        assert_eq!(key("{auth}{year}{shorttitle}"), "mashal2020trump");
        assert_eq!(key("{auth}_{year}"), "mashal_2020");
        assert_eq!(key("{authors}{year}"), "mashaljakes2020");
        assert_eq!(key("{auth}:{title}"), "mashal:trumpgivesconditional");
        assert_eq!(key("{outlet}-{year}"), "new-2020");
        assert_eq!(key("{year}{auth}"), "anon2020mashal");
        let three = news(
            vec![person("A", "One"), person("B", "Two"), person("C", "Three")],
            "Title words here",
            outlet("CNN", None, None),
            None,
        );
        let w = group_works(&[extraction("x", vec![(1, vec![three])])]);
        assert_eq!(
            base_key_with(
                &w[0],
                &Pattern::parse("{authors}{shorttitle}").expect("valid")
            ),
            "oneetaltitle"
        );
    }

    #[test]
    fn bad_patterns_are_rejected() {
        assert_eq!(
            Pattern::parse("{author}{year}"),
            Err(PatternError::UnknownField("author".into()))
        );
        assert_eq!(Pattern::parse("{auth"), Err(PatternError::Unclosed));
        assert_eq!(
            Pattern::parse("{auth} {year}"),
            Err(PatternError::BadCharacter(' '))
        );
        assert_eq!(Pattern::parse("key"), Err(PatternError::NoField));
        assert_eq!(Pattern::parse(DEFAULT_PATTERN), Ok(Pattern::default()));
    }

    #[test]
    fn suffixes_go_past_z() {
        assert_eq!(suffix(0), "a");
        assert_eq!(suffix(25), "z");
        assert_eq!(suffix(26), "aa");
        assert_eq!(suffix(27), "ab");
    }

    #[test]
    fn suffixed_keys_never_take_an_existing_plain_key() {
        // `Fooa` gives the plain key `smith2020fooa`, which the two colliding `foo` works
        // must then skip.
        let mk = |family: &str, title: &str| {
            news(
                vec![person("J", family)],
                title,
                outlet("CNN", None, None),
                Some(date(2020, None, None, "2020")),
            )
        };
        let works = group_works(&[extraction(
            "x",
            vec![(
                1,
                vec![
                    mk("Smith", "Foo one"),
                    mk("Smith", "Foo two"),
                    mk("Smith", "Fooa"),
                ],
            )],
        )]);
        let mut keys = assign_keys(&works);
        keys.sort();
        assert_eq!(keys, ["smith2020fooa", "smith2020foob", "smith2020fooc"]);
    }

    fn george(title: &str, given: &str) -> crate::model::Citation {
        news(
            vec![person(given, "George")],
            title,
            outlet("Wash. Post", None, None),
            Some(date(2020, Some(5), Some(19), "19 May 2020")),
        )
    }

    /// Export once, record, export again with more works: the recorded keys stay.
    fn twice(
        first: Vec<crate::model::Citation>,
        second: Vec<crate::model::Citation>,
        pattern: &Pattern,
    ) -> (HashMap<String, String>, HashMap<String, String>) {
        let w1 = group_works(&[extraction("x", vec![(1, first)])]);
        let (k1, rec1) = assign_keys_recorded(&w1, &Pattern::default(), &HashMap::new());
        assert_eq!(k1, assign_keys(&w1), "nothing recorded: the usual keys");
        let recorded: HashMap<String, String> = rec1.into_iter().collect();
        let w2 = group_works(&[extraction("x", vec![(1, second)])]);
        let (k2, _) = assign_keys_recorded(&w2, pattern, &recorded);
        let mut unique = k2.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), k2.len(), "{k2:?}");
        let by_title = |works: &[Work], keys: &[String]| -> HashMap<String, String> {
            works
                .iter()
                .zip(keys)
                .map(|(w, k)| (w.title.clone().unwrap_or_default(), k.clone()))
                .collect()
        };
        (by_title(&w1, &k1), by_title(&w2, &k2))
    }

    #[test]
    fn a_recorded_key_survives_a_new_colliding_work() {
        let (before, after) = twice(
            vec![george("Civilian casualties rise", "Susannah")],
            vec![
                george("Civilian deaths, again", "Susannah"),
                george("Civilian casualties rise", "Susannah"),
            ],
            &Pattern::default(),
        );
        assert_eq!(before["Civilian casualties rise"], "george2020civilian");
        assert_eq!(after["Civilian casualties rise"], "george2020civilian");
        assert_eq!(after["Civilian deaths, again"], "george2020civilianb");
    }

    #[test]
    fn recorded_suffixes_stay_when_a_work_sorting_first_arrives() {
        let (before, after) = twice(
            vec![george("Civilian toll", "S"), george("Civilian woes", "S")],
            vec![
                george("Civilian alarm", "S"),
                george("Civilian toll", "S"),
                george("Civilian woes", "S"),
            ],
            &Pattern::default(),
        );
        assert_eq!(before["Civilian toll"], "george2020civiliana");
        assert_eq!(before["Civilian woes"], "george2020civilianb");
        assert_eq!(after["Civilian toll"], "george2020civiliana");
        assert_eq!(after["Civilian woes"], "george2020civilianb");
        assert_eq!(after["Civilian alarm"], "george2020civilianc");
    }

    #[test]
    fn recorded_keys_ignore_a_new_pattern() {
        let pattern = Pattern::parse("{auth}_{year}").expect("valid");
        let (_, after) = twice(
            vec![george("Civilian toll", "S")],
            vec![george("Civilian toll", "S"), george("Another story", "S")],
            &pattern,
        );
        assert_eq!(after["Civilian toll"], "george2020civilian");
        assert_eq!(after["Another story"], "george_2020");
    }

    #[test]
    fn a_recorded_key_follows_its_work_when_a_second_author_list_appears() {
        // The same title, outlet and date by another author splits the identity.
        let w1 = group_works(&[extraction("x", vec![(1, vec![george("Toll", "S")])])]);
        let (k1, rec1) = assign_keys_recorded(&w1, &Pattern::default(), &HashMap::new());
        let recorded: HashMap<String, String> = rec1.into_iter().collect();
        let mut other = george("Toll", "J");
        other.authors = vec![person("J", "Hill")];
        let w2 = group_works(&[extraction("x", vec![(1, vec![george("Toll", "S"), other])])]);
        assert!(w2.iter().all(|w| w.identity.contains("|authors:")));
        let (k2, rec2) = assign_keys_recorded(&w2, &Pattern::default(), &recorded);
        let george_at = w2
            .iter()
            .position(|w| w.authors[0].family == "George")
            .expect("George's work");
        assert_eq!(k2[george_at], k1[0]);
        // The key moves to the new identity.
        assert!(rec2.contains(&(w2[george_at].identity.clone(), k1[0].clone())));
    }

    proptest::proptest! {
        #[test]
        fn keys_are_unique_and_independent_of_order(
            specs in proptest::collection::vec(
                ("[A-C][a-c]{0,2}", proptest::option::of(2019i32..2021), "[a-c]{1,3}( [a-c]{1,3})?"),
                1..12,
            ),
            seed in proptest::prelude::any::<u64>(),
        ) {
            let citations: Vec<_> = specs
                .iter()
                .map(|(family, year, title)| {
                    news(
                        vec![person("X", family)],
                        title,
                        outlet("CNN", None, None),
                        year.map(|y| date(y, None, None, "y")),
                    )
                })
                .collect();
            let mut shuffled = citations.clone();
            // A deterministic shuffle driven by `seed`.
            let mut state = seed | 1;
            for i in (1..shuffled.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                shuffled.swap(i, (state % (i as u64 + 1)) as usize);
            }
            let a = group_works(&[extraction("x", vec![(1, citations)])]);
            let b = group_works(&[extraction("x", vec![(1, shuffled)])]);
            let ka = keys_of(&a);
            proptest::prop_assert_eq!(&ka, &keys_of(&b));
            let mut keys: Vec<_> = ka.iter().map(|(_, k)| k.clone()).collect();
            keys.sort();
            keys.dedup();
            proptest::prop_assert_eq!(keys.len(), a.len());
        }
    }
}
