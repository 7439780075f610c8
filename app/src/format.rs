//! Number and date formatting: Vietnamese conventions first, English second.

use crate::i18n::Lang;

/// Groups thousands and sets the decimal mark for the language:
/// vi `1.234.567,8`, en `1,234,567.8`.
pub fn number(value: f64, decimals: u8, lang: Lang) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    let (group, mark) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let raw = format!("{:.*}", decimals as usize, value.abs());
    let (int_part, frac_part) = match raw.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (raw.clone(), None),
    };
    let mut grouped = String::with_capacity(int_part.len() + int_part.len() / 3);
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(ch);
    }
    let mut out = String::new();
    if value < 0.0 && raw.chars().any(|c| c != '0' && c != '.') {
        out.push('-');
    }
    out.push_str(&grouped);
    if let Some(f) = frac_part {
        out.push(mark);
        out.push_str(&f);
    }
    out
}

/// Large counts in words the way officials read them: "1,2 triệu" / "1.2 million".
pub fn compact(value: f64, lang: Lang) -> String {
    let abs = value.abs();
    let (div, vi, en) = if abs >= 1e9 {
        (1e9, "tỷ", "billion")
    } else if abs >= 1e6 {
        (1e6, "triệu", "million")
    } else if abs >= 1e4 {
        (1e3, "nghìn", "thousand")
    } else {
        return number(value, 0, lang);
    };
    let unit = match lang {
        Lang::Vi => vi,
        Lang::En => en,
    };
    format!("{} {unit}", trim_zeros(&number(value / div, 2, lang), lang))
}

/// "1,50" → "1,5", "2,00" → "2": short axis and tile labels.
fn trim_zeros(shown: &str, lang: Lang) -> String {
    let mark = match lang {
        Lang::Vi => ',',
        Lang::En => '.',
    };
    if !shown.contains(mark) {
        return shown.to_string();
    }
    shown
        .trim_end_matches('0')
        .trim_end_matches(mark)
        .to_string()
}

/// A signed percentage change: "+5,75%".
pub fn percent_change(value: f64, lang: Lang) -> String {
    let sign = if value > 0.0 { "+" } else { "" };
    format!("{sign}{}%", number(value, 2, lang))
}

/// ISO date (yyyy-mm-dd) to the language's form: vi `dd/mm/yyyy`, en `yyyy-mm-dd`.
pub fn date(iso: &str, lang: Lang) -> String {
    let parts: Vec<&str> = iso.get(..10).unwrap_or(iso).split('-').collect();
    match (lang, parts.as_slice()) {
        (Lang::Vi, [y, m, d]) => format!("{d}/{m}/{y}"),
        _ => iso.get(..10).unwrap_or(iso).to_string(),
    }
}

/// A moment's calendar fields in the province's time (UTC+7). Times are written out from
/// these rather than with chrono's `format`: its formatter is 12 KB of wasm in every page
/// that shows a time (the citizen's report page among them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Local {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

/// [`Local`] of a Unix time in seconds.
pub fn local(unix: i64) -> Local {
    use chrono::{Datelike, Timelike};
    let t = chrono::DateTime::from_timestamp(unix + 7 * 3600, 0)
        .unwrap_or_default()
        .naive_utc();
    Local {
        year: t.year(),
        month: t.month(),
        day: t.day(),
        hour: t.hour(),
        minute: t.minute(),
    }
}

/// An RFC 3339 timestamp shown in the province's time (UTC+7), 24-hour clock.
pub fn datetime_local(rfc3339: &str, lang: Lang) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => {
            let Local {
                year: y,
                month: mo,
                day: d,
                hour: h,
                minute: mi,
            } = local(t.timestamp());
            match lang {
                Lang::Vi => format!("{d:02}/{mo:02}/{y} {h:02}:{mi:02} (UTC+7)"),
                Lang::En => format!("{y}-{mo:02}-{d:02} {h:02}:{mi:02} (UTC+7)"),
            }
        }
        Err(_) => rfc3339.to_string(),
    }
}

/// Folds Vietnamese text for search: lower case, no diacritics, đ → d.
pub fn fold(text: &str) -> String {
    text.chars()
        .map(fold_char)
        .collect::<String>()
        .to_lowercase()
}

fn fold_char(c: char) -> char {
    // Most text is ASCII: no group to search (profiled: a batch's booleans spent more
    // time here than in parsing).
    if c.is_ascii() {
        return c;
    }
    const GROUPS: [(&str, char); 14] = [
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'A'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ÈÉẺẼẸÊỀẾỂỄỆ", 'E'),
        ("ìíỉĩị", 'i'),
        ("ÌÍỈĨỊ", 'I'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'O'),
        ("ùúủũụưừứửữự", 'u'),
        ("ÙÚỦŨỤƯỪỨỬỮỰ", 'U'),
        ("ỳýỷỹỵ", 'y'),
        ("ỲÝỶỸỴ", 'Y'),
        ("đ", 'd'),
        ("Đ", 'D'),
    ];
    GROUPS
        .iter()
        .find(|(set, _)| set.contains(c))
        .map(|(_, base)| *base)
        .unwrap_or(c)
}

/// Escapes text for HTML (Leaflet popups and tooltips take HTML; the server's first drawing
/// of a page is HTML).
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// `text` percent-encoded for a URL's query or path segment (RFC 3986's unreserved kept).
pub fn url_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A unit of measure in the reader's language. Units are written in Vietnamese where
/// they are defined (datasets, indicators); the common ones have an English name here,
/// and the others (symbols such as `%` or `µg/m³`) read the same in both languages.
pub fn unit(unit: &str, lang: Lang) -> &str {
    if lang == Lang::Vi {
        return unit;
    }
    const EN: &[(&str, &str)] = &[
        ("lượt", "visits"),
        ("lượt khách", "visits"),
        ("tỷ đồng", "billion VND"),
        ("triệu đồng", "million VND"),
        ("nghìn đồng", "thousand VND"),
        ("đồng", "VND"),
        ("người", "people"),
        ("học sinh", "pupils"),
        ("học sinh/lớp", "pupils per class"),
        ("thí sinh", "candidates"),
        ("trẻ", "children"),
        ("lớp", "classes"),
        ("nhóm", "groups"),
        ("trường", "schools"),
        ("giường", "beds"),
        ("ngày giường", "bed-days"),
        ("ngày", "days"),
        ("tháng", "months"),
        ("năm", "years"),
        ("giờ", "hours"),
        ("phút", "minutes"),
        ("ca", "cases"),
        ("phòng", "rooms"),
        ("đêm phòng", "room-nights"),
        ("văn bản", "documents"),
        ("hồ sơ", "dossiers"),
        ("phản ánh", "reports"),
        ("sự kiện", "events"),
        ("bài viết", "posts"),
        ("camera", "cameras"),
        ("trạm", "stations"),
        ("cơ sở", "facilities"),
        ("doanh nghiệp", "businesses"),
        ("hộ", "households"),
        ("ha", "ha"),
        ("tấn", "tonnes"),
    ];
    EN.iter()
        .find(|(vi, _)| *vi == unit.trim())
        .map_or(unit, |(_, en)| en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped() {
        assert_eq!(escape_html("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
    }

    #[test]
    fn vietnamese_numbers_group_with_dots() {
        assert_eq!(number(1_234_567.8, 1, Lang::Vi), "1.234.567,8");
        assert_eq!(number(1_234_567.8, 1, Lang::En), "1,234,567.8");
        assert_eq!(number(999.0, 0, Lang::Vi), "999");
        assert_eq!(number(-1000.0, 0, Lang::Vi), "-1.000");
        assert_eq!(number(0.0, 2, Lang::Vi), "0,00");
    }

    #[test]
    fn compact_large_numbers() {
        assert_eq!(compact(16_120_000.0, Lang::Vi), "16,12 triệu");
        assert_eq!(compact(16_120_000.0, Lang::En), "16.12 million");
        assert_eq!(compact(950.0, Lang::Vi), "950");
        assert_eq!(compact(1_500_000.0, Lang::Vi), "1,5 triệu");
        assert_eq!(compact(2_000_000.0, Lang::En), "2 million");
        assert_eq!(compact(500_000.0, Lang::Vi), "500 nghìn");
    }

    #[test]
    fn dates_in_vietnamese_order() {
        assert_eq!(date("2024-03-07", Lang::Vi), "07/03/2024");
        assert_eq!(date("2024-03-07", Lang::En), "2024-03-07");
        assert_eq!(
            datetime_local("2024-03-07T18:30:00Z", Lang::Vi),
            "08/03/2024 01:30 (UTC+7)"
        );
        assert_eq!(
            datetime_local("2024-12-31T17:05:00+00:00", Lang::En),
            "2025-01-01 00:05 (UTC+7)"
        );
        assert_eq!(datetime_local("not a time", Lang::En), "not a time");
    }

    #[test]
    fn folding_removes_diacritics() {
        assert_eq!(fold("Đất Đỏ"), "dat do");
        assert_eq!(fold("Xuyên Mộc"), "xuyen moc");
    }

    #[test]
    fn units_read_in_english_and_symbols_stay() {
        assert_eq!(unit("tỷ đồng", Lang::En), "billion VND");
        assert_eq!(unit("lượt", Lang::En), "visits");
        assert_eq!(unit("lượt", Lang::Vi), "lượt");
        assert_eq!(unit("µg/m³", Lang::En), "µg/m³");
        assert_eq!(url_component("du lịch"), "du%20l%E1%BB%8Bch");
    }
}
