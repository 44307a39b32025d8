//! The list of pages to render for one language: which exist, where they go, and
//! with which template and data.

use serde::Serialize;

use super::Job;
use super::context::{Data, job, to_value};
use super::i18n::Strings;
use super::routes;
use super::standalone::{ITEMS_PART, STATES_PART, marker};
use super::view::gaps::gaps;
use super::view::overview::overview;
use super::view::page::{PageView, page_view};
use super::view::region::regions;
use super::view::sources::{CitedBy, all_sources};
use super::view::{self, Lens, Link, Translated};
use crate::derive::Figures;
use crate::model::State;

/// The prefix of the overview's anchors (kept apart from the States' in the
/// standalone file).
const OVERVIEW_ANCHORS: &str = "overview-";

/// What one State gives each language: its page, and the sources it cites (to list
/// the pages citing each source). Its section of the standalone file is
/// [`section_job`].
pub(crate) struct StateJobs {
    /// The State's page.
    pub(crate) page: Job,
    /// Ids (on the sources page) of the sources it cites.
    pub(crate) cited: Vec<String>,
    /// Link to its page.
    pub(crate) link: Link,
}

/// The page of one State in one language.
pub(crate) fn state_jobs(lens: &Lens, strings: &Strings, state: &State) -> StateJobs {
    let (page, cited) = view::state::state_view(lens, state, "", 3);
    let path = routes::state(&state.slug);
    StateJobs {
        page: job(
            lens,
            strings,
            &path,
            "state.html",
            [("state", to_value(&page))],
        ),
        cited: cited.iter().map(|s| view::global_id(s)).collect(),
        link: view::state_link(lens, state),
    }
}

/// The standalone section of one State in one language (an HTML fragment).
pub(crate) fn section_job(lens: &Lens, strings: &Strings, state: &State) -> Job {
    let (section, _) =
        view::state::state_view(lens, state, &routes::state_sources_prefix(&state.slug), 4);
    job(
        lens,
        strings,
        routes::STANDALONE,
        "partials/state-section.html",
        [("section", to_value(&section))],
    )
}

/// A State's name and anchor, for the standalone file's table of contents.
#[derive(Serialize)]
pub(crate) struct TocEntry {
    /// Its section's anchor.
    pub(crate) anchor: String,
    /// Name in the page language.
    pub(crate) name: Translated,
}

/// The parts of one language's pages that draw on every State, rendered once and used
/// both in their page and in the standalone file (overview, sources, data gaps, extra
/// pages), with the pages that need no such sharing (regions, 404). Each job is given
/// to `emit` as soon as it is built, and its data dropped before the next is built:
/// only one part's data is held at a time (the overview's or the sources' data of
/// 10,000 States is hundreds of megabytes).
pub(crate) fn part_jobs(
    lens: &Lens,
    strings: &Strings,
    mut cited_by: CitedBy,
    emit: &mut dyn FnMut(Job),
) {
    let content = lens.content;
    {
        let (overview, cited) = overview(lens, OVERVIEW_ANCHORS);
        let ids: Vec<String> = cited.iter().map(|s| view::global_id(s)).collect();
        cited_by.note(&ids, &page_link(lens, routes::INDEX, "nav.overview"));
        emit(part(
            lens,
            strings,
            routes::INDEX,
            "partials/overview-body.html",
            ("overview", to_value(&overview)),
        ));
    }
    for page in &content.pages {
        let (page_data, cited) = page_view(
            lens,
            page,
            &format!("{}-", routes::page_anchor(&page.slug)),
            2,
        );
        let path = routes::page(&page.slug);
        let ids: Vec<String> = cited.iter().map(|s| view::global_id(s)).collect();
        cited_by.note(
            &ids,
            &Link {
                href: path.clone(),
                text: page_data.title.clone(),
            },
        );
        emit(part(
            lens,
            strings,
            &path,
            "partials/page-body.html",
            ("page", to_value(&page_data)),
        ));
    }
    emit(part(
        lens,
        strings,
        routes::DATA_GAPS,
        "partials/gaps-body.html",
        ("gaps", to_value(&gaps(lens))),
    ));
    {
        let (changes, cited) = view::archive::changes(lens);
        let ids: Vec<String> = cited.iter().map(|s| view::global_id(s)).collect();
        cited_by.note(&ids, &page_link(lens, routes::CHANGES, "changes.title"));
        emit(job(
            lens,
            strings,
            routes::CHANGES,
            "changes.html",
            [("changes", to_value(&changes))],
        ));
    }
    let sources = all_sources(lens, &cited_by);
    drop(cited_by);
    emit(part(
        lens,
        strings,
        routes::SOURCES,
        "partials/sources-body.html",
        ("items", to_value(&marker(ITEMS_PART))),
    ));
    // Its items a few hundred at a time: each chunk's data is dropped once rendered.
    for (n, chunk) in sources.chunks(SOURCES_CHUNK).enumerate() {
        emit(part(
            lens,
            strings,
            &piece(routes::SOURCES, n),
            "partials/source-items.html",
            ("sources", to_value(chunk)),
        ));
    }
    drop(sources);
    for region in regions(lens) {
        let path = routes::region(&region.slug);
        emit(job(
            lens,
            strings,
            &path,
            "region.html",
            [("region", to_value(&region))],
        ));
    }
    emit(job(lens, strings, routes::NOT_FOUND, "404.html", []));
}

/// The list of editions, at the site root, in one language.
pub(crate) fn editions_job(lens: &Lens, strings: &Strings, figures: &[Figures]) -> Job {
    job(
        lens,
        strings,
        routes::EDITIONS,
        "editions.html",
        [(
            "editions",
            to_value(&view::archive::editions(lens, figures)),
        )],
    )
}

/// How many sources' items are rendered at once (their Tera values are about 6 KB
/// each: all 20,000 sources of 10,000 States at once were 115 MiB).
const SOURCES_CHUNK: usize = 500;

/// The path of the `n`th piece of the part of `page`: rendered alone, and written
/// into that part at its [`ITEMS_PART`] marker, after the pieces before it.
fn piece(page: &str, n: usize) -> String {
    format!("{page}#{n}")
}

/// The page whose part a job's output is a piece of (see [`piece`]).
pub(crate) fn piece_of(path: &str) -> Option<&str> {
    path.split_once('#').map(|(page, _)| page)
}

/// A part of a page, rendered alone (its job's path is the page it belongs to).
fn part(
    lens: &Lens,
    strings: &Strings,
    page: &str,
    template: &'static str,
    data: (&str, Data),
) -> Job {
    job(lens, strings, page, template, [data])
}

/// The pages of one language made of rendered parts, and its standalone file. Each
/// page is rendered with the [`marker`] of its part (named by its path, as in
/// [`part_jobs`]) as its `body`, and the standalone file with [`marker`]s where its
/// parts go (`states` for the State sections); the renderer splices them in.
pub(crate) fn page_jobs(
    lens: &Lens,
    strings: &Strings,
    stylesheet: &str,
    icon: &str,
    toc: Vec<TocEntry>,
) -> Vec<Job> {
    let content = lens.content;
    let body = |page: &str| to_value(&marker(page));
    let mut jobs = vec![
        job(
            lens,
            strings,
            routes::INDEX,
            "overview.html",
            [("body", body(routes::INDEX))],
        ),
        job(
            lens,
            strings,
            routes::SOURCES,
            "sources.html",
            [("body", body(routes::SOURCES))],
        ),
        job(
            lens,
            strings,
            routes::DATA_GAPS,
            "data-gaps.html",
            [("body", body(routes::DATA_GAPS))],
        ),
    ];
    let mut page_list = Vec::new();
    for page in &content.pages {
        let path = routes::page(&page.slug);
        let data = PageView {
            anchor_prefix: String::new(),
            slug: page.slug.clone(),
            title: lens.tr(&page.title),
            description: lens.tr_opt(&page.description),
            body: None,
            sources: Vec::new(),
        };
        page_list.push(PageEntry {
            anchor: routes::page_anchor(&page.slug),
            title: data.title.clone(),
            body: marker(&path),
        });
        jobs.push(job(
            lens,
            strings,
            &path,
            "page.html",
            [("page", to_value(&data)), ("body", body(&path))],
        ));
    }
    jobs.push(job(
        lens,
        strings,
        routes::STANDALONE,
        "standalone.html",
        [
            ("overview_body", to_value(&marker(routes::INDEX))),
            ("region_rows", to_value(&regions(lens))),
            ("toc_states", to_value(&toc)),
            ("state_sections", to_value(&marker(STATES_PART))),
            ("gaps_body", to_value(&marker(routes::DATA_GAPS))),
            ("page_list", to_value(&page_list)),
            ("sources_body", to_value(&marker(routes::SOURCES))),
            ("stylesheet", to_value(stylesheet)),
            ("icon", to_value(icon)),
        ],
    ));
    jobs
}

/// An extra page in the standalone file: its anchor, title and the marker of its body.
#[derive(Serialize)]
struct PageEntry {
    anchor: String,
    title: Translated,
    body: String,
}

fn page_link(lens: &Lens, href: &str, key: &str) -> Link {
    Link {
        href: href.to_string(),
        text: Translated {
            text: lens.strings.get(key).unwrap_or(key).to_string(),
            fallback: None,
        },
    }
}
