//! Socio-economic indicators: their definitions (formula, targets, thresholds) as JSON.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Indicator {
    Table,
    Id,
    Code,
    DepartmentCode,
    DatasetCode,
    Position,
    Definition,
    CreatedAt,
    UpdatedAt,
    UpdatedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Indicator::Table)
                .if_not_exists()
                .col(pk_auto(Indicator::Id))
                .col(string_uniq(Indicator::Code))
                .col(string(Indicator::DepartmentCode))
                .col(string(Indicator::DatasetCode))
                .col(integer(Indicator::Position))
                .col(text(Indicator::Definition))
                .col(timestamp_with_time_zone(Indicator::CreatedAt))
                .col(timestamp_with_time_zone(Indicator::UpdatedAt))
                .col(string(Indicator::UpdatedBy))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Indicator::Table).to_owned())
            .await
    }
}
