//! Security incidents and their workflow: Mới → Đã tiếp nhận → Đang xử lý → Đã khắc phục →
//! Đóng, or Cảnh báo nhầm. Opened by an official (from an event or by hand) or by a monitor
//! going down, which also closes its own when the site is back. Every step is logged, and
//! a step moves only from the status its author saw (two officials cannot both move it).

use super::monitors::stmt;
use super::store::micros_text;
use crate::auth::internal;
use app::error::{AppError, AppResult};
use app::modules::security::model::{
    Incident, IncidentMove, IncidentStatus, IncidentStep, NewIncident,
};
use app::tr;
use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait};

/// The actor written for what the monitors do.
pub const SYSTEM: &str = "hệ thống";

pub struct Opening<'a> {
    pub title: String,
    /// `monitor`, `event` or `manual`.
    pub source: &'a str,
    pub subject: &'a str,
    pub department: Option<&'a str>,
    pub severity: &'a str,
    pub opened_by: &'a str,
    pub note: Option<String>,
}

async fn log<C: ConnectionTrait>(
    db: &C,
    id: i64,
    actor: &str,
    from: Option<IncidentStatus>,
    to: IncidentStatus,
    note: Option<String>,
    now: i64,
) -> AppResult<()> {
    db.execute_raw(stmt(
        db,
        "INSERT INTO security_incident_log (incident, at, actor, from_status, to_status, note) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        vec![
            id.into(),
            now.into(),
            actor.to_owned().into(),
            from.map(|s| s.as_str().to_owned()).into(),
            to.as_str().to_owned().into(),
            note.into(),
        ],
    ))
    .await
    .map_err(internal)?;
    Ok(())
}

/// Opens an incident (status new) and logs it; answers its id.
pub async fn open<C: ConnectionTrait>(db: &C, o: Opening<'_>, now: i64) -> AppResult<i64> {
    let title: String = o.title.chars().take(300).collect();
    let row = db
        .query_one_raw(stmt(
            db,
            "INSERT INTO security_incident (title, source, subject, department, severity, \
             status, opened_at, updated_at, opened_by) \
             VALUES ($1, $2, $3, $4, $5, 'new', $6, $6, $7) RETURNING id",
            vec![
                title.into(),
                o.source.to_owned().into(),
                o.subject.chars().take(100).collect::<String>().into(),
                o.department.map(str::to_owned).into(),
                o.severity.to_owned().into(),
                now.into(),
                o.opened_by.to_owned().into(),
            ],
        ))
        .await
        .map_err(internal)?
        .ok_or(AppError::Internal)?;
    let id: i64 = row.try_get("", "id").map_err(internal)?;
    log(db, id, o.opened_by, None, IncidentStatus::New, o.note, now).await?;
    Ok(id)
}

/// Closes an incident a monitor opened, when its site is back (unless already final).
pub async fn close_by_system<C: ConnectionTrait>(
    db: &C,
    id: i64,
    note: &str,
    now: i64,
) -> AppResult<()> {
    let Some(status) = status_of(db, id).await? else {
        return Ok(());
    };
    if status.is_final() {
        return Ok(());
    }
    let res = db
        .execute_raw(stmt(
            db,
            "UPDATE security_incident SET status = 'closed', closed_at = $1, updated_at = $1, \
             summary = COALESCE(summary, $2) WHERE id = $3 AND status = $4",
            vec![
                now.into(),
                note.to_owned().into(),
                id.into(),
                status.as_str().to_owned().into(),
            ],
        ))
        .await
        .map_err(internal)?;
    if res.rows_affected() == 1 {
        log(
            db,
            id,
            SYSTEM,
            Some(status),
            IncidentStatus::Closed,
            Some(note.to_owned()),
            now,
        )
        .await?;
    }
    Ok(())
}

async fn status_of<C: ConnectionTrait>(db: &C, id: i64) -> AppResult<Option<IncidentStatus>> {
    let row = db
        .query_one_raw(stmt(
            db,
            "SELECT status FROM security_incident WHERE id = $1",
            vec![id.into()],
        ))
        .await
        .map_err(internal)?;
    Ok(row
        .map(|r| r.try_get::<String>("", "status"))
        .transpose()
        .map_err(internal)?
        .and_then(|s| IncidentStatus::parse(&s)))
}

fn note_of(note: Option<&String>) -> AppResult<Option<String>> {
    let note = note.map(|n| n.trim()).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > 2000) {
        return Err(AppError::invalid(
            "note",
            tr!("tối đa 2000 ký tự", "at most 2000 characters"),
        ));
    }
    Ok(note.map(str::to_owned))
}

/// An official opens an incident, from an event (its system named) or by hand.
pub async fn create(
    db: &DatabaseConnection,
    n: &NewIncident,
    actor: &str,
    now: i64,
) -> AppResult<Incident> {
    let title = n.title.trim();
    if title.is_empty() || title.chars().count() > 300 {
        return Err(AppError::invalid(
            "title",
            tr!(
                "cần tiêu đề, tối đa 300 ký tự",
                "a title is needed, at most 300 characters"
            ),
        ));
    }
    if !matches!(n.severity.as_str(), "warning" | "critical") {
        return Err(AppError::invalid(
            "severity",
            tr!("warning hoặc critical", "warning or critical"),
        ));
    }
    let subject = n.subject.trim();
    if subject.chars().count() > 100 {
        return Err(AppError::invalid(
            "subject",
            tr!("tối đa 100 ký tự", "at most 100 characters"),
        ));
    }
    let note = note_of(n.note.as_ref())?;
    if let Some(e) = n.event {
        let found = db
            .query_one_raw(stmt(
                db,
                "SELECT id FROM security_event WHERE id = $1",
                vec![e.into()],
            ))
            .await
            .map_err(internal)?;
        if found.is_none() {
            return Err(AppError::invalid(
                "event",
                tr!("không có sự kiện số {e}", "no event number {e}"),
            ));
        }
    }
    let txn = db.begin().await.map_err(internal)?;
    let note = match (n.event, note) {
        (Some(e), Some(t)) => Some(format!("#{e}: {t}")),
        (Some(e), None) => Some(format!("#{e}")),
        (None, t) => t,
    };
    let id = open(
        &txn,
        Opening {
            title: title.to_owned(),
            source: if n.event.is_some() { "event" } else { "manual" },
            subject,
            department: None,
            severity: &n.severity,
            opened_by: actor,
            note,
        },
        now,
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    get(db, id).await
}

/// An official moves an incident one step; refused when the step is not allowed from
/// where it is, or when someone else moved it first.
pub async fn move_to(
    db: &DatabaseConnection,
    mv: &IncidentMove,
    actor: &str,
    now: i64,
) -> AppResult<Incident> {
    let current = get(db, mv.id).await?;
    let note = note_of(mv.note.as_ref())?;
    if !current.status.next().contains(&mv.to) {
        let (vi, en) = current.status.label();
        let (tvi, ten) = mv.to.label();
        return Err(AppError::invalid(
            "to",
            app::error::Text::new(
                format!("không chuyển được từ “{vi}” sang “{tvi}”"),
                format!("cannot go from “{en}” to “{ten}”"),
            ),
        ));
    }
    if mv.to == IncidentStatus::FalseAlarm && note.is_none() {
        return Err(AppError::invalid(
            "note",
            tr!(
                "cần ghi lý do là cảnh báo nhầm",
                "say why it is a false alarm"
            ),
        ));
    }
    let closes = mv.to.is_final();
    let txn = db.begin().await.map_err(internal)?;
    let res = txn
        .execute_raw(stmt(
            &txn,
            "UPDATE security_incident SET status = $1, updated_at = $2, \
             closed_at = CASE WHEN $3 = 1 THEN $2 ELSE NULL END, \
             summary = CASE WHEN $3 = 1 AND $4 IS NOT NULL THEN $4 ELSE summary END \
             WHERE id = $5 AND status = $6",
            vec![
                mv.to.as_str().to_owned().into(),
                now.into(),
                i64::from(closes).into(),
                note.clone().into(),
                mv.id.into(),
                current.status.as_str().to_owned().into(),
            ],
        ))
        .await
        .map_err(internal)?;
    if res.rows_affected() != 1 {
        txn.rollback().await.map_err(internal)?;
        return Err(AppError::invalid(
            "to",
            tr!(
                "sự cố vừa được người khác cập nhật; tải lại để xem",
                "someone else has just moved this incident; reload to see it"
            ),
        ));
    }
    log(&txn, mv.id, actor, Some(current.status), mv.to, note, now).await?;
    txn.commit().await.map_err(internal)?;
    get(db, mv.id).await
}

const INCIDENT_COLUMNS: &str = "id, title, source, subject, department, severity, status, \
    opened_at, updated_at, closed_at, opened_by, summary";

fn incident(r: &sea_orm::QueryResult) -> AppResult<Incident> {
    let s = |c: &str| r.try_get::<String>("", c).map_err(internal);
    let status = s("status")?;
    Ok(Incident {
        id: r.try_get("", "id").map_err(internal)?,
        title: s("title")?,
        source: s("source")?,
        subject: s("subject")?,
        department: r.try_get("", "department").map_err(internal)?,
        severity: s("severity")?,
        status: IncidentStatus::parse(&status)
            .ok_or_else(|| internal(format!("incident status {status}")))?,
        opened_at: micros_text(r.try_get("", "opened_at").map_err(internal)?),
        updated_at: micros_text(r.try_get("", "updated_at").map_err(internal)?),
        closed_at: r
            .try_get::<Option<i64>>("", "closed_at")
            .map_err(internal)?
            .map(micros_text),
        opened_by: s("opened_by")?,
        summary: r.try_get("", "summary").map_err(internal)?,
        log: Vec::new(),
    })
}

async fn with_logs<C: ConnectionTrait>(
    db: &C,
    mut list: Vec<Incident>,
) -> AppResult<Vec<Incident>> {
    if list.is_empty() {
        return Ok(list);
    }
    let ids: Vec<String> = list.iter().map(|i| i.id.to_string()).collect();
    // Ids are numbers read from the table: safe to write into the statement.
    let rows = db
        .query_all_raw(stmt(
            db,
            &format!(
                "SELECT incident, at, actor, from_status, to_status, note \
                 FROM security_incident_log WHERE incident IN ({}) ORDER BY at, id",
                ids.join(", ")
            ),
            vec![],
        ))
        .await
        .map_err(internal)?;
    for r in rows {
        let id: i64 = r.try_get("", "incident").map_err(internal)?;
        let from: Option<String> = r.try_get("", "from_status").map_err(internal)?;
        let to: String = r.try_get("", "to_status").map_err(internal)?;
        let step = IncidentStep {
            at: micros_text(r.try_get("", "at").map_err(internal)?),
            actor: r.try_get("", "actor").map_err(internal)?,
            from: from.as_deref().and_then(IncidentStatus::parse),
            to: IncidentStatus::parse(&to).unwrap_or(IncidentStatus::New),
            note: r.try_get("", "note").map_err(internal)?,
        };
        if let Some(i) = list.iter_mut().find(|i| i.id == id) {
            i.log.push(step);
        }
    }
    Ok(list)
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> AppResult<Incident> {
    let row = db
        .query_one_raw(stmt(
            db,
            &format!("SELECT {INCIDENT_COLUMNS} FROM security_incident WHERE id = $1"),
            vec![id.into()],
        ))
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound(format!("incident {id}")))?;
    let one = incident(&row)?;
    Ok(with_logs(db, vec![one]).await?.remove(0))
}

/// The open incidents, newest first, then those closed in the last `closed_days` days.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    closed_since: i64,
    limit: u64,
) -> AppResult<Vec<Incident>> {
    let rows = db
        .query_all_raw(stmt(
            db,
            &format!(
                "SELECT {INCIDENT_COLUMNS} FROM security_incident \
                 WHERE closed_at IS NULL OR closed_at >= $1 \
                 ORDER BY CASE WHEN closed_at IS NULL THEN 0 ELSE 1 END, opened_at DESC, id DESC \
                 LIMIT $2"
            ),
            vec![closed_since.into(), (limit as i64).into()],
        ))
        .await
        .map_err(internal)?;
    let list = rows.iter().map(incident).collect::<AppResult<Vec<_>>>()?;
    with_logs(db, list).await
}

/// The monitors' outages of a department since a time (or still open): (monitor, start,
/// end), newest first.
pub async fn monitor_outages<C: ConnectionTrait>(
    db: &C,
    department: &str,
    since: i64,
) -> AppResult<Vec<(String, i64, Option<i64>)>> {
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT subject, opened_at, closed_at FROM security_incident \
             WHERE source = 'monitor' AND department = $1 \
             AND (opened_at >= $2 OR closed_at IS NULL OR closed_at >= $2) \
             ORDER BY opened_at DESC LIMIT 50",
            vec![department.into(), since.into()],
        ))
        .await
        .map_err(internal)?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("", "subject").map_err(internal)?,
                r.try_get("", "opened_at").map_err(internal)?,
                r.try_get("", "closed_at").map_err(internal)?,
            ))
        })
        .collect()
}
