//! Citizen feedback in the database: filing, tracking, the officials' inbox and workflow.

use crate::auth::internal;
use crate::db::entity::{admin_unit, feedback_event, feedback_report, feedback_service};
use app::error::{AppError, AppResult};
use app::model::{Role, SessionUser};
use app::modules::feedback::model::{
    Event, FeedbackStats, Filed, Inbox, InboxFilter, InboxRow, MapPoint, NewReport, PublicEvent,
    PublicReport, Report, ReportAction, ReportStatus, Service, Tally,
};
use app::modules::feedback::rules;
use chrono::{Duration, Utc};
use rand::Rng;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

pub const PAGE_SIZE: u64 = 50;

/// Letters and digits that cannot be mistaken for one another when read out.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// `PA-XXXX-XXXX-XXXX`: 12 random symbols (about 59 bits), so codes cannot be guessed
/// or walked through.
pub fn tracking_code() -> String {
    let mut rng = rand::thread_rng();
    let mut s = String::from("PA");
    for i in 0..12 {
        if i % 4 == 0 {
            s.push('-');
        }
        s.push(CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char);
    }
    s
}

fn status_of(m: &feedback_report::Model) -> ReportStatus {
    ReportStatus::parse(&m.status).unwrap_or(ReportStatus::Received)
}

fn to_service(m: feedback_service::Model) -> Service {
    Service {
        code: m.code,
        name: m.name,
        name_en: m.name_en,
        description: m.description,
        group: m.group_name,
        department: m.department_code,
        sla_hours: m.sla_hours,
    }
}

pub async fn services(db: &DatabaseConnection) -> AppResult<Vec<Service>> {
    Ok(feedback_service::Entity::find()
        .filter(feedback_service::Column::Active.eq(true))
        .order_by_asc(feedback_service::Column::GroupName)
        .order_by_asc(feedback_service::Column::Name)
        .all(db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(to_service)
        .collect())
}

async fn service(db: &impl ConnectionTrait, code: &str) -> AppResult<feedback_service::Model> {
    feedback_service::Entity::find()
        .filter(feedback_service::Column::Code.eq(code))
        .filter(feedback_service::Column::Active.eq(true))
        .one(db)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::invalid("service_code", format!("no category \"{code}\"")))
}

/// Whether a point lies inside a GeoJSON Polygon or MultiPolygon (ray casting; holes
/// subtract).
pub fn contains(geometry: &serde_json::Value, lon: f64, lat: f64) -> bool {
    fn ring(r: &serde_json::Value, x: f64, y: f64) -> bool {
        let Some(pts) = r.as_array() else {
            return false;
        };
        let p: Vec<(f64, f64)> = pts
            .iter()
            .filter_map(|q| Some((q.get(0)?.as_f64()?, q.get(1)?.as_f64()?)))
            .collect();
        let mut inside = false;
        let mut j = p.len().saturating_sub(1);
        for i in 0..p.len() {
            let ((xi, yi), (xj, yj)) = (p[i], p[j]);
            if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                inside = !inside;
            }
            j = i;
        }
        inside
    }
    let polygon = |rings: &serde_json::Value| -> bool {
        let Some(rs) = rings.as_array() else {
            return false;
        };
        rs.first().is_some_and(|outer| ring(outer, lon, lat))
            && !rs.iter().skip(1).any(|hole| ring(hole, lon, lat))
    };
    match geometry["type"].as_str() {
        Some("Polygon") => polygon(&geometry["coordinates"]),
        Some("MultiPolygon") => geometry["coordinates"]
            .as_array()
            .is_some_and(|ps| ps.iter().any(polygon)),
        _ => false,
    }
}

/// The district a point lies in, from the boundaries on record.
async fn district_at(db: &DatabaseConnection, lat: f64, lon: f64) -> AppResult<Option<String>> {
    let as_of = crate::registry::default_as_of(db).await?;
    let units =
        crate::registry::units(db, Some(app::model::UnitLevel::District), None, &as_of).await?;
    Ok(units.into_iter().find_map(|u: admin_unit::Model| {
        let g: serde_json::Value = serde_json::from_str(u.geometry.as_deref()?).ok()?;
        contains(&g, lon, lat).then_some(u.code)
    }))
}

fn blank_to_none(s: Option<String>) -> Option<String> {
    s.map(|x| x.trim().to_string()).filter(|x| !x.is_empty())
}

/// Files a citizen's report: routed to its category's department with the category's
/// deadline. `client_hash` identifies the sender for rate limits, never the address.
pub async fn file(
    db: &DatabaseConnection,
    new: NewReport,
    source: &str,
    client_hash: Option<String>,
    per_hour: u32,
) -> AppResult<Filed> {
    rules::check_new(&new)?;
    if let Some(h) = &client_hash {
        rate_limit(db, h, per_hour).await?;
    }
    let svc = service(db, new.service_code.trim()).await?;
    let unit = match (new.lat, new.lon) {
        (Some(lat), Some(lon)) => district_at(db, lat, lon).await?,
        _ => None,
    };
    let now = Utc::now();
    let due = now + Duration::hours(svc.sla_hours);
    let txn = db.begin().await.map_err(internal)?;
    let code = tracking_code();
    let m = feedback_report::ActiveModel {
        code: Set(code.clone()),
        service_code: Set(svc.code.clone()),
        department_code: Set(Some(svc.department_code.clone())),
        status: Set(ReportStatus::Received.as_str().into()),
        description: Set(new.description.trim().to_string()),
        lat: Set(new.lat),
        lon: Set(new.lon),
        address: Set(blank_to_none(new.address)),
        unit_code: Set(unit),
        reporter_name: Set(blank_to_none(new.name)),
        reporter_phone: Set(blank_to_none(new.phone)),
        reporter_email: Set(blank_to_none(new.email)),
        answer: Set(None),
        satisfied: Set(None),
        source: Set(source.to_string()),
        client_hash: Set(client_hash),
        created_at: Set(now),
        updated_at: Set(now),
        due_at: Set(due),
        resolved_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    event(
        &txn,
        m.id,
        "public",
        "filed",
        Some(ReportStatus::Received),
        None,
        false,
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(Filed {
        code,
        due_at: due.to_rfc3339(),
    })
}

/// Refuses a client that filed `per_hour` reports in the last hour, saying when the
/// oldest of them leaves the window. Counted in the database, so it holds across copies.
async fn rate_limit(db: &DatabaseConnection, client_hash: &str, per_hour: u32) -> AppResult<()> {
    let since = Utc::now() - Duration::hours(1);
    let recent: Vec<chrono::DateTime<Utc>> = feedback_report::Entity::find()
        .select_only()
        .column(feedback_report::Column::CreatedAt)
        .filter(feedback_report::Column::ClientHash.eq(client_hash))
        .filter(feedback_report::Column::CreatedAt.gt(since))
        .order_by_asc(feedback_report::Column::CreatedAt)
        .into_tuple()
        .all(db)
        .await
        .map_err(internal)?;
    if recent.len() < per_hour as usize {
        return Ok(());
    }
    let frees_at = recent[recent.len() - per_hour as usize] + Duration::hours(1);
    let wait = (frees_at - Utc::now()).num_seconds().max(1) as u64;
    Err(AppError::RateLimited(wait))
}

async fn event(
    db: &impl ConnectionTrait,
    report_id: i64,
    actor: &str,
    kind: &str,
    status: Option<ReportStatus>,
    text: Option<String>,
    internal_only: bool,
) -> AppResult<()> {
    feedback_event::ActiveModel {
        report_id: Set(report_id),
        at: Set(Utc::now()),
        actor: Set(actor.to_string()),
        kind: Set(kind.to_string()),
        status: Set(status.map(|s| s.as_str().to_string())),
        text: Set(text),
        internal: Set(internal_only),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(internal)?;
    Ok(())
}

async fn by_code(db: &impl ConnectionTrait, code: &str) -> AppResult<feedback_report::Model> {
    feedback_report::Entity::find()
        .filter(feedback_report::Column::Code.eq(code.trim().to_uppercase()))
        .one(db)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound("report".into()))
}

async fn events(db: &impl ConnectionTrait, id: i64) -> AppResult<Vec<feedback_event::Model>> {
    feedback_event::Entity::find()
        .filter(feedback_event::Column::ReportId.eq(id))
        .order_by_asc(feedback_event::Column::Id)
        .all(db)
        .await
        .map_err(internal)
}

async fn department_name(db: &DatabaseConnection, code: Option<&str>) -> AppResult<Option<String>> {
    let Some(code) = code else { return Ok(None) };
    Ok(crate::registry::departments(db)
        .await?
        .into_iter()
        .find(|d| d.code == code)
        .map(|d| d.name))
}

async fn public_view(
    db: &DatabaseConnection,
    m: &feedback_report::Model,
) -> AppResult<PublicReport> {
    let svc = feedback_service::Entity::find()
        .filter(feedback_service::Column::Code.eq(&m.service_code))
        .one(db)
        .await
        .map_err(internal)?;
    let history = events(db, m.id)
        .await?
        .into_iter()
        .filter(|e| !e.internal)
        .filter_map(|e| {
            Some(PublicEvent {
                at: e.at.to_rfc3339(),
                status: ReportStatus::parse(e.status.as_deref()?)?,
                // Only what was written for the public: the answer and the reason.
                text: matches!(e.kind.as_str(), "resolve" | "reject")
                    .then_some(e.text)
                    .flatten(),
            })
        })
        .collect();
    Ok(PublicReport {
        code: m.code.clone(),
        service_code: m.service_code.clone(),
        service_name: svc
            .map(|s| s.name)
            .unwrap_or_else(|| m.service_code.clone()),
        description: m.description.clone(),
        lat: m.lat,
        lon: m.lon,
        address: m.address.clone(),
        district: m.unit_code.clone(),
        status: status_of(m),
        department_name: department_name(db, m.department_code.as_deref()).await?,
        answer: m.answer.clone(),
        created_at: m.created_at.to_rfc3339(),
        updated_at: m.updated_at.to_rfc3339(),
        due_at: m.due_at.to_rfc3339(),
        resolved_at: m.resolved_at.map(|t| t.to_rfc3339()),
        satisfied: m.satisfied,
        history,
    })
}

/// A report as anyone holding its code sees it.
pub async fn track(db: &DatabaseConnection, code: &str) -> AppResult<PublicReport> {
    let m = by_code(db, code).await?;
    public_view(db, &m).await
}

/// The citizen's rating, once the report is resolved; it closes the report.
pub async fn rate(db: &DatabaseConnection, code: &str, satisfied: bool) -> AppResult<PublicReport> {
    let txn = db.begin().await.map_err(internal)?;
    let m = by_code(&txn, code).await?;
    if status_of(&m) != ReportStatus::Resolved || m.satisfied.is_some() {
        return Err(AppError::invalid(
            "satisfied",
            "a report is rated once, after it is resolved",
        ));
    }
    let id = m.id;
    let mut a: feedback_report::ActiveModel = m.into();
    a.satisfied = Set(Some(satisfied));
    a.status = Set(ReportStatus::Closed.as_str().into());
    a.updated_at = Set(Utc::now());
    let m = a.update(&txn).await.map_err(internal)?;
    event(
        &txn,
        id,
        "public",
        "rate",
        Some(ReportStatus::Closed),
        None,
        false,
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    public_view(db, &m).await
}

/// Whether a user may see and change a report: administrators and province-level
/// officials (no department) everywhere; others only their department's.
fn may_handle(user: &SessionUser, m: &feedback_report::Model) -> bool {
    user.role == Role::Admin
        || user.department.is_none()
        || user.department.as_deref() == m.department_code.as_deref()
}

fn overdue(m: &feedback_report::Model, now: chrono::DateTime<Utc>) -> bool {
    match m.resolved_at {
        Some(done) => done > m.due_at,
        None => status_of(m).is_open() && now > m.due_at,
    }
}

pub async fn inbox(
    db: &DatabaseConnection,
    user: &SessionUser,
    f: InboxFilter,
) -> AppResult<Inbox> {
    let now = Utc::now();
    let mut q = feedback_report::Entity::find();
    if user.role != Role::Admin {
        if let Some(d) = &user.department {
            q = q.filter(feedback_report::Column::DepartmentCode.eq(d));
        }
    }
    if let Some(s) = f.status {
        q = q.filter(feedback_report::Column::Status.eq(s.as_str()));
    }
    if let Some(s) = &f.service_code {
        q = q.filter(feedback_report::Column::ServiceCode.eq(s));
    }
    if let Some(d) = &f.district {
        q = q.filter(feedback_report::Column::UnitCode.eq(d));
    }
    if f.overdue_only {
        q = q.filter(feedback_report::Column::DueAt.lt(now)).filter(
            feedback_report::Column::Status.is_in([
                ReportStatus::Received.as_str(),
                ReportStatus::Accepted.as_str(),
                ReportStatus::Assigned.as_str(),
                ReportStatus::InProgress.as_str(),
            ]),
        );
    }
    let total = q.clone().count(db).await.map_err(internal)?;
    let names: std::collections::HashMap<String, String> = feedback_service::Entity::find()
        .all(db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|s| (s.code, s.name))
        .collect();
    let rows = q
        .order_by_desc(feedback_report::Column::CreatedAt)
        .order_by_desc(feedback_report::Column::Id)
        .offset(f.page * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|m| InboxRow {
            overdue: overdue(&m, now),
            service_name: names.get(&m.service_code).cloned().unwrap_or_default(),
            status: status_of(&m),
            id: m.id,
            code: m.code,
            department: m.department_code,
            district: m.unit_code,
            created_at: m.created_at.to_rfc3339(),
            due_at: m.due_at.to_rfc3339(),
            lat: m.lat,
            lon: m.lon,
        })
        .collect();
    Ok(Inbox {
        rows,
        total,
        page: f.page,
        page_size: PAGE_SIZE,
    })
}

async fn full_view(db: &DatabaseConnection, m: &feedback_report::Model) -> AppResult<Report> {
    Ok(Report {
        public: public_view(db, m).await?,
        id: m.id,
        department: m.department_code.clone(),
        reporter_name: m.reporter_name.clone(),
        reporter_phone: m.reporter_phone.clone(),
        reporter_email: m.reporter_email.clone(),
        overdue: overdue(m, Utc::now()),
        events: events(db, m.id)
            .await?
            .into_iter()
            .map(|e| Event {
                at: e.at.to_rfc3339(),
                actor: e.actor,
                kind: e.kind,
                status: e.status.as_deref().and_then(ReportStatus::parse),
                text: e.text,
                internal: e.internal,
            })
            .collect(),
    })
}

async fn find_for(
    db: &impl ConnectionTrait,
    user: &SessionUser,
    id: i64,
) -> AppResult<feedback_report::Model> {
    let m = feedback_report::Entity::find_by_id(id)
        .one(db)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound("report".into()))?;
    if !may_handle(user, &m) {
        return Err(AppError::Forbidden);
    }
    Ok(m)
}

pub async fn report(db: &DatabaseConnection, user: &SessionUser, id: i64) -> AppResult<Report> {
    let m = find_for(db, user, id).await?;
    full_view(db, &m).await
}

/// One step of the workflow by an official: checked against the status and the
/// official's department, recorded as an event and in the audit log.
pub async fn act(
    db: &DatabaseConnection,
    user: &SessionUser,
    id: i64,
    action: ReportAction,
) -> AppResult<Report> {
    let txn = db.begin().await.map_err(internal)?;
    let m = find_for(&txn, user, id).await?;
    let from = status_of(&m);
    let to = rules::next(from, &action)?;
    let now = Utc::now();
    let mut a: feedback_report::ActiveModel = m.clone().into();
    let (kind, text, internal_only) = match &action {
        ReportAction::Accept => ("accept", None, false),
        ReportAction::Reject { reason } => ("reject", Some(reason.trim().to_string()), false),
        ReportAction::Assign { department } => {
            crate::registry::require_department(&txn, department).await?;
            a.department_code = Set(Some(department.clone()));
            ("assign", Some(department.clone()), false)
        }
        ReportAction::Start => ("start", None, false),
        ReportAction::Resolve { answer } => {
            a.answer = Set(Some(answer.trim().to_string()));
            a.resolved_at = Set(Some(now));
            ("resolve", Some(answer.trim().to_string()), false)
        }
        ReportAction::Note { text } => ("note", Some(text.trim().to_string()), true),
        ReportAction::Close => ("close", None, false),
    };
    a.status = Set(to.as_str().to_string());
    a.updated_at = Set(now);
    let m = a.update(&txn).await.map_err(internal)?;
    let changed = (to != from || kind == "assign").then_some(to);
    event(
        &txn,
        id,
        &user.email,
        kind,
        changed,
        text.clone(),
        internal_only,
    )
    .await?;
    crate::audit::record(
        &txn,
        &user.email,
        &format!("feedback.{kind}"),
        &m.code,
        serde_json::json!({ "from": from.as_str(), "to": to.as_str(), "text": text }),
    )
    .await
    .map_err(internal)?;
    txn.commit().await.map_err(internal)?;
    full_view(db, &m).await
}

fn count_into(t: &mut Tally, m: &feedback_report::Model, now: chrono::DateTime<Utc>) {
    let status = status_of(m);
    t.total += 1;
    if status == ReportStatus::Rejected {
        return;
    }
    t.within += 1;
    let late = overdue(m, now);
    match m.resolved_at {
        Some(done) => {
            t.resolved += 1;
            if done <= m.due_at {
                t.on_time += 1;
            } else {
                t.late += 1;
            }
        }
        None => {
            t.pending += 1;
            if late {
                t.overdue += 1;
            }
        }
    }
    if let Some(s) = m.satisfied {
        t.rated += 1;
        if s {
            t.satisfied += 1;
        }
    }
    if m.satisfied == Some(false) || late {
        t.unsatisfied_or_late += 1;
    }
}

/// Public statistics over every report: no personal data leaves here.
pub async fn stats(db: &DatabaseConnection) -> AppResult<FeedbackStats> {
    use std::collections::BTreeMap;
    let now = Utc::now();
    let all = feedback_report::Entity::find()
        .order_by_desc(feedback_report::Column::CreatedAt)
        .all(db)
        .await
        .map_err(internal)?;
    let services: std::collections::HashMap<String, String> = feedback_service::Entity::find()
        .all(db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|s| (s.code, s.name))
        .collect();
    let departments: std::collections::HashMap<String, String> = crate::registry::departments(db)
        .await?
        .into_iter()
        .map(|d| (d.code, d.name))
        .collect();
    let units: std::collections::HashMap<String, String> = admin_unit::Entity::find()
        .all(db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|u| (u.code, u.name))
        .collect();
    let mut total = Tally {
        key: "all".into(),
        ..Default::default()
    };
    let mut by = [BTreeMap::new(), BTreeMap::new(), BTreeMap::new()];
    for m in &all {
        count_into(&mut total, m, now);
        let keys = [
            Some(m.service_code.clone()),
            m.department_code.clone(),
            m.unit_code.clone(),
        ];
        for (map, key) in by.iter_mut().zip(keys) {
            if let Some(k) = key {
                count_into(map.entry(k).or_insert_with(Tally::default), m, now);
            }
        }
    }
    let [s, d, u] = by;
    let named = |map: BTreeMap<String, Tally>,
                 names: &std::collections::HashMap<String, String>| {
        let mut v: Vec<Tally> = map
            .into_iter()
            .map(|(k, mut t)| {
                t.name = names.get(&k).cloned().unwrap_or_else(|| k.clone());
                t.key = k;
                t
            })
            .collect();
        v.sort_by_key(|t| std::cmp::Reverse(t.total));
        v
    };
    let points = all
        .iter()
        .filter_map(|m| {
            Some(MapPoint {
                lat: m.lat?,
                lon: m.lon?,
                service_code: m.service_code.clone(),
                status: status_of(m),
            })
        })
        .take(2_000)
        .collect();
    Ok(FeedbackStats {
        demo: all.iter().any(|m| m.source == "demo"),
        all: total,
        by_service: named(s, &services),
        by_department: named(d, &departments),
        by_district: named(u, &units),
        points,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_codes_are_long_random_and_readable() {
        let a = tracking_code();
        let b = tracking_code();
        assert_ne!(a, b);
        assert_eq!(a.len(), "PA-XXXX-XXXX-XXXX".len());
        assert!(a[3..]
            .chars()
            .all(|c| c == '-' || CODE_ALPHABET.contains(&(c as u8))));
        assert!(!a.contains('0') && !a.contains('O') && !a.contains('1') && !a.contains('I'));
    }

    #[test]
    fn points_fall_in_polygons_but_not_in_their_holes() {
        let square = serde_json::json!({"type": "Polygon", "coordinates": [
            [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]],
            [[4.0, 4.0], [6.0, 4.0], [6.0, 6.0], [4.0, 6.0], [4.0, 4.0]]]});
        assert!(contains(&square, 2.0, 2.0));
        assert!(!contains(&square, 5.0, 5.0));
        assert!(!contains(&square, 11.0, 2.0));
        let multi = serde_json::json!({"type": "MultiPolygon", "coordinates": [
            [[[20.0, 20.0], [21.0, 20.0], [21.0, 21.0], [20.0, 20.0]]],
            [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]]]});
        assert!(contains(&multi, 0.5, 0.5));
    }
}
