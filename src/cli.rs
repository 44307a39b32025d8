//! The command line: what each command and flag means.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Builds the overview of the views and practices of States not party to the
/// Anti-Personnel Mine Ban Convention: a static, offline-ready website made from
/// YAML records and Markdown narratives.
#[derive(Debug, Parser)]
#[command(name = "snp-overview", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site: content/ + templates/ -> site/ (replaced only if the build succeeds).
    Build(BuildArgs),
    /// Validate the content and print the report (errors, warnings, data gaps); writes nothing.
    Check(CheckArgs),
    /// Preview the site while you edit: rebuilds on every change and reloads the browser.
    Serve(ServeArgs),
    /// Start a new State record: writes content/states/<slug>.yaml and <slug>.md to fill in.
    New(NewArgs),
    /// Start the next edition as a copy of the current one, to review and update.
    NewEdition(NewEditionArgs),
}

/// Options of `new-edition`.
#[derive(Debug, Args, Clone)]
pub struct NewEditionArgs {
    /// The new edition's id: its folder under content/editions/ (`2027-11`).
    pub id: String,
    /// The date the new edition's information will be current to.
    #[arg(long, value_name = "DATE")]
    pub as_of: String,
    /// Content directory.
    #[arg(long, value_name = "DIR", default_value = "content")]
    pub content: PathBuf,
}

/// Where the content and templates are, and how to report.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Content directory: report.yaml, sources.yaml, index.md, states/, pages/.
    #[arg(long, value_name = "DIR", default_value = "content")]
    pub content: PathBuf,
    /// Templates directory: Tera templates, styles and interface strings.
    #[arg(long, value_name = "DIR", default_value = "templates")]
    pub templates: PathBuf,
    /// Treat warnings (missing narrative, unused source, fact without source...) as errors.
    #[arg(long)]
    pub strict: bool,
    /// How to print errors and warnings: `human`, or `json` (one object per line).
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// Print only errors and warnings.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print the time each step took.
    #[arg(long, short)]
    pub verbose: bool,
}

/// Options of `build`.
#[derive(Debug, Args, Clone)]
pub struct BuildArgs {
    /// Content, templates and reporting.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output directory; it is replaced as a whole, and only if it was made by this generator.
    #[arg(long, value_name = "DIR", default_value = "site")]
    pub out: PathBuf,
}

/// Options of `check`.
#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Content, templates and reporting.
    #[command(flatten)]
    pub input: InputArgs,
    /// Accepted for symmetry with `build`; `check` never writes.
    #[arg(long, value_name = "DIR", default_value = "site", hide = true)]
    pub out: PathBuf,
}

/// Options of `serve`.
#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Content, templates and reporting.
    #[command(flatten)]
    pub input: InputArgs,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Address to listen on; anything but the loopback address lets other machines see the preview.
    #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
    pub address: std::net::IpAddr,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Build into this directory instead of a temporary one (never site/ unless you say so).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Options of `new`.
#[derive(Debug, Args, Clone)]
pub struct NewArgs {
    /// The State's name, as it should be displayed ("Exampleland").
    pub name: String,
    /// Its ISO 3166-1 alpha-3 code.
    #[arg(long, value_name = "XXX")]
    pub iso3: String,
    /// Its region: a region slug of report.yaml.
    #[arg(long, value_name = "REGION")]
    pub region: String,
    /// File name to use instead of one made from the name (lowercase letters, digits, `-`).
    #[arg(long)]
    pub slug: Option<String>,
    /// Content directory.
    #[arg(long, value_name = "DIR", default_value = "content")]
    pub content: PathBuf,
    /// Templates directory (the record is written from templates/new/).
    #[arg(long, value_name = "DIR", default_value = "templates")]
    pub templates: PathBuf,
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// For people: `error: states/x.yaml:3:5: message`.
    Human,
    /// For editors and CI: one JSON object per line.
    Json,
}
