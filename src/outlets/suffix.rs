//! Finding an outlet name at the end of a run of text that has no comma before it
//! (`… with militant leader Wash.`), for the citation parser.

use super::registry::Registry;

/// How many words back from the end an outlet name may start.
const MAX_WORDS: usize = 8;

/// Outlet names that are also ordinary words: alone at the end of a title they are
/// more likely the title's last word than the outlet.
const COMMON_WORDS: &[&str] = &[
    "time",
    "times",
    "wired",
    "slate",
    "salon",
    "fortune",
    "reason",
    "vice",
    "dawn",
    "quartz",
    "nation",
    "week",
    "hill",
    "atlantic",
    "guardian",
    "observer",
    "spectator",
    "economist",
    "independent",
    "sun",
    "mirror",
    "express",
    "telegraph",
    "diplomat",
    "intercept",
    "verge",
    "insider",
    "heritage",
    "hindu",
    "australian",
    "national",
    "welt",
    "cato",
    "pew",
    "rand",
    "post",
    "herald",
    "tribune",
    "journal",
    "record",
    "liberation",
    "lawfare",
    "brookings",
];

/// Abbreviations common in titles that never start a cut-short outlet name.
const ORDINARY_ABBREVIATIONS: &[&str] = &[
    "st.", "inc.", "co.", "jr.", "sr.", "dr.", "mr.", "mrs.", "ms.", "corp.", "ltd.", "etc.",
    "no.", "vol.", "id.", "ibid.", "gen.", "sen.", "rep.", "gov.", "pres.", "lt.", "col.", "capt.",
    "sgt.", "prof.", "ave.", "dept.", "min.", "approx.", "vs.", "v.",
];

/// A single written word distinctive enough to be read as an outlet on its own.
fn distinctive_single_word(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphanumeric()).collect();
    if letters.len() >= 3
        && letters
            .iter()
            .all(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        return true; // CNN, BBC, NPR
    }
    if letters.iter().skip(1).any(|c| c.is_uppercase()) && letters.iter().any(|c| c.is_lowercase())
    {
        return true; // TechCrunch, ProPublica, HuffPost
    }
    let inner_dot = word.trim_end_matches('.').contains('.');
    if inner_dot {
        return true; // Vox.com
    }
    let lower: String = letters.iter().flat_map(|c| c.to_lowercase()).collect();
    letters.len() >= 5 && !COMMON_WORDS.contains(&lower.as_str())
}

/// A single word that looks like a cut-short Bluebook abbreviation (`Wash.`, `Phila.`).
fn truncated_abbreviation(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    word.ends_with('.')
        && letters >= 3
        && word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().any(char::is_lowercase)
        && !word.trim_end_matches('.').contains('.')
        && !ORDINARY_ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

impl Registry {
    /// If `text` ends with a known outlet spelling, or with a cut-short outlet
    /// abbreviation (`… with militant leader Wash.`), the byte offset where it starts.
    /// The name must start a word with a capital letter (or a digit); single ordinary
    /// words (`Time`, `Reason`) and tiny acronyms (`AP`) are not taken on their own.
    pub fn outlet_suffix(&self, text: &str) -> Option<usize> {
        let end = text
            .trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .len();
        let body = &text[..end];
        // Word starts, nearest last.
        let mut starts: Vec<usize> = body
            .char_indices()
            .filter(|&(i, c)| {
                !c.is_whitespace() && (i == 0 || body[..i].ends_with(char::is_whitespace))
            })
            .map(|(i, _)| i)
            .collect();
        let keep = starts.len().saturating_sub(MAX_WORDS);
        starts.drain(..keep);
        // Longest candidate first.
        for &start in &starts {
            let candidate = &body[start..];
            if !candidate
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            {
                continue;
            }
            let words: Vec<&str> = candidate.split_whitespace().collect();
            let single = match words.as_slice() {
                [w] => Some(*w),
                _ => None,
            };
            if self.resolve_index(candidate).is_some() {
                if single.is_none_or(distinctive_single_word) {
                    return Some(start);
                }
                continue;
            }
            if let Some(w) = single {
                if truncated_abbreviation(w) && !self.truncation_candidates(w).is_empty() {
                    return Some(start);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suffix(text: &str) -> Option<&str> {
        Registry::builtin().outlet_suffix(text).map(|i| &text[i..])
    }

    #[test]
    fn finds_a_known_outlet_at_the_end() {
        assert_eq!(
            suffix("Trump gives conditional green light to peace deal N.Y. Times"),
            Some("N.Y. Times")
        );
        assert_eq!(
            suffix("Talks resume in Doha Washington Post"),
            Some("Washington Post")
        );
        assert_eq!(suffix("Talks resume The Atlantic"), Some("The Atlantic"));
        assert_eq!(suffix("Talks resume CNN, "), Some("CNN, "));
        assert_eq!(suffix("Talks resume Reuters"), Some("Reuters"));
    }

    #[test]
    fn finds_a_cut_short_abbreviation_at_the_end() {
        assert_eq!(
            suffix("the US is targeting the Taliban hours after Trump`s phone call with militant leader Wash."),
            Some("Wash.")
        );
    }

    #[test]
    fn ignores_ordinary_words_and_abbreviations() {
        for text in [
            "A brief history of Time",
            "Why the Taliban won the war in the Atlantic",
            "Peace talks with the U.S.",
            "Life on Wall St.",
            "Trump speaks by phone with Taliban leader",
            "An interview with AP",
            "washington post",
            "",
        ] {
            assert_eq!(suffix(text), None, "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn matching_never_panics_and_offsets_are_char_boundaries(
            text in "(\\PC{0,12}|Wash\\.|N\\.Y\\. Times|Post| |\n|ᴛɪᴍᴇꜱ|’|\\(London\\)){0,8}"
        ) {
            let reg = Registry::builtin();
            let _ = reg.resolve(&text);
            let _ = reg.near_miss(&text);
            let _ = reg.truncation_candidates(&text);
            if let Some(i) = reg.outlet_suffix(&text) {
                proptest::prop_assert!(text.is_char_boundary(i) && i < text.len());
            }
        }
    }
}
