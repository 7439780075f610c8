//! A chart drawn with plotters on a canvas, with its title, unit and a table alternative.

use crate::charts::{self, ChartSpec};
use crate::format;
use crate::i18n::use_t;
use leptos::prelude::*;

/// `spec` is `None` while loading. The drawing itself is [`charts::draw`].
#[component]
pub fn Chart(
    #[prop(into)] spec: Signal<Option<ChartSpec>>,
    /// Used as `data-testid`.
    #[prop(into)]
    id: String,
    #[prop(default = 300)] height: u32,
    /// Called with a category's index when the reader clicks its bar or point, or its row
    /// in the table alternative (for the keyboard).
    #[prop(optional)]
    on_pick: Option<Callback<usize>>,
) -> impl IntoView {
    let t = use_t();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    // The plotting area's edges in canvas pixels, from the last drawing.
    let edges = StoredValue::new(None::<(i32, i32)>);

    Effect::new(move |_| {
        let spec = spec.get();
        let el = canvas.get();
        if let (Some(spec), Some(el)) = (spec, el) {
            edges.set_value(paint(&el, &spec, height));
        }
    });
    let click = move |ev: leptos::ev::MouseEvent| {
        let (Some(cb), Some(el), Some(e)) = (on_pick, canvas.get_untracked(), edges.get_value())
        else {
            return;
        };
        // The canvas may be drawn at another size than it is shown.
        let scale = f64::from(el.width()) / f64::from(el.client_width().max(1));
        let n = spec.with_untracked(|s| s.as_ref().map_or(0, |s| s.x_labels.len()));
        if let Some(i) = charts::category_at(f64::from(ev.offset_x()) * scale, e, n) {
            cb.run(i);
        }
    };

    let title = move || spec.with(|s| s.as_ref().map(|s| s.title.clone()).unwrap_or_default());
    let unit = move || spec.with(|s| s.as_ref().map(|s| s.y_unit.clone()).unwrap_or_default());
    let state = move || match spec.get() {
        None => "loading",
        Some(s) if s.is_empty() => "empty",
        Some(_) => "ready",
    };

    view! {
        <figure class="chart" class:pickable=on_pick.is_some() data-testid=id data-state=state>
            <figcaption>
                <span class="chart-title">{title}</span>
                <span class="chart-unit">{move || { let u = unit(); if u.is_empty() { u } else { format!(" ({u})") } }}</span>
            </figcaption>
            <div class="chart-body" style=format!("min-height:{height}px")>
                <canvas node_ref=canvas role="img" aria-label=title on:click=click
                    class:hidden=move || state() != "ready" height=height></canvas>
                <Show when=move || state() == "loading">
                    <p class="chart-note">{move || t().loading}</p>
                </Show>
                <Show when=move || state() == "empty">
                    <p class="chart-note">{move || t().no_data}</p>
                </Show>
            </div>
            <ul class="chart-legend">
                {move || spec.get().map(|s| s.series.iter().enumerate().map(|(i, series)| view! {
                    <li><span class="swatch" style=format!("background:{}", charts::color_hex(i))></span>{series.name.clone()}</li>
                }).collect_view())}
            </ul>
            <details class="chart-table">
                <summary>{move || t().show_table}</summary>
                {move || spec.get().map(|s| table(&s, on_pick))}
            </details>
        </figure>
    }
}

/// The same numbers as the drawing, for screen readers and for copying; with `pick`, each
/// row's label is a button doing what a click on the drawing does.
fn table(spec: &ChartSpec, pick: Option<Callback<usize>>) -> impl IntoView + use<> {
    let lang = spec.lang;
    // Small values (pH, mg/L) need decimals; counts do not.
    let top = spec
        .series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let decimals = if top >= 100.0 {
        0
    } else if top >= 10.0 {
        1
    } else {
        2
    };
    let header = spec
        .series
        .iter()
        .map(|s| view! { <th scope="col">{s.name.clone()}</th> })
        .collect_view();
    let rows = spec
        .x_labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let cells = spec
                .series
                .iter()
                .map(|s| {
                    let v = s.values.get(i).copied().unwrap_or(f64::NAN);
                    let shown = if v.is_finite() {
                        format::number(v, decimals, lang)
                    } else {
                        "—".to_string()
                    };
                    view! { <td class="num">{shown}</td> }
                })
                .collect_view();
            let head = match pick {
                Some(cb) => view! {
                    <button type="button" class="link" data-testid="chart-pick"
                        on:click=move |_| cb.run(i)>{label.clone()}</button>
                }
                .into_any(),
                None => label.clone().into_any(),
            };
            view! { <tr><th scope="row">{head}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <table class="data-table compact">
            <thead><tr><th></th>{header}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[cfg(target_arch = "wasm32")]
fn paint(el: &web_sys::HtmlCanvasElement, spec: &ChartSpec, height: u32) -> Option<(i32, i32)> {
    use plotters::prelude::IntoDrawingArea;
    let width = el
        .parent_element()
        .map(|p| p.client_width())
        .filter(|w| *w > 0)
        .unwrap_or(640) as u32;
    el.set_width(width);
    el.set_height(height);
    match plotters_canvas::CanvasBackend::with_canvas_object(el.clone()) {
        Some(backend) => {
            let started = js_sys::Date::now();
            let root = backend.into_drawing_area();
            let edges = charts::draw(&root, spec)
                .inspect_err(|e| leptos::logging::warn!("chart could not draw: {e:?}"))
                .ok()
                .flatten();
            // How long the drawing took, for the browser benchmarks.
            let _ = el.set_attribute(
                "data-draw-ms",
                &format!("{:.1}", js_sys::Date::now() - started),
            );
            edges
        }
        None => {
            leptos::logging::warn!("canvas has no 2d context");
            None
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn paint(
    _el: &leptos::web_sys::HtmlCanvasElement,
    _spec: &ChartSpec,
    _height: u32,
) -> Option<(i32, i32)> {
    let _ = charts::PALETTE;
    None
}
