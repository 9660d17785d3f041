//! What more than one benchmark needs: running juesuan as a child and reading its own
//! peak memory, which only `wait4` reports (std's `wait` gives no rusage).

use std::process::Command;

/// Run `bin` with `args`; its exit code, its standard output, and its own peak RSS in
/// MiB. Linux records a child's peak from the memory it shared with this process until
/// `exec`: run it before this process holds much memory.
// The child is reaped by wait4, which std's `wait` cannot replace: it gives no rusage.
#[allow(clippy::zombie_processes)]
pub fn run_rss(bin: &str, args: &[&str]) -> (i32, String, f64) {
    use std::io::Read;
    let mut child = Command::new(bin)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("juesuan runs");
    let mut out = String::new();
    child.stdout.take().expect("piped").read_to_string(&mut out).expect("stdout");
    let (mut status, mut u): (libc::c_int, libc::rusage) = (0, unsafe { std::mem::zeroed() });
    // SAFETY: the child is ours and not yet reaped; wait4 fills the values we own.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut u) };
    assert!(pid > 0 && libc::WIFEXITED(status), "{args:?}: {status}");
    (libc::WEXITSTATUS(status), out, u.ru_maxrss as f64 / 1024.0)
}
