//! Sentence patterns over the narrative stream. The stream is width-folded (ASCII `,` `:`
//! `(` `)` `%`) with spaces removed, so each pattern is written once for all spellings.
//! The section functions are `#[inline(never)]` so that profiles attribute cost to them.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;
use std::str::FromStr;
use std::sync::OnceLock;

use regex::{Captures, Regex};
use rust_decimal::Decimal;

use super::scan::{digits_end, lit, money_at, one_of, opt, pct_at};
use super::text::Text;
use super::*;
use crate::model::Facts;
use crate::source::squash;

const NUM: &str = r"([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)";

/// `NUM(万元|元)`: two groups.
fn money() -> String {
    format!("{NUM}(万元|元)")
}
fn pct() -> &'static str {
    r"([0-9]+(?:\.[0-9]+)?)%"
}

fn num(s: &str) -> Option<Decimal> {
    Decimal::from_str(&s.replace(',', "")).ok()
}

/// Amount in 万元 from a number and its unit.
fn wan(n: &str, unit: &str) -> Option<Decimal> {
    let v = num(n)?;
    Some(if unit == "元" { v / Decimal::from(10_000) } else { v })
}

fn cap_money(c: &Captures, i: usize) -> Option<Decimal> {
    wan(c.get(i)?.as_str(), c.get(i + 1)?.as_str())
}

fn cap_num(c: &Captures, i: usize) -> Option<Decimal> {
    num(c.get(i)?.as_str())
}

fn cap_int(c: &Captures, i: usize) -> Option<i32> {
    c.get(i)?.as_str().parse().ok()
}

fn signed(word: &str, v: Decimal) -> Decimal {
    if matches!(word, "减少" | "下降" | "节约" | "降低") { -v } else { v }
}

struct Cx<'a> {
    text: &'a Text,
    consumed: Vec<bool>,
    /// The document's year: `上年` is the one before it.
    year: Option<i32>,
}

impl Cx<'_> {
    fn mark(&mut self, start: usize, end: usize) {
        // Sentences are sorted and disjoint: find the first that ends after `start`.
        let first = self.text.sentences.partition_point(|s| s.end <= start);
        for (i, s) in self.text.sentences.iter().enumerate().skip(first) {
            if s.start >= end {
                break;
            }
            self.consumed[i] = true;
        }
    }
    fn line(&self, pos: usize) -> u32 {
        self.text.line_at(pos)
    }
    /// Matches of `re` in the sentences that contain `trigger` (a literal every match
    /// contains), each window `span` sentences long; for patterns with no literal
    /// prefix, which the regex engine would otherwise try at every position, or with a
    /// common one. With `span` 1 this finds exactly what [`Cx::each`] finds when no
    /// match can hold `。` or a line break (sentences end at both).
    fn each_with(&mut self, re: &Regex, trigger: &str, span: usize, mut f: impl FnMut(&Captures, u32)) {
        let text = self.text;
        let mut done = 0;
        for (start, end) in text.trigger_windows(trigger, span) {
            for c in re.captures_iter(&text.stream[start..end]) {
                let m = c.get(0).expect("whole match");
                if start + m.start() < done {
                    continue;
                }
                done = start + m.end();
                self.mark(start + m.start(), done);
                f(&c, self.line(start + m.start()));
            }
        }
    }

    /// [`Cx::each`] for `(?:a|b)?` + `re`, with the optional opening words `before`
    /// taken off the pattern: a match starts earlier by the one of them the stream holds
    /// just before it, as the leading group would have matched. A pattern opening with
    /// an optional group is searched by its common core (`决算`, in every sentence) rather
    /// than by the rare literal after it.
    fn each_after(&mut self, before: &[&str], re: &Regex, mut f: impl FnMut(&Captures, u32)) {
        let text = self.text;
        for c in re.captures_iter(&text.stream) {
            let m = c.get(0).expect("whole match");
            let head = &text.stream[..m.start()];
            let start = m.start() - before.iter().find(|b| head.ends_with(*b)).map_or(0, |b| b.len());
            self.mark(start, m.end());
            f(&c, self.line(start));
        }
    }

    /// Matches of `re` over the stream, each marked as read.
    fn each(&mut self, re: &Regex, f: impl FnMut(&Captures, u32)) {
        self.each_after(&[], re, f);
    }
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        fn $name() -> &'static Regex {
            static RE: OnceLock<Regex> = OnceLock::new();
            RE.get_or_init(|| Regex::new(&$pat).expect("narrative regex"))
        }
    };
}

mod assets;
mod execution;
mod jiguan;
mod members;
mod overview;
mod procurement;
mod sangong;
mod structure;
mod yoy;

use {assets::*, execution::*, jiguan::*, members::*, overview::*, procurement::*, sangong::*, structure::*, yoy::*};

/// A property of a sentence's headings, computed once per heading: the sentences under
/// one heading share its `Rc`s, so a change of pointer is a change of heading.
struct PerHeading<T, F> {
    f: F,
    last: Option<(*const str, *const str, T)>,
}

impl<T: Copy, F: Fn(&str, &str) -> T> PerHeading<T, F> {
    fn new(f: F) -> Self {
        PerHeading { f, last: None }
    }
    fn get(&mut self, s: &super::text::Sentence) -> T {
        let key = (Rc::as_ptr(&s.major), Rc::as_ptr(&s.minor));
        match self.last {
            Some((a, b, v)) if std::ptr::addr_eq(a, key.0) && std::ptr::addr_eq(b, key.1) => v,
            _ => {
                let v = (self.f)(&s.major, &s.minor);
                self.last = Some((key.0, key.1, v));
                v
            }
        }
    }
}

re!(figure_re, format!(r"{}|{}|[0-9]+(?:辆|个|人次|批次|台)", money(), pct()));

/// Sections whose figures must all be read.
fn reported_section(major: &str, minor: &str) -> bool {
    let has = |k: &&str| major.contains(k) || minor.contains(k);
    if ["绩效", "名词解释", "部门概况", "机构设置", "职责", "职能"].iter().any(has) {
        return false;
    }
    [
        "收入支出决算",
        "收入决算",
        "支出决算",
        "财政拨款",
        "一般公共预算",
        "基本支出",
        "政府性基金",
        "国有资本",
        "三公",
        "运行经费",
        "政府采购",
        "国有资产",
        "其他重要事项",
    ]
    .iter()
    .any(has)
}

pub fn run(text: &Text, facts: &Facts, year: Option<i32>, out: &mut Narrative) {
    let mut cx = Cx { text, consumed: vec![false; text.sentences.len()], year };
    members(&mut cx, out);
    jiguan(&mut cx, out);
    procurement(&mut cx, out);
    assets(&mut cx, out);
    sangong(&mut cx, out);
    execution(&mut cx, facts, out);
    yoy(&mut cx, out);
    structure(&mut cx, out);
    performance_overview(&mut cx, out);
    for (i, s) in text.sentences.iter().enumerate() {
        if s.major.contains("三公") && text.sentence_text(i).contains("原因") {
            out.sangong_reasons.push(text.line_at(s.start));
        }
    }
    let mut reported = PerHeading::new(reported_section);
    for (i, s) in text.sentences.iter().enumerate() {
        if cx.consumed[i] || !reported.get(s) {
            continue;
        }
        let sentence = text.sentence_text(i);
        if super::text::heading_level(sentence.trim()).is_some() || !figure_re().is_match(sentence) {
            continue;
        }
        out.unparsed.push(Unparsed {
            section: s.major.to_string(),
            sentence: sentence.trim_start_matches('\n').to_string(),
            line: text.line_at(s.start + sentence.len() - sentence.trim_start_matches('\n').len()),
        });
    }
}

#[cfg(test)]
mod testkit {
    use super::*;

    /// A hand reader reads every case as the pattern it replaced (its oracle) does.
    pub fn agree<'h, T: PartialEq + std::fmt::Debug>(
        cases: &[&'h str],
        by_hand: fn(&'h str) -> T,
        by_pattern: fn(&'h str) -> T,
    ) {
        for &h in cases {
            assert_eq!(by_hand(h), by_pattern(h), "{h}");
        }
    }

    /// Statements made of one choice per piece: `pieces[k]` lists the spellings of the
    /// k-th piece (well formed first, then subtly not), and each pick chooses one per piece.
    pub fn near(pieces: &[&[&str]], picks: &[Vec<usize>]) -> String {
        picks.iter().flat_map(|p| pieces.iter().zip(p).map(|(choices, &c)| choices[c % choices.len()])).collect()
    }

    pub fn text_of(s: &str) -> Text {
        let lines: Vec<crate::source::Line> =
            s.split('\n').enumerate().map(|(i, t)| crate::source::Line::new(i as u32 + 1, t.to_string())).collect();
        Text::build(&lines, &|_| false)
    }
}
