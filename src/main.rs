//! The `juesuan` binary: parse arguments, run, map the outcome to an exit code
//! (0 ok, 1 findings or failed documents, 2 operational error). A closed stdout
//! (`juesuan units | head`) is success, not an error.

mod cli;

// Parsing allocates many small strings on both cores; mimalloc's thread-local heaps do
// that markedly faster than the system allocator (see benches/RESULTS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("juesuan: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
