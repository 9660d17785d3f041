//! The query layer: canned views on the seed and the demo corpus, `juesuan query` in every
//! format, and the REPL driven through stdin (meta commands, multi-line input, errors,
//! Ctrl-C) and its completion on a real store.

use std::io::Write as _;
use std::process::Stdio;

use super::*;

fn store() -> &'static Path {
    demo_store()
}

const SEED_UNIT: &str = "unit_name = '阳谷县工业和信息化局（汇总）' AND year = 2024";

fn seed_value(view: &str, col: &str) -> Option<Decimal> {
    amount(&duck(seed_store()), &format!("SELECT {col} FROM {view} WHERE {SEED_UNIT}"))
}

#[test]
fn sangong_view_on_the_seed() {
    assert_eq!(seed_value("sangong", "actual_total"), Some(dec("0.28")));
    assert_eq!(seed_value("sangong", "budget_total"), Some(dec("0.28")));
    assert_eq!(seed_value("sangong", "exec_rate_pct"), Some(dec("100")));
    assert_eq!(seed_value("sangong", "car_share_pct"), Some(dec("100")));
    assert_eq!(seed_value("sangong", "actual_vehicle_operation"), Some(dec("0.28")));
    assert_eq!(seed_value("sangong", "actual_outbound"), None);
    assert_eq!(seed_value("sangong", "county_share_pct"), Some(dec("100")));
}

#[test]
fn jiguan_view_matches_public_expenditure_total() {
    assert_eq!(seed_value("jiguan_yunxing", "amount"), Some(dec("42.38")));
    assert_eq!(seed_value("jiguan_yunxing", "public_total"), Some(dec("42.38")));
    assert_eq!(seed_value("jiguan_yunxing", "diff_vs_public"), Some(dec("0")));
    assert_eq!(seed_value("jiguan_yunxing", "budget"), Some(dec("43.37")));
}

#[test]
fn procurement_and_unit_totals_on_the_seed() {
    assert_eq!(seed_value("procurement_shares", "total"), Some(dec("18.05")));
    assert_eq!(seed_value("procurement_shares", "sme_share_pct"), Some(dec("100")));
    assert_eq!(seed_value("procurement_shares", "services_share_pct"), Some(dec("61.27")));
    assert_eq!(seed_value("unit_totals", "grand_total"), Some(dec("6562.78")));
    assert_eq!(seed_value("unit_totals", "fiscal_share_pct"), Some(dec("100")));
    assert_eq!(seed_value("unit_totals", "basic"), Some(dec("1178.07")));
    assert_eq!(seed_value("unit_totals", "basic_share_pct"), Some(dec("17.95")));
    assert_eq!(seed_value("unit_totals", "personnel"), Some(dec("1135.69")));
    assert_eq!(seed_value("unit_totals", "public"), Some(dec("42.38")));
}

#[test]
fn subject_spending_and_budget_execution_on_the_seed() {
    let conn = duck(seed_store());
    assert_eq!(
        amount(&conn, "SELECT amount FROM subject_spending WHERE subject_code='2150805' AND measure='项目支出'"),
        Some(dec("71"))
    );
    let lei: String = conn
        .query_row("SELECT DISTINCT lei_name FROM subject_spending WHERE subject_code='2150805'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lei, "资源勘探工业信息等支出");
    let (calc, stated, dir, dir_stated, table): (Decimal, Decimal, String, String, Decimal) = conn
        .query_row(
            "SELECT completion_pct, completion_pct_stated, direction, direction_stated, table_actual FROM budget_execution WHERE subject_code='2010401'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (calc, stated, dir.as_str(), dir_stated.as_str(), table),
        (dec("117.51"), dec("117.51"), "大于", "大于", dec("874.1"))
    );
    // 基金 subjects are compared with the 基金 table.
    assert_eq!(
        amount(&conn, "SELECT table_actual FROM budget_execution WHERE subject_code='2159802'"),
        Some(dec("4500"))
    );
    // The table cell is found at ingest, with its line: the row of 2010401 in the
    // 一般公共预算 table, and for the fund's total its 合计 row.
    let line = |sql: &str| int(&conn, sql);
    assert_eq!(line("SELECT table_line FROM budget_execution WHERE subject_code='2010401'"), 292);
    assert_eq!(
        line(
            "SELECT line FROM subject_facts WHERE table_role='general_budget' AND subject_code='2010401' AND measure='本年支出合计'"
        ),
        292
    );
    assert_eq!(
        amount(
            &conn,
            "SELECT table_actual FROM budget_execution WHERE subject_code IS NULL AND fund = 'general_budget'"
        ),
        Some(dec("1809.96"))
    );
    assert_eq!(
        line("SELECT table_line FROM budget_execution WHERE subject_code IS NULL AND fund = 'general_budget'"),
        289
    );
}

#[test]
fn ranks_and_shares_add_up_per_county_year() {
    let conn = duck(store());
    for view in ["sangong", "jiguan_yunxing", "procurement_shares"] {
        let bad = count(
            &conn,
            &format!(
                "SELECT count(*) FROM (SELECT county, year, sum(county_share_pct) AS s, count(*) AS n,
                        list_sort(list(rank_in_county)) AS ranks
                 FROM (SELECT *, {rank} AS rank_in_county FROM {view} WHERE counted)
                 GROUP BY county, year)
                 WHERE abs(s - 100) > 0.01 * n OR ranks[1] <> 1",
                rank = if view == "procurement_shares" { "1" } else { "rank_in_county" }
            ),
        );
        assert_eq!(bad, 0, "{view}");
        assert_eq!(count(&conn, &format!("SELECT count(DISTINCT (county, year)) FROM {view}")), 6, "{view}");
    }
    // Ranks are a permutation where amounts differ.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM (SELECT county, year, count(*) n, count(DISTINCT rank_in_county) d FROM jiguan_yunxing GROUP BY ALL) WHERE n <> d"
        ),
        0
    );
    // Last year is found for units present in both years.
    assert!(count(&conn, "SELECT count(*) FROM sangong WHERE prior_actual_total IS NOT NULL") >= 12);
}

#[test]
fn a_consolidated_document_is_never_added_to_its_own_parts() {
    let docs = tmp();
    let seed = seed_text();
    write(docs.path(), "consolidated.txt", seed.as_bytes());
    write(
        docs.path(),
        "own.txt",
        seed.replace("阳谷县工业和信息化局（汇总）", "阳谷县工业和信息化局（本级）").as_bytes(),
    );
    let store = tmp();
    assert!(juesuan(store.path(), &["ingest", docs.path().to_str().unwrap()]).status.success());
    let conn = duck(store.path());
    assert_eq!(count(&conn, "SELECT count(*) FROM units"), 2);
    assert_eq!(count(&conn, "SELECT count(*) FROM units WHERE counted"), 1);
    assert_eq!(amount(&conn, "SELECT county_total FROM procurement_shares WHERE counted"), Some(dec("18.05")));
    assert_eq!(amount(&conn, "SELECT county_share_pct FROM sangong WHERE counted"), Some(dec("100")));
}

fn query(args: &[&str]) -> Output {
    juesuan(store(), &[&["query"], args].concat())
}

#[test]
fn query_formats() {
    let sql = "SELECT unit_name, total FROM procurement_shares WHERE unit_name LIKE '阳谷县工业%' AND year = 2024";
    let o = query(&[sql, "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "unit_name,total\n阳谷县工业和信息化局（汇总）,18.05\n");
    let o = query(&[sql, "--format", "tsv"]);
    assert_eq!(stdout(&o), "unit_name\ttotal\n阳谷县工业和信息化局（汇总）\t18.05\n");
    let o = query(&[sql, "--format", "json"]);
    assert_eq!(stdout(&o), "[{\"unit_name\":\"阳谷县工业和信息化局（汇总）\",\"total\":18.05}]\n");
    let o = query(&[sql, "--format", "ndjson"]);
    assert_eq!(stdout(&o), "{\"unit_name\":\"阳谷县工业和信息化局（汇总）\",\"total\":18.05}\n");
    let o = query(&[sql, "--format", "markdown"]);
    assert!(
        stdout(&o).starts_with("| unit_name | total |\n|---|---:|\n| 阳谷县工业和信息化局（汇总） | 18.05 |\n"),
        "{}",
        stdout(&o)
    );
    let o = query(&["SELECT grand_total FROM unit_totals WHERE unit_name LIKE '阳谷县工业%' AND year = 2024"]);
    assert!(stdout(&o).contains("6,562.78"), "{}", stdout(&o));
    // Parquet output keeps the DECIMAL type; read back by DuckDB.
    let dir = tmp();
    let file = dir.path().join("out.parquet");
    let o = query(&["SELECT * FROM sangong", "--format", "parquet", "--output", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let conn = Connection::open_in_memory().unwrap();
    let t: String = conn
        .query_row(&format!("SELECT typeof(actual_total) FROM '{}' LIMIT 1", file.display()), [], |r| r.get(0))
        .unwrap();
    assert_eq!(t, "DECIMAL(18,6)");
    assert_eq!(count(&conn, &format!("SELECT count(*) FROM '{}'", file.display())), 37);
}

#[test]
fn a_one_shot_query_creates_only_the_views_it_names_and_their_sources() {
    let conn = duck(store());
    for v in juesuan::catalog::canned_views() {
        // Named in upper case: DuckDB's names are case-insensitive, and so is the choice.
        let sql = format!("SELECT count(*) FROM {}", v.name.to_uppercase());
        let o = query(&[&sql, "--format", "csv"]);
        assert!(o.status.success(), "{}: {}", v.name, stderr(&o));
        let expected = count(&conn, &sql);
        assert_eq!(stdout(&o), format!("count_star()\n{expected}\n"), "{}", v.name);
    }
    // Several statements: the views any of them names.
    let o = query(&["SELECT count(*) FROM sangong_table; SELECT count(*) FROM unit_totals", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A statement that lists the catalog sees every view.
    let o = query(&["SELECT count(*) FROM duckdb_views() WHERE NOT internal", "--format", "csv"]);
    let all = juesuan::model::ALL.len() + 1 + juesuan::catalog::canned_views().len();
    assert_eq!(stdout(&o), format!("count_star()\n{all}\n"));
}

#[test]
fn query_error_exits_1_with_position() {
    let o = query(&["SELECT nosuchcolumn FROM sangong"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("SQL error") && err.contains("nosuchcolumn") && err.contains("LINE 1"), "{err}");
    assert!(!err.contains("panicked") && !err.contains("backtrace"), "{err}");
    let dir = tmp();
    let f = write(dir.path(), "q.sql", "-- the canned view of 三公\nSELECT count(*) AS n FROM sangong;\n".as_bytes());
    let o = query(&["-f", f.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(stdout(&o), "n\n37\n");
}

fn repl(input: &str) -> Output {
    let mut child = bin()
        .arg("--store")
        .arg(store())
        .arg("repl")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn repl_from_stdin_meta_commands_and_multiline() {
    let dir = tmp();
    let once = dir.path().join("once.csv");
    let script = format!(
        ".views\n.describe sangong\n.mode csv\nSELECT count(*) AS n\n  FROM units\n  WHERE year = 2024;\n.once {}\nSELECT 7 AS seven;\n.mode table\n.maxrows 2\nSELECT unit_name FROM units ORDER BY unit_name;\n.timer on\nSELECT 1 AS one;\n.quit\nSELECT 'never';\n",
        once.display()
    );
    let o = repl(&script);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("sangong") && out.contains("“三公”经费预决算"), "{out}");
    assert!(out.contains("exec_rate_pct") && out.contains("执行率（%）= 决算合计/预算合计"), "{out}");
    assert!(out.contains("n\n19\n"), "{out}");
    assert!(out.contains("37 rows (showing 2)"), "{out}");
    assert!(out.contains("Run Time:"), "{out}");
    assert!(!out.contains("never"), "{out}");
    assert_eq!(std::fs::read_to_string(&once).unwrap(), "seven\n7\n");
}

#[test]
fn repl_error_then_good_query() {
    let o = repl("SELECT broken FROM nowhere;\nSELECT 42 AS answer;\n.describe units\n");
    assert_eq!(o.status.code(), Some(1), "a failed statement is reported in the exit code");
    assert!(stderr(&o).contains("nowhere"), "{}", stderr(&o));
    assert!(stdout(&o).contains("42"), "{}", stdout(&o));
    assert!(stdout(&o).contains("是否计入县区合计"), "{}", stdout(&o));
}

#[test]
fn ctrl_c_cancels_the_running_statement() {
    let mut child = bin()
        .arg("--store")
        .arg(store())
        .arg("repl")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"SELECT sum(i * i) FROM range(100000000000) t(i);\n").unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    stdin.write_all(b"SELECT 42 AS after_interrupt;\n").unwrap();
    drop(stdin);
    let o = child.wait_with_output().unwrap();
    assert!(stderr(&o).contains("nterrupt"), "{}", stderr(&o));
    assert!(stdout(&o).contains("after_interrupt"), "{}", stdout(&o));
}

#[test]
fn completion_offers_views_columns_and_values() {
    let conn = duck(store());
    let words = juesuan::repl::Words::load(&conn);
    let (_, v) = words.complete("SELECT * FROM sang", 18);
    assert!(v.contains(&"sangong".to_string()) && v.contains(&"sangong_text".to_string()), "{v:?}");
    let (_, v) = words.complete("SELECT exec_r", 13);
    assert_eq!(v, vec!["exec_rate_pct".to_string()]);
    let line = "SELECT * FROM units WHERE unit_name = '阳谷县工";
    let (_, v) = words.complete(line, line.len());
    assert!(v.contains(&"阳谷县工业和信息化局（汇总）'".to_string()), "{v:?}");
    let line = "WHERE subject_code = '21508";
    let (_, v) = words.complete(line, line.len());
    assert!(v.contains(&"2150805'".to_string()), "{v:?}");
    let (_, v) = words.complete("sel", 3);
    assert_eq!(v, vec!["select".to_string()]);
}

#[test]
fn querying_never_writes_the_store() {
    let before = fingerprint(store());
    let files = juesuan::store::list_parquet(store()).unwrap();
    let _ = query(&["SELECT * FROM sangong"]);
    let _ = repl("SELECT count(*) FROM budget_execution;\n");
    assert_eq!(files, juesuan::store::list_parquet(store()).unwrap());
    assert_eq!(before, fingerprint(store()));
}

/// Drive the REPL through a pseudo-terminal (`script` from util-linux): line editing,
/// multi-line input, Tab completion, history written on exit.
#[test]
fn repl_in_a_terminal_completes_and_keeps_history() {
    let home = tmp();
    let cmd = format!("{} --store {} repl", env!("CARGO_BIN_EXE_juesuan"), store().display());
    let mut child = Command::new("script")
        .args(["-qfc", &cmd, "/dev/null"])
        .env("HOME", home.path())
        .env("TERM", "xterm")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs");
    let mut stdin = child.stdin.take().unwrap();
    let pause = || std::thread::sleep(std::time::Duration::from_millis(1200));
    pause();
    // Two lines; `sango` + Tab completes to the common prefix `sangong`.
    stdin.write_all(b"SELECT count(*) AS n\r").unwrap();
    stdin.flush().unwrap();
    pause();
    stdin.write_all(b"FROM sango\t;\r").unwrap();
    stdin.flush().unwrap();
    pause();
    stdin.write_all(b"\x04").unwrap();
    stdin.flush().unwrap();
    let o = child.wait_with_output().unwrap();
    let out = stdout(&o);
    assert!(out.contains("FROM sangong"), "completion: {out}");
    assert!(out.contains("│ 37 │"), "result: {out}");
    let history = std::fs::read_to_string(home.path().join(".juesuan_history")).unwrap();
    assert!(history.contains("SELECT count(*) AS n") && history.contains("FROM sangong;"), "{history}");
}
