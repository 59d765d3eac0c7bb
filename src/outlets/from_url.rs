//! A citation's outlet from its URL.
//!
//! Two cases, both decided by the registry's web domains:
//!
//! - **No outlet written** (`Taliban attacks rise, https://www.nytimes.com/2020/…`): the
//!   URL's domain names the outlet, so the citation gets an outlet whose `as_written` is the
//!   host exactly as the document writes it (`www.nytimes.com`), pointing at that host.
//!   `as_written` stays true to the text; `id`/`name` are the registry's, as for any known
//!   outlet, and stay `null` when the domain is unknown (no outlet is invented then).
//!   Such an outlet is not a *spelling*: outlet consistency, near-miss and the `outlets`
//!   table ignore it ([`is_url_host`]).
//! - **A name the registry cannot place alone** (`The Star`, which several papers are
//!   called): when the URL's outlet is called that name once its qualifier is dropped
//!   (`The Star (Malaysia)` on `thestar.com.my`), the name resolves to it.

use super::normalize::match_key;
use super::registry::{Outlet, Registry};

/// The lower-case host of `url` without a leading `www.`.
pub fn bare_host(url: &str) -> Option<String> {
    let host = match simple_host(url) {
        Some(host) => host.to_ascii_lowercase(),
        None => url::Url::parse(url.trim())
            .ok()?
            .host_str()?
            .to_ascii_lowercase(),
    };
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// The host of a plain `http://` or `https://` URL as written (any case), read without a
/// full parse: `Some` only where the `url` crate certainly parses `url` and gives this host
/// (lower-cased), `None` for anything else (then ask the `url` crate).
///
/// Plain means: a host of ASCII letters, digits, hyphens and single inner dots, whose last
/// label starts with a letter (else it may be an IPv4 address) and no label starts with
/// `xn--` (punycode, which the crate validates), ended by `/`, `\`, `?`, `#` or the end —
/// no user, no port, nothing the crate would decode, map or reject. What follows the host
/// never makes an `http(s)` URL fail to parse.
pub(crate) fn simple_host(url: &str) -> Option<&str> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    // One pass over the host's bytes: each label non-empty and not `xn--`, and the
    // last one starting with a letter.
    let bytes = rest.as_bytes();
    let mut end = 0;
    let mut label_start = 0;
    while let Some(&b) = bytes.get(end) {
        if b == b'.' {
            if !label_ok(&bytes[label_start..end]) {
                return None;
            }
            label_start = end + 1;
        } else if !(b.is_ascii_alphanumeric() || b == b'-') {
            break;
        }
        end += 1;
    }
    if !matches!(bytes.get(end), None | Some(b'/' | b'\\' | b'?' | b'#')) {
        return None;
    }
    let last = &bytes[label_start..end];
    (label_ok(last) && last[0].is_ascii_alphabetic()).then_some(&rest[..end])
}

/// A host label [`simple_host`] accepts: non-empty, not punycode (`xn--`).
fn label_ok(label: &[u8]) -> bool {
    !label.is_empty()
        && !label
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"xn--"))
}

/// Whether `url` is on one of `outlet`'s own domains (or a subdomain of one): what
/// [`Registry::url_is_on`] answers, without the `url` crate for a plain URL
/// ([`simple_host`]).
pub fn url_is_on(reg: &Registry, outlet: &Outlet, url: &str) -> bool {
    match simple_host(url) {
        Some(host) => outlet.owns_host(host),
        None => reg.url_is_on(outlet, url),
    }
}

/// Whether an outlet written as `as_written` was taken from the citation's URL `url`.
pub fn is_url_host(as_written: &str, url: Option<&str>) -> bool {
    let Some(url) = url else { return false };
    let w = as_written.trim();
    // A URL's host is ASCII without spaces (the `url` crate rejects spaces and encodes
    // other characters), so a name with either is never one: no need to parse the URL.
    if !w.is_ascii() || w.contains(|c: char| c.is_ascii_whitespace()) {
        return false;
    }
    // Both sides compared ignoring ASCII case, without a `www.` (what [`bare_host`]
    // gives, without its lower-cased copy for a plain URL).
    let w = strip_www(w);
    match simple_host(url) {
        Some(host) => w.eq_ignore_ascii_case(strip_www(host)),
        None => bare_host(url).is_some_and(|host| w.eq_ignore_ascii_case(&host)),
    }
}

/// `s` without a leading `www.` in any case.
fn strip_www(s: &str) -> &str {
    match s.get(..4) {
        Some(p) if p.eq_ignore_ascii_case("www.") => &s[4..],
        _ => s,
    }
}

/// Byte range of the URL's host in `text` (the citation text from where the URL starts),
/// as the document writes it (`www.nytimes.com`).
pub fn host_in_text(text: &str, url: &str) -> Option<(usize, usize)> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    let host = parsed.host_str()?;
    let lower = text.to_ascii_lowercase();
    let start = lower.find(&host.to_ascii_lowercase())?;
    Some((start, start + host.len()))
}

/// The registry outlet of `url`, if its domain is known.
pub fn outlet_of_url<'r>(reg: &'r Registry, url: &str) -> Option<&'r Outlet> {
    reg.by_url(url)
}

/// `written` resolves to nothing alone, but is the name (or an alias) of the URL's outlet
/// without its trailing parenthetical qualifier: `The Star` + `thestar.com.my`.
pub fn qualified_by_url<'r>(reg: &'r Registry, written: &str, url: &str) -> Option<&'r Outlet> {
    if reg.resolve(written).is_some() {
        return None;
    }
    qualified_by_url_unresolved(reg, written, url)
}

/// [`qualified_by_url`] for a `written` known to resolve to nothing alone.
pub(crate) fn qualified_by_url_unresolved<'r>(
    reg: &'r Registry,
    written: &str,
    url: &str,
) -> Option<&'r Outlet> {
    let on = reg.by_url(url)?;
    // The outlet's names with a trailing qualifier, the qualifier dropped; most outlets
    // have none, and then `written` need not be analysed.
    let unqualified = |s: &'r String| -> Option<&'r str> {
        let t = s.trim_end();
        let open = t.strip_suffix(')').and_then(|h| h.rfind('('))?;
        Some(&t[..open])
    };
    let mut heads = std::iter::once(&on.name)
        .chain(on.abbreviation.iter())
        .chain(on.aliases.iter())
        .filter_map(unqualified)
        .peekable();
    heads.peek()?;
    let key = match_key(written);
    if key.is_empty() {
        return None;
    }
    heads.any(|head| match_key(head) == key).then_some(on)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_recognised_as_taken_from_the_url() {
        let u = Some("https://www.nytimes.com/2020/x.html");
        assert!(is_url_host("www.nytimes.com", u));
        assert!(is_url_host("nytimes.com", u));
        assert!(!is_url_host("N.Y. Times", u));
        assert!(!is_url_host("nytimes.com", None));
        assert!(!is_url_host("nytimes.com", Some("not a url")));
    }

    /// What the `url` crate says the host is.
    fn crate_host(url: &str) -> Option<String> {
        url::Url::parse(url.trim())
            .ok()?
            .host_str()
            .map(str::to_ascii_lowercase)
    }

    #[test]
    fn plain_hosts_are_read_as_the_url_crate_reads_them() {
        for (url, host) in [
            (
                "https://www.nytimes.com/2020/x.html",
                Some("www.nytimes.com"),
            ),
            ("http://CNN.com", Some("CNN.com")),
            ("  https://a-b.example.org?q=1 ", Some("a-b.example.org")),
            ("https://example.org#top", Some("example.org")),
            ("https://example.org\\path", Some("example.org")),
            ("https://localhost/", Some("localhost")),
            // left to the crate
            ("https://user@example.org/", None),
            ("https://example.org:8080/", None),
            ("https://192.168.0.1/", None),
            ("https://example.123/", None),
            ("https://0x7f.1/", None),
            ("https://xn--nxasmq6b.com/", None),
            ("https://XN--abc.com/", None),
            ("https://example.org./", None),
            ("https://a..b/", None),
            ("https:///example.org", None),
            ("https://exa mple.org/", None),
            ("https://exa%41mple.org/", None),
            ("https://exa\nmple.org/", None),
            ("https://bücher.de/", None),
            ("HTTPS://example.org/", None),
            ("ftp://example.org/", None),
            ("example.org/x", None),
        ] {
            assert_eq!(simple_host(url), host, "{url}");
            if let Some(h) = host {
                assert_eq!(
                    crate_host(url).as_deref(),
                    Some(h.to_ascii_lowercase().as_str())
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn a_plain_host_is_the_url_crates_host(
            scheme in "(https?|HTTP|ftp)://",
            host in "[a-zA-Z0-9.\\-_@:%\\[\\] ]{0,14}",
            tail in "([/?#\\\\][a-z/]{0,4})?",
        ) {
            let url = format!("{scheme}{host}{tail}");
            if let Some(h) = simple_host(&url) {
                proptest::prop_assert_eq!(crate_host(&url), Some(h.to_ascii_lowercase()));
            }
        }

        #[test]
        fn names_with_spaces_or_other_scripts_are_never_the_host(
            name in "[a-z. ]{0,8}|[a-zé ]{0,6}",
            host in "[a-z]{1,6}(\\.[a-z]{2,3})?",
        ) {
            let url = format!("https://{host}/x");
            let by_crate = crate_host(&url).is_some_and(|h| {
                let w = name.trim().to_ascii_lowercase();
                w.strip_prefix("www.").unwrap_or(&w) == h.strip_prefix("www.").unwrap_or(&h)
            });
            proptest::prop_assert_eq!(is_url_host(&name, Some(&url)), by_crate);
        }
    }

    #[test]
    fn url_is_on_answers_as_the_registry() {
        let reg = Registry::builtin();
        let outlets: Vec<&Outlet> = ["new-york-times", "washington-post", "cnn", "yahoo-finance"]
            .iter()
            .filter_map(|id| reg.get(id))
            .collect();
        assert!(outlets.len() >= 3);
        for url in [
            "https://www.nytimes.com/2020/x.html",
            "https://NYTIMES.com",
            "https://cooking.nytimes.com/r",
            "https://nytimes.com.evil.org/x",
            "https://notnytimes.com/x",
            "https://www.washingtonpost.com/x",
            "https://edition.cnn.com/x",
            "https://finance.yahoo.com/q",
            "https://yahoo.com/q",
            "https://com/x",
            "https://user@www.nytimes.com/x",
            "https://www.nytimes.com:443/x",
            "www.nytimes.com/x",
            "not a url",
            "",
        ] {
            for o in &outlets {
                assert_eq!(
                    url_is_on(reg, o, url),
                    reg.url_is_on(o, url),
                    "{} {url}",
                    o.id
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn url_is_on_matches_the_registry_for_generated_hosts(
            sub in "(www\\.|[a-z]{1,3}\\.)?",
            domain in "(nytimes|washingtonpost|cnn|yahoo|wsj|example)",
            tld in "\\.(com|org|co\\.uk)",
            tail in "(/[a-z]{0,3})?",
            id in "(new-york-times|washington-post|cnn|yahoo-finance|bbc)",
        ) {
            let reg = Registry::builtin();
            let url = format!("https://{sub}{domain}{tld}{tail}");
            if let Some(o) = reg.get(&id) {
                proptest::prop_assert_eq!(url_is_on(reg, o, &url), reg.url_is_on(o, &url));
            }
        }
    }

    #[test]
    fn finds_the_host_as_written() {
        let text = "https://WWW.NYTimes.com/2020/x.html.";
        let (s, e) = host_in_text(text, "https://www.nytimes.com/2020/x.html").expect("found");
        assert_eq!(&text[s..e], "WWW.NYTimes.com");
        assert_eq!(
            host_in_text("nothing here", "https://www.nytimes.com/"),
            None
        );
    }

    #[test]
    fn a_qualified_name_resolves_through_its_url() {
        let reg = Registry::builtin();
        let star = qualified_by_url(reg, "The Star", "https://www.thestar.com.my/news/x");
        assert_eq!(star.map(|o| o.id.as_str()), Some("the-star-malaysia"));
        // Another site: no guess.
        assert_eq!(
            qualified_by_url(reg, "The Star", "https://www.nytimes.com/x"),
            None
        );
        // A name that resolves alone is left to the registry (IB307 compares them).
        assert_eq!(
            qualified_by_url(reg, "N.Y. Times", "https://www.washingtonpost.com/x"),
            None
        );
        assert_eq!(
            outlet_of_url(reg, "https://www.thestar.com.my/x").map(|o| o.id.as_str()),
            Some("the-star-malaysia")
        );
    }
}
