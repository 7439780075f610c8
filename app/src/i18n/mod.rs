//! Vietnamese first, English second. Every visible string lives in one of the two tables.

mod en;
mod vi;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Vi => &vi::VI,
            Lang::En => &en::EN,
        }
    }

    /// Picks the Vietnamese or the English text of a pair stored as data.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// A name in this language: the English one when reading English and there is one,
    /// else the Vietnamese (names without an English form are proper names).
    pub fn name<'a>(self, vi: &'a str, en: Option<&'a str>) -> &'a str {
        match (self, en) {
            (Lang::En, Some(en)) if !en.is_empty() => en,
            _ => vi,
        }
    }
}

const STORAGE_KEY: &str = "ioc.lang";

/// Puts the language signal in context, restored from the browser and remembered on change.
pub fn provide_i18n() -> RwSignal<Lang> {
    let lang = RwSignal::new(stored_lang().unwrap_or_default());
    Effect::new(move |_| {
        let l = lang.get();
        remember_lang(l);
    });
    provide_context(lang);
    lang
}

pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::Vi))
}

/// The strings of the current language, tracked.
pub fn use_t() -> impl Fn() -> &'static Strings + Copy {
    let lang = use_lang();
    move || lang.get().strings()
}

#[cfg(target_arch = "wasm32")]
fn stored_lang() -> Option<Lang> {
    let storage = web_sys::window()?.local_storage().ok()??;
    Lang::from_code(&storage.get_item(STORAGE_KEY).ok()??)
}

#[cfg(not(target_arch = "wasm32"))]
fn stored_lang() -> Option<Lang> {
    None
}

#[cfg(target_arch = "wasm32")]
fn remember_lang(lang: Lang) {
    if let Some(window) = web_sys::window() {
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
        if let Some(doc) = window.document() {
            if let Some(html) = doc.document_element() {
                let _ = html.set_attribute("lang", lang.code());
            }
            // The tab's and the bookmark's name, in the reader's language too.
            doc.set_title(&format!("{} – IOC", lang.strings().app_name));
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn remember_lang(_lang: Lang) {
    let _ = STORAGE_KEY;
}

/// Every visible string of the shell and shared components.
pub struct Strings {
    pub app_name: &'static str,
    pub app_tagline: &'static str,
    pub switch_lang: &'static str,
    pub skip_to_content: &'static str,
    pub menu: &'static str,
    pub nav_public: &'static str,
    pub nav_modules: &'static str,
    pub login: &'static str,
    pub logout: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub sign_in: &'static str,
    pub signing_in: &'static str,
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub login_failed: &'static str,
    pub loading: &'static str,
    pub no_data: &'static str,
    pub error_generic: &'static str,
    pub page_load_failed: &'static str,
    pub part_load_failed: &'static str,
    pub try_again: &'static str,
    pub error_rate_limited: &'static str,
    pub error_unavailable: &'static str,
    pub error_unauthorized: &'static str,
    pub error_forbidden: &'static str,
    pub error_not_found: &'static str,
    pub sign_in_to_see: &'static str,
    pub not_found_title: &'static str,
    pub back_home: &'static str,
    pub demo_badge: &'static str,
    pub district: &'static str,
    pub all_districts: &'static str,
    /// A table's CSV download.
    pub download_csv: &'static str,
    pub year: &'static str,
    pub month: &'static str,
    pub all_months: &'static str,
    pub province: &'static str,
    pub overview_title: &'static str,
    pub overview_intro: &'static str,
    pub map_title: &'static str,
    pub map_legend: &'static str,
    pub map_unavailable: &'static str,
    pub show_table: &'static str,
    pub vs_last_year: &'static str,
    pub kpi_population: &'static str,
    pub kpi_visitors: &'static str,
    pub kpi_dossiers: &'static str,
    pub kpi_on_time: &'static str,
    pub kpi_feedback: &'static str,
    pub kpi_feedback_resolved: &'static str,
    pub chart_visitors_title: &'static str,
    pub chart_dossiers_title: &'static str,
    pub map_metric: &'static str,
    pub module_empty_title: &'static str,
    pub module_empty_body: &'static str,
    pub module_will_show: &'static str,
    pub report_title: &'static str,
    pub report_body: &'static str,
    pub admin_title: &'static str,
    pub admin_users: &'static str,
    pub admin_keys: &'static str,
    pub admin_audit: &'static str,
    pub col_name: &'static str,
    pub col_role: &'static str,
    pub col_department: &'static str,
    pub col_created: &'static str,
    pub col_scopes: &'static str,
    pub col_status: &'static str,
    pub col_when: &'static str,
    pub col_actor: &'static str,
    pub col_action: &'static str,
    pub col_target: &'static str,
    pub col_value: &'static str,
    pub key_active: &'static str,
    pub key_revoked: &'static str,
    pub role_public: &'static str,
    pub role_official: &'static str,
    pub role_steward: &'static str,
    pub role_admin: &'static str,
    pub signed_in_as: &'static str,
    pub sort_by: &'static str,
    pub departments: &'static str,
    pub attribution: &'static str,
}

impl Strings {
    pub fn role(&self, role: crate::model::Role) -> &'static str {
        use crate::model::Role;
        match role {
            Role::Public => self.role_public,
            Role::Official => self.role_official,
            Role::Steward => self.role_steward,
            Role::Admin => self.role_admin,
        }
    }
}
