//! Styled bibliographies (plain text, HTML) through hayagriva's CSL engine and the styles
//! archived in it (`chicago-author-date` by default).
//!
//! hayagriva's [`hayagriva::types::Date`] months and days are 0-based. Every entry is cited
//! once as a hidden item so the bibliography lists them all. hayagriva writes text into HTML
//! unescaped, so the rendered tree is HTML-escaped here before it is written.

use super::styles::ResolvedStyle;
use super::works::Work;
use super::ExportError;
use crate::model::{CitationKind, DatePrecision};
use hayagriva::archive::locales;
use hayagriva::types::{Date, EntryType, FormatString, Person, Publisher, QualifiedUrl};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest,
    ElemChild, ElemChildren, Entry,
};

/// The style used when none is named.
pub const DEFAULT_STYLE: &str = "chicago-author-date";

/// Plain text, HTML or Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    Text,
    Html,
    Markdown,
}

fn hayagriva_type(kind: CitationKind) -> (EntryType, Option<EntryType>) {
    match kind {
        CitationKind::NewsArticle => (EntryType::Article, Some(EntryType::Newspaper)),
        CitationKind::JournalArticle => (EntryType::Article, Some(EntryType::Periodical)),
        CitationKind::WebPage => (EntryType::Web, Some(EntryType::Web)),
        CitationKind::Book => (EntryType::Book, None),
        CitationKind::Report => (EntryType::Report, None),
        CitationKind::Case => (EntryType::Case, None),
        CitationKind::Statute => (EntryType::Legislation, None),
        CitationKind::Other => (EntryType::Misc, None),
    }
}

fn date(work: &Work) -> Option<Date> {
    let d = work.date.as_ref()?;
    let precision = d.precision.unwrap_or(DatePrecision::Year);
    // hayagriva counts months and days from 0.
    let month = d
        .month
        .filter(|m| precision >= DatePrecision::Month && (1..=12).contains(m))
        .and_then(|m| u8::try_from(m - 1).ok());
    let day = d
        .day
        .filter(|x| month.is_some() && precision >= DatePrecision::Day && (1..=31).contains(x))
        .and_then(|x| u8::try_from(x - 1).ok());
    Some(Date {
        year: d.year?,
        month,
        day,
        approximate: false,
        season: None,
    })
}

/// One work as a hayagriva entry.
pub fn to_entry(work: &Work, key: &str) -> Entry {
    let (ty, parent_ty) = hayagriva_type(work.kind);
    let mut e = Entry::new(key, ty);
    if let Some(title) = &work.title {
        e.set_title(FormatString::from(title.clone()));
    }
    if !work.authors.is_empty() {
        e.set_authors(
            work.authors
                .iter()
                .map(|p| Person {
                    name: p.family.clone(),
                    given_name: p.given.clone(),
                    prefix: None,
                    suffix: None,
                    comma_suffix: false,
                    alias: None,
                })
                .collect(),
        );
    }
    if let Some(d) = date(work) {
        e.set_date(d);
    }
    if let Some(url) = work.url.as_deref().and_then(|u| url::Url::parse(u).ok()) {
        e.set_url(QualifiedUrl::new(url, None));
    }
    if let Some(conflict) = &work.conflict {
        e.set_note(FormatString::from(conflict.clone()));
    }
    if let Some(outlet) = work.outlet_name() {
        let name = FormatString::from(outlet.to_string());
        match parent_ty {
            Some(pty) => {
                let mut parent = Entry::new(key, pty);
                parent.set_title(name);
                e.set_parents(vec![parent]);
            }
            None if work.kind == CitationKind::Report => e.set_organization(name),
            None => e.set_publisher(Publisher::new(Some(name), None)),
        }
    }
    e
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// HTML-escape every text leaf and link target of a rendered tree.
fn escape_tree(children: &mut ElemChildren) {
    for child in &mut children.0 {
        match child {
            ElemChild::Text(t) => t.text = escape_html(&t.text),
            ElemChild::Elem(e) => escape_tree(&mut e.children),
            ElemChild::Link { text, url } => {
                text.text = escape_html(&text.text);
                *url = escape_html(url);
            }
            ElemChild::Markup(m) => *m = escape_html(m),
            ElemChild::Transparent { .. } => {}
        }
    }
}

/// Markdown-escape text: the characters that would start emphasis, links, code, HTML or
/// a heading are backslash-escaped.
fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '$' | '^'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Wrap `text` in `mark` (`*`, `**`), keeping surrounding spaces outside the markers.
fn wrap(text: &str, mark: &str) -> String {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return text.to_string();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!("{lead}{mark}{trimmed}{mark}{trail}")
}

/// Write a rendered tree as Markdown: italics `*…*`, bold `**…**`, links `[text](url)`,
/// everything else as escaped text.
fn write_markdown(children: &ElemChildren, out: &mut String) {
    use hayagriva::citationberg::{FontStyle, FontWeight};
    for child in &children.0 {
        match child {
            ElemChild::Text(t) => {
                let mut text = escape_markdown(&t.text);
                if t.formatting.font_weight == FontWeight::Bold {
                    text = wrap(&text, "**");
                }
                if t.formatting.font_style == FontStyle::Italic {
                    text = wrap(&text, "*");
                }
                out.push_str(&text);
            }
            ElemChild::Elem(e) => write_markdown(&e.children, out),
            ElemChild::Link { text, url } => {
                out.push('[');
                out.push_str(&escape_markdown(&text.text));
                out.push_str("](<");
                out.push_str(&url.replace('<', "%3C").replace('>', "%3E"));
                out.push_str(">)");
            }
            ElemChild::Markup(m) => out.push_str(&escape_markdown(m)),
            ElemChild::Transparent { .. } => {}
        }
    }
}

/// One rendered piece (an entry or a note) in `markup`, trimmed.
pub(crate) fn write_children(
    mut children: ElemChildren,
    markup: Markup,
) -> Result<String, ExportError> {
    let mut line = String::new();
    match markup {
        Markup::Text => children.write_buf(&mut line, BufWriteFormat::Plain)?,
        Markup::Html => {
            escape_tree(&mut children);
            children.write_buf(&mut line, BufWriteFormat::Html)?;
        }
        Markup::Markdown => write_markdown(&children, &mut line),
    }
    Ok(line.trim().to_string())
}

/// hayagriva entries for `works`, sorted by citekey.
pub(crate) fn entries(works: &[Work], keys: &[String]) -> Vec<Entry> {
    let mut pairs: Vec<(&String, &Work)> = keys.iter().zip(works).collect();
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    pairs.iter().map(|(k, w)| to_entry(w, k)).collect()
}

/// The bibliography of `works` in `style`: one entry per line for text, a
/// `<div class="csl-bib-body">` of `<div class="csl-entry">` for HTML, one paragraph per
/// entry for Markdown. Entries are in the style's order; entries the style sorts equal stay
/// in citekey order. A style without a bibliography layout (many note styles) lists each
/// work as its first, full note instead.
pub fn render(
    works: &[Work],
    keys: &[String],
    style: &ResolvedStyle,
    markup: Markup,
) -> Result<String, ExportError> {
    let locale_files = locales();
    let entries = entries(works, keys);
    let has_bibliography = style.style.bibliography.is_some();

    let mut driver = BibliographyDriver::new();
    for entry in &entries {
        driver.citation(CitationRequest::new(
            vec![CitationItem::new(entry, None, None, has_bibliography, None)],
            &style.style,
            style.locale.clone(),
            &locale_files,
            None,
        ));
    }
    let rendered = driver.finish(BibliographyRequest::new(
        &style.style,
        style.locale.clone(),
        &locale_files,
    ));
    let mut lines: Vec<(String, String)> = Vec::new();
    match rendered.bibliography {
        Some(bibliography) => {
            for item in bibliography.items {
                let mut parts = Vec::new();
                if let Some(f) = item.first_field {
                    parts.push(write_children(ElemChildren(vec![f]), markup)?);
                }
                parts.push(write_children(item.content, markup)?);
                lines.push((item.key, parts.join(" ")));
            }
        }
        None if !has_bibliography => {
            for (entry, citation) in entries.iter().zip(rendered.citations) {
                lines.push((
                    entry.key().to_string(),
                    write_children(citation.citation, markup)?,
                ));
            }
        }
        None => return Err(ExportError::NoBibliography),
    }

    let mut out = String::new();
    if markup == Markup::Html {
        out.push_str("<div class=\"csl-bib-body\">\n");
    }
    for (i, (key, line)) in lines.iter().enumerate() {
        match markup {
            Markup::Text => out.push_str(line),
            Markup::Html => {
                out.push_str("  <div class=\"csl-entry\" id=\"");
                out.push_str(&escape_html(key));
                out.push_str("\">");
                out.push_str(line);
                out.push_str("</div>");
            }
            Markup::Markdown => {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(line);
            }
        }
        out.push('\n');
    }
    if markup == Markup::Html {
        out.push_str("</div>\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::citekey::assign_keys;
    use crate::export::works::group_works;
    use crate::export::works::tests::{date as mkdate, extraction, news, outlet, person, sample};

    pub(crate) fn spec(name: &str) -> ResolvedStyle {
        ResolvedStyle {
            style: crate::export::styles::StyleCatalog::new(vec![])
                .resolve(name)
                .expect("archived style"),
            locale: None,
        }
    }

    fn sample_output(style: Option<&str>, markup: Markup) -> String {
        let works = group_works(&sample());
        let keys = assign_keys(&works);
        render(&works, &keys, &spec(style.unwrap_or(DEFAULT_STYLE)), markup).expect("renders")
    }

    #[test]
    fn chicago_text_lists_every_work_once_with_real_dates() {
        let out = sample_output(None, Markup::Text);
        assert_eq!(out.lines().count(), 2, "{out}");
        assert!(out.contains("Mashal"), "{out}");
        assert!(
            out.contains("February 11"),
            "months are not off by one: {out}"
        );
        assert!(out.contains("The New York Times"), "{out}");
        assert!(out.contains("March"), "{out}");
        assert!(!out.contains('\u{1b}'), "no terminal colours: {out:?}");
    }

    #[test]
    fn html_escapes_text() {
        let c = news(
            vec![person("Ann", "Lee")],
            "Profits & <losses>",
            outlet("AT&T News", None, None),
            Some(mkdate(2021, Some(1), Some(31), "January 31, 2021")),
        );
        let works = group_works(&[extraction("x", vec![(1, vec![c])])]);
        let keys = assign_keys(&works);
        let out = render(&works, &keys, &spec("apa"), Markup::Html).expect("renders");
        assert!(out.contains("Profits &amp; &lt;losses&gt;"), "{out}");
        assert!(out.contains("AT&amp;T News"), "{out}");
        assert!(out.starts_with("<div class=\"csl-bib-body\">"), "{out}");
    }

    #[test]
    fn markdown_italicizes_and_escapes() {
        let c = news(
            vec![person("Ann", "Lee")],
            "Profits_and *losses* [draft]",
            outlet("AT&T News", None, None),
            Some(mkdate(2021, Some(1), Some(31), "January 31, 2021")),
        );
        let works = group_works(&[extraction("x", vec![(1, vec![c])])]);
        let keys = assign_keys(&works);
        let out = render(&works, &keys, &spec("apa"), Markup::Markdown).expect("renders");
        assert!(out.contains("*AT&T News*"), "outlet in italics: {out}");
        assert!(
            out.contains(r"Profits\_and \*losses\* \[draft\]"),
            "markdown escaped: {out}"
        );
        let two = sample_output(None, Markup::Markdown);
        assert_eq!(
            two.split("\n\n").count(),
            2,
            "one paragraph per entry: {two}"
        );
        assert!(two.contains("*The New York Times*"), "{two}");
    }

    #[test]
    fn locale_changes_the_terms() {
        let works = group_works(&sample());
        let keys = assign_keys(&works);
        let mut german = spec("chicago-author-date");
        german.locale = Some(crate::export::styles::resolve_locale("de-DE").expect("de"));
        let out = render(&works, &keys, &german, Markup::Text).expect("renders");
        assert!(out.contains("Februar"), "{out}");
        assert!(!out.contains("February"), "{out}");
    }

    #[test]
    fn a_note_style_without_bibliography_lists_first_notes() {
        let mut style = spec("chicago-notes");
        style.style.bibliography = None;
        let works = group_works(&sample());
        let keys = assign_keys(&works);
        let out = render(&works, &keys, &style, Markup::Text).expect("renders");
        assert_eq!(out.lines().count(), 2, "{out}");
        assert!(out.contains("Mujib Mashal"), "full note form: {out}");
    }

    #[test]
    fn snapshots() {
        insta::assert_snapshot!("text_chicago", sample_output(None, Markup::Text));
        insta::assert_snapshot!("html_chicago", sample_output(None, Markup::Html));
        insta::assert_snapshot!("text_apa", sample_output(Some("apa"), Markup::Text));
        insta::assert_snapshot!("markdown_chicago", sample_output(None, Markup::Markdown));
    }
}
