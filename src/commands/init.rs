//! `ibid init`: write a commented starter `ibid.toml`.

use super::{CommandError, Exit, Output};
use crate::cli::InitArgs;
use crate::lint::registry::all_rules;

pub fn run(args: InitArgs) -> Result<Output, CommandError> {
    let path = args.dir.join(crate::config::FILE_NAME);
    if path.exists() && !args.force {
        return Err(CommandError::Usage(format!(
            "{} already exists; use --force to overwrite it",
            path.display()
        )));
    }
    std::fs::write(&path, starter()).map_err(|source| CommandError::Write {
        path: path.display().to_string(),
        source,
    })?;
    Ok(Output::new(
        format!("wrote {}; `ibid check .` now uses it\n", path.display()),
        Exit::Clean,
    ))
}

/// The starter file: every key commented out with its default, every rule listed.
pub fn starter() -> String {
    let mut out = String::from(
        r#"# ibid configuration. ibid uses the ibid.toml in the working directory or its
# nearest parent (or --config FILE); command-line flags win over this file.
# Every setting below is commented out and shows its default.

# Lowest severity that makes `ibid check` exit with code 1: error, warning or info.
# fail-on = "error"

# The documents' date (YYYY-MM-DD): citation dates after it are impossible (IB207).
# Default: today.
# document-date = "2021-01-01"

# Rules to run: codes (IB203), names (missing-url) or code prefixes (IB2). Default: all.
# select = ["IB1", "IB2", "IB3"]
# Rules not to run.
# ignore = ["missing-author"]

# Files read when walking directories (globs relative to the walked directory).
# include = ["*.md", "*.tex"]
# exclude = ["drafts/**"]

# Severity per rule, by code or name: error, warning, info or off.
[rules]
"#,
    );
    for rule in all_rules() {
        let m = rule.meta();
        out.push_str(&format!(
            "# {} = \"{}\"  # {}: {}\n",
            m.code,
            m.default_severity.as_str(),
            m.name,
            m.summary
        ));
    }
    out.push_str(
        r#"
# Settings for some paths, applied in order after the ones above. Globs are relative
# to this file's directory. `select`, `ignore` and `[overrides.rules]` work as above.
# [[overrides]]
# paths = ["drafts/**"]
# ignore = ["IB2"]
# [overrides.rules]
# footnote-number-gap = "info"

# Outlets missing from the built-in registry (same schema as sources/outlets.toml).
# [[outlet]]
# id = "town-crier"
# name = "The Town Crier"
# abbreviation = "Town Crier"
# aliases = ["Crier"]
# domains = ["towncrier.example"]
"#,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_is_valid_and_so_is_every_commented_line() {
        let text = starter();
        assert!(crate::config::parse(&text, "ibid.toml").is_ok());
        // uncommenting the examples gives a valid file too
        let uncommented: String = text
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if rest.contains(" = ") || rest.starts_with('[') || rest.starts_with("[[") =>
                {
                    rest.to_string()
                }
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let cfg = crate::config::parse(&uncommented, "ibid.toml");
        assert!(cfg.is_ok(), "{:?}\n{uncommented}", cfg.err());
        assert!(text.contains("IB001 = \"info\""));
    }
}
