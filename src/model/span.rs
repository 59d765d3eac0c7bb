//! Byte spans into the original text, and their translation to 1-based line:column.

use serde::Serialize;

/// A half-open byte range `[start, end)` into a document's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// The largest char boundary of `text` at or before `i` (clamped to the text).
pub fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `text` at or after `i` (clamped to the text).
pub fn ceil_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A 1-based line and a 1-based column counted in characters (not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Start offsets of every line, for O(log n) offset → line:column look-ups.
///
/// Columns count characters; on very long lines (flattened text, a 50 MB document on one
/// line) counting from the line start would make every look-up linear, so the index keeps
/// the running character count at checkpoints every [`CHECKPOINT`] bytes.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// (byte offset at a char boundary, characters before it in the whole text)
    checkpoints: Vec<(usize, usize)>,
}

/// Bytes between character-count checkpoints.
const CHECKPOINT: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text.as_bytes()).map(|i| i + 1));
        let mut checkpoints = vec![(0, 0)];
        let mut chars = 0;
        let mut last = 0;
        let mut next = CHECKPOINT;
        while next < text.len() {
            let mut b = next;
            while !text.is_char_boundary(b) {
                b += 1;
            }
            chars += text[last..b].chars().count();
            checkpoints.push((b, chars));
            last = b;
            next = b + CHECKPOINT;
        }
        LineIndex {
            starts,
            checkpoints,
        }
    }

    /// Number of characters in `text[..offset]` (`offset` at a char boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let i = match self.checkpoints.binary_search_by(|(b, _)| b.cmp(&offset)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let (b, n) = self.checkpoints.get(i).copied().unwrap_or((0, 0));
        if b > offset {
            return text[..offset].chars().count();
        }
        n + text[b..offset].chars().count()
    }

    /// Number of lines (a trailing newline does not open an extra counted line of text,
    /// but an offset just past it still maps to that new line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// Position of byte `offset` in `text`. Offsets inside a multi-byte character count
    /// as that character; offsets past the end clamp to the end.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line_idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line_idx];
        let mut end = offset;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let column = if end - start <= CHECKPOINT {
            text[start..end].chars().count() + 1
        } else {
            self.chars_before(text, end) - self.chars_before(text, start) + 1
        };
        Position {
            line: line_idx + 1,
            column,
        }
    }

    /// The text of 1-based `line`, without its line terminator.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let Some(start) = self.line_start(line) else {
            return "";
        };
        let end = self.starts.get(line).copied().unwrap_or(text.len());
        text[start..end].trim_end_matches(['\n', '\r'])
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "ab\n“é” x\n\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 1), Position { line: 1, column: 2 });
        let x = text.find('x').unwrap();
        assert_eq!(idx.position(text, x), Position { line: 2, column: 5 });
        let last = text.find("last").unwrap();
        assert_eq!(idx.position(text, last), Position { line: 4, column: 1 });
        assert_eq!(idx.line_text(text, 2), "“é” x");
        assert_eq!(idx.line_text(text, 3), "");
    }

    #[test]
    fn long_lines_use_checkpoints_and_agree_with_counting() {
        let text = "é".repeat(5000) + "x" + &"a".repeat(9000) + "\nb";
        let idx = LineIndex::new(&text);
        let x = text.find('x').unwrap();
        assert_eq!(
            idx.position(&text, x),
            Position {
                line: 1,
                column: 5001
            }
        );
        let b = text.rfind('b').unwrap();
        assert_eq!(idx.position(&text, b), Position { line: 2, column: 1 });
        let late = text.len() - 3;
        assert_eq!(
            idx.position(&text, late).column,
            text[..late].chars().count() + 1
        );
    }

    #[test]
    fn offsets_past_the_end_clamp() {
        let text = "abc";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 99), Position { line: 1, column: 4 });
    }
}
