//! The `admin_unit` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "admin_unit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// General Statistics Office code.
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub name_short: String,
    pub unit_type: String,
    /// province, district or commune.
    pub level: String,
    pub parent_code: Option<String>,
    pub population: Option<i64>,
    /// GeoJSON geometry object, as text.
    #[sea_orm(column_type = "Text", nullable)]
    pub geometry: Option<String>,
    /// ISO dates: the span in which this unit, with this shape, existed.
    pub valid_from: String,
    pub valid_to: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
