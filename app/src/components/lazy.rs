//! Pages whose code loads the first time they open. The build (`frontend/split`) cuts each
//! `split_page!` out of the main wasm into its own file, so a citizen who opens `/report`
//! downloads the shell and that page, not the officials' dashboards.

use super::Loading;
use crate::i18n::use_t;
use crate::modules::Module;
use leptos::prelude::*;
use std::future::Future;
use std::sync::OnceLock;

/// A page's code could not be fetched (network down, or a new release replaced it).
#[derive(Debug, Clone, Copy)]
pub struct PageLoadError;

impl From<leptos::wasm_split::SplitLoaderError> for PageLoadError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PageLoadError
    }
}

/// A page's view, as its split file hands it over.
pub type PageView = fn(Module) -> AnyView;

/// A part of a page, as its split file hands it over: drawn with what the page gives it.
pub type PartView<P> = fn(P) -> AnyView;

/// Shows a split page: "loading" while its code arrives, then the page; if the code cannot
/// be fetched, says so with a button that tries again (a failed load is not cached). Once
/// loaded, later visits draw the page at once. No `<Suspense>` here: it would also wait on
/// the page's own data and blank the whole page each time a filter changes.
pub fn lazy_page<F, Fut>(m: Module, ready: &'static OnceLock<PageView>, load: F) -> AnyView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<PageView, PageLoadError>> + 'static,
{
    lazy(ready, load, false, move |view| {
        drop_prepaint();
        view(m)
    })
}

/// Shows a split part of a page (see `split_part!`) as [`lazy_page`] shows a page.
pub fn lazy_part<P, F, Fut>(props: P, ready: &'static OnceLock<PartView<P>>, load: F) -> AnyView
where
    P: Copy + Send + Sync + 'static,
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<PartView<P>, PageLoadError>> + 'static,
{
    lazy(ready, load, true, move |view| view(props))
}

fn lazy<V, F, Fut>(
    ready: &'static OnceLock<V>,
    load: F,
    part: bool,
    draw: impl Fn(V) -> AnyView + Copy + Send + Sync + 'static,
) -> AnyView
where
    V: Copy + Send + Sync + 'static,
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<V, PageLoadError>> + 'static,
{
    if let Some(view) = ready.get() {
        return draw(*view);
    }
    let state = RwSignal::new(None::<Result<V, PageLoadError>>);
    let fetch = move || {
        leptos::task::spawn_local(async move {
            let loaded = load().await;
            if let Ok(view) = loaded {
                let _ = ready.set(view);
            }
            // The reader may have left the page meanwhile.
            let _ = state.try_set(Some(loaded));
        })
    };
    fetch();
    let t = use_t();
    (move || match state.get() {
        None => view! { <Loading/> }.into_any(),
        // Drawn untracked, as a component is: the page's own signals must not redraw it whole.
        Some(Ok(view)) => untrack(|| draw(view)),
        Some(Err(PageLoadError)) => {
            drop_prepaint();
            view! {
            <section class=if part { "notice" } else { "page notice" }
                data-testid=if part { "part-load-failed" } else { "page-load-failed" }>
                <p role="alert">{move || if part { t().part_load_failed } else { t().page_load_failed }}</p>
                <button
                    class="btn btn-primary"
                    on:click=move |_| {
                        state.set(None);
                        fetch();
                    }
                >
                    {move || t().try_again}
                </button>
            </section>
            }
            .into_any()
        }
    })
    .into_any()
}

/// Removes the server's drawing of the first page (`#prepaint`, see
/// [`crate::modules::prepaint`]) once the app's own is there: after the view just returned
/// is mounted, before the browser paints, so the reader never sees a blank frame.
fn drop_prepaint() {
    #[cfg(target_arch = "wasm32")]
    leptos::prelude::queue_microtask(|| {
        if let Some(el) = leptos::prelude::document().get_element_by_id("prepaint") {
            el.remove();
        }
    });
}
