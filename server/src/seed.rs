//! Demo data: the province of Bà Rịa–Vũng Tàu as it was in 2021–2024. Reference data
//! (units, boundaries, places, departments) comes from the files in `server/data/brvt/`
//! (sources and licences in SOURCES.md); the monthly figures are generated, consistent
//! with the province's published yearly totals where those exist, and marked as demo.

use crate::auth::{self, internal};
use crate::db::entity::{admin_unit, department, metric_observation, place};
use crate::modules::overview::store as metrics;
use app::error::AppResult;
use app::model::Role;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait, Set, TransactionTrait};

const DISTRICTS_GEOJSON: &str = include_str!("../data/brvt/brvt_districts.geojson");
const PROVINCE_GEOJSON: &str = include_str!("../data/brvt/brvt_province.geojson");
pub(crate) const POI_GEOJSON: &str = include_str!("../data/brvt/brvt_poi_osm.geojson");
const UNITS_JSON: &str = include_str!("../data/brvt/brvt_admin_units.json");

/// The span in which the 8-district structure of these files was in force.
const STRUCTURE_FROM: &str = "2018-08-01";
const STRUCTURE_TO: &str = "2025-01-01";
const PROVINCE_TO: &str = "2025-07-01";
const SOURCE: &str = "demo (generated)";

/// Demo accounts, one per role that signs in. Printed at seeding and in the README: demo only.
pub const DEMO_USERS: [(&str, &str, Role, Option<&str>, &str); 4] = [
    (
        "official@demo.ioc.vn",
        "Cán bộ (demo)",
        Role::Official,
        None,
        "demo-official-2024",
    ),
    (
        "steward@demo.ioc.vn",
        "Quản lý dữ liệu Sở Du lịch (demo)",
        Role::Steward,
        Some("SDL"),
        "demo-steward-2024",
    ),
    (
        "steward.health@demo.ioc.vn",
        "Quản lý dữ liệu Sở Y tế (demo)",
        Role::Steward,
        Some("SYT"),
        "demo-health-2024",
    ),
    (
        "admin@demo.ioc.vn",
        "Quản trị viên (demo)",
        Role::Admin,
        None,
        "demo-admin-2024",
    ),
];

/// A plausible set of 14 departments (demo): code, Vietnamese name, English name.
const DEPARTMENTS: [(&str, &str, &str); 14] = [
    (
        "VPUBND",
        "Văn phòng UBND tỉnh",
        "Office of the Provincial People's Committee",
    ),
    (
        "STTTT",
        "Sở Thông tin và Truyền thông",
        "Department of Information and Communications",
    ),
    (
        "SKHDT",
        "Sở Kế hoạch và Đầu tư",
        "Department of Planning and Investment",
    ),
    ("STC", "Sở Tài chính", "Department of Finance"),
    ("SYT", "Sở Y tế", "Department of Health"),
    (
        "SGDDT",
        "Sở Giáo dục và Đào tạo",
        "Department of Education and Training",
    ),
    ("SDL", "Sở Du lịch", "Department of Tourism"),
    (
        "STNMT",
        "Sở Tài nguyên và Môi trường",
        "Department of Natural Resources and Environment",
    ),
    ("SNV", "Sở Nội vụ", "Department of Home Affairs"),
    ("STP", "Sở Tư pháp", "Department of Justice"),
    ("SCT", "Sở Công Thương", "Department of Industry and Trade"),
    (
        "SLDTBXH",
        "Sở Lao động – Thương binh và Xã hội",
        "Department of Labour, Invalids and Social Affairs",
    ),
    ("SGTVT", "Sở Giao thông Vận tải", "Department of Transport"),
    ("CAT", "Công an tỉnh", "Provincial Police"),
];

/// Population 2014 (province facts) and the demo share of tourist visits.
pub const DISTRICT_FIGURES: [(&str, i64, f64); 8] = [
    ("747", 314_919, 0.55),
    ("748", 100_698, 0.06),
    ("750", 152_343, 0.04),
    ("751", 142_876, 0.12),
    ("752", 133_074, 0.08),
    ("753", 73_886, 0.06),
    ("754", 136_291, 0.05),
    ("755", 5_450, 0.04),
];

/// Tourist visits per year: 2023 and 2024 as published; 2021 and 2022 are demo estimates.
const VISITORS_PER_YEAR: [(i32, f64); 4] = [
    (2021, 5_200_000.0),
    (2022, 12_300_000.0),
    (2023, 14_110_000.0),
    (2024, 16_120_000.0),
];

/// Steps of the province's own seed, for progress display (each module's seed is one more).
pub const PROVINCE_STEPS: u64 = 6;

/// What happened, for the CLI to print.
#[derive(Debug, Default)]
pub struct SeedReport {
    pub seeded: bool,
    pub units: usize,
    pub departments: usize,
    pub places: usize,
    pub observations: usize,
    pub users: Vec<(String, String, Role)>,
    /// The modules whose demo data this run loaded.
    pub modules: Vec<&'static str>,
}

/// Whether the database holds the demo province (its departments are marked demo).
pub async fn is_demo(db: &DatabaseConnection) -> bool {
    use sea_orm::{ColumnTrait, QueryFilter};
    department::Entity::find()
        .filter(department::Column::Demo.eq(true))
        .count(db)
        .await
        .is_ok_and(|n| n > 0)
}

/// Loads the demo data: the province (if the database has no departments yet), then each
/// module's part that is not loaded yet.
pub async fn seed_demo(db: &DatabaseConnection, progress: &dyn Fn(&str)) -> AppResult<SeedReport> {
    seed_demo_with(db, &crate::modules::all(), progress).await
}

/// [`seed_demo`] for a given list of modules.
pub async fn seed_demo_with(
    db: &DatabaseConnection,
    modules: &[std::sync::Arc<dyn crate::module::ServerModule>],
    progress: &dyn Fn(&str),
) -> AppResult<SeedReport> {
    let mut report = seed_province(db, progress).await?;
    if report.seeded || is_demo(db).await {
        report.modules = seed_modules(db, modules, progress).await?;
    }
    Ok(report)
}

/// Each module's demo data, in the module's own transaction with its row in `demo_seed`:
/// a module whose seed fails leaves nothing and is seeded by the next run; a module
/// already seeded is skipped.
pub async fn seed_modules(
    db: &DatabaseConnection,
    modules: &[std::sync::Arc<dyn crate::module::ServerModule>],
    progress: &dyn Fn(&str),
) -> AppResult<Vec<&'static str>> {
    use sea_orm::{ConnectionTrait, Statement};
    let backend = db.get_database_backend();
    let mut seeded = Vec::new();
    for m in modules.iter().filter(|m| m.has_demo_seed()) {
        let done = db
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                match backend {
                    sea_orm::DbBackend::Postgres => {
                        "SELECT 1 AS one FROM demo_seed WHERE module = $1"
                    }
                    _ => "SELECT 1 AS one FROM demo_seed WHERE module = ?",
                },
                [m.name().into()],
            ))
            .await
            .map_err(internal)?
            .is_some();
        if done {
            continue;
        }
        progress(m.name());
        let txn = db.begin().await.map_err(internal)?;
        // An error returns before the commit: the transaction is dropped, rolled back.
        m.demo_seed(&txn).await?;
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            match backend {
                sea_orm::DbBackend::Postgres => {
                    "INSERT INTO demo_seed (module, seeded_at) VALUES ($1, $2)"
                }
                _ => "INSERT INTO demo_seed (module, seeded_at) VALUES (?, ?)",
            },
            [m.name().into(), chrono::Utc::now().into()],
        ))
        .await
        .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        seeded.push(m.name());
    }
    Ok(seeded)
}

/// The province itself (departments, units, places, monthly figures, demo users), if the
/// database has no departments yet.
async fn seed_province(db: &DatabaseConnection, progress: &dyn Fn(&str)) -> AppResult<SeedReport> {
    if department::Entity::find()
        .count(db)
        .await
        .map_err(internal)?
        > 0
    {
        return Ok(SeedReport::default());
    }
    let txn = db.begin().await.map_err(internal)?;
    let mut report = SeedReport {
        seeded: true,
        ..Default::default()
    };

    progress("departments");
    let deps: Vec<department::ActiveModel> = DEPARTMENTS
        .iter()
        .map(|(code, name, name_en)| department::ActiveModel {
            code: Set(code.to_string()),
            name: Set(name.to_string()),
            name_en: Set(name_en.to_string()),
            demo: Set(true),
        })
        .collect();
    report.departments = deps.len();
    department::Entity::insert_many(deps)
        .exec(&txn)
        .await
        .map_err(internal)?;

    progress("administrative units and boundaries");
    let units = unit_rows().map_err(internal)?;
    report.units = units.len();
    insert_chunked(&txn, units).await?;

    progress("places");
    let places = place_rows().map_err(internal)?;
    report.places = places.len();
    insert_chunked(&txn, places).await?;

    progress("monthly figures 2021–2024");
    let observations = observation_rows();
    report.observations = observations.len();
    insert_chunked(&txn, observations).await?;

    txn.commit().await.map_err(internal)?;

    progress("demo users");
    for (email, name, role, dept, password) in DEMO_USERS {
        auth::create_user(db, "seed", email, name, role, dept, password).await?;
        report
            .users
            .push((email.to_string(), password.to_string(), role));
    }
    progress("audit");
    crate::audit::record(
        db,
        "seed",
        "seed.demo",
        "database",
        serde_json::json!({ "units": report.units, "observations": report.observations }),
    )
    .await
    .map_err(internal)?;
    Ok(report)
}

/// Inserts in chunks that stay under every backend's bind-parameter limit.
async fn insert_chunked<A>(db: &sea_orm::DatabaseTransaction, rows: Vec<A>) -> AppResult<()>
where
    A: sea_orm::ActiveModelTrait + Clone + Send,
{
    for chunk in rows.chunks(200) {
        A::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .map_err(internal)?;
    }
    Ok(())
}

fn unit_rows() -> anyhow::Result<Vec<admin_unit::ActiveModel>> {
    let units: serde_json::Value = serde_json::from_str(UNITS_JSON)?;
    let districts: serde_json::Value = serde_json::from_str(DISTRICTS_GEOJSON)?;
    let province: serde_json::Value = serde_json::from_str(PROVINCE_GEOJSON)?;
    let geometry_of = |fc: &serde_json::Value, code: &str| -> Option<String> {
        fc["features"].as_array()?.iter().find_map(|f| {
            (f["properties"]["code"].as_str() == Some(code)).then(|| f["geometry"].to_string())
        })
    };
    let text = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    let row = |code: String,
               name: String,
               name_en: String,
               name_short: String,
               unit_type: String,
               level: &str,
               parent: Option<String>,
               population: Option<i64>,
               geometry: Option<String>,
               to: &str| admin_unit::ActiveModel {
        code: Set(code),
        name: Set(name),
        name_en: Set(name_en),
        name_short: Set(name_short),
        unit_type: Set(unit_type),
        level: Set(level.to_string()),
        parent_code: Set(parent),
        population: Set(population),
        geometry: Set(geometry),
        valid_from: Set(STRUCTURE_FROM.to_string()),
        valid_to: Set(Some(to.to_string())),
        ..Default::default()
    };

    let p = &units["province"];
    let pcode = text(p, "code");
    let total: i64 = DISTRICT_FIGURES.iter().map(|d| d.1).sum();
    let mut rows = vec![row(
        pcode.clone(),
        text(p, "name"),
        text(p, "name_en"),
        text(p, "name_short"),
        "Tỉnh".into(),
        "province",
        None,
        Some(total),
        geometry_of(&province, &pcode),
        PROVINCE_TO,
    )];
    for d in units["districts"].as_array().into_iter().flatten() {
        let code = text(d, "code");
        let population = DISTRICT_FIGURES.iter().find(|f| f.0 == code).map(|f| f.1);
        rows.push(row(
            code.clone(),
            text(d, "name"),
            text(d, "name_en"),
            text(d, "name_short"),
            text(d, "unit_type"),
            "district",
            Some(pcode.clone()),
            population,
            geometry_of(&districts, &code),
            STRUCTURE_TO,
        ));
        for c in d["communes"].as_array().into_iter().flatten() {
            rows.push(row(
                text(c, "code"),
                text(c, "name"),
                text(c, "name_en"),
                text(c, "name_short"),
                text(c, "unit_type"),
                "commune",
                Some(code.clone()),
                None,
                None,
                STRUCTURE_TO,
            ));
        }
    }
    Ok(rows)
}

fn place_rows() -> anyhow::Result<Vec<place::ActiveModel>> {
    let fc: serde_json::Value = serde_json::from_str(POI_GEOJSON)?;
    let mut rows = Vec::new();
    for f in fc["features"].as_array().into_iter().flatten() {
        let p = &f["properties"];
        let coords = &f["geometry"]["coordinates"];
        let (Some(lon), Some(lat)) = (coords[0].as_f64(), coords[1].as_f64()) else {
            continue;
        };
        let address = p["address_osm"]
            .as_str()
            .or(p["district_name"].as_str())
            .map(str::to_string);
        rows.push(place::ActiveModel {
            kind: Set(p["category"].as_str().unwrap_or("place").to_string()),
            name: Set(p["name"].as_str().unwrap_or_default().to_string()),
            lat: Set(lat),
            lon: Set(lon),
            address: Set(address),
            source: Set("© OpenStreetMap contributors, ODbL 1.0".to_string()),
            ..Default::default()
        });
    }
    Ok(rows)
}

/// A deterministic number in [0, 1) from a key: the same demo data on every machine.
pub fn noise(key: &str) -> f64 {
    // FNV-1a then splitmix64's finaliser.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// Relative weight of each month: Tết, the summer holidays and the 2021 lockdown.
fn season(year: i32, month: u32) -> f64 {
    const WEIGHTS: [f64; 12] = [1.0, 1.3, 0.8, 1.1, 1.0, 1.2, 1.3, 1.0, 0.7, 0.7, 0.7, 1.0];
    let base = WEIGHTS[(month - 1) as usize];
    match (year, month) {
        (2021, 7..=9) => base * 0.05,
        (2021, 10) => base * 0.3,
        _ => base,
    }
}

/// Spreads `total` over weighted cells as whole numbers that add up exactly to `total`.
pub fn apportion(total: f64, weights: &[f64]) -> Vec<f64> {
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 {
        return vec![0.0; weights.len()];
    }
    let mut out: Vec<f64> = weights.iter().map(|w| (total * w / sum).floor()).collect();
    let mut rest = (total - out.iter().sum::<f64>()).round() as i64;
    // Largest remainders first.
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|a, b| {
        let ra = total * weights[*a] / sum - out[*a];
        let rb = total * weights[*b] / sum - out[*b];
        rb.partial_cmp(&ra).unwrap_or(std::cmp::Ordering::Equal)
    });
    for i in order.into_iter().cycle() {
        if rest <= 0 {
            break;
        }
        out[i] += 1.0;
        rest -= 1;
    }
    out
}

pub(crate) fn observation_rows() -> Vec<metric_observation::ActiveModel> {
    let mut rows = Vec::new();
    let mut push = |metric: &str, unit: &str, year: i32, month: u32, value: f64| {
        rows.push(metric_observation::ActiveModel {
            metric: Set(metric.to_string()),
            unit_code: Set(unit.to_string()),
            period: Set(format!("{year:04}-{month:02}")),
            value: Set(value),
            source: Set(SOURCE.to_string()),
            demo: Set(true),
            ..Default::default()
        });
    };
    for (year, total) in VISITORS_PER_YEAR {
        // Cells: district × month, weighted by share, season and ±10% noise.
        let mut cells = Vec::new();
        let mut weights = Vec::new();
        for (code, _, share) in DISTRICT_FIGURES {
            for month in 1..=12u32 {
                let n = 0.9 + 0.2 * noise(&format!("visitors/{code}/{year}/{month}"));
                cells.push((code, month));
                weights.push(share * season(year, month) * n);
            }
        }
        for ((code, month), v) in cells.into_iter().zip(apportion(total, &weights)) {
            push(metrics::VISITORS, code, year, month, v);
        }
    }
    rows
}

/// The number of days in a month.
pub fn days_in_month(year: i32, month: u32) -> i64 {
    let first = chrono::NaiveDate::from_ymd_opt(year, month, 1);
    let next = chrono::NaiveDate::from_ymd_opt(year + i32::from(month == 12), month % 12 + 1, 1);
    match (first, next) {
        (Some(a), Some(b)) => (b - a).num_days(),
        _ => 30,
    }
}

/// `n` demo positions (latitude, longitude) inside a unit's boundary (a GeoJSON Polygon or
/// MultiPolygon), the same for the same `key`: for generated records that need a place
/// on the map (commune stations, schools, hotels). Empty if the boundary has no area.
pub fn points_inside(geometry: &serde_json::Value, key: &str, n: usize) -> Vec<(f64, f64)> {
    let mut lons = Vec::new();
    let mut lats = Vec::new();
    let mut walk = vec![&geometry["coordinates"]];
    while let Some(v) = walk.pop() {
        match v.as_array() {
            Some(a) if a.len() == 2 && a[0].is_f64() && a[1].is_f64() => {
                lons.push(a[0].as_f64().unwrap_or_default());
                lats.push(a[1].as_f64().unwrap_or_default());
            }
            Some(a) => walk.extend(a.iter()),
            None => {}
        }
    }
    let bounds = |v: &[f64]| {
        v.iter()
            .fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(*x), hi.max(*x)))
    };
    let ((x0, x1), (y0, y1)) = (bounds(&lons), bounds(&lats));
    if lons.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(n);
    let mut tries = 0;
    while out.len() < n && tries < n * 200 {
        let lon = x0 + (x1 - x0) * noise(&format!("{key}/x/{tries}"));
        let lat = y0 + (y1 - y0) * noise(&format!("{key}/y/{tries}"));
        tries += 1;
        if crate::registry::contains(geometry, lon, lat) {
            out.push(((lat * 1e5).round() / 1e5, (lon * 1e5).round() / 1e5));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_keeps_the_total_exactly() {
        let parts = apportion(
            14_110_000.0,
            &[0.55, 0.06, 0.04, 0.12, 0.08, 0.06, 0.05, 0.04],
        );
        assert_eq!(parts.iter().sum::<f64>(), 14_110_000.0);
        assert!(parts.iter().all(|p| p.fract() == 0.0));
        assert_eq!(apportion(10.0, &[1.0, 1.0, 1.0]).iter().sum::<f64>(), 10.0);
    }

    #[test]
    fn demo_figures_match_published_visitor_totals() {
        let rows = observation_rows();
        let total = |year: &str| -> f64 {
            rows.iter()
                .filter(|r| {
                    r.metric.as_ref() == metrics::VISITORS && r.period.as_ref().starts_with(year)
                })
                .map(|r| *r.value.as_ref())
                .sum()
        };
        assert_eq!(total("2023"), 14_110_000.0);
        assert_eq!(total("2024"), 16_120_000.0);
    }

    #[test]
    fn reference_files_give_eight_districts_with_shapes() {
        let units = unit_rows().unwrap();
        let districts: Vec<_> = units
            .iter()
            .filter(|u| u.level.as_ref() == "district")
            .collect();
        assert_eq!(districts.len(), 8);
        assert!(districts.iter().all(|d| d.geometry.as_ref().is_some()));
        assert!(
            units
                .iter()
                .filter(|u| u.level.as_ref() == "commune")
                .count()
                >= 80
        );
        assert!(place_rows().unwrap().len() >= 30);
    }
}
