//! MQTT subscriptions to an external broker, shared by the modules that take messages from
//! one (station readings, video analytics events): the broker's URL, the connection with
//! a persistent session (QoS 1, acknowledged by the module once a message is stored), the
//! subscriptions made again on a new session, and reconnection with backoff.

use rumqttc::{AsyncClient, Event, EventLoop, MqttOptions, Packet, Publish, QoS};
use std::future::Future;
use std::time::Duration;

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

/// What to subscribe to, and how.
#[derive(Debug, Clone)]
pub struct Subscription {
    /// For the log: which module's subscription this is.
    pub name: &'static str,
    /// `mqtt://[user:password@]host[:port]`.
    pub url: String,
    /// Stable per server copy: the broker keeps its session (and queued messages) by it.
    pub client_id: String,
    pub topics: Vec<String>,
    /// The largest message taken, in bytes.
    pub max_packet: usize,
}

/// A connection being made: run it with the module's handler.
pub struct Subscriber {
    sub: Subscription,
    host: String,
    port: u16,
    client: AsyncClient,
    events: EventLoop,
}

/// The client (to acknowledge messages with) and the subscriber to run; `None`, logged,
/// when the URL is not one.
pub fn connect(sub: Subscription) -> Option<(AsyncClient, Subscriber)> {
    let (host, port, creds) = match parse_url(&sub.url) {
        Ok(x) => x,
        Err(e) => {
            tracing::error!(error = %e, subscription = sub.name, "mqtt: bad broker URL, not subscribing");
            return None;
        }
    };
    let mut opts = MqttOptions::new(sub.client_id.clone(), host.clone(), port);
    opts.set_keep_alive(Duration::from_secs(30))
        .set_clean_session(false)
        .set_manual_acks(true)
        .set_max_packet_size(sub.max_packet, 64 << 10);
    if let Some((u, p)) = creds {
        opts.set_credentials(u, p);
    }
    let (client, events) = AsyncClient::new(opts, 10_000);
    Some((
        client.clone(),
        Subscriber {
            sub,
            host,
            port,
            client,
            events,
        },
    ))
}

impl Subscriber {
    /// Hands every message to `on_message` for as long as the server runs (or until it
    /// answers false); the handler acknowledges what it stored.
    pub async fn run<F, Fut>(mut self, mut on_message: F)
    where
        F: FnMut(Publish) -> Fut,
        Fut: Future<Output = bool>,
    {
        let name = self.sub.name;
        let mut backoff = Duration::from_millis(500);
        loop {
            match self.events.poll().await {
                Ok(Event::Incoming(Packet::ConnAck(ack))) => {
                    backoff = Duration::from_millis(500);
                    tracing::info!(subscription = name, broker = %self.host, port = self.port, session_present = ack.session_present, topics = ?self.sub.topics, "mqtt: connected");
                    if !ack.session_present {
                        for t in &self.sub.topics {
                            if let Err(e) = self.client.subscribe(t.clone(), QoS::AtLeastOnce).await
                            {
                                tracing::warn!(subscription = name, error = %e, topic = %t, "mqtt: subscribe failed");
                            }
                        }
                    }
                }
                Ok(Event::Incoming(Packet::Publish(p))) => {
                    if !on_message(p).await {
                        return;
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(subscription = name, error = %e, retry_in_ms = backoff.as_millis() as u64, "mqtt: connection lost");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(30));
                }
            }
        }
    }
}
