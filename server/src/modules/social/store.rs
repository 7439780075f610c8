//! Module 3's tables: topics, sources and posts. SQL with `$n` placeholders, which sqlx
//! reads on SQLite too.

use super::analyze::analyze;
use super::simhash::{bands, distance, MAX_DISTANCE};
use super::text::{tokens, Phrases};
use crate::auth::internal;
use app::error::{AppError, AppResult};
use app::modules::social::model::{Post, Sentiment, Topic, TopicInput};
use app::tr;
use sea_orm::{ConnectionTrait, QueryResult, Statement, Value};
use std::collections::{BTreeMap, HashMap};

pub const HOUR_US: i64 = 3_600_000_000;
const DAY_US: i64 = 24 * HOUR_US;

pub(super) fn stmt(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(db.get_database_backend(), sql, values)
}

pub(super) fn rfc3339(us: i64) -> String {
    chrono::DateTime::from_timestamp_micros(us)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

fn strings(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

fn topic_of(r: &QueryResult) -> AppResult<Topic> {
    Ok(Topic {
        id: r.try_get_by_index(0).map_err(internal)?,
        name: r.try_get_by_index(1).map_err(internal)?,
        phrases: strings(&r.try_get_by_index::<String>(2).map_err(internal)?),
        exclude: strings(&r.try_get_by_index::<String>(3).map_err(internal)?),
        unit: r.try_get_by_index(4).map_err(internal)?,
        sector: r.try_get_by_index(5).map_err(internal)?,
        updated_at: rfc3339(r.try_get_by_index(6).map_err(internal)?),
    })
}

const TOPIC_COLUMNS: &str = "id, name, phrases, exclude, unit, sector, updated_at";

pub async fn topics<C: ConnectionTrait>(db: &C) -> AppResult<Vec<Topic>> {
    let rows = db
        .query_all_raw(stmt(
            db,
            &format!("SELECT {TOPIC_COLUMNS} FROM social_topic ORDER BY name"),
            vec![],
        ))
        .await
        .map_err(internal)?;
    rows.iter().map(topic_of).collect()
}

/// The limits a topic must keep; the error names the field.
fn check_topic(t: &TopicInput, units: &[String]) -> AppResult<()> {
    let name = t.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid(
            "name",
            tr!(
                "tên chủ đề cần 1–100 ký tự",
                "a topic's name takes 1–100 characters"
            ),
        ));
    }
    for (field, list, min) in [("phrases", &t.phrases, 1), ("exclude", &t.exclude, 0)] {
        if list.len() < min || list.len() > 200 {
            return Err(AppError::invalid(
                field,
                tr!("cần {min} đến 200 cụm từ", "takes {min} to 200 phrases"),
            ));
        }
        for (i, p) in list.iter().enumerate() {
            let words = tokens(p).len();
            if words == 0 || words > 8 || p.chars().count() > 100 {
                let n = i + 1;
                return Err(AppError::invalid(
                    field,
                    tr!(
                        "cụm từ thứ {n} ('{p}') cần 1–8 từ",
                        "phrase {n} ('{p}') takes 1–8 words"
                    ),
                ));
            }
        }
    }
    if let Some(u) = &t.unit {
        if !units.contains(u) {
            return Err(AppError::invalid(
                "unit",
                tr!(
                    "không có huyện, thị xã, thành phố mã '{u}'",
                    "no district with code '{u}'"
                ),
            ));
        }
    }
    if t.sector.as_ref().is_some_and(|s| s.chars().count() > 40) {
        return Err(AppError::invalid(
            "sector",
            tr!(
                "lĩnh vực tối đa 40 ký tự",
                "a sector takes at most 40 characters"
            ),
        ));
    }
    Ok(())
}

/// Creates the topic, or redefines the one with the same name. Returns it and whether it
/// is new. Two servers saving the same name at once make one topic (the later wins).
pub async fn save_topic<C: ConnectionTrait>(
    db: &C,
    t: &TopicInput,
    now: i64,
) -> AppResult<(Topic, bool)> {
    let districts = district_names(db).await?;
    let codes: Vec<String> = districts.iter().map(|(c, _)| c.clone()).collect();
    check_topic(t, &codes)?;
    let name = t.name.trim().to_string();
    let existed = db
        .query_one_raw(stmt(
            db,
            "SELECT id FROM social_topic WHERE name = $1",
            vec![name.clone().into()],
        ))
        .await
        .map_err(internal)?
        .is_some();
    let clean = |list: &[String]| {
        serde_json::to_string(&list.iter().map(|p| p.trim()).collect::<Vec<_>>())
            .unwrap_or_else(|_| "[]".into())
    };
    let row = db
        .query_one_raw(stmt(
            db,
            &format!(
                "INSERT INTO social_topic (name, phrases, exclude, unit, sector, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6) \
                 ON CONFLICT (name) DO UPDATE SET phrases = excluded.phrases, \
                 exclude = excluded.exclude, unit = excluded.unit, sector = excluded.sector, \
                 updated_at = excluded.updated_at RETURNING {TOPIC_COLUMNS}"
            ),
            vec![
                name.into(),
                clean(&t.phrases).into(),
                clean(&t.exclude).into(),
                t.unit.clone().into(),
                t.sector.as_ref().map(|s| s.trim().to_string()).into(),
                now.into(),
            ],
        ))
        .await
        .map_err(internal)?
        .ok_or_else(|| internal("no row back from the topic's upsert"))?;
    Ok((topic_of(&row)?, !existed))
}

/// How far back a topic saved is matched against the stored posts: the board's longest
/// period.
pub const REMATCH_DAYS: i64 = 30;

/// Saves a topic ([`save_topic`]) and matches the posts of the last [`REMATCH_DAYS`]
/// against it, so the board counts a new or redefined topic at once instead of from the
/// next post on.
pub async fn save_topic_and_match<C: crate::db::Conn>(
    db: &C,
    t: &TopicInput,
    now: i64,
) -> AppResult<(Topic, bool)> {
    let (topic, created) = save_topic(db, t, now).await?;
    rematch_topic(db, topic.id, now - REMATCH_DAYS * DAY_US).await?;
    Ok((topic, created))
}

/// Matches the posts published since `since` against one topic as it is now defined: its
/// matches are added or removed, and the districts of the posts it concerns recomputed (a
/// topic may tag one). Returns how many of those posts are on it.
pub async fn rematch_topic<C: crate::db::Conn>(db: &C, topic: i64, since: i64) -> AppResult<u64> {
    let matcher = Matcher::load(db).await?;
    let Some(t) = matcher.topics.iter().position(|x| x.id == topic) else {
        return Ok(0);
    };
    let txn = db.begin().await.map_err(internal)?;
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        // The same lock as storing posts: a post stored meanwhile is matched by one or
        // the other, never half by each.
        txn.execute_raw(stmt(&txn, "SELECT pg_advisory_xact_lock(7303001)", vec![]))
            .await
            .map_err(internal)?;
    }
    let recent = "SELECT id FROM social_post WHERE published_at >= $2";
    let mut was = std::collections::HashSet::new();
    for r in txn
        .query_all_raw(stmt(
            &txn,
            &format!("SELECT post FROM social_post_topic WHERE topic = $1 AND post IN ({recent})"),
            vec![topic.into(), since.into()],
        ))
        .await
        .map_err(internal)?
    {
        was.insert(r.try_get_by_index::<i64>(0).map_err(internal)?);
    }
    txn.execute_raw(stmt(
        &txn,
        &format!("DELETE FROM social_post_topic WHERE topic = $1 AND post IN ({recent})"),
        vec![topic.into(), since.into()],
    ))
    .await
    .map_err(internal)?;
    let rows = txn
        .query_all_raw(stmt(
            &txn,
            "SELECT id, title, body, hour, source, sentiment, cluster FROM social_post \
             WHERE published_at >= $1",
            vec![since.into()],
        ))
        .await
        .map_err(internal)?;
    let mut on = 0;
    for r in &rows {
        let id: i64 = r.try_get_by_index(0).map_err(internal)?;
        let title: String = r.try_get_by_index(1).map_err(internal)?;
        let body: String = r.try_get_by_index(2).map_err(internal)?;
        let toks = tokens(&format!("{title}. {body}"));
        let topics = matcher.topics_of(&toks);
        let now_on = topics.contains(&t);
        if now_on {
            on += 1;
            let cluster: i64 = r.try_get_by_index(6).map_err(internal)?;
            txn.execute_raw(stmt(
                &txn,
                "INSERT INTO social_post_topic (post, topic, hour, source, sentiment, counted) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (post, topic) DO NOTHING",
                vec![
                    id.into(),
                    topic.into(),
                    r.try_get_by_index::<i64>(3).map_err(internal)?.into(),
                    r.try_get_by_index::<i64>(4).map_err(internal)?.into(),
                    r.try_get_by_index::<String>(5).map_err(internal)?.into(),
                    i64::from(cluster == id).into(),
                ],
            ))
            .await
            .map_err(internal)?;
        }
        if now_on || was.contains(&id) {
            let hour: i64 = r.try_get_by_index(3).map_err(internal)?;
            txn.execute_raw(stmt(
                &txn,
                "DELETE FROM social_post_unit WHERE post = $1",
                vec![id.into()],
            ))
            .await
            .map_err(internal)?;
            for unit in matcher.units_of(&toks, &topics) {
                txn.execute_raw(stmt(
                    &txn,
                    "INSERT INTO social_post_unit (post, unit, hour) VALUES ($1, $2, $3) \
                     ON CONFLICT (post, unit) DO NOTHING",
                    vec![id.into(), unit.into(), hour.into()],
                ))
                .await
                .map_err(internal)?;
            }
        }
    }
    txn.commit().await.map_err(internal)?;
    Ok(on)
}

/// Deletes a topic and its matches (the posts stay).
pub async fn delete_topic<C: crate::db::Conn>(db: &C, id: i64) -> AppResult<()> {
    let txn = db.begin().await.map_err(internal)?;
    txn.execute_raw(stmt(
        &txn,
        "DELETE FROM social_post_topic WHERE topic = $1",
        vec![id.into()],
    ))
    .await
    .map_err(internal)?;
    let gone = txn
        .execute_raw(stmt(
            &txn,
            "DELETE FROM social_topic WHERE id = $1",
            vec![id.into()],
        ))
        .await
        .map_err(internal)?;
    if gone.rows_affected() == 0 {
        return Err(AppError::NotFound("topic".into()));
    }
    // Its spike or crisis, if one is open, has nobody left to end it.
    for kind in ["spike", "crisis"] {
        crate::alerts::clear(&txn, "social", kind, &id.to_string()).await?;
    }
    txn.commit().await.map_err(internal)
}

/// The district-level units in force: code and short name ("Vũng Tàu").
async fn district_names<C: ConnectionTrait>(db: &C) -> AppResult<Vec<(String, String)>> {
    let as_of = crate::registry::default_as_of(db).await?;
    Ok(
        crate::registry::units(db, Some(app::model::UnitLevel::District), None, &as_of)
            .await?
            .into_iter()
            .map(|u| (u.code, u.name_short))
            .collect(),
    )
}

/// What posts are matched against: the topics' phrases and exclusions, and the districts'
/// names. Built once per batch of posts (a few hundred phrases: microseconds to match).
pub struct Matcher {
    topics: Vec<Topic>,
    phrases: Phrases<usize>,
    exclude: Phrases<usize>,
    places: Phrases<String>,
}

impl Matcher {
    pub fn new(topics: Vec<Topic>, districts: &[(String, String)]) -> Self {
        let (mut phrases, mut exclude, mut places) =
            (Phrases::default(), Phrases::default(), Phrases::default());
        for (i, t) in topics.iter().enumerate() {
            for p in &t.phrases {
                phrases.add(p, i);
            }
            for p in &t.exclude {
                exclude.add(p, i);
            }
        }
        for (code, name) in districts {
            places.add(name, code.clone());
        }
        Self {
            topics,
            phrases,
            exclude,
            places,
        }
    }

    pub async fn load<C: ConnectionTrait>(db: &C) -> AppResult<Self> {
        Ok(Self::new(topics(db).await?, &district_names(db).await?))
    }

    /// The topics (indexes into `topics`) a text is on: a phrase found and no exclusion.
    fn topics_of(&self, toks: &[super::text::Token]) -> Vec<usize> {
        let excluded: Vec<usize> = self
            .exclude
            .find_all(toks)
            .into_iter()
            .map(|(_, _, i)| *i)
            .collect();
        let mut found: Vec<usize> = self
            .phrases
            .find_all(toks)
            .into_iter()
            .map(|(_, _, i)| *i)
            .filter(|i| !excluded.contains(i))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The districts a text is about: those it names, and those of its topics.
    fn units_of(&self, toks: &[super::text::Token], topics: &[usize]) -> Vec<String> {
        let mut units: Vec<String> = self
            .places
            .find_all(toks)
            .into_iter()
            .map(|(_, _, c)| c.clone())
            .chain(topics.iter().filter_map(|&i| self.topics[i].unit.clone()))
            .collect();
        units.sort();
        units.dedup();
        units
    }

    /// The analyser's answer with the topics (exclusions applied, as a stored post's) and
    /// districts this matcher finds.
    pub fn analyze(&self, text: &str) -> app::modules::social::model::Analysis {
        let mut a = analyze(text);
        let toks = tokens(text);
        let topics = self.topics_of(&toks);
        a.units = self.units_of(&toks, &topics);
        a.topics = topics
            .iter()
            .map(|&i| self.topics[i].name.clone())
            .collect();
        a.topics.sort();
        a
    }
}

/// A post's id at its source as stored: SHA-256 (hex) of the source's guid, link or id,
/// which may be of any length.
pub fn guid_key(guid: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(guid.as_bytes()))
}

/// Text as stored: control characters other than line breaks and tabs dropped
/// (PostgreSQL refuses NUL in text; none of them is meant to be read), cut to `max`
/// characters.
pub fn clean(text: &str, max: usize) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .take(max)
        .collect::<String>()
        .trim()
        .to_string()
}

/// A post ready to store.
pub struct NewPost {
    pub guid: String,
    pub url: String,
    pub title: String,
    pub body: String,
    pub author: Option<String>,
    pub published_at: i64,
}

/// Longest title and body kept, in characters.
pub const MAX_TITLE: usize = 500;
pub const MAX_BODY: usize = 10_000;

/// Stores posts from one source, each analysed, matched and grouped with its
/// near-duplicates, in one transaction. A post the source sent before (same guid) is
/// skipped. Returns how many were new.
pub async fn store_posts<C: crate::db::Conn>(
    db: &C,
    source: i64,
    posts: Vec<NewPost>,
    matcher: &Matcher,
    now: i64,
) -> AppResult<u64> {
    let txn = db.begin().await.map_err(internal)?;
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        // One writer of posts at a time across every copy of the server: two reposts of a
        // story stored at once would not see each other (neither committed) and both
        // become the first of their group. SQLite has one writer anyway.
        txn.execute_raw(stmt(&txn, "SELECT pg_advisory_xact_lock(7303001)", vec![]))
            .await
            .map_err(internal)?;
    }
    let mut stored = 0;
    for p in posts {
        let text = format!("{}. {}", p.title, p.body);
        let toks = tokens(&text);
        let tone = super::sentiment::tone_of(&toks);
        let hash = super::simhash::story(&tokens(&p.title), &tokens(&p.body));
        // Stored as the signed 64-bit integer both engines keep.
        let signed = hash as i64;
        let b = bands(hash);
        let hour = p.published_at.div_euclid(HOUR_US) * HOUR_US;
        let row = txn
            .query_one_raw(stmt(
                &txn,
                "INSERT INTO social_post (source, guid, url, title, body, author, published_at, \
                 received_at, hour, sentiment, score, simhash, b0, b1, b2, b3, cluster) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 0) \
                 ON CONFLICT (source, guid) DO NOTHING RETURNING id",
                vec![
                    source.into(),
                    p.guid.into(),
                    p.url.into(),
                    p.title.into(),
                    p.body.into(),
                    p.author.into(),
                    p.published_at.into(),
                    now.into(),
                    hour.into(),
                    tone.sentiment.as_str().into(),
                    tone.score.into(),
                    signed.into(),
                    b[0].into(),
                    b[1].into(),
                    b[2].into(),
                    b[3].into(),
                ],
            ))
            .await
            .map_err(internal)?;
        let Some(row) = row else { continue };
        let id: i64 = row.try_get_by_index(0).map_err(internal)?;
        // Its story: the earliest group among posts a week either side within
        // MAX_DISTANCE bits (a shared band is necessary for that, so the bands' indexes
        // find the candidates).
        let candidates = txn
            .query_all_raw(stmt(
                &txn,
                "SELECT simhash, cluster FROM social_post \
                 WHERE (b0 = $1 OR b1 = $2 OR b2 = $3 OR b3 = $4) \
                 AND published_at BETWEEN $5 AND $6 AND id <> $7 AND cluster <> 0",
                vec![
                    b[0].into(),
                    b[1].into(),
                    b[2].into(),
                    b[3].into(),
                    (p.published_at - 7 * DAY_US).into(),
                    (p.published_at + 7 * DAY_US).into(),
                    id.into(),
                ],
            ))
            .await
            .map_err(internal)?;
        let mut cluster = id;
        // A post without a content word has no fingerprint to compare (all would be 0).
        for c in candidates.iter().filter(|_| hash != 0) {
            let other: i64 = c.try_get_by_index(0).map_err(internal)?;
            let group: i64 = c.try_get_by_index(1).map_err(internal)?;
            if distance(other as u64, hash) <= MAX_DISTANCE {
                cluster = cluster.min(group);
            }
        }
        txn.execute_raw(stmt(
            &txn,
            "UPDATE social_post SET cluster = $1 WHERE id = $2",
            vec![cluster.into(), id.into()],
        ))
        .await
        .map_err(internal)?;
        let topics = matcher.topics_of(&toks);
        for &t in &topics {
            txn.execute_raw(stmt(
                &txn,
                "INSERT INTO social_post_topic (post, topic, hour, source, sentiment, counted) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (post, topic) DO NOTHING",
                vec![
                    id.into(),
                    matcher.topics[t].id.into(),
                    hour.into(),
                    source.into(),
                    tone.sentiment.as_str().into(),
                    i64::from(cluster == id).into(),
                ],
            ))
            .await
            .map_err(internal)?;
        }
        for unit in matcher.units_of(&toks, &topics) {
            txn.execute_raw(stmt(
                &txn,
                "INSERT INTO social_post_unit (post, unit, hour) VALUES ($1, $2, $3) \
                 ON CONFLICT (post, unit) DO NOTHING",
                vec![id.into(), unit.into(), hour.into()],
            ))
            .await
            .map_err(internal)?;
        }
        stored += 1;
    }
    if stored > 0 {
        txn.execute_raw(stmt(
            &txn,
            "UPDATE social_source SET posts = posts + $1 WHERE id = $2",
            vec![(stored as i64).into(), source.into()],
        ))
        .await
        .map_err(internal)?;
    }
    txn.commit().await.map_err(internal)?;
    Ok(stored)
}

/// What `GET /api/v1/social/posts` filters by.
#[derive(Debug, Default)]
pub struct PostQuery {
    pub topic: Option<String>,
    /// A topic's id (the board asks by id, the REST API by name).
    pub topic_id: Option<i64>,
    pub since: Option<i64>,
    /// Published before.
    pub until: Option<i64>,
    pub sentiment: Option<Sentiment>,
    pub unit: Option<String>,
    /// A source's code.
    pub source: Option<String>,
    pub limit: u64,
}

/// Posts, newest first, with their topics and districts.
pub async fn posts<C: ConnectionTrait>(db: &C, q: &PostQuery) -> AppResult<Vec<Post>> {
    let mut sql = String::from(
        "SELECT p.id, p.url, p.title, s.name, p.published_at, p.sentiment, p.score, p.cluster \
         FROM social_post p JOIN social_source s ON s.id = p.source WHERE 1 = 1",
    );
    let mut values: Vec<Value> = Vec::new();
    let mut bind = |sql: &mut String, clause: &str, v: Value| {
        values.push(v);
        sql.push_str(&clause.replace("$?", &format!("${}", values.len())));
    };
    if let Some(t) = &q.topic {
        bind(
            &mut sql,
            " AND p.id IN (SELECT pt.post FROM social_post_topic pt JOIN social_topic t \
             ON t.id = pt.topic WHERE t.name = $?)",
            t.clone().into(),
        );
    }
    if let Some(t) = q.topic_id {
        bind(
            &mut sql,
            " AND p.id IN (SELECT post FROM social_post_topic WHERE topic = $?)",
            t.into(),
        );
    }
    if let Some(since) = q.since {
        bind(&mut sql, " AND p.published_at >= $?", since.into());
    }
    if let Some(until) = q.until {
        bind(&mut sql, " AND p.published_at < $?", until.into());
    }
    if let Some(s) = q.sentiment {
        bind(&mut sql, " AND p.sentiment = $?", s.as_str().into());
    }
    if let Some(code) = &q.source {
        bind(&mut sql, " AND s.code = $?", code.clone().into());
    }
    if let Some(u) = &q.unit {
        bind(
            &mut sql,
            " AND p.id IN (SELECT post FROM social_post_unit WHERE unit = $?)",
            u.clone().into(),
        );
    }
    bind(
        &mut sql,
        " ORDER BY p.published_at DESC, p.id DESC LIMIT $?",
        (q.limit as i64).into(),
    );
    let rows = db
        .query_all_raw(stmt(db, &sql, values))
        .await
        .map_err(internal)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get_by_index(0).map_err(internal)?;
        let cluster: i64 = r.try_get_by_index(7).map_err(internal)?;
        let sentiment: String = r.try_get_by_index(5).map_err(internal)?;
        out.push(Post {
            id,
            url: r.try_get_by_index(1).map_err(internal)?,
            title: r.try_get_by_index(2).map_err(internal)?,
            source: r.try_get_by_index(3).map_err(internal)?,
            published_at: rfc3339(r.try_get_by_index(4).map_err(internal)?),
            sentiment: Sentiment::parse(&sentiment).unwrap_or(Sentiment::Neutral),
            score: r.try_get_by_index(6).map_err(internal)?,
            topics: Vec::new(),
            cluster,
            first: cluster == id,
            reposts: 0,
            first_source: None,
            units: Vec::new(),
        });
    }
    if out.is_empty() {
        return Ok(out);
    }
    // Their topics and districts, two reads for the whole page.
    let ids =
        serde_json::to_string(&out.iter().map(|p| p.id).collect::<Vec<_>>()).map_err(internal)?;
    let each = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            "SELECT CAST(value AS BIGINT) FROM json_array_elements_text($1::json)"
        }
        _ => "SELECT value FROM json_each($1)",
    };
    let mut topics: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for r in db
        .query_all_raw(stmt(
            db,
            &format!(
                "SELECT pt.post, t.name FROM social_post_topic pt JOIN social_topic t \
                 ON t.id = pt.topic WHERE pt.post IN ({each}) ORDER BY t.name"
            ),
            vec![ids.clone().into()],
        ))
        .await
        .map_err(internal)?
    {
        topics
            .entry(r.try_get_by_index(0).map_err(internal)?)
            .or_default()
            .push(r.try_get_by_index(1).map_err(internal)?);
    }
    let mut units: HashMap<i64, Vec<String>> = HashMap::new();
    for r in db
        .query_all_raw(stmt(
            db,
            &format!(
                "SELECT post, unit FROM social_post_unit WHERE post IN ({each}) ORDER BY unit"
            ),
            vec![ids.into()],
        ))
        .await
        .map_err(internal)?
    {
        units
            .entry(r.try_get_by_index(0).map_err(internal)?)
            .or_default()
            .push(r.try_get_by_index(1).map_err(internal)?);
    }
    // Each story's size and first source, for "counted once, first published by".
    let clusters = serde_json::to_string(&out.iter().map(|p| p.cluster).collect::<Vec<_>>())
        .map_err(internal)?;
    let mut stories: HashMap<i64, (u64, Option<String>)> = HashMap::new();
    for r in db
        .query_all_raw(stmt(
            db,
            &format!(
                "SELECT c.cluster, c.n, s.name FROM (SELECT cluster, COUNT(*) AS n FROM social_post \
                 WHERE cluster IN ({each}) GROUP BY cluster) c \
                 LEFT JOIN social_post f ON f.id = c.cluster \
                 LEFT JOIN social_source s ON s.id = f.source"
            ),
            vec![clusters.into()],
        ))
        .await
        .map_err(internal)?
    {
        let n: i64 = r.try_get_by_index(1).map_err(internal)?;
        stories.insert(
            r.try_get_by_index(0).map_err(internal)?,
            (
                u64::try_from(n).unwrap_or(0),
                r.try_get_by_index(2).map_err(internal)?,
            ),
        );
    }
    for p in &mut out {
        p.topics = topics.remove(&p.id).unwrap_or_default();
        p.units = units.remove(&p.id).unwrap_or_default();
        if let Some((n, first)) = stories.get(&p.cluster) {
            p.reposts = n.saturating_sub(1);
            p.first_source = first.clone().filter(|_| !p.first);
        }
    }
    Ok(out)
}
