//! Diagnostics: problems found in documents, collected (never stop at the first) and
//! rendered as `path[:pPAGE]:line:col: error: what and why` (the page for PDF sources),
//! columns counted by display width.

use std::fmt;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

pub use crate::model::Severity;

/// One problem in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// The PDF page the line was printed on; `None` for text sources.
    pub page: Option<u32>,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: u32,
    /// 1-based display column (CJK characters count 2); 0 when not known.
    pub col: u32,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(p) = self.page {
            write!(f, ":p{p}")?;
        }
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        write!(f, ": {}: {}", self.severity.label(), self.message)
    }
}

/// Display column (1-based) of the `cell`-th tab-separated cell of `text`.
pub fn cell_column(text: &str, cell: usize) -> u32 {
    let prefix: usize = text.split('\t').take(cell).map(|c| c.width() + 1).sum();
    prefix as u32 + 1
}

/// Collects diagnostics for one document.
#[derive(Debug, Default)]
pub struct Sink {
    path: PathBuf,
    /// The page of each line (`pages[line - 1]`), for a PDF source.
    pages: Vec<u32>,
    items: Vec<Diagnostic>,
}

impl Sink {
    pub fn new(path: &Path) -> Sink {
        Sink { path: path.to_path_buf(), pages: Vec::new(), items: Vec::new() }
    }
    /// A sink whose diagnostics name the page of their line too.
    pub fn with_pages(path: &Path, pages: &[u32]) -> Sink {
        Sink { path: path.to_path_buf(), pages: pages.to_vec(), items: Vec::new() }
    }
    pub fn error(&mut self, line: u32, col: u32, message: impl Into<String>) {
        self.push(Severity::Error, line, col, message.into());
    }
    /// A part of the document lost, the rest kept ([`Severity::Gap`]).
    pub fn gap(&mut self, line: u32, col: u32, message: impl Into<String>) {
        self.push(Severity::Gap, line, col, message.into());
    }
    pub fn warning(&mut self, line: u32, col: u32, message: impl Into<String>) {
        self.push(Severity::Warning, line, col, message.into());
    }
    fn push(&mut self, severity: Severity, line: u32, col: u32, message: String) {
        let page = page_of(&self.pages, line);
        self.items.push(Diagnostic { severity, path: self.path.clone(), page, line, col, message });
    }
    /// Take another sink's diagnostics (of the same document), in order.
    pub fn absorb(&mut self, other: Sink) {
        self.items.extend(other.items);
    }
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }
}

pub use crate::par::panic_message;

/// The page of a 1-based line in a page map (`pages[line - 1]`); `None` without one.
pub fn page_of(pages: &[u32], line: u32) -> Option<u32> {
    pages.get((line as usize).checked_sub(1)?).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_chinese_as_two() {
        assert_eq!(cell_column("合计\tx", 1), 6);
        assert_eq!(cell_column("ab\tx", 0), 1);
    }

    #[test]
    fn renders_path_line_col() {
        let mut s = Sink::new(Path::new("a/b.txt"));
        s.error(12, 7, "`x` is not an amount");
        assert_eq!(s.items()[0].to_string(), "a/b.txt:12:7: error: `x` is not an amount");
    }

    #[test]
    fn renders_the_page_of_a_pdf_line() {
        let mut s = Sink::with_pages(Path::new("a.pdf"), &[1, 1, 2, 2]);
        s.error(3, 0, "no amount");
        s.warning(0, 0, "whole file");
        assert_eq!(s.items()[0].to_string(), "a.pdf:p2:3: error: no amount");
        assert_eq!(s.items()[1].to_string(), "a.pdf: warning: whole file");
    }
}
