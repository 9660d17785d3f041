//! The store's guarantees: idempotent re-ingest, replacement without duplicates, crash
//! safety under kill -9, one writer at a time, GB18030 input, hostile partition values.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use super::*;

/// Every file of the store with its bytes and modification time.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut m = BTreeMap::new();
    for p in juesuan::store::list_parquet(root).unwrap() {
        let meta = std::fs::metadata(&p).unwrap();
        m.insert(p.clone(), (std::fs::read(&p).unwrap(), meta.modified().unwrap()));
    }
    m
}

#[test]
fn reingesting_the_same_content_changes_nothing() {
    let dir = tmp();
    let seed = seed_path();
    assert!(juesuan(dir.path(), &["ingest", seed.to_str().unwrap()]).status.success());
    let before = snapshot(dir.path());
    let o = juesuan(dir.path(), &["ingest", seed.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("0 ingested, 1 unchanged"), "{}", stdout(&o));
    assert_eq!(before, snapshot(dir.path()));
}

#[test]
fn a_new_version_replaces_the_old_rows() {
    let dir = tmp();
    let docs = tmp();
    let v1 = write(docs.path(), "v1.txt", seed_text().as_bytes());
    // A corrected version: 基本工资 319.20 → 319.30 (and its 类 line).
    let v2 = write(
        docs.path(),
        "v2.txt",
        seed_text().replace("30101\t基本工资\t319.20", "30101\t基本工资\t319.30").as_bytes(),
    );
    assert!(juesuan(dir.path(), &["ingest", v1.to_str().unwrap()]).status.success());
    let o = juesuan(dir.path(), &["ingest", v2.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("1 ingested, 0 unchanged, 1 replaced"), "{}", stdout(&o));
    let conn = duck(dir.path());
    assert_eq!(count(&conn, "SELECT count(*) FROM documents"), 1);
    assert_eq!(amount(&conn, "SELECT amount FROM basic_detail WHERE econ_code='30101'"), Some(dec("319.30")));
    assert_eq!(count(&conn, "SELECT count(DISTINCT doc_id) FROM subject_facts"), 1);
    // Going back to v1 is a replacement again, not a no-op.
    let o = juesuan(dir.path(), &["ingest", v1.to_str().unwrap()]);
    assert!(stdout(&o).contains("1 replaced"), "{}", stdout(&o));
    assert_eq!(
        amount(&duck(dir.path()), "SELECT amount FROM basic_detail WHERE econ_code='30101'"),
        Some(dec("319.20"))
    );
}

#[test]
fn gb18030_input_gives_the_same_facts() {
    let docs = tmp();
    let crlf = seed_text().replace('\n', "\r\n");
    let (gbk, _, bad) = encoding_rs::GB18030.encode(&crlf);
    assert!(!bad);
    let p = write(docs.path(), "gbk.txt", &gbk);
    let dir = tmp();
    let o = juesuan(dir.path(), &["ingest", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let conn = duck(dir.path());
    let enc: String = conn.query_row("SELECT encoding FROM documents", [], |r| r.get(0)).unwrap();
    assert_eq!(enc, "GB18030");
    assert_eq!(amount(&conn, "SELECT amount FROM basic_detail WHERE econ_name='人员经费合计'"), Some(dec("1135.69")));
    let name: String = conn.query_row("SELECT unit_name FROM documents", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "阳谷县工业和信息化局（汇总）");
}

#[test]
fn second_writer_fails_clearly_while_the_first_holds_the_store() {
    let dir = tmp();
    let _held = juesuan::store::Store::open_write(dir.path(), false, "test").unwrap();
    let o = juesuan(dir.path(), &["ingest", seed_path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("in use by another juesuan process"), "{}", stderr(&o));
}

#[test]
fn kill_nine_leaves_the_store_as_before_or_as_after() {
    let work = tmp();
    let corpus = generated(work.path(), "corpus", 4, 7);
    // Before: the seed. After: the seed plus the generated county-year.
    let (before, after) = before_and_after(work.path(), &seed_path(), &corpus);
    let (fp_before, fp_after) = (fingerprint(&before), fingerprint(&after));
    assert_ne!(fp_before, fp_after);

    let mut outcomes = BTreeMap::new();
    // 24 kill points, 20 ms apart, across staging, the plan and its application.
    for i in 0..24u64 {
        let store = work.path().join(format!("crash{i}"));
        copy_dir(&before, &store);
        let mut child = bin()
            .arg("--store")
            .arg(&store)
            .args(["ingest", corpus.to_str().unwrap(), "--debug-pause-ms", "15"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(20 * i));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        // The next writer finishes or discards what the killed one left.
        drop(juesuan::store::Store::open_write(&store, false, "test").unwrap());
        let fp = fingerprint(&store);
        let state = if fp == fp_before {
            "before"
        } else if fp == fp_after {
            "after"
        } else {
            panic!("kill after {} ms left a store that is neither before nor after", 20 * i)
        };
        *outcomes.entry(state).or_insert(0) += 1;
        assert!(!store.join(".txn").read_dir().map(|mut d| d.next().is_some()).unwrap_or(false));
    }
    // The kills landed at different points: some before the commit, some after.
    assert!(outcomes.len() == 2, "{outcomes:?}");
}

/// The fault switch fails each file-system step of a commit in turn (a staged file's
/// write, the flush, the plan's write, fsync and rename, each rename and removal of
/// the apply) with ENOSPC or EIO: the ingest fails with exit 2 and says why; before the
/// plan is in place the store reads exactly as before, after it the next writer
/// finishes it; and the next ingest always succeeds and gives the store as after.
#[test]
fn a_failing_write_fsync_or_rename_at_any_step_of_a_commit_loses_nothing() {
    let work = tmp();
    let corpus = generated(work.path(), "corpus", 3, 11);
    let (before, after) = before_and_after(work.path(), &seed_path(), &corpus);
    let (fp_before, fp_after) = (fingerprint(&before), fingerprint(&after));
    let mut failed_steps = 0;
    let mut still_before = 0;
    for n in 1..500 {
        let store = work.path().join(format!("fault{n}"));
        copy_dir(&before, &store);
        let n_str = n.to_string();
        let o = juesuan(&store, &["ingest", corpus.to_str().unwrap(), "--debug-fail-at", &n_str]);
        if o.status.success() {
            // Past the last step: every step has failed once.
            assert_eq!(fingerprint(&store), fp_after);
            break;
        }
        failed_steps += 1;
        assert_eq!(o.status.code(), Some(2), "step {n}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("No space left on device") || err.contains("Input/output error"), "step {n}: {err}");
        // Read at once, as a reader would: as before, unless the plan was in place.
        let plan_in_place = store
            .join(".txn")
            .read_dir()
            .map(|d| d.flatten().any(|t| t.path().join("plan.json").exists()))
            .unwrap_or(false);
        if !plan_in_place {
            assert_eq!(fingerprint(&store), fp_before, "step {n}: a failed commit changed the store");
            still_before += 1;
        }
        // The next ingest finishes or discards what the failed one left, then commits.
        let o = juesuan(&store, &["ingest", corpus.to_str().unwrap()]);
        assert!(o.status.success(), "step {n}, next ingest: {}", stderr(&o));
        assert_eq!(fingerprint(&store), fp_after, "step {n}: the next ingest did not give the store as after");
    }
    // Staged files of three datasets' groups, the flush, the plan, the apply: dozens of
    // steps, the earlier ones leaving the store as before.
    assert!(failed_steps >= 20, "only {failed_steps} steps");
    assert!(still_before >= 10 && still_before < failed_steps, "{still_before} of {failed_steps}");
}

/// A query running while an ingest applies its commit (slowed down between steps) sees
/// the store as before or as after, never a partition's new file beside the old one.
#[test]
fn a_reader_during_a_commit_sees_the_store_before_or_after_never_a_mixture() {
    let work = tmp();
    let (v1, v2) = (generated(work.path(), "v1", 4, 3), generated(work.path(), "v2", 4, 4));
    let (before, after) = before_and_after(work.path(), &v1, &v2);
    let sql = "SELECT (SELECT count(*) FROM documents) || '/' || (SELECT count(*) FROM subject_facts) || '/' || \
               (SELECT sum(amount) FROM subject_facts) AS s";
    let state = |store: &Path| {
        let o = juesuan(store, &["query", sql, "--format", "csv"]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o).lines().nth(1).unwrap_or("").to_string()
    };
    let (s_before, s_after) = (state(&before), state(&after));
    assert_ne!(s_before, s_after);

    let store = work.path().join("store");
    copy_dir(&before, &store);
    let mut writer = bin()
        .arg("--store")
        .arg(&store)
        .args(["ingest", v2.to_str().unwrap(), "--debug-pause-ms", "15"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut seen = std::collections::BTreeMap::new();
    while writer.try_wait().unwrap().is_none() {
        let s = state(&store);
        assert!(s == s_before || s == s_after, "a reader saw {s}: neither {s_before} nor {s_after}");
        *seen.entry(if s == s_before { "before" } else { "after" }).or_insert(0) += 1;
    }
    assert!(writer.wait().unwrap().success());
    assert_eq!(state(&store), s_after);
    assert!(!seen.is_empty(), "no read while the commit ran");
}

/// A generated county-year of `units` documents under `dir/name`.
fn generated(dir: &Path, name: &str, units: usize, seed: u64) -> PathBuf {
    let out = dir.join(name);
    let opts = juesuan::generate::GenOptions { counties: 1, units, years: 1, first_year: 2024, seed, inject_rate: 0.0 };
    juesuan::generate::write_corpus(&opts, &out).unwrap();
    out
}

/// Two stores under `dir`: `before` with `first` ingested, `after` with `then` ingested
/// on top of a copy of it (what a commit of `then` goes from and to).
fn before_and_after(dir: &Path, first: &Path, then: &Path) -> (PathBuf, PathBuf) {
    let before = dir.join("before");
    assert!(juesuan(&before, &["ingest", first.to_str().unwrap()]).status.success());
    let after = dir.join("after");
    copy_dir(&before, &after);
    assert!(juesuan(&after, &["ingest", then.to_str().unwrap()]).status.success());
    (before, after)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &t);
        } else {
            std::fs::copy(e.path(), t).unwrap();
        }
    }
}

#[test]
fn hostile_county_never_writes_outside_the_store() {
    let dir = tmp();
    let store = dir.path().join("store");
    let o = juesuan(&store, &["ingest", seed_path().to_str().unwrap(), "--county", "../x"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("unknown county `../x`"), "{}", stderr(&o));
    assert!(!dir.path().join("x").exists());
    // Even a hostile value given to the layout functions stays one component deep.
    let p = juesuan::store::partition_dir(&juesuan::model::SUBJECT_FACTS, "../../etc");
    assert_eq!(p.components().count(), 2);
    assert!(!p.to_string_lossy().contains(".."));
}

#[test]
fn county_from_option_and_from_path() {
    let docs = tmp();
    // A unit name without any county: only the option or the path can place it.
    let text = seed_text().replace("阳谷县工业和信息化局", "工业和信息化局");
    let p = write(docs.path(), "county=莘县/doc.txt", text.as_bytes());
    let dir = tmp();
    let o = juesuan(dir.path(), &["ingest", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let c: String = duck(dir.path()).query_row("SELECT county FROM documents", [], |r| r.get(0)).unwrap();
    assert_eq!(c, "371522");
    let dir = tmp();
    let o = juesuan(dir.path(), &["ingest", p.to_str().unwrap(), "--county", "上海市普陀区"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let c: String = duck(dir.path()).query_row("SELECT county FROM documents", [], |r| r.get(0)).unwrap();
    assert_eq!(c, "310107");
}

#[test]
fn compaction_merges_fragmented_partitions() {
    let dir = tmp();
    assert!(juesuan(dir.path(), &["ingest", seed_path().to_str().unwrap()]).status.success());
    // Another tool dropped a second file into a partition.
    let part = dir.path().join("sangong_table/county=371521");
    let file = std::fs::read_dir(&part).unwrap().next().unwrap().unwrap().path();
    std::fs::copy(file, part.join("extra.parquet")).unwrap();
    assert_eq!(count(&duck(dir.path()), "SELECT count(*) FROM sangong_table"), 4);
    let o = juesuan(dir.path(), &["compact"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("1 partitions compacted"), "{}", stdout(&o));
    assert_eq!(std::fs::read_dir(&part).unwrap().count(), 1);
    assert_eq!(count(&duck(dir.path()), "SELECT count(*) FROM sangong_table"), 4);
}

#[test]
fn compaction_merges_a_file_out_of_year_order_in_memory_and_writes_it_clustered() {
    let corpus = tmp();
    let o = bin().args(["gen", "--counties", "1", "--units", "2", "--years", "3", "--out"]).arg(corpus.path()).output();
    assert!(o.unwrap().status.success());
    let dir = tmp();
    assert!(juesuan(dir.path(), &["ingest", corpus.path().to_str().unwrap()]).status.success());
    let part = dir.path().join("subject_facts/county=371521");
    let file = std::fs::read_dir(&part).unwrap().next().unwrap().unwrap().path();
    let rows = count(&duck(dir.path()), "SELECT count(*) FROM subject_facts");
    // Another tool wrote the same rows latest year first (streaming merge cannot take it).
    let conn = duckdb::Connection::open_in_memory().unwrap();
    conn.execute_batch(&format!(
        "COPY (SELECT * FROM read_parquet('{}', hive_partitioning = false) ORDER BY year DESC) TO '{}' (FORMAT parquet)",
        file.display(),
        part.join("extra.parquet").display()
    ))
    .unwrap();
    let o = juesuan(dir.path(), &["compact"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files_in(&part), 1);
    assert_eq!(count(&duck(dir.path()), "SELECT count(*) FROM subject_facts"), 2 * rows);
    // 合计 rows first, then years ascending within each part.
    let merged = std::fs::read_dir(&part).unwrap().next().unwrap().unwrap().path();
    let out_of_order = count(
        &conn,
        &format!(
            "SELECT count(*) FROM (SELECT subject = 'total' AS t, year, lag(subject = 'total') OVER w AS t0, lag(year) OVER w AS y0
             FROM read_parquet('{}', hive_partitioning = false, file_row_number = true) WINDOW w AS (ORDER BY file_row_number))
             WHERE t0 IS NOT NULL AND (t AND NOT t0 OR t = t0 AND year < y0)",
            merged.display()
        ),
    );
    assert_eq!(out_of_order, 0);
}

#[test]
fn two_versions_in_one_run_keep_only_the_later_path() {
    let docs = tmp();
    write(docs.path(), "a-v1.txt", seed_text().as_bytes());
    write(
        docs.path(),
        "b-v2.txt",
        seed_text().replace("30101\t基本工资\t319.20", "30101\t基本工资\t319.30").as_bytes(),
    );
    let dir = tmp();
    let o = juesuan(dir.path(), &["ingest", docs.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("1 ingested, 0 unchanged, 1 replaced"), "{}", stdout(&o));
    let conn = duck(dir.path());
    assert_eq!(count(&conn, "SELECT count(*) FROM documents"), 1);
    assert_eq!(count(&conn, "SELECT count(DISTINCT doc_id) FROM basic_detail"), 1);
    assert_eq!(amount(&conn, "SELECT amount FROM basic_detail WHERE econ_code='30101'"), Some(dec("319.30")));
}

/// Files directly in one partition directory.
fn files_in(dir: &Path) -> usize {
    std::fs::read_dir(dir).map(|rd| rd.count()).unwrap_or(0)
}

#[test]
fn each_ingest_appends_one_file_per_partition_and_merges_past_the_limit() {
    let corpus = tmp();
    let o = bin().args(["gen", "--counties", "1", "--units", "2", "--years", "6", "--out"]).arg(corpus.path()).output();
    assert!(o.unwrap().status.success());
    let county = corpus.path().join("county=371521");
    let (store, whole) = (tmp(), tmp());
    let part = store.path().join("documents/county=371521");
    let max = juesuan::store::MAX_FILES;
    let mut expected = Vec::new();
    for (k, year) in (2023..2029).enumerate() {
        let o = juesuan(store.path(), &["ingest", county.join(year.to_string()).to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        expected.push(if k < max { k + 1 } else { k + 1 - max });
        assert_eq!(files_in(&part), expected[k], "after ingest {}: {expected:?}", k + 1);
    }
    // Appending and merging lose and double nothing: the same rows as one ingest.
    assert!(juesuan(whole.path(), &["ingest", county.to_str().unwrap()]).status.success());
    assert_eq!(files_in(&whole.path().join("documents/county=371521")), 1);
    assert_eq!(fingerprint(store.path()), fingerprint(whole.path()));
    let o = juesuan(store.path(), &["compact"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files_in(&part), 1);
    assert_eq!(fingerprint(store.path()), fingerprint(whole.path()));
}

#[test]
fn a_layout_one_store_is_refused_then_converted_by_compact() {
    // The store the converted one must equal, only read here.
    let new = demo_store();
    // The layout of earlier versions: a directory per county-year (and per 类), the
    // partition values only in the directory names.
    let old = tmp();
    let conn = duck(new);
    // Layout 1 had no `doc_totals` and no table columns in `execution_text`: compact
    // derives them.
    for ds in juesuan::model::ALL.into_iter().filter(|d| d.name != "doc_totals") {
        let keys = if ds.by_subject { "county, year, subject" } else { "county, year" };
        let except = if ds.name == "execution_text" { " EXCLUDE (table_actual, table_line)" } else { "" };
        conn.execute_batch(&format!(
            "COPY (SELECT *{except} FROM {0}) TO '{1}/{0}' (FORMAT parquet, PARTITION_BY ({keys}), COMPRESSION zstd)",
            ds.name,
            old.path().display()
        ))
        .unwrap();
    }
    assert!(old.path().join("subject_facts/county=371521/year=2024/subject=215").is_dir());
    refused_then_converted(old.path(), 1, "a directory per county-year");
    assert!(!old.path().join("subject_facts/county=371521/year=2024").exists());
    assert_eq!(files_in(&old.path().join("subject_facts/county=371521")), 1);
    assert_eq!(fingerprint(old.path()), fingerprint(new));
    // And it is a store like any other again.
    let o = juesuan(old.path(), &["ingest", seed_path().to_str().unwrap()]);
    assert!(stdout(&o).contains("1 unchanged"), "{}", stdout(&o));
}

#[test]
fn a_layout_two_store_is_refused_then_given_doc_totals_and_execution_table_cells_by_compact() {
    // The store the converted one must equal, only read here.
    let new = demo_store();
    // What the previous version wrote: the same files without `doc_totals`.
    let old = tmp();
    copy_dir(new, old.path());
    std::fs::remove_dir_all(old.path().join("doc_totals")).unwrap();
    // … and whose `execution_text` had no table columns.
    rewrite_files(&old.path().join("execution_text"), "* EXCLUDE (table_actual, table_line)");
    refused_then_converted(old.path(), 2, "no doc_totals");
    assert_eq!(files_in(&old.path().join("doc_totals/county=371521")), 1);
    assert_eq!(fingerprint(old.path()), fingerprint(new));
    // The views that read doc_totals give the seed's figures again.
    let conn = duck(old.path());
    assert_eq!(
        amount(&conn, "SELECT grand_total FROM unit_totals WHERE unit_name = '阳谷县工业和信息化局（汇总）'"),
        Some(dec("6562.78"))
    );
}

#[test]
fn a_layout_four_store_is_refused_then_given_the_reserved_procurement_columns_by_compact() {
    // The store of the previous version: `procurement_text` without the two budgets
    // reserved for 中小/小微企业 (layout 5). Converted, it equals one written now, but for
    // those two columns, NULL: no reader took them then.
    let store = tmp();
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/real");
    assert!(juesuan(store.path(), &["ingest", real.to_str().unwrap()]).status.success());
    let reserved = "SELECT count(*) FROM procurement_text WHERE sme_reserved_budget IS NOT NULL";
    assert_eq!(count(&duck(store.path()), reserved), 2);
    rewrite_files(
        &store.path().join("procurement_text"),
        "* EXCLUDE (sme_reserved_budget, small_micro_reserved_budget)",
    );
    refused_then_converted(store.path(), 4, "no reserved procurement budgets");
    let conn = duck(store.path());
    assert_eq!(count(&conn, "SELECT count(*) FROM procurement_text"), 3);
    assert_eq!(count(&conn, reserved), 0);
}

#[test]
fn documents_read_by_an_older_parser_are_read_again_when_ingested_again() {
    // A store written by the previous parser: its catalog says so. Ingesting the same
    // files again reads them again (each replaces itself); with this parser's version they
    // are unchanged.
    let store = tmp();
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/real");
    assert!(juesuan(store.path(), &["ingest", real.to_str().unwrap()]).status.success());
    rewrite_files(&store.path().join("documents"), "* REPLACE ('juesuan-0.1.0/p1' AS parser_version)");
    let before = fingerprint_except(store.path(), |ds| {
        if ds.name == "documents" { vec!["ingested_at", "parser_version"] } else { vec![] }
    });
    let o = juesuan(store.path(), &["ingest", real.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("0 unchanged, 3 replaced"), "{}", stdout(&o));
    let conn = duck(store.path());
    assert_eq!(count(&conn, "SELECT count(*) FROM documents WHERE parser_version LIKE '%/p1'"), 0);
    assert_eq!(count(&conn, "SELECT count(*) FROM documents"), 3);
    // The same rows as before (this parser wrote them both times), none twice.
    let after = fingerprint_except(store.path(), |ds| {
        if ds.name == "documents" { vec!["ingested_at", "parser_version"] } else { vec![] }
    });
    assert!(before == after, "rows differ after reading the documents again");
    let o = juesuan(store.path(), &["ingest", real.to_str().unwrap()]);
    assert!(stdout(&o).contains("3 unchanged, 0 replaced"), "{}", stdout(&o));
}

#[test]
fn converting_a_store_with_a_stray_file_fails_and_leaves_it_as_it_was() {
    let store = tmp();
    assert!(juesuan(store.path(), &["ingest", seed_path().to_str().unwrap()]).status.success());
    std::fs::remove_dir_all(store.path().join("doc_totals")).unwrap();
    std::fs::write(store.path().join("JUESUAN_STORE"), "juesuan store, layout 2\n").unwrap();
    // A file another tool left beside the county directories.
    let part = store.path().join("execution_text/county=371521");
    let file = std::fs::read_dir(&part).unwrap().next().unwrap().unwrap().path();
    std::fs::copy(&file, store.path().join("execution_text/stray.parquet")).unwrap();
    let before = walkdir(store.path());
    let o = juesuan(store.path(), &["compact"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("stray.parquet") && stderr(&o).contains("county="), "{}", stderr(&o));
    assert_eq!(walkdir(store.path()), before);
    assert!(std::fs::read_to_string(store.path().join("JUESUAN_STORE")).unwrap().contains("layout 2"));
    // Moved away, the conversion goes through.
    std::fs::remove_file(store.path().join("execution_text/stray.parquet")).unwrap();
    assert!(juesuan(store.path(), &["compact"]).status.success());
    assert_eq!(count(&duck(store.path()), "SELECT count(*) FROM doc_totals"), 1);
}

/// Every file under a directory, sorted.
fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Mark the store as of an older `layout`: querying and ingesting are refused, saying
/// what it lacks and that `juesuan compact` converts it; `compact` then does, and marks
/// it with this version's layout.
fn refused_then_converted(store: &Path, layout: u32, lacks: &str) {
    std::fs::write(store.join("JUESUAN_STORE"), format!("juesuan store, layout {layout}\n")).unwrap();
    for args in [&["query", "SELECT 1"][..], &["ingest", seed_path().to_str().unwrap()]] {
        let o = juesuan(store, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let said = stderr(&o);
        assert!(said.contains(&format!("layout {layout}: {lacks}")) && said.contains("juesuan compact"), "{said}");
    }
    let o = juesuan(store, &["compact"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("converted from layout {layout}")), "{}", stdout(&o));
    let marker = std::fs::read_to_string(store.join("JUESUAN_STORE")).unwrap();
    assert_eq!(marker, format!("juesuan store, layout {}\n", juesuan::store::CURRENT_LAYOUT));
}

/// Rewrite every Parquet file under `dir` in place as `SELECT {select}` of itself, as
/// an older version (or another tool) would have written it.
fn rewrite_files(dir: &Path, select: &str) {
    let conn = Connection::open_in_memory().unwrap();
    for f in walkdir(dir) {
        let f = f.display();
        conn.execute_batch(&format!(
            "COPY (SELECT {select} FROM read_parquet('{f}', hive_partitioning = false)) TO '{f}.old' (FORMAT parquet)"
        ))
        .unwrap();
        std::fs::rename(format!("{f}.old"), f.to_string()).unwrap();
    }
}
