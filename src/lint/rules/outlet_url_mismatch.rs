//! IB307 outlet-url-mismatch: the written outlet and the URL's domain name different outlets.

use crate::lint::{Finding, LintContext, Rule, RuleMeta, Severity, Shared};
use crate::outlets::Outlet;

pub static META: RuleMeta = RuleMeta {
    code: "IB307",
    name: "outlet-url-mismatch",
    default_severity: Severity::Warning,
    summary: "The written outlet and the URL's domain name different outlets",
    doc: r#"## What it does
Compares the outlet a citation names (`N.Y. Times`) with the outlet whose web domain its URL
is on (`washingtonpost.com` is The Washington Post) and flags the citation when both are
known to the registry and differ. A URL on one of the written outlet's own domains never
fires, nor do URLs on platforms and aggregators that carry other outlets' pieces (YouTube,
Twitter, MSN, Yahoo News, …), nor outlets the registry does not know.

## Why is this bad?
One of the two is wrong: the URL was pasted from another citation, or the outlet was
changed without the URL. A reader who follows the link lands on a different publication
than the one cited, and a fact-checker cannot tell which source was meant. When a piece
was syndicated (an AP story on a newspaper's site), cite the outlet whose page the URL is.

## Example
```text
7 Mujib Mashal, Taliban intensify attacks, N.Y. Times (Apr. 24, 2020), https://www.washingtonpost.com/world/2020/04/24/taliban/.
```
Use instead:
```text
7 Mujib Mashal, Taliban intensify attacks, N.Y. Times (Apr. 24, 2020), https://www.nytimes.com/2020/04/24/world/asia/taliban-attacks.html.
```
"#,
};

/// URL outlets of these kinds host other outlets' work: a mismatch is expected.
const HOSTING_KINDS: &[&str] = &["platform", "aggregator"];

/// The rule.
pub struct OutletUrlMismatch;

fn hosts_others(outlet: &Outlet) -> bool {
    outlet
        .kind
        .as_deref()
        .is_some_and(|k| HOSTING_KINDS.contains(&k))
}

impl Rule for OutletUrlMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
        self.check_shared(&Shared::new(ctx), out);
    }

    fn check_shared(&self, shared: &Shared<'_>, out: &mut Vec<Finding>) {
        let (ctx, inference) = (shared.ctx, shared.inference());
        for it in &inference.items {
            let Some(written) = it.outlet else { continue };
            let Some(url) = ctx
                .extractions
                .get(it.document)
                .and_then(|ex| ex.footnotes.get(it.footnote))
                .and_then(|f| f.citations.get(it.citation))
                .and_then(|c| c.url.as_deref())
            else {
                continue;
            };
            // On the named outlet's own site (most citations): nothing to compare, and
            // no need to look up which outlet the URL is on.
            if crate::outlets::from_url::url_is_on(ctx.registry, written, url) {
                continue;
            }
            let Some(on) = ctx.registry.by_url(url) else {
                continue;
            };
            if on.id == written.id || hosts_others(on) {
                continue;
            }
            // A plain URL's host is what the `url` crate gives, lower-cased (`simple_host`;
            // the crate trims only spaces and control characters, so leading whitespace
            // goes to the crate).
            let plain = Some(url)
                .filter(|u| !u.starts_with(char::is_whitespace))
                .and_then(crate::outlets::from_url::simple_host);
            let host = match plain {
                Some(h) => h
                    .to_ascii_lowercase()
                    .trim_start_matches("www.")
                    .to_string(),
                None => url::Url::parse(url)
                    .ok()
                    .and_then(|u| {
                        u.host_str()
                            .map(|h| h.trim_start_matches("www.").to_string())
                    })
                    .unwrap_or_else(|| url.to_string()),
            };
            out.push(
                Finding::new(
                    &META,
                    it.document,
                    it.span,
                    it.note,
                    format!(
                        "outlet `{}` is {}, but the URL is on {host} ({})",
                        it.as_written, written.name, on.name
                    ),
                )
                .with_help(format!(
                    "cite `{}` with a URL on {}, or name `{}` if the URL is right",
                    it.as_written,
                    written
                        .domains
                        .first()
                        .map_or("its own site", String::as_str),
                    crate::outlets::styled_name(on, &it.as_written),
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Extraction;
    use crate::outlets::test_support::{extraction, note, run_rule};

    /// Set the URL of citation `c` of footnote `f`.
    fn with_urls(mut ex: Extraction, urls: &[(usize, usize, &str)]) -> Extraction {
        for &(f, c, u) in urls {
            ex.footnotes[f].citations[c].url = Some(u.to_string());
        }
        ex
    }

    #[test]
    fn flags_a_url_on_another_known_outlet() {
        let ex = with_urls(
            extraction(vec![
                note(7, &["N.Y. Times", "Washington Post"]),
                note(8, &["The Guardian"]),
            ]),
            &[
                (
                    0,
                    0,
                    "https://www.washingtonpost.com/world/2020/04/24/taliban/",
                ),
                (0, 1, "https://www.washingtonpost.com/politics/x/"),
                (1, 0, "https://www.theguardian.com/world/2020/x"),
            ],
        );
        insta::assert_snapshot!(run_rule(&OutletUrlMismatch, &[ex]));
    }

    #[test]
    fn near_misses_are_compared_as_the_outlet_they_stand_for() {
        let ex = with_urls(
            extraction(vec![note(58, &["Wash. Swiss Post", "Washingon Post"])]),
            &[
                (0, 0, "https://www.washingtonpost.com/x"),
                (0, 1, "https://www.nytimes.com/x"),
            ],
        );
        let got = run_rule(&OutletUrlMismatch, &[ex]);
        assert_eq!(got.matches("IB307").count(), 1, "{got}");
        assert!(got.contains("`Washingon Post`"), "{got}");
        assert!(got.contains("nytimes.com (The New York Times)"), "{got}");
    }

    #[test]
    fn own_domains_platforms_aggregators_and_unknown_sites_are_fine() {
        let ex = with_urls(
            extraction(vec![note(
                1,
                &[
                    "CNN",
                    "Fox News",
                    "Reuters",
                    "N.Y. Times",
                    "Kabul Weekly Gazette",
                    "Yahoo Finance",
                    "Motherboard",
                ],
            )]),
            &[
                (0, 0, "https://edition.cnn.com/2020/05/12/x"),
                (0, 1, "https://www.youtube.com/watch?v=abc"),
                (0, 2, "https://www.msn.com/en-us/news/x"),
                (0, 3, "https://example.org/nyt-copy"),
                (0, 4, "https://www.nytimes.com/x"),
                (0, 5, "https://finance.yahoo.com/news/x"),
                (0, 6, "https://www.vice.com/en/article/x"),
            ],
        );
        assert_eq!(run_rule(&OutletUrlMismatch, &[ex]), "");
    }
}
