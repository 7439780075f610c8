use super::model::PublicHome;
use crate::error::AppError;
use leptos::prelude::*;

/// The public home's figures. Anyone: it is built from the modules' public functions only
/// (the air now, the report statistics, the catalogue), never from their tables.
#[server(prefix = "/api", endpoint = "home")]
pub async fn load_public_home() -> Result<PublicHome, AppError> {
    use crate::ssr;
    build().await.inspect_err(ssr::set_status)
}

#[cfg(feature = "ssr")]
async fn build() -> Result<PublicHome, AppError> {
    use super::model::{AirNow, DatasetLink, FeedbackResults, LATEST_DATASETS};
    use crate::modules::environment::params::StationKind;
    use crate::modules::open_data::model::CatalogueQuery;
    use crate::modules::{environment, feedback, open_data};

    // One after the other: each is a small read, and the server functions' context is
    // this task's.
    let env = environment::backend::backend()?.environment_now().await?;
    let stats = feedback::backend::backend()?.feedback_stats().await?;
    let catalogue = open_data::backend::backend()?
        .open_data_search(CatalogueQuery::default())
        .await?;
    let mut air: Vec<AirNow> = env
        .stations
        .into_iter()
        .filter(|s| s.station.kind == StationKind::Air)
        .map(|s| {
            let index = s.index.filter(|_| !s.silent);
            AirNow {
                code: s.station.code,
                name: s.station.name,
                name_en: s.station.name_en,
                district: s.station.district_name,
                district_en: s.station.district_name_en,
                aqi: index.as_ref().map(|i| i.value),
                label_vi: index
                    .as_ref()
                    .map(|i| i.label_vi.clone())
                    .unwrap_or_default(),
                label_en: index
                    .as_ref()
                    .map(|i| i.label_en.clone())
                    .unwrap_or_default(),
                colour: index.as_ref().map(|i| i.colour.clone()).unwrap_or_default(),
                at: index.map(|i| i.time),
                silent: s.silent,
            }
        })
        .collect();
    // Worst first; silent stations last, by name.
    air.sort_by(|a, b| {
        b.aqi
            .map(|v| v as i64)
            .unwrap_or(-1)
            .cmp(&a.aqi.map(|v| v as i64).unwrap_or(-1))
            .then_with(|| a.name.cmp(&b.name))
    });
    let all = stats.all;
    let mut latest: Vec<DatasetLink> = catalogue
        .entries
        .into_iter()
        .map(|e| DatasetLink {
            code: e.code,
            title: e.title,
            title_en: e.title_en,
            department_name: e.department_name,
            department_name_en: e.department_name_en,
            last_update: e.last_update,
        })
        .collect();
    latest.sort_by(|a, b| b.last_update.cmp(&a.last_update));
    latest.truncate(LATEST_DATASETS);
    Ok(PublicHome {
        air,
        feedback: FeedbackResults {
            received: all.total,
            resolved: all.resolved,
            pending: all.pending,
            on_time_pct: all.on_time_pct(),
            satisfaction_pct: all.satisfaction_pct(),
        },
        datasets: catalogue.count,
        latest,
        demo: env.demo || stats.demo,
    })
}
