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

/// Prints a mark the page took itself (epoch ms from `performance.timeOrigin`), when
/// `TRYGGPLAN_TIMING` is set and the value is a plausible time; never anything else.
pub fn mark_at(name: &'static str, epoch_ms: f64) {
    if std::env::var_os("TRYGGPLAN_TIMING").is_some() && epoch_ms.is_finite() && epoch_ms > 0.0 {
        eprintln!(
            "tryggplan-timing {name}-epoch-ms={}",
            epoch_ms.round() as u128
        );
    }
}

fn epoch_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}
