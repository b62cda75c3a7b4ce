//! Which homes have returned for a week: on time, late or missing.

use crate::primitives::week::Week;
use crate::register::home::CareHome;
use crate::returns::capacity_return::CapacityReturn;
use serde::Serialize;
use std::collections::HashMap;

/// A home's return status for one week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReturnStatus {
    /// Returned by the due time.
    OnTime,
    /// Returned after it.
    Late,
    /// Not returned.
    Missing,
}

/// The status of each home on the register (deregistered homes are not chased) for `week`, in
/// the order of `homes`. A home's first return for the week decides whether it was late.
pub fn week_statuses(
    homes: &[CareHome],
    returns: &[CapacityReturn],
    week: Week,
) -> Vec<ReturnStatus> {
    let mut first: HashMap<&str, &CapacityReturn> = HashMap::new();
    for r in returns.iter().filter(|r| r.week == week) {
        let entry = first.entry(r.home.as_str()).or_insert(r);
        if r.submitted_at < entry.submitted_at {
            *entry = r;
        }
    }
    homes
        .iter()
        .map(|h| match first.get(h.id.as_str()) {
            None => ReturnStatus::Missing,
            Some(r) if r.is_late() => ReturnStatus::Late,
            Some(_) => ReturnStatus::OnTime,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::home::test_home;
    use crate::returns::capacity_return::Admissions;

    fn ret(home: &str, at: &str) -> CapacityReturn {
        CapacityReturn {
            home: home.into(),
            week: "2026-11-16".parse().expect("Monday"),
            submitted_at: at.parse().expect("time"),
            beds: Default::default(),
            admissions: Admissions::Open,
            fees: None,
            step_down_beds_offered: 0,
            needs: Default::default(),
            vacant_beds_for: Default::default(),
            contact: None,
            capacity_note: None,
        }
    }

    #[test]
    fn on_time_late_and_missing_at_the_tuesday_noon_boundary() {
        let homes = [test_home("A"), test_home("B"), test_home("C")];
        let returns = [
            ret("A", "2026-11-17T12:00:00Z"),
            ret("B", "2026-11-17T12:00:01Z"),
            ret("C", "2026-11-10T09:00:00Z").clone(),
        ];
        let mut other_week = returns[2].clone();
        other_week.week = "2026-11-09".parse().expect("Monday");
        let returns = [returns[0].clone(), returns[1].clone(), other_week];
        assert_eq!(
            week_statuses(&homes, &returns, "2026-11-16".parse().expect("Monday")),
            [
                ReturnStatus::OnTime,
                ReturnStatus::Late,
                ReturnStatus::Missing
            ]
        );
    }

    #[test]
    fn an_amendment_after_the_deadline_does_not_make_a_return_late() {
        let homes = [test_home("A")];
        let returns = [
            ret("A", "2026-11-20T09:00:00Z"),
            ret("A", "2026-11-16T09:00:00Z"),
        ];
        assert_eq!(
            week_statuses(&homes, &returns, "2026-11-16".parse().expect("Monday")),
            [ReturnStatus::OnTime]
        );
    }
}
