//! Byte spans → safe slices and 1-based line:column ranges for reports.

use crate::model::{Document, Position, Span};

/// Start and (exclusive) end of a span, 1-based, columns in characters.
///
/// The end is the position just past the last character, as in SARIF's `endColumn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

/// Clamp `span` into `text`: inside its length, start ≤ end, both on character
/// boundaries (start rounded down, end rounded up). Spans from upstream stages are
/// trusted for meaning, never for safety.
pub fn clamp_span(text: &str, span: Span) -> Span {
    let start = crate::model::floor_char_boundary(text, span.start);
    let end = crate::model::ceil_char_boundary(text, span.end.max(start));
    Span { start, end }
}

/// The line:column range of `span` in `document`.
pub fn range(document: &Document, span: Span) -> Range {
    let span = clamp_span(&document.text, span);
    Range {
        start: document.position(span.start),
        end: document.position(span.end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;

    #[test]
    fn clamp_rounds_to_char_boundaries_and_length() {
        let text = "aé b"; // 'é' is bytes 1..3
        assert_eq!(
            clamp_span(text, Span { start: 2, end: 2 }),
            Span { start: 1, end: 3 }
        );
        assert_eq!(
            clamp_span(text, Span { start: 4, end: 99 }),
            Span { start: 4, end: 5 }
        );
        assert_eq!(
            clamp_span(text, Span { start: 9, end: 3 }),
            Span { start: 5, end: 5 }
        );
    }

    #[test]
    fn range_counts_characters_not_bytes() {
        let doc = Document::new("d.txt", Format::Text, "x\n“é” ab".into(), String::new());
        let start = doc.text.find("ab").unwrap_or_default();
        let r = range(
            &doc,
            Span {
                start,
                end: start + 2,
            },
        );
        assert_eq!(r.start, Position { line: 2, column: 5 });
        assert_eq!(r.end, Position { line: 2, column: 7 });
    }
}
