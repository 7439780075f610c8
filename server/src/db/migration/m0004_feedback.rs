//! Citizen feedback: services (categories with a deadline and a department), reports and
//! every event of their handling.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FeedbackService {
    Table,
    Id,
    Code,
    Name,
    NameEn,
    Description,
    GroupName,
    DepartmentCode,
    SlaHours,
    Active,
}

#[derive(DeriveIden)]
enum FeedbackReport {
    Table,
    Id,
    Code,
    ServiceCode,
    DepartmentCode,
    Status,
    Description,
    Lat,
    Lon,
    Address,
    UnitCode,
    ReporterName,
    ReporterPhone,
    ReporterEmail,
    Answer,
    Satisfied,
    Source,
    ClientHash,
    CreatedAt,
    UpdatedAt,
    DueAt,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum FeedbackEvent {
    Table,
    Id,
    ReportId,
    At,
    Actor,
    Kind,
    Status,
    Text,
    Internal,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(FeedbackService::Table)
                .if_not_exists()
                .col(pk_auto(FeedbackService::Id))
                .col(string_uniq(FeedbackService::Code))
                .col(string(FeedbackService::Name))
                .col(string(FeedbackService::NameEn))
                .col(text(FeedbackService::Description))
                .col(string(FeedbackService::GroupName))
                .col(string(FeedbackService::DepartmentCode))
                .col(big_integer(FeedbackService::SlaHours))
                .col(boolean(FeedbackService::Active))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(FeedbackReport::Table)
                .if_not_exists()
                .col(big_pk_auto(FeedbackReport::Id))
                .col(string_uniq(FeedbackReport::Code))
                .col(string(FeedbackReport::ServiceCode))
                .col(string_null(FeedbackReport::DepartmentCode))
                .col(string(FeedbackReport::Status))
                .col(text(FeedbackReport::Description))
                .col(double_null(FeedbackReport::Lat))
                .col(double_null(FeedbackReport::Lon))
                .col(string_null(FeedbackReport::Address))
                .col(string_null(FeedbackReport::UnitCode))
                .col(string_null(FeedbackReport::ReporterName))
                .col(string_null(FeedbackReport::ReporterPhone))
                .col(string_null(FeedbackReport::ReporterEmail))
                .col(text_null(FeedbackReport::Answer))
                .col(boolean_null(FeedbackReport::Satisfied))
                .col(string(FeedbackReport::Source))
                .col(string_null(FeedbackReport::ClientHash))
                .col(timestamp_with_time_zone(FeedbackReport::CreatedAt))
                .col(timestamp_with_time_zone(FeedbackReport::UpdatedAt))
                .col(timestamp_with_time_zone(FeedbackReport::DueAt))
                .col(timestamp_with_time_zone_null(FeedbackReport::ResolvedAt))
                .to_owned(),
        )
        .await?;
        // The inbox filters by status, department and date; rate limits by client and date.
        for (name, cols) in [
            (
                "ix_feedback_report_status",
                vec![FeedbackReport::Status, FeedbackReport::CreatedAt],
            ),
            (
                "ix_feedback_report_department",
                vec![FeedbackReport::DepartmentCode, FeedbackReport::CreatedAt],
            ),
            (
                "ix_feedback_report_client",
                vec![FeedbackReport::ClientHash, FeedbackReport::CreatedAt],
            ),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(FeedbackReport::Table);
            for c in cols {
                idx.col(c);
            }
            m.create_index(idx.to_owned()).await?;
        }
        m.create_table(
            Table::create()
                .table(FeedbackEvent::Table)
                .if_not_exists()
                .col(big_pk_auto(FeedbackEvent::Id))
                .col(big_integer(FeedbackEvent::ReportId))
                .col(timestamp_with_time_zone(FeedbackEvent::At))
                .col(string(FeedbackEvent::Actor))
                .col(string(FeedbackEvent::Kind))
                .col(string_null(FeedbackEvent::Status))
                .col(text_null(FeedbackEvent::Text))
                .col(boolean(FeedbackEvent::Internal))
                .foreign_key(
                    ForeignKey::create()
                        .from(FeedbackEvent::Table, FeedbackEvent::ReportId)
                        .to(FeedbackReport::Table, FeedbackReport::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_feedback_event_report")
                .table(FeedbackEvent::Table)
                .col(FeedbackEvent::ReportId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            FeedbackEvent::Table.into_iden(),
            FeedbackReport::Table.into_iden(),
            FeedbackService::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
