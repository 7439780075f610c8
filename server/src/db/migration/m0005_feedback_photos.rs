//! Citizen feedback, continued: photos (stored in the database, so every copy of the
//! server serves them), service attributes for Open311, external media links, and the
//! indexes the inbox filters and duplicate checks use.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FeedbackService {
    Table,
    Attributes,
}

#[derive(DeriveIden)]
enum FeedbackReport {
    Table,
    Id,
    DepartmentCode,
    ResolvedAt,
    Satisfied,
    Source,
    ServiceCode,
    UnitCode,
    Status,
    DueAt,
    CreatedAt,
    Attributes,
    MediaUrl,
}

#[derive(DeriveIden)]
enum FeedbackPhoto {
    Table,
    Id,
    Token,
    ReportId,
    Purpose,
    ContentType,
    Width,
    Height,
    Bytes,
    ExifLat,
    ExifLon,
    ClientHash,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one new column per ALTER TABLE.
        m.alter_table(
            Table::alter()
                .table(FeedbackService::Table)
                .add_column(text_null(FeedbackService::Attributes))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(FeedbackReport::Table)
                .add_column(text_null(FeedbackReport::Attributes))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(FeedbackReport::Table)
                .add_column(string_null(FeedbackReport::MediaUrl))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("ix_feedback_report_service", FeedbackReport::ServiceCode),
            ("ix_feedback_report_unit", FeedbackReport::UnitCode),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(FeedbackReport::Table)
                    .col(col)
                    .col(FeedbackReport::CreatedAt)
                    .to_owned(),
            )
            .await?;
        }
        // The inbox counts its filtered total and picks a page of ids: these let both read
        // an index alone (category, district and status together; open reports past their
        // deadline), never the rows.
        for (name, cols) in [
            (
                "ix_feedback_report_filters",
                vec![
                    FeedbackReport::ServiceCode,
                    FeedbackReport::UnitCode,
                    FeedbackReport::Status,
                    FeedbackReport::DueAt,
                    FeedbackReport::CreatedAt,
                ],
            ),
            // The public statistics group every report by these: one index-only scan.
            (
                "ix_feedback_report_stats",
                vec![
                    FeedbackReport::ServiceCode,
                    FeedbackReport::DepartmentCode,
                    FeedbackReport::UnitCode,
                    FeedbackReport::Status,
                    FeedbackReport::DueAt,
                    FeedbackReport::ResolvedAt,
                    FeedbackReport::Satisfied,
                    FeedbackReport::Source,
                ],
            ),
            (
                "ix_feedback_report_due",
                vec![
                    FeedbackReport::Status,
                    FeedbackReport::DueAt,
                    FeedbackReport::CreatedAt,
                ],
            ),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(FeedbackReport::Table);
            for c in cols {
                idx.col(c);
            }
            m.create_index(idx.to_owned()).await?;
        }
        m.create_index(
            Index::create()
                .name("ix_feedback_report_created")
                .table(FeedbackReport::Table)
                .col(FeedbackReport::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(FeedbackPhoto::Table)
                .if_not_exists()
                .col(big_pk_auto(FeedbackPhoto::Id))
                .col(string_uniq(FeedbackPhoto::Token))
                .col(big_integer_null(FeedbackPhoto::ReportId))
                .col(string(FeedbackPhoto::Purpose))
                .col(string(FeedbackPhoto::ContentType))
                .col(integer(FeedbackPhoto::Width))
                .col(integer(FeedbackPhoto::Height))
                .col(blob(FeedbackPhoto::Bytes))
                .col(double_null(FeedbackPhoto::ExifLat))
                .col(double_null(FeedbackPhoto::ExifLon))
                .col(string_null(FeedbackPhoto::ClientHash))
                .col(timestamp_with_time_zone(FeedbackPhoto::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(FeedbackPhoto::Table, FeedbackPhoto::ReportId)
                        .to(FeedbackReport::Table, FeedbackReport::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_feedback_photo_report")
                .table(FeedbackPhoto::Table)
                .col(FeedbackPhoto::ReportId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_feedback_photo_client")
                .table(FeedbackPhoto::Table)
                .col(FeedbackPhoto::ClientHash)
                .col(FeedbackPhoto::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(FeedbackPhoto::Table).to_owned())
            .await?;
        for name in [
            "ix_feedback_report_filters",
            "ix_feedback_report_stats",
            "ix_feedback_report_due",
            "ix_feedback_report_service",
            "ix_feedback_report_unit",
            "ix_feedback_report_created",
        ] {
            m.drop_index(
                Index::drop()
                    .name(name)
                    .table(FeedbackReport::Table)
                    .to_owned(),
            )
            .await?;
        }
        for col in [FeedbackReport::Attributes, FeedbackReport::MediaUrl] {
            m.alter_table(
                Table::alter()
                    .table(FeedbackReport::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(FeedbackService::Table)
                .drop_column(FeedbackService::Attributes)
                .to_owned(),
        )
        .await
    }
}
