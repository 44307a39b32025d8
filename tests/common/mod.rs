//! Helpers shared by the integration tests: paths, the binary, copying and
//! comparing directory trees.
#![allow(dead_code)]

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
        } else if line.starts_with("  ") {
            if let Some(last) = out.last_mut() {
                last.push('\n');
                last.push_str(line);
            }
        }
    }
    out
}
