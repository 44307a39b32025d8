//! What every page shares: its language, place, navigation and edition.

use serde::Serialize;

use super::Job;
use super::i18n::Strings;
use super::routes::{self, Hrefs, Place};
use super::view::{self, DateView, Lens, Link, Tr};

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
    /// The addresses the page links to, relative to it.
    href: Hrefs,
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

/// A view that could not be turned into template data.
#[derive(Debug, thiserror::Error)]
#[error("cannot turn the page's data into template variables: {0}")]
pub(crate) struct DataError(String);

/// Template data, or why it could not be built.
pub(crate) type Data = Result<serde_json::Value, DataError>;

/// A view as template data.
pub(crate) fn to_value<T: Serialize>(value: &T) -> Data {
    serde_json::to_value(value).map_err(|err| DataError(err.to_string()))
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
    let Place { root, site_root } = Place::of(path, lens.lang, default);
    let href = Place::of(path, lens.lang, default).hrefs();
    let alternates = edition
        .languages
        .iter()
        .map(|l| Alternate {
            lang: l.to_string(),
            name: strings
                .get(l.as_str(), "language.name")
                .unwrap_or(l.as_str())
                .to_string(),
            href: format!("{site_root}{}{path}", routes::lang_prefix(l, default)),
            current: l == lens.lang,
        })
        .collect();
    let canonical = edition
        .base_url
        .as_ref()
        .map(|base| format!("{base}{}{path}", routes::lang_prefix(lens.lang, default)));
    let base_href = edition
        .base_url
        .as_ref()
        .map(|base| format!("{base}{}", routes::lang_prefix(lens.lang, default)));
    let common = Common {
        canonical,
        base_href,
        lang: lens.lang.to_string(),
        dir: if lens.lang.is_rtl() { "rtl" } else { "ltr" },
        root,
        site_root,
        path: path.to_string(),
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
    let data = to_value(&common).and_then(|mut context| {
        if let serde_json::Value::Object(map) = &mut context {
            for (k, v) in data {
                map.insert(k.to_string(), v?);
            }
        }
        Ok(context)
    });
    Job {
        path: format!("{}{path}", routes::lang_prefix(lens.lang, default)),
        template,
        data,
    }
}
