//! The templates directory: Tera templates compiled once, interface strings, date
//! and number formats per language, the stylesheet and the assets.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Once};

use tera::{ErrorKind, Tera};
use walkdir::WalkDir;

use super::format::Formatter;
use super::i18n::Strings;
use super::{Job, OutputFile, routes};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Lang;

/// The compiled templates, interface strings and formats.
pub(crate) struct Templates {
    /// The Tera templates (shared by the threads that render).
    pub(crate) compiled: Compiled,
    /// Interface strings of every language.
    pub(crate) strings: Arc<Strings>,
    /// Date and number formats, by language built.
    pub(crate) formats: Vec<(Lang, Arc<Formatter>)>,
    /// templates/assets/style.css, inlined into the standalone files.
    pub(crate) stylesheet: String,
    /// templates/assets/favicon.svg as a `data:` URI, the standalone files' icon.
    pub(crate) icon: String,
}

/// The Tera templates of a directory, compiled.
pub(crate) struct Compiled {
    tera: Tera,
    dir: PathBuf,
}

/// Gives Tera's hash maps (ahash) their seeds from a counter of each thread. By
/// default every new map (Tera makes one for each component call and each map
/// value) adds to one atomic counter shared by all threads: the cores fought over
/// it, 7 % of the CPU time of a build. Set once, before the first map.
fn seed_maps_per_thread() {
    struct PerThread;
    impl ahash::random_state::RandomSource for PerThread {
        fn gen_hasher_seed(&self) -> usize {
            thread_local!(static NEXT: Cell<usize> = const { Cell::new(0) });
            NEXT.with(|next| {
                let n = next.get().wrapping_add(1);
                next.set(n);
                // The counter's address tells the threads apart.
                n.wrapping_add(std::ptr::from_ref(next) as usize)
            })
        }
    }
    static ONCE: Once = Once::new();
    // Fails only if a map was made before; it then keeps the default seeds.
    ONCE.call_once(|| {
        let _ = ahash::random_state::set_random_source(PerThread);
    });
}

impl Templates {
    /// Compiles the templates of `dir` and reads the strings of `langs`.
    pub(crate) fn load(dir: &Path, langs: &[Lang], diags: &mut Diagnostics) -> Option<Templates> {
        let before = diags.counts().0;
        if !dir.is_dir() {
            diags.push(Diagnostic::error(
                dir.display().to_string(),
                "the templates directory does not exist",
            ));
            return None;
        }
        let strings = Strings::load(dir, langs, diags);
        let formats: Vec<(Lang, Arc<Formatter>)> = langs
            .iter()
            .filter_map(|lang| Some((lang.clone(), strings.lang(lang)?.format()?.clone())))
            .collect();
        let strings = Arc::new(strings);
        seed_maps_per_thread();
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".svg"]);
        tera.register_function("t", Arc::clone(&strings).function());
        tera.register_function("world_map", crate::chart::template::world_map);
        tera.register_function("vote_strip", crate::chart::template::vote_strip);
        tera.register_function("bar_chart", crate::chart::template::bar_chart);
        tera.register_function("vote_cells", crate::chart::template::vote_cells);
        let mut sources = Vec::new();
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
        let mut read_asset = |rel: &str, what: &str| match std::fs::read_to_string(dir.join(rel)) {
            Ok(text) => text,
            Err(err) => {
                diags.push(Diagnostic::error(
                    template_path(dir, rel),
                    format!("cannot read {what}: {err}"),
                ));
                String::new()
            }
        };
        let stylesheet = read_asset(routes::STYLESHEET, "the stylesheet");
        let icon = super::standalone::svg_data_uri(&read_asset(routes::FAVICON, "the icon"));
        (diags.counts().0 == before).then(|| Templates {
            compiled: Compiled {
                tera,
                dir: dir.to_path_buf(),
            },
            strings,
            formats,
            stylesheet,
            icon,
        })
    }

    /// Every file under templates/assets/, copied as is to assets/.
    pub(crate) fn assets(&self, diags: &mut Diagnostics) -> Vec<OutputFile> {
        let root = self.compiled.dir.join("assets");
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
                    path: routes::asset(&rel),
                    bytes,
                }),
                Err(err) => diags.push(Diagnostic::error(
                    routes::asset(&rel),
                    format!("cannot read asset: {err}"),
                )),
            }
        }
        files
    }
}

impl Compiled {
    /// Renders one job through its template; a context that cannot be built or a
    /// template error is a diagnostic naming the page.
    pub(crate) fn render(&self, job: &Job) -> Result<Vec<u8>, Diagnostic> {
        // A piece of a part is named by the page it is part of.
        let page = super::jobs::piece_of(&job.path).unwrap_or(&job.path);
        let data = job.data.as_ref().map_err(|err| {
            Diagnostic::error(
                template_path(&self.dir, job.template),
                format!("{err} (while rendering {page})"),
            )
        })?;
        self.tera
            .render(job.template, &data.context())
            .map(String::into_bytes)
            .map_err(|err| template_error(&err, &self.dir, Some(page)))
    }
}

/// The templates every build renders, checked once they are compiled (`page-body.html`
/// and `editions.html` are rendered only for extra pages and several editions).
pub(crate) const TEMPLATES: &[&str] = &[
    "base.html",
    "overview.html",
    "state.html",
    "region.html",
    "sources.html",
    "page.html",
    "data-gaps.html",
    "404.html",
    "standalone.html",
    "changes.html",
    "partials/overview-body.html",
    "partials/gaps-body.html",
    "partials/sources-body.html",
    "partials/source-items.html",
    "partials/state-section.html",
];

/// A file under the templates directory, as it is named in messages.
pub(crate) fn template_path(dir: &Path, rel: &str) -> String {
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
