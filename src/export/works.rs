//! Group a run's citations into works: one bibliography entry per cited work.
//!
//! Two citations are the same work when their normalized title, outlet (registry id, or the
//! outlet as written) and date agree; the comparison ignores case, accents, punctuation and
//! spacing. Short forms (`Id.`, `supra`) never create a work, and a citation without a title
//! only creates one when it has a URL (which then identifies it).

use crate::model::{Citation, CitationKind, DateField, Extraction, Footnote, OutletField, Person};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::borrow::Cow;
use std::collections::BTreeSet;
use unicode_normalization::UnicodeNormalization;

/// Where a work is cited: one (document, footnote, citation) triple.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The document's path as the user gave it.
    pub document: String,
    /// The footnote's number, `None` for a non-numeric marker.
    pub footnote: Option<u32>,
    /// The footnote's marker as printed.
    pub footnote_label: String,
    /// Position of the document in the run.
    pub document_index: usize,
    /// Position of the footnote in its document's footnote list.
    pub footnote_index: usize,
    /// Index of the citation within its footnote.
    pub citation: usize,
}

/// One cited work, with the fields of its first full citation and every place it is cited.
#[derive(Debug, Clone)]
pub struct Work {
    pub kind: CitationKind,
    pub authors: Vec<Person>,
    pub title: Option<String>,
    pub outlet: Option<OutletField>,
    pub date: Option<DateField>,
    pub url: Option<String>,
    /// The identity the grouping used (normalized title, outlet and date); stable across runs.
    pub identity: String,
    pub occurrences: Vec<Occurrence>,
    /// Set when another work has the same title and outlet but a different date or
    /// different authors (IB305): the message exports carry as a note.
    pub conflict: Option<String>,
}

impl Work {
    /// The outlet's canonical name when the registry knows it, else as written.
    pub fn outlet_name(&self) -> Option<&str> {
        self.outlet
            .as_ref()
            .map(|o| o.name.as_deref().unwrap_or(o.as_written.as_str()))
    }

    /// The year, when the date has one.
    pub fn year(&self) -> Option<i32> {
        self.date.as_ref().and_then(|d| d.year)
    }

    fn from_citation(citation: &Citation, identity: String) -> Self {
        Work {
            kind: citation.kind,
            authors: citation.authors.clone(),
            title: citation.title.clone(),
            outlet: citation.outlet.clone(),
            date: citation.date.clone(),
            url: citation.url.clone(),
            identity,
            occurrences: Vec::new(),
            conflict: None,
        }
    }
}

/// How much a citation says about its work: the most complete citation of a work supplies
/// the entry's fields.
fn completeness(c: &Citation) -> u32 {
    let mut score = 0;
    score += u32::from(!c.authors.is_empty()) * 4;
    score += u32::from(c.title.is_some()) * 4;
    if let Some(o) = &c.outlet {
        score += 2 + u32::from(o.id.is_some());
    }
    if let Some(d) = &c.date {
        score += 1 + d.precision.map_or(0, |p| p as u32 + 1);
    }
    score += u32::from(c.url.is_some()) * 2;
    score += u32::from(c.kind != CitationKind::Other);
    score
}

/// Whether `a` should represent its work rather than `b`: the more complete one, and between
/// equally complete ones the smaller text (then authors, then URL), so the choice never
/// depends on reading order.
fn better(a: &Citation, b: &Citation) -> bool {
    use std::cmp::{Ordering, Reverse};
    let authors = |c: &Citation| c.authors.iter().map(Person::display).collect::<Vec<_>>();
    let order = completeness(a)
        .cmp(&completeness(b))
        .then_with(|| Reverse(&a.text).cmp(&Reverse(&b.text)))
        .then_with(|| Reverse(authors(a)).cmp(&Reverse(authors(b))))
        .then_with(|| Reverse(&a.url).cmp(&Reverse(&b.url)));
    order == Ordering::Greater
}

/// Group every full citation of `extractions` into works, in order of first citation.
///
/// A work's fields come from its most complete citation (ties: the smallest citation text),
/// so they, like the grouping, do not depend on the order documents are read in.
pub fn group_works(extractions: &[Extraction]) -> Vec<Work> {
    group_works_with_conflicts(extractions).0
}

/// [`group_works`] and the [`conflicts`] between the works (what IB305 reports), found
/// once.
pub fn group_works_with_conflicts(extractions: &[Extraction]) -> (Vec<Work>, Vec<Conflict>) {
    // Each citation's keys, once, in reading order (`None`: it makes no work).
    let keys: Vec<Option<Keys>> = extractions
        .iter()
        .flat_map(|e| &e.footnotes)
        .flat_map(|f| &f.citations)
        .map(keys)
        .collect();
    // Citations of one identity with different (non-empty) author lists are different
    // works; a citation without authors joins the first of them in sorted order.
    let mut signatures: HashMap<&str, BTreeSet<String>> = HashMap::new();
    for (citation, keys) in extractions
        .iter()
        .flat_map(|e| &e.footnotes)
        .flat_map(|f| &f.citations)
        .zip(&keys)
    {
        if let Some(keys) = keys {
            let entry = signatures.entry(keys.identity.as_str()).or_default();
            let sig = author_signature(&citation.authors);
            if !sig.is_empty() {
                entry.insert(sig);
            }
        }
    }
    let mut works: Vec<Work> = Vec::new();
    // Per work: its best citation so far, and that citation's keys.
    let mut best: Vec<(&Citation, &Keys)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut all_keys = keys.iter();
    for (document_index, extraction) in extractions.iter().enumerate() {
        for (footnote_index, footnote) in extraction.footnotes.iter().enumerate() {
            for (i, citation) in footnote.citations.iter().enumerate() {
                let Some(Some(keys)) = all_keys.next() else {
                    continue;
                };
                let base = &keys.identity;
                let identity = match signatures.get(base.as_str()).filter(|s| s.len() > 1) {
                    Some(sigs) => {
                        let own = author_signature(&citation.authors);
                        let sig = if own.is_empty() {
                            sigs.first().cloned().unwrap_or_default()
                        } else {
                            own
                        };
                        format!("{base}|authors:{sig}")
                    }
                    None => base.clone(),
                };
                let occurrence = Occurrence {
                    document: extraction.document.path.clone(),
                    document_index,
                    footnote: footnote.number,
                    footnote_label: footnote.label.clone(),
                    footnote_index,
                    citation: i,
                };
                let at = match index.get(&identity) {
                    Some(&at) => at,
                    None => {
                        index.insert(identity.clone(), works.len());
                        works.push(Work::from_citation(citation, identity));
                        best.push((citation, keys));
                        works.len() - 1
                    }
                };
                if let (Some(work), Some(current)) = (works.get_mut(at), best.get_mut(at)) {
                    if better(citation, current.0) {
                        *current = (citation, keys);
                        let identity = std::mem::take(&mut work.identity);
                        let occurrences = std::mem::take(&mut work.occurrences);
                        *work = Work::from_citation(citation, identity);
                        work.occurrences = occurrences;
                    }
                    work.occurrences.push(occurrence);
                }
            }
        }
    }
    // A work's fields are its best citation's, so its title and outlet key is that
    // citation's (what `title_outlet` would compute again from the work).
    let found = conflicts_between(
        &works,
        best.iter()
            .map(|(_, k)| k.title_outlet.as_deref())
            .collect(),
    );
    for conflict in &found {
        let what = conflict.what();
        for i in [conflict.first, conflict.second] {
            if let Some(w) = works.get_mut(i) {
                w.conflict = Some(format!(
                    "ibid IB305 conflicting-duplicate: the same title and outlet are also cited with {what}"
                ));
            }
        }
    }
    (works, found)
}

/// Whether two works of `extractions` may share a title and outlet, which every
/// [`Conflict`] needs: `false` when each title and outlet is cited with one identity only
/// (one date) and no identity with two author lists, so that a caller wanting only the
/// conflicts can skip grouping the works.
pub fn conflicts_possible(extractions: &[Extraction]) -> bool {
    // Every conflict needs a title and outlet cited twice; most runs cite each once.
    if !title_outlet_repeats(extractions) {
        return false;
    }
    // Title and outlet → the date it was first cited with (with the title and outlet, the
    // identity), its first citation, and the first non-empty author signature met.
    let mut first: HashMap<String, (Cow<'_, str>, &Citation, Option<String>)> = HashMap::new();
    for citation in extractions
        .iter()
        .flat_map(|e| &e.footnotes)
        .flat_map(|f| &f.citations)
    {
        if citation.short_form.is_some() {
            continue;
        }
        let Some(title_outlet) = title_outlet_key(citation) else {
            continue;
        };
        let date = date_key(citation);
        match first.get_mut(&title_outlet) {
            None => {
                first.insert(title_outlet, (date, citation, None));
            }
            Some((known, _, _)) if *known != date => return true,
            Some((_, earlier, signature)) => {
                // Signatures only once an identity is cited twice (two lists can differ).
                if signature.is_none() {
                    *signature = Some(author_signature(&earlier.authors));
                }
                let own = author_signature(&citation.authors);
                match signature {
                    Some(s) if s.is_empty() => *s = own,
                    Some(s) if !own.is_empty() && *s != own => return true,
                    _ => {}
                }
            }
        }
    }
    false
}

/// Whether two full citations of `extractions` may share a title and outlet key: `false`
/// when the keys' hashes are all different (then so are the keys). Each key is built in
/// one reused buffer and only its hash kept, so a run citing every work once allocates
/// nothing per citation.
fn title_outlet_repeats(extractions: &[Extraction]) -> bool {
    use std::hash::BuildHasher;
    let hasher = foldhash::fast::RandomState::default();
    let mut seen: HashSet<u64> = HashSet::new();
    let mut key = String::new();
    for citation in extractions
        .iter()
        .flat_map(|e| &e.footnotes)
        .flat_map(|f| &f.citations)
        .filter(|c| c.short_form.is_none())
    {
        key.clear();
        if push_title_outlet(citation, &mut key) && !seen.insert(hasher.hash_one(key.as_str())) {
            return true;
        }
    }
    false
}

/// Where a citation stands in a run: the indexes of its document, footnote (in its
/// document's list) and citation (in its footnote). Reading order is their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CitationAt {
    pub document: usize,
    pub footnote: usize,
    pub citation: usize,
}

impl CitationAt {
    /// The document, footnote and citation at this place of `extractions`.
    pub fn find<'e>(
        &self,
        extractions: &'e [Extraction],
    ) -> Option<(&'e Extraction, &'e Footnote, &'e Citation)> {
        let extraction = extractions.get(self.document)?;
        let footnote = extraction.footnotes.get(self.footnote)?;
        let citation = footnote.citations.get(self.citation)?;
        Some((extraction, footnote, citation))
    }
}

/// A run's citations by place, as [`conflicting_works_in`] reads them: every document's
/// extraction (`[Extraction]`), or only the citations that may conflict, gathered one
/// batch of documents at a time ([`CitationSubset`]).
pub trait CitationSites {
    /// The citation at `at`.
    fn citation(&self, at: CitationAt) -> Option<&Citation>;
    /// The number and label of the footnote of the citation at `at`.
    fn footnote(&self, at: CitationAt) -> Option<(Option<u32>, &str)>;
    /// The path of document `document`.
    fn path(&self, document: usize) -> Option<&str>;
    /// Call `f` with every full citation (no short form), in reading order.
    fn each_full(&self, f: &mut dyn FnMut(CitationAt, &Citation));
}

impl CitationSites for [Extraction] {
    fn citation(&self, at: CitationAt) -> Option<&Citation> {
        at.find(self).map(|(_, _, c)| c)
    }

    fn footnote(&self, at: CitationAt) -> Option<(Option<u32>, &str)> {
        at.find(self).map(|(_, f, _)| (f.number, f.label.as_str()))
    }

    fn path(&self, document: usize) -> Option<&str> {
        self.get(document).map(|e| e.document.path.as_str())
    }

    fn each_full(&self, f: &mut dyn FnMut(CitationAt, &Citation)) {
        for (d, e) in self.iter().enumerate() {
            for (n, note) in e.footnotes.iter().enumerate() {
                for (c, citation) in note.citations.iter().enumerate() {
                    if citation.short_form.is_none() {
                        let at = CitationAt {
                            document: d,
                            footnote: n,
                            citation: c,
                        };
                        f(at, citation);
                    }
                }
            }
        }
    }
}

/// The title and outlet keys ([`title_outlet_key`]) a run cites more than once, found
/// one batch of documents at a time: only citations with such a key may conflict. Keeps
/// hashes of the keys, not the keys (a collision merely keeps a few more citations).
#[derive(Debug, Default)]
pub struct RepeatedTitles {
    seen: HashSet<u64>,
    repeated: HashSet<u64>,
    key: String,
}

impl RepeatedTitles {
    fn hash(key: &str) -> u64 {
        use std::hash::BuildHasher;
        foldhash::fast::FixedState::default().hash_one(key)
    }

    /// Count the full citations of the next documents of the run.
    pub fn add(&mut self, extractions: &[Extraction]) {
        extractions.each_full(&mut |_, citation| {
            self.key.clear();
            if push_title_outlet(citation, &mut self.key) {
                let h = Self::hash(&self.key);
                if !self.seen.insert(h) {
                    self.repeated.insert(h);
                }
            }
        });
    }

    /// Done counting: forget the keys seen once.
    pub fn finish(&mut self) {
        self.seen = HashSet::new();
    }

    /// Whether no key repeats (then nothing conflicts).
    pub fn is_empty(&self) -> bool {
        self.repeated.is_empty()
    }

    /// Whether `citation` is a full citation whose key repeats (`key`: a buffer).
    pub fn repeats(&self, citation: &Citation, key: &mut String) -> bool {
        key.clear();
        citation.short_form.is_none()
            && push_title_outlet(citation, key)
            && self.repeated.contains(&Self::hash(key))
    }
}

/// Some citations of a run with their places: what [`conflicting_works_in`] needs of the
/// documents when they are not all in memory at once.
#[derive(Debug, Default)]
pub struct CitationSubset {
    /// In reading order.
    citations: Vec<(CitationAt, Option<u32>, String, Citation)>,
    /// The documents of those citations, in order.
    paths: Vec<(usize, String)>,
}

impl CitationSubset {
    /// Keep the citations of the next documents (the first of them is document `first`
    /// of the run) that `keep` says.
    pub fn add(
        &mut self,
        first: usize,
        extractions: &[Extraction],
        mut keep: impl FnMut(&Citation) -> bool,
    ) {
        extractions.each_full(&mut |at, citation| {
            if !keep(citation) {
                return;
            }
            let at = CitationAt {
                document: first + at.document,
                ..at
            };
            let Some(ex) = extractions.get(at.document - first) else {
                return;
            };
            let Some(note) = ex.footnotes.get(at.footnote) else {
                return;
            };
            if self.paths.last().is_none_or(|(d, _)| *d != at.document) {
                self.paths.push((at.document, ex.document.path.clone()));
            }
            self.citations
                .push((at, note.number, note.label.clone(), citation.clone()));
        });
    }

    fn entry(&self, at: CitationAt) -> Option<&(CitationAt, Option<u32>, String, Citation)> {
        let i = self
            .citations
            .binary_search_by_key(&at, |(a, ..)| *a)
            .ok()?;
        self.citations.get(i)
    }
}

impl CitationSites for CitationSubset {
    fn citation(&self, at: CitationAt) -> Option<&Citation> {
        self.entry(at).map(|(.., c)| c)
    }

    fn footnote(&self, at: CitationAt) -> Option<(Option<u32>, &str)> {
        self.entry(at).map(|(_, n, l, _)| (*n, l.as_str()))
    }

    fn path(&self, document: usize) -> Option<&str> {
        let i = self
            .paths
            .binary_search_by_key(&document, |(d, _)| *d)
            .ok()?;
        self.paths.get(i).map(|(_, p)| p.as_str())
    }

    fn each_full(&self, f: &mut dyn FnMut(CitationAt, &Citation)) {
        for (at, _, _, c) in &self.citations {
            f(*at, c);
        }
    }
}

/// A work as [`conflicting_works`] finds it: two places in the run instead of a [`Work`]'s
/// fields and occurrences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkSites {
    /// Its first citation (a [`Work`]'s first occurrence).
    pub first: CitationAt,
    /// The citation that supplies its fields (title, authors, date), as in [`Work`].
    pub best: CitationAt,
}

impl WorkSites {
    fn new(at: CitationAt) -> Self {
        WorkSites {
            first: at,
            best: at,
        }
    }

    /// The parts of one work found apart, as if found together: the first citation of
    /// both and the best of both (between equally good ones, the earlier, as reading in
    /// order picks).
    fn merge<S: CitationSites + ?Sized>(self, other: WorkSites, sites: &S) -> WorkSites {
        let citation = |at: CitationAt| sites.citation(at);
        let (early, late) = if self.best <= other.best {
            (self.best, other.best)
        } else {
            (other.best, self.best)
        };
        let best = match (citation(early), citation(late)) {
            (Some(e), Some(l)) if better(l, e) => late,
            _ => early,
        };
        WorkSites {
            first: self.first.min(other.first),
            best,
        }
    }
}

/// The works of `extractions` that may conflict and the [`Conflict`]s between them: what
/// [`group_works_with_conflicts`] finds, without building the works' fields and
/// occurrences.
///
/// A conflict is between two works with the same title and outlet, so only citations whose
/// title and outlet key occurs more than once in the run are grouped (a first pass keeps
/// only the keys' hashes; a collision merely groups a few more). The works come back in
/// order of first citation, and the conflicts, sorted by work, are in the order
/// [`group_works_with_conflicts`] gives them: a conflict's `first` and `second` index into
/// the returned works, whose `first` citations are the first occurrences of the
/// corresponding [`Work`]s.
pub fn conflicting_works(extractions: &[Extraction]) -> (Vec<WorkSites>, Vec<Conflict>) {
    conflicting_works_in(extractions)
}

/// [`conflicting_works`] over any [`CitationSites`]: the works and conflicts among
/// `sites`' full citations.
pub fn conflicting_works_in<S: CitationSites + ?Sized>(
    sites: &S,
) -> (Vec<WorkSites>, Vec<Conflict>) {
    use std::collections::BTreeMap;
    let mut seen: HashSet<u64> = HashSet::new();
    let mut repeated: HashSet<u64> = HashSet::new();
    let mut key = String::new();
    sites.each_full(&mut |_, citation| {
        key.clear();
        if push_title_outlet(citation, &mut key) {
            let h = RepeatedTitles::hash(key.as_str());
            if !seen.insert(h) {
                repeated.insert(h);
            }
        }
    });
    drop(seen);
    if repeated.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // Per identity (title, outlet, date): its citations by author signature, as the
    // grouping splits an identity cited with several author lists.
    #[derive(Default)]
    struct Identity {
        signed: BTreeMap<String, Option<WorkSites>>,
        unsigned: Option<WorkSites>,
    }
    // A further citation of a work: it supplies the fields if it is better.
    let add = |w: &mut WorkSites, at: CitationAt, citation: &Citation| {
        let current = sites.citation(w.best);
        if current.is_none_or(|current| better(citation, current)) {
            w.best = at;
        }
    };
    let mut identities: HashMap<String, Identity> = HashMap::new();
    sites.each_full(&mut |at, citation| {
        key.clear();
        if !push_title_outlet(citation, &mut key)
            || !repeated.contains(&RepeatedTitles::hash(key.as_str()))
        {
            return;
        }
        key.push('|');
        key.push_str(&date_key(citation));
        if !identities.contains_key(key.as_str()) {
            identities.insert(key.clone(), Identity::default());
        }
        let Some(identity) = identities.get_mut(key.as_str()) else {
            return;
        };
        let sig = author_signature(&citation.authors);
        let slot = if sig.is_empty() {
            &mut identity.unsigned
        } else {
            identity.signed.entry(sig).or_default()
        };
        match slot {
            Some(w) => add(w, at, citation),
            None => *slot = Some(WorkSites::new(at)),
        }
    });
    let merge = |a: Option<WorkSites>, b: WorkSites| match a {
        Some(a) => a.merge(b, sites),
        None => b,
    };
    let mut works: Vec<WorkSites> = Vec::new();
    for identity in identities.into_values() {
        if identity.signed.len() <= 1 {
            // One work, whatever its citations' bylines.
            let signed = identity.signed.into_values().next().flatten();
            if let Some(w) = match (signed, identity.unsigned) {
                (Some(s), u) => Some(merge(u, s)),
                (None, u) => u,
            } {
                works.push(w);
            }
        } else {
            // A work per author list; citations without one join the first in order.
            let mut unsigned = identity.unsigned;
            for w in identity.signed.into_values().flatten() {
                works.push(merge(unsigned.take(), w));
            }
        }
    }
    works.sort_by_key(|w| w.first);
    let best: Vec<Option<&Citation>> = works.iter().map(|w| sites.citation(w.best)).collect();
    let title_outlets: Vec<Option<String>> =
        best.iter().map(|c| c.and_then(title_outlet_key)).collect();
    let found = conflicts_among(
        title_outlets.iter().map(Option::as_deref).collect(),
        |i| best.get(i).copied().flatten().and_then(|c| c.date.as_ref()),
        |i| {
            best.get(i)
                .copied()
                .flatten()
                .map_or(&[][..], |c| c.authors.as_slice())
        },
    );
    (works, found)
}

/// Sorted, normalized family names: `jakes,mashal`; empty without authors.
pub(crate) fn author_signature(authors: &[Person]) -> String {
    let mut names: Vec<String> = authors
        .iter()
        .map(|p| normalize(&p.family))
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names.join(",")
}

/// Two works with the same title and outlet that disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Indexes into the works, `first < second`.
    pub first: usize,
    pub second: usize,
    /// The dates disagree where both are known.
    pub date: bool,
    /// Both name authors, and not the same ones.
    pub authors: bool,
}

impl Conflict {
    /// `a different date`, `different authors` or both.
    pub fn what(&self) -> &'static str {
        match (self.date, self.authors) {
            (true, true) => "a different date and different authors",
            (true, false) => "a different date",
            _ => "different authors",
        }
    }
}

/// Normalized title and outlet, `None` without a title.
fn title_outlet(work: &Work) -> Option<String> {
    let title = work
        .title
        .as_deref()
        .map(normalize)
        .filter(|t| !t.is_empty())?;
    let outlet = work
        .outlet
        .as_ref()
        .map(|o| match &o.id {
            Some(id) => format!("id:{id}"),
            None => normalize(&o.as_written),
        })
        .unwrap_or_default();
    Some(format!("{title}|{outlet}"))
}

/// Whether two dates disagree on a part both know (year, then month, then day).
fn dates_disagree(a: &DateField, b: &DateField) -> bool {
    use crate::model::DatePrecision;
    let part = |d: &DateField, p: DatePrecision, v: Option<u32>| {
        v.filter(|_| d.precision.is_none_or(|dp| dp >= p))
    };
    match (a.year, b.year) {
        (Some(x), Some(y)) if x != y => return true,
        (Some(_), Some(_)) => {}
        _ => return false,
    }
    let (am, bm) = (
        part(a, DatePrecision::Month, a.month),
        part(b, DatePrecision::Month, b.month),
    );
    match (am, bm) {
        (Some(x), Some(y)) if x != y => return true,
        (Some(_), Some(_)) => {}
        _ => return false,
    }
    matches!(
        (part(a, DatePrecision::Day, a.day), part(b, DatePrecision::Day, b.day)),
        (Some(x), Some(y)) if x != y
    )
}

/// Every pair of works with the same title and outlet whose dates or authors disagree.
pub fn conflicts(works: &[Work]) -> Vec<Conflict> {
    let keys: Vec<Option<String>> = works.iter().map(title_outlet).collect();
    conflicts_between(works, keys.iter().map(Option::as_deref).collect())
}

/// [`conflicts`] given each work's [`title_outlet`] key.
fn conflicts_between(works: &[Work], title_outlets: Vec<Option<&str>>) -> Vec<Conflict> {
    conflicts_among(
        title_outlets,
        |i| works.get(i).and_then(|w| w.date.as_ref()),
        |i| works.get(i).map_or(&[][..], |w| w.authors.as_slice()),
    )
}

/// The conflicts between works `0..title_outlets.len()`, given each work's
/// [`title_outlet`] key, date and authors.
fn conflicts_among<'w>(
    title_outlets: Vec<Option<&str>>,
    date: impl Fn(usize) -> Option<&'w DateField>,
    authors: impl Fn(usize) -> &'w [Person],
) -> Vec<Conflict> {
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, k) in title_outlets.into_iter().enumerate() {
        if let Some(k) = k {
            groups.entry(k).or_default().push(i);
        }
    }
    // Each work's author signature once, not once per pair it is in.
    let signatures: HashMap<usize, String> = groups
        .values()
        .filter(|m| m.len() > 1)
        .flatten()
        .map(|&i| (i, author_signature(authors(i))))
        .collect();
    let no_signature = String::new();
    let signature = |i: usize| signatures.get(&i).unwrap_or(&no_signature);
    let mut out = Vec::new();
    for members in groups.values().filter(|m| m.len() > 1) {
        for (n, &a) in members.iter().enumerate() {
            for &b in &members[n + 1..] {
                let date = match (date(a), date(b)) {
                    (Some(x), Some(y)) => dates_disagree(x, y),
                    _ => false,
                };
                let (sa, sb) = (signature(a), signature(b));
                let authors = !sa.is_empty() && !sb.is_empty() && sa != sb;
                if date || authors {
                    out.push(Conflict {
                        first: a.min(b),
                        second: a.max(b),
                        date,
                        authors,
                    });
                }
            }
        }
    }
    out.sort_by_key(|c| (c.first, c.second));
    out
}

/// What groups a citation: its identity, and its normalized title and outlet (what
/// [`title_outlet`] computes for a work made from it; `None` without a title).
struct Keys {
    identity: String,
    title_outlet: Option<String>,
}

/// The grouping keys of a citation, `None` when it must not create a work.
fn keys(citation: &Citation) -> Option<Keys> {
    if citation.short_form.is_some() {
        return None;
    }
    match (title_outlet_key(citation), &citation.url) {
        (Some(title_outlet), _) => {
            // `{title}|{outlet}|{date}`, without format!'s machinery
            let date = date_key(citation);
            let mut identity = String::with_capacity(title_outlet.len() + 1 + date.len());
            identity.push_str(&title_outlet);
            identity.push('|');
            identity.push_str(&date);
            Some(Keys {
                identity,
                title_outlet: Some(title_outlet),
            })
        }
        (None, Some(url)) => Some(Keys {
            identity: format!("url:{}", url.trim().trim_end_matches('/')),
            title_outlet: None,
        }),
        (None, None) => None,
    }
}

/// `{normalized title}|{outlet}` (the outlet's registry id, else its normalized name),
/// `None` without a title.
fn title_outlet_key(citation: &Citation) -> Option<String> {
    let outlet_len = citation.outlet.as_ref().map_or(0, |o| {
        o.id.as_ref().map_or(o.as_written.len(), |id| id.len() + 3)
    });
    let title_len = citation.title.as_ref().map_or(0, String::len);
    let mut key = String::with_capacity(title_len + 1 + outlet_len);
    push_title_outlet(citation, &mut key).then_some(key)
}

/// Append [`title_outlet_key`] to `out`: `false` (and `out` unusable) without a title.
fn push_title_outlet(citation: &Citation, out: &mut String) -> bool {
    let Some(title) = citation.title.as_deref() else {
        return false;
    };
    let start = out.len();
    normalize_into(title, out);
    if out.len() == start {
        return false;
    }
    out.push('|');
    if let Some(o) = &citation.outlet {
        match &o.id {
            Some(id) => {
                out.push_str("id:");
                out.push_str(id);
            }
            None => normalize_into(&o.as_written, out),
        }
    }
    true
}

/// The date part of an identity: its ISO form, else the date as written, normalized.
fn date_key(citation: &Citation) -> Cow<'_, str> {
    match &citation.date {
        Some(d) => match &d.iso {
            Some(iso) => Cow::Borrowed(iso.as_str()),
            None => Cow::Owned(normalize(&d.as_written)),
        },
        None => Cow::Borrowed(""),
    }
}

/// Lowercase words separated by single spaces; punctuation dropped, accents stripped and
/// Latin letters folded to ASCII; letters of other scripts (中, ж) are kept.
pub fn normalize(s: &str) -> String {
    if !s.is_ascii() {
        return normalize_folded(s);
    }
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

/// Append [`normalize`]`(s)` to `out`.
fn normalize_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        // What the general path does to ASCII text, in one pass: folding leaves ASCII
        // unchanged (no ASCII character decomposes) and lowercasing stays ASCII.
        let (mut first, mut gap) = (true, false);
        for &b in s.as_bytes() {
            if b.is_ascii_alphanumeric() {
                if gap && !first {
                    out.push(' ');
                }
                (first, gap) = (false, false);
                out.push(char::from(b.to_ascii_lowercase()));
            } else {
                gap = true;
            }
        }
        return;
    }
    out.push_str(&normalize_folded(s));
}

/// [`normalize`] for any text: fold, lowercase, then keep the words.
fn normalize_folded(s: &str) -> String {
    let folded = fold(s, true).to_lowercase();
    let mut out = String::with_capacity(folded.len());
    for word in folded.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Transliterate to ASCII: strip accents (é → e), spell out a few ligatures and letters
/// without a decomposition (ß → ss, ø → o), drop what has no ASCII form.
pub fn fold_ascii(s: &str) -> String {
    fold(s, false)
}

/// [`fold_ascii`], optionally keeping letters and digits that have no ASCII form.
fn fold(s: &str, keep_other_scripts: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfkd() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let spelled = match c {
            'ß' => "ss",
            'æ' => "ae",
            'Æ' => "AE",
            'œ' => "oe",
            'Œ' => "OE",
            'ø' => "o",
            'Ø' => "O",
            'ł' => "l",
            'Ł' => "L",
            'đ' | 'ð' => "d",
            'Đ' | 'Ð' => "D",
            'þ' => "th",
            'Þ' => "Th",
            'ı' => "i",
            '‘' | '’' | '`' | 'ʼ' => "'",
            '“' | '”' => "\"",
            '–' | '—' => "-",
            _ => {
                if keep_other_scripts && c.is_alphanumeric() {
                    out.push(c);
                }
                ""
            }
        };
        out.push_str(spelled);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{
        DatePrecision, DateStyle, Document, Footnote, Format, ShortForm, ShortFormKind, Span,
    };

    pub(crate) fn person(given: &str, family: &str) -> Person {
        Person {
            given: Some(given.to_string()),
            family: family.to_string(),
        }
    }

    pub(crate) fn outlet(written: &str, id: Option<&str>, name: Option<&str>) -> OutletField {
        OutletField {
            as_written: written.to_string(),
            id: id.map(str::to_string),
            name: name.map(str::to_string),
            span: Span::default(),
        }
    }

    pub(crate) fn date(y: i32, m: Option<u32>, d: Option<u32>, written: &str) -> DateField {
        let (iso, precision) = match (m, d) {
            (Some(m), Some(d)) => (format!("{y:04}-{m:02}-{d:02}"), DatePrecision::Day),
            (Some(m), None) => (format!("{y:04}-{m:02}"), DatePrecision::Month),
            _ => (format!("{y:04}"), DatePrecision::Year),
        };
        DateField {
            as_written: written.to_string(),
            iso: Some(iso),
            precision: Some(precision),
            year: Some(y),
            month: m,
            day: d,
            style: DateStyle::MonthDayYear,
            impossible: false,
            span: Span::default(),
        }
    }

    pub(crate) fn news(
        authors: Vec<Person>,
        title: &str,
        outlet_field: OutletField,
        date_field: Option<DateField>,
    ) -> Citation {
        let names: Vec<String> = authors.iter().map(Person::display).collect();
        let text = format!(
            "{}, {title}, {} ({})",
            names.join(" & "),
            outlet_field.as_written,
            date_field
                .as_ref()
                .map(|d| d.as_written.as_str())
                .unwrap_or("")
        );
        let mut c = Citation::unparsed(text, Span::default());
        c.kind = CitationKind::NewsArticle;
        c.authors = authors;
        c.title = Some(title.to_string());
        c.outlet = Some(outlet_field);
        c.date = date_field;
        c.parsed = true;
        c
    }

    pub(crate) fn extraction(path: &str, notes: Vec<(u32, Vec<Citation>)>) -> Extraction {
        let footnotes = notes
            .into_iter()
            .map(|(n, citations)| Footnote {
                number: Some(n),
                label: n.to_string(),
                span: Span::default(),
                marker_span: Span::default(),
                text: String::new(),
                citations,
            })
            .collect();
        Extraction {
            document: Document::new(path, Format::Text, String::new(), String::new()),
            explicit_callouts: false,
            footnotes,
            callouts: Vec::new(),
        }
    }

    /// The small hand-built run the export snapshots use: two news articles, one with two
    /// authors and a comma in its title, one known only to the month; the first is cited
    /// again in another footnote.
    pub(crate) fn sample() -> Vec<Extraction> {
        let nyt = || {
            outlet(
                "N.Y. Times",
                Some("new-york-times"),
                Some("The New York Times"),
            )
        };
        let a = news(
            vec![person("Mujib", "Mashal"), person("Lara", "Jakes")],
            "Trump gives conditional green light to peace deal with Taliban, according to officials",
            nyt(),
            Some(date(2020, Some(2), Some(11), "February 11, 2020")),
        );
        let b = news(
            vec![person("Anne", "Gearan")],
            "Trump speaks by phone with senior Taliban leader",
            outlet(
                "Washington Post",
                Some("washington-post"),
                Some("The Washington Post"),
            ),
            Some(date(2020, Some(3), None, "Mar. 2020")),
        );
        // Cited again without the byline and with other capitalization: the same work, and
        // the fuller first citation supplies the entry.
        let mut again = a.clone();
        again.authors.clear();
        again.title = Some(
            "Trump Gives Conditional Green Light to Peace Deal With Taliban According to Officials"
                .to_string(),
        );
        again.outlet = Some(nyt());
        vec![extraction(
            "doc.txt",
            vec![(16, vec![a]), (49, vec![b, again])],
        )]
    }

    #[test]
    fn a_work_cited_twice_is_one_work_with_two_occurrences() {
        let works = group_works(&sample());
        assert_eq!(works.len(), 2);
        let first = &works[0];
        assert_eq!(first.authors.len(), 2);
        assert_eq!(first.occurrences.len(), 2);
        assert_eq!(first.occurrences[0].footnote, Some(16));
        assert_eq!(first.occurrences[1].footnote, Some(49));
        assert_eq!(first.occurrences[1].citation, 1);
        assert_eq!(works[1].occurrences.len(), 1);
    }

    #[test]
    fn same_title_in_different_outlets_or_dates_are_different_works() {
        let t = "Same title";
        let a = news(vec![], t, outlet("CNN", None, None), None);
        let b = news(vec![], t, outlet("BBC", None, None), None);
        let c = news(
            vec![],
            t,
            outlet("CNN", None, None),
            Some(date(2020, None, None, "2020")),
        );
        let works = group_works(&[extraction("x", vec![(1, vec![a, b, c])])]);
        assert_eq!(works.len(), 3);
    }

    #[test]
    fn short_forms_and_untitled_citations_without_url_make_no_work() {
        let mut id = news(vec![], "Whatever", outlet("CNN", None, None), None);
        id.short_form = Some(ShortForm {
            kind: ShortFormKind::Id,
            note: None,
            resolves_to: None,
        });
        let mut untitled = news(vec![], "x", outlet("CNN", None, None), None);
        untitled.title = None;
        let mut linked = untitled.clone();
        linked.url = Some("https://example.com/a".to_string());
        let works = group_works(&[extraction("x", vec![(1, vec![id, untitled, linked])])]);
        assert_eq!(works.len(), 1);
        assert_eq!(works[0].url.as_deref(), Some("https://example.com/a"));
    }

    #[test]
    fn occurrences_span_documents() {
        let a = news(
            vec![],
            "A title",
            outlet("CNN", Some("cnn"), Some("CNN")),
            None,
        );
        let works = group_works(&[
            extraction("one.txt", vec![(1, vec![a.clone()])]),
            extraction("two.txt", vec![(3, vec![a])]),
        ]);
        assert_eq!(works.len(), 1);
        let docs: Vec<_> = works[0]
            .occurrences
            .iter()
            .map(|o| o.document.as_str())
            .collect();
        assert_eq!(docs, ["one.txt", "two.txt"]);
    }

    #[test]
    fn the_most_complete_citation_supplies_the_fields_whatever_the_order() {
        let bare = news(
            vec![],
            "A title",
            outlet("CNN", Some("cnn"), Some("CNN")),
            None,
        );
        let mut full = bare.clone();
        full.authors = vec![person("Kylie", "Atwood")];
        full.url = Some("https://cnn.com/a".to_string());
        for order in [vec![bare.clone(), full.clone()], vec![full, bare]] {
            let works = group_works(&[extraction("x", vec![(1, order)])]);
            assert_eq!(works.len(), 1);
            assert_eq!(works[0].authors.len(), 1);
            assert_eq!(works[0].url.as_deref(), Some("https://cnn.com/a"));
            assert_eq!(works[0].occurrences.len(), 2);
        }
    }

    #[test]
    fn conflicting_duplicates_are_separate_marked_works() {
        let nyt = || outlet("N.Y. Times", Some("new-york-times"), None);
        let day = news(
            vec![person("Mujib", "Mashal")],
            "Taliban intensify attacks",
            nyt(),
            Some(date(2020, Some(4), Some(24), "Apr. 24, 2020")),
        );
        let mut other_day = day.clone();
        other_day.date = Some(date(2020, Some(4), Some(25), "Apr. 25, 2020"));
        let mut month_only = day.clone();
        month_only.date = Some(date(2020, Some(4), None, "Apr. 2020"));
        let mut other_author = day.clone();
        other_author.authors = vec![person("Lara", "Jakes")];
        let mut no_author = day.clone();
        no_author.authors.clear();
        let run = [extraction(
            "x",
            vec![(
                1,
                vec![day.clone(), other_day, month_only, other_author, no_author],
            )],
        )];
        let works = group_works(&run);
        // day and no_author group; other_author splits off; other_day and month_only are
        // separate works (date is part of the identity).
        assert_eq!(works.len(), 4, "{works:#?}");
        let found = conflicts(&works);
        // The grouping's own conflicts (keyed without normalizing titles again) agree.
        assert_eq!(group_works_with_conflicts(&run).1, found);
        assert!(conflicts_possible(&run));
        let kinds: Vec<(bool, bool)> = found.iter().map(|c| (c.date, c.authors)).collect();
        // 24 vs 25 (date), 25 vs the other author's 24 (date and authors), the two 24s
        // (authors), April vs the other author (authors: April agrees with every April day).
        assert_eq!(kinds.len(), 4, "{found:#?}");
        assert!(kinds.contains(&(true, false)));
        assert!(kinds.contains(&(false, true)));
        assert!(kinds.contains(&(true, true)));
        let marked = works.iter().filter(|w| w.conflict.is_some()).count();
        assert_eq!(marked, 4);
        assert!(works
            .iter()
            .all(|w| w.conflict.as_deref().is_none_or(|m| m.contains("IB305"))));
        // Same set of works whatever the order.
        let mut reversed = run.clone();
        reversed[0].footnotes[0].citations.reverse();
        let mut a: Vec<_> = works.iter().map(|w| w.identity.clone()).collect();
        let mut b: Vec<_> = group_works(&reversed)
            .iter()
            .map(|w| w.identity.clone())
            .collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        // A citation without the byline is not a conflict.
        let mut bare = day.clone();
        bare.authors.clear();
        assert!(conflicts(&group_works(&[extraction("x", vec![(1, vec![day, bare])])])).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn normalize_takes_the_same_words_from_ascii_as_the_general_path(
            s in "[ -~\\t\\n]{0,40}"
        ) {
            proptest::prop_assert_eq!(normalize(&s), normalize_folded(&s));
        }
    }

    /// One work cited in several ways: `[day, other day, month only, other author, no
    /// author, other outlet, untitled with a URL]`.
    fn versions() -> Vec<Citation> {
        let nyt = || outlet("N.Y. Times", Some("new-york-times"), None);
        let day = news(
            vec![person("Mujib", "Mashal")],
            "Taliban intensify attacks",
            nyt(),
            Some(date(2020, Some(4), Some(24), "Apr. 24, 2020")),
        );
        let mut other_day = day.clone();
        other_day.date = Some(date(2020, Some(4), Some(25), "Apr. 25, 2020"));
        let mut month_only = day.clone();
        month_only.date = Some(date(2020, Some(4), None, "Apr. 2020"));
        let mut other_author = day.clone();
        other_author.authors = vec![person("Lara", "Jakes")];
        let mut no_author = day.clone();
        no_author.authors.clear();
        let mut other_outlet = other_day.clone();
        other_outlet.outlet = Some(outlet("CNN", Some("cnn"), None));
        let mut untitled = other_day.clone();
        untitled.title = None;
        untitled.url = Some("https://example.com/a".into());
        vec![
            day,
            other_day,
            month_only,
            other_author,
            no_author,
            other_outlet,
            untitled,
        ]
    }

    fn run_of(picks: &[usize]) -> [Extraction; 1] {
        let v = versions();
        [extraction(
            "x",
            vec![(1, picks.iter().map(|&i| v[i].clone()).collect())],
        )]
    }

    #[test]
    fn conflicts_are_only_possible_where_a_title_and_outlet_is_cited_two_ways() {
        for (picks, possible) in [
            (vec![0], false),
            (vec![0, 0, 4, 0], false),
            (vec![4, 0, 4], false),
            (vec![0, 5, 6], false),
            (vec![0, 1], true),
            (vec![0, 2], true),
            (vec![0, 4, 3], true),
            (vec![4, 3, 0], true),
        ] {
            let run = run_of(&picks);
            assert_eq!(conflicts_possible(&run), possible, "{picks:?}");
        }
        assert!(!conflicts_possible(&sample()));
    }

    proptest::proptest! {
        #[test]
        fn no_conflict_is_found_where_none_is_possible(
            picks in proptest::collection::vec(0usize..7, 0..8)
        ) {
            let run = run_of(&picks);
            let (_, found) = group_works_with_conflicts(&run);
            proptest::prop_assert!(conflicts_possible(&run) || found.is_empty(), "{:?}", found);
        }
    }

    /// Every conflict as places: the first citations of both works, and what disagrees.
    type Placed = Vec<(CitationAt, CitationAt, bool, bool)>;

    fn first_at(w: &Work) -> CitationAt {
        let o = &w.occurrences[0];
        CitationAt {
            document: o.document_index,
            footnote: o.footnote_index,
            citation: o.citation,
        }
    }

    /// The lean grouping's conflicts and the export grouping's, as places; and, for every
    /// lean work, that its best citation carries the export work's fields.
    fn both_ways(run: &[Extraction]) -> (Placed, Placed) {
        let (works, found) = group_works_with_conflicts(run);
        let full: Placed = found
            .iter()
            .map(|c| {
                let (a, b) = (&works[c.first], &works[c.second]);
                (first_at(a), first_at(b), c.date, c.authors)
            })
            .collect();
        let (lean_works, lean_found) = conflicting_works(run);
        let lean: Placed = lean_found
            .iter()
            .map(|c| {
                let (a, b) = (&lean_works[c.first], &lean_works[c.second]);
                (a.first, b.first, c.date, c.authors)
            })
            .collect();
        for lw in &lean_works {
            let w = works
                .iter()
                .find(|w| first_at(w) == lw.first)
                .expect("every lean work is a work");
            let (_, _, best) = lw.best.find(run).expect("the best citation is in the run");
            assert_eq!(best.title, w.title);
            assert_eq!(best.authors, w.authors);
            assert_eq!(best.date, w.date);
            assert_eq!(best.url, w.url);
            assert_eq!(best.outlet, w.outlet);
            assert_eq!(best.kind, w.kind);
        }
        (full, lean)
    }

    #[test]
    fn the_lean_grouping_finds_the_conflicts_of_the_export_grouping() {
        let run = run_of(&[0, 1, 2, 3, 4, 5, 6, 0, 3]);
        let (full, lean) = both_ways(&run);
        assert_eq!(full.len(), 4, "{full:?}");
        assert_eq!(full, lean);
        // Across documents, and where nothing repeats.
        let v = versions();
        let two = [
            extraction(
                "a.txt",
                vec![(1, vec![v[0].clone()]), (2, vec![v[5].clone()])],
            ),
            extraction("b.txt", vec![(7, vec![v[6].clone(), v[1].clone()])]),
        ];
        let (full, lean) = both_ways(&two);
        assert_eq!(full.len(), 1);
        assert_eq!(full, lean);
        assert_eq!(lean[0].1.document, 1);
        let (full, lean) = both_ways(&sample());
        assert!(full.is_empty() && lean.is_empty());
        // Only the work whose title and outlet is cited twice is grouped at all.
        assert_eq!(conflicting_works(&sample()).0.len(), 1);
        assert!(conflicting_works(&run_of(&[0, 5, 6])).0.is_empty());
    }

    /// [`versions`] and a few more ways of citing the same work: the title recased (same
    /// identity, other text), with a URL (more complete), as `Id.`, and another title.
    fn more_versions() -> Vec<Citation> {
        let mut v = versions();
        let mut recased = v[0].clone();
        recased.title = Some("TALIBAN Intensify Attacks".into());
        recased.text = format!("{}!", recased.text);
        let mut linked = v[4].clone();
        linked.url = Some("https://example.com/b".into());
        let mut id = v[0].clone();
        id.short_form = Some(crate::model::ShortForm {
            kind: crate::model::ShortFormKind::Id,
            note: None,
            resolves_to: None,
        });
        let mut other = v[3].clone();
        other.title = Some("Another story".into());
        v.extend([recased, linked, id, other]);
        v
    }

    proptest::proptest! {
        #[test]
        fn the_lean_grouping_agrees_with_the_export_grouping(
            picks in proptest::collection::vec((0usize..3, 0usize..4, 0usize..11), 0..14)
        ) {
            let v = more_versions();
            let run: Vec<Extraction> = (0..3)
                .map(|d| {
                    let notes = (0..4u32)
                        .map(|n| {
                            let cites = picks
                                .iter()
                                .filter(|p| p.0 == d && p.1 == n as usize)
                                .map(|p| v[p.2].clone())
                                .collect();
                            (n + 1, cites)
                        })
                        .collect();
                    extraction(&format!("d{d}.txt"), notes)
                })
                .collect();
            let (full, lean) = both_ways(&run);
            proptest::prop_assert_eq!(full, lean);
        }
    }

    #[test]
    fn normalize_ignores_case_accents_and_punctuation() {
        assert_eq!(
            normalize("  Café—Society: the “End”! "),
            "cafe society the end"
        );
        assert_eq!(fold_ascii("Straße Øster Łódź"), "Strasse Oster Lodz");
        assert_eq!(normalize("中国的 Ж-Report"), "中国的 ж report");
    }
}
