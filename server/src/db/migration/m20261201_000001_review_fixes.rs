//! Fixes from the outside reviews: counters that limits take atomically (several copies
//! share them), one batch per Idempotency-Key enforced by the database, a quality version
//! so that a recount finishing late never overwrites a newer one, the department that
//! owns an alert (who may acknowledge it), a row the health check writes, and stored row
//! counts recounted once (a crash could leave them behind before this release).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RateCounter {
    Table,
    Key,
    WindowStart,
    Count,
}

#[derive(DeriveIden)]
enum HealthProbe {
    Table,
    Instance,
    CheckedAt,
}

#[derive(DeriveIden)]
enum Dataset {
    Table,
    QualityVersion,
    QualityChecked,
}

#[derive(DeriveIden)]
enum Alert {
    Table,
    DepartmentCode,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RateCounter::Table)
                .if_not_exists()
                .col(string_len(RateCounter::Key, 200).primary_key())
                .col(big_integer(RateCounter::WindowStart))
                .col(integer(RateCounter::Count))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(HealthProbe::Table)
                .if_not_exists()
                .col(string_len(HealthProbe::Instance, 100).primary_key())
                .col(big_integer(HealthProbe::CheckedAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Dataset::Table)
                .add_column(big_integer(Dataset::QualityVersion).default(0))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Dataset::Table)
                .add_column(big_integer(Dataset::QualityChecked).default(0))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Alert::Table)
                .add_column(string_len_null(Alert::DepartmentCode, 20))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        // Environment alerts belong to the department of their station.
        db.execute_unprepared(
            "UPDATE alert SET department_code = (SELECT s.department_code FROM env_station s \
             WHERE s.code = alert.subject) WHERE module = 'environment'",
        )
        .await?;
        // Before this release two requests with one key could both store a batch: the
        // later ones lose the key, so the unique index can be built.
        db.execute_unprepared(
            "UPDATE ingest_batch SET idempotency_key = NULL WHERE idempotency_key IS NOT NULL \
             AND id NOT IN (SELECT MIN(id) FROM ingest_batch WHERE idempotency_key IS NOT NULL \
             GROUP BY dataset_id, actor, idempotency_key)",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_ingest_batch_idempotency \
             ON ingest_batch (dataset_id, actor, idempotency_key) \
             WHERE idempotency_key IS NOT NULL",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE dataset SET record_count = \
             (SELECT COUNT(*) FROM dataset_record r WHERE r.dataset_id = dataset.id)",
        )
        .await?;
        Ok(())
    }
}
