//! The open data, once for all languages: `data/states.json` (the validated records,
//! described by `data/schema.json`) and `data/states.csv` (one row per State).
//!
//! In both, "no information" and "none" stay distinct: in JSON a missing block is
//! `null` and a stated "none" is an empty list; in CSV an empty cell is no
//! information and the word `none` is a stated none.

use serde::Serialize;

use super::{OutputFile, routes};
use crate::derive::{Figures, StateFigures};
use crate::model::{Archive, Content, Edition, Facts, Source, State, Vocabulary};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Version of the open-data format; change the major number on any incompatible change.
pub const SCHEMA_VERSION: &str = "2.0.0";

/// The JSON Schema of `states.json`.
const SCHEMA: &str = include_str!("../data/schema.json");

#[derive(Serialize)]
struct OpenData<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    schema_version: &'static str,
    edition: &'a Edition,
    sources: &'a BTreeMap<String, Source>,
    states: Vec<StateOut<'a>>,
}

#[derive(Serialize)]
struct StateOut<'a> {
    #[serde(flatten)]
    state: &'a State,
    /// The State's name in each language of the edition, as the pages show it (the
    /// record's own, else the United Nations').
    names: Option<&'a BTreeMap<String, String>>,
    derived: &'a StateFigures,
}

/// The names of the States as the pages show them: by slug, then by language.
pub type Names = BTreeMap<String, BTreeMap<String, String>>;

/// Why the open data could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The JSON could not be serialised.
    #[error("cannot write the JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The CSV could not be written.
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The CSV writer could not be finished.
    #[error("cannot finish the CSV: {0}")]
    CsvFinish(String),
    /// A file could not be written.
    #[error("{0}")]
    Write(io::Error),
}

/// The data files of an edition, in memory.
pub fn files(
    content: &Content,
    figures: &Figures,
    names: &Names,
) -> Result<Vec<OutputFile>, DataError> {
    let mut files = Vec::new();
    write_files(content, figures, names, &mut |path, contents| {
        let mut bytes = Vec::new();
        contents(&mut bytes)?;
        files.push(OutputFile {
            path: path.to_string(),
            bytes,
        });
        Ok(())
    })?;
    Ok(files)
}

/// Where [`write_files`] writes: a file's path, and what writes its bytes.
pub type Put<'p> =
    dyn FnMut(&str, &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> io::Result<()> + 'p;

/// Writes the data files of an edition through `put`, `states.json` as it is
/// serialised (it is the largest file of the site: 155 MB at 10,000 States).
pub fn write_files(
    content: &Content,
    figures: &Figures,
    names: &Names,
    put: &mut Put,
) -> Result<(), DataError> {
    let states = content
        .states
        .iter()
        .filter_map(|state| {
            Some(StateOut {
                state,
                names: names.get(&state.slug),
                derived: figures.by_state.get(&state.slug)?,
            })
        })
        .collect();
    let data = OpenData {
        schema: "schema.json",
        schema_version: SCHEMA_VERSION,
        edition: &content.edition,
        sources: &content.sources,
        states,
    };
    put(routes::STATES_JSON, &mut |w| {
        // serde_json writes in many small pieces: buffered here, before any writer
        // behind `w` is called for each.
        let mut w = io::BufWriter::with_capacity(1 << 16, w);
        serde_json::to_writer_pretty(&mut w, &data).map_err(io::Error::other)?;
        w.write_all(b"\n")?;
        w.flush()
    })
    .map_err(json_error)?;
    put(routes::SCHEMA_JSON, &mut |w| w.write_all(SCHEMA.as_bytes())).map_err(json_error)?;
    let csv = csv(content, figures, names)?;
    put(routes::STATES_CSV, &mut |w| w.write_all(&csv)).map_err(DataError::Write)?;
    Ok(())
}

/// A failure to write the JSON: serde_json's own error when it is one.
fn json_error(err: io::Error) -> DataError {
    match err.downcast::<serde_json::Error>() {
        Ok(json) => DataError::Json(json),
        Err(err) => DataError::Write(err),
    }
}

/// One row per State, in the default language, columns in a stable order.
fn csv(content: &Content, figures: &Figures, names: &Names) -> Result<Vec<u8>, DataError> {
    let edition = &content.edition;
    let default = edition.default_lang();
    let years: Vec<i16> = edition.resolutions.keys().copied().collect();
    let mut header: Vec<String> = [
        "name",
        "iso3",
        "slug",
        "region",
        "status",
        "signed_on",
        "joined_by",
        "joined_on",
        "withdrawal_notified_on",
        "withdrawal_effective_on",
        "last_official_information",
        "information_status",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let other_langs: Vec<&str> = edition.languages[1..].iter().map(|l| l.as_str()).collect();
    header.extend(other_langs.iter().map(|l| format!("name_{l}")));
    header.extend(years.iter().map(|y| format!("vote_{y}")));
    header.extend(
        [
            "article7_reports",
            "article7_latest",
            "meetings",
            "production",
            "production_since",
            "measures",
            "stockpile_estimate",
            "stockpile_as_of",
            "use_reported",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(&header)?;
    for state in &content.states {
        let f = figures.by_state.get(&state.slug);
        let m = state.membership.as_ref();
        let mut row = vec![
            state.name.get(default, default).0.to_string(),
            state.iso3.clone(),
            state.slug.clone(),
            state.region.clone(),
            state.status.value.word().to_string(),
            opt(state.signed_on),
            opt(m.map(|m| m.joined_by.word())),
            opt(m.map(|m| m.joined_on.value)),
            opt(m.map(|m| m.withdrawal_notified_on.value)),
            opt(m.map(|m| m.withdrawal_effective_on.value)),
            opt(state.last_official_information.as_ref().map(|i| i.value)),
            f.map(|f| f.freshness.word())
                .unwrap_or_default()
                .to_string(),
        ];
        for lang in &other_langs {
            row.push(opt(names.get(&state.slug).and_then(|n| n.get(*lang))));
        }
        for year in &years {
            let vote = state.unga_votes.as_ref().and_then(|v| v.get(year));
            row.push(vote.map(|v| v.value.word().to_string()).unwrap_or_default());
        }
        row.push(list(&state.article7_reports, |y| y.value.to_string()));
        row.push(opt(f.and_then(|f| f.latest_report)));
        row.push(list(&state.meetings, |m| {
            format!("{} {}", m.year, m.meeting.get(default, default).0)
        }));
        row.push(opt(state.production.as_ref().map(|p| p.status.word())));
        row.push(opt(state.production.as_ref().and_then(|p| p.since)));
        row.push(list(&state.measures, |m| {
            let since = m.since.map(|d| format!(" since {d}")).unwrap_or_default();
            let until = m.until.map(|d| format!(" until {d}")).unwrap_or_default();
            format!("{} {}{since}{until}", m.measure.word(), m.kind.word())
        }));
        row.push(match &state.stockpile {
            None => String::new(),
            Some(s) => s
                .estimate
                .map_or_else(|| "unknown".to_string(), |n| n.to_string()),
        });
        row.push(opt(state.stockpile.as_ref().and_then(|s| s.as_of)));
        row.push(list(&state.use_reported, |y| y.value.to_string()));
        writer.write_record(&row)?;
    }
    writer
        .into_inner()
        .map_err(|e| DataError::CsvFinish(e.error().to_string()))
}

/// `data/timeline.csv`: one row per State per edition, oldest edition first.
pub(crate) fn timeline(archive: &Archive, figures: &[Figures]) -> Result<Vec<u8>, DataError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record([
        "edition",
        "as_of",
        "iso3",
        "slug",
        "name",
        "region",
        "status",
        "withdrawal_effective_on",
        "latest_vote_year",
        "latest_vote",
        "article7_reports",
        "last_official_information",
        "information_status",
    ])?;
    for (content, figures) in archive.editions.iter().zip(figures) {
        let default = content.edition.default_lang();
        for state in &content.states {
            let f = figures.by_state.get(&state.slug);
            let vote = f.and_then(|f| f.latest_vote);
            writer.write_record([
                content.id.clone(),
                content.edition.as_of.to_string(),
                state.iso3.clone(),
                state.slug.clone(),
                state.name.get(default, default).0.to_string(),
                state.region.clone(),
                state.status.value.word().to_string(),
                opt(state
                    .membership
                    .as_ref()
                    .map(|m| m.withdrawal_effective_on.value)),
                opt(vote.map(|v| v.year)),
                opt(vote.map(|v| v.vote.word())),
                list(&state.article7_reports, |y| y.value.to_string()),
                opt(state.last_official_information.as_ref().map(|i| i.value)),
                opt(f.map(|f| f.freshness.word())),
            ])?;
        }
    }
    writer
        .into_inner()
        .map_err(|e| DataError::CsvFinish(e.error().to_string()))
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A list cell: empty for no information, `none` for a stated none, else items joined by `; `.
fn list<T>(facts: &Option<Facts<T>>, item: impl Fn(&T) -> String) -> String {
    match facts {
        None => String::new(),
        Some(f) if f.items.is_empty() => "none".to_string(),
        Some(f) => f.items.iter().map(item).collect::<Vec<_>>().join("; "),
    }
}
