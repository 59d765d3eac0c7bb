//! Author lists → people: `Mujib Mashal & Lara Jakes`, `A, B, and C`, `A et al.`,
//! inverted `Cameron, Dell`, APA `Husain, N. H., & Lee, A.`, `Wong, Joon Ian; Lee, Ann`.

use crate::model::Person;

const PARTICLES: &[&str] = &[
    "de", "del", "della", "der", "di", "da", "dos", "du", "van", "von", "la", "le", "bin", "ibn",
    "al", "el", "ten", "ter", "zu",
];
/// Whether `w` in lower case is one of [`PARTICLES`], without lower-casing it: the
/// particles are ASCII, and no character outside ASCII lower-cases into their letters
/// (the Kelvin sign, which becomes `k`, is in none), so `to_lowercase() == p` holds
/// exactly when `w` equals `p` ignoring ASCII case.
fn is_particle(w: &str) -> bool {
    PARTICLES.iter().any(|p| w.eq_ignore_ascii_case(p))
}

const SUFFIXES: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];
/// Words that never appear in a personal name: organisations, titles of works (a `match`:
/// one length switch instead of a comparison with every word).
fn is_not_name_word(w: &str) -> bool {
    matches!(
        w,
        "The"
            | "Of"
            | "For"
            | "And"
            | "News"
            | "Times"
            | "Post"
            | "Report"
            | "Department"
            | "Committee"
            | "Office"
            | "Service"
            | "Organization"
            | "Organisation"
            | "Agency"
            | "Center"
            | "Centre"
            | "Institute"
            | "University"
            | "Association"
            | "Commission"
            | "Council"
            | "Ministry"
            | "Government"
            | "Press"
            | "Journal"
            | "Review"
            | "Inc."
            | "Corp."
            | "Ltd."
            | "Staff"
            | "Team"
            | "Reporters"
            | "Editors"
            | "Editorial"
            | "Board"
            | "Foundation"
            | "Bureau"
            | "Health"
            | "National"
            | "International"
            | "World"
            | "Federal"
            | "State"
            | "County"
            | "City"
            | "Court"
            | "Congress"
            | "Senate"
            | "House"
            | "U.S."
            | "US"
            | "UK"
            | "Network"
            | "Media"
            | "Group"
            | "Company"
            | "Project"
            | "Party"
            | "Union"
            | "Bank"
            | "Fund"
            | "Society"
            | "Research"
            | "Program"
            | "Programme"
            | "Statement"
            | "Testimony"
            | "Interview"
            | "Letter"
            | "Memo"
    )
}

/// Parse a string that should be an author list. `None` when it does not look like the
/// names of people (an organisation, a title).
pub fn parse_authors(text: &str) -> Option<Vec<Person>> {
    let t = text.trim().trim_end_matches([',', ':']);
    // a final period ends the list unless it closes an initial (`Husain, N. H.`)
    let last_word = t.rsplit(' ').next().unwrap_or("");
    let t = if last_word.len() <= 2 && last_word.ends_with('.') {
        t
    } else {
        t.trim_end_matches('.')
    };
    let t = t.trim_start_matches(['*', '_']).trim();
    let t = t
        .strip_prefix("By ")
        .or_else(|| t.strip_prefix("by "))
        .unwrap_or(t);
    if t.is_empty() || t.len() > 200 || t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    // `et al.` ends the list of named authors
    let t = match find_ascii(t, " et al") {
        Some(i) => t[..i].trim_end_matches(',').trim(),
        None => t,
    };
    // `Family, Given; Family, Given`
    if t.contains(';') {
        let people: Option<Vec<Person>> = t.split(';').map(|p| inverted(p.trim())).collect();
        return people.filter(|p| !p.is_empty());
    }
    let mut parts = split_list(t);
    // a byline's job title (`Health Editor, Chris Smyth`, `Chris Smyth, Health Editor`)
    if parts.iter().any(|p| is_job_title(p)) {
        parts.retain(|p| !is_job_title(p));
        if parts.is_empty() {
            return None;
        }
    }
    // inverted single author `Cameron, Dell` or APA pairs `Husain, N. H., & Lee, A.`
    if parts.len() >= 2 && parts.len().is_multiple_of(2) && find_ascii(t, " & ").is_none()
        || is_apa_pairs(&parts)
    {
        if let Some(people) = pairs(&parts) {
            return Some(people);
        }
    }
    let people: Option<Vec<Person>> = parts.iter().map(|p| person(p)).collect();
    people.filter(|p| !p.is_empty() && p.len() <= 12)
}

/// The leftmost occurrence of the ASCII `needle` in `hay`, as `str::find` gives it. A plain
/// scan: author lists are short, and `str::find` sets up a two-way searcher on every call,
/// which costs more than the search. (An ASCII byte never occurs inside a multi-byte
/// character, so every match is at a character boundary.)
fn find_ascii(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let (&first, rest) = n.split_first()?;
    let last_start = h.len().checked_sub(n.len())?;
    (0..=last_start).find(|&i| h[i] == first && h[i + 1..i + n.len()] == *rest)
}

/// `s.split(sep)` for an ASCII `sep` (see [`find_ascii`]), each piece handed to `f`.
fn split_ascii<'a>(s: &'a str, sep: &str, mut f: impl FnMut(&'a str)) {
    let mut rest = s;
    while let Some(i) = find_ascii(rest, sep) {
        f(&rest[..i]);
        rest = &rest[i + sep.len()..];
    }
    f(rest);
}

/// Split on `,`, `&`, ` and ` (Oxford comma tolerated).
fn split_list(t: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for chunk in t.split(',') {
        split_ascii(chunk, " & ", |piece| {
            split_ascii(piece, " and ", |sub| {
                let mut s = sub.trim();
                while let Some(r) = s.strip_prefix("and ") {
                    s = r;
                }
                let s = s.trim_start_matches('&').trim();
                if !s.is_empty() {
                    out.push(s);
                }
            })
        });
    }
    out
}

/// A newsroom job title written in a byline: capitalised words ending in a job
/// (`Health Editor`, `Chief Political Correspondent`, `Staff Writer`).
fn is_job_title(part: &str) -> bool {
    // at most four capitalised words (one pass, nothing collected), the last one a job
    let mut last = None;
    for (k, w) in part.split_whitespace().enumerate() {
        if k >= 4 || !w.starts_with(|c: char| c.is_uppercase()) {
            return false;
        }
        last = Some(w);
    }
    last.is_some_and(|w| {
        matches!(
            w,
            "Editor"
                | "Correspondent"
                | "Reporter"
                | "Writer"
                | "Columnist"
                | "Critic"
                | "Producer"
        )
    })
}

fn is_apa_pairs(parts: &[&str]) -> bool {
    parts.len() >= 2
        && parts.len().is_multiple_of(2)
        && parts.iter().skip(1).step_by(2).all(|g| is_initials(g))
}

/// `A.`, `N. H.`, `J.-P.`: words of at most two capital letters, with periods.
pub(crate) fn is_initials(s: &str) -> bool {
    !s.is_empty()
        && s.split_whitespace().all(|w| {
            let mut letters = w.chars().filter(|c| c.is_alphabetic());
            w.contains('.') && letters.clone().count() <= 2 && letters.all(char::is_uppercase)
        })
}

fn pairs(parts: &[&str]) -> Option<Vec<Person>> {
    let mut out = Vec::new();
    for pair in parts.chunks(2) {
        let family = pair[0].trim();
        let given = pair.get(1)?.trim();
        // a "pair" whose second half is a full name is really a list of full names
        if given.split_whitespace().count() > 3 || family.split_whitespace().count() > 3 {
            return None;
        }
        if !name_words_ok(family) || !name_words_ok(given) {
            return None;
        }
        if family.split_whitespace().count() > 1
            && given.split_whitespace().count() > 1
            && !is_initials(given)
        {
            return None;
        }
        out.push(Person {
            given: Some(given.to_string()),
            family: family.to_string(),
        });
    }
    Some(out)
}

fn inverted(p: &str) -> Option<Person> {
    match p.split_once(',') {
        Some((family, given)) if name_words_ok(family) && name_words_ok(given.trim()) => {
            Some(Person {
                given: Some(given.trim().to_string()),
                family: family.trim().to_string(),
            })
        }
        None => person(p),
        _ => None,
    }
}

fn name_words_ok(s: &str) -> bool {
    // one pass: at most five words, each a name word
    let mut count = 0;
    for w in s.split_whitespace() {
        count += 1;
        if count > 5 || !name_word_ok(w) {
            return false;
        }
    }
    count > 0
}

fn name_word_ok(w: &str) -> bool {
    let core = w.trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '(' | ')'));
    (core.starts_with(|c: char| c.is_uppercase()) || is_particle(core) || core.starts_with("al-"))
        && !is_not_name_word(core)
        && core
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
}

/// A title written before a person's name.
fn is_honorific(w: &str) -> bool {
    matches!(
        w,
        "President"
            | "Vice"
            | "Senator"
            | "Sen."
            | "Representative"
            | "Rep."
            | "Governor"
            | "Gov."
            | "Mayor"
            | "Secretary"
            | "Minister"
            | "Prime"
            | "Premier"
            | "Ambassador"
            | "General"
            | "Gen."
            | "Judge"
            | "Justice"
            | "Professor"
            | "Prof."
            | "Dr."
            | "Mr."
            | "Ms."
            | "Mrs."
            | "Sir"
            | "Dame"
    )
}

/// One `Given Family` name.
pub fn person(s: &str) -> Option<Person> {
    let s = s.trim();
    if !name_words_ok(s) {
        return None;
    }
    // at most five words (checked above): no need for a vector
    let mut buf = [""; 5];
    let mut n = 0;
    for (slot, w) in buf.iter_mut().zip(s.split_whitespace()) {
        *slot = w;
        n += 1;
    }
    let mut words = &buf[..n];
    // a title before a full name (`President Donald J. Trump`, `Dr. Ann Lee`) is no given name
    while words.len() > 2 && is_honorific(words[0]) {
        words = &words[1..];
    }
    let suffix = match words {
        [rest @ .., last] if words.len() > 2 && SUFFIXES.contains(last) => {
            words = rest;
            Some(*last)
        }
        _ => None,
    };
    if words.len() < 2 {
        // a single word is a name only when it is not all capitals (`MSRC`) or short
        let w = words.first()?;
        if w.len() < 3 || w.chars().all(|c| c.is_uppercase()) {
            return None;
        }
        return Some(Person {
            given: None,
            family: w.to_string(),
        });
    }
    // family name: last word plus any lowercase particles before it
    let mut split = words.len() - 1;
    while split > 1 && is_particle(words[split - 1]) {
        split -= 1;
    }
    let mut family = join_words(&words[split..], suffix.map_or(0, |sfx| sfx.len() + 1));
    if let Some(sfx) = suffix {
        family.push(' ');
        family.push_str(sfx);
    }
    Some(Person {
        given: Some(join_words(&words[..split], 0)),
        family,
    })
}

/// `words.join(" ")`, in one allocation of its size plus `spare` bytes (for a suffix to
/// come): `join` sizes and copies through a generic path that costs more than these few
/// short words.
fn join_words(words: &[&str], spare: usize) -> String {
    let len = words.iter().map(|w| w.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(len.saturating_sub(1) + spare);
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The sized join gives what `join(" ")` gives.
        #[test]
        fn join_words_agrees_with_join(words in proptest::collection::vec(r"[A-Za-zé.'-]{0,6}", 0..6)) {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(join_words(&words, 0), words.join(" "));
        }

        /// The one-pass job-title check answers as the collected words did.
        #[test]
        fn job_title_scan_agrees_with_the_word_list(
            s in r"(Health|Chief|staff|Editor|Writer|Critic|Producer|É|é|[A-Za-z]{1,4}|\s{1,2}|\u{a0}){0,7}"
        ) {
            let words: Vec<&str> = s.split_whitespace().collect();
            let by_list = words.len() <= 4
                && words.iter().all(|w| w.starts_with(|c: char| c.is_uppercase()))
                && words.last().is_some_and(|w| {
                    matches!(*w, "Editor" | "Correspondent" | "Reporter" | "Writer" | "Columnist" | "Critic" | "Producer")
                });
            proptest::prop_assert_eq!(is_job_title(&s), by_list, "{:?}", s);
        }
    }

    fn names(s: &str) -> Option<Vec<String>> {
        parse_authors(s).map(|v| {
            v.iter()
                .map(|p| format!("{}|{}", p.given.clone().unwrap_or_default(), p.family))
                .collect()
        })
    }

    #[test]
    fn bluebook_lists() {
        assert_eq!(
            names("Mujib Mashal & Lara Jakes"),
            Some(vec!["Mujib|Mashal".into(), "Lara|Jakes".into()])
        );
        assert_eq!(
            names("Ann Lee, Bo Chan, and Cy Dee"),
            Some(vec!["Ann|Lee".into(), "Bo|Chan".into(), "Cy|Dee".into()])
        );
        assert_eq!(
            names("Andrew E. Kramer and Sharon LaFraniere").map(|v| v.len()),
            Some(2)
        );
        assert_eq!(
            names("Ludwig van Beethoven"),
            Some(vec!["Ludwig|van Beethoven".into()])
        );
        assert_eq!(names("Ann Lee et al."), Some(vec!["Ann|Lee".into()]));
    }

    #[test]
    fn inverted_and_apa() {
        assert_eq!(names("Cameron, Dell"), Some(vec!["Dell|Cameron".into()]));
        assert_eq!(names("Husain, N. H."), Some(vec!["N. H.|Husain".into()]));
        assert_eq!(
            names("Husain, N. H., & Lee, A."),
            Some(vec!["N. H.|Husain".into(), "A.|Lee".into()])
        );
        assert_eq!(
            names("Wong, Joon Ian; Lee, Ann"),
            Some(vec!["Joon Ian|Wong".into(), "Ann|Lee".into()])
        );
    }

    #[test]
    fn a_bylines_job_title_is_not_a_name() {
        for byline in [
            "Health Editor, Chris Smyth",
            "Chris Smyth, Health Editor",
            "Chris Smyth, Science Editor",
        ] {
            assert_eq!(names(byline), Some(vec!["Chris|Smyth".into()]), "{byline}");
        }
        assert_eq!(
            names("Ann Lee, Chief Political Correspondent, and Bo Chan"),
            Some(vec!["Ann|Lee".into(), "Bo|Chan".into()])
        );
        // a title alone is still no person
        assert_eq!(names("Health Editor"), None);
        // a title before a full name is dropped; a name of two words keeps both
        assert_eq!(
            names("President Donald J. Trump"),
            Some(vec!["Donald J.|Trump".into()])
        );
        assert_eq!(names("Dr. Ann Lee"), Some(vec!["Ann|Lee".into()]));
        assert_eq!(
            names("Justice Ginsburg"),
            Some(vec!["Justice|Ginsburg".into()])
        );
        assert_eq!(names("Science Editor"), None);
    }

    #[test]
    fn organisations_and_titles_are_not_people() {
        assert_eq!(names("World Health Organization"), None);
        assert_eq!(names("U.S. CDC"), None);
        assert_eq!(names("First round of US-Taliban peace talks"), None);
        assert_eq!(names("Trump gives conditional green light"), None);
    }
}
