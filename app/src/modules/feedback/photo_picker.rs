//! Choosing photos on a phone: each is sent as it is chosen (the server checks and
//! re-encodes it) and shown from the device until the report is filed.

use super::model::{UploadedPhoto, MAX_PHOTOS};
use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;

/// A chosen photo: what the server answered and a local preview address.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    pub photo: UploadedPhoto,
    pub preview: String,
}

/// Sends one file's bytes to `POST /api/v1/feedback/photos`. Its code (the answer's
/// parsing) is fetched with the first photo: a report without one never downloads it.
#[cfg(target_arch = "wasm32")]
#[leptos::wasm_split::wasm_split(public_report_photo, wasm_split_path = ::leptos::wasm_split, fallible)]
fn upload(
    file: web_sys::File,
) -> Result<
    std::pin::Pin<Box<dyn std::future::Future<Output = Sent>>>,
    crate::components::lazy::PageLoadError,
> {
    Ok(Box::pin(send(file)))
}

#[cfg(target_arch = "wasm32")]
type Sent = Result<UploadedPhoto, AppError>;

#[cfg(target_arch = "wasm32")]
async fn send(file: web_sys::File) -> Sent {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let failed = |_| AppError::Transport("the photo could not be sent".into());
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&file);
    let window = web_sys::window().ok_or_else(|| AppError::Transport("no window".into()))?;
    let resp: web_sys::Response =
        JsFuture::from(window.fetch_with_str_and_init("/api/v1/feedback/photos", &init))
            .await
            .map_err(failed)?
            .unchecked_into();
    let text = JsFuture::from(resp.text().map_err(failed)?)
        .await
        .map_err(failed)?
        .as_string()
        .unwrap_or_default();
    if resp.ok() {
        return serde_json::from_str(&text).map_err(|e| AppError::Transport(e.to_string()));
    }
    #[derive(serde::Deserialize)]
    struct Body {
        error: AppError,
    }
    Err(match serde_json::from_str::<Body>(&text) {
        Ok(b) => b.error,
        Err(_) if resp.status() == 413 => {
            AppError::TooLarge(tr!("mỗi ảnh tối đa 10 MB", "a photo is at most 10 MB"))
        }
        Err(_) => AppError::Transport(format!("HTTP {}", resp.status())),
    })
}

/// The file input and the chosen photos with a remove button each. `on_position` hears the
/// camera's position of the first photo that has one.
#[component]
pub fn PhotoPicker(
    id: &'static str,
    photos: RwSignal<Vec<Chosen>>,
    #[prop(optional)] on_position: Option<Callback<(f64, f64)>>,
) -> impl IntoView {
    let lang = use_lang();
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(0usize);
    let _ = on_position;
    let on_change = move |ev: leptos::ev::Event| {
        error.set(None);
        #[cfg(target_arch = "wasm32")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(files) = input.files() else { return };
            let room =
                MAX_PHOTOS.saturating_sub(photos.with_untracked(Vec::len) + busy.get_untracked());
            if files.length() as usize > room {
                error.set(Some(AppError::invalid(
                    "photo",
                    tr!("tối đa {MAX_PHOTOS} ảnh", "at most {MAX_PHOTOS} photos"),
                )));
            }
            for i in 0..(files.length() as usize).min(room) {
                let Some(file) = files.get(i as u32) else {
                    continue;
                };
                busy.update(|b| *b += 1);
                leptos::task::spawn_local(async move {
                    let preview =
                        web_sys::Url::create_object_url_with_blob(&file).unwrap_or_default();
                    let r = match upload(file).await {
                        Ok(sending) => sending.await,
                        Err(_) => Err(AppError::Transport(
                            "the photo's code could not be fetched".into(),
                        )),
                    };
                    let _ = busy.try_update(|b| *b -= 1);
                    match r {
                        Ok(photo) => {
                            if let (Some(cb), Some(lat), Some(lon)) =
                                (on_position, photo.lat, photo.lon)
                            {
                                cb.run((lat, lon));
                            }
                            let _ = photos.try_update(|p| p.push(Chosen { photo, preview }));
                        }
                        Err(e) => {
                            let _ = web_sys::Url::revoke_object_url(&preview);
                            let _ = error.try_set(Some(e));
                        }
                    }
                });
            }
            input.set_value("");
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = ev;
    };
    let full = move || photos.with(Vec::len) + busy.get() >= MAX_PHOTOS;
    let sending = move || busy.get() != 0;
    view! {
        <div class="photo-picker">
            <label for=id>{move || lang.get().pick("Ảnh (tối đa 3; JPEG, PNG, WebP; ≤ 10 MB)", "Photos (up to 3; JPEG, PNG, WebP; ≤ 10 MB)")}</label>
            <input id=id data-testid=id type="file" accept="image/jpeg,image/png,image/webp" multiple
                disabled=full on:change=on_change/>
            <ul class="photo-list" data-testid=format!("{id}-list")>
                {move || photos.get().into_iter().enumerate().map(|(i, c)| {
                    let token = c.photo.token.clone();
                    let preview = c.preview.clone();
                    view! {
                        <li>
                            <img src=c.preview.clone() alt=move || format!("{} {}", lang.get().pick("Ảnh", "Photo"), i + 1) width="96" height="72"/>
                            <button type="button" class="btn small" data-testid="photo-remove"
                                on:click=move |_| {
                                    #[cfg(target_arch = "wasm32")]
                                    let _ = web_sys::Url::revoke_object_url(&preview);
                                    #[cfg(not(target_arch = "wasm32"))]
                                    let _ = &preview;
                                    photos.update(|p| p.retain(|x| x.photo.token != token))
                                }>
                                {move || lang.get().pick("Bỏ", "Remove")}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=sending>
                <p class="muted small" data-testid=format!("{id}-busy")>{move || lang.get().pick("Đang gửi ảnh…", "Sending the photo…")}</p>
            </Show>
            {move || error.get().map(|e| {
                let l = lang.get();
                let text = match &e {
                    AppError::Invalid { message, .. } => message.get(l).to_string(),
                    other => other.message(l),
                };
                view! { <p class="field-error" role="alert" data-testid="error-photo">{text}</p> }
            })}
        </div>
    }
}
