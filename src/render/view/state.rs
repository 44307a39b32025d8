//! A State: its row in the tables and everything on its page.

use serde::Serialize;

use super::{
    Citations, Cite, DateView, Lens, Link, SourceView, Translated, document, inline, inline_text,
    region_link, state_link,
};
use crate::derive::Freshness;
use crate::model::{Facts, PartialDate, Source, State, Vocabulary};
use crate::render::routes;

/// One State in a table of States (overview, region pages).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StateRow {
    /// Slug.
    pub(crate) slug: String,
    /// Anchor of its section in the standalone file.
    pub(crate) anchor: String,
    /// Link to its page.
    pub(crate) link: Link,
    /// ISO code.
    pub(crate) iso3: String,
    /// Region.
    pub(crate) region: Link,
    /// `not_signed` or `signed`.
    pub(crate) status: &'static str,
    /// Latest vote recorded: year and vote word.
    pub(crate) latest_vote: Option<VoteCell>,
    /// Article 7 reports: `None` no information; count 0: none submitted.
    pub(crate) reports: Option<ReportsCell>,
    /// Measures in force: `None` no information; empty: none.
    pub(crate) measures: Option<Vec<MeasureCell>>,
    /// Latest official information.
    pub(crate) info: InfoView,
}

/// A vote in a table cell.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VoteCell {
    /// Year.
    pub(crate) year: i16,
    /// `in_favour`, `against`, `abstaining`, `absent`.
    pub(crate) vote: &'static str,
}

/// Article 7 reports in a table cell.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReportsCell {
    /// Number of reports listed.
    pub(crate) count: usize,
    /// Year of the latest.
    pub(crate) latest: Option<i16>,
}

/// A measure in a table cell.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MeasureCell {
    /// What it covers (`export`).
    pub(crate) measure: &'static str,
    /// Its form (`moratorium`).
    pub(crate) kind: &'static str,
}

/// The latest official information: its date and how current it is.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct InfoView {
    /// Date, if any.
    pub(crate) date: Option<DateView>,
    /// `current`, `dated` or `none_available`.
    pub(crate) freshness: &'static str,
    /// Whole years before the as-of date.
    pub(crate) age_years: Option<i64>,
}

/// A State's row in the tables.
pub(crate) fn state_row(lens: &Lens, state: &State) -> StateRow {
    let figures = lens.figures.by_state.get(&state.slug);
    StateRow {
        slug: state.slug.clone(),
        anchor: routes::state_anchor(&state.slug),
        link: state_link(lens, state),
        iso3: state.iso3.clone(),
        region: region_link(lens, &state.region),
        status: state.status.value.word(),
        latest_vote: figures.and_then(|f| f.latest_vote).map(|v| VoteCell {
            year: v.year,
            vote: v.vote.word(),
        }),
        reports: state.article7_reports.as_ref().map(|r| ReportsCell {
            count: r.items.len(),
            latest: r.items.iter().map(|y| y.value).max(),
        }),
        measures: state.measures.as_ref().map(|m| {
            m.items
                .iter()
                .filter(|m| m.until.is_none())
                .map(|m| MeasureCell {
                    measure: m.measure.word(),
                    kind: m.kind.word(),
                })
                .collect()
        }),
        info: info_view(lens, state),
    }
}

/// Sorts items in the alphabetical order of their States' names in the page language
/// (then of their slugs). Each name is looked up once, not at every comparison.
pub(crate) fn sort_by_name<'s, T>(
    lens: &Lens,
    items: &mut Vec<T>,
    state: impl Fn(&T) -> &'s State,
) {
    let mut named: Vec<(String, T)> = items
        .drain(..)
        .map(|item| (lens.state_name(state(&item)).text, item))
        .collect();
    named.sort_by(|(a_name, a), (b_name, b)| {
        lens.format
            .compare(a_name, b_name)
            .then_with(|| state(a).slug.cmp(&state(b).slug))
    });
    items.extend(named.into_iter().map(|(_, item)| item));
}

/// Rows for the States, in alphabetical order of their names in the page language.
pub(crate) fn sorted_rows<'a>(
    lens: &Lens,
    states: impl Iterator<Item = &'a State>,
) -> Vec<StateRow> {
    let mut states: Vec<&State> = states.collect();
    sort_by_name(lens, &mut states, |s| s);
    states.into_iter().map(|s| state_row(lens, s)).collect()
}

/// The latest official information of a State.
pub(crate) fn info_view(lens: &Lens, state: &State) -> InfoView {
    let figures = lens.figures.by_state.get(&state.slug);
    InfoView {
        date: state
            .last_official_information
            .as_ref()
            .map(|i| lens.partial(i.value)),
        freshness: figures
            .map_or(Freshness::NoneAvailable, |f| f.freshness)
            .word(),
        age_years: figures.and_then(|f| f.age_years),
    }
}

/// A list block of a State page: `None` is no information; no items is "none".
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ListView<T> {
    /// The items.
    pub(crate) items: Vec<T>,
    /// Source of the list.
    pub(crate) source: Option<Cite>,
    /// Note on the list.
    pub(crate) note: Option<Translated>,
}

/// A year with its source (Article 7 report, reported use).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct YearItem {
    /// Year.
    pub(crate) year: i16,
    /// Whether the State was then a State Party (a former State Party's required report).
    pub(crate) as_party: bool,
    /// Source.
    pub(crate) source: Option<Cite>,
    /// Note.
    pub(crate) note: Option<Translated>,
}

/// A vote on a State page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VoteRow {
    /// Year.
    pub(crate) year: i16,
    /// Resolution symbol.
    pub(crate) symbol: Option<String>,
    /// Vote word; `None`: no information.
    pub(crate) vote: Option<&'static str>,
    /// Source (the vote's own, else its resolution's).
    pub(crate) source: Option<Cite>,
    /// Note.
    pub(crate) note: Option<Translated>,
}

/// A meeting attended.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MeetingItem {
    /// Year.
    pub(crate) year: i16,
    /// Whether the State attended as a State Party (a former State Party, before its
    /// withdrawal took effect).
    pub(crate) as_party: bool,
    /// Meeting name.
    pub(crate) meeting: Translated,
    /// Source.
    pub(crate) source: Option<Cite>,
}

/// A measure on a State page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MeasureItem {
    /// What it covers.
    pub(crate) measure: &'static str,
    /// Its form.
    pub(crate) kind: &'static str,
    /// Since when.
    pub(crate) since: Option<DateView>,
    /// When it ended, if it has.
    pub(crate) until: Option<DateView>,
    /// Note.
    pub(crate) note: Option<Translated>,
    /// Source.
    pub(crate) source: Option<Cite>,
}

/// Production, stockpile or status: a value with date, note and source.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FactView {
    /// The value word (`ceased`), or the formatted number for a stockpile.
    pub(crate) value: Option<String>,
    /// The stockpile estimate as a number, for its plural form (`t(key=..., n=count)`).
    pub(crate) count: Option<u64>,
    /// The date (`since`, `as_of`, `signed_on`).
    pub(crate) date: Option<DateView>,
    /// Note.
    pub(crate) note: Option<Translated>,
    /// Source.
    pub(crate) source: Option<Cite>,
}

/// An outreach entry.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OutreachItem {
    /// When.
    pub(crate) date: DateView,
    /// Kind word.
    pub(crate) kind: &'static str,
    /// What was done.
    pub(crate) summary: Translated,
    /// Response word.
    pub(crate) response: Option<&'static str>,
    /// Source.
    pub(crate) source: Option<Cite>,
}

/// Everything on a State's page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StateView {
    /// A former State Party's treaty history.
    pub(crate) membership: Option<super::archive::MembershipView>,
    /// The same State in the other editions.
    pub(crate) other_editions: Vec<super::archive::OtherEdition>,
    /// What changed since the previous edition (`None`: not in it, or no previous one).
    pub(crate) since: Option<super::archive::StateChangesView>,
    /// The previous edition's date.
    pub(crate) previous_as_of: Option<DateView>,
    /// Prefix of every anchor of the page (the State's own in the standalone file).
    pub(crate) anchor_prefix: String,
    /// The row (name, region, status, latest vote...).
    pub(crate) row: StateRow,
    /// Status with its date of signature and source.
    pub(crate) status: FactView,
    /// Latest official information with its source and note.
    pub(crate) info: FactView,
    /// Stated position.
    pub(crate) position: Option<Translated>,
    /// Narrative (HTML).
    pub(crate) narrative: Option<Translated>,
    /// Votes by year; `None`: no information at all.
    pub(crate) votes: Option<Vec<VoteRow>>,
    /// Article 7 reports.
    pub(crate) reports: Option<ListView<YearItem>>,
    /// Meetings attended.
    pub(crate) meetings: Option<ListView<MeetingItem>>,
    /// Production.
    pub(crate) production: Option<FactView>,
    /// Measures in force.
    pub(crate) measures: Option<ListView<MeasureItem>>,
    /// Stockpile.
    pub(crate) stockpile: Option<FactView>,
    /// Reported use.
    pub(crate) use_reported: Option<ListView<YearItem>>,
    /// Outreach.
    pub(crate) outreach: Option<Vec<OutreachItem>>,
    /// Sources cited on the page.
    pub(crate) sources: Vec<SourceView>,
}

/// Builds a State's page (or, with an anchor `prefix` and a deeper `heading_base`,
/// its section of the standalone file); returns the sources it cites too.
pub(crate) fn state_view<'a>(
    lens: &Lens<'a>,
    state: &'a State,
    prefix: &str,
    heading_base: u8,
) -> (StateView, Vec<&'a Source>) {
    let content = lens.content;
    let mut cites = Citations::new(Some(state), prefix);
    let status = FactView {
        count: None,
        value: Some(state.status.value.word().to_string()),
        date: state.signed_on.map(|d| lens.date(d)),
        note: inline(lens, &mut cites, &state.status.note),
        source: cites.source(content, &state.status.source),
    };
    let info = match &state.last_official_information {
        Some(i) => FactView {
            count: None,
            value: None,
            date: Some(lens.partial(i.value)),
            note: inline(lens, &mut cites, &i.note),
            source: cites.source(content, &i.source),
        },
        None => FactView {
            count: None,
            value: None,
            date: None,
            note: None,
            source: None,
        },
    };
    let position = inline(
        lens,
        &mut cites,
        &state.position.as_ref().map(|p| p.text.clone()),
    );
    let md_prefix = format!("md-{prefix}narrative-");
    let narrative = document(lens, &mut cites, &state.narrative, &md_prefix, heading_base);
    let votes = state.unga_votes.as_ref().map(|votes| {
        content
            .edition
            .resolutions
            .keys()
            .rev()
            .map(|&year| {
                let resolution = content.edition.resolutions.get(&year);
                let vote = votes.get(&year);
                let source = match vote.and_then(|v| v.source.as_ref()) {
                    Some(key) => cites.cite(content, key.as_str()),
                    None if vote.is_some() => {
                        resolution.and_then(|r| cites.cite(content, r.source.as_str()))
                    }
                    None => None,
                };
                VoteRow {
                    year,
                    symbol: resolution.and_then(|r| r.symbol.clone()),
                    vote: vote.map(|v| v.value.word()),
                    source,
                    note: vote.and_then(|v| inline(lens, &mut cites, &v.note)),
                }
            })
            .collect()
    });
    let as_party = |year: i16| {
        state
            .membership
            .as_ref()
            .is_some_and(|m| m.was_party_on(PartialDate::Year(year)))
    };
    let years = |cites: &mut Citations<'a>,
                 facts: &'a Option<Facts<crate::model::Sourced<i16>>>,
                 membership_years: bool| {
        facts.as_ref().map(|f| ListView {
            source: cites.source(content, &f.source),
            note: inline(lens, cites, &f.note),
            items: f
                .items
                .iter()
                .map(|y| YearItem {
                    year: y.value,
                    as_party: membership_years && as_party(y.value),
                    source: cites.source(content, &y.source),
                    note: inline(lens, cites, &y.note),
                })
                .collect(),
        })
    };
    let reports = years(&mut cites, &state.article7_reports, true);
    let meetings = state.meetings.as_ref().map(|f| ListView {
        source: cites.source(content, &f.source),
        note: inline(lens, &mut cites, &f.note),
        items: f
            .items
            .iter()
            .map(|m| MeetingItem {
                year: m.year,
                as_party: as_party(m.year),
                meeting: lens.tr(&m.meeting),
                source: cites.source(content, &m.source),
            })
            .collect(),
    });
    let production = state.production.as_ref().map(|p| FactView {
        count: None,
        value: Some(p.status.word().to_string()),
        date: p.since.map(|d| lens.partial(d)),
        note: inline(lens, &mut cites, &p.note),
        source: cites.source(content, &p.source),
    });
    let measures = state.measures.as_ref().map(|f| ListView {
        source: cites.source(content, &f.source),
        note: inline(lens, &mut cites, &f.note),
        items: f
            .items
            .iter()
            .map(|m| MeasureItem {
                measure: m.measure.word(),
                kind: m.kind.word(),
                since: m.since.map(|d| lens.partial(d)),
                until: m.until.map(|d| lens.partial(d)),
                note: inline(lens, &mut cites, &m.note),
                source: cites.source(content, &m.source),
            })
            .collect(),
    });
    let stockpile = state.stockpile.as_ref().map(|s| FactView {
        count: s.estimate,
        value: s.estimate.map(|n| lens.format.number(n)),
        date: s.as_of.map(|d| lens.partial(d)),
        note: inline(lens, &mut cites, &s.note),
        source: cites.source(content, &s.source),
    });
    let use_reported = years(&mut cites, &state.use_reported, false);
    let outreach = state.outreach.as_ref().map(|o| {
        o.iter()
            .map(|e| OutreachItem {
                date: lens.partial(e.date),
                kind: e.kind.word(),
                summary: inline_text(lens, &mut cites, &e.summary),
                response: e.response.map(|r| r.word()),
                source: cites.source(content, &e.source),
            })
            .collect()
    });
    let membership = super::archive::membership(lens, &mut cites, state);
    let previous = lens
        .publication
        .archive
        .previous(lens.publication.index)
        .map(|p| lens.date(p.edition.as_of));
    let view = StateView {
        membership,
        other_editions: super::archive::other_editions(lens, state),
        since: super::archive::state_changes(lens, state),
        previous_as_of: previous,
        anchor_prefix: prefix.to_string(),
        row: state_row(lens, state),
        status,
        info,
        position,
        narrative,
        votes,
        reports,
        meetings,
        production,
        measures,
        stockpile,
        use_reported,
        outreach,
        sources: cites.list(lens),
    };
    (view, cites.sources().to_vec())
}
