//! Step 4: render every page of every language through the Tera templates.

mod data;
pub mod format;
pub mod i18n;
mod pages;
mod sitemap;
mod standalone;
pub mod view;

use std::path::{Path, PathBuf};
use std::sync::Arc;

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
            diags.push(template_error(&err, None));
        }
        for name in TEMPLATES {
            if !tera.contains_template(name) && diags.counts().0 == before {
                diags.push(Diagnostic::error(
                    *name,
                    "template is missing from the templates directory",
                ));
            }
        }
        let stylesheet = match std::fs::read_to_string(dir.join("assets/style.css")) {
            Ok(css) => css,
            Err(err) => {
                let file = format!("{}/assets/style.css", dir.display());
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
        })
    }

    /// Renders every page of every language, and copies the assets.
    pub fn render(
        &self,
        content: &Content,
        figures: &Figures,
        diags: &mut Diagnostics,
    ) -> Option<Vec<OutputFile>> {
        let mut jobs = Vec::new();
        for (lang, format) in &self.formats {
            let Some(strings) = self.strings.lang(lang) else {
                continue;
            };
            let lens = view::Lens {
                content,
                figures,
                lang,
                strings,
                format,
            };
            jobs.extend(pages::jobs(&lens, &self.strings, &self.stylesheet));
        }
        let tera = &self.tera;
        let rendered: Vec<Result<OutputFile, Diagnostic>> = jobs
            .par_iter()
            .map(|job| {
                let context = Context::from_serialize(&job.data).unwrap_or_default();
                tera.render(job.template, &context)
                    .map(|html| {
                        let html = if job.template == "standalone.html" {
                            standalone::rewrite_links(&html)
                        } else {
                            html
                        };
                        OutputFile {
                            path: job.path.clone(),
                            bytes: html.into_bytes(),
                        }
                    })
                    .map_err(|err| template_error(&err, Some(&job.path)))
            })
            .collect();
        let mut files = Vec::with_capacity(rendered.len());
        for result in rendered {
            match result {
                Ok(file) => files.push(file),
                Err(d) => diags.push(d),
            }
        }
        files.extend(self.assets(diags));
        let default_pages: Vec<String> = jobs
            .iter()
            .filter(|j| {
                !j.path.contains('/')
                    || j.path
                        .split('/')
                        .next()
                        .is_some_and(|d| !is_lang_dir(d, content))
            })
            .map(|j| j.path.clone())
            .collect();
        files.extend(sitemap::files(&content.edition, &default_pages));
        match data::files(content, figures) {
            Ok(data) => files.extend(data),
            Err(err) => diags.push(Diagnostic::error(
                "data/states.json",
                format!("cannot write the open data: {err}"),
            )),
        }
        (!diags.has_errors()).then_some(files)
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

/// Whether a top-level directory of the site is a language's.
fn is_lang_dir(dir: &str, content: &Content) -> bool {
    content.edition.languages.iter().any(|l| l.as_str() == dir)
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

/// A Tera error as a diagnostic: template, line and column, and the page being rendered.
fn template_error(err: &tera::Error, page: Option<&str>) -> Diagnostic {
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
                format!("templates/{}", report.filename()),
                format!("{kind}: {}{while_rendering}", report.message()),
            )
            .at(Some((span.start_line, span.start_col + 1)))
        }
        other => Diagnostic::error(
            "templates",
            format!("template error: {other}{while_rendering}"),
        ),
    }
}
