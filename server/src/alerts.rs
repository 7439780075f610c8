//! The shared alert feed: modules raise an alert while a condition lasts and clear it when
//! it ends; officials acknowledge. One open alert per (module, kind, subject): the key
//! sits in a unique column while the alert is open, so several servers raising the same
//! condition at once still make one alert.

use crate::auth::internal;
use crate::db::entity::alert;
use app::error::{AppError, AppResult};
use app::model::{Alert, AlertQuery, Severity};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

/// A condition a module observed.
#[derive(Debug, Clone)]
pub struct Raise<'a> {
    pub module: &'a str,
    pub kind: &'a str,
    pub subject: &'a str,
    pub subject_name: &'a str,
    /// The department whose people may acknowledge it; None: province-wide.
    pub department: Option<&'a str>,
    pub severity: Severity,
    pub title_vi: String,
    pub title_en: String,
    pub value: String,
    pub observed_at: DateTime<Utc>,
}

fn key(module: &str, kind: &str, subject: &str) -> String {
    format!("{module}:{kind}:{subject}")
}

/// Raises the alert, or refreshes the open one (value, time, titles). A rise in severity
/// asks for a new acknowledgement.
pub async fn raise<C: ConnectionTrait>(db: &C, r: Raise<'_>) -> AppResult<()> {
    let k = key(r.module, r.kind, r.subject);
    let open = alert::Entity::find()
        .filter(alert::Column::OpenKey.eq(k.clone()))
        .one(db)
        .await
        .map_err(internal)?;
    if let Some(a) = open {
        let escalated = Severity::parse(&a.severity) < r.severity;
        let unchanged = a.value == r.value && a.observed_at == r.observed_at && !escalated;
        if unchanged {
            return Ok(());
        }
        let mut m: alert::ActiveModel = a.into();
        m.value = Set(r.value);
        m.observed_at = Set(r.observed_at);
        m.title_vi = Set(r.title_vi);
        m.title_en = Set(r.title_en);
        if escalated {
            m.severity = Set(r.severity.as_str().to_string());
            m.ack_by = Set(None);
            m.ack_at = Set(None);
        }
        m.update(db).await.map_err(internal)?;
        return Ok(());
    }
    let row = alert::ActiveModel {
        module: Set(r.module.to_string()),
        kind: Set(r.kind.to_string()),
        subject: Set(r.subject.to_string()),
        subject_name: Set(r.subject_name.to_string()),
        department_code: Set(r.department.map(str::to_string)),
        open_key: Set(Some(k)),
        severity: Set(r.severity.as_str().to_string()),
        title_vi: Set(r.title_vi),
        title_en: Set(r.title_en),
        value: Set(r.value),
        observed_at: Set(r.observed_at),
        raised_at: Set(Utc::now()),
        cleared_at: Set(None),
        ack_by: Set(None),
        ack_at: Set(None),
        ..Default::default()
    };
    // Another server may have raised it a moment ago: then theirs stands.
    alert::Entity::insert(row)
        .on_conflict(
            OnConflict::column(alert::Column::OpenKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await
        .map_err(internal)?;
    Ok(())
}

/// Ends the condition, if an alert for it is open. Returns whether one was.
pub async fn clear<C: ConnectionTrait>(
    db: &C,
    module: &str,
    kind: &str,
    subject: &str,
) -> AppResult<bool> {
    let res = alert::Entity::update_many()
        .col_expr(alert::Column::OpenKey, Expr::value(None::<String>))
        .col_expr(alert::Column::ClearedAt, Expr::value(Utc::now()))
        .filter(alert::Column::OpenKey.eq(key(module, kind, subject)))
        .exec(db)
        .await
        .map_err(internal)?;
    Ok(res.rows_affected > 0)
}

/// Clears every open alert of a module and subject whose kind starts with `prefix` and is
/// not in `keep` (e.g. the limits of parameters now back under them).
pub async fn clear_others<C: ConnectionTrait>(
    db: &C,
    module: &str,
    subject: &str,
    prefix: &str,
    keep: &[String],
) -> AppResult<()> {
    let open = alert::Entity::find()
        .filter(alert::Column::Module.eq(module))
        .filter(alert::Column::Subject.eq(subject))
        .filter(alert::Column::OpenKey.is_not_null())
        .filter(alert::Column::Kind.starts_with(prefix))
        .all(db)
        .await
        .map_err(internal)?;
    for a in open.into_iter().filter(|a| !keep.contains(&a.kind)) {
        clear(db, module, &a.kind, subject).await?;
    }
    Ok(())
}

impl From<alert::Model> for Alert {
    fn from(a: alert::Model) -> Self {
        Alert {
            id: a.id,
            module: a.module,
            kind: a.kind,
            subject: a.subject,
            subject_name: a.subject_name,
            severity: Severity::parse(&a.severity),
            title_vi: a.title_vi,
            title_en: a.title_en,
            value: a.value,
            observed_at: a.observed_at.to_rfc3339(),
            raised_at: a.raised_at.to_rfc3339(),
            cleared_at: a.cleared_at.map(|t| t.to_rfc3339()),
            acknowledged_by: a.ack_by,
            acknowledged_at: a.ack_at.map(|t| t.to_rfc3339()),
        }
    }
}

/// Open alerts first (most severe, then newest), then, if asked, the ended ones.
pub async fn list<C: ConnectionTrait>(db: &C, q: &AlertQuery) -> AppResult<Vec<Alert>> {
    let limit = u64::from(q.limit.unwrap_or(50).clamp(1, 500));
    let mut open = alert::Entity::find().filter(alert::Column::OpenKey.is_not_null());
    if let Some(m) = &q.module {
        open = open.filter(alert::Column::Module.eq(m.clone()));
    }
    // Severity before the limit: an older critical alert is never pushed out of the feed
    // by newer warnings.
    let rank = Expr::cust("CASE severity WHEN 'critical' THEN 1 ELSE 0 END");
    let mut out: Vec<Alert> = open
        .order_by(rank, sea_orm::Order::Desc)
        .order_by_desc(alert::Column::RaisedAt)
        .order_by_desc(alert::Column::Id)
        .limit(limit)
        .all(db)
        .await
        .map_err(internal)?
        .into_iter()
        .map(Alert::from)
        .collect();
    out.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(b.raised_at.cmp(&a.raised_at))
    });
    if q.include_cleared && (out.len() as u64) < limit {
        let mut ended = alert::Entity::find().filter(alert::Column::OpenKey.is_null());
        if let Some(m) = &q.module {
            ended = ended.filter(alert::Column::Module.eq(m.clone()));
        }
        out.extend(
            ended
                .order_by_desc(alert::Column::ClearedAt)
                .limit(limit - out.len() as u64)
                .all(db)
                .await
                .map_err(internal)?
                .into_iter()
                .map(Alert::from),
        );
    }
    Ok(out)
}

/// Whether a user may acknowledge an alert: administrators, officials without a
/// department (province-wide) and anyone of the alert's own department.
pub fn may_acknowledge(user: &app::model::SessionUser, department: Option<&str>) -> bool {
    use app::model::Role;
    match user.role {
        Role::Admin => true,
        Role::Official | Role::Steward => match (&user.department, department) {
            (None, _) if user.role == Role::Official => true,
            (Some(mine), Some(theirs)) => mine == theirs,
            _ => false,
        },
        Role::Public => false,
    }
}

/// An official has seen the alert. Audited; acknowledging twice keeps the first. Only
/// the alert's department (or the province-wide roles) may silence it for everyone.
pub async fn acknowledge<C: ConnectionTrait>(
    db: &C,
    id: i64,
    user: &app::model::SessionUser,
) -> AppResult<Alert> {
    let who = user.email.as_str();
    let a = alert::Entity::find_by_id(id)
        .one(db)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound(format!("alert {id}")))?;
    if !may_acknowledge(user, a.department_code.as_deref()) {
        return Err(AppError::Forbidden);
    }
    if a.ack_at.is_some() {
        return Ok(a.into());
    }
    // Only the first acknowledgement is written: two at once leave one name.
    let res = alert::Entity::update_many()
        .col_expr(alert::Column::AckBy, Expr::value(Some(who.to_string())))
        .col_expr(alert::Column::AckAt, Expr::value(Some(Utc::now())))
        .filter(alert::Column::Id.eq(id))
        .filter(alert::Column::AckAt.is_null())
        .exec(db)
        .await
        .map_err(internal)?;
    let a = alert::Entity::find_by_id(id)
        .one(db)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound(format!("alert {id}")))?;
    if res.rows_affected == 1 {
        crate::audit::record(
            db,
            who,
            "alert.acknowledge",
            &format!("{}:{}:{}", a.module, a.kind, a.subject),
            serde_json::json!({ "id": a.id, "value": a.value }),
        )
        .await
        .map_err(internal)?;
    }
    Ok(a.into())
}
