//! HTML notes: callout anchors (`<sup><a href="#fn1">1</a></sup>`,
//! `<a href="#es_fn2" class="endnotereference">1</a>`) and the elements they point at
//! (`<li id="fn1">`, `<p class="endnote" id="es_fn2">`, `<aside epub:type="footnote">`),
//! or, without anchors, the items of a footnote/endnote/reference list. Spans are byte
//! offsets into the HTML source, so findings point at the file's own lines and columns.

use super::{Found, NoteDraft};
use crate::model::{Callout, Span};
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One start tag.
#[derive(Debug, Clone)]
struct Tag<'a> {
    name: String,
    /// Byte range of the whole tag `<…>`.
    start: usize,
    end: usize,
    attrs: &'a str,
}

impl Tag<'_> {
    fn attr(&self, name: &str) -> Option<String> {
        static R: OnceLock<Regex> = OnceLock::new();
        let r = R.get_or_init(|| {
            Regex::new(
                r#"(?s)([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#,
            )
            .expect("static pattern compiles")
        });
        r.captures_iter(self.attrs).find_map(|c| {
            let key = c.get(1)?.as_str();
            if !key.eq_ignore_ascii_case(name) {
                return None;
            }
            let v = c.get(2).or_else(|| c.get(3)).or_else(|| c.get(4))?.as_str();
            Some(html_escape::decode_html_entities(v).into_owned())
        })
    }
}

/// Start tags in document order, skipping comments, `<script>` and `<style>` contents.
fn start_tags(html: &str) -> Vec<Tag<'_>> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = html[i..].find('<') {
        let at = i + rel;
        if html[at..].starts_with("<!--") {
            i = html[at..].find("-->").map_or(html.len(), |e| at + e + 3);
            continue;
        }
        let Some(close) = html[at..].find('>') else {
            break;
        };
        let end = at + close + 1;
        let inner = &html[at + 1..end - 1];
        if inner.starts_with('/') || inner.starts_with('!') || inner.starts_with('?') {
            i = end;
            continue;
        }
        let name_len = inner
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inner.len());
        let name = inner[..name_len].to_ascii_lowercase();
        if name.is_empty() || !bytes[at + 1].is_ascii_alphabetic() {
            i = at + 1;
            continue;
        }
        let attrs = &inner[name_len..];
        if name == "script" || name == "style" {
            let closing = format!("</{name}");
            i = find_ci(html, end, &closing).unwrap_or(html.len());
            continue;
        }
        out.push(Tag {
            name,
            start: at,
            end,
            attrs,
        });
        i = end;
    }
    out
}

/// Case-insensitive find of ASCII `needle` in `hay[from..]`.
fn find_ci(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let n = needle.len();
    let bytes = hay.as_bytes();
    (from..bytes.len().saturating_sub(n - 1))
        .find(|&k| bytes[k..k + n].eq_ignore_ascii_case(needle.as_bytes()))
}

/// Offset of the end tag closing the element that starts with `tag` (its `<` position of
/// `</name>`), counting nested elements of the same name.
fn element_end(html: &str, tag: &Tag<'_>) -> Option<usize> {
    if tag.attrs.trim_end().ends_with('/')
        || matches!(
            tag.name.as_str(),
            "br" | "img" | "hr" | "meta" | "link" | "input"
        )
    {
        return None;
    }
    let open = format!("<{}", tag.name);
    let close = format!("</{}", tag.name);
    let mut depth = 1usize;
    let mut k = tag.end;
    loop {
        let next_close = find_ci(html, k, &close)?;
        let next_open = find_ci(html, k, &open).filter(|&o| {
            o < next_close
                && html[o + open.len()..].starts_with(|c: char| c.is_whitespace() || c == '>')
        });
        match next_open {
            Some(o) => {
                depth += 1;
                k = o + open.len();
            }
            None => {
                depth -= 1;
                if depth == 0 {
                    return Some(next_close);
                }
                k = next_close + close.len();
            }
        }
    }
}

/// The text of `html[s..e]` without tags, entities decoded, whitespace collapsed.
fn text_of(html: &str, s: usize, e: usize) -> String {
    static TAG: OnceLock<Regex> = OnceLock::new();
    let tag = TAG.get_or_init(|| Regex::new(r"(?s)<[^>]*>").expect("static pattern compiles"));
    let stripped = tag.replace_all(&html[s..e], "");
    html_escape::decode_html_entities(&stripped)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A callout's marker text: `1`, `[1]`, `12.` → 12.
fn marker_number(text: &str) -> Option<u32> {
    let t = text
        .trim()
        .trim_matches(|c| matches!(c, '[' | ']' | '(' | ')' | '.' | ' '));
    if t.is_empty() || t.len() > 4 {
        return None;
    }
    t.parse().ok()
}

/// Find HTML notes and callouts.
pub fn find(html: &str) -> Found {
    let tags = start_tags(html);
    // ids → tag index
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (k, t) in tags.iter().enumerate() {
        if let Some(id) = t
            .attr("id")
            .or_else(|| if t.name == "a" { t.attr("name") } else { None })
        {
            by_id.entry(id).or_insert(k);
        }
    }
    // callouts: in-page links whose text is a small number, pointing at an element
    let mut callouts = Vec::new();
    let mut targets: Vec<(String, Option<u32>, String)> = Vec::new();
    for t in tags.iter().filter(|t| t.name == "a") {
        let Some(href) = t.attr("href") else { continue };
        let Some(id) = href.strip_prefix('#') else {
            continue;
        };
        let Some(end) = element_end(html, t) else {
            continue;
        };
        let label = text_of(html, t.end, end);
        let Some(number) = marker_number(&label) else {
            continue;
        };
        if !by_id.contains_key(id) {
            // a broken link is still a callout (IB104 will say so)
            callouts.push(Callout {
                number: Some(number),
                label: number.to_string(),
                span: Span::new(t.start, end + 4),
            });
            continue;
        }
        // a backlink inside the note itself points back at the callout; skip those
        if is_backlink(t) {
            continue;
        }
        callouts.push(Callout {
            number: Some(number),
            label: number.to_string(),
            span: Span::new(t.start, end + 4),
        });
        if !targets.iter().any(|(i, _, _)| i == id) {
            targets.push((id.to_string(), Some(number), number.to_string()));
        }
    }
    let mut notes: Vec<NoteDraft> = targets
        .iter()
        .filter_map(|(id, number, label)| {
            let tag = &tags[*by_id.get(id)?];
            note_body(html, &tags, tag).map(|(marker, body)| NoteDraft {
                number: *number,
                label: label.clone(),
                marker,
                body,
                continuation: None,
            })
        })
        .collect();
    if notes.is_empty() {
        notes = list_notes(html, &tags);
    }
    notes.sort_by_key(|n| n.body.start);
    notes.dedup_by_key(|n| n.body.start);
    let explicit = !callouts.is_empty();
    Found {
        notes,
        callouts,
        explicit_callouts: explicit,
    }
}

fn is_backlink(t: &Tag<'_>) -> bool {
    let class = t.attr("class").unwrap_or_default().to_ascii_lowercase();
    let role = t.attr("role").unwrap_or_default().to_ascii_lowercase();
    class.contains("back")
        || role.contains("backlink")
        || t.attr("href").is_some_and(|h| h.contains("ref"))
}

/// The body of the note element `tag`: its content, minus a leading backlink/number and a
/// trailing `↩` link. An empty anchor target (`<a name="fn1"></a>`) takes the rest of its
/// enclosing block.
fn note_body(html: &str, tags: &[Tag<'_>], tag: &Tag<'_>) -> Option<(Span, Span)> {
    let (mut start, end) = match element_end(html, tag) {
        Some(e) if !(tag.name == "a" && text_of(html, tag.end, e).is_empty()) => (tag.end, e),
        _ => {
            let block_end = ["</p", "</li", "</div", "</aside", "</td"]
                .iter()
                .filter_map(|c| find_ci(html, tag.end, c))
                .min()?;
            (tag.end, block_end)
        }
    };
    let marker = Span::new(tag.start, tag.end);
    // skip a leading backlink anchor (`<a href="#fnref1">1</a>.`) and the number after it
    for t in tags_in(tags, start, end) {
        let before = text_of(html, start, t.start);
        if !before.is_empty() {
            break;
        }
        if t.name == "a" && t.attr("href").is_some_and(|h| h.starts_with('#')) {
            if let Some(e) = element_end(html, t) {
                start = e + 4;
                break;
            }
        }
    }
    // leading punctuation / whitespace / bare number left by the backlink
    let rest = &html[start..end];
    let trimmed =
        rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ')' | ']' | ':'));
    start = end - trimmed.len();
    // a trailing `↩` backlink
    let mut stop = end;
    if let Some(last_a) = tags_in(tags, start, end)
        .iter()
        .rev()
        .find(|t| t.name == "a")
    {
        if let Some(e) = element_end(html, last_a) {
            let label = text_of(html, last_a.end, e);
            if label.contains('↩')
                || label == "^"
                || is_backlink(last_a)
                    && marker_number(&label).is_none()
                    && label.chars().count() <= 2
            {
                stop = last_a.start;
            }
        }
    }
    let body = &html[start..stop];
    let stop = start + body.trim_end().len();
    (stop > start).then_some((marker, Span::new(start, stop)))
}

/// The tags starting inside `[start, end)` (tags are sorted by position).
fn tags_in<'t, 'a>(tags: &'t [Tag<'a>], start: usize, end: usize) -> &'t [Tag<'a>] {
    let lo = tags.partition_point(|t| t.start < start);
    let hi = tags.partition_point(|t| t.start < end);
    &tags[lo..hi.max(lo)]
}

/// Without callout anchors: the `<li>` items of a footnotes/endnotes/references list.
fn list_notes(html: &str, tags: &[Tag<'_>]) -> Vec<NoteDraft> {
    let containers: Vec<&Tag<'_>> = tags
        .iter()
        .filter(|t| {
            let class = t.attr("class").unwrap_or_default().to_ascii_lowercase();
            let epub = t.attr("epub:type").unwrap_or_default().to_ascii_lowercase();
            let role = t.attr("role").unwrap_or_default().to_ascii_lowercase();
            matches!(
                t.name.as_str(),
                "section" | "ol" | "div" | "aside" | "ul" | "table"
            ) && ["footnote", "endnote", "references", "notes"]
                .iter()
                .any(|k| class.contains(k) || epub.contains(k) || role.contains(k))
        })
        .collect();
    let mut notes = Vec::new();
    for c in containers {
        let Some(c_end) = element_end(html, c) else {
            continue;
        };
        let mut n = 0u32;
        for li in tags
            .iter()
            .filter(|t| t.name == "li" && t.start > c.start && t.start < c_end)
        {
            n += 1;
            if let Some((marker, body)) = note_body(html, tags, li) {
                notes.push(NoteDraft {
                    number: Some(n),
                    label: n.to_string(),
                    marker,
                    body,
                    continuation: None,
                });
            }
        }
        // a table of notes: each row's first cell is the number, the next cell the note
        for tr in tags_in(tags, c.end, c_end)
            .iter()
            .filter(|t| t.name == "tr")
        {
            let Some(tr_end) = element_end(html, tr) else {
                continue;
            };
            let cells: Vec<&Tag<'_>> = tags_in(tags, tr.end, tr_end)
                .iter()
                .filter(|t| t.name == "td")
                .collect();
            let [num_cell, body_cell, ..] = cells.as_slice() else {
                continue;
            };
            let Some(num_end) = element_end(html, num_cell) else {
                continue;
            };
            let Some(number) = marker_number(&text_of(html, num_cell.end, num_end)) else {
                continue;
            };
            if let Some((_, body)) = note_body(html, tags, body_cell) {
                let marker = Span::new(num_cell.start, num_end);
                notes.push(NoteDraft {
                    number: Some(number),
                    label: number.to_string(),
                    marker,
                    body,
                    continuation: None,
                });
            }
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pandoc_style_footnotes() {
        let html = r##"<p>Claim.<sup><a href="#fn1" class="footnote-ref" id="fnref1">1</a></sup> More.<a href="#fn2" id="fnref2"><sup>2</sup></a></p>
<section class="footnotes"><ol>
<li id="fn1"><p>Ann Lee, “A Title,” <em>Reuters</em>, May 2, 2020, <a href="https://r.com/a">https://r.com/a</a>.<a href="#fnref1" class="footnote-back">↩︎</a></p></li>
<li id="fn2"><p>Id. at 5.<a href="#fnref2" class="footnote-back">↩︎</a></p></li>
</ol></section>"##;
        let f = find(html);
        assert_eq!(f.notes.len(), 2);
        assert_eq!(f.callouts.len(), 2);
        let body = &html[f.notes[0].body.start..f.notes[0].body.end];
        assert!(
            body.starts_with("<p>Ann Lee") || body.starts_with("Ann Lee"),
            "{body}"
        );
        assert!(!body.contains('↩'), "{body}");
        assert_eq!(f.notes[1].number, Some(2));
    }

    #[test]
    fn endnotes_with_leading_backlinks() {
        let html = r##"<p>Text.<a id="r2" href="#es_fn2" class="endnotereference">1</a></p>
<p class="endnote" id="es_fn2"><a href="#r2" class="fnback"> 1</a>.  A few weeks later, see Ann Lee, “T,” <span>New York Times</span>, (Nov. 29, 2022).</p>"##;
        let f = find(html);
        assert_eq!(f.notes.len(), 1);
        let body = &html[f.notes[0].body.start..f.notes[0].body.end];
        assert!(body.starts_with("A few weeks later"), "{body}");
        assert_eq!(f.notes[0].number, Some(1));
    }

    #[test]
    fn a_table_of_notes() {
        let html = r#"<table class="endnotes"><tr><td>1.</td><td>Ann Lee, “T,” Reuters, May 2, 2020.</td></tr><tr><td>2</td><td>Id. at 4.</td></tr></table>"#;
        let f = find(html);
        assert_eq!(
            f.notes.iter().map(|n| n.number).collect::<Vec<_>>(),
            [Some(1), Some(2)]
        );
        assert_eq!(
            &html[f.notes[1].body.start..f.notes[1].body.end],
            "Id. at 4."
        );
    }

    #[test]
    fn scripts_comments_and_broken_markup_do_not_panic() {
        let f = find("<script>var a = '<a href=\"#x\">1</a>';</script><!-- <li id=x> --><p><a href=\"#gone\">3</a><li id=\"unclosed\">");
        assert_eq!(f.callouts.len(), 1);
        assert!(f.notes.is_empty());
    }
}
