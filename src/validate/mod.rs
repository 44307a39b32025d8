//! Step 2: validate the files into typed records, collecting every problem.

mod decode;
mod documents;
mod editions;
mod memo;
pub(crate) mod records;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::{ContentFile, ContentFiles, EDITIONS, Layout};
use crate::model::{Archive, Content, Edition, Lang, Source, SourceScope, State};
use crate::yaml::{self, Node, Step, Target};
use decode::{Citation, Decoder, Unsourced};
pub(crate) use memo::Memo;
use memo::{Parsed, files_hash};

/// ISO 3166-1 alpha-3 codes (Debian iso-codes, converted by scripts/update-countries.py).
const ISO_3166: &str = include_str!("../data/iso3166-1.tsv");

/// Validates every edition of the content: each on its own exactly as a single
/// edition, then each against the previous one. `None` when any error was found
/// (all of every edition reported in `diags`).
pub(crate) fn validate_archive(layout: &mut Layout, diags: &mut Diagnostics) -> Option<Archive> {
    validate_archive_with(layout, diags, &mut Memo::default())
}

/// [`validate_archive`], reusing what `memo` holds of editions whose files did not change.
pub(crate) fn validate_archive_with(
    layout: &mut Layout,
    diags: &mut Diagnostics,
    memo: &mut Memo,
) -> Option<Archive> {
    let (files, several) = match layout {
        Layout::Single(files) => (vec![(None, files)], false),
        Layout::Editions(list) => (
            list.iter_mut()
                .map(|(id, f)| (Some(id.as_str()), f))
                .collect(),
            true,
        ),
    };
    if memo.keep {
        memo.parsed.next_round();
    }
    let validated: Vec<_> = files
        .into_iter()
        .map(|(id, files)| {
            let key = id.map(str::to_string);
            let hash = if memo.keep { files_hash(files) } else { 0 };
            let (content, own) = match memo.editions.get(&key) {
                Some((h, content, own)) if *h == hash => (content.clone(), own.clone()),
                _ => {
                    let mut own = Diagnostics::default();
                    let content = if memo.keep {
                        validate_with(files, &mut own, Some(memo.parsed.clone()))
                    } else {
                        validate(files, &mut own)
                    };
                    let own = match id {
                        Some(id) => {
                            let prefix = format!("{EDITIONS}/{id}/");
                            own.into_sorted()
                                .into_iter()
                                .map(|d| d.within(&prefix))
                                .collect()
                        }
                        None => own.into_sorted(),
                    };
                    if memo.keep {
                        memo.editions
                            .insert(key, (hash, content.clone(), own.clone()));
                    }
                    (content, own)
                }
            };
            diags.extend_from(own);
            content.map(|mut c| {
                if let Some(id) = id {
                    c.id = id.to_string();
                }
                (c, files.report.clone())
            })
        })
        .collect();
    if diags.has_errors() || validated.iter().any(Option::is_none) {
        return None;
    }
    let mut editions: Vec<(Content, Option<ContentFile>)> =
        validated.into_iter().flatten().collect();
    editions.sort_by(|a, b| {
        a.0.edition
            .as_of
            .cmp(&b.0.edition.as_of)
            .then(a.0.id.cmp(&b.0.id))
    });
    let checked: Vec<editions::Checked> = editions
        .iter()
        .filter_map(|(content, report)| {
            Some(editions::Checked {
                id: &content.id,
                content,
                report: report.as_ref()?,
            })
        })
        .collect();
    editions::check_sequence(&checked, diags);
    if diags.has_errors() {
        return None;
    }
    Some(Archive {
        editions: editions.into_iter().map(|(c, _)| c).collect(),
        several,
    })
}

/// Validates the content; `None` when any error was found (all reported in `diags`).
pub(crate) fn validate(files: &mut ContentFiles, diags: &mut Diagnostics) -> Option<Content> {
    validate_with(files, diags, None)
}

/// [`validate`], with the YAML texts parsed so far in the session.
fn validate_with(
    files: &mut ContentFiles,
    diags: &mut Diagnostics,
    parsed: Option<Arc<Parsed>>,
) -> Option<Content> {
    let mut v = Validator {
        parsed,
        ..Validator::default()
    };
    let edition = match &files.report {
        Some(file) => v.edition(file, diags),
        None => {
            diags.push(Diagnostic::error(
                "report.yaml",
                "report.yaml is missing: every edition needs one (title, convention, as_of, languages, regions)",
            ));
            None
        }
    };
    let langs = edition
        .as_ref()
        .map(|e| e.languages.clone())
        .unwrap_or_default();
    let as_of = edition.as_ref().map(|e| e.as_of);
    if let Some(file) = &files.sources {
        v.shared(file, &langs, as_of, diags);
    }
    if let (Some(file), Some(pending)) = (&files.report, v.report.take()) {
        let mut cx = Decoder::new(file, diags, langs.clone(), as_of);
        cx.citations = pending.citations;
        cx.unsourced = pending.unsourced;
        let used = v.finish_file(cx, None, edition.is_some());
        v.used.extend(used);
    }
    // The records are independent of one another: decode them in parallel, then
    // merge what they found, in file order.
    let outcomes: Vec<StateOutcome> = files
        .states
        .par_iter()
        .map(|(slug, file)| v.state(file, slug, edition.as_ref()))
        .collect();
    let mut states = Vec::new();
    for outcome in outcomes {
        diags.extend(outcome.diags);
        v.used.extend(outcome.used);
        v.owners.insert(outcome.owner.slug.clone(), outcome.owner);
        if let Some(state) = outcome.state {
            v.iso3
                .push((format!("states/{}.yaml", state.slug), state.iso3.clone()));
            states.push(state);
        }
    }
    v.unique_iso3(files, diags);
    if let (Some(edition), Some(report)) = (&edition, &files.report) {
        editions::check_lists(edition, &states, report, diags);
    }
    let slugs: Vec<&str> = files.states.iter().map(|(s, _)| s.as_str()).collect();
    let labels = v.parsed.as_ref().map(|p| &p.labels);
    let docs = documents::documents(&mut files.markdown, &langs, &slugs, labels, diags);
    let by_slug: HashMap<String, usize> = states
        .iter()
        .enumerate()
        .map(|(i, s)| (s.slug.clone(), i))
        .collect();
    for (slug, lang, doc) in docs.narratives {
        if let Some(&i) = by_slug.get(&slug) {
            states[i].narrative.insert(lang, doc);
        }
    }
    for cite in docs.citations {
        v.resolve_text_citation(&cite, diags);
    }
    v.warn_missing_narratives(&states, &langs, diags);
    v.warn_unused(files, &states, diags);
    if diags.has_errors() {
        return None;
    }
    let edition = edition?;
    Some(Content {
        id: format!("{:04}-{:02}", edition.as_of.year(), edition.as_of.month()),
        edition,
        sources: v.shared,
        states,
        index: docs.index,
        pages: docs.pages,
    })
}

/// What is known across files while validating.
#[derive(Default)]
struct Validator {
    /// sources.yaml, once decoded.
    shared: BTreeMap<String, Source>,
    /// Whether sources.yaml is absent or valid (so unknown keys are real errors).
    shared_ok: bool,
    /// Sources cited: (scope, key).
    used: BTreeSet<(SourceScope, String)>,
    /// ISO codes seen, by record file.
    iso3: Vec<(String, String)>,
    /// report.yaml's citations, resolved once sources.yaml is read.
    report: Option<Pending>,
    /// Each record's own source keys, by slug (known even when the record has errors).
    owners: BTreeMap<String, Owner>,
    /// The YAML texts parsed so far in the session (`serve`).
    parsed: Option<Arc<Parsed>>,
}

/// A record whose own `sources` its citations may use.
#[derive(Debug, Clone)]
struct Owner {
    slug: String,
    keys: Vec<String>,
}

/// The keys of a record's own `sources`, read from the YAML even if the record is invalid.
fn source_keys(node: &Node) -> Vec<String> {
    let Node::Map(entries) = node else {
        return Vec::new();
    };
    entries
        .iter()
        .filter(|(k, _)| k.key_text().as_deref() == Some("sources"))
        .flat_map(|(_, v)| match v {
            Node::Map(sources) => sources.iter().filter_map(|(k, _)| k.key_text()).collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// The source a key refers to (`None` when sources.yaml is invalid), or the message
/// and suggestion for an unknown key.
type Resolved = Result<Option<(SourceScope, String)>, (String, Option<String>)>;

/// What decoding one record found.
struct StateOutcome {
    state: Option<State>,
    owner: Owner,
    diags: Diagnostics,
    used: Vec<(SourceScope, String)>,
}

/// Citations and unsourced facts of a file, awaiting the sources.
struct Pending {
    citations: Vec<Citation>,
    unsourced: Vec<Unsourced>,
}

impl Validator {
    fn parse(&self, file: &ContentFile, diags: &mut Diagnostics) -> Option<Arc<Node>> {
        let mut parse = || match yaml::parse(&file.text) {
            Ok(node) => Some(node),
            Err(err) => {
                diags.push(Diagnostic::error(&file.rel, yaml_message(&err.message)).at(err.place));
                None
            }
        };
        match &self.parsed {
            Some(parsed) => parsed.nodes.get(&file.text, parse),
            None => parse().map(Arc::new),
        }
    }

    fn edition(&mut self, file: &ContentFile, diags: &mut Diagnostics) -> Option<Edition> {
        self.shared_ok = true;
        let node = self.parse(file, diags)?;
        let mut cx = Decoder::new(file, diags, Vec::new(), None);
        let edition = records::edition(&mut cx, &node);
        self.report = Some(Pending {
            citations: cx.citations,
            unsourced: cx.unsourced,
        });
        edition
    }

    fn shared(
        &mut self,
        file: &ContentFile,
        langs: &[Lang],
        as_of: Option<crate::model::Date>,
        diags: &mut Diagnostics,
    ) {
        let errors_before = diags.counts().0;
        let Some(node) = self.parse(file, diags) else {
            self.shared_ok = false;
            return;
        };
        let mut cx = Decoder::new(file, diags, langs.to_vec(), as_of);
        self.shared = records::sources(&mut cx, &node, &[], &SourceScope::Shared);
        drop(cx);
        self.shared_ok = diags.counts().0 == errors_before;
    }

    fn state(&self, file: &ContentFile, slug: &str, edition: Option<&Edition>) -> StateOutcome {
        let mut diags = Diagnostics::default();
        let mut outcome = StateOutcome {
            state: None,
            owner: Owner {
                slug: slug.to_string(),
                keys: Vec::new(),
            },
            diags: Diagnostics::default(),
            used: Vec::new(),
        };
        let Some(node) = self.parse(file, &mut diags) else {
            outcome.diags = diags;
            return outcome;
        };
        outcome.owner.keys = source_keys(&node);
        let langs = edition.map(|e| e.languages.clone()).unwrap_or_default();
        let mut cx = Decoder::new(file, &mut diags, langs, edition.map(|e| e.as_of));
        let state = records::state(&mut cx, &node, slug, edition);
        if let Some(state) = &state {
            if !ISO_3166
                .lines()
                .any(|l| l.split('\t').next() == Some(state.iso3.as_str()))
            {
                cx.warning(
                    &[Step::Key("iso3".into())],
                    format!("`{}` is not a code that ISO 3166-1 assigns", state.iso3),
                );
            } else if !crate::chart::map::is_drawn(&state.iso3) {
                cx.warning(
                    &[Step::Key("iso3".into())],
                    format!(
                        "the world map has no shape or marker for `{}`: the State `{slug}` is left off the map (docs/map.md)",
                        state.iso3
                    ),
                );
            }
            for key in state.sources.keys() {
                if self.shared.contains_key(key) {
                    cx.error_help(
                        &[Step::Key("sources".into()), Step::Key(key.clone())],
                        Target::Key,
                        format!("source key `{key}` is already defined in sources.yaml"),
                        Some("rename this record's source, or use the shared one".into()),
                    );
                }
            }
        }
        outcome.used = self.finish_file(cx, Some(&outcome.owner), state.is_some());
        outcome.state = state;
        outcome.diags = diags;
        outcome
    }

    /// Resolves the file's citations and reports its unsourced facts; returns the
    /// sources it uses.
    #[must_use]
    fn finish_file(
        &self,
        mut cx: Decoder,
        owner: Option<&Owner>,
        decoded: bool,
    ) -> Vec<(SourceScope, String)> {
        let mut used = Vec::new();
        for citation in std::mem::take(&mut cx.citations) {
            match self.resolve(&citation.key, owner, citation.in_text) {
                Ok(Some(source)) => used.push(source),
                Ok(None) => {}
                Err((message, help)) => cx.error_help(&citation.path, Target::Value, message, help),
            }
        }
        if decoded {
            for Unsourced { what, path } in std::mem::take(&mut cx.unsourced) {
                cx.warning(&path, format!("fact with no source: {what}"));
            }
        }
        used
    }

    /// The source `key` refers to, looked up in the owner's sources then the shared
    /// ones (`None` if sources.yaml is invalid); or the message and suggestion for an
    /// unknown key.
    fn resolve(&self, key: &str, owner: Option<&Owner>, in_text: bool) -> Resolved {
        if let Some(owner) = owner.filter(|o| o.keys.iter().any(|k| k == key)) {
            return Ok(Some((
                SourceScope::Record(owner.slug.clone()),
                key.to_string(),
            )));
        } else if self.shared.contains_key(key) {
            return Ok(Some((SourceScope::Shared, key.to_string())));
        } else if self.shared_ok {
            let own = owner.into_iter().flat_map(|o| o.keys.iter());
            let keys: Vec<&str> = own.chain(self.shared.keys()).map(String::as_str).collect();
            let written = if in_text {
                format!("[^{key}]")
            } else {
                format!("source `{key}`")
            };
            let place = if owner.is_some() {
                "this record's `sources` or sources.yaml"
            } else {
                "sources.yaml"
            };
            let message = if in_text {
                format!(
                    "{written} is neither a source key (in {place}) nor a footnote defined in the text"
                )
            } else {
                format!("{written} is not defined in {place}")
            };
            return Err((message, did_you_mean(key, keys)));
        }
        Ok(None)
    }

    fn resolve_text_citation(&mut self, cite: &documents::TextCitation, diags: &mut Diagnostics) {
        let owner = cite
            .state
            .as_ref()
            .and_then(|slug| self.owners.get(slug).cloned());
        if cite.state.is_some() && owner.is_none() {
            return;
        }
        match self.resolve(&cite.label, owner.as_ref(), true) {
            Ok(Some(source)) => {
                self.used.insert(source);
            }
            Ok(None) => {}
            Err((message, help)) => {
                diags.push(
                    Diagnostic::error(&cite.file, message)
                        .at(Some(cite.place))
                        .help(help),
                );
            }
        }
    }

    fn unique_iso3(&self, files: &ContentFiles, diags: &mut Diagnostics) {
        let mut first: HashMap<&str, &str> = HashMap::new();
        for (rel, code) in &self.iso3 {
            match first.get(code.as_str()) {
                Some(other) => {
                    let text = files
                        .states
                        .iter()
                        .find(|(_, f)| &f.rel == rel)
                        .map(|(_, f)| f.text.as_str());
                    let place = text
                        .and_then(|t| yaml::locate(t, &[Step::Key("iso3".into())], Target::Value));
                    diags.push(
                        Diagnostic::error(
                            rel,
                            format!(
                                "iso3 `{code}` is also the code of {other}; codes must be unique"
                            ),
                        )
                        .at(place),
                    );
                }
                None => {
                    first.insert(code, rel);
                }
            }
        }
    }

    fn warn_missing_narratives(&self, states: &[State], langs: &[Lang], diags: &mut Diagnostics) {
        let Some(default) = langs.first() else { return };
        for state in states {
            let rel = format!("states/{}.yaml", state.slug);
            if !state.narrative.contains_key(default) {
                diags.push(Diagnostic::warning(
                    rel,
                    format!("record has no narrative (states/{}.md)", state.slug),
                ));
                continue;
            }
            for lang in &langs[1..] {
                if !state.narrative.contains_key(lang) {
                    diags.push(Diagnostic::warning(
                        format!("states/{}.md", state.slug),
                        format!(
                            "narrative missing in `{lang}` (states/{}.{lang}.md)",
                            state.slug
                        ),
                    ));
                }
            }
        }
    }

    fn warn_unused(&self, files: &ContentFiles, states: &[State], diags: &mut Diagnostics) {
        let mut warn = |file: &ContentFile, unused: Vec<(&String, Vec<Step>)>| {
            if unused.is_empty() {
                return;
            }
            // One reading of the file places all its warnings.
            let places = yaml::Places::of(&file.text);
            for (key, path) in unused {
                diags.push(
                    Diagnostic::warning(
                        &file.rel,
                        format!("source `{key}` is defined but never used"),
                    )
                    .at(places.get(&path, Target::Key)),
                );
            }
        };
        if let Some(file) = &files.sources {
            let unused = self
                .shared
                .keys()
                .filter(|key| !self.used.contains(&(SourceScope::Shared, (*key).clone())))
                .map(|key| (key, vec![Step::Key(key.clone())]))
                .collect();
            warn(file, unused);
        }
        for state in states {
            let found = files
                .states
                .binary_search_by(|(slug, _)| slug.as_str().cmp(&state.slug));
            let Ok(i) = found else { continue };
            let scope = SourceScope::Record(state.slug.clone());
            let unused = state
                .sources
                .keys()
                .filter(|key| !self.used.contains(&(scope.clone(), (*key).clone())))
                .map(|key| {
                    (
                        key,
                        vec![Step::Key("sources".into()), Step::Key(key.clone())],
                    )
                })
                .collect();
            warn(&files.states[i].1, unused);
        }
    }
}

/// A YAML parser message, made plainer.
fn yaml_message(message: &str) -> String {
    format!("invalid YAML: {message}")
}
