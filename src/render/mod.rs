//! Step 4: render every page of every language through the Tera templates.

pub mod data;
pub mod format;
pub mod i18n;
mod pages;
mod sitemap;
mod standalone;
pub mod view;

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use tera::{Context, ErrorKind, Tera};
use walkdir::WalkDir;

use crate::derive::Figures;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Content, Lang};
use format::Formatter;
use i18n::Strings;

/// A file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output directory, with `/` separators.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// The compiled templates, interface strings and formats.
pub struct Renderer {
    tera: Tera,
    strings: Arc<Strings>,
    formats: Vec<(Lang, Formatter)>,
    dir: PathBuf,
    /// templates/assets/style.css, inlined into the standalone files.
    stylesheet: String,
    /// What was rendered for each State, kept between builds (`serve`).
    cache: Mutex<Cache>,
}

/// Rendered State pages and sections, valid while nothing but the records changes.
#[derive(Default)]
struct Cache {
    /// Hash of everything a State page depends on besides its record.
    epoch: u64,
    /// By language and slug.
    states: HashMap<(Lang, String), CachedState>,
    /// Other outputs by template and path, with the hash of the data they were rendered from.
    outputs: HashMap<String, (u64, Vec<u8>)>,
}

/// One State's rendered page and standalone section in one language.
struct CachedState {
    /// Hash of the record they were rendered from.
    key: u64,
    page: Vec<u8>,
    section: String,
    cited: Vec<String>,
    link: view::Link,
}

/// Renders one job through its template.
fn render_job(tera: &Tera, dir: &Path, job: &Job) -> Result<Vec<u8>, Diagnostic> {
    let context = Context::from_serialize(&job.data).unwrap_or_default();
    tera.render(job.template, &context)
        .map(String::into_bytes)
        .map_err(|err| template_error(&err, dir, Some(&job.path)))
}

/// A hash of a job's template and data.
fn data_hash(job: &Job) -> u64 {
    struct HashWriter(DefaultHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut writer = HashWriter(DefaultHasher::new());
    job.template.hash(&mut writer.0);
    let _ = serde_json::to_writer(&mut writer, &job.data);
    writer.0.finish()
}

/// A hash of a value, to tell whether it changed.
fn hash(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A page to render: where it goes, with which template and data.
pub struct Job {
    /// Output path.
    pub path: String,
    /// Template name.
    pub template: &'static str,
    /// Data: a JSON object whose keys become the template's variables.
    pub data: serde_json::Value,
}

impl Renderer {
    /// Compiles the templates of `dir` and reads the strings of `langs`.
    pub fn load(dir: &Path, langs: &[Lang], diags: &mut Diagnostics) -> Option<Renderer> {
        let before = diags.counts().0;
        let strings = Strings::load(dir, langs, diags);
        let mut formats = Vec::new();
        for lang in langs {
            let Some(lang_strings) = strings.lang(lang) else {
                continue;
            };
            let locale = lang_strings.get("locale").unwrap_or(lang.as_str());
            match Formatter::new(locale) {
                Ok(f) => formats.push((lang.clone(), f)),
                Err(e) => diags.push(Diagnostic::error(&lang_strings.file, e)),
            }
        }
        let strings = Arc::new(strings);
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".svg"]);
        tera.register_function("t", Arc::clone(&strings).function());
        tera.register_function("world_map", crate::chart::template::world_map);
        let mut sources = Vec::new();
        if !dir.is_dir() {
            diags.push(Diagnostic::error(
                dir.display().to_string(),
                "the templates directory does not exist",
            ));
            return None;
        }
        for entry in WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let is_template = name.ends_with(".html") || name.ends_with(".xml");
            if entry.file_type().is_file() && is_template && !name.starts_with("assets/") {
                match std::fs::read_to_string(entry.path()) {
                    Ok(text) => sources.push((name, text)),
                    Err(err) => diags.push(Diagnostic::error(
                        name,
                        format!("cannot read template: {err}"),
                    )),
                }
            }
        }
        if let Err(err) = tera.add_raw_templates(sources) {
            diags.push(template_error(&err, dir, None));
        }
        for name in TEMPLATES {
            if !tera.contains_template(name) && diags.counts().0 == before {
                diags.push(Diagnostic::error(
                    template_path(dir, name),
                    "template is missing from the templates directory",
                ));
            }
        }
        let stylesheet = match std::fs::read_to_string(dir.join("assets/style.css")) {
            Ok(css) => css,
            Err(err) => {
                let file = template_path(dir, "assets/style.css");
                diags.push(Diagnostic::error(
                    file,
                    format!("cannot read the stylesheet: {err}"),
                ));
                String::new()
            }
        };
        (diags.counts().0 == before).then(|| Renderer {
            tera,
            strings,
            formats,
            dir: dir.to_path_buf(),
            stylesheet,
            cache: Mutex::default(),
        })
    }

    /// Renders every page of every language, the standalone files, the open data and
    /// the assets. A State's page and standalone section are rendered again only if
    /// its record (or anything else than the records) changed since the last call.
    pub fn render(
        &self,
        content: &Content,
        figures: &Figures,
        diags: &mut Diagnostics,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Option<Vec<OutputFile>> {
        let per_lang =
            content.states.len() + content.pages.len() + content.edition.regions.len() + 5;
        let total = (self.formats.len() * per_lang) as u64;
        let done = AtomicU64::new(0);
        let tick = || progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let epoch = hash(&(
            &content.edition,
            &content.sources,
            &content.index,
            &content.pages,
        ));
        if cache.epoch != epoch {
            cache.states.clear();
            cache.epoch = epoch;
        }
        cache
            .states
            .retain(|(_, slug), _| content.states.iter().any(|s| &s.slug == slug));

        // 1. The States whose record changed: their pages and sections.
        let mut state_jobs = Vec::new();
        for lens in self.lenses(content, figures) {
            let lang = lens.lang;
            for state in &content.states {
                let key = hash(state);
                let id = (lang.clone(), state.slug.clone());
                if cache.states.get(&id).is_none_or(|c| c.key != key) {
                    state_jobs.push((id, key, pages::state_jobs(&lens, &self.strings, state)));
                }
            }
        }
        let state_jobs_count = state_jobs.len();
        let tera = &self.tera;
        let dir = self.dir.as_path();
        let rendered: Vec<_> = state_jobs
            .par_iter()
            .map(|(_, _, jobs)| {
                let rendered = (
                    render_job(tera, dir, &jobs.page),
                    render_job(tera, dir, &jobs.section),
                );
                tick();
                rendered
            })
            .collect();
        for ((id, key, jobs), (page, section)) in state_jobs.into_iter().zip(rendered) {
            match (page, section) {
                (Ok(page), Ok(section)) => {
                    let section = standalone::rewrite_links(&String::from_utf8_lossy(&section));
                    let cached = CachedState {
                        key,
                        page,
                        section,
                        cited: jobs.cited,
                        link: jobs.link,
                    };
                    cache.states.insert(id, cached);
                }
                (page, section) => diags.extend_from(page.err().into_iter().chain(section.err())),
            }
        }
        if diags.has_errors() {
            return None;
        }

        // 2. The parts that draw on every State (rendered once, for their page and the
        //    standalone file), then the pages made of them and the standalone files.
        let mut files = Vec::new();
        let mut parts_jobs = Vec::new();
        let mut sections = Vec::new();
        for lens in self.lenses(content, figures) {
            let lang = lens.lang;
            let mut cited_by = pages::CitedBy::default();
            let mut ordered: Vec<&crate::model::State> = content.states.iter().collect();
            ordered.sort_by(|a, b| view::by_name(&lens, a, b));
            let mut toc = Vec::new();
            let mut html = String::new();
            for state in ordered {
                let Some(cached) = cache.states.get(&(lang.clone(), state.slug.clone())) else {
                    continue;
                };
                cited_by.note(&cached.cited, &cached.link);
                toc.push(pages::TocEntry {
                    slug: state.slug.clone(),
                    name: cached.link.text.clone(),
                });
                html.push_str(&cached.section);
                files.push(OutputFile {
                    path: format!(
                        "{}states/{}.html",
                        pages::lang_prefix(lang, content.edition.default_lang()),
                        state.slug
                    ),
                    bytes: cached.page.clone(),
                });
            }
            sections.push((
                toc,
                html,
                pages::lang_prefix(lang, content.edition.default_lang()),
            ));
            parts_jobs.extend(pages::part_jobs(&lens, &self.strings, cited_by));
        }
        let mut parts = BTreeMap::new();
        for _ in 0..(self.formats.len() * content.states.len()).saturating_sub(state_jobs_count) {
            tick();
        }
        for (job, bytes) in self.render_all(&mut cache, &parts_jobs, diags, &tick) {
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
        for (lens, (toc, html, prefix)) in self.lenses(content, figures).zip(sections) {
            standalone_parts.insert(format!("{prefix}{}", pages::STANDALONE), (prefix, html));
            page_jobs.extend(pages::page_jobs(
                &lens,
                &self.strings,
                &parts,
                &self.stylesheet,
                toc,
            ));
        }
        for (job, bytes) in self.render_all(&mut cache, &page_jobs, diags, &tick) {
            let bytes = match standalone_parts.get(&job.path) {
                Some((prefix, sections)) => {
                    let shell = standalone::rewrite_links(&String::from_utf8_lossy(&bytes));
                    standalone::splice(&shell, |part| match part {
                        "states" => sections.clone(),
                        page => standalone::rewrite_links(
                            parts
                                .get(&format!("{prefix}{page}"))
                                .map_or("", String::as_str),
                        ),
                    })
                    .into_bytes()
                }
                None => bytes,
            };
            files.push(OutputFile {
                path: job.path.clone(),
                bytes,
            });
        }
        drop(cache);

        files.extend(self.assets(diags));
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let sitemap = sitemap::files(&content.edition, &paths);
        files.extend(sitemap);
        match data::files(content, figures) {
            Ok(data) => files.extend(data),
            Err(err) => diags.push(Diagnostic::error(
                "data/states.json",
                format!("cannot write the open data: {err}"),
            )),
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        (!diags.has_errors()).then_some(files)
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
        let tera = &self.tera;
        let dir = self.dir.as_path();
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
        let rendered: Vec<_> = keyed
            .par_iter()
            .map(|(id, key, job)| {
                let result = match outputs.get(id) {
                    Some((k, bytes)) if k == key => Ok(bytes.clone()),
                    _ => render_job(tera, dir, job),
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

    /// How each language built sees the content: its strings and formats.
    fn lenses<'a>(
        &'a self,
        content: &'a Content,
        figures: &'a Figures,
    ) -> impl Iterator<Item = view::Lens<'a>> {
        self.formats.iter().filter_map(move |(lang, format)| {
            Some(view::Lens {
                content,
                figures,
                lang,
                strings: self.strings.lang(lang)?,
                format,
            })
        })
    }

    /// Every file under templates/assets/, copied as is to assets/.
    fn assets(&self, diags: &mut Diagnostics) -> Vec<OutputFile> {
        let root = self.dir.join("assets");
        let mut files = Vec::new();
        for entry in WalkDir::new(&root)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            let rel = entry.path().strip_prefix(&root).unwrap_or(entry.path());
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            match std::fs::read(entry.path()) {
                Ok(bytes) => files.push(OutputFile {
                    path: format!("assets/{rel}"),
                    bytes,
                }),
                Err(err) => diags.push(Diagnostic::error(
                    format!("assets/{rel}"),
                    format!("cannot read asset: {err}"),
                )),
            }
        }
        files
    }
}

/// The templates every site needs.
pub const TEMPLATES: &[&str] = &[
    "base.html",
    "overview.html",
    "state.html",
    "region.html",
    "sources.html",
    "page.html",
    "data-gaps.html",
    "404.html",
    "standalone.html",
];

/// A file under the templates directory, as it is named in messages.
pub fn template_path(dir: &Path, rel: &str) -> String {
    let dir = dir.display().to_string();
    format!("{}/{rel}", dir.trim_end_matches('/'))
}

/// A Tera error as a diagnostic: template, line and column, and the page being rendered.
fn template_error(err: &tera::Error, dir: &Path, page: Option<&str>) -> Diagnostic {
    let while_rendering = page
        .map(|p| format!(" (while rendering {p})"))
        .unwrap_or_default();
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            let kind = if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            Diagnostic::error(
                template_path(dir, report.filename()),
                format!("{kind}: {}{while_rendering}", report.message()),
            )
            .at(Some((span.start_line, span.start_col + 1)))
        }
        other => Diagnostic::error(
            dir.display().to_string(),
            format!("template error: {other}{while_rendering}"),
        ),
    }
}
