//! The rules a capacity return must keep, checked in the same way by the app (as the provider
//! types) and by the data service (before it stores anything).

use crate::primitives::money::Pence;
use crate::primitives::week::Week;
use crate::returns::capacity_return::{
    Admissions, AdmissionsContact, CapacityReturn, ClosureReason, Fees,
};
use serde::Serialize;

/// The highest weekly fee accepted: £10,000.
pub const MAX_WEEKLY_FEE: Pence = Pence::from_pounds(10_000);

/// The lowest weekly fee accepted: £100 (a lower figure is a typing slip).
pub const MIN_WEEKLY_FEE: Pence = Pence::from_pounds(100);

/// Bariatric weight limits accepted, in kg.
pub const BARIATRIC_KG: std::ops::RangeInclusive<u32> = 100..=450;

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

/// Every rule `r` breaks, in form order, for a home registered for `registered_beds`, given the
/// week it is now. Empty when it may be stored.
pub fn check_return(r: &CapacityReturn, registered_beds: u32, this_week: Week) -> Vec<Problem> {
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
    check_beds(r, registered_beds, &mut problems);
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
    if let Some(kg) = r.needs.bariatric_max_kg {
        if !BARIATRIC_KG.contains(&kg) {
            problems.push(problem(
                "needs.bariatric_max_kg",
                "Enter the heaviest weight the home can take, from 100 to 450 kg.",
            ));
        }
    }
    if let Some(fees) = &r.fees {
        check_fees(fees, &mut problems);
    }
    if let Some(contact) = &r.contact {
        check_contact(contact, &mut problems);
    }
    check_lengths(r, &mut problems);
    problems
}

/// The bed rules: at least one category, no category's beds in use above its capacity, and
/// the capacity within the registered beds (fewer needs a note saying why).
fn check_beds(r: &CapacityReturn, registered_beds: u32, problems: &mut Vec<Problem>) {
    if r.beds.is_empty() {
        problems.push(problem("beds", "Enter the beds for at least one category."));
    }
    for (category, counts) in &r.beds {
        let in_use = u64::from(counts.occupied)
            + u64::from(counts.vacant_reserved)
            + u64::from(counts.vacant_accepting);
        if in_use > u64::from(counts.capacity) {
            problems.push(problem(
                format!("beds.{}.occupied", category.key()),
                format!(
                    "{}: occupied and vacant beds add up to {in_use}, more than the {} beds of capacity; correct the counts or the capacity.",
                    category.label(),
                    counts.capacity
                ),
            ));
        }
    }
    let capacity: u64 = r.beds.values().map(|c| u64::from(c.capacity)).sum();
    if capacity > u64::from(registered_beds) {
        problems.push(problem(
            "beds",
            format!("The categories' capacity adds up to {capacity}, more than the {registered_beds} beds the home is registered for; correct the capacity."),
        ));
    } else if capacity < u64::from(registered_beds)
        && !r.beds.is_empty()
        && r.capacity_note
            .as_deref()
            .is_none_or(|n| n.trim().is_empty())
    {
        problems.push(problem(
            "capacity_note",
            format!("The categories' capacity adds up to {capacity}, fewer than the {registered_beds} registered beds: say why (rooms closed for refurbishment, say)."),
        ));
    }
}

/// The fee rules: each self-funder fee within the accepted range, the highest not below the
/// lowest.
fn check_fees(fees: &Fees, problems: &mut Vec<Problem>) {
    for (field, fee) in [
        ("fees.self_funder_from", fees.self_funder_from),
        ("fees.self_funder_to", fees.self_funder_to),
    ] {
        if fee.is_some_and(|f| !(MIN_WEEKLY_FEE..=MAX_WEEKLY_FEE).contains(&f)) {
            problems.push(problem(
                field,
                "Enter a weekly fee from £100 to £10,000 (in pounds, pence allowed).",
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

/// The admissions contact's rules: a name, and a telephone number of 10 to 13 digits.
fn check_contact(contact: &AdmissionsContact, problems: &mut Vec<Problem>) {
    if contact.name.trim().is_empty() {
        problems.push(problem(
            "contact.name",
            "Enter the name or role of the person to call about admissions.",
        ));
    }
    let digits = contact.phone.chars().filter(char::is_ascii_digit).count();
    let allowed = contact
        .phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +()-".contains(c));
    if !allowed || !(10..=13).contains(&digits) {
        problems.push(problem(
            "contact.phone",
            "Enter a telephone number, like 020 7946 0000.",
        ));
    }
}

/// The free-text fields' length limits: a sentence for people to read, not a document.
fn check_lengths(r: &CapacityReturn, problems: &mut Vec<Problem>) {
    let (note, detail) = (
        r.capacity_note.as_deref(),
        match &r.admissions {
            Admissions::Closed { detail, .. } => detail.as_deref(),
            Admissions::Open => None,
        },
    );
    let contact = r.contact.as_ref();
    for (field, text, most) in [
        ("capacity_note", note, MAX_NOTE_CHARS),
        ("admissions.detail", detail, MAX_NOTE_CHARS),
        (
            "contact.name",
            contact.map(|c| c.name.as_str()),
            MAX_NAME_CHARS,
        ),
        (
            "contact.phone",
            contact.map(|c| c.phone.as_str()),
            MAX_PHONE_CHARS,
        ),
        (
            "contact.hours",
            contact.map(|c| c.hours.as_str()),
            MAX_NAME_CHARS,
        ),
    ] {
        let chars = text.map_or(0, |t| t.chars().count());
        if chars > most {
            problems.push(problem(
                field,
                format!("Keep this to {most} characters or fewer (it has {chars})."),
            ));
        }
    }
}

/// The most characters in a note (the capacity note, why admissions are closed).
pub const MAX_NOTE_CHARS: usize = 500;
/// The most characters in a name or a contact's hours.
pub const MAX_NAME_CHARS: usize = 100;
/// The most characters in a telephone number, spaces included.
pub const MAX_PHONE_CHARS: usize = 30;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::returns::capacity_return::{BedCategory, BedCounts, Fees};

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
            needs: Default::default(),
            vacant_beds_for: Default::default(),
            contact: None,
            capacity_note: None,
        }
    }

    fn fields(r: &CapacityReturn) -> Vec<String> {
        check_return(r, 10, week("2026-11-23"))
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
                "one bed more than registered",
                Box::new(|r| {
                    r.beds
                        .get_mut(&BedCategory::Nursing)
                        .expect("nursing")
                        .capacity = 11
                }),
                &["beds"],
            ),
            (
                "fewer beds than registered, no reason",
                Box::new(|r| {
                    r.beds
                        .get_mut(&BedCategory::Nursing)
                        .expect("nursing")
                        .capacity = 9
                }),
                &["beds.nursing.occupied", "capacity_note"],
            ),
            (
                "bariatric limit just too low",
                Box::new(|r| r.needs.bariatric_max_kg = Some(99)),
                &["needs.bariatric_max_kg"],
            ),
            (
                "a penny under the minimum fee",
                Box::new(|r| {
                    r.fees.as_mut().expect("fees").self_funder_from =
                        Some(Pence(MIN_WEEKLY_FEE.0 - 1))
                }),
                &["fees.self_funder_from"],
            ),
            (
                "a contact without a name or a real number",
                Box::new(|r| {
                    r.contact = Some(crate::returns::capacity_return::AdmissionsContact {
                        name: " ".into(),
                        phone: "020 7946".into(),
                        hours: String::new(),
                    })
                }),
                &["contact.name", "contact.phone"],
            ),
            (
                "free text one character too long, a phone padded with spaces",
                Box::new(|r| {
                    r.capacity_note = Some("é".repeat(MAX_NOTE_CHARS + 1));
                    r.contact = Some(crate::returns::capacity_return::AdmissionsContact {
                        name: "n".repeat(MAX_NAME_CHARS + 1),
                        phone: format!("020 7946 0000{}", " ".repeat(MAX_PHONE_CHARS)),
                        hours: "h".repeat(MAX_NAME_CHARS),
                    })
                }),
                &["capacity_note", "contact.name", "contact.phone"],
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
    fn fewer_beds_with_a_reason_and_boundary_values_pass() {
        let mut r = valid();
        r.beds
            .get_mut(&BedCategory::Nursing)
            .expect("nursing")
            .capacity = 10;
        r.beds
            .get_mut(&BedCategory::Nursing)
            .expect("nursing")
            .occupied = 5;
        r.capacity_note = Some("Two rooms closed for repairs".into());
        r.needs.bariatric_max_kg = Some(450);
        r.fees.as_mut().expect("fees").self_funder_from = Some(MIN_WEEKLY_FEE);
        r.contact = Some(crate::returns::capacity_return::AdmissionsContact {
            name: "Duty manager".into(),
            phone: "+44 (0)20 7946 0000".into(),
            hours: "8am to 8pm".into(),
        });
        assert!(fields(&r).is_empty(), "{:?}", fields(&r));
        r.beds
            .get_mut(&BedCategory::Nursing)
            .expect("nursing")
            .capacity = 8;
        r.beds
            .get_mut(&BedCategory::Nursing)
            .expect("nursing")
            .occupied = 3;
        assert!(fields(&r).is_empty(), "a reason covers any shortfall");
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
