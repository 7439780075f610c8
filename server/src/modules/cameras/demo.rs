//! The demo's cameras: the province's main roads, the city centre, the beaches and Côn
//! Đảo, in four groups. Without stream addresses: a demo reaches no real camera, and says
//! so (no live video) rather than showing a made-up picture.

use super::store;
use crate::auth::internal;
use app::error::AppResult;
use app::modules::cameras::model::CameraInput;
use sea_orm::Statement;

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
    Ok(())
}
