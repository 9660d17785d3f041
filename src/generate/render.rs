//! Rendering figures as a disclosure document: cover, the nine tables, and (from
//! [`super::text`]) the prose around them, in the tab-separated text layout of
//! published documents.

use std::collections::BTreeMap;

use super::doc::{Doc, Layout, ORDINALS};
use super::figures::{Item, Source, UnitFigures, names_of};
use crate::model::subject::LEI_NAMES;

/// Sums by 类 / 款 / 项 of a per-item pair of measures.
struct Tree {
    rows: Vec<(String, String, Vec<i64>)>,
    total: Vec<i64>,
}

fn tree(items: &[&Item], cols: &dyn Fn(&Item) -> Vec<i64>) -> Tree {
    let mut lei: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    let mut kuan: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    let n = items.first().map(|i| cols(i).len()).unwrap_or(0);
    let mut total = vec![0; n];
    for it in items {
        let v = cols(it);
        for (acc, x) in
            [lei.entry(&it.code[..3]).or_insert(vec![0; n]), kuan.entry(&it.code[..5]).or_insert(vec![0; n])]
                .into_iter()
                .zip([&v, &v])
        {
            for (a, b) in acc.iter_mut().zip(x) {
                *a += b;
            }
        }
        for (a, b) in total.iter_mut().zip(&v) {
            *a += b;
        }
    }
    let mut rows = Vec::new();
    for (l, lv) in &lei {
        let name = LEI_NAMES.iter().find(|x| x.0 == *l).map(|x| x.1).unwrap_or("其他支出");
        rows.push((l.to_string(), name.to_string(), lv.clone()));
        for (k, kv) in kuan.iter().filter(|(k, _)| k.starts_with(l)) {
            let kname = items.iter().find(|i| i.code.starts_with(k)).map(|i| names_of(i.code).1).unwrap_or("");
            rows.push((k.to_string(), kname.to_string(), kv.clone()));
            for it in items.iter().filter(|i| i.code.starts_with(k)) {
                rows.push((it.code.to_string(), it.name.to_string(), cols(it)));
            }
        }
    }
    Tree { rows, total }
}

impl Doc<'_> {
    /// Subject-keyed table: header rows, 合计, then 类/款/项 rows with page breaks.
    fn subject_table(&mut self, header: &[&str], group: Option<&str>, tree: &Tree) {
        let l = self.l.clone();
        let mut head_rows: Vec<String> = Vec::new();
        let measures = header.join("\t");
        if l.split_codes {
            head_rows.push(format!("科目编码\t\t\t科目名称\t{measures}"));
            head_rows.push(format!("类\t款\t项\t{}", "\t".repeat(header.len())));
        } else {
            if let Some(g) = group {
                head_rows.push(format!("项 目\t\t{g}{}", "\t".repeat(header.len() - 1)));
                head_rows.push(format!("科目编码\t科目名称\t{measures}"));
            } else {
                head_rows.push(format!("项 目\t\t{measures}"));
                head_rows.push(format!("科目编码\t科目名称{}", "\t".repeat(header.len())));
            }
        }
        for h in &head_rows {
            self.line(h);
        }
        // Columns before the amounts: code(s) and name.
        let pad = if l.split_codes { 4 } else { 2 };
        if !l.no_row_numbers {
            let nums: Vec<String> = (1..=header.len()).map(|i| i.to_string()).collect();
            self.line(&format!("栏 次{}{}", "\t".repeat(pad), nums.join("\t")));
        }
        let cells = |v: &[i64]| v.iter().map(|x| l.money(*x)).collect::<Vec<_>>().join("\t");
        self.line(&format!("合 计{}{}", "\t".repeat(pad), cells(&tree.total)));
        for (n, (code, name, v)) in (2..).zip(&tree.rows) {
            let (first, rest) = if l.wrap_names && name.chars().count() > 16 {
                let cut: String = name.chars().take(16).collect();
                let rest: String = name.chars().skip(16).collect();
                (cut, Some(rest))
            } else {
                (name.clone(), None)
            };
            let code_cells = if l.split_codes {
                match code.len() {
                    3 => format!("{code}\t\t"),
                    5 => format!("\t{}\t", &code[3..]),
                    _ => format!("\t\t{}", &code[5..]),
                }
            } else {
                code.clone()
            };
            self.line(&format!("{code_cells}\t{first}\t{}", cells(v)));
            let page_break = l.page_rows.is_some_and(|p| n % p == 0);
            if page_break {
                self.blank();
                for h in &head_rows {
                    self.line(h);
                }
            }
            if let Some(rest) = rest {
                self.line(&format!("{}{rest}{}", "\t".repeat(pad - 1), "\t".repeat(v.len())));
            }
        }
        self.blank();
    }
}

const INCOME_LINES: [&str; 8] = [
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
];

/// The 26 类 lines of the two-sided summary tables, in print order.
const SUMMARY_LEI: [&str; 26] = [
    "201", "202", "203", "204", "205", "206", "207", "208", "210", "211", "212", "213", "214", "215", "216", "217",
    "219", "220", "221", "222", "223", "224", "229", "231", "232", "234",
];

pub fn render(f: &UnitFigures, l: &Layout) -> String {
    let unit = format!("{}{}", f.unit_base, f.scope_mark);
    let mut d = Doc { out: String::new(), l, unit: unit.clone() };
    let y = f.year;
    d.blank();
    d.line(&format!("{y} 年度"));
    d.line(&f.unit_base);
    d.line(&format!("{} {}", f.scope_mark, if f.scope_mark.is_empty() { "单位决算" } else { "部门决算" }));
    d.blank();
    super::text::overview(&mut d, f);
    d.line("第二部分");
    d.blank();
    d.line(&format!("{y} 年度部门决算表"));
    d.blank();

    let general: Vec<&Item> = f.items.iter().filter(|i| i.source == Source::General).collect();
    let fund: Vec<&Item> = f.items.iter().filter(|i| i.source == Source::Fund).collect();
    let all: Vec<&Item> = f.items.iter().collect();
    let sum = |v: &[&Item], g: &dyn Fn(&Item) -> i64| v.iter().map(|i| g(i)).sum::<i64>();
    let tot = |i: &Item| i.basic + i.project;
    let from = |source: Source| sum(&all, &|i| if i.source == source { tot(i) } else { 0 });
    let income = [sum(&general, &tot), sum(&fund, &tot), 0, 0, from(Source::Business), 0, 0, from(Source::Other)];
    let total: i64 = income.iter().sum();
    let by_lei =
        |items: &[&Item], code: &str| items.iter().filter(|i| i.code.starts_with(code)).map(|i| tot(i)).sum::<i64>();

    let order: Vec<usize> = if l.other_order { vec![1, 2, 3, 4, 5, 6, 9, 7, 8] } else { (1..=9).collect() };
    for (pos, t) in order.into_iter().enumerate() {
        let number = pos + 1;
        match t {
            1 => {
                d.head(if l.other_order { "收支决算总表" } else { "收入支出决算总表" }, number);
                let rn = !l.no_row_numbers;
                if rn {
                    d.line("收入\t\t\t支出\t\t");
                    d.line("项目\t行次\t金额\t项目\t行次\t金额");
                    d.line("栏次\t\t1\t栏次\t\t2");
                } else {
                    d.line("项目\t金额\t项目\t金额");
                }
                for (k, lei) in SUMMARY_LEI.iter().enumerate() {
                    let left = INCOME_LINES.get(k).map(|n| format!("{}、{n}", ORDINALS[k])).unwrap_or_default();
                    let lv = income.get(k).map(|v| l.money(*v)).unwrap_or_default();
                    let name = LEI_NAMES.iter().find(|x| x.0 == *lei).map(|x| x.1).unwrap_or("");
                    let right = format!("{}、{name}", ORDINALS[k]);
                    let rv = l.money(by_lei(&all, lei));
                    if rn {
                        d.line(&format!("{left}\t{}\t{lv}\t{right}\t{}\t{rv}", k + 1, k + 32));
                    } else {
                        d.line(&format!("{left}\t{lv}\t{right}\t{rv}"));
                    }
                }
                let tail = [
                    ("本年收入合计", total, "本年支出合计", total),
                    ("使用非财政拨款结余", 0, "结余分配", 0),
                    ("年初结转和结余", 0, "年末结转和结余", 0),
                    ("总计", total, "总计", total),
                ];
                for (k, (a, av, b, bv)) in tail.iter().enumerate() {
                    if rn {
                        d.line(&format!("{a}\t{}\t{}\t{b}\t{}\t{}", 27 + k, l.money(*av), 58 + k, l.money(*bv)));
                    } else {
                        d.line(&format!("{a}\t{}\t{b}\t{}", l.money(*av), l.money(*bv)));
                    }
                }
                d.blank();
                d.line("注：本表反映部门本年度的总收支和年末结转结余情况。");
                d.blank();
            }
            2 => {
                d.head("收入决算表", number);
                let t = tree(&all, &|i| {
                    let v = tot(i);
                    let of = |s: Source| if i.source == s { v } else { 0 };
                    let fiscal = of(Source::General) + of(Source::Fund);
                    vec![v, fiscal, 0, of(Source::Business), 0, 0, of(Source::Other)]
                });
                d.subject_table(
                    &[
                        "本年收入合计",
                        "财政拨款收入",
                        "上级补助收入",
                        "事业收入",
                        "经营收入",
                        "附属单位 上缴收入",
                        "其他收入",
                    ],
                    None,
                    &t,
                );
                d.line("注：本表反映部门本年度取得的各项收入情况。");
                d.blank();
            }
            3 => {
                d.head("支出决算表", number);
                let t = tree(&all, &|i| vec![tot(i), i.basic, i.project, 0, 0, 0]);
                d.subject_table(
                    &["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位 补助支出"],
                    None,
                    &t,
                );
                d.line("注：本表反映部门本年度各项支出情况。");
                d.blank();
            }
            4 => {
                d.head(
                    if l.other_order {
                        "财政拨款收支决算总表"
                    } else {
                        "财政拨款收入支出决算总表"
                    },
                    number,
                );
                let fiscal: Vec<&Item> =
                    f.items.iter().filter(|i| matches!(i.source, Source::General | Source::Fund)).collect();
                let ft = income[0] + income[1];
                let rn = !l.no_row_numbers;
                if rn {
                    d.line("收 入\t\t\t支 出\t\t\t\t\t");
                    d.line("项 目\t行次\t金额\t项 目\t行次\t合计\t一般公共预算财政拨款\t政府性基金预算财政拨款\t国有资本经营预算财政拨款");
                    d.line("栏 次\t\t1\t栏 次\t\t2\t3\t4\t5");
                } else {
                    d.line("项目\t金额\t项目\t合计\t一般公共预算财政拨款\t政府性基金预算财政拨款\t国有资本经营预算财政拨款");
                }
                let left = ["一、一般公共预算财政拨款", "二、政府性基金预算财政拨款", "三、国有资本经营预算财政拨款"];
                for (k, lei) in SUMMARY_LEI.iter().enumerate() {
                    let lt = left.get(k).copied().unwrap_or("");
                    let lv = if k < 2 { l.money(income[k]) } else { String::new() };
                    let name = LEI_NAMES.iter().find(|x| x.0 == *lei).map(|x| x.1).unwrap_or("");
                    let r = format!("{}、{name}", ORDINALS[k]);
                    let (a, g, fu) = (by_lei(&fiscal, lei), by_lei(&general, lei), by_lei(&fund, lei));
                    let vals = format!("{}\t{}\t{}\t", l.money(a), l.money(g), l.money(fu));
                    if rn {
                        d.line(&format!("{lt}\t{}\t{lv}\t{r}\t{}\t{vals}", k + 1, k + 33));
                    } else {
                        d.line(&format!("{lt}\t{lv}\t{r}\t{vals}"));
                    }
                }
                let gen_total = income[0];
                let fund_total = income[1];
                let tail: [(&str, String, &str, String); 6] = [
                    (
                        "本年收入合计",
                        l.money(ft),
                        "本年支出合计",
                        format!("{}\t{}\t{}\t", l.money(ft), l.money(gen_total), l.money(fund_total)),
                    ),
                    ("年初财政拨款结转和结余", String::new(), "年末财政拨款结转和结余", "\t\t\t".into()),
                    ("一般公共预算财政拨款", String::new(), "", "\t\t\t".into()),
                    ("政府性基金预算财政拨款", String::new(), "", "\t\t\t".into()),
                    ("国有资本经营预算财政拨款", String::new(), "", "\t\t\t".into()),
                    (
                        "总计",
                        l.money(ft),
                        "总计",
                        format!("{}\t{}\t{}\t", l.money(ft), l.money(gen_total), l.money(fund_total)),
                    ),
                ];
                for (k, (a, av, b, bv)) in tail.iter().enumerate() {
                    if rn {
                        d.line(&format!("{a}\t{}\t{av}\t{b}\t{}\t{bv}", 27 + k, 59 + k));
                    } else {
                        d.line(&format!("{a}\t{av}\t{b}\t{bv}"));
                    }
                }
                d.blank();
                d.line("注：本表反映部门本年度财政拨款的总收支和年末结转结余情况。");
                d.blank();
            }
            5 => {
                d.head("一般公共预算财政拨款支出决算表", number);
                let t = tree(&general, &|i| vec![tot(i), i.basic, i.project]);
                d.subject_table(&["小计", "基本支出", "项目支出"], Some("本年支出"), &t);
                d.line("注：本表反映部门本年度一般公共预算财政拨款支出情况。");
                d.blank();
            }
            6 => {
                d.head(
                    if l.other_order {
                        "一般公共预算财政拨款基本支出决算表"
                    } else {
                        "一般公共预算财政拨款基本支出决算明细表"
                    },
                    number,
                );
                render_detail(&mut d, f);
            }
            7 => {
                d.head("政府性基金预算财政拨款收入支出决算表", number);
                if fund.is_empty() {
                    empty_subject(&mut d, "本部门没有使用政府性基金预算财政拨款安排的支出，故本表无数据。");
                } else {
                    let t = tree(&fund, &|i| vec![0, tot(i), tot(i), i.basic, i.project, 0]);
                    d.subject_table(
                        &["年初结转 和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转 和结余"],
                        None,
                        &t,
                    );
                    d.line("注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。");
                    d.blank();
                }
            }
            8 => {
                d.head(
                    if l.other_order {
                        "国有资本经营预算财政拨款收入支出决算表"
                    } else {
                        "国有资本经营预算财政拨款支出决算表"
                    },
                    number,
                );
                empty_subject(&mut d, "本部门没有使用国有资本经营预算安排的支出，故本表无数据。");
            }
            _ => {
                d.head("财政拨款“三公”经费支出决算表", number);
                render_sangong(&mut d, f);
            }
        }
    }
    super::text::explanation(&mut d, f);
    super::appendix::performance_text(&mut d, f);
    super::appendix::glossary(&mut d);
    super::appendix::appendix(&mut d, f);
    d.out
}

fn empty_subject(d: &mut Doc, statement: &str) {
    d.line("项 目\t\t本年支出\t\t");
    d.line("科目编码\t科目名称\t小计\t基本支出\t项目支出");
    d.line("合 计\t\t\t\t");
    d.blank();
    d.line("注：本表反映部门本年度相关财政拨款支出情况。");
    d.line(statement);
    d.blank();
}

fn render_detail(d: &mut Doc, f: &UnitFigures) {
    let l = d.l.clone();
    let personnel: Vec<_> = f.econ.iter().filter(|e| e.0.starts_with("301") || e.0.starts_with("303")).collect();
    let public: Vec<_> = f.econ.iter().filter(|e| !(e.0.starts_with("301") || e.0.starts_with("303"))).collect();
    // 类 rows above their 款 rows, with sums.
    let with_lei = |v: &[&(&str, &str, i64)]| {
        let mut out: Vec<(String, String, i64)> = Vec::new();
        let mut leis: Vec<&str> = v.iter().map(|e| &e.0[..3]).collect();
        leis.dedup();
        for lei in leis {
            let name = match lei {
                "301" => "工资福利支出",
                "302" => "商品和服务支出",
                "303" => "对个人和家庭的补助",
                "310" => "资本性支出",
                _ => "其他支出",
            };
            out.push((lei.into(), name.into(), v.iter().filter(|e| e.0.starts_with(lei)).map(|e| e.2).sum()));
            out.extend(v.iter().filter(|e| e.0.starts_with(lei)).map(|e| (e.0.to_string(), e.1.to_string(), e.2)));
        }
        out
    };
    let p = with_lei(&personnel);
    let q = with_lei(&public);
    let half = q.len().div_ceil(2);
    let (q1, q2) = q.split_at(half);
    d.line("人员经费\t\t\t公用经费\t\t\t\t\t");
    d.line("科目编码\t科目名称\t金额\t科目编码\t科目名称\t金额\t科目编码\t科目名称\t金额");
    let n = p.len().max(q1.len()).max(q2.len());
    let cell = |v: &[(String, String, i64)], i: usize| {
        v.get(i).map(|(c, nm, a)| format!("{c}\t{nm}\t{}", l.money(*a))).unwrap_or_else(|| "\t\t".into())
    };
    for i in 0..n {
        d.line(&format!("{}\t{}\t{}", cell(&p, i), cell(q1, i), cell(q2, i)));
    }
    let ps: i64 = personnel.iter().map(|e| e.2).sum();
    let qs: i64 = public.iter().map(|e| e.2).sum();
    d.line(&format!("人员经费合计\t\t{}\t公用经费合计\t\t\t\t\t{}", l.money(ps), l.money(qs)));
    d.blank();
    d.line("注:本表反映部门本年度一般公共预算财政拨款基本支出明细情况。");
    d.blank();
}

fn render_sangong(d: &mut Doc, f: &UnitFigures) {
    let l = d.l.clone();
    d.line("预 算 数\t\t\t\t\t\t决 算 数\t\t\t\t\t");
    d.line("合计\t因公出国 (境)费\t公务用车购置及运行维护费\t\t\t公务 接待费\t合计\t因公出国 (境)费\t公务用车购置及运行维护费\t\t\t公务 接待费");
    d.line("\t\t小计\t公务用车 购置费\t公务用车 运行维护 费\t\t\t\t小计\t公务用车 购置费\t公务用车 运行维护 费\t");
    d.line("1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12");
    let mut cells = Vec::new();
    for s in &f.sangong {
        let [o, p, r, c] = *s;
        for v in [o + p + r + c, o, p + r, p, r, c] {
            cells.push(l.money(v));
        }
    }
    d.line(&cells.join("\t"));
    d.blank();
    d.line("注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。");
    if f.sangong.iter().flatten().all(|v| *v == 0) {
        d.line("本部门没有使用财政拨款安排的“三公”经费支出，故本表无数据。");
    }
    d.blank();
}
