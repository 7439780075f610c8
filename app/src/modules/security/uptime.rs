//! `/security`'s second half: the site monitors (state tiles, the list, certificates about
//! to expire) and the incidents with their workflow.

use super::api::{load_incidents, load_monitors, move_incident, open_incident};
use super::model::{Incident, IncidentMove, IncidentStatus, Monitor, MonitorState, NewIncident};
use crate::components::{last_good, Cell, Column, DataTable, ErrorNote, KpiTile};
use crate::error::AppError;
use crate::format;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;

fn state_name(s: MonitorState, l: Lang) -> &'static str {
    let (vi, en) = s.label();
    l.pick(vi, en)
}

fn status_name(s: IncidentStatus, l: Lang) -> &'static str {
    let (vi, en) = s.label();
    l.pick(vi, en)
}

/// Certificates within this many days of expiry are listed.
const CERT_HORIZON: i64 = 30;

#[component]
pub fn Uptime() -> impl IntoView {
    let lang = use_lang();
    let res = LocalResource::new(load_monitors);
    let (data, error) = last_good(res);
    let label = move |vi: &'static str, en: &'static str| {
        Signal::derive(move || lang.get().pick(vi, en).to_string())
    };
    let count = move |s: MonitorState| {
        Signal::derive(move || {
            data.with(|d| {
                d.as_ref()
                    .map(|d| d.iter().filter(|m| m.state == s).count() as f64)
            })
        })
    };
    let expiring = move || {
        data.with(|d| {
            let mut list: Vec<Monitor> = d
                .iter()
                .flatten()
                .filter(|m| m.cert_days_left.is_some_and(|n| n <= CERT_HORIZON))
                .cloned()
                .collect();
            list.sort_by_key(|m| m.cert_days_left);
            list
        })
    };
    let expiring_count = Signal::derive(move || {
        data.with(|d| {
            d.as_ref().map(|d| {
                d.iter()
                    .filter(|m| m.cert_days_left.is_some_and(|n| n <= 21))
                    .count() as f64
            })
        })
    });
    let sites = label("hệ thống", "systems");
    let cols = Signal::derive(move || {
        let l = lang.get();
        vec![
            Column::text(l.pick("Hệ thống", "System")),
            Column::text(l.pick("Đơn vị", "Department")),
            Column::text(l.pick("Trạng thái", "State")),
            Column::number(l.pick("Phản hồi (ms)", "Response (ms)")),
            Column::number(l.pick("Khả dụng 30 ngày (%)", "Availability, 30 days (%)")),
            Column::number(l.pick("Chứng chỉ còn (ngày)", "Certificate, days left")),
            Column::text(l.pick("Kiểm tra lúc", "Checked")),
            Column::text(l.pick("Lỗi", "Error")),
        ]
    });
    let num = |v: Option<f64>, decimals: u8, l: Lang| match v {
        Some(v) => Cell::Number {
            value: v,
            shown: format::number(v, decimals, l),
        },
        None => Cell::Text("–".into()),
    };
    let rows = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            d.iter()
                .flatten()
                .map(|m| {
                    vec![
                        Cell::Text(m.def.name.clone()),
                        Cell::Text(m.def.department.clone()),
                        Cell::Text(if m.def.active {
                            state_name(m.state, l).to_string()
                        } else {
                            format!(
                                "{} ({})",
                                state_name(m.state, l),
                                l.pick("tạm dừng theo dõi", "checks paused")
                            )
                        }),
                        num(m.response_ms.map(f64::from), 0, l),
                        num(m.availability_30d, 2, l),
                        num(m.cert_days_left.map(|d| d as f64), 0, l),
                        Cell::Text(
                            m.last_check
                                .as_deref()
                                .map(|t| format::datetime_local(t, l))
                                .unwrap_or_default(),
                        ),
                        Cell::Text(m.error.clone().unwrap_or_default()),
                    ]
                })
                .collect()
        })
    });
    view! {
        <section class="panel" data-testid="uptime">
            <h2>{move || lang.get().pick("Tình trạng các trang, dịch vụ", "Sites and services")}</h2>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            <div class="kpi-grid">
                <KpiTile id="monitors-up" label=label("Hoạt động", "Up") value=count(MonitorState::Up) unit=sites/>
                <KpiTile id="monitors-down" label=label("Ngừng hoạt động", "Down") value=count(MonitorState::Down) unit=sites/>
                <KpiTile id="monitors-pending" label=label("Đang xác nhận lỗi", "Pending") value=count(MonitorState::Pending) unit=sites/>
                <KpiTile id="monitors-maintenance" label=label("Bảo trì", "Maintenance") value=count(MonitorState::Maintenance) unit=sites/>
                <KpiTile id="certs-expiring" label=label("Chứng chỉ sắp hết hạn", "Certificates expiring") value=expiring_count
                    unit=label("chứng chỉ", "certificates") note=label("trong 21 ngày, kể cả đã hết hạn", "within 21 days, expired included")/>
            </div>
            <DataTable id="monitors-table" columns=cols rows=rows
                caption=label("Kiểm tra định kỳ HTTP(S) và cổng TCP; khả dụng không tính thời gian bảo trì", "Periodic HTTP(S) and TCP checks; availability excludes maintenance")/>
            <h3>{move || lang.get().pick("Chứng chỉ sắp hết hạn", "Certificates about to expire")}</h3>
            <ul class="link-list" data-testid="expiring-certs">
                {move || {
                    let l = lang.get();
                    let list = expiring();
                    if list.is_empty() {
                        return view! { <li class="muted">{l.pick("Không có chứng chỉ nào hết hạn trong 30 ngày tới.", "No certificate expires in the next 30 days.")}</li> }.into_any();
                    }
                    list.into_iter()
                        .map(|m| {
                            let left = m.cert_days_left.unwrap_or_default();
                            let when = m.cert_expires.as_deref().map(|t| format::date(t.get(..10).unwrap_or(t), l)).unwrap_or_default();
                            let words = if left < 0 {
                                format!("{} {when}", l.pick("đã hết hạn ngày", "expired on"))
                            } else {
                                format!("{} {left} {} ({when})", l.pick("còn", "expires in"), l.pick("ngày", "days"))
                            };
                            let class = if left <= 7 { "status status-red" } else if left <= 21 { "status status-amber" } else { "status status-green" };
                            view! {
                                <li>
                                    <strong>{m.def.name.clone()}</strong>" "
                                    <span class=class>{words}</span>
                                    {m.cert_issuer.clone().map(|i| view! { " · "<span class="muted">{l.pick("cấp bởi", "issued by")}" "{i}</span> })}
                                    {m.cert_error.clone().map(|e| view! { " · "<span class="muted">{e}</span> })}
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </ul>
        </section>
    }
}

fn step_label(to: IncidentStatus, l: Lang) -> &'static str {
    match to {
        IncidentStatus::Acknowledged => l.pick("Tiếp nhận", "Acknowledge"),
        IncidentStatus::InProgress => l.pick("Xử lý", "Start work"),
        IncidentStatus::Resolved => l.pick("Đã khắc phục", "Resolved"),
        IncidentStatus::Closed => l.pick("Đóng", "Close"),
        IncidentStatus::FalseAlarm => l.pick("Cảnh báo nhầm", "False alarm"),
        IncidentStatus::New => l.pick("Mới", "New"),
    }
}

fn status_class(s: IncidentStatus) -> &'static str {
    match s {
        IncidentStatus::New => "status status-red",
        IncidentStatus::Acknowledged | IncidentStatus::InProgress => "status status-amber",
        _ => "status status-green",
    }
}

#[component]
pub fn Incidents() -> impl IntoView {
    let lang = use_lang();
    let version = RwSignal::new(0u32);
    let res = LocalResource::new(move || {
        version.track();
        load_incidents()
    });
    let (list, error) = last_good(res);
    // Open incidents in view; the closed ones folded away below them.
    let part = move |closed: bool| -> Vec<Incident> {
        list.with(|l| {
            l.iter()
                .flatten()
                .filter(|i| i.status.is_final() == closed)
                .cloned()
                .collect()
        })
    };
    let open_count =
        move || list.with(|l| l.iter().flatten().filter(|i| !i.status.is_final()).count());
    view! {
        <section class="panel" data-testid="incidents">
            <h2>{move || lang.get().pick("Sự cố", "Incidents")}" "
                <span class="badge" data-testid="incidents-open">{open_count}</span></h2>
            <p class="muted">{move || lang.get().pick(
                "Sự cố mở tự động khi một trang ngừng hoạt động và đóng khi trang hoạt động lại; cán bộ mở sự cố từ sự kiện và xử lý theo quy trình: Mới → Đã tiếp nhận → Đang xử lý → Đã khắc phục → Đóng, hoặc Cảnh báo nhầm.",
                "Incidents open by themselves when a site goes down and close when it is back; officials open them from events and work them through: New → Acknowledged → In progress → Resolved → Closed, or False alarm.")}</p>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            <NewIncidentForm on_done=Callback::new(move |_| version.update(|v| *v += 1))/>
            <ul class="alert-list" data-testid="incident-list">
                <For each=move || part(false) key=|i| (i.id, i.updated_at.clone()) let:i>
                    <IncidentCard incident=i on_changed=Callback::new(move |_| version.update(|v| *v += 1))/>
                </For>
            </ul>
            <details data-testid="incidents-closed">
                <summary>{move || format!("{} ({})", lang.get().pick("Đã đóng trong 30 ngày qua", "Closed in the last 30 days"), part(true).len())}</summary>
                <ul class="alert-list">
                    <For each=move || part(true) key=|i| (i.id, i.updated_at.clone()) let:i>
                        <IncidentCard incident=i on_changed=Callback::new(move |_| version.update(|v| *v += 1))/>
                    </For>
                </ul>
            </details>
        </section>
    }
}

#[component]
fn IncidentCard(incident: Incident, on_changed: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let id = incident.id;
    let run = move |to: IncidentStatus| {
        error.set(None);
        leptos::task::spawn_local(async move {
            let note = Some(note.get_untracked()).filter(|n| !n.trim().is_empty());
            match move_incident(IncidentMove { id, to, note }).await {
                Ok(_) => on_changed.run(()),
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    let i = incident.clone();
    let note_id = format!("incident-note-{id}");
    view! {
        <li class="alert-item card" data-testid="incident" data-status=i.status.as_str()>
            <div class="alert-head">
                <strong>{i.title.clone()}</strong>" "
                <span class=status_class(i.status) data-testid="incident-status">{move || status_name(i.status, lang.get())}</span>
            </div>
            <p class="alert-meta muted">
                {move || {
                    let l = lang.get();
                    format!(
                        "#{} · {} · {} {} · {} {}",
                        incident.id,
                        incident.subject,
                        l.pick("mở lúc", "opened"),
                        format::datetime_local(&incident.opened_at, l),
                        l.pick("bởi", "by"),
                        incident.opened_by
                    )
                }}
            </p>
            <ol class="history small">
                {i.log.iter().map(|s| {
                    let s = s.clone();
                    view! { <li>{move || {
                        let l = lang.get();
                        format!("{} · {} · {}{}", format::datetime_local(&s.at, l), s.actor, status_name(s.to, l),
                            s.note.as_ref().map(|n| format!(": {n}")).unwrap_or_default())
                    }}</li> }
                }).collect_view()}
            </ol>
            {(!i.status.next().is_empty()).then(|| view! {
                <div class="actions-bar">
                    <label for=note_id.clone()>{move || lang.get().pick("Ghi chú (bắt buộc khi là cảnh báo nhầm)", "Note (needed for a false alarm)")}</label>
                    <input id=note_id.clone() type="text" data-testid="incident-note" prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))/>
                    <div class="actions">
                        {i.status.next().iter().map(|to| {
                            let to = *to;
                            view! {
                                <button class="btn" data-testid=format!("incident-to-{}", to.as_str()) on:click=move |_| run(to)>
                                    {move || step_label(to, lang.get())}
                                </button>
                            }
                        }).collect_view()}
                    </div>
                </div>
            })}
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
        </li>
    }
}

#[component]
fn NewIncidentForm(on_done: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let title = RwSignal::new(String::new());
    let subject = RwSignal::new(String::new());
    let critical = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let new = NewIncident {
            title: title.get_untracked(),
            subject: subject.get_untracked(),
            severity: if critical.get_untracked() {
                "critical"
            } else {
                "warning"
            }
            .into(),
            event: None,
            note: None,
        };
        leptos::task::spawn_local(async move {
            match open_incident(new).await {
                Ok(_) => {
                    let _ = title.try_set(String::new());
                    let _ = subject.try_set(String::new());
                    on_done.run(());
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <form class="filters" data-testid="new-incident" on:submit=submit>
            <label>
                <span>{move || lang.get().pick("Sự cố mới", "New incident")}</span>
                <input type="text" data-testid="new-incident-title" required prop:value=move || title.get()
                    on:input=move |ev| title.set(event_target_value(&ev))/>
            </label>
            <label>
                <span>{move || lang.get().pick("Hệ thống, địa chỉ liên quan", "System or address")}</span>
                <input type="text" data-testid="new-incident-subject" prop:value=move || subject.get()
                    on:input=move |ev| subject.set(event_target_value(&ev))/>
            </label>
            <label class="toggle">
                <input type="checkbox" data-testid="new-incident-critical" prop:checked=move || critical.get()
                    on:change=move |ev| critical.set(event_target_checked(&ev))/>
                <span>{move || lang.get().pick("Nghiêm trọng", "Critical")}</span>
            </label>
            <button class="btn btn-primary" type="submit" data-testid="new-incident-open">{move || lang.get().pick("Mở sự cố", "Open incident")}</button>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
        </form>
    }
}
