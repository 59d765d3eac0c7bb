//! Extract: a [`Document`] → footnote bodies, in-text callouts, and citation segments.
//!
//! Each format module finds note bodies ([`NoteDraft`]) and callouts; [`segment`] splits
//! every body into citation segments; [`crate::parse`] fills their fields. Every item keeps
//! a byte span into the original text.

pub mod callouts;
pub mod flattened;
pub mod html;
pub mod latex;
pub mod line_notes;
pub mod markdown;
pub mod segment;
pub mod shape;

use crate::model::{Callout, Document, Extraction, Footnote, Format, Span};
use crate::outlets::Registry;

/// A note body found by a format extractor, before its citations are parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteDraft {
    pub number: Option<u32>,
    pub label: String,
    /// The marker as printed (`58`, `[^3]`, `\footnote`).
    pub marker: Span,
    /// The body text (may contain markup the segmenter treats as text).
    pub body: Span,
    /// Where the body goes on after the page break, when a page-bottom note runs over to
    /// the next page (pdftotext puts the rest at the top of that page's note block, after
    /// its body text).
    pub continuation: Option<Span>,
}

/// What a format extractor returns.
#[derive(Debug, Default)]
pub struct Found {
    pub notes: Vec<NoteDraft>,
    pub callouts: Vec<Callout>,
    /// Whether the format marks callouts explicitly.
    pub explicit_callouts: bool,
}

/// Run the extractor for the document's format, then segment and parse every note.
pub fn extract(document: Document, registry: &Registry) -> Extraction {
    let found = find_notes(&document);
    let mut footnotes: Vec<Footnote> = found
        .notes
        .into_iter()
        .map(|draft| build_footnote(&document, draft, registry))
        .collect();
    crate::parse::resolve::apply(&mut footnotes);
    Extraction {
        document,
        explicit_callouts: found.explicit_callouts,
        footnotes,
        callouts: found.callouts,
    }
}

/// Find note bodies and callouts, choosing the strategy by format and content.
pub fn find_notes(doc: &Document) -> Found {
    let text = doc.text.as_str();
    match doc.format {
        Format::Markdown | Format::Text => markdown_or_plain_text(text),
        Format::Latex => latex::find(text),
        Format::Html => {
            let found = html::find(text);
            if !found.notes.is_empty() {
                return found;
            }
            markdown_or_plain_text(text)
        }
        Format::Docx => markdown::find(text),
    }
}

/// `[^n]` notes if there are any (plain text may use them too), else the plain-text layouts.
fn markdown_or_plain_text(text: &str) -> Found {
    let found = markdown::find(text);
    if !found.notes.is_empty() {
        return found;
    }
    plain_text(text)
}

/// Plain text: notes at line starts (endnote sections, page-bottom blocks, reference lists),
/// else notes flattened into running prose.
fn plain_text(text: &str) -> Found {
    let lines = line_notes::find(text);
    // line-start notes win unless the flattened reading finds far more
    let lines_win =
        |flat_notes: usize| !lines.notes.is_empty() && lines.notes.len() * 5 >= flat_notes * 3;
    // the flattened reading finds at most one note per marker candidate: when even that
    // many would not outnumber the line-start notes, it is not run
    let mut found = if lines_win(flattened::max_notes(text)) {
        lines
    } else {
        let flat = flattened::find(text);
        if lines_win(flat.notes.len()) {
            lines
        } else {
            flat
        }
    };
    if found.callouts.is_empty() {
        found.callouts = callouts::find_textual(text);
    }
    found
}

/// Move a segment start back over the markup that opens it (`*Id.*`, `_see also_`,
/// `\\textit{See}`, `<em>See</em>`), so a citation's text and position include it.
fn with_opening_markup(body: &str, mut a: usize) -> usize {
    let b = body.as_bytes();
    loop {
        if a == 0 {
            return a;
        }
        match b[a - 1] {
            b'*' | b'_' if a < 2 || !b[a - 2].is_ascii_alphanumeric() => a -= 1,
            // `[Title](https://…), Outlet, …`: the link's text opens the citation
            b'[' if opens_link_text(&body[a..]) => a -= 1,
            b'{' => {
                let mut k = a - 1;
                while k > 0 && b[k - 1].is_ascii_alphabetic() {
                    k -= 1;
                }
                if k > 0 && b[k - 1] == b'\\' && k < a - 1 {
                    a = k - 1;
                } else {
                    return a;
                }
            }
            b'>' => {
                let Some(lt) = body[..a].rfind('<') else {
                    return a;
                };
                let name: String = body[lt + 1..a]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if matches!(
                    name.as_str(),
                    "em" | "i" | "b" | "strong" | "cite" | "span" | "u" | "a"
                ) {
                    a = lt;
                } else {
                    return a;
                }
            }
            _ => return a,
        }
    }
}

/// Is `after` (the text after a `[`) a Markdown link's text: `Title](target)`?
fn opens_link_text(after: &str) -> bool {
    match after.find(']') {
        Some(close) => !after[..close].contains(['[', '\n']) && after[close + 1..].starts_with('('),
        None => false,
    }
}

fn build_footnote(doc: &Document, draft: NoteDraft, registry: &Registry) -> Footnote {
    let body_text = doc.slice(draft.body);
    // a body that goes on after a page break is read with its rest, joined by a line break
    let joined = draft
        .continuation
        .map(|more| (format!("{body_text}\n{}", doc.slice(more)), more.start));
    let pieces = Pieces {
        start: draft.body.start,
        join: joined.as_ref().map(|(_, more)| (body_text.len(), *more)),
    };
    let text = joined.as_ref().map_or(body_text, |(t, _)| t.as_str());
    let citations = note_citations(doc, text, pieces, registry);
    Footnote {
        number: draft.number,
        label: draft.label,
        span: draft.marker.join(draft.body),
        marker_span: draft.marker,
        text: body_text.to_string(),
        citations,
    }
}

/// Where a note's text lies in the source: from `start`, and when the note goes on after a
/// page break, the byte of the text that joins the pieces and where the second one starts.
#[derive(Clone, Copy)]
struct Pieces {
    start: usize,
    join: Option<(usize, usize)>,
}

impl Pieces {
    /// The source position of byte `o` of the note's text (the joining byte maps to the
    /// end of the first piece).
    fn at(self, o: usize) -> usize {
        match self.join {
            Some((join, more)) if o > join => more + (o - join - 1),
            _ => self.start + o,
        }
    }

    /// Move the spans of `c`, parsed from the text at byte `a` as if it stood in one piece
    /// at source position `base`, to where its text stands. A span that runs over the page
    /// break ends where the first piece does.
    fn place(self, c: &mut crate::model::Citation, a: usize, base: usize) {
        let Some((join, _)) = self.join else {
            return;
        };
        let place = |sp: Span| {
            let (s, e) = (
                a + sp.start.saturating_sub(base),
                a + sp.end.saturating_sub(base),
            );
            let start = self.at(s);
            let end = if s <= join && e > join {
                self.at(join)
            } else {
                self.at(e)
            };
            Span::new(start, end.max(start))
        };
        c.span = place(c.span);
        if let Some(o) = &mut c.outlet {
            o.span = place(o.span);
        }
        if let Some(d) = &mut c.date {
            d.span = place(d.span);
        }
        c.dangling_url_marker = c.dangling_url_marker.map(place);
        for p in &mut c.paragraph_breaks {
            *p = place(*p);
        }
    }
}

/// Segment a note's `text` and parse each segment. A segment that runs over a page break
/// (its source is not one piece) is parsed from the text as read and placed where it
/// starts, up to the end of the first piece.
fn note_citations(
    doc: &Document,
    text: &str,
    pieces: Pieces,
    registry: &Registry,
) -> Vec<crate::model::Citation> {
    // segment the markup-free text, then map each segment back to the source
    let cleaned = crate::parse::clean::clean(text, doc.format);
    // markup opened before clean byte `i` (an emphasised title the clean text lost)
    let opens_markup = |i: usize| {
        let o = cleaned.original(i);
        with_opening_markup(text, o) < o
    };
    // the prefilter words of the note, searched once for the splitter and the parser
    let present = crate::parse::Present::of(&cleaned.text);
    // a citation's clean text is a part of the note's clean text when nothing was cleaned
    // (its raw text is a part of the note, and it is left as it is too); otherwise it is
    // cleaned on its own and searched on its own
    let as_is = cleaned.is_identity();
    let whole = if as_is {
        present
    } else {
        crate::parse::Present::ALL
    };
    segment::split_marked_in(&cleaned.text, 0, present, &opens_markup)
        .into_iter()
        .map(|seg| {
            let (a, b) = cleaned.original_range(seg.start, seg.end);
            let a = with_opening_markup(text, a);
            let b = b.max(a);
            match pieces.join {
                Some((join, _)) if a <= join && join < b => {
                    // parsed as if it stood in one piece from its start, then placed
                    let base = pieces.at(a);
                    let read = Span::new(base, base + (b - a));
                    let mut c = crate::parse::parse_citation_in(
                        &text[a..b],
                        read,
                        doc.format,
                        registry,
                        whole,
                        as_is,
                    );
                    pieces.place(&mut c, a, base);
                    c
                }
                _ => {
                    let span = Span::new(pieces.at(a), pieces.at(b));
                    crate::parse::parse_citation_in(
                        doc.slice(span),
                        span,
                        doc.format,
                        registry,
                        whole,
                        as_is,
                    )
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_markdown_link_opening_a_citation_is_its_title_and_url() {
        let text = "Text.[^1] More.[^2]\n\n\
[^1]: [Explained](https://www.vox.com/2021/2/20/texas-blackout), Vox, February 20, 2021.\n\
[^2]: Jane Doe, [How the Grid Failed](https://www.texastribune.org/2021/02/18/grid/), *Texas Tribune*, Feb. 18, 2021.\n";
        let doc = Document::new("t.md", Format::Markdown, text.into(), "h".into());
        let ex = extract(doc, Registry::builtin());
        let first = &ex.footnotes[0].citations[0];
        assert!(first.text.starts_with("[Explained]("), "{}", first.text);
        assert_eq!(first.title.as_deref(), Some("Explained"));
        assert_eq!(
            first.outlet.as_ref().map(|o| o.as_written.as_str()),
            Some("Vox")
        );
        assert_eq!(
            first.url.as_deref(),
            Some("https://www.vox.com/2021/2/20/texas-blackout")
        );
        let second = &ex.footnotes[1].citations;
        assert_eq!(second.len(), 1, "{second:?}");
        assert_eq!(second[0].title.as_deref(), Some("How the Grid Failed"));
        assert_eq!(
            second[0].outlet.as_ref().map(|o| o.as_written.as_str()),
            Some("Texas Tribune")
        );
        assert_eq!(second[0].kind, crate::model::CitationKind::NewsArticle);
        assert!(
            opens_link_text("Title](x)")
                && !opens_link_text("a] b")
                && !opens_link_text("x [y](z)")
        );
    }

    #[test]
    fn a_citation_cut_by_a_page_break_is_read_whole_and_placed_where_it_starts() {
        let text = "Body.1 More.2\n\n1 Ann Lee, “Title,” Reuters, May 2, 2020.\n2 Gong Jingqi, “Whistle,” Renwu (People), March 10, 2020,\n\nResearch Service      5\n\nThe next page’s body.3\n\nhttps://tinyurl.com/sggfhq8. See also Bo Li, “Other,” Xinhua, May 1, 2020.\n3 Ann Lee, “Another,” Reuters, May 3, 2020, https://www.reuters.com/a.\n";
        let doc = Document::new("t.txt", Format::Text, text.into(), "h".into());
        let ex = extract(doc, Registry::builtin());
        let note = &ex.footnotes[1];
        assert_eq!(note.number, Some(2));
        // the note's own text is what stands at its place
        assert!(note.text.ends_with("March 10, 2020,"));
        let [run_over, after] = note.citations.as_slice() else {
            panic!("two citations: {:?}", note.citations);
        };
        assert_eq!(
            run_over.url.as_deref(),
            Some("https://tinyurl.com/sggfhq8"),
            "{run_over:?}"
        );
        assert!(run_over.text.starts_with("Gong Jingqi"));
        assert!(run_over
            .text
            .ends_with("2020,\nhttps://tinyurl.com/sggfhq8."));
        // it starts in the note and ends where the first piece does
        assert_eq!(run_over.span.start, note.span.start + 2);
        assert_eq!(run_over.span.end, note.span.end);
        // a citation wholly after the break is where it stands on the next page
        assert_eq!(&text[after.span.start..after.span.end], after.text);
        assert!(after.text.starts_with("See also Bo Li"));
        assert_eq!(after.title.as_deref(), Some("Other"));
    }

    #[test]
    fn the_fields_of_a_citation_cut_by_a_page_break_point_where_they_stand() {
        let text = "Body.1 More.2\n\n1 Ann Lee, “Title,” Reuters, May 2, 2020.\n2 Gong Jingqi, “Whistle,” Renwu (People),\n\nResearch Service      5\n\nThe next page’s body.3\n\nMarch 10, 2020, https://tinyurl.com/sggfhq8.\n3 Ann Lee, “Another,” Reuters, May 3, 2020, https://www.reuters.com/a.\n";
        let doc = Document::new("t.txt", Format::Text, text.into(), "h".into());
        let ex = extract(doc, Registry::builtin());
        let c = &ex.footnotes[1].citations[0];
        let date = c.date.as_ref().expect("a date");
        assert_eq!(&text[date.span.start..date.span.end], "March 10, 2020");
        let outlet = c.outlet.as_ref().expect("an outlet");
        assert_eq!(&text[outlet.span.start..outlet.span.end], "Renwu");
        assert_eq!(c.url.as_deref(), Some("https://tinyurl.com/sggfhq8"));
        assert_eq!(c.span.end, ex.footnotes[1].span.end);
    }
}
