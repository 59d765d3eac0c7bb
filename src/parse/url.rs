//! URLs in citation text, repaired when pdftotext broke them across lines.

/// The first URL in `text` as (start, end, repaired URL string).
pub fn first_url(text: &str) -> Option<(usize, usize, String)> {
    let (s, e) = crate::extract::shape::first_url(text)?;
    // copied only when a continuation is joined to it (most URLs stand in one piece)
    let mut url = std::borrow::Cow::Borrowed(&text[s..e]);
    let mut end = e;
    // a URL cut at a line end continues on the next line when that line starts with a
    // token that can only be URL (no spaces, path-like), e.g. `…/naming-the-coronavirus-\ndisease-(covid)`
    loop {
        let rest = &text[end..];
        let Some(nl) = rest.find('\n') else { break };
        if !rest[..nl].trim().is_empty() {
            break;
        }
        let next_line = &rest[nl + 1..];
        let token_len = next_line
            .find(char::is_whitespace)
            .unwrap_or(next_line.len());
        let token = &next_line[..token_len];
        let continues = url.ends_with(['-', '/', '_', '=', '?', '&', '.', '%'])
            || token.contains('/')
            || (token.contains(['-', '_']) && !token.starts_with(|c: char| c.is_uppercase()));
        if token.is_empty()
            || !continues
            || token.starts_with("http")
            || !token.chars().all(is_url_char)
        {
            break;
        }
        let tok_trim = token.trim_end_matches(['.', ',', ';']);
        let tok_trim = if tok_trim.ends_with(')')
            && tok_trim.matches('(').count() < tok_trim.matches(')').count()
        {
            &tok_trim[..tok_trim.len() - 1]
        } else {
            tok_trim
        };
        url.to_mut().push_str(tok_trim);
        end = end + nl + 1 + tok_trim.len();
    }
    Some((s, end, normalize(&url)))
}

/// A character a continued URL may hold: URL characters, and the dashes and accented
/// Latin letters of IRIs (`…/27-04-2020-who-timeline—covid-19`, `…/wiki/Électricité`);
/// not other scripts, so a line of CJK prose after a URL ending in `/` stays prose.
fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
        || matches!(c, '—' | '–' | '‐')
        || (c.is_alphabetic() && u32::from(c) < 0x0250)
}

/// Trim and add a scheme to bare `www.` URLs.
pub fn normalize(url: &str) -> String {
    let u = url.trim();
    if u.starts_with("www.") {
        format!("https://{u}")
    } else {
        u.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_broken_by_pdftotext_are_joined() {
        let t = "WHO, “Naming,”\nhttps://www.who.int/emergencies/naming-the-coronavirus-\ndisease-(covid-2019)-and-the-virus. In Chinese, x";
        let (_, _, u) = first_url(t).unwrap();
        assert_eq!(u, "https://www.who.int/emergencies/naming-the-coronavirus-disease-(covid-2019)-and-the-virus");
    }

    #[test]
    fn continued_iris_keep_dashes_and_accents() {
        let t = "WHO, “WHO Timeline—COVID-19,” April 27, 2020, https://www.who.int/news-room/detail/\n27-04-2020-who-timeline—covid-19.";
        assert_eq!(
            first_url(t).unwrap().2,
            "https://www.who.int/news-room/detail/27-04-2020-who-timeline—covid-19"
        );
        let t = "https://x.cn/news/\n关于群众反映的涉及李文亮医生有关情况调查的通报";
        assert_eq!(first_url(t).unwrap().2, "https://x.cn/news/");
    }

    #[test]
    fn a_following_sentence_is_not_part_of_the_url() {
        let t = "at https://x.org/a.html.\nWorld Health Organization, “B”";
        assert_eq!(first_url(t).unwrap().2, "https://x.org/a.html");
    }
}
