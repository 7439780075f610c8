//! Citizens' photos: judged by their bytes, size- and pixel-limited before decoding,
//! re-encoded as JPEG so nothing served carries EXIF (the camera's position is read
//! first and kept privately), and served only once a report has taken them.

use crate::auth::internal;
use crate::db::entity::feedback_photo;
use app::error::{AppError, AppResult};
use app::modules::feedback::model::{Photo, UploadedPhoto, MAX_PHOTOS};
use app::tr;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{Duration, Utc};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::io::Cursor;

use crate::state::AppState;
use crate::web::ApiError;

pub const MAX_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_PIXELS: u64 = 40_000_000;
/// Served photos are at most this wide or high: plenty for a pothole, light on phones
/// (and re-encoding a 12 MP photo stays well under the 300 ms budget).
pub const MAX_EDGE: u32 = 1600;
const QUALITY: u8 = 82;

/// A photo ready to store.
#[derive(Debug)]
pub struct Processed {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub position: Option<(f64, f64)>,
}

/// Checks and re-encodes one upload. Errors name the field `photo` and say what is wrong.
pub fn process(bytes: &[u8]) -> AppResult<Processed> {
    if bytes.len() > MAX_BYTES {
        return Err(AppError::TooLarge(tr!(
            "mỗi ảnh tối đa 10 MB",
            "a photo is at most 10 MB"
        )));
    }
    let format = image::guess_format(bytes)
        .ok()
        .filter(|f| matches!(f, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP));
    let Some(format) = format else {
        return Err(AppError::invalid(
            "photo",
            tr!(
                "không phải ảnh JPEG, PNG hoặc WebP (hệ thống xét nội dung tệp, không xét tên tệp)",
                "not a JPEG, PNG or WebP image (the file's content is judged, not its name)"
            ),
        ));
    };
    let unreadable = |_| {
        AppError::invalid(
            "photo",
            tr!(
                "ảnh bị hỏng hoặc không đầy đủ",
                "the image is damaged or incomplete"
            ),
        )
    };
    // The header's size first: a small file may claim billions of pixels.
    let (w, h) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(unreadable)?;
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_PIXELS {
        return Err(AppError::invalid(
            "photo",
            tr!(
                "ảnh {w}×{h} điểm ảnh ({:.0} megapixel); chỉ nhận ảnh tối đa {} megapixel",
                "{w}×{h} pixels is {:.0} megapixels; at most {} are accepted",
                pixels as f64 / 1e6,
                MAX_PIXELS / 1_000_000
            ),
        ));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(w);
    limits.max_image_height = Some(h);
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let orientation = decoder.orientation().map_err(unreadable)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    // Keep the photo upright once its EXIF orientation is gone.
    img.apply_orientation(orientation);
    let rgb = shrink(flatten(img))?;
    let mut jpeg = Vec::with_capacity(256 * 1024);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, QUALITY)
        .encode_image(&rgb)
        .map_err(internal)?;
    Ok(Processed {
        width: rgb.width(),
        height: rgb.height(),
        jpeg,
        position: gps(bytes),
    })
}

/// At most `MAX_EDGE` on the longer side, keeping the proportions.
fn shrink(rgb: image::RgbImage) -> AppResult<image::RgbImage> {
    use fast_image_resize::{images::Image, FilterType, PixelType, ResizeAlg, ResizeOptions};
    let (w, h) = rgb.dimensions();
    if w <= MAX_EDGE && h <= MAX_EDGE {
        return Ok(rgb);
    }
    let scale = f64::from(MAX_EDGE) / f64::from(w.max(h));
    let (dw, dh) = (
        ((f64::from(w) * scale).round() as u32).max(1),
        ((f64::from(h) * scale).round() as u32).max(1),
    );
    let src = Image::from_vec_u8(w, h, rgb.into_raw(), PixelType::U8x3).map_err(internal)?;
    let mut dst = Image::new(dw, dh, PixelType::U8x3);
    fast_image_resize::Resizer::new()
        .resize(
            &src,
            &mut dst,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Bilinear)),
        )
        .map_err(internal)?;
    image::RgbImage::from_raw(dw, dh, dst.into_vec()).ok_or_else(|| internal("resized buffer"))
}

/// Transparent pixels on white, not black.
fn flatten(img: DynamicImage) -> image::RgbImage {
    if !img.color().has_alpha() {
        return img.into_rgb8();
    }
    let rgba = img.into_rgba8();
    image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let p = rgba.get_pixel(x, y).0;
        let a = u16::from(p[3]);
        let mix = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])])
    })
}

/// The camera's position from EXIF, when it recorded one.
pub fn gps(bytes: &[u8]) -> Option<(f64, f64)> {
    use exif::{In, Tag, Value};
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok()?;
    let coord = |tag: Tag, reference: Tag, negative: &str| -> Option<f64> {
        let f = exif.get_field(tag, In::PRIMARY)?;
        let Value::Rational(parts) = &f.value else {
            return None;
        };
        let [d, m, s] = [parts.first()?, parts.get(1)?, parts.get(2)?].map(|r| r.to_f64());
        let mut v = d + m / 60.0 + s / 3600.0;
        let r = exif.get_field(reference, In::PRIMARY)?;
        if r.display_value()
            .to_string()
            .trim_matches('"')
            .starts_with(negative)
        {
            v = -v;
        }
        v.is_finite().then_some(v)
    };
    let lat = coord(Tag::GPSLatitude, Tag::GPSLatitudeRef, "S")?;
    let lon = coord(Tag::GPSLongitude, Tag::GPSLongitudeRef, "W")?;
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
}

/// A synthetic phone photo for tests and benchmarks: a JPEG of `w`×`h` with texture that
/// compresses like a photo and, when given, the EXIF position a phone writes.
pub fn sample(w: u32, h: u32, position: Option<(f64, f64)>) -> Vec<u8> {
    use exif::{Field, In, Rational, Tag, Value};
    let mut seed = 0x2545_f491_u32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let n = (seed % 48) as u8;
        image::Rgb([
            ((x / 7 + y / 11) % 200) as u8 + n,
            ((x / 13) % 180) as u8 + n,
            ((y / 5) % 160) as u8 + n,
        ])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 92)
        .encode_image(&img)
        .expect("encoding to memory");
    let Some((lat, lon)) = position else {
        return jpeg;
    };
    let dms = |v: f64| {
        let v = v.abs();
        let d = v.trunc();
        let m = ((v - d) * 60.0).trunc();
        let s = ((v - d) * 60.0 - m) * 60.0;
        Value::Rational(vec![
            Rational::from((d as u32, 1)),
            Rational::from((m as u32, 1)),
            Rational::from(((s * 1000.0).round() as u32, 1000)),
        ])
    };
    let ascii = |s: &str| Value::Ascii(vec![s.as_bytes().to_vec()]);
    let fields = [
        (Tag::Make, ascii("PhoneCam")),
        (
            Tag::GPSLatitudeRef,
            ascii(if lat < 0.0 { "S" } else { "N" }),
        ),
        (Tag::GPSLatitude, dms(lat)),
        (
            Tag::GPSLongitudeRef,
            ascii(if lon < 0.0 { "W" } else { "E" }),
        ),
        (Tag::GPSLongitude, dms(lon)),
    ]
    .map(|(tag, value)| Field {
        tag,
        ifd_num: In::PRIMARY,
        value,
    });
    let mut writer = exif::experimental::Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut tiff = Cursor::new(Vec::new());
    writer.write(&mut tiff, false).expect("writing to memory");
    let tiff = tiff.into_inner();
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    jpeg.splice(2..2, app1);
    jpeg
}

fn new_token() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

/// Stores an upload, not yet attached. Counted per client like reports: at most three
/// photos for each report the client may file in an hour.
pub async fn store(
    db: &DatabaseConnection,
    bytes: Bytes,
    client_hash: Option<String>,
    reports_per_hour: u32,
) -> AppResult<UploadedPhoto> {
    if let Some(h) = &client_hash {
        let allowance = reports_per_hour.saturating_mul(MAX_PHOTOS as u32);
        crate::web::quota::take(db, &format!("photo:{h}"), allowance, 3600).await?;
    }
    // Decoding takes a core and up to a few hundred MB: two at a time per server, the
    // rest wait their turn rather than exhaust memory.
    static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
    let _permit = DECODING.acquire().await.map_err(internal)?;
    let p = tokio::task::spawn_blocking(move || process(&bytes))
        .await
        .map_err(internal)??;
    let token = new_token();
    feedback_photo::Entity::insert(feedback_photo::ActiveModel {
        token: Set(token.clone()),
        report_id: Set(None),
        purpose: Set("report".into()),
        content_type: Set("image/jpeg".into()),
        width: Set(p.width as i32),
        height: Set(p.height as i32),
        bytes: Set(p.jpeg),
        exif_lat: Set(p.position.map(|x| x.0)),
        exif_lon: Set(p.position.map(|x| x.1)),
        client_hash: Set(client_hash),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(db)
    .await
    .map_err(internal)?;
    Ok(UploadedPhoto {
        token,
        width: p.width,
        height: p.height,
        lat: p.position.map(|x| x.0),
        lon: p.position.map(|x| x.1),
    })
}

/// Gives uploaded photos to a report, inside the caller's transaction: each token must
/// name a photo no report has taken yet.
pub async fn attach(
    txn: &impl ConnectionTrait,
    report_id: i64,
    tokens: &[String],
    purpose: &str,
) -> AppResult<()> {
    if tokens.is_empty() {
        return Ok(());
    }
    let res = feedback_photo::Entity::update_many()
        .col_expr(
            feedback_photo::Column::ReportId,
            sea_orm::sea_query::Expr::value(report_id),
        )
        .col_expr(
            feedback_photo::Column::Purpose,
            sea_orm::sea_query::Expr::value(purpose),
        )
        .filter(feedback_photo::Column::Token.is_in(tokens.iter().map(String::as_str)))
        .filter(feedback_photo::Column::ReportId.is_null())
        .exec(txn)
        .await
        .map_err(internal)?;
    let mut distinct = tokens.to_vec();
    distinct.sort();
    distinct.dedup();
    if res.rows_affected != distinct.len() as u64 {
        return Err(AppError::invalid(
            "photos",
            tr!(
                "không tìm thấy ảnh hoặc ảnh đã được gắn với một phản ánh; hãy tải ảnh lên lại",
                "a photo was not found or already belongs to a report; upload it again"
            ),
        ));
    }
    Ok(())
}

pub fn url(token: &str) -> String {
    format!("/api/v1/feedback/photos/{token}.jpg")
}

/// A report's photos, oldest first, and the first position a camera recorded.
pub async fn of_report(
    db: &impl ConnectionTrait,
    report_id: i64,
) -> AppResult<(Vec<Photo>, Option<(f64, f64)>)> {
    type Row = (String, String, i32, i32, Option<f64>, Option<f64>);
    let rows: Vec<Row> = feedback_photo::Entity::find()
        .select_only()
        .column(feedback_photo::Column::Token)
        .column(feedback_photo::Column::Purpose)
        .column(feedback_photo::Column::Width)
        .column(feedback_photo::Column::Height)
        .column(feedback_photo::Column::ExifLat)
        .column(feedback_photo::Column::ExifLon)
        .filter(feedback_photo::Column::ReportId.eq(report_id))
        .order_by_asc(feedback_photo::Column::Id)
        .into_tuple()
        .all(db)
        .await
        .map_err(internal)?;
    // The citizen's camera, never an official's photo of the finished work.
    let position = rows
        .iter()
        .filter(|r| r.1 == "report")
        .find_map(|r| Some((r.4?, r.5?)));
    let photos = rows
        .into_iter()
        .map(|(token, purpose, w, h, _, _)| Photo {
            url: url(&token),
            purpose,
            width: w as u32,
            height: h as u32,
        })
        .collect();
    Ok((photos, position))
}

/// Deletes uploads no report took within a day.
pub async fn sweep(db: &DatabaseConnection) -> AppResult<u64> {
    let res = feedback_photo::Entity::delete_many()
        .filter(feedback_photo::Column::ReportId.is_null())
        .filter(feedback_photo::Column::CreatedAt.lt(Utc::now() - Duration::days(1)))
        .exec(db)
        .await
        .map_err(internal)?;
    Ok(res.rows_affected)
}

pub fn routes(state: &AppState) -> Router<AppState> {
    use crate::web::limits::{limit, Group};
    use axum::middleware::from_fn_with_state;
    Router::new()
        .route(
            "/api/v1/feedback/photos",
            post(upload).route_layer(from_fn_with_state((state.clone(), Group::Upload), limit)),
        )
        .route("/api/v1/feedback/photos/{file}", get(serve))
}

/// `POST /api/v1/feedback/photos`: the image's bytes as the body, whatever its
/// Content-Type says. 201 with the token a report then names.
async fn upload(
    State(state): State<AppState>,
    req: axum::extract::Request,
) -> Result<Response, ApiError> {
    let client = crate::client_addr(&req, state.settings.trust_proxy)
        .map(|c| crate::auth::sha256_hex(&format!("ioc-client:{c}")));
    let bytes = axum::body::to_bytes(req.into_body(), MAX_BYTES + 1)
        .await
        .map_err(|_| {
            ApiError(AppError::TooLarge(tr!(
                "mỗi ảnh tối đa 10 MB",
                "a photo is at most 10 MB"
            )))
        })?;
    let up = store(
        &state.db,
        bytes,
        client,
        state.settings.module::<super::Settings>().reports_per_hour,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(up)).into_response())
}

/// `GET /api/v1/feedback/photos/{token}.jpg`: only photos a report has taken; always
/// JPEG, never sniffed, never a document.
async fn serve(
    State(state): State<AppState>,
    Path(file): Path<String>,
    request_headers: HeaderMap,
) -> Result<Response, ApiError> {
    let token = file.strip_suffix(".jpg").unwrap_or(&file);
    let photo = feedback_photo::Entity::find()
        .filter(feedback_photo::Column::Token.eq(token))
        .filter(feedback_photo::Column::ReportId.is_not_null())
        .one(&state.db)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound("photo".into()))?;
    // A rejected report's photos (abuse, someone's face) are no longer served.
    let report =
        crate::db::entity::feedback_report::Entity::find_by_id(photo.report_id.unwrap_or_default())
            .one(&state.db)
            .await
            .map_err(internal)?;
    if report.is_none_or(|r| super::store::withdrawn(&r.status, r.resolved_at.is_some())) {
        return Err(AppError::NotFound("photo".into()).into());
    }
    use axum::http::HeaderValue;
    let mut out = HeaderMap::new();
    out.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    out.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Never a document: the app-wide policy leaves this one as it is.
    out.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    out.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline"),
    );
    // Caches ask again every time (a cheap 304 by the tag): a photo withdrawn with its
    // report stops being shown at once, not a year later.
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    let etag = format!("\"{}\"", photo.token);
    if let Ok(v) = HeaderValue::from_str(&etag) {
        out.insert(header::ETAG, v);
    }
    let fresh = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    if fresh {
        return Ok((StatusCode::NOT_MODIFIED, out).into_response());
    }
    let headers = out;
    Ok((headers, photo.bytes).into_response())
}
