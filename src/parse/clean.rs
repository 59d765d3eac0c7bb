//! Markup removal with a span map: the parser reads clean text, and every clean byte knows
//! its original offset, so fields can point back at the source (eyecite's `SpanUpdater`
//! idea, done as an offset table).

use crate::model::Format;
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// An in-document suppression, `ibid-ignore: IB203, missing-url` (or `ibid-ignore-file:`):
/// group 1 marks the file form, group 2 holds the selectors. Read by
/// [`crate::lint::suppress`]; removed from plain-text citations here.
pub static SUPPRESSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"ibid-ignore(-file)?[ \t]*:[ \t]*((?:[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*[ \t]*,?[ \t]*)+)",
    )
    .unwrap_or_else(|e| panic!("static regex: {e}"))
});

/// Clean text and, for each of its bytes, the offset of the original byte it came from.
///
/// Text with nothing to remove is borrowed, not copied.
#[derive(Debug, Clone)]
pub struct Cleaned<'a> {
    pub text: Cow<'a, str>,
    /// The original offset of each clean byte (empty when `identity`).
    map: Vec<usize>,
    original_len: usize,
    /// Nothing was removed (plain text): clean offset `i` is original offset `i`, and no
    /// map is built (it would cost eight bytes per byte of every note and citation).
    identity: bool,
    /// The web addresses of links whose text does not show them (`[How the Grid
    /// Failed](https://…)`, `<a href="https://…">Title</a>`), in order. They are not put
    /// into the text: a link's target sits inside the citation, where an address would
    /// end it (the outlet and date after it were lost).
    pub links: Vec<String>,
}

impl Cleaned<'_> {
    /// Original offset (relative to the raw input) of clean offset `i`.
    pub fn original(&self, i: usize) -> usize {
        if self.identity {
            return if i < self.original_len {
                i
            } else {
                self.original_len
            };
        }
        self.map.get(i).copied().unwrap_or(self.original_len)
    }

    /// Whether nothing was removed: the clean text is the raw text, byte for byte.
    pub fn is_identity(&self) -> bool {
        self.identity
    }

    /// How many clean bytes the map covers.
    fn mapped_len(&self) -> usize {
        if self.identity {
            self.original_len
        } else {
            self.map.len()
        }
    }

    /// Original range of a clean range `[s, e)`.
    pub fn original_range(&self, s: usize, e: usize) -> (usize, usize) {
        let start = self.original(s);
        // the end is where the next clean byte came from, so a replaced construct
        // (`&rdquo;`, `''`) is covered whole; the last byte maps past its own source
        let end = if e == 0 {
            start
        } else if e < self.mapped_len() {
            self.original(e).max(self.original(e - 1) + 1)
        } else {
            self.original_len.max(self.original(e - 1) + 1)
        };
        // extend `end` over the whole original character
        (start, end.max(start))
    }

    /// Keep a link's target if it is a web address (`#anchor`s and relative paths are not).
    fn note_link(&mut self, url: &str) {
        let url = url.trim();
        if url.starts_with("http://") || url.starts_with("https://") || url.starts_with("www.") {
            self.links.push(url.to_string());
        }
    }

    fn push(&mut self, s: &str, at: usize) {
        self.map.extend(at..at + s.len());
        self.text.to_mut().push_str(s);
    }

    fn push_mapped(&mut self, s: &str, at: usize) {
        // every byte of a replacement maps to the same original position
        self.map.extend(std::iter::repeat_n(at, s.len()));
        self.text.to_mut().push_str(s);
    }
}

/// `raw.contains("ibid-ignore")`, by a searcher built once (`str::contains` sets up a
/// two-way searcher on every call, which costs more than searching a citation).
fn holds_suppression_word(raw: &str) -> bool {
    static FINDER: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new("ibid-ignore").unwrap_or_else(|e| panic!("static regex: {e}"))
    });
    FINDER.is_match(raw.as_bytes())
}

/// [`clean`] of a part of a text whose own [`clean`] left it as it was
/// ([`Cleaned::is_identity`]): that text is plain and holds no suppression, so neither
/// does any part of it, which is left as it is too — without searching it again.
pub(crate) fn clean_part_of_identity(raw: &str) -> Cleaned<'_> {
    Cleaned::as_is(raw)
}

impl<'a> Cleaned<'a> {
    /// `raw` left as it is: the identity map.
    fn as_is(raw: &'a str) -> Cleaned<'a> {
        Cleaned {
            text: Cow::Borrowed(raw),
            map: Vec::new(),
            original_len: raw.len(),
            identity: true,
            links: Vec::new(),
        }
    }
}

/// Remove the markup of `format` from `raw`.
pub fn clean(raw: &str, format: Format) -> Cleaned<'_> {
    let plain = !matches!(
        format,
        Format::Latex | Format::Markdown | Format::Docx | Format::Html
    );
    if plain && !holds_suppression_word(raw) {
        return Cleaned::as_is(raw);
    }
    let mut out = Cleaned {
        text: Cow::Owned(String::with_capacity(raw.len())),
        map: Vec::with_capacity(raw.len()),
        original_len: raw.len(),
        identity: false,
        links: Vec::new(),
    };
    match format {
        Format::Latex => clean_latex(raw, &mut out),
        Format::Markdown | Format::Docx => clean_markdown(raw, &mut out),
        Format::Html => clean_html(raw, &mut out),
        _ if raw.contains("ibid-ignore") => {
            let mut at = 0;
            for m in SUPPRESSION.find_iter(raw) {
                out.push(&raw[at..m.start()], at);
                at = m.end();
            }
            out.push(&raw[at..], at);
        }
        _ => out.push(raw, 0),
    }
    out
}

/// Tags removed (block tags become a space), entities decoded, `<script>`/`<style>`
/// dropped, and a link's URL kept after its text when the text does not show it.
fn clean_html(raw: &str, out: &mut Cleaned) {
    let mut i = 0;
    let mut pending_href: Option<String> = None;
    while i < raw.len() {
        let rest = &raw[i..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(raw.len(), |e| i + e + 3);
            continue;
        }
        if rest.starts_with('<') {
            let Some(close) = rest.find('>') else {
                out.push(&raw[i..i + 1], i);
                i += 1;
                continue;
            };
            let tag = &rest[1..close];
            let lower = tag.to_ascii_lowercase();
            let name: String = lower
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if (name == "script" || name == "style") && !lower.starts_with('/') {
                let end_tag = format!("</{name}");
                i = raw[i..]
                    .to_ascii_lowercase()
                    .find(&end_tag)
                    .map_or(raw.len(), |e| i + e);
                continue;
            }
            if name == "a" && !lower.starts_with('/') {
                pending_href = href_of(tag);
            } else if name == "a" {
                if let Some(href) = pending_href.take() {
                    if !out.text.ends_with(href.trim_end_matches('/')) && !out.text.ends_with(&href)
                    {
                        out.note_link(&href);
                    }
                }
            }
            if matches!(
                name.as_str(),
                "p" | "br"
                    | "li"
                    | "div"
                    | "td"
                    | "tr"
                    | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "blockquote"
                    | "section"
                    | "aside"
            ) {
                out.push_mapped(" ", i);
            }
            i += close + 1;
            continue;
        }
        if rest.starts_with('&') {
            // an entity is short: look for its `;` in the next 12 bytes (cut at a character)
            let window = &rest[..crate::model::floor_char_boundary(rest, 12)];
            if let Some(semi) = window.find(';') {
                let entity = &rest[..=semi];
                let decoded = html_escape::decode_html_entities(entity);
                if decoded != entity {
                    let d = if decoded == "\u{a0}" {
                        " ".to_string()
                    } else {
                        decoded.into_owned()
                    };
                    out.push_mapped(&d, i);
                    i += semi + 1;
                    continue;
                }
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(&raw[i..i + c.len_utf8()], i);
        i += c.len_utf8();
    }
}

fn href_of(tag: &str) -> Option<String> {
    let at = tag.to_ascii_lowercase().find("href")?;
    let rest = tag[at + 4..].trim_start().strip_prefix('=')?.trim_start();
    let (q, body) = match rest.chars().next()? {
        '"' => ('"', &rest[1..]),
        '\'' => ('\'', &rest[1..]),
        _ => (' ', rest),
    };
    let end = body.find(q).unwrap_or(body.len());
    Some(html_escape::decode_html_entities(&body[..end]).into_owned())
}

fn clean_markdown(raw: &str, out: &mut Cleaned) {
    let bytes = raw.as_bytes();
    let mut i = 0;
    let mut in_url = false;
    // the characters kept as they are since `kept`, pushed as one run when something else
    // comes (one push of a run maps and copies as pushing its characters one by one did)
    let mut kept = 0;
    while i < raw.len() {
        let c = raw[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        if c == 'h' && (raw[i..].starts_with("http://") || raw[i..].starts_with("https://")) {
            in_url = true;
        }
        if c.is_whitespace() {
            in_url = false;
        }
        match c {
            '<' if raw[i..].starts_with("<!--") => {
                // an HTML comment (`<!-- ibid-ignore: … -->`) is not part of the citation
                out.push(&raw[kept..i], kept);
                i = raw[i + 4..]
                    .find("-->")
                    .map_or(raw.len(), |e| i + 4 + e + 3);
                kept = i;
                continue;
            }
            '[' if !in_url => {
                // [text](url) → text url ; [text] → text
                if let Some(close) = raw[i..].find("](") {
                    let text_end = i + close;
                    if let Some(url_close) = raw[text_end + 2..].find(')') {
                        let url_start = text_end + 2;
                        let url_end = url_start + url_close;
                        let text = &raw[i + 1..text_end];
                        let url = &raw[url_start..url_end];
                        if !text.contains('\n') || text.len() < 300 {
                            out.push(&raw[kept..i], kept);
                            clean_markdown_inline(text, i + 1, out);
                            if url.trim() != text.trim() {
                                out.note_link(url);
                            }
                            i = url_end + 1;
                            kept = i;
                            continue;
                        }
                    }
                }
                // otherwise the `[` is kept as it is
            }
            '*' if !in_url => {
                out.push(&raw[kept..i], kept);
                kept = i + len;
            }
            '_' if !in_url && is_emphasis_underscore(bytes, i) => {
                out.push(&raw[kept..i], kept);
                kept = i + len;
            }
            '\\' if i + 1 < raw.len() && raw.as_bytes()[i + 1].is_ascii_punctuation() => {
                // the escaped character is kept as it is, the backslash is not
                out.push(&raw[kept..i], kept);
                kept = i + 1;
                i += 2;
                continue;
            }
            _ => {}
        }
        i += len;
    }
    out.push(&raw[kept..], kept);
}

fn clean_markdown_inline(text: &str, base: usize, out: &mut Cleaned) {
    for (k, c) in text.char_indices() {
        if c == '*' || (c == '_' && is_emphasis_underscore(text.as_bytes(), k)) {
            continue;
        }
        out.push(&text[k..k + c.len_utf8()], base + k);
    }
}

fn is_emphasis_underscore(bytes: &[u8], i: usize) -> bool {
    let before = if i == 0 { None } else { Some(bytes[i - 1]) };
    let after = bytes.get(i + 1).copied();
    let word = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b >= 0x80);
    !(word(before) && word(after))
}

fn clean_latex(raw: &str, out: &mut Cleaned) {
    let b = raw.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        match c {
            '%' => {
                while i < raw.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            '~' => out.push_mapped(" ", i),
            '{' | '}' => {}
            '`' if raw[i..].starts_with("``") => {
                out.push_mapped("“", i);
                i += 2;
                continue;
            }
            '`' => out.push_mapped("‘", i),
            '\'' if raw[i..].starts_with("''") => {
                out.push_mapped("”", i);
                i += 2;
                continue;
            }
            '\\' => {
                let rest = &raw[i + 1..];
                let name_len = rest
                    .find(|ch: char| !ch.is_ascii_alphabetic())
                    .unwrap_or(rest.len());
                if name_len == 0 {
                    // an escaped character: \& \% \$ \# \_ \{ \} ; `\\` and `\ ` are spaces
                    match rest.chars().next() {
                        Some(ch @ ('&' | '%' | '$' | '#' | '_' | '{' | '}')) => {
                            out.push(&raw[i + 1..i + 1 + ch.len_utf8()], i + 1)
                        }
                        Some(ch) => {
                            out.push_mapped(" ", i);
                            i += 1 + ch.len_utf8();
                            continue;
                        }
                        None => {}
                    }
                    i += 2;
                    continue;
                }
                let name = &rest[..name_len];
                let mut j = i + 1 + name_len;
                if name == "href" {
                    // \href{url}{text} → text url
                    if let Some((u0, u1)) = group(raw, j) {
                        if let Some((t0, t1)) = group(raw, u1 + 1) {
                            clean_latex_into(&raw[t0..t1], t0, out);
                            out.push_mapped(" ", u0);
                            out.push(&raw[u0..u1], u0);
                            i = t1 + 1;
                            continue;
                        }
                    }
                }
                // an anchor's name is never printed: \hyperlink{anchor}{text} → text,
                // \label{anchor} → nothing
                if name == "hyperlink" || name == "label" {
                    if let Some((_, a1)) = group(raw, j) {
                        i = a1 + 1;
                        continue;
                    }
                }
                if name == "url" {
                    if let Some((u0, u1)) = group(raw, j) {
                        out.push(&raw[u0..u1], u0);
                        i = u1 + 1;
                        continue;
                    }
                }
                // other commands vanish; their arguments stay as text
                while raw[j..].starts_with('*') {
                    j += 1;
                }
                // symbols that print: `\S~402` is `§ 402`, `\P` a paragraph sign
                let symbol = match name {
                    "ldots" | "dots" => Some("…"),
                    "S" => Some("§"),
                    "P" => Some("¶"),
                    _ => None,
                };
                if let Some(symbol) = symbol {
                    out.push_mapped(symbol, i);
                } else if raw[j..].starts_with(' ') && !raw[j..].starts_with(" {") {
                    j += 1;
                    out.push_mapped(" ", i);
                }
                i = j;
                continue;
            }
            _ => out.push(&raw[i..i + len], i),
        }
        i += len;
    }
}

fn clean_latex_into(raw: &str, base: usize, out: &mut Cleaned) {
    let mut inner = Cleaned {
        text: Cow::Owned(String::new()),
        map: Vec::new(),
        original_len: raw.len(),
        identity: false,
        links: Vec::new(),
    };
    clean_latex(raw, &mut inner);
    for (k, _) in inner.text.bytes().enumerate() {
        out.map.push(base + inner.map[k]);
    }
    out.text.to_mut().push_str(&inner.text);
}

/// The `{…}` group starting at `at` (after optional spaces): inner byte range.
fn group(raw: &str, at: usize) -> Option<(usize, usize)> {
    let start = at + (raw[at..].len() - raw[at..].trim_start().len());
    if !raw[start..].starts_with('{') {
        return None;
    }
    let mut depth = 0usize;
    for (k, c) in raw[start..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((start + 1, start + k));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Markdown cleaner as it was, pushing the characters it keeps one at a time.
    fn clean_markdown_by_chars(raw: &str, out: &mut Cleaned) {
        let bytes = raw.as_bytes();
        let mut i = 0;
        let mut in_url = false;
        while i < raw.len() {
            let c = raw[i..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            if raw[i..].starts_with("http://") || raw[i..].starts_with("https://") {
                in_url = true;
            }
            if c.is_whitespace() {
                in_url = false;
            }
            match c {
                '<' if raw[i..].starts_with("<!--") => {
                    // an HTML comment (`<!-- ibid-ignore: … -->`) is not part of the citation
                    i = raw[i + 4..]
                        .find("-->")
                        .map_or(raw.len(), |e| i + 4 + e + 3);
                    continue;
                }
                '[' if !in_url => {
                    // [text](url) → text url ; [text] → text
                    if let Some(close) = raw[i..].find("](") {
                        let text_end = i + close;
                        if let Some(url_close) = raw[text_end + 2..].find(')') {
                            let url_start = text_end + 2;
                            let url_end = url_start + url_close;
                            let text = &raw[i + 1..text_end];
                            let url = &raw[url_start..url_end];
                            if !text.contains('\n') || text.len() < 300 {
                                clean_markdown_inline(text, i + 1, out);
                                if url.trim() != text.trim() {
                                    out.note_link(url);
                                }
                                i = url_end + 1;
                                continue;
                            }
                        }
                    }
                    out.push(&raw[i..i + len], i);
                }
                '*' if !in_url => {}
                '_' if !in_url && is_emphasis_underscore(bytes, i) => {}
                '\\' if i + 1 < raw.len() && raw.as_bytes()[i + 1].is_ascii_punctuation() => {
                    out.push(&raw[i + 1..i + 2], i + 1);
                    i += 2;
                    continue;
                }
                _ => out.push(&raw[i..i + len], i),
            }
            i += len;
        }
    }

    proptest::proptest! {
        /// Pushing the kept characters as runs gives the text and map of pushing them one
        /// at a time.
        #[test]
        fn markdown_runs_clean_as_characters_did(
            s in r"(\[|\]|\(|\)|\]\(|https://x\.org/a_b|http://|\*|_|a_b|\\\*|\\|<!--|-->|<|#|[a-z ,.;:\n]|é|中){0,24}"
        ) {
            let fresh = |n: usize| Cleaned {
                text: Cow::Owned(String::new()),
                map: Vec::new(),
                original_len: n,
                identity: false,
                links: Vec::new(),
            };
            let (mut by_runs, mut by_chars) = (fresh(s.len()), fresh(s.len()));
            clean_markdown(&s, &mut by_runs);
            clean_markdown_by_chars(&s, &mut by_chars);
            proptest::prop_assert_eq!(&by_runs.text, &by_chars.text, "{:?}", s);
            proptest::prop_assert_eq!(&by_runs.links, &by_chars.links, "{:?}", s);
            proptest::prop_assert_eq!(&by_runs.map, &by_chars.map, "{:?}", s);
        }
    }

    proptest::proptest! {
        /// A part of a text that [`clean`] leaves as it is is left as it is too: what
        /// [`clean_part_of_identity`] answers without searching it.
        #[test]
        fn a_part_of_a_text_left_as_is_is_left_as_is(
            s in r"(ibid-ignore|ibid-ignore: IB203|ibid|-ignore|\\textit\{x\}|\*x\*|<i>x</i>|&amp;|[a-z ,.;:]|é){0,12}",
            a in 0usize..80,
            b in 0usize..80,
        ) {
            for format in [Format::Text, Format::Markdown, Format::Latex, Format::Html, Format::Docx] {
                if !clean(&s, format).is_identity() {
                    continue;
                }
                let (mut a, mut b) = (a.min(s.len()), b.min(s.len()));
                while !s.is_char_boundary(a) {
                    a -= 1;
                }
                while !s.is_char_boundary(b) {
                    b -= 1;
                }
                let part = &s[a.min(b)..a.max(b)];
                let by_clean = clean(part, format);
                let as_is = clean_part_of_identity(part);
                proptest::prop_assert!(by_clean.is_identity());
                proptest::prop_assert_eq!(&by_clean.text, &as_is.text);
                proptest::prop_assert_eq!(by_clean.original_range(0, part.len()), as_is.original_range(0, part.len()));
            }
        }
    }

    #[test]
    fn an_entity_before_letters_outside_ascii_is_decoded() {
        // the 12-byte window for the entity's `;` ends inside the fourth `é`
        let c = clean("&amp;éééé Title", Format::Html);
        assert_eq!(c.text, "&éééé Title");
    }

    #[test]
    fn latex_commands_go_and_offsets_map_back() {
        let raw = "See \\textit{Title}, \\url{http://x.org}~at~4.";
        let c = clean(raw, Format::Latex);
        assert_eq!(c.text, "See Title, http://x.org at 4.");
        let t = c.text.find("Title").unwrap();
        assert_eq!(&raw[c.original(t)..c.original(t) + 5], "Title");
        let u = c.text.find("http").unwrap();
        assert_eq!(&raw[c.original(u)..c.original(u) + 4], "http");
    }

    #[test]
    fn anchor_names_are_not_text() {
        let raw = "\\textit{See} \\hyperlink{subsubsection.1.3.2.2}{Volume~I, Section~III.B.2}, \\textit{supra}.\\label{fn:82}";
        let c = clean(raw, Format::Latex);
        assert_eq!(c.text, "See Volume I, Section III.B.2, supra.");
        let v = c.text.find("Volume").unwrap();
        assert_eq!(&raw[c.original(v)..c.original(v) + 6], "Volume");
    }

    #[test]
    fn latex_section_and_paragraph_signs_print() {
        let raw = "Pub.\\ L.~No.~112-208 \\S\\S~402, 404; \\P~3";
        let c = clean(raw, Format::Latex);
        assert_eq!(c.text, "Pub. L. No. 112-208 §§ 402, 404; ¶ 3");
        let s = c.text.find('§').unwrap();
        assert_eq!(&raw[c.original(s)..c.original(s) + 2], "\\S");
    }

    #[test]
    fn latex_quotes_and_escapes() {
        let c = clean("``A \\& B,'' 50\\% off", Format::Latex);
        assert_eq!(c.text, "“A & B,” 50% off");
    }

    #[test]
    fn markdown_links_and_emphasis() {
        let raw = "Ann. _New Straits Times_. [https://nst.com.my/a_b](https://nst.com.my/a_b) and [site](https://x.org/y)";
        let c = clean(raw, Format::Markdown);
        assert_eq!(
            c.text,
            "Ann. New Straits Times. https://nst.com.my/a_b and site"
        );
        // a link whose text is not its address: the address is kept aside, not in the text
        assert_eq!(c.links, ["https://x.org/y"]);
        let c2 = clean("[Title](#anchor) and [Other](page.html)", Format::Markdown);
        assert_eq!((c2.text.as_ref(), c2.links.len()), ("Title and Other", 0));
        let n = c.text.find("New").unwrap();
        assert_eq!(c.original(n), raw.find("New").unwrap());
    }

    #[test]
    fn html_tags_entities_and_links() {
        let raw = "<p>Ann &amp; Bo, &ldquo;T,&rdquo; <span style=\"x\">NYT</span>, <a href=\"https://n.com/a\">https://n.com/a</a>; <a href=\"https://x.org/b\">site</a></p>";
        let c = clean(raw, Format::Html);
        assert_eq!(c.text, " Ann & Bo, “T,” NYT, https://n.com/a; site ");
        assert_eq!(c.links, ["https://x.org/b"]);
        let n = c.text.find("NYT").unwrap();
        assert_eq!(&raw[c.original(n)..c.original(n) + 3], "NYT");
    }

    #[test]
    fn html_comments_are_removed_in_markdown_and_html() {
        for format in [Format::Markdown, Format::Html] {
            let raw = "A, B (2020). <!-- ibid-ignore: IB203 --> C";
            let c = clean(raw, format);
            assert_eq!(c.text, "A, B (2020).  C", "{format:?}");
            let at = c.text.find('C').unwrap_or_default();
            assert_eq!(c.original(at), raw.find('C').unwrap_or_default());
        }
        assert_eq!(clean("x <!-- open", Format::Html).text, "x ");
    }

    #[test]
    fn suppressions_are_removed_from_plain_text() {
        let c = clean("A, B (2020). ibid-ignore: IB203, IB204", Format::Text);
        assert_eq!(c.text, "A, B (2020). ");
    }

    #[test]
    fn plain_text_is_identity() {
        let c = clean("a “b” c", Format::Text);
        assert_eq!(c.text, "a “b” c");
        assert_eq!(c.original_range(2, 7), (2, 7));
    }
}
