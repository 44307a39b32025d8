//! The steps put together: what `build` and `check` do.

use std::io::Write;
use std::time::Instant;

use crate::cli::{BuildArgs, InputArgs, MessageFormat};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Content;
use crate::{load, validate};

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

/// `build`: validate, render and write the site.
pub fn build_command(args: &BuildArgs) -> bool {
    check_command(&args.input)
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
