//! Helpers shared by the integration tests: paths, the binary, copying and
//! comparing directory trees.
#![allow(dead_code)]

pub mod site;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The small, complete content directory used by the tests.
pub fn fixture() -> PathBuf {
    root().join("tests/fixtures/basic")
}

/// The fixture with three editions (`editions/<id>/`): an accession, a withdrawal,
/// a notified withdrawal, and changes in the records of continuing States.
pub fn editions_fixture() -> PathBuf {
    root().join("tests/fixtures/editions")
}

/// The repository's real templates directory.
pub fn templates() -> PathBuf {
    root().join("templates")
}

/// The generator's binary, built by cargo for the integration tests.
pub fn bin() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_snp-overview"));
    cmd.env_remove("RUST_BACKTRACE");
    cmd
}

/// `build --content C --templates T --out O`, with any extra arguments.
pub fn build(content: &Path, templates: &Path, out: &Path, extra: &[&str]) -> Output {
    bin()
        .arg("build")
        .arg("--content")
        .arg(content)
        .arg("--templates")
        .arg(templates)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("run snp-overview")
}

/// `check --content C --templates T`, with any extra arguments.
pub fn check(content: &Path, templates: &Path, extra: &[&str]) -> Output {
    bin()
        .arg("check")
        .arg("--content")
        .arg(content)
        .arg("--templates")
        .arg(templates)
        .args(extra)
        .output()
        .expect("run snp-overview")
}

/// Builds the fixture with the real templates into `out`, asserting success.
pub fn build_fixture(out: &Path) {
    let output = build(&fixture(), &templates(), out, &[]);
    assert!(
        output.status.success(),
        "building the fixture failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Copies a directory tree (files and folders, hidden ones included).
pub fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for entry in fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let target = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` (hidden ones included), by relative path with `/`, with its bytes.
/// Folders are listed too (with no bytes), so that an added empty folder is a difference.
pub fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Option<Vec<u8>>>) {
        let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap()).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                out.insert(format!("{rel}/"), None);
                walk(root, &path, out);
            } else {
                out.insert(rel, Some(fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A short digest of a tree, for messages: FNV-1a over paths and bytes.
pub fn digest(tree: &BTreeMap<String, Option<Vec<u8>>>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for (path, bytes) in tree {
        eat(path.as_bytes());
        eat(&[0]);
        if let Some(bytes) = bytes {
            eat(&(bytes.len() as u64).to_le_bytes());
            eat(bytes);
        }
    }
    h
}

/// The paths that differ between two trees, for messages.
pub fn tree_diff(
    before: &BTreeMap<String, Option<Vec<u8>>>,
    after: &BTreeMap<String, Option<Vec<u8>>>,
) -> Vec<String> {
    let mut diff = Vec::new();
    for (path, bytes) in before {
        match after.get(path) {
            None => diff.push(format!("removed {path}")),
            Some(b) if b != bytes => diff.push(format!("changed {path}")),
            _ => {}
        }
    }
    for path in after.keys() {
        if !before.contains_key(path) {
            diff.push(format!("added {path}"));
        }
    }
    diff
}

/// Reads a text file of the content or output.
pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Writes a text file, creating its folder.
pub fn write(path: &Path, text: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Replaces exactly one occurrence of `from` by `to` in a file.
pub fn replace(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` must occur exactly once in {}",
        path.display()
    );
    write(path, text.replacen(from, to, 1));
}

/// The 1-based line of the first occurrence of `needle` in `text`.
pub fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not found in:\n{text}"));
    text[..at].matches('\n').count() + 1
}

/// stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// One diagnostic of the human format: its first line and any `  help:` lines.
pub fn diagnostics(stderr: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in stderr.lines() {
        if line.starts_with("error: ") || line.starts_with("warning: ") {
            out.push(line.to_string());
        } else if line.starts_with("  ")
            && let Some(last) = out.last_mut()
        {
            last.push('\n');
            last.push_str(line);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Helpers of languages.rs, editions.rs and serve.rs.

/// The fixture in English and French, with some French text missing on purpose.
pub fn multilingual() -> PathBuf {
    static COMPOSED: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    COMPOSED
        .get_or_init(|| derived_fixture("multilingual", "tests/fixtures/multilingual"))
        .clone()
}

/// A fixture derived from the basic one: `tests/fixtures/basic` with the files of
/// `overlay` (those that differ: translated records, translations) copied over it,
/// composed once under cargo's temporary directory for integration tests. `.ci/run`
/// composes the same way.
pub fn derived_fixture(name: &str, overlay: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fixtures")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    copy_dir(&fixture(), &dir);
    copy_dir(&root().join(overlay), &dir);
    dir
}

/// The shipped content (`content/`).
pub fn shipped() -> PathBuf {
    root().join("content")
}

/// Builds `content` with `templates` into a new temporary directory, asserting
/// success; returns the directory (removed when dropped) and the site in it.
pub fn build_into_temp(content: &Path, templates: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let output = build(content, templates, &out, &["--quiet"]);
    assert!(
        output.status.success(),
        "building {} failed:\n{}",
        content.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    (dir, out)
}

/// Every HTML file under `dir`, as sorted paths relative to it with `/`.
pub fn html_pages(dir: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    pages.sort();
    pages
}

/// Where a relative link of the page `page` (a path from the site root, with `/`)
/// leads, as a path from the site root without query or fragment; `None` when it
/// has a scheme, is absolute, or leaves the site.
pub fn link_target(page: &str, href: &str) -> Option<String> {
    let path = href.split(['#', '?']).next().unwrap_or_default();
    let has_scheme = path
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains('/'));
    if has_scheme || path.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Parses an HTML file of the output.
pub fn parse_html(path: &Path) -> scraper::Html {
    scraper::Html::parse_document(&read(path))
}

/// A CSS selector (panics on a typo in the test).
pub fn selector(css: &str) -> scraper::Selector {
    scraper::Selector::parse(css).unwrap_or_else(|e| panic!("bad selector `{css}`: {e:?}"))
}

/// The text of an element, whitespace collapsed.
pub fn text_of(element: scraper::ElementRef) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A YAML file of interface strings, nested keys joined with dots (`vote.in_favour`),
/// as the generator reads it.
pub fn flat_strings(path: &Path) -> BTreeMap<String, String> {
    fn key_text(key: &serde_yaml::Value) -> String {
        match key {
            serde_yaml::Value::String(s) => s.clone(),
            serde_yaml::Value::Number(n) => n.to_string(),
            serde_yaml::Value::Bool(b) => b.to_string(),
            other => panic!("unexpected key {other:?}"),
        }
    }
    fn walk(prefix: &str, value: &serde_yaml::Value, out: &mut BTreeMap<String, String>) {
        match value {
            serde_yaml::Value::Mapping(map) => {
                for (k, v) in map {
                    let key = if prefix.is_empty() {
                        key_text(k)
                    } else {
                        format!("{prefix}.{}", key_text(k))
                    };
                    walk(&key, v, out);
                }
            }
            serde_yaml::Value::String(s) => {
                out.insert(prefix.to_string(), s.clone());
            }
            serde_yaml::Value::Number(n) => {
                out.insert(prefix.to_string(), n.to_string());
            }
            other => panic!("interface string `{prefix}` is not text: {other:?}"),
        }
    }
    let value: serde_yaml::Value = serde_yaml::from_str(&read(path))
        .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
    let mut out = BTreeMap::new();
    walk("", &value, &mut out);
    out
}

/// The interface strings of a language of the repository's templates.
pub fn i18n(lang: &str) -> BTreeMap<String, String> {
    flat_strings(&templates().join(format!("i18n/{lang}.yaml")))
}
