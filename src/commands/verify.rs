//! `ibid verify DOC FOOTNOTE[.CITATION] --status S`: record a citation's fact-checking
//! status in the ledger (one IMMEDIATE transaction; concurrent calls wait their turn).

use super::{existing_db, CommandError, Exit, Output};
use crate::cli::VerifyArgs;
use crate::ledger::{user_name, Status};
use crate::store::LEDGER_BUSY_TIMEOUT;

pub fn run(args: VerifyArgs) -> Result<Output, CommandError> {
    let mut store = existing_db(&args.db, true)?;
    store.set_busy_timeout(LEDGER_BUSY_TIMEOUT)?;
    let path = store.resolve_document(&args.doc)?;
    let stale = changed_since_scan(&store, &path)?;
    let by = user_name(args.by.as_deref());
    let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let status: Status = args.status.into();
    let entry =
        store.ledger_set_status(&path, &args.target, status, args.note.as_deref(), &by, &at)?;
    let text: String = entry.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut stdout = format!(
        "{path} {}: {} by {by} at {at}\n  {text}\n",
        entry.place(),
        status.as_str()
    );
    if let Some(note) = &entry.note {
        stdout.push_str(&format!("  note: {note}\n"));
    }
    let mut out = Output::new(stdout, Exit::Clean);
    if stale {
        out.stderr.push(format!(
            "warning: {path} has changed since it was scanned; the status was recorded for the scanned version (run `ibid scan {path}`, then check the citation's place again)"
        ));
    }
    Ok(out)
}

/// Whether the file at the stored path (read from the current directory, as `ibid scan`
/// did) now has other content than what was scanned. An unreadable file is not reported.
fn changed_since_scan(store: &crate::store::Store, path: &str) -> Result<bool, CommandError> {
    use sha2::{Digest, Sha256};
    let Some(doc) = store.documents()?.into_iter().find(|d| d.path == path) else {
        return Ok(false);
    };
    let Ok(bytes) = std::fs::read(path) else {
        return Ok(false);
    };
    let hash: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(hash != doc.content_hash)
}
