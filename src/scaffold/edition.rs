//! `new-edition`: starts the next edition as a copy of the current one. A content
//! folder that still holds one edition is first moved to `editions/<id>/`. Nothing
//! is ever overwritten; the author is told what to review.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::cli::NewEditionArgs;
use crate::load::{EDITIONS, is_ignored, is_slug};
use crate::model::{Content, Date};

/// Why `new-edition` could not start the edition.
#[derive(Debug, thiserror::Error)]
enum NewEditionError {
    #[error(
        "invalid edition id `{0}`: use lowercase ASCII letters, digits and `-`, such as 2027-11"
    )]
    Id(String),
    #[error("invalid date `{0}`: expected YYYY-MM-DD, such as 2027-11-20")]
    Date(String),
    #[error("the content has {0} error(s) (above); fix them first, then run `new-edition` again")]
    Content(usize),
    #[error(
        "the new edition's date {new} is not after the current edition's ({current}): editions are ordered by date"
    )]
    NotLater { new: Date, current: Date },
    #[error("{0} already exists; `new-edition` never overwrites")]
    Exists(PathBuf),
    #[error("report.yaml of the current edition has no `as_of:` line to update")]
    NoAsOf,
    #[error("cannot {what} {}: {source}", .path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The fields of report.yaml that belong to one edition only and are not copied.
const NOT_CARRIED: [&str; 4] = ["meeting", "publisher", "activities", "changes"];

/// What the author must review in the new edition.
const TO_REVIEW: &str = "\
Review and update, then run `snp-overview check`:
- report.yaml: `convention.states_parties` (and its source), `notified_withdrawals`,
  the new year's resolution under `resolutions`, and `changes` if States left or
  joined the list (a State missing or new without a `changes` entry is an error);
  `meeting` and `publisher` if the edition is prepared for a meeting;
- index.md and pages/methodology.md (and their translations): the date, what changed;
- every narrative (states/<slug>.md and translations): written for the new date;
- every record: the new votes, reports, meetings, outreach and statements, and
  `last_official_information`; nothing dated after the new as_of may appear.";

/// The folder of an edition's files: `content` itself, or `content/editions/<id>/`.
pub(crate) fn folder(content_dir: &Path, content: &Content) -> PathBuf {
    let editions = content_dir.join(EDITIONS);
    if editions.is_dir() {
        editions.join(&content.id)
    } else {
        content_dir.to_path_buf()
    }
}

/// `new-edition <id> --as-of DATE`: copies the current edition to `editions/<id>/`.
pub(crate) fn new_edition_command(args: &NewEditionArgs) -> bool {
    match create(args) {
        Ok(messages) => {
            for message in messages {
                eprintln!("{message}");
            }
            eprintln!("{TO_REVIEW}");
            true
        }
        Err(err) => {
            eprintln!("error: {err}");
            false
        }
    }
}

fn create(args: &NewEditionArgs) -> Result<Vec<String>, NewEditionError> {
    if !is_slug(&args.id) {
        return Err(NewEditionError::Id(args.id.clone()));
    }
    let as_of: Date = args
        .as_of
        .parse()
        .map_err(|_| NewEditionError::Date(args.as_of.clone()))?;
    let archive = super::validated(&args.content).map_err(NewEditionError::Content)?;
    let current = archive.current();
    if as_of <= current.edition.as_of {
        return Err(NewEditionError::NotLater {
            new: as_of,
            current: current.edition.as_of,
        });
    }
    let editions = args.content.join(EDITIONS);
    let target = editions.join(&args.id);
    if target.exists() || (!archive.several && args.id == current.id) {
        return Err(NewEditionError::Exists(target));
    }
    let mut messages = Vec::new();
    if !archive.several {
        let moved = editions.join(&current.id);
        move_into(&args.content, &moved)?;
        messages.push(format!(
            "moved the edition of {} into {} (a content folder with several editions keeps each in editions/<id>/)",
            current.edition.as_of,
            moved.display()
        ));
    }
    let source = editions.join(&current.id);
    copy_tree(&source, &target)?;
    let report = target.join("report.yaml");
    let text = fs::read_to_string(&report).map_err(|source| NewEditionError::Io {
        what: "read",
        path: report.clone(),
        source,
    })?;
    let text = next_report(&text, as_of).ok_or(NewEditionError::NoAsOf)?;
    fs::write(&report, text).map_err(|source| NewEditionError::Io {
        what: "write",
        path: report.clone(),
        source,
    })?;
    messages.push(format!(
        "started the edition of {as_of} in {} as a copy of the edition of {} (without {})",
        target.display(),
        current.edition.as_of,
        NOT_CARRIED.join(", ")
    ));
    Ok(messages)
}

/// The next edition's report.yaml: the new `as_of`, without the top-level fields
/// that belong to one edition only (comments and the rest kept as written).
fn next_report(text: &str, as_of: Date) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut skipping = false;
    let mut found = false;
    for line in text.split_inclusive('\n') {
        let top_level = !line.starts_with([' ', '\t', '#', '\n', '\r']) && !line.starts_with('-');
        if top_level {
            let key = line.split(':').next().unwrap_or("").trim();
            skipping = NOT_CARRIED.contains(&key);
            if key == "as_of" {
                found = true;
                let comment = line
                    .find(" #")
                    .map(|i| format!("  {}", line[i..].trim()))
                    .unwrap_or_default();
                out.push_str(&format!("as_of: {as_of}{comment}\n"));
                continue;
            }
        }
        if !skipping {
            out.push_str(line);
        }
    }
    found.then_some(out)
}

/// Moves every entry of `content` (but `editions/` and ignored names) into `to`.
fn move_into(content: &Path, to: &Path) -> Result<(), NewEditionError> {
    let io = |what, path: &Path| {
        let path = path.to_path_buf();
        move |source| NewEditionError::Io { what, path, source }
    };
    fs::create_dir_all(to).map_err(io("create", to))?;
    let mut entries: Vec<_> = fs::read_dir(content)
        .map_err(io("read", content))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let name_str = name.to_string_lossy();
        if name_str == EDITIONS || is_ignored(&name_str) {
            continue;
        }
        let dest = to.join(&name);
        fs::rename(entry.path(), &dest).map_err(io("move", &entry.path()))?;
    }
    Ok(())
}

/// Copies a folder (files and subfolders, ignored names left out); `to` must not exist.
fn copy_tree(from: &Path, to: &Path) -> Result<(), NewEditionError> {
    let io = |what, path: &Path| {
        let path = path.to_path_buf();
        move |source| NewEditionError::Io { what, path, source }
    };
    for entry in WalkDir::new(from)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()))
    {
        let entry = entry.map_err(|e| NewEditionError::Io {
            what: "read",
            path: from.to_path_buf(),
            source: e.into(),
        })?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).map_err(io("create", &dest))?;
        } else {
            fs::copy(entry.path(), &dest).map_err(io("copy", entry.path()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_report_has_the_new_date_and_none_of_the_old_editions_fields() {
        let text = "title: Overview\nas_of: 2020-11-20   # the date\nmeeting:\n  en: Eighteenth Meeting\n  fr: x\npublisher: President\nlanguages: [en]\nactivities:\n  - date: 2020\n    kind: letter\nchanges: []\nregions:\n  asia: Asia\n";
        let next = next_report(text, "2021-11-19".parse().unwrap()).unwrap();
        assert_eq!(
            next,
            "title: Overview\nas_of: 2021-11-19  # the date\nlanguages: [en]\nregions:\n  asia: Asia\n"
        );
        assert_eq!(
            next_report("title: x\n", "2021-11-19".parse().unwrap()),
            None
        );
    }
}
