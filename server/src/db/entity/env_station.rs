//! The `env_station` table: air and water monitoring stations.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "env_station")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    /// The English name, if given.
    pub name_en: Option<String>,
    /// air or water.
    pub kind: String,
    /// automatic or periodic.
    pub mode: String,
    pub lat: f64,
    pub lon: f64,
    pub district_code: Option<String>,
    pub department_code: String,
    /// JSON list of parameter names.
    #[sea_orm(column_type = "Text")]
    pub parameters: String,
    /// JSON object: parameter → limit, the station's own.
    #[sea_orm(column_type = "Text")]
    pub limits: String,
    pub interval_minutes: i32,
    /// Epoch seconds of the latest reading.
    pub last_reading_at: Option<i64>,
    pub demo: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
