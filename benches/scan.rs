//! Corpus-scale benchmark of the release binary: a fresh `ibid scan` of N generated
//! documents into a new database, an unchanged re-scan, and `ibid check --db` over the
//! unchanged corpus (statistics only, and the full JSON report) — wall time, documents/s, citations/s, MB/s and the peak resident
//! memory of each run (the child's `ru_maxrss` from `wait4`).
//!
//! Run: `cargo bench --bench scan -- --docs 10000 [--seed 7] [--bytes 20000] [--jobs N]`.
//! The corpus is generated once per (docs, seed, bytes) under `target/bench-corpus/`.
//! Targets (issue 8, 2-core machine, 10,000 documents ≈ 200 MB): fresh scan < 20 s,
//! unchanged re-scan < 2 s, peak memory < 500 MB independent of corpus size. This
//! measures and prints; it asserts nothing.

#[path = "support/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

struct Run {
    seconds: f64,
    peak_mib: f64,
    stdout: String,
    code: i32,
}

/// Run `cmd`, wait for it with `wait4` and return its time and peak RSS.
fn measure(cmd: &mut Command) -> Run {
    let started = Instant::now();
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ibid binary runs");
    let pid = child.id() as libc::pid_t;
    // Drain the pipes on threads so a chatty child never blocks.
    let mut child = child;
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out_t = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut out, &mut s);
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    let mut status = 0;
    // SAFETY: plain libc call on our own child's pid with valid out-pointers.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let seconds = started.elapsed().as_secs_f64();
    assert!(r == pid, "wait4 failed");
    let stdout = out_t.join().unwrap_or_default();
    let stderr = err_t.join().unwrap_or_default();
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    if code != 0 && code != 1 {
        eprintln!("{}", stderr.lines().take(5).collect::<Vec<_>>().join("\n"));
    }
    Run {
        seconds,
        // Linux reports ru_maxrss in KiB.
        peak_mib: usage.ru_maxrss as f64 / 1024.0,
        stdout,
        code,
    }
}

fn arg(args: &[String], name: &str) -> Option<u64> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

fn dir_size(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                total += e.metadata().map(|m| m.len()).unwrap_or(0);
            }
        }
    }
    total
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let docs = arg(&args, "--docs").unwrap_or(1000) as usize;
    let seed = arg(&args, "--seed").unwrap_or(7);
    let bytes = arg(&args, "--bytes").unwrap_or(20_000) as usize;
    let jobs = arg(&args, "--jobs");
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_ibid"));
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus");
    let root = base.join(format!("docs{docs}-seed{seed}-bytes{bytes}"));
    if !root.join(".complete").exists() {
        let t = Instant::now();
        let w = corpus::generate(&root, docs, seed, bytes).expect("corpus written");
        std::fs::write(root.join(".complete"), b"").expect("marker written");
        println!(
            "generated {} documents, {:.1} MB in {:.1} s",
            w.files,
            w.bytes as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
    }
    let mb = dir_size(&root) as f64 / 1e6;
    let db = base.join(format!("docs{docs}-seed{seed}-bytes{bytes}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let jobs_args: Vec<String> = jobs
        .map(|j| vec!["--jobs".into(), j.to_string()])
        .unwrap_or_default();
    println!("corpus: {docs} documents, {mb:.1} MB ({})", root.display());

    let fresh = measure(
        Command::new(&exe)
            .arg("scan")
            .arg("--db")
            .arg(&db)
            .args(&jobs_args)
            .arg(&root),
    );
    let citations: f64 = fresh
        .stdout
        .split(" citations")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0);
    println!("  {}", fresh.stdout.trim());
    println!(
        "fresh scan:     {:7.2} s  {:8.0} docs/s  {:9.0} citations/s  {:6.1} MB/s  peak {:6.1} MiB  (exit {})",
        fresh.seconds,
        docs as f64 / fresh.seconds,
        citations / fresh.seconds,
        mb / fresh.seconds,
        fresh.peak_mib,
        fresh.code
    );
    let rescan = measure(
        Command::new(&exe)
            .arg("scan")
            .arg("--db")
            .arg(&db)
            .args(&jobs_args)
            .arg(&root),
    );
    println!("  {}", rescan.stdout.trim());
    println!(
        "unchanged scan: {:7.2} s  {:8.0} docs/s  {:25}  {:6.1} MB/s  peak {:6.1} MiB  (exit {})",
        rescan.seconds,
        docs as f64 / rescan.seconds,
        "",
        mb / rescan.seconds,
        rescan.peak_mib,
        rescan.code
    );
    let check = measure(
        Command::new(&exe)
            .args(["check", "--format", "concise", "--statistics", "--db"])
            .arg(&db)
            .arg(&root),
    );
    println!(
        "check --db:     {:7.2} s  {:8.0} docs/s  {:25}  {:6.1} MB/s  peak {:6.1} MiB  (exit {})",
        check.seconds,
        docs as f64 / check.seconds,
        "",
        mb / check.seconds,
        check.peak_mib,
        check.code
    );
    // The full report: every finding rendered, and the run-wide rules (IB301's across-run
    // part, IB305) over every document, as a CI job asking for JSON runs it.
    let report = measure(
        Command::new(&exe)
            .args(["check", "--format", "json", "--db"])
            .arg(&db)
            .arg(&root),
    );
    println!(
        "check --db json:{:7.2} s  {:8.0} docs/s  {:25}  {:6.1} MB/s  peak {:6.1} MiB  (exit {}, {:.1} MB of JSON)",
        report.seconds,
        docs as f64 / report.seconds,
        "",
        mb / report.seconds,
        report.peak_mib,
        report.code,
        report.stdout.len() as f64 / 1e6
    );
    drop(report);
    let plain = measure(
        Command::new(&exe)
            .args(["check", "--format", "concise", "--statistics"])
            .arg(&root),
    );
    println!(
        "check (no db):  {:7.2} s  {:8.0} docs/s  {:25}  {:6.1} MB/s  peak {:6.1} MiB  (exit {})",
        plain.seconds,
        docs as f64 / plain.seconds,
        "",
        mb / plain.seconds,
        plain.peak_mib,
        plain.code
    );
    println!(
        "database: {:.1} MB",
        std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0) as f64 / 1e6
    );
}
