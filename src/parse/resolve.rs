//! Resolve short forms to their antecedents, after a document's footnotes are parsed.
//!
//! - `Id.`/`Ibid.`: the citation just before it in the same note, else the only citation
//!   of the nearest earlier note that has any (several there: ambiguous);
//! - `supra note N` (or `notes N–M`): the citation in note N whose author, title or
//!   `hereinafter` title matches the words before `supra`;
//! - `Author, supra` (no note): the most recent earlier full citation by that author;
//! - a bare `hereinafter` short title (`Senate Report at 5`): the citation defining it.
//!
//! A short form that points at another short form resolves to the full citation behind it.
//! [`analyze`] reports every outcome (the lint rules IB401–IB405 read it); [`apply`] writes
//! `short_form.resolves_to` (and, for `Id.`/`Ibid.`, `short_form.note`) into the model.

use crate::model::{Citation, Footnote, ShortForm, ShortFormKind, ShortFormTarget};
use std::cell::OnceCell;

/// A citation's place: index of its footnote in the document, index within the footnote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CiteRef {
    pub note: usize,
    pub citation: usize,
}

/// What became of one short form.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Points at this full citation.
    Resolved(CiteRef),
    /// `supra note N` where note N comes later; it names this citation there.
    Forward(CiteRef),
    /// The source's first full citation comes after the short form.
    BeforeFull(CiteRef),
    /// `Id.` after a note with several citations (`count`).
    Ambiguous { note: usize, count: usize },
    /// `Id.` with no citation before it.
    NoAntecedent,
    /// `supra note N`: the document has no note N.
    NoteMissing(u32),
    /// `supra note N`: note N does not cite that author or title; `elsewhere` does.
    NotInNote {
        note: u32,
        elsewhere: Option<CiteRef>,
    },
    /// `Author, supra`: no citation by that author anywhere.
    NoMatch,
    /// Nothing to check: the antecedent is itself unresolved, or `supra note N` names
    /// no author and note N has several citations.
    Unknown,
}

/// One short form and its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    pub at: CiteRef,
    pub kind: ShortFormKind,
    pub outcome: Outcome,
}

impl Resolution {
    /// The full citation the short form stands for, when there is one.
    pub fn target(&self) -> Option<CiteRef> {
        match self.outcome {
            Outcome::Resolved(t) | Outcome::Forward(t) | Outcome::BeforeFull(t) => Some(t),
            _ => None,
        }
    }
}

/// Mark bare uses of `hereinafter` titles as short forms, then resolve every short form
/// and record where it points.
pub fn apply(footnotes: &mut [Footnote]) {
    mark_hereinafter_uses(footnotes);
    mark_shortened(footnotes);
    mark_case_short_forms(footnotes);
    for r in analyze(footnotes) {
        let target = r.target().and_then(|t| {
            footnotes[t.note].number.map(|n| ShortFormTarget {
                footnote: n,
                citation: t.citation,
            })
        });
        let Some(sf) = footnotes[r.at.note].citations[r.at.citation]
            .short_form
            .as_mut()
        else {
            continue;
        };
        sf.resolves_to = target;
        // `note` is the note a short form refers to: written out only after `supra`
        // (`supra note 12`); `Id.`, shortened forms and `Author, supra` name it by where
        // they resolve. (Only a resolved `supra`: one whose source comes later keeps no
        // note, as reading it as `supra note N` would then point forward.)
        let by_resolution = match sf.kind {
            ShortFormKind::Id | ShortFormKind::Ibid | ShortFormKind::Short => true,
            ShortFormKind::Supra => sf.note.is_none() && matches!(r.outcome, Outcome::Resolved(_)),
            ShortFormKind::Hereinafter | ShortFormKind::Infra => false,
        };
        if by_resolution {
            sf.note = target.map(|t| t.footnote);
        }
    }
}

/// Resolve every short form of a document's footnotes (in document order).
pub fn analyze(footnotes: &[Footnote]) -> Vec<Resolution> {
    let keys = Keys::new(footnotes);
    let mut out: Vec<Resolution> = Vec::new();
    // the full citation behind each short form resolved so far
    let mut behind = std::collections::HashMap::new();
    for (n, note) in footnotes.iter().enumerate() {
        for (i, c) in note.citations.iter().enumerate() {
            let Some(sf) = &c.short_form else { continue };
            let at = CiteRef {
                note: n,
                citation: i,
            };
            let outcome = match sf.kind {
                ShortFormKind::Id | ShortFormKind::Ibid => id(footnotes, at, &behind),
                ShortFormKind::Supra => supra(footnotes, &keys, at, c, sf, &behind),
                ShortFormKind::Hereinafter => hereinafter(footnotes, &keys, at, c),
                ShortFormKind::Short => short(footnotes, &keys, at, c),
                // a later part of this document, not a citation of a work: nothing to check
                ShortFormKind::Infra => Outcome::Unknown,
            };
            let r = Resolution {
                at,
                kind: sf.kind,
                outcome,
            };
            if let Some(t) = r.target() {
                behind.insert(at, t);
            }
            out.push(r);
        }
    }
    out
}

type Behind = std::collections::HashMap<CiteRef, CiteRef>;

/// The words of each citation that the resolvers compare with a short form, computed when
/// a comparison first needs them and kept for the others (a document's `supra`s and
/// shortened forms are compared with many citations each).
///
/// The keys of all citations are kept in one vector each, in document order (three
/// allocations per document, not two per note): `first[n]` is where note `n`'s start.
struct Keys<'a> {
    footnotes: &'a [Footnote],
    first: Vec<usize>,
    names: Vec<NameKey>,
    shorten: Vec<OnceCell<Option<ShortenKey>>>,
}

impl<'a> Keys<'a> {
    fn new(footnotes: &'a [Footnote]) -> Keys<'a> {
        let mut first = Vec::with_capacity(footnotes.len());
        let mut total = 0;
        for f in footnotes {
            first.push(total);
            total += f.citations.len();
        }
        Keys {
            footnotes,
            first,
            names: (0..total).map(|_| NameKey::default()).collect(),
            shorten: (0..total).map(|_| OnceCell::new()).collect(),
        }
    }

    /// The citation at `r`, and where its keys are (`r` names a citation of `footnotes`:
    /// indexing the citation first keeps a stray `r` from reading another's keys).
    fn citation(&self, r: CiteRef) -> (&'a Citation, usize) {
        let c = &self.footnotes[r.note].citations[r.citation];
        (c, self.first[r.note] + r.citation)
    }

    /// Does the citation at `r` answer to `lead` (see [`names`])?
    fn names(&self, r: CiteRef, lead: &[String]) -> bool {
        let (c, k) = self.citation(r);
        names(c, &self.names[k], lead)
    }

    /// The hereinafter title of the citation at `r`, as words.
    fn hereinafter(&self, r: CiteRef) -> Option<&[String]> {
        let (c, k) = self.citation(r);
        self.names[k].hereinafter(c)
    }

    /// [`ShortenKey::of`] the citation at `r`.
    fn shorten(&self, r: CiteRef) -> Option<&ShortenKey> {
        let (c, k) = self.citation(r);
        self.shorten[k].get_or_init(|| ShortenKey::of(c)).as_ref()
    }
}

/// The words of one citation that [`names`] compares, each computed on first use.
#[derive(Default)]
struct NameKey {
    hereinafter: OnceCell<Option<Vec<String>>>,
    families: OnceCell<Vec<Vec<String>>>,
    givens: OnceCell<Vec<Option<Vec<String>>>>,
    authors_as_written: OnceCell<Option<Vec<String>>>,
    title: OnceCell<Option<Vec<String>>>,
}

impl NameKey {
    fn hereinafter(&self, c: &Citation) -> Option<&[String]> {
        self.hereinafter
            .get_or_init(|| c.hereinafter.as_deref().map(words_of))
            .as_deref()
    }

    fn families(&self, c: &Citation) -> &[Vec<String>] {
        self.families
            .get_or_init(|| c.authors.iter().map(|p| words_of(&p.family)).collect())
    }

    fn givens(&self, c: &Citation) -> &[Option<Vec<String>>] {
        self.givens.get_or_init(|| {
            c.authors
                .iter()
                .map(|p| p.given.as_deref().map(words_of))
                .collect()
        })
    }

    fn authors_as_written(&self, c: &Citation) -> Option<&[String]> {
        self.authors_as_written
            .get_or_init(|| c.authors_as_written.as_deref().map(words_of))
            .as_deref()
    }

    fn title(&self, c: &Citation) -> Option<&[String]> {
        self.title
            .get_or_init(|| c.title.as_deref().map(words_of))
            .as_deref()
    }
}

/// The full citation at `r`, or the one behind the short form at `r`.
fn full(footnotes: &[Footnote], r: CiteRef, behind: &Behind) -> Option<CiteRef> {
    let c = footnotes.get(r.note)?.citations.get(r.citation)?;
    if c.short_form.is_some() {
        behind.get(&r).copied()
    } else {
        Some(r)
    }
}

fn id(footnotes: &[Footnote], at: CiteRef, behind: &Behind) -> Outcome {
    // `Id.` names the authority just before it: a cross-reference (`See infra Part III`)
    // is none, and is passed over
    let authorities = |f: &'_ Footnote| -> Vec<usize> {
        (0..f.citations.len())
            .filter(|&i| !is_cross_reference_citation(&f.citations[i]))
            .collect()
    };
    let in_note = authorities(&footnotes[at.note]);
    let prev = match in_note.iter().rev().find(|&&i| i < at.citation) {
        Some(&i) => Some(CiteRef {
            note: at.note,
            citation: i,
        }),
        None => {
            let earlier = footnotes[..at.note]
                .iter()
                .enumerate()
                .rev()
                .map(|(n, f)| (n, authorities(f)))
                .find(|(_, a)| !a.is_empty());
            match earlier {
                None => None,
                Some((n, a)) if a.len() > 1 => {
                    return Outcome::Ambiguous {
                        note: n,
                        count: a.len(),
                    }
                }
                Some((n, a)) => Some(CiteRef {
                    note: n,
                    citation: a[0],
                }),
            }
        }
    };
    match prev {
        None => Outcome::NoAntecedent,
        Some(p) => full(footnotes, p, behind).map_or(Outcome::Unknown, Outcome::Resolved),
    }
}

/// A cross-reference to another part of the document (`See infra Part III`, `supra note 4
/// and accompanying text`, `Volume I, Section III.B.2, supra`), not a citation of a work.
fn is_cross_reference_citation(c: &Citation) -> bool {
    let Some(sf) = &c.short_form else {
        return false;
    };
    match sf.kind {
        ShortFormKind::Infra => true,
        // a `supra` naming neither a work nor a note points at a part of the document
        ShortFormKind::Supra => {
            (c.authors.is_empty() && c.title.is_none() && sf.note.is_none())
                || super::is_cross_reference(&c.text)
        }
        _ => false,
    }
}

fn supra(
    footnotes: &[Footnote],
    keys: &Keys<'_>,
    at: CiteRef,
    c: &Citation,
    sf: &ShortForm,
    behind: &Behind,
) -> Outcome {
    let lead = lead_words(c);
    let matches = |r: CiteRef| -> bool {
        r.citation < footnotes[r.note].citations.len() && !lead.is_empty() && keys.names(r, &lead)
    };
    let Some(first) = sf.note else {
        // `Author, supra`: the most recent earlier full citation by that author
        if lead.is_empty() {
            return Outcome::Unknown;
        }
        let earlier = all_refs(footnotes)
            .filter(|r| *r < at && is_full(footnotes, *r))
            .filter(|r| matches(*r))
            .last();
        if let Some(r) = earlier {
            return Outcome::Resolved(r);
        }
        return all_refs(footnotes)
            .filter(|r| *r > at && is_full(footnotes, *r))
            .find(|r| matches(*r))
            .map_or(Outcome::NoMatch, Outcome::BeforeFull);
    };
    let last = c.supra_note_end.unwrap_or(first).max(first);
    let targets: Vec<usize> = footnotes
        .iter()
        .enumerate()
        .filter(|(_, f)| f.number.is_some_and(|n| (first..=last).contains(&n)))
        .map(|(i, _)| i)
        .collect();
    if targets.is_empty() {
        return Outcome::NoteMissing(first);
    }
    let cands = || {
        targets.iter().flat_map(|&n| {
            (0..footnotes[n].citations.len()).map(move |i| CiteRef {
                note: n,
                citation: i,
            })
        })
    };
    let found = if lead.is_empty() {
        let all: Vec<CiteRef> = cands().collect();
        match all.as_slice() {
            [one] => Some(*one),
            _ => return Outcome::Unknown,
        }
    } else {
        cands().find(|r| matches(*r))
    };
    match found {
        Some(r) => match full(footnotes, r, behind) {
            Some(t) if r.note > at.note => Outcome::Forward(t),
            Some(t) => Outcome::Resolved(t),
            None if r.note > at.note => Outcome::Forward(r),
            None => Outcome::Unknown,
        },
        None => Outcome::NotInNote {
            note: first,
            elsewhere: all_refs(footnotes)
                .filter(|r| is_full(footnotes, *r))
                .find(|r| matches(*r)),
        },
    }
}

fn hereinafter(footnotes: &[Footnote], keys: &Keys<'_>, at: CiteRef, c: &Citation) -> Outcome {
    let words = lead_words(c);
    let defines = |r: &CiteRef| keys.hereinafter(*r).is_some_and(|h| h == words);
    if let Some(r) = all_refs(footnotes).filter(|r| *r < at).find(defines) {
        return Outcome::Resolved(r);
    }
    all_refs(footnotes)
        .filter(|r| *r > at)
        .find(defines)
        .map_or(Outcome::NoMatch, Outcome::BeforeFull)
}

/// A shortened citation points at the earlier full citation it was built from.
fn short(footnotes: &[Footnote], keys: &Keys<'_>, at: CiteRef, c: &Citation) -> Outcome {
    let words = words_of(without_parenthetical(strip_signal(
        &c.text,
        c.signal.as_deref(),
    )));
    // `Sullivan, 376 U.S. at 279`: the case printed in that volume of that reporter
    let case_short =
        super::short_form::case_short_shape(strip_signal(&c.text, c.signal.as_deref()));
    let party = emphasised_lead(&c.text).or_else(|| case_short.as_ref().map(|s| words_of(s.party)));
    all_refs(footnotes)
        .filter(|r| *r < at && is_full(footnotes, *r))
        .filter(|r| {
            let cand = &footnotes[r.note].citations[r.citation];
            keys.shorten(*r)
                .and_then(|k| k.shortened_len(&words))
                .is_some()
                || party
                    .as_ref()
                    .is_some_and(|p| case_parties(cand).iter().any(|q| q == p))
                || case_short
                    .as_ref()
                    .is_some_and(|s| prints_in(cand, &s.volume_and_reporter))
        })
        .last()
        .map_or(Outcome::Unknown, Outcome::Resolved)
}

/// Is `c` a full case citation printed in `volume_and_reporter` (`376 U.S.`), as its text
/// says (`… Sullivan, 376 U.S. 254, 270 (1964)`)?
fn prints_in(c: &Citation, volume_and_reporter: &str) -> bool {
    if c.kind != crate::model::CitationKind::Case || c.short_form.is_some() {
        return false;
    }
    let text = super::structure::collapse(&c.text);
    text.match_indices(volume_and_reporter).any(|(i, m)| {
        let before = &text[..i];
        let after = &text[i + m.len()..];
        (before.is_empty() || before.ends_with(' '))
            && after.starts_with(' ')
            && after[1..].starts_with(|ch: char| ch.is_ascii_digit() || ch == '_')
    })
}

/// The parties of a case citation a later citation may name it by, as lower-case words:
/// `United States v. Prevezon Holdings, Ltd.` → `prevezon holdings` (a government party
/// names no case; corporate suffixes are dropped). Empty for any other citation.
fn case_parties(c: &Citation) -> Vec<Vec<String>> {
    if c.kind != crate::model::CitationKind::Case || c.short_form.is_some() {
        return Vec::new();
    }
    let Some(title) = c.title.as_deref() else {
        return Vec::new();
    };
    let Some((left, right)) = title.split_once(" v. ").or_else(|| title.split_once(" v ")) else {
        return Vec::new();
    };
    // a title read with what went before it (`Smith Decl., United States v. …`): the
    // party is the last comma-separated part; after `v.`, the part before a comma
    let left = left.rsplit(", ").next().unwrap_or(left);
    let right = right.split(", ").next().unwrap_or(right);
    [left, right]
        .into_iter()
        .map(|party| {
            let mut w = words_of(party);
            while w.last().is_some_and(|l| {
                matches!(
                    l.as_str(),
                    "ltd" | "inc" | "corp" | "co" | "llc" | "plc" | "al" | "et"
                )
            }) {
                w.pop();
            }
            w
        })
        .filter(|w| {
            let generic = matches!(
                w.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
                ["united", "states", ..] | ["people", ..] | ["state", ..] | ["commonwealth", ..]
            );
            !generic && w.iter().any(|x| x.chars().count() >= 4)
        })
        .collect()
}

/// The words of the italic (or `\textit{…}`) run a citation opens with, its signal left
/// out, and that signal: `\textit{see Prevezon Holdings}, Second Amended Complaint` →
/// `prevezon holdings` and `See`; `*See* *Prevezon Holdings* Order` the same.
fn emphasised_lead(text: &str) -> Option<Vec<String>> {
    emphasised_lead_and_signal(text).map(|(w, _)| w)
}

fn emphasised_lead_and_signal(text: &str) -> Option<(Vec<String>, Option<&'static str>)> {
    use crate::extract::shape::signal_at;
    let mut t = text.trim_start();
    let mut signal = None;
    for _ in 0..3 {
        if let Some((inner, after)) =
            super::short_form::delimited_run(t, &super::short_form::ITALICS)
        {
            let rest = match signal_at(inner) {
                Some((sig, n)) => {
                    signal = signal.or(Some(sig));
                    &inner[n..]
                }
                // a signal alone in its run (`*see also*`)
                None => match crate::extract::shape::signal_alone(inner) {
                    Some(sig) => {
                        signal = signal.or(Some(sig));
                        ""
                    }
                    None => inner,
                },
            };
            let words = words_of(rest);
            if !words.is_empty() {
                return Some((words, signal));
            }
            // a signal in italics of its own (`*See*`): the name may follow
            t = after.trim_start();
            continue;
        }
        let (sig, n) = signal_at(t)?;
        signal = signal.or(Some(sig));
        t = t[n..].trim_start();
    }
    None
}

/// Later citations of a case by one party's name in italics (`\textit{Prevezon Holdings},
/// Mem. and Order`; `*see Prevezon Holdings*, Second Amended Complaint`) are short forms of
/// it, whether or not extraction took them for citations.
fn mark_case_short_forms(footnotes: &mut [Footnote]) {
    // the parties of the cases cited in earlier notes
    let mut parties: Vec<Vec<String>> = Vec::new();
    for note in footnotes.iter_mut() {
        // the parties of this note's cases, with where each case starts
        let here: Vec<(usize, Vec<Vec<String>>)> = note
            .citations
            .iter()
            .map(|c| (c.span.start, case_parties(c)))
            .filter(|(_, p)| !p.is_empty())
            .collect();
        if parties.is_empty() && here.is_empty() {
            continue;
        }
        // a party of a case cited before `at`
        let named_before = |at: usize, lead: &Vec<String>| {
            parties.contains(lead) || here.iter().any(|(s, p)| *s < at && p.contains(lead))
        };
        let short = || {
            Some(ShortForm {
                kind: ShortFormKind::Short,
                note: None,
                resolves_to: None,
            })
        };
        for c in note.citations.iter_mut() {
            // a citation extraction read as `other` (no author, no URL): a filing or
            // order of the case, named by its party
            let unattributed = c.kind == crate::model::CitationKind::Other
                && c.authors.is_empty()
                && c.url.is_none();
            if c.short_form.is_none()
                && unattributed
                && emphasised_lead(&c.text).is_some_and(|lead| named_before(c.span.start, &lead))
            {
                c.short_form = short();
            }
        }
        // sentences no citation covers that name such a case
        let body_start = note.span.end.saturating_sub(note.text.len());
        let mut added = Vec::new();
        for (s, e) in citation_sentences(&note.text) {
            let span = crate::model::Span::new(body_start + s, body_start + e);
            if note
                .citations
                .iter()
                .any(|x| x.span.start < span.end && span.start < x.span.end)
            {
                continue;
            }
            let sentence = &note.text[s..e];
            let Some((lead, signal)) = emphasised_lead_and_signal(sentence) else {
                continue;
            };
            if named_before(span.start, &lead) {
                let mut cit = Citation::unparsed(sentence.to_string(), span);
                cit.parsed = true;
                cit.signal = signal.map(str::to_string);
                cit.short_form = short();
                added.push(cit);
            }
        }
        parties.extend(here.into_iter().flat_map(|(_, p)| p));
        if !added.is_empty() {
            note.citations.extend(added);
            note.citations.sort_by_key(|c| c.span.start);
        }
    }
}

/// The words of a full citation that a shortened form of it repeats, computed once per
/// work (not once per sentence compared with it).
struct ShortenKey {
    title: Vec<String>,
    /// The first author's family name; `None` for a work without authors.
    family: Option<Vec<String>>,
    /// The words of the other authors' family names (`Zittrain, Albert, and Lessig`).
    others: Vec<String>,
}

impl ShortenKey {
    /// `None` for a work without title (it has no shortened form).
    fn of(work: &Citation) -> Option<ShortenKey> {
        let title = words_of(work.title.as_deref()?);
        Some(ShortenKey {
            title,
            family: work.authors.first().map(|p| words_of(&p.family)),
            others: work
                .authors
                .iter()
                .skip(1)
                .flat_map(|p| words_of(&p.family))
                .collect(),
        })
    }

    /// The word a shortened form of `work` must open with (`None`: no shortened form can
    /// match): the first word of [`ShortenKey::of`]'s family name, or of its title for a
    /// work without authors — found without splitting the rest.
    fn first_word(work: &Citation) -> Option<&str> {
        let title = work.title.as_deref()?;
        match work.authors.first() {
            Some(p) => first_word_as_written(&p.family),
            None => first_word_as_written(title),
        }
    }

    /// If `words` open with a shortened form of the work (`Family, Short Title` or, for a
    /// work without author, the start of its title), how many words that form takes.
    fn shortened_len(&self, words: &[String]) -> Option<usize> {
        let title = &self.title;
        let mut at = 0;
        if let Some(family) = &self.family {
            if family.is_empty() || !words.starts_with(family) {
                return None;
            }
            at = family.len();
            // `Family and Other,` / `Family, Second, and Third,` / `Family et al.,`
            while words.get(at).is_some_and(|w| {
                matches!(w.as_str(), "and" | "et" | "al") || self.others.contains(w)
            }) {
                at += 1;
            }
        }
        let shared = title
            .iter()
            .zip(&words[at.min(words.len())..])
            .take_while(|(a, b)| a == b)
            .count();
        let needed = if self.family.is_none() { 3 } else { 2 };
        // after the authors, a one-word short title will do when only a pinpoint follows
        // (`Zittrain, Albert, and Lessig, "Perma," 180`)
        let only_pinpoint = || {
            let tail = &words[(at + shared).min(words.len())..];
            tail.len() <= 4
                && tail
                    .iter()
                    .all(|w| w == "at" || w.chars().all(|c| c.is_ascii_digit()))
        };
        (shared > 0
            && (shared >= needed.min(title.len()) || self.family.is_some() && only_pinpoint()))
        .then_some(at + shared)
    }
}

/// Chicago notes cite a work again as `Family, Short Title, pages.`: too bare for the
/// segmenter, so find such sentences that name an earlier full citation and add them as
/// short forms of type `short`.
fn mark_shortened(footnotes: &mut [Footnote]) {
    // the full citations so far (note, citation), indexed by the word their shortened form
    // must open with: a sentence is compared with the works it can name, not with every
    // work; a work's words are split when a sentence is first compared with it
    let mut works: Vec<(usize, usize, OnceCell<Option<ShortenKey>>)> = Vec::new();
    let mut by_first_word: foldhash::HashMap<String, Vec<usize>> = foldhash::HashMap::default();
    // a first word in lower case (one buffer for all: most are only looked up)
    let mut lower = String::new();
    for n in 0..footnotes.len() {
        let (done, rest) = footnotes.split_at_mut(n);
        let note = &mut rest[0];
        let body_start = note.span.end.saturating_sub(note.text.len());
        let mut added = Vec::new();
        for (mut s, e) in citation_sentences(&note.text) {
            // `For a discussion, see Lessig, *Future*, 89.`: the citation starts at its signal
            // (the sentence's signal is looked for again only when its start moved)
            let mut signal_here = crate::extract::shape::signal_at(&note.text[s..e]);
            if signal_here.is_none() {
                if let Some(k) = embedded_signal(&note.text[s..e]) {
                    s += k;
                    signal_here = crate::extract::shape::signal_at(&note.text[s..e]);
                }
            }
            let span = crate::model::Span::new(body_start + s, body_start + e);
            let mut covering = note
                .citations
                .iter()
                .enumerate()
                .filter(|(_, x)| x.span.start < span.end && span.start < x.span.end);
            // a sentence extraction read as a citation of its own, with no outlet, date or
            // URL (`Diamond, "Democratic Regression," 50.`): a short form if it has the shape
            let bare = match (covering.next(), covering.next()) {
                (None, _) => None,
                (Some((i, x)), None) if is_bare(x) && span.start <= x.span.start => Some(i),
                _ => continue,
            };
            let sentence = &note.text[s..e];
            let (signal, rest) = match signal_here {
                Some((sig, k)) => (Some(sig), &sentence[k..]),
                None => (None, sentence),
            };
            let body = without_parenthetical(rest);
            // most sentences open with no work's word: no need to split them
            let list = first_word_as_written(body).and_then(|w| {
                lower_into(w, &mut lower);
                by_first_word.get(lower.as_str())
            });
            let words = list.map(|_| words_of(body)).unwrap_or_default();
            let shortened = list.and_then(|list| {
                list.iter().rev().find_map(|&k| {
                    let (wn, wc, key) = &works[k];
                    key.get_or_init(|| ShortenKey::of(&done[*wn].citations[*wc]))
                        .as_ref()?
                        .shortened_len(&words)
                })
            });
            // only a pinpoint may follow the short title
            let pinpoint_after = |len: usize| {
                let tail = &words[len..];
                (tail.len() <= 4
                    && tail
                        .iter()
                        .all(|w| w.chars().all(|c| c.is_ascii_digit()) || w == "at"))
                .then(|| (!tail.is_empty()).then(|| tail.join("-")))
            };
            // otherwise a work this document has not cited in full (an earlier chapter's,
            // say) or whose full citation reads differently: a short form all the same when
            // it has a short form's shape
            let Some(pinpoint) = shortened
                .and_then(pinpoint_after)
                .or_else(|| super::short_form::shortened_shape(body))
                .or_else(|| super::short_form::case_short_shape(body).map(|c| c.pinpoint))
            else {
                continue;
            };
            if let Some(i) = bare {
                let c = &mut note.citations[i];
                c.pinpoint = pinpoint.or(c.pinpoint.take());
                c.short_form = Some(ShortForm {
                    kind: ShortFormKind::Short,
                    note: None,
                    resolves_to: None,
                });
                continue;
            }
            let mut cit = Citation::unparsed(sentence.to_string(), span);
            cit.signal = signal.map(str::to_string);
            cit.parsed = true;
            cit.pinpoint = pinpoint;
            cit.short_form = Some(ShortForm {
                kind: ShortFormKind::Short,
                note: None,
                resolves_to: None,
            });
            added.push(cit);
        }
        if !added.is_empty() {
            note.citations.extend(added);
            note.citations.sort_by_key(|c| c.span.start);
        }
        for (i, c) in note.citations.iter().enumerate() {
            if c.short_form.is_some() || !c.parsed {
                continue;
            }
            let Some(first) = ShortenKey::first_word(c) else {
                continue;
            };
            lower_into(first, &mut lower);
            match by_first_word.get_mut(lower.as_str()) {
                Some(list) => list.push(works.len()),
                None => {
                    by_first_word.insert(lower.clone(), vec![works.len()]);
                }
            }
            works.push((n, i, OnceCell::new()));
        }
    }
}

/// A citation that says no more than a short form does: no outlet, date or URL, and read
/// as no kind of work.
fn is_bare(c: &Citation) -> bool {
    c.short_form.is_none()
        && c.kind == crate::model::CitationKind::Other
        && c.outlet.is_none()
        && c.date.is_none()
        && c.url.is_none()
}

/// Where a signal opens a citation inside a sentence (`For a discussion of his ideas, see
/// Lessig, *Future*, 89.`): after a comma, in lower case.
///
/// The `, ` are found as the `,` bytes a space follows (`, ` cannot overlap itself, so
/// these are `match_indices(", ")`, without a substring searcher's setup per sentence).
fn embedded_signal(sentence: &str) -> Option<usize> {
    let b = sentence.as_bytes();
    memchr::memchr_iter(b',', b).find_map(|i| {
        if b.get(i + 1) != Some(&b' ') {
            return None;
        }
        let at = i + 2;
        let rest = &sentence[at..];
        (rest.starts_with(|c: char| c.is_lowercase())
            && crate::extract::shape::signal_at(rest).is_some())
        .then_some(at)
    })
}

/// `Title, 485 (testimony of Jack Valenti).` without its closing parenthetical.
fn without_parenthetical(s: &str) -> &str {
    let t = s.trim_end().trim_end_matches('.');
    match (t.ends_with(')'), t.rfind(" (")) {
        (true, Some(i)) => &t[..i],
        _ => s,
    }
}

/// Sentences of a note (byte ranges, trimmed), cut after `.`/`;` followed by whitespace.
///
/// Only the `.` and `;` bytes are looked at (a byte search, not a walk over every
/// character): in UTF-8 those bytes are the characters `.` and `;` and nothing else.
fn citation_sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for i in memchr::memchr2_iter(b'.', b';', bytes) {
        let period = bytes[i] == b'.';
        // not after initials, nor before a word in lower case (`Mem. and Order`)
        let end_here = !period
            || bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace())
                && !ends_with_initials(&text[start..i])
                && !text[i + 1..]
                    .trim_start()
                    .starts_with(|c: char| c.is_lowercase());
        if end_here {
            push_trimmed(text, start, i + usize::from(period), &mut out);
            start = i + 1;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

/// Does `before` (text up to a full stop) end with initials, whose full stop ends no
/// sentence: `U.S` (`U.S. Congress`), `J` (`J. Smith`)?
///
/// Its last letter is a capital, then (most full stops follow a small letter, a digit or
/// a bracket: answered without splitting the word).
fn ends_with_initials(before: &str) -> bool {
    if !before.chars().next_back().is_some_and(char::is_uppercase) {
        return false;
    }
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or_default();
    let mut letters = word.split('.');
    let single_capital = |w: &str| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.next().is_none()
    };
    letters.all(single_capital)
}

fn push_trimmed(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &text[s..e];
    let rest = piece.trim_start();
    let lead = piece.len() - rest.len();
    let t = rest.trim_end();
    if !t.is_empty() {
        out.push((s + lead, s + lead + t.len()));
    }
}

fn all_refs(footnotes: &[Footnote]) -> impl Iterator<Item = CiteRef> + '_ {
    footnotes.iter().enumerate().flat_map(|(n, f)| {
        (0..f.citations.len()).map(move |i| CiteRef {
            note: n,
            citation: i,
        })
    })
}

fn is_full(footnotes: &[Footnote], r: CiteRef) -> bool {
    footnotes[r.note]
        .citations
        .get(r.citation)
        .is_some_and(|c| c.short_form.is_none())
}

/// The first of [`words_of`] `s` as written (not yet in lower case), without splitting the
/// rest.
fn first_word_as_written(s: &str) -> Option<&str> {
    s.split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
}

/// Do the [`words_of`] the citation as written (signal and LaTeX emphasis commands left
/// out) start with `lead`? Only as many words as `lead` holds are read, and none is copied.
fn written_starts_with(c: &Citation, lead: &[String]) -> bool {
    let mut words = strip_signal(&c.text, c.signal.as_deref())
        .split(|ch: char| !ch.is_alphanumeric())
        .filter(|w| !w.is_empty() && !is_emphasis_command(w));
    lead.iter()
        .all(|l| words.next().is_some_and(|w| lower_eq(w, l)))
}

/// Is `w` in lower case `textit`, `emph` or `textsc`?
fn is_emphasis_command(w: &str) -> bool {
    if w.is_ascii() {
        ["textit", "emph", "textsc"]
            .iter()
            .any(|c| w.eq_ignore_ascii_case(c))
    } else {
        matches!(w.to_lowercase().as_str(), "textit" | "emph" | "textsc")
    }
}

/// `w.to_lowercase() == lower`, without the copy for an ASCII `w`.
fn lower_eq(w: &str, lower: &str) -> bool {
    if w.is_ascii() {
        w.len() == lower.len()
            && w.bytes()
                .zip(lower.bytes())
                .all(|(a, b)| a.to_ascii_lowercase() == b)
    } else {
        w.to_lowercase() == lower
    }
}

/// `word.to_lowercase()`, written into `out` (a reused buffer: no allocation per word).
fn lower_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        // `str::to_lowercase` knows context (a final `Σ`): leave such words to it
        out.push_str(&word.to_lowercase());
    }
}

/// Lower-case alphanumeric words of `s`.
fn words_of(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The author or short title a short form names its source by, as written.
pub fn lead_text(c: &Citation) -> String {
    c.authors_as_written
        .clone()
        .or_else(|| c.title.clone())
        .unwrap_or_else(|| {
            c.authors
                .iter()
                .map(|p| p.display())
                .collect::<Vec<_>>()
                .join(" & ")
        })
}

/// The words a short form names its source by (author or short title), connectives and
/// `et al.` dropped.
fn lead_words(c: &Citation) -> Vec<String> {
    let lead = c
        .authors_as_written
        .clone()
        .or_else(|| c.title.clone())
        .or_else(|| {
            (!c.authors.is_empty()).then(|| {
                c.authors
                    .iter()
                    .map(|p| p.family.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        })
        .unwrap_or_default();
    words_of(&lead)
        .into_iter()
        .filter(|w| !matches!(w.as_str(), "and" | "et" | "al"))
        .collect()
}

/// Whether `seq` occurs in `hay` as consecutive words.
fn contains_words(hay: &[String], seq: &[String]) -> bool {
    !seq.is_empty() && hay.windows(seq.len()).any(|w| w == seq)
}

/// Does citation `cand` answer to the words `lead` (an author's family name, the authors
/// as written, its title or the start of it, or its `hereinafter` title)? `key` holds
/// `cand`'s words.
fn names(cand: &Citation, key: &NameKey, lead: &[String]) -> bool {
    if let Some(h) = key.hereinafter(cand) {
        if h == lead {
            return true;
        }
    }
    // every name in the lead is one of the candidate's authors (`Jones & Lee`)
    let families = key.families(cand);
    if !families.is_empty() {
        let all_named = families.iter().any(|f| contains_words(lead, f))
            && lead.iter().all(|w| {
                families.iter().any(|f| f.contains(w))
                    || key
                        .givens(cand)
                        .iter()
                        .any(|g| g.as_ref().is_some_and(|g| g.contains(w)))
            });
        if all_named {
            return true;
        }
    }
    if let Some(a) = key.authors_as_written(cand) {
        if contains_words(a, lead) {
            return true;
        }
    }
    // the citation as written opens with the lead (robust to a mis-parsed title)
    if written_starts_with(cand, lead) {
        return true;
    }
    // a short title: the start of the title, or (for cases) a party's name in it
    if let Some(tw) = key.title(cand) {
        if tw.starts_with(lead) || (lead.len() >= 2 && contains_words(tw, lead)) {
            return true;
        }
        // a party's name in a case, or an author the parser left in the title
        if lead.len() == 1 && lead[0].chars().count() >= 4 && tw.contains(&lead[0]) {
            return cand.kind == crate::model::CitationKind::Case || cand.authors.is_empty();
        }
    }
    false
}

/// A citation that is only a `hereinafter` title defined elsewhere, plus a pinpoint
/// (`Senate Report at 45`), becomes a short form of type `hereinafter`.
fn mark_hereinafter_uses(footnotes: &mut [Footnote]) {
    let defined: Vec<Vec<String>> = footnotes
        .iter()
        .flat_map(|f| f.citations.iter())
        .filter_map(|c| c.hereinafter.as_deref())
        .map(words_of)
        .filter(|w| !w.is_empty())
        .collect();
    if defined.is_empty() {
        return;
    }
    // longest first, so `Senate Report II` wins over `Senate Report` where both fit
    let mut by_length: Vec<&[String]> = defined.iter().map(Vec::as_slice).collect();
    by_length.sort_by_key(|d| std::cmp::Reverse(d.len()));
    by_length.dedup();
    for f in footnotes.iter_mut() {
        add_uncovered_uses(f, &by_length);
    }
    for c in footnotes.iter_mut().flat_map(|f| f.citations.iter_mut()) {
        if c.short_form.is_some() || c.hereinafter.is_some() || c.url.is_some() {
            continue;
        }
        let body = strip_signal(&c.text, c.signal.as_deref());
        let words = words_of(body);
        let Some(def) = defined.iter().find(|d| words.starts_with(d)) else {
            continue;
        };
        // what follows the title may only be a pinpoint: `at 45`, `, 45–46`, `¶ 3`
        let rest = &words[def.len()..];
        let pin_only = rest
            .iter()
            .enumerate()
            .all(|(k, w)| (k == 0 && w == "at") || w.chars().all(|ch| ch.is_ascii_digit()));
        if !pin_only {
            continue;
        }
        c.title = Some(def.join(" "));
        c.pinpoint = (!rest.is_empty()).then(|| {
            rest.iter()
                .filter(|w| *w != "at")
                .cloned()
                .collect::<Vec<_>>()
                .join("-")
        });
        c.authors.clear();
        c.authors_as_written = None;
        c.outlet = None;
        c.date = None;
        c.kind = crate::model::CitationKind::Other;
        c.parsed = true;
        c.short_form = Some(ShortForm {
            kind: ShortFormKind::Hereinafter,
            note: None,
            resolves_to: None,
        });
    }
}

/// A `hereinafter` title used on its own (`See Senate Report at 45.`) is too bare for the
/// segmenter to take for a citation: add it as one when it starts a citation sentence.
fn add_uncovered_uses(f: &mut Footnote, defs: &[&[String]]) {
    let body_start = f.span.end.saturating_sub(f.text.len());
    let mut added = Vec::new();
    for (start, end) in bare_uses(&f.text, defs) {
        let span = crate::model::Span::new(body_start + start, body_start + end);
        let covered = f
            .citations
            .iter()
            .any(|x| x.span.start < span.end && span.start < x.span.end);
        if covered {
            continue;
        }
        let mut cit = Citation::unparsed(f.text[start..end].to_string(), span);
        cit.signal = f.text[..start]
            .trim_end()
            .trim_end_matches(['*', '_'])
            .rsplit(['.', ';'])
            .next()
            .map(|s| s.trim().trim_matches(['*', '_']).to_string())
            .filter(|s| !s.is_empty());
        added.push(cit);
    }
    if added.is_empty() {
        return;
    }
    f.citations.extend(added);
    f.citations.sort_by_key(|c| c.span.start);
}

/// The byte ranges of bare uses of the titles `defs` (each its lowercase words) in `text`:
/// a use starts a clause (the text's start, or after `.`/`;` and a space), perhaps after a
/// signal (`See`, `See also`, `Cf.`, `Accord`, `Compare`); it is the title's words
/// (any case, separated by spaces or emphasis marks), an optional pinpoint (`at 45`,
/// `, at 45–46`), and nothing else before the clause ends (`.`, `;` or the end).
fn bare_uses(text: &str, defs: &[&[String]]) -> Vec<(usize, usize)> {
    let mut uses = Vec::new();
    let mut from = 0;
    let mut clause = Some(0);
    while let Some(at) = clause {
        if at >= from {
            if let Some(found) = use_at(text, at, defs).or_else(|| {
                let after = after_signal(text, at)?;
                use_at(text, after, defs)
            }) {
                from = found.1;
                uses.push(found);
            }
        }
        clause = next_clause(text, at);
    }
    uses
}

/// Where the clause after the one at `at` starts: after the next `.` or `;` that is
/// followed by whitespace, and the spaces after it. A byte search: in UTF-8 those bytes
/// are those characters.
fn next_clause(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let last = bytes.len().saturating_sub(1);
    memchr::memchr2_iter(b'.', b';', &bytes[at.min(last)..last])
        .map(|k| at + k)
        .find(|&i| bytes[i + 1].is_ascii_whitespace())
        .map(|i| skip_spaces(text, i + 1))
}

/// A use of one of `defs` starting exactly at `at`: its (start, end).
fn use_at(text: &str, at: usize, defs: &[&[String]]) -> Option<(usize, usize)> {
    let start = at;
    let at = eat_emphasis(text, at);
    defs.iter().find_map(|def| {
        let mut pos = at;
        for (k, word) in def.iter().enumerate() {
            if k > 0 {
                let gap = text[pos..]
                    .find(|c: char| !(c.is_whitespace() || c == '*' || c == '_'))
                    .unwrap_or(text.len() - pos);
                if gap == 0 {
                    return None;
                }
                pos += gap;
            }
            pos = eat_word(text, pos, word)?;
        }
        let mut end = eat_emphasis(text, pos);
        if let Some(pin) = pinpoint_end(text, end) {
            end = pin;
        }
        let rest = text[end..].trim_start();
        (rest.is_empty() || rest.starts_with(['.', ';'])).then_some((start, end))
    })
}

/// `word` (lowercase) at `at`, in any case: the position after it.
fn eat_word(text: &str, at: usize, word: &str) -> Option<usize> {
    let mut want = word.chars();
    let mut chars = text[at..].chars();
    let mut pos = at;
    while !want.as_str().is_empty() {
        let c = chars.next()?;
        if c.is_ascii() {
            // an ASCII letter lower-cases to one ASCII letter
            if want.next() != Some(c.to_ascii_lowercase()) {
                return None;
            }
            pos += 1;
            continue;
        }
        for lower in c.to_lowercase() {
            if want.next() != Some(lower) {
                return None;
            }
        }
        pos += c.len_utf8();
    }
    Some(pos)
}

/// ` at 45`, `, at 45–46` right after a title: the position after it.
fn pinpoint_end(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let rest_trimmed = rest.strip_prefix(',').unwrap_or(rest);
    let spaced = rest_trimmed.trim_start();
    if spaced.len() == rest_trimmed.len() || !spaced.starts_with("at") {
        return None;
    }
    let after_at = &spaced[2..];
    let digits_from = after_at.trim_start();
    if digits_from.len() == after_at.len() {
        return None;
    }
    let digits = digits_from.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let mut end = text.len() - digits_from.len() + digits;
    // a page range: `45–46`, `45 - 46`
    let tail = text[end..].trim_start();
    if let Some(after_dash) = tail.strip_prefix(['-', '–']) {
        let more = after_dash.trim_start();
        let n = more.bytes().take_while(u8::is_ascii_digit).count();
        if n > 0 {
            end = text.len() - more.len() + n;
        }
    }
    Some(end)
}

/// After a signal that opens a clause at `at` (`See`, `*See also*`, `Cf.`…) and its
/// space: where the cited title may start.
fn after_signal(text: &str, at: usize) -> Option<usize> {
    const SIGNALS: [&str; 5] = ["see also", "see", "cf.", "accord", "compare"];
    let pos = eat_emphasis(text, at);
    SIGNALS.iter().find_map(|signal| {
        let mut end = pos;
        for (k, word) in signal.split(' ').enumerate() {
            if k > 0 {
                let spaced = skip_spaces(text, end);
                if spaced == end {
                    return None;
                }
                end = spaced;
            }
            end = eat_word(text, end, word)?;
        }
        let end = eat_emphasis(text, end);
        let spaced = skip_spaces(text, end);
        (spaced > end).then_some(spaced)
    })
}

fn eat_emphasis(text: &str, at: usize) -> usize {
    if text[at..].starts_with(['*', '_']) {
        at + 1
    } else {
        at
    }
}

fn skip_spaces(text: &str, at: usize) -> usize {
    text.len() - text[at..].trim_start().len()
}

fn strip_signal<'a>(text: &'a str, signal: Option<&str>) -> &'a str {
    let t = text.trim_start_matches(['*', '_', ' ']);
    match signal {
        Some(s) => t
            .get(s.len()..)
            .filter(|_| t.starts_with(s))
            .unwrap_or(t)
            .trim_start_matches(['*', '_', ' ', ',']),
        None => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Format};
    use crate::outlets::Registry;

    const SEQUENCE: &str = include_str!("testdata/short_forms.md");

    /// [`citation_sentences`] as first written: a walk over every character.
    fn citation_sentences_by_chars(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = text.as_bytes();
        for (i, ch) in text.char_indices() {
            let end_here = match ch {
                ';' => true,
                '.' => {
                    bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace())
                        && !ends_with_initials(&text[start..i])
                        && !text[i + 1..]
                            .trim_start()
                            .starts_with(|c: char| c.is_lowercase())
                }
                _ => false,
            };
            if end_here {
                push_trimmed(text, start, i + usize::from(ch == '.'), &mut out);
                start = i + 1;
            }
        }
        push_trimmed(text, start, text.len(), &mut out);
        out
    }

    /// [`ends_with_initials`] as first written: the last word split at its full stops.
    fn ends_with_initials_by_split(before: &str) -> bool {
        let word = before
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or_default();
        let mut letters = word.split('.');
        let single_capital = |w: &str| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase) && cs.next().is_none()
        };
        letters.all(single_capital)
    }

    /// [`embedded_signal`] as first written: `match_indices(", ")`.
    fn embedded_signal_by_search(sentence: &str) -> Option<usize> {
        sentence.match_indices(", ").find_map(|(i, sep)| {
            let at = i + sep.len();
            let rest = &sentence[at..];
            (rest.starts_with(|c: char| c.is_lowercase())
                && crate::extract::shape::signal_at(rest).is_some())
            .then_some(at)
        })
    }

    #[test]
    fn a_signal_after_a_comma_is_found_in_its_sentence() {
        let s = "For a discussion of his ideas, see Lessig, *Future*, 89.";
        assert_eq!(embedded_signal(s), Some(31));
        assert_eq!(embedded_signal("Lessig,see also X"), None);
        assert_eq!(embedded_signal("Lessig, , see also X"), Some(10));
    }

    proptest::proptest! {
        /// The `,` bytes a space follows are the matches of `, `.
        #[test]
        fn embedded_signal_by_bytes_agrees_with_the_search(
            s in r"(, |,|,,| |see|See|also|cf\.|[a-z]{1,4}|é|中|\u{a0}|\*){0,14}"
        ) {
            proptest::prop_assert_eq!(embedded_signal(&s), embedded_signal_by_search(&s), "{:?}", s);
        }

        /// Initials are told by the last letter first as by splitting the last word.
        #[test]
        fn initials_by_last_letter_agree_with_the_split(
            s in r"([A-Z]|[a-z]{1,3}|\.|\(|\s|É|é|中|[0-9]|\u{a0}|\)){0,10}"
        ) {
            proptest::prop_assert_eq!(ends_with_initials(&s), ends_with_initials_by_split(&s), "{:?}", s);
        }

        /// The byte search cuts the sentences the walk over characters cut.
        #[test]
        fn sentence_byte_search_agrees_with_the_char_walk(
            s in r"([.;]|\.\s|J\. |U\.S\.|[a-zA-Z]{1,6}|\s{1,2}|é|É|中|\u{a0}|\(|[0-9]){0,30}"
        ) {
            proptest::prop_assert_eq!(citation_sentences(&s), citation_sentences_by_chars(&s), "{:?}", s);
        }

        /// The byte search finds the clause the scan over every byte found.
        #[test]
        fn next_clause_agrees_with_the_byte_walk(
            s in r"([.;]|\.\s|;\s|[a-z]{1,4}|\s{1,2}|é|中|\u{a0}){0,20}",
            at in 0usize..80,
        ) {
            let bytes = s.as_bytes();
            let walk = (at..bytes.len().saturating_sub(1))
                .find(|&i| {
                    matches!(bytes[i], b'.' | b';') && (bytes[i + 1] as char).is_ascii_whitespace()
                })
                .map(|i| skip_spaces(&s, i + 1));
            proptest::prop_assert_eq!(next_clause(&s, at), walk, "{:?} at {}", s, at);
        }
    }

    fn uses<'a>(text: &'a str, defs: &[&str]) -> Vec<&'a str> {
        let defs: Vec<Vec<String>> = defs.iter().map(|d| words_of(d)).collect();
        let mut refs: Vec<&[String]> = defs.iter().map(Vec::as_slice).collect();
        refs.sort_by_key(|d| std::cmp::Reverse(d.len()));
        bare_uses(text, &refs)
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect()
    }

    #[test]
    fn bare_hereinafter_uses_are_found_where_a_clause_starts() {
        assert_eq!(
            uses("See Senate Report at 45.", &["Senate Report"]),
            ["Senate Report at 45"]
        );
        // one use after another, signals in any case, emphasis and a page range
        assert_eq!(
            uses(
                "*Senate Report*, at 4–5; see also senate report at 9. Cf. _Senate Report_.",
                &["Senate Report"]
            ),
            [
                "*Senate Report*, at 4–5",
                "senate report at 9",
                "_Senate Report_"
            ]
        );
        // the longest title wins; a title followed by other words is not a bare use
        assert_eq!(
            uses(
                "Senate Report II at 3. Senate Report on Taxes 4 (2020).",
                &["Senate Report", "Senate Report II"]
            ),
            ["Senate Report II at 3"]
        );
        // not at a clause start, or glued to a longer word
        assert!(uses("The Senate Report at 45.", &["Senate Report"]).is_empty());
        assert!(uses("Senate Reports.", &["Senate Report"]).is_empty());
        assert!(uses("", &["Senate Report"]).is_empty());
    }

    fn extracted(text: &str) -> Vec<Footnote> {
        let doc = Document::new("t.md", Format::Markdown, text.to_string(), String::new());
        crate::extract::extract(doc, Registry::builtin()).footnotes
    }

    /// `note:index text → type note resolves_to` for every short form.
    fn table(notes: &[Footnote]) -> Vec<String> {
        let mut out = Vec::new();
        for f in notes {
            for (i, c) in f.citations.iter().enumerate() {
                if let Some(sf) = &c.short_form {
                    let kind = serde_json::to_value(sf.kind).unwrap_or_default();
                    out.push(format!(
                        "{}:{i} {} → {} note={:?} to={:?}",
                        f.label,
                        c.text.split_whitespace().collect::<Vec<_>>().join(" "),
                        kind.as_str().unwrap_or("?"),
                        sf.note,
                        sf.resolves_to.map(|t| (t.footnote, t.citation))
                    ));
                }
            }
        }
        out
    }

    #[test]
    fn a_law_review_sequence_resolves_as_an_editor_would() {
        let notes = extracted(SEQUENCE);
        insta::assert_snapshot!(table(&notes).join("\n"));
        let outcomes: Vec<(String, Outcome)> = analyze(&notes)
            .into_iter()
            .map(|r| (notes[r.at.note].label.clone(), r.outcome))
            .collect();
        let of = |label: &str| -> Vec<&Outcome> {
            outcomes
                .iter()
                .filter(|(l, _)| l == label)
                .map(|(_, o)| o)
                .collect()
        };
        // `Id.` after the string cite of note 1 could mean either work
        assert_eq!(of("2"), [&Outcome::Ambiguous { note: 0, count: 2 }]);
        // `Id.` after a single citation; `Benkler, supra note 1` finds the second work of note 1
        let three = CiteRef {
            note: 2,
            citation: 0,
        };
        assert_eq!(of("4")[0], &Outcome::Resolved(three));
        assert_eq!(
            of("4")[1],
            &Outcome::Resolved(CiteRef {
                note: 0,
                citation: 1
            })
        );
        // a hereinafter title with `supra`
        assert_eq!(
            of("5"),
            [&Outcome::Resolved(CiteRef {
                note: 0,
                citation: 0
            })]
        );
        // wrong note number (Litman is in note 3) and a note that does not exist
        assert_eq!(
            of("6"),
            [
                &Outcome::NotInNote {
                    note: 1,
                    elsewhere: Some(three)
                },
                &Outcome::NoteMissing(19)
            ]
        );
        // `supra` without a note; `supra` pointing forward
        assert_eq!(
            of("7"),
            [
                &Outcome::Resolved(CiteRef {
                    note: 0,
                    citation: 1
                }),
                &Outcome::Forward(CiteRef {
                    note: 7,
                    citation: 0
                })
            ]
        );
        // `IBID.` (any case) resolves to the only citation of note 8
        assert_eq!(
            of("9"),
            [&Outcome::Resolved(CiteRef {
                note: 7,
                citation: 0
            })]
        );
        // the author's work is first cited in full in note 11; `infra` names no work to check
        assert_eq!(
            of("10"),
            [
                &Outcome::BeforeFull(CiteRef {
                    note: 10,
                    citation: 0
                }),
                &Outcome::Unknown
            ]
        );
        assert_eq!(notes[9].citations.len(), 2);
        // a case by a party's name; a range of notes
        assert_eq!(
            of("13"),
            [
                &Outcome::Resolved(CiteRef {
                    note: 11,
                    citation: 0
                }),
                &Outcome::Resolved(CiteRef {
                    note: 10,
                    citation: 0
                })
            ]
        );
    }

    #[test]
    fn id_without_anything_before_it() {
        let notes = extracted("A.[^1]\n\n[^1]: Id. at 5.\n");
        assert_eq!(analyze(&notes)[0].outcome, Outcome::NoAntecedent);
    }

    #[test]
    fn id_chains_resolve_to_the_full_citation() {
        let notes = extracted(
            "A.[^1] B.[^2] C.[^3]\n\n[^1]: Jessica Litman, *Digital Copyright* 22 (2001).\n[^2]: Id. at 23.\n[^3]: Id. at 24.\n",
        );
        let sf = notes[2].citations[0].short_form.clone().unwrap();
        // `note` is the antecedent's footnote; `resolves_to` the full citation
        assert_eq!(sf.note, Some(1));
        assert_eq!(
            sf.resolves_to,
            Some(ShortFormTarget {
                footnote: 1,
                citation: 0
            })
        );
    }

    #[test]
    fn id_within_a_string_cite_points_to_the_citation_before_it() {
        let notes = extracted(
            "A.[^1]\n\n[^1]: Jessica Litman, *Digital Copyright* 22 (2001); id. at 30; Richard A. Posner, *Economic Analysis of Law* 3 (9th ed. 2014).\n",
        );
        let r = analyze(&notes);
        assert_eq!(
            r[0].outcome,
            Outcome::Resolved(CiteRef {
                note: 0,
                citation: 0
            })
        );
    }

    #[test]
    fn bare_hereinafter_titles_become_short_forms() {
        let notes = extracted(
            "A.[^1] B.[^2] C.[^3]\n\n[^1]: Senate Select Comm. on Intelligence, *Russian Active Measures Campaigns and Interference in the 2016 U.S. Election* 12 (2020) [hereinafter *Senate Report*].\n[^2]: *See* Senate Report at 45.\n[^3]: Senate Report, *supra* note 1, at 50.\n",
        );
        let sf = notes[1].citations[0].short_form.clone().unwrap();
        assert_eq!(sf.kind, ShortFormKind::Hereinafter);
        assert_eq!(
            sf.resolves_to,
            Some(ShortFormTarget {
                footnote: 1,
                citation: 0
            })
        );
        assert_eq!(notes[1].citations[0].pinpoint.as_deref(), Some("45"));
        let sf = notes[2].citations[0].short_form.clone().unwrap();
        assert_eq!(
            sf.resolves_to,
            Some(ShortFormTarget {
                footnote: 1,
                citation: 0
            })
        );
    }

    #[test]
    fn chicago_shortened_citations_resolve_to_the_full_citation() {
        // Lessig, *Free Culture* (2004), notes 72–90, in Chicago notes style
        let notes = extracted(
            "A.[^72] B.[^78] C.[^87] D.[^88] E.[^90] F.[^91]\n\n\
[^72]: For an analysis, see Stan Liebowitz, *Rethinking the Network Economy* (New York: Amacom, 2002), 144-90.\n\
[^78]: See Liebowitz, *Rethinking the Network Economy*, 148-49.\n\
[^87]: *Copyright Infringements (Audio and Video Recorders): Hearing on S. 1758 Before the Senate Committee on the Judiciary*, 97th Cong., 1st and 2nd sess., 459 (1982).\n\
[^88]: *Copyright Infringements (Audio and Video Recorders)*, 475.\n\
[^90]: *Copyright Infringements (Audio and Video Recorders)*, 485 (testimony of Jack Valenti).\n\
[^91]: Liebowitz wrote about the network economy, and so did many others.\n",
        );
        let short = |label: &str| {
            let f = notes.iter().find(|f| f.label == label).unwrap();
            f.citations.iter().find_map(|c| c.short_form.clone())
        };
        let sf = short("78").unwrap();
        assert_eq!(sf.kind, ShortFormKind::Short);
        assert_eq!(sf.note, Some(72));
        for label in ["88", "90"] {
            let sf = short(label).unwrap();
            assert_eq!(
                (sf.kind, sf.note),
                (ShortFormKind::Short, Some(87)),
                "{label}"
            );
        }
        // prose that merely names the author is no shortened citation
        assert_eq!(short("91"), None);
    }

    #[test]
    fn shortened_citations_of_works_not_cited_here_are_short_forms_by_their_shape() {
        // a chapter citing the author's earlier book and a report cited in another chapter
        let notes = extracted(
            "A.[^74] B.[^80] C.[^93]\n\n\
[^74]: Christensen examines why leaders miss new markets. For a discussion of his ideas, see Lawrence Lessig, *Future*, 89-92, 139.\n\
[^80]: U.S. Congress, *Copyright and Home Copying*, 4.\n\
[^93]: Congress taxed tape sales. See Lessig, *Future*, 71. The tax changed little, *in my view*, 12 times over.\n",
        );
        let shorts = |label: &str| -> Vec<(String, Option<String>, Option<String>)> {
            let f = notes.iter().find(|f| f.label == label).unwrap();
            f.citations
                .iter()
                .filter(|c| {
                    c.short_form
                        .as_ref()
                        .is_some_and(|s| s.kind == ShortFormKind::Short)
                })
                .map(|c| (c.text.clone(), c.signal.clone(), c.pinpoint.clone()))
                .collect()
        };
        let owned = |t: &str, sig: Option<&str>, pin: &str| {
            (
                t.to_string(),
                sig.map(str::to_string),
                Some(pin.to_string()),
            )
        };
        // the citation starts at its signal, not at the start of the sentence
        assert_eq!(
            shorts("74"),
            [owned(
                "see Lawrence Lessig, *Future*, 89-92, 139.",
                Some("See"),
                "89-92, 139"
            )]
        );
        // `U.S.` ends no sentence
        assert_eq!(
            shorts("80"),
            [owned(
                "U.S. Congress, *Copyright and Home Copying*, 4.",
                None,
                "4"
            )]
        );
        assert_eq!(
            shorts("93"),
            [owned("See Lessig, *Future*, 71.", Some("See"), "71")]
        );
        for label in ["74", "80", "93"] {
            let f = notes.iter().find(|f| f.label == label).unwrap();
            let sf = f
                .citations
                .iter()
                .find_map(|c| c.short_form.as_ref())
                .unwrap();
            assert_eq!((sf.note, sf.resolves_to), (None, None), "{label}");
        }
    }

    #[test]
    fn a_short_form_after_a_full_citation_that_reads_differently_keeps_its_shape() {
        // the full citation follows commentary with no signal; its title is emphasised
        let notes = extracted(
            "A.[^79] B.[^80]\n\n\
[^79]: In 1988, 40 percent of consumers had taped music. U.S. Congress, Office of Technology Assessment, *Copyright and Home Copying: Technology Challenges the Law*, OTA-CIT-422 (Washington, D.C.: U.S. Government Printing Office, October 1989), 145-56.\n\
[^80]: U.S. Congress, *Copyright and Home Copying*, 4.\n",
        );
        let note = |label: &str| notes.iter().find(|f| f.label == label).unwrap();
        assert!(note("79")
            .citations
            .iter()
            .any(|c| c.text.starts_with("U.S. Congress, Office")));
        let sf = note("80").citations[0].short_form.as_ref().unwrap();
        assert_eq!(sf.kind, ShortFormKind::Short);
        assert_eq!(sf.note, Some(79));
    }

    #[test]
    fn id_passes_over_cross_references() {
        let notes = extracted(
            "A.[^1] B.[^2] C.[^3] D.[^4]\n\n\
[^1]: Lawrence Lessig, *Free Culture* 12 (2004). *See infra* Part III.\n\
[^2]: *Id.* at 14.\n\
[^3]: *See supra* Part II; Yochai Benkler, *The Wealth of Networks* 3 (2006).\n\
[^4]: *Id.* at 5.\n",
        );
        let r = analyze(&notes);
        let outcome = |note: usize| {
            r.iter()
                .find(|x| x.at.note == note && x.kind == ShortFormKind::Id)
                .map(|x| x.outcome.clone())
        };
        // note 1 holds one authority and a cross-reference: `Id.` is no ambiguity
        assert_eq!(
            outcome(1),
            Some(Outcome::Resolved(CiteRef {
                note: 0,
                citation: 0
            }))
        );
        assert_eq!(
            outcome(3),
            Some(Outcome::Resolved(CiteRef {
                note: 2,
                citation: 1
            }))
        );
    }

    #[test]
    fn a_case_named_by_one_party_in_italics_is_a_short_form_of_it() {
        // Mueller report, vol. I: filings of one case cited by its party's name
        let notes = extracted(
            "A.[^19] B.[^51] C.[^52]\n\n\
[^19]: *See* Veselnitskaya Decl., *United States v. Prevezon Holdings, Ltd.*, No. 13-cv-6326 (S.D.N.Y.); *see Prevezon Holdings*, Second Amended Complaint; *Prevezon Holdings*, Mem. and Order.\n\
[^51]: Testimony of Natalia Veselnitskaya (Nov. 20, 2017); *see also* *Prevezon Holdings* Order (Oct. 17, 2016).\n\
[^52]: *United States* v. Smith, 5 F.3d 1 (2d Cir. 1999); *United States*, Brief for Appellee.\n",
        );
        type Short = (String, Option<u32>, Option<(u32, usize)>);
        let shorts = |label: &str| -> Vec<Short> {
            let f = notes.iter().find(|f| f.label == label).unwrap();
            f.citations
                .iter()
                .filter_map(|c| {
                    let sf = c.short_form.as_ref()?;
                    assert_eq!(sf.kind, ShortFormKind::Short);
                    Some((
                        c.text.clone(),
                        sf.note,
                        sf.resolves_to.map(|t| (t.footnote, t.citation)),
                    ))
                })
                .collect()
        };
        let to_19 = |t: &str| (t.to_string(), Some(19), Some((19, 0)));
        assert_eq!(
            shorts("19"),
            [
                to_19("*see Prevezon Holdings*, Second Amended Complaint"),
                to_19("*Prevezon Holdings*, Mem. and Order."),
            ]
        );
        assert_eq!(
            shorts("51"),
            [to_19(
                "*see also* *Prevezon Holdings* Order (Oct. 17, 2016)"
            )]
        );
        // the government names no case
        assert_eq!(shorts("52"), []);
    }

    /// A short form's kind, note and what it resolves to (note, citation index).
    type ShortOf = (ShortFormKind, Option<u32>, Option<(u32, usize)>);

    /// (kind, note, resolves-to) of every short form in the note labelled `label`.
    fn short_forms_of(notes: &[Footnote], label: &str) -> Vec<ShortOf> {
        let f = notes.iter().find(|f| f.label == label).unwrap();
        f.citations
            .iter()
            .filter_map(|c| {
                let sf = c.short_form.as_ref()?;
                Some((
                    sf.kind,
                    sf.note,
                    sf.resolves_to.map(|t| (t.footnote, t.citation)),
                ))
            })
            .collect()
    }

    #[test]
    fn a_case_cited_again_by_party_volume_and_reporter_is_a_short_form_of_it() {
        let notes = extracted(
            "A.[^1] B.[^2] C.[^3] D.[^4] E.[^5]\n\n\
[^1]: New York Times Co. v. Sullivan, 376 U.S. 254, 270 (1964); Branzburg v. Hayes, 408 U.S. 665 (1972).\n\
[^2]: Sullivan, 376 U.S. at 279.\n\
[^3]: See N.Y. Times Co., 376 U.S. at 280; Branzburg, 408 U.S. at 681–82.\n\
[^4]: Hustler, 485 U.S. at 50.\n\
[^5]: Id. at 51.\n",
        );
        let short = ShortFormKind::Short;
        assert_eq!(
            short_forms_of(&notes, "2"),
            [(short, Some(1), Some((1, 0)))]
        );
        // by the volume and reporter when the party is written another way
        assert_eq!(
            short_forms_of(&notes, "3"),
            [
                (short, Some(1), Some((1, 0))),
                (short, Some(1), Some((1, 1)))
            ]
        );
        let n3 = notes.iter().find(|f| f.label == "3").unwrap();
        assert_eq!(n3.citations[1].pinpoint.as_deref(), Some("681–82"));
        // a case this document never cited in full stays unresolved, but is a short form
        assert_eq!(short_forms_of(&notes, "4"), [(short, None, None)]);
    }

    #[test]
    fn a_bare_shortened_citation_read_as_a_citation_is_a_short_form() {
        let notes = extracted(
            "A.[^1] B.[^2] C.[^3]\n\n\
[^1]: Larry Diamond, \"Democratic Regression in Comparative Perspective,\" *Journal of Democracy* 31, no. 2 (April 2020): 45–59.\n\
[^2]: Diamond, \"Democratic Regression,\" 50.\n\
[^3]: Jonathan Zittrain, Kendra Albert, and Lawrence Lessig, \"Perma: Scoping and Addressing Link Rot,\" *Harvard Law Review Forum* 127 (2014): 176; Zittrain, Albert, and Lessig, \"Perma,\" 180.\n",
        );
        let short = ShortFormKind::Short;
        assert_eq!(
            short_forms_of(&notes, "2"),
            [(short, Some(1), Some((1, 0)))]
        );
        let n2 = &notes.iter().find(|f| f.label == "2").unwrap().citations[0];
        assert_eq!(n2.pinpoint.as_deref(), Some("50"));
        // three authors, and a one-word short title followed only by the page
        assert_eq!(
            short_forms_of(&notes, "3"),
            [(short, Some(3), Some((3, 0)))]
        );
    }

    #[test]
    fn a_short_title_matches_the_citation_as_written_when_its_title_was_misread() {
        // the report cites its own exhibits by the opening words (Mueller report, vol. I)
        let notes = extracted(
            "A.[^50]\n\n[^50]: Written Responses of Donald J. Trump (Nov. 20, 2018), at 8. The answers say ``[i]n light of'' the shooting. *See* Written Responses, *supra*.\n",
        );
        let r = analyze(&notes);
        assert_eq!(r.len(), 1);
        assert_eq!(
            r[0].outcome,
            Outcome::Resolved(CiteRef {
                note: 0,
                citation: 0
            })
        );
    }
}
