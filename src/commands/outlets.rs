//! `ibid outlets`: the outlets cited, with every spelling used and its count.

use super::{input_errors, CommandError, Exit, Output};
use crate::cli::{ExtractFormat, OutletsArgs};
use crate::store::Store;
use serde::Serialize;
use std::collections::BTreeMap;

/// One outlet (or one unknown name) and how it was written.
#[derive(Debug, Serialize, PartialEq)]
pub struct OutletUse {
    pub id: Option<String>,
    pub name: Option<String>,
    /// Citations of this outlet's works, short forms (`Id.`, `supra`) included.
    pub citations: u64,
    /// How many of `citations` are short forms resolved to a full citation of the outlet.
    pub short_forms: u64,
    /// (spelling, count), most used first.
    pub spellings: Vec<(String, u64)>,
}

pub fn run(args: OutletsArgs) -> Result<Output, CommandError> {
    let config = crate::config::load(args.config.as_deref())?;
    let mut stderr = Vec::new();
    let short_rows: Vec<(Option<String>, String, u64)>;
    let rows: Vec<(Option<String>, String, u64)> = match &args.db {
        Some(db) => {
            let store = Store::open_read_only(db)?;
            short_rows = store.short_form_outlets()?;
            store.outlet_spellings()?
        }
        None => {
            // outlets as inferred across the run: near-misses and cut-short names count
            // for the outlet they were taken to be
            let loaded = crate::pipeline::load(&args.paths, None, &config.registry);
            stderr = input_errors(&loaded.errors);
            let inference =
                crate::outlets::infer::infer_outlets(&loaded.extractions, &config.registry);
            short_rows = short_form_rows(&loaded.extractions, &inference);
            inference
                .usage(None)
                .into_iter()
                .flat_map(|u| {
                    let id = u.outlet.map(|o| o.id.clone());
                    u.spellings
                        .into_iter()
                        .map(move |s| (id.clone(), s.spelling, s.count as u64))
                })
                .collect()
        }
    };
    let mut uses = summarize(&rows, &config.registry);
    add_short_forms(&mut uses, &short_rows);
    let stdout = match args.format {
        ExtractFormat::Json => {
            let (known, unknown) = split_unknown(uses);
            let known = if args.unknown { Vec::new() } else { known };
            serde_json::to_string_pretty(
                &serde_json::json!({"version": 1, "outlets": known, "unknown": unknown}),
            )
            .unwrap_or_default()
                + "\n"
        }
        ExtractFormat::Human => human(&uses, args.unknown),
    };
    let exit = if stderr.is_empty() {
        Exit::Clean
    } else {
        Exit::Failure
    };
    Ok(Output {
        stdout,
        stderr,
        exit,
    })
}

/// Group spelling rows by outlet; unknown names each stand alone. Sorted by citations.
pub fn summarize(
    rows: &[(Option<String>, String, u64)],
    registry: &crate::outlets::Registry,
) -> Vec<OutletUse> {
    let mut by_key: BTreeMap<String, OutletUse> = BTreeMap::new();
    for (id, spelling, n) in rows {
        // An outlet read off a URL's host (`nytimes.com`) is not a spelling used.
        let lower = spelling.to_ascii_lowercase();
        let host = lower.strip_prefix("www.").unwrap_or(&lower);
        if id
            .as_deref()
            .and_then(|i| registry.get(i))
            .is_some_and(|o| o.domains.iter().any(|d| d.eq_ignore_ascii_case(host)))
        {
            continue;
        }
        let key = id.clone().unwrap_or_else(|| format!("?{spelling}"));
        let entry = by_key.entry(key).or_insert_with(|| OutletUse {
            id: id.clone(),
            name: id
                .as_deref()
                .and_then(|i| registry.get(i))
                .map(|o| o.name.clone()),
            citations: 0,
            short_forms: 0,
            spellings: Vec::new(),
        });
        entry.citations += n;
        match entry.spellings.iter_mut().find(|(s, _)| s == spelling) {
            Some((_, c)) => *c += n,
            None => entry.spellings.push((spelling.clone(), *n)),
        }
    }
    let mut uses: Vec<OutletUse> = by_key.into_values().collect();
    for u in &mut uses {
        u.spellings
            .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    uses.sort_by(|a, b| b.citations.cmp(&a.citations).then(a.name.cmp(&b.name)));
    uses
}

/// Short forms per outlet: each resolved short form counts for the outlet (as inferred)
/// of the full citation it stands for. `(outlet id, spelling, count)`.
fn short_form_rows(
    extractions: &[crate::model::Extraction],
    inference: &crate::outlets::infer::Inference<'_>,
) -> Vec<(Option<String>, String, u64)> {
    let mut rows = Vec::new();
    for (d, ext) in extractions.iter().enumerate() {
        for r in crate::parse::resolve::analyze(&ext.footnotes) {
            let Some(t) = r.target() else { continue };
            if let Some(it) = inference
                .in_document(d)
                .find(|i| i.footnote == t.note && i.citation == t.citation)
            {
                rows.push((it.outlet.map(|o| o.id.clone()), it.as_written.clone(), 1));
            }
        }
    }
    rows
}

/// Count short forms as citations of the outlet their antecedent names (an unknown name
/// by its spelling), re-sorting by citations.
pub fn add_short_forms(uses: &mut [OutletUse], rows: &[(Option<String>, String, u64)]) {
    for (id, spelling, n) in rows {
        let found = uses.iter_mut().find(|u| match (id, &u.id) {
            (Some(a), Some(b)) => a == b,
            (None, None) => u.spellings.iter().any(|(s, _)| s == spelling),
            _ => false,
        });
        if let Some(u) = found {
            u.citations += n;
            u.short_forms += n;
        }
    }
    uses.sort_by(|a, b| b.citations.cmp(&a.citations).then(a.name.cmp(&b.name)));
}

/// An outlet name the registry does not know, with how often it was written.
#[derive(Debug, Serialize, PartialEq)]
pub struct UnknownName {
    pub spelling: String,
    pub citations: u64,
}

/// Known outlets (in order) and unknown names (most cited first, then alphabetical).
pub fn split_unknown(uses: Vec<OutletUse>) -> (Vec<OutletUse>, Vec<UnknownName>) {
    let (known, unknown): (Vec<OutletUse>, Vec<OutletUse>) =
        uses.into_iter().partition(|u| u.id.is_some());
    let mut names: Vec<UnknownName> = unknown
        .into_iter()
        .flat_map(|u| u.spellings)
        .map(|(spelling, citations)| UnknownName {
            spelling,
            citations,
        })
        .collect();
    names.sort_by(|a, b| {
        b.citations
            .cmp(&a.citations)
            .then_with(|| a.spelling.cmp(&b.spelling))
    });
    (known, names)
}

fn human(uses: &[OutletUse], only_unknown: bool) -> String {
    let mut out = String::new();
    let mut unknown = Vec::new();
    for u in uses {
        let (Some(name), Some(id)) = (&u.name, &u.id) else {
            unknown.extend(u.spellings.iter().cloned());
            continue;
        };
        if only_unknown {
            continue;
        }
        let short = match u.short_forms {
            0 => String::new(),
            n => format!(" ({n} by short form)"),
        };
        out.push_str(&format!(
            "{name} ({id}): {} citation{}{short}\n",
            u.citations,
            if u.citations == 1 { "" } else { "s" }
        ));
        for (s, n) in &u.spellings {
            out.push_str(&format!("    {n:>4}  {s}\n"));
        }
    }
    unknown.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if !unknown.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        let total: u64 = unknown.iter().map(|u| u.1).sum();
        out.push_str(&format!(
            "Not in the registry: {} name{}, {total} citation{}\n",
            unknown.len(),
            if unknown.len() == 1 { "" } else { "s" },
            if total == 1 { "" } else { "s" }
        ));
        for (s, n) in &unknown {
            out.push_str(&format!("    {n:>4}  {s}\n"));
        }
    }
    if out.is_empty() {
        out.push_str(if only_unknown {
            "every cited outlet is in the registry\n"
        } else {
            "no outlets cited\n"
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_group_under_their_outlet() {
        let rows = vec![
            (
                Some("new-york-times".to_string()),
                "N.Y. Times".to_string(),
                2,
            ),
            (
                Some("new-york-times".to_string()),
                "New York Times".to_string(),
                1,
            ),
            (None, "Wash. Swiss Post".to_string(), 1),
        ];
        let uses = summarize(&rows, crate::outlets::Registry::builtin());
        assert_eq!(uses[0].citations, 3);
        assert_eq!(uses[0].spellings[0], ("N.Y. Times".to_string(), 2));
        assert_eq!(uses[1].id, None);
        let text = human(&uses, false);
        assert!(text.starts_with("The New York Times (new-york-times): 3 citations\n"));
        assert!(
            text.ends_with("Not in the registry: 1 name, 1 citation\n       1  Wash. Swiss Post\n")
        );
        let only = human(&uses, true);
        assert!(!only.contains("New York Times"), "{only}");
        assert!(only.contains("Wash. Swiss Post"), "{only}");
        let (known, unknown) = split_unknown(uses);
        assert_eq!(known.len(), 1);
        assert_eq!(
            unknown,
            vec![UnknownName {
                spelling: "Wash. Swiss Post".into(),
                citations: 1
            }]
        );
    }
}
