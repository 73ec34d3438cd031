//! The dates the rules give from one date, for the forms (issue 20: rules live only in the
//! core). The consent form's default end date and the risk form's reassessment dates are
//! asked for here; the UI shows them and never computes them.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::{Error, Result};

/// What the rules say about dates that follow from `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RuleDates {
    #[ts(type = "string")]
    pub from: NaiveDate,
    /// The last day a consent that starts on `from` may be valid (one year), also the consent
    /// form's default end date.
    #[ts(type = "string")]
    pub consent_valid_to: NaiveDate,
    /// The suggested next reassessment of a risk assessment made on `from`.
    #[ts(type = "string")]
    pub risk_next_suggested: NaiveDate,
    /// The earliest allowed next reassessment (the day after the assessment).
    #[ts(type = "string")]
    pub risk_next_earliest: NaiveDate,
    /// The latest allowed next reassessment.
    #[ts(type = "string")]
    pub risk_next_latest: NaiveDate,
}

/// The rule dates from `from`.
pub fn from(from: NaiveDate) -> RuleDates {
    RuleDates {
        from,
        consent_valid_to: crate::consent::rules::max_valid_to(from),
        risk_next_suggested: crate::risk::rules::suggested_reassessment(from),
        risk_next_earliest: from.succ_opt().unwrap_or(NaiveDate::MAX),
        risk_next_latest: crate::risk::rules::latest_reassessment(from),
    }
}

/// The rule dates from an ISO date as typed ("2026-12-07").
pub fn parse(date: &str) -> Result<RuleDates> {
    NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map(from)
        .map_err(|_| {
            Error::InvalidInput(
                "Datumet går inte att läsa. Skriv det som år-månad-dag, till exempel 2026-12-07."
                    .into(),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_consent_from_a_date_is_valid_one_year_and_a_leap_day_ends_on_the_28th() {
        assert_eq!(from(d("2026-12-07")).consent_valid_to, d("2027-12-07"));
        assert_eq!(from(d("2028-02-29")).consent_valid_to, d("2029-02-28"));
        assert_eq!(from(d("2026-03-01")).consent_valid_to, d("2027-03-01"));
    }

    #[test]
    fn the_consent_default_is_the_latest_date_the_core_accepts() {
        let r = from(d("2026-12-07"));
        assert_eq!(
            r.consent_valid_to,
            crate::consent::rules::max_valid_to(r.from)
        );
    }

    #[test]
    fn a_risk_assessment_suggests_30_days_and_allows_the_next_day_to_six_months() {
        let r = from(d("2026-08-31"));
        assert_eq!(r.risk_next_suggested, d("2026-09-30"));
        assert_eq!(r.risk_next_earliest, d("2026-09-01"));
        // Six months from the 31st ends on the last day of a shorter month.
        assert_eq!(r.risk_next_latest, d("2027-02-28"));
    }

    #[test]
    fn a_child_is_offered_her_own_consent_from_twelve() {
        use crate::consent::{rules::child_own_giver, Subject};
        let subject = |is_child, age| Subject {
            is_child,
            age,
            custodial_guardians: vec![],
        };
        assert_eq!(child_own_giver(&subject(true, Some(11))), None);
        assert_eq!(child_own_giver(&subject(true, None)), None);
        assert_eq!(child_own_giver(&subject(false, Some(30))), None);
        assert_eq!(
            child_own_giver(&subject(true, Some(12))).as_deref(),
            Some("Barnet självt (från 12 år; gäller bara öppna insatser från socialtjänsten)")
        );
    }

    #[test]
    fn a_date_that_cannot_be_read_is_refused_in_swedish() {
        assert_eq!(parse(" 2026-12-07 ").unwrap().from, d("2026-12-07"));
        for bad in ["", "2026-02-30", "7/12 2026", "2026-12-07T00:00"] {
            let e = parse(bad).unwrap_err();
            assert!(matches!(e, Error::InvalidInput(_)), "{bad}: {e:?}");
            assert!(e.to_string().contains("år-månad-dag"), "{bad}: {e}");
        }
    }
}
