//! `sitemap.xml` and `robots.txt`, written only when the edition has a `base_url`.

use super::OutputFile;
use super::pages::{STANDALONE, lang_prefix};
use crate::markdown::escape;
use crate::model::Edition;

/// The sitemap (every page in every language, with its alternates) and robots.txt;
/// `paths` are those of every file of the site.
pub fn files(edition: &Edition, paths: &[&str]) -> Vec<OutputFile> {
    let Some(base) = &edition.base_url else {
        return Vec::new();
    };
    let default = edition.default_lang();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let url = |lang, path: &str| escape(&format!("{base}{}{path}", lang_prefix(lang, default)));
    // The pages of the default language; each is listed with its alternates.
    let in_other_language = |path: &str| {
        path.split_once('/')
            .is_some_and(|(dir, _)| edition.languages.iter().any(|l| l.as_str() == dir))
    };
    let pages = paths
        .iter()
        .filter(|p| p.ends_with(".html") && !in_other_language(p))
        .filter(|p| **p != "404.html" && **p != STANDALONE);
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
    let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n");
    vec![
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: xml.into_bytes(),
        },
        OutputFile {
            path: "robots.txt".into(),
            bytes: robots.into_bytes(),
        },
    ]
}
