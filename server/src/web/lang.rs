//! The language of what the server says in words (error messages): the request's
//! `Accept-Language`, Vietnamese unless English is preferred. The browser client gets both
//! languages in its typed errors and shows the one its user chose.

use app::i18n::Lang;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

tokio::task_local! {
    static LANG: Lang;
}

/// The language of the request being answered (Vietnamese outside a request).
pub fn current() -> Lang {
    LANG.try_with(|l| *l).unwrap_or_default()
}

/// Middleware: answers the request in the language it asks for.
pub async fn scope(req: Request, next: Next) -> Response {
    let lang = req
        .headers()
        .get(http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(from_accept_language)
        .unwrap_or_default();
    LANG.scope(lang, next.run(req)).await
}

/// The preferred of Vietnamese and English in an `Accept-Language` value (RFC 9110:
/// the highest weight wins, the first listed on a tie); Vietnamese when neither is listed.
pub fn from_accept_language(value: &str) -> Lang {
    let mut best: Option<(Lang, f32)> = None;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let primary = tag.split('-').next().unwrap_or_default();
        let Some(lang) = Lang::from_code(&primary.to_ascii_lowercase()) else {
            continue;
        };
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
            best = Some((lang, q));
        }
    }
    best.map(|(l, _)| l).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preferred_language_wins() {
        assert_eq!(from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(from_accept_language("vi-VN,vi;q=0.9,en;q=0.8"), Lang::Vi);
        assert_eq!(from_accept_language("en;q=0.5, vi;q=0.7"), Lang::Vi);
        assert_eq!(from_accept_language("fr, EN-gb;q=0.3"), Lang::En);
        assert_eq!(from_accept_language("en;q=0"), Lang::Vi);
        assert_eq!(from_accept_language("fr-FR, de"), Lang::Vi);
        assert_eq!(from_accept_language(""), Lang::Vi);
        assert_eq!(from_accept_language("*"), Lang::Vi);
    }
}
