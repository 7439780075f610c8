//! What the portal's pages ask: a catalogue search and a dataset's page.

use super::catalogue::{self, Facet, Search};
use super::usage::Kind;
use super::OpenData;
use crate::modules::datasets::query::{self, Agg, By, DsQuery, Within};
use app::error::AppResult;
use app::modules::datasets::model::{Combine, FieldDef, FieldType};
use app::modules::open_data::model::{
    CatalogueQuery, CatalogueResult, DatasetPage, Facets, MapData, SeriesData, PAGE_SIZE,
    PREVIEW_ROWS,
};
use app::tr;
use serde_json::{Map, Value};

/// Points drawn on a dataset page's map at most.
const MAX_POINTS: u64 = 2_000;

pub async fn search(od: &OpenData<'_>, query: CatalogueQuery) -> AppResult<CatalogueResult> {
    if query.q.chars().count() > catalogue::MAX_QUERY {
        return Err(app::error::AppError::invalid(
            "q",
            tr!(
                "tối đa {} ký tự",
                "at most {} characters",
                catalogue::MAX_QUERY
            ),
        ));
    }
    let pkgs = catalogue::load(od.db()).await?;
    let mut filters = Vec::new();
    let chosen = [
        (Facet::Organization, &query.department),
        (Facet::Tags, &query.tag),
        (Facet::ResFormat, &query.format),
    ];
    for (facet, value) in chosen {
        if let Some(v) = value.as_ref().filter(|v| !v.is_empty()) {
            filters.push((facet, v.clone()));
        }
    }
    let found = catalogue::search(
        &pkgs,
        &Search {
            q: query.q.clone(),
            filters,
            sort: Vec::new(),
            start: query.start as usize,
            rows: PAGE_SIZE as usize,
            facets: vec![Facet::Organization, Facet::Tags, Facet::ResFormat],
        },
    );
    let facet = |f: Facet| found.facets.get(&f).cloned().unwrap_or_default();
    Ok(CatalogueResult {
        count: found.count as u64,
        entries: found.page.iter().map(|p| p.entry.clone()).collect(),
        facets: Facets {
            departments: facet(Facet::Organization),
            tags: facet(Facet::Tags),
            formats: facet(Facet::ResFormat),
        },
    })
}

fn display(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn agg_of(f: &FieldDef) -> Agg {
    match f.combines() {
        Combine::Sum => Agg::Sum,
        Combine::Mean => Agg::Avg,
    }
}

pub async fn dataset(od: &OpenData<'_>, code: &str) -> AppResult<DatasetPage> {
    let pkg = catalogue::load_one(od.db(), code).await?;
    od.count(pkg.model.id, Kind::View);
    let fields = pkg.def.fields.clone();
    let preview = query::search(
        od.db(),
        pkg.source(),
        &DsQuery {
            limit: PREVIEW_ROWS,
            include_total: false,
            ..Default::default()
        },
    )
    .await?
    .records
    .iter()
    .map(|r| {
        let m: Map<String, Value> = serde_json::from_str(r).unwrap_or_default();
        fields.iter().map(|f| display(m.get(&f.name))).collect()
    })
    .collect();

    let numeric = fields
        .iter()
        .find(|f| matches!(f.kind, FieldType::Integer | FieldType::Decimal));
    let has = |k: FieldType| fields.iter().any(|f| f.kind == k);
    let chart = match numeric {
        Some(f) if has(FieldType::Period) => {
            let points = sums(od.db(), &pkg, f, By::Period, &Within::default()).await?;
            (!points.is_empty()).then(|| SeriesData {
                field: f.clone(),
                points,
            })
        }
        _ => None,
    };
    let map = if catalogue::has_position(&pkg.def) {
        let name = |k: FieldType| fields.iter().find(|f| f.kind == k).map(|f| f.name.clone());
        let (lat, lon) = (name(FieldType::Lat), name(FieldType::Long));
        let label = fields
            .iter()
            .find(|f| matches!(f.kind, FieldType::Text | FieldType::Enum))
            .map(|f| f.name.clone());
        let rows = query::search(
            od.db(),
            pkg.source(),
            &DsQuery {
                limit: MAX_POINTS,
                include_total: false,
                ..Default::default()
            },
        )
        .await?;
        let points: Vec<(f64, f64, String)> = rows
            .records
            .iter()
            .filter_map(|r| {
                let m: Map<String, Value> = serde_json::from_str(r).ok()?;
                let la = m.get(lat.as_deref()?)?.as_f64()?;
                let lo = m.get(lon.as_deref()?)?.as_f64()?;
                let l = label
                    .as_deref()
                    .map(|n| display(m.get(n)))
                    .unwrap_or_default();
                Some((la, lo, l))
            })
            .collect();
        (!points.is_empty()).then_some(MapData::Points(points))
    } else if let (Some(f), true) = (numeric, has(FieldType::Unit)) {
        let period = query::latest_period(od.db(), pkg.source()).await?;
        let within = Within {
            period: period.as_deref(),
            ..Default::default()
        };
        let values = sums(od.db(), &pkg, f, By::Unit, &within).await?;
        (!values.is_empty()).then(|| MapData::Units {
            field: f.clone(),
            period,
            values,
        })
    } else {
        None
    };
    let usage = od.usage(pkg.model.id).await?;
    let units = if has(FieldType::Unit) {
        crate::registry::district_names(od.db()).await?
    } else {
        Vec::new()
    };
    Ok(DatasetPage {
        entry: pkg.entry.clone(),
        fields,
        preview,
        chart,
        map,
        usage,
        units,
    })
}

/// A numeric field per period or per unit, keyed by it: the chart's points, the map's
/// values. Summed, or averaged for a field of averages, indices or ratios.
async fn sums(
    db: &sea_orm::DatabaseConnection,
    pkg: &catalogue::Package,
    f: &FieldDef,
    by: By,
    within: &Within<'_>,
) -> AppResult<Vec<(String, f64)>> {
    Ok(
        query::aggregate(db, pkg.source(), Some(&f.name), agg_of(f), by, within)
            .await?
            .into_iter()
            .filter_map(|b| Some((if by == By::Unit { b.unit? } else { b.period? }, b.value)))
            .collect(),
    )
}
