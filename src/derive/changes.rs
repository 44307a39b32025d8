//! What changed between two consecutive editions, computed from their records
//! (never written by hand): the States that left or joined the list, and for every
//! State in both, each difference between its two records. A difference dated after
//! the previous edition's `as_of` is news; one dated earlier corrects the previous
//! edition and is a revision.

use std::collections::BTreeSet;

use crate::model::{
    Change, Content, Date, MeasureKind, MeasureType, PartialDate, ProductionStatus, State, Status,
    Vote,
};

/// What changed in an edition since the previous one.
#[derive(Debug, Clone, Default)]
pub struct EditionChanges {
    /// The previous edition's id and date; `None` for the first edition.
    pub previous: Option<(String, Date)>,
    /// The States that left the list (they joined the Convention), as `changes` says.
    pub left: Vec<Change>,
    /// The States that joined the list (a withdrawal, a new State), as `changes` says.
    pub joined: Vec<Change>,
    /// For each State in both editions (by its slug in this edition), what changed.
    pub states: Vec<StateChanges>,
}

/// The differences between a State's records in two editions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StateChanges {
    /// The State's slug in the later edition.
    pub slug: String,
    /// Differences dated after the previous edition's date (or undated).
    pub news: Vec<Difference>,
    /// Differences dated on or before it: corrections of the previous edition.
    pub revisions: Vec<Difference>,
}

/// One difference between two records of a State.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Difference {
    /// Its vote on a year's resolution (`None`: no information).
    Vote {
        /// Year of the resolution.
        year: i16,
        /// Before.
        before: Option<Vote>,
        /// After.
        after: Option<Vote>,
    },
    /// A voluntary Article 7 report listed (or no longer listed).
    Report {
        /// Year.
        year: i16,
        /// Whether it was added.
        added: bool,
    },
    /// Participation in a meeting listed (or no longer listed).
    Meeting {
        /// Year.
        year: i16,
        /// Whether it was added.
        added: bool,
    },
    /// Reported use in a year listed (or no longer listed).
    UseReported {
        /// Year.
        year: i16,
        /// Whether it was added.
        added: bool,
    },
    /// A contact made.
    Outreach {
        /// When.
        date: PartialDate,
    },
    /// A measure in force that the previous edition did not list.
    MeasureAdded {
        /// What it covers.
        measure: MeasureKind,
        /// Its form.
        kind: MeasureType,
    },
    /// A measure that ended (its `until`), or that the later edition no longer lists.
    MeasureEnded {
        /// What it covers.
        measure: MeasureKind,
        /// Its form.
        kind: MeasureType,
        /// When it ended, if known.
        until: Option<PartialDate>,
    },
    /// Production status.
    Production {
        /// Before.
        before: Option<ProductionStatus>,
        /// After.
        after: Option<ProductionStatus>,
    },
    /// Stockpile estimate: `None` when there is no information (no `stockpile`
    /// block), `Some(None)` when the size is stated to be unknown (`estimate: null`).
    Stockpile {
        /// Before.
        before: Option<Option<u64>>,
        /// After.
        after: Option<Option<u64>>,
    },
    /// The stated position rests on other sources.
    Position,
    /// Date of the latest official information.
    LatestInformation {
        /// Before.
        before: Option<PartialDate>,
        /// After.
        after: Option<PartialDate>,
    },
    /// Status (signature, withdrawal).
    Status {
        /// Before.
        before: Status,
        /// After.
        after: Status,
    },
}

/// What changed in `content` since `previous`.
pub(super) fn changes(content: &Content, previous: Option<&Content>) -> EditionChanges {
    let (left, joined) = content
        .edition
        .changes
        .iter()
        .cloned()
        .partition(|c| c.change.leaves_list());
    let Some(previous) = previous else {
        return EditionChanges {
            previous: None,
            left,
            joined,
            states: Vec::new(),
        };
    };
    let since = previous.edition.as_of;
    let states = content
        .states
        .iter()
        .filter_map(|after| {
            let before = previous.states.iter().find(|s| s.iso3 == after.iso3)?;
            let mut changes = StateChanges {
                slug: after.slug.clone(),
                news: Vec::new(),
                revisions: Vec::new(),
            };
            for (difference, date) in differences(before, after, content, previous) {
                if date.is_none_or(|d| d.is_after(since)) {
                    changes.news.push(difference);
                } else {
                    changes.revisions.push(difference);
                }
            }
            Some(changes)
        })
        .collect();
    EditionChanges {
        previous: Some((previous.id.clone(), since)),
        left,
        joined,
        states,
    }
}

/// Every difference between two records of a State, each with its date when known.
fn differences(
    before: &State,
    after: &State,
    content: &Content,
    previous: &Content,
) -> Vec<(Difference, Option<PartialDate>)> {
    let mut out = Vec::new();
    if before.status.value != after.status.value {
        let date = after
            .membership
            .as_ref()
            .map(|m| PartialDate::Day(m.withdrawal_effective_on.value))
            .or(after.signed_on.map(PartialDate::Day));
        out.push((
            Difference::Status {
                before: before.status.value,
                after: after.status.value,
            },
            date,
        ));
    }
    let info = |s: &State| s.last_official_information.as_ref().map(|i| i.value);
    if info(before) != info(after) {
        out.push((
            Difference::LatestInformation {
                before: info(before),
                after: info(after),
            },
            info(after),
        ));
    }
    let cited = |s: &State| -> BTreeSet<String> {
        s.position
            .iter()
            .flat_map(|p| p.cited.iter().cloned())
            .collect()
    };
    if cited(before) != cited(after) {
        let date = cited(after)
            .iter()
            .filter_map(|key| content.source(Some(after), key)?.date)
            .max_by_key(PartialDate::last_day);
        out.push((Difference::Position, date));
    }
    let years: BTreeSet<i16> = [before, after]
        .iter()
        .flat_map(|s| s.unga_votes.iter().flat_map(|v| v.keys().copied()))
        .collect();
    for year in years {
        let vote = |s: &State| s.unga_votes.as_ref()?.get(&year).map(|v| v.value);
        if vote(before) != vote(after) {
            let adopted = content
                .edition
                .resolutions
                .get(&year)
                .or_else(|| previous.edition.resolutions.get(&year))
                .and_then(|r| r.adopted);
            let date = adopted.map_or(PartialDate::Year(year), PartialDate::Day);
            out.push((
                Difference::Vote {
                    year,
                    before: vote(before),
                    after: vote(after),
                },
                Some(date),
            ));
        }
    }
    let reports = |s: &State| -> BTreeSet<i16> {
        s.article7_reports
            .iter()
            .flat_map(|f| f.items.iter().map(|y| y.value))
            .collect()
    };
    years_changed(
        &reports(before),
        &reports(after),
        &mut out,
        |year, added| Difference::Report { year, added },
    );
    let meetings = |s: &State| -> BTreeSet<i16> {
        s.meetings
            .iter()
            .flat_map(|f| f.items.iter().map(|m| m.year))
            .collect()
    };
    years_changed(
        &meetings(before),
        &meetings(after),
        &mut out,
        |year, added| Difference::Meeting { year, added },
    );
    let used = |s: &State| -> BTreeSet<i16> {
        s.use_reported
            .iter()
            .flat_map(|f| f.items.iter().map(|y| y.value))
            .collect()
    };
    years_changed(&used(before), &used(after), &mut out, |year, added| {
        Difference::UseReported { year, added }
    });
    let contacts = |s: &State| -> BTreeSet<(PartialDate, String)> {
        s.outreach
            .iter()
            .flatten()
            .map(|o| (o.date, format!("{:?}", o.kind)))
            .collect()
    };
    for (date, _) in contacts(after).difference(&contacts(before)) {
        out.push((Difference::Outreach { date: *date }, Some(*date)));
    }
    measures_changed(before, after, &mut out);
    let production = |s: &State| s.production.as_ref().map(|p| p.status);
    if production(before) != production(after) {
        let since = after.production.as_ref().and_then(|p| p.since);
        out.push((
            Difference::Production {
                before: production(before),
                after: production(after),
            },
            since,
        ));
    }
    let stockpile = |s: &State| s.stockpile.as_ref().map(|p| p.estimate);
    if stockpile(before) != stockpile(after) {
        let as_of = after.stockpile.as_ref().and_then(|p| p.as_of);
        out.push((
            Difference::Stockpile {
                before: stockpile(before),
                after: stockpile(after),
            },
            as_of,
        ));
    }
    out
}

/// Years added to a list (dated by their year) or removed from it (a correction of
/// the previous edition, dated by their year too).
fn years_changed(
    before: &BTreeSet<i16>,
    after: &BTreeSet<i16>,
    out: &mut Vec<(Difference, Option<PartialDate>)>,
    difference: impl Fn(i16, bool) -> Difference,
) {
    for year in after.difference(before) {
        out.push((difference(*year, true), Some(PartialDate::Year(*year))));
    }
    for year in before.difference(after) {
        out.push((difference(*year, false), Some(PartialDate::Year(*year))));
    }
}

/// Measures in force added, and measures that ended or are no longer listed.
fn measures_changed(
    before: &State,
    after: &State,
    out: &mut Vec<(Difference, Option<PartialDate>)>,
) {
    let in_force = |s: &State| -> Vec<(MeasureKind, MeasureType, Option<PartialDate>)> {
        s.measures
            .iter()
            .flat_map(|f| f.items.iter())
            .filter(|m| m.until.is_none())
            .map(|m| (m.measure, m.kind, m.since))
            .collect()
    };
    let (was, is) = (in_force(before), in_force(after));
    let same =
        |a: &(MeasureKind, MeasureType, Option<PartialDate>),
         b: &(MeasureKind, MeasureType, Option<PartialDate>)| { a.0 == b.0 && a.1 == b.1 };
    for m in is.iter().filter(|m| !was.iter().any(|w| same(w, m))) {
        out.push((
            Difference::MeasureAdded {
                measure: m.0,
                kind: m.1,
            },
            m.2,
        ));
    }
    for m in was.iter().filter(|w| !is.iter().any(|m| same(w, m))) {
        let until = after
            .measures
            .iter()
            .flat_map(|f| f.items.iter())
            .find(|e| e.measure == m.0 && e.kind == m.1)
            .and_then(|e| e.until);
        out.push((
            Difference::MeasureEnded {
                measure: m.0,
                kind: m.1,
                until,
            },
            until,
        ));
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::{Archive, MeasureKind};

    /// Two editions of the basic test fixture, `a` (as of 2020-11-16) and `b` (as of
    /// 2021-11-19), with `(file, from, to)` edits applied to `b`'s files.
    fn two_editions(edits: &[(&str, &str, &str)]) -> Archive {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let dir = tempfile::tempdir().unwrap();
        for id in ["a", "b"] {
            for entry in walkdir::WalkDir::new(&root) {
                let entry = entry.unwrap();
                let rel = entry.path().strip_prefix(&root).unwrap();
                let dest = dir.path().join("editions").join(id).join(rel);
                if entry.file_type().is_dir() {
                    std::fs::create_dir_all(&dest).unwrap();
                } else {
                    std::fs::copy(entry.path(), &dest).unwrap();
                }
            }
        }
        let b = dir.path().join("editions/b");
        let edit = |file: &str, from: &str, to: &str| {
            let path = b.join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{file} has no `{from}`");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        };
        edit("report.yaml", "as_of: 2020-11-16", "as_of: 2021-11-19");
        for (file, from, to) in edits {
            edit(file, from, to);
        }
        match crate::load_archive(dir.path()) {
            Ok((archive, _)) => archive,
            Err(diags) => panic!("{diags:#?}"),
        }
    }

    fn changes_of<'a>(changes: &'a EditionChanges, slug: &str) -> &'a StateChanges {
        changes.states.iter().find(|c| c.slug == slug).unwrap()
    }

    #[test]
    fn the_same_records_make_no_difference() {
        let archive = two_editions(&[]);
        let changes = changes(&archive.editions[1], Some(&archive.editions[0]));
        assert_eq!(changes.previous.as_ref().map(|p| p.0.as_str()), Some("a"));
        assert!(
            changes
                .states
                .iter()
                .all(|c| c.news.is_empty() && c.revisions.is_empty()),
            "{:#?}",
            changes.states
        );
        let first = super::changes(&archive.editions[0], None);
        assert!(first.previous.is_none() && first.states.is_empty());
    }

    #[test]
    fn a_fact_dated_after_the_previous_edition_is_news_and_an_older_one_a_revision() {
        let archive = two_editions(&[
            (
                "states/sampleland.yaml",
                "  - {year: 2015, source: sampleland-monitor}",
                "  - {year: 2015, source: sampleland-monitor}\n  - {year: 2021, source: sampleland-monitor}\n  - {year: 2016, source: sampleland-monitor}",
            ),
            (
                "states/exampleland.yaml",
                "    since: 1997\n",
                "    since: 1997\n    until: 2021-06-01\n",
            ),
        ]);
        let changes = changes(&archive.editions[1], Some(&archive.editions[0]));
        let sampleland = changes_of(&changes, "sampleland");
        assert_eq!(
            sampleland.news,
            [Difference::UseReported {
                year: 2021,
                added: true
            }]
        );
        assert_eq!(
            sampleland.revisions,
            [Difference::UseReported {
                year: 2016,
                added: true
            }]
        );
        let exampleland = changes_of(&changes, "exampleland");
        assert_eq!(
            exampleland.news,
            [Difference::MeasureEnded {
                measure: MeasureKind::Export,
                kind: MeasureType::Moratorium,
                until: Some(PartialDate::Day("2021-06-01".parse().unwrap())),
            }]
        );
    }

    #[test]
    fn reworded_text_with_the_same_sources_is_no_change() {
        let archive = two_editions(&[(
            "states/exampleland.yaml",
            "Supports the humanitarian goals",
            "Supports the aims",
        )]);
        let changes = changes(&archive.editions[1], Some(&archive.editions[0]));
        let exampleland = changes_of(&changes, "exampleland");
        assert!(exampleland.news.is_empty() && exampleland.revisions.is_empty());
    }
}
