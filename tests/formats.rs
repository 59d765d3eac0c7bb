//! Every input format yields the same citations as its Markdown source, and positions
//! point at each citation's first character. Fixtures: `tests/fixtures/news-notes.md`
//! and the DOCX/HTML pandoc 2.17 made from it (`pandoc news-notes.md -o news-notes.docx`,
//! `pandoc news-notes.md -s -o news-notes.html`).

use ibid::extract::extract;
use ibid::model::Extraction;
use ibid::outlets::Registry;
use ibid::read::read_path;

fn load(name: &str) -> Extraction {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    extract(
        read_path(&path, None).expect("fixture reads"),
        Registry::builtin(),
    )
}

/// The comparable fields of every citation, note by note.
fn fields(ex: &Extraction) -> Vec<(Option<u32>, Vec<String>)> {
    ex.footnotes
        .iter()
        .map(|f| {
            let cits = f
                .citations
                .iter()
                .map(|c| {
                    format!(
                        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
                        c.authors.iter().map(|p| p.display()).collect::<Vec<_>>(),
                        c.title,
                        c.outlet.as_ref().and_then(|o| o.id.clone()),
                        c.date.as_ref().and_then(|d| d.iso.clone()),
                        c.url,
                        c.signal,
                        c.short_form.as_ref().map(|s| s.kind),
                    )
                })
                .collect();
            (f.number, cits)
        })
        .collect()
}

#[test]
fn markdown_html_and_docx_agree() {
    let md = load("news-notes.md");
    assert_eq!(md.footnotes.len(), 4);
    assert_eq!(md.citation_count(), 5);
    let expected = fields(&md);
    for other in ["news-notes.html", "news-notes.docx"] {
        let ex = load(other);
        assert_eq!(
            fields(&ex),
            expected,
            "{other} differs from the Markdown source"
        );
        assert_eq!(ex.callouts.len(), 4, "{other}: callouts");
        assert!(ex.explicit_callouts, "{other}");
    }
}

#[test]
fn citation_positions_point_at_their_first_character() {
    for name in ["news-notes.md", "news-notes.html", "news-notes.docx"] {
        let ex = load(name);
        let text = &ex.document.text;
        let first = &ex.footnotes[0].citations[0];
        let at = &text[first.span.start..];
        assert!(
            at.starts_with("Mujib Mashal"),
            "{name}: span starts at {:?}",
            &at[..at.len().min(30)]
        );
        let cnn = &ex.footnotes[1].citations[1];
        let at = &text[cnn.span.start..];
        // the signal is italic markup in Markdown/HTML; the citation starts at the signal
        assert!(
            at.trim_start_matches(['*', '<', 'e', 'm', '>'])
                .starts_with("see also"),
            "{name}: {:?}",
            &at[..at.len().min(30)]
        );
        let pos = ex.document.position(first.span.start);
        assert_eq!(
            ex.document
                .lines
                .line_text(text, pos.line)
                .chars()
                .nth(pos.column - 1),
            Some('M'),
            "{name}"
        );
    }
}

#[test]
fn findings_in_html_point_into_the_html_file() {
    let ex = load("news-notes.html");
    let c = &ex.footnotes[1].citations[0];
    let pos = ex.document.position(c.span.start);
    let line = ex.document.lines.line_text(&ex.document.text, pos.line);
    assert!(line.contains("Susannah George"), "{line}");
}
