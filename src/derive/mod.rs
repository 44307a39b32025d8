//! Step 3: the figures derived from the records: latest votes, freshness of the
//! information, counts for the overview, and the data gaps.

mod changes;

use std::collections::BTreeMap;

pub use changes::{Difference, EditionChanges, StateChanges};

use serde::Serialize;

use crate::model::{
    Archive, Content, Edition, Facts, PartialDate, SourceKey, State, Status, Vocabulary, Vote,
};

/// How current a State's latest official information is at the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Freshness {
    /// Within `stale_after_years` of the as-of date.
    Current,
    /// Older than `stale_after_years`.
    Dated,
    /// No official information at all.
    NoneAvailable,
}

crate::model::vocabulary!(Freshness, "freshness", {
    "current" => Freshness::Current,
    "dated" => Freshness::Dated,
    "none_available" => Freshness::NoneAvailable,
});

/// The information blocks of a record, in page order (for the data-gaps report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// `last_official_information`.
    LastOfficialInformation,
    /// `position`.
    Position,
    /// `unga_votes`.
    UngaVotes,
    /// `article7_reports`.
    Article7Reports,
    /// `meetings`.
    Meetings,
    /// `production`.
    Production,
    /// `measures`.
    Measures,
    /// `stockpile`.
    Stockpile,
    /// `use_reported`.
    UseReported,
    /// `outreach`.
    Outreach,
}

crate::model::vocabulary!(Block, "block", {
    "last_official_information" => Block::LastOfficialInformation,
    "position" => Block::Position,
    "unga_votes" => Block::UngaVotes,
    "article7_reports" => Block::Article7Reports,
    "meetings" => Block::Meetings,
    "production" => Block::Production,
    "measures" => Block::Measures,
    "stockpile" => Block::Stockpile,
    "use_reported" => Block::UseReported,
    "outreach" => Block::Outreach,
});

impl Block {
    /// Whether a record gives any information for this block (`[]`, "none", counts).
    pub fn is_present(self, state: &State) -> bool {
        match self {
            Block::LastOfficialInformation => state.last_official_information.is_some(),
            Block::Position => state.position.is_some(),
            Block::UngaVotes => state.unga_votes.as_ref().is_some_and(|v| !v.is_empty()),
            Block::Article7Reports => state.article7_reports.is_some(),
            Block::Meetings => state.meetings.is_some(),
            Block::Production => state.production.is_some(),
            Block::Measures => state.measures.is_some(),
            Block::Stockpile => state.stockpile.is_some(),
            Block::UseReported => state.use_reported.is_some(),
            Block::Outreach => state.outreach.as_ref().is_some_and(|o| !o.is_empty()),
        }
    }

    /// Whether the record gives this block without any source of its own or inherited
    /// (a vote is always sourced by its resolution).
    pub fn is_unsourced(self, state: &State) -> bool {
        let none = |s: &Option<SourceKey>| s.is_none();
        match self {
            Block::LastOfficialInformation => state
                .last_official_information
                .as_ref()
                .is_some_and(|i| none(&i.source)),
            Block::Position => state.position.as_ref().is_some_and(|p| p.cited.is_empty()),
            Block::UngaVotes => false,
            Block::Article7Reports => list_unsourced(&state.article7_reports, |i| &i.source),
            Block::Meetings => list_unsourced(&state.meetings, |m| &m.source),
            Block::Production => state.production.as_ref().is_some_and(|p| none(&p.source)),
            Block::Measures => list_unsourced(&state.measures, |m| &m.source),
            Block::Stockpile => state.stockpile.as_ref().is_some_and(|s| none(&s.source)),
            Block::UseReported => list_unsourced(&state.use_reported, |i| &i.source),
            Block::Outreach => state
                .outreach
                .as_ref()
                .is_some_and(|o| o.iter().any(|i| none(&i.source))),
        }
    }
}

/// A vote with its year.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct YearVote {
    /// Year of the resolution.
    pub year: i16,
    /// The vote.
    pub vote: Vote,
}

/// Figures about one State.
#[derive(Debug, Clone, Serialize)]
pub struct StateFigures {
    /// The most recent vote recorded, with its year.
    pub latest_vote: Option<YearVote>,
    /// The most recent voluntary Article 7 report, if any is recorded.
    pub latest_report: Option<i16>,
    /// Freshness of the latest official information.
    pub freshness: Freshness,
    /// Whole years between the latest official information and the as-of date.
    pub age_years: Option<i64>,
    /// Information blocks with no information.
    pub missing: Vec<Block>,
    /// Information blocks given without any source.
    pub unsourced: Vec<Block>,
}

/// Figures about the whole edition.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    /// Number of States not party.
    pub states: usize,
    /// States Parties plus States not party.
    pub possible_members: u32,
    /// The latest year for which a vote of a State not party is recorded.
    pub vote_year: Option<i16>,
    /// Votes of the States not party in `vote_year`, by vote (`None`: no information).
    pub latest_votes: BTreeMap<Option<Vote>, usize>,
    /// States that submitted at least one voluntary Article 7 report.
    pub with_reports: usize,
    /// States with at least one measure in force.
    pub with_measures: usize,
    /// States by freshness of their latest official information.
    pub freshness: BTreeMap<Freshness, usize>,
    /// States by block with no information.
    pub missing: BTreeMap<Block, usize>,
    /// States by block without a source.
    pub unsourced: BTreeMap<Block, usize>,
    /// Per State, by slug.
    pub by_state: BTreeMap<String, StateFigures>,
    /// Former States Parties (status `withdrawn`).
    pub former_states_parties: usize,
    /// What changed since the previous edition.
    #[serde(skip)]
    pub changes: EditionChanges,
}

/// Derives every figure of every edition of the archive, each against the previous.
pub fn derive_archive(archive: &Archive) -> Vec<Figures> {
    archive
        .editions
        .iter()
        .enumerate()
        .map(|(i, content)| {
            let mut figures = derive(content);
            figures.changes = changes::changes(content, archive.previous(i));
            figures
        })
        .collect()
}

/// Derives every figure from the validated content.
pub fn derive(content: &Content) -> Figures {
    let edition = &content.edition;
    let mut figures = Figures {
        states: content.states.len(),
        possible_members: edition.convention.states_parties + content.states.len() as u32,
        vote_year: content
            .states
            .iter()
            .filter_map(|s| s.unga_votes.as_ref()?.keys().next_back().copied())
            .max(),
        ..Figures::default()
    };
    figures.latest_votes.insert(None, 0);
    for (_, vote) in Vote::VALUES {
        figures.latest_votes.insert(Some(*vote), 0);
    }
    for (_, freshness) in Freshness::VALUES {
        figures.freshness.insert(*freshness, 0);
    }
    for (_, block) in Block::VALUES {
        figures.missing.insert(*block, 0);
        figures.unsourced.insert(*block, 0);
    }
    for state in &content.states {
        let f = state_figures(state, edition);
        let vote = figures
            .vote_year
            .and_then(|y| state.unga_votes.as_ref()?.get(&y))
            .map(|v| v.value);
        *figures.latest_votes.entry(vote).or_default() += 1;
        figures.with_reports += usize::from(f.latest_report.is_some());
        figures.former_states_parties += usize::from(state.status.value == Status::Withdrawn);
        figures.with_measures += usize::from(
            state
                .measures
                .as_ref()
                .is_some_and(|m| m.items.iter().any(|m| m.until.is_none())),
        );
        *figures.freshness.entry(f.freshness).or_default() += 1;
        for block in &f.missing {
            *figures.missing.entry(*block).or_default() += 1;
        }
        for block in &f.unsourced {
            *figures.unsourced.entry(*block).or_default() += 1;
        }
        figures.by_state.insert(state.slug.clone(), f);
    }
    figures
}

fn state_figures(state: &State, edition: &Edition) -> StateFigures {
    let latest_vote = state
        .unga_votes
        .as_ref()
        .and_then(|v| v.iter().next_back())
        .map(|(y, v)| YearVote {
            year: *y,
            vote: v.value,
        });
    let latest_report = state
        .article7_reports
        .as_ref()
        .and_then(|r| r.items.iter().map(|y| y.value).max());
    let info = state.last_official_information.as_ref().map(|i| i.value);
    let (freshness, age_years) = freshness(info, edition);
    let blocks = || Block::VALUES.iter().map(|(_, b)| *b);
    let missing = blocks().filter(|b| !b.is_present(state)).collect();
    let unsourced = blocks().filter(|b| b.is_unsourced(state)).collect();
    StateFigures {
        latest_vote,
        latest_report,
        freshness,
        age_years,
        missing,
        unsourced,
    }
}

/// Freshness and age in whole years of a date at the edition's as-of date.
pub fn freshness(info: Option<PartialDate>, edition: &Edition) -> (Freshness, Option<i64>) {
    let Some(info) = info else {
        return (Freshness::NoneAvailable, None);
    };
    let age = edition
        .as_of
        .since(info.last_day())
        .ok()
        .and_then(|span| span.total((jiff::Unit::Year, edition.as_of)).ok())
        .map(|years| (years.floor() as i64).max(0));
    let dated = match edition.stale_after_years {
        Some(limit) => edition
            .as_of
            .checked_sub(jiff::Span::new().years(i64::from(limit)))
            .is_ok_and(|threshold| info.last_day() < threshold),
        None => false,
    };
    let freshness = if dated {
        Freshness::Dated
    } else {
        Freshness::Current
    };
    (freshness, age)
}

/// Whether a list says "none" without a source, or has an item with no source of its own or inherited.
fn list_unsourced<T>(facts: &Option<Facts<T>>, source: impl Fn(&T) -> &Option<SourceKey>) -> bool {
    facts.as_ref().is_some_and(|f| {
        f.source.is_none() && (f.items.is_empty() || f.items.iter().any(|i| source(i).is_none()))
    })
}
