//! The run: expand paths (directories walked, honouring `.gitignore`), read and extract
//! every document. Per-file errors do not stop the run; they are collected.

use crate::extract::extract;
use crate::model::{Extraction, Format};
use crate::outlets::Registry;
use crate::read::{format_from_extension, read_path, ReadError};

/// A path that could not be processed, and why.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{path}: no such file or directory")]
    Missing { path: String },
    #[error("{path}: no documents found (looked for .txt, .md, .html, .tex files)")]
    EmptyDirectory { path: String },
    #[error("{path}: cannot walk directory: {message}")]
    Walk { path: String, message: String },
}

/// The documents of one run.
#[derive(Debug, Default)]
pub struct Loaded {
    pub extractions: Vec<Extraction>,
    pub errors: Vec<InputError>,
    /// Files skipped while walking directories because their type is not supported.
    pub skipped: usize,
}

/// Which walked files are read: `include` (if any) must match, `exclude` must not.
/// Globs match the path relative to the walked directory and the path as found
/// (`drafts/**`, `*.tex`, `**/old/*.md`). Files named on the command line are always read.
#[derive(Debug, Clone, Default)]
pub struct WalkFilter {
    include: Option<globset::GlobSet>,
    exclude: Option<globset::GlobSet>,
}

impl WalkFilter {
    /// Compile the globs; an invalid one is an error naming it.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Self, String> {
        let build = |globs: &[String]| -> Result<Option<globset::GlobSet>, String> {
            if globs.is_empty() {
                return Ok(None);
            }
            let mut b = globset::GlobSetBuilder::new();
            for g in globs {
                for v in crate::lint::settings::glob_variants(g) {
                    b.add(globset::Glob::new(&v).map_err(|e| format!("`{g}`: {e}"))?);
                }
            }
            b.build().map(Some).map_err(|e| e.to_string())
        };
        Ok(WalkFilter {
            include: build(include)?,
            exclude: build(exclude)?,
        })
    }

    /// Whether a file found under `root` at `path` is read.
    pub fn accepts(&self, root: &std::path::Path, path: &std::path::Path) -> bool {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let as_found = path.strip_prefix(".").unwrap_or(path);
        let matches = |set: &globset::GlobSet| set.is_match(rel) || set.is_match(as_found);
        self.include.as_ref().is_none_or(matches) && !self.exclude.as_ref().is_some_and(matches)
    }
}

/// Expand `paths` into document paths: files as given, directories walked (honouring
/// `.gitignore` and hidden files), `-` for standard input.
pub fn expand(paths: &[String]) -> (Vec<String>, Vec<InputError>, usize) {
    expand_filtered(paths, &WalkFilter::default())
}

/// [`expand`], reading only the walked files `filter` accepts.
pub fn expand_filtered(
    paths: &[String],
    filter: &WalkFilter,
) -> (Vec<String>, Vec<InputError>, usize) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut skipped = 0;
    for p in paths {
        if p == "-" {
            files.push(p.clone());
            continue;
        }
        let path = std::path::Path::new(p);
        if !path.exists() {
            errors.push(InputError::Missing { path: p.clone() });
            continue;
        }
        if !path.is_dir() {
            files.push(p.clone());
            continue;
        }
        let mut found = Vec::new();
        for entry in ignore::WalkBuilder::new(path).build() {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    if !filter.accepts(path, e.path()) {
                        continue;
                    }
                    let s = e.path().to_string_lossy().into_owned();
                    match format_from_extension(&s) {
                        None if e.path().extension().is_none() && sniff_document(e.path()) => {
                            found.push(s)
                        }
                        None => skipped += 1,
                        Some(_) => found.push(s),
                    }
                }
                Ok(_) => {}
                Err(err) => errors.push(InputError::Walk {
                    path: p.clone(),
                    message: err.to_string(),
                }),
            }
        }
        if found.is_empty() {
            errors.push(InputError::EmptyDirectory { path: p.clone() });
        }
        found.sort();
        files.extend(found);
    }
    // a file named twice (`ibid scan docs docs/a.md`, `ibid check a.md a.md`) is one
    // document: the first mention keeps its place
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    (files, errors, skipped)
}

/// Whether a walked file without an extension is a document: text (no NUL bytes) whose
/// first 8 KB show Markdown, LaTeX or HTML markup. Extensionless plain text (`LICENSE`,
/// `Makefile`) is not taken for a document.
fn sniff_document(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(8192);
    let read = std::fs::File::open(path).and_then(|f| f.take(8192).read_to_end(&mut head));
    if read.is_err() || head.contains(&0) {
        return false;
    }
    let text = String::from_utf8_lossy(&head);
    crate::read::format_from_content(&text) != Format::Text
}

/// Read and extract every document of `paths`.
pub fn load(paths: &[String], forced: Option<Format>, registry: &Registry) -> Loaded {
    load_filtered(paths, forced, registry, &WalkFilter::default())
}

/// [`load`], reading only the walked files `filter` accepts.
pub fn load_filtered(
    paths: &[String],
    forced: Option<Format>,
    registry: &Registry,
    filter: &WalkFilter,
) -> Loaded {
    let (files, mut errors, skipped) = expand_filtered(paths, filter);
    let mut extractions = Vec::with_capacity(files.len());
    for f in files {
        match read_path(&f, forced) {
            Ok(doc) => extractions.push(extract(doc, registry)),
            Err(e) => errors.push(e.into()),
        }
    }
    Loaded {
        extractions,
        errors,
        skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_paths_and_empty_directories_are_errors_not_panics() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = load(
            &[
                dir.path().to_string_lossy().into_owned(),
                "/no/such/file.txt".into(),
            ],
            None,
            Registry::builtin(),
        );
        assert!(loaded.extractions.is_empty());
        assert_eq!(loaded.errors.len(), 2);
        assert!(loaded.errors[1].to_string().contains("no such file"));
    }

    #[test]
    fn directories_are_walked_and_unsupported_files_counted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Text.\n").unwrap();
        std::fs::write(dir.path().join("b.png"), [0u8, 1, 2]).unwrap();
        let loaded = load(
            &[dir.path().to_string_lossy().into_owned()],
            None,
            Registry::builtin(),
        );
        assert_eq!(loaded.extractions.len(), 1);
        assert_eq!(loaded.skipped, 1);
    }

    #[test]
    fn a_file_named_twice_is_one_document_in_first_place() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["a.md", "b.md"] {
            std::fs::write(dir.path().join(f), "Text.\n").unwrap();
        }
        let root = dir.path().to_string_lossy().into_owned();
        let b = dir.path().join("b.md").to_string_lossy().into_owned();
        let (files, errors, _) = expand(&[b.clone(), root, b.clone()]);
        assert!(errors.is_empty());
        let names: Vec<&str> = files
            .iter()
            .map(|f| f.rsplit(['/', '\\']).next().unwrap_or_default())
            .collect();
        assert_eq!(names, ["b.md", "a.md"]);
    }

    #[test]
    fn extensionless_files_are_typed_by_content() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("NOTES"), "Text.[^1]\n\n[^1]: A note.\n").unwrap();
        std::fs::write(dir.path().join("LICENSE"), "Permission is granted.\n").unwrap();
        std::fs::write(dir.path().join("blob"), [b'[', b'^', 0, 1]).unwrap();
        let (files, _, skipped) = expand(&[dir.path().to_string_lossy().into_owned()]);
        assert_eq!(files.len(), 1);
        assert!(files[0].ends_with("NOTES"));
        assert_eq!(skipped, 2);
    }

    #[test]
    fn include_and_exclude_filter_walked_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("drafts/old")).unwrap();
        for f in ["a.md", "b.txt", "drafts/c.md", "drafts/old/d.md"] {
            std::fs::write(dir.path().join(f), "Text.\n").unwrap();
        }
        let root = dir.path().to_string_lossy().into_owned();
        let names = |filter: WalkFilter| {
            let (files, errors, _) = expand_filtered(std::slice::from_ref(&root), &filter);
            assert!(errors.is_empty());
            let mut names: Vec<String> = files
                .iter()
                .map(|f| f[root.len() + 1..].replace('\\', "/"))
                .collect();
            names.sort();
            names
        };
        let f = WalkFilter::new(&[], &["drafts/**".into()]).unwrap();
        assert_eq!(names(f), ["a.md", "b.txt"]);
        let f = WalkFilter::new(&["*.md".into()], &["old".into()]).unwrap();
        assert_eq!(names(f), ["a.md", "drafts/c.md"]);
        assert!(WalkFilter::new(&["a[".into()], &[]).is_err());
    }
}
