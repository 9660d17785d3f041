//! PDF → pages of characters and ruled tables: the seam between juesuan and the PDF
//! library (pdfplumber, a Rust port of Python's pdfplumber; see the README for why).
//!
//! Nothing else in juesuan names the library: [`Page`] is our own picture of a page
//! (characters with their boxes, and the ruled tables the library's table finder cut by
//! their ruling lines, filled rectangles included), and [`layout`] turns pages into the
//! text layout the parsers read. Swapping the library means rewriting [`read`] alone.

pub mod layout;

use std::time::{Duration, Instant};

use pdfplumber::{ExtractOptions, PdfErrorKind, TableFinder, TableSettings};

/// Pages beyond this are not read: a 部门决算 has 20–60 pages; a file of thousands is
/// something else, and reading it would only cost time and memory.
pub const MAX_PAGES: usize = 400;
/// Reading stops after this long per document (a hostile file can make any page slow).
pub const TIME_BUDGET: Duration = Duration::from_secs(60);
/// Files above this are refused before parsing (memory stays bounded per document).
pub const MAX_BYTES: usize = 200 * 1024 * 1024;

/// A box in page space: points from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub top: f64,
    pub x1: f64,
    pub bottom: f64,
}

impl Rect {
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> f64 {
        self.bottom - self.top
    }
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn cy(&self) -> f64 {
        (self.top + self.bottom) / 2.0
    }
    /// Whether the point lies inside, with `slack` points to spare on every side.
    pub fn holds(&self, x: f64, y: f64, slack: f64) -> bool {
        x >= self.x0 - slack && x <= self.x1 + slack && y >= self.top - slack && y <= self.bottom + slack
    }
}

/// One character as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub text: String,
    pub rect: Rect,
    /// Nominal font size in points.
    pub size: f64,
}

/// A ruled table: its rows of cells, left to right. `None` is a grid position covered
/// by a merged cell to its left or above.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub rect: Rect,
    pub rows: Vec<Vec<Option<Rect>>>,
}

/// One page: characters outside and inside tables alike, and the tables found.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// 1-based.
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub grids: Vec<Grid>,
    /// Images drawn on the page (a scanned page is one image and no characters).
    pub images: usize,
}

/// Why a PDF could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfProblem {
    #[error("PDF is encrypted (password protected): decrypt it first (e.g. qpdf --decrypt)")]
    Encrypted,
    #[error("PDF is damaged or truncated: {0}")]
    Damaged(String),
    #[error("PDF has no pages")]
    NoPages,
    #[error(
        "PDF has no text layer ({0} page(s), all images): a scanned document; OCR is not supported, \
         use the department's text PDF or its text"
    )]
    Scanned(u32),
    #[error("PDF has {0} pages, more than the {MAX_PAGES} read per document: not a 部门决算?")]
    TooManyPages(usize),
    #[error("PDF of {0} bytes is larger than the {MAX_BYTES} bytes read per document")]
    TooLarge(usize),
    #[error(
        "reading the PDF took longer than 60 s, the budget per document (stopped at page {0}): the file is pathological"
    )]
    TooSlow(u32),
}

/// Whether bytes are a PDF: `%PDF-` within the first kilobyte, as readers accept it.
pub fn is_pdf(bytes: &[u8]) -> bool {
    memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some()
}

/// Read every page of a PDF into [`Page`]s.
pub fn read(bytes: &[u8]) -> Result<Vec<Page>, PdfProblem> {
    if bytes.len() > MAX_BYTES {
        return Err(PdfProblem::TooLarge(bytes.len()));
    }
    let options = ExtractOptions { max_pages: Some(MAX_PAGES + 1), collect_warnings: false, ..Default::default() };
    let pdf = pdfplumber::Pdf::open(bytes, Some(options)).map_err(problem)?;
    let count = pdf.page_count();
    if count == 0 {
        return Err(PdfProblem::NoPages);
    }
    if count > MAX_PAGES {
        return Err(PdfProblem::TooManyPages(count));
    }
    // Pages are read on every core: the library interprets each page's content and
    // fonts anew (about 5 ms a page here), and pages are independent.
    let started = Instant::now();
    // After a page fails the others are not read (each one still in hand finishes).
    let failed = std::sync::atomic::AtomicBool::new(false);
    let numbers: Vec<usize> = (0..count).collect();
    let results = crate::par::par_map(&numbers, |&i| {
        if failed.load(std::sync::atomic::Ordering::Relaxed) {
            return None;
        }
        let page =
            if started.elapsed() > TIME_BUDGET { Err(PdfProblem::TooSlow(i as u32 + 1)) } else { read_page(&pdf, i) };
        if page.is_err() {
            failed.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        Some(page)
    });
    let mut pages = Vec::with_capacity(count);
    for page in results {
        match page {
            Ok(Some(page)) => pages.push(page?),
            // Not read: a page failed, and its error comes in its turn.
            Ok(None) => {}
            // The library panicked on this page.
            Err(_) => return Err(PdfProblem::Damaged("a page could not be read".into())),
        }
    }
    if pages.len() < count {
        return Err(PdfProblem::Damaged("a page could not be read".into()));
    }
    if pages.iter().all(|p| p.glyphs.is_empty()) {
        return Err(PdfProblem::Scanned(pages.len() as u32));
    }
    Ok(pages)
}

/// One page: its characters (blank ones left out) and its ruled tables.
fn read_page(pdf: &pdfplumber::Pdf, i: usize) -> Result<Page, PdfProblem> {
    let page = pdf.page(i).map_err(problem)?;
    let glyphs = page
        .chars()
        .iter()
        .filter(|c| !c.text.trim().is_empty())
        .map(|c| Glyph {
            text: c.text.clone(),
            rect: Rect { x0: c.bbox.x0, top: c.bbox.top, x1: c.bbox.x1, bottom: c.bbox.bottom },
            size: c.size,
        })
        .collect::<Vec<_>>();
    // The table finder alone, on the ruling edges: `Page::find_tables` also cuts the page
    // into words and fills every cell's text three times over (by cell, row and column),
    // which the layout does itself, once.
    let grids = if glyphs.is_empty() {
        Vec::new()
    } else {
        TableFinder::new(level_edges(page.edges()), TableSettings::default())
            .with_page_bbox(page.bbox())
            .find_tables()
            .into_iter()
            .map(|t| Grid {
                rect: Rect { x0: t.bbox.x0, top: t.bbox.top, x1: t.bbox.x1, bottom: t.bbox.bottom },
                rows: t
                    .rows
                    .iter()
                    .map(|r| {
                        // A position covered by a merged cell has an empty box.
                        r.iter()
                            .map(|c| {
                                (c.bbox.x1 > c.bbox.x0).then_some(Rect {
                                    x0: c.bbox.x0,
                                    top: c.bbox.top,
                                    x1: c.bbox.x1,
                                    bottom: c.bbox.bottom,
                                })
                            })
                            .collect()
                    })
                    .collect(),
            })
            .collect()
    };
    Ok(Page {
        number: i as u32 + 1,
        width: page.width(),
        height: page.height(),
        glyphs,
        grids,
        images: page.images().len(),
    })
}

/// Ruling edges with their orientation read off their box, within a hundredth of a point.
/// The library calls an edge horizontal only when its top equals its bottom exactly: on
/// a page turned by `/Rotate` (a landscape table printed onto a portrait page), turning
/// the coordinates leaves 1e-14 between them, every horizontal rule became a vertical
/// one, and no table was found.
fn level_edges(mut edges: Vec<pdfplumber::Edge>) -> Vec<pdfplumber::Edge> {
    const FLAT: f64 = 0.01;
    for e in &mut edges {
        if (e.bottom - e.top).abs() <= FLAT && e.x1 - e.x0 > FLAT {
            e.orientation = pdfplumber::Orientation::Horizontal;
        } else if (e.x1 - e.x0).abs() <= FLAT && e.bottom - e.top > FLAT {
            e.orientation = pdfplumber::Orientation::Vertical;
        }
    }
    edges
}

fn problem(e: pdfplumber::PdfError) -> PdfProblem {
    match e.kind() {
        PdfErrorKind::PasswordRequired | PdfErrorKind::InvalidPassword => PdfProblem::Encrypted,
        _ => {
            let mut what = e.to_string();
            if let Some(page) = e.context().page_index {
                what = format!("page {}: {what}", page + 1);
            }
            PdfProblem::Damaged(what)
        }
    }
}
