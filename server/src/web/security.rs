//! Security headers on every response, with a Content-Security-Policy that allows only
//! our own origin, wasm, and Trunk's inline loader by its hash.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header::{HeaderName, HeaderValue};

pub fn content_security_policy(script_hashes: &[String], tile_origin: Option<&str>) -> String {
    let hashes: String = script_hashes
        .iter()
        .map(|h| format!(" 'sha256-{h}'"))
        .collect();
    let tiles = tile_origin.map(|o| format!(" {o}")).unwrap_or_default();
    // blob: shows a citizen's photos from the device before the report is sent, and is
    // where Media Source Extensions put a camera's live video (hls.js).
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:{tiles}; \
         media-src 'self' blob:; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

pub async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // An answer to someone signed in (cookie) or a machine (key) is theirs alone: no
    // shared cache may keep it, and the browser does not store it.
    // Static files (the same for everyone) stay cacheable.
    let path = req.uri().path();
    let dynamic = ["/api/", "/open311/", "/download/", "/catalog.", "/dataset/"]
        .iter()
        .any(|p| path.starts_with(p));
    let personal = dynamic
        && (req.headers().contains_key(http::header::AUTHORIZATION)
            || app::ssr::cookie(req.headers(), app::ssr::SESSION_COOKIE)
                .is_some_and(|c| !c.is_empty()));
    let mut res = next.run(req).await;
    if personal {
        res.headers_mut().insert(
            http::header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        );
    }
    let hashes = state
        .index
        .as_ref()
        .as_ref()
        .map(|i| i.script_hashes.as_slice())
        .unwrap_or(&[]);
    let csp = content_security_policy(hashes, state.settings.tile_origin().as_deref());
    let h = res.headers_mut();
    // A route that set its own (stricter) policy keeps it: photos are never documents.
    if !h.contains_key(http::header::CONTENT_SECURITY_POLICY) {
        if let Ok(v) = HeaderValue::from_str(&csp) {
            h.insert(http::header::CONTENT_SECURITY_POLICY, v);
        }
    }
    h.insert(
        http::header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        http::header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        http::header::X_FRAME_OPTIONS,
        HeaderValue::from_static("DENY"),
    );
    h.insert(
        HeaderName::from_static("permissions-policy"),
        // The app's own pages may ask for the position ("use my location" on /report).
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(self)"),
    );
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn csp_allows_only_self_wasm_and_hashed_inline_scripts() {
        let csp = super::content_security_policy(&["abc=".into()], None);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='"));
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"));
        assert!(csp.contains("frame-ancestors 'none'"));
    }
}
