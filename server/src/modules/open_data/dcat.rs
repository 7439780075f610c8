//! DCAT-AP 3.0 metadata: the catalogue at `/catalog.jsonld|ttl` and one dataset at
//! `/dataset/{code}.jsonld|ttl`. One small graph model is written out both ways, so
//! the two serialisations always say the same thing.

use super::catalogue::{self, Package};
use super::ckan;
use super::{base_url, OpenData};
use crate::state::AppState;
use crate::web::ApiError;
use app::error::AppError;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

const PREFIXES: [(&str, &str); 9] = [
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("adms", "http://www.w3.org/ns/adms#"),
    ("dcatap", "http://data.europa.eu/r5r/"),
];

const EU: &str = "http://publications.europa.eu/resource/authority";

/// An RDF object.
enum Obj {
    Iri(String),
    /// Text with a language tag.
    Lang(String, &'static str),
    /// A plain string.
    Str(String),
    /// A typed literal: value, datatype as a prefixed name.
    Typed(String, &'static str),
    /// A blank node written inline.
    Node(Node),
}

/// A subject (an IRI, or blank when `None`) with its types and properties.
struct Node {
    id: Option<String>,
    types: Vec<&'static str>,
    props: Vec<(&'static str, Obj)>,
}

impl Node {
    fn new(id: Option<String>, types: &[&'static str]) -> Self {
        Self {
            id,
            types: types.to_vec(),
            props: Vec::new(),
        }
    }

    fn add(&mut self, p: &'static str, o: Obj) -> &mut Self {
        self.props.push((p, o));
        self
    }
}

fn iri(s: impl Into<String>) -> Obj {
    Obj::Iri(s.into())
}

fn frequency_iri(f: &str) -> String {
    let code = match f {
        "daily" => "DAILY",
        "weekly" => "WEEKLY",
        "monthly" => "MONTHLY",
        "quarterly" => "QUARTERLY",
        "yearly" => "ANNUAL",
        _ => "UNKNOWN",
    };
    format!("{EU}/frequency/{code}")
}

fn format_iri(f: &str) -> String {
    format!("{EU}/file-type/{}", f.to_uppercase())
}

/// Whether a character may stand in an IRI as it is (RFC 3987, and Turtle's IRIREF).
fn iri_char(c: char) -> bool {
    !c.is_control() && !c.is_whitespace() && !"<>\"{}|^`\\".contains(c)
}

fn licence_iri(l: &str) -> String {
    match catalogue::licence_id(l).as_str() {
        "cc-by-4.0" => "http://creativecommons.org/licenses/by/4.0/".into(),
        "cc-zero" => "http://creativecommons.org/publicdomain/zero/1.0/".into(),
        "cc-by-sa-4.0" => "http://creativecommons.org/licenses/by-sa/4.0/".into(),
        "odc-by" => "http://opendatacommons.org/licenses/by/1-0/".into(),
        "odc-odbl" => "http://opendatacommons.org/licenses/odbl/1-0/".into(),
        "odc-pddl" => "http://opendatacommons.org/licenses/pddl/1-0/".into(),
        // A licence given as a web address stays one if it is a valid IRI as it is.
        _ if (l.starts_with("https://") || l.starts_with("http://")) && l.chars().all(iri_char) => {
            l.to_string()
        }
        // Anything else names an EU licence code: every character an IRI may not carry
        // (controls, spaces, <>"{}|^`\) is percent-encoded.
        other => {
            let mut code = String::new();
            for c in other.to_uppercase().chars() {
                if c.is_ascii_alphanumeric() || "-._~".contains(c) {
                    code.push(c);
                } else {
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        code.push_str(&format!("%{b:02X}"));
                    }
                }
            }
            format!("{EU}/licence/{code}")
        }
    }
}

fn publisher(base: &str, pkg_dept: &str, name: &str, name_en: &str) -> Obj {
    let mut n = Node::new(
        Some(format!("{base}/organization/{}", pkg_dept.to_lowercase())),
        &["foaf:Agent"],
    );
    n.add("foaf:name", Obj::Lang(name.into(), "vi"))
        .add("foaf:name", Obj::Lang(name_en.into(), "en"));
    Obj::Node(n)
}

fn dataset_node(base: &str, pkg: &Package, temporal: Option<(String, String)>) -> Node {
    let e = &pkg.entry;
    let id = format!("{base}/dataset/{}", e.code);
    let mut d = Node::new(Some(id.clone()), &["dcat:Dataset"]);
    d.add("dct:identifier", Obj::Str(e.code.clone()))
        .add("dct:title", Obj::Lang(e.title.clone(), "vi"));
    if let Some(en) = &e.title_en {
        d.add("dct:title", Obj::Lang(en.clone(), "en"));
    }
    // dct:description is mandatory in DCAT-AP: the title stands in when there is none.
    d.add(
        "dct:description",
        Obj::Lang(
            e.description.clone().unwrap_or_else(|| e.title.clone()),
            "vi",
        ),
    );
    d.add(
        "dct:publisher",
        publisher(
            base,
            &e.department,
            &e.department_name,
            &e.department_name_en,
        ),
    );
    let mut contact = Node::new(None, &["vcard:Organization"]);
    contact
        .add("vcard:fn", Obj::Str(e.department_name.clone()))
        .add("vcard:hasURL", iri(format!("{base}/open-data/{}", e.code)));
    d.add("dcat:contactPoint", Obj::Node(contact));
    for t in &e.tags {
        d.add("dcat:keyword", Obj::Lang(t.clone(), "vi"));
    }
    d.add(
        "dcat:theme",
        iri(format!("{EU}/data-theme/{}", pkg.theme().code)),
    );
    d.add("dct:accrualPeriodicity", iri(frequency_iri(&e.frequency)));
    d.add("dct:language", iri(format!("{EU}/language/VIE")));
    d.add(
        "dcat:landingPage",
        iri(format!("{base}/open-data/{}", e.code)),
    );
    let ts = |t: chrono::DateTime<chrono::Utc>| {
        Obj::Typed(
            t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "xsd:dateTime",
        )
    };
    d.add("dct:issued", ts(pkg.model.created_at));
    d.add("dct:modified", ts(catalogue::modified(pkg)));
    let mut place = Node::new(None, &["dct:Location"]);
    place.add(
        "skos:prefLabel",
        Obj::Lang("Tỉnh Bà Rịa – Vũng Tàu".into(), "vi"),
    );
    d.add("dct:spatial", Obj::Node(place));
    if let Some((start, end)) = temporal {
        let mut period = Node::new(None, &["dct:PeriodOfTime"]);
        period
            .add("dcat:startDate", Obj::Typed(start, "xsd:date"))
            .add("dcat:endDate", Obj::Typed(end, "xsd:date"));
        d.add("dct:temporal", Obj::Node(period));
    }
    for f in &e.formats {
        let ext = ckan::extension(f);
        let mut dist = Node::new(
            Some(format!("{id}/distribution/{ext}")),
            &["dcat:Distribution"],
        );
        let url = format!("{base}/download/{}.{ext}", e.code);
        dist.add("dct:title", Obj::Lang(format!("{} ({f})", e.title), "vi"))
            .add("dcat:accessURL", iri(url.clone()))
            .add("dcat:downloadURL", iri(url))
            .add("dct:format", iri(format_iri(f)))
            .add(
                "dcat:mediaType",
                iri(format!(
                    "https://www.iana.org/assignments/media-types/{}",
                    ckan::media_type(f)
                )),
            );
        if let Some(l) = &e.licence {
            dist.add("dct:license", iri(licence_iri(l)));
        }
        d.add("dcat:distribution", Obj::Node(dist));
    }
    d
}

fn catalogue_node(base: &str, datasets: Vec<Node>) -> Node {
    let mut c = Node::new(Some(format!("{base}/catalog")), &["dcat:Catalog"]);
    c.add(
        "dct:title",
        Obj::Lang(
            "Cổng dữ liệu mở – Trung tâm Điều hành thông minh".into(),
            "vi",
        ),
    )
    .add(
        "dct:title",
        Obj::Lang(
            "Open data portal – Intelligent Operations Center".into(),
            "en",
        ),
    )
    .add(
        "dct:description",
        Obj::Lang(
            "Dữ liệu công khai của các sở, ngành tỉnh Bà Rịa – Vũng Tàu".into(),
            "vi",
        ),
    )
    .add(
        "dct:description",
        Obj::Lang(
            "Public data of the departments of Bà Rịa – Vũng Tàu province".into(),
            "en",
        ),
    )
    .add(
        "dct:publisher",
        publisher(
            base,
            "VPUBND",
            "Văn phòng UBND tỉnh",
            "Office of the Provincial People's Committee",
        ),
    )
    .add("foaf:homepage", iri(format!("{base}/open-data")))
    .add("dct:language", iri(format!("{EU}/language/VIE")))
    .add("dct:language", iri(format!("{EU}/language/ENG")));
    for d in datasets {
        c.add("dcat:dataset", Obj::Node(d));
    }
    c
}

// ---- JSON-LD ----

fn jsonld_obj(o: &Obj) -> Value {
    match o {
        Obj::Iri(i) => json!({"@id": i}),
        Obj::Lang(v, l) => json!({"@value": v, "@language": l}),
        Obj::Str(v) => json!(v),
        Obj::Typed(v, t) => json!({"@value": v, "@type": t}),
        Obj::Node(n) => jsonld_node(n),
    }
}

fn jsonld_node(n: &Node) -> Value {
    let mut m = Map::new();
    if let Some(id) = &n.id {
        m.insert("@id".into(), json!(id));
    }
    m.insert("@type".into(), json!(n.types));
    for (p, o) in &n.props {
        match m.get_mut(*p) {
            Some(Value::Array(a)) => a.push(jsonld_obj(o)),
            _ => {
                m.insert((*p).into(), json!([jsonld_obj(o)]));
            }
        }
    }
    Value::Object(m)
}

fn jsonld(node: &Node) -> String {
    let context: Map<String, Value> = PREFIXES
        .iter()
        .map(|(p, i)| ((*p).to_string(), json!(i)))
        .collect();
    let mut doc = jsonld_node(node);
    if let Value::Object(m) = &mut doc {
        m.insert("@context".into(), Value::Object(context));
    }
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

// ---- Turtle ----

fn ttl_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn ttl_iri(i: &str) -> String {
    // IRIREF may not hold these; our IRIs are built from checked codes, so this is a guard.
    let clean: String = i
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '<' | '>' | '"' | ' ' | '{' | '}' | '|' | '^' | '`' | '\\'
            )
        })
        .collect();
    format!("<{clean}>")
}

fn ttl_obj(o: &Obj, indent: usize) -> String {
    match o {
        Obj::Iri(i) => ttl_iri(i),
        Obj::Lang(v, l) => format!("{}@{l}", ttl_string(v)),
        Obj::Str(v) => ttl_string(v),
        Obj::Typed(v, t) => format!("{}^^{t}", ttl_string(v)),
        Obj::Node(n) if n.id.is_none() => {
            let mut s = String::from("[\n");
            s.push_str(&ttl_body(n, indent + 1));
            s.push('\n');
            s.push_str(&"    ".repeat(indent));
            s.push(']');
            s
        }
        Obj::Node(n) => ttl_iri(n.id.as_deref().unwrap_or_default()),
    }
}

fn ttl_body(n: &Node, indent: usize) -> String {
    let pad = "    ".repeat(indent);
    let mut lines = vec![format!("{pad}a {}", n.types.join(", "))];
    for (p, o) in &n.props {
        lines.push(format!("{pad}{p} {}", ttl_obj(o, indent)));
    }
    lines.join(" ;\n")
}

/// Named nodes nested in others are written as subjects of their own.
fn ttl_collect<'a>(n: &'a Node, out: &mut Vec<&'a Node>) {
    out.push(n);
    for (_, o) in &n.props {
        if let Obj::Node(child) = o {
            if child.id.is_some() {
                ttl_collect(child, out);
            } else {
                for (_, o2) in &child.props {
                    if let Obj::Node(g) = o2 {
                        if g.id.is_some() {
                            ttl_collect(g, out);
                        }
                    }
                }
            }
        }
    }
}

fn turtle(node: &Node) -> String {
    let mut out = String::new();
    for (p, i) in PREFIXES {
        out.push_str(&format!("@prefix {p}: <{i}> .\n"));
    }
    out.push('\n');
    let mut nodes = Vec::new();
    ttl_collect(node, &mut nodes);
    let mut seen = std::collections::HashSet::new();
    for n in nodes {
        let id = n.id.clone().unwrap_or_default();
        if !seen.insert(id.clone()) {
            continue;
        }
        out.push_str(&ttl_iri(&id));
        out.push('\n');
        out.push_str(&ttl_body(n, 1));
        out.push_str(" .\n\n");
    }
    out
}

fn respond(text: String, ttl: bool) -> Response {
    let ct = if ttl {
        "text/turtle; charset=utf-8"
    } else {
        "application/ld+json"
    };
    ([(header::CONTENT_TYPE, HeaderValue::from_static(ct))], text).into_response()
}

pub async fn catalog_jsonld(State(state): State<AppState>, headers: HeaderMap) -> Response {
    catalog(&state, &headers, false).await
}

pub async fn catalog_ttl(State(state): State<AppState>, headers: HeaderMap) -> Response {
    catalog(&state, &headers, true).await
}

async fn catalog(state: &AppState, headers: &HeaderMap, ttl: bool) -> Response {
    let base = base_url(&state.settings, headers);
    let pkgs = match catalogue::load(&state.db).await {
        Ok(p) => p,
        Err(e) => return ApiError(e).into_response(),
    };
    let datasets = pkgs.iter().map(|p| dataset_node(&base, p, None)).collect();
    let node = catalogue_node(&base, datasets);
    respond(if ttl { turtle(&node) } else { jsonld(&node) }, ttl)
}

pub async fn dataset(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some((code, ttl)) = file
        .strip_suffix(".jsonld")
        .map(|c| (c, false))
        .or_else(|| file.strip_suffix(".ttl").map(|c| (c, true)))
    else {
        return ApiError(AppError::NotFound(format!("'{file}'"))).into_response();
    };
    let base = base_url(&state.settings, &headers);
    let od = OpenData::new(&state);
    let pkg = match catalogue::load_one(&state.db, code).await {
        Ok(p) => p,
        Err(e) => return ApiError(e).into_response(),
    };
    od.count(pkg.model.id, super::usage::Kind::Api);
    let temporal = crate::modules::datasets::query::period_span(&state.db, pkg.source())
        .await
        .ok()
        .flatten();
    let node = dataset_node(&base, &pkg, temporal);
    respond(if ttl { turtle(&node) } else { jsonld(&node) }, ttl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licences_become_valid_iris_whatever_their_text() {
        assert_eq!(
            licence_iri("CC BY 4.0"),
            "http://creativecommons.org/licenses/by/4.0/"
        );
        assert_eq!(
            licence_iri("https://example.gov.vn/licence/1"),
            "https://example.gov.vn/licence/1"
        );
        for nasty in [
            "a\u{1}b",
            "x> <y",
            "{evil}|^`\\\"",
            "https://e.vn/<script>",
            "Giấy phép\n2",
        ] {
            let iri = licence_iri(nasty);
            assert!(iri.chars().all(iri_char), "{nasty:?} → {iri}");
        }
    }
}
