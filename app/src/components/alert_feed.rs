//! The shared alert feed: the alerts modules raise, newest and most severe first, with
//! time, subject and value; officials acknowledge them. Used by the overview (every
//! module) and by each module's page (its own).

use crate::alerts::{acknowledge_alert, load_alerts};
use crate::format;
use crate::i18n::use_lang;
use crate::model::{AlertQuery, Severity};
use leptos::prelude::*;

/// `module`: one module's alerts (its slug); `None` for every module.
#[component]
pub fn AlertFeed(
    #[prop(optional)] module: Option<&'static str>,
    /// Used as `data-testid`.
    #[prop(into)]
    id: String,
) -> impl IntoView {
    let lang = use_lang();
    let include_cleared = RwSignal::new(false);
    let reload = RwSignal::new(0u32);
    let alerts = LocalResource::new(move || {
        reload.track();
        load_alerts(AlertQuery {
            module: module.map(str::to_string),
            include_cleared: include_cleared.get(),
            limit: Some(50),
        })
    });
    let ack_error = RwSignal::new(None::<String>);
    let ack = move |id: i64| {
        leptos::task::spawn_local(async move {
            match acknowledge_alert(id).await {
                Ok(_) => {
                    ack_error.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) => ack_error.set(Some(e.to_string())),
            }
        });
    };
    // Live: the feed asks again every minute while it is on screen.
    #[cfg(target_arch = "wasm32")]
    {
        let handle = leptos::prelude::set_interval_with_handle(
            move || reload.update(|n| *n += 1),
            std::time::Duration::from_secs(60),
        )
        .ok();
        on_cleanup(move || {
            if let Some(h) = handle {
                h.clear();
            }
        });
    }

    let rows = move || {
        let l = lang.get();
        match alerts.get() {
            None => view! { <p class="muted">{l.pick("Đang tải…", "Loading…")}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! {
                <p class="muted" data-testid="alerts-empty">{l.pick("Không có cảnh báo.", "No alerts.")}</p>
            }
            .into_any(),
            Some(Ok(list)) => view! {
                <ul class="alert-list">
                    {list.into_iter().map(|a| {
                        let id = a.id;
                        let open = a.cleared_at.is_none();
                        let sev = match a.severity { Severity::Critical => "critical", Severity::Warning => "warning" };
                        let sev_label = match a.severity {
                            Severity::Critical => l.pick("Nghiêm trọng", "Critical"),
                            Severity::Warning => l.pick("Cảnh báo", "Warning"),
                        };
                        let state = if open { l.pick("Đang diễn ra", "Ongoing") } else { l.pick("Đã kết thúc", "Ended") };
                        let acked = a.acknowledged_by.clone().map(|who| {
                            let when = a.acknowledged_at.as_deref().map(|t| format::datetime_local(t, l)).unwrap_or_default();
                            format!("{} {who} · {when}", l.pick("Đã xác nhận:", "Acknowledged by"))
                        });
                        view! {
                            <li class=format!("alert-item {sev}") class:ended=!open data-testid="alert" data-kind=a.kind.clone() data-subject=a.subject.clone()>
                                <div class="alert-head">
                                    <span class=format!("badge sev-{sev}")>{sev_label}</span>
                                    <strong>{l.pick(&a.title_vi, &a.title_en).to_string()}</strong>
                                </div>
                                <div class="alert-meta">
                                    <span data-testid="alert-value">{a.value.clone()}</span>
                                    " · "<time datetime=a.observed_at.clone()>{format::datetime_local(&a.observed_at, l)}</time>
                                    " · "<span>{state}</span>
                                </div>
                                {match acked {
                                    Some(text) => view! { <p class="muted small" data-testid="alert-acked">{text}</p> }.into_any(),
                                    None => view! {
                                        <button class="btn" data-testid="alert-ack" on:click=move |_| ack(id)>
                                            {l.pick("Xác nhận đã xem", "Acknowledge")}
                                        </button>
                                    }.into_any(),
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        }
    };

    view! {
        <section class="alert-feed card" data-testid=id aria-live="polite">
            <header class="alert-feed-head">
                <h2>{move || lang.get().pick("Cảnh báo", "Alerts")}</h2>
                <label class="toggle">
                    <input type="checkbox" prop:checked=include_cleared
                        on:change=move |ev| include_cleared.set(event_target_checked(&ev)) />
                    {move || lang.get().pick("Cả cảnh báo đã kết thúc", "Include ended alerts")}
                </label>
            </header>
            {move || ack_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {rows}
        </section>
    }
}
