//! The last parts of a generated document: the glossary (名词解释) and the 绩效 appendix
//! (the overview sentence, each project's 自评 summary and table).

use super::doc::{Doc, fmt_num};
use super::figures::{UnitFigures, names_of};
use super::text::{paragraph, pct, wan};

/// 第四部分 名词解释.
pub fn glossary(d: &mut Doc) {
    d.line("第四部分 名词解释");
    d.blank();
    let terms = [
        (
            "财政拨款收入",
            "指本级财政当年拨付的资金，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。",
        ),
        ("上级补助收入", "指从主管部门和上级单位取得的非财政补助收入。"),
        ("事业收入", "指事业单位开展专业业务活动及其辅助活动取得的收入。"),
        ("经营收入", "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。"),
        ("附属单位上缴收入", "指本单位所属单位按规定上缴的收入。"),
        ("其他收入", "指除上述收入以外的各项收入，主要是存款利息收入等。"),
        ("使用非财政拨款结余", "指事业单位使用以前年度积累的非财政拨款结余弥补当年收支差额的金额。"),
        ("年初结转和结余", "指以前年度尚未完成、结转到本年按有关规定继续使用的资金。"),
        (
            "结余分配",
            "指事业单位按规定提取的职工福利基金、事业基金和缴纳的所得税，以及建设单位按规定应交回的基本建设竣工项目结余资金。",
        ),
        (
            "年末结转和结余",
            "指本年度或以前年度预算安排、因客观条件发生变化无法按原计划实施，需延迟到以后年度按有关规定继续使用的资金。",
        ),
        ("基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。"),
        ("项目支出", "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
        ("经营支出", "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动发生的支出。"),
        (
            "“三公”经费",
            "指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。其中，因公出国（境）费反映单位公务出国（境）的国际旅费、国外城市间交通费、住宿费、伙食费、培训费、公杂费等支出；公务用车购置及运行维护费反映单位公务用车车辆购置支出及租用费、燃料费、维修费、过路过桥费、保险费等支出；公务接待费反映单位按规定开支的各类公务接待支出。",
        ),
        (
            "机关运行经费",
            "指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。",
        ),
    ];
    for (k, (term, meaning)) in terms.iter().enumerate() {
        paragraph(d, &format!("{}、{term}：{meaning}", super::doc::ORDINALS[k]));
    }
}

/// A project of the 绩效 appendix: its name, 全年预算数 A and 执行数 B (0.01 万元), and
/// 执行率 in hundredths of a percent.
struct Project {
    name: String,
    a: i64,
    b: i64,
    rate: i64,
}

impl Project {
    /// 得分 of the execution row (分值 10 × 执行率), in 0.01 points.
    fn exec_score(&self) -> i64 {
        (10 * self.rate + 50) / 100
    }
    /// 总分: the indicators' full 90 points plus the execution row, in 0.01 points; the
    /// 综述, the 汇总表 and the 自评表 all print this one figure.
    fn total_score(&self) -> i64 {
        9_000 + self.exec_score()
    }
}

/// Every project item becomes one to three evaluated projects, by its size.
fn projects(f: &UnitFigures) -> Vec<Project> {
    const KINDS: [&str; 6] = ["专项业务经费", "信息化建设", "宣传培训经费", "设备购置", "课题研究经费", "运行维护经费"];
    let mut out = Vec::new();
    for (k, it) in f.items.iter().filter(|i| i.project > 0).enumerate() {
        let n = match it.project {
            0..1_000 => 1,
            1_000..3_000 => 2,
            _ => 3,
        };
        let parts: Vec<i64> = (0..n).map(|h| it.project / n + if h == 0 { it.project % n } else { 0 }).collect();
        for (h, b) in parts.into_iter().enumerate() {
            let a = b + b / 10;
            let rate = pct(b, a);
            let j = out.len();
            let (_, kuan, xiang) = names_of(it.code);
            let mut name = format!("{kuan}{xiang}{}项目", KINDS[(k + h + j) % KINDS.len()]);
            if out.iter().any(|p: &Project| p.name == name) {
                name = format!("{kuan}{xiang}{}{}项目", KINDS[(k + h + j) % KINDS.len()], j + 1);
            }
            out.push(Project { name, a, b, rate });
        }
    }
    out
}

/// 十三、预算绩效: the overview and one 综述 per project.
pub fn performance_text(d: &mut Doc, f: &UnitFigures) {
    let ps = projects(f);
    if ps.is_empty() {
        return;
    }
    let y = f.year;
    let unit = d.unit.clone();
    let total: i64 = ps.iter().map(|p| p.a).sum();
    d.line("十三、预算绩效情况说明");
    d.blank();
    paragraph(
        d,
        &format!(
            "（一）预算绩效管理工作开展情况。根据预算绩效管理要求，{unit}组织对 {y} 年度县级预算项目开展绩效自评，其中，县级预算项目 {} 个，涉及预算资金 {} 万元，占部门县级预算项目支出总额的 100%。",
            ps.len(),
            fmt_num(total, 2)
        ),
    );
    paragraph(
        d,
        &format!(
            "（二）县级预算项目绩效自评结果。{unit}{y} 年度县级预算绩效自评的 {} 个项目中，{} 个项目自评等级为优。从自评情况看，项目执行和完成情况较好，资金使用比较规范，但也存在部分项目实施进度偏慢等问题。",
            ps.len(),
            ps.len()
        ),
    );
    for (k, p) in ps.iter().enumerate() {
        let score = p.total_score();
        paragraph(
            d,
            &format!(
                "{}. {}绩效自评综述：根据年初设定的绩效目标，项目自评得分为 {} 分。全年预算数为 {} 万元，执行数为 {} 万元，完成预算的 {}%。项目绩效目标完成情况：项目按计划完成了年度各项工作任务，产出数量和质量达到预期，服务对象满意度较高。下一步将加强项目全过程管理，提高资金使用效益。",
                k + 1,
                p.name,
                wan(score),
                wan(p.a),
                wan(p.b),
                wan(p.rate)
            ),
        );
    }
    paragraph(d, &format!("{y}年度县级预算项目绩效自评情况汇总表和县级预算项目绩效自评表详见“第五部分 附件”。"));
}

/// 第五部分 附件: the 汇总表 and one 自评表 per project, every identity the checks know
/// holding (执行率 = B/A, 得分 = 分值 × 执行率, 总分 = Σ 得分).
pub fn appendix(d: &mut Doc, f: &UnitFigures) {
    let ps = projects(f);
    if ps.is_empty() {
        return;
    }
    let y = f.year;
    let unit = d.unit.clone();
    d.line("第五部分 附件");
    d.blank();
    d.line(&format!("{y} 年度预算项目绩效自评情况汇总表"));
    d.blank();
    d.line("序号\t项目名称\t资金使用单位\t自评得分\t自评等级");
    for (k, p) in ps.iter().enumerate() {
        d.line(&format!("{}\t{}\t{unit}\t{}\t优", k + 1, p.name, wan(p.total_score())));
    }
    d.blank();
    let indicators: [(&str, &str, &str, &str, &str, i64); 9] = [
        ("产出指标", "数量指标", "完成事项数量", "≥10项", "12项", 10),
        ("产出指标", "数量指标", "覆盖服务对象", "≥200户", "236户", 10),
        ("产出指标", "质量指标", "验收合格率", "=100%", "100%", 10),
        ("产出指标", "时效指标", "按期完成率", "=100%", "100%", 10),
        ("成本指标", "经济成本指标", "项目成本控制", "≤预算数", "未超预算", 10),
        ("效益指标", "社会效益指标", "服务对象覆盖面", "有效提升", "有效提升", 10),
        ("效益指标", "可持续发展影响指标", "长效机制", "建立健全", "建立健全", 10),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "95%", 10),
        ("满意度指标", "服务对象满意度指标", "社会公众满意度", "≥85%", "92%", 10),
    ];
    for p in &ps {
        let score = p.exec_score();
        d.line(&format!("{y}年预算项目支出绩效自评表"));
        d.blank();
        d.line("单位：万元");
        d.blank();
        d.line(&format!("项目名称\t\t{}\t\t\t\t\t\t", p.name));
        d.line(&format!("主管部门\t\t{unit}\t\t实施单位\t{unit}\t\t\t"));
        d.line("项目预算执行情况\t\t年初预算数\t全年预算数(A)\t全年执行数(B)\t分值\t执行率(B/A)\t得分\t");
        d.line(&format!(
            "\t年度资金总额\t{}\t{}\t{}\t10\t{}%\t{}\t",
            wan(p.a),
            wan(p.a),
            wan(p.b),
            fmt_num(p.rate, 2),
            wan(score)
        ));
        d.line(&format!("\t其中：当年财政拨款\t{}\t{}\t{}\t\t\t\t", wan(p.a), wan(p.a), wan(p.b)));
        d.line("年度总体目标\t预期目标\t\t\t\t实际完成情况\t\t\t");
        d.line(&format!(
            "\t按计划完成{}各项任务，提升服务保障水平。\t\t\t\t已按计划完成年度任务，达到预期目标。\t\t\t",
            p.name
        ));
        d.line("\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成指标值\t分值\t得分\t偏差原因分析及改进措施");
        for (i, (l1, l2, l3, target, actual, w)) in indicators.iter().enumerate() {
            let label = if i == 0 { "年度绩效指标" } else { "" };
            d.line(&format!("{label}\t{l1}\t{l2}\t{l3}\t{target}\t{actual}\t{w}\t{w}\t"));
        }
        d.line(&format!("总分\t\t{}\t\t\t\t\t\t", fmt_num(p.total_score(), 2)));
        d.blank();
    }
}
