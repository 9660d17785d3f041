//! The real 阳谷县工业和信息化局 2024 document: ingested, then read back from the Parquet
//! files with DuckDB (not from the in-memory parse).

use super::*;

fn store() -> &'static Path {
    seed_store()
}

fn a(sql: &str) -> Option<Decimal> {
    amount(&duck(store()), sql)
}

#[test]
fn catalog_knows_unit_scope_year_and_county() {
    let conn = duck(store());
    let (unit, base, scope, county, name, city, province, year): (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        i32,
    ) = conn
        .query_row(
            "SELECT unit_name, unit_base, scope, county, county_name, city, province, year FROM documents",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
        )
        .unwrap();
    assert_eq!(unit, "阳谷县工业和信息化局（汇总）");
    assert_eq!(base, "阳谷县工业和信息化局");
    assert_eq!(scope, "部门汇总");
    assert_eq!(
        (county.as_str(), name.as_str(), city.as_str(), province.as_str()),
        ("371521", "阳谷县", "聊城市", "山东省")
    );
    assert_eq!(year, 2024);
    assert_eq!(count(&conn, "SELECT count(*) FROM tables"), 9);
}

#[test]
fn t01_totals_both_sides() {
    for side in ["收入", "支出"] {
        let v = a(&format!(
            "SELECT amount FROM summary_facts WHERE table_role='income_expenditure' AND side='{side}' AND item='总计'"
        ));
        assert_eq!(v, Some(dec("6562.78")), "{side}");
    }
    // 行次 is a row number, never an amount.
    assert_eq!(
        int(
            &duck(store()),
            "SELECT row_no FROM summary_facts WHERE table_role='income_expenditure' AND item='总计' AND side='收入'"
        ),
        31
    );
    assert_eq!(
        a("SELECT amount FROM summary_facts WHERE table_role='income_expenditure' AND item='一般公共预算财政拨款收入'"),
        Some(dec("1809.96"))
    );
    assert_eq!(
        a(
            "SELECT amount FROM summary_facts WHERE table_role='income_expenditure' AND side='支出' AND subject_code='215'"
        ),
        Some(dec("4977.90"))
    );
    // A blank cell is NULL, not 0.
    assert_eq!(
        a("SELECT amount FROM summary_facts WHERE table_role='income_expenditure' AND item='上级补助收入'"),
        None
    );
}

#[test]
fn doc_totals_copy_the_tables_totals_into_one_row() {
    let conn = duck(store());
    assert_eq!(count(&conn, "SELECT count(*) FROM doc_totals"), 1);
    let t = |c: &str| a(&format!("SELECT {c} FROM doc_totals"));
    assert_eq!(t("grand_total"), Some(dec("6562.78")));
    assert_eq!(t("income_total"), Some(dec("6562.78")));
    assert_eq!(t("expenditure_total"), Some(dec("6562.78")));
    assert_eq!(t("fiscal_grand_total"), Some(dec("6562.78")));
    assert_eq!(t("income_table_total"), Some(dec("6562.78")));
    assert_eq!(t("fiscal_income"), Some(dec("6562.78")));
    assert_eq!(t("basic"), Some(dec("1178.07")));
    assert_eq!(t("project"), Some(dec("5384.71")));
    assert_eq!(t("expenditure_table_total"), Some(dec("6562.78")));
    assert_eq!(t("general_budget_expenditure"), Some(dec("1809.96")));
    // Blank cells of the 合计 rows stay NULL, never 0.
    for c in ["superior_income", "business_income", "operating_income", "affiliate_income", "other_income"] {
        assert_eq!(t(c), None, "{c}");
    }
    for c in ["to_superior", "operating_expenditure", "to_affiliates"] {
        assert_eq!(t(c), None, "{c}");
    }
    // Each column is the cell of the fact datasets its source names.
    for (column, source) in juesuan::model::totals::DOC_TOTAL_COLUMNS {
        let cell = match source {
            juesuan::model::TotalOf::Summary { role, side, item } => format!(
                "SELECT amount FROM summary_facts WHERE table_role = '{role}' AND side = '{side}' AND item = '{item}' AND measure = '金额'"
            ),
            juesuan::model::TotalOf::Subject { role, measure } => format!(
                "SELECT amount FROM subject_facts WHERE table_role = '{role}' AND subject = 'total' AND row_kind = 'total' AND measure = '{measure}'"
            ),
        };
        assert_eq!(t(column), a(&cell), "{column}");
    }
}

#[test]
fn t02_row_2159802_manufacturing() {
    assert_eq!(
        a(
            "SELECT amount FROM subject_facts WHERE table_role='income' AND subject_code='2159802' AND measure='本年收入合计'"
        ),
        Some(dec("4500.00"))
    );
    let conn = duck(store());
    let (level, parent): (i32, String) = conn
        .query_row(
            "SELECT subject_level, parent_code FROM subject_facts WHERE table_role='income' AND subject_code='2159802' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((level, parent.as_str()), (3, "21598"));
}

#[test]
fn t03_total_basic_and_project() {
    let q = |m: &str| {
        a(&format!(
            "SELECT amount FROM subject_facts WHERE table_role='expenditure' AND row_kind='total' AND measure='{m}'"
        ))
    };
    assert_eq!(q("基本支出"), Some(dec("1178.07")));
    assert_eq!(q("项目支出"), Some(dec("5384.71")));
    assert_eq!(q("本年支出合计"), Some(dec("6562.78")));
}

#[test]
fn t04_resource_row_splits_by_fund() {
    let q = |m: &str| {
        a(&format!(
            "SELECT amount FROM summary_facts WHERE table_role='fiscal_income_expenditure' AND item='资源勘探工业信息等支出' AND measure='{m}'"
        ))
    };
    assert_eq!(q("金额"), Some(dec("4977.90")));
    assert_eq!(q("一般公共预算财政拨款"), Some(dec("477.90")));
    assert_eq!(q("政府性基金预算财政拨款"), Some(dec("4500.00")));
    assert_eq!(q("国有资本经营预算财政拨款"), None);
    // The row after the page break (十九、住房保障支出) is there too.
    assert_eq!(
        a(
            "SELECT amount FROM summary_facts WHERE table_role='fiscal_income_expenditure' AND subject_code='221' AND measure='金额'"
        ),
        Some(dec("65.28"))
    );
}

#[test]
fn t05_has_no_fund_rows() {
    let conn = duck(store());
    assert_eq!(
        count(&conn, "SELECT count(*) FROM subject_facts WHERE table_role='general_budget' AND subject_code='2120899'"),
        0
    );
    assert_eq!(
        a(
            "SELECT amount FROM subject_facts WHERE table_role='general_budget' AND subject_code='2150805' AND measure='本年支出合计'"
        ),
        Some(dec("71.00"))
    );
    // 2150599 comes after a repeated header (page break).
    assert_eq!(
        a(
            "SELECT amount FROM subject_facts WHERE table_role='general_budget' AND subject_code='2150599' AND measure='项目支出'"
        ),
        Some(dec("45.00"))
    );
}

#[test]
fn t06_side_by_side_blocks_and_totals() {
    let q = |code: &str| a(&format!("SELECT amount FROM basic_detail WHERE econ_code='{code}'"));
    assert_eq!(q("30101"), Some(dec("319.20")));
    assert_eq!(q("30217"), None, "公务接待费 is blank: NULL, not 0");
    assert_eq!(q("31002"), Some(dec("1.01")), "third block (公用经费 continued)");
    assert_eq!(q("30231"), Some(dec("0.28")), "second page of the table");
    assert_eq!(a("SELECT amount FROM basic_detail WHERE econ_name='人员经费合计'"), Some(dec("1135.69")));
    assert_eq!(a("SELECT amount FROM basic_detail WHERE econ_name='公用经费合计'"), Some(dec("42.38")));
    let conn = duck(store());
    let block: String =
        conn.query_row("SELECT block FROM basic_detail WHERE econ_code='31002'", [], |r| r.get(0)).unwrap();
    assert_eq!(block, "公用经费");
    let block: String =
        conn.query_row("SELECT block FROM basic_detail WHERE econ_code='30302'", [], |r| r.get(0)).unwrap();
    assert_eq!(block, "人员经费");
}

#[test]
fn wrapped_name_across_page_break_is_joined_in_t02_and_t03() {
    let conn = duck(store());
    for role in ["income", "expenditure", "gov_fund"] {
        let (name, n): (String, i64) = conn
            .query_row(
                &format!(
                    "SELECT any_value(subject_name), count(DISTINCT subject_name) FROM subject_facts WHERE table_role='{role}' AND subject_code='2120899'"
                ),
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((name.as_str(), n), ("其他国有土地使用权出让收入安排的支出", 1), "{role}");
    }
    assert_eq!(
        a(
            "SELECT amount FROM subject_facts WHERE table_role='income' AND subject_code='2120899' AND measure='本年收入合计'"
        ),
        Some(dec("237.97"))
    );
    assert_eq!(
        a(
            "SELECT amount FROM subject_facts WHERE table_role='gov_fund' AND subject_code='2120899' AND measure='本年支出合计'"
        ),
        Some(dec("237.97"))
    );
    // The continuation row is not a row of its own.
    assert_eq!(count(&conn, "SELECT count(*) FROM subject_facts WHERE subject_name='支出'"), 0);
}

#[test]
fn t08_empty_with_statement() {
    let conn = duck(store());
    let (status, stmt): (String, String) = conn
        .query_row("SELECT status, empty_statement FROM tables WHERE table_role='state_capital'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(status, "empty");
    assert_eq!(stmt, "本部门没有使用国有资本经营预算安排的支出，故本表无数据。");
    assert_eq!(
        count(&conn, "SELECT count(*) FROM subject_facts WHERE table_role='state_capital' AND amount IS NOT NULL"),
        0
    );
}

#[test]
fn t09_budget_and_actual_blocks() {
    for stage in ["预算", "决算"] {
        let q = |c: &str| a(&format!("SELECT {c} FROM sangong_table WHERE stage='{stage}'"));
        assert_eq!(q("total"), Some(dec("0.28")), "{stage}");
        assert_eq!(q("vehicle_subtotal"), Some(dec("0.28")), "{stage}");
        assert_eq!(q("vehicle_operation"), Some(dec("0.28")), "{stage}");
        assert_eq!(q("outbound"), None, "{stage}");
        assert_eq!(q("vehicle_purchase"), None, "{stage}");
        assert_eq!(q("reception"), None, "{stage}");
    }
}

#[test]
fn hive_layout_by_county_with_year_and_subject_in_the_files() {
    let root = store();
    for ds in ["subject_facts", "summary_facts", "documents"] {
        let files: Vec<_> = std::fs::read_dir(root.join(ds).join("county=371521")).unwrap().collect();
        assert_eq!(files.len(), 1, "{ds}: one file in the county partition");
    }
    // The partition column comes back as text, the clustering columns typed.
    let conn = duck(root);
    let (c, y): (String, i32) =
        conn.query_row("SELECT DISTINCT county, year FROM subject_facts", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((c.as_str(), y), ("371521", 2024));
    let subjects = count(&conn, "SELECT count(DISTINCT subject) FROM subject_facts");
    assert_eq!(count(&conn, "SELECT count(*) FROM subject_facts WHERE subject = 'total' AND row_kind <> 'total'"), 0);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM subject_facts WHERE subject <> 'total' AND left(subject_code, 3) <> subject"
        ),
        0
    );
    assert!(subjects >= 4, "215, 208, 210, 221 and total: {subjects}");
    // Row groups carry year statistics, so a year filter skips them inside a county file.
    let glob = root.join("subject_facts/*/*.parquet");
    let (lo, hi): (String, String) = conn
        .query_row(
            &format!(
                "SELECT min(stats_min_value), max(stats_max_value) FROM parquet_metadata('{}') WHERE path_in_schema = 'year'",
                glob.display()
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((lo.as_str(), hi.as_str()), ("2024", "2024"));
    // The 合计 rows are a row group of their own, so totals are read without the 类 rows.
    let groups: Vec<(i64, String, String)> = conn
        .prepare(&format!(
            "SELECT row_group_id, stats_min_value, stats_max_value FROM parquet_metadata('{}')
             WHERE path_in_schema = 'subject' ORDER BY row_group_id",
            glob.display()
        ))
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(groups.len(), 2, "{groups:?}");
    assert_eq!((groups[0].1.as_str(), groups[0].2.as_str()), ("total", "total"));
    assert!(groups[1].2.as_str() < "total", "{groups:?}");
    // Only the clustering columns carry statistics: no other column ever skipped a row
    // group, and computing them cost 5 % of ingest.
    let with_stats: Vec<String> = conn
        .prepare(&format!(
            "SELECT DISTINCT path_in_schema FROM parquet_metadata('{}')
             WHERE stats_min_value IS NOT NULL ORDER BY 1",
            root.join("*/*/*.parquet").display()
        ))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(with_stats, ["subject", "year"]);
    // Amounts and lines are written plain (nearly all distinct), the rest with a
    // dictionary.
    let dictionary: Vec<(String, bool)> = conn
        .prepare(&format!(
            "SELECT path_in_schema, bool_or(encodings LIKE '%DICTIONARY%') FROM parquet_metadata('{}')
             GROUP BY 1 ORDER BY 1",
            glob.display()
        ))
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let plain: Vec<&str> = dictionary.iter().filter(|(_, d)| !d).map(|(c, _)| c.as_str()).collect();
    assert_eq!(plain, ["amount", "line"], "{dictionary:?}");
}

#[test]
fn amounts_are_decimal_in_parquet() {
    let conn = duck(store());
    let t: String = conn.query_row("SELECT typeof(amount) FROM subject_facts LIMIT 1", [], |r| r.get(0)).unwrap();
    assert_eq!(t, "DECIMAL(18,6)");
}

#[test]
fn provenance_points_at_the_source_line() {
    let conn = duck(store());
    let line: i32 = conn.query_row("SELECT line FROM basic_detail WHERE econ_code='30101'", [], |r| r.get(0)).unwrap();
    assert_eq!(line, 330);
    let text = seed_text();
    assert!(text.lines().nth(line as usize - 1).unwrap().contains("基本工资"));
}
