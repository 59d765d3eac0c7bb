//! IB203 `missing-url`: an online source without a URL.

use super::common::{full_citations, kind_noun, note_name};
use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "IB203",
    name: "missing-url",
    default_severity: Severity::Warning,
    summary: "An online source (news article, web page) has no URL",
    doc: r#"## What it does

Reports news articles and web pages cited without a URL. When the URL's lead-in survived
(`, at`, `, in;`, a trailing `,;`), the finding points at it: the URL was most likely
stripped when the document was copied.

## Why is this bad?

Without the address, a reader has to search for the piece by title, and may find a
different version of it. A dangling `at` shows the author did give a URL that has since
been lost.

## Example

```text
16 Mujib Mashal & Lara Jakes, Trump gives conditional green light …, N.Y. Times (February 11, 2020), at
```

No URL for this news article; only a dangling `at` remains where it was.
"#,
};

/// IB203: see [`META`].
pub struct MissingUrl;

impl Rule for MissingUrl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        for (doc, ext) in ctx.extractions.iter().enumerate() {
            for (note, citation) in full_citations(ext) {
                let has_url = citation
                    .url
                    .as_deref()
                    .is_some_and(|u| !u.trim().is_empty());
                if has_url || !citation.kind.is_online() {
                    continue;
                }
                let what = format!(
                    "{}: no URL for this {}",
                    note_name(note),
                    kind_noun(citation.kind)
                );
                let (span, message) = match citation.dangling_url_marker {
                    Some(marker) => {
                        let written = ext.document.slice(marker).trim();
                        let message = if written.is_empty() {
                            format!("{what}; only its lead-in remains where it was")
                        } else if written.chars().any(char::is_alphanumeric) {
                            format!("{what}; only a dangling `{written}` remains where it was")
                        } else {
                            format!("{what}; only a trailing `{written}` remains where it was")
                        };
                        (marker, message)
                    }
                    None => (citation.span, what),
                };
                out.push(
                    Finding::new(&META, doc, span, note.number, message).with_help(
                        "add the URL the source was read at (find it by title, outlet and date)",
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rules::test_support::{check, taliban, Cite, Fixture};
    use crate::model::CitationKind;

    #[test]
    fn the_example_misses_all_seven_urls() {
        let exts = [taliban()];
        let (findings, text) = check(&MissingUrl, &exts);
        assert_eq!(findings.len(), 7);
        let f16 = findings.iter().find(|f| f.footnote == Some(16));
        assert_eq!(
            f16.map(|f| f.message.as_str()),
            Some("footnote 16: no URL for this news article; only a dangling `at` remains where it was")
        );
        insta::assert_snapshot!(text);
    }

    #[test]
    fn urls_and_offline_sources_pass() {
        let exts = [Fixture::new()
            .note(
                "1",
                vec![
                    Cite::news("CNN, https://cnn.com/x").url("https://cnn.com/x"),
                    Cite::new(CitationKind::Book, "Steve Coll, Directorate S"),
                    Cite::new(CitationKind::WebPage, "State Dep't, Agreement, "),
                    Cite::news("Al Jazeera").url("  "),
                ],
            )
            .build()];
        let (findings, _) = check(&MissingUrl, &exts);
        let messages: Vec<_> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "footnote 1: no URL for this web page",
                "footnote 1: no URL for this news article"
            ]
        );
    }
}
