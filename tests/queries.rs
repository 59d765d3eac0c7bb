//! Queries over a scanned database: `ibid search`, `ibid sources`, `ibid sql`, and
//! `ibid export --db` (stored works, filters, citekeys that never change once published).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const EXAMPLE: &str = "sources/examples/us-taliban-agreement.txt";
/// The same three notes written in Markdown, HTML and DOCX (not the whole fixtures
/// directory: other suites keep their own documents there).
const FIXTURES: [&str; 3] = [
    "tests/fixtures/news-notes.docx",
    "tests/fixtures/news-notes.html",
    "tests/fixtures/news-notes.md",
];

fn ibid() -> Command {
    let mut cmd = Command::cargo_bin("ibid").expect("binary builds");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1");
    cmd.env_remove("IBID_STYLE_DIRS");
    cmd
}

/// Run and return (exit code, stdout, stderr).
fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8(out.stderr).expect("UTF-8"),
    )
}

/// Stdout of a run that must exit 0.
fn ok(cmd: &mut Command) -> String {
    let (code, out, err) = run(cmd);
    assert_eq!(code, 0, "stderr: {err}\nstdout: {out}");
    out
}

/// A temporary database holding `paths`, scanned from the repository root.
fn scanned(paths: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ibid.db");
    let mut cmd = ibid();
    cmd.arg("scan").arg("--db").arg(&db).args(paths);
    ok(&mut cmd);
    (dir, db)
}

fn with_db(db: &Path, args: &[&str]) -> Command {
    let mut cmd = ibid();
    cmd.args(args).arg("--db").arg(db);
    cmd
}

#[test]
fn search_finds_titles_authors_outlets_and_note_text() {
    let (_dir, db) = scanned(&FIXTURES);
    let human = ok(&mut with_db(&db, &["search", "civilian casualties"]));
    insta::assert_snapshot!("search_human", human);
    let json = ok(&mut with_db(
        &db,
        &["search", "N.Y. Times", "--format", "json"],
    ));
    insta::assert_snapshot!("search_json", json);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["fts_query"], r#""N.Y." "Times""#);
    let hits = v["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 3, "one per fixture document");
    for hit in hits {
        assert_eq!(hit["footnote"], 1);
        assert_eq!(hit["citation"], 0);
        assert!(
            hit["snippet"].as_str().unwrap_or("").contains("«N.Y»"),
            "{hit}"
        );
    }
    // Authors, a quoted phrase, a prefix, FTS5 operators and a column filter.
    let count = |q: &str| -> usize {
        let out = ok(&mut with_db(&db, &["search", q, "--format", "json"]));
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        v["hits"].as_array().map_or(0, Vec::len)
    };
    assert_eq!(count("Atwood"), 3);
    assert_eq!(count("\"peace talks\""), 3);
    assert_eq!(count("resurrect*"), 3);
    assert_eq!(count("Qatar OR Doha"), 3);
    assert_eq!(count("outlet_name:\"Washington Post\""), 3);
    assert_eq!(count("nothing-like-this"), 0);
    // --limit caps the hits and says there are more.
    let limited = ok(&mut with_db(&db, &["search", "Taliban", "--limit", "2"]));
    assert!(
        limited.ends_with("2 matches shown; there are more (raise --limit)\n"),
        "{limited}"
    );
    assert_eq!(
        ok(&mut with_db(&db, &["search", "zebra"])),
        "no matches for `zebra`\n"
    );
}

#[test]
fn bad_search_queries_are_usage_errors() {
    let (_dir, db) = scanned(&FIXTURES);
    let (code, out, err) = run(&mut with_db(&db, &["search", "title:("]));
    assert_eq!(code, 2, "{out}");
    assert!(
        err.starts_with("error: search query `title:(` is not valid:"),
        "{err}"
    );
    let (code, _, err) = run(&mut with_db(&db, &["search", " & "]));
    assert_eq!(code, 2);
    assert!(err.contains("nothing to search for"), "{err}");
    let missing = db.with_file_name("missing.db");
    let (code, _, err) = run(&mut with_db(&missing, &["search", "x"]));
    assert_eq!(code, 2);
    assert!(err.contains("missing.db"), "{err}");
    assert!(!missing.exists(), "search never creates a database");
}

#[test]
fn sources_lists_each_work_once_with_where_it_is_cited() {
    let (_dir, db) = scanned(&FIXTURES);
    let human = ok(&mut with_db(&db, &["sources"]));
    insta::assert_snapshot!("sources_human", human);
    let json = ok(&mut with_db(&db, &["sources", "--format", "json"]));
    insta::assert_snapshot!("sources_json", json);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let sources = v["sources"].as_array().expect("sources");
    // As many works as the exported bibliography has entries.
    let csl = ok(&mut with_db(&db, &["export", "--format", "csl-json"]));
    let items: Vec<serde_json::Value> = serde_json::from_str(&csl).expect("CSL-JSON");
    assert_eq!(sources.len(), items.len());
    // Most cited first.
    let counts: Vec<u64> = sources.iter().filter_map(|s| s["count"].as_u64()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let csv = ok(&mut with_db(&db, &["sources", "--format", "csv"]));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("count,citekey,kind,authors,title,outlet,outlet_id,date,url,documents,footnotes")
    );
    assert_eq!(lines.count(), sources.len());
    // Citekeys show once exported with --db.
    assert!(sources.iter().all(|s| s["citekey"].is_null()));
    ok(&mut with_db(&db, &["export", "--format", "bibtex"]));
    let json = ok(&mut with_db(&db, &["sources", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert!(v["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .all(|s| s["citekey"].is_string()));
}

#[test]
fn sql_reads_the_views_and_refuses_to_write() {
    let (_dir, db) = scanned(&FIXTURES);
    let q = "SELECT document, footnote, citation, authors, outlet_name, date FROM v_citations \
             WHERE title IS NOT NULL ORDER BY document, footnote, citation LIMIT 3";
    insta::assert_snapshot!("sql_table", ok(&mut with_db(&db, &["sql", q])));
    let json = ok(&mut with_db(&db, &["sql", q, "--format", "json"]));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).expect("JSON");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["document"], "tests/fixtures/news-notes.docx");
    assert_eq!(rows[0]["footnote"], 1);
    let csv = ok(&mut with_db(&db, &["sql", q, "--format", "csv"]));
    assert!(
        csv.starts_with("document,footnote,citation,authors,outlet_name,date\n"),
        "{csv}"
    );
    let count = || {
        ok(&mut with_db(
            &db,
            &[
                "sql",
                "SELECT count(*) AS n FROM documents",
                "--format",
                "csv",
            ],
        ))
    };
    assert_eq!(count(), "n\n3\n");
    for (statement, message) in [
        ("DELETE FROM documents", "only statements that read"),
        (
            "UPDATE citation_rows SET title = 'x'",
            "only statements that read",
        ),
        ("DROP TABLE findings", "only statements that read"),
        ("SELECT 1; DELETE FROM documents", "one statement"),
        ("SELECT * FROM nowhere", "no such table: nowhere"),
    ] {
        let (code, _, err) = run(&mut with_db(&db, &["sql", statement]));
        assert_eq!(code, 2, "{statement}");
        assert!(err.contains(message), "{statement}: {err}");
    }
    assert_eq!(count(), "n\n3\n", "nothing was written");
}

/// `ibid export ARGS` from the files and from a fresh copy of the database (so no key
/// recorded by an earlier export applies), both exit 0.
fn export_both(db: &Path, paths: &[&str], args: &[&str]) -> (String, String) {
    let mut from_files = ibid();
    from_files.arg("export").args(args).args(paths);
    let copy = tempfile::tempdir().expect("temp dir");
    let fresh = copy.path().join("copy.db");
    std::fs::copy(db, &fresh).expect("copies the database");
    let mut from_db = ibid();
    from_db.arg("export").args(args).arg("--db").arg(&fresh);
    (ok(&mut from_files), ok(&mut from_db))
}

#[test]
fn export_from_the_database_equals_export_from_the_files() {
    // The database lists documents in path order; `notes` follows the documents' order.
    let paths = [EXAMPLE, FIXTURES[0], FIXTURES[1], FIXTURES[2]];
    let (_dir, db) = scanned(&paths);
    for format in [
        "bibtex", "biblatex", "csl-json", "yaml", "ris", "text", "notes",
    ] {
        let (files, stored) = export_both(&db, &paths, &["--format", format]);
        assert!(
            !files.trim().is_empty() && files.len() > 200,
            "{format}: {files}"
        );
        assert_eq!(stored, files, "{format}");
    }
}

#[test]
fn export_filters_choose_documents_outlets_and_dates() {
    let paths = [FIXTURES[0], FIXTURES[1], FIXTURES[2], EXAMPLE];
    let (_dir, db) = scanned(&paths);
    let titles = |csl: &str| -> Vec<String> {
        let items: Vec<serde_json::Value> = serde_json::from_str(csl).expect("CSL-JSON");
        let mut t: Vec<String> = items
            .iter()
            .filter_map(|i| i["title"].as_str().map(str::to_string))
            .collect();
        t.sort();
        t
    };
    let field = |csl: &str, name: &str| -> Vec<String> {
        let items: Vec<serde_json::Value> = serde_json::from_str(csl).expect("CSL-JSON");
        items.iter().map(|i| i[name].to_string()).collect()
    };
    // --document: the database export equals exporting that document's file.
    let (files, stored) = export_both(&db, &paths, &["--format", "csl-json", "--document", "*.md"]);
    assert_eq!(files, stored);
    let md = ok(ibid()
        .args(["export", "--format", "csl-json"])
        .arg("tests/fixtures/news-notes.md"));
    assert_eq!(stored, md);
    // --outlet by id, by a spelling the registry knows, or by an unknown name as written.
    let (files, by_name) = export_both(
        &db,
        &paths,
        &["--format", "csl-json", "--outlet", "N.Y. Times"],
    );
    assert_eq!(files, by_name);
    let containers = field(&by_name, "container-title");
    assert!(!containers.is_empty());
    assert!(
        containers.iter().all(|c| c == "\"The New York Times\""),
        "{containers:?}"
    );
    let (_, by_id) = export_both(
        &db,
        &paths,
        &["--format", "csl-json", "--outlet", "new-york-times"],
    );
    assert_eq!(by_id, by_name);
    let (_, both) = export_both(
        &db,
        &paths,
        &[
            "--format",
            "csl-json",
            "--outlet",
            "new-york-times",
            "--outlet",
            "CNN",
        ],
    );
    assert!(titles(&both).len() > titles(&by_id).len());
    // Dates: a range; works without a date are left out.
    let (files, spring) = export_both(
        &db,
        &paths,
        &[
            "--format",
            "csl-json",
            "--since",
            "2020-03",
            "--until",
            "2020-05-31",
        ],
    );
    assert_eq!(files, spring);
    let all = ok(&mut with_db(&db, &["export", "--format", "csl-json"]));
    assert!(
        all.contains("\"date-parts\": [\n        [\n          2019"),
        "a 2019 work exists"
    );
    assert!(!titles(&spring).is_empty() && titles(&spring).len() < titles(&all).len());
    for item in serde_json::from_str::<Vec<serde_json::Value>>(&spring).expect("CSL-JSON") {
        let parts = &item["issued"]["date-parts"][0];
        let (y, m) = (parts[0].as_i64(), parts[1].as_i64());
        assert_eq!(y, Some(2020), "{item}");
        // A work dated by year alone overlaps the range and stays.
        assert!(matches!(m, Some(3..=5) | None), "{item}");
    }
    // Bad filters are usage errors, before anything is written.
    for (args, message) in [
        (
            vec!["--since", "May 2020"],
            "expected a date as YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            vec!["--since", "2021", "--until", "2020"],
            "is after --until",
        ),
        (vec!["--document", "a[b"], "--document `a[b`"),
    ] {
        let (code, _, err) = run(with_db(&db, &["export", "--format", "bibtex"]).args(&args));
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    let (code, _, err) = run(&mut with_db(
        &db,
        &["export", "--format", "notes", "--outlet", "CNN"],
    ));
    assert_eq!(code, 2);
    assert!(err.contains("only --document applies"), "{err}");
    let (code, _, err) = run(ibid().args(["export", "--format", "bibtex", "--db", "no/such.db"]));
    assert_eq!(code, 2);
    assert!(err.contains("no/such.db: no such database"), "{err}");
}

/// A Markdown document whose notes cite `titles`, each by Susannah George in the
/// Washington Post on 19 May 2020, so their default keys collide.
fn george_doc(titles: &[&str]) -> String {
    let mut text = String::from("# Notes\n\n");
    for (i, _) in titles.iter().enumerate() {
        text.push_str(&format!("Claim {}.[^{}]\n", i + 1, i + 1));
    }
    text.push('\n');
    for (i, title) in titles.iter().enumerate() {
        text.push_str(&format!(
            "[^{}]: Susannah George, \"{title},\" *Wash. Post* (May 19, 2020), <https://www.washingtonpost.com/world/{}>.\n\n",
            i + 1,
            i + 1
        ));
    }
    text
}

/// Citekeys of a BibTeX export, each with its title.
fn keys(bib: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut key = String::new();
    for line in bib.lines() {
        if let Some(rest) = line.strip_prefix('@') {
            key = rest
                .split_once('{')
                .map(|(_, k)| k.trim_end_matches(','))
                .unwrap_or("")
                .to_string();
        } else if let Some(t) = line.strip_prefix("title = {") {
            out.push((t.trim_end_matches("},").to_string(), key.clone()));
        }
    }
    out.sort();
    out
}

#[test]
fn citekeys_never_change_once_published() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ibid.db");
    let a = dir.path().join("a.md");
    std::fs::write(&a, george_doc(&["Civilian casualties rise"])).expect("writes");
    let scan = |paths: &[&Path]| {
        let mut cmd = ibid();
        cmd.arg("scan").arg("--db").arg(&db).args(paths);
        ok(&mut cmd);
    };
    let export_db =
        |extra: &[&str]| ok(with_db(&db, &["export", "--format", "bibtex"]).args(extra));
    scan(&[&a]);
    let first = keys(&export_db(&[]));
    assert_eq!(
        first,
        [(
            "Civilian casualties rise".to_string(),
            "george2020civilian".to_string()
        )]
    );
    // A second colliding work arrives in another document.
    let b = dir.path().join("b.md");
    std::fs::write(&b, george_doc(&["Civilian deaths again", "Civilian alarm"])).expect("writes");
    scan(&[&a, &b]);
    // Exported from the files alone, every colliding key gets a suffix...
    let unrecorded = keys(&ok(ibid()
        .args(["export", "--format", "bibtex"])
        .arg(&a)
        .arg(&b)));
    assert_eq!(unrecorded[1].1, "george2020civilianb", "{unrecorded:?}");
    // ...but the published key stays, and the new works continue its suffixes.
    let second = keys(&export_db(&[]));
    assert_eq!(
        second,
        [
            (
                "Civilian alarm".to_string(),
                "george2020civilianb".to_string()
            ),
            (
                "Civilian casualties rise".to_string(),
                "george2020civilian".to_string()
            ),
            (
                "Civilian deaths again".to_string(),
                "george2020civilianc".to_string()
            ),
        ]
    );
    // A new pattern in ibid.toml changes no recorded key; exporting from the files with
    // --db uses the record too.
    let config = dir.path().join("ibid.toml");
    std::fs::write(&config, "citekey = \"{auth}_{year}\"\n").expect("writes");
    let config_s = config.to_str().expect("UTF-8 path");
    assert_eq!(keys(&export_db(&["--config", config_s])), second);
    let mut from_files = ibid();
    from_files
        .args(["export", "--format", "bibtex", "--config", config_s, "--db"])
        .arg(&db)
        .arg(&a)
        .arg(&b);
    assert_eq!(keys(&ok(&mut from_files)), second);
    // Filtering does not renumber either.
    assert_eq!(
        keys(&export_db(&["--document", "b.md"])),
        [second[0].clone(), second[2].clone()]
    );
}
