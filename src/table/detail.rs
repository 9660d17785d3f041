//! 一般公共预算财政拨款基本支出决算(明细)表: economic-classification codes in blocks laid
//! side by side (人员经费 | 公用经费 | 公用经费 continued) or stacked in one block, with
//! 人员经费合计 / 公用经费合计 rows whose amount may sit several cells to the right.

use super::amount::parse_amount;
use super::{Ctx, Row, column_labels, grid};
use crate::model::subject::{econ_block_of, parse_econ_code};
use crate::model::{DetailFact, RowKind};
use crate::source::squash;

struct BlockCols {
    code: usize,
    /// The 款 column when the code is split into 类 | 款 (Shanghai's layout).
    kuan: Option<usize>,
    name: usize,
    amount: usize,
    /// From the group header over the block, when printed.
    category: Option<&'static str>,
}

fn category_of(label: &str) -> Option<&'static str> {
    if label.contains("人员经费") {
        Some("人员经费")
    } else if label.contains("公用经费") {
        Some("公用经费")
    } else {
        None
    }
}

fn total_label(c: &str) -> Option<&'static str> {
    let s = squash(c);
    if s.contains("人员经费") && (s.contains("合计") || s.contains("小计")) {
        Some("人员经费")
    } else if s.contains("公用经费") && (s.contains("合计") || s.contains("小计")) {
        Some("公用经费")
    } else if s == "合计" || s == "总计" || s == "基本支出合计" {
        Some("合计")
    } else {
        None
    }
}

pub fn parse(ctx: &mut Ctx, rows: Vec<Row>, out: &mut Vec<DetailFact>) -> bool {
    let is_data = |r: &Row| {
        r.non_empty().any(|(_, c)| parse_econ_code(c).is_some() || (total_label(c).is_some() && r.has_amount()))
    };
    let g = grid(rows, is_data);
    let width = g.header.iter().chain(&g.data).map(|r| r.cells.len()).max().unwrap_or(0);
    let labels = column_labels(&g.header, width);
    let mut blocks: Vec<BlockCols> = Vec::new();
    for (j, l) in labels.iter().enumerate() {
        let split = l.ends_with('类') && labels.get(j + 1).is_some_and(|n| n.ends_with('款'));
        if l.ends_with("编码") || l.ends_with("代码") || split {
            let kuan = split.then_some(j + 1);
            let name = j + 1 + usize::from(split);
            let amount = (name + 1..width)
                .find(|&k| labels[k].ends_with("金额") || labels[k].ends_with("决算数") || labels[k].ends_with("合计"))
                .unwrap_or(name + 1);
            blocks.push(BlockCols { code: j, kuan, name, amount, category: category_of(l) });
        }
    }
    if blocks.is_empty() {
        blocks.push(BlockCols { code: 0, kuan: None, name: 1, amount: 2, category: None });
    }
    // One block whose amounts sit in 人员经费 and 公用经费 columns (a layout some regions
    // use): each is read as its own block.
    let personnel_col = labels.iter().position(|l| l.ends_with("人员经费"));
    let public_col = labels.iter().position(|l| l.ends_with("公用经费"));
    if let (1, Some(pc), Some(qc)) = (blocks.len(), personnel_col, public_col)
        && pc > blocks[0].name
        && qc > blocks[0].name
    {
        return matrix(ctx, &g.data, blocks[0].code, blocks[0].name, [(pc, "人员经费"), (qc, "公用经费")], out);
    }

    let mut any = false;
    // The 类 of each split block, for 款 rows that leave it blank.
    let mut lei: Vec<String> = vec![String::new(); blocks.len()];
    for row in &g.data {
        // Totals: label, then the nearest amount to its right before the next label.
        let mut took_total = false;
        for (j, c) in row.non_empty() {
            let Some(block) = total_label(c) else { continue };
            took_total = true;
            let k = (j + 1..row.cells.len())
                .take_while(|&k| row.cell(k).is_empty() || parse_amount(row.cell(k)).is_ok())
                .find(|&k| !row.cell(k).is_empty());
            let amount = k.and_then(|k| ctx.amount(row, k));
            any |= amount.is_some();
            out.push(DetailFact {
                block,
                row_kind: RowKind::Total,
                code: None,
                name: squash(c).into_owned(),
                amount,
                unit: ctx.unit,
                line: row.no(),
            });
        }
        if took_total {
            continue;
        }
        for (bi, b) in blocks.iter().enumerate() {
            let printed = match b.kuan {
                None => std::borrow::Cow::Borrowed(row.cell(b.code)),
                Some(k) => {
                    if !row.cell(b.code).is_empty() {
                        lei[bi] = row.cell(b.code).to_string();
                    }
                    match row.cell(k) {
                        "" if row.cell(b.code).is_empty() => continue,
                        "" => std::borrow::Cow::Borrowed(row.cell(b.code)),
                        kuan => std::borrow::Cow::Owned(format!("{}{kuan}", lei[bi])),
                    }
                }
            };
            let Some(code) = parse_econ_code(&printed) else { continue };
            let amount = ctx.amount(row, b.amount);
            any |= amount.is_some();
            let block = b.category.unwrap_or_else(|| econ_block_of(&code));
            out.push(DetailFact {
                block,
                row_kind: RowKind::Item,
                code: Some(code),
                name: row.cell(b.name).to_string(),
                amount,
                unit: ctx.unit,
                line: row.no(),
            });
        }
    }
    any
}

/// The 人员经费 | 公用经费 column layout: one fact per non-blank cell (a code with both
/// blank keeps one NULL fact in its usual block); the 合计 row gives the block totals.
fn matrix(
    ctx: &mut Ctx,
    data: &[Row],
    code_col: usize,
    name_col: usize,
    cols: [(usize, &'static str); 2],
    out: &mut Vec<DetailFact>,
) -> bool {
    let mut any = false;
    for row in data {
        let code = parse_econ_code(row.cell(code_col));
        let total =
            code.is_none() && (total_label(row.cell(code_col)).is_some() || total_label(row.cell(name_col)).is_some());
        if code.is_none() && !total {
            continue;
        }
        let mut pushed = false;
        for (col, block) in cols {
            let amount = ctx.amount(row, col);
            if amount.is_none() && (total || code.as_deref().is_some_and(|c| econ_block_of(c) != block)) {
                continue;
            }
            any |= amount.is_some();
            pushed = true;
            out.push(DetailFact {
                block,
                row_kind: if total { RowKind::Total } else { RowKind::Item },
                code: code.clone(),
                name: if total { format!("{block}合计") } else { row.cell(name_col).to_string() },
                amount,
                unit: ctx.unit,
                line: row.no(),
            });
        }
        if !pushed && let Some(code) = code {
            out.push(DetailFact {
                block: econ_block_of(&code),
                row_kind: RowKind::Item,
                name: row.cell(name_col).to_string(),
                code: Some(code),
                amount: None,
                unit: ctx.unit,
                line: row.no(),
            });
        }
    }
    any
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;
    use crate::diag::Sink;
    use crate::model::MoneyUnit;
    use crate::model::TableRole;
    use std::path::Path;

    /// Shanghai: economic codes split into 类 | 款 in two side-by-side blocks. Once
    /// `基本工资 is not an amount` (the name read where the amount was).
    #[test]
    fn split_lei_kuan_economic_codes_in_two_blocks() {
        let ls = lines(
            "经济分类||科目名称|决算数|经济分类||科目名称|决算数\n科目编码||||科目编码|||\n类|款|||类|款||\n301||工资福利支出|2,082.85|302||商品和服务支出|171.07\n301|01|基本工资|262.33|302|01|办公费|21.21\n|02|津贴补贴|1,238.58|302|02|印刷费|7.61\n人员经费合计|||2,152.26|公用经费合计|||184.65",
        );
        let mut sink = Sink::new(Path::new("t"));
        let mut out = Vec::new();
        let mut ctx = Ctx { role: TableRole::BasicDetail, unit: MoneyUnit::Wanyuan, sink: &mut sink, failed: false };
        assert!(parse(&mut ctx, rows(&ls), &mut out));
        assert!(sink.items().is_empty(), "{:?}", sink.items());
        let get = |code: &str| out.iter().find(|d| d.code.as_deref() == Some(code)).unwrap();
        assert_eq!((get("30101").name.as_str(), get("30101").amount), ("基本工资", Some("262.33".parse().unwrap())));
        // A 款 row that leaves its 类 blank takes the one above.
        assert_eq!(get("30102").amount, Some("1238.58".parse().unwrap()));
        assert_eq!((get("30201").block, get("30201").amount), ("公用经费", Some("21.21".parse().unwrap())));
        assert_eq!(get("302").amount, Some("171.07".parse().unwrap()));
        let totals: Vec<_> = out.iter().filter(|d| d.row_kind == RowKind::Total).map(|d| (d.block, d.amount)).collect();
        assert_eq!(
            totals,
            [("人员经费", Some("2152.26".parse().unwrap())), ("公用经费", Some("184.65".parse().unwrap()))]
        );
    }

    #[test]
    fn stacked_single_block_takes_category_from_code() {
        let ls = lines(
            "科目编码|科目名称|金额\n301|工资福利支出|5.00\n302|商品和服务支出|1.00\n人员经费合计||5.00\n公用经费合计||1.00",
        );
        let mut sink = Sink::new(Path::new("t"));
        let mut out = Vec::new();
        let mut ctx = Ctx { role: TableRole::BasicDetail, unit: MoneyUnit::Wanyuan, sink: &mut sink, failed: false };
        parse(&mut ctx, rows(&ls), &mut out);
        assert_eq!(out[0].block, "人员经费");
        assert_eq!(out[1].block, "公用经费");
        assert_eq!(out[3].name, "公用经费合计");
        assert_eq!(out.len(), 4);
    }

    #[test]
    fn personnel_and_public_columns_are_read_as_blocks() {
        let ls = lines(
            "科目编码|科目名称|合计|人员经费|公用经费\n合计||6.00|5.00|1.00\n301|工资福利支出|5.00|5.00|\n30101|基本工资|5.00|5.00|\n302|商品和服务支出|1.00||1.00\n30217|公务接待费|||",
        );
        let mut sink = Sink::new(Path::new("t"));
        let mut out = Vec::new();
        let mut ctx = Ctx { role: TableRole::BasicDetail, unit: MoneyUnit::Wanyuan, sink: &mut sink, failed: false };
        assert!(parse(&mut ctx, rows(&ls), &mut out));
        assert!(sink.items().is_empty(), "{:?}", sink.items());
        let get = |name: &str| out.iter().find(|d| d.name == name).unwrap();
        assert_eq!((get("人员经费合计").amount, get("人员经费合计").row_kind), (Some(5.into()), RowKind::Total));
        assert_eq!(get("公用经费合计").amount, Some(1.into()));
        assert_eq!((get("基本工资").block, get("基本工资").amount), ("人员经费", Some(5.into())));
        assert_eq!((get("商品和服务支出").block, get("商品和服务支出").amount), ("公用经费", Some(1.into())));
        let blank = get("公务接待费");
        assert_eq!((blank.block, blank.amount), ("公用经费", None));
        assert_eq!(out.len(), 6);
    }
}
