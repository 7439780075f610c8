//! A clock for live pages: figures load again on their own while someone looks at them.

use leptos::prelude::*;
use std::time::Duration;

/// A counter that goes up every `every` while the tab is visible (a hidden tab costs the
/// server nothing). A resource that reads it loads again at each step.
pub fn visible_ticks(every: Duration) -> ReadSignal<u64> {
    let tick = RwSignal::new(0u64);
    #[cfg(target_arch = "wasm32")]
    {
        let handle = set_interval_with_handle(
            move || {
                let visible = web_sys::window()
                    .and_then(|w| w.document())
                    .is_none_or(|d| d.visibility_state() != web_sys::VisibilityState::Hidden);
                if visible {
                    tick.update(|t| *t += 1);
                }
            },
            every,
        )
        .ok();
        on_cleanup(move || {
            if let Some(h) = handle {
                h.clear();
            }
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = every;
    tick.read_only()
}
