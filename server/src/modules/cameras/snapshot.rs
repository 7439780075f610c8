//! Event snapshots: the still an analytics system took of an event, kept for a limited
//! time (`--camera-snapshot-days`, then purged) with the camera's privacy masks painted
//! over it before it is stored, so what a mask hides is never kept. Re-encoding also drops
//! whatever metadata the camera wrote into the file.

use super::store::stmt;
use crate::auth::internal;
use app::error::{AppError, AppResult};
use app::tr;
use image::{ImageFormat, ImageReader, Limits};
use sea_orm::ConnectionTrait;
use std::io::Cursor;

/// A snapshot is at most this large, in bytes and in pixels.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
const MAX_EDGE: u32 = 4096;
const QUALITY: u8 = 80;

/// A polygon in image coordinates from 0 to 1 (x to the right, y down).
pub type Polygon = Vec<[f64; 2]>;

/// Checks the masks an administrator gives: each at least three points inside the image.
pub fn check_masks(masks: &[Polygon]) -> AppResult<()> {
    if masks.len() > 20 {
        return Err(AppError::invalid(
            "privacy_masks",
            tr!("tối đa 20 vùng che", "at most 20 masks"),
        ));
    }
    for (i, m) in masks.iter().enumerate() {
        let inside = m
            .iter()
            .all(|[x, y]| (0.0..=1.0).contains(x) && (0.0..=1.0).contains(y));
        if m.len() < 3 || m.len() > 100 || !inside {
            return Err(AppError::invalid(
                "privacy_masks",
                tr!(
                    "vùng che {} cần 3–100 điểm, toạ độ từ 0 đến 1",
                    "mask {} needs 3–100 points with coordinates from 0 to 1",
                    i + 1
                ),
            ));
        }
    }
    Ok(())
}

/// Whether (x, y) is inside the polygon (even-odd rule).
fn inside(poly: &[[f64; 2]], x: f64, y: f64) -> bool {
    let mut c = false;
    let mut j = poly.len() - 1;
    for i in 0..poly.len() {
        let ([xi, yi], [xj, yj]) = (poly[i], poly[j]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            c = !c;
        }
        j = i;
    }
    c
}

/// Decodes a JPEG or PNG snapshot, paints the masks black and encodes it as JPEG.
pub fn process(bytes: &[u8], masks: &[Polygon]) -> AppResult<Vec<u8>> {
    let bad = || {
        AppError::invalid(
            "snapshot",
            tr!(
                "không phải ảnh JPEG hoặc PNG đọc được",
                "not a readable JPEG or PNG image"
            ),
        )
    };
    if bytes.len() > MAX_BYTES {
        return Err(AppError::TooLarge(tr!(
            "ảnh sự kiện tối đa 5 MB",
            "an event snapshot is at most 5 MB"
        )));
    }
    let format = image::guess_format(bytes)
        .ok()
        .filter(|f| matches!(f, ImageFormat::Jpeg | ImageFormat::Png))
        .ok_or_else(bad)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_EDGE);
    limits.max_image_height = Some(MAX_EDGE);
    limits.max_alloc = Some(u64::from(MAX_EDGE) * u64::from(MAX_EDGE) * 4);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut img = reader.decode().map_err(|_| bad())?.to_rgb8();
    let (w, h) = (img.width(), img.height());
    for m in masks.iter().filter(|m| m.len() >= 3) {
        // Only the mask's bounding box is scanned.
        let xs = m.iter().map(|p| p[0]);
        let ys = m.iter().map(|p| p[1]);
        let (x0, x1) = (xs.clone().fold(1.0, f64::min), xs.fold(0.0, f64::max));
        let (y0, y1) = (ys.clone().fold(1.0, f64::min), ys.fold(0.0, f64::max));
        let px = |v: f64, n: u32| ((v * f64::from(n)).floor().max(0.0) as u32).min(n);
        for y in px(y0, h)..px(y1, h).saturating_add(1).min(h) {
            for x in px(x0, w)..px(x1, w).saturating_add(1).min(w) {
                let (fx, fy) = (
                    (f64::from(x) + 0.5) / f64::from(w),
                    (f64::from(y) + 0.5) / f64::from(h),
                );
                if inside(m, fx, fy) {
                    img.put_pixel(x, y, image::Rgb([0, 0, 0]));
                }
            }
        }
    }
    let mut jpeg = Vec::with_capacity(128 * 1024);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, QUALITY)
        .encode_image(&img)
        .map_err(internal)?;
    Ok(jpeg)
}

/// The camera's masks as stored.
pub async fn masks_of<C: ConnectionTrait>(db: &C, camera: &str) -> AppResult<Vec<Polygon>> {
    let row = db
        .query_one_raw(stmt(
            db,
            "SELECT privacy_masks FROM camera WHERE code = $1",
            vec![camera.into()],
        ))
        .await
        .map_err(internal)?;
    let text: Option<String> = match row {
        Some(r) => r.try_get_by_index(0).map_err(internal)?,
        None => None,
    };
    Ok(text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default())
}

/// A snapshot ready to keep: checked, masked with the camera's masks, re-encoded. Done
/// before its event is stored, so a bad picture refuses the whole message.
pub async fn prepare<C: ConnectionTrait>(
    db: &C,
    camera: &str,
    bytes: Vec<u8>,
) -> AppResult<Vec<u8>> {
    let masks = masks_of(db, camera).await?;
    // Decoding takes a core for a moment: off the async workers.
    tokio::task::spawn_blocking(move || process(&bytes, &masks))
        .await
        .map_err(internal)?
}

/// Keeps an event's prepared snapshot, replacing any it had.
pub async fn put<C: ConnectionTrait>(
    db: &C,
    event_id: i64,
    jpeg: Vec<u8>,
    now: i64,
) -> AppResult<()> {
    db.execute_raw(stmt(
        db,
        "INSERT INTO camera_event_snapshot (event_id, image, taken_at) VALUES ($1, $2, $3) \
         ON CONFLICT (event_id) DO UPDATE SET image = excluded.image, taken_at = excluded.taken_at",
        vec![event_id.into(), jpeg.into(), now.into()],
    ))
    .await
    .map_err(internal)?;
    Ok(())
}

/// An event's snapshot, if kept.
pub async fn get<C: ConnectionTrait>(db: &C, event_id: i64) -> AppResult<Option<Vec<u8>>> {
    let row = db
        .query_one_raw(stmt(
            db,
            "SELECT image FROM camera_event_snapshot WHERE event_id = $1",
            vec![event_id.into()],
        ))
        .await
        .map_err(internal)?;
    row.map(|r| r.try_get_by_index::<Vec<u8>>(0).map_err(internal))
        .transpose()
}

/// Deletes the snapshots taken before `before` (microseconds); returns how many.
pub async fn purge<C: ConnectionTrait>(db: &C, before: i64) -> AppResult<u64> {
    let done = db
        .execute_raw(stmt(
            db,
            "DELETE FROM camera_event_snapshot WHERE taken_at < $1",
            vec![before.into()],
        ))
        .await
        .map_err(internal)?;
    Ok(done.rows_affected())
}

/// The retention worker: once an hour, the snapshots older than `days` go.
pub async fn purge_forever(db: sea_orm::DatabaseConnection, days: u32) {
    loop {
        let before = chrono::Utc::now().timestamp_micros() - i64::from(days) * 86_400_000_000;
        match purge(&db, before).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, days, "cameras: event snapshots purged"),
            Err(e) => tracing::warn!(error = %e, "cameras: snapshot purge failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mask_blacks_out_what_it_covers_and_nothing_else() {
        let white = image::RgbImage::from_pixel(100, 50, image::Rgb([255, 255, 255]));
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(white)
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        // The left half.
        let mask = vec![[0.0, 0.0], [0.5, 0.0], [0.5, 1.0], [0.0, 1.0]];
        let jpeg = process(&png, &[mask]).unwrap();
        let out = image::load_from_memory(&jpeg).unwrap().to_rgb8();
        assert!(out.get_pixel(10, 25)[0] < 30, "masked");
        assert!(out.get_pixel(90, 25)[0] > 225, "not masked");
        assert!(process(b"not an image", &[]).is_err());
        assert!(check_masks(&[vec![[0.0, 0.0], [1.5, 0.0], [0.0, 1.0]]]).is_err());
        assert!(check_masks(&[vec![[0.0, 0.0], [1.0, 0.0]]]).is_err());
    }
}
