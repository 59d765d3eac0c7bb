//! One module per subcommand: orchestration only (load → lint → report/store/export).
//! Commands return their output; the binary prints it and maps [`Exit`] to a process code.

pub mod check;
pub mod export;
pub mod extract;
pub mod history;
pub mod init;
pub mod outlets;
pub mod rule;
pub mod scan;
pub mod search;
pub mod sources;
pub mod sql;
pub mod status;
pub mod verify;

use crate::cli::{Cli, Command};
use crate::pipeline::InputError;

/// How a command ended, as a process exit code (design.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// No finding at or above the fail level.
    Clean = 0,
    /// Findings at or above the fail level.
    Findings = 1,
    /// The tool could not do its job.
    Failure = 2,
}

/// What a command produced.
#[derive(Debug)]
pub struct Output {
    /// For standard output.
    pub stdout: String,
    /// One-line diagnostics for standard error (per-file errors, notes).
    pub stderr: Vec<String>,
    pub exit: Exit,
}

impl Output {
    fn new(stdout: String, exit: Exit) -> Self {
        Output {
            stdout,
            stderr: Vec::new(),
            exit,
        }
    }
}

/// Errors that stop a command before it produces output.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    #[error(transparent)]
    Ledger(#[from] crate::store::LedgerError),
    #[error("{0}")]
    Usage(String),
    /// A document read twice in one run (`ibid check` reads a large run's documents once
    /// to sum the run up, then again to check them) was not the same the second time.
    #[error("{path}: changed while being checked; check again")]
    Changed { path: String },
    /// The run's findings, kept in a temporary file while the run is checked, could not
    /// be read back for its report.
    #[error(transparent)]
    Findings(#[from] crate::lint::FindingStoreError),
    /// Standard output could not be written (a report written as it is made).
    #[error("cannot write output: {0}")]
    Output(#[source] std::io::Error),
    #[error("{path}: cannot write: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Run the parsed command line.
pub fn run(cli: Cli) -> Result<Output, CommandError> {
    match cli.command {
        Command::Check(a) => check::run(a),
        Command::Extract(a) => extract::run(a),
        Command::Scan(a) => scan::run(a),
        Command::Export(a) => export::run(a),
        Command::Outlets(a) => outlets::run(a),
        Command::Search(a) => search::run(a),
        Command::Sources(a) => sources::run(a),
        Command::Sql(a) => sql::run(a),
        Command::Rule(a) => rule::run(a),
        Command::Init(a) => init::run(a),
        Command::Verify(a) => verify::run(a),
        Command::Status(a) => status::run(a),
        Command::History(a) => history::run(a),
    }
}

/// The walk filter of `input`: `--include` replaces the config's `include`,
/// `--exclude` adds to its `exclude`.
fn walk_filter(
    input: &crate::cli::InputArgs,
    config: &crate::config::Config,
) -> Result<crate::pipeline::WalkFilter, CommandError> {
    let include = if input.include.is_empty() {
        &config.include
    } else {
        &input.include
    };
    let mut exclude = config.exclude.clone();
    exclude.extend(input.exclude.iter().cloned());
    crate::pipeline::WalkFilter::new(include, &exclude)
        .map_err(|e| CommandError::Usage(format!("--include/--exclude: {e}")))
}

/// Open an existing database for the ledger commands; a missing file is an error that
/// says to scan first (these commands never create a database).
fn existing_db(path: &std::path::Path, write: bool) -> Result<crate::store::Store, CommandError> {
    if !path.exists() {
        return Err(CommandError::Usage(format!(
            "{}: no such database; run `ibid scan PATH --db {}` first",
            path.display(),
            path.display()
        )));
    }
    Ok(if write {
        crate::store::Store::open(path)?
    } else {
        crate::store::Store::open_read_only(path)?
    })
}

/// The fact-checking ledger of database `db` for the lint rules (IB501/IB502), read
/// through a read-only connection; `None` when the file does not exist or is empty (a
/// scan creates it), and the ledger rules then find nothing.
fn ledger_of(db: &std::path::Path) -> Result<Option<crate::ledger::Ledger>, CommandError> {
    if std::fs::metadata(db).map_or(true, |m| m.len() == 0) {
        return Ok(None);
    }
    let store = match crate::store::Store::open_read_only(db) {
        Ok(store) => store,
        // Created a moment ago by another ibid, schema not written yet: no ledger yet.
        Err(crate::store::StoreError::Empty { .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    Ok(Some(store.load_ledger()?))
}

/// The extraction-cache key for this run: the config file in force (its outlets change
/// the registry) and a forced input format.
fn cache_key(
    config: &crate::config::Config,
    forced: Option<crate::model::Format>,
) -> crate::store::CacheKey {
    let text = config.path.as_ref().and_then(|p| std::fs::read(p).ok());
    crate::store::CacheKey::new(text.as_deref(), forced)
}

/// Per-file errors as stderr lines; any of them makes the run a failure (exit 2).
fn input_errors(errors: &[InputError]) -> Vec<String> {
    errors.iter().map(|e| format!("error: {e}")).collect()
}

/// Notes about documents that were read with problems (lossy UTF-8).
fn read_notes(extractions: &[crate::model::Extraction]) -> Vec<String> {
    extractions.iter().filter_map(utf8_note).collect()
}

/// The warning for a document whose invalid UTF-8 was replaced, if it had any.
fn utf8_note(ex: &crate::model::Extraction) -> Option<String> {
    let at = ex.document.invalid_utf8_at?;
    let p = ex.document.position(at);
    Some(format!(
        "warning: {}:{}:{}: invalid UTF-8; decoded with replacement characters (re-save the file as UTF-8)",
        ex.document.path, p.line, p.column
    ))
}
