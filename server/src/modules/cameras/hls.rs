//! HLS playlists rewritten so that every address in them points at the server: the URI
//! lines (segments, variant playlists) and the `URI="…"` attributes of the tags that carry
//! one (KEY, MAP, MEDIA, PART, PRELOAD-HINT, RENDITION-REPORT, I-FRAME-STREAM-INF,
//! SESSION-DATA, SESSION-KEY). Each is resolved against the playlist's own address and
//! handed to `seal`, which answers what the browser gets instead.

use reqwest::Url;

/// What an address in a playlist leads to: another playlist (fetched again and again by a
/// live player, so its sealed address must last) or media (a segment, a key, an init
/// section: fetched once, soon).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Playlist,
    Media,
}

/// Tags whose `URI` attribute names another playlist.
const PLAYLIST_TAGS: [&str; 3] = [
    "#EXT-X-MEDIA:",
    "#EXT-X-I-FRAME-STREAM-INF:",
    "#EXT-X-RENDITION-REPORT:",
];

/// Whether a body is an HLS playlist (RFC 8216 §4.3.1.1: it starts with `#EXTM3U`).
pub fn is_playlist(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    body.starts_with(b"#EXTM3U")
}

/// `playlist` with every address replaced by `seal(absolute address, what it is)`. An
/// address that does not resolve becomes `seal` of nothing (`None`): the caller answers
/// something that fails, never the original text. `data:` URIs stay (they fetch nothing).
pub fn rewrite(
    playlist: &str,
    base: &Url,
    mut seal: impl FnMut(Option<Url>, Target) -> String,
) -> String {
    let mut out = String::with_capacity(playlist.len() + playlist.len() / 2);
    // The line after EXT-X-STREAM-INF is a variant playlist.
    let mut variant_next = false;
    for raw in playlist.lines() {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() {
            out.push('\n');
            continue;
        }
        if trimmed.starts_with('#') {
            if trimmed.starts_with("#EXT-X-STREAM-INF:") {
                variant_next = true;
            }
            let kind = if PLAYLIST_TAGS.iter().any(|t| trimmed.starts_with(t)) {
                Target::Playlist
            } else {
                Target::Media
            };
            out.push_str(&rewrite_uri_attributes(trimmed, base, kind, &mut seal));
            out.push('\n');
            continue;
        }
        let kind = if std::mem::take(&mut variant_next) {
            Target::Playlist
        } else {
            Target::Media
        };
        out.push_str(&seal(base.join(trimmed).ok(), kind));
        out.push('\n');
    }
    out
}

/// A tag line with each `URI="…"` value sealed. Other quoted attributes are copied as
/// they are (a quoted value may contain commas, so the line is walked quote by quote).
fn rewrite_uri_attributes(
    line: &str,
    base: &Url,
    kind: Target,
    seal: &mut impl FnMut(Option<Url>, Target) -> String,
) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = find_uri_attribute(rest) {
        let value_start = at + "URI=\"".len();
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        out.push_str(&rest[..value_start]);
        if value.starts_with("data:") {
            out.push_str(value);
        } else {
            out.push_str(&seal(base.join(value).ok(), kind));
        }
        out.push('"');
        rest = &rest[value_start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Where the next `URI="` attribute starts in `s`: after the tag's colon or a comma, and
/// outside any quoted value (so `"…,URI=…"` inside another attribute is not taken).
fn find_uri_attribute(s: &str) -> Option<usize> {
    let mut quoted = false;
    let bytes = s.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b':' | b',' if !quoted && s[i + 1..].starts_with("URI=\"") => return Some(i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(p: &str) -> String {
        let base = Url::parse("http://cam.local:8080/live/cam1/index.m3u8?token=a").unwrap();
        rewrite(p, &base, |u, k| match u {
            Some(u) => format!("<{}{}>", if k == Target::Playlist { "P:" } else { "" }, u),
            None => "<none>".into(),
        })
    }

    #[test]
    fn media_playlist_segments_keys_and_maps() {
        let p = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:41\n\
                 #EXT-X-KEY:METHOD=AES-128,URI=\"key.bin\",IV=0x1\n#EXT-X-MAP:URI=\"init.mp4\",BYTERANGE=\"720@0\"\n\
                 #EXTINF:2.0,\nseg41.ts\n#EXTINF:2.0,\n/other/seg42.ts?x=1\n\
                 #EXT-X-PART:DURATION=0.5,URI=\"part43.0.ts\"\n\
                 #EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part43.1.ts\"\n\
                 #EXT-X-RENDITION-REPORT:URI=\"../cam2/index.m3u8\",LAST-MSN=43\n";
        let out = sealed(p);
        assert!(out.contains("#EXT-X-MEDIA-SEQUENCE:41\n"), "{out}");
        assert!(
            out.contains("URI=\"<http://cam.local:8080/live/cam1/key.bin>\",IV=0x1"),
            "{out}"
        );
        assert!(
            out.contains(
                "#EXT-X-MAP:URI=\"<http://cam.local:8080/live/cam1/init.mp4>\",BYTERANGE=\"720@0\""
            ),
            "{out}"
        );
        assert!(
            out.contains("\n<http://cam.local:8080/live/cam1/seg41.ts>\n"),
            "{out}"
        );
        assert!(
            out.contains("\n<http://cam.local:8080/other/seg42.ts?x=1>\n"),
            "{out}"
        );
        assert!(
            out.contains("URI=\"<http://cam.local:8080/live/cam1/part43.0.ts>\""),
            "{out}"
        );
        assert!(
            out.contains("URI=\"<http://cam.local:8080/live/cam1/part43.1.ts>\""),
            "{out}"
        );
        assert!(
            out.contains("URI=\"<P:http://cam.local:8080/live/cam2/index.m3u8>\",LAST-MSN=43"),
            "{out}"
        );
        // Nothing of the original addresses is left outside what was sealed.
        let outside: String = out
            .split('<')
            .map(|s| s.split_once('>').map_or(s, |x| x.1))
            .collect();
        assert!(
            !outside.contains("seg4") && !outside.contains(".bin"),
            "{outside}"
        );
    }

    #[test]
    fn master_playlist_variants_and_renditions() {
        let p = "#EXTM3U\r\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"Vi, chính\",URI=\"audio/vi.m3u8\"\r\n\
                 #EXT-X-STREAM-INF:BANDWIDTH=800000,CODECS=\"avc1.4d401f,mp4a.40.2\",AUDIO=\"a\"\r\n\
                 low/index.m3u8\r\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1000,URI=\"iframes.m3u8\"\r\n\
                 http://elsewhere.example/x.m3u8\r\n#EXT-X-SESSION-DATA:DATA-ID=\"x\",VALUE=\"a,URI=b\",LANGUAGE=\"vi\"\r\n";
        let out = sealed(p);
        assert!(
            out.contains(
                "NAME=\"Vi, chính\",URI=\"<P:http://cam.local:8080/live/cam1/audio/vi.m3u8>\""
            ),
            "{out}"
        );
        assert!(
            out.contains("\n<P:http://cam.local:8080/live/cam1/low/index.m3u8>\n"),
            "{out}"
        );
        assert!(
            out.contains("URI=\"<P:http://cam.local:8080/live/cam1/iframes.m3u8>\""),
            "{out}"
        );
        // A URI line not after STREAM-INF is media; another host is sealed all the same
        // (the proxy refuses it when asked).
        assert!(
            out.contains("\n<http://elsewhere.example/x.m3u8>\n"),
            "{out}"
        );
        // Inside another attribute's quotes, URI= is text.
        assert!(out.contains("VALUE=\"a,URI=b\",LANGUAGE"), "{out}");
        assert!(!out.contains('\r'));
    }

    #[test]
    fn data_uris_stay_and_playlists_are_recognised() {
        let out =
            sealed("#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"data:text/plain;base64,AAAA\"\n");
        assert!(out.contains("URI=\"data:text/plain;base64,AAAA\""), "{out}");
        assert!(is_playlist(b"\xEF\xBB\xBF#EXTM3U\n"));
        assert!(!is_playlist(b"\x47\x40\x11"));
    }
}
