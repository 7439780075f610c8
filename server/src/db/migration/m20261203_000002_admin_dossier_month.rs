//! Module 1: the day counters rolled up per province month, moved by the same batches in
//! the same transaction. A year's summary then reads twelve months per agency and unit
//! plus the days of its edge months, not every day since the first dossier. And the
//! pending dossiers' index carries agency and unit: the overdue list of one agency counts
//! its rows from the index alone, without reading each pending dossier.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AdminDossierMonth {
    Table,
    Month,
    Agency,
    Unit,
}

/// The counters of `admin_dossier_day` (app `rules::DayCounts::COLUMNS`).
const COUNTERS: [&str; 11] = [
    "received",
    "online",
    "paid",
    "digitised",
    "recv_open",
    "resolved",
    "early",
    "on_time",
    "late",
    "due_open",
    "due_res",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut month = Table::create();
        month
            .table(AdminDossierMonth::Table)
            .if_not_exists()
            .col(string_len(AdminDossierMonth::Month, 7))
            .col(string(AdminDossierMonth::Agency))
            .col(string(AdminDossierMonth::Unit));
        for c in COUNTERS {
            month.col(big_integer(Alias::new(c)).default(0));
        }
        month.primary_key(
            Index::create()
                .col(AdminDossierMonth::Month)
                .col(AdminDossierMonth::Agency)
                .col(AdminDossierMonth::Unit),
        );
        m.create_table(month.to_owned()).await?;
        // Dossiers already stored: their months from their days, in this migration's
        // transaction (PostgreSQL) so no batch lands between the two.
        let cols = COUNTERS.join(", ");
        let sums = COUNTERS
            .iter()
            .map(|c| format!("CAST(SUM({c}) AS BIGINT)"))
            .collect::<Vec<_>>()
            .join(", ");
        m.get_connection()
            .execute_unprepared(&format!(
                "INSERT INTO admin_dossier_month (month, agency, unit, {cols}) \
                 SELECT substr(day, 1, 7), agency, unit, {sums} FROM admin_dossier_day \
                 GROUP BY substr(day, 1, 7), agency, unit"
            ))
            .await?;
        let db = m.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS ix_admin_dossier_pending")
            .await?;
        db.execute_unprepared(
            "CREATE INDEX ix_admin_dossier_pending_scope ON admin_dossier \
             (due_at, agency, unit) WHERE pending = 1",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS ix_admin_dossier_pending_scope")
            .await?;
        db.execute_unprepared(
            "CREATE INDEX ix_admin_dossier_pending ON admin_dossier (due_at) WHERE pending = 1",
        )
        .await?;
        m.drop_table(
            Table::drop()
                .table(AdminDossierMonth::Table)
                .if_exists()
                .to_owned(),
        )
        .await
    }
}
