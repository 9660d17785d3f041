//! The command line: help, exit codes, the units listing, a closed pipe.

use super::*;

#[test]
fn help_explains_every_subcommand() {
    let o = bin().arg("--help").output().unwrap();
    assert!(o.status.success());
    let h = stdout(&o);
    for cmd in ["ingest", "units", "status", "compact", "gen"] {
        assert!(h.contains(cmd), "{h}");
    }
    let o = bin().args(["ingest", "--help"]).output().unwrap();
    assert!(stdout(&o).contains("county=<code or name>"), "{}", stdout(&o));
}

#[test]
fn missing_input_is_an_operational_error() {
    let dir = tmp();
    let o = juesuan(dir.path(), &["ingest", "/no/such/dir"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("juesuan: error: /no/such/dir"), "{}", stderr(&o));
}

#[test]
fn units_lists_the_seed_with_its_totals() {
    let dir = tmp();
    assert!(juesuan(dir.path(), &["ingest", seed_path().to_str().unwrap()]).status.success());
    let o = juesuan(dir.path(), &["units"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("阳谷县工业和信息化局（汇总）"), "{out}");
    assert!(out.contains("6,562.78") && out.contains("1,178.07") && out.contains("5,384.71"), "{out}");
    assert!(out.contains("1 units"), "{out}");
}

#[test]
fn store_from_environment_variable() {
    let dir = tmp();
    let o = bin().env("JUESUAN_STORE", dir.path()).args(["ingest", seed_path().to_str().unwrap()]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("documents").is_dir());
}

#[test]
fn closed_stdout_is_not_an_error() {
    use std::process::Stdio;
    let dir = tmp();
    assert!(juesuan(dir.path(), &["ingest", seed_path().to_str().unwrap()]).status.success());
    let mut child = bin()
        .arg("--store")
        .arg(dir.path())
        .arg("units")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn status_lists_documents_per_county_year() {
    let o = juesuan(seed_store(), &["status"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains(": 1 documents,"), "{out}");
    assert!(out.contains("county=371521 (山东省聊城市阳谷县) year=2024: 1 documents"), "{out}");
    assert!(!out.contains("more than one file"), "{out}");
}
