//! The rules a capacity return must keep, checked in the same way by the app (as the provider
//! types) and by the data service (before it stores anything).

use crate::capacity_return::{Admissions, BedCategory, CapacityReturn, ClosureReason};
use crate::money::Pence;
use crate::week::Week;
use serde::Serialize;

/// The highest weekly fee accepted: £10,000.
pub const MAX_WEEKLY_FEE: Pence = Pence::from_pounds(10_000);

/// One broken rule: the field (a dotted path as in the JSON, `beds.nursing.occupied`) and what
/// to do about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The field at fault.
    pub field: String,
    /// What is wrong and what to do, for people.
    pub message: String,
}

fn problem(field: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem {
        field: field.into(),
        message: message.into(),
    }
}

/// Every rule `r` breaks, in form order, given the week it is now. Empty when it may be stored.
pub fn check_return(r: &CapacityReturn, this_week: Week) -> Vec<Problem> {
    let mut problems = Vec::new();
    if r.week > this_week {
        problems.push(problem(
            "week",
            format!(
                "The week commencing {} has not started yet; choose this week or an earlier one.",
                r.week
            ),
        ));
    }
    if r.beds.is_empty() {
        problems.push(problem("beds", "Enter the beds for at least one category."));
    }
    for (category, counts) in &r.beds {
        let in_use = u64::from(counts.occupied)
            + u64::from(counts.vacant_reserved)
            + u64::from(counts.vacant_accepting);
        if in_use > u64::from(counts.capacity) {
            problems.push(problem(
                format!("beds.{}.occupied", category_key(*category)),
                format!(
                    "{}: occupied and vacant beds add up to {in_use}, more than the {} beds of capacity; correct the counts or the capacity.",
                    category.label(),
                    counts.capacity
                ),
            ));
        }
    }
    if let Admissions::Closed {
        reason: ClosureReason::Other,
        detail,
    } = &r.admissions
    {
        if detail.as_deref().is_none_or(|d| d.trim().is_empty()) {
            problems.push(problem(
                "admissions.detail",
                "Say why admissions are closed when the reason is 'Other'.",
            ));
        }
    }
    if let Some(fees) = &r.fees {
        for (field, fee) in [
            ("fees.self_funder_from", fees.self_funder_from),
            ("fees.self_funder_to", fees.self_funder_to),
        ] {
            if fee.is_some_and(|f| f > MAX_WEEKLY_FEE) {
                problems.push(problem(
                    field,
                    "Enter a weekly fee of £10,000 or less (in pounds, pence allowed).",
                ));
            }
        }
        if let (Some(from), Some(to)) = (fees.self_funder_from, fees.self_funder_to) {
            if from > to {
                problems.push(problem(
                    "fees.self_funder_to",
                    "The highest self-funder fee must not be below the lowest.",
                ));
            }
        }
    }
    problems
}

/// A category's key in the JSON.
pub fn category_key(c: BedCategory) -> &'static str {
    match c {
        BedCategory::Residential => "residential",
        BedCategory::ResidentialDementia => "residential_dementia",
        BedCategory::Nursing => "nursing",
        BedCategory::NursingDementia => "nursing_dementia",
        BedCategory::StepDown => "step_down",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capacity_return::{BedCounts, Fees};

    fn week(s: &str) -> Week {
        s.parse().expect("a Monday")
    }

    fn valid() -> CapacityReturn {
        CapacityReturn {
            home: "H".into(),
            week: week("2026-11-16"),
            submitted_at: "2026-11-17T09:00:00Z".parse().expect("time"),
            beds: [(
                BedCategory::Nursing,
                BedCounts {
                    capacity: 10,
                    occupied: 7,
                    vacant_reserved: 1,
                    vacant_accepting: 2,
                },
            )]
            .into(),
            admissions: Admissions::Open,
            fees: Some(Fees {
                council_rate_accepted: true,
                self_funder_from: Some(Pence::from_pounds(1200)),
                self_funder_to: Some(MAX_WEEKLY_FEE),
            }),
            step_down_beds_offered: 0,
        }
    }

    fn fields(r: &CapacityReturn) -> Vec<String> {
        check_return(r, week("2026-11-23"))
            .into_iter()
            .map(|p| p.field)
            .collect()
    }

    #[test]
    fn a_full_house_this_week_is_valid() {
        let mut r = valid();
        r.week = week("2026-11-23");
        assert!(fields(&r).is_empty());
    }

    #[test]
    fn each_rule_names_its_field_at_its_boundary() {
        type Change = Box<dyn Fn(&mut CapacityReturn)>;
        let cases: Vec<(&str, Change, &[&str])> = vec![
            (
                "next week",
                Box::new(|r| r.week = week("2026-11-30")),
                &["week"],
            ),
            ("no beds", Box::new(|r| r.beds.clear()), &["beds"]),
            (
                "one bed too many",
                Box::new(|r| {
                    r.beds
                        .get_mut(&BedCategory::Nursing)
                        .expect("nursing")
                        .occupied = 8
                }),
                &["beds.nursing.occupied"],
            ),
            (
                "other without detail",
                Box::new(|r| {
                    r.admissions = Admissions::Closed {
                        reason: ClosureReason::Other,
                        detail: Some("  ".into()),
                    }
                }),
                &["admissions.detail"],
            ),
            (
                "a penny over the maximum",
                Box::new(|r| {
                    r.fees.as_mut().expect("fees").self_funder_to =
                        Some(Pence(MAX_WEEKLY_FEE.0 + 1))
                }),
                &["fees.self_funder_to"],
            ),
            (
                "from above to",
                Box::new(|r| {
                    r.fees.as_mut().expect("fees").self_funder_from = Some(Pence(MAX_WEEKLY_FEE.0));
                    r.fees.as_mut().expect("fees").self_funder_to =
                        Some(Pence(MAX_WEEKLY_FEE.0 - 1));
                }),
                &["fees.self_funder_to"],
            ),
        ];
        for (name, change, expected) in cases {
            let mut r = valid();
            change(&mut r);
            assert_eq!(fields(&r), expected, "{name}");
        }
    }

    #[test]
    fn closed_for_a_named_reason_needs_no_detail() {
        let mut r = valid();
        r.admissions = Admissions::Closed {
            reason: ClosureReason::Staffing,
            detail: None,
        };
        assert!(fields(&r).is_empty());
    }
}
