//! DOCX → Markdown-shaped text: body paragraphs one per line with `[^n]` at each
//! footnote/endnote reference, then one `[^n]: …` definition per note. Hyperlinks (both
//! `w:hyperlink` relationships and `HYPERLINK` field codes) become `[text](url)`.
//!
//! DOCX has no lines of its own; in this text a line is a paragraph, so a finding's
//! `line` is the paragraph (body paragraphs first, then one per note paragraph).
//! Limits guard against zip bombs: no part may inflate beyond [`MAX_PART_BYTES`].

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The largest uncompressed size accepted for one XML part.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DocxError {
    #[error("not a readable DOCX (zip) file: {0}")]
    Zip(String),
    #[error("the DOCX has no word/document.xml part (is it a Word document?)")]
    NoDocument,
    #[error("the DOCX part {part} inflates to more than {limit} bytes; refusing it (zip bomb?)")]
    TooLarge { part: String, limit: u64 },
    #[error("the DOCX part {part} is not well-formed XML: {message}")]
    Xml { part: String, message: String },
}

/// Convert DOCX bytes to the Markdown-shaped text described above.
pub fn to_text(bytes: &[u8]) -> Result<String, DocxError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::Zip(e.to_string()))?;
    let document = read_part(&mut zip, "word/document.xml")?.ok_or(DocxError::NoDocument)?;
    let rels = |zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
                name: &str|
     -> Result<HashMap<String, String>, DocxError> {
        Ok(read_part(zip, name)?
            .map(|x| relationships(&x))
            .unwrap_or_default())
    };
    let doc_rels = rels(&mut zip, "word/_rels/document.xml.rels")?;
    let body = paragraphs("word/document.xml", &document, &doc_rels, None)?;
    let mut notes: Vec<(String, Vec<String>)> = Vec::new(); // (marker key, paragraphs)
    for (part, kind) in [("word/footnotes.xml", "f"), ("word/endnotes.xml", "e")] {
        let Some(xml) = read_part(&mut zip, part)? else {
            continue;
        };
        let rel_name = part.replace("word/", "word/_rels/") + ".rels";
        let note_rels = rels(&mut zip, &rel_name)?;
        let element = if kind == "f" { "footnote" } else { "endnote" };
        for (id, paras) in notes_of(part, &xml, element, &note_rels)? {
            notes.push((format!("{kind}{id}"), paras));
        }
    }
    // display numbers: order of first reference in the body
    let mut order: Vec<String> = Vec::new();
    for p in &body {
        let mut rest = p.as_str();
        while let Some(i) = rest.find("[^\u{1}") {
            let after = &rest[i + 3..];
            let end = after.find(']').unwrap_or(after.len());
            let key = after[..end].to_string();
            if !order.contains(&key) {
                order.push(key);
            }
            rest = &after[end..];
        }
    }
    for (key, _) in &notes {
        if !order.contains(key) {
            order.push(key.clone());
        }
    }
    let has_footnotes = notes.iter().any(|(k, _)| k.starts_with('f'));
    let mut labels: HashMap<&str, String> = HashMap::new();
    let (mut f, mut e) = (0, 0);
    for key in &order {
        let label = if key.starts_with('f') || !has_footnotes {
            f += 1;
            f.to_string()
        } else {
            e += 1;
            format!("e{e}")
        };
        labels.insert(key.as_str(), label);
    }
    let relabel = |s: &str| -> String {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(i) = rest.find("[^\u{1}") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 3..];
            let end = after.find(']').unwrap_or(after.len());
            let key = &after[..end];
            out.push_str("[^");
            out.push_str(labels.get(key).map(String::as_str).unwrap_or(key));
            rest = &after[end..];
        }
        out.push_str(rest);
        out
    };
    let mut out = String::new();
    for p in &body {
        out.push_str(&relabel(p));
        out.push('\n');
    }
    for key in &order {
        let Some((_, paras)) = notes.iter().find(|(k, _)| k == key) else {
            continue;
        };
        let label = labels.get(key.as_str()).cloned().unwrap_or_default();
        out.push('\n');
        out.push_str(&format!("[^{label}]: "));
        out.push_str(&paras.join("\n\n    "));
        out.push('\n');
    }
    Ok(out)
}

fn read_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, DocxError> {
    let mut file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DocxError::Zip(e.to_string())),
    };
    if file.size() > MAX_PART_BYTES {
        return Err(DocxError::TooLarge {
            part: name.to_string(),
            limit: MAX_PART_BYTES,
        });
    }
    let mut buf = Vec::new();
    (&mut file)
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| DocxError::Zip(format!("{name}: {e}")))?;
    if buf.len() as u64 > MAX_PART_BYTES {
        return Err(DocxError::TooLarge {
            part: name.to_string(),
            limit: MAX_PART_BYTES,
        });
    }
    Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
}

fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.local_name();
        (key.as_ref() == local).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default()
        })
    })
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// `Id → Target` of a relationships part.
fn relationships(xml: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(xml);
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Empty(e) | Event::Start(e) if local(&e) == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    out.insert(id, target);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The notes of a footnotes/endnotes part: (id, paragraphs), separators skipped.
fn notes_of(
    part: &str,
    xml: &str,
    element: &str,
    rels: &HashMap<String, String>,
) -> Result<Vec<(String, Vec<String>)>, DocxError> {
    let mut out = Vec::new();
    let mut reader = Reader::from_str(xml);
    loop {
        let before = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(|e| DocxError::Xml {
            part: part.to_string(),
            message: e.to_string(),
        })?;
        match ev {
            Event::Start(e) if local(&e) == element => {
                let id = attr(&e, "id").unwrap_or_default();
                let kind = attr(&e, "type").unwrap_or_default();
                let from = before;
                // find the end of this note element, then parse its paragraphs
                let mut depth = 1;
                loop {
                    match reader.read_event().map_err(|e| DocxError::Xml {
                        part: part.to_string(),
                        message: e.to_string(),
                    })? {
                        Event::Start(x) if local(&x) == element => depth += 1,
                        Event::End(x) if x.local_name().as_ref() == element => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        Event::Eof => break,
                        _ => {}
                    }
                }
                let to = reader.buffer_position() as usize;
                if matches!(
                    kind.as_str(),
                    "separator" | "continuationSeparator" | "continuationNotice"
                ) {
                    continue;
                }
                let paras = paragraphs(part, &xml[from..to.min(xml.len())], rels, Some(element))?;
                let paras: Vec<String> = paras
                    .into_iter()
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect();
                if !paras.is_empty() {
                    out.push((id, paras));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Paragraph texts of a part. In the body, note references become `[^\u{1}f3]` (a key
/// relabelled later).
fn paragraphs(
    part: &str,
    xml: &str,
    rels: &HashMap<String, String>,
    in_note: Option<&str>,
) -> Result<Vec<String>, DocxError> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut para = String::new();
    let mut in_text = false;
    let mut in_instr = false;
    let mut instr = String::new();
    let mut field_url: Option<String> = None;
    let mut field_start: Option<usize> = None;
    let mut link: Option<(usize, String)> = None;
    loop {
        let ev = reader.read_event().map_err(|e| DocxError::Xml {
            part: part.to_string(),
            message: e.to_string(),
        })?;
        match ev {
            Event::Start(e) | Event::Empty(e) => match local(&e).as_str() {
                "t" => in_text = true,
                "instrText" => in_instr = true,
                "tab" => para.push('\t'),
                "br" | "cr" => para.push(' '),
                "footnoteReference" if in_note.is_none() => {
                    para.push_str(&format!("[^\u{1}f{}]", attr(&e, "id").unwrap_or_default()));
                }
                "endnoteReference" if in_note.is_none() => {
                    para.push_str(&format!("[^\u{1}e{}]", attr(&e, "id").unwrap_or_default()));
                }
                "hyperlink" => {
                    let url = attr(&e, "id").and_then(|id| rels.get(&id).cloned());
                    if let Some(u) = url {
                        link = Some((para.len(), u));
                    }
                }
                "fldChar" => match attr(&e, "fldCharType").as_deref() {
                    Some("begin") => {
                        instr.clear();
                        field_url = None;
                    }
                    Some("separate") => {
                        field_url = hyperlink_field(&instr);
                        field_start = Some(para.len());
                    }
                    Some("end") => {
                        if let (Some(u), Some(s)) = (field_url.take(), field_start.take()) {
                            wrap_link(&mut para, s, &u);
                        }
                    }
                    _ => {}
                },
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "instrText" => in_instr = false,
                "hyperlink" => {
                    if let Some((s, u)) = link.take() {
                        wrap_link(&mut para, s, &u);
                    }
                }
                "p" => {
                    out.push(std::mem::take(&mut para).replace('\n', " "));
                }
                _ => {}
            },
            Event::Text(t) => {
                let s = t.xml10_content();
                if in_text {
                    para.push_str(&s);
                } else if in_instr {
                    instr.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    if in_text {
                        para.push(c);
                    } else if in_instr {
                        instr.push(c);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !para.trim().is_empty() {
        out.push(para);
    }
    Ok(out)
}

/// `HYPERLINK "https://…"` in a field instruction.
fn hyperlink_field(instr: &str) -> Option<String> {
    let rest = instr.trim().strip_prefix("HYPERLINK")?.trim();
    let url = rest.trim_start_matches('"').split('"').next()?.trim();
    (!url.is_empty() && !url.starts_with('\\')).then(|| url.to_string())
}

/// Turn `para[start..]` into `[text](url)`, or append the URL when the text is the URL.
fn wrap_link(para: &mut String, start: usize, url: &str) {
    let text = para[start..].to_string();
    if text.trim().is_empty() || !url.starts_with("http") {
        return;
    }
    para.truncate(start);
    if text.trim() == url {
        para.push_str(&text);
    } else {
        para.push_str(&format!("[{text}]({url})"));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal DOCX with the given document and footnotes XML bodies.
    pub(crate) fn docx(
        body: &str,
        footnotes: Option<&str>,
        footnote_rels: Option<&str>,
    ) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default();
            let ns = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
            z.start_file("word/document.xml", opts).unwrap();
            write!(
                z,
                r#"<?xml version="1.0"?><w:document {ns}><w:body>{body}</w:body></w:document>"#
            )
            .unwrap();
            if let Some(f) = footnotes {
                z.start_file("word/footnotes.xml", opts).unwrap();
                write!(z, r#"<?xml version="1.0"?><w:footnotes {ns}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>{f}</w:footnotes>"#).unwrap();
            }
            if let Some(r) = footnote_rels {
                z.start_file("word/_rels/footnotes.xml.rels", opts).unwrap();
                write!(z, r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{r}</Relationships>"#).unwrap();
            }
            z.finish().unwrap();
        }
        buf.into_inner()
    }

    #[test]
    fn footnotes_references_and_hyperlinks() {
        let body = r#"<w:p><w:r><w:t>A claim.</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r><w:r><w:t xml:space="preserve"> Another &amp; more.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#;
        let notes = r#"<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Ann Lee, “A Title,” Reuters, May 2, 2020, </w:t></w:r><w:hyperlink r:id="rId1"><w:r><w:t>link</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Id. at 5.</w:t></w:r></w:p></w:footnote>"#;
        let rels = r#"<Relationship Id="rId1" Type="hyperlink" Target="https://www.reuters.com/a" TargetMode="External"/>"#;
        let text = to_text(&docx(body, Some(notes), Some(rels))).unwrap();
        assert_eq!(
            text,
            "A claim.[^1] Another & more.[^2]\n\n[^1]: Ann Lee, “A Title,” Reuters, May 2, 2020, [link](https://www.reuters.com/a).\n\n[^2]: Id. at 5.\n"
        );
    }

    #[test]
    fn hyperlink_fields() {
        let body = r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "https://x.org/a" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>https://x.org/a</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#;
        assert_eq!(
            to_text(&docx(body, None, None)).unwrap(),
            "https://x.org/a\n"
        );
    }

    #[test]
    fn broken_files_are_errors_not_panics() {
        assert!(matches!(
            to_text(b"PK\x03\x04 truncated"),
            Err(DocxError::Zip(_))
        ));
        let good = docx("<w:p><w:r><w:t>x</w:t></w:r></w:p>", None, None);
        assert!(to_text(&good[..good.len() / 2]).is_err());
        let bad_xml = docx("<w:p><w:r><w:t>x</w:r></w:p>", None, None);
        assert!(matches!(to_text(&bad_xml), Err(DocxError::Xml { .. })));
    }
}
