//! The `feedback_service` table: a category citizens report under.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback_service")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub name_en: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub group_name: String,
    /// The department that handles it by default.
    pub department_code: String,
    /// Hours from receipt to the deadline.
    pub sla_hours: i64,
    pub active: bool,
    /// Open311 attributes asked of the reporter (JSON list of `ServiceAttribute`).
    #[sea_orm(column_type = "Text", nullable)]
    pub attributes: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
