//! Command-line definitions (clap derive). Behaviour lives in [`crate::commands`].

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXIT_CODES: &str = "Exit codes:\n  0  no finding at or above the fail level\n  1  findings at or above the fail level (--fail-on, default error)\n  2  ibid could not do its job (unreadable file, bad config, bad arguments)\n  A broken pipe (ibid check ... | head) exits 0.";

/// Audit the sources a document cites: footnotes, citations, outlets, dates, URLs.
#[derive(Debug, Parser)]
#[command(name = "ibid", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract and lint; print findings; the exit code says pass or fail.
    Check(CheckArgs),
    /// Print what was extracted: footnotes, callouts, citations and their fields.
    Extract(ExtractArgs),
    /// Extract, lint and store into the database; incremental (unchanged files are skipped).
    Scan(ScanArgs),
    /// Write a bibliography of the cited works.
    Export(ExportArgs),
    /// List the outlets cited, with every spelling used and counts.
    Outlets(OutletsArgs),
    /// Full-text search of the stored citations and footnotes, best matches first.
    Search(SearchArgs),
    /// One row per cited work in the database, with where it is cited.
    Sources(SourcesArgs),
    /// Run one read-only SQL statement on the database.
    Sql(SqlArgs),
    /// Explain one rule, or list them all.
    Rule(RuleArgs),
    /// Write a commented starter ibid.toml.
    Init(InitArgs),
    /// Record the fact-checking status of a stored citation (ledger).
    Verify(VerifyArgs),
    /// Fact-checking progress per stored document, and the open problems.
    Status(StatusArgs),
    /// The ledger record of one footnote's citations.
    History(HistoryArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Text,
    Markdown,
    Html,
    Latex,
}

impl From<InputFormat> for crate::model::Format {
    fn from(f: InputFormat) -> Self {
        match f {
            InputFormat::Text => crate::model::Format::Text,
            InputFormat::Markdown => crate::model::Format::Markdown,
            InputFormat::Html => crate::model::Format::Html,
            InputFormat::Latex => crate::model::Format::Latex,
        }
    }
}

/// Options shared by every command that reads documents.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or directories (walked, honouring .gitignore); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Read every input as this format instead of detecting it.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Configuration file (default: ibid.toml here or in the nearest parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Only read walked files matching this glob (repeatable; replaces the config's `include`).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Never read walked files matching this glob (repeatable; adds to the config's `exclude`).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// rustc-style diagnostics with source snippets.
    Human,
    /// One line per finding: `path:line:col: IB301 message`.
    Concise,
    /// The JSON contract (version, summary, findings).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Lowest severity that makes the exit code 1 (overrides the config).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// The document's date (YYYY-MM-DD), for future-date checks (default: today).
    #[arg(long, value_name = "DATE")]
    pub document_date: Option<String>,
    /// Colour in human output (`auto`: only on a terminal, and never with NO_COLOR).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Enable only these rules: codes, names or prefixes (IB2), comma-separated; wins over the config.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Disable these rules: codes, names or prefixes, comma-separated; wins over the config.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print how many findings each rule produced instead of the findings (human, concise, json).
    #[arg(long)]
    pub statistics: bool,
    /// Reuse the extractions stored in this database for unchanged documents (and store
    /// new or changed ones there), so re-checking a large corpus is fast; its
    /// fact-checking ledger feeds IB501/IB502.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Human)]
    pub format: ExtractFormat,
}

/// What `ibid scan` does, for `--help`.
const SCAN_HELP: &str =
    "Files whose content hash is already stored are skipped without being read \
further; new and changed ones are extracted, parsed and linted in parallel and written in \
batched transactions (a document is stored fully or not at all; a killed scan loses at most \
the batch in flight). Each document is linted on its own here, so the corpus-wide rules \
(IB301 inconsistent-outlet-name, IB305 conflicting-duplicate) only compare within a document; \
`ibid check --db FILE PATH...` runs them across the corpus, reusing the stored extractions.";

#[derive(Debug, Args)]
#[command(after_help = SCAN_HELP)]
pub struct ScanArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Database file (SQLite, WAL mode: readers may query it during a scan).
    #[arg(long, value_name = "FILE", default_value = "ibid.db")]
    pub db: PathBuf,
    /// Delete stored documents under the scanned directories whose files are gone.
    #[arg(long)]
    pub prune: bool,
    /// Worker threads for reading and extraction (default: one per CPU).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Bibtex,
    Biblatex,
    CslJson,
    /// hayagriva's YAML (Typst).
    Yaml,
    Ris,
    Text,
    Html,
    Markdown,
    /// Every footnote rewritten in one note style, in order.
    Notes,
}

#[derive(Debug, Args)]
#[command(after_help = EXPORT_HELP)]
pub struct ExportArgs {
    /// Files or directories (walked, honouring .gitignore); `-` reads standard input.
    /// Omit them with --db to export what the database holds.
    #[arg(value_name = "PATH", required_unless_present = "db")]
    pub paths: Vec<String>,
    /// Read every input as this format instead of detecting it.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Configuration file (default: ibid.toml here or in the nearest parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Only read walked files matching this glob (repeatable; replaces the config's `include`).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Never read walked files matching this glob (repeatable; adds to the config's `exclude`).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Database: without PATHs, export the works stored there (`ibid scan`). With or without
    /// PATHs, each exported work's citekey is recorded there and recorded keys are reused,
    /// so a key never changes once published.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Only documents whose path matches this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub document: Vec<String>,
    /// Only works in this outlet: a registry id (`new-york-times`) or any spelling the
    /// registry knows (`N.Y. Times`); other names match outlets written that way (repeatable).
    #[arg(long, value_name = "ID-OR-NAME")]
    pub outlet: Vec<String>,
    /// Only works dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD). Works without a
    /// date are left out.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only works dated on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD). Works without a
    /// date are left out.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Bibliography format.
    #[arg(long, value_enum, required_unless_present = "list_styles")]
    pub format: Option<ExportFormat>,
    /// Citation style for text/html/markdown/notes: hayagriva's archived styles (apa,
    /// chicago-author-date, chicago-notes, mla, ieee, …) or an installed CSL file by name
    /// (Debian's citation-style-language-styles, e.g. bluebook-law-review).
    #[arg(long, value_name = "NAME", conflicts_with = "csl")]
    pub style: Option<String>,
    /// A CSL style file to render with.
    #[arg(long, value_name = "FILE.csl")]
    pub csl: Option<PathBuf>,
    /// Locale for the style's terms and dates (en-US, en-GB, de-DE, …).
    #[arg(long, value_name = "CODE")]
    pub locale: Option<String>,
    /// List the styles available to --style and exit.
    #[arg(long, exclusive = true)]
    pub list_styles: bool,
}

const EXPORT_HELP: &str = "Filters: --document chooses documents before works are grouped; --outlet, --since and\n--until choose works. A work dated only by year or month is kept when that period overlaps\nthe range; a work without a readable date is left out whenever --since or --until is given.";

impl ExportArgs {
    /// The input options shared with `check`, `extract` and `scan`.
    pub fn input(&self) -> InputArgs {
        InputArgs {
            paths: self.paths.clone(),
            input_format: self.input_format,
            config: self.config.clone(),
            include: self.include.clone(),
            exclude: self.exclude.clone(),
        }
    }
}

const SEARCH_HELP: &str = "Query syntax: words are matched whole, ignoring case and accents, and every word must\nmatch; punctuation is part of no word (`N.Y. Times` finds \"NY Times\" too). \"a phrase\" must\nmatch as a phrase; word* matches as a prefix. A query with an FTS5 operator (AND, OR, NOT,\nNEAR(...)) or a column filter (title:, authors:, outlet:, outlet_name:, note:) is passed to\nSQLite FTS5 as written; invalid FTS5 syntax is an error (exit 2).\n\nIndexed: each citation's title, authors, outlet as written and canonical outlet name, and\neach footnote's text. A footnote whose text matches is shown only when none of its citations\ndo. Matches in the snippet are marked \u{ab}like this\u{bb}.";

#[derive(Debug, Args)]
#[command(after_help = SEARCH_HELP)]
pub struct SearchArgs {
    /// What to look for (see the query syntax below).
    #[arg(value_name = "TEXT")]
    pub query: String,
    /// Database file.
    #[arg(long, value_name = "FILE", default_value = "ibid.db")]
    pub db: PathBuf,
    /// Show at most N matches.
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Human)]
    pub format: ExtractFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourcesFormat {
    Human,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// Database file.
    #[arg(long, value_name = "FILE", default_value = "ibid.db")]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SourcesFormat::Human)]
    pub format: SourcesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SqlFormat {
    /// Aligned columns with a header.
    Table,
    /// An array of objects, one per row.
    Json,
    /// RFC 4180 CSV with a header row.
    Csv,
}

#[derive(Debug, Args)]
#[command(
    after_help = "The database is opened read-only (and with PRAGMA query_only): a statement that would\nwrite is an error (exit 2). Views for queries: v_citations, v_footnotes, v_findings; the\nschema is described in README.md (\"Querying the database\")."
)]
pub struct SqlArgs {
    /// One SQL statement, e.g. "SELECT outlet_name, count(*) FROM v_citations GROUP BY 1".
    #[arg(value_name = "SQL")]
    pub sql: String,
    /// Database file.
    #[arg(long, value_name = "FILE", default_value = "ibid.db")]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SqlFormat::Table)]
    pub format: SqlFormat,
}

#[derive(Debug, Args)]
pub struct OutletsArgs {
    /// Files or directories to read (or use --db).
    #[arg(value_name = "PATH", required_unless_present = "db")]
    pub paths: Vec<String>,
    /// Read the outlets stored in this database instead.
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub db: Option<PathBuf>,
    /// List only the outlet names the registry does not know.
    #[arg(long)]
    pub unknown: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Human)]
    pub format: ExtractFormat,
    /// Configuration file (default: ibid.toml here or in the nearest parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// A rule code (IB301) or name (inconsistent-outlet-name); omit to list all rules.
    pub rule: Option<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to write ibid.toml into.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite an existing ibid.toml.
    #[arg(long)]
    pub force: bool,
}

/// A status `ibid verify` records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyStatus {
    /// The source says what the footnote claims.
    Verified,
    /// The source does not support the claim, or the citation is wrong.
    Problem,
    /// The source could not be obtained.
    Unavailable,
    /// Back to not yet checked.
    Unchecked,
}

impl From<VerifyStatus> for crate::ledger::Status {
    fn from(s: VerifyStatus) -> Self {
        match s {
            VerifyStatus::Verified => crate::ledger::Status::Verified,
            VerifyStatus::Problem => crate::ledger::Status::Problem,
            VerifyStatus::Unavailable => crate::ledger::Status::Unavailable,
            VerifyStatus::Unchecked => crate::ledger::Status::Unchecked,
        }
    }
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The document as stored by `ibid scan`: its path, or a unique ending of it.
    #[arg(value_name = "DOC")]
    pub doc: String,
    /// A footnote (`58`, when it has one citation) or one citation of it (`58.2`, counted from 1).
    #[arg(value_name = "FOOTNOTE[.CITATION]")]
    pub target: String,
    /// The status to record.
    #[arg(long, value_enum)]
    pub status: VerifyStatus,
    /// What was checked, or what is wrong.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Who checked (default: $USER, else $USERNAME).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Database file.
    #[arg(long, value_name = "FILE", default_value = "ibid.db")]
    pub db: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Human,
    Json,
    /// One row per citation, for spreadsheets.
    Csv,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Stored documents (paths or unique endings); default: all.
    #[arg(value_name = "DOC")]
    pub docs: Vec<String>,
    /// Database file.
    #[arg(long, value_name = "FILE", default_value = "ibid.db")]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    pub format: StatusFormat,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The document as stored by `ibid scan`: its path, or a unique ending of it.
    #[arg(value_name = "DOC")]
    pub doc: String,
    /// The footnote (number or label).
    #[arg(value_name = "FOOTNOTE")]
    pub footnote: String,
    /// Database file.
    #[arg(long, value_name = "FILE", default_value = "ibid.db")]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Human)]
    pub format: ExtractFormat,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
