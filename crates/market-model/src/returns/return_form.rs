//! The weekly return form as a provider types it: every field kept as text, so a half-filled
//! form (a draft) holds exactly what was typed, and turned into a return (or the problems that
//! stop it) by the same rules the data service applies.

use crate::primitives::money::Pence;
use crate::primitives::week::Week;
use crate::returns::capacity_return::{
    Admissions, AdmissionsContact, BedCategory, BedCounts, BedsFor, CapacityReturn, ClosureReason,
    Fees, Needs,
};
use crate::returns::validation::{check_return, Problem};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The four counts of a bed category: their keys in the JSON and their labels in the form.
pub const COUNTS: [(&str, &str); 4] = [
    ("capacity", "Capacity"),
    ("occupied", "Occupied"),
    ("vacant_reserved", "Vacant, reserved"),
    ("vacant_accepting", "Vacant, accepting admissions"),
];

/// The form's fields, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReturnForm {
    /// Per category, the four counts in [`COUNTS`] order; a category left blank is not offered.
    pub beds: BTreeMap<BedCategory, [String; 4]>,
    /// Admissions closed (the default is open).
    pub closed: bool,
    /// Why, when closed.
    pub closure_reason: Option<ClosureReason>,
    /// Free text for "other".
    pub closure_detail: String,
    /// Needs the home can meet now (the bariatric limit is typed separately).
    pub needs: Needs,
    /// Bariatric care: the heaviest weight in kg, blank for none.
    pub bariatric_kg: String,
    /// Whom the vacant beds can take.
    pub vacant_beds_for: BedsFor,
    /// Accepts the council-funded rate.
    pub council_rate_accepted: bool,
    /// Lowest self-funder weekly fee, in pounds.
    pub fee_from: String,
    /// Highest self-funder weekly fee, in pounds.
    pub fee_to: String,
    /// Step-down beds offered.
    pub step_down_offered: String,
    /// Admissions contact: name or role.
    pub contact_name: String,
    /// Admissions contact: telephone.
    pub contact_phone: String,
    /// Admissions contact: hours.
    pub contact_hours: String,
    /// Why capacity is below the registered beds.
    pub capacity_note: String,
}

/// The form field a problem's JSON path points at (`beds.nursing.occupied` → `beds-nursing-occupied`).
pub fn field_id(path: &str) -> String {
    path.replace(['.', '_'], "-")
}

fn text(n: u32) -> String {
    n.to_string()
}

fn pounds(p: Option<Pence>) -> String {
    p.map(|p| {
        if p.0 % 100 == 0 {
            (p.0 / 100).to_string()
        } else {
            p.to_decimal()
        }
    })
    .unwrap_or_default()
}

fn optional(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl ReturnForm {
    /// The form filled in from a return (last week's, to confirm or change, or this week's, to
    /// amend).
    pub fn from_return(r: &CapacityReturn) -> ReturnForm {
        let (closed, closure_reason, closure_detail) = match &r.admissions {
            Admissions::Open => (false, None, String::new()),
            Admissions::Closed { reason, detail } => {
                (true, Some(*reason), detail.clone().unwrap_or_default())
            }
        };
        let fees = r.fees.clone().unwrap_or_default();
        let contact = r.contact.clone().unwrap_or_default();
        ReturnForm {
            beds: r
                .beds
                .iter()
                .map(|(c, b)| {
                    (
                        *c,
                        [
                            text(b.capacity),
                            text(b.occupied),
                            text(b.vacant_reserved),
                            text(b.vacant_accepting),
                        ],
                    )
                })
                .collect(),
            closed,
            closure_reason,
            closure_detail,
            needs: Needs {
                bariatric_max_kg: None,
                ..r.needs.clone()
            },
            bariatric_kg: r.needs.bariatric_max_kg.map(text).unwrap_or_default(),
            vacant_beds_for: r.vacant_beds_for,
            council_rate_accepted: fees.council_rate_accepted,
            fee_from: pounds(fees.self_funder_from),
            fee_to: pounds(fees.self_funder_to),
            step_down_offered: text(r.step_down_beds_offered),
            contact_name: contact.name,
            contact_phone: contact.phone,
            contact_hours: contact.hours,
            capacity_note: r.capacity_note.clone().unwrap_or_default(),
        }
    }

    /// The return the form describes for `home` in `week`, or every problem with it: first
    /// the fields that are not numbers, then the rules of [`check_return`].
    pub fn to_return(
        &self,
        home: &str,
        registered_beds: u32,
        week: Week,
        this_week: Week,
        now: DateTime<Utc>,
    ) -> Result<CapacityReturn, Vec<Problem>> {
        let mut problems = Vec::new();
        let beds = self.read_beds(&mut problems);
        let kg = whole(
            &mut problems,
            "needs.bariatric_max_kg".into(),
            "The bariatric weight limit",
            &self.bariatric_kg,
        );
        let step_down = whole(
            &mut problems,
            "step_down_beds_offered".into(),
            "Step-down beds offered",
            &self.step_down_offered,
        );
        let fees = Fees {
            council_rate_accepted: self.council_rate_accepted,
            self_funder_from: fee(&mut problems, "fees.self_funder_from", &self.fee_from),
            self_funder_to: fee(&mut problems, "fees.self_funder_to", &self.fee_to),
        };
        let admissions = self.read_admissions(&mut problems);
        let contact = self.read_contact();
        let r = CapacityReturn {
            home: home.to_string(),
            week,
            submitted_at: now,
            beds,
            admissions,
            fees: Some(fees),
            step_down_beds_offered: step_down.unwrap_or(0),
            needs: Needs {
                bariatric_max_kg: kg,
                ..self.needs.clone()
            },
            vacant_beds_for: self.vacant_beds_for,
            contact,
            capacity_note: optional(&self.capacity_note),
        };
        problems.extend(check_return(&r, registered_beds, this_week));
        if problems.is_empty() {
            Ok(r)
        } else {
            Err(problems)
        }
    }

    /// The bed counts of every category with anything typed, a blank count read as 0; a count
    /// that is not a number is a problem.
    fn read_beds(&self, problems: &mut Vec<Problem>) -> BTreeMap<BedCategory, BedCounts> {
        let mut beds = BTreeMap::new();
        for (category, typed) in &self.beds {
            if typed.iter().all(|t| t.trim().is_empty()) {
                continue;
            }
            let key = category.key();
            let mut n = [0; 4];
            for (i, (count, label)) in COUNTS.iter().enumerate() {
                let field = format!("beds.{key}.{count}");
                let label = format!("{}: {}", category.label(), label.to_ascii_lowercase());
                n[i] = whole(problems, field, &label, &typed[i]).unwrap_or(0);
            }
            beds.insert(
                *category,
                BedCounts {
                    capacity: n[0],
                    occupied: n[1],
                    vacant_reserved: n[2],
                    vacant_accepting: n[3],
                },
            );
        }
        beds
    }

    /// Open, or closed for the chosen reason; closed without a reason is a problem (and reads
    /// as open).
    fn read_admissions(&self, problems: &mut Vec<Problem>) -> Admissions {
        match (self.closed, self.closure_reason) {
            (false, _) => Admissions::Open,
            (true, Some(reason)) => Admissions::Closed {
                reason,
                detail: optional(&self.closure_detail),
            },
            (true, None) => {
                problems.push(Problem {
                    field: "admissions.reason".into(),
                    message: "Choose why admissions are closed.".into(),
                });
                Admissions::Open
            }
        }
    }

    /// The admissions contact, trimmed, when any of its fields is filled in.
    fn read_contact(&self) -> Option<AdmissionsContact> {
        [&self.contact_name, &self.contact_phone, &self.contact_hours]
            .iter()
            .any(|t| !t.trim().is_empty())
            .then(|| AdmissionsContact {
                name: self.contact_name.trim().to_string(),
                phone: self.contact_phone.trim().to_string(),
                hours: self.contact_hours.trim().to_string(),
            })
    }
}

/// A whole number typed in `field`, `None` when blank; anything else is a problem naming
/// `label`.
fn whole(problems: &mut Vec<Problem>, field: String, label: &str, typed: &str) -> Option<u32> {
    let t = typed.trim();
    if t.is_empty() {
        return None;
    }
    t.parse().map(Some).unwrap_or_else(|_| {
        problems.push(Problem {
            field,
            message: format!("{label} must be a whole number of 0 or more, like 12."),
        });
        None
    })
}

/// A weekly fee typed in `field`, `None` when blank; anything else is a problem with the
/// parser's reason.
fn fee(problems: &mut Vec<Problem>, field: &str, typed: &str) -> Option<Pence> {
    let t = typed.trim();
    if t.is_empty() {
        return None;
    }
    t.parse().map(Some).unwrap_or_else(|e| {
        problems.push(Problem {
            field: field.into(),
            message: format!("Weekly fee: {e}."),
        });
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(s: &str) -> Week {
        s.parse().expect("a Monday")
    }

    fn now() -> DateTime<Utc> {
        "2026-11-24T09:00:00Z".parse().expect("time")
    }

    fn filled() -> ReturnForm {
        ReturnForm {
            beds: [(
                BedCategory::Nursing,
                ["20".into(), "17".into(), "1".into(), "2".into()],
            )]
            .into(),
            fee_from: "1,250.50".into(),
            fee_to: "1400".into(),
            step_down_offered: "1".into(),
            ..Default::default()
        }
    }

    fn fields(form: &ReturnForm) -> Vec<String> {
        match form.to_return("H", 20, week("2026-11-23"), week("2026-11-23"), now()) {
            Ok(_) => vec![],
            Err(problems) => problems.into_iter().map(|p| p.field).collect(),
        }
    }

    #[test]
    fn a_filled_form_makes_a_return_that_fills_the_form_again() {
        let r = filled()
            .to_return("H", 20, week("2026-11-23"), week("2026-11-23"), now())
            .expect("valid");
        assert_eq!(r.beds[&BedCategory::Nursing].vacant_accepting, 2);
        assert_eq!(
            r.fees.as_ref().and_then(|f| f.self_funder_from),
            Some(Pence(125_050))
        );
        assert_eq!(r.step_down_beds_offered, 1);
        let again = ReturnForm::from_return(&r);
        assert_eq!(again.fee_from, "1250.50");
        assert_eq!(
            again
                .to_return("H", 20, r.week, r.week, now())
                .expect("valid"),
            r
        );
    }

    #[test]
    fn text_that_is_not_a_number_is_named_by_field() {
        type Case = (&'static str, fn(&mut ReturnForm), &'static [&'static str]);
        let cases: Vec<Case> = vec![
            (
                "letters for beds",
                |f| f.beds.get_mut(&BedCategory::Nursing).expect("row")[1] = "many".into(),
                &["beds.nursing.occupied"],
            ),
            (
                "a negative count",
                |f| f.beds.get_mut(&BedCategory::Nursing).expect("row")[2] = "-1".into(),
                &["beds.nursing.vacant_reserved"],
            ),
            (
                "a decimal count",
                |f| f.step_down_offered = "1.5".into(),
                &["step_down_beds_offered"],
            ),
            (
                "a fee in words",
                |f| f.fee_to = "lots".into(),
                &["fees.self_funder_to"],
            ),
            (
                "a fee with three decimals",
                |f| f.fee_from = "1250.505".into(),
                &["fees.self_funder_from"],
            ),
            (
                "closed with no reason",
                |f| f.closed = true,
                &["admissions.reason"],
            ),
            (
                "a blank category is not offered",
                |f| {
                    f.beds.insert(
                        BedCategory::StepDown,
                        ["".into(), " ".into(), "".into(), "".into()],
                    );
                },
                &[],
            ),
            (
                "fewer beds with no reason",
                |f| f.beds.get_mut(&BedCategory::Nursing).expect("row")[0] = "19".into(),
                &["beds.nursing.occupied", "capacity_note"],
            ),
            (
                "a bariatric limit in words",
                |f| f.bariatric_kg = "heavy".into(),
                &["needs.bariatric_max_kg"],
            ),
        ];
        for (name, change, expected) in cases {
            let mut form = filled();
            change(&mut form);
            assert_eq!(fields(&form), expected, "{name}");
        }
    }

    #[test]
    fn field_ids_follow_the_json_path() {
        assert_eq!(
            field_id("beds.nursing_dementia.vacant_accepting"),
            "beds-nursing-dementia-vacant-accepting"
        );
    }
}
