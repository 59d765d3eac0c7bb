//! `ibid search`: full-text search of the stored citations and footnotes.

use super::{CommandError, Exit, Output};
use crate::cli::{ExtractFormat, SearchArgs};
use crate::store::{fts_query, SearchHit, Store, QUERY_TABLES_SINCE};

pub fn run(args: SearchArgs) -> Result<Output, CommandError> {
    let fts = fts_query(&args.query).map_err(|e| CommandError::Usage(format!("search: {e}")))?;
    let store = Store::open_read_only(&args.db)?;
    if store.schema_version()? < QUERY_TABLES_SINCE {
        return Err(CommandError::Usage(format!(
            "{}: this database predates the search index; run `ibid scan` on it once to upgrade it",
            args.db.display()
        )));
    }
    let limit = args.limit as usize;
    // One more than asked, to say whether there are more.
    let mut hits = store.search(&fts, limit + 1)?;
    let more = hits.len() > limit;
    hits.truncate(limit);
    let stdout = match args.format {
        ExtractFormat::Human => human(&args.query, &hits, more),
        ExtractFormat::Json => json(&args.query, &fts, &hits, more),
    };
    Ok(Output::new(stdout, Exit::Clean))
}

/// `path:line:col: note N, citation M (fields)` and the snippet below, one block per hit.
pub fn human(query: &str, hits: &[SearchHit], more: bool) -> String {
    if hits.is_empty() {
        return format!("no matches for `{query}`\n");
    }
    let mut out = String::new();
    for hit in hits {
        let place = match hit.citation {
            Some(c) => format!("note {}, citation {}", hit.footnote_label, c + 1),
            None => format!("note {}", hit.footnote_label),
        };
        out.push_str(&format!(
            "{}:{}:{}: {place} ({})\n    {}\n",
            hit.document,
            hit.line,
            hit.column,
            hit.fields.join(", "),
            hit.snippet
        ));
    }
    let n = hits.len();
    out.push_str(&format!(
        "\n{n} match{}{}\n",
        if n == 1 { "" } else { "es" },
        if more {
            " shown; there are more (raise --limit)"
        } else {
            ""
        }
    ));
    out
}

/// `{"version": 1, "query", "fts_query", "more", "hits": [...]}`.
pub fn json(query: &str, fts: &str, hits: &[SearchHit], more: bool) -> String {
    let value = serde_json::json!({
        "version": 1,
        "query": query,
        "fts_query": fts,
        "more": more,
        "hits": hits,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}
