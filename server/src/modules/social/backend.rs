//! The server's side of this module's server functions.

use super::store::{self, Matcher, PostQuery};
use crate::backend::ServerBackend;
use app::error::{AppError, AppResult};
use app::modules::social::model::{
    Analysis, BoardQuery, Post, PostFilter, SocialBoard, Source, SourceInput, Topic, TopicInput,
};
use app::tr;

fn now() -> i64 {
    chrono::Utc::now().timestamp_micros()
}

fn time(field: &str, v: &str) -> AppResult<i64> {
    chrono::DateTime::parse_from_rfc3339(v)
        .map(|t| t.timestamp_micros())
        .map_err(|_| {
            AppError::invalid(
                field,
                tr!(
                    "'{v}' không phải thời điểm RFC 3339",
                    "'{v}' is not an RFC 3339 time"
                ),
            )
        })
}

#[async_trait::async_trait]
impl app::modules::social::backend::SocialBackend for ServerBackend {
    async fn board(&self, mut q: BoardQuery) -> AppResult<SocialBoard> {
        q.unit = q.unit.filter(|u| !u.is_empty());
        let districts = crate::registry::district_names(&self.0.db).await?;
        crate::registry::require_district(&districts, q.unit.as_deref())?;
        super::board::board(&self.0.db, q, districts, now()).await
    }

    async fn posts(&self, f: PostFilter) -> AppResult<Vec<Post>> {
        let q = PostQuery {
            topic_id: f.topic,
            since: Some(time("from", &f.from)?),
            until: Some(time("to", &f.to)?),
            sentiment: f.sentiment,
            unit: f.unit.filter(|u| !u.is_empty()),
            source: f.source.filter(|s| !s.is_empty()),
            limit: 100,
            ..Default::default()
        };
        store::posts(&self.0.db, &q).await
    }

    async fn analyze(&self, text: String) -> AppResult<Analysis> {
        super::analyze::check(&text)?;
        Ok(Matcher::load(&self.0.db).await?.analyze(&text))
    }

    async fn topics(&self) -> AppResult<Vec<Topic>> {
        store::topics(&self.0.db).await
    }

    async fn save_topic(&self, topic: TopicInput) -> AppResult<Topic> {
        Ok(store::save_topic_and_match(&self.0.db, &topic, now())
            .await?
            .0)
    }

    async fn delete_topic(&self, id: i64) -> AppResult<()> {
        store::delete_topic(&self.0.db, id).await
    }

    async fn sources(&self) -> AppResult<Vec<Source>> {
        super::sources::list(&self.0.db).await
    }

    async fn save_source(&self, source: SourceInput) -> AppResult<Source> {
        Ok(super::sources::save(&self.0.db, &source, now()).await?.0)
    }

    async fn fetch_source(&self, code: String) -> AppResult<Source> {
        super::fetch::fetch_now(&self.0.db, &code).await
    }
}
