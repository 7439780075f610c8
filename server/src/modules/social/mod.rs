//! Module 3, social-network monitoring: what open sources say about the province, by
//! topic, district and tone: the Vietnamese text analyser (normalisation, tone marks,
//! folding, phrase matching, lexicon sentiment, SimHash) with its accuracy measured on a
//! gold set; watchlist topics; sources; posts pushed signed, analysed, matched to topics
//! and districts and grouped with their near-duplicates; spikes and crises per topic.

pub mod analyze;
pub mod backend;
pub mod board;
pub mod demo;
pub mod feed;
pub mod fetch;
pub mod gold;
pub mod openapi;
pub mod routes;
pub mod sentiment;
pub mod simhash;
pub mod sources;
pub mod spikes;
pub mod store;
pub mod text;

use crate::module::ServerModule;
use crate::state::AppState;

/// Module 3: social-network monitoring.
pub struct Module;

#[async_trait::async_trait]
impl ServerModule for Module {
    fn name(&self) -> &'static str {
        "social"
    }

    fn routes(&self, _state: &AppState) -> axum::Router<AppState> {
        routes::routes()
    }

    fn register_server_fns(&self) {
        app::modules::social::backend::register_server_fns();
    }

    fn provide(&self, state: &AppState) {
        let backend: std::sync::Arc<dyn app::modules::social::backend::SocialBackend> =
            std::sync::Arc::new(crate::backend::ServerBackend(state.clone()));
        leptos::prelude::provide_context(backend);
    }

    fn openapi(&self) -> crate::module::OpenApiPart {
        openapi::part()
    }

    fn has_demo_seed(&self) -> bool {
        true
    }

    /// Five topics, three push sources and eight weeks of invented posts, ending now.
    async fn demo_seed(&self, txn: &sea_orm::DatabaseTransaction) -> app::error::AppResult<()> {
        demo::seed(txn, chrono::Utc::now().timestamp_micros()).await
    }

    fn workers(&self, state: &AppState) -> Vec<crate::module::Worker> {
        let (db, db2) = (state.db.clone(), state.db.clone());
        vec![
            crate::module::Worker::new("social.feeds", move || fetch::run_forever(db.clone())),
            crate::module::Worker::new("social.spikes", move || spikes::run_forever(db2.clone())),
        ]
    }
}
