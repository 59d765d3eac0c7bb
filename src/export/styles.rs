//! Where citation styles and locales come from: hayagriva's archived styles, CSL files
//! installed on the system (Debian's `citation-style-language-styles` puts them in
//! [`DEBIAN_STYLE_DIR`]), looked up by file name, or a CSL file given by path.
//!
//! A dependent style (a journal that borrows another style's rules) resolves to its parent,
//! looked up first in the archive and then among the installed files.

use super::ExportError;
use hayagriva::archive::{locales, ArchivedStyle};
use hayagriva::citationberg::{IndependentStyle, LocaleCode, Style};
use std::path::{Path, PathBuf};

/// Where Debian's `citation-style-language-styles` package installs its CSL files.
pub const DEBIAN_STYLE_DIR: &str = "/usr/share/citation-style-language/styles";

/// A style ready for hayagriva's engine, with the locale to render it in.
#[derive(Debug, Clone)]
pub struct ResolvedStyle {
    pub style: IndependentStyle,
    /// `None`: the style's default locale.
    pub locale: Option<LocaleCode>,
}

/// Where a listed style comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StyleOrigin {
    /// Compiled into hayagriva.
    Archive,
    /// A CSL file in one of the catalog's directories.
    Installed(PathBuf),
}

/// One style [`StyleCatalog::list`] shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleListing {
    pub name: String,
    pub origin: StyleOrigin,
}

/// The styles available by name: hayagriva's archive, then the `*.csl` files of `dirs`
/// (and of their `dependent/` subdirectories), named by file stem.
#[derive(Debug, Clone, Default)]
pub struct StyleCatalog {
    dirs: Vec<PathBuf>,
}

impl StyleCatalog {
    /// A catalog that searches `dirs` (in order) after the archive.
    pub fn new(dirs: Vec<PathBuf>) -> Self {
        StyleCatalog { dirs }
    }

    /// The archive and Debian's style directory.
    pub fn system() -> Self {
        StyleCatalog::new(vec![PathBuf::from(DEBIAN_STYLE_DIR)])
    }

    /// The directories searched after the archive.
    pub fn dirs(&self) -> &[PathBuf] {
        &self.dirs
    }

    /// Every installed CSL file, as (name, path), in directory order then by name; a name
    /// found twice keeps its first path.
    fn installed(&self) -> Vec<(String, PathBuf)> {
        let mut out: Vec<(String, PathBuf)> = Vec::new();
        for dir in &self.dirs {
            for d in [dir.clone(), dir.join("dependent")] {
                let Ok(read) = std::fs::read_dir(&d) else {
                    continue;
                };
                let mut here: Vec<(String, PathBuf)> = read
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "csl"))
                    .filter_map(|p| {
                        let stem = p.file_stem()?.to_str()?.to_string();
                        Some((stem, p))
                    })
                    .collect();
                here.sort();
                for (name, path) in here {
                    if !out.iter().any(|(n, _)| *n == name) {
                        out.push((name, path));
                    }
                }
            }
        }
        out
    }

    /// Every style available by name: the archive's names, then the installed files not
    /// shadowed by an archived name.
    pub fn list(&self) -> Vec<StyleListing> {
        let archived = archive_names();
        let mut out: Vec<StyleListing> = archived
            .iter()
            .map(|n| StyleListing {
                name: (*n).to_string(),
                origin: StyleOrigin::Archive,
            })
            .collect();
        for (name, path) in self.installed() {
            if !archived.contains(&name.as_str()) {
                out.push(StyleListing {
                    name,
                    origin: StyleOrigin::Installed(path),
                });
            }
        }
        out
    }

    /// The style called `name`: archived first, then an installed file of that name.
    /// Unknown names are an error that suggests the closest known names.
    pub fn resolve(&self, name: &str) -> Result<IndependentStyle, ExportError> {
        if let Some(archived) = ArchivedStyle::by_name(name) {
            return self.independent(archived.get(), name);
        }
        if let Some((_, path)) = self.installed().into_iter().find(|(n, _)| n == name) {
            return self.load_file(&path);
        }
        let names: Vec<String> = self.list().into_iter().map(|l| l.name).collect();
        Err(ExportError::UnknownStyle {
            name: name.to_string(),
            suggestions: close_names(name, names.iter().map(String::as_str)),
        })
    }

    /// The CSL file at `path`; a dependent style resolves to its parent.
    pub fn load_file(&self, path: &Path) -> Result<IndependentStyle, ExportError> {
        let bad = |message: String| ExportError::StyleFile {
            path: path.display().to_string(),
            message,
        };
        let xml = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
        let style = Style::from_xml(&xml).map_err(|e| bad(e.to_string()))?;
        self.independent(style, &path.display().to_string())
    }

    /// `style` itself, or the parent of a dependent style.
    fn independent(&self, style: Style, name: &str) -> Result<IndependentStyle, ExportError> {
        match style {
            Style::Independent(s) => Ok(s),
            Style::Dependent(dep) => {
                let href = dep.parent_link.href.to_string();
                if let Some(Style::Independent(s)) = ArchivedStyle::by_id(&href).map(|a| a.get()) {
                    return Ok(s);
                }
                let parent_name = href.trim_end_matches('/').rsplit('/').next().unwrap_or("");
                match self.installed().into_iter().find(|(n, _)| n == parent_name) {
                    Some((_, path)) => {
                        match Style::from_xml(&std::fs::read_to_string(&path).map_err(|e| {
                            ExportError::StyleFile {
                                path: path.display().to_string(),
                                message: e.to_string(),
                            }
                        })?) {
                            Ok(Style::Independent(s)) => Ok(s),
                            _ => Err(ExportError::MissingParentStyle {
                                name: name.to_string(),
                                parent: href,
                            }),
                        }
                    }
                    None => Err(ExportError::MissingParentStyle {
                        name: name.to_string(),
                        parent: href,
                    }),
                }
            }
        }
    }
}

/// Every style name hayagriva's archive knows, sorted.
pub fn archive_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = ArchivedStyle::all()
        .iter()
        .flat_map(|s| s.names().iter().copied())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Up to five of `known` closest to `name`.
pub fn close_names<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Vec<String> {
    let wanted = name.to_ascii_lowercase();
    let mut scored: Vec<(f64, &str)> = known
        .map(|n| {
            let mut score = strsim::jaro_winkler(&wanted, n);
            if wanted.len() >= 3
                && n.len() >= 3
                && (n.contains(wanted.as_str()) || wanted.contains(n))
            {
                score += 0.5;
            }
            (score, n)
        })
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(5)
        .map(|(_, n)| n.to_string())
        .collect()
}

/// Every locale hayagriva ships (`en-US`, `de-DE`, …), sorted.
pub fn locale_codes() -> Vec<String> {
    let mut codes: Vec<String> = locales()
        .into_iter()
        .filter_map(|l| l.lang.map(|c| c.0))
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// The shipped locale `code` names, case-insensitively; a bare language (`de`) takes its
/// main region (`de-DE`, else the first). Unknown codes are an error with suggestions.
pub fn resolve_locale(code: &str) -> Result<LocaleCode, ExportError> {
    let codes = locale_codes();
    let wanted = code.replace('_', "-");
    if let Some(c) = codes.iter().find(|c| c.eq_ignore_ascii_case(&wanted)) {
        return Ok(LocaleCode(c.clone()));
    }
    if !wanted.contains('-') {
        let lang = wanted.to_ascii_lowercase();
        let main = format!("{lang}-{}", lang.to_ascii_uppercase());
        let family: Vec<&String> = codes
            .iter()
            .filter(|c| c.split('-').next() == Some(lang.as_str()))
            .collect();
        if let Some(c) = family.iter().find(|c| **c == &main).or(family.first()) {
            return Ok(LocaleCode((*c).clone()));
        }
    }
    let lang = wanted.split('-').next().unwrap_or("").to_ascii_lowercase();
    let mut suggestions: Vec<String> = codes
        .iter()
        .filter(|c| c.split('-').next() == Some(lang.as_str()))
        .cloned()
        .collect();
    if suggestions.is_empty() {
        suggestions = close_names(&wanted, codes.iter().map(String::as_str));
    }
    Err(ExportError::UnknownLocale {
        name: code.to_string(),
        suggestions,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small independent note style written for these tests: `Author, "Title," Outlet
    /// (date).` first, `Author, "Short title."` after, and `Id.` right after the same work.
    pub(crate) const NOTE_STYLE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0" default-locale="en-US">
  <info>
    <title>Ibid test notes</title>
    <id>http://example.com/styles/ibid-test-notes</id>
    <updated>2024-01-01T00:00:00+00:00</updated>
  </info>
  <macro name="author">
    <names variable="author"><name and="text" delimiter=", "/></names>
  </macro>
  <citation>
    <layout suffix="." delimiter="; ">
      <choose>
        <if position="ibid">
          <text term="ibid" text-case="capitalize-first" font-style="italic"/>
        </if>
        <else-if position="subsequent">
          <group delimiter=", ">
            <text macro="author"/>
            <text variable="title" form="short" quotes="true"/>
          </group>
        </else-if>
        <else>
          <group>
            <group delimiter=", ">
              <text macro="author"/>
              <text variable="title" quotes="true"/>
              <text variable="container-title" font-style="italic"/>
            </group>
            <date variable="issued" prefix=" (" suffix=")">
              <date-part name="month" form="long" suffix=" "/>
              <date-part name="day" suffix=", "/>
              <date-part name="year"/>
            </date>
          </group>
        </else>
      </choose>
    </layout>
  </citation>
  <bibliography>
    <sort><key macro="author"/><key variable="title"/></sort>
    <layout suffix=".">
      <group delimiter=". ">
        <text macro="author"/>
        <text variable="title" quotes="true"/>
        <text variable="container-title" font-style="italic"/>
        <date variable="issued"><date-part name="year"/></date>
      </group>
    </layout>
  </bibliography>
</style>
"#;

    pub(crate) fn dependent_style(parent: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" default-locale="en-US">
  <info>
    <title>A journal</title>
    <id>http://example.com/styles/a-journal</id>
    <link href="{parent}" rel="independent-parent"/>
    <updated>2024-01-01T00:00:00+00:00</updated>
  </info>
</style>
"#
        )
    }

    #[test]
    fn archived_styles_resolve_and_unknown_names_suggest() {
        let catalog = StyleCatalog::new(vec![]);
        assert!(catalog.resolve("apa").is_ok());
        assert!(catalog.resolve("chicago-notes").is_ok());
        match catalog.resolve("chicago-autor-date") {
            Err(ExportError::UnknownStyle { suggestions, .. }) => {
                assert!(suggestions.iter().any(|s| s == "chicago-author-date"))
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn installed_files_are_found_by_name_and_listed() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("ibid-test-notes.csl"), NOTE_STYLE).expect("write");
        std::fs::create_dir(dir.path().join("dependent")).expect("mkdir");
        std::fs::write(
            dir.path().join("dependent").join("a-journal.csl"),
            dependent_style("http://example.com/styles/ibid-test-notes"),
        )
        .expect("write");
        std::fs::write(dir.path().join("apa.csl"), "not xml").expect("write");
        let catalog = StyleCatalog::new(vec![dir.path().to_path_buf()]);
        let style = catalog.resolve("ibid-test-notes").expect("found");
        assert_eq!(style.info.title.value, "Ibid test notes");
        // A dependent file resolves to its installed parent.
        let parent = catalog.resolve("a-journal").expect("parent found");
        assert_eq!(parent.info.title.value, "Ibid test notes");
        // An archived name wins over a file of the same name.
        assert!(catalog.resolve("apa").is_ok());
        let listed = catalog.list();
        assert!(listed.iter().any(|l| l.name == "ibid-test-notes"
            && matches!(&l.origin, StyleOrigin::Installed(p) if p.ends_with("ibid-test-notes.csl"))));
        assert_eq!(listed.iter().filter(|l| l.name == "apa").count(), 1);
        // Suggestions include installed names.
        match catalog.resolve("ibid-test-note") {
            Err(ExportError::UnknownStyle { suggestions, .. }) => {
                assert!(
                    suggestions.iter().any(|s| s == "ibid-test-notes"),
                    "{suggestions:?}"
                )
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn dependent_files_resolve_to_archived_parents_and_bad_files_are_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dep = dir.path().join("dep.csl");
        std::fs::write(&dep, dependent_style("http://www.zotero.org/styles/apa")).expect("w");
        let catalog = StyleCatalog::new(vec![]);
        assert!(catalog.load_file(&dep).is_ok());
        let orphan = dir.path().join("orphan.csl");
        std::fs::write(
            &orphan,
            dependent_style("http://example.com/styles/nowhere"),
        )
        .expect("w");
        let err = catalog.load_file(&orphan).expect_err("no parent");
        assert!(err.to_string().contains("nowhere"), "{err}");
        let bad = dir.path().join("bad.csl");
        std::fs::write(&bad, "<style>").expect("w");
        let err = catalog.load_file(&bad).expect_err("bad xml");
        assert!(err.to_string().contains("bad.csl"), "{err}");
        let err = catalog
            .load_file(&dir.path().join("missing.csl"))
            .expect_err("missing");
        assert!(err.to_string().contains("missing.csl"), "{err}");
    }

    #[test]
    fn locales_resolve_case_insensitively_and_by_language() {
        assert_eq!(resolve_locale("en-GB").expect("known").0, "en-GB");
        assert_eq!(resolve_locale("en_gb").expect("known").0, "en-GB");
        assert_eq!(resolve_locale("de").expect("known").0, "de-DE");
        match resolve_locale("en-XX") {
            Err(ExportError::UnknownLocale { suggestions, .. }) => {
                assert!(suggestions.iter().any(|s| s == "en-GB"), "{suggestions:?}")
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(resolve_locale("zz").is_err());
    }
}
