//! Pairing a document's stored ledger entries with its current citations.
//!
//! 1. **Same**: equal fingerprints. Identical citations (the same work cited in two notes)
//!    pair in document order, so renumbering, inserted or deleted notes and reordering
//!    inside a string cite never change a status.
//! 2. **Restored**: a new citation equal to one removed in an earlier revision takes its
//!    entry (and status) back.
//! 3. **Changed**: the remaining old and new citations are paired by similarity — equal
//!    fields (title, URL, authors weigh most), shared words of the text, same place — best
//!    pairs first; a pair needs a shared title, URL, author list, target or most of its
//!    words. A changed citation returns to `unchecked`.
//! 4. Old citations left over are **removed**; new ones are **added**.
//!
//! Every tie is broken by document order, so the result never depends on hash order.

use super::{Content, Located};
use std::collections::{BTreeSet, HashMap};

/// A stored ledger entry: where the citation was last seen, and whether it still was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub located: Located,
    /// False for a citation that disappeared in an earlier revision.
    pub present: bool,
}

/// How old entries (indexes into the `old` slice) and new citations (indexes into `new`)
/// were paired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matching {
    /// Same content, present before: `(old, new)`.
    pub same: Vec<(usize, usize)>,
    /// Same content as an entry removed earlier: `(old, new)`.
    pub restored: Vec<(usize, usize)>,
    /// Content changed: `(old, new)`.
    pub changed: Vec<(usize, usize)>,
    /// Present before, gone now.
    pub removed: Vec<usize>,
    /// New citations with no entry.
    pub added: Vec<usize>,
}

/// Pair `old` entries with the `new` citations of one document (see the module docs).
pub fn pair(old: &[Stored], new: &[Located]) -> Matching {
    let mut m = Matching::default();
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    let order = |l: &Located| (l.footnote_ordinal, l.citation_index);

    // 1 and 2: exact fingerprints, present entries first, then removed ones.
    let mut by_fp: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, n) in new.iter().enumerate() {
        by_fp.entry(n.fingerprint()).or_default().push(i);
    }
    for present in [true, false] {
        let mut olds: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, o) in old.iter().enumerate() {
            if o.present == present {
                olds.entry(o.located.fingerprint()).or_default().push(i);
            }
        }
        let mut fps: Vec<&String> = olds.keys().collect();
        fps.sort();
        for fp in fps {
            let Some(news) = by_fp.get(fp) else { continue };
            let mut os = olds.get(fp).cloned().unwrap_or_default();
            if present {
                os.sort_by_key(|&i| (order(&old[i].located), i));
            }
            let free_new: Vec<usize> = news.iter().copied().filter(|&j| !new_used[j]).collect();
            for (o, n) in os.into_iter().zip(free_new) {
                old_used[o] = true;
                new_used[n] = true;
                if present {
                    m.same.push((o, n));
                } else {
                    m.restored.push((o, n));
                }
            }
        }
    }

    // 3: similarity among what is left.
    let left_old: Vec<usize> = (0..old.len())
        .filter(|&i| old[i].present && !old_used[i])
        .collect();
    let left_new: Vec<usize> = (0..new.len()).filter(|&j| !new_used[j]).collect();
    let words_new: Vec<BTreeSet<String>> = left_new.iter().map(|&j| words(&new[j])).collect();
    let mut candidates: Vec<(u32, usize, usize)> = Vec::new();
    for &o in &left_old {
        let wo = words(&old[o].located);
        for (k, &n) in left_new.iter().enumerate() {
            if let Some(score) = similarity(&old[o].located, &wo, &new[n], &words_new[k]) {
                candidates.push((score, o, n));
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| order(&old[a.1].located).cmp(&order(&old[b.1].located)))
            .then_with(|| order(&new[a.2]).cmp(&order(&new[b.2])))
    });
    for (_, o, n) in candidates {
        if !old_used[o] && !new_used[n] {
            old_used[o] = true;
            new_used[n] = true;
            m.changed.push((o, n));
        }
    }

    // 4: leftovers.
    m.removed = left_old.into_iter().filter(|&i| !old_used[i]).collect();
    m.added = (0..new.len()).filter(|&j| !new_used[j]).collect();
    m.same.sort_by_key(|&(_, n)| n);
    m.restored.sort_by_key(|&(_, n)| n);
    m.changed.sort_by_key(|&(_, n)| n);
    m
}

/// The normalized words of a citation's text.
fn words(l: &Located) -> BTreeSet<String> {
    crate::export::works::normalize(&l.text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// How alike two citations are (higher is more alike), or `None` when they share too
/// little to be two versions of one citation.
fn similarity(
    old: &Located,
    old_words: &BTreeSet<String>,
    new: &Located,
    new_words: &BTreeSet<String>,
) -> Option<u32> {
    let same = |c: &Content, d: &Content, name: &str| match (c.get(name), d.get(name)) {
        (Some(a), Some(b)) => a.key == b.key,
        _ => false,
    };
    let (a, b) = (&old.content, &new.content);
    let mut score = 0u32;
    let mut anchored = false;
    for (name, weight, anchor) in [
        ("title", 400, true),
        ("url", 400, true),
        ("authors", 300, true),
        ("refers to", 300, true),
        ("text", 300, true),
        ("outlet", 100, false),
        ("date", 100, false),
        ("pinpoint", 100, false),
        ("short form", 100, false),
    ] {
        if same(a, b, name) {
            score += weight;
            anchored |= anchor;
        }
    }
    let union = old_words.union(new_words).count();
    let shared = old_words.intersection(new_words).count();
    let jaccard = (shared * 400)
        .checked_div(union)
        .map_or(0, |j| u32::try_from(j).unwrap_or(400));
    score += jaccard;
    if jaccard >= 200 {
        anchored = true;
    }
    if old.footnote_label == new.footnote_label && old.citation_index == new.citation_index {
        score += 50;
    }
    anchored.then_some(score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{Content, Field};
    use proptest::prelude::*;

    fn field(name: &str, v: &str) -> Field {
        Field {
            name: name.to_string(),
            display: v.to_string(),
            key: crate::export::works::normalize(v),
        }
    }

    /// A citation with a title, an author and a date at footnote `note`, position `i`.
    fn cite(note: usize, i: usize, title: &str, author: &str, date: &str) -> Located {
        Located {
            footnote_ordinal: note,
            footnote_number: u32::try_from(note + 1).ok(),
            footnote_label: (note + 1).to_string(),
            citation_index: i,
            text: format!("{author}, {title} ({date})"),
            content: Content {
                fields: vec![
                    field("authors", author),
                    field("title", title),
                    field("date", date),
                ],
            },
        }
    }

    fn stored(v: &[Located]) -> Vec<Stored> {
        v.iter()
            .map(|l| Stored {
                located: l.clone(),
                present: true,
            })
            .collect()
    }

    #[test]
    fn a_changed_date_pairs_with_its_old_version() {
        let old = stored(&[
            cite(0, 0, "Deal signed", "Mashal", "2020-02-29"),
            cite(1, 0, "Casualties rise", "George", "2020-05-19"),
        ]);
        let new = vec![
            cite(0, 0, "Deal signed", "Mashal", "2020-02-29"),
            cite(1, 0, "Casualties rise", "George", "2020-05-20"),
            cite(2, 0, "Something else", "Gearan", "2020-03-03"),
        ];
        let m = pair(&old, &new);
        assert_eq!(m.same, [(0, 0)]);
        assert_eq!(m.changed, [(1, 1)]);
        assert_eq!(m.added, [2]);
        assert!(m.removed.is_empty());
    }

    #[test]
    fn unrelated_citations_are_removed_and_added_not_paired() {
        let old = stored(&[cite(0, 0, "Deal signed", "Mashal", "2020-02-29")]);
        let new = vec![cite(0, 0, "Casualties rise", "George", "2020-05-19")];
        let m = pair(&old, &new);
        assert!(m.changed.is_empty());
        assert_eq!(m.removed, [0]);
        assert_eq!(m.added, [0]);
    }

    #[test]
    fn a_removed_citation_that_returns_is_restored() {
        let mut old = stored(&[cite(0, 0, "Deal signed", "Mashal", "2020-02-29")]);
        old[0].present = false;
        let new = vec![cite(3, 1, "Deal signed", "Mashal", "2020-02-29")];
        let m = pair(&old, &new);
        assert_eq!(m.restored, [(0, 0)]);
        assert!(m.added.is_empty());
    }

    #[test]
    fn duplicates_pair_in_document_order() {
        let old = stored(&[
            cite(0, 0, "Deal signed", "Mashal", "2020-02-29"),
            cite(4, 0, "Deal signed", "Mashal", "2020-02-29"),
        ]);
        let new = vec![
            cite(1, 0, "Deal signed", "Mashal", "2020-02-29"),
            cite(5, 0, "Deal signed", "Mashal", "2020-02-29"),
        ];
        let m = pair(&old, &new);
        assert_eq!(m.same, [(0, 0), (1, 1)]);
    }

    fn corpus() -> Vec<Located> {
        let titles = [
            "Deal signed",
            "Casualties rise",
            "Talks resume",
            "Phone call",
            "Strikes follow",
            "Deal signed",
        ];
        titles
            .iter()
            .enumerate()
            .map(|(i, t)| cite(i, 0, t, &format!("Author{}", i % 5), "2020-01-01"))
            .collect()
    }

    proptest! {
        /// Any permutation and renumbering of unchanged citations pairs every one with
        /// itself (so every status survives); duplicates keep their relative order.
        #[test]
        fn permutations_and_renumbering_keep_every_entry(
            perm in Just((0..6usize).collect::<Vec<_>>()).prop_shuffle(),
            offsets in proptest::collection::vec(0usize..3, 6),
        ) {
            let base = corpus();
            let old = stored(&base);
            let mut note = 0;
            let new: Vec<Located> = perm
                .iter()
                .zip(&offsets)
                .map(|(&p, &gap)| {
                    note += gap + 1;
                    let mut l = base[p].clone();
                    l.footnote_ordinal = note;
                    l.footnote_number = u32::try_from(note + 1).ok();
                    l.footnote_label = (note + 1).to_string();
                    l
                })
                .collect();
            let m = pair(&old, &new);
            prop_assert!(m.changed.is_empty() && m.removed.is_empty() && m.added.is_empty());
            prop_assert_eq!(m.same.len(), 6);
            for (o, n) in &m.same {
                prop_assert_eq!(old[*o].located.fingerprint(), new[*n].fingerprint());
            }
            // The two identical citations (0 and 5 in `base`) pair in document order.
            let dup: Vec<(usize, usize)> = m.same.iter().copied().filter(|(o, _)| *o == 0 || *o == 5).collect();
            prop_assert_eq!(dup.len(), 2);
            prop_assert!(dup[0].0 == 0 && dup[1].0 == 5, "{:?}", dup);
            prop_assert!(dup[0].1 < dup[1].1);
        }

        /// Inserting unrelated citations and editing one field of another never loses an
        /// unchanged citation's entry, and the edited one is paired as changed.
        #[test]
        fn insertions_and_one_edit(at in 0usize..6, edited in 0usize..6) {
            let base = corpus();
            let old = stored(&base);
            let mut new = base.clone();
            new[edited].content.fields[2] = field("date", "2021-07-07");
            new[edited].text = new[edited].text.replace("2020-01-01", "2021-07-07");
            new.insert(at, cite(9, 0, "Entirely different piece", "Nobody", "1999-01-01"));
            let m = pair(&old, &new);
            prop_assert_eq!(m.same.len(), 5);
            prop_assert_eq!(m.changed.len(), 1);
            prop_assert_eq!(m.added.len(), 1);
            prop_assert!(m.removed.is_empty());
            // The edited citation's old version (its identical twin, for the duplicate).
            let (o, _) = m.changed[0];
            prop_assert_eq!(&old[o].located.text, &base[edited].text);
        }
    }
}
