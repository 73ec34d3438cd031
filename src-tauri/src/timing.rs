//! Start-up timing for the benchmark (`tests/bench/run.sh`, figure 1). With
//! `TRYGGPLAN_TIMING=1` each mark prints its wall-clock time as
//! `tryggplan-timing <mark>-epoch-ms=<ms>` on stderr; without it nothing is ever printed.
//! The marks carry no data: only fixed names and a time.

/// Prints the mark's epoch time when `TRYGGPLAN_TIMING` is set.
pub fn mark(name: &'static str) {
    if std::env::var_os("TRYGGPLAN_TIMING").is_some() {
        eprintln!("tryggplan-timing {name}-epoch-ms={}", epoch_ms());
    }
}

fn epoch_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}
