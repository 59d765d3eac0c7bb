//! CI integration end to end: every `check` format, exit codes, SARIF validated against
//! the official schema, configuration (select/ignore/overrides, errors with lines),
//! suppressions, `--output`, `--statistics`, walking filters, `ibid init`.

/// Validation through the `jsonschema` crate (draft 4, the SARIF schema's draft).
fn schema_errors(schema: &serde_json::Value, instance: &serde_json::Value) -> Vec<String> {
    let validator = jsonschema::draft4::new(schema).expect("the SARIF schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

const EXAMPLE: &str = "sources/examples/us-taliban-agreement.txt";
const SARIF_SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/data/schemas/sarif-schema-2.1.0.json"
);

fn ibid() -> Command {
    let mut cmd = Command::cargo_bin("ibid").expect("binary builds");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1");
    cmd
}

fn ibid_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ibid").expect("binary builds");
    cmd.current_dir(dir);
    cmd.env("NO_COLOR", "1");
    cmd
}

fn stdout(args: &[&str]) -> (String, Option<i32>) {
    let out = ibid().args(args).output().expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

fn sarif_schema() -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(SARIF_SCHEMA).ok()?;
    serde_json::from_str(&text).ok()
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let Some(schema) = sarif_schema() else {
        panic!("the SARIF schema is missing at {SARIF_SCHEMA}");
    };
    let (out, code) = stdout(&[
        "check",
        "--format",
        "sarif",
        "--document-date",
        "2021-01-01",
        EXAMPLE,
    ]);
    assert_eq!(code, Some(1));
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let errors = schema_errors(&schema, &log);
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ib301 = rules.iter().find(|r| r["id"] == "IB301").unwrap();
    assert_eq!(ib301["name"], "inconsistent-outlet-name");
    assert_eq!(ib301["defaultConfiguration"]["level"], "warning");
    assert!(ib301["helpUri"]
        .as_str()
        .unwrap()
        .ends_with("docs/rules.md#ib301-inconsistent-outlet-name"));
    assert!(!ib301["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .is_empty());
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 22);
    let first = &results[0];
    assert_eq!(first["ruleId"], "IB104");
    assert_eq!(first["level"], "error");
    let region = &first["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(1), Some(1300))
    );
    // the validator is not vacuous: a broken log fails it
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    broken["runs"][0]["tool"]["driver"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    let errors = schema_errors(&schema, &broken);
    assert!(errors.iter().any(|e| e.contains("fatal")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("\"name\"")), "{errors:?}");
}

#[test]
fn an_empty_run_is_valid_sarif_too() {
    let Some(schema) = sarif_schema() else {
        panic!("the SARIF schema is missing at {SARIF_SCHEMA}");
    };
    let dir = tempfile::tempdir().unwrap();
    let clean = write(dir.path(), "clean doc.md", "No notes here.\n");
    let (out, code) = stdout(&["check", "--format", "sarif", clean.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(schema_errors(&schema, &log), Vec::<String>::new());
    let uri = log["runs"][0]["artifacts"][0]["location"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        uri.starts_with("file:///") && uri.ends_with("clean%20doc.md"),
        "{uri}"
    );
}

#[test]
fn concise_is_one_line_per_finding() {
    let (out, code) = stdout(&[
        "check",
        "--format",
        "concise",
        "--document-date",
        "2021-01-01",
        EXAMPLE,
    ]);
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 23, "22 findings and the summary");
    assert_eq!(
        lines[0],
        "sources/examples/us-taliban-agreement.txt:1:1300: IB104 `Footnote 34` points to footnote 34, which has no body in this document"
    );
    let re = regex::Regex::new(r"^[^:]+:\d+:\d+: IB\d{3} \S").unwrap();
    assert!(lines[..22].iter().all(|l| re.is_match(l)), "{out}");
    assert!(lines[22].starts_with("17 warnings, 3 errors, 2 info"));
}

#[test]
fn github_annotations_are_workflow_commands() {
    let (out, code) = stdout(&[
        "check",
        "--format",
        "github",
        "--document-date",
        "2021-01-01",
        EXAMPLE,
    ]);
    assert_eq!(code, Some(1));
    let commands: Vec<&str> = out.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), 22);
    let ib301 = commands
        .iter()
        .find(|c| c.contains("title=IB301 inconsistent-outlet-name::"))
        .unwrap();
    assert!(ib301.starts_with("::warning file=sources/examples/us-taliban-agreement.txt,line="));
    assert!(commands.iter().any(|c| c.starts_with("::error ")));
    assert!(
        commands.iter().any(|c| c.starts_with("::notice ")),
        "info → notice"
    );
}

#[test]
fn github_escapes_paths_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    // a path with `,`, `:` and `%`; the gap finding's message names the notes
    let doc = write(
        dir.path(),
        "a, b: 100%.md",
        "Text.[^1] More.[^3]\n\n[^1]: Jane Doe, A Title, N.Y. Times (Apr. 24, 2020), https://nytimes.com/x.\n[^3]: Jane Doe, Another Title, N.Y. Times (Apr. 25, 2020), https://nytimes.com/y.\n",
    );
    let out = ibid()
        .args(["check", "--format", "github", doc.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap();
    assert!(first.contains("a%2C b%3A 100%25.md,line="), "{first}");
    let message = first.splitn(3, "::").nth(2).unwrap();
    assert!(!message.contains('\n') && !message.contains('\r'));
}

#[test]
fn junit_is_xml_with_one_failure_per_finding() {
    let (out, code) = stdout(&[
        "check",
        "--format",
        "junit",
        "--document-date",
        "2021-01-01",
        EXAMPLE,
    ]);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ibid\" tests=\"22\" failures=\"22\""));
    assert_eq!(out.matches("<failure ").count(), 22);
    assert_eq!(
        out.matches("<testcase ").count(),
        out.matches("</testcase>").count()
    );
    assert!(!out.contains("&&") && !out.contains("<<"));
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    // one warning-level finding (no URL), no errors
    let doc = write(
        dir.path(),
        "w.md",
        "Text.[^1]\n\n[^1]: Jane Doe, A Title, N.Y. Times (Apr. 24, 2020).\n",
    );
    let d = doc.to_str().unwrap();
    ibid().args(["check", d]).assert().code(0);
    ibid()
        .args(["check", "--fail-on", "warning", d])
        .assert()
        .code(1);
    ibid()
        .args(["check", "--fail-on", "warning", "--ignore", "IB2", d])
        .assert()
        .code(0);
    ibid()
        .args(["check", "--select", "nonsense", d])
        .assert()
        .code(2);
    ibid()
        .args(["check", "--format", "sarif", "--statistics", d])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--statistics"));
}

#[test]
fn a_per_file_error_keeps_the_run_going_but_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.md", "Text.[^1]\n\n[^1]: Jane Doe, A Title, N.Y. Times (Apr. 24, 2020), https://nytimes.com/x.\n");
    let out = ibid()
        .args([
            "check",
            "--format",
            "json",
            good.to_str().unwrap(),
            "/no/such/file.md",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["summary"]["documents"], 1,
        "the good file was still checked"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.md"));
}

#[test]
fn output_file_and_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let out = ibid()
        .args([
            "check",
            "--format",
            "json",
            "-o",
            report.to_str().unwrap(),
            EXAMPLE,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing on stdout with --output");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(22));

    let (out, code) = stdout(&["check", "--statistics", EXAMPLE]);
    assert_eq!(code, Some(1), "--statistics keeps the exit code");
    assert!(out.starts_with("7  IB203  missing-url"), "{out}");
    assert!(out.contains("3  IB104  callout-without-footnote          error\n"));
    let (out, _) = stdout(&["check", "--statistics", "--format", "json", EXAMPLE]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["statistics"][0]["code"], "IB203");
    assert_eq!(v["statistics"][0]["count"], 7);

    ibid()
        .args(["check", "-o", "/no/such/dir/report.txt", EXAMPLE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/no/such/dir/report.txt"));
}

#[test]
fn config_select_ignore_and_per_path_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let note = "Text.[^1]\n\n[^1]: Jane Doe, A Title, N.Y. Times (Apr. 24, 2020).\n";
    write(dir.path(), "final/a.md", note);
    write(dir.path(), "drafts/b.md", note);
    write(
        dir.path(),
        "ibid.toml",
        "select = [\"IB2\", \"IB1\"]\nignore = [\"missing-author\"]\n\n[[overrides]]\npaths = [\"drafts/**\"]\nignore = [\"IB203\"]\n\n[overrides.rules]\nfootnote-number-gap = \"error\"\n",
    );
    let out = ibid_in(dir.path())
        .args(["check", "--format", "concise", "."])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("final/a.md:3:7: IB203 "), "{text}");
    assert!(
        !text.contains("drafts/b.md:3:7: IB203"),
        "ignored under drafts/: {text}"
    );
    assert!(!text.contains("IB204"), "{text}");
    assert!(
        !text.contains("IB302") && !text.contains("IB3"),
        "not selected: {text}"
    );
    // the CLI wins over the file
    let out = ibid_in(dir.path())
        .args(["check", "--format", "concise", "--ignore", "IB203", "."])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("IB203"));
}

#[test]
fn config_errors_name_the_key_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "fail-on = \"error\"\nfial-on = \"x\"\n",
            "ibid.toml:2",
            "fial-on",
        ),
        ("fail-on = \"loud\"\n", "ibid.toml:1", "fail-on = \"loud\""),
        (
            "\n\n[rules]\nmissing-urls = \"off\"\n",
            "ibid.toml:4",
            "missing-urls",
        ),
        (
            "[rules]\nIB203 = \"severe\"\n",
            "ibid.toml:2",
            "expected error, warning, info or off",
        ),
        (
            "select = [\"IB2\", \"IB9\"]\n",
            "ibid.toml:1",
            "`IB9` is not a rule code",
        ),
        (
            "[[overrides]]\npaths = [\"a[\"]\n",
            "ibid.toml:2",
            "`paths`",
        ),
        (
            "[[overrides]]\npaths = [\"x\"]\nselekt = [\"IB2\"]\n",
            "ibid.toml:3",
            "selekt",
        ),
        ("document-date = \"soon\"\n", "ibid.toml:1", "document-date"),
    ];
    for (text, at, needle) in cases {
        write(dir.path(), "ibid.toml", text);
        ibid_in(dir.path())
            .args(["check", "x.md"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(at).and(predicate::str::contains(needle)));
    }
}

#[test]
fn suppressions_in_each_format_and_unused_ones_reported() {
    let dir = tempfile::tempdir().unwrap();
    let md = write(
        dir.path(),
        "a.md",
        "Text.[^1] More.[^2]\n\n[^1]: Jane Doe, A Title, N.Y. Times (Apr. 24, 2020). <!-- ibid-ignore: missing-url -->\n[^2]: Jane Doe, B Title, N.Y. Times (Apr. 25, 2020), https://nytimes.com/b. <!-- ibid-ignore: IB203, no-such-rule -->\n",
    );
    let out = ibid()
        .args(["check", "--format", "json", md.to_str().unwrap()])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(
        findings.iter().all(|f| f["code"] != "IB203"),
        "{findings:#?}"
    );
    let unused: Vec<_> = findings.iter().filter(|f| f["code"] == "IB001").collect();
    assert_eq!(unused.len(), 2, "{findings:#?}");
    assert!(unused
        .iter()
        .all(|f| f["severity"] == "info" && f["line"] == 4));
    assert!(unused[0]["message"]
        .as_str()
        .unwrap()
        .contains("suppresses nothing"));
    assert!(unused[1]["message"]
        .as_str()
        .unwrap()
        .contains("names no rule"));

    let tex = write(
        dir.path(),
        "b.tex",
        "Text.\\footnote{Jane Doe, A Title, N.Y. Times (Apr. 24, 2020).} % ibid-ignore: missing-url\n",
    );
    let txt = write(
        dir.path(),
        "c.txt",
        "Body text.\n\nNotes\n1. Jane Doe, A Title, N.Y. Times (Apr. 24, 2020). ibid-ignore: IB203\n",
    );
    for doc in [&tex, &txt] {
        let out = ibid()
            .args(["check", "--format", "concise", doc.to_str().unwrap()])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("IB203") && !text.contains("IB001"), "{text}");
    }
    // without the comment the finding is there: the suppression did the work
    let bare = write(
        dir.path(),
        "d.txt",
        "Body text.\n\nNotes\n1. Jane Doe, A Title, N.Y. Times (Apr. 24, 2020).\n",
    );
    let (out, _) = stdout(&["check", "--format", "concise", bare.to_str().unwrap()]);
    assert!(out.contains("IB203"), "{out}");
}

#[test]
fn include_exclude_and_skipped_files_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let note = "Text.[^1]\n\n[^1]: Jane Doe, A Title, N.Y. Times (Apr. 24, 2020).\n";
    write(dir.path(), "a.md", note);
    write(dir.path(), "drafts/b.md", note);
    write(dir.path(), "image.png", "\u{0}png");
    write(dir.path(), "data.csv", "a,b\n");
    let root = dir.path().to_str().unwrap();
    let out = ibid().args(["check", root]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.trim_end()
            .ends_with("in 2 documents (2 footnotes, 2 citations); 2 unsupported files skipped"),
        "{text}"
    );
    let (out, _) = stdout(&["check", "--format", "json", "--exclude", "drafts", root]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["documents"], 1);
    assert!(
        v["summary"].get("skipped").is_none(),
        "the JSON contract is unchanged"
    );
    let (out, _) = stdout(&[
        "check",
        "--format",
        "concise",
        "--include",
        "drafts/*.md",
        root,
    ]);
    assert!(
        out.contains("drafts/b.md") && !out.contains("/a.md"),
        "{out}"
    );
}

#[test]
fn init_writes_a_starter_that_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    ibid_in(dir.path())
        .args(["init"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("wrote"));
    let text = std::fs::read_to_string(dir.path().join("ibid.toml")).unwrap();
    assert!(text.contains("# IB203 = \"warning\"  # missing-url"));
    ibid_in(dir.path())
        .args(["init"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    ibid_in(dir.path())
        .args(["init", "--force"])
        .assert()
        .code(0);
    write(dir.path(), "a.md", "No notes.\n");
    ibid_in(dir.path()).args(["check", "a.md"]).assert().code(0);
}

#[test]
fn help_documents_exit_codes_and_formats() {
    ibid().args(["check", "--help"]).assert().code(0).stdout(
        predicate::str::contains("concise")
            .and(predicate::str::contains("sarif"))
            .and(predicate::str::contains("junit")),
    );
    ibid().args(["--help"]).assert().code(0).stdout(
        predicate::str::contains("Exit codes:")
            .and(predicate::str::contains("2  ibid could not do its job")),
    );
}

#[test]
fn rule_ib001_is_documented() {
    ibid()
        .args(["rule", "unused-suppression"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::starts_with("# IB001 unused-suppression")
                .and(predicate::str::contains("ibid-ignore-file")),
        );
    ibid()
        .args(["rule"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("IB001  unused-suppression"));
}

#[test]
fn a_broken_pipe_exits_0() {
    use std::io::Read;
    use std::process::{Command as Std, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("ibid");
    let dir = tempfile::tempdir().unwrap();
    // enough output to overflow the pipe buffer after the reader is gone
    let mut body = String::from("Text.\n\nNotes\n");
    for i in 1..=3000 {
        body.push_str(&format!(
            "{i}. Jane Doe, Title {i}, N.Y. Times (Apr. 24, 2020).\n"
        ));
    }
    let doc = write(dir.path(), "big.txt", &body);
    let mut child = Std::new(bin)
        .args(["check", "--format", "concise", doc.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}
