//! Geometry of the province's GeoJSON, apart from the map component so the server's
//! build and the unit tests need no view code.

/// The box to open the map on: every area, except far-off islands (such as Côn Đảo,
/// 180 km offshore) that would shrink the rest to a corner. They stay on the map.
/// Returns [south, west, north, east].
pub fn main_extent(geojson: &str) -> Option<[f64; 4]> {
    let value: serde_json::Value = serde_json::from_str(geojson).ok()?;
    let boxes: Vec<[f64; 4]> = value["features"]
        .as_array()?
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
    boxes
        .iter()
        .filter(|b| dist(b) <= typical * 4.0)
        .fold(None, |acc: Option<[f64; 4]>, b| {
            Some(match acc {
                None => *b,
                Some(a) => [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ],
            })
        })
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
        assert_eq!(
            feature_box(&serde_json::json!([[1.0, 2.0], [3.0, 4.0]])),
            Some([2.0, 1.0, 4.0, 3.0])
        );
    }
}
