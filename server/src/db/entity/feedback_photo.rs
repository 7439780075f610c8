//! The `feedback_photo` table: a photo re-encoded on arrival (no EXIF), attached to a
//! report once the report is filed. The EXIF position, if any, stays here privately.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback_photo")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Random: the photo's name in URLs.
    #[sea_orm(unique)]
    pub token: String,
    /// None until a report (or an official's answer) takes it.
    pub report_id: Option<i64>,
    /// `report` (the citizen's) or `resolution` (the finished work).
    pub purpose: String,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    #[sea_orm(column_type = "Blob")]
    pub bytes: Vec<u8>,
    pub exif_lat: Option<f64>,
    pub exif_lon: Option<f64>,
    pub client_hash: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
