//! In-text callouts written out in words or brackets: `Footnote 34`, `[12]`.

use crate::model::{Callout, Span};
use regex::Regex;
use std::sync::OnceLock;

/// `Footnote 34` / `Endnote 3` written in the running text.
pub fn find_textual(text: &str) -> Vec<Callout> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| {
        Regex::new(r"(?-u:\b)(?:[Ff]oot ?[Nn]ote|FOOTNOTE|[Ee]nd ?[Nn]ote)\s+(\d{1,4})(?-u:\b)")
            .expect("static pattern compiles")
    });
    r.captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let n: u32 = c.get(1)?.as_str().parse().ok()?;
            Some(Callout {
                number: Some(n),
                label: n.to_string(),
                span: Span::new(whole.start(), whole.end()),
            })
        })
        .collect()
}

/// Bracketed numeric markers `[12]` (Wikipedia-style), within `text[..limit]`.
pub fn find_bracketed(text: &str, limit: usize) -> Vec<Callout> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| Regex::new(r"\[(\d{1,4})\]").expect("static pattern compiles"));
    let end = crate::model::floor_char_boundary(text, limit);
    r.captures_iter(&text[..end])
        .filter_map(|c| {
            let whole = c.get(0)?;
            // a reference-list line starting with `[1]` is a note, not a callout
            let lead = text[..whole.start()].trim_end_matches([' ', '\t']);
            if lead.is_empty() || lead.ends_with('\n') {
                return None;
            }
            let n: u32 = c.get(1)?.as_str().parse().ok()?;
            Some(Callout {
                number: Some(n),
                label: n.to_string(),
                span: Span::new(whole.start(), whole.end()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textual_callouts_carry_their_numbers() {
        let got = find_textual("x. Footnote 34 The Joint. footnote 55 In.");
        assert_eq!(
            got.iter().map(|c| c.number).collect::<Vec<_>>(),
            [Some(34), Some(55)]
        );
        assert_eq!(got[0].span, Span::new(3, 14));
    }

    #[test]
    fn bracketed_markers_in_prose_only() {
        let t = "Attack.[5][6] Again[7]\n[1] Ref line";
        let got = find_bracketed(t, t.len());
        assert_eq!(
            got.iter().map(|c| c.number.unwrap()).collect::<Vec<_>>(),
            [5, 6, 7]
        );
    }
}
