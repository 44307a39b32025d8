//! The `snp-overview` command: builds the overview site of the States not party to
//! the Anti-Personnel Mine Ban Convention (see the library, `snp_overview`).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = snp_overview::cli::Cli::parse();
    snp_overview::run(cli)
}
