//! Suppressions written in documents: `ibid-ignore: IB203, missing-url`.
//!
//! The comment syntax follows the format: `<!-- ibid-ignore: IB203 -->` in Markdown and
//! HTML, `% ibid-ignore: IB203` in LaTeX, a bare `ibid-ignore: IB203` anywhere on a line
//! of plain text. A suppression covers findings that start on its line, findings inside
//! the footnote that contains it, and — when the comment stands alone on its line — the
//! next non-blank line. `ibid-ignore-file: …` covers the whole document. Selectors are
//! codes, names or code prefixes, as in `ibid.toml`.

use super::settings::resolve_selector;
use super::Finding;
use crate::model::{Extraction, Format, Span};

use crate::parse::clean::SUPPRESSION as DIRECTIVE;

/// Where a suppression applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The whole document (`ibid-ignore-file:`).
    File,
    /// Byte ranges of the document: its line, its footnote, the next line.
    Ranges(Vec<Span>),
}

/// One selector of one suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub document: usize,
    /// The selector as written (`IB203`, `missing-url`, `IB2`).
    pub selector: String,
    /// The rule codes it names; empty when the selector names no rule.
    pub codes: Vec<&'static str>,
    /// The selector's own span, where an unused suppression is reported.
    pub span: Span,
    pub scope: Scope,
    pub footnote: Option<u32>,
}

/// Every suppression in a document.
pub fn find(document: usize, extraction: &Extraction) -> Vec<Suppression> {
    let doc = &extraction.document;
    let text = doc.text.as_str();
    if !text.contains("ibid-ignore") {
        return Vec::new();
    }
    let fences = if doc.format == Format::Markdown {
        code_fences(text)
    } else {
        Vec::new()
    };
    let mut out = Vec::new();
    for caps in DIRECTIVE.captures_iter(text) {
        let (Some(whole), Some(list)) = (caps.get(0), caps.get(2)) else {
            continue;
        };
        if fences
            .iter()
            .any(|f| f.start <= whole.start() && whole.start() < f.end)
        {
            continue; // an example in a code block, not a directive
        }
        let line_start = text[..whole.start()].rfind('\n').map_or(0, |i| i + 1);
        if doc.format == Format::Markdown
            && text[line_start..whole.start()].matches('`').count() % 2 == 1
        {
            continue; // inside inline code
        }
        let line_end = text[whole.end()..]
            .find('\n')
            .map_or(text.len(), |i| whole.end() + i);
        let before = &text[line_start..whole.start()];
        let Some(comment_start) = comment_opening(doc.format, before) else {
            continue;
        };
        let comment_start = line_start + comment_start;
        let scope = if caps.get(1).is_some() {
            Scope::File
        } else {
            let mut ranges = vec![Span::new(line_start, line_end)];
            let footnote = extraction
                .footnotes
                .iter()
                .find(|f| f.span.start <= whole.start() && whole.start() < f.span.end);
            if let Some(f) = footnote {
                ranges.push(f.span);
            }
            let alone = text[line_start..comment_start].trim().is_empty();
            if alone {
                if let Some(next) = next_nonblank_line(text, line_end) {
                    ranges.push(next);
                }
            }
            Scope::Ranges(ranges)
        };
        let footnote = extraction
            .footnotes
            .iter()
            .find(|f| f.span.start <= whole.start() && whole.start() < f.span.end)
            .and_then(|f| f.number);
        let mut offset = list.start();
        for token in list.as_str().split(|c: char| c == ',' || c.is_whitespace()) {
            let at = offset;
            offset += token.len() + 1;
            if token.is_empty() {
                continue;
            }
            out.push(Suppression {
                document,
                selector: token.to_string(),
                codes: resolve_selector(token).unwrap_or_default(),
                span: Span::new(at, at + token.len()),
                scope: scope.clone(),
                footnote,
            });
        }
    }
    out
}

/// Where the comment holding the directive opens, within `before` (the line up to the
/// directive), or `None` when the directive is not in a comment of this format.
fn comment_opening(format: Format, before: &str) -> Option<usize> {
    match format {
        Format::Markdown | Format::Html => {
            let open = before.rfind("<!--")?;
            (!before[open..].contains("-->")).then_some(open)
        }
        Format::Latex => {
            let bytes = before.as_bytes();
            (0..bytes.len()).find(|&i| bytes[i] == b'%' && (i == 0 || bytes[i - 1] != b'\\'))
        }
        // plain text has no comments: the directive itself is the marker
        Format::Text | Format::Docx => Some(before.len()),
    }
}

/// Byte ranges of fenced code blocks (```` ``` ```` or `~~~`) in Markdown.
fn code_fences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let marker = if t.starts_with("```") {
            Some("```")
        } else if t.starts_with("~~~") {
            Some("~~~")
        } else {
            None
        };
        match (open, marker) {
            (None, Some(m)) => open = Some((at, m)),
            (Some((start, m)), Some(m2)) if m == m2 => {
                out.push(Span::new(start, at + line.len()));
                open = None;
            }
            _ => {}
        }
        at += line.len();
    }
    if let Some((start, _)) = open {
        out.push(Span::new(start, text.len()));
    }
    out
}

fn next_nonblank_line(text: &str, from: usize) -> Option<Span> {
    let mut start = from;
    while start < text.len() {
        start += 1; // past the '\n'
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if !text[start..end].trim().is_empty() {
            return Some(Span::new(start, end));
        }
        start = end;
    }
    None
}

impl Suppression {
    /// Whether this suppression covers `finding`.
    pub fn covers(&self, finding: &Finding) -> bool {
        if finding.document != self.document || !self.codes.contains(&finding.code) {
            return false;
        }
        match &self.scope {
            Scope::File => true,
            Scope::Ranges(ranges) => ranges
                .iter()
                .any(|r| r.start <= finding.span.start && finding.span.start <= r.end),
        }
    }
}

/// Drop the findings covered by a suppression; return the suppressions that covered
/// nothing, in document order.
pub fn apply(findings: &mut Vec<Finding>, suppressions: &[Suppression]) -> Vec<Suppression> {
    if suppressions.is_empty() {
        return Vec::new();
    }
    let mut used = vec![false; suppressions.len()];
    apply_marking(findings, suppressions, &mut used);
    suppressions
        .iter()
        .zip(used)
        .filter(|(_, u)| !u)
        .map(|(s, _)| s.clone())
        .collect()
}

/// Drop the findings covered by a suppression, marking in `used` (one flag per
/// suppression) those that covered one: [`apply`] a part of a run at a time.
pub fn apply_marking(findings: &mut Vec<Finding>, suppressions: &[Suppression], used: &mut [bool]) {
    if suppressions.is_empty() {
        return;
    }
    findings.retain(|f| {
        let mut keep = true;
        for (s, used) in suppressions.iter().zip(used.iter_mut()) {
            if s.covers(f) {
                *used = true;
                keep = false;
            }
        }
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    fn ext(format: Format, text: &str) -> Extraction {
        Extraction {
            document: Document::new("d", format, text.to_string(), String::new()),
            explicit_callouts: false,
            footnotes: Vec::new(),
            callouts: Vec::new(),
        }
    }

    fn selectors(format: Format, text: &str) -> Vec<String> {
        find(0, &ext(format, text))
            .into_iter()
            .map(|s| s.selector)
            .collect()
    }

    #[test]
    fn each_format_has_its_comment_syntax() {
        let md = "Text.[^1]\n\n[^1]: A, B (2020). <!-- ibid-ignore: IB203, missing-author -->\n";
        assert_eq!(selectors(Format::Markdown, md), ["IB203", "missing-author"]);
        assert!(selectors(Format::Markdown, "ibid-ignore: IB203\n").is_empty());
        assert_eq!(
            selectors(Format::Latex, "x\\footnote{A} % ibid-ignore: missing-url\n"),
            ["missing-url"]
        );
        assert!(selectors(Format::Latex, "50\\% ibid-ignore: IB203\n").is_empty());
        assert_eq!(
            selectors(Format::Text, "12 A, B. ibid-ignore: IB2\n"),
            ["IB2"]
        );
        assert_eq!(
            selectors(Format::Html, "<p>x</p><!--ibid-ignore:IB301 IB302-->"),
            ["IB301", "IB302"]
        );
    }

    #[test]
    fn examples_in_markdown_code_are_not_directives() {
        let md = "```html\n<!-- ibid-ignore: IB203 -->\n```\nUse `<!-- ibid-ignore: IB203 -->` like this.\n<!-- ibid-ignore: IB204 -->\n";
        assert_eq!(selectors(Format::Markdown, md), ["IB204"]);
    }

    #[test]
    fn scope_is_the_line_the_footnote_or_the_next_line() {
        let text = "one\n<!-- ibid-ignore: IB203 -->\n\nthree\nfour\n";
        let e = ext(Format::Markdown, text);
        let s = find(0, &e);
        assert_eq!(s.len(), 1);
        let at = |needle: &str| text.find(needle).unwrap_or(0);
        let finding = |start: usize, code: &'static str| Finding {
            document: 0,
            code,
            rule: "",
            severity: crate::lint::Severity::Warning,
            span: Span::new(start, start + 1),
            footnote: None,
            message: String::new(),
            help: None,
        };
        assert!(
            s[0].covers(&finding(at("three"), "IB203")),
            "next non-blank line"
        );
        assert!(!s[0].covers(&finding(at("four"), "IB203")));
        assert!(!s[0].covers(&finding(at("one"), "IB203")));
        assert!(!s[0].covers(&finding(at("three"), "IB204")), "other rule");
        let file = find(0, &ext(Format::Text, "ibid-ignore-file: IB2\nx\ny\n"));
        assert_eq!(file[0].scope, Scope::File);
        assert!(file[0].covers(&finding(20, "IB204")));
    }

    #[test]
    fn unknown_selectors_resolve_to_nothing_and_unused_ones_come_back() {
        let e = ext(Format::Text, "a ibid-ignore: IB999, IB203\n");
        let s = find(0, &e);
        assert!(s[0].codes.is_empty());
        assert_eq!(s[1].codes, ["IB203"]);
        assert_eq!(&e.document.text[s[1].span.start..s[1].span.end], "IB203");
        let mut findings = Vec::new();
        let unused = apply(&mut findings, &s);
        assert_eq!(unused.len(), 2);
    }
}
