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
    // Ingest allocates and frees hundreds of megabytes in waves; with transparent huge
    // pages every fresh 2 MiB region is zeroed whole on first touch, which cost about a
    // tenth of ingest time (measured, see benches/RESULTS.md). Small pages do better here.
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integer arguments and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
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
