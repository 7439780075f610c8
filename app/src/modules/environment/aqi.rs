//! VN_AQI as Decision 1459/QĐ-TCMT (12/11/2019) defines it: sub-indices by linear
//! interpolation between breakpoints, the Nowcast of PM2.5 and PM10 for hourly values,
//! the daily rules (24-hour means, O3's 1-hour and 8-hour columns, daily maxima), the
//! station's index as the largest sub-index, and the official bands and colours.
//! Concentrations in µg/m³ (CO too).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pollutant {
    Pm25,
    Pm10,
    O3,
    No2,
    So2,
    Co,
}

impl Pollutant {
    pub fn label(self) -> &'static str {
        match self {
            Pollutant::Pm25 => "PM2.5",
            Pollutant::Pm10 => "PM10",
            Pollutant::O3 => "O₃",
            Pollutant::No2 => "NO₂",
            Pollutant::So2 => "SO₂",
            Pollutant::Co => "CO",
        }
    }
}

/// A column of the decision's breakpoint table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    O3OneHour,
    O3EightHour,
    Co,
    So2,
    No2,
    Pm10,
    Pm25,
}

/// Decision 1459/QĐ-TCMT, table of breakpoints: (I_i, [O3 1h, O3 8h, CO, SO2, NO2, PM10,
/// PM2.5]); O3 8h has no breakpoints above level 300.
const BREAKPOINTS: [(f64, [Option<f64>; 7]); 8] = [
    (
        0.0,
        [
            Some(0.0),
            Some(0.0),
            Some(0.0),
            Some(0.0),
            Some(0.0),
            Some(0.0),
            Some(0.0),
        ],
    ),
    (
        50.0,
        [
            Some(160.0),
            Some(100.0),
            Some(10_000.0),
            Some(125.0),
            Some(100.0),
            Some(50.0),
            Some(25.0),
        ],
    ),
    (
        100.0,
        [
            Some(200.0),
            Some(120.0),
            Some(30_000.0),
            Some(350.0),
            Some(200.0),
            Some(150.0),
            Some(50.0),
        ],
    ),
    (
        150.0,
        [
            Some(300.0),
            Some(170.0),
            Some(45_000.0),
            Some(550.0),
            Some(700.0),
            Some(250.0),
            Some(80.0),
        ],
    ),
    (
        200.0,
        [
            Some(400.0),
            Some(210.0),
            Some(60_000.0),
            Some(800.0),
            Some(1_200.0),
            Some(350.0),
            Some(150.0),
        ],
    ),
    (
        300.0,
        [
            Some(800.0),
            Some(400.0),
            Some(90_000.0),
            Some(1_600.0),
            Some(2_350.0),
            Some(420.0),
            Some(250.0),
        ],
    ),
    (
        400.0,
        [
            Some(1_000.0),
            None,
            Some(120_000.0),
            Some(2_100.0),
            Some(3_100.0),
            Some(500.0),
            Some(350.0),
        ],
    ),
    (
        500.0,
        [
            Some(1_200.0),
            None,
            Some(150_000.0),
            Some(2_630.0),
            Some(3_850.0),
            Some(600.0),
            Some(500.0),
        ],
    ),
];

/// The sub-index of a concentration: linear between the breakpoints BP_i ≤ C < BP_{i+1}.
/// At or above the last breakpoint the index is 500 (the scale's end); `None` where the
/// column has no breakpoints (O3 8-hour means of 400 µg/m³ and more).
fn sub_index(column: Column, c: f64) -> Option<f64> {
    if !c.is_finite() || c < 0.0 {
        return None;
    }
    let col = column as usize;
    for pair in BREAKPOINTS.windows(2) {
        let (i_lo, bp_lo) = (pair[0].0, pair[0].1[col]?);
        let (i_hi, bp_hi) = (pair[1].0, pair[1].1[col]?);
        if c >= bp_lo && c < bp_hi {
            return Some((i_hi - i_lo) / (bp_hi - bp_lo) * (c - bp_lo) + i_lo);
        }
    }
    // Beyond the column's last breakpoint: the top of the scale, where the column goes there.
    BREAKPOINTS[7].1[col].map(|_| 500.0)
}

/// The Nowcast of the last 12 hourly means, `hours[0]` the latest. Computable only when
/// at least two of the three latest hours exist.
pub fn nowcast(hours: &[Option<f64>]) -> Option<f64> {
    let recent = hours.iter().take(3).filter(|h| h.is_some()).count();
    if recent < 2 {
        return None;
    }
    let present: Vec<(usize, f64)> = hours
        .iter()
        .take(12)
        .enumerate()
        .filter_map(|(i, h)| h.map(|v| (i, v)))
        .collect();
    let max = present.iter().map(|(_, v)| *v).fold(f64::MIN, f64::max);
    let min = present.iter().map(|(_, v)| *v).fold(f64::MAX, f64::min);
    let w_star = if max > 0.0 { min / max } else { 1.0 };
    let w = if w_star > 0.5 { w_star } else { 0.5 };
    let (mut num, mut den) = (0.0, 0.0);
    for (i, v) in present {
        let weight = w.powi(i as i32);
        num += weight * v;
        den += weight;
    }
    Some(num / den)
}

/// An index with the sub-index of each pollutant that had data, and the dominant one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aqi {
    /// The largest sub-index, rounded to an integer.
    pub value: u32,
    pub dominant: Pollutant,
    pub sub_indices: Vec<(Pollutant, f64)>,
}

fn combine(subs: Vec<(Pollutant, f64)>) -> Option<Aqi> {
    // The decision requires PM2.5 or PM10.
    if !subs
        .iter()
        .any(|(p, _)| matches!(p, Pollutant::Pm25 | Pollutant::Pm10))
    {
        return None;
    }
    let (dominant, max) = subs
        .iter()
        .copied()
        .fold(None::<(Pollutant, f64)>, |best, (p, v)| match best {
            Some((_, b)) if b >= v => best,
            _ => Some((p, v)),
        })?;
    Some(Aqi {
        value: max.round() as u32,
        dominant,
        sub_indices: subs,
    })
}

/// One hour's data at a station: the last 12 hourly means of PM (latest first) and this
/// hour's means of the gases.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HourInput {
    pub pm25: Vec<Option<f64>>,
    pub pm10: Vec<Option<f64>>,
    pub o3: Option<f64>,
    pub no2: Option<f64>,
    pub so2: Option<f64>,
    pub co: Option<f64>,
}

/// The hourly VN_AQI; `None` without PM2.5 or PM10 (Nowcast not computable).
pub fn hourly(input: &HourInput) -> Option<Aqi> {
    let mut subs = Vec::new();
    let mut add = |p: Pollutant, col: Column, c: Option<f64>| {
        if let Some(v) = c.and_then(|c| sub_index(col, c)) {
            subs.push((p, v));
        }
    };
    add(Pollutant::Pm25, Column::Pm25, nowcast(&input.pm25));
    add(Pollutant::Pm10, Column::Pm10, nowcast(&input.pm10));
    add(Pollutant::O3, Column::O3OneHour, input.o3);
    add(Pollutant::No2, Column::No2, input.no2);
    add(Pollutant::So2, Column::So2, input.so2);
    add(Pollutant::Co, Column::Co, input.co);
    combine(subs)
}

/// One day's 24 hourly means per pollutant (01:00 … 24:00; missing hours `None`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayInput {
    pub pm25: Vec<Option<f64>>,
    pub pm10: Vec<Option<f64>>,
    pub o3: Vec<Option<f64>>,
    pub no2: Vec<Option<f64>>,
    pub so2: Vec<Option<f64>>,
    pub co: Vec<Option<f64>>,
}

fn mean(values: &[Option<f64>]) -> Option<f64> {
    let v: Vec<f64> = values.iter().flatten().copied().collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

fn max(values: &[Option<f64>]) -> Option<f64> {
    values.iter().flatten().copied().reduce(f64::max)
}

/// Hours an 8-hour window needs to count (the decision does not say; 6 of 8, as the
/// usual rule for rolling means, so one or two missing hours do not void a day).
pub const MIN_HOURS_8H: usize = 6;

/// The day's largest 8-hour rolling mean of O3 (windows within the day).
pub fn max_8h_mean(hours: &[Option<f64>]) -> Option<f64> {
    hours
        .windows(8)
        .filter_map(|w| {
            let v: Vec<f64> = w.iter().flatten().copied().collect();
            (v.len() >= MIN_HOURS_8H).then(|| v.iter().sum::<f64>() / v.len() as f64)
        })
        .reduce(f64::max)
}

/// The daily VN_AQI.
pub fn daily(input: &DayInput) -> Option<Aqi> {
    let mut subs = Vec::new();
    let mut add = |p: Pollutant, v: Option<f64>| {
        if let Some(v) = v {
            subs.push((p, v));
        }
    };
    add(
        Pollutant::Pm25,
        mean(&input.pm25).and_then(|c| sub_index(Column::Pm25, c)),
    );
    add(
        Pollutant::Pm10,
        mean(&input.pm10).and_then(|c| sub_index(Column::Pm10, c)),
    );
    // O3: the larger of the 1-hour and 8-hour sub-indices; above 400 µg/m³ as an 8-hour
    // mean, the 1-hour value alone.
    let one = max(&input.o3).and_then(|c| sub_index(Column::O3OneHour, c));
    let eight = max_8h_mean(&input.o3)
        .filter(|c| *c <= 400.0)
        .and_then(|c| sub_index(Column::O3EightHour, c));
    add(
        Pollutant::O3,
        match (one, eight) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        },
    );
    add(
        Pollutant::No2,
        max(&input.no2).and_then(|c| sub_index(Column::No2, c)),
    );
    add(
        Pollutant::So2,
        max(&input.so2).and_then(|c| sub_index(Column::So2, c)),
    );
    add(
        Pollutant::Co,
        max(&input.co).and_then(|c| sub_index(Column::Co, c)),
    );
    combine(subs)
}

/// A band of the scale, as the decision publishes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub min: u32,
    pub max: u32,
    pub label_vi: &'static str,
    pub label_en: &'static str,
    /// The colour's name in the decision.
    pub colour_vi: &'static str,
    pub rgb: (u8, u8, u8),
}

pub const BANDS: [Band; 6] = [
    Band {
        min: 0,
        max: 50,
        label_vi: "Tốt",
        label_en: "Good",
        colour_vi: "Xanh",
        rgb: (0, 228, 0),
    },
    Band {
        min: 51,
        max: 100,
        label_vi: "Trung bình",
        label_en: "Moderate",
        colour_vi: "Vàng",
        rgb: (255, 255, 0),
    },
    Band {
        min: 101,
        max: 150,
        label_vi: "Kém",
        label_en: "Poor",
        colour_vi: "Da cam",
        rgb: (255, 126, 0),
    },
    Band {
        min: 151,
        max: 200,
        label_vi: "Xấu",
        label_en: "Bad",
        colour_vi: "Đỏ",
        rgb: (255, 0, 0),
    },
    Band {
        min: 201,
        max: 300,
        label_vi: "Rất xấu",
        label_en: "Very bad",
        colour_vi: "Tím",
        rgb: (143, 63, 151),
    },
    Band {
        min: 301,
        max: 500,
        label_vi: "Nguy hại",
        label_en: "Hazardous",
        colour_vi: "Nâu",
        rgb: (126, 0, 35),
    },
];

/// What the decision advises for each band, in band order: (for everyone, for sensitive
/// groups — the elderly, children, people with respiratory or heart disease).
pub const ADVICE: [[(&str, &str); 2]; 6] = [
    [
        ("Tự do thực hiện các hoạt động ngoài trời.", "Enjoy outdoor activities freely."),
        ("Tự do thực hiện các hoạt động ngoài trời.", "Enjoy outdoor activities freely."),
    ],
    [
        ("Tự do thực hiện các hoạt động ngoài trời.", "Enjoy outdoor activities freely."),
        (
            "Nên theo dõi các triệu chứng như ho hoặc khó thở, nhưng vẫn có thể hoạt động bên ngoài.",
            "Watch for symptoms such as coughing or shortness of breath; outdoor activity is still fine.",
        ),
    ],
    [
        (
            "Những người thấy có triệu chứng đau mắt, ho hoặc đau họng… nên cân nhắc giảm các hoạt động ngoài trời.",
            "People with sore eyes, a cough or a sore throat should consider less outdoor activity.",
        ),
        (
            "Nên giảm các hoạt động mạnh và giảm thời gian hoạt động ngoài trời.",
            "Reduce strenuous activity and time spent outdoors.",
        ),
    ],
    [
        (
            "Mọi người nên giảm các hoạt động mạnh khi ở ngoài trời, tránh tập thể dục kéo dài và nghỉ ngơi nhiều hơn trong nhà.",
            "Everyone should reduce strenuous outdoor activity, avoid long exercise and rest indoors more.",
        ),
        (
            "Nên ở trong nhà và giảm hoạt động mạnh. Nếu cần thiết phải ra ngoài, hãy đeo khẩu trang đạt tiêu chuẩn.",
            "Stay indoors and reduce strenuous activity; wear a standard mask if going out.",
        ),
    ],
    [
        (
            "Mọi người hạn chế tối đa các hoạt động ngoài trời và chuyển tất cả các hoạt động vào trong nhà.",
            "Everyone should keep outdoor activity to a minimum and move activities indoors.",
        ),
        (
            "Nên ở trong nhà và giảm hoạt động mạnh.",
            "Stay indoors and reduce strenuous activity.",
        ),
    ],
    [
        (
            "Mọi người nên ở trong nhà, đóng cửa ra vào và cửa sổ. Nếu cần thiết phải ra ngoài, hãy đeo khẩu trang đạt tiêu chuẩn.",
            "Everyone should stay indoors with doors and windows shut; wear a standard mask if going out.",
        ),
        (
            "Mọi người nên ở trong nhà, đóng cửa ra vào và cửa sổ.",
            "Everyone should stay indoors with doors and windows shut.",
        ),
    ],
];

/// The position of an index's band in [`BANDS`] (0 = Tốt … 5 = Nguy hại).
pub fn band_index(aqi: u32) -> usize {
    BANDS
        .iter()
        .position(|b| aqi <= b.max)
        .unwrap_or(BANDS.len() - 1)
}

/// The band of an index (values above 500 are in the last band).
pub fn band(aqi: u32) -> &'static Band {
    BANDS
        .iter()
        .find(|b| aqi <= b.max)
        .unwrap_or(&BANDS[BANDS.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn sub_indices_interpolate_between_breakpoints() {
        // PM2.5 35: between 25 (50) and 50 (100): 50/25 × 10 + 50 = 70.
        assert!(close(sub_index(Column::Pm25, 35.0).unwrap(), 70.0));
        // A breakpoint starts its interval: PM2.5 25 is 50, PM10 150 is 100.
        assert!(close(sub_index(Column::Pm25, 25.0).unwrap(), 50.0));
        assert!(close(sub_index(Column::Pm10, 150.0).unwrap(), 100.0));
        // CO 10,000 µg/m³ is 50; SO2 450: 50/200 × 100 + 100 = 125.
        assert!(close(sub_index(Column::Co, 10_000.0).unwrap(), 50.0));
        assert!(close(sub_index(Column::So2, 450.0).unwrap(), 125.0));
        // NO2 950: 50/500 × 250 + 150 = 175.
        assert!(close(sub_index(Column::No2, 950.0).unwrap(), 175.0));
        // The end of the scale, and O3 8-hour values the table does not cover.
        assert!(close(sub_index(Column::Pm25, 600.0).unwrap(), 500.0));
        assert!(sub_index(Column::O3EightHour, 400.0).is_none());
        assert!(close(
            sub_index(Column::O3EightHour, 399.0).unwrap(),
            200.0 + 100.0 / 190.0 * 189.0
        ));
        assert!(sub_index(Column::Pm25, -1.0).is_none());
    }

    #[test]
    fn nowcast_weights_recent_hours() {
        // min/max = 1/3 ≤ 1/2, so w = 1/2: (30 + 20/2 + 10/4) / (1 + 1/2 + 1/4) = 24.2857…
        let n = nowcast(&[Some(30.0), Some(20.0), Some(10.0)]).unwrap();
        assert!(close(n, 42.5 / 1.75));
        // min/max = 0.8 > 1/2, so w = 0.8: (40 + 0.8 × 32) / 1.8 = 36.444…
        assert!(close(
            nowcast(&[Some(40.0), Some(32.0)]).unwrap(),
            65.6 / 1.8
        ));
        // Missing hours drop out of both sums: hours 1 and 3 with w = 1/2.
        let n = nowcast(&[Some(20.0), None, Some(10.0)]).unwrap();
        assert!(close(n, (20.0 + 0.25 * 10.0) / 1.25));
        // Needs two of the three latest hours.
        assert!(nowcast(&[Some(20.0), None, None, Some(10.0), Some(12.0)]).is_none());
        assert!(close(nowcast(&[Some(0.0), Some(0.0)]).unwrap(), 0.0));
        // Only the last 12 hours count.
        let mut long = vec![Some(10.0); 12];
        long.push(Some(1_000.0));
        assert!(close(nowcast(&long).unwrap(), 10.0));
    }

    #[test]
    fn hourly_index_is_the_largest_sub_index() {
        let input = HourInput {
            pm25: vec![Some(30.0), Some(20.0), Some(10.0)],
            o3: Some(180.0),
            no2: Some(40.0),
            ..Default::default()
        };
        let aqi = hourly(&input).unwrap();
        // PM2.5 Nowcast 24.2857 → 48.57; O3 180 → 50/40 × 20 + 50 = 75; NO2 40 → 20.
        assert_eq!(aqi.value, 75);
        assert_eq!(aqi.dominant, Pollutant::O3);
        assert_eq!(aqi.sub_indices.len(), 3);
        // Without PM the decision gives no index.
        let gases_only = HourInput {
            o3: Some(180.0),
            ..Default::default()
        };
        assert!(hourly(&gases_only).is_none());
    }

    #[test]
    fn daily_index_follows_the_o3_rules() {
        let mut o3 = vec![Some(100.0); 24];
        o3[12] = Some(180.0);
        for h in o3.iter_mut().take(20).skip(12) {
            *h = Some(130.0);
        }
        o3[12] = Some(180.0);
        let day = DayInput {
            pm25: vec![Some(20.0); 24],
            o3: o3.clone(),
            ..Default::default()
        };
        // PM2.5 24-hour mean 20 → 40. O3: 1-hour max 180 → 75; 8-hour max: hours 13–20
        // = (180 + 7 × 130) / 8 = 136.25 → 50/50 × 16.25 + 100 = 116.25. O3 is 116.25.
        let aqi = daily(&day).unwrap();
        assert_eq!(aqi.value, 116);
        assert_eq!(aqi.dominant, Pollutant::O3);
        // Above 400 as an 8-hour mean: the 1-hour value alone (450 → 50/100 × 150 + 150).
        let day = DayInput {
            pm25: vec![Some(20.0); 24],
            o3: vec![Some(450.0); 24],
            ..Default::default()
        };
        let aqi = daily(&day).unwrap();
        assert_eq!(aqi.value, 213);
        // Missing hours: the 24-hour mean of those present; an 8-hour window needs 6.
        let mut pm = vec![None; 24];
        pm[0] = Some(50.0);
        pm[1] = Some(100.0);
        let day = DayInput {
            pm10: pm,
            o3: vec![Some(130.0), None, None, Some(130.0), None, None, None, None],
            ..Default::default()
        };
        let aqi = daily(&day).unwrap();
        // PM10 mean 75 → 50/100 × 25 + 50 = 62.5; O3 8-hour not counted, 1-hour 130 → 40.6.
        assert_eq!(aqi.value, 63);
        assert_eq!(aqi.dominant, Pollutant::Pm10);
        // SO2, NO2, CO by their daily maxima.
        let day = DayInput {
            pm25: vec![Some(10.0); 24],
            co: vec![Some(5_000.0), Some(40_000.0)],
            ..Default::default()
        };
        // CO 40,000 → 50/15,000 × 10,000 + 100 = 133.3.
        assert_eq!(daily(&day).unwrap().value, 133);
        assert_eq!(daily(&day).unwrap().dominant, Pollutant::Co);
    }

    #[test]
    fn every_band_edge() {
        let label = |v| band(v).label_vi;
        assert_eq!(label(0), "Tốt");
        assert_eq!(label(50), "Tốt");
        assert_eq!(label(51), "Trung bình");
        assert_eq!(label(100), "Trung bình");
        assert_eq!(label(101), "Kém");
        assert_eq!(label(150), "Kém");
        assert_eq!(label(151), "Xấu");
        assert_eq!(label(200), "Xấu");
        assert_eq!(label(201), "Rất xấu");
        assert_eq!(label(300), "Rất xấu");
        assert_eq!(label(301), "Nguy hại");
        assert_eq!(label(500), "Nguy hại");
        assert_eq!(band(151).rgb, (255, 0, 0));
        assert_eq!(band(250).rgb, (143, 63, 151));
    }
}
