//! `/social`: what open sources say about the province over the last day, week or month —
//! stories by tone over time, each topic's mentions and share of voice, the sources with the
//! most posts, the districts named on the map, the posts behind any bar or number, the
//! module's alerts, and a box to try the analyser on a sentence. Administrators manage the
//! topics and sources below ([`super::manage`]).

use super::api::{analyze_social_text, load_social_board, load_social_posts};
use super::model::{BoardQuery, ByTone, Post, PostFilter, Sentiment, SocialBoard};
use crate::charts::{ChartKind, ChartSpec};
use crate::components::{
    last_good, AlertFeed, Cell, Chart, CityMap, Column, DataTable, Drill, ErrorNote, FilterSelect,
    KpiTile, Loading,
};
use crate::format;
use crate::i18n::{use_lang, use_t, Lang};
use crate::model::Series;
use crate::modules::indicators::model::unit_name;
use crate::modules::overview::api::fetch_map_base;
use leptos::prelude::*;

/// What the posts panel shows: its heading and the posts' filter.
#[derive(Clone, Debug, PartialEq)]
struct Pick {
    title: String,
    filter: PostFilter,
}

fn count_cell(v: u64, l: Lang) -> Cell {
    Cell::Number {
        value: v as f64,
        shown: format::number(v as f64, 0, l),
    }
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

fn percent_cell(part: u64, whole: u64, l: Lang) -> Cell {
    let v = share(part, whole);
    Cell::Number {
        value: v,
        shown: format!("{} %", format::number(v, 1, l)),
    }
}

fn total(t: &ByTone) -> u64 {
    t.iter().sum()
}

/// The timeline's bars: `14h` on a day's board, `01/06` on longer ones.
fn bucket_labels(d: &SocialBoard) -> Vec<String> {
    d.timeline
        .iter()
        .map(|b| {
            if d.days <= 1 {
                b.label.get(11..13).unwrap_or("").to_string() + "h"
            } else {
                format!(
                    "{}/{}",
                    b.label.get(8..10).unwrap_or(""),
                    b.label.get(5..7).unwrap_or("")
                )
            }
        })
        .collect()
}

fn topic_name(d: &SocialBoard, id: Option<i64>) -> Option<String> {
    let id = id?;
    d.topics.iter().find(|t| t.id == id).map(|t| t.name.clone())
}

#[component]
pub fn SocialPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let auth = crate::modules::auth::use_auth();
    let days = RwSignal::new(7u32);
    let topic = RwSignal::new(None::<i64>);
    let unit = RwSignal::new(None::<String>);
    // Bumped when an administrator changes the topics: the board counts them again.
    let reload = RwSignal::new(0u32);
    let res = LocalResource::new(move || {
        reload.track();
        load_social_board(BoardQuery {
            days: days.get(),
            topic: topic.get(),
            unit: unit.get(),
        })
    });
    let (data, error) = last_good(res);
    let base = LocalResource::new(fetch_map_base);
    let pick = RwSignal::new(None::<Pick>);
    // A new period or filter shows that period's posts again.
    Effect::new(move |_| {
        days.track();
        topic.track();
        unit.track();
        pick.set(None);
    });

    let label = move |vi: &'static str, en: &'static str| {
        Signal::derive(move || lang.get().pick(vi, en).to_string())
    };
    let number = move |f: fn(&SocialBoard) -> u64| {
        Signal::derive(move || data.with(|d| d.as_ref().map(|d| f(d) as f64)))
    };
    let tone_share = move |i: usize| {
        Signal::derive(move || data.with(|d| d.as_ref().map(|d| share(d.tones[i], d.stories))))
    };
    let reposts = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            d.as_ref()
                .map(|d| {
                    format!(
                        "{} {} {}",
                        format::number(d.posts as f64, 0, l),
                        l.pick("bài, kể cả", "posts, with"),
                        l.pick(
                            &format!("{} bài đăng lại", d.posts.saturating_sub(d.stories)),
                            &format!("{} reposts", d.posts.saturating_sub(d.stories)),
                        )
                    )
                })
                .unwrap_or_default()
        })
    });
    let tiles = view! {
        <div class="kpi-grid" data-testid="kpi-grid">
            <KpiTile id="stories" label=label("Tin bài", "Stories") value=number(|d| d.stories)
                unit=label("tin", "stories") note=reposts/>
            <KpiTile id="negative" label=label("Tiêu cực", "Negative") value=tone_share(2) decimals=1
                unit=label("%", "%")/>
            <KpiTile id="positive" label=label("Tích cực", "Positive") value=tone_share(0) decimals=1
                unit=label("%", "%")/>
            <KpiTile id="topics" label=label("Chủ đề theo dõi", "Topics watched")
                value=number(|d| d.topics.len() as u64) unit=label("chủ đề", "topics")/>
        </div>
    }
    .into_any();

    // The posts behind a bar: its bucket, with the board's filters.
    let pick_bucket = move |i: usize, tone: Option<Sentiment>| {
        let l = lang.get_untracked();
        data.with_untracked(|d| {
            let Some(d) = d else { return };
            let Some(b) = d.timeline.get(i) else { return };
            let what =
                topic_name(d, d.topic).unwrap_or_else(|| l.pick("Mọi chủ đề", "All topics").into());
            pick.set(Some(Pick {
                title: format!("{what} · {}", b.label),
                filter: PostFilter {
                    from: b.from.clone(),
                    to: b.to.clone(),
                    topic: d.topic,
                    unit: d.unit.clone(),
                    sentiment: tone,
                    source: None,
                },
            }));
        });
    };
    let tone_chart = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let d = d.as_ref()?;
            Some(ChartSpec {
                kind: ChartKind::StackedBar,
                title: if d.days <= 1 {
                    l.pick("Tin bài theo giờ và sắc thái", "Stories by hour and tone")
                } else {
                    l.pick("Tin bài theo ngày và sắc thái", "Stories by day and tone")
                }
                .to_string(),
                y_unit: l.pick("tin", "stories").to_string(),
                x_labels: bucket_labels(d),
                series: Sentiment::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, s)| Series {
                        name: s.label(l).into(),
                        values: d.timeline.iter().map(|b| b.tones[i] as f64).collect(),
                    })
                    .collect(),
                lang: l,
            })
        })
    });
    let topic_chart = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let d = d.as_ref()?;
            Some(ChartSpec {
                kind: ChartKind::Line,
                title: l
                    .pick(
                        "Lượt đề cập của 6 chủ đề nhiều nhất",
                        "Mentions of the 6 most mentioned topics",
                    )
                    .to_string(),
                y_unit: l.pick("tin", "stories").to_string(),
                x_labels: bucket_labels(d),
                series: d
                    .topics
                    .iter()
                    .filter(|t| t.total() > 0)
                    .take(6)
                    .map(|t| Series {
                        name: t.name.clone(),
                        values: t.counts.iter().map(|c| *c as f64).collect(),
                    })
                    .collect(),
                lang: l,
            })
        })
    });
    let charts = view! {
        <p class="muted small">{move || lang.get().pick(
            "Chạm vào một cột để xem các bài của khoảng thời gian đó. Bài đăng lại cùng một tin chỉ được đếm một lần.",
            "Tap a bar to see the posts of that time. Reposts of a story are counted once.")}</p>
        <Chart id="chart-tone" spec=tone_chart on_pick=Callback::new(move |i| pick_bucket(i, None))/>
        <Chart id="chart-topics" spec=topic_chart on_pick=Callback::new(move |i| pick_bucket(i, None))/>
    }
    .into_any();

    let voice_cols = Signal::derive(move || {
        let l = lang.get();
        vec![
            Column::text(l.pick("Chủ đề", "Topic")),
            Column::number(l.pick("Tin bài", "Stories")),
            Column::number(l.pick("Thị phần thảo luận", "Share of voice")),
            Column::number(l.pick("Tiêu cực", "Negative")),
        ]
    });
    let voice_rows = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let Some(d) = d else { return vec![] };
            let all: u64 = d.topics.iter().map(|t| t.total()).sum();
            d.topics
                .iter()
                .map(|t| {
                    vec![
                        Cell::Text(t.name.clone()),
                        count_cell(t.total(), l),
                        percent_cell(t.total(), all, l),
                        percent_cell(t.tones[2], t.total(), l),
                    ]
                })
                .collect()
        })
    });
    let open_topic = Callback::new(move |(row, _col): (usize, usize)| {
        data.with_untracked(|d| {
            let Some(d) = d else { return };
            let Some(t) = d.topics.get(row) else { return };
            pick.set(Some(Pick {
                title: t.name.clone(),
                filter: PostFilter {
                    from: d.from.clone(),
                    to: d.to.clone(),
                    topic: Some(t.id),
                    unit: d.unit.clone(),
                    ..Default::default()
                },
            }));
        });
    });
    let source_cols = Signal::derive(move || {
        let l = lang.get();
        vec![
            Column::text(l.pick("Nguồn", "Source")),
            Column::number(l.pick("Bài", "Posts")),
            Column::number(l.pick("Đăng đầu tiên", "First to publish")),
            Column::number(l.pick("Tiêu cực", "Negative")),
        ]
    });
    let source_rows = Signal::derive(move || {
        let l = lang.get();
        data.with(|d| {
            let Some(d) = d else { return vec![] };
            d.sources
                .iter()
                .map(|s| {
                    vec![
                        Cell::Text(s.name.clone()),
                        count_cell(total(&s.tones), l),
                        count_cell(s.first, l),
                        percent_cell(s.tones[2], total(&s.tones), l),
                    ]
                })
                .collect()
        })
    });
    let open_source = Callback::new(move |(row, _col): (usize, usize)| {
        data.with_untracked(|d| {
            let Some(d) = d else { return };
            let Some(s) = d.sources.get(row) else { return };
            let what = topic_name(d, d.topic)
                .map(|t| format!(" · {t}"))
                .unwrap_or_default();
            pick.set(Some(Pick {
                title: format!("{}{what}", s.name),
                filter: PostFilter {
                    from: d.from.clone(),
                    to: d.to.clone(),
                    topic: d.topic,
                    unit: d.unit.clone(),
                    source: Some(s.code.clone()),
                    ..Default::default()
                },
            }));
        });
    });
    let map_values = Signal::derive(move || {
        data.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.by_unit
                        .iter()
                        .map(|(u, n)| (u.clone(), *n as f64))
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    let select_from_map = Callback::new(move |code: String| {
        unit.update(|u| {
            *u = if u.as_deref() == Some(code.as_str()) {
                None
            } else {
                Some(code)
            }
        });
    });
    let tables = view! {
        <div class="grid-2">
            <section class="panel" data-testid="share-of-voice">
                <h2>{move || lang.get().pick("Thị phần thảo luận theo chủ đề", "Share of voice by topic")}</h2>
                <DataTable id="topics-table" columns=voice_cols rows=voice_rows
                    drill=Drill { columns: vec![1], open: open_topic }
                    caption=label("Số tin và tỷ lệ trên tổng số tin của các chủ đề; chạm số tin để xem các bài", "Stories and their share of all topics' stories; tap a count to see the posts")/>
            </section>
            <section class="panel" data-testid="top-sources">
                <h2>{move || lang.get().pick("Nguồn đăng nhiều nhất", "Top sources")}</h2>
                <DataTable id="sources-table" columns=source_cols rows=source_rows
                    drill=Drill { columns: vec![1], open: open_source }
                    caption=label("10 nguồn nhiều bài nhất, kể cả bài đăng lại", "The 10 sources with the most posts, reposts included")/>
            </section>
        </div>
        <div class="grid-2 map-row">
            <CityMap id="social-map"
                base=Signal::derive(move || base.get().and_then(|r| r.ok()).map(|mut b| {
                    // Hospitals and ports say nothing about what is written.
                    b.places.clear();
                    b
                }))
                values=map_values
                format_value=Callback::new(move |v: f64| format!("{} {}", format::number(v, 0, lang.get_untracked()), lang.get_untracked().pick("tin", "stories")))
                legend_title=label("Tin bài nhắc đến địa bàn", "Stories naming the district")
                selected=unit
                on_select=select_from_map/>
            <Posts pick=pick data=data/>
        </div>
    }
    .into_any();

    let period_options = Signal::derive(move || {
        let l = lang.get();
        vec![
            (
                "1".to_string(),
                l.pick("24 giờ qua", "Last 24 hours").to_string(),
            ),
            (
                "7".to_string(),
                l.pick("7 ngày qua", "Last 7 days").to_string(),
            ),
            (
                "30".to_string(),
                l.pick("30 ngày qua", "Last 30 days").to_string(),
            ),
        ]
    });
    let topic_options = Signal::derive(move || {
        let l = lang.get();
        let mut out = vec![(
            String::new(),
            l.pick("Mọi chủ đề", "All topics").to_string(),
        )];
        data.with(|d| {
            if let Some(d) = d {
                let mut names: Vec<(String, String)> = d
                    .topics
                    .iter()
                    .map(|t| (t.id.to_string(), t.name.clone()))
                    .collect();
                names.sort_by(|a, b| a.1.cmp(&b.1));
                out.extend(names);
            }
        });
        out
    });
    let unit_options = Signal::derive(move || {
        let l = lang.get();
        let mut out = vec![(String::new(), t().all_districts.to_string())];
        data.with(|d| {
            if let Some(d) = d {
                out.extend(
                    d.districts
                        .iter()
                        .map(|u| (u.code.clone(), l.pick(&u.name, &u.name_en).to_string())),
                );
            }
        });
        out
    });
    let filters = view! {
        <form class="filters" on:submit=|ev| ev.prevent_default() aria-label=move || lang.get().pick("Bộ lọc", "Filters")>
            <FilterSelect id="filter-period" label=label("Khoảng thời gian", "Period") options=period_options
                value=Signal::derive(move || days.get().to_string())
                on_change=Callback::new(move |v: String| days.set(v.parse().unwrap_or(7)))/>
            <FilterSelect id="filter-topic" label=label("Chủ đề", "Topic") options=topic_options
                value=Signal::derive(move || topic.get().map(|t| t.to_string()).unwrap_or_default())
                on_change=Callback::new(move |v: String| topic.set(v.parse().ok()))/>
            <FilterSelect id="filter-district" label=Signal::derive(move || t().district.to_string()) options=unit_options
                value=Signal::derive(move || unit.get().unwrap_or_default())
                on_change=Callback::new(move |v: String| unit.set((!v.is_empty()).then_some(v)))/>
        </form>
    }
    .into_any();

    view! {
        <section class="page" data-testid="page-social">
            <header class="page-head">
                <div>
                    <h1>{move || lang.get().pick("Giám sát mạng xã hội", "Social-network monitoring")}</h1>
                    <p class="muted">{move || lang.get().pick(
                        "Báo chí, cổng thông tin và các bài các sở thu thập nói gì về tỉnh: theo chủ đề, địa bàn và sắc thái. Chỉ từ các nguồn mở được phép đọc.",
                        "What the press, portals and the posts departments collect say about the province: by topic, district and tone. Open sources only.")}</p>
                </div>
            </header>
            {filters}
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            <Show when=move || data.with(|d| d.is_none()) && error.with(|e| e.is_none())>
                <Loading/>
            </Show>
            {tiles}
            {charts}
            {tables}
            <div class="grid-2">
                <AlertFeed module="social" id="social-alerts"/>
                <TryText districts=Signal::derive(move || data.with(|d| d.as_ref().map(|d| d.districts.clone()).unwrap_or_default()))/>
            </div>
            <super::manage::Sources admin=Signal::derive(move || auth.role() == crate::model::Role::Admin)/>
            <Show when=move || auth.role() == crate::model::Role::Admin>
                <super::manage::Topics on_change=Callback::new(move |_| reload.update(|n| *n += 1))
                    districts=Signal::derive(move || data.with(|d| d.as_ref().map(|d| d.districts.clone()).unwrap_or_default()))/>
            </Show>
        </section>
    }
}

/// The posts behind what was picked (by default: the period's newest), with a tone filter.
#[component]
fn Posts(pick: RwSignal<Option<Pick>>, data: RwSignal<Option<SocialBoard>>) -> impl IntoView {
    let lang = use_lang();
    let tone = RwSignal::new(None::<Sentiment>);
    let shown = Memo::new(move |_| {
        let l = lang.get();
        pick.get().or_else(|| {
            data.with(|d| {
                d.as_ref().map(|d| Pick {
                    title: l
                        .pick(
                            "Bài mới nhất của khoảng thời gian",
                            "The period's newest posts",
                        )
                        .into(),
                    filter: PostFilter {
                        from: d.from.clone(),
                        to: d.to.clone(),
                        topic: d.topic,
                        unit: d.unit.clone(),
                        ..Default::default()
                    },
                })
            })
        })
    });
    let res = LocalResource::new(move || {
        let f = shown.get().map(|p| PostFilter {
            sentiment: p.filter.sentiment.or(tone.get()),
            ..p.filter
        });
        async move {
            match f {
                Some(f) => load_social_posts(f).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let (list, error) = last_good(res);
    let tone_options = Signal::derive(move || {
        let l = lang.get();
        let mut out = vec![(
            String::new(),
            l.pick("Mọi sắc thái", "Any tone").to_string(),
        )];
        out.extend(
            Sentiment::ALL
                .iter()
                .map(|s| (s.as_str().to_string(), s.label(l).to_string())),
        );
        out
    });
    let district = move |code: &str, l: Lang| {
        data.with_untracked(|d| {
            d.as_ref()
                .map(|d| unit_name(&d.districts, Some(code), l))
                .unwrap_or_else(|| code.to_string())
        })
    };
    let items = move || {
        let l = lang.get();
        let posts: Vec<Post> = list.get().flatten().unwrap_or_default();
        if posts.is_empty() {
            return view! { <p class="muted" data-testid="posts-empty">{l.pick("Không có bài nào.", "No posts.")}</p> }.into_any();
        }
        view! {
            <ul class="post-list">
                {posts.into_iter().map(|p| {
                    let tone = p.sentiment;
                    let repost = match (&p.first_source, p.reposts) {
                        (Some(first), _) => Some(format!("{} {first}", l.pick("Đăng lại; đăng đầu tiên:", "Repost; first published by"))),
                        (None, n) if n > 0 => Some(format!("{} {n} {}", l.pick("Được đăng lại", "Reposted"), l.pick("lần", "times"))),
                        _ => None,
                    };
                    let places = p.units.iter().map(|u| district(u, l)).collect::<Vec<_>>().join(", ");
                    view! {
                        <li class="post-item" data-testid="post" data-sentiment=tone.as_str() data-first=p.first.to_string()>
                            <a href=p.url.clone() target="_blank" rel="noopener noreferrer">{p.title.clone()}</a>
                            <div class="post-meta">
                                <span class=format!("badge tone-{}", tone.as_str())>{tone.label(l)}</span>
                                " · "<span data-testid="post-source">{p.source.clone()}</span>
                                " · "<time datetime=p.published_at.clone()>{format::datetime_local(&p.published_at, l)}</time>
                            </div>
                            {(!p.topics.is_empty()).then(|| view! { <p class="muted small">{l.pick("Chủ đề: ", "Topics: ")}{p.topics.join(", ")}</p> })}
                            {(!places.is_empty()).then(|| view! { <p class="muted small">{l.pick("Địa bàn: ", "Districts: ")}{places}</p> })}
                            {repost.map(|r| view! { <p class="muted small" data-testid="post-repost">{r}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="panel" data-testid="posts">
            <header class="panel-head">
                <h2 data-testid="posts-title">{move || shown.get().map(|p| p.title).unwrap_or_default()}</h2>
                <Show when=move || pick.with(|p| p.is_some())>
                    <button type="button" class="btn" data-testid="posts-reset" on:click=move |_| pick.set(None)>
                        {move || lang.get().pick("Bỏ chọn", "Clear")}
                    </button>
                </Show>
            </header>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <FilterSelect id="filter-tone"
                    label=Signal::derive(move || lang.get().pick("Sắc thái", "Tone").to_string())
                    options=tone_options
                    value=Signal::derive(move || tone.get().map(|s| s.as_str().to_string()).unwrap_or_default())
                    on_change=Callback::new(move |v: String| tone.set(Sentiment::parse(&v)))/>
            </form>
            {move || error.get().map(|e| view! { <ErrorNote error=e/> })}
            {items}
            <p class="muted small">{move || lang.get().pick("Tối đa 100 bài, mới nhất trước.", "At most 100 posts, newest first.")}</p>
        </section>
    }
}

/// "Try a sentence": what the analyser makes of a text the official types.
#[component]
fn TryText(
    /// For the districts' names.
    #[prop(into)]
    districts: Signal<Vec<crate::modules::indicators::model::UnitName>>,
) -> impl IntoView {
    let lang = use_lang();
    let text = RwSignal::new(String::new());
    let run = Action::new_local(move |t: &String| analyze_social_text(t.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        run.dispatch(text.get_untracked());
    };
    let result = move || {
        let l = lang.get();
        run.value().get().map(|r| match r {
            Err(e) => view! { <ErrorNote error=e/> }.into_any(),
            Ok(a) => {
                let phrases = a
                    .phrases
                    .iter()
                    .map(|(p, w)| format!("{p} ({})", format::number(*w, 2, l)))
                    .collect::<Vec<_>>()
                    .join(", ");
                let none = l.pick("không có", "none").to_string();
                let or_none = |s: String| if s.is_empty() { none.clone() } else { s };
                view! {
                    <dl class="facts" data-testid="try-result">
                        <dt>{l.pick("Sắc thái", "Tone")}</dt>
                        <dd data-testid="try-sentiment" data-sentiment=a.sentiment.as_str()>
                            {format!("{} ({})", a.sentiment.label(l), format::number(a.score, 2, l))}
                        </dd>
                        <dt>{l.pick("Cụm từ quyết định", "Phrases that decided it")}</dt>
                        <dd data-testid="try-phrases">{or_none(phrases)}</dd>
                        <dt>{l.pick("Chủ đề khớp", "Topics matched")}</dt>
                        <dd data-testid="try-topics">{or_none(a.topics.join(", "))}</dd>
                        <dt>{l.pick("Địa bàn nhắc đến", "Districts named")}</dt>
                        <dd data-testid="try-units" data-units=a.units.join(" ")>{or_none(districts.with(|d| {
                            a.units.iter().map(|u| unit_name(d, Some(u), l)).collect::<Vec<_>>().join(", ")
                        }))}</dd>
                        <dt>{l.pick("Chuẩn hoá", "Normalised")}</dt>
                        <dd lang="vi">{a.normalized.clone()}</dd>
                        <dt>{l.pick("Bỏ dấu", "Folded")}</dt>
                        <dd>{a.folded.clone()}</dd>
                    </dl>
                }
                .into_any()
            }
        })
    };
    view! {
        <form class="card form" data-testid="try-text" on:submit=submit>
            <h2>{move || lang.get().pick("Thử bộ phân tích", "Try the analyser")}</h2>
            <div class="fields">
                <label class="wide">{move || lang.get().pick("Một câu tiếng Việt", "A Vietnamese sentence")}
                    <textarea data-testid="try-input" rows="3" maxlength="20000" prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </label>
            </div>
            <button type="submit" class="btn btn-primary" data-testid="try-run" disabled=move || run.pending().get()>
                {move || lang.get().pick("Phân tích", "Analyse")}
            </button>
            {result}
        </form>
    }
}
