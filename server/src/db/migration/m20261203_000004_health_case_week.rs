//! Module 4: the weekly cases of `disease-cases-weekly` in a narrow table of its own,
//! written with each batch (it follows the dataset). The page's endemic channel reads six
//! years of weeks; from each row's JSON that took 100 ms and more, from columns a few.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(
                "CREATE TABLE IF NOT EXISTS health_case_week (\
                 disease VARCHAR(100) NOT NULL, unit VARCHAR(20) NOT NULL, \
                 year INTEGER NOT NULL, week INTEGER NOT NULL, \
                 cases DOUBLE PRECISION NOT NULL, deaths DOUBLE PRECISION NOT NULL, \
                 PRIMARY KEY (year, week, disease, unit))",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("DROP TABLE IF EXISTS health_case_week")
            .await?;
        Ok(())
    }
}
