//! The WASM entry: mount the app on the page Trunk built.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
