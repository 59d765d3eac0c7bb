//! Unknown names close to a known spelling (`Wash. Swiss Post` ~ `Wash. Post`), and
//! names cut short (`Wash.`).

use super::normalize::Analysed;
use super::registry::{Outlet, Registry};
use serde::Serialize;

/// How a near-miss differs from the known spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NearMissReason {
    /// One word too many inside the name (`Wash. Swiss Post` ~ `Wash. Post`).
    ExtraWord,
    /// One word missing inside the name (`Christian Monitor` ~ `Christian Science Monitor`).
    MissingWord,
    /// One word misspelled (`Washingon Post` ~ `Washington Post`).
    Misspelling,
}

impl NearMissReason {
    /// Reads after "looks like X": "with an extra word".
    pub fn describe(self) -> &'static str {
        match self {
            NearMissReason::ExtraWord => "with an extra word",
            NearMissReason::MissingWord => "with a word missing",
            NearMissReason::Misspelling => "misspelled",
        }
    }
}

/// An unknown outlet name that is close to a known spelling.
#[derive(Debug, Clone, PartialEq)]
pub struct NearMiss<'r> {
    pub outlet: &'r Outlet,
    pub reason: NearMissReason,
    /// The registry spelling the written name is close to (`Wash. Post`).
    pub matched: String,
    /// What to write instead, in the document's style: the Bluebook abbreviation when the
    /// written name abbreviates words, the full name otherwise.
    pub suggestion: String,
}

/// A found near-miss without its borrow of the registry: outlet index, reason, matched
/// spelling, suggestion.
type Found = (usize, NearMissReason, String, String);

/// Memoized [`Registry::near_miss`] answers, shared by the threads of a scan. A clone
/// starts empty (the clone may be extended with other outlets).
#[derive(Debug, Default)]
pub(crate) struct Memo(std::sync::Mutex<std::collections::HashMap<String, Option<Found>>>);

impl Clone for Memo {
    fn clone(&self) -> Self {
        Memo::default()
    }
}

/// Most memoized names; past it the memo is cleared (a bound on memory, not a policy).
const MEMO_LIMIT: usize = 50_000;

/// Words that differ by a typo: edit distance 1 (2 when both have 10 letters or more and
/// `lenient`); both at least 5 letters.
fn is_typo(a: &str, b: &str, lenient: bool) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.min(lb) < 5 || a == b {
        return false;
    }
    let limit = if lenient && la.min(lb) >= 10 { 2 } else { 1 };
    strsim::damerau_levenshtein(a, b) <= limit
}

/// `longer` with one word removed equals `shorter`; returns the removed position.
fn one_extra(longer: &[String], shorter: &[String]) -> Option<usize> {
    if longer.len() != shorter.len() + 1 {
        return None;
    }
    (0..longer.len()).find(|&i| longer[..i] == shorter[..i] && longer[i + 1..] == shorter[i..])
}

/// The word added or dropped is neither the first nor the last of the longer spelling.
/// A word added or dropped at either end usually names another outlet (`Casper Star
/// Tribune`, `Daily News`) or a truncation (`Wall St.`).
fn interior(position: Option<usize>, longer_len: usize) -> bool {
    position.is_some_and(|i| i > 0 && i + 1 < longer_len)
}

/// Same length, exactly one word differs by a typo.
fn one_typo(a: &[String], b: &[String]) -> bool {
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    match diffs.as_slice() {
        [i] => {
            let long_enough = a.len() > 1 || a[*i].chars().count() >= 6;
            // A one-word name gets no second edit: `Republican` is not `Repubblica`.
            long_enough && is_typo(&a[*i], &b[*i], a.len() > 1)
        }
        _ => false,
    }
}

/// The outlet's name in the style of `written`: its Bluebook abbreviation when `written`
/// abbreviates words (`Wash.`), otherwise its full name (without a leading `The` unless
/// `written` has one).
pub fn styled_name(outlet: &Outlet, written: &str) -> String {
    if Analysed::new(written).abbreviates {
        if let Some(a) = &outlet.abbreviation {
            return a.clone();
        }
    }
    full_name(outlet, written)
}

fn starts_with_the(s: &str) -> bool {
    s.trim_start().to_lowercase().starts_with("the ")
}

/// The outlet's name as a document not using abbreviations would write it.
fn full_name(outlet: &Outlet, written: &str) -> String {
    let writes_the = starts_with_the(written);
    match outlet.name.strip_prefix("The ") {
        Some(rest) if !writes_the => rest.to_string(),
        _ => outlet.name.clone(),
    }
}

impl Registry {
    /// An unknown name close to a known spelling: an inserted or dropped word
    /// (`Wash. Swiss Post` ~ `Wash. Post`) or a misspelled word (`Washingon Post`).
    /// `None` for names the registry knows, and when two outlets are equally close.
    pub fn near_miss(&self, written: &str) -> Option<NearMiss<'_>> {
        if self.resolve_index(written).is_some() {
            return None;
        }
        let memo = |found: &Option<Found>| {
            found
                .clone()
                .map(|(oi, reason, matched, suggestion)| NearMiss {
                    outlet: self.outlet_at(oi),
                    reason,
                    matched,
                    suggestion,
                })
        };
        if let Ok(map) = self.near_miss_memo.0.lock() {
            if let Some(found) = map.get(written) {
                return memo(found);
            }
        }
        let found = self.find_near_miss(written);
        if let Ok(mut map) = self.near_miss_memo.0.lock() {
            if map.len() >= MEMO_LIMIT {
                map.clear();
            }
            map.insert(written.to_string(), found.clone());
        }
        memo(&found)
    }

    /// [`Registry::near_miss`] without the memo.
    fn find_near_miss(&self, written: &str) -> Option<Found> {
        let w = Analysed::new(written);
        if w.abbr.is_empty() {
            return None;
        }
        // (rank, outlet, spelling index, reason): lower rank is closer.
        let mut best: Option<(u8, usize, usize, NearMissReason)> = None;
        let mut tie = false;
        // Spellings of the best outlet that matched at the best rank.
        let mut matched: Vec<usize> = Vec::new();
        for (si, s) in self.spellings.iter().enumerate() {
            let k = &s.analysed;
            let found = if one_typo(&w.raw, &k.raw) || one_typo(&w.abbr, &k.abbr) {
                Some((0, NearMissReason::Misspelling))
            } else if interior(one_extra(&w.abbr, &k.abbr), w.abbr.len()) {
                Some((1, NearMissReason::ExtraWord))
            } else if interior(one_extra(&k.abbr, &w.abbr), k.abbr.len()) {
                Some((2, NearMissReason::MissingWord))
            } else {
                None
            };
            let Some((rank, reason)) = found else {
                continue;
            };
            match best {
                Some((r, _, _, _)) if r < rank => {}
                Some((r, o, _, _)) if r == rank && o == s.outlet => matched.push(si),
                Some((r, _, _, _)) if r == rank => tie = true,
                _ => {
                    best = Some((rank, s.outlet, si, reason));
                    matched = vec![si];
                    tie = false;
                }
            }
        }
        let (_, oi, first, reason) = best?;
        if tie {
            return None;
        }
        // Name the matched spelling in the written style (`Wash. Post` for `Wash. Swiss Post`).
        let writes_the = starts_with_the(written);
        let style = |i: usize| {
            let s = &self.spellings[i];
            (s.analysed.abbreviates == w.abbreviates) as u8 * 2
                + (starts_with_the(&s.text) == writes_the) as u8
        };
        let si = matched
            .iter()
            .copied()
            .max_by_key(|&i| (style(i), std::cmp::Reverse(i)))
            .unwrap_or(first);
        let outlet = self.outlet_at(oi);
        let suggestion = if w.abbreviates {
            outlet
                .abbreviation
                .clone()
                .unwrap_or_else(|| outlet.name.clone())
        } else {
            full_name(outlet, written)
        };
        Some((oi, reason, self.spellings[si].text.clone(), suggestion))
    }

    /// Outlets a cut-short name may stand for: those with a spelling that starts with the
    /// written words and is longer (`Wash.` → The Washington Post, The Washington Times, …).
    /// Empty for names the registry knows.
    pub fn truncation_candidates(&self, written: &str) -> Vec<&Outlet> {
        if self.resolve_index(written).is_some() {
            return Vec::new();
        }
        let w = Analysed::new(written);
        if w.abbr.is_empty() {
            return Vec::new();
        }
        let mut seen: Vec<usize> = Vec::new();
        for s in &self.spellings {
            let k = &s.analysed.abbr;
            if k.len() > w.abbr.len() && k.starts_with(&w.abbr) && !seen.contains(&s.outlet) {
                seen.push(s.outlet);
            }
        }
        seen.into_iter().map(|i| self.outlet_at(i)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg() -> &'static Registry {
        Registry::builtin()
    }

    #[test]
    fn extra_word_is_a_near_miss_suggested_in_bluebook_style() {
        let nm = reg().near_miss("Wash. Swiss Post").expect("near miss");
        assert_eq!(nm.outlet.id, "washington-post");
        assert_eq!(nm.reason, NearMissReason::ExtraWord);
        assert_eq!(nm.matched, "Wash. Post");
        assert_eq!(nm.suggestion, "Wash. Post");
    }

    #[test]
    fn misspelling_is_a_near_miss_suggested_in_full() {
        let nm = reg().near_miss("Washingon Post").expect("near miss");
        assert_eq!(nm.outlet.id, "washington-post");
        assert_eq!(nm.reason, NearMissReason::Misspelling);
        assert_eq!(nm.matched, "Washington Post");
        assert_eq!(nm.suggestion, "Washington Post");
        let nm = reg().near_miss("The Guardain").expect("near miss");
        assert_eq!(nm.outlet.id, "guardian");
        assert_eq!(nm.suggestion, "The Guardian");
    }

    #[test]
    fn missing_middle_word_is_a_near_miss() {
        let nm = reg().near_miss("Christian Monitor").expect("near miss");
        assert_eq!(nm.outlet.id, "christian-science-monitor");
        assert_eq!(nm.reason, NearMissReason::MissingWord);
    }

    #[test]
    fn known_outlets_are_never_near_misses_of_each_other() {
        for name in [
            "Washington Times",
            "Wash. Post",
            "New York Post",
            "Financial Post",
            "Financial Times",
            "The Times (London)",
            "N.Y. Times",
            "Sunday Times",
        ] {
            assert!(reg().near_miss(name).is_none(), "{name}");
        }
    }

    #[test]
    fn distant_or_short_names_are_not_near_misses() {
        for name in [
            "Wash.",
            "Post",
            "Times",
            "Tme",
            "Denver Gazette",
            "Some Blog",
            "",
        ] {
            assert!(reg().near_miss(name).is_none(), "{name}");
        }
    }

    #[test]
    fn real_local_papers_are_not_near_misses() {
        // Names from the Local News Dataset (yinleon/LocalNewsDataset, MIT).
        for name in [
            "Casper Star Tribune",
            "Catskill Daily Mail",
            "Wabash Plain Dealer",
            "Washington Times-Reporter",
            "Daily News",
            "Free Press",
            "Sun-Times",
            "Daily Telegram",
            "Telegram",
            "Republic",
            "The Republican",
        ] {
            assert!(reg().near_miss(name).is_none(), "{name}");
        }
    }

    #[test]
    fn truncated_names_list_the_outlets_they_may_stand_for() {
        let ids: Vec<&str> = reg()
            .truncation_candidates("Wash.")
            .iter()
            .map(|o| o.id.as_str())
            .collect();
        assert!(ids.contains(&"washington-post"), "{ids:?}");
        assert!(ids.contains(&"washington-times"), "{ids:?}");
        assert!(!ids.contains(&"new-york-times"));
        assert!(reg().truncation_candidates("Wash. Post").is_empty());
        assert!(reg().truncation_candidates("Zzyzx").is_empty());
    }
}
