//! Tables keyed by functional subject code: 收入决算表, 支出决算表, 一般公共预算财政拨款支出
//! 决算表, 政府性基金…, 国有资本经营…. Codes in one column or split into 类 | 款 | 项;
//! names wrapped onto the next line or past a page break are joined back.

use std::borrow::Cow;

use super::{Ctx, Row, column_labels, grid};
use crate::diag::cell_column;
use crate::model::subject::SubjectCode;
use crate::model::{RowKind, SubjectFact, TableRole};
use crate::source::squash;

/// Where the code and name live.
#[derive(Debug, PartialEq)]
enum CodeCols {
    One(usize),
    Split { lei: usize, kuan: usize, xiang: usize },
}

fn is_total_label(c: &str) -> bool {
    matches!(&*squash(c), "合计" | "总计" | "本年合计" | "合计数")
}

fn is_code(c: &str) -> bool {
    SubjectCode::parse(c).is_some()
}

/// Column labels (a word they contain) and the canonical measure each names, tried in
/// order; labels matching none are totals ([`measure_for`]).
const MEASURE_RULES: &[(&str, &str)] = &[
    ("年初结转", "年初结转和结余"),
    ("年末结转", "年末结转和结余"),
    ("上缴上级", "上缴上级支出"),
    ("附属单位上缴", "附属单位上缴收入"),
    ("对附属单位", "对附属单位补助支出"),
    ("基本支出", "基本支出"),
    ("项目支出", "项目支出"),
    ("经营支出", "经营支出"),
    ("财政拨款", "财政拨款收入"),
    ("上级补助", "上级补助收入"),
    ("事业收入", "事业收入"),
    ("经营收入", "经营收入"),
    ("其他收入", "其他收入"),
];

/// Canonical measure for a column label of a subject table.
pub fn measure_for(role: TableRole, label: &str) -> Option<&'static str> {
    let l = label;
    if let Some((_, m)) = MEASURE_RULES.iter().find(|(k, _)| l.contains(k)) {
        return Some(m);
    }
    let is_total = l.contains("合计") || l.contains("小计");
    match role {
        TableRole::Income if is_total => Some("本年收入合计"),
        TableRole::Income => None,
        TableRole::GovFund | TableRole::StateCapital if l.ends_with("本年收入") => Some("本年收入"),
        _ if is_total || l.ends_with("本年支出") => Some("本年支出合计"),
        _ => None,
    }
}

/// A row that is both header and the 合计 row, split into the two: Shanghai's PDFs print
/// the code columns' `类 | 款 | 项` left of `合计` on one ruled row, and an empty table
/// its `本年支出` sub-headers (`合计 | 基本支出 | 项目支出`) on the row of its 合计. A row is
/// such when it opens with the total label (or with 类/款/项 before it) and holds other
/// words besides amounts.
fn split_mixed(rows: Vec<Row>) -> Vec<Row> {
    let mut out = Vec::with_capacity(rows.len() + 1);
    for r in rows {
        let mixed = total_at(&r).filter(|&t| {
            let words = r
                .non_empty()
                .any(|(j, c)| j != t && !matches!(crate::table::amount::parse_amount(c), Ok(Some(_))) && !is_code(c));
            words && !r.cells.iter().any(|c| is_code(c))
        });
        let Some(t) = mixed else {
            out.push(r);
            continue;
        };
        let is_amount = |c: &str| matches!(crate::table::amount::parse_amount(c), Ok(Some(_)));
        let header: Vec<&str> =
            r.cells.iter().enumerate().map(|(j, c)| if j == t || is_amount(c) { "" } else { *c }).collect();
        let data: Vec<&str> =
            r.cells.iter().enumerate().map(|(j, c)| if j == t || is_amount(c) { *c } else { "" }).collect();
        out.push(Row { line: r.line, cells: header });
        out.push(Row { line: r.line, cells: data });
    }
    out
}

/// Where a 合计 row's label sits: the first total label among the first cells with
/// nothing but 类/款/项 before it. A header's `项目 | | 合计 | 基本支出` is no total row.
fn total_at(r: &Row) -> Option<usize> {
    let t = r.cells.iter().take(4).position(|c| is_total_label(c))?;
    r.cells[..t].iter().all(|c| c.is_empty() || matches!(&*squash(c), "类" | "款" | "项")).then_some(t)
}

/// Returns whether any amount was present.
pub fn parse(ctx: &mut Ctx, rows: Vec<Row>, out: &mut Vec<SubjectFact>) -> bool {
    let rows = split_mixed(rows);
    // A cell that squashes to `类` leaves `类` in the line's squashed text: the rows
    // without both (all but a split header) are not squashed cell by cell.
    let split_header = rows.iter().any(|r| {
        r.line.flat().contains("类") && r.line.flat().contains("款") && {
            let s: Vec<_> = r.cells.iter().map(|c| squash(c)).collect();
            s.iter().any(|c| c == "类") && s.iter().any(|c| c == "款")
        }
    });
    let is_data = |r: &Row| {
        let c0 = r.cell(0);
        total_at(r).is_some()
            || is_code(c0)
            || (split_header && (1..3).any(|i| r.cell(i).len() == 2 && r.cell(i).bytes().all(|b| b.is_ascii_digit())))
    };
    let g = grid(rows, is_data);
    let width = g.header.iter().chain(&g.data).map(|r| r.cells.len()).max().unwrap_or(0);
    let labels = column_labels(&g.header, width);

    let code_cols = if split_header {
        let find = |w: &str| labels.iter().position(|l| l.ends_with(w));
        match (find("类"), find("款"), find("项")) {
            (Some(lei), Some(kuan), Some(xiang)) => CodeCols::Split { lei, kuan, xiang },
            _ => CodeCols::One(0),
        }
    } else {
        CodeCols::One(labels.iter().position(|l| l.contains("编码") || l.contains("代码")).unwrap_or(0))
    };
    let name_col = labels.iter().position(|l| l.contains("名称")).unwrap_or(match code_cols {
        CodeCols::One(c) => c + 1,
        CodeCols::Split { xiang, .. } => xiang + 1,
    });
    let first_measure = name_col + 1;
    let mut measures: Vec<(usize, &'static str)> = Vec::new();
    for (j, label) in labels.iter().enumerate().skip(first_measure) {
        if label.is_empty() || label.contains("栏次") {
            continue;
        }
        match measure_for(ctx.role, label) {
            Some(m) if !measures.iter().any(|(_, x)| *x == m) => measures.push((j, m)),
            Some(_) => {}
            None => ctx.sink.warning(
                g.header.first().map(|r| r.no()).unwrap_or(0),
                0,
                format!("{}: column `{label}` not recognised, ignored", ctx.role.title()),
            ),
        }
    }
    if measures.is_empty() {
        let line = g.header.first().or(g.data.first()).map(|r| r.no()).unwrap_or(0);
        ctx.unreadable(line, format!("{}: no amount columns recognised in the header", ctx.role.title()));
        return false;
    }

    out.reserve(g.data.len() * measures.len());
    let mut any = false;
    let mut lei = String::new();
    let mut kuan = String::new();
    // Index in `out` of the first fact of the previous item row, for wrapped names.
    let mut last_item: Option<(usize, usize)> = None;
    for row in &g.data {
        let name = row.cell(name_col);
        let code: Cow<str> = match code_cols {
            CodeCols::One(c) => Cow::Borrowed(row.cell(c)),
            CodeCols::Split { lei: a, kuan: b, xiang: c } => {
                let (l, k, x) = (row.cell(a), row.cell(b), row.cell(c));
                if !l.is_empty() {
                    lei = l.to_string();
                    kuan.clear();
                }
                if !k.is_empty() {
                    kuan = k.to_string();
                }
                Cow::Owned(match (l.is_empty() && k.is_empty() && x.is_empty(), x.is_empty(), k.is_empty()) {
                    (true, _, _) => String::new(),
                    (_, false, _) => format!("{lei}{kuan}{x}"),
                    (_, true, false) => format!("{lei}{kuan}"),
                    _ => lei.clone(),
                })
            }
        };
        let total = match code_cols {
            CodeCols::One(c) => is_total_label(row.cell(c)) || is_total_label(name),
            CodeCols::Split { lei: a, .. } => is_total_label(row.cell(a)) || is_total_label(name),
        };
        if matches!(crate::table::amount::parse_amount(name), Ok(Some(_))) {
            let col = cell_column(row.line.text(), name_col);
            ctx.sink.error(
                row.no(),
                col,
                format!("{}: amount `{name}` in the 科目名称 column (columns shifted?)", ctx.role.title()),
            );
            continue;
        }
        let subject = SubjectCode::parse(&code);
        if subject.is_none() && !total {
            if !row.has_amount() && !name.is_empty() {
                // The rest of a wrapped 科目名称 (next line, or past a page break).
                if let Some((start, end)) = last_item {
                    let joined: std::sync::Arc<str> = format!("{}{name}", out[start].name).into();
                    for f in &mut out[start..end] {
                        f.name = joined.clone();
                    }
                    continue;
                }
            }
            if row.has_amount() {
                let col = cell_column(row.line.text(), 0);
                ctx.sink.error(
                    row.no(),
                    col,
                    format!("{}: row with amounts but no subject code (`{}`)", ctx.role.title(), code),
                );
            }
            continue;
        }
        let start = out.len();
        let name: std::sync::Arc<str> = if total { "合计".into() } else { name.into() };
        for &(j, m) in &measures {
            let amount = ctx.amount(row, j);
            any |= amount.is_some();
            out.push(SubjectFact {
                role: ctx.role,
                row_kind: if total { RowKind::Total } else { RowKind::Item },
                code: subject,
                name: name.clone(),
                measure: m,
                amount,
                unit: ctx.unit,
                line: row.no(),
            });
        }
        last_item = (!total).then_some((start, out.len()));
    }
    any
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;
    use crate::diag::Sink;
    use crate::model::MoneyUnit;
    use std::path::Path;

    #[test]
    fn subject_measures_are_sorted_and_exactly_what_measure_for_gives() {
        use crate::model::SUBJECT_MEASURES;
        assert!(SUBJECT_MEASURES.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        // Every rule's word, and the total labels the rules leave to the role.
        let labels: Vec<&str> =
            MEASURE_RULES.iter().map(|(k, _)| *k).chain(["合计", "小计", "本年收入", "本年支出", "金额"]).collect();
        let mut given: Vec<&str> =
            TableRole::ALL.iter().flat_map(|&role| labels.iter().filter_map(move |l| measure_for(role, l))).collect();
        given.sort();
        given.dedup();
        assert_eq!(given, SUBJECT_MEASURES);
    }

    fn run(role: TableRole, sketch: &str) -> (Vec<SubjectFact>, Sink) {
        let ls = lines(sketch);
        let mut sink = Sink::new(Path::new("t"));
        let mut out = Vec::new();
        let mut ctx = Ctx { role, unit: MoneyUnit::Wanyuan, sink: &mut sink, failed: false };
        parse(&mut ctx, rows(&ls), &mut out);
        (out, sink)
    }

    /// Shanghai: `类 | 款 | 项` printed on the 合计 row, under a `支出功能分类科目编码`
    /// heading spanning three columns; every row repeats its 类 and 款.
    #[test]
    fn lei_kuan_xiang_on_the_total_row_are_header_and_the_row_is_the_total() {
        let (f, sink) = run(
            TableRole::Income,
            "项目||||本年收入合计|财政拨款收入|其他收入\n支出功能分类|||科目名称|||\n科目编码||||||\n类|款|项|合计|2,946.25|2,940.05|6.20\n201|||一般公共服务支出|2,112.86|2,106.66|6.20\n201|06||财政事务|2,112.86|2,106.66|6.20\n201|06|01|行政运行|1,511.90|1,511.89|0.01",
        );
        assert!(sink.items().is_empty(), "{:?}", sink.items());
        let total: Vec<_> = f.iter().filter(|x| x.row_kind == RowKind::Total).map(|x| (x.measure, x.amount)).collect();
        assert_eq!(
            total,
            [
                ("本年收入合计", Some("2946.25".parse().unwrap())),
                ("财政拨款收入", Some("2940.05".parse().unwrap())),
                ("其他收入", Some("6.20".parse().unwrap()))
            ]
        );
        let codes: Vec<String> = f.iter().filter_map(|x| x.code.as_ref().map(|c| c.to_string())).collect();
        assert!(codes.contains(&"20106".to_string()) && codes.contains(&"2010601".to_string()), "{codes:?}");
    }

    /// The header `功能分类科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出` once gave
    /// `no amount columns recognised` (its 合计 read as the total row).
    #[test]
    fn a_header_with_he_ji_is_no_total_row() {
        let (f, sink) = run(
            TableRole::GeneralBudget,
            "功能分类科目编码|科目名称|合计|基本支出|项目支出\n208|社会保障和就业支出|754.75|754.75|0.00\n合计||9746.50|5364.75|4381.74",
        );
        assert!(sink.items().is_empty(), "{:?}", sink.items());
        let t = f.iter().find(|x| x.row_kind == RowKind::Total && x.measure == "本年支出合计").unwrap();
        assert_eq!(t.amount, Some("9746.50".parse().unwrap()));
        assert_eq!(f.iter().filter(|x| x.code.is_some()).count(), 3);
    }

    /// An empty 政府性基金 table: its `本年支出` sub-headers on the 合计 row, a `注`
    /// statement, blank rows. Once `合计 is not an amount`.
    #[test]
    fn an_empty_fund_table_with_sub_headers_on_its_total_row() {
        let (f, sink) = run(
            TableRole::GovFund,
            "项目||年初结转和结余|本年收入|本年支出|||年末结转和结余\n功能分类科目编码|科目名称||||||\n合计||||合计|基本支出|项目支出|\n||||||||",
        );
        assert!(sink.items().is_empty(), "{:?}", sink.items());
        let mut measures: Vec<&str> = f.iter().map(|x| x.measure).collect();
        measures.sort();
        assert_eq!(measures, ["基本支出", "年初结转和结余", "年末结转和结余", "本年支出合计", "本年收入", "项目支出"]);
        assert!(f.iter().all(|x| x.row_kind == RowKind::Total && x.amount.is_none()));
    }

    #[test]
    fn split_lei_kuan_xiang_columns_rebuild_codes() {
        let (f, sink) = run(
            TableRole::GeneralBudget,
            "类|款|项|科目名称|合计|基本支出|项目支出\n|||合计|10.00|4.00|6.00\n201|||一般公共服务支出|10.00|4.00|6.00\n|04||发展与改革事务|10.00|4.00|6.00\n||01|行政运行|10.00|4.00|6.00",
        );
        assert!(sink.items().is_empty(), "{:?}", sink.items());
        let codes: Vec<_> = f.iter().filter_map(|x| x.code.as_ref().map(|c| c.to_string())).collect();
        assert!(codes.contains(&"2010401".to_string()) && codes.contains(&"20104".to_string()));
        assert_eq!(f.iter().filter(|x| x.row_kind == RowKind::Total).count(), 3);
    }

    #[test]
    fn wrapped_name_on_next_line_is_joined() {
        let (f, _) = run(
            TableRole::Income,
            "科目编码|科目名称|本年收入合计\n2120899|其他国有土地使用权出让收入安排的|237.97\n|支出|",
        );
        assert_eq!(&*f[0].name, "其他国有土地使用权出让收入安排的支出");
    }

    #[test]
    fn garbage_amount_is_an_error_at_its_column() {
        let (_, sink) = run(TableRole::Income, "科目编码|科目名称|本年收入合计\n201|一般公共服务支出|abc");
        let d = &sink.items()[0];
        assert_eq!((d.line, d.col), (2, 22));
    }
}
