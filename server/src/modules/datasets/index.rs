//! Indexes on the fields a dataset declares `indexed`, so a filter on such a field reads
//! the rows it matches instead of every row's JSON. One partial index per field and dataset
//! (`WHERE dataset_id = N`) on the very expression the query API filters by
//! (`query::field_expr`), then `id`: the matching rows come in their own order, as pages
//! want them. Kept in step with the definition each time it is stored.

use super::query::field_expr;
use crate::auth::internal;
use app::error::AppResult;
use app::modules::datasets::model::{DatasetDef, FieldType};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

const PREFIX: &str = "ix_dsf_";

/// The index's name: the dataset's id and a hash of the field's name and type (the
/// expression differs by type), short enough for PostgreSQL's 63 characters.
fn name(dataset_id: i32, field: &str, kind: FieldType) -> String {
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    let mut h: u32 = 0x811c_9dc5;
    for b in field
        .bytes()
        .chain([0])
        .chain(app::modules::datasets::schema::type_name(kind).bytes())
    {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{PREFIX}{dataset_id}_{h:08x}")
}

/// The field indexes the definition wants: name → CREATE statement.
fn wanted(backend: DbBackend, dataset_id: i32, def: &DatasetDef) -> Vec<(String, String)> {
    def.fields
        .iter()
        // Unit and period have columns of their own, already indexed.
        .filter(|f| f.indexed && !matches!(f.kind, FieldType::Unit | FieldType::Period))
        .map(|f| {
            let expr = field_expr(backend, f);
            let name = name(dataset_id, &f.name, f.kind);
            let sql = format!(
                "CREATE INDEX IF NOT EXISTS {name} ON dataset_record ({expr}, id) \
                 WHERE dataset_id = {dataset_id}"
            );
            (name, sql)
        })
        .collect()
}

/// This dataset's field indexes as they are.
async fn present<C: ConnectionTrait>(db: &C, dataset_id: i32) -> AppResult<Vec<String>> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT indexname FROM pg_indexes WHERE tablename = 'dataset_record' \
             AND schemaname = current_schema()"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'dataset_record'",
    };
    let rows = db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .map_err(internal)?;
    let mine = format!("{PREFIX}{dataset_id}_");
    Ok(rows
        .into_iter()
        .filter_map(|r| r.try_get_by_index::<String>(0).ok())
        .filter(|n| n.starts_with(&mine))
        .collect())
}

/// Creates the indexes the definition wants and drops the ones it no longer does. Building
/// one reads every row of the dataset once. Safe when two servers store the same definition
/// at once: `IF NOT EXISTS` / `IF EXISTS`, and a lost race is checked, not failed.
pub async fn sync<C: ConnectionTrait>(db: &C, dataset_id: i32, def: &DatasetDef) -> AppResult<()> {
    let backend = db.get_database_backend();
    let want = wanted(backend, dataset_id, def);
    let have = present(db, dataset_id).await?;
    for name in have.iter().filter(|n| !want.iter().any(|(w, _)| w == *n)) {
        db.execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
            .await
            .map_err(internal)?;
    }
    for (name, sql) in want.iter().filter(|(w, _)| !have.contains(w)) {
        if let Err(e) = db.execute_unprepared(sql).await {
            // PostgreSQL may refuse the second of two simultaneous CREATEs of one name.
            if !present(db, dataset_id).await?.contains(name) {
                return Err(internal(e));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fit_postgres_and_differ_by_type() {
        let long = "a".repeat(64);
        let n = name(i32::MAX, &long, FieldType::Integer);
        assert!(n.len() <= 63, "{n}");
        assert_ne!(n, name(i32::MAX, &long, FieldType::Text));
        assert_ne!(name(7, "a", FieldType::Text), name(7, "b", FieldType::Text));
    }
}
