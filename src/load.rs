//! Step 1: find and read the content files, as the content contract lays them out.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics};

/// Largest content file accepted, in bytes (1 MiB).
pub(crate) const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A content file read into memory.
#[derive(Debug, Clone)]
pub(crate) struct ContentFile {
    /// Path relative to the content directory, with `/` separators.
    pub rel: String,
    /// The text, without byte-order mark, line endings normalised to `\n`.
    pub text: String,
}

/// What a Markdown file is, from its place in the layout.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum MarkdownKind {
    /// index.md: the introduction.
    Index,
    /// states/<slug>.md: a State's narrative.
    Narrative(String),
    /// pages/<slug>.md: an extra page.
    Page(String),
}

/// A Markdown file with its kind and language (`None`: the default language).
#[derive(Debug, Clone)]
pub(crate) struct MarkdownFile {
    /// Index, narrative or page.
    pub kind: MarkdownKind,
    /// The `<lang>` of `<name>.<lang>.md`, if any (not yet checked against `languages`).
    pub lang: Option<String>,
    /// The file.
    pub file: ContentFile,
}

/// The content directory, read.
#[derive(Debug, Clone, Default)]
pub(crate) struct ContentFiles {
    /// report.yaml.
    pub report: Option<ContentFile>,
    /// sources.yaml.
    pub sources: Option<ContentFile>,
    /// states/<slug>.yaml, with their slugs, sorted.
    pub states: Vec<(String, ContentFile)>,
    /// Every Markdown file, sorted by path.
    pub markdown: Vec<MarkdownFile>,
}

/// Reads `root`, reporting every file that does not belong to the layout.
pub(crate) fn load(root: &Path, diags: &mut Diagnostics) -> ContentFiles {
    let mut files = ContentFiles::default();
    let canonical_root = match root.canonicalize() {
        Ok(path) if path.is_dir() => path,
        _ => {
            diags.push(Diagnostic::error(
                root.display().to_string(),
                "the content directory does not exist or is not a directory",
            ));
            return files;
        }
    };
    walk(root, root, 0, &canonical_root, &mut files, diags);
    files.states.sort_by(|a, b| a.0.cmp(&b.0));
    files.markdown.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));
    files
}

/// Walks `dir` (the content directory, or a symbolic link to a folder inside it, at
/// `depth`). Every name is checked against [`is_ignored`] before anything is followed
/// or read: an editor's lock file may be a dangling link.
fn walk(
    root: &Path,
    dir: &Path,
    depth: usize,
    canonical_root: &Path,
    files: &mut ContentFiles,
    diags: &mut Diagnostics,
) {
    let walker = WalkDir::new(dir)
        .follow_links(false)
        .follow_root_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let rel = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| ".".into());
                diags.push(Diagnostic::error(
                    rel,
                    format!("cannot be read: {}", io_reason(&err)),
                ));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let depth = depth + entry.depth();
        let path = entry.path();
        let rel = relative(root, path);
        let is_dir = if entry.path_is_symlink() {
            if !stays_inside(path, canonical_root) {
                diags.push(Diagnostic::error(
                    rel,
                    "symbolic link leading outside the content directory (only links that stay inside are followed)",
                ));
                continue;
            }
            let is_dir = path.is_dir();
            if is_dir && leads_back(path, root) {
                diags.push(Diagnostic::error(
                    rel,
                    "symbolic link loop: the link leads back to a folder that contains it",
                ));
                continue;
            }
            is_dir
        } else {
            entry.file_type().is_dir()
        };
        if is_dir {
            if depth > 1 || !matches!(rel.as_str(), "states" | "pages") {
                diags.push(Diagnostic::error(
                    rel.clone(),
                    "unexpected folder: the content directory holds only `states/` and `pages/`",
                ));
            }
            if entry.path_is_symlink() {
                walk(root, path, depth, canonical_root, files, diags);
            }
            continue;
        }
        classify(&rel, path, files, diags);
    }
}

/// Whether the symbolic link `link` (to a folder) leads to one of the folders that
/// contain it, up to `root`: following it would never end.
fn leads_back(link: &Path, root: &Path) -> bool {
    let Ok(target) = link.canonicalize() else {
        return false;
    };
    link.ancestors()
        .skip(1)
        .take_while(|a| a.starts_with(root))
        .any(|a| a.canonicalize().is_ok_and(|a| a == target))
}

/// Hidden files and folders and editor leftovers, which are ignored.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swo")
        || (name.starts_with('#') && name.ends_with('#'))
        // Vim checks that it may write a folder by creating this file.
        || name == "4913"
}

fn classify(rel: &str, path: &Path, files: &mut ContentFiles, diags: &mut Diagnostics) {
    let (folder, name) = match rel.split_once('/') {
        Some((folder, name)) => (Some(folder), name),
        None => (None, rel),
    };
    let read = |diags: &mut Diagnostics| read_file(rel, path, diags);
    match (folder, name) {
        (None, "report.yaml") => files.report = read(diags),
        (None, "sources.yaml") => files.sources = read(diags),
        (None, name) if name.ends_with(".md") => {
            if let Some((stem, lang)) = markdown_name(rel, name, diags) {
                if stem != "index" {
                    stray(
                        rel,
                        "a Markdown file at the top level must be `index.md` or `index.<lang>.md`",
                        diags,
                    );
                } else if let Some(file) = read(diags) {
                    files.markdown.push(MarkdownFile {
                        kind: MarkdownKind::Index,
                        lang,
                        file,
                    });
                }
            }
        }
        (Some("states"), name) if name.ends_with(".yaml") => {
            let stem = &name[..name.len() - ".yaml".len()];
            if check_slug(rel, stem, diags)
                && let Some(file) = read(diags)
            {
                files.states.push((stem.to_string(), file));
            }
        }
        (Some(folder @ ("states" | "pages")), name) if name.ends_with(".md") => {
            if let Some((slug, lang)) = markdown_name(rel, name, diags) {
                let kind = if folder == "states" {
                    MarkdownKind::Narrative(slug)
                } else {
                    MarkdownKind::Page(slug)
                };
                if let Some(file) = read(diags) {
                    files.markdown.push(MarkdownFile { kind, lang, file });
                }
            }
        }
        (None, name) if name.ends_with(".yml") || name.ends_with(".YAML") => stray(
            rel,
            "unexpected file: YAML files are named `.yaml` (report.yaml, sources.yaml)",
            diags,
        ),
        (Some("states"), _) => stray(
            rel,
            "unexpected file in states/: expected `<slug>.yaml` or `<slug>.md`",
            diags,
        ),
        (Some("pages"), _) => stray(
            rel,
            "unexpected file in pages/: expected `<slug>.md`",
            diags,
        ),
        _ => stray(
            rel,
            "unexpected file: the content directory holds report.yaml, sources.yaml, index.md, states/ and pages/",
            diags,
        ),
    }
}

fn stray(rel: &str, message: &str, diags: &mut Diagnostics) {
    diags.push(Diagnostic::error(rel, message));
}

/// Splits `<slug>.md` / `<slug>.<lang>.md`, checking the slug's shape.
fn markdown_name(
    rel: &str,
    name: &str,
    diags: &mut Diagnostics,
) -> Option<(String, Option<String>)> {
    let stem = &name[..name.len() - ".md".len()];
    let (slug, lang) = match stem.split_once('.') {
        Some((slug, lang)) => (slug, Some(lang.to_string())),
        None => (stem, None),
    };
    check_slug(rel, slug, diags).then(|| (slug.to_string(), lang))
}

/// Whether `slug` is lowercase ASCII letters, digits and `-`; reports it otherwise.
pub(crate) fn check_slug(rel: &str, slug: &str, diags: &mut Diagnostics) -> bool {
    let ok = is_slug(slug);
    if !ok {
        let suggestion = slugify(slug);
        diags.push(
            Diagnostic::error(
                rel,
                format!(
                    "invalid name `{slug}`: a slug has only lowercase ASCII letters, digits and `-`"
                ),
            )
            .help((!suggestion.is_empty()).then(|| format!("rename it `{suggestion}`"))),
        );
    }
    ok
}

/// Whether `s` is a valid slug.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A slug made from a name or a bad file name: `Côte d'Ivoire` -> `cote-d-ivoire`.
pub(crate) fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn read_file(rel: &str, path: &Path, diags: &mut Diagnostics) -> Option<ContentFile> {
    match fs::metadata(path) {
        Ok(meta) if meta.len() > MAX_FILE_BYTES => {
            diags.push(Diagnostic::error(
                rel,
                format!(
                    "file is {} bytes; the limit for a content file is {MAX_FILE_BYTES} bytes (1 MiB)",
                    meta.len()
                ),
            ));
            return None;
        }
        Err(err) => {
            diags.push(Diagnostic::error(rel, format!("cannot be read: {err}")));
            return None;
        }
        Ok(_) => {}
    }
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            diags.push(Diagnostic::error(rel, format!("cannot be read: {err}")));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(ContentFile {
            rel: rel.to_string(),
            text: normalise(&text),
        }),
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            diags.push(
                Diagnostic::error(rel, "the file is not valid UTF-8 text; save it as UTF-8")
                    .at(Some((line, column))),
            );
            None
        }
    }
}

/// Removes a byte-order mark and turns CRLF line endings into LF.
pub(crate) fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.replace("\r\n", "\n")
}

fn stays_inside(path: &Path, canonical_root: &Path) -> bool {
    path.canonicalize()
        .map(|target| target.starts_with(canonical_root))
        .unwrap_or(false)
}

fn relative(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn io_reason(err: &walkdir::Error) -> String {
    err.io_error()
        .map(|e| e.to_string())
        .unwrap_or_else(|| err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_hidden_files_and_editor_leftovers() {
        for name in [
            ".git",
            ".DS_Store",
            "armenia.yaml~",
            ".#armenia.yaml",
            "armenia.yaml.swp",
            "#x#",
            "4913",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("armenia.yaml"));
        assert!(!is_ignored("4913.yaml"));
    }

    #[test]
    fn slugs() {
        assert!(is_slug("korea-republic-of"));
        assert!(!is_slug("Korea_Republic"));
        assert_eq!(slugify("Korea_Republic of"), "korea-republic-of");
        assert_eq!(slugify("Côte d'Ivoire"), "cote-d-ivoire");
        assert_eq!(
            slugify("Micronesia (Federated States of)"),
            "micronesia-federated-states-of"
        );
        assert_eq!(slugify("  Exampleland  "), "exampleland");
    }
}

/// The content directory, read: one edition, or several under `editions/<id>/`.
#[derive(Debug, Clone)]
pub(crate) enum Layout {
    /// The content directory is one edition (report.yaml at its top).
    Single(ContentFiles),
    /// `editions/<id>/`, each laid out like a single edition, sorted by id; the
    /// paths of their files start with `editions/<id>/`.
    Editions(Vec<(String, ContentFiles)>),
}

/// The folder holding several editions.
pub(crate) const EDITIONS: &str = "editions";

/// Reads `root`: with an `editions/` folder, every edition in it; else `root` itself.
pub(crate) fn load_layout(root: &Path, diags: &mut Diagnostics) -> Layout {
    let editions = root.join(EDITIONS);
    if !editions.is_dir() {
        return Layout::Single(load(root, diags));
    }
    // Beside editions/, only what is ignored anywhere may stand.
    let mut entries: Vec<_> = fs::read_dir(root)
        .map(|dir| dir.filter_map(Result::ok).collect())
        .unwrap_or_default();
    entries.sort_by_key(|e| e.file_name());
    for entry in &entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == EDITIONS || is_ignored(&name) {
            continue;
        }
        let message = if name == "report.yaml" {
            "report.yaml beside editions/: a content folder holds one edition (report.yaml at its top) or several (editions/<id>/), not both; move this edition into editions/<id>/"
        } else {
            "unexpected beside editions/: with several editions, everything belongs in editions/<id>/"
        };
        diags.push(Diagnostic::error(name, message));
    }
    let mut found: Vec<_> = fs::read_dir(&editions)
        .map(|dir| dir.filter_map(Result::ok).collect())
        .unwrap_or_default();
    found.sort_by_key(|e| e.file_name());
    let mut out = Vec::new();
    for entry in found {
        let id = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{EDITIONS}/{id}");
        if is_ignored(&id) {
            continue;
        }
        if !entry.path().is_dir() {
            diags.push(Diagnostic::error(
                rel,
                "unexpected file in editions/: each edition is a folder `editions/<id>/`",
            ));
            continue;
        }
        if !is_slug(&id) {
            diags.push(Diagnostic::error(
                rel,
                format!("invalid edition id `{id}`: use lowercase ASCII letters, digits and `-`, such as 2026-02"),
            ));
            continue;
        }
        let mut edition_diags = Diagnostics::default();
        let mut files = load(&entry.path(), &mut edition_diags);
        let prefix = format!("{rel}/");
        for file in files
            .report
            .iter_mut()
            .chain(files.sources.iter_mut())
            .chain(files.states.iter_mut().map(|(_, f)| f))
            .chain(files.markdown.iter_mut().map(|m| &mut m.file))
        {
            file.rel = format!("{prefix}{}", file.rel);
        }
        diags.extend_from(
            edition_diags
                .into_sorted()
                .into_iter()
                .map(|d| d.within(&prefix)),
        );
        out.push((id, files));
    }
    if out.is_empty() {
        diags.push(Diagnostic::error(
            EDITIONS,
            "editions/ holds no edition: add a folder editions/<id>/ with its report.yaml",
        ));
    }
    Layout::Editions(out)
}
