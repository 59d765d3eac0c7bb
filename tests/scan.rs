//! `ibid scan` at corpus scale and `ibid check --db`, through the real binary, over a
//! generated corpus (`benches/support/corpus.rs`): incremental re-scans, pruning, two
//! scans at once, a reader during a scan, and scans killed with SIGKILL.

#[path = "../benches/support/corpus.rs"]
mod corpus;

use assert_cmd::Command;
use rusqlite::Connection;
use std::path::Path;

fn ibid() -> Command {
    Command::cargo_bin("ibid").unwrap()
}

fn corpus_dir(docs: usize, seed: u64, bytes: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    corpus::generate(&dir.path().join("corpus"), docs, seed, bytes).unwrap();
    dir
}

fn scan(db: &Path, root: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = ibid()
        .arg("scan")
        .arg("--db")
        .arg(db)
        .args(extra)
        .arg(root)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `PRAGMA integrity_check` passes, and every stored document is whole: its counts equal
/// its rows and its cache entry is there. Returns the number of documents.
fn assert_whole(conn: &Connection) -> i64 {
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0, "dangling foreign keys");
    let broken: i64 = conn
        .query_row(
            "SELECT count(*) FROM documents AS d
             WHERE d.footnote_count <> (SELECT count(*) FROM footnotes AS f WHERE f.document_id = d.id)
                OR d.citation_count <> (SELECT count(*) FROM citations AS c
                                        JOIN footnotes AS f ON f.id = c.footnote_id
                                        WHERE f.document_id = d.id)
                OR NOT EXISTS (SELECT 1 FROM extraction_cache AS x WHERE x.document_id = d.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(broken, 0, "half-written documents");
    conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .unwrap()
}

fn open(db: &Path) -> Connection {
    let conn = Connection::open(db).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(30))
        .unwrap();
    conn
}

#[test]
fn scan_is_incremental_and_prunes_deleted_files() {
    let dir = corpus_dir(40, 3, 3000);
    let root = dir.path().join("corpus");
    let db = dir.path().join("ibid.db");
    let (code, out, err) = scan(&db, &root, &["--jobs", "2"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("40 documents (40 new, 0 changed, 0 unchanged, 0 failed, 0 pruned)"),
        "{out}"
    );
    let first = out.clone();
    assert_eq!(assert_whole(&open(&db)), 40);

    // Unchanged: nothing re-extracted, the same totals reported from the store.
    let (code, out, _) = scan(&db, &root, &[]);
    assert_eq!(code, 0);
    assert!(out.contains("(0 new, 0 changed, 40 unchanged"), "{out}");
    let totals = |s: &str| s.split("; ").nth(1).map(str::to_string);
    assert_eq!(totals(&out), totals(&first));

    // One file changed, one deleted; without --prune the deleted one stays stored.
    let changed = root.join(corpus::relative_path(0, "txt"));
    let changed = if changed.exists() {
        changed
    } else {
        root.join(corpus::relative_path(0, "md"))
    };
    std::fs::write(
        &changed,
        "Text.1\n\nNotes\n1. Ann Lee, Title, N.Y. Times (May 1, 2020).\n",
    )
    .unwrap();
    let gone = std::fs::read_dir(root.join("d000"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| *p != changed)
        .min()
        .unwrap();
    std::fs::remove_file(&gone).unwrap();
    let (code, out, _) = scan(&db, &root, &[]);
    assert_eq!(code, 0);
    assert!(
        out.contains("39 documents (0 new, 1 changed, 38 unchanged, 0 failed, 0 pruned)"),
        "{out}"
    );
    assert_eq!(assert_whole(&open(&db)), 40);
    let (code, out, _) = scan(&db, &root, &["--prune"]);
    assert_eq!(code, 0);
    assert!(out.contains("39 unchanged, 0 failed, 1 pruned)"), "{out}");
    let conn = open(&db);
    assert_eq!(assert_whole(&conn), 39);
    let stored: i64 = conn
        .query_row(
            "SELECT count(*) FROM documents WHERE path = ?1",
            [gone.to_str().unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, 0);
}

#[test]
fn the_summary_counts_one_document_in_the_singular() {
    let dir = corpus_dir(1, 5, 2000);
    let root = dir.path().join("corpus");
    let db = dir.path().join("ibid.db");
    let (code, out, err) = scan(&db, &root, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(": 1 document (1 new, 0 changed, 0 unchanged, 0 failed, 0 pruned); "),
        "{out}"
    );
}

#[test]
fn a_failing_file_does_not_stop_the_scan() {
    let dir = corpus_dir(6, 4, 2000);
    let root = dir.path().join("corpus");
    std::fs::write(root.join("d000/binary.txt"), b"abc\0def").unwrap();
    let db = dir.path().join("ibid.db");
    let (code, out, err) = scan(&db, &root, &[]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        out.contains("(6 new, 0 changed, 0 unchanged, 1 failed"),
        "{out}"
    );
    assert!(err.contains("binary.txt"), "{err}");
    assert_eq!(assert_whole(&open(&db)), 6);
}

/// Findings of `ibid check --format json` on `root`, with or without `--db`.
fn check_json(root: &Path, db: Option<&Path>) -> String {
    let mut cmd = ibid();
    cmd.args(["check", "--format", "json", "--document-date", "2024-06-01"]);
    if let Some(db) = db {
        cmd.arg("--db").arg(db);
    }
    let out = cmd.arg(root).output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn check_with_db_gives_the_same_findings_as_without() {
    let dir = corpus_dir(25, 5, 4000);
    let root = dir.path().join("corpus");
    let db = dir.path().join("ibid.db");
    let plain = check_json(&root, None);
    assert!(plain.contains("\"findings\""), "{plain}");
    // An empty database: every document extracted afresh, then stored with its cache.
    assert_eq!(check_json(&root, Some(&db)), plain);
    assert_eq!(assert_whole(&open(&db)), 25);
    // Everything from the cache now.
    assert_eq!(check_json(&root, Some(&db)), plain);
    // After a scan (which writes the cache too), and with one document changed.
    let (code, _, _) = scan(&db, &root, &[]);
    assert_eq!(code, 0);
    let one = root.join(corpus::relative_path(1, "txt"));
    if one.exists() {
        std::fs::write(
            &one,
            "Body.1\n\nNotes\n1. Ann Lee, Talks, Wash. Post (Feb. 30, 2020).\n",
        )
        .unwrap();
    }
    let plain = check_json(&root, None);
    assert_eq!(check_json(&root, Some(&db)), plain);
    assert_eq!(check_json(&root, Some(&db)), plain);
    // A cache written by another ibid version or format is ignored, not trusted: a
    // tampered entry under a foreign key changes nothing.
    let conn = open(&db);
    conn.execute(
        "UPDATE extraction_cache SET cache_key = 'ibid 0.0.0 cache 0', extraction = x'00'",
        [],
    )
    .unwrap();
    drop(conn);
    assert_eq!(check_json(&root, Some(&db)), plain);
    // And the stale entries were refreshed.
    let conn = open(&db);
    let stale: i64 = conn
        .query_row(
            "SELECT count(*) FROM extraction_cache WHERE cache_key = 'ibid 0.0.0 cache 0'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stale, 0);
}

#[test]
fn two_scans_on_one_database_both_finish() {
    let dir = corpus_dir(120, 6, 3000);
    let root = dir.path().join("corpus");
    let db = dir.path().join("ibid.db");
    // Both start on a database that does not exist yet: creating it races too.
    let spawn = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("ibid"))
            .arg("scan")
            .arg("--db")
            .arg(&db)
            .args(["--jobs", "1"])
            .arg(&root)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let a = spawn();
    let b = spawn();
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    for o in [&a, &b] {
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert_eq!(assert_whole(&open(&db)), 120);
    // Between them every document was written exactly once; the rest were unchanged.
    let new = |o: &std::process::Output| -> usize {
        let s = String::from_utf8_lossy(&o.stdout).into_owned();
        let at = s.find(" new,").unwrap();
        s[..at].rsplit('(').next().unwrap().parse().unwrap()
    };
    assert_eq!(new(&a) + new(&b), 120);
}

#[test]
fn checks_that_create_one_database_at_once_all_finish() {
    // `ibid check --db` on a database that does not exist yet, from four processes at
    // once: creating the schema races, and none may fail with "database is locked".
    let dir = corpus_dir(8, 4, 2000);
    let root = dir.path().join("corpus");
    let db = dir.path().join("new.db");
    let children: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("ibid"))
                .arg("check")
                .arg("--db")
                .arg(&db)
                .arg(&root)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        // 0 or 1 (findings) are both a finished check; 2 would be the lock error
        assert_ne!(
            out.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(assert_whole(&open(&db)), 8);
}

#[test]
fn a_reader_during_a_scan_sees_only_whole_documents() {
    let dir = corpus_dir(100, 8, 2500);
    let root = dir.path().join("corpus");
    let db = dir.path().join("ibid.db");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ibid"))
        .arg("scan")
        .arg("--db")
        .arg(&db)
        .arg(&root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut looks = 0;
    let mut seen = Vec::new();
    loop {
        let done = child.try_wait().unwrap().is_some();
        if db.exists() {
            if let Ok(conn) =
                Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            {
                conn.busy_timeout(std::time::Duration::from_secs(30))
                    .unwrap();
                // One read transaction: a consistent snapshot.
                conn.execute_batch("BEGIN").unwrap();
                let has_schema: i64 = conn
                    .query_row(
                        "SELECT count(*) FROM sqlite_schema WHERE name = 'extraction_cache'",
                        [],
                        |r| r.get(0),
                    )
                    .unwrap_or(0);
                if has_schema == 1 {
                    seen.push(assert_whole(&conn));
                    looks += 1;
                }
                conn.execute_batch("COMMIT").unwrap();
            }
        }
        if done {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(child.wait().unwrap().success());
    assert!(looks >= 1);
    assert_eq!(assert_whole(&open(&db)), 100, "snapshots seen: {seen:?}");
    // Snapshots only ever grow.
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
}

#[cfg(unix)]
#[test]
fn a_scan_killed_at_any_moment_leaves_whole_documents() {
    let dir = corpus_dir(100, 9, 2500);
    let root = dir.path().join("corpus");
    // How long a whole scan takes here (debug build, shared machine): kill points are
    // spread over it. This measures, it asserts nothing about time.
    let probe = dir.path().join("probe.db");
    let started = std::time::Instant::now();
    assert_eq!(scan(&probe, &root, &[]).0, 0);
    let full = started.elapsed().as_millis().max(50) as u64;

    let db = dir.path().join("ibid.db");
    let mut rng = corpus::Rng::new(42);
    let mut stored = Vec::new();
    for _ in 0..6 {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ibid"))
            .arg("scan")
            .arg("--db")
            .arg(&db)
            .arg(&root)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let at = rng.below(full as usize) as u64;
        std::thread::sleep(std::time::Duration::from_millis(at));
        // Child::kill is SIGKILL on Unix: no destructor, no rollback, no cleanup.
        let _ = child.kill();
        let _ = child.wait();
        if db.exists() {
            let conn = open(&db);
            let has_schema: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_schema WHERE name = 'documents'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            if has_schema == 1 {
                stored.push(assert_whole(&conn));
            }
        }
    }
    // Resuming after the kills finishes the job, with nothing left half-done.
    let (code, out, err) = scan(&db, &root, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(assert_whole(&open(&db)), 100, "after kills: {stored:?}");
}
