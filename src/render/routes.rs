//! Every address of the site, in one place: where each page is written, how pages
//! link to each other, and which section of the standalone file stands for a page.
//!
//! A page's *path* is relative to its language root (`states/armenia.html`); the
//! file is written at the edition's prefix plus the language prefix plus the path
//! (`fr/states/armenia.html`). Views hold paths; a page reaches them through its
//! [`Hrefs`] or by prefixing them with `root`.

use serde::Serialize;

use crate::model::Lang;

/// The overview.
pub(crate) const INDEX: &str = "index.html";
/// Every source, with the pages citing it.
pub(crate) const SOURCES: &str = "sources.html";
/// The data-gaps report.
pub(crate) const DATA_GAPS: &str = "data-gaps.html";
/// The page a server shows for a missing address.
pub(crate) const NOT_FOUND: &str = "404.html";
/// The whole overview in one self-contained file.
pub(crate) const STANDALONE: &str = "overview-standalone.html";
/// The open data, once for all languages.
pub(crate) const STATES_JSON: &str = "data/states.json";
/// The JSON Schema of [`STATES_JSON`].
pub(crate) const SCHEMA_JSON: &str = "data/schema.json";
/// One row per State.
pub(crate) const STATES_CSV: &str = "data/states.csv";
/// What changed since the previous edition.
pub(crate) const CHANGES: &str = "changes.html";
/// Every edition, at the site root (several editions only).
pub(crate) const EDITIONS: &str = "editions.html";
/// One row per State per edition, at the site root (several editions only).
pub(crate) const TIMELINE_CSV: &str = "data/timeline.csv";
/// The sitemap, when the edition has a `base_url`.
pub(crate) const SITEMAP: &str = "sitemap.xml";
/// Written beside the sitemap.
pub(crate) const ROBOTS: &str = "robots.txt";
/// The stylesheet (inlined into the standalone file).
pub(crate) const STYLESHEET: &str = "assets/style.css";
/// The site's icon.
pub(crate) const FAVICON: &str = "assets/favicon.svg";

/// A State's page.
pub(crate) fn state(slug: &str) -> String {
    format!("states/{slug}.html")
}

/// A region's page.
pub(crate) fn region(slug: &str) -> String {
    format!("regions/{slug}.html")
}

/// An extra page.
pub(crate) fn page(slug: &str) -> String {
    format!("pages/{slug}.html")
}

/// A file copied from `templates/assets/`.
pub(crate) fn asset(rel: &str) -> String {
    format!("assets/{rel}")
}

/// Where an edition's own copy stands in the archive: `editions/<id>/`.
pub(crate) fn edition_prefix(id: &str) -> String {
    format!("editions/{id}/")
}

/// An output path split into its edition prefix (`editions/<id>/`, or nothing) and
/// the rest.
pub(crate) fn split_edition(path: &str) -> (&str, &str) {
    if let Some(rest) = path.strip_prefix("editions/")
        && let Some((id, _)) = rest.split_once('/')
    {
        let cut = "editions/".len() + id.len() + 1;
        return (&path[..cut], &path[cut..]);
    }
    ("", path)
}

/// `fr/` for a language other than the default, else nothing.
pub(crate) fn lang_prefix(lang: &Lang, default: &Lang) -> String {
    if lang == default {
        String::new()
    } else {
        format!("{lang}/")
    }
}

/// Whether an output path is a page of a language other than the default's.
pub(crate) fn in_other_language(path: &str, languages: &[Lang]) -> bool {
    path.split_once('/')
        .is_some_and(|(dir, _)| languages.iter().any(|l| l.as_str() == dir))
}

/// A page of one language, as its path names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route<'p> {
    /// A State's page, by slug.
    State(&'p str),
    /// A region's page, by slug.
    Region(&'p str),
    /// An extra page, by slug.
    Page(&'p str),
    /// Any other page (overview, sources, data gaps, changes...).
    Fixed(&'p str),
}

impl<'p> Route<'p> {
    /// The page a path names.
    pub(crate) fn of(path: &'p str) -> Route<'p> {
        let page = |dir: &str| path.strip_prefix(dir).and_then(|p| p.strip_suffix(".html"));
        if let Some(slug) = page("states/") {
            Route::State(slug)
        } else if let Some(slug) = page("regions/") {
            Route::Region(slug)
        } else if let Some(slug) = page("pages/") {
            Route::Page(slug)
        } else {
            Route::Fixed(path)
        }
    }
}

/// The anchor of a State's section in the standalone file.
pub(crate) fn state_anchor(slug: &str) -> String {
    format!("state-{slug}")
}

/// The anchor of a region in the standalone file.
pub(crate) fn region_anchor(slug: &str) -> String {
    format!("region-{slug}")
}

/// The anchor of an extra page's section in the standalone file.
pub(crate) fn page_anchor(slug: &str) -> String {
    format!("page-{slug}")
}

/// The anchor prefix of a State's sources in the standalone file (`armenia-`).
pub(crate) fn state_sources_prefix(slug: &str) -> String {
    format!("{slug}-")
}

/// Where a link between pages leads inside the standalone file: the anchor of the
/// section standing for `path` (relative to a language root, `../` and `./` already
/// removed), or `None` for a file the standalone file does not contain.
pub(crate) fn standalone_anchor(path: &str, fragment: Option<&str>) -> Option<String> {
    Some(match Route::of(path) {
        Route::Fixed(INDEX | STANDALONE) => "top".to_string(),
        Route::State(slug) => match fragment {
            Some(f) if f.starts_with("src-") => format!("{}{f}", state_sources_prefix(slug)),
            _ => state_anchor(slug),
        },
        Route::Region(slug) => region_anchor(slug),
        Route::Page(slug) => page_anchor(slug),
        Route::Fixed(SOURCES) => fragment.unwrap_or("all-sources").to_string(),
        Route::Fixed(DATA_GAPS) => "data-gaps".to_string(),
        Route::Fixed(_) => return None,
    })
}

/// The addresses a page's template needs, relative to that page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Hrefs {
    /// The overview.
    pub(crate) index: String,
    /// The sources page.
    pub(crate) sources: String,
    /// The data-gaps report.
    pub(crate) data_gaps: String,
    /// The standalone file.
    pub(crate) standalone: String,
    /// The stylesheet.
    pub(crate) stylesheet: String,
    /// The icon.
    pub(crate) favicon: String,
    /// The open data.
    pub(crate) states_json: String,
    /// The open data's schema.
    pub(crate) schema_json: String,
    /// The open data as CSV.
    pub(crate) states_csv: String,
    /// What changed since the previous edition.
    pub(crate) changes: String,
    /// Every edition (the site root's page, in the page's language).
    pub(crate) editions: String,
}

/// Where a page stands: the prefixes that lead from it to its language root, to its
/// edition's root and to the site root.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    /// From the page to its language root (`../` for `states/x.html`).
    pub(crate) root: String,
    /// From the page to its edition's root (its data files).
    pub(crate) edition_root: String,
    /// From the page to the site root (assets, the list of editions).
    pub(crate) site_root: String,
    /// The page's language prefix (`fr/`, or nothing).
    lang_prefix: String,
}

impl Place {
    /// The place of the page `path` (relative to the language root) in a language,
    /// in the edition written at `edition_prefix` (nothing, or `editions/<id>/`).
    pub(crate) fn of(path: &str, lang: &Lang, default: &Lang, edition_prefix: &str) -> Place {
        let root = "../".repeat(path.matches('/').count());
        let lang_prefix = lang_prefix(lang, default);
        let edition_root = format!("{root}{}", "../".repeat(lang_prefix.matches('/').count()));
        let site_root = format!(
            "{edition_root}{}",
            "../".repeat(edition_prefix.matches('/').count())
        );
        Place {
            root,
            edition_root,
            site_root,
            lang_prefix,
        }
    }

    /// The addresses the page's template needs.
    pub(crate) fn hrefs(&self) -> Hrefs {
        let page = |p: &str| format!("{}{p}", self.root);
        let data = |p: &str| format!("{}{p}", self.edition_root);
        let file = |p: &str| format!("{}{p}", self.site_root);
        Hrefs {
            index: page(INDEX),
            sources: page(SOURCES),
            data_gaps: page(DATA_GAPS),
            standalone: page(STANDALONE),
            changes: page(CHANGES),
            stylesheet: file(STYLESHEET),
            favicon: file(FAVICON),
            editions: format!("{}{}{EDITIONS}", self.site_root, self.lang_prefix),
            states_json: data(STATES_JSON),
            schema_json: data(SCHEMA_JSON),
            states_csv: data(STATES_CSV),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_page_in_a_second_language_reaches_both_roots() {
        let en = Lang("en".into());
        let fr = Lang("fr".into());
        let place = Place::of(&state("armenia"), &fr, &en, "");
        assert_eq!(place.root, "../");
        assert_eq!(place.site_root, "../../");
        let hrefs = place.hrefs();
        assert_eq!(hrefs.index, "../index.html");
        assert_eq!(hrefs.stylesheet, "../../assets/style.css");
        assert_eq!(hrefs.states_csv, "../../data/states.csv");
        assert_eq!(hrefs.editions, "../../fr/editions.html");
        // The same page in an archived edition: its data are the edition's own, the
        // assets and the list of editions the site's.
        let hrefs = Place::of(&state("armenia"), &fr, &en, &edition_prefix("2020-11")).hrefs();
        assert_eq!(hrefs.states_csv, "../../data/states.csv");
        assert_eq!(hrefs.stylesheet, "../../../../assets/style.css");
        assert_eq!(hrefs.editions, "../../../../fr/editions.html");
        assert_eq!(
            split_edition("editions/2020-11/fr/index.html"),
            ("editions/2020-11/", "fr/index.html")
        );
        assert_eq!(split_edition("fr/index.html"), ("", "fr/index.html"));
        assert_eq!(lang_prefix(&fr, &en), "fr/");
        assert_eq!(lang_prefix(&en, &en), "");
    }

    #[test]
    fn pages_map_to_standalone_sections() {
        assert_eq!(
            standalone_anchor(&state("armenia"), None).as_deref(),
            Some("state-armenia")
        );
        assert_eq!(
            standalone_anchor(&state("armenia"), Some("src-monitor")).as_deref(),
            Some("armenia-src-monitor")
        );
        assert_eq!(
            standalone_anchor(&region("asia"), None).as_deref(),
            Some("region-asia")
        );
        assert_eq!(standalone_anchor(INDEX, None).as_deref(), Some("top"));
        assert_eq!(standalone_anchor(STATES_CSV, None), None);
    }
}
