//! Environment monitoring: stations, raw readings (one row per station, parameter and
//! time: the key that deduplicates), hourly and daily rollups the charts read, the indices
//! (VN_AQI hourly and daily, VN_WQI), and the shared alert feed.
//! Times are epoch seconds (UTC) in big integers: cheap to compare and bucket on both
//! engines; a day is the province's day (UTC+7), stored as the epoch second it starts.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EnvStation {
    Table,
    Id,
    Code,
    Name,
    Kind,
    Mode,
    Lat,
    Lon,
    DistrictCode,
    DepartmentCode,
    Parameters,
    Limits,
    IntervalMinutes,
    LastReadingAt,
    Demo,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EnvReading {
    Table,
    StationId,
    Parameter,
    Time,
    Value,
    Flag,
    ReceivedAt,
}

#[derive(DeriveIden)]
enum EnvHourly {
    Table,
    StationId,
    Parameter,
    Hour,
    N,
    Sum,
    Min,
    Max,
}

#[derive(DeriveIden)]
enum EnvDaily {
    Table,
    StationId,
    Parameter,
    Day,
    N,
    Mean,
    Min,
    Max,
}

#[derive(DeriveIden)]
enum EnvIndex {
    Table,
    StationId,
    Kind,
    Time,
    Value,
    Dominant,
    Parts,
}

#[derive(DeriveIden)]
enum Alert {
    Table,
    Id,
    Module,
    Kind,
    Subject,
    SubjectName,
    OpenKey,
    Severity,
    TitleVi,
    TitleEn,
    Value,
    ObservedAt,
    RaisedAt,
    ClearedAt,
    AckBy,
    AckAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(EnvStation::Table)
                .if_not_exists()
                .col(pk_auto(EnvStation::Id))
                .col(string_uniq(EnvStation::Code))
                .col(string(EnvStation::Name))
                .col(string(EnvStation::Kind))
                .col(string(EnvStation::Mode))
                .col(double(EnvStation::Lat))
                .col(double(EnvStation::Lon))
                .col(string_null(EnvStation::DistrictCode))
                .col(string(EnvStation::DepartmentCode))
                .col(text(EnvStation::Parameters))
                .col(text(EnvStation::Limits))
                .col(integer(EnvStation::IntervalMinutes))
                .col(big_integer_null(EnvStation::LastReadingAt))
                .col(boolean(EnvStation::Demo).default(false))
                .col(timestamp_with_time_zone(EnvStation::CreatedAt))
                .col(timestamp_with_time_zone(EnvStation::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EnvReading::Table)
                .if_not_exists()
                .col(integer(EnvReading::StationId))
                .col(string_len(EnvReading::Parameter, 16))
                .col(big_integer(EnvReading::Time))
                .col(double(EnvReading::Value))
                .col(small_integer(EnvReading::Flag).default(0))
                .col(big_integer(EnvReading::ReceivedAt))
                .primary_key(
                    Index::create()
                        .col(EnvReading::StationId)
                        .col(EnvReading::Parameter)
                        .col(EnvReading::Time),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EnvHourly::Table)
                .if_not_exists()
                .col(integer(EnvHourly::StationId))
                .col(string_len(EnvHourly::Parameter, 16))
                .col(big_integer(EnvHourly::Hour))
                .col(integer(EnvHourly::N))
                .col(double(EnvHourly::Sum))
                .col(double(EnvHourly::Min))
                .col(double(EnvHourly::Max))
                .primary_key(
                    Index::create()
                        .col(EnvHourly::StationId)
                        .col(EnvHourly::Parameter)
                        .col(EnvHourly::Hour),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EnvDaily::Table)
                .if_not_exists()
                .col(integer(EnvDaily::StationId))
                .col(string_len(EnvDaily::Parameter, 16))
                .col(big_integer(EnvDaily::Day))
                .col(integer(EnvDaily::N))
                .col(double(EnvDaily::Mean))
                .col(double(EnvDaily::Min))
                .col(double(EnvDaily::Max))
                .primary_key(
                    Index::create()
                        .col(EnvDaily::StationId)
                        .col(EnvDaily::Parameter)
                        .col(EnvDaily::Day),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EnvIndex::Table)
                .if_not_exists()
                .col(integer(EnvIndex::StationId))
                // aqi_h (hourly VN_AQI), aqi_d (daily VN_AQI), wqi (VN_WQI per hour).
                .col(string_len(EnvIndex::Kind, 8))
                .col(big_integer(EnvIndex::Time))
                .col(integer(EnvIndex::Value))
                .col(string_len_null(EnvIndex::Dominant, 16))
                .col(text(EnvIndex::Parts))
                .primary_key(
                    Index::create()
                        .col(EnvIndex::StationId)
                        .col(EnvIndex::Kind)
                        .col(EnvIndex::Time),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Alert::Table)
                .if_not_exists()
                .col(big_pk_auto(Alert::Id))
                .col(string(Alert::Module))
                .col(string(Alert::Kind))
                .col(string(Alert::Subject))
                .col(string(Alert::SubjectName))
                // Set while the condition lasts, NULL once cleared: one open alert per key
                // even with several servers raising it at once.
                .col(string_null(Alert::OpenKey).unique_key())
                .col(string(Alert::Severity))
                .col(string(Alert::TitleVi))
                .col(string(Alert::TitleEn))
                .col(string(Alert::Value))
                .col(timestamp_with_time_zone(Alert::ObservedAt))
                .col(timestamp_with_time_zone(Alert::RaisedAt))
                .col(timestamp_with_time_zone_null(Alert::ClearedAt))
                .col(string_null(Alert::AckBy))
                .col(timestamp_with_time_zone_null(Alert::AckAt))
                .to_owned(),
        )
        .await?;
        // Flagged readings are few: a partial index counts them without reading the rest.
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX ix_env_reading_flagged ON env_reading (station_id, time) WHERE flag = 1",
            )
            .await?;
        m.create_index(
            Index::create()
                .name("ix_alert_module_raised")
                .table(Alert::Table)
                .col(Alert::Module)
                .col(Alert::RaisedAt)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alert::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(EnvIndex::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(EnvDaily::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(EnvHourly::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(EnvReading::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(EnvStation::Table).to_owned())
            .await
    }
}
