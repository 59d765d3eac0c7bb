//! LaTeX notes: `\footnote{…}` (nested braces), `\footnote[n]{…}`, `\footnotetext{…}`,
//! `\endnote{…}`; comments ignored. Notes are numbered in order unless `[n]` is given.

use super::{Found, NoteDraft};
use crate::model::{Callout, Span};
use regex::Regex;
use std::sync::OnceLock;

fn note_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"\\(footnote|footnotetext|endnote)\s*(?:\[(\d+)\])?\s*\{")
            .expect("static pattern compiles")
    })
}

/// Find LaTeX notes.
pub fn find(text: &str) -> Found {
    let mut notes = Vec::new();
    let mut callouts = Vec::new();
    let mut counter = 0u32;
    let mut search_from = 0;
    while let Some(caps) = note_re().captures_at(text, search_from) {
        let Some(whole) = caps.get(0) else { break };
        search_from = whole.end();
        if in_comment(text, whole.start()) || is_escaped(text, whole.start()) {
            continue;
        }
        let number = match caps.get(2).and_then(|m| m.as_str().parse().ok()) {
            Some(n) => {
                counter = n;
                n
            }
            None => {
                counter += 1;
                counter
            }
        };
        let body_start = whole.end();
        let Some(close) = matching_brace(text, body_start) else {
            // unbalanced: take the rest of the paragraph, best effort
            let end = text[body_start..]
                .find("\n\n")
                .map(|i| body_start + i)
                .unwrap_or(text.len());
            notes.push(draft(number, whole.start(), whole.end(), body_start, end));
            break;
        };
        notes.push(draft(number, whole.start(), whole.end(), body_start, close));
        if caps.get(1).map(|m| m.as_str()) != Some("footnotetext") {
            callouts.push(Callout {
                number: Some(number),
                label: number.to_string(),
                span: Span::new(whole.start(), whole.end()),
            });
        }
        search_from = close;
    }
    Found {
        notes,
        callouts,
        explicit_callouts: false,
    }
}

fn draft(number: u32, ms: usize, me: usize, bs: usize, be: usize) -> NoteDraft {
    NoteDraft {
        number: Some(number),
        label: number.to_string(),
        marker: Span::new(ms, me),
        body: Span::new(bs, be),
        continuation: None,
    }
}

/// Offset of the `}` closing the group opened just before `from`, skipping escaped braces
/// and comments.
fn matching_brace(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 1usize;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'%' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn is_escaped(text: &str, at: usize) -> bool {
    text[..at].bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

fn in_comment(text: &str, at: usize) -> bool {
    // look back to the line start, but never further than a long line's worth
    let floor = crate::model::ceil_char_boundary(text, at.saturating_sub(4096));
    let line_start = text.as_bytes()[floor..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|i| floor + i + 1)
        .unwrap_or(floor);
    let line = &text[line_start..at];
    line.char_indices()
        .any(|(i, c)| c == '%' && !is_escaped(line, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_braces_comments_and_numbering() {
        let t = "A.\\footnote{See \\textit{Title}, \\url{http://x.org}.} % \\footnote{no}\nB.\\footnote{Id.}";
        let f = find(t);
        assert_eq!(f.notes.len(), 2);
        assert_eq!(
            &t[f.notes[0].body.start..f.notes[0].body.end],
            "See \\textit{Title}, \\url{http://x.org}."
        );
        assert_eq!(f.notes[1].number, Some(2));
    }

    #[test]
    fn unbalanced_braces_do_not_panic() {
        let f = find("x\\footnote{open { never closed\n\nnext");
        assert_eq!(f.notes.len(), 1);
    }
}
