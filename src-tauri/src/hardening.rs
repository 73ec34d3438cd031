//! Process hardening that must happen before any secret is in memory.

/// On Linux release builds: the process is not dumpable (no core dumps, no ptrace attach by
/// other processes of the same user) and the core-dump size limit is 1 byte — the value the
/// kernel treats as "no dump" even when core_pattern pipes to a crash handler (for which 0 is
/// ignored), and below any core file's size. Inherited by the WebKit child processes. So the
/// database key and decrypted pages never land in a core file.
pub fn apply() {
    // Crash output never carries data: the default panic message prints the payload, which
    // may hold a value (an unwrap on a field, a formatted error). Only where it happened.
    std::panic::set_hook(panic_hook(|| Box::new(std::io::stderr())));
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

type PanicHook = Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Send + Sync + 'static>;

/// The app's panic hook, writing to `out` (stderr in the app).
fn panic_hook(out: impl Fn() -> Box<dyn std::io::Write> + Send + Sync + 'static) -> PanicHook {
    Box::new(move |info| {
        let _ = write_panic_report(&mut *out(), info.location());
    })
}

/// What a crash prints: the place in the code, and what to do. Takes no payload, so it can't
/// print one (issue 8: "no sensitive data in logs or crash output").
fn write_panic_report(
    out: &mut dyn std::io::Write,
    location: Option<&std::panic::Location<'_>>,
) -> std::io::Result<()> {
    let at = location
        .map(|l| format!(" ({}:{})", l.file(), l.line()))
        .unwrap_or_default();
    writeln!(
        out,
        "Tryggplan: ett internt fel inträffade{at}. Inga uppgifter skrivs här. Det som var \
         sparat finns kvar; starta om Tryggplan om fönstret slutar svara."
    )
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    /// Issue 8: a panic whose message holds a client's name and number prints neither.
    #[test]
    fn a_crash_prints_where_it_happened_and_no_data() {
        /// Collects what the hook writes.
        struct Sink(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Sink {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let seen = Arc::new(Mutex::new(Vec::<u8>::new()));
        let sink = Arc::clone(&seen);
        let previous = std::panic::take_hook();
        std::panic::set_hook(super::panic_hook(move || Box::new(Sink(Arc::clone(&sink)))));
        let r = std::panic::catch_unwind(|| {
            let field: Option<&str> = None;
            field.ok_or("Ylva Kanariesson 19830719-1486").unwrap();
        });
        std::panic::set_hook(previous);
        assert!(r.is_err());
        let text = String::from_utf8(seen.lock().unwrap().clone()).unwrap();
        assert!(
            text.contains("ett internt fel") && text.contains("hardening.rs:"),
            "{text}"
        );
        for secret in ["Kanariesson", "19830719", "1486"] {
            assert!(!text.contains(secret), "{text}");
        }
    }
}
