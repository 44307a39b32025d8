//! The regions with their States.

use serde::Serialize;

use super::state::{StateRow, sorted_rows};
use super::{Lens, Translated, region_link};
use crate::render::routes;

#[derive(Serialize)]
pub(crate) struct RegionView {
    pub(crate) anchor: String,
    pub(crate) name: Translated,
    pub(crate) slug: String,
    pub(crate) rows: Vec<StateRow>,
    /// The States not party of every region, this one highlighted (its bar chart).
    pub(crate) by_region: Vec<RegionCount>,
}

/// The number of States not party of a region: a row of the bar chart
/// `bar_chart(rows=...)` and of the table of its numbers.
#[derive(Serialize)]
pub(crate) struct RegionCount {
    /// The region's name in the page language.
    pub(crate) label: String,
    /// Its States not party.
    pub(crate) value: usize,
    /// The same number as the page writes it.
    pub(crate) value_text: String,
    /// Its page, from the language root.
    pub(crate) href: String,
    /// Whether it is the page's own region.
    pub(crate) highlight: bool,
}

/// The States not party by region, in the order of the edition's regions;
/// `current` is highlighted.
pub(crate) fn by_region(lens: &Lens, current: Option<&str>) -> Vec<RegionCount> {
    let content = lens.content;
    content
        .edition
        .regions
        .iter()
        .map(|region| {
            let link = region_link(lens, &region.slug);
            let value = content
                .states
                .iter()
                .filter(|s| s.region == region.slug)
                .count();
            RegionCount {
                label: link.text.text,
                value,
                value_text: lens.format.number(value as u64),
                href: link.href,
                highlight: current == Some(region.slug.as_str()),
            }
        })
        .collect()
}

/// The regions with their States, in the page language's order.
pub(crate) fn regions(lens: &Lens) -> Vec<RegionView> {
    let content = lens.content;
    content
        .edition
        .regions
        .iter()
        .map(|region| RegionView {
            anchor: routes::region_anchor(&region.slug),
            name: lens.tr(&region.name),
            slug: region.slug.clone(),
            rows: sorted_rows(
                lens,
                content.states.iter().filter(|s| s.region == region.slug),
            ),
            by_region: by_region(lens, Some(&region.slug)),
        })
        .collect()
}
