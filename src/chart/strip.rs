//! A State's votes on the annual General Assembly resolution as a strip: one
//! cell a year, coloured and lettered by vote; a year with no information is a
//! dotted cell with its own letter, never a vote.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Fill, INK, VOTES, Vote, esc, num, svg_open, vote_fill, vote_index};

/// The first year of the resolution.
pub const FIRST_YEAR: i16 = 1996;
/// Size of a cell, in viewBox units.
const CELL: f32 = 24.0;
/// Space between cells.
const GAP: f32 = 2.0;
/// Font size of the letters, years and legend.
const FONT_SIZE: f32 = 12.0;

/// The words of the strip, already translated by the caller.
#[derive(Debug, Clone, Copy)]
pub struct StripLabels<'a> {
    /// A unique prefix for the ids of this strip on its page.
    pub id: &'a str,
    /// The accessible name of the strip (e.g. "Votes of Exampleland, 1996–2025").
    pub name: &'a str,
    /// The one-letter label in each cell: in favour, abstaining, against, absent, no information.
    pub letters: [&'a str; 5],
    /// The same five, in words, for the legend.
    pub words: [&'a str; 5],
    /// The id prefix of the five cells drawn once for the whole page by
    /// [`shared_cells`] (a page with many strips: the standalone file); `None`:
    /// the strip draws its own, under `id`.
    pub cells: Option<&'a str>,
}

/// The five cells (fill, outline and letter; ids `{prefix}-c0` to
/// `{prefix}-c4`, in the order of [`VOTES`]) with their patterns, as the
/// content of a `<defs>`. The text takes its size, weight and anchor from where
/// a cell is used.
fn cell_defs(prefix: &str, letters: &[&str; 5]) -> String {
    let mut out = String::new();
    for (i, v) in VOTES.into_iter().enumerate() {
        let fill = vote_fill(v);
        out.push_str(&fill.def(prefix));
        let _ = write!(
            out,
            r#"<g id="{prefix}-c{i}"><rect width="{c}" height="{c}" fill="{}" stroke="{INK}" stroke-width="0.5"/><text x="{}" y="{}" fill="{}"{}>{}</text></g>"#,
            fill.attr(prefix),
            num(CELL / 2.0),
            num(CELL / 2.0 + FONT_SIZE * 0.36),
            letter_colour(fill),
            letter_halo(fill),
            esc(letters[i]),
            c = num(CELL),
        );
    }
    out
}

/// The five cells once for a page that holds many strips (each then given
/// `cells: Some(prefix)`): a hidden SVG of definitions only, to place once
/// anywhere in the page (not `display: none`, which would hide its patterns).
pub fn shared_cells(prefix: &str, letters: &[&str; 5]) -> String {
    format!(
        r#"<svg class="chart-cells" width="0" height="0" style="position:absolute" aria-hidden="true" focusable="false"><defs>{}</defs></svg>"#,
        cell_defs(&esc(prefix), letters)
    )
}

/// The colour of a letter on a cell: white on the dark solid fills, ink on the light patterns.
fn letter_colour(fill: Fill) -> &'static str {
    match fill {
        Fill::Solid(_) => "#ffffff",
        Fill::Pattern { .. } => INK,
    }
}

/// A halo of the pattern's paper around a letter, so that the stripes do not cross it.
fn letter_halo(fill: Fill) -> String {
    match fill {
        Fill::Solid(_) => String::new(),
        Fill::Pattern { paper, .. } => {
            format!(r#" stroke="{paper}" stroke-width="3" paint-order="stroke""#)
        }
    }
}

/// Draws one cell a year from [`FIRST_YEAR`] to `last_year` (at least one cell).
///
/// `votes` gives a year's vote; a year absent from it is "no information". A
/// vote outside the range is not drawn. Returns HTML: the strip, one image
/// (`role="img"`; the numbers are in the page's table beside it), then its
/// legend as a list.
///
/// The strip is compact (the standalone file holds one a State): each of the
/// five cells is drawn once, in the strip's `<defs>` or for the whole page (see
/// [`StripLabels::cells`]), and placed with `<use>` for each year; the legend's
/// swatches use the same cells, so a swatch is exactly what it explains.
pub fn vote_strip(votes: &[(i16, Vote)], last_year: i16, labels: &StripLabels<'_>) -> String {
    let last_year = last_year.max(FIRST_YEAR);
    let by_year: BTreeMap<i16, Vote> = votes.iter().copied().collect();
    let p = esc(labels.id);
    let years = usize::try_from(last_year - FIRST_YEAR + 1).unwrap_or(1);
    let strip_width = years as f32 * (CELL + GAP) - GAP;
    // A margin on the right for the last year's label, centred under its cell.
    let width = strip_width + FONT_SIZE;
    let height = CELL + FONT_SIZE * 1.6;

    let mut svg = svg_open(width, height, "chart-strip", FONT_SIZE, false);
    // The letters' anchor and weight are set once here (the cells in <defs> inherit
    // from where they are used); the years below take the normal weight.
    let _ = write!(
        svg,
        r#" text-anchor="middle" font-weight="700" role="img" aria-labelledby="{p}-name"><title id="{p}-name">{}</title>"#,
        esc(labels.name)
    );
    let cells = match labels.cells {
        Some(shared) => esc(shared),
        None => {
            let _ = write!(svg, "<defs>{}</defs>", cell_defs(&p, &labels.letters));
            p.clone()
        }
    };
    let mut year_labels = String::from(r#"<g font-weight="400">"#);
    for (i, year) in (FIRST_YEAR..=last_year).enumerate() {
        let x = i as f32 * (CELL + GAP);
        let vote = by_year.get(&year).copied();
        let _ = write!(
            svg,
            r##"<use href="#{cells}-c{}" x="{}"/>"##,
            vote_index(vote),
            num(x)
        );
        // The year under the first and last cells and every fifth year.
        if year == FIRST_YEAR
            || year == last_year
            || (year % 5 == 0 && last_year - year >= 3 && year - FIRST_YEAR >= 3)
        {
            let _ = write!(
                year_labels,
                r#"<text x="{}" y="{}">{year}</text>"#,
                num(x + CELL / 2.0),
                num(CELL + FONT_SIZE * 1.2)
            );
        }
    }
    svg.push_str(&year_labels);
    svg.push_str("</g></svg>");
    svg.push_str(r#"<ul class="chart-legend">"#);
    for (i, word) in labels.words.iter().enumerate() {
        let _ = write!(
            svg,
            r##"<li><svg class="chart-swatch" width="16" height="16" viewBox="0 0 {c} {c}" font-size="{f}" text-anchor="middle" font-weight="700" aria-hidden="true"><use href="#{cells}-c{i}"/></svg>{}</li>"##,
            esc(word),
            c = num(CELL),
            f = num(FONT_SIZE),
        );
    }
    svg.push_str("</ul>");
    svg
}

#[cfg(test)]
mod tests {
    use super::super::tests::contrast;
    use super::*;

    const LABELS: StripLabels<'static> = StripLabels {
        id: "votes",
        name: "Votes of Exampleland, 1996–2000",
        letters: ["Y", "A", "N", "–", "?"],
        words: [
            "In favour",
            "Abstaining",
            "Against",
            "Absent",
            "No information",
        ],
        cells: None,
    };

    #[test]
    fn letters_pass_text_contrast_on_their_cells() {
        for v in VOTES {
            let fill = vote_fill(v);
            let background = match fill {
                Fill::Solid(c) => c,
                Fill::Pattern { paper, .. } => paper,
            };
            let ratio = contrast(letter_colour(fill), background);
            assert!(ratio >= 4.5, "{v:?}: {ratio:.2}");
        }
    }

    /// The cells of a strip, in order: the index of the cell each `<use>` places.
    fn cells(svg: &str) -> Vec<usize> {
        let strip = &svg[..svg.find("</svg>").expect("closed")];
        strip
            .split(r##"<use href="#votes-c"##)
            .skip(1)
            .map(|s| s[..1].parse().expect("digit"))
            .collect()
    }

    #[test]
    fn one_cell_a_year_and_gaps_are_no_information() {
        let svg = vote_strip(
            &[
                (1996, Vote::InFavour),
                (1998, Vote::Against),
                (2031, Vote::Absent),
            ],
            2000,
            &LABELS,
        );
        // In favour, no information, against, no information, no information.
        assert_eq!(cells(&svg), [0, 4, 2, 4, 4]);
        assert!(!svg.contains("2031"));
        // Each of the five cells is drawn once, with its letter, and used by the legend.
        for (i, letter) in LABELS.letters.iter().enumerate() {
            assert_eq!(svg.matches(&format!(r#"<g id="votes-c{i}">"#)).count(), 1);
            assert_eq!(
                svg.matches(&format!(r##"<use href="#votes-c{i}"/></svg>"##))
                    .count(),
                1
            );
            assert!(svg.contains(&format!(">{letter}</text></g>")));
        }
        assert!(svg.contains(r#"fill="url(#votes-against)""#));
        assert!(svg.ends_with("No information</li></ul>"));
    }

    #[test]
    fn shared_cells_are_drawn_once_for_the_page_and_not_in_the_strip() {
        let labels = StripLabels {
            cells: Some("page"),
            ..LABELS
        };
        let svg = vote_strip(&[(1997, Vote::Abstaining)], 1998, &labels);
        assert!(!svg.contains("<pattern") && !svg.contains("<g id="));
        assert!(svg.contains(r##"<use href="#page-c4" x="0"/><use href="#page-c1" x="26"/><use href="#page-c4" x="52"/>"##));
        assert!(svg.contains(r##"<use href="#page-c1"/></svg>Abstaining</li>"##));
        let defs = shared_cells("page", &LABELS.letters);
        assert!(defs.starts_with("<svg") && defs.contains(r#"aria-hidden="true""#));
        assert_eq!(defs.matches(r#"<g id="page-c"#).count(), 5);
        assert_eq!(defs.matches("<pattern id=\"page-").count(), 4);
        assert!(defs.contains(">?</text></g>") && !defs.contains("display"));
    }

    #[test]
    fn a_last_year_before_the_first_draws_one_cell() {
        let svg = vote_strip(&[], 1990, &LABELS);
        assert_eq!(cells(&svg), [4]);
    }

    #[test]
    fn snapshot() {
        let votes = [
            (1996, Vote::Absent),
            (1997, Vote::Abstaining),
            (1999, Vote::Against),
            (2000, Vote::InFavour),
        ];
        insta::assert_snapshot!(vote_strip(&votes, 2000, &LABELS));
    }
}
