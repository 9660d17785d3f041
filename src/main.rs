//! The `juesuan` binary: parse arguments, run, map the outcome to an exit code
//! (0 ok, 1 findings or failed documents, 2 operational error). A closed stdout
//! (`juesuan units | head`) is success, not an error.

mod cli;

// Parsing allocates many small strings on both cores; mimalloc's thread-local heaps do
// that markedly faster than the system allocator (see benches/RESULTS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

// The one mimalloc option set here (see `main`); mimalloc's own header numbers it.
const MI_OPTION_PURGE_DELAY: libc::c_int = 15;
unsafe extern "C" {
    /// Sets an option unless the environment (`MIMALLOC_PURGE_DELAY`) already has.
    fn mi_option_set_default(option: libc::c_int, value: libc::c_long);
}

fn main() -> ExitCode {
    // Ingest allocates and frees hundreds of megabytes in waves; with transparent huge
    // pages every fresh 2 MiB region is zeroed whole on first touch, which cost about a
    // tenth of ingest time (measured, see benches/RESULTS.md). Small pages do better here.
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integer arguments and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    // Each ingest batch frees what the last one allocated and allocates as much again;
    // mimalloc returning those pages to the OS after 10 ms only to fault them in anew
    // was about half of ingest's system time (page faults halved, measured in
    // benches/RESULTS.md). The pages are held rather than returned: peak RSS rose by
    // about 0.1 GiB (619 MiB at 102,000 documents).
    // SAFETY: a plain integer option of the allocator this binary links.
    unsafe {
        mi_option_set_default(MI_OPTION_PURGE_DELAY, -1);
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
