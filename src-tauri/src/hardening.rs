//! Process hardening that must happen before any secret is in memory.

/// On Linux release builds: the process is not dumpable (no core dumps, no ptrace attach by
/// other processes of the same user) and the core-dump size limit is 1 byte — the value the
/// kernel treats as "no dump" even when core_pattern pipes to a crash handler (for which 0 is
/// ignored), and below any core file's size. Inherited by the WebKit child processes. So the
/// database key and decrypted pages never land in a core file.
pub fn apply() {
    #[cfg(all(target_os = "linux", not(debug_assertions)))]
    {
        use rustix::process::{setrlimit, Resource, Rlimit};
        let _ = setrlimit(
            Resource::Core,
            Rlimit {
                current: Some(1),
                maximum: Some(1),
            },
        );
        let _ =
            rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    }
}
