use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = snp_overview::cli::Cli::parse();
    snp_overview::run(cli)
}
