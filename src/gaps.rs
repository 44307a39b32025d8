//! The data-gaps report printed by `check`: per State, which information is
//! missing, which has no source, and how old the latest official information is.

use std::fmt::Write;

use crate::derive::{Block, Figures, Freshness};
use crate::model::Content;
use crate::model::Vocabulary;

/// The report as text for the terminal.
pub(crate) fn text_report(content: &Content, figures: &Figures) -> String {
    let edition = &content.edition;
    let default = edition.default_lang();
    let mut out = String::new();
    let rule = match edition.stale_after_years {
        Some(years) => format!("information older than {years} years is dated"),
        None => "no staleness limit is set (stale_after_years)".to_string(),
    };
    let _ = writeln!(out, "Data gaps as of {} ({rule}):\n", edition.as_of);
    let names: Vec<String> = content
        .states
        .iter()
        .map(|s| {
            let name = s.name.get(default, default).0;
            if s.status.value == crate::model::Status::Withdrawn {
                format!("{name} (former State Party)")
            } else {
                name.to_string()
            }
        })
        .collect();
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(
        out,
        "{:width$}  {:<28}  no information on / without a source",
        "State", "latest official information"
    );
    for (state, name) in content.states.iter().zip(&names) {
        let Some(f) = figures.by_state.get(&state.slug) else {
            continue;
        };
        let info = match (&state.last_official_information, f.freshness) {
            (None, _) => "none available".to_string(),
            (Some(i), freshness) => {
                let age = match f.age_years {
                    Some(1) => ", 1 year".to_string(),
                    Some(a) => format!(", {a} years"),
                    None => String::new(),
                };
                let dated = if freshness == Freshness::Dated {
                    ", dated"
                } else {
                    ""
                };
                format!("{}{age}{dated}", i.value)
            }
        };
        let missing = if f.missing.is_empty() {
            "-".to_string()
        } else {
            words(&f.missing)
        };
        let _ = write!(out, "{name:width$}  {info:<28}  {missing}");
        if !f.unsourced.is_empty() {
            let _ = write!(out, " / without a source: {}", words(&f.unsourced));
        }
        out.push('\n');
    }
    let count = |key: Freshness| figures.freshness.get(&key).copied().unwrap_or(0);
    let _ = writeln!(
        out,
        "\n{} States: latest official information current for {}, dated for {}, none available for {}.",
        content.states.len(),
        count(Freshness::Current),
        count(Freshness::Dated),
        count(Freshness::NoneAvailable)
    );
    for (label, map) in [
        ("no information", &figures.missing),
        ("information without a source", &figures.unsourced),
    ] {
        let parts: Vec<String> = map
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(b, n)| format!("{} {n}", b.word()))
            .collect();
        let list = if parts.is_empty() {
            "none".to_string()
        } else {
            parts.join(", ")
        };
        let _ = writeln!(out, "States with {label}, by block: {list}.");
    }
    out
}

/// Blocks as their words, for the report.
fn words(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| b.word())
        .collect::<Vec<_>>()
        .join(", ")
}
