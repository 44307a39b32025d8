//! `sitemap.xml` and `robots.txt`, written only when the edition has a `base_url`.

use super::OutputFile;
use super::routes::{self, NOT_FOUND, STANDALONE, lang_prefix};
use crate::markdown::escape;
use crate::model::Edition;

/// The sitemap (every page in every language, with its alternates) and robots.txt;
/// `paths` are those of every file of the site.
pub(super) fn files(edition: &Edition, paths: &[&str]) -> Vec<OutputFile> {
    let Some(base) = &edition.base_url else {
        return Vec::new();
    };
    let default = edition.default_lang();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    // A page of the root or of the archive (`editions/<id>/`) in a language.
    let url = |lang, (edition, path): (&str, &str)| {
        escape(&format!(
            "{base}{edition}{}{path}",
            lang_prefix(lang, default)
        ))
    };
    // The pages of the default language, at the root and in the archive; each is
    // listed with its alternates.
    let pages = paths
        .iter()
        .filter(|p| p.ends_with(".html"))
        .map(|p| routes::split_edition(p))
        .filter(|(_, p)| !routes::in_other_language(p, &edition.languages))
        .filter(|(_, p)| *p != NOT_FOUND && *p != STANDALONE);
    for path in pages {
        for lang in &edition.languages {
            xml.push_str(&format!("  <url>\n    <loc>{}</loc>\n", url(lang, path)));
            if edition.languages.len() > 1 {
                for alt in &edition.languages {
                    xml.push_str(&format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{alt}\" href=\"{}\"/>\n",
                        url(alt, path)
                    ));
                }
            }
            xml.push_str("  </url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {base}{}\n",
        routes::SITEMAP
    );
    vec![
        OutputFile {
            path: routes::SITEMAP.into(),
            bytes: xml.into_bytes(),
        },
        OutputFile {
            path: routes::ROBOTS.into(),
            bytes: robots.into_bytes(),
        },
    ]
}
