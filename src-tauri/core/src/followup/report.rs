//! The follow-up report for a period: a pure function of the gathered facts
//! ([`ReportInput`]) — no database, no clock — to a [`Report`] whose every number has passed
//! [`suppress`](super::suppress::suppress).
//!
//! "Individual-based systematic follow-up (ISU, "SU-Kvinnofrid"): document per client e.g. sex,
//! age, who used violence, which support/intervention, whether it was carried out as planned,
//! whether goals were met; aggregate at group level. Statistics must be sex-disaggregated
//! (legal sex) and, where reasonable, by age" [003 Del 5]; the indicator "SIP används i
//! våldsärenden" [000].
//!
//! What counts in the period `from..=to` (both days included):
//! - a **case is active** when it was opened on or before `to` and is not closed before
//!   `from` (a case is closed when it has SIPs and all are closed; its closing day is the last
//!   one); a **violence case** has at least one person with a target-group role;
//! - **persons** are those with a target-group role in an active case, each counted once per
//!   role (a person may be both våldsutsatt and våldsutövare), by legal sex and by the age at
//!   the start (the first SIP's need date, else the case's opening);
//! - **SIPs**: initiated = need discovered in the period; held = a meeting held in the period;
//!   followed up = a follow-up in the period; closed = closed in the period; one SIP counts
//!   once per row;
//! - **median days** from the need to the first held meeting, over the SIPs whose first
//!   meeting was held in the period;
//! - **interventions** and **goals**: every follow-up line (one intervention at one follow-up)
//!   dated in the period;
//! - **risk assessments**: the versions in force assessed in the period, by instrument;
//! - **consents**: given (valid from a day in the period), withdrawn (in the period), expired
//!   (the last valid day in the period and not withdrawn before it);
//! - **deviations** dated in the period by kind and current status; **samråd** held in the
//!   period by kind and by mode.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::suppress::{share_percent, suppress, Raw, Suppressed, Totals, DEFAULT_THRESHOLD};
use super::{DeviationKind, DeviationStatus, PerpetratorRelation, SamradKind, SamradMode};
use crate::vocab::{CarriedOut, GoalMet, LegalSex, RiskInstrument, Role, ViolenceForm};

/// Age bands (years at the start). Coarse on purpose: fewer, larger cells.
pub const AGE_BANDS: &[(u32, u32, &str)] = &[
    (0, 12, "0–12 år"),
    (13, 17, "13–17 år"),
    (18, 29, "18–29 år"),
    (30, 49, "30–49 år"),
    (50, 64, "50–64 år"),
    (65, u32::MAX, "65 år och äldre"),
];
/// The row for a person without a known birth date.
pub const AGE_UNKNOWN: &str = "Okänd ålder";

/// The index of the age band row for an age (the last row: unknown).
pub fn age_row(age: Option<u32>) -> usize {
    match age {
        Some(a) => AGE_BANDS
            .iter()
            .position(|(lo, hi, _)| (*lo..=*hi).contains(&a))
            .unwrap_or(AGE_BANDS.len()),
        None => AGE_BANDS.len(),
    }
}

/// The column of a legal sex.
pub fn sex_col(s: LegalSex) -> usize {
    LegalSex::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// A case, for "active in the period" and the SIP indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFact {
    pub opened_on: NaiveDate,
    /// The SIPs of the case: need discovered, closed.
    pub sips: Vec<(NaiveDate, Option<NaiveDate>)>,
}

impl CaseFact {
    /// The day the case closed: its last SIP's closing, when it has SIPs and all are closed.
    pub fn closed_on(&self) -> Option<NaiveDate> {
        if self.sips.is_empty() || self.sips.iter().any(|s| s.1.is_none()) {
            return None;
        }
        self.sips.iter().filter_map(|s| s.1).max()
    }

    pub fn active_in(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.opened_on <= to && self.closed_on().is_none_or(|c| c >= from)
    }
}

/// A person of a case, as the follow-up sees them: no name, no number, no date of birth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFact {
    /// Index into [`ReportInput::cases`] (out of range: never counted).
    pub case: usize,
    pub sex: LegalSex,
    pub age_at_start: Option<u32>,
    pub roles: Vec<Role>,
    pub violence_forms: Vec<ViolenceForm>,
    /// Who used violence against them, one entry per perpetrator (`None`: not yet known).
    pub violence_by: Vec<Option<PerpetratorRelation>>,
}

/// One follow-up line: an intervention at one follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemFact {
    pub on: NaiveDate,
    pub carried_out: CarriedOut,
    pub goal_met: GoalMet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SipFact {
    /// The SIP's person's legal sex.
    pub sex: LegalSex,
    pub need_discovered_on: NaiveDate,
    pub meetings_held: Vec<NaiveDate>,
    pub follow_ups: Vec<NaiveDate>,
    pub items: Vec<ItemFact>,
    pub closed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskFact {
    pub sex: LegalSex,
    pub instrument: RiskInstrument,
    pub assessed_on: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsentFact {
    /// The SIP's person's legal sex.
    pub sex: LegalSex,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub withdrawn_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviationFact {
    pub occurred_on: NaiveDate,
    pub kind: DeviationKind,
    pub status: DeviationStatus,
}

/// One samråd, as a plain fact (the samråd log's loader maps its rows to this).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SamradFact {
    pub held_on: NaiveDate,
    pub kind: SamradKind,
    pub mode: SamradMode,
}

/// Everything the report is computed from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportInput {
    pub cases: Vec<CaseFact>,
    pub persons: Vec<PersonFact>,
    pub sips: Vec<SipFact>,
    pub risks: Vec<RiskFact>,
    pub consents: Vec<ConsentFact>,
    pub deviations: Vec<DeviationFact>,
    pub samrad: Vec<SamradFact>,
}

/// One table of the report, suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReportTable {
    /// Stable key (CSV `tabell` column): `malgrupp_valdsutsatt`, `sip`, …
    pub key: String,
    /// Swedish title.
    pub title: String,
    /// What a row is ("Åldersgrupp").
    pub row_header: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    pub data: Suppressed,
}

/// The median days from the need to the first meeting, or why it is not shown.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MedianDays {
    /// The median in days (x.5 for an even number of SIPs); `None` when fewer than the
    /// threshold SIPs had their first meeting in the period.
    pub days: Option<f64>,
    /// How many SIPs it is computed over; `None` when below the threshold.
    pub sips: Option<u64>,
}

/// "SIP används i våldsärenden": the share of active violence cases that have a SIP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Indicator {
    /// Whole percent, or `None` when it would reveal a small group.
    pub percent: Option<u32>,
}

/// The report for a period.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Report {
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    pub threshold: u32,
    pub tables: Vec<ReportTable>,
    pub median_days_to_first_meeting: MedianDays,
    pub sip_indicator: Indicator,
}

fn sex_cols() -> Vec<String> {
    LegalSex::ALL
        .iter()
        .map(|s| s.label().to_string())
        .collect()
}

fn grid(rows: usize, cols: usize) -> Vec<Vec<u64>> {
    vec![vec![0; cols]; rows]
}

fn within(d: NaiveDate, from: NaiveDate, to: NaiveDate) -> bool {
    from <= d && d <= to
}

/// The months of the period, `YYYY-MM`, first to last (at most 120).
pub fn months(from: NaiveDate, to: NaiveDate) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), from.month());
    while (y, m) <= (to.year(), to.month()) && out.len() < 120 {
        out.push((y, m));
        if m == 12 {
            y += 1;
            m = 1;
        } else {
            m += 1;
        }
    }
    out
}

/// The raw counts of every table, before suppression (also used by the tests' own checks and
/// never exported: only [`report`] leaves this module).
#[allow(clippy::type_complexity)]
pub(crate) fn raw_tables(
    input: &ReportInput,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(
    &'static str,
    String,
    &'static str,
    Vec<String>,
    Vec<String>,
    Raw,
)> {
    let both = Totals {
        rows: true,
        cols: true,
    };
    let rows_only = Totals {
        rows: true,
        cols: false,
    };
    let nsex = LegalSex::ALL.len();
    let active: Vec<bool> = input.cases.iter().map(|c| c.active_in(from, to)).collect();
    let in_period = |p: &PersonFact| active.get(p.case).copied().unwrap_or(false);
    let mut out = Vec::new();

    // Persons by legal sex × age band, one table per target group.
    let age_rows: Vec<String> = AGE_BANDS
        .iter()
        .map(|b| b.2.to_string())
        .chain([AGE_UNKNOWN.to_string()])
        .collect();
    for role in Role::ALL {
        let mut g = grid(age_rows.len(), nsex);
        for p in input.persons.iter().filter(|p| in_period(p)) {
            if p.roles.contains(role) {
                g[age_row(p.age_at_start)][sex_col(p.sex)] += 1;
            }
        }
        out.push((
            match role {
                Role::Valdsutsatt => "malgrupp_valdsutsatt",
                Role::BarnSomBevittnatVald => "malgrupp_barn_som_bevittnat_vald",
                Role::Valdsutovare => "malgrupp_valdsutovare",
            },
            format!("Personer – {}", role.label()),
            "Ålder vid start",
            age_rows.clone(),
            sex_cols(),
            Raw {
                cells: g,
                totals: both,
            },
        ));
    }

    // Forms of violence (a person may have several: no column totals).
    let mut g = grid(ViolenceForm::ALL.len(), nsex);
    for p in input
        .persons
        .iter()
        .filter(|p| in_period(p) && !p.roles.is_empty())
    {
        for (i, f) in ViolenceForm::ALL.iter().enumerate() {
            if p.violence_forms.contains(f) {
                g[i][sex_col(p.sex)] += 1;
            }
        }
    }
    out.push((
        "valdsformer",
        "Personer per våldsform".into(),
        "Våldsform",
        ViolenceForm::ALL.iter().map(|f| f.label().into()).collect(),
        sex_cols(),
        Raw {
            cells: g,
            totals: rows_only,
        },
    ));

    // Who used violence, per victim (several perpetrators possible: no column totals).
    let mut g = grid(PerpetratorRelation::ALL.len() + 1, nsex);
    for p in input.persons.iter().filter(|p| {
        in_period(p)
            && (p.roles.contains(&Role::Valdsutsatt)
                || p.roles.contains(&Role::BarnSomBevittnatVald))
    }) {
        let mut seen = vec![false; PerpetratorRelation::ALL.len() + 1];
        let by: Vec<Option<PerpetratorRelation>> = if p.violence_by.is_empty() {
            vec![None]
        } else {
            p.violence_by.clone()
        };
        for rel in by {
            let i = rel
                .and_then(|r| PerpetratorRelation::ALL.iter().position(|x| *x == r))
                .unwrap_or(PerpetratorRelation::ALL.len());
            seen[i] = true;
        }
        for (i, s) in seen.iter().enumerate() {
            if *s {
                g[i][sex_col(p.sex)] += 1;
            }
        }
    }
    out.push((
        "utovare",
        "Våldsutsatta per vem som utövade våldet".into(),
        "Relation",
        PerpetratorRelation::ALL
            .iter()
            .map(|r| r.label().into())
            .chain(["Uppgift saknas".to_string()])
            .collect(),
        sex_cols(),
        Raw {
            cells: g,
            totals: rows_only,
        },
    ));

    // SIPs.
    let mut g = grid(4, nsex);
    for s in &input.sips {
        let c = sex_col(s.sex);
        let flags = [
            within(s.need_discovered_on, from, to),
            s.meetings_held.iter().any(|d| within(*d, from, to)),
            s.follow_ups.iter().any(|d| within(*d, from, to)),
            s.closed_on.is_some_and(|d| within(d, from, to)),
        ];
        for (r, f) in flags.iter().enumerate() {
            if *f {
                g[r][c] += 1;
            }
        }
    }
    out.push((
        "sip",
        "SIP".into(),
        "SIP",
        vec![
            "Initierade".into(),
            "Hållna (möte under perioden)".into(),
            "Följda upp".into(),
            "Avslutade".into(),
        ],
        sex_cols(),
        Raw {
            cells: g,
            totals: rows_only,
        },
    ));

    // Interventions carried out as planned; goals met.
    let mut carried = grid(CarriedOut::ALL.len(), nsex);
    let mut goals = grid(GoalMet::ALL.len(), nsex);
    for s in &input.sips {
        for it in s.items.iter().filter(|i| within(i.on, from, to)) {
            let c = sex_col(s.sex);
            if let Some(r) = CarriedOut::ALL.iter().position(|x| *x == it.carried_out) {
                carried[r][c] += 1;
            }
            if let Some(r) = GoalMet::ALL.iter().position(|x| *x == it.goal_met) {
                goals[r][c] += 1;
            }
        }
    }
    out.push((
        "insatser_utforda",
        "Insatser genomförda som planerat".into(),
        "Genomförd",
        CarriedOut::ALL.iter().map(|x| x.label().into()).collect(),
        sex_cols(),
        Raw {
            cells: carried,
            totals: both,
        },
    ));
    out.push((
        "mal_uppfyllda",
        "Mål uppfyllda".into(),
        "Målet uppfyllt",
        GoalMet::ALL.iter().map(|x| x.label().into()).collect(),
        sex_cols(),
        Raw {
            cells: goals,
            totals: both,
        },
    ));

    // Risk assessments by instrument.
    let mut g = grid(RiskInstrument::ALL.len(), nsex);
    for r in input
        .risks
        .iter()
        .filter(|r| within(r.assessed_on, from, to))
    {
        if let Some(i) = RiskInstrument::ALL.iter().position(|x| *x == r.instrument) {
            g[i][sex_col(r.sex)] += 1;
        }
    }
    out.push((
        "riskbedomningar",
        "Riskbedömningar per metod".into(),
        "Metod",
        RiskInstrument::ALL
            .iter()
            .map(|x| x.label().into())
            .collect(),
        sex_cols(),
        Raw {
            cells: g,
            totals: both,
        },
    ));

    // Consents.
    let mut g = grid(3, nsex);
    for c in &input.consents {
        let col = sex_col(c.sex);
        let expired = within(c.valid_to, from, to) && c.withdrawn_on.is_none_or(|w| w > c.valid_to);
        let flags = [
            within(c.valid_from, from, to),
            c.withdrawn_on.is_some_and(|w| within(w, from, to)),
            expired,
        ];
        for (r, f) in flags.iter().enumerate() {
            if *f {
                g[r][col] += 1;
            }
        }
    }
    out.push((
        "samtycken",
        "Samtycken".into(),
        "Samtycke",
        vec!["Givna".into(), "Återkallade".into(), "Utgångna".into()],
        sex_cols(),
        Raw {
            cells: g,
            totals: rows_only,
        },
    ));

    // Deviations by kind × current status.
    let mut g = grid(DeviationKind::ALL.len(), DeviationStatus::ALL.len());
    for d in input
        .deviations
        .iter()
        .filter(|d| within(d.occurred_on, from, to))
    {
        let r = DeviationKind::ALL.iter().position(|x| *x == d.kind);
        let c = DeviationStatus::ALL.iter().position(|x| *x == d.status);
        if let (Some(r), Some(c)) = (r, c) {
            g[r][c] += 1;
        }
    }
    out.push((
        "avvikelser",
        "Avvikelser i samverkan".into(),
        "Slag",
        DeviationKind::ALL
            .iter()
            .map(|x| x.label().into())
            .collect(),
        DeviationStatus::ALL
            .iter()
            .map(|x| x.label().into())
            .collect(),
        Raw {
            cells: g,
            totals: both,
        },
    ));

    // Samråd by kind × mode.
    let mut g = grid(SamradKind::ALL.len(), SamradMode::ALL.len());
    for s in input.samrad.iter().filter(|s| within(s.held_on, from, to)) {
        let r = SamradKind::ALL.iter().position(|x| *x == s.kind);
        let c = SamradMode::ALL.iter().position(|x| *x == s.mode);
        if let (Some(r), Some(c)) = (r, c) {
            g[r][c] += 1;
        }
    }
    out.push((
        "samrad",
        "Samråd".into(),
        "Slag",
        SamradKind::ALL.iter().map(|x| x.label().into()).collect(),
        SamradMode::ALL.iter().map(|x| x.label().into()).collect(),
        Raw {
            cells: g,
            totals: both,
        },
    ));

    // SIPs initiated per month (the line chart); its total is the "Initierade" total.
    let ms = months(from, to);
    let mut g = grid(1, ms.len());
    for s in input
        .sips
        .iter()
        .filter(|s| within(s.need_discovered_on, from, to))
    {
        let ym = (s.need_discovered_on.year(), s.need_discovered_on.month());
        if let Some(c) = ms.iter().position(|x| *x == ym) {
            g[0][c] += 1;
        }
    }
    out.push((
        "sip_per_manad",
        "Initierade SIP per månad".into(),
        "",
        vec!["Initierade".into()],
        ms.iter().map(|(y, m)| format!("{y}-{m:02}")).collect(),
        Raw {
            cells: g,
            totals: rows_only,
        },
    ));
    out
}

/// The median of day counts (x.5 for an even count); `None` for none.
pub fn median(mut v: Vec<i64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    })
}

/// The report for `from..=to` with the suppression threshold (raised to at least 3).
/// Swaps `from` and `to` if they are given the wrong way round. Never panics.
pub fn report(input: &ReportInput, from: NaiveDate, to: NaiveDate, threshold: u32) -> Report {
    let (from, to) = if from <= to { (from, to) } else { (to, from) };
    let threshold = threshold.max(super::suppress::MIN_THRESHOLD);
    let tables = raw_tables(input, from, to)
        .into_iter()
        .map(|(key, title, row_header, rows, cols, raw)| ReportTable {
            key: key.into(),
            title,
            row_header: row_header.into(),
            rows,
            cols,
            data: suppress(&raw, threshold),
        })
        .collect();

    let days: Vec<i64> = input
        .sips
        .iter()
        .filter_map(|s| {
            let first = s.meetings_held.iter().min()?;
            within(*first, from, to).then(|| (*first - s.need_discovered_on).num_days())
        })
        .collect();
    let n = days.len() as u64;
    let median_days_to_first_meeting = if n >= u64::from(threshold) {
        MedianDays {
            days: median(days),
            sips: Some(n),
        }
    } else {
        MedianDays {
            days: None,
            sips: None,
        }
    };

    // The indicator over active violence cases.
    let mut violence_case = vec![false; input.cases.len()];
    for p in &input.persons {
        if !p.roles.is_empty() {
            if let Some(v) = violence_case.get_mut(p.case) {
                *v = true;
            }
        }
    }
    let (mut den, mut num) = (0u64, 0u64);
    for (c, case) in input.cases.iter().enumerate() {
        if violence_case[c] && case.active_in(from, to) {
            den += 1;
            if case
                .sips
                .iter()
                .any(|(need, closed)| *need <= to && closed.is_none_or(|d| d >= from))
            {
                num += 1;
            }
        }
    }
    Report {
        from,
        to,
        threshold,
        tables,
        median_days_to_first_meeting,
        sip_indicator: Indicator {
            percent: share_percent(num, den, threshold),
        },
    }
}

/// The default threshold, for callers without a setting.
pub fn default_threshold() -> u32 {
    DEFAULT_THRESHOLD
}
