//! Environment monitoring's paths in the OpenAPI document.

use crate::module::OpenApiPart;
use crate::web::openapi::{op, p, secured, with_body};
use serde_json::{json, Value};

/// This module's paths in the OpenAPI document (`/api/openapi.json`).
pub fn part() -> OpenApiPart {
    let mut paths = Vec::new();
    let mut add = |path: &str, v: Value| paths.push((path.to_string(), v));

    // Environment monitoring.
    let station = || p("code", "path", true, "string", "Station code");
    let span = || {
        vec![
            p(
                "from",
                "query",
                false,
                "string",
                "Date (2024-03-01) or time with offset",
            ),
            p(
                "to",
                "query",
                false,
                "string",
                "Date or time with offset (exclusive)",
            ),
        ]
    };
    add(
        "/api/v1/environment/stations",
        json!({
            "get": op("Environment", "stations", "Every station with its current VN_AQI (air) or VN_WQI (water)", vec![], &[("200", "Stations")]),
            "post": secured(with_body(op("Environment", "station_save", "Register a station, or update the one with the same code (key with scope ingest, steward or administrator)", vec![], &[("201", "Registered"), ("200", "Updated"), ("401", "No key"), ("403", "Another department's station"), ("422", "Invalid, field named")]), "application/json", "{code, name, kind: air|water, lat, lon, district_code, parameters[], mode, interval_minutes, limits{}} or a list of them")),
        }),
    );
    add(
        "/api/v1/environment/stations/{code}",
        json!({"get": op("Environment", "station", "One station with its current index", vec![station()], &[("200", "Station"), ("404", "Unknown")])}),
    );
    let mut aqi_params = vec![
        station(),
        p(
            "kind",
            "query",
            false,
            "string",
            "hourly (default, last 24 h) or daily (last 30 days)",
        ),
    ];
    aqi_params.extend(span());
    add(
        "/api/v1/environment/stations/{code}/aqi",
        json!({"get": op("Environment", "station_aqi", "VN_AQI history (Decision 1459/QĐ-TCMT): value, band, colour, dominant pollutant, sub-indices", aqi_params, &[("200", "Index points"), ("404", "Unknown station"), ("422", "Bad parameter, named")])}),
    );
    let mut wqi_params = vec![station()];
    wqi_params.extend(span());
    add(
        "/api/v1/environment/stations/{code}/wqi",
        json!({"get": op("Environment", "station_wqi", "VN_WQI history (Decision 1460/QĐ-TCMT) with the sub-indices", wqi_params, &[("200", "Index points"), ("404", "Unknown station")])}),
    );
    let mut reading_params = vec![
        station(),
        p(
            "parameter",
            "query",
            false,
            "string",
            "One parameter, e.g. pm25",
        ),
        p("limit", "query", false, "integer", "At most 10000"),
    ];
    reading_params.extend(span());
    add(
        "/api/v1/environment/stations/{code}/readings",
        json!({"get": op("Environment", "station_readings", "Raw readings, flagged ones marked", reading_params, &[("200", "Readings"), ("404", "Unknown station")])}),
    );
    add(
        "/api/v1/environment/stations/{code}/series",
        json!({"get": op("Environment", "station_series", "Chart series from the rollups: hourly means (day, week, month) or daily (year), the index, exceedances", vec![station(), p("range", "query", false, "string", "day, week, month or year")], &[("200", "Series"), ("404", "Unknown station"), ("422", "Bad range")])}),
    );
    add(
        "/api/v1/environment/readings",
        json!({"post": secured(with_body(op("Environment", "readings_push", "Readings (also over MQTT, topic ioc/env/{station_code}): deduplicated by station, parameter and time; a bad unit refuses the batch unless partial=true; implausible values are stored and flagged", vec![p("partial", "query", false, "boolean", "Store the valid readings of a batch with refused ones")], &[("200", "Report: inserted, updated, unchanged, flagged, rejected"), ("401", "No key"), ("413", "More than 100,000 readings"), ("422", "Refused readings, each with its index and field")]), "application/json", "[{station_code, parameter, time (ISO 8601 with offset), value, unit}]"))}),
    );
    OpenApiPart {
        tags: vec![
            json!({"name": "Environment", "description": "Monitoring stations, readings, VN_AQI and VN_WQI"}),
        ],
        paths,
    }
}
