//! Time as an input. Rules and the idle timer take a [`Clock`] so tests can move time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A monotonic clock: the time elapsed since an arbitrary, fixed origin.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> Duration;
}

/// The real clock for the idle lock.
///
/// `Instant` does not advance while Linux or macOS is suspended, so a laptop closed while
/// unlocked would wake up still unlocked. This clock takes the larger of the monotonic and
/// the wall-clock time elapsed (the wall clock does advance during suspend), and never goes
/// backwards: a wall clock set back falls back to the monotonic time, one set forward can only
/// make the lock come earlier.
#[derive(Debug)]
pub struct SystemClock {
    origin: Instant,
    wall_origin: std::time::SystemTime,
    high_water_ms: AtomicU64,
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock {
            origin: Instant::now(),
            wall_origin: std::time::SystemTime::now(),
            high_water_ms: AtomicU64::new(0),
        }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        let mono = self.origin.elapsed();
        let wall = std::time::SystemTime::now()
            .duration_since(self.wall_origin)
            .unwrap_or(Duration::ZERO);
        let ms = mono.max(wall).as_millis() as u64;
        let prev = self.high_water_ms.fetch_max(ms, Ordering::SeqCst);
        Duration::from_millis(prev.max(ms))
    }
}

/// A clock that only moves when told to. Cheap to clone; clones share the time.
#[derive(Debug, Clone, Default)]
pub struct FakeClock {
    millis: Arc<AtomicU64>,
}

impl FakeClock {
    pub fn advance(&self, by: Duration) {
        self.millis
            .fetch_add(by.as_millis() as u64, Ordering::SeqCst);
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Duration {
        Duration::from_millis(self.millis.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_clock_never_goes_backwards() {
        let c = SystemClock::default();
        let mut last = c.now();
        for _ in 0..1000 {
            let t = c.now();
            assert!(t >= last);
            last = t;
        }
    }

    #[test]
    fn time_asleep_counts_as_idle_time() {
        // A clock whose wall origin is an hour in the past: as after an hour of suspend.
        let c = SystemClock {
            origin: Instant::now(),
            wall_origin: std::time::SystemTime::now() - Duration::from_secs(3600),
            high_water_ms: AtomicU64::new(0),
        };
        assert!(c.now() >= Duration::from_secs(3600));
    }
}

/// The calendar date in Sweden (Europe/Stockholm) at the instant `now`: the date every rule
/// ("no meeting 14 days after", "valid at most one year", a child's age) is counted in.
pub fn swedish_date(now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    now.with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive()
}

#[cfg(test)]
mod calendar_tests {
    use chrono::TimeZone;

    #[test]
    fn the_swedish_date_changes_at_swedish_midnight() {
        // 23:30 UTC on 24 November is 00:30 on 25 November in Stockholm (CET, UTC+1) …
        let t = chrono::Utc
            .with_ymd_and_hms(2026, 11, 24, 23, 30, 0)
            .unwrap();
        assert_eq!(super::swedish_date(t).to_string(), "2026-11-25");
        // … and in summer (CEST, UTC+2) 22:30 UTC is already the next day.
        let t = chrono::Utc
            .with_ymd_and_hms(2026, 6, 30, 22, 30, 0)
            .unwrap();
        assert_eq!(super::swedish_date(t).to_string(), "2026-07-01");
        let t = chrono::Utc
            .with_ymd_and_hms(2026, 6, 30, 21, 30, 0)
            .unwrap();
        assert_eq!(super::swedish_date(t).to_string(), "2026-06-30");
    }
}
