//! The open-data portal's machine side through HTTP: the CKAN Action API (catalogue and
//! datastore), downloads, DCAT-AP, usage, rate limits and the OpenAPI document — on
//! both engines. (A real CKAN client and a real RDF parser drive the same API in
//! `end2end/python/`.)

use super::common;

/// Rows of the demo's `health-facilities` (module 4's register).
const FACILITIES: usize = 100;

use common::{Engine, TestServer};
use serde_json::{json, Value};

async fn action(srv: &TestServer, name: &str, query: &[(&str, &str)]) -> (u16, Value) {
    let res = reqwest::Client::new()
        .get(srv.url(&format!("/api/3/action/{name}")))
        .query(query)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn post_action(srv: &TestServer, name: &str, body: Value) -> (u16, Value) {
    let res = reqwest::Client::new()
        .post(srv.url(&format!("/api/3/action/{name}")))
        .json(&body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect()
}

/// A public dataset of 30 rows owned by the Department of Health, with text cells that
/// a spreadsheet would run as formulas.
async fn define_test_dataset(srv: &TestServer) {
    let key = srv.ingest_key("syt-system", "SYT").await;
    let c = reqwest::Client::new();
    let def = json!({"code": "clinic-visits", "title": "Lượt khám tại trạm y tế", "title_en": "Clinic visits",
        "description": "Lượt khám theo tháng", "frequency": "monthly", "public": true, "licence": "CC BY 4.0",
        "tags": ["y tế", "khám bệnh"],
        "fields": [
            {"name": "district_code", "type": "unit", "required": true},
            {"name": "month", "type": "period", "required": true},
            {"name": "visits", "type": "integer", "min": 0, "required": true, "unit": "lượt"},
            {"name": "note", "type": "text"}],
        "key": ["district_code", "month"]});
    let res = c
        .post(srv.url("/api/v1/datasets"))
        .bearer_auth(&key)
        .json(&def)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let mut csv = String::from("district_code,month,visits,note\n");
    for (i, d) in ["747", "748", "750"].iter().enumerate() {
        for m in 1..=10 {
            let note = match (i, m) {
                (0, 1) => "\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"".to_string(),
                (0, 2) => "@SUM(A1:A9)".into(),
                (1, 3) => "+84 254 3852 000".into(),
                (2, 4) => "-cmd".into(),
                _ => format!("tháng {m}"),
            };
            csv.push_str(&format!("{d},2024-{m:02},{},{note}\n", 100 * (i + 1) + m));
        }
    }
    let res = c
        .post(srv.url("/api/v1/datasets/clinic-visits/records"))
        .bearer_auth(&key)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

async fn catalogue_actions(srv: &TestServer) {
    define_test_dataset(srv).await;
    let (s, v) = action(srv, "status_show", &[]).await;
    assert_eq!(s, 200);
    assert_eq!(v["success"], true);
    assert!(v["result"]["ckan_version"]
        .as_str()
        .unwrap()
        .starts_with("2."));

    let (s, v) = action(srv, "package_list", &[]).await;
    assert_eq!(s, 200);
    let list = names(&v["result"]);
    for code in [
        "tourism-monthly",
        "air-quality-monthly",
        "health-facilities",
    ] {
        assert!(list.contains(&code.to_string()), "{list:?}");
    }
    assert!(
        !list.contains(&"documents-monthly".to_string()),
        "private datasets stay out"
    );

    let (s, v) = action(srv, "package_show", &[("id", "tourism-monthly")]).await;
    assert_eq!(s, 200);
    let p = &v["result"];
    assert_eq!(p["name"], "tourism-monthly");
    assert_eq!(p["organization"]["name"], "sdl");
    assert_eq!(p["license_id"], "cc-by-4.0");
    assert_eq!(p["num_resources"], 3);
    let formats: Vec<&str> = p["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["format"].as_str().unwrap())
        .collect();
    assert_eq!(formats, ["CSV", "JSON", "GeoJSON"]);
    assert!(p["resources"][0]["url"]
        .as_str()
        .unwrap()
        .ends_with("/download/tourism-monthly.csv"));
    assert_eq!(p["resources"][0]["datastore_active"], true);
    assert!(p["quality"]["overall"].as_f64().unwrap() > 0.0);

    // CKAN's error shapes.
    let (s, v) = action(srv, "package_show", &[("id", "documents-monthly")]).await;
    assert_eq!(s, 404, "a private dataset is not found");
    assert_eq!(v["success"], false);
    assert_eq!(v["error"]["__type"], "Not Found Error");
    let (s, v) = action(srv, "package_show", &[]).await;
    assert_eq!(s, 409);
    assert_eq!(v["error"]["__type"], "Validation Error");
    assert_eq!(v["error"]["id"][0], "Missing value");
    let (s, v) = action(srv, "package_delete", &[("id", "tourism-monthly")]).await;
    assert_eq!(s, 400);
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("package_delete"));

    // Search, with and without diacritics; filters and facets.
    for q in ["bụi mịn", "bui min", "Ô NHIỄM không khí"] {
        let (s, v) = action(srv, "package_search", &[("q", q)]).await;
        assert_eq!(s, 200);
        let found: Vec<&str> = v["result"]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(found, ["air-quality-monthly"], "q={q}");
    }
    let (_, v) = action(
        srv,
        "package_search",
        &[
            ("fq", "organization:syt"),
            ("facet.field", "[\"organization\",\"tags\",\"res_format\"]"),
            ("rows", "1"),
        ],
    )
    .await;
    let r = &v["result"];
    // Module 4's four public datasets and the one this test defined.
    assert_eq!(r["count"], 5, "{r}");
    assert_eq!(r["results"].as_array().unwrap().len(), 1, "rows=1");
    assert_eq!(
        r["search_facets"]["organization"]["items"][0]["name"],
        "syt"
    );
    assert_eq!(r["search_facets"]["organization"]["items"][0]["count"], 5);
    assert_eq!(r["facets"]["res_format"]["GeoJSON"], 5);
    assert_eq!(r["facets"]["tags"]["y tế"], 5);
    let (_, v) = action(
        srv,
        "package_search",
        &[("fq", "tags:\"ô nhiễm không khí\" res_format:GeoJSON")],
    )
    .await;
    assert_eq!(v["result"]["count"], 1);
    let (_, v) = action(
        srv,
        "package_search",
        &[("sort", "name desc"), ("rows", "100")],
    )
    .await;
    let all: Vec<&str> = v["result"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    let mut sorted = all.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(all, sorted);
    let (_, v2) = action(
        srv,
        "package_search",
        &[("sort", "name desc"), ("rows", "2"), ("start", "2")],
    )
    .await;
    let page: Vec<&str> = v2["result"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(page, all[2..4]);
    // As CKAN: rows beyond the maximum are cut; a bad query is a 400 Search Query Error.
    let (s, v) = action(srv, "package_search", &[("rows", "5000")]).await;
    assert_eq!(s, 200);
    assert_eq!(
        v["result"]["results"].as_array().unwrap().len() as u64,
        v["result"]["count"].as_u64().unwrap()
    );
    let (s, v) = action(srv, "package_search", &[("fq", "secret_field:1")]).await;
    assert_eq!(s, 400);
    assert_eq!(v["error"]["__type"], "Search Query Error");
    let (s, v) = action(srv, "package_search", &[("sort", "random()")]).await;
    assert_eq!(s, 400, "{v}");
    // What CKAN's own front end and harvesters add to fq.
    let (_, v) = action(
        srv,
        "package_search",
        &[(
            "fq",
            "+dataset_type:dataset +state:active organization:stnmt",
        )],
    )
    .await;
    assert_eq!(v["result"]["count"], 1);
    let (_, v) = action(srv, "package_search", &[("fq", "dataset_type:harvest")]).await;
    assert_eq!(v["result"]["count"], 0);
    let (_, v) = action(srv, "package_show", &[("id", "health-facilities")]).await;
    assert_eq!(v["result"]["license_id"], "odc-odbl");
    assert_eq!(v["result"]["isopen"], true);

    // POST with a JSON body, as CKAN clients send.
    let (s, v) = post_action(srv, "package_search", json!({"q": "du lich", "rows": 5})).await;
    assert_eq!(s, 200);
    let found: Vec<&str> = v["result"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(found.contains(&"tourism-monthly"), "{found:?}");
    assert!(found.iter().all(|n| n.starts_with("tourism-")), "{found:?}");

    let (_, v) = action(srv, "organization_list", &[]).await;
    assert_eq!(v["result"].as_array().unwrap().len(), 14);
    let (_, v) = action(srv, "organization_list", &[("all_fields", "true")]).await;
    let syt = v["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "syt")
        .unwrap();
    assert_eq!(syt["package_count"], 5);
    let (_, v) = action(srv, "group_list", &[]).await;
    assert!(names(&v["result"]).contains(&"envi".to_string()));
    let (_, v) = action(srv, "tag_list", &[("query", "o nhiem")]).await;
    assert_eq!(names(&v["result"]), ["ô nhiễm không khí"]);
    let (s, v) = action(srv, "resource_show", &[("id", "health-facilities.geojson")]).await;
    assert_eq!(s, 200);
    assert_eq!(v["result"]["format"], "GeoJSON");
    assert_eq!(v["result"]["package_id"], "health-facilities");
    let (s, _) = action(srv, "resource_show", &[("id", "documents-monthly.csv")]).await;
    assert_eq!(s, 404);
}
both_engines!(catalogue_actions);

async fn datastore_search(srv: &TestServer) {
    define_test_dataset(srv).await;
    let ds = |q: Vec<(&'static str, String)>| async move {
        let q: Vec<(&str, &str)> = q.iter().map(|(k, v)| (*k, v.as_str())).collect();
        action(srv, "datastore_search", &q).await
    };
    let (s, v) = ds(vec![("resource_id", "clinic-visits".into())]).await;
    assert_eq!(s, 200, "{v}");
    let r = &v["result"];
    assert_eq!(r["total"], 30);
    assert_eq!(r["limit"], 100);
    assert_eq!(r["records"].as_array().unwrap().len(), 30);
    let ids: Vec<&str> = r["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["_id", "district_code", "month", "visits", "note"]);
    assert_eq!(r["fields"][3]["type"], "int");
    assert_eq!(r["records"][0]["district_code"], "747");
    assert_eq!(r["records"][0]["visits"], 101);
    assert!(r["records"][0]["_id"].as_i64().is_some());

    // Filters: one value, a list, a number; total follows the filters.
    let (_, v) = ds(vec![
        ("resource_id", "clinic-visits.csv".into()),
        ("filters", json!({"district_code": "748"}).to_string()),
    ])
    .await;
    assert_eq!(v["result"]["total"], 10);
    assert!(v["result"]["records"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["district_code"] == "748"));
    let (_, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        (
            "filters",
            json!({"district_code": ["747", "750"], "month": "2024-03"}).to_string(),
        ),
    ])
    .await;
    assert_eq!(v["result"]["total"], 2);
    let (_, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        ("filters", json!({"visits": 305}).to_string()),
    ])
    .await;
    assert_eq!(v["result"]["total"], 1);
    assert_eq!(v["result"]["records"][0]["month"], "2024-05");

    // Words anywhere, and per field.
    let (_, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        ("q", "HYPERLINK".into()),
    ])
    .await;
    assert_eq!(v["result"]["total"], 1);
    let (_, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        ("q", json!({"note": "tháng 9"}).to_string()),
    ])
    .await;
    assert_eq!(v["result"]["total"], 3);
    // LIKE's wildcards are taken literally.
    let (_, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        ("q", "%".into()),
    ])
    .await;
    assert_eq!(v["result"]["total"], 0);

    // Fields, order, paging without overlap, no total.
    let (_, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        ("fields", "month,visits".into()),
        ("sort", "visits desc".into()),
        ("limit", "4".into()),
    ])
    .await;
    let recs = v["result"]["records"].as_array().unwrap().clone();
    assert_eq!(recs[0], json!({"month": "2024-10", "visits": 310}));
    let visits: Vec<i64> = recs.iter().map(|r| r["visits"].as_i64().unwrap()).collect();
    assert_eq!(visits, [310, 309, 308, 307]);
    let (_, v2) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        ("fields", "visits".into()),
        ("sort", "visits desc".into()),
        ("limit", "4".into()),
        ("offset", "4".into()),
        ("include_total", "false".into()),
    ])
    .await;
    let next: Vec<i64> = v2["result"]["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["visits"].as_i64().unwrap())
        .collect();
    assert_eq!(next, [306, 305, 304, 303]);
    assert!(v2["result"].get("total").is_none());

    // Other record formats.
    let (_, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        ("fields", "district_code,visits".into()),
        ("limit", "2".into()),
        ("records_format", "lists".into()),
    ])
    .await;
    assert_eq!(v["result"]["records"], json!([["747", 101], ["747", 102]]));
    let (_, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        ("fields", "month,note".into()),
        ("limit", "2".into()),
        ("records_format", "csv".into()),
    ])
    .await;
    let text = v["result"]["records"].as_str().unwrap();
    assert!(
        text.starts_with("2024-01,\"'=HYPERLINK"),
        "CSV records are neutralised too: {text}"
    );

    // Limits and mistakes, named.
    let (_, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        ("limit", "50000".into()),
    ])
    .await;
    assert_eq!(v["result"]["limit"], 10_000, "limit capped");
    let (s, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        ("filters", json!({"password": "x"}).to_string()),
    ])
    .await;
    assert_eq!(s, 409);
    assert!(v["error"]["filters"][0]
        .as_str()
        .unwrap()
        .contains("password"));
    let (s, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        ("filters", json!({"visits": "many"}).to_string()),
    ])
    .await;
    assert_eq!(s, 409);
    assert!(v["error"]["filters"][0]
        .as_str()
        .unwrap()
        .contains("number"));
    let (s, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        ("sort", "visits; DROP TABLE dataset".into()),
    ])
    .await;
    assert_eq!(s, 409, "{v}");
    let (s, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        ("limit", "-1".into()),
    ])
    .await;
    assert_eq!(s, 409);
    assert!(v["error"]["limit"].is_array());
    let (s, v) = ds(vec![]).await;
    assert_eq!(s, 409);
    assert_eq!(v["error"]["resource_id"][0], "Missing value");
    // Sizes that would only make the server work are refused, named.
    let (s, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        ("fields", "visits,visits".into()),
    ])
    .await;
    assert_eq!(s, 409);
    assert!(v["error"]["fields"].is_array());
    let many_words = ["x"; 11].join(" ");
    let (s, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        ("q", many_words),
    ])
    .await;
    assert_eq!(s, 409);
    assert!(v["error"]["q"].is_array());
    let many_values: Vec<String> = (0..101).map(|n| n.to_string()).collect();
    let (s, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        ("filters", json!({"visits": many_values}).to_string()),
    ])
    .await;
    assert_eq!(s, 409);
    assert!(v["error"]["filters"][0].as_str().unwrap().contains("100"));
    // Periods as people write them match the stored form.
    let (_, v) = ds(vec![
        ("resource_id", "clinic-visits".into()),
        (
            "filters",
            json!({"month": "3/2024", "district_code": "748"}).to_string(),
        ),
    ])
    .await;
    assert_eq!(v["result"]["total"], 1);
    assert_eq!(v["result"]["records"][0]["visits"], 203);
    let (s, _) = ds(vec![("resource_id", "documents-monthly".into())]).await;
    assert_eq!(s, 404, "private data is not served");
    // The datastore still answers after the attempts above: nothing was dropped.
    let (_, v) = ds(vec![("resource_id", "clinic-visits".into())]).await;
    assert_eq!(v["result"]["total"], 30);
}
both_engines!(datastore_search);

async fn downloads(srv: &TestServer) {
    define_test_dataset(srv).await;
    let c = reqwest::Client::new();
    let res = c
        .get(srv.url("/download/clinic-visits.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("clinic-visits.csv"));
    let body = res.text().await.unwrap();
    let mut rdr = csv::Reader::from_reader(body.as_bytes());
    assert_eq!(
        rdr.headers().unwrap(),
        vec!["district_code", "month", "visits", "note"]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 30);
    let notes: Vec<&str> = rows.iter().map(|r| &r[3]).collect();
    assert!(
        notes.contains(&"'=HYPERLINK(\"http://evil\",\"x\")"),
        "{notes:?}"
    );
    assert!(notes.contains(&"'@SUM(A1:A9)"));
    assert!(notes.contains(&"'+84 254 3852 000"));
    assert!(notes.contains(&"'-cmd"));
    assert!(notes.contains(&"tháng 5"));
    assert!(!notes.iter().any(|n| n.starts_with(['=', '+', '-', '@'])));

    // Compressed for clients that ask: the whole stream arrives (the compressor polls
    // the stream once more after its end).
    for encoding in ["gzip", "br"] {
        let res = c
            .get(srv.url("/download/clinic-visits.csv"))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["content-encoding"], encoding);
        assert!(!res.bytes().await.expect("complete body").is_empty());
    }

    let json: Value = c
        .get(srv.url("/download/clinic-visits.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let arr = json.as_array().unwrap();
    assert_eq!(arr.len(), 30);
    assert_eq!(
        arr[0]["note"], "=HYPERLINK(\"http://evil\",\"x\")",
        "JSON keeps the value as it is"
    );

    // GeoJSON: points for positions, boundaries for administrative units.
    let res = c
        .get(srv.url("/download/health-facilities.geojson"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/geo+json");
    let gj: Value = res.json().await.unwrap();
    assert_eq!(gj["type"], "FeatureCollection");
    let features = gj["features"].as_array().unwrap();
    // Module 4's register: the 14 hospitals of OpenStreetMap and the generated centres
    // and commune stations.
    assert_eq!(features.len(), FACILITIES);
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let (lon, lat) = (
            f["geometry"]["coordinates"][0].as_f64().unwrap(),
            f["geometry"]["coordinates"][1].as_f64().unwrap(),
        );
        assert!(
            (106.0..108.0).contains(&lon) && (8.0..11.0).contains(&lat),
            "{lon} {lat}"
        );
        assert!(f["properties"]["name"].as_str().is_some());
    }
    let gj: Value = c
        .get(srv.url("/download/clinic-visits.geojson"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let f = &gj["features"][0];
    assert!(
        ["Polygon", "MultiPolygon"].contains(&f["geometry"]["type"].as_str().unwrap()),
        "{}",
        f["geometry"]["type"]
    );
    assert_eq!(f["properties"]["district_code"], "747");

    // A field taken out of the definition is no longer served, in any format.
    let key = srv.ingest_key("syt-2", "SYT").await;
    let def = json!({"code": "clinic-visits", "title": "Lượt khám tại trạm y tế", "frequency": "monthly", "public": true,
        "fields": [
            {"name": "district_code", "type": "unit", "required": true},
            {"name": "month", "type": "period", "required": true},
            {"name": "visits", "type": "integer", "min": 0, "required": true}],
        "key": ["district_code", "month"]});
    let res = c
        .post(srv.url("/api/v1/datasets"))
        .bearer_auth(&key)
        .json(&def)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    for path in [
        "/download/clinic-visits.json",
        "/download/clinic-visits.geojson",
        "/download/clinic-visits.csv",
        "/api/3/action/datastore_search?resource_id=clinic-visits",
    ] {
        let text = c
            .get(srv.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(text.contains("visits"), "{path}");
        assert!(
            !text.contains("\"note\"") && !text.contains("HYPERLINK") && !text.contains("tháng 5"),
            "{path}: {text:.300}"
        );
    }

    // Not public, not geographic, unknown format: 404.
    for path in [
        "/download/documents-monthly.csv",
        "/download/clinic-visits.xlsx",
        "/download/nothing.csv",
    ] {
        let s = c.get(srv.url(path)).send().await.unwrap().status();
        assert_eq!(s, 404, "{path}");
    }
}
both_engines!(downloads);

async fn dcat(srv: &TestServer) {
    let c = reqwest::Client::new();
    let res = c.get(srv.url("/catalog.jsonld")).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/ld+json");
    let doc: Value = res.json().await.unwrap();
    assert_eq!(doc["@type"], json!(["dcat:Catalog"]));
    assert_eq!(doc["@context"]["dcat"], "http://www.w3.org/ns/dcat#");
    let datasets = doc["dcat:dataset"].as_array().unwrap();
    assert!(datasets.len() >= 3);
    for d in datasets {
        assert!(d["dct:title"][0]["@value"].as_str().is_some());
        assert!(d["dct:description"][0]["@value"].as_str().is_some());
        let dist = &d["dcat:distribution"][0];
        assert!(dist["dcat:accessURL"][0]["@id"]
            .as_str()
            .unwrap()
            .contains("/download/"));
    }
    let ttl = c
        .get(srv.url("/dataset/tourism-monthly.ttl"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ttl.contains("a dcat:Dataset"));
    assert!(ttl.contains("dcat:startDate \"2021-01-01\"^^xsd:date"));
    assert!(ttl.contains("dcat:endDate \"2024-12-31\"^^xsd:date"));
    let s = c
        .get(srv.url("/dataset/documents-monthly.ttl"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(s, 404);
}
both_engines!(dcat);

async fn usage_is_counted(srv: &TestServer) {
    let c = srv.browser();
    let usage = || async {
        let (_, v) = action(srv, "package_show", &[("id", "health-facilities")]).await;
        v["result"]["usage"].clone()
    };
    let first = usage().await;
    assert_eq!(first["views"], 0);
    assert_eq!(first["downloads"], 0);
    // The portal's page (a view), two downloads, a datastore call.
    let (s, page) = srv
        .call(&c, "open-data/dataset", &[("code", "health-facilities")])
        .await;
    assert_eq!(s, 200, "{page}");
    assert_eq!(page["usage"]["views"], 1);
    assert_eq!(page["preview"].as_array().unwrap().len(), 20);
    assert!(matches!(page["map"]["Points"].as_array(), Some(p) if p.len() == FACILITIES));
    for ext in ["csv", "geojson"] {
        c.get(srv.url(&format!("/download/health-facilities.{ext}")))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
    }
    action(
        srv,
        "datastore_search",
        &[("resource_id", "health-facilities")],
    )
    .await;
    let now = usage().await;
    assert_eq!(now["views"], 1);
    assert_eq!(now["downloads"], 2);
    // package_show twice and the datastore call.
    assert_eq!(now["api_calls"], 3);
}
both_engines!(usage_is_counted);

async fn portal_search(srv: &TestServer) {
    let c = srv.browser();
    for q in ["bui min", "bụi mịn"] {
        let (s, v) = srv.call(&c, "open-data/search", &[("query[q]", q)]).await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["count"], 1, "{q}: {v}");
        assert_eq!(v["entries"][0]["code"], "air-quality-monthly");
        assert_eq!(
            v["entries"][0]["department_name"],
            "Sở Tài nguyên và Môi trường"
        );
    }
    let (_, v) = srv.call(&c, "open-data/search", &[("query[q]", "")]).await;
    let depts = v["facets"]["departments"].as_array().unwrap();
    assert!(depts
        .iter()
        .any(|d| d["name"] == "syt" && d["label"] == "Sở Y tế"));
    let (_, v) = srv
        .call(
            &c,
            "open-data/search",
            &[
                ("query[q]", ""),
                ("query[format]", "GeoJSON"),
                ("query[tag]", "bản đồ"),
            ],
        )
        .await;
    assert_eq!(v["count"], 1);
    assert_eq!(v["entries"][0]["code"], "health-facilities");
    let (s, v) = srv
        .call(&c, "open-data/dataset", &[("code", "documents-monthly")])
        .await;
    assert_eq!(s, 404, "{v}");
    let (_, v) = srv
        .call(&c, "open-data/dataset", &[("code", "tourism-monthly")])
        .await;
    assert_eq!(v["chart"]["points"].as_array().unwrap().len(), 48);
    assert_eq!(v["map"]["Units"]["period"], "2024-12");
    assert_eq!(v["map"]["Units"]["values"].as_array().unwrap().len(), 8);
}
both_engines!(portal_search);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_reads_are_rate_limited_per_client() {
    let settings = server::config::Settings {
        limits: server::web::limits::Quotas {
            public_read: server::web::limits::per_minute(5),
            ..Default::default()
        },
        trust_proxy: true,
        ..Default::default()
    };
    let srv = TestServer::start_with(Engine::Sqlite, settings)
        .await
        .unwrap();
    let c = reqwest::Client::new();
    let get = |path: &'static str, client: &'static str| {
        c.get(srv.url(path))
            .header("x-forwarded-for", client)
            .send()
    };
    for _ in 0..5 {
        assert_eq!(
            get("/api/3/action/package_list", "203.0.113.7")
                .await
                .unwrap()
                .status(),
            200
        );
    }
    let res = get("/api/3/action/package_list", "203.0.113.7")
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=12).contains(&wait), "{wait}");
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["success"], false);
    // Downloads and DCAT share the client's budget; another client has its own.
    assert_eq!(
        get("/download/tourism-monthly.csv", "203.0.113.7")
            .await
            .unwrap()
            .status(),
        429
    );
    assert_eq!(
        get("/catalog.ttl", "203.0.113.7").await.unwrap().status(),
        429
    );
    assert_eq!(
        get("/api/3/action/package_list", "198.51.100.2")
            .await
            .unwrap()
            .status(),
        200
    );
    srv.finish().await;
}

/// Every route the server has under the public prefixes, read from the source: the
/// `.route("…")` calls.
fn source_routes() -> Vec<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (i, _) in text.match_indices(".route(") {
                    let rest = text[i + 7..].trim_start();
                    if let Some(r) = rest.strip_prefix('"') {
                        out.push(r[..r.find('"').unwrap()].to_string());
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut out,
    );
    out
}

/// Whether a documented path is served by a route pattern (`{x}` matches one segment,
/// or the rest of a segment such as `{code}.csv`).
fn route_serves(route: &str, documented: &str) -> bool {
    let r: Vec<&str> = route.split('/').collect();
    let d: Vec<&str> = documented.split('/').collect();
    r.len() == d.len()
        && r.iter().zip(&d).all(|(rs, ds)| {
            rs == ds || (rs.starts_with('{') && rs.ends_with('}') && !rs.contains('.'))
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_matches_the_real_routes() {
    let srv = TestServer::start(Engine::Sqlite).await.unwrap();
    let c = reqwest::Client::new();
    let doc: Value = c
        .get(srv.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    let paths = doc["paths"].as_object().unwrap();
    let routes = source_routes();
    assert!(routes.len() > 15, "{routes:?}");

    // Every public route is documented.
    let public = [
        "/api/3/",
        "/api/action/",
        "/api/v1/",
        "/open311/",
        "/download/",
        "/catalog",
        "/dataset/",
        "/api/openapi",
        "/api/docs",
        "/healthz",
        "/metrics",
    ];
    for route in routes
        .iter()
        .filter(|r| public.iter().any(|p| r.starts_with(p)))
    {
        let documented = paths.keys().any(|d| route_serves(route, d))
            // CKAN actions: one route, each action documented.
            || (route == "/api/3/action/{name}" && paths.keys().any(|d| d.starts_with("/api/3/action/")));
        assert!(documented, "route {route} is not in the OpenAPI document");
    }
    // Every documented operation reaches a route of ours (not the SPA, not a plain 404).
    let example = |p: &str| {
        p.replace("{code}", "tourism-monthly")
            .replace("{format}", "json")
            .replace("{service_code}", "road")
            .replace("{id}", "1")
            .replace("{token}", "none")
            .replace("{file}", "1.jpg")
            .replace("{name}", "status_show")
            .replace("{department}", "STTTT")
    };
    for (path, item) in paths {
        assert!(
            routes.iter().any(|r| route_serves(r, path))
                || (path.starts_with("/api/3/action/")
                    && routes.iter().any(|r| r == "/api/3/action/{name}")),
            "documented {path} has no route"
        );
        for method in item.as_object().unwrap().keys() {
            let url = srv.url(&example(path));
            let res = match method.as_str() {
                "get" => c.get(&url).send().await.unwrap(),
                "post" => c.post(&url).body("{}").send().await.unwrap(),
                "put" => c.put(&url).body("[]").send().await.unwrap(),
                "delete" => c.delete(&url).send().await.unwrap(),
                other => panic!("{other}"),
            };
            let ct = res
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default();
            let status = res.status().as_u16();
            let spa = ct.starts_with("text/html") && path != "/api/docs";
            assert!(
                !spa && status != 405 && (status != 404 || ct.contains("json")),
                "{method} {path}: {status} {ct}"
            );
        }
    }
    // The readable page lists the operations.
    let html = c
        .get(srv.url("/api/docs"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("/api/3/action/datastore_search"));
    assert!(html.contains("/open311/v2/requests.{format}"));
    assert!(
        !html.contains("http://cdn") && !html.contains("https://cdn") && !html.contains("<script")
    );
    srv.finish().await;
}
