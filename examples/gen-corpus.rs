//! Write a deterministic generated corpus of plain-text documents with Bluebook
//! footnotes (the generator of `benches/scan.rs`).
//!
//! `cargo run --release --example gen-corpus -- --docs 10000 --seed 7 [--bytes 20000] OUT_DIR`

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut docs = 1000usize;
    let mut seed = 7u64;
    let mut bytes = 20_000usize;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| -> Option<u64> {
            let v = args.next().and_then(|v| v.parse().ok());
            if v.is_none() {
                eprintln!("error: {name} needs a number");
            }
            v
        };
        match a.as_str() {
            "--docs" => match value("--docs") {
                Some(v) => docs = v as usize,
                None => return ExitCode::from(2),
            },
            "--seed" => match value("--seed") {
                Some(v) => seed = v,
                None => return ExitCode::from(2),
            },
            "--bytes" => match value("--bytes") {
                Some(v) => bytes = v as usize,
                None => return ExitCode::from(2),
            },
            _ if a.starts_with('-') => {
                eprintln!("usage: gen-corpus [--docs N] [--seed S] [--bytes MEAN] OUT_DIR");
                return ExitCode::from(2);
            }
            _ => out = Some(a),
        }
    }
    let Some(out) = out else {
        eprintln!("usage: gen-corpus [--docs N] [--seed S] [--bytes MEAN] OUT_DIR");
        return ExitCode::from(2);
    };
    match corpus::generate(std::path::Path::new(&out), docs, seed, bytes) {
        Ok(w) => {
            println!(
                "{out}: {} documents, {:.1} MB (seed {seed})",
                w.files,
                w.bytes as f64 / 1e6
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {out}: {e}");
            ExitCode::from(2)
        }
    }
}
