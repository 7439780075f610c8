//! The IOC app: shared wire types, Leptos pages and components, server-function declarations.
//! Server-only code sits behind the `ssr` feature, which only the `server` crate enables.

// Leptos view types nest deeply; the default limit is too low for the larger pages.
#![recursion_limit = "256"]

pub mod charts;
pub mod components;
pub mod error;
pub mod format;
pub mod i18n;
pub mod model;
pub mod modules;
#[cfg(feature = "ssr")]
pub mod ssr;

use components::layout::NotFound;
use components::{Guard, Shell};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, StaticSegment};
use modules::admin::page::AdminPage;
use modules::auth::page::LoginPage;
use modules::datasets::page::DataPage;
use modules::environment::page::{AirQualityPage, EnvironmentPage};
use modules::feedback::page::{FeedbackPage, ReportPage, TrackPage};
use modules::indicators::page::IndicatorsPage;
use modules::open_data::page::{OpenDataPage, OpenDatasetPage};
use modules::overview::page::OverviewPage;
use modules::placeholder::ModulePlaceholder;
use modules::Module;

/// The route segment of a module, from the single Module table.
fn seg(m: Module) -> StaticSegment<&'static str> {
    StaticSegment(m.path().trim_start_matches('/'))
}

/// A module not built yet: guarded like the finished ones, honest about its data.
fn placeholder(m: Module) -> impl Fn() -> AnyView + Clone + Send + Sync + 'static {
    move || view! { <Guard module=m><ModulePlaceholder module=m/></Guard> }.into_any()
}

#[component]
pub fn App() -> impl IntoView {
    i18n::provide_i18n();
    modules::auth::provide_auth();

    view! {
        <Router>
            <Shell>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=seg(Module::Overview) view=|| view! { <Guard module=Module::Overview><OverviewPage/></Guard> }/>
                    <Route path=seg(Module::AdminServices) view=placeholder(Module::AdminServices)/>
                    <Route path=seg(Module::Security) view=placeholder(Module::Security)/>
                    <Route path=seg(Module::Social) view=placeholder(Module::Social)/>
                    <Route path=seg(Module::Health) view=placeholder(Module::Health)/>
                    <Route path=seg(Module::Education) view=placeholder(Module::Education)/>
                    <Route path=seg(Module::Tourism) view=placeholder(Module::Tourism)/>
                    <Route path=seg(Module::Environment) view=|| view! { <Guard module=Module::Environment><EnvironmentPage/></Guard> }/>
                    <Route path=seg(Module::Indicators) view=|| view! { <Guard module=Module::Indicators><IndicatorsPage/></Guard> }/>
                    <Route path=seg(Module::Feedback) view=|| view! { <Guard module=Module::Feedback><FeedbackPage/></Guard> }/>
                    <Route path=seg(Module::Cameras) view=placeholder(Module::Cameras)/>
                    <Route path=seg(Module::Data) view=|| view! { <Guard module=Module::Data><DataPage/></Guard> }/>
                    <Route path=seg(Module::OpenData) view=OpenDataPage/>
                    <Route path=(seg(Module::OpenData), ParamSegment("code")) view=OpenDatasetPage/>
                    <Route path=seg(Module::AirQuality) view=AirQualityPage/>
                    <Route path=seg(Module::Report) view=ReportPage/>
                    <Route path=(seg(Module::Report), ParamSegment("code")) view=TrackPage/>
                    <Route path=seg(Module::Admin) view=|| view! { <Guard module=Module::Admin><AdminPage/></Guard> }/>
                    <Route path=StaticSegment("login") view=LoginPage/>
                </Routes>
            </Shell>
        </Router>
    }
}

/// Every client-side route, for the server's `index.html` fallback and its tests.
pub fn app_paths() -> Vec<&'static str> {
    let mut paths: Vec<&'static str> = Module::DASHBOARDS
        .iter()
        .chain(Module::PUBLIC.iter())
        .chain([Module::Admin].iter())
        .map(|m| m.path())
        .collect();
    paths.push("/login");
    paths
}
