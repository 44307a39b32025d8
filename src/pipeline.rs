//! The steps put together: what `build` and `check` do.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::cli::{BuildArgs, InputArgs, MessageFormat};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Content;
use crate::render::{OutputFile, Renderer};
use crate::{derive, load, output, validate};

/// Loads and validates the content.
pub fn read_content(input: &InputArgs, diags: &mut Diagnostics) -> Option<Content> {
    let files = load::load(&input.content, diags);
    validate::validate(&files, diags)
}

/// `check`: validate and report; writes nothing.
pub fn check_command(input: &InputArgs) -> bool {
    let start = Instant::now();
    let mut diags = Diagnostics::default();
    let content = read_content(input, &mut diags);
    let failed = diags.fails(input.strict) || content.is_none();
    report(input, diags);
    if !input.quiet && input.message_format == MessageFormat::Human {
        eprintln!("checked in {:.0?}", start.elapsed());
    }
    !failed
}

/// Everything a build produces, before it is written.
pub struct Built {
    /// The files of the site.
    pub files: Vec<OutputFile>,
    /// Time of each step, for `--verbose`.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Loads, validates, derives and renders; `None` when any error (or, under
/// `strict`, warning) was reported.
pub fn build_site(input: &InputArgs, diags: &mut Diagnostics) -> Option<Built> {
    let mut timings = Vec::new();
    let mut step = Instant::now();
    let mut lap = |name, timings: &mut Vec<_>| {
        timings.push((name, step.elapsed()));
        step = Instant::now();
    };
    let files = load::load(&input.content, diags);
    lap("load", &mut timings);
    let content = validate::validate(&files, diags);
    lap("validate", &mut timings);
    let content = content.filter(|_| !diags.fails(input.strict))?;
    let figures = derive::derive(&content);
    lap("derive", &mut timings);
    let renderer = Renderer::load(&input.templates, &content.edition.languages, diags)?;
    lap("templates", &mut timings);
    let files = renderer.render(&content, &figures, diags)?;
    lap("render", &mut timings);
    Some(Built { files, timings })
}

/// `build`: validate, render and write the site.
pub fn build_command(args: &BuildArgs) -> bool {
    let start = Instant::now();
    let input = &args.input;
    let mut diags = Diagnostics::default();
    if let Err(err) = output::check_replaceable(&args.out) {
        diags.push(Diagnostic::error(
            args.out.display().to_string(),
            err.to_string(),
        ));
        report(input, diags);
        return false;
    }
    let built = build_site(input, &mut diags);
    let Some(mut built) = built else {
        report(input, diags);
        if !input.quiet && input.message_format == MessageFormat::Human {
            eprintln!("build failed; {} left as it was", args.out.display());
        }
        return false;
    };
    let write_start = Instant::now();
    if let Err(err) = output::write_site(&args.out, &built.files) {
        diags.push(Diagnostic::error(
            args.out.display().to_string(),
            err.to_string(),
        ));
        report(input, diags);
        return false;
    }
    built.timings.push(("write", write_start.elapsed()));
    report(input, diags);
    if input.verbose {
        for (name, time) in &built.timings {
            eprintln!("  {name:<10} {time:>10.1?}");
        }
    }
    if !input.quiet && input.message_format == MessageFormat::Human {
        let pages = built
            .files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .count();
        let bytes: usize = built.files.iter().map(|f| f.bytes.len()).sum();
        eprintln!(
            "built {pages} pages ({} files, {} KiB) into {} in {:.0?}",
            built.files.len(),
            bytes / 1024,
            args.out.display(),
            start.elapsed()
        );
    }
    true
}

/// Prints the diagnostics, errors and warnings sorted by file and place.
pub fn report(input: &InputArgs, diags: Diagnostics) {
    let (errors, warnings) = diags.counts();
    let sorted = diags.into_sorted();
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    for d in &sorted {
        print_diagnostic(&mut out, d, input.message_format, input.strict);
    }
    if input.message_format == MessageFormat::Human && (errors > 0 || warnings > 0) {
        let _ = writeln!(
            out,
            "{errors} error(s), {warnings} warning(s){}",
            if input.strict && warnings > 0 {
                " (--strict: warnings are errors)"
            } else {
                ""
            }
        );
    }
}

fn print_diagnostic(out: &mut impl Write, d: &Diagnostic, format: MessageFormat, strict: bool) {
    let _ = match format {
        MessageFormat::Human => writeln!(out, "{d}"),
        MessageFormat::Json => {
            let mut d = d.clone();
            if strict {
                d.severity = crate::diagnostic::Severity::Error;
            }
            writeln!(out, "{}", serde_json::to_string(&d).unwrap_or_default())
        }
    };
}
