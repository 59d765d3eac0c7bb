//! `ibid scan`: extract, lint and store every document (one transaction each).

use super::{input_errors, read_notes, CommandError, Exit, Output};
use crate::cli::ScanArgs;
use crate::lint::{lint, LintContext};
use crate::store::{IngestOutcome, Store};

pub fn run(args: ScanArgs) -> Result<Output, CommandError> {
    let config = crate::config::load(args.input.config.as_deref())?;
    let loaded = crate::pipeline::load_filtered(
        &args.input.paths,
        args.input.input_format.map(Into::into),
        &config.registry,
        &super::walk_filter(&args.input, &config)?,
    );
    // Statuses as stored before this scan: unchanged citations keep theirs (IB502), new
    // and changed ones have none (IB501).
    let ledger = super::ledger_of(&args.db)?;
    let ctx = LintContext {
        extractions: &loaded.extractions,
        registry: &config.registry,
        ledger: ledger.as_ref(),
        document_date: config
            .document_date
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    let findings = lint(&ctx, &config.lint);
    let mut store = Store::open(&args.db)?;
    let (mut new, mut replaced, mut unchanged) = (0, 0, 0);
    let mut stderr = input_errors(&loaded.errors);
    for (i, ex) in loaded.extractions.iter().enumerate() {
        let own: Vec<_> = findings
            .iter()
            .filter(|f| f.document == i)
            .cloned()
            .collect();
        match store.ingest(ex, &own) {
            Ok(IngestOutcome::New) => new += 1,
            Ok(IngestOutcome::Replaced) => replaced += 1,
            Ok(IngestOutcome::Unchanged) => unchanged += 1,
            Err(e) => stderr.push(format!("error: {}: {e}", ex.document.path)),
        }
    }
    let failed = stderr.len();
    let footnotes: usize = loaded.extractions.iter().map(|e| e.footnotes.len()).sum();
    let citations: usize = loaded.extractions.iter().map(|e| e.citation_count()).sum();
    let stdout = format!(
        "{}: {} documents ({new} new, {replaced} replaced, {unchanged} unchanged, {failed} failed); {footnotes} footnotes, {citations} citations, {} findings\n",
        args.db.display(),
        loaded.extractions.len(),
        findings.len()
    );
    stderr.extend(read_notes(&loaded.extractions));
    let exit = if failed > 0 {
        Exit::Failure
    } else {
        Exit::Clean
    };
    Ok(Output {
        stdout,
        stderr,
        exit,
    })
}
