//! Draws a part of a page once the reader scrolls near it: what sits screens below the
//! first one (a second map, charts) costs a phone nothing while the page opens.

use leptos::html::Div;
use leptos::prelude::*;

/// `children` are drawn when the wrapper comes within `ahead` of the viewport (a share of
/// its height: a screen by default; at once where the browser cannot tell). Until then the
/// wrapper keeps `min_height`, so the page does not jump when they appear.
#[component]
pub fn WhenNear(
    #[prop(into)] testid: String,
    min_height: &'static str,
    #[prop(default = "100%")] ahead: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let near = RwSignal::new(false);
    let node = NodeRef::<Div>::new();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            watch(&el, ahead, near);
        }
    });
    view! {
        <div data-testid=testid node_ref=node style=move || (!near.get()).then(|| format!("min-height:{min_height}"))>
            <Show when=move || near.get()>{children()}</Show>
        </div>
    }
}

#[cfg(target_arch = "wasm32")]
fn watch(el: &web_sys::HtmlDivElement, ahead: &str, near: RwSignal<bool>) {
    observe(el, &format!("{ahead} 0px"), true, near);
}

/// Sets `seen` while `el` is within `root_margin` of the viewport (a CSS margin, e.g.
/// `"100% 0px"`); `once`: set once and stop watching. Where the browser cannot tell, `seen`
/// is set at once. Stops with the reactive owner.
#[cfg(target_arch = "wasm32")]
pub fn observe(el: &web_sys::Element, root_margin: &str, once: bool, seen: RwSignal<bool>) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let on_change = Closure::<dyn Fn(js_sys::Array, web_sys::IntersectionObserver)>::new(
        move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
            let states: Vec<bool> = entries
                .iter()
                .filter_map(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
                .map(|e| e.is_intersecting())
                .collect();
            if once {
                // Seen at all, even in passing: drawn.
                if states.contains(&true) {
                    observer.disconnect();
                    let _ = seen.try_set(true);
                }
            } else if let Some(now) = states.last() {
                // The latest entry is the element's state now.
                let _ = seen.try_set(*now);
            }
        },
    );
    let init = web_sys::IntersectionObserverInit::new();
    init.set_root_margin(root_margin);
    match web_sys::IntersectionObserver::new_with_options(on_change.as_ref().unchecked_ref(), &init)
    {
        Ok(observer) => {
            observer.observe(el);
            // Lives as long as the observer, which is disconnected with the owner.
            on_change.forget();
            let observer = StoredValue::new_local(observer);
            on_cleanup(move || {
                let _ = observer.try_with_value(|o| o.disconnect());
            });
        }
        Err(_) => seen.set(true),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn watch(_el: &leptos::web_sys::HtmlDivElement, _ahead: &str, near: RwSignal<bool>) {
    near.set(true);
}
