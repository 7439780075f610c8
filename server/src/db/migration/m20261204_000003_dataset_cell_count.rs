//! A dataset's number of (unit, period) cells, kept by each batch next to its other running
//! totals: the completeness score read it by counting the cells, which grows with the
//! dataset (100,000 cells at 10 million daily rows), so a batch cost more as it grew
//! (issue 23). Filled from the cells already stored.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Dataset {
    Table,
    CellCount,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Dataset::Table)
                .add_column(big_integer(Dataset::CellCount).default(0))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "UPDATE dataset SET cell_count = \
                 (SELECT COUNT(*) FROM dataset_cell c WHERE c.dataset_id = dataset.id)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Dataset::Table)
                .drop_column(Dataset::CellCount)
                .to_owned(),
        )
        .await
    }
}
