//! The parameters stations measure: names on the wire, the unit values are stored in,
//! the units a reading may come in (and how they convert), the sensor's plausible range,
//! and the default limit that raises an alert. One table, read by the server (ingest,
//! alerts) and the pages (labels, units).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StationKind {
    Air,
    Water,
}

impl StationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StationKind::Air => "air",
            StationKind::Water => "water",
        }
    }

    pub fn parse(s: &str) -> Option<StationKind> {
        match s {
            "air" => Some(StationKind::Air),
            "water" => Some(StationKind::Water),
            _ => None,
        }
    }
}

/// One measured parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Param {
    /// The wire name, lower case: `pm25`, `do`, `coliform`.
    pub code: &'static str,
    pub kind: StationKind,
    /// As printed: "PM2.5", "N-NH₄⁺".
    pub label: &'static str,
    pub name_vi: &'static str,
    pub name_en: &'static str,
    /// The unit values are stored and shown in.
    pub unit: &'static str,
    /// Values above this are beyond any sensor's range for the parameter: stored, flagged,
    /// left out of indices. Values below `min` likewise.
    pub min: f64,
    pub max: f64,
    /// The default limit (in `unit`) above which an hourly mean raises an alert; a
    /// station's own `limits` override it. Air: QCVN 05:2023/BTNMT 1-hour values where
    /// the standard has them; water: QCVN 08:2023/BTNMT, class A where it has one.
    pub limit: Option<f64>,
    /// Molar mass in g/mol, for gases given in ppb or ppm (at 25 °C, 1 atm).
    pub molar_mass: Option<f64>,
}

const fn air(
    code: &'static str,
    label: &'static str,
    name_vi: &'static str,
    name_en: &'static str,
    max: f64,
    limit: Option<f64>,
    molar_mass: Option<f64>,
) -> Param {
    Param {
        code,
        kind: StationKind::Air,
        label,
        name_vi,
        name_en,
        unit: "µg/m³",
        min: 0.0,
        max,
        limit,
        molar_mass,
    }
}

#[allow(clippy::too_many_arguments)]
const fn water(
    code: &'static str,
    label: &'static str,
    name_vi: &'static str,
    name_en: &'static str,
    unit: &'static str,
    min: f64,
    max: f64,
    limit: Option<f64>,
) -> Param {
    Param {
        code,
        kind: StationKind::Water,
        label,
        name_vi,
        name_en,
        unit,
        min,
        max,
        limit,
        molar_mass: None,
    }
}

/// Every parameter the product knows. A station lists the ones it measures.
pub const PARAMS: &[Param] = &[
    air("pm25", "PM2.5", "Bụi PM2.5", "PM2.5", 2_000.0, None, None),
    air("pm10", "PM10", "Bụi PM10", "PM10", 3_000.0, None, None),
    air(
        "o3",
        "O₃",
        "Ozon",
        "Ozone",
        2_000.0,
        Some(200.0),
        Some(48.00),
    ),
    air(
        "no2",
        "NO₂",
        "Nitơ đioxit",
        "Nitrogen dioxide",
        8_000.0,
        Some(200.0),
        Some(46.01),
    ),
    air(
        "so2",
        "SO₂",
        "Lưu huỳnh đioxit",
        "Sulphur dioxide",
        10_000.0,
        Some(350.0),
        Some(64.07),
    ),
    air(
        "co",
        "CO",
        "Cacbon monoxit",
        "Carbon monoxide",
        300_000.0,
        Some(30_000.0),
        Some(28.01),
    ),
    water("ph", "pH", "pH", "pH", "", 0.0, 14.0, None),
    water(
        "temp",
        "Nhiệt độ",
        "Nhiệt độ nước",
        "Water temperature",
        "°C",
        -5.0,
        50.0,
        None,
    ),
    water(
        "do",
        "DO",
        "Oxy hòa tan",
        "Dissolved oxygen",
        "mg/L",
        0.0,
        25.0,
        None,
    ),
    water(
        "bod5",
        "BOD₅",
        "Nhu cầu oxy sinh hóa",
        "Biochemical oxygen demand",
        "mg/L",
        0.0,
        2_000.0,
        Some(4.0),
    ),
    water(
        "cod",
        "COD",
        "Nhu cầu oxy hóa học",
        "Chemical oxygen demand",
        "mg/L",
        0.0,
        5_000.0,
        Some(10.0),
    ),
    water(
        "toc",
        "TOC",
        "Tổng cacbon hữu cơ",
        "Total organic carbon",
        "mg/L",
        0.0,
        2_000.0,
        Some(4.0),
    ),
    water(
        "nh4",
        "N-NH₄⁺",
        "Amoni",
        "Ammonium",
        "mg/L",
        0.0,
        500.0,
        Some(0.3),
    ),
    water(
        "no3",
        "N-NO₃⁻",
        "Nitrat",
        "Nitrate",
        "mg/L",
        0.0,
        500.0,
        Some(2.0),
    ),
    water(
        "no2",
        "N-NO₂⁻",
        "Nitrit",
        "Nitrite",
        "mg/L",
        0.0,
        100.0,
        Some(0.05),
    ),
    water(
        "po4",
        "P-PO₄³⁻",
        "Phosphat",
        "Phosphate",
        "mg/L",
        0.0,
        100.0,
        Some(0.1),
    ),
    water(
        "coliform",
        "Coliform",
        "Tổng Coliform",
        "Total coliform",
        "MPN/100mL",
        0.0,
        1.0e9,
        Some(1_000.0),
    ),
    water(
        "ecoli",
        "E. coli",
        "E. coli",
        "E. coli",
        "MPN/100mL",
        0.0,
        1.0e9,
        Some(20.0),
    ),
    water(
        "as",
        "As",
        "Asen",
        "Arsenic",
        "mg/L",
        0.0,
        100.0,
        Some(0.01),
    ),
    water(
        "cd",
        "Cd",
        "Cadimi",
        "Cadmium",
        "mg/L",
        0.0,
        100.0,
        Some(0.005),
    ),
    water("pb", "Pb", "Chì", "Lead", "mg/L", 0.0, 100.0, Some(0.02)),
    water(
        "cr6",
        "Cr⁶⁺",
        "Crom (VI)",
        "Chromium (VI)",
        "mg/L",
        0.0,
        100.0,
        Some(0.01),
    ),
    water("cu", "Cu", "Đồng", "Copper", "mg/L", 0.0, 100.0, Some(0.1)),
    water("zn", "Zn", "Kẽm", "Zinc", "mg/L", 0.0, 500.0, Some(0.5)),
    water(
        "hg",
        "Hg",
        "Thủy ngân",
        "Mercury",
        "mg/L",
        0.0,
        10.0,
        Some(0.001),
    ),
    water(
        "aldrin",
        "Aldrin",
        "Aldrin",
        "Aldrin",
        "µg/L",
        0.0,
        10_000.0,
        Some(0.1),
    ),
    water(
        "bhc",
        "BHC",
        "BHC",
        "BHC",
        "µg/L",
        0.0,
        10_000.0,
        Some(0.02),
    ),
    water(
        "dieldrin",
        "Dieldrin",
        "Dieldrin",
        "Dieldrin",
        "µg/L",
        0.0,
        10_000.0,
        Some(0.1),
    ),
    water(
        "ddts",
        "DDTs",
        "DDTs",
        "DDTs",
        "µg/L",
        0.0,
        10_000.0,
        Some(1.0),
    ),
    water(
        "heptachlor",
        "Heptachlor",
        "Heptachlor & Heptachlorepoxide",
        "Heptachlor & heptachlor epoxide",
        "µg/L",
        0.0,
        10_000.0,
        Some(0.2),
    ),
];

/// The parameter of this kind with this wire name (`no2` is a gas in air and nitrite in water).
pub fn find(kind: StationKind, code: &str) -> Option<&'static Param> {
    PARAMS.iter().find(|p| p.kind == kind && p.code == code)
}

/// The names a kind of station may list, for messages.
pub fn names(kind: StationKind) -> String {
    PARAMS
        .iter()
        .filter(|p| p.kind == kind)
        .map(|p| p.code)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Lower case, without spaces, with the usual spellings of µ, ³ and "per litre" folded.
fn fold_unit(unit: &str) -> String {
    unit.trim()
        .to_lowercase()
        .replace(' ', "")
        .replace(['μ', 'µ'], "u")
        .replace('³', "3")
}

/// The factor that turns a value in `unit` into the parameter's own unit, or a message
/// saying why the unit does not fit. An empty or absent unit means the parameter's own.
pub fn conversion(param: &Param, unit: Option<&str>) -> Result<f64, String> {
    let Some(given) = unit.map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(1.0);
    };
    let u = fold_unit(given);
    if u == fold_unit(param.unit) {
        return Ok(1.0);
    }
    let factor = match (param.kind, param.code, u.as_str()) {
        (StationKind::Air, _, "ug/m3") => Some(1.0),
        (StationKind::Air, _, "mg/m3") => Some(1_000.0),
        // Gases by volume at 25 °C and 1 atm: µg/m³ = ppb × M / 24.45.
        (StationKind::Air, _, "ppb") => param.molar_mass.map(|m| m / 24.45),
        (StationKind::Air, _, "ppm") => param.molar_mass.map(|m| 1_000.0 * m / 24.45),
        (StationKind::Water, "ph", "ph") => Some(1.0),
        (StationKind::Water, "temp", "c" | "°c" | "degc" | "celsius") => Some(1.0),
        (StationKind::Water, "coliform" | "ecoli", "mpn/100ml" | "cfu/100ml") => Some(1.0),
        (StationKind::Water, "coliform" | "ecoli", _) => None,
        (StationKind::Water, "ph" | "temp", _) => None,
        // Concentrations: to mg/L, then to the parameter's own unit (mg/L or µg/L).
        (StationKind::Water, _, given) => {
            let to_mg = |u: &str| match u {
                "mg/l" | "g/m3" => Some(1.0),
                "ug/l" | "mg/m3" => Some(0.001),
                _ => None,
            };
            match (to_mg(given), to_mg(&fold_unit(param.unit))) {
                (Some(g), Some(own)) => Some(g / own),
                _ => None,
            }
        }
        _ => None,
    };
    factor.ok_or_else(|| {
        let shown = if param.unit.is_empty() {
            "no unit".to_string()
        } else {
            param.unit.to_string()
        };
        format!(
            "unit '{given}' does not fit {} (expected {shown})",
            param.label
        )
    })
}

/// Why a value (in the parameter's unit) is implausible, if it is.
pub fn implausible(param: &Param, value: f64) -> Option<String> {
    if value < param.min {
        Some(format!(
            "{} below {} is beyond the sensor's range",
            param.label, param.min
        ))
    } else if value > param.max {
        Some(format!(
            "{} above {} {} is beyond the sensor's range",
            param.label, param.max, param.unit
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_convert_or_are_refused_by_name() {
        let pm = find(StationKind::Air, "pm25").unwrap();
        assert_eq!(conversion(pm, Some("µg/m³")), Ok(1.0));
        assert_eq!(conversion(pm, Some("ug/m3")), Ok(1.0));
        assert_eq!(conversion(pm, Some("mg/m3")), Ok(1_000.0));
        assert_eq!(conversion(pm, None), Ok(1.0));
        let err = conversion(pm, Some("mg/L")).unwrap_err();
        assert!(err.contains("'mg/L'") && err.contains("PM2.5"), "{err}");
        // PM has no molar mass: ppb means nothing for it.
        assert!(conversion(pm, Some("ppb")).is_err());
        // NO2 in ppb: 1 ppb = 46.01 / 24.45 µg/m³.
        let no2 = find(StationKind::Air, "no2").unwrap();
        let f = conversion(no2, Some("ppb")).unwrap();
        assert!((f - 46.01 / 24.45).abs() < 1e-12);
        // Water: µg/L to mg/L; pH has no unit; coliform counts only.
        let nh4 = find(StationKind::Water, "nh4").unwrap();
        assert_eq!(conversion(nh4, Some("µg/L")), Ok(0.001));
        assert_eq!(conversion(nh4, Some("mg/l")), Ok(1.0));
        let ph = find(StationKind::Water, "ph").unwrap();
        assert_eq!(conversion(ph, Some("")), Ok(1.0));
        assert!(conversion(ph, Some("mg/L")).is_err());
        let coli = find(StationKind::Water, "coliform").unwrap();
        assert!(conversion(coli, Some("mg/L")).is_err());
        assert_eq!(conversion(coli, Some("MPN/100 mL")), Ok(1.0));
        // Pesticides are kept in µg/L: mg/L converts up.
        let ddt = find(StationKind::Water, "ddts").unwrap();
        assert_eq!(conversion(ddt, Some("mg/L")), Ok(1_000.0));
        assert_eq!(conversion(ddt, Some("ug/l")), Ok(1.0));
    }

    #[test]
    fn the_same_name_means_different_things_by_kind() {
        assert_eq!(find(StationKind::Air, "no2").unwrap().unit, "µg/m³");
        assert_eq!(find(StationKind::Water, "no2").unwrap().unit, "mg/L");
        assert!(find(StationKind::Air, "ph").is_none());
    }

    #[test]
    fn implausible_values_are_named() {
        let pm = find(StationKind::Air, "pm25").unwrap();
        assert!(implausible(pm, -1.0).is_some());
        assert!(implausible(pm, 2_500.0).unwrap().contains("beyond"));
        assert!(implausible(pm, 300.0).is_none());
    }
}
