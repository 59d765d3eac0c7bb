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

/// The key of a work before disambiguation.
pub fn base_key(work: &Work) -> String {
    let title_word = work.title.as_deref().and_then(first_significant_word);
    let author = work
        .authors
        .first()
        .map(|p| slug(&p.family))
        .filter(|s| !s.is_empty());
    let (prefix, title_used) = match author {
        Some(a) => (Some(a), false),
        None => match work.outlet_name().and_then(first_significant_word) {
            Some(o) => (Some(o), false),
            None => (title_word.clone(), true),
        },
    };
    let mut key = prefix.unwrap_or_default();
    if let Some(year) = work.year() {
        key.push_str(&year.to_string());
    }
    if !title_used {
        if let Some(w) = &title_word {
            key.push_str(w);
        }
    }
    if key.is_empty() {
        key.push_str("anon");
    }
    if key.starts_with(|c: char| c.is_ascii_digit()) {
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
    let bases: Vec<String> = works.iter().map(base_key).collect();
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
