//! Spikes and crises. A topic's mentions in an hour (each story once: reposts are not
//! counted again) against the same hour of the week over the previous eight weeks: a
//! robust z-score on their median and MAD (at least counting noise, √median) when the
//! usual hour has at least five, else a Poisson test on their mean. A spike raises a warning in the shared feed;
//! a spike whose posts are at least 40 % negative from at least two sources is a crisis,
//! raised as critical. Both end when the hour after is back to normal.

use super::store::{stmt, HOUR_US};
use crate::auth::internal;
use app::error::AppResult;
use app::model::Severity;
use sea_orm::ConnectionTrait;
use std::collections::HashMap;

/// Weeks of the same hour the baseline reads.
pub const WEEKS: usize = 8;
const WEEK_US: i64 = 7 * 24 * HOUR_US;
/// Robust z-score a count must reach (Iglewicz and Hoaglin's 3.5).
const Z: f64 = 3.5;
/// Chance under the baseline below which a low count is a spike.
const P: f64 = 0.001;
/// Fewer mentions than this in an hour are never a spike.
const MIN_COUNT: u32 = 5;

/// Whether `count` is a spike against the same hour of previous weeks.
pub fn is_spike(count: u32, baseline: &[u32]) -> bool {
    if count < MIN_COUNT {
        return false;
    }
    let mut b: Vec<f64> = baseline.iter().map(|&x| f64::from(x)).collect();
    let median = median_of(&mut b);
    let mut dev: Vec<f64> = b.iter().map(|x| (x - median).abs()).collect();
    let mad = median_of(&mut dev);
    let x = f64::from(count);
    if median >= 5.0 {
        // The spread is at least counting noise (a Poisson count's standard deviation):
        // eight weeks that happened to agree closely must not make every wobble a spike.
        let scale = (1.4826 * mad).max(median.sqrt());
        (x - median) / scale >= Z
    } else {
        // Few mentions (or none that vary): how likely is this many under the mean rate?
        let mean = b.iter().sum::<f64>() / b.len().max(1) as f64;
        poisson_tail(count, mean.max(0.5)) < P
    }
}

fn median_of(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// P(X ≥ k) for X ~ Poisson(λ).
pub fn poisson_tail(k: u32, lambda: f64) -> f64 {
    // 1 − P(X < k), summing the k terms below.
    let mut term = (-lambda).exp();
    let mut below = 0.0;
    for i in 0..k {
        below += term;
        term *= lambda / f64::from(i + 1);
    }
    (1.0 - below).max(0.0)
}

/// An hour of a topic as the detector sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct HourFacts {
    pub count: u32,
    pub negative: u32,
    pub sources: u32,
    pub baseline: Vec<u32>,
}

impl HourFacts {
    pub fn spike(&self) -> bool {
        is_spike(self.count, &self.baseline)
    }

    /// A spike that is at least 40 % negative, from at least two sources.
    pub fn crisis(&self) -> bool {
        self.spike() && self.sources >= 2 && self.negative * 10 >= self.count * 4
    }
}

/// A topic's facts for the hour starting at `hour`.
pub async fn facts<C: ConnectionTrait>(db: &C, topic: i64, hour: i64) -> AppResult<HourFacts> {
    let row = db
        .query_one_raw(stmt(
            db,
            "SELECT COUNT(*), \
             CAST(COALESCE(SUM(CASE WHEN sentiment = 'negative' THEN 1 ELSE 0 END), 0) AS BIGINT), \
             COUNT(DISTINCT source) \
             FROM social_post_topic WHERE topic = $1 AND hour = $2 AND counted = 1",
            vec![topic.into(), hour.into()],
        ))
        .await
        .map_err(internal)?;
    let get = |i: usize| -> AppResult<u32> {
        Ok(row
            .as_ref()
            .map(|r| r.try_get_by_index::<i64>(i))
            .transpose()
            .map_err(internal)?
            .unwrap_or(0)
            .max(0) as u32)
    };
    let (count, negative, sources) = (get(0)?, get(1)?, get(2)?);
    let hours: Vec<i64> = (1..=WEEKS as i64).map(|w| hour - w * WEEK_US).collect();
    let rows = db
        .query_all_raw(stmt(
            db,
            "SELECT hour, COUNT(*) FROM social_post_topic \
             WHERE topic = $1 AND counted = 1 AND hour IN ($2, $3, $4, $5, $6, $7, $8, $9) \
             GROUP BY hour",
            std::iter::once(topic.into())
                .chain(hours.iter().map(|&h| h.into()))
                .collect(),
        ))
        .await
        .map_err(internal)?;
    let mut by_hour: HashMap<i64, u32> = HashMap::new();
    for r in &rows {
        let h: i64 = r.try_get_by_index(0).map_err(internal)?;
        let n: i64 = r.try_get_by_index(1).map_err(internal)?;
        by_hour.insert(h, n.max(0) as u32);
    }
    Ok(HourFacts {
        count,
        negative,
        sources,
        baseline: hours
            .iter()
            .map(|h| by_hour.get(h).copied().unwrap_or(0))
            .collect(),
    })
}

/// Checks every topic's current hour (and the one before, so a spike found late in an hour
/// is not dropped when the next begins) and raises or ends its alerts. Safe in several
/// copies: the feed keeps one open alert per topic and kind.
pub async fn check<C: ConnectionTrait>(db: &C, now: i64) -> AppResult<()> {
    let hour = now.div_euclid(HOUR_US) * HOUR_US;
    for t in super::store::topics(db).await? {
        let subject = t.id.to_string();
        let (this, before) = (
            facts(db, t.id, hour).await?,
            facts(db, t.id, hour - HOUR_US).await?,
        );
        let worst = [&this, &before]
            .into_iter()
            .filter(|f| f.spike())
            .max_by_key(|f| (f.crisis(), f.count))
            .cloned();
        let Some(f) = worst else {
            crate::alerts::clear(db, "social", "spike", &subject).await?;
            crate::alerts::clear(db, "social", "crisis", &subject).await?;
            continue;
        };
        let mut sorted = f.baseline.clone();
        sorted.sort_unstable();
        let usual = sorted.get(sorted.len() / 2).copied().unwrap_or(0);
        let negative_pct = f.negative * 100 / f.count.max(1);
        let (kind, severity) = if f.crisis() {
            ("crisis", Severity::Critical)
        } else {
            ("spike", Severity::Warning)
        };
        let name = &t.name;
        let (count, sources) = (f.count, f.sources);
        let (title_vi, title_en) = if f.crisis() {
            (
                format!("Khủng hoảng truyền thông: \"{name}\" {count} tin/giờ (thường {usual}), {negative_pct}% tiêu cực, {sources} nguồn"),
                format!("Media crisis: \"{name}\" {count} stories/hour (usually {usual}), {negative_pct}% negative, {sources} sources"),
            )
        } else {
            (
                format!("Tăng đột biến: \"{name}\" {count} tin/giờ (thường {usual})"),
                format!("Spike: \"{name}\" {count} stories/hour (usually {usual})"),
            )
        };
        crate::alerts::raise(
            db,
            crate::alerts::Raise {
                module: "social",
                kind,
                subject: &subject,
                subject_name: name,
                department: None,
                severity,
                title_vi,
                title_en,
                value: format!("{count}/h, {negative_pct}% negative"),
                observed_at: chrono::DateTime::from_timestamp_micros(hour).unwrap_or_default(),
            },
        )
        .await?;
        // A spike that became a crisis is one alert: the lesser one ends.
        let other = if kind == "crisis" { "spike" } else { "crisis" };
        crate::alerts::clear(db, "social", other, &subject).await?;
    }
    Ok(())
}

/// The worker: every five minutes.
pub async fn run_forever(db: sea_orm::DatabaseConnection) {
    loop {
        if let Err(e) = check(&db, chrono::Utc::now().timestamp_micros()).await {
            tracing::warn!("social spikes: {e}");
        }
        tokio::time::sleep(std::time::Duration::from_secs(300)).await;
    }
}

/// How the detector did on a series with known spikes.
#[derive(Debug, Clone, Copy)]
pub struct Score {
    pub found: u32,
    pub false_alarms: u32,
    pub missed: u32,
}

impl Score {
    pub fn precision(&self) -> f64 {
        f64::from(self.found) / f64::from((self.found + self.false_alarms).max(1))
    }

    pub fn recall(&self) -> f64 {
        f64::from(self.found) / f64::from((self.found + self.missed).max(1))
    }
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "spikes: {} found, {} false alarms, {} missed; precision {:.3}, recall {:.3}",
            self.found,
            self.false_alarms,
            self.missed,
            self.precision(),
            self.recall()
        )
    }
}

/// A Poisson draw (Knuth's method: the small rates of hourly mentions).
fn poisson(rng: &mut impl rand::Rng, lambda: f64) -> u32 {
    let l = (-lambda).exp();
    let (mut k, mut p) = (0, 1.0);
    loop {
        p *= rng.gen::<f64>();
        if p <= l {
            return k;
        }
        k += 1;
    }
}

/// The detector on synthetic hourly mentions: 20 weeks of five topics from quiet (0.3 an
/// hour) to busy (30), busier by day, Poisson noise, with 40 spikes each of 3 to 8 times
/// the usual rate (at least 8 more) at known hours; scored over the last 12 weeks.
pub fn synthetic(seed: u64) -> Score {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut score = Score {
        found: 0,
        false_alarms: 0,
        missed: 0,
    };
    let week = 168;
    for base in [0.3, 1.0, 4.0, 12.0, 30.0] {
        let hours = 20 * week;
        let rate = |h: usize| {
            let hod = (h % 24) as f64;
            base * (0.4 + 1.2 * (-(hod - 14.0).powi(2) / 30.0).exp())
        };
        let mut spikes = vec![false; hours];
        let mut series: Vec<u32> = (0..hours).map(|h| poisson(&mut rng, rate(h))).collect();
        for _ in 0..40 {
            let h = rng.gen_range(WEEKS * week..hours);
            let factor = rng.gen_range(3.0..8.0);
            let extra = (rate(h) * (factor - 1.0)).max(8.0);
            series[h] += poisson(&mut rng, extra);
            spikes[h] = true;
        }
        for h in WEEKS * week..hours {
            let baseline: Vec<u32> = (1..=WEEKS).map(|w| series[h - w * week]).collect();
            match (is_spike(series[h], &baseline), spikes[h]) {
                (true, true) => score.found += 1,
                (true, false) => score.false_alarms += 1,
                (false, true) => score.missed += 1,
                _ => {}
            }
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_tail_by_hand() {
        assert!((poisson_tail(0, 2.0) - 1.0).abs() < 1e-12);
        // P(X >= 1) = 1 - e^-2
        assert!((poisson_tail(1, 2.0) - (1.0 - (-2.0f64).exp())).abs() < 1e-12);
        assert!(poisson_tail(10, 1.0) < 1e-6);
    }

    #[test]
    fn finds_known_spikes_in_a_synthetic_series() {
        let r = synthetic(23);
        println!("{r}");
        assert!(r.precision() >= 0.9, "{r}");
        assert!(r.recall() >= 0.8, "{r}");
    }

    #[test]
    fn crisis_needs_negative_share_and_two_sources() {
        let calm = vec![1, 0, 2, 1, 0, 1, 1, 0];
        let mut f = HourFacts {
            count: 20,
            negative: 8,
            sources: 2,
            baseline: calm.clone(),
        };
        assert!(f.spike() && f.crisis());
        f.sources = 1;
        assert!(!f.crisis());
        f.sources = 3;
        f.negative = 7;
        assert!(f.spike() && !f.crisis());
        let usual = HourFacts {
            count: 3,
            negative: 3,
            sources: 3,
            baseline: calm,
        };
        assert!(!usual.spike());
    }
}
