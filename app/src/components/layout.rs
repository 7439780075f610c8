//! The app shell (header, menu, main area) and the page-level states every page shares.

use crate::error::AppError;
use crate::i18n::{use_lang, use_t, Lang};
use crate::model::Role;
use crate::modules::auth::{api, use_auth};
use crate::modules::{menu, Menu, Module};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let auth = use_auth();
    let menu_open = RwSignal::new(false);
    let location = use_location();
    // Close the menu on narrow screens after navigating.
    Effect::new(move |_| {
        location.pathname.track();
        menu_open.set(false);
    });

    let navigate = use_navigate();
    let logout = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let _ = api::sign_out().await;
            auth.user.set(None);
            navigate("/login", Default::default());
        });
    };

    let nav_item = move |m: Module| {
        view! {
            <li>
                <A href=m.path() exact=true attr:data-testid=format!("nav-{}", m.slug()) attr:class="nav-link">
                    <span class="nav-icon" aria-hidden="true">{m.icon()}</span>
                    <span class="nav-text">{move || m.title(lang.get())}</span>
                </A>
            </li>
        }
    };
    // A visitor's menu lists only what a visitor may open; each signed-in role sees its own.
    // Hiding is for the reader's sake: the server refuses the data on its own.
    let section = move |part: Menu| {
        move || {
            let role = auth.role();
            let items: Vec<Module> = menu(part).filter(|m| role.allows(m.role())).collect();
            (!items.is_empty()).then(|| items.into_iter().map(nav_item).collect_view())
        }
    };
    let heading = move |part: Menu, text: fn(&crate::i18n::Strings) -> &'static str| {
        move || {
            let role = auth.role();
            menu(part)
                .any(|m| role.allows(m.role()))
                .then(|| view! { <h2 class="nav-heading">{move || text(t())}</h2> })
        }
    };

    view! {
        <a class="skip-link" href="#main">{move || t().skip_to_content}</a>
        <header class="topbar">
            <button type="button" class="btn btn-ghost menu-toggle" aria-controls="sidenav"
                aria-expanded=move || menu_open.get().to_string()
                on:click=move |_| menu_open.update(|o| *o = !*o)>
                "☰ "{move || t().menu}
            </button>
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"IOC"</span>
                <span class="brand-text">
                    <strong>{move || t().app_name}</strong>
                    <small>{move || t().app_tagline}</small>
                </span>
            </A>
            <div class="topbar-actions">
                <button type="button" class="btn btn-ghost" data-testid="lang-switch"
                    lang=move || lang.get().pick("en", "vi")
                    on:click=move |_| lang.update(|l| *l = if *l == Lang::Vi { Lang::En } else { Lang::Vi })>
                    {move || t().switch_lang}
                </button>
                {move || match auth.user.get() {
                    Some(u) => view! {
                        <span class="user-chip" data-testid="user-chip" title=u.email.clone()>
                            {u.display_name.clone()}<small>{t().role(u.role)}</small>
                        </span>
                        <button type="button" class="btn btn-ghost" data-testid="logout" on:click=logout.clone()>{t().logout}</button>
                    }.into_any(),
                    None => view! {
                        <A href="/login" attr:class="btn btn-primary" attr:data-testid="login-link">{move || t().login}</A>
                    }.into_any(),
                }}
            </div>
        </header>
        <div class="layout">
            <nav id="sidenav" class="sidenav" class:open=move || menu_open.get() aria-label=move || t().menu>
                {heading(Menu::Dashboards, |s| s.nav_modules)}
                <ul>{section(Menu::Dashboards)}</ul>
                {heading(Menu::Public, |s| s.nav_public)}
                <ul>{section(Menu::Public)}</ul>
                <ul>{section(Menu::Admin)}</ul>
            </nav>
            <main id="main" class="main" tabindex="-1">{children()}</main>
        </div>
    }
}

/// Shows `children` only to roles that may see the page. Hiding is for the user's sake:
/// the server refuses the data on its own.
#[component]
pub fn Guard(module: Module, children: ChildrenFn) -> AnyView {
    let auth = use_auth();
    let t = use_t();
    let location = use_location();
    // A public page does not wait for the session check: a citizen sees it one round trip
    // sooner.
    if module.role() == Role::Public {
        return children().into_any();
    }
    (move || {
        if !auth.ready.get() {
            return view! { <Loading/> }.into_any();
        }
        let role = auth.role();
        if role.allows(module.role()) {
            children().into_any()
        } else if role == Role::Public {
            let next = location.pathname.get_untracked();
            view! {
                <section class="page notice" data-testid="need-login">
                    <h1>{move || t().error_unauthorized}</h1>
                    <A href=format!("/login?next={next}") attr:class="btn btn-primary">{move || t().sign_in_to_see}</A>
                </section>
            }
            .into_any()
        } else {
            view! {
                <section class="page notice" data-testid="forbidden">
                    <h1>{move || t().error_forbidden}</h1>
                    <A href="/" attr:class="btn">{move || t().back_home}</A>
                </section>
            }
            .into_any()
        }
    })
    .into_any()
}

#[component]
pub fn Loading() -> impl IntoView {
    let t = use_t();
    view! { <p class="loading" role="status" aria-live="polite">{move || t().loading}</p> }
}

/// An error from the server, in words the user can act on.
#[component]
pub fn ErrorNote(#[prop(into)] error: Signal<AppError>) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let text = move || {
        let s = t();
        match error.get() {
            AppError::Unauthorized => s.error_unauthorized.to_string(),
            AppError::Forbidden => s.error_forbidden.to_string(),
            AppError::NotFound(_) => s.error_not_found.to_string(),
            e @ (AppError::Invalid { .. } | AppError::TooLarge(_)) => e.message(lang.get()),
            AppError::RateLimited(secs) => format!("{} ({secs} s)", s.error_rate_limited),
            AppError::Unavailable(secs) => format!("{} ({secs} s)", s.error_unavailable),
            AppError::Internal | AppError::Transport(_) => s.error_generic.to_string(),
        }
    };
    view! { <p class="form-error" role="alert" data-testid="error-note">{text}</p> }
}

/// The honest state of a module that has no data source yet.
#[component]
pub fn EmptyState(module: Module) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    view! {
        <div class="empty-state" data-testid="empty-state">
            <h2>{move || t().module_empty_title}</h2>
            <p>{move || t().module_empty_body}</p>
            <p>{move || t().module_will_show}</p>
            <ul>{move || module.promises(lang.get()).iter().map(|p| view! { <li>{*p}</li> }).collect_view()}</ul>
        </div>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let t = use_t();
    view! {
        <section class="page notice" data-testid="not-found">
            <h1>{move || t().not_found_title}</h1>
            <A href="/" attr:class="btn">{move || t().back_home}</A>
        </section>
    }
}

/// The last good answer of a resource and the error of the latest, if it failed: a page
/// keeps showing its figures while a new filter loads, and says when a load went wrong.
pub fn last_good<T>(
    res: LocalResource<Result<T, AppError>>,
) -> (RwSignal<Option<T>>, RwSignal<Option<AppError>>)
where
    T: Clone + Send + Sync + 'static,
{
    let data = RwSignal::new(None::<T>);
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match res.get() {
        Some(Ok(d)) => {
            data.set(Some(d));
            error.set(None);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    (data, error)
}
