//! VN_WQI as Decision 1460/QĐ-TCMT (12/11/2019) defines it: a sub-index per parameter
//! by linear interpolation in the decision's tables, five groups (I pH; II pesticides;
//! III heavy metals; IV organics and nutrients; V microbiology), and the aggregate
//!
//! WQI = WQI_I/100 × (Π WQI_II/100)^(1/n) × (Π WQI_III/100)^(1/m)
//!       × [ (mean WQI_IV)² × mean WQI_V ]^(1/3)
//!
//! with groups without data left out (without group V the bracket is mean WQI_IV), and
//! no index unless three of the five groups have data, group IV among them with at least
//! three parameters. The result is rounded to an integer. Units: mg/L, pesticides µg/L,
//! microbiology MPN/100 mL; DO as % saturation from the water temperature.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A "higher is worse" table: breakpoints (ascending) for q = 100, 75, 50, 25, 10. A
/// breakpoint written twice marks a jump (the decision's "0,3 | 0,3" for N-NH₄: below it
/// 100, at it 75); the same breakpoint for q 25 and 10 means "above it, 10".
struct Falling {
    code: &'static str,
    points: &'static [(f64, f64)],
}

const Q: [f64; 5] = [100.0, 75.0, 50.0, 25.0, 10.0];

macro_rules! falling {
    ($code:literal, [$a:expr, $b:expr, $c:expr, $d:expr, $e:expr]) => {
        Falling {
            code: $code,
            points: &[($a, Q[0]), ($b, Q[1]), ($c, Q[2]), ($d, Q[3]), ($e, Q[4])],
        }
    };
    ($code:literal, pass $limit:expr) => {
        Falling {
            code: $code,
            points: &[($limit, 100.0), ($limit, 10.0)],
        }
    };
}

/// Decision 1460, tables 2–4 (groups II, III, IV without DO, V). One row per parameter.
const FALLING: &[Falling] = &[
    // Group II, µg/L: at or under the limit 100, above it 10.
    falling!("aldrin", pass 0.1),
    falling!("bhc", pass 0.02),
    falling!("dieldrin", pass 0.1),
    falling!("ddts", pass 1.0),
    falling!("heptachlor", pass 0.2),
    // Group III, mg/L.
    falling!("as", [0.01, 0.02, 0.05, 0.1, 0.1]),
    falling!("cd", [0.005, 0.005, 0.008, 0.01, 0.1]),
    falling!("pb", [0.02, 0.02, 0.04, 0.05, 0.5]),
    falling!("cr6", [0.01, 0.02, 0.04, 0.05, 0.1]),
    falling!("cu", [0.1, 0.2, 0.5, 1.0, 2.0]),
    falling!("zn", [0.5, 1.0, 1.5, 2.0, 3.0]),
    falling!("hg", [0.001, 0.001, 0.0015, 0.002, 0.01]),
    // Group IV, mg/L (DO apart).
    falling!("bod5", [4.0, 6.0, 15.0, 25.0, 50.0]),
    falling!("cod", [10.0, 15.0, 30.0, 50.0, 150.0]),
    falling!("toc", [4.0, 6.0, 15.0, 25.0, 50.0]),
    falling!("nh4", [0.3, 0.3, 0.6, 0.9, 5.0]),
    falling!("no3", [2.0, 5.0, 10.0, 15.0, 15.0]),
    falling!("no2", pass 0.05),
    falling!("po4", [0.1, 0.2, 0.3, 0.5, 4.0]),
    // Group V, MPN/100 mL.
    falling!("coliform", [2500.0, 5000.0, 7500.0, 10000.0, 10000.0]),
    falling!("ecoli", [20.0, 50.0, 100.0, 200.0, 200.0]),
];

/// Decision 1460, table 1: pH; outside 5.5–9 the sub-index is 10.
const PH: &[(f64, f64)] = &[(5.5, 50.0), (6.0, 100.0), (8.5, 100.0), (9.0, 50.0)];
/// Decision 1460, table for DO (% saturation); under 20 % or over 200 % it is 10.
const DO_PCT: &[(f64, f64)] = &[
    (20.0, 25.0),
    (50.0, 50.0),
    (75.0, 75.0),
    (88.0, 100.0),
    (112.0, 100.0),
    (125.0, 75.0),
    (150.0, 50.0),
    (200.0, 25.0),
];

fn falling_q(points: &[(f64, f64)], c: f64) -> f64 {
    let k = points.len() - 1;
    let (last, q_last) = points[k];
    if c >= last {
        // "> BP" in the last column: exactly at it still counts as the level before.
        return if c == last && k > 0 && points[k - 1].0 == last {
            points[k - 1].1
        } else {
            q_last
        };
    }
    if c < points[0].0 {
        return 100.0;
    }
    // The interval BP_i ≤ C < BP_{i+1}; empty intervals (repeated breakpoints) skipped.
    for w in points.windows(2).rev() {
        let ((lo, q_lo), (hi, q_hi)) = (w[0], w[1]);
        if c >= lo && c < hi {
            return q_lo + (q_hi - q_lo) * (c - lo) / (hi - lo);
        }
    }
    100.0
}

/// Two-sided tables (pH, DO %): linear between neighbours, 10 outside the table.
fn two_sided_q(points: &[(f64, f64)], c: f64) -> f64 {
    for w in points.windows(2) {
        let ((lo, q_lo), (hi, q_hi)) = (w[0], w[1]);
        if c >= lo && c <= hi {
            return q_lo + (q_hi - q_lo) * (c - lo) / (hi - lo);
        }
    }
    10.0
}

/// DO at saturation (mg/L) at a water temperature in °C, as the decision gives it.
pub fn do_saturation(temp_c: f64) -> f64 {
    14.652 - 0.41022 * temp_c + 0.007_991 * temp_c.powi(2) - 0.000_077_774 * temp_c.powi(3)
}

/// The sub-index of a parameter (DO given as % saturation under the code `do`); `None`
/// for a parameter the index does not use.
pub fn sub_index(code: &str, value: f64) -> Option<f64> {
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    match code {
        "ph" => Some(two_sided_q(PH, value)),
        "do" => Some(two_sided_q(DO_PCT, value)),
        _ => FALLING
            .iter()
            .find(|t| t.code == code)
            .map(|t| falling_q(t.points, value)),
    }
}

/// The group (1–5) a parameter belongs to.
pub fn group(code: &str) -> Option<u8> {
    Some(match code {
        "ph" => 1,
        "aldrin" | "bhc" | "dieldrin" | "ddts" | "heptachlor" => 2,
        "as" | "cd" | "pb" | "cr6" | "cu" | "zn" | "hg" => 3,
        "do" | "bod5" | "cod" | "toc" | "nh4" | "no3" | "no2" | "po4" => 4,
        "coliform" | "ecoli" => 5,
        _ => return None,
    })
}

/// A water index with each parameter's sub-index and the parameter pulling it down most.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Wqi {
    pub value: u32,
    /// The unrounded aggregate.
    pub exact: f64,
    pub lowest: String,
    pub sub_indices: BTreeMap<String, f64>,
}

/// Why no index could be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WqiGap {
    /// Group IV (organics and nutrients) has fewer than three parameters.
    GroupIv(usize),
    /// Fewer than three of the five groups have data.
    Groups(usize),
    /// DO was measured but the water temperature was not (DO % needs it).
    DoWithoutTemperature,
}

/// VN_WQI of one sample: parameter → value in the parameter's unit (`do` in mg/L, with
/// `temp` in °C). Parameters the index does not use are ignored.
pub fn compute(sample: &BTreeMap<String, f64>) -> Result<Wqi, WqiGap> {
    let mut subs: BTreeMap<String, f64> = BTreeMap::new();
    for (code, value) in sample {
        if code == "do" {
            let Some(t) = sample.get("temp") else {
                continue;
            };
            let pct = value / do_saturation(*t) * 100.0;
            if let Some(q) = sub_index("do", pct) {
                subs.insert(code.clone(), q);
            }
            continue;
        }
        if let Some(q) = sub_index(code, *value) {
            subs.insert(code.clone(), q);
        }
    }
    let of = |g: u8| -> Vec<f64> {
        subs.iter()
            .filter(|(c, _)| group(c) == Some(g))
            .map(|(_, q)| *q)
            .collect()
    };
    let (g1, g2, g3, g4, g5) = (of(1), of(2), of(3), of(4), of(5));
    if g4.len() < 3 {
        // DO would have made the count: say what is missing.
        if sample.contains_key("do") && !sample.contains_key("temp") && g4.len() + 1 >= 3 {
            return Err(WqiGap::DoWithoutTemperature);
        }
        return Err(WqiGap::GroupIv(g4.len()));
    }
    let present = [&g1, &g2, &g3, &g4, &g5]
        .iter()
        .filter(|g| !g.is_empty())
        .count();
    if present < 3 {
        return Err(WqiGap::Groups(present));
    }
    let geo = |g: &[f64]| -> f64 {
        if g.is_empty() {
            1.0
        } else {
            g.iter()
                .map(|q| q / 100.0)
                .product::<f64>()
                .powf(1.0 / g.len() as f64)
        }
    };
    let mean = |g: &[f64]| g.iter().sum::<f64>() / g.len() as f64;
    let ph = g1.first().map(|q| q / 100.0).unwrap_or(1.0);
    let iv = mean(&g4);
    let organic = if g5.is_empty() {
        iv
    } else {
        (iv * iv * mean(&g5)).cbrt()
    };
    let exact = ph * geo(&g2) * geo(&g3) * organic;
    let lowest = subs
        .iter()
        .fold(None::<(&String, f64)>, |best, (c, q)| match best {
            Some((_, b)) if b <= *q => best,
            _ => Some((c, *q)),
        })
        .map(|(c, _)| c.clone())
        .unwrap_or_default();
    Ok(Wqi {
        value: exact.round() as u32,
        exact,
        lowest,
        sub_indices: subs,
    })
}

/// A band of the scale as the decision publishes it, with the use the water suits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub min: u32,
    pub max: u32,
    pub label_vi: &'static str,
    pub label_en: &'static str,
    pub rgb: (u8, u8, u8),
    pub use_vi: &'static str,
    pub use_en: &'static str,
}

pub const BANDS: [Band; 6] = [
    Band {
        min: 91,
        max: 100,
        label_vi: "Rất tốt",
        label_en: "Very good",
        rgb: (51, 51, 255),
        use_vi: "Sử dụng tốt cho mục đích cấp nước sinh hoạt",
        use_en: "Good for domestic water supply",
    },
    Band {
        min: 76,
        max: 90,
        label_vi: "Tốt",
        label_en: "Good",
        rgb: (0, 228, 0),
        use_vi: "Sử dụng cho mục đích cấp nước sinh hoạt nhưng cần các biện pháp xử lý phù hợp",
        use_en: "Usable for domestic water supply with suitable treatment",
    },
    Band {
        min: 51,
        max: 75,
        label_vi: "Trung bình",
        label_en: "Medium",
        rgb: (255, 255, 0),
        use_vi: "Sử dụng cho mục đích tưới tiêu và các mục đích tương đương khác",
        use_en: "Irrigation and similar uses",
    },
    Band {
        min: 26,
        max: 50,
        label_vi: "Xấu",
        label_en: "Bad",
        rgb: (255, 126, 0),
        use_vi: "Sử dụng cho giao thông thủy và các mục đích tương đương khác",
        use_en: "Waterway transport and similar uses",
    },
    Band {
        min: 10,
        max: 25,
        label_vi: "Kém",
        label_en: "Poor",
        rgb: (255, 0, 0),
        use_vi: "Nước ô nhiễm nặng, cần các biện pháp xử lý trong tương lai",
        use_en: "Heavily polluted water; treatment needed in future",
    },
    Band {
        min: 0,
        max: 9,
        label_vi: "Ô nhiễm rất nặng",
        label_en: "Very heavily polluted",
        rgb: (126, 0, 35),
        use_vi: "Nước nhiễm độc, cần có biện pháp khắc phục, xử lý",
        use_en: "Toxic water; remediation and treatment needed",
    },
];

pub fn band(wqi: u32) -> &'static Band {
    BANDS
        .iter()
        .find(|b| wqi >= b.min)
        .unwrap_or(&BANDS[BANDS.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn sample(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn falling_tables_interpolate_between_levels() {
        // BOD5 10: between 6 (75) and 15 (50): 75 − 25 × 4/9.
        assert!(close(
            sub_index("bod5", 10.0).unwrap(),
            75.0 - 25.0 * 4.0 / 9.0
        ));
        assert!(close(sub_index("bod5", 4.0).unwrap(), 100.0));
        assert!(close(sub_index("bod5", 3.0).unwrap(), 100.0));
        assert!(close(sub_index("bod5", 6.0).unwrap(), 75.0));
        // COD 100: between 50 (25) and 150 (10): 25 − 15 × 50/100 = 17.5; ≥ 150 is 10.
        assert!(close(sub_index("cod", 100.0).unwrap(), 17.5));
        assert!(close(sub_index("cod", 150.0).unwrap(), 10.0));
        assert!(close(sub_index("cod", 900.0).unwrap(), 10.0));
        // Coliform 6,000: 75 − 25 × 1000/2500 = 65.
        assert!(close(sub_index("coliform", 6_000.0).unwrap(), 65.0));
    }

    #[test]
    fn repeated_breakpoints_jump() {
        // N-NH4: under 0.3 is 100, at 0.3 is 75, 0.45 is 62.5.
        assert!(close(sub_index("nh4", 0.29).unwrap(), 100.0));
        assert!(close(sub_index("nh4", 0.3).unwrap(), 75.0));
        assert!(close(sub_index("nh4", 0.45).unwrap(), 62.5));
        // N-NO3: 15 is still 25, above it 10.
        assert!(close(sub_index("no3", 15.0).unwrap(), 25.0));
        assert!(close(sub_index("no3", 15.1).unwrap(), 10.0));
        // Pass or fail: N-NO2 and the pesticides.
        assert!(close(sub_index("no2", 0.05).unwrap(), 100.0));
        assert!(close(sub_index("no2", 0.051).unwrap(), 10.0));
        assert!(close(sub_index("bhc", 0.02).unwrap(), 100.0));
        assert!(close(sub_index("bhc", 0.03).unwrap(), 10.0));
        // Cd: at 0.005 already 75; 0.0065 between 0.005 (75) and 0.008 (50) is 62.5.
        assert!(close(sub_index("cd", 0.005).unwrap(), 75.0));
        assert!(close(sub_index("cd", 0.0065).unwrap(), 62.5));
    }

    #[test]
    fn ph_and_do_rise_then_fall() {
        assert!(close(sub_index("ph", 5.4).unwrap(), 10.0));
        assert!(close(sub_index("ph", 5.5).unwrap(), 50.0));
        assert!(close(sub_index("ph", 5.75).unwrap(), 75.0));
        assert!(close(sub_index("ph", 7.0).unwrap(), 100.0));
        assert!(close(sub_index("ph", 8.75).unwrap(), 75.0));
        assert!(close(sub_index("ph", 9.0).unwrap(), 50.0));
        assert!(close(sub_index("ph", 9.1).unwrap(), 10.0));
        // DO %: 35 % between 20 (25) and 50 (50) is 37.5; 100 % is 100; 137.5 % is 62.5.
        assert!(close(sub_index("do", 35.0).unwrap(), 37.5));
        assert!(close(sub_index("do", 100.0).unwrap(), 100.0));
        assert!(close(sub_index("do", 137.5).unwrap(), 62.5));
        assert!(close(sub_index("do", 19.0).unwrap(), 10.0));
        assert!(close(sub_index("do", 201.0).unwrap(), 10.0));
        // Saturation at 25 °C: 14.652 − 10.2555 + 4.994375 − 1.21521875 = 8.17565625.
        assert!(close(do_saturation(25.0), 8.175_656_25));
    }

    #[test]
    fn a_sample_worked_by_hand() {
        // pH 7 → 100. Group III: As 0.035 → 62.5, Pb 0.01 → 100: √(0.625 × 1) = 0.790569.
        // Group IV: BOD5 10 → 63.8889, COD 20 → 66.6667, N-NH4 0.45 → 62.5,
        // DO 8.17565625 at 25 °C = 100 % → 100: mean 73.2639.
        // Group V: coliform 6,000 → 65.
        // WQI = 1 × 0.790569 × ∛(73.2639² × 65) = 0.790569 × 70.3987 = 55.655 → 56.
        let s = sample(&[
            ("ph", 7.0),
            ("as", 0.035),
            ("pb", 0.01),
            ("bod5", 10.0),
            ("cod", 20.0),
            ("nh4", 0.45),
            ("do", 8.175_656_25),
            ("temp", 25.0),
            ("coliform", 6_000.0),
        ]);
        let w = compute(&s).unwrap();
        let iv: f64 = (63.888_888_889 + 66.666_666_667 + 62.5 + 100.0) / 4.0;
        let expect = (0.625f64).sqrt() * (iv * iv * 65.0).cbrt();
        assert!((w.exact - expect).abs() < 1e-6, "{} vs {expect}", w.exact);
        assert_eq!(w.value, 56);
        assert_eq!(w.lowest, "as");
        assert_eq!(band(w.value).label_vi, "Trung bình");
        // Without group V the bracket is group IV's mean: 0.790569 × 73.2639 = 57.92 → 58.
        let mut no_v = s.clone();
        no_v.remove("coliform");
        assert_eq!(compute(&no_v).unwrap().value, 58);
    }

    #[test]
    fn too_little_data_gives_no_index() {
        // Two groups only (pH and group IV).
        let s = sample(&[("ph", 7.0), ("bod5", 3.0), ("cod", 8.0), ("nh4", 0.1)]);
        assert_eq!(compute(&s), Err(WqiGap::Groups(2)));
        // Group IV with two parameters.
        let s = sample(&[
            ("ph", 7.0),
            ("bod5", 3.0),
            ("cod", 8.0),
            ("coliform", 100.0),
        ]);
        assert_eq!(compute(&s), Err(WqiGap::GroupIv(2)));
        // DO without temperature does not count.
        let s = sample(&[
            ("ph", 7.0),
            ("bod5", 3.0),
            ("cod", 8.0),
            ("do", 7.0),
            ("coliform", 100.0),
        ]);
        assert_eq!(compute(&s), Err(WqiGap::DoWithoutTemperature));
    }

    #[test]
    fn every_band_edge() {
        let label = |v| band(v).label_vi;
        assert_eq!(label(100), "Rất tốt");
        assert_eq!(label(91), "Rất tốt");
        assert_eq!(label(90), "Tốt");
        assert_eq!(label(76), "Tốt");
        assert_eq!(label(75), "Trung bình");
        assert_eq!(label(51), "Trung bình");
        assert_eq!(label(50), "Xấu");
        assert_eq!(label(26), "Xấu");
        assert_eq!(label(25), "Kém");
        assert_eq!(label(10), "Kém");
        assert_eq!(label(9), "Ô nhiễm rất nặng");
        assert_eq!(label(0), "Ô nhiễm rất nặng");
        assert_eq!(band(95).rgb, (51, 51, 255));
    }
}
