//! The Trunk output: hashed assets with long caching and precompressed variants,
//! `index.html` for every app route.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use http::header::{HeaderValue, CACHE_CONTROL};
use sha2::{Digest, Sha256};
use std::path::Path;

/// `index.html`, read once at start, with the hashes of its inline scripts for the CSP, and
/// its copies for the public pages the server draws a first screen of.
#[derive(Debug, Clone)]
pub struct IndexPage {
    pub html: String,
    pub script_hashes: Vec<String>,
    /// Path → `index.html` with that page's first screen in its body
    /// ([`app::modules::prepaint`]).
    prepainted: std::collections::HashMap<&'static str, String>,
}

impl IndexPage {
    pub fn load(dir: &Path) -> anyhow::Result<IndexPage> {
        let path = dir.join("index.html");
        let html = std::fs::read_to_string(&path).map_err(|e| {
            anyhow::anyhow!(
                "cannot read {}: {e} (build the frontend first)",
                path.display()
            )
        })?;
        Ok(Self::from_html(html))
    }

    pub fn from_html(html: String) -> IndexPage {
        let script_hashes = inline_scripts(&html)
            .into_iter()
            .map(|s| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes())))
            .collect();
        let prepainted = app::modules::prepaint()
            .into_iter()
            .filter_map(|(path, body)| {
                let at = html.find("<body>")? + "<body>".len();
                Some((path, format!("{}{body}{}", &html[..at], &html[at..])))
            })
            .collect();
        IndexPage {
            html,
            script_hashes,
            prepainted,
        }
    }

    /// The page to send for an app route.
    pub fn for_path(&self, path: &str) -> &str {
        self.prepainted.get(path).unwrap_or(&self.html)
    }
}

/// The bodies of `<script>` elements without `src`.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_start = tag_end + 1;
        let Some(close) = after[body_start..].find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            out.push(&after[body_start..body_start + close]);
        }
        rest = &after[body_start + close + "</script>".len()..];
    }
    out
}

/// True for Trunk's content-hashed file names, e.g. `frontend-3f2a…9c_bg.wasm`. Trunk
/// writes its 64-bit hashes without leading zeros: one build in sixteen has 15 digits,
/// and fewer than ten happens once in sixteen million.
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.split(['-', '_', '.'])
        .any(|part| (10..=16).contains(&part.len()) && part.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Cache headers by kind of file: hashed assets forever, everything else revalidated.
pub async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    if res.headers().contains_key(CACHE_CONTROL) || path.starts_with("/api/") {
        return res;
    }
    let value = if res.status().is_success() && is_hashed_asset(&path) {
        "public, max-age=31536000, immutable"
    } else if res.status().is_success() && path.starts_with("/leaflet/") {
        "public, max-age=86400"
    } else {
        "no-cache"
    };
    res.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

/// The app's page for client-side routes (GET and HEAD); 404 for missing files and unknown
/// API paths.
pub async fn spa_fallback(State(state): State<AppState>, req: Request) -> Response {
    let path = req.uri().path();
    let looks_like_file = path.rsplit('/').next().is_some_and(|n| n.contains('.'));
    // HEAD answers as GET does (link checkers and monitors ask with it); the server sends
    // the headers only.
    let readable = matches!(*req.method(), http::Method::GET | http::Method::HEAD);
    if path.starts_with("/api/") || looks_like_file || !readable {
        return crate::web::ApiError(app::error::AppError::NotFound(path.to_string()))
            .into_response();
    }
    match state.index.as_ref() {
        Some(index) => Html(index.for_path(path).to_string()).into_response(),
        None => (
            http::StatusCode::SERVICE_UNAVAILABLE,
            "The frontend is not built: run ./x build, or pass --static-dir.",
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_only() {
        let html = r#"<script src="/a.js"></script><script type="module">import x;</script>"#;
        assert_eq!(inline_scripts(html), vec!["import x;"]);
        let page = IndexPage::from_html(html.to_string());
        assert_eq!(page.script_hashes.len(), 1);
    }

    #[test]
    fn public_pages_get_their_first_screen() {
        let page = IndexPage::from_html("<html><body><noscript>x</noscript></body></html>".into());
        let report = page.for_path("/report");
        assert!(
            report.starts_with(r#"<html><body><div id="prepaint">"#),
            "{report}"
        );
        assert!(report.contains("Gửi phản ánh, kiến nghị") && report.contains("Report an issue"));
        assert!(page.for_path("/open-data").contains("Cổng dữ liệu mở"));
        // Officials' pages and pages with a parameter get the plain page.
        assert_eq!(page.for_path("/environment"), page.html);
        assert_eq!(page.for_path("/report/PA-1"), page.html);
    }

    #[test]
    fn recognises_hashed_assets() {
        assert!(is_hashed_asset("/frontend-9f1c2b3a4d5e6f70_bg.wasm"));
        assert!(is_hashed_asset("/main-0123456789abcdef.css"));
        // A hash that began with a zero.
        assert!(is_hashed_asset("/fdfeb77271fe519-pack-public_report.bin"));
        assert!(is_hashed_asset("/frontend-fdfeb77271fe519.js"));
        assert!(!is_hashed_asset("/favicon.ico"));
        assert!(!is_hashed_asset("/leaflet/leaflet.js"));
    }
}
