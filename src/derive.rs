//! Step 3: the figures derived from the records: latest votes, freshness of the
//! information, counts for the overview, and the data gaps.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Content, Edition, Facts, PartialDate, SourceKey, State, Vote};

/// How current a State's latest official information is at the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Freshness {
    /// Within `stale_after_years` of the as-of date.
    Current,
    /// Older than `stale_after_years`.
    Dated,
    /// No official information at all.
    NoneAvailable,
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
    pub missing: Vec<&'static str>,
    /// Information blocks given without any source.
    pub unsourced: Vec<&'static str>,
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
    /// Votes of the States not party in `vote_year`, by vote word; `no_information` too.
    pub latest_votes: BTreeMap<&'static str, usize>,
    /// States that submitted at least one voluntary Article 7 report.
    pub with_reports: usize,
    /// States with at least one measure in force.
    pub with_measures: usize,
    /// States by freshness of their latest official information.
    pub freshness: BTreeMap<&'static str, usize>,
    /// States by block with no information.
    pub missing: BTreeMap<&'static str, usize>,
    /// States by block without a source.
    pub unsourced: BTreeMap<&'static str, usize>,
    /// Per State, by slug.
    pub by_state: BTreeMap<String, StateFigures>,
}

/// The information blocks of a record, in page order (for the data-gaps report).
pub const BLOCKS: [&str; 10] = [
    "last_official_information",
    "position",
    "unga_votes",
    "article7_reports",
    "meetings",
    "production",
    "measures",
    "stockpile",
    "use_reported",
    "outreach",
];

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
    for word in [
        "in_favour",
        "against",
        "abstaining",
        "absent",
        "no_information",
    ] {
        figures.latest_votes.insert(word, 0);
    }
    for word in ["current", "dated", "none_available"] {
        figures.freshness.insert(word, 0);
    }
    for block in BLOCKS {
        figures.missing.insert(block, 0);
        figures.unsourced.insert(block, 0);
    }
    for state in &content.states {
        let f = state_figures(state, edition);
        let vote = figures
            .vote_year
            .and_then(|y| state.unga_votes.as_ref()?.get(&y))
            .map(|v| v.value);
        *figures
            .latest_votes
            .entry(vote.map_or("no_information", vote_word))
            .or_default() += 1;
        figures.with_reports += usize::from(f.latest_report.is_some());
        figures.with_measures +=
            usize::from(state.measures.as_ref().is_some_and(|m| !m.items.is_empty()));
        *figures
            .freshness
            .entry(freshness_word(f.freshness))
            .or_default() += 1;
        for block in &f.missing {
            *figures.missing.entry(block).or_default() += 1;
        }
        for block in &f.unsourced {
            *figures.unsourced.entry(block).or_default() += 1;
        }
        figures.by_state.insert(state.slug.clone(), f);
    }
    figures
}

/// The word of a vote, as in the content.
pub fn vote_word(vote: Vote) -> &'static str {
    crate::model::Vocabulary::word(vote)
}

/// The word of a freshness.
pub fn freshness_word(f: Freshness) -> &'static str {
    match f {
        Freshness::Current => "current",
        Freshness::Dated => "dated",
        Freshness::NoneAvailable => "none_available",
    }
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
    let present = [
        state.last_official_information.is_some(),
        state.position.is_some(),
        state.unga_votes.as_ref().is_some_and(|v| !v.is_empty()),
        state.article7_reports.is_some(),
        state.meetings.is_some(),
        state.production.is_some(),
        state.measures.is_some(),
        state.stockpile.is_some(),
        state.use_reported.is_some(),
        state.outreach.as_ref().is_some_and(|o| !o.is_empty()),
    ];
    let missing = BLOCKS
        .iter()
        .zip(present)
        .filter(|(_, p)| !p)
        .map(|(b, _)| *b)
        .collect();
    StateFigures {
        latest_vote,
        latest_report,
        freshness,
        age_years,
        missing,
        unsourced: unsourced_blocks(state),
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

fn unsourced_blocks(state: &State) -> Vec<&'static str> {
    let none = |s: &Option<SourceKey>| s.is_none();
    let checks = [
        state
            .last_official_information
            .as_ref()
            .is_some_and(|i| none(&i.source)),
        state.position.as_ref().is_some_and(|p| {
            p.0.values()
                .all(|t| crate::markdown::labels(t).cited.is_empty())
        }),
        false,
        list_unsourced(&state.article7_reports, |i| &i.source),
        list_unsourced(&state.meetings, |m| &m.source),
        state.production.as_ref().is_some_and(|p| none(&p.source)),
        list_unsourced(&state.measures, |m| &m.source),
        state.stockpile.as_ref().is_some_and(|s| none(&s.source)),
        list_unsourced(&state.use_reported, |i| &i.source),
        state
            .outreach
            .as_ref()
            .is_some_and(|o| o.iter().any(|i| none(&i.source))),
    ];
    BLOCKS
        .iter()
        .zip(checks)
        .filter(|(_, u)| *u)
        .map(|(b, _)| *b)
        .collect()
}

/// Whether a list says "none" without a source, or has an item with no source of its own or inherited.
fn list_unsourced<T>(facts: &Option<Facts<T>>, source: impl Fn(&T) -> &Option<SourceKey>) -> bool {
    facts.as_ref().is_some_and(|f| {
        f.source.is_none() && (f.items.is_empty() || f.items.iter().any(|i| source(i).is_none()))
    })
}
