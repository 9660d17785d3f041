//! 勾稽 checks. The seed passes with rounding-only findings and the 绩效 unit slip; then
//! every rule is made to fire by changing one figure of the seed, asserting the exact set
//! of error rules that follow from that change, at the changed line.

use std::collections::BTreeSet;

use juesuan::source::Source;
use juesuan::validate::{Finding, Severity};

use super::*;

fn findings(text: &str) -> Vec<Finding> {
    let src = Source::from_bytes(Path::new("m.txt"), text.as_bytes()).unwrap();
    let p = juesuan::parse::parse(&src);
    assert!(p.is_ok(), "{:?}", p.diagnostics);
    juesuan::validate::check(p.meta.as_ref(), &p.facts, &src.lines)
}

/// The seed with `from` replaced by `to` on line `line` only.
fn mutate(line: usize, from: &str, to: &str) -> String {
    let text = seed_text();
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    assert!(lines[line - 1].contains(from), "line {line} has no `{from}`: {}", lines[line - 1]);
    lines[line - 1] = lines[line - 1].replacen(from, to, 1);
    lines.join("\n")
}

fn error_rules(f: &[Finding]) -> BTreeSet<&'static str> {
    f.iter().filter(|x| x.severity == Severity::Error).map(|x| x.rule).collect()
}

#[test]
fn seed_passes_with_rounding_and_the_unit_slip_only() {
    let f = findings(&seed_text());
    assert!(error_rules(&f).is_empty(), "{f:#?}");
    let info: Vec<(&str, u32, String)> = f
        .iter()
        .filter(|x| x.severity == Severity::Info && x.rule != "D-REPEAT")
        .map(|x| (x.rule, x.left.line, x.diff.unwrap().normalize().to_string()))
        .collect();
    assert!(info.contains(&("T05-ROW", 289, "0.01".into())), "05 合计 1,809.96 vs 1,178.07 + 631.88: {info:?}");
    assert!(info.contains(&("T06-CODE", 329, "-0.01".into())), "302 = 41.37 vs Σ 41.38: {info:?}");
    assert!(info.iter().all(|(_, _, d)| d == "0.01" || d == "-0.01"), "{info:?}");
    // The published seed's own slips: `。。` ending three sentences (lines 475, 477 and
    // 614: `…公用经费减少。。`, `…等支出增加。。`, `…进展慢等问题。。`), and its 绩效 unit slip.
    let warnings: Vec<(&str, u32)> =
        f.iter().filter(|x| x.severity == Severity::Warning).map(|x| (x.rule, x.left.line)).collect();
    assert_eq!(
        warnings,
        [("D-REPEAT", 475), ("D-REPEAT", 477), ("D-REPEAT", 614), ("P-UNIT-SLIP", 829)],
        "{warnings:#?}"
    );
    // `企业家协会经费项目项目绩效自评综述` (line 620): a word twice, at info level.
    assert!(f.iter().any(|x| x.rule == "D-REPEAT" && x.severity == Severity::Info && x.left.line == 620));
}

/// (line, from, to, rules that must fire: the first is the rule under test).
const CASES: &[(usize, &str, &str, &[&str])] = &[
    (128, "年初结转和结余\t29\t", "年初结转和结余\t29\t1.00", &["T01-TOTAL"]),
    (105, "105.00", "105.50", &["T01-EXPENDITURE-SUM", "X-EXPENDITURE-LEI"]),
    (100, "1,809.96", "1,809.99", &["T01-INCOME-SUM", "X-FISCAL-INCOME"]),
    (130, "62\t6,562.78", "62\t6,562.88", &["T01-BALANCE", "T01-TOTAL"]),
    (148, "874.10\t874.10", "874.10\t874.00", &["T02-ROW", "T-HIERARCHY"]),
    (147, "874.10\t874.10", "874.20\t874.20", &["T-HIERARCHY"]),
    (196, "825.12\t48.98", "825.12\t48.90", &["T03-ROW", "T-HIERARCHY"]),
    (292, "825.12\t48.98", "825.12\t48.90", &["T05-ROW", "T-HIERARCHY"]),
    (383, "14.85\t\t14.85\t", "14.85\t\t14.80\t", &["T07-ROW", "T-HIERARCHY"]),
    (383, "\t\t14.85\t14.85\t\t14.85\t", "\t\t14.85\t14.85\t\t14.85\t1.00", &["T07-CARRY", "T-HIERARCHY"]),
    (246, "38\t105.00", "38\t105.50", &["T04-ROW"]),
    (270, "6,562.78\t1,809.96", "6,562.78\t1,809.90", &["T04-FUND", "T04-ROW", "X-GENERAL"]),
    (366, "1,135.69", "1,135.60", &["T06-BLOCK", "X-BASIC", "S-AMOUNT"]),
    (330, "319.20", "319.00", &["T06-CODE"]),
    (418, "0.28\t\t0.28\t\t0.28\t\t0.28", "0.38\t\t0.28\t\t0.28\t\t0.28", &["T09-TOTAL", "S-SANGONG"]),
    (418, "0.28\t\t0.28\t\t0.28\t", "0.28\t\t0.28\t0.10\t0.28\t", &["T09-VEHICLE"]),
    (
        418,
        "0.28\t\t0.28\t\t0.28\t\t0.28\t\t",
        "0.28\t\t0.28\t\t0.28\t\t0.28\t(0.10)\t",
        &["T09-NONNEG", "T09-TOTAL", "S-SANGONG"],
    ),
    (126, "27\t6,562.78", "27\t6,562.70", &["X-INCOME", "T01-TOTAL", "T01-INCOME-SUM"]),
    (126, "58\t6,562.78", "58\t6,562.70", &["X-EXPENDITURE", "T01-TOTAL", "T01-EXPENDITURE-SUM"]),
    (270, "27\t6,562.78", "27\t6,562.70", &["X-INCOME-FISCAL"]),
    (246, "105.00\t105.00", "105.00\t105.50", &["X-GENERAL", "T04-ROW"]),
    (251, "252.82\t\t252.82", "252.82\t\t252.80", &["X-FUND", "T04-ROW"]),
    (264, "53\t\t\t\t", "53\t\t\t\t1.00", &["X-STATE-CAPITAL-EMPTY", "X-STATE-CAPITAL", "T04-ROW"]),
    (289, "1,178.07", "1,178.00", &["X-BASIC", "T05-ROW", "T-HIERARCHY", "S-AMOUNT"]),
    (154, "2080501", "2080502", &["X-CODES"]),
    (440, "财政拨款收入 6,562.78", "财政拨款收入 6,562.70", &["S-AMOUNT"]),
    (467, "占 17.95%", "占 18.95%", &["S-SHARE"]),
    (
        516,
        "支出决算为 874.1 万元，完成年初预算的 117.51%",
        "支出决算为 874.5 万元，完成年初预算的 117.57%",
        &["S-EXEC-ACTUAL"],
    ),
    (516, "117.51%", "117.61%", &["S-EXEC-PCT"]),
    (522, "决算数小于年初预算数", "决算数大于年初预算数", &["S-EXEC-DIRECTION"]),
    (578, "全年预算为 0.28 万元", "全年预算为 0.38 万元", &["S-SANGONG"]),
    (594, "42.38", "42.48", &["S-JIGUAN"]),
    (598, "政府采购工程支出 5.98", "政府采购工程支出 6.98", &["S-PROC-SUM"]),
    (598, "授予小微企业合同金额 18.05", "授予小微企业合同金额 19.05", &["S-PROC-SME", "S-PROC-SHARE"]),
    (598, "总额的 100%，其中", "总额的 90%，其中", &["S-PROC-SHARE"]),
    (602, "机要通信用车 1 辆", "机要通信用车 2 辆", &["S-VEHICLES"]),
    (475, "下降 5.48%", "下降 6.48%", &["S-YOY-PCT"]),
    (737, "80.00%", "85.00%", &["P-EXEC-RATE", "P-EXEC-SCORE"]),
    (737, "80.00%\t8\t", "80.00%\t9\t", &["P-EXEC-SCORE", "P-TOTAL"]),
    (758, "94.00", "95.00", &["P-TOTAL", "P-SUMMARY"]),
    (723, "\t94\t", "\t93\t", &["P-SUMMARY"]),
    (723, "\t优", "\t良", &["P-GRADE"]),
    (88, "2024 年度部门决算表", "2023 年度部门决算表", &["D-YEAR"]),
    // A completion rate stated against a 年初预算 of 0.
    (520, "年初无预算", "完成年初预算的 100%", &["S-ZERO-BASE"]),
    // 公务接待费 in the 基本支出 table above the 三公 table's 决算 (0).
    (345, "30217\t公务接待费\t", "30217\t公务接待费\t0.20", &["X-SANGONG-ECON", "T06-CODE"]),
    (185, "（汇总）", "（本级）", &["D-UNIT"]),
];

#[test]
fn every_rule_fires_on_its_mutation_and_only_what_follows() {
    let mut failures = Vec::new();
    for &(line, from, to, expected) in CASES {
        let f = findings(&mutate(line, from, to));
        let got = error_rules(&f);
        let want: BTreeSet<&str> = expected.iter().copied().collect();
        if got != want {
            failures.push(format!("line {line} `{from}`→`{to}`: expected {want:?}, got {got:?}"));
            continue;
        }
        let rule = expected[0];
        if !f.iter().any(|x| {
            x.rule == rule
                && x.severity == Severity::Error
                && x.left.lines().chain(x.right.lines()).any(|l| l as usize == line)
        }) {
            failures.push(format!(
                "line {line}: {rule} fired elsewhere: {:?}",
                f.iter().filter(|x| x.rule == rule).collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn findings_carry_both_values_and_the_difference() {
    let f = findings(&mutate(594, "42.38", "42.48"));
    let x = f.iter().find(|x| x.rule == "S-JIGUAN").unwrap();
    assert_eq!((x.left.place, x.left.line, x.left.value), ("text", 594, Some(dec("42.48"))));
    assert_eq!((x.right.place, x.right.line, x.right.value), ("basic_detail", 366, Some(dec("42.38"))));
    assert_eq!(x.diff, Some(dec("0.10")));
    assert!(
        x.to_string()
            .starts_with("error[S-JIGUAN]: 机关运行经费 = 基本支出明细表 公用经费合计: 42.48 ≠ 42.38 (差 0.1)"),
        "{x}"
    );
}

#[test]
fn empty_table_without_its_statement_is_a_warning() {
    let f = findings(&mutate(404, "本部门没有使用国有资本经营预算安排的支出，故本表无数据。", ""));
    assert!(error_rules(&f).is_empty());
    assert!(f.iter().any(|x| x.rule == "D-EMPTY-STATEMENT" && x.severity == Severity::Warning && x.left.line == 391));
}

#[test]
fn one_sided_tables_titled_with_zong_are_still_the_income_and_expenditure_tables() {
    // Shaanxi's template (柞水县, 2020) titles them 收入决算总表 and 支出决算总表. Before,
    // neither title was recognised: both tables were D-TABLE-MISSING, and `check` printed
    // 40 lines of findings on an otherwise clean document.
    let parse = |text: &str| {
        let src = Source::from_bytes(Path::new("m.txt"), text.as_bytes()).unwrap();
        juesuan::parse::parse(&src)
    };
    let seed = parse(&seed_text());
    let mut lines: Vec<String> = seed_text().split('\n').map(str::to_string).collect();
    assert_eq!((lines[133].as_str(), lines[182].as_str()), ("收入决算表", "支出决算表"));
    lines[133] = "收入决算总表".into();
    lines[182] = "支出决算总表".into();
    let text = lines.join("\n");
    let zong = parse(&text);
    assert!(zong.is_ok(), "{:?}", zong.diagnostics);
    assert!(zong.facts.missing_tables.is_empty(), "{:?}", zong.facts.missing_tables);
    assert_eq!(zong.facts.table(juesuan::model::TableRole::Income).map(|t| t.line_start), Some(134));
    assert_eq!(zong.facts.table(juesuan::model::TableRole::Expenditure).map(|t| t.line_start), Some(183));
    assert_eq!(zong.facts.subject, seed.facts.subject);
    assert_eq!(findings(&text), findings(&seed_text()));
}

#[test]
fn tables_beside_the_nine_end_the_table_before_them_and_are_not_read() {
    // Yunnan's template (迪庆州 2023, 西双版纳州 2024) prints eleven tables: beside the
    // nine, a 一般公共预算财政拨款项目支出决算表 and a 三公 and 机关运行经费 情况表. Their
    // titles used to read as a second 一般公共预算 table (so its rows ran on into the
    // table before) and as the 三公 table (so the real one became its continuation).
    let seed_src = Source::from_bytes(Path::new("m.txt"), seed_text().as_bytes()).unwrap();
    let seed = juesuan::parse::parse(&seed_src);
    let mut lines: Vec<String> = seed_text().split('\n').map(str::to_string).collect();
    assert_eq!(lines[405], "财政拨款“三公”经费支出决算表");
    assert_eq!(lines[390], "国有资本经营预算财政拨款支出决算表");
    let sangong_and_jiguan = [
        "财政拨款“三公”经费、行政参公单位机关运行经费情况表",
        "",
        "项目\t预算数\t决算数",
        "机关运行经费\t40.00\t42.38",
        "“三公”经费合计\t9.00\t9.99",
        "",
    ];
    let projects =
        ["一般公共预算财政拨款项目支出决算表", "", "科目编码\t科目名称\t合计", "2069999\t其他科学技术支出\t105.00", ""];
    lines.splice(405..405, sangong_and_jiguan.map(String::from));
    lines.splice(390..390, projects.map(String::from));
    let text = lines.join("\n");
    let src = Source::from_bytes(Path::new("m.txt"), text.as_bytes()).unwrap();
    let p = juesuan::parse::parse(&src);
    assert!(p.is_ok(), "{:?}", p.diagnostics);
    // Every cell of the nine tables as the seed's: the 政府性基金 table, the one before
    // the 项目支出 table, gained no row, and the 三公 table is the real one.
    let cells = |f: &juesuan::model::Facts| {
        f.subject.iter().map(|x| (x.role, x.row_key().map(str::to_string), x.measure, x.amount)).collect::<Vec<_>>()
    };
    assert!(cells(&p.facts) == cells(&seed.facts), "the subject tables' cells differ from the seed's");
    let stages =
        |f: &juesuan::model::Facts| f.sangong.iter().map(|r| (r.stage, r.total, r.reception)).collect::<Vec<_>>();
    assert_eq!(stages(&p.facts), stages(&seed.facts));
    assert_eq!(p.facts.sangong[0].line, seed.facts.sangong[0].line + 5 + 6);
    // Each is said, with its line; nothing of them reaches the 情况说明's readers.
    let said: Vec<(u32, bool)> = p
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("none of the nine standard tables"))
        .map(|d| (d.line, d.severity == juesuan::diag::Severity::Warning))
        .collect();
    assert_eq!(said, [(391, true), (406 + 5, true)]);
    let jiguan = |f: &juesuan::model::Facts| f.narrative.jiguan.iter().map(|j| (j.amount, j.line)).collect::<Vec<_>>();
    assert_eq!(jiguan(&p.facts), [(jiguan(&seed.facts)[0].0, jiguan(&seed.facts)[0].1 + 11)]);
    let rules =
        |f: Vec<Finding>| f.into_iter().map(|x| (x.rule, x.severity, x.left.value, x.right.value)).collect::<Vec<_>>();
    assert_eq!(rules(findings(&text)), rules(findings(&seed_text())));
}

#[test]
fn check_command_reports_and_exits_1_on_errors() {
    let docs = tmp();
    let bad = write(docs.path(), "bad.txt", mutate(594, "42.38", "42.48").as_bytes());
    let o = bin().args(["check", bad.to_str().unwrap()]).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains(&format!("{}:594: error[S-JIGUAN]", bad.display())), "{out}");
    assert!(out.contains("   594 | 2024 年度机关运行经费支出 42.48 万元"), "{out}");
    assert!(out.contains("   366 | 人员经费合计"), "{out}");
    let o = bin().args(["check", seed_path().to_str().unwrap()]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("0 errors, 4 warnings, 8 rounding (info)"), "{}", stdout(&o));
}

#[test]
fn findings_are_stored_and_across_documents_checked() {
    let docs = tmp();
    write(docs.path(), "2024.txt", seed_text().as_bytes());
    // Last year's document of the same unit: the seed relabelled 2023, whose 收支总计
    // (6,562.78) is not what this year's text implies (6,562.78 − 3,421.35 = 3,141.43).
    let last = seed_text().replace("2024 年度", "2023 年度").replace("2024年度", "2023年度");
    write(docs.path(), "2023.txt", last.as_bytes());
    let store = tmp();
    let o = juesuan(store.path(), &["ingest", docs.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let conn = duck(store.path());
    assert_eq!(
        count(&conn, "SELECT count(*) FROM findings WHERE year = 2024 AND rule = 'T05-ROW' AND severity = 'info'"),
        1
    );
    let (left, right, diff): (Decimal, Decimal, Decimal) = conn
        .query_row(
            "SELECT left_value, right_value, diff FROM findings WHERE rule = 'A-YOY' AND year = 2024 AND formula LIKE '收支总计%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((left, right, diff), (dec("3141.43"), dec("6562.78"), dec("-3421.35")));
    // Every measure the 2024 text compares with 2023 is matched to the 2023 document.
    assert_eq!(
        count(&conn, "SELECT count(*) FROM findings WHERE rule = 'A-YOY' AND year = 2024 AND severity = 'error'"),
        6
    );
    assert_eq!(
        amount(&conn, "SELECT diff FROM findings WHERE rule = 'A-YOY' AND year = 2024 AND formula LIKE '基本支出%'"),
        Some(dec("68.28"))
    );
    let unit: String =
        conn.query_row("SELECT DISTINCT unit_name FROM findings WHERE rule = 'A-YOY'", [], |r| r.get(0)).unwrap();
    assert_eq!(unit, "阳谷县工业和信息化局（汇总）");
}

/// Template leftovers: a placeholder left in the text is a warning at its line; the
/// clean seed has none (its `。。` slips are D-REPEAT, above).
#[test]
fn a_template_placeholder_left_in_the_text_is_a_warning() {
    assert!(!findings(&seed_text()).iter().any(|x| x.rule == "D-PLACEHOLDER"));
    let f = findings(&mutate(594, "2024 年度机关运行经费支出", "XX局2024 年度机关运行经费支出"));
    assert!(
        f.iter().any(|x| x.rule == "D-PLACEHOLDER" && x.severity == Severity::Warning && x.left.line == 594),
        "{f:#?}"
    );
    let f = findings(&mutate(594, "2024 年度机关运行经费支出", "（略）2024 年度机关运行经费支出"));
    assert!(f.iter().any(|x| x.rule == "D-PLACEHOLDER" && x.left.line == 594), "{f:#?}");
}

/// Statements that cannot be right as printed: a rate without its `%` (the 规划局's real
/// `增长13.95` is in `real.rs`), an amount with more decimals than the documents print.
#[test]
fn a_rate_without_its_percent_sign_and_a_third_decimal_are_warnings() {
    let clean = findings(&seed_text());
    assert!(!clean.iter().any(|x| x.rule == "S-PCT-SIGN" || x.rule == "S-DECIMALS"));
    let f = findings(&mutate(500, "增长 9.85%", "增长 9.85"));
    assert!(
        f.iter().any(|x| x.rule == "S-PCT-SIGN" && x.severity == Severity::Warning && x.left.line == 500),
        "{f:#?}"
    );
    let f = findings(&mutate(500, "支出 1,809.96 万元", "支出 1,809.965 万元"));
    assert!(f.iter().any(|x| x.rule == "S-DECIMALS" && x.left.line == 500), "{f:#?}");
}

/// A heading naming another unit (a copied document, a template's name left in).
#[test]
fn a_heading_naming_another_unit_is_a_warning() {
    assert!(!findings(&seed_text()).iter().any(|x| x.rule == "D-UNIT-NAME"));
    let f = findings(&mutate(88, "2024 年度部门决算表", "阳谷县财政局 2024 年度部门决算表"));
    assert!(
        f.iter().any(|x| x.rule == "D-UNIT-NAME" && x.severity == Severity::Warning && x.left.line == 88),
        "{f:#?}"
    );
}

/// 三公 disclosure completeness: the seed states every item and count; without its 出国
/// 团组/人次 sentence (its 三公 money was spent, so the counts are asked for) the
/// warning names what is missing.
#[test]
fn a_sangong_section_without_its_counts_is_a_warning_naming_them() {
    assert!(!findings(&seed_text()).iter().any(|x| x.rule == "S-SANGONG-DISCLOSED"));
    let text = seed_text().replace("全年支出涉及因公出国（境）团组 0 个，累计 0 人次。", "");
    assert_ne!(text, seed_text());
    let f = findings(&text);
    let w: Vec<_> = f.iter().filter(|x| x.rule == "S-SANGONG-DISCLOSED").collect();
    assert_eq!(w.len(), 1, "{f:#?}");
    assert_eq!(w[0].severity, Severity::Warning);
    assert!(w[0].formula.contains("因公出国团组数、人次") && !w[0].formula.contains("保有量"), "{}", w[0].formula);
}

/// The 目录 against the tables: the seed lists its nine; with one entry gone the warning
/// names the table found but not listed.
#[test]
fn a_table_missing_from_the_contents_is_a_warning() {
    assert!(!findings(&seed_text()).iter().any(|x| x.rule == "D-CONTENTS"));
    let f = findings(&mutate(21, "- 六、一般公共预算财政拨款基本支出决算明细表", ""));
    let w: Vec<_> = f.iter().filter(|x| x.rule == "D-CONTENTS").collect();
    assert_eq!(w.len(), 1, "{f:#?}");
    assert!(w[0].formula.contains("文中有而目录未列：一般公共预算财政拨款基本支出决算明细表"), "{}", w[0].formula);
    assert!(w[0].formula.contains("目录 8 张，表 9 张"), "{}", w[0].formula);
}

/// A direction word the figures of the same sentence contradict: the seed's 一般公共预算
/// 财政拨款支出 `增加 162.25 万元，增长 9.85%` with its rate turned to `下降`.
#[test]
fn an_increase_stated_with_a_falling_rate_is_an_error() {
    assert!(!findings(&seed_text()).iter().any(|x| x.rule == "S-DIRECTION"));
    let f = findings(&mutate(500, "增长 9.85%", "下降 9.85%"));
    let d: Vec<_> = f.iter().filter(|x| x.rule == "S-DIRECTION").collect();
    assert_eq!(d.len(), 1, "{f:#?}");
    assert_eq!((d[0].severity, d[0].left.line), (Severity::Error, 500));
    assert_eq!((d[0].left.value, d[0].right.value), (Some(dec("162.25")), Some(dec("-9.85"))));
}

/// The 财政局's real slip in the seed's words: its 财政拨款收、支总计 said 持平 with 2023
/// while the 收、支总计 rose by 3,421.35 — last year's 财政拨款 total (6,562.78) would then
/// exceed last year's whole (6,562.78 − 3,421.35 = 3,141.43).
#[test]
fn a_part_larger_than_its_whole_last_year_is_an_error() {
    assert!(!findings(&seed_text()).iter().any(|x| x.rule == "S-YOY-PARTS"));
    let f = findings(&mutate(
        488,
        "与 2023 年度相比，财政拨款收、支总计各增加 3,421.35 万元，增长 108.91%。",
        "与 2023 年度相比，财政拨款收、支总计持平。",
    ));
    let p: Vec<_> = f.iter().filter(|x| x.rule == "S-YOY-PARTS").collect();
    assert_eq!(p.len(), 1, "{f:#?}");
    assert_eq!((p[0].left.line, p[0].right.line), (488, 429));
    assert_eq!((p[0].left.value, p[0].right.value), (Some(dec("6562.78")), Some(dec("3141.43"))));
}

/// A 三公 决算 that differs from its 预算 asks for the reason. The seed spends its whole
/// 预算 (0.28 = 0.28) and gives none; raised to 0.50 the 预算 differs, and the warning
/// names the reason, until a `主要原因` sentence gives it.
#[test]
fn a_sangong_budget_missed_without_a_reason_is_a_warning() {
    let row = "0.28\t\t0.28\t\t0.28\t\t0.28\t\t0.28\t\t0.28\t";
    let budget = "0.50\t\t0.50\t\t0.50\t\t0.28\t\t0.28\t\t0.28\t";
    let text = mutate(418, row, budget);
    let f = findings(&text);
    let w: Vec<_> = f.iter().filter(|x| x.rule == "S-SANGONG-DISCLOSED").collect();
    assert_eq!(w.len(), 1, "{f:#?}");
    assert!(w[0].formula.contains("决算与预算不一致的原因"), "{}", w[0].formula);
    let explained = text.replacen(
        "完成全年预算的 100%。其中：",
        "完成全年预算的 100%。决算数小于预算数的主要原因是厉行节约。其中：",
        1,
    );
    assert_ne!(explained, text);
    assert!(!findings(&explained).iter().any(|x| x.rule == "S-SANGONG-DISCLOSED"));
}

/// `与 2024 年预算基本持平` compares with the budget, not with a year: no year-on-year
/// statement is read from it (the seed's 三公 sentences say it four times).
#[test]
fn a_comparison_with_the_budget_is_no_year_on_year_statement() {
    let src = Source::from_bytes(Path::new("m.txt"), seed_text().as_bytes()).unwrap();
    let p = juesuan::parse::parse(&src);
    let yoy = &p.facts.narrative.yoy;
    assert!(!yoy.iter().any(|y| y.measure.contains("全年预算")), "{yoy:#?}");
    assert!(yoy.iter().any(|y| y.measure == "上级补助收入" && y.same.as_deref() == Some("相同")));
}

/// A year-on-year statement compares with last year. The seed relabelled 2023 still says
/// `与 2023 年度相比` (a sentence carried over without its year updated): a warning at each.
#[test]
fn a_comparison_with_another_year_than_the_last_is_a_warning() {
    assert!(!findings(&seed_text()).iter().any(|x| x.rule == "S-YOY-YEAR"));
    let copied = seed_text().replace("2024 年度", "2023 年度").replace("2024年度", "2023年度");
    let f = findings(&copied);
    let w: Vec<_> = f.iter().filter(|x| x.rule == "S-YOY-YEAR").collect();
    assert!(w.len() >= 6, "{f:#?}");
    assert!(w.iter().all(|x| x.severity == Severity::Warning && x.formula.contains("应为 2022")), "{w:#?}");
    assert!(w.iter().any(|x| x.left.line == 429 && x.formula.starts_with("收支总计")), "{w:#?}");
}
