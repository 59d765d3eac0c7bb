//! The fact-checking ledger: a verification status for every citation, kept across
//! revisions of a document.
//!
//! A ledger entry is keyed by the document's path and the citation's *content
//! fingerprint*: its normalized authors, title, outlet (registry id or spelling), date
//! (ISO or spelling), URL and pinpoint — plus, for a short form (`Id.`, `supra`), the
//! fingerprint of the citation it resolves to. Row ids of `citations` are not used: a
//! changed document's rows are replaced on re-scan. [`matcher`] pairs a document's stored
//! entries with its current citations; `store::ledger` writes the outcome.
//!
//! This module is pure (no database): fingerprints, the matcher, and [`Ledger`], the
//! statuses the lint rules IB501/IB502 read.

pub mod matcher;

use crate::export::works::normalize;
use crate::model::{Citation, Extraction, Footnote, ShortFormKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A citation's verification status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Unchecked,
    Verified,
    Problem,
    Unavailable,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Verified,
        Status::Problem,
        Status::Unavailable,
        Status::Unchecked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unchecked => "unchecked",
            Status::Verified => "verified",
            Status::Problem => "problem",
            Status::Unavailable => "unavailable",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// One compared field of a citation: what to show and the normalized key that is compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    /// As written (for history rows: `date: Apr. 24, 2020 → Apr. 25, 2020`).
    pub display: String,
    /// Normalized for comparison (case, accents, punctuation and spacing ignored).
    pub key: String,
}

/// The content of a citation that the ledger compares.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Content {
    /// Present fields only, in a fixed order.
    pub fields: Vec<Field>,
}

impl Content {
    /// The fingerprint: every present field's normalized key, in a fixed order.
    pub fn fingerprint(&self) -> String {
        let parts: Vec<String> = self
            .fields
            .iter()
            .map(|f| format!("{}={}", f.name, f.key))
            .collect();
        parts.join("\u{1f}")
    }

    pub fn get(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Field-by-field differences from `self` to `new`, in field order.
    pub fn changes_to(&self, new: &Content) -> Vec<Change> {
        let mut names: Vec<&str> = Vec::new();
        for name in FIELD_ORDER {
            if self.get(name).is_some() || new.get(name).is_some() {
                names.push(name);
            }
        }
        names
            .into_iter()
            .filter_map(|name| {
                let (old, new) = (self.get(name), new.get(name));
                if old.map(|f| &f.key) == new.map(|f| &f.key) {
                    return None;
                }
                Some(Change {
                    field: name.to_string(),
                    from: old.map(|f| f.display.clone()),
                    to: new.map(|f| f.display.clone()),
                })
            })
            .collect()
    }
}

/// One field that changed between two versions of a citation (`None`: absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_string());
        write!(
            f,
            "{}: {} → {}",
            self.field,
            show(&self.from),
            show(&self.to)
        )
    }
}

/// Field names in the order they are fingerprinted and reported.
pub const FIELD_ORDER: [&str; 9] = [
    "short form",
    "refers to",
    "authors",
    "title",
    "outlet",
    "date",
    "url",
    "pinpoint",
    "text",
];

fn field(name: &str, display: &str, key: String) -> Option<Field> {
    if key.is_empty() {
        return None;
    }
    Some(Field {
        name: name.to_string(),
        display: display.trim().to_string(),
        key,
    })
}

fn short_form_name(kind: ShortFormKind) -> &'static str {
    match kind {
        ShortFormKind::Id => "Id.",
        ShortFormKind::Ibid => "Ibid.",
        ShortFormKind::Supra => "supra",
        ShortFormKind::Hereinafter => "hereinafter",
        ShortFormKind::Short => "short form",
        ShortFormKind::Infra => "infra",
    }
}

/// The fields of a citation's own text (no short-form resolution).
fn own_fields(c: &Citation) -> Vec<Field> {
    let mut out = Vec::new();
    if !c.authors.is_empty() {
        let display: Vec<String> = c.authors.iter().map(|p| p.display()).collect();
        let key: Vec<String> = c.authors.iter().map(|p| normalize(&p.display())).collect();
        out.extend(field("authors", &display.join(" & "), key.join("|")));
    }
    if let Some(t) = &c.title {
        out.extend(field("title", t, normalize(t)));
    }
    if let Some(o) = &c.outlet {
        let key = match &o.id {
            Some(id) => format!("id:{id}"),
            None => normalize(&o.as_written),
        };
        out.extend(field("outlet", &o.as_written, key));
    }
    if let Some(d) = &c.date {
        let key = d.iso.clone().unwrap_or_else(|| normalize(&d.as_written));
        out.extend(field("date", &d.as_written, key));
    }
    if let Some(u) = &c.url {
        let key = u.trim().trim_end_matches('/').to_string();
        out.extend(field("url", u, key));
    }
    if let Some(p) = &c.pinpoint {
        out.extend(field("pinpoint", p, normalize(p)));
    }
    out
}

/// Whether the fields identify a source (otherwise the text does).
fn identifying(fields: &[Field]) -> bool {
    fields
        .iter()
        .any(|f| matches!(f.name.as_str(), "authors" | "title" | "outlet" | "url"))
}

/// The content of citation `c` of a document whose footnotes are `notes` (for resolving
/// short forms to the citation they stand for).
pub fn content(c: &Citation, notes: &[Footnote]) -> Content {
    let mut fields = Vec::new();
    let mut has_target = false;
    if let Some(short) = &c.short_form {
        let name = short_form_name(short.kind);
        fields.extend(field("short form", name, name.to_ascii_lowercase()));
        let target = short.resolves_to.and_then(|t| {
            notes
                .iter()
                .find(|n| n.number == Some(t.footnote))
                .and_then(|n| n.citations.get(t.citation))
                .filter(|t| t.short_form.is_none())
        });
        if let Some(t) = target {
            let own = own_fields(t);
            let key = if identifying(&own) {
                Content { fields: own }.fingerprint()
            } else {
                normalize(&t.text)
            };
            has_target = true;
            fields.extend(field("refers to", &t.text, key));
        }
    }
    let own = own_fields(c);
    let identified = has_target || identifying(&own);
    fields.extend(own);
    if !identified || !c.parsed {
        fields.extend(field("text", &c.text, normalize(&c.text)));
    }
    // Keep FIELD_ORDER regardless of the order they were gathered in.
    fields.sort_by_key(|f| FIELD_ORDER.iter().position(|n| *n == f.name));
    Content { fields }
}

/// A citation as it stands in the current version of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// Index of the footnote in the document's footnote list (0-based).
    pub footnote_ordinal: usize,
    pub footnote_number: Option<u32>,
    pub footnote_label: String,
    /// Index of the citation in its footnote (0-based).
    pub citation_index: usize,
    pub text: String,
    pub content: Content,
}

impl Located {
    pub fn fingerprint(&self) -> String {
        self.content.fingerprint()
    }
}

/// Every citation of a document's footnotes, in document order.
pub fn located(notes: &[Footnote]) -> Vec<Located> {
    let mut out = Vec::new();
    for (ordinal, note) in notes.iter().enumerate() {
        for (i, c) in note.citations.iter().enumerate() {
            out.push(Located {
                footnote_ordinal: ordinal,
                footnote_number: note.number,
                footnote_label: note.label.clone(),
                citation_index: i,
                text: c.text.clone(),
                content: content(c, notes),
            });
        }
    }
    out
}

/// The name of a user recording a status: `--by`, else `$USER`, `$USERNAME`, `unknown`.
pub fn user_name(by: Option<&str>) -> String {
    if let Some(b) = by.map(str::trim).filter(|b| !b.is_empty()) {
        return b.to_string();
    }
    ["USER", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// A recorded status, as the lint rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub status: Status,
    pub by: Option<String>,
    pub at: Option<String>,
    pub note: Option<String>,
}

/// The statuses of every citation present in the stored documents, keyed by document
/// path and fingerprint; identical citations of one document are kept in document order.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    documents: HashMap<String, HashMap<String, Vec<Mark>>>,
}

impl Ledger {
    /// Add the next entry (in document order) of `path` with `fingerprint`.
    pub fn push(&mut self, path: &str, fingerprint: String, mark: Mark) {
        self.documents
            .entry(path.to_string())
            .or_default()
            .entry(fingerprint)
            .or_default()
            .push(mark);
    }

    /// Whether anything of document `path` has been recorded (its ledger was started).
    pub fn tracks(&self, path: &str) -> bool {
        self.document(path).is_some()
    }

    fn document(&self, path: &str) -> Option<&HashMap<String, Vec<Mark>>> {
        fn bare(p: &str) -> &str {
            p.trim_start_matches("./")
        }
        self.documents.get(path).or_else(|| {
            let want = bare(path);
            self.documents
                .iter()
                .find(|(p, _)| bare(p) == want)
                .map(|(_, d)| d)
        })
    }

    /// The recorded mark of every citation of `ex`, per footnote and citation: the k-th
    /// citation with a fingerprint gets the k-th stored entry with it; `None` when the
    /// ledger has no record (a citation added or changed since the last scan, or a
    /// document never scanned).
    pub fn marks<'a>(&'a self, ex: &Extraction) -> Vec<Vec<Option<&'a Mark>>> {
        let mut out: Vec<Vec<Option<&Mark>>> = ex
            .footnotes
            .iter()
            .map(|n| vec![None; n.citations.len()])
            .collect();
        // A document the ledger has no record of (every document of a first scan) has no
        // marks: its citations' fingerprints are not worth computing.
        let Some(doc) = self.document(&ex.document.path) else {
            return out;
        };
        let mut seen: HashMap<String, usize> = HashMap::new();
        for l in located(&ex.footnotes) {
            let fp = l.fingerprint();
            let entries = doc.get(&fp);
            let k = seen.entry(fp).or_default();
            let mark = entries.and_then(|v| v.get(*k));
            *k += 1;
            if let Some(slot) = out
                .get_mut(l.footnote_ordinal)
                .and_then(|n| n.get_mut(l.citation_index))
            {
                *slot = mark;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_support::{Cite, Fixture};
    use crate::model::{DateStyle, ShortFormKind};

    fn mashal(date: &str, d: u32) -> Cite {
        Cite::news(&format!("Mujib Mashal, Deal, N.Y. Times ({date})"))
            .author("Mujib", "Mashal")
            .title("Deal")
            .outlet("N.Y. Times")
            .ymd(date, DateStyle::AbbrevMonthDayYear, 2020, 4, d)
    }

    #[test]
    fn fingerprints_ignore_case_punctuation_and_spacing() {
        let a = Fixture::new()
            .note("1", vec![mashal("Apr. 24, 2020", 24)])
            .build();
        let b = Fixture::new()
            .note(
                "7",
                vec![
                    Cite::news("MUJIB  MASHAL, deal!, n.y. times (Apr. 24, 2020)")
                        .author("MUJIB", "MASHAL")
                        .title("deal!")
                        .outlet("n.y.  times")
                        .ymd("Apr. 24, 2020", DateStyle::AbbrevMonthDayYear, 2020, 4, 24),
                ],
            )
            .build();
        let (la, lb) = (located(&a.footnotes), located(&b.footnotes));
        assert_eq!(la[0].fingerprint(), lb[0].fingerprint());
        let c = Fixture::new()
            .note("1", vec![mashal("Apr. 25, 2020", 25)])
            .build();
        let lc = located(&c.footnotes);
        assert_ne!(la[0].fingerprint(), lc[0].fingerprint());
        let changes = la[0].content.changes_to(&lc[0].content);
        assert_eq!(changes.len(), 1);
        assert_eq!(
            changes[0].to_string(),
            "date: Apr. 24, 2020 → Apr. 25, 2020"
        );
    }

    #[test]
    fn unparsed_segments_are_identified_by_their_text() {
        let ex = Fixture::new()
            .note(
                "1",
                vec![Cite::unparsed("Interview with a source, March 2020")],
            )
            .build();
        let l = located(&ex.footnotes);
        assert_eq!(
            l[0].content.get("text").map(|f| f.key.as_str()),
            Some("interview with a source march 2020")
        );
    }

    #[test]
    fn a_short_form_carries_its_pinpoint_and_its_target() {
        let id = Cite::news("Id. at 5").short(ShortFormKind::Id, None);
        let mut ex = Fixture::new()
            .note("1", vec![mashal("Apr. 24, 2020", 24)])
            .note("2", vec![id])
            .build();
        ex.footnotes[1].citations[0].pinpoint = Some("5".to_string());
        if let Some(s) = &mut ex.footnotes[1].citations[0].short_form {
            s.resolves_to = Some(crate::model::ShortFormTarget {
                footnote: 1,
                citation: 0,
            });
        }
        let l = located(&ex.footnotes);
        let names: Vec<&str> = l[1]
            .content
            .fields
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(names, ["short form", "refers to", "pinpoint"]);
        assert_eq!(
            l[1].content.get("refers to").map(|f| f.key.clone()),
            Some(l[0].fingerprint())
        );
    }

    #[test]
    fn marks_pair_identical_citations_in_order() {
        let ex = Fixture::new()
            .note("1", vec![mashal("Apr. 24, 2020", 24)])
            .note("2", vec![mashal("Apr. 24, 2020", 24)])
            .build();
        let fp = located(&ex.footnotes)[0].fingerprint();
        let mut ledger = Ledger::default();
        let mark = |s| Mark {
            status: s,
            by: None,
            at: None,
            note: None,
        };
        ledger.push("fixture.txt", fp.clone(), mark(Status::Verified));
        ledger.push("fixture.txt", fp, mark(Status::Problem));
        let marks = ledger.marks(&ex);
        assert_eq!(marks[0][0].map(|m| m.status), Some(Status::Verified));
        assert_eq!(marks[1][0].map(|m| m.status), Some(Status::Problem));
        // The same document given as `./fixture.txt` is the same record.
        let mut dotted = ex.clone();
        dotted.document.path = "./fixture.txt".into();
        assert_eq!(ledger.marks(&dotted), marks);
        // Another document has no record: a slot per citation, all empty.
        let mut other = ex.clone();
        other.document.path = "other.txt".into();
        assert_eq!(ledger.marks(&other), vec![vec![None], vec![None]]);
    }

    #[test]
    fn user_name_prefers_by() {
        assert_eq!(user_name(Some(" alice ")), "alice");
        assert!(!user_name(None).is_empty());
    }
}
