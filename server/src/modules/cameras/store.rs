//! Module 10's tables: groups, cameras (with what only the server reads: addresses and
//! credentials) and the view log. SQL with `$n` placeholders, which sqlx reads on SQLite too.

use crate::auth::internal;
use app::error::{AppError, AppResult, Text};
use app::modules::cameras::model::{
    Camera, CameraDetail, CameraInput, CameraState, Group, GroupInput, StateChange, Uptime, View,
    WallPrefs, LAYOUTS,
};
use app::tr;
use reqwest::Url;
use sea_orm::{ConnectionTrait, QueryResult, Statement, Value};
use std::collections::HashMap;

pub(super) fn stmt(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(db.get_database_backend(), sql, values)
}

pub(super) fn rfc3339(us: i64) -> String {
    chrono::DateTime::from_timestamp_micros(us)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// The province's box, with a margin (Côn Đảo included): a camera outside it is a typo.
const LAT: (f64, f64) = (8.4, 11.0);
const LON: (f64, f64) = (106.3, 107.8);

/// A camera as the server keeps it: what officials see, and what only the proxy reads.
pub struct Row {
    pub camera: Camera,
    pub stream_url: Option<String>,
    pub sub_stream_url: Option<String>,
    pub snapshot_url: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
}

impl Row {
    /// The upstream address of a stream (`sub`: the grid's, else the main one).
    pub fn stream(&self, sub: bool) -> Option<&str> {
        if sub {
            self.sub_stream_url
                .as_deref()
                .or(self.stream_url.as_deref())
        } else {
            self.stream_url.as_deref()
        }
    }

    /// Whether `url` is on a host this camera registered (scheme, host and port): the only
    /// places the proxy fetches from for it.
    pub fn allows(&self, url: &Url) -> bool {
        let origin = |u: &Url| {
            (
                u.scheme().to_string(),
                u.host_str().map(str::to_ascii_lowercase),
                u.port_or_known_default(),
            )
        };
        matches!(url.scheme(), "http" | "https")
            && [&self.stream_url, &self.sub_stream_url, &self.snapshot_url]
                .into_iter()
                .flatten()
                .filter_map(|s| Url::parse(s).ok())
                .any(|u| origin(&u) == origin(url))
    }
}

/// Who is asking, for the cameras they may watch: administrators every camera; anyone
/// else the cameras of open groups (no department named) and of the groups that name their
/// department.
#[derive(Clone, Copy, Debug)]
pub enum Access<'a> {
    All,
    Department(Option<&'a str>),
}

impl<'a> Access<'a> {
    pub fn of_user(u: &'a app::model::SessionUser) -> Self {
        if u.role == app::model::Role::Admin {
            Access::All
        } else {
            Access::Department(u.department.as_deref())
        }
    }

    /// A condition on `camera` (the table's own name), with its parameter as `$n`.
    fn condition(self, n: usize) -> (String, Option<Value>) {
        match self {
            Access::All => ("TRUE".into(), None),
            Access::Department(d) => (
                format!(
                    "(camera.group_code IS NULL OR NOT EXISTS (SELECT 1 FROM camera_group_access a \
                     WHERE a.group_code = camera.group_code) OR EXISTS (SELECT 1 FROM \
                     camera_group_access a WHERE a.group_code = camera.group_code AND a.department = ${n}))"
                ),
                Some(d.map(str::to_string).into()),
            ),
        }
    }

    /// Whether a group with these departments is open to the caller.
    fn opens(self, departments: &[String]) -> bool {
        match self {
            Access::All => true,
            Access::Department(d) => {
                departments.is_empty() || d.is_some_and(|d| departments.iter().any(|x| x == d))
            }
        }
    }
}

const COLUMNS: &str = "code, name, lat, lon, unit, group_code, department, importance, \
     privacy_note, state, since, stream_url, sub_stream_url, snapshot_url, username, password, \
     privacy_masks";

fn row_of(r: &QueryResult) -> AppResult<Row> {
    let get_s = |i: usize| r.try_get_by_index::<Option<String>>(i).map_err(internal);
    let code: String = r.try_get_by_index(0).map_err(internal)?;
    let stream_url = get_s(11)?;
    let sub_stream_url = get_s(12)?;
    let username = get_s(14)?;
    let password = get_s(15)?;
    let live = |sub: bool| {
        format!(
            "/api/v1/cameras/{code}/live.m3u8{}",
            if sub { "?stream=sub" } else { "" }
        )
    };
    let snapshot_url = get_s(13)?;
    let state: String = r.try_get_by_index(9).map_err(internal)?;
    let importance: i64 = r.try_get_by_index(7).map_err(internal)?;
    Ok(Row {
        camera: Camera {
            name: r.try_get_by_index(1).map_err(internal)?,
            lat: r.try_get_by_index(2).map_err(internal)?,
            lon: r.try_get_by_index(3).map_err(internal)?,
            unit: get_s(4)?,
            group: get_s(5)?,
            department: get_s(6)?,
            importance: u8::try_from(importance).unwrap_or(1),
            privacy_note: get_s(8)?,
            state: CameraState::parse(&state).unwrap_or(CameraState::Unknown),
            since: rfc3339(r.try_get_by_index(10).map_err(internal)?),
            live_url: stream_url.as_ref().map(|_| live(false)),
            sub_live_url: stream_url
                .as_ref()
                .or(sub_stream_url.as_ref())
                .map(|_| live(true)),
            has_credentials: username.is_some() || password.is_some(),
            privacy_masks: get_s(16)?
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default(),
            snapshot_url: snapshot_url
                .as_ref()
                .map(|_| format!("/api/v1/cameras/{code}/snapshot")),
            code,
        },
        stream_url,
        sub_stream_url,
        snapshot_url,
        username,
        password,
    })
}

/// The cameras the caller may watch, by group then name.
pub async fn list<C: ConnectionTrait>(db: &C, access: Access<'_>) -> AppResult<Vec<Camera>> {
    let (cond, value) = access.condition(1);
    let rows = db
        .query_all_raw(stmt(
            db,
            &format!(
                "SELECT {COLUMNS} FROM camera WHERE {cond} ORDER BY COALESCE((SELECT position \
                 FROM camera_group g WHERE g.code = camera.group_code), 999999), group_code, name"
            ),
            value.into_iter().collect(),
        ))
        .await
        .map_err(internal)?;
    rows.iter().map(|r| Ok(row_of(r)?.camera)).collect()
}

/// One camera if the caller may watch it (else as if it did not exist).
pub async fn visible<C: ConnectionTrait>(
    db: &C,
    code: &str,
    access: Access<'_>,
) -> AppResult<Option<Row>> {
    let Some(row) = get(db, code).await? else {
        return Ok(None);
    };
    let departments = match &row.camera.group {
        Some(g) => group_departments(db, g).await?,
        None => Vec::new(),
    };
    Ok(access.opens(&departments).then_some(row))
}

async fn group_departments<C: ConnectionTrait>(db: &C, group: &str) -> AppResult<Vec<String>> {
    db.query_all_raw(stmt(
        db,
        "SELECT department FROM camera_group_access WHERE group_code = $1 ORDER BY department",
        vec![group.into()],
    ))
    .await
    .map_err(internal)?
    .iter()
    .map(|r| r.try_get_by_index(0).map_err(internal))
    .collect()
}

/// One camera with its upstream addresses and credentials (for the proxy and the probe).
pub async fn get<C: ConnectionTrait>(db: &C, code: &str) -> AppResult<Option<Row>> {
    db.query_one_raw(stmt(
        db,
        &format!("SELECT {COLUMNS} FROM camera WHERE code = $1"),
        vec![code.into()],
    ))
    .await
    .map_err(internal)?
    .as_ref()
    .map(row_of)
    .transpose()
}

/// A user name and password.
type Credentials = (String, String);

/// An upstream address as stored: http(s), with any `user:password@` taken out (the
/// credentials are kept in their own columns).
fn clean_url(field: &str, v: &Option<String>) -> AppResult<(Option<String>, Option<Credentials>)> {
    let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok((None, None));
    };
    let bad = || {
        AppError::invalid(
            field,
            tr!("không phải địa chỉ http(s)", "not an http(s) address"),
        )
    };
    let mut u = Url::parse(v).map_err(|_| bad())?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() || v.len() > 2_000 {
        return Err(bad());
    }
    let creds = (!u.username().is_empty()).then(|| {
        (
            percent_decode(u.username()),
            percent_decode(u.password().unwrap_or("")),
        )
    });
    let _ = u.set_username("");
    let _ = u.set_password(None);
    Ok((Some(u.to_string()), creds))
}

/// Codes of cameras and groups: short, and safe in a URL path.
fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 50
        && code
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Registers a camera or redefines the one with the same code; its group is created if new.
/// Returns it and whether it is new. Credentials left out keep the stored ones.
pub async fn save<C: crate::db::Conn>(
    db: &C,
    c: &CameraInput,
    now: i64,
) -> AppResult<(Camera, bool)> {
    let code = c.code.trim();
    if !valid_code(code) {
        return Err(AppError::invalid(
            "code",
            tr!(
                "mã camera cần 1–50 ký tự: chữ, số, - hoặc _",
                "a camera's code takes 1–50 letters, digits, - or _"
            ),
        ));
    }
    let name = c.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::invalid(
            "name",
            tr!(
                "tên camera cần 1–200 ký tự",
                "a camera's name takes 1–200 characters"
            ),
        ));
    }
    if !(LAT.0..=LAT.1).contains(&c.lat) {
        return Err(AppError::invalid(
            "lat",
            tr!(
                "vĩ độ nằm ngoài tỉnh",
                "the latitude is outside the province"
            ),
        ));
    }
    if !(LON.0..=LON.1).contains(&c.lon) {
        return Err(AppError::invalid(
            "lon",
            tr!(
                "kinh độ nằm ngoài tỉnh",
                "the longitude is outside the province"
            ),
        ));
    }
    let unit = c.unit.as_deref().map(str::trim).filter(|u| !u.is_empty());
    let districts = crate::registry::district_names(db).await?;
    crate::registry::require_district(&districts, unit)?;
    let department = c
        .department
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    if let Some(d) = department {
        crate::registry::require_department(db, d).await?;
    }
    let importance = c.importance.unwrap_or(2);
    if !(1..=3).contains(&importance) {
        return Err(AppError::invalid(
            "importance",
            tr!("mức quan trọng từ 1 đến 3", "importance is 1 to 3"),
        ));
    }
    let (stream, c1) = clean_url("stream_url", &c.stream_url)?;
    let (sub, c2) = clean_url("sub_stream_url", &c.sub_stream_url)?;
    let (snapshot, c3) = clean_url("snapshot_url", &c.snapshot_url)?;
    let group = c.group.as_deref().map(str::trim).filter(|g| !g.is_empty());
    if group.is_some_and(|g| g.chars().count() > 50) {
        return Err(AppError::invalid(
            "group",
            tr!(
                "tên nhóm tối đa 50 ký tự",
                "a group takes at most 50 characters"
            ),
        ));
    }
    if let Some(m) = &c.privacy_masks {
        super::snapshot::check_masks(m)?;
    }
    let masks = c
        .privacy_masks
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(internal)?;
    let embedded = c1.or(c2).or(c3);
    let username = c
        .username
        .clone()
        .filter(|u| !u.is_empty())
        .or(embedded.as_ref().map(|e| e.0.clone()));
    let password = c
        .password
        .clone()
        .filter(|p| !p.is_empty())
        .or(embedded.map(|e| e.1));

    let txn = db.begin().await.map_err(internal)?;
    if let Some(g) = group {
        txn.execute_raw(stmt(
            &txn,
            "INSERT INTO camera_group (code, name, position) \
             VALUES ($1, $1, (SELECT COALESCE(MAX(position), 0) + 1 FROM camera_group)) \
             ON CONFLICT (code) DO NOTHING",
            vec![g.into()],
        ))
        .await
        .map_err(internal)?;
    }
    let existed = txn
        .query_one_raw(stmt(
            &txn,
            "SELECT 1 FROM camera WHERE code = $1",
            vec![code.into()],
        ))
        .await
        .map_err(internal)?
        .is_some();
    // Two copies saving one code at once: one row, the later wins.
    txn.execute_raw(stmt(
        &txn,
        "INSERT INTO camera (code, name, lat, lon, unit, group_code, department, stream_url, \
         sub_stream_url, snapshot_url, username, password, importance, privacy_note, state, \
         since, next_check_at, fails, oks, same, created_at, updated_at, privacy_masks) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'unknown', $15, $15, \
         0, 0, 0, $15, $15, $16) \
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, lat = excluded.lat, \
         lon = excluded.lon, unit = excluded.unit, group_code = excluded.group_code, \
         department = excluded.department, stream_url = excluded.stream_url, \
         sub_stream_url = excluded.sub_stream_url, snapshot_url = excluded.snapshot_url, \
         username = COALESCE(excluded.username, camera.username), \
         password = COALESCE(excluded.password, camera.password), \
         importance = excluded.importance, privacy_note = excluded.privacy_note, \
         privacy_masks = COALESCE(excluded.privacy_masks, camera.privacy_masks), \
         updated_at = excluded.updated_at",
        vec![
            code.into(),
            name.into(),
            c.lat.into(),
            c.lon.into(),
            unit.map(str::to_string).into(),
            group.map(str::to_string).into(),
            department.map(str::to_string).into(),
            stream.into(),
            sub.into(),
            snapshot.into(),
            username.into(),
            password.into(),
            i64::from(importance).into(),
            c.privacy_note
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .into(),
            now.into(),
            masks.into(),
        ],
    ))
    .await
    .map_err(internal)?;
    txn.commit().await.map_err(internal)?;
    let row = get(db, code)
        .await?
        .ok_or_else(|| internal("the camera saved is not there"))?;
    Ok((row.camera, !existed))
}

/// How long a viewer's watching of a camera counts as one view: a live player asks for the
/// playlist every few seconds.
const VIEW_WINDOW_US: i64 = 10 * 60 * 1_000_000;

/// Logs that `viewer` watches `camera` (once per [`VIEW_WINDOW_US`]).
pub async fn log_view<C: ConnectionTrait>(
    db: &C,
    camera: &str,
    viewer: &str,
    stream: &str,
    now: i64,
) -> AppResult<()> {
    db.execute_raw(stmt(
        db,
        "INSERT INTO camera_view (camera, viewer, stream, at) \
         SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM camera_view \
         WHERE viewer = $2 AND camera = $1 AND stream = $3 AND at > $5)",
        vec![
            camera.into(),
            viewer.into(),
            stream.into(),
            now.into(),
            (now - VIEW_WINDOW_US).into(),
        ],
    ))
    .await
    .map_err(internal)?;
    Ok(())
}

/// The view log, newest first: every camera's, or one's.
pub async fn views_of<C: ConnectionTrait>(
    db: &C,
    camera: Option<&str>,
    limit: u64,
) -> AppResult<Vec<View>> {
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT camera, viewer, stream, at FROM camera_view WHERE ($2 IS NULL OR camera = $2) \
             ORDER BY at DESC, id DESC LIMIT $1",
            vec![(limit as i64).into(), camera.map(str::to_string).into()],
        ))
        .await
        .map_err(internal)?;
    rows.iter()
        .map(|r| {
            Ok(View {
                camera: r.try_get_by_index(0).map_err(internal)?,
                viewer: r.try_get_by_index(1).map_err(internal)?,
                stream: r.try_get_by_index(2).map_err(internal)?,
                at: rfc3339(r.try_get_by_index(3).map_err(internal)?),
            })
        })
        .collect()
}

/// The groups the caller may watch, in the wall's order.
pub async fn groups<C: ConnectionTrait>(db: &C, access: Access<'_>) -> AppResult<Vec<Group>> {
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT code, name, position FROM camera_group ORDER BY position, code",
            vec![],
        ))
        .await
        .map_err(internal)?;
    let access_rows = db
        .query_all_raw(stmt(
            db,
            "SELECT group_code, department FROM camera_group_access ORDER BY department",
            vec![],
        ))
        .await
        .map_err(internal)?;
    let mut departments: HashMap<String, Vec<String>> = HashMap::new();
    for r in &access_rows {
        departments
            .entry(r.try_get_by_index(0).map_err(internal)?)
            .or_default()
            .push(r.try_get_by_index(1).map_err(internal)?);
    }
    let mut out = Vec::new();
    for r in &rows {
        let code: String = r.try_get_by_index(0).map_err(internal)?;
        let departments = departments.remove(&code).unwrap_or_default();
        if access.opens(&departments) {
            out.push(Group {
                name: r.try_get_by_index(1).map_err(internal)?,
                position: r.try_get_by_index(2).map_err(internal)?,
                code,
                departments,
            });
        }
    }
    Ok(out)
}

/// Creates a group or changes the one with the same code: its name, its place on the wall
/// and the departments that may watch it. Administrators.
pub async fn save_group<C: crate::db::Conn>(db: &C, g: &GroupInput) -> AppResult<Group> {
    let code = g.code.trim();
    if !valid_code(code) {
        return Err(AppError::invalid(
            "code",
            tr!(
                "mã nhóm cần 1–50 ký tự: chữ, số, - hoặc _",
                "a group's code takes 1–50 letters, digits, - or _"
            ),
        ));
    }
    let name = g.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid(
            "name",
            tr!(
                "tên nhóm cần 1–100 ký tự",
                "a group's name takes 1–100 characters"
            ),
        ));
    }
    if g.position.is_some_and(|p| !(0..=1_000_000).contains(&p)) {
        return Err(AppError::invalid(
            "position",
            tr!("thứ tự từ 0 đến 1.000.000", "the order is 0 to 1,000,000"),
        ));
    }
    let mut departments: Vec<String> = g
        .departments
        .iter()
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty())
        .collect();
    departments.sort();
    departments.dedup();
    for d in &departments {
        crate::registry::require_department(db, d)
            .await
            .map_err(|e| match e {
                // Named as this form's field.
                AppError::Invalid { .. } => AppError::invalid(
                    "departments",
                    Text::new(
                        format!("không có sở, ngành mã '{d}'"),
                        format!("no department with the code '{d}'"),
                    ),
                ),
                other => other,
            })?;
    }
    let txn = db.begin().await.map_err(internal)?;
    // The upsert locks the group's row: two copies saving it at once take turns, and the
    // later one's departments are the ones kept.
    txn.execute_raw(stmt(
        &txn,
        "INSERT INTO camera_group (code, name, position) VALUES ($1, $2, \
         COALESCE($3, (SELECT COALESCE(MAX(position), 0) + 1 FROM camera_group))) \
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
         position = COALESCE($3, camera_group.position)",
        vec![code.into(), name.into(), g.position.into()],
    ))
    .await
    .map_err(internal)?;
    txn.execute_raw(stmt(
        &txn,
        "DELETE FROM camera_group_access WHERE group_code = $1",
        vec![code.into()],
    ))
    .await
    .map_err(internal)?;
    for d in &departments {
        txn.execute_raw(stmt(
            &txn,
            "INSERT INTO camera_group_access (group_code, department) VALUES ($1, $2) \
             ON CONFLICT (group_code, department) DO NOTHING",
            vec![code.into(), d.clone().into()],
        ))
        .await
        .map_err(internal)?;
    }
    txn.commit().await.map_err(internal)?;
    groups(db, Access::All)
        .await?
        .into_iter()
        .find(|x| x.code == code)
        .ok_or_else(|| internal("the group saved is not there"))
}

/// An official's wall as they left it (the default layout if never set, or if its group
/// is gone).
pub async fn wall_prefs<C: ConnectionTrait>(db: &C, viewer: &str) -> AppResult<WallPrefs> {
    let row = db
        .query_one_raw(stmt(
            db,
            "SELECT w.layout, g.code FROM camera_wall w \
             LEFT JOIN camera_group g ON g.code = w.group_code WHERE w.viewer = $1",
            vec![viewer.into()],
        ))
        .await
        .map_err(internal)?;
    let Some(r) = row else {
        return Ok(WallPrefs::default());
    };
    let layout: i64 = r.try_get_by_index(0).map_err(internal)?;
    Ok(WallPrefs {
        layout: u8::try_from(layout)
            .ok()
            .filter(|l| LAYOUTS.contains(l))
            .unwrap_or(WallPrefs::default().layout),
        group: r.try_get_by_index(1).map_err(internal)?,
    })
}

/// Keeps an official's wall (the later of two screens saving at once wins).
pub async fn save_wall_prefs<C: ConnectionTrait>(
    db: &C,
    viewer: &str,
    prefs: &WallPrefs,
    now: i64,
) -> AppResult<WallPrefs> {
    if !LAYOUTS.contains(&prefs.layout) {
        return Err(AppError::invalid(
            "layout",
            tr!(
                "bố cục là 1, 4, 9 hoặc 16 ô",
                "the layout is 1, 4, 9 or 16 tiles"
            ),
        ));
    }
    let group = prefs.group.as_deref().filter(|g| !g.is_empty());
    if let Some(g) = group {
        let known = db
            .query_one_raw(stmt(
                db,
                "SELECT 1 FROM camera_group WHERE code = $1",
                vec![g.into()],
            ))
            .await
            .map_err(internal)?
            .is_some();
        if !known {
            return Err(AppError::invalid(
                "group",
                tr!("không có nhóm camera này", "no such camera group"),
            ));
        }
    }
    db.execute_raw(stmt(
        db,
        "INSERT INTO camera_wall (viewer, layout, group_code, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (viewer) DO UPDATE SET layout = excluded.layout, \
         group_code = excluded.group_code, updated_at = excluded.updated_at",
        vec![
            viewer.into(),
            i64::from(prefs.layout).into(),
            group.map(str::to_string).into(),
            now.into(),
        ],
    ))
    .await
    .map_err(internal)?;
    Ok(WallPrefs {
        layout: prefs.layout,
        group: group.map(str::to_string),
    })
}

const DAY_US: i64 = 24 * 3600 * 1_000_000;

/// Each camera's uptime over the last day and week (`camera`: one only): the share of each
/// period it was online, over the time its state was known, from one read of the log of
/// its changes.
pub async fn uptime<C: ConnectionTrait>(
    db: &C,
    now: i64,
    camera: Option<&str>,
) -> AppResult<HashMap<String, Uptime>> {
    let (day, week) = (now - DAY_US, now - 7 * DAY_US);
    // Each camera's state when the week began, then every change within it.
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT camera, state, at FROM camera_state_log l \
             WHERE ($3 IS NULL OR camera = $3) AND (at >= $1 OR at = (SELECT MAX(at) \
             FROM camera_state_log p WHERE p.camera = l.camera AND p.at < $1)) AND at <= $2 \
             ORDER BY camera, at, id",
            vec![week.into(), now.into(), camera.map(str::to_string).into()],
        ))
        .await
        .map_err(internal)?;
    // Per camera and period: (online, known) microseconds.
    let mut spans: HashMap<String, [(i64, i64); 2]> = HashMap::new();
    let mut add = |code: &str, state: CameraState, a: i64, b: i64| {
        if state == CameraState::Unknown {
            return;
        }
        let e = spans.entry(code.to_string()).or_default();
        for (i, from) in [day, week].into_iter().enumerate() {
            let len = b - a.max(from);
            if len > 0 {
                e[i].1 += len;
                if state == CameraState::Online {
                    e[i].0 += len;
                }
            }
        }
    };
    let mut last: Option<(String, CameraState, i64)> = None;
    for r in &rows {
        let code: String = r.try_get_by_index(0).map_err(internal)?;
        let state: String = r.try_get_by_index(1).map_err(internal)?;
        let at: i64 = r.try_get_by_index(2).map_err(internal)?;
        let state = CameraState::parse(&state).unwrap_or(CameraState::Unknown);
        if let Some((c, s, t)) = last.take() {
            let end = if c == code { at } else { now };
            add(&c, s, t, end);
        }
        last = Some((code, state, at));
    }
    if let Some((c, s, t)) = last {
        add(&c, s, t, now);
    }
    let share = |(up, known): (i64, i64)| (known > 0).then(|| up as f64 / known as f64);
    Ok(spans
        .into_iter()
        .map(|(c, [d, w])| {
            (
                c,
                Uptime {
                    day: share(d),
                    week: share(w),
                },
            )
        })
        .filter(|(_, u)| u.week.is_some())
        .collect())
}

/// One camera in detail; the views only when `with_views` (administrators).
pub async fn detail<C: ConnectionTrait>(
    db: &C,
    code: &str,
    access: Access<'_>,
    with_views: bool,
    now: i64,
) -> AppResult<Option<CameraDetail>> {
    let Some(row) = visible(db, code, access).await? else {
        return Ok(None);
    };
    let health = db
        .query_one_raw(stmt(
            db,
            "SELECT checked_at, last_error FROM camera WHERE code = $1",
            vec![code.into()],
        ))
        .await
        .map_err(internal)?;
    let (checked_at, last_error) = match &health {
        Some(r) => (
            r.try_get_by_index::<Option<i64>>(0).map_err(internal)?,
            r.try_get_by_index::<Option<String>>(1).map_err(internal)?,
        ),
        None => (None, None),
    };
    let changes = db
        .query_all_raw(stmt(
            db,
            "SELECT state, at FROM camera_state_log WHERE camera = $1 ORDER BY at DESC, id DESC LIMIT 50",
            vec![code.into()],
        ))
        .await
        .map_err(internal)?
        .iter()
        .map(|r| {
            let state: String = r.try_get_by_index(0).map_err(internal)?;
            Ok(StateChange {
                state: CameraState::parse(&state).unwrap_or(CameraState::Unknown),
                at: rfc3339(r.try_get_by_index(1).map_err(internal)?),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let views = if with_views {
        views_of(db, Some(code), 50).await?
    } else {
        Vec::new()
    };
    let uptime = uptime(db, now, Some(code))
        .await?
        .remove(code)
        .unwrap_or_default();
    let events = super::events::list(db, Some(code), None, 50).await?;
    Ok(Some(CameraDetail {
        events,
        camera: row.camera,
        uptime,
        checked_at: checked_at.map(rfc3339),
        // The probe's own summary ("timed out", "status 401"), never an address; cleared by
        // the next good check.
        last_error,
        changes,
        views,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_an_address_are_taken_out() {
        let (u, c) = clean_url(
            "stream_url",
            &Some("http://admin:p%40ss@10.0.0.5:8080/live.m3u8".into()),
        )
        .unwrap();
        assert_eq!(u.as_deref(), Some("http://10.0.0.5:8080/live.m3u8"));
        assert_eq!(c, Some(("admin".into(), "p@ss".into())));
        assert!(clean_url("x", &Some("rtsp://10.0.0.5/x".into())).is_err());
        assert!(clean_url("x", &Some("   ".into())).unwrap().0.is_none());
    }
}
