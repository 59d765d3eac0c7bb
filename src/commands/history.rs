//! `ibid history DOC FOOTNOTE`: the ledger record of one note's citations, oldest first.

use super::{existing_db, CommandError, Exit, Output};
use crate::cli::{ExtractFormat, HistoryArgs};
use crate::ledger::Change;
use crate::store::{EntryRow, HistoryRow};
use serde::Serialize;

#[derive(Serialize)]
struct JsonHistory<'a> {
    version: u32,
    path: &'a str,
    footnote: &'a str,
    citations: Vec<JsonEntry<'a>>,
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    footnote: Option<i64>,
    label: &'a str,
    citation: i64,
    text: &'a str,
    present: bool,
    status: &'static str,
    by: Option<&'a str>,
    at: Option<&'a str>,
    note: Option<&'a str>,
    history: Vec<JsonEvent<'a>>,
}

#[derive(Serialize)]
struct JsonEvent<'a> {
    at: &'a str,
    by: Option<&'a str>,
    event: &'a str,
    status: &'static str,
    footnote: Option<i64>,
    label: &'a str,
    citation: i64,
    text: &'a str,
    note: Option<&'a str>,
    changes: &'a [Change],
}

pub fn run(args: HistoryArgs) -> Result<Output, CommandError> {
    let store = existing_db(&args.db, false)?;
    let path = store.resolve_document(&args.doc)?;
    let record = store.ledger_history(&path, &args.footnote)?;
    if record.is_empty() {
        return Err(CommandError::Usage(format!(
            "{path}: the ledger has no citation in footnote {} (see `ibid status {path}`)",
            args.footnote
        )));
    }
    let stdout = match args.format {
        ExtractFormat::Json => json(&path, &args.footnote, &record),
        ExtractFormat::Human => human(&path, &args.footnote, &record),
    };
    Ok(Output::new(stdout, Exit::Clean))
}

fn json(path: &str, footnote: &str, record: &[(EntryRow, Vec<HistoryRow>)]) -> String {
    let doc = JsonHistory {
        version: 1,
        path,
        footnote,
        citations: record
            .iter()
            .map(|(e, h)| JsonEntry {
                footnote: e.footnote_number,
                label: &e.footnote_label,
                citation: e.citation_index,
                text: &e.text,
                present: e.present,
                status: e.status.as_str(),
                by: e.by.as_deref(),
                at: e.at.as_deref(),
                note: e.note.as_deref(),
                history: h
                    .iter()
                    .map(|r| JsonEvent {
                        at: &r.at,
                        by: r.by.as_deref(),
                        event: &r.event,
                        status: r.status.as_str(),
                        footnote: r.footnote_number,
                        label: &r.footnote_label,
                        citation: r.citation_index,
                        text: &r.text,
                        note: r.note.as_deref(),
                        changes: &r.changes,
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn human(path: &str, footnote: &str, record: &[(EntryRow, Vec<HistoryRow>)]) -> String {
    let mut out = format!("{path}, footnote {footnote}\n");
    for (e, history) in record {
        let state = if e.present {
            e.status.as_str().to_string()
        } else {
            format!("removed (was {})", e.status.as_str())
        };
        out.push_str(&format!("\n{}  {state}\n  {}\n", e.place(), flat(&e.text)));
        for r in history {
            let who = r.by.as_deref().unwrap_or("ibid scan");
            let what = match r.event.as_str() {
                "status" => format!("marked {}", r.status.as_str()),
                "added" => "added (unchecked)".to_string(),
                "changed" => "changed; back to unchecked".to_string(),
                "moved" => format!("moved, still {}", r.status.as_str()),
                "removed" => "removed from the document".to_string(),
                "restored" => format!("back in the document, still {}", r.status.as_str()),
                other => other.to_string(),
            };
            out.push_str(&format!("  {}  {:<7} {what} ({who})\n", r.at, r.place()));
            if let Some(note) = &r.note {
                out.push_str(&format!("      note: {note}\n"));
            }
            for c in &r.changes {
                out.push_str(&format!("      {c}\n"));
            }
        }
    }
    out
}
