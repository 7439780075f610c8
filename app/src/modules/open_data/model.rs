//! Wire types of the open-data portal.

use crate::modules::datasets::model::{FieldDef, Quality};
use serde::{Deserialize, Serialize};

/// Results per page of the catalogue.
pub const PAGE_SIZE: u64 = 20;
/// Rows in a dataset page's preview table.
pub const PREVIEW_ROWS: u64 = 20;

/// What a visitor asked the catalogue: words and the facets chosen.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CatalogueQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub tag: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub start: u64,
}

/// A public dataset as the catalogue lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogueEntry {
    pub code: String,
    pub title: String,
    pub title_en: Option<String>,
    pub description: Option<String>,
    pub department: String,
    pub department_name: String,
    pub department_name_en: String,
    pub licence: Option<String>,
    pub tags: Vec<String>,
    /// daily, weekly, monthly, quarterly or yearly.
    pub frequency: String,
    pub last_update: Option<String>,
    pub record_count: u64,
    pub quality: Quality,
    /// Download formats: CSV, JSON, and GeoJSON for geographic data.
    pub formats: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacetItem {
    pub name: String,
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    pub departments: Vec<FacetItem>,
    pub tags: Vec<FacetItem>,
    pub formats: Vec<FacetItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogueResult {
    /// Matching datasets in all, of which `entries` is one page.
    pub count: u64,
    pub entries: Vec<CatalogueEntry>,
    /// Counts over the matching datasets.
    pub facets: Facets,
}

/// Views of the dataset page, downloads and API calls, since publication.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Usage {
    pub views: u64,
    pub downloads: u64,
    pub api_calls: u64,
}

/// A numeric field per period, for the dataset page's chart: summed or averaged over the
/// districts as the field combines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesData {
    pub field: FieldDef,
    pub points: Vec<(String, f64)>,
}

/// What the dataset page's map shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum MapData {
    /// A numeric field per administrative unit over the latest period (summed or averaged
    /// over the unit's rows as the field combines).
    Units {
        field: FieldDef,
        period: Option<String>,
        values: Vec<(String, f64)>,
    },
    /// Rows with a position: latitude, longitude, a label (at most 2,000).
    Points(Vec<(f64, f64, String)>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetPage {
    pub entry: CatalogueEntry,
    pub fields: Vec<FieldDef>,
    /// The first rows, as text in the fields' order.
    pub preview: Vec<Vec<String>>,
    pub chart: Option<SeriesData>,
    pub map: Option<MapData>,
    pub usage: Usage,
    /// The districts' names, for `unit` fields (the rows hold codes).
    #[serde(default)]
    pub units: Vec<crate::modules::indicators::model::UnitName>,
}
