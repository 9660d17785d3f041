//! 财政拨款“三公”经费支出决算表: a 预算数 block and a 决算数 block side by side (6 + 6
//! columns), or one stage per row, or only 决算数.

use rust_decimal::Decimal;

use super::{Ctx, Row, column_labels, grid};
use crate::model::SangongRow;
use crate::source::squash;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Item {
    Total,
    Outbound,
    VehicleSubtotal,
    VehiclePurchase,
    VehicleOperation,
    Reception,
}

fn item_of(label: &str) -> Option<Item> {
    let mut l = label.replace(['（', '）', '(', ')'], "");
    // A heading over every column (`财政拨款“三公”经费`) and the stage words (above the
    // items, or below them as Shanghai prints them) say nothing of the item.
    if let Some(p) = l.find("三公")
        && let Some(e) = l[p..].find("经费")
    {
        l.replace_range(..p + e + "经费".len(), "");
    }
    for stage in ["全年预算数", "年初预算数", "预算数", "决算数", "预算", "决算"] {
        l = l.replace(stage, "");
    }
    // The label carries its group heading (`…公务用车购置及运行维护费公务用车购置费`,
    // or `公务用车购置及运行费…`): judge the leaf after the heading.
    let leaf = match ["购置及运行维护费", "购置及运行费"].iter().find_map(|g| l.find(g).map(|p| (p, g.len())))
    {
        Some((p, n)) if p + n < l.len() => &l[p + n..],
        Some(_) => return Some(Item::VehicleSubtotal),
        None => l.as_str(),
    };
    if leaf.ends_with("小计") && l.contains("购置及运行") {
        Some(Item::VehicleSubtotal)
    } else if leaf.contains("运行") {
        Some(Item::VehicleOperation)
    } else if leaf.contains("购置") {
        Some(Item::VehiclePurchase)
    } else if leaf.contains("出国") {
        Some(Item::Outbound)
    } else if leaf.contains("接待") {
        Some(Item::Reception)
    } else if leaf.ends_with("合计") || leaf.ends_with("总计") {
        Some(Item::Total)
    } else {
        None
    }
}

fn stage_of(label: &str) -> Option<&'static str> {
    if label.contains("决算") {
        Some("决算")
    } else if label.contains("预算") {
        Some("预算")
    } else {
        None
    }
}

pub fn parse(ctx: &mut Ctx, rows: Vec<Row>, out: &mut Vec<SangongRow>) -> bool {
    let g = grid(rows, |r| r.has_amount() && !super::is_column_numbers(r));
    let width = g.header.iter().chain(&g.data).map(|r| r.cells.len()).max().unwrap_or(0);
    let labels = column_labels(&g.header, width);
    let cols: Vec<(usize, Option<&'static str>, Item)> =
        labels.iter().enumerate().filter_map(|(j, l)| item_of(l).map(|it| (j, stage_of(l), it))).collect();
    if cols.is_empty() {
        let line = g.header.first().or(g.data.first()).map(|r| r.no()).unwrap_or(0);
        ctx.unreadable(line, "三公经费表: no 合计/因公出国/公务用车/公务接待 columns recognised");
        return false;
    }
    let mut any = false;
    for row in &g.data {
        // One stage per row when the row is labelled `预算数`/`决算数`.
        let row_stage = row.non_empty().find_map(|(_, c)| stage_of(&squash(c)));
        let mut stages: Vec<&'static str> = Vec::new();
        for (_, s, _) in &cols {
            let s = s.or(row_stage).unwrap_or("决算");
            if !stages.contains(&s) {
                stages.push(s);
            }
        }
        for stage in stages {
            let mut r = SangongRow {
                stage,
                total: None,
                outbound: None,
                vehicle_subtotal: None,
                vehicle_purchase: None,
                vehicle_operation: None,
                reception: None,
                unit: ctx.unit,
                line: row.no(),
            };
            for &(j, s, it) in &cols {
                if s.or(row_stage).unwrap_or("决算") != stage {
                    continue;
                }
                let v: Option<Decimal> = ctx.amount(row, j);
                any |= v.is_some();
                let slot = match it {
                    Item::Total => &mut r.total,
                    Item::Outbound => &mut r.outbound,
                    Item::VehicleSubtotal => &mut r.vehicle_subtotal,
                    Item::VehiclePurchase => &mut r.vehicle_purchase,
                    Item::VehicleOperation => &mut r.vehicle_operation,
                    Item::Reception => &mut r.reception,
                };
                *slot = v;
            }
            out.push(r);
        }
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_with_group_headings() {
        assert_eq!(item_of("预算数公务用车购置及运行维护费小计"), Some(Item::VehicleSubtotal));
        assert_eq!(item_of("预算数公务用车购置及运行维护费公务用车购置费"), Some(Item::VehiclePurchase));
        assert_eq!(item_of("预算数公务用车购置及运行维护费公务用车运行维护费"), Some(Item::VehicleOperation));
        assert_eq!(item_of("决算数因公出国(境)费"), Some(Item::Outbound));
        assert_eq!(item_of("决算数公务接待费"), Some(Item::Reception));
        assert_eq!(item_of("决算数合计"), Some(Item::Total));
        assert_eq!(item_of("公务用车购置费"), Some(Item::VehiclePurchase));
        assert_eq!(item_of("公务用车运行维护费"), Some(Item::VehicleOperation));
    }

    /// Shanghai: one heading over all, the items, then 预算数 | 决算数 under each, and
    /// 公务用车购置及运行费 / 公务用车运行费 without 维护.
    #[test]
    fn labels_with_the_stage_below_and_a_heading_above() {
        let h = "财政拨款“三公”经费";
        assert_eq!(item_of(&format!("{h}合计预算数")), Some(Item::Total));
        assert_eq!(item_of(&format!("{h}因公出国（境）费决算数")), Some(Item::Outbound));
        assert_eq!(item_of(&format!("{h}公务用车购置及运行费小计预算数")), Some(Item::VehicleSubtotal));
        assert_eq!(item_of(&format!("{h}公务用车购置及运行费公务用车购置费决算数")), Some(Item::VehiclePurchase));
        assert_eq!(item_of(&format!("{h}公务用车购置及运行费公务用车运行费预算数")), Some(Item::VehicleOperation));
        assert_eq!(item_of(&format!("{h}公务接待费决算数")), Some(Item::Reception));
        assert_eq!(stage_of(&format!("{h}公务接待费决算数")), Some("决算"));
    }
}
