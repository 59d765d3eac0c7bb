//! Which outlet every cited outlet name stands for, and how we know.
//!
//! Known spellings resolve directly; near-misses count for the outlet they are close to;
//! a cut-short name (`Wash.`) counts for the candidate the same document (or, failing
//! that, the run) cites elsewhere.

use super::near_miss::NearMiss;
use super::registry::{Outlet, Registry};
use crate::model::{CitationKind, Extraction, Span};
use foldhash::{HashMap, HashMapExt};

/// How a written outlet name was matched.
#[derive(Debug, Clone, PartialEq)]
pub enum MatchKind<'r> {
    /// One of the outlet's known spellings.
    Exact,
    /// Close to a known spelling.
    NearMiss(NearMiss<'r>),
    /// Cut short; `candidates` are every outlet it may stand for.
    Truncated { candidates: Vec<&'r Outlet> },
    /// Not in the registry.
    Unknown,
}

/// One citation's outlet.
#[derive(Debug, Clone, PartialEq)]
pub struct InferredOutlet<'r> {
    /// Index of the document in the run.
    pub document: usize,
    /// Index of the footnote in its document.
    pub footnote: usize,
    /// Index of the citation in its footnote.
    pub citation: usize,
    /// The footnote's number, if it has one.
    pub note: Option<u32>,
    /// The outlet as written, whitespace collapsed.
    pub as_written: String,
    /// Where the outlet is written.
    pub span: Span,
    /// The outlet it stands for, when known.
    pub outlet: Option<&'r Outlet>,
    pub how: MatchKind<'r>,
}

/// How often one spelling was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpellingCount {
    pub spelling: String,
    pub count: usize,
}

/// All the spellings used for one outlet (or one unknown name).
#[derive(Debug, Clone, PartialEq)]
pub struct OutletUsage<'r> {
    /// `None` for an unknown name (then `spellings` has that one name).
    pub outlet: Option<&'r Outlet>,
    /// Most used first; ties in order of first use.
    pub spellings: Vec<SpellingCount>,
}

impl OutletUsage<'_> {
    pub fn total(&self) -> usize {
        self.spellings.iter().map(|s| s.count).sum()
    }
}

/// The outlets of every citation of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inference<'r> {
    /// In document, footnote, citation order (`in_document` and `usage` find a
    /// document's items by binary search on that order).
    pub items: Vec<InferredOutlet<'r>>,
}

/// Collapse runs of whitespace (`N.Y.\n\nTimes` → `N.Y. Times`).
pub fn collapse_whitespace(s: &str) -> String {
    // Most names are printable ASCII with single inner spaces: nothing to collapse.
    // (Only printable characters count: a control character may be whitespace.)
    let mut after_space = true;
    let plain = s.bytes().all(|c| {
        let space = c == b' ';
        let ok = if space {
            !after_space
        } else {
            c.is_ascii_graphic()
        };
        after_space = space;
        ok
    });
    if plain && (!after_space || s.is_empty()) {
        return s.to_string();
    }
    crate::parse::collapse(s)
}

/// Infer the outlet of every citation that names one.
pub fn infer_outlets<'r>(extractions: &[Extraction], reg: &'r Registry) -> Inference<'r> {
    let mut items = infer_unresolved(extractions, reg);
    resolve_truncations(&mut items, None);
    Inference { items }
}

/// [`infer_outlets`] over some documents of a larger run: a cut-short name its document
/// does not settle resolves from the whole run's citations (`run`), as if the run's
/// documents had been inferred together.
pub fn infer_outlets_in_run<'r>(
    extractions: &[Extraction],
    reg: &'r Registry,
    run: &RunOutlets<'r>,
) -> Inference<'r> {
    let mut items = infer_unresolved(extractions, reg);
    resolve_truncations(&mut items, Some(&run.counts));
    Inference { items }
}

/// Every citation's outlet, cut-short names not yet resolved to a candidate.
fn infer_unresolved<'r>(extractions: &[Extraction], reg: &'r Registry) -> Vec<InferredOutlet<'r>> {
    let mut items = Vec::new();
    // A run writes the same few outlet names again and again: what a name resolves to,
    // and what it is close to when it resolves to nothing, depend only on the name.
    let mut resolved: HashMap<String, Option<&'r Outlet>> = HashMap::new();
    let mut unresolved: HashMap<String, (Option<&'r Outlet>, MatchKind<'r>)> = HashMap::new();
    for (d, ex) in extractions.iter().enumerate() {
        for (f, note) in ex.footnotes.iter().enumerate() {
            for (c, cit) in note.citations.iter().enumerate() {
                let Some(field) = &cit.outlet else { continue };
                // A case's reporter (`U.S.`, `F.3d`) or a statute's code is its container,
                // no outlet spelling to check against the registry.
                if matches!(cit.kind, CitationKind::Case | CitationKind::Statute) {
                    continue;
                }
                let as_written = collapse_whitespace(&field.as_written);
                // An outlet read off the URL's host is no spelling of the outlet.
                if as_written.is_empty()
                    || super::from_url::is_url_host(&as_written, cit.url.as_deref())
                {
                    continue;
                }
                let known = match resolved.get(&as_written) {
                    Some(&known) => known,
                    None => {
                        let known = reg.resolve(&as_written);
                        resolved.insert(as_written.clone(), known);
                        known
                    }
                };
                let (outlet, how) =
                    if let Some(o) = known {
                        (Some(o), MatchKind::Exact)
                    } else if let Some(o) = cit.url.as_deref().and_then(|u| {
                        super::from_url::qualified_by_url_unresolved(reg, &as_written, u)
                    }) {
                        (Some(o), MatchKind::Exact)
                    } else if let Some(found) = unresolved.get(&as_written) {
                        found.clone()
                    } else {
                        let found = if let Some(nm) = reg.near_miss(&as_written) {
                            (Some(nm.outlet), MatchKind::NearMiss(nm))
                        } else {
                            let candidates = reg.truncation_candidates(&as_written);
                            if candidates.is_empty() {
                                (None, MatchKind::Unknown)
                            } else {
                                (None, MatchKind::Truncated { candidates })
                            }
                        };
                        unresolved.insert(as_written.clone(), found.clone());
                        found
                    };
                items.push(InferredOutlet {
                    document: d,
                    footnote: f,
                    citation: c,
                    note: note.number,
                    as_written,
                    span: field.span,
                    outlet,
                    how,
                });
            }
        }
    }
    items
}

/// Citations per outlet id, cut-short names left out: what resolves a cut-short name.
type OutletCounts<'a> = HashMap<&'a str, usize>;

/// Count the citations of `items` per outlet, cut-short names left out, per document
/// (`(document, id)`) and over all items.
fn count_outlets<'a>(
    items: &'a [InferredOutlet<'_>],
) -> (HashMap<(usize, &'a str), usize>, OutletCounts<'a>) {
    let mut per_doc: HashMap<(usize, &str), usize> = HashMap::new();
    let mut per_run: HashMap<&str, usize> = HashMap::new();
    for it in items.iter() {
        if let (Some(o), false) = (it.outlet, matches!(it.how, MatchKind::Truncated { .. })) {
            *per_doc.entry((it.document, o.id.as_str())).or_default() += 1;
            *per_run.entry(o.id.as_str()).or_default() += 1;
        }
    }
    (per_doc, per_run)
}

/// Pick the candidate a truncated name stands for: the one its document cites (most),
/// else the one the run cites (most: `run`, or else `items` are the run), else the only
/// candidate.
fn resolve_truncations(items: &mut [InferredOutlet<'_>], run: Option<&OutletCounts<'_>>) {
    let (per_doc, items_counts) = count_outlets(items);
    let per_run = run.unwrap_or(&items_counts);
    let mut picks = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let MatchKind::Truncated { candidates } = &it.how else {
            continue;
        };
        let pick = most_cited(candidates, |id| {
            per_doc.get(&(it.document, id)).copied().unwrap_or(0)
        })
        .or_else(|| most_cited(candidates, |id| per_run.get(id).copied().unwrap_or(0)))
        .or(match candidates.as_slice() {
            [only] => Some(*only),
            _ => None,
        });
        picks.push((i, pick));
    }
    for (i, pick) in picks {
        items[i].outlet = pick;
    }
}

/// What a run's outlet names add up to, gathered one batch of documents at a time so
/// that no batch needs another's citations: citations per outlet (which resolve a
/// cut-short name its own document does not settle) and the spellings used per outlet
/// across the run ([`Inference::usage`] of the whole run).
#[derive(Debug, Default)]
pub struct RunOutlets<'r> {
    /// Citations per outlet id, cut-short names left out.
    counts: HashMap<&'r str, usize>,
    /// An outlet by its id, an unknown name by its spelling: its spellings.
    groups: HashMap<(bool, String), RunGroup<'r>>,
    /// Cut-short names their document does not settle, per document and spelling: they
    /// resolve once the whole run is counted.
    pending: Vec<Pending<'r>>,
    /// Outlet names seen so far: the position of the next in the run.
    seen: usize,
}

#[derive(Debug)]
struct RunGroup<'r> {
    outlet: Option<&'r Outlet>,
    first: usize,
    /// spelling → (count, position of first use)
    spellings: HashMap<String, (usize, usize)>,
}

#[derive(Debug)]
struct Pending<'r> {
    first: usize,
    count: usize,
    as_written: String,
    candidates: Vec<&'r Outlet>,
}

impl<'r> RunOutlets<'r> {
    /// Add the next documents of the run, in order.
    pub fn add(&mut self, extractions: &[Extraction], reg: &'r Registry) {
        let items = infer_unresolved(extractions, reg);
        let (per_doc, _) = count_outlets(&items);
        // (document, spelling) → index into `pending`
        let mut pending_at: HashMap<(usize, &str), usize> = HashMap::new();
        for it in &items {
            let at = self.seen;
            self.seen += 1;
            if let MatchKind::Truncated { candidates } = &it.how {
                let pick = most_cited(candidates, |id| {
                    per_doc.get(&(it.document, id)).copied().unwrap_or(0)
                });
                if pick.is_none() {
                    let key = (it.document, it.as_written.as_str());
                    match pending_at.get(&key) {
                        Some(&p) => self.pending[p].count += 1,
                        None => {
                            pending_at.insert(key, self.pending.len());
                            self.pending.push(Pending {
                                first: at,
                                count: 1,
                                as_written: it.as_written.clone(),
                                candidates: candidates.clone(),
                            });
                        }
                    }
                    continue;
                }
                self.note(pick, &it.as_written, at, 1);
            } else {
                if let Some(o) = it.outlet {
                    *self.counts.entry(o.id.as_str()).or_default() += 1;
                }
                self.note(it.outlet, &it.as_written, at, 1);
            }
        }
    }

    /// `count` uses of `as_written` for `outlet`, the first at position `at`.
    fn note(&mut self, outlet: Option<&'r Outlet>, as_written: &str, at: usize, count: usize) {
        let key = match outlet {
            Some(o) => (true, o.id.clone()),
            None => (false, as_written.to_string()),
        };
        let group = self.groups.entry(key).or_insert_with(|| RunGroup {
            outlet,
            first: at,
            spellings: HashMap::new(),
        });
        group.first = group.first.min(at);
        match group.spellings.get_mut(as_written) {
            Some((n, first)) => {
                *n += count;
                *first = (*first).min(at);
            }
            None => {
                group.spellings.insert(as_written.to_string(), (count, at));
            }
        }
    }

    /// Resolve the cut-short names left and sum up the run: the counts that resolve a
    /// cut-short name, and the spellings per outlet across the run.
    pub fn finish(mut self) -> (RunOutlets<'r>, Vec<OutletUsage<'r>>) {
        for p in std::mem::take(&mut self.pending) {
            let pick = most_cited(&p.candidates, |id| {
                self.counts.get(id).copied().unwrap_or(0)
            })
            .or(match p.candidates.as_slice() {
                [only] => Some(*only),
                _ => None,
            });
            self.note(pick, &p.as_written, p.first, p.count);
        }
        let mut groups: Vec<RunGroup<'r>> =
            std::mem::take(&mut self.groups).into_values().collect();
        groups.sort_by_key(|g| g.first);
        let usage = groups
            .into_iter()
            .map(|g| {
                let mut spellings: Vec<(String, (usize, usize))> =
                    g.spellings.into_iter().collect();
                // first use, then most used first: ties keep first-use order
                spellings.sort_by_key(|(_, (count, first))| (std::cmp::Reverse(*count), *first));
                OutletUsage {
                    outlet: g.outlet,
                    spellings: spellings
                        .into_iter()
                        .map(|(spelling, (count, _))| SpellingCount { spelling, count })
                        .collect(),
                }
            })
            .collect();
        (self, usage)
    }
}

/// The candidate with the highest non-zero count, if it is unique.
fn most_cited<'r>(candidates: &[&'r Outlet], count: impl Fn(&str) -> usize) -> Option<&'r Outlet> {
    let mut best: Option<(&'r Outlet, usize)> = None;
    let mut tie = false;
    for &c in candidates {
        let n = count(&c.id);
        if n == 0 {
            continue;
        }
        match best {
            Some((_, m)) if m > n => {}
            Some((_, m)) if m == n => tie = true,
            _ => {
                best = Some((c, n));
                tie = false;
            }
        }
    }
    if tie {
        None
    } else {
        best.map(|(o, _)| o)
    }
}

impl<'r> Inference<'r> {
    /// Items of one document.
    pub fn in_document(&self, document: usize) -> impl Iterator<Item = &InferredOutlet<'r>> {
        self.of_document(document).iter()
    }

    /// The items of one document: a binary search, as `items` are in document order (a
    /// filter over the whole run for every document made `ibid check --db` over 10,000
    /// documents quadratic: more than ten minutes in this function alone).
    fn of_document(&self, document: usize) -> &[InferredOutlet<'r>] {
        let start = self.items.partition_point(|i| i.document < document);
        let end = start + self.items[start..].partition_point(|i| i.document == document);
        &self.items[start..end]
    }

    /// The spellings used per outlet, in one document (`Some(idx)`) or the whole run.
    /// Outlets in order of first use; unknown names grouped by their exact spelling.
    pub fn usage(&self, document: Option<usize>) -> Vec<OutletUsage<'r>> {
        let mut groups: Vec<OutletUsage<'r>> = Vec::new();
        // An outlet by its id, an unknown name by its spelling.
        let mut index: HashMap<(bool, &str), usize> = HashMap::new();
        let items = match document {
            Some(d) => self.of_document(d),
            None => &self.items[..],
        };
        for it in items {
            let group_key = match it.outlet {
                Some(o) => (true, o.id.as_str()),
                None => (false, it.as_written.as_str()),
            };
            let g = *index.entry(group_key).or_insert_with(|| {
                groups.push(OutletUsage {
                    outlet: it.outlet,
                    spellings: Vec::new(),
                });
                groups.len() - 1
            });
            let spellings = &mut groups[g].spellings;
            match spellings.iter_mut().find(|s| s.spelling == it.as_written) {
                Some(s) => s.count += 1,
                None => spellings.push(SpellingCount {
                    spelling: it.as_written.clone(),
                    count: 1,
                }),
            }
        }
        for g in &mut groups {
            // Stable: ties keep first-use order.
            g.spellings.sort_by_key(|s| std::cmp::Reverse(s.count));
        }
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A match kind as a short label, for compact assertions.
    fn how(kind: &MatchKind) -> &'static str {
        match kind {
            MatchKind::Exact => "exact",
            MatchKind::NearMiss(_) => "near-miss",
            MatchKind::Truncated { .. } => "truncated",
            MatchKind::Unknown => "unknown",
        }
    }
    use crate::outlets::test_support::{extraction, note};

    #[test]
    fn infers_exact_near_miss_truncated_and_unknown() {
        let ex = extraction(vec![
            note(58, &["N.Y.\n\nTimes", "Wash. Swiss Post", "CNN"]),
            note(49, &["Washington Post", "Wash.", "Kabul Weekly Gazette"]),
        ]);
        let reg = Registry::builtin();
        let inf = infer_outlets(std::slice::from_ref(&ex), reg);
        let got: Vec<(&str, Option<&str>, &str)> = inf
            .items
            .iter()
            .map(|i| {
                let how = how(&i.how);
                (i.as_written.as_str(), i.outlet.map(|o| o.id.as_str()), how)
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("N.Y. Times", Some("new-york-times"), "exact"),
                ("Wash. Swiss Post", Some("washington-post"), "near-miss"),
                ("CNN", Some("cnn"), "exact"),
                ("Washington Post", Some("washington-post"), "exact"),
                ("Wash.", Some("washington-post"), "truncated"),
                ("Kabul Weekly Gazette", None, "unknown"),
            ]
        );
        assert_eq!(inf.items[4].note, Some(49));
    }

    #[test]
    fn a_name_written_again_is_inferred_again_with_its_own_url() {
        let mut ex = extraction(vec![note(
            1,
            &[
                "The Star",
                "The Star",
                "The Star",
                "Washingon Post",
                "Washingon Post",
            ],
        )]);
        let urls = [
            Some("https://www.thestar.com.my/news/a"),
            Some("https://www.nytimes.com/b"),
            Some("https://www.thestar.com.my/news/c"),
            None,
            Some("https://www.washingtonpost.com/d"),
        ];
        for (c, url) in ex.footnotes[0].citations.iter_mut().zip(urls) {
            c.url = url.map(str::to_string);
        }
        let inf = infer_outlets(std::slice::from_ref(&ex), Registry::builtin());
        let got: Vec<(Option<&str>, &str)> = inf
            .items
            .iter()
            .map(|i| {
                let how = how(&i.how);
                (i.outlet.map(|o| o.id.as_str()), how)
            })
            .collect();
        assert_eq!(got[0], (Some("the-star-malaysia"), "exact"));
        // The same name on another site is not known by its URL (only guessed from the
        // paper this document cites).
        assert_ne!(got[1].1, "exact");
        assert_eq!(got[2], (Some("the-star-malaysia"), "exact"));
        assert_eq!(got[3], (Some("washington-post"), "near-miss"));
        assert_eq!(got[4], got[3]);
    }

    proptest::proptest! {
        /// The shortcut for names already collapsed gives what the general path gives
        /// (vertical tab and no-break space are whitespace too).
        #[test]
        fn collapse_whitespace_is_split_and_join(s in "[ -~\\t\\n\\x0b\\x0c\\r\u{a0}é]{0,30}") {
            proptest::prop_assert_eq!(
                collapse_whitespace(&s),
                s.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
    }

    #[test]
    fn a_truncation_with_no_context_stays_unresolved() {
        let ex = extraction(vec![note(1, &["Wash."])]);
        let inf = infer_outlets(std::slice::from_ref(&ex), Registry::builtin());
        assert_eq!(inf.items[0].outlet, None);
        assert!(matches!(inf.items[0].how, MatchKind::Truncated { .. }));
    }

    #[test]
    fn a_document_sees_only_its_own_items() {
        let mut first = extraction(vec![note(1, &["N.Y. Times"])]);
        first.document.path = "a.txt".into();
        let mut empty = extraction(vec![]);
        empty.document.path = "b.txt".into();
        let mut third = extraction(vec![note(1, &["Wash. Post", "Wash. Post"])]);
        third.document.path = "c.txt".into();
        let inf = infer_outlets(&[first, empty, third], Registry::builtin());
        assert_eq!(inf.in_document(0).count(), 1);
        assert_eq!(inf.in_document(1).count(), 0);
        assert_eq!(inf.in_document(3).count(), 0);
        assert!(inf.in_document(2).all(|i| i.document == 2));
        let usage = inf.usage(Some(2));
        assert_eq!(usage.len(), 1);
        assert_eq!(usage[0].spellings[0].spelling, "Wash. Post");
        assert_eq!(usage[0].total(), 2);
        assert!(inf.usage(Some(1)).is_empty());
        assert_eq!(inf.usage(None).len(), 2);
    }

    #[test]
    fn usage_counts_spellings_per_outlet() {
        let ex = extraction(vec![
            note(1, &["N.Y. Times", "Wash. Post"]),
            note(2, &["N.Y.\nTimes", "Washington Post", "Wash. Post"]),
        ]);
        let inf = infer_outlets(std::slice::from_ref(&ex), Registry::builtin());
        let usage = inf.usage(Some(0));
        assert_eq!(usage.len(), 2);
        assert_eq!(
            usage[0].outlet.map(|o| o.id.as_str()),
            Some("new-york-times")
        );
        assert_eq!(
            usage[0].spellings,
            vec![SpellingCount {
                spelling: "N.Y. Times".into(),
                count: 2
            }]
        );
        assert_eq!(usage[1].total(), 3);
        assert_eq!(usage[1].spellings[0].spelling, "Wash. Post");
        assert_eq!(usage[1].spellings[0].count, 2);
    }
}
