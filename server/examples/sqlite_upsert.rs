//! SQLite's own upsert rate for the rows `bench/ingest.mjs` pushes, stored as `ioc` stores
//! them (the same table, indexes, key and JSON), through the same driver (sqlx, as in
//! sea-orm) and pragmas, without HTTP, parsing or validation: 10,000-row transactions of
//! prepared multi-row `INSERT … ON CONFLICT DO UPDATE`. The floor `bench/ingest.sh`
//! compares the server with (issue 23: within 3×).
//!
//! cargo run --release --example sqlite_upsert -- FILE ROWS

use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait, Value};
use std::time::Instant;

const BATCH: usize = 10_000;
/// Rows a statement: 7 values each, under SQLite's 32,766 bound parameters.
const PER_STATEMENT: usize = 500;
const UNITS: [&str; 8] = ["747", "748", "750", "751", "752", "753", "754", "755"];

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(file), Some(rows)) = (args.next(), args.next()) else {
        eprintln!("usage: sqlite_upsert FILE ROWS");
        std::process::exit(2);
    };
    let rows: usize = rows.parse()?;
    let db = server::db::connect(&format!("sqlite://{file}?mode=rwc")).await?;
    server::db::migrate(&db).await?;
    server::seed::seed_demo_with(&db, &[], &|_| {}).await?;
    let def = serde_json::from_value(serde_json::json!({
        "code": "own", "title": "SQLite alone", "frequency": "daily",
        "fields": [
            {"name": "district_code", "type": "unit", "required": true},
            {"name": "day", "type": "period", "required": true},
            {"name": "site", "type": "integer", "required": true, "min": 0, "indexed": true},
            {"name": "value", "type": "decimal", "min": 0},
            {"name": "status", "type": "enum", "values": ["ok", "check"]}],
        "key": ["district_code", "day", "site"]}))?;
    let (model, _) = server::modules::datasets::store::define(&db, "bench", "SDL", def).await?;

    let head = "INSERT INTO dataset_record \
                (dataset_id, record_key, unit_code, period, data, batch_id, updated_at) VALUES ";
    let tail =
        " ON CONFLICT (dataset_id, record_key) DO UPDATE SET unit_code = excluded.unit_code, \
                period = excluded.period, data = excluded.data, batch_id = excluded.batch_id, \
                updated_at = excluded.updated_at";
    let statement = |n: usize| {
        let mut sql = String::from(head);
        for i in 0..n {
            sql.push_str(if i == 0 {
                "(?,?,?,?,?,?,?)"
            } else {
                ",(?,?,?,?,?,?,?)"
            });
        }
        sql + tail
    };
    let full = statement(PER_STATEMENT);
    let day0 = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).ok_or("date")?;
    let now = chrono::Utc::now();
    let mut spent = std::time::Duration::ZERO;
    // Each batch's time: whether SQLite itself slows down as the table grows.
    let mut times = Vec::new();
    let mut done = 0;
    while done < rows {
        // The batch's values are made before its clock starts, as the bench's CSV is.
        let n = BATCH.min(rows - done);
        let mut values: Vec<Value> = Vec::with_capacity(n * 7);
        for i in 0..n {
            let k = done + i;
            let unit = UNITS[k % 8];
            let day = (day0 + chrono::Days::new((k / 800) as u64)).to_string();
            let site = (k / 8) % 100;
            let data = serde_json::json!({
                "day": day, "district_code": unit, "site": site,
                "status": if k % 13 == 0 { "check" } else { "ok" },
                "value": (k % 997) as f64 / 10.0,
            })
            .to_string();
            values.extend([
                model.id.into(),
                format!("{unit}\u{1f}{day}\u{1f}{site}").into(),
                unit.into(),
                day.into(),
                data.into(),
                0i64.into(),
                now.into(),
            ]);
        }
        let statements: Vec<Statement> = values
            .chunks(PER_STATEMENT * 7)
            .map(|chunk| {
                let sql = if chunk.len() == PER_STATEMENT * 7 {
                    full.clone()
                } else {
                    statement(chunk.len() / 7)
                };
                Statement::from_sql_and_values(DbBackend::Sqlite, sql, chunk.to_vec())
            })
            .collect();
        let start = Instant::now();
        let txn = db.begin().await?;
        for s in statements {
            txn.execute_raw(s).await?;
        }
        txn.commit().await?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        spent += start.elapsed();
        done += n;
    }
    let secs = spent.as_secs_f64();
    let ten = (times.len() / 2).min(10);
    if ten > 0 {
        let avg = |xs: &[f64]| xs.iter().sum::<f64>() / xs.len() as f64;
        let (first, last) = (avg(&times[..ten]), avg(&times[times.len() - ten..]));
        println!(
            "sqlite alone per batch: first {ten} {first:.0} ms, last {ten} {last:.0} ms (×{:.2})",
            last / first
        );
    }
    println!(
        "sqlite alone (same driver, table and indexes, no HTTP): {rows} rows in {secs:.2} s = {} rows/s",
        (rows as f64 / secs) as u64
    );
    Ok(())
}
