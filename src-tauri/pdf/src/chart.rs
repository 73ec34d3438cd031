//! The geometry of the charts (`Block::BarChart`, `Block::LineChart`): pure functions from the
//! published numbers to bars, points and marks, which `pdf.rs` draws. Kept apart from the
//! drawing so that the rule below is tested where it is decided.
//!
//! "every count below a threshold … is shown as "<5" and never derivable" (issue 7): a number
//! the caller's suppression hid ([`Shown::Small`], [`Shown::Complement`]) is **never** given a
//! height — no bar, no point — because a height would tell the number. It gets a [`Mark`]
//! instead: its text ("<5", "..") at the baseline. The axis is scaled from the largest *shown*
//! number only.

use crate::model::{ChartSeries, Shown};

/// The y axis: from 0 to `top` in steps of `step` (a round number: 1, 2 or 5 × 10ⁿ, or 25 ×
/// 10ⁿ), at most five steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub top: u64,
    pub step: u64,
}

impl Scale {
    /// The tick values, 0 first.
    pub fn ticks(self) -> Vec<u64> {
        (0..=self.top / self.step).map(|i| i * self.step).collect()
    }
}

/// The scale for a largest shown number `max`: at least 0 to 5, so that a chart whose numbers
/// are all 0 or hidden still has an ordinary axis.
pub fn scale(max: u64) -> Scale {
    let max = max.max(5);
    let mut magnitude: u64 = 1;
    loop {
        // 1, 2, 2.5 (where whole) and 5 × 10ⁿ, smallest first.
        let quarter = if magnitude >= 10 {
            magnitude / 2 * 5
        } else {
            0
        };
        for step in [
            magnitude,
            magnitude.saturating_mul(2),
            quarter,
            magnitude.saturating_mul(5),
        ] {
            if step > 0 && step.saturating_mul(5) >= max {
                return Scale {
                    top: max.div_ceil(step) * step,
                    step,
                };
            }
        }
        magnitude = magnitude.saturating_mul(10);
    }
}

/// The plot area in points: `x` its left edge, `baseline` the y of the value 0, `w` its width,
/// `h` the height of the top of the scale above the baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub x: f32,
    pub baseline: f32,
    pub w: f32,
    pub h: f32,
}

/// A bar for a shown count.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub category: usize,
    pub series: usize,
    pub x: f32,
    pub w: f32,
    pub h: f32,
    pub value: u64,
}

/// A hidden number: no height, only its text at the baseline, centred on `x`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub category: usize,
    pub series: usize,
    pub x: f32,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarGeometry {
    pub scale: Scale,
    /// The width given to one category.
    pub slot: f32,
    pub bar_w: f32,
    pub bars: Vec<Bar>,
    pub marks: Vec<Mark>,
}

/// The largest shown count (hidden numbers don't count: they must not move the axis either).
pub fn largest<'a>(values: impl Iterator<Item = &'a Shown>) -> u64 {
    values.filter_map(|v| v.count()).max().unwrap_or(0)
}

fn height(area: &Area, scale: Scale, v: u64) -> f32 {
    area.h * v as f32 / scale.top as f32
}

/// The bars of a grouped bar chart: in each category one bar per series, side by side and
/// centred in the category's slot. Only [`Shown::Count`] gets a bar; a hidden number gets a
/// [`Mark`]; a number the table doesn't publish ([`Shown::None`]) gets nothing.
pub fn bars(area: Area, categories: usize, series: &[ChartSeries], threshold: u32) -> BarGeometry {
    let scale = scale(largest(series.iter().flat_map(|s| s.values.iter())));
    let slot = area.w / categories.max(1) as f32;
    let n = series.len().max(1) as f32;
    let bar_w = (slot * 0.78 / n).min(30.0);
    let group = bar_w * n;
    let mut bars = Vec::new();
    let mut marks = Vec::new();
    for category in 0..categories {
        let left = area.x + category as f32 * slot + (slot - group) / 2.0;
        for (s, ser) in series.iter().enumerate() {
            let x = left + s as f32 * bar_w;
            match ser.values.get(category).copied() {
                Some(Shown::Count(value)) => bars.push(Bar {
                    category,
                    series: s,
                    x,
                    w: bar_w,
                    h: height(&area, scale, value),
                    value,
                }),
                Some(hidden) => {
                    let text = hidden.text(threshold);
                    if !text.is_empty() {
                        marks.push(Mark {
                            category,
                            series: s,
                            x: x + bar_w / 2.0,
                            text,
                        });
                    }
                }
                None => {}
            }
        }
    }
    BarGeometry {
        scale,
        slot,
        bar_w,
        bars,
        marks,
    }
}

/// A point of the line for a shown count.
#[derive(Debug, Clone, PartialEq)]
pub struct Dot {
    pub index: usize,
    pub x: f32,
    pub y: f32,
    pub value: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineGeometry {
    pub scale: Scale,
    pub slot: f32,
    pub dots: Vec<Dot>,
    /// The pieces of the line: each joins the dots of consecutive shown values; the line
    /// breaks at a hidden (or unpublished) value.
    pub runs: Vec<Vec<(f32, f32)>>,
    pub marks: Vec<Mark>,
}

/// The points and pieces of a line chart, one value per slot.
pub fn line(area: Area, values: &[Shown], threshold: u32) -> LineGeometry {
    let scale = scale(largest(values.iter()));
    let slot = area.w / values.len().max(1) as f32;
    let mut dots = Vec::new();
    let mut runs: Vec<Vec<(f32, f32)>> = Vec::new();
    let mut marks = Vec::new();
    let mut open = false;
    for (index, v) in values.iter().enumerate() {
        let x = area.x + (index as f32 + 0.5) * slot;
        match *v {
            Shown::Count(value) => {
                let y = area.baseline + height(&area, scale, value);
                dots.push(Dot { index, x, y, value });
                if !open {
                    runs.push(Vec::new());
                    open = true;
                }
                if let Some(run) = runs.last_mut() {
                    run.push((x, y));
                }
            }
            hidden => {
                open = false;
                let text = hidden.text(threshold);
                if !text.is_empty() {
                    marks.push(Mark {
                        category: index,
                        series: 0,
                        x,
                        text,
                    });
                }
            }
        }
    }
    runs.retain(|r| r.len() > 1);
    LineGeometry {
        scale,
        slot,
        dots,
        runs,
        marks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn area() -> Area {
        Area {
            x: 100.0,
            baseline: 200.0,
            w: 400.0,
            h: 150.0,
        }
    }

    #[test]
    fn the_scale_is_round_and_covers_the_largest_number() {
        let cases = [
            (0, 5, 1),
            (1, 5, 1),
            (4, 5, 1),
            (5, 5, 1),
            (6, 6, 2),
            (7, 8, 2),
            (10, 10, 2),
            (11, 15, 5),
            (26, 30, 10),
            (99, 100, 20),
            (123, 125, 25),
            (1049, 1250, 250),
            (2400, 2500, 500),
            (1000, 1000, 200),
            (12_345, 12_500, 2500),
        ];
        for (max, top, step) in cases {
            assert_eq!(scale(max), Scale { top, step }, "max {max}");
        }
    }

    fn shown() -> impl Strategy<Value = Shown> {
        prop_oneof![
            (0u64..3000).prop_map(Shown::Count),
            Just(Shown::Small),
            Just(Shown::Complement),
            Just(Shown::None),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn scale_ticks_are_round_and_at_most_five_steps(max in 0u64..10_000_000) {
            let s = scale(max);
            prop_assert!(s.top >= max);
            prop_assert!(s.top / s.step <= 5 && s.top.is_multiple_of(s.step));
            let mut m = s.step;
            while m.is_multiple_of(10) { m /= 10; }
            prop_assert!([1, 2, 5, 25].contains(&m), "{s:?}");
            // The smallest such step: no rounder, finer one would do.
            let nice: Vec<u64> = (0..9u32)
                .flat_map(|k| {
                    let p = 10u64.pow(k);
                    [p, 2 * p, if k > 0 { p / 2 * 5 } else { 0 }, 5 * p]
                })
                .filter(|n| *n > 0)
                .collect();
            for n in nice.into_iter().filter(|n| *n < s.step) {
                prop_assert!(n * 5 < max.max(5), "{n} would do for {max}: {s:?}");
            }
        }

        /// A hidden number never gets a bar; every shown count gets exactly one, within the
        /// plot; every hidden one gets its mark at the baseline.
        #[test]
        fn no_bar_for_a_hidden_number(
            cats in 1usize..9,
            data in proptest::collection::vec(proptest::collection::vec(shown(), 8), 1..4),
            t in 3u32..10,
        ) {
            let series: Vec<ChartSeries> = data.iter().enumerate().map(|(i, v)| ChartSeries {
                name: format!("S{i}"),
                values: v[..cats].to_vec(),
            }).collect();
            let g = bars(area(), cats, &series, t);
            let a = area();
            for (s, ser) in series.iter().enumerate() {
                for (c, v) in ser.values.iter().enumerate() {
                    let bars: Vec<_> = g.bars.iter().filter(|b| b.category == c && b.series == s).collect();
                    let marks: Vec<_> = g.marks.iter().filter(|m| m.category == c && m.series == s).collect();
                    match v {
                        Shown::Count(n) => {
                            prop_assert_eq!(bars.len(), 1);
                            prop_assert!(marks.is_empty());
                            prop_assert_eq!(bars[0].value, *n);
                            prop_assert!(bars[0].h >= 0.0 && bars[0].h <= a.h + 0.01);
                            prop_assert!(bars[0].x >= a.x && bars[0].x + bars[0].w <= a.x + a.w + 0.01);
                        }
                        Shown::None => prop_assert!(bars.is_empty() && marks.is_empty()),
                        hidden => {
                            prop_assert!(bars.is_empty(), "a bar for {:?}", hidden);
                            prop_assert_eq!(marks.len(), 1);
                            prop_assert_eq!(&marks[0].text, &hidden.text(t));
                        }
                    }
                }
            }
            // The axis comes from the shown counts only.
            let max = series.iter().flat_map(|s| s.values.iter()).filter_map(|v| v.count()).max().unwrap_or(0);
            prop_assert_eq!(g.scale, scale(max));
        }

        /// A hidden month has no point, and no piece of the line reaches over it.
        #[test]
        fn the_line_breaks_at_a_hidden_number(values in proptest::collection::vec(shown(), 1..40), t in 3u32..10) {
            let g = line(area(), &values, t);
            let x_of = |i: usize| area().x + (i as f32 + 0.5) * g.slot;
            for (i, v) in values.iter().enumerate() {
                let dots = g.dots.iter().filter(|d| d.index == i).count();
                prop_assert_eq!(dots, usize::from(v.count().is_some()));
                if v.count().is_none() {
                    let x = x_of(i);
                    for run in &g.runs {
                        let (lo, hi) = (run[0].0, run[run.len() - 1].0);
                        prop_assert!(!(lo <= x && x <= hi), "the line crosses hidden month {}", i);
                    }
                    let marked = g.marks.iter().any(|m| m.category == i);
                    prop_assert_eq!(marked, *v != Shown::None);
                }
            }
            let joined: usize = g.runs.iter().map(Vec::len).sum();
            prop_assert!(joined <= g.dots.len());
        }
    }
}
