//! Build-time benchmark on the shipped edition (33 States, 3 languages):
//! `cargo bench --bench build`. Prints the median of several runs of:
//! a full build, a rebuild after editing one State (what `serve` does), the
//! open-data files alone, and the cost of the standalone files. Figures are
//! recorded in docs/performance.md. `BENCH_ONLY=rebuild` measures only the
//! rebuilds, 200 times each (to profile them).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use snp_overview::diagnostic::Diagnostics;
use snp_overview::pipeline::Session;
use snp_overview::render::data;

/// The allocator of the `snp-overview` binary, so that the figures are those of `serve`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn build(session: &mut Session) -> Duration {
    let start = Instant::now();
    let mut diags = Diagnostics::default();
    let built = session.build(&mut diags, &|_, _| {});
    let elapsed = start.elapsed();
    let built = built.unwrap_or_else(|| panic!("the shipped content builds: {diags:?}"));
    if std::env::var_os("BENCH_STEPS").is_some() {
        eprintln!("{:?}", built.timings);
    }
    elapsed
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    let content = work.path().join("content");
    copy_dir(&root.join("content"), &content);
    let templates = root.join("templates");

    // `BENCH_ONLY=rebuild`: only the rebuilds (to profile them).
    let only_rebuild = std::env::var("BENCH_ONLY").is_ok_and(|v| v == "rebuild");
    // The rebuilds first, as `serve` makes them: one build, then an edit at a time on a
    // machine that was idle (not right after the twenty full builds below).
    let mut session = Session::new(content.clone(), templates.clone(), true);
    build(&mut session);
    // One State's narrative, in every edition that has it (or in the single edition).
    let narratives: Vec<(PathBuf, String)> = std::fs::read_dir(content.join("editions"))
        .map(|editions| {
            editions
                .filter_map(Result::ok)
                .map(|e| e.path().join("states/armenia.md"))
                .collect()
        })
        .unwrap_or_else(|_| vec![content.join("states/armenia.md")])
        .into_iter()
        .filter(|p| p.is_file())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();
    assert!(!narratives.is_empty(), "the shipped content has armenia.md");
    let mut edit = |narratives: &[(PathBuf, String)]| {
        median(
            (0..if only_rebuild { 200 } else { 20 })
                .map(|i| {
                    for (narrative, original) in narratives {
                        std::fs::write(narrative, format!("{original}\nEdit number {i}.\n"))
                            .unwrap();
                    }
                    build(&mut session)
                })
                .collect(),
        )
    };
    // What an author does most: edit a narrative of the current (latest) edition.
    let incremental = edit(&narratives[narratives.len() - 1..]);
    // The same narrative in every edition at once.
    let incremental_all = edit(&narratives);
    for (narrative, original) in &narratives {
        std::fs::write(narrative, original).unwrap();
    }
    if only_rebuild {
        println!("| rebuild, current edition (serve) | {incremental:.1?} |");
        println!("| rebuild, every edition (serve) | {incremental_all:.1?} |");
        return;
    }

    let full = median(
        (0..10)
            .map(|_| build(&mut Session::new(content.clone(), templates.clone(), true)))
            .collect(),
    );

    let mut diags = Diagnostics::default();
    let built = Session::new(content.clone(), templates.clone(), true)
        .build(&mut diags, &|_, _| {})
        .unwrap();
    let open_data = median(
        (0..20)
            .map(|_| {
                let start = Instant::now();
                data::files(
                    built.archive.current(),
                    built.figures.last().unwrap(),
                    &data::Names::new(),
                )
                .unwrap();
                start.elapsed()
            })
            .collect(),
    );

    // The standalone files: the same build with templates that make them empty.
    let bare = work.path().join("templates");
    copy_dir(&templates, &bare);
    std::fs::write(
        bare.join("standalone.html"),
        "<!DOCTYPE html><title>x</title>\n",
    )
    .unwrap();
    std::fs::write(bare.join("partials/state-section.html"), "").unwrap();
    let without = median(
        (0..10)
            .map(|_| build(&mut Session::new(content.clone(), bare.clone(), true)))
            .collect(),
    );

    let pages = built
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .count();
    println!(
        "shipped edition: {} States, {} languages, {pages} pages, {} files",
        built.archive.current().states.len(),
        built.archive.current().edition.languages.len(),
        built.files.len()
    );
    println!("| measure | median |");
    println!("|---|---|");
    println!("| full build, in memory (load, validate, derive, render) | {full:.1?} |");
    println!(
        "| rebuild after editing one State's narrative of the current edition (serve) | {incremental:.1?} |"
    );
    println!(
        "| rebuild after editing that narrative in every edition (serve) | {incremental_all:.1?} |"
    );
    println!("| open data (states.json, schema.json, states.csv) | {open_data:.1?} |");
    println!(
        "| standalone files (3 languages), by difference | {:.1?} |",
        full.saturating_sub(without)
    );
}
