//! An extra page (methodology...).

use serde::Serialize;

use super::{Citations, Lens, SourceView, Translated, document};
use crate::model::{Page, Source};

#[derive(Serialize)]
pub(crate) struct PageView {
    /// Prefix of the anchors of its section (standalone file).
    pub(crate) anchor_prefix: String,
    pub(crate) slug: String,
    pub(crate) title: Translated,
    pub(crate) description: Option<Translated>,
    pub(crate) body: Option<Translated>,
    pub(crate) sources: Vec<SourceView>,
}

/// An extra page (or, with an anchor `prefix`, its section of the standalone file).
pub(crate) fn page_view<'a>(
    lens: &Lens<'a>,
    page: &'a Page,
    prefix: &str,
    heading_base: u8,
) -> (PageView, Vec<&'a Source>) {
    let mut cites = Citations::new(None, prefix);
    let md_prefix = format!("md-{prefix}{}-", page.slug);
    let body = document(lens, &mut cites, &page.body, &md_prefix, heading_base);
    let view = PageView {
        anchor_prefix: prefix.to_string(),
        slug: page.slug.clone(),
        title: lens.tr(&page.title),
        description: lens.tr_opt(&page.description),
        body,
        sources: cites.list(lens),
    };
    (view, cites.sources().to_vec())
}
