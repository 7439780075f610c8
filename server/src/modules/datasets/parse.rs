//! Request bodies to rows: a JSON array of objects, or CSV (UTF-8 with or without BOM,
//! comma or semicolon). Row numbers are what a person sees: CSV counts its header as row 1.

use app::error::Text;
use app::modules::datasets::model::{DatasetDef, Rejection};
use app::modules::datasets::schema::Cell;
use app::tr;
use std::collections::HashMap;

/// One incoming row, before validation.
pub enum RawRow {
    Json(serde_json::Map<String, serde_json::Value>),
    Csv(Vec<String>),
}

pub struct Parsed {
    /// (row number, row)
    pub rows: Vec<(u64, RawRow)>,
    /// CSV column name → index.
    pub header: HashMap<String, usize>,
    /// Problems that make the whole request unusable (an unknown CSV column, bad JSON).
    pub fatal: Vec<Rejection>,
    /// Rows refused while parsing (wrong shape).
    pub rejected: Vec<Rejection>,
}

impl Parsed {
    pub fn cell<'a>(&'a self, row: &'a RawRow, name: &str) -> Option<Cell<'a>> {
        match row {
            RawRow::Json(m) => m.get(name).map(Cell::Json),
            RawRow::Csv(values) => self
                .header
                .get(name)
                .and_then(|i| values.get(*i))
                .map(|v| Cell::Text(v.as_str())),
        }
    }
}

fn reject(row: u64, column: Option<&str>, reason: Text) -> Rejection {
    Rejection::new(row, column.map(str::to_string), reason)
}

pub fn json(body: &[u8], def: &DatasetDef) -> Parsed {
    let mut parsed = Parsed {
        rows: Vec::new(),
        header: HashMap::new(),
        fatal: Vec::new(),
        rejected: Vec::new(),
    };
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            parsed.fatal.push(reject(
                e.line() as u64,
                None,
                tr!("không phải JSON hợp lệ: {e}", "not valid JSON: {e}"),
            ));
            return parsed;
        }
    };
    let Some(items) = value.as_array() else {
        parsed.fatal.push(reject(
            0,
            None,
            tr!(
                "cần một mảng JSON gồm các đối tượng dòng",
                "expected a JSON array of row objects"
            ),
        ));
        return parsed;
    };
    for (i, item) in items.iter().enumerate() {
        let n = i as u64 + 1;
        match item {
            serde_json::Value::Object(m) => {
                let unknown: Vec<&String> = m
                    .keys()
                    .filter(|k| !def.fields.iter().any(|f| &f.name == *k))
                    .collect();
                if let Some(col) = unknown.first() {
                    parsed.rejected.push(reject(
                        n,
                        Some(col),
                        tr!("cột không có trong tập dữ liệu", "unknown column"),
                    ));
                } else {
                    parsed.rows.push((n, RawRow::Json(m.clone())));
                }
            }
            _ => parsed.rejected.push(reject(
                n,
                None,
                tr!("cần một đối tượng JSON", "expected an object"),
            )),
        }
    }
    parsed
}

pub fn csv(body: &[u8], def: &DatasetDef) -> Parsed {
    let mut parsed = Parsed {
        rows: Vec::new(),
        header: HashMap::new(),
        fatal: Vec::new(),
        rejected: Vec::new(),
    };
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let first_line = body.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.iter().filter(|b| **b == b';').count()
        > first_line.iter().filter(|b| **b == b',').count()
    {
        b';'
    } else {
        b','
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(body);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            parsed.fatal.push(reject(
                1,
                None,
                tr!(
                    "không đọc được dòng tiêu đề: {e}",
                    "cannot read the header: {e}"
                ),
            ));
            return parsed;
        }
    };
    for (i, name) in headers.iter().enumerate() {
        if !def.fields.iter().any(|f| f.name == name) {
            parsed.fatal.push(reject(
                1,
                Some(name),
                tr!("cột không có trong tập dữ liệu", "unknown column"),
            ));
        }
        if parsed.header.insert(name.to_string(), i).is_some() {
            parsed.fatal.push(reject(
                1,
                Some(name),
                tr!("cột xuất hiện hai lần", "column appears twice"),
            ));
        }
    }
    for (i, record) in reader.records().enumerate() {
        let n = i as u64 + 2;
        match record {
            Ok(r) if r.len() != headers.len() => parsed.rejected.push(reject(
                n,
                None,
                tr!(
                    "có {} ô, dòng tiêu đề có {}",
                    "has {} cells, the header has {}",
                    r.len(),
                    headers.len()
                ),
            )),
            Ok(r) => parsed
                .rows
                .push((n, RawRow::Csv(r.iter().map(str::to_string).collect()))),
            Err(e) => parsed.rejected.push(reject(
                n,
                None,
                tr!("không đọc được: {e}", "unreadable: {e}"),
            )),
        }
    }
    parsed
}
