//! The resolution table: written outlet forms with the outlet they must resolve to (or
//! `none`), from `tests/data/outlet-resolution.txt` plus rows generated from the registry
//! (upper-case names, names with and without `The`, small capitals, URLs on every
//! domain). Reports precision and recall; run with `--nocapture` to see the figures.

use super::registry::Registry;

const TABLE: &str = include_str!("../../tests/data/outlet-resolution.txt");

/// `(written, expected id)` rows of the hand-written table.
fn hand_rows() -> Vec<(String, Option<String>)> {
    TABLE
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && l.contains("=>"))
        .filter_map(|l| {
            let (w, id) = l.split_once("=>")?;
            let id = id.trim();
            Some((w.trim().to_string(), (id != "none").then(|| id.to_string())))
        })
        .collect()
}

fn small_caps(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_ascii_lowercase() {
            'a' => 'ᴀ',
            'e' => 'ᴇ',
            'i' => 'ɪ',
            'm' => 'ᴍ',
            'n' => 'ɴ',
            'o' => 'ᴏ',
            'r' => 'ʀ',
            's' => 'ꜱ',
            't' => 'ᴛ',
            _ => c,
        })
        .collect()
}

/// Rows generated from the registry's own names.
fn generated_rows(reg: &Registry) -> Vec<(String, Option<String>)> {
    let mut rows = Vec::new();
    for o in reg.outlets() {
        let id = Some(o.id.clone());
        rows.push((o.name.to_uppercase(), id.clone()));
        rows.push((small_caps(&o.name), id.clone()));
        match o.name.strip_prefix("The ") {
            Some(rest) => rows.push((rest.to_string(), id.clone())),
            None => rows.push((format!("The {}", o.name), id.clone())),
        }
    }
    rows
}

/// (precision, recall, failures) of `resolve` over `rows`.
fn score(reg: &Registry, rows: &[(String, Option<String>)]) -> (f64, f64, Vec<String>) {
    let (mut predicted, mut correct, mut expected) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    for (written, want) in rows {
        let got = reg.resolve(written).map(|o| o.id.clone());
        if got.is_some() {
            predicted += 1;
        }
        if want.is_some() {
            expected += 1;
        }
        if got.is_some() && got == *want {
            correct += 1;
        }
        if got != *want {
            failures.push(format!("{written:?}: want {want:?}, got {got:?}"));
        }
    }
    let p = correct as f64 / predicted.max(1) as f64;
    let r = correct as f64 / expected.max(1) as f64;
    (p, r, failures)
}

#[test]
fn hand_written_table_resolves_with_high_precision_and_recall() {
    let reg = Registry::builtin();
    let rows = hand_rows();
    assert!(rows.len() >= 300, "{} rows", rows.len());
    assert!(rows.iter().filter(|r| r.1.is_none()).count() >= 25);
    let (p, r, failures) = score(reg, &rows);
    println!(
        "outlet table (hand-written, {} rows): precision {p:.3}, recall {r:.3}",
        rows.len()
    );
    for f in &failures {
        println!("  {f}");
    }
    assert!(
        p >= 0.99 && r >= 0.97,
        "P={p} R={r}\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_registry_name_resolves_in_case_small_caps_and_with_or_without_the() {
    let reg = Registry::builtin();
    let rows = generated_rows(reg);
    let (p, r, failures) = score(reg, &rows);
    println!(
        "outlet table (generated, {} rows): precision {p:.3}, recall {r:.3}",
        rows.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_registry_domain_finds_its_outlet_by_url() {
    let reg = Registry::builtin();
    let mut failures = Vec::new();
    let mut n = 0;
    for o in reg.outlets() {
        for d in &o.domains {
            n += 1;
            let url = format!("https://www.{d}/2020/05/12/story.html");
            let got = reg.by_url(&url).map(|x| x.id.as_str());
            // A domain two outlets list (a sister brand) belongs to the first.
            if got != Some(o.id.as_str()) && !reg.url_is_on(o, &url) {
                failures.push(format!("{url}: want {}, got {got:?}", o.id));
            }
        }
    }
    assert!(n >= 500, "{n} domains");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
