//! Which rules run, and at what severity, for each document.
//!
//! Settings are built from layers applied in order: the `ibid.toml` top level, then
//! every `[[overrides]]` whose globs match the document's path, then the command line.
//! Inside a layer, `select` (if given) enables exactly the rules it names, `ignore`
//! disables rules, and `[rules]` sets severities (`off` disables; a severity enables).

use super::registry::all_rules;
use super::Severity;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Why a rule selector could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a rule code, name or code prefix (see `ibid rule`)")]
pub struct UnknownSelector(pub String);

/// Resolve a selector to rule codes: a code (`IB203`), a name (`missing-url`), a code
/// prefix (`IB2`, `IB`) or `ALL`. Case-insensitive for codes.
pub fn resolve_selector(selector: &str) -> Result<Vec<&'static str>, UnknownSelector> {
    let s = selector.trim();
    let upper = s.to_ascii_uppercase();
    let codes: Vec<&'static str> = all_rules()
        .iter()
        .map(|r| r.meta())
        .filter(|m| upper == "ALL" || m.name == s || (!s.is_empty() && m.code.starts_with(&upper)))
        .map(|m| m.code)
        .collect();
    if codes.is_empty() {
        Err(UnknownSelector(selector.to_string()))
    } else {
        Ok(codes)
    }
}

/// Resolve every selector of a list, in order, without duplicates.
pub fn resolve_selectors<S: AsRef<str>>(
    selectors: &[S],
) -> Result<Vec<&'static str>, UnknownSelector> {
    let mut out: Vec<&'static str> = Vec::new();
    for s in selectors {
        for code in resolve_selector(s.as_ref())? {
            if !out.contains(&code) {
                out.push(code);
            }
        }
    }
    Ok(out)
}

/// One layer of settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layer {
    /// When given, exactly these rules are enabled (before `ignore` and `severities`).
    pub select: Option<Vec<&'static str>>,
    /// Rules disabled.
    pub ignore: Vec<&'static str>,
    /// Per-rule severity; `None` disables the rule, `Some` sets its severity and enables it.
    pub severities: Vec<(&'static str, Option<Severity>)>,
}

impl Layer {
    pub fn is_empty(&self) -> bool {
        self.select.is_none() && self.ignore.is_empty() && self.severities.is_empty()
    }

    fn apply(&self, table: &mut RuleTable) {
        if let Some(select) = &self.select {
            for (code, entry) in table.entries.iter_mut() {
                entry.enabled = select.contains(code);
            }
        }
        for code in &self.ignore {
            if let Some(e) = table.entries.get_mut(code) {
                e.enabled = false;
            }
        }
        for (code, severity) in &self.severities {
            if let Some(e) = table.entries.get_mut(code) {
                match severity {
                    None => e.enabled = false,
                    Some(s) => {
                        e.enabled = true;
                        e.severity = *s;
                    }
                }
            }
        }
    }
}

/// Glob patterns matched against a document's path relative to a base directory
/// (the directory of `ibid.toml`), and against the path as given.
#[derive(Debug, Clone)]
pub struct PathMatcher {
    globs: globset::GlobSet,
    patterns: Vec<String>,
    base: Option<PathBuf>,
}

impl PathMatcher {
    /// Compile `patterns` (gitignore-like globs: `drafts/**`, `*.tex`, `notes/*.md`).
    pub fn new(patterns: &[String], base: Option<&Path>) -> Result<Self, globset::Error> {
        let mut builder = globset::GlobSetBuilder::new();
        for p in patterns {
            for g in glob_variants(p) {
                builder.add(globset::Glob::new(&g)?);
            }
        }
        Ok(PathMatcher {
            globs: builder.build()?,
            patterns: patterns.to_vec(),
            base: base.map(|b| b.canonicalize().unwrap_or_else(|_| b.to_path_buf())),
        })
    }

    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// Whether `path` (as given on the command line or found by walking) matches.
    pub fn is_match(&self, path: &str) -> bool {
        let given = path.trim_start_matches("./");
        if self.globs.is_match(given) {
            return true;
        }
        let Some(base) = &self.base else {
            return false;
        };
        let Ok(abs) = Path::new(path).canonicalize() else {
            return false;
        };
        abs.strip_prefix(base)
            .map(|rel| self.globs.is_match(rel))
            .unwrap_or(false)
    }
}

/// The globs a user pattern stands for, gitignore-like: `drafts` and `drafts/` also
/// mean everything below; a pattern without `/` matches at any depth.
pub fn glob_variants(pattern: &str) -> Vec<String> {
    let p = pattern.trim_start_matches("./");
    let mut out = vec![p.to_string()];
    let bare = p.trim_end_matches('/');
    if !p.contains('*') {
        out.push(format!("{bare}/**"));
    }
    if !bare.contains('/') && !bare.starts_with("**") {
        out.push(format!("**/{bare}"));
        out.push(format!("**/{bare}/**"));
    }
    out
}

/// A layer that applies only to documents whose path matches.
#[derive(Debug, Clone)]
pub struct PathLayer {
    pub paths: PathMatcher,
    pub layer: Layer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    enabled: bool,
    severity: Severity,
}

/// The effective settings of every rule for one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTable {
    /// Looked up once per rule and finding of every document: a fast hasher.
    entries: foldhash::HashMap<&'static str, Entry>,
}

impl Default for RuleTable {
    fn default() -> Self {
        RuleTable {
            entries: all_rules()
                .iter()
                .map(|r| {
                    let m = r.meta();
                    (
                        m.code,
                        Entry {
                            enabled: r.enabled_by_default(),
                            severity: m.default_severity,
                        },
                    )
                })
                .collect(),
        }
    }
}

impl RuleTable {
    /// The severity of `code`, or `None` when the rule is off.
    pub fn severity(&self, code: &str) -> Option<Severity> {
        self.entries
            .get(code)
            .filter(|e| e.enabled)
            .map(|e| e.severity)
    }
}

/// Every layer of a run.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The configuration file's top level.
    pub base: Layer,
    /// `[[overrides]]`, in file order.
    pub paths: Vec<PathLayer>,
    /// The command line (`--select`, `--ignore`); wins over everything.
    pub cli: Layer,
}

impl Settings {
    /// The rule table for a document at `path`, with `legacy` severity overrides
    /// (by code; `None` = off) applied right after the base layer.
    pub fn table_for(
        &self,
        path: &str,
        legacy: &HashMap<&'static str, Option<Severity>>,
    ) -> RuleTable {
        let mut table = RuleTable::default();
        self.base.apply(&mut table);
        let mut legacy: Vec<_> = legacy.iter().map(|(c, s)| (*c, *s)).collect();
        legacy.sort();
        Layer {
            severities: legacy,
            ..Layer::default()
        }
        .apply(&mut table);
        for p in &self.paths {
            if p.paths.is_match(path) {
                p.layer.apply(&mut table);
            }
        }
        self.cli.apply(&mut table);
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_resolve_codes_names_prefixes_and_all() {
        assert_eq!(resolve_selector("IB203"), Ok(vec!["IB203"]));
        assert_eq!(resolve_selector("ib203"), Ok(vec!["IB203"]));
        assert_eq!(resolve_selector("missing-url"), Ok(vec!["IB203"]));
        let ib2 = resolve_selector("IB2").unwrap_or_default();
        assert!(ib2.len() >= 7 && ib2.iter().all(|c| c.starts_with("IB2")));
        assert_eq!(
            resolve_selector("ALL").map(|v| v.len()),
            Ok(all_rules().len())
        );
        assert!(resolve_selector("IB9").is_err());
        assert!(resolve_selector("").is_err());
        assert!(resolve_selector("missing").is_err());
    }

    #[test]
    fn layers_select_then_ignore_then_set_severities() {
        let settings = Settings {
            base: Layer {
                select: Some(resolve_selectors(&["IB2"]).unwrap_or_default()),
                ignore: vec!["IB204"],
                severities: vec![("IB101", Some(Severity::Error)), ("IB203", None)],
            },
            ..Settings::default()
        };
        let t = settings.table_for("a.md", &HashMap::new());
        assert_eq!(t.severity("IB201"), Some(Severity::Warning));
        assert_eq!(t.severity("IB204"), None, "ignored");
        assert_eq!(t.severity("IB203"), None, "off");
        assert_eq!(
            t.severity("IB101"),
            Some(Severity::Error),
            "a severity enables"
        );
        assert_eq!(t.severity("IB102"), None, "not selected");
    }

    #[test]
    fn path_layers_apply_to_matching_documents_and_cli_wins() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let drafts = PathMatcher::new(&["drafts/**".to_string()], Some(dir.path()))
            .unwrap_or_else(|e| panic!("{e}"));
        let settings = Settings {
            base: Layer::default(),
            paths: vec![PathLayer {
                paths: drafts,
                layer: Layer {
                    ignore: vec!["IB203"],
                    ..Layer::default()
                },
            }],
            cli: Layer {
                severities: vec![("IB201", Some(Severity::Error))],
                ..Layer::default()
            },
        };
        let none = HashMap::new();
        assert_eq!(
            settings.table_for("drafts/a.md", &none).severity("IB203"),
            None
        );
        assert_eq!(
            settings.table_for("final/a.md", &none).severity("IB203"),
            Some(Severity::Warning)
        );
        std::fs::create_dir_all(dir.path().join("drafts")).unwrap_or_else(|e| panic!("{e}"));
        let abs = dir.path().join("drafts/b.md");
        std::fs::write(&abs, "x").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            settings
                .table_for(&abs.to_string_lossy(), &none)
                .severity("IB203"),
            None,
            "absolute paths match relative to the config directory"
        );
        assert_eq!(
            settings.table_for("x.md", &none).severity("IB201"),
            Some(Severity::Error)
        );
    }

    #[test]
    fn a_bare_directory_pattern_matches_below_it() {
        let m = PathMatcher::new(&["drafts".to_string()], None).unwrap_or_else(|e| panic!("{e}"));
        assert!(m.is_match("drafts/x/y.md"));
        assert!(m.is_match("./drafts/y.md"));
        assert!(!m.is_match("final/y.md"));
    }
}
