//! `ibid.toml`: found in the working directory or the nearest parent, or given with
//! `--config`. Unknown keys and bad values are errors that name the key.

use crate::lint::{registry::find_rule, LintOptions, Severity};
use crate::outlets::{Outlet, Registry};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// `error` (default), `warning` or `info`.
    pub fail_on: Option<String>,
    /// The document's date (`YYYY-MM-DD`): later citation dates are impossible.
    pub document_date: Option<String>,
    /// Per-rule severity by code or name: `error`, `warning`, `info` or `off`.
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
    /// Extra outlets, same schema as `sources/outlets.toml`.
    #[serde(default)]
    pub outlet: Vec<Outlet>,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: Option<PathBuf>,
    pub fail_on: Severity,
    pub document_date: Option<chrono::NaiveDate>,
    pub lint: LintOptions,
    pub registry: Registry,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            fail_on: Severity::Error,
            document_date: None,
            lint: LintOptions::default(),
            registry: Registry::builtin().clone(),
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
    let mut cfg = parse(&text, &path.display().to_string())?;
    cfg.path = Some(path);
    Ok(cfg)
}

/// Parse and validate configuration text; `origin` names it in errors.
pub fn parse(text: &str, origin: &str) -> Result<Config, ConfigError> {
    let invalid = |message: String| ConfigError::Invalid {
        path: origin.to_string(),
        message,
    };
    let file: ConfigFile =
        toml::from_str(text).map_err(|e| invalid(e.to_string().trim_end().to_string()))?;
    let mut cfg = Config::default();
    if let Some(f) = &file.fail_on {
        cfg.fail_on = Severity::parse(f).ok_or_else(|| {
            invalid(format!(
                "`fail-on = \"{f}\"`: expected error, warning or info"
            ))
        })?;
    }
    if let Some(d) = &file.document_date {
        cfg.document_date = Some(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(
            |_| {
                invalid(format!(
                    "`document-date = \"{d}\"`: expected a date as YYYY-MM-DD"
                ))
            },
        )?);
    }
    for (key, value) in &file.rules {
        let rule = find_rule(key).ok_or_else(|| {
            invalid(format!(
                "[rules] `{key}`: no such rule (see `ibid rule` for the list)"
            ))
        })?;
        let severity = if value.eq_ignore_ascii_case("off") {
            None
        } else {
            Some(Severity::parse(value).ok_or_else(|| {
                invalid(format!(
                    "[rules] `{key} = \"{value}\"`: expected error, warning, info or off"
                ))
            })?)
        };
        cfg.lint.overrides.insert(rule.meta().code, severity);
    }
    if !file.outlet.is_empty() {
        cfg.registry
            .merge(file.outlet, text, origin)
            .map_err(|e| match e {
                crate::outlets::OutletError::Invalid {
                    line, id, reason, ..
                } => invalid(format!("line {line}: [[outlet]] `{id}`: {reason}")),
                e => invalid(e.to_string()),
            })?;
    }
    Ok(cfg)
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
    fn malformed_outlets_are_errors_naming_the_line() {
        let err = parse(
            "[[outlet]]\nid = \"a\"\nname = \"A\"\n\n[[outlet]]\nid = \"B C\"\nname = \"B\"\n",
            "ibid.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("ibid.toml: line 5: [[outlet]] `B C`"),
            "{err}"
        );
        let err = parse("[[outlet]]\nid = \"a\"\nnme = \"A\"\n", "ibid.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3") && err.contains("nme"), "{err}");
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
