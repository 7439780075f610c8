//! The Decision 766 scorecard: sub-indicators stored as data, the computed ones counted from
//! this module's dossiers and from module 9's reports (through its functions), the entered
//! ones read from what departments entered for the period.

use super::store::{self, Params};
use crate::auth::internal;
use app::error::{AppError, AppResult};
use app::model::{Role, SessionUser};
use app::modules::admin_services::model::{Counts, Filter};
use app::modules::admin_services::rules;
use app::modules::admin_services::score::{
    period_span, periods, Line, Rule, ScopeScore, ScoreEdit, ScoreEntry, Scorecard, SubIndicator,
    ENTERED,
};
use app::modules::feedback::model::Tally;
use app::tr;
use sea_orm::{ConnectionTrait, DatabaseConnection, QueryResult, TransactionTrait};
use std::collections::HashMap;

const COLUMNS: &str = "code, group_no, title, title_en, numerator, numerator_en, denominator, \
    denominator_en, max_points, rule, source, department, version, updated_at, updated_by";

fn read(r: &QueryResult) -> AppResult<SubIndicator> {
    let s = |i: usize| -> AppResult<String> { r.try_get_by_index(i).map_err(internal) };
    let group: i32 = r.try_get_by_index(1).map_err(internal)?;
    let rule: Rule = serde_json::from_str(&s(9)?).map_err(internal)?;
    let updated_at: i64 = r.try_get_by_index(13).map_err(internal)?;
    Ok(SubIndicator {
        code: s(0)?,
        group: u8::try_from(group).unwrap_or(0),
        title: s(2)?,
        title_en: s(3)?,
        numerator: s(4)?,
        numerator_en: s(5)?,
        denominator: s(6)?,
        denominator_en: s(7)?,
        max_points: r.try_get_by_index(8).map_err(internal)?,
        rule,
        source: s(10)?,
        department: r.try_get_by_index(11).map_err(internal)?,
        version: r.try_get_by_index(12).map_err(internal)?,
        updated_at: if updated_at > 0 {
            rules::local_rfc3339(updated_at)
        } else {
            String::new()
        },
        updated_by: s(14)?,
    })
}

/// Every sub-indicator, by group then code (`2.10` after `2.9`).
pub async fn indicators<C: ConnectionTrait>(db: &C) -> AppResult<Vec<SubIndicator>> {
    let p = Params::new(db.get_database_backend());
    let rows = db
        .query_all_raw(p.statement(format!("SELECT {COLUMNS} FROM admin_score_indicator")))
        .await
        .map_err(internal)?;
    let mut out = rows.iter().map(read).collect::<AppResult<Vec<_>>>()?;
    let key = |d: &SubIndicator| -> (u8, Vec<u32>) {
        (
            d.group,
            d.code.split('.').filter_map(|p| p.parse().ok()).collect(),
        )
    };
    out.sort_by_key(key);
    Ok(out)
}

async fn indicator<C: ConnectionTrait>(db: &C, code: &str) -> AppResult<SubIndicator> {
    let mut p = Params::new(db.get_database_backend());
    let sql = format!(
        "SELECT {COLUMNS} FROM admin_score_indicator WHERE code = {}",
        p.push(code.to_string())
    );
    match db.query_one_raw(p.statement(sql)).await.map_err(internal)? {
        Some(r) => read(&r),
        None => Err(AppError::NotFound(format!("sub-indicator \"{code}\""))),
    }
}

/// A computed measure's (numerator, denominator) from the dossiers' counts and the
/// reports' tally of one scope.
fn measure(key: &str, c: Option<&Counts>, f: Option<&Tally>) -> Option<(f64, f64)> {
    let pair = |n: u64, d: u64| Some((n as f64, d as f64));
    match key {
        "dossiers.on_time" => {
            c.and_then(|c| pair(c.resolved_early + c.resolved_on_time, c.resolved))
        }
        "dossiers.not_overdue" => c.and_then(|c| pair(c.pending_within, c.pending)),
        "dossiers.digitised" => c.and_then(|c| pair(c.digitised, c.received)),
        "dossiers.online" => c.and_then(|c| pair(c.received_online, c.received)),
        "dossiers.paid_online" => c.and_then(|c| pair(c.paid_online, c.received)),
        "feedback.on_time" => f.and_then(|t| pair(t.on_time, t.within)),
        "feedback.satisfaction" => {
            f.and_then(|t| pair(t.within - t.unsatisfied_or_late.min(t.within), t.within))
        }
        _ => None,
    }
}

/// The scorecard of `period` (`YYYY` or `YYYY-Qn`; default: this quarter) for the province
/// and each agency. The dossiers' pending are counted at the period's end, or now.
pub async fn scorecard<C: ConnectionTrait>(
    db: &C,
    period: Option<&str>,
    now: i64,
) -> AppResult<Scorecard> {
    let today = rules::day(now);
    let offered = periods(&today);
    let period = match period.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => p.to_string(),
        None => offered.first().cloned().unwrap_or_default(),
    };
    let (from, to) = period_span(&period)?;
    let defs = indicators(db).await?;
    let summary = store::summary(
        db,
        &Filter {
            from: Some(from.clone()),
            to: Some(to.clone()),
            agency: None,
            unit: None,
        },
        now,
    )
    .await?;
    // Reports filed in the period, in the province's days.
    let instant = |t: Option<i64>| {
        t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .ok_or_else(|| AppError::invalid("period", tr!("ngoài phạm vi", "out of range")))
    };
    let (reports, reports_by) = crate::modules::feedback::store::department_tallies(
        db,
        instant(rules::day_start(&from))?,
        instant(rules::day_start(&to).map(|t| t + 86_400))?,
    )
    .await?;

    let mut p = Params::new(db.get_database_backend());
    let sql = format!(
        "SELECT indicator, agency, numerator, denominator FROM admin_score_entry WHERE period = {}",
        p.push(period.clone())
    );
    let mut entries: HashMap<(String, String), (f64, f64)> = HashMap::new();
    for r in db.query_all_raw(p.statement(sql)).await.map_err(internal)? {
        let code: String = r.try_get_by_index(0).map_err(internal)?;
        let agency: String = r.try_get_by_index(1).map_err(internal)?;
        let n: f64 = r.try_get_by_index(2).map_err(internal)?;
        let d: f64 = r.try_get_by_index(3).map_err(internal)?;
        entries.insert((code, agency), (n, d));
    }
    // The province's entered value: its own entry, else the agencies' entries added up.
    let province_entry = |code: &str| -> Option<(f64, f64)> {
        entries
            .get(&(code.to_string(), String::new()))
            .copied()
            .or_else(|| {
                let mut parts = entries
                    .iter()
                    .filter(|((c, a), _)| c == code && !a.is_empty())
                    .map(|(_, v)| *v)
                    .peekable();
                parts.peek()?;
                Some(parts.fold((0.0, 0.0), |s, v| (s.0 + v.0, s.1 + v.1)))
            })
    };
    let lines = |value: &dyn Fn(&SubIndicator) -> Option<(f64, f64)>| -> Vec<Line> {
        defs.iter().map(|d| Line::new(d, value(d))).collect()
    };

    let province = ScopeScore::new(
        String::new(),
        "Toàn tỉnh".into(),
        "Whole province".into(),
        &defs,
        lines(&|d| {
            if d.source == ENTERED {
                province_entry(&d.code)
            } else {
                measure(&d.source, Some(&summary.totals), Some(&reports))
            }
        }),
    );
    let mut agencies: Vec<ScopeScore> = crate::registry::departments(db)
        .await?
        .into_iter()
        .map(|dept| {
            let counts = summary
                .by_agency
                .iter()
                .find(|a| a.agency == dept.code)
                .map(|a| &a.counts);
            let tally = reports_by.iter().find(|t| t.key == dept.code);
            let scored = lines(&|d| {
                if d.source == ENTERED {
                    entries.get(&(d.code.clone(), dept.code.clone())).copied()
                } else {
                    measure(&d.source, counts, tally)
                }
            });
            ScopeScore::new(dept.code, dept.name, dept.name_en, &defs, scored)
        })
        .collect();
    agencies.sort_by(|a, b| b.total.total_cmp(&a.total).then(a.scope.cmp(&b.scope)));
    Ok(Scorecard {
        period,
        from,
        to,
        periods: offered,
        indicators: defs,
        province,
        agencies,
    })
}

/// An administrator corrects a sub-indicator's weight, rule or wording. Refused when the
/// sub-indicator changed since the administrator read it (two pages, two copies of the
/// server); audited with what it was and what it became.
pub async fn edit(db: &DatabaseConnection, actor: &str, e: &ScoreEdit) -> AppResult<SubIndicator> {
    e.validate()?;
    let txn = db.begin().await.map_err(internal)?;
    let before = indicator(&txn, &e.code).await?;
    let mut p = Params::new(txn.get_database_backend());
    let sql = format!(
        "UPDATE admin_score_indicator SET max_points = {}, rule = {}, title = {}, title_en = {}, \
         version = version + 1, updated_at = {}, updated_by = {} WHERE code = {} AND version = {}",
        p.push(e.max_points),
        p.push(serde_json::to_string(&e.rule).map_err(internal)?),
        p.push(e.title.trim().to_string()),
        p.push(e.title_en.trim().to_string()),
        p.push(chrono::Utc::now().timestamp()),
        p.push(actor.to_string()),
        p.push(e.code.clone()),
        p.push(e.version),
    );
    let done = txn.execute_raw(p.statement(sql)).await.map_err(internal)?;
    if done.rows_affected() == 0 {
        return Err(AppError::invalid(
            "version",
            tr!(
                "chỉ tiêu {} vừa được người khác sửa; hãy tải lại trang",
                "someone else has just changed {}; reload the page",
                e.code
            ),
        ));
    }
    let after = indicator(&txn, &e.code).await?;
    crate::audit::record(
        &txn,
        actor,
        "scorecard.edit",
        &e.code,
        serde_json::json!({ "before": before, "after": after }),
    )
    .await
    .map_err(internal)?;
    txn.commit().await.map_err(internal)?;
    Ok(after)
}

/// A department enters an entered sub-indicator's value for a period: a steward for their
/// own agency (or the province as a whole when the sub-indicator is their department's),
/// an administrator for any. Entering again replaces the value; audited.
pub async fn enter(db: &DatabaseConnection, user: &SessionUser, e: &ScoreEntry) -> AppResult<()> {
    e.validate()?;
    let def = indicator(db, &e.code).await?;
    if def.computed() {
        return Err(AppError::invalid(
            "code",
            tr!(
                "chỉ tiêu {} được tính từ dữ liệu, không nhập tay",
                "{} is computed from the data, not entered",
                e.code
            ),
        ));
    }
    let agency = e.agency.trim().to_string();
    if !agency.is_empty()
        && !crate::registry::departments(db)
            .await?
            .iter()
            .any(|d| d.code == agency)
    {
        return Err(AppError::invalid(
            "agency",
            tr!(
                "không có sở, ngành nào có mã '{agency}'",
                "no department with code '{agency}'"
            ),
        ));
    }
    let allowed = user.role.allows(Role::Admin)
        || (user.role.allows(Role::Steward)
            && user.department.as_deref().is_some_and(|own| {
                if agency.is_empty() {
                    def.department.as_deref() == Some(own)
                } else {
                    agency == own
                }
            }));
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let txn = db.begin().await.map_err(internal)?;
    let mut p = Params::new(txn.get_database_backend());
    // One statement, so two copies entering the same value at once both succeed.
    let sql = format!(
        "INSERT INTO admin_score_entry (indicator, period, agency, numerator, denominator, \
         entered_by, entered_at) VALUES ({}, {}, {}, {}, {}, {}, {}) \
         ON CONFLICT (indicator, period, agency) DO UPDATE SET numerator = excluded.numerator, \
         denominator = excluded.denominator, entered_by = excluded.entered_by, \
         entered_at = excluded.entered_at",
        p.push(e.code.clone()),
        p.push(e.period.clone()),
        p.push(agency.clone()),
        p.push(e.numerator),
        p.push(e.denominator),
        p.push(user.email.clone()),
        p.push(chrono::Utc::now().timestamp()),
    );
    txn.execute_raw(p.statement(sql)).await.map_err(internal)?;
    crate::audit::record(
        &txn,
        &user.email,
        "scorecard.enter",
        &e.code,
        serde_json::json!({ "period": e.period, "agency": agency,
            "numerator": e.numerator, "denominator": e.denominator }),
    )
    .await
    .map_err(internal)?;
    txn.commit().await.map_err(internal)
}
