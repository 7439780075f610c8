//! Demo indicators for module 8: the province's headline figures for 2021–2024 (GRDP
//! with and without oil and gas, budget revenue, tourism) from the province facts, spread
//! over districts and periods to add up to them, and labelled as demo; and the dossiers'
//! rates from module 1's own counts.
//! Their datasets go through the real ingestion path, like a department's would.

use crate::auth::internal;
use crate::modules::datasets::store as datasets;
use crate::seed::{apportion, noise, DISTRICT_FIGURES};
use app::error::AppResult;
use app::modules::datasets::model::DatasetDef;
use app::modules::indicators::model::IndicatorDef;

/// GRDP at current prices, bn VND: (year, with oil and gas, without). 2022 and 2023 with
/// oil and gas as published; 2023 without is the ~64 % non-oil share, 2022 and 2024
/// follow the published growth without oil and gas (+5.75 %, +11.72 %); 2021 and 2024
/// with oil and gas are demo estimates.
pub const GRDP: [(i32, f64, f64); 4] = [
    (2021, 351_000.0, 200_400.0),
    (2022, 390_293.0, 221_780.0),
    (2023, 366_456.0, 234_532.0),
    (2024, 392_000.0, 262_019.0),
];

/// State budget revenue, bn VND: 2024 as published (about 98,200), the rest demo.
pub const BUDGET: [(i32, f64); 4] = [
    (2021, 88_300.0),
    (2022, 105_600.0),
    (2023, 92_500.0),
    (2024, 98_200.0),
];

/// Demo shares of the economy without oil and gas, in `DISTRICT_FIGURES` order
/// (Phú Mỹ's industrial zones weigh as much as Vũng Tàu).
const NON_OIL_SHARE: [f64; 8] = [0.30, 0.10, 0.09, 0.09, 0.07, 0.04, 0.29, 0.02];
/// Offshore oil and gas is booked to Vũng Tàu, where the operators sit.
const OIL_DISTRICT: &str = "747";
/// Share of budget revenue collected by the province itself (oil and gas, import duties).
const PROVINCIAL_BUDGET_SHARE: f64 = 0.72;
const PROVINCE_CODE: &str = "77";

fn def<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> AppResult<T> {
    serde_json::from_value(v).map_err(internal)
}

fn grdp_csv() -> String {
    let mut csv = String::from("district_code,quarter,grdp,grdp_non_oil\n");
    const QUARTER: [f64; 4] = [0.23, 0.25, 0.25, 0.27];
    for (year, with_oil, non_oil) in GRDP {
        let oil = with_oil - non_oil;
        let oil_q = apportion(oil, &QUARTER);
        let mut weights = Vec::new();
        for (share, (code, _, _)) in NON_OIL_SHARE.iter().zip(DISTRICT_FIGURES) {
            for (q, w) in QUARTER.iter().enumerate() {
                let n = 0.95 + 0.1 * noise(&format!("grdp/{code}/{year}/{q}"));
                weights.push(share * w * n);
            }
        }
        let cells = apportion(non_oil, &weights);
        for (d, (code, _, _)) in DISTRICT_FIGURES.iter().enumerate() {
            for q in 0..4 {
                let n = cells[d * 4 + q];
                let g = if *code == OIL_DISTRICT {
                    n + oil_q[q]
                } else {
                    n
                };
                csv.push_str(&format!("{code},{year}-Q{},{g},{n}\n", q + 1));
            }
        }
    }
    csv
}

fn budget_csv() -> String {
    let mut csv = String::from("unit_code,month,revenue\n");
    for (year, total) in BUDGET {
        let mut cells = vec![(PROVINCE_CODE.to_string(), 0.0)];
        let mut weights = vec![PROVINCIAL_BUDGET_SHARE];
        for (code, population, _) in DISTRICT_FIGURES {
            cells.push((code.to_string(), 0.0));
            weights.push((1.0 - PROVINCIAL_BUDGET_SHARE) * population as f64 / 1_160_000.0);
        }
        let by_unit = apportion(total, &weights);
        for ((code, _), unit_total) in cells.iter().zip(by_unit) {
            let months: Vec<f64> = (1..=12)
                .map(|m| 0.9 + 0.2 * noise(&format!("budget/{code}/{year}/{m}")))
                .collect();
            for (m, v) in apportion(unit_total, &months).into_iter().enumerate() {
                csv.push_str(&format!("{code},{year}-{:02},{v}\n", m + 1));
            }
        }
    }
    csv
}

fn yearly(values: &[(i32, f64)]) -> serde_json::Value {
    values
        .iter()
        .map(|(year, value)| serde_json::json!({ "year": year, "value": value }))
        .collect()
}

/// A target for each year of module 1's demo dossiers (2024 to this year), moving by `step`
/// a year from `first`, no further than 98 or below 1.
fn dossier_targets(first: f64, step: f64) -> serde_json::Value {
    use chrono::Datelike;
    let this_year = chrono::Utc::now().year().max(2024);
    let values: Vec<(i32, f64)> = (2024..=this_year)
        .map(|y| (y, (first + step * f64::from(y - 2024)).clamp(1.0, 98.0)))
        .collect();
    yearly(&values)
}

fn indicators() -> AppResult<Vec<IndicatorDef>> {
    let i = |v: serde_json::Value| def::<IndicatorDef>(v);
    Ok(vec![
        i(serde_json::json!({
            "code": "grdp", "title": "GRDP (giá hiện hành, gồm dầu khí)",
            "title_en": "GRDP (current prices, with oil and gas)", "unit": "tỷ đồng",
            "direction": "higher", "periodicity": "quarter", "department": "SKHDT", "demo": true,
            "formula": {"aggregate": "sum", "dataset": "grdp-quarterly", "field": "grdp"},
            "targets": yearly(&[(2021, 340_000.0), (2022, 370_000.0), (2023, 380_000.0), (2024, 390_000.0)])}))?,
        i(serde_json::json!({
            "code": "grdp-non-oil", "title": "GRDP không gồm dầu khí",
            "title_en": "GRDP without oil and gas", "unit": "tỷ đồng",
            "direction": "higher", "periodicity": "quarter", "department": "SKHDT", "demo": true,
            "formula": {"aggregate": "sum", "dataset": "grdp-quarterly", "field": "grdp_non_oil"},
            "targets": yearly(&[(2021, 205_000.0), (2022, 215_000.0), (2023, 238_000.0), (2024, 260_000.0)])}))?,
        i(serde_json::json!({
            "code": "budget-revenue", "title": "Thu ngân sách nhà nước",
            "title_en": "State budget revenue", "unit": "tỷ đồng",
            "direction": "higher", "periodicity": "month", "department": "STC", "demo": true,
            "formula": {"aggregate": "sum", "dataset": "budget-monthly", "field": "revenue"},
            "targets": yearly(&[(2021, 85_000.0), (2022, 90_000.0), (2023, 96_000.0), (2024, 95_000.0)])}))?,
        i(serde_json::json!({
            "code": "tourist-visits", "title": "Lượt khách du lịch",
            "title_en": "Tourist visits", "unit": "lượt",
            "direction": "higher", "periodicity": "month", "department": "SDL", "demo": true,
            "formula": {"aggregate": "sum", "dataset": "tourism-monthly", "field": "visitors"},
            "targets": yearly(&[(2021, 8_000_000.0), (2022, 11_000_000.0), (2023, 14_000_000.0), (2024, 16_000_000.0)])}))?,
        i(serde_json::json!({
            "code": "overnight-guests", "title": "Khách lưu trú",
            "title_en": "Overnight guests", "unit": "lượt",
            "direction": "higher", "periodicity": "month", "department": "SDL", "demo": true,
            "formula": {"aggregate": "sum", "dataset": "tourism-monthly", "field": "overnight"},
            "targets": yearly(&[(2021, 2_500_000.0), (2022, 3_500_000.0), (2023, 4_200_000.0), (2024, 5_000_000.0)])}))?,
        i(serde_json::json!({
            "code": "tourism-revenue", "title": "Doanh thu du lịch",
            "title_en": "Tourism revenue", "unit": "tỷ đồng",
            "direction": "higher", "periodicity": "month", "department": "SDL", "demo": true,
            "formula": {"aggregate": "sum", "dataset": "tourism-monthly", "field": "revenue"},
            "targets": yearly(&[(2021, 7_000.0), (2022, 11_000.0), (2023, 14_500.0), (2024, 17_000.0)])}))?,
        // Module 1's counts of each dossier (its derived dataset), over the years its demo
        // covers: the indicator and the module's page can never disagree.
        i(serde_json::json!({
            "code": "dossiers-on-time", "title": "Tỷ lệ hồ sơ giải quyết đúng hạn",
            "title_en": "Dossiers resolved on time", "unit": "%", "decimals": 2,
            "direction": "higher", "periodicity": "month", "department": "VPUBND", "demo": true,
            "formula": {"aggregate": "ratio", "dataset": "dossiers-monthly",
                        "field": "resolved_in_time", "denominator": "resolved", "factor": 100},
            "targets": dossier_targets(95.0, 1.0),
            "thresholds": {"green": 100, "amber": 98}}))?,
        i(serde_json::json!({
            "code": "dossiers-late", "title": "Tỷ lệ hồ sơ trễ hạn",
            "title_en": "Dossiers resolved late", "unit": "%", "decimals": 2,
            "direction": "lower", "periodicity": "month", "department": "VPUBND", "demo": true,
            "formula": {"aggregate": "ratio", "dataset": "dossiers-monthly",
                        "field": "resolved_late", "denominator": "resolved", "factor": 100},
            "targets": dossier_targets(3.0, -0.5)}))?,
    ])
}

/// Defines the two demo datasets, loads them through ingestion, then the indicators;
/// nothing if the first dataset exists (a database seeded before this module had a demo
/// seed of its own).
pub async fn seed<C: crate::db::Conn>(db: &C) -> AppResult<()> {
    match datasets::find(db, "grdp-quarterly").await {
        Ok(_) => return Ok(()),
        Err(app::error::AppError::NotFound(_)) => {}
        Err(e) => return Err(e),
    }
    let grdp: DatasetDef = def(serde_json::json!({
        "code": "grdp-quarterly", "title": "GRDP theo quý và địa bàn (demo)",
        "title_en": "GRDP by quarter and district (demo)", "frequency": "quarterly", "public": true,
        "licence": "CC BY 4.0", "tags": ["kinh tế", "demo"],
        "fields": [
            {"name": "district_code", "type": "unit", "required": true, "title": "Huyện, thị xã, thành phố", "title_en": "District"},
            {"name": "quarter", "type": "period", "required": true, "title": "Quý", "title_en": "Quarter"},
            {"name": "grdp", "type": "decimal", "min": 0, "required": true, "unit": "tỷ đồng",
             "title": "GRDP gồm dầu khí", "title_en": "GRDP incl. oil and gas"},
            {"name": "grdp_non_oil", "type": "decimal", "min": 0, "required": true, "unit": "tỷ đồng",
             "title": "GRDP không gồm dầu khí", "title_en": "GRDP excl. oil and gas"}],
        "key": ["district_code", "quarter"]}))?;
    let budget: DatasetDef = def(serde_json::json!({
        "code": "budget-monthly", "title": "Thu ngân sách theo tháng (demo)",
        "title_en": "Budget revenue by month (demo)", "frequency": "monthly", "public": true,
        "licence": "CC BY 4.0", "tags": ["tài chính", "demo"],
        "description": "Đơn vị 77: khoản thu do tỉnh trực tiếp quản lý (dầu khí, xuất nhập khẩu).",
        "fields": [
            {"name": "unit_code", "type": "unit", "required": true, "title": "Đơn vị hành chính", "title_en": "Administrative unit"},
            {"name": "month", "type": "period", "required": true, "title": "Tháng", "title_en": "Month"},
            {"name": "revenue", "type": "decimal", "min": 0, "required": true, "unit": "tỷ đồng", "title": "Thu ngân sách", "title_en": "Budget revenue"}],
        "key": ["unit_code", "month"]}))?;
    for (d, dept, body) in [(grdp, "SKHDT", grdp_csv()), (budget, "STC", budget_csv())] {
        crate::modules::datasets::demo::load(db, dept, d, &body, false).await?;
    }
    super::store::seed(db, indicators()?).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column_total(csv: &str, col: usize, year: &str) -> f64 {
        csv.lines()
            .skip(1)
            .filter(|l| l.split(',').nth(1).is_some_and(|p| p.starts_with(year)))
            .map(|l| l.split(',').nth(col).unwrap().parse::<f64>().unwrap())
            .sum()
    }

    #[test]
    fn demo_data_adds_up_to_the_published_figures() {
        let g = grdp_csv();
        assert_eq!(column_total(&g, 2, "2022"), 390_293.0);
        assert_eq!(column_total(&g, 2, "2023"), 366_456.0);
        assert_eq!(column_total(&g, 3, "2023"), 234_532.0);
        let b = budget_csv();
        assert_eq!(column_total(&b, 2, "2024"), 98_200.0);
        assert_eq!(indicators().unwrap().len(), 8);
    }
}
