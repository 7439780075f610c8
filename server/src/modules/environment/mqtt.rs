//! Readings over MQTT: `ioc serve` subscribes to an external broker (`IOC_MQTT_URL`), topic
//! `ioc/env/{station_code}`, payload the same JSON as `POST /api/v1/environment/readings`
//! (a list, or one reading). Messages are QoS 1 with a persistent session and acknowledged
//! only after their readings are committed: what the broker delivered and we did not store
//! comes again (the key deduplicates it). Disconnections are retried with backoff, and a
//! failed write is retried until it lands, so nothing received is lost.

use super::ingest;
use crate::modules::environment::store;
use app::modules::environment::model::ReadingInput;
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, Publish, QoS};
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

/// A broker's host, port, and user and password if given.
pub type Broker = (String, u16, Option<(String, String)>);

/// Host, port, user and password of a broker URL.
pub fn parse_url(url: &str) -> Result<Broker, String> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| format!("'{url}': expected mqtt://host:port"))?;
    if !matches!(scheme, "mqtt" | "tcp") {
        return Err(format!(
            "'{scheme}://' is not supported: use mqtt:// (for TLS, a local bridge to the broker)"
        ));
    }
    let rest = rest.trim_end_matches('/');
    let (creds, hostport) = match rest.rsplit_once('@') {
        Some((c, h)) => (Some(c), h),
        None => (None, rest),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (
            h,
            p.parse::<u16>()
                .map_err(|_| format!("'{p}' is not a port number"))?,
        ),
        None => (hostport, 1883),
    };
    if host.is_empty() {
        return Err(format!("'{url}': no host"));
    }
    let creds = creds.map(|c| match c.split_once(':') {
        Some((u, p)) => (u.to_string(), p.to_string()),
        None => (c.to_string(), String::new()),
    });
    Ok((host.to_string(), port, creds))
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
    let (host, port, creds) = match parse_url(&cfg.url) {
        Ok(x) => x,
        Err(e) => {
            tracing::error!(error = %e, "mqtt: bad IOC_MQTT_URL, not subscribing");
            return;
        }
    };
    let mut opts = MqttOptions::new(cfg.client_id.clone(), host.clone(), port);
    opts.set_keep_alive(Duration::from_secs(30))
        .set_clean_session(false)
        .set_manual_acks(true)
        .set_max_packet_size(4 << 20, 64 << 10);
    if let Some((u, p)) = creds {
        opts.set_credentials(u, p);
    }
    let (client, mut events) = AsyncClient::new(opts, 10_000);
    let (tx, rx) = mpsc::channel::<Publish>(100_000);
    tokio::spawn(writer(db, client.clone(), rx));

    let mut backoff = Duration::from_millis(500);
    loop {
        match events.poll().await {
            Ok(Event::Incoming(Packet::ConnAck(ack))) => {
                backoff = Duration::from_millis(500);
                tracing::info!(broker = %host, port, session_present = ack.session_present, topic = %cfg.topic, "mqtt: connected");
                if !ack.session_present {
                    if let Err(e) = client.subscribe(cfg.topic.clone(), QoS::AtLeastOnce).await {
                        tracing::warn!(error = %e, "mqtt: subscribe failed");
                    }
                }
            }
            Ok(Event::Incoming(Packet::Publish(p))) => {
                if tx.send(p).await.is_err() {
                    return;
                }
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, retry_in_ms = backoff.as_millis() as u64, "mqtt: connection lost");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(30));
            }
        }
    }
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
