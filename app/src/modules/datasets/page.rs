//! `/data`: every dataset's quality ("Đủ, Đúng, Sạch, Sống"), departments ranked, and a
//! steward's CSV upload with the same report as the ingestion API.

use super::api::{
    data_overview, define_dataset, load_dataset_definition, load_quality_detail, upload_csv,
};
use super::model::{DataSummary, IngestReport, QualityDetail, Score};
use crate::components::{Cell, Column, DataTable, ErrorNote, Loading};
use crate::error::AppError;
use crate::format;
use crate::i18n::{use_lang, Lang};
use crate::model::Role;
use crate::modules::auth::use_auth;
use leptos::prelude::*;

fn pct(x: f64, lang: Lang) -> String {
    format!("{}%", format::number(x * 100.0, 1, lang))
}

fn score_cell(s: &Score, lang: Lang) -> Cell {
    Cell::Number {
        value: s.score,
        shown: pct(s.score, lang),
    }
}

#[component]
pub fn DataPage() -> impl IntoView {
    let lang = use_lang();
    let summary = LocalResource::new(data_overview);
    let reload = move || summary.refetch();
    // The last upload's report outlives the tables, which are rebuilt after it.
    let report = RwSignal::new(None::<IngestReport>);
    let defined = RwSignal::new(None::<String>);

    let body = move || {
        match summary.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! { <ErrorNote error=e/> }.into_any(),
        Some(Ok(d)) => {
            view! { <Summary data=d report=report defined=defined on_uploaded=Callback::new(move |_| reload())/> }
                .into_any()
        }
    }
    };
    view! {
        <section class="page" data-testid="page-data">
            <header class="page-head">
                <div>
                    <h1>{move || lang.get().pick("Dữ liệu và chất lượng", "Data and quality")}</h1>
                    <p class="muted">{move || lang.get().pick(
                        "Đủ – đủ các ô địa bàn × kỳ; Đúng – hợp lệ theo lược đồ; Sạch – không trùng, không mâu thuẫn; Sống – cập nhật đúng tần suất.",
                        "Complete – every area × period present; Correct – valid against the schema; Clean – no duplicates or conflicts; Live – updated as often as expected.")}</p>
                </div>
            </header>
            {body}
        </section>
    }
}

#[component]
fn Summary(
    data: DataSummary,
    report: RwSignal<Option<IngestReport>>,
    defined: RwSignal<Option<String>>,
    on_uploaded: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    // The tables follow the reader's language (names, numbers, dates).
    let departments = data.departments.clone();
    let dept_rows = Signal::derive(move || {
        let l = lang.get();
        departments
            .iter()
            .map(|d| {
                vec![
                    Cell::Text(l.pick(&d.name, &d.name_en).to_string()),
                    Cell::Number {
                        value: d.datasets as f64,
                        shown: d.datasets.to_string(),
                    },
                    Cell::Number {
                        value: d.overall,
                        shown: pct(d.overall, l),
                    },
                ]
            })
            .collect::<Vec<Vec<Cell>>>()
    });
    let datasets = data.datasets.clone();
    let ds_rows = Signal::derive(move || {
        let l = lang.get();
        datasets
            .iter()
            .map(|d| {
                vec![
                    Cell::Text(l.name(&d.title, d.title_en.as_deref()).to_string()),
                    Cell::Text(d.code.clone()),
                    Cell::Text(
                        l.name(&d.department_name, Some(&d.department_name_en))
                            .to_string(),
                    ),
                    Cell::Number {
                        value: d.record_count as f64,
                        shown: format::number(d.record_count as f64, 0, l),
                    },
                    Cell::Text(
                        d.last_ingest_at
                            .as_deref()
                            .map(|t| format::datetime_local(t, l))
                            .unwrap_or_else(|| "—".into()),
                    ),
                    score_cell(&d.quality.complete, l),
                    score_cell(&d.quality.correct, l),
                    score_cell(&d.quality.clean, l),
                    score_cell(&d.quality.live, l),
                    Cell::Number {
                        value: d.quality.overall,
                        shown: pct(d.quality.overall, l),
                    },
                ]
            })
            .collect::<Vec<Vec<Cell>>>()
    });
    let uploadable: Vec<(String, String)> = data
        .datasets
        .iter()
        .filter(|d| d.can_upload)
        .map(|d| (d.code.clone(), d.title.clone()))
        .collect();
    let province = data.province_overall;
    let all: Vec<(String, String)> = data
        .datasets
        .iter()
        .map(|d| (d.code.clone(), d.title.clone()))
        .collect();

    view! {
        <div class="kpi-grid">
            <article class="kpi-tile" data-testid="kpi-data-quality">
                <h3 class="kpi-label">{move || lang.get().pick("Chất lượng dữ liệu toàn tỉnh", "Province data quality")}</h3>
                <p class="kpi-value">{move || province.map(|p| pct(p, lang.get())).unwrap_or_else(|| "—".into())}</p>
            </article>
        </div>
        <DataTable id="department-quality"
            columns=Signal::derive(move || { let l = lang.get(); vec![
                Column::text(l.pick("Sở, ngành", "Department")),
                Column::number(l.pick("Số tập dữ liệu", "Datasets")),
                Column::number(l.pick("Điểm chung", "Overall"))] })
            rows=dept_rows
            caption=Signal::derive(move || lang.get().pick("Xếp hạng sở, ngành", "Departments ranked").to_string()) />
        <h2>{move || lang.get().pick("Tập dữ liệu", "Datasets")}</h2>
        <DataTable id="dataset-quality"
            columns=Signal::derive(move || { let l = lang.get(); vec![
                Column::text(l.pick("Tập dữ liệu", "Dataset")),
                Column::code(l.pick("Mã", "Code")),
                Column::text(l.pick("Sở, ngành", "Department")),
                Column::number(l.pick("Số dòng", "Rows")),
                Column::text(l.pick("Cập nhật", "Updated")),
                Column::number(l.pick("Đủ", "Complete")), Column::number(l.pick("Đúng", "Correct")),
                Column::number(l.pick("Sạch", "Clean")), Column::number(l.pick("Sống", "Live")),
                Column::number(l.pick("Chung", "Overall"))] })
            rows=ds_rows
            caption=Signal::derive(move || lang.get().pick("Chất lượng từng tập dữ liệu", "Quality of each dataset").to_string()) />
        <Drill datasets=all.clone()/>
        <Show when=move || use_auth().role().allows(Role::Admin)>
            <Define datasets=all.clone() notice=defined on_saved=on_uploaded/>
        </Show>
        {(!uploadable.is_empty()).then(|| view! { <Upload datasets=uploadable report=report on_uploaded=on_uploaded/> })}
    }
}

#[component]
fn Upload(
    datasets: Vec<(String, String)>,
    report: RwSignal<Option<IngestReport>>,
    on_uploaded: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let code = RwSignal::new(datasets.first().map(|d| d.0.clone()).unwrap_or_default());
    let file_input = NodeRef::<leptos::html::Input>::new();
    let pending = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(input) = file_input.get_untracked() else {
            return;
        };
        report.set(None);
        error.set(None);
        let dataset = code.get_untracked();
        leptos::task::spawn_local(async move {
            let text = match read_file(&input).await {
                Ok(Some((name, size, text))) => {
                    let _ = pending.try_set(Some(format!("{name} ({} KB)", size.div_ceil(1024))));
                    text
                }
                Ok(None) => {
                    let _ = error.try_set(Some(AppError::invalid(
                        "file",
                        tr!("chọn một tệp CSV", "choose a CSV file"),
                    )));
                    return;
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                    return;
                }
            };
            let result = upload_csv(dataset, text).await;
            let _ = pending.try_set(None);
            match result {
                Ok(r) => {
                    let committed = r.committed;
                    let _ = report.try_set(Some(r));
                    if committed {
                        on_uploaded.run(());
                    }
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };

    let rejection_rows = Signal::derive(move || -> Vec<Vec<Cell>> {
        let l = lang.get();
        report.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.rejections
                        .iter()
                        .map(|x| {
                            vec![
                                Cell::Number {
                                    value: x.row as f64,
                                    shown: x.row.to_string(),
                                },
                                Cell::Text(x.column.clone().unwrap_or_else(|| "—".into())),
                                Cell::Text(x.reason(l).to_string()),
                            ]
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
    });

    view! {
        <section class="upload" data-testid="upload">
            <h2>{move || lang.get().pick("Tải lên tệp CSV", "Upload a CSV file")}</h2>
            <form class="form form-inline" on:submit=submit>
                <label for="upload-dataset">{move || lang.get().pick("Tập dữ liệu", "Dataset")}</label>
                <select id="upload-dataset" data-testid="upload-dataset" on:change=move |ev| code.set(event_target_value(&ev))>
                    {datasets.into_iter().map(|(c, t)| view! { <option value=c.clone()>{format!("{t} ({c})")}</option> }).collect_view()}
                </select>
                <label for="upload-file">{move || lang.get().pick("Tệp (UTF-8, dấu phẩy hoặc chấm phẩy)", "File (UTF-8, comma or semicolon)")}</label>
                <input id="upload-file" data-testid="upload-file" type="file" accept=".csv,text/csv" node_ref=file_input/>
                <button type="submit" class="btn btn-primary" disabled=move || pending.with(|p| p.is_some())>
                    {move || lang.get().pick("Tải lên", "Upload")}
                </button>
            </form>
            {move || pending.get().map(|p| view! {
                <p role="status" aria-live="polite" data-testid="upload-progress">
                    <progress></progress>" "{lang.get().pick("Đang tải lên và kiểm tra", "Uploading and checking")}" "{p}
                </p>
            })}
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            {move || report.get().map(|r| {
                let l = lang.get();
                let summary = format!(
                    "{}: {} · {}: {} · {}: {} · {}: {}",
                    l.pick("Thêm mới", "Inserted"), r.inserted,
                    l.pick("Cập nhật", "Updated"), r.updated,
                    l.pick("Không đổi", "Unchanged"), r.unchanged,
                    l.pick("Bị từ chối", "Rejected"), r.rejected,
                );
                let verdict = if r.committed {
                    l.pick("Đã lưu.", "Stored.")
                } else {
                    l.pick("Chưa lưu gì: sửa các dòng dưới đây rồi tải lên lại.", "Nothing stored: fix the rows below and upload again.")
                };
                view! {
                    <div class="report" data-testid="upload-report" data-committed=r.committed.to_string()>
                        <p><strong>{verdict}</strong>" "{summary}</p>
                        <Show when=move || !rejection_rows.with(|r| r.is_empty())>
                            <DataTable id="upload-rejections"
                                columns=Signal::derive(move || { let l = lang.get(); vec![
                                    Column::number(l.pick("Dòng", "Row")),
                                    Column::text(l.pick("Cột", "Column")),
                                    Column::text(l.pick("Lý do", "Reason"))] })
                                rows=rejection_rows
                                caption=Signal::derive(move || lang.get().pick("Các dòng bị từ chối", "Rejected rows").to_string()) />
                        </Show>
                    </div>
                }
            })}
        </section>
    }
}

/// The chosen file's name, size and text.
#[cfg(target_arch = "wasm32")]
async fn read_file(
    input: &web_sys::HtmlInputElement,
) -> Result<Option<(String, u32, String)>, AppError> {
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return Ok(None);
    };
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| AppError::invalid("file", tr!("không đọc được tệp", "cannot read the file")))?
        .as_string()
        .ok_or_else(|| {
            AppError::invalid("file", tr!("không phải tệp văn bản", "not a text file"))
        })?;
    Ok(Some((file.name(), file.size() as u32, text)))
}

#[cfg(not(target_arch = "wasm32"))]
async fn read_file(
    _input: &leptos::web_sys::HtmlInputElement,
) -> Result<Option<(String, u32, String)>, AppError> {
    Ok(None)
}

/// The drill-down behind the scores: which unit × period cells are missing and which
/// rows were refused, for one dataset.
#[component]
fn Drill(datasets: Vec<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    let chosen = RwSignal::new(None::<String>);
    let detail = LocalResource::new(move || {
        let code = chosen.get();
        async move {
            match code {
                Some(c) => Some(load_quality_detail(c).await),
                None => None,
            }
        }
    });
    let body = move || match detail.get().flatten() {
        None if chosen.with(|c| c.is_some()) => view! { <Loading/> }.into_any(),
        None => ().into_any(),
        Some(Err(e)) => view! { <ErrorNote error=e/> }.into_any(),
        Some(Ok(d)) => view! { <DrillBody d=d/> }.into_any(),
    };
    view! {
        <section class="drill" data-testid="quality-drill">
            <h2>{move || lang.get().pick("Chi tiết: ô còn thiếu và dòng bị từ chối", "Detail: missing cells and rejected rows")}</h2>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <label>
                    <span>{move || lang.get().pick("Tập dữ liệu", "Dataset")}</span>
                    <select data-testid="drill-dataset" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        chosen.set((!v.is_empty()).then_some(v));
                    }>
                        <option value="">"—"</option>
                        {datasets.into_iter().map(|(c, t)| view! { <option value=c.clone()>{format!("{t} ({c})")}</option> }).collect_view()}
                    </select>
                </label>
            </form>
            {body}
        </section>
    }
}

#[component]
fn DrillBody(d: QualityDetail) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let missing: Vec<Vec<Cell>> = d
        .missing
        .iter()
        .map(|m| {
            vec![
                Cell::Text(m.unit_name.clone()),
                Cell::Text(m.unit.clone()),
                Cell::Text(m.period.clone()),
            ]
        })
        .collect();
    let rejected: Vec<Vec<Cell>> = d
        .rejected
        .iter()
        .map(|r| {
            vec![
                Cell::Number {
                    value: r.batch_id as f64,
                    shown: format!("#{}", r.batch_id),
                },
                Cell::Text(format::datetime_local(&r.received_at, l)),
                Cell::Text(r.actor.clone()),
                Cell::Number {
                    value: r.rejection.row as f64,
                    shown: r.rejection.row.to_string(),
                },
                Cell::Text(r.rejection.column.clone().unwrap_or_else(|| "—".into())),
                Cell::Text(r.rejection.reason(l).to_string()),
            ]
        })
        .collect();
    let (mt, ms) = (d.missing_total, d.missing.len() as u64);
    let (rt, rs) = (d.rejected_total, d.rejected.len() as u64);
    let count = move |shown: u64, total: u64, l: Lang| {
        if shown < total {
            format!("{shown} / {total}")
        } else {
            format!("{total} {}", l.pick("mục", "items"))
        }
    };
    view! {
        <p data-testid="drill-counts">
            {move || format!("{}: {} · {}: {}",
                lang.get().pick("Ô còn thiếu", "Missing cells"), mt,
                lang.get().pick("Dòng bị từ chối", "Rejected rows"), rt)}
        </p>
        <Show when=move || { mt > 0 }>
            <DataTable id="drill-missing"
                columns=Signal::derive(move || { let l = lang.get(); vec![
                    Column::text(l.pick("Địa bàn", "Area")), Column::text(l.pick("Mã", "Code")),
                    Column::text(l.pick("Kỳ", "Period"))] })
                rows=missing.clone()
                caption=Signal::derive(move || format!("{} ({})", lang.get().pick("Ô địa bàn × kỳ chưa có số liệu", "Area × period cells with no data"), count(ms, mt, lang.get()))) />
        </Show>
        <Show when=move || { rt > 0 }>
            <DataTable id="drill-rejected"
                columns=Signal::derive(move || { let l = lang.get(); vec![
                    Column::number(l.pick("Lô", "Batch")), Column::text(l.pick("Lúc", "At")),
                    Column::text(l.pick("Người gửi", "Sent by")), Column::number(l.pick("Dòng", "Row")),
                    Column::text(l.pick("Cột", "Column")), Column::text(l.pick("Lý do", "Reason"))] })
                rows=rejected.clone()
                caption=Signal::derive(move || format!("{} ({})", lang.get().pick("Các dòng bị từ chối", "Rejected rows"), count(rs, rt, lang.get()))) />
        </Show>
    }
}

/// A starting point for a new dataset: the example of the ingestion API's documentation.
const TEMPLATE: &str = r#"{
  "code": "new-dataset",
  "title": "Tên tập dữ liệu",
  "title_en": "Dataset title",
  "department": "SDL",
  "frequency": "monthly",
  "public": false,
  "fields": [
    {"name": "district_code", "type": "unit", "required": true},
    {"name": "month", "type": "period", "required": true},
    {"name": "value", "type": "integer", "min": 0, "required": true, "unit": "lượt"}
  ],
  "key": ["district_code", "month"]
}"#;

/// Administrators define or change a dataset: its JSON definition, checked by the server
/// with the field named on error, as `POST /api/v1/datasets` does.
#[component]
fn Define(
    datasets: Vec<(String, String)>,
    notice: RwSignal<Option<String>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let text = RwSignal::new(TEMPLATE.to_string());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let pick = move |code: String| {
        error.set(None);
        notice.set(None);
        if code.is_empty() {
            text.set(TEMPLATE.to_string());
            return;
        }
        leptos::task::spawn_local(async move {
            match load_dataset_definition(code).await {
                Ok(def) => {
                    let json = serde_json::to_string_pretty(&def).unwrap_or_default();
                    let _ = text.try_set(json);
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        notice.set(None);
        busy.set(true);
        let body = text.get_untracked();
        leptos::task::spawn_local(async move {
            let r = define_dataset(body).await;
            let _ = busy.try_set(false);
            match r {
                Ok(created) => {
                    let l = lang.get_untracked();
                    let _ = notice.try_set(Some(
                        if created {
                            l.pick("Đã tạo tập dữ liệu.", "Dataset created.")
                        } else {
                            l.pick("Đã cập nhật định nghĩa.", "Definition updated.")
                        }
                        .to_string(),
                    ));
                    on_saved.run(());
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="define" data-testid="define-dataset">
            <h2>{move || lang.get().pick("Định nghĩa tập dữ liệu (quản trị viên)", "Define a dataset (administrators)")}</h2>
            <p class="muted">{move || lang.get().pick(
                "Trường: integer, decimal, text, date, enum, boolean, lat, long, unit, period; khóa là các trường xác định một dòng.",
                "Field types: integer, decimal, text, date, enum, boolean, lat, long, unit, period; the key fields identify a row.")}</p>
            <form class="form" on:submit=submit>
                <label for="define-pick">{move || lang.get().pick("Bắt đầu từ", "Start from")}</label>
                <select id="define-pick" data-testid="define-pick" on:change=move |ev| pick(event_target_value(&ev))>
                    <option value="">{move || lang.get().pick("Tập dữ liệu mới (mẫu)", "A new dataset (template)")}</option>
                    {datasets.into_iter().map(|(c, t)| view! { <option value=c.clone()>{format!("{t} ({c})")}</option> }).collect_view()}
                </select>
                <label for="define-json">{move || lang.get().pick("Định nghĩa (JSON)", "Definition (JSON)")}</label>
                <textarea id="define-json" data-testid="define-json" rows="16" spellcheck="false"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <button type="submit" class="btn btn-primary" data-testid="define-save" disabled=move || busy.get()>
                    {move || lang.get().pick("Lưu định nghĩa", "Save the definition")}
                </button>
            </form>
            {move || notice.get().map(|n| view! { <p class="notice" role="status" data-testid="define-notice">{n}</p> })}
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
        </section>
    }
}
