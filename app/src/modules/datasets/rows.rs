//! The rows behind a figure on a module's page, in a dialog: the dataset and its
//! department, the district and span asked, the batches that brought the rows (who sent
//! them, when, from where) and the rows themselves.

use super::api::dataset_rows;
use super::model::{DrillRows, RowsAsk, SourceBatch};
use crate::components::{Cell, Column, DataTable, Dialog, ErrorNote, Loading};
use crate::format;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;

/// A figure's rows as a page asks for them: what the figure is (as the page says it) and
/// the rows it is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Drilled {
    pub label: String,
    pub ask: RowsAsk,
}

/// Open while `asked` holds a figure; closing clears it.
#[component]
pub fn RowsDialog(asked: RwSignal<Option<Drilled>>) -> impl IntoView {
    let lang = use_lang();
    let answer = LocalResource::new(move || {
        let a = asked.get();
        async move {
            match a {
                Some(a) => Some(dataset_rows(a.ask).await),
                None => None,
            }
        }
    });
    let body = move || match answer.get().flatten() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! { <ErrorNote error=e/> }.into_any(),
        Some(Ok(r)) => {
            let ask = asked.with_untracked(|a| a.as_ref().map(|a| a.ask.clone()));
            view! { <RowsBody r=r ask=ask.unwrap_or_default()/> }.into_any()
        }
    };
    view! {
        <Show when=move || asked.with(Option::is_some)>
            <Dialog id="rows" on_close=Callback::new(move |_| asked.set(None))
                title=Signal::derive(move || lang.get().pick("Số liệu gốc", "The rows behind this figure").to_string())>
                <p data-testid="rows-label">{move || asked.with(|a| a.as_ref().map(|a| a.label.clone()))}</p>
                {body}
            </Dialog>
        </Show>
    }
}

fn cell(v: &serde_json::Value, l: Lang) -> Cell {
    match v {
        serde_json::Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            Cell::Number {
                value: x,
                shown: format::number(x, if x.fract() == 0.0 { 0 } else { 2 }, l),
            }
        }
        serde_json::Value::String(s) => Cell::Text(s.clone()),
        serde_json::Value::Bool(b) => Cell::Text(
            l.pick(
                if *b { "có" } else { "không" },
                if *b { "yes" } else { "no" },
            )
            .to_string(),
        ),
        _ => Cell::Text("—".into()),
    }
}

#[component]
fn RowsBody(r: DrillRows, ask: RowsAsk) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    // A column is a number column when its values are numbers.
    let numeric: Vec<bool> = (0..r.fields.len())
        .map(|i| {
            r.rows
                .iter()
                .any(|row| row.values.get(i).is_some_and(serde_json::Value::is_number))
        })
        .collect();
    let fields = r.fields.clone();
    let columns = Signal::derive(move || {
        let l = lang.get();
        let mut c = vec![Column::text(l.pick("Địa bàn", "Area"))];
        c.extend(fields.iter().zip(&numeric).map(|((name, title), num)| {
            let label = title.clone().unwrap_or_else(|| name.clone());
            if *num {
                Column::number(label)
            } else {
                Column::text(label)
            }
        }));
        c.push(Column::number(l.pick("Lô", "Batch")));
        c.push(Column::text(l.pick("Cập nhật", "Updated")));
        c
    });
    let rows: Vec<Vec<Cell>> = r
        .rows
        .iter()
        .map(|row| {
            let mut c = vec![Cell::Text(
                row.unit_name.clone().unwrap_or_else(|| "—".into()),
            )];
            c.extend(row.values.iter().map(|v| cell(v, l)));
            c.push(Cell::Number {
                value: row.batch_id as f64,
                shown: format!("#{}", row.batch_id),
            });
            c.push(Cell::Text(format::datetime_local(&row.updated_at, l)));
            c
        })
        .collect();
    let area = r
        .unit_name
        .clone()
        .unwrap_or_else(|| l.pick("Toàn tỉnh", "Whole province").to_string());
    let span = match (&ask.from, &ask.until) {
        (Some(f), Some(u)) => format!("{f} → {} {u}", l.pick("trước", "before")),
        (Some(f), None) => format!("{} {f}", l.pick("từ", "from")),
        (None, Some(u)) => format!("{} {u}", l.pick("trước", "before")),
        (None, None) => l.pick("mọi kỳ", "all periods").to_string(),
    };
    let filters = ask
        .filters
        .iter()
        .map(|(f, v)| format!("{f} = {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let title = match (&r.title_en, l) {
        (Some(en), Lang::En) => en.clone(),
        _ => r.title.clone(),
    };
    let shown = r.rows.len() as u64;
    let total = r.row_count;
    view! {
        <dl class="facts" data-testid="rows-facts">
            <dt>{move || lang.get().pick("Tập dữ liệu", "Dataset")}</dt>
            <dd data-testid="rows-dataset"><a href=format!("/open-data/{}", r.dataset)>{format!("{title} ({})", r.dataset)}</a></dd>
            <dt>{move || lang.get().pick("Đơn vị cung cấp", "Department")}</dt><dd>{r.department_name.clone()}</dd>
            <dt>{move || lang.get().pick("Địa bàn, kỳ", "Area, span")}</dt><dd>{format!("{area} · {span}")}</dd>
            {(!filters.is_empty()).then(|| view! {
                <dt>{move || lang.get().pick("Điều kiện", "Where")}</dt><dd><code>{filters.clone()}</code></dd>
            })}
            <dt>{move || lang.get().pick("Số dòng", "Rows")}</dt><dd data-testid="rows-count">{total}</dd>
            <dt>{move || lang.get().pick("Cập nhật lần cuối", "Last updated")}</dt>
            <dd>{r.last_update.as_deref().map(|t| format::datetime_local(t, l)).unwrap_or_else(|| "—".into())}</dd>
        </dl>
        <BatchesTable id="rows-batches" batches=r.batches.clone()/>
        <DataTable id="rows-table" columns=columns rows=rows
            caption=Signal::derive(move || if shown < total {
                format!("{} ({} / {})", lang.get().pick("Các dòng dữ liệu", "Rows"), shown, total)
            } else { lang.get().pick("Các dòng dữ liệu", "Rows").to_string() }) />
    }
}

/// The batches that brought some rows: who sent them, how, when, and how many of the
/// rows each brought.
#[component]
pub fn BatchesTable(id: &'static str, batches: Vec<SourceBatch>) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let rows: Vec<Vec<Cell>> = batches
        .iter()
        .map(|b| {
            vec![
                Cell::Number {
                    value: b.id as f64,
                    shown: format!("#{}", b.id),
                },
                Cell::Text(b.actor.clone()),
                Cell::Text(b.source.clone()),
                Cell::Text(format::datetime_local(&b.received_at, l)),
                Cell::Number {
                    value: b.rows as f64,
                    shown: b.rows.to_string(),
                },
            ]
        })
        .collect();
    view! {
        <DataTable id=id
            columns=Signal::derive(move || { let l = lang.get(); vec![
                Column::number(l.pick("Lô", "Batch")), Column::text(l.pick("Người gửi", "Sent by")),
                Column::text(l.pick("Nguồn", "Source")), Column::text(l.pick("Lúc", "At")),
                Column::number(l.pick("Số dòng dùng", "Rows used"))] })
            rows=rows
            caption=Signal::derive(move || lang.get().pick("Các lô dữ liệu", "Batches").to_string()) />
    }
}
