//! Module 3's server functions: thin, each checks the caller's role and calls the backend.

use super::model::{
    Analysis, BoardQuery, Post, PostFilter, SocialBoard, Source, SourceInput, Topic, TopicInput,
};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The board of a period (the last 1, 7 or 30 days), for a topic and a district or all.
/// Officials.
#[server(prefix = "/api", endpoint = "social/board", input = Json)]
pub async fn load_social_board(query: BoardQuery) -> Result<SocialBoard, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .board(query)
        .await
        .inspect_err(ssr::set_status)
}

/// The posts behind a point of the board, newest first (at most 100). Officials.
#[server(prefix = "/api", endpoint = "social/posts", input = Json)]
pub async fn load_social_posts(filter: PostFilter) -> Result<Vec<Post>, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .posts(filter)
        .await
        .inspect_err(ssr::set_status)
}

/// What the analyser makes of one sentence, with the watchlist topics and districts it
/// matches. Officials (the REST analyser answers anyone, without the watchlists).
#[server(prefix = "/api", endpoint = "social/analyze", input = Json)]
pub async fn analyze_social_text(text: String) -> Result<Analysis, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .analyze(text)
        .await
        .inspect_err(ssr::set_status)
}

/// The watchlist topics. Officials.
#[server(prefix = "/api", endpoint = "social/topics", input = Json)]
pub async fn load_social_topics() -> Result<Vec<Topic>, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .topics()
        .await
        .inspect_err(ssr::set_status)
}

/// Creates a topic or redefines the one of the same name. Administrators.
#[server(prefix = "/api", endpoint = "social/topic_save", input = Json)]
pub async fn save_social_topic(topic: TopicInput) -> Result<Topic, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .save_topic(topic)
        .await
        .inspect_err(ssr::set_status)
}

/// Deletes a topic (its posts stay). Administrators.
#[server(prefix = "/api", endpoint = "social/topic_delete", input = Json)]
pub async fn delete_social_topic(id: i64) -> Result<(), AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .delete_topic(id)
        .await
        .inspect_err(ssr::set_status)
}

/// The sources and their health. Officials.
#[server(prefix = "/api", endpoint = "social/sources", input = Json)]
pub async fn load_social_sources() -> Result<Vec<Source>, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Official).await?;
    super::backend::backend()?
        .sources()
        .await
        .inspect_err(ssr::set_status)
}

/// Creates a source or changes the one with the same code; a new push source's answer
/// carries its secret, once. Administrators.
#[server(prefix = "/api", endpoint = "social/source_save", input = Json)]
pub async fn save_social_source(source: SourceInput) -> Result<Source, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .save_source(source)
        .await
        .inspect_err(ssr::set_status)
}

/// Fetches a feed now and answers its health after. Administrators.
#[server(prefix = "/api", endpoint = "social/source_fetch", input = Json)]
pub async fn fetch_social_source(code: String) -> Result<Source, AppError> {
    use crate::{model::Role, ssr};
    ssr::require_role(Role::Admin).await?;
    super::backend::backend()?
        .fetch_source(code)
        .await
        .inspect_err(ssr::set_status)
}
