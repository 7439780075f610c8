//! A live camera in a `<video>`: HLS through `ioc`, played by hls.js (from npm, served by
//! `ioc`, loaded by the first player drawn) or by the browser itself where it plays HLS
//! (Safari, iPad). It plays only while it is on screen and its tab is visible: a wall of
//! cameras in a background tab or scrolled away costs no bandwidth or decoding.

use crate::i18n::use_lang;
use leptos::html::Video;
use leptos::prelude::*;

/// Where the player stands, shown over the picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Not on screen, or its tab is hidden.
    Paused,
    Loading,
    Playing,
    Failed,
}

#[component]
pub fn LivePlayer(
    /// The proxied playlist (`/api/v1/cameras/{code}/live.m3u8…`).
    #[prop(into)]
    url: Signal<String>,
    /// The camera's name, for the video's label.
    #[prop(into)]
    label: Signal<String>,
    #[prop(into)] testid: String,
) -> impl IntoView {
    let lang = use_lang();
    let node = NodeRef::<Video>::new();
    let status = RwSignal::new(Status::Paused);
    imp::attach(node, url, status);
    let note = move || match status.get() {
        Status::Paused | Status::Playing => None,
        Status::Loading => Some(lang.get().pick("Đang kết nối…", "Connecting…")),
        Status::Failed => Some(lang.get().pick(
            "Không xem được: camera không trả lời, thử lại sau ít giây",
            "Cannot play: the camera does not answer; trying again in a few seconds",
        )),
    };
    view! {
        <div class="live" data-status=move || format!("{:?}", status.get()).to_lowercase()>
            <video node_ref=node data-testid=testid muted=true autoplay=true playsinline=true
                aria-label=label></video>
            {move || note().map(|n| view! { <p class="live-note" role="status">{n}</p> })}
        </div>
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::Status;
    use js_sys::{Object, Reflect};
    use leptos::html::Video;
    use leptos::prelude::*;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    #[wasm_bindgen]
    extern "C" {
        type Hls;
        #[wasm_bindgen(constructor)]
        fn new(config: &JsValue) -> Hls;
        #[wasm_bindgen(static_method_of = Hls, js_name = isSupported)]
        fn is_supported() -> bool;
        #[wasm_bindgen(method, js_name = loadSource)]
        fn load_source(this: &Hls, url: &str);
        #[wasm_bindgen(method, js_name = attachMedia)]
        fn attach_media(this: &Hls, media: &web_sys::HtmlMediaElement);
        #[wasm_bindgen(method)]
        fn on(this: &Hls, event: &str, callback: &js_sys::Function);
        #[wasm_bindgen(method)]
        fn destroy(this: &Hls);
    }

    /// hls.js's light build (no subtitles, alternate audio or DRM: cameras have none).
    const SCRIPT: &str = "/hls.light.min.js";
    const WORKER: &str = "/hls.worker.js";
    /// A failed stream is tried again after this long, while it is still on screen.
    const RETRY_MS: i32 = 8_000;

    /// What one player owns: hls.js's instance, its callbacks (dropped with the stream),
    /// and a counter that makes stale callbacks (from a stream stopped since) do nothing.
    #[derive(Default)]
    struct Live {
        hls: Option<Hls>,
        generation: u32,
        retry: Option<i32>,
        on_playing: Option<Closure<dyn Fn()>>,
        on_error: Option<Closure<dyn Fn()>>,
        on_hls_error: Option<Closure<dyn Fn(JsValue, JsValue)>>,
    }

    fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
        let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
    }

    fn stop(video: &web_sys::HtmlVideoElement, live: &mut Live) {
        live.generation = live.generation.wrapping_add(1);
        if let Some(id) = live.retry.take() {
            if let Some(w) = web_sys::window() {
                w.clear_timeout_with_handle(id);
            }
        }
        if let Some(h) = live.hls.take() {
            h.destroy();
        }
        video.set_onplaying(None);
        video.set_onerror(None);
        live.on_playing = None;
        live.on_error = None;
        live.on_hls_error = None;
        let _ = video.remove_attribute("src");
        video.load();
    }

    thread_local! {
        static IGNORE: Closure<dyn FnMut(JsValue)> = Closure::new(|_| {});
    }

    fn play(video: &web_sys::HtmlVideoElement) {
        // Muted autoplay is allowed; a refusal (a tab in the background) is not an error.
        if let Ok(p) = video.play() {
            IGNORE.with(|f| {
                let _ = p.catch(f);
            });
        }
    }

    pub fn attach(node: NodeRef<Video>, url: Signal<String>, status: RwSignal<Status>) {
        let live = Rc::new(RefCell::new(Live::default()));
        let on_screen = RwSignal::new(false);
        let tab_visible = RwSignal::new(tab_is_visible());
        // Restarts the stream after a failure: bumped by the retry timer.
        let attempt = RwSignal::new(0u32);

        let vis = window_event_listener_untyped("visibilitychange", move |_| {
            tab_visible.set(tab_is_visible());
        });
        on_cleanup(move || vis.remove());

        Effect::new(move |_| {
            if let Some(video) = node.get() {
                crate::components::when_near::observe(&video, "0px", false, on_screen);
            }
        });

        let live_run = live.clone();
        Effect::new(move |_| {
            let Some(video) = node.get() else { return };
            let (src, wanted) = (url.get(), on_screen.get() && tab_visible.get());
            attempt.track();
            let video: web_sys::HtmlVideoElement = video;
            stop(&video, &mut live_run.borrow_mut());
            if !wanted || src.is_empty() {
                status.set(Status::Paused);
                return;
            }
            status.set(Status::Loading);
            let generation = live_run.borrow().generation;
            let live = live_run.clone();
            let on_playing = Closure::<dyn Fn()>::new(move || {
                let _ = status.try_set(Status::Playing);
            });
            video.set_onplaying(Some(on_playing.as_ref().unchecked_ref()));
            live_run.borrow_mut().on_playing = Some(on_playing);
            let native = !video
                .can_play_type("application/vnd.apple.mpegurl")
                .is_empty();
            leptos::task::spawn_local(async move {
                let has_hls = crate::components::script::load(SCRIPT, "Hls").await;
                if live.borrow().generation != generation {
                    return;
                }
                if has_hls && Hls::is_supported() {
                    let config = Object::new();
                    // A live wall: stay near the live edge and keep little behind it.
                    set(&config, "liveSyncDurationCount", 2);
                    set(&config, "backBufferLength", 10);
                    set(&config, "maxBufferLength", 10);
                    // The worker from ioc, not from a blob: the page's policy allows no
                    // script that is not a file of ours.
                    set(&config, "workerPath", WORKER);
                    let hls = Hls::new(&config);
                    let live_err = live.clone();
                    let on_error = Closure::<dyn Fn(JsValue, JsValue)>::new(
                        move |_event: JsValue, data: JsValue| {
                            let fatal = Reflect::get(&data, &"fatal".into())
                                .ok()
                                .and_then(|f| f.as_bool())
                                .unwrap_or(false);
                            if fatal && live_err.borrow().generation == generation {
                                fail(&live_err, status, attempt);
                            }
                        },
                    );
                    hls.on("hlsError", on_error.as_ref().unchecked_ref());
                    hls.load_source(&src);
                    hls.attach_media(&video);
                    let mut l = live.borrow_mut();
                    l.hls = Some(hls);
                    l.on_hls_error = Some(on_error);
                    drop(l);
                    play(&video);
                } else if native {
                    let live_err = live.clone();
                    let on_error = Closure::<dyn Fn()>::new(move || {
                        if live_err.borrow().generation == generation {
                            fail(&live_err, status, attempt);
                        }
                    });
                    video.set_onerror(Some(on_error.as_ref().unchecked_ref()));
                    live.borrow_mut().on_error = Some(on_error);
                    video.set_src(&src);
                    play(&video);
                } else {
                    status.set(Status::Failed);
                }
            });
        });

        let live_end = StoredValue::new_local(live.clone());
        on_cleanup(move || {
            if let Some(video) = node.get_untracked() {
                let _ = live_end.try_with_value(|l| stop(&video, &mut l.borrow_mut()));
            }
        });
    }

    /// Shows the failure and tries again in a while (the effect restarts the stream).
    fn fail(live: &Rc<RefCell<Live>>, status: RwSignal<Status>, attempt: RwSignal<u32>) {
        let _ = status.try_set(Status::Failed);
        let mut l = live.borrow_mut();
        if let Some(h) = l.hls.take() {
            h.destroy();
        }
        if l.retry.is_none() {
            let again = Closure::once_into_js(move || {
                let _ = attempt.try_update(|a| *a = a.wrapping_add(1));
            });
            l.retry = web_sys::window().and_then(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    again.unchecked_ref(),
                    RETRY_MS,
                )
                .ok()
            });
        }
    }

    fn tab_is_visible() -> bool {
        web_sys::window()
            .and_then(|w| w.document())
            .map(|d| d.visibility_state() != web_sys::VisibilityState::Hidden)
            .unwrap_or(true)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::Status;
    use leptos::html::Video;
    use leptos::prelude::*;

    pub fn attach(_node: NodeRef<Video>, _url: Signal<String>, _status: RwSignal<Status>) {}
}
