//! `/open-data`: the public catalogue (search, facets) and `/open-data/{code}`: one
//! dataset with its quality, a preview, a chart, a map, downloads and usage.

use super::api::{load_open_dataset, search_catalogue};
use super::model::{CatalogueEntry, CatalogueQuery, DatasetPage, FacetItem, MapData, PAGE_SIZE};
use crate::charts::{ChartKind, ChartSpec};
use crate::components::{Cell, Chart, CityMap, Column, DataTable, ErrorNote, KpiTile, Loading};
use crate::format;
use crate::i18n::{use_lang, Lang};
use crate::model::{MapMarker, Series};
use crate::modules::datasets::model::{Combine, FieldDef};
use crate::modules::indicators::model::unit_name;
use crate::modules::overview::api::fetch_map_base;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

fn pct(x: f64, lang: Lang) -> String {
    format!("{}%", format::number(x * 100.0, 0, lang))
}

fn frequency_label(f: &str, lang: Lang) -> &'static str {
    match f {
        "daily" => lang.pick("Hằng ngày", "Daily"),
        "weekly" => lang.pick("Hằng tuần", "Weekly"),
        "monthly" => lang.pick("Hằng tháng", "Monthly"),
        "quarterly" => lang.pick("Hằng quý", "Quarterly"),
        "yearly" => lang.pick("Hằng năm", "Yearly"),
        _ => "",
    }
}

/// The catalogue's URL for a query: what the visitor chose stays in the address, so a
/// search can be shared and the back button works.
fn catalogue_href(q: &CatalogueQuery) -> String {
    let mut parts = Vec::new();
    let mut push = |k: &str, v: &str| {
        if !v.is_empty() {
            parts.push(format!("{k}={}", crate::format::url_component(v)));
        }
    };
    push("q", &q.q);
    push("department", q.department.as_deref().unwrap_or_default());
    push("tag", q.tag.as_deref().unwrap_or_default());
    push("format", q.format.as_deref().unwrap_or_default());
    if q.start > 0 {
        push("start", &q.start.to_string());
    }
    if parts.is_empty() {
        "/open-data".into()
    } else {
        format!("/open-data?{}", parts.join("&"))
    }
}

/// Says how a chart's or a map's values were combined: "total per period" or "mean per
/// period" (averages and indices are never summed).
fn combined_per(f: &FieldDef, l: Lang, per_vi: &str, per_en: &str) -> String {
    match (f.combines(), l) {
        (Combine::Sum, Lang::Vi) => format!("tổng theo {per_vi}"),
        (Combine::Sum, Lang::En) => format!("total per {per_en}"),
        (Combine::Mean, Lang::Vi) => format!("trung bình theo {per_vi}"),
        (Combine::Mean, Lang::En) => format!("mean per {per_en}"),
    }
}

#[component]
pub fn OpenDataPage() -> impl IntoView {
    let lang = use_lang();
    let query_map = use_query_map();
    let navigate = use_navigate();
    let query = Memo::new(move |_| {
        query_map.with(|m| {
            let opt = |k: &str| m.get(k).filter(|v| !v.is_empty());
            CatalogueQuery {
                q: m.get("q").unwrap_or_default(),
                department: opt("department"),
                tag: opt("tag"),
                format: opt("format"),
                start: m.get("start").and_then(|s| s.parse().ok()).unwrap_or(0),
            }
        })
    });
    let result = LocalResource::new(move || search_catalogue(query.get()));
    let words = RwSignal::new(query.get_untracked().q);
    Effect::new(move |_| words.set(query.get().q));

    let go = {
        let navigate = navigate.clone();
        move |q: CatalogueQuery| navigate(&catalogue_href(&q), Default::default())
    };
    let submit = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let mut q = query.get_untracked();
            q.q = words.get_untracked();
            q.start = 0;
            go(q);
        }
    };

    let body = move || match result.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! { <ErrorNote error=e/> }.into_any(),
        Some(Ok(r)) => {
            let l = lang.get();
            let q = query.get();
            let facet_group = |title: &'static str,
                               items: Vec<FacetItem>,
                               chosen: Option<String>,
                               set: fn(&mut CatalogueQuery, Option<String>),
                               testid: &'static str| {
                let q = q.clone();
                let links = items
                    .into_iter()
                    .map(|it| {
                        let on = chosen.as_deref() == Some(it.name.as_str());
                        let mut next = q.clone();
                        next.start = 0;
                        set(&mut next, if on { None } else { Some(it.name.clone()) });
                        let class = if on { "facet on" } else { "facet" };
                        view! {
                            <li><a class=class href=catalogue_href(&next) aria-current=on.then_some("true") data-testid=format!("{testid}-{}", it.name)>
                                {it.label.clone()}<span class="count">{it.count}</span>
                            </a></li>
                        }
                    })
                    .collect_view();
                view! { <div class="facet-group"><h2>{title}</h2><ul>{links}</ul></div> }
            };
            let facets = view! {
                <aside class="facets" data-testid="od-facets">
                    {facet_group(l.pick("Cơ quan", "Department"), r.facets.departments.clone(), q.department.clone(), |q, v| q.department = v, "facet-department")}
                    {facet_group(l.pick("Từ khoá", "Tag"), r.facets.tags.clone(), q.tag.clone(), |q, v| q.tag = v, "facet-tag")}
                    {facet_group(l.pick("Định dạng", "Format"), r.facets.formats.clone(), q.format.clone(), |q, v| q.format = v, "facet-format")}
                </aside>
            };
            let count = r.count;
            let entries = r
                .entries
                .into_iter()
                .map(|e| view! { <EntryCard e=e/> })
                .collect_view();
            let mut prev = q.clone();
            prev.start = q.start.saturating_sub(PAGE_SIZE);
            let mut next = q.clone();
            next.start = q.start + PAGE_SIZE;
            let has_prev = q.start > 0;
            let has_next = q.start + PAGE_SIZE < count;
            view! {
                <div class="od-layout">
                    {facets}
                    <div class="od-results">
                        <p class="muted" data-testid="od-count" aria-live="polite">{format!("{count} {}", l.pick("bộ dữ liệu", if count == 1 { "dataset" } else { "datasets" }))}</p>
                        {(count == 0).then(|| view! { <p class="empty" data-testid="od-empty">{l.pick("Không tìm thấy bộ dữ liệu nào. Thử từ khác, hoặc bỏ bớt bộ lọc.", "No dataset found. Try other words, or fewer filters.")}</p> })}
                        <ul class="od-list" data-testid="od-results">{entries}</ul>
                        <nav class="pager">
                            {has_prev.then(|| view! { <a href=catalogue_href(&prev)>{l.pick("← Trang trước", "← Previous")}</a> })}
                            {has_next.then(|| view! { <a href=catalogue_href(&next)>{l.pick("Trang sau →", "Next →")}</a> })}
                        </nav>
                    </div>
                </div>
            }
            .into_any()
        }
    };

    view! {
        <section class="page" data-testid="page-open-data">
            <header class="page-head">
                <div>
                    <h1>{move || super::PORTAL_HEAD.heading(lang.get())}</h1>
                    <p class="muted">{move || super::PORTAL_HEAD.lead(lang.get())}</p>
                    <p class="small">
                        <a href="/api/docs" rel="external">{move || lang.get().pick("Tài liệu API", "API documentation")}</a>" · "
                        <a href="/api/3/action/package_list" rel="external">"CKAN API"</a>" · "
                        <a href="/catalog.ttl" rel="external">"DCAT-AP (Turtle)"</a>" · "
                        <a href="/catalog.jsonld" rel="external">"DCAT-AP (JSON-LD)"</a>
                    </p>
                </div>
            </header>
            <form class="od-search" role="search" on:submit=submit>
                <label class="sr-only" for="od-q">{move || lang.get().pick("Tìm bộ dữ liệu", "Search datasets")}</label>
                <input id="od-q" type="search" data-testid="od-search"
                    placeholder=move || lang.get().pick("Tìm theo tên, mô tả, cơ quan… (có dấu hoặc không dấu)", "Search by title, description, department…")
                    prop:value=move || words.get()
                    on:input=move |ev| words.set(event_target_value(&ev))/>
                <button type="submit" class="primary" data-testid="od-search-go">{move || lang.get().pick("Tìm", "Search")}</button>
            </form>
            {body}
        </section>
    }
}

#[component]
fn EntryCard(e: CatalogueEntry) -> impl IntoView {
    let lang = use_lang();
    let href = format!("/open-data/{}", e.code);
    let testid = format!("od-entry-{}", e.code);
    view! {
        <li class="od-entry" data-testid=testid>
            <h3><a href=href>{move || match (lang.get(), &e.title_en) { (Lang::En, Some(t)) => t.clone(), _ => e.title.clone() }}</a></h3>
            <p class="muted small">{move || if lang.get() == Lang::En { e.department_name_en.clone() } else { e.department_name.clone() }}
                " · "{move || frequency_label(&e.frequency, lang.get())}
                " · "{move || format!("{} {}", format::number(e.record_count as f64, 0, lang.get()), lang.get().pick("dòng", "rows"))}
                {e.licence.clone().map(|l| view! { " · "{move || format!("{} {l}", lang.get().pick("giấy phép", "licence"))} })}
                {e.last_update.clone().map(|u| view! { " · "{move || format!("{} {}", lang.get().pick("cập nhật", "updated"), format::date(&u, lang.get()))}})}
            </p>
            {e.description.clone().map(|d| view! { <p>{d}</p> })}
            <p class="od-meta">
                {e.formats.iter().map(|f| view! { <span class="badge format">{f.clone()}</span> }).collect_view()}
                {e.tags.iter().map(|t| view! { <span class="badge tag">{t.clone()}</span> }).collect_view()}
            </p>
            <p class="small od-quality">{move || {
                let l = lang.get();
                let q = &e.quality;
                format!("{}: {} · {} {} · {} {} · {} {} · {} {}",
                    l.pick("Chất lượng", "Quality"), pct(q.overall, l),
                    l.pick("Đủ", "Complete"), pct(q.complete.score, l),
                    l.pick("Đúng", "Correct"), pct(q.correct.score, l),
                    l.pick("Sạch", "Clean"), pct(q.clean.score, l),
                    l.pick("Sống", "Live"), pct(q.live.score, l))
            }}</p>
        </li>
    }
}

#[component]
pub fn OpenDatasetPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let page = LocalResource::new(move || load_open_dataset(code()));
    let body = move || match page.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! { <ErrorNote error=e/> }.into_any(),
        Some(Ok(p)) => view! { <DatasetBody p=p/> }.into_any(),
    };
    view! {
        <section class="page" data-testid="page-open-dataset">
            <p class="small"><a href="/open-data">{move || lang.get().pick("← Dữ liệu mở", "← Open data")}</a></p>
            {body}
        </section>
    }
}

#[component]
fn DatasetBody(p: DatasetPage) -> impl IntoView {
    let lang = use_lang();
    let e = p.entry.clone();
    let code = e.code.clone();
    let title = {
        let e = e.clone();
        move || match (lang.get(), &e.title_en) {
            (Lang::En, Some(t)) => t.clone(),
            _ => e.title.clone(),
        }
    };
    let downloads = e
        .formats
        .iter()
        .map(|f| {
            let ext = match f.as_str() {
                "JSON" => "json",
                "GeoJSON" => "geojson",
                _ => "csv",
            };
            let href = format!("/download/{code}.{ext}");
            let file = format!("{code}.{ext}");
            // Excel reads UTF-8 only after a byte-order mark: a CSV of its own for it.
            let excel = (ext == "csv").then(|| {
                let href = format!("/download/{code}.csv?excel=1");
                view! {
                    <a class="button" href=href download=file.clone() rel="external" data-testid="download-csv-excel"
                        title=move || lang.get().pick("CSV mã hoá UTF-8 có BOM, mở đúng tiếng Việt trong Excel", "UTF-8 CSV with a byte-order mark, for Excel")>
                        {move || lang.get().pick("⬇ CSV cho Excel", "⬇ CSV for Excel")}
                    </a>
                }
            });
            view! { <a class="button" href=href download=file.clone() rel="external" data-testid=format!("download-{ext}")>{format!("⬇ {f}")}</a>{excel} }
        })
        .collect_view();

    let fields = p.fields.clone();
    let columns = Signal::derive({
        let fields = fields.clone();
        move || {
            fields
                .iter()
                .map(|f| {
                    let label = f.label(lang.get()).to_string();
                    let numeric = matches!(
                        f.kind,
                        crate::modules::datasets::model::FieldType::Integer
                            | crate::modules::datasets::model::FieldType::Decimal
                    );
                    if numeric {
                        Column::number(label)
                    } else {
                        Column::text(label)
                    }
                })
                .collect::<Vec<_>>()
        }
    });
    let rows = Signal::derive({
        let units = p.units.clone();
        let preview = p.preview.clone();
        let fields = fields.clone();
        move || {
            let l = lang.get();
            preview
                .iter()
                .map(|r| {
                    r.iter()
                        .zip(fields.iter())
                        .map(|(v, f)| {
                            let numeric = matches!(
                                f.kind,
                                crate::modules::datasets::model::FieldType::Integer
                                    | crate::modules::datasets::model::FieldType::Decimal
                            );
                            match v.parse::<f64>() {
                                Ok(x) if numeric => Cell::Number {
                                    value: x,
                                    shown: format::number(
                                        x,
                                        if f.kind
                                            == crate::modules::datasets::model::FieldType::Integer
                                        {
                                            0
                                        } else {
                                            1
                                        },
                                        l,
                                    ),
                                },
                                _ if f.kind == crate::modules::datasets::model::FieldType::Unit => {
                                    Cell::Text(unit_name(&units, Some(v), l))
                                }
                                _ => Cell::Text(v.clone()),
                            }
                        })
                        .collect()
                })
                .collect::<Vec<_>>()
        }
    });

    let chart = p.chart.clone();
    let chart_spec = Signal::derive(move || {
        let l = lang.get();
        chart.as_ref().map(|c| ChartSpec {
            kind: ChartKind::Line,
            title: format!(
                "{} — {}",
                c.field.label(l),
                combined_per(&c.field, l, "kỳ", "period")
            ),
            y_unit: format::unit(c.field.unit.as_deref().unwrap_or_default(), l).to_string(),
            x_labels: c.points.iter().map(|(p, _)| p.clone()).collect(),
            series: vec![Series {
                name: c.field.label(l).to_string(),
                values: c.points.iter().map(|(_, v)| *v).collect(),
            }],
            lang: l,
        })
    });
    let has_chart = p.chart.is_some();

    let base = LocalResource::new(fetch_map_base);
    let map = p.map.clone();
    let map_values = Signal::derive({
        let map = map.clone();
        move || match &map {
            Some(MapData::Units { values, .. }) => values.clone(),
            _ => Vec::new(),
        }
    });
    let map_base = Signal::derive({
        let map = map.clone();
        move || {
            let mut b = base.get().and_then(|r| r.ok())?;
            b.places = match &map {
                Some(MapData::Points(points)) => points
                    .iter()
                    .map(|(lat, lon, label)| MapMarker {
                        lat: *lat,
                        lon: *lon,
                        title: label.clone(),
                        detail: String::new(),
                        kind: "dataset".into(),
                        color: None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Some(b)
        }
    });
    let legend = {
        let map = map.clone();
        move || match &map {
            Some(MapData::Units { field, period, .. }) => format!(
                "{} — {}{}",
                field.label(lang.get()),
                combined_per(field, lang.get(), "đơn vị hành chính", "district"),
                period
                    .as_ref()
                    .map(|p| format!(" — {p}"))
                    .unwrap_or_default()
            ),
            Some(MapData::Points(p)) => {
                format!("{} {}", p.len(), lang.get().pick("điểm", "points"))
            }
            None => String::new(),
        }
    };
    let has_map = p.map.is_some();
    let q = e.quality.clone();
    let usage = p.usage.clone();
    let api_show = format!("/api/3/action/package_show?id={code}");
    let api_rows = format!("/api/3/action/datastore_search?resource_id={code}&limit=5");
    let dcat_ttl = format!("/dataset/{code}.ttl");
    let dcat_jsonld = format!("/dataset/{code}.jsonld");
    let description = e.description.clone();
    let dept = (e.department_name.clone(), e.department_name_en.clone());
    let licence = e.licence.clone();
    let frequency = e.frequency.clone();
    let last_update = e.last_update.clone();
    let record_count = e.record_count;
    let tags = e.tags.clone();

    view! {
        <header class="page-head">
            <div>
                <h1 data-testid="od-title">{title}</h1>
                {description.map(|d| view! { <p>{d}</p> })}
            </div>
        </header>
        <div class="od-downloads" data-testid="od-downloads">{downloads}</div>
        <dl class="od-facts">
            <dt>{move || lang.get().pick("Cơ quan", "Department")}</dt>
            <dd>{move || if lang.get() == Lang::En { dept.1.clone() } else { dept.0.clone() }}</dd>
            <dt>{move || lang.get().pick("Giấy phép", "Licence")}</dt>
            <dd>{licence.unwrap_or_else(|| "—".into())}</dd>
            <dt>{move || lang.get().pick("Tần suất cập nhật", "Update frequency")}</dt>
            <dd>{move || frequency_label(&frequency, lang.get())}</dd>
            <dt>{move || lang.get().pick("Cập nhật lần cuối", "Last update")}</dt>
            <dd>{move || last_update.as_deref().map(|u| format::datetime_local(u, lang.get())).unwrap_or_else(|| "—".into())}</dd>
            <dt>{move || lang.get().pick("Số dòng", "Rows")}</dt>
            <dd data-testid="od-rows">{move || format::number(record_count as f64, 0, lang.get())}</dd>
            <dt>{move || lang.get().pick("Từ khoá", "Tags")}</dt>
            <dd>{tags.join(", ")}</dd>
        </dl>
        <div class="kpi-grid" data-testid="od-quality">
            <KpiTile id="od-q-overall" label=Signal::derive(move || lang.get().pick("Chất lượng chung", "Overall quality").to_string()) value=Signal::derive({ let v = q.overall; move || Some(v * 100.0) }) unit=Signal::derive(|| "%".to_string())/>
            <KpiTile id="od-q-complete" label=Signal::derive(move || lang.get().pick("Đủ", "Complete").to_string()) value=Signal::derive({ let v = q.complete.score; move || Some(v * 100.0) }) unit=Signal::derive(|| "%".to_string())/>
            <KpiTile id="od-q-correct" label=Signal::derive(move || lang.get().pick("Đúng", "Correct").to_string()) value=Signal::derive({ let v = q.correct.score; move || Some(v * 100.0) }) unit=Signal::derive(|| "%".to_string())/>
            <KpiTile id="od-q-clean" label=Signal::derive(move || lang.get().pick("Sạch", "Clean").to_string()) value=Signal::derive({ let v = q.clean.score; move || Some(v * 100.0) }) unit=Signal::derive(|| "%".to_string())/>
            <KpiTile id="od-q-live" label=Signal::derive(move || lang.get().pick("Sống", "Live").to_string()) value=Signal::derive({ let v = q.live.score; move || Some(v * 100.0) }) unit=Signal::derive(|| "%".to_string())/>
        </div>
        {has_chart.then(|| view! { <Chart id="od-chart" spec=chart_spec/> })}
        {has_map.then(|| view! {
            <CityMap id="od-map" base=map_base values=map_values
                places_label=Some(("Dữ liệu", "Data"))
                format_value=Callback::new(move |v: f64| format::number(v, 1, lang.get()))
                legend_title=Signal::derive(legend)/>
        })}
        <h2>{move || lang.get().pick("Xem trước", "Preview")}</h2>
        <DataTable id="od-preview" columns=columns rows=rows
            caption=Signal::derive(move || lang.get().pick("Các dòng đầu tiên", "The first rows").to_string())/>
        <h2>{move || lang.get().pick("Lượt sử dụng", "Usage")}</h2>
        <p data-testid="od-usage">{move || {
            let l = lang.get();
            format!("{} {} · {} {} · {} {}",
                format::number(usage.views as f64, 0, l), l.pick("lượt xem", "views"),
                format::number(usage.downloads as f64, 0, l), l.pick("lượt tải", "downloads"),
                format::number(usage.api_calls as f64, 0, l), l.pick("lượt gọi API", "API calls"))
        }}</p>
        <h2>"API"</h2>
        <ul class="link-list small">
            <li><a href=api_show rel="external">"CKAN package_show"</a></li>
            <li><a href=api_rows rel="external">"CKAN datastore_search"</a></li>
            <li><a href=dcat_ttl rel="external">"DCAT-AP (Turtle)"</a>" · "<a href=dcat_jsonld rel="external">"JSON-LD"</a></li>
        </ul>
    }
}
