//! Spellings → words → Bluebook-abbreviated words → comparison keys.
//!
//! `New York Times`, `N.Y. Times`, `NY Times`, `N.Y.Times` and `N.Y. TIMES` all become the
//! words `ny times` and the key `nytimes`. Full words are abbreviated with the table in
//! `sources/abbreviations.toml` (`Chicago` → `Chi.`, `Tribune` → `Trib.`), so a spelling
//! matches its Bluebook form even when the registry does not list that form.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

const ABBREVIATIONS: &str = include_str!("../../sources/abbreviations.toml");

/// Words dropped from every spelling before comparison.
const STOP_WORDS: &[&str] = &["the", "and", "of"];

/// Domain endings dropped when they follow a dot inside a word (`CNN.com`).
const DOMAIN_PARTS: &[&str] = &[
    "com", "org", "net", "co", "uk", "au", "ca", "de", "fr", "in",
];

/// Trailing words that name an edition rather than an outlet (`Guardian Online`).
pub(crate) const EDITION_WORDS: &[&str] = &[
    "online",
    "edition",
    "digital",
    "web",
    "website",
    "international",
    "intl",
    "print",
    "e",
];

/// Trailing words that name a section, blog or company form of an outlet rather than
/// another outlet (`Wired Security`, `CNN Money`, `Check Point Software Blog`, `… Limited`).
pub(crate) const SECTION_WORDS: &[&str] = &[
    "blog",
    "blogs",
    "security",
    "money",
    "tech",
    "technology",
    "business",
    "politics",
    "opinion",
    "labs",
    "research",
    "news",
    "limited",
    "ltd",
    "llc",
    "inc",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AbbreviationFile {
    periodical: BTreeMap<String, String>,
    geographic: BTreeMap<String, String>,
    institutional: BTreeMap<String, String>,
}

/// Full word sequences → abbreviated words, both normalized.
#[derive(Debug, Default)]
pub(crate) struct AbbreviationTable {
    map: HashMap<Vec<String>, Vec<String>>,
    longest: usize,
}

impl AbbreviationTable {
    fn from_toml(text: &str) -> Result<Self, toml::de::Error> {
        let file: AbbreviationFile = toml::from_str(text)?;
        let mut table = AbbreviationTable::default();
        // Earlier sections win when a word appears twice.
        for section in [&file.periodical, &file.geographic, &file.institutional] {
            for (full, abbr) in section {
                let from: Vec<String> = words(full).into_iter().map(|w| w.text).collect();
                let to: Vec<String> = words(abbr).into_iter().map(|w| w.text).collect();
                if from.is_empty() || from == to {
                    continue;
                }
                table.longest = table.longest.max(from.len());
                table.map.entry(from).or_insert(to);
            }
        }
        Ok(table)
    }

    /// The table compiled into the binary.
    pub(crate) fn builtin() -> &'static AbbreviationTable {
        static TABLE: OnceLock<AbbreviationTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            AbbreviationTable::from_toml(ABBREVIATIONS)
                .expect("the bundled abbreviation table is valid (checked by tests)")
        })
    }

    /// Replace full words by their abbreviations, longest phrase first.
    pub(crate) fn abbreviate(&self, raw: &[String]) -> Vec<String> {
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        'outer: while i < raw.len() {
            let max = self.longest.min(raw.len() - i);
            for n in (1..=max).rev() {
                if let Some(to) = self.map.get(&raw[i..i + n]) {
                    out.extend(to.iter().cloned());
                    i += n;
                    continue 'outer;
                }
            }
            out.push(raw[i].clone());
            i += 1;
        }
        out
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }
}

/// One word of a spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    /// Lower case, letters and digits only (`N.Y.` → `ny`, `Int'l` → `intl`).
    pub text: String,
    /// Written with a period: an abbreviation (`Wash.`, `N.Y.`).
    pub dotted: bool,
}

/// Map Unicode small capitals to their letters (`ᴛɪᴍᴇs` → `tIMEs`-like case-free letters).
fn unsmallcap(c: char) -> char {
    match c {
        'ᴀ' => 'a',
        'ʙ' => 'b',
        'ᴄ' => 'c',
        'ᴅ' => 'd',
        'ᴇ' => 'e',
        'ꜰ' => 'f',
        'ɢ' => 'g',
        'ʜ' => 'h',
        'ɪ' => 'i',
        'ᴊ' => 'j',
        'ᴋ' => 'k',
        'ʟ' => 'l',
        'ᴍ' => 'm',
        'ɴ' => 'n',
        'ᴏ' => 'o',
        'ᴘ' => 'p',
        'ꞯ' => 'q',
        'ʀ' => 'r',
        'ꜱ' => 's',
        'ᴛ' => 't',
        'ᴜ' => 'u',
        'ᴠ' => 'v',
        'ᴡ' => 'w',
        'ʏ' => 'y',
        'ᴢ' => 'z',
        other => other,
    }
}

/// Split a spelling into words: case, accents, apostrophes, hyphens and spacing ignored;
/// initialisms merged (`N.Y.` → one word `ny`); `&` read as `and`; stop words kept.
pub(crate) fn words_with_stops(s: &str) -> Vec<Word> {
    let mut folded = String::with_capacity(s.len());
    for c in s.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        match unsmallcap(c) {
            '\'' | '’' | '‘' | 'ʼ' | '`' => {}
            '&' => folded.push_str(" and "),
            c => folded.extend(c.to_lowercase()),
        }
    }
    let mut out = Vec::new();
    for chunk in folded.split(|c: char| !(c.is_alphanumeric() || c == '.')) {
        if chunk.is_empty() {
            continue;
        }
        // Parts between periods, each with whether a period follows it.
        let pieces: Vec<&str> = chunk.split('.').collect();
        let mut parts: Vec<(String, bool)> = Vec::new();
        for (i, p) in pieces.iter().enumerate() {
            if p.is_empty() {
                continue;
            }
            let dotted = i + 1 < pieces.len();
            let is_first = parts.is_empty();
            if !is_first && DOMAIN_PARTS.contains(p) {
                continue;
            }
            if is_first && *p == "www" && dotted && pieces.len() > 2 {
                continue;
            }
            parts.push((p.to_string(), dotted));
        }
        // Merge runs of single letters (`n`, `y` → `ny`).
        let mut i = 0;
        while i < parts.len() {
            let (p, dotted) = &parts[i];
            if p.chars().count() == 1 {
                let mut text = p.clone();
                let mut any_dot = *dotted;
                let mut j = i + 1;
                while j < parts.len() && parts[j].0.chars().count() == 1 {
                    text.push_str(&parts[j].0);
                    any_dot |= parts[j].1;
                    j += 1;
                }
                out.push(Word {
                    text,
                    dotted: any_dot,
                });
                i = j;
            } else {
                out.push(Word {
                    text: p.clone(),
                    dotted: *dotted,
                });
                i += 1;
            }
        }
    }
    out
}

/// [`words_with_stops`] without the stop words (`the`, `and`, `of`).
pub(crate) fn words(s: &str) -> Vec<Word> {
    words_with_stops(s)
        .into_iter()
        .filter(|w| w.dotted || !STOP_WORDS.contains(&w.text.as_str()))
        .collect()
}

/// A spelling analysed for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Analysed {
    /// Words as written (normalized).
    pub raw: Vec<String>,
    /// Words with full forms abbreviated (`washington post` → `wash post`).
    pub abbr: Vec<String>,
    /// Whether the spelling uses period-abbreviated words (Bluebook style).
    pub abbreviates: bool,
}

impl Analysed {
    pub(crate) fn new(s: &str) -> Self {
        let ws = words(s);
        let abbreviates = ws.iter().any(|w| w.dotted);
        let raw: Vec<String> = ws.into_iter().map(|w| w.text).collect();
        let abbr = AbbreviationTable::builtin().abbreviate(&raw);
        Analysed {
            raw,
            abbr,
            abbreviates,
        }
    }

    pub(crate) fn key(&self) -> String {
        self.abbr.concat()
    }
}

/// Whether a spelling uses period-abbreviated words (`Wash. Post`, `N.Y. Times`).
pub fn abbreviates(s: &str) -> bool {
    words(s).iter().any(|w| w.dotted)
}

/// The comparison key of a spelling: its abbreviated words run together.
pub fn match_key(s: &str) -> String {
    Analysed::new(s).key()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        words(s).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn the_bundled_table_loads() {
        assert!(AbbreviationTable::builtin().len() > 250);
    }

    #[test]
    fn words_fold_case_punctuation_and_initialisms() {
        assert_eq!(texts("N.Y. Times"), ["ny", "times"]);
        assert_eq!(texts("N.Y.Times"), ["ny", "times"]);
        assert_eq!(texts("The New York Times"), ["new", "york", "times"]);
        assert_eq!(texts("Chi. Sun-Times"), ["chi", "sun", "times"]);
        assert_eq!(texts("Int’l Herald Trib."), ["intl", "herald", "trib"]);
        assert_eq!(texts("NYTimes.com"), ["nytimes"]);
        assert_eq!(
            texts("U.S. News & World Report"),
            ["us", "news", "world", "report"]
        );
        assert_eq!(texts("Süddeutsche Zeitung"), ["suddeutsche", "zeitung"]);
        assert_eq!(texts("ɴ.ʏ. ᴛɪᴍᴇꜱ"), ["ny", "times"]);
    }

    #[test]
    fn dotted_words_are_marked() {
        let ws = words("Wash. Swiss Post");
        assert!(ws[0].dotted);
        assert!(!ws[1].dotted && !ws[2].dotted);
    }

    #[test]
    fn keys_apply_bluebook_abbreviations() {
        assert_eq!(match_key("New York Times"), match_key("N.Y. Times"));
        assert_eq!(match_key("Chicago Sun-Times"), match_key("Chi. Sun-Times"));
        assert_eq!(
            match_key("Philadelphia Inquirer"),
            match_key("Phila. Inquirer")
        );
        assert_eq!(match_key("Wall Street Journal"), match_key("Wall St. J."));
        assert_eq!(match_key("Los Angeles Times"), match_key("L.A. Times"));
        assert_eq!(
            match_key("International Herald Tribune"),
            match_key("Int'l Herald Trib.")
        );
        assert_ne!(match_key("Washington Times"), match_key("Washington Post"));
        assert_ne!(match_key("Financial Times"), match_key("Financial Post"));
    }
}
