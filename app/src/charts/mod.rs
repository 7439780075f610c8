//! Charts as pure functions: data in, drawing out. No Leptos here, so the drawing is
//! tested natively (SVG) and the component only displays it on a canvas.

pub mod choropleth;

use crate::format;
use crate::i18n::Lang;
use crate::model::Series;
use plotters::coord::Shift;
use plotters::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Line,
    Bar,
    StackedBar,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub kind: ChartKind,
    pub title: String,
    /// The unit of the y axis, e.g. "lượt" or "hồ sơ".
    pub y_unit: String,
    pub x_labels: Vec<String>,
    pub series: Vec<Series>,
    pub lang: Lang,
}

impl ChartSpec {
    /// True when there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.x_labels.is_empty()
            || self
                .series
                .iter()
                .all(|s| s.values.iter().all(|v| *v == 0.0 || !v.is_finite()))
    }
}

/// Series colours: dark enough for 4.5:1 against white where they colour text (legend).
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(0x1f, 0x5f, 0xa8),
    RGBColor(0xc0, 0x4b, 0x1d),
    RGBColor(0x2e, 0x7d, 0x32),
    RGBColor(0x6a, 0x3d, 0x9a),
    RGBColor(0x8d, 0x6e, 0x00),
    RGBColor(0x00, 0x6d, 0x77),
];

pub fn color_hex(i: usize) -> String {
    let RGBColor(r, g, b) = PALETTE[i % PALETTE.len()];
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The top of the y axis: the largest value rounded up to 1, 2 or 5 × 10ⁿ.
pub fn nice_max(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|v| *v >= max)
        .unwrap_or(10.0 * mag)
}

fn y_max(spec: &ChartSpec) -> f64 {
    let n = spec.x_labels.len();
    let raw = match spec.kind {
        ChartKind::StackedBar => (0..n)
            .map(|i| {
                spec.series
                    .iter()
                    .filter_map(|s| s.values.get(i))
                    .sum::<f64>()
            })
            .fold(0.0, f64::max),
        _ => spec
            .series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .fold(0.0, f64::max),
    };
    nice_max(raw)
}

/// Draws the chart (axes, bars or lines, legend) on any plotters backend. Returns the
/// plotting area's left and right edge in pixels (none for an empty chart), so a click can
/// be mapped back to its category ([`category_at`]).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
) -> Result<Option<(i32, i32)>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    if spec.is_empty() {
        return Ok(None);
    }
    let n = spec.x_labels.len();
    let top = y_max(spec);
    let lang = spec.lang;
    let labels = spec.x_labels.clone();
    // Label every k-th category so the labels do not collide: on narrow screens, and on
    // long time series.
    let (width, _) = root.dim_in_pixel();
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1);
    let label_px = (longest * 7 + 10).max(32);
    let step = ((n * label_px) as f64 / f64::from(width.max(1)))
        .ceil()
        .max(1.0) as usize;

    let mut chart = ChartBuilder::on(root)
        .margin(8)
        .margin_right(16)
        .x_label_area_size(28)
        .y_label_area_size(84)
        .build_cartesian_2d((0..n).into_segmented(), 0f64..top)?;
    let (xs, _) = chart.plotting_area().get_pixel_range();

    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(RGBColor(0xee, 0xee, 0xee))
        .x_labels(n)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) if i % step == 0 => {
                labels.get(*i).cloned().unwrap_or_default()
            }
            SegmentValue::CenterOf(_) | SegmentValue::Exact(_) => String::new(),
            SegmentValue::Last => String::new(),
        })
        .y_labels(6)
        .y_label_formatter(&|y| format::compact(*y, lang))
        .y_desc(spec.y_unit.as_str())
        .label_style(("sans-serif", 13))
        .axis_desc_style(("sans-serif", 13))
        .draw()?;

    match spec.kind {
        ChartKind::Bar => {
            let k = spec.series.len().max(1) as u32;
            for (si, s) in spec.series.iter().enumerate() {
                let style = PALETTE[si % PALETTE.len()].filled();
                let si = si as u32;
                chart.draw_series(s.values.iter().enumerate().map(move |(i, v)| {
                    let mut bar = Rectangle::new(
                        [
                            (SegmentValue::Exact(i), 0.0),
                            (SegmentValue::Exact(i + 1), *v),
                        ],
                        style,
                    );
                    // Side by side: each series gets a slice of the slot.
                    bar.set_margin(0, 0, 3 + 2 * si, 3 + 2 * (k - 1 - si));
                    bar
                }))?;
            }
        }
        ChartKind::StackedBar => {
            let mut base = vec![0.0; n];
            for (si, s) in spec.series.iter().enumerate() {
                let style = PALETTE[si % PALETTE.len()].filled();
                let rects: Vec<_> = s
                    .values
                    .iter()
                    .enumerate()
                    .take(n)
                    .map(|(i, v)| {
                        let y0 = base[i];
                        base[i] += v;
                        let mut bar = Rectangle::new(
                            [
                                (SegmentValue::Exact(i), y0),
                                (SegmentValue::Exact(i + 1), y0 + v),
                            ],
                            style,
                        );
                        bar.set_margin(0, 0, 4, 4);
                        bar
                    })
                    .collect();
                chart.draw_series(rects)?;
            }
        }
        ChartKind::Line => {
            // Missing values (NaN) break the line; dense series go without dots, except
            // for points that stand alone between gaps.
            let dense = n > 60;
            for (si, s) in spec.series.iter().enumerate() {
                let color = PALETTE[si % PALETTE.len()];
                let mut runs: Vec<Vec<(SegmentValue<usize>, f64)>> = vec![Vec::new()];
                for (i, v) in s.values.iter().enumerate() {
                    if v.is_finite() {
                        if let Some(run) = runs.last_mut() {
                            run.push((SegmentValue::CenterOf(i), *v));
                        }
                    } else if runs.last().is_some_and(|r| !r.is_empty()) {
                        runs.push(Vec::new());
                    }
                }
                for run in &runs {
                    if run.len() > 1 {
                        chart.draw_series(LineSeries::new(run.clone(), color.stroke_width(2)))?;
                    }
                    if !dense || run.len() == 1 {
                        chart.draw_series(
                            run.iter()
                                .map(|(x, y)| Circle::new((x.clone(), *y), 3, color.filled())),
                        )?;
                    }
                }
            }
        }
    }

    root.present()?;
    Ok(Some((xs.start, xs.end)))
}

/// The category under pixel `x` of a chart whose plotting area spans `edges`.
pub fn category_at(x: f64, edges: (i32, i32), n: usize) -> Option<usize> {
    let (left, right) = (f64::from(edges.0), f64::from(edges.1));
    if n == 0 || right <= left || x < left || x >= right {
        return None;
    }
    Some((((x - left) / (right - left)) * n as f64).floor() as usize).filter(|i| *i < n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: ChartKind) -> ChartSpec {
        ChartSpec {
            kind,
            title: "Hồ sơ".into(),
            y_unit: "hồ sơ".into(),
            x_labels: vec!["T1".into(), "T2".into(), "T3".into()],
            series: vec![
                Series {
                    name: "Đúng hạn".into(),
                    values: vec![10.0, 20.0, 30.0],
                },
                Series {
                    name: "Trễ hạn".into(),
                    values: vec![1.0, 2.0, 3.0],
                },
            ],
            lang: Lang::Vi,
        }
    }

    fn render(spec: &ChartSpec) -> String {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (640, 320)).into_drawing_area();
            draw(&root, spec).expect("draws");
        }
        out
    }

    #[test]
    fn stacked_bars_draw_one_rect_per_value_with_labels() {
        let svg = render(&spec(ChartKind::StackedBar));
        // Background + 6 bars (the legend is HTML beside the canvas).
        assert!(svg.matches("<rect").count() > 6, "{svg}");
        assert!(svg.contains("T2"));
        assert!(svg.contains("hồ sơ"), "y axis names its unit");
    }

    #[test]
    fn stacked_axis_fits_the_sum() {
        assert_eq!(y_max(&spec(ChartKind::StackedBar)), 50.0);
        assert_eq!(y_max(&spec(ChartKind::Bar)), 50.0);
        assert_eq!(nice_max(1234.0), 2000.0);
        assert_eq!(nice_max(0.0), 1.0);
    }

    #[test]
    fn narrow_charts_label_every_other_category() {
        let mut s = spec(ChartKind::Bar);
        s.x_labels = (1..=12).map(|m| format!("M{m}")).collect();
        s.series = vec![Series {
            name: "a".into(),
            values: vec![1.0; 12],
        }];
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (360, 200)).into_drawing_area();
            draw(&root, &s).unwrap();
        }
        assert!(out.contains("M3") && !out.contains("M2"), "{out}");
        assert!(render(&s).contains("M2"));
    }

    #[test]
    fn gaps_break_lines_and_long_series_thin_their_labels() {
        let mut s = spec(ChartKind::Line);
        s.x_labels = (0..720)
            .map(|h| format!("{:02}/11 {:02}h", h / 24 + 1, h % 24))
            .collect();
        let mut values: Vec<f64> = (0..720).map(|h| 10.0 + (h % 24) as f64).collect();
        for v in values.iter_mut().skip(100).take(30) {
            *v = f64::NAN;
        }
        s.series = vec![Series {
            name: "PM2.5".into(),
            values,
        }];
        let svg = render(&s);
        // Two runs around the gap: two lines, no dots on a dense series.
        let lines = svg
            .matches("<polyline")
            .zip(svg.split("<polyline").skip(1))
            .filter(|(_, rest)| rest.split('>').next().unwrap_or("").contains("#1F5FA8"))
            .count();
        assert_eq!(lines, 2, "{svg}");
        assert_eq!(svg.matches("<circle").count(), 0);
        // 720 labels of 9 characters on 640 px: only a handful are written.
        let shown = (0..720)
            .filter(|h| svg.contains(&format!("\n{:02}/11 {:02}h\n", h / 24 + 1, h % 24)))
            .count();
        assert!((3..=10).contains(&shown), "{shown} labels");
        let all_missing = ChartSpec {
            series: vec![Series {
                name: "x".into(),
                values: vec![f64::NAN; 3],
            }],
            ..spec(ChartKind::Line)
        };
        assert!(all_missing.is_empty());
    }

    #[test]
    fn a_click_maps_to_its_category() {
        let mut out = String::new();
        let edges = {
            let root = SVGBackend::with_string(&mut out, (640, 320)).into_drawing_area();
            draw(&root, &spec(ChartKind::StackedBar)).expect("draws")
        };
        let (left, right) = edges.expect("a drawn chart has a plotting area");
        assert!(left > 0 && right < 640 && left < right, "{left}..{right}");
        let third = f64::from(right - left) / 3.0;
        assert_eq!(
            category_at(f64::from(left) + 1.0, (left, right), 3),
            Some(0)
        );
        assert_eq!(
            category_at(f64::from(left) + third * 1.5, (left, right), 3),
            Some(1)
        );
        assert_eq!(
            category_at(f64::from(right) - 1.0, (left, right), 3),
            Some(2)
        );
        assert_eq!(category_at(f64::from(left) - 5.0, (left, right), 3), None);
        assert_eq!(category_at(f64::from(right) + 5.0, (left, right), 3), None);
    }

    #[test]
    fn line_chart_draws_a_path() {
        let svg = render(&spec(ChartKind::Line));
        assert!(svg.contains("<polyline") || svg.contains("<path"), "{svg}");
    }

    #[test]
    fn empty_chart_draws_only_background() {
        let mut s = spec(ChartKind::Bar);
        s.series.iter_mut().for_each(|s| s.values = vec![0.0; 3]);
        assert!(s.is_empty());
        let svg = render(&s);
        assert_eq!(svg.matches("<rect").count(), 1);
    }
}
