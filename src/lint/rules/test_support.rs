//! Hand-built fixtures for rule tests: a small document with footnotes, callouts and
//! citations whose spans point into its text, plus a runner and a textual rendering of
//! findings for snapshots.

use crate::lint::{Finding, LintContext, Rule};
use crate::model::{
    Callout, Citation, CitationKind, DateField, DatePrecision, DateStyle, Document, Extraction,
    Footnote, Format, OutletField, Person, ShortForm, ShortFormKind, Span,
};
use crate::outlets::Registry;

/// The date the fixtures are checked against.
pub(crate) fn document_date() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
}

/// A citation to place in a fixture; spans are filled in when the note is built.
#[derive(Debug, Clone)]
pub(crate) struct Cite {
    text: String,
    citation: Citation,
    date: Option<(String, DateField)>,
    dangling: Option<String>,
}

impl Cite {
    /// A parsed citation of `kind` whose whole text is `text`.
    pub(crate) fn new(kind: CitationKind, text: &str) -> Self {
        let mut citation = Citation::unparsed(text.to_string(), Span::default());
        citation.kind = kind;
        citation.parsed = true;
        Cite {
            text: text.to_string(),
            citation,
            date: None,
            dangling: None,
        }
    }

    pub(crate) fn news(text: &str) -> Self {
        Cite::new(CitationKind::NewsArticle, text)
    }

    /// A segment the parser could not read.
    pub(crate) fn unparsed(text: &str) -> Self {
        let mut cite = Cite::new(CitationKind::Other, text);
        cite.citation.parsed = false;
        cite
    }

    pub(crate) fn author(mut self, given: &str, family: &str) -> Self {
        self.citation.authors.push(Person {
            given: Some(given.to_string()),
            family: family.to_string(),
        });
        self
    }

    pub(crate) fn title(mut self, title: &str) -> Self {
        self.citation.title = Some(title.to_string());
        self
    }

    pub(crate) fn outlet(mut self, written: &str) -> Self {
        self.citation.outlet = Some(OutletField {
            as_written: written.to_string(),
            id: None,
            name: None,
            span: Span::default(),
        });
        self
    }

    /// An outlet written `written` that resolved to the registry outlet `id`.
    pub(crate) fn outlet_id(mut self, written: &str, id: &str) -> Self {
        self = self.outlet(written);
        if let Some(o) = &mut self.citation.outlet {
            o.id = Some(id.to_string());
        }
        self
    }

    pub(crate) fn url(mut self, url: &str) -> Self {
        self.citation.url = Some(url.to_string());
        self
    }

    /// A date written as `written` (a substring of the text) with its parts.
    pub(crate) fn date(
        mut self,
        written: &str,
        style: DateStyle,
        year: Option<i32>,
        month: Option<u32>,
        day: Option<u32>,
    ) -> Self {
        let (iso, precision) = match (year, month, day) {
            (Some(y), Some(m), Some(d)) => (
                Some(format!("{y:04}-{m:02}-{d:02}")),
                Some(DatePrecision::Day),
            ),
            (Some(y), Some(m), None) => {
                (Some(format!("{y:04}-{m:02}")), Some(DatePrecision::Month))
            }
            (Some(y), None, _) => (Some(format!("{y:04}")), Some(DatePrecision::Year)),
            _ => (None, None),
        };
        let field = DateField {
            as_written: written.to_string(),
            iso,
            precision,
            year,
            month,
            day,
            style,
            impossible: false,
            span: Span::default(),
        };
        self.date = Some((written.to_string(), field));
        self
    }

    /// A full date in the given style.
    pub(crate) fn ymd(self, written: &str, style: DateStyle, y: i32, m: u32, d: u32) -> Self {
        self.date(written, style, Some(y), Some(m), Some(d))
    }

    /// Marks the date as impossible (Feb 30, month 13).
    pub(crate) fn impossible(mut self) -> Self {
        if let Some((_, d)) = &mut self.date {
            d.impossible = true;
            d.iso = None;
        }
        self
    }

    /// The last occurrence of `marker` in the text is a dangling URL lead-in.
    pub(crate) fn dangling(mut self, marker: &str) -> Self {
        self.dangling = Some(marker.to_string());
        self
    }

    pub(crate) fn short(mut self, kind: ShortFormKind, note: Option<u32>) -> Self {
        self.citation.short_form = Some(ShortForm {
            kind,
            note,
            resolves_to: None,
        });
        self
    }

    /// The finished citation, its spans shifted to start at `at`.
    fn place(self, at: usize) -> Citation {
        let mut c = self.citation;
        c.span = Span::new(at, at + self.text.len());
        if let Some((written, mut d)) = self.date {
            let i = self.text.find(&written).unwrap_or(0);
            d.span = Span::new(at + i, at + i + written.len());
            c.date = Some(d);
        }
        if let Some(marker) = self.dangling {
            let i = self.text.rfind(&marker).unwrap_or(0);
            c.dangling_url_marker = Some(Span::new(at + i, at + i + marker.len()));
        }
        if let Some(outlet) = &mut c.outlet {
            if let Some(i) = self.text.find(&outlet.as_written) {
                outlet.span = Span::new(at + i, at + i + outlet.as_written.len());
            }
        }
        c.paragraph_breaks = self
            .text
            .match_indices("\n\n")
            .map(|(i, s)| Span::new(at + i, at + i + s.len()))
            .collect();
        c
    }
}

/// A document under construction.
#[derive(Debug, Default)]
pub(crate) struct Fixture {
    text: String,
    footnotes: Vec<Footnote>,
    callouts: Vec<Callout>,
    explicit: bool,
}

impl Fixture {
    pub(crate) fn new() -> Self {
        Fixture::default()
    }

    /// The format marks callouts explicitly (Markdown, DOCX, …).
    pub(crate) fn explicit_callouts(mut self) -> Self {
        self.explicit = true;
        self
    }

    pub(crate) fn prose(mut self, text: &str) -> Self {
        self.text.push_str(text);
        self
    }

    /// A callout written as `written` for note `label`.
    pub(crate) fn callout(mut self, written: &str, label: &str) -> Self {
        let start = self.text.len();
        self.text.push_str(written);
        self.callouts.push(Callout {
            number: label.parse().ok(),
            label: label.to_string(),
            span: Span::new(start, self.text.len()),
        });
        self
    }

    /// A note `label` whose body is `cites` joined by `; `, then `extra` prose.
    pub(crate) fn note_with(mut self, label: &str, cites: Vec<Cite>, extra: &str) -> Self {
        if !self.text.is_empty() && !self.text.ends_with(char::is_whitespace) {
            self.text.push(' ');
        }
        let start = self.text.len();
        self.text.push_str(label);
        let marker_span = Span::new(start, self.text.len());
        self.text.push(' ');
        let body_start = self.text.len();
        let mut citations = Vec::new();
        for (i, cite) in cites.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str("; ");
            }
            let at = self.text.len();
            self.text.push_str(&cite.text.clone());
            citations.push(cite.place(at));
        }
        self.text.push_str(extra);
        let body = self.text[body_start..].to_string();
        self.footnotes.push(Footnote {
            number: label.parse().ok(),
            label: label.to_string(),
            span: Span::new(start, self.text.len()),
            marker_span,
            text: body,
            citations,
        });
        self.text.push('\n');
        self
    }

    pub(crate) fn note(self, label: &str, cites: Vec<Cite>) -> Self {
        self.note_with(label, cites, "")
    }

    pub(crate) fn build(self) -> Extraction {
        Extraction {
            document: Document::new("fixture.txt", Format::Text, self.text, String::new()),
            explicit_callouts: self.explicit,
            footnotes: self.footnotes,
            callouts: self.callouts,
        }
    }
}

/// Runs one rule over the fixtures.
pub(crate) fn run(rule: &dyn Rule, extractions: &[Extraction]) -> Vec<Finding> {
    run_with(rule, extractions, None)
}

fn run_with(
    rule: &dyn Rule,
    extractions: &[Extraction],
    ledger: Option<&crate::ledger::Ledger>,
) -> Vec<Finding> {
    let ctx = LintContext {
        extractions,
        registry: Registry::builtin(),
        document_date: document_date(),
        ledger,
    };
    let mut out = Vec::new();
    rule.check(&ctx, &mut out);
    out
}

/// Runs a rule that reads the fact-checking ledger and renders its findings.
pub(crate) fn check_with_ledger(
    rule: &dyn Rule,
    extractions: &[Extraction],
    ledger: &crate::ledger::Ledger,
) -> (Vec<Finding>, String) {
    let findings = run_with(rule, extractions, Some(ledger));
    let text = render(extractions, &findings);
    (findings, text)
}

/// Findings as text for snapshots: position, code, the text pointed at, message, help.
pub(crate) fn render(extractions: &[Extraction], findings: &[Finding]) -> String {
    let mut s = String::new();
    for f in findings {
        let Some(ext) = extractions.get(f.document) else {
            s.push_str(&format!("!! finding for unknown document {}\n", f.document));
            continue;
        };
        let doc = &ext.document;
        let start = doc.position(f.span.start);
        let end = doc.position(f.span.end);
        s.push_str(&format!(
            "{}:{}:{}-{}:{} {} {} [{}] footnote={}\n",
            doc.path,
            start.line,
            start.column,
            end.line,
            end.column,
            f.code,
            f.rule,
            f.severity.as_str(),
            f.footnote.map_or("-".to_string(), |n| n.to_string()),
        ));
        s.push_str(&format!("  at: {:?}\n", doc.slice(f.span)));
        s.push_str(&format!("  {}\n", f.message));
        if let Some(help) = &f.help {
            s.push_str(&format!("  help: {help}\n"));
        }
    }
    s
}

/// Runs a rule and renders its findings.
pub(crate) fn check(rule: &dyn Rule, extractions: &[Extraction]) -> (Vec<Finding>, String) {
    let findings = run(rule, extractions);
    let text = render(extractions, &findings);
    (findings, text)
}

/// The acceptance example (`us-taliban-agreement.txt`) as the parser should model it:
/// four notes (58, 12, 16, 49), seven citations, callouts 34, 55 and 56 without bodies.
pub(crate) fn taliban() -> Extraction {
    use DateStyle::*;
    Fixture::new()
        .prose("The parties signed the agreement in Doha. ")
        .callout("Footnote 34", "34")
        .prose(" Violence rose after the peace deal:")
        .note_with(
            "58",
            vec![
                Cite::news(
                    "Mujib Mashal, Taliban intensify attacks even as the coronavirus spreads in \
                     Afghanistan, N.Y.\n\nTimes (Apr. 24, 2020),",
                )
                .author("Mujib", "Mashal")
                .title("Taliban intensify attacks even as the coronavirus spreads in Afghanistan")
                .outlet("N.Y.\n\nTimes")
                .ymd("Apr. 24, 2020", AbbrevMonthDayYear, 2020, 4, 24)
                .dangling(","),
                Cite::news(
                    "Susannah George, Civilian casualties in Afghanistan rise after U.S.-Taliban \
                     deal, Wash. Swiss Post (19 May 2020),",
                )
                .author("Susannah", "George")
                .title("Civilian casualties in Afghanistan rise after U.S.-Taliban deal")
                .outlet("Wash. Swiss Post")
                .ymd("19 May 2020", DayMonthYear, 2020, 5, 19)
                .dangling(","),
                Cite::news(
                    "See Ryan Browne & Kylie Atwood, Afghan President Orders Resumption of \
                     Offensive Operations Against Taliban in Coup Against Trump`s Deal, CNN \
                     (May 12, 2020),",
                )
                .author("Ryan", "Browne")
                .author("Kylie", "Atwood")
                .title(
                    "Afghan President Orders Resumption of Offensive Operations Against \
                     Taliban in Coup Against Trump`s Deal",
                )
                .outlet("CNN")
                .ymd("May 12, 2020", MonthDayYear, 2020, 5, 12)
                .dangling(","),
            ],
            " Tensions were exacerbated by an attack on a maternity ward.",
        )
        .prose("These tensions between the Taliban leadership grew. ")
        .callout("Footnote 55", "55")
        .prose(" and ")
        .callout("Footnote 56", "56")
        .prose(" describe the talks.")
        .note(
            "12",
            vec![Cite::news(
                "First round of US-Taliban peace talks resurrected in Qatar, Al Jazeera \
                 (December 7, 2019),;",
            )
            .title("First round of US-Taliban peace talks resurrected in Qatar")
            .outlet("Al Jazeera")
            .ymd("December 7, 2019", MonthDayYear, 2019, 12, 7)
            .dangling(",;")],
        )
        .note(
            "16",
            vec![Cite::news(
                "Mujib Mashal & Lara Jakes, Trump gives conditional green light to peace deal \
                 with Taliban, according to officials, N.Y. Times (February 11, 2020), at",
            )
            .author("Mujib", "Mashal")
            .author("Lara", "Jakes")
            .title(
                "Trump gives conditional green light to peace deal with Taliban, according to \
                 officials",
            )
            .outlet("N.Y. Times")
            .ymd("February 11, 2020", MonthDayYear, 2020, 2, 11)
            .dangling("at")],
        )
        .note_with(
            "49",
            vec![
                Cite::news(
                    "Anne Gearan, Trump speaks by phone with senior Taliban leader, in first \
                     between U.S. president and insurgent forces since the start of the war in \
                     Afghanistan, Washington Post (March 3, 2020), in",
                )
                .author("Anne", "Gearan")
                .title(
                    "Trump speaks by phone with senior Taliban leader, in first between U.S. \
                     president and insurgent forces since the start of the war in Afghanistan",
                )
                .outlet("Washington Post")
                .ymd("March 3, 2020", MonthDayYear, 2020, 3, 3)
                .dangling("in"),
                Cite::news(
                    "Susannah George, the US is targeting the Taliban hours after Trump`s phone \
                     call with militant leader, Wash. 4, 2020), at",
                )
                .author("Susannah", "George")
                .title(
                    "the US is targeting the Taliban hours after Trump`s phone call with \
                     militant leader",
                )
                .outlet("Wash.")
                .date("4, 2020", Malformed, Some(2020), None, Some(4))
                .dangling("at"),
            ],
            " The agreement called for a prisoner exchange.",
        )
        .build()
}

/// A Markdown document with `[^n]` notes, extracted by the real pipeline (short forms
/// resolved), for rules that read what the resolver made of real footnote sequences.
pub(crate) fn markdown(text: &str) -> Extraction {
    let doc = Document::new(
        "notes.md",
        Format::Markdown,
        text.to_string(),
        String::new(),
    );
    crate::extract::extract(doc, Registry::builtin())
}
