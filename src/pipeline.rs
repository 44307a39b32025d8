//! The steps put together: what `build` and `check` do, and the build session
//! that `serve` keeps between rebuilds.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::cli::{BuildArgs, InputArgs, MessageFormat};
use crate::derive::Figures;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::model::{Archive, Lang};
use crate::render::{OutputFile, Renderer, Sink, Written};
use crate::{derive, gaps, load, output, validate};

/// Everything a build produces, before it is written.
pub struct Built {
    /// The files of the site (none when they were written to a sink as rendered).
    pub files: Vec<OutputFile>,
    /// How many pages, files and bytes were rendered.
    pub written: Written,
    /// The validated content: every edition.
    pub archive: Archive,
    /// The figures derived from each edition, in the archive's order.
    pub figures: Vec<Figures>,
    /// Time of each step, for `--verbose`.
    pub timings: Vec<(&'static str, Duration)>,
}

/// A build session: templates compiled once and rendered pages kept, so that a
/// rebuild after an edit renders only what changed.
pub struct Session {
    content: PathBuf,
    templates: PathBuf,
    strict: bool,
    /// Whether rendered pages are kept, to render only what changed next time.
    keep: bool,
    renderer: Option<(Vec<Lang>, Renderer)>,
    /// The editions validated so far (kept with `keep`: an edition whose files did not
    /// change is not validated again).
    validated: validate::Memo,
}

impl Session {
    /// A session on these directories; `strict` turns warnings into errors.
    pub fn new(content: PathBuf, templates: PathBuf, strict: bool) -> Session {
        Session {
            content,
            templates,
            strict,
            keep: true,
            renderer: None,
            validated: validate::Memo::keeping(),
        }
    }

    /// A session for one build: it keeps no rendered page (each is written and dropped).
    pub fn once(content: PathBuf, templates: PathBuf, strict: bool) -> Session {
        Session {
            keep: false,
            validated: validate::Memo::default(),
            ..Session::new(content, templates, strict)
        }
    }

    /// Forgets the compiled templates (they changed on disk).
    pub fn reload_templates(&mut self) {
        self.renderer = None;
    }

    /// Loads, validates, derives and renders; `None` when any error (or, under
    /// `strict`, warning) was reported. `progress` is told how many pages are done.
    pub fn build(
        &mut self,
        diags: &mut Diagnostics,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Option<Built> {
        self.build_into(diags, progress, None)
    }

    /// [`Session::build`], writing each file into `sink` as soon as it is rendered
    /// (then [`Built::files`] is empty).
    pub fn build_to(
        &mut self,
        diags: &mut Diagnostics,
        progress: &(dyn Fn(u64, u64) + Sync),
        sink: &dyn Sink,
    ) -> Option<Built> {
        self.build_into(diags, progress, Some(sink))
    }

    fn build_into(
        &mut self,
        diags: &mut Diagnostics,
        progress: &(dyn Fn(u64, u64) + Sync),
        sink: Option<&dyn Sink>,
    ) -> Option<Built> {
        let mut timings = Vec::new();
        let mut step = Instant::now();
        let mut lap = |name, timings: &mut Vec<_>| {
            timings.push((name, step.elapsed()));
            step = Instant::now();
        };
        let mut layout = load::load_layout(&self.content, diags);
        lap("load", &mut timings);
        let archive = if self.keep {
            validate::validate_archive_with(&mut layout, diags, &mut self.validated)
        } else {
            validate::validate_archive(&mut layout, diags)
        };
        // The files' texts are not needed any more (the records hold what they say).
        drop(layout);
        lap("validate", &mut timings);
        let archive = archive.filter(|_| !diags.fails(self.strict))?;
        let figures = derive::derive_archive(&archive);
        lap("derive", &mut timings);
        // Every language of every edition, the current edition's first.
        let mut langs = archive.current().edition.languages.clone();
        for content in &archive.editions {
            for lang in &content.edition.languages {
                if !langs.contains(lang) {
                    langs.push(lang.clone());
                }
            }
        }
        if self.renderer.as_ref().is_none_or(|(l, _)| l != &langs) {
            self.renderer = Some((
                langs.clone(),
                Renderer::load(&self.templates, &langs, self.keep, diags)?,
            ));
        }
        lap("templates", &mut timings);
        let (_, renderer) = self.renderer.as_ref()?;
        let (files, written) = match sink {
            Some(sink) => (
                Vec::new(),
                renderer.render_to(&archive, &figures, diags, progress, sink)?,
            ),
            None => {
                let files = renderer.render(&archive, &figures, diags, progress)?;
                let written = Written {
                    pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
                    files: files.len(),
                    bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
                };
                (files, written)
            }
        };
        lap("render", &mut timings);
        Some(Built {
            files,
            written,
            archive,
            figures,
            timings,
        })
    }
}

/// A progress bar on the terminal while pages render (nothing when not a terminal or `--quiet`).
fn progress_bar(input: &InputArgs) -> indicatif::ProgressBar {
    if input.quiet || input.message_format == MessageFormat::Json {
        return indicatif::ProgressBar::hidden();
    }
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} pages") {
        bar.set_style(style);
    }
    bar.set_message("rendering");
    bar
}

/// A sink that writes nothing (`check`).
struct Discard;

impl Sink for Discard {
    fn put(
        &self,
        _path: &str,
        contents: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        contents(&mut std::io::sink())
    }
}

/// Runs a one-off build with a progress bar, each file written into `sink` as rendered.
fn build_with_progress(
    input: &InputArgs,
    diags: &mut Diagnostics,
    sink: &dyn Sink,
) -> Option<Built> {
    let mut session = Session::once(input.content.clone(), input.templates.clone(), input.strict);
    let bar = progress_bar(input);
    let built = session.build_to(
        diags,
        &|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        },
        sink,
    );
    bar.finish_and_clear();
    built
}

/// `check`: validate and render in memory, print the diagnostics and the data-gaps
/// report; writes nothing.
pub fn check_command(input: &InputArgs) -> bool {
    let start = Instant::now();
    let mut diags = Diagnostics::default();
    let built = build_with_progress(input, &mut diags, &Discard);
    let failed = diags.fails(input.strict) || built.is_none();
    report(input, diags);
    if let Some(built) = &built {
        if !input.quiet && input.message_format == MessageFormat::Human {
            for (content, figures) in built.archive.editions.iter().zip(&built.figures) {
                if built.archive.several {
                    println!(
                        "\n== edition {} (as of {})",
                        content.id, content.edition.as_of
                    );
                }
                print!("{}", gaps::text_report(content, figures));
            }
        }
        print_timings(input, &built.timings);
    }
    if !input.quiet && input.message_format == MessageFormat::Human {
        let verdict = if failed {
            "check failed"
        } else {
            "check passed"
        };
        eprintln!("{verdict} in {:.0?}", start.elapsed());
    }
    !failed
}

/// `build`: validate, render and write the site.
pub fn build_command(args: &BuildArgs) -> bool {
    let start = Instant::now();
    let input = &args.input;
    let mut diags = Diagnostics::default();
    // Every file is written into a temporary directory as soon as it is rendered; the
    // directory replaces the output only when the build succeeded (else it is removed).
    let site = match output::TempSite::create(&args.out) {
        Ok(site) => site,
        Err(err) => {
            diags.push(Diagnostic::error(
                args.out.display().to_string(),
                err.to_string(),
            ));
            report(input, diags);
            return false;
        }
    };
    let Some(mut built) = build_with_progress(input, &mut diags, &site) else {
        drop(site);
        report(input, diags);
        if !input.quiet && input.message_format == MessageFormat::Human {
            eprintln!("build failed; {} left as it was", args.out.display());
        }
        return false;
    };
    let swap_start = Instant::now();
    if let Err(err) = site.finish() {
        diags.push(Diagnostic::error(
            args.out.display().to_string(),
            err.to_string(),
        ));
        report(input, diags);
        return false;
    }
    // The pages were written as they were rendered.
    for (name, _) in &mut built.timings {
        if *name == "render" {
            *name = "render+write";
        }
    }
    built.timings.push(("swap", swap_start.elapsed()));
    report(input, diags);
    print_timings(input, &built.timings);
    if !input.quiet && input.message_format == MessageFormat::Human {
        let Written {
            pages,
            files,
            bytes,
        } = built.written;
        eprintln!(
            "built {pages} pages ({files} files, {} KiB) into {} in {:.0?}",
            bytes / 1024,
            args.out.display(),
            start.elapsed()
        );
    }
    true
}

fn print_timings(input: &InputArgs, timings: &[(&'static str, Duration)]) {
    if input.verbose {
        for (name, time) in timings {
            eprintln!("  {name:<10} {time:>10.1?}");
        }
    }
}

/// Prints the diagnostics sorted by file and place: for people on stderr, as JSON
/// (one object per line) on stdout.
pub fn report(input: &InputArgs, diags: Diagnostics) {
    let (errors, warnings) = diags.counts();
    let sorted = diags.into_sorted();
    match input.message_format {
        MessageFormat::Human => {
            let mut err = std::io::stderr().lock();
            for d in &sorted {
                let _ = writeln!(err, "{d}");
            }
            if errors > 0 || warnings > 0 {
                let strict = if input.strict && warnings > 0 {
                    " (--strict: warnings are errors)"
                } else {
                    ""
                };
                let _ = writeln!(err, "{errors} error(s), {warnings} warning(s){strict}");
            }
        }
        MessageFormat::Json => {
            let mut out = std::io::stdout().lock();
            for d in sorted {
                let d = Diagnostic {
                    severity: if input.strict {
                        Severity::Error
                    } else {
                        d.severity
                    },
                    ..d
                };
                let _ = writeln!(out, "{}", serde_json::to_string(&d).unwrap_or_default());
            }
        }
    }
}
