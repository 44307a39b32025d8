//! Charts drawn at build time as inline SVG: the [`map`] of the world, the
//! [`strip`] of a State's votes, and [`bars`].
//!
//! The module takes plain inputs (codes, links, numbers) and labels already
//! translated by the caller, so it has no language logic and depends on no
//! page type. The output is deterministic. Colours are set as presentation
//! attributes (the charts need no style sheet, in the standalone file too), every
//! meaning carries a pattern or a text label besides its colour (colour-blind
//! readers, black-and-white print), and each chart has an accessible name.

pub mod bars;
pub mod map;
pub mod strip;
pub mod template;

use std::fmt::Write;

pub use crate::model::Vote;

/// The dark ink of text and outlines.
const INK: &str = "#1b1b1b";
/// Font of the text of the charts (the page's own font is not inherited in every viewer).
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/// How an area or a swatch is filled: a colour, or stripes over a background.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fill {
    /// One colour.
    Solid(&'static str),
    /// A pattern (defined once per chart under `id`): `ink` drawn over `paper`.
    Pattern {
        id: &'static str,
        kind: PatternKind,
        ink: &'static str,
        paper: &'static str,
    },
}

/// The closed list of patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PatternKind {
    /// Diagonal stripes.
    Diagonal,
    /// Crossed diagonal stripes.
    Cross,
    /// Dots.
    Dots,
    /// Horizontal stripes.
    Horizontal,
}

impl Fill {
    /// The value of a `fill` attribute: a colour or a reference to the chart's pattern.
    pub(crate) fn attr(self, prefix: &str) -> String {
        match self {
            Fill::Solid(c) => c.to_string(),
            Fill::Pattern { id, .. } => format!("url(#{prefix}-{id})"),
        }
    }

    /// The `<pattern>` element of a patterned fill, nothing for a colour.
    pub(crate) fn def(self, prefix: &str) -> String {
        let Fill::Pattern {
            id,
            kind,
            ink,
            paper,
        } = self
        else {
            return String::new();
        };
        let marks = match kind {
            PatternKind::Diagonal => format!(
                r#"<path d="M-1 1l2-2M0 6l6-6M5 7l2-2" stroke="{ink}" stroke-width="1.6"/>"#
            ),
            PatternKind::Cross => format!(
                r#"<path d="M-1 1l2-2M0 6l6-6M5 7l2-2M-1 5l2 2M0 0l6 6M5-1l2 2" stroke="{ink}" stroke-width="1.2"/>"#
            ),
            PatternKind::Dots => format!(r#"<circle cx="3" cy="3" r="1.4" fill="{ink}"/>"#),
            PatternKind::Horizontal => {
                format!(r#"<path d="M0 1.5h6M0 4.5h6" stroke="{ink}" stroke-width="1.2"/>"#)
            }
        };
        format!(
            r#"<pattern id="{prefix}-{id}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="{paper}"/>{marks}</pattern>"#
        )
    }

    /// The colour that stands for the fill when contrast is measured: its ink.
    #[cfg(test)]
    pub(crate) fn ink(self) -> &'static str {
        match self {
            Fill::Solid(c) => c,
            Fill::Pattern { ink, .. } => ink,
        }
    }
}

/// The fill of a vote, the same in the strip and on the map.
pub(crate) fn vote_fill(vote: Option<Vote>) -> Fill {
    match vote {
        Some(Vote::InFavour) => Fill::Solid("#2e7d32"),
        Some(Vote::Abstaining) => Fill::Pattern {
            id: "abstaining",
            kind: PatternKind::Diagonal,
            ink: "#8a5200",
            paper: "#f3d9a8",
        },
        Some(Vote::Against) => Fill::Pattern {
            id: "against",
            kind: PatternKind::Cross,
            ink: "#b3261e",
            paper: "#f6d0cc",
        },
        Some(Vote::Absent) => Fill::Pattern {
            id: "absent",
            kind: PatternKind::Horizontal,
            ink: "#595959",
            paper: "#e3e3e3",
        },
        None => Fill::Pattern {
            id: "no-information",
            kind: PatternKind::Dots,
            ink: "#6b6b6b",
            paper: "#ffffff",
        },
    }
}

/// The five cells of a vote legend, in the order they are shown.
pub(crate) const VOTES: [Option<Vote>; 5] = [
    Some(Vote::InFavour),
    Some(Vote::Abstaining),
    Some(Vote::Against),
    Some(Vote::Absent),
    None,
];

/// The index of a vote in [`VOTES`] (and in the caller's arrays of vote labels).
pub(crate) fn vote_index(vote: Option<Vote>) -> usize {
    match vote {
        Some(Vote::InFavour) => 0,
        Some(Vote::Abstaining) => 1,
        Some(Vote::Against) => 2,
        Some(Vote::Absent) => 3,
        None => 4,
    }
}

/// Escapes text for an element's content or a double-quoted attribute.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// A generous estimate of the width of a text of `size` units (no font metrics at build time).
pub(crate) fn text_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.56
}

/// A number with at most one decimal, without a trailing `.0` (compact, deterministic).
pub(crate) fn num(x: f32) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// One entry of a legend: a swatch and its label.
pub(crate) struct LegendItem<'a> {
    pub fill: Fill,
    pub label: &'a str,
    /// Dashed outline (an area that is no State's).
    pub dashed: bool,
}

/// A legend as an HTML list (class `chart-legend`, laid out by the style sheet),
/// outside the chart's SVG so that its text keeps the page's size on a narrow
/// screen and wraps as text does. Each swatch is a small SVG with its own
/// pattern (ids `{prefix}-key-…`), so it shows even where the chart is hidden.
pub(crate) fn legend(items: &[LegendItem<'_>], prefix: &str) -> String {
    let key = format!("{prefix}-key");
    let mut out = String::from(r#"<ul class="chart-legend">"#);
    for item in items {
        let dash = if item.dashed {
            r#" stroke-dasharray="3 2""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<li><svg class="chart-swatch" width="22" height="14" viewBox="0 0 22 14" aria-hidden="true" focusable="false" style="vertical-align:-0.15em;margin-inline-end:0.35em">{}<rect x="0.5" y="0.5" width="21" height="13" fill="{}" stroke="{INK}"{dash}/></svg>{}</li>"#,
            item.fill.def(&key),
            item.fill.attr(&key),
            esc(item.label)
        );
    }
    out.push_str("</ul>");
    out
}

/// The opening `<svg>` tag shared by the charts (without its closing `>`): a
/// `fluid` chart fills the width of its container; another keeps its natural
/// size (one viewBox unit a CSS pixel, so its text keeps its size) and shrinks
/// on a narrow screen.
pub(crate) fn svg_open(width: f32, height: f32, class: &str, size: f32, fluid: bool) -> String {
    let (w, h) = (num(width), num(height));
    let sizing = if fluid {
        r#"width="100%""#.to_string()
    } else {
        format!(r#"width="{w}" height="{h}" style="max-width:100%;height:auto""#)
    };
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="{class}" viewBox="0 0 {w} {h}" {sizing} font-family="{FONT}" font-size="{}" fill="{INK}""#,
        num(size)
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// WCAG relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex colour")) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    }

    /// WCAG contrast ratio of two colours.
    pub(crate) fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn contrast_matches_the_wcag_reference_values() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 0.01);
        assert!((contrast("#767676", "#ffffff") - 4.54).abs() < 0.01);
    }

    #[test]
    fn every_vote_ink_stands_out_from_white_paper() {
        for v in VOTES {
            let ink = vote_fill(v).ink();
            assert!(contrast(ink, "#ffffff") >= 3.0, "{v:?}: {ink}");
        }
    }

    #[test]
    fn votes_have_distinct_fills_and_patterns() {
        for (i, a) in VOTES.iter().enumerate() {
            assert_eq!(vote_index(*a), i);
            for b in &VOTES[i + 1..] {
                assert_ne!(vote_fill(*a), vote_fill(*b));
            }
        }
        let kinds: Vec<_> = VOTES
            .iter()
            .filter_map(|v| match vote_fill(*v) {
                Fill::Pattern { kind, .. } => Some(kind),
                Fill::Solid(_) => None,
            })
            .collect();
        for (i, k) in kinds.iter().enumerate() {
            assert!(!kinds[i + 1..].contains(k), "pattern {k:?} used twice");
        }
    }

    #[test]
    fn text_is_escaped_and_numbers_are_compact() {
        assert_eq!(esc(r#"<a & "b">"#), "&lt;a &amp; &quot;b&quot;&gt;");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(2.25), "2.3");
        assert_eq!(num(-0.04), "0");
    }

    #[test]
    fn the_legend_is_a_list_with_one_swatch_and_pattern_an_item() {
        let items: Vec<_> = VOTES
            .iter()
            .map(|v| LegendItem {
                fill: vote_fill(*v),
                label: "a <label>",
                dashed: v.is_none(),
            })
            .collect();
        let html = legend(&items, "p");
        assert!(
            html.starts_with(r#"<ul class="chart-legend"><li>"#) && html.ends_with("</li></ul>")
        );
        assert_eq!(html.matches("<li>").count(), 5);
        assert_eq!(html.matches("a &lt;label&gt;</li>").count(), 5);
        assert_eq!(
            html.matches("<pattern id=\"p-key-").count(),
            4,
            "four patterned votes"
        );
        assert!(html.contains(r#"fill="url(#p-key-against)""#));
        assert_eq!(html.matches("stroke-dasharray").count(), 1);
    }
}
