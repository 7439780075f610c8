//! Downloads of a public dataset as CSV, JSON or GeoJSON at `/download/{code}.{ext}`.
//! Rows are read and written in chunks as the client takes them, so a million-row
//! dataset never sits in memory. Text cells that a spreadsheet would run as a formula
//! are neutralised in CSV.

use super::catalogue::{self, Package};
use super::ckan;
use super::usage::Kind;
use super::OpenData;
use crate::auth::internal;
use crate::db::entity::admin_unit;
use crate::modules::datasets::query;
use crate::state::AppState;
use crate::web::ApiError;
use app::error::AppError;
use app::modules::datasets::model::FieldType;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Rows read per database round trip.
const CHUNK: u64 = 2_000;

/// Whether text starts like a formula once what a spreadsheet skips is skipped: a BOM,
/// zero-width characters and spaces before `=`, `+`, `-`, `@` (or their full-width forms
/// `＝ ＋ － ＠`, which some spreadsheets read as the same), tab or carriage return.
fn looks_like_formula(s: &str) -> bool {
    let first = s
        .chars()
        .find(|c| !matches!(c, '\u{feff}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | ' '));
    matches!(
        first,
        Some(
            '=' | '+' | '-' | '@' | '\t' | '\r' | '\u{ff1d}' | '\u{ff0b}' | '\u{ff0d}' | '\u{ff20}'
        )
    ) || s.starts_with(['\t', '\r'])
}

/// A CSV cell: text that starts like a formula gets a leading apostrophe. Numbers stay
/// numbers: a negative value is data.
pub fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => {
            if looks_like_formula(s) {
                format!("'{s}")
            } else {
                s.clone()
            }
        }
        Some(other) => other.to_string(),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Csv,
    Json,
    GeoJson,
}

/// How a row becomes a GeoJSON geometry.
enum Placer {
    Point {
        lat: String,
        lon: String,
    },
    /// Unit field → the unit's boundary (GeoJSON text) by code.
    Unit {
        field: String,
        shapes: HashMap<String, String>,
    },
}

impl Placer {
    fn geometry(&self, row: &Map<String, Value>) -> String {
        match self {
            Placer::Point { lat, lon } => match (
                row.get(lat).and_then(Value::as_f64),
                row.get(lon).and_then(Value::as_f64),
            ) {
                (Some(la), Some(lo)) => {
                    format!("{{\"type\":\"Point\",\"coordinates\":[{lo},{la}]}}")
                }
                _ => "null".into(),
            },
            Placer::Unit { field, shapes } => row
                .get(field)
                .and_then(Value::as_str)
                .and_then(|c| shapes.get(c))
                .cloned()
                .unwrap_or_else(|| "null".into()),
        }
    }
}

async fn placer(db: &DatabaseConnection, pkg: &Package) -> Result<Placer, AppError> {
    let field_of = |k: FieldType| {
        pkg.def
            .fields
            .iter()
            .find(|f| f.kind == k)
            .map(|f| f.name.clone())
    };
    if let (Some(lat), Some(lon)) = (field_of(FieldType::Lat), field_of(FieldType::Long)) {
        return Ok(Placer::Point { lat, lon });
    }
    let field = field_of(FieldType::Unit)
        .ok_or_else(|| AppError::NotFound("GeoJSON of this dataset".into()))?;
    let mut units = admin_unit::Entity::find()
        .filter(admin_unit::Column::Geometry.is_not_null())
        .all(db)
        .await
        .map_err(internal)?;
    // A unit's versions share its code: the latest one wins (a unit dissolved in a
    // reorganisation keeps its last boundary).
    units.sort_by(|a, b| a.valid_from.cmp(&b.valid_from));
    let shapes = units
        .into_iter()
        .filter_map(|u| {
            // A FeatureCollection or Feature stored: keep just the geometry.
            let g: Value = serde_json::from_str(u.geometry.as_deref()?).ok()?;
            let geom = match g.get("type").and_then(Value::as_str) {
                Some("Feature") => g.get("geometry").cloned()?,
                Some("FeatureCollection") => g.get("features")?.get(0)?.get("geometry").cloned()?,
                _ => g,
            };
            Some((u.code, geom.to_string()))
        })
        .collect();
    Ok(Placer::Unit { field, shapes })
}

/// `?excel=1`: the CSV starts with a byte-order mark, which Excel needs to read UTF-8
/// (without it Vietnamese letters come out garbled). Off by default: programs read the
/// plain file.
#[derive(serde::Deserialize, Default)]
pub struct DownloadQuery {
    #[serde(default)]
    excel: Option<String>,
}

pub async fn download(
    State(state): State<AppState>,
    Path(file): Path<String>,
    axum::extract::Query(q): axum::extract::Query<DownloadQuery>,
) -> Response {
    let excel = q
        .excel
        .as_deref()
        .is_some_and(|v| matches!(v, "1" | "true" | "yes"));
    match serve(&state, &file, excel).await {
        Ok(r) => r,
        Err(e) => ApiError(e).into_response(),
    }
}

async fn serve(state: &AppState, file: &str, excel: bool) -> Result<Response, AppError> {
    let not_found = || AppError::NotFound(format!("download '{file}'"));
    let (code, ext) = file.rsplit_once('.').ok_or_else(not_found)?;
    let format = match ext {
        "csv" => Format::Csv,
        "json" => Format::Json,
        "geojson" => Format::GeoJson,
        _ => return Err(not_found()),
    };
    let pkg = catalogue::load_one(&state.db, code).await?;
    let placer = match format {
        Format::GeoJson if !pkg.geographic() => return Err(not_found()),
        Format::GeoJson => Some(placer(&state.db, &pkg).await?),
        _ => None,
    };
    OpenData::new(state).count(pkg.model.id, Kind::Download);
    let fmt_name = match format {
        Format::Csv => "CSV",
        Format::Json => "JSON",
        Format::GeoJson => "GeoJSON",
    };
    let content_type = match format {
        Format::Csv => "text/csv; charset=utf-8",
        Format::Json => "application/json",
        Format::GeoJson => "application/geo+json",
    };
    let fields: Vec<String> = pkg.def.fields.iter().map(|f| f.name.clone()).collect();
    let stream = rows_stream(
        state.db.clone(),
        Arc::new(pkg.clone()),
        format,
        fields,
        placer.map(Arc::new),
        excel && matches!(format, Format::Csv),
    );
    let mut res = Body::from_stream(stream).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{code}.{}\"",
        ckan::extension(fmt_name)
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(res)
}

enum Step {
    Head,
    Rows { after: i64, first: bool },
    Done,
}

fn rows_stream(
    db: DatabaseConnection,
    pkg: Arc<Package>,
    format: Format,
    fields: Vec<String>,
    placer: Option<Arc<Placer>>,
    bom: bool,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    use futures_util::StreamExt;
    // Fused: the compression layer may poll once more after the end.
    futures_util::stream::unfold(Step::Head, move |step| {
        let db = db.clone();
        let pkg = pkg.clone();
        let fields = fields.clone();
        let placer = placer.clone();
        async move {
            match step {
                Step::Head => {
                    let head = match format {
                        Format::Csv => {
                            let start = if bom { "\u{feff}".as_bytes().to_vec() } else { Vec::new() };
                            let mut w = csv::Writer::from_writer(start);
                            let _ = w.write_record(&fields);
                            w.into_inner().unwrap_or_default()
                        }
                        Format::Json => b"[".to_vec(),
                        Format::GeoJson => b"{\"type\":\"FeatureCollection\",\"features\":[".to_vec(),
                    };
                    Some((Ok(Bytes::from(head)), Step::Rows { after: 0, first: true }))
                }
                Step::Rows { after, first } => {
                    let rows = match query::chunk(&db, pkg.model.id, after, CHUNK).await {
                        Ok(r) => r,
                        Err(e) => {
                            tracing::error!(error = %e, dataset = %pkg.entry.code, "download stopped");
                            return Some((Err(std::io::Error::other("database error")), Step::Done));
                        }
                    };
                    if rows.is_empty() {
                        let tail: &'static [u8] = match format {
                            Format::Csv => b"",
                            Format::Json => b"]\n",
                            Format::GeoJson => b"]}\n",
                        };
                        return Some((Ok(Bytes::from_static(tail)), Step::Done));
                    }
                    let last = rows.last().map_or(after, |r| r.0);
                    let bytes = encode(format, &fields, placer.as_deref(), &rows, first);
                    Some((Ok(Bytes::from(bytes)), Step::Rows { after: last, first: false }))
                }
                Step::Done => None,
            }
        }
    })
    .fuse()
}

/// The schema's fields (no `_id`) as [`query::record_text`] takes them: only what
/// the definition has now is served.
fn schema_fields(fields: &[String]) -> Vec<(String, &'static str)> {
    fields.iter().map(|f| (f.clone(), "")).collect()
}

fn encode(
    format: Format,
    fields: &[String],
    placer: Option<&Placer>,
    rows: &[(i64, String)],
    first: bool,
) -> Vec<u8> {
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::with_capacity(rows.len() * 64));
            for (_, data) in rows {
                let m: Map<String, Value> = serde_json::from_str(data).unwrap_or_default();
                let _ = w.write_record(fields.iter().map(|f| cell(m.get(f))));
            }
            w.into_inner().unwrap_or_default()
        }
        Format::Json => {
            let props = schema_fields(fields);
            let mut out = String::with_capacity(rows.len() * 80);
            for (i, (id, data)) in rows.iter().enumerate() {
                if !(first && i == 0) {
                    out.push_str(",\n");
                }
                out.push_str(&query::record_text(*id, data, &props));
            }
            out.into_bytes()
        }
        Format::GeoJson => {
            let props = schema_fields(fields);
            let mut out = String::with_capacity(rows.len() * 120);
            for (i, (id, data)) in rows.iter().enumerate() {
                if !(first && i == 0) {
                    out.push_str(",\n");
                }
                let m: Map<String, Value> = serde_json::from_str(data).unwrap_or_default();
                let geometry = placer.map_or_else(|| "null".to_string(), |p| p.geometry(&m));
                let properties = query::record_text(*id, data, &props);
                out.push_str(&format!(
                    "{{\"type\":\"Feature\",\"id\":{id},\"geometry\":{geometry},\"properties\":{properties}}}"
                ));
            }
            out.into_bytes()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        assert_eq!(cell(Some(&Value::from("=1+2"))), "'=1+2");
        assert_eq!(cell(Some(&Value::from("@SUM(A1)"))), "'@SUM(A1)");
        assert_eq!(cell(Some(&Value::from("+84 90"))), "'+84 90");
        assert_eq!(cell(Some(&Value::from("-x"))), "'-x");
        assert_eq!(cell(Some(&Value::from("Vũng Tàu"))), "Vũng Tàu");
        assert_eq!(cell(Some(&Value::from(-3.5))), "-3.5");
        // Full-width signs, and a BOM or zero-width space in front, are formulas too.
        for s in [
            "＝1+2",
            "＋1",
            "－1",
            "＠A1",
            "\u{feff}=1+2",
            "\u{200b}=HYPERLINK(1)",
            " =1",
        ] {
            assert_eq!(cell(Some(&Value::from(s))), format!("'{s}"), "{s:?}");
        }
        assert_eq!(cell(None), "");
    }
}
