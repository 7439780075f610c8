//! Module 7: a monitoring station's English name (the pages in English show it; a station
//! without one keeps its Vietnamese name, a proper name).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("ALTER TABLE env_station ADD COLUMN name_en TEXT")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("ALTER TABLE env_station DROP COLUMN name_en")
            .await?;
        Ok(())
    }
}
