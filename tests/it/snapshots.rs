//! Snapshots of the pages rendered from the fixture with the real templates.
//!
//! A change in a template or in the renderer shows here as a diff to review;
//! accept it with `INSTA_UPDATE=always cargo test --test it snapshots` (or
//! `cargo insta review`) once it is intended.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::*;

/// The site of a fixture, built once for all the snapshots (under cargo's
/// temporary directory for integration tests).
fn built(name: &str, content: PathBuf, once: &'static OnceLock<PathBuf>) -> &'static Path {
    once.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("snapshot-sites")
            .join(name);
        let _ = std::fs::remove_dir_all(&out);
        let output = build(&content, &templates(), &out, &[]);
        assert!(output.status.success(), "{}", stderr(&output));
        out
    })
}

/// A page of the basic fixture.
fn page(path: &str) -> String {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    read(&built("basic", fixture(), &SITE).join(path))
}

/// A page of the three-edition fixture.
fn editions_page(path: &str) -> String {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    read(&built("editions", editions_fixture(), &SITE).join(path))
}

#[test]
fn overview_page() {
    insta::assert_snapshot!("index.html", page("index.html"));
}

#[test]
fn state_page() {
    insta::assert_snapshot!("states-exampleland.html", page("states/exampleland.html"));
}

#[test]
fn state_page_with_little_information() {
    insta::assert_snapshot!("states-nowhereland.html", page("states/nowhereland.html"));
}

#[test]
fn sources_page() {
    insta::assert_snapshot!("sources.html", page("sources.html"));
}

#[test]
fn data_gaps_page() {
    insta::assert_snapshot!("data-gaps.html", page("data-gaps.html"));
}

// ---------------------------------------------------------------------------
// The three-edition fixture (`tests/fixtures/editions`).

#[test]
fn changes_page_of_the_current_edition() {
    insta::assert_snapshot!("editions-changes.html", editions_page("changes.html"));
}

#[test]
fn changes_page_of_an_archived_edition() {
    insta::assert_snapshot!(
        "editions-2023-11-changes.html",
        editions_page("editions/2023-11/changes.html")
    );
}

#[test]
fn editions_page_lists_every_edition() {
    insta::assert_snapshot!("editions-editions.html", editions_page("editions.html"));
}

#[test]
fn archived_state_page() {
    insta::assert_snapshot!(
        "editions-2020-11-states-exampleland.html",
        editions_page("editions/2020-11/states/exampleland.html")
    );
}

#[test]
fn former_state_party_page() {
    insta::assert_snapshot!(
        "editions-states-formerland.html",
        editions_page("states/formerland.html")
    );
}
