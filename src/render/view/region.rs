//! The regions with their States.

use serde::Serialize;

use super::state::{StateRow, sorted_rows};
use super::{Lens, Translated};
use crate::render::routes;

#[derive(Serialize)]
pub(crate) struct RegionView {
    pub(crate) anchor: String,
    pub(crate) name: Translated,
    pub(crate) slug: String,
    pub(crate) rows: Vec<StateRow>,
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
        })
        .collect()
}
