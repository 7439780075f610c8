//! Building blocks every module reuses.

pub mod alert_feed;
pub mod chart;
pub mod city_map;
pub mod data_table;
pub mod dialog;
pub mod filter_select;
pub mod kpi_tile;
pub mod layout;
pub mod lazy;
pub mod script;
pub mod tick;
pub mod when_near;

pub use alert_feed::AlertFeed;
pub use chart::Chart;
pub use city_map::CityMap;
pub use data_table::{Cell, Column, DataTable, Drill};
pub use dialog::Dialog;
pub use filter_select::FilterSelect;
pub use kpi_tile::KpiTile;
pub use layout::{last_good, EmptyState, ErrorNote, Guard, Loading, Shell};
pub use when_near::WhenNear;
