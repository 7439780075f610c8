use super::{api, use_auth};
use crate::error::AppError;
use crate::i18n::use_t;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_t();
    let auth = use_auth();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let navigate = use_navigate();
    let query = use_query_map();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        let navigate = navigate.clone();
        // Only local paths: never send the user to another site after sign-in.
        let next = query
            .with_untracked(|q| q.get("next"))
            .filter(|n| n.starts_with('/') && !n.starts_with("//"))
            .unwrap_or_else(|| "/overview".to_string());
        leptos::task::spawn_local(async move {
            match api::sign_in(email.get_untracked(), password.get_untracked()).await {
                Ok(user) => {
                    password.set(String::new());
                    pending.set(false);
                    auth.user.set(Some(user));
                    // Navigating disposes this page's signals: nothing of it is touched after.
                    navigate(&next, Default::default());
                }
                Err(e) => {
                    // The user may have left the page while the answer was on its way.
                    let _ = error.try_set(Some(e));
                    let _ = pending.try_set(false);
                }
            }
        });
    };

    let message = move || {
        error.get().map(|e| {
            let s = t();
            let text = match e {
                AppError::Unauthorized => s.login_failed.to_string(),
                AppError::Invalid { field, .. } => format!(
                    "{}: {}",
                    if field == "password" {
                        s.password
                    } else {
                        s.email
                    },
                    match crate::i18n::use_lang().get_untracked() {
                        crate::i18n::Lang::Vi => "bắt buộc nhập",
                        crate::i18n::Lang::En => "required",
                    }
                ),
                // Sign-in throttled: say so, with the wait.
                e @ (AppError::RateLimited(_) | AppError::Unavailable(_)) => {
                    e.message(crate::i18n::use_lang().get_untracked())
                }
                _ => s.error_generic.to_string(),
            };
            view! { <p class="form-error" role="alert" data-testid="login-error">{text}</p> }
        })
    };

    view! {
        <section class="page page-narrow" data-testid="page-login">
            <h1>{move || t().login_title}</h1>
            <p class="muted">{move || t().login_intro}</p>
            <form class="form" on:submit=submit novalidate>
                <label for="login-email">{move || t().email}</label>
                <input id="login-email" name="email" type="email" autocomplete="username" required
                    prop:value=email on:input=move |ev| email.set(event_target_value(&ev)) />
                <label for="login-password">{move || t().password}</label>
                <input id="login-password" name="password" type="password" autocomplete="current-password" required
                    prop:value=password on:input=move |ev| password.set(event_target_value(&ev)) />
                {message}
                <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                    {move || if pending.get() { t().signing_in } else { t().sign_in }}
                </button>
            </form>
        </section>
    }
}
