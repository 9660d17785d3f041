//! The document being written: its lines, the tables laid out as the published text
//! does (tab-separated rows, headers repeated after a page break), the ordinals of its
//! headings, and numbers printed with thousands separators. Shared by the tables
//! (`render.rs`) and the 情况说明 (`text.rs`).

use std::fmt::Write;

use super::figures::Rng;

/// Layout choices that vary by region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// 类 | 款 | 项 in three columns instead of one 科目编码 column.
    pub split_codes: bool,
    /// No 行次 column in the two-sided tables, and no 栏次 rows.
    pub no_row_numbers: bool,
    /// Amounts in 元 (`单位：元`) instead of 万元.
    pub yuan: bool,
    /// 三公 7th, 基金 8th, 国有资本 9th; regional table names; `单位：` without `部门：`.
    pub other_order: bool,
    /// Repeat the header rows every N data rows (a page break).
    pub page_rows: Option<usize>,
    /// Wrap 科目名称 longer than 16 characters onto a continuation row.
    pub wrap_names: bool,
    pub gb18030: bool,
    pub crlf: bool,
}

impl Layout {
    /// The layout of the 阳谷 seed document.
    pub fn seed_like() -> Layout {
        Layout {
            split_codes: false,
            no_row_numbers: false,
            yuan: false,
            other_order: false,
            page_rows: Some(18),
            wrap_names: true,
            gb18030: false,
            crlf: false,
        }
    }

    /// The k-th layout of a corpus: the seed layout and its variants in turn.
    pub fn variant(k: usize, seed: u64) -> Layout {
        let mut r = Rng::new(seed ^ (k as u64).wrapping_mul(0x51_7CC1_B727_220A));
        let mut l = Layout::seed_like();
        match k % 4 {
            0 => {}
            1 => {
                l.split_codes = true;
                l.no_row_numbers = true;
                l.page_rows = Some(12);
            }
            2 => {
                l.yuan = true;
                l.other_order = true;
                l.wrap_names = false;
                l.page_rows = None;
            }
            _ => {
                l.split_codes = true;
                l.other_order = true;
                l.page_rows = Some(9);
            }
        }
        l.gb18030 = r.range(0, 4) == 0;
        l.crlf = r.range(0, 3) == 0;
        l
    }

    /// Bytes of the document in this layout's encoding and line ends.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        let text = if self.crlf { text.replace('\n', "\r\n") } else { text.to_string() };
        if self.gb18030 { encoding_rs::GB18030.encode(&text).0.into_owned() } else { text.into_bytes() }
    }

    pub(super) fn money(&self, v: i64) -> String {
        if v == 0 {
            return String::new();
        }
        if self.yuan { fmt_num(v * 100, 0) + ".00" } else { fmt_num(v, 2) }
    }
}

/// `v` with `places` implied decimals, thousands separators.
pub fn fmt_num(v: i64, places: u32) -> String {
    let neg = v < 0;
    let v = v.unsigned_abs();
    let div = 10u64.pow(places);
    let (int, frac) = (v / div, v % div);
    let digits = int.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if places > 0 {
        write!(out, ".{:0width$}", frac, width = places as usize).expect("write to String");
    }
    if neg { format!("-{out}") } else { out }
}

/// A document being written.
pub struct Doc<'a> {
    pub(super) out: String,
    pub(super) l: &'a Layout,
    /// Unit name with its scope marker, as the tables' `部门：` line prints it.
    pub(super) unit: String,
}

impl Doc<'_> {
    pub(super) fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }
    pub(super) fn blank(&mut self) {
        self.out.push('\n');
    }
    pub(super) fn head(&mut self, title: &str, number: usize) {
        self.line(title);
        self.blank();
        if !self.l.other_order {
            self.line(&format!("公开 {number:02} 表"));
            self.line(if self.l.yuan { "金额单位：元" } else { "金额单位：万元" });
            self.blank();
            self.line(&format!("部门：{}", self.unit));
        } else {
            self.line(if self.l.yuan { "单位：元" } else { "单位：万元" });
        }
        self.blank();
    }
}

pub const ORDINALS: [&str; 26] = [
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
    "十六",
    "十七",
    "十八",
    "十九",
    "二十",
    "二十一",
    "二十二",
    "二十三",
    "二十四",
    "二十五",
    "二十六",
];
