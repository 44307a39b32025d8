//! Snapshots of the pages rendered from the fixture with the real templates.
//!
//! A change in a template or in the renderer shows here as a diff to review;
//! accept it with `INSTA_UPDATE=always cargo test --test snapshots` (or
//! `cargo insta review`) once it is intended.

use crate::common::*;

/// Builds the fixture into a temporary directory and reads one page.
fn page(path: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_fixture(&out);
    read(&out.join(path))
}

/// Builds the three-edition fixture into a temporary directory and reads one page.
fn editions_page(path: &str) -> String {
    let (_dir, out) = build_into_temp(&editions_fixture(), &templates());
    read(&out.join(path))
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
