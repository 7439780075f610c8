//! The demo's cameras: the province's main roads, the city centre, the beaches and Côn
//! Đảo, in four groups. Without stream addresses: a demo reaches no real camera, and says
//! so (no live video) rather than showing a made-up picture. Their health over the last
//! week is invented like the rest of the demo (the probe checks only cameras with an
//! address): a few outages, one camera down now and one frozen, so the wall, the uptime
//! figures and the alerts show what they would in a live province.

use super::store;
use crate::auth::internal;
use app::error::AppResult;
use app::model::Severity;
use app::modules::cameras::model::{CameraInput, CameraState};
use sea_orm::Statement;

const MINUTE_US: i64 = 60 * 1_000_000;

/// (camera, state, minutes ago): the demo's changes of state after eight days online.
const HISTORY: [(&str, CameraState, i64); 11] = [
    ("vt-nga-5", CameraState::Offline, 3240),
    ("vt-nga-5", CameraState::Online, 3060),
    ("ql51-km20", CameraState::Frozen, 6000),
    ("ql51-km20", CameraState::Online, 5940),
    ("bb-long-hai", CameraState::Offline, 1800),
    ("bb-long-hai", CameraState::Online, 1080),
    ("cd-ben-dam", CameraState::Offline, 8400),
    ("cd-ben-dam", CameraState::Online, 7200),
    // Down or frozen now: an alert is open for each.
    ("ql51-km35", CameraState::Offline, 120),
    ("bb-ho-tram", CameraState::Frozen, 40),
    ("vt-ben-da", CameraState::Offline, 360),
];

const GROUPS: [(&str, &str); 4] = [
    ("ql51", "Quốc lộ 51"),
    ("vung-tau", "Trung tâm Vũng Tàu"),
    ("bai-bien", "Bãi biển"),
    ("con-dao", "Côn Đảo"),
];

/// (code, name, lat, lon, district, group, importance)
const CAMERAS: [(&str, &str, f64, f64, &str, &str, u8); 12] = [
    (
        "ql51-km20",
        "QL51 Km20 – Phú Mỹ (AI tốc độ)",
        10.5962,
        107.0537,
        "754",
        "ql51",
        3,
    ),
    (
        "ql51-km35",
        "QL51 Km35 – Tân Thành",
        10.5311,
        107.0961,
        "754",
        "ql51",
        3,
    ),
    (
        "ql51-cau-co-may",
        "QL51 cầu Cỏ May",
        10.4135,
        107.1327,
        "747",
        "ql51",
        3,
    ),
    (
        "ql51-ba-ria",
        "QL51 vòng xoay Bà Rịa",
        10.4967,
        107.1706,
        "748",
        "ql51",
        2,
    ),
    (
        "vt-nga-5",
        "Ngã 5 Vũng Tàu",
        10.3535,
        107.0836,
        "747",
        "vung-tau",
        2,
    ),
    (
        "vt-le-loi",
        "Lê Lợi – Trưng Trắc",
        10.3469,
        107.0775,
        "747",
        "vung-tau",
        2,
    ),
    (
        "vt-ben-da",
        "Bến Đá – Trần Phú",
        10.3784,
        107.0652,
        "747",
        "vung-tau",
        1,
    ),
    (
        "bb-bai-sau",
        "Bãi Sau",
        10.3460,
        107.0960,
        "747",
        "bai-bien",
        2,
    ),
    (
        "bb-long-hai",
        "Bãi tắm Long Hải",
        10.3881,
        107.2333,
        "752",
        "bai-bien",
        2,
    ),
    (
        "bb-ho-tram",
        "Hồ Tràm",
        10.4833,
        107.4172,
        "751",
        "bai-bien",
        1,
    ),
    (
        "cd-ben-dam",
        "Cảng Bến Đầm",
        8.6617,
        106.5730,
        "755",
        "con-dao",
        2,
    ),
    (
        "cd-trung-tam",
        "Trung tâm Côn Sơn",
        8.6829,
        106.6085,
        "755",
        "con-dao",
        1,
    ),
];

pub async fn seed<C: crate::db::Conn>(db: &C, now: i64) -> AppResult<()> {
    for (code, name, lat, lon, unit, group, importance) in CAMERAS {
        let c = CameraInput {
            code: code.into(),
            name: name.into(),
            lat,
            lon,
            unit: Some(unit.into()),
            group: Some(group.into()),
            importance: Some(importance),
            privacy_note: Some(
                "Giám sát giao thông, trật tự công cộng nơi công cộng (Nghị định 13/2023/NĐ-CP, Điều 17)"
                    .into(),
            ),
            ..Default::default()
        };
        store::save(db, &c, now).await?;
    }
    for (position, (code, name)) in GROUPS.iter().enumerate() {
        db.execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "UPDATE camera_group SET name = $1, position = $2 WHERE code = $3",
            vec![(*name).into(), (position as i64 + 1).into(), (*code).into()],
        ))
        .await
        .map_err(internal)?;
    }
    health(db, now).await?;
    events(db, now).await
}

/// (camera, id, label, minutes ago, score, zones, speed, people): a day of invented analytics
/// events, through the same path as Frigate's.
type DemoEvent = (
    &'static str,
    &'static str,
    &'static str,
    i64,
    f64,
    &'static [&'static str],
    Option<f64>,
    u32,
);
const EVENTS: [DemoEvent; 6] = [
    ("ql51-km20", "demo-1", "car", 25, 0.93, &[], Some(104.0), 0),
    (
        "ql51-km20",
        "demo-2",
        "truck",
        190,
        0.88,
        &[],
        Some(91.0),
        0,
    ),
    (
        "cd-ben-dam",
        "demo-3",
        "person",
        75,
        0.81,
        &["khu-cang-han-che"],
        None,
        1,
    ),
    ("bb-bai-sau", "demo-4", "person", 300, 0.9, &[], None, 26),
    ("vt-nga-5", "demo-5", "car", 15, 0.77, &[], Some(48.0), 0),
    (
        "ql51-cau-co-may",
        "demo-6",
        "motorcycle",
        600,
        0.7,
        &[],
        Some(72.0),
        0,
    ),
];

async fn events<C: crate::db::Conn>(db: &C, now: i64) -> AppResult<()> {
    for (camera, id, label, minutes, score, zones, speed, people) in EVENTS {
        let start = now - minutes * MINUTE_US;
        let e = super::events::Incoming {
            source: if people > 1 {
                "frigate-review"
            } else {
                "frigate"
            },
            id: id.into(),
            camera: camera.into(),
            label: label.into(),
            zones: zones.iter().map(|z| z.to_string()).collect(),
            score: (people <= 1).then_some(score),
            speed,
            people,
            start_us: start,
            end_us: Some(start + 20 * 1_000_000),
            false_positive: false,
        };
        super::events::record(db, &e, now).await?;
    }
    Ok(())
}

/// Eight days of invented health: every camera online, then [`HISTORY`].
async fn health<C: crate::db::Conn>(db: &C, now: i64) -> AppResult<()> {
    let log = |camera: &str, state: CameraState, at: i64| {
        Statement::from_sql_and_values(
            db.get_database_backend(),
            "INSERT INTO camera_state_log (camera, state, at) VALUES ($1, $2, $3)",
            vec![camera.into(), state.as_str().into(), at.into()],
        )
    };
    let start = now - 8 * 24 * 60 * MINUTE_US;
    for c in CAMERAS {
        db.execute_raw(log(c.0, CameraState::Online, start))
            .await
            .map_err(internal)?;
    }
    let mut last: Vec<(&str, CameraState, i64)> = CAMERAS
        .iter()
        .map(|c| (c.0, CameraState::Online, start))
        .collect();
    for (camera, state, minutes) in HISTORY {
        let at = now - minutes * MINUTE_US;
        db.execute_raw(log(camera, state, at))
            .await
            .map_err(internal)?;
        if let Some(l) = last.iter_mut().find(|l| l.0 == camera) {
            *l = (camera, state, at);
        }
    }
    for (camera, state, since) in last {
        db.execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "UPDATE camera SET state = $1, since = $2 WHERE code = $3",
            vec![state.as_str().into(), since.into(), camera.into()],
        ))
        .await
        .map_err(internal)?;
        let name = CAMERAS
            .iter()
            .find(|c| c.0 == camera)
            .map_or(camera, |c| c.1);
        let (kind, vi, en) = match state {
            CameraState::Offline => ("offline", "Camera mất tín hiệu", "Camera offline"),
            CameraState::Frozen => ("frozen", "Camera đứng hình", "Camera frozen"),
            CameraState::Online | CameraState::Unknown => continue,
        };
        crate::alerts::raise(
            db,
            crate::alerts::Raise {
                module: "cameras",
                kind,
                subject: camera,
                subject_name: name,
                department: None,
                severity: Severity::Warning,
                title_vi: format!("{vi}: {name}"),
                title_en: format!("{en}: {name}"),
                value: String::new(),
                observed_at: chrono::DateTime::from_timestamp_micros(since).unwrap_or_default(),
            },
        )
        .await?;
    }
    Ok(())
}
