//! Rule documentation generated from the declarations: the `ibid rule` list, one rule's
//! full text, and `docs/rules.md`.

use super::registry::all_rules;
use super::{Rule, RuleMeta};

/// A plain-text table of every rule (code, name, default severity, summary), for `ibid rule`.
pub fn rule_list() -> String {
    let metas: Vec<&RuleMeta> = all_rules().iter().map(|r| r.meta()).collect();
    let name_width = metas.iter().map(|m| m.name.len()).max().unwrap_or(0).max(4);
    let mut out = format!(
        "{:<5}  {:<name_width$}  {:<7}  summary\n",
        "code", "name", "default"
    );
    for rule in all_rules() {
        let m = rule.meta();
        out.push_str(&format!(
            "{:<5}  {:<name_width$}  {:<7}  {}\n",
            m.code,
            m.name,
            default_label(*rule),
            m.summary
        ));
    }
    out
}

/// The default severity, or `off` for a rule that runs only when enabled.
fn default_label(rule: &dyn Rule) -> &'static str {
    if rule.enabled_by_default() {
        rule.meta().default_severity.as_str()
    } else {
        "off"
    }
}

/// `error`, or `off (error when enabled)` for a rule that is off by default.
fn default_sentence(rule: &dyn Rule) -> String {
    let severity = rule.meta().default_severity.as_str();
    if rule.enabled_by_default() {
        severity.to_string()
    } else {
        format!("off ({severity} when enabled)")
    }
}

/// One rule's full documentation, for `ibid rule IB301`.
pub fn rule_doc(rule: &dyn Rule) -> String {
    let m = rule.meta();
    format!(
        "# {} {}\n\nDefault severity: {}\n\n{}\n\n{}\n",
        m.code,
        m.name,
        default_sentence(rule),
        m.summary,
        m.doc.trim()
    )
}

/// The content of `docs/rules.md`.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Rules\n\n\
         <!-- Generated from the rule declarations by src/lint/docs.rs; do not edit.\n     \
         Regenerate with: UPDATE_DOCS=1 cargo test --lib lint::docs -->\n\n\
         Every rule has a stable code and a name; either selects it in `ibid rule`, in\n\
         `ibid.toml` (`[rules] missing-url = \"off\"`, `select`, `ignore`), in `--select`/`--ignore`\n\
         and in suppression comments (`<!-- ibid-ignore: IB203 -->`).\n\n\
         | Code | Name | Default | Summary |\n|---|---|---|---|\n",
    );
    for rule in all_rules() {
        let m = rule.meta();
        out.push_str(&format!(
            "| {} | [`{}`](#{}) | {} | {} |\n",
            m.code,
            m.name,
            anchor(m),
            default_label(*rule),
            m.summary.replace('|', "\\|")
        ));
    }
    for rule in all_rules() {
        let m = rule.meta();
        out.push_str(&format!(
            "\n## {} {}\n\nDefault severity: **{}**. {}\n\n{}\n",
            m.code,
            m.name,
            default_sentence(*rule),
            m.summary,
            demote_headings(m.doc.trim())
        ));
    }
    out
}

/// The GitHub anchor of a rule's heading (`## IB101 footnote-number-gap`).
fn anchor(m: &RuleMeta) -> String {
    format!("{}-{}", m.code.to_ascii_lowercase(), m.name)
}

/// Pushes every Markdown heading outside code fences one level down.
fn demote_headings(doc: &str) -> String {
    let mut in_fence = false;
    let lines: Vec<String> = doc
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            if !in_fence && line.starts_with('#') {
                format!("#{line}")
            } else {
                line.to_string()
            }
        })
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const RULES_MD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");

    #[test]
    fn docs_rules_md_is_up_to_date() {
        let fresh = rules_markdown();
        if std::env::var("UPDATE_DOCS").as_deref() == Ok("1") {
            std::fs::write(RULES_MD, &fresh).expect("docs/rules.md is writable");
            return;
        }
        let current = std::fs::read_to_string(RULES_MD).unwrap_or_default();
        assert!(
            current == fresh,
            "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test --lib lint::docs`"
        );
    }

    fn is_kebab(name: &str) -> bool {
        !name.is_empty()
            && name
                .split('-')
                .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase()))
    }

    #[test]
    fn every_rule_is_declared_properly() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in all_rules() {
            let m = rule.meta();
            assert!(codes.insert(m.code), "{} is registered twice", m.code);
            assert!(names.insert(m.name), "{} is registered twice", m.name);
            assert!(
                m.code.len() == 5
                    && m.code.starts_with("IB")
                    && m.code[2..].chars().all(|c| c.is_ascii_digit()),
                "bad code {}",
                m.code
            );
            assert!(is_kebab(m.name), "{} is not kebab-case", m.name);
            assert!(
                !m.summary.is_empty() && !m.summary.contains('\n'),
                "{}: the summary must be one line",
                m.code
            );
            let mut last = 0;
            for section in ["## What it does", "## Why is this bad?", "## Example"] {
                let at = m.doc.find(section);
                assert!(at.is_some(), "{}: doc lacks `{section}`", m.code);
                let at = at.unwrap_or(0);
                assert!(at >= last, "{}: `{section}` is out of order", m.code);
                last = at;
            }
        }
    }

    #[test]
    fn kebab_case_is_checked() {
        assert!(is_kebab("missing-url"));
        assert!(!is_kebab("Missing-url"));
        assert!(!is_kebab("missing_url"));
        assert!(!is_kebab("missing--url"));
    }

    #[test]
    fn headings_outside_fences_are_demoted() {
        let doc = "## What it does\n\n```text\n# not a heading\n```\n## Example";
        assert_eq!(
            demote_headings(doc),
            "### What it does\n\n```text\n# not a heading\n```\n### Example"
        );
    }

    #[test]
    fn list_and_one_rule_doc() {
        insta::assert_snapshot!("rule_list", rule_list());
        let rule = crate::lint::registry::find_rule("IB203");
        assert!(rule.is_some());
        if let Some(rule) = rule {
            insta::assert_snapshot!("rule_doc_ib203", rule_doc(rule));
        }
    }
}
