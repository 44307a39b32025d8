//! The editions over time: the list of editions, what changed since the previous
//! edition, and a State's place in the other editions.

use std::collections::HashMap;

use serde::Serialize;

use super::{Citations, Cite, DateView, Lens, Link, SourceView, Translated, inline, state_link};
use crate::derive::{Difference, Figures, StateChanges};
use crate::model::{Change, Content, PartialDate, Source, State, Status, Vocabulary, Vote};
use crate::render::routes;

/// One edition in the list of editions.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EditionRow {
    /// Its id (folder).
    pub(crate) id: String,
    /// Its date.
    pub(crate) as_of: DateView,
    /// The meeting it was prepared for.
    pub(crate) meeting: Option<Translated>,
    /// States not party.
    pub(crate) states_not_party: usize,
    /// Of which former States Parties.
    pub(crate) former_states_parties: usize,
    /// States Parties.
    pub(crate) states_parties: u32,
    /// Its overview, from the language root of the page listing it.
    pub(crate) href: String,
    /// Its changes page.
    pub(crate) changes_href: String,
    /// Whether it is the current edition.
    pub(crate) current: bool,
}

/// The list of editions (editions.html), newest first.
pub(crate) fn editions(lens: &Lens, figures: &[Figures]) -> Vec<EditionRow> {
    let archive = lens.publication.archive;
    let up = "../".repeat(lens.out_prefix().matches('/').count());
    archive
        .editions
        .iter()
        .zip(figures)
        .enumerate()
        .rev()
        .map(|(i, (content, figures))| {
            let page = |path: &str| format!("{up}{}", page_in(lens, content, path));
            EditionRow {
                id: content.id.clone(),
                as_of: lens.date(content.edition.as_of),
                meeting: lens.tr_opt(&content.edition.meeting),
                states_not_party: content.states.len(),
                former_states_parties: figures.former_states_parties,
                states_parties: content.edition.convention.states_parties,
                href: page(routes::INDEX),
                changes_href: page(routes::CHANGES),
                current: i + 1 == archive.editions.len(),
            }
        })
        .collect()
}

/// The output path of a page of an edition in the page language (else the edition's
/// default language): the current edition's at the root, an older one's in the archive.
fn page_in(lens: &Lens, content: &Content, path: &str) -> String {
    let edition = &content.edition;
    let lang = if edition.languages.contains(lens.lang) {
        lens.lang
    } else {
        edition.default_lang()
    };
    let lang_prefix = routes::lang_prefix(lang, edition.default_lang());
    super::Publication::path_of(content, lens.publication.archive, &lang_prefix, path)
}

/// A State in another edition, for the links on its page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OtherEdition {
    /// That edition's date.
    pub(crate) as_of: DateView,
    /// The State's page there, from this page's language root.
    pub(crate) href: String,
    /// Whether that edition is the current one.
    pub(crate) current: bool,
}

/// The same State (by ISO code) in the other editions, oldest first.
pub(crate) fn other_editions(lens: &Lens, state: &State) -> Vec<OtherEdition> {
    let publication = &lens.publication;
    let archive = publication.archive;
    if !archive.several {
        return Vec::new();
    }
    let up = "../".repeat(lens.out_prefix().matches('/').count());
    archive
        .editions
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != publication.index)
        .filter_map(|(i, content)| {
            let other = content.states.iter().find(|s| s.iso3 == state.iso3)?;
            Some(OtherEdition {
                as_of: lens.date(content.edition.as_of),
                href: format!(
                    "{up}{}",
                    page_in(lens, content, &routes::state(&other.slug))
                ),
                current: i + 1 == archive.editions.len(),
            })
        })
        .collect()
}

/// A difference between two records, as the templates word it: `kind` names the
/// sentence (`changes.vote`...), the other fields fill it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DifferenceView {
    /// Which sentence.
    pub(crate) kind: &'static str,
    /// A year.
    pub(crate) year: Option<i16>,
    /// A date.
    pub(crate) date: Option<DateView>,
    /// The figure before, or with `vocabulary`, its word (`abstaining`, or
    /// `no_information`).
    pub(crate) before: Option<String>,
    /// The figure or word after.
    pub(crate) after: Option<String>,
    /// The vocabulary of `before` and `after` (`vote`, `production`, `status`).
    pub(crate) vocabulary: Option<&'static str>,
    /// A measure's subject and form.
    pub(crate) measure: Option<(&'static str, &'static str)>,
}

impl DifferenceView {
    fn new(kind: &'static str) -> Self {
        DifferenceView {
            kind,
            year: None,
            date: None,
            before: None,
            after: None,
            vocabulary: None,
            measure: None,
        }
    }
}

fn difference(lens: &Lens, d: &Difference) -> DifferenceView {
    let word = |w: Option<&'static str>| Some(w.unwrap_or("no_information").to_string());
    let none = || lens.string("value.no_information");
    let estimate = |n: Option<Option<u64>>| {
        Some(match n {
            None => none(),
            Some(None) => lens.string("changes.stockpile_unknown"),
            Some(Some(n)) => lens.format.number(n),
        })
    };
    let date = |d: Option<PartialDate>| d.map(|d| lens.partial(d));
    let date_text = |d: Option<PartialDate>| Some(d.map_or_else(none, |d| lens.format.partial(d)));
    match *d {
        Difference::Vote {
            year,
            before,
            after,
        } => DifferenceView {
            year: Some(year),
            before: word(before.map(Vote::word)),
            after: word(after.map(Vote::word)),
            vocabulary: Some("vote"),
            ..DifferenceView::new("vote")
        },
        Difference::Report { year, added } => DifferenceView {
            year: Some(year),
            ..DifferenceView::new(if added {
                "report_added"
            } else {
                "report_removed"
            })
        },
        Difference::Meeting { year, added } => DifferenceView {
            year: Some(year),
            ..DifferenceView::new(if added {
                "meeting_added"
            } else {
                "meeting_removed"
            })
        },
        Difference::UseReported { year, added } => DifferenceView {
            year: Some(year),
            ..DifferenceView::new(if added { "use_added" } else { "use_removed" })
        },
        Difference::Outreach { date: d } => DifferenceView {
            date: date(Some(d)),
            ..DifferenceView::new("outreach")
        },
        Difference::MeasureAdded { measure, kind } => DifferenceView {
            measure: Some((measure.word(), kind.word())),
            ..DifferenceView::new("measure_added")
        },
        Difference::MeasureEnded {
            measure,
            kind,
            until,
        } => DifferenceView {
            measure: Some((measure.word(), kind.word())),
            date: date(until),
            ..DifferenceView::new("measure_ended")
        },
        Difference::Production { before, after } => DifferenceView {
            before: word(before.map(Vocabulary::word)),
            after: word(after.map(Vocabulary::word)),
            vocabulary: Some("production"),
            ..DifferenceView::new("production")
        },
        Difference::Stockpile { before, after } => DifferenceView {
            before: estimate(before),
            after: estimate(after),
            ..DifferenceView::new("stockpile")
        },
        Difference::Position => DifferenceView::new("position"),
        Difference::LatestInformation { before, after } => DifferenceView {
            before: date_text(before),
            after: date_text(after),
            ..DifferenceView::new("info")
        },
        Difference::Status { before, after } => DifferenceView {
            before: word(Some(before.word())),
            after: word(Some(after.word())),
            vocabulary: Some("status"),
            ..DifferenceView::new("status")
        },
    }
}

/// A State's differences since the previous edition.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StateChangesView {
    /// The State.
    pub(crate) link: Link,
    /// New information.
    pub(crate) news: Vec<DifferenceView>,
    /// Corrections of the previous edition.
    pub(crate) revisions: Vec<DifferenceView>,
}

/// A State's differences, or `None` when the State is not in the previous edition.
pub(crate) fn state_changes(lens: &Lens, state: &State) -> Option<StateChangesView> {
    let changes = lens
        .figures
        .changes
        .states
        .iter()
        .find(|c| c.slug == state.slug)?;
    Some(changes_view(lens, state, changes))
}

fn changes_view(lens: &Lens, state: &State, changes: &StateChanges) -> StateChangesView {
    StateChangesView {
        link: state_link(lens, state),
        news: changes.news.iter().map(|d| difference(lens, d)).collect(),
        revisions: changes
            .revisions
            .iter()
            .map(|d| difference(lens, d))
            .collect(),
    }
}

/// A State that left or joined the list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChangeView {
    /// Its name.
    pub(crate) name: Translated,
    /// Its page in this edition, if it has a record here.
    pub(crate) href: Option<String>,
    /// `ratified`, `withdrew`...
    pub(crate) change: &'static str,
    /// When.
    pub(crate) date: DateView,
    /// Entry into force.
    pub(crate) in_force_on: Option<DateView>,
    /// Remark.
    pub(crate) note: Option<Translated>,
    /// Source.
    pub(crate) source: Option<Cite>,
}

/// What changed in the edition since the previous one (changes.html).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChangesView {
    /// The previous edition's date, if there is one.
    pub(crate) previous: Option<DateView>,
    /// The previous edition's overview, from this page's language root.
    pub(crate) previous_href: Option<String>,
    /// States that left the list.
    pub(crate) left: Vec<ChangeView>,
    /// States that joined it.
    pub(crate) joined: Vec<ChangeView>,
    /// Continuing States with new information, in the page language's order.
    pub(crate) news: Vec<StateChangesView>,
    /// Continuing States whose earlier information was corrected.
    pub(crate) revisions: Vec<StateChangesView>,
    /// Continuing States with no difference.
    pub(crate) unchanged: usize,
    /// Sources cited.
    pub(crate) sources: Vec<SourceView>,
}

/// The changes page of the edition.
pub(crate) fn changes<'a>(lens: &Lens<'a>) -> (ChangesView, Vec<&'a Source>) {
    let content = lens.content;
    let figures = lens.figures;
    let publication = &lens.publication;
    let mut cites = Citations::new(None, "");
    let mut change = |c: &'a Change| {
        let state = content.states.iter().find(|s| s.iso3 == c.iso3);
        let name = match (state, &c.name) {
            (Some(s), _) => lens.state_name(s),
            (None, Some(name)) => lens.tr(name),
            (None, None) => Translated {
                text: lens.strings.country(&c.iso3).unwrap_or(&c.iso3).to_string(),
                fallback: None,
            },
        };
        ChangeView {
            name,
            href: state.map(|s| routes::state(&s.slug)),
            change: c.change.word(),
            date: lens.date(c.date),
            in_force_on: c.in_force_on.map(|d| lens.date(d)),
            note: inline(lens, &mut cites, &c.note),
            source: cites.source(content, &c.source),
        }
    };
    let changes = &figures.changes;
    let left = changes.left.iter().map(&mut change).collect();
    let joined = changes.joined.iter().map(&mut change).collect();
    let by_slug: HashMap<&str, &State> = content
        .states
        .iter()
        .map(|s| (s.slug.as_str(), s))
        .collect();
    let mut states: Vec<(&State, &StateChanges)> = changes
        .states
        .iter()
        .filter_map(|c| Some((*by_slug.get(c.slug.as_str())?, c)))
        .collect();
    super::state::sort_by_name(lens, &mut states, |(s, _)| s);
    let view = |keep: fn(&StateChanges) -> bool, clear_news: bool| {
        states
            .iter()
            .filter(|(_, c)| keep(c))
            .map(|(s, c)| {
                let mut v = changes_view(lens, s, c);
                if clear_news {
                    v.news.clear();
                } else {
                    v.revisions.clear();
                }
                v
            })
            .collect::<Vec<_>>()
    };
    let news = view(|c| !c.news.is_empty(), false);
    let revisions = view(|c| !c.revisions.is_empty(), true);
    let unchanged = states
        .iter()
        .filter(|(_, c)| c.news.is_empty() && c.revisions.is_empty())
        .count();
    let previous = publication.archive.previous(publication.index);
    let up = "../".repeat(lens.out_prefix().matches('/').count());
    let view = ChangesView {
        previous: previous.map(|p| lens.date(p.edition.as_of)),
        previous_href: previous.map(|p| format!("{up}{}", page_in(lens, p, routes::INDEX))),
        left,
        joined,
        news,
        revisions,
        unchanged,
        sources: cites.list(lens),
    };
    (view, cites.sources().to_vec())
}

/// A former State Party's treaty history, for its page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MembershipView {
    /// `ratification`, `accession` or `succession`.
    pub(crate) joined_by: &'static str,
    /// Instrument deposited.
    pub(crate) joined_on: DateView,
    /// Its source.
    pub(crate) joined_source: Option<Cite>,
    /// In force for it.
    pub(crate) in_force_on: Option<DateView>,
    /// Its source.
    pub(crate) in_force_source: Option<Cite>,
    /// Withdrawal notified.
    pub(crate) notified_on: DateView,
    /// Its source.
    pub(crate) notified_source: Option<Cite>,
    /// Withdrawal in effect.
    pub(crate) effective_on: DateView,
    /// Its source.
    pub(crate) effective_source: Option<Cite>,
    /// Notes on the dates (where sources differ).
    pub(crate) notes: Vec<Translated>,
    /// The reasons it gave.
    pub(crate) note: Option<Translated>,
    /// The source of the dates without their own.
    pub(crate) source: Option<Cite>,
}

/// The treaty history of a former State Party.
pub(crate) fn membership<'a>(
    lens: &Lens<'a>,
    cites: &mut Citations<'a>,
    state: &'a State,
) -> Option<MembershipView> {
    let m = state.membership.as_ref()?;
    if state.status.value != Status::Withdrawn {
        return None;
    }
    let content = lens.content;
    let mut notes = Vec::new();
    let mut dated = |cites: &mut Citations<'a>,
                     d: &'a crate::model::Sourced<crate::model::Date>| {
        if let Some(note) = inline(lens, cites, &d.note) {
            notes.push(note);
        }
        (lens.date(d.value), cites.source(content, &d.source))
    };
    let (joined_on, joined_source) = dated(cites, &m.joined_on);
    let in_force = m.in_force_on.as_ref().map(|d| dated(cites, d));
    let (notified_on, notified_source) = dated(cites, &m.withdrawal_notified_on);
    let (effective_on, effective_source) = dated(cites, &m.withdrawal_effective_on);
    let (in_force_on, in_force_source) = match in_force {
        Some((d, s)) => (Some(d), s),
        None => (None, None),
    };
    Some(MembershipView {
        joined_by: m.joined_by.word(),
        joined_on,
        joined_source,
        in_force_on,
        in_force_source,
        notified_on,
        notified_source,
        effective_on,
        effective_source,
        notes,
        note: inline(lens, cites, &m.note),
        source: cites.source(content, &m.source),
    })
}
