//! Module: the open-data portal (`/open-data`), public. The same catalogue is served to
//! machines by the CKAN Action API and the DCAT-AP feed (in the server's `open_data`).

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod model;
pub mod page;
