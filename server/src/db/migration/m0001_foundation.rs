//! Administrative units, departments, users, sessions, API keys, audit log, places and
//! the demo observations the overview reads.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AdminUnit {
    Table,
    Id,
    Code,
    Name,
    NameEn,
    NameShort,
    UnitType,
    Level,
    ParentCode,
    Population,
    Geometry,
    ValidFrom,
    ValidTo,
}

#[derive(DeriveIden)]
enum Department {
    Table,
    Code,
    Name,
    NameEn,
    Demo,
}

#[derive(DeriveIden)]
enum AppUser {
    Table,
    Id,
    Email,
    DisplayName,
    Role,
    DepartmentCode,
    PasswordHash,
    Disabled,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    UserId,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum ApiKey {
    Table,
    Id,
    Name,
    Prefix,
    SecretHash,
    Scopes,
    DepartmentCode,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    Actor,
    Action,
    Target,
    Detail,
}

#[derive(DeriveIden)]
enum MetricObservation {
    Table,
    Id,
    Metric,
    UnitCode,
    Period,
    Value,
    Source,
    Demo,
}

#[derive(DeriveIden)]
enum Place {
    Table,
    Id,
    Kind,
    Name,
    Lat,
    Lon,
    Address,
    Source,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AdminUnit::Table)
                .if_not_exists()
                .col(pk_auto(AdminUnit::Id))
                .col(string(AdminUnit::Code))
                .col(string(AdminUnit::Name))
                .col(string(AdminUnit::NameEn))
                .col(string(AdminUnit::NameShort))
                .col(string(AdminUnit::UnitType))
                .col(string(AdminUnit::Level))
                .col(string_null(AdminUnit::ParentCode))
                .col(big_integer_null(AdminUnit::Population))
                .col(text_null(AdminUnit::Geometry))
                .col(string(AdminUnit::ValidFrom))
                .col(string_null(AdminUnit::ValidTo))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_admin_unit_code_from")
                .table(AdminUnit::Table)
                .col(AdminUnit::Code)
                .col(AdminUnit::ValidFrom)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Department::Table)
                .if_not_exists()
                .col(string(Department::Code).primary_key())
                .col(string(Department::Name))
                .col(string(Department::NameEn))
                .col(boolean(Department::Demo))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AppUser::Table)
                .if_not_exists()
                .col(pk_auto(AppUser::Id))
                .col(string_uniq(AppUser::Email))
                .col(string(AppUser::DisplayName))
                .col(string(AppUser::Role))
                .col(string_null(AppUser::DepartmentCode))
                .col(string(AppUser::PasswordHash))
                .col(boolean(AppUser::Disabled))
                .col(timestamp_with_time_zone(AppUser::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Session::Table)
                .if_not_exists()
                .col(string(Session::Id).primary_key())
                .col(integer(Session::UserId))
                .col(timestamp_with_time_zone(Session::CreatedAt))
                .col(timestamp_with_time_zone(Session::ExpiresAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Session::Table, Session::UserId)
                        .to(AppUser::Table, AppUser::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ApiKey::Table)
                .if_not_exists()
                .col(pk_auto(ApiKey::Id))
                .col(string(ApiKey::Name))
                .col(string_uniq(ApiKey::Prefix))
                .col(string(ApiKey::SecretHash))
                .col(string(ApiKey::Scopes))
                .col(string_null(ApiKey::DepartmentCode))
                .col(timestamp_with_time_zone(ApiKey::CreatedAt))
                .col(timestamp_with_time_zone_null(ApiKey::RevokedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .if_not_exists()
                .col(big_pk_auto(AuditLog::Id))
                .col(timestamp_with_time_zone(AuditLog::At))
                .col(string(AuditLog::Actor))
                .col(string(AuditLog::Action))
                .col(string(AuditLog::Target))
                .col(text(AuditLog::Detail))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(MetricObservation::Table)
                .if_not_exists()
                .col(big_pk_auto(MetricObservation::Id))
                .col(string(MetricObservation::Metric))
                .col(string(MetricObservation::UnitCode))
                .col(string(MetricObservation::Period))
                .col(double(MetricObservation::Value))
                .col(string(MetricObservation::Source))
                .col(boolean(MetricObservation::Demo))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_metric_observation")
                .table(MetricObservation::Table)
                .col(MetricObservation::Metric)
                .col(MetricObservation::UnitCode)
                .col(MetricObservation::Period)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Place::Table)
                .if_not_exists()
                .col(pk_auto(Place::Id))
                .col(string(Place::Kind))
                .col(string(Place::Name))
                .col(double(Place::Lat))
                .col(double(Place::Lon))
                .col(string_null(Place::Address))
                .col(string(Place::Source))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Place::Table.into_iden(),
            MetricObservation::Table.into_iden(),
            AuditLog::Table.into_iden(),
            ApiKey::Table.into_iden(),
            Session::Table.into_iden(),
            AppUser::Table.into_iden(),
            Department::Table.into_iden(),
            AdminUnit::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
