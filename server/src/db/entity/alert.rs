//! The `alert` table: the shared alert feed of every module.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "alert")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub module: String,
    pub kind: String,
    pub subject: String,
    pub subject_name: String,
    /// Set while the condition lasts (unique), NULL once cleared.
    pub open_key: Option<String>,
    pub severity: String,
    pub title_vi: String,
    pub title_en: String,
    pub value: String,
    pub observed_at: DateTimeUtc,
    pub raised_at: DateTimeUtc,
    pub cleared_at: Option<DateTimeUtc>,
    pub ack_by: Option<String>,
    pub ack_at: Option<DateTimeUtc>,
    /// The department whose officials and stewards may acknowledge it (None: anyone's).
    pub department_code: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
