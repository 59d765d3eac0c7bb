//! The binary end to end: exit codes, output contracts, exports parsed back, bad input.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::PathBuf;

const EXAMPLE: &str = "sources/examples/us-taliban-agreement.txt";

fn ibid() -> Command {
    let mut cmd = Command::cargo_bin("ibid").expect("binary builds");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1");
    cmd
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = ibid().args(args).output().expect("runs");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn check_on_the_example_reports_the_expected_rules_and_exits_1() {
    let out = ibid()
        .args([
            "check",
            "--format",
            "json",
            "--document-date",
            "2021-01-01",
            EXAMPLE,
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "errors (callouts without footnotes) fail the check"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let count = |rule: &str| findings.iter().filter(|f| f["rule"] == rule).count();
    assert_eq!(count("callout-without-footnote"), 3);
    assert_eq!(count("footnote-out-of-order"), 1);
    assert!(count("footnote-number-gap") >= 2);
    assert_eq!(count("citation-split-across-paragraphs"), 1);
    assert_eq!(count("outlet-near-miss"), 1);
    assert_eq!(count("truncated-outlet"), 1);
    assert_eq!(count("inconsistent-outlet-name"), 1);
    assert_eq!(count("incomplete-date"), 1);
    assert_eq!(count("mixed-date-styles"), 1);
    assert_eq!(count("missing-url"), 7);
    assert_eq!(count("missing-author"), 1);
    assert_eq!(count("impossible-date"), 0);
    let summary = &v["summary"];
    assert_eq!(summary["documents"], 1);
    assert_eq!(summary["footnotes"], 4);
    assert_eq!(summary["citations"], 7);
    for f in findings {
        for key in [
            "code",
            "rule",
            "severity",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "footnote",
            "message",
            "help",
        ] {
            assert!(f.get(key).is_some(), "finding lacks `{key}`: {f}");
        }
    }
    let near = findings
        .iter()
        .find(|f| f["rule"] == "outlet-near-miss")
        .unwrap();
    assert!(near["message"]
        .as_str()
        .unwrap()
        .contains("Wash. Swiss Post"));
    assert!(near["help"].as_str().unwrap().contains("Wash. Post"));
}

#[test]
fn check_json_output_is_stable() {
    let out = ibid()
        .args([
            "check",
            "--format",
            "json",
            "--document-date",
            "2021-01-01",
            EXAMPLE,
        ])
        .output()
        .unwrap();
    insta::assert_snapshot!("check_json_example", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn check_human_output_is_stable() {
    let out = ibid()
        .args(["check", "--document-date", "2021-01-01", EXAMPLE])
        .output()
        .unwrap();
    insta::assert_snapshot!("check_human_example", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn extract_json_matches_the_contract_and_the_expected_extraction() {
    let v = json(&["extract", "--format", "json", EXAMPLE]);
    assert_eq!(v["version"], 1);
    let doc = &v["documents"][0];
    assert_eq!(doc["path"], EXAMPLE);
    assert_eq!(doc["format"], "text");
    let notes = doc["footnotes"].as_array().unwrap();
    let numbers: Vec<_> = notes
        .iter()
        .map(|n| n["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [58, 12, 16, 49]);
    let c = &notes[0]["citations"][0];
    assert_eq!(c["authors"][0]["given"], "Mujib");
    assert_eq!(c["authors"][0]["family"], "Mashal");
    assert_eq!(c["outlet"]["as_written"], "N.Y. Times");
    assert_eq!(c["outlet"]["id"], "new-york-times");
    assert_eq!(c["outlet"]["name"], "The New York Times");
    assert_eq!(c["date"]["as_written"], "Apr. 24, 2020");
    assert_eq!(c["date"]["iso"], "2020-04-24");
    assert_eq!(c["date"]["precision"], "day");
    assert_eq!(c["kind"], "news-article");
    assert_eq!(c["line"], 1);
    assert_eq!(c["url"], serde_json::Value::Null);
    assert_eq!(c["short_form"], serde_json::Value::Null);
    assert_eq!(
        notes[0]["citations"][1]["outlet"]["id"],
        serde_json::Value::Null
    );
    assert_eq!(notes[0]["citations"][2]["signal"], "See");
    let callouts: Vec<_> = doc["callouts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_u64().unwrap())
        .collect();
    assert_eq!(callouts, [34, 55, 56]);
    insta::assert_json_snapshot!("extract_json_example", v);
}

#[test]
fn fail_on_and_clean_documents() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.md");
    std::fs::write(&clean, "A claim.[^1]\n\n[^1]: Ann Lee, “A Title,” Reuters, May 2, 2020, https://www.reuters.com/a.\n").unwrap();
    ibid()
        .args(["check", clean.to_str().unwrap()])
        .assert()
        .code(0);
    // the example has warnings and errors
    ibid()
        .args(["check", "--fail-on", "error", EXAMPLE])
        .assert()
        .code(1);
}

#[test]
fn config_file_turns_rules_off_and_unknown_keys_fail() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("ibid.toml");
    std::fs::write(
        &cfg,
        "[rules]\ncallout-without-footnote = \"off\"\nmissing-url = \"off\"\n",
    )
    .unwrap();
    let out = ibid()
        .args([
            "check",
            "--format",
            "json",
            "--config",
            cfg.to_str().unwrap(),
            EXAMPLE,
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["rule"] != "missing-url"));
    assert_eq!(out.status.code(), Some(0), "no errors remain");
    std::fs::write(&cfg, "[rulez]\n").unwrap();
    ibid()
        .args(["check", "--config", cfg.to_str().unwrap(), EXAMPLE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("rulez"));
}

#[test]
fn bibtex_export_parses_back() {
    let out = ibid()
        .args(["export", "--format", "bibtex", EXAMPLE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let bib = biblatex::Bibliography::parse(&text).expect("valid BibTeX");
    // seven citations, each a distinct work
    assert_eq!(bib.len(), 7);
    let mashal = bib
        .iter()
        .find(|e| e.key.starts_with("mashal2020taliban"))
        .expect("readable citekey");
    assert_eq!(mashal.entry_type.to_string(), "article");
}

#[test]
fn csl_json_export_parses_back() {
    let out = ibid()
        .args(["export", "--format", "csl-json", EXAMPLE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(items.len(), 7);
    let nyt = items
        .iter()
        .find(|i| {
            i["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Taliban intensify"))
        })
        .unwrap();
    assert_eq!(nyt["type"], "article-newspaper");
    assert_eq!(nyt["container-title"], "The New York Times");
    assert_eq!(
        nyt["issued"]["date-parts"],
        serde_json::json!([[2020, 4, 24]])
    );
    let partial = items
        .iter()
        .find(|i| {
            i["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("the US is targeting"))
        })
        .unwrap();
    assert_eq!(partial["issued"]["date-parts"], serde_json::json!([[2020]]));
}

#[test]
fn a_source_cited_twice_is_exported_once() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("twice.md");
    std::fs::write(
        &doc,
        "One.[^1] Two.[^2]\n\n[^1]: Ann Lee, “A Title,” Reuters, May 2, 2020.\n[^2]: Ann Lee, “A Title,” Reuters, May 2, 2020.\n",
    )
    .unwrap();
    let out = ibid()
        .args(["export", "--format", "csl-json", doc.to_str().unwrap()])
        .output()
        .unwrap();
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.len(), 1);
}

#[test]
fn scan_stores_and_a_rescan_of_an_unchanged_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ibid.db");
    let db_s = db.to_str().unwrap();
    ibid()
        .args(["scan", "--db", db_s, EXAMPLE])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 new"));
    ibid()
        .args(["scan", "--db", db_s, EXAMPLE])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 unchanged"));
    let out = ibid().args(["outlets", "--db", db_s]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("The New York Times"), "{text}");
    assert!(text.contains("N.Y. Times"));
}

#[test]
fn outlets_lists_every_spelling() {
    let out = ibid().args(["outlets", EXAMPLE]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("The New York Times (new-york-times): 2 citations"),
        "{text}"
    );
    assert!(text.contains("Wash. Swiss Post"));
}

#[test]
fn rule_lists_and_explains() {
    ibid().args(["rule"]).assert().code(0).stdout(
        predicate::str::contains("IB301").and(predicate::str::contains("inconsistent-outlet-name")),
    );
    ibid()
        .args(["rule", "IB303"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("What it does"));
    ibid().args(["rule", "outlet-near-miss"]).assert().code(0);
    ibid().args(["rule", "IB999"]).assert().code(2);
}

// ---- bad input: a one-line message naming the file, exit 2 (or a warning), never a panic

fn tmp_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn missing_file_exits_2_naming_it() {
    ibid()
        .args(["check", "no/such/file.txt"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no/such/file.txt")
                .and(predicate::str::contains("no such file")),
        );
}

#[test]
fn binary_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = tmp_file(&dir, "image.txt", &[0x89, b'P', b'N', b'G', 0, 0, 1, 2]);
    ibid()
        .args(["check", p.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("image.txt").and(predicate::str::contains("binary")));
}

#[test]
fn invalid_utf8_is_read_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let p = tmp_file(&dir, "latin1.txt", b"Caf\xe9 prose.\n");
    ibid()
        .args(["check", p.to_str().unwrap()])
        .assert()
        .code(0)
        .stderr(
            predicate::str::contains("latin1.txt:1:4")
                .and(predicate::str::contains("invalid UTF-8")),
        );
}

#[test]
fn empty_file_and_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    let p = tmp_file(&dir, "empty.txt", b"");
    ibid().args(["check", p.to_str().unwrap()]).assert().code(0);
    let empty = tempfile::tempdir().unwrap();
    ibid()
        .args(["check", empty.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no documents found"));
}

#[test]
fn directories_are_walked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(EXAMPLE, dir.path().join("a.txt")).unwrap();
    std::fs::write(dir.path().join("notes.bin"), [1u8, 2, 3]).unwrap();
    let out = ibid()
        .args(["extract", "--format", "json", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 1);
}

#[test]
fn stdin_is_read_with_dash() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sources/examples/us-taliban-agreement.txt"
    ))
    .unwrap();
    let out = ibid()
        .args(["extract", "--format", "json", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"][0]["footnotes"].as_array().unwrap().len(), 4);
}

#[test]
fn corrupt_database_is_a_clear_error_and_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = tmp_file(&dir, "garbage.db", &[7u8; 4096]);
    ibid()
        .args(["scan", "--db", db.to_str().unwrap(), EXAMPLE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("garbage.db"));
    assert_eq!(std::fs::read(&db).unwrap(), vec![7u8; 4096]);
}

#[test]
fn locked_database_is_a_clear_error() {
    // The database is in WAL mode: an unchanged re-scan only reads and is not blocked by
    // another writer; a scan that must write waits BUSY_TIMEOUT (10 s) for the lock, then
    // reports it and exits 2.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("locked.db");
    let doc = dir.path().join("doc.txt");
    std::fs::copy(EXAMPLE, &doc).unwrap();
    ibid()
        .args(["scan", "--db", db.to_str().unwrap(), doc.to_str().unwrap()])
        .assert()
        .code(0);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
    ibid()
        .args(["scan", "--db", db.to_str().unwrap(), doc.to_str().unwrap()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 unchanged"));
    let mut text = std::fs::read_to_string(&doc).unwrap();
    text.push_str(
        "
One more line.
",
    );
    std::fs::write(&doc, text).unwrap();
    ibid()
        .args(["scan", "--db", db.to_str().unwrap(), doc.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "database is locked by another process",
        ));
    conn.execute_batch("ROLLBACK").unwrap();
    // Once the lock is gone, the same scan stores the change.
    ibid()
        .args(["scan", "--db", db.to_str().unwrap(), doc.to_str().unwrap()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 changed"));
}

#[test]
fn bad_arguments_exit_2() {
    ibid()
        .args(["check", "--format", "yaml", EXAMPLE])
        .assert()
        .code(2);
    ibid().args(["frobnicate"]).assert().code(2);
    ibid()
        .args([
            "export",
            "--format",
            "text",
            "--style",
            "chicago-notez",
            EXAMPLE,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("chicago-notes"));
}

#[test]
fn a_long_single_line_document_is_handled() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sources/examples/us-taliban-agreement.txt"
    ))
    .unwrap()
    .replace('\n', " ");
    let p = tmp_file(&dir, "long.txt", text.repeat(400).as_bytes());
    let out = ibid()
        .args(["check", "--format", "json", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["summary"]["footnotes"].as_u64().unwrap() >= 1600);
}

#[test]
fn truncated_docx_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/news-notes.docx"
    ))
    .unwrap();
    let p = tmp_file(&dir, "cut.docx", &good[..good.len() / 2]);
    ibid()
        .args(["check", p.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cut.docx").and(predicate::str::contains("DOCX")));
}

#[test]
fn malformed_html_and_latex_give_best_effort_results() {
    let dir = tempfile::tempdir().unwrap();
    let html = tmp_file(&dir, "broken.html", b"<html><p>Claim.<sup><a href=\"#fn1\">1</a></sup><ol class=\"footnotes\"><li id=\"fn1\">Ann Lee, \xe2\x80\x9cT,\xe2\x80\x9d Reuters, May 2, 2020.");
    let out = ibid()
        .args(["extract", "--format", "json", html.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let tex = tmp_file(
        &dir,
        "broken.tex",
        b"Claim.\\footnote{Ann Lee, \\textit{T}, Reuters (May 2, 2020).\n\nNo closing brace.",
    );
    let out = ibid()
        .args(["extract", "--format", "json", tex.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"][0]["footnotes"].as_array().unwrap().len(), 1);
}

// ---- outlets: unknown names apart, JSON, URL mismatch, outlets from the URL

const URL_NOTES: &str = "Notes\n\
1. Mujib Mashal, Taliban intensify attacks, N.Y. Times (Apr. 24, 2020), https://www.washingtonpost.com/world/2020/04/24/taliban/.\n\
2. Susannah George, Civilian casualties rise, Wash. Post (May 19, 2020), https://www.washingtonpost.com/world/2020/05/19/casualties/.\n\
3. Kabul rally draws crowds, Kabul Weekly Gazette (Dec. 7, 2019).\n\
4. Tom Warren, \"WannaCry ransomware spreads\" (May 13, 2017), https://www.theverge.com/2017/5/13/wannacry.\n";

#[test]
fn outlets_lists_unknown_names_apart_and_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let f = tmp_file(&dir, "notes.txt", URL_NOTES.as_bytes());
    let f = f.to_str().unwrap();
    let out = ibid().args(["outlets", f]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("The Washington Post (washington-post): 1 citation"),
        "{text}"
    );
    assert!(
        text.contains("Not in the registry: 1 name, 1 citation"),
        "{text}"
    );
    // An outlet read off the URL is no spelling of it.
    assert!(!text.contains("theverge.com"), "{text}");
    let out = ibid().args(["outlets", "--unknown", f]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Kabul Weekly Gazette"), "{text}");
    assert!(!text.contains("Washington Post"), "{text}");
    let out = ibid()
        .args(["outlets", "--format", "json", f])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["unknown"][0]["spelling"], "Kabul Weekly Gazette");
    assert!(v["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["id"].is_string()));
}

#[test]
fn check_flags_an_outlet_whose_url_is_another_outlets_site() {
    let dir = tempfile::tempdir().unwrap();
    let f = tmp_file(&dir, "notes.txt", URL_NOTES.as_bytes());
    let out = ibid()
        .args(["check", "--format", "json", f.to_str().unwrap()])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ib307: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "IB307")
        .collect();
    assert_eq!(ib307.len(), 1, "{v:#}");
    assert_eq!(ib307[0]["rule"], "outlet-url-mismatch");
    assert_eq!(ib307[0]["footnote"], 1);
}

#[test]
fn extract_takes_the_outlet_from_a_known_url_when_none_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let f = tmp_file(&dir, "notes.txt", URL_NOTES.as_bytes());
    let out = ibid()
        .args(["extract", "--format", "json", f.to_str().unwrap()])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = v["documents"][0]["footnotes"].as_array().unwrap();
    let verge = &notes[3]["citations"][0]["outlet"];
    assert_eq!(verge["id"], "the-verge", "{verge:#}");
    assert_eq!(verge["as_written"], "theverge.com");
    let kabul = &notes[2]["citations"][0]["outlet"];
    assert_eq!(kabul["id"], serde_json::Value::Null);
}

/// Three documents whose findings depend on each other: one work cited with another date
/// (IB305, across documents) and with other authors, an outlet written two ways across the
/// run (IB301) and a cut-short outlet resolved from another document (IB206).
const RUN_A: &str = r#"One.[^1] Two.[^2] Three.[^3]

[^1]: Ann Lee, “Harbour Plans Approved,” Reuters, May 2, 2020.
[^2]: Mujib Mashal, “Taliban intensify attacks,” N.Y. Times, Apr. 24, 2020.
[^3]: Anne Gearan, “Trump speaks by phone,” Wash. Post, Mar. 4, 2020.
"#;
const RUN_B: &str = r#"One.[^1] Two.[^2] Three.[^3]

[^1]: Ann Lee, “Harbour Plans Approved,” Reuters, May 3, 2020.
[^2]: Lara Jakes, “Taliban intensify attacks,” New York Times, Apr. 24, 2020.
[^3]: Anne Gearan, “Talks resume,” Wash., Mar. 5, 2020.
"#;
const RUN_C: &str = r#"One.[^1] Two.[^2]

[^1]: Ann Lee, “Harbour Plans Approved,” Reuters, May 2, 2020.
[^2]: Bob Smith, “Harbour Plans Approved,” Reuters, May 2, 2020.
"#;

#[test]
fn findings_across_documents_are_the_same_with_and_without_a_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in [("a.md", RUN_A), ("b.md", RUN_B), ("c.md", RUN_C)] {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let expected = r#"a.md:3:7: IB203 footnote 1: no URL for this news article
a.md:4:7: IB203 footnote 2: no URL for this news article
a.md:5:7: IB203 footnote 3: no URL for this news article
b.md:3:7: IB203 footnote 1: no URL for this news article
b.md:3:7: IB305 footnote 1: “Harbour Plans Approved” is cited in footnote 1 of a.md with a different date (Ann Lee, May 3, 2020 here, Ann Lee, May 2, 2020 there)
b.md:4:7: IB203 footnote 2: no URL for this news article
b.md:4:7: IB305 footnote 2: “Taliban intensify attacks” is cited in footnote 2 of a.md with different authors (Lara Jakes, Apr. 24, 2020 here, Mujib Mashal, Apr. 24, 2020 there)
b.md:4:48: IB301 The New York Times is written 2 ways across the 3 documents of this run: `N.Y. Times` (1), `New York Times` (1); this document uses `New York Times`
b.md:5:7: IB203 footnote 3: no URL for this news article
b.md:5:36: IB206 outlet `Wash.` is cut short; it is probably `Wash. Post` (The Washington Post), cited elsewhere
b.md:5:36: IB301 The Washington Post is written 2 ways across the 3 documents of this run: `Wash. Post` (1), `Wash.` (1); this document uses `Wash.`
c.md:3:7: IB203 footnote 1: no URL for this news article
c.md:4:7: IB203 footnote 2: no URL for this news article
c.md:4:7: IB305 footnote 2: “Harbour Plans Approved” is cited in footnote 1 of a.md with different authors (Bob Smith, May 2, 2020 here, Ann Lee, May 2, 2020 there)
14 warnings, 0 errors, 0 info in 3 documents (8 footnotes, 8 citations)
"#;
    let check_in = |batch: Option<&str>, extra: &[&str]| {
        let out = concise_check(dir.path(), batch)
            .args(extra)
            .args(["a.md", "b.md", "c.md"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let check = |extra: &[&str]| check_in(None, extra);
    assert_eq!(check(&[]), expected);
    // First run fills the database's cache, the second reads the documents from it.
    assert_eq!(check(&["--db", "run.db"]), expected);
    assert_eq!(check(&["--db", "run.db"]), expected);
    // Checked a batch at a time, every document read twice (re-extracted, or decoded
    // from the cache again), across batch boundaries.
    for batch in ["1", "2"] {
        assert_eq!(check_in(Some(batch), &[]), expected, "batch {batch}");
        assert_eq!(
            check_in(Some(batch), &["--db", &format!("run{batch}.db")]),
            expected
        );
        assert_eq!(
            check_in(Some(batch), &["--db", &format!("run{batch}.db")]),
            expected
        );
    }
}

/// `ibid check --format concise` with a fixed document date in `dir`; with `batch`, the run
/// is linted that many documents at a time against the run's summary, and every document
/// is read twice.
fn concise_check(dir: &std::path::Path, batch: Option<&str>) -> Command {
    let mut cmd = ibid();
    if let Some(b) = batch {
        cmd.env("IBID_CHECK_BATCH", b);
    }
    cmd.current_dir(dir).args([
        "check",
        "--format",
        "concise",
        "--document-date",
        "2021-01-01",
    ]);
    cmd
}

/// A run checked a batch at a time reads standard input once, keeps it, and reports a
/// file that changed between its two readings.
#[test]
fn a_batched_check_keeps_standard_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in [("a.md", RUN_A), ("b.md", RUN_B)] {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let run = |batch: Option<&str>| {
        let out = concise_check(dir.path(), batch)
            .args(["a.md", "-", "b.md"])
            .write_stdin(RUN_C)
            .output()
            .expect("runs");
        (
            out.status.code(),
            String::from_utf8(out.stdout).expect("utf-8"),
        )
    };
    let whole = run(None);
    assert!(whole.1.contains("-:4:7: IB305"), "{}", whole.1);
    assert_eq!(run(Some("1")), whole);
}
