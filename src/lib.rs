//! snp-overview: the static site of the overview of States not party to the
//! Anti-Personnel Mine Ban Convention.
//!
//! The pipeline is the architecture: [`load`] the content files, [`validate`]
//! them into the typed [`model`], [`derive`] the figures, [`render`] the pages,
//! and [`output`] writes the site atomically.

pub mod chart;
pub mod cli;
pub mod derive;
pub mod diagnostic;
pub(crate) mod fingerprint;
pub mod fuzzing;
pub(crate) mod gaps;
pub(crate) mod load;
pub(crate) mod markdown;
pub mod model;
pub(crate) mod output;
pub mod pipeline;
pub mod render;
pub(crate) mod scaffold;
pub(crate) mod serve;
pub(crate) mod validate;
pub mod yaml;

use std::path::Path;
use std::process::ExitCode;

use cli::{Cli, Command};
use diagnostic::{Diagnostic, Diagnostics};
use model::{Archive, Content};

/// Loads and validates a content directory (one edition, or several under
/// `editions/`): the archive, or every error and warning found.
pub fn load_archive(dir: &Path) -> Result<(Archive, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = Diagnostics::default();
    let mut layout = load::load_layout(dir, &mut diags);
    match validate::validate_archive(&mut layout, &mut diags) {
        Some(archive) => Ok((archive, diags.into_sorted())),
        None => Err(diags.into_sorted()),
    }
}

/// Loads and validates a content directory: its current edition, or every error
/// and warning found.
pub fn load_content(dir: &Path) -> Result<(Content, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_archive(dir).map(|(mut archive, diags)| {
        let current = archive
            .editions
            .pop()
            .expect("an archive holds at least one edition");
        (current, diags)
    })
}

/// Runs a command; the exit status is 0 on success and 1 on any content, template or I/O error.
pub fn run(cli: Cli) -> ExitCode {
    let ok = match cli.command {
        Command::Build(args) => pipeline::build_command(&args),
        Command::Check(args) => pipeline::check_command(&args.input),
        Command::Serve(args) => serve::serve_command(&args),
        Command::New(args) => scaffold::new_command(&args),
        Command::NewEdition(args) => scaffold::edition::new_edition_command(&args),
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
