//! The `dataset_record` table: one row of a dataset, unique by its key.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "dataset_record")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dataset_id: i32,
    /// The key fields' normalised values joined by U+001F.
    pub record_key: String,
    pub unit_code: Option<String>,
    pub period: Option<String>,
    /// The normalised values by field name, as JSON.
    #[sea_orm(column_type = "Text")]
    pub data: String,
    /// The batch that last changed this row: provenance.
    pub batch_id: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
