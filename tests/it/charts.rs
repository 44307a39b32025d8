//! The charts in the pages of the fixture: the vote strip of a State page, the
//! bars by region of a region page (snapshots of their SVG), the same charts in
//! the standalone file, and the warning for a State the map cannot draw.

use crate::common::*;

/// The `<figure class="chart {class}">…</figure>` elements of a page.
fn figures<'a>(html: &'a str, class: &str) -> Vec<&'a str> {
    let open = format!(r#"<figure class="chart {class}">"#);
    html.match_indices(&open)
        .map(|(start, _)| {
            let end = html[start..].find("</figure>").expect("figure closed") + "</figure>".len();
            &html[start..start + end]
        })
        .collect()
}

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_fixture(&out);
    (dir, out)
}

#[test]
fn a_state_page_shows_its_votes_as_a_strip_above_the_table() {
    let (_dir, out) = built();
    let html = read(&out.join("states/exampleland.html"));
    let strips = figures(&html, "chart-strip-figure");
    assert_eq!(strips.len(), 1);
    let strip = strips[0];
    // 1996 to the fixture's latest resolution, one cell each, with its letter.
    assert!(strip.contains(">1996</text>") && strip.contains("1996–2019"));
    assert!(strip.contains(r#"role="img" aria-labelledby="vs-name""#));
    assert!(strip.contains(r#"<ul class="chart-legend">"#));
    let (table, strip_at) = (html.find(r#"<table class="votes">"#), html.find(strip));
    assert!(strip_at < table, "the strip comes before the table");
    insta::assert_snapshot!("exampleland-vote-strip", strip);
}

#[test]
fn a_region_page_shows_the_regions_as_bars_with_its_own_highlighted() {
    let (_dir, out) = built();
    let html = read(&out.join("regions/north.html"));
    let bars = figures(&html, "chart-bars-figure");
    assert_eq!(bars.len(), 1);
    let bars = bars[0];
    assert!(bars.contains(r#"font-weight="700">Northern Region</text>"#));
    assert!(bars.contains(r#"<a href="../regions/south.html""#));
    assert!(
        !bars.contains(r#"href="../regions/north.html""#),
        "no link to itself"
    );
    assert!(bars.contains("<details class=\"chart-numbers\">") && bars.contains("<table>"));
    insta::assert_snapshot!("north-region-bars", bars);
}

#[test]
fn the_overview_and_the_standalone_file_carry_the_charts() {
    let (_dir, out) = built();
    let index = read(&out.join("index.html"));
    assert_eq!(figures(&index, "chart-bars-figure").len(), 1);
    let standalone = read(&out.join("overview-standalone.html"));
    assert_eq!(figures(&standalone, "chart-bars-figure").len(), 1);
    let strips = figures(&standalone, "chart-strip-figure");
    assert!(!strips.is_empty(), "State sections keep their strips");
    // Each strip's ids are its section's own.
    let mut ids: Vec<&str> = strips
        .iter()
        .filter_map(|s| s.split(r#"<title id=""#).nth(1)?.split('"').next())
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "unique strip ids: {ids:?}");
    // The five cells are drawn once for the file, and every strip uses them.
    assert_eq!(standalone.matches(r#"<g id="strip-cells-c"#).count(), 5);
    for strip in &strips {
        assert!(!strip.contains("<g id=") && strip.contains(r##"<use href="#strip-cells-c"##));
    }
}

#[test]
fn the_fixture_builds_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let output = build(&fixture(), &templates(), &dir.path().join("site"), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stderr.contains("warning"),
        "{stderr}"
    );
}

#[test]
fn a_state_the_map_cannot_draw_is_a_warning_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture(), &content);
    let record = content.join("states/exampleland.yaml");
    let text = read(&record).replace("iso3: ATF", "iso3: ATA");
    std::fs::write(&record, text).unwrap();
    let output = build(&content, &templates(), &dir.path().join("site"), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "a warning, not an error: {stderr}");
    assert!(
        stderr.contains("warning: states/exampleland.yaml:2:7: the world map has no shape or marker for `ATA`: the State `exampleland`"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("world map").count(), 1, "{stderr}");
}
