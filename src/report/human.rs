//! Human output: rustc-style diagnostics for `check`, a readable listing for `extract`.
//!
//! Diagnostics are drawn by annotate-snippets. Only the lines a span touches are handed
//! to it (with their real line numbers), and the renderer's width limit trims very long
//! lines (flattened text has 5,000-character lines) to a window around the span, marked
//! with `...`; the `-->` location keeps the real line and character column.

use super::location::{self, clamp_span};
use super::summary::Summary;
use super::{CheckedDocument, FindingSource};
use crate::lint::{Finding, Severity};
use crate::model::{Citation, DateField, Document, Extraction, Footnote, Span};
use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Renderer, Snippet};
use std::fmt::Write as _;

/// Width the source window is trimmed to (the span stays visible, centred when the
/// line is longer).
pub const WINDOW_WIDTH: usize = 140;

/// Every finding as a rustc-style diagnostic, then the summary line. Ends with a newline.
/// `color` adds ANSI styles; the caller decides (terminal, `NO_COLOR`).
pub fn check_human<D: CheckedDocument, F: FindingSource + ?Sized>(
    extractions: &[D],
    findings: &F,
    color: bool,
) -> String {
    check_human_skipped(extractions, findings, color, 0)
}

/// [`check_human`], counting `skipped` unsupported files in the summary line.
pub fn check_human_skipped<D: CheckedDocument, F: FindingSource + ?Sized>(
    extractions: &[D],
    findings: &F,
    color: bool,
    skipped: usize,
) -> String {
    super::to_string(|w| write_check_human(w, extractions, findings, color, skipped))
}

/// [`check_human_skipped`] written to `out` a finding at a time.
pub fn write_check_human<D: CheckedDocument, F: FindingSource + ?Sized>(
    out: &mut dyn std::io::Write,
    extractions: &[D],
    findings: &F,
    color: bool,
    skipped: usize,
) -> std::io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(WINDOW_WIDTH);
    for finding in findings.each() {
        let doc = extractions.get(finding.document).map(D::document);
        out.write_all(render_finding(&renderer, doc.as_deref(), &finding).as_bytes())?;
        out.write_all(b"\n\n")?;
    }
    let mut summary = Summary::with_totals(extractions, &findings.totals());
    summary.skipped = skipped;
    writeln!(out, "{}", summary.line())
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn render_finding(renderer: &Renderer, doc: Option<&Document>, finding: &Finding) -> String {
    if let Some(doc) = doc {
        if touches_huge_line(doc, finding.span) {
            return render_on_huge_line(doc, finding);
        }
    }
    let title = level(finding.severity)
        .primary_title(finding.message.as_str())
        .id(finding.code);
    let mut group: Group<'_> = match doc {
        Some(doc) => title.elements(snippets(doc, finding.span)),
        None => Group::with_title(title),
    };
    if let Some(help) = &finding.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    if let Some(n) = finding.footnote {
        group = group.element(Level::NOTE.message(format!("in footnote {n}")));
    }
    group = group.element(Level::NOTE.message(format!("rule {}", finding.rule)));
    renderer.render(&[group])
}

/// The source view of `span`: one snippet over the lines it touches, or, when a
/// multi-line span touches a line too long to show whole, one snippet for the line where
/// it starts and one (marked "ends here") for the line where it ends, each windowed by
/// the renderer. Spans are clamped to character boundaries so the renderer cannot panic.
fn snippets<'a>(doc: &'a Document, span: Span) -> Vec<Snippet<'a, Annotation<'a>>> {
    let text = doc.text.as_str();
    let span = clamp_span(text, span);
    let first_line = doc.position(span.start).line;
    // A span ending right after a newline ends on the line before, not the next one.
    let last_line = doc
        .position(span.end.saturating_sub(1).max(span.start))
        .line;
    let too_long = (first_line..=last_line)
        .any(|l| doc.lines.line_text(text, l).chars().count() > WINDOW_WIDTH);
    if first_line == last_line || !too_long {
        let (source, local) = excerpt(doc, first_line, last_line, span);
        return vec![Snippet::source(source)
            .line_start(first_line)
            .path(doc.path.as_str())
            .annotation(AnnotationKind::Primary.span(local.start..local.end))];
    }
    let first_end = doc.lines.line_start(first_line).map_or(span.start, |s| {
        s + doc.lines.line_text(text, first_line).len()
    });
    let head = Span {
        start: span.start,
        end: first_end.max(span.start),
    };
    let tail = Span {
        start: doc
            .lines
            .line_start(last_line)
            .unwrap_or(span.end)
            .min(span.end),
        end: span.end,
    };
    let (head_src, head_local) = excerpt(doc, first_line, first_line, head);
    let (tail_src, tail_local) = excerpt(doc, last_line, last_line, tail);
    vec![
        Snippet::source(head_src)
            .line_start(first_line)
            .path(doc.path.as_str())
            .annotation(AnnotationKind::Primary.span(head_local.start..head_local.end)),
        Snippet::source(tail_src)
            .line_start(last_line)
            .path(doc.path.as_str())
            .annotation(
                AnnotationKind::Context
                    .span(tail_local.start..tail_local.end)
                    .label("ends here"),
            ),
    ]
}

/// Lines longer than this are not handed to the renderer (it would scan them whole for
/// every finding, which is quadratic on a document that is one 50 MB line).
const HUGE_LINE: usize = 8192;

fn touches_huge_line(doc: &Document, span: Span) -> bool {
    let text = doc.text.as_str();
    let span = clamp_span(text, span);
    let line = doc.position(span.start).line;
    let start = doc.lines.line_start(line).unwrap_or(0);
    let end = doc.lines.line_start(line + 1).unwrap_or(text.len());
    end - start > HUGE_LINE
}

/// The same diagnostic layout, drawn by hand over a window of the line around the span.
fn render_on_huge_line(doc: &Document, finding: &Finding) -> String {
    let text = doc.text.as_str();
    let span = clamp_span(text, finding.span);
    let pos = doc.position(span.start);
    let line_start = doc.lines.line_start(pos.line).unwrap_or(0);
    let line_end = doc
        .lines
        .line_start(pos.line + 1)
        .map_or(text.len(), |e| e - 1);
    let floor = |i: usize| crate::model::floor_char_boundary(text, i);
    let win_start = floor(span.start.saturating_sub(240).max(line_start));
    let win_end = floor((span.start + 480).min(line_end).max(span.start));
    let before: String = text[win_start..span.start]
        .chars()
        .rev()
        .take(60)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let span_text: String = text[span.start..span.end.min(win_end).max(span.start)]
        .chars()
        .take_while(|c| *c != '\n')
        .take(WINDOW_WIDTH - 60)
        .collect();
    let after: String = text[(span.start + span_text.len()).min(win_end)..win_end]
        .chars()
        .take_while(|c| *c != '\n')
        .take(20)
        .collect();
    let gutter = pos.line.to_string();
    let pad = " ".repeat(gutter.len());
    let lead = if win_start > line_start || before.len() < text[win_start..span.start].len() {
        "..."
    } else {
        ""
    };
    let carets = "^".repeat(span_text.chars().count().max(1));
    let mut out = format!(
        "{}[{}]: {}\n",
        finding.severity.as_str(),
        finding.code,
        finding.message
    );
    let _ = writeln!(out, "{pad}--> {}:{}:{}", doc.path, pos.line, pos.column);
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{gutter} | {lead}{before}{span_text}{after}...");
    let _ = writeln!(
        out,
        "{pad} | {}{}{carets}",
        " ".repeat(lead.len()),
        " ".repeat(before.chars().count())
    );
    let _ = writeln!(out, "{pad} |");
    if let Some(help) = &finding.help {
        let _ = writeln!(out, "{pad} = help: {help}");
    }
    if let Some(n) = finding.footnote {
        let _ = writeln!(out, "{pad} = note: in footnote {n}");
    }
    let _ = write!(out, "{pad} = note: rule {}", finding.rule);
    out
}

/// Lines `first..=last` (whole, terminators included) and `span` relative to them.
/// `span` must be clamped and lie within those lines.
fn excerpt(doc: &Document, first: usize, last: usize, span: Span) -> (&str, Span) {
    let text = doc.text.as_str();
    let start = doc.lines.line_start(first).unwrap_or(0).min(span.start);
    let end = doc
        .lines
        .line_start(last + 1)
        .unwrap_or(text.len())
        .max(span.end);
    let source = text.get(start..end).unwrap_or("");
    let local = Span {
        start: span.start - start,
        end: span.end - start,
    };
    (source, local)
}

/// `ibid extract` for people: per document, each footnote with its citations' fields,
/// then the callouts. Ends with a newline.
pub fn extract_human(extractions: &[Extraction]) -> String {
    let mut out = String::new();
    for (i, extraction) in extractions.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        document_listing(&mut out, extraction);
    }
    out
}

fn document_listing(out: &mut String, extraction: &Extraction) {
    let doc = &extraction.document;
    let _ = writeln!(
        out,
        "{} ({}): {} footnotes, {} citations, {} callouts",
        doc.path,
        doc.format.as_str(),
        extraction.footnotes.len(),
        extraction.citation_count(),
        extraction.callouts.len()
    );
    for footnote in &extraction.footnotes {
        footnote_listing(out, doc, footnote);
    }
    if extraction.callouts.is_empty() {
        return;
    }
    out.push_str("callouts:\n");
    for callout in &extraction.callouts {
        let at = location::range(doc, callout.span).start;
        let _ = writeln!(out, "  [{}] {}:{}", callout.label, at.line, at.column);
    }
}

fn footnote_listing(out: &mut String, doc: &Document, footnote: &Footnote) {
    let at = location::range(doc, footnote.marker_span).start;
    let _ = writeln!(out, "[{}] {}:{}", footnote.label, at.line, at.column);
    if footnote.citations.is_empty() {
        out.push_str("  (no citations)\n");
    }
    for (i, citation) in footnote.citations.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}", i + 1, citation_line(citation));
    }
}

/// `Mujib Mashal — "Title" — N.Y. Times → The New York Times — 2020-04-24 (day) — no URL`,
/// with the signal in front and kind, pinpoint and short form after when present.
pub fn citation_line(c: &Citation) -> String {
    if !c.parsed && c.short_form.is_none() {
        return format!("(unparsed) {}", collapse_ws(&c.text));
    }
    let mut parts: Vec<String> = Vec::new();
    let authors = if c.authors.is_empty() {
        "no author".to_string()
    } else {
        c.authors
            .iter()
            .map(|p| p.display())
            .collect::<Vec<_>>()
            .join(" & ")
    };
    parts.push(match &c.signal {
        Some(signal) => format!("{signal} {authors}"),
        None => authors,
    });
    parts.push(match &c.title {
        Some(t) => format!("\"{t}\""),
        None => "no title".into(),
    });
    parts.push(match &c.outlet {
        Some(o) => format!(
            "{} → {}",
            o.as_written,
            o.name.as_deref().unwrap_or("unknown outlet")
        ),
        None => "no outlet".into(),
    });
    parts.push(match &c.date {
        Some(d) => date_text(d),
        None => "no date".into(),
    });
    parts.push(match &c.url {
        Some(u) => u.clone(),
        None => "no URL".into(),
    });
    if let Some(pin) = &c.pinpoint {
        parts.push(format!("at {pin}"));
    }
    if let Some(sf) = &c.short_form {
        let kind = sf.kind.as_str();
        let mut s = match sf.note {
            Some(n) => format!("{kind} note {n}"),
            None => kind.to_string(),
        };
        match sf.resolves_to {
            Some(t) => {
                let _ = write!(s, " → [{}] #{}", t.footnote, t.citation + 1);
            }
            None => s.push_str(" → unresolved"),
        }
        parts.push(s);
    }
    format!("{} ({})", parts.join(" — "), c.kind.as_str())
}

fn date_text(d: &DateField) -> String {
    match (&d.iso, d.precision) {
        (Some(iso), Some(p)) => {
            let p = match p {
                crate::model::DatePrecision::Year => "year",
                crate::model::DatePrecision::Month => "month",
                crate::model::DatePrecision::Day => "day",
            };
            format!("{iso} ({p})")
        }
        (Some(iso), None) => iso.clone(),
        _ => format!("{} (unreadable)", collapse_ws(&d.as_written)),
    }
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn check_human_snapshot() {
        let (extractions, findings) = fixture::sample();
        insta::assert_snapshot!(check_human(&extractions, &findings, false));
    }

    #[test]
    fn extract_human_snapshot() {
        let (extractions, _) = fixture::sample();
        insta::assert_snapshot!(extract_human(&extractions));
    }

    #[test]
    fn long_lines_are_windowed_not_printed_whole() {
        let (extractions, findings) = fixture::sample();
        let out = check_human(&extractions, &findings, false);
        let longest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(longest <= WINDOW_WIDTH + 20, "a line of {longest} chars");
        assert!(
            out.contains("--> docs/sample.txt:3:1511"),
            "real column kept:\n{out}"
        );
        assert!(out.contains("(4, 2020)"), "span visible in window");
    }

    #[test]
    fn multibyte_text_keeps_character_columns() {
        let (extractions, findings) = fixture::sample();
        let out = check_human(&extractions, &findings[1..2], false);
        assert!(out.contains("--> docs/sample.txt:2:40"), "{out}");
        assert!(
            out.contains("= help: write it as `N.Y. Times` everywhere"),
            "{out}"
        );
        assert!(
            out.contains("= note: rule inconsistent-outlet-name"),
            "{out}"
        );
        assert!(out.contains("= note: in footnote 1"), "{out}");
    }

    #[test]
    fn colour_only_when_asked() {
        let (extractions, findings) = fixture::sample();
        assert!(!check_human(&extractions, &findings, false).contains('\u{1b}'));
        assert!(check_human(&extractions, &findings, true).contains('\u{1b}'));
    }

    #[test]
    fn bad_spans_and_missing_documents_do_not_panic() {
        let (extractions, mut findings) = fixture::sample();
        let t = &extractions[0].document.text;
        let e_acute = t.find('é').unwrap_or_default();
        findings[0].span = Span {
            start: e_acute + 1,
            end: e_acute + 1,
        };
        findings[1].span = Span {
            start: t.len() + 10,
            end: t.len() + 3,
        };
        findings[2].document = 9;
        let out = check_human(&extractions, &findings[..3], false);
        assert!(out.contains("error[IB104]"));
        assert!(out.contains("warning[IB202]: date `4, 2020` lacks a month"));
    }

    #[test]
    fn multi_line_spans_over_long_lines_are_windowed() {
        let (extractions, mut findings) = fixture::sample();
        let t = &extractions[0].document.text;
        let from = t.find("Doe, supra").unwrap_or_default();
        let to = t.find("Mujib").unwrap_or_default();
        findings[0].span = Span {
            start: from,
            end: to,
        };
        let xs = t.find("xxxx").unwrap_or_default();
        findings[1].span = Span {
            start: xs + 10,
            end: xs + 2900,
        };
        let out = check_human(&extractions, &findings[..2], false);
        let longest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(
            longest <= WINDOW_WIDTH + 20,
            "a line of {longest} chars:\n{out}"
        );
        assert!(out.contains("--> docs/sample.txt:3:1525"), "{out}");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn no_findings_prints_only_the_summary() {
        let (extractions, _) = fixture::sample();
        assert_eq!(
            check_human(&extractions, &[], false),
            "no findings in 1 document (3 footnotes, 4 citations)\n"
        );
    }

    #[test]
    fn unparsed_citation_shows_its_text() {
        let c = Citation::unparsed("Some  odd\nthing".into(), Span::default());
        assert_eq!(citation_line(&c), "(unparsed) Some odd thing");
    }
}
