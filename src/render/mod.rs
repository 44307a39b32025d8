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

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use crate::derive::Figures;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::fingerprint::hash;
use crate::model::{Archive, Lang};
use cache::{Cache, CachedState, Outputs, data_hash};
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
    /// The template's variables, or why they could not be built.
    pub(crate) data: Result<context::Variables, context::DataError>,
}

/// Where rendered files go: straight into the output directory (`build`), or kept
/// in memory (`serve`, `check`).
pub trait Sink: Sync {
    /// Writes the file at `path` (relative to the site, `/` separators), whose bytes
    /// `contents` writes in order.
    fn put(
        &self,
        path: &str,
        contents: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()>;
}

/// A sink that keeps every file in memory.
#[derive(Default)]
struct Collect(Mutex<Vec<OutputFile>>);

impl Sink for Collect {
    fn put(
        &self,
        path: &str,
        contents: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        contents(&mut bytes)?;
        lock(&self.0).push(OutputFile {
            path: path.to_string(),
            bytes,
        });
        Ok(())
    }
}

/// A sink that passes every file on and keeps a copy (to write it again unchanged).
struct Recording<'s> {
    inner: &'s dyn Sink,
    files: Mutex<Vec<(String, Vec<u8>)>>,
}

impl Sink for Recording<'_> {
    fn put(
        &self,
        path: &str,
        contents: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        contents(&mut bytes)?;
        self.inner.put(path, &mut |w| w.write_all(&bytes))?;
        lock(&self.files).push((path.to_string(), bytes));
        Ok(())
    }
}

/// A hash of everything a publication is rendered from: its edition, the previous
/// edition (the "since" sections and the changes page), the archive around it, and
/// where it is written.
fn publication_key(publication: Publication) -> u64 {
    let content = publication.content();
    let whole = |c: &crate::model::Content| {
        hash(&(&c.id, &c.edition, &c.sources, &c.states, &c.index, &c.pages))
    };
    hash(&(
        publication.prefix(),
        whole(content),
        publication.archive.previous(publication.index).map(whole),
        archive_epoch(publication.archive),
    ))
}

/// What a render wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// HTML pages.
    pub pages: usize,
    /// Files.
    pub files: usize,
    /// Bytes.
    pub bytes: u64,
}

/// The sink of one render, with what was written to it and what could not be.
struct Out<'s> {
    sink: &'s dyn Sink,
    written: Mutex<Written>,
    errors: Mutex<Vec<Diagnostic>>,
}

/// A writer that counts the bytes it passes on.
struct Counting<'w> {
    inner: &'w mut dyn Write,
    bytes: u64,
}

impl Write for Counting<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Out<'_> {
    /// Writes a file whose bytes `contents` writes.
    fn put_with(&self, path: &str, contents: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) {
        let mut bytes = 0;
        let result = self.sink.put(path, &mut |w| {
            let mut counting = Counting { inner: w, bytes: 0 };
            let result = contents(&mut counting);
            bytes = counting.bytes;
            result
        });
        match result {
            Ok(()) => {
                let mut written = lock(&self.written);
                written.files += 1;
                written.pages += usize::from(path.ends_with(".html"));
                written.bytes += bytes;
            }
            Err(err) => lock(&self.errors).push(Diagnostic::error(
                path,
                format!("cannot write the file: {err}"),
            )),
        }
    }

    /// Writes a file.
    fn put(&self, path: &str, bytes: &[u8]) {
        self.put_with(path, &mut |w| w.write_all(bytes));
    }
}

/// Locks a mutex, even one a panicking thread left poisoned.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What one language of a publication wrote (see [`Renderer::render_language`]).
#[derive(Default)]
struct Language {
    /// Its State pages.
    state_paths: Vec<String>,
    /// Its pages rendered whole from the parts' data (regions, changes, 404).
    part_paths: Vec<String>,
    /// Its pages made of rendered parts, and its standalone file.
    page_paths: Vec<String>,
    /// What went wrong.
    diags: Diagnostics,
}

/// Up to how many States the publications of the archive (counting every publication's
/// States) and the languages of a publication are rendered side by side (each language
/// with one part at a time). Above, one at a time (with two parts at a time) bounds the
/// memory, as each part's data grows with the States: at 10,000 States, side by side
/// took 726 MiB instead of 594 MiB, and longer (1,000 States: 1.19 s instead of 1.32 s,
/// and the same memory; docs/performance.md).
const SIDE_BY_SIDE_UP_TO: usize = 2_000;

/// How many State sections of the standalone file are rendered at once (in
/// parallel), then written in order.
const SECTION_CHUNK: usize = 64;

/// The templates, and what a session rendered so far.
pub struct Renderer {
    templates: Templates,
    /// What was rendered for each publication (by prefix), kept between builds (`serve`).
    cache: Mutex<HashMap<String, Cache>>,
    /// Whether rendered pages are kept for the next build (`serve`); otherwise each
    /// page is written at once and dropped, and each State's standalone section is
    /// rendered when its file is written.
    keep: bool,
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
    /// Compiles the templates of `dir` and reads the strings of `langs`. `keep`: keep
    /// what is rendered, to render only what changed next time (`serve`).
    pub fn load(
        dir: &Path,
        langs: &[Lang],
        keep: bool,
        diags: &mut Diagnostics,
    ) -> Option<Renderer> {
        Templates::load(dir, langs, diags).map(|templates| Renderer {
            templates,
            cache: Mutex::default(),
            keep,
        })
    }

    /// Renders the site into memory (see [`Renderer::render_to`]), its files sorted by path.
    pub(crate) fn render(
        &self,
        archive: &Archive,
        figures: &[Figures],
        diags: &mut Diagnostics,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Option<Vec<OutputFile>> {
        let collect = Collect::default();
        self.render_to(archive, figures, diags, progress, &collect)?;
        let mut files = collect
            .0
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Some(files)
    }

    /// Renders the site into `sink`, each file as soon as it is rendered: the current
    /// edition at the root and, with several editions, every edition in the archive
    /// (`editions/<id>/`), the list of editions and the timeline; the assets and the
    /// sitemap. `figures` are the archive's editions', in order. A State's page and
    /// standalone section are rendered again only if its record (or anything else than
    /// the records) changed since the last call (when the renderer keeps its renders).
    pub(crate) fn render_to(
        &self,
        archive: &Archive,
        figures: &[Figures],
        diags: &mut Diagnostics,
        progress: &(dyn Fn(u64, u64) + Sync),
        sink: &dyn Sink,
    ) -> Option<Written> {
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
        let out = Out {
            sink,
            written: Mutex::default(),
            errors: Mutex::default(),
        };
        // The paths written, in an order that does not depend on the threads (the sitemap's).
        let mut paths = Vec::new();
        let mut caches = lock(&self.cache);
        let mut taken: Vec<Cache> = publications
            .iter()
            .map(|p| caches.remove(&p.prefix()).unwrap_or_default())
            .collect();
        let publish = |(publication, cache): (&Publication, &mut Cache)| {
            self.publish(
                *publication,
                &figures[publication.index],
                cache,
                &tick,
                &out,
                sink,
            )
        };
        // The publications side by side, as their languages (see SIDE_BY_SIDE_UP_TO).
        let states: usize = publications.iter().map(|p| p.content().states.len()).sum();
        let published: Vec<(Vec<String>, Diagnostics)> = if states > SIDE_BY_SIDE_UP_TO {
            publications.iter().zip(&mut taken).map(publish).collect()
        } else {
            publications
                .par_iter()
                .zip(taken.par_iter_mut())
                .map(publish)
                .collect()
        };
        for (own_paths, own_diags) in published {
            paths.extend(own_paths);
            diags.extend(own_diags);
        }
        caches.clear();
        if self.keep {
            caches.extend(publications.iter().map(|p| p.prefix()).zip(taken));
        }
        drop(caches);
        if diags.has_errors() {
            return None;
        }
        for file in self.templates.assets(diags) {
            out.put(&file.path, &file.bytes);
            paths.push(file.path);
        }
        if archive.several {
            for file in self.render_archive_pages(archive, figures, diags) {
                out.put(&file.path, &file.bytes);
                paths.push(file.path);
            }
        }
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        for file in sitemap::files(&archive.current().edition, &paths) {
            out.put(&file.path, &file.bytes);
        }
        diags.extend_from(
            out.errors
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner),
        );
        let written = out
            .written
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        (!diags.has_errors()).then_some(written)
    }

    /// One publication, written to `out`: rendered (and, in a `serve` session, recorded
    /// to be written again as it is while nothing it is rendered from changes). Returns
    /// the paths written and what went wrong.
    fn publish(
        &self,
        publication: Publication,
        figures: &Figures,
        cache: &mut Cache,
        tick: &(dyn Fn() + Sync),
        out: &Out,
        sink: &dyn Sink,
    ) -> (Vec<String>, Diagnostics) {
        if !self.keep {
            let published = self.render_publication(publication, figures, cache, tick, out);
            cache.states.clear();
            return published;
        }
        // `serve`: a publication whose edition, previous edition and archive did not
        // change is written again as it was, without rendering.
        let key = publication_key(publication);
        if let Some((_, files)) = cache.whole.as_ref().filter(|(k, _)| *k == key) {
            let mut paths = Vec::new();
            for (path, bytes) in files {
                out.put_with(path, &mut |w| w.write_all(bytes));
                paths.push(path.clone());
            }
            return (paths, Diagnostics::default());
        }
        let recording = Recording {
            inner: sink,
            files: Mutex::default(),
        };
        let own = Out {
            sink: &recording,
            written: Mutex::default(),
            errors: Mutex::default(),
        };
        let (paths, diags) = self.render_publication(publication, figures, cache, tick, &own);
        let own_written = *lock(&own.written);
        let mut written = lock(&out.written);
        written.files += own_written.files;
        written.pages += own_written.pages;
        written.bytes += own_written.bytes;
        drop(written);
        let own_errors = std::mem::take(&mut *lock(&own.errors));
        let clean = own_errors.is_empty() && !diags.has_errors();
        lock(&out.errors).extend(own_errors);
        let files = recording
            .files
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        cache.whole = clean.then_some((key, files));
        (paths, diags)
    }

    /// Every page of every language of one publication of an edition, its standalone
    /// files and its open data, written to `out`. Returns their paths and what went
    /// wrong.
    fn render_publication(
        &self,
        publication: Publication,
        figures: &Figures,
        cache: &mut Cache,
        tick: &(dyn Fn() + Sync),
        out: &Out,
    ) -> (Vec<String>, Diagnostics) {
        let content = publication.content();
        let mut paths = Vec::new();
        let mut diags = Diagnostics::default();
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

        // 1. The States whose record changed: their pages (and, when kept, sections),
        //    each built and rendered on its own, in parallel; a page not kept is
        //    written at once.
        let lenses: Vec<view::Lens> = self.lenses(publication, figures).collect();
        let mut changed = Vec::new();
        let previous = publication.archive.previous(publication.index);
        // What each State's pages are rendered from (a one-off build keeps nothing to
        // compare it with).
        let keys: Vec<u64> = content
            .states
            .iter()
            .map(|state| {
                let before = previous.and_then(|p| p.states.iter().find(|s| s.iso3 == state.iso3));
                if self.keep { hash(&(state, before)) } else { 0 }
            })
            .collect();
        for lens in &lenses {
            for (state, &key) in content.states.iter().zip(&keys) {
                let id = (lens.lang.clone(), state.slug.clone());
                if cache.states.get(&id).is_none_or(|c| c.key != key) {
                    changed.push((lens, state, id, key));
                }
            }
        }
        let state_jobs_count = changed.len();
        let compiled = &self.templates.compiled;
        let strings = &self.templates.strings;
        let keep = self.keep;
        let rendered: Vec<_> = changed
            .par_iter()
            .map(|(lens, state, _, _)| {
                let jobs = jobs::state_jobs(lens, strings, state);
                let rendered = compiled.render(&jobs.page).and_then(|page| {
                    if !keep {
                        out.put(
                            &format!("{}{}", lens.out_prefix(), routes::state(&state.slug)),
                            &page,
                        );
                        return Ok(None);
                    }
                    let section = compiled.render(&jobs::section_job(lens, strings, state))?;
                    let section = standalone::rewrite_links(&String::from_utf8_lossy(&section));
                    Ok(Some((page, section)))
                });
                tick();
                (rendered, jobs.cited, jobs.link)
            })
            .collect();
        for ((_, _, id, key), (rendered, cited, link)) in changed.into_iter().zip(rendered) {
            match rendered {
                Ok(rendered) => {
                    let cached = CachedState {
                        key,
                        rendered,
                        cited,
                        link,
                    };
                    cache.states.insert(id, cached);
                }
                Err(d) => diags.push(d),
            }
        }
        // This publication's own errors (each publication reports its own).
        if diags.has_errors() {
            return (paths, diags);
        }

        // 2. The parts that draw on every State (rendered once, for their page and the
        //    standalone file), then the pages made of them and the standalone file, for
        //    each language (side by side up to `SIDE_BY_SIDE_UP_TO` States); the open
        //    data beside them.
        for _ in 0..(self.templates.formats.len() * content.states.len())
            .saturating_sub(state_jobs_count)
        {
            tick();
        }
        let mut outputs: Vec<Option<Outputs>> = lenses
            .iter()
            .map(|lens| keep.then(|| cache.outputs.remove(lens.lang).unwrap_or_default()))
            .collect();
        let states = &cache.states;
        let (languages, data_paths) = rayon::join(
            || {
                if content.states.len() > SIDE_BY_SIDE_UP_TO {
                    // One language at a time, two of its parts at a time.
                    lenses
                        .iter()
                        .zip(&mut outputs)
                        .map(|(lens, outputs)| {
                            self.render_language(lens, states, outputs.as_mut(), out, tick, 2)
                        })
                        .collect::<Vec<_>>()
                } else {
                    lenses
                        .par_iter()
                        .zip(outputs.par_iter_mut())
                        .map(|(lens, outputs)| {
                            self.render_language(lens, states, outputs.as_mut(), out, tick, 1)
                        })
                        .collect::<Vec<_>>()
                }
            },
            || self.write_data(publication, figures, out),
        );
        for (lens, outputs) in lenses.iter().zip(outputs) {
            if let Some(outputs) = outputs {
                cache.outputs.insert(lens.lang.clone(), outputs);
            }
        }
        // The paths in the order of the whole publication: States, then parts, then
        // pages, then the open data.
        for language in &languages {
            paths.extend_from_slice(&language.state_paths);
        }
        for language in &languages {
            paths.extend_from_slice(&language.part_paths);
        }
        for language in languages {
            paths.extend(language.page_paths);
            diags.extend(language.diags);
        }
        match data_paths {
            Ok(data_paths) => paths.extend(data_paths),
            Err(d) => diags.push(d),
        }
        (paths, diags)
    }

    /// The pages of one language of a publication, once its States are rendered: the
    /// States' pages (when kept), the parts that draw on every State, the pages made of
    /// them and the standalone file. `outputs`: what was rendered last time (`serve`).
    fn render_language(
        &self,
        lens: &view::Lens,
        states: &HashMap<(Lang, String), CachedState>,
        mut outputs: Option<&mut Outputs>,
        out: &Out,
        tick: &(dyn Fn() + Sync),
        at_once: usize,
    ) -> Language {
        let mut language = Language::default();
        let diags = &mut language.diags;
        let strings = &self.templates.strings;
        let lang = lens.lang;
        let prefix = lens.out_prefix();
        let mut cited_by = view::sources::CitedBy::default();
        let mut ordered: Vec<&crate::model::State> = lens.content.states.iter().collect();
        view::state::sort_by_name(lens, &mut ordered, |s| s);
        ordered.retain(|s| states.contains_key(&(lang.clone(), s.slug.clone())));
        let mut toc = Vec::new();
        for state in &ordered {
            let Some(cached) = states.get(&(lang.clone(), state.slug.clone())) else {
                continue;
            };
            cited_by.note(&cached.cited, &cached.link);
            toc.push(jobs::TocEntry {
                anchor: routes::state_anchor(&state.slug),
                name: cached.link.text.clone(),
            });
            let path = format!("{prefix}{}", routes::state(&state.slug));
            if let Some((page, _)) = &cached.rendered {
                out.put(&path, page);
            }
            language.state_paths.push(path);
        }
        // `at_once` parts at a time, each one's data dropped once rendered. A part
        // rendered in pieces has the items marker where they go, removed at the end.
        let items = standalone::marker(standalone::ITEMS_PART);
        let mut parts: BTreeMap<String, String> = BTreeMap::new();
        let mut pending: Vec<Job> = Vec::with_capacity(at_once);
        let mut render = |pending: &mut Vec<Job>| {
            for (job, bytes) in self.render_all(outputs.as_deref_mut(), pending, diags, tick) {
                if let Some(page) = jobs::piece_of(&job.path) {
                    // Into its part, before the marker the next pieces go before.
                    if let Some(part) = parts.get_mut(page) {
                        let at = part.find(&items).unwrap_or(part.len());
                        part.insert_str(at, &String::from_utf8_lossy(&bytes));
                    }
                } else if job.template.starts_with("partials/") {
                    parts.insert(
                        job.path.clone(),
                        String::from_utf8(bytes).unwrap_or_default(),
                    );
                } else {
                    out.put(&job.path, &bytes);
                    language.part_paths.push(job.path.clone());
                }
            }
            pending.clear();
        };
        jobs::part_jobs(lens, strings, cited_by, &mut |job| {
            pending.push(job);
            if pending.len() == at_once {
                render(&mut pending);
            }
        });
        render(&mut pending);
        for part in parts.values_mut() {
            if let Some(at) = part.find(&items) {
                part.replace_range(at..at + items.len(), "");
            }
        }
        let part = |page: &str| {
            parts
                .get(&format!("{prefix}{page}"))
                .map_or("", String::as_str)
        };
        let page_jobs = jobs::page_jobs(
            lens,
            strings,
            &self.templates.stylesheet,
            &self.templates.icon,
            toc,
        );
        let standalone = format!("{prefix}{}", routes::STANDALONE);
        for (job, bytes) in self.render_all(outputs, &page_jobs, diags, tick) {
            if job.path == standalone {
                let mut errors = Vec::new();
                out.put_with(&job.path, &mut |w| {
                    standalone::write(w, &bytes, &mut |name, w| match name {
                        standalone::STATES_PART => {
                            self.write_sections(w, lens, &ordered, states, &mut errors)
                        }
                        page => w.write_all(standalone::rewrite_links(part(page)).as_bytes()),
                    })
                });
                diags.extend_from(errors);
            } else {
                out.put_with(&job.path, &mut |w| {
                    standalone::splice(w, &String::from_utf8_lossy(&bytes), &mut |name, w| {
                        w.write_all(part(name).as_bytes())
                    })
                });
            }
            language.page_paths.push(job.path.clone());
        }
        language
    }

    /// The open data of a publication, written to `out`; the paths written.
    fn write_data(
        &self,
        publication: Publication,
        figures: &Figures,
        out: &Out,
    ) -> Result<Vec<String>, Diagnostic> {
        let content = publication.content();
        let prefix = publication.prefix();
        let mut names = data::Names::new();
        for lens in self.lenses(publication, figures) {
            for state in &content.states {
                names
                    .entry(state.slug.clone())
                    .or_default()
                    .insert(lens.lang.to_string(), lens.state_name(state).text);
            }
        }
        let mut paths = Vec::new();
        data::write_files(content, figures, &names, &mut |path, contents| {
            let path = format!("{prefix}{path}");
            // A file that cannot be written is reported by `out`, with its path.
            out.put_with(&path, contents);
            paths.push(path);
            Ok(())
        })
        .map_err(|err| {
            Diagnostic::error(
                format!("{prefix}{}", routes::STATES_JSON),
                format!("cannot write the open data: {err}"),
            )
        })?;
        Ok(paths)
    }

    /// Writes the State sections of one language's standalone file, in order: those
    /// kept from the first pass, or rendered here, a chunk at a time in parallel.
    fn write_sections(
        &self,
        w: &mut dyn Write,
        lens: &view::Lens,
        ordered: &[&crate::model::State],
        kept: &HashMap<(Lang, String), CachedState>,
        errors: &mut Vec<Diagnostic>,
    ) -> io::Result<()> {
        for chunk in ordered.chunks(SECTION_CHUNK) {
            let sections: Vec<Result<Cow<str>, Diagnostic>> = chunk
                .par_iter()
                .map(|state| {
                    let cached = kept.get(&(lens.lang.clone(), state.slug.clone()));
                    match cached.and_then(|c| c.rendered.as_ref()) {
                        Some((_, section)) => Ok(Cow::Borrowed(section.as_str())),
                        None => self
                            .templates
                            .compiled
                            .render(&jobs::section_job(lens, &self.templates.strings, state))
                            .map(|section| {
                                Cow::Owned(standalone::rewrite_links(&String::from_utf8_lossy(
                                    &section,
                                )))
                            }),
                    }
                })
                .collect();
            for section in sections {
                match section {
                    Ok(html) => w.write_all(html.as_bytes())?,
                    Err(d) => errors.push(d),
                }
            }
        }
        Ok(())
    }

    /// Renders jobs in parallel, reusing the output of any job whose data did not change
    /// since the last build (when `outputs` keeps them); reports template errors.
    fn render_all<'j>(
        &self,
        mut outputs: Option<&mut Outputs>,
        jobs: &'j [Job],
        diags: &mut Diagnostics,
        tick: &(dyn Fn() + Sync),
    ) -> Vec<(&'j Job, Vec<u8>)> {
        let keyed: Vec<(String, u64, &Job)> = match outputs {
            Some(_) => jobs
                .iter()
                .map(|job| {
                    (
                        format!("{}|{}", job.template, job.path),
                        data_hash(job),
                        job,
                    )
                })
                .collect(),
            None => jobs.iter().map(|job| (String::new(), 0, job)).collect(),
        };
        let kept = outputs.as_deref();
        let compiled = &self.templates.compiled;
        let rendered: Vec<_> = keyed
            .par_iter()
            .map(|(id, key, job)| {
                let result = match kept.and_then(|o| o.get(id)) {
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
                    if let Some(outputs) = outputs.as_deref_mut() {
                        outputs.insert(id, (key, bytes.clone()));
                    }
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
