//! Demo categories of citizen feedback, each routed to a department with a deadline
//! (demo values; provinces set their own).

use crate::auth::internal;
use crate::db::entity::feedback_service;
use app::error::AppResult;
use sea_orm::{DatabaseConnection, EntityTrait, Set};

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

pub async fn seed(db: &DatabaseConnection) -> AppResult<()> {
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
                ..Default::default()
            },
        );
    feedback_service::Entity::insert_many(rows)
        .exec(db)
        .await
        .map_err(internal)?;
    Ok(())
}
