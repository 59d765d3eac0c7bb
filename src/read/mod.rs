//! Read: a path (or stdin) → a [`Document`] with its format, text and line index.

pub mod docx;

use crate::model::{Document, Format};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: looks like a binary file (NUL bytes at offset {offset}); ibid reads plain text, Markdown, HTML and LaTeX")]
    Binary { path: String, offset: usize },
    #[error("{path}: is {size} bytes, over the {limit}-byte limit; split the document")]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path}: {source}; re-save it from Word, or convert it (`pandoc {path} -t markdown`)")]
    Docx {
        path: String,
        #[source]
        source: docx::DocxError,
    },
}

/// Read a file (or `-` for standard input) into a document.
pub fn read_path(path: &str, forced: Option<Format>) -> Result<Document, ReadError> {
    let bytes = read_bytes(path)?;
    document_from_bytes(path, &bytes, forced)
}

/// The bytes of a file (or `-` for standard input), refusing a directory and a file over
/// [`MAX_FILE_BYTES`] before reading it (`ibid scan` hashes them before deciding to
/// decode and extract).
pub fn read_bytes(path: &str) -> Result<Vec<u8>, ReadError> {
    Ok(if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|source| ReadError::Io {
                path: path.to_string(),
                source,
            })?;
        buf
    } else {
        let meta = std::fs::metadata(path).map_err(|source| ReadError::Io {
            path: path.to_string(),
            source,
        })?;
        if meta.is_dir() {
            return Err(ReadError::Io {
                path: path.to_string(),
                source: std::io::Error::other("is a directory"),
            });
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge {
                path: path.to_string(),
                size: meta.len(),
                limit: MAX_FILE_BYTES,
            });
        }
        std::fs::read(path).map_err(|source| ReadError::Io {
            path: path.to_string(),
            source,
        })?
    })
}

/// The content hash a document built from `bytes` gets (hex SHA-256), computed without
/// decoding them, so an unchanged file can be recognised cheaply.
pub fn content_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Build a document from raw bytes: detect the format, refuse binaries, decode lossily.
pub fn document_from_bytes(
    path: &str,
    bytes: &[u8],
    forced: Option<Format>,
) -> Result<Document, ReadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_string(),
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    let ext_format = format_from_extension(path);
    if forced.is_none() && (is_zip(bytes) || ext_format == Some(Format::Docx)) {
        let text = docx::to_text(bytes).map_err(|source| ReadError::Docx {
            path: path.to_string(),
            source,
        })?;
        return Ok(Document::new(
            path,
            Format::Docx,
            text,
            hex(&Sha256::digest(bytes)),
        ));
    }
    if let Some(offset) = memchr::memchr(0, &bytes[..bytes.len().min(64 * 1024)]) {
        return Err(ReadError::Binary {
            path: path.to_string(),
            offset,
        });
    }
    let hash = hex(&Sha256::digest(bytes));
    let (text, invalid_at) = match std::str::from_utf8(bytes) {
        Ok(s) => (s.strip_prefix('\u{feff}').unwrap_or(s).to_string(), None),
        Err(e) => (
            String::from_utf8_lossy(bytes).into_owned(),
            Some(e.valid_up_to()),
        ),
    };
    let format = forced
        .or(ext_format)
        .unwrap_or_else(|| format_from_content(&text));
    let mut doc = Document::new(path, format, text, hash);
    doc.invalid_utf8_at = invalid_at;
    Ok(doc)
}

/// The format a file extension names, if any.
pub fn format_from_extension(path: &str) -> Option<Format> {
    let ext = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "txt" | "text" => Format::Text,
        "md" | "markdown" | "mdown" | "mkd" | "qmd" | "rmd" => Format::Markdown,
        "html" | "htm" | "xhtml" => Format::Html,
        "tex" | "latex" | "ltx" => Format::Latex,
        "docx" => Format::Docx,
        _ => return None,
    })
}

/// Guess a format from the text itself (used for stdin and unknown extensions).
pub fn format_from_content(text: &str) -> Format {
    let head: String = text.chars().take(4096).collect();
    let lower = head.to_ascii_lowercase();
    if lower.contains("<html") || lower.contains("<!doctype html") || lower.contains("<p>") {
        Format::Html
    } else if head.contains("\\documentclass")
        || head.contains("\\footnote{")
        || head.contains("\\section{")
        || head.contains("\\begin{")
    {
        Format::Latex
    } else if head.contains("[^") || head.starts_with("---\n") || head.contains("\n# ") {
        Format::Markdown
    } else {
        Format::Text
    }
}

fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_input_is_refused_with_the_path() {
        let err = document_from_bytes("x.txt", b"abc\0def", None).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("x.txt: looks like a binary file"));
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_and_remembered() {
        let doc = document_from_bytes("x.txt", b"ok \xff there", None).unwrap();
        assert_eq!(doc.invalid_utf8_at, Some(3));
        assert!(doc.text.contains('\u{fffd}'));
    }

    #[test]
    fn format_comes_from_extension_then_content() {
        assert_eq!(format_from_extension("a/b.MD"), Some(Format::Markdown));
        assert_eq!(format_from_content("\\footnote{x}"), Format::Latex);
        assert_eq!(format_from_content("plain words"), Format::Text);
        let doc = document_from_bytes("-", b"<html><p>x</p></html>", None).unwrap();
        assert_eq!(doc.format, Format::Html);
    }

    #[test]
    fn broken_docx_names_the_file() {
        let err = document_from_bytes("a.docx", b"PK\x03\x04rest", None).unwrap_err();
        assert!(matches!(err, ReadError::Docx { .. }));
        assert!(
            err.to_string().starts_with("a.docx: not a readable DOCX"),
            "{err}"
        );
    }

    #[test]
    fn docx_reads_as_notes_text() {
        let bytes = docx::tests::docx(
            r#"<w:p><w:r><w:t>Claim.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#,
            Some(
                r#"<w:footnote w:id="1"><w:p><w:r><w:t>Ann Lee, “T,” Reuters, May 2, 2020.</w:t></w:r></w:p></w:footnote>"#,
            ),
            None,
        );
        let doc = document_from_bytes("a.docx", &bytes, None).unwrap();
        assert_eq!(doc.format, Format::Docx);
        assert!(doc.text.contains("[^1]: Ann Lee"));
    }
}
