//! The syslog receiver: UDP datagrams and TCP streams with both RFC 6587 framings (octet
//! counting, and LF- or NUL-terminated), parsed on arrival and handed to one writer through
//! a bounded queue. It protects itself: frames over the cap close their connection, the
//! number of connections and their idle time are capped, a full queue drops and counts
//! instead of blocking the listener, senders outside the allowed networks are refused. The
//! sender recorded is the socket's address, never the host name a message claims.

use super::parse;
use super::store::{self, Incoming};
use app::modules::security::model::IntakeStats;
use ipnet::IpNet;
use sea_orm::DatabaseConnection;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, UdpSocket};
use tokio::sync::mpsc;

/// The receiver's settings (from `ioc serve`'s flags).
#[derive(Debug, Clone)]
pub struct IntakeConfig {
    pub udp: Option<SocketAddr>,
    pub tcp: Option<SocketAddr>,
    /// TLS (RFC 5425) on this address, with the certificate chain and key (PEM).
    pub tls: Option<SocketAddr>,
    pub tls_cert: Option<std::path::PathBuf>,
    pub tls_key: Option<std::path::PathBuf>,
    /// Largest message accepted, in bytes.
    pub max_frame: usize,
    pub max_connections: u64,
    pub idle: Duration,
    /// Messages waiting for the database before new ones are dropped.
    pub queue: usize,
    /// Senders allowed; empty: any.
    pub allow: Vec<IpNet>,
}

impl IntakeConfig {
    pub fn enabled(&self) -> bool {
        self.udp.is_some() || self.tcp.is_some() || self.tls.is_some()
    }
}

/// Counters since the process started (each copy of the server counts its own).
#[derive(Default)]
pub struct Counters {
    received: AtomicU64,
    stored: AtomicU64,
    dropped_queue_full: AtomicU64,
    oversize: AtomicU64,
    refused_sender: AtomicU64,
    refused_connections: AtomicU64,
    idle_closed: AtomicU64,
    tls_failed: AtomicU64,
    open_connections: AtomicU64,
    queued: AtomicU64,
    /// The UDP port received on, for the kernel's drop count (0: none).
    udp_port: AtomicU64,
}

/// The counters of the receiver `ioc serve` runs (tests run receivers of their own).
pub static COUNTERS: std::sync::LazyLock<Arc<Counters>> =
    std::sync::LazyLock::new(|| Arc::new(Counters::default()));

impl Counters {
    pub fn snapshot(&self) -> IntakeStats {
        IntakeStats {
            received: self.received.load(Relaxed),
            stored: self.stored.load(Relaxed),
            dropped_queue_full: self.dropped_queue_full.load(Relaxed),
            oversize: self.oversize.load(Relaxed),
            refused_sender: self.refused_sender.load(Relaxed),
            refused_connections: self.refused_connections.load(Relaxed),
            idle_closed: self.idle_closed.load(Relaxed),
            tls_failed: self.tls_failed.load(Relaxed),
            open_connections: self.open_connections.load(Relaxed),
            queued: self.queued.load(Relaxed),
            udp_lost: match self.udp_port.load(Relaxed) {
                0 => None,
                port => udp_drops(port),
            },
        }
    }
}

/// The bound sockets, so that a caller binding port 0 learns the ports.
pub struct Listeners {
    pub udp: Option<UdpSocket>,
    pub tcp: Option<TcpListener>,
    pub tls: Option<(TcpListener, tokio_rustls::TlsAcceptor)>,
}

impl Listeners {
    pub fn udp_addr(&self) -> Option<SocketAddr> {
        self.udp.as_ref().and_then(|s| s.local_addr().ok())
    }

    pub fn tcp_addr(&self) -> Option<SocketAddr> {
        self.tcp.as_ref().and_then(|s| s.local_addr().ok())
    }

    pub fn tls_addr(&self) -> Option<SocketAddr> {
        self.tls.as_ref().and_then(|(s, _)| s.local_addr().ok())
    }
}

/// Datagrams the kernel dropped on sockets bound to this port because the receiver was
/// behind (the `drops` column of `/proc/net/udp` and `udp6`); None where not available.
fn udp_drops(port: u64) -> Option<u64> {
    let mut total = None;
    for file in ["/proc/net/udp", "/proc/net/udp6"] {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let local_port = cols
                .get(1)
                .and_then(|a| a.rsplit_once(':'))
                .and_then(|(_, p)| u64::from_str_radix(p, 16).ok());
            if local_port == Some(port) {
                let drops = cols.last().and_then(|d| d.parse::<u64>().ok()).unwrap_or(0);
                *total.get_or_insert(0) += drops;
            }
        }
    }
    total
}

/// The receive buffer asked for the UDP socket: a burst waits there while the receiver
/// catches up (the kernel caps it at `net.core.rmem_max`).
const UDP_BUFFER: usize = 8 << 20;

pub async fn bind(cfg: &IntakeConfig) -> std::io::Result<Listeners> {
    let udp = match cfg.udp {
        Some(a) => {
            let sock = UdpSocket::bind(a).await?;
            if let Err(e) = socket2::SockRef::from(&sock).set_recv_buffer_size(UDP_BUFFER) {
                tracing::warn!("syslog udp: cannot enlarge the receive buffer: {e}");
            }
            Some(sock)
        }
        None => None,
    };
    let tcp = match cfg.tcp {
        Some(a) => Some(TcpListener::bind(a).await?),
        None => None,
    };
    let tls = match (cfg.tls, &cfg.tls_cert, &cfg.tls_key) {
        (None, _, _) => None,
        (Some(a), Some(cert), Some(key)) => {
            let acceptor = super::tls::acceptor(cert, key)
                .map_err(|e| std::io::Error::other(format!("{e:#}")))?;
            Some((TcpListener::bind(a).await?, acceptor))
        }
        (Some(_), _, _) => {
            return Err(std::io::Error::other(
                "syslog over TLS needs --syslog-tls-cert and --syslog-tls-key",
            ))
        }
    };
    Ok(Listeners { udp, tcp, tls })
}

/// The worker: binds, then receives until stopped. A port that cannot be bound is logged
/// and tried again by the worker's supervisor.
pub async fn run_worker(db: DatabaseConnection, cfg: IntakeConfig) {
    match bind(&cfg).await {
        Ok(l) => {
            if let Some(a) = l.udp_addr() {
                tracing::info!("syslog: listening on udp {a}");
            }
            if let Some(a) = l.tcp_addr() {
                tracing::info!("syslog: listening on tcp {a}");
            }
            if let Some(a) = l.tls_addr() {
                tracing::info!("syslog: listening on tls {a}");
            }
            run(db, cfg, l, COUNTERS.clone()).await;
        }
        Err(e) => {
            tracing::error!(
                "syslog: cannot listen ({:?} udp, {:?} tcp, {:?} tls): {e}",
                cfg.udp,
                cfg.tcp,
                cfg.tls
            );
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    }
}

/// Receives on the bound sockets and writes what arrives, until cancelled.
pub async fn run(db: DatabaseConnection, cfg: IntakeConfig, l: Listeners, c: Arc<Counters>) {
    let (tx, rx) = mpsc::channel::<Incoming>(cfg.queue.max(1));
    let cfg = Arc::new(cfg);
    let mut tasks = tokio::task::JoinSet::new();
    tasks.spawn(writer(db, rx, c.clone()));
    if let Some(sock) = l.udp {
        if let Ok(a) = sock.local_addr() {
            c.udp_port.store(u64::from(a.port()), Relaxed);
        }
        tasks.spawn(udp(
            sock,
            cfg.clone(),
            Queue {
                tx: tx.clone(),
                c: c.clone(),
            },
        ));
    }
    let q = Queue { tx: tx.clone(), c };
    if let Some(listener) = l.tcp {
        tasks.spawn(tcp(listener, cfg.clone(), q.clone(), None));
    }
    if let Some((listener, acceptor)) = l.tls {
        tasks.spawn(tcp(listener, cfg.clone(), q, Some(acceptor)));
    }
    drop(tx);
    // Each task runs for ever; one that ends (a panic) ends the receiver, and the worker's
    // supervisor starts it again.
    tasks.join_next().await;
}

fn allowed(cfg: &IntakeConfig, ip: IpAddr) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    cfg.allow.is_empty() || cfg.allow.iter().any(|n| n.contains(&ip))
}

/// The way to the writer, and the counters.
#[derive(Clone)]
struct Queue {
    tx: mpsc::Sender<Incoming>,
    c: Arc<Counters>,
}

/// Parses a message and queues it; a full queue drops it (counted).
fn accept(q: &Queue, sender: SocketAddr, bytes: &[u8]) {
    q.c.received.fetch_add(1, Relaxed);
    let text = String::from_utf8_lossy(bytes);
    let incoming = Incoming {
        received_at: chrono::Utc::now().timestamp_micros(),
        sender: sender.to_string(),
        parsed: parse::syslog(&text),
    };
    match q.tx.try_send(incoming) {
        Ok(()) => {
            q.c.queued.fetch_add(1, Relaxed);
        }
        Err(_) => {
            q.c.dropped_queue_full.fetch_add(1, Relaxed);
        }
    }
}

async fn udp(sock: UdpSocket, cfg: Arc<IntakeConfig>, q: Queue) {
    // A datagram is at most 65,507 bytes; one byte more shows one was cut.
    let mut buf = vec![0u8; 65_536];
    loop {
        let (n, from) = match sock.recv_from(&mut buf).await {
            Ok(r) => r,
            Err(e) => {
                // ICMP errors and the like: the socket stays usable.
                tracing::debug!("syslog udp: {e}");
                continue;
            }
        };
        if !allowed(&cfg, from.ip()) {
            q.c.refused_sender.fetch_add(1, Relaxed);
            continue;
        }
        if n > cfg.max_frame {
            q.c.oversize.fetch_add(1, Relaxed);
            continue;
        }
        accept(&q, from, &buf[..n]);
    }
}

async fn tcp(
    listener: TcpListener,
    cfg: Arc<IntakeConfig>,
    q: Queue,
    tls: Option<tokio_rustls::TlsAcceptor>,
) {
    loop {
        let (stream, from) = match listener.accept().await {
            Ok(s) => s,
            Err(e) => {
                // Out of file descriptors and the like: pause instead of spinning.
                tracing::warn!("syslog tcp accept: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        if !allowed(&cfg, from.ip()) {
            q.c.refused_sender.fetch_add(1, Relaxed);
            continue;
        }
        if q.c.open_connections.load(Relaxed) >= cfg.max_connections {
            q.c.refused_connections.fetch_add(1, Relaxed);
            continue;
        }
        q.c.open_connections.fetch_add(1, Relaxed);
        let (cfg, q, tls) = (cfg.clone(), q.clone(), tls.clone());
        tokio::spawn(async move {
            match tls {
                None => connection(stream, from, &cfg, &q).await,
                // The handshake within the idle time, or the connection is dropped.
                Some(acceptor) => {
                    match tokio::time::timeout(cfg.idle, acceptor.accept(stream)).await {
                        Ok(Ok(s)) => connection(s, from, &cfg, &q).await,
                        _ => {
                            q.c.tls_failed.fetch_add(1, Relaxed);
                        }
                    }
                }
            }
            q.c.open_connections.fetch_sub(1, Relaxed);
        });
    }
}

/// A frame longer than the cap: the connection is closed.
#[derive(Debug, PartialEq)]
pub struct Oversize;

/// Takes the complete frames at the start of `buf` (RFC 6587: `LEN SP MSG`, or a message
/// ended by LF or NUL), calling `frame` on each; answers how many bytes were used. A frame
/// starting with digits and a space is counted; any other runs to its LF or NUL.
pub fn frames(buf: &[u8], max: usize, mut frame: impl FnMut(&[u8])) -> Result<usize, Oversize> {
    let mut at = 0;
    while at < buf.len() {
        let rest = &buf[at..];
        // Blank separators between frames (a sender ending counted frames with LF).
        if matches!(rest[0], b'\n' | b'\r' | b'\0') {
            at += 1;
            continue;
        }
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if (1..=10).contains(&digits) {
            match rest.get(digits) {
                None => break,
                Some(b' ') => {
                    let len: usize = std::str::from_utf8(&rest[..digits])
                        .ok()
                        .and_then(|d| d.parse().ok())
                        .unwrap_or(usize::MAX);
                    if len > max {
                        return Err(Oversize);
                    }
                    let start = digits + 1;
                    if rest.len() < start + len {
                        break;
                    }
                    frame(&rest[start..start + len]);
                    at += start + len;
                    continue;
                }
                Some(_) => {}
            }
        }
        match rest.iter().position(|&b| b == b'\n' || b == b'\0') {
            Some(end) => {
                if end > max {
                    return Err(Oversize);
                }
                let msg = &rest[..end];
                frame(msg.strip_suffix(b"\r").unwrap_or(msg));
                at += end + 1;
            }
            None if rest.len() > max => return Err(Oversize),
            None => break,
        }
    }
    Ok(at)
}

async fn connection<S: tokio::io::AsyncRead + Unpin>(
    mut stream: S,
    from: SocketAddr,
    cfg: &IntakeConfig,
    q: &Queue,
) {
    let mut buf: Vec<u8> = Vec::with_capacity(16 * 1024);
    loop {
        let read = tokio::time::timeout(cfg.idle, stream.read_buf(&mut buf)).await;
        let n = match read {
            Err(_) => {
                q.c.idle_closed.fetch_add(1, Relaxed);
                return;
            }
            Ok(Err(_)) => return,
            Ok(Ok(n)) => n,
        };
        match frames(&buf, cfg.max_frame, |f| accept(q, from, f)) {
            Ok(used) => {
                buf.drain(..used);
            }
            Err(Oversize) => {
                q.c.oversize.fetch_add(1, Relaxed);
                return;
            }
        }
        if n == 0 {
            // The sender closed: a last message without its terminator still counts.
            if !buf.is_empty() {
                accept(q, from, &buf);
            }
            return;
        }
        // Room for the next read without reallocating for every frame.
        if buf.capacity() - buf.len() < 4096 {
            buf.reserve(16 * 1024);
        }
    }
}

/// How often the writer reloads the assets (edits reach every server copy within this).
const ASSETS_EVERY: Duration = Duration::from_secs(30);
/// Events a transaction writes at most.
const BATCH: usize = 5_000;

/// Writes what the listeners queue, in batches; raises the alerts of high events.
async fn writer(db: DatabaseConnection, mut rx: mpsc::Receiver<Incoming>, c: Arc<Counters>) {
    let mut matcher = super::assets::Matcher::default();
    let mut loaded: Option<tokio::time::Instant> = None;
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        if rx.recv_many(&mut batch, BATCH).await == 0 {
            return;
        }
        c.queued.fetch_sub(batch.len() as u64, Relaxed);
        if loaded.is_none_or(|t| t.elapsed() > ASSETS_EVERY) {
            match store::assets(&db).await {
                Ok(list) => {
                    matcher = super::assets::Matcher::new(&list);
                    loaded = Some(tokio::time::Instant::now());
                }
                Err(e) => tracing::warn!("syslog: cannot read the assets: {e}"),
            }
        }
        // The database may be away for a while: keep the batch and try again (new
        // messages meanwhile fill the queue and are dropped, counted).
        let mut pause = Duration::from_millis(200);
        loop {
            let started = std::time::Instant::now();
            match super::write(&db, &batch, &matcher).await {
                Ok(n) => {
                    tracing::debug!(
                        events = n,
                        ms = started.elapsed().as_millis() as u64,
                        "syslog: stored"
                    );
                    c.stored.fetch_add(n, Relaxed);
                    break;
                }
                Err(e) => {
                    tracing::warn!("syslog: cannot store {} events: {e}", batch.len());
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(10));
                }
            }
        }
        batch.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(buf: &[u8], max: usize) -> (Result<usize, Oversize>, Vec<String>) {
        let mut got = Vec::new();
        let r = frames(buf, max, |f| {
            got.push(String::from_utf8_lossy(f).into_owned())
        });
        (r, got)
    }

    #[test]
    fn both_framings_and_partial_frames() {
        let (r, got) = all(b"11 <13>1 - a b10 <13>hello\n<14>x\0<15>part", 100);
        assert_eq!(got, ["<13>1 - a b", "<13>hello\n", "<14>x"]);
        // The partial frame stays for the next read.
        assert_eq!(r, Ok(b"11 <13>1 - a b10 <13>hello\n<14>x\0".len()));
        // A count whose frame has not fully arrived.
        let (r, got) = all(b"20 <13>short", 100);
        assert_eq!((r, got.len()), (Ok(0), 0));
        // Digits without a space yet: wait.
        assert_eq!(all(b"123", 100).0, Ok(0));
        // A line that starts with digits but is not a count.
        let (_, got) = all(b"2024-06-01 disk full\n", 100);
        assert_eq!(got, ["2024-06-01 disk full"]);
        // CRLF endings.
        assert_eq!(all(b"<13>a\r\n", 100).1, ["<13>a"]);
    }

    #[test]
    fn oversize_frames_are_refused() {
        assert_eq!(all(b"1000000 <13>", 65_536).0, Err(Oversize));
        assert_eq!(all(&[b'a'; 200], 100).0, Err(Oversize));
        assert_eq!(all(&[b'a'; 99], 100).0, Ok(0));
    }
}
