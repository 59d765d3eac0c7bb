//! `ibid.toml`: found in the working directory or the nearest parent, or given with
//! `--config`. Unknown keys and bad values are errors that name the key.

use crate::lint::settings::{resolve_selector, Layer, PathLayer, PathMatcher};
use crate::lint::{registry::find_rule, LintOptions, Severity};
use crate::outlets::{Outlet, Registry};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub const FILE_NAME: &str = "ibid.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

/// The file as written. Values are [`Spanned`] so errors can name their line.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// `error` (default), `warning` or `info`.
    pub fail_on: Option<Spanned<String>>,
    /// The document's date (`YYYY-MM-DD`): later citation dates are impossible.
    pub document_date: Option<Spanned<String>>,
    /// Rules to enable (codes, names or prefixes like `IB2`; default: all).
    pub select: Option<Vec<Spanned<String>>>,
    /// Rules to disable (codes, names or prefixes).
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Only walk files matching these globs (directories given on the command line).
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    /// Never walk files matching these globs.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Per-rule severity by code or name: `error`, `warning`, `info` or `off`.
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Settings for documents whose path matches.
    #[serde(default)]
    pub overrides: Vec<OverrideFile>,
    /// Extra outlets, same schema as `sources/outlets.toml`.
    #[serde(default)]
    pub outlet: Vec<Outlet>,
    /// The citekey pattern for exports, e.g. `{auth}{year}{shorttitle}`.
    pub citekey: Option<Spanned<String>>,
}

/// `[[overrides]]`: settings for the documents matching `paths`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OverrideFile {
    /// Globs relative to the directory of `ibid.toml` (`drafts/**`, `*.tex`).
    pub paths: Spanned<Vec<String>>,
    pub select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: Option<PathBuf>,
    pub fail_on: Severity,
    pub document_date: Option<chrono::NaiveDate>,
    pub lint: LintOptions,
    pub registry: Registry,
    /// `include` globs for walking directories (empty: everything supported).
    pub include: Vec<String>,
    /// `exclude` globs for walking directories.
    pub exclude: Vec<String>,
    /// `citekey = "…"`: the export citekey pattern (default `{auth}{year}{shorttitle}`).
    pub citekey: Option<crate::export::citekey::Pattern>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            fail_on: Severity::Error,
            document_date: None,
            lint: LintOptions::default(),
            registry: Registry::builtin().clone(),
            include: Vec::new(),
            exclude: Vec::new(),
            citekey: None,
        }
    }
}

/// `ibid.toml` in `start` or its nearest parent.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// Load `explicit`, or the discovered file, or the defaults.
pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => std::env::current_dir().ok().and_then(|d| discover(&d)),
    };
    let Some(path) = path else {
        return Ok(Config::default());
    };
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let base = path.parent().map(|p| {
        if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        }
    });
    let mut cfg = parse_at(&text, &path.display().to_string(), base)?;
    cfg.path = Some(path);
    Ok(cfg)
}

/// Parse and validate configuration text; `origin` names it in errors. Per-path
/// override globs match paths as given.
pub fn parse(text: &str, origin: &str) -> Result<Config, ConfigError> {
    parse_at(text, origin, None)
}

/// Like [`parse`]; override globs also match paths relative to `base` (the directory
/// of the configuration file).
pub fn parse_at(text: &str, origin: &str, base: Option<&Path>) -> Result<Config, ConfigError> {
    let invalid_at = |at: usize, message: String| ConfigError::Invalid {
        path: format!("{origin}:{}", line_of(text, at)),
        message,
    };
    let file: ConfigFile = toml::from_str(text).map_err(|e| ConfigError::Invalid {
        path: match e.span() {
            Some(span) => format!("{origin}:{}", line_of(text, span.start)),
            None => origin.to_string(),
        },
        message: e.message().trim_end().to_string(),
    })?;
    let mut cfg = Config::default();
    if let Some(f) = &file.fail_on {
        cfg.fail_on = Severity::parse(f.get_ref()).ok_or_else(|| {
            invalid_at(
                f.span().start,
                format!(
                    "`fail-on = \"{}\"`: expected error, warning or info",
                    f.get_ref()
                ),
            )
        })?;
    }
    if let Some(d) = &file.document_date {
        cfg.document_date = Some(
            chrono::NaiveDate::parse_from_str(d.get_ref(), "%Y-%m-%d").map_err(|_| {
                invalid_at(
                    d.span().start,
                    format!(
                        "`document-date = \"{}\"`: expected a date as YYYY-MM-DD",
                        d.get_ref()
                    ),
                )
            })?,
        );
    }
    cfg.lint.settings.base = layer(
        text,
        origin,
        "",
        file.select.as_deref(),
        &file.ignore,
        &file.rules,
    )?;
    for (i, o) in file.overrides.iter().enumerate() {
        let table = format!("[[overrides]] #{} ", i + 1);
        if o.paths.get_ref().is_empty() {
            return Err(invalid_at(
                o.paths.span().start,
                format!("{table}`paths`: give at least one glob, e.g. [\"drafts/**\"]"),
            ));
        }
        let paths = PathMatcher::new(o.paths.get_ref(), base)
            .map_err(|e| invalid_at(o.paths.span().start, format!("{table}`paths`: {e}")))?;
        let layer = layer(
            text,
            origin,
            &table,
            o.select.as_deref(),
            &o.ignore,
            &o.rules,
        )?;
        cfg.lint.settings.paths.push(PathLayer { paths, layer });
    }
    for (key, list, out) in [
        ("include", &file.include, &mut cfg.include),
        ("exclude", &file.exclude, &mut cfg.exclude),
    ] {
        for g in list {
            globset::Glob::new(g.get_ref()).map_err(|e| {
                invalid_at(g.span().start, format!("`{key}`: `{}`: {e}", g.get_ref()))
            })?;
            out.push(g.get_ref().clone());
        }
    }
    if let Some(pattern) = &file.citekey {
        cfg.citekey = Some(
            crate::export::citekey::Pattern::parse(pattern.get_ref()).map_err(|e| {
                invalid_at(
                    pattern.span().start,
                    format!("`citekey = \"{}\"`: {e}", pattern.get_ref()),
                )
            })?,
        );
    }
    if !file.outlet.is_empty() {
        cfg.registry
            .merge(file.outlet, text, origin)
            .map_err(|e| match e {
                crate::outlets::OutletError::Invalid {
                    line, id, reason, ..
                } => ConfigError::Invalid {
                    path: format!("{origin}:{line}"),
                    message: format!("[[outlet]] `{id}`: {reason}"),
                },
                e => ConfigError::Invalid {
                    path: origin.to_string(),
                    message: e.to_string(),
                },
            })?;
    }
    Ok(cfg)
}

/// A settings layer from `select`, `ignore` and `[rules]` of one table.
fn layer(
    text: &str,
    origin: &str,
    table: &str,
    select: Option<&[Spanned<String>]>,
    ignore: &[Spanned<String>],
    rules: &BTreeMap<Spanned<String>, Spanned<String>>,
) -> Result<Layer, ConfigError> {
    let invalid_at = |at: usize, message: String| ConfigError::Invalid {
        path: format!("{origin}:{}", line_of(text, at)),
        message,
    };
    let selectors = |key: &str, list: &[Spanned<String>]| {
        let mut codes: Vec<&'static str> = Vec::new();
        for s in list {
            let resolved = resolve_selector(s.get_ref())
                .map_err(|e| invalid_at(s.span().start, format!("{table}`{key}`: {e}")))?;
            for c in resolved {
                if !codes.contains(&c) {
                    codes.push(c);
                }
            }
        }
        Ok::<_, ConfigError>(codes)
    };
    let mut out = Layer {
        select: select.map(|s| selectors("select", s)).transpose()?,
        ignore: selectors("ignore", ignore)?,
        severities: Vec::new(),
    };
    for (key, value) in rules {
        let rule = find_rule(key.get_ref()).ok_or_else(|| {
            invalid_at(
                key.span().start,
                format!(
                    "{table}[rules] `{}`: no such rule (see `ibid rule` for the list)",
                    key.get_ref()
                ),
            )
        })?;
        let v = value.get_ref();
        let severity = if v.eq_ignore_ascii_case("off") {
            None
        } else {
            Some(Severity::parse(v).ok_or_else(|| {
                invalid_at(
                    value.span().start,
                    format!(
                        "{table}[rules] `{} = \"{v}\"`: expected error, warning, info or off",
                        key.get_ref()
                    ),
                )
            })?)
        };
        out.severities.push((rule.meta().code, severity));
    }
    Ok(out)
}

/// The 1-based line of byte offset `at`.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_named() {
        let err = parse("fial-on = \"error\"\n", "ibid.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("fial-on"), "{err}");
    }

    #[test]
    fn bad_values_are_named() {
        let err = parse("fail-on = \"loud\"\n", "ibid.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("fail-on"), "{err}");
        let err = parse("document-date = \"yesterday\"\n", "ibid.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("document-date"), "{err}");
    }

    #[test]
    fn extra_outlets_extend_the_registry() {
        let cfg = parse(
            "[[outlet]]\nid = \"town-crier\"\nname = \"The Town Crier\"\naliases = [\"Crier\"]\n",
            "ibid.toml",
        )
        .unwrap();
        assert_eq!(
            cfg.registry.resolve("Crier").map(|o| o.id.as_str()),
            Some("town-crier")
        );
    }

    #[test]
    fn citekey_patterns_are_validated() {
        let cfg = parse("citekey = \"{auth}_{year}\"\n", "ibid.toml").unwrap();
        assert_eq!(
            cfg.citekey.map(|p| p.source().to_string()).as_deref(),
            Some("{auth}_{year}")
        );
        let err = parse("citekey = \"{author}{year}\"\n", "ibid.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("citekey") && err.contains("{author}"), "{err}");
    }

    #[test]
    fn malformed_outlets_are_errors_naming_the_line() {
        let err = parse(
            "[[outlet]]\nid = \"a\"\nname = \"A\"\n\n[[outlet]]\nid = \"B C\"\nname = \"B\"\n",
            "ibid.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("ibid.toml:5: [[outlet]] `B C`"), "{err}");
        let err = parse("[[outlet]]\nid = \"a\"\nnme = \"A\"\n", "ibid.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("ibid.toml:3") && err.contains("nme"), "{err}");
    }

    #[test]
    fn an_outlet_with_a_builtin_id_extends_it() {
        let cfg = parse(
            "[[outlet]]\nid = \"washington-post\"\nname = \"The Washington Post\"\naliases = [\"Wash Po\"]\n",
            "ibid.toml",
        )
        .unwrap();
        assert_eq!(
            cfg.registry.resolve("Wash Po").map(|o| o.id.as_str()),
            Some("washington-post")
        );
        assert!(cfg.registry.resolve("Wash. Post").is_some());
    }

    #[test]
    fn discovery_walks_up() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&sub), Some(dir.path().join(FILE_NAME)));
    }
}
