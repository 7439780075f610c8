//! Adds a script from `ioc` (Leaflet, hls.js) to the page the first time a component needs
//! it: a page that does not use it never downloads or runs it.

/// True once `global` (e.g. `L`, `Hls`) exists, adding `src` to the page if needed. A
/// failed load is tried again by the next call.
#[cfg(target_arch = "wasm32")]
pub async fn load(src: &'static str, global: &'static str) -> bool {
    use js_sys::Reflect;
    use std::cell::RefCell;
    use std::collections::HashMap;
    use wasm_bindgen::JsValue;

    thread_local! {
        static LOADING: RefCell<HashMap<&'static str, js_sys::Promise>> =
            RefCell::new(HashMap::new());
    }
    let present = || Reflect::has(&js_sys::global(), &global.into()).unwrap_or(false);
    if present() {
        return true;
    }
    let promise = LOADING.with(|l| {
        l.borrow_mut()
            .entry(src)
            .or_insert_with(|| {
                js_sys::Promise::new(&mut |resolve, reject| {
                    let doc = web_sys::window().and_then(|w| w.document());
                    let script = doc.as_ref().and_then(|d| d.create_element("script").ok());
                    let body = doc.as_ref().and_then(|d| d.body());
                    let (Some(script), Some(body)) = (script, body) else {
                        let _ = reject.call0(&JsValue::NULL);
                        return;
                    };
                    let _ = script.set_attribute("src", src);
                    let _ = Reflect::set(&script, &"onload".into(), &resolve);
                    let _ = Reflect::set(&script, &"onerror".into(), &reject);
                    let _ = body.append_child(&script);
                })
            })
            .clone()
    });
    let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() && present();
    if !ok {
        LOADING.with(|l| l.borrow_mut().remove(src));
    }
    ok
}

#[cfg(not(target_arch = "wasm32"))]
pub async fn load(_src: &'static str, _global: &'static str) -> bool {
    false
}
