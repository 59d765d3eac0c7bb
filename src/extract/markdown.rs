//! Markdown (pandoc/GFM) footnotes: `[^label]:` definitions with indented continuation
//! paragraphs, and `[^label]` callouts. Line-based, so spans are exact byte offsets.

use super::{Found, NoteDraft};
use crate::model::{Callout, Span};
use regex::Regex;
use std::sync::OnceLock;

fn def_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?m)^ {0,3}\[\^([^\]\s]+)\]:[ \t]*").expect("static pattern compiles")
    })
}

fn ref_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"\[\^([^\]\s]+)\]").expect("static pattern compiles"))
}

/// Find footnote definitions and callouts.
pub fn find(text: &str) -> Found {
    // definitions and callouts all hold `[^`, inline notes `^[`: plain text has neither,
    // and one vectorised search spares it the patterns
    if memchr::memmem::find(text.as_bytes(), b"[^").is_none()
        && memchr::memmem::find(text.as_bytes(), b"^[").is_none()
    {
        return Found {
            notes: Vec::new(),
            callouts: Vec::new(),
            explicit_callouts: true,
        };
    }
    let mut notes = Vec::new();
    let defs: Vec<_> = def_re().captures_iter(text).collect();
    for caps in &defs {
        let (Some(whole), Some(label)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let body_start = whole.end();
        let body_end = definition_end(text, body_start);
        // skip leading blank lines and indentation of a body that starts on the next line
        let body_text = &text[body_start..body_end];
        let lead = body_text.len() - body_text.trim_start().len();
        let label_str = label.as_str().to_string();
        notes.push(NoteDraft {
            number: label_str.parse().ok(),
            label: label_str,
            marker: Span::new(
                whole.start() + whole.as_str().find('[').unwrap_or(0),
                whole.end(),
            ),
            body: Span::new(body_start + lead, body_end.max(body_start + lead)),
            continuation: None,
        });
    }
    let callouts = ref_re()
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            if text[whole.end()..].starts_with(':') {
                return None;
            }
            let label = c.get(1)?.as_str().to_string();
            Some(Callout {
                number: label.parse().ok(),
                label,
                span: Span::new(whole.start(), whole.end()),
            })
        })
        .collect();
    let mut callouts: Vec<Callout> = callouts;
    // pandoc inline notes `^[…]`: the note is its own callout, numbered in reading order
    for (marker, body) in inline_notes(text) {
        let k = callouts
            .iter()
            .filter(|c| c.span.start < marker.start)
            .count() as u32
            + 1;
        callouts.push(Callout {
            number: Some(k),
            label: k.to_string(),
            span: marker,
        });
        notes.push(NoteDraft {
            number: Some(k),
            label: k.to_string(),
            marker,
            body,
            continuation: None,
        });
    }
    callouts.sort_by_key(|c| c.span.start);
    Found {
        notes,
        callouts,
        explicit_callouts: true,
    }
}

/// `^[…]` inline notes (brackets may nest): (marker `^[` span, body span).
fn inline_notes(text: &str) -> Vec<(Span, Span)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = text[from..].find("^[") {
        let at = from + rel;
        from = at + 2;
        // `[^1]` definitions and references are not inline notes
        if at > 0 && bytes[at - 1] == b'[' {
            continue;
        }
        let mut depth = 1usize;
        let mut end = None;
        for (i, &b) in bytes.iter().enumerate().skip(at + 2) {
            match b {
                b'\\' => {}
                b'[' if bytes[i - 1] != b'\\' => depth += 1,
                b']' if bytes[i - 1] != b'\\' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                b'\n' if bytes.get(i + 1) == Some(&b'\n') => break,
                _ => {}
            }
        }
        let Some(end) = end else { continue };
        out.push((Span::new(at, at + 2), Span::new(at + 2, end)));
        from = end + 1;
    }
    out
}

/// A definition runs over following lines that are indented, blank, or lazy continuations
/// of a non-blank line, and stops at the next definition or an unindented paragraph.
fn definition_end(text: &str, start: usize) -> usize {
    let mut end = start + text[start..].find('\n').unwrap_or(text.len() - start);
    let mut pos = end;
    let mut prev_blank = text[start..end].trim().is_empty();
    let mut seen_content = !prev_blank;
    while pos < text.len() {
        let line_start = pos + 1;
        if line_start > text.len() {
            break;
        }
        let line_end = text[line_start..]
            .find('\n')
            .map(|i| line_start + i)
            .unwrap_or(text.len());
        let line = &text[line_start..line_end];
        let blank = line.trim().is_empty();
        let indented = line.starts_with("    ") || line.starts_with('\t') || line.starts_with("  ");
        if def_re().is_match(line) {
            break;
        }
        if blank {
            prev_blank = true;
        } else if indented || !prev_blank || !seen_content {
            end = line_end;
            prev_blank = false;
            seen_content = true;
        } else {
            break;
        }
        pos = line_end;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_notes_are_numbered_in_reading_order() {
        let t =
            "First.[^a] Second.^[Ann Lee, “T [x],” Reuters, May 2, 2020.] Third.\n\n[^a]: Id.\n";
        let f = find(t);
        assert_eq!(f.notes.len(), 2);
        let inline = f.notes.iter().find(|n| n.number == Some(2)).unwrap();
        assert_eq!(
            &t[inline.body.start..inline.body.end],
            "Ann Lee, “T [x],” Reuters, May 2, 2020."
        );
        assert_eq!(f.callouts.len(), 2);
    }

    #[test]
    fn definitions_with_indented_and_lazy_continuations() {
        let t = "Text[^1] and[^note].\n\n[^1]:\n\n     Bernama. (2021). Title.\n     more\n\n[^note]: A first line\nlazy line\n\nNext paragraph.\n";
        let f = find(t);
        assert_eq!(f.notes.len(), 2);
        assert_eq!(
            &t[f.notes[0].body.start..f.notes[0].body.end],
            "Bernama. (2021). Title.\n     more"
        );
        assert_eq!(f.notes[1].number, None);
        assert_eq!(f.notes[1].label, "note");
        assert_eq!(
            &t[f.notes[1].body.start..f.notes[1].body.end],
            "A first line\nlazy line"
        );
        assert_eq!(f.callouts.len(), 2);
    }
}
