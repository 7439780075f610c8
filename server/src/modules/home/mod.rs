//! The public home (`/`): its server function composes other modules' public functions,
//! so this module has no tables, store or backend of its own.

pub struct Module;

#[async_trait::async_trait]
impl crate::module::ServerModule for Module {
    fn name(&self) -> &'static str {
        "home"
    }

    fn register_server_fns(&self) {
        app::modules::home::register_server_fns();
    }

    fn limited_server_fns(&self) -> Vec<(&'static str, crate::web::limits::Group)> {
        use leptos::server_fn::ServerFn;
        vec![(
            app::modules::home::api::LoadPublicHome::PATH,
            crate::web::limits::Group::PublicRead,
        )]
    }
}
