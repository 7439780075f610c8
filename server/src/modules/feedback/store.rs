//! Citizen feedback in the database: filing, tracking, the officials' inbox and workflow.

use crate::auth::internal;
use crate::db::entity::{admin_unit, feedback_event, feedback_report, feedback_service};
use app::error::{AppError, AppResult};
use app::model::{Role, SessionUser};
use app::modules::feedback::model::{
    Event, FeedbackStats, Filed, Inbox, InboxFilter, InboxRow, MapPoint, NewReport, PublicEvent,
    PublicReport, Report, ReportAction, ReportStatus, Service, Similar, Tally, MAX_MAP_POINTS,
};
use app::modules::feedback::rules;
use app::tr;
use chrono::{Duration, Utc};
use rand::Rng;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
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
        attributes: m
            .attributes
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok())
            .unwrap_or_default(),
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
        .ok_or_else(|| {
            AppError::invalid(
                "service_code",
                tr!("không có lĩnh vực \"{code}\"", "no category \"{code}\""),
            )
        })
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
    let svc = to_service(service(db, new.service_code.trim()).await?);
    rules::check_attributes(&svc.attributes, &new.attributes)?;
    let unit = match (new.lat, new.lon) {
        (Some(lat), Some(lon)) => crate::registry::district_at(db, lat, lon).await?,
        _ => None,
    };
    let now = Utc::now();
    let due = now + Duration::hours(svc.sla_hours);
    let attributes = (!new.attributes.is_empty())
        .then(|| serde_json::to_string(&new.attributes))
        .transpose()
        .map_err(internal)?;
    let txn = db.begin().await.map_err(internal)?;
    let code = tracking_code();
    let m = feedback_report::ActiveModel {
        code: Set(code.clone()),
        service_code: Set(svc.code.clone()),
        department_code: Set(Some(svc.department.clone())),
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
        attributes: Set(attributes),
        media_url: Set(blank_to_none(new.media_url)),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    super::photos::attach(&txn, m.id, &new.photos, "report").await?;
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
        id: m.id,
        due_at: due.to_rfc3339(),
    })
}

/// Refuses a client that filed `per_hour` reports within the hour, saying when it may
/// file again. Counted atomically in the database: holds across copies and against
/// parallel requests.
async fn rate_limit(db: &DatabaseConnection, client_hash: &str, per_hour: u32) -> AppResult<()> {
    crate::web::quota::take(db, &format!("report:{client_hash}"), per_hour, 3600).await
}

/// Writes the changed columns only if the report is still in `from`: a change made
/// meanwhile (another official, the citizen, the auto-close worker) wins, and this one is
/// refused rather than undoing it.
async fn update_from(
    txn: &impl ConnectionTrait,
    id: i64,
    from: ReportStatus,
    changes: feedback_report::ActiveModel,
) -> AppResult<feedback_report::Model> {
    let res = feedback_report::Entity::update_many()
        .set(changes)
        .filter(feedback_report::Column::Id.eq(id))
        .filter(feedback_report::Column::Status.eq(from.as_str()))
        .exec(txn)
        .await
        .map_err(internal)?;
    if res.rows_affected != 1 {
        return Err(AppError::invalid(
            "action",
            tr!(
                "phản ánh đã thay đổi trong lúc bạn thao tác: hãy tải lại rồi thử lại",
                "the report changed meanwhile: reload it and try again"
            ),
        ));
    }
    feedback_report::Entity::find_by_id(id)
        .one(txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound("report".into()))
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
        photos: super::photos::of_report(db, m.id).await?.0,
        attributes: m
            .attributes
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok())
            .unwrap_or_default(),
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
            tr!(
                "mỗi phản ánh chỉ được đánh giá một lần, sau khi đã được giải quyết",
                "a report is rated once, after it is resolved"
            ),
        ));
    }
    let id = m.id;
    let mut a: feedback_report::ActiveModel = m.into();
    a.satisfied = Set(Some(satisfied));
    a.status = Set(ReportStatus::Closed.as_str().into());
    a.updated_at = Set(Utc::now());
    let m = update_from(&txn, id, ReportStatus::Resolved, a).await?;
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
/// officials (no department) everywhere; others only their department's. A steward
/// always belongs to a department: one without sees nothing.
fn may_handle(user: &SessionUser, m: &feedback_report::Model) -> bool {
    match (&user.department, user.role) {
        (_, Role::Admin) => true,
        (None, Role::Official) => true,
        (None, _) => false,
        (Some(d), _) => Some(d.as_str()) == m.department_code.as_deref(),
    }
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
        match &user.department {
            Some(d) => q = q.filter(feedback_report::Column::DepartmentCode.eq(d)),
            None if user.role == Role::Official => {}
            None => return Err(AppError::Forbidden),
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
    // Count and page over ids first: both come from an index, then only the page's rows
    // are read (100,000 reports stay fast on SQLite too).
    // A page beyond what the database can count to is a bad page, not a panic.
    let offset = f
        .page
        .checked_mul(PAGE_SIZE)
        .filter(|o| i64::try_from(*o).is_ok())
        .ok_or_else(|| AppError::invalid("page", tr!("số trang quá lớn", "too far")))?;
    let total: i64 = q
        .clone()
        .select_only()
        .expr_as(
            sea_orm::sea_query::Func::count(sea_orm::sea_query::Expr::col(
                feedback_report::Column::Id,
            )),
            "n",
        )
        .into_tuple()
        .one(db)
        .await
        .map_err(internal)?
        .unwrap_or(0);
    let ids: Vec<i64> = q
        .select_only()
        .column(feedback_report::Column::Id)
        .order_by_desc(feedback_report::Column::CreatedAt)
        .order_by_desc(feedback_report::Column::Id)
        .offset(offset)
        .limit(PAGE_SIZE)
        .into_tuple()
        .all(db)
        .await
        .map_err(internal)?;
    let names: std::collections::HashMap<String, String> = feedback_service::Entity::find()
        .all(db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|s| (s.code, s.name))
        .collect();
    let mut page = feedback_report::Entity::find()
        .filter(feedback_report::Column::Id.is_in(ids.clone()))
        .all(db)
        .await
        .map_err(internal)?;
    page.sort_by_key(|m| ids.iter().position(|id| *id == m.id));
    let rows = page
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
        total: total.max(0) as u64,
        page: f.page,
        page_size: PAGE_SIZE,
    })
}

async fn full_view(db: &DatabaseConnection, m: &feedback_report::Model) -> AppResult<Report> {
    Ok(Report {
        photo_position: super::photos::of_report(db, m.id).await?.1,
        media_url: m.media_url.clone(),
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
        ReportAction::Resolve { answer, photos } => {
            super::photos::attach(&txn, id, photos, "resolution").await?;
            a.answer = Set(Some(answer.trim().to_string()));
            a.resolved_at = Set(Some(now));
            ("resolve", Some(answer.trim().to_string()), false)
        }
        ReportAction::Note { text } => ("note", Some(text.trim().to_string()), true),
        ReportAction::Close => ("close", None, false),
    };
    a.status = Set(to.as_str().to_string());
    a.updated_at = Set(now);
    let m = update_from(&txn, id, from, a).await?;
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

/// Whether a report was turned away: rejected, or rejected and then closed (a closed
/// report that was never resolved). Such reports stay out of public lists and counts.
pub fn withdrawn(status: &str, resolved: bool) -> bool {
    status == ReportStatus::Rejected.as_str()
        || (status == ReportStatus::Closed.as_str() && !resolved)
}

/// Not turned away (see `withdrawn`), as SQL.
pub const NOT_WITHDRAWN_SQL: &str =
    "(status <> 'rejected' AND NOT (status = 'closed' AND resolved_at IS NULL))";

/// Open statuses, as SQL.
const OPEN_SQL: &str = "('received', 'accepted', 'assigned', 'in_progress')";

/// Public statistics over every report, counted by the database (one grouped query, so
/// 100,000 reports cost no more memory than 100): no personal data leaves here.
/// The overview's tiles from the reports themselves: filed in the span (the province's
/// days, UTC+7) and, of those, resolved; against the same span a year before. None while
/// no report has been filed at all.
pub async fn overview_tiles(
    db: &DatabaseConnection,
    filter: &app::modules::overview::model::OverviewFilter,
) -> AppResult<Vec<app::model::Kpi>> {
    use app::model::Kpi;
    use app::modules::overview::model::kpi;
    use sea_orm::PaginatorTrait;
    if feedback_report::Entity::find()
        .count(db)
        .await
        .map_err(internal)?
        == 0
    {
        return Ok(Vec::new());
    }
    let span = |year: i32| -> Option<(chrono::DateTime<Utc>, chrono::DateTime<Utc>)> {
        let (from, to) = match filter.month {
            Some(m) => (
                chrono::NaiveDate::from_ymd_opt(year, m, 1)?,
                chrono::NaiveDate::from_ymd_opt(year + i32::from(m == 12), m % 12 + 1, 1)?,
            ),
            None => (
                chrono::NaiveDate::from_ymd_opt(year, 1, 1)?,
                chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)?,
            ),
        };
        let ict = |d: chrono::NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .map(|t| t.and_utc() - Duration::hours(7))
        };
        Some((ict(from)?, ict(to)?))
    };
    let counts = |year: i32| async move {
        let Some((from, to)) = span(year) else {
            return Ok((0.0, 0.0));
        };
        let mut q = feedback_report::Entity::find()
            .filter(feedback_report::Column::CreatedAt.gte(from))
            .filter(feedback_report::Column::CreatedAt.lt(to));
        if let Some(d) = &filter.district {
            q = q.filter(feedback_report::Column::UnitCode.eq(d.clone()));
        }
        let filed = q.clone().count(db).await.map_err(internal)?;
        let resolved = q
            .filter(feedback_report::Column::Status.is_in([
                ReportStatus::Resolved.as_str(),
                ReportStatus::Closed.as_str(),
            ]))
            .count(db)
            .await
            .map_err(internal)?;
        Ok::<_, AppError>((filed as f64, resolved as f64))
    };
    let (filed, resolved) = counts(filter.year).await?;
    let (filed_before, resolved_before) = counts(filter.year - 1).await?;
    Ok(vec![
        Kpi::count(kpi::FEEDBACK, filed, filed_before, "phản ánh", "reports"),
        Kpi::count(
            kpi::FEEDBACK_RESOLVED,
            resolved,
            resolved_before,
            "phản ánh",
            "reports",
        ),
    ])
}

/// The sums a [`Tally`] reads (`read_tally`), `now` being the placeholder of the current
/// time: late is resolved after the deadline, or still open past it (Decision 766).
fn tally_sums(now: &str) -> String {
    let late = format!(
        "((resolved_at IS NOT NULL AND resolved_at > due_at) OR \
         (resolved_at IS NULL AND status IN {OPEN_SQL} AND due_at < {now}))"
    );
    let within = NOT_WITHDRAWN_SQL;
    let sum = |cond: &str| format!("SUM(CASE WHEN {within} AND {cond} THEN 1 ELSE 0 END)");
    format!(
        "COUNT(*), {}, {}, {}, {}, {}, {}, {}, {}, {}",
        sum("1 = 1"),
        sum("resolved_at IS NOT NULL"),
        sum("resolved_at IS NOT NULL AND resolved_at <= due_at"),
        sum("resolved_at IS NOT NULL AND resolved_at > due_at"),
        sum("resolved_at IS NULL"),
        sum(&format!(
            "resolved_at IS NULL AND status IN {OPEN_SQL} AND due_at < {now}"
        )),
        sum("satisfied IS NOT NULL"),
        sum("satisfied"),
        sum(&format!("(NOT satisfied OR {late})")),
    )
}

/// The [`Tally`] of `tally_sums`' ten columns from `base` on.
fn read_tally(row: &sea_orm::QueryResult, base: usize) -> AppResult<Tally> {
    let n = |i: usize| -> AppResult<u64> {
        Ok(row
            .try_get_by_index::<Option<i64>>(base + i)
            .map_err(internal)?
            .unwrap_or(0) as u64)
    };
    Ok(Tally {
        total: n(0)?,
        within: n(1)?,
        resolved: n(2)?,
        on_time: n(3)?,
        late: n(4)?,
        pending: n(5)?,
        overdue: n(6)?,
        rated: n(7)?,
        satisfied: n(8)?,
        unsatisfied_or_late: n(9)?,
        ..Default::default()
    })
}

/// The reports filed in `[from, to)`, tallied for the province (key `all`) and per
/// department: Decision 766's feedback ratios for module 1's scorecard.
pub async fn department_tallies<C: ConnectionTrait>(
    db: &C,
    from: chrono::DateTime<Utc>,
    to: chrono::DateTime<Utc>,
) -> AppResult<(Tally, Vec<Tally>)> {
    use sea_orm::{DbBackend, Statement};
    let backend = db.get_database_backend();
    let p = |n: usize| {
        if backend == DbBackend::Postgres {
            format!("${n}")
        } else {
            format!("?{n}")
        }
    };
    let sql = format!(
        "SELECT department_code, {} FROM feedback_report \
         WHERE created_at >= {} AND created_at < {} GROUP BY department_code",
        tally_sums(&p(1)),
        p(2),
        p(3)
    );
    let stmt =
        Statement::from_sql_and_values(backend, sql, [Utc::now().into(), from.into(), to.into()]);
    let mut all = Tally {
        key: "all".into(),
        ..Default::default()
    };
    let mut by = Vec::new();
    for row in db.query_all_raw(stmt).await.map_err(internal)? {
        let mut t = read_tally(&row, 1)?;
        add(&mut all, &t);
        if let Some(k) = row
            .try_get_by_index::<Option<String>>(0)
            .map_err(internal)?
        {
            t.key = k;
            by.push(t);
        }
    }
    Ok((all, by))
}

pub async fn stats(db: &DatabaseConnection) -> AppResult<FeedbackStats> {
    use sea_orm::{DbBackend, Statement};
    use std::collections::{BTreeMap, HashMap};
    let backend = db.get_database_backend();
    let now = if backend == DbBackend::Postgres {
        "$1"
    } else {
        "?1"
    };
    let sql = format!(
        "SELECT service_code, department_code, unit_code, {}, \
         SUM(CASE WHEN source = 'demo' THEN 1 ELSE 0 END) \
         FROM feedback_report GROUP BY service_code, department_code, unit_code",
        tally_sums(now)
    );
    let stmt = Statement::from_sql_and_values(backend, sql, [Utc::now().into()]);
    let rows = db.query_all_raw(stmt).await.map_err(internal)?;
    let mut total = Tally {
        key: "all".into(),
        ..Default::default()
    };
    let mut by: [BTreeMap<String, Tally>; 3] = Default::default();
    let mut demo = false;
    for row in rows {
        let key =
            |i: usize| -> AppResult<Option<String>> { row.try_get_by_index(i).map_err(internal) };
        let slice = read_tally(&row, 3)?;
        let demo_rows: Option<i64> = row.try_get_by_index(13).map_err(internal)?;
        demo |= demo_rows.unwrap_or(0) > 0;
        add(&mut total, &slice);
        for (i, map) in by.iter_mut().enumerate() {
            if let Some(k) = key(i)? {
                add(map.entry(k).or_default(), &slice);
            }
        }
    }
    // Each key's name in both languages.
    type Names = HashMap<String, (String, String)>;
    let services: Names = feedback_service::Entity::find()
        .all(db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|s| (s.code, (s.name, s.name_en)))
        .collect();
    let departments: Names = crate::registry::departments(db)
        .await?
        .into_iter()
        .map(|d| (d.code, (d.name, d.name_en)))
        .collect();
    let units: Names = admin_unit::Entity::find()
        .all(db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|u| (u.code, (u.name, u.name_en)))
        .collect();
    let named = |map: BTreeMap<String, Tally>, names: &Names| {
        let mut v: Vec<Tally> = map
            .into_iter()
            .map(|(k, mut t)| {
                (t.name, t.name_en) = names
                    .get(&k)
                    .cloned()
                    .unwrap_or_else(|| (k.clone(), k.clone()));
                t.key = k;
                t
            })
            .collect();
        v.sort_by_key(|t| std::cmp::Reverse(t.total));
        v
    };
    let [s, d, u] = by;
    Ok(FeedbackStats {
        demo,
        all: total,
        by_service: named(s, &services),
        by_department: named(d, &departments),
        by_district: named(u, &units),
        points: map_points(db).await?,
    })
}

fn add(t: &mut Tally, x: &Tally) {
    t.total += x.total;
    t.within += x.within;
    t.resolved += x.resolved;
    t.on_time += x.on_time;
    t.late += x.late;
    t.pending += x.pending;
    t.overdue += x.overdue;
    t.rated += x.rated;
    t.satisfied += x.satisfied;
    t.unsatisfied_or_late += x.unsatisfied_or_late;
}

/// The most recent located reports for the public map: position and open or not. Reports
/// turned away (rejected, withdrawn) are not shown, as in Open311.
async fn map_points(db: &DatabaseConnection) -> AppResult<Vec<MapPoint>> {
    let rows: Vec<(Option<f64>, Option<f64>, String)> = feedback_report::Entity::find()
        .select_only()
        .column(feedback_report::Column::Lat)
        .column(feedback_report::Column::Lon)
        .column(feedback_report::Column::Status)
        .filter(feedback_report::Column::Lat.is_not_null())
        .filter(sea_orm::sea_query::Expr::cust(NOT_WITHDRAWN_SQL))
        .order_by_desc(feedback_report::Column::CreatedAt)
        .limit(MAX_MAP_POINTS)
        .into_tuple()
        .all(db)
        .await
        .map_err(internal)?;
    Ok(rows
        .into_iter()
        .filter_map(|(lat, lon, status)| {
            let open = ReportStatus::parse(&status).is_some_and(ReportStatus::is_open);
            // Five decimals (about a metre) is all a map needs.
            let round = |x: f64| (x * 1e5).round() / 1e5;
            Some(MapPoint(round(lat?), round(lon?), open))
        })
        .collect())
}

/// How near and how recent an open report of the same category must be to be offered
/// as possibly the same problem.
pub const SIMILAR_METRES: f64 = 150.0;
pub const SIMILAR_HOURS: i64 = 72;

/// Metres between two points (haversine).
pub fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let r = 6_371_000.0;
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let dla = la2 - la1;
    let dlo = (b.1 - a.1).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

/// Open reports of the same category filed nearby in the last days, nearest first.
pub async fn similar(
    db: &DatabaseConnection,
    service_code: &str,
    lat: f64,
    lon: f64,
) -> AppResult<Vec<Similar>> {
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(AppError::invalid(
            "lat",
            tr!(
                "không phải một vị trí trên Trái Đất",
                "not a position on Earth"
            ),
        ));
    }
    let dlat = SIMILAR_METRES / 111_320.0;
    let dlon = dlat / lat.to_radians().cos().max(0.01);
    let rows = feedback_report::Entity::find()
        .filter(feedback_report::Column::ServiceCode.eq(service_code))
        .filter(feedback_report::Column::CreatedAt.gt(Utc::now() - Duration::hours(SIMILAR_HOURS)))
        .filter(feedback_report::Column::Lat.between(lat - dlat, lat + dlat))
        .filter(feedback_report::Column::Lon.between(lon - dlon, lon + dlon))
        .order_by_desc(feedback_report::Column::CreatedAt)
        .limit(50)
        .all(db)
        .await
        .map_err(internal)?;
    let mut out: Vec<Similar> = rows
        .into_iter()
        .filter(|m| status_of(m).is_open())
        .filter_map(|m| {
            let d = distance_m((lat, lon), (m.lat?, m.lon?));
            (d <= SIMILAR_METRES).then(|| Similar {
                id: m.id,
                status: status_of(&m),
                description: m.description.chars().take(200).collect(),
                created_at: m.created_at.to_rfc3339(),
                distance_m: d.round(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m));
    out.truncate(5);
    Ok(out)
}

/// Closes reports resolved more than `days` ago that the citizen never rated. Each
/// report is closed by a conditional update, so copies of the server running this at the
/// same time close it once and record it once.
pub async fn auto_close(db: &DatabaseConnection, days: i64) -> AppResult<u64> {
    let due = Utc::now() - Duration::days(days);
    let ids: Vec<i64> = feedback_report::Entity::find()
        .select_only()
        .column(feedback_report::Column::Id)
        .filter(feedback_report::Column::Status.eq(ReportStatus::Resolved.as_str()))
        .filter(feedback_report::Column::ResolvedAt.lt(due))
        .limit(1_000)
        .into_tuple()
        .all(db)
        .await
        .map_err(internal)?;
    let mut closed = 0;
    for id in ids {
        let txn = db.begin().await.map_err(internal)?;
        let res = feedback_report::Entity::update_many()
            .col_expr(
                feedback_report::Column::Status,
                sea_orm::sea_query::Expr::value(ReportStatus::Closed.as_str()),
            )
            .col_expr(
                feedback_report::Column::UpdatedAt,
                sea_orm::sea_query::Expr::value(Utc::now()),
            )
            .filter(feedback_report::Column::Id.eq(id))
            .filter(feedback_report::Column::Status.eq(ReportStatus::Resolved.as_str()))
            .exec(&txn)
            .await
            .map_err(internal)?;
        if res.rows_affected == 1 {
            event(
                &txn,
                id,
                "system",
                "auto_close",
                Some(ReportStatus::Closed),
                None,
                false,
            )
            .await?;
            closed += 1;
        }
        txn.commit().await.map_err(internal)?;
    }
    Ok(closed)
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
        use crate::registry::contains;
        assert!(contains(&square, 2.0, 2.0));
        assert!(!contains(&square, 5.0, 5.0));
        assert!(!contains(&square, 11.0, 2.0));
        let multi = serde_json::json!({"type": "MultiPolygon", "coordinates": [
            [[[20.0, 20.0], [21.0, 20.0], [21.0, 21.0], [20.0, 20.0]]],
            [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]]]});
        assert!(contains(&multi, 0.5, 0.5));
    }
}
