//! Validating the Markdown files: names, languages, front matter and citations.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::decode::{Decoder, Fields, string};
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::{MarkdownFile, MarkdownKind};
use crate::markdown::{Labels, labels, line_column};
use crate::model::{Document, Lang, Page, Text};
use crate::yaml;

/// A `[^label]` in a Markdown file that has no definition there: it must be a source key.
#[derive(Debug, Clone)]
pub(super) struct TextCitation {
    /// File, relative to the content directory.
    pub file: String,
    /// Line and column.
    pub place: (usize, usize),
    /// The label.
    pub label: String,
    /// The record whose sources it may use (for narratives).
    pub state: Option<String>,
}

/// The validated Markdown documents.
#[derive(Debug, Default)]
pub(super) struct Documents {
    /// index.md by language.
    pub index: BTreeMap<Lang, Document>,
    /// Pages, sorted by slug.
    pub pages: Vec<Page>,
    /// Narratives: (record slug, language, document).
    pub narratives: Vec<(String, Lang, Document)>,
    /// Citations to resolve against the sources.
    pub citations: Vec<TextCitation>,
}

/// Checks every Markdown file against the layout, the languages and the records.
pub(super) fn documents(
    files: &mut [MarkdownFile],
    langs: &[Lang],
    slugs: &[&str],
    known: Option<&super::memo::Known<Labels>>,
    diags: &mut Diagnostics,
) -> Documents {
    let mut docs = Documents::default();
    let default = langs
        .first()
        .cloned()
        .unwrap_or_else(|| Lang(String::new()));
    let mut seen: BTreeMap<(MarkdownKind, Lang), String> = BTreeMap::new();
    let mut pages: BTreeMap<String, Vec<PageVersion>> = BTreeMap::new();
    // Each document, with the record whose sources it may use and its kind: their
    // citations are found in parallel below.
    let mut found_docs: Vec<Found> = Vec::new();
    for md in files.iter_mut() {
        let rel = &md.file.rel;
        let lang = match &md.lang {
            None => default.clone(),
            Some(code) if langs.is_empty() || langs.iter().any(|l| l.as_str() == code) => {
                Lang(code.clone())
            }
            Some(code) => {
                let help = did_you_mean(code, langs.iter().map(Lang::as_str))
                    .or_else(|| Some(super::records::languages_help(langs)));
                diags.push(
                    Diagnostic::error(rel, format!("invalid language `{code}` in the file name: it is not one of the edition's `languages`"))
                        .help(help),
                );
                continue;
            }
        };
        if let Some(other) = seen.insert((md.kind.clone(), lang.clone()), rel.clone()) {
            diags.push(Diagnostic::error(
                rel,
                format!("{other} already gives this text in `{lang}`"),
            ));
            continue;
        }
        let state = match &md.kind {
            MarkdownKind::Narrative(slug) if !slugs.contains(&slug.as_str()) => {
                diags.push(
                    Diagnostic::error(
                        rel,
                        format!("narrative without a record: there is no states/{slug}.yaml"),
                    )
                    .help(did_you_mean(slug, slugs.iter().copied())),
                );
                continue;
            }
            MarkdownKind::Narrative(slug) => {
                if is_blank(&md.file.text) {
                    diags.push(Diagnostic::warning(
                        rel,
                        "narrative has no text yet (only comments or blank lines)",
                    ));
                }
                Some(slug.clone())
            }
            _ => None,
        };
        let (front, doc) = match md.kind {
            MarkdownKind::Page(_) => match front_matter(md, &lang, diags) {
                Some((front, doc)) => (Some(front), doc),
                None => continue,
            },
            // The file's text becomes the document's (no copy of every narrative).
            _ => (
                None,
                Document {
                    file: rel.clone(),
                    markdown: std::mem::take(&mut md.file.text),
                    first_line: 1,
                },
            ),
        };
        found_docs.push(Found {
            kind: md.kind.clone(),
            lang,
            front,
            state,
            doc,
        });
    }
    let found: Vec<Vec<TextCitation>> = found_docs
        .par_iter()
        .map(|Found { state, doc, .. }| {
            let found = match known {
                Some(known) => known.get(&doc.markdown, || Some(labels(&doc.markdown))),
                None => None,
            }
            .unwrap_or_else(|| Arc::new(labels(&doc.markdown)));
            found
                .cited
                .iter()
                .filter(|(label, _)| !found.defined.contains(label))
                .map(|(label, offset)| {
                    let (line, column) = line_column(&doc.markdown, *offset);
                    TextCitation {
                        file: doc.file.clone(),
                        place: (line + doc.first_line - 1, column),
                        label: label.clone(),
                        state: state.clone(),
                    }
                })
                .collect()
        })
        .collect();
    for Found {
        kind,
        lang,
        front,
        doc,
        ..
    } in found_docs
    {
        match (&kind, front) {
            (MarkdownKind::Index, _) => {
                docs.index.insert(lang, doc);
            }
            (MarkdownKind::Narrative(slug), _) => docs.narratives.push((slug.clone(), lang, doc)),
            (MarkdownKind::Page(slug), Some(front)) => {
                pages
                    .entry(slug.clone())
                    .or_default()
                    .push(PageVersion { lang, front, doc });
            }
            (MarkdownKind::Page(_), None) => {}
        }
    }
    docs.citations = found.into_iter().flatten().collect();
    for (slug, versions) in pages {
        if !versions.iter().any(|v| v.lang == default) {
            for v in &versions {
                diags.push(Diagnostic::error(
                    &v.doc.file,
                    format!("translation without the page itself: there is no pages/{slug}.md"),
                ));
            }
            continue;
        }
        let mut title = Text::default();
        let mut description = Text::default();
        let mut body = BTreeMap::new();
        for PageVersion { lang, front, doc } in versions {
            title.insert(lang.clone(), front.title);
            if let Some(d) = front.description {
                description.insert(lang.clone(), d);
            }
            body.insert(lang, doc);
        }
        let description = description
            .version(&default)
            .is_some()
            .then_some(description);
        docs.pages.push(Page {
            slug,
            title,
            description,
            body,
        });
    }
    docs
}

/// A document found, with what it is and the record whose sources it may use.
struct Found {
    kind: MarkdownKind,
    lang: Lang,
    front: Option<FrontMatter>,
    state: Option<String>,
    doc: Document,
}

/// A page's front matter.
struct FrontMatter {
    title: String,
    description: Option<String>,
}

/// One language version of a page.
struct PageVersion {
    lang: Lang,
    front: FrontMatter,
    doc: Document,
}

/// Splits a page into its front matter and body.
fn front_matter(
    md: &MarkdownFile,
    lang: &Lang,
    diags: &mut Diagnostics,
) -> Option<(FrontMatter, Document)> {
    let rel = &md.file.rel;
    let text = &md.file.text;
    let Some(rest) = text.strip_prefix("---\n") else {
        diags.push(
            Diagnostic::error(rel, "a page needs front matter with a `title`")
                .at(Some((1, 1)))
                .help(Some(
                    "start the file with:\n---\ntitle: The page title\n---".into(),
                )),
        );
        return None;
    };
    let end = std::iter::once(0)
        .chain(rest.match_indices('\n').map(|(i, _)| i + 1))
        .find(|&i| rest[i..].starts_with("---\n") || &rest[i..] == "---");
    let Some(end) = end else {
        diags.push(
            Diagnostic::error(
                rel,
                "the front matter is not closed: add a line `---` after it",
            )
            .at(Some((1, 1))),
        );
        return None;
    };
    let yaml_text = &rest[..end];
    let body = rest[end..].strip_prefix("---").unwrap_or_default();
    let body = body.strip_prefix('\n').unwrap_or(body);
    let first_line = text[..text.len() - body.len()].matches('\n').count() + 1;
    let node = match yaml::parse(yaml_text) {
        Ok(node) => node,
        Err(err) => {
            let place = err.place.map(|(l, c)| (l + 1, c));
            diags.push(
                Diagnostic::error(
                    rel,
                    format!("invalid YAML in the front matter: {}", err.message),
                )
                .at(place),
            );
            return None;
        }
    };
    let mut cx = Decoder::new(&md.file, diags, vec![lang.clone()], None);
    cx.text = yaml_text;
    cx.line_offset = 1;
    let mut f = Fields::new(&mut cx, &node, &[], "front matter")?;
    let title = f.req(&mut cx, "title", string);
    let description = f.opt(&mut cx, "description", string);
    f.finish(&mut cx);
    let doc = Document {
        file: rel.clone(),
        markdown: body.to_string(),
        first_line,
    };
    Some((
        FrontMatter {
            title: title?,
            description,
        },
        doc,
    ))
}

/// Whether a Markdown text has nothing but HTML comments and white space.
fn is_blank(markdown: &str) -> bool {
    let mut rest = markdown;
    while let Some(start) = rest.find("<!--") {
        if !rest[..start].trim().is_empty() {
            return false;
        }
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => return true,
        }
    }
    rest.trim().is_empty()
}
