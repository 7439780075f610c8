//! Demo categories of citizen feedback, each routed to a department with a deadline
//! (demo values; provinces set their own).

use crate::auth::internal;
use crate::db::entity::{feedback_event, feedback_report, feedback_service};
use crate::seed::noise;
use app::error::AppResult;
use app::modules::feedback::model::ReportStatus;
use chrono::{Duration, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set};

/// District seats (GSO code, lat, lon) the demo reports scatter around.
const SEATS: [(&str, f64, f64); 8] = [
    ("747", 10.346, 107.084),
    ("748", 10.496, 107.169),
    ("754", 10.583, 107.062),
    ("750", 10.645, 107.248),
    ("751", 10.535, 107.403),
    ("752", 10.483, 107.210),
    ("753", 10.490, 107.272),
    ("755", 8.690, 106.605),
];

const DEMO_TEXTS: [&str; 6] = [
    "Ổ gà lớn trên đường, nguy hiểm cho xe máy (demo)",
    "Rác thải tồn đọng nhiều ngày chưa thu gom (demo)",
    "Đèn chiếu sáng công cộng bị hỏng (demo)",
    "Quán ăn lấn chiếm vỉa hè, người đi bộ phải xuống lòng đường (demo)",
    "Tiếng ồn karaoke sau 22 giờ (demo)",
    "Nước thải chảy ra đường gây mùi hôi (demo)",
];

/// code, name, English name, group, department, hours to the deadline.
const SERVICES: [(&str, &str, &str, &str, &str, i64); 9] = [
    (
        "road",
        "Hạ tầng giao thông (ổ gà, đèn, biển báo)",
        "Roads (potholes, lights, signs)",
        "Hạ tầng",
        "SGTVT",
        72,
    ),
    (
        "waste",
        "Vệ sinh môi trường, rác thải",
        "Waste and cleanliness",
        "Môi trường",
        "STNMT",
        48,
    ),
    (
        "pollution",
        "Ô nhiễm khói, bụi, tiếng ồn, nước",
        "Pollution: smoke, dust, noise, water",
        "Môi trường",
        "STNMT",
        72,
    ),
    (
        "urban-order",
        "Trật tự đô thị, lấn chiếm vỉa hè",
        "Urban order, pavement encroachment",
        "Đô thị",
        "VPUBND",
        72,
    ),
    (
        "security",
        "An ninh trật tự",
        "Public order and safety",
        "An ninh",
        "CAT",
        24,
    ),
    (
        "health",
        "Y tế, an toàn thực phẩm",
        "Health and food safety",
        "Xã hội",
        "SYT",
        72,
    ),
    ("education", "Giáo dục", "Education", "Xã hội", "SGDDT", 120),
    (
        "tourism",
        "Du lịch, giá dịch vụ",
        "Tourism and service prices",
        "Kinh tế",
        "SDL",
        72,
    ),
    (
        "procedures",
        "Thủ tục hành chính",
        "Administrative procedures",
        "Hành chính",
        "VPUBND",
        120,
    ),
];

/// What some categories ask besides the words and the place (Open311 attributes).
fn attributes(code: &str) -> Option<String> {
    let list = match code {
        "road" => serde_json::json!([
            {"code": "hazard", "datatype": "singlevaluelist", "required": false, "order": 1,
             "description": "Mức độ nguy hiểm", "description_en": "How dangerous is it",
             "values": [
                {"key": "minor", "name": "Nhỏ, chưa nguy hiểm"},
                {"key": "dangerous", "name": "Nguy hiểm cho người đi đường"},
                {"key": "blocked", "name": "Cản trở giao thông"}]},
            {"code": "pole", "datatype": "string", "required": false, "order": 2,
             "description": "Số hiệu trụ đèn hoặc biển báo (nếu có)",
             "description_en": "Number of the light pole or sign (if any)"}
        ]),
        "waste" => serde_json::json!([
            {"code": "volume", "datatype": "singlevaluelist", "required": false, "order": 1,
             "description": "Khối lượng ước tính", "description_en": "Rough amount",
             "values": [
                {"key": "bags", "name": "Vài túi"},
                {"key": "pile", "name": "Một đống lớn"},
                {"key": "truck", "name": "Cần xe chở"}]}
        ]),
        "pollution" => serde_json::json!([
            {"code": "kind", "datatype": "singlevaluelist", "required": true, "order": 1,
             "description": "Loại ô nhiễm", "description_en": "Kind of pollution",
             "values": [
                {"key": "smoke", "name": "Khói"},
                {"key": "dust", "name": "Bụi"},
                {"key": "noise", "name": "Tiếng ồn"},
                {"key": "water", "name": "Nước thải"},
                {"key": "odour", "name": "Mùi hôi"}]}
        ]),
        _ => return None,
    };
    Some(list.to_string())
}

/// The demo categories and a year of reports, unless categories exist already.
pub async fn seed<C: crate::db::Conn>(db: &C) -> AppResult<()> {
    if feedback_service::Entity::find()
        .count(db)
        .await
        .map_err(internal)?
        > 0
    {
        return Ok(());
    }
    let rows = SERVICES
        .iter()
        .map(
            |(code, name, name_en, group, dept, hours)| feedback_service::ActiveModel {
                code: Set(code.to_string()),
                name: Set(name.to_string()),
                name_en: Set(name_en.to_string()),
                description: Set(String::new()),
                group_name: Set(group.to_string()),
                department_code: Set(dept.to_string()),
                sla_hours: Set(*hours),
                active: Set(true),
                attributes: Set(attributes(code)),
                ..Default::default()
            },
        );
    feedback_service::Entity::insert_many(rows)
        .exec(db)
        .await
        .map_err(internal)?;
    reports(db).await
}

/// 160 demo reports over 2024, most handled on time, some late, a few still open, so the
/// inbox, the map and the statistics show something real-looking. Marked source "demo".
async fn reports<C: crate::db::Conn>(db: &C) -> AppResult<()> {
    let txn = db.begin().await.map_err(internal)?;
    for i in 0..160u32 {
        let r = |k: &str| noise(&format!("pakn/{i}/{k}"));
        let (svc, _, _, _, dept, hours) = SERVICES[(r("svc") * SERVICES.len() as f64) as usize];
        let (unit, lat, lon) = SEATS[(r("seat") * 7.0) as usize + usize::from(i % 40 == 0)];
        let created = Utc.with_ymd_and_hms(2024, 1, 1, 7, 0, 0).unwrap()
            + Duration::minutes((r("day") * 365.0 * 24.0 * 60.0) as i64);
        let due = created + Duration::hours(hours);
        let roll = r("fate");
        // 80 % handled on time, 10 % late, 4 % rejected, the rest still open.
        let (status, resolved) = match roll {
            x if x < 0.80 => (
                ReportStatus::Closed,
                Some(created + Duration::hours((hours as f64 * (0.2 + 0.7 * r("speed"))) as i64)),
            ),
            x if x < 0.90 => (
                ReportStatus::Closed,
                Some(due + Duration::hours(1 + (48.0 * r("slow")) as i64)),
            ),
            x if x < 0.94 => (ReportStatus::Rejected, None),
            _ => (ReportStatus::InProgress, None),
        };
        let satisfied = resolved.map(|_| r("happy") < 0.85);
        let m = feedback_report::ActiveModel {
            code: Set(super::store::tracking_code()),
            service_code: Set(svc.to_string()),
            department_code: Set(Some(dept.to_string())),
            status: Set(status.as_str().into()),
            description: Set(DEMO_TEXTS[(r("text") * DEMO_TEXTS.len() as f64) as usize].into()),
            lat: Set(Some(lat + (r("dlat") - 0.5) * 0.03)),
            lon: Set(Some(lon + (r("dlon") - 0.5) * 0.03)),
            address: Set(None),
            unit_code: Set(Some(unit.to_string())),
            reporter_name: Set(None),
            reporter_phone: Set(None),
            reporter_email: Set(None),
            answer: Set(resolved.map(|_| "Đã xử lý xong (demo).".to_string())),
            satisfied: Set(satisfied),
            source: Set("demo".into()),
            client_hash: Set(None),
            created_at: Set(created),
            updated_at: Set(resolved.unwrap_or(created)),
            due_at: Set(due),
            resolved_at: Set(resolved),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(internal)?;
        let mut steps = vec![(created, "filed", ReportStatus::Received, None)];
        match (status, resolved) {
            (_, Some(done)) => {
                steps.push((done, "resolve", ReportStatus::Resolved, m.answer.clone()))
            }
            (ReportStatus::Rejected, _) => steps.push((
                created + Duration::hours(4),
                "reject",
                ReportStatus::Rejected,
                Some("Không thuộc thẩm quyền của tỉnh (demo).".into()),
            )),
            _ => steps.push((
                created + Duration::hours(2),
                "start",
                ReportStatus::InProgress,
                None,
            )),
        }
        for (at, kind, st, text) in steps {
            feedback_event::ActiveModel {
                report_id: Set(m.id),
                at: Set(at),
                actor: Set("demo".into()),
                kind: Set(kind.into()),
                status: Set(Some(st.as_str().into())),
                text: Set(text),
                internal: Set(false),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
        }
    }
    txn.commit().await.map_err(internal)
}

/// `n` synthetic reports over the last year, in batches, for benchmarks: a spread of
/// categories, districts and statuses like the demo's. Marked source "synthetic".
pub async fn synthetic(db: &DatabaseConnection, n: u32) -> AppResult<()> {
    let now = Utc::now();
    let mut i = 0u32;
    while i < n {
        let batch: Vec<feedback_report::ActiveModel> = (i..n.min(i + 500))
            .map(|k| {
                let r = |f: &str| noise(&format!("synthetic/{k}/{f}"));
                let (svc, _, _, _, dept, hours) =
                    SERVICES[(r("svc") * SERVICES.len() as f64) as usize];
                let (unit, lat, lon) = SEATS[(r("seat") * 8.0) as usize % 8];
                let created = now - Duration::minutes((r("age") * 365.0 * 24.0 * 60.0) as i64);
                let due = created + Duration::hours(hours);
                let fate = r("fate");
                let (status, resolved) = match fate {
                    x if x < 0.7 => (
                        ReportStatus::Closed,
                        Some(created + Duration::hours(hours / 2)),
                    ),
                    x if x < 0.8 => (ReportStatus::Resolved, Some(due + Duration::hours(3))),
                    x if x < 0.85 => (ReportStatus::Rejected, None),
                    x if x < 0.93 => (ReportStatus::InProgress, None),
                    _ => (ReportStatus::Received, None),
                };
                feedback_report::ActiveModel {
                    code: Set(super::store::tracking_code()),
                    service_code: Set(svc.to_string()),
                    department_code: Set(Some(dept.to_string())),
                    status: Set(status.as_str().into()),
                    description: Set(
                        DEMO_TEXTS[(r("text") * DEMO_TEXTS.len() as f64) as usize].into()
                    ),
                    lat: Set(Some(lat + (r("dlat") - 0.5) * 0.05)),
                    lon: Set(Some(lon + (r("dlon") - 0.5) * 0.05)),
                    address: Set(None),
                    unit_code: Set(Some(unit.to_string())),
                    reporter_name: Set(None),
                    reporter_phone: Set(None),
                    reporter_email: Set(None),
                    answer: Set(resolved.map(|_| "Đã xử lý xong.".to_string())),
                    satisfied: Set((status == ReportStatus::Closed).then(|| r("happy") < 0.85)),
                    source: Set("synthetic".into()),
                    client_hash: Set(None),
                    created_at: Set(created),
                    updated_at: Set(resolved.unwrap_or(created)),
                    due_at: Set(due),
                    resolved_at: Set(resolved),
                    attributes: Set(None),
                    media_url: Set(None),
                    ..Default::default()
                }
            })
            .collect();
        i = n.min(i + 500);
        feedback_report::Entity::insert_many(batch)
            .exec(db)
            .await
            .map_err(internal)?;
    }
    Ok(())
}
