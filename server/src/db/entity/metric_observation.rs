//! The `metric_observation` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "metric_observation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// e.g. "tourism.visitors".
    pub metric: String,
    pub unit_code: String,
    /// "YYYY-MM".
    pub period: String,
    pub value: f64,
    pub source: String,
    pub demo: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
