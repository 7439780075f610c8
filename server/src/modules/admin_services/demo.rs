//! The demo's dossiers: from January 2024 (the province demo's last year) up to the day the
//! demo is loaded, over the 14 departments and the 8 districts (and the province's own
//! agencies), with weekends, a Tết lull and a year-end rush, and two agencies that run late
//! (land and transport). They go through the
//! ingestion path like any agency's push, so the module's tables fill from its hook.

use crate::auth::internal;
use crate::modules::datasets::{parse, store as datasets};
use app::error::AppResult;
use app::model::UnitLevel;
use app::modules::admin_services::rules::{self, local_rfc3339};
use app::modules::datasets::model::DatasetDef;

/// Dossiers the demo loads a year, about.
pub const PER_YEAR: usize = 25_000;
/// The first day of the demo's dossiers (or a year before the load, if later than that).
const FIRST_DAY: (i32, u32, u32) = (2024, 1, 1);
/// Rows per ingested batch.
const BATCH: usize = 10_000;

/// An agency's share of the dossiers, its procedures (code, name, days allowed) and how
/// often it is late.
struct Agency {
    code: &'static str,
    share: f64,
    late: f64,
    provincial: f64,
    procedures: &'static [(&'static str, &'static str, i64)],
}

const AGENCIES: [Agency; 14] = [
    Agency {
        code: "STNMT",
        share: 0.16,
        late: 0.22,
        provincial: 0.2,
        procedures: &[
            ("1.004227", "Đăng ký biến động quyền sử dụng đất", 10),
            (
                "1.004203",
                "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
                30,
            ),
            ("1.004141", "Cấp phép khai thác nước dưới đất", 30),
        ],
    },
    Agency {
        code: "STP",
        share: 0.14,
        late: 0.02,
        provincial: 0.4,
        procedures: &[
            ("2.000488", "Cấp Phiếu lý lịch tư pháp", 10),
            ("1.001193", "Chứng thực bản sao từ bản chính", 1),
            ("2.000908", "Đăng ký khai sinh có yếu tố nước ngoài", 15),
        ],
    },
    Agency {
        code: "SKHDT",
        share: 0.11,
        late: 0.03,
        provincial: 0.8,
        procedures: &[
            ("1.001612", "Đăng ký thành lập doanh nghiệp", 3),
            (
                "1.001046",
                "Đăng ký thay đổi nội dung đăng ký doanh nghiệp",
                3,
            ),
            ("1.009645", "Quyết định chủ trương đầu tư", 35),
        ],
    },
    Agency {
        code: "SGTVT",
        share: 0.12,
        late: 0.18,
        provincial: 0.7,
        procedures: &[
            ("1.002809", "Đổi Giấy phép lái xe", 5),
            ("1.001777", "Cấp phù hiệu xe kinh doanh vận tải", 2),
            ("1.004985", "Cấp giấy phép thi công công trình đường bộ", 7),
        ],
    },
    Agency {
        code: "SLDTBXH",
        share: 0.08,
        late: 0.04,
        provincial: 0.3,
        procedures: &[
            ("1.001881", "Giải quyết trợ cấp thất nghiệp", 20),
            ("1.000479", "Cấp giấy phép lao động cho người nước ngoài", 5),
        ],
    },
    Agency {
        code: "SYT",
        share: 0.07,
        late: 0.05,
        provincial: 0.6,
        procedures: &[
            (
                "1.002236",
                "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh",
                30,
            ),
            (
                "1.004616",
                "Cấp giấy chứng nhận đủ điều kiện kinh doanh dược",
                30,
            ),
        ],
    },
    Agency {
        code: "SGDDT",
        share: 0.06,
        late: 0.02,
        provincial: 0.5,
        procedures: &[
            ("1.005092", "Cấp bản sao văn bằng, chứng chỉ", 1),
            ("1.001088", "Công nhận văn bằng do nước ngoài cấp", 20),
        ],
    },
    Agency {
        code: "SCT",
        share: 0.05,
        late: 0.03,
        provincial: 0.7,
        procedures: &[
            ("2.000190", "Cấp giấy phép bán lẻ rượu", 10),
            (
                "2.000633",
                "Cấp Giấy chứng nhận đủ điều kiện cửa hàng xăng dầu",
                15,
            ),
        ],
    },
    Agency {
        code: "SNV",
        share: 0.04,
        late: 0.03,
        provincial: 0.9,
        procedures: &[
            ("1.003893", "Thẩm định thành lập hội", 30),
            ("1.001731", "Công nhận ban vận động thành lập hội", 15),
        ],
    },
    Agency {
        code: "STC",
        share: 0.04,
        late: 0.02,
        provincial: 1.0,
        procedures: &[
            ("1.005421", "Cấp mã số đơn vị có quan hệ với ngân sách", 2),
            ("1.006428", "Thẩm tra quyết toán dự án hoàn thành", 30),
        ],
    },
    Agency {
        code: "SDL",
        share: 0.03,
        late: 0.02,
        provincial: 0.8,
        procedures: &[
            ("1.004628", "Cấp thẻ hướng dẫn viên du lịch", 10),
            ("1.001432", "Công nhận hạng cơ sở lưu trú du lịch", 30),
        ],
    },
    Agency {
        code: "STTTT",
        share: 0.03,
        late: 0.02,
        provincial: 1.0,
        procedures: &[
            ("1.003750", "Cấp giấy phép xuất bản bản tin", 10),
            (
                "1.004416",
                "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
                10,
            ),
        ],
    },
    Agency {
        code: "CAT",
        share: 0.05,
        late: 0.03,
        provincial: 0.3,
        procedures: &[
            ("2.001159", "Cấp thẻ Căn cước", 7),
            ("1.003659", "Đăng ký thường trú", 7),
        ],
    },
    Agency {
        code: "VPUBND",
        share: 0.02,
        late: 0.04,
        provincial: 1.0,
        procedures: &[("1.009994", "Giải quyết khiếu nại lần đầu", 30)],
    },
];

/// A value in [0, 1) from a key (the province seed's noise).
fn noise(key: &str) -> f64 {
    crate::seed::noise(key)
}

/// Weekdays busy, Saturdays light, Sundays closed; a Tết lull; a year-end rush.
fn day_weight(date: chrono::NaiveDate) -> f64 {
    use chrono::{Datelike, Weekday};
    let weekday = match date.weekday() {
        Weekday::Sun => 0.0,
        Weekday::Sat => 0.25,
        _ => 1.0,
    };
    let season = match (date.month(), date.day()) {
        (1, d) if d >= 25 => 0.4,
        (2, d) if d <= 12 => 0.3,
        (11, _) | (12, _) => 1.3,
        _ => 1.0,
    };
    weekday * season
}

/// The demo's dossiers as CSV bodies of up to [`BATCH`] rows, received from [`FIRST_DAY`]
/// (at least a year) up to `now` (epoch seconds).
pub fn batches(now: i64, province: &str) -> Vec<String> {
    let header = "id,agency,procedure_code,procedure_name,unit,level,channel,received_at,due_at,resolved_at,status,paid_online,digitised\n";
    let today = chrono::DateTime::from_timestamp(now + rules::OFFSET, 0)
        .map(|d| d.date_naive())
        .unwrap_or_default();
    let first = chrono::NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2)
        .unwrap_or(today)
        .min(today - chrono::Days::new(365));
    let days: Vec<chrono::NaiveDate> = first.iter_days().take_while(|d| *d <= today).collect();
    // PER_YEAR dossiers in an average year of these days.
    let total_weight: f64 =
        days.iter().map(|d| day_weight(*d)).sum::<f64>() * 365.0 / days.len().max(1) as f64;
    let districts: Vec<(&str, f64)> = {
        let pop: i64 = crate::seed::DISTRICT_FIGURES.iter().map(|d| d.1).sum();
        crate::seed::DISTRICT_FIGURES
            .iter()
            .map(|d| (d.0, d.1 as f64 / pop as f64))
            .collect()
    };
    let pick = |u: f64, weights: &mut dyn Iterator<Item = f64>| -> usize {
        let mut acc = 0.0;
        for (i, w) in weights.enumerate() {
            acc += w;
            if u < acc {
                return i;
            }
        }
        0
    };
    let mut bodies = Vec::new();
    let mut body = String::from(header);
    let mut rows = 0;
    for day in days {
        let n = (PER_YEAR as f64 * day_weight(day) / total_weight).round() as usize;
        let midnight = rules::day_start(&day.format("%Y-%m-%d").to_string()).unwrap_or(now);
        for i in 0..n {
            let key = format!("{day}/{i}");
            let u = |what: &str| noise(&format!("{key}/{what}"));
            let a = &AGENCIES[pick(u("agency"), &mut AGENCIES.iter().map(|a| a.share))];
            let (pcode, pname, allowed) = a.procedures[pick(
                u("procedure"),
                &mut std::iter::repeat_n(1.0 / a.procedures.len() as f64, a.procedures.len()),
            )];
            let unit = if u("provincial") < a.provincial {
                province
            } else {
                districts[pick(u("district"), &mut districts.iter().map(|d| d.1))].0
            };
            // Received between 07:30 and 17:00; due at 17:00 the allowed days later,
            // moved off a weekend.
            let received = midnight + 27_000 + (u("hour") * 34_200.0) as i64;
            if received > now {
                continue;
            }
            let mut due_day = day + chrono::Days::new(allowed as u64);
            use chrono::Datelike;
            while matches!(
                due_day.weekday(),
                chrono::Weekday::Sat | chrono::Weekday::Sun
            ) {
                due_day = due_day + chrono::Days::new(1);
            }
            let due = rules::day_start(&due_day.format("%Y-%m-%d").to_string()).unwrap_or(received)
                + 61_200;
            let span = (due - received).max(3_600);
            let outcome = u("outcome");
            let resolved = if outcome < a.late {
                due + 3_600 + (u("delay") * 20.0 * 86_400.0) as i64
            } else if outcome < a.late + 0.12 {
                // On the due day, before the deadline.
                (due - (u("delay") * 25_000.0) as i64).max(received + 60)
            } else {
                received + 600 + (u("delay") * (span - 86_400).max(600) as f64 * 0.8) as i64
            };
            let fate = u("fate");
            let (status, resolved_at) = if fate < 0.02 {
                ("returned", None)
            } else if fate < 0.03 {
                ("withdrawn", None)
            } else if resolved <= now {
                ("resolved", Some(resolved))
            } else if now - received < 2 * 86_400 {
                ("received", None)
            } else {
                ("processing", None)
            };
            let level = match u("level") {
                x if x < 0.45 => "full_online",
                x if x < 0.8 => "partial_online",
                _ => "offline",
            };
            let channel = match (level, u("channel")) {
                ("full_online", _) => "online",
                ("partial_online", x) if x < 0.6 => "online",
                ("offline", x) if x > 0.9 => "postal",
                _ => "counter",
            };
            let paid = channel == "online" && u("paid") < 0.7;
            let digitised = u("digitised") < if a.late > 0.1 { 0.55 } else { 0.85 };
            body.push_str(&format!(
                "{}-{}-{:05},{},{pcode},\"{pname}\",{unit},{level},{channel},{},{},{},{status},{paid},{digitised}\n",
                a.code,
                day.format("%y%m%d"),
                i,
                a.code,
                local_rfc3339(received),
                local_rfc3339(due),
                resolved_at.map(local_rfc3339).unwrap_or_default(),
            ));
            rows += 1;
            if rows == BATCH {
                bodies.push(std::mem::replace(&mut body, String::from(header)));
                rows = 0;
            }
        }
    }
    if rows > 0 {
        bodies.push(body);
    }
    bodies
}

/// Defines the `dossiers` dataset (the province office's) and pushes the demo's dossiers
/// through the ingestion path.
pub async fn seed<C: crate::db::Conn>(db: &C, now: i64) -> AppResult<()> {
    let def: DatasetDef = serde_json::from_value(rules::definition("VPUBND")).map_err(internal)?;
    let (model, _) = datasets::define(db, "seed", "VPUBND", def.clone()).await?;
    let as_of = crate::registry::default_as_of(db).await?;
    let province = crate::registry::units(db, Some(UnitLevel::Province), None, &as_of)
        .await?
        .into_iter()
        .next()
        .map(|u| u.code)
        .unwrap_or_else(|| "77".to_string());
    for body in batches(now, &province) {
        let parsed = parse::csv(body.as_bytes(), &def);
        let req = datasets::IngestRequest {
            actor: "seed",
            source: "demo",
            partial: false,
            idempotency_key: None,
            writer: None,
        };
        let (status, report) = datasets::ingest(db, &model, parsed, req).await?;
        if status != 200 {
            tracing::error!(rejections = ?report.rejections.iter().take(3).collect::<Vec<_>>(), "demo dossiers refused");
            return Err(internal(format!(
                "demo dossiers refused: {} rows",
                report.rejected
            )));
        }
    }
    entered_values(db, now).await
}

/// What the responsible departments entered for the scorecard's entered sub-indicators,
/// province-wide, for this year's and last year's quarters; this quarter's apology letters
/// (5.3) are not in yet, so the page shows a value still missing.
async fn entered_values<C: crate::db::Conn>(db: &C, now: i64) -> AppResult<()> {
    use super::store::Params;
    use app::modules::admin_services::score;
    let periods = score::periods(&rules::day(now));
    let current = periods.first().cloned().unwrap_or_default();
    let defs = super::score::indicators(db).await?;
    for period in periods.iter().filter(|p| p.contains("-Q")) {
        for d in defs.iter().filter(|d| !d.computed()) {
            if *period == current && d.code == "5.3" {
                continue;
            }
            // Between 70 % and 98 %, steady for a code and period.
            let seed = format!("{}/{period}", d.code)
                .bytes()
                .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
            let denominator = 200.0 + f64::from(seed % 800);
            let share = 0.70 + f64::from(seed % 29) / 100.0;
            let mut p = Params::new(db.get_database_backend());
            let sql = format!(
                "INSERT INTO admin_score_entry (indicator, period, agency, numerator, denominator, \
                 entered_by, entered_at) VALUES ({}, {}, '', {}, {}, 'seed', {})",
                p.push(d.code.clone()),
                p.push(period.clone()),
                p.push((denominator * share).round()),
                p.push(denominator),
                p.push(now),
            );
            db.execute_raw(p.statement(sql)).await.map_err(internal)?;
        }
    }
    Ok(())
}
