//! The administrators' indicator editor: list, create, edit and delete indicators with
//! their formula, targets and thresholds. The server validates again and audits.

use super::api::{delete_indicator, load_indicator_catalogue, save_indicator};
use super::model::{
    Aggregate, Direction, Formula, IndicatorCatalogue, IndicatorDef, Periodicity, Target,
    Thresholds,
};
use crate::components::{ErrorNote, Loading};
use crate::error::AppError;
use crate::format;
use crate::i18n::use_lang;
use crate::modules::datasets::schema::parse_decimal;
use leptos::prelude::*;

/// One target row as typed.
#[derive(Debug, Clone, PartialEq)]
struct TargetRow {
    id: u32,
    year: String,
    period: String,
    value: String,
}

/// The form's fields as text, so half-typed numbers are not lost.
#[derive(Clone, Copy)]
struct Form {
    original: RwSignal<Option<String>>,
    code: RwSignal<String>,
    title: RwSignal<String>,
    title_en: RwSignal<String>,
    unit: RwSignal<String>,
    decimals: RwSignal<String>,
    department: RwSignal<String>,
    periodicity: RwSignal<String>,
    direction: RwSignal<String>,
    aggregate: RwSignal<String>,
    dataset: RwSignal<String>,
    field: RwSignal<String>,
    denominator: RwSignal<String>,
    factor: RwSignal<String>,
    green: RwSignal<String>,
    amber: RwSignal<String>,
    demo: RwSignal<bool>,
    description: RwSignal<String>,
    targets: RwSignal<Vec<TargetRow>>,
    next_id: RwSignal<u32>,
}

impl Form {
    fn new() -> Self {
        Form {
            original: RwSignal::new(None),
            code: RwSignal::new(String::new()),
            title: RwSignal::new(String::new()),
            title_en: RwSignal::new(String::new()),
            unit: RwSignal::new(String::new()),
            decimals: RwSignal::new("0".into()),
            department: RwSignal::new(String::new()),
            periodicity: RwSignal::new("month".into()),
            direction: RwSignal::new("higher".into()),
            aggregate: RwSignal::new("sum".into()),
            dataset: RwSignal::new(String::new()),
            field: RwSignal::new(String::new()),
            denominator: RwSignal::new(String::new()),
            factor: RwSignal::new("1".into()),
            green: RwSignal::new("100".into()),
            amber: RwSignal::new("90".into()),
            demo: RwSignal::new(false),
            description: RwSignal::new(String::new()),
            targets: RwSignal::new(vec![]),
            next_id: RwSignal::new(0),
        }
    }

    fn add_target(&self, year: String, period: String, value: String) {
        let id = self.next_id.get_untracked();
        self.next_id.set(id + 1);
        self.targets.update(|t| {
            t.push(TargetRow {
                id,
                year,
                period,
                value,
            })
        });
    }

    fn load(&self, def: Option<&IndicatorDef>) {
        let blank = |s: &Option<String>| s.clone().unwrap_or_default();
        match def {
            None => {
                let fresh = Form::new();
                self.original.set(None);
                for (a, b) in [
                    (self.code, fresh.code),
                    (self.title, fresh.title),
                    (self.title_en, fresh.title_en),
                    (self.unit, fresh.unit),
                    (self.decimals, fresh.decimals),
                    (self.field, fresh.field),
                    (self.denominator, fresh.denominator),
                    (self.factor, fresh.factor),
                    (self.green, fresh.green),
                    (self.amber, fresh.amber),
                    (self.description, fresh.description),
                    (self.aggregate, fresh.aggregate),
                    (self.periodicity, fresh.periodicity),
                    (self.direction, fresh.direction),
                ] {
                    a.set(b.get_untracked());
                }
                self.demo.set(false);
                self.targets.set(vec![]);
            }
            Some(d) => {
                self.original.set(Some(d.code.clone()));
                self.code.set(d.code.clone());
                self.title.set(d.title.clone());
                self.title_en.set(blank(&d.title_en));
                self.unit.set(d.unit.clone());
                self.decimals.set(d.decimals.to_string());
                self.department.set(d.department.clone());
                self.periodicity.set(d.periodicity.as_str().into());
                self.direction.set(match d.direction {
                    Direction::Higher => "higher".into(),
                    Direction::Lower => "lower".into(),
                });
                self.aggregate.set(d.formula.aggregate.as_str().into());
                self.dataset.set(d.formula.dataset.clone());
                self.field.set(blank(&d.formula.field));
                self.denominator.set(blank(&d.formula.denominator));
                self.factor.set(d.formula.factor.to_string());
                self.green.set(d.thresholds.green.to_string());
                self.amber.set(d.thresholds.amber.to_string());
                self.demo.set(d.demo);
                self.description.set(blank(&d.description));
                self.targets.set(vec![]);
                for t in &d.targets {
                    self.add_target(
                        t.year.to_string(),
                        t.period.clone().unwrap_or_default(),
                        t.value.to_string(),
                    );
                }
            }
        }
    }

    /// The definition, or the first field that does not parse.
    fn build(&self) -> Result<IndicatorDef, AppError> {
        let num = |s: RwSignal<String>, field: &str| -> Result<f64, AppError> {
            parse_decimal(&s.get_untracked())
                .ok_or_else(|| AppError::invalid(field, tr!("nhập một số", "enter a number")))
        };
        let opt = |s: RwSignal<String>| {
            let v = s.get_untracked().trim().to_string();
            (!v.is_empty()).then_some(v)
        };
        let mut targets = Vec::new();
        for (i, t) in self.targets.get_untracked().iter().enumerate() {
            let field = format!("targets[{}]", i + 1);
            let year = t.year.trim().parse::<i32>().map_err(|_| {
                AppError::invalid(
                    &field,
                    tr!("nhập năm, ví dụ 2025", "enter a year, e.g. 2025"),
                )
            })?;
            let value = parse_decimal(&t.value).ok_or_else(|| {
                AppError::invalid(
                    &field,
                    tr!("nhập chỉ tiêu dưới dạng số", "enter the target as a number"),
                )
            })?;
            let period = t.period.trim();
            targets.push(Target {
                year,
                period: (!period.is_empty()).then(|| period.to_string()),
                unit: None,
                value,
            });
        }
        let decimals = self
            .decimals
            .get_untracked()
            .trim()
            .parse::<u8>()
            .map_err(|_| {
                AppError::invalid(
                    "decimals",
                    tr!("một số nguyên từ 0 đến 4", "a whole number from 0 to 4"),
                )
            })?;
        Ok(IndicatorDef {
            code: self.code.get_untracked().trim().to_string(),
            title: self.title.get_untracked().trim().to_string(),
            title_en: opt(self.title_en),
            description: opt(self.description),
            unit: self.unit.get_untracked().trim().to_string(),
            decimals,
            direction: if self.direction.get_untracked() == "lower" {
                Direction::Lower
            } else {
                Direction::Higher
            },
            periodicity: Periodicity::parse(&self.periodicity.get_untracked())
                .unwrap_or(Periodicity::Month),
            department: self.department.get_untracked(),
            formula: Formula {
                aggregate: Aggregate::parse(&self.aggregate.get_untracked())
                    .unwrap_or(Aggregate::Sum),
                dataset: self.dataset.get_untracked(),
                field: opt(self.field),
                denominator: opt(self.denominator)
                    .filter(|_| self.aggregate.get_untracked() == "ratio"),
                factor: num(self.factor, "formula.factor")?,
            },
            targets,
            thresholds: Thresholds {
                green: num(self.green, "thresholds")?,
                amber: num(self.amber, "thresholds")?,
            },
            demo: self.demo.get_untracked(),
        })
    }
}

#[component]
pub fn IndicatorEditor(on_saved: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let catalogue = LocalResource::new(load_indicator_catalogue);
    // Outlives the editor below, which is rebuilt when the catalogue reloads after a save.
    let notice = RwSignal::new(None::<String>);
    let body = move || {
        match catalogue.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! { <ErrorNote error=e/> }.into_any(),
        Some(Ok(c)) => view! {
            <Editor catalogue=c notice=notice on_saved=Callback::new(move |_| { catalogue.refetch(); on_saved.run(()); })/>
        }
        .into_any(),
    }
    };
    view! {
        <section class="editor" data-testid="indicator-editor" aria-label=move || lang.get().pick("Cấu hình chỉ tiêu", "Indicator configuration")>
            <h2>{move || lang.get().pick("Cấu hình chỉ tiêu", "Indicator configuration")}</h2>
            {move || notice.get().map(|n| view! { <p class="notice" role="status" data-testid="editor-notice">{n}</p> })}
            {body}
        </section>
    }
}

#[component]
fn Editor(
    catalogue: IndicatorCatalogue,
    notice: RwSignal<Option<String>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let form = Form::new();
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let cat = StoredValue::new(catalogue.clone());
    if let Some(d) = catalogue.departments.first() {
        form.department.set(d.code.clone());
    }
    if let Some(d) = catalogue.datasets.first() {
        form.dataset.set(d.code.clone());
    }

    let edit = move |code: Option<String>| {
        error.set(None);
        notice.set(None);
        let def = code.and_then(|c| {
            cat.with_value(|cat| {
                cat.indicators
                    .iter()
                    .find(|i| i.def.code == c)
                    .map(|i| i.def.clone())
            })
        });
        form.load(def.as_ref());
        if def.is_none() {
            let y = this_year();
            form.add_target(y.to_string(), String::new(), String::new());
        }
        open.set(true);
    };
    let remove = move |code: String| {
        let ok = web_confirm(&format!(
            "{} \"{code}\"?",
            lang.get_untracked()
                .pick("Xóa chỉ tiêu", "Delete indicator")
        ));
        if !ok {
            return;
        }
        leptos::task::spawn_local(async move {
            match delete_indicator(code.clone()).await {
                Ok(()) => {
                    let _ = notice.try_set(Some(format!(
                        "{} {code}",
                        lang.get_untracked().pick("Đã xóa", "Deleted")
                    )));
                    on_saved.run(());
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
        let def = match form
            .build()
            .and_then(|d| super::rules::basics(&d).map(|()| d))
        {
            Ok(d) => d,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        busy.set(true);
        let original = form.original.get_untracked();
        leptos::task::spawn_local(async move {
            let r = save_indicator(def, original).await;
            let _ = busy.try_set(false);
            match r {
                Ok(saved) => {
                    let _ = notice.try_set(Some(format!(
                        "{} {}",
                        lang.get_untracked().pick("Đã lưu", "Saved"),
                        saved.def.code
                    )));
                    let _ = open.try_set(false);
                    on_saved.run(());
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };

    let list = catalogue
        .indicators
        .iter()
        .map(|i| {
            let code = i.def.code.clone();
            let (c1, c2) = (code.clone(), code.clone());
            let l = lang.get_untracked();
            view! {
                <tr data-testid=format!("edit-row-{code}")>
                    <td><code>{code.clone()}</code></td>
                    <td>{i.def.title.clone()}</td>
                    <td>{i.def.formula.text()}" ["{i.def.formula.dataset.clone()}"]"</td>
                    <td>{i.updated_by.clone()}" · "{format::datetime_local(&i.updated_at, l)}</td>
                    <td class="actions">
                        <button class="btn" data-testid="edit-indicator" on:click=move |_| edit(Some(c1.clone()))>{move || lang.get().pick("Sửa", "Edit")}</button>
                        <button class="btn" data-testid="delete-indicator" on:click=move |_| remove(c2.clone())>{move || lang.get().pick("Xóa", "Delete")}</button>
                    </td>
                </tr>
            }
        })
        .collect_view();

    let field_error = move |name: &'static str| {
        move || match error.get() {
            Some(AppError::Invalid { field, message })
                if field == name
                    || field.starts_with(&format!("{name}["))
                    || (name == "formula.field" && field == "formula.dataset") =>
            {
                Some(
                    view! { <p class="field-error" role="alert" data-testid=format!("error-{name}")>{move || field_message(&field, &message, lang.get())}</p> },
                )
            }
            _ => None,
        }
    };
    let datasets = StoredValue::new(catalogue.datasets.clone());
    let dataset_fields = move || {
        let code = form.dataset.get();
        let ratio_or_sum = form.aggregate.get() != "count";
        datasets.with_value(|ds| {
            ds.iter()
                .find(|d| d.code == code)
                .map(|d| {
                    if ratio_or_sum {
                        d.numeric_fields
                            .iter()
                            .map(|(n, u)| (n.clone(), u.clone()))
                            .collect::<Vec<_>>()
                    } else {
                        d.fields.iter().map(|n| (n.clone(), None)).collect()
                    }
                })
                .unwrap_or_default()
        })
    };
    let options = move |current: RwSignal<String>, with_blank: bool| {
        let mut out: Vec<(String, String)> = dataset_fields()
            .into_iter()
            .map(|(n, u)| (n.clone(), u.map(|u| format!("{n} ({u})")).unwrap_or(n)))
            .collect();
        if with_blank {
            out.insert(0, (String::new(), "—".into()));
        }
        out.into_iter()
            .map(|(v, label)| {
                let v2 = v.clone();
                view! { <option value=v selected=move || current.get() == v2>{label}</option> }
            })
            .collect_view()
    };
    let ds_options = catalogue
        .datasets
        .iter()
        .map(|d| {
            let code = d.code.clone();
            let label = format!("{} ({}, {:?})", d.title, d.code, d.frequency).to_lowercase();
            let c2 = code.clone();
            view! { <option value=code selected=move || form.dataset.get() == c2>{label}</option> }
        })
        .collect_view();
    let dept_options = catalogue
        .departments
        .iter()
        .map(|d| {
            let code = d.code.clone();
            let c2 = code.clone();
            view! { <option value=code selected=move || form.department.get() == c2>{d.name.clone()}</option> }
        })
        .collect_view();
    let text = move |id: &'static str,
                     label: (&'static str, &'static str),
                     sig: RwSignal<String>,
                     required: bool| {
        view! {
            <label for=id>{move || lang.get().pick(label.0, label.1)}</label>
            <input id=id data-testid=id type="text" required=required prop:value=move || sig.get()
                on:input=move |ev| sig.set(event_target_value(&ev))/>
            {field_error(match id { "ind-code" => "code", "ind-title" => "title", "ind-unit" => "unit", "ind-decimals" => "decimals", "ind-factor" => "formula.factor", _ => "" })}
        }
    };
    let targets = move || {
        form.targets
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let id = t.id;
                let set = move |f: fn(&mut TargetRow, String)| {
                    move |ev: leptos::ev::Event| {
                        let v = event_target_value(&ev);
                        form.targets.update(|ts| {
                            if let Some(t) = ts.iter_mut().find(|t| t.id == id) {
                                f(t, v)
                            }
                        })
                    }
                };
                view! {
                    <tr data-testid=format!("target-{}", i + 1)>
                        <td><input type="text" inputmode="numeric" aria-label=move || lang.get().pick("Năm", "Year") data-testid="target-year" prop:value=t.year.clone() on:input=set(|t, v| t.year = v)/></td>
                        <td><input type="text" aria-label=move || lang.get().pick("Kỳ (để trống: cả năm)", "Period (blank: whole year)") placeholder=move || lang.get().pick("cả năm", "whole year") data-testid="target-period" prop:value=t.period.clone() on:input=set(|t, v| t.period = v)/></td>
                        <td><input type="text" inputmode="decimal" aria-label=move || lang.get().pick("Chỉ tiêu", "Target") data-testid="target-value" prop:value=t.value.clone() on:input=set(|t, v| t.value = v)/></td>
                        <td><button type="button" class="btn" on:click=move |_| form.targets.update(|ts| ts.retain(|t| t.id != id))>{move || lang.get().pick("Bỏ", "Remove")}</button></td>
                    </tr>
                }
            })
            .collect_view()
    };

    let form_view = view! {
        <form class="form indicator-form" data-testid="indicator-form" on:submit=submit novalidate>
            <h3>{move || match form.original.get() { Some(c) => format!("{} {c}", lang.get().pick("Sửa chỉ tiêu", "Edit indicator")), None => lang.get().pick("Chỉ tiêu mới", "New indicator").to_string() }}</h3>
            <div class="form-grid">
                {text("ind-code", ("Mã (chữ thường, số, gạch ngang)", "Code (lower-case, digits, dashes)"), form.code, true)}
                {text("ind-title", ("Tên chỉ tiêu", "Title (Vietnamese)"), form.title, true)}
                {text("ind-title-en", ("Tên tiếng Anh", "Title (English)"), form.title_en, false)}
                {text("ind-unit", ("Đơn vị tính", "Unit"), form.unit, true)}
                {text("ind-decimals", ("Số chữ số thập phân", "Decimal places"), form.decimals, false)}
                <label for="ind-department">{move || lang.get().pick("Đơn vị chủ trì", "Responsible department")}</label>
                <select id="ind-department" data-testid="ind-department" on:change=move |ev| form.department.set(event_target_value(&ev))>{dept_options}</select>
                {field_error("department")}
                <label for="ind-periodicity">{move || lang.get().pick("Kỳ báo cáo", "Periodicity")}</label>
                <select id="ind-periodicity" data-testid="ind-periodicity" on:change=move |ev| form.periodicity.set(event_target_value(&ev))>
                    {Periodicity::ALL.into_iter().map(|p| view! { <option value=p.as_str() selected=move || form.periodicity.get() == p.as_str()>{move || match p { Periodicity::Month => lang.get().pick("Tháng", "Month"), Periodicity::Quarter => lang.get().pick("Quý", "Quarter"), Periodicity::Year => lang.get().pick("Năm", "Year") }}</option> }).collect_view()}
                </select>
                {field_error("periodicity")}
                <label for="ind-direction">{move || lang.get().pick("Chiều tốt", "Better when")}</label>
                <select id="ind-direction" data-testid="ind-direction" on:change=move |ev| form.direction.set(event_target_value(&ev))>
                    <option value="higher" selected=move || form.direction.get() == "higher">{move || lang.get().pick("Càng cao càng tốt", "Higher")}</option>
                    <option value="lower" selected=move || form.direction.get() == "lower">{move || lang.get().pick("Càng thấp càng tốt", "Lower")}</option>
                </select>
            </div>
            <fieldset>
                <legend>{move || lang.get().pick("Công thức", "Formula")}</legend>
                <div class="form-grid">
                    <label for="ind-aggregate">{move || lang.get().pick("Phép tính", "Aggregate")}</label>
                    <select id="ind-aggregate" data-testid="ind-aggregate" on:change=move |ev| form.aggregate.set(event_target_value(&ev))>
                        {Aggregate::ALL.into_iter().map(|a| view! { <option value=a.as_str() selected=move || form.aggregate.get() == a.as_str()>{move || match a {
                            Aggregate::Sum => lang.get().pick("Tổng", "Sum"), Aggregate::Avg => lang.get().pick("Trung bình", "Average"),
                            Aggregate::Count => lang.get().pick("Đếm dòng", "Count rows"), Aggregate::Ratio => lang.get().pick("Tỷ lệ (tử số ÷ mẫu số × hệ số)", "Ratio (numerator ÷ denominator × factor)") }}</option> }).collect_view()}
                    </select>
                    <label for="ind-dataset">{move || lang.get().pick("Tập dữ liệu", "Dataset")}</label>
                    <select id="ind-dataset" data-testid="ind-dataset" on:change=move |ev| { form.dataset.set(event_target_value(&ev)); form.field.set(String::new()); form.denominator.set(String::new()); }>{ds_options}</select>
                    {field_error("formula.dataset")}
                    <label for="ind-field">{move || if form.aggregate.get() == "ratio" { lang.get().pick("Tử số", "Numerator") } else { lang.get().pick("Trường", "Field") }}</label>
                    <select id="ind-field" data-testid="ind-field" on:change=move |ev| form.field.set(event_target_value(&ev))>{move || options(form.field, true)}</select>
                    {field_error("formula.field")}
                    <Show when=move || form.aggregate.get() == "ratio">
                        <label for="ind-denominator">{move || lang.get().pick("Mẫu số", "Denominator")}</label>
                        <select id="ind-denominator" data-testid="ind-denominator" on:change=move |ev| form.denominator.set(event_target_value(&ev))>{move || options(form.denominator, true)}</select>
                        {field_error("formula.denominator")}
                    </Show>
                    {text("ind-factor", ("Hệ số (100 cho phần trăm)", "Factor (100 for a percentage)"), form.factor, false)}
                </div>
            </fieldset>
            <fieldset>
                <legend>{move || lang.get().pick("Chỉ tiêu kế hoạch", "Targets")}</legend>
                <table class="data-table compact">
                    <thead><tr>
                        <th scope="col">{move || lang.get().pick("Năm", "Year")}</th>
                        <th scope="col">{move || lang.get().pick("Kỳ (vd 2025-Q2; trống: cả năm)", "Period (e.g. 2025-Q2; blank: year)")}</th>
                        <th scope="col">{move || lang.get().pick("Giá trị", "Value")}</th>
                        <th scope="col"></th>
                    </tr></thead>
                    <tbody>{targets}</tbody>
                </table>
                <button type="button" class="btn" data-testid="add-target" on:click=move |_| form.add_target(this_year().to_string(), String::new(), String::new())>{move || lang.get().pick("Thêm chỉ tiêu năm/kỳ", "Add a target")}</button>
                {field_error("targets")}
            </fieldset>
            <fieldset>
                <legend>{move || lang.get().pick("Ngưỡng đánh giá (% hoàn thành chỉ tiêu)", "Status thresholds (% of target attained)")}</legend>
                <div class="form-grid">
                    {text("ind-green", ("Xanh từ", "Green from"), form.green, false)}
                    {text("ind-amber", ("Vàng từ (dưới là đỏ)", "Amber from (red below)"), form.amber, false)}
                </div>
                {field_error("thresholds")}
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" data-testid="save-indicator" disabled=move || busy.get()>{move || lang.get().pick("Lưu", "Save")}</button>
                <button type="button" class="btn" on:click=move |_| { open.set(false); error.set(None); }>{move || lang.get().pick("Hủy", "Cancel")}</button>
            </div>
        </form>
    }
    .into_any();

    view! {
        {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
        <div class="table-wrap">
            <table class="data-table" data-testid="indicator-list">
                <thead><tr>
                    <th scope="col">{move || lang.get().pick("Mã", "Code")}</th>
                    <th scope="col">{move || lang.get().pick("Tên", "Title")}</th>
                    <th scope="col">{move || lang.get().pick("Công thức", "Formula")}</th>
                    <th scope="col">{move || lang.get().pick("Sửa lần cuối", "Last changed")}</th>
                    <th scope="col"></th>
                </tr></thead>
                <tbody>{list}</tbody>
            </table>
        </div>
        <button class="btn btn-primary" data-testid="new-indicator" on:click=move |_| edit(None)>{move || lang.get().pick("Thêm chỉ tiêu", "New indicator")}</button>
        <div hidden=move || !open.get()>{form_view}</div>
    }
}

/// This year, for a new target row.
fn this_year() -> i32 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::new_0().get_full_year() as i32
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        2025
    }
}

fn web_confirm(message: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.confirm_with_message(message).ok())
            .unwrap_or(false)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = message;
        true
    }
}

/// A field's error as the form shows it, beside the field: the message alone, and for a
/// row of the targets which row ("targets[2]" is the wire's name, not the reader's).
fn field_message(field: &str, message: &crate::error::Text, l: crate::i18n::Lang) -> String {
    let row = field
        .strip_prefix("targets[")
        .and_then(|r| r.split(']').next())
        .and_then(|n| n.parse::<usize>().ok());
    match row {
        Some(n) => format!(
            "{} {n}: {}",
            l.pick("Chỉ tiêu dòng", "Target row"),
            message.get(l)
        ),
        None => message.get(l).to_string(),
    }
}
