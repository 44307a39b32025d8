//! A horizontal bar chart (e.g. the States not party by region): a label, a
//! bar and its value on each row.

use std::fmt::Write;

use super::{esc, num, svg_open, text_width};

/// Height of a row, in viewBox units.
const ROW: f32 = 28.0;
/// Thickness of a bar.
const BAR: f32 = 18.0;
/// Font size of the labels and values.
const FONT_SIZE: f32 = 14.0;
/// Width of the longest bar (small enough that a chart keeps readable text on a phone).
const BAR_SPACE: f32 = 260.0;
/// The bars' colour: dark enough to read as solid black in print (contrast 9:1 on white).
const BAR_FILL: &str = "#0a4a85";
/// The highlighted bar's colour (contrast 15:1 on white), outlined in ink.
const HIGHLIGHT_FILL: &str = "#06223d";

/// One row of the chart.
#[derive(Debug, Clone, Copy)]
pub struct Bar<'a> {
    /// The row's label, already translated.
    pub label: &'a str,
    /// The value (its length and the number printed after it).
    pub value: u32,
    /// The value as the caller formats it for the page's language (e.g. "1,234").
    pub value_text: &'a str,
    /// A relative link for the label (e.g. the region's page), if any.
    pub href: Option<&'a str>,
    /// The row of the page's own subject (e.g. the region of a region page):
    /// its label in bold and its bar outlined and darker, so that it stands out
    /// without colour too. Its label is never a link.
    pub highlight: bool,
}

/// Draws the bars in the order given; `name` is the chart's accessible name and
/// `id` a unique prefix for its ids on the page.
pub fn bars(rows: &[Bar<'_>], name: &str, id: &str) -> String {
    let p = esc(id);
    let label_width = rows
        .iter()
        .map(|r| text_width(r.label, FONT_SIZE))
        .fold(0.0_f32, f32::max)
        + FONT_SIZE * 0.5;
    let value_width = rows
        .iter()
        .map(|r| text_width(r.value_text, FONT_SIZE))
        .fold(0.0_f32, f32::max)
        + FONT_SIZE;
    let max = rows.iter().map(|r| r.value).max().unwrap_or(0).max(1);
    let width = label_width + BAR_SPACE + value_width;
    let height = (rows.len().max(1) as f32) * ROW;

    let mut svg = svg_open(width, height, "chart-bars", FONT_SIZE, false);
    // An image, unless its labels are links (which an image would hide).
    let role = if rows.iter().any(|r| r.href.is_some()) {
        "group"
    } else {
        "img"
    };
    let _ = write!(
        svg,
        r#" role="{role}" aria-labelledby="{p}-name"><title id="{p}-name">{}</title>"#,
        esc(name)
    );
    for (i, r) in rows.iter().enumerate() {
        let top = i as f32 * ROW;
        let baseline = top + ROW / 2.0 + FONT_SIZE * 0.35;
        let length = BAR_SPACE * r.value as f32 / max as f32;
        let weight = if r.highlight {
            r#" font-weight="700""#
        } else {
            ""
        };
        let label = format!(
            r#"<text x="{}" y="{}" text-anchor="end"{weight}>{}</text>"#,
            num(label_width - FONT_SIZE * 0.5),
            num(baseline),
            esc(r.label)
        );
        match r.href.filter(|_| !r.highlight) {
            Some(href) => {
                let _ = write!(
                    svg,
                    r##"<a href="{}" fill="#0a4a85" text-decoration="underline">{label}</a>"##,
                    esc(href)
                );
            }
            None => svg.push_str(&label),
        }
        let (fill, outline) = if r.highlight {
            (HIGHLIGHT_FILL, r##" stroke="#000000" stroke-width="2""##)
        } else {
            (BAR_FILL, "")
        };
        let _ = write!(
            svg,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}"{outline} aria-hidden="true"/><text x="{}" y="{}"{weight}>{}</text>"#,
            num(label_width),
            num(top + (ROW - BAR) / 2.0),
            num(length),
            num(BAR),
            num(label_width + length + FONT_SIZE * 0.4),
            num(baseline),
            esc(r.value_text)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widths(svg: &str) -> Vec<f32> {
        svg.split(r#"<rect x=""#)
            .skip(1)
            .filter_map(|s| {
                s.split(r#"width=""#)
                    .nth(1)?
                    .split('"')
                    .next()?
                    .parse()
                    .ok()
            })
            .collect()
    }

    #[test]
    fn bars_are_proportional_and_values_printed() {
        let rows = [
            Bar {
                label: "Asia-Pacific",
                value: 12,
                value_text: "12",
                href: Some("regions/asia-pacific.html"),
                highlight: false,
            },
            Bar {
                label: "Americas",
                value: 3,
                value_text: "3",
                href: None,
                highlight: false,
            },
            Bar {
                label: "Europe",
                value: 0,
                value_text: "0",
                href: None,
                highlight: false,
            },
        ];
        let svg = bars(&rows, "States not party by region", "by-region");
        assert_eq!(widths(&svg), [BAR_SPACE, BAR_SPACE / 4.0, 0.0]);
        assert!(svg.contains(r#"<a href="regions/asia-pacific.html""#));
        assert!(
            svg.contains(">12</text>") && svg.contains(">3</text>") && svg.contains(">0</text>")
        );
    }

    #[test]
    fn the_highlighted_row_is_bold_outlined_and_not_a_link() {
        let rows = [
            Bar {
                label: "Americas",
                value: 3,
                value_text: "3",
                href: Some("americas.html"),
                highlight: true,
            },
            Bar {
                label: "Europe",
                value: 2,
                value_text: "2",
                href: Some("europe.html"),
                highlight: false,
            },
        ];
        let svg = bars(&rows, "n", "x");
        assert!(!svg.contains("americas.html") && svg.contains(r#"<a href="europe.html""#));
        assert!(svg.contains(r#"font-weight="700">Americas</text>"#));
        assert_eq!(svg.matches(r##"stroke="#000000""##).count(), 1);
        assert_eq!(
            svg.matches(r#"font-weight="700""#).count(),
            2,
            "label and value"
        );
    }

    #[test]
    fn no_rows_is_an_empty_chart_not_a_panic() {
        let svg = bars(&[], "Nothing", "none");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(widths(&svg).is_empty());
    }

    #[test]
    fn labels_are_escaped() {
        let rows = [Bar {
            label: "A & <B>",
            value: 1,
            value_text: "1",
            href: None,
            highlight: false,
        }];
        assert!(bars(&rows, "n", "x").contains("A &amp; &lt;B&gt;"));
    }

    #[test]
    fn snapshot() {
        let rows = [
            Bar {
                label: "Asia-Pacific",
                value: 15,
                value_text: "15",
                href: Some("regions/asia-pacific.html"),
                highlight: false,
            },
            Bar {
                label: "Middle East and North Africa",
                value: 12,
                value_text: "12",
                href: None,
                highlight: false,
            },
            Bar {
                label: "Americas",
                value: 2,
                value_text: "2",
                href: None,
                highlight: false,
            },
        ];
        insta::assert_snapshot!(bars(&rows, "States not party by region", "by-region"));
    }
}
