//! The cells of a sortable table and how they sort (the `DataTable` component draws them).

use crate::format;
use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A number sorts by `value` and shows `shown`.
    Number {
        value: f64,
        shown: String,
    },
}

impl Cell {
    pub fn shown(&self) -> &str {
        match self {
            Cell::Text(s) => s,
            Cell::Number { shown, .. } => shown,
        }
    }

    fn compare(&self, other: &Cell) -> Ordering {
        match (self, other) {
            (Cell::Number { value: a, .. }, Cell::Number { value: b, .. }) => {
                a.partial_cmp(b).unwrap_or(Ordering::Equal)
            }
            _ => format::fold(self.shown()).cmp(&format::fold(other.shown())),
        }
    }
}

/// Sorts rows by one column; stable, so equal keys keep their order.
pub fn sort_rows(rows: &mut [Vec<Cell>], col: usize, ascending: bool) {
    sort_rows_by(rows, |r| r.as_slice(), col, ascending);
}

/// [`sort_rows`] for rows that carry more than their cells (their place before sorting).
pub fn sort_rows_by<T>(rows: &mut [T], cells: impl Fn(&T) -> &[Cell], col: usize, ascending: bool) {
    rows.sort_by(|a, b| {
        let ord = match (cells(a).get(col), cells(b).get(col)) {
            (Some(x), Some(y)) => x.compare(y),
            _ => Ordering::Equal,
        };
        if ascending {
            ord
        } else {
            ord.reverse()
        }
    });
}

/// The table as CSV (RFC 4180): numbers as plain numbers (a dot for decimals), so a
/// spreadsheet reads them as numbers whatever the page's language showed.
pub fn to_csv(header: &[String], rows: &[Vec<Cell>]) -> String {
    fn field(out: &mut String, text: &str) {
        if text.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&text.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(text);
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        for (i, c) in cells.enumerate() {
            if i > 0 {
                out.push(',');
            }
            field(&mut out, &c);
        }
        out.push_str("\r\n");
    };
    line(&mut header.iter().cloned());
    for row in rows {
        line(&mut row.iter().map(|c| match c {
            Cell::Text(s) => s.clone(),
            Cell::Number { value, .. } => value.to_string(),
        }));
    }
    out
}

/// A `data:` address that downloads `csv` (with a byte-order mark, so spreadsheet programs
/// read the Vietnamese letters as UTF-8).
pub fn csv_data_url(csv: &str) -> String {
    let mut out = String::from("data:text/csv;charset=utf-8,%EF%BB%BF");
    for b in csv.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_quotes_what_needs_it_and_keeps_numbers_plain() {
        use super::*;
        let rows = vec![vec![
            Cell::Text("Sở Tư pháp, \"STP\"".into()),
            Cell::Number {
                value: 1234.5,
                shown: "1.234,5".into(),
            },
        ]];
        let csv = to_csv(&["Cơ quan".into(), "Số".into()], &rows);
        assert_eq!(csv, "Cơ quan,Số\r\n\"Sở Tư pháp, \"\"STP\"\"\",1234.5\r\n");
        assert!(csv_data_url("a b").ends_with(",%EF%BB%BFa%20b"));
    }

    use super::*;

    fn n(v: f64) -> Cell {
        Cell::Number {
            value: v,
            shown: v.to_string(),
        }
    }

    #[test]
    fn sorts_numbers_by_value_and_text_without_diacritics() {
        let mut rows = vec![
            vec![Cell::Text("Đất Đỏ".into()), n(10.0)],
            vec![Cell::Text("Bà Rịa".into()), n(2.0)],
            vec![Cell::Text("Châu Đức".into()), n(30.0)],
        ];
        sort_rows(&mut rows, 1, false);
        assert_eq!(rows[0][0].shown(), "Châu Đức");
        sort_rows(&mut rows, 0, true);
        let names: Vec<_> = rows.iter().map(|r| r[0].shown().to_string()).collect();
        assert_eq!(names, ["Bà Rịa", "Châu Đức", "Đất Đỏ"]);
    }
}
