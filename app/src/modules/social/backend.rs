//! What this module's server functions need from the server: implemented in
//! `server/src/modules/social/backend.rs` and provided by that module.

use super::model::{
    Analysis, BoardQuery, Post, PostFilter, SocialBoard, Source, SourceInput, Topic, TopicInput,
};
use crate::error::AppResult;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait SocialBackend: Send + Sync + 'static {
    async fn board(&self, query: BoardQuery) -> AppResult<SocialBoard>;
    async fn posts(&self, filter: PostFilter) -> AppResult<Vec<Post>>;
    async fn analyze(&self, text: String) -> AppResult<Analysis>;
    async fn topics(&self) -> AppResult<Vec<Topic>>;
    async fn save_topic(&self, topic: TopicInput) -> AppResult<Topic>;
    async fn delete_topic(&self, id: i64) -> AppResult<()>;
    async fn sources(&self) -> AppResult<Vec<Source>>;
    async fn save_source(&self, source: SourceInput) -> AppResult<Source>;
    async fn fetch_source(&self, code: String) -> AppResult<Source>;
}

/// The server's implementation, from the server function's context.
pub fn backend() -> AppResult<Arc<dyn SocialBackend>> {
    crate::ssr::service::<dyn SocialBackend>()
}

/// Registers this module's server functions (the server's module does it at start).
pub fn register_server_fns() {
    use super::api::*;
    use leptos::server_fn::axum::register_explicit;
    register_explicit::<LoadSocialBoard>();
    register_explicit::<LoadSocialPosts>();
    register_explicit::<AnalyzeSocialText>();
    register_explicit::<LoadSocialTopics>();
    register_explicit::<SaveSocialTopic>();
    register_explicit::<DeleteSocialTopic>();
    register_explicit::<LoadSocialSources>();
    register_explicit::<SaveSocialSource>();
    register_explicit::<FetchSocialSource>();
}
