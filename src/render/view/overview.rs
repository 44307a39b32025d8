//! The overview: introduction, table of States, key figures, votes, resolutions, activities.

use serde::Serialize;

use super::state::{OutreachItem, StateRow, sorted_rows};
use super::{
    Citations, Cite, DateView, Lens, SourceView, Translated, document, inline, inline_text,
};
use crate::model::{Source, Vocabulary, Vote};

#[derive(Serialize)]
pub(crate) struct OverviewView {
    /// Prefix of the anchors of the overview's sections.
    pub(crate) anchor_prefix: String,
    pub(crate) intro: Option<Translated>,
    pub(crate) rows: Vec<StateRow>,
    /// The States not party by region (bar chart and its table).
    pub(crate) by_region: Vec<super::region::RegionCount>,
    pub(crate) figures: FiguresView,
    pub(crate) vote_history: Vec<YearVotes>,
    /// The words of the votes, then `no_information`, in the order of the charts.
    pub(crate) vote_words: Vec<&'static str>,
    pub(crate) resolutions: Vec<ResolutionRow>,
    pub(crate) activities: Vec<OutreachItem>,
    pub(crate) convention_source: Option<Cite>,
    /// How the number of States Parties was reached, when it is derived.
    pub(crate) convention_note: Option<Translated>,
    /// States Parties that notified a withdrawal or suspension not in effect.
    pub(crate) notified: Vec<NotifiedView>,
    pub(crate) sources: Vec<SourceView>,
}

/// A State Party's notified withdrawal or suspension.
#[derive(Serialize)]
pub(crate) struct NotifiedView {
    /// Its name.
    pub(crate) name: Translated,
    /// `withdrawal` or `suspension`.
    pub(crate) kind: &'static str,
    /// When it was notified.
    pub(crate) notified_on: DateView,
    /// Remark.
    pub(crate) note: Option<Translated>,
    /// Source.
    pub(crate) source: Option<Cite>,
}

#[derive(Serialize)]
pub(crate) struct FiguresView {
    /// Former States Parties among the States not party.
    pub(crate) former_states_parties: usize,
    pub(crate) vote_year: Option<i16>,
    /// Votes in `vote_year` as (vote word or `no_information`, count), in the order of
    /// the votes' list.
    pub(crate) latest_votes: Vec<(&'static str, usize)>,
    pub(crate) with_reports: usize,
    pub(crate) with_measures: usize,
    /// States by freshness of their information, as (word, count).
    pub(crate) freshness: Vec<(&'static str, usize)>,
}

/// The votes of the States not party in one year, as counts and as bar segments (percent).
#[derive(Serialize)]
pub(crate) struct YearVotes {
    pub(crate) year: i16,
    pub(crate) segments: Vec<Segment>,
}

#[derive(Serialize)]
pub(crate) struct Segment {
    pub(crate) vote: &'static str,
    pub(crate) count: usize,
    pub(crate) x: f64,
    pub(crate) width: f64,
}

#[derive(Serialize)]
pub(crate) struct ResolutionRow {
    pub(crate) year: i16,
    pub(crate) symbol: Option<String>,
    pub(crate) adopted: Option<DateView>,
    pub(crate) in_favour: Option<String>,
    pub(crate) against: Option<String>,
    pub(crate) abstaining: Option<String>,
    pub(crate) source: Option<Cite>,
    pub(crate) note: Option<Translated>,
}

pub(crate) fn overview<'a>(lens: &Lens<'a>, prefix: &str) -> (OverviewView, Vec<&'a Source>) {
    let content = lens.content;
    let edition = &content.edition;
    let mut cites = Citations::new(None, prefix);
    let md_prefix = format!("md-{prefix}intro-");
    let intro = document(lens, &mut cites, &content.index, &md_prefix, 2);
    let convention_source = cites.source(content, &edition.convention.source);
    let convention_note = inline(lens, &mut cites, &edition.convention.note);
    let notified = edition
        .notified_withdrawals
        .iter()
        .map(|n| NotifiedView {
            name: lens.tr(&n.name),
            kind: n.kind.word(),
            notified_on: lens.date(n.notified_on),
            note: inline(lens, &mut cites, &n.note),
            source: cites.source(content, &n.source),
        })
        .collect();
    let rows = sorted_rows(lens, content.states.iter());
    let count = |n: Option<u32>| n.map(|n| lens.format.number(u64::from(n)));
    let resolutions = edition
        .resolutions
        .values()
        .rev()
        .map(|r| ResolutionRow {
            year: r.year,
            symbol: r.symbol.clone(),
            adopted: r.adopted.map(|d| lens.date(d)),
            in_favour: count(r.in_favour),
            against: count(r.against),
            abstaining: count(r.abstaining),
            source: cites.cite(content, r.source.as_str()),
            note: inline(lens, &mut cites, &r.note),
        })
        .collect();
    let activities = edition
        .activities
        .iter()
        .map(|a| OutreachItem {
            date: lens.partial(a.date),
            kind: a.kind.word(),
            summary: inline_text(lens, &mut cites, &a.summary),
            response: None,
            source: cites.source(content, &a.source),
        })
        .collect();
    let vote_history = edition
        .resolutions
        .keys()
        .rev()
        .map(|&year| {
            let total = content.states.len().max(1) as f64;
            let mut x = 0.0;
            let segments = votes()
                .map(|vote| {
                    let count = content
                        .states
                        .iter()
                        .filter(|s| {
                            s.unga_votes
                                .as_ref()
                                .and_then(|v| v.get(&year))
                                .map(|v| v.value)
                                == vote
                        })
                        .count();
                    let width = count as f64 * 100.0 / total;
                    let seg = Segment {
                        vote: vote_word(vote),
                        count,
                        x: (x * 100.0_f64).round() / 100.0,
                        width: (width * 100.0_f64).round() / 100.0,
                    };
                    x += width;
                    seg
                })
                .collect();
            YearVotes { year, segments }
        })
        .collect();
    let figures = lens.figures;
    let view = OverviewView {
        anchor_prefix: prefix.to_string(),
        intro,
        rows,
        by_region: super::region::by_region(lens, None),
        figures: FiguresView {
            former_states_parties: figures.former_states_parties,
            vote_year: figures.vote_year,
            latest_votes: votes()
                .map(|v| {
                    (
                        vote_word(v),
                        figures.latest_votes.get(&v).copied().unwrap_or(0),
                    )
                })
                .collect(),
            with_reports: figures.with_reports,
            with_measures: figures.with_measures,
            freshness: figures
                .freshness
                .iter()
                .map(|(f, n)| (f.word(), *n))
                .collect(),
        },
        vote_history,
        vote_words: votes().map(vote_word).collect(),
        resolutions,
        activities,
        convention_source,
        convention_note,
        notified,
        sources: cites.list(lens),
    };
    (view, cites.sources().to_vec())
}

/// Every vote in the order of the votes' list, then no information (`None`).
fn votes() -> impl Iterator<Item = Option<Vote>> {
    Vote::VALUES.iter().map(|(_, v)| Some(*v)).chain([None])
}

/// The word of a vote, or `no_information`.
fn vote_word(vote: Option<Vote>) -> &'static str {
    vote.map_or("no_information", Vocabulary::word)
}
