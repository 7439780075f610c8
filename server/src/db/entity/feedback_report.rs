//! The `feedback_report` table: one citizen's report. Reporter fields are never public.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback_report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The tracking code: random, not guessable from another.
    #[sea_orm(unique)]
    pub code: String,
    pub service_code: String,
    /// The department handling it now; None until assigned.
    pub department_code: Option<String>,
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address: Option<String>,
    /// The district the point lies in, when known.
    pub unit_code: Option<String>,
    pub reporter_name: Option<String>,
    pub reporter_phone: Option<String>,
    pub reporter_email: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub answer: Option<String>,
    pub satisfied: Option<bool>,
    /// web or open311.
    pub source: String,
    /// A keyed hash of the client's address, for rate limits; never the address itself.
    pub client_hash: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub due_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
    /// Answers to the service's attributes (JSON object code → value).
    #[sea_orm(column_type = "Text", nullable)]
    pub attributes: Option<String>,
    /// A photo elsewhere, given by an Open311 client.
    pub media_url: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
