//! The radar (spider-web) chart: pure geometry, then SVG.
//!
//! Axis `i` of `n` points at the angle -90° + i·360°/n (the first straight up, then clockwise,
//! since SVG's y grows downwards). A level `L` lies at `L/4` of the radius; "not assessed" lies
//! at the centre and is said so in the table that accompanies the chart.

use std::f64::consts::PI;
use std::fmt::Write as _;

use skillreg_core::Level;
use skillreg_l10n::Lang;

use crate::escape::Escaped;

/// One axis of the chart: a system and the three levels drawn on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RadarAxis {
    /// System code (goes into `data-axis`).
    pub code: String,
    /// Label shown at the end of the axis.
    pub label: String,
    /// Target level.
    pub target: Option<Level>,
    /// Current level.
    pub current: Option<Level>,
    /// Self-assessed level.
    pub self_level: Option<Level>,
}

/// Where the chart sits: centre and the radius of level 4.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadarFrame {
    /// Centre, x.
    pub cx: f64,
    /// Centre, y (downwards).
    pub cy: f64,
    /// Radius of the outermost ring (level 4).
    pub radius: f64,
}

impl Default for RadarFrame {
    /// The frame of the brief's chart: a 640 × 430 view box, room for labels on both sides.
    fn default() -> RadarFrame {
        RadarFrame {
            cx: 320.0,
            cy: 215.0,
            radius: 150.0,
        }
    }
}

/// A point in SVG coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// x, rightwards.
    pub x: f64,
    /// y, downwards.
    pub y: f64,
}

/// One of the three series drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Series {
    /// The target level.
    Target,
    /// The current level.
    Current,
    /// The self-assessed level.
    SelfAssessed,
}

impl Series {
    /// The three series, in drawing order (target below, self on top).
    pub const ALL: [Series; 3] = [Series::Target, Series::Current, Series::SelfAssessed];

    /// The CSS class of the series' shapes: `radar-target`, `radar-current`, `radar-self`.
    pub fn class(self) -> &'static str {
        match self {
            Series::Target => "radar-target",
            Series::Current => "radar-current",
            Series::SelfAssessed => "radar-self",
        }
    }

    /// The legend text.
    pub fn label(self, lang: Lang) -> &'static str {
        let l = lang.labels();
        match self {
            Series::Target => l.series_target,
            Series::Current => l.series_current,
            Series::SelfAssessed => l.series_self,
        }
    }

    fn level(self, axis: &RadarAxis) -> Option<Level> {
        match self {
            Series::Target => axis.target,
            Series::Current => axis.current,
            Series::SelfAssessed => axis.self_level,
        }
    }
}

/// How the series are drawn, which depends on the number of axes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RadarShape {
    /// No axis: nothing to draw.
    Empty,
    /// One axis: each series is a single point.
    Points,
    /// Two axes: each series is a line between two points.
    Line,
    /// Three or more axes: each series is a closed polygon.
    Polygon,
}

/// One vertex of a series: where it is and which level it stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Vertex {
    /// Position.
    pub at: Point,
    /// The level (`None` = not assessed or no target, drawn at the centre).
    pub level: Option<Level>,
}

/// One series: a vertex per axis, in axis order.
#[derive(Debug, Clone, PartialEq)]
pub struct RadarSeries {
    /// Which series.
    pub series: Series,
    /// One vertex per axis.
    pub vertices: Vec<Vertex>,
}

/// One axis' line and label position.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisLine {
    /// System code.
    pub code: String,
    /// Label.
    pub label: String,
    /// Angle in degrees (-90 = up).
    pub angle: f64,
    /// The end of the axis (level 4).
    pub end: Point,
    /// Where the label is anchored.
    pub label_at: Point,
}

/// The computed chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Radar {
    /// The frame it was computed in.
    pub frame: RadarFrame,
    /// How the series are drawn.
    pub shape: RadarShape,
    /// The axes.
    pub axes: Vec<AxisLine>,
    /// The rings of levels 1-4 (level 1 first), each a vertex per axis.
    pub rings: Vec<Vec<Point>>,
    /// Target, current and self-assessed series, in that order.
    pub series: Vec<RadarSeries>,
}

/// How far to the side each series is drawn when there are fewer than three axes.
const DODGE: f64 = 9.0;

/// Whether the series are drawn side by side (fewer than three axes).
fn dodged(shape: RadarShape) -> bool {
    matches!(shape, RadarShape::Points | RadarShape::Line)
}

/// Labels longer than this are broken into two lines.
const LABEL_WRAP: usize = 16;

/// `label` as one line, or two lines broken at the space nearest its middle when it is long.
pub(crate) fn wrap_label(label: &str) -> Vec<&str> {
    let n = label.chars().count();
    if n <= LABEL_WRAP {
        return vec![label];
    }
    let middle = label.len() / 2;
    let best = label
        .match_indices(' ')
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(middle));
    match best {
        Some(i) => vec![label[..i].trim_end(), label[i + 1..].trim_start()],
        None => vec![label],
    }
}

/// Distance of a label from the end of its axis.
const LABEL_GAP: f64 = 14.0;

/// The position of `level` (`None` = centre) on axis `i` of `n`.
pub fn vertex(frame: RadarFrame, i: usize, n: usize, level: Option<Level>) -> Point {
    scale_vertex(frame, i, n, level.map(|l| f64::from(l.number())), 4.0)
}

/// The position of `value` on a scale from 0 (the centre) to `max` (the outermost ring) on axis
/// `i` of `n`; `None` is the centre. The brief's levels are the scale 0-4 ([`vertex`]); a
/// maturity framework's steps are 0 to its number of steps, and a median may lie between two.
pub fn scale_vertex(frame: RadarFrame, i: usize, n: usize, value: Option<f64>, max: f64) -> Point {
    let fraction = match value {
        Some(v) if max > 0.0 => (v / max).clamp(0.0, 1.0),
        _ => 0.0,
    };
    polar(frame, angle(i, n), frame.radius * fraction)
}

/// The shape the series are drawn in for `n` axes.
pub(crate) fn shape_for(n: usize) -> RadarShape {
    match n {
        0 => RadarShape::Empty,
        1 => RadarShape::Points,
        2 => RadarShape::Line,
        _ => RadarShape::Polygon,
    }
}

/// The axes' lines and label positions for `(code, label)` pairs, in order.
pub(crate) fn axis_lines<'a>(
    axes: impl ExactSizeIterator<Item = (&'a str, &'a str)>,
    frame: RadarFrame,
) -> Vec<AxisLine> {
    let n = axes.len();
    axes.enumerate()
        .map(|(i, (code, label))| AxisLine {
            code: code.to_string(),
            label: label.to_string(),
            angle: angle(i, n),
            end: scale_vertex(frame, i, n, Some(1.0), 1.0),
            label_at: polar(frame, angle(i, n), frame.radius + LABEL_GAP),
        })
        .collect()
}

/// The angle of axis `i` of `n`, in degrees: -90 + i·360/n.
pub fn angle(i: usize, n: usize) -> f64 {
    if n == 0 {
        return -90.0;
    }
    -90.0 + (i as f64) * 360.0 / (n as f64)
}

fn polar(frame: RadarFrame, degrees: f64, r: f64) -> Point {
    let rad = degrees * PI / 180.0;
    Point {
        x: frame.cx + r * rad.cos(),
        y: frame.cy + r * rad.sin(),
    }
}

/// Computes the chart for `axes` in `frame`.
pub fn radar(axes: &[RadarAxis], frame: RadarFrame) -> Radar {
    let n = axes.len();
    let shape = shape_for(n);
    let lines = axis_lines(
        axes.iter().map(|a| (a.code.as_str(), a.label.as_str())),
        frame,
    );
    let rings = Level::ALL
        .iter()
        .map(|l| (0..n).map(|i| vertex(frame, i, n, Some(*l))).collect())
        .collect();
    let series = Series::ALL
        .iter()
        .map(|s| RadarSeries {
            series: *s,
            vertices: axes
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let level = s.level(a);
                    Vertex {
                        at: vertex(frame, i, n, level),
                        level,
                    }
                })
                .collect(),
        })
        .collect();
    Radar {
        frame,
        shape,
        axes: lines,
        rings,
        series,
    }
}

/// A coordinate with one decimal and never `-0.0`.
pub(crate) fn coord(v: f64) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    format!("{rounded:.1}")
}

fn points(vertices: impl IntoIterator<Item = Point>) -> String {
    vertices
        .into_iter()
        .map(|p| format!("{},{}", coord(p.x), coord(p.y)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn data_level(level: Option<Level>) -> String {
    level.map_or_else(|| "none".to_string(), |l| l.number().to_string())
}

/// The size of a vertex marker: the circle's radius. The target's square is larger and the
/// self-assessment's triangle smaller, so that markers on the same spot stay visible, nested.
const MARK: f64 = 5.0;

/// A marker at `p` in the series' own shape: square (target), circle (current), triangle (self).
pub(crate) fn marker(series: Series, p: Point, attrs: &str) -> String {
    shaped_marker(series, series.class(), p, attrs)
}

/// A marker at `p` in the shape of `shape`'s series, with CSS class `class`.
pub(crate) fn shaped_marker(shape: Series, class: &str, p: Point, attrs: &str) -> String {
    match shape {
        Series::Target => format!(
            r#"<rect class="radar-vertex {class}" x="{}" y="{}" width="{}" height="{}"{attrs}/>"#,
            coord(p.x - MARK * 1.4),
            coord(p.y - MARK * 1.4),
            coord(2.8 * MARK),
            coord(2.8 * MARK)
        ),
        Series::Current => format!(
            r#"<circle class="radar-vertex {class}" cx="{}" cy="{}" r="{}"{attrs}/>"#,
            coord(p.x),
            coord(p.y),
            coord(MARK)
        ),
        Series::SelfAssessed => {
            let h = MARK * 1.0;
            format!(
                r#"<polygon class="radar-vertex {class}" points="{}"{attrs}/>"#,
                points([
                    Point { x: p.x, y: p.y - h },
                    Point {
                        x: p.x + h,
                        y: p.y + h * 0.8,
                    },
                    Point {
                        x: p.x - h,
                        y: p.y + h * 0.8,
                    },
                ])
            )
        }
    }
}

/// One series as drawn: its CSS class, the marker shape of the brief's series it looks like,
/// the id of its line (unique on the page), each vertex with the text of its `data-level`, and
/// how far it is drawn to the side.
pub(crate) struct DrawnSeries<'a> {
    pub(crate) class: &'a str,
    pub(crate) shape: Series,
    pub(crate) id: String,
    pub(crate) vertices: Vec<(Point, String)>,
    pub(crate) dx: f64,
}

/// Everything [`draw`] needs: one chart, whatever its scale and series.
pub(crate) struct Drawing<'a> {
    /// The `svg` element's id (unique on the page).
    pub(crate) id: &'a str,
    /// The id of the element that labels the chart.
    pub(crate) caption_id: &'a str,
    pub(crate) frame: RadarFrame,
    pub(crate) shape: RadarShape,
    pub(crate) axes: &'a [AxisLine],
    /// Each ring: its number, its points (one per axis) and its fraction of the radius.
    pub(crate) rings: Vec<(u32, Vec<Point>, f64)>,
    pub(crate) series: Vec<DrawnSeries<'a>>,
    /// What is written in the middle when there is no axis.
    pub(crate) empty: &'a str,
}

/// The chart as an inline SVG element, labelled by the element with id `caption_id`.
pub fn radar_svg(radar: &Radar, lang: Lang, caption_id: &str) -> String {
    let series = radar
        .series
        .iter()
        .map(|s| DrawnSeries {
            class: s.series.class(),
            shape: s.series,
            id: s.series.class().to_string(),
            vertices: s
                .vertices
                .iter()
                .map(|v| (v.at, data_level(v.level)))
                .collect(),
            dx: match s.series {
                _ if !dodged(radar.shape) => 0.0,
                Series::Target => -DODGE,
                Series::Current => 0.0,
                Series::SelfAssessed => DODGE,
            },
        })
        .collect();
    draw(&Drawing {
        id: "radar",
        caption_id,
        frame: radar.frame,
        shape: radar.shape,
        axes: &radar.axes,
        rings: radar
            .rings
            .iter()
            .zip(Level::ALL)
            .map(|(ring, level)| {
                let k = u32::from(level.number());
                (k, ring.clone(), f64::from(k) / 4.0)
            })
            .collect(),
        series,
        empty: lang.labels().radar_empty,
    })
}

/// How far to the side each of `n` series is drawn when there are fewer than three axes (none
/// with three or more): centred on the axis, [`DODGE`] apart.
pub(crate) fn dodge(shape: RadarShape, i: usize, n: usize) -> f64 {
    if !dodged(shape) {
        return 0.0;
    }
    (i as f64 - (n as f64 - 1.0) / 2.0) * DODGE
}

/// Draws a chart: the grid (rings and axes), the axis labels, then each series as a polygon
/// (three or more axes) or a line (two), with a marker at each vertex.
pub(crate) fn draw(d: &Drawing<'_>) -> String {
    let f = d.frame;
    let width = f.cx * 2.0;
    let height = f.cy * 2.0;
    let mut svg = format!(
        r#"<svg id="{}" class="radar" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-labelledby="{}" data-axes="{}" data-shape="{}">"#,
        Escaped(d.id),
        coord(width),
        coord(height),
        coord(width),
        coord(height),
        Escaped(d.caption_id),
        d.axes.len(),
        match d.shape {
            RadarShape::Empty => "empty",
            RadarShape::Points => "points",
            RadarShape::Line => "line",
            RadarShape::Polygon => "polygon",
        }
    );
    svg += "\n<g class=\"radar-grid\" aria-hidden=\"true\">\n";
    for (k, ring, fraction) in &d.rings {
        if d.shape == RadarShape::Polygon {
            let _ = writeln!(
                svg,
                r#"<polygon class="radar-ring" data-level="{k}" points="{}"/>"#,
                points(ring.iter().copied())
            );
        } else {
            let _ = writeln!(
                svg,
                r#"<circle class="radar-ring" data-level="{k}" cx="{}" cy="{}" r="{}"/>"#,
                coord(f.cx),
                coord(f.cy),
                coord(f.radius * fraction)
            );
        }
        // The ring's number, just right of the first axis (and of the series drawn beside it).
        let label_dx = if dodged(d.shape) { DODGE + 6.0 } else { 4.0 };
        let _ = writeln!(
            svg,
            r#"<text class="radar-ring-label" x="{}" y="{}">{k}</text>"#,
            coord(f.cx + label_dx),
            coord(f.cy - f.radius * fraction + 12.0),
        );
    }
    for axis in d.axes {
        let _ = writeln!(
            svg,
            r#"<line class="radar-axis" data-axis="{}" x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
            Escaped(&axis.code),
            coord(f.cx),
            coord(f.cy),
            coord(axis.end.x),
            coord(axis.end.y)
        );
    }
    svg += "</g>\n<g class=\"radar-labels\" aria-hidden=\"true\">\n";
    for axis in d.axes {
        let cos = (axis.angle * PI / 180.0).cos();
        let sin = (axis.angle * PI / 180.0).sin();
        // Anchored at the side from a little off the vertical, so that the labels of the two
        // axes either side of the bottom (or the top) of a chart with many axes do not overlap.
        let anchor = if cos > 0.2 {
            "start"
        } else if cos < -0.2 {
            "end"
        } else {
            "middle"
        };
        let lines = wrap_label(&axis.label);
        let n_more = lines.len().saturating_sub(1) as f64;
        // Labels below the centre hang under their point, those above sit on it (their first
        // line moved up by the lines that follow), those at the side are centred on it.
        let dy = if sin > 0.3 {
            0.9
        } else if sin < -0.3 {
            -1.1 * n_more
        } else {
            0.35 - 0.55 * n_more
        };
        let x = coord(axis.label_at.x);
        let _ = write!(
            svg,
            r#"<text class="radar-axis-label" data-axis="{}" x="{x}" y="{}" text-anchor="{anchor}">"#,
            Escaped(&axis.code),
            coord(axis.label_at.y),
        );
        for (k, line) in lines.iter().enumerate() {
            let line_dy = if k == 0 { dy } else { 1.1 };
            let _ = write!(
                svg,
                r#"<tspan x="{x}" dy="{}em">{}</tspan>"#,
                coord(line_dy),
                Escaped(line)
            );
        }
        svg += "</text>\n";
    }
    svg += "</g>\n";
    for s in &d.series {
        let class = s.class;
        let levels = s
            .vertices
            .iter()
            .map(|v| v.1.as_str())
            .collect::<Vec<_>>()
            .join(",");
        // With one or two axes every series lies on the same vertical line: each is drawn
        // a little to the side (its own `dx`), so none hides another; `points` stay exact.
        if s.dx == 0.0 {
            let _ = writeln!(
                svg,
                r#"<g class="radar-series {class}-series" aria-hidden="true">"#
            );
        } else {
            let _ = writeln!(
                svg,
                r#"<g class="radar-series {class}-series" aria-hidden="true" data-dx="{dx}" transform="translate({dx} 0)">"#,
                dx = coord(s.dx)
            );
        }
        let pts = points(s.vertices.iter().map(|v| v.0));
        let id = Escaped(&s.id);
        match d.shape {
            RadarShape::Polygon => {
                let _ = writeln!(
                    svg,
                    r#"<polygon id="{id}" class="{class}" data-levels="{levels}" points="{pts}"/>"#
                );
            }
            RadarShape::Line => {
                let _ = writeln!(
                    svg,
                    r#"<polyline id="{id}" class="{class}" data-levels="{levels}" points="{pts}"/>"#
                );
            }
            RadarShape::Points | RadarShape::Empty => {}
        }
        for (v, axis) in s.vertices.iter().zip(d.axes) {
            let attrs = format!(
                r#" data-axis="{}" data-level="{}""#,
                Escaped(&axis.code),
                v.1
            );
            svg += &shaped_marker(s.shape, class, v.0, &attrs);
            svg += "\n";
        }
        svg += "</g>\n";
    }
    if d.shape == RadarShape::Empty {
        let _ = writeln!(
            svg,
            r#"<text class="radar-empty" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            coord(f.cx),
            coord(f.cy),
            Escaped(d.empty)
        );
    }
    svg += "</svg>";
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axis(code: &str, t: u8, c: u8, s: u8) -> RadarAxis {
        RadarAxis {
            code: code.into(),
            label: code.into(),
            target: Level::new(t),
            current: Level::new(c),
            self_level: Level::new(s),
        }
    }

    fn frame() -> RadarFrame {
        RadarFrame {
            cx: 100.0,
            cy: 100.0,
            radius: 80.0,
        }
    }

    fn xy(v: &Vertex) -> (String, String) {
        (coord(v.at.x), coord(v.at.y))
    }

    #[test]
    fn four_axes_point_up_right_down_left() {
        let axes = [
            axis("A", 4, 2, 0),
            axis("B", 2, 1, 3),
            axis("C", 3, 0, 4),
            axis("D", 1, 4, 2),
        ];
        let r = radar(&axes, frame());
        assert_eq!(r.shape, RadarShape::Polygon);
        let target: Vec<_> = r.series[0].vertices.iter().map(xy).collect();
        // A 4 up (r 80), B 2 right (r 40), C 3 down (r 60), D 1 left (r 20).
        let expect = [
            ("100.0", "20.0"),
            ("140.0", "100.0"),
            ("100.0", "160.0"),
            ("80.0", "100.0"),
        ];
        for (got, want) in target.iter().zip(expect) {
            assert_eq!((got.0.as_str(), got.1.as_str()), want);
        }
        // Current on C is not assessed: at the centre, level None.
        let c = &r.series[1].vertices[2];
        assert_eq!(xy(c), ("100.0".into(), "100.0".into()));
        assert_eq!(c.level, None);
        assert_eq!(r.series[2].series, Series::SelfAssessed);
        assert_eq!(r.rings.len(), 4);
        assert_eq!(
            xy(&Vertex {
                at: r.rings[3][1],
                level: None
            }),
            ("180.0".into(), "100.0".into())
        );
    }

    #[test]
    fn three_axes_at_120_degrees() {
        let axes = [axis("A", 4, 4, 4), axis("B", 4, 2, 4), axis("C", 4, 3, 4)];
        let r = radar(&axes, frame());
        assert_eq!(
            r.axes.iter().map(|a| a.angle).collect::<Vec<_>>(),
            [-90.0, 30.0, 150.0]
        );
        let current: Vec<_> = r.series[1].vertices.iter().map(xy).collect();
        // B: level 2 at 30°: (100 + 40 cos 30°, 100 + 40 sin 30°) = (134.6, 120.0).
        // C: level 3 at 150°: (100 - 60 cos 30°, 100 + 30) = (48.0, 130.0).
        assert_eq!(
            current,
            [
                ("100.0".to_string(), "20.0".to_string()),
                ("134.6".to_string(), "120.0".to_string()),
                ("48.0".to_string(), "130.0".to_string())
            ]
        );
    }

    #[test]
    fn one_or_two_axes_draw_points_or_a_line() {
        assert_eq!(
            radar(&[axis("A", 1, 1, 1)], frame()).shape,
            RadarShape::Points
        );
        let two = radar(&[axis("A", 2, 1, 0), axis("B", 4, 3, 3)], frame());
        assert_eq!(two.shape, RadarShape::Line);
        assert_eq!(two.axes[1].angle, 90.0);
        let svg = radar_svg(&two, Lang::En, "cap");
        assert!(svg.contains(r#"<polyline id="radar-target" class="radar-target" data-levels="2,4" points="100.0,60.0 100.0,180.0"/>"#), "{svg}");
        assert!(!svg.contains("<polygon id="));
        // Drawn side by side, so that the three lines do not hide each other.
        assert!(svg.contains(r#"<g class="radar-series radar-target-series" aria-hidden="true" data-dx="-9.0" transform="translate(-9.0 0)">"#));
        assert!(
            svg.contains(r#"<g class="radar-series radar-current-series" aria-hidden="true">"#)
        );
        assert!(svg.contains(r#"data-dx="9.0""#));
        let none = radar(&[], frame());
        assert_eq!(none.shape, RadarShape::Empty);
        assert!(radar_svg(&none, Lang::En, "cap").contains("No system has a target"));
    }

    #[test]
    fn svg_polygons_carry_levels_and_points() {
        let axes = [axis("A", 3, 2, 0), axis("B", 2, 2, 2), axis("C", 1, 0, 1)];
        let svg = radar_svg(&radar(&axes, frame()), Lang::En, "radar-caption");
        assert!(svg.contains(r#"role="img" aria-labelledby="radar-caption""#));
        assert!(svg.contains(r#"<polygon id="radar-target" class="radar-target" data-levels="3,2,1" points="100.0,40.0 134.6,120.0 82.7,110.0"/>"#), "{svg}");
        assert!(svg.contains(r#"class="radar-current" data-levels="2,2,none""#));
        assert!(svg.contains(r#"class="radar-self" data-levels="none,2,1""#));
        assert!(svg.contains(r#"<circle class="radar-vertex radar-current" cx="100.0" cy="100.0" r="5.0" data-axis="C" data-level="none"/>"#), "{svg}");
        assert_eq!(svg.matches("class=\"radar-ring\"").count(), 4);
    }

    #[test]
    fn long_labels_break_at_the_space_nearest_the_middle() {
        assert_eq!(wrap_label("Lifecare"), ["Lifecare"]);
        assert_eq!(
            wrap_label("PMO Elevhälsojournal"),
            ["PMO", "Elevhälsojournal"]
        );
        assert_eq!(
            wrap_label("Timecare Planering och schema"),
            ["Timecare Planering", "och schema"]
        );
        assert_eq!(
            wrap_label("Överförmyndarhandläggning"),
            ["Överförmyndarhandläggning"]
        );
        let pmo = RadarAxis {
            label: "PMO Elevhälsojournal".into(),
            ..axis("PMO", 3, 3, 3)
        };
        let svg = radar_svg(&radar(&[pmo], frame()), Lang::En, "c");
        assert!(
            svg.contains(r#"<text class="radar-axis-label" data-axis="PMO" x="100.0" y="6.0" text-anchor="middle"><tspan x="100.0" dy="-1.1em">PMO</tspan><tspan x="100.0" dy="1.1em">Elevhälsojournal</tspan></text>"#),
            "{svg}"
        );
    }

    #[test]
    fn coordinates_never_print_negative_zero() {
        assert_eq!(coord(-0.01), "0.0");
        assert_eq!(coord(12.345), "12.3");
    }
}
