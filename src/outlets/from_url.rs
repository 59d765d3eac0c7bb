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
    let parsed = url::Url::parse(url.trim()).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// Whether an outlet written as `as_written` was taken from the citation's URL `url`.
pub fn is_url_host(as_written: &str, url: Option<&str>) -> bool {
    let Some(url) = url else { return false };
    let Some(host) = bare_host(url) else {
        return false;
    };
    let w = as_written.trim().to_ascii_lowercase();
    w.strip_prefix("www.").unwrap_or(&w) == host
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
    let on = reg.by_url(url)?;
    let key = match_key(written);
    if key.is_empty() {
        return None;
    }
    let unqualified = |s: &str| -> Option<String> {
        let t = s.trim_end();
        let open = t.strip_suffix(')').and_then(|h| h.rfind('('))?;
        Some(match_key(&t[..open]))
    };
    std::iter::once(&on.name)
        .chain(on.abbreviation.iter())
        .chain(on.aliases.iter())
        .any(|s| unqualified(s).as_deref() == Some(key.as_str()))
        .then_some(on)
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
