//! The prose of a generated document, as long and as varied as a published one: the
//! 部门概况 (duties, composition), every section of the 情况说明 with its shares,
//! year-on-year changes and budget execution per 项, the 名词解释 and the 绩效 appendix.
//! Every figure is computed from the unit's figures (and last year's), so that the
//! text agrees with the tables exactly as the 勾稽 checks demand. The wording is the
//! project's own, in the formulaic phrasing the disclosure template prescribes.

use super::doc::{Doc, fmt_num};
use super::figures::{Item, Source, UnitFigures, names_of};

/// Amount in 0.01 万元 as the text prints it: `874.1`, `4,500`, `0`.
pub fn wan(v: i64) -> String {
    let s = fmt_num(v, 2);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `part / whole` in hundredths of a percent, rounded half up; 0 for an empty whole.
pub(super) fn pct(part: i64, whole: i64) -> i64 {
    if whole == 0 { 0 } else { (part * 10_000 + whole / 2) / whole }
}

/// The totals the text speaks of, in 0.01 万元.
#[derive(Debug, Clone, Copy, Default)]
struct Totals {
    total: i64,
    general: i64,
    fund: i64,
    business: i64,
    other: i64,
    basic: i64,
    project: i64,
    general_basic: i64,
    general_budget: i64,
    personnel: i64,
    public: i64,
}

impl Totals {
    fn of(f: &UnitFigures) -> Totals {
        let mut t = Totals::default();
        for i in &f.items {
            let v = i.basic + i.project;
            t.total += v;
            t.basic += i.basic;
            t.project += i.project;
            match i.source {
                Source::General => {
                    t.general += v;
                    t.general_basic += i.basic;
                    t.general_budget += i.budget;
                }
                Source::Fund => t.fund += v,
                Source::Business => t.business += v,
                Source::Other => t.other += v,
            }
        }
        for (code, _, v) in &f.econ {
            if code.starts_with("301") || code.starts_with("303") {
                t.personnel += v;
            } else {
                t.public += v;
            }
        }
        t
    }
    fn fiscal(&self) -> i64 {
        self.general + self.fund
    }
}

/// `与 2023 年度相比，…增加 X 万元，增长 Y%。`, or `与 2023 年决算数相同。`.
fn yoy(prior_year: i32, now: i64, prev: i64, what: &str) -> String {
    let change = now - prev;
    if change == 0 {
        return format!("与 {prior_year} 年决算数相同。");
    }
    let (more, up) = if change > 0 { ("增加", "增长") } else { ("减少", "下降") };
    let mut s = format!("与 {prior_year} 年度相比，{what}{more} {} 万元", wan(change.abs()));
    if prev != 0 {
        s.push_str(&format!("，{up} {}%", wan(pct(change.abs(), prev))));
    }
    s.push('。');
    s
}

/// Reasons the text gives for a change, varied by the figures.
const REASONS_UP: &[&str] = &[
    "业务工作量增加，相关项目支出相应增加",
    "上级专项资金到位，项目实施进度加快",
    "人员工资标准调整，人员经费相应增加",
    "新增重点工作任务，项目经费增加",
];
const REASONS_DOWN: &[&str] = &[
    "严格落实过紧日子要求，压减一般性支出",
    "部分项目已于上年完成，本年支出减少",
    "人员退休，在职人员减少，人员经费相应减少",
    "厉行节约，据实列支，控制公用经费支出",
];

fn reason(up: bool, k: i64) -> &'static str {
    let list = if up { REASONS_UP } else { REASONS_DOWN };
    list[k.unsigned_abs() as usize % list.len()]
}

/// A paragraph as PDF text extraction leaves it: in layouts that wrap, cut into lines
/// of about 60 characters (never where the next line would read as a heading).
pub(super) fn paragraph(d: &mut Doc, text: &str) {
    if !d.l.wrap_names {
        d.line(text);
        d.blank();
        return;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut start = 0;
    while chars.len() - start > 60 {
        let mut cut = start + 60;
        while cut < chars.len()
            && (matches!(chars[cut], '（' | '(' | '0'..='9' | '第') || "一二三四五六七八九十".contains(chars[cut]))
        {
            cut += 1;
        }
        d.line(&chars[start..cut].iter().collect::<String>());
        d.blank();
        start = cut;
    }
    d.line(&chars[start..].iter().collect::<String>());
    d.blank();
}

/// The field a department works in, for its duties: `教育和体育局` → `教育和体育`.
fn field(department: &str) -> &str {
    match department.strip_suffix("局") {
        Some(f) => f,
        None => "人大常委会机关事务",
    }
}

/// 第一部分 部门概况: duties and, for a 部门汇总, the units it consolidates.
pub fn overview(d: &mut Doc, f: &UnitFigures) {
    let unit = d.unit.clone();
    let fld = field(f.department);
    d.line("第一部分 部门概况");
    d.blank();
    d.line("一、部门职责");
    d.blank();
    d.line(&format!("{}是县政府负责{fld}工作的部门，主要职责是：", f.unit_base));
    d.blank();
    let duties = [
        format!(
            "贯彻执行国家和省、市关于{fld}工作的方针政策和法律法规，研究拟订全县{fld}发展规划、年度计划和政策措施并组织实施，参与拟订与{fld}相关的地方性规范性文件，监督检查各项政策在全县的落实情况。"
        ),
        format!(
            "负责全县{fld}领域的统筹协调和综合管理，研究解决工作中的重大问题，提出促进{fld}事业高质量发展的意见建议，协调推进跨部门、跨乡镇（街道）的重点工作，建立健全工作联动机制。"
        ),
        "负责编制本部门预算和决算，管理和监督本系统财务、资产和政府采购工作，做好预算绩效管理和内部控制，组织开展内部审计和财务检查，规范资金使用，提高财政资金使用效益。".to_string(),
        format!(
            "负责全县{fld}领域的行业指导和监督检查，组织开展调查研究、统计分析和信息发布工作，建立健全行业统计指标体系，按规定报送各类统计报表和分析报告。"
        ),
        format!(
            "组织实施{fld}领域重点项目，负责项目的申报、论证、实施管理和绩效评价，推动项目按期建成并发挥效益，建立项目库并实行动态管理，加强项目资金的全过程监管。"
        ),
        format!(
            "负责本系统安全生产、应急管理和信访维稳工作，防范化解{fld}领域的重大风险，制定完善应急预案，组织开展应急演练和安全隐患排查整治。"
        ),
        format!(
            "指导本系统干部队伍建设和人才培养，组织开展业务培训、对外交流与合作，推进{fld}领域专业技术人才队伍建设，完善人才引进、培养和激励机制。"
        ),
        format!(
            "承担本系统法治建设、政务公开、信息化建设和档案管理工作，推进{fld}领域数字化转型，建设和维护业务信息系统，做好数据安全和网络安全工作。"
        ),
        format!(
            "负责{fld}领域的宣传教育和政策解读工作，及时回应社会关切，接受人大代表、政协委员和社会各界的监督，办理建议提案。"
        ),
        "完成县委、县政府交办的其他任务。".to_string(),
    ];
    for (k, duty) in duties.iter().enumerate() {
        paragraph(d, &format!("（{}）{duty}", super::doc::ORDINALS[k]));
    }
    d.line("二、机构设置");
    d.blank();
    let mut parts = vec![if f.scope_mark.is_empty() {
        format!("{}决算", f.unit_base)
    } else {
        "局机关本级决算".to_string()
    }];
    parts.extend(f.members.iter().map(|m| format!("{m}决算")));
    let kind = if f.scope_mark.is_empty() { "单位决算" } else { "部门决算" };
    paragraph(
        d,
        &format!(
            "{}内设办公室、综合业务科、计划财务科、政策法规科等职能科室，按照精简、统一、效能的原则设置，各科室分工负责、协调配合，共同完成年度各项工作任务。",
            f.unit_base
        ),
    );
    paragraph(d, &format!("从单位构成看，{unit}{kind}包括：{}。", parts.join("、")));
}

/// 第三部分 情况说明, sections 一 to 十二.
pub fn explanation(d: &mut Doc, f: &UnitFigures) {
    let y = f.year;
    let py = y - 1;
    let unit = d.unit.clone();
    let t = Totals::of(f);
    let p = f.prior.as_deref().map(Totals::of).unwrap_or_default();
    let why = |now: i64, prev: i64| format!("主要原因是{}。", reason(now >= prev, now));
    d.line("第三部分");
    d.blank();
    d.line(&format!("{y} 年度部门决算情况说明"));
    d.blank();

    d.line("一、收入支出决算总体情况说明");
    d.blank();
    paragraph(
        d,
        &format!(
            "{y} 年度收、支总计均为 {} 万元。{}{}",
            wan(t.total),
            yoy(py, t.total, p.total, "收、支总计各"),
            why(t.total, p.total)
        ),
    );

    d.line("二、收入决算情况说明");
    d.blank();
    d.line("（一）收入决算结构情况");
    d.blank();
    let income: [(&str, i64, i64); 6] = [
        ("财政拨款收入", t.fiscal(), p.fiscal()),
        ("上级补助收入", 0, 0),
        ("事业收入", t.business, p.business),
        ("经营收入", 0, 0),
        ("附属单位上缴收入", 0, 0),
        ("其他收入", t.other, p.other),
    ];
    let shares: Vec<String> =
        income.iter().map(|(n, v, _)| format!("{n} {} 万元，占 {}%", wan(*v), wan(pct(*v, t.total)))).collect();
    paragraph(d, &format!("{y} 年度收入合计 {} 万元，其中：{}。", wan(t.total), shares.join("；")));
    d.line("（二）收入决算具体情况");
    d.blank();
    for (k, (n, v, pv)) in income.iter().enumerate() {
        paragraph(d, &format!("{}、{n} {} 万元。{}", k + 1, wan(*v), yoy(py, *v, *pv, "")));
    }

    d.line("三、支出决算情况说明");
    d.blank();
    d.line("（一）支出决算结构情况");
    d.blank();
    let spending: [(&str, i64, i64); 5] = [
        ("基本支出", t.basic, p.basic),
        ("项目支出", t.project, p.project),
        ("上缴上级支出", 0, 0),
        ("经营支出", 0, 0),
        ("对附属单位补助支出", 0, 0),
    ];
    let shares: Vec<String> =
        spending.iter().map(|(n, v, _)| format!("{n} {} 万元，占 {}%", wan(*v), wan(pct(*v, t.total)))).collect();
    paragraph(d, &format!("{y} 年度支出合计 {} 万元，其中：{}。", wan(t.total), shares.join("；")));
    d.line("（二）支出决算具体情况");
    d.blank();
    for (k, (n, v, pv)) in spending.iter().enumerate() {
        let tail = if v != pv { why(*v, *pv) } else { String::new() };
        paragraph(d, &format!("{}、{n} {} 万元。{}{tail}", k + 1, wan(*v), yoy(py, *v, *pv, "")));
    }

    d.line("四、财政拨款收入支出决算总体情况说明");
    d.blank();
    paragraph(
        d,
        &format!(
            "{y} 年度财政拨款收、支总计均为 {} 万元。{}{}",
            wan(t.fiscal()),
            yoy(py, t.fiscal(), p.fiscal(), "财政拨款收、支总计各"),
            why(t.fiscal(), p.fiscal())
        ),
    );

    d.line("五、一般公共预算财政拨款支出决算情况说明");
    d.blank();
    d.line("（一）一般公共预算财政拨款支出决算总体情况");
    d.blank();
    paragraph(
        d,
        &format!(
            "{y} 年度一般公共预算财政拨款支出 {} 万元，占本年支出合计的 {}%。{}{}",
            wan(t.general),
            wan(pct(t.general, t.total)),
            yoy(py, t.general, p.general, "一般公共预算财政拨款支出"),
            why(t.general, p.general)
        ),
    );
    d.line("（二）一般公共预算财政拨款支出决算结构情况");
    d.blank();
    let general: Vec<&Item> = f.items.iter().filter(|i| i.source == Source::General).collect();
    let mut leis: Vec<&str> = general.iter().map(|i| &i.code[..3]).collect();
    leis.dedup();
    let shares: Vec<String> = leis
        .iter()
        .map(|lei| {
            let v: i64 = general.iter().filter(|i| i.code.starts_with(lei)).map(|i| i.basic + i.project).sum();
            let name = names_of(general.iter().find(|i| i.code.starts_with(lei)).expect("a 项 of the 类").code).0;
            format!("{}（类）支出 {} 万元，占 {}%", name.trim_end_matches("支出"), wan(v), wan(pct(v, t.general)))
        })
        .collect();
    paragraph(
        d,
        &format!("{y} 年度一般公共预算财政拨款支出 {} 万元，主要用于以下方面：{}。", wan(t.general), shares.join("；")),
    );
    d.line("（三）一般公共预算财政拨款支出决算具体情况");
    d.blank();
    paragraph(
        d,
        &format!(
            "{y} 年度一般公共预算财政拨款支出年初预算为 {} 万元，支出决算为 {} 万元，完成年初预算的 {}%。{}其中：",
            wan(t.general_budget),
            wan(t.general),
            wan(pct(t.general, t.general_budget)),
            direction(t.general, t.general_budget, &unit)
        ),
    );
    for (k, it) in general.iter().enumerate() {
        paragraph(d, &format!("{}、{}", k + 1, execution(it, &unit)));
    }

    d.line("六、一般公共预算财政拨款基本支出决算情况说明");
    d.blank();
    paragraph(
        d,
        &format!(
            "{y} 年度一般公共预算财政拨款基本支出决算 {} 万元，包括人员经费和公用经费，支出具体情况如下：",
            wan(t.general_basic)
        ),
    );
    let names = |personnel: bool| {
        let v: Vec<&str> = f
            .econ
            .iter()
            .filter(|e| (e.0.starts_with("301") || e.0.starts_with("303")) == personnel && e.2 != 0)
            .map(|e| e.1)
            .collect();
        v.join("、")
    };
    paragraph(d, &format!("人员经费 {} 万元，主要包括：{}。", wan(t.personnel), names(true)));
    paragraph(d, &format!("公用经费 {} 万元，主要包括：{}。", wan(t.public), names(false)));

    d.line("七、政府性基金预算财政拨款收入支出决算情况说明");
    d.blank();
    let fund: Vec<&Item> = f.items.iter().filter(|i| i.source == Source::Fund).collect();
    if fund.is_empty() {
        paragraph(d, &format!("{unit} {y} 年度没有使用政府性基金预算财政拨款安排的支出。"));
    } else {
        paragraph(
            d,
            &format!(
                "{y} 年度政府性基金预算财政拨款年初结转和结余 0 万元，本年收入 {} 万元，本年支出 {} 万元，年末结转和结余 0 万元。支出具体情况如下：",
                wan(t.fund),
                wan(t.fund)
            ),
        );
        for (k, it) in fund.iter().enumerate() {
            paragraph(d, &format!("（{}）{}", super::doc::ORDINALS[k], execution(it, &unit)));
        }
    }

    d.line("八、国有资本经营预算财政拨款支出决算情况说明");
    d.blank();
    paragraph(d, &format!("{unit} {y} 年度没有使用国有资本经营预算财政拨款安排的支出。"));

    sangong(d, f);

    d.line("十、机关运行经费支出说明");
    d.blank();
    let change = t.public - f.jiguan_budget;
    let (more, up) = if change >= 0 { ("增加", "增长") } else { ("减少", "下降") };
    paragraph(
        d,
        &format!(
            "{y} 年度机关运行经费支出 {} 万元，比年初预算数{more} {} 万元，{up} {}%，主要原因是厉行节约、据实列支。",
            wan(t.public),
            wan(change.abs()),
            wan(pct(change.abs(), f.jiguan_budget))
        ),
    );
    d.line("十一、政府采购支出说明");
    d.blank();
    let [g, w, s] = f.procurement;
    let all = g + w + s;
    paragraph(
        d,
        &format!(
            "{y} 年度政府采购支出总额 {} 万元，其中：政府采购货物支出 {} 万元、政府采购工程支出 {} 万元、政府采购服务支出 {} 万元。授予中小企业合同金额 {} 万元，占政府采购支出总额的 {}%。",
            wan(all),
            wan(g),
            wan(w),
            wan(s),
            wan(f.procurement_sme),
            wan(pct(f.procurement_sme, all))
        ),
    );
    d.line("十二、国有资产占用情况说明");
    d.blank();
    paragraph(
        d,
        &format!(
            "截至 {y} 年 12 月 31 日，{unit}共有车辆 {} 辆，其中，机要通信用车 {} 辆、其他用车 {} 辆。",
            f.vehicles[0],
            f.vehicles[1],
            f.vehicles[0] - f.vehicles[1]
        ),
    );
}

/// `决算数大于年初预算数的主要原因是…。` and its kin.
fn direction(actual: i64, budget: i64, unit: &str) -> String {
    if actual == budget {
        "决算数与年初预算数基本持平。".to_string()
    } else if actual > budget {
        format!("决算数大于年初预算数的主要原因是{unit}{}。", reason(true, actual))
    } else {
        format!("决算数小于年初预算数的主要原因是{unit}{}。", reason(false, actual))
    }
}

/// One 项 of the budget-execution paragraphs.
fn execution(it: &Item, unit: &str) -> String {
    let (lei, kuan, xiang) = names_of(it.code);
    let actual = it.basic + it.project;
    let completion = if it.budget == 0 {
        "年初无预算。".to_string()
    } else {
        format!("完成年初预算的 {}%。", wan(pct(actual, it.budget)))
    };
    format!(
        "{lei}（类）{kuan}（款）{xiang}（项）。年初预算为 {} 万元，支出决算为 {} 万元，{completion}{}",
        wan(it.budget),
        wan(actual),
        direction(actual, it.budget, unit)
    )
}

/// 九、三公: the totals, each item, and its details.
fn sangong(d: &mut Doc, f: &UnitFigures) {
    let y = f.year;
    let [budget, actual] = f.sangong;
    let sum = |v: [i64; 4]| v.iter().sum::<i64>();
    d.line("九、财政拨款“三公”经费支出决算情况说明");
    d.blank();
    paragraph(
        d,
        &format!(
            "{y} 年度财政拨款“三公”经费支出全年预算为 {} 万元，支出决算为 {} 万元，完成全年预算的 {}%。",
            wan(sum(budget)),
            wan(sum(actual)),
            wan(pct(sum(actual), sum(budget)))
        ),
    );
    // A 决算 that differs from its 预算 is explained, as the publication rules ask.
    if budget != actual {
        let (dir, why) = if sum(actual) > sum(budget) {
            ("大于", "公务活动增加")
        } else {
            ("小于", "厉行节约，严格控制“三公”经费支出")
        };
        paragraph(d, &format!("“三公”经费支出决算数{dir}预算数的主要原因是{why}。"));
    }
    paragraph(
        d,
        &format!(
            "因公出国（境）费全年预算为 {} 万元，支出决算为 {} 万元。全年因公出国（境）团组 0 个，累计 0 人次。",
            wan(budget[0]),
            wan(actual[0])
        ),
    );
    paragraph(
        d,
        &format!(
            "公务用车购置及运行维护费全年预算为 {} 万元，支出决算为 {} 万元。其中：公务用车购置费 {} 万元，全年购置公务用车 0 辆；公务用车运行维护费 {} 万元，主要用于机要通信、应急保障等工作所需公务用车的燃料费、维修费、过路过桥费、保险费等支出，截至 {y} 年 12 月 31 日，公务用车保有量为 {} 辆。",
            wan(budget[1] + budget[2]),
            wan(actual[1] + actual[2]),
            wan(actual[1]),
            wan(actual[2]),
            f.vehicles[0]
        ),
    );
    let batches = actual[3] / 40;
    paragraph(
        d,
        &format!(
            "公务接待费全年预算为 {} 万元，支出决算为 {} 万元。其中：国内接待费 {} 万元，共计接待 {batches} 批次、{} 人次，主要用于接待上级部门检查指导工作；国（境）外接待费 0 万元，共计接待 0 批次、0 人次。",
            wan(budget[3]),
            wan(actual[3]),
            wan(actual[3]),
            batches * 4
        ),
    );
}
