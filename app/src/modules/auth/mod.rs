//! Sign-in, sign-out and the signed-in user shared by the whole app.

pub mod api;
#[cfg(not(feature = "ssr"))]
pub mod page;

use super::{Menu, ModuleDef, Page};

/// Sign-in (not in the menu).
pub const ENTRIES: &[ModuleDef] = &[ModuleDef {
    slug: "login",
    path: "/login",
    role: Role::Public,
    menu: Menu::Hidden,
    icon: "→",
    title: ("Đăng nhập", "Sign in"),
    promises: super::NO_PROMISES,
    pages: &[Page {
        param: None,
        view: login_page,
        head: None,
    }],
}];

crate::split_page!(login_page, public_login, |_m| view! { <page::LoginPage/> });

use crate::model::{Role, SessionUser};
use leptos::prelude::*;

/// Who is signed in, as the client knows it. The server checks again on every call.
#[derive(Clone, Copy)]
pub struct Auth {
    pub user: RwSignal<Option<SessionUser>>,
    /// False until the first `auth/me` answer arrived.
    pub ready: RwSignal<bool>,
}

impl Auth {
    pub fn role(&self) -> Role {
        self.user
            .with(|u| u.as_ref().map(|u| u.role).unwrap_or(Role::Public))
    }
}

pub fn provide_auth() -> Auth {
    let auth = Auth {
        user: RwSignal::new(None),
        ready: RwSignal::new(false),
    };
    provide_context(auth);
    leptos::task::spawn_local(async move {
        let me = api::fetch_me().await.ok().flatten();
        auth.user.set(me);
        auth.ready.set(true);
    });
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
