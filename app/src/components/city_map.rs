//! The province map: district boundaries from GeoJSON (no tile server needed), a
//! choropleth by a value with its legend, places as markers with popups, layer toggles.
//! The component owns its Leaflet map and removes it when the route changes.

use crate::charts::choropleth::{LegendEntry, Scale, NO_DATA};
use crate::i18n::{use_lang, use_t};
use crate::model::MapBase;
use leptos::prelude::*;
use std::collections::HashMap;

pub use crate::geo::main_extent;

/// Area code → (fill colour, tooltip text).
pub type AreaStyles = HashMap<String, (&'static str, String)>;

#[component]
pub fn CityMap(
    #[prop(into)] base: Signal<Option<MapBase>>,
    /// (district code, value) for the choropleth.
    #[prop(into)]
    values: Signal<Vec<(String, f64)>>,
    /// Formats a value for the tooltip, e.g. "1,2 triệu lượt".
    #[prop(into)]
    format_value: Callback<f64, String>,
    #[prop(into)] legend_title: Signal<String>,
    #[prop(into, optional)] selected: Signal<Option<String>>,
    /// Called with a district's code when its shape is clicked.
    #[prop(optional)]
    on_select: Option<Callback<String>>,
    /// Called with (latitude, longitude) where the map is tapped: picking a place.
    #[prop(optional)]
    on_point: Option<Callback<(f64, f64)>>,
    /// A picked place, shown as a marker.
    #[prop(into, optional)]
    point: Signal<Option<(f64, f64)>>,
    /// The name of the markers' layer (Vietnamese, English); hospitals and ports if not given.
    #[prop(optional_no_strip)]
    places_label: Option<(&'static str, &'static str)>,
    /// Called with a marker's position in `base.places` when it is clicked.
    #[prop(optional)]
    on_place: Option<Callback<usize>>,
    #[prop(into)] id: String,
) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let show_bounds = RwSignal::new(true);
    let show_places = RwSignal::new(true);
    let failed = RwSignal::new(false);

    let scale = Memo::new(move |_| {
        values.with(|v| Scale::from_values(&v.iter().map(|(_, x)| *x).collect::<Vec<_>>()))
    });
    let styles = Memo::new(move |_| {
        let scale = scale.get();
        let names: HashMap<String, String> = base.with(|b| {
            b.as_ref()
                .map(|b| district_names(&b.districts_geojson, lang.get()))
                .unwrap_or_default()
        });
        let vals: HashMap<String, f64> = values.get().into_iter().collect();
        names
            .into_iter()
            .map(|(code, name)| {
                let entry = match (vals.get(&code), &scale) {
                    (Some(v), Some(s)) => {
                        (s.color(*v), format!("{name}: {}", format_value.run(*v)))
                    }
                    _ => (NO_DATA, name),
                };
                (code, entry)
            })
            .collect::<AreaStyles>()
    });
    let legend = move || -> Vec<LegendEntry> {
        scale
            .get()
            .map(|s| s.legend(lang.get()))
            .unwrap_or_default()
    };
    let has_places = move || base.with(|b| b.as_ref().is_some_and(|b| !b.places.is_empty()));
    let has_tiles = move || {
        base.with(|b| {
            b.as_ref()
                .is_some_and(|b| b.tile_url.as_deref().is_some_and(|u| !u.is_empty()))
        })
    };
    let picking = on_point.is_some();
    let attribution = move || {
        base.with(|b| {
            b.as_ref()
                .map(|b| b.attribution.clone())
                .unwrap_or_default()
        })
    };

    let container = NodeRef::<leptos::html::Div>::new();
    #[cfg(target_arch = "wasm32")]
    live::attach(live::Inputs {
        container,
        base,
        styles,
        selected,
        show_bounds,
        show_places,
        on_select,
        on_point,
        on_place,
        point,
        failed,
    });
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (
        selected,
        on_select,
        styles,
        show_places,
        on_point,
        point,
        on_place,
    );

    let (label_bounds, label_places) = (
        move || lang.get().pick("Ranh giới huyện", "District boundaries"),
        move || {
            let (vi, en) =
                places_label.unwrap_or(("Địa điểm (bệnh viện, cảng)", "Places (hospitals, ports)"));
            lang.get().pick(vi, en)
        },
    );

    view! {
        <section class="city-map" data-testid=id>
            <div class="map-toolbar" role="group" aria-label=move || t().map_title>
                <label class="toggle">
                    <input type="checkbox" prop:checked=show_bounds
                        on:change=move |ev| show_bounds.set(event_target_checked(&ev)) />
                    {label_bounds}
                </label>
                <Show when=has_places>
                    <label class="toggle">
                        <input type="checkbox" prop:checked=show_places
                            on:change=move |ev| show_places.set(event_target_checked(&ev)) />
                        {label_places}
                    </label>
                </Show>
            </div>
            <div class="map-frame">
                <div class="map-canvas" node_ref=container role="region" aria-label=move || t().map_title></div>
                <Inset base=base styles=styles selected=selected on_select=on_select on_point=on_point point=point/>
            </div>
            <Show when=move || failed.get()>
                <p class="form-error" role="alert">{move || t().map_unavailable}</p>
            </Show>
            <div class="map-legend" data-testid="map-legend">
                <h4>{legend_title}</h4>
                <ul>
                    {move || legend().into_iter().map(|e| view! {
                        <li><span class="swatch" style=format!("background:{}", e.color)></span>{e.label}</li>
                    }).collect_view()}
                    // A map of points or boundaries only has no "no data" areas to explain.
                    <Show when=move || values.with(|v| !v.is_empty())>
                        <li><span class="swatch" style=format!("background:{NO_DATA}")></span>
                            {move || lang.get().pick("Không có số liệu", "No data")}</li>
                    </Show>
                </ul>
                <Show when=move || picking && !has_tiles()>
                    <p class="muted small" data-testid="map-no-tiles">{move || lang.get().pick(
                        "Bản đồ chỉ có ranh giới huyện và một số địa điểm vì máy chủ chưa có bản đồ nền (người vận hành đặt bằng --tile-url). Hãy chạm gần đúng vị trí rồi ghi rõ địa chỉ trong phần mô tả.",
                        "The map shows district boundaries and a few places only: the server has no base map (its operator sets one with --tile-url). Tap close to the place and write the address in the description.",
                    )}</p>
                </Show>
                // Leaflet shows the attribution on the map; on a phone (where it would cover
                // the map) and without Leaflet, it folds here.
                <details class="map-attribution" class:always=move || failed.get() data-testid="map-attribution">
                    <summary>{move || lang.get().pick("Nguồn bản đồ", "Map sources")}</summary>
                    <p class="muted small">{attribution}</p>
                </details>
            </div>
        </section>
    }
}

/// The far-off areas (Côn Đảo, 180 km offshore) the map's frame leaves out, drawn in a box
/// of their own over the map's corner: coloured like the map, named with their figure,
/// selectable, and a place to pick a point in.
#[component]
fn Inset(
    base: Signal<Option<MapBase>>,
    styles: Memo<AreaStyles>,
    selected: Signal<Option<String>>,
    on_select: Option<Callback<String>>,
    on_point: Option<Callback<(f64, f64)>>,
    point: Signal<Option<(f64, f64)>>,
) -> impl IntoView {
    let lang = use_lang();
    let areas = Memo::new(move |_| {
        base.with(|b| {
            b.as_ref()
                .map(|b| crate::geo::outlying(&b.districts_geojson))
                .unwrap_or_default()
        })
    });
    move || {
        let areas = areas.get();
        if areas.is_empty() {
            return None;
        }
        let frame = InsetFrame::around(&areas);
        let paths = areas
            .iter()
            .map(|a| {
                let code = a.code.clone();
                let d = a
                    .rings
                    .iter()
                    .map(|ring| {
                        let pts: Vec<String> = ring
                            .iter()
                            .map(|&(lat, lon)| {
                                let (x, y) = frame.to_xy(lat, lon);
                                format!("{x:.1},{y:.1}")
                            })
                            .collect();
                        format!("M{}Z", pts.join("L"))
                    })
                    .collect::<String>();
                let style = {
                    let code = code.clone();
                    move || styles.with(|s| s.get(&code).cloned())
                };
                let fill = {
                    let style = style.clone();
                    move || style().map_or(NO_DATA, |(c, _)| c)
                };
                let text = {
                    let code = code.clone();
                    move || style().map_or(code.clone(), |(_, t)| t)
                };
                let is_selected = {
                    let code = code.clone();
                    move || selected.with(|s| s.as_deref() == Some(code.as_str()))
                };
                let on_key = {
                    let code = code.clone();
                    move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            if let Some(cb) = on_select {
                                cb.run(code.clone());
                            }
                        }
                    }
                };
                let selectable = on_select.is_some() && on_point.is_none();
                view! {
                    <path d=d class="inset-area" class:selected=is_selected
                        data-code=code.clone() fill=fill
                        tabindex=selectable.then_some("0") role=selectable.then_some("button")
                        aria-label=text.clone()
                        on:keydown=on_key>
                        <title>{text.clone()}</title>
                    </path>
                }
            })
            .collect_view();
        let caption = areas
            .iter()
            .map(|a| {
                let code = a.code.clone();
                move || styles.with(|s| s.get(&code).map(|(_, t)| t.clone()).unwrap_or_default())
            })
            .map(|f| view! { <span>{f}</span> })
            .collect_view();
        let marker = move || {
            let (lat, lon) = point.get()?;
            frame.contains(lat, lon).then(|| {
                let (x, y) = frame.to_xy(lat, lon);
                view! { <circle class="ioc-picked" cx=format!("{x:.1}") cy=format!("{y:.1}") r="5"/> }
            })
        };
        // A tap in the inset picks a point there, as on the map; otherwise it selects the
        // area tapped, or the only one (islands are small: the sea around them counts).
        let only = (areas.len() == 1).then(|| areas[0].code.clone());
        let pick = move |ev: leptos::ev::MouseEvent| {
            #[cfg(target_arch = "wasm32")]
            {
                use wasm_bindgen::JsCast;
                if on_point.is_none() {
                    let tapped = ev
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .and_then(|e| e.get_attribute("data-code"));
                    if let (Some(cb), Some(code)) = (on_select, tapped.or_else(|| only.clone())) {
                        cb.run(code);
                    }
                    return;
                }
            }
            #[cfg(target_arch = "wasm32")]
            if let Some(cb) = on_point {
                use wasm_bindgen::JsCast;
                let Some(el) = ev
                    .current_target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                else {
                    return;
                };
                let r = el.get_bounding_client_rect();
                if r.width() > 0.0 && r.height() > 0.0 {
                    let x = (f64::from(ev.client_x()) - r.left()) / r.width() * InsetFrame::W;
                    let y = (f64::from(ev.client_y()) - r.top()) / r.height() * InsetFrame::H;
                    cb.run(frame.to_latlon(x, y));
                }
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = (ev, on_point, &only);
        };
        Some(view! {
            <figure class="map-inset" class:picking=on_point.is_some() data-testid="map-inset">
                <svg viewBox=format!("0 0 {} {}", InsetFrame::W, InsetFrame::H) role="img"
                    aria-label=move || lang.get().pick("Khung phụ: huyện đảo", "Inset: island district")
                    on:click=pick>
                    {paths}
                    {marker}
                </svg>
                <figcaption>{caption}</figcaption>
            </figure>
        })
    }
}

/// The inset's drawing box and its projection (equirectangular, scaled by the latitude's
/// cosine, which is exact enough over an island).
#[derive(Debug, Clone, Copy)]
struct InsetFrame {
    south: f64,
    west: f64,
    north: f64,
    east: f64,
    scale: f64,
    dx: f64,
    dy: f64,
}

impl InsetFrame {
    const W: f64 = 120.0;
    const H: f64 = 90.0;

    fn around(areas: &[crate::geo::Outlying]) -> Self {
        let b = areas.iter().fold([90.0_f64, 180.0, -90.0, -180.0], |a, o| {
            [
                a[0].min(o.bbox[0]),
                a[1].min(o.bbox[1]),
                a[2].max(o.bbox[2]),
                a[3].max(o.bbox[3]),
            ]
        });
        // A margin of a tenth around the shapes.
        let (pad_lat, pad_lon) = ((b[2] - b[0]) * 0.1, (b[3] - b[1]) * 0.1);
        let (south, west, north, east) = (
            b[0] - pad_lat,
            b[1] - pad_lon,
            b[2] + pad_lat,
            b[3] + pad_lon,
        );
        let k = ((south + north) / 2.0).to_radians().cos();
        let (w, h) = (((east - west) * k).max(1e-9), (north - south).max(1e-9));
        let scale = (Self::W / w).min(Self::H / h);
        Self {
            south,
            west,
            north,
            east,
            scale,
            dx: (Self::W - w * scale) / 2.0,
            dy: (Self::H - h * scale) / 2.0,
        }
    }

    fn k(self) -> f64 {
        ((self.south + self.north) / 2.0).to_radians().cos()
    }

    fn to_xy(self, lat: f64, lon: f64) -> (f64, f64) {
        (
            self.dx + (lon - self.west) * self.k() * self.scale,
            self.dy + (self.north - lat) * self.scale,
        )
    }

    fn to_latlon(self, x: f64, y: f64) -> (f64, f64) {
        (
            self.north - (y - self.dy) / self.scale,
            self.west + (x - self.dx) / (self.k() * self.scale),
        )
    }

    fn contains(self, lat: f64, lon: f64) -> bool {
        (self.south..=self.north).contains(&lat) && (self.west..=self.east).contains(&lon)
    }
}

/// Feature code → name, read from the GeoJSON properties.
pub fn district_names(geojson: &str, lang: crate::i18n::Lang) -> HashMap<String, String> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(geojson) else {
        return HashMap::new();
    };
    let key = lang.pick("name", "name_en");
    value["features"]
        .as_array()
        .map(|features| {
            features
                .iter()
                .filter_map(|f| {
                    let p = &f["properties"];
                    Some((
                        p["code"].as_str()?.to_string(),
                        p[key].as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(target_arch = "wasm32")]
mod live {
    use super::AreaStyles;
    use crate::format::escape_html;
    use crate::model::MapBase;
    use js_sys::{Object, Reflect};
    use leptos::prelude::*;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    // leaflet-rs 0.5 hides its `geoJSON` factory behind a private module name, has no
    // `getBounds` on GeoJSON layers, and binds `bindTooltip` to a name Leaflet does not
    // have (`bindTooltipWithContent`): bind these here.
    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = L, js_name = geoJSON)]
        fn geo_json(data: &JsValue, options: &JsValue) -> leaflet::GeoJson;

        #[wasm_bindgen(extends = leaflet::Layer)]
        type LayerExt;

        #[wasm_bindgen(method, js_name = getBounds)]
        fn get_bounds(this: &LayerExt) -> leaflet::LatLngBounds;

        #[wasm_bindgen(method, js_name = bindTooltip)]
        fn bind_tooltip(this: &LayerExt, content: &JsValue);

        #[wasm_bindgen(method, js_name = on)]
        fn on(this: &LayerExt, event: &str, handler: &JsValue);
    }

    pub struct Inputs {
        pub container: NodeRef<leptos::html::Div>,
        pub base: Signal<Option<MapBase>>,
        pub styles: Memo<AreaStyles>,
        pub selected: Signal<Option<String>>,
        pub show_bounds: RwSignal<bool>,
        pub show_places: RwSignal<bool>,
        pub on_select: Option<Callback<String>>,
        pub on_point: Option<Callback<(f64, f64)>>,
        pub on_place: Option<Callback<usize>>,
        pub point: Signal<Option<(f64, f64)>>,
        pub failed: RwSignal<bool>,
    }

    /// Everything Leaflet owns for one map; dropped with the component.
    struct Live {
        map: leaflet::Map,
        geo: Option<leaflet::GeoJson>,
        places: Option<leaflet::LayerGroup>,
        tiles: Option<leaflet::TileLayer>,
        picked: Option<leaflet::CircleMarker>,
        /// What the view was fitted to, to fit again once the map has a size.
        extent: Option<leaflet::LatLngBounds>,
        /// Watches the container's size (see `watch_size`).
        resize: Option<(web_sys::ResizeObserver, Closure<dyn Fn()>)>,
        shared: Rc<RefCell<Shared>>,
        style_fn: Closure<dyn Fn(JsValue) -> JsValue>,
        // Kept alive as long as the layers that call them.
        _each_fn: Closure<dyn Fn(JsValue, JsValue)>,
        _tooltip_fn: Closure<dyn Fn(JsValue) -> JsValue>,
    }

    #[derive(Default)]
    struct Shared {
        styles: AreaStyles,
        selected: Option<String>,
    }

    /// More places than this are drawn on a canvas.
    pub const CANVAS_FROM: usize = 300;

    /// `L.canvas()`: not exported by leaflet-rs, so called by name.
    fn canvas_renderer() -> Option<JsValue> {
        let l = Reflect::get(&js_sys::global(), &"L".into()).ok()?;
        let f: js_sys::Function = Reflect::get(&l, &"canvas".into()).ok()?.dyn_into().ok()?;
        f.call0(&l).ok()
    }

    fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
        let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
    }

    fn feature_code(feature: &JsValue) -> Option<String> {
        let props = Reflect::get(feature, &"properties".into()).ok()?;
        Reflect::get(&props, &"code".into()).ok()?.as_string()
    }

    pub fn attach(inputs: Inputs) {
        let Inputs {
            container,
            base,
            styles,
            selected,
            show_bounds,
            show_places,
            on_select,
            on_point,
            on_place,
            point,
            failed,
        } = inputs;
        let state = StoredValue::new_local(None::<Live>);
        let ready = RwSignal::new(0u32);
        let alive = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let alive_on_cleanup = alive.clone();
        let alive_places = alive.clone();

        let alive_load = alive.clone();
        let start = move |el: web_sys::HtmlDivElement| {
            let options = leaflet::MapOptions::default();
            set(&options, "zoomSnap", 0.25);
            set(&options, "scrollWheelZoom", false);
            set(&options, "attributionControl", true);
            // A zoom animation still running when the route changes makes Leaflet throw
            // (`_leaflet_pos` of a removed pane); maps here change view rarely, so go without.
            set(&options, "zoomAnimation", false);
            set(&options, "fadeAnimation", false);
            set(&options, "markerZoomAnimation", false);
            let map = match leaflet::Map::new_with_element(&el, &options) {
                Ok(m) => m,
                Err(e) => {
                    leptos::logging::warn!("map could not start: {e:?}");
                    failed.set(true);
                    return;
                }
            };
            map.set_view(&leaflet::LatLng::new(10.5, 107.2), 9.0);
            if let Some(cb) = on_point {
                let alive = alive.clone();
                let click = Closure::<dyn Fn(JsValue)>::new(move |ev: JsValue| {
                    let Ok(ll) = Reflect::get(&ev, &"latlng".into()) else {
                        return;
                    };
                    let get = |k: &str| Reflect::get(&ll, &k.into()).ok().and_then(|v| v.as_f64());
                    if let (Some(lat), Some(lng)) = (get("lat"), get("lng")) {
                        if alive.load(std::sync::atomic::Ordering::Relaxed) {
                            cb.run((lat, lng));
                        }
                    }
                });
                map.on("click", &click.into_js_value());
            }

            let shared = Rc::new(RefCell::new(Shared::default()));
            let style_shared = shared.clone();
            let style_fn = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |feature: JsValue| {
                let s = style_shared.borrow();
                let code = feature_code(&feature).unwrap_or_default();
                let fill = s
                    .styles
                    .get(&code)
                    .map(|(c, _)| *c)
                    .unwrap_or(super::NO_DATA);
                let is_selected = s.selected.as_deref() == Some(code.as_str());
                let style = Object::new();
                set(&style, "className", "ioc-district");
                set(
                    &style,
                    "color",
                    if is_selected { "#111111" } else { "#444444" },
                );
                set(&style, "weight", if is_selected { 3.0 } else { 1.0 });
                set(&style, "fillColor", fill);
                set(&style, "fillOpacity", 0.75);
                style.into()
            });
            let tip_shared = shared.clone();
            let tooltip_fn = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |layer: JsValue| {
                let feature = Reflect::get(&layer, &"feature".into()).unwrap_or(JsValue::NULL);
                let code = feature_code(&feature).unwrap_or_default();
                let text = tip_shared
                    .borrow()
                    .styles
                    .get(&code)
                    .map(|(_, t)| t.clone())
                    .unwrap_or(code);
                JsValue::from_str(&escape_html(&text))
            });
            let tooltip_js: JsValue = tooltip_fn.as_ref().clone();
            let alive_click = alive.clone();
            let each_fn = Closure::<dyn Fn(JsValue, JsValue)>::new(
                move |feature: JsValue, layer: JsValue| {
                    let layer: LayerExt = layer.unchecked_into();
                    layer.bind_tooltip(&tooltip_js);
                    if let (Some(cb), Some(code)) = (on_select, feature_code(&feature)) {
                        let alive = alive_click.clone();
                        // A click after the page is gone must not reach a disposed callback.
                        let click = Closure::<dyn Fn()>::new(move || {
                            if alive.load(std::sync::atomic::Ordering::Relaxed) {
                                cb.run(code.clone());
                            }
                        });
                        layer.on("click", &click.into_js_value());
                    }
                },
            );
            state.set_value(Some(Live {
                map,
                geo: None,
                places: None,
                tiles: None,
                picked: None,
                extent: None,
                resize: watch_size(&el, state),
                shared,
                style_fn,
                _each_fn: each_fn,
                _tooltip_fn: tooltip_fn,
            }));
            ready.set(1);
        };
        container.on_load(move |el: web_sys::HtmlDivElement| {
            leptos::task::spawn_local(async move {
                let loaded = crate::components::script::load("/leaflet/leaflet.js", "L").await;
                // The reader may have left the page while Leaflet loaded.
                if !alive_load.load(std::sync::atomic::Ordering::Relaxed) {
                    return;
                }
                if loaded {
                    start(el);
                } else {
                    failed.set(true);
                }
            });
        });

        // Boundaries, places and tiles: rebuilt when the base data arrives.
        Effect::new(move |_| {
            if ready.get() == 0 {
                return;
            }
            let Some(b) = base.get() else { return };
            state.update_value(|live| {
                let Some(live) = live.as_mut() else { return };
                if let Some(g) = live.geo.take() {
                    g.remove();
                }
                if let Some(p) = live.places.take() {
                    p.remove();
                }
                if let Some(t) = live.tiles.take() {
                    t.remove();
                }
                if let Some(url) = b.tile_url.as_deref().filter(|u| !u.is_empty()) {
                    let opts = leaflet::TileLayerOptions::default();
                    if let Some(a) = &b.tile_attribution {
                        set(&opts, "attribution", escape_html(a));
                    }
                    let tiles = leaflet::TileLayer::new_options(url, &opts);
                    tiles.add_to(&live.map);
                    live.tiles = Some(tiles);
                }
                let data = match js_sys::JSON::parse(&b.districts_geojson) {
                    Ok(d) => d,
                    Err(e) => {
                        leptos::logging::warn!("bad district GeoJSON: {e:?}");
                        return;
                    }
                };
                let opts = Object::new();
                // While the reader picks a place, a tap anywhere places the point: no
                // layer catches it (a district's or a marker's popup would).
                let picking = on_point.is_some();
                if picking {
                    set(&opts, "interactive", false);
                }
                set(&opts, "style", live.style_fn.as_ref().clone());
                set(&opts, "onEachFeature", live._each_fn.as_ref().clone());
                set(&opts, "attribution", escape_html(&b.attribution));
                let geo = geo_json(&data, &opts);
                if show_bounds.get_untracked() {
                    geo.add_to(&live.map);
                }
                let extent = match super::main_extent(&b.districts_geojson) {
                    Some([south, west, north, east]) => leaflet::LatLngBounds::new(
                        &leaflet::LatLng::new(south, west),
                        &leaflet::LatLng::new(north, east),
                    ),
                    None => geo.unchecked_ref::<LayerExt>().get_bounds(),
                };
                live.map.fit_bounds(&extent);
                live.extent = Some(extent);

                let group = leaflet::LayerGroup::new();
                // Thousands of markers as SVG elements make panning stutter: past a few
                // hundred they share one canvas.
                let canvas = (b.places.len() > CANVAS_FROM)
                    .then(canvas_renderer)
                    .flatten();
                for (i, p) in b.places.iter().enumerate() {
                    let o = Object::new();
                    if let Some(r) = &canvas {
                        set(&o, "renderer", r.clone());
                    }
                    // Coloured markers carry a status (an index band) or a kind: a dark
                    // rim, and larger while few enough not to cover the map.
                    let (radius, rim) = match (&p.color, &canvas) {
                        (Some(_), None) => (10.0, "#222222"),
                        (Some(_), Some(_)) => (5.0, "#222222"),
                        (None, _) => (6.0, "#ffffff"),
                    };
                    set(&o, "radius", radius);
                    set(&o, "weight", 2.0);
                    set(&o, "color", rim);
                    set(
                        &o,
                        "fillColor",
                        p.color
                            .clone()
                            .unwrap_or_else(|| place_color(&p.kind).to_string()),
                    );
                    set(&o, "fillOpacity", 0.95);
                    set(&o, "className", format!("ioc-place ioc-place-{}", p.kind));
                    if picking {
                        set(&o, "interactive", false);
                    }
                    let m = leaflet::CircleMarker::new_with_options(
                        &leaflet::LatLng::new(p.lat, p.lon),
                        &o,
                    );
                    let html = format!(
                        "<strong>{}</strong><br>{}",
                        escape_html(&p.title),
                        escape_html(&p.detail)
                    );
                    m.bind_popup_with_options(&JsValue::from_str(&html), &JsValue::NULL);
                    if let Some(cb) = on_place {
                        let alive = alive_places.clone();
                        let click = Closure::<dyn Fn()>::new(move || {
                            if alive.load(std::sync::atomic::Ordering::Relaxed) {
                                cb.run(i);
                            }
                        });
                        m.unchecked_ref::<LayerExt>()
                            .on("click", &click.into_js_value());
                    }
                    m.add_to_layer_group(&group);
                }
                if show_places.get_untracked() {
                    group.add_to(&live.map);
                }
                live.geo = Some(geo);
                live.places = Some(group);
            });
        });

        // Choropleth colours and the selected district: restyle, nothing rebuilt.
        Effect::new(move |_| {
            let s = styles.get();
            let sel = selected.get();
            let _ = base.with(|b| b.is_some());
            state.with_value(|live| {
                if let Some(live) = live {
                    {
                        let mut shared = live.shared.borrow_mut();
                        shared.styles = s;
                        shared.selected = sel;
                    }
                    if let Some(g) = &live.geo {
                        g.set_style(live.style_fn.as_ref());
                    }
                }
            });
        });

        // The picked place's marker.
        Effect::new(move |_| {
            let p = point.get();
            let _ = ready.get();
            state.update_value(|live| {
                let Some(live) = live.as_mut() else { return };
                if let Some(m) = live.picked.take() {
                    m.remove();
                }
                if let Some((lat, lon)) = p {
                    let o = Object::new();
                    set(&o, "radius", 10.0);
                    set(&o, "weight", 3.0);
                    set(&o, "color", "#ffffff");
                    set(&o, "fillColor", "#d84315");
                    set(&o, "fillOpacity", 1.0);
                    set(&o, "className", "ioc-picked");
                    let m = leaflet::CircleMarker::new_with_options(
                        &leaflet::LatLng::new(lat, lon),
                        &o,
                    );
                    m.add_to(&live.map);
                    live.picked = Some(m);
                }
            });
        });

        // Leaflet's own controls speak English: their titles follow the reader's language.
        let lang = crate::i18n::use_lang();
        Effect::new(move |_| {
            let l = lang.get();
            let _ = ready.get();
            let Some(el) = container.get() else { return };
            let name = |sel: &str, text: &str| {
                if let Ok(Some(b)) = el.query_selector(sel) {
                    let _ = b.set_attribute("title", text);
                    let _ = b.set_attribute("aria-label", text);
                }
            };
            name(".leaflet-control-zoom-in", l.pick("Phóng to", "Zoom in"));
            name(".leaflet-control-zoom-out", l.pick("Thu nhỏ", "Zoom out"));
            if let Ok(Some(a)) =
                el.query_selector(".leaflet-control-attribution a[href*='leafletjs']")
            {
                let _ = a.set_attribute(
                    "title",
                    l.pick(
                        "Thư viện JavaScript cho bản đồ tương tác",
                        "A JavaScript library for interactive maps",
                    ),
                );
            }
        });

        // Layer toggles.
        Effect::new(move |_| {
            let (bounds, places) = (show_bounds.get(), show_places.get());
            let _ = ready.get();
            state.with_value(|live| {
                let Some(live) = live else { return };
                if let Some(g) = &live.geo {
                    toggle(&live.map, g, bounds);
                }
                if let Some(p) = &live.places {
                    toggle(&live.map, p, places);
                }
            });
        });

        on_cleanup(move || {
            alive_on_cleanup.store(false, std::sync::atomic::Ordering::Relaxed);
            if let Some(Some(live)) = state.try_update_value(|l| l.take()) {
                if let Some((observer, _)) = &live.resize {
                    observer.disconnect();
                }
                live.map.remove();
            }
        });
    }

    /// Tells Leaflet when the container's size changes: a tablet turned, a panel opened, or
    /// a page whose code loaded in the background drawing its map before it was on screen
    /// (Leaflet then saw a 0×0 box; the view is fitted again once there is a real one).
    fn watch_size(
        el: &web_sys::HtmlDivElement,
        state: StoredValue<Option<Live>, LocalStorage>,
    ) -> Option<(web_sys::ResizeObserver, Closure<dyn Fn()>)> {
        let on_resize = Closure::<dyn Fn()>::new(move || {
            let _ = state.try_with_value(|live| {
                let Some(live) = live else { return };
                let seen = live.map.get_size();
                let was_empty = seen.x() == 0.0 || seen.y() == 0.0;
                live.map.invalidate_size(false);
                if let (true, Some(extent)) = (was_empty, &live.extent) {
                    live.map.fit_bounds(extent);
                }
            });
        });
        let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
        observer.observe(el);
        Some((observer, on_resize))
    }

    fn toggle(map: &leaflet::Map, layer: &leaflet::Layer, on: bool) {
        match (on, map.has_layer(layer)) {
            (true, false) => {
                map.add_layer(layer);
            }
            (false, true) => {
                map.remove_layer(layer);
            }
            _ => {}
        }
    }

    fn place_color(kind: &str) -> &'static str {
        match kind {
            "hospital" => "#c62828",
            "port" | "harbour" => "#1565c0",
            "aerodrome" => "#6a1b9a",
            "report-open" => "#e65100",
            "report-closed" => "#2e7d32",
            _ => "#37474f",
        }
    }
}
