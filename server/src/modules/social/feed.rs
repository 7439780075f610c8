//! Reading a feed: RSS 2.0 (and 0.9x, 1.0/RDF), Atom 1.0, and JSON Feed 1.x, into items.
//! Only what the module keeps is read: id, link, title, text, author, time. HTML in
//! descriptions is reduced to its text.

use serde::Deserialize;

/// One entry of a feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The entry's id (guid, id), else its link.
    pub guid: String,
    pub url: String,
    pub title: String,
    pub text: String,
    pub author: Option<String>,
    /// Microseconds since 1970; None when the feed gives no (readable) time.
    pub published_at: Option<i64>,
}

/// What a body is, and its entries; the error says why it is not a feed.
pub fn parse(body: &[u8]) -> Result<Vec<Item>, String> {
    let text = std::str::from_utf8(body).map_err(|_| "not UTF-8".to_string())?;
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return json_feed(trimmed);
    }
    let doc = roxmltree::Document::parse_with_options(
        trimmed,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .map_err(|e| format!("not XML: {e}"))?;
    let root = doc.root_element();
    match root.tag_name().name() {
        "rss" | "RDF" => Ok(rss(root)),
        "feed" => Ok(atom(root)),
        other => Err(format!("not a feed: the document is <{other}>")),
    }
}

fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn text_of(node: Option<roxmltree::Node>) -> String {
    node.map(|n| {
        n.descendants()
            .filter(|d| d.is_text())
            .filter_map(|d| d.text())
            .collect::<String>()
    })
    .unwrap_or_default()
    .trim()
    .to_string()
}

fn rss(root: roxmltree::Node) -> Vec<Item> {
    root.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "item")
        .map(|item| {
            let url = text_of(child(item, "link"));
            let guid = Some(text_of(child(item, "guid")))
                .filter(|g| !g.is_empty())
                .or_else(|| {
                    item.attribute(("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "about"))
                        .map(str::to_string)
                })
                .unwrap_or_else(|| url.clone());
            let body = Some(text_of(child(item, "description")))
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| text_of(child(item, "encoded")));
            let author = [child(item, "creator"), child(item, "author")]
                .into_iter()
                .map(text_of)
                .find(|a| !a.is_empty());
            let date = [child(item, "pubDate"), child(item, "date")]
                .into_iter()
                .map(text_of)
                .find(|d| !d.is_empty());
            Item {
                guid,
                url,
                title: strip_html(&text_of(child(item, "title"))),
                text: strip_html(&body),
                author,
                published_at: date.as_deref().and_then(time),
            }
        })
        .collect()
}

fn atom(root: roxmltree::Node) -> Vec<Item> {
    root.children()
        .filter(|n| n.is_element() && n.tag_name().name() == "entry")
        .map(|entry| {
            let links: Vec<_> = entry
                .children()
                .filter(|c| c.is_element() && c.tag_name().name() == "link")
                .collect();
            let url = links
                .iter()
                .find(|l| l.attribute("rel").is_none_or(|r| r == "alternate"))
                .or(links.first())
                .and_then(|l| l.attribute("href"))
                .unwrap_or_default()
                .to_string();
            let id = text_of(child(entry, "id"));
            let body = Some(text_of(child(entry, "content")))
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| text_of(child(entry, "summary")));
            let date = [child(entry, "published"), child(entry, "updated")]
                .into_iter()
                .map(text_of)
                .find(|d| !d.is_empty());
            Item {
                guid: if id.is_empty() { url.clone() } else { id },
                url,
                title: strip_html(&text_of(child(entry, "title"))),
                text: strip_html(&body),
                author: child(entry, "author")
                    .map(|a| text_of(child(a, "name")))
                    .filter(|a| !a.is_empty()),
                published_at: date.as_deref().and_then(time),
            }
        })
        .collect()
}

#[derive(Deserialize)]
struct JsonFeed {
    version: Option<String>,
    #[serde(default)]
    items: Vec<JsonItem>,
}

#[derive(Deserialize)]
struct JsonAuthor {
    name: Option<String>,
}

#[derive(Deserialize)]
struct JsonItem {
    id: Option<serde_json::Value>,
    url: Option<String>,
    external_url: Option<String>,
    title: Option<String>,
    content_text: Option<String>,
    content_html: Option<String>,
    summary: Option<String>,
    date_published: Option<String>,
    date_modified: Option<String>,
    author: Option<JsonAuthor>,
    #[serde(default)]
    authors: Vec<JsonAuthor>,
}

fn json_feed(text: &str) -> Result<Vec<Item>, String> {
    let feed: JsonFeed = serde_json::from_str(text).map_err(|e| format!("not a JSON Feed: {e}"))?;
    if !feed
        .version
        .as_deref()
        .is_some_and(|v| v.starts_with("https://jsonfeed.org/version/"))
    {
        return Err("not a JSON Feed: no https://jsonfeed.org/version/… in `version`".into());
    }
    Ok(feed
        .items
        .into_iter()
        .map(|i| {
            let url = i.url.or(i.external_url).unwrap_or_default();
            let guid = match i.id {
                Some(serde_json::Value::String(s)) if !s.is_empty() => s,
                Some(serde_json::Value::Number(n)) => n.to_string(),
                _ => url.clone(),
            };
            let body = i
                .content_text
                .or_else(|| i.content_html.map(|h| strip_html(&h)))
                .or(i.summary)
                .unwrap_or_default();
            Item {
                guid,
                url,
                title: i.title.unwrap_or_default().trim().to_string(),
                text: body.trim().to_string(),
                author: i.authors.into_iter().chain(i.author).find_map(|a| a.name),
                published_at: i
                    .date_published
                    .or(i.date_modified)
                    .as_deref()
                    .and_then(time),
            }
        })
        .collect())
}

/// A feed's time: RFC 3339 (Atom, JSON Feed, Dublin Core) or RFC 2822 (RSS).
fn time(s: &str) -> Option<i64> {
    let s = s.trim();
    chrono::DateTime::parse_from_rfc3339(s)
        .or_else(|_| chrono::DateTime::parse_from_rfc2822(s))
        .ok()
        .map(|t| t.timestamp_micros())
}

/// The text of an HTML fragment: tags dropped, the common entities decoded, spaces
/// collapsed.
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_atom_and_json_feed() {
        let rss = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Báo</title>
<item><title>Vũng Tàu ngập</title><link>https://b.vn/1</link><guid isPermaLink="false">b-1</guid>
<description><![CDATA[<p>Mưa lớn &amp; <b>triều cường</b></p>]]></description>
<pubDate>Wed, 04 Dec 2024 08:00:00 +0700</pubDate><dc:creator>PV</dc:creator></item>
<item><title>Không ngày</title><link>https://b.vn/2</link></item></channel></rss>"#;
        let items = parse(rss.as_bytes()).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].guid, "b-1");
        assert_eq!(items[0].text, "Mưa lớn & triều cường");
        assert_eq!(items[0].author.as_deref(), Some("PV"));
        assert_eq!(
            items[0].published_at,
            Some(
                chrono::DateTime::parse_from_rfc3339("2024-12-04T01:00:00Z")
                    .unwrap()
                    .timestamp_micros()
            )
        );
        assert_eq!(items[1].guid, "https://b.vn/2");
        assert_eq!(items[1].published_at, None);

        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Cổng</title>
<entry><title type="html">Lễ hội</title><link rel="alternate" href="https://c.vn/e1"/>
<id>tag:c.vn,2024:1</id><updated>2024-12-04T02:00:00Z</updated>
<summary>Vui tươi</summary><author><name>Cổng TTĐT</name></author></entry></feed>"#;
        let items = parse(atom.as_bytes()).unwrap();
        assert_eq!(items[0].url, "https://c.vn/e1");
        assert_eq!(items[0].guid, "tag:c.vn,2024:1");
        assert_eq!(items[0].author.as_deref(), Some("Cổng TTĐT"));

        let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "x",
          "items": [{"id": 7, "url": "https://j.vn/7", "content_html": "<p>Cá chết</p>",
                     "date_published": "2024-12-04T03:00:00+07:00", "authors": [{"name": "A"}]}]}"#;
        let items = parse(json.as_bytes()).unwrap();
        assert_eq!(
            (items[0].guid.as_str(), items[0].text.as_str()),
            ("7", "Cá chết")
        );
        assert_eq!(items[0].author.as_deref(), Some("A"));
    }

    #[test]
    fn what_is_not_a_feed_says_so() {
        assert!(parse(b"<html><body>hi</body></html>")
            .unwrap_err()
            .contains("<html>"));
        assert!(parse(b"<rss><channel><item>")
            .unwrap_err()
            .starts_with("not XML"));
        assert!(parse(br#"{"items": []}"#)
            .unwrap_err()
            .contains("JSON Feed"));
        assert!(parse(&[0xff, 0xfe]).unwrap_err().contains("UTF-8"));
    }
}
