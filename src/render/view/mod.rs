//! The view models: what the templates see: the content of each page, resolved to one language,
//! with dates and numbers formatted and every fact's source numbered.
//!
//! Links are paths relative to the language root (`states/armenia.html`);
//! templates prefix them with `root`, so the same views serve every depth.

pub(crate) mod archive;
pub(crate) mod gaps;
pub(crate) mod overview;
pub(crate) mod page;
pub(crate) mod region;
pub(crate) mod sources;
pub(crate) mod state;

use std::collections::BTreeMap;

use serde::Serialize;

use super::format::Formatter;
use super::i18n::LangStrings;
use super::routes;
use crate::derive::Figures;
use crate::markdown::{self, Style, escape};
use crate::model::{
    Archive, Content, Date, Document, Lang, PartialDate, Source, SourceKey, SourceScope, State,
    Text,
};

/// Text in the page's language; `lang` is set when it is the default language's text instead.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Translated {
    /// The text (plain, or HTML for rendered Markdown).
    pub(crate) text: String,
    /// The language of the text when no translation exists.
    pub(crate) fallback: Option<String>,
}

/// A date as ISO 8601 and as words.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DateView {
    /// `2020-11-16` or `2014`.
    pub(crate) iso: String,
    /// `16 November 2020`.
    pub(crate) text: String,
}

/// A link: where and what.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link {
    /// Path relative to the language root.
    pub(crate) href: String,
    /// Link text.
    pub(crate) text: Translated,
}

/// A numbered reference to a source cited on the page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Cite {
    /// Number in the page's source list.
    pub(crate) n: usize,
    /// In-page anchor of the source (`#src-key`).
    pub(crate) href: String,
}

/// A source as listed on a page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SourceView {
    /// Number on the page (0 on the sources page).
    pub(crate) n: usize,
    /// Anchor id.
    pub(crate) id: String,
    /// Id on the sources page.
    pub(crate) global_id: String,
    /// Title.
    pub(crate) title: Translated,
    /// Publisher.
    pub(crate) publisher: Option<Translated>,
    /// Date.
    pub(crate) date: Option<DateView>,
    /// Address.
    pub(crate) url: Option<String>,
    /// The record it belongs to, if not shared.
    pub(crate) record: Option<Link>,
    /// Pages citing it (sources page only).
    pub(crate) cited_by: Vec<Link>,
}

/// Where an edition is published: at the site root (the current edition) or in the
/// archive (`editions/<id>/`), with the archive it belongs to.
#[derive(Clone, Copy)]
pub(crate) struct Publication<'a> {
    /// Every edition.
    pub(crate) archive: &'a Archive,
    /// The edition's place in the archive (oldest first).
    pub(crate) index: usize,
    /// Whether this copy is in the archive (`editions/<id>/`) rather than at the root.
    pub(crate) archived: bool,
}

impl<'a> Publication<'a> {
    /// The edition published.
    pub(crate) fn content(&self) -> &'a Content {
        &self.archive.editions[self.index]
    }

    /// The folder the copy is written in: nothing, or `editions/<id>/`.
    pub(crate) fn prefix(&self) -> String {
        if self.archived {
            routes::edition_prefix(&self.content().id)
        } else {
            String::new()
        }
    }

    /// Whether the edition is the current one (the latest).
    pub(crate) fn is_current(&self) -> bool {
        self.index + 1 == self.archive.editions.len()
    }

    /// The output path, from the site root, of a page of `content` in a language:
    /// the current edition's at the root, an older one's in the archive.
    pub(crate) fn path_of(
        content: &Content,
        archive: &Archive,
        lang_prefix: &str,
        path: &str,
    ) -> String {
        if std::ptr::eq(content, archive.current()) {
            format!("{lang_prefix}{path}")
        } else {
            format!("{}{lang_prefix}{path}", routes::edition_prefix(&content.id))
        }
    }
}

/// Everything needed to build the views of one language.
pub(crate) struct Lens<'a> {
    /// Where the edition is published.
    pub(crate) publication: Publication<'a>,
    /// The content.
    pub(crate) content: &'a Content,
    /// The derived figures.
    pub(crate) figures: &'a Figures,
    /// The page language.
    pub(crate) lang: &'a Lang,
    /// Its interface strings (for the few strings written into HTML here).
    pub(crate) strings: &'a LangStrings,
    /// Its date and number formats.
    pub(crate) format: &'a Formatter,
}

impl Lens<'_> {
    fn default_lang(&self) -> &Lang {
        self.content.edition.default_lang()
    }

    /// Text in the page language, else the default one (marked).
    pub(crate) fn tr(&self, text: &Text) -> Translated {
        let (s, translated) = text.get(self.lang, self.default_lang());
        Translated {
            text: s.to_string(),
            fallback: (!translated).then(|| self.default_lang().to_string()),
        }
    }

    /// A State's name: the record's own in the page language, else the country
    /// dataset's, else the record's default-language name (marked).
    pub(crate) fn state_name(&self, state: &State) -> Translated {
        let (name, translated) = state.name.get(self.lang, self.default_lang());
        match (translated, self.strings.country(&state.iso3)) {
            (false, Some(country)) => Translated {
                text: country.to_string(),
                fallback: None,
            },
            _ => Translated {
                text: name.to_string(),
                fallback: (!translated).then(|| self.default_lang().to_string()),
            },
        }
    }

    /// Optional text.
    pub(crate) fn tr_opt(&self, text: &Option<Text>) -> Option<Translated> {
        text.as_ref().map(|t| self.tr(t))
    }

    /// A date.
    pub(crate) fn date(&self, date: Date) -> DateView {
        DateView {
            iso: date.to_string(),
            text: self.format.date(date),
        }
    }

    /// A year or date.
    pub(crate) fn partial(&self, date: PartialDate) -> DateView {
        DateView {
            iso: date.to_string(),
            text: self.format.partial(date),
        }
    }

    /// Where the pages of this language are written: the publication's folder, then
    /// the language's (`editions/2020-11/fr/`, `fr/`, or nothing).
    pub(crate) fn out_prefix(&self) -> String {
        format!(
            "{}{}",
            self.publication.prefix(),
            routes::lang_prefix(self.lang, self.default_lang())
        )
    }

    /// An interface string of the page language.
    pub(crate) fn string(&self, key: &str) -> String {
        self.strings.get(key).unwrap_or(key).to_string()
    }
}

/// The sources cited on one page (or one section of the standalone file),
/// numbered in order of first citation.
pub(crate) struct Citations<'a> {
    state: Option<&'a State>,
    cited: Vec<&'a Source>,
    /// Prefix of the anchors of the list (`armenia-` in the standalone file).
    prefix: String,
}

impl<'a> Citations<'a> {
    /// Citations that may use `state`'s own sources, listed under anchors `{prefix}src-key`.
    pub(crate) fn new(state: Option<&'a State>, prefix: &str) -> Self {
        Citations {
            state,
            cited: Vec::new(),
            prefix: prefix.to_string(),
        }
    }

    /// Numbers a citation of `key` (resolved against the record, then the shared sources).
    pub(crate) fn cite(&mut self, content: &'a Content, key: &str) -> Option<Cite> {
        let source = content.source(self.state, key)?;
        let n = match self.cited.iter().position(|s| std::ptr::eq(*s, source)) {
            Some(i) => i + 1,
            None => {
                self.cited.push(source);
                self.cited.len()
            }
        };
        Some(Cite {
            n,
            href: format!("#{}src-{key}", self.prefix),
        })
    }

    /// Numbers an optional `source:` reference.
    pub(crate) fn source(&mut self, content: &'a Content, key: &Option<SourceKey>) -> Option<Cite> {
        key.as_ref().and_then(|k| self.cite(content, k.as_str()))
    }

    /// The sources cited, in order.
    pub(crate) fn sources(&self) -> &[&'a Source] {
        &self.cited
    }

    /// The cited sources as listed at the foot of the page.
    pub(crate) fn list(&self, lens: &Lens) -> Vec<SourceView> {
        self.cited
            .iter()
            .enumerate()
            .map(|(i, s)| source_view(lens, s, i + 1, format!("{}src-{}", self.prefix, s.key)))
            .collect()
    }
}

/// A source's anchor on the sources page.
pub(crate) fn global_id(source: &Source) -> String {
    match &source.scope {
        SourceScope::Shared => format!("src-{}", source.key),
        SourceScope::Record(slug) => format!("src-{slug}.{}", source.key),
    }
}

/// The State with this slug: a binary search (the records are loaded in the order of
/// their files, nearly always that of their slugs), else a linear one.
fn state_by_slug<'c>(content: &'c crate::model::Content, slug: &str) -> Option<&'c State> {
    let states = &content.states;
    match states.binary_search_by(|s| s.slug.as_str().cmp(slug)) {
        Ok(i) => Some(&states[i]),
        Err(_) => states.iter().find(|s| s.slug == slug),
    }
}

/// A source, for a list.
pub(crate) fn source_view(lens: &Lens, source: &Source, n: usize, id: String) -> SourceView {
    let record = match &source.scope {
        SourceScope::Shared => None,
        SourceScope::Record(slug) => state_by_slug(lens.content, slug).map(|s| state_link(lens, s)),
    };
    SourceView {
        n,
        id,
        global_id: global_id(source),
        title: lens.tr(&source.title),
        publisher: lens.tr_opt(&source.publisher),
        date: source.date.map(|d| lens.partial(d)),
        url: source.url.clone(),
        record,
        cited_by: Vec::new(),
    }
}

/// Renders Markdown (a document, or inline text) with citations numbered on the page.
pub(crate) fn markdown<'a>(
    lens: &Lens<'a>,
    cites: &mut Citations<'a>,
    text: &str,
    id_prefix: &str,
    heading_base: u8,
    inline: bool,
) -> String {
    let label = lens.string("source.cite_label");
    let cites = std::cell::RefCell::new(cites);
    let cite = |key: &str| {
        let c = cites.borrow_mut().cite(lens.content, key)?;
        Some(format!(
            "<a class=\"cite\" href=\"{}\"><span class=\"visually-hidden\">{} </span>[{}]</a>",
            c.href,
            escape(&label),
            c.n
        ))
    };
    let style = Style {
        id_prefix,
        heading_base,
        cite: &cite,
    };
    if inline {
        markdown::render_inline(text, &style)
    } else {
        markdown::render(text, &style)
    }
}

/// Inline Markdown text (a position, a note) in the page language.
pub(crate) fn inline<'a>(
    lens: &Lens<'a>,
    cites: &mut Citations<'a>,
    text: &Option<Text>,
) -> Option<Translated> {
    let tr = lens.tr_opt(text)?;
    Some(Translated {
        text: markdown(lens, cites, &tr.text, "md-", 3, true),
        fallback: tr.fallback,
    })
}

/// Inline Markdown text that is always there (a summary).
pub(crate) fn inline_text<'a>(
    lens: &Lens<'a>,
    cites: &mut Citations<'a>,
    text: &Text,
) -> Translated {
    let tr = lens.tr(text);
    Translated {
        text: markdown(lens, cites, &tr.text, "md-", 3, true),
        fallback: tr.fallback,
    }
}

/// A Markdown document in the page language (else the default one, marked).
pub(crate) fn document<'a>(
    lens: &Lens<'a>,
    cites: &mut Citations<'a>,
    docs: &BTreeMap<Lang, Document>,
    id_prefix: &str,
    heading_base: u8,
) -> Option<Translated> {
    let (doc, fallback) = match docs.get(lens.lang) {
        Some(doc) => (doc, None),
        None => (
            docs.get(lens.default_lang())?,
            Some(lens.default_lang().to_string()),
        ),
    };
    Some(Translated {
        text: markdown(lens, cites, &doc.markdown, id_prefix, heading_base, false),
        fallback,
    })
}

/// A link to a State's page.
pub(crate) fn state_link(lens: &Lens, state: &State) -> Link {
    Link {
        href: routes::state(&state.slug),
        text: lens.state_name(state),
    }
}

/// A link to a region's page.
pub(crate) fn region_link(lens: &Lens, slug: &str) -> Link {
    let name = lens
        .content
        .edition
        .region(slug)
        .map(|r| lens.tr(&r.name))
        .unwrap_or(Translated {
            text: slug.to_string(),
            fallback: None,
        });
    Link {
        href: routes::region(slug),
        text: name,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::state::{state_row, state_view};
    use super::*;
    use crate::diagnostic::Diagnostics;
    use crate::model::Vocabulary;
    use crate::render::i18n::Strings;

    /// Runs `test` with the lens of a language on the current edition of a fixture
    /// (built with the real templates' strings).
    fn with_lens(fixture: &str, lang: &str, test: impl FnOnce(&Lens)) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (archive, _) = crate::load_archive(&root.join("tests/fixtures").join(fixture))
            .unwrap_or_else(|d| panic!("{d:#?}"));
        let figures = crate::derive::derive_archive(&archive);
        let lang = Lang(lang.into());
        let mut diags = Diagnostics::default();
        let strings = Strings::load(
            &root.join("templates"),
            std::slice::from_ref(&lang),
            &mut diags,
        );
        let strings = strings.lang(&lang).unwrap();
        let format = strings.format().unwrap();
        let index = archive.editions.len() - 1;
        let lens = Lens {
            publication: Publication {
                archive: &archive,
                index,
                archived: false,
            },
            content: &archive.editions[index],
            figures: &figures[index],
            lang: &lang,
            strings,
            format,
        };
        test(&lens);
    }

    #[test]
    fn a_state_row_links_to_its_page_and_names_its_status() {
        with_lens("basic", "en", |lens| {
            let state = lens.content.states.iter().find(|s| s.slug == "exampleland");
            let row = state_row(lens, state.unwrap());
            assert_eq!(row.link.href, "states/exampleland.html");
            assert_eq!(row.anchor, "state-exampleland");
            assert_eq!(row.status, "signed");
            assert_eq!(row.region.href, "regions/north.html");
        });
    }

    #[test]
    fn a_former_state_party_has_its_treaty_history_and_no_single_edition_links() {
        with_lens("editions", "en", |lens| {
            let state = lens
                .content
                .states
                .iter()
                .find(|s| s.membership.is_some())
                .expect("the editions fixture has a former State Party");
            let (view, _) = state_view(lens, state, "", 2);
            let membership = view.membership.expect("a treaty history");
            assert_eq!(
                membership.joined_by,
                state.membership.as_ref().unwrap().joined_by.word()
            );
            // Several editions: the State page names the previous one's date.
            assert!(view.previous_as_of.is_some());
        });
        with_lens("basic", "en", |lens| {
            let (view, _) = state_view(lens, &lens.content.states[0], "", 2);
            assert!(view.membership.is_none() && view.other_editions.is_empty());
            assert!(view.previous_as_of.is_none() && view.since.is_none());
        });
    }

    #[test]
    fn citations_are_numbered_in_order_of_first_use() {
        with_lens("basic", "en", |lens| {
            let state = lens
                .content
                .states
                .iter()
                .find(|s| s.slug == "exampleland")
                .unwrap();
            let mut cites = Citations::new(Some(state), "p-");
            let first = cites.cite(lens.content, "exampleland-statement").unwrap();
            let second = cites.cite(lens.content, "exampleland-monitor").unwrap();
            let again = cites.cite(lens.content, "exampleland-statement").unwrap();
            assert_eq!((first.n, second.n, again.n), (1, 2, 1));
            assert_eq!(first.href, "#p-src-exampleland-statement");
            assert!(cites.cite(lens.content, "no-such-key").is_none());
        });
    }
}
