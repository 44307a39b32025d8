//! The pages of one language: which exist, where they go, and what each shows.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Job;
use super::i18n::Strings;
use super::view::{
    self, Citations, Cite, DateView, InfoView, Lens, Link, OutreachItem, SourceView, StateRow, Tr,
};
use crate::derive::BLOCKS;
use crate::model::{Page, Source, State, Vocabulary};

/// Page data common to every page.
#[derive(Serialize)]
struct Common {
    /// Language code.
    lang: String,
    /// `ltr` or `rtl`.
    dir: &'static str,
    /// Prefix from the page to its language root (`../` for states/x.html).
    root: String,
    /// Prefix from the page to the site root (assets, data files).
    site_root: String,
    /// Path of the page from its language root.
    path: String,
    /// The same page in every language.
    alternates: Vec<Alternate>,
    /// The edition's title, date and Convention.
    edition: EditionView,
    /// Regions, for the navigation.
    regions: Vec<Link>,
    /// Extra pages, for the navigation.
    pages: Vec<Link>,
    /// Absolute address of the page, when the edition has a `base_url`.
    canonical: Option<String>,
    /// Absolute address of the page's language root, when the edition has a `base_url`
    /// (the 404 page, served for any missing path, uses it as its `<base>`).
    base_href: Option<String>,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    name: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct EditionView {
    title: Tr,
    name: Tr,
    short_name: Tr,
    states_parties: String,
    states_not_party: String,
    possible_members: String,
    as_of: DateView,
    meeting: Option<Tr>,
    publisher: Option<Tr>,
    contact: Option<String>,
    license: Option<String>,
    stale_after_years: Option<u32>,
}

/// The pages citing each source, by the source's id on the sources page.
#[derive(Default)]
pub struct CitedBy(BTreeMap<String, Vec<Link>>);

impl CitedBy {
    /// Notes that the page `link` cites the sources with these ids.
    pub fn note<'s>(&mut self, ids: impl IntoIterator<Item = &'s String>, link: &Link) {
        for id in ids {
            let list = self.0.entry(id.clone()).or_default();
            if !list.iter().any(|l| l.href == link.href) {
                list.push(link.clone());
            }
        }
    }
}

/// What one State gives each language: its page, its section of the standalone
/// file, and the sources it cites (to list the pages citing each source).
pub struct StateJobs {
    /// The State's page.
    pub page: Job,
    /// Its section of the standalone file (an HTML fragment).
    pub section: Job,
    /// Ids (on the sources page) of the sources it cites.
    pub cited: Vec<String>,
    /// Link to its page.
    pub link: Link,
}

/// The page and standalone section of one State in one language.
pub fn state_jobs(lens: &Lens, strings: &Strings, state: &State) -> StateJobs {
    let (page, cited) = view::state_view(lens, state, "", 3);
    let (section, _) = view::state_view(lens, state, &format!("{}-", state.slug), 4);
    let path = format!("states/{}.html", state.slug);
    StateJobs {
        page: job(
            lens,
            strings,
            &path,
            "state.html",
            [("state", to_value(&page))],
        ),
        section: job(
            lens,
            strings,
            STANDALONE,
            "partials/state-section.html",
            [("s", to_value(&section))],
        ),
        cited: cited.iter().map(|s| view::global_id(s)).collect(),
        link: view::state_link(lens, state),
    }
}

/// A State's name and anchor, for the standalone file's table of contents.
#[derive(Serialize)]
pub struct TocEntry {
    /// Slug.
    pub slug: String,
    /// Name in the page language.
    pub name: Tr,
}

/// The parts of one language's pages that draw on every State, rendered once and used
/// both in their page and in the standalone file (overview, sources, data gaps, extra
/// pages), with the pages that need no such sharing (regions, 404).
pub fn part_jobs(lens: &Lens, strings: &Strings, mut cited_by: CitedBy) -> Vec<Job> {
    let content = lens.content;
    let (overview, cited) = overview(lens, "overview-");
    let ids: Vec<String> = cited.iter().map(|s| view::global_id(s)).collect();
    cited_by.note(&ids, &page_link(lens, "index.html", "nav.overview"));
    let mut jobs = vec![part(
        lens,
        strings,
        "index.html",
        "partials/overview-body.html",
        ("overview", to_value(&overview)),
    )];
    for page in &content.pages {
        let (page_data, cited) = page_view(lens, page, &format!("page-{}-", page.slug), 2);
        let path = format!("pages/{}.html", page.slug);
        let ids: Vec<String> = cited.iter().map(|s| view::global_id(s)).collect();
        cited_by.note(
            &ids,
            &Link {
                href: path.clone(),
                text: page_data.title.clone(),
            },
        );
        jobs.push(part(
            lens,
            strings,
            &path,
            "partials/page-body.html",
            ("page", to_value(&page_data)),
        ));
    }
    jobs.push(part(
        lens,
        strings,
        "data-gaps.html",
        "partials/gaps-body.html",
        ("gaps", to_value(&gaps(lens))),
    ));
    let sources = all_sources(lens, &cited_by);
    jobs.push(part(
        lens,
        strings,
        "sources.html",
        "partials/sources-body.html",
        ("sources", to_value(&sources)),
    ));
    for region in regions(lens) {
        let path = format!("regions/{}.html", region.slug);
        jobs.push(job(
            lens,
            strings,
            &path,
            "region.html",
            [("region", to_value(&region))],
        ));
    }
    jobs.push(job(lens, strings, "404.html", "404.html", []));
    jobs
}

/// A part of a page, rendered alone (its job's path is the page it belongs to).
fn part(
    lens: &Lens,
    strings: &Strings,
    page: &str,
    template: &'static str,
    data: (&str, serde_json::Value),
) -> Job {
    job(lens, strings, page, template, [data])
}

/// The pages of one language made of rendered parts, and its standalone file.
/// `parts` maps each part's page path (as in [`part_jobs`]) to its HTML. The
/// standalone file is rendered with [`marker`]s where its parts go (`states` for
/// the State sections); the renderer splices them in.
pub fn page_jobs(
    lens: &Lens,
    strings: &Strings,
    parts: &BTreeMap<String, String>,
    stylesheet: &str,
    icon: &str,
    toc: Vec<TocEntry>,
) -> Vec<Job> {
    let content = lens.content;
    let prefix = lang_prefix(lens.lang, content.edition.default_lang());
    let body = |page: &str| {
        serde_json::Value::from(
            parts
                .get(&format!("{prefix}{page}"))
                .cloned()
                .unwrap_or_default(),
        )
    };
    let mut jobs = vec![
        job(
            lens,
            strings,
            "index.html",
            "overview.html",
            [("body", body("index.html"))],
        ),
        job(
            lens,
            strings,
            "sources.html",
            "sources.html",
            [("body", body("sources.html"))],
        ),
        job(
            lens,
            strings,
            "data-gaps.html",
            "data-gaps.html",
            [("body", body("data-gaps.html"))],
        ),
    ];
    let mut page_list = Vec::new();
    for page in &content.pages {
        let path = format!("pages/{}.html", page.slug);
        let data = PageView {
            slug: page.slug.clone(),
            title: lens.tr(&page.title),
            description: lens.tr_opt(&page.description),
            body: None,
            sources: Vec::new(),
        };
        page_list.push(
            serde_json::json!({ "slug": page.slug, "title": data.title, "body": marker(&path) }),
        );
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
        STANDALONE,
        "standalone.html",
        [
            ("overview_body", marker("index.html").into()),
            ("region_rows", to_value(&regions(lens))),
            ("toc_states", to_value(&toc)),
            ("state_sections", marker("states").into()),
            ("gaps_body", marker("data-gaps.html").into()),
            ("page_list", serde_json::Value::from(page_list)),
            ("sources_body", marker("sources.html").into()),
            ("stylesheet", serde_json::Value::from(stylesheet)),
            ("icon", serde_json::Value::from(icon)),
        ],
    ));
    jobs
}

/// Where a rendered part goes in the standalone file (an HTML comment).
pub fn marker(part: &str) -> String {
    format!("{MARKER_START}{part}{MARKER_END}")
}

/// The start and end of a [`marker`].
pub const MARKER_START: &str = "<!--snp-part:";
/// The end of a [`marker`].
pub const MARKER_END: &str = "-->";

/// The regions with their States, in the page language's order.
fn regions(lens: &Lens) -> Vec<RegionView> {
    let content = lens.content;
    content
        .edition
        .regions
        .iter()
        .map(|region| RegionView {
            name: lens.tr(&region.name),
            slug: region.slug.clone(),
            rows: view::sorted_rows(
                lens,
                content.states.iter().filter(|s| s.region == region.slug),
            ),
        })
        .collect()
}

/// The name of the standalone file in each language's directory.
pub const STANDALONE: &str = "overview-standalone.html";

/// An extra page (or, with an anchor `prefix`, its section of the standalone file).
fn page_view<'a>(
    lens: &Lens<'a>,
    page: &'a Page,
    prefix: &str,
    heading_base: u8,
) -> (PageView, Vec<&'a Source>) {
    let mut cites = Citations::new(None, prefix);
    let md_prefix = format!("md-{prefix}{}-", page.slug);
    let body = view::document(lens, &mut cites, &page.body, &md_prefix, heading_base);
    let view = PageView {
        slug: page.slug.clone(),
        title: lens.tr(&page.title),
        description: lens.tr_opt(&page.description),
        body,
        sources: cites.list(lens),
    };
    (view, cites.sources().to_vec())
}

/// Every source, in alphabetical order of title, with the pages citing it.
fn all_sources(lens: &Lens, cited_by: &CitedBy) -> Vec<SourceView> {
    let content = lens.content;
    let mut all: Vec<&Source> = content
        .sources
        .values()
        .chain(content.states.iter().flat_map(|s| s.sources.values()))
        .collect();
    all.sort_by(|a, b| {
        lens.format
            .compare(&lens.tr(&a.title).text, &lens.tr(&b.title).text)
            .then_with(|| view::global_id(a).cmp(&view::global_id(b)))
    });
    all.into_iter()
        .map(|s| {
            let mut v = view::source_view(lens, s, 0, view::global_id(s));
            v.cited_by = cited_by
                .0
                .get(&view::global_id(s))
                .cloned()
                .unwrap_or_default();
            v
        })
        .collect()
}

fn to_value<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

fn page_link(lens: &Lens, href: &str, key: &str) -> Link {
    Link {
        href: href.to_string(),
        text: Tr {
            text: lens.strings.get(key).unwrap_or(key).to_string(),
            fallback: None,
        },
    }
}

/// A page job: common data plus the page's own.
fn job<const N: usize>(
    lens: &Lens,
    strings: &Strings,
    path: &str,
    template: &'static str,
    data: [(&str, serde_json::Value); N],
) -> Job {
    let content = lens.content;
    let edition = &content.edition;
    let default = edition.default_lang();
    let depth = path.matches('/').count();
    let root = "../".repeat(depth);
    let site_root = if lens.lang == default {
        root.clone()
    } else {
        format!("{root}../")
    };
    let alternates = edition
        .languages
        .iter()
        .map(|l| Alternate {
            lang: l.to_string(),
            name: strings
                .get(l.as_str(), "language.name")
                .unwrap_or(l.as_str())
                .to_string(),
            href: format!("{site_root}{}{path}", lang_prefix(l, default)),
            current: l == lens.lang,
        })
        .collect();
    let canonical = edition
        .base_url
        .as_ref()
        .map(|base| format!("{base}{}{path}", lang_prefix(lens.lang, default)));
    let base_href = edition
        .base_url
        .as_ref()
        .map(|base| format!("{base}{}", lang_prefix(lens.lang, default)));
    let common = Common {
        canonical,
        base_href,
        lang: lens.lang.to_string(),
        dir: if lens.lang.is_rtl() { "rtl" } else { "ltr" },
        root,
        site_root,
        path: path.to_string(),
        alternates,
        edition: EditionView {
            title: lens.tr(&edition.title),
            name: lens.tr(&edition.convention.name),
            short_name: lens.tr(&edition.convention.short_name),
            states_parties: lens
                .format
                .number(u64::from(edition.convention.states_parties)),
            states_not_party: lens.format.number(content.states.len() as u64),
            possible_members: lens.format.number(u64::from(lens.figures.possible_members)),
            as_of: lens.date(edition.as_of),
            meeting: lens.tr_opt(&edition.meeting),
            publisher: lens.tr_opt(&edition.publisher),
            contact: edition.contact.clone(),
            license: edition.license.clone(),
            stale_after_years: edition.stale_after_years,
        },
        regions: edition
            .regions
            .iter()
            .map(|r| view::region_link(lens, &r.slug))
            .collect(),
        pages: content
            .pages
            .iter()
            .map(|p| Link {
                href: format!("pages/{}.html", p.slug),
                text: lens.tr(&p.title),
            })
            .collect(),
    };
    let mut context = to_value(&common);
    if let serde_json::Value::Object(map) = &mut context {
        for (k, v) in data {
            map.insert(k.to_string(), v);
        }
    }
    Job {
        path: format!("{}{path}", lang_prefix(lens.lang, default)),
        template,
        data: context,
    }
}

/// `fr/` for a language other than the default, else nothing.
pub fn lang_prefix(lang: &crate::model::Lang, default: &crate::model::Lang) -> String {
    if lang == default {
        String::new()
    } else {
        format!("{lang}/")
    }
}

#[derive(Serialize)]
struct RegionView {
    name: Tr,
    slug: String,
    rows: Vec<StateRow>,
}

#[derive(Serialize)]
struct PageView {
    slug: String,
    title: Tr,
    description: Option<Tr>,
    body: Option<Tr>,
    sources: Vec<SourceView>,
}

#[derive(Serialize)]
struct OverviewView {
    intro: Option<Tr>,
    rows: Vec<StateRow>,
    figures: FiguresView,
    vote_history: Vec<YearVotes>,
    resolutions: Vec<ResolutionRow>,
    activities: Vec<OutreachItem>,
    convention_source: Option<Cite>,
    sources: Vec<SourceView>,
}

#[derive(Serialize)]
struct FiguresView {
    vote_year: Option<i16>,
    latest_votes: BTreeMap<&'static str, usize>,
    with_reports: usize,
    with_measures: usize,
    freshness: BTreeMap<&'static str, usize>,
}

/// The votes of the States not party in one year, as counts and as bar segments (percent).
#[derive(Serialize)]
struct YearVotes {
    year: i16,
    segments: Vec<Segment>,
}

#[derive(Serialize)]
struct Segment {
    vote: &'static str,
    count: usize,
    x: f64,
    width: f64,
}

#[derive(Serialize)]
struct ResolutionRow {
    year: i16,
    symbol: Option<String>,
    adopted: Option<DateView>,
    in_favour: Option<String>,
    against: Option<String>,
    abstaining: Option<String>,
    source: Option<Cite>,
    note: Option<Tr>,
}

fn overview<'a>(lens: &Lens<'a>, prefix: &str) -> (OverviewView, Vec<&'a Source>) {
    let content = lens.content;
    let edition = &content.edition;
    let mut cites = Citations::new(None, prefix);
    let md_prefix = format!("md-{prefix}intro-");
    let intro = view::document(lens, &mut cites, &content.index, &md_prefix, 2);
    let convention_source = cites.source(content, &edition.convention.source);
    let rows = view::sorted_rows(lens, content.states.iter());
    let count = |n: Option<u32>| n.map(|n| lens.format.number(u64::from(n)));
    let resolutions = edition
        .resolutions
        .values()
        .rev()
        .map(|r| ResolutionRow {
            year: r.year,
            symbol: r.symbol.clone(),
            adopted: r.adopted.map(|d| lens.date(d)),
            in_favour: count(r.in_favour),
            against: count(r.against),
            abstaining: count(r.abstaining),
            source: cites.cite(content, r.source.as_str()),
            note: view::inline(lens, &mut cites, &r.note),
        })
        .collect();
    let activities = edition
        .activities
        .iter()
        .map(|a| OutreachItem {
            date: lens.partial(a.date),
            kind: a.kind.word(),
            summary: view::inline_text(lens, &mut cites, &a.summary),
            response: None,
            source: cites.source(content, &a.source),
        })
        .collect();
    let vote_history = edition
        .resolutions
        .keys()
        .rev()
        .map(|&year| {
            let total = content.states.len().max(1) as f64;
            let mut x = 0.0;
            let segments = [
                "in_favour",
                "abstaining",
                "against",
                "absent",
                "no_information",
            ]
            .into_iter()
            .map(|vote| {
                let count = content
                    .states
                    .iter()
                    .filter(|s| {
                        let v = s
                            .unga_votes
                            .as_ref()
                            .and_then(|v| v.get(&year))
                            .map(|v| v.value.word());
                        v.unwrap_or("no_information") == vote
                    })
                    .count();
                let width = count as f64 * 100.0 / total;
                let seg = Segment {
                    vote,
                    count,
                    x: (x * 100.0_f64).round() / 100.0,
                    width: (width * 100.0_f64).round() / 100.0,
                };
                x += width;
                seg
            })
            .collect();
            YearVotes { year, segments }
        })
        .collect();
    let figures = lens.figures;
    let view = OverviewView {
        intro,
        rows,
        figures: FiguresView {
            vote_year: figures.vote_year,
            latest_votes: figures.latest_votes.clone(),
            with_reports: figures.with_reports,
            with_measures: figures.with_measures,
            freshness: figures.freshness.clone(),
        },
        vote_history,
        resolutions,
        activities,
        convention_source,
        sources: cites.list(lens),
    };
    (view, cites.sources().to_vec())
}

#[derive(Serialize)]
struct GapsView {
    rows: Vec<GapRow>,
    missing: Vec<(&'static str, usize)>,
    unsourced: Vec<(&'static str, usize)>,
    freshness: BTreeMap<&'static str, usize>,
}

#[derive(Serialize)]
struct GapRow {
    link: Link,
    missing: Vec<&'static str>,
    unsourced: Vec<&'static str>,
    info: InfoView,
}

fn gaps(lens: &Lens) -> GapsView {
    let figures = lens.figures;
    let mut states: Vec<_> = lens.content.states.iter().collect();
    states.sort_by(|a, b| view::by_name(lens, a, b));
    let rows = states
        .into_iter()
        .map(|s| {
            let f = figures.by_state.get(&s.slug);
            GapRow {
                link: view::state_link(lens, s),
                missing: f.map(|f| f.missing.clone()).unwrap_or_default(),
                unsourced: f.map(|f| f.unsourced.clone()).unwrap_or_default(),
                info: view::info_view(lens, s),
            }
        })
        .collect();
    let ordered = |map: &BTreeMap<&'static str, usize>| {
        BLOCKS
            .iter()
            .map(|b| (*b, map.get(b).copied().unwrap_or(0)))
            .collect()
    };
    GapsView {
        rows,
        missing: ordered(&figures.missing),
        unsourced: ordered(&figures.unsourced),
        freshness: figures.freshness.clone(),
    }
}
