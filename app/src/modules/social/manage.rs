//! The sources and watchlist topics on `/social`: officials see each source's health;
//! administrators add and change sources (a push source's secret is shown once), fetch a
//! feed now, and define, change and delete topics.

use super::api::{
    delete_social_topic, fetch_social_source, load_social_sources, load_social_topics,
    save_social_source, save_social_topic,
};
use super::model::{Source, SourceInput, SourceKind, Topic, TopicInput};
use crate::components::ErrorNote;
use crate::error::AppError;
use crate::format;
use crate::i18n::{use_lang, Lang};
use crate::modules::indicators::model::UnitName;
use leptos::prelude::*;

/// Comma- or line-separated phrases, trimmed, empty ones dropped.
fn phrases(s: &str) -> Vec<String> {
    s.split([',', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

fn state_label(s: &Source, l: Lang) -> &'static str {
    match (s.kind, s.state.as_str()) {
        (SourceKind::Push, _) => l.pick("Nhận bài gửi đến", "Receives pushes"),
        (_, "ok") => l.pick("Hoạt động", "OK"),
        (_, "failing") => l.pick("Đang lỗi", "Failing"),
        _ => l.pick("Chưa lấy tin", "Not fetched yet"),
    }
}

/// The sources and their health; administrators also add, change and fetch them.
#[component]
pub fn Sources(#[prop(into)] admin: Signal<bool>) -> impl IntoView {
    let lang = use_lang();
    let reload = RwSignal::new(0u32);
    let res = LocalResource::new(move || {
        reload.track();
        load_social_sources()
    });
    let (list, error) = crate::components::last_good(res);
    let busy = RwSignal::new(None::<String>);
    let fetch_error = RwSignal::new(None::<AppError>);
    let fetch_now = move |code: String| {
        busy.set(Some(code.clone()));
        leptos::task::spawn_local(async move {
            match fetch_social_source(code).await {
                Ok(_) => fetch_error.set(None),
                Err(e) => fetch_error.set(Some(e)),
            }
            busy.set(None);
            reload.update(|n| *n += 1);
        });
    };
    let rows = move || {
        let l = lang.get();
        list.get()
            .unwrap_or_default()
            .into_iter()
            .map(|s| {
                let code = s.code.clone();
                let feed = s.kind != SourceKind::Push;
                let state_class = format!("badge source-{}", s.state);
                let when = s
                    .last_ok_at
                    .as_deref()
                    .map(|t| format::datetime_local(t, l))
                    .unwrap_or_else(|| "—".into());
                let fetching = {
                    let code = code.clone();
                    move || busy.with(|b| b.as_deref() == Some(code.as_str()))
                };
                view! {
                    <tr data-testid="source" data-code=s.code.clone() data-state=s.state.clone()>
                        <th scope="row">{s.name.clone()}<br/><span class="muted small">{s.code.clone()}</span></th>
                        <td>{s.kind.as_str().to_uppercase()}</td>
                        <td><span class=state_class>{state_label(&s, l)}</span>
                            {s.last_error.clone().filter(|_| s.failures > 0).map(|e| view! {
                                <br/><span class="muted small" data-testid="source-error">{format!("{} {}: {e}", s.failures, l.pick("lần lỗi liên tiếp", "failures in a row"))}</span>
                            })}
                        </td>
                        <td>{when}</td>
                        <td class="num">{format::number(s.posts as f64, 0, l)}</td>
                        <td>
                            <Show when=move || admin.get() && feed>
                                <button type="button" class="btn" data-testid="source-fetch"
                                    disabled=fetching.clone()
                                    on:click={let code = code.clone(); move |_| fetch_now(code.clone())}>
                                    {move || lang.get().pick("Lấy tin ngay", "Fetch now")}
                                </button>
                            </Show>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="panel" data-testid="sources">
            <h2>{move || lang.get().pick("Nguồn tin và tình trạng", "Sources and their health")}</h2>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            {move || fetch_error.get().map(|e| view! { <ErrorNote error=e/> })}
            <div class="table-scroll">
                <table class="data-table" data-testid="sources-health">
                    <thead><tr>
                        <th scope="col">{move || lang.get().pick("Nguồn", "Source")}</th>
                        <th scope="col">{move || lang.get().pick("Loại", "Kind")}</th>
                        <th scope="col">{move || lang.get().pick("Tình trạng", "Health")}</th>
                        <th scope="col">{move || lang.get().pick("Lấy được tin lần cuối", "Last good fetch")}</th>
                        <th scope="col" class="num">{move || lang.get().pick("Bài", "Posts")}</th>
                        <th scope="col"></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <Show when=move || admin.get()>
                <SourceForm on_saved=Callback::new(move |_| reload.update(|n| *n += 1))/>
            </Show>
        </section>
    }
}

/// Administrators add a source or change the one with the same code.
#[component]
fn SourceForm(on_saved: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(SourceKind::Rss);
    let url = RwSignal::new(String::new());
    let interval = RwSignal::new("900".to_string());
    let saved = RwSignal::new(None::<Source>);
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let k = kind.get_untracked();
        let input = SourceInput {
            code: code.get_untracked().trim().to_string(),
            name: Some(name.get_untracked().trim().to_string()).filter(|n| !n.is_empty()),
            kind: k,
            url: Some(url.get_untracked().trim().to_string())
                .filter(|u| !u.is_empty() && k != SourceKind::Push),
            interval_s: interval.get_untracked().trim().parse().ok(),
            active: Some(true),
        };
        leptos::task::spawn_local(async move {
            match save_social_source(input).await {
                Ok(s) => {
                    error.set(None);
                    saved.set(Some(s));
                    on_saved.run(());
                }
                Err(e) => {
                    saved.set(None);
                    error.set(Some(e));
                }
            }
        });
    };
    let kinds = [
        (SourceKind::Rss, "RSS"),
        (SourceKind::Atom, "Atom"),
        (SourceKind::Jsonfeed, "JSON Feed"),
        (SourceKind::Push, "Push"),
    ];
    view! {
        <form class="card form" data-testid="source-form" on:submit=submit>
            <h3>{move || lang.get().pick("Thêm hoặc sửa nguồn tin", "Add or change a source")}</h3>
            <div class="fields">
                <label>{move || lang.get().pick("Mã (chữ, số, - _)", "Code (letters, digits, - _)")}
                    <input data-testid="source-code" required prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/></label>
                <label>{move || lang.get().pick("Tên", "Name")}
                    <input data-testid="source-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/></label>
                <label>{move || lang.get().pick("Loại", "Kind")}
                    <select data-testid="source-kind" on:change=move |ev| {
                        kind.set(SourceKind::parse(&event_target_value(&ev)).unwrap_or(SourceKind::Rss));
                    }>
                        {kinds.into_iter().map(|(k, n)| view! { <option value=k.as_str()>{n}</option> }).collect_view()}
                    </select>
                </label>
                <Show when=move || kind.get() != SourceKind::Push>
                    <label>{move || lang.get().pick("Địa chỉ nguồn tin", "Feed address")}
                        <input data-testid="source-url" type="url" prop:value=url on:input=move |ev| url.set(event_target_value(&ev))/></label>
                    <label>{move || lang.get().pick("Chu kỳ lấy tin (giây, 60–86.400)", "Fetch every (seconds, 60–86,400)")}
                        <input data-testid="source-interval" inputmode="numeric" prop:value=interval on:input=move |ev| interval.set(event_target_value(&ev))/></label>
                </Show>
            </div>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            {move || saved.get().map(|s| {
                let l = lang.get();
                view! {
                    <div class="form-ok" role="status" data-testid="source-saved">
                        <p>{format!("{} {}", l.pick("Đã lưu nguồn", "Source saved:"), s.code)}</p>
                        {s.secret.map(|secret| view! {
                            <p>{l.pick(
                                "Khoá ký của nguồn (chỉ hiện một lần; công cụ của sở dùng nó để ký bài gửi đến):",
                                "The source's signing secret (shown once; the department's tool signs its pushes with it):")}
                                " "<code data-testid="source-secret">{secret}</code></p>
                        })}
                    </div>
                }
            })}
            <button type="submit" class="btn btn-primary" data-testid="source-save">{move || lang.get().pick("Lưu nguồn", "Save source")}</button>
        </form>
    }
}

/// Administrators define, change and delete the watchlist topics.
#[component]
pub fn Topics(
    on_change: Callback<()>,
    /// The districts a topic may be tagged with.
    #[prop(into)]
    districts: Signal<Vec<UnitName>>,
) -> impl IntoView {
    let lang = use_lang();
    let reload = RwSignal::new(0u32);
    let res = LocalResource::new(move || {
        reload.track();
        load_social_topics()
    });
    let (list, error) = crate::components::last_good(res);
    let name = RwSignal::new(String::new());
    let include = RwSignal::new(String::new());
    let exclude = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let sector = RwSignal::new(String::new());
    let form_error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(None::<String>);
    let changed = move |what: String| {
        done.set(Some(what));
        form_error.set(None);
        reload.update(|n| *n += 1);
        on_change.run(());
    };
    let edit = move |t: Topic| {
        name.set(t.name);
        include.set(t.phrases.join(", "));
        exclude.set(t.exclude.join(", "));
        unit.set(t.unit.unwrap_or_default());
        sector.set(t.sector.unwrap_or_default());
        done.set(None);
    };
    let remove = move |t: Topic| {
        leptos::task::spawn_local(async move {
            match delete_social_topic(t.id).await {
                Ok(()) => changed(format!(
                    "{} {}",
                    lang.get_untracked().pick("Đã xoá chủ đề", "Topic deleted:"),
                    t.name
                )),
                Err(e) => form_error.set(Some(e)),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = TopicInput {
            name: name.get_untracked().trim().to_string(),
            phrases: phrases(&include.get_untracked()),
            exclude: phrases(&exclude.get_untracked()),
            unit: Some(unit.get_untracked().trim().to_string()).filter(|u| !u.is_empty()),
            sector: Some(sector.get_untracked().trim().to_string()).filter(|s| !s.is_empty()),
        };
        leptos::task::spawn_local(async move {
            match save_social_topic(input).await {
                Ok(t) => changed(format!(
                    "{} {}",
                    lang.get_untracked().pick("Đã lưu chủ đề", "Topic saved:"),
                    t.name
                )),
                Err(e) => {
                    done.set(None);
                    form_error.set(Some(e));
                }
            }
        });
    };
    let rows = move || {
        let l = lang.get();
        list.get()
            .unwrap_or_default()
            .into_iter()
            .map(|t| {
                let (t1, t2) = (t.clone(), t.clone());
                view! {
                    <tr data-testid="topic" data-name=t.name.clone()>
                        <th scope="row">{t.name.clone()}</th>
                        <td>{t.phrases.join(", ")}</td>
                        <td>{t.exclude.join(", ")}</td>
                        <td>{t.unit.as_deref().map(|u| crate::modules::indicators::model::unit_name(&districts.get(), Some(u), l)).unwrap_or_default()}</td>
                        <td>{t.sector.clone().unwrap_or_default()}</td>
                        <td class="actions">
                            <button type="button" class="btn" data-testid="topic-edit" on:click=move |_| edit(t1.clone())>
                                {l.pick("Sửa", "Edit")}</button>
                            <button type="button" class="btn danger" data-testid="topic-delete" on:click=move |_| remove(t2.clone())>
                                {l.pick("Xoá", "Delete")}</button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="panel" data-testid="topics-admin">
            <h2>{move || lang.get().pick("Chủ đề theo dõi", "Watchlist topics")}</h2>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            <div class="table-scroll">
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{move || lang.get().pick("Chủ đề", "Topic")}</th>
                        <th scope="col">{move || lang.get().pick("Cụm từ", "Phrases")}</th>
                        <th scope="col">{move || lang.get().pick("Loại trừ", "Exclusions")}</th>
                        <th scope="col">{move || lang.get().pick("Địa bàn", "District")}</th>
                        <th scope="col">{move || lang.get().pick("Lĩnh vực", "Sector")}</th>
                        <th scope="col"></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <form class="card form" data-testid="topic-form" on:submit=submit>
                <h3>{move || lang.get().pick("Thêm chủ đề, hoặc sửa chủ đề cùng tên", "Add a topic, or change the one of the same name")}</h3>
                <div class="fields">
                    <label>{move || lang.get().pick("Tên chủ đề", "Name")}
                        <input data-testid="topic-name" required prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/></label>
                    <label class="wide">{move || lang.get().pick("Cụm từ, cách nhau bởi dấu phẩy (có dấu hoặc không dấu)", "Phrases, comma-separated (with or without diacritics)")}
                        <textarea data-testid="topic-phrases" rows="2" prop:value=move || include.get() on:input=move |ev| include.set(event_target_value(&ev))></textarea></label>
                    <label class="wide">{move || lang.get().pick("Loại trừ bài có cụm từ", "Leave out posts with")}
                        <textarea data-testid="topic-exclude" rows="2" prop:value=move || exclude.get() on:input=move |ev| exclude.set(event_target_value(&ev))></textarea></label>
                    <label>{move || lang.get().pick("Địa bàn (tuỳ chọn)", "District (optional)")}
                        <select data-testid="topic-unit" prop:value=move || unit.get() on:change=move |ev| unit.set(event_target_value(&ev))>
                            <option value="">{move || lang.get().pick("Không gắn địa bàn", "None")}</option>
                            {move || { let l = lang.get(); districts.get().into_iter().map(|d| {
                                let shown = l.pick(&d.name, &d.name_en).to_string();
                                view! { <option value=d.code.clone() selected=unit.get_untracked() == d.code>{shown}</option> }
                            }).collect_view() }}
                        </select></label>
                    <label>{move || lang.get().pick("Lĩnh vực (tuỳ chọn)", "Sector (optional)")}
                        <input data-testid="topic-sector" prop:value=sector on:input=move |ev| sector.set(event_target_value(&ev))/></label>
                </div>
                {move || form_error.get().map(|e| view! { <ErrorNote error=e/> })}
                {move || done.get().map(|m| view! { <p class="form-ok" role="status" data-testid="topic-done">{m}</p> })}
                <button type="submit" class="btn btn-primary" data-testid="topic-save">{move || lang.get().pick("Lưu chủ đề", "Save topic")}</button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn phrases_split_on_commas_and_lines() {
        assert_eq!(
            super::phrases(" ngập, ngap lut\n\n triều cường ,"),
            vec!["ngập", "ngap lut", "triều cường"]
        );
    }
}
