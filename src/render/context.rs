//! What every page shares: its language, place, navigation and edition.

use serde::Serialize;

use super::Job;
use super::i18n::Strings;
use super::routes::{self, Hrefs, Place, Route};
use super::view::{self, DateView, Lens, Link, Translated};

/// Page data common to every page.
#[derive(Serialize)]
struct Common {
    /// Language code.
    lang: String,
    /// `ltr` or `rtl`.
    dir: &'static str,
    /// Prefix from the page to its language root (`../` for states/x.html).
    root: String,
    /// Path of the page from its language root.
    path: String,
    /// The addresses the page links to, relative to it.
    href: Hrefs,
    /// The edition among the others: `None` when the content holds one edition.
    archive: Option<ArchiveView>,
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
    title: Translated,
    name: Translated,
    short_name: Translated,
    states_parties: String,
    states_not_party: String,
    possible_members: String,
    /// The same three figures as numbers, for their plural forms.
    counts: EditionCounts,
    as_of: DateView,
    meeting: Option<Translated>,
    publisher: Option<Translated>,
    contact: Option<String>,
    license: Option<String>,
    stale_after_years: Option<u32>,
}

/// Figures of the edition as numbers, for `t(key=..., n=...)`.
#[derive(Serialize)]
struct EditionCounts {
    states_parties: u64,
    states_not_party: u64,
    possible_members: u64,
}

/// Where the page's edition stands in the archive.
#[derive(Serialize)]
struct ArchiveView {
    /// Whether it is the current edition.
    current: bool,
    /// The current edition's date.
    current_as_of: DateView,
    /// The same page in the current edition (or its overview), from this page.
    current_href: String,
}

/// The page's edition among the others, when there are several.
fn archive_view(lens: &Lens, place: &Place, path: &str) -> Option<ArchiveView> {
    let publication = &lens.publication;
    if !publication.archive.several {
        return None;
    }
    let current = publication.archive.current();
    let default = current.edition.default_lang();
    let lang = if current.edition.languages.contains(lens.lang) {
        lens.lang
    } else {
        default
    };
    let counterpart = match Route::of(path) {
        Route::State(slug) => lens
            .content
            .states
            .iter()
            .find(|s| s.slug == slug)
            .and_then(|s| current.states.iter().find(|c| c.iso3 == s.iso3))
            .map_or_else(|| routes::INDEX.to_string(), |c| routes::state(&c.slug)),
        Route::Region(slug) if current.edition.region(slug).is_none() => routes::INDEX.to_string(),
        Route::Page(slug) if !current.pages.iter().any(|p| p.slug == slug) => {
            routes::INDEX.to_string()
        }
        _ => path.to_string(),
    };
    Some(ArchiveView {
        current: publication.is_current(),
        current_as_of: lens.date(current.edition.as_of),
        current_href: format!(
            "{}{}{counterpart}",
            place.site_root,
            routes::lang_prefix(lang, default)
        ),
    })
}

/// A view that could not be turned into template data.
#[derive(Debug, thiserror::Error)]
#[error("cannot turn the page's data into template variables: {0}")]
pub(crate) struct DataError(String);

/// The value of one template variable, or why it could not be built.
pub(crate) type Data = Result<tera::Value, DataError>;

/// A view as the value of a template variable, built straight from the view (no
/// intermediate JSON).
pub(crate) fn to_value<T: Serialize + ?Sized>(value: &T) -> Data {
    tera::Value::try_from_serializable(value).map_err(|err| DataError(err.to_string()))
}

/// A page's template variables, in a fixed order: the shared ones, then its own.
#[derive(Debug, Default)]
pub(crate) struct Variables(Vec<(String, tera::Value)>);

impl Variables {
    /// The Tera context (the values are shared, not copied).
    pub(crate) fn context(&self) -> tera::Context {
        let mut context = tera::Context::new();
        for (name, value) in &self.0 {
            context.insert_value(name.clone(), value.clone());
        }
        context
    }

    /// Each variable's name and value, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &tera::Value)> {
        self.0.iter().map(|(name, value)| (name.as_str(), value))
    }
}
/// A page job: common data plus the page's own.
pub(crate) fn job<const N: usize>(
    lens: &Lens,
    strings: &Strings,
    path: &str,
    template: &'static str,
    data: [(&str, Data); N],
) -> Job {
    let content = lens.content;
    let edition = &content.edition;
    let default = edition.default_lang();
    let prefix = lens.publication.prefix();
    let lang_prefix = routes::lang_prefix(lens.lang, default);
    let place = Place::of(path, lens.lang, default, &prefix);
    let href = place.hrefs();
    let Place {
        root, edition_root, ..
    } = place.clone();
    let alternates = edition
        .languages
        .iter()
        .map(|l| Alternate {
            lang: l.to_string(),
            name: strings
                .get(l.as_str(), "language.name")
                .unwrap_or(l.as_str())
                .to_string(),
            href: format!("{edition_root}{}{path}", routes::lang_prefix(l, default)),
            current: l == lens.lang,
        })
        .collect();
    let canonical = edition
        .base_url
        .as_ref()
        .map(|base| format!("{base}{prefix}{lang_prefix}{path}"));
    let base_href = edition
        .base_url
        .as_ref()
        .map(|base| format!("{base}{prefix}{lang_prefix}"));
    let archive = archive_view(lens, &place, path);
    let common = Common {
        canonical,
        base_href,
        lang: lens.lang.to_string(),
        dir: if lens.lang.is_rtl() { "rtl" } else { "ltr" },
        root,
        path: path.to_string(),
        archive,
        href,
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
            counts: EditionCounts {
                states_parties: u64::from(edition.convention.states_parties),
                states_not_party: content.states.len() as u64,
                possible_members: u64::from(lens.figures.possible_members),
            },
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
                href: routes::page(&p.slug),
                text: lens.tr(&p.title),
            })
            .collect(),
    };
    let data = to_value(&common).and_then(|common| {
        let mut variables: Vec<(String, tera::Value)> = common
            .into_map()
            .into_iter()
            .flatten()
            .map(|(name, value)| (name.to_string(), value))
            .collect();
        // A map's order is not fixed: sorted, the variables hash the same every time.
        variables.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, value) in data {
            variables.push((name.to_string(), value?));
        }
        Ok(Variables(variables))
    });
    Job {
        path: format!("{prefix}{lang_prefix}{path}"),
        template,
        data,
    }
}
