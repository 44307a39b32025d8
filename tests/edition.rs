//! Invariants of the shipped edition (`content/`), read through the library,
//! and a spot-check of its votes and resolutions against the reference data in
//! `tests/reference/`.
//!
//! Translations are being written: a narrative missing in a language other than
//! the default one is the only diagnostic allowed, and nothing here depends on
//! the translations.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::OnceLock;

use serde_yaml::Value;
use snp_overview::diagnostic::{Diagnostic, Severity};
use snp_overview::model::{Content, PartialDate, Vocabulary};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped content, loaded once.
fn edition() -> &'static (Content, Vec<Diagnostic>) {
    static EDITION: OnceLock<(Content, Vec<Diagnostic>)> = OnceLock::new();
    EDITION.get_or_init(
        || match snp_overview::load_content(&root().join("content")) {
            Ok(loaded) => loaded,
            Err(diags) => panic!(
                "the shipped content does not load:\n{}",
                diags
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        },
    )
}

fn content() -> &'static Content {
    &edition().0
}

#[test]
fn loads_with_no_error_and_no_warning_but_missing_translations() {
    let (content, diags) = edition();
    let other_langs: Vec<String> = content.edition.languages[1..]
        .iter()
        .map(|l| l.as_str().to_string())
        .collect();
    let unexpected: Vec<String> = diags
        .iter()
        .filter(|d| {
            let translation_missing = d.severity == Severity::Warning
                && other_langs.iter().any(|l| {
                    d.message
                        .starts_with(&format!("narrative missing in `{l}`"))
                });
            !translation_missing
        })
        .map(|d| d.to_string())
        .collect();
    assert!(
        unexpected.is_empty(),
        "unexpected diagnostics:\n{}",
        unexpected.join("\n")
    );
}

#[test]
fn has_33_records() {
    assert_eq!(content().states.len(), 33);
}

#[test]
fn iso_codes_are_unique() {
    let mut seen = BTreeMap::new();
    for state in &content().states {
        if let Some(other) = seen.insert(state.iso3.as_str(), state.slug.as_str()) {
            panic!("{} and {} share iso3 {}", other, state.slug, state.iso3);
        }
    }
}

#[test]
fn every_region_used_is_declared() {
    let declared: BTreeSet<&str> = content()
        .edition
        .regions
        .iter()
        .map(|r| r.slug.as_str())
        .collect();
    for state in &content().states {
        assert!(
            declared.contains(state.region.as_str()),
            "{}: region `{}` is not declared",
            state.slug,
            state.region
        );
    }
}

#[test]
fn every_vote_year_has_a_resolution() {
    let resolutions = &content().edition.resolutions;
    for state in &content().states {
        for year in state.unga_votes.iter().flat_map(|v| v.keys()) {
            assert!(
                resolutions.contains_key(year),
                "{}: vote of {year} without a resolution",
                state.slug
            );
        }
    }
}

#[test]
fn nothing_is_dated_after_as_of() {
    let content = content();
    let as_of = content.edition.as_of;
    let first_year = 1996;
    let mut late = Vec::new();
    let mut day = |what: String, d: &PartialDate| {
        if d.is_after(as_of) {
            late.push(format!("{what}: {d}"));
        }
    };
    let mut years = Vec::new();
    let mut year = |what: String, y: i16| years.push((what, y));

    for (y, r) in &content.edition.resolutions {
        year(format!("resolution {y}"), *y);
        assert_eq!(*y, r.year);
        if let Some(adopted) = r.adopted {
            day(
                format!("resolution {y} adopted"),
                &PartialDate::Day(adopted),
            );
            assert_eq!(adopted.year(), *y, "resolution {y} adopted in another year");
        }
    }
    for (i, a) in content.edition.activities.iter().enumerate() {
        day(format!("activity {i}"), &a.date);
    }
    for (key, source) in &content.sources {
        if let Some(d) = &source.date {
            day(format!("sources.yaml {key}"), d);
        }
    }
    for s in &content.states {
        let slug = &s.slug;
        if let Some(d) = s.signed_on {
            day(format!("{slug} signed_on"), &PartialDate::Day(d));
        }
        if let Some(info) = &s.last_official_information {
            day(format!("{slug} last_official_information"), &info.value);
        }
        for y in s.unga_votes.iter().flat_map(|v| v.keys()) {
            year(format!("{slug} unga_votes"), *y);
        }
        for r in s.article7_reports.iter().flat_map(|f| &f.items) {
            year(format!("{slug} article7_reports"), r.value);
        }
        for m in s.meetings.iter().flat_map(|f| &f.items) {
            year(format!("{slug} meetings"), m.year);
        }
        if let Some(d) = s.production.as_ref().and_then(|p| p.since.as_ref()) {
            day(format!("{slug} production since"), d);
        }
        for m in s.measures.iter().flat_map(|f| &f.items) {
            if let Some(d) = &m.since {
                day(format!("{slug} measure since"), d);
            }
        }
        if let Some(d) = s.stockpile.as_ref().and_then(|p| p.as_of.as_ref()) {
            day(format!("{slug} stockpile as_of"), d);
        }
        for u in s.use_reported.iter().flat_map(|f| &f.items) {
            year(format!("{slug} use_reported"), u.value);
        }
        for o in s.outreach.iter().flatten() {
            day(format!("{slug} outreach"), &o.date);
        }
        for (key, source) in &s.sources {
            if let Some(d) = &source.date {
                day(format!("{slug} source {key}"), d);
            }
        }
    }
    for (what, y) in years {
        if y > as_of.year() || y < first_year {
            late.push(format!("{what}: {y} outside {first_year}-{}", as_of.year()));
        }
    }
    assert!(late.is_empty(), "dated after {as_of}:\n{}", late.join("\n"));
}

#[test]
fn states_parties_and_states_not_party_make_197() {
    let content = content();
    assert_eq!(
        content.edition.convention.states_parties as usize + content.states.len(),
        197
    );
}

// ---------------------------------------------------------------------------
// Reference spot-check

fn reference(name: &str) -> Value {
    let path = root().join("tests/reference").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The vote of the record's vocabulary for a reference code; `None` for "not recorded".
fn vote_word(code: &str) -> Option<&'static str> {
    match code {
        "yes" => Some("in_favour"),
        "abstain" => Some("abstaining"),
        "no" => Some("against"),
        "non_voting" => Some("absent"),
        _ => None,
    }
}

fn year_of(key: &Value) -> Option<i16> {
    match key {
        Value::Number(n) => n.as_i64().and_then(|n| i16::try_from(n).ok()),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// Per year, the vote of each State not party that unga-votes.yaml records
/// (`None`: listed as not recorded / absent or non-member).
fn reference_votes() -> BTreeMap<i16, HashMap<String, Option<&'static str>>> {
    let data = reference("unga-votes.yaml");
    let mut out = BTreeMap::new();
    for (key, entry) in data["years"].as_mapping().expect("years") {
        let year = year_of(key).expect("a year");
        let votes = &entry["states_not_party_votes"];
        // Either {value: {yes: [...], ...}, source} or {yes: {value: [...]}, ..., others: text}.
        let lists: Vec<(&str, &Value)> = match votes.get("value").and_then(Value::as_mapping) {
            Some(map) => map.iter().map(|(k, v)| (k.as_str().unwrap(), v)).collect(),
            None => votes
                .as_mapping()
                .into_iter()
                .flatten()
                .filter_map(|(k, v)| Some((k.as_str()?, v.get("value")?)))
                .collect(),
        };
        let mut by_state = HashMap::new();
        for (code, list) in lists {
            for iso in list.as_sequence().into_iter().flatten() {
                let iso = iso.as_str().expect("an ISO code").to_string();
                let previous = by_state.insert(iso.clone(), vote_word(code));
                assert!(
                    previous.is_none(),
                    "{year}: {iso} listed twice in the reference"
                );
            }
        }
        out.insert(year, by_state);
    }
    out
}

#[test]
fn reference_lists_the_same_33_states() {
    let reference = reference("states-not-party.yaml");
    let codes: BTreeSet<String> = reference["states"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    let records: BTreeSet<String> = content().states.iter().map(|s| s.iso3.clone()).collect();
    assert_eq!(records, codes);
}

#[test]
fn every_vote_matches_the_reference() {
    let per_state = reference("states-not-party.yaml");
    let reference = reference_votes();
    let mut wrong = Vec::new();
    let mut checked = 0;
    let mut confirmed = 0;
    let mut confirmed_per_state = 0;
    for state in &content().states {
        for (year, vote) in state.unga_votes.iter().flatten() {
            let written = vote.value.word();
            let expected = reference
                .get(year)
                .and_then(|votes| votes.get(&state.iso3))
                .copied()
                .flatten();
            checked += 1;
            match expected {
                Some(expected) if expected != written => wrong.push(format!(
                    "{} {year}: record says {written}, reference says {expected}",
                    state.slug
                )),
                Some(_) => confirmed += 1,
                None if written == "absent" && vote.source.is_some() => {}
                None => wrong.push(format!(
                    "{} {year}: record says {written}, the reference records no vote \
                     (only `absent` with its own source is allowed)",
                    state.slug
                )),
            }
            // The per-State reference, where it gives a vote, says the same.
            let entry = &per_state["states"][state.iso3.as_str()]["unga_votes"];
            let code = if *year <= 2019 {
                entry["1996_2019"]["value"]
                    .as_mapping()
                    .and_then(|m| m.iter().find(|(k, _)| year_of(k) == Some(*year)))
                    .and_then(|(_, v)| v.as_str())
            } else {
                entry[year.to_string().as_str()]["value"].as_str()
            };
            let word = code
                .and_then(|c| c.split_whitespace().next())
                .and_then(vote_word);
            if let Some(word) = word {
                confirmed_per_state += 1;
                if word != written {
                    wrong.push(format!(
                        "{} {year}: record says {written}, states-not-party.yaml says {word}",
                        state.slug
                    ));
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} votes checked");
    assert!(
        confirmed * 10 > checked * 9 && confirmed_per_state * 10 > checked * 9,
        "the reference was not read: {confirmed} and {confirmed_per_state} of {checked} votes found"
    );
    assert!(
        wrong.is_empty(),
        "votes differ from the reference:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_resolution_matches_the_reference() {
    let data = reference("unga-votes.yaml");
    let years = data["years"].as_mapping().unwrap();
    let known = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) if s != "unknown" => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let mut wrong = Vec::new();
    let mut compared = 0;
    for (year, r) in &content().edition.resolutions {
        let Some((_, entry)) = years.iter().find(|(k, _)| year_of(k) == Some(*year)) else {
            continue;
        };
        if let (Some(symbol), Some(reference)) = (&r.symbol, known(&entry["resolution"]["value"])) {
            compared += 1;
            if *symbol != reference {
                wrong.push(format!("{year}: symbol {symbol}, reference {reference}"));
            }
        }
        if let (Some(adopted), Some(reference)) = (r.adopted, known(&entry["date"]["value"])) {
            compared += 1;
            if adopted.to_string() != reference {
                wrong.push(format!("{year}: adopted {adopted}, reference {reference}"));
            }
        }
        let totals = &entry["totals"]["value"];
        for (ours, theirs) in [
            (r.in_favour, "yes"),
            (r.against, "no"),
            (r.abstaining, "abstain"),
        ] {
            if let (Some(ours), Some(reference)) =
                (ours, totals.get(theirs).and_then(Value::as_u64))
            {
                compared += 1;
                if u64::from(ours) != reference {
                    wrong.push(format!("{year}: {theirs} {ours}, reference {reference}"));
                }
            }
        }
    }
    assert!(compared > 50, "only {compared} values compared");
    assert!(
        wrong.is_empty(),
        "resolutions differ from unga-votes.yaml:\n{}",
        wrong.join("\n")
    );
}

/// Every string value anywhere in a reference document.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Sequence(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Mapping(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// The sources this project cites beyond the reference data, each for a fact
/// the reference does not need to give (named in docs/content.md and the methodology).
const OUTSIDE_SOURCES: [&str; 2] = [
    "https://unstats.un.org/unsd/methodology/m49/",
    "https://www.apminebanconvention.org/en/meetings-of-the-states-parties/18msp/programme/",
];

#[test]
fn every_source_address_comes_from_the_reference_data() {
    let mut known = Vec::new();
    strings(&reference("states-not-party.yaml"), &mut known);
    strings(&reference("unga-votes.yaml"), &mut known);
    let content = content();
    let sources = content
        .sources
        .values()
        .chain(content.states.iter().flat_map(|s| s.sources.values()));
    let mut missing = Vec::new();
    for source in sources {
        let Some(url) = &source.url else { continue };
        if !OUTSIDE_SOURCES.contains(&url.as_str())
            && !known.iter().any(|k| k.contains(url.as_str()))
        {
            missing.push(format!("{} ({url})", source.key));
        }
    }
    assert!(
        missing.is_empty(),
        "sources not in the reference data: {missing:#?}"
    );
}

#[test]
fn every_measure_is_sourced_by_the_reference_entry_of_its_state() {
    let reference = reference("states-not-party.yaml");
    let content = content();
    let mut problems = Vec::new();
    for state in &content.states {
        let Some(measures) = &state.measures else {
            continue;
        };
        let mut entry = Vec::new();
        strings(&reference["states"][state.iso3.as_str()], &mut entry);
        for measure in &measures.items {
            let key = measure.source.as_ref().or(measures.source.as_ref());
            let url = key
                .and_then(|k| content.source(Some(state), k.as_str()))
                .and_then(|s| s.url.clone());
            match url {
                Some(url) if entry.iter().any(|e| e.contains(url.as_str())) => {}
                other => problems.push(format!(
                    "{}: {:?} measure sourced by {other:?}",
                    state.slug, measure.measure
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A resolution year with no vote of any State not party would put a row of "no
/// information" on every State page and an all-grey bar in the votes chart; figures
/// that name no resolution (the President's 2020 figures) belong in the text instead.
#[test]
fn every_resolution_year_has_votes_of_states_not_party() {
    let content = content();
    for year in content.edition.resolutions.keys() {
        let voters = content
            .states
            .iter()
            .filter(|s| s.unga_votes.as_ref().is_some_and(|v| v.contains_key(year)))
            .count();
        assert!(voters > 0, "{year}: no State not party has a vote recorded");
    }
    assert!(!content.edition.resolutions.contains_key(&2020));
    // The President's figures are on the overview and the methodology page, cited.
    for file in [
        "index.md",
        "index.fr.md",
        "index.es.md",
        "pages/methodology.md",
        "pages/methodology.fr.md",
        "pages/methodology.es.md",
    ] {
        let text = std::fs::read_to_string(root().join("content").join(file)).unwrap();
        assert!(
            text.contains("163") && text.contains("16 ") && text.contains("[^presidency-2020]"),
            "{file}"
        );
    }
}
