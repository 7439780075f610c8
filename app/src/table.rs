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
    rows.sort_by(|a, b| {
        let ord = match (a.get(col), b.get(col)) {
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

#[cfg(test)]
mod tests {
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
