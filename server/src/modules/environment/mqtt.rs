//! Readings over MQTT: `ioc serve` subscribes to an external broker (`IOC_MQTT_URL`), topic
//! `ioc/env/{station_code}`, payload the same JSON as `POST /api/v1/environment/readings`
//! (a list, or one reading). Messages are QoS 1 with a persistent session and acknowledged
//! only after their readings are committed: what the broker delivered and we did not store
//! comes again (the key deduplicates it). Disconnections are retried with backoff, and a
//! failed write is retried until it lands, so nothing received is lost.

use super::ingest;
use crate::modules::environment::store;
use app::modules::environment::model::ReadingInput;
use rumqttc::{AsyncClient, Publish};
use sea_orm::DatabaseConnection;
use std::time::Duration;
use tokio::sync::mpsc;

#[derive(Debug, Clone)]
pub struct MqttConfig {
    /// `mqtt://[user:password@]host[:port]`.
    pub url: String,
    /// The subscription, `ioc/env/+` by default; `$share/ioc/ioc/env/+` spreads the
    /// stations over several servers.
    pub topic: String,
    /// Stable per server copy: the broker keeps its session (and queued messages) by it.
    pub client_id: String,
}

/// The station a topic names: its last level.
fn topic_station(topic: &str) -> Option<&str> {
    topic.rsplit('/').next().filter(|s| !s.is_empty())
}

fn readings_of(p: &Publish) -> Result<Vec<ReadingInput>, String> {
    let value: serde_json::Value =
        serde_json::from_slice(&p.payload).map_err(|e| format!("not JSON: {e}"))?;
    let list = match value {
        serde_json::Value::Array(_) => value,
        other => serde_json::Value::Array(vec![other]),
    };
    serde_json::from_value(list).map_err(|e| format!("not readings: {e}"))
}

/// Payload bytes gathered before one write (about 40,000 readings); a batch waits at most
/// [`GATHER`] for more.
const BATCH_BYTES: usize = 4 << 20;
const GATHER: Duration = Duration::from_millis(50);

/// Connects, subscribes and ingests for as long as the server runs.
pub async fn run(db: DatabaseConnection, cfg: MqttConfig) {
    let subscription = crate::mqtt::Subscription {
        name: "mqtt",
        url: cfg.url,
        client_id: cfg.client_id,
        topics: vec![cfg.topic],
        max_packet: 4 << 20,
    };
    let Some((client, subscriber)) = crate::mqtt::connect(subscription) else {
        return;
    };
    let (tx, rx) = mpsc::channel::<Publish>(100_000);
    tokio::spawn(writer(db, client, rx));
    subscriber
        .run(|p| {
            let tx = tx.clone();
            async move { tx.send(p).await.is_ok() }
        })
        .await;
}

/// Gathers messages into batches, writes them (retrying until the database takes them),
/// then acknowledges them.
async fn writer(db: DatabaseConnection, client: AsyncClient, mut rx: mpsc::Receiver<Publish>) {
    loop {
        let Some(first) = rx.recv().await else { return };
        let mut batch = vec![first];
        let deadline = tokio::time::Instant::now() + GATHER;
        let mut size = batch[0].payload.len();
        while size < BATCH_BYTES {
            match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some(p)) => {
                    size += p.payload.len();
                    batch.push(p);
                }
                _ => break,
            }
        }
        let mut backoff = Duration::from_millis(200);
        loop {
            match store_batch(&db, &batch).await {
                Ok(()) => break,
                Err(e) => {
                    tracing::warn!(error = %e, messages = batch.len(), "mqtt: write failed, retrying");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(10));
                }
            }
        }
        for p in &batch {
            // After a reconnect the broker sends unacknowledged messages again; an ack that
            // cannot go out now is harmless.
            let _ = client.ack(p).await;
        }
    }
}

/// Checks each message against its topic's station and writes the valid readings of the
/// whole batch in one transaction. Refused readings are logged and dropped: no sender
/// waits for an answer on MQTT.
async fn store_batch(db: &DatabaseConnection, batch: &[Publish]) -> app::error::AppResult<()> {
    let stations = store::infos(db).await?;
    let now = chrono::Utc::now().timestamp();
    let mut valid = Vec::new();
    for p in batch {
        let readings = match readings_of(p) {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(topic = %p.topic, error = %e, "mqtt: message refused");
                continue;
            }
        };
        let checked = ingest::check(&stations, &readings, topic_station(&p.topic), None, now);
        for r in checked.rejected.iter().take(5) {
            tracing::warn!(topic = %p.topic, index = r.index, field = %r.field, reason = %r.reason, "mqtt: reading refused");
        }
        for f in checked.flagged.iter().take(5) {
            tracing::info!(topic = %p.topic, station = %f.station_code, parameter = %f.parameter, reason = %f.reason, "mqtt: reading flagged");
        }
        valid.extend(checked.valid);
    }
    ingest::write(db, valid).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mqtt::parse_url;

    #[test]
    fn broker_urls() {
        assert_eq!(
            parse_url("mqtt://localhost:1884").unwrap(),
            ("localhost".to_string(), 1884, None)
        );
        assert_eq!(
            parse_url("mqtt://ioc:secret@broker.local").unwrap(),
            (
                "broker.local".to_string(),
                1883,
                Some(("ioc".to_string(), "secret".to_string()))
            )
        );
        assert!(parse_url("mqtts://broker:8883")
            .unwrap_err()
            .contains("not supported"));
        assert!(parse_url("broker:1883").is_err());
        assert!(parse_url("mqtt://broker:port").is_err());
        assert_eq!(topic_station("ioc/env/BRVT-KK01"), Some("BRVT-KK01"));
    }
}
