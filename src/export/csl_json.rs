//! CSL-JSON (the input format of citeproc processors, Zotero, Pandoc) with our own serde
//! structs; the schema is `citation-style-language/schema`'s `csl-data.json`.

use super::works::Work;
use super::ExportError;
use crate::model::{CitationKind, DatePrecision};
use serde::{Deserialize, Serialize};

/// One CSL-JSON item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CslItem {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    #[serde(
        rename = "container-title",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub container_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub author: Vec<CslName>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub issued: Option<CslDate>,
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
    /// The IB305 conflicting-duplicate mark.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
}

/// A person's name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CslName {
    pub family: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub given: Option<String>,
}

/// A date as `{"date-parts": [[2020, 4, 24]]}`, with fewer parts when less is known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CslDate {
    #[serde(rename = "date-parts")]
    pub date_parts: Vec<Vec<i32>>,
}

/// The CSL item type of a citation kind.
pub fn csl_type(kind: CitationKind) -> &'static str {
    match kind {
        CitationKind::NewsArticle => "article-newspaper",
        CitationKind::JournalArticle => "article-journal",
        CitationKind::WebPage => "webpage",
        CitationKind::Book => "book",
        CitationKind::Report => "report",
        CitationKind::Case => "legal_case",
        CitationKind::Statute => "legislation",
        CitationKind::Other => "document",
    }
}

fn issued(work: &Work) -> Option<CslDate> {
    let date = work.date.as_ref()?;
    let mut parts = vec![date.year?];
    let precision = date.precision.unwrap_or(DatePrecision::Year);
    if precision >= DatePrecision::Month {
        if let Some(m) = date.month.filter(|m| (1..=12).contains(m)) {
            parts.push(m as i32);
            if precision >= DatePrecision::Day {
                if let Some(d) = date.day.filter(|d| (1..=31).contains(d)) {
                    parts.push(d as i32);
                }
            }
        }
    }
    Some(CslDate {
        date_parts: vec![parts],
    })
}

/// One work as a CSL-JSON item.
pub fn item(work: &Work, key: &str) -> CslItem {
    let outlet = work.outlet_name().map(str::to_string);
    let (container_title, publisher) = match work.kind {
        CitationKind::Book | CitationKind::Report => (None, outlet),
        _ => (outlet, None),
    };
    CslItem {
        id: key.to_string(),
        kind: csl_type(work.kind).to_string(),
        title: work.title.clone(),
        container_title,
        publisher,
        author: work
            .authors
            .iter()
            .map(|p| CslName {
                family: p.family.clone(),
                given: p.given.clone(),
            })
            .collect(),
        issued: issued(work),
        url: work.url.clone(),
        note: work.conflict.clone(),
    }
}

/// All works as a pretty-printed JSON array sorted by id, with a trailing newline.
pub fn render(works: &[Work], keys: &[String]) -> Result<String, ExportError> {
    let mut items: Vec<CslItem> = works.iter().zip(keys).map(|(w, k)| item(w, k)).collect();
    items.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = serde_json::to_string_pretty(&items)?;
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::citekey::assign_keys;
    use crate::export::works::group_works;
    use crate::export::works::tests::sample;
    use serde_json::Value;

    fn sample_output() -> String {
        let works = group_works(&sample());
        let keys = assign_keys(&works);
        render(&works, &keys).expect("renders")
    }

    #[test]
    fn parses_back_with_the_expected_fields() {
        let items: Vec<CslItem> = serde_json::from_str(&sample_output()).expect("parses");
        assert_eq!(items.len(), 2, "a work cited twice is exported once");
        let g = &items[0];
        assert_eq!(g.id, "gearan2020trump");
        assert_eq!(g.kind, "article-newspaper");
        assert_eq!(g.container_title.as_deref(), Some("The Washington Post"));
        assert_eq!(
            g.issued.as_ref().map(|d| d.date_parts.clone()),
            Some(vec![vec![2020, 3]])
        );
        let m = &items[1];
        assert_eq!(m.id, "mashal2020trump");
        assert_eq!(m.author.len(), 2);
        assert_eq!(m.author[1].family, "Jakes");
        assert_eq!(m.author[1].given.as_deref(), Some("Lara"));
        assert_eq!(
            m.issued.as_ref().map(|d| d.date_parts.clone()),
            Some(vec![vec![2020, 2, 11]])
        );
        assert_eq!(m.url, None);
    }

    #[test]
    fn valid_against_the_csl_data_schema() {
        let schema: Value =
            serde_json::from_str(include_str!("testdata/csl-data.json")).expect("schema");
        let data: Value = serde_json::from_str(&sample_output()).expect("output");
        let errors = super::super::schema_check::validate(&schema, &data);
        assert!(errors.is_empty(), "{errors:#?}");
        // The checker does catch violations.
        let bad: Value = serde_json::json!([{"id": "x", "type": "newspaper", "issued": {"date-parts": [[2020, 1, 2, 3]]}, "bogus": 1}]);
        assert_eq!(super::super::schema_check::validate(&schema, &bad).len(), 3);
    }

    #[test]
    fn every_type_is_in_the_schema_enum() {
        let schema: Value =
            serde_json::from_str(include_str!("testdata/csl-data.json")).expect("schema");
        let allowed = &schema["items"]["properties"]["type"]["enum"];
        for kind in [
            CitationKind::NewsArticle,
            CitationKind::JournalArticle,
            CitationKind::Book,
            CitationKind::Report,
            CitationKind::WebPage,
            CitationKind::Case,
            CitationKind::Statute,
            CitationKind::Other,
        ] {
            let t = Value::String(csl_type(kind).to_string());
            assert!(allowed.as_array().is_some_and(|a| a.contains(&t)), "{t}");
        }
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!("csl_json", sample_output());
    }
}
