//! Module 7: natural resources and environment. Air and water monitoring stations, their
//! readings (HTTP and MQTT), VN_AQI (Decision 1459/QĐ-TCMT) and VN_WQI (Decision
//! 1460/QĐ-TCMT) as pure functions shared by the server and the pages, alerts, the
//! officials' page and the public air-quality map.

pub mod api;
pub mod aqi;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod labels;
pub mod model;
#[cfg(not(feature = "ssr"))]
pub mod page;
pub mod params;
pub mod wqi;

use super::{Menu, ModuleDef, Page, PageHead};
use crate::model::Role;
#[cfg(not(feature = "ssr"))]
use leptos::prelude::*;

/// Module 7: the officials' page and the public air-quality map.
pub const ENTRIES: &[ModuleDef] = &[
    ModuleDef {
        slug: "environment",
        path: "/environment",
        role: Role::Official,
        menu: Menu::Dashboards,
        icon: "❦",
        title: (
            "Tài nguyên và môi trường",
            "Natural resources & environment",
        ),
        promises: super::NO_PROMISES,
        pages: &[Page {
            param: None,
            view: environment_page,
            head: None,
        }],
    },
    ModuleDef {
        slug: "air-quality",
        path: "/air-quality",
        role: Role::Public,
        menu: Menu::Public,
        icon: "☁",
        title: ("Chất lượng không khí", "Air quality"),
        promises: super::NO_PROMISES,
        pages: &[Page {
            param: None,
            view: air_quality_page,
            head: Some(&AIR_QUALITY_HEAD),
        }],
    },
];

crate::split_page!(
    environment_page,
    environment,
    |_m| view! { <page::EnvironmentPage/> }
);

crate::split_page!(
    air_quality_page,
    public_air_quality,
    |_m| view! { <page::AirQualityPage/> }
);

/// `#rrggbb` of a colour triple.
pub fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The province's offset from UTC (UTC+7), in seconds.
pub const ICT_OFFSET: i64 = 7 * 3600;

/// The start of the hour holding `t` (epoch seconds).
pub fn hour_start(t: i64) -> i64 {
    t - t.rem_euclid(3600)
}

/// The start of the province's day (midnight UTC+7) holding `t`, as epoch seconds.
pub fn day_start(t: i64) -> i64 {
    (t + ICT_OFFSET).div_euclid(86_400) * 86_400 - ICT_OFFSET
}

/// Epoch seconds as RFC 3339 in the province's time, e.g. `2024-03-01T08:00:00+07:00`.
pub fn ict_rfc3339(t: i64) -> String {
    let ict = chrono::FixedOffset::east_opt(ICT_OFFSET as i32).expect("valid offset");
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.with_timezone(&ict).to_rfc3339())
        .unwrap_or_default()
}

/// `/air-quality`'s heading and lead, drawn by the page and, before its code arrives, by
/// the server.
pub const AIR_QUALITY_HEAD: PageHead = PageHead {
    class: "page",
    heading: ("Chất lượng không khí hiện tại", "Air quality now"),
    lead: (
        "Chỉ số VN_AQI theo giờ tại các trạm quan trắc tự động của tỉnh, cập nhật khi trạm gửi số liệu.",
        "Hourly VN_AQI at the province's automatic stations, updated as the stations report.",
    ),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_and_province_days() {
        // 2024-03-01T00:30:00+07:00 = 2024-02-29T17:30:00Z = 1709227800.
        let t = 1_709_227_800;
        assert_eq!(hour_start(t), 1_709_226_000);
        // Its day starts at 2024-03-01T00:00:00+07:00 = 1709226000.
        assert_eq!(day_start(t), 1_709_226_000);
        assert_eq!(day_start(1_709_226_000 - 1), 1_709_226_000 - 86_400);
        assert_eq!(ict_rfc3339(1_709_226_000), "2024-03-01T00:00:00+07:00");
    }
}
