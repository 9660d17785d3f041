//! Subject codes (政府支出功能分类科目): 类 3 digits, 款 5, 项 7, each with its parent; and
//! economic classification codes (支出经济分类) used by the basic-expenditure detail table.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Lei,
    Kuan,
    Xiang,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Lei => "类",
            Level::Kuan => "款",
            Level::Xiang => "项",
        }
    }
    pub fn number(self) -> u8 {
        match self {
            Level::Lei => 1,
            Level::Kuan => 2,
            Level::Xiang => 3,
        }
    }
}

/// A functional subject code such as `2120899`, held inline (every subject table cell
/// carries one, and a heap string per cell was an allocation made on one thread and
/// freed on another). Ordered as its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SubjectCode {
    digits: [u8; 7],
    len: u8,
}

impl SubjectCode {
    /// Accepts 3, 5 or 7 ASCII digits.
    pub fn parse(s: &str) -> Option<SubjectCode> {
        let ok = matches!(s.len(), 3 | 5 | 7) && s.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| {
            let mut digits = [0; 7];
            digits[..s.len()].copy_from_slice(s.as_bytes());
            SubjectCode { digits, len: s.len() as u8 }
        })
    }
    pub fn as_str(&self) -> &str {
        // SAFETY: `parse` is the only constructor and stores ASCII digits only, which
        // are UTF-8; checking again on every use showed in profiles.
        unsafe { std::str::from_utf8_unchecked(&self.digits[..self.len as usize]) }
    }
    pub fn level(&self) -> Level {
        match self.len {
            3 => Level::Lei,
            5 => Level::Kuan,
            _ => Level::Xiang,
        }
    }
    pub fn parent(&self) -> Option<SubjectCode> {
        self.parent_str().and_then(SubjectCode::parse)
    }
    /// The parent's code, a prefix of this one.
    pub fn parent_str(&self) -> Option<&str> {
        match self.len {
            5 => Some(&self.as_str()[..3]),
            7 => Some(&self.as_str()[..5]),
            _ => None,
        }
    }
    /// The 类 this code belongs to: the `subject` of subject-keyed datasets.
    pub fn lei(&self) -> &str {
        &self.as_str()[..3]
    }
}

impl Ord for SubjectCode {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for SubjectCode {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for SubjectCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Economic classification code (`301`, `30101`): 3 or 5 digits.
pub fn parse_econ_code(s: &str) -> Option<String> {
    let ok = matches!(s.len(), 3 | 5) && s.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| s.to_string())
}

/// 人员经费 or 公用经费 for an economic code, by its 类: 301/303 are personnel, the rest
/// (302, 307, 309, 310, 312, 399 …) public.
pub fn econ_block_of(code: &str) -> &'static str {
    match &code[..3.min(code.len())] {
        "301" | "303" => "人员经费",
        _ => "公用经费",
    }
}

/// The 类 code for a 类 name as printed in summary tables (`一般公共服务支出` → 201).
pub fn lei_code_for_name(name: &str) -> Option<&'static str> {
    // Called for every summary item and structure share: a name without spaces (nearly
    // all) is looked up as it is, in a sorted list built once.
    static BY_NAME: std::sync::OnceLock<Vec<(&'static str, &'static str)>> = std::sync::OnceLock::new();
    let owned: String;
    // Names without whitespace (nearly all) are borrowed as they are.
    let n = if name.contains(char::is_whitespace) {
        owned = name.chars().filter(|c| !c.is_whitespace()).collect();
        owned.as_str()
    } else {
        name
    };
    // `strip_suffix` in a loop is `trim_end_matches` without building a searcher per call.
    let mut n = n;
    while let Some(m) = n.strip_suffix("（类）") {
        n = m;
    }
    while let Some(m) = n.strip_suffix("(类)") {
        n = m;
    }
    let by_name = BY_NAME.get_or_init(|| {
        let mut v: Vec<_> = LEI_NAMES.iter().map(|&(c, l)| (l, c)).collect();
        v.sort();
        v
    });
    by_name.binary_search_by(|(l, _)| (*l).cmp(n)).ok().map(|i| by_name[i].1)
}

/// 类 codes and names of the functional classification (2024 edition).
pub const LEI_NAMES: &[(&str, &str)] = &[
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("209", "社会保险基金支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("227", "预备费"),
    ("229", "其他支出"),
    ("230", "转移性支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("233", "债务发行费用支出"),
    ("234", "抗疫特别国债安排的支出"),
];

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The inline code reads back as its text, and orders as its text does.
        #[test]
        fn inline_codes_read_back_and_order_as_text(a in "[0-9a]{0,8}", b in "[0-9]{3,7}") {
            if let Some(c) = SubjectCode::parse(&a) {
                proptest::prop_assert_eq!(c.as_str(), a.as_str());
                proptest::prop_assert!(matches!(a.len(), 3 | 5 | 7) && a.bytes().all(|x| x.is_ascii_digit()));
                if let Some(d) = SubjectCode::parse(&b) {
                    proptest::prop_assert_eq!(c.cmp(&d), a.as_str().cmp(b.as_str()));
                }
            } else {
                proptest::prop_assert!(!(matches!(a.len(), 3 | 5 | 7) && a.bytes().all(|x| x.is_ascii_digit())));
            }
        }
    }

    #[test]
    fn levels_and_parents() {
        let c = SubjectCode::parse("2120899").unwrap();
        assert_eq!(c.level(), Level::Xiang);
        assert_eq!(c.parent().unwrap().as_str(), "21208");
        assert_eq!(c.parent().unwrap().parent().unwrap().as_str(), "212");
        assert_eq!(c.lei(), "212");
        assert!(SubjectCode::parse("2120").is_none());
        assert!(SubjectCode::parse("合计").is_none());
    }

    #[test]
    fn lei_names_resolve() {
        assert_eq!(lei_code_for_name("资源勘探工业信息等支出"), Some("215"));
        assert_eq!(lei_code_for_name("本年支出合计"), None);
        assert_eq!(lei_code_for_name("资源勘探 工业信息等支出（类）"), Some("215"));
        assert_eq!(lei_code_for_name("预备费(类)"), Some("227"));
        // Every printed name resolves to its own code (the map keeps no duplicate).
        for (code, name) in LEI_NAMES {
            assert_eq!(lei_code_for_name(name), Some(*code), "{name}");
        }
    }
}
