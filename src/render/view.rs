//! What the templates see: the content of each page, resolved to one language,
//! with dates and numbers formatted and every fact's source numbered.
//!
//! Links are paths relative to the language root (`states/armenia.html`);
//! templates prefix them with `root`, so the same views serve every depth.

use std::collections::BTreeMap;

use serde::Serialize;

use super::format::Formatter;
use super::i18n::LangStrings;
use crate::derive::{Figures, Freshness, freshness_word, vote_word};
use crate::markdown::{self, Style, escape};
use crate::model::{
    Content, Date, Document, Facts, Lang, PartialDate, Source, SourceKey, SourceScope, State, Text,
    Vocabulary,
};

/// Text in the page's language; `lang` is set when it is the default language's text instead.
#[derive(Debug, Clone, Serialize)]
pub struct Tr {
    /// The text (plain, or HTML for rendered Markdown).
    pub text: String,
    /// The language of the text when no translation exists.
    pub fallback: Option<String>,
}

/// A date as ISO 8601 and as words.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `2020-11-16` or `2014`.
    pub iso: String,
    /// `16 November 2020`.
    pub text: String,
}

/// A link: where and what.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Path relative to the language root.
    pub href: String,
    /// Link text.
    pub text: Tr,
}

/// A numbered reference to a source cited on the page.
#[derive(Debug, Clone, Serialize)]
pub struct Cite {
    /// Number in the page's source list.
    pub n: usize,
    /// In-page anchor of the source (`#src-key`).
    pub href: String,
}

/// A source as listed on a page.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// Number on the page (0 on the sources page).
    pub n: usize,
    /// Anchor id.
    pub id: String,
    /// Id on the sources page.
    pub global_id: String,
    /// Title.
    pub title: Tr,
    /// Publisher.
    pub publisher: Option<Tr>,
    /// Date.
    pub date: Option<DateView>,
    /// Address.
    pub url: Option<String>,
    /// The record it belongs to, if not shared.
    pub record: Option<Link>,
    /// Pages citing it (sources page only).
    pub cited_by: Vec<Link>,
}

/// Everything needed to build the views of one language.
pub struct Lens<'a> {
    /// The content.
    pub content: &'a Content,
    /// The derived figures.
    pub figures: &'a Figures,
    /// The page language.
    pub lang: &'a Lang,
    /// Its interface strings (for the few strings written into HTML here).
    pub strings: &'a LangStrings,
    /// Its date and number formats.
    pub format: &'a Formatter,
}

impl Lens<'_> {
    fn default_lang(&self) -> &Lang {
        self.content.edition.default_lang()
    }

    /// Text in the page language, else the default one (marked).
    pub fn tr(&self, text: &Text) -> Tr {
        let (s, translated) = text.get(self.lang, self.default_lang());
        Tr {
            text: s.to_string(),
            fallback: (!translated).then(|| self.default_lang().to_string()),
        }
    }

    /// A State's name: the record's own in the page language, else the country
    /// dataset's, else the record's default-language name (marked).
    pub fn state_name(&self, state: &State) -> Tr {
        let (name, translated) = state.name.get(self.lang, self.default_lang());
        match (translated, self.strings.country(&state.iso3)) {
            (false, Some(country)) => Tr {
                text: country.to_string(),
                fallback: None,
            },
            _ => Tr {
                text: name.to_string(),
                fallback: (!translated).then(|| self.default_lang().to_string()),
            },
        }
    }

    /// Optional text.
    pub fn tr_opt(&self, text: &Option<Text>) -> Option<Tr> {
        text.as_ref().map(|t| self.tr(t))
    }

    /// A date.
    pub fn date(&self, date: Date) -> DateView {
        DateView {
            iso: date.to_string(),
            text: self.format.date(date),
        }
    }

    /// A year or date.
    pub fn partial(&self, date: PartialDate) -> DateView {
        DateView {
            iso: date.to_string(),
            text: self.format.partial(date),
        }
    }

    fn string(&self, key: &str) -> String {
        self.strings.get(key).unwrap_or(key).to_string()
    }
}

/// The sources cited on one page (or one section of the standalone file),
/// numbered in order of first citation.
pub struct Citations<'a> {
    state: Option<&'a State>,
    cited: Vec<&'a Source>,
    /// Prefix of the anchors of the list (`armenia-` in the standalone file).
    prefix: String,
}

impl<'a> Citations<'a> {
    /// Citations that may use `state`'s own sources, listed under anchors `{prefix}src-key`.
    pub fn new(state: Option<&'a State>, prefix: &str) -> Self {
        Citations {
            state,
            cited: Vec::new(),
            prefix: prefix.to_string(),
        }
    }

    /// Numbers a citation of `key` (resolved against the record, then the shared sources).
    pub fn cite(&mut self, content: &'a Content, key: &str) -> Option<Cite> {
        let source = content.source(self.state, key)?;
        let n = match self.cited.iter().position(|s| std::ptr::eq(*s, source)) {
            Some(i) => i + 1,
            None => {
                self.cited.push(source);
                self.cited.len()
            }
        };
        Some(Cite {
            n,
            href: format!("#{}src-{key}", self.prefix),
        })
    }

    /// Numbers an optional `source:` reference.
    pub fn source(&mut self, content: &'a Content, key: &Option<SourceKey>) -> Option<Cite> {
        key.as_ref().and_then(|k| self.cite(content, k.as_str()))
    }

    /// The sources cited, in order.
    pub fn sources(&self) -> &[&'a Source] {
        &self.cited
    }

    /// The cited sources as listed at the foot of the page.
    pub fn list(&self, lens: &Lens) -> Vec<SourceView> {
        self.cited
            .iter()
            .enumerate()
            .map(|(i, s)| source_view(lens, s, i + 1, format!("{}src-{}", self.prefix, s.key)))
            .collect()
    }
}

/// A source's anchor on the sources page.
pub fn global_id(source: &Source) -> String {
    match &source.scope {
        SourceScope::Shared => format!("src-{}", source.key),
        SourceScope::Record(slug) => format!("src-{slug}.{}", source.key),
    }
}

/// A source, for a list.
pub fn source_view(lens: &Lens, source: &Source, n: usize, id: String) -> SourceView {
    let record = match &source.scope {
        SourceScope::Shared => None,
        SourceScope::Record(slug) => lens
            .content
            .states
            .iter()
            .find(|s| &s.slug == slug)
            .map(|s| state_link(lens, s)),
    };
    SourceView {
        n,
        id,
        global_id: global_id(source),
        title: lens.tr(&source.title),
        publisher: lens.tr_opt(&source.publisher),
        date: source.date.map(|d| lens.partial(d)),
        url: source.url.clone(),
        record,
        cited_by: Vec::new(),
    }
}

/// Renders Markdown (a document, or inline text) with citations numbered on the page.
pub fn markdown<'a>(
    lens: &Lens<'a>,
    cites: &mut Citations<'a>,
    text: &str,
    id_prefix: &str,
    heading_base: u8,
    inline: bool,
) -> String {
    let label = lens.string("source.cite_label");
    let cites = std::cell::RefCell::new(cites);
    let cite = |key: &str| {
        let c = cites.borrow_mut().cite(lens.content, key)?;
        Some(format!(
            "<a class=\"cite\" href=\"{}\"><span class=\"visually-hidden\">{} </span>[{}]</a>",
            c.href,
            escape(&label),
            c.n
        ))
    };
    let style = Style {
        id_prefix,
        heading_base,
        cite: &cite,
    };
    if inline {
        markdown::render_inline(text, &style)
    } else {
        markdown::render(text, &style)
    }
}

/// Inline Markdown text (a position, a note) in the page language.
pub fn inline<'a>(lens: &Lens<'a>, cites: &mut Citations<'a>, text: &Option<Text>) -> Option<Tr> {
    let tr = lens.tr_opt(text)?;
    Some(Tr {
        text: markdown(lens, cites, &tr.text, "md-", 3, true),
        fallback: tr.fallback,
    })
}

/// Inline Markdown text that is always there (a summary).
pub fn inline_text<'a>(lens: &Lens<'a>, cites: &mut Citations<'a>, text: &Text) -> Tr {
    let tr = lens.tr(text);
    Tr {
        text: markdown(lens, cites, &tr.text, "md-", 3, true),
        fallback: tr.fallback,
    }
}

/// A Markdown document in the page language (else the default one, marked).
pub fn document<'a>(
    lens: &Lens<'a>,
    cites: &mut Citations<'a>,
    docs: &BTreeMap<Lang, Document>,
    id_prefix: &str,
    heading_base: u8,
) -> Option<Tr> {
    let (doc, fallback) = match docs.get(lens.lang) {
        Some(doc) => (doc, None),
        None => (
            docs.get(lens.default_lang())?,
            Some(lens.default_lang().to_string()),
        ),
    };
    Some(Tr {
        text: markdown(lens, cites, &doc.markdown, id_prefix, heading_base, false),
        fallback,
    })
}

/// A link to a State's page.
pub fn state_link(lens: &Lens, state: &State) -> Link {
    Link {
        href: format!("states/{}.html", state.slug),
        text: lens.state_name(state),
    }
}

/// A link to a region's page.
pub fn region_link(lens: &Lens, slug: &str) -> Link {
    let name = lens
        .content
        .edition
        .region(slug)
        .map(|r| lens.tr(&r.name))
        .unwrap_or(Tr {
            text: slug.to_string(),
            fallback: None,
        });
    Link {
        href: format!("regions/{slug}.html"),
        text: name,
    }
}

/// One State in a table of States (overview, region pages).
#[derive(Debug, Clone, Serialize)]
pub struct StateRow {
    /// Slug.
    pub slug: String,
    /// Link to its page.
    pub link: Link,
    /// ISO code.
    pub iso3: String,
    /// Region.
    pub region: Link,
    /// `not_signed` or `signed`.
    pub status: &'static str,
    /// Latest vote recorded: year and vote word.
    pub latest_vote: Option<VoteCell>,
    /// Article 7 reports: `None` no information; count 0: none submitted.
    pub reports: Option<ReportsCell>,
    /// Measures in force: `None` no information; empty: none.
    pub measures: Option<Vec<MeasureCell>>,
    /// Latest official information.
    pub info: InfoView,
}

/// A vote in a table cell.
#[derive(Debug, Clone, Serialize)]
pub struct VoteCell {
    /// Year.
    pub year: i16,
    /// `in_favour`, `against`, `abstaining`, `absent`.
    pub vote: &'static str,
}

/// Article 7 reports in a table cell.
#[derive(Debug, Clone, Serialize)]
pub struct ReportsCell {
    /// Number of reports listed.
    pub count: usize,
    /// Year of the latest.
    pub latest: Option<i16>,
}

/// A measure in a table cell.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureCell {
    /// What it covers (`export`).
    pub measure: &'static str,
    /// Its form (`moratorium`).
    pub kind: &'static str,
}

/// The latest official information: its date and how current it is.
#[derive(Debug, Clone, Serialize)]
pub struct InfoView {
    /// Date, if any.
    pub date: Option<DateView>,
    /// `current`, `dated` or `none_available`.
    pub freshness: &'static str,
    /// Whole years before the as-of date.
    pub age_years: Option<i64>,
}

/// A State's row in the tables.
pub fn state_row(lens: &Lens, state: &State) -> StateRow {
    let figures = lens.figures.by_state.get(&state.slug);
    StateRow {
        slug: state.slug.clone(),
        link: state_link(lens, state),
        iso3: state.iso3.clone(),
        region: region_link(lens, &state.region),
        status: state.status.value.word(),
        latest_vote: figures.and_then(|f| f.latest_vote).map(|v| VoteCell {
            year: v.year,
            vote: vote_word(v.vote),
        }),
        reports: state.article7_reports.as_ref().map(|r| ReportsCell {
            count: r.items.len(),
            latest: r.items.iter().map(|y| y.value).max(),
        }),
        measures: state.measures.as_ref().map(|m| {
            m.items
                .iter()
                .map(|m| MeasureCell {
                    measure: m.measure.word(),
                    kind: m.kind.word(),
                })
                .collect()
        }),
        info: info_view(lens, state),
    }
}

/// Two States in the alphabetical order of their names in the page language.
pub fn by_name(lens: &Lens, a: &State, b: &State) -> std::cmp::Ordering {
    lens.format
        .compare(&lens.state_name(a).text, &lens.state_name(b).text)
        .then_with(|| a.slug.cmp(&b.slug))
}

/// Rows for the States, in alphabetical order of their names in the page language.
pub fn sorted_rows<'a>(lens: &Lens, states: impl Iterator<Item = &'a State>) -> Vec<StateRow> {
    let mut states: Vec<&State> = states.collect();
    states.sort_by(|a, b| by_name(lens, a, b));
    states.into_iter().map(|s| state_row(lens, s)).collect()
}

/// The latest official information of a State.
pub fn info_view(lens: &Lens, state: &State) -> InfoView {
    let figures = lens.figures.by_state.get(&state.slug);
    InfoView {
        date: state
            .last_official_information
            .as_ref()
            .map(|i| lens.partial(i.value)),
        freshness: freshness_word(figures.map_or(Freshness::NoneAvailable, |f| f.freshness)),
        age_years: figures.and_then(|f| f.age_years),
    }
}

/// A list block of a State page: `None` is no information; no items is "none".
#[derive(Debug, Clone, Serialize)]
pub struct ListView<T> {
    /// The items.
    pub items: Vec<T>,
    /// Source of the list.
    pub source: Option<Cite>,
    /// Note on the list.
    pub note: Option<Tr>,
}

/// A year with its source (Article 7 report, reported use).
#[derive(Debug, Clone, Serialize)]
pub struct YearItem {
    /// Year.
    pub year: i16,
    /// Source.
    pub source: Option<Cite>,
    /// Note.
    pub note: Option<Tr>,
}

/// A vote on a State page.
#[derive(Debug, Clone, Serialize)]
pub struct VoteRow {
    /// Year.
    pub year: i16,
    /// Resolution symbol.
    pub symbol: Option<String>,
    /// Vote word; `None`: no information.
    pub vote: Option<&'static str>,
    /// Source (the vote's own, else its resolution's).
    pub source: Option<Cite>,
    /// Note.
    pub note: Option<Tr>,
}

/// A meeting attended.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingItem {
    /// Year.
    pub year: i16,
    /// Meeting name.
    pub meeting: Tr,
    /// Source.
    pub source: Option<Cite>,
}

/// A measure on a State page.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureItem {
    /// What it covers.
    pub measure: &'static str,
    /// Its form.
    pub kind: &'static str,
    /// Since when.
    pub since: Option<DateView>,
    /// Note.
    pub note: Option<Tr>,
    /// Source.
    pub source: Option<Cite>,
}

/// Production, stockpile or status: a value with date, note and source.
#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    /// The value word (`ceased`), or the formatted number for a stockpile.
    pub value: Option<String>,
    /// The stockpile estimate as a number, for its plural form (`t(key=..., n=count)`).
    pub count: Option<u64>,
    /// The date (`since`, `as_of`, `signed_on`).
    pub date: Option<DateView>,
    /// Note.
    pub note: Option<Tr>,
    /// Source.
    pub source: Option<Cite>,
}

/// An outreach entry.
#[derive(Debug, Clone, Serialize)]
pub struct OutreachItem {
    /// When.
    pub date: DateView,
    /// Kind word.
    pub kind: &'static str,
    /// What was done.
    pub summary: Tr,
    /// Response word.
    pub response: Option<&'static str>,
    /// Source.
    pub source: Option<Cite>,
}

/// Everything on a State's page.
#[derive(Debug, Clone, Serialize)]
pub struct StateView {
    /// The row (name, region, status, latest vote...).
    pub row: StateRow,
    /// Status with its date of signature and source.
    pub status: FactView,
    /// Latest official information with its source and note.
    pub info: FactView,
    /// Stated position.
    pub position: Option<Tr>,
    /// Narrative (HTML).
    pub narrative: Option<Tr>,
    /// Votes by year; `None`: no information at all.
    pub votes: Option<Vec<VoteRow>>,
    /// Article 7 reports.
    pub reports: Option<ListView<YearItem>>,
    /// Meetings attended.
    pub meetings: Option<ListView<MeetingItem>>,
    /// Production.
    pub production: Option<FactView>,
    /// Measures in force.
    pub measures: Option<ListView<MeasureItem>>,
    /// Stockpile.
    pub stockpile: Option<FactView>,
    /// Reported use.
    pub use_reported: Option<ListView<YearItem>>,
    /// Outreach.
    pub outreach: Option<Vec<OutreachItem>>,
    /// Sources cited on the page.
    pub sources: Vec<SourceView>,
}

/// Builds a State's page (or, with an anchor `prefix` and a deeper `heading_base`,
/// its section of the standalone file); returns the sources it cites too.
pub fn state_view<'a>(
    lens: &Lens<'a>,
    state: &'a State,
    prefix: &str,
    heading_base: u8,
) -> (StateView, Vec<&'a Source>) {
    let content = lens.content;
    let mut cites = Citations::new(Some(state), prefix);
    let status = FactView {
        value: Some(state.status.value.word().to_string()),
        count: None,
        date: state.signed_on.map(|d| lens.date(d)),
        note: inline(lens, &mut cites, &state.status.note),
        source: cites.source(content, &state.status.source),
    };
    let info = match &state.last_official_information {
        Some(i) => FactView {
            value: None,
            count: None,
            date: Some(lens.partial(i.value)),
            note: inline(lens, &mut cites, &i.note),
            source: cites.source(content, &i.source),
        },
        None => FactView {
            value: None,
            count: None,
            date: None,
            note: None,
            source: None,
        },
    };
    let position = inline(lens, &mut cites, &state.position);
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
    let years = |cites: &mut Citations<'a>,
                 facts: &'a Option<Facts<crate::model::Sourced<i16>>>| {
        facts.as_ref().map(|f| ListView {
            source: cites.source(content, &f.source),
            note: inline(lens, cites, &f.note),
            items: f
                .items
                .iter()
                .map(|y| YearItem {
                    year: y.value,
                    source: cites.source(content, &y.source),
                    note: inline(lens, cites, &y.note),
                })
                .collect(),
        })
    };
    let reports = years(&mut cites, &state.article7_reports);
    let meetings = state.meetings.as_ref().map(|f| ListView {
        source: cites.source(content, &f.source),
        note: inline(lens, &mut cites, &f.note),
        items: f
            .items
            .iter()
            .map(|m| MeetingItem {
                year: m.year,
                meeting: lens.tr(&m.meeting),
                source: cites.source(content, &m.source),
            })
            .collect(),
    });
    let production = state.production.as_ref().map(|p| FactView {
        value: Some(p.status.word().to_string()),
        count: None,
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
                note: inline(lens, &mut cites, &m.note),
                source: cites.source(content, &m.source),
            })
            .collect(),
    });
    let stockpile = state.stockpile.as_ref().map(|s| FactView {
        value: s.estimate.map(|n| lens.format.number(n)),
        count: s.estimate,
        date: s.as_of.map(|d| lens.partial(d)),
        note: inline(lens, &mut cites, &s.note),
        source: cites.source(content, &s.source),
    });
    let use_reported = years(&mut cites, &state.use_reported);
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
    let view = StateView {
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
