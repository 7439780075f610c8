//! The `/social` board: stories by tone over time, share of voice per topic, the sources
//! with the most posts and the districts named, for a period, a topic and a district.
//! Counted from the hourly keys the posts carry, then folded into the board's buckets.

use super::store::{rfc3339, stmt, HOUR_US};
use crate::auth::internal;
use app::error::{AppError, AppResult};
use app::modules::social::model::{
    BoardQuery, ByTone, Sentiment, SocialBoard, SourceVolume, ToneBucket, TopicVolume,
};
use app::tr;
use sea_orm::{ConnectionTrait, QueryResult, Value};
use std::collections::HashMap;

/// The province's offset from UTC (Indochina Time, no daylight saving).
const OFFSET_US: i64 = 7 * HOUR_US;
const DAY_US: i64 = 24 * HOUR_US;

/// The periods the board offers, in days.
pub const PERIODS: [u32; 3] = [1, 7, 30];

pub fn period(days: u32) -> AppResult<u32> {
    if PERIODS.contains(&days) {
        Ok(days)
    } else {
        Err(AppError::invalid(
            "days",
            tr!("một trong 1, 7, 30 ngày", "one of 1, 7 or 30 days"),
        ))
    }
}

fn tone_index(s: &str) -> usize {
    match Sentiment::parse(s) {
        Some(Sentiment::Positive) => 0,
        Some(Sentiment::Negative) => 2,
        _ => 1,
    }
}

fn int(r: &QueryResult, i: usize) -> AppResult<i64> {
    r.try_get_by_index::<i64>(i).map_err(internal)
}

fn count(r: &QueryResult, i: usize) -> AppResult<u64> {
    Ok(u64::try_from(int(r, i)?).unwrap_or(0))
}

/// `2024-06-01 14:00` for an hour, `2024-06-01` for a day, in the province's time.
fn label(start: i64, hourly: bool) -> String {
    chrono::DateTime::from_timestamp_micros(start + OFFSET_US)
        .map(|t| {
            t.format(if hourly { "%Y-%m-%d %H:00" } else { "%Y-%m-%d" })
                .to_string()
        })
        .unwrap_or_default()
}

/// A query's text and values, numbered as they are pushed.
struct Sql {
    text: String,
    values: Vec<Value>,
}

impl Sql {
    fn new(text: &str) -> Self {
        Self {
            text: text.to_string(),
            values: Vec::new(),
        }
    }

    /// Appends `clause` with each `$?` bound to the next value.
    fn push(&mut self, clause: &str, values: impl IntoIterator<Item = Value>) -> &mut Self {
        let mut parts = clause.split("$?");
        if let Some(first) = parts.next() {
            self.text.push_str(first);
        }
        let mut values = values.into_iter();
        for part in parts {
            if let Some(v) = values.next() {
                self.values.push(v);
            }
            self.text.push_str(&format!("${}", self.values.len()));
            self.text.push_str(part);
        }
        self
    }

    async fn all<C: ConnectionTrait>(self, db: &C) -> AppResult<Vec<QueryResult>> {
        db.query_all_raw(stmt(db, &self.text, self.values))
            .await
            .map_err(internal)
    }
}

/// The board for `q` as of `now` (microseconds).
pub async fn board<C: ConnectionTrait>(
    db: &C,
    q: BoardQuery,
    districts: Vec<app::modules::indicators::model::UnitName>,
    now: i64,
) -> AppResult<SocialBoard> {
    let days = period(q.days)?;
    let hourly = days <= 1;
    // A day's board has hours; longer ones have the province's days, today included.
    let (size, n) = if hourly {
        (HOUR_US, 24)
    } else {
        (DAY_US, i64::from(days))
    };
    let last = (now + OFFSET_US).div_euclid(size);
    let first = last - n + 1;
    let from = first * size - OFFSET_US;
    let slot = |hour: i64| -> Option<usize> {
        let i = (hour + OFFSET_US).div_euclid(size) - first;
        (0..n).contains(&i).then_some(i as usize)
    };
    let mut timeline: Vec<ToneBucket> = (first..=last)
        .map(|b| {
            let start = b * size - OFFSET_US;
            ToneBucket {
                label: label(start, hourly),
                from: rfc3339(start),
                to: rfc3339(start + size),
                tones: [0; 3],
            }
        })
        .collect();
    let period = [Value::from(from), Value::from(now)];
    // The posts a filter keeps, as a subquery on a post's id.
    let of_topic = |sql: &mut Sql, col: &str| {
        if let Some(t) = q.topic {
            sql.push(
                &format!(" AND {col} IN (SELECT post FROM social_post_topic WHERE topic = $?)"),
                [t.into()],
            );
        }
    };
    let of_unit = |sql: &mut Sql, col: &str| {
        if let Some(u) = &q.unit {
            sql.push(
                &format!(" AND {col} IN (SELECT post FROM social_post_unit WHERE unit = $?)"),
                [u.clone().into()],
            );
        }
    };

    // Posts and stories by hour and tone.
    let (mut posts, mut stories, mut tones) = (0u64, 0u64, [0u64; 3]);
    let mut sql = Sql::new(
        "SELECT p.hour, p.sentiment, COUNT(*), \
         SUM(CASE WHEN p.cluster = p.id THEN 1 ELSE 0 END) FROM social_post p WHERE ",
    );
    sql.push(
        "p.published_at >= $? AND p.published_at <= $?",
        period.clone(),
    );
    of_topic(&mut sql, "p.id");
    of_unit(&mut sql, "p.id");
    sql.push(" GROUP BY p.hour, p.sentiment", []);
    for r in sql.all(db).await? {
        let Some(i) = slot(int(&r, 0)?) else { continue };
        let tone = tone_index(&r.try_get_by_index::<String>(1).map_err(internal)?);
        let (all, first) = (count(&r, 2)?, count(&r, 3)?);
        posts += all;
        stories += first;
        tones[tone] += first;
        timeline[i].tones[tone] += first;
    }

    // Each topic's stories by hour and tone (every topic: the share of voice).
    let mut topics: Vec<TopicVolume> = super::store::topics(db)
        .await?
        .into_iter()
        .map(|t| TopicVolume {
            id: t.id,
            name: t.name,
            tones: [0; 3],
            counts: vec![0; n as usize],
        })
        .collect();
    let at: HashMap<i64, usize> = topics.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let mut sql = Sql::new(
        "SELECT pt.topic, pt.hour, pt.sentiment, COUNT(*) FROM social_post_topic pt \
         WHERE pt.counted = 1 AND ",
    );
    sql.push("pt.hour >= $? AND pt.hour <= $?", period.clone());
    of_unit(&mut sql, "pt.post");
    sql.push(" GROUP BY pt.topic, pt.hour, pt.sentiment", []);
    for r in sql.all(db).await? {
        let (Some(&t), Some(i)) = (at.get(&int(&r, 0)?), slot(int(&r, 1)?)) else {
            continue;
        };
        let tone = tone_index(&r.try_get_by_index::<String>(2).map_err(internal)?);
        let c = count(&r, 3)?;
        topics[t].tones[tone] += c;
        topics[t].counts[i] += c;
    }
    topics.sort_by(|a, b| b.total().cmp(&a.total()).then_with(|| a.name.cmp(&b.name)));

    // Sources: every post they published (reposts too), by tone.
    let mut sources: Vec<SourceVolume> = Vec::new();
    let mut sql = Sql::new(
        "SELECT s.code, s.name, p.sentiment, COUNT(*), \
         SUM(CASE WHEN p.cluster = p.id THEN 1 ELSE 0 END) \
         FROM social_post p JOIN social_source s ON s.id = p.source WHERE ",
    );
    sql.push(
        "p.published_at >= $? AND p.published_at <= $?",
        period.clone(),
    );
    of_topic(&mut sql, "p.id");
    of_unit(&mut sql, "p.id");
    sql.push(" GROUP BY s.code, s.name, p.sentiment", []);
    for r in sql.all(db).await? {
        let code: String = r.try_get_by_index(0).map_err(internal)?;
        let tone = tone_index(&r.try_get_by_index::<String>(2).map_err(internal)?);
        let i = match sources.iter().position(|s| s.code == code) {
            Some(i) => i,
            None => {
                sources.push(SourceVolume {
                    code,
                    name: r.try_get_by_index(1).map_err(internal)?,
                    tones: [0; 3],
                    first: 0,
                });
                sources.len() - 1
            }
        };
        sources[i].tones[tone] += count(&r, 3)?;
        sources[i].first += count(&r, 4)?;
    }
    let total = |t: &ByTone| t.iter().sum::<u64>();
    sources.sort_by(|a, b| {
        total(&b.tones)
            .cmp(&total(&a.tones))
            .then_with(|| a.name.cmp(&b.name))
    });
    sources.truncate(10);

    // Stories naming each district: every district, so the map compares them (the
    // district filter marks one on it).
    let mut sql = Sql::new(
        "SELECT pu.unit, COUNT(*) FROM social_post_unit pu \
         JOIN social_post p ON p.id = pu.post WHERE p.cluster = p.id AND ",
    );
    sql.push("pu.hour >= $? AND pu.hour <= $?", period);
    of_topic(&mut sql, "pu.post");
    sql.push(" GROUP BY pu.unit ORDER BY pu.unit", []);
    let mut by_unit = Vec::new();
    for r in sql.all(db).await? {
        by_unit.push((r.try_get_by_index(0).map_err(internal)?, count(&r, 1)?));
    }

    Ok(SocialBoard {
        days,
        from: rfc3339(from),
        to: rfc3339(now),
        topic: q.topic,
        unit: q.unit,
        posts,
        stories,
        tones,
        timeline,
        topics,
        sources,
        by_unit,
        districts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_number_their_values_in_order() {
        let mut s = Sql::new("SELECT 1 WHERE ");
        s.push(
            "a >= $? AND a <= $?",
            [Value::from(1i64), Value::from(2i64)],
        );
        s.push(" AND b = $?", [Value::from("x")]);
        assert_eq!(s.text, "SELECT 1 WHERE a >= $1 AND a <= $2 AND b = $3");
        assert_eq!(s.values.len(), 3);
    }

    #[test]
    fn labels_are_in_the_province_time() {
        // 2024-06-01 17:00 UTC is midnight on 2 June in Vũng Tàu.
        let t = chrono::DateTime::parse_from_rfc3339("2024-06-01T17:00:00Z")
            .map(|t| t.timestamp_micros())
            .unwrap_or_default();
        assert_eq!(label(t, false), "2024-06-02");
        assert_eq!(label(t, true), "2024-06-02 00:00");
        assert!(period(2).is_err() && period(30).is_ok());
    }
}
