//! The Decision 766 scorecard on `/admin-services`: points per group for the province and
//! each agency, each sub-indicator's numerator, denominator and points, which are computed
//! and which entered; administrators correct weights and rules, departments enter values.

use super::api::{enter_score_value, load_scorecard, save_score_indicator};
use super::score::{
    Rule, ScopeScore, ScoreEdit, ScoreEntry, Scorecard, Step, SubIndicator, GROUPS, MEASURES,
};
use crate::components::{Cell, Column, DataTable, ErrorNote, FilterSelect};
use crate::error::AppError;
use crate::format;
use crate::i18n::{use_lang, Lang};
use crate::model::Role;
use crate::modules::auth::use_auth;
use leptos::prelude::*;

fn points(v: f64, l: Lang) -> String {
    format::number(v, 2, l)
}

fn points_cell(v: f64, l: Lang) -> Cell {
    Cell::Number {
        value: v,
        shown: points(v, l),
    }
}

/// `95=100; 80=50` (ratio % = share of the points %), as the administrator types steps.
fn parse_steps(text: &str) -> Result<Vec<Step>, AppError> {
    let bad = |part: &str| {
        AppError::invalid(
            "rule",
            crate::tr!(
                "'{part}' không đúng dạng tỉ lệ=phần điểm, ví dụ 95=100",
                "'{part}' is not ratio=share, e.g. 95=100"
            ),
        )
    };
    text.split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|part| {
            let (a, s) = part.split_once('=').ok_or_else(|| bad(part))?;
            let num = |x: &str| {
                x.trim()
                    .replace(',', ".")
                    .parse::<f64>()
                    .map_err(|_| bad(part))
            };
            Ok(Step {
                at_least: num(a)?,
                share: num(s)? / 100.0,
            })
        })
        .collect()
}

fn steps_text(rule: &Rule) -> String {
    match rule {
        Rule::Proportional => String::new(),
        Rule::Thresholds { steps } => steps
            .iter()
            .map(|s| format!("{}={}", s.at_least, super::score::round2(s.share * 100.0)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// What the editor is doing: correcting a sub-indicator, or entering a value.
#[derive(Clone, PartialEq)]
enum Editing {
    Definition(SubIndicator),
    Value(SubIndicator),
}

#[component]
pub fn Scorecard() -> impl IntoView {
    let lang = use_lang();
    let auth = use_auth();
    let label = move |vi: &'static str, en: &'static str| {
        Signal::derive(move || lang.get().pick(vi, en).to_string())
    };
    let period = RwSignal::new(String::new());
    let scope = RwSignal::new(String::new());
    let reload = RwSignal::new(0u32);
    let card = LocalResource::new(move || {
        reload.track();
        let p = period.get();
        load_scorecard((!p.is_empty()).then_some(p))
    });
    let data = RwSignal::new(None::<Scorecard>);
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match card.get() {
        Some(Ok(c)) => {
            if period.get_untracked().is_empty() {
                period.set(c.period.clone());
            }
            data.set(Some(c));
            error.set(None);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });

    let ranking_cols = Signal::derive(move || {
        let l = lang.get();
        let mut c = vec![Column::text(l.pick("Đơn vị", "Scope"))];
        for (n, vi, en, max) in GROUPS {
            c.push(Column::number(format!(
                "{n}. {} ({})",
                l.pick(vi, en),
                format::number(max, 0, l)
            )));
        }
        c.push(Column::number(l.pick("Tổng điểm", "Total")));
        c.push(Column::number(
            l.pick("Trên số điểm có dữ liệu", "Out of (with data)"),
        ));
        c
    });
    let ranking_rows = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let Some(d) = d else { return vec![] };
            std::iter::once(&d.province)
                .chain(&d.agencies)
                .map(|s: &ScopeScore| {
                    let mut row = vec![Cell::Text(l.pick(&s.name, &s.name_en).to_string())];
                    row.extend(s.groups.iter().map(|g| points_cell(*g, l)));
                    row.push(points_cell(s.total, l));
                    row.push(points_cell(s.scored_max, l));
                    row
                })
                .collect()
        })
    });
    let period_options = Signal::derive(move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| d.periods.iter().map(|p| (p.clone(), p.clone())).collect())
                .unwrap_or_default()
        })
    });
    let scope_options = Signal::derive(move || {
        let l = lang.get();
        let mut out = vec![(
            String::new(),
            l.pick("Toàn tỉnh", "Whole province").to_string(),
        )];
        data.with(|d| {
            if let Some(d) = d {
                let mut a: Vec<_> = d
                    .agencies
                    .iter()
                    .map(|s| (s.scope.clone(), l.pick(&s.name, &s.name_en).to_string()))
                    .collect();
                a.sort_by_key(|x| format::fold(&x.1));
                out.extend(a);
            }
        });
        out
    });
    let chosen = move || {
        data.with(|d| {
            d.as_ref().and_then(|d| {
                let s = scope.get();
                if s.is_empty() {
                    Some(d.province.clone())
                } else {
                    d.agencies.iter().find(|a| a.scope == s).cloned()
                }
            })
        })
    };

    let editing = RwSignal::new(None::<Editing>);
    let is_admin = move || auth.role().allows(Role::Admin);
    // A steward enters their own agency's values, and province-wide ones their department owns.
    let may_enter = move |def: &SubIndicator| {
        if is_admin() {
            return true;
        }
        let (role, dept) = auth.user.with(|u| {
            u.as_ref()
                .map(|u| (u.role, u.department.clone()))
                .unwrap_or((Role::Public, None))
        });
        let s = scope.get();
        role.allows(Role::Steward)
            && dept.is_some_and(|d| {
                if s.is_empty() {
                    def.department.as_deref() == Some(d.as_str())
                } else {
                    s == d
                }
            })
    };

    let lines = move || {
        let l = lang.get();
        let s = chosen()?;
        let defs = data.with(|d| d.as_ref().map(|d| d.indicators.clone()).unwrap_or_default());
        let rows = defs
            .into_iter()
            .zip(s.lines)
            .map(|(def, line)| {
                let computed = def.computed();
                let source = if computed {
                    let what = MEASURES
                        .iter()
                        .find(|m| m.0 == def.source)
                        .map(|m| l.pick(m.1, m.2))
                        .unwrap_or(&def.source);
                    format!("{} · {}", l.pick("Tự tính", "Computed"), what)
                } else {
                    l.pick("Nhập theo kỳ", "Entered per period").to_string()
                };
                let value = match (line.numerator, line.denominator) {
                    (Some(n), Some(d)) => format!(
                        "{} / {}",
                        format::number(n, 0, l),
                        format::number(d, 0, l)
                    ),
                    _ if computed => l.pick("không có dữ liệu", "no data").to_string(),
                    _ => l.pick("chưa nhập", "not entered").to_string(),
                };
                let ratio = line
                    .ratio
                    .map(|r| format!("{} %", format::number(r, 2, l)))
                    .unwrap_or_else(|| "—".into());
                let pts = line.points.map(|p| points(p, l)).unwrap_or_else(|| "—".into());
                let max = points(def.max_points, l);
                let rule = def.rule.describe(l == Lang::Vi);
                let edit_def = def.clone();
                let enter_def = def.clone();
                let code = def.code.clone();
                let enter = !computed && may_enter(&def);
                view! {
                    <tr data-testid=format!("score-line-{code}") data-source=if computed { "computed" } else { "entered" }>
                        <td>{code.clone()}</td>
                        <td>
                            {l.pick(&def.title, &def.title_en).to_string()}
                            <div class="muted small">{format!("{} ÷ {}", l.pick(&def.numerator, &def.numerator_en), l.pick(&def.denominator, &def.denominator_en))}</div>
                        </td>
                        <td class="small">{source}</td>
                        <td class="num" data-testid="score-value">{value}</td>
                        <td class="num" data-testid="score-ratio">{ratio}</td>
                        <td class="num" data-testid="score-points">{pts}</td>
                        <td class="num" data-testid="score-max">{max}</td>
                        <td class="small">{rule}</td>
                        <td>
                            <Show when=is_admin>
                                <button type="button" class="link" data-testid="score-edit"
                                    on:click={let d = edit_def.clone(); move |_| editing.set(Some(Editing::Definition(d.clone())))}>
                                    {move || lang.get().pick("Sửa", "Edit")}</button>
                            </Show>
                            {enter.then(|| view! {
                                <button type="button" class="link" data-testid="score-enter"
                                    on:click={let d = enter_def.clone(); move |_| editing.set(Some(Editing::Value(d.clone())))}>
                                    {move || lang.get().pick("Nhập số liệu", "Enter values")}</button>
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        Some(rows)
    };

    let group_rows = move || {
        let l = lang.get();
        chosen()
            .map(|s| {
                GROUPS
                    .iter()
                    .zip(&s.groups)
                    .map(|((n, vi, en, max), got)| {
                        view! {
                            <li data-testid=format!("score-group-{n}")>
                                <span>{format!("{n}. {}", l.pick(vi, en))}</span>
                                <strong>{format!("{} / {}", points(*got, l), format::number(*max, 0, l))}</strong>
                            </li>
                        }
                    })
                    .collect_view()
            })
    };
    let total = move || {
        let l = lang.get();
        chosen().map(|s| {
            format!(
                "{} {} / 100 · {} {}",
                points(s.total, l),
                l.pick("điểm", "points"),
                l.pick("trên số điểm có dữ liệu:", "out of the points with data:"),
                points(s.scored_max, l)
            )
        })
    };

    view! {
        <section class="panel" id="scorecard" data-testid="scorecard">
            <h2>{move || lang.get().pick("Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)", "Service index for citizens and businesses (Decision 766/QĐ-TTg)")}</h2>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <FilterSelect id="score-period" label=label("Kỳ đánh giá", "Period") options=period_options
                    value=period on_change=Callback::new(move |v: String| period.set(v))/>
                <FilterSelect id="score-scope" label=label("Đơn vị", "Scope") options=scope_options
                    value=scope on_change=Callback::new(move |v: String| { scope.set(v); editing.set(None); })/>
            </form>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            <p class="score-total" data-testid="score-total">{total}</p>
            <ul class="score-groups">{group_rows}</ul>
            <div class="table-wrap">
                <table class="data-table" data-testid="score-lines">
                    <caption>{move || lang.get().pick("Chỉ số thành phần", "Sub-indicators")}</caption>
                    <thead><tr>
                        <th scope="col">{move || lang.get().pick("Mã", "Code")}</th>
                        <th scope="col">{move || lang.get().pick("Chỉ số", "Indicator")}</th>
                        <th scope="col">{move || lang.get().pick("Nguồn", "Source")}</th>
                        <th scope="col" class="num">{move || lang.get().pick("Tử số / mẫu số", "Numerator / denominator")}</th>
                        <th scope="col" class="num">{move || lang.get().pick("Tỉ lệ", "Ratio")}</th>
                        <th scope="col" class="num">{move || lang.get().pick("Điểm", "Points")}</th>
                        <th scope="col" class="num">{move || lang.get().pick("Tối đa", "Maximum")}</th>
                        <th scope="col">{move || lang.get().pick("Cách cho điểm", "Scoring")}</th>
                        <th scope="col"><span class="visually-hidden">{move || lang.get().pick("Thao tác", "Actions")}</span></th>
                    </tr></thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
            {move || editing.get().map(|e| view! {
                <ScoreEditor editing=e scope=scope.get_untracked() period=period.get_untracked()
                    on_done=Callback::new(move |saved: bool| {
                        editing.set(None);
                        if saved { reload.update(|n| *n += 1); }
                    })/>
            })}
            <h3>{move || lang.get().pick("Điểm theo cơ quan", "Points by agency")}</h3>
            <DataTable id="score-table" columns=ranking_cols rows=ranking_rows
                caption=label("Điểm Bộ chỉ số 766 theo đơn vị", "Decision 766 points by scope")/>
            <p class="muted small">{move || lang.get().pick(
                "Các chỉ số tự tính lấy từ dữ liệu từng hồ sơ và từ phản ánh, kiến nghị của người dân; các chỉ số nhập theo kỳ do sở, ngành phụ trách nhập. Trọng số và cách cho điểm là dữ liệu, quản trị viên sửa được (có ghi nhật ký); cần đối chiếu với phụ lục của Quyết định 766.",
                "Computed sub-indicators come from each dossier and from citizens' feedback; entered ones are entered per period by the department responsible. Weights and scoring rules are data an administrator corrects (audited); check them against Decision 766's appendix.")}</p>
        </section>
    }
}

#[component]
fn ScoreEditor(
    editing: Editing,
    scope: String,
    period: String,
    on_done: Callback<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    match editing {
        Editing::Definition(def) => {
            let max = RwSignal::new(def.max_points.to_string());
            let proportional = RwSignal::new(matches!(def.rule, Rule::Proportional));
            let steps = RwSignal::new(steps_text(&def.rule));
            let title = RwSignal::new(def.title.clone());
            let title_en = RwSignal::new(def.title_en.clone());
            let code = def.code.clone();
            let version = def.version;
            let save = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let Ok(max_points) = max.get_untracked().trim().replace(',', ".").parse::<f64>()
                else {
                    error.set(Some(AppError::invalid(
                        "max_points",
                        crate::tr!("không phải một số", "not a number"),
                    )));
                    return;
                };
                let rule = if proportional.get_untracked() {
                    Rule::Proportional
                } else {
                    match parse_steps(&steps.get_untracked()) {
                        Ok(steps) => Rule::Thresholds { steps },
                        Err(e) => {
                            error.set(Some(e));
                            return;
                        }
                    }
                };
                let edit = ScoreEdit {
                    code: code.clone(),
                    version,
                    max_points,
                    rule,
                    title: title.get_untracked(),
                    title_en: title_en.get_untracked(),
                };
                if let Err(e) = edit.validate() {
                    error.set(Some(e));
                    return;
                }
                busy.set(true);
                leptos::task::spawn_local(async move {
                    let r = save_score_indicator(edit).await;
                    let _ = busy.try_set(false);
                    match r {
                        Ok(_) => on_done.run(true),
                        Err(e) => {
                            let _ = error.try_set(Some(e));
                        }
                    }
                });
            };
            view! {
                <form class="form panel score-editor" data-testid="score-editor" on:submit=save novalidate>
                    <h3>{move || format!("{} {}", lang.get().pick("Sửa chỉ số", "Edit sub-indicator"), def.code)}</h3>
                    <label for="score-title">{move || lang.get().pick("Tên (tiếng Việt)", "Name (Vietnamese)")}</label>
                    <input id="score-title" data-testid="score-title" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                    <label for="score-title-en">{move || lang.get().pick("Tên (tiếng Anh)", "Name (English)")}</label>
                    <input id="score-title-en" data-testid="score-title-en" prop:value=move || title_en.get() on:input=move |ev| title_en.set(event_target_value(&ev))/>
                    <label for="score-max-points">{move || lang.get().pick("Điểm tối đa", "Maximum points")}</label>
                    <input id="score-max-points" data-testid="score-max-points" inputmode="decimal" prop:value=move || max.get() on:input=move |ev| max.set(event_target_value(&ev))/>
                    <fieldset>
                        <legend>{move || lang.get().pick("Cách cho điểm", "Scoring rule")}</legend>
                        <label><input type="radio" name="score-rule" data-testid="score-rule-proportional" prop:checked=move || proportional.get() on:change=move |_| proportional.set(true)/>
                            {move || lang.get().pick(" Theo tỉ lệ (điểm tối đa × tỉ lệ)", " Proportional (maximum × ratio)")}</label>
                        <label><input type="radio" name="score-rule" data-testid="score-rule-thresholds" prop:checked=move || !proportional.get() on:change=move |_| proportional.set(false)/>
                            {move || lang.get().pick(" Theo ngưỡng", " Thresholds")}</label>
                        <Show when=move || !proportional.get()>
                            <label for="score-steps">{move || lang.get().pick("Ngưỡng: tỉ lệ %=phần điểm %, cách nhau bằng ;", "Steps: ratio %=share of points %, separated by ;")}</label>
                            <input id="score-steps" data-testid="score-steps" placeholder="95=100; 80=50" prop:value=move || steps.get() on:input=move |ev| steps.set(event_target_value(&ev))/>
                        </Show>
                    </fieldset>
                    {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
                    <div class="actions">
                        <button type="submit" class="primary" data-testid="score-save" disabled=move || busy.get()>{move || lang.get().pick("Lưu", "Save")}</button>
                        <button type="button" on:click=move |_| on_done.run(false)>{move || lang.get().pick("Huỷ", "Cancel")}</button>
                    </div>
                </form>
            }
            .into_any()
        }
        Editing::Value(def) => {
            let numerator = RwSignal::new(String::new());
            let denominator = RwSignal::new(String::new());
            let code = def.code.clone();
            let (agency, period_shown) = (scope.clone(), period.clone());
            let save = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let num = |s: String, field: &'static str| {
                    s.trim().replace(',', ".").parse::<f64>().map_err(|_| {
                        AppError::invalid(field, crate::tr!("không phải một số", "not a number"))
                    })
                };
                let entry = match (
                    num(numerator.get_untracked(), "numerator"),
                    num(denominator.get_untracked(), "denominator"),
                ) {
                    (Ok(n), Ok(d)) => ScoreEntry {
                        code: code.clone(),
                        period: period.clone(),
                        agency: agency.clone(),
                        numerator: n,
                        denominator: d,
                    },
                    (Err(e), _) | (_, Err(e)) => {
                        error.set(Some(e));
                        return;
                    }
                };
                if let Err(e) = entry.validate() {
                    error.set(Some(e));
                    return;
                }
                busy.set(true);
                leptos::task::spawn_local(async move {
                    let r = enter_score_value(entry).await;
                    let _ = busy.try_set(false);
                    match r {
                        Ok(()) => on_done.run(true),
                        Err(e) => {
                            let _ = error.try_set(Some(e));
                        }
                    }
                });
            };
            view! {
                <form class="form panel score-editor" data-testid="score-entry" on:submit=save novalidate>
                    <h3>{let c = def.code.clone(); move || format!("{} {} · {}", lang.get().pick("Nhập số liệu chỉ số", "Enter values of"), c, period_shown)}</h3>
                    <label for="score-numerator">{let d = def.clone(); move || lang.get().pick(&d.numerator, &d.numerator_en).to_string()}</label>
                    <input id="score-numerator" data-testid="score-numerator" inputmode="decimal" prop:value=move || numerator.get() on:input=move |ev| numerator.set(event_target_value(&ev))/>
                    <label for="score-denominator">{let d = def.clone(); move || lang.get().pick(&d.denominator, &d.denominator_en).to_string()}</label>
                    <input id="score-denominator" data-testid="score-denominator" inputmode="decimal" prop:value=move || denominator.get() on:input=move |ev| denominator.set(event_target_value(&ev))/>
                    {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
                    <div class="actions">
                        <button type="submit" class="primary" data-testid="score-entry-save" disabled=move || busy.get()>{move || lang.get().pick("Lưu", "Save")}</button>
                        <button type="button" on:click=move |_| on_done.run(false)>{move || lang.get().pick("Huỷ", "Cancel")}</button>
                    </div>
                </form>
            }
            .into_any()
        }
    }
}
