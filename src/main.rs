//! The `snp-overview` command: builds the overview site of the States not party to
//! the Anti-Personnel Mine Ban Convention (see the library, `snp_overview`).

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: many small allocations from several threads (Tera values, page
/// strings) cost a third less than with glibc's allocator, and freed memory goes
/// back to the system (docs/performance.md). Built without transparent huge pages
/// (the `no_thp` feature): with them, the kernel cleared a whole 2 MiB page each time
/// a growing page buffer touched fresh memory, a fifth of the CPU time at 1,000
/// States and 5 s of system time at 10,000.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = snp_overview::cli::Cli::parse();
    snp_overview::run(cli)
}
