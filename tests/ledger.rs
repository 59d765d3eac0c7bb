//! The fact-checking ledger end to end, through the binary: verify citations of a
//! real-looking essay, revise it (insert a note, renumber, change a date, delete a
//! citation, reorder a string cite), re-scan, and check every status and history row.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const V1: &str = include_str!("fixtures/ledger/essay-v1.md");
const V2: &str = include_str!("fixtures/ledger/essay-v2.md");
const DOC: &str = "drafts/essay.md";

fn ibid(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ibid").expect("binary builds");
    cmd.current_dir(dir);
    cmd.env("NO_COLOR", "1");
    cmd.env("USER", "tester");
    cmd.env_remove("USERNAME");
    cmd
}

/// A temporary project with the essay at `drafts/essay.md`, scanned once.
fn project(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("drafts")).expect("mkdir");
    std::fs::write(dir.path().join(DOC), text).expect("write essay");
    ibid(dir.path()).args(["scan", DOC]).assert().success();
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = ibid(dir).args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let (code, stdout, stderr) = run(dir, args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

fn verify(dir: &Path, target: &str, status: &str, extra: &[&str]) {
    let mut args = vec!["verify", "essay.md", target, "--status", status];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run(dir, &args);
    assert_eq!(code, 0, "verify {target}: {stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert!(stdout.starts_with(&format!("{DOC} {target}")), "{stdout}");
}

/// `(footnote, citation index, status, by, note)`.
type Line = (i64, i64, String, Option<String>, Option<String>);

/// Every citation in the status JSON.
fn statuses(v: &Value) -> Vec<Line> {
    v["documents"][0]["citations"]
        .as_array()
        .expect("citations")
        .iter()
        .map(|c| {
            (
                c["footnote"].as_i64().expect("footnote"),
                c["citation"].as_i64().expect("citation"),
                c["status"].as_str().expect("status").to_string(),
                c["by"].as_str().map(str::to_string),
                c["note"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn s(v: &str) -> String {
    v.to_string()
}

fn some(v: &str) -> Option<String> {
    Some(v.to_string())
}

/// The essay after the checkers' first pass: 6 verified, 1 problem, 1 unavailable, 1 unchecked.
fn checked_v1() -> tempfile::TempDir {
    let dir = project(V1);
    let d = dir.path();
    verify(
        d,
        "1",
        "verified",
        &["--by", "ann", "--note", "matches print"],
    );
    verify(d, "2.1", "verified", &["--by", "ann"]);
    verify(
        d,
        "2.2",
        "problem",
        &["--by", "bob", "--note", "headline differs, \"quoted\""],
    );
    verify(d, "3", "verified", &["--by", "ann"]);
    verify(
        d,
        "4",
        "verified",
        &["--by", "ann", "--note", "Id. → note 3"],
    );
    verify(d, "5", "verified", &["--by", "ann"]);
    verify(d, "6", "unavailable", &[]);
    verify(d, "7", "verified", &["--by", "ann"]);
    dir
}

#[test]
fn statuses_are_recorded_and_reported_in_the_contract_shape() {
    let dir = checked_v1();
    let d = dir.path();
    let v = json(d, &["status", "--format", "json"]);
    assert_eq!(v["version"], 1);
    let doc = &v["documents"][0];
    assert_eq!(doc["path"], DOC);
    assert_eq!(
        doc["counts"],
        serde_json::json!({"verified": 6, "problem": 1, "unavailable": 1, "unchecked": 1})
    );
    let keys: Vec<&String> = doc["citations"][0]
        .as_object()
        .expect("object")
        .keys()
        .collect();
    let mut want = ["footnote", "citation", "text", "status", "by", "at", "note"];
    want.sort_unstable();
    assert_eq!(keys, want);
    let at = doc["citations"][0]["at"].as_str().expect("timestamp");
    assert!(
        chrono::DateTime::parse_from_rfc3339(at).is_ok() && at.ends_with('Z'),
        "{at}"
    );
    assert_eq!(
        statuses(&v),
        [
            (1, 0, s("verified"), some("ann"), some("matches print")),
            (2, 0, s("verified"), some("ann"), None),
            (
                2,
                1,
                s("problem"),
                some("bob"),
                some("headline differs, \"quoted\"")
            ),
            (3, 0, s("verified"), some("ann"), None),
            (4, 0, s("verified"), some("ann"), some("Id. → note 3")),
            (5, 0, s("verified"), some("ann"), None),
            (6, 0, s("unavailable"), some("tester"), None),
            (7, 0, s("verified"), some("ann"), None),
            (8, 0, s("unchecked"), None, None),
        ]
    );
    let (code, human, _) = run(d, &["status"]);
    assert_eq!(code, 0);
    assert!(
        human.starts_with(&format!(
            "{DOC}: 6/9 verified, 1 problem, 1 unavailable, 1 unchecked\n  problem 2.2  Mujib Mashal"
        )),
        "{human}"
    );
    assert!(
        human.contains("headline differs, \"quoted\" (bob, "),
        "{human}"
    );
}

#[test]
fn verify_refuses_ambiguous_and_unknown_targets_with_exit_2() {
    let dir = project(V1);
    let d = dir.path();
    let (code, stdout, stderr) = run(d, &["verify", DOC, "2", "--status", "verified"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("footnote 2 has 2 citations; name one:")
            && stderr.contains("  2.1  Susannah George")
            && stderr.contains("  2.2  Mujib Mashal"),
        "{stderr}"
    );
    let (code, _, stderr) = run(d, &["verify", DOC, "99", "--status", "verified"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("drafts/essay.md has no footnote 99 (footnotes: 1, 2, 3, 4, 5, 6, 7, 8)"),
        "{stderr}"
    );
    let (code, _, stderr) = run(d, &["verify", DOC, "2.3", "--status", "verified"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("there is no 2.3"), "{stderr}");
    let (code, _, stderr) = run(d, &["verify", "other.md", "1", "--status", "verified"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no stored document matches `other.md`")
            && stderr.contains("stored: drafts/essay.md"),
        "{stderr}"
    );
    let (code, _, stderr) = run(d, &["verify", DOC, "1", "--status", "maybe"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = run(
        d,
        &[
            "verify", DOC, "1", "--status", "verified", "--db", "none.db",
        ],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("none.db: no such database"), "{stderr}");
    assert!(
        !d.join("none.db").exists(),
        "verify never creates a database"
    );
    // Nothing was recorded by the failed calls.
    let v = json(d, &["status", "--format", "json"]);
    assert_eq!(v["documents"][0]["counts"]["unchecked"], 9);
}

/// The revision: a note inserted at the top (everything renumbers), note 2's string cite
/// reordered, the Gearan date changed (Mar. 3 → Mar. 4), the Al Jazeera citation deleted;
/// `Id.` and `supra` now name other note numbers but the same sources.
#[test]
fn statuses_survive_a_revision_and_every_change_is_in_the_history() {
    let dir = checked_v1();
    let d = dir.path();
    std::fs::write(d.join(DOC), V2).expect("revise");
    ibid(d).args(["scan", DOC]).assert().success();
    let v = json(d, &["status", "--format", "json"]);
    assert_eq!(
        v["documents"][0]["counts"],
        serde_json::json!({"verified": 4, "problem": 1, "unavailable": 1, "unchecked": 3})
    );
    assert_eq!(
        statuses(&v),
        [
            (1, 0, s("unchecked"), None, None),
            (2, 0, s("verified"), some("ann"), some("matches print")),
            (
                3,
                0,
                s("problem"),
                some("bob"),
                some("headline differs, \"quoted\"")
            ),
            (3, 1, s("verified"), some("ann"), None),
            (4, 0, s("verified"), some("ann"), None),
            (5, 0, s("verified"), some("ann"), some("Id. → note 3")),
            (6, 0, s("unchecked"), None, None),
            (7, 0, s("unavailable"), some("tester"), None),
            (8, 0, s("unchecked"), None, None),
        ]
    );

    // Every history row of every note: (place, event, status, by, changes).
    type Row = (String, String, String, Option<String>, Vec<String>);
    let history = |note: &str| -> Vec<Vec<Row>> {
        let v = json(d, &["history", DOC, note, "--format", "json"]);
        v["citations"]
            .as_array()
            .expect("citations")
            .iter()
            .map(|c| {
                c["history"]
                    .as_array()
                    .expect("history")
                    .iter()
                    .map(|h| {
                        let place = format!(
                            "{}.{}",
                            h["label"].as_str().unwrap_or("?"),
                            h["citation"].as_i64().unwrap_or(-1) + 1
                        );
                        let changes = h["changes"]
                            .as_array()
                            .expect("changes")
                            .iter()
                            .map(|c| format!("{}: {} → {}", c["field"], c["from"], c["to"]))
                            .collect();
                        (
                            place,
                            h["event"].as_str().unwrap_or("?").to_string(),
                            h["status"].as_str().unwrap_or("?").to_string(),
                            h["by"].as_str().map(str::to_string),
                            changes,
                        )
                    })
                    .collect()
            })
            .collect()
    };
    let row = |place: &str, event: &str, status: &str, by: Option<&str>, changes: &[&str]| {
        (
            s(place),
            s(event),
            s(status),
            by.map(str::to_string),
            changes.iter().map(|c| s(c)).collect::<Vec<_>>(),
        )
    };
    let moved = |from: &str, to: &str, status: &str| {
        row(
            to,
            "moved",
            status,
            None,
            &[&format!("\"place\": \"{from}\" → \"{to}\"")],
        )
    };
    assert_eq!(
        history("1"),
        [vec![row("1.1", "added", "unchecked", None, &[])]]
    );
    assert_eq!(
        history("2"),
        [vec![
            row("1.1", "added", "unchecked", None, &[]),
            row("1.1", "status", "verified", Some("ann"), &[]),
            moved("1.1", "2.1", "verified"),
        ]]
    );
    assert_eq!(
        history("3"),
        [
            vec![
                row("2.2", "added", "unchecked", None, &[]),
                row("2.2", "status", "problem", Some("bob"), &[]),
                moved("2.2", "3.1", "problem"),
            ],
            vec![
                row("2.1", "added", "unchecked", None, &[]),
                row("2.1", "status", "verified", Some("ann"), &[]),
                moved("2.1", "3.2", "verified"),
            ],
        ]
    );
    assert_eq!(
        history("5"),
        [vec![
            row("4.1", "added", "unchecked", None, &[]),
            row("4.1", "status", "verified", Some("ann"), &[]),
            moved("4.1", "5.1", "verified"),
        ]]
    );
    assert_eq!(
        history("6"),
        [vec![
            row("5.1", "added", "unchecked", None, &[]),
            row("5.1", "status", "verified", Some("ann"), &[]),
            row(
                "6.1",
                "changed",
                "unchecked",
                None,
                &[
                    "\"date\": \"Mar. 3, 2020\" → \"Mar. 4, 2020\"",
                    "\"place\": \"5.1\" → \"6.1\""
                ]
            ),
        ]]
    );
    // Note 7 now holds the supra (moved from 6) and, removed, the old note 7.
    assert_eq!(
        history("7"),
        [
            vec![
                row("6.1", "added", "unchecked", None, &[]),
                row("6.1", "status", "unavailable", Some("tester"), &[]),
                moved("6.1", "7.1", "unavailable"),
            ],
            vec![
                row("7.1", "added", "unchecked", None, &[]),
                row("7.1", "status", "verified", Some("ann"), &[]),
                row("7.1", "removed", "verified", None, &[]),
            ],
        ]
    );
    assert_eq!(
        history("8"),
        [vec![row("8.1", "added", "unchecked", None, &[])]]
    );
    let (code, text, _) = run(d, &["history", DOC, "6"]);
    assert_eq!(code, 0);
    assert!(
        text.contains(
            "changed; back to unchecked (ibid scan)\n      date: Mar. 3, 2020 → Mar. 4, 2020\n"
        ),
        "{text}"
    );

    // Scanning the same text again changes nothing.
    ibid(d).args(["scan", DOC]).assert().success();
    assert_eq!(json(d, &["status", "--format", "json"]), v);

    // Restoring the deleted citation brings its entry (and status) back.
    let v3 = V2.replace(
        "continued.[^7]",
        "continued.[^7] Talks opened in September.[^9]",
    ) + "\n[^9]: *First round of US-Taliban peace talks resurrected in Qatar*, Al Jazeera (Dec. 7, 2019).\n";
    std::fs::write(d.join(DOC), v3).expect("revise again");
    ibid(d).args(["scan", DOC]).assert().success();
    let v = json(d, &["status", "--format", "json"]);
    assert_eq!(v["documents"][0]["counts"]["verified"], 5);
    let last = history("9");
    assert_eq!(
        last[0].last(),
        Some(&row("9.1", "restored", "verified", None, &[]))
    );
}

#[test]
fn lint_rules_read_the_ledger_only_with_a_database() {
    let dir = checked_v1();
    let d = dir.path();
    std::fs::write(d.join(DOC), V2).expect("revise");
    let check = |extra: &[&str]| {
        let mut args = vec!["check", DOC, "--format", "json", "--select", "IB501,IB502"];
        args.extend_from_slice(extra);
        let (code, stdout, stderr) = run(d, &args);
        let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
        let findings: Vec<(String, i64)> = v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                (
                    f["code"].as_str().unwrap_or("?").to_string(),
                    f["footnote"].as_i64().unwrap_or(-1),
                )
            })
            .collect();
        (code, findings)
    };
    assert_eq!(check(&[]), (0, vec![]), "no database, no ledger findings");
    // Checked before the revision is scanned: the ledger knows the old content, so the
    // new note 1 and the changed note 6 are unverified, the problem of note 3 is reported.
    let (code, findings) = check(&["--db", "ibid.db"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings,
        [
            (s("IB501"), 1),
            (s("IB502"), 3),
            (s("IB501"), 6),
            (s("IB501"), 7),
            (s("IB501"), 8),
        ]
    );
    // Off by default: without --select only IB502 (an error) fires.
    let (code, stdout, _) = run(d, &["check", DOC, "--format", "json", "--db", "ibid.db"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&stdout).expect("json");
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .filter(|c| c.starts_with("IB5"))
        .collect();
    assert_eq!(codes, ["IB502"]);
    // `check --db` stored the revision (so the next check reuses it): verifying now
    // needs no warning.
    let (code, _, stderr) = run(d, &["verify", DOC, "8", "--status", "verified"]);
    assert_eq!(code, 0);
    assert!(!stderr.contains("has changed"), "{stderr}");
    // Verifying after an edit that nothing has stored yet records the status for the
    // stored text, and says so.
    std::fs::write(d.join(DOC), format!("{V2}\nOne more sentence.\n")).expect("edit");
    let (code, _, stderr) = run(d, &["verify", DOC, "8", "--status", "verified"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("drafts/essay.md has changed since it was scanned"),
        "{stderr}"
    );
}

#[test]
fn csv_export_has_one_quoted_row_per_citation() {
    let dir = checked_v1();
    let (code, csv, _) = run(dir.path(), &["status", "--format", "csv"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "document,footnote,citation,text,status,by,at,note"
    );
    assert_eq!(lines.len(), 1 + 9 + 1, "{csv}");
    assert!(
        lines[3].starts_with("drafts/essay.md,2,2,\"Mujib Mashal, *Taliban intensify")
            && lines[3].contains(",problem,bob,")
            && lines[3].ends_with(",\"headline differs, \"\"quoted\"\"\""),
        "{}",
        lines[3]
    );
    assert_eq!(lines[10], "");
}

#[test]
fn concurrent_verify_calls_from_two_processes_both_land() {
    let dir = project(V1);
    let d = dir.path();
    let bin: PathBuf = assert_cmd::cargo::cargo_bin("ibid");
    let spawn = |targets: &'static [&'static str], by: &'static str| {
        let bin = bin.clone();
        let d = d.to_path_buf();
        std::thread::spawn(move || {
            targets
                .iter()
                .map(|t| {
                    std::process::Command::new(&bin)
                        .current_dir(&d)
                        .args(["verify", DOC, t, "--status", "verified", "--by", by])
                        .output()
                        .expect("runs")
                })
                .collect::<Vec<_>>()
        })
    };
    let a = spawn(&["1", "2.1", "3", "4"], "ann");
    let b = spawn(&["2.2", "5", "6", "7", "8"], "bob");
    for out in a
        .join()
        .expect("thread")
        .into_iter()
        .chain(b.join().expect("thread"))
    {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let v = json(d, &["status", "--format", "json"]);
    assert_eq!(v["documents"][0]["counts"]["verified"], 9);
    let by: Vec<Option<String>> = statuses(&v).into_iter().map(|t| t.3).collect();
    assert_eq!(
        by,
        ["ann", "ann", "bob", "ann", "ann", "bob", "bob", "bob", "bob"].map(some)
    );
}
