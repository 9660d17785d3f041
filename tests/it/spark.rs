//! Past one machine (issue 23): the export is a dataset another engine opens in one step
//! and runs the canned views on, unchanged. Spark runs for real (local mode, from the
//! tests' Python); Trino is checked statically (no server here).

use super::*;

/// Store A: the demo, the seed, and the seed relabelled 2023 (A-YOY fires between them).
/// Store B: county 371524 of a generated corpus with errors injected into half of its
/// documents. A is exported, B merged into the same export.
fn merged_export(dir: &Path) -> PathBuf {
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    write(&docs, "seed-2024.txt", seed_text().as_bytes());
    let last = seed_text().replace("2024 年度", "2023 年度").replace("2024年度", "2023年度");
    write(&docs, "seed-2023.txt", last.as_bytes());
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/demo");
    let a = dir.join("a");
    let o = juesuan(&a, &["ingest", demo.to_str().unwrap(), docs.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let generated = dir.join("gen");
    let o = bin()
        .args(["gen", "--out", generated.to_str().unwrap(), "--counties", "4", "--units", "8", "--years", "2"])
        .args(["--seed", "5", "--inject-rate", "0.5"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let b = dir.join("b");
    let o = juesuan(&b, &["ingest", generated.join("county=371524").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = dir.join("export");
    let o = juesuan(&a, &["export", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = juesuan(&b, &["export", "--out", out.to_str().unwrap(), "--merge"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Merging the same county again is refused, naming it, and the export is unchanged.
    let before = fingerprint_dir(&out);
    let o = juesuan(&b, &["export", "--out", out.to_str().unwrap(), "--merge"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("county 371524 is already in the export"), "{}", stderr(&o));
    assert_eq!(fingerprint_dir(&out), before);
    out
}

/// Every file under `dir` with its size, sorted.
fn fingerprint_dir(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                todo.push(e.path());
            } else {
                out.push((e.path().strip_prefix(dir).unwrap().to_path_buf(), e.metadata().unwrap().len()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn spark_runs_every_canned_view_on_a_merged_export_and_gets_juesuans_rows() {
    let dir = tmp();
    let out = merged_export(dir.path());
    // The merged export holds both stores' counties, and findings that fire.
    let conn = Connection::open_in_memory().unwrap();
    let parquet = |what: &str| format!("read_parquet('{}/{what}')", out.display());
    let documents = format!(
        "read_parquet('{}/documents/*/*/*.parquet', hive_partitioning = true, hive_types = {{'county': VARCHAR}})",
        out.display()
    );
    assert_eq!(count(&conn, &format!("SELECT count(DISTINCT county) FROM {documents}")), 4);
    let findings = parquet("views/findings.parquet");
    let fired = count(
        &conn,
        &format!(
            "SELECT count(DISTINCT rule) FROM {findings} WHERE severity = 'error' AND (rule = 'A-YOY' OR county = '371524')"
        ),
    );
    assert!(fired >= 4, "A-YOY and the injected errors: {fired} rules");
    let yoy = count(
        &conn,
        &format!("SELECT count(*) FROM {findings} WHERE rule = 'A-YOY' AND severity = 'error' AND year = 2024"),
    );
    // (The 2023 copy still says `与 2023 年度相比`, so it is compared with itself too.)
    assert_eq!(yoy, 6, "the seed's six year-on-year statements against its 2023 copy");
    let views = juesuan::catalog::canned_views().len().to_string();
    let o = python("spark_views.py", &[out.to_str().unwrap(), &views]);
    let report = stdout(&o);
    assert!(o.status.success(), "{report}{}", stderr(&o));
    assert_eq!(report.lines().filter(|l| l.contains(" rows equal")).count(), juesuan::catalog::canned_views().len());
    assert!(report.contains("spark 3.5"), "{report}");
    // Spark 4 (ANSI SQL by default) too, where `.ci/run` installed it beside 3.5.
    if let Some(spark4) = std::env::var_os("JUESUAN_TEST_PYTHON_SPARK4") {
        let o = python_with(&spark4, "spark_views.py", &[out.to_str().unwrap(), &views]);
        let report = stdout(&o);
        assert!(o.status.success(), "{report}{}", stderr(&o));
        assert!(report.contains("spark 4."), "{report}");
        assert_eq!(
            report.lines().filter(|l| l.contains(" rows equal")).count(),
            juesuan::catalog::canned_views().len()
        );
    }
    // Spark wrote nothing beside the tests (its default spark-warehouse/ goes to a temp dir).
    assert!(!Path::new(env!("CARGO_MANIFEST_DIR")).join("spark-warehouse").exists());
}

/// The views (and the export's Trino DDL) parse as DuckDB, Spark and Trino SQL.
#[test]
fn the_views_parse_for_duckdb_spark_and_trino() {
    let out = tmp();
    let export = out.path().join("x");
    let o = juesuan(seed_store(), &["export", "--out", export.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let queries = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let o = python("sql_dialects.py", &[queries.to_str().unwrap(), export.join("trino/create.sql").to_str().unwrap()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        stdout(&o).lines().filter(|l| l.ends_with("parsed as duckdb, spark and trino")).count(),
        juesuan::catalog::canned_views().len()
    );
}

/// `subject_facts` is laid out by county, year and 类, and `subject` reads as a column:
/// the canned `subject_spending` over the Parquet export (DuckDB reading the folders, as
/// any engine would) gives `juesuan query`'s rows.
#[test]
fn subject_facts_are_partitioned_by_subject_and_subject_spending_runs_on_the_export() {
    let out = tmp();
    let export = out.path().join("x");
    let o = juesuan(seed_store(), &["export", "--out", export.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(export.join("subject_facts/county=371521/year=2024/subject=215").is_dir());
    assert!(export.join("subject_facts/county=371521/year=2024/subject=total").is_dir());
    // The canned views run over the export's folders (subject_spending reads `subject`)
    // and give, row for row, what juesuan wrote beside them.
    let conn = juesuan::export::duckdb_over(&export).unwrap();
    for view in ["subject_spending", "units", "findings"] {
        let written = format!("read_parquet('{}/views/{view}.parquet')", export.display());
        for (a, b) in [(view.to_string(), written.clone()), (written, view.to_string())] {
            let sql = format!("SELECT count(*) FROM (SELECT * FROM {a} EXCEPT ALL SELECT * FROM {b})");
            assert_eq!(count(&conn, &sql), 0, "{view}: {sql}");
        }
    }
    assert!(count(&conn, "SELECT count(*) FROM subject_spending") > 100);
    let total = amount(
        &conn,
        "SELECT sum(amount) FROM subject_facts
         WHERE subject = '215' AND table_role = 'expenditure' AND measure = '本年支出合计' AND subject_code = '215'",
    );
    // 资源勘探工业信息等支出 (215) of the seed's 支出决算表 (公开03表): 4,977.90.
    assert_eq!(total, Some(dec("4977.90")));
}
