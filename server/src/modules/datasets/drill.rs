//! The rows behind a figure on a module's page (a district's cases of one disease, a
//! level's schools, a district's visitors): one dataset's rows of a span, a district and
//! some field values, with the batches that brought them. Modules' pages ask for them by
//! naming the dataset; no module reads the rows itself.

use super::query::{self, Source};
use super::store;
use crate::registry;
use app::error::{AppError, AppResult};
use app::model::UnitLevel;
use app::modules::datasets::model::{DrillRow, DrillRows, RowsAsk};
use app::tr;
use sea_orm::DatabaseConnection;
use serde_json::Value;
use std::collections::HashMap;

/// A field's stored value is the one asked for: text as it is, a number or a flag as
/// written (`12`, `12.5`, `true`).
fn matches(v: Option<&Value>, want: &str) -> bool {
    match v {
        Some(Value::String(s)) => s == want,
        Some(Value::Number(n)) => {
            n.to_string() == want
                || want
                    .parse::<f64>()
                    .is_ok_and(|w| n.as_f64().is_some_and(|x| x == w))
        }
        Some(Value::Bool(b)) => b.to_string() == want,
        _ => false,
    }
}

pub async fn rows_of(db: &DatabaseConnection, ask: &RowsAsk) -> AppResult<DrillRows> {
    let model = store::find(db, &ask.dataset).await?;
    let def = store::definition(&model)?;
    if let Some((f, _)) = ask
        .filters
        .iter()
        .find(|(f, _)| !def.fields.iter().any(|d| &d.name == f))
    {
        return Err(AppError::invalid(
            "filters",
            tr!(
                "tập dữ liệu không có trường \"{f}\"",
                "the dataset has no field \"{f}\""
            ),
        ));
    }
    if let (Some(from), Some(until)) = (&ask.from, &ask.until) {
        if from >= until {
            return Err(AppError::invalid(
                "until",
                tr!("phải sau \"{from}\"", "must come after \"{from}\""),
            ));
        }
    }
    // A district's rows are its own and its communes'.
    let units = match &ask.unit {
        Some(d) => {
            registry::require_district(&registry::district_names(db).await?, Some(d))?;
            let as_of = registry::default_as_of(db).await?;
            let mut u: Vec<String> = registry::units(db, Some(UnitLevel::Commune), Some(d), &as_of)
                .await?
                .into_iter()
                .map(|c| c.code)
                .collect();
            u.push(d.clone());
            Some(u)
        }
        None => None,
    };
    let span = match (&ask.from, &ask.until) {
        (None, None) => None,
        // Periods are normalised text: "" is before all, U+10FFFF after all.
        (from, until) => Some((
            from.as_deref().unwrap_or(""),
            until.as_deref().unwrap_or("\u{10FFFF}"),
        )),
    };
    let src = Source {
        model: &model,
        def: &def,
    };
    let mut rows: Vec<query::Record> =
        query::records_where(db, src, span, units.as_deref(), query::Keep::All)
            .await?
            .into_iter()
            .filter(|r| ask.filters.iter().all(|(f, v)| matches(r.data.get(f), v)))
            .collect();
    rows.sort_by(|a, b| (&a.period, &a.unit, a.id).cmp(&(&b.period, &b.unit, b.id)));

    let batches = store::source_batches(db, rows.iter().map(|r| r.batch_id)).await?;
    let names: HashMap<String, String> = registry::unit_names(db).await?;
    let department_name = registry::department_name(db, &model.department_code).await?;
    Ok(DrillRows {
        dataset: model.code.clone(),
        title: def.title.clone(),
        title_en: def.title_en.clone(),
        department_name,
        unit_name: ask.unit.as_ref().and_then(|u| names.get(u).cloned()),
        fields: def
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.title.clone()))
            .collect(),
        row_count: rows.len() as u64,
        last_update: rows
            .iter()
            .map(|r| r.updated_at)
            .max()
            .map(|t| t.to_rfc3339()),
        rows: rows
            .iter()
            .take(DrillRows::ROW_LIMIT)
            .map(|r| DrillRow {
                unit_name: r.unit.as_ref().and_then(|u| names.get(u).cloned()),
                values: def
                    .fields
                    .iter()
                    .map(|f| r.data.get(&f.name).cloned().unwrap_or(Value::Null))
                    .collect(),
                batch_id: r.batch_id,
                updated_at: r.updated_at.to_rfc3339(),
            })
            .collect(),
        batches,
    })
}

#[cfg(test)]
mod tests {
    use super::matches;
    use serde_json::json;

    #[test]
    fn a_value_matches_as_written() {
        assert!(matches(Some(&json!("dengue")), "dengue"));
        assert!(!matches(Some(&json!("dengue")), "Dengue"));
        assert!(matches(Some(&json!(12)), "12"));
        assert!(matches(Some(&json!(12.0)), "12"));
        assert!(matches(Some(&json!(12.5)), "12.5"));
        assert!(matches(Some(&json!(true)), "true"));
        assert!(!matches(None, ""));
        assert!(!matches(Some(&json!(null)), "null"));
    }
}
