//! A State's votes on the annual General Assembly resolution as a strip: one
//! cell a year, coloured and lettered by vote; a year with no information is a
//! dotted cell with its own letter, never a vote.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{
    Fill, INK, LegendItem, VOTES, Vote, esc, legend, num, svg_open, vote_fill, vote_index,
};

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
pub fn vote_strip(votes: &[(i16, Vote)], last_year: i16, labels: &StripLabels<'_>) -> String {
    let last_year = last_year.max(FIRST_YEAR);
    let by_year: BTreeMap<i16, Vote> = votes.iter().copied().collect();
    let p = esc(labels.id);
    let years = usize::try_from(last_year - FIRST_YEAR + 1).unwrap_or(1);
    let strip_width = years as f32 * (CELL + GAP) - GAP;

    let items: Vec<LegendItem<'_>> = VOTES
        .iter()
        .map(|v| LegendItem {
            fill: vote_fill(*v),
            label: labels.words[vote_index(*v)],
            dashed: false,
        })
        .collect();
    // A margin on the right for the last year's label, centred under its cell.
    let width = strip_width + FONT_SIZE;
    let height = CELL + FONT_SIZE * 1.6;

    let mut svg = svg_open(width, height, "chart-strip", FONT_SIZE, false);
    let _ = write!(
        svg,
        r#" role="img" aria-labelledby="{p}-name"><title id="{p}-name">{}</title><defs>"#,
        esc(labels.name)
    );
    for v in VOTES {
        svg.push_str(&vote_fill(v).def(&p));
    }
    svg.push_str("</defs>");
    for (i, year) in (FIRST_YEAR..=last_year).enumerate() {
        let x = i as f32 * (CELL + GAP);
        let vote = by_year.get(&year).copied();
        let fill = vote_fill(vote);
        let _ = write!(
            svg,
            r#"<rect x="{}" y="0" width="{}" height="{}" fill="{}" stroke="{INK}" stroke-width="0.5"/><text x="{}" y="{}" text-anchor="middle" font-weight="700" fill="{}"{}>{}</text>"#,
            num(x),
            num(CELL),
            num(CELL),
            fill.attr(&p),
            num(x + CELL / 2.0),
            num(CELL / 2.0 + FONT_SIZE * 0.36),
            letter_colour(fill),
            letter_halo(fill),
            esc(labels.letters[vote_index(vote)])
        );
        // The year under the first and last cells and every fifth year.
        if year == FIRST_YEAR
            || year == last_year
            || (year % 5 == 0 && last_year - year >= 3 && year - FIRST_YEAR >= 3)
        {
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" text-anchor="middle">{year}</text>"#,
                num(x + CELL / 2.0),
                num(CELL + FONT_SIZE * 1.2)
            );
        }
    }
    svg.push_str("</svg>");
    svg.push_str(&legend(&items, &p));
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
        assert_eq!(
            svg.matches("<rect x=").count(),
            5 + 5,
            "5 cells and 5 legend swatches"
        );
        let letters: Vec<&str> = svg
            .split(r#"font-weight="700""#)
            .skip(1)
            .map(|s| {
                s.split('>')
                    .nth(1)
                    .and_then(|t| t.split('<').next())
                    .unwrap_or("")
            })
            .collect();
        assert_eq!(letters, ["Y", "?", "N", "?", "?"]);
        assert!(!svg.contains("2031"));
    }

    #[test]
    fn a_last_year_before_the_first_draws_one_cell() {
        let svg = vote_strip(&[], 1990, &LABELS);
        assert_eq!(svg.matches(r#"font-weight="700""#).count(), 1);
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
