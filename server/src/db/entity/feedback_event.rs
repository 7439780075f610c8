//! The `feedback_event` table: every step of a report's handling.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub report_id: i64,
    pub at: DateTimeUtc,
    pub actor: String,
    /// filed, accept, reject, assign, start, resolve, note, rate, close.
    pub kind: String,
    /// The status after the event, when it changed it.
    pub status: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub text: Option<String>,
    /// Internal notes never reach the public.
    pub internal: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
