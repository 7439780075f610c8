//! The `ingest_batch` table: every push to a dataset, kept with its report.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ingest_batch")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dataset_id: i32,
    /// The key's name or the user's email.
    pub actor: String,
    /// api-json, api-csv or upload.
    pub source: String,
    pub received_at: DateTimeUtc,
    pub committed: bool,
    pub received: i64,
    pub inserted: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub rejected: i64,
    /// Rows that were duplicates or conflicted with another row of the same batch.
    pub duplicates: i64,
    pub conflicts: i64,
    /// The rejected rows, as JSON.
    #[sea_orm(column_type = "Text")]
    pub rejections: String,
    pub idempotency_key: Option<String>,
    /// The status and body first answered, replayed for a retry with the same key.
    pub response_status: i32,
    #[sea_orm(column_type = "Text")]
    pub response_body: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
