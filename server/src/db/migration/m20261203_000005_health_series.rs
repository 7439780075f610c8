//! Module 4: each disease's weekly series with its endemic channel, per district and for
//! the province, one row per year, kept by every batch of `disease-cases-weekly`. The
//! page read six years of weeks and computed the channel on every visit (25–30 ms); it
//! now reads one year's rows. A database that has weeks already gets its series here.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared(
            "CREATE TABLE IF NOT EXISTS health_series (\
             year INTEGER NOT NULL, disease VARCHAR(100) NOT NULL, unit VARCHAR(20) NOT NULL, \
             body TEXT NOT NULL, PRIMARY KEY (year, disease, unit))",
        )
        .await?;
        crate::modules::health::store::rebuild_series(db)
            .await
            .map_err(|e| DbErr::Migration(e.to_string()))
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("DROP TABLE IF EXISTS health_series")
            .await?;
        Ok(())
    }
}
