//! Step 4: render every page of every language through the Tera templates.
//!
//! [`routes`] owns the site's addresses; [`templates`] loads what `templates/`
//! holds; [`jobs`] lists the pages of a language with their data, built from the
//! [`view`] models and the shared page [`context`]; [`standalone`] assembles the
//! one-file edition; [`cache`] keeps what a `serve` session already rendered.

mod cache;
mod context;
pub mod data;
pub(crate) mod format;
pub(crate) mod i18n;
mod jobs;
pub(crate) mod routes;
mod sitemap;
mod standalone;
mod templates;
pub(crate) mod view;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::derive::Figures;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Archive, Lang};
use cache::{Cache, CachedState, data_hash, hash};
use templates::Templates;
pub(crate) use templates::template_path;
use view::Publication;

/// A file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output directory, with `/` separators.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// A page to render: where it goes, with which template and data.
pub(crate) struct Job {
    /// Output path.
    pub(crate) path: String,
    /// Template name.
    pub(crate) template: &'static str,
    /// Data: a JSON object whose keys become the template's variables, or why it
    /// could not be built.
    pub(crate) data: context::Data,
}

/// The templates, and what a session rendered so far.
pub struct Renderer {
    templates: Templates,
    /// What was rendered for each publication (by prefix), kept between builds (`serve`).
    cache: Mutex<HashMap<String, Cache>>,
}

/// What every page of every edition depends on in the archive: the editions, their
/// dates and which State is which.
fn archive_epoch(archive: &Archive) -> u64 {
    hash(
        &archive
            .editions
            .iter()
            .map(|c| {
                (
                    &c.id,
                    c.edition.as_of,
                    c.states
                        .iter()
                        .map(|s| (&s.iso3, &s.slug, &s.name))
                        .collect::<Vec<_>>(),
                    c.edition
                        .regions
                        .iter()
                        .map(|r| &r.slug)
                        .collect::<Vec<_>>(),
                    c.pages.iter().map(|p| &p.slug).collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>(),
    )
}

impl Renderer {
    /// Compiles the templates of `dir` and reads the strings of `langs`.
    pub fn load(dir: &Path, langs: &[Lang], diags: &mut Diagnostics) -> Option<Renderer> {
        Templates::load(dir, langs, diags).map(|templates| Renderer {
            templates,
            cache: Mutex::default(),
        })
    }

    /// Renders the site: the current edition at the root and, with several editions,
    /// every edition in the archive (`editions/<id>/`), the list of editions and the
    /// timeline; the assets and the sitemap. `figures` are the archive's editions',
    /// in order. A State's page and standalone section are rendered again only if its
    /// record (or anything else than the records) changed since the last call.
    pub(crate) fn render(
        &self,
        archive: &Archive,
        figures: &[Figures],
        diags: &mut Diagnostics,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Option<Vec<OutputFile>> {
        for content in &archive.editions {
            self.templates.strings.warn_iso_names(content, diags);
        }
        let current = archive.editions.len() - 1;
        let mut publications = vec![Publication {
            archive,
            index: current,
            archived: false,
        }];
        if archive.several {
            publications.extend((0..archive.editions.len()).map(|index| Publication {
                archive,
                index,
                archived: true,
            }));
        }
        let total: usize = publications
            .iter()
            .map(|p| {
                let content = p.content();
                content.states.len() + content.pages.len() + content.edition.regions.len() + 6
            })
            .sum();
        let total = (self.templates.formats.len() * total) as u64;
        let done = AtomicU64::new(0);
        let tick = || progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
        let mut caches = self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        caches.retain(|prefix, _| publications.iter().any(|p| &p.prefix() == prefix));
        let mut files = Vec::new();
        for publication in publications {
            let cache = caches.entry(publication.prefix()).or_default();
            files.extend(self.render_publication(
                publication,
                &figures[publication.index],
                cache,
                diags,
                &tick,
            ));
        }
        drop(caches);
        if diags.has_errors() {
            return None;
        }
        files.extend(self.templates.assets(diags));
        if archive.several {
            files.extend(self.render_archive_pages(archive, figures, diags));
        }
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let sitemap = sitemap::files(&archive.current().edition, &paths);
        files.extend(sitemap);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        (!diags.has_errors()).then_some(files)
    }

    /// Every page of every language of one publication of an edition, its standalone
    /// files and its open data.
    fn render_publication(
        &self,
        publication: Publication,
        figures: &Figures,
        cache: &mut Cache,
        diags: &mut Diagnostics,
        tick: &(dyn Fn() + Sync),
    ) -> Vec<OutputFile> {
        let content = publication.content();
        let epoch = hash(&(
            &content.edition,
            &content.sources,
            &content.index,
            &content.pages,
            archive_epoch(publication.archive),
        ));
        if cache.epoch != epoch {
            cache.states.clear();
            cache.epoch = epoch;
        }
        cache
            .states
            .retain(|(_, slug), _| content.states.iter().any(|s| &s.slug == slug));

        // 1. The States whose record changed: their pages and sections, each built and
        //    rendered on its own, in parallel.
        let lenses: Vec<view::Lens> = self.lenses(publication, figures).collect();
        let mut changed = Vec::new();
        let previous = publication.archive.previous(publication.index);
        for lens in &lenses {
            for state in &content.states {
                let before = previous.and_then(|p| p.states.iter().find(|s| s.iso3 == state.iso3));
                let key = hash(&(state, before));
                let id = (lens.lang.clone(), state.slug.clone());
                if cache.states.get(&id).is_none_or(|c| c.key != key) {
                    changed.push((lens, state, id, key));
                }
            }
        }
        let state_jobs_count = changed.len();
        let compiled = &self.templates.compiled;
        let strings = &self.templates.strings;
        let rendered: Vec<_> = changed
            .par_iter()
            .map(|(lens, state, _, _)| {
                let jobs = jobs::state_jobs(lens, strings, state);
                let page = compiled.render(&jobs.page);
                let section = compiled
                    .render(&jobs.section)
                    .map(|section| standalone::rewrite_links(&String::from_utf8_lossy(&section)));
                tick();
                (page, section, jobs.cited, jobs.link)
            })
            .collect();
        for ((_, _, id, key), (page, section, cited, link)) in changed.into_iter().zip(rendered) {
            match (page, section) {
                (Ok(page), Ok(section)) => {
                    let cached = CachedState {
                        key,
                        page,
                        section,
                        cited,
                        link,
                    };
                    cache.states.insert(id, cached);
                }
                (page, section) => diags.extend_from(page.err().into_iter().chain(section.err())),
            }
        }
        if diags.has_errors() {
            return Vec::new();
        }

        // 2. The parts that draw on every State (rendered once, for their page and the
        //    standalone file), then the pages made of them and the standalone files.
        let mut files = Vec::new();
        let mut parts_jobs = Vec::new();
        let mut sections = Vec::new();
        for lens in self.lenses(publication, figures) {
            let lang = lens.lang;
            let mut cited_by = view::sources::CitedBy::default();
            let mut ordered: Vec<&crate::model::State> = content.states.iter().collect();
            ordered.sort_by(|a, b| view::state::by_name(&lens, a, b));
            let mut toc = Vec::new();
            let mut html = String::new();
            for state in ordered {
                let Some(cached) = cache.states.get(&(lang.clone(), state.slug.clone())) else {
                    continue;
                };
                cited_by.note(&cached.cited, &cached.link);
                toc.push(jobs::TocEntry {
                    anchor: routes::state_anchor(&state.slug),
                    name: cached.link.text.clone(),
                });
                html.push_str(&cached.section);
                files.push(OutputFile {
                    path: format!("{}{}", lens.out_prefix(), routes::state(&state.slug)),
                    bytes: cached.page.clone(),
                });
            }
            sections.push((toc, html, lens.out_prefix()));
            parts_jobs.extend(jobs::part_jobs(&lens, &self.templates.strings, cited_by));
        }
        let mut parts = BTreeMap::new();
        for _ in 0..(self.templates.formats.len() * content.states.len())
            .saturating_sub(state_jobs_count)
        {
            tick();
        }
        for (job, bytes) in self.render_all(cache, &parts_jobs, diags, &tick) {
            if job.template.starts_with("partials/") {
                parts.insert(
                    job.path.clone(),
                    String::from_utf8(bytes).unwrap_or_default(),
                );
            } else {
                files.push(OutputFile {
                    path: job.path.clone(),
                    bytes,
                });
            }
        }
        let mut page_jobs = Vec::new();
        let mut standalone_parts = HashMap::new();
        for (lens, (toc, html, prefix)) in self.lenses(publication, figures).zip(sections) {
            standalone_parts.insert(format!("{prefix}{}", routes::STANDALONE), (prefix, html));
            page_jobs.extend(jobs::page_jobs(
                &lens,
                &self.templates.strings,
                &parts,
                &self.templates.stylesheet,
                &self.templates.icon,
                toc,
            ));
        }
        for (job, bytes) in self.render_all(cache, &page_jobs, diags, &tick) {
            let bytes = match standalone_parts.get(&job.path) {
                Some((prefix, sections)) => standalone::assemble(&bytes, prefix, sections, &parts),
                None => bytes,
            };
            files.push(OutputFile {
                path: job.path.clone(),
                bytes,
            });
        }
        let prefix = publication.prefix();
        match data::files(content, figures) {
            Ok(data) => files.extend(data.into_iter().map(|mut f| {
                f.path = format!("{prefix}{}", f.path);
                f
            })),
            Err(err) => diags.push(Diagnostic::error(
                format!("{prefix}{}", routes::STATES_JSON),
                format!("cannot write the open data: {err}"),
            )),
        }
        files
    }

    /// Renders jobs in parallel, reusing the output of any job whose data did not change
    /// since the last build; reports template errors.
    fn render_all<'j>(
        &self,
        cache: &mut Cache,
        jobs: &'j [Job],
        diags: &mut Diagnostics,
        tick: &(dyn Fn() + Sync),
    ) -> Vec<(&'j Job, Vec<u8>)> {
        let keyed: Vec<(String, u64, &Job)> = jobs
            .iter()
            .map(|job| {
                (
                    format!("{}|{}", job.template, job.path),
                    data_hash(job),
                    job,
                )
            })
            .collect();
        let outputs = &cache.outputs;
        let compiled = &self.templates.compiled;
        let rendered: Vec<_> = keyed
            .par_iter()
            .map(|(id, key, job)| {
                let result = match outputs.get(id) {
                    Some((k, bytes)) if k == key => Ok(bytes.clone()),
                    _ => compiled.render(job),
                };
                if !job.template.starts_with("partials/") {
                    tick();
                }
                result
            })
            .collect();
        let mut out = Vec::with_capacity(jobs.len());
        for ((id, key, job), result) in keyed.into_iter().zip(rendered) {
            match result {
                Ok(bytes) => {
                    cache.outputs.insert(id, (key, bytes.clone()));
                    out.push((job, bytes));
                }
                Err(d) => diags.push(d),
            }
        }
        out
    }

    /// How each language of a publication sees its edition: strings and formats.
    fn lenses<'a>(
        &'a self,
        publication: Publication<'a>,
        figures: &'a Figures,
    ) -> impl Iterator<Item = view::Lens<'a>> {
        let content = publication.content();
        self.templates
            .formats
            .iter()
            .filter(move |(lang, _)| content.edition.languages.contains(lang))
            .filter_map(move |(lang, format)| {
                Some(view::Lens {
                    publication,
                    content,
                    figures,
                    lang,
                    strings: self.templates.strings.lang(lang)?,
                    format,
                })
            })
    }

    /// The pages about the archive as a whole, at the site root: the list of editions
    /// in each language of the current edition, and the timeline.
    fn render_archive_pages(
        &self,
        archive: &Archive,
        figures: &[Figures],
        diags: &mut Diagnostics,
    ) -> Vec<OutputFile> {
        let current = archive.editions.len() - 1;
        let publication = Publication {
            archive,
            index: current,
            archived: false,
        };
        let jobs: Vec<Job> = self
            .lenses(publication, &figures[current])
            .map(|lens| jobs::editions_job(&lens, &self.templates.strings, figures))
            .collect();
        let mut files = Vec::new();
        for job in &jobs {
            match self.templates.compiled.render(job) {
                Ok(bytes) => files.push(OutputFile {
                    path: job.path.clone(),
                    bytes,
                }),
                Err(d) => diags.push(d),
            }
        }
        match data::timeline(archive, figures) {
            Ok(bytes) => files.push(OutputFile {
                path: routes::TIMELINE_CSV.into(),
                bytes,
            }),
            Err(err) => diags.push(Diagnostic::error(
                routes::TIMELINE_CSV,
                format!("cannot write the timeline: {err}"),
            )),
        }
        files
    }
}
