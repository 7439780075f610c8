//! The public catalogue: datasets marked public, with their department, quality and
//! formats; search without regard to case or Vietnamese diacritics, filters and facets.
//! The portal, the CKAN API and the DCAT feed all read it from here.

use crate::auth::internal;
use crate::db::entity::{dataset, department};
use crate::modules::datasets::{quality, store};
use app::error::{AppError, AppResult};
use app::modules::datasets::model::{DatasetDef, FieldType};
use app::modules::open_data::model::{CatalogueEntry, FacetItem};
use sea_orm::{DatabaseConnection, EntityTrait};
use std::collections::{BTreeMap, HashMap};

/// A public dataset with everything the catalogue says about it.
#[derive(Debug, Clone)]
pub struct Package {
    pub model: dataset::Model,
    pub def: DatasetDef,
    pub entry: CatalogueEntry,
    /// Folded text that search looks in.
    haystack: String,
}

impl Package {
    /// The package as the datasets module's query API reads it.
    pub fn source(&self) -> crate::modules::datasets::query::Source<'_> {
        crate::modules::datasets::query::Source {
            model: &self.model,
            def: &self.def,
        }
    }
    /// Whether rows can be placed on a map: a position or an administrative unit.
    pub fn geographic(&self) -> bool {
        has_kind(&self.def, FieldType::Unit) || has_position(&self.def)
    }

    /// The theme (CKAN group, DCAT theme) of its department.
    pub fn theme(&self) -> Theme {
        theme_of(&self.entry.department)
    }
}

pub fn has_kind(def: &DatasetDef, kind: FieldType) -> bool {
    def.fields.iter().any(|f| f.kind == kind)
}

pub fn has_position(def: &DatasetDef) -> bool {
    has_kind(def, FieldType::Lat) && has_kind(def, FieldType::Long)
}

/// Lower case without Vietnamese diacritics, so "Ô nhiễm" and "o nhiem" meet. Takes
/// precomposed and decomposed text alike (combining marks are dropped).
pub fn fold(s: &str) -> String {
    const GROUPS: [(&str, char); 7] = [
        ("àáạảãâầấậẩẫăằắặẳẵ", 'a'),
        ("èéẹẻẽêềếệểễ", 'e'),
        ("ìíịỉĩ", 'i'),
        ("òóọỏõôồốộổỗơờớợởỡ", 'o'),
        ("ùúụủũưừứựửữ", 'u'),
        ("ỳýỵỷỹ", 'y'),
        ("đ", 'd'),
    ];
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        if ('\u{0300}'..='\u{036f}').contains(&c) {
            continue;
        }
        let base = GROUPS
            .iter()
            .find(|(set, _)| set.contains(c))
            .map_or(c, |(_, b)| *b);
        out.push(base);
    }
    out
}

/// Words of a query, folded; punctuation splits words.
pub fn words(q: &str) -> Vec<String> {
    fold(q)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A theme from the EU data-theme vocabulary (used by DCAT-AP), one per department.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// The vocabulary's code, e.g. `HEAL`; lower case it is the CKAN group's name.
    pub code: &'static str,
    pub name: &'static str,
    pub name_en: &'static str,
}

const ECONOMY: Theme = Theme {
    code: "ECON",
    name: "Kinh tế và tài chính",
    name_en: "Economy and finance",
};
const JUSTICE: Theme = Theme {
    code: "JUST",
    name: "Tư pháp, hệ thống pháp luật và an toàn công cộng",
    name_en: "Justice, legal system and public safety",
};

const THEMES: [(&str, Theme); 11] = [
    (
        "SYT",
        Theme {
            code: "HEAL",
            name: "Y tế",
            name_en: "Health",
        },
    ),
    (
        "SGDDT",
        Theme {
            code: "EDUC",
            name: "Giáo dục, văn hoá và thể thao",
            name_en: "Education, culture and sport",
        },
    ),
    ("SDL", ECONOMY),
    ("SKHDT", ECONOMY),
    ("STC", ECONOMY),
    ("SCT", ECONOMY),
    (
        "STNMT",
        Theme {
            code: "ENVI",
            name: "Môi trường",
            name_en: "Environment",
        },
    ),
    (
        "SGTVT",
        Theme {
            code: "TRAN",
            name: "Giao thông",
            name_en: "Transport",
        },
    ),
    (
        "SLDTBXH",
        Theme {
            code: "SOCI",
            name: "Dân số và xã hội",
            name_en: "Population and society",
        },
    ),
    ("STP", JUSTICE),
    ("CAT", JUSTICE),
];

const GOVERNMENT: Theme = Theme {
    code: "GOVE",
    name: "Chính phủ và khu vực công",
    name_en: "Government and public sector",
};

pub fn theme_of(department: &str) -> Theme {
    THEMES
        .iter()
        .find(|(d, _)| *d == department)
        .map_or(GOVERNMENT, |(_, t)| *t)
}

/// Every theme a package can have, each once.
pub fn all_themes() -> Vec<Theme> {
    let mut out: Vec<Theme> = Vec::new();
    for t in THEMES.iter().map(|(_, t)| *t).chain([GOVERNMENT]) {
        if !out.iter().any(|o| o.code == t.code) {
            out.push(t);
        }
    }
    out
}

fn frequency_name(def: &DatasetDef) -> String {
    serde_json::to_value(def.frequency)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn package(
    model: dataset::Model,
    depts: &HashMap<String, department::Model>,
) -> AppResult<Package> {
    let def = store::definition(&model)?;
    let dept = depts.get(&model.department_code);
    let quality = quality::stored(&model, def.frequency.max_age_days());
    let geographic = has_kind(&def, FieldType::Unit) || has_position(&def);
    let mut formats = vec!["CSV".to_string(), "JSON".to_string()];
    if geographic {
        formats.push("GeoJSON".to_string());
    }
    let entry = CatalogueEntry {
        code: model.code.clone(),
        title: def.title.clone(),
        title_en: def.title_en.clone(),
        description: def.description.clone(),
        department: model.department_code.clone(),
        department_name: dept.map_or_else(|| model.department_code.clone(), |d| d.name.clone()),
        department_name_en: dept
            .map_or_else(|| model.department_code.clone(), |d| d.name_en.clone()),
        licence: def.licence.clone(),
        tags: def.tags.clone(),
        frequency: frequency_name(&def),
        last_update: model.last_ingest_at.map(|t| t.to_rfc3339()),
        record_count: model.record_count.max(0) as u64,
        quality,
        formats,
    };
    let mut text = vec![
        entry.code.clone(),
        entry.title.clone(),
        entry.title_en.clone().unwrap_or_default(),
        entry.description.clone().unwrap_or_default(),
        entry.department_name.clone(),
        entry.department_name_en.clone(),
        entry.tags.join(" "),
    ];
    text.extend(def.fields.iter().filter_map(|f| f.title.clone()));
    let haystack = fold(&text.join(" \u{1f} "));
    Ok(Package {
        model,
        def,
        entry,
        haystack,
    })
}

async fn departments(db: &DatabaseConnection) -> AppResult<HashMap<String, department::Model>> {
    Ok(department::Entity::find()
        .all(db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|d| (d.code.clone(), d))
        .collect())
}

/// Every public dataset, by code.
pub async fn load(db: &DatabaseConnection) -> AppResult<Vec<Package>> {
    let depts = departments(db).await?;
    store::list(db, true)
        .await?
        .into_iter()
        .map(|m| package(m, &depts))
        .collect()
}

/// One public dataset; a private or unknown one is "not found" alike.
pub async fn load_one(db: &DatabaseConnection, code: &str) -> AppResult<Package> {
    let model = store::find(db, code).await?;
    if !model.public {
        return Err(AppError::NotFound(format!("dataset '{code}'")));
    }
    package(model, &departments(db).await?)
}

/// The facets the catalogue filters and counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Facet {
    Organization,
    Tags,
    ResFormat,
    License,
    Groups,
    Name,
}

impl Facet {
    /// The CKAN (Solr) field name.
    pub fn parse(name: &str) -> Option<Facet> {
        Some(match name {
            "organization" | "owner_org" => Facet::Organization,
            "tags" => Facet::Tags,
            "res_format" => Facet::ResFormat,
            "license_id" => Facet::License,
            "groups" => Facet::Groups,
            "name" => Facet::Name,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Facet::Organization => "organization",
            Facet::Tags => "tags",
            Facet::ResFormat => "res_format",
            Facet::License => "license_id",
            Facet::Groups => "groups",
            Facet::Name => "name",
        }
    }

    /// The values a package has for this facet: (name, label).
    pub fn values(self, p: &Package) -> Vec<(String, String)> {
        match self {
            Facet::Organization => vec![(
                p.entry.department.to_lowercase(),
                p.entry.department_name.clone(),
            )],
            Facet::Tags => p
                .entry
                .tags
                .iter()
                .map(|t| (t.clone(), t.clone()))
                .collect(),
            Facet::ResFormat => p
                .entry
                .formats
                .iter()
                .map(|f| (f.clone(), f.clone()))
                .collect(),
            Facet::License => p
                .entry
                .licence
                .iter()
                .map(|l| (licence_id(l), l.clone()))
                .collect(),
            Facet::Groups => {
                let t = p.theme();
                vec![(t.code.to_lowercase(), t.name.to_string())]
            }
            Facet::Name => vec![(p.entry.code.clone(), p.entry.title.clone())],
        }
    }

    /// Whether a package matches `value`: exact for codes, without case or diacritics
    /// for tags and formats.
    fn matches(self, p: &Package, value: &str) -> bool {
        let want = fold(value);
        self.values(p).iter().any(|(n, _)| fold(n) == want)
    }
}

/// CKAN's licence id for our licence text ("CC BY 4.0" → "cc-by-4.0", "ODbL 1.0" →
/// "odc-odbl", as in CKAN's default licence list).
pub fn licence_id(l: &str) -> String {
    let id = l
        .trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    match id.as_str() {
        "odbl" | "odbl-1.0" | "odc-odbl-1.0" => "odc-odbl".into(),
        "cc0" | "cc0-1.0" | "cc-zero" => "cc-zero".into(),
        "odc-by-1.0" => "odc-by".into(),
        "pddl" | "odc-pddl-1.0" => "odc-pddl".into(),
        _ => id,
    }
}

/// Licence ids CKAN counts as open (`isopen`).
pub const OPEN_LICENCES: [&str; 10] = [
    "cc-by",
    "cc-by-4.0",
    "cc-by-sa",
    "cc-by-sa-4.0",
    "cc-zero",
    "odc-by",
    "odc-odbl",
    "odc-pddl",
    "gfdl",
    "other-open",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Score,
    Title,
    Name,
    Modified,
    Created,
}

/// A catalogue search as both the portal and `package_search` ask it.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub q: String,
    /// Every (facet, value) must hold.
    pub filters: Vec<(Facet, String)>,
    /// (key, descending); empty means relevance, then title.
    pub sort: Vec<(SortKey, bool)>,
    pub start: usize,
    pub rows: usize,
    pub facets: Vec<Facet>,
}

pub struct Found<'a> {
    pub count: usize,
    pub page: Vec<&'a Package>,
    /// Per requested facet, (name, label, count) by count then name.
    pub facets: BTreeMap<Facet, Vec<FacetItem>>,
}

/// How well a package matches the words: 0 when a word is missing; title hits count more.
fn score(p: &Package, words: &[String]) -> u32 {
    let title = fold(&format!(
        "{} {}",
        p.entry.title,
        p.entry.title_en.clone().unwrap_or_default()
    ));
    let mut total = 0;
    for w in words {
        if !p.haystack.contains(w.as_str()) {
            return 0;
        }
        total += if title.contains(w.as_str()) { 3 } else { 1 };
    }
    total.max(1)
}

/// Characters a catalogue search may have: enough for any title, little work to match.
pub const MAX_QUERY: usize = 500;

pub fn search<'a>(packages: &'a [Package], s: &Search) -> Found<'a> {
    let words = words(&s.q);
    let mut hits: Vec<(u32, &Package)> = packages
        .iter()
        .filter(|p| s.filters.iter().all(|(f, v)| f.matches(p, v)))
        .map(|p| (score(p, &words), p))
        .filter(|(score, _)| *score > 0)
        .collect();
    let default_sort = [(SortKey::Score, true), (SortKey::Title, false)];
    let sort: &[(SortKey, bool)] = if s.sort.is_empty() {
        &default_sort
    } else {
        &s.sort
    };
    hits.sort_by(|(sa, a), (sb, b)| {
        for (key, desc) in sort {
            let o = match key {
                SortKey::Score => sa.cmp(sb),
                SortKey::Title => fold(&a.entry.title).cmp(&fold(&b.entry.title)),
                SortKey::Name => a.entry.code.cmp(&b.entry.code),
                SortKey::Modified => a
                    .model
                    .updated_at
                    .max(a.model.last_ingest_at.unwrap_or(a.model.updated_at))
                    .cmp(
                        &b.model
                            .updated_at
                            .max(b.model.last_ingest_at.unwrap_or(b.model.updated_at)),
                    ),
                SortKey::Created => a.model.created_at.cmp(&b.model.created_at),
            };
            let o = if *desc { o.reverse() } else { o };
            if o != std::cmp::Ordering::Equal {
                return o;
            }
        }
        a.entry.code.cmp(&b.entry.code)
    });
    let mut facets = BTreeMap::new();
    for f in &s.facets {
        let mut counts: BTreeMap<String, (String, u64)> = BTreeMap::new();
        for (_, p) in &hits {
            for (name, label) in f.values(p) {
                counts.entry(name).or_insert((label, 0)).1 += 1;
            }
        }
        let mut items: Vec<FacetItem> = counts
            .into_iter()
            .map(|(name, (label, count))| FacetItem { name, label, count })
            .collect();
        items.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        facets.insert(*f, items);
    }
    Found {
        count: hits.len(),
        page: hits
            .into_iter()
            .skip(s.start)
            .take(s.rows)
            .map(|(_, p)| p)
            .collect(),
        facets,
    }
}

/// When a package last changed: its last ingest, or its definition.
pub fn modified(p: &Package) -> chrono::DateTime<chrono::Utc> {
    p.model
        .last_ingest_at
        .map_or(p.model.updated_at, |t| t.max(p.model.updated_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_meets_with_and_without_diacritics() {
        assert_eq!(fold("Ô nhiễm"), "o nhiem");
        assert_eq!(fold("ĐƯỜNG Phố"), "duong pho");
        // Decomposed input (base letter + combining marks) folds the same way.
        assert_eq!(fold("o\u{302}\u{303} nhie\u{302}\u{303}m"), "o nhiem");
        assert_eq!(words("ô nhiễm, không-khí"), ["o", "nhiem", "khong", "khi"]);
    }

    #[test]
    fn licence_ids_follow_ckan() {
        assert_eq!(licence_id("CC BY 4.0"), "cc-by-4.0");
        assert_eq!(licence_id(" ODC_BY "), "odc-by");
        assert_eq!(licence_id("ODbL 1.0"), "odc-odbl");
    }
}
