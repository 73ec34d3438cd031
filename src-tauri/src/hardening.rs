//! Process hardening that must happen before any secret is in memory.

/// On Linux release builds: the process is not dumpable (no core dumps, no ptrace attach by
/// other processes of the same user) and the core-dump size limit is zero, so the database
/// key and decrypted pages can never land in a core file.
pub fn apply() {
    #[cfg(all(target_os = "linux", not(debug_assertions)))]
    {
        use rustix::process::{setrlimit, Resource, Rlimit};
        let _ = setrlimit(
            Resource::Core,
            Rlimit {
                current: Some(0),
                maximum: Some(0),
            },
        );
        let _ =
            rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    }
}
