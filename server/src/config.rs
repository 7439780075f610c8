//! Settings: defaults, then `IOC_*` environment variables, then command-line flags.

use std::path::PathBuf;
use std::time::Duration;

/// What the running server needs besides its database.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Trunk's output (index.html and hashed assets); `None` serves the API only.
    pub static_dir: Option<PathBuf>,
    pub session_ttl: Duration,
    /// Mark cookies `Secure`: set this when users reach the server over HTTPS.
    pub secure_cookies: bool,
    /// Map tile URL template, e.g. `https://tiles.example.vn/{z}/{x}/{y}.png`.
    pub tile_url: Option<String>,
    pub tile_attribution: Option<String>,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Take the client's address from `X-Forwarded-For` (set only behind a proxy that
    /// writes it; otherwise clients could claim any address).
    pub trust_proxy: bool,
    /// Citizen reports one client may file per hour.
    pub reports_per_hour: u32,
    /// The URL the public reaches the server at (links in DCAT and CKAN answers); when
    /// unset, taken from each request's Host.
    pub public_url: Option<String>,
    /// Hosts (`host[:port]`, lower case) a request's Host may name for links to be built
    /// from it; otherwise links use the first of them (or `localhost`).
    pub allowed_hosts: Vec<String>,
    /// Requests per minute one client may make to the public read APIs (0: no limit).
    pub api_per_minute: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            static_dir: None,
            session_ttl: Duration::from_secs(8 * 3600),
            secure_cookies: false,
            tile_url: None,
            tile_attribution: None,
            body_limit: 16 * 1024 * 1024,
            trust_proxy: false,
            reports_per_hour: 10,
            public_url: None,
            allowed_hosts: Vec::new(),
            api_per_minute: 600,
        }
    }
}

impl Settings {
    /// The origin of the tile server, for the Content-Security-Policy.
    pub fn tile_origin(&self) -> Option<String> {
        let url = self.tile_url.as_deref()?;
        let (scheme, rest) = url.split_once("://")?;
        let host = rest.split('/').next()?;
        // Leaflet's {s} subdomain placeholder becomes a wildcard.
        let host = host.replace("{s}", "*");
        Some(format!("{scheme}://{host}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_origin_keeps_scheme_and_host() {
        let s = Settings {
            tile_url: Some("https://{s}.tile.example.vn/{z}/{x}/{y}.png".into()),
            ..Settings::default()
        };
        assert_eq!(
            s.tile_origin().as_deref(),
            Some("https://*.tile.example.vn")
        );
        assert_eq!(Settings::default().tile_origin(), None);
    }
}
