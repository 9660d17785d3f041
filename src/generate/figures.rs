//! Figures of a generated unit-year, drawn deterministically from a seed so that every
//! accounting identity of the nine tables holds by construction.

use crate::model::county::County;

/// Who pays for an expenditure item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// 一般公共预算财政拨款
    General,
    /// 政府性基金预算财政拨款
    Fund,
    /// 其他收入 (non-fiscal)
    Other,
    /// 事业收入 of a public-service unit (事业单位; non-fiscal)
    Business,
}

/// One 项-level expenditure line. Amounts here and below are integers in 0.01 万元, so
/// that both 万元 (2 places) and 元 renderings are exact.
#[derive(Debug, Clone)]
pub struct Item {
    pub code: &'static str,
    pub name: &'static str,
    pub source: Source,
    pub basic: i64,
    pub project: i64,
    /// 年初预算 for the budget-execution narrative.
    pub budget: i64,
}

#[derive(Debug, Clone)]
pub struct UnitFigures {
    pub unit_base: String,
    /// The department the unit is or belongs to (`财政局`).
    pub department: &'static str,
    /// `（汇总）` or `（本级）` or empty.
    pub scope_mark: &'static str,
    pub year: i32,
    pub items: Vec<Item>,
    /// (code, name, amount) of economic classification, personnel then public.
    pub econ: Vec<(&'static str, &'static str, i64)>,
    /// 三公: [budget, actual] × [outbound, purchase, operation, reception].
    pub sangong: [[i64; 4]; 2],
    pub procurement: [i64; 3],
    /// 授予中小企业 amount (within the procurement total).
    pub procurement_sme: i64,
    /// 机关运行经费 年初预算.
    pub jiguan_budget: i64,
    pub vehicles: [i64; 2],
    /// Units whose accounts this 部门汇总 consolidates (besides its own office), by
    /// full name; empty for 本级 and 单位 documents.
    pub members: Vec<String>,
    /// The same figures a year earlier, for the year-on-year sentences.
    pub prior: Option<Box<UnitFigures>>,
}

/// 类/款/项 names used by the generator.
pub const SUBJECTS: &[(&str, &str, &str, &str)] = &[
    // (项 code, 类 name, 款 name, 项 name)
    ("2010101", "一般公共服务支出", "人大事务", "行政运行"),
    ("2010301", "一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行"),
    ("2010401", "一般公共服务支出", "发展与改革事务", "行政运行"),
    ("2010350", "一般公共服务支出", "政府办公厅（室）及相关机构事务", "事业运行"),
    ("2010601", "一般公共服务支出", "财政事务", "行政运行"),
    ("2050101", "教育支出", "教育管理事务", "行政运行"),
    ("2069999", "科学技术支出", "其他科学技术支出", "其他科学技术支出"),
    ("2080501", "社会保障和就业支出", "行政事业单位养老支出", "行政单位离退休"),
    ("2080505", "社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出"),
    ("2080506", "社会保障和就业支出", "行政事业单位养老支出", "机关事业单位职业年金缴费支出"),
    ("2101101", "卫生健康支出", "行政事业单位医疗", "行政单位医疗"),
    ("2120803", "城乡社区支出", "国有土地使用权出让收入安排的支出", "城市建设支出"),
    ("2120899", "城乡社区支出", "国有土地使用权出让收入安排的支出", "其他国有土地使用权出让收入安排的支出"),
    ("2130101", "农林水支出", "农业农村", "行政运行"),
    ("2130104", "农林水支出", "农业农村", "事业运行"),
    ("2150299", "资源勘探工业信息等支出", "制造业", "其他制造业支出"),
    ("2150805", "资源勘探工业信息等支出", "支持中小企业发展和管理支出", "中小企业发展专项"),
    ("2210201", "住房保障支出", "住房改革支出", "住房公积金"),
];

pub fn names_of(code: &str) -> (&'static str, &'static str, &'static str) {
    let s = SUBJECTS.iter().find(|s| s.0 == code).expect("generator subject");
    (s.1, s.2, s.3)
}

/// Departments the generator names units after.
const DEPARTMENTS: &[&str] = &[
    "财政局",
    "教育和体育局",
    "农业农村局",
    "住房和城乡建设局",
    "科学技术局",
    "发展和改革局",
    "商务局",
    "人民代表大会常务委员会办公室",
];

pub use crate::rng::Rng;

/// `阳谷县财政局`; `上海市普陀区财政局` where the county name alone is ambiguous.
fn unit_base(county: &County, dept: &str) -> String {
    let shared = crate::model::county::all().iter().filter(|c| c.name == county.name).count() > 1;
    if shared { format!("{}{}{}", county.city, county.name, dept) } else { format!("{}{}", county.name, dept) }
}

/// Departments a county has before its subordinate units (unit `u` ≥ this belongs to
/// department `u % DEPARTMENT_COUNT`).
pub const DEPARTMENT_COUNT: usize = 8;

/// Figures for unit `u` of county number `ci` in `year`, standing alone, with the
/// year before as `prior`.
pub fn generate(county: &County, ci: usize, u: usize, year: i32, seed: u64) -> UnitFigures {
    let mut f = own(county, ci, u, year, seed);
    f.prior = Some(Box::new(own(county, ci, u, year - 1, seed)));
    f
}

/// Figures of unit `u` as its document in a corpus of `units` units per county shows
/// them: a 部门汇总 (the even departments) consolidates its own office and every
/// subordinate unit of the corpus (`u + 8k`), which also publish their own accounts.
pub fn corpus_figures(county: &County, ci: usize, u: usize, units: usize, year: i32, seed: u64) -> UnitFigures {
    let members: Vec<usize> = if u < DEPARTMENT_COUNT && u.is_multiple_of(2) {
        (u + DEPARTMENT_COUNT..units).step_by(DEPARTMENT_COUNT).collect()
    } else {
        Vec::new()
    };
    let year_of = |y: i32| {
        let parts: Vec<UnitFigures> = members.iter().map(|&m| own(county, ci, m, y, seed)).collect();
        let names = parts.iter().map(|p| p.unit_base.clone()).collect();
        let mut f = consolidate(own(county, ci, u, y, seed), &parts);
        f.members = names;
        f
    };
    let mut f = year_of(year);
    f.prior = Some(Box::new(year_of(year - 1)));
    f
}

/// A department's own figures plus its units': every figure is a sum, so every identity
/// that holds for the parts holds for the whole.
fn consolidate(mut whole: UnitFigures, parts: &[UnitFigures]) -> UnitFigures {
    for p in parts {
        for it in &p.items {
            match whole.items.iter_mut().find(|w| w.code == it.code) {
                Some(w) => {
                    w.basic += it.basic;
                    w.project += it.project;
                    w.budget += it.budget;
                }
                None => whole.items.push(it.clone()),
            }
        }
        for e in &p.econ {
            match whole.econ.iter_mut().find(|w| w.0 == e.0) {
                Some(w) => w.2 += e.2,
                None => whole.econ.push(*e),
            }
        }
        for (stage, values) in whole.sangong.iter_mut().zip(p.sangong) {
            for (a, b) in stage.iter_mut().zip(values) {
                *a += b;
            }
        }
        for (a, b) in whole.procurement.iter_mut().zip(p.procurement) {
            *a += b;
        }
        whole.procurement_sme += p.procurement_sme;
        whole.jiguan_budget += p.jiguan_budget;
        whole.vehicles[0] += p.vehicles[0];
        whole.vehicles[1] += p.vehicles[1];
    }
    whole.items.sort_by_key(|i| i.code);
    whole.econ.sort_by_key(|e| e.0);
    whole
}

/// A unit's own figures for one year.
fn own(county: &County, ci: usize, u: usize, year: i32, seed: u64) -> UnitFigures {
    // The unit's size is stable across years (same seed without the year), its year
    // figures vary around it.
    let mut base = Rng::new(seed.wrapping_mul(1_000_003) ^ ((ci as u64) << 20) ^ (u as u64));
    let mut r = Rng::new(base.next_u64() ^ (year as u64).wrapping_mul(0x1000_0001));
    // Beyond the eight departments, their subordinate units (unique names per county).
    const UNITS: [&str; 8] =
        ["", "机关服务中心", "信息中心", "综合执法大队", "事务服务中心", "培训中心", "档案馆", "发展研究中心"];
    let dept = format!("{}{}", DEPARTMENTS[u % DEPARTMENTS.len()], UNITS[(u / DEPARTMENTS.len()) % UNITS.len()]);
    let dept = if u >= DEPARTMENTS.len() * UNITS.len() {
        format!("{dept}{}", u / (DEPARTMENTS.len() * UNITS.len()) + 1)
    } else {
        dept
    };
    let scale = base.range(50, 500); // 0.5–5 万元 per unit of weight
    debug_assert_eq!(DEPARTMENTS.len(), DEPARTMENT_COUNT);
    let admin = ["2010101", "2010301", "2010401", "2010601", "2050101", "2130101"][u % 6];
    let mut items = vec![
        (admin, Source::General, 60, 8),
        ("2080501", Source::General, 8, 0),
        ("2080505", Source::General, 6, 0),
        ("2080506", Source::General, 3, 0),
        ("2101101", Source::General, 3, 0),
        ("2210201", Source::General, 5, 0),
    ];
    if r.range(0, 2) > 0 {
        items.push(("2069999", Source::General, 0, 10));
    }
    if u.is_multiple_of(3) {
        items.push(("2120899", Source::Fund, 0, 25));
        items.push(("2120803", Source::Fund, 0, 5));
    }
    if u % 4 == 1 {
        items.push(("2150299", Source::General, 0, 12));
        items.push(("2150805", Source::Other, 0, 4));
    }
    // Subordinate units are public-service units (事业单位): part of their running
    // costs is paid from their own 事业收入.
    if u >= DEPARTMENTS.len() {
        let code = if u.is_multiple_of(2) { "2010350" } else { "2130104" };
        items.push((code, Source::Business, 12, 3));
    }
    items.sort_by_key(|i| i.0);
    let items: Vec<Item> = items
        .into_iter()
        .map(|(code, source, b, p)| {
            let basic = b * scale * r.range(90, 110) / 100;
            let project = p * scale * r.range(50, 150) / 100;
            let total = basic + project;
            let budget = if project > 0 && r.range(0, 3) == 0 { 0 } else { total * r.range(80, 120) / 100 };
            Item { code, name: names_of(code).2, source, basic, project, budget }
        })
        .collect();

    // Basic expenditure of general-budget items, split by economic classification.
    let basic: i64 = items.iter().filter(|i| i.source == Source::General).map(|i| i.basic).sum();
    let public = basic * r.range(4, 9) / 100;
    let personnel = basic - public;
    let split = |total: i64, parts: &[(&'static str, &'static str, i64)], r: &mut Rng| {
        let weights: Vec<i64> = parts.iter().map(|p| p.2 * r.range(80, 120)).collect();
        let sum: i64 = weights.iter().sum();
        let mut out: Vec<(&'static str, &'static str, i64)> = Vec::new();
        let mut left = total;
        for (k, p) in parts.iter().enumerate() {
            let v = if k + 1 == parts.len() { left } else { total * weights[k] / sum };
            left -= v;
            out.push((p.0, p.1, v));
        }
        out
    };
    let mut econ = split(
        personnel,
        &[
            ("30101", "基本工资", 30),
            ("30102", "津贴补贴", 20),
            ("30103", "奖金", 5),
            ("30107", "绩效工资", 10),
            ("30108", "机关事业单位基本养老保险缴费", 7),
            ("30109", "职业年金缴费", 4),
            ("30110", "职工基本医疗保险缴费", 3),
            ("30113", "住房公积金", 6),
            ("30302", "退休费", 10),
            ("30305", "生活补助", 3),
        ],
        &mut r,
    );
    let vehicle_op = if u.is_multiple_of(2) { public * r.range(5, 20) / 100 } else { 0 };
    let reception = if u % 3 == 1 { public * r.range(2, 10) / 100 } else { 0 };
    let mut pub_parts = split(
        public - vehicle_op - reception,
        &[
            ("30201", "办公费", 30),
            ("30205", "水费", 2),
            ("30206", "电费", 8),
            ("30207", "邮电费", 5),
            ("30211", "差旅费", 10),
            ("30228", "工会经费", 10),
            ("30239", "其他交通费用", 15),
            ("31002", "办公设备购置", 20),
        ],
        &mut r,
    );
    pub_parts.push(("30217", "公务接待费", reception));
    pub_parts.push(("30231", "公务用车运行维护费", vehicle_op));
    pub_parts.sort_by_key(|p| p.0);
    econ.extend(pub_parts);

    let budget_op = vehicle_op * r.range(100, 120) / 100;
    let budget_rec = reception * r.range(100, 130) / 100;
    let goods = r.range(0, 500);
    let works = if u.is_multiple_of(2) { r.range(0, 800) } else { 0 };
    let services = r.range(100, 2_000);
    let cars = if vehicle_op > 0 { r.range(1, 4) } else { 0 };
    let procurement_sme = (goods + works + services) * r.range(60, 100) / 100;
    let jiguan_budget = public * r.range(95, 110) / 100;
    UnitFigures {
        unit_base: unit_base(county, &dept),
        department: DEPARTMENTS[u % DEPARTMENTS.len()],
        scope_mark: if u >= DEPARTMENTS.len() {
            ""
        } else if u.is_multiple_of(2) {
            "（汇总）"
        } else {
            "（本级）"
        },
        year,
        items,
        econ,
        sangong: [[0, 0, budget_op, budget_rec], [0, 0, vehicle_op, reception]],
        procurement: [goods, works, services],
        procurement_sme,
        jiguan_budget,
        vehicles: [cars, cars.min(1)],
        members: Vec::new(),
        prior: None,
    }
}
