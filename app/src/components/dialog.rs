//! A modal dialog: a backdrop and a titled frame with a close button. Escape, a click on
//! the backdrop and the button close it. Mount it only while it is open (in a `Show`).

use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn Dialog(
    /// Its test id; its title is `{id}-title`, its close button `{id}-close`.
    id: &'static str,
    #[prop(into)] title: Signal<String>,
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let lang = use_lang();
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            on_close.run(());
        }
    });
    on_cleanup(move || keys.remove());
    let (title_id, labelled_by) = (format!("{id}-title"), format!("{id}-title"));
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_close.run(())></div>
        <section class="dialog" role="dialog" aria-modal="true" aria-labelledby=labelled_by data-testid=id>
            <header class="dialog-head">
                <h2 id=title_id>{title}</h2>
                <button class="btn" data-testid=format!("{id}-close") on:click=move |_| on_close.run(())>
                    {move || lang.get().pick("Đóng", "Close")}
                </button>
            </header>
            {children()}
        </section>
    }
}
