//! `ibid status [DOC…]`: fact-checking progress per stored document, the open problems,
//! or the whole ledger as JSON or CSV.

use super::{existing_db, CommandError, Exit, Output};
use crate::cli::{StatusArgs, StatusFormat};
use crate::ledger::Status;
use crate::store::EntryRow;
use serde::Serialize;

#[derive(Serialize)]
struct JsonStatus<'a> {
    version: u32,
    documents: Vec<JsonDocument<'a>>,
}

#[derive(Serialize, Default, Clone, Copy)]
struct Counts {
    verified: usize,
    problem: usize,
    unavailable: usize,
    unchecked: usize,
}

impl Counts {
    fn of(entries: &[EntryRow]) -> Counts {
        let mut c = Counts::default();
        for e in entries {
            match e.status {
                Status::Verified => c.verified += 1,
                Status::Problem => c.problem += 1,
                Status::Unavailable => c.unavailable += 1,
                Status::Unchecked => c.unchecked += 1,
            }
        }
        c
    }

    fn add(&mut self, o: Counts) {
        self.verified += o.verified;
        self.problem += o.problem;
        self.unavailable += o.unavailable;
        self.unchecked += o.unchecked;
    }

    fn total(&self) -> usize {
        self.verified + self.problem + self.unavailable + self.unchecked
    }

    /// `47/120 verified, 3 problems, 0 unavailable, 70 unchecked`
    fn line(&self) -> String {
        format!(
            "{}/{} verified, {} {}, {} unavailable, {} unchecked",
            self.verified,
            self.total(),
            self.problem,
            if self.problem == 1 {
                "problem"
            } else {
                "problems"
            },
            self.unavailable,
            self.unchecked
        )
    }
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    path: &'a str,
    counts: Counts,
    citations: Vec<JsonCitation<'a>>,
}

#[derive(Serialize)]
struct JsonCitation<'a> {
    footnote: Option<i64>,
    citation: i64,
    text: &'a str,
    status: &'static str,
    by: Option<&'a str>,
    at: Option<&'a str>,
    note: Option<&'a str>,
}

pub fn run(args: StatusArgs) -> Result<Output, CommandError> {
    let store = existing_db(&args.db, false)?;
    let paths: Vec<String> = if args.docs.is_empty() {
        store.documents()?.into_iter().map(|d| d.path).collect()
    } else {
        let mut paths = Vec::new();
        for d in &args.docs {
            let p = store.resolve_document(d)?;
            if !paths.contains(&p) {
                paths.push(p);
            }
        }
        paths
    };
    let mut docs = Vec::new();
    for p in paths {
        let entries = store.ledger_entries(&p)?;
        docs.push((p, entries));
    }
    let stdout = match args.format {
        StatusFormat::Human => human(&docs),
        StatusFormat::Json => json(&docs),
        StatusFormat::Csv => csv(&docs),
    };
    Ok(Output::new(stdout, Exit::Clean))
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn human(docs: &[(String, Vec<EntryRow>)]) -> String {
    if docs.is_empty() {
        return "no documents stored; run `ibid scan PATH` first\n".to_string();
    }
    let mut out = String::new();
    let mut total = Counts::default();
    for (path, entries) in docs {
        let counts = Counts::of(entries);
        total.add(counts);
        out.push_str(&format!("{path}: {}\n", counts.line()));
        for e in entries.iter().filter(|e| e.status == Status::Problem) {
            out.push_str(&format!("  problem {}  {}\n", e.place(), flat(&e.text)));
            let who = match (&e.by, &e.at) {
                (Some(b), Some(a)) => format!("{b}, {a}"),
                (Some(b), None) => b.clone(),
                (None, Some(a)) => a.clone(),
                (None, None) => String::new(),
            };
            match &e.note {
                Some(n) => out.push_str(&format!("          {n} ({who})\n")),
                None => out.push_str(&format!("          ({who})\n")),
            }
        }
    }
    if docs.len() > 1 {
        out.push_str(&format!("total: {}\n", total.line()));
    }
    out
}

fn json(docs: &[(String, Vec<EntryRow>)]) -> String {
    let doc = JsonStatus {
        version: 1,
        documents: docs
            .iter()
            .map(|(path, entries)| JsonDocument {
                path,
                counts: Counts::of(entries),
                citations: entries
                    .iter()
                    .map(|e| JsonCitation {
                        footnote: e.footnote_number,
                        citation: e.citation_index,
                        text: &e.text,
                        status: e.status.as_str(),
                        by: e.by.as_deref(),
                        at: e.at.as_deref(),
                        note: e.note.as_deref(),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// RFC 4180: a field with a comma, quote, CR or LF is quoted, its quotes doubled.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(docs: &[(String, Vec<EntryRow>)]) -> String {
    let mut out = String::from("document,footnote,citation,text,status,by,at,note\r\n");
    for (path, entries) in docs {
        for e in entries {
            let row = [
                path.as_str(),
                &e.footnote_label,
                &(e.citation_index + 1).to_string(),
                &e.text,
                e.status.as_str(),
                e.by.as_deref().unwrap_or(""),
                e.at.as_deref().unwrap_or(""),
                e.note.as_deref().unwrap_or(""),
            ]
            .map(csv_field);
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str, note: Option<&str>) -> EntryRow {
        EntryRow {
            id: 1,
            footnote_ordinal: 0,
            footnote_number: Some(3),
            footnote_label: "3".to_string(),
            citation_index: 1,
            text: text.to_string(),
            present: true,
            status: Status::Problem,
            by: Some("ann".to_string()),
            at: Some("2026-01-02T03:04:05Z".to_string()),
            note: note.map(str::to_string),
        }
    }

    #[test]
    fn csv_quotes_commas_quotes_and_newlines() {
        let docs = vec![(
            "drafts/a, b.md".to_string(),
            vec![entry(
                "Mashal, \"Deal,\" N.Y.\n\nTimes",
                Some("quote \"not\" found;\r\nsee p. 2"),
            )],
        )];
        assert_eq!(
            csv(&docs),
            "document,footnote,citation,text,status,by,at,note\r\n\
             \"drafts/a, b.md\",3,2,\"Mashal, \"\"Deal,\"\" N.Y.\n\nTimes\",problem,ann,\
             2026-01-02T03:04:05Z,\"quote \"\"not\"\" found;\r\nsee p. 2\"\r\n"
        );
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn human_lists_open_problems_under_the_progress_line() {
        let docs = vec![(
            "a.md".to_string(),
            vec![entry("Doe, Title", Some("wrong date"))],
        )];
        assert_eq!(
            human(&docs),
            "a.md: 0/1 verified, 1 problem, 0 unavailable, 0 unchecked\n  \
             problem 3.2  Doe, Title\n          wrong date (ann, 2026-01-02T03:04:05Z)\n"
        );
    }
}
