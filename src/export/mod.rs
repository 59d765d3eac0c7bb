//! Bibliography export: group the run's citations into works, give each a stable citekey,
//! and write BibTeX, BibLaTeX, CSL-JSON or a styled (CSL) bibliography.
//!
//! Formatting only: no parsing or linting happens here.

pub mod bibtex;
pub mod citekey;
pub mod csl_json;
pub mod styled;
pub mod works;

#[cfg(test)]
mod schema_check;

use crate::model::Extraction;

pub use works::{group_works, Occurrence, Work};

/// The bibliography formats [`export`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Bibtex,
    Biblatex,
    CslJson,
    Text,
    Html,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown citation style `{name}`{}", did_you_mean(.suggestions))]
    UnknownStyle {
        name: String,
        /// Known style names close to `name`.
        suggestions: Vec<String>,
    },
    #[error("the citation style has no bibliography layout")]
    NoBibliography,
    #[error("cannot write BibTeX entry `{key}`: {message}")]
    Bibtex { key: String, message: String },
    #[error("cannot write CSL-JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot format the bibliography")]
    Format(#[from] std::fmt::Error),
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}

/// Export every work cited in `extractions` (each once, short forms excluded) as `format`.
/// `style` names a hayagriva archived style for `Text`/`Html` (default
/// `chicago-author-date`) and is ignored by the other formats.
pub fn export(
    extractions: &[Extraction],
    format: ExportFormat,
    style: Option<&str>,
) -> Result<String, ExportError> {
    let works = group_works(extractions);
    let keys = citekey::assign_keys(&works);
    match format {
        ExportFormat::Bibtex => bibtex::render(&works, &keys, bibtex::Dialect::Bibtex),
        ExportFormat::Biblatex => bibtex::render(&works, &keys, bibtex::Dialect::Biblatex),
        ExportFormat::CslJson => csl_json::render(&works, &keys),
        ExportFormat::Text => styled::render(&works, &keys, style, styled::Markup::Text),
        ExportFormat::Html => styled::render(&works, &keys, style, styled::Markup::Html),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::works::tests::sample;

    #[test]
    fn every_format_exports_the_sample() {
        for format in [
            ExportFormat::Bibtex,
            ExportFormat::Biblatex,
            ExportFormat::CslJson,
            ExportFormat::Text,
            ExportFormat::Html,
        ] {
            let out = export(&sample(), format, None).expect("exports");
            assert!(out.contains("Mashal"), "{format:?}: {out}");
        }
    }

    #[test]
    fn output_does_not_depend_on_input_order() {
        // The entry's fields come from the work's first citation in document order; make the
        // repeat citation identical so that only the order differs.
        let mut run = sample();
        let first = run[0].footnotes[0].citations[0].clone();
        run[0].footnotes[1].citations[1] = first;
        let mut reversed = run.clone();
        for e in &mut reversed {
            e.footnotes.reverse();
            for f in &mut e.footnotes {
                f.citations.reverse();
            }
        }
        for format in [
            ExportFormat::Bibtex,
            ExportFormat::CslJson,
            ExportFormat::Text,
        ] {
            assert_eq!(
                export(&run, format, None).expect("exports"),
                export(&reversed, format, None).expect("exports"),
                "{format:?}"
            );
        }
    }

    #[test]
    fn unknown_style_error_lists_close_names() {
        let err = export(&sample(), ExportFormat::Text, Some("chicago-authordate"))
            .expect_err("unknown style");
        let msg = err.to_string();
        assert!(
            msg.starts_with("unknown citation style `chicago-authordate`"),
            "{msg}"
        );
        assert!(msg.contains("chicago-author-date"), "{msg}");
    }

    #[test]
    fn empty_run_exports_empty_bibliographies() {
        assert_eq!(export(&[], ExportFormat::Bibtex, None).expect("ok"), "");
        assert_eq!(
            export(&[], ExportFormat::CslJson, None).expect("ok"),
            "[]\n"
        );
    }
}
