//! The checks across documents, on real figures: carry-over continuity (A-CARRY) between
//! two years of the 财政局, consolidation (A-CONSOLIDATION) of the seed's 部门汇总 against
//! its 本级, the `coverage` view of listed units, and the `signals` view.

use super::real::{CZJ, real};
use super::*;

/// The 财政局's PDF as text (`juesuan extract`), and the same document relabelled 2025:
/// its 年初结转和结余 (49.14; 财政拨款 21.63) then follows the 2024 document's 年末结转和结余
/// (55.34; 财政拨款 21.63), as printed on p6 and p12.
fn czj_two_years(dir: &Path, opening_2025: &str) {
    let o = bin().arg("extract").arg(real(CZJ)).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    write(dir, "czj-2024.txt", text.as_bytes());
    let row = "年初结转和结余\t49.14\t年末结转和结余\t55.34";
    assert!(text.contains(row), "the 收支总表's balance row");
    let next = text.replace("2024", "2025").replace(row, &row.replace("49.14", opening_2025));
    write(dir, "czj-2025.txt", next.as_bytes());
}

fn ingested(docs: &Path) -> tempfile::TempDir {
    let store = tmp();
    let o = juesuan(store.path(), &["ingest", docs.to_str().unwrap()]);
    assert!(o.status.code().unwrap_or(2) <= 1, "{}{}", stdout(&o), stderr(&o));
    store
}

#[test]
fn this_years_opening_balance_is_last_years_closing() {
    let docs = tmp();
    czj_two_years(docs.path(), "49.14");
    let store = ingested(docs.path());
    let conn = duck(store.path());
    let rows: Vec<(String, String, i32, Decimal, i32, Decimal)> = conn
        .prepare(
            "SELECT formula, severity, left_line, left_value, right_line, right_value FROM findings
             WHERE rule = 'A-CARRY' ORDER BY formula",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // The 收支总表 only: the 财政拨款 balance (21.63) and its 一般公共预算 fund carry over.
    assert_eq!(rows.len(), 1, "{rows:?}");
    let (formula, severity, line, opening, prior_line, closing) = &rows[0];
    assert!(formula.starts_with("收支总表：") && formula.contains("上年（2024）"), "{formula}");
    assert_eq!((severity.as_str(), *line, *prior_line), ("error", 136, 136));
    assert_eq!((*opening, *closing), (dec("49.14"), dec("55.34")));
    let year: i32 = conn.query_row("SELECT year FROM findings WHERE rule = 'A-CARRY'", [], |r| r.get(0)).unwrap();
    assert_eq!(year, 2025);
}

#[test]
fn an_opening_balance_that_carries_over_is_silent() {
    let docs = tmp();
    czj_two_years(docs.path(), "55.34");
    let store = ingested(docs.path());
    assert_eq!(count(&duck(store.path()), "SELECT count(*) FROM findings WHERE rule = 'A-CARRY'"), 0);
}

/// The seed's 部门汇总 lists one member, 局机关本级; its 本级 document is the seed under
/// the 本级 name (a 汇总 of one unit is that unit).
fn seed_and_its_own_office(dir: &Path, change: Option<(&str, &str)>) {
    write(dir, "huizong.txt", seed_text().as_bytes());
    let mut own = seed_text().replace("阳谷县工业和信息化局（汇总）", "阳谷县工业和信息化局（本级）");
    if let Some((from, to)) = change {
        assert!(own.contains(from));
        own = own.replacen(from, to, 1);
    }
    write(dir, "benji.txt", own.as_bytes());
}

#[test]
fn a_department_total_is_the_sum_of_its_units() {
    let docs = tmp();
    seed_and_its_own_office(docs.path(), None);
    let store = ingested(docs.path());
    let conn = duck(store.path());
    assert_eq!(count(&conn, "SELECT count(*) FROM coverage WHERE member = '局机关本级' AND in_store AND complete"), 1);
    assert_eq!(count(&conn, "SELECT count(*) FROM findings WHERE rule = 'A-CONSOLIDATION'"), 0);
    // The seed alone: its 本级 is listed and absent, and nothing is consolidated.
    let alone = tmp();
    write(alone.path(), "huizong.txt", seed_text().as_bytes());
    let store = ingested(alone.path());
    let conn = duck(store.path());
    assert_eq!(
        count(&conn, "SELECT count(*) FROM coverage WHERE member = '局机关本级' AND NOT in_store AND own_accounts"),
        1
    );
}

/// The 本级's 支出决算表 row 201 一般公共服务支出 (line 194: 874.10 | 825.12 | 48.98) with
/// 10 more: the 汇总's cells of that row and of the totals above it no longer add up.
#[test]
fn a_unit_cell_the_department_total_does_not_hold_is_an_error() {
    let docs = tmp();
    let row = "201\t一般公共服务支出\t874.10\t825.12\t48.98";
    seed_and_its_own_office(docs.path(), Some((row, "201\t一般公共服务支出\t884.10\t825.12\t58.98")));
    let store = ingested(docs.path());
    let conn = duck(store.path());
    let rows: Vec<(String, String, i32, Decimal, Decimal)> = conn
        .prepare(
            "SELECT formula, severity, left_line, left_value, right_value FROM findings
             WHERE rule = 'A-CONSOLIDATION' ORDER BY formula",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].0, "expenditure 201 本年支出合计：部门汇总 = 本级与所属单位之和（1 份）");
    assert_eq!((rows[0].1.as_str(), rows[0].2, rows[0].3, rows[0].4), ("error", 194, dec("874.10"), dec("884.10")));
    assert!(rows[1].0.starts_with("expenditure 201 项目支出"), "{rows:?}");
    assert_eq!((rows[1].3, rows[1].4), (dec("48.98"), dec("58.98")));
}

/// The generated corpus and the real documents: the cross-document rules find nothing
/// above info (the demo's units carry no balances and no 汇总 has its 本级 stored).
#[test]
fn the_clean_corpus_is_silent_across_documents() {
    let conn = duck(demo_store());
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM findings WHERE rule IN ('A-CARRY', 'A-CONSOLIDATION') AND severity <> 'info'"
        ),
        0
    );
}
