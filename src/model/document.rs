//! A document as read, and what extraction found in it.

use super::{Citation, LineIndex, Position, Span};
use serde::Serialize;

/// The input formats ibid reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
    Latex,
    Docx,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Latex => "latex",
            Format::Docx => "docx",
        }
    }
}

/// A document's text with everything needed to point back into it.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as the user gave it (`-` for standard input).
    pub path: String,
    pub format: Format,
    /// The original text (lossily decoded when the bytes were not UTF-8).
    pub text: String,
    pub lines: LineIndex,
    /// Hex SHA-256 of the original bytes.
    pub content_hash: String,
    /// Byte offsets (into `text`) where invalid UTF-8 was replaced, if any.
    pub invalid_utf8_at: Option<usize>,
}

impl Document {
    pub fn new(
        path: impl Into<String>,
        format: Format,
        text: String,
        content_hash: String,
    ) -> Self {
        let lines = LineIndex::new(&text);
        Document {
            path: path.into(),
            format,
            text,
            lines,
            content_hash,
            invalid_utf8_at: None,
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

/// One footnote or endnote body.
#[derive(Debug, Clone, Serialize)]
pub struct Footnote {
    /// Integer value of the marker, `None` when it is not a number (`*`, `[^note]`).
    pub number: Option<u32>,
    /// The marker as printed.
    pub label: String,
    /// Span of the whole note, marker included.
    pub span: Span,
    /// Span of the marker itself.
    pub marker_span: Span,
    /// The note's text (marker excluded), as in the source.
    pub text: String,
    pub citations: Vec<Citation>,
}

/// An in-text reference to a note (`Footnote 34`, `[^3]`, a superscript).
#[derive(Debug, Clone, Serialize)]
pub struct Callout {
    pub number: Option<u32>,
    pub label: String,
    pub span: Span,
}

/// Everything extracted from one document.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub document: Document,
    /// Whether this format marks callouts explicitly (so a body never called is suspicious).
    pub explicit_callouts: bool,
    pub footnotes: Vec<Footnote>,
    pub callouts: Vec<Callout>,
}

impl Extraction {
    pub fn citation_count(&self) -> usize {
        self.footnotes.iter().map(|f| f.citations.len()).sum()
    }
}
