//! Derived counts of a dataset kept by each batch, so a batch costs the same however many
//! rows the dataset holds (issue 23): its (unit, period) cells with their row counts, and
//! running totals of what its batches received, refused and found twice. Filled from the
//! rows and batches already stored.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DatasetCell {
    Table,
    DatasetId,
    UnitCode,
    Period,
    RowCount,
}

#[derive(DeriveIden)]
enum Dataset {
    Table,
    RowsReceived,
    RowsRejected,
    RowsRepeated,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // '' stands for a row without a unit or a period: part of the primary key.
        m.create_table(
            Table::create()
                .table(DatasetCell::Table)
                .if_not_exists()
                .col(integer(DatasetCell::DatasetId))
                .col(string(DatasetCell::UnitCode).default(""))
                .col(string(DatasetCell::Period).default(""))
                .col(big_integer(DatasetCell::RowCount).default(0))
                .primary_key(
                    Index::create()
                        .col(DatasetCell::DatasetId)
                        .col(DatasetCell::UnitCode)
                        .col(DatasetCell::Period),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_dataset_cell_period")
                .table(DatasetCell::Table)
                .col(DatasetCell::DatasetId)
                .col(DatasetCell::Period)
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        for col in [
            Dataset::RowsReceived,
            Dataset::RowsRejected,
            Dataset::RowsRepeated,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Dataset::Table)
                    .add_column(big_integer(col).default(0))
                    .to_owned(),
            )
            .await?;
        }
        let db = m.get_connection();
        db.execute_unprepared(
            "INSERT INTO dataset_cell (dataset_id, unit_code, period, row_count) \
             SELECT dataset_id, COALESCE(unit_code, ''), COALESCE(period, ''), COUNT(*) \
             FROM dataset_record GROUP BY dataset_id, COALESCE(unit_code, ''), COALESCE(period, '')",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE dataset SET \
             rows_received = COALESCE((SELECT SUM(received) FROM ingest_batch b WHERE b.dataset_id = dataset.id), 0), \
             rows_rejected = COALESCE((SELECT SUM(rejected) FROM ingest_batch b WHERE b.dataset_id = dataset.id), 0), \
             rows_repeated = COALESCE((SELECT SUM(duplicates + conflicts) FROM ingest_batch b WHERE b.dataset_id = dataset.id), 0)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            Dataset::RowsReceived,
            Dataset::RowsRejected,
            Dataset::RowsRepeated,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Dataset::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_table(Table::drop().table(DatasetCell::Table).to_owned())
            .await
    }
}
