//! Short forms end to end: resolution in `extract --format json`, findings and exit code
//! in `check`, counts in `outlets`, nothing in `export`.

use assert_cmd::Command;

fn ibid() -> Command {
    let mut cmd = Command::cargo_bin("ibid").expect("binary builds");
    cmd.env_remove("NO_COLOR");
    cmd
}

const NOTES: &str = "Violence rose.[^1] Talks stalled.[^2] Both sides blamed each other.[^3][^4]\n\n\
[^1]: Mujib Mashal, *Taliban Intensify Attacks*, N.Y. Times (Apr. 24, 2020), https://www.nytimes.com/2020/04/24/world/asia/taliban-attacks.html.\n\
[^2]: *Id.*\n\
[^3]: Mashal, *supra* note 1; Susannah George, *Civilian Casualties Rise*, Wash. Post (May 19, 2020), https://www.washingtonpost.com/world/2020/05/19/casualties/.\n\
[^4]: George, *supra* note 1, at 2.\n";

fn write(dir: &tempfile::TempDir) -> String {
    let p = dir.path().join("notes.md");
    std::fs::write(&p, NOTES).expect("write fixture");
    p.to_string_lossy().into_owned()
}

#[test]
fn extract_json_carries_the_resolution() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ibid()
        .args(["extract", "--format", "json", &write(&dir)])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let notes = &v["documents"][0]["footnotes"];
    assert_eq!(
        notes[1]["citations"][0]["short_form"],
        serde_json::json!({"type": "id", "note": 1, "resolves_to": {"footnote": 1, "citation": 0}})
    );
    assert_eq!(
        notes[2]["citations"][0]["short_form"],
        serde_json::json!({"type": "supra", "note": 1, "resolves_to": {"footnote": 1, "citation": 0}})
    );
    // George is cited in note 3, not note 1
    assert_eq!(
        notes[3]["citations"][0]["short_form"],
        serde_json::json!({"type": "supra", "note": 1, "resolves_to": null})
    );
}

#[test]
fn check_reports_the_wrong_note_number_as_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ibid()
        .args(["check", "--format", "json", &write(&dir)])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .filter(|c| c.starts_with("IB4"))
        .collect();
    assert_eq!(codes, ["IB401"]);
}

#[test]
fn outlets_count_short_forms_for_their_antecedent_and_export_skips_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(&dir);
    let out = ibid().args(["outlets", &path]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("The New York Times (new-york-times): 3 citations (2 by short form)"),
        "{text}"
    );
    assert!(
        text.contains("The Washington Post (washington-post): 1 citation\n"),
        "{text}"
    );
    let out = ibid()
        .args(["export", "--format", "csl-json", &path])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(2));
}
