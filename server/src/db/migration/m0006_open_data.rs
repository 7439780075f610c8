//! Open data: a stored row count per dataset (the portal and the CKAN API report totals
//! without counting a million rows per request), an index that pages a dataset's rows
//! in id order, and usage counts per dataset and day.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Dataset {
    Table,
    RecordCount,
}

#[derive(DeriveIden)]
enum DatasetRecord {
    Table,
    DatasetId,
    Id,
}

#[derive(DeriveIden)]
enum DatasetUsage {
    Table,
    DatasetId,
    Day,
    Views,
    Downloads,
    ApiCalls,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Dataset::Table)
                .add_column(big_integer(Dataset::RecordCount).default(0))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "UPDATE dataset SET record_count = \
                 (SELECT COUNT(*) FROM dataset_record r WHERE r.dataset_id = dataset.id)",
            )
            .await?;
        m.create_index(
            Index::create()
                .name("ix_dataset_record_dataset_id")
                .table(DatasetRecord::Table)
                .col(DatasetRecord::DatasetId)
                .col(DatasetRecord::Id)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DatasetUsage::Table)
                .if_not_exists()
                .col(integer(DatasetUsage::DatasetId))
                .col(string_len(DatasetUsage::Day, 10))
                .col(big_integer(DatasetUsage::Views).default(0))
                .col(big_integer(DatasetUsage::Downloads).default(0))
                .col(big_integer(DatasetUsage::ApiCalls).default(0))
                .primary_key(
                    Index::create()
                        .col(DatasetUsage::DatasetId)
                        .col(DatasetUsage::Day),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DatasetUsage::Table).to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("ix_dataset_record_dataset_id")
                .table(DatasetRecord::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Dataset::Table)
                .drop_column(Dataset::RecordCount)
                .to_owned(),
        )
        .await
    }
}
