//! The data-gaps report.

use std::collections::BTreeMap;

use serde::Serialize;

use super::state::{InfoView, info_view, sort_by_name};
use super::{Lens, Link, state_link};
use crate::derive::Block;
use crate::model::Vocabulary;

#[derive(Serialize)]
pub(crate) struct GapsView {
    pub(crate) rows: Vec<GapRow>,
    pub(crate) missing: Vec<(&'static str, usize)>,
    pub(crate) unsourced: Vec<(&'static str, usize)>,
    pub(crate) freshness: Vec<(&'static str, usize)>,
}

#[derive(Serialize)]
pub(crate) struct GapRow {
    pub(crate) link: Link,
    /// Whether the State is a former State Party (its reports and meetings before its
    /// withdrawal were a State Party's).
    pub(crate) former: bool,
    pub(crate) missing: Vec<Block>,
    pub(crate) unsourced: Vec<Block>,
    pub(crate) info: InfoView,
}

pub(crate) fn gaps(lens: &Lens) -> GapsView {
    let figures = lens.figures;
    let mut states: Vec<_> = lens.content.states.iter().collect();
    sort_by_name(lens, &mut states, |s| s);
    let rows = states
        .into_iter()
        .map(|s| {
            let f = figures.by_state.get(&s.slug);
            GapRow {
                link: state_link(lens, s),
                former: s.status.value == crate::model::Status::Withdrawn,
                missing: f.map(|f| f.missing.clone()).unwrap_or_default(),
                unsourced: f.map(|f| f.unsourced.clone()).unwrap_or_default(),
                info: info_view(lens, s),
            }
        })
        .collect();
    let ordered = |map: &BTreeMap<Block, usize>| map.iter().map(|(b, n)| (b.word(), *n)).collect();
    GapsView {
        rows,
        missing: ordered(&figures.missing),
        unsourced: ordered(&figures.unsourced),
        freshness: figures
            .freshness
            .iter()
            .map(|(f, n)| (f.word(), *n))
            .collect(),
    }
}
