//! `--format notes`: every footnote of every document re-rendered in one CSL note style,
//! in order, through hayagriva's engine, so the style's position logic (`ibid`, short
//! subsequent forms, `near-note`) applies across the document.
//!
//! A citation is rendered from its work's entry (the most complete citation of the same
//! work supplies the fields); `Id.` and `supra` short forms render as the work they resolve
//! to. Citations ibid could not parse, or that name no work, are passed through as written
//! and marked `[unparsed]`, and so is a note in which no citation was found. A signal (`See`, `Cf.`) is kept in front of its citation; a
//! pinpoint becomes the citation's locator. Prose between citations is not reproduced.

use super::styled::{entries, write_children, Markup};
use super::styles::ResolvedStyle;
use super::works::Work;
use super::ExportError;
use crate::model::{Citation, Extraction, Footnote};
use hayagriva::archive::locales;
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, Entry, LocatorPayload,
    SpecificLocator,
};
use std::collections::HashMap;

/// The style notes are rewritten in when none is named.
pub const DEFAULT_STYLE: &str = "chicago-notes";

/// The mark put before a citation passed through unchanged.
pub const UNPARSED_MARK: &str = "[unparsed]";

/// One piece of a rewritten note.
enum Piece<'a> {
    /// Consecutive citations rendered together: (entry index, pinpoint) each, after an
    /// optional signal.
    Run {
        signal: Option<&'a str>,
        items: Vec<(usize, Option<&'a str>)>,
    },
    /// A citation kept as written.
    Verbatim(&'a str),
}

/// The work each (document, footnote index, citation index) cites, short forms included.
fn citation_works(
    extraction: &Extraction,
    works: &[Work],
    entry_of_work: &[usize],
) -> HashMap<(usize, usize), usize> {
    let mut map = HashMap::new();
    for (w, work) in works.iter().enumerate() {
        for o in work
            .occurrences
            .iter()
            .filter(|o| o.document == extraction.document.path)
        {
            if let Some(&e) = entry_of_work.get(w) {
                map.insert((o.footnote_index, o.citation), e);
            }
        }
    }
    // Short forms point at a (footnote number, citation) that a work owns.
    let by_number: HashMap<u32, usize> = extraction
        .footnotes
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.number.map(|n| (n, i)))
        .collect();
    for (fi, footnote) in extraction.footnotes.iter().enumerate() {
        for (ci, citation) in footnote.citations.iter().enumerate() {
            let Some(target) = citation.short_form.as_ref().and_then(|s| s.resolves_to) else {
                continue;
            };
            let resolved = by_number
                .get(&target.footnote)
                .and_then(|&tf| map.get(&(tf, target.citation)).copied());
            if let Some(e) = resolved {
                map.insert((fi, ci), e);
            }
        }
    }
    map
}

/// The pinpoint as a locator value: `at 5` → `5`.
fn locator(citation: &Citation) -> Option<&str> {
    let p = citation.pinpoint.as_deref()?.trim();
    let p = p.strip_prefix("at ").unwrap_or(p).trim();
    (!p.is_empty()).then_some(p)
}

/// A footnote split into rendered runs and verbatim citations, in order.
fn pieces<'a>(
    fi: usize,
    footnote: &'a Footnote,
    map: &HashMap<(usize, usize), usize>,
) -> Vec<Piece<'a>> {
    let mut out: Vec<Piece<'a>> = Vec::new();
    // A note in which no citation was found is kept whole.
    if footnote.citations.is_empty() && !footnote.text.trim().is_empty() {
        out.push(Piece::Verbatim(footnote.text.trim()));
    }
    for (ci, citation) in footnote.citations.iter().enumerate() {
        let entry = map.get(&(fi, ci)).copied().filter(|_| citation.parsed);
        let Some(entry) = entry else {
            out.push(Piece::Verbatim(citation.text.trim()));
            continue;
        };
        let signal = citation.signal.as_deref().filter(|s| !s.trim().is_empty());
        match out.last_mut() {
            Some(Piece::Run { items, .. }) if signal.is_none() => {
                items.push((entry, locator(citation)));
            }
            _ => out.push(Piece::Run {
                signal,
                items: vec![(entry, locator(citation))],
            }),
        }
    }
    out
}

fn escape_for(markup: Markup, s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match (markup, c) {
            (Markup::Html, '&') => out.push_str("&amp;"),
            (Markup::Html, '<') => out.push_str("&lt;"),
            (Markup::Html, '>') => out.push_str("&gt;"),
            (Markup::Html, '"') => out.push_str("&quot;"),
            (Markup::Markdown, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Every document's footnotes rewritten in `style`: one line per footnote, `label. note`,
/// with a `path:` heading per document when there are several.
pub fn render(
    extractions: &[Extraction],
    works: &[Work],
    keys: &[String],
    style: &ResolvedStyle,
    markup: Markup,
) -> Result<String, ExportError> {
    let entries: Vec<Entry> = entries(works, keys);
    let index_of_key: HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key(), i))
        .collect();
    let entry_of_work: Vec<usize> = keys
        .iter()
        .map(|k| index_of_key.get(k.as_str()).copied().unwrap_or(usize::MAX))
        .collect();
    let locale_files = locales();
    let several = extractions.len() > 1;
    let mut out = String::new();
    if markup == Markup::Html {
        out.push_str("<div class=\"csl-notes\">\n");
    }
    for (di, extraction) in extractions.iter().enumerate() {
        if extraction.footnotes.is_empty() {
            continue;
        }
        let map = citation_works(extraction, works, &entry_of_work);
        let notes: Vec<Vec<Piece>> = extraction
            .footnotes
            .iter()
            .enumerate()
            .map(|(fi, f)| pieces(fi, f, &map))
            .collect();
        // One driver per document: positions restart with each document.
        let mut driver = BibliographyDriver::new();
        for (fi, (footnote, note)) in extraction.footnotes.iter().zip(&notes).enumerate() {
            let number = footnote.number.map_or(fi + 1, |n| n as usize);
            for piece in note {
                if let Piece::Run { items, .. } = piece {
                    let items = items
                        .iter()
                        .filter_map(|(e, loc)| {
                            let entry = entries.get(*e)?;
                            let locator =
                                loc.map(|l| SpecificLocator(Locator::Page, LocatorPayload::Str(l)));
                            Some(CitationItem::new(entry, locator, None, false, None))
                        })
                        .collect();
                    driver.citation(CitationRequest::new(
                        items,
                        &style.style,
                        style.locale.clone(),
                        &locale_files,
                        Some(number),
                    ));
                }
            }
        }
        let rendered = driver.finish(BibliographyRequest::new(
            &style.style,
            style.locale.clone(),
            &locale_files,
        ));
        let mut citations = rendered.citations.into_iter();

        if several {
            if di > 0 && markup != Markup::Html {
                out.push('\n');
            }
            match markup {
                Markup::Text => out.push_str(&format!("{}:\n", extraction.document.path)),
                Markup::Markdown => out.push_str(&format!(
                    "## {}\n\n",
                    escape_for(markup, &extraction.document.path)
                )),
                Markup::Html => out.push_str(&format!(
                    "  <h2>{}</h2>\n",
                    escape_for(markup, &extraction.document.path)
                )),
            }
        }
        if markup == Markup::Html {
            out.push_str("  <ol class=\"notes\">\n");
        }
        for (footnote, note) in extraction.footnotes.iter().zip(&notes) {
            let mut parts: Vec<String> = Vec::new();
            for piece in note {
                match piece {
                    Piece::Run { signal, .. } => {
                        let Some(c) = citations.next() else { continue };
                        let text = write_children(c.citation, markup)?;
                        parts.push(match signal {
                            Some(s) => format!("{} {text}", escape_for(markup, s.trim())),
                            None => text,
                        });
                    }
                    Piece::Verbatim(text) => parts.push(match markup {
                        Markup::Html => format!(
                            "<span class=\"ibid-unparsed\">{} {}</span>",
                            escape_for(markup, UNPARSED_MARK),
                            escape_for(markup, text)
                        ),
                        _ => format!(
                            "{} {}",
                            escape_for(markup, UNPARSED_MARK),
                            escape_for(markup, text)
                        ),
                    }),
                }
            }
            let body = parts.join(" ");
            match markup {
                Markup::Html => out.push_str(&format!(
                    "    <li value=\"{}\" id=\"fn{}\">{body}</li>\n",
                    footnote.number.unwrap_or(0),
                    escape_for(markup, &footnote.label)
                )),
                Markup::Markdown => out.push_str(&format!(
                    "[^{}]: {body}\n",
                    escape_for(markup, &footnote.label)
                )),
                Markup::Text => out.push_str(&format!("{}. {body}\n", footnote.label)),
            }
        }
        if markup == Markup::Html {
            out.push_str("  </ol>\n");
        }
    }
    if markup == Markup::Html {
        out.push_str("</div>\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::citekey::assign_keys;
    use crate::export::styles::tests::NOTE_STYLE;
    use crate::export::works::group_works;
    use crate::export::works::tests::{date, extraction, news, outlet, person, sample};
    use crate::model::{ShortForm, ShortFormKind, ShortFormTarget};

    fn test_style() -> ResolvedStyle {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("notes.csl");
        std::fs::write(&path, NOTE_STYLE).expect("write");
        ResolvedStyle {
            style: crate::export::styles::StyleCatalog::new(vec![])
                .load_file(&path)
                .expect("loads"),
            locale: None,
        }
    }

    fn rewrite(run: &[Extraction], style: &ResolvedStyle, markup: Markup) -> String {
        let works = group_works(run);
        let keys = assign_keys(&works);
        render(run, &works, &keys, style, markup).expect("renders")
    }

    /// Three notes: a full citation, then the same work again plus an unparsed one, then
    /// `Id.` resolving to note 2's second citation… which is the first work again.
    fn apparatus() -> Vec<Extraction> {
        let a = news(
            vec![person("Mujib", "Mashal")],
            "Taliban intensify attacks",
            outlet(
                "N.Y. Times",
                Some("new-york-times"),
                Some("The New York Times"),
            ),
            Some(date(2020, Some(4), Some(24), "Apr. 24, 2020")),
        );
        let b = news(
            vec![person("Susannah", "George")],
            "Civilian casualties rise",
            outlet("Wash. Post", None, None),
            Some(date(2020, Some(5), Some(19), "May 19, 2020")),
        );
        let mut unparsed = crate::model::Citation::unparsed(
            "Interview with a source, somewhere".to_string(),
            crate::model::Span::default(),
        );
        unparsed.parsed = false;
        let mut again = a.clone();
        again.signal = Some("See".to_string());
        let mut id = news(vec![], "", outlet("x", None, None), None);
        id.title = None;
        id.outlet = None;
        id.short_form = Some(ShortForm {
            kind: ShortFormKind::Id,
            note: None,
            resolves_to: Some(ShortFormTarget {
                footnote: 2,
                citation: 1,
            }),
        });
        vec![extraction(
            "doc.txt",
            vec![(1, vec![a, b]), (2, vec![unparsed, again]), (3, vec![id])],
        )]
    }

    #[test]
    fn notes_follow_the_style_positions_in_order() {
        let out = rewrite(&apparatus(), &test_style(), Markup::Text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert_eq!(
            lines[0],
            "1. Mujib Mashal, \u{201c}Taliban intensify attacks,\u{201d} The New York Times (April 24, 2020); Susannah George, \u{201c}Civilian casualties rise,\u{201d} Wash. Post (May 19, 2020)."
        );
        assert!(
            lines[1]
                .starts_with("2. [unparsed] Interview with a source, somewhere See Mujib Mashal"),
            "unparsed kept and marked, then the subsequent form: {}",
            lines[1]
        );
        assert!(
            !lines[1].contains("April"),
            "subsequent citation is short: {}",
            lines[1]
        );
        assert_eq!(lines[2], "3. Ibid.", "{out}");
    }

    #[test]
    fn chicago_notes_shortens_subsequent_citations() {
        let style = ResolvedStyle {
            style: crate::export::styles::StyleCatalog::new(vec![])
                .resolve(DEFAULT_STYLE)
                .expect("archived"),
            locale: None,
        };
        let out = rewrite(&sample(), &style, Markup::Text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert!(
            lines[0].starts_with("16. Mujib Mashal and Lara Jakes"),
            "{out}"
        );
        assert!(lines[0].contains("February 11, 2020"), "{out}");
        assert!(lines[1].starts_with("49. Anne Gearan"), "{out}");
        // The second citation of the first work is the short form: no date, no outlet.
        let second = lines[1].split("; ").nth(1).unwrap_or("");
        assert!(second.starts_with("Mashal and Jakes"), "{out}");
        assert!(!second.contains("2020"), "{out}");
        insta::assert_snapshot!("notes_chicago", out);
    }

    #[test]
    fn html_and_markdown_escape_and_mark() {
        let style = test_style();
        let html = rewrite(&apparatus(), &style, Markup::Html);
        assert!(
            html.contains(
                "<li value=\"2\" id=\"fn2\"><span class=\"ibid-unparsed\">[unparsed] Interview"
            ),
            "{html}"
        );
        assert!(
            html.contains("<span style=\"font-style: italic;\">The New York Times</span>"),
            "{html}"
        );
        let md = rewrite(&apparatus(), &style, Markup::Markdown);
        assert!(md.contains("[^2]: \\[unparsed\\] Interview"), "{md}");
        assert!(md.contains("*The New York Times*"), "{md}");
    }

    #[test]
    fn several_documents_restart_positions_and_get_headings() {
        let mut two = apparatus();
        let mut other = two[0].clone();
        other.document.path = "other.txt".to_string();
        two.push(other);
        let out = rewrite(&two, &test_style(), Markup::Text);
        assert!(out.starts_with("doc.txt:\n1. Mujib Mashal"), "{out}");
        let second = out.split("other.txt:\n").nth(1).expect("second document");
        assert!(
            second.starts_with("1. Mujib Mashal, \u{201c}Taliban"),
            "full form again: {out}"
        );
    }
}
