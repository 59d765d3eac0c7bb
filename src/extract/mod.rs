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
                    "em" | "i" | "b" | "strong" | "cite" | "span" | "u"
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

fn build_footnote(doc: &Document, draft: NoteDraft, registry: &Registry) -> Footnote {
    let body_text = doc.slice(draft.body);
    // segment the markup-free text, then map each segment back to the source
    let cleaned = crate::parse::clean::clean(body_text, doc.format);
    // markup opened before clean byte `i` (an emphasised title the clean text lost)
    let opens_markup = |i: usize| {
        let o = cleaned.original(i);
        with_opening_markup(body_text, o) < o
    };
    // the prefilter words of the body, searched once for the splitter and the parser
    let present = crate::parse::Present::of(&cleaned.text);
    // a citation's clean text is a part of the body's clean text when nothing was cleaned
    // (its raw text is a part of the body, and it is left as it is too); otherwise it is
    // cleaned on its own and searched on its own
    let whole = if cleaned.is_identity() {
        present
    } else {
        crate::parse::Present::ALL
    };
    let citations = segment::split_marked_in(&cleaned.text, 0, present, &opens_markup)
        .into_iter()
        .map(|seg| {
            let (a, b) = cleaned.original_range(seg.start, seg.end);
            let a = with_opening_markup(body_text, a);
            let span = Span::new(draft.body.start + a, draft.body.start + b.max(a));
            crate::parse::parse_citation_in(doc.slice(span), span, doc.format, registry, whole)
        })
        .collect();
    Footnote {
        number: draft.number,
        label: draft.label,
        span: draft.marker.join(draft.body),
        marker_span: draft.marker,
        text: body_text.to_string(),
        citations,
    }
}
