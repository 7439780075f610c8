use leptos::prelude::*;

/// One labelled filter of a dashboard: a select whose options may load later (each
/// option carries `selected`, so the choice shows once its option exists).
#[component]
pub fn FilterSelect(
    #[prop(into)] label: Signal<String>,
    /// The select's test id, e.g. "filter-year".
    #[prop(into)]
    id: String,
    /// (value, label) pairs, in order.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    view! {
        <label>
            <span>{label}</span>
            <select data-testid=id on:change=move |ev| on_change.run(event_target_value(&ev))
                prop:value=move || value.get()>
                {move || options.get().into_iter().map(|(v, text)| {
                    let mine = v.clone();
                    view! { <option value=v selected=move || value.with(|x| *x == mine)>{text}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}
