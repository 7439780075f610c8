//! The module contract: which module's demo data is loaded (each module seeds in a
//! transaction of its own that also writes its row here, so a rerun completes what a
//! failed seed left undone and a second run changes nothing).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DemoSeed {
    Table,
    Module,
    SeededAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DemoSeed::Table)
                .if_not_exists()
                .col(string_len(DemoSeed::Module, 64).primary_key())
                .col(timestamp_with_time_zone(DemoSeed::SeededAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DemoSeed::Table).to_owned())
            .await
    }
}
