//! The `dataset` table: a department's dataset and its schema.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "dataset")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub code: String,
    pub department_code: String,
    pub title: String,
    /// The whole definition (fields, key, frequency, …) as JSON, as the API takes it.
    #[sea_orm(column_type = "Text")]
    pub definition: String,
    pub public: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub last_ingest_at: Option<DateTimeUtc>,
    /// The four quality scores as JSON, recomputed on every ingest.
    #[sea_orm(column_type = "Text", nullable)]
    pub quality: Option<String>,
    /// Rows stored, kept by every ingest: totals without counting.
    pub record_count: i64,
    /// Raised in every ingest's transaction; a quality recount stores its result only if
    /// no batch came in since it started.
    pub quality_version: i64,
    /// The `quality_version` the stored quality was computed at; behind it, a worker
    /// recomputes (a crash between the batch and its recount heals itself).
    pub quality_checked: i64,
    /// Rows its batches received, refused, and found twice (duplicates and conflicts):
    /// running totals kept by each batch, for the quality scores without reading batches.
    pub rows_received: i64,
    pub rows_rejected: i64,
    pub rows_repeated: i64,
    /// Its (unit, period) cells (`dataset_cell`), kept by each batch as they appear and
    /// empty: the completeness score without counting them.
    pub cell_count: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
