//! Datasets and their records in the database.

use super::parse::Parsed;
use super::quality;
use crate::auth::internal;
use crate::db::entity::{admin_unit, dataset, ingest_batch};
use app::error::{AppError, AppResult, Text};
use app::model::{Role, SessionUser};
use app::modules::datasets::model::{
    BatchSummary, DataSummary, Dataset, DatasetDef, DatasetRow, DepartmentQuality, FieldType,
    IngestReport, Rejection,
};
use app::modules::datasets::schema::{self, Row};
use app::tr;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr, Statement,
};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Rows one request may carry.
pub const MAX_ROWS: usize = 100_000;
/// Rows one page of `GET …/records` returns at most.
pub const MAX_PAGE: u64 = 1_000;

pub fn definition(model: &dataset::Model) -> AppResult<DatasetDef> {
    serde_json::from_str(&model.definition).map_err(internal)
}

pub fn to_wire(model: &dataset::Model) -> AppResult<Dataset> {
    let mut def = definition(model)?;
    def.department = Some(model.department_code.clone());
    let record_count = model.record_count.max(0) as u64;
    Ok(Dataset {
        def,
        department: model.department_code.clone(),
        created_at: model.created_at.to_rfc3339(),
        updated_at: model.updated_at.to_rfc3339(),
        last_ingest_at: model.last_ingest_at.map(|t| t.to_rfc3339()),
        record_count,
    })
}

pub async fn find<C: ConnectionTrait>(db: &C, code: &str) -> AppResult<dataset::Model> {
    dataset::Entity::find()
        .filter(dataset::Column::Code.eq(code))
        .one(db)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound(format!("dataset '{code}'")))
}

pub async fn list(db: &DatabaseConnection, public_only: bool) -> AppResult<Vec<dataset::Model>> {
    let mut q = dataset::Entity::find().order_by_asc(dataset::Column::Code);
    if public_only {
        q = q.filter(dataset::Column::Public.eq(true));
    }
    q.all(db).await.map_err(internal)
}

/// Creates a dataset, or replaces the definition of an existing one of the same code
/// and department. Returns the model and whether it was new.
pub async fn define<C: ConnectionTrait>(
    db: &C,
    actor: &str,
    department: &str,
    def: DatasetDef,
) -> AppResult<(dataset::Model, bool)> {
    schema::validate_def(&def)?;
    if crate::module::deriving(&def.code).is_some() {
        // A module computes that dataset from its own data: a stored one would shadow it.
        return Err(AppError::invalid(
            "code",
            tr!(
                "'{}' là tập dữ liệu được tính từ dữ liệu của một phân hệ",
                "'{}' is a dataset computed from a module's data",
                def.code
            ),
        ));
    }
    crate::registry::require_department(db, department).await?;
    let mut stored = def.clone();
    stored.department = Some(department.to_string());
    let json = serde_json::to_string(&stored).map_err(internal)?;
    let now = Utc::now();
    let existing = dataset::Entity::find()
        .filter(dataset::Column::Code.eq(&def.code))
        .one(db)
        .await
        .map_err(internal)?;
    let (model, created) = match existing {
        Some(m) if m.department_code != department => {
            return Err(AppError::invalid(
                "code",
                tr!(
                    "'{}' thuộc về một đơn vị khác",
                    "'{}' belongs to another department",
                    def.code
                ),
            ))
        }
        Some(m) => {
            let mut a: dataset::ActiveModel = m.into();
            a.title = Set(def.title.clone());
            a.definition = Set(json);
            a.public = Set(def.public);
            a.updated_at = Set(now);
            (a.update(db).await.map_err(internal)?, false)
        }
        None => {
            let a = dataset::ActiveModel {
                code: Set(def.code.clone()),
                department_code: Set(department.to_string()),
                title: Set(def.title.clone()),
                definition: Set(json),
                public: Set(def.public),
                created_at: Set(now),
                updated_at: Set(now),
                last_ingest_at: Set(None),
                quality: Set(None),
                rows_received: Set(0),
                rows_rejected: Set(0),
                rows_repeated: Set(0),
                cell_count: Set(0),
                ..Default::default()
            };
            (a.insert(db).await.map_err(internal)?, true)
        }
    };
    super::index::sync(db, model.id, &def).await?;
    crate::audit::record(
        db,
        actor,
        if created {
            "dataset.create"
        } else {
            "dataset.update"
        },
        &def.code,
        serde_json::json!({ "department": department, "fields": def.fields.len() }),
    )
    .await
    .map_err(internal)?;
    Ok((model, created))
}

/// An administrator's definition from the UI: the JSON of `POST /api/v1/datasets`, which
/// must name its department. Returns whether the dataset is new.
pub async fn define_json(db: &DatabaseConnection, actor: &str, json: &str) -> AppResult<bool> {
    let def: DatasetDef = serde_json::from_str(json).map_err(|e| {
        let why = app::error::json_problem(&e);
        AppError::invalid(
            "definition",
            app::error::Text::new(
                format!("không phải định nghĩa tập dữ liệu hợp lệ: {}", why.vi),
                format!("not a dataset definition: {}", why.en),
            ),
        )
    })?;
    let Some(department) = def.department.clone().filter(|d| !d.is_empty()) else {
        return Err(AppError::invalid(
            "department",
            tr!(
                "bắt buộc: nêu đơn vị sở hữu tập dữ liệu",
                "required: which department owns the dataset"
            ),
        ));
    };
    Ok(define(db, actor, &department, def).await?.1)
}

/// Every administrative unit code on record, for checking unit cells.
async fn unit_codes<C: ConnectionTrait>(db: &C) -> AppResult<HashSet<String>> {
    let codes: Vec<String> = admin_unit::Entity::find()
        .select_only()
        .column(admin_unit::Column::Code)
        .into_tuple()
        .all(db)
        .await
        .map_err(internal)?;
    Ok(codes.into_iter().collect())
}

/// The answer a batch gave, for replay under the same Idempotency-Key.
pub async fn replay<C: ConnectionTrait>(
    db: &C,
    dataset_id: i32,
    actor: &str,
    key: &str,
) -> AppResult<Option<(u16, serde_json::Value)>> {
    let found = ingest_batch::Entity::find()
        .filter(ingest_batch::Column::DatasetId.eq(dataset_id))
        .filter(ingest_batch::Column::IdempotencyKey.eq(key))
        .filter(ingest_batch::Column::Actor.eq(actor))
        .one(db)
        .await
        .map_err(internal)?;
    Ok(found.map(|b| {
        (
            b.response_status as u16,
            serde_json::from_str(&b.response_body).unwrap_or_default(),
        )
    }))
}

pub struct IngestRequest<'a> {
    pub actor: &'a str,
    /// api-json, api-csv or upload.
    pub source: &'a str,
    pub partial: bool,
    pub idempotency_key: Option<&'a str>,
    /// The department whose rows (by the definition's `owner_field`) the caller may write;
    /// `None`: any row.
    pub writer: Option<&'a str>,
}

/// Validates and stores a batch. Without `partial`, any rejected row means nothing is
/// stored; either way the batch and its report are recorded. Returns the HTTP status.
pub async fn ingest<C: crate::db::Conn>(
    db: &C,
    model: &dataset::Model,
    parsed: Parsed,
    req: IngestRequest<'_>,
) -> AppResult<(u16, IngestReport)> {
    let def = definition(model)?;
    let units = unit_codes(db).await?;
    let departments = if def.fields.iter().any(|f| f.kind == FieldType::Department) {
        crate::registry::departments(db)
            .await?
            .into_iter()
            .map(|d| d.code)
            .collect()
    } else {
        HashSet::new()
    };
    let known = |kind: FieldType, code: &str| match kind {
        FieldType::Department => departments.contains(code),
        _ => units.contains(code),
    };
    let followers = crate::module::followers(&model.code);
    let received = (parsed.rows.len() + parsed.rejected.len()) as u64;

    let mut rejections: Vec<Rejection> = parsed.fatal.clone();
    rejections.extend(parsed.rejected.iter().cloned());
    let mut valid: Vec<(u64, Row)> = Vec::with_capacity(parsed.rows.len());
    for (n, raw) in &parsed.rows {
        let mut errors = match schema::validate_row(&def, |name| parsed.cell(raw, name), known) {
            Ok(row) => {
                let mut errors = owner_rule(&def, &row, req.writer);
                for m in &followers {
                    errors.extend(m.row_rules(&model.code, &row.data));
                }
                if errors.is_empty() {
                    valid.push((*n, row));
                    continue;
                }
                errors
            }
            Err(errors) => errors,
        };
        errors.dedup_by(|a, b| a.0 == b.0);
        rejections.extend(
            errors
                .into_iter()
                .map(|(col, reason)| Rejection::new(*n, Some(col), reason)),
        );
    }

    // Sạch: the same key twice in one batch is a duplicate, or a conflict if the values differ.
    let mut seen: HashMap<String, (u64, usize)> = HashMap::new();
    let (mut duplicates, mut conflicts) = (0i64, 0i64);
    let mut keep = Vec::with_capacity(valid.len());
    for (n, row) in valid {
        match seen.get(&row.key) {
            Some((first, idx)) => {
                let same = keep
                    .get(*idx)
                    .map(|(_, r): &(u64, Row)| r.data == row.data)
                    .unwrap_or(false);
                if same {
                    duplicates += 1;
                    rejections.push(Rejection::new(
                        n,
                        None,
                        tr!("trùng với dòng {first}", "duplicate of row {first}"),
                    ));
                } else {
                    conflicts += 1;
                    rejections.push(Rejection::new(
                        n,
                        None,
                        tr!(
                            "cùng khoá với dòng {first} nhưng giá trị khác",
                            "same key as row {first} with different values"
                        ),
                    ));
                }
            }
            None => {
                seen.insert(row.key.clone(), (n, keep.len()));
                keep.push((n, row));
            }
        }
    }
    rejections.sort_by_key(|r| r.row);
    let rejected_rows = rejections
        .iter()
        .map(|r| r.row)
        .collect::<HashSet<_>>()
        .len() as u64;
    let commit = parsed.fatal.is_empty() && (rejections.is_empty() || req.partial);

    let now = Utc::now();
    let txn = db.begin().await.map_err(internal)?;
    if txn.get_database_backend() == DbBackend::Postgres {
        // One batch of a dataset at a time across every copy of the server: the counts
        // below (inserted vs updated, record_count) stay exact. SQLite has one writer.
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT id FROM dataset WHERE id = $1 FOR UPDATE",
            [model.id.into()],
        ))
        .await
        .map_err(internal)?;
        // Plans made for this dataset's id misjudge a dataset that grows faster than the
        // table's statistics (a new one in a table of ten million rows is "one row"): the
        // key lookup then compared every row of the dataset with every key of the batch,
        // and a batch of 10,000 rows took minutes. The plan made without the id looks each
        // key up in the key's index, which is right at any size.
        txn.execute_unprepared("SET LOCAL plan_cache_mode = force_generic_plan")
            .await
            .map_err(internal)?;
    }
    let inserted_batch = ingest_batch::ActiveModel {
        dataset_id: Set(model.id),
        actor: Set(req.actor.to_string()),
        source: Set(req.source.to_string()),
        received_at: Set(now),
        committed: Set(commit),
        received: Set(received as i64),
        inserted: Set(0),
        updated: Set(0),
        unchanged: Set(0),
        rejected: Set(rejected_rows as i64),
        duplicates: Set(duplicates),
        conflicts: Set(conflicts),
        rejections: Set(serde_json::to_string(&rejections).map_err(internal)?),
        idempotency_key: Set(req.idempotency_key.map(str::to_string)),
        response_status: Set(0),
        response_body: Set(String::new()),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let batch = match inserted_batch {
        Ok(b) => b,
        // The same Idempotency-Key was stored meanwhile (the unique index waited for that
        // request to finish): answer what it answered.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            drop(txn);
            if let Some(key) = req.idempotency_key {
                if let Some((status, body)) = replay(db, model.id, req.actor, key).await? {
                    let report: IngestReport = serde_json::from_value(body).map_err(internal)?;
                    return Ok((status, report));
                }
            }
            return Err(internal(e));
        }
        Err(e) => return Err(internal(e)),
    };

    let (mut inserted, mut updated, mut unchanged) = (0u64, 0u64, 0u64);
    let mut cells_gained = 0i64;
    if commit && !keep.is_empty() {
        // What is stored already, to tell inserts, updates and unchanged rows apart.
        let keys: Vec<&str> = keep.iter().map(|(_, r)| r.key.as_str()).collect();
        // The rows' texts are written while the database looks the keys up (SQLite works
        // on a thread of its own: the two overlap on two cores).
        let (existing, texts) = tokio::join!(existing_rows(&txn, model.id, &keys), async {
            keep.iter()
                .map(|(_, row)| serde_json::to_string(&row.data).map_err(internal))
                .collect::<AppResult<Vec<String>>>()
        });
        let (existing, texts) = (existing?, texts?);
        let mut writes = Vec::new();
        let mut written = Vec::new();
        // Rows per (unit, period) cell, moved by this batch: the cells' counts follow the
        // batch, so a batch never recounts the dataset (issue 23).
        let mut cells: HashMap<(String, String), i64> = HashMap::new();
        let cell = |unit: &Option<String>, period: &Option<String>| {
            (
                unit.clone().unwrap_or_default(),
                period.clone().unwrap_or_default(),
            )
        };
        for ((_, row), data) in keep.iter().zip(texts) {
            match existing.get(&row.key) {
                Some(old) if old.data == data => {
                    unchanged += 1;
                    continue;
                }
                Some(old) => {
                    updated += 1;
                    let (from, to) = (cell(&old.unit, &old.period), cell(&row.unit, &row.period));
                    if from != to {
                        *cells.entry(from).or_default() -= 1;
                        *cells.entry(to).or_default() += 1;
                    }
                }
                None => {
                    inserted += 1;
                    *cells.entry(cell(&row.unit, &row.period)).or_default() += 1;
                }
            }
            writes.push((
                row.key.as_str(),
                row.unit.as_deref(),
                row.period.as_deref(),
                data,
            ));
            written.push(&row.data);
        }
        // The followers prepare their writes while the rows are written: their statements
        // queue on the batch's transaction, their work in Rust overlaps the database's.
        // They write tables of their own, so the order of the two does not matter.
        let (rows, followed) = tokio::join!(
            async {
                write_rows(&txn, model.id, batch.id, now, writes).await?;
                move_cells(&txn, model.id, cells).await
            },
            async {
                for m in &followers {
                    m.rows_written(&txn, &model.code, &written).await?;
                }
                AppResult::Ok(())
            }
        );
        cells_gained = rows?;
        followed?;
    }

    let report = IngestReport {
        batch_id: batch.id,
        dataset: model.code.clone(),
        committed: commit,
        received,
        inserted,
        updated,
        unchanged,
        rejected: rejected_rows,
        rejections,
    };
    let status: u16 = if commit { 200 } else { 422 };
    let mut b: ingest_batch::ActiveModel = batch.into();
    b.inserted = Set(inserted as i64);
    b.updated = Set(updated as i64);
    b.unchanged = Set(unchanged as i64);
    b.response_status = Set(i32::from(status));
    b.response_body = Set(serde_json::to_string(&report).map_err(internal)?);
    b.update(&txn).await.map_err(internal)?;
    // The row count moves in the same transaction as the rows: a crash cannot leave it
    // behind. The quality version tells the scores below (or the worker) they are due.
    let mut bump = dataset::Entity::update_many().filter(dataset::Column::Id.eq(model.id));
    for (column, by) in [
        (dataset::Column::RecordCount, inserted as i64),
        (dataset::Column::QualityVersion, 1),
        (dataset::Column::RowsReceived, received as i64),
        (dataset::Column::RowsRejected, rejected_rows as i64),
        (dataset::Column::RowsRepeated, duplicates + conflicts),
        (dataset::Column::CellCount, cells_gained),
    ] {
        bump = bump.col_expr(
            column,
            sea_orm::sea_query::ExprTrait::add(Expr::col(column), by),
        );
    }
    if commit && inserted + updated > 0 {
        bump = bump.col_expr(dataset::Column::LastIngestAt, Expr::value(now));
    }
    bump.exec(&txn).await.map_err(internal)?;
    // The scores follow in the same transaction: their inputs are the cells and totals just
    // moved (a few small reads, whatever the dataset's size), and a batch is one write
    // instead of two.
    quality::refresh(&txn, model.id).await?;
    txn.commit().await.map_err(internal)?;
    Ok((status, report))
}

/// A row that names another department than the writer's, when the definition says
/// whose rows are whose (`owner_field`).
fn owner_rule(def: &DatasetDef, row: &Row, writer: Option<&str>) -> Vec<(String, Text)> {
    let (Some(writer), Some(field)) = (writer, def.owner_field.as_deref()) else {
        return Vec::new();
    };
    match row.data.get(field).and_then(Value::as_str) {
        Some(owner) if owner == writer => Vec::new(),
        owner => {
            let owner = owner.unwrap_or_default();
            vec![(
                field.to_string(),
                tr!(
                    "'{owner}': khoá của {writer} chỉ gửi được dòng của {writer}",
                    "'{owner}': a key of {writer} may only send rows of {writer}"
                ),
            )]
        }
    }
}

/// A stored row, as a batch compares it with what it brings.
struct Stored {
    data: String,
    unit: Option<String>,
    period: Option<String>,
}

/// Stored rows of the given keys, by key.
async fn existing_rows(
    txn: &DatabaseTransaction,
    dataset_id: i32,
    keys: &[&str],
) -> AppResult<HashMap<String, Stored>> {
    // One query with the keys as one JSON parameter: no giant IN list to build and plan.
    let backend = txn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT record_key, data, unit_code, period FROM dataset_record WHERE dataset_id = $1 \
             AND record_key IN (SELECT json_array_elements_text($2::json))"
        }
        _ => {
            "SELECT record_key, data, unit_code, period FROM dataset_record WHERE dataset_id = ? \
             AND record_key IN (SELECT value FROM json_each(?))"
        }
    };
    let stmt = Statement::from_sql_and_values(
        backend,
        sql,
        [
            dataset_id.into(),
            serde_json::to_string(keys).map_err(internal)?.into(),
        ],
    );
    let mut existing = HashMap::with_capacity(keys.len());
    for row in txn.query_all_raw(stmt).await.map_err(internal)? {
        let key: String = row.try_get_by_index(0).map_err(internal)?;
        let stored = Stored {
            data: row.try_get_by_index(1).map_err(internal)?,
            unit: row.try_get_by_index(2).map_err(internal)?,
            period: row.try_get_by_index(3).map_err(internal)?,
        };
        existing.insert(key, stored);
    }
    Ok(existing)
}

/// Applies a batch's moves to the dataset's (unit, period) cells ('' for none): rows
/// added to a cell, taken from another; a cell left with no row goes. Returns how many
/// cells the dataset gained (less those it lost), for its running `cell_count`. Only the
/// cells the batch touched are read or written: the same work at any size.
async fn move_cells(
    txn: &DatabaseTransaction,
    dataset_id: i32,
    cells: HashMap<(String, String), i64>,
) -> AppResult<i64> {
    let moves: Vec<_> = cells.into_iter().filter(|(_, n)| *n != 0).collect();
    let backend = txn.get_database_backend();
    let (mut gained, mut emptied) = (0i64, Vec::new());
    // 3 values a cell: 1,000 cells a statement stay under every bind-parameter limit.
    for chunk in moves.chunks(1_000) {
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(1 + chunk.len() * 3);
        values.push(dataset_id.into());
        for ((unit, period), n) in chunk {
            values.extend([unit.clone().into(), period.clone().into(), (*n).into()]);
        }
        // Stored cells hold at least one row (an emptied one goes below), so a cell that
        // comes back holding exactly what this batch added is new.
        let sql = format!(
            "INSERT INTO dataset_cell (dataset_id, unit_code, period, row_count) \
             SELECT $1, column1, column2, column3 FROM (VALUES {}) AS v WHERE true \
             ON CONFLICT (dataset_id, unit_code, period) \
             DO UPDATE SET row_count = dataset_cell.row_count + excluded.row_count \
             RETURNING unit_code, period, row_count",
            numbered(chunk.len(), 3, 2)
        );
        let by_cell: HashMap<(&str, &str), i64> = chunk
            .iter()
            .map(|((u, p), n)| ((u.as_str(), p.as_str()), *n))
            .collect();
        for row in txn
            .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
            .await
            .map_err(internal)?
        {
            let unit: String = row.try_get_by_index(0).map_err(internal)?;
            let period: String = row.try_get_by_index(1).map_err(internal)?;
            let count: i64 = row.try_get_by_index(2).map_err(internal)?;
            let added = by_cell
                .get(&(unit.as_str(), period.as_str()))
                .copied()
                .unwrap_or(0);
            if count <= 0 {
                emptied.push((unit, period));
            } else if added > 0 && count == added {
                gained += 1;
            }
        }
    }
    for chunk in emptied.chunks(1_000) {
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(1 + chunk.len() * 2);
        values.push(dataset_id.into());
        for (unit, period) in chunk {
            values.extend([unit.clone().into(), period.clone().into()]);
        }
        let sql = format!(
            "DELETE FROM dataset_cell WHERE dataset_id = $1 AND row_count <= 0 \
             AND (unit_code, period) IN (VALUES {})",
            numbered(chunk.len(), 2, 2)
        );
        let gone = txn
            .execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await
            .map_err(internal)?;
        gained -= gone.rows_affected() as i64;
    }
    Ok(gained)
}

/// `($f,$f+1,…),(…)…`: `rows` tuples of `width` numbered parameters from `$first`, which
/// both engines read (SQLite takes `$N` as a name, bound in order of first use).
fn numbered(rows: usize, width: usize, first: usize) -> String {
    let mut out = String::with_capacity(rows * width * 5);
    for r in 0..rows {
        out.push_str(if r == 0 { "(" } else { ",(" });
        for c in 0..width {
            if c > 0 {
                out.push(',');
            }
            out.push_str(&format!("${}", first + r * width + c));
        }
        out.push(')');
    }
    out
}

/// The rows as one JSON array of `[key, unit, period, data]` (PostgreSQL's upsert), each
/// row's data (a JSON object's text already) written in as it is, not escaped into a string
/// for the database to unescape again. PostgreSQL hands an object back as the text it came
/// in (minified, as serde_json writes it), so what is stored is what `existing_rows`
/// compares with.
fn rows_json(rows: &[(&str, Option<&str>, Option<&str>, String)]) -> AppResult<String> {
    let size: usize = rows.iter().map(|r| r.0.len() + r.3.len() + 32).sum();
    let mut out = String::with_capacity(size + 2);
    out.push('[');
    for (i, (key, unit, period, data)) in rows.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        out.push_str(&serde_json::to_string(key).map_err(internal)?);
        out.push(',');
        out.push_str(&serde_json::to_string(unit).map_err(internal)?);
        out.push(',');
        out.push_str(&serde_json::to_string(period).map_err(internal)?);
        out.push(',');
        out.push_str(data);
        out.push(']');
    }
    out.push(']');
    Ok(out)
}

/// Rows one SQLite upsert carries: four values each, under its 32,766.
const SQLITE_ROWS: usize = 8_000;

/// Upserts rows by (dataset, key): two batches racing on one key both land, the later wins.
/// On PostgreSQL the rows go as one JSON parameter (`[key, unit, period, data]` each) that
/// the database unpacks itself: one small statement to plan instead of tens of thousands of
/// bound values. On SQLite they go as bound values, 8,000 rows a statement: unpacking JSON
/// there turned each row's text into SQLite's JSON form and back once per column, a fifth
/// of the database's time in a batch (profiled).
async fn write_rows(
    txn: &DatabaseTransaction,
    dataset_id: i32,
    batch_id: i64,
    now: chrono::DateTime<Utc>,
    rows: Vec<(&str, Option<&str>, Option<&str>, String)>,
) -> AppResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let backend = txn.get_database_backend();
    const SET: &str = "ON CONFLICT (dataset_id, record_key) DO UPDATE SET \
        unit_code = excluded.unit_code, period = excluded.period, data = excluded.data, \
        batch_id = excluded.batch_id, updated_at = excluded.updated_at";
    if backend == DbBackend::Postgres {
        let sql = format!(
            "INSERT INTO dataset_record (dataset_id, record_key, unit_code, period, data, batch_id, updated_at) \
             SELECT $1, e->>0, e->>1, e->>2, e->>3, $2, $3 FROM json_array_elements($4::json) AS e {SET}"
        );
        let json = rows_json(&rows)?;
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [dataset_id.into(), batch_id.into(), now.into(), json.into()],
        ))
        .await
        .map_err(internal)?;
        return Ok(());
    }
    let mut rest = rows.into_iter().peekable();
    while rest.peek().is_some() {
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(3 + 4 * SQLITE_ROWS);
        values.extend([dataset_id.into(), batch_id.into(), now.into()]);
        let mut n = 0;
        for (key, unit, period, data) in rest.by_ref().take(SQLITE_ROWS) {
            values.extend([
                key.to_string().into(),
                unit.map(str::to_string).into(),
                period.map(str::to_string).into(),
                data.into(),
            ]);
            n += 1;
        }
        let tuples = crate::db::tuples(backend, n, 4);
        // `WHERE true`: SQLite's grammar needs it between a SELECT and ON CONFLICT.
        let sql = format!(
            "INSERT INTO dataset_record (dataset_id, record_key, unit_code, period, data, batch_id, updated_at) \
             SELECT ?, column1, column2, column3, column4, ?, ? FROM (VALUES {tuples}) WHERE true {SET}"
        );
        txn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await
            .map_err(internal)?;
    }
    Ok(())
}

pub async fn batches(
    db: &DatabaseConnection,
    dataset_id: i32,
    limit: u64,
) -> AppResult<Vec<BatchSummary>> {
    let rows = ingest_batch::Entity::find()
        .filter(ingest_batch::Column::DatasetId.eq(dataset_id))
        .order_by_desc(ingest_batch::Column::Id)
        .limit(limit)
        .all(db)
        .await
        .map_err(internal)?;
    Ok(rows.into_iter().map(batch_summary).collect())
}

/// These batches, of any dataset, newest first: the lineage another module shows (the
/// indicators' provenance).
pub async fn batches_by_id(db: &DatabaseConnection, ids: &[i64]) -> AppResult<Vec<BatchSummary>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = ingest_batch::Entity::find()
        .filter(ingest_batch::Column::Id.is_in(ids.iter().copied()))
        .order_by_desc(ingest_batch::Column::Id)
        .all(db)
        .await
        .map_err(internal)?;
    Ok(rows.into_iter().map(batch_summary).collect())
}

/// The batches that brought these rows (one batch id per row; 0, a row a module computes,
/// has none), each with how many of them it brought.
pub async fn source_batches(
    db: &DatabaseConnection,
    row_batches: impl IntoIterator<Item = i64>,
) -> AppResult<Vec<app::modules::datasets::model::SourceBatch>> {
    let mut count: std::collections::BTreeMap<i64, u64> = Default::default();
    for id in row_batches.into_iter().filter(|id| *id != 0) {
        *count.entry(id).or_default() += 1;
    }
    let ids: Vec<i64> = count.keys().copied().collect();
    Ok(batches_by_id(db, &ids)
        .await?
        .into_iter()
        .map(|b| app::modules::datasets::model::SourceBatch {
            rows: count.get(&b.id).copied().unwrap_or_default(),
            id: b.id,
            actor: b.actor,
            source: b.source,
            received_at: b.received_at,
        })
        .collect())
}

fn batch_summary(b: ingest_batch::Model) -> BatchSummary {
    BatchSummary {
        id: b.id,
        actor: b.actor,
        source: b.source,
        received_at: b.received_at.to_rfc3339(),
        committed: b.committed,
        received: b.received as u64,
        inserted: b.inserted as u64,
        updated: b.updated as u64,
        unchanged: b.unchanged as u64,
        rejected: b.rejected as u64,
    }
}

/// Filters for reading records back.
#[derive(Debug, Default)]
pub struct RecordQuery {
    pub unit: Option<String>,
    pub period: Option<String>,
    /// field name → exact value.
    pub fields: Vec<(String, String)>,
    pub limit: u64,
    pub offset: u64,
    /// Keyset paging: the rows after this `_id` (see `query::DsQuery::after`).
    pub after: Option<i64>,
}

/// A page of records: each a JSON object's text, values by field.
pub struct RecordPage {
    pub records: Vec<String>,
    /// The rows matching, all pages together.
    pub total: u64,
    /// The `_id` the next page starts after.
    pub next_after: Option<i64>,
}

/// A page of records and the total matching. Every filter runs in the database, and only
/// the page is held in memory, however large the dataset.
pub async fn records(
    db: &DatabaseConnection,
    model: &dataset::Model,
    q: &RecordQuery,
) -> AppResult<RecordPage> {
    use super::query::{self, DsQuery, Source};
    let def = definition(model)?;
    let mut filters: Vec<(String, Vec<serde_json::Value>)> = q
        .fields
        .iter()
        .map(|(k, v)| (k.clone(), vec![serde_json::Value::String(v.clone())]))
        .collect();
    // Unit and period filters use the indexed columns (the dataset's unit and period
    // fields hold the same values).
    let named = |kind: FieldType| {
        def.fields
            .iter()
            .find(|f| f.kind == kind)
            .map(|f| f.name.clone())
    };
    for (value, kind, param) in [
        (&q.unit, FieldType::Unit, "unit"),
        (&q.period, FieldType::Period, "period"),
    ] {
        if let Some(v) = value {
            let name = named(kind).ok_or_else(|| {
                AppError::invalid(
                    param,
                    tr!(
                        "tập dữ liệu này không có trường như vậy",
                        "this dataset has no such field"
                    ),
                )
            })?;
            filters.push((name, vec![serde_json::Value::String(v.clone())]));
        }
    }
    let fields: Vec<String> = def.fields.iter().map(|f| f.name.clone()).collect();
    let res = query::search(
        db,
        Source { model, def: &def },
        &DsQuery {
            filters,
            fields: Some(fields),
            limit: q.limit,
            offset: q.offset,
            after: q.after,
            include_total: true,
            ..Default::default()
        },
    )
    .await?;
    Ok(RecordPage {
        records: res.records,
        total: res.total.unwrap_or(0),
        next_after: res.next_after,
    })
}

/// Every dataset with its quality, and departments ranked by their datasets' mean.
pub async fn summary(db: &DatabaseConnection, user: &SessionUser) -> AppResult<DataSummary> {
    let names: HashMap<String, (String, String)> = crate::registry::departments(db)
        .await?
        .into_iter()
        .map(|d| (d.code, (d.name, d.name_en)))
        .collect();
    let name_of = |code: &str| {
        names
            .get(code)
            .cloned()
            .unwrap_or_else(|| (code.to_string(), code.to_string()))
    };
    let mut datasets = Vec::new();
    for m in list(db, false).await? {
        let quality = super::quality::current(db, &m).await?;
        let record_count = m.record_count.max(0) as u64;
        let (department_name, department_name_en) = name_of(&m.department_code);
        let title_en = definition(&m).ok().and_then(|d| d.title_en);
        datasets.push(DatasetRow {
            can_upload: may_upload(user, &m),
            department_name,
            department_name_en,
            title_en,
            code: m.code,
            title: m.title,
            department: m.department_code,
            public: m.public,
            record_count,
            last_ingest_at: m.last_ingest_at.map(|t| t.to_rfc3339()),
            quality,
        });
    }
    datasets.sort_by(|a, b| b.quality.overall.total_cmp(&a.quality.overall));
    let mut by_dept: HashMap<String, Vec<f64>> = HashMap::new();
    for d in &datasets {
        by_dept
            .entry(d.department.clone())
            .or_default()
            .push(d.quality.overall);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let mut departments: Vec<DepartmentQuality> = by_dept
        .into_iter()
        .map(|(code, scores)| DepartmentQuality {
            name: name_of(&code).0,
            name_en: name_of(&code).1,
            department: code,
            datasets: scores.len() as u64,
            overall: mean(&scores),
        })
        .collect();
    departments.sort_by(|a, b| b.overall.total_cmp(&a.overall));
    let all: Vec<f64> = datasets.iter().map(|d| d.quality.overall).collect();
    Ok(DataSummary {
        province_overall: (!all.is_empty()).then(|| mean(&all)),
        datasets,
        departments,
    })
}

/// A department's steward, or an administrator.
pub fn may_upload(user: &SessionUser, model: &dataset::Model) -> bool {
    user.role == Role::Admin
        || (user.role == Role::Steward
            && user.department.as_deref() == Some(model.department_code.as_str()))
}

/// A steward's upload from the UI: the same checks and report as the API.
pub async fn upload(
    db: &DatabaseConnection,
    user: &SessionUser,
    code: &str,
    csv: &str,
) -> AppResult<IngestReport> {
    let model = find(db, code).await?;
    if !may_upload(user, &model) {
        return Err(AppError::Forbidden);
    }
    let def = definition(&model)?;
    let parsed = super::parse::csv(csv.as_bytes(), &def);
    let rows = parsed.rows.len() + parsed.rejected.len();
    if rows > MAX_ROWS {
        return Err(AppError::TooLarge(tr!(
            "{rows} dòng; mỗi lần tải lên tối đa {MAX_ROWS} dòng",
            "{rows} rows; upload at most {MAX_ROWS} rows at a time"
        )));
    }
    let req = IngestRequest {
        actor: &user.email,
        source: "upload",
        partial: false,
        idempotency_key: None,
        writer: None,
    };
    Ok(ingest(db, &model, parsed, req).await?.1)
}
