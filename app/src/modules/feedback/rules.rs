//! Pure rules of the feedback workflow: which action may follow which status, and what a
//! new report must carry. The server applies them; tests check them as they are.

use super::model::{NewReport, ReportAction, ReportStatus};
use crate::error::AppError;

pub const MAX_DESCRIPTION: usize = 4_000;

/// The status after `action`, or why it cannot happen now.
pub fn next(status: ReportStatus, action: &ReportAction) -> Result<ReportStatus, AppError> {
    use ReportStatus::*;
    let to = match (status, action) {
        (_, ReportAction::Note { text }) => {
            if text.trim().is_empty() {
                return Err(AppError::invalid("text", "write the note"));
            }
            return Ok(status);
        }
        (Received, ReportAction::Accept) => Accepted,
        (Received | Accepted | Assigned, ReportAction::Reject { reason }) => {
            if reason.trim().is_empty() {
                return Err(AppError::invalid(
                    "reason",
                    "tell the citizen why, and where to go instead",
                ));
            }
            Rejected
        }
        (Received | Accepted | Assigned | InProgress, ReportAction::Assign { department }) => {
            if department.trim().is_empty() {
                return Err(AppError::invalid("department", "choose a department"));
            }
            Assigned
        }
        (Accepted | Assigned, ReportAction::Start) => InProgress,
        (Assigned | InProgress, ReportAction::Resolve { answer }) => {
            if answer.trim().is_empty() {
                return Err(AppError::invalid("answer", "the public answer is required"));
            }
            Resolved
        }
        (Resolved | Rejected, ReportAction::Close) => Closed,
        (from, _) => {
            return Err(AppError::invalid(
                "action",
                format!("not possible while the report is {}", from.as_str()),
            ))
        }
    };
    Ok(to)
}

/// Checks what a citizen sends; the first field that is wrong is named.
pub fn check_new(r: &NewReport) -> Result<(), AppError> {
    if r.service_code.trim().is_empty() {
        return Err(AppError::invalid("service_code", "choose a category"));
    }
    let d = r.description.trim();
    if d.chars().count() < 10 {
        return Err(AppError::invalid(
            "description",
            "describe the problem in at least 10 characters",
        ));
    }
    if d.chars().count() > MAX_DESCRIPTION {
        return Err(AppError::invalid(
            "description",
            format!("at most {MAX_DESCRIPTION} characters"),
        ));
    }
    match (r.lat, r.lon) {
        (Some(lat), Some(lon)) => {
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(AppError::invalid("lat", "not a position on Earth"));
            }
        }
        (None, None) => {
            if r.address.as_deref().is_none_or(|a| a.trim().is_empty()) {
                return Err(AppError::invalid(
                    "location",
                    "tap the map, use your location, or type an address",
                ));
            }
        }
        _ => {
            return Err(AppError::invalid(
                "lat",
                "latitude and longitude go together",
            ))
        }
    }
    if let Some(e) = r.email.as_deref().filter(|e| !e.trim().is_empty()) {
        if !e.contains('@') || e.len() > 200 {
            return Err(AppError::invalid("email", "not an email address"));
        }
    }
    if let Some(p) = r.phone.as_deref().filter(|p| !p.trim().is_empty()) {
        let digits = p.chars().filter(char::is_ascii_digit).count();
        if !(8..=15).contains(&digits) {
            return Err(AppError::invalid("phone", "8 to 15 digits"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportStatus::*;

    #[test]
    fn the_workflow_moves_only_forward_and_names_what_is_missing() {
        assert_eq!(next(Received, &ReportAction::Accept), Ok(Accepted));
        let assign = ReportAction::Assign {
            department: "SGTVT".into(),
        };
        assert_eq!(next(Accepted, &assign), Ok(Assigned));
        assert_eq!(next(Assigned, &assign), Ok(Assigned), "re-routing");
        assert_eq!(next(Assigned, &ReportAction::Start), Ok(InProgress));
        let resolve = ReportAction::Resolve {
            answer: "Đã sửa".into(),
        };
        assert_eq!(next(InProgress, &resolve), Ok(Resolved));
        assert_eq!(next(Resolved, &ReportAction::Close), Ok(Closed));
        assert!(next(Received, &resolve).is_err());
        assert!(next(Closed, &ReportAction::Accept).is_err());
        let empty = ReportAction::Resolve { answer: " ".into() };
        assert!(
            matches!(next(InProgress, &empty), Err(AppError::Invalid { field, .. }) if field == "answer")
        );
        let reject = ReportAction::Reject { reason: "".into() };
        assert!(
            matches!(next(Received, &reject), Err(AppError::Invalid { field, .. }) if field == "reason")
        );
        let note = ReportAction::Note {
            text: "gọi lại".into(),
        };
        assert_eq!(next(InProgress, &note), Ok(InProgress));
    }

    #[test]
    fn a_new_report_needs_a_category_words_and_a_place() {
        let good = NewReport {
            service_code: "road".into(),
            description: "Ổ gà lớn trước số 12".into(),
            lat: Some(10.35),
            lon: Some(107.08),
            ..Default::default()
        };
        assert_eq!(check_new(&good), Ok(()));
        let field = |r: NewReport| match check_new(&r) {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(NewReport {
                description: "ngắn".into(),
                ..good.clone()
            }),
            "description"
        );
        assert_eq!(
            field(NewReport {
                lat: None,
                lon: None,
                ..good.clone()
            }),
            "location"
        );
        assert_eq!(
            field(NewReport {
                lat: Some(99.0),
                ..good.clone()
            }),
            "lat"
        );
        assert_eq!(
            field(NewReport {
                email: Some("x".into()),
                ..good.clone()
            }),
            "email"
        );
        assert_eq!(
            field(NewReport {
                phone: Some("12".into()),
                ..good.clone()
            }),
            "phone"
        );
        let by_address = NewReport {
            lat: None,
            lon: None,
            address: Some("12 Lê Lợi, Vũng Tàu".into()),
            ..good
        };
        assert_eq!(check_new(&by_address), Ok(()));
    }
}
