//! Geometry of the province's GeoJSON, apart from the map component so the server's
//! build and the unit tests need no view code.

/// The box to open the map on: every area, except far-off islands (such as Côn Đảo,
/// 180 km offshore) that would shrink the rest to a corner. They are drawn in an inset
/// ([`outlying`]). Returns [south, west, north, east].
pub fn main_extent(geojson: &str) -> Option<[f64; 4]> {
    let (features, far) = classify(geojson)?;
    features
        .iter()
        .zip(&far)
        .filter(|(_, far)| !**far)
        .filter_map(|(f, _)| feature_box(&f["geometry"]["coordinates"]))
        .reduce(|a, b| {
            [
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[2].max(b[2]),
                a[3].max(b[3]),
            ]
        })
}

/// A far-off area, for the map's inset: its code, its box and its outer rings as
/// (latitude, longitude) points.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlying {
    pub code: String,
    pub bbox: [f64; 4],
    pub rings: Vec<Vec<(f64, f64)>>,
}

/// The areas [`main_extent`] leaves out, each with its shape.
pub fn outlying(geojson: &str) -> Vec<Outlying> {
    let Some((features, far)) = classify(geojson) else {
        return Vec::new();
    };
    features
        .iter()
        .zip(&far)
        .filter(|(_, far)| **far)
        .filter_map(|(f, _)| {
            let geometry = &f["geometry"];
            let bbox = feature_box(&geometry["coordinates"])?;
            let polygons: Vec<&serde_json::Value> = match geometry["type"].as_str()? {
                "Polygon" => vec![&geometry["coordinates"]],
                "MultiPolygon" => geometry["coordinates"].as_array()?.iter().collect(),
                _ => return None,
            };
            let rings = polygons
                .into_iter()
                .filter_map(|p| p.as_array()?.first()?.as_array().cloned())
                .map(|ring| {
                    ring.iter()
                        .filter_map(|pt| Some((pt.get(1)?.as_f64()?, pt.get(0)?.as_f64()?)))
                        .collect::<Vec<_>>()
                })
                .filter(|r| r.len() >= 3)
                .collect();
            Some(Outlying {
                code: f["properties"]["code"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                bbox,
                rings,
            })
        })
        .collect()
}

/// The features, and for each whether it lies far from the others (its centre more than
/// four typical distances from the median centre).
fn classify(geojson: &str) -> Option<(Vec<serde_json::Value>, Vec<bool>)> {
    let value: serde_json::Value = serde_json::from_str(geojson).ok()?;
    let features: Vec<serde_json::Value> = value["features"]
        .as_array()?
        .iter()
        .filter(|f| feature_box(&f["geometry"]["coordinates"]).is_some())
        .cloned()
        .collect();
    let boxes: Vec<[f64; 4]> = features
        .iter()
        .filter_map(|f| feature_box(&f["geometry"]["coordinates"]))
        .collect();
    if boxes.is_empty() {
        return None;
    }
    let centre = |b: &[f64; 4]| ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
    let mut lats: Vec<f64> = boxes.iter().map(|b| centre(b).0).collect();
    let mut lons: Vec<f64> = boxes.iter().map(|b| centre(b).1).collect();
    lats.sort_by(f64::total_cmp);
    lons.sort_by(f64::total_cmp);
    let median = (lats[lats.len() / 2], lons[lons.len() / 2]);
    let dist = |b: &[f64; 4]| {
        let c = centre(b);
        ((c.0 - median.0).powi(2) + (c.1 - median.1).powi(2)).sqrt()
    };
    let mut dists: Vec<f64> = boxes.iter().map(dist).collect();
    dists.sort_by(f64::total_cmp);
    let typical = dists[dists.len() / 2].max(0.05);
    let far = boxes.iter().map(|b| dist(b) > typical * 4.0).collect();
    Some((features, far))
}

/// [south, west, north, east] of any nesting of GeoJSON coordinate arrays.
fn feature_box(coords: &serde_json::Value) -> Option<[f64; 4]> {
    let arr = coords.as_array()?;
    if let (Some(lon), Some(lat)) = (
        arr.first().and_then(|v| v.as_f64()),
        arr.get(1).and_then(|v| v.as_f64()),
    ) {
        return Some([lat, lon, lat, lon]);
    }
    arr.iter().filter_map(feature_box).reduce(|a, b| {
        [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn far_islands_do_not_set_the_opening_view() {
        let square = |lat: f64, lon: f64| {
            format!(
                r#"{{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[[[{lon},{lat}],[{},{lat}],[{},{}],[{lon},{}],[{lon},{lat}]]]}}}}"#,
                lon + 0.1,
                lon + 0.1,
                lat + 0.1,
                lat + 0.1
            )
        };
        let mainland: Vec<String> = (0..7)
            .map(|i| square(10.4 + 0.05 * i as f64, 107.0 + 0.05 * i as f64))
            .collect();
        let island = square(8.6, 106.5);
        let fc = format!(
            r#"{{"type":"FeatureCollection","features":[{},{island}]}}"#,
            mainland.join(",")
        );
        let [south, west, north, east] = main_extent(&fc).unwrap();
        assert!(
            south >= 10.39 && west >= 106.99,
            "the island is left out: {south} {west}"
        );
        assert!((north - 10.8).abs() < 1e-9 && (east - 107.4).abs() < 1e-9);
        let far = outlying(&fc);
        assert_eq!(far.len(), 1, "the island goes to the inset");
        assert_eq!(far[0].rings[0].len(), 5);
        assert!((far[0].bbox[0] - 8.6).abs() < 1e-9);
        assert_eq!(
            feature_box(&serde_json::json!([[1.0, 2.0], [3.0, 4.0]])),
            Some([2.0, 1.0, 4.0, 3.0])
        );
    }
}
