//! The shapes of a citation and how its fields are read from each.

use super::authors::parse_authors;
use super::clean::Cleaned;
use super::date::{find_dates, parse_date};
use super::{short_form, url};
use crate::extract::shape::{date_paren, last_word, signal_at, strip_prefix_ignore_ascii_case};
use crate::model::{Citation, CitationKind, DateField, DatePrecision, OutletField, Person, Span};
use crate::outlets::Registry;
use regex::Regex;
use std::sync::OnceLock;

/// Length of the citation proper, and the span of a dangling URL lead-in (`, at`, `, in;`).
pub fn trim_trailer(raw: &str) -> (usize, Option<(usize, usize)>) {
    let mut end = raw
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '.'))
        .len();
    // keep a final period that closes an abbreviation (`Id.`, `N.Y.`): only trim sentence ends
    if raw[end..].starts_with('.') {
        let word = last_word(&raw[..end]);
        if word.contains('.')
            || word.len() <= 3
                && word.chars().all(|c| c.is_alphabetic())
                && word.chars().any(|c| c.is_uppercase())
        {
            end += 1;
        }
    }
    let mut dangling = None;
    for lead in ["at", "in"] {
        let core = &raw[..end];
        if core.ends_with(lead) {
            let before = &core[..core.len() - 2];
            if before.ends_with(|c: char| c.is_whitespace() || c == ',')
                && before.trim_end().ends_with([',', ')'])
            {
                dangling = Some((core.len() - 2, core.len()));
                end = before
                    .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
                    .len();
                break;
            }
        }
    }
    if dangling.is_none() {
        // a lone `,;` after the date: the URL was stripped
        let tail = raw[end..].trim();
        if tail.starts_with(",;") || tail == ",;" {
            let at = end + raw[end..].find(",;").unwrap_or(0);
            dangling = Some((at, at + 2));
        }
    }
    (end, dangling)
}

/// Byte ranges of blank-line breaks (`\n\s*\n`) inside the citation.
pub fn paragraph_breaks(core: &str) -> Vec<(usize, usize)> {
    static R: OnceLock<Regex> = OnceLock::new();
    // every break starts at a newline: most citations hold none (a SIMD byte search)
    if memchr::memchr(b'\n', core.as_bytes()).is_none() {
        return Vec::new();
    }
    let r = R.get_or_init(|| Regex::new(r"\n[ \t]*\r?\n\s*").expect("static pattern compiles"));
    r.find_iter(core).map(|m| (m.start(), m.end())).collect()
}

/// Structural hints the classifier uses.
#[derive(Debug, Default)]
pub struct Hints {
    /// Read as a court case by [`case`] (a name with `v.` and a reporter or docket).
    case: bool,
    journal: bool,
    publisher: bool,
    quoted_title: bool,
}

struct Ctx<'a> {
    /// What the shape readers learned about the kind of work (for [`classify`]).
    hints: std::cell::RefCell<Hints>,
    t: &'a str,
    cleaned: &'a Cleaned<'a>,
    base: usize,
    registry: &'a Registry,
    /// The prefilter words in `t` ([`short_form::Present`]).
    present: short_form::Present,
}

impl Ctx<'_> {
    fn span(&self, s: usize, e: usize) -> Span {
        let (a, b) = self.cleaned.original_range(s, e);
        Span::new(self.base + a, self.base + b)
    }

    /// Set the outlet from clean range `[s, e)` after trimming punctuation and markup.
    fn outlet(&self, cit: &mut Citation, s: usize, e: usize) {
        let (s, e) = trim_range(self.t, s, e, |c| {
            c.is_whitespace() || matches!(c, ',' | ';' | ':' | '"' | '“' | '”' | '(' | ')')
        });
        let (s, e) = strip_trailing_period(self.t, s, e);
        // `website of the Wuhan Municipal People’s Government`: the site's owner is the outlet
        let s = s + website_of_len(&self.t[s..e]);
        // Wikipedia's `– via www.wsj.com`: the site the page was read on
        let s = s + via_len(&self.t[s..e]);
        if e <= s {
            return;
        }
        let written = collapse(&self.t[s..e]);
        if written.len() < 2
            || written.split_whitespace().count() > 12
            || written.starts_with("Retrieved")
        {
            return;
        }
        let found = self.registry.resolve(&written);
        cit.outlet = Some(OutletField {
            id: found.map(|o| o.id.clone()),
            name: found.map(|o| o.name.clone()),
            as_written: written,
            span: self.span(s, e),
        });
    }

    /// Does the registry know clean range `[s, e)` (whitespace collapsed) as an outlet?
    fn knows_outlet(&self, s: usize, e: usize) -> bool {
        self.registry.resolve(&collapse(&self.t[s..e])).is_some()
    }

    fn date(&self, cit: &mut Citation, mut d: DateField) {
        let (s, e) = (d.span.start, d.span.end);
        d.span = self.span(s, e);
        cit.date = Some(d);
    }
}

/// Fill `cit`'s fields from the clean text of its core; returns the shape hints for
/// [`classify`].
pub fn fill(
    cit: &mut Citation,
    cleaned: &Cleaned,
    base: usize,
    registry: &Registry,
    present: short_form::Present,
) -> Hints {
    let cx = Ctx {
        hints: std::cell::RefCell::new(Hints::default()),
        t: &cleaned.text,
        cleaned,
        base,
        registry,
        present,
    };
    fill_fields(cit, &cx);
    cx.hints.into_inner()
}

fn fill_fields(cit: &mut Citation, cx: &Ctx<'_>) {
    let t = cx.t;
    let mut pos = t.len() - t.trim_start().len();
    if let Some((sig, n)) = signal_at(&t[pos..]) {
        cit.signal = Some(sig.to_string());
        pos += n;
    }
    if let Some(sf) = short_form::recognise_in(&t[pos..], cx.present) {
        cit.pinpoint = sf.pinpoint;
        if let Some(lead) = &sf.lead {
            if let Some(people) = parse_authors(lead) {
                cit.authors = people;
                cit.authors_as_written = Some(collapse(lead));
            } else {
                cit.title = Some(clean_title(lead));
            }
        }
        cit.short_form = Some(sf.form);
        cit.supra_note_end = sf.note_end;
        cit.parsed = true;
        return;
    }
    let mut end = t.len();
    let mut url_at = None;
    if let Some((us, _, u)) = url::first_url(&t[pos..]).filter(|(us, ue, _)| {
        // `… – via www.wsj.com.`, `"Title". www.ncsc.gov.uk.`: a bare host names the
        // site (the outlet), not the page cited
        !is_bare_host(&t[pos + us..pos + ue])
    }) {
        cit.url = Some(u);
        end = pos + us;
        url_at = Some(pos + us);
    } else if let Some((_, _, u)) = cx
        .cleaned
        .links
        .iter()
        .find_map(|link| url::first_url(link).filter(|(s, _, _)| *s == 0))
    {
        // a link whose text is the title (`[How the Grid Failed](https://…), Texas
        // Tribune, …`): its target is the citation's URL, and the text reads on after it
        cit.url = Some(u);
    }
    end = pos + access_cut(&t[pos..end], cx.present);
    let main_end = pos
        + t[pos..end]
            .trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '(' | '<')
            })
            .len();
    let main_end = if t[main_end..end].starts_with('.') && ends_with_abbrev(&t[pos..main_end]) {
        main_end + 1
    } else {
        main_end
    };
    if main_end <= pos {
        cit.parsed = cit.url.is_some();
        return;
    }
    let done = social_post(cit, cx, pos, main_end)
        || case(cit, cx, pos, main_end)
        || quoted(cit, cx, pos, main_end)
        || author_date(cit, cx, pos, main_end)
        || bluebook(cit, cx, pos, main_end)
        || free_date(cit, cx, pos, main_end);
    if !done {
        case_or_other(cit, cx, pos, main_end);
    }
    if let Some(title) = &cit.title {
        if title.is_empty() {
            cit.title = None;
        }
    }
    if let Some(at) = url_at {
        outlet_from_url(cit, cx, at);
    }
    drop_author_named_as_outlet(cit);
    author_named_in_title(cit);
    // a code section read as the outlet of `Act, 18 U.S.C. § 1030 (2018)` publishes nothing
    if cit
        .outlet
        .as_ref()
        .is_some_and(|o| names_statute(&o.as_written))
    {
        cit.outlet = None;
    }
    // a case or a statute named by its form (`case_or_other`) is read whatever else it has
    cit.parsed = cit.parsed
        || cit.title.is_some()
            && (cit.outlet.is_some()
                || cit.date.is_some()
                || cit.url.is_some()
                || !cit.authors.is_empty())
        || cit.outlet.is_some() && cit.date.is_some();
}

/// A `www.` address with no path (`www.wsj.com`, `www.ncsc.gov.uk/`): a site's name.
fn is_bare_host(url: &str) -> bool {
    strip_prefix_ignore_ascii_case(url, "www.")
        .is_some_and(|host| !host.trim_end_matches('/').contains('/'))
}

/// `Posting by Edward C. Holmes, …`, `Letter from Ann Lee to …`: an untitled item that
/// its description names after `by`/`from` has that person as its author (not testimony,
/// remarks or interviews: their speaker is no author).
fn author_named_in_title(cit: &mut Citation) {
    const ITEMS: &[&str] = &[
        "Posting",
        "Post",
        "Blog post",
        "Comment",
        "Tweet",
        "Message",
        "Letter",
        "Email",
        "E-mail",
        "Memo",
        "Memorandum",
    ];
    if !cit.authors.is_empty() {
        return;
    }
    let Some(title) = cit.title.as_deref() else {
        return;
    };
    let Some(who) = ITEMS.iter().find_map(|item| {
        let rest = title.strip_prefix(item)?;
        rest.strip_prefix(" by ")
            .or_else(|| rest.strip_prefix(" from "))
    }) else {
        return;
    };
    // the name ends where the addressee or a qualifier starts
    let who = [" to ", " on ", " before ", " at ", " (", ","]
        .iter()
        .filter_map(|stop| who.find(stop))
        .min()
        .map_or(who, |i| &who[..i]);
    if let Some(people) = parse_authors(who).filter(|p| p.len() == 1 && p[0].given.is_some()) {
        cit.authors = people;
        cit.authors_as_written = Some(collapse(who));
    }
}

/// `SoyaCincau. (2021, March 9). Title. SoyaCincau.`: an organisation that is both the
/// author and the outlet is the outlet only; the work names no author.
fn drop_author_named_as_outlet(cit: &mut Citation) {
    let (Some(outlet), [only]) = (&cit.outlet, cit.authors.as_slice()) else {
        return;
    };
    if only.given.is_some() {
        return;
    }
    use crate::outlets::match_key;
    let author = match_key(&only.family);
    if !author.is_empty()
        && (author == match_key(&outlet.as_written)
            || outlet
                .name
                .as_deref()
                .is_some_and(|n| author == match_key(n)))
    {
        cit.authors.clear();
        cit.authors_as_written = None;
    }
}

/// The outlet a citation's URL names (see `crate::outlets::from_url`): a written name
/// that only its URL can place (`The Star` on `thestar.com.my`), or, when no outlet is
/// written, the URL's host as written, for a registry outlet only.
fn outlet_from_url(cit: &mut Citation, cx: &Ctx<'_>, url_at: usize) {
    use crate::outlets::from_url::{host_in_text, outlet_of_url, qualified_by_url};
    // the URL and the outlet are two fields of `cit`: borrowed apart, the URL is not copied
    let Some(url) = cit.url.as_deref() else {
        return;
    };
    match &mut cit.outlet {
        Some(o) if o.id.is_none() => {
            if let Some(found) = qualified_by_url(cx.registry, &o.as_written, url) {
                o.id = Some(found.id.clone());
                o.name = Some(found.name.clone());
            }
        }
        Some(_) => {}
        None => {
            let Some(found) = outlet_of_url(cx.registry, url) else {
                return;
            };
            let Some((s, e)) = host_in_text(&cx.t[url_at..], url) else {
                return;
            };
            let (s, e) = (url_at + s, url_at + e);
            let host = &cx.t[s..e];
            cit.outlet = Some(OutletField {
                as_written: host.strip_prefix("www.").unwrap_or(host).to_string(),
                id: Some(found.id.clone()),
                name: Some(found.name.clone()),
                span: cx.span(s, e),
            });
        }
    }
}

/// Where an access-date or archive tail starts ("Retrieved 13 May 2017", "(last visited …)").
fn access_cut(s: &str, present: short_form::Present) -> usize {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = R.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)Retrieved(?-u:\b)|(?-u:\b)Archived from(?-u:\b)|(?-u:\b)accessed(?-u:\b)|\(last visited|(?-u:\b)last visited(?-u:\b)|(?-u:\b)available at(?-u:\b)|(?-u:\b)available from(?-u:\b)|(?-u:\b)Archived\s+\d|(?-u:\b)Original\s+URL(?-u:\b)")
            .expect("static pattern compiles")
    });
    // every alternative holds one of these words (in any letter case)
    if !present.may_hold(&short_form::ACCESS) {
        return s.len();
    }
    r.find(s).map(|m| m.start()).unwrap_or(s.len())
}

/// A social-media post (Bluebook 18.7): `Ryan J. Reilly (@ryanjreilly), Twitter (Oct. 1,
/// 2022, 3:40 PM), https://…` — the account holder is the author, the platform the outlet,
/// and the post has no title unless a description names it (`Tweet by … (@…)`).
fn social_post(cit: &mut Citation, cx: &Ctx<'_>, pos: usize, end: usize) -> bool {
    let t = cx.t;
    let main = &t[pos..end];
    // a byte search for the `@` first: `str::find` sets up a substring searcher on every
    // call, and most citations hold no `@`
    if memchr::memchr(b'@', main.as_bytes()).is_none() {
        return false;
    }
    let Some(open) = main.find(" (@") else {
        return false;
    };
    let Some(close) = main[open..].find(')').map(|i| open + i) else {
        return false;
    };
    let handle = &main[open + 3..close];
    let name = main[..open].trim();
    if handle.is_empty()
        || !handle
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '@'))
        || name.is_empty()
        || name.contains([',', '(', '“', '"'])
        || name.split_whitespace().nth(6).is_some()
    {
        return false;
    }
    // the platform: up to the next comma or parenthesis, or the date it runs into
    let rest = pos + close + 1;
    let platform_start = rest
        + (t[rest..end].len()
            - t[rest..end]
                .trim_start_matches(|c: char| c.is_whitespace() || c == ',')
                .len());
    let date = find_dates(&t[platform_start..end], platform_start)
        .into_iter()
        .next();
    let mut platform_end = chunk_end(t, platform_start, end);
    if let Some(d) = &date {
        platform_end = platform_end.min(d.span.start);
    }
    cx.outlet(cit, platform_start, platform_end);
    if let Some(d) = date {
        cx.date(cit, d);
    }
    // `Tweet by Morgan Ortagus (@statedeptspox)`: a description names the post
    let name = match name.split_once(" by ") {
        Some((what, who)) if what.split_whitespace().nth(2).is_none() && !who.is_empty() => {
            cit.title = Some(collapse(&main[..close + 1]));
            who.trim()
        }
        _ => name,
    };
    match parse_authors(name) {
        Some(people) => cit.authors = people,
        None => {
            cit.authors = vec![Person {
                given: None,
                family: collapse(name),
            }]
        }
    }
    cit.authors_as_written = Some(collapse(name));
    true
}

/// `“Title,” …` or `"Title". …`
fn quoted(cit: &mut Citation, cx: &Ctx<'_>, pos: usize, end: usize) -> bool {
    let t = cx.t;
    let main = &t[pos..end];
    let Some((open, close, inner)) = find_quoted_title(main) else {
        return false;
    };
    if quotation_inside_apa_title(&main[..open]) {
        return false;
    }
    let title = clean_title(&main[inner.0..inner.1]);
    if title.split_whitespace().count() == 0 {
        return false;
    }
    cx.hints.borrow_mut().quoted_title = true;
    cit.title = Some(title);
    // before the title: authors, maybe with a date parenthetical (CS1 `Larson, Selena (17 May 2017).`)
    let mut pre_end = pos + open;
    let pre_full = &t[pos..pre_end];
    if let Some((ps, pe)) = date_paren(pre_full) {
        let inside = &pre_full[ps + 1..pe - 1];
        if let Some(d) = parse_date(inside, pos + ps + 1) {
            cx.date(cit, d);
        }
        pre_end = pos + ps;
    }
    let pre = t[pos..pre_end]
        .trim()
        .trim_end_matches([',', '.', ':'])
        .trim();
    let mut org = None;
    if !pre.is_empty() {
        // with its final period, which may close an initial (`Cardon, Nathan A.`)
        let people = t[pos..pre_end]
            .trim()
            .trim_end_matches([',', ':'])
            .trim_end();
        match parse_authors(people) {
            Some(p) => {
                cit.authors = p;
                cit.authors_as_written = Some(collapse(pre));
            }
            None => {
                let s = pos + t[pos..].find(pre).unwrap_or(0);
                org = Some((s, s + pre.len()));
            }
        }
    }
    // after the title: outlet, then date
    let post_start = pos + close;
    let post = &t[post_start..end];
    let mut date_at = end;
    if cit.date.is_none() {
        if let Some((ps, pe)) = date_paren(post) {
            if let Some(d) = parse_date(&post[ps + 1..pe - 1], post_start + ps + 1) {
                date_at = post_start + ps;
                cx.date(cit, d);
            }
        } else if let Some(d) = find_dates(post, post_start).into_iter().next() {
            date_at = d.span.start;
            cx.date(cit, d);
        }
    }
    if let Some((s, e)) = first_chunk(t, post_start, end) {
        let chunk = &t[s..e];
        let is_date = s >= date_at
            || parse_date(chunk, 0).is_some()
            || chunk.trim_start().starts_with(|c: char| c.is_ascii_digit());
        if !is_date {
            match chicago_journal(cit, cx, s, e, end) {
                Some(name_end) => cx.outlet(cit, s, name_end),
                None => cx.outlet(cit, s, e),
            }
        }
    }
    if let Some((s, e)) = org {
        let between = t[e..pos + open].trim_start();
        if cit.outlet.is_none() {
            cx.outlet(cit, s, e);
        } else if (between.starts_with('.') || between.starts_with('('))
            && looks_like_name_of_organisation(&t[s..e])
        {
            // CS1 `MSRC Team. "Title". Microsoft.`: an organisation as author
            cit.authors = vec![Person {
                given: None,
                family: collapse(&t[s..e]),
            }];
            cit.authors_as_written = Some(collapse(&t[s..e]));
        } else if cit.outlet.as_ref().is_some_and(|o| o.id.is_none()) && cx.knows_outlet(s, e) {
            // `World Health Organization, “Title,” Disease Outbreak News, …`: the publisher
            // the registry knows, not a series or section name it does not
            cx.outlet(cit, s, e);
        }
    }
    true
}

/// `Mohd, H. (2021, December 23). S’gor floods: …, Twitter says “No.” Malaysiakini.`: the
/// text before the quotation is an APA author-date opening followed by an unfinished
/// sentence, so the quotation is part of the title, not the title.
fn quotation_inside_apa_title(before: &str) -> bool {
    let lead = before.trim_end();
    if !lead.ends_with(char::is_alphanumeric) {
        return false;
    }
    may_be_author_date(lead)
        && author_date_re()
            .find(lead)
            .is_some_and(|m| !lead[m.end()..].trim().is_empty())
}

/// APA / author-date: `Authors. (2021, April 21). Title. Outlet.`
fn author_date(cit: &mut Citation, cx: &Ctx<'_>, pos: usize, end: usize) -> bool {
    let r = author_date_re();
    let t = cx.t;
    let main = &t[pos..end];
    if !may_be_author_date(main) {
        return false;
    }
    let Some(c) = r.captures(main) else {
        return false;
    };
    let (Some(pre), Some(dm), Some(whole)) = (c.name("pre"), c.name("date"), c.get(0)) else {
        return false;
    };
    let pre_text = pre.as_str().trim().trim_end_matches(',').trim();
    // a comma after the date is Bluebook's (`…, Wall St. J. (Nov. 4, 2015), at 3`,
    // `Title (Nov. 20, 2018), at 8 (…)`): a pinpoint or a note follows, not the title and
    // outlet APA puts after `(date).`; with an author, title and outlet before the date,
    // the Bluebook reading takes it whole
    let bluebook_tail = t[pos + dm.end()..].starts_with("),");
    if pre_text.split_whitespace().count() > 30
        || (bluebook_tail && pre_text.matches(',').count() >= 2)
    {
        return false;
    }
    if let Some(d) = parse_date(dm.as_str(), pos + dm.start()) {
        cx.date(cit, d);
    }
    let rest_start = pos + whole.end();
    let (title_range, outlet_range);
    let pre_is_title = parse_authors(pre_text).is_none() && looks_like_title(pre_text);
    if pre_is_title {
        cit.title = Some(clean_title(pre_text.trim_end_matches('.')));
        title_range = None;
        // `Testimony … (Nov. 20, 2017) at 41, 42`: a pinpoint, with or without the comma
        let pinpoint = t[rest_start..end].strip_prefix("at ");
        outlet_range = if bluebook_tail || pinpoint.is_some() {
            if let Some(p) = pinpoint {
                cit.pinpoint = Some(p.trim().to_string());
            }
            None
        } else {
            first_sentence(t, rest_start, end)
        };
    } else {
        match parse_authors(pre_text) {
            Some(p) => cit.authors = p,
            None if pre_text.split_whitespace().count() <= 5 && !pre_text.is_empty() => {
                cit.authors = vec![Person {
                    given: None,
                    family: pre_text.trim_end_matches('.').to_string(),
                }]
            }
            None => {}
        }
        cit.authors_as_written = Some(collapse(pre_text));
        title_range = first_sentence(t, rest_start, end);
        outlet_range = title_range.and_then(|(_, te)| first_sentence(t, te, end));
    }
    if let Some((s, e)) = title_range {
        cit.title = Some(clean_title(&t[s..e]));
    }
    if let Some((s, e)) = outlet_range {
        let chunk = &t[s..e];
        if parse_date(chunk.trim_end_matches('.'), 0).is_none() {
            // `Journal of Things, 3(2), 1-9.`: the journal, then its volume (issue), pages
            match apa_journal_re().captures(chunk).and_then(|c| c.get(1)) {
                Some(name) => {
                    cx.hints.borrow_mut().journal = true;
                    cx.outlet(cit, s, s + name.end());
                }
                None => cx.outlet(cit, s, e),
            }
        }
    }
    true
}

/// APA's journal source: `Name, 3(2), 1-9.`, `Name, 12, 45–67`, `Name, 5(1), e123`
/// (group 1: the name).
fn apa_journal_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(
            r"^\s*(\S.*?[A-Za-z].*?),\s+\d{1,4}(?:\s?\([^()]{1,12}\))?(?:,\s+(?:pp?\.\s*)?[a-z]?\d+(?:\s*[-–]\s*[a-z]?\d+)?)?\.?\s*$",
        )
        .expect("static pattern compiles")
    })
}

/// A public or private body's name (`Australian Competition and Consumer Commission`,
/// `U.S. Dep't of State`, `Human Rights Watch`): capitalised words with a head noun that
/// names an institution, never a work or an outlet (`Review`, `Times`).
fn names_institution(s: &str) -> bool {
    looks_like_name_of_organisation(s)
        && s.split_whitespace().any(|w| {
            matches!(
                w.trim_end_matches([',', '.']),
                "Commission"
                    | "Committee"
                    | "Department"
                    | "Dep't"
                    | "Ministry"
                    | "Office"
                    | "Agency"
                    | "Bureau"
                    | "Council"
                    | "Institute"
                    | "Foundation"
                    | "Association"
                    | "Organization"
                    | "Organisation"
                    | "Center"
                    | "Centre"
                    | "University"
                    | "Board"
                    | "Authority"
                    | "Administration"
                    | "Secretariat"
                    | "Federation"
                    | "Watch"
                    | "Nations"
                    | "Parliament"
                    | "Senate"
                    | "Congress"
            )
        })
}

/// A Chicago journal after a quoted title: `*Harvard Law Review Forum* 127 (2014): 176`,
/// `Journal of Democracy 31, no. 2 (April 2020): 45–59`. `[s, e)` is the chunk after the
/// title (`Journal of Democracy 31`), `end` the end of the citation's main part. When the
/// chunk ends with a volume that an issue number or a date parenthetical of a year,
/// season or month (a journal's, not a newspaper's day) follows, the journal's name ends
/// before the volume: returns where, with the page after `):` as the pinpoint. A name the
/// registry knows whole (`Channel 4`) is no journal and volume.
fn chicago_journal(
    cit: &mut Citation,
    cx: &Ctx<'_>,
    s: usize,
    e: usize,
    end: usize,
) -> Option<usize> {
    let t = cx.t;
    let chunk = t[s..e].trim_end();
    let volume_at = chunk.rfind(' ')?;
    let volume = &chunk[volume_at + 1..];
    let name = chunk[..volume_at].trim_end();
    if volume.is_empty()
        || volume.len() > 4
        || !volume.bytes().all(|b| b.is_ascii_digit())
        || !name.contains(|c: char| c.is_alphabetic())
    {
        return None;
    }
    let after = &t[s + chunk.len()..end];
    let issue = after
        .strip_prefix(", no. ")
        .or_else(|| after.strip_prefix(", no "));
    let after_issue = match issue {
        Some(rest) => rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric()),
        None => after,
    };
    let paren = after_issue.trim_start();
    let journal_date = paren.starts_with('(')
        && cit
            .date
            .as_ref()
            .is_some_and(|d| d.precision != Some(DatePrecision::Day));
    if issue.is_none() && !journal_date {
        return None;
    }
    if cx.knows_outlet(s, s + chunk.len()) {
        return None;
    }
    cx.hints.borrow_mut().journal = true;
    // the page cited: `(2014): 176`
    if cit.pinpoint.is_none() {
        if let Some(close) = paren.find(')') {
            if let Some(pages) = paren[close + 1..].trim_start().strip_prefix(':') {
                let pages = pages.trim().trim_end_matches(['.', ',', ';']).trim();
                if !pages.is_empty() && pages.starts_with(|c: char| c.is_ascii_digit()) {
                    cit.pinpoint = Some(pages.to_string());
                }
            }
        }
    }
    Some(s + volume_at)
}

fn author_date_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"^(?P<pre>[^()]{1,250}?)\s*\((?P<date>(?:1[5-9]|20)\d{2}(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2})?)?|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}|n\.\s?d\.)\)[.,]?\s+")
            .expect("static pattern compiles")
    })
}

/// What [`author_date`]'s pattern needs, checked without running it: its first parenthesis
/// is a `(` (the authors hold none), the next one closes it (no date holds one), and
/// whitespace follows, after at most one `.` or `,`. Most Bluebook citations end at
/// their date parenthetical and fail here.
fn may_be_author_date(main: &str) -> bool {
    // a byte search: in UTF-8 the bytes of `(` and `)` are those characters and no other
    let parens = |from: usize| memchr::memchr2(b'(', b')', &main.as_bytes()[from..]);
    let Some(open) = parens(0) else {
        return false;
    };
    if !main[open..].starts_with('(') {
        return false;
    }
    let Some(close) = parens(open + 1).map(|i| open + 1 + i) else {
        return false;
    };
    if !main[close..].starts_with(')') {
        return false;
    }
    let after = &main[close + 1..];
    let after = after.strip_prefix(['.', ',']).unwrap_or(after);
    after.starts_with(char::is_whitespace)
}

/// Bluebook: `Authors, Title, Outlet (Date)` and `Title, 58 Harv. L. Rev. 123 (2020)`.
fn bluebook(cit: &mut Citation, cx: &Ctx<'_>, pos: usize, end: usize) -> bool {
    let t = cx.t;
    let main = &t[pos..end];
    let Some((ps, pe)) = last_date_paren(main) else {
        return false;
    };
    let (ps, pe) = (pos + ps, pos + pe);
    let opened = t[ps..].starts_with('(');
    let inside_start = if opened { ps + 1 } else { ps };
    let inside = &t[inside_start..pe - 1];
    // `(New York: The New Press, 2003)`, `(Knopf 2020)`: a publisher before the year
    if let Some(d) = parse_date(inside, inside_start) {
        cx.date(cit, d);
    } else if let Some(d) = find_dates(inside, inside_start).into_iter().last() {
        let publisher = inside[..d.span.start - inside_start]
            .trim()
            .trim_end_matches([',', ';'])
            .trim();
        if !publisher.is_empty() && publisher.chars().any(|c| c.is_alphabetic()) {
            cx.hints.borrow_mut().publisher = true;
            let ps2 = inside_start + inside.find(publisher).unwrap_or(0);
            let publisher_only = publisher.rsplit(':').next().unwrap_or(publisher).trim();
            let off = ps2 + publisher.len() - publisher_only.len();
            cx.outlet(cit, off, off + publisher_only.len());
        }
        cx.date(cit, d);
    }
    // the pinpoint after the parenthetical: `(2020), at 5` — and page cites before it
    let after = t[pe..end].trim_start_matches([',', ' ']);
    if let Some(p) = after.strip_prefix("at ") {
        cit.pinpoint = Some(p.trim().to_string());
    } else if short_form::is_page_run(after) {
        // Chicago's page after the publication facts: `(Canberra: ACCC, 2019), 204–10`
        cit.pinpoint = Some(after.trim().to_string());
    }
    let pre_end = ps;
    let chunks = top_level_commas(t, pos, pre_end);
    if chunks.is_empty() {
        return true;
    }
    let text_of = |r: (usize, usize)| &t[r.0..r.1];
    // journal: `58 Harv. L. Rev. 123, 125`
    static JOURNAL: OnceLock<Regex> = OnceLock::new();
    let journal = JOURNAL.get_or_init(|| {
        Regex::new(r"^\s*(\d+)\s+(\D.*?)\s+(\d+)\s*$").expect("static pattern compiles")
    });
    let mut chunks = chunks;
    // a trailing page pinpoint chunk `125` belongs to the journal cite
    if chunks.len() >= 2
        && text_of(chunks[chunks.len() - 1])
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '–' | ' '))
    {
        let pin = chunks.pop().map(|r| text_of(r).trim().to_string());
        if cit.pinpoint.is_none() {
            cit.pinpoint = pin;
        }
    }
    let last = chunks[chunks.len() - 1];
    let (mut title_chunks, mut outlet_range) = (chunks.clone(), None);
    // the pattern needs a digit first and last (after and before whitespace); `\d` is a
    // Unicode decimal digit, which `char::is_numeric` covers: most outlets are ruled out
    // without running it
    let last_text = text_of(last);
    let may_be_journal = last_text.trim_start().starts_with(|c: char| c.is_numeric())
        && last_text.trim_end().ends_with(|c: char| c.is_numeric());
    if let Some(c) = may_be_journal
        .then(|| journal.captures(last_text))
        .flatten()
    {
        if let Some(j) = c.get(2) {
            cx.hints.borrow_mut().journal = true;
            outlet_range = Some((last.0 + j.start(), last.0 + j.end()));
            title_chunks.pop();
        }
    } else if cit.outlet.is_none() && chunks.len() >= 3 {
        outlet_range = Some(last);
        title_chunks.pop();
    } else if cit.outlet.is_none() && chunks.len() == 2 {
        // `Author, title-with-glued-outlet (date)` or `Title, Outlet (date)`
        let (c0, c1) = (text_of(chunks[0]).trim(), text_of(chunks[1]).trim());
        let author_title = parse_authors(c0).is_some()
            && looks_like_title(c1)
            && cx.registry.resolve(c1).is_none();
        if !author_title {
            outlet_range = Some(last);
            title_chunks.pop();
        }
    }
    // authors: the first chunk when it names people (and something is left for the title)
    if title_chunks.len() >= 2
        || (title_chunks.len() == 1 && outlet_range.is_none() && chunks.len() >= 2)
    {
        let first = text_of(title_chunks[0]).trim();
        if let Some(p) = parse_authors(first) {
            cit.authors = p;
            cit.authors_as_written = Some(collapse(first));
            title_chunks.remove(0);
        } else if title_chunks.len() >= 2
            && names_institution(first)
            // `U.S. Congress, Office of Technology Assessment, …`: a body and its part,
            // which short forms cite by the body alone; left as written
            && !names_institution(text_of(title_chunks[1]).trim())
        {
            // `Australian Competition and Consumer Commission, *Digital Platforms Inquiry*
            // (Canberra: ACCC, 2019)`: a body as author, then the title
            cit.authors = vec![Person {
                given: None,
                family: collapse(first),
            }];
            cit.authors_as_written = Some(collapse(first));
            title_chunks.remove(0);
        }
    }
    if chunks.len() == 2 && title_chunks.is_empty() {
        // `Author, Title-with-outlet-glued (date)`: no outlet chunk after all
        if let Some(o) = outlet_range.take() {
            title_chunks.push(o);
        }
    }
    // an outlet glued to the end of the title without a comma: `… with militant leader Wash.`
    if outlet_range.is_none() && cit.outlet.is_none() {
        if let Some(&(s, e)) = title_chunks.last() {
            if let Some(split) = glued_outlet(cx, s, e) {
                outlet_range = Some((split, e));
                let n = title_chunks.len();
                title_chunks[n - 1] = (s, split);
            }
        }
    }
    if let (Some(&(s, _)), Some(&(_, e))) = (title_chunks.first(), title_chunks.last()) {
        cit.title = Some(clean_title(&t[s..e]));
    }
    if let Some((s, e)) = outlet_range {
        cx.outlet(cit, s, e);
    }
    true
}

/// A date somewhere (Chicago without quotes): `Agency, Statement on X, January 5, 2020.`
fn free_date(cit: &mut Citation, cx: &Ctx<'_>, pos: usize, end: usize) -> bool {
    let t = cx.t;
    let dates = find_dates(&t[pos..end], pos);
    let Some(d) = dates
        .into_iter()
        .rfind(|d| d.precision.is_some_and(|p| p >= DatePrecision::Month))
    else {
        return false;
    };
    let chunks = top_level_commas(t, pos, d.span.start);
    cx.date(cit, d);
    let mut chunks: Vec<(usize, usize)> = chunks
        .into_iter()
        .filter(|&(s, e)| !t[s..e].trim().is_empty())
        .collect();
    if chunks.is_empty() {
        return true;
    }
    // `Title, Outlet, Date` (a link's text as the title: `[Explained](…), Vox, …`): with
    // two parts and the second an outlet the registry knows, the first is no author
    let title_then_outlet = chunks.len() == 2 && cx.knows_outlet(chunks[1].0, chunks[1].1);
    if title_then_outlet {
        let (s, e) = chunks[1];
        chunks.pop();
        cx.outlet(cit, s, e);
    } else if chunks.len() >= 2 {
        let first = t[chunks[0].0..chunks[0].1].trim();
        if let Some(p) = parse_authors(first) {
            cit.authors = p;
            cit.authors_as_written = Some(collapse(first));
            chunks.remove(0);
        } else if !looks_like_title(first) {
            let (s, e) = chunks.remove(0);
            cx.outlet(cit, s, e);
        }
    }
    // `Jane Doe, How the Grid Failed, *Texas Tribune*, Feb. 18, 2021`: after the authors,
    // the title, then the outlet just before the date
    if !cit.authors.is_empty() && cit.outlet.is_none() && chunks.len() == 2 {
        let (s, e) = chunks[1];
        if cx.knows_outlet(s, e) {
            chunks.pop();
            cx.outlet(cit, s, e);
        }
    }
    if let Some(&(s, e)) = chunks.first() {
        cit.title = Some(clean_title(&t[s..e]));
    }
    true
}

fn case_or_other(cit: &mut Citation, cx: &Ctx<'_>, pos: usize, end: usize) {
    let t = &cx.t[pos..end];
    if let Some(v) = t.find(" v. ") {
        let name_end = t[v..].find(',').map(|i| v + i).unwrap_or(t.len());
        cit.title = Some(clean_title(&t[..name_end]));
        cit.parsed = true;
        if let Some(d) = find_dates(t, pos).into_iter().last() {
            cx.date(cit, d);
        }
    } else if names_statute(t) {
        // `Pub. L. No. 112-208, §§ 402, 404(a)(1), 126 Stat. 1502`, `42 U.S.C. § 1983
        // (2018)`, `Computer Fraud and Abuse Act, 18 U.S.C. § 1030`: the law is named by
        // what comes before its first comma, parenthesis or (after a public law) section
        let name = statute_name(t);
        if !name.is_empty() {
            cit.title = Some(clean_title(name));
            cit.parsed = true;
        }
        // its year stands in a parenthetical (`(2018)`); `§ 1983` and `Stat. 1502` are none
        if let Some((ps, pe)) = date_paren(t) {
            if let Some(d) = find_dates(&t[ps..pe], pos + ps).into_iter().last() {
                cx.date(cit, d);
            }
        }
    } else if let Some(m) = website_of_re().find(t) {
        // `Biography of Mayor Zhou on the website of the Wuhan Municipal People’s
        // Government, http://…`: the page, then who publishes it
        let title = t[..m.start()].trim();
        if title.is_empty() || title.contains(['“', '"']) {
            return;
        }
        cit.title = Some(clean_title(title));
        let outlet_start = pos + m.end();
        cx.outlet(cit, outlet_start, chunk_end(cx.t, outlet_start, end));
    }
}

/// A court case in Bluebook form: `New York Times Co. v. Sullivan, 376 U.S. 254, 270
/// (1964)`, `Doe v. Smith, 123 F.3d 456 (2d Cir. 1999) (holding …)`, `United States v.
/// Prevezon Holdings, Ltd., No. 13-cv-6326 (S.D.N.Y. Jan. 5, 2017)`, `In re Grand Jury
/// Subpoena, 2017 WL 1234567, at *3 (D.D.C. 2017)`. The name runs to the comma before the
/// reporter (or docket) cite, so a party's own comma (`Hustler Magazine, Inc. v. Falwell`)
/// stays in it; the reporter is the case's container (its outlet, which no news registry
/// lists, so it is not resolved); the pinpoint is what follows the first page; the year or
/// date comes from the court parenthetical, and later parentheticals (`(plurality
/// opinion)`, `(holding that "…")`) are explanation, never a title or an outlet.
fn case(cit: &mut Citation, cx: &Ctx<'_>, pos: usize, end: usize) -> bool {
    let main = &cx.t[pos..end];
    let Some(name_from) = case_name_start(main) else {
        return false;
    };
    let Some(m) = case_cite_re().captures(&main[name_from..]) else {
        return false;
    };
    let (Some(whole), Some(cite)) = (m.get(0), m.get(1)) else {
        return false;
    };
    let name = main[..name_from + whole.start()].trim();
    // a name, not a sentence that mentions a case
    if name.split_whitespace().count() > 16 {
        return false;
    }
    let mut title = clean_title(name);
    // `Prevezon Holdings, Ltd.`, `Rhodes et al.`: the period ends an abbreviation
    if name.trim_end_matches(['*', '_', '”', '"']).ends_with('.') && ends_with_abbrev(&title) {
        title.push('.');
    }
    cit.title = Some(title);
    cit.parsed = true;
    cx.hints.borrow_mut().case = true;
    if let Some(rep) = m.name("reporter") {
        let (s, e) = (pos + name_from + rep.start(), pos + name_from + rep.end());
        cit.outlet = Some(OutletField {
            as_written: collapse(&cx.t[s..e]),
            id: None,
            name: None,
            span: cx.span(s, e),
        });
    }
    let after_cite = name_from + cite.end();
    let rest = &main[after_cite..];
    let paren = rest.find('(').unwrap_or(rest.len());
    let pin = rest[..paren].trim().trim_matches([',', ' ']).trim();
    let pin = pin.strip_prefix("at ").unwrap_or(pin).trim();
    if !pin.is_empty() {
        cit.pinpoint = Some(pin.to_string());
    }
    // the first parenthetical holding a date is the court's: `(2d Cir. 1999)`
    let mut from = after_cite + paren;
    while let Some(open) = main[from..].find('(').map(|i| from + i) {
        let Some(close) = main[open..].find(')').map(|i| open + i) else {
            break;
        };
        if let Some(d) = find_dates(&main[open + 1..close], pos + open + 1)
            .into_iter()
            .last()
        {
            cx.date(cit, d);
            break;
        }
        from = close + 1;
    }
    true
}

/// Where a case name's `v.` (or an `In re` / `Ex parte` lead) puts the search for its
/// cite: just after the `v.`, or at the start for `In re`; `None` when `main` names no case.
fn case_name_start(main: &str) -> Option<usize> {
    if let Some(v) = main.find(" v. ") {
        return Some(v + " v. ".len());
    }
    ["In re ", "Ex parte "]
        .iter()
        .any(|lead| main.starts_with(lead))
        .then_some(0)
}

/// `, 376 U.S. 254` / `, 123 F. Supp. 2d 456` / `, 2017 WL 1234567` / `, No. 13-cv-6326`:
/// the first reporter or docket cite after a case name (group 1), with the reporter's
/// abbreviation as `reporter`.
fn case_cite_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        let pattern = r"(?x)
            ,\s+(
                \d{1,5}\s+
                (?P<reporter>REPORTER)
                \s+(?:\d{1,7}|_{2,})\b
              | No\.\s+[\w:.\-–]+
            )";
        Regex::new(&pattern.replace("REPORTER", short_form::REPORTER))
            .expect("static pattern compiles")
    })
}

/// The length of a `website of (the) ` / `web site of ` / `blog of ` lead before an
/// owner's name (0 when there is none).
fn website_of_len(chunk: &str) -> usize {
    let Some(rest) = ["website of ", "web site of ", "the website of ", "blog of "]
        .iter()
        .find_map(|lead| strip_prefix_ignore_ascii_case(chunk, lead))
    else {
        return 0;
    };
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    if rest.starts_with(|c: char| c.is_uppercase()) {
        chunk.len() - rest.len()
    } else {
        0
    }
}

/// The length of a `– via ` / `via ` lead before a site's name (0 when there is none).
fn via_len(chunk: &str) -> usize {
    let rest = chunk.trim_start_matches(['–', '—', '-', ' ']);
    match rest.strip_prefix("via ") {
        Some(site) if !site.trim().is_empty() => chunk.len() - site.trim_start().len(),
        _ => 0,
    }
}

/// ` on the website of (the) `, in any letter case and spacing.
fn website_of_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)\s+on\s+the\s+(?:official\s+)?web\s?(?:site|page)\s+of\s+(?:the\s+)?")
            .expect("static pattern compiles")
    })
}

/// `(open, close_exclusive, (inner_start, inner_end))` relative to `main`.
fn find_quoted_title(main: &str) -> Option<(usize, usize, (usize, usize))> {
    if let Some(open) = main.find('“') {
        let inner_start = open + '“'.len_utf8();
        let close = main[inner_start..].find('”')? + inner_start;
        return Some((open, close + '”'.len_utf8(), (inner_start, close)));
    }
    let open = main.find('"')?;
    let inner_start = open + 1;
    let bytes = main.as_bytes();
    let mut k = inner_start;
    while let Some(rel) = main[k..].find('"') {
        let q = k + rel;
        let next = bytes.get(q + 1).copied();
        // American style puts the comma or period inside: `"Title One," N.Y. Times`
        let punctuated = matches!(bytes[q - 1], b',' | b'.' | b'?' | b'!')
            && next.is_some_and(|c| c.is_ascii_whitespace());
        // Wikipedia's `"Title" – via www.wsj.com`
        let dash = [" – ", " — ", " - "]
            .iter()
            .any(|d| main[q + 1..].starts_with(d));
        let closes = next.is_none()
            || matches!(next, Some(b'.' | b',' | b';' | b':' | b'?' | b'!' | b')'))
            || main[q + 1..].starts_with(" (")
            || punctuated
            || dash;
        if closes && q > inner_start {
            return Some((open, q + 1, (inner_start, q)));
        }
        k = q + 1;
    }
    None
}

fn first_chunk(t: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let s = start
        + (t[start..end].len()
            - t[start..end]
                .trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, ',' | '.' | ':' | ';')
                })
                .len());
    let mut s = s;
    // `(in German).` after a title
    if t[s..end].starts_with('(') {
        if let Some(close) = t[s..end].find(')') {
            s += close + 1;
            s += t[s..end].len()
                - t[s..end]
                    .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.'))
                    .len();
        }
    }
    if s >= end {
        return None;
    }
    let e = chunk_end(t, s, end);
    (e > s).then_some((s, e))
}

/// End of a chunk: the next top-level comma, parenthesis, or sentence period.
fn chunk_end(t: &str, s: usize, end: usize) -> usize {
    let seg = &t[s..end];
    for (i, c) in seg.char_indices() {
        match c {
            ',' | '(' | ';' => return s + i,
            '.' => {
                let next = seg[i + 1..].chars().next();
                if (next.is_none() || next.is_some_and(char::is_whitespace))
                    && !ends_with_abbrev(&seg[..i])
                {
                    return s + i;
                }
            }
            _ => {}
        }
    }
    end
}

fn first_sentence(t: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let s = start
        + (t[start..end].len()
            - t[start..end]
                .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';'))
                .len());
    if s >= end {
        return None;
    }
    let seg = &t[s..end];
    for (i, c) in seg.char_indices() {
        if matches!(c, '.' | '?' | '!') {
            let after = &seg[i + 1..];
            // a quoted sentence ends inside its quotes: `‘We cannot regulate it.’ The Star`
            let quote = after
                .chars()
                .next()
                .filter(|q| matches!(q, '’' | '”' | '"' | '\''))
                .map_or(0, char::len_utf8);
            let next = after[quote..].chars().next();
            if next.is_none() || next.is_some_and(char::is_whitespace) {
                if c == '.' && quote == 0 && ends_with_abbrev(&seg[..i]) {
                    continue;
                }
                let e = if c == '.' && quote == 0 {
                    i
                } else {
                    i + 1 + quote
                };
                return Some((s, s + e));
            }
        }
    }
    Some((s, end))
}

/// Does the text before a period end with an abbreviation (so the period is not a sentence end)?
fn ends_with_abbrev(before: &str) -> bool {
    let core = last_word(before).trim_start_matches(['(', '"', '“']);
    (core.contains('.') && !crate::extract::shape::is_host_name(core))
        || (core.chars().count() == 1 && core.chars().all(char::is_uppercase))
        || matches!(
            core,
            "Wash"
                | "Chi"
                | "Phila"
                | "Balt"
                | "Bos"
                | "St"
                | "Mag"
                | "Rev"
                | "Jr"
                | "Sr"
                | "Inc"
                | "Co"
                | "Corp"
                | "Ltd"
                | "al"
                | "Dept"
                | "Gov"
                | "Univ"
                | "Int'l"
                | "Nat'l"
                | "J"
                | "L"
                | "Mr"
                | "Ms"
                | "Mrs"
                | "Dr"
                | "Sen"
                | "Rep"
                | "No"
                | "Vol"
                | "ed"
                | "eds"
                | "Jan"
                | "Feb"
                | "Mar"
                | "Apr"
                | "Aug"
                | "Sept"
                | "Sep"
                | "Oct"
                | "Nov"
                | "Dec"
        )
}

fn last_date_paren(main: &str) -> Option<(usize, usize)> {
    let mut found = None;
    let mut from = 0;
    while let Some((s, e)) = date_paren(&main[from..]) {
        found = Some((from + s, from + e));
        from += e;
    }
    found
}

/// The bytes [`top_level_commas`] reacts to.
static COMMA_SCAN_STOPS: [bool; 256] = {
    let mut t = [false; 256];
    let stops = b"([)],\xE2";
    let mut k = 0;
    while k < stops.len() {
        t[stops[k] as usize] = true;
        k += 1;
    }
    t
};

/// Ranges between top-level commas of `t[start..end]` (not inside quotes or parentheses).
fn top_level_commas(t: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quote = false;
    let mut s = start;
    // bytes, not characters: the brackets and the comma are ASCII, and the curly quotes
    // are the only characters here starting E2 80 9C / E2 80 9D; the other bytes are
    // passed over by one look-up each
    let b = &t.as_bytes()[start..end];
    for (i, &c) in b.iter().enumerate() {
        if !COMMA_SCAN_STOPS[usize::from(c)] {
            continue;
        }
        match c {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = (depth - 1).max(0),
            0xE2 if b.get(i + 1) == Some(&0x80) => match b.get(i + 2) {
                Some(0x9C) => quote = true,
                Some(0x9D) => quote = false,
                _ => {}
            },
            b',' if depth == 0 && !quote => {
                out.push((s, start + i));
                s = start + i + 1;
            }
            _ => {}
        }
    }
    out.push((s, end));
    // trimmed in place (the one vector)
    let mut kept = 0;
    for k in 0..out.len() {
        let (a, b) = out[k];
        let (a, b) = trim_range(t, a, b, char::is_whitespace);
        if b > a {
            out[kept] = (a, b);
            kept += 1;
        }
    }
    out.truncate(kept);
    out
}

/// A known outlet spelling (or an abbreviated capitalised run) glued to the end of a title.
fn glued_outlet(cx: &Ctx<'_>, s: usize, e: usize) -> Option<usize> {
    let t = &cx.t[s..e];
    let words: Vec<(usize, &str)> = t
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - t.as_ptr() as usize, w))
        .collect();
    if words.len() < 3 {
        return None;
    }
    // a known outlet spelling, or a cut-short one, ending the title (the registry knows)
    if let Some(at) = cx.registry.outlet_suffix(t) {
        if !t[..at].trim().is_empty() {
            return Some(s + at);
        }
    }
    // an abbreviated capitalised run after a lowercase word: `militant leader Wash.`
    let mut k = 0;
    while k < words.len() - 1 && k < 4 {
        let w = words[words.len() - 1 - k].1;
        if w.starts_with(|c: char| c.is_uppercase()) {
            k += 1;
        } else {
            break;
        }
    }
    let run: Vec<&str> = words[words.len() - k..].iter().map(|w| w.1).collect();
    let before = words[words.len() - k - 1].1;
    if k >= 1
        && run.iter().any(|w| w.ends_with('.') && w.len() <= 6)
        && before.starts_with(|c: char| c.is_lowercase())
    {
        return Some(s + words[words.len() - k].0);
    }
    None
}

/// A short capitalised name (`MSRC Team`, `Reuters Staff`), not a sentence of prose.
fn looks_like_name_of_organisation(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && words.iter().all(|w| {
            w.starts_with(|c: char| !c.is_lowercase())
                || matches!(*w, "of" | "for" | "and" | "the" | "&")
        })
}

fn looks_like_title(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.len() >= 4
        && words
            .iter()
            .filter(|w| w.starts_with(|c: char| c.is_lowercase()))
            .count()
            >= 1
}

fn trim_range(t: &str, mut s: usize, mut e: usize, f: impl Fn(char) -> bool) -> (usize, usize) {
    while s < e {
        let Some(c) = t[s..e].chars().next() else {
            break;
        };
        if !f(c) {
            break;
        }
        s += c.len_utf8();
    }
    while e > s {
        let Some(c) = t[s..e].chars().next_back() else {
            break;
        };
        if !f(c) {
            break;
        }
        e -= c.len_utf8();
    }
    (s, e)
}

/// Drop a sentence-final period but keep one that closes an abbreviation (`N.Y. Times` ok,
/// `Wash.` keeps its period).
fn strip_trailing_period(t: &str, s: usize, e: usize) -> (usize, usize) {
    if t[s..e].ends_with('.') && !ends_with_abbrev(&t[s..e - 1]) {
        (s, e - 1)
    } else {
        (s, e)
    }
}

/// Collapse whitespace runs to one space.
pub fn collapse(s: &str) -> String {
    if is_collapsed(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether [`collapse`] would return `s` unchanged: no whitespace but single ASCII spaces
/// between other characters. Checked on the bytes; a character outside ASCII is decoded
/// only when its lead byte may start a whitespace character (U+0085 and U+00A0 start with
/// C2, U+1680 with E1, U+2000–U+205F with E2, U+3000 with E3).
///
/// The bytes it does not react to (all but those above) are passed over by one table
/// look-up each.
fn is_collapsed(s: &str) -> bool {
    /// The bytes the walk reacts to: the space, ASCII whitespace, and the lead bytes of
    /// whitespace outside ASCII.
    const NOTABLE: [bool; 256] = {
        let mut t = [false; 256];
        let mut k = 0;
        let bytes = [
            b' ', b'\t', b'\n', b'\r', 0x0b, 0x0c, 0xC2, 0xE1, 0xE2, 0xE3,
        ];
        while k < bytes.len() {
            t[bytes[k] as usize] = true;
            k += 1;
        }
        t
    };
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    for (i, &c) in b.iter().enumerate() {
        if !NOTABLE[usize::from(c)] {
            prev_space = false;
            continue;
        }
        match c {
            b' ' if prev_space => return false,
            b' ' => prev_space = true,
            b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => return false,
            0xC2 | 0xE1 | 0xE2 | 0xE3 if s[i..].starts_with(char::is_whitespace) => return false,
            _ => prev_space = false,
        }
    }
    true
}

/// A title without surrounding quotes, emphasis or trailing punctuation.
fn clean_title(s: &str) -> String {
    let mut c = collapse(s);
    let wrapper = |ch: char| ch.is_whitespace() || matches!(ch, '"' | '“' | '”' | '*' | '_');
    let kept = c.trim_start_matches(wrapper);
    // a title that ends with a quotation of its own keeps it (`Twitter says “No.”`)
    let kept = if kept.ends_with('”') && kept.rfind('“').is_some_and(|i| i > 0) {
        kept
    } else {
        kept.trim_end_matches(wrapper)
            .trim_end_matches([',', '.', ';', ':'])
            .trim()
    };
    // a title in single quotes (`‘We cannot regulate online content.’`)
    let kept = match kept.strip_prefix('‘').and_then(|k| k.strip_suffix('’')) {
        Some(inner) if !inner.contains('‘') => {
            inner.trim_end_matches([',', '.', ';', ':']).trim()
        }
        _ => kept,
    };
    // cut the collapsed string down to the kept slice, in place
    let start = kept.as_ptr() as usize - c.as_ptr() as usize;
    let end = start + kept.len();
    c.truncate(end);
    c.drain(..start);
    c
}

/// The name of the law `text` cites: what comes before its first comma, parenthesis or
/// (after a public law) section (`Pub. L. No. 112-208`, `42 U.S.C. § 1983`, `Computer Fraud
/// and Abuse Act`); when that is a sentence of prose (`The interview was not under oath,
/// but … a violation of 18 U.S.C. § 1001 …`), the code section or public law itself.
fn statute_name(t: &str) -> &str {
    const JOINERS: &[&str] = &["of", "and", "the", "for", "on", "to", "in", "&"];
    let name_end = t.find([',', '(']).unwrap_or(t.len());
    let name_end = if t.starts_with("Pub. L.") {
        t[..name_end].find(" §").unwrap_or(name_end)
    } else {
        name_end
    };
    let name = t[..name_end].trim();
    let prose = name
        .split_whitespace()
        .skip(1)
        .any(|w| w.starts_with(char::is_lowercase) && !JOINERS.contains(&w));
    if !prose {
        return name;
    }
    static DESIGNATION: OnceLock<Regex> = OnceLock::new();
    DESIGNATION
        .get_or_init(|| {
            Regex::new(
                r"(?:\d+\s+)?(?:U\.S\.C\.|C\.F\.R\.)(?:\s*§+\s*[\w.-]*\w)?|Pub\.\s?L\.\s?No\.\s?\d+-\d+|\d+\s+Stat\.\s+\d+",
            )
            .expect("static pattern compiles")
        })
        .find(t)
        .map_or(name, |m| m.as_str())
}

/// Whether `text` names a statute or regulation: a code (`U.S.C.`, `C.F.R.`), a section
/// sign, a public law or a Statutes at Large page.
fn names_statute(text: &str) -> bool {
    static STATUTE: OnceLock<Regex> = OnceLock::new();
    STATUTE
        .get_or_init(|| {
            Regex::new(r"U\.S\.C\.|C\.F\.R\.|§|Pub\. L\.|Stat\.\s\d")
                .expect("static pattern compiles")
        })
        .is_match(text)
}

/// The kind of work, from the parsed fields and the shape hints.
pub fn classify(cit: &Citation, text: &str, registry: &Registry, hints: &Hints) -> CitationKind {
    if cit.short_form.is_some() {
        return CitationKind::Other;
    }
    if hints.case {
        return CitationKind::Case;
    }
    if let Some(k) = registry.kind_of(cit.outlet.as_ref()) {
        match k {
            "newspaper" | "wire" | "broadcaster" | "magazine" | "digital" | "news-site"
            | "news" => return CitationKind::NewsArticle,
            // a post or page on a platform (Twitter, YouTube, GitHub) is a web page
            "platform" => return CitationKind::WebPage,
            "journal" => return CitationKind::JournalArticle,
            // vendors' research blogs and advisories
            "company" => return CitationKind::WebPage,
            "think-tank"
            | "government"
            | "organization"
            | "ngo"
            | "intergovernmental"
            | "international-organization" => {
                return if cit.url.is_some() {
                    CitationKind::WebPage
                } else {
                    CitationKind::Report
                };
            }
            _ => {}
        }
    }
    if !hints.quoted_title && text.contains(" v. ") {
        return CitationKind::Case;
    }
    if names_statute(text) {
        return CitationKind::Statute;
    }
    if hints.journal {
        return CitationKind::JournalArticle;
    }
    if hints.publisher {
        return CitationKind::Book;
    }
    let day = cit.date.as_ref().and_then(|d| d.precision) == Some(DatePrecision::Day);
    if cit.title.as_deref().is_some_and(|t| t.contains("Report")) && cit.outlet.is_none() {
        return CitationKind::Report;
    }
    if cit.outlet.is_some() && day {
        return CitationKind::NewsArticle;
    }
    if cit.url.is_some() || cit.outlet.is_some() {
        return CitationKind::WebPage;
    }
    CitationKind::Other
}

#[cfg(test)]
mod tests {
    use super::super::parse_text;
    use super::*;

    fn reg() -> &'static Registry {
        Registry::builtin()
    }

    /// [`top_level_commas`] as a walk over the characters.
    fn top_level_commas_by_chars(t: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let (mut depth, mut quote, mut s) = (0i32, false, start);
        for (i, c) in t[start..end].char_indices() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = (depth - 1).max(0),
                '“' => quote = true,
                '”' => quote = false,
                ',' if depth == 0 && !quote => {
                    out.push((s, start + i));
                    s = start + i + 1;
                }
                _ => {}
            }
        }
        out.push((s, end));
        out.into_iter()
            .map(|(a, b)| trim_range(t, a, b, char::is_whitespace))
            .filter(|(a, b)| b > a)
            .collect()
    }

    proptest::proptest! {
        /// The byte scan with its look-up table splits where the character walk splits.
        #[test]
        fn comma_byte_scan_agrees_with_the_char_walk(
            s in r"([(),\[\] ]|“|”|‘|’|—|…|é|中|\u{a0}|[a-z]{1,4}){0,24}",
            cut in 0usize..4,
        ) {
            // a start and an end at character boundaries inside the text
            let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            let start = bounds[cut.min(bounds.len() - 1)];
            let end = bounds[bounds.len() - 1 - cut.min(bounds.len() - 1)].max(start);
            proptest::prop_assert_eq!(
                top_level_commas(&s, start, end),
                top_level_commas_by_chars(&s, start, end),
                "{:?} {}..{}", s, start, end
            );
        }

        /// The table walk of `is_collapsed` answers as the match on every byte did.
        #[test]
        fn collapsed_by_table_agrees_with_the_match_walk(
            s in r"([a-z]{1,3}| |\s|\u{a0}|\u{85}|\u{2009}|\u{202f}|\u{3000}|\u{1680}|“|”|—|é|¢|中){0,12}"
        ) {
            let b = s.as_bytes();
            let by_match = b.first() != Some(&b' ') && b.last() != Some(&b' ') && {
                let mut prev_space = false;
                b.iter().enumerate().all(|(i, &c)| match c {
                    b' ' if prev_space => false,
                    b' ' => {
                        prev_space = true;
                        true
                    }
                    b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => false,
                    0xC2 | 0xE1 | 0xE2 | 0xE3 if s[i..].starts_with(char::is_whitespace) => false,
                    _ => {
                        prev_space = false;
                        true
                    }
                })
            };
            proptest::prop_assert_eq!(is_collapsed(&s), by_match, "{:?}", s);
        }

        /// The fast path of `collapse` returns what joining the words does.
        #[test]
        fn collapse_agrees_with_joining_the_words(
            s in r"([a-z]{1,3}| |\s|\u{a0}|\u{85}|\u{2009}|\u{202f}|\u{3000}|\u{1680}|“|”|—|é|¢){0,12}"
        ) {
            proptest::prop_assert_eq!(collapse(&s), s.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }

    proptest::proptest! {
        /// The author-date prefilter never rules out text the pattern matches.
        #[test]
        fn author_date_prefilter_is_exact(
            s in r"([A-Z][a-z]{0,6}|[a-z]{1,5}|[ ,.;()\n]|\(20[0-9]{2}\)|\(2021, April 21\)|\(12 May 2020\)|\(May 2, 2020\)|\(n\. d\.\)|é){0,12}"
        ) {
            if author_date_re().is_match(&s) {
                proptest::prop_assert!(may_be_author_date(&s), "{s:?}");
            }
        }
    }

    /// (title, reporter, date as written, pinpoint) of a case citation.
    fn case_fields(text: &str) -> (String, Option<String>, Option<String>, Option<String>) {
        let c = parse_text(text, reg());
        assert_eq!(c.kind, CitationKind::Case, "{text}");
        assert!(c.parsed, "{text}");
        (
            c.title.unwrap_or_default(),
            c.outlet.map(|o| o.as_written),
            c.date.map(|d| d.as_written),
            c.pinpoint,
        )
    }

    #[test]
    fn cases_keep_their_name_reporter_court_year_and_pinpoint() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            case_fields("New York Times Co. v. Sullivan, 376 U.S. 254, 270 (1964)."),
            (
                "New York Times Co. v. Sullivan".into(),
                s("U.S."),
                s("1964"),
                s("270")
            )
        );
        // a party's own comma stays in the name; a later parenthetical is no outlet
        assert_eq!(
            case_fields(
                "Hustler Magazine, Inc. v. Falwell, 485 U.S. 46 (1988) (plurality opinion)"
            ),
            (
                "Hustler Magazine, Inc. v. Falwell".into(),
                s("U.S."),
                s("1988"),
                None
            )
        );
        assert_eq!(
            case_fields("Doe v. Smith, 123 F. Supp. 2d 456, 460–61 (S.D.N.Y. Jan. 5, 2017) (holding that \"no\")"),
            ("Doe v. Smith".into(), s("F. Supp. 2d"), s("Jan. 5, 2017"), s("460–61"))
        );
        assert_eq!(
            case_fields("In re Grand Jury Subpoena, 2017 WL 1234567, at *3 (D.D.C. 2017)"),
            (
                "In re Grand Jury Subpoena".into(),
                s("WL"),
                s("2017"),
                s("*3")
            )
        );
        // a docket number: no reporter; the court is no outlet; `Ltd.` keeps its period
        assert_eq!(
            case_fields("United States v. Prevezon Holdings, Ltd., No. 13-cv-6326 (S.D.N.Y. 2017)"),
            (
                "United States v. Prevezon Holdings, Ltd.".into(),
                None,
                s("2017"),
                None
            )
        );
    }

    #[test]
    fn a_reporter_is_no_outlet_to_check() {
        let text = "Text.\n\n1 New York Times Co. v. Sullivan, 376 U.S. 254 (1964); Doe v. Roe, 5 F.3d 1 (2d Cir. 1993).\n";
        let doc = crate::model::Document::new(
            "t.txt",
            crate::model::Format::Text,
            text.into(),
            "h".into(),
        );
        let ex = crate::extract::extract(doc, reg());
        let inf = crate::outlets::infer::infer_outlets(std::slice::from_ref(&ex), reg());
        assert_eq!(ex.footnotes[0].citations.len(), 2);
        assert_eq!(inf.items.len(), 0, "{:?}", inf.items);
    }

    #[test]
    fn journals_end_before_their_volume() {
        let outlet = |c: &Citation| c.outlet.as_ref().map(|o| o.as_written.clone());
        // Chicago: `Journal VOL, no. N (date): pages`
        let c = parse_text("Larry Diamond, \"Democratic Regression,\" Journal of Democracy 31, no. 2 (April 2020): 45–59.", reg());
        assert_eq!(outlet(&c).as_deref(), Some("Journal of Democracy"));
        assert_eq!(c.pinpoint.as_deref(), Some("45–59"));
        assert_eq!(c.kind, CitationKind::JournalArticle);
        let c = parse_text(
            "Ann Lee, “Perma,” Harvard Law Review Forum 127 (2014): 176.",
            reg(),
        );
        assert_eq!(outlet(&c).as_deref(), Some("Harvard Law Review Forum"));
        assert_eq!(c.pinpoint.as_deref(), Some("176"));
        // a newspaper's day is no journal's issue date; a name the registry knows stays whole
        let c = parse_text(
            "Ann Lee, \"Storm hits coast,\" Radio 4 (May 3, 2020).",
            reg(),
        );
        assert_eq!(outlet(&c).as_deref(), Some("Radio 4"));
        let c = parse_text("Ann Lee, \"Storm hits coast,\" Channel 4 (2020).", reg());
        assert_eq!(outlet(&c).as_deref(), Some("Channel 4"));
        // APA: `Journal, vol(issue), pages.`, with `et al.` among the authors
        let c = parse_text("Teoh, K.B., et al. (2022). A Study on Broadband. Asia Pacific Journal of Management, 5(1), 79-93. https://example.org/a", reg());
        assert_eq!(
            outlet(&c).as_deref(),
            Some("Asia Pacific Journal of Management")
        );
        assert_eq!(c.title.as_deref(), Some("A Study on Broadband"));
        assert_eq!(c.kind, CitationKind::JournalArticle);
        let c = parse_text(
            "Smith, J., & Lee, A. (2021). Another study. Journal of Things, 3, 1–9.",
            reg(),
        );
        assert_eq!(outlet(&c).as_deref(), Some("Journal of Things"));
    }

    #[test]
    fn chicago_books_keep_their_page_and_institutional_author() {
        assert!(names_institution("U.S. Dep't of State"));
        assert!(!names_institution("Harvard Law Review"));
        assert!(!names_institution("Taliban Intensify Attacks"));
        let c = parse_text("See Australian Competition and Consumer Commission, Digital Platforms Inquiry: Final Report (Canberra: ACCC, 2019), 204–10.", reg());
        assert_eq!(
            c.authors_as_written.as_deref(),
            Some("Australian Competition and Consumer Commission")
        );
        assert_eq!(
            c.title.as_deref(),
            Some("Digital Platforms Inquiry: Final Report")
        );
        assert_eq!(c.pinpoint.as_deref(), Some("204–10"));
        assert_eq!(c.kind, CitationKind::Book);
        let c = parse_text(
            "Joseph Menn, All the Rave (New York: Crown Business, 2003), 269-82, 290.",
            reg(),
        );
        assert_eq!(c.pinpoint.as_deref(), Some("269-82, 290"));
        // a body and its part stay in the title as written (short forms name the body)
        let c = parse_text("U.S. Congress, Office of Technology Assessment, Copyright and Home Copying (Washington, D.C.: GPO, 1989), 145.", reg());
        assert!(c.authors.is_empty());
    }

    #[test]
    fn an_unquoted_title_then_a_known_outlet_then_the_date() {
        let c = parse_text(
            "Jane Doe, How the Grid Failed, Texas Tribune, Feb. 18, 2021.",
            reg(),
        );
        assert_eq!(c.title.as_deref(), Some("How the Grid Failed"));
        assert_eq!(
            c.outlet.map(|o| o.as_written).as_deref(),
            Some("Texas Tribune")
        );
        assert_eq!(c.kind, CitationKind::NewsArticle);
        // an unknown second chunk stays the title's
        let c = parse_text(
            "Jane Doe, How the Grid Failed, Part Two, Feb. 18, 2021.",
            reg(),
        );
        assert_eq!(c.outlet, None);
        // a title alone before a known outlet is no author
        let c = parse_text("Explained, Vox, February 20, 2021.", reg());
        assert!(c.authors.is_empty());
        assert_eq!(c.title.as_deref(), Some("Explained"));
        assert_eq!(c.outlet.map(|o| o.as_written).as_deref(), Some("Vox"));
    }

    #[test]
    fn a_pinpoint_after_a_title_and_date_is_no_outlet() {
        let c = parse_text("Testimony of Ann Lee Before the Senate Committee on the Judiciary (Nov. 20, 2017) at 41, 42.", reg());
        assert_eq!(c.outlet, None);
        assert_eq!(c.pinpoint.as_deref(), Some("41, 42"));
    }

    #[test]
    fn straight_quoted_titles_hold_their_comma() {
        let c = parse_text("Ann Lee, \"Title One,\" N.Y. Times, May 2, 2020.", reg());
        assert_eq!(c.title.as_deref(), Some("Title One"));
        assert_eq!(
            c.outlet.map(|o| o.as_written).as_deref(),
            Some("N.Y. Times")
        );
        assert_eq!(c.kind, CitationKind::NewsArticle);
    }

    #[test]
    fn statutes_are_named_and_read() {
        let c = parse_text(
            "See Pub. L. No. 112-208, §§ 402, 404(a)(1), 126 Stat. 1502",
            reg(),
        );
        assert_eq!(c.kind, CitationKind::Statute);
        assert_eq!(c.title.as_deref(), Some("Pub. L. No. 112-208"));
        assert!(c.parsed);
        assert_eq!(c.date, None, "a page or section number is no year");
        let c = parse_text("42 U.S.C. § 1983", reg());
        assert_eq!(c.title.as_deref(), Some("42 U.S.C. § 1983"));
        assert!(c.parsed);
        let c = parse_text(
            "Computer Fraud and Abuse Act, 18 U.S.C. § 1030(a)(5) (2018)",
            reg(),
        );
        assert_eq!(c.title.as_deref(), Some("Computer Fraud and Abuse Act"));
        assert_eq!(c.outlet, None, "a code section publishes nothing");
        assert_eq!(c.date.and_then(|d| d.iso).as_deref(), Some("2018"));
        let c = parse_text(
            "The interview was not under oath, but it is a violation of 18 U.S.C. § 1001 to lie",
            reg(),
        );
        assert_eq!(c.title.as_deref(), Some("18 U.S.C. § 1001"));
    }

    #[test]
    fn what_follows_a_bluebook_date_is_no_outlet() {
        let c = parse_text(
            "Testimony of Natalia Veselnitskaya Before the Senate Committee on Judiciary (Nov. 20, 2017), at 21",
            reg(),
        );
        assert_eq!(c.outlet, None);
        assert_eq!(c.pinpoint.as_deref(), Some("21"));
        let c = parse_text(
            "Carlos Haddad & Thomas Stein, Talks resume, Wall St. J. (Nov. 4, 2015), at 3",
            reg(),
        );
        assert_eq!(c.authors.len(), 2);
        assert_eq!(c.title.as_deref(), Some("Talks resume"));
        assert_eq!(
            c.outlet.and_then(|o| o.id).as_deref(),
            Some("wall-street-journal")
        );
    }

    #[test]
    fn a_bare_host_names_the_site_not_the_page() {
        let c = parse_text(
            "McMillan, Robert (16 May 2017). \"Researchers Identify Clue\" – via www.wsj.com.",
            reg(),
        );
        assert_eq!(c.title.as_deref(), Some("Researchers Identify Clue"));
        assert_eq!(c.url, None);
        let o = c.outlet.expect("the site is the outlet");
        assert_eq!(
            (o.as_written.as_str(), o.id.as_deref()),
            ("www.wsj.com", Some("wall-street-journal"))
        );
        let c = parse_text(
            "\"A page\". www.wsj.com/articles/a-page. Retrieved 2 May 2017.",
            reg(),
        );
        assert_eq!(
            c.url.as_deref(),
            Some("https://www.wsj.com/articles/a-page")
        );
    }

    #[test]
    fn social_media_posts_name_author_and_platform() {
        let c = parse_text("Ryan J. Reily (@ryanjreily), Twitter, Oct. 1, 2022 3:40 p.m. ET, available at https://twitter.com/ryanjreilly/status/1576296016512692225", reg());
        assert_eq!(
            c.authors,
            vec![Person {
                given: Some("Ryan J.".into()),
                family: "Reily".into()
            }]
        );
        assert_eq!(c.title, None);
        assert_eq!(c.outlet.as_ref().unwrap().id.as_deref(), Some("twitter"));
        assert_eq!(c.date.as_ref().unwrap().iso.as_deref(), Some("2022-10-01"));
        assert_eq!(c.kind, CitationKind::WebPage);
        // the platform runs into the date without a comma
        let c = parse_text(
            "Ryan J. Reily (@ryanjreily), Twitter Oct. 1, 2022 3:33 p.m. ET",
            reg(),
        );
        assert_eq!(c.outlet.as_ref().unwrap().as_written, "Twitter");
        // a description names the post; the platform comes from the URL
        let c = parse_text("Tweet by Morgan Ortagus (@statedeptspox), April 25, 2020, https://twitter.com/statedeptspox/status/1254160319594856450", reg());
        assert_eq!(
            c.title.as_deref(),
            Some("Tweet by Morgan Ortagus (@statedeptspox)")
        );
        assert_eq!(
            c.authors,
            vec![Person {
                given: Some("Morgan".into()),
                family: "Ortagus".into()
            }]
        );
        assert_eq!(c.outlet.as_ref().unwrap().id.as_deref(), Some("twitter"));
        // an e-mail-like or sentence-like lead is no account holder
        let c = parse_text(
            "See Ann Lee, Title, with comments (@ann), N.Y. Times (May 2, 2020)",
            reg(),
        );
        assert_eq!(c.title.as_deref(), Some("Title, with comments (@ann)"));
    }

    #[test]
    fn a_site_named_by_its_host_ends_at_its_period() {
        // CS1 `"Title". elperiodico.com. 13 May 2017.`: the host's period ends the outlet
        let c = parse_text(
            "\"Boeing production plant hit with WannaCry ransomware attack\". theverge.com. 28 March 2018. Retrieved 29 March 2018.",
            reg(),
        );
        let outlet = c.outlet.as_ref().unwrap();
        assert_eq!(outlet.as_written, "theverge.com");
        assert_eq!(outlet.id.as_deref(), Some("the-verge"));
        assert_eq!(c.date.as_ref().unwrap().iso.as_deref(), Some("2018-03-28"));
        assert!(crate::extract::shape::is_host_name("elperiodico.com"));
        assert!(crate::extract::shape::is_host_name("Computing.com"));
        assert!(crate::extract::shape::is_host_name("news.com.au"));
        // abbreviations keep their periods
        for abbrev in ["U.S", "e.g", "i.e", "N.Y", "Ph.D", "a.m", "Cal.App"] {
            assert!(!crate::extract::shape::is_host_name(abbrev), "{abbrev}");
            assert!(ends_with_abbrev(&format!("see {abbrev}")), "{abbrev}");
        }
    }

    #[test]
    fn a_known_publisher_before_the_title_beats_an_unknown_series_after_it() {
        let c = parse_text("World Health Organization, “Pneumonia of Unknown Cause—China,” Disease Outbreak News, January 5, 2020, https://www.who.int/csr/don/05-january-2020-pneumonia-of-unkown-cause-china/en/.", reg());
        assert_eq!(c.outlet.as_ref().unwrap().id.as_deref(), Some("who"));
        // a known outlet after the title stays
        let c = parse_text(
            "World Health Organization, “Title,” Reuters, January 5, 2020.",
            reg(),
        );
        assert_eq!(c.outlet.as_ref().unwrap().id.as_deref(), Some("reuters"));
    }

    #[test]
    fn a_website_of_its_owner_names_the_owner() {
        let c = parse_text("“市卫生健康委员会” (“Municipal Health Commission”), website of the Wuhan Municipal People’s Government, October 22, 2019, http://www.wh.gov.cn/zwgk/t20200316_976450.shtml.", reg());
        assert_eq!(
            c.outlet.as_ref().unwrap().as_written,
            "Wuhan Municipal People’s Government"
        );
        assert_eq!(website_of_len("Website of The Guardian"), 11);
        assert_eq!(website_of_len("website of record"), 0);
        assert_eq!(website_of_len("Websites Weekly"), 0);
    }

    #[test]
    fn a_posting_by_a_person_names_its_author() {
        let c = parse_text("Posting by Edward C. Holmes, University of Sydney on behalf of the consortium, January 10, 2020, http://virological.org/t/novel-2019-coronavirus-genome/319.", reg());
        assert_eq!(
            c.authors,
            vec![Person {
                given: Some("Edward C.".into()),
                family: "Holmes".into()
            }]
        );
        // testimony names its witness, who is no author
        let c = parse_text(
            "Testimony of Natalia Veselnitskaya Before the Senate Committee on the Judiciary (Nov. 20, 2017)",
            reg(),
        );
        assert!(c.authors.is_empty(), "{:?}", c.authors);
    }

    #[test]
    fn apa_titles_with_quotations() {
        // a title in single quotes ends at its closing quote
        let c = parse_text("Carvalho, M., & Tan, T. (2021, December 1). ‘We cannot regulate online content.’ The Star. https://www.thestar.com.my/news/nation/2021/12/01/we-cannot-regulate-online-content", reg());
        assert_eq!(
            c.title.as_deref(),
            Some("We cannot regulate online content")
        );
        assert_eq!(c.outlet.as_ref().unwrap().as_written, "The Star");
        // a quotation at the end of a title is part of it, not the title
        let c = parse_text("Mohd, H. (2021, December 23). S’gor floods: MCMC tries to remove posts critical of govt, Twitter says “No.” Malaysiakini. https://www.malaysiakini.com/news/604259", reg());
        assert_eq!(
            c.title.as_deref(),
            Some("S’gor floods: MCMC tries to remove posts critical of govt, Twitter says “No.”")
        );
        assert_eq!(
            c.authors,
            vec![Person {
                given: Some("H.".into()),
                family: "Mohd".into()
            }]
        );
        assert_eq!(c.date.as_ref().unwrap().iso.as_deref(), Some("2021-12-23"));
        assert_eq!(c.outlet.as_ref().unwrap().as_written, "Malaysiakini");
        // CS1 keeps its quoted title, and the final initial keeps its period
        let c = parse_text("Cardon, Nathan A. (22 May 2017). \"WannaCry: Are Your Security Tools Up to Date?\". The National Law Review.", reg());
        assert_eq!(
            c.title.as_deref(),
            Some("WannaCry: Are Your Security Tools Up to Date?")
        );
        assert_eq!(
            c.authors,
            vec![Person {
                given: Some("Nathan A.".into()),
                family: "Cardon".into()
            }]
        );
    }

    #[test]
    fn an_organisation_that_is_also_the_outlet_is_no_author() {
        let c = parse_text("SoyaCincau. (2021, March 9). Fahmi Reza investigated for alleged defamation against Ministry of Health. SoyaCincau. https://soyacincau.com/2021/03/09/fahmi-reza/", reg());
        assert!(c.authors.is_empty());
        assert_eq!(c.authors_as_written, None);
        assert_eq!(c.outlet.as_ref().unwrap().as_written, "SoyaCincau");
        // a different organisation stays the author
        let c = parse_text(
            "MSRC Team (13 May 2017). \"Customer Guidance for WannaCrypt attacks\". Microsoft.",
            reg(),
        );
        assert_eq!(c.authors.len(), 1);
        assert_eq!(c.authors[0].family, "MSRC Team");
    }

    #[test]
    fn a_page_on_the_website_of_a_publisher() {
        let c = parse_text("Biography of Mayor Zhou Xianwang on the website\nof the Wuhan Municipal People’s Government, http://www.wh.gov.cn/zwgk/xxgk/zfld/202004/t20200429_1186939.shtml. Accessed May 5, 2020.", reg());
        assert_eq!(c.title.as_deref(), Some("Biography of Mayor Zhou Xianwang"));
        assert_eq!(
            c.outlet.as_ref().unwrap().as_written,
            "Wuhan Municipal People’s Government"
        );
        assert_eq!(c.kind, CitationKind::WebPage);
    }

    #[test]
    fn registry_kinds_decide_the_kind_of_work() {
        // a vendor's blog post, even where the URL was stripped
        let c = parse_text(
            "MSRC Team (13 May 2017). \"Customer Guidance for WannaCrypt attacks\". Microsoft.",
            reg(),
        );
        assert_eq!(c.kind, CitationKind::WebPage);
        let c = parse_text("Qun Li et al., Early Transmission Dynamics in Wuhan, China, The New England Journal of Medicine (Jan. 29, 2020)", reg());
        assert_eq!(c.kind, CitationKind::JournalArticle);
        let c = parse_text("World Health Organization, Summary of Probable SARS Cases, World Health Organization (Dec. 31, 2003), https://www.who.int/csr/sars/country/table2004_04_21/en/", reg());
        assert_eq!(c.kind, CitationKind::WebPage);
    }

    #[test]
    fn bluebook_news_with_paragraph_break() {
        let c = parse_text("Mujib Mashal, Taliban intensify attacks even as the coronavirus spreads in Afghanistan, N.Y.\n\nTimes (Apr. 24, 2020),;", reg());
        assert_eq!(c.text, "Mujib Mashal, Taliban intensify attacks even as the coronavirus spreads in Afghanistan, N.Y.\n\nTimes (Apr. 24, 2020)");
        assert_eq!(
            c.authors,
            vec![Person {
                given: Some("Mujib".into()),
                family: "Mashal".into()
            }]
        );
        assert_eq!(
            c.title.as_deref(),
            Some("Taliban intensify attacks even as the coronavirus spreads in Afghanistan")
        );
        let o = c.outlet.as_ref().unwrap();
        assert_eq!(o.as_written, "N.Y. Times");
        assert_eq!(o.id.as_deref(), Some("new-york-times"));
        assert_eq!(c.date.as_ref().unwrap().iso.as_deref(), Some("2020-04-24"));
        assert_eq!(c.kind, CitationKind::NewsArticle);
        assert_eq!(c.paragraph_breaks.len(), 1);
        assert!(c.dangling_url_marker.is_some());
    }

    #[test]
    fn title_with_commas_and_two_authors_and_dangling_at() {
        let c = parse_text("Mujib Mashal & Lara Jakes, Trump gives conditional green light to peace deal with Taliban, according to officials, N.Y. Times (February 11, 2020), at", reg());
        assert_eq!(c.authors.len(), 2);
        assert_eq!(c.title.as_deref(), Some("Trump gives conditional green light to peace deal with Taliban, according to officials"));
        assert_eq!(c.date.as_ref().unwrap().iso.as_deref(), Some("2020-02-11"));
        let d = c.dangling_url_marker.unwrap();
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn glued_truncated_outlet_and_broken_date() {
        let c = parse_text("Susannah George, the US is targeting the Taliban hours after Trump`s phone call with militant leader Wash. 4, 2020), at", reg());
        assert_eq!(c.title.as_deref(), Some("the US is targeting the Taliban hours after Trump`s phone call with militant leader"));
        assert_eq!(
            c.outlet.as_ref().map(|o| o.as_written.as_str()),
            Some("Wash.")
        );
        let d = c.date.as_ref().unwrap();
        assert_eq!(d.iso.as_deref(), Some("2020"));
        assert_eq!(d.style, crate::model::DateStyle::Malformed);
    }

    #[test]
    fn no_author_bluebook() {
        let c = parse_text("First round of US-Taliban peace talks resurrected in Qatar, Al Jazeera (December 7, 2019),", reg());
        assert!(c.authors.is_empty());
        assert_eq!(
            c.title.as_deref(),
            Some("First round of US-Taliban peace talks resurrected in Qatar")
        );
        assert_eq!(
            c.outlet.as_ref().and_then(|o| o.name.as_deref()),
            Some("Al Jazeera")
        );
    }

    #[test]
    fn signal_and_ampersand_authors() {
        let c = parse_text("See Ryan Browne & Kylie Atwood, Afghan President Orders Resumption of Offensive Operations Against Taliban in Coup Against Trump`s Deal, CNN (May 12, 2020),", reg());
        assert_eq!(c.signal.as_deref(), Some("See"));
        assert_eq!(c.authors.len(), 2);
        assert_eq!(c.outlet.as_ref().and_then(|o| o.id.as_deref()), Some("cnn"));
    }

    #[test]
    fn chicago_quoted_title_with_institutional_author() {
        let c = parse_text("U.S. CDC, “Frequently Asked Questions About SARS,” April 26, 2004, https://www.cdc.gov/sars/about/faq.html.", reg());
        assert_eq!(
            c.title.as_deref(),
            Some("Frequently Asked Questions About SARS")
        );
        assert!(c.authors.is_empty());
        assert_eq!(
            c.outlet.as_ref().map(|o| o.as_written.as_str()),
            Some("U.S. CDC")
        );
        assert_eq!(c.date.as_ref().unwrap().iso.as_deref(), Some("2004-04-26"));
        assert_eq!(
            c.url.as_deref(),
            Some("https://www.cdc.gov/sars/about/faq.html")
        );
    }

    #[test]
    fn chicago_news() {
        let c = parse_text("Carolyn Lochhead, “Silicon Valley Dream, Hollywood Nightmare,” San Francisco Chronicle, 24 September 2002, A1.", reg());
        assert_eq!(
            c.title.as_deref(),
            Some("Silicon Valley Dream, Hollywood Nightmare")
        );
        assert_eq!(
            c.outlet.as_ref().map(|o| o.as_written.as_str()),
            Some("San Francisco Chronicle")
        );
        assert_eq!(c.date.as_ref().unwrap().iso.as_deref(), Some("2002-09-24"));
    }

    #[test]
    fn wikipedia_cs1() {
        let c = parse_text("Larson, Selena (17 May 2017). \"Why WannaCry ransomware took down so many businesses\". CNN Money. CNN. Retrieved 22 May 2017.", reg());
        assert_eq!(
            c.authors,
            vec![Person {
                given: Some("Selena".into()),
                family: "Larson".into()
            }]
        );
        assert_eq!(
            c.title.as_deref(),
            Some("Why WannaCry ransomware took down so many businesses")
        );
        assert_eq!(
            c.outlet.as_ref().map(|o| o.as_written.as_str()),
            Some("CNN Money")
        );
        assert_eq!(c.date.as_ref().unwrap().iso.as_deref(), Some("2017-05-17"));
        let c = parse_text("\"Cyber-attack cost NHS £92m – DHSC\". Health Service Journal. 11 October 2018. Retrieved 13 November 2018.", reg());
        assert_eq!(
            c.outlet.as_ref().map(|o| o.as_written.as_str()),
            Some("Health Service Journal")
        );
        assert_eq!(c.date.as_ref().unwrap().iso.as_deref(), Some("2018-10-11"));
        let c = parse_text(
            "\"Wannacry is back!\". heise online. Retrieved 21 June 2018.",
            reg(),
        );
        assert_eq!(c.date, None);
        assert_eq!(c.title.as_deref(), Some("Wannacry is back!"));
    }

    #[test]
    fn apa() {
        let c = parse_text("Bernama. (2021, April 21). MCMC blocks 2,195 websites, 19,756 phone lines promoting online gambling. New Straits Times. https://www.nst.com.my/news/a", reg());
        assert_eq!(c.authors.len(), 1);
        assert_eq!(
            c.title.as_deref(),
            Some("MCMC blocks 2,195 websites, 19,756 phone lines promoting online gambling")
        );
        assert_eq!(
            c.outlet.as_ref().map(|o| o.as_written.as_str()),
            Some("New Straits Times")
        );
        assert_eq!(c.date.as_ref().unwrap().iso.as_deref(), Some("2021-04-21"));
        let c = parse_text("Husain, N. H. (2021, December 8). Rakyat Malaysia antara paling ramai. Sinar Harian. https://m.sinarharian.com.my/a", reg());
        assert_eq!(
            c.authors,
            vec![Person {
                given: Some("N. H.".into()),
                family: "Husain".into()
            }]
        );
        assert_eq!(
            c.outlet.as_ref().map(|o| o.as_written.as_str()),
            Some("Sinar Harian")
        );
    }

    #[test]
    fn short_forms_and_journals_and_books() {
        let c = parse_text("Id. at 5.", reg());
        assert_eq!(
            c.short_form.as_ref().map(|s| s.kind),
            Some(crate::model::ShortFormKind::Id)
        );
        let c = parse_text(
            "Jane Roe, A Theory of Notes, 58 Harv. L. Rev. 123, 125 (2020).",
            reg(),
        );
        assert_eq!(c.kind, CitationKind::JournalArticle);
        assert_eq!(
            c.outlet.as_ref().map(|o| o.as_written.as_str()),
            Some("Harv. L. Rev.")
        );
        assert_eq!(c.title.as_deref(), Some("A Theory of Notes"));
        let c = parse_text(
            "See Stan Liebowitz, Rethinking the Network Economy (New York: Amacom, 2002), 144-90.",
            reg(),
        );
        assert_eq!(c.kind, CitationKind::Book);
        assert_eq!(c.title.as_deref(), Some("Rethinking the Network Economy"));
    }
}
