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
    /// The URL the public reaches the server at (links in DCAT and CKAN answers); when
    /// unset, taken from each request's Host.
    pub public_url: Option<String>,
    /// Hosts (`host[:port]`, lower case) a request's Host may name for links to be built
    /// from it; otherwise links use the first of them (or `localhost`).
    pub allowed_hosts: Vec<String>,
    /// Requests per client per route group (`web::limits`): sign-in, public reads, public
    /// writes, uploads.
    pub limits: crate::web::limits::Quotas,
    /// `serve --demo`: the demo province is loaded, and modules keep its demo sources alive
    /// (without it, nothing is invented).
    pub demo: bool,
    /// Each module's own settings, by type (from its flags; see `ServerModule::configure`).
    pub modules: http::Extensions,
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
            public_url: None,
            allowed_hosts: Vec::new(),
            limits: crate::web::limits::Quotas::default(),
            demo: false,
            modules: http::Extensions::new(),
        }
    }
}

impl Settings {
    /// A module's settings: what its flags set, else its defaults.
    pub fn module<T: Clone + Default + Send + Sync + 'static>(&self) -> T {
        self.modules.get::<T>().cloned().unwrap_or_default()
    }

    /// Sets a module's settings (its `configure`, or a test).
    pub fn with_module<T: Clone + Send + Sync + 'static>(mut self, value: T) -> Self {
        self.modules.insert(value);
        self
    }

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

/// This machine's name (for default identities such as the MQTT client id).
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "server".into())
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
