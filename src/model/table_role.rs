//! The nine standard tables, known by role (what they are), never by their 公开NN number.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableRole {
    /// 收入支出决算总表 / 收支决算总表
    IncomeExpenditure,
    /// 收入决算表
    Income,
    /// 支出决算表
    Expenditure,
    /// 财政拨款收入支出决算总表
    FiscalIncomeExpenditure,
    /// 一般公共预算财政拨款支出决算表
    GeneralBudget,
    /// 一般公共预算财政拨款基本支出决算(明细)表
    BasicDetail,
    /// 政府性基金预算财政拨款收入支出决算表
    GovFund,
    /// 国有资本经营预算财政拨款(收入)支出决算表
    StateCapital,
    /// 财政拨款“三公”经费支出决算表
    Sangong,
}

impl TableRole {
    pub const ALL: [TableRole; 9] = [
        TableRole::IncomeExpenditure,
        TableRole::Income,
        TableRole::Expenditure,
        TableRole::FiscalIncomeExpenditure,
        TableRole::GeneralBudget,
        TableRole::BasicDetail,
        TableRole::GovFund,
        TableRole::StateCapital,
        TableRole::Sangong,
    ];

    /// Stable identifier stored in the datasets and used by rules and views.
    pub fn id(self) -> &'static str {
        match self {
            TableRole::IncomeExpenditure => "income_expenditure",
            TableRole::Income => "income",
            TableRole::Expenditure => "expenditure",
            TableRole::FiscalIncomeExpenditure => "fiscal_income_expenditure",
            TableRole::GeneralBudget => "general_budget",
            TableRole::BasicDetail => "basic_detail",
            TableRole::GovFund => "gov_fund",
            TableRole::StateCapital => "state_capital",
            TableRole::Sangong => "sangong",
        }
    }

    /// The standard Chinese name.
    pub fn title(self) -> &'static str {
        match self {
            TableRole::IncomeExpenditure => "收入支出决算总表",
            TableRole::Income => "收入决算表",
            TableRole::Expenditure => "支出决算表",
            TableRole::FiscalIncomeExpenditure => "财政拨款收入支出决算总表",
            TableRole::GeneralBudget => "一般公共预算财政拨款支出决算表",
            TableRole::BasicDetail => "一般公共预算财政拨款基本支出决算明细表",
            TableRole::GovFund => "政府性基金预算财政拨款收入支出决算表",
            TableRole::StateCapital => "国有资本经营预算财政拨款支出决算表",
            TableRole::Sangong => "财政拨款“三公”经费支出决算表",
        }
    }

    /// Recognise a table title, whatever its numbering, year or unit prefix and its
    /// regional variant of the name. `t` has whitespace removed.
    pub fn from_title(t: &str) -> Option<TableRole> {
        // Sized up front: collected from a filter, the string regrew from empty.
        let mut kept = String::with_capacity(t.len());
        kept.extend(t.chars().filter(|c| !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\'' | '（' | '）' | '(' | ')')));
        let t = kept;
        if !t.ends_with('表') || t.contains("说明") || t.contains("绩效") {
            return None;
        }
        if t.contains("三公") {
            return Some(TableRole::Sangong);
        }
        // Tables some provinces print beside the nine, whose names contain one of the
        // nine's: a 项目支出 or 项目收入支出 table (Yunnan, Inner Mongolia), the
        // 财政专户管理资金 table (Yunnan), a 支出决算明细表 other than the 基本支出 one
        // (Sichuan), 政府采购支出 (Jiangsu). None of them is one of the nine.
        let beside = ["项目支出决算", "项目收入支出决算", "财政专户", "政府采购", "政府购买服务"];
        if beside.iter().any(|w| t.contains(w)) || (t.contains("明细") && !t.contains("基本支出")) {
            return None;
        }
        if t.contains("国有资本经营预算") && t.contains("支出决算") {
            return Some(TableRole::StateCapital);
        }
        if t.contains("政府性基金预算") && t.contains("支出决算") {
            return Some(TableRole::GovFund);
        }
        if t.contains("一般公共预算") && t.contains("基本支出") {
            return Some(TableRole::BasicDetail);
        }
        if t.contains("一般公共预算") && t.contains("支出决算") {
            return Some(TableRole::GeneralBudget);
        }
        // Both sides in one table: `收入支出决算总表`, `收支决算总表`, and without `总`
        // (`收入支出决算表`), which must not be read as the 支出决算表.
        let both = ["收入支出决算总表", "收支决算总表", "收入支出决算表", "收支决算表"].iter().any(|n| t.contains(n));
        if both {
            return Some(if t.contains("财政拨款") {
                TableRole::FiscalIncomeExpenditure
            } else {
                TableRole::IncomeExpenditure
            });
        }
        // One side: `收入决算表`, or with `总` as some provinces print it (`收入决算总表`,
        // Shaanxi's template of 2020).
        if t.contains("财政拨款") {
            return None;
        }
        if t.ends_with("收入决算表") || t.ends_with("收入决算总表") {
            return Some(TableRole::Income);
        }
        if t.ends_with("支出决算表") || t.ends_with("支出决算总表") {
            return Some(TableRole::Expenditure);
        }
        None
    }

    /// Tables keyed by functional subject code (stored in `subject_facts`).
    pub fn is_subject_table(self) -> bool {
        matches!(
            self,
            TableRole::Income
                | TableRole::Expenditure
                | TableRole::GeneralBudget
                | TableRole::GovFund
                | TableRole::StateCapital
        )
    }
}

#[cfg(test)]
mod tests {
    use super::TableRole::*;
    use super::*;

    fn role(t: &str) -> Option<TableRole> {
        TableRole::from_title(t)
    }

    #[test]
    fn standard_titles() {
        assert_eq!(role("收入支出决算总表"), Some(IncomeExpenditure));
        assert_eq!(role("收入决算表"), Some(Income));
        assert_eq!(role("支出决算表"), Some(Expenditure));
        assert_eq!(role("财政拨款收入支出决算总表"), Some(FiscalIncomeExpenditure));
        assert_eq!(role("一般公共预算财政拨款支出决算表"), Some(GeneralBudget));
        assert_eq!(role("一般公共预算财政拨款基本支出决算明细表"), Some(BasicDetail));
        assert_eq!(role("政府性基金预算财政拨款收入支出决算表"), Some(GovFund));
        assert_eq!(role("国有资本经营预算财政拨款支出决算表"), Some(StateCapital));
        assert_eq!(role("财政拨款“三公”经费支出决算表"), Some(Sangong));
    }

    #[test]
    fn regional_variants() {
        assert_eq!(role("收支决算总表"), Some(IncomeExpenditure));
        assert_eq!(role("2024年度某某局收支决算总表"), Some(IncomeExpenditure));
        assert_eq!(role("一般公共预算财政拨款基本支出决算表"), Some(BasicDetail));
        assert_eq!(role("国有资本经营预算财政拨款收入支出决算表"), Some(StateCapital));
        assert_eq!(role("财政拨款收支决算总表"), Some(FiscalIncomeExpenditure));
        assert_eq!(role("一般公共预算财政拨款“三公”经费支出决算表"), Some(Sangong));
        assert_eq!(role("一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表"), Some(Sangong));
        // Shaanxi's template (柞水县, 2020) prints the one-sided tables with `总`.
        assert_eq!(role("收入决算总表"), Some(Income));
        assert_eq!(role("支出决算总表"), Some(Expenditure));
        // Both sides without `总`: never the 支出决算表.
        assert_eq!(role("2023年度收入支出决算表"), Some(IncomeExpenditure));
        assert_eq!(role("财政拨款收入支出决算表"), Some(FiscalIncomeExpenditure));
        assert_eq!(role("政府性基金预算财政拨款收入支出决算表"), Some(GovFund));
        // A fiscal table of another shape is not taken for the unit's 收入/支出 table.
        assert_eq!(role("财政拨款支出决算明细表"), None);
        // Yunnan's template (迪庆州 2023, 西双版纳州 2024): eleven tables, the 收支总表
        // without 总, and two beside the nine.
        assert_eq!(role("一、收入支出决算表"), Some(IncomeExpenditure));
        assert_eq!(role("四、财政拨款收入支出决算表"), Some(FiscalIncomeExpenditure));
        assert_eq!(role("五、一般公共预算财政拨款收入支出决算表"), Some(GeneralBudget));
        assert_eq!(role("七、一般公共预算财政拨款项目支出决算表"), None);
        assert_eq!(role("九、国有资本经营预算财政拨款收入支出决算表"), Some(StateCapital));
        assert_eq!(role("十一、一般公共预算财政拨款“三公”经费情况表"), Some(Sangong));
        // Which of two 三公 tables is the 三公 table is the segmenter's to say.
        assert_eq!(role("十、财政拨款“三公”经费、行政参公单位机关运行经费情况表"), Some(Sangong));
        // Tables beside the nine whose names hold one of the nine's.
        assert_eq!(role("八、财政专户管理资金收入支出决算表"), None);
        assert_eq!(role("五、项目收入支出决算表"), None);
        assert_eq!(role("八、一般公共预算财政拨款项目支出决算明细表"), None);
        assert_eq!(role("七、一般公共预算财政拨款支出决算明细表"), None);
        assert_eq!(role("七、一般公共预算财政拨款基本支出决算明细表"), Some(BasicDetail));
        assert_eq!(role("十一、政府采购支出决算表"), None);
    }

    #[test]
    fn section_headings_are_not_titles() {
        assert_eq!(role("八、国有资本经营预算财政拨款支出决算情况说明"), None);
        assert_eq!(role("2024年度预算项目绩效自评情况汇总表"), None);
        assert_eq!(role("收入决算结构图"), None);
    }
}
