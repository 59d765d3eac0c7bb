//! One citation and its parsed, normalized fields.

use super::Span;
use serde::Serialize;

/// What kind of work a citation points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CitationKind {
    NewsArticle,
    JournalArticle,
    Book,
    Report,
    WebPage,
    Case,
    Statute,
    Other,
}

impl CitationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CitationKind::NewsArticle => "news-article",
            CitationKind::JournalArticle => "journal-article",
            CitationKind::Book => "book",
            CitationKind::Report => "report",
            CitationKind::WebPage => "web-page",
            CitationKind::Case => "case",
            CitationKind::Statute => "statute",
            CitationKind::Other => "other",
        }
    }

    /// Sources read online, for which a URL is expected.
    pub fn is_online(self) -> bool {
        matches!(self, CitationKind::NewsArticle | CitationKind::WebPage)
    }
}

/// A person's name split into given and family parts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Person {
    pub given: Option<String>,
    pub family: String,
}

impl Person {
    /// "Given Family", or the family name alone.
    pub fn display(&self) -> String {
        match &self.given {
            Some(g) => format!("{g} {}", self.family),
            None => self.family.clone(),
        }
    }
}

/// The container a citation appeared in, as written and as resolved by the registry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutletField {
    /// Exactly as written, whitespace collapsed (`N.Y. Times`).
    pub as_written: String,
    /// Registry id (`new-york-times`), `None` when unknown.
    pub id: Option<String>,
    /// Canonical name (`The New York Times`), `None` when unknown.
    pub name: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

/// How finely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Year,
    Month,
    Day,
}

/// The written style of a date, for consistency checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateStyle {
    /// `Apr. 24, 2020`
    AbbrevMonthDayYear,
    /// `April 24, 2020`
    MonthDayYear,
    /// `24 April 2020`, `24 Apr. 2020`
    DayMonthYear,
    /// `2020-04-24`
    Iso,
    /// `2020, April 24` (APA)
    YearMonthDay,
    /// `4/24/2020` and other numeric forms
    Numeric,
    /// Only month and year, or only a year: says nothing about style.
    Partial,
    /// Could not be read (`4, 2020`)
    Malformed,
}

/// A date as written and normalized.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateField {
    pub as_written: String,
    /// ISO 8601 to the known precision (`2020`, `2020-04`, `2020-04-24`); `None` if unreadable.
    pub iso: Option<String>,
    pub precision: Option<DatePrecision>,
    #[serde(skip)]
    pub year: Option<i32>,
    /// 1-based month.
    #[serde(skip)]
    pub month: Option<u32>,
    /// 1-based day.
    #[serde(skip)]
    pub day: Option<u32>,
    #[serde(skip)]
    pub style: DateStyle,
    /// True when the written parts cannot form a real date (Feb 30, month 13).
    #[serde(skip)]
    pub impossible: bool,
    #[serde(skip)]
    pub span: Span,
}

/// The kind of a short-form citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShortFormKind {
    Id,
    Ibid,
    Supra,
    Hereinafter,
    /// A shortened citation without `supra` (Chicago notes): `Liebowitz, *Rethinking the
    /// Network Economy*, 148-49.` after the work's full citation.
    Short,
    /// A reference to a later part of the document: `See infra Part III`, `infra note 40`.
    Infra,
}

impl ShortFormKind {
    /// The name used in JSON, the database (`citations.short_form_type`) and the ledger.
    pub fn as_str(self) -> &'static str {
        match self {
            ShortFormKind::Id => "id",
            ShortFormKind::Ibid => "ibid",
            ShortFormKind::Supra => "supra",
            ShortFormKind::Hereinafter => "hereinafter",
            ShortFormKind::Short => "short",
            ShortFormKind::Infra => "infra",
        }
    }

    /// Every kind.
    pub const ALL: [ShortFormKind; 6] = [
        ShortFormKind::Id,
        ShortFormKind::Ibid,
        ShortFormKind::Supra,
        ShortFormKind::Hereinafter,
        ShortFormKind::Short,
        ShortFormKind::Infra,
    ];

    /// The kind named `name` ([`ShortFormKind::as_str`]).
    pub fn from_name(name: &str) -> Option<ShortFormKind> {
        ShortFormKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// Where a short form points, once resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ShortFormTarget {
    pub footnote: u32,
    /// Index of the citation within that footnote.
    pub citation: usize,
}

/// A short form (`Id.`, `supra note 12`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShortForm {
    #[serde(rename = "type")]
    pub kind: ShortFormKind,
    /// The note number a `supra` names.
    pub note: Option<u32>,
    pub resolves_to: Option<ShortFormTarget>,
}

/// One citation inside a footnote.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    /// The citation's text exactly as in the source.
    pub text: String,
    #[serde(skip)]
    pub span: Span,
    pub kind: CitationKind,
    pub signal: Option<String>,
    pub short_form: Option<ShortForm>,
    pub authors: Vec<Person>,
    /// Authors as written (`Mujib Mashal & Lara Jakes`), for consistency checks.
    #[serde(skip)]
    pub authors_as_written: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<OutletField>,
    pub date: Option<DateField>,
    pub url: Option<String>,
    pub pinpoint: Option<String>,
    /// A URL was expected but only its lead-in survived (`, at`, `, in;`, a trailing `,;`).
    #[serde(skip)]
    pub dangling_url_marker: Option<Span>,
    /// Blank-line breaks inside the citation (flattened text that ran over a paragraph).
    #[serde(skip)]
    pub paragraph_breaks: Vec<Span>,
    /// Whether the parser recognised the citation's shape at all.
    #[serde(skip)]
    pub parsed: bool,
    /// The short title this citation defines (`[hereinafter Senate Report]`).
    #[serde(skip)]
    pub hereinafter: Option<String>,
    /// The last note of a `supra notes 12–14` range (the first is `short_form.note`).
    #[serde(skip)]
    pub supra_note_end: Option<u32>,
}

impl Citation {
    /// An empty citation over `span` with `text`, for the parser to fill.
    pub fn unparsed(text: String, span: Span) -> Self {
        Citation {
            text,
            span,
            kind: CitationKind::Other,
            signal: None,
            short_form: None,
            authors: Vec::new(),
            authors_as_written: None,
            title: None,
            outlet: None,
            date: None,
            url: None,
            pinpoint: None,
            dangling_url_marker: None,
            paragraph_breaks: Vec::new(),
            parsed: false,
            hereinafter: None,
            supra_note_end: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ShortFormKind;

    #[test]
    fn short_form_kind_names_are_the_json_names_and_read_back() {
        for kind in ShortFormKind::ALL {
            let json = serde_json::to_value(kind).unwrap_or_default();
            assert_eq!(json.as_str(), Some(kind.as_str()));
            assert_eq!(ShortFormKind::from_name(kind.as_str()), Some(kind));
        }
        assert_eq!(ShortFormKind::from_name("Supra"), None);
    }
}
