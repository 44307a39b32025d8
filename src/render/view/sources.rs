//! The sources page: every source with the pages citing it.

use std::collections::BTreeMap;

use super::{Lens, Link, SourceView, global_id, source_view};
use crate::model::Source;

/// The pages citing each source, by the source's id on the sources page.
#[derive(Default)]
pub(crate) struct CitedBy(BTreeMap<String, Vec<Link>>);

impl CitedBy {
    /// Notes that the page `link` cites the sources with these ids.
    pub(crate) fn note<'s>(&mut self, ids: impl IntoIterator<Item = &'s String>, link: &Link) {
        for id in ids {
            let list = self.0.entry(id.clone()).or_default();
            // Each page is noted once, so a page already citing the source is the last.
            if list.last().is_none_or(|l| l.href != link.href) {
                list.push(link.clone());
            }
        }
    }
}

/// Every source, in alphabetical order of title, with the pages citing it.
pub(crate) fn all_sources(lens: &Lens, cited_by: &CitedBy) -> Vec<SourceView> {
    let content = lens.content;
    // Each source with its title in the page language and its id, found once.
    let mut all: Vec<(String, String, &Source)> = content
        .sources
        .values()
        .chain(content.states.iter().flat_map(|s| s.sources.values()))
        .map(|s| (lens.tr(&s.title).text, global_id(s), s))
        .collect();
    all.sort_by(|(a_title, a_id, _), (b_title, b_id, _)| {
        lens.format
            .compare(a_title, b_title)
            .then_with(|| a_id.cmp(b_id))
    });
    all.into_iter()
        .map(|(_, id, s)| {
            let cited = cited_by.0.get(&id).cloned().unwrap_or_default();
            let mut v = source_view(lens, s, 0, id);
            v.cited_by = cited;
            v
        })
        .collect()
}
