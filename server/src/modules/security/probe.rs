//! One check of a monitor: an HTTP(S) request (status codes, keyword) or a TCP connection,
//! timed, within its timeout. For HTTPS the site's certificate is read from the handshake
//! even when it is expired or self-signed: the handshake goes on, the verdict of the usual
//! verification (webpki, Mozilla's roots and the configured CA) is kept beside it.

use super::cert::{self, CertFacts};
use http_body_util::BodyExt as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use tokio_rustls::rustls;

/// Where a monitor points: `http://`, `https://` or `tcp://host:port`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub scheme: Scheme,
    pub host: String,
    pub port: u16,
    /// Path and query (HTTP).
    pub path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
    Tcp,
}

/// Reads a monitor's address; the error says what is wrong with it.
pub fn target(url: &str) -> Result<Target, &'static str> {
    let uri: http::Uri = url
        .trim()
        .parse()
        .map_err(|_| "not an address (https://…, http://… or tcp://host:port)")?;
    let scheme = match uri.scheme_str() {
        Some("http") => Scheme::Http,
        Some("https") => Scheme::Https,
        Some("tcp") => Scheme::Tcp,
        _ => return Err("must start with http://, https:// or tcp://"),
    };
    let host = uri
        .host()
        .filter(|h| !h.is_empty())
        .ok_or("names no host")?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
        return Err("must not carry a user name or password");
    }
    let port = match (uri.port_u16(), scheme) {
        (Some(p), _) => p,
        (None, Scheme::Http) => 80,
        (None, Scheme::Https) => 443,
        (None, Scheme::Tcp) => return Err("tcp:// needs a port (tcp://host:port)"),
    };
    let path = uri.path_and_query().map_or("/", |p| p.as_str()).to_owned();
    Ok(Target {
        scheme,
        host,
        port,
        path: if path.is_empty() { "/".into() } else { path },
    })
}

/// What a check needs besides the address.
#[derive(Debug, Clone)]
pub struct Probe {
    pub timeout: Duration,
    /// Accepted HTTP status ranges, inclusive.
    pub accepted: Vec<(u16, u16)>,
    pub keyword: Option<String>,
    /// Accept a certificate that does not verify (its expiry is still read).
    pub ignore_tls: bool,
    /// A PEM file of extra trusted CAs (the province's own), beside Mozilla's roots.
    pub extra_ca: Option<PathBuf>,
}

/// The certificate seen during a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenCert {
    pub facts: CertFacts,
    /// Why it does not verify; None when it does.
    pub error: Option<String>,
}

/// A check's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub ok: bool,
    /// Milliseconds to the answer (or to the failure).
    pub ms: u32,
    pub status: Option<u16>,
    /// Why it failed, for people.
    pub error: Option<String>,
    pub cert: Option<SeenCert>,
}

/// The most of a body read to look for a keyword.
const MAX_BODY: usize = 1 << 20;
const MAX_REDIRECTS: usize = 5;

/// Runs one check within its timeout.
pub async fn check(url: &str, p: &Probe) -> Outcome {
    let start = Instant::now();
    let mut seen = None;
    let res = tokio::time::timeout(p.timeout, run(url, p, &mut seen)).await;
    let ms = u32::try_from(start.elapsed().as_millis()).unwrap_or(u32::MAX);
    let (ok, status, error) = match res {
        Ok(Ok(status)) => (true, status, None),
        Ok(Err((status, why))) => (false, status, Some(why)),
        Err(_) => (
            false,
            None,
            Some(format!("no answer within {} s", p.timeout.as_secs_f32())),
        ),
    };
    Outcome {
        ok,
        ms,
        status,
        error,
        cert: seen,
    }
}

type Failure = (Option<u16>, String);

async fn run(url: &str, p: &Probe, seen: &mut Option<SeenCert>) -> Result<Option<u16>, Failure> {
    let fail = |why: String| (None, why);
    let mut t = target(url).map_err(|e| fail(e.to_owned()))?;
    for _ in 0..=MAX_REDIRECTS {
        let tcp = tokio::net::TcpStream::connect((t.host.as_str(), t.port))
            .await
            .map_err(|e| fail(format!("cannot connect to {}:{}: {e}", t.host, t.port)))?;
        tcp.set_nodelay(true).ok();
        let answer = match t.scheme {
            Scheme::Tcp => return Ok(None),
            Scheme::Http => request(tcp, &t, p).await?,
            Scheme::Https => {
                let (stream, cert) = handshake(tcp, &t.host, p).await?;
                // The first site's certificate is the monitor's (a redirect elsewhere
                // does not replace it).
                let first = seen.is_none();
                if first {
                    *seen = cert.clone();
                }
                if let Some(err) = cert.as_ref().and_then(|c| c.error.as_ref()) {
                    if !p.ignore_tls {
                        return Err(fail(format!("certificate not trusted: {err}")));
                    }
                }
                request(stream, &t, p).await?
            }
        };
        match answer {
            Answer::Done(status) => return Ok(Some(status)),
            Answer::Redirect(location) => t = follow(&t, &location).map_err(fail)?,
        }
    }
    Err(fail(format!("more than {MAX_REDIRECTS} redirects")))
}

enum Answer {
    Done(u16),
    Redirect(String),
}

/// The next address of a redirect (absolute, or relative to the current one).
fn follow(from: &Target, location: &str) -> Result<Target, String> {
    if location.contains("://") {
        let t = target(location).map_err(|e| format!("redirect to {location}: {e}"))?;
        if t.scheme == Scheme::Tcp {
            return Err(format!("redirect to {location}"));
        }
        return Ok(t);
    }
    let path = if location.starts_with('/') {
        location.to_owned()
    } else {
        let dir = from.path.split('?').next().unwrap_or("/");
        let dir = &dir[..dir.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{location}")
    };
    Ok(Target {
        path,
        ..from.clone()
    })
}

async fn request<S>(io: S, t: &Target, p: &Probe) -> Result<Answer, Failure>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let fail = |why: String| (None, why);
    let (mut send, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(io))
        .await
        .map_err(|e| fail(format!("HTTP: {e}")))?;
    let driver = tokio::spawn(async move {
        let _ = conn.await;
    });
    let default_port = if t.scheme == Scheme::Https { 443 } else { 80 };
    let host = if t.host.contains(':') {
        format!("[{}]", t.host)
    } else {
        t.host.clone()
    };
    let authority = if t.port == default_port {
        host
    } else {
        format!("{host}:{}", t.port)
    };
    let req = http::Request::get(t.path.as_str())
        .header(http::header::HOST, authority)
        .header(http::header::USER_AGENT, "IOC-uptime/1.0")
        .header(http::header::ACCEPT, "*/*")
        .header(http::header::CONNECTION, "close")
        .body(http_body_util::Empty::<bytes::Bytes>::new())
        .map_err(|e| fail(format!("request: {e}")))?;
    let resp = send
        .send_request(req)
        .await
        .map_err(|e| fail(format!("HTTP: {e}")))?;
    let status = resp.status().as_u16();
    if resp.status().is_redirection() {
        if let Some(loc) = resp
            .headers()
            .get(http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
        {
            driver.abort();
            return Ok(Answer::Redirect(loc.to_owned()));
        }
    }
    if !p
        .accepted
        .iter()
        .any(|(lo, hi)| (*lo..=*hi).contains(&status))
    {
        driver.abort();
        return Err((Some(status), format!("status {status} not accepted")));
    }
    if let Some(word) = p.keyword.as_deref() {
        let mut body = resp.into_body();
        let mut text: Vec<u8> = Vec::new();
        let mut found = false;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| (Some(status), format!("reading the page: {e}")))?;
            if let Ok(data) = frame.into_data() {
                text.extend_from_slice(&data);
                if memfind(&text, word.as_bytes()) {
                    found = true;
                    break;
                }
                if text.len() > MAX_BODY {
                    break;
                }
            }
        }
        driver.abort();
        if !found {
            return Err((Some(status), format!("keyword “{word}” not on the page")));
        }
    } else {
        driver.abort();
    }
    Ok(Answer::Done(status))
}

fn memfind(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

/// A TLS handshake that goes on whatever the certificate, recording it.
async fn handshake(
    tcp: tokio::net::TcpStream,
    host: &str,
    p: &Probe,
) -> Result<
    (
        tokio_rustls::client::TlsStream<tokio::net::TcpStream>,
        Option<SeenCert>,
    ),
    Failure,
> {
    let fail = |why: String| (None, why);
    let roots = roots(p.extra_ca.as_deref()).map_err(fail)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let inner =
        rustls::client::WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
            .build()
            .map_err(|e| fail(format!("TLS: {e}")))?;
    let recorder = Arc::new(Recorder {
        inner,
        seen: Mutex::new(None),
    });
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| fail(format!("TLS: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    // Every check sees the certificate: no resumed sessions.
    config.resumption = rustls::client::Resumption::disabled();
    let name = rustls::pki_types::ServerName::try_from(host.to_owned())
        .map_err(|_| fail(format!("not a host name: {host}")))?;
    let connected = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await;
    let seen = recorder
        .seen
        .lock()
        .ok()
        .and_then(|mut s| s.take())
        .and_then(|(der, error)| cert::facts(&der).map(|facts| SeenCert { facts, error }));
    match connected {
        Ok(s) => Ok((s, seen)),
        Err(e) => Err(fail(format!("TLS handshake: {e}"))),
    }
}

/// Mozilla's roots, and the extra CA file when one is configured (read once per path).
fn roots(extra: Option<&Path>) -> Result<Arc<rustls::RootCertStore>, String> {
    type Roots = Vec<(Option<PathBuf>, Arc<rustls::RootCertStore>)>;
    static CACHE: OnceLock<Mutex<Roots>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(Vec::new()));
    let key = extra.map(Path::to_path_buf);
    if let Some((_, r)) = cache
        .lock()
        .map_err(|_| "roots".to_owned())?
        .iter()
        .find(|(k, _)| *k == key)
    {
        return Ok(r.clone());
    }
    let mut store = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(path) = extra {
        use rustls::pki_types::pem::PemObject;
        let certs = rustls::pki_types::CertificateDer::pem_file_iter(path)
            .map_err(|e| format!("cannot read the CA file {}: {e}", path.display()))?;
        for c in certs {
            let c = c.map_err(|e| format!("the CA file {}: {e}", path.display()))?;
            store
                .add(c)
                .map_err(|e| format!("the CA file {}: {e}", path.display()))?;
        }
    }
    let store = Arc::new(store);
    if let Ok(mut c) = cache.lock() {
        c.push((key, store.clone()));
    }
    Ok(store)
}

/// Verifies as webpki does, keeps the verdict and the certificate, and lets the handshake
/// finish either way (the handshake's own signatures are still checked).
#[derive(Debug)]
struct Recorder {
    inner: Arc<rustls::client::WebPkiServerVerifier>,
    seen: Mutex<Option<(Vec<u8>, Option<String>)>>,
}

impl rustls::client::danger::ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        let verdict = self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
            .err()
            .map(|e| describe(&e));
        if let Ok(mut s) = self.seen.lock() {
            *s = Some((end_entity.to_vec(), verdict));
        }
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// A verification failure in words an operator knows.
fn describe(e: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            C::Expired | C::ExpiredContext { .. } => "expired".into(),
            C::NotValidYet | C::NotValidYetContext { .. } => "not valid yet".into(),
            C::UnknownIssuer => "issuer not trusted (self-signed or private CA)".into(),
            C::NotValidForName | C::NotValidForNameContext { .. } => {
                "not issued for this host name".into()
            }
            C::Revoked => "revoked".into(),
            other => format!("{other:?}"),
        },
        other => other.to_string(),
    }
}

/// `200-299`, `301` → inclusive ranges; the error names the bad entry.
pub fn accepted(list: &[String]) -> Result<Vec<(u16, u16)>, String> {
    let code = |s: &str| {
        s.trim()
            .parse::<u16>()
            .ok()
            .filter(|c| (100..=599).contains(c))
    };
    list.iter()
        .map(|e| {
            let r = match e.split_once('-') {
                Some((a, b)) => code(a).zip(code(b)).filter(|(a, b)| a <= b),
                None => code(e).map(|c| (c, c)),
            };
            r.ok_or_else(|| format!("“{e}” is not a status code (100–599) or a range (200-299)"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_addresses() {
        let t = target("https://dichvucong.baria-vungtau.gov.vn/portal?x=1").unwrap();
        assert_eq!(
            (t.scheme, t.host.as_str(), t.port, t.path.as_str()),
            (
                Scheme::Https,
                "dichvucong.baria-vungtau.gov.vn",
                443,
                "/portal?x=1"
            )
        );
        let t = target("tcp://10.0.0.5:3389").unwrap();
        assert_eq!((t.scheme, t.port), (Scheme::Tcp, 3389));
        let t = target("http://[::1]:8080").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path.as_str()),
            ("::1", 8080, "/")
        );
        assert!(target("tcp://10.0.0.5").is_err());
        assert!(target("ftp://x").is_err());
        assert!(target("https://user:pw@x").is_err());
        assert!(target("not a url").is_err());
    }

    #[test]
    fn follows_relative_redirects() {
        let t = target("http://a.vn/x/y?z").unwrap();
        assert_eq!(follow(&t, "/login").unwrap().path, "/login");
        assert_eq!(follow(&t, "w").unwrap().path, "/x/w");
        let u = follow(&t, "https://b.vn/").unwrap();
        assert_eq!((u.scheme, u.host.as_str()), (Scheme::Https, "b.vn"));
        assert!(follow(&t, "tcp://b.vn:1").is_err());
    }

    #[test]
    fn reads_accepted_codes() {
        assert_eq!(
            accepted(&["200-299".into(), "301".into()]).unwrap(),
            vec![(200, 299), (301, 301)]
        );
        assert!(accepted(&["299-200".into()]).is_err());
        assert!(accepted(&["abc".into()]).is_err());
        assert!(accepted(&["700".into()]).is_err());
    }
}
