//! A table whose columns sort on click (and Enter/Space, since the headers are buttons).

use leptos::prelude::*;

use crate::table::sort_rows_by;
pub use crate::table::{sort_rows, Cell};

/// Numbers that open what they are made of: in these columns a number is a button, and a
/// click calls `open` with (row, column), the row counted as given, before any sorting.
#[derive(Clone)]
pub struct Drill {
    pub columns: Vec<usize>,
    pub open: Callback<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub label: String,
    pub numeric: bool,
    /// The cells' class: `code` keeps codes on one line, `prose` gives long text room.
    pub class: &'static str,
}

impl Column {
    pub fn text(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            numeric: false,
            class: "",
        }
    }
    pub fn number(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            numeric: true,
            class: "num",
        }
    }
    /// Identifiers (dossier numbers, dataset codes): never broken across lines.
    pub fn code(label: impl Into<String>) -> Self {
        Self {
            class: "code",
            ..Self::text(label)
        }
    }
    /// Sentences (a legal basis, a detail): wide enough not to stand one word a line.
    pub fn prose(label: impl Into<String>) -> Self {
        Self {
            class: "prose",
            ..Self::text(label)
        }
    }
}

#[component]
pub fn DataTable(
    #[prop(into)] columns: Signal<Vec<Column>>,
    #[prop(into)] rows: Signal<Vec<Vec<Cell>>>,
    #[prop(into)] caption: Signal<String>,
    #[prop(into)] id: String,
    /// Numbers that open their rows (see [`Drill`]).
    #[prop(optional)]
    drill: Option<Drill>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let sort = RwSignal::new(None::<(usize, bool)>);
    // Each row with its place as given: a drill names the row the page built.
    let sorted = move || {
        let mut r: Vec<(usize, Vec<Cell>)> = rows.get().into_iter().enumerate().collect();
        if let Some((col, asc)) = sort.get() {
            sort_rows_by(&mut r, |(_, c)| c.as_slice(), col, asc);
        }
        r
    };
    let drill_id = format!("{id}-drill");
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
    let class = move |i: usize| columns.with(|c| c.get(i).map_or("", |c| c.class));
    let body = move || {
        sorted()
            .into_iter()
            .map(|(at, row)| {
                let cells = row
                    .into_iter()
                    .enumerate()
                    .map(|(i, cell)| {
                        // A number with no value has no rows to show.
                        let open = drill.as_ref().filter(|d| d.columns.contains(&i)).filter(|_| {
                            matches!(cell, Cell::Number { value, .. } if !value.is_nan())
                        });
                        match open.map(|d| d.open) {
                            Some(open) => view! {
                                <td class="num">
                                    <button type="button" class="value-link" data-testid=drill_id.clone()
                                        on:click=move |_| open.run((at, i))>{cell.shown().to_string()}</button>
                                </td>
                            }
                            .into_any(),
                            None => view! { <td class=class(i)>{cell.shown().to_string()}</td> }
                                .into_any(),
                        }
                    })
                    .collect_view();
                view! { <tr>{cells}</tr> }
            })
            .collect_view()
    };
    // Any table downloads as CSV: what it shows, in the order it is sorted.
    let csv_href = move || {
        let header: Vec<String> = columns.with(|c| c.iter().map(|c| c.label.clone()).collect());
        let rows: Vec<Vec<Cell>> = sorted().into_iter().map(|(_, r)| r).collect();
        crate::table::csv_data_url(&crate::table::to_csv(&header, &rows))
    };
    let file = format!("{id}.csv");
    let csv_testid = format!("{id}-csv");
    view! {
        <div class="table-wrap">
            <a class="table-csv" href=csv_href download=file data-testid=csv_testid>
                {move || t().download_csv}
            </a>
            <table class="data-table" data-testid=id>
                <caption>{caption}</caption>
                <thead><tr>{header}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
