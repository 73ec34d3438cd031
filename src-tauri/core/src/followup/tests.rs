//! Tests of follow-up and statistics: the report against an independent computation over a
//! fixture of 200 persons, suppression as a property, the CSV through Python's csv module, the
//! merge, and the storage (who used violence, deviations).

// The expected counts are computed with plain index loops on purpose: simple and independent.
#![allow(clippy::needless_range_loop)]
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

use super::csv::{self, TOTAL};
use super::report::{self, *};
use super::suppress::{self, Raw, Shown, Suppressed, Totals};
use super::*;
use crate::testkit::{self, date};
use crate::vocab::{CarriedOut, GoalMet, LegalSex, RiskInstrument, Role, ViolenceForm};

// ---------------------------------------------------------------------------------------
// The fixture: 200 persons in 100 cases, with known distributions (a small LCG, so the
// numbers are fixed but not hand-picked).

struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub(crate) fn fixture() -> ReportInput {
    let mut rng = Lcg(7);
    let mut input = ReportInput::default();
    for c in 0..100usize {
        let opened = d(2025, 1 + (c % 12) as u32, 1 + (c % 28) as u32);
        let mut case = CaseFact {
            opened_on: opened,
            sips: Vec::new(),
        };
        // Every third case has a SIP; some closed, some in 2027 (outside the period).
        if c % 3 == 0 {
            let need = d(2026, 1 + (c % 12) as u32, 1 + (c % 27) as u32);
            let closed = match c % 4 {
                0 => Some(d(2026, 12, 20)),
                1 => Some(d(2025, 12, 31)).filter(|_| need < d(2025, 12, 31)),
                _ => None,
            };
            case.sips.push((need, closed));
            let sex = LegalSex::ALL[rng.next(3) as usize];
            let held = (c % 2 == 0).then(|| need + chrono::Days::new(5 + rng.next(40)));
            let items = (0..rng.next(4))
                .map(|_| ItemFact {
                    on: d(2026, 1 + rng.next(12) as u32, 10),
                    carried_out: CarriedOut::ALL[rng.next(3) as usize],
                    goal_met: GoalMet::ALL[rng.next(3) as usize],
                })
                .collect();
            input.sips.push(SipFact {
                sex,
                need_discovered_on: need,
                meetings_held: held.into_iter().collect(),
                follow_ups: if c % 6 == 0 {
                    vec![d(2026, 11, 2)]
                } else {
                    vec![]
                },
                items,
                closed_on: closed,
            });
            input.consents.push(ConsentFact {
                sex,
                valid_from: need,
                valid_to: need + chrono::Days::new(364),
                withdrawn_on: (c % 5 == 0).then(|| need + chrono::Days::new(30)),
            });
        }
        // A case closed in 2025 (not active in 2026).
        if c == 99 {
            case.sips = vec![(d(2025, 2, 1), Some(d(2025, 6, 1)))];
        }
        input.cases.push(case);
        for _ in 0..2 {
            let roles = match rng.next(10) {
                0..=4 => vec![Role::Valdsutsatt],
                5..=6 => vec![Role::BarnSomBevittnatVald],
                7..=8 => vec![Role::Valdsutovare],
                _ => vec![Role::Valdsutsatt, Role::Valdsutovare],
            };
            let forms = ViolenceForm::ALL
                .iter()
                .copied()
                .filter(|_| rng.next(3) == 0)
                .collect();
            let by = (0..rng.next(3))
                .map(|_| {
                    let k = rng.next(6) as usize;
                    PerpetratorRelation::ALL.get(k).copied()
                })
                .collect();
            input.persons.push(PersonFact {
                case: c,
                sex: [
                    LegalSex::Kvinna,
                    LegalSex::Kvinna,
                    LegalSex::Man,
                    LegalSex::Okant,
                ][rng.next(4) as usize],
                age_at_start: (rng.next(10) != 0).then(|| rng.next(90) as u32),
                roles,
                violence_forms: forms,
                violence_by: by,
            });
        }
    }
    for i in 0..60 {
        input.risks.push(RiskFact {
            sex: LegalSex::ALL[i % 3],
            instrument: RiskInstrument::ALL[(i * 7) % 6],
            assessed_on: d(2025 + (i % 4 == 0) as i32, 1 + (i % 12) as u32, 3),
        });
    }
    for i in 0..40 {
        input.deviations.push(DeviationFact {
            occurred_on: d(2026, 1 + (i % 12) as u32, 9),
            kind: DeviationKind::ALL[(i * 3) % 5],
            status: DeviationStatus::ALL[i % 3],
        });
        input.samrad.push(SamradFact {
            held_on: d(2026, 1 + (i % 12) as u32, 16),
            kind: SamradKind::ALL[i % 4],
            mode: SamradMode::ALL[(i / 3) % 2],
        });
    }
    input
}

/// The expected raw counts, computed the simple way: one loop per table, no shared code with
/// `report::raw_tables`.
fn expected(input: &ReportInput, from: NaiveDate, to: NaiveDate, key: &str) -> Vec<Vec<u64>> {
    let inp = |x: NaiveDate| x >= from && x <= to;
    let case_active = |c: usize| {
        let case = &input.cases[c];
        let all_closed = !case.sips.is_empty() && case.sips.iter().all(|s| s.1.is_some());
        let last = case.sips.iter().filter_map(|s| s.1).max();
        case.opened_on <= to && !(all_closed && last.unwrap() < from)
    };
    let sexes = [LegalSex::Kvinna, LegalSex::Man, LegalSex::Okant];
    let si = |s: LegalSex| sexes.iter().position(|x| *x == s).unwrap();
    let band = |a: Option<u32>| match a {
        None => 6,
        Some(a) if a <= 12 => 0,
        Some(a) if a <= 17 => 1,
        Some(a) if a <= 29 => 2,
        Some(a) if a <= 49 => 3,
        Some(a) if a <= 64 => 4,
        Some(_) => 5,
    };
    let mut g;
    match key {
        k if k.starts_with("malgrupp_") => {
            let role = Role::from_key(&k["malgrupp_".len()..]).unwrap();
            g = vec![vec![0; 3]; 7];
            for p in &input.persons {
                if case_active(p.case) && p.roles.contains(&role) {
                    g[band(p.age_at_start)][si(p.sex)] += 1;
                }
            }
        }
        "valdsformer" => {
            g = vec![vec![0; 3]; 13];
            for p in &input.persons {
                for (i, f) in ViolenceForm::ALL.iter().enumerate() {
                    if case_active(p.case) && p.violence_forms.contains(f) {
                        g[i][si(p.sex)] += 1;
                    }
                }
            }
        }
        "utovare" => {
            g = vec![vec![0; 3]; 6];
            for p in &input.persons {
                let victim = p.roles.contains(&Role::Valdsutsatt)
                    || p.roles.contains(&Role::BarnSomBevittnatVald);
                if !(case_active(p.case) && victim) {
                    continue;
                }
                for row in 0..6 {
                    let has = if row == 5 {
                        p.violence_by.is_empty() || p.violence_by.contains(&None)
                    } else {
                        p.violence_by.contains(&Some(PerpetratorRelation::ALL[row]))
                    };
                    if has {
                        g[row][si(p.sex)] += 1;
                    }
                }
            }
        }
        "sip" => {
            g = vec![vec![0; 3]; 4];
            for s in &input.sips {
                let c = si(s.sex);
                g[0][c] += u64::from(inp(s.need_discovered_on));
                g[1][c] += u64::from(s.meetings_held.iter().any(|x| inp(*x)));
                g[2][c] += u64::from(s.follow_ups.iter().any(|x| inp(*x)));
                g[3][c] += u64::from(s.closed_on.is_some_and(inp));
            }
        }
        "insatser_utforda" | "mal_uppfyllda" => {
            g = vec![vec![0; 3]; 3];
            for s in &input.sips {
                for it in &s.items {
                    if inp(it.on) {
                        let r = if key == "insatser_utforda" {
                            it.carried_out as usize
                        } else {
                            it.goal_met as usize
                        };
                        g[r][si(s.sex)] += 1;
                    }
                }
            }
        }
        "riskbedomningar" => {
            g = vec![vec![0; 3]; 6];
            for r in &input.risks {
                if inp(r.assessed_on) {
                    g[r.instrument as usize][si(r.sex)] += 1;
                }
            }
        }
        "samtycken" => {
            g = vec![vec![0; 3]; 3];
            for c in &input.consents {
                g[0][si(c.sex)] += u64::from(inp(c.valid_from));
                g[1][si(c.sex)] += u64::from(c.withdrawn_on.is_some_and(inp));
                let withdrawn_first = c.withdrawn_on.is_some_and(|w| w <= c.valid_to);
                g[2][si(c.sex)] += u64::from(inp(c.valid_to) && !withdrawn_first);
            }
        }
        "avvikelser" => {
            g = vec![vec![0; 3]; 5];
            for x in &input.deviations {
                if inp(x.occurred_on) {
                    g[x.kind as usize][x.status as usize] += 1;
                }
            }
        }
        "samrad" => {
            g = vec![vec![0; 2]; 4];
            for x in &input.samrad {
                if inp(x.held_on) {
                    g[x.kind as usize][x.mode as usize] += 1;
                }
            }
        }
        "sip_per_manad" => {
            let n = report::months(from, to).len();
            g = vec![vec![0; n]; 1];
            for s in &input.sips {
                if inp(s.need_discovered_on) {
                    let m = (s.need_discovered_on.year() - from.year()) * 12
                        + s.need_discovered_on.month() as i32
                        - from.month() as i32;
                    g[0][m as usize] += 1;
                }
            }
        }
        other => panic!("unknown table {other}"),
    }
    g
}

/// A shown number must be the expected one; a hidden one must be hidden for a reason.
fn check_shown(shown: Shown, expected: u64, t: u64, what: &str) {
    match shown {
        Shown::Count(v) => {
            assert_eq!(v, expected, "{what}");
            assert!(v == 0 || v >= t, "{what}: {v} is shown but below {t}");
        }
        Shown::Small => assert!((1..t).contains(&expected), "{what}: <{t} but {expected}"),
        Shown::Complement => assert!(expected >= t, "{what}: .. but {expected}"),
        Shown::None => {}
    }
}

fn compare(rep: &Report, input: &ReportInput) -> (usize, usize) {
    let t = u64::from(rep.threshold);
    let (mut cells, mut hidden) = (0, 0);
    for table in &rep.tables {
        let g = expected(input, rep.from, rep.to, &table.key);
        assert_eq!(table.data.cells.len(), g.len(), "{}", table.key);
        for (r, row) in g.iter().enumerate() {
            for (c, &v) in row.iter().enumerate() {
                let s = table.data.cells[r][c];
                check_shown(s, v, t, &format!("{} [{r}][{c}]", table.key));
                cells += 1;
                hidden += usize::from(s.count().is_none());
            }
            check_shown(table.data.row_totals[r], row.iter().sum(), t, &table.key);
        }
        for c in 0..g.first().map_or(0, Vec::len) {
            let col: u64 = g.iter().map(|row| row[c]).sum();
            check_shown(table.data.col_totals[c], col, t, &table.key);
        }
        let all: u64 = g.iter().flatten().sum();
        check_shown(table.data.grand_total, all, t, &table.key);
    }
    (cells, hidden)
}

#[test]
fn the_fixture_report_matches_an_independent_count_in_every_cell() {
    let input = fixture();
    assert_eq!(input.persons.len(), 200);
    for t in [3, 5, 8] {
        let rep = report::report(&input, d(2026, 1, 1), d(2026, 12, 31), t);
        let (cells, hidden) = compare(&rep, &input);
        assert!(cells > 150, "{cells}");
        // The fixture is large enough that most numbers are shown, and small enough that
        // some are hidden.
        assert!(hidden > 0, "t={t}: {hidden} of {cells}");
        if t == 5 {
            assert!(hidden < cells / 2, "t={t}: {hidden} of {cells}");
        }
        eprintln!("t={t}: {hidden} of {cells} cells hidden");
        assert_eq!(rep.tables.len(), 13);
    }
    // A quarter-year: other cells, same rules.
    let q = report::report(&input, d(2026, 4, 1), d(2026, 6, 30), 5);
    compare(&q, &input);
    assert_eq!(
        q.tables.last().unwrap().cols,
        vec!["2026-04", "2026-05", "2026-06"]
    );
}

#[test]
fn the_fixture_key_figures() {
    let input = fixture();
    let (from, to) = (d(2026, 1, 1), d(2026, 12, 31));
    let rep = report::report(&input, from, to, 5);
    // Median: the SIPs whose first held meeting is in 2026.
    let mut days: Vec<i64> = input
        .sips
        .iter()
        .filter_map(|s| s.meetings_held.first().map(|m| (*m, s.need_discovered_on)))
        .filter(|(m, _)| *m >= from && *m <= to)
        .map(|(m, n)| (m - n).num_days())
        .collect();
    days.sort();
    let n = days.len();
    assert!(n >= 5);
    let med = if n % 2 == 1 {
        days[n / 2] as f64
    } else {
        (days[n / 2 - 1] + days[n / 2]) as f64 / 2.0
    };
    assert_eq!(rep.median_days_to_first_meeting.days, Some(med));
    assert_eq!(rep.median_days_to_first_meeting.sips, Some(n as u64));
    // The indicator: every case here is a violence case (every person has a role); case 99
    // is closed in 2025. Cases 0, 3, 6, … have a SIP; those closed before 2026 don't count.
    let mut den = 0;
    let mut num = 0;
    for (c, case) in input.cases.iter().enumerate() {
        if c == 99 {
            continue;
        }
        let closed_before =
            !case.sips.is_empty() && case.sips.iter().all(|s| s.1.is_some_and(|x| x < from));
        if closed_before {
            continue;
        }
        den += 1;
        if case
            .sips
            .iter()
            .any(|s| s.0 <= to && s.1.is_none_or(|x| x >= from))
        {
            num += 1;
        }
    }
    assert_eq!(
        rep.sip_indicator.percent,
        Some(((num * 100 + den / 2) / den) as u32)
    );
    // Fewer SIPs than the threshold: no median.
    let few = report::report(&input, d(2026, 3, 1), d(2026, 3, 31), 20);
    assert_eq!(few.median_days_to_first_meeting.days, None);
}

#[test]
fn suppression_by_hand() {
    // Row 0 has a 2: hidden "<5"; its row must hide another (the 6, the next-smallest), and
    // the hidden sum 8 < 2·5−1 = 9 needs one more (the 20). Columns then follow.
    let raw = Raw {
        cells: vec![vec![2, 6, 20], vec![10, 11, 12], vec![0, 0, 0]],
        totals: Totals {
            rows: true,
            cols: true,
        },
    };
    let s = suppress::suppress(&raw, 5);
    assert_eq!(s.cells[0][0], Shown::Small);
    assert_eq!(s.cells[0][1], Shown::Complement);
    assert_eq!(s.cells[2], vec![Shown::Count(0); 3], "zeros are shown");
    assert_eq!(s.row_totals[2], Shown::Count(0));
    assert!(recoverable(&raw, &s, 5).is_empty());
    // The attacker's check finds a leak where only the small cell is hidden: 28 − 6 − 20.
    let mut naive = s.clone();
    naive.cells[0][1] = Shown::Count(6);
    naive.cells[0][2] = Shown::Count(20);
    naive.row_totals[0] = Shown::Count(28);
    naive.col_totals[0] = Shown::Count(12);
    assert!(recoverable(&raw, &naive, 5).contains(&(0, 0)));
    // Nothing small: nothing hidden.
    let raw = Raw {
        cells: vec![vec![5, 6], vec![7, 0]],
        totals: Totals {
            rows: true,
            cols: true,
        },
    };
    let s = suppress::suppress(&raw, 5);
    assert_eq!(s.grand_total, Shown::Count(18));
    assert!(s.cells.iter().flatten().all(|c| c.count().is_some()));
    // A threshold below 3 is raised to 3.
    let raw = Raw {
        cells: vec![vec![2, 30]],
        totals: Totals {
            rows: false,
            cols: false,
        },
    };
    assert_eq!(suppress::suppress(&raw, 1).cells[0][0], Shown::Small);
    assert_eq!(Shown::Small.text(5), "<5");
    assert_eq!(suppress::share_percent(3, 40, 5), None);
    assert_eq!(
        suppress::share_percent(37, 40, 5),
        None,
        "the rest, 3, is small"
    );
    assert_eq!(suppress::share_percent(20, 40, 5), Some(50));
    assert_eq!(suppress::share_percent(0, 4, 5), None);
}

/// The hidden positions an attacker can solve for: repeatedly take a line (row, column,
/// totals) with exactly one unknown and compute it. Returns what was recovered.
fn recoverable(raw: &Raw, s: &Suppressed, _t: u64) -> Vec<(usize, usize)> {
    let rows = raw.cells.len();
    let cols = raw.cells.iter().map(Vec::len).max().unwrap_or(0);
    let mut known = vec![vec![None::<u64>; cols + 1]; rows + 1];
    for r in 0..rows {
        for c in 0..cols {
            known[r][c] = s.cells[r][c].count();
        }
        known[r][cols] = s.row_totals[r].count();
    }
    for c in 0..cols {
        known[rows][c] = s.col_totals[c].count();
    }
    known[rows][cols] = s.grand_total.count();
    let hidden_at_start: Vec<(usize, usize)> = (0..=rows)
        .flat_map(|r| (0..=cols).map(move |c| (r, c)))
        .filter(|&(r, c)| known[r][c].is_none())
        .collect();
    let lines = suppress::lines(rows, cols, raw.totals);
    let mut recovered = Vec::new();
    loop {
        let mut progress = false;
        for l in &lines {
            let members: Vec<(usize, usize)> = l.parts.iter().copied().chain([l.total]).collect();
            let unknown: Vec<_> = members
                .iter()
                .copied()
                .filter(|&(r, c)| known[r][c].is_none())
                .collect();
            if unknown.len() != 1 {
                continue;
            }
            let u = unknown[0];
            let parts_known: u64 = l.parts.iter().filter_map(|&(r, c)| known[r][c]).sum();
            let v = if u == l.total {
                parts_known
            } else {
                known[l.total.0][l.total.1].unwrap() - parts_known
            };
            known[u.0][u.1] = Some(v);
            progress = true;
            // Only a *published* position that was hidden counts as a leak.
            let published = (u.0 < rows && u.1 < cols)
                || (u.1 == cols && u.0 < rows && raw.totals.rows)
                || (u.0 == rows && u.1 < cols && raw.totals.cols)
                || (u.0 == rows && u.1 == cols && raw.totals.rows && raw.totals.cols);
            if published && hidden_at_start.contains(&u) {
                recovered.push(u);
            }
        }
        if !progress {
            break;
        }
    }
    recovered
}

fn arb_raw() -> impl Strategy<Value = (Raw, u32)> {
    (1usize..7, 1usize..6, any::<bool>(), any::<bool>(), 3u32..9)
        .prop_flat_map(|(r, c, rows, cols, t)| {
            (
                proptest::collection::vec(
                    proptest::collection::vec(
                        prop_oneof![3 => 0u64..3, 3 => 1u64..10, 2 => 0u64..60],
                        c,
                    ),
                    r,
                ),
                Just(Totals { rows, cols }),
                Just(t),
            )
        })
        .prop_map(|(cells, totals, t)| (Raw { cells, totals }, t))
}

fn all_shown(s: &Suppressed) -> Vec<Shown> {
    s.cells
        .iter()
        .flatten()
        .chain(&s.row_totals)
        .chain(&s.col_totals)
        .chain([&s.grand_total])
        .copied()
        .collect()
}

/// A random data set of `n` persons (and as many SIPs and deviations) in 2026, from `seed`:
/// the generator of the suppression property, also used by the PDF's (`document`).
pub(crate) fn random_input(seed: u64, n: usize) -> ReportInput {
    let mut rng = Lcg(seed);
    let mut input = ReportInput::default();
    for _ in 0..(n / 2 + 1) {
        input.cases.push(CaseFact {
            opened_on: d(2025, 1 + rng.next(12) as u32, 1),
            sips: if rng.next(2) == 0 {
                vec![(d(2026, 1 + rng.next(12) as u32, 2), None)]
            } else {
                vec![]
            },
        });
    }
    for _ in 0..n {
        input.persons.push(PersonFact {
            case: rng.next(input.cases.len() as u64) as usize,
            sex: LegalSex::ALL[rng.next(3) as usize],
            age_at_start: Some(rng.next(90) as u32),
            roles: vec![Role::ALL[rng.next(3) as usize]],
            violence_forms: vec![ViolenceForm::ALL[rng.next(13) as usize]],
            violence_by: vec![PerpetratorRelation::ALL.get(rng.next(6) as usize).copied()],
        });
        input.sips.push(SipFact {
            sex: LegalSex::ALL[rng.next(3) as usize],
            need_discovered_on: d(2026, 1 + rng.next(12) as u32, 1),
            meetings_held: vec![d(2026, 1 + rng.next(12) as u32, 20)],
            follow_ups: vec![],
            items: vec![ItemFact {
                on: d(2026, 6, 1),
                carried_out: CarriedOut::ALL[rng.next(3) as usize],
                goal_met: GoalMet::ALL[rng.next(3) as usize],
            }],
            closed_on: None,
        });
        input.deviations.push(DeviationFact {
            occurred_on: d(2026, 5, 5),
            kind: DeviationKind::ALL[rng.next(5) as usize],
            status: DeviationStatus::ALL[rng.next(3) as usize],
        });
    }
    input
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_small_number_is_shown_or_recoverable((raw, t) in arb_raw()) {
        let s = suppress::suppress(&raw, t);
        for v in all_shown(&s) {
            if let Shown::Count(v) = v {
                prop_assert!(v == 0 || v >= u64::from(t), "{v} shown with t={t}");
            }
        }
        let rec = recoverable(&raw, &s, u64::from(t));
        prop_assert!(rec.is_empty(), "recovered {rec:?} from {raw:?} → {s:?}");
        // Every line with a visible total keeps at least 2t − 1 hidden behind its hidden
        // cells, so a "<t" next to a ".." can be anything in 1..t−1.
        let cols = raw.cells.iter().map(Vec::len).max().unwrap_or(0);
        let rows = raw.cells.len();
        let get = |(r, c): (usize, usize)| -> (Shown, u64) {
            let v: u64 = match (r == rows, c == cols) {
                (false, false) => raw.cells[r][c],
                (false, true) => raw.cells[r].iter().sum(),
                (true, false) => raw.cells.iter().map(|x| x[c]).sum(),
                (true, true) => raw.cells.iter().flatten().sum(),
            };
            let s = match (r == rows, c == cols) {
                (false, false) => s.cells[r][c],
                (false, true) => s.row_totals[r],
                (true, false) => s.col_totals[c],
                (true, true) => s.grand_total,
            };
            (s, v)
        };
        for l in suppress::lines(rows, cols, raw.totals) {
            if get(l.total).0.count().is_none() { continue; }
            let hidden: Vec<u64> = l.parts.iter().map(|&p| get(p)).filter(|(s, _)| s.count().is_none()).map(|x| x.1).collect();
            if !hidden.is_empty() {
                prop_assert!(hidden.iter().sum::<u64>() >= 2 * u64::from(t) - 1);
            }
        }
    }

    #[test]
    fn no_exported_number_is_small(seed in any::<u64>(), n in 0usize..80, t in 3u32..8) {
        let input = random_input(seed, n);
        let rep = report::report(&input, d(2026, 1, 1), d(2026, 12, 31), t);
        for table in &rep.tables {
            for v in all_shown(&table.data) {
                if let Shown::Count(v) = v {
                    prop_assert!(v == 0 || v >= u64::from(t), "{}: {v}", table.key);
                }
            }
        }
        // The CSV carries the same: no value field between 1 and t − 1.
        let text = String::from_utf8(csv::to_csv(&rep, crate::profile::ProfileKind::Real)).unwrap();
        for rec in csv::parse(&text).iter().skip(1) {
            if rec[3] == csv::KEY_FIGURES { continue; }
            if let Ok(v) = rec[7].parse::<u64>() {
                prop_assert!(v == 0 || v >= u64::from(t), "csv {rec:?}");
            }
        }
        compare(&rep, &input);
    }
}

// ---------------------------------------------------------------------------------------
// CSV.

#[test]
fn the_csv_opens_in_pythons_csv_module_as_swedish_excel_would() {
    let input = fixture();
    let rep = report::report(&input, d(2026, 1, 1), d(2026, 12, 31), 5);
    let bytes = csv::to_csv(&rep, crate::profile::ProfileKind::Real);
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM");
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.ends_with("\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("statistik.csv");
    std::fs::write(&path, &bytes).unwrap();
    let script = r#"
import csv, sys, json
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    rows = list(csv.reader(f, delimiter=';'))
print(json.dumps({"header": rows[0], "n": len(rows) - 1,
  "widths": sorted(set(len(r) for r in rows)),
  "sip_total": [r[7] for r in rows if r[3] == 'sip' and r[5] == 'Initierade' and r[6] == 'Totalt'],
  "median": [r[7] for r in rows if r[3] == 'nyckeltal' and r[5].startswith('Median antal')],
  "women_30_49": [r[7] for r in rows if r[3] == 'malgrupp_valdsutsatt' and r[5] == '30–49 år' and r[6] == 'Kvinna']}))
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["header"],
        serde_json::json!([
            "period_fran",
            "period_till",
            "grans",
            "tabell",
            "rubrik",
            "rad",
            "kolumn",
            "varde"
        ])
    );
    assert_eq!(v["widths"], serde_json::json!([8]));
    let lines = csv::parse(&text);
    assert_eq!(v["n"].as_u64().unwrap() as usize, lines.len() - 1);
    assert!(lines.len() > 200);
    // The same numbers as the report.
    let sip = rep.tables.iter().find(|t| t.key == "sip").unwrap();
    assert_eq!(
        v["sip_total"],
        serde_json::json!([sip.data.row_totals[0].text(5)])
    );
    let m = rep.median_days_to_first_meeting.days.unwrap();
    assert_eq!(v["median"], serde_json::json!([csv::decimal(m)]));
    let w = &rep.tables[0].data.cells[3][0];
    assert_eq!(v["women_30_49"], serde_json::json!([w.text(5)]));
    assert_eq!(csv::decimal(12.5), "12,5");
    assert_eq!(csv::decimal(7.0), "7");
    assert_eq!(csv::field("a;b"), "\"a;b\"");
    assert_eq!(csv::field("=SUMMA(A1)"), "'=SUMMA(A1)");
    assert_eq!(csv::field("-3"), "-3");
}

#[test]
fn merging_laptops_gives_exact_sums_or_lower_bounds() {
    let input = fixture();
    let a = report::report(&input, d(2026, 1, 1), d(2026, 12, 31), 5);
    // A second laptop: the first half of the cases only.
    let mut half = input.clone();
    half.persons.retain(|p| p.case < 50);
    let b = report::report(&half, d(2026, 1, 1), d(2026, 12, 31), 5);
    let merged = csv::merge(&[
        csv::to_csv(&a, crate::profile::ProfileKind::Real),
        csv::to_csv(&b, crate::profile::ProfileKind::Real),
    ])
    .unwrap();
    let text = String::from_utf8(merged).unwrap();
    let recs = csv::parse(&text);
    assert_eq!(recs[0], csv::MERGED_HEADER.map(String::from).to_vec());
    let find = |table: &str, row: &str, col: &str| {
        recs.iter()
            .find(|r| r[2] == table && r[4] == row && r[5] == col)
            .cloned()
            .unwrap()
    };
    let ta = a
        .tables
        .iter()
        .find(|t| t.key == "malgrupp_valdsutsatt")
        .unwrap();
    let tb = b
        .tables
        .iter()
        .find(|t| t.key == "malgrupp_valdsutsatt")
        .unwrap();
    let row = find("malgrupp_valdsutsatt", TOTAL, TOTAL);
    match (ta.data.grand_total.count(), tb.data.grand_total.count()) {
        (Some(x), Some(y)) => {
            assert_eq!(row[6], (x + y).to_string());
            assert_eq!(row[8], "0");
        }
        _ => assert_eq!(row[6], ""),
    }
    assert_eq!(row[9], "2");
    // Every merged row: exact only when nothing was hidden; the bound never above the truth.
    for r in recs.iter().skip(1) {
        let hidden: u64 = r[8].parse().unwrap();
        assert_eq!(r[6].is_empty(), hidden > 0, "{r:?}");
        if hidden == 0 {
            assert_eq!(r[6], r[7]);
        }
    }
    let small = recs.iter().skip(1).filter(|r| r[8] != "0").count();
    assert!(small > 0, "the fixture has hidden cells");
    // Different periods are refused, and so is a file of another kind.
    let c = report::report(&input, d(2025, 1, 1), d(2025, 12, 31), 5);
    let err = csv::merge(&[
        csv::to_csv(&a, crate::profile::ProfileKind::Real),
        csv::to_csv(&c, crate::profile::ProfileKind::Real),
    ])
    .unwrap_err();
    assert!(err.to_string().contains("Fil 2"), "{err}");
    assert!(csv::merge(&[b"namn;adress\r\n".to_vec()]).is_err());
    assert!(csv::merge(&[]).is_err());
    assert!(csv::merge(&[vec![0xff, 0xfe]]).is_err());
}

// ---------------------------------------------------------------------------------------
// Fuzz targets for the merge, the one format the app reads from outside (issue 8): proptest
// with a large case count (`cargo fuzz` needs nightly). CI runs the default counts;
// `TRYGGPLAN_FUZZ_CASES=<n>` runs more locally.

/// Found by `fuzz_csv_shaped_files_merge_as_the_format_says`: a sum beyond `u64::MAX`
/// panicked (debug) or wrapped to a small number (release); now the file is refused.
#[test]
fn a_sum_that_does_not_fit_is_refused_not_wrapped() {
    let head = csv::HEADER.join(";");
    let file = format!(
        "{head}\r\n2026-01-01;2026-12-31;5;a;A;x;y;1\r\n2026-01-01;2026-12-31;5;a;A;x;y;{}\r\n",
        u64::MAX
    );
    let e = csv::merge(&[file.into_bytes()]).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("Fil 1 kan inte slås ihop: en summa blir för stor"),
        "{e}"
    );
    // Up to the limit it is summed exactly.
    let file = format!(
        "{head}\r\n2026-01-01;2026-12-31;5;a;A;x;y;1\r\n2026-01-01;2026-12-31;5;a;A;x;y;{}\r\n",
        u64::MAX - 1
    );
    let out = String::from_utf8(csv::merge(&[file.into_bytes()]).unwrap()).unwrap();
    assert_eq!(csv::parse(&out)[1][6], u64::MAX.to_string());
}

/// A real laptop's CSV (the fixture's report), made once per test process.
fn sample_csv() -> &'static [u8] {
    static S: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        csv::to_csv(
            &report::report(&fixture(), d(2026, 1, 1), d(2026, 12, 31), 5),
            crate::profile::ProfileKind::Real,
        )
    })
}

/// A refusal says in Swedish which file can't be merged and what to use instead.
fn refused_in_swedish(e: &crate::Error, files: usize) -> std::result::Result<(), TestCaseError> {
    let msg = e.to_string();
    prop_assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
    let file_named = (1..=files).any(|n| msg.starts_with(&format!("Fil {n} kan inte slås ihop: ")));
    prop_assert!(file_named, "{msg}");
    prop_assert!(
        msg.ends_with("Använd CSV-filer som Tryggplan har skapat för samma period."),
        "{msg}"
    );
    Ok(())
}

/// A merged CSV reads back with its header, ten fields a line, and an exact number exactly
/// when no part was hidden (then equal to the lower bound).
fn merged_is_well_formed(bytes: &[u8]) -> std::result::Result<Vec<Vec<String>>, TestCaseError> {
    let text = std::str::from_utf8(bytes).unwrap();
    prop_assert!(text.starts_with(csv::BOM));
    let recs = csv::parse(text);
    prop_assert_eq!(&recs[0], &csv::MERGED_HEADER.map(String::from).to_vec());
    for r in &recs[1..] {
        prop_assert_eq!(r.len(), csv::MERGED_HEADER.len(), "{:?}", r);
        let hidden: u64 = r[8].parse().unwrap();
        let minimum: u64 = r[7].parse().unwrap();
        prop_assert!(r[9].parse::<u64>().unwrap() >= 1);
        if hidden == 0 {
            prop_assert_eq!(r[6].parse::<u64>().unwrap(), minimum);
        } else {
            prop_assert_eq!(r[6].as_str(), "");
            prop_assert!(minimum >= hidden);
        }
    }
    Ok(recs)
}

/// A real CSV with a few changes: overwritten bytes, a cut, inserted bytes.
fn mutated_csv() -> impl Strategy<Value = Vec<u8>> {
    let len = sample_csv().len();
    (
        proptest::collection::vec((0..len, any::<u8>()), 0..4),
        prop_oneof![Just(None), (0..len).prop_map(Some)],
        proptest::collection::vec(
            prop_oneof![
                any::<u8>(),
                proptest::sample::select(b";\"\r\n<.0123456789".to_vec())
            ],
            0..4,
        ),
        0..len,
    )
        .prop_map(|(edits, cut, insert, at)| {
            let mut b = sample_csv().to_vec();
            for (pos, val) in edits {
                b[pos] = val;
            }
            let at = at.min(b.len());
            b.splice(at..at, insert);
            if let Some(c) = cut {
                b.truncate(c);
            }
            b
        })
}

/// One line of a laptop's CSV as the merge reads it: the period, the threshold, the table,
/// its title, the row, the column and the value. Few tables, rows and columns, so that files
/// add up in the same cells; values from small to beyond `u64::MAX`.
#[derive(Debug, Clone)]
struct Line {
    period: (String, String),
    threshold: String,
    table: String,
    title: String,
    row: String,
    col: String,
    value: String,
}

fn csv_line() -> impl Strategy<Value = Line> {
    let period = prop_oneof![
        8 => Just(("2026-01-01".to_owned(), "2026-12-31".to_owned())),
        1 => ("20[0-9]{2}-0[1-9]-01", "20[0-9]{2}-1[0-2]-31"),
    ];
    let threshold = prop_oneof![
        8 => "[3-9]",
        1 => "[0-9]{17,21}",
        1 => any::<String>(),
    ];
    let table = prop_oneof![6 => "[ab]", 1 => Just(csv::KEY_FIGURES.to_owned())];
    let value = prop_oneof![
        6 => "[0-9]{1,4}",
        2 => "<[3-9]",
        2 => Just("..".to_owned()),
        2 => "[1-9][0-9]{17,19}",
        1 => Just(u64::MAX.to_string()),
        1 => "[-+ ,.a-z0-9]{0,4}",
    ];
    (
        period,
        threshold,
        table,
        prop_oneof![3 => "[A-ZÅÄÖ][a-zåäö ]{0,8}", 1 => any::<String>()],
        prop_oneof!["[xy]", Just(TOTAL.to_owned())],
        prop_oneof!["[xy]", Just(TOTAL.to_owned())],
        value,
    )
        .prop_map(|(period, threshold, table, title, row, col, value)| Line {
            period,
            threshold,
            table,
            title,
            row,
            col,
            value,
        })
}

/// Lines written as a Tryggplan CSV (with or without the byte-order mark, CRLF or LF, quoted
/// or not, now and then a blank line or a line with a field too many or too few).
fn csv_file() -> impl Strategy<Value = (Vec<Line>, Vec<u8>)> {
    (
        proptest::collection::vec(csv_line(), 0..12),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec(0u8..40, 12),
    )
        .prop_map(|(lines, bom, lf, quote_all, odd)| {
            let mut out = if bom {
                csv::BOM.to_owned()
            } else {
                String::new()
            };
            let end = if lf { "\n" } else { "\r\n" };
            let put = |out: &mut String, fields: &[&str]| {
                let v: Vec<String> = fields
                    .iter()
                    .map(|f| {
                        if quote_all {
                            format!("\"{}\"", f.replace('"', "\"\""))
                        } else {
                            csv::field(f)
                        }
                    })
                    .collect();
                out.push_str(&v.join(";"));
                out.push_str(end);
            };
            put(&mut out, &csv::HEADER);
            for (l, odd) in lines.iter().zip(odd) {
                match odd {
                    0 => out.push_str(end),
                    1 => put(&mut out, &[&l.period.0, &l.period.1, &l.threshold]),
                    _ => {}
                }
                let mut fields = vec![
                    l.period.0.as_str(),
                    &l.period.1,
                    &l.threshold,
                    &l.table,
                    &l.title,
                    &l.row,
                    &l.col,
                    &l.value,
                ];
                if odd == 2 {
                    fields.push("extra");
                }
                put(&mut out, &fields);
            }
            (lines, out.into_bytes())
        })
}

/// A cell of the merge as the format defines it (`docs/STATISTIK-CSV.md`), summed in u128 so
/// that a sum beyond `u64::MAX` is seen.
#[derive(Debug, Default, PartialEq)]
struct Cell {
    exact: u128,
    minimum: u128,
    hidden: u128,
    files: u128,
}

/// What the merge must give for `files` of lines that are all readable: `None` when the
/// periods differ or a line can't be read.
fn expected_merge(files: &[Vec<Line>]) -> Option<BTreeMap<(String, String, String), Cell>> {
    let mut period = None;
    let mut cells: BTreeMap<(String, String, String), Cell> = BTreeMap::new();
    for l in files.iter().flatten() {
        if *period.get_or_insert(&l.period) != &l.period {
            return None;
        }
        if l.table == csv::KEY_FIGURES {
            continue;
        }
        let t: u64 = l.threshold.parse().ok()?;
        let c = cells
            .entry((l.table.clone(), l.row.clone(), l.col.clone()))
            .or_default();
        c.files += 1;
        match l.value.as_str() {
            ".." => {
                c.minimum += u128::from(t);
                c.hidden += 1;
            }
            v if v.starts_with('<') => {
                c.minimum += 1;
                c.hidden += 1;
            }
            v => {
                let v: u64 = v.parse().ok()?;
                c.exact += u128::from(v);
                c.minimum += u128::from(v);
            }
        }
    }
    Some(cells)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(testkit::fuzz_cases(3_000)))]

    /// Arbitrary bytes: never a panic, always refused with a Swedish message that names the
    /// file, also behind a good file.
    #[test]
    fn fuzz_csv_arbitrary_bytes_are_refused_in_swedish(
        bytes in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..2_000),
            any::<String>().prop_map(String::into_bytes),
            "[a-z;\"\r\n0-9]{0,200}".prop_map(String::into_bytes),
        ],
    ) {
        let _ = csv::parse(&String::from_utf8_lossy(&bytes));
        // Only a file that starts with the format's header can be read at all.
        let header = csv::HEADER.join(";");
        prop_assume!(!String::from_utf8_lossy(&bytes).trim_start_matches(csv::BOM).starts_with(&header));
        let e = csv::merge(std::slice::from_ref(&bytes)).unwrap_err();
        refused_in_swedish(&e, 1)?;
        let e = csv::merge(&[sample_csv().to_vec(), bytes]).unwrap_err();
        refused_in_swedish(&e, 2)?;
        prop_assert!(e.to_string().starts_with("Fil 2 "), "{e}");
    }

    /// A real CSV changed here and there: merged into a well-formed CSV, or refused in Swedish.
    #[test]
    fn fuzz_csv_changed_file_is_merged_or_refused(bytes in mutated_csv()) {
        match csv::merge(&[sample_csv().to_vec(), bytes]) {
            Ok(out) => {
                merged_is_well_formed(&out)?;
            }
            Err(e) => refused_in_swedish(&e, 2)?,
        }
    }

    /// Tryggplan-shaped files: merged exactly as the format says (the same cells, sums,
    /// lower bounds, hidden parts and file counts as an independent sum in u128), or refused
    /// in Swedish when a file can't be read, the periods differ or a sum does not fit.
    #[test]
    fn fuzz_csv_shaped_files_merge_as_the_format_says(
        files in proptest::collection::vec(csv_file(), 1..4),
    ) {
        let bytes: Vec<Vec<u8>> = files.iter().map(|f| f.1.clone()).collect();
        let lines: Vec<Vec<Line>> = files.iter().map(|f| f.0.clone()).collect();
        let readable = files.iter().all(|(_, b)| {
            let text = std::str::from_utf8(b).unwrap();
            csv::parse(text).iter().skip(1).all(|r| r.len() == csv::HEADER.len() || r == &[String::new()])
        });
        let expected = expected_merge(&lines).filter(|_| readable);
        let fits = expected.as_ref().is_some_and(|cells| {
            cells.values().all(|c| c.minimum <= u128::from(u64::MAX))
        });
        match csv::merge(&bytes) {
            Ok(out) => {
                prop_assert!(fits, "merged although {expected:?}");
                let recs = merged_is_well_formed(&out)?;
                let cells = expected.unwrap();
                prop_assert_eq!(recs.len() - 1, cells.len());
                for r in &recs[1..] {
                    let c = &cells[&(r[2].clone(), r[4].clone(), r[5].clone())];
                    let exact = if c.hidden == 0 { c.exact.to_string() } else { String::new() };
                    prop_assert_eq!(&r[6], &exact);
                    prop_assert_eq!(&r[7], &c.minimum.to_string());
                    prop_assert_eq!(&r[8], &c.hidden.to_string());
                    prop_assert_eq!(&r[9], &c.files.to_string());
                }
            }
            Err(e) => {
                prop_assert!(!fits, "refused: {e}");
                refused_in_swedish(&e, bytes.len())?;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Storage.

fn with_person(
    db: &mut testkit::Db,
    ctx: &crate::ctx::Ctx,
    case: crate::ids::CaseId,
    name: &str,
    birth: &str,
    sex: LegalSex,
    roles: Vec<Role>,
) -> crate::ids::PersonId {
    let mut p = testkit::person(
        name,
        Some(&testkit::pnr(birth, 123)),
        crate::vocab::ProtectionLevel::Ingen,
    );
    p.legal_sex = sex;
    p.roles = roles;
    p.violence_forms = vec![ViolenceForm::Psykiskt];
    crate::person::create(&mut db.conn, ctx, case.into(), &p).unwrap()
}

#[test]
fn gather_derives_age_sex_roles_and_who_used_violence_and_asks_for_the_rest() {
    use crate::person::{add_relation, RelationInput};
    use crate::vocab::RelationKind;
    let mut db = testkit::db();
    let ctx = testkit::ctx("2026-03-10");
    let mut p = testkit::person(
        "Anna Ek",
        Some(&testkit::pnr("1990-05-20", 123)),
        crate::vocab::ProtectionLevel::Ingen,
    );
    p.legal_sex = LegalSex::Kvinna;
    p.roles = vec![Role::Valdsutsatt];
    let (case, anna) = testkit::case_with(&mut db, &ctx, "Ä-1", p);
    let child = with_person(
        &mut db,
        &ctx,
        case,
        "Lo Ek",
        "2015-01-02",
        LegalSex::Okant,
        vec![Role::BarnSomBevittnatVald],
    );
    let father = with_person(
        &mut db,
        &ctx,
        case,
        "Per Ek",
        "1988-02-03",
        LegalSex::Man,
        vec![Role::Valdsutovare],
    );
    for (from, to, kind) in [
        (father, anna, RelationKind::UtovareMot),
        (father, child, RelationKind::UtovareMot),
        (father, child, RelationKind::Foralder),
    ] {
        add_relation(
            &mut db.conn,
            &ctx,
            case.into(),
            &RelationInput {
                from_person: from,
                to_person: to,
                kind,
                custody: None,
            },
        )
        .unwrap();
    }
    // The child's perpetrator is a parent (derived); Anna's is a närstående of some kind:
    // asked.
    let missing = missing_answers(&db.conn, case).unwrap();
    assert_eq!(
        missing,
        vec![MissingAnswer {
            person: anna,
            perpetrator: Some(father)
        }]
    );
    // The follow-up tab shows every question: the child's derived, Anna's still open.
    let answers = violence_answers(&db.conn, case.into()).unwrap();
    assert_eq!(
        answers,
        vec![
            ViolenceAnswer {
                person: anna,
                perpetrator: Some(father),
                relation: None,
                derived: false
            },
            ViolenceAnswer {
                person: child,
                perpetrator: Some(father),
                relation: Some(PerpetratorRelation::Foralder),
                derived: true
            },
        ]
    );
    let input = gather(&db.conn).unwrap();
    assert_eq!(input.cases.len(), 1);
    assert_eq!(input.cases[0].opened_on, date("2026-03-10"));
    let a = input
        .persons
        .iter()
        .find(|p| p.sex == LegalSex::Kvinna)
        .unwrap();
    assert_eq!(a.age_at_start, Some(35));
    assert_eq!(a.violence_by, vec![None]);
    let c = input
        .persons
        .iter()
        .find(|p| p.roles == vec![Role::BarnSomBevittnatVald])
        .unwrap();
    assert_eq!(c.age_at_start, Some(11));
    assert_eq!(c.violence_by, vec![Some(PerpetratorRelation::Foralder)]);
    let f = input
        .persons
        .iter()
        .find(|p| p.roles == vec![Role::Valdsutovare])
        .unwrap();
    assert!(
        f.violence_by.is_empty(),
        "a perpetrator is not asked who used violence"
    );

    answer_violence_by(
        &mut db.conn,
        &ctx,
        case.into(),
        anna,
        Some(father),
        PerpetratorRelation::FdPartner,
    )
    .unwrap();
    assert!(missing_answers(&db.conn, case).unwrap().is_empty());
    let stored = &violence_answers(&db.conn, case.into()).unwrap()[0];
    assert_eq!(stored.relation, Some(PerpetratorRelation::FdPartner));
    assert!(
        !stored.derived,
        "a stored answer is the worker's, not derived"
    );
    // A correction replaces the answer.
    answer_violence_by(
        &mut db.conn,
        &ctx,
        case.into(),
        anna,
        Some(father),
        PerpetratorRelation::Partner,
    )
    .unwrap();
    let input = gather(&db.conn).unwrap();
    let a = input
        .persons
        .iter()
        .find(|p| p.sex == LegalSex::Kvinna)
        .unwrap();
    assert_eq!(a.violence_by, vec![Some(PerpetratorRelation::Partner)]);
    // Not a person of this case, or the person themselves: refused.
    assert!(answer_violence_by(
        &mut db.conn,
        &ctx,
        case.into(),
        anna,
        Some(anna),
        PerpetratorRelation::Annan
    )
    .is_err());
    // Through another case (one whose record was opened), never a person of this one.
    let (other, _) = testkit::case_with(
        &mut db,
        &ctx,
        "Ä-3",
        testkit::person("Ida Ek", None, crate::vocab::ProtectionLevel::Ingen),
    );
    assert!(answer_violence_by(
        &mut db.conn,
        &ctx,
        other.into(),
        anna,
        Some(father),
        PerpetratorRelation::Annan
    )
    .is_err());
    assert_eq!(
        violence_answers(&db.conn, case.into()).unwrap()[0].relation,
        Some(PerpetratorRelation::Partner)
    );
    let hist = crate::audit::list(&db.conn, Some(case)).unwrap();
    assert!(hist.iter().any(|h| h.action == "followup.violence_by"));
    assert!(hist
        .iter()
        .filter(|h| h.action == "followup.violence_by")
        .all(|h| !h.summary.contains("Anna") && !h.summary.contains("Per Ek")));
}

#[test]
fn a_deviation_must_not_identify_anyone_and_keeps_its_status_history() {
    let mut db = testkit::db();
    let mut ctx = testkit::ctx("2026-05-04");
    let mut p = testkit::person(
        "Märta Lindqvist",
        None,
        crate::vocab::ProtectionLevel::SkyddadFolkbokforing,
    );
    p.roles = vec![Role::Valdsutsatt];
    let (case, _) = testkit::case_with(&mut db, &ctx, "Ä-2", p);
    // The worker has opened Märta's record in this session: the check knows her name.
    ctx.opened.insert(case);
    let vc = testkit::unit(
        &mut db,
        &ctx,
        "Vårdcentralen Tullhus",
        crate::vocab::ActorType::Vardcentral,
    );
    let soc = testkit::unit(
        &mut db,
        &ctx,
        "Socialtjänsten Väster",
        crate::vocab::ActorType::SocVald,
    );
    let mut input = DeviationInput {
        occurred_on: date("2026-05-02"),
        kind: DeviationKind::InformationRojd,
        parties: vec![vc, soc],
        description: "Kallelsen till Märtas SIP-möte skickades med adress, ring 070-123 45 67."
            .into(),
        accepted: vec![],
    };
    // The form sees the hits before saving: a name that can be accepted, a phone number that
    // can't.
    let hits = scan_description(&db.conn, &ctx, &input.description, &[]).unwrap();
    let kinds: Vec<(&str, bool)> = hits
        .iter()
        .map(|h| (h.kind_label.as_str(), h.acceptable))
        .collect();
    assert!(kinds.contains(&("namn", true)), "{hits:?}");
    assert!(kinds.contains(&("telefonnummer", false)), "{hits:?}");
    assert!(hits.iter().all(|h| !h.accepted));
    let hits = scan_description(&db.conn, &ctx, &input.description, &["Märtas".into()]).unwrap();
    assert!(hits.iter().any(|h| h.kind_label == "namn" && h.accepted));
    let hits = scan_description(
        &db.conn,
        &ctx,
        &input.description,
        &["070-123 45 67".into()],
    )
    .unwrap();
    assert!(
        hits.iter().all(|h| !h.accepted),
        "a phone number can't be accepted"
    );
    let err = record_deviation(&mut db.conn, &ctx, &input).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("har inte sparats"), "{msg}");
    assert!(list_deviations(&db.conn).unwrap().is_empty());
    // Accepting a name does not let a phone number through.
    input.accepted = vec!["Märtas".into()];
    assert!(record_deviation(&mut db.conn, &ctx, &input).is_err());
    input.description =
        "En kallelse skickades skriftligt med tid och plats trots skyddade personuppgifter.".into();
    let id = record_deviation(&mut db.conn, &ctx, &input).unwrap();
    // In the future, or with no party: refused.
    let mut bad = input.clone();
    bad.occurred_on = date("2026-05-05");
    assert!(record_deviation(&mut db.conn, &ctx, &bad).is_err());
    bad.occurred_on = date("2026-05-01");
    bad.parties.clear();
    assert!(record_deviation(&mut db.conn, &ctx, &bad).is_err());

    let later = testkit::ctx("2026-06-01");
    set_deviation_status(&mut db.conn, &later, id, DeviationStatus::Utredd).unwrap();
    set_deviation_status(&mut db.conn, &later, id, DeviationStatus::Atgardad).unwrap();
    assert!(set_deviation_status(&mut db.conn, &later, id, DeviationStatus::Atgardad).is_err());
    let list = list_deviations(&db.conn).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].status, DeviationStatus::Atgardad);
    assert_eq!(list[0].parties, vec![vc, soc]);
    assert_eq!(
        list[0]
            .history
            .iter()
            .map(|h| (h.from, h.to))
            .collect::<Vec<_>>(),
        vec![
            (None, DeviationStatus::Oppen),
            (Some(DeviationStatus::Oppen), DeviationStatus::Utredd),
            (Some(DeviationStatus::Utredd), DeviationStatus::Atgardad)
        ]
    );
    // The history of status changes can't be rewritten, nor a deviation deleted.
    assert!(db
        .conn
        .execute(
            "UPDATE deviation_status_changes SET to_status = 'oppen'",
            []
        )
        .is_err());
    assert!(db
        .conn
        .execute("DELETE FROM deviation_status_changes", [])
        .is_err());
    assert!(db.conn.execute("DELETE FROM deviations", []).is_err());
    // Counted in the report.
    let rep = report::report(
        &gather(&db.conn).unwrap(),
        date("2026-01-01"),
        date("2026-12-31"),
        3,
    );
    let t = rep.tables.iter().find(|t| t.key == "avvikelser").unwrap();
    assert_eq!(t.data.cells[2][2], Shown::Small, "one deviation: hidden");
}

#[test]
fn the_threshold_setting_is_at_least_three() {
    let mut db = testkit::db();
    let ctx = testkit::ctx("2026-05-04");
    assert_eq!(threshold(&db.conn).unwrap(), 5);
    assert!(set_threshold(&mut db.conn, &ctx, 2).is_err());
    assert_eq!(threshold(&db.conn).unwrap(), 5);
    set_threshold(&mut db.conn, &ctx, 3).unwrap();
    assert_eq!(threshold(&db.conn).unwrap(), 3);
    assert!(set_threshold(&mut db.conn, &ctx, MAX_THRESHOLD + 1).is_err());
}

/// The samråd log feeds the report: the current version of each consultation, by kind and
/// mode (a corrected record counts once, as corrected).
#[test]
fn gather_reads_the_samrad_log_with_corrections_counted_once() {
    use crate::samrad::log::{self, ModeInput, SamradCorrection, SamradInput};
    let mut db = testkit::db();
    let ctx = testkit::ctx("2026-03-10");
    let (case, _) = testkit::case_with(
        &mut db,
        &ctx,
        "S-1",
        testkit::person("Eva Ek", None, crate::vocab::ProtectionLevel::Ingen),
    );
    let police = testkit::unit(
        &mut db,
        &ctx,
        "Polisen Bergslagen",
        crate::vocab::ActorType::Polis,
    );
    let input = |on: &str, kind: SamradKind| SamradInput {
        held_on: testkit::date(on),
        kind,
        units: vec![police],
        mode: ModeInput::Deidentified {
            question: "Hur kan vi samordna stödet?".into(),
            accepted: vec![],
        },
    };
    let first = log::record(
        &mut db.conn,
        &ctx,
        case.into(),
        &input("2026-02-01", SamradKind::Akut),
        None,
    )
    .unwrap();
    log::record(
        &mut db.conn,
        &ctx,
        case.into(),
        &input("2026-02-02", SamradKind::Planerande),
        Some(&SamradCorrection {
            corrects: first,
            reason: "Fel datum och fel slag av samråd".into(),
        }),
    )
    .unwrap();
    log::record(
        &mut db.conn,
        &ctx,
        case.into(),
        &input("2026-03-01", SamradKind::Konsulterande),
        None,
    )
    .unwrap();
    let facts = gather(&db.conn).unwrap().samrad;
    let got: Vec<(String, SamradKind, SamradMode)> = facts
        .iter()
        .map(|s| (s.held_on.to_string(), s.kind, s.mode))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "2026-02-02".into(),
                SamradKind::Planerande,
                SamradMode::Avidentifierat
            ),
            (
                "2026-03-01".into(),
                SamradKind::Konsulterande,
                SamradMode::Avidentifierat
            ),
        ]
    );
}

#[test]
fn the_report_for_a_period_uses_the_stored_threshold_and_its_export_is_in_the_history() {
    let mut db = testkit::db();
    let ctx = testkit::ctx("2026-11-29");
    let mut p = testkit::person("Eva Ek", None, crate::vocab::ProtectionLevel::Ingen);
    p.roles = vec![Role::Valdsutsatt];
    testkit::case_with(&mut db, &ctx, "Ä-9", p);
    set_threshold(&mut db.conn, &ctx, 7).unwrap();
    let r = statistics(&db.conn, date("2026-01-01"), date("2026-12-31")).unwrap();
    assert_eq!(r.threshold, 7);
    let t = r
        .tables
        .iter()
        .find(|t| t.key == "malgrupp_valdsutsatt")
        .unwrap();
    assert_eq!(t.data.grand_total, Shown::Small, "one person: hidden");

    // The wrong way round, or longer than ten years: refused with what to do.
    let e = statistics(&db.conn, date("2026-12-31"), date("2026-01-01")).unwrap_err();
    assert!(e.to_string().contains("startdatum"), "{e}");
    let e = statistics(&db.conn, date("2016-01-01"), date("2026-12-31")).unwrap_err();
    assert!(e.to_string().contains("tio år"), "{e}");
    assert!(statistics(&db.conn, date("2017-01-01"), date("2026-12-31")).is_ok());

    // The export is recorded with the period, and a failed write records nothing.
    let failed = record_export(
        &mut db.conn,
        &ctx,
        &r,
        "CSV",
        || Err(Error::Export("disken är full".into())),
        || {},
    );
    assert!(failed.is_err());
    let count = |db: &testkit::Db| {
        crate::audit::list(&db.conn, None)
            .unwrap()
            .into_iter()
            .filter(|h| h.action == "statistics.export")
            .collect::<Vec<_>>()
    };
    assert!(count(&db).is_empty());
    record_export(&mut db.conn, &ctx, &r, "CSV", || Ok(()), || {}).unwrap();
    let h = count(&db);
    assert_eq!(h.len(), 1);
    assert!(
        h[0].summary.contains("2026-01-01–2026-12-31"),
        "{}",
        h[0].summary
    );
    assert!(h[0].summary.contains("CSV"));
}

/// Issue 18, the scanner oracle: a deviation is about no one case, so its check knows the
/// actor directory, the unprotected cases (on the worker's screen anyway) and the protected
/// cases opened in this session — never the names of a protected case she has not opened.
#[test]
fn a_deviation_check_never_flags_a_name_of_a_protected_case_not_opened() {
    let mut db = testkit::db();
    let mut ctx = testkit::ctx("2026-05-04");
    let (protected, _) = testkit::case_with(
        &mut db,
        &ctx,
        "Ä-7",
        testkit::person(
            "Solveig Häggström",
            None,
            crate::vocab::ProtectionLevel::SkyddadFolkbokforing,
        ),
    );
    testkit::case_with(
        &mut db,
        &ctx,
        "Ä-8",
        testkit::person("Lena Ekdahl", None, crate::vocab::ProtectionLevel::Ingen),
    );
    let vc = testkit::unit(
        &mut db,
        &ctx,
        "Vårdcentralen Tullhus",
        crate::vocab::ActorType::Vardcentral,
    );
    let text = "Solveig Häggström och Lena Ekdahl väntade, Tullhus svarade inte.";
    let flagged = |ctx: &Ctx| -> Vec<String> {
        scan_description(&db.conn, ctx, text, &[])
            .unwrap()
            .into_iter()
            .map(|h| h.text)
            .collect()
    };
    // The directory's unit and the unprotected client (her name is on the worker's screen
    // anyway): nothing of the protected case.
    assert_eq!(flagged(&ctx), ["Lena Ekdahl", "Tullhus"]);
    // Saving says the same: it names the unit and the open client, never the protected one.
    let mut db2 = db;
    let err = record_deviation(
        &mut db2.conn,
        &ctx,
        &DeviationInput {
            occurred_on: date("2026-05-02"),
            kind: DeviationKind::Annat,
            parties: vec![vc],
            description: text.into(),
            accepted: vec![],
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("Tullhus") && err.contains("Lena Ekdahl"),
        "{err}"
    );
    for word in ["Solveig", "Häggström"] {
        assert!(!err.contains(word), "{word} in {err}");
    }
    let db = db2;
    // Once the worker has opened the protected record, its names are checked too.
    ctx.opened.insert(protected);
    let hits: Vec<String> = scan_description(&db.conn, &ctx, text, &[])
        .unwrap()
        .into_iter()
        .map(|h| h.text)
        .collect();
    assert_eq!(hits, ["Solveig Häggström", "Lena Ekdahl", "Tullhus"]);
}

/// Issue 18, finding 6: a 5 MB description was stored, and its check held the vault for 15 s.
#[test]
fn an_oversized_deviation_is_refused_before_it_is_scanned_or_stored() {
    let mut db = testkit::db();
    let ctx = testkit::ctx("2026-05-04");
    let vc = testkit::unit(
        &mut db,
        &ctx,
        "Vårdcentralen Tullhus",
        crate::vocab::ActorType::Vardcentral,
    );
    let at_limit = "a".repeat(MAX_DESCRIPTION);
    let over = format!("{at_limit}b");
    assert!(scan_description(&db.conn, &ctx, &at_limit, &[]).is_ok());
    let huge = "Solveig ".repeat(5 * 1024 * 1024 / 8);
    for text in [&over, &huge] {
        let e = scan_description(&db.conn, &ctx, text, &[]).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
        assert!(
            e.to_string()
                .contains(&format!("högst {MAX_DESCRIPTION} tecken")),
            "{e}"
        );
        assert!(e.to_string().contains("Vad hände?"), "{e}");
        let input = DeviationInput {
            occurred_on: date("2026-05-02"),
            kind: DeviationKind::Annat,
            parties: vec![vc],
            description: text.clone(),
            accepted: vec![],
        };
        let e = record_deviation(&mut db.conn, &ctx, &input).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
    }
    // Too many acceptances, or one longer than a description: refused too.
    let many = vec!["x".to_owned(); crate::text::MAX_ACCEPTED + 1];
    let e = scan_description(&db.conn, &ctx, "Kort text.", &many).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
    let long_name = "a".repeat(crate::text::MAX_SHORT + 1);
    let e = scan_description(&db.conn, &ctx, "Kort text.", &[long_name]).unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
    assert!(list_deviations(&db.conn).unwrap().is_empty());
}

/// Issue 17: a town no database stores is a hit in a deviation's description, and the worker
/// can accept it like a name or a place (it may be the unit's own town).
#[test]
fn a_town_in_a_deviation_blocks_until_the_worker_accepts_it() {
    let known = crate::samrad::scanner::Known::default();
    let text = "Kallelsen skickades till hennes nya adress i Hudiksvall.";
    let e = check_description(text, &known, &[])
        .unwrap_err()
        .to_string();
    assert!(e.contains("«Hudiksvall»"), "{e}");
    check_description(text, &known, &["Hudiksvall".into()]).unwrap();
}
