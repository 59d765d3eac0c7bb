//! Helpers shared by the rules: which citations a field rule looks at, and how messages
//! name notes, kinds and quoted text.

use crate::model::{Callout, Citation, CitationKind, Extraction, Footnote};

/// Every full citation of a document with its footnote: short forms (`Id.`, `supra`) and
/// citations the parser could not read are left out (they have their own rules).
pub(crate) fn full_citations(ext: &Extraction) -> impl Iterator<Item = (&Footnote, &Citation)> {
    ext.footnotes.iter().flat_map(|f| {
        f.citations
            .iter()
            .filter(|c| c.short_form.is_none() && c.parsed)
            .map(move |c| (f, c))
    })
}

/// How a message names a note: `footnote 49`, or `footnote [cnn-report]` for a label.
pub(crate) fn note_name(f: &Footnote) -> String {
    note_name_of(f.number, &f.label)
}

/// [`note_name`] from the footnote's number and label.
pub(crate) fn note_name_of(number: Option<u32>, label: &str) -> String {
    match number {
        Some(n) => format!("footnote {n}"),
        None => format!("footnote [{label}]"),
    }
}

/// Whether `callout` refers to `note`: by number when both are numbered, else by label.
pub(crate) fn calls(callout: &Callout, note: &Footnote) -> bool {
    match (callout.number, note.number) {
        (Some(a), Some(b)) => a == b,
        _ => callout.label == note.label,
    }
}

/// A kind as a noun phrase: `news article`, `web page`.
pub(crate) fn kind_noun(kind: CitationKind) -> &'static str {
    match kind {
        CitationKind::NewsArticle => "news article",
        CitationKind::JournalArticle => "journal article",
        CitationKind::Book => "book",
        CitationKind::Report => "report",
        CitationKind::WebPage => "web page",
        CitationKind::Case => "case",
        CitationKind::Statute => "statute",
        CitationKind::Other => "source",
    }
}

/// Text for quoting in a message: whitespace collapsed, cut to `max` characters with `…`.
pub(crate) fn quote(text: &str, max: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        collapsed
    } else {
        let cut: String = collapsed.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// `13` or `13–15`.
pub(crate) fn range(from: u32, to: u32) -> String {
    if from == to {
        from.to_string()
    } else {
        format!("{from}–{to}")
    }
}

/// Every short form of every document with its resolution: `(document, resolution)`.
pub(crate) fn short_form_outcomes(
    ctx: &crate::lint::LintContext<'_>,
) -> Vec<(usize, crate::parse::resolve::Resolution)> {
    ctx.extractions
        .iter()
        .enumerate()
        .flat_map(|(d, ext)| {
            crate::parse::resolve::analyze(&ext.footnotes)
                .into_iter()
                .map(move |r| (d, r))
        })
        .collect()
}

/// Every short form with where it stands: `(document, extraction, footnote, citation,
/// resolution)`. The shared walk of the IB40x rules.
pub(crate) fn short_form_sites<'a>(
    ctx: &crate::lint::LintContext<'a>,
) -> Vec<(
    usize,
    &'a Extraction,
    &'a crate::model::Footnote,
    &'a crate::model::Citation,
    crate::parse::resolve::Resolution,
)> {
    short_form_outcomes(ctx)
        .into_iter()
        .filter_map(|(doc, r)| {
            let ext = &ctx.extractions[doc];
            let note = ext.footnotes.get(r.at.note)?;
            let citation = note.citations.get(r.at.citation)?;
            Some((doc, ext, note, citation, r))
        })
        .collect()
}

/// How a message names the citation at `r`: `footnote 12 (Lessig, Free Culture …)`.
pub(crate) fn cite_name(ext: &Extraction, r: crate::parse::resolve::CiteRef) -> String {
    let note = &ext.footnotes[r.note];
    let text = note
        .citations
        .get(r.citation)
        .map(|c| quote(&c.text, 50))
        .unwrap_or_default();
    format!("{} (`{text}`)", note_name(note))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_collapses_and_truncates() {
        assert_eq!(quote("N.Y.\n\nTimes", 20), "N.Y. Times");
        assert_eq!(quote("abcdefghij", 5), "abcd…");
        assert_eq!(quote("abcde", 5), "abcde");
    }

    #[test]
    fn ranges_read_naturally() {
        assert_eq!(range(13, 13), "13");
        assert_eq!(range(13, 15), "13–15");
    }
}
