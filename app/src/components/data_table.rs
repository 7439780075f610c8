//! A table whose columns sort on click (and Enter/Space, since the headers are buttons).

use crate::format;
use leptos::prelude::*;
use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub label: String,
    pub numeric: bool,
}

impl Column {
    pub fn text(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            numeric: false,
        }
    }
    pub fn number(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            numeric: true,
        }
    }
}

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

#[component]
pub fn DataTable(
    #[prop(into)] columns: Signal<Vec<Column>>,
    #[prop(into)] rows: Signal<Vec<Vec<Cell>>>,
    #[prop(into)] caption: Signal<String>,
    #[prop(into)] id: String,
) -> impl IntoView {
    let sort = RwSignal::new(None::<(usize, bool)>);
    let sorted = move || {
        let mut r = rows.get();
        if let Some((col, asc)) = sort.get() {
            sort_rows(&mut r, col, asc);
        }
        r
    };
    let header = move || {
        columns
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let aria = move || match sort.get() {
                    Some((col, true)) if col == i => "ascending",
                    Some((col, false)) if col == i => "descending",
                    _ => "none",
                };
                let arrow = move || match sort.get() {
                    Some((col, true)) if col == i => "▲",
                    Some((col, false)) if col == i => "▼",
                    _ => "↕",
                };
                let click = move |_| {
                    sort.update(|s| {
                        *s = match *s {
                            Some((col, asc)) if col == i => Some((i, !asc)),
                            _ => Some((i, true)),
                        }
                    })
                };
                view! {
                    <th scope="col" aria-sort=aria class:num=c.numeric>
                        <button type="button" class="sort" on:click=click>
                            {c.label.clone()}" "<span aria-hidden="true">{arrow}</span>
                        </button>
                    </th>
                }
            })
            .collect_view()
    };
    let numeric = move |i: usize| columns.with(|c| c.get(i).map(|c| c.numeric).unwrap_or(false));
    let body = move || {
        sorted()
            .into_iter()
            .map(|row| {
                let cells = row
                    .into_iter()
                    .enumerate()
                    .map(|(i, cell)| view! { <td class:num=numeric(i)>{cell.shown().to_string()}</td> })
                    .collect_view();
                view! { <tr>{cells}</tr> }
            })
            .collect_view()
    };
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid=id>
                <caption>{caption}</caption>
                <thead><tr>{header}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
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
