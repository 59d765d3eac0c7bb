//! `ibid sources`: one row per distinct work in the database (grouped as `ibid export`
//! groups them), with its citation count and the documents and footnotes citing it.

use super::{CommandError, Exit, Output};
use crate::cli::{SourcesArgs, SourcesFormat};
use crate::export::{citekey, group_works, Work};
use crate::store::{Store, QUERY_TABLES_SINCE};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Where a work is cited.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Cited {
    pub document: String,
    /// The footnote's number, `None` for a non-numeric marker.
    pub footnote: Option<u32>,
    pub footnote_label: String,
    /// Index of the citation in its footnote (0-based).
    pub citation: usize,
}

/// One distinct work.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Source {
    /// The key `ibid export --db` recorded for it, if it has been exported.
    pub citekey: Option<String>,
    pub count: usize,
    pub kind: &'static str,
    pub authors: Vec<String>,
    pub title: Option<String>,
    /// Canonical outlet name when the registry knows it, else as written.
    pub outlet: Option<String>,
    pub outlet_id: Option<String>,
    /// ISO date to its known precision, else as written.
    pub date: Option<String>,
    pub url: Option<String>,
    /// Documents citing it, in path order.
    pub documents: Vec<String>,
    pub citations: Vec<Cited>,
    /// Set when another work has the same title and outlet but another date or authors (IB305).
    pub conflict: Option<String>,
}

impl Source {
    fn new(work: &Work, citekey: Option<String>) -> Source {
        let mut citations: Vec<Cited> = work
            .occurrences
            .iter()
            .map(|o| Cited {
                document: o.document.clone(),
                footnote: o.footnote,
                footnote_label: o.footnote_label.clone(),
                citation: o.citation,
            })
            .collect();
        citations.sort_by(|a, b| {
            (&a.document, a.footnote, &a.footnote_label, a.citation).cmp(&(
                &b.document,
                b.footnote,
                &b.footnote_label,
                b.citation,
            ))
        });
        let mut documents: Vec<String> = citations.iter().map(|c| c.document.clone()).collect();
        documents.dedup();
        Source {
            citekey,
            count: work.occurrences.len(),
            kind: work.kind.as_str(),
            authors: work.authors.iter().map(|p| p.display()).collect(),
            title: work.title.clone(),
            outlet: work.outlet_name().map(str::to_string),
            outlet_id: work.outlet.as_ref().and_then(|o| o.id.clone()),
            date: work
                .date
                .as_ref()
                .map(|d| d.iso.clone().unwrap_or_else(|| d.as_written.clone())),
            url: work.url.clone(),
            documents,
            citations,
            conflict: work.conflict.clone(),
        }
    }

    /// `path: notes 1, 3; other: note 7`.
    fn places(&self) -> String {
        let mut by_doc: Vec<(&str, Vec<&str>)> = Vec::new();
        for c in &self.citations {
            match by_doc.last_mut() {
                Some((d, labels)) if *d == c.document => {
                    if labels.last() != Some(&c.footnote_label.as_str()) {
                        labels.push(&c.footnote_label);
                    }
                }
                _ => by_doc.push((&c.document, vec![&c.footnote_label])),
            }
        }
        by_doc
            .iter()
            .map(|(d, labels)| {
                format!(
                    "{d}: note{} {}",
                    if labels.len() == 1 { "" } else { "s" },
                    labels.join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// `Authors, "Title", Outlet, date, url`: the fields present.
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.authors.is_empty() {
            parts.push(self.authors.join(" & "));
        }
        if let Some(t) = &self.title {
            parts.push(format!("\"{t}\""));
        }
        parts.extend(self.outlet.clone());
        parts.extend(self.date.clone());
        if self.title.is_none() {
            parts.extend(self.url.clone());
        }
        parts.join(", ")
    }
}

/// Most cited first, titled before untitled, then by normalized title and identity.
type SortKey = (std::cmp::Reverse<usize>, bool, Option<String>, String);

/// Every work in `store`, most cited first (then by title).
pub fn sources(store: &Store) -> Result<Vec<Source>, CommandError> {
    let extractions = store.extractions(|_| true)?;
    let works = group_works(&extractions);
    let recorded: HashMap<String, String> = if store.schema_version()? >= QUERY_TABLES_SINCE {
        store.citekeys()?
    } else {
        HashMap::new()
    };
    let published: HashSet<&str> = recorded.values().map(String::as_str).collect();
    let (keys, _) = citekey::assign_keys_recorded(&works, &Default::default(), &recorded);
    // Sort keys computed once: count (most first), titled before untitled, title, identity.
    let mut out: Vec<(SortKey, Source)> = works
        .iter()
        .zip(keys)
        .map(|(w, k)| {
            let key = published.contains(k.as_str()).then_some(k);
            let title = w.title.as_deref().map(crate::export::works::normalize);
            (
                (
                    std::cmp::Reverse(w.occurrences.len()),
                    title.is_none(),
                    title,
                    w.identity.clone(),
                ),
                Source::new(w, key),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

pub fn run(args: SourcesArgs) -> Result<Output, CommandError> {
    let store = Store::open_read_only(&args.db)?;
    let list = sources(&store)?;
    let stdout = match args.format {
        SourcesFormat::Human => human(&list),
        SourcesFormat::Json => {
            serde_json::to_string_pretty(&serde_json::json!({"version": 1, "sources": list}))
                .unwrap_or_default()
                + "\n"
        }
        SourcesFormat::Csv => csv(&list),
    };
    Ok(Output::new(stdout, Exit::Clean))
}

/// One block per work: count, description and citekey, then where it is cited.
pub fn human(list: &[Source]) -> String {
    if list.is_empty() {
        return "no cited works stored\n".to_string();
    }
    let width = list
        .iter()
        .map(|s| s.count.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = String::new();
    for s in list {
        let key = s
            .citekey
            .as_ref()
            .map(|k| format!("  [{k}]"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{:>width$}  {}{key}\n{:width$}  {}\n",
            s.count,
            s.describe(),
            "",
            s.places()
        ));
        if let Some(c) = &s.conflict {
            out.push_str(&format!("{:width$}  {c}\n", ""));
        }
    }
    let citations: usize = list.iter().map(|s| s.count).sum();
    out.push_str(&format!(
        "\n{} work{}, {citations} citation{}\n",
        list.len(),
        if list.len() == 1 { "" } else { "s" },
        if citations == 1 { "" } else { "s" }
    ));
    out
}

/// A header row, then one row per work; lists joined with `; `, places as `path#label`.
pub fn csv(list: &[Source]) -> String {
    use super::sql::csv_field;
    let mut out = String::from(
        "count,citekey,kind,authors,title,outlet,outlet_id,date,url,documents,footnotes\n",
    );
    for s in list {
        let fields = [
            s.count.to_string(),
            s.citekey.clone().unwrap_or_default(),
            s.kind.to_string(),
            s.authors.join("; "),
            s.title.clone().unwrap_or_default(),
            s.outlet.clone().unwrap_or_default(),
            s.outlet_id.clone().unwrap_or_default(),
            s.date.clone().unwrap_or_default(),
            s.url.clone().unwrap_or_default(),
            s.documents.join("; "),
            s.citations
                .iter()
                .map(|c| format!("{}#{}", c.document, c.footnote_label))
                .collect::<Vec<_>>()
                .join("; "),
        ];
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out
}
