//! County-level divisions (reference list in `schema/counties.tsv`) and the rules that
//! decide which county a document belongs to.
//!
//! Names repeat across the country (普陀区 is in 上海市 and in 舟山市), so the stored key
//! is the 6-digit code, and a unit name is matched by its prefix: `上海市普陀区…` is
//! unambiguous, `普陀区…` is not and is refused rather than guessed.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct County {
    pub code: String,
    pub name: String,
    pub city: String,
    pub province: String,
}

impl County {
    /// `山东省聊城市阳谷县`.
    pub fn full_name(&self) -> String {
        let mut s = self.province.clone();
        if self.city != self.province {
            s.push_str(&self.city);
        }
        s.push_str(&self.name);
        s
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CountyError {
    #[error(
        "no county-level division found at the start of unit name `{0}`; pass --county or put the file under a `county=<code>` directory"
    )]
    Unresolved(String),
    #[error(
        "`{name}` matches several counties ({candidates}); pass --county with the code or put the file under a `county=<code>` directory"
    )]
    Ambiguous { name: String, candidates: String },
    #[error("unknown county `{0}` (give a 6-digit code, a name, or city+name)")]
    Unknown(String),
}

const REFERENCE: &str = include_str!("../../schema/counties.tsv");

/// The reference list, parsed once.
pub fn all() -> &'static [County] {
    static LIST: OnceLock<Vec<County>> = OnceLock::new();
    LIST.get_or_init(|| {
        REFERENCE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("code\t") && !l.is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some(County {
                    code: f.next()?.to_string(),
                    name: f.next()?.to_string(),
                    city: f.next().unwrap_or("").to_string(),
                    province: f.next().unwrap_or("").to_string(),
                })
            })
            .collect()
    })
}

/// The reference list indexed once: by code, and by every prefix a unit name may start
/// with (see [`prefixes`]), each naming its counties in list order. Without it, inferring
/// one document's county formatted every prefix of every county (about 10 M
/// instructions, more than parsing the document).
struct Index {
    by_code: HashMap<&'static str, &'static County>,
    by_prefix: HashMap<String, Vec<&'static County>>,
    /// Length in bytes of the longest prefix.
    longest: usize,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut ix = Index { by_code: HashMap::new(), by_prefix: HashMap::new(), longest: 0 };
        for c in all() {
            ix.by_code.entry(c.code.as_str()).or_insert(c);
            for p in prefixes(c) {
                ix.longest = ix.longest.max(p.len());
                let v = ix.by_prefix.entry(p).or_default();
                if !v.last().is_some_and(|l| std::ptr::eq(*l, c)) {
                    v.push(c);
                }
            }
        }
        ix
    })
}

pub fn by_code(code: &str) -> Option<&'static County> {
    index().by_code.get(code).copied()
}

/// Resolve what a user typed (`371521`, `阳谷县`, `聊城市阳谷县`, `上海市普陀区`).
pub fn lookup(spec: &str) -> Result<&'static County, CountyError> {
    let spec = spec.trim();
    if let Some(c) = by_code(spec) {
        return Ok(c);
    }
    let hits = index().by_prefix.get(spec).cloned().unwrap_or_default();
    pick(spec, hits).map_err(|e| match e {
        CountyError::Unresolved(_) => CountyError::Unknown(spec.to_string()),
        other => other,
    })
}

/// Infer the county from the start of a unit name.
pub fn infer_from_unit(unit: &str) -> Result<&'static County, CountyError> {
    let mut name = unit.trim();
    for lead in ["中国共产党", "中共", "共青团", "中国国民党革命委员会"] {
        if let Some(rest) = name.strip_prefix(lead) {
            name = rest;
        }
    }
    // Longest matching prefix wins: `上海市普陀区` beats nothing, `普陀区` alone stays
    // ambiguous between its two counties.
    // The counties whose longest matching prefix is the longest are exactly those with
    // that prefix, the name's start of that length.
    let ix = index();
    let longest = (0..=name.len().min(ix.longest))
        .rev()
        .filter(|&end| name.is_char_boundary(end))
        .find_map(|end| ix.by_prefix.get(&name[..end]));
    match longest {
        Some(hits) => pick(unit, hits.clone()),
        None => Err(CountyError::Unresolved(unit.to_string())),
    }
}

/// A `county=<code or name>` component anywhere in the path.
pub fn from_path(path: &Path) -> Option<Result<&'static County, CountyError>> {
    path.components().rev().find_map(|c| {
        let s = c.as_os_str().to_str()?;
        let v = s.strip_prefix("county=")?;
        Some(lookup(v))
    })
}

fn prefixes(c: &County) -> Vec<String> {
    let mut v = vec![c.name.clone()];
    if !c.city.is_empty() {
        v.push(format!("{}{}", c.city, c.name));
    }
    if !c.province.is_empty() {
        v.push(format!("{}{}", c.province, c.name));
        if !c.city.is_empty() && c.city != c.province {
            v.push(format!("{}{}{}", c.province, c.city, c.name));
        }
    }
    v
}

fn pick(name: &str, hits: Vec<&'static County>) -> Result<&'static County, CountyError> {
    match hits.len() {
        0 => Err(CountyError::Unresolved(name.to_string())),
        1 => Ok(hits[0]),
        _ => Err(CountyError::Ambiguous {
            name: name.to_string(),
            candidates: hits.iter().map(|c| format!("{} {}", c.code, c.full_name())).collect::<Vec<_>>().join(", "),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yanggu_from_unit_name() {
        let c = infer_from_unit("阳谷县工业和信息化局（汇总）").unwrap();
        assert_eq!((c.code.as_str(), c.city.as_str(), c.province.as_str()), ("371521", "聊城市", "山东省"));
    }

    #[test]
    fn putuo_needs_its_prefix() {
        assert_eq!(infer_from_unit("上海市普陀区教育局").unwrap().code, "310107");
        assert_eq!(infer_from_unit("舟山市普陀区财政局").unwrap().code, "330903");
        let err = infer_from_unit("普陀区财政局").unwrap_err();
        assert!(matches!(err, CountyError::Ambiguous { .. }), "{err}");
        assert!(err.to_string().contains("310107") && err.to_string().contains("330903"));
    }

    #[test]
    fn city_level_unit_is_unresolved() {
        assert!(matches!(infer_from_unit("某某市财政局"), Err(CountyError::Unresolved(_))));
    }

    #[test]
    fn lookup_by_code_name_or_city_name() {
        assert_eq!(lookup("371521").unwrap().name, "阳谷县");
        assert_eq!(lookup("阳谷县").unwrap().code, "371521");
        assert_eq!(lookup("舟山市普陀区").unwrap().code, "330903");
        assert!(lookup("普陀区").is_err());
        assert!(lookup("../x").is_err());
    }

    /// The former scan over every county, as the oracle of the index.
    fn infer_by_scan(name: &str) -> Vec<&'static str> {
        let best: Vec<(&County, usize)> = all()
            .iter()
            .filter_map(|c| {
                prefixes(c).iter().filter(|p| name.starts_with(p.as_str())).map(|p| p.len()).max().map(|l| (c, l))
            })
            .collect();
        let max = best.iter().map(|(_, l)| *l).max();
        best.iter().filter(|(_, l)| Some(*l) == max).map(|(c, _)| c.code.as_str()).collect()
    }

    #[test]
    fn index_infers_as_the_scan_over_every_county() {
        let mut names: Vec<String> = vec!["普陀区财政局".into(), "某某市财政局".into(), "".into(), "县".into()];
        for c in all().iter().step_by(13) {
            for p in prefixes(c) {
                names.push(format!("{p}教育局"));
                names.push(p.chars().skip(1).collect());
            }
        }
        for n in &names {
            let got: Vec<String> = match infer_from_unit(n) {
                Ok(c) => vec![c.code.clone()],
                Err(CountyError::Ambiguous { candidates, .. }) => {
                    candidates.split(", ").map(|c| c.split(' ').next().unwrap().to_string()).collect()
                }
                Err(_) => vec![],
            };
            assert_eq!(got, infer_by_scan(n), "{n}");
        }
    }

    #[test]
    fn path_convention() {
        let p = Path::new("corpus/county=371521/2024/doc.txt");
        assert_eq!(from_path(p).unwrap().unwrap().name, "阳谷县");
        assert!(from_path(Path::new("corpus/doc.txt")).is_none());
    }
}
