//! Frigate's events over MQTT: `ioc serve` subscribes to `{prefix}/events`,
//! `{prefix}/reviews` and `{prefix}/+/+/snapshot` (the best picture of a camera's latest
//! object of a label) on the broker Frigate publishes to (`IOC_CAMERA_MQTT_URL`). A message
//! is acknowledged once stored (QoS 1, persistent session): one the server did not store
//! comes again, and its id makes a second delivery change nothing. A message that is not a
//! Frigate event, or names no camera of ours, is logged and dropped (no sender waits).

use super::events;
use sea_orm::DatabaseConnection;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    /// `mqtt://[user:password@]host[:port]`.
    pub url: String,
    /// Frigate's topic prefix (`frigate`).
    pub prefix: String,
    /// Stable per server copy: the broker keeps its session by it.
    pub client_id: String,
}

pub async fn run(db: DatabaseConnection, cfg: Config) {
    let subscription = crate::mqtt::Subscription {
        name: "cameras",
        topics: vec![
            format!("{}/events", cfg.prefix),
            format!("{}/reviews", cfg.prefix),
            format!("{}/+/+/snapshot", cfg.prefix),
        ],
        url: cfg.url,
        client_id: cfg.client_id,
        max_packet: super::snapshot::MAX_BYTES + (64 << 10),
    };
    let Some((client, subscriber)) = crate::mqtt::connect(subscription) else {
        return;
    };
    subscriber
        .run(|p| {
            let (db, client) = (db.clone(), client.clone());
            async move {
                store(&db, &p.topic, &p.payload).await;
                // An ack that cannot go out now is harmless: the message comes again and
                // its id makes it change nothing.
                let _ = client.ack(&p).await;
                true
            }
        })
        .await;
}

/// Stores one message, retrying while the database is away (a bad message is dropped).
async fn store(db: &DatabaseConnection, topic: &str, payload: &[u8]) {
    let levels: Vec<&str> = topic.rsplitn(4, '/').collect();
    if let ["snapshot", label, camera, _prefix] = levels.as_slice() {
        let now = chrono::Utc::now().timestamp_micros();
        match events::attach_snapshot(db, camera, label, payload.to_vec(), now).await {
            Ok(Some(id)) => tracing::debug!(topic, event = id, "cameras mqtt: snapshot kept"),
            Ok(None) => {}
            Err(e) => tracing::warn!(topic, error = %e, "cameras mqtt: snapshot refused"),
        }
        return;
    }
    let incoming = match serde_json::from_slice::<serde_json::Value>(payload)
        .map_err(|e| e.to_string())
        .and_then(|v| events::parse(&v).map_err(|e| e.to_string()))
    {
        Ok(i) => i,
        Err(e) => {
            tracing::warn!(topic, error = %e, "cameras mqtt: message refused");
            return;
        }
    };
    let mut backoff = Duration::from_millis(200);
    loop {
        match events::record(db, &incoming, chrono::Utc::now().timestamp_micros()).await {
            Ok(_) => return,
            Err(app::error::AppError::Invalid { field, message }) => {
                tracing::warn!(topic, %field, error = %message.en, "cameras mqtt: event refused");
                return;
            }
            Err(e) => {
                tracing::warn!(topic, error = %e, "cameras mqtt: write failed, retrying");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(10));
            }
        }
    }
}
