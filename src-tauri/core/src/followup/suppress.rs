//! Suppression (röjandekontroll) of a table of counts before anything leaves the computation.
//!
//! "Statistics must be sex-disaggregated … without any person being identifiable" (issue 7,
//! [003 Del 5]): "every count below a threshold (default 5, configurable ≥ 3) is shown as
//! "<5" and never derivable from totals (suppress complementary cells too)".
//!
//! # The algorithm
//!
//! A table is a grid of inner cells with, optionally, a published total per row, per column
//! and a grand total. Every published total gives a **line**: an equation `sum(parts) =
//! total`. With row and column totals both published, the column of row totals and the row of
//! column totals are lines too (their total is the grand total).
//!
//! 1. **Primary suppression.** Every published number — inner cell or total — with
//!    `1 ≤ v < t` is hidden and shown as `"<t"`.
//! 2. **Complementary suppression**, repeated until nothing changes (each step hides one more
//!    number, so it ends):
//!    - a line with exactly one hidden member (part or total) could be solved for it: hide
//!      the smallest visible non-zero part as well (the "next-smallest" cell); if there is
//!      none, hide the line's total;
//!    - a line whose total is visible and whose hidden parts sum to less than `2t − 1` is
//!      hidden more (next-smallest visible non-zero part, else the total). Reason: a reader
//!      knows a `"<t"` cell is in `1..t−1` and a `".."` cell is at least `t`; with one of each
//!      and their sum `S` known, the small one is at most `S − t`. Requiring `S ≥ 2t − 1`
//!      leaves the whole range `1..t−1` possible for it.
//! 3. **Display.** A hidden number in `1..t−1` is `"<t"`; a hidden number `≥ t` (a
//!    complementary one) is `".."`. A zero is shown as `0`: it is a count of nobody and is
//!    never hidden, because hiding it would need a marker that lies about it.
//!
//! Zeros are never chosen as complements: a hidden zero would be shown as `".."` (≥ t), a lie
//! that a reader could also exploit.
//!
//! # What it does not do
//!
//! It protects each table on its own, against solving single lines (and, by repetition, chains
//! of them) and against the simple interval argument above. It is not a full linear-programming
//! audit: with several complements in one line, or across tables that share a total (the SIPs
//! initiated per month and per legal sex), a determined reader may narrow a hidden cell's range.
//! The tables are therefore kept few and coarse (few age bands), and a coordinator merges the
//! laptops' suppressed CSVs, never raw counts (see `docs/STATISTIK-CSV.md`).

use serde::Serialize;
use ts_rs::TS;

/// The lowest threshold a user may set ("configurable ≥ 3").
pub const MIN_THRESHOLD: u32 = 3;
/// The default threshold ("default 5").
pub const DEFAULT_THRESHOLD: u32 = 5;

/// One published number after suppression: the PDF engine's maybe-hidden number (its charts
/// give a hidden one no height). The rule that hides a number is this module's.
pub use tryggplan_pdf::model::Shown;

/// Which totals a table publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// One total per row (the sum of the row's cells).
    pub rows: bool,
    /// One total per column (the sum of the column's cells).
    pub cols: bool,
}

/// A table of raw counts, before suppression. `cells[r][c]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw {
    pub cells: Vec<Vec<u64>>,
    pub totals: Totals,
}

/// A suppressed table: the inner cells, the row totals, the column totals and the grand
/// total, each `Shown::None` where the table does not publish it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Suppressed {
    pub cells: Vec<Vec<Shown>>,
    pub row_totals: Vec<Shown>,
    pub col_totals: Vec<Shown>,
    pub grand_total: Shown,
}

/// A position in the extended grid: `(r, c)` with `r == rows` the totals row and
/// `c == cols` the totals column.
type Pos = (usize, usize);

/// An equation `sum(parts) = total` between published numbers.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub parts: Vec<Pos>,
    pub total: Pos,
}

/// The lines of a table with `rows × cols` inner cells and the given totals.
pub(crate) fn lines(rows: usize, cols: usize, totals: Totals) -> Vec<Line> {
    let mut out = Vec::new();
    if totals.rows {
        for r in 0..rows {
            out.push(Line {
                parts: (0..cols).map(|c| (r, c)).collect(),
                total: (r, cols),
            });
        }
    }
    if totals.cols {
        for c in 0..cols {
            out.push(Line {
                parts: (0..rows).map(|r| (r, c)).collect(),
                total: (rows, c),
            });
        }
    }
    if totals.rows && totals.cols {
        out.push(Line {
            parts: (0..rows).map(|r| (r, cols)).collect(),
            total: (rows, cols),
        });
        out.push(Line {
            parts: (0..cols).map(|c| (rows, c)).collect(),
            total: (rows, cols),
        });
    }
    out
}

/// Whether a position of the extended grid is published at all.
fn published(p: Pos, rows: usize, cols: usize, totals: Totals) -> bool {
    match (p.0 == rows, p.1 == cols) {
        (false, false) => true,
        (false, true) => totals.rows,
        (true, false) => totals.cols,
        (true, true) => totals.rows && totals.cols,
    }
}

/// The extended grid of values: cells, row totals, column totals, grand total.
fn extended(raw: &Raw, cols: usize) -> Vec<Vec<u64>> {
    let rows = raw.cells.len();
    let mut g = vec![vec![0u64; cols + 1]; rows + 1];
    for (r, row) in raw.cells.iter().enumerate() {
        for c in 0..cols {
            let v = row.get(c).copied().unwrap_or(0);
            g[r][c] = v;
            g[r][cols] += v;
            g[rows][c] += v;
            g[rows][cols] += v;
        }
    }
    g
}

/// Suppresses a table with threshold `t` (values below [`MIN_THRESHOLD`] are raised to it).
/// Never panics; ragged rows are read as zeros.
pub fn suppress(raw: &Raw, threshold: u32) -> Suppressed {
    let t = u64::from(threshold.max(MIN_THRESHOLD));
    let rows = raw.cells.len();
    let cols = raw.cells.iter().map(Vec::len).max().unwrap_or(0);
    let g = extended(raw, cols);
    let mut hidden = vec![vec![false; cols + 1]; rows + 1];
    for (r, row) in g.iter().enumerate() {
        for (c, &v) in row.iter().enumerate() {
            if published((r, c), rows, cols, raw.totals) && (1..t).contains(&v) {
                hidden[r][c] = true;
            }
        }
    }
    let lines = lines(rows, cols, raw.totals);
    loop {
        let mut changed = false;
        for line in &lines {
            let hidden_parts: Vec<Pos> = line
                .parts
                .iter()
                .copied()
                .filter(|&(r, c)| hidden[r][c])
                .collect();
            let total_hidden = hidden[line.total.0][line.total.1];
            let members_hidden = hidden_parts.len() + usize::from(total_hidden);
            let hidden_sum: u64 = hidden_parts.iter().map(|&(r, c)| g[r][c]).sum();
            let needs_more = members_hidden == 1
                || (!total_hidden && !hidden_parts.is_empty() && hidden_sum < 2 * t - 1);
            if !needs_more {
                continue;
            }
            let next = line
                .parts
                .iter()
                .copied()
                .filter(|&(r, c)| !hidden[r][c] && g[r][c] > 0)
                .min_by_key(|&(r, c)| g[r][c]);
            match next {
                Some((r, c)) => hidden[r][c] = true,
                None if !total_hidden => hidden[line.total.0][line.total.1] = true,
                None => continue,
            }
            changed = true;
        }
        if !changed {
            break;
        }
    }
    let show = |p: Pos| -> Shown {
        if !published(p, rows, cols, raw.totals) {
            return Shown::None;
        }
        let v = g[p.0][p.1];
        if !hidden[p.0][p.1] {
            Shown::Count(v)
        } else if v < t {
            Shown::Small
        } else {
            Shown::Complement
        }
    };
    Suppressed {
        cells: (0..rows)
            .map(|r| (0..cols).map(|c| show((r, c))).collect())
            .collect(),
        row_totals: (0..rows).map(|r| show((r, cols))).collect(),
        col_totals: (0..cols).map(|c| show((rows, c))).collect(),
        grand_total: show((rows, cols)),
    }
}

/// A share `numerator / denominator` as a whole percent, or `None` when it would reveal a
/// small group: the denominator is below `t`, or either the numerator or the rest
/// (`denominator − numerator`) is between 1 and t − 1.
pub fn share_percent(numerator: u64, denominator: u64, threshold: u32) -> Option<u32> {
    let t = u64::from(threshold.max(MIN_THRESHOLD));
    let rest = denominator.saturating_sub(numerator);
    if denominator < t || (1..t).contains(&numerator) || (1..t).contains(&rest) {
        return None;
    }
    Some(((numerator * 100 + denominator / 2) / denominator) as u32)
}
