//! Demo monitoring network for the province: 6 automatic air stations and 4 water stations
//! (one automatic, three sampled monthly), two years of readings up to the hour the demo is
//! loaded, with daily and seasonal cycles, a few pollution episodes, outages and the odd
//! implausible value. Generated (marked demo), written through the ingestion's own writer
//! so rollups, indices and alerts are what live data would give.

use super::ingest::{self, Reading};
use super::store;
use crate::auth::internal;
use crate::db::entity::env_station;
use app::error::AppResult;
use app::modules::environment::model::StationInput;
use app::modules::environment::params::StationKind;
use app::modules::environment::{hour_start, ICT_OFFSET};
use sea_orm::{EntityTrait, PaginatorTrait};
use std::collections::BTreeMap;

struct DemoStation {
    code: &'static str,
    name: &'static str,
    name_en: &'static str,
    kind: StationKind,
    periodic: bool,
    lat: f64,
    lon: f64,
    district: &'static str,
    /// Typical level of each parameter (µg/m³ or the water unit).
    base: &'static [(&'static str, f64)],
    limits: &'static [(&'static str, f64)],
}

/// What every demo air station measures.
const AIR: [&str; 6] = ["pm25", "pm10", "o3", "no2", "so2", "co"];

const STATIONS: &[DemoStation] = &[
    DemoStation {
        code: "KK-VT01",
        name: "Vũng Tàu – Công viên Bãi Trước",
        name_en: "Vung Tau – Bai Truoc Park",
        kind: StationKind::Air,
        periodic: false,
        lat: 10.3462,
        lon: 107.0728,
        district: "747",
        base: &[
            ("pm25", 22.0),
            ("pm10", 40.0),
            ("o3", 55.0),
            ("no2", 32.0),
            ("so2", 12.0),
            ("co", 1_100.0),
        ],
        limits: &[],
    },
    DemoStation {
        code: "KK-BR01",
        name: "Bà Rịa – Trung tâm hành chính tỉnh",
        name_en: "Ba Ria – Provincial Administrative Centre",
        kind: StationKind::Air,
        periodic: false,
        lat: 10.4963,
        lon: 107.1681,
        district: "748",
        base: &[
            ("pm25", 25.0),
            ("pm10", 45.0),
            ("o3", 50.0),
            ("no2", 35.0),
            ("so2", 14.0),
            ("co", 1_200.0),
        ],
        limits: &[],
    },
    DemoStation {
        code: "KK-PM01",
        name: "Phú Mỹ – Khu công nghiệp Phú Mỹ I",
        name_en: "Phu My – Phu My I Industrial Park",
        kind: StationKind::Air,
        periodic: false,
        lat: 10.5871,
        lon: 107.0512,
        district: "754",
        base: &[
            ("pm25", 34.0),
            ("pm10", 62.0),
            ("o3", 45.0),
            ("no2", 55.0),
            ("so2", 42.0),
            ("co", 1_800.0),
        ],
        limits: &[],
    },
    DemoStation {
        code: "KK-CD01",
        name: "Châu Đức – Ngãi Giao",
        name_en: "Chau Duc – Ngai Giao",
        kind: StationKind::Air,
        periodic: false,
        lat: 10.6482,
        lon: 107.2468,
        district: "750",
        base: &[
            ("pm25", 19.0),
            ("pm10", 35.0),
            ("o3", 60.0),
            ("no2", 18.0),
            ("so2", 8.0),
            ("co", 800.0),
        ],
        limits: &[],
    },
    DemoStation {
        code: "KK-XM01",
        name: "Xuyên Mộc – Phước Bửu",
        name_en: "Xuyen Moc – Phuoc Buu",
        kind: StationKind::Air,
        periodic: false,
        lat: 10.5333,
        lon: 107.3995,
        district: "751",
        base: &[
            ("pm25", 15.0),
            ("pm10", 28.0),
            ("o3", 62.0),
            ("no2", 12.0),
            ("so2", 6.0),
            ("co", 600.0),
        ],
        limits: &[],
    },
    DemoStation {
        code: "KK-LD01",
        name: "Long Điền – Long Hải",
        name_en: "Long Dien – Long Hai",
        kind: StationKind::Air,
        periodic: false,
        lat: 10.3921,
        lon: 107.2297,
        district: "752",
        base: &[
            ("pm25", 18.0),
            ("pm10", 33.0),
            ("o3", 58.0),
            ("no2", 20.0),
            ("so2", 9.0),
            ("co", 900.0),
        ],
        limits: &[],
    },
    DemoStation {
        code: "NM-TV01",
        name: "Sông Thị Vải – cảng Cái Mép",
        name_en: "Thi Vai River – Cai Mep Port",
        kind: StationKind::Water,
        periodic: false,
        lat: 10.5302,
        lon: 107.0298,
        district: "754",
        base: &[
            ("ph", 7.2),
            ("temp", 29.5),
            ("do", 5.2),
            ("cod", 24.0),
            ("nh4", 0.45),
        ],
        // A navigation and industrial river: QCVN 08:2023 class C limits.
        limits: &[("cod", 50.0), ("nh4", 1.0)],
    },
    DemoStation {
        code: "NM-SD01",
        name: "Sông Dinh – cầu Long Hương",
        name_en: "Dinh River – Long Huong Bridge",
        kind: StationKind::Water,
        periodic: true,
        lat: 10.4988,
        lon: 107.1502,
        district: "748",
        base: WATER_SAMPLE_DINH,
        limits: &[
            ("bod5", 15.0),
            ("cod", 30.0),
            ("nh4", 0.9),
            ("coliform", 7_500.0),
        ],
    },
    DemoStation {
        code: "NM-SR01",
        name: "Sông Ray – cầu Sông Ray",
        name_en: "Ray River – Song Ray Bridge",
        kind: StationKind::Water,
        periodic: true,
        lat: 10.7396,
        lon: 107.3503,
        district: "751",
        base: WATER_SAMPLE_RAY,
        limits: &[
            ("bod5", 6.0),
            ("cod", 15.0),
            ("nh4", 0.3),
            ("coliform", 5_000.0),
        ],
    },
    DemoStation {
        code: "NM-DD01",
        name: "Hồ Đá Đen",
        name_en: "Da Den Reservoir",
        kind: StationKind::Water,
        periodic: true,
        lat: 10.5421,
        lon: 107.1985,
        district: "750",
        base: WATER_SAMPLE_LAKE,
        limits: &[],
    },
];

const WATER_SAMPLE_DINH: &[(&str, f64)] = &[
    ("ph", 7.0),
    ("temp", 29.0),
    ("do", 4.6),
    ("bod5", 9.0),
    ("cod", 21.0),
    ("nh4", 0.55),
    ("no3", 1.8),
    ("no2", 0.04),
    ("po4", 0.22),
    ("coliform", 5_200.0),
    ("ecoli", 60.0),
    ("as", 0.004),
    ("pb", 0.006),
    ("cd", 0.001),
    ("hg", 0.0004),
];
const WATER_SAMPLE_RAY: &[(&str, f64)] = &[
    ("ph", 7.1),
    ("temp", 28.0),
    ("do", 6.1),
    ("bod5", 4.5),
    ("cod", 11.0),
    ("nh4", 0.2),
    ("no3", 1.1),
    ("no2", 0.02),
    ("po4", 0.09),
    ("coliform", 2_400.0),
    ("ecoli", 25.0),
    ("as", 0.002),
    ("pb", 0.003),
    ("cd", 0.0005),
    ("hg", 0.0002),
];
const WATER_SAMPLE_LAKE: &[(&str, f64)] = &[
    ("ph", 7.3),
    ("temp", 28.5),
    ("do", 6.8),
    ("bod5", 3.2),
    ("cod", 8.5),
    ("nh4", 0.12),
    ("no3", 0.6),
    ("no2", 0.01),
    ("po4", 0.05),
    ("coliform", 900.0),
    ("ecoli", 8.0),
    ("as", 0.001),
    ("pb", 0.002),
    ("cd", 0.0003),
    ("hg", 0.0001),
];

/// A small deterministic generator: the same demo on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Multiplicative noise around 1.
    fn noise(&mut self, spread: f64) -> f64 {
        1.0 + spread * (self.next() + self.next() - 1.0)
    }
}

/// Days of the demo: two years.
pub const DAYS: i64 = 730;

/// Loads the demo network if no station is registered yet. `end` is the last hour with
/// readings (epoch seconds). Returns the number of readings written.
pub async fn seed<C: crate::db::Conn>(db: &C, end: i64, days: i64) -> AppResult<u64> {
    if env_station::Entity::find()
        .count(db)
        .await
        .map_err(internal)?
        > 0
    {
        return Ok(0);
    }
    for s in STATIONS {
        let parameters: Vec<String> = match s.kind {
            StationKind::Air => AIR.iter().map(|p| p.to_string()).collect(),
            StationKind::Water => s.base.iter().map(|(p, _)| p.to_string()).collect(),
        };
        store::save(
            db,
            "demo",
            None,
            StationInput {
                code: s.code.to_string(),
                name: s.name.to_string(),
                name_en: Some(s.name_en.to_string()),
                kind: s.kind,
                lat: s.lat,
                lon: s.lon,
                district_code: Some(s.district.to_string()),
                parameters,
                mode: Some(if s.periodic { "periodic" } else { "automatic" }.to_string()),
                interval_minutes: None,
                limits: s.limits.iter().map(|(p, v)| (p.to_string(), *v)).collect(),
                department: Some(store::DEFAULT_DEPARTMENT.to_string()),
            },
        )
        .await?;
    }
    let codes: Vec<&str> = STATIONS.iter().map(|s| s.code).collect();
    store::mark_demo(db, &codes).await?;
    let ids: BTreeMap<String, i32> = store::infos(db)
        .await?
        .into_iter()
        .map(|(code, i)| (code, i.id))
        .collect();

    let end = hour_start(end);
    let start = end - days * 86_400;
    let mut total = 0u64;
    // A month at a time, every station: batches of about 30,000 readings.
    let step = 30 * 86_400;
    let mut from = start;
    while from <= end {
        let to = (from + step).min(end + 1);
        let mut batch = Vec::new();
        for (i, s) in STATIONS.iter().enumerate() {
            let id = ids[s.code];
            generate(s, i as u64, id, from, to, end, &mut batch);
        }
        total += batch.len() as u64;
        ingest::write(db, batch).await?;
        from = to;
    }
    Ok(total)
}

/// Readings of one station for the hours in [from, to).
fn generate(
    s: &DemoStation,
    index: u64,
    id: i32,
    from: i64,
    to: i64,
    end: i64,
    out: &mut Vec<Reading>,
) {
    // Episodes and outages come from a generator of their own, so they do not depend on
    // which month is being written.
    let mut plan = Rng(0x9E37_79B9_7F4A_7C15 ^ (index + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let span_start = end - DAYS * 86_400;
    let episodes: Vec<(i64, i64, f64)> = (0..4)
        .map(|_| {
            let at = span_start + (plan.next() * DAYS as f64) as i64 * 86_400;
            let len = (2.0 + plan.next() * 4.0) as i64 * 86_400;
            (at, at + len, 2.2 + plan.next() * 1.3)
        })
        .collect();
    let outages: Vec<(i64, i64)> = (0..5)
        .map(|_| {
            let at = span_start + (plan.next() * (DAYS * 24) as f64) as i64 * 3600;
            (at, at + (6.0 + plan.next() * 42.0) as i64 * 3600)
        })
        .collect();
    let mut rng = Rng(0xD1B5_4A32_D192_ED03 ^ (from as u64).wrapping_add(index * 7_919));

    if s.periodic {
        // A sample on the 10th of each month at 09:00.
        let mut t = from;
        while t < to {
            let local = chrono::DateTime::from_timestamp(t + ICT_OFFSET, 0).unwrap_or_default();
            use chrono::{Datelike, Timelike};
            if local.day() == 10 && local.hour() == 9 {
                let dry = matches!(local.month(), 12 | 1 | 2 | 3 | 4);
                for (p, base) in s.base {
                    let season = match (*p, dry) {
                        ("temp", true) => 0.95,
                        ("temp", false) => 1.04,
                        ("ph" | "do", _) => 1.0,
                        // Rain washes pollutants in: the wet season is worse for most.
                        (_, false) => 1.15,
                        (_, true) => 0.9,
                    };
                    let spread = if *p == "ph" || *p == "temp" {
                        0.03
                    } else {
                        0.25
                    };
                    out.push(Reading {
                        station: id,
                        parameter: p.to_string(),
                        time: t,
                        value: round(base * season * rng.noise(spread)),
                        flag: 0,
                    });
                }
            }
            t += 3600;
        }
        return;
    }

    let current_episode = s.code == "KK-PM01";
    let current_outage = s.code == "KK-LD01";
    let mut t = from;
    while t < to {
        if outages.iter().any(|(a, b)| t >= *a && t < *b) || (current_outage && t > end - 5 * 3600)
        {
            t += 3600;
            continue;
        }
        let local = chrono::DateTime::from_timestamp(t + ICT_OFFSET, 0).unwrap_or_default();
        use chrono::{Datelike, Timelike};
        let hour = local.hour() as f64;
        let dry = matches!(local.month(), 12 | 1 | 2 | 3 | 4);
        let mut episode = episodes
            .iter()
            .find(|(a, b, _)| t >= *a && t < *b)
            .map(|(_, _, f)| *f)
            .unwrap_or(1.0);
        if current_episode && t > end - 20 * 3600 {
            // The episode going on as the demo starts: "Kém" or worse at Phú Mỹ.
            episode = 2.8;
        }
        // Rush hours at 7:00 and 18:00.
        let traffic = 0.75
            + 0.45 * (-((hour - 7.5) / 2.0).powi(2)).exp()
            + 0.5 * (-((hour - 18.5) / 2.5).powi(2)).exp();
        for (p, base) in s.base {
            let v = match (s.kind, *p) {
                (StationKind::Air, "pm25" | "pm10") => {
                    base * traffic * if dry { 1.35 } else { 0.8 } * episode * rng.noise(0.3)
                }
                (StationKind::Air, "o3") => {
                    // Sunlight: a broad midday peak, low at night.
                    let sun = (std::f64::consts::PI * (hour - 6.0) / 12.0).sin().max(0.0);
                    base * (0.45 + 1.5 * sun) * if dry { 1.1 } else { 0.9 } * rng.noise(0.2)
                }
                (StationKind::Air, _) => {
                    base * traffic * if dry { 1.15 } else { 0.9 } * episode.sqrt() * rng.noise(0.3)
                }
                (_, "ph") => {
                    base + 0.25 * (std::f64::consts::PI * hour / 12.0).sin()
                        + 0.1 * (rng.next() - 0.5)
                }
                (_, "temp") => {
                    base + 1.2 * (std::f64::consts::PI * (hour - 9.0) / 12.0).sin()
                        + if dry { -1.0 } else { 0.5 }
                }
                (_, "do") => {
                    base + 0.9 * (std::f64::consts::PI * (hour - 9.0) / 12.0).sin()
                        + 0.2 * (rng.next() - 0.5)
                }
                // The tide (12.4 h) carries the port's load back and forth.
                _ => {
                    base * (1.0 + 0.35 * (2.0 * std::f64::consts::PI * t as f64 / 44_640.0).sin())
                        * rng.noise(0.2)
                }
            };
            out.push(Reading {
                station: id,
                parameter: p.to_string(),
                time: t,
                value: round(v),
                flag: 0,
            });
        }
        // Once in a long while a sensor glitch: stored, flagged, left out of the index.
        if s.kind == StationKind::Air && rng.next() < 0.000_15 {
            out.push(Reading {
                station: id,
                parameter: "pm10".into(),
                time: t + 1_800,
                value: 9_999.0,
                flag: 1,
            });
        }
        t += 3600;
    }
}

/// The demo station that is out of service as the demo starts (its silence alert is part
/// of the demo's story): the feeder leaves it silent.
const OUT_OF_SERVICE: &str = "KK-LD01";

/// With `serve --demo`, the demo's automatic stations keep reporting: every `every`, a
/// reading of each parameter for that moment, through the same check and write as the
/// HTTP API, so the "Sống" criterion, the indices and the alerts move as in a live
/// province. A moment's values are the same on every server (the generator is seeded by
/// the moment), so several copies feeding at once write identical rows (upserts).
pub async fn feed(db: sea_orm::DatabaseConnection, every: std::time::Duration) {
    let step = every.as_secs().max(1) as i64;
    loop {
        let now = chrono::Utc::now().timestamp();
        let slot = now - now.rem_euclid(step);
        match feed_slot(&db, slot).await {
            Ok(n) => tracing::debug!(readings = n, "demo feeder: stations reported"),
            // A busy or absent database: the next moment tries again.
            Err(e) => tracing::warn!(error = %e, "demo feeder: readings not stored"),
        }
        let wait = (slot + step - chrono::Utc::now().timestamp()).max(1) as u64;
        tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    }
}

/// The demo stations' readings for the moment `slot` (epoch seconds), stored through
/// [`ingest::ingest`]. Only stations the demo registered (marked demo) report: an
/// operator's own stations are never invented. Returns the readings stored.
pub async fn feed_slot(db: &sea_orm::DatabaseConnection, slot: i64) -> AppResult<u64> {
    let demo: std::collections::HashSet<String> = env_station::Entity::find()
        .all(db)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|m| m.demo)
        .map(|m| m.code)
        .collect();
    let mut inputs = Vec::new();
    for (i, s) in STATIONS.iter().enumerate() {
        if s.periodic || s.code == OUT_OF_SERVICE || !demo.contains(s.code) {
            continue;
        }
        let mut out = Vec::new();
        generate(s, i as u64, 0, slot, slot + 1, slot, &mut out);
        inputs.extend(
            out.into_iter()
                // A glitch is drawn half an hour ahead: not a reading of this moment.
                .filter(|r| r.time <= slot)
                .map(|r| app::modules::environment::model::ReadingInput {
                    station_code: Some(s.code.to_string()),
                    parameter: r.parameter,
                    time: chrono::DateTime::from_timestamp(r.time, 0)
                        .unwrap_or_default()
                        .to_rfc3339(),
                    value: r.value,
                    unit: None,
                }),
        );
    }
    if inputs.is_empty() {
        return Ok(0);
    }
    let (_, report) =
        ingest::ingest(db, &inputs, None, Some(store::DEFAULT_DEPARTMENT), true).await?;
    Ok(report.inserted + report.updated + report.unchanged)
}

fn round(v: f64) -> f64 {
    let v = v.max(0.0);
    let digits = if v >= 100.0 {
        1.0
    } else if v >= 1.0 {
        100.0
    } else {
        10_000.0
    };
    (v * digits).round() / digits
}
