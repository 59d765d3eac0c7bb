//! `--format github`: GitHub Actions workflow commands, shown as annotations on the
//! pull request: `::warning file=…,line=…,col=…,title=IB301 inconsistent-outlet-name::…`.

use super::location;
use super::summary::Summary;
use super::{CheckedDocument, FindingSource};
use crate::lint::Severity;

/// One workflow command per finding, then the summary as a plain log line.
pub fn check_github<D: CheckedDocument, F: FindingSource + ?Sized>(
    extractions: &[D],
    findings: &F,
    skipped: usize,
) -> String {
    super::to_string(|w| write_check_github(w, extractions, findings, skipped))
}

/// [`check_github`] written to `out` a command at a time.
pub fn write_check_github<D: CheckedDocument, F: FindingSource + ?Sized>(
    out: &mut dyn std::io::Write,
    extractions: &[D],
    findings: &F,
    skipped: usize,
) -> std::io::Result<()> {
    for f in findings.each() {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(doc) = extractions.get(f.document).map(D::document) {
            let r = location::range(&doc, f.span);
            props.push(format!("file={}", escape_property(&doc.path)));
            props.push(format!("line={}", r.start.line));
            props.push(format!("col={}", r.start.column));
            props.push(format!("endLine={}", r.end.line));
            props.push(format!("endColumn={}", r.end.column));
        }
        props.push(format!(
            "title={}",
            escape_property(&format!("{} {}", f.code, f.rule))
        ));
        let mut message = f.message.clone();
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            escape_data(&message)
        )?;
    }
    let mut summary = Summary::with_totals(extractions, &findings.totals());
    summary.skipped = skipped;
    writeln!(out, "{}", summary.line())
}

/// Escape a command's message: `%`, `\r`, `\n`.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value: as data, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn escaping_follows_the_workflow_command_syntax() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
        // `%` first, so escapes are not escaped twice
        assert_eq!(escape_property("%3A"), "%253A");
    }

    #[test]
    fn one_command_per_finding_with_location_and_title() {
        let (extractions, findings) = fixture::sample();
        let out = check_github(&extractions, &findings, 0);
        let commands: Vec<&str> = out.lines().filter(|l| l.starts_with("::")).collect();
        assert_eq!(commands.len(), findings.len());
        for c in &commands {
            assert!(
                c.starts_with("::error ")
                    || c.starts_with("::warning ")
                    || c.starts_with("::notice "),
                "{c}"
            );
            assert!(c.contains("title=IB"), "{c}");
            // exactly one `::` separates the properties from the message
            let rest = &c[2..];
            assert!(rest.contains("::"), "{c}");
            assert!(!c.contains('\n') && !c.contains('\r'));
        }
        insta::assert_snapshot!(out);
    }

    #[test]
    fn paths_and_messages_with_special_characters_stay_one_command() {
        let (mut extractions, mut findings) = fixture::sample();
        extractions[0].document.path = "notes, draft: 100%.md".to_string();
        findings.truncate(1);
        findings[0].message = "a: b, c\nd 5%".to_string();
        findings[0].help = None;
        let out = check_github(&extractions, &findings, 0);
        let first = out.lines().next().unwrap_or_default();
        assert!(
            first.contains("file=notes%2C draft%3A 100%25.md,line="),
            "{first}"
        );
        assert!(first.ends_with("::a: b, c%0Ad 5%25"), "{first}");
    }
}
