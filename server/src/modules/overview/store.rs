//! The overview's figures, aggregated from metric observations and administrative units.

use crate::auth::internal;
use crate::db::entity::metric_observation as obs;
use crate::registry;
use crate::state::AppState;
use app::error::{AppError, AppResult};
use app::model::{Kpi, Series, UnitLevel};
use app::modules::overview::model::{
    kpi, DistrictRef, DistrictValue, OverviewData, OverviewFilter,
};
use app::tr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeSet, HashMap};

pub const VISITORS: &str = "tourism.visitors";

/// Sums by (metric, district, month) for one year.
struct YearData {
    cells: HashMap<(String, String, u32), f64>,
}

impl YearData {
    fn sum(&self, metric: &str, district: Option<&str>, months: &[u32]) -> f64 {
        self.cells
            .iter()
            .filter(|((m, d, mo), _)| {
                m == metric && district.is_none_or(|x| x == d) && months.contains(mo)
            })
            .map(|(_, v)| v)
            .sum()
    }

    fn has(&self, metric: &str) -> bool {
        self.cells.keys().any(|(m, _, _)| m == metric)
    }
}

async fn load_year(db: &DatabaseConnection, year: i32) -> AppResult<(YearData, bool)> {
    let rows = obs::Entity::find()
        .filter(obs::Column::Period.starts_with(format!("{year:04}-")))
        .all(db)
        .await
        .map_err(internal)?;
    let demo = rows.iter().any(|r| r.demo);
    let cells = rows
        .into_iter()
        .filter_map(|r| {
            let month: u32 = r.period.get(5..7)?.parse().ok()?;
            Some(((r.metric, r.unit_code, month), r.value))
        })
        .collect();
    Ok((YearData { cells }, demo))
}

pub async fn years(db: &DatabaseConnection) -> AppResult<Vec<i32>> {
    let periods: Vec<String> = obs::Entity::find()
        .select_only()
        .column(obs::Column::Period)
        .distinct()
        .into_tuple()
        .all(db)
        .await
        .map_err(internal)?;
    let set: BTreeSet<i32> = periods
        .iter()
        .filter_map(|p| p.get(..4)?.parse().ok())
        .collect();
    Ok(set.into_iter().collect())
}

/// The overview for a filter: the province's own figures, then each module's tiles.
pub async fn overview(state: &AppState, filter: OverviewFilter) -> AppResult<OverviewData> {
    let db = &state.db;
    let as_of = registry::default_as_of(db).await?;
    let units = registry::units(db, Some(UnitLevel::District), None, &as_of).await?;
    if let Some(code) = &filter.district {
        if !units.iter().any(|u| &u.code == code) {
            return Err(AppError::invalid(
                "district",
                tr!(
                    "không có đơn vị cấp huyện nào có mã '{code}'",
                    "no district with code '{code}'"
                ),
            ));
        }
    }
    let district = filter.district.as_deref();
    let months: Vec<u32> = match filter.month {
        Some(m) => vec![m],
        None => (1..=12).collect(),
    };
    let (now, demo) = load_year(db, filter.year).await?;
    let (before, _) = load_year(db, filter.year - 1).await?;

    let population: i64 = units
        .iter()
        .filter(|u| district.is_none_or(|d| d == u.code))
        .filter_map(|u| u.population)
        .sum();

    let mut kpis = vec![Kpi {
        key: kpi::POPULATION.into(),
        value: population as f64,
        unit_vi: "người".into(),
        unit_en: "people".into(),
        change_pct: None,
        decimals: 0,
    }];
    let counted = |key: &str, metric: &str, unit_vi: &str, unit_en: &str| {
        now.has(metric).then(|| {
            Kpi::count(
                key,
                now.sum(metric, district, &months),
                before.sum(metric, district, &months),
                unit_vi,
                unit_en,
            )
        })
    };
    kpis.extend(counted(kpi::VISITORS, VISITORS, "lượt", "visits"));
    // Figures a module owns come from the module (dossiers: counted from each dossier;
    // feedback: its real reports), with their charts.
    let mut charts = Vec::new();
    let mut all_years = years(db).await?;
    for m in state.modules.iter() {
        let part = m.overview(state, &filter).await?;
        kpis.extend(part.kpis);
        charts.extend(part.charts);
        all_years.extend(part.years);
    }
    all_years.sort_unstable();
    all_years.dedup();
    let chart = |key: &str| -> Vec<Series> {
        charts
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, s)| s.clone())
            .unwrap_or_default()
    };

    let by_month =
        |metric: &str| -> Vec<f64> { (1..=12).map(|m| now.sum(metric, district, &[m])).collect() };
    let visitors_by_district = units
        .iter()
        .filter(|u| {
            now.cells
                .keys()
                .any(|(m, d, _)| m == VISITORS && d == &u.code)
        })
        .map(|u| DistrictValue {
            code: u.code.clone(),
            value: now.sum(VISITORS, Some(&u.code), &months),
        })
        .collect();

    Ok(OverviewData {
        years: all_years,
        districts: units
            .iter()
            .map(|u| DistrictRef {
                code: u.code.clone(),
                name: u.name.clone(),
                name_en: u.name_en.clone(),
            })
            .collect(),
        kpis,
        visitors_by_month: Series {
            name: "visitors".into(),
            values: by_month(VISITORS),
        },
        dossiers_by_month: chart(kpi::DOSSIERS),
        visitors_by_district,
        demo,
        filter,
    })
}
