//! "Đủ, Đúng, Sạch, Sống": four scores per dataset, recomputed on ingest and stored.

use super::store;
use crate::auth::internal;
use crate::db::entity::{admin_unit, dataset, dataset_record, ingest_batch};
use app::error::AppResult;
use app::modules::datasets::model::{Quality, Score};
use app::modules::datasets::schema;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};

fn score(numerator: u64, denominator: u64) -> Score {
    Score {
        score: if denominator == 0 {
            1.0
        } else {
            numerator as f64 / denominator as f64
        },
        numerator,
        denominator,
    }
}

/// Sống: full marks within the expected frequency, falling linearly to 0 at four periods.
pub fn live_score(age_days: Option<f64>, max_age_days: i64) -> f64 {
    match age_days {
        None => 0.0,
        Some(age) if age <= max_age_days as f64 => 1.0,
        Some(age) => (1.0 - (age - max_age_days as f64) / (3.0 * max_age_days as f64)).max(0.0),
    }
}

/// Inputs of the four scores, gathered from the database; kept apart so that the
/// arithmetic is tested on small hand-made numbers.
pub struct Counts {
    /// (unit, period) cells present.
    pub cells_present: u64,
    pub cells_expected: u64,
    pub received: u64,
    pub invalid: u64,
    pub duplicates_and_conflicts: u64,
    pub last_update: Option<DateTime<Utc>>,
    pub max_age_days: i64,
}

pub fn compute(c: &Counts, now: DateTime<Utc>) -> Quality {
    let age_days = c
        .last_update
        .map(|t| (now - t).num_seconds() as f64 / 86_400.0);
    let live = live_score(age_days, c.max_age_days);
    let complete = score(c.cells_present.min(c.cells_expected), c.cells_expected);
    let correct = score(c.received - c.invalid.min(c.received), c.received);
    let clean = score(
        c.received - c.duplicates_and_conflicts.min(c.received),
        c.received,
    );
    let live_s = Score {
        score: live,
        numerator: u64::from(live >= 1.0),
        denominator: 1,
    };
    let overall = (complete.score + correct.score + clean.score + live_s.score) / 4.0;
    Quality {
        complete,
        correct,
        clean,
        live: live_s,
        age_days,
        overall,
    }
}

/// The scores' inputs, from what each batch keeps (the dataset's cells and running totals):
/// the same work for ten rows or ten million.
pub async fn counts<C: ConnectionTrait>(db: &C, model: &dataset::Model) -> AppResult<Counts> {
    let def = store::definition(model)?;
    // Each bound looked up in the (dataset, period) index, not by reading every cell.
    let row = db
        .query_one_raw(for_dataset(
            db,
            "SELECT (SELECT MIN(period) FROM dataset_cell WHERE dataset_id = $1 AND period > ''), \
             (SELECT MAX(period) FROM dataset_cell WHERE dataset_id = $1 AND period > '')",
            model.id,
        ))
        .await
        .map_err(internal)?;
    let (first, last) = match row {
        Some(r) => (
            r.try_get_by_index::<Option<String>>(0).map_err(internal)?,
            r.try_get_by_index::<Option<String>>(1).map_err(internal)?,
        ),
        None => (None, None),
    };
    let cells_present = model.cell_count.max(0) as u64;
    Ok(assemble(
        &def,
        model,
        cells_present,
        first,
        last,
        &expected_units(db, model).await?,
    ))
}

/// The same inputs counted from the rows and batches themselves: slow on a large dataset,
/// kept to verify and repair what the batches keep (see [`rebuild`]).
pub async fn recount<C: ConnectionTrait>(db: &C, model: &dataset::Model) -> AppResult<Counts> {
    let def = store::definition(model)?;
    // Here only: its min/max would shadow Ord's on numbers elsewhere in this file.
    use sea_orm::sea_query::ExprTrait;
    let distinct_cells = Query::select()
        .distinct()
        .column(dataset_record::Column::UnitCode)
        .column(dataset_record::Column::Period)
        .from(dataset_record::Entity)
        .and_where(Expr::col(dataset_record::Column::DatasetId).eq(model.id))
        .to_owned();
    let count = Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_subquery(distinct_cells, Alias::new("cells"))
        .to_owned();
    let cells_present = db
        .query_one(&count)
        .await
        .map_err(internal)?
        .and_then(|r| r.try_get_by_index::<i64>(0).ok())
        .unwrap_or(0) as u64;
    let span: Option<(Option<String>, Option<String>)> = dataset_record::Entity::find()
        .select_only()
        .column_as(Expr::col(dataset_record::Column::Period).min(), "first")
        .column_as(Expr::col(dataset_record::Column::Period).max(), "last")
        .filter(dataset_record::Column::DatasetId.eq(model.id))
        .into_tuple()
        .one(db)
        .await
        .map_err(internal)?;
    let (first, last) = span.unwrap_or_default();
    let batches = ingest_batch::Entity::find()
        .filter(ingest_batch::Column::DatasetId.eq(model.id))
        .all(db)
        .await
        .map_err(internal)?;
    let mut totals = model.clone();
    totals.rows_received = batches.iter().map(|b| b.received).sum();
    totals.rows_repeated = batches.iter().map(|b| b.duplicates + b.conflicts).sum();
    totals.rows_rejected = batches.iter().map(|b| b.rejected).sum();
    Ok(assemble(
        &def,
        &totals,
        cells_present,
        first,
        last,
        &expected_units(db, model).await?,
    ))
}

/// Expected periods: from the first to the last present; expected units: every unit valid
/// on the reference date at each level the dataset's rows use.
fn assemble(
    def: &app::modules::datasets::model::DatasetDef,
    model: &dataset::Model,
    cells_present: u64,
    first: Option<String>,
    last: Option<String>,
    expected: &[admin_unit::Model],
) -> Counts {
    let expected_periods = match (first, last) {
        (Some(first), Some(last)) => {
            schema::periods_between(&first, &last, def.frequency).len() as u64
        }
        _ => 1,
    };
    let expected_units = expected.len().max(1) as u64;
    let received = model.rows_received.max(0) as u64;
    let dup = model.rows_repeated.max(0);
    Counts {
        // A unit no longer in force can add cells; completeness stays at most 100 %.
        cells_present: std::cmp::min(cells_present, expected_units * expected_periods),
        cells_expected: expected_units * expected_periods,
        received,
        invalid: std::cmp::max(model.rows_rejected - dup, 0) as u64,
        duplicates_and_conflicts: dup as u64,
        last_update: model.last_ingest_at,
        max_age_days: def.frequency.max_age_days(),
    }
}

/// Rebuilds what the batches keep (cells and running totals) from the rows and batches
/// themselves, in one transaction, and marks the quality due: the repair, and the
/// reference the tests compare the batches' bookkeeping with.
pub async fn rebuild<C: crate::db::Conn>(db: &C, dataset_id: i32) -> AppResult<()> {
    let txn = db.begin().await.map_err(internal)?;
    for sql in [
        "DELETE FROM dataset_cell WHERE dataset_id = ?",
        "INSERT INTO dataset_cell (dataset_id, unit_code, period, row_count) \
         SELECT dataset_id, COALESCE(unit_code, ''), COALESCE(period, ''), COUNT(*) \
         FROM dataset_record WHERE dataset_id = ? \
         GROUP BY dataset_id, COALESCE(unit_code, ''), COALESCE(period, '')",
        "UPDATE dataset SET \
         rows_received = COALESCE((SELECT SUM(received) FROM ingest_batch b WHERE b.dataset_id = dataset.id), 0), \
         rows_rejected = COALESCE((SELECT SUM(rejected) FROM ingest_batch b WHERE b.dataset_id = dataset.id), 0), \
         rows_repeated = COALESCE((SELECT SUM(duplicates + conflicts) FROM ingest_batch b WHERE b.dataset_id = dataset.id), 0), \
         cell_count = (SELECT COUNT(*) FROM dataset_cell c WHERE c.dataset_id = dataset.id), \
         record_count = (SELECT COUNT(*) FROM dataset_record r WHERE r.dataset_id = dataset.id), \
         quality_version = quality_version + 1 \
         WHERE id = ?",
    ] {
        txn.execute_raw(for_dataset(&txn, sql, dataset_id))
            .await
            .map_err(internal)?;
    }
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// A statement whose one parameter is a dataset's id (`$1`, or a first `?` read as `$1` on
/// PostgreSQL).
fn for_dataset<C: ConnectionTrait>(db: &C, sql: &str, id: i32) -> Statement {
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => sql.replacen('?', "$1", 1),
        _ => sql.to_string(),
    };
    Statement::from_sql_and_values(backend, sql, [id.into()])
}

/// The distinct unit codes a dataset's rows use.
async fn units_used<C: ConnectionTrait>(db: &C, model: &dataset::Model) -> AppResult<Vec<String>> {
    let rows = db
        .query_all_raw(for_dataset(
            db,
            // One index lookup per unit used (a loose index scan), not a read of every cell.
            "WITH RECURSIVE u(code) AS ( \
               SELECT MIN(unit_code) FROM dataset_cell WHERE dataset_id = $1 AND unit_code > '' \
               UNION ALL \
               SELECT (SELECT MIN(unit_code) FROM dataset_cell \
                       WHERE dataset_id = $1 AND unit_code > u.code) \
               FROM u WHERE u.code IS NOT NULL) \
             SELECT code FROM u WHERE code IS NOT NULL",
            model.id,
        ))
        .await
        .map_err(internal)?;
    rows.iter()
        .map(|r| r.try_get_by_index::<String>(0).map_err(internal))
        .collect()
}

/// The units expected to report: those valid on the reference date at every level the
/// dataset's rows use (province and district rows: 1 + 8). Empty when rows carry no unit.
pub async fn expected_units<C: ConnectionTrait>(
    db: &C,
    model: &dataset::Model,
) -> AppResult<Vec<admin_unit::Model>> {
    let used = units_used(db, model).await?;
    if used.is_empty() {
        return Ok(vec![]);
    }
    let all = admin_unit::Entity::find().all(db).await.map_err(internal)?;
    let mut levels: Vec<&str> = all
        .iter()
        .filter(|u| used.contains(&u.code))
        .map(|u| u.level.as_str())
        .collect();
    levels.sort_unstable();
    levels.dedup();
    let as_of = crate::registry::default_as_of(db).await?;
    let mut out = Vec::new();
    for level in levels.into_iter().filter_map(app::model::UnitLevel::parse) {
        out.extend(crate::registry::units(db, Some(level), None, &as_of).await?);
    }
    Ok(out)
}

/// Where a dataset falls short: the missing unit × period cells and the rejected rows.
pub async fn detail(
    db: &DatabaseConnection,
    model: &dataset::Model,
) -> AppResult<app::modules::datasets::model::QualityDetail> {
    use app::modules::datasets::model::{MissingCell, QualityDetail, RejectedRow, Rejection};
    const LIMIT: usize = 500;
    let def = store::definition(model)?;
    let present: std::collections::HashSet<(Option<String>, Option<String>)> =
        dataset_record::Entity::find()
            .select_only()
            .column(dataset_record::Column::UnitCode)
            .column(dataset_record::Column::Period)
            .distinct()
            .filter(dataset_record::Column::DatasetId.eq(model.id))
            .into_tuple()
            .all(db)
            .await
            .map_err(internal)?
            .into_iter()
            .collect();
    let periods: Vec<&String> = present.iter().filter_map(|(_, p)| p.as_ref()).collect();
    let expected_periods = match (periods.iter().min(), periods.iter().max()) {
        (Some(first), Some(last)) => schema::periods_between(first, last, def.frequency),
        _ => vec![],
    };
    let units = expected_units(db, model).await?;
    let mut missing = Vec::new();
    let mut missing_total = 0u64;
    for p in &expected_periods {
        for u in &units {
            if !present.contains(&(Some(u.code.clone()), Some(p.clone()))) {
                missing_total += 1;
                if missing.len() < LIMIT {
                    missing.push(MissingCell {
                        unit: u.code.clone(),
                        unit_name: u.name.clone(),
                        period: p.clone(),
                    });
                }
            }
        }
    }
    let batches = ingest_batch::Entity::find()
        .filter(ingest_batch::Column::DatasetId.eq(model.id))
        .filter(ingest_batch::Column::Rejected.gt(0))
        .order_by_desc(ingest_batch::Column::Id)
        .all(db)
        .await
        .map_err(internal)?;
    let mut rejected = Vec::new();
    let mut rejected_total = 0u64;
    for b in &batches {
        let list: Vec<Rejection> = serde_json::from_str(&b.rejections).unwrap_or_default();
        rejected_total += list.len() as u64;
        for r in list {
            if rejected.len() < LIMIT {
                rejected.push(RejectedRow {
                    batch_id: b.id,
                    received_at: b.received_at.to_rfc3339(),
                    actor: b.actor.clone(),
                    committed: b.committed,
                    rejection: r,
                });
            }
        }
    }
    Ok(QualityDetail {
        dataset: model.code.clone(),
        title: model.title.clone(),
        missing,
        missing_total,
        rejected,
        rejected_total,
    })
}

/// Recomputes and stores a dataset's quality. Stored only if no batch arrived while it
/// counted: a recount that finishes late never overwrites a newer one.
pub async fn refresh<C: ConnectionTrait>(db: &C, dataset_id: i32) -> AppResult<Quality> {
    let model = dataset::Entity::find_by_id(dataset_id)
        .one(db)
        .await
        .map_err(internal)?
        .ok_or_else(|| app::error::AppError::NotFound("dataset".into()))?;
    let q = compute(&counts(db, &model).await?, Utc::now());
    dataset::Entity::update_many()
        .col_expr(
            dataset::Column::Quality,
            Expr::value(serde_json::to_string(&q).map_err(internal)?),
        )
        .col_expr(
            dataset::Column::QualityChecked,
            Expr::value(model.quality_version),
        )
        .filter(dataset::Column::Id.eq(model.id))
        .filter(dataset::Column::QualityVersion.eq(model.quality_version))
        .exec(db)
        .await
        .map_err(internal)?;
    Ok(q)
}

/// Recounts the datasets whose stored quality is behind their batches (a server stopped
/// between a batch and its recount, or the recount failed). Returns how many.
pub async fn heal(db: &DatabaseConnection) -> AppResult<usize> {
    let behind: Vec<i32> = dataset::Entity::find()
        .select_only()
        .column(dataset::Column::Id)
        .filter(Expr::cust("quality_checked <> quality_version"))
        .into_tuple()
        .all(db)
        .await
        .map_err(internal)?;
    for id in &behind {
        refresh(db, *id).await?;
    }
    Ok(behind.len())
}

/// Heals stale quality once a minute, for as long as the server runs (safe on every copy:
/// each recount stores only a current result).
pub async fn heal_loop(db: DatabaseConnection) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match heal(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(datasets = n, "data quality recounted"),
            Err(e) => tracing::warn!(error = %e, "data quality recount failed"),
        }
    }
}

/// The quality stored at the last ingest with Sống brought up to now: no table scan,
/// for pages that list many datasets.
pub fn stored(model: &dataset::Model, max_age_days: i64) -> Quality {
    let mut q: Quality = model
        .quality
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_else(|| {
            compute(
                &Counts {
                    cells_present: 0,
                    cells_expected: 1,
                    received: 0,
                    invalid: 0,
                    duplicates_and_conflicts: 0,
                    last_update: None,
                    max_age_days,
                },
                Utc::now(),
            )
        });
    let age_days = model
        .last_ingest_at
        .map(|t| (Utc::now() - t).num_seconds() as f64 / 86_400.0);
    let live = live_score(age_days, max_age_days);
    q.live = score(u64::from(live >= 1.0), 1);
    q.live.score = live;
    q.age_days = age_days;
    q.overall = (q.complete.score + q.correct.score + q.clean.score + live) / 4.0;
    q
}

/// The quality as of now: the stored counts, with Sống recomputed for today.
pub async fn current(db: &DatabaseConnection, model: &dataset::Model) -> AppResult<Quality> {
    Ok(compute(&counts(db, model).await?, Utc::now()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_from_counts_computed_by_hand() {
        let now = Utc::now();
        let c = Counts {
            cells_present: 90,
            cells_expected: 96, // 8 districts × 12 months
            received: 100,
            invalid: 4,
            duplicates_and_conflicts: 2,
            last_update: Some(now - chrono::Duration::days(10)),
            max_age_days: 31,
        };
        let q = compute(&c, now);
        assert_eq!(q.complete.score, 90.0 / 96.0);
        assert_eq!(q.correct.score, 0.96);
        assert_eq!(q.clean.score, 0.98);
        assert_eq!(q.live.score, 1.0);
        assert!((q.overall - (90.0 / 96.0 + 0.96 + 0.98 + 1.0) / 4.0).abs() < 1e-12);
    }

    #[test]
    fn liveness_decays_after_the_expected_frequency() {
        assert_eq!(live_score(Some(31.0), 31), 1.0);
        assert!((live_score(Some(31.0 + 46.5), 31) - 0.5).abs() < 1e-9);
        assert_eq!(live_score(Some(1000.0), 31), 0.0);
        assert_eq!(live_score(None, 31), 0.0);
    }
}
