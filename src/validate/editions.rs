//! The checks that span records or editions: a `changes` or `notified_withdrawals`
//! entry against the records of its edition, and each edition against the previous.

use std::collections::BTreeSet;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::ContentFile;
use crate::model::{ChangeKind, Content, Edition, State, Status, Vocabulary};
use crate::yaml::{self, Step, Target};

/// A diagnostic at an entry of a list of report.yaml (`changes`, `notified_withdrawals`).
fn at_entry(
    report: &ContentFile,
    list: &str,
    i: usize,
    field: Option<&str>,
) -> Option<(usize, usize)> {
    let mut path = vec![Step::Key(list.into()), Step::Index(i)];
    if let Some(field) = field {
        path.push(Step::Key(field.into()));
    }
    yaml::locate(&report.text, &path, Target::Value)
}

/// The entries of `changes` and `notified_withdrawals` against the edition's records.
pub(crate) fn check_lists(
    edition: &Edition,
    states: &[State],
    report: &ContentFile,
    diags: &mut Diagnostics,
) {
    let record = |iso3: &str| states.iter().find(|s| s.iso3 == iso3);
    for (i, change) in edition.changes.iter().enumerate() {
        let iso3 = &change.iso3;
        if change.change.leaves_list() {
            if let Some(state) = record(iso3) {
                diags.push(
                    Diagnostic::error(
                        &report.rel,
                        format!(
                            "{iso3} is said to have {} (left the list), but it still has a record: states/{}.yaml",
                            change.change.word(),
                            state.slug
                        ),
                    )
                    .at(at_entry(report, "changes", i, Some("change"))),
                );
            }
            continue;
        }
        match record(iso3) {
            None => diags.push(
                Diagnostic::error(
                    &report.rel,
                    format!("{iso3} is said to have joined the list ({}), but no record has iso3 {iso3}", change.change.word()),
                )
                .at(at_entry(report, "changes", i, Some("iso3"))),
            ),
            Some(state) if change.change == ChangeKind::Withdrew => {
                let effective = state.membership.as_ref().map(|m| m.withdrawal_effective_on.value);
                if state.status.value != Status::Withdrawn {
                    diags.push(
                        Diagnostic::error(
                            &report.rel,
                            format!(
                                "{iso3} is said to have withdrawn, but states/{}.yaml has status `{}`, not `withdrawn`",
                                state.slug,
                                state.status.value.word()
                            ),
                        )
                        .at(at_entry(report, "changes", i, Some("change"))),
                    );
                } else if effective != Some(change.date) {
                    diags.push(
                        Diagnostic::error(
                            &report.rel,
                            format!(
                                "{iso3} withdrew on {} here, but states/{}.yaml says its withdrawal took effect on {}",
                                change.date,
                                state.slug,
                                effective.map_or_else(|| "no date".to_string(), |d| d.to_string())
                            ),
                        )
                        .at(at_entry(report, "changes", i, Some("date"))),
                    );
                }
            }
            Some(_) => {}
        }
    }
    for (i, notified) in edition.notified_withdrawals.iter().enumerate() {
        if let Some(state) = record(&notified.iso3) {
            diags.push(
                Diagnostic::error(
                    &report.rel,
                    format!(
                        "{} is listed under notified_withdrawals, a State Party, but it has a record: states/{}.yaml",
                        notified.iso3, state.slug
                    ),
                )
                .at(at_entry(report, "notified_withdrawals", i, Some("iso3"))),
            );
        }
    }
}

/// One validated edition with its id and its report.yaml (for messages).
pub(crate) struct Checked<'a> {
    /// The edition's id (its folder).
    pub(crate) id: &'a str,
    /// The validated content.
    pub(crate) content: &'a Content,
    /// Its report.yaml.
    pub(crate) report: &'a ContentFile,
}

/// Editions in order of `as_of`: no two on the same date, and each one's list of
/// States follows from the previous one's and its `changes`.
pub(crate) fn check_sequence(editions: &[Checked], diags: &mut Diagnostics) {
    for pair in editions.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        let as_of = |c: &Checked| c.content.edition.as_of;
        if as_of(before) == as_of(after) {
            diags.push(
                Diagnostic::error(
                    &after.report.rel,
                    format!(
                        "editions `{}` and `{}` have the same as_of ({}): each edition needs its own date",
                        before.id,
                        after.id,
                        as_of(after)
                    ),
                )
                .at(yaml::locate(&after.report.text, &[Step::Key("as_of".into())], Target::Value)),
            );
            continue;
        }
        check_list_follows(before, after, diags);
    }
}

/// A State in one edition and not the other needs a `changes` entry in the later one.
fn check_list_follows(before: &Checked, after: &Checked, diags: &mut Diagnostics) {
    let codes = |c: &Checked| -> BTreeSet<String> {
        c.content.states.iter().map(|s| s.iso3.clone()).collect()
    };
    let (was, is) = (codes(before), codes(after));
    let changes = &after.content.edition.changes;
    let changed = |iso3: &str, leaves: bool| {
        changes
            .iter()
            .any(|c| c.iso3 == iso3 && c.change.leaves_list() == leaves)
    };
    let changes_place = yaml::locate(
        &after.report.text,
        &[Step::Key("changes".into())],
        Target::Key,
    );
    for iso3 in was.difference(&is) {
        if !changed(iso3, true) {
            let name = before
                .content
                .states
                .iter()
                .find(|s| &s.iso3 == iso3)
                .map_or(iso3.clone(), |s| s.slug.clone());
            diags.push(
                Diagnostic::error(
                    &after.report.rel,
                    format!(
                        "{name} ({iso3}) is in edition `{}` but not in edition `{}`, and `changes` does not say why",
                        before.id, after.id
                    ),
                )
                .at(changes_place)
                .help(Some(format!(
                    "add to `changes`: {{iso3: {iso3}, change: ratified (or acceded, succeeded), date: ..., source: ...}}, or keep its record"
                ))),
            );
        }
    }
    for iso3 in is.difference(&was) {
        if !changed(iso3, false) {
            diags.push(
                Diagnostic::error(
                    &after.report.rel,
                    format!(
                        "{iso3} is new in edition `{}` (not in edition `{}`), and `changes` does not say why",
                        after.id, before.id
                    ),
                )
                .at(changes_place)
                .help(Some(format!(
                    "add to `changes`: {{iso3: {iso3}, change: withdrew (or new_state), date: ..., source: ...}}"
                ))),
            );
        }
    }
    let left = changes.iter().filter(|c| c.change.leaves_list()).count() as i64;
    let withdrew = changes
        .iter()
        .filter(|c| c.change == ChangeKind::Withdrew)
        .count() as i64;
    let expected = i64::from(before.content.edition.convention.states_parties) + left - withdrew;
    let given = i64::from(after.content.edition.convention.states_parties);
    if expected != given {
        diags.push(
            Diagnostic::warning(
                &after.report.rel,
                format!(
                    "states_parties is {given}, but {} in edition `{}` with the changes listed here gives {expected}",
                    before.content.edition.convention.states_parties, before.id
                ),
            )
            .at(yaml::locate(
                &after.report.text,
                &[Step::Key("convention".into()), Step::Key("states_parties".into())],
                Target::Value,
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::diagnostic::Diagnostics;
    use crate::load::{Layout, load_layout};

    /// The diagnostics of validating the editions fixture after an edit of a file.
    fn errors_after(file: &str, from: &str, to: &str) -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/editions");
        let dir = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(&root) {
            let entry = entry.unwrap();
            let dest = dir.path().join(entry.path().strip_prefix(&root).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(entry.path(), &dest).unwrap();
            }
        }
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let mut diags = Diagnostics::default();
        let mut layout = load_layout(dir.path(), &mut diags);
        assert!(matches!(layout, Layout::Editions(_)));
        crate::validate::validate_archive(&mut layout, &mut diags);
        diags.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_fixture_is_valid_and_a_notified_withdrawal_must_have_no_record() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/editions");
        let mut diags = Diagnostics::default();
        let mut layout = load_layout(&root, &mut diags);
        assert!(crate::validate::validate_archive(&mut layout, &mut diags).is_some());
        assert!(!diags.has_errors());
        let report = "editions/2025-11/report.yaml";
        let text = std::fs::read_to_string(root.join(report)).unwrap();
        let notified = text
            .lines()
            .skip_while(|l| !l.starts_with("notified_withdrawals:"))
            .find_map(|l| l.trim().strip_prefix("- iso3: "))
            .expect("a notified withdrawal in the fixture")
            .to_string();
        // Giving the State Party the code of a State not party is an error at that entry.
        let record =
            std::fs::read_to_string(root.join("editions/2025-11/states/exampleland.yaml")).unwrap();
        let code = record
            .lines()
            .find_map(|l| l.strip_prefix("iso3: "))
            .unwrap()
            .trim();
        let errors = errors_after(
            report,
            &format!("- iso3: {notified}"),
            &format!("- iso3: {code}"),
        );
        assert!(
            errors
                .iter()
                .any(|e| e.contains("listed under notified_withdrawals") && e.contains(report)),
            "{errors:#?}"
        );
    }
}
