//! Hand-built extractions for the outlet and outlet-rule tests.

use crate::model::{Citation, Document, Extraction, Footnote, Format, OutletField, Span};

/// A footnote numbered `number` with one citation per outlet spelling.
pub(crate) struct NoteSpec {
    number: u32,
    outlets: Vec<String>,
}

pub(crate) fn note(number: u32, outlets: &[&str]) -> NoteSpec {
    NoteSpec {
        number,
        outlets: outlets.iter().map(|s| s.to_string()).collect(),
    }
}

/// A document `doc.txt` whose text is `N Title, Outlet (2020); Title, Outlet (2020).` per note.
pub(crate) fn extraction(notes: Vec<NoteSpec>) -> Extraction {
    extraction_named("doc.txt", notes)
}

pub(crate) fn extraction_named(path: &str, notes: Vec<NoteSpec>) -> Extraction {
    let mut text = String::new();
    let mut footnotes = Vec::new();
    for spec in notes {
        let note_start = text.len();
        text.push_str(&format!("{} ", spec.number));
        let marker_span = Span::new(note_start, note_start + spec.number.to_string().len());
        let mut citations = Vec::new();
        for (i, outlet) in spec.outlets.iter().enumerate() {
            if i > 0 {
                text.push_str("; ");
            }
            let cit_start = text.len();
            text.push_str(&format!("Title {i}, "));
            let o_start = text.len();
            text.push_str(outlet);
            let o_end = text.len();
            text.push_str(" (2020)");
            let span = Span::new(cit_start, text.len());
            let mut c = Citation::unparsed(text[cit_start..].to_string(), span);
            c.parsed = true;
            c.title = Some(format!("Title {i}"));
            c.outlet = Some(OutletField {
                as_written: outlet.split_whitespace().collect::<Vec<_>>().join(" "),
                id: None,
                name: None,
                span: Span::new(o_start, o_end),
            });
            citations.push(c);
        }
        text.push_str(".\n");
        footnotes.push(Footnote {
            number: Some(spec.number),
            label: spec.number.to_string(),
            span: Span::new(note_start, text.len()),
            marker_span,
            text: text[marker_span.end + 1..].to_string(),
            citations,
        });
    }
    Extraction {
        document: Document::new(path, Format::Text, text, String::new()),
        explicit_callouts: false,
        footnotes,
        callouts: Vec::new(),
    }
}

/// Run one rule over `extractions` and render its findings one per line, for snapshots.
pub(crate) fn run_rule(rule: &dyn crate::lint::Rule, extractions: &[Extraction]) -> String {
    let ctx = crate::lint::LintContext {
        extractions,
        registry: crate::outlets::Registry::builtin(),
        document_date: chrono::NaiveDate::default(),
        ledger: None,
    };
    let mut findings = Vec::new();
    rule.check(&ctx, &mut findings);
    let mut out = String::new();
    for f in &findings {
        let doc = &extractions[f.document].document;
        let pos = doc.position(f.span.start);
        out.push_str(&format!(
            "{} {} {}:{}:{} fn{} `{}`: {}\n",
            f.code,
            f.severity.as_str(),
            doc.path,
            pos.line,
            pos.column,
            f.footnote.map_or("-".to_string(), |n| n.to_string()),
            doc.slice(f.span),
            f.message,
        ));
        if let Some(h) = &f.help {
            out.push_str(&format!("    help: {h}\n"));
        }
    }
    out
}

/// An extraction of a real `text` whose notes' outlets sit at the given byte ranges.
pub(crate) fn extraction_with_outlets(
    path: &str,
    text: &str,
    notes: &[(u32, &[(usize, usize)])],
) -> Extraction {
    let footnotes = notes
        .iter()
        .map(|(number, outlets)| {
            let start = outlets.first().map_or(0, |o| o.0);
            let end = outlets.last().map_or(0, |o| o.1);
            let citations = outlets
                .iter()
                .map(|&(s, e)| {
                    let span = Span::new(s, e);
                    let mut c = Citation::unparsed(text[s..e].to_string(), span);
                    c.parsed = true;
                    c.outlet = Some(OutletField {
                        as_written: text[s..e].split_whitespace().collect::<Vec<_>>().join(" "),
                        id: None,
                        name: None,
                        span,
                    });
                    c
                })
                .collect();
            Footnote {
                number: Some(*number),
                label: number.to_string(),
                span: Span::new(start, end),
                marker_span: Span::new(start, start),
                text: text[start..end].to_string(),
                citations,
            }
        })
        .collect();
    Extraction {
        document: Document::new(path, Format::Text, text.to_string(), String::new()),
        explicit_callouts: false,
        footnotes,
        callouts: Vec::new(),
    }
}
