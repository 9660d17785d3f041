//! Reports and the BI export, checked with the consumers people use: a real headless
//! Chromium for the HTML, openpyxl for the XLSX, pyarrow / polars / pandas for the export.

use super::*;

fn report(args: &[&str]) -> Output {
    juesuan(demo_store(), &[&["report"], args].concat())
}

#[test]
fn html_report_renders_in_chromium_with_its_charts() {
    let out = tmp();
    let o = report(&[
        "render",
        "county_comparison",
        "--param",
        "county=阳谷县",
        "--param",
        "year=2024",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let file = out.path().join("county_comparison.html");
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.contains("<h1>县区部门决算横向比较</h1>"), "title");
    assert!(html.contains("县区：山东省聊城市阳谷县（371521）；年度：2024"));
    // The only address in the page is the SVG namespace: nothing is fetched.
    assert_eq!(html.matches("http").count(), html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count());
    assert!(!html.contains("<script") && !html.contains("<link"), "self-contained");
    // Same store, same parameters: byte-identical.
    let again = tmp();
    report(&["render", "county_comparison", "--param", "county=371521", "--out", again.path().to_str().unwrap()]);
    assert_eq!(html, std::fs::read_to_string(again.path().join("county_comparison.html")).unwrap());
    let profile = tmp();
    let user_data = tmp();
    let o = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", user_data.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        .current_dir(profile.path())
        .output()
        .expect("chromium is installed (.ci/run installs it)");
    assert!(o.status.success(), "{}", stderr(&o));
    let dom = stdout(&o);
    assert_eq!(dom.matches("<svg").count(), 4, "one chart per section");
    assert!(
        dom.contains("各单位“三公”经费决算（万元）") && dom.contains("阳谷县工业和信息化局（汇总）"),
        "{}",
        &dom[..dom.len().min(2000)]
    );
    assert!(dom.contains("42.38") && dom.contains("6,562.78"), "amounts with thousands separators");
    assert!(dom.matches("class=\"bar\"").count() >= 20, "bars drawn");
}

#[test]
fn xlsx_markdown_and_csv_reports() {
    let out = tmp();
    let dir = out.path().to_str().unwrap();
    for f in ["xlsx", "md", "csv"] {
        let o = report(&[
            "render",
            "county_comparison",
            "--param",
            "county=371521",
            "--param",
            "year=2024",
            "--format",
            f,
            "--out",
            dir,
        ]);
        assert!(o.status.success(), "{f}: {}", stderr(&o));
    }
    let xlsx = out.path().join("county_comparison.xlsx");
    let o = python("read_xlsx.py", &[xlsx.to_str().unwrap(), "5", "单位", "0.28"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let md = std::fs::read_to_string(out.path().join("county_comparison.md")).unwrap();
    assert!(md.starts_with("# 县区部门决算横向比较\n\n县区：山东省聊城市阳谷县（371521）；年度：2024"), "{md}");
    assert!(md.contains("| 阳谷县工业和信息化局（汇总） | 42.38 | 43.37 |"), "{md}");
    let csv = std::fs::read_to_string(out.path().join("county_comparison-02.csv")).unwrap();
    assert!(csv.starts_with("单位,机关运行经费（万元）,年初预算（万元）"), "{csv}");
    // The same workbook twice is the same bytes (no timestamps inside).
    let again = tmp();
    report(&[
        "render",
        "county_comparison",
        "--param",
        "county=371521",
        "--format",
        "xlsx",
        "--out",
        again.path().to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read(&xlsx).unwrap(), std::fs::read(again.path().join("county_comparison.xlsx")).unwrap());
}

#[test]
fn parameters_are_bound_not_spliced() {
    let out = tmp();
    let dir = out.path().to_str().unwrap();
    let o = report(&[
        "render",
        "unit_profile",
        "--param",
        "county=371521",
        "--param",
        "unit=x' OR '1'='1",
        "--format",
        "md",
        "--out",
        dir,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = std::fs::read_to_string(out.path().join("unit_profile.md")).unwrap();
    assert_eq!(md.matches("（无数据）").count(), 3, "{md}");
    let o = report(&["render", "county_comparison", "--param", "county=371521' OR 1=1 --", "--out", dir]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown county"), "{}", stderr(&o));
    let o = report(&[
        "render",
        "unit_profile",
        "--param",
        "county=371521",
        "--param",
        "unit=阳谷县财政局",
        "--format",
        "md",
        "--out",
        dir,
    ]);
    assert!(o.status.success());
    let md = std::fs::read_to_string(out.path().join("unit_profile.md")).unwrap();
    assert!(md.contains("| 2023 |") && md.contains("| 2024 |"), "{md}");
}

#[test]
fn scheduled_run_writes_dated_reports_and_reports_failures() {
    let dir = tmp();
    let out = dir.path().join("out");
    let cfg = dir.path().join("reports.toml");
    std::fs::write(
        &cfg,
        format!(
            "[[run]]\nreport = \"county_comparison\"\nparams = {{ county = \"莘县\" }}\nformats = [\"html\", \"md\"]\nout = \"{0}/{{date}}/莘县\"\n\n[[run]]\nreport = \"no_such_report\"\nformats = [\"html\"]\nout = \"{0}/x\"\n\n[[run]]\nreport = \"findings_summary\"\nparams = {{ county = \"371521\", year = \"2024\" }}\nformats = [\"csv\"]\nout = \"{0}/{{date}}/checks\"\n",
            out.display()
        ),
    )
    .unwrap();
    let o = report(&["run", "--config", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(
        lines[0].starts_with("ok     county_comparison")
            && lines[1].starts_with("FAILED no_such_report")
            && lines[2].starts_with("ok     findings_summary"),
        "{text}"
    );
    let dated: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.len() == 10)
        .collect();
    assert_eq!(dated.len(), 1, "{dated:?}");
    let base = out.join(&dated[0]);
    assert!(base.join("莘县/county_comparison.html").is_file() && base.join("莘县/county_comparison.md").is_file());
    assert!(base.join("checks/findings_summary-01.csv").is_file());
    // No half-written files left behind.
    let leftovers = std::fs::read_dir(base.join("莘县"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with('.'))
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn export_is_read_by_pyarrow_polars_and_pandas() {
    let conn = duck(demo_store());
    let total: Decimal = conn
        .query_row("SELECT sum(amount) FROM subject_facts WHERE table_role='expenditure' AND row_kind='total' AND measure='本年支出合计'", [], |r| r.get(0))
        .unwrap();
    let docs = count(&conn, "SELECT count(*) FROM documents");
    let dir = tmp();
    let out = dir.path().join("bi");
    let o = juesuan(demo_store(), &["export", "--out", out.to_str().unwrap(), "--duckdb"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = python("bi_readers.py", &[out.to_str().unwrap(), &total.normalize().to_string(), &docs.to_string()]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    // The .duckdb file has the tables and the canned views.
    let db = Connection::open(out.join("juesuan.duckdb")).unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM sangong"), docs);
    assert_eq!(
        amount(&db, "SELECT amount FROM jiguan_yunxing WHERE unit_name = '阳谷县工业和信息化局（汇总）'"),
        Some(dec("42.38"))
    );
    let lei: String = db
        .query_row("SELECT DISTINCT lei_name FROM subject_spending WHERE subject_code = '2150805'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lei, "资源勘探工业信息等支出");
    // Replacing needs --force, and leaves no temporary folders.
    let o = juesuan(demo_store(), &["export", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let o = juesuan(
        demo_store(),
        &["export", "--out", out.to_str().unwrap(), "--force", "--county", "莘县", "--year", "2024"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(names, vec!["bi".to_string()]);
    let c = Connection::open_in_memory().unwrap();
    let glob = format!("{}/documents/**/*.parquet", out.display());
    assert_eq!(count(&c, &format!("SELECT count(*) FROM read_parquet('{glob}', hive_partitioning = true)")), 6);
}
