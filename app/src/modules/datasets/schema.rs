//! Dataset definitions and row validation: pure functions, used by the server when it
//! ingests and testable natively. Every error names its field or column.

use super::model::{DatasetDef, FieldDef, FieldType, Frequency};
use crate::error::{AppError, Text};
use crate::i18n::Lang;
use serde_json::{Map, Number, Value};
use std::collections::HashSet;

/// Separates key parts in a row's stored key: a control character no cell contains.
pub const KEY_SEPARATOR: char = '\u{1f}';

fn is_slug(s: &str, allow_dash: bool) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || (allow_dash && c == '-')
        })
}

/// Fields of one dataset that may have an index of their own.
pub const MAX_INDEXED: usize = 4;

/// Checks a definition before it is stored.
pub fn validate_def(def: &DatasetDef) -> Result<(), AppError> {
    if !is_slug(&def.code, true) {
        return Err(AppError::invalid(
            "code",
            tr!(
                "dùng 1–64 chữ thường, chữ số, '-' hoặc '_'",
                "use 1–64 lower-case letters, digits, '-' or '_'"
            ),
        ));
    }
    if def.title.trim().is_empty() {
        return Err(AppError::invalid("title", tr!("bắt buộc", "required")));
    }
    if def.fields.is_empty() {
        return Err(AppError::invalid(
            "fields",
            tr!(
                "tập dữ liệu cần ít nhất một trường",
                "a dataset needs at least one field"
            ),
        ));
    }
    let mut names = HashSet::new();
    for (i, f) in def.fields.iter().enumerate() {
        let at = |what: &str| format!("fields[{i}].{what}");
        if !is_slug(&f.name, false) {
            return Err(AppError::invalid(
                at("name"),
                tr!(
                    "dùng chữ thường, chữ số và '_'",
                    "use lower-case letters, digits and '_'"
                ),
            ));
        }
        if f.name.starts_with('_') {
            // `_id` and the like are the open-data API's own columns (as in CKAN).
            return Err(AppError::invalid(
                at("name"),
                tr!(
                    "không được bắt đầu bằng '_' (dành riêng, ví dụ _id)",
                    "must not start with '_' (reserved, e.g. _id)"
                ),
            ));
        }
        if !names.insert(f.name.as_str()) {
            return Err(AppError::invalid(
                at("name"),
                tr!("'{}' xuất hiện hai lần", "'{}' appears twice", f.name),
            ));
        }
        if f.kind == FieldType::Enum && f.values.is_empty() {
            return Err(AppError::invalid(
                at("values"),
                tr!(
                    "trường kiểu enum phải liệt kê các giá trị cho phép",
                    "an enum field lists its allowed values"
                ),
            ));
        }
        if let (Some(min), Some(max)) = (f.min, f.max) {
            if min > max {
                return Err(AppError::invalid(
                    at("min"),
                    tr!("min lớn hơn max", "min is larger than max"),
                ));
            }
        }
    }
    for kind in [FieldType::Unit, FieldType::Period] {
        if def.fields.iter().filter(|f| f.kind == kind).count() > 1 {
            return Err(AppError::invalid(
                "fields",
                tr!(
                    "tối đa một trường kiểu {}",
                    "at most one field of type {}",
                    type_name(kind)
                ),
            ));
        }
    }
    let indexed = def.fields.iter().filter(|f| f.indexed).count();
    if indexed > MAX_INDEXED {
        return Err(AppError::invalid(
            "fields",
            tr!(
                "tối đa {MAX_INDEXED} trường có chỉ mục (indexed); mỗi chỉ mục làm chậm việc nạp dữ liệu",
                "at most {MAX_INDEXED} indexed fields; each index slows ingestion"
            ),
        ));
    }
    if let Some(owner) = &def.owner_field {
        if !def
            .fields
            .iter()
            .any(|f| &f.name == owner && f.kind == FieldType::Department && f.required)
        {
            return Err(AppError::invalid(
                "owner_field",
                tr!(
                    "'{owner}' phải là một trường bắt buộc kiểu department",
                    "'{owner}' must be a required field of type department"
                ),
            ));
        }
    }
    if def.key.is_empty() {
        return Err(AppError::invalid(
            "key",
            tr!(
                "nêu các trường xác định một dòng",
                "name the fields that identify a row"
            ),
        ));
    }
    for k in &def.key {
        if !names.contains(k.as_str()) {
            return Err(AppError::invalid(
                "key",
                tr!(
                    "'{k}' không phải là trường của tập dữ liệu này",
                    "'{k}' is not a field of this dataset"
                ),
            ));
        }
    }
    Ok(())
}

pub fn type_name(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Integer => "integer",
        FieldType::Decimal => "decimal",
        FieldType::Text => "text",
        FieldType::Date => "date",
        FieldType::Enum => "enum",
        FieldType::Boolean => "boolean",
        FieldType::Lat => "lat",
        FieldType::Long => "long",
        FieldType::Unit => "unit",
        FieldType::Period => "period",
        FieldType::Datetime => "datetime",
        FieldType::Department => "department",
    }
}

/// A cell as it arrived: text from CSV, or a JSON value.
#[derive(Debug, Clone, Copy)]
pub enum Cell<'a> {
    Text(&'a str),
    Json(&'a Value),
}

impl Cell<'_> {
    fn is_empty(&self) -> bool {
        match self {
            Cell::Text(s) => s.trim().is_empty(),
            Cell::Json(v) => v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()),
        }
    }

    fn text(&self) -> Option<String> {
        match self {
            Cell::Text(s) => Some(s.trim().to_string()),
            Cell::Json(Value::String(s)) => Some(s.trim().to_string()),
            Cell::Json(Value::Number(n)) => Some(n.to_string()),
            Cell::Json(Value::Bool(b)) => Some(b.to_string()),
            Cell::Json(_) => None,
        }
    }
}

/// A valid row: its key, unit and period, and the normalised values by field name.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub key: String,
    pub unit: Option<String>,
    pub period: Option<String>,
    pub data: Map<String, Value>,
}

/// Validates one row. `cell(name)` gives the raw cell of a field, if the row has it;
/// `known(FieldType::Unit, code)` says whether an administrative unit exists, and
/// `known(FieldType::Department, code)` whether a department does.
pub fn validate_row<'a>(
    def: &DatasetDef,
    cell: impl Fn(&str) -> Option<Cell<'a>>,
    known: impl Fn(FieldType, &str) -> bool,
) -> Result<Row, Vec<(String, Text)>> {
    let mut data = Map::new();
    let mut errors = Vec::new();
    let mut unit = None;
    let mut period = None;
    for f in &def.fields {
        let raw = cell(&f.name).filter(|c| !c.is_empty());
        let required = f.required || def.key.contains(&f.name);
        let Some(raw) = raw else {
            if required {
                errors.push((
                    f.name.clone(),
                    tr!("bắt buộc, nhưng đang trống", "required, but empty"),
                ));
            }
            continue;
        };
        match parse_cell(f, raw, def.frequency) {
            Ok(v) => {
                if f.kind == FieldType::Unit {
                    let code = v.as_str().unwrap_or_default().to_string();
                    if !known(FieldType::Unit, &code) {
                        errors.push((
                            f.name.clone(),
                            tr!(
                                "không có đơn vị hành chính '{code}'",
                                "unknown administrative unit '{code}'"
                            ),
                        ));
                        continue;
                    }
                    unit = Some(code);
                }
                if f.kind == FieldType::Department {
                    let code = v.as_str().unwrap_or_default();
                    if !known(FieldType::Department, code) {
                        errors.push((
                            f.name.clone(),
                            tr!(
                                "không có sở, ngành nào có mã '{code}'",
                                "no department with code '{code}'"
                            ),
                        ));
                        continue;
                    }
                }
                if f.kind == FieldType::Period {
                    period = v.as_str().map(str::to_string);
                }
                data.insert(f.name.clone(), v);
            }
            Err(reason) => errors.push((f.name.clone(), reason)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let key = def
        .key
        .iter()
        .map(|k| match data.get(k) {
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => String::new(),
        })
        .collect::<Vec<_>>()
        .join(&KEY_SEPARATOR.to_string());
    Ok(Row {
        key,
        unit,
        period,
        data,
    })
}

/// Normalises one non-empty cell for its field, or says why it cannot.
pub fn parse_cell(f: &FieldDef, raw: Cell<'_>, frequency: Frequency) -> Result<Value, Text> {
    let value = match f.kind {
        FieldType::Integer => {
            let n = match raw {
                Cell::Json(Value::Number(n)) => n
                    .as_i64()
                    .or_else(|| n.as_f64().filter(|x| x.fract() == 0.0).map(|x| x as i64))
                    .ok_or_else(|| {
                        tr!("'{n}' không phải số nguyên", "'{n}' is not a whole number")
                    })?,
                _ => {
                    let t = raw
                        .text()
                        .ok_or_else(|| tr!("cần một số nguyên", "expected a whole number"))?;
                    parse_integer(&t).ok_or_else(|| {
                        tr!("'{t}' không phải số nguyên", "'{t}' is not a whole number")
                    })?
                }
            };
            check_range(f, n as f64)?;
            Value::Number(n.into())
        }
        FieldType::Decimal | FieldType::Lat | FieldType::Long => {
            let x = match raw {
                Cell::Json(Value::Number(n)) => n
                    .as_f64()
                    .ok_or_else(|| tr!("không phải là số", "not a number"))?,
                _ => {
                    let t = raw
                        .text()
                        .ok_or_else(|| tr!("cần một số", "expected a number"))?;
                    parse_decimal(&t)
                        .ok_or_else(|| tr!("'{t}' không phải là số", "'{t}' is not a number"))?
                }
            };
            let (lo, hi) = match f.kind {
                FieldType::Lat => (-90.0, 90.0),
                FieldType::Long => (-180.0, 180.0),
                _ => (f64::MIN, f64::MAX),
            };
            if !(lo..=hi).contains(&x) {
                return Err(tr!("{x} nằm ngoài {lo}..{hi}", "{x} is outside {lo}..{hi}"));
            }
            check_range(f, x)?;
            Value::Number(
                Number::from_f64(x)
                    .ok_or_else(|| tr!("không phải số hữu hạn", "not a finite number"))?,
            )
        }
        FieldType::Boolean => {
            let b = match raw {
                Cell::Json(Value::Bool(b)) => *b,
                _ => {
                    let t = raw
                        .text()
                        .ok_or_else(|| tr!("cần true hoặc false", "expected true or false"))?;
                    parse_bool(&t).ok_or_else(|| {
                        tr!("'{t}' không phải true/false", "'{t}' is not true/false")
                    })?
                }
            };
            Value::Bool(b)
        }
        FieldType::Text => Value::String(
            raw.text()
                .ok_or_else(|| tr!("cần một chuỗi văn bản", "expected text"))?,
        ),
        FieldType::Enum => {
            let t = raw.text().ok_or_else(|| {
                tr!(
                    "cần một trong các giá trị cho phép",
                    "expected one of the allowed values"
                )
            })?;
            if !f.values.iter().any(|v| v == &t) {
                let allowed = f.values.join(", ");
                return Err(tr!(
                    "'{t}' không thuộc: {allowed}",
                    "'{t}' is not one of: {allowed}"
                ));
            }
            Value::String(t)
        }
        FieldType::Date => {
            let t = raw
                .text()
                .ok_or_else(|| tr!("cần một ngày", "expected a date"))?;
            Value::String(parse_date(&t).ok_or_else(|| {
                tr!(
                    "'{t}' không phải là ngày (yyyy-mm-dd hoặc dd/mm/yyyy)",
                    "'{t}' is not a date (yyyy-mm-dd or dd/mm/yyyy)"
                )
            })?)
        }
        FieldType::Unit => Value::String(
            raw.text()
                .ok_or_else(|| tr!("cần một mã đơn vị", "expected a unit code"))?,
        ),
        FieldType::Department => Value::String(
            raw.text()
                .ok_or_else(|| tr!("cần một mã sở, ngành", "expected a department code"))?,
        ),
        FieldType::Datetime => {
            let t = raw
                .text()
                .ok_or_else(|| tr!("cần một thời điểm", "expected a date and time"))?;
            Value::String(parse_datetime(&t).ok_or_else(|| {
                tr!(
                    "'{t}' không phải là thời điểm có múi giờ (ví dụ 2024-03-01T08:30:00+07:00)",
                    "'{t}' is not a date and time with an offset (e.g. 2024-03-01T08:30:00+07:00)"
                )
            })?)
        }
        FieldType::Period => {
            let t = raw
                .text()
                .ok_or_else(|| tr!("cần một kỳ", "expected a period"))?;
            Value::String(parse_period(&t, frequency).ok_or_else(|| {
                let hint = period_hint(frequency);
                let (vi, en) = (
                    freq_name(frequency, Lang::Vi),
                    freq_name(frequency, Lang::En),
                );
                tr!(
                    "'{t}' không phải là kỳ {vi} ({hint})",
                    "'{t}' is not a {en} period ({hint})"
                )
            })?)
        }
    };
    Ok(value)
}

fn check_range(f: &FieldDef, x: f64) -> Result<(), Text> {
    if let Some(min) = f.min {
        if x < min {
            return Err(tr!(
                "{x} nhỏ hơn mức tối thiểu {min}",
                "{x} is below the minimum {min}"
            ));
        }
    }
    if let Some(max) = f.max {
        if x > max {
            return Err(tr!(
                "{x} lớn hơn mức tối đa {max}",
                "{x} is above the maximum {max}"
            ));
        }
    }
    Ok(())
}

/// Whole numbers, with `.`, `,` or spaces grouping thousands ("1.234.567").
pub fn parse_integer(t: &str) -> Option<i64> {
    let t = t.trim();
    if let Ok(n) = t.parse::<i64>() {
        return Some(n);
    }
    let (sign, digits) = t.strip_prefix('-').map(|d| (-1, d)).unwrap_or((1, t));
    let sep = digits.chars().find(|c| matches!(c, '.' | ',' | ' '))?;
    let groups: Vec<&str> = digits.split(sep).collect();
    let well_grouped = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    if !well_grouped {
        return None;
    }
    groups.concat().parse::<i64>().ok().map(|n| sign * n)
}

/// Decimals with either mark: "1234.5", "1234,5", "1.234,5", "1,234.5".
pub fn parse_decimal(t: &str) -> Option<f64> {
    let t = t.trim().replace(' ', "");
    let normalised = match (t.rfind('.'), t.rfind(',')) {
        (Some(d), Some(c)) if c > d => t.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => t.replace(',', ""),
        (None, Some(_)) if t.matches(',').count() == 1 => t.replace(',', "."),
        (None, Some(_)) => t.replace(',', ""),
        _ => t.clone(),
    };
    normalised.parse::<f64>().ok().filter(|x| x.is_finite())
}

fn parse_bool(t: &str) -> Option<bool> {
    match crate::format::fold(t).as_str() {
        "true" | "1" | "yes" | "y" | "co" | "x" | "dung" => Some(true),
        "false" | "0" | "no" | "n" | "khong" | "sai" => Some(false),
        _ => None,
    }
}

/// `yyyy-mm-dd` or `dd/mm/yyyy` → `yyyy-mm-dd`.
pub fn parse_date(t: &str) -> Option<String> {
    // Most dates come as `yyyy-mm-dd` already: checked by hand and kept as they are.
    // chrono's format parser and formatter were a tenth of an ingest's time (profiled).
    if iso_date(t).is_some() {
        return Some(t.to_string());
    }
    let d = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .ok()?;
    Some(d.format("%Y-%m-%d").to_string())
}

/// A valid date written exactly `yyyy-mm-dd`.
fn iso_date(t: &str) -> Option<chrono::NaiveDate> {
    let b = t.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// RFC 3339 with an offset (`Z` or `±hh:mm`; a space may stand for the `T`), kept in the
/// offset it came with, to the second.
pub fn parse_datetime(t: &str) -> Option<String> {
    let d = chrono::DateTime::parse_from_rfc3339(t.trim()).ok()?;
    Some(d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

fn freq_name(f: Frequency, lang: Lang) -> &'static str {
    match f {
        Frequency::Daily => lang.pick("ngày", "daily"),
        Frequency::Weekly => lang.pick("tuần", "weekly"),
        Frequency::Monthly => lang.pick("tháng", "monthly"),
        Frequency::Quarterly => lang.pick("quý", "quarterly"),
        Frequency::Yearly => lang.pick("năm", "yearly"),
    }
}

fn period_hint(f: Frequency) -> &'static str {
    match f {
        Frequency::Daily => "yyyy-mm-dd or dd/mm/yyyy",
        Frequency::Weekly => "yyyy-Www",
        Frequency::Monthly => "yyyy-mm or mm/yyyy",
        Frequency::Quarterly => "yyyy-Qn or Qn/yyyy",
        Frequency::Yearly => "yyyy",
    }
}

fn year(t: &str) -> Option<i32> {
    (t.len() == 4)
        .then(|| t.parse().ok())
        .flatten()
        .filter(|y| (1900..=2200).contains(y))
}

/// A period in the dataset's frequency, normalised: `2024-03`, `2024-Q1`, `2024`,
/// `2024-03-07`, `2024-W09`.
pub fn parse_period(t: &str, frequency: Frequency) -> Option<String> {
    let t = t.trim();
    match frequency {
        Frequency::Yearly => year(t).map(|y| y.to_string()),
        Frequency::Daily => parse_date(t),
        Frequency::Monthly => {
            let (y, m) = if let Some((a, b)) = t.split_once('-') {
                (year(a)?, b.parse::<u32>().ok()?)
            } else {
                let (a, b) = t.split_once('/')?;
                (year(b)?, a.parse::<u32>().ok()?)
            };
            (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"))
        }
        Frequency::Quarterly => {
            let upper = t.to_uppercase();
            let (y, q) = if let Some((a, b)) = upper.split_once("-Q") {
                (year(a)?, b.parse::<u32>().ok()?)
            } else {
                let (a, b) = upper.split_once('/')?;
                (year(b)?, a.strip_prefix('Q')?.parse::<u32>().ok()?)
            };
            (1..=4).contains(&q).then(|| format!("{y:04}-Q{q}"))
        }
        Frequency::Weekly => {
            let upper = t.to_uppercase();
            let (a, b) = upper.split_once("-W")?;
            let (y, w) = (year(a)?, b.parse::<u32>().ok()?);
            (1..=53).contains(&w).then(|| format!("{y:04}-W{w:02}"))
        }
    }
}

/// Every period from `first` to `last` inclusive (both normalised), for completeness.
pub fn periods_between(first: &str, last: &str, frequency: Frequency) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = first.to_string();
    while cur.as_str() <= last && out.len() < 100_000 {
        out.push(cur.clone());
        match next_period(&cur, frequency) {
            Some(n) => cur = n,
            None => break,
        }
    }
    out
}

fn next_period(p: &str, frequency: Frequency) -> Option<String> {
    match frequency {
        Frequency::Yearly => Some((p.parse::<i32>().ok()? + 1).to_string()),
        Frequency::Monthly => {
            let (y, m) = p.split_once('-')?;
            let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
            Some(if m == 12 {
                format!("{:04}-01", y + 1)
            } else {
                format!("{y:04}-{:02}", m + 1)
            })
        }
        Frequency::Quarterly => {
            let (y, q) = p.split_once("-Q")?;
            let (y, q): (i32, u32) = (y.parse().ok()?, q.parse().ok()?);
            Some(if q == 4 {
                format!("{:04}-Q1", y + 1)
            } else {
                format!("{y:04}-Q{}", q + 1)
            })
        }
        Frequency::Daily => {
            let d = chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").ok()?;
            Some(d.succ_opt()?.format("%Y-%m-%d").to_string())
        }
        Frequency::Weekly => {
            let (y, w) = p.split_once("-W")?;
            let d = chrono::NaiveDate::from_isoywd_opt(
                y.parse().ok()?,
                w.parse().ok()?,
                chrono::Weekday::Mon,
            )?;
            let n = d + chrono::Duration::days(7);
            let iso = chrono::Datelike::iso_week(&n);
            Some(format!("{:04}-W{:02}", iso.year(), iso.week()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_and_written_one_way() {
        assert_eq!(parse_date("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2024-13-01"), None);
        assert_eq!(parse_date("2024-1a-01"), None);
        assert_eq!(parse_date("05/03/2024").as_deref(), Some("2024-03-05"));
        // What chrono reads besides the exact form is still read, and written exactly.
        assert_eq!(parse_date("2024-3-5").as_deref(), Some("2024-03-05"));
        assert_eq!(parse_date(""), None);
    }

    fn tourism() -> DatasetDef {
        serde_json::from_value(serde_json::json!({
            "code": "tourism-monthly", "title": "Lượt khách du lịch theo tháng", "frequency": "monthly", "public": true,
            "fields": [
                {"name": "district_code", "type": "unit", "required": true},
                {"name": "month", "type": "period", "required": true},
                {"name": "visitors", "type": "integer", "min": 0, "required": true, "unit": "lượt"},
                {"name": "revenue", "type": "decimal", "min": 0, "unit": "triệu đồng"}],
            "key": ["district_code", "month"]
        }))
        .unwrap()
    }

    fn row(values: &[(&str, &str)]) -> Result<Row, Vec<(String, Text)>> {
        let def = tourism();
        validate_row(
            &def,
            |name| {
                values
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| Cell::Text(v))
            },
            |_, code| ["747", "748"].contains(&code),
        )
    }

    #[test]
    fn datetimes_need_an_offset_and_departments_must_exist() {
        let def: DatasetDef = serde_json::from_value(serde_json::json!({
            "code": "d", "title": "D", "frequency": "daily",
            "fields": [
                {"name": "id", "type": "text"},
                {"name": "agency", "type": "department", "required": true},
                {"name": "at", "type": "datetime", "required": true}],
            "key": ["id"], "owner_field": "agency"
        }))
        .unwrap();
        validate_def(&def).unwrap();
        let check = |agency: &str, at: &str| {
            let cells = [("id", "1"), ("agency", agency), ("at", at)];
            validate_row(
                &def,
                |name| {
                    cells
                        .iter()
                        .find(|(k, _)| *k == name)
                        .map(|(_, v)| Cell::Text(v))
                },
                |kind, code| kind == FieldType::Department && code == "SYT",
            )
        };
        let ok = check("SYT", "2024-03-01 08:30:00+07:00").unwrap();
        assert_eq!(ok.data["at"], "2024-03-01T08:30:00+07:00");
        assert_eq!(
            check("SYT", "2024-03-01T01:30:00Z").unwrap().data["at"],
            "2024-03-01T01:30:00Z"
        );
        let errs = check("XYZ", "2024-03-01T08:30:00").unwrap_err();
        let cols: Vec<&str> = errs.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(cols, ["agency", "at"], "{errs:?}");
        let mut bad = def.clone();
        bad.owner_field = Some("at".into());
        assert!(validate_def(&bad).is_err());
    }

    #[test]
    fn the_issue_example_is_a_valid_definition() {
        validate_def(&tourism()).unwrap();
        let mut bad = tourism();
        bad.key = vec!["nope".into()];
        assert_eq!(
            validate_def(&bad).unwrap_err(),
            AppError::invalid(
                "key",
                tr!(
                    "'nope' không phải là trường của tập dữ liệu này",
                    "'nope' is not a field of this dataset"
                )
            )
        );
        let mut bad = tourism();
        bad.fields[2].min = Some(10.0);
        bad.fields[2].max = Some(1.0);
        assert!(
            matches!(validate_def(&bad), Err(AppError::Invalid { field, .. }) if field == "fields[2].min")
        );
        // `_id` is the open-data API's row id.
        let mut bad = tourism();
        bad.fields[3].name = "_id".into();
        assert!(
            matches!(validate_def(&bad), Err(AppError::Invalid { field, .. }) if field == "fields[3].name")
        );
        // Each index costs every write: four fields at most.
        let mut many = tourism();
        for i in 0..MAX_INDEXED + 1 {
            let mut f = many.fields[2].clone();
            f.name = format!("count_{i}");
            f.indexed = true;
            many.fields.push(f);
        }
        assert!(
            matches!(validate_def(&many), Err(AppError::Invalid { field, .. }) if field == "fields")
        );
        many.fields.pop();
        validate_def(&many).unwrap();
    }

    #[test]
    fn valid_rows_are_normalised() {
        let r = row(&[
            ("district_code", "747"),
            ("month", "3/2024"),
            ("visitors", "1.234.567"),
            ("revenue", "12,5"),
        ])
        .unwrap();
        assert_eq!(r.period.as_deref(), Some("2024-03"));
        assert_eq!(r.unit.as_deref(), Some("747"));
        assert_eq!(r.data["visitors"], 1_234_567);
        assert_eq!(r.data["revenue"], 12.5);
        assert_eq!(r.key, format!("747{KEY_SEPARATOR}2024-03"));
    }

    #[test]
    fn bad_cells_name_their_column_and_reason() {
        let errs = row(&[
            ("district_code", "999"),
            ("month", "2024-13"),
            ("visitors", "-5"),
            ("revenue", "abc"),
        ])
        .unwrap_err();
        let cols: Vec<&str> = errs.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(cols, ["district_code", "month", "visitors", "revenue"]);
        assert!(errs[0].1.en.contains("unknown administrative unit '999'"));
        assert!(errs[0].1.vi.contains("không có đơn vị hành chính '999'"));
        assert!(errs[2].1.en.contains("below the minimum 0"));
        let missing = row(&[("district_code", "747"), ("month", "2024-01")]).unwrap_err();
        assert_eq!(
            missing,
            vec![(
                "visitors".to_string(),
                tr!("bắt buộc, nhưng đang trống", "required, but empty")
            )]
        );
    }

    #[test]
    fn numbers_and_periods_in_local_forms() {
        assert_eq!(parse_integer("1,234"), Some(1234));
        assert_eq!(parse_integer("12.34"), None);
        assert_eq!(parse_decimal("1.234,5"), Some(1234.5));
        assert_eq!(parse_decimal("1,234.5"), Some(1234.5));
        assert_eq!(
            parse_period("Q2/2024", Frequency::Quarterly).as_deref(),
            Some("2024-Q2")
        );
        assert_eq!(
            parse_period("2024-w9", Frequency::Weekly).as_deref(),
            Some("2024-W09")
        );
        assert_eq!(
            parse_period("07/03/2024", Frequency::Daily).as_deref(),
            Some("2024-03-07")
        );
        assert_eq!(
            periods_between("2023-11", "2024-02", Frequency::Monthly),
            ["2023-11", "2023-12", "2024-01", "2024-02"]
        );
        assert_eq!(
            periods_between("2024-Q3", "2025-Q1", Frequency::Quarterly).len(),
            3
        );
        assert_eq!(
            periods_between("2020-W52", "2021-W02", Frequency::Weekly),
            ["2020-W52", "2020-W53", "2021-W01", "2021-W02"]
        );
    }
}
