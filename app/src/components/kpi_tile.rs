use crate::format;
use crate::i18n::use_lang;
use leptos::prelude::*;

/// One headline number with its unit, its change and, for demo data, a badge.
#[component]
pub fn KpiTile(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] value: Signal<Option<f64>>,
    #[prop(into)] unit: Signal<String>,
    #[prop(into, optional)] change_pct: Signal<Option<f64>>,
    #[prop(into, optional)] change_label: Signal<String>,
    #[prop(default = 0)] decimals: u8,
    #[prop(into)] id: String,
    /// A line under the number (a split, a definition).
    #[prop(into, optional)]
    note: Signal<String>,
    /// Opens what is behind the number (its rows): the tile then offers a button.
    #[prop(optional)]
    on_open: Option<Callback<()>>,
    /// The button's words, e.g. "Xem hồ sơ".
    #[prop(into, optional)]
    open_label: Signal<String>,
) -> impl IntoView {
    let lang = use_lang();
    let shown = move || match value.get() {
        Some(v) if decimals == 0 && v.abs() >= 1e6 => format::compact(v, lang.get()),
        Some(v) => format::number(v, decimals, lang.get()),
        None => "—".to_string(),
    };
    let change = move || {
        change_pct.get().map(|c| {
            let class = if c > 0.0 {
                "up"
            } else if c < 0.0 {
                "down"
            } else {
                "flat"
            };
            let arrow = if c > 0.0 {
                "▲"
            } else if c < 0.0 {
                "▼"
            } else {
                "■"
            };
            view! {
                <p class=format!("kpi-change {class}")>
                    <span aria-hidden="true">{arrow}" "</span>
                    {format::percent_change(c, lang.get())}" "
                    <span class="muted">{change_label.get()}</span>
                </p>
            }
        })
    };
    let note = move || {
        let n = note.get();
        (!n.is_empty()).then(|| view! { <p class="kpi-note muted">{n}</p> })
    };
    let open = on_open.map(|cb| {
        view! {
            <button type="button" class="kpi-open link" data-testid="kpi-open"
                on:click=move |_| cb.run(())>{open_label}" →"</button>
        }
    });
    view! {
        <article class="kpi-tile" data-testid=format!("kpi-{id}")>
            <h3 class="kpi-label">{label}</h3>
            <p class="kpi-value"><span data-testid="kpi-value">{shown}</span>" "<span class="kpi-unit">{unit}</span></p>
            {change}
            {note}
            {open}
        </article>
    }
}
