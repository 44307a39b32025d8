//! Every page declares its icon, so that no browser asks a server for
//! `/favicon.ico` (a request that fails on a static host, issue 15): the pages
//! point at `assets/favicon.svg`, the standalone file of each language carries
//! the same SVG inline as a `data:` URI.

use std::path::Path;

use crate::common::*;

/// The one `<link rel="icon">` of a page, or why there is not exactly one.
fn icon_of(out: &Path, page: &str) -> Result<String, String> {
    let html = parse_html(&out.join(page));
    let hrefs: Vec<String> = html
        .select(&selector("head link[rel~=\"icon\"]"))
        .map(|e| e.value().attr("href").unwrap_or_default().to_string())
        .collect();
    match hrefs.as_slice() {
        [href] if !href.is_empty() => Ok(href.clone()),
        _ => Err(format!("{page}: icons {hrefs:?}, expected exactly one")),
    }
}

/// What is wrong with the icons of a built site: a page without exactly one icon,
/// a page icon that is not the copied `assets/favicon.svg`, a standalone file whose
/// icon is not the same SVG as a `data:` URI.
fn icon_problems(out: &Path) -> Vec<String> {
    let svg = read(&templates().join("assets/favicon.svg"));
    let mut problems = Vec::new();
    let pages = html_pages(out);
    assert!(pages.iter().any(|p| p.ends_with("404.html")), "no 404 page");
    for page in &pages {
        let href = match icon_of(out, page) {
            Ok(href) => href,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        if page.ends_with("overview-standalone.html") {
            let Some(data) = href.strip_prefix("data:image/svg+xml,") else {
                problems.push(format!("{page}: icon {href} is no SVG data: URI"));
                continue;
            };
            let decoded = percent_encoding::percent_decode_str(data).decode_utf8_lossy();
            if decoded != svg.trim() {
                problems.push(format!(
                    "{page}: the inline icon is not templates/assets/favicon.svg: {decoded}"
                ));
            }
        } else if link_target(page, &href).as_deref() != Some("assets/favicon.svg")
            || read(&out.join("assets/favicon.svg")) != svg
        {
            problems.push(format!("{page}: icon {href} is not assets/favicon.svg"));
        }
    }
    problems
}

#[test]
fn every_page_of_every_language_declares_its_icon() {
    for (fixture, standalone_files) in [(fixture(), 1), (multilingual(), 2)] {
        let (_dir, out) = build_into_temp(&fixture, &templates());
        let pages = html_pages(&out);
        assert_eq!(
            pages
                .iter()
                .filter(|p| p.ends_with("overview-standalone.html"))
                .count(),
            standalone_files,
            "{}: one standalone file a language",
            fixture.display()
        );
        let problems = icon_problems(&out);
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            fixture.display(),
            problems.join("\n")
        );
    }
}

#[test]
fn a_standalone_file_without_its_inline_icon_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    copy_dir(&crate::common::templates(), &templates);
    // The standalone template as it was before issue 15: no icon at all.
    let standalone = templates.join("standalone.html");
    let text = read(&standalone);
    let without: String = text
        .lines()
        .filter(|l| !l.contains("rel=\"icon\""))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, text, "the standalone template has an icon link");
    write(&standalone, without);
    let out = dir.path().join("site");
    let output = build(&fixture(), &templates, &out, &["--quiet"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        icon_problems(&out),
        ["overview-standalone.html: icons [], expected exactly one"]
    );
}
