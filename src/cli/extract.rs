//! `juesuan extract FILE [--out FILE]`: what the reader recovered from a document, in
//! the text layout the parsers read (table rows with tab-separated cells, titles, the
//! 金额单位 line, narrative paragraphs). Ingesting this text gives the same facts as
//! ingesting the PDF (save the page), so a user can see, diff and correct what was read.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use juesuan::source::Source;

#[derive(clap::Args)]
pub struct Args {
    /// A PDF (or a text document, printed as normalised).
    file: PathBuf,
    /// Write here instead of standard output.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Start each line with its page number and a tab (for reading, not for ingest).
    #[arg(long)]
    pages: bool,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let src = match Source::read(&a.file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}: error: {e}", a.file.display());
            return Ok(ExitCode::from(1));
        }
    };
    let text = if a.pages {
        let mut t = String::new();
        for l in &src.lines {
            let page = src.page_of(l.no).map(|p| p.to_string()).unwrap_or_default();
            t.push_str(&format!("{page}\t{}\n", l.text()));
        }
        t
    } else {
        src.text()
    };
    match &a.out {
        Some(path) => std::fs::write(path, text)?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
