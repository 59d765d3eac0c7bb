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

impl ExportFormat {
    /// Every format, in the order `--format` lists them.
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Bibtex,
        ExportFormat::Biblatex,
        ExportFormat::CslJson,
        ExportFormat::Text,
        ExportFormat::Html,
    ];

    /// The name `--format` uses (`bibtex`, `biblatex`, `csl-json`, `text`, `html`).
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Bibtex => "bibtex",
            ExportFormat::Biblatex => "biblatex",
            ExportFormat::CslJson => "csl-json",
            ExportFormat::Text => "text",
            ExportFormat::Html => "html",
        }
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = ExportError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| ExportError::UnknownFormat(s.to_string()))
    }
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
    #[error("unknown export format `{0}` (expected bibtex, biblatex, csl-json, text or html)")]
    UnknownFormat(String),
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
        let run = sample();
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
    fn format_names_round_trip() {
        for f in ExportFormat::ALL {
            assert_eq!(f.as_str().parse::<ExportFormat>().expect("known"), f);
        }
        assert!("yaml".parse::<ExportFormat>().is_err());
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
