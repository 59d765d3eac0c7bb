//! Styled bibliographies (plain text, HTML) through hayagriva's CSL engine and the styles
//! archived in it (`chicago-author-date` by default).
//!
//! hayagriva's [`hayagriva::types::Date`] months and days are 0-based. Every entry is cited
//! once as a hidden item so the bibliography lists them all. hayagriva writes text into HTML
//! unescaped, so the rendered tree is HTML-escaped here before it is written.

use super::works::Work;
use super::ExportError;
use crate::model::{CitationKind, DatePrecision};
use hayagriva::archive::{locales, ArchivedStyle};
use hayagriva::citationberg::{IndependentStyle, Style};
use hayagriva::types::{Date, EntryType, FormatString, Person, Publisher, QualifiedUrl};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest,
    ElemChild, ElemChildren, Entry,
};

/// The style used when none is named.
pub const DEFAULT_STYLE: &str = "chicago-author-date";

/// Plain text or HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    Text,
    Html,
}

/// Every style name hayagriva's archive knows, sorted.
pub fn style_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = ArchivedStyle::all()
        .iter()
        .flat_map(|s| s.names().iter().copied())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Up to five known style names closest to `name`.
fn close_names(name: &str) -> Vec<String> {
    let wanted = name.to_ascii_lowercase();
    let mut scored: Vec<(f64, &str)> = style_names()
        .into_iter()
        .map(|n| {
            let mut score = strsim::jaro_winkler(&wanted, n);
            if n.contains(wanted.as_str()) || wanted.contains(n) {
                score += 0.5;
            }
            (score, n)
        })
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(5)
        .map(|(_, n)| n.to_string())
        .collect()
}

/// The archived independent style called `name` (a dependent style resolves to its parent).
pub fn resolve_style(name: &str) -> Result<IndependentStyle, ExportError> {
    let unknown = || ExportError::UnknownStyle {
        name: name.to_string(),
        suggestions: close_names(name),
    };
    let archived = ArchivedStyle::by_name(name).ok_or_else(unknown)?;
    match archived.get() {
        Style::Independent(style) => Ok(style),
        Style::Dependent(dep) => match ArchivedStyle::by_id(&dep.parent_link.href).map(|a| a.get())
        {
            Some(Style::Independent(style)) => Ok(style),
            _ => Err(unknown()),
        },
    }
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

/// The bibliography of `works` in `style` (default [`DEFAULT_STYLE`]), one entry per line
/// for text, a `<div class="csl-bib-body">` of `<div class="csl-entry">` for HTML. Entries
/// are in the style's order; entries the style sorts equal stay in citekey order.
pub fn render(
    works: &[Work],
    keys: &[String],
    style: Option<&str>,
    markup: Markup,
) -> Result<String, ExportError> {
    let style = resolve_style(style.unwrap_or(DEFAULT_STYLE))?;
    let locale_files = locales();
    let mut pairs: Vec<(&String, &Work)> = keys.iter().zip(works).collect();
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    let entries: Vec<Entry> = pairs.iter().map(|(k, w)| to_entry(w, k)).collect();

    let mut driver = BibliographyDriver::new();
    for entry in &entries {
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::new(entry, None, None, true, None)],
            &style,
            &locale_files,
        ));
    }
    let rendered = driver.finish(BibliographyRequest::new(&style, None, &locale_files));
    let Some(bibliography) = rendered.bibliography else {
        return Err(ExportError::NoBibliography);
    };

    let mut out = String::new();
    if markup == Markup::Html {
        out.push_str("<div class=\"csl-bib-body\">\n");
    }
    for item in bibliography.items {
        let mut content = item.content;
        let mut first = item.first_field.map(|f| ElemChildren(vec![f]));
        let format = match markup {
            Markup::Text => BufWriteFormat::Plain,
            Markup::Html => {
                escape_tree(&mut content);
                if let Some(f) = first.as_mut() {
                    escape_tree(f);
                }
                BufWriteFormat::Html
            }
        };
        let mut line = String::new();
        if let Some(f) = &first {
            f.write_buf(&mut line, format)?;
            line.push(' ');
        }
        content.write_buf(&mut line, format)?;
        match markup {
            Markup::Text => out.push_str(line.trim()),
            Markup::Html => {
                out.push_str("  <div class=\"csl-entry\" id=\"");
                out.push_str(&escape_html(&item.key));
                out.push_str("\">");
                out.push_str(line.trim());
                out.push_str("</div>");
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

    fn sample_output(style: Option<&str>, markup: Markup) -> String {
        let works = group_works(&sample());
        let keys = assign_keys(&works);
        render(&works, &keys, style, markup).expect("renders")
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
        let out = render(&works, &keys, Some("apa"), Markup::Html).expect("renders");
        assert!(out.contains("Profits &amp; &lt;losses&gt;"), "{out}");
        assert!(out.contains("AT&amp;T News"), "{out}");
        assert!(out.starts_with("<div class=\"csl-bib-body\">"), "{out}");
    }

    #[test]
    fn unknown_style_suggests_close_names() {
        let err = resolve_style("chicago-autor-date").expect_err("unknown");
        match err {
            ExportError::UnknownStyle { suggestions, .. } => {
                assert!(
                    suggestions.iter().any(|s| s == "chicago-author-date"),
                    "{suggestions:?}"
                )
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(resolve_style("mla").is_ok());
        assert!(resolve_style("ieee").is_ok());
    }

    #[test]
    fn snapshots() {
        insta::assert_snapshot!("text_chicago", sample_output(None, Markup::Text));
        insta::assert_snapshot!("html_chicago", sample_output(None, Markup::Html));
        insta::assert_snapshot!("text_apa", sample_output(Some("apa"), Markup::Text));
    }
}
