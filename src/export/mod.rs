//! Bibliography export: group the run's citations into works, give each a stable citekey,
//! and write BibTeX, BibLaTeX, CSL-JSON, hayagriva YAML, RIS, a styled (CSL) bibliography,
//! or the document's notes rewritten in one style.
//!
//! Formatting only: no parsing or linting happens here.

pub mod bibtex;
pub mod citekey;
pub mod csl_json;
pub mod filter;
pub mod notes;
pub mod ris;
pub mod styled;
pub mod styles;
pub mod works;
pub mod yaml;

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
    Yaml,
    Ris,
    Text,
    Html,
    Markdown,
    Notes,
}

impl ExportFormat {
    /// Every format, in the order `--format` lists them.
    pub const ALL: [ExportFormat; 9] = [
        ExportFormat::Bibtex,
        ExportFormat::Biblatex,
        ExportFormat::CslJson,
        ExportFormat::Yaml,
        ExportFormat::Ris,
        ExportFormat::Text,
        ExportFormat::Html,
        ExportFormat::Markdown,
        ExportFormat::Notes,
    ];

    /// The name `--format` uses (`bibtex`, `biblatex`, `csl-json`, `yaml`, `ris`, `text`,
    /// `html`, `markdown`, `notes`).
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Bibtex => "bibtex",
            ExportFormat::Biblatex => "biblatex",
            ExportFormat::CslJson => "csl-json",
            ExportFormat::Yaml => "yaml",
            ExportFormat::Ris => "ris",
            ExportFormat::Text => "text",
            ExportFormat::Html => "html",
            ExportFormat::Markdown => "markdown",
            ExportFormat::Notes => "notes",
        }
    }

    /// Whether the format renders through a CSL style (`--style`, `--csl`, `--locale`).
    pub fn is_styled(self) -> bool {
        matches!(
            self,
            ExportFormat::Text | ExportFormat::Html | ExportFormat::Markdown | ExportFormat::Notes
        )
    }
}

/// How [`export_with`] chooses styles and keys; the default is what [`export`] uses.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// A style name: archived in hayagriva or installed in one of `catalog`'s directories.
    pub style: Option<String>,
    /// A CSL file (wins over `style`).
    pub csl: Option<std::path::PathBuf>,
    /// A locale code (`en-GB`); default: the style's.
    pub locale: Option<String>,
    /// Where installed styles are looked up by name.
    pub catalog: styles::StyleCatalog,
    /// The citekey pattern (`{auth}{year}{shorttitle}`); default [`citekey::DEFAULT_PATTERN`].
    pub citekey_pattern: Option<citekey::Pattern>,
    /// Mark for `notes`: the markup notes are written in (default plain text).
    pub notes_markup: Option<styled::Markup>,
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
    #[error("unknown export format `{0}` (expected bibtex, biblatex, csl-json, yaml, ris, text, html, markdown or notes)")]
    UnknownFormat(String),
    #[error("unknown locale `{name}`{}", did_you_mean(.suggestions))]
    UnknownLocale {
        name: String,
        /// Shipped locales close to `name`.
        suggestions: Vec<String>,
    },
    #[error("{path}: not a usable CSL style: {message}")]
    StyleFile { path: String, message: String },
    #[error("style `{name}` depends on `{parent}`, which is neither archived nor installed")]
    MissingParentStyle { name: String, parent: String },
    #[error("cannot write YAML: {0}")]
    Yaml(String),
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
/// `style` names a hayagriva archived style for the styled formats (default
/// `chicago-author-date`, `chicago-notes` for notes) and is ignored by the others.
pub fn export(
    extractions: &[Extraction],
    format: ExportFormat,
    style: Option<&str>,
) -> Result<String, ExportError> {
    let options = ExportOptions {
        style: style.map(str::to_string),
        catalog: styles::StyleCatalog::new(Vec::new()),
        ..ExportOptions::default()
    };
    export_with(extractions, format, &options)
}

/// The style `options` choose for `format` (a CSL file, else a named style, else the
/// format's default) and its locale.
pub fn resolve_style(
    format: ExportFormat,
    options: &ExportOptions,
) -> Result<styles::ResolvedStyle, ExportError> {
    let style = match (&options.csl, &options.style) {
        (Some(path), _) => options.catalog.load_file(path)?,
        (None, Some(name)) => options.catalog.resolve(name)?,
        (None, None) if format == ExportFormat::Notes => {
            options.catalog.resolve(notes::DEFAULT_STYLE)?
        }
        (None, None) => options.catalog.resolve(styled::DEFAULT_STYLE)?,
    };
    let locale = options
        .locale
        .as_deref()
        .map(styles::resolve_locale)
        .transpose()?;
    Ok(styles::ResolvedStyle { style, locale })
}

/// [`export`] with every option.
pub fn export_with(
    extractions: &[Extraction],
    format: ExportFormat,
    options: &ExportOptions,
) -> Result<String, ExportError> {
    let works = group_works(extractions);
    let pattern = options.citekey_pattern.clone().unwrap_or_default();
    let keys = citekey::assign_keys_with(&works, &pattern);
    render_works(extractions, &works, &keys, format, options)
}

/// Write `works` (grouped from `extractions`, possibly a subset) with their `keys` (parallel
/// to `works`) as `format`. `notes` rewrites the footnotes of `extractions`.
pub fn render_works(
    extractions: &[Extraction],
    works: &[Work],
    keys: &[String],
    format: ExportFormat,
    options: &ExportOptions,
) -> Result<String, ExportError> {
    let styled = |markup| -> Result<String, ExportError> {
        let style = resolve_style(format, options)?;
        styled::render(works, keys, &style, markup)
    };
    match format {
        ExportFormat::Bibtex => bibtex::render(works, keys, bibtex::Dialect::Bibtex),
        ExportFormat::Biblatex => bibtex::render(works, keys, bibtex::Dialect::Biblatex),
        ExportFormat::CslJson => csl_json::render(works, keys),
        ExportFormat::Yaml => yaml::render(works, keys),
        ExportFormat::Ris => Ok(ris::render(works, keys)),
        ExportFormat::Text => styled(styled::Markup::Text),
        ExportFormat::Html => styled(styled::Markup::Html),
        ExportFormat::Markdown => styled(styled::Markup::Markdown),
        ExportFormat::Notes => {
            let style = resolve_style(format, options)?;
            notes::render(
                extractions,
                works,
                keys,
                &style,
                options.notes_markup.unwrap_or(styled::Markup::Text),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::works::tests::sample;

    #[test]
    fn every_format_exports_the_sample() {
        for format in ExportFormat::ALL {
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
            ExportFormat::Yaml,
            ExportFormat::Ris,
            ExportFormat::Text,
            ExportFormat::Markdown,
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
        assert!("yml".parse::<ExportFormat>().is_err());
    }

    #[test]
    fn empty_run_exports_empty_bibliographies() {
        assert_eq!(export(&[], ExportFormat::Bibtex, None).expect("ok"), "");
        assert_eq!(
            export(&[], ExportFormat::CslJson, None).expect("ok"),
            "[]\n"
        );
    }

    proptest::proptest! {
        /// Titles full of LaTeX, JSON, YAML and RIS special characters, non-ASCII letters and
        /// emoji come back unchanged from every machine-readable format. (A title needs a
        /// letter to identify a work, so each starts with one. `--` is left out: LaTeX reads it
        /// as an en dash, as authors expect.)
        #[test]
        fn titles_survive_every_format(
            title in "[a-zA-Zéß中][a-zA-Z0-9&%$#_{}~^\\\\\"'éß中🎉:]{0,7}( [a-zA-Z0-9&%$#_{}~^\\\\\"'éß中🎉:]{1,8}){0,4}",
        ) {
            use crate::export::works::tests::{date, extraction, news, outlet, person};
            let c = news(
                vec![person("Zoë", "O'Brien")],
                &title,
                outlet("AT&T News", None, None),
                Some(date(2021, Some(4), None, "Apr. 2021")),
            );
            let run = [extraction("x", vec![(1, vec![c])])];
            for format in [ExportFormat::Bibtex, ExportFormat::Biblatex] {
                let out = export(&run, format, None).expect("exports");
                let bib = biblatex::Bibliography::parse(&out).expect("parses");
                let Some(e) = bib.iter().next() else {
                    return Err(proptest::test_runner::TestCaseError::fail(format!("no entry in {out}")));
                };
                let got = biblatex::ChunksExt::format_verbatim(e.get("title").expect("title"));
                proptest::prop_assert_eq!(&got, &title, "{:?}: {}", format, out);
            }
            let json = export(&run, ExportFormat::CslJson, None).expect("exports");
            let items: Vec<csl_json::CslItem> = serde_json::from_str(&json).expect("JSON");
            proptest::prop_assert_eq!(items[0].title.as_deref(), Some(title.as_str()));
            let yaml = export(&run, ExportFormat::Yaml, None).expect("exports");
            let library = hayagriva::io::from_yaml_str(&yaml).expect("YAML");
            let got = library.nth(0).and_then(|e| e.title()).map(|t| t.value.to_string());
            proptest::prop_assert_eq!(got.as_deref(), Some(title.as_str()));
            let ris = export(&run, ExportFormat::Ris, None).expect("exports");
            let records = ris::tests::parse(&ris).expect("RIS");
            let ti = records[0].iter().find(|(t, _)| t == "TI").map(|(_, v)| v.as_str());
            proptest::prop_assert_eq!(ti, Some(title.as_str()));
        }
    }
}
