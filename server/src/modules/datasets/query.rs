//! The datasets module's query API: the one way other modules read dataset rows. Filters by
//! field, unit and period, words, fields, order and paging (what CKAN's `datastore_search`
//! asks, the portal's preview, the downloads, the records REST read); sum, average and count
//! by unit and period; a span of rows with their lineage (the indicators' engine). Field
//! names are checked against the schema and every value is bound: no caller writes SQL, and
//! no other module reads the datasets tables.

use crate::auth::internal;
use crate::db::entity::{dataset, dataset_record};
use app::error::{AppError, AppResult};
use app::modules::datasets::model::{FieldDef, FieldType};
use app::modules::datasets::schema;
use app::tr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    Statement, Value,
};

/// Rows one call returns at most; larger limits are cut to this (as CKAN's rows_max).
pub const MAX_LIMIT: u64 = 10_000;
pub const DEFAULT_LIMIT: u64 = 100;

/// The row id CKAN's datastore shows as `_id`.
pub const ID: &str = "_id";

#[derive(Debug, Clone)]
pub enum Words {
    /// In any field.
    Anywhere(String),
    /// Per field.
    Fields(Vec<(String, String)>),
}

#[derive(Debug, Clone)]
pub struct DsQuery {
    /// field → accepted values (any of them).
    pub filters: Vec<(String, Vec<serde_json::Value>)>,
    pub words: Option<Words>,
    /// The fields to return, in order; `None` is all of them with `_id` first.
    pub fields: Option<Vec<String>>,
    /// (field, descending).
    pub sort: Vec<(String, bool)>,
    pub limit: u64,
    pub offset: u64,
    /// Keyset paging: the rows after this `_id` in the query's order (which must be the
    /// rows' own: no sort, or `_id` either way). `offset` is then not skipped again: a deep
    /// page costs what the first one costs.
    pub after: Option<i64>,
    pub include_total: bool,
}

impl Default for DsQuery {
    fn default() -> Self {
        Self {
            filters: Vec::new(),
            words: None,
            fields: None,
            sort: Vec::new(),
            limit: DEFAULT_LIMIT,
            offset: 0,
            after: None,
            include_total: true,
        }
    }
}

/// What a query reads: a dataset's row and its current definition.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub model: &'a dataset::Model,
    pub def: &'a app::modules::datasets::model::DatasetDef,
}

pub struct DsResult {
    /// (name, CKAN type) of the returned fields.
    pub fields: Vec<(String, &'static str)>,
    /// Each row as a JSON object's text, `_id` first.
    pub records: Vec<String>,
    pub total: Option<u64>,
    pub limit: u64,
    /// Where the next page starts (`after`), when the query follows the rows' order: the
    /// last row's `_id` (or the `after` asked, on an empty page).
    pub next_after: Option<i64>,
}

/// CKAN's datastore type of a field.
pub fn ckan_type(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Integer => "int",
        FieldType::Decimal | FieldType::Lat | FieldType::Long => "numeric",
        FieldType::Date => "date",
        FieldType::Boolean => "bool",
        FieldType::Datetime => "timestamp",
        FieldType::Text
        | FieldType::Enum
        | FieldType::Unit
        | FieldType::Period
        | FieldType::Department => "text",
    }
}

fn numeric(kind: FieldType) -> bool {
    matches!(
        kind,
        FieldType::Integer | FieldType::Decimal | FieldType::Lat | FieldType::Long
    )
}

/// Builds SQL for one engine: placeholders and JSON access differ, nothing else.
struct Sql {
    backend: DbBackend,
    values: Vec<Value>,
}

impl Sql {
    fn new(backend: DbBackend) -> Self {
        Self {
            backend,
            values: Vec::new(),
        }
    }

    fn bind(&mut self, v: impl Into<Value>) -> String {
        self.values.push(v.into());
        match self.backend {
            DbBackend::Postgres => format!("${}", self.values.len()),
            _ => format!("?{}", self.values.len()),
        }
    }

    /// The field's value: a number for numeric fields, else text (SQLite keeps JSON types).
    fn field(&self, f: &FieldDef) -> String {
        field_expr(self.backend, f)
    }

    fn like(&self) -> &'static str {
        match self.backend {
            DbBackend::Postgres => "ILIKE",
            _ => "LIKE",
        }
    }

    fn as_text(&self, expr: &str) -> String {
        format!("CAST({expr} AS TEXT)")
    }
}

/// A field's value as SQL text with the field's name written in: the very text a field's
/// index is built on (`index.rs`), so the engine can match the two. Names are slugs
/// (`schema::validate_def`); quotes are doubled all the same, so no name can end the literal.
pub(super) fn field_expr(backend: DbBackend, f: &FieldDef) -> String {
    let n = f.name.replace('\'', "''");
    match backend {
        // Rows stored before a field became numeric may hold text there.
        DbBackend::Postgres if numeric(f.kind) => format!(
            "(CASE WHEN jsonb_typeof(data::jsonb -> '{n}') = 'number' \
             THEN (data::jsonb ->> '{n}')::double precision END)"
        ),
        DbBackend::Postgres => format!("(data::jsonb ->> '{n}')"),
        _ => format!("json_extract(data, '$.\"{n}\"')"),
    }
}

fn field<'a>(fields: &'a [FieldDef], name: &str, param: &str) -> AppResult<&'a FieldDef> {
    fields.iter().find(|f| f.name == name).ok_or_else(|| {
        AppError::invalid(
            param,
            tr!(
                "tài nguyên không có trường \"{name}\"",
                "field \"{name}\" not in the resource"
            ),
        )
    })
}

/// A filter value as the engine compares it, or why it cannot match the field.
fn filter_value(backend: DbBackend, f: &FieldDef, v: &serde_json::Value) -> AppResult<Value> {
    let text = match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => {
            return Err(AppError::invalid(
                "filters",
                tr!(
                    "trường \"{}\": không thể lọc theo giá trị null",
                    "field \"{}\": null cannot be matched",
                    f.name
                ),
            ))
        }
        other => other.to_string(),
    };
    if numeric(f.kind) {
        return text.trim().parse::<f64>().map(Value::from).map_err(|_| {
            AppError::invalid(
                "filters",
                tr!(
                    "trường \"{}\": \"{text}\" không phải là một số",
                    "field \"{}\": \"{text}\" is not a number",
                    f.name
                ),
            )
        });
    }
    if f.kind == FieldType::Boolean {
        let b = match text.as_str() {
            "true" | "1" => true,
            "false" | "0" => false,
            _ => {
                return Err(AppError::invalid(
                    "filters",
                    tr!(
                        "trường \"{}\": \"{text}\" không phải là true hoặc false",
                        "field \"{}\": \"{text}\" is not true or false",
                        f.name
                    ),
                ))
            }
        };
        return Ok(match backend {
            DbBackend::Postgres => Value::from(b.to_string()),
            _ => Value::from(i64::from(b)),
        });
    }
    Ok(Value::from(text))
}

/// `%word%` with LIKE's wildcards escaped.
fn like_pattern(word: &str) -> String {
    let mut p = String::from("%");
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// Values one filter may list, and words one query may have, at most.
pub const MAX_FILTER_VALUES: usize = 100;
pub const MAX_WORDS: usize = 10;
/// Characters one word or one filter value may have.
pub const MAX_TEXT: usize = 500;

/// The stored column holding a field's value, when the dataset has just one field of
/// that kind: unit and period filters then use the table's index.
fn column_of(src: Source<'_>, f: &FieldDef) -> Option<&'static str> {
    let only = |k: FieldType| src.def.fields.iter().filter(|g| g.kind == k).count() == 1;
    match f.kind {
        FieldType::Unit if only(FieldType::Unit) => Some("unit_code"),
        FieldType::Period if only(FieldType::Period) => Some("period"),
        _ => None,
    }
}

/// Refuses queries whose size would only serve to make the server work.
fn check_size(src: Source<'_>, q: &DsQuery) -> AppResult<()> {
    if let Some((name, _)) = q.filters.iter().find(|(_, v)| v.len() > MAX_FILTER_VALUES) {
        return Err(AppError::invalid(
            "filters",
            tr!(
                "trường \"{name}\": tối đa {MAX_FILTER_VALUES} giá trị",
                "field \"{name}\": at most {MAX_FILTER_VALUES} values"
            ),
        ));
    }
    let words = match &q.words {
        Some(Words::Anywhere(w)) => w.split_whitespace().count(),
        Some(Words::Fields(pairs)) => pairs.len(),
        None => 0,
    };
    if words > MAX_WORDS {
        return Err(AppError::invalid(
            "q",
            tr!("tối đa {MAX_WORDS} từ", "at most {MAX_WORDS} words"),
        ));
    }
    let long_word = match &q.words {
        Some(Words::Anywhere(w)) => w.split_whitespace().any(|x| x.chars().count() > MAX_TEXT),
        Some(Words::Fields(pairs)) => pairs.iter().any(|(_, w)| w.chars().count() > MAX_TEXT),
        None => false,
    };
    if long_word {
        return Err(AppError::invalid(
            "q",
            tr!(
                "có từ dài hơn {MAX_TEXT} ký tự",
                "a word has more than {MAX_TEXT} characters"
            ),
        ));
    }
    let long_value = q.filters.iter().find(|(_, values)| {
        values
            .iter()
            .any(|v| v.as_str().is_some_and(|t| t.chars().count() > MAX_TEXT))
    });
    if let Some((name, _)) = long_value {
        return Err(AppError::invalid(
            "filters",
            tr!(
                "trường \"{name}\": có giá trị dài hơn {MAX_TEXT} ký tự",
                "field \"{name}\": a value has more than {MAX_TEXT} characters"
            ),
        ));
    }
    if q.sort.len() > src.def.fields.len() + 1 {
        return Err(AppError::invalid(
            "sort",
            tr!(
                "số khoá sắp xếp nhiều hơn số trường",
                "more sort keys than fields"
            ),
        ));
    }
    Ok(())
}

/// The WHERE clause (after `dataset_id`) of a query.
fn conditions(sql: &mut Sql, src: Source<'_>, q: &DsQuery) -> AppResult<String> {
    let fields = &src.def.fields;
    let mut out = String::new();
    for (name, values) in &q.filters {
        if values.is_empty() {
            continue;
        }
        if name == ID {
            let mut ids = Vec::new();
            for v in values {
                let id = v
                    .as_i64()
                    .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                    .ok_or_else(|| {
                        AppError::invalid(
                            "filters",
                            tr!("_id phải là số nguyên", "_id must be a whole number"),
                        )
                    })?;
                ids.push(sql.bind(id));
            }
            out.push_str(&format!(" AND id IN ({})", ids.join(", ")));
            continue;
        }
        let f = field(fields, name, "filters")?;
        let column = column_of(src, f);
        let expr = match column {
            Some(c) => c.to_string(),
            None => sql.field(f),
        };
        let mut ps = Vec::new();
        for v in values {
            let mut value = filter_value(sql.backend, f, v)?;
            // The period column holds the normalised form ("3/2024" is "2024-03").
            if let (Some("period"), Value::String(Some(text))) = (column, &value) {
                if let Some(p) = schema::parse_period(text, src.def.frequency) {
                    value = Value::from(p);
                }
            }
            ps.push(sql.bind(value));
        }
        out.push_str(&format!(" AND {expr} IN ({})", ps.join(", ")));
    }
    let like = sql.like();
    match &q.words {
        None => {}
        Some(Words::Anywhere(w)) if w.trim().is_empty() => {}
        Some(Words::Anywhere(w)) => {
            // Every word somewhere in the row.
            for word in w.split_whitespace() {
                let mut any = Vec::new();
                for f in fields {
                    let e = sql.field(f);
                    let e = sql.as_text(&e);
                    let p = sql.bind(like_pattern(word));
                    any.push(format!("{e} {like} {p} ESCAPE '\\'"));
                }
                out.push_str(&format!(" AND ({})", any.join(" OR ")));
            }
        }
        Some(Words::Fields(pairs)) => {
            for (name, w) in pairs {
                let f = field(fields, name, "q")?;
                let e = sql.field(f);
                let e = sql.as_text(&e);
                let p = sql.bind(like_pattern(w));
                out.push_str(&format!(" AND {e} {like} {p} ESCAPE '\\'"));
            }
        }
    }
    Ok(out)
}

fn order_by(sql: &Sql, src: Source<'_>, q: &DsQuery) -> AppResult<String> {
    let mut parts = Vec::new();
    for (name, desc) in &q.sort {
        let dir = if *desc { "DESC" } else { "ASC" };
        if name == ID {
            parts.push(format!("id {dir}"));
        } else {
            let f = field(&src.def.fields, name, "sort")?;
            let e = sql.field(f);
            parts.push(format!("{e} {dir}"));
        }
    }
    // Ties and the default follow the rows' order of arrival.
    if !q.sort.iter().any(|(n, _)| n == ID) {
        parts.push("id ASC".into());
    }
    Ok(parts.join(", "))
}

/// The returned fields, checked: (name, CKAN type).
pub fn selected_fields(src: Source<'_>, q: &DsQuery) -> AppResult<Vec<(String, &'static str)>> {
    let names = match &q.fields {
        Some(names) if !names.is_empty() => names,
        _ => {
            return Ok(std::iter::once((ID.to_string(), "int"))
                .chain(
                    src.def
                        .fields
                        .iter()
                        .map(|f| (f.name.clone(), ckan_type(f.kind))),
                )
                .collect())
        }
    };
    let distinct: std::collections::HashSet<&String> = names.iter().collect();
    if distinct.len() != names.len() {
        return Err(AppError::invalid(
            "fields",
            tr!("có trường được nêu hai lần", "a field is named twice"),
        ));
    }
    names
        .iter()
        .map(|n| {
            if n == ID {
                Ok((ID.to_string(), "int"))
            } else {
                field(&src.def.fields, n, "fields").map(|f| (f.name.clone(), ckan_type(f.kind)))
            }
        })
        .collect()
}

/// A stored row as a JSON object's text with the given fields in order. Built from the
/// schema, never passed through: a field removed from the definition is not served.
pub fn record_text(id: i64, data: &str, fields: &[(String, &'static str)]) -> String {
    let parsed: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(data).unwrap_or_default();
    let mut out = String::with_capacity(data.len() + 16);
    out.push('{');
    for (i, (name, _)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(name).unwrap_or_default());
        out.push(':');
        if name == ID {
            out.push_str(&id.to_string());
        } else {
            match parsed.get(name) {
                Some(v) => out.push_str(&v.to_string()),
                None => out.push_str("null"),
            }
        }
    }
    out.push('}');
    out
}

/// The statement that reads one page of a query, with what `search` needs to know of it.
pub struct Page {
    pub statement: Statement,
    /// The query follows the rows' own order (descending or not): keyset paging applies.
    pub by_id: Option<bool>,
    /// The query has conditions (its total must be counted).
    pub filtered: bool,
}

pub fn page_statement(backend: DbBackend, src: Source<'_>, q: &DsQuery) -> AppResult<Page> {
    let by_id = match q.sort.as_slice() {
        [] => Some(false),
        [(name, desc)] if name == ID => Some(*desc),
        _ => None,
    };
    let mut sql = Sql::new(backend);
    // Our own integer, written in: a field's index is partial on its dataset's id, and
    // the engines match a partial index only to a literal.
    let ds = src.model.id;
    let cond = conditions(&mut sql, src, q)?;
    let keyset = match (q.after, by_id) {
        (None, _) => String::new(),
        (Some(after), Some(desc)) => {
            let p = sql.bind(after);
            format!(" AND id {} {p}", if desc { "<" } else { ">" })
        }
        (Some(_), None) => {
            return Err(AppError::invalid(
                "after",
                tr!(
                    "chỉ dùng được khi sắp xếp theo _id (hoặc không sắp xếp); \
                     với thứ tự khác, hãy dùng offset",
                    "works with the rows' order only (no sort, or _id); \
                     page other orders with offset"
                ),
            ))
        }
    };
    let order = order_by(&sql, src, q)?;
    let lim = sql.bind(q.limit.min(MAX_LIMIT) as i64);
    let skip = if q.after.is_some() { 0 } else { q.offset };
    let off = sql.bind(skip.min(i64::MAX as u64) as i64);
    let text = format!(
        "SELECT id, data FROM dataset_record WHERE dataset_id = {ds}{cond}{keyset} \
         ORDER BY {order} LIMIT {lim} OFFSET {off}"
    );
    Ok(Page {
        statement: Statement::from_sql_and_values(backend, text, sql.values),
        by_id,
        filtered: !cond.is_empty(),
    })
}

pub async fn search(db: &DatabaseConnection, src: Source<'_>, q: &DsQuery) -> AppResult<DsResult> {
    let backend = db.get_database_backend();
    check_size(src, q)?;
    let fields = selected_fields(src, q)?;
    let limit = q.limit.min(MAX_LIMIT);
    let page = page_statement(backend, src, q)?;
    let rows = db.query_all_raw(page.statement).await.map_err(internal)?;
    let mut records = Vec::with_capacity(rows.len());
    let mut last = None;
    for r in rows {
        let id: i64 = r.try_get_by_index(0).map_err(internal)?;
        let data: String = r.try_get_by_index(1).map_err(internal)?;
        records.push(record_text(id, &data, &fields));
        last = Some(id);
    }
    let next_after = page.by_id.and(last.or(q.after));

    let total = if !q.include_total {
        None
    } else if !page.filtered {
        Some(src.model.record_count.max(0) as u64)
    } else {
        let mut sql = Sql::new(backend);
        let ds = src.model.id;
        let cond = conditions(&mut sql, src, q)?;
        let text = format!("SELECT COUNT(*) FROM dataset_record WHERE dataset_id = {ds}{cond}");
        let row = db
            .query_one_raw(Statement::from_sql_and_values(backend, text, sql.values))
            .await
            .map_err(internal)?;
        Some(
            row.and_then(|r| r.try_get_by_index::<i64>(0).ok())
                .unwrap_or(0)
                .max(0) as u64,
        )
    };
    Ok(DsResult {
        fields,
        records,
        total,
        limit,
        next_after,
    })
}

/// One chunk of a dataset's rows after `after_id`, for streaming downloads.
pub async fn chunk(
    db: &DatabaseConnection,
    dataset_id: i32,
    after_id: i64,
    size: u64,
) -> AppResult<Vec<(i64, String)>> {
    let backend = db.get_database_backend();
    let mut sql = Sql::new(backend);
    let ds = sql.bind(dataset_id);
    let after = sql.bind(after_id);
    let lim = sql.bind(size as i64);
    let text = format!(
        "SELECT id, data FROM dataset_record WHERE dataset_id = {ds} AND id > {after} \
         ORDER BY id LIMIT {lim}"
    );
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, text, sql.values))
        .await
        .map_err(internal)?;
    rows.into_iter()
        .map(|r| {
            Ok((
                r.try_get_by_index::<i64>(0).map_err(internal)?,
                r.try_get_by_index::<String>(1).map_err(internal)?,
            ))
        })
        .collect()
}

/// How rows fold into one number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agg {
    Sum,
    Avg,
    /// Rows with a value in the field (every row when no field is named).
    Count,
}

/// What the rows are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Unit,
    Period,
    UnitAndPeriod,
}

/// One group's number: its unit and/or period (as grouped) and the rows it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    pub unit: Option<String>,
    pub period: Option<String>,
    pub value: f64,
    pub rows: u64,
}

/// Which rows an aggregation reads: one period, or periods in `[from, to)` (normalised
/// periods sort as text: `2024` ≤ `2024-03` < `2025`), and these units only.
#[derive(Debug, Clone, Default)]
pub struct Within<'a> {
    pub period: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub units: Option<&'a [String]>,
}

impl Within<'_> {
    /// Adds the conditions to a query's `WHERE`; false when no row can match (no units).
    fn restrict(&self, sql: &mut Sql, text: &mut String) -> bool {
        if let Some(period) = self.period {
            let p = sql.bind(period.to_string());
            text.push_str(&format!(" AND period = {p}"));
        }
        if let Some(from) = self.from {
            let p = sql.bind(from.to_string());
            text.push_str(&format!(" AND period >= {p}"));
        }
        if let Some(to) = self.to {
            let p = sql.bind(to.to_string());
            text.push_str(&format!(" AND period < {p}"));
        }
        if let Some(units) = self.units {
            if units.is_empty() {
                return false;
            }
            let list: Vec<String> = units.iter().map(|u| sql.bind(u.clone())).collect();
            text.push_str(&format!(" AND unit_code IN ({})", list.join(", ")));
        }
        true
    }
}

/// A numeric field (or the rows, for a count) folded per unit, period or both, in the
/// database. Rows without the grouped column are left out.
pub async fn aggregate(
    db: &DatabaseConnection,
    src: Source<'_>,
    field: Option<&str>,
    agg: Agg,
    by: By,
    within: &Within<'_>,
) -> AppResult<Vec<Bucket>> {
    let backend = db.get_database_backend();
    let mut sql = Sql::new(backend);
    let e = match field {
        Some(name) => {
            let f = self::field(&src.def.fields, name, "field")?;
            if agg != Agg::Count && !numeric(f.kind) {
                return Err(AppError::invalid(
                    "field",
                    tr!(
                        "'{name}' không phải trường số",
                        "'{name}' is not a numeric field"
                    ),
                ));
            }
            Some(sql.field(f))
        }
        None if agg == Agg::Count => None,
        None => {
            return Err(AppError::invalid(
                "field",
                tr!("cần nêu trường số", "name the numeric field"),
            ))
        }
    };
    let ds = sql.bind(src.model.id);
    let group = match by {
        By::Unit => "unit_code",
        By::Period => "period",
        By::UnitAndPeriod => "unit_code, period",
    };
    let value = match (agg, &e) {
        // SQLite's TOTAL is always a float (SUM of integers is an integer).
        (Agg::Sum, Some(e)) if backend == DbBackend::Postgres => format!("SUM({e})"),
        (Agg::Sum, Some(e)) => format!("TOTAL({e})"),
        (Agg::Avg, Some(e)) => format!("AVG({e})"),
        (Agg::Count, Some(e)) => format!("COUNT({e})"),
        _ => "COUNT(*)".to_string(),
    };
    let mut text =
        format!("SELECT {group}, {value}, COUNT(*) FROM dataset_record WHERE dataset_id = {ds}");
    for col in ["unit_code", "period"]
        .into_iter()
        .filter(|c| group.contains(c))
    {
        text.push_str(&format!(" AND {col} IS NOT NULL"));
    }
    if !within.restrict(&mut sql, &mut text) {
        return Ok(Vec::new());
    }
    text.push_str(&format!(" GROUP BY {group} ORDER BY {group}"));
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, text, sql.values))
        .await
        .map_err(internal)?;
    let keys = if by == By::UnitAndPeriod { 2 } else { 1 };
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let first: String = r.try_get_by_index(0).ok()?;
            let (unit, period) = match by {
                By::Unit => (Some(first), None),
                By::Period => (None, Some(first)),
                By::UnitAndPeriod => (Some(first), r.try_get_by_index(1).ok()),
            };
            // COUNT comes back as an integer, SUM/AVG as a float (or NULL).
            let value = r
                .try_get_by_index::<Option<f64>>(keys)
                .ok()
                .flatten()
                .or_else(|| r.try_get_by_index::<i64>(keys).ok().map(|n| n as f64))
                .unwrap_or(0.0);
            let rows = r.try_get_by_index::<i64>(keys + 1).ok()?.max(0) as u64;
            Some(Bucket {
                unit,
                period,
                value,
                rows,
            })
        })
        .collect())
}

/// One row with where it came from, as the indicators' engine and its provenance read it.
#[derive(Debug, Clone)]
pub struct Record {
    pub id: i64,
    pub unit: Option<String>,
    pub period: Option<String>,
    pub data: serde_json::Map<String, serde_json::Value>,
    pub batch_id: i64,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// The rows whose period falls in `[from, to)`, by period then unit (in a transaction
/// too: a follower reads the batch it is given with the rows before it).
pub async fn records_between<C: ConnectionTrait>(
    db: &C,
    src: Source<'_>,
    from: &str,
    to: &str,
    keep: Keep<'_>,
) -> AppResult<Vec<Record>> {
    let mut rows = records_where(db, src, Some((from, to)), None, keep).await?;
    rows.sort_by(|a, b| (&a.period, &a.unit, a.id).cmp(&(&b.period, &b.unit, b.id)));
    Ok(rows)
}

/// Every row of a dataset without periods (a register: facilities, schools), by unit,
/// or of a few units.
pub async fn register_records(
    db: &DatabaseConnection,
    src: Source<'_>,
    units: Option<&[String]>,
) -> AppResult<Vec<Record>> {
    let mut rows = records_where(db, src, None, units, Keep::All).await?;
    rows.sort_by(|a, b| (&a.unit, a.id).cmp(&(&b.unit, b.id)));
    Ok(rows)
}

/// Which fields of each row's data a read keeps. An indicator sums one or two fields of
/// a dataset: building every row's whole object for it was most of a sector board's time
/// (a `perf` profile of the education board: JSON maps and the allocator on top).
#[derive(Debug, Clone, Copy)]
pub enum Keep<'a> {
    All,
    Only(&'a [&'a str]),
}

impl Keep<'_> {
    fn parse(self, text: &str) -> serde_json::Map<String, serde_json::Value> {
        use serde::de::DeserializeSeed;
        match self {
            Keep::All => serde_json::from_str(text).unwrap_or_default(),
            Keep::Only(fields) => Picked(fields)
                .deserialize(&mut serde_json::Deserializer::from_str(text))
                .unwrap_or_default(),
        }
    }
}

/// Deserialises an object keeping only some keys; the other values are skipped unbuilt.
struct Picked<'a>(&'a [&'a str]);

/// An object key, borrowed from the text when it has no escapes.
#[derive(serde::Deserialize)]
struct Key<'a>(#[serde(borrow)] std::borrow::Cow<'a, str>);

impl<'de> serde::de::DeserializeSeed<'de> for Picked<'_> {
    type Value = serde_json::Map<String, serde_json::Value>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Picked<'_> {
    type Value = serde_json::Map<String, serde_json::Value>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(Key(k)) = m.next_key()? {
            if self.0.contains(&k.as_ref()) {
                out.insert(k.into_owned(), m.next_value()?);
            } else {
                m.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(out)
    }
}

/// The rows of a period span `[from, to)` and of some units (either or both), in no
/// particular order, with the fields `keep` asks for.
pub async fn records_where<C: ConnectionTrait>(
    db: &C,
    src: Source<'_>,
    span: Option<(&str, &str)>,
    units: Option<&[String]>,
    keep: Keep<'_>,
) -> AppResult<Vec<Record>> {
    if units.is_some_and(<[String]>::is_empty) {
        return Ok(Vec::new());
    }
    if packable(src.model) {
        return packed(db, src.model.id, span, units, keep).await;
    }
    let mut q =
        dataset_record::Entity::find().filter(dataset_record::Column::DatasetId.eq(src.model.id));
    if let Some((from, to)) = span {
        q = q
            .filter(dataset_record::Column::Period.gte(from))
            .filter(dataset_record::Column::Period.lt(to));
    }
    if let Some(u) = units {
        q = q.filter(dataset_record::Column::UnitCode.is_in(u.iter().cloned()));
    }
    Ok(q.all(db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|r| Record {
            id: r.id,
            unit: r.unit_code,
            period: r.period,
            data: keep.parse(&r.data),
            batch_id: r.batch_id,
            updated_at: r.updated_at,
        })
        .collect())
}

/// Up to this many rows, a dataset's rows are read packed into one text (`packed`); a
/// larger one row by row, so that no read builds one string of unbounded size.
const PACK_ROWS: i64 = 50_000;

fn packable(model: &dataset::Model) -> bool {
    model.record_count <= PACK_ROWS
}

/// The rows of a dataset (of a period span, or of some units) read as one packed text:
/// each row's lineage as a JSON array, U+001F, its data; rows joined by U+001E (neither
/// can appear raw in JSON). SQLite hands each result row over from its worker thread,
/// which costs a thread switch a row: a board reading a thousand rows spent most of its
/// time there (a `perf` profile of `/education`'s data: scheduler and allocator on top,
/// SQLite itself 3 %).
async fn packed<C: ConnectionTrait>(
    db: &C,
    dataset_id: i32,
    span: Option<(&str, &str)>,
    units: Option<&[String]>,
    keep: Keep<'_>,
) -> AppResult<Vec<Record>> {
    let backend = db.get_database_backend();
    let (agg, lineage) = match backend {
        DbBackend::Postgres => (
            "string_agg",
            "json_build_array(id, unit_code, period, batch_id, updated_at)::text \
             || chr(31) || data, chr(30)",
        ),
        _ => (
            "group_concat",
            "json_array(id, unit_code, period, batch_id, updated_at) || char(31) || data, \
             char(30)",
        ),
    };
    let mut q = Sql::new(backend);
    let mut sql = format!(
        "SELECT {agg}({lineage}) FROM dataset_record WHERE dataset_id = {}",
        q.bind(dataset_id)
    );
    if let Some((from, to)) = span {
        let (a, b) = (q.bind(from), q.bind(to));
        sql.push_str(&format!(" AND period >= {a} AND period < {b}"));
    }
    if let Some(units) = units {
        let list: Vec<String> = units.iter().map(|u| q.bind(u.as_str())).collect();
        sql.push_str(&format!(" AND unit_code IN ({})", list.join(",")));
    }
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, q.values))
        .await
        .map_err(internal)?;
    let Some(text) = row.and_then(|r| r.try_get_by_index::<Option<String>>(0).ok().flatten())
    else {
        return Ok(Vec::new());
    };
    type Lineage = (
        i64,
        Option<String>,
        Option<String>,
        i64,
        chrono::DateTime<chrono::Utc>,
    );
    text.split('\u{1e}')
        .map(|one| {
            let (lineage, data) = one
                .split_once('\u{1f}')
                .ok_or_else(|| internal("a packed row without its data"))?;
            let (id, unit, period, batch_id, updated_at): Lineage =
                serde_json::from_str(lineage).map_err(internal)?;
            Ok(Record {
                id,
                unit,
                period,
                data: keep.parse(data),
                batch_id,
                updated_at,
            })
        })
        .collect()
}

/// The years any of these datasets has rows for.
pub async fn years_with_rows(db: &DatabaseConnection, codes: &[&str]) -> AppResult<Vec<i32>> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    // From the cells the batches keep (one per unit and period), not from every row.
    let backend = db.get_database_backend();
    let mut q = Sql::new(backend);
    let list: Vec<String> = codes.iter().map(|c| q.bind(*c)).collect();
    let sql = format!(
        "SELECT DISTINCT SUBSTR(c.period, 1, 4) AS y FROM dataset_cell c \
         JOIN dataset d ON d.id = c.dataset_id WHERE d.code IN ({}) AND c.period <> ''",
        list.join(",")
    );
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, q.values))
        .await
        .map_err(internal)?;
    let mut years: Vec<i32> = rows
        .into_iter()
        .filter_map(|r| r.try_get::<String>("", "y").ok()?.parse().ok())
        .collect();
    years.sort_unstable();
    years.dedup();
    Ok(years)
}

/// The latest period with rows, if the dataset has periods.
pub async fn latest_period(db: &DatabaseConnection, src: Source<'_>) -> AppResult<Option<String>> {
    let backend = db.get_database_backend();
    let mut sql = Sql::new(backend);
    let ds = sql.bind(src.model.id);
    let text = format!("SELECT MAX(period) FROM dataset_record WHERE dataset_id = {ds}");
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, text, sql.values))
        .await
        .map_err(internal)?;
    Ok(row.and_then(|r| r.try_get_by_index::<Option<String>>(0).ok().flatten()))
}

/// The first and last day a normalised period covers (`2024-03`, `2024-Q1`, `2024`,
/// `2024-03-07`, `2024-W09`).
pub fn period_bounds(p: &str) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    use chrono::{Datelike, Months, NaiveDate, Weekday};
    let first_of = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1);
    let span = |start: NaiveDate, months: u32| {
        let end = start.checked_add_months(Months::new(months))?.pred_opt()?;
        Some((start, end))
    };
    if let Ok(d) = NaiveDate::parse_from_str(p, "%Y-%m-%d") {
        return Some((d, d));
    }
    if let Some((y, w)) = p.split_once("-W") {
        let start = NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, Weekday::Mon)?;
        return Some((start, start + chrono::Duration::days(6)));
    }
    if let Some((y, q)) = p.split_once("-Q") {
        let q: u32 = q.parse().ok()?;
        return span(first_of(y.parse().ok()?, (q - 1) * 3 + 1)?, 3);
    }
    if let Some((y, m)) = p.split_once('-') {
        return span(first_of(y.parse().ok()?, m.parse().ok()?)?, 1);
    }
    let y: i32 = p.parse().ok()?;
    let start = first_of(y, 1)?;
    debug_assert_eq!(start.year(), y);
    span(start, 12)
}

/// The dates a dataset's rows cover, from its first and last period.
pub async fn period_span(
    db: &DatabaseConnection,
    src: Source<'_>,
) -> AppResult<Option<(String, String)>> {
    let backend = db.get_database_backend();
    let mut sql = Sql::new(backend);
    let ds = sql.bind(src.model.id);
    let text =
        format!("SELECT MIN(period), MAX(period) FROM dataset_record WHERE dataset_id = {ds}");
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, text, sql.values))
        .await
        .map_err(internal)?;
    let Some(row) = row else { return Ok(None) };
    let first: Option<String> = row.try_get_by_index(0).ok().flatten();
    let last: Option<String> = row.try_get_by_index(1).ok().flatten();
    Ok(
        match (
            first.as_deref().and_then(period_bounds),
            last.as_deref().and_then(period_bounds),
        ) {
            (Some((start, _)), Some((_, end))) => Some((start.to_string(), end.to_string())),
            _ => None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_keeps_the_fields_it_asks_for() {
        let text = r#"{"pupils":120,"na\u006de":"Trường \"A\"","tags":[1,{"x":2}],"level":"primary","classes":null}"#;
        let only = Keep::Only(&["pupils", "name", "classes", "missing"]).parse(text);
        assert_eq!(
            serde_json::Value::Object(only),
            serde_json::json!({"pupils": 120, "name": "Trường \"A\"", "classes": null})
        );
        let all = Keep::All.parse(text);
        assert_eq!(all.len(), 5);
        assert_eq!(all["level"], "primary");
        // Not an object: no fields, as before.
        assert!(Keep::Only(&["pupils"]).parse("[1,2]").is_empty());
        assert!(Keep::Only(&["pupils"]).parse("{\"pupils\":").is_empty());
    }

    #[test]
    fn periods_cover_their_days() {
        let b = |p| period_bounds(p).map(|(a, b)| (a.to_string(), b.to_string()));
        assert_eq!(
            b("2024-02"),
            Some(("2024-02-01".into(), "2024-02-29".into()))
        );
        assert_eq!(
            b("2023-Q4"),
            Some(("2023-10-01".into(), "2023-12-31".into()))
        );
        assert_eq!(b("2022"), Some(("2022-01-01".into(), "2022-12-31".into())));
        assert_eq!(
            b("2024-W01"),
            Some(("2024-01-01".into(), "2024-01-07".into()))
        );
        assert_eq!(
            b("2024-03-07"),
            Some(("2024-03-07".into(), "2024-03-07".into()))
        );
    }

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(like_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }
}
