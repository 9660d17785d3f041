//! The 情况说明 as one searchable stream: lines outside the tables, width-folded, spaces
//! removed, wrapped lines joined (PDF text breaks lines mid-word), headings kept on their
//! own line so that every sentence knows its section; every byte maps back to a line.

use std::rc::Rc;

use regex::Regex;
use std::sync::OnceLock;

use crate::source::Line;

/// A sentence: its byte range in the stream and the headings above it.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Top-level heading (`十、机关运行经费支出说明`) and sub-heading (`（三）…`), shared
    /// by the sentences below them.
    pub major: Rc<str>,
    pub minor: Rc<str>,
}

#[derive(Debug, Default)]
pub struct Text {
    pub stream: String,
    /// (stream offset, source line) at the start of each appended line.
    marks: Vec<(usize, u32)>,
    pub sentences: Vec<Sentence>,
}

fn heading_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+部分)")
            .expect("static regex")
    })
}

/// Heading level: 1 for `一、`/`第一部分`, 2 for `（一）`; `None` for body text.
pub fn heading_level(t: &str) -> Option<u8> {
    // Most lines are body text and start with none of the characters a heading can.
    if !t.starts_with(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '(', '第']) {
        return None;
    }
    let m = heading_re().find(t)?;
    // A numbered line that carries a subject or a clause is wrapped body text
    // (`(三)资源勘探工业信息等支出(类)超长期特别国债安排` continues on the next line).
    if t.chars().count() > 40 || t.contains(['。', ',', ':', ';']) || t.contains("(类)") {
        return None;
    }
    Some(if m.as_str().starts_with('(') { 2 } else { 1 })
}

impl Text {
    /// Build the stream from the lines not covered by `skip` (the table blocks).
    pub fn build(lines: &[Line], skip: &dyn Fn(u32) -> bool) -> Text {
        let mut t = Text::default();
        let empty: Rc<str> = Rc::from("");
        let mut major = empty.clone();
        let mut minor: Rc<str>;
        let mut sent_start = 0;
        let mut heads: Vec<(usize, Rc<str>, Rc<str>)> = Vec::new();
        for line in lines {
            if skip(line.no) || line.has_tabs() {
                continue;
            }
            let s = line.flat();
            if s.is_empty() {
                continue;
            }
            if let Some(level) = heading_level(s) {
                if level == 1 {
                    major = Rc::from(s);
                    minor = empty.clone();
                } else {
                    minor = Rc::from(s);
                }
                t.stream.push('\n');
                t.marks.push((t.stream.len(), line.no));
                t.stream.push_str(s);
                t.stream.push('\n');
                heads.push((t.stream.len(), major.clone(), minor.clone()));
                continue;
            }
            t.marks.push((t.stream.len(), line.no));
            t.stream.push_str(s);
        }
        // Sentences end at 。 or a heading break.
        let mut head_i = 0;
        let (mut cur_major, mut cur_minor) = (empty.clone(), empty.clone());
        // `。` is E3 80 82; E3 leads only CJK punctuation, so few candidates are false.
        let bytes = t.stream.as_bytes();
        for i in memchr::memchr2_iter(b'\n', 0xE3, bytes) {
            let len = match bytes[i] {
                b'\n' => 1,
                _ if bytes[i..].starts_with("。".as_bytes()) => 3,
                _ => continue,
            };
            let end = i + len;
            while head_i < heads.len() && heads[head_i].0 <= sent_start {
                cur_major = heads[head_i].1.clone();
                cur_minor = heads[head_i].2.clone();
                head_i += 1;
            }
            if end > sent_start + 1 {
                t.sentences.push(Sentence {
                    start: sent_start,
                    end,
                    major: cur_major.clone(),
                    minor: cur_minor.clone(),
                });
            }
            sent_start = end;
        }
        if sent_start < t.stream.len() {
            while head_i < heads.len() && heads[head_i].0 <= sent_start {
                cur_major = heads[head_i].1.clone();
                cur_minor = heads[head_i].2.clone();
                head_i += 1;
            }
            t.sentences.push(Sentence { start: sent_start, end: t.stream.len(), major: cur_major, minor: cur_minor });
        }
        t
    }

    /// Source line of a stream offset.
    pub fn line_at(&self, pos: usize) -> u32 {
        match self.marks.binary_search_by(|(p, _)| p.cmp(&pos)) {
            Ok(i) => self.marks[i].1,
            Err(0) => self.marks.first().map(|m| m.1).unwrap_or(0),
            Err(i) => self.marks[i - 1].1,
        }
    }

    /// Index of the sentence holding a stream offset.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        self.sentences.get(i).filter(|s| s.start <= pos).map(|_| i)
    }

    /// The stretches of the stream (start, end) to search for a statement that holds
    /// `trigger`: from each sentence holding it, `span` sentences long, one per sentence,
    /// in order. For readers of statements with no fixed start, which would otherwise be
    /// tried at every position of the stream.
    pub fn trigger_windows<'a>(&'a self, trigger: &'a str, span: usize) -> impl Iterator<Item = (usize, usize)> + 'a {
        let mut last = None;
        memchr::memmem::find_iter(self.stream.as_bytes(), trigger.as_bytes()).filter_map(move |p| {
            let i = self.sentence_at(p)?;
            if last == Some(i) {
                return None;
            }
            last = Some(i);
            let end = self.sentences[(i + span - 1).min(self.sentences.len() - 1)].end;
            Some((self.sentences[i].start, end))
        })
    }

    pub fn sentence_text(&self, i: usize) -> &str {
        let s = &self.sentences[i];
        self.stream[s.start..s.end].trim_end_matches('\n')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.split('\n').enumerate().map(|(i, t)| Line::new(i as u32 + 1, t.to_string())).collect()
    }

    #[test]
    fn wrapped_lines_join_and_keep_their_line_numbers() {
        let ls = lines(
            "十、机关运行经费支出说明\n\n2024 年度机关运行经费支出 42.38 万元，比年初预算数减少 0.99\n\n万元，下降 2.28%。",
        );
        let t = Text::build(&ls, &|_| false);
        assert!(t.stream.contains("减少0.99万元,下降2.28%。"), "{}", t.stream);
        let pos = t.stream.find("万元,下降").unwrap();
        assert_eq!(t.line_at(pos), 5);
        let s = t.sentences.iter().find(|s| t.stream[s.start..s.end].contains("42.38")).unwrap();
        assert_eq!(&*s.major, "十、机关运行经费支出说明");
    }

    #[test]
    fn headings_and_body() {
        assert_eq!(heading_level("十、机关运行经费支出说明"), Some(1));
        assert_eq!(heading_level("(三)一般公共预算财政拨款支出决算具体情况"), Some(2));
        assert_eq!(heading_level("(一)预算绩效管理工作开展情况。根据预算绩效管理要求"), None);
        assert_eq!(heading_level("1、财政拨款收入6,562.78万元。"), None);
    }
}
