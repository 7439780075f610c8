//! Datasets, their records and every ingest batch.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Dataset {
    Table,
    Id,
    Code,
    DepartmentCode,
    Title,
    Definition,
    Public,
    CreatedAt,
    UpdatedAt,
    LastIngestAt,
    Quality,
}

#[derive(DeriveIden)]
enum DatasetRecord {
    Table,
    Id,
    DatasetId,
    RecordKey,
    UnitCode,
    Period,
    Data,
    BatchId,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum IngestBatch {
    Table,
    Id,
    DatasetId,
    Actor,
    Source,
    ReceivedAt,
    Committed,
    Received,
    Inserted,
    Updated,
    Unchanged,
    Rejected,
    Duplicates,
    Conflicts,
    Rejections,
    IdempotencyKey,
    ResponseStatus,
    ResponseBody,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Dataset::Table)
                .if_not_exists()
                .col(pk_auto(Dataset::Id))
                .col(string_uniq(Dataset::Code))
                .col(string(Dataset::DepartmentCode))
                .col(string(Dataset::Title))
                .col(text(Dataset::Definition))
                .col(boolean(Dataset::Public))
                .col(timestamp_with_time_zone(Dataset::CreatedAt))
                .col(timestamp_with_time_zone(Dataset::UpdatedAt))
                .col(timestamp_with_time_zone_null(Dataset::LastIngestAt))
                .col(text_null(Dataset::Quality))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(IngestBatch::Table)
                .if_not_exists()
                .col(big_pk_auto(IngestBatch::Id))
                .col(integer(IngestBatch::DatasetId))
                .col(string(IngestBatch::Actor))
                .col(string(IngestBatch::Source))
                .col(timestamp_with_time_zone(IngestBatch::ReceivedAt))
                .col(boolean(IngestBatch::Committed))
                .col(big_integer(IngestBatch::Received))
                .col(big_integer(IngestBatch::Inserted))
                .col(big_integer(IngestBatch::Updated))
                .col(big_integer(IngestBatch::Unchanged))
                .col(big_integer(IngestBatch::Rejected))
                .col(big_integer(IngestBatch::Duplicates))
                .col(big_integer(IngestBatch::Conflicts))
                .col(text(IngestBatch::Rejections))
                .col(string_null(IngestBatch::IdempotencyKey))
                .col(integer(IngestBatch::ResponseStatus))
                .col(text(IngestBatch::ResponseBody))
                .foreign_key(
                    ForeignKey::create()
                        .from(IngestBatch::Table, IngestBatch::DatasetId)
                        .to(Dataset::Table, Dataset::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_ingest_batch_idempotency")
                .table(IngestBatch::Table)
                .col(IngestBatch::DatasetId)
                .col(IngestBatch::IdempotencyKey)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(DatasetRecord::Table)
                .if_not_exists()
                .col(big_pk_auto(DatasetRecord::Id))
                .col(integer(DatasetRecord::DatasetId))
                .col(string(DatasetRecord::RecordKey))
                .col(string_null(DatasetRecord::UnitCode))
                .col(string_null(DatasetRecord::Period))
                .col(text(DatasetRecord::Data))
                .col(big_integer(DatasetRecord::BatchId))
                .col(timestamp_with_time_zone(DatasetRecord::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(DatasetRecord::Table, DatasetRecord::DatasetId)
                        .to(Dataset::Table, Dataset::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_dataset_record_key")
                .table(DatasetRecord::Table)
                .col(DatasetRecord::DatasetId)
                .col(DatasetRecord::RecordKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_dataset_record_unit_period")
                .table(DatasetRecord::Table)
                .col(DatasetRecord::DatasetId)
                .col(DatasetRecord::UnitCode)
                .col(DatasetRecord::Period)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            DatasetRecord::Table.into_iden(),
            IngestBatch::Table.into_iden(),
            Dataset::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
