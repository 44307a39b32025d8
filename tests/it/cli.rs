//! The command line, end to end: exit statuses, what `build` writes, what
//! `check` does not write, links, `--strict`, `--message-format json` and the
//! safety of `--out`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::common::*;
use predicates::prelude::*;

// ---------------------------------------------------------------------------
// Exit statuses of the command line itself

#[test]
fn help_and_version_exit_0() {
    bin()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("build").and(predicate::str::contains("check")));
    for command in ["build", "check"] {
        bin().args([command, "--help"]).assert().success().stdout(
            predicate::str::contains("--content")
                .and(predicate::str::contains("--templates"))
                .and(predicate::str::contains("--strict"))
                .and(predicate::str::contains("--message-format")),
        );
    }
    bin()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[&[&str]] = &[
        &[],
        &["frobnicate"],
        &["build", "--no-such-flag"],
        &["build", "--message-format", "xml"],
        &["check", "--content"],
        &["build", "--quiet", "--verbose"],
    ];
    for args in cases {
        let output = bin().current_dir(dir.path()).args(*args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "snp-overview {args:?} should be a usage error:\n{}",
            stderr(&output)
        );
        assert!(!stderr(&output).contains("panicked"), "{args:?}");
    }
    assert!(
        fs::read_dir(dir.path()).unwrap().next().is_none(),
        "a usage error writes nothing"
    );
}

// ---------------------------------------------------------------------------
// build and check

/// The slugs of the fixture's records and regions, and its pages.
fn fixture_slugs() -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut states = Vec::new();
    let mut pages = Vec::new();
    for entry in fs::read_dir(fixture().join("states")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(slug) = name.strip_suffix(".yaml") {
            states.push(slug.to_string());
        }
    }
    for entry in fs::read_dir(fixture().join("pages")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(slug) = name.strip_suffix(".md").filter(|s| !s.contains('.')) {
            pages.push(slug.to_string());
        }
    }
    let report: serde_yaml::Value =
        serde_yaml::from_str(&read(&fixture().join("report.yaml"))).unwrap();
    let regions = report["regions"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    states.sort();
    pages.sort();
    (states, regions, pages)
}

#[test]
fn fixture_has_what_the_tests_rely_on() {
    let (states, regions, pages) = fixture_slugs();
    assert_eq!(states.len(), 3);
    assert_eq!(regions.len(), 2);
    assert_eq!(pages, ["about"]);
}

#[test]
fn build_writes_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let output = build(&fixture(), &templates(), &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    let (states, regions, pages) = fixture_slugs();
    let mut expected: Vec<String> = [
        "index.html",
        "sources.html",
        "data-gaps.html",
        "404.html",
        "assets/style.css",
        ".snp-overview",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    expected.extend(states.iter().map(|s| format!("states/{s}.html")));
    expected.extend(regions.iter().map(|r| format!("regions/{r}.html")));
    expected.extend(pages.iter().map(|p| format!("pages/{p}.html")));
    for path in &expected {
        let file = out.join(path);
        assert!(file.is_file(), "{path} is missing");
        assert!(fs::metadata(&file).unwrap().len() > 0, "{path} is empty");
    }
    assert_eq!(
        fs::read(out.join("assets/style.css")).unwrap(),
        fs::read(templates().join("assets/style.css")).unwrap(),
        "assets are copied as they are"
    );
    // Each State page names its State; nothing is left next to the output.
    assert!(read(&out.join("states/exampleland.html")).contains("<h1>Exampleland</h1>"));
    let beside: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        beside,
        ["site"],
        "no temporary directory is left beside the output"
    );
    // Every HTML page is a complete document in the edition's language.
    for (path, bytes) in tree(&out) {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes.unwrap()).unwrap();
            assert!(html.starts_with("<!DOCTYPE html>"), "{path}");
            assert!(html.contains("<html lang=\"en\""), "{path}");
            assert!(html.trim_end().ends_with("</html>"), "{path}");
        }
    }
}

#[test]
fn build_quiet_and_verbose() {
    let dir = tempfile::tempdir().unwrap();
    let output = build(
        &fixture(),
        &templates(),
        &dir.path().join("q"),
        &["--quiet"],
    );
    assert!(output.status.success());
    assert_eq!(stderr(&output), "", "--quiet prints nothing on success");
    assert!(output.stdout.is_empty());
    let output = build(
        &fixture(),
        &templates(),
        &dir.path().join("v"),
        &["--verbose"],
    );
    assert!(output.status.success());
    let err = stderr(&output);
    for step in ["load", "validate", "render", "write"] {
        assert!(err.contains(step), "--verbose times `{step}`:\n{err}");
    }
}

#[test]
fn check_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // Relative defaults (`site`) resolved in an empty working directory, and an explicit --out.
    bin()
        .current_dir(dir.path())
        .arg("check")
        .arg("--content")
        .arg(fixture())
        .arg("--templates")
        .arg(templates())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    bin()
        .current_dir(dir.path())
        .arg("check")
        .arg("--content")
        .arg(fixture())
        .arg("--templates")
        .arg(templates())
        .arg("--strict")
        .assert()
        .success();
    assert!(!out.exists(), "check created --out");
    assert!(
        fs::read_dir(dir.path()).unwrap().next().is_none(),
        "check wrote into its working directory"
    );
    // Nor does it write into the content.
    let before = tree(&fixture());
    check(&fixture(), &templates(), &[]);
    assert_eq!(digest(&before), digest(&tree(&fixture())));
}

#[test]
fn check_reports_errors_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture(), &content);
    replace(
        &content.join("states/nowhereland.yaml"),
        "region: south",
        "region: west",
    );
    let output = check(&content, &templates(), &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("states/nowhereland.yaml:3:"));
    assert!(!dir.path().join("site").exists());
}

#[test]
fn building_twice_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    build_fixture(&a);
    build_fixture(&b);
    let first = tree(&a);
    assert_eq!(tree_diff(&first, &tree(&b)), Vec::<String>::new());
    // Rebuilding over its own output replaces it with the same bytes.
    build_fixture(&a);
    assert_eq!(tree_diff(&first, &tree(&a)), Vec::<String>::new());
    // Also from a copy of the content in another place, with another --out name.
    let content = dir.path().join("elsewhere/content");
    copy_dir(&fixture(), &content);
    let c = dir.path().join("c-out");
    let output = build(&content, &templates(), &c, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(tree_diff(&first, &tree(&c)), Vec::<String>::new());
}

#[test]
fn rebuild_replaces_previous_output_entirely() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_fixture(&out);
    write(&out.join("stale.html"), "left from an older build");
    write(&out.join("states/gone.html"), "a State that was removed");
    build_fixture(&out);
    assert!(!out.join("stale.html").exists());
    assert!(!out.join("states/gone.html").exists());
    assert!(out.join("index.html").is_file());
}

// ---------------------------------------------------------------------------
// Links

/// Decodes the few character references that may appear in an attribute value.
fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// The values of attribute `name` (`href`, `src`, `id`) in an HTML text.
fn attributes(html: &str, name: &str) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = html.as_bytes();
    for quote in ['"', '\''] {
        let pattern = format!("{name}={quote}");
        let mut from = 0;
        while let Some(i) = html[from..].find(&pattern).map(|i| i + from) {
            from = i + pattern.len();
            // Only a whole attribute name: preceded by whitespace.
            if i == 0 || !bytes[i - 1].is_ascii_whitespace() {
                continue;
            }
            if let Some(end) = html[from..].find(quote) {
                found.push(unescape(&html[from..from + end]));
            }
        }
    }
    found
}

/// The scheme of a URL (`https` in `https://x`), if it has one.
fn scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let before = &url[..colon];
    let first_other = url.find(['/', '?', '#']).unwrap_or(url.len());
    (colon < first_other
        && !before.is_empty()
        && before
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
    .then_some(before)
}

/// Resolves `rel` against the folder `base` (both relative to the site root), or `None` if
/// it leaves the site.
fn resolve(base: &Path, rel: &str) -> Option<PathBuf> {
    let mut parts: Vec<String> = base
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for c in Path::new(rel).components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            _ => return None,
        }
    }
    Some(parts.iter().collect())
}

/// Checks every href and src of every HTML file under `out`; returns the number of internal
/// links and the problems found.
fn check_links(out: &Path) -> (usize, Vec<String>) {
    let files = tree(out);
    let mut ids: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut pages: BTreeMap<String, String> = BTreeMap::new();
    let mut problems = Vec::new();
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes.clone().unwrap()).unwrap();
            let mut seen = BTreeSet::new();
            for id in attributes(&html, "id") {
                if !seen.insert(id.clone()) {
                    problems.push(format!("{path}: id `{id}` is not unique"));
                }
            }
            ids.insert(path.clone(), seen);
            pages.insert(path.clone(), html);
        }
    }
    let mut internal = 0;
    for (path, html) in &pages {
        let base = Path::new(path).parent().unwrap_or(Path::new(""));
        let links: Vec<String> = attributes(html, "href")
            .into_iter()
            .chain(attributes(html, "src"))
            .collect();
        for link in links {
            let mut problem = |why: &str| problems.push(format!("{path}: `{link}`: {why}"));
            if link.is_empty() {
                problem("empty link");
                continue;
            }
            if link.starts_with('/') || link.starts_with('\\') {
                problem("absolute path (links must be relative)");
                continue;
            }
            if let Some(scheme) = scheme(&link) {
                match scheme {
                    "http" | "https" if link.len() > scheme.len() + 3 => {}
                    "mailto" => {}
                    // An image carried inline (the standalone file's icon) asks for nothing.
                    "data" if link.starts_with("data:image/") => {}
                    _ => problem("scheme other than http(s), mailto or data:image/"),
                }
                continue;
            }
            internal += 1;
            let (before_fragment, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (link.as_str(), None),
            };
            if before_fragment.contains('?') {
                problem("query string in an internal link");
                continue;
            }
            let target = if before_fragment.is_empty() {
                path.clone()
            } else {
                if before_fragment.ends_with('/') {
                    problem("link to a directory (internal links name a file)");
                    continue;
                }
                match resolve(base, before_fragment) {
                    Some(p) => p
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/"),
                    None => {
                        problem("leads outside the site");
                        continue;
                    }
                }
            };
            let full = out.join(&target);
            if full.is_dir() {
                problem("points at a directory (internal links name a file)");
                continue;
            }
            if !full.is_file() {
                problem(&format!("target {target} does not exist"));
                continue;
            }
            if let Some(fragment) = fragment {
                if fragment.is_empty() {
                    problem("empty fragment");
                } else if !target.ends_with(".html") {
                    problem("fragment into a file that is not HTML");
                } else if !ids.get(&target).is_some_and(|ids| ids.contains(fragment)) {
                    problem(&format!("no id `{fragment}` in {target}"));
                }
            }
        }
    }
    (internal, problems)
}

#[test]
fn every_link_is_relative_and_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_fixture(&out);
    let (internal, problems) = check_links(&out);
    assert!(internal > 50, "only {internal} internal links found");
    assert!(problems.is_empty(), "bad links:\n{}", problems.join("\n"));
}

#[test]
fn every_link_resolves_in_a_second_language() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let templates = dir.path().join("templates");
    copy_dir(&fixture(), &content);
    copy_dir(&crate::common::templates(), &templates);
    replace(
        &content.join("report.yaml"),
        "languages: [en]",
        "languages: [en, fr]",
    );
    replace(
        &content.join("report.yaml"),
        "  north: Northern Region",
        "  north: {en: Northern Region, fr: Région du Nord}",
    );
    write(
        &content.join("states/exampleland.fr.md"),
        "L'Exempleland a signé la Convention.[^exampleland-statement]\n",
    );
    let out = dir.path().join("site");
    let output = build(&content, &templates, &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let (_, regions, _) = fixture_slugs();
    for page in [
        "index.html",
        "sources.html",
        "data-gaps.html",
        "404.html",
        "pages/about.html",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain(regions.iter().map(|r| format!("regions/{r}.html")))
    .chain(["exampleland", "sampleland", "nowhereland"].map(|s| format!("states/{s}.html")))
    {
        assert!(out.join(&page).is_file(), "{page}");
        assert!(out.join("fr").join(&page).is_file(), "fr/{page}");
        let html = read(&out.join("fr").join(&page));
        assert!(html.contains("<html lang=\"fr\""), "fr/{page} is in French");
    }
    assert!(
        !out.join("fr/assets").exists(),
        "assets are written once, at the root"
    );
    assert!(read(&out.join("fr/states/exampleland.html")).contains("L’Exempleland a signé"));
    assert!(read(&out.join("fr/index.html")).contains("Région du Nord"));
    let (internal, problems) = check_links(&out);
    assert!(internal > 100, "only {internal} internal links found");
    assert!(problems.is_empty(), "bad links:\n{}", problems.join("\n"));
}

#[test]
fn link_checker_helpers() {
    assert_eq!(scheme("https://example.org/a:b"), Some("https"));
    assert_eq!(scheme("mailto:x@example.org"), Some("mailto"));
    assert_eq!(scheme("javascript:alert(1)"), Some("javascript"));
    assert_eq!(scheme("../states/a.html"), None);
    assert_eq!(scheme("states/a.html#x:y"), None);
    assert_eq!(
        resolve(Path::new("states"), "../sources.html"),
        Some(PathBuf::from("sources.html"))
    );
    assert_eq!(resolve(Path::new(""), "../x.html"), None);
    assert_eq!(
        attributes(
            r#"<a href="a.html?x=1&amp;y=2" data-href="no"><img src='b.png'>"#,
            "href"
        ),
        ["a.html?x=1&y=2"]
    );
    assert_eq!(attributes(r#"<img src='b.png'>"#, "src"), ["b.png"]);
}

// ---------------------------------------------------------------------------
// --strict and --message-format json

/// A copy of the fixture in `dir/content` whose only problem is a warning (a record
/// without narrative).
fn fixture_with_warning(dir: &Path) -> PathBuf {
    let content = dir.join("content");
    copy_dir(&fixture(), &content);
    fs::remove_file(content.join("states/nowhereland.md")).unwrap();
    content
}

#[test]
fn strict_turns_warnings_into_errors() {
    let dir = tempfile::tempdir().unwrap();
    let content = fixture_with_warning(dir.path());

    let out = dir.path().join("plain");
    let output = build(&content, &templates(), &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let diags = diagnostics(&stderr(&output));
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(
        diags[0].starts_with("warning: states/nowhereland.yaml")
            && diags[0].contains("no narrative"),
        "{diags:#?}"
    );
    assert!(out.join("states/nowhereland.html").is_file());

    let strict_out = dir.path().join("strict");
    let output = build(&content, &templates(), &strict_out, &["--strict"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("states/nowhereland.yaml"));
    assert!(!strict_out.exists(), "a failed build writes nothing");

    // A failed strict build over a previous output leaves it as it was.
    let before = tree(&out);
    let output = build(&content, &templates(), &out, &["--strict"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(tree_diff(&before, &tree(&out)), Vec::<String>::new());

    assert_eq!(check(&content, &templates(), &[]).status.code(), Some(0));
    assert_eq!(
        check(&content, &templates(), &["--strict"]).status.code(),
        Some(1)
    );
}

#[test]
fn json_messages_one_object_per_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture(), &content);
    fs::remove_file(content.join("states/sampleland.md")).unwrap();
    replace(
        &content.join("states/nowhereland.yaml"),
        "region: south",
        "region: southern",
    );
    for command in ["build", "check"] {
        let output = bin()
            .arg(command)
            .arg("--content")
            .arg(&content)
            .arg("--templates")
            .arg(templates())
            .arg("--out")
            .arg(dir.path().join("out"))
            .args(["--message-format", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{command}");
        // Machine-readable messages go to stdout (as cargo's do); nothing else is printed.
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        let objects: Vec<serde_json::Value> = text
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("{command}: not a JSON object: {line:?}: {e}"))
            })
            .collect();
        assert_eq!(
            objects.len(),
            2,
            "{command}: one object per diagnostic:\n{text}"
        );
        for o in &objects {
            let o = o.as_object().expect("an object");
            for key in ["file", "line", "column", "severity", "message"] {
                assert!(o.contains_key(key), "{command}: `{key}` missing in {o:?}");
            }
            assert!(o["file"].is_string() && o["message"].is_string());
            assert!(o["line"].is_u64() || o["line"].is_null());
            assert!(o["column"].is_u64() || o["column"].is_null());
            assert!(matches!(o["severity"].as_str(), Some("error" | "warning")));
        }
        let error = objects
            .iter()
            .find(|o| o["severity"] == "error")
            .expect("the error");
        assert_eq!(error["file"], "states/nowhereland.yaml");
        assert_eq!(error["line"], 3);
        assert_eq!(error["column"], 9);
        assert!(error["message"].as_str().unwrap().contains("`southern`"));
        let warning = objects
            .iter()
            .find(|o| o["severity"] == "warning")
            .expect("the warning");
        assert_eq!(warning["file"], "states/sampleland.yaml");
        assert_eq!(
            stderr(&output),
            "",
            "{command}: nothing but JSON is printed"
        );
    }
    assert!(!dir.path().join("out").exists());
}

#[test]
fn json_messages_under_strict_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let content = fixture_with_warning(dir.path());
    let output = check(
        &content,
        &templates(),
        &["--message-format", "json", "--strict"],
    );
    assert_eq!(output.status.code(), Some(1));
    let objects: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 1);
    assert_eq!(objects[0]["severity"], "error");
    // And a clean run prints nothing at all.
    let output = check(&fixture(), &templates(), &["--message-format", "json"]);
    assert!(output.status.success());
    assert_eq!(stderr(&output), "");
    assert!(output.stdout.is_empty());
}

// ---------------------------------------------------------------------------
// --out safety

fn assert_refused(out: &Path, fragment: &str) {
    let before = tree(out.parent().unwrap());
    let output = build(&fixture(), &templates(), out, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(fragment), "expected `{fragment}` in:\n{err}");
    assert!(
        err.contains(&out.display().to_string()),
        "the message names the directory:\n{err}"
    );
    assert_eq!(
        tree_diff(&before, &tree(out.parent().unwrap())),
        Vec::<String>::new(),
        "the refused --out (and what is beside it) is untouched"
    );
}

#[test]
fn out_not_made_by_the_generator_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("documents");
    write(&out.join("notes.txt"), "keep me");
    write(&out.join("index.html"), "<p>my own page</p>");
    assert_refused(&out, "refusing to replace");
}

#[test]
fn out_like_a_home_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    write(&home.join(".bashrc"), "export PATH\n");
    write(&home.join("Documents/thesis.txt"), "years of work");
    assert_refused(&home, "refusing to replace");

    // Even a directory holding only one hidden file is not empty.
    let dotfile = dir.path().join("dotfile");
    write(&dotfile.join(".profile"), "x");
    assert_refused(&dotfile, "refusing to replace");

    // A directory holding only a sub-folder.
    let nested = dir.path().join("nested");
    fs::create_dir_all(nested.join("sub")).unwrap();
    assert_refused(&nested, "refusing to replace");
}

#[test]
fn out_that_is_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("site");
    write(&file, "a file");
    assert_refused(&file, "not a directory");
}

#[test]
fn out_with_a_relative_home_path_is_refused() {
    // `--out .` from a working directory that holds files.
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("work/notes.txt"), "keep");
    let work = dir.path().join("work");
    let before = tree(&work);
    for out in [".", "./", "../work"] {
        let output = bin()
            .current_dir(&work)
            .arg("build")
            .arg("--content")
            .arg(fixture())
            .arg("--templates")
            .arg(templates())
            .arg("--out")
            .arg(out)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "--out {out}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("refusing to replace"),
            "--out {out}"
        );
    }
    assert_eq!(tree_diff(&before, &tree(&work)), Vec::<String>::new());
}

#[test]
fn empty_out_directory_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("empty");
    fs::create_dir(&out).unwrap();
    build_fixture(&out);
    assert!(out.join(".snp-overview").is_file());
    assert!(out.join("index.html").is_file());
}

// ---------------------------------------------------------------------------
// Content accepted as the contract says

#[test]
fn bom_crlf_and_editor_leftovers_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture(), &content);
    for (path, bytes) in tree(&content) {
        if let Some(bytes) = bytes {
            let text = String::from_utf8(bytes).unwrap().replace('\n', "\r\n");
            write(&content.join(path), format!("\u{feff}{text}"));
        }
    }
    for leftover in [
        ".DS_Store",
        "states/exampleland.yaml~",
        "states/.#exampleland.yaml",
        "states/exampleland.yaml.swp",
        "pages/#about.md#",
        ".git/HEAD",
        "states/.hidden/anything.txt",
    ] {
        write(&content.join(leftover), "ignored");
    }
    let out = dir.path().join("site");
    let output = build(&content, &templates(), &out, &["--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let reference = dir.path().join("reference");
    build_fixture(&reference);
    assert_eq!(
        tree_diff(&tree(&reference), &tree(&out)),
        Vec::<String>::new()
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_inside_the_content_is_followed() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture(), &content);
    fs::rename(
        content.join("states/nowhereland.md"),
        content.join("nowhereland-narrative.txt.md"),
    )
    .unwrap();
    // The stray top-level file would be an error; keep it in a hidden folder instead.
    fs::create_dir(content.join(".shared")).unwrap();
    fs::rename(
        content.join("nowhereland-narrative.txt.md"),
        content.join(".shared/nowhereland.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        content.join(".shared/nowhereland.md"),
        content.join("states/nowhereland.md"),
    )
    .unwrap();
    let out = dir.path().join("site");
    let output = build(&content, &templates(), &out, &["--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(read(&out.join("states/nowhereland.html")).contains("No official information on"));
}

#[test]
fn raw_html_is_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture(), &content);
    let nasty = "\n\n<script>alert(1)</script>\n\n\
        <p onclick=\"alert(2)\" style=\"color:red\">Click</p>\n\n\
        <iframe src=\"https://evil.example/\"></iframe>\n\n\
        <form action=\"https://evil.example/\"><input name=\"a\"></form>\n\n\
        <style>body{display:none}</style>\n\n\
        <a href=\"javascript:alert(3)\">js link</a>\n\n\
        <a href=\"JaVaScRiPt:alert(4)\">mixed case</a>\n\n\
        [markdown link](javascript:alert(5))\n\n\
        <img src=\"data:image/png;base64,AAAA\" onerror=\"alert(6)\">\n\n\
        <object data=\"x.swf\"></object><embed src=\"x.swf\">\n\n\
        <svg><script>alert(7)</script></svg>\n\n\
        <math><mtext><table><mglyph><style><img src=x onerror=alert(8)></style></mglyph></table></mtext></math>\n";
    for file in ["states/nowhereland.md", "index.md", "pages/about.md"] {
        let path = content.join(file);
        write(&path, read(&path) + nasty);
    }
    replace(
        &content.join("states/sampleland.yaml"),
        "Regards the devices",
        "<script>alert(9)</script><b onmouseover=\"alert(10)\">Regards</b> the devices",
    );
    let out = dir.path().join("site");
    let output = build(&content, &templates(), &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let clean = dir.path().join("clean");
    build_fixture(&clean);
    for page in [
        "states/nowhereland.html",
        "states/sampleland.html",
        "index.html",
        "pages/about.html",
    ] {
        let html = read(&out.join(page)).to_lowercase();
        let before = read(&clean.join(page)).to_lowercase();
        for bad in [
            "<script",
            "alert(",
            "javascript:",
            "onclick",
            "onerror",
            "onmouseover",
            "<iframe",
            "<form",
            "<input",
            "<style",
            "<object",
            "<embed",
            " style=",
            "data:image",
        ] {
            assert_eq!(
                html.matches(bad).count(),
                before.matches(bad).count(),
                "{page}: `{bad}` reached the page"
            );
        }
        let harmless = if page == "states/sampleland.html" {
            "<b>regards</b>"
        } else {
            ">click<"
        };
        assert!(html.contains(harmless), "{page}: the harmless text stays");
    }
}

#[test]
fn a_missing_or_unreadable_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-directory");
    fs::write(&file, "x").unwrap();
    for content in [dir.path().join("no-such-content"), file.clone()] {
        let output = check(&content, &templates(), &[]);
        assert_eq!(output.status.code(), Some(1));
        let text = stderr(&output);
        assert!(
            text.contains("content directory does not exist or is not a directory"),
            "{text}"
        );
        assert!(!text.contains("panicked"), "{text}");
    }
    let output = check(&fixture(), &dir.path().join("no-such-templates"), &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("templates directory does not exist"),
        "{text}"
    );
    // One error for the directory, not one more for each file it should hold.
    assert!(
        !text.contains("cannot read the interface strings"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------
// Editions over time (`tests/fixtures/editions`: three editions)

/// The editions of the fixture, oldest first; the last is the current one.
const EDITIONS: [&str; 3] = ["2020-11", "2023-11", "2025-11"];

/// The names of the files `*.<ext>` in `dir`, without the extension, sorted.
fn stems(dir: &Path, ext: &str) -> Vec<String> {
    let mut stems: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(&format!(".{ext}")).map(str::to_string))
        .collect();
    stems.sort();
    stems
}

/// The slugs of the records of one edition of the fixture, sorted.
fn edition_slugs(id: &str) -> Vec<String> {
    stems(
        &editions_fixture().join("editions").join(id).join("states"),
        "yaml",
    )
}

/// The State pages written under `dir/states/`, as slugs, sorted.
fn state_pages(dir: &Path) -> Vec<String> {
    stems(&dir.join("states"), "html")
}

#[test]
fn editions_build_puts_the_current_edition_at_the_root_and_every_edition_in_the_archive() {
    let (_dir, out) = build_into_temp(&editions_fixture(), &templates());
    let current = EDITIONS[EDITIONS.len() - 1];
    // The root is the current edition: its States, its date.
    assert_eq!(state_pages(&out), edition_slugs(current));
    assert!(read(&out.join("index.html")).contains("24 November 2025"));
    for file in ["editions.html", "changes.html", "data/timeline.csv"] {
        assert!(out.join(file).is_file(), "{file} at the root");
    }
    // Every edition, the current one included, at editions/<id>/ with the same layout.
    let mut archived: Vec<String> = fs::read_dir(out.join("editions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    archived.sort();
    assert_eq!(archived, EDITIONS);
    for id in EDITIONS {
        let dir = out.join("editions").join(id);
        assert_eq!(
            state_pages(&dir),
            edition_slugs(id),
            "States of edition {id}"
        );
        for file in [
            "index.html",
            "changes.html",
            "sources.html",
            "data-gaps.html",
            "404.html",
            "overview-standalone.html",
            "data/states.json",
            "data/states.csv",
            "data/schema.json",
        ] {
            assert!(dir.join(file).is_file(), "editions/{id}/{file}");
        }
        // The archive-wide pages are at the root only.
        for file in ["editions.html", "data/timeline.csv", "editions"] {
            assert!(
                !dir.join(file).exists(),
                "editions/{id}/{file} should not exist"
            );
        }
    }
    // The State that left the list is only in the edition before it left; the
    // former State Party only in the edition after it withdrew.
    assert!(
        out.join("editions/2020-11/states/leavingland.html")
            .is_file()
    );
    assert!(
        !out.join("editions/2023-11/states/leavingland.html")
            .exists()
    );
    assert!(!out.join("states/leavingland.html").exists());
    assert!(out.join("states/formerland.html").is_file());
    assert!(!out.join("editions/2023-11/states/formerland.html").exists());
    // The pages of the current edition at the root and in the archive show the same States.
    let rows = |path: &Path| {
        let html = parse_html(path);
        html.select(&selector(
            "main table tbody tr th, main table tbody tr td:first-child",
        ))
        .map(text_of)
        .collect::<Vec<_>>()
    };
    let root_rows = rows(&out.join("index.html"));
    assert!(
        root_rows.iter().any(|r| r == "Formerland"),
        "the overview table lists the current States: {root_rows:?}"
    );
    assert_eq!(
        root_rows,
        rows(&out.join("editions").join(current).join("index.html"))
    );
}

#[test]
fn timeline_has_one_row_per_state_per_edition() {
    let (_dir, out) = build_into_temp(&editions_fixture(), &templates());
    let mut reader = csv::Reader::from_path(out.join("data/timeline.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column `{name}` in {headers:?}"))
    };
    let (edition, slug, status, effective) = (
        column("edition"),
        column("slug"),
        column("status"),
        column("withdrawal_effective_on"),
    );
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        seen.entry(row[edition].to_string())
            .or_default()
            .push(row[slug].to_string());
        if &row[slug] == "formerland" {
            assert_eq!(&row[status], "withdrawn");
            assert_eq!(&row[effective], "2025-06-01");
        } else {
            assert_eq!(&row[effective], "", "{row:?}");
        }
    }
    let expected: BTreeMap<String, Vec<String>> = EDITIONS
        .iter()
        .map(|id| (id.to_string(), edition_slugs(id)))
        .collect();
    for slugs in seen.values_mut() {
        slugs.sort();
    }
    assert_eq!(seen, expected);
    assert_eq!(seen.values().map(Vec::len).sum::<usize>(), 11);
}

#[test]
fn every_link_of_the_archive_is_relative_and_resolves() {
    let (_dir, out) = build_into_temp(&editions_fixture(), &templates());
    let (internal, problems) = check_links(&out);
    assert!(internal > 500, "only {internal} internal links found");
    assert!(problems.is_empty(), "bad links:\n{}", problems.join("\n"));
}

#[test]
fn an_archived_page_says_so_and_links_to_the_current_edition() {
    let (_dir, out) = build_into_temp(&editions_fixture(), &templates());
    let notice = selector(".archive-notice");
    let link = selector(".archive-notice a[href]");
    for id in EDITIONS {
        let dir = out.join("editions").join(id);
        let current = id == EDITIONS[EDITIONS.len() - 1];
        for page in html_pages(&dir) {
            if page == "overview-standalone.html" {
                continue;
            }
            let html = parse_html(&dir.join(&page));
            let notices: Vec<_> = html.select(&notice).collect();
            if current {
                assert!(
                    notices.is_empty(),
                    "editions/{id}/{page}: the current edition is not archived"
                );
                continue;
            }
            assert_eq!(notices.len(), 1, "editions/{id}/{page}: one archive notice");
            let text = text_of(notices[0]);
            assert!(text.contains("archive"), "editions/{id}/{page}: `{text}`");
            assert!(
                text.contains("24 November 2025"),
                "editions/{id}/{page}: `{text}`"
            );
            let href = html
                .select(&link)
                .next()
                .unwrap_or_else(|| panic!("editions/{id}/{page}: no link to the current edition"))
                .value()
                .attr("href")
                .unwrap()
                .to_string();
            let target = link_target(&format!("editions/{id}/{page}"), &href)
                .unwrap_or_else(|| panic!("editions/{id}/{page}: `{href}` is not relative"));
            // The same page in the current edition when it exists there, else its overview.
            let expected = if out.join(&page).is_file() {
                page.clone()
            } else {
                "index.html".to_string()
            };
            assert_eq!(target, expected, "editions/{id}/{page}: `{href}`");
        }
    }
    // The root pages are the current edition: no notice.
    for page in html_pages(&out) {
        if page.starts_with("editions/") {
            continue;
        }
        let html = parse_html(&out.join(&page));
        assert_eq!(html.select(&notice).count(), 0, "{page}");
    }
}

#[test]
fn a_single_edition_builds_without_an_archive() {
    for content in [fixture(), multilingual()] {
        let (_dir, out) = build_into_temp(&content, &templates());
        for file in ["editions", "editions.html", "data/timeline.csv"] {
            assert!(
                !out.join(file).exists(),
                "{}: {file} written for a single edition",
                content.display()
            );
        }
        assert!(out.join("index.html").is_file());
        assert!(out.join("changes.html").is_file());
        let (_, problems) = check_links(&out);
        assert!(problems.is_empty(), "bad links:\n{}", problems.join("\n"));
    }
}

#[test]
fn a_former_state_party_is_shown_as_such_with_its_treaty_history() {
    let site = crate::common::site::SiteTest::from_fixture("basic")
        .replace(
            "states/exampleland.yaml",
            "status: {value: signed, source: exampleland-statement}",
            "status: {value: withdrawn, source: exampleland-statement}\nmembership:\n  joined_by: ratification\n  joined_on: 1999-03-01\n  withdrawal_notified_on: 2019-01-10\n  withdrawal_effective_on: {date: 2019-07-10, note: Six months after the notification.}\n  note: Cited its security situation.\n  source: exampleland-statement",
        )
        .build();
    site.assert_built();
    let page = site.page("states/exampleland.html");
    for text in [
        "Former State Party",
        "Treaty history",
        "Instrument of ratification deposited on 1 March 1999",
        "Withdrawal in effect from 10 July 2019",
        "Six months after the notification.",
        "Cited its security situation.",
    ] {
        assert!(page.contains(text), "no `{text}` on the page");
    }
    // Its 2012 and 2014 reports were made as a State Party: required, and marked so.
    assert!(page.contains("as a State Party, required"));
    let overview = site.page("index.html");
    assert!(overview.contains("former States Parties among them: 1"));
}

#[test]
fn membership_needs_the_withdrawn_status_and_a_measure_that_ended_is_not_in_force() {
    let site = crate::common::site::SiteTest::from_fixture("basic").replace(
        "states/exampleland.yaml",
        "signed_on: 1997-12-04",
        "signed_on: 1997-12-04\nmembership: {joined_by: accession, joined_on: 1999-03-01, withdrawal_notified_on: 2019-01-10, withdrawal_effective_on: 2019-07-10}",
    );
    let failed = site.build();
    assert_eq!(failed.output.status.code(), Some(1));
    assert!(
        failed
            .stderr()
            .contains("`membership` is given but status is `signed`"),
        "{}",
        failed.stderr()
    );
    let site = crate::common::site::SiteTest::from_fixture("basic").replace(
        "states/exampleland.yaml",
        "    since: 1997\n",
        "    since: 1997\n    until: 2020-01-31\n",
    );
    let built = site.build();
    built.assert_built();
    let page = built.page("states/exampleland.html");
    assert!(
        page.contains("ended 31 January 2020"),
        "the measure's end is shown"
    );
}

#[test]
fn new_edition_moves_a_single_edition_copies_it_and_never_overwrites() {
    let site = crate::common::site::SiteTest::from_fixture("basic");
    let content = site.content();
    let run = |id: &str, as_of: &str| {
        bin()
            .args(["new-edition", id, "--as-of", as_of, "--content"])
            .arg(&content)
            .output()
            .unwrap()
    };
    let output = run("2021-11", "2021-11-19");
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(said.contains("moved the edition of 2020-11-16"), "{said}");
    assert!(said.contains("Review and update"), "{said}");
    // The single edition moved to editions/<id of its date>/; the copy has the new date
    // and none of the old edition's meeting, publisher, activities or changes.
    assert!(!content.join("report.yaml").exists());
    assert!(
        content
            .join("editions/2020-11/states/exampleland.yaml")
            .is_file()
    );
    let report = read(&content.join("editions/2021-11/report.yaml"));
    assert!(report.contains("as_of: 2021-11-19"));
    for field in ["meeting:", "publisher:", "activities:", "changes:"] {
        assert!(
            !report.lines().any(|l| l.starts_with(field)),
            "{field} in {report}"
        );
    }
    // The copy checks, and the archive builds with both editions.
    assert!(site.check().status.success());
    let built = site.build();
    built.assert_built();
    assert!(built.has("editions/2020-11/index.html") && built.has("editions.html"));
    // Never overwrites; never goes back in time.
    let before = tree(&content);
    assert_eq!(run("2021-11", "2022-11-19").status.code(), Some(1));
    let earlier = run("2019-11", "2019-11-19");
    assert_eq!(earlier.status.code(), Some(1));
    assert!(stderr(&earlier).contains("is not after the current edition"));
    assert_eq!(tree(&content), before);
}

#[test]
fn the_list_of_sources_is_whole_and_in_order_however_many_runs_it_is_rendered_in() {
    // partials/source-items.html renders the items 500 sources at a time; 1,200
    // more sources make three runs, each written after the one before.
    let mut extra = String::from("\n");
    for n in 1..=1200 {
        extra.push_str(&format!("extra-{n:04}:\n  title: Extra source {n:04}\n"));
    }
    let sources = fs::read_to_string(fixture().join("sources.yaml")).unwrap();
    let site = crate::common::site::SiteTest::from_fixture("basic")
        .write("sources.yaml", &format!("{sources}{extra}"))
        .build();
    site.assert_built();
    for page in ["sources.html", "overview-standalone.html"] {
        let html = site.page(page);
        let start = r#"<li id="src-extra-"#;
        let ids: Vec<&str> = html
            .match_indices(start)
            .map(|(at, _)| &html[at + start.len()..at + start.len() + 4])
            .collect();
        let expected: Vec<String> = (1..=1200).map(|n| format!("{n:04}")).collect();
        assert!(ids == expected, "{page}: each extra source once, in order");
        let list = &html[html.find(r#"<ul class="all-sources">"#).unwrap()..];
        let list = &list[..list.find("</ul>").unwrap()];
        assert!(
            list.contains("src-extra-1200"),
            "{page}: the last run is inside the list"
        );
        assert!(!html.contains("snp-part:"), "{page}: no marker is left");
    }
}
