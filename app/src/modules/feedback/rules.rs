//! Pure rules of the feedback workflow: which action may follow which status, and what a
//! new report must carry. The server applies them; tests check them as they are.

use super::model::{NewReport, ReportAction, ReportStatus, ServiceAttribute, MAX_PHOTOS};
use crate::error::AppError;
use crate::i18n::Lang;
use std::collections::BTreeMap;

pub const MAX_DESCRIPTION: usize = 4_000;
/// Longest address, name, email and phone a citizen may give (characters); the OpenAPI
/// document states the same.
pub const MAX_ADDRESS: usize = 300;
pub const MAX_NAME: usize = 200;
pub const MAX_EMAIL: usize = 200;
pub const MAX_PHONE: usize = 30;
/// Longest answer, reason or note an official writes.
pub const MAX_ANSWER: usize = 4_000;
/// Longest code a client may name (categories, departments, photo tokens).
pub const MAX_CODE: usize = 64;

/// Refuses a text longer than `max` characters, naming the field.
fn bounded(field: &str, text: &str, max: usize) -> Result<(), AppError> {
    if text.chars().count() > max {
        return Err(AppError::invalid(
            field,
            tr!("tối đa {max} ký tự", "at most {max} characters"),
        ));
    }
    Ok(())
}

/// Checks the lengths of what an official sends with an action.
pub fn check_action(action: &ReportAction) -> Result<(), AppError> {
    match action {
        ReportAction::Note { text } => bounded("text", text, MAX_ANSWER),
        ReportAction::Reject { reason } => bounded("reason", reason, MAX_ANSWER),
        ReportAction::Assign { department } => bounded("department", department, MAX_CODE),
        ReportAction::Resolve { answer, photos } => {
            bounded("answer", answer, MAX_ANSWER)?;
            photos
                .iter()
                .try_for_each(|t| bounded("photos", t, MAX_CODE))
        }
        ReportAction::Accept | ReportAction::Start | ReportAction::Close => Ok(()),
    }
}

/// The status after `action`, or why it cannot happen now.
pub fn next(status: ReportStatus, action: &ReportAction) -> Result<ReportStatus, AppError> {
    use ReportStatus::*;
    check_action(action)?;
    let to = match (status, action) {
        (_, ReportAction::Note { text }) => {
            if text.trim().is_empty() {
                return Err(AppError::invalid(
                    "text",
                    tr!("hãy viết ghi chú", "write the note"),
                ));
            }
            return Ok(status);
        }
        (Received, ReportAction::Accept) => Accepted,
        (Received | Accepted | Assigned, ReportAction::Reject { reason }) => {
            if reason.trim().is_empty() {
                return Err(AppError::invalid(
                    "reason",
                    tr!(
                        "cho người dân biết lý do, và nên gửi đến đâu",
                        "tell the citizen why, and where to go instead"
                    ),
                ));
            }
            Rejected
        }
        (Received | Accepted | Assigned | InProgress, ReportAction::Assign { department }) => {
            if department.trim().is_empty() {
                return Err(AppError::invalid(
                    "department",
                    tr!("chọn một đơn vị", "choose a department"),
                ));
            }
            Assigned
        }
        (Accepted | Assigned, ReportAction::Start) => InProgress,
        (Assigned | InProgress, ReportAction::Resolve { answer, photos }) => {
            if answer.trim().is_empty() {
                return Err(AppError::invalid(
                    "answer",
                    tr!(
                        "cần có câu trả lời công khai",
                        "the public answer is required"
                    ),
                ));
            }
            if photos.len() > MAX_PHOTOS {
                return Err(AppError::invalid(
                    "photos",
                    tr!("tối đa {MAX_PHOTOS} ảnh", "at most {MAX_PHOTOS} photos"),
                ));
            }
            Resolved
        }
        (Resolved | Rejected, ReportAction::Close) => Closed,
        (from, _) => {
            return Err(AppError::invalid("action", {
                let (vi, en) = (from.label(Lang::Vi), from.as_str());
                tr!(
                    "không thực hiện được khi phản ánh đang ở trạng thái \"{vi}\"",
                    "not possible while the report is {en}"
                )
            }))
        }
    };
    Ok(to)
}

/// Checks what a citizen sends; the first field that is wrong is named.
pub fn check_new(r: &NewReport) -> Result<(), AppError> {
    if r.service_code.trim().is_empty() {
        return Err(AppError::invalid(
            "service_code",
            tr!("chọn một lĩnh vực", "choose a category"),
        ));
    }
    bounded("service_code", &r.service_code, MAX_CODE)?;
    for (field, text, max) in [
        ("address", &r.address, MAX_ADDRESS),
        ("name", &r.name, MAX_NAME),
        ("email", &r.email, MAX_EMAIL),
        ("phone", &r.phone, MAX_PHONE),
    ] {
        if let Some(t) = text {
            bounded(field, t.trim(), max)?;
        }
    }
    if let Some(t) = r.photos.iter().find(|t| t.chars().count() > MAX_CODE) {
        bounded("photos", t, MAX_CODE)?;
    }
    if r.attributes.len() > 50 {
        return Err(AppError::invalid(
            "attributes",
            tr!("tối đa 50 câu trả lời", "at most 50 answers"),
        ));
    }
    for (code, value) in &r.attributes {
        bounded(
            &format!(
                "attribute[{}]",
                code.chars().take(MAX_CODE).collect::<String>()
            ),
            code,
            MAX_CODE,
        )?;
        bounded(&format!("attribute[{code}]"), value, 1_000)?;
    }
    let d = r.description.trim();
    if d.chars().count() < 10 {
        return Err(AppError::invalid(
            "description",
            tr!(
                "mô tả vấn đề bằng ít nhất 10 ký tự",
                "describe the problem in at least 10 characters"
            ),
        ));
    }
    if d.chars().count() > MAX_DESCRIPTION {
        return Err(AppError::invalid(
            "description",
            tr!(
                "tối đa {MAX_DESCRIPTION} ký tự",
                "at most {MAX_DESCRIPTION} characters"
            ),
        ));
    }
    match (r.lat, r.lon) {
        (Some(lat), Some(lon)) => {
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(AppError::invalid(
                    "lat",
                    tr!(
                        "không phải một vị trí trên Trái Đất",
                        "not a position on Earth"
                    ),
                ));
            }
        }
        (None, None) => {
            if r.address.as_deref().is_none_or(|a| a.trim().is_empty()) {
                return Err(AppError::invalid(
                    "location",
                    tr!(
                        "chạm vào bản đồ, dùng vị trí của bạn, hoặc nhập địa chỉ",
                        "tap the map, use your location, or type an address"
                    ),
                ));
            }
        }
        _ => {
            return Err(AppError::invalid(
                "lat",
                tr!(
                    "vĩ độ và kinh độ phải đi cùng nhau",
                    "latitude and longitude go together"
                ),
            ))
        }
    }
    if let Some(e) = r.email.as_deref().filter(|e| !e.trim().is_empty()) {
        if !e.contains('@') {
            return Err(AppError::invalid(
                "email",
                tr!("không phải địa chỉ email", "not an email address"),
            ));
        }
    }
    if let Some(p) = r.phone.as_deref().filter(|p| !p.trim().is_empty()) {
        let digits = p.chars().filter(char::is_ascii_digit).count();
        if !(8..=15).contains(&digits) {
            return Err(AppError::invalid(
                "phone",
                tr!("từ 8 đến 15 chữ số", "8 to 15 digits"),
            ));
        }
    }
    if r.photos.len() > MAX_PHOTOS {
        return Err(AppError::invalid(
            "photos",
            tr!("tối đa {MAX_PHOTOS} ảnh", "at most {MAX_PHOTOS} photos"),
        ));
    }
    if let Some(u) = r.media_url.as_deref().filter(|u| !u.trim().is_empty()) {
        let u = u.trim();
        if !(u.starts_with("https://") || u.starts_with("http://"))
            || u.len() > 500
            || u.chars().any(|c| c.is_whitespace() || c == '"' || c == '<')
        {
            return Err(AppError::invalid(
                "media_url",
                tr!("một địa chỉ http hoặc https", "an http or https address"),
            ));
        }
    }
    Ok(())
}

/// Checks the answers to a category's attributes: required ones given, numbers numeric,
/// list answers among the listed keys, nothing the category does not ask. The field named
/// is Open311's `attribute[code]`.
pub fn check_attributes(
    asked: &[ServiceAttribute],
    given: &BTreeMap<String, String>,
) -> Result<(), AppError> {
    let field = |code: &str| format!("attribute[{code}]");
    if let Some(code) = given.keys().find(|c| !asked.iter().any(|a| &a.code == *c)) {
        return Err(AppError::invalid(
            field(code),
            tr!(
                "lĩnh vực này không hỏi thông tin này",
                "this category does not ask this"
            ),
        ));
    }
    for a in asked {
        let value = given.get(&a.code).map(|v| v.trim()).unwrap_or_default();
        if value.is_empty() {
            if a.required {
                return Err(AppError::invalid(
                    field(&a.code),
                    tr!("bắt buộc: {}", "required: {}", a.description),
                ));
            }
            continue;
        }
        let ok = match a.datatype.as_str() {
            "number" => value.parse::<f64>().is_ok_and(f64::is_finite),
            "datetime" => chrono::DateTime::parse_from_rfc3339(value).is_ok(),
            "singlevaluelist" => a.values.iter().any(|v| v.key == value),
            "multivaluelist" => value
                .split(',')
                .all(|k| a.values.iter().any(|v| v.key == k.trim())),
            _ => value.chars().count() <= 1_000,
        };
        if !ok {
            let keys: Vec<&str> = a.values.iter().map(|v| v.key.as_str()).collect();
            let keys = keys.join(", ");
            let expected = match a.datatype.as_str() {
                "number" => tr!("cần một số", "expected a number"),
                "datetime" => tr!(
                    "cần ngày và giờ (ISO 8601)",
                    "expected a date and time (ISO 8601)"
                ),
                "singlevaluelist" | "multivaluelist" => {
                    tr!("cần một trong: {keys}", "expected one of: {keys}")
                }
                _ => tr!("tối đa 1.000 ký tự", "expected at most 1,000 characters"),
            };
            return Err(AppError::invalid(field(&a.code), expected));
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
            photos: vec![],
        };
        assert_eq!(next(InProgress, &resolve), Ok(Resolved));
        assert_eq!(next(Resolved, &ReportAction::Close), Ok(Closed));
        assert!(next(Received, &resolve).is_err());
        assert!(next(Closed, &ReportAction::Accept).is_err());
        let empty = ReportAction::Resolve {
            answer: " ".into(),
            photos: vec![],
        };
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

    #[test]
    fn attributes_are_checked_against_what_the_category_asks() {
        use crate::modules::feedback::model::AttributeValue;
        let asked = vec![
            ServiceAttribute {
                code: "hazard".into(),
                datatype: "singlevaluelist".into(),
                required: true,
                description: "Mức nguy hiểm".into(),
                description_en: String::new(),
                order: 1,
                values: vec![AttributeValue {
                    key: "minor".into(),
                    name: "Nhỏ".into(),
                }],
            },
            ServiceAttribute {
                code: "width".into(),
                datatype: "number".into(),
                required: false,
                description: "Bề rộng (m)".into(),
                description_en: String::new(),
                order: 2,
                values: vec![],
            },
        ];
        let given = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let field = |r: Result<(), AppError>| match r {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            check_attributes(&asked, &given(&[("hazard", "minor")])),
            Ok(())
        );
        assert_eq!(
            field(check_attributes(&asked, &given(&[]))),
            "attribute[hazard]"
        );
        assert_eq!(
            field(check_attributes(&asked, &given(&[("hazard", "huge")]))),
            "attribute[hazard]"
        );
        assert_eq!(
            field(check_attributes(
                &asked,
                &given(&[("hazard", "minor"), ("width", "wide")])
            )),
            "attribute[width]"
        );
        assert_eq!(
            field(check_attributes(
                &asked,
                &given(&[("hazard", "minor"), ("colour", "red")])
            )),
            "attribute[colour]"
        );
    }
}
