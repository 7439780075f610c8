//! Module 1 (public administration services): each dossier of the `dossiers` dataset as
//! typed columns, and counters per province day, agency and unit that the summaries add up
//! (app `admin_services::rules`). Times are epoch seconds; days are `YYYY-MM-DD` in the
//! province's time, which sort and compare as text on both engines.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AdminDossier {
    Table,
    Id,
    Agency,
    ProcedureCode,
    ProcedureName,
    Unit,
    Level,
    Channel,
    Status,
    ReceivedAt,
    DueAt,
    ResolvedAt,
    ReceivedDay,
    DueDay,
    ResolvedDay,
    Outcome,
    PaidOnline,
    Digitised,
    Pending,
}

#[derive(DeriveIden)]
enum AdminDossierDay {
    Table,
    Day,
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
        m.create_table(
            Table::create()
                .table(AdminDossier::Table)
                .if_not_exists()
                .col(string(AdminDossier::Id).primary_key())
                .col(string(AdminDossier::Agency))
                .col(string(AdminDossier::ProcedureCode))
                .col(string(AdminDossier::ProcedureName))
                .col(string(AdminDossier::Unit))
                .col(string(AdminDossier::Level))
                .col(string(AdminDossier::Channel))
                .col(string(AdminDossier::Status))
                .col(big_integer(AdminDossier::ReceivedAt))
                .col(big_integer(AdminDossier::DueAt))
                .col(big_integer_null(AdminDossier::ResolvedAt))
                .col(string_len(AdminDossier::ReceivedDay, 10))
                .col(string_len(AdminDossier::DueDay, 10))
                .col(string_len_null(AdminDossier::ResolvedDay, 10))
                .col(string_len_null(AdminDossier::Outcome, 8))
                .col(small_integer(AdminDossier::PaidOnline))
                .col(small_integer(AdminDossier::Digitised))
                .col(small_integer(AdminDossier::Pending))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("ix_admin_dossier_received", AdminDossier::ReceivedDay),
            ("ix_admin_dossier_resolved", AdminDossier::ResolvedDay),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(AdminDossier::Table)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }
        // The pending are few next to every dossier ever received: the overdue list and
        // today's pending read only them.
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX ix_admin_dossier_pending ON admin_dossier (due_at) WHERE pending = 1",
            )
            .await?;
        let mut day = Table::create();
        day.table(AdminDossierDay::Table)
            .if_not_exists()
            .col(string_len(AdminDossierDay::Day, 10))
            .col(string(AdminDossierDay::Agency))
            .col(string(AdminDossierDay::Unit));
        for c in COUNTERS {
            day.col(big_integer(Alias::new(c)).default(0));
        }
        day.primary_key(
            Index::create()
                .col(AdminDossierDay::Day)
                .col(AdminDossierDay::Agency)
                .col(AdminDossierDay::Unit),
        );
        m.create_table(day.to_owned()).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            AdminDossierDay::Table.into_iden(),
            AdminDossier::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
