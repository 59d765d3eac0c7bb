//! Parse: a citation segment → fields (authors, title, outlet, date, URL, pinpoint, signal,
//! short form, kind), normalized (people split, dates to ISO, outlets through the registry).
//!
//! Recognised shapes, tried in order of how much structure they show:
//! - Bluebook: `Authors, Title, Outlet (Date), URL` (the title may contain commas);
//! - quoted titles (Chicago, CRS, Wikipedia CS1): `Author, “Title,” Outlet, Date, URL`,
//!   `Family, Given (Date). "Title". Work. Retrieved …`;
//! - author-date (APA): `Authors. (2021, April 21). Title. Outlet. URL`;
//! - short forms (`Id.`, `Ibid.`, `Author, supra note 12, at 3`), cases (`A v. B`), statutes.

pub mod authors;
pub mod clean;
pub mod date;
pub mod resolve;
mod short_form;
mod structure;
pub use structure::collapse;
pub(crate) mod url;

pub(crate) use short_form::{holds_long_s, may_hold_any, Present, SUPRA};

/// Whether `text` may hold a cross-reference: when it does not, [`is_cross_reference`] is
/// false for `text` and for every part of it (one search for the words every
/// cross-reference names, which a part holds only if the whole does).
pub(crate) fn may_hold_cross_reference(text: &str) -> bool {
    may_hold_any(text, &short_form::CROSS_REFERENCE)
}

/// [`may_hold_cross_reference`] of a text whose prefilter words are `present`
/// ([`Present::of`] of it): the same answer, without searching the text again.
pub(crate) fn may_hold_cross_reference_in(present: Present) -> bool {
    present.may_hold(&short_form::CROSS_REFERENCE)
}

use crate::model::{Citation, Format, Span};
use crate::outlets::Registry;

/// Parse one citation segment `raw` found at `span` of a document in `format`.
pub fn parse_citation(raw: &str, span: Span, format: Format, registry: &Registry) -> Citation {
    parse_citation_in(raw, span, format, registry, Present::ALL, false)
}

/// [`parse_citation`] of a segment whose clean text is a part of a text whose prefilter
/// words are `whole` ([`Present::of`] of that text; [`Present::ALL`] when there is none):
/// a note body's words are searched once, not again in each of its citations.
/// `part_of_as_is`: `raw` is a part of a text that [`clean::clean`] left as it was in
/// `format` (then so does it `raw`, which is not searched again).
pub(crate) fn parse_citation_in(
    raw: &str,
    span: Span,
    format: Format,
    registry: &Registry,
    whole: Present,
    part_of_as_is: bool,
) -> Citation {
    // the citation proper ends before a dangling URL lead-in and closing punctuation
    let (core_len, dangling) = structure::trim_trailer(raw);
    let core = &raw[..core_len];
    let mut cit = Citation::unparsed(
        core.to_string(),
        Span::new(span.start, span.start + core_len),
    );
    cit.dangling_url_marker = dangling.map(|(s, e)| Span::new(span.start + s, span.start + e));
    cit.paragraph_breaks = structure::paragraph_breaks(core)
        .into_iter()
        .map(|(s, e)| Span::new(span.start + s, span.start + e))
        .collect();
    let mut cleaned = if part_of_as_is {
        clean::clean_part_of_identity(core)
    } else {
        clean::clean(core, format)
    };
    let mut hereinafter = None;
    // the prefilter words in the citation, found once for every check that needs them
    let mut present = Present::of_part(&cleaned.text, whole);
    if let Some((s, e, defined)) = short_form::hereinafter_clause_in(&cleaned.text, present) {
        hereinafter = defined;
        // the definition is no part of the fields: blank it (same length, offsets hold)
        cleaned
            .text
            .to_mut()
            .replace_range(s..e, &" ".repeat(e - s));
        present = short_form::Present::of(&cleaned.text);
    }
    let hints = structure::fill(&mut cit, &cleaned, span.start, registry, present);
    cit.kind = structure::classify(&cit, &cleaned.text, registry, &hints);
    cit.hereinafter = hereinafter;
    cit
}

/// Convenience for tests and callers with plain text: parse `text` as a whole citation.
pub fn parse_text(text: &str, registry: &Registry) -> Citation {
    parse_citation(text, Span::new(0, text.len()), Format::Text, registry)
}

/// Is `text` (a citation segment, signal included) a cross-reference to another part of
/// the document (`See infra Part III`, `supra note 4 and accompanying text`)?
pub fn is_cross_reference(text: &str) -> bool {
    short_form::is_cross_reference(text.trim_start_matches(['*', '_', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The note body's [`Present`] answers the cross-reference prefilter as its own
        /// search does.
        #[test]
        fn cross_reference_prefilter_from_present_is_exact(
            s in r"(infra|INFRA|Supra|ſupra|text|TeXt|hereinafter|Retrieved|last visited|[a-zA-Z ſé]){0,12}"
        ) {
            proptest::prop_assert_eq!(
                may_hold_cross_reference_in(Present::of(&s)),
                may_hold_cross_reference(&s),
                "{:?}", s
            );
        }

        #[test]
        fn parsing_never_panics(s in r#"[ “”"‘’;,.()\[\]a-zA-Z0-9é中\n:/_*-]{0,160}"#) {
            let c = parse_text(&s, Registry::builtin());
            proptest::prop_assert!(c.span.end <= s.len());
            if let Some(o) = &c.outlet {
                proptest::prop_assert!(o.span.end <= s.len() && o.span.start <= o.span.end);
            }
        }

        #[test]
        fn latex_and_markdown_never_panic(s in r#"[ {}\\`'~%$&“”"a-zA-Z0-9é\n\[\]()_*:/.-]{0,120}"#) {
            for f in [Format::Latex, Format::Markdown] {
                let _ = parse_citation(&s, Span::new(0, s.len()), f, Registry::builtin());
            }
        }
    }
}
