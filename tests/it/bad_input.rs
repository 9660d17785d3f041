//! Bad documents are reported as `path:line: error: …` and cost only themselves.

use super::*;

fn ingest_dir(files: &[(&str, Vec<u8>)]) -> (Output, tempfile::TempDir, tempfile::TempDir) {
    let docs = tmp();
    for (name, bytes) in files {
        write(docs.path(), name, bytes);
    }
    let store = tmp();
    let o = juesuan(store.path(), &["ingest", docs.path().to_str().unwrap()]);
    (o, docs, store)
}

/// A truncated document is stored with the tables it has; each missing one is an error
/// finding (D-TABLE-MISSING), the run exits 1, and the checks that needed a missing
/// table are not run against nothing.
#[test]
fn truncated_document_keeps_its_tables_and_each_missing_one_is_a_finding() {
    let text = seed_text();
    // Another unit's document (the same unit and year would replace the good one).
    let half: String =
        text.lines().take(200).collect::<Vec<_>>().join("\n").replace("阳谷县工业和信息化局", "阳谷县科学技术局");
    let (o, _docs, store) = ingest_dir(&[("a-good.txt", text.into_bytes()), ("b-truncated.txt", half.into_bytes())]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("b-truncated.txt:200: error: table 财政拨款收入支出决算总表 not found"), "{err}");
    assert!(stdout(&o).contains("2 ingested (1 incomplete") && stdout(&o).contains("0 failed"), "{}", stdout(&o));
    let conn = duck(store.path());
    assert_eq!(count(&conn, "SELECT count(*) FROM documents"), 2);
    let cut = "(SELECT doc_id FROM documents WHERE source_path LIKE '%b-truncated.txt')";
    // 收支总表, 收入决算表 and 支出决算表 (to line 200) are kept; six tables are missing.
    assert_eq!(count(&conn, &format!("SELECT count(*) FROM tables WHERE doc_id IN {cut}")), 3);
    assert_eq!(
        count(
            &conn,
            &format!(
                "SELECT count(*) FROM findings WHERE doc_id IN {cut} AND rule = 'D-TABLE-MISSING' AND severity = 'error'"
            )
        ),
        6
    );
    assert!(
        count(&conn, &format!("SELECT count(*) FROM subject_facts WHERE doc_id IN {cut} AND table_role = 'income'"))
            > 0
    );
    // `rule_runs` tells "not checked" from "no finding": the checks that needed a
    // missing table did not run, and say why; the complete document ran every rule.
    assert_eq!(
        count(
            &conn,
            &format!(
                "SELECT count(*) FROM rule_runs WHERE doc_id IN {cut} AND rule = 'X-GENERAL' AND status = 'not_run'
                   AND reason = 'table fiscal_income_expenditure missing'"
            )
        ),
        1
    );
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM rule_runs WHERE doc_id IN {cut} AND rule = 'T02-ROW' AND status = 'passed'")
        ),
        1
    );
    assert_eq!(
        // (The rules across documents do not run: no last year, no 本级 of the 汇总.)
        count(
            &conn,
            &format!(
                "SELECT count(*) FROM rule_runs WHERE doc_id NOT IN {cut} AND status = 'not_run' AND rule NOT LIKE 'A-%'"
            )
        ),
        0
    );
    // Nothing was compared with a table that is not there.
    assert_eq!(
        count(
            &conn,
            &format!(
                "SELECT count(*) FROM findings WHERE doc_id IN {cut} AND right_place = 'general_budget' AND rule <> 'D-TABLE-MISSING'"
            )
        ),
        0
    );
}

#[test]
fn table_cut_off_after_its_title_is_an_error_at_the_title() {
    let text = seed_text();
    // Keep 支出决算表's title and meta lines, drop its rows.
    let cut: Vec<&str> = text.lines().enumerate().filter(|(i, _)| !(189..=228).contains(i)).map(|(_, l)| l).collect();
    let (o, _d, store) = ingest_dir(&[("cut.txt", cut.join("\n").into_bytes())]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cut.txt:183: error: 支出决算表: title found but no table rows follow"),
        "{}",
        stderr(&o)
    );
    // The document is kept without that table; the gap is a finding at the title.
    let conn = duck(store.path());
    assert_eq!(count(&conn, "SELECT count(*) FROM documents"), 1);
    assert_eq!(count(&conn, "SELECT count(*) FROM findings WHERE rule = 'D-TABLE-MISSING' AND left_line = 183"), 1);
}

#[test]
fn garbage_amount_is_reported_at_line_and_display_column() {
    let text = seed_text().replace("30101\t基本工资\t319.20", "30101\t基本工资\t3l9.20");
    let (o, _d, _s) = ingest_dir(&[("typo.txt", text.into_bytes())]);
    assert_eq!(o.status.code(), Some(1));
    // 30101 (5) + tab + 基本工资 (8 columns) + tab → column 16.
    assert!(
        stderr(&o).contains(
            "typo.txt:330:16: error: bad amount in 一般公共预算财政拨款基本支出决算明细表: `3l9.20` is not an amount"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn binary_garbage_and_empty_files_fail_cleanly() {
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let (o, _d, _s) = ingest_dir(&[
        ("garbage.txt", garbage),
        ("empty.txt", Vec::new()),
        ("prose.txt", "只是一段文字。\n".as_bytes().to_vec()),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("garbage.txt: error: neither UTF-8 nor GB18030 text"), "{err}");
    assert!(err.contains("empty.txt: error: file is empty"), "{err}");
    // No tables at all: first of all no 决算, and the message says what it seems to be.
    assert!(err.contains("prose.txt: error: no 部门决算 tables found") && err.contains("never mentions 决算"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn unresolvable_county_names_the_file() {
    let text = seed_text().replace("阳谷县工业和信息化局", "普陀区工业和信息化局");
    let (o, _d, _s) = ingest_dir(&[("putuo.txt", text.into_bytes())]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("putuo.txt:95: error: `普陀区工业和信息化局` matches several counties"), "{err}");
    assert!(err.contains("310107") && err.contains("330903"), "{err}");
}

/// `423,812.345 元` is 42.3812345 万元, finer than 0.01 元: it once panicked the whole run
/// (a NULL in a non-nullable column) and every other document was lost with it.
#[test]
fn a_sub_fen_amount_in_a_sentence_is_an_error_and_costs_only_its_document() {
    let text = seed_text();
    let bad = text.replace("2024 年度机关运行经费支出 42.38 万元", "2024 年度机关运行经费支出 423,812.345 元");
    assert_ne!(bad, text);
    let other = text.replace("阳谷县工业和信息化局", "阳谷县科学技术局");
    let (o, _d, store) = ingest_dir(&[("a-other.txt", other.into_bytes()), ("b-subfen.txt", bad.into_bytes())]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("b-subfen.txt:594: error: figure in the 情况说明: 42.3812345 has more than 6 decimal places"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(count(&duck(store.path()), "SELECT count(*) FROM documents"), 1, "the other document is stored");
}

/// `99999999999999999999999.00` was once stored wrapped around as 7,886,392,056,513.35:
/// a figure past DECIMAL(18,6) is an error at its cell, never a stored number.
#[test]
fn a_cell_past_decimal_18_6_is_refused_not_wrapped() {
    let text = seed_text().replace("45\t4,977.90", "45\t99999999999999999999999.00");
    let (o, _d, store) = ingest_dir(&[("huge.txt", text.into_bytes())]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("huge.txt:113:") && err.contains("is out of range"), "{err}");
    assert_eq!(count(&duck(store.path()), "SELECT count(*) FROM documents"), 0);
}

/// A bug while building one document's rows (a test hook makes it panic) fails that
/// document alone: the batch is committed again without it and the others are stored.
#[test]
fn a_panic_while_building_one_documents_rows_costs_only_that_document() {
    let text = seed_text();
    let other = text.replace("阳谷县工业和信息化局", "阳谷县科学技术局");
    let docs = tmp();
    write(docs.path(), "a-seed.txt", text.as_bytes());
    write(docs.path(), "b-other.txt", other.as_bytes());
    let store = tmp();
    let o = juesuan(
        store.path(),
        &["ingest", docs.path().to_str().unwrap(), "--debug-panic-rows", "阳谷县科学技术局（汇总）"],
    );
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let err = stderr(&o);
    assert!(
        err.lines().any(|l| l.contains("b-other.txt: error: internal error: please report")
            && l.contains("(while building its rows)")),
        "{err}"
    );
    assert!(stdout(&o).contains("1 ingested") && stdout(&o).contains("1 failed"), "{}", stdout(&o));
    let conn = duck(store.path());
    assert_eq!(count(&conn, "SELECT count(*) FROM documents"), 1);
    assert_eq!(count(&conn, "SELECT count(*) FROM documents WHERE unit_name = '阳谷县工业和信息化局（汇总）'"), 1);
}
