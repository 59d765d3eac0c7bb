//! hayagriva's YAML format (what Typst's `#bibliography("refs.yml")` reads), written by
//! hayagriva itself from the same entries the styled output renders.

use super::styled::entries;
use super::works::Work;
use super::ExportError;
use hayagriva::Library;

/// The works as a hayagriva YAML library, entries in citekey order.
pub fn render(works: &[Work], keys: &[String]) -> Result<String, ExportError> {
    let mut library = Library::new();
    for entry in entries(works, keys) {
        library.push(&entry);
    }
    if library.is_empty() {
        return Ok(String::new());
    }
    hayagriva::io::to_yaml_str(&library).map_err(|e| ExportError::Yaml(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::citekey::assign_keys;
    use crate::export::works::group_works;
    use crate::export::works::tests::{date, extraction, news, outlet, person, sample};

    #[test]
    fn hayagriva_reads_the_export_back() {
        let works = group_works(&sample());
        let keys = assign_keys(&works);
        let out = render(&works, &keys).expect("renders");
        let library = hayagriva::io::from_yaml_str(&out).expect("parses back");
        assert_eq!(library.len(), 2);
        let e = library.get("mashal2020trump").expect("entry");
        assert_eq!(
            e.title().map(|t| t.value.to_string()).as_deref(),
            Some("Trump gives conditional green light to peace deal with Taliban, according to officials")
        );
        let authors = e.authors().expect("authors");
        assert_eq!(authors[0].name, "Mashal");
        assert_eq!(authors[1].given_name.as_deref(), Some("Lara"));
        let d = e.date().expect("date");
        assert_eq!((d.year, d.month, d.day), (2020, Some(1), Some(10)));
        let parent = e.parents().first().expect("parent");
        assert_eq!(
            parent.title().map(|t| t.value.to_string()).as_deref(),
            Some("The New York Times")
        );
        insta::assert_snapshot!("yaml", out);
    }

    #[test]
    fn special_characters_survive() {
        let title = "Profits & losses: 50% of $5 for #1 in_us {x} ~y^ \\ \"q\" 'r' é 🎉: - [a]";
        let c = news(
            vec![person("Zoë", "O'Brien")],
            title,
            outlet("AT&T: News", None, None),
            Some(date(2021, None, None, "2021")),
        );
        let works = group_works(&[extraction("x", vec![(1, vec![c])])]);
        let keys = assign_keys(&works);
        let out = render(&works, &keys).expect("renders");
        let library = hayagriva::io::from_yaml_str(&out).expect("parses back");
        let e = library.nth(0).expect("entry");
        assert_eq!(
            e.title().map(|t| t.value.to_string()).as_deref(),
            Some(title)
        );
        assert_eq!(e.authors().expect("authors")[0].name, "O'Brien");
    }

    #[test]
    fn nothing_cited_is_an_empty_file() {
        assert_eq!(render(&[], &[]).expect("renders"), "");
    }
}
