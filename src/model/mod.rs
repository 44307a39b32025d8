//! The validated content: the domain's own types, free of YAML and HTML.

/// A closed list of values written as words in the content (`in_favour`, `ban`).
pub trait Vocabulary: Sized + Copy + PartialEq + 'static {
    /// What the value is, for messages ("vote", "measure").
    const WHAT: &'static str;
    /// Every value with its word.
    const VALUES: &'static [(&'static str, Self)];

    /// The word for this value.
    fn word(self) -> &'static str {
        Self::VALUES
            .iter()
            .find(|(_, v)| *v == self)
            .map(|(w, _)| *w)
            .unwrap_or_default()
    }

    /// The value for a word.
    fn from_word(word: &str) -> Option<Self> {
        Self::VALUES
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, v)| *v)
    }
}

macro_rules! vocabulary {
    ($ty:ty, $what:literal, { $($word:literal => $value:expr),+ $(,)? }) => {
        impl $crate::model::Vocabulary for $ty {
            const WHAT: &'static str = $what;
            const VALUES: &'static [(&'static str, Self)] = &[$(($word, $value)),+];
        }
    };
}
pub(crate) use vocabulary;

mod archive;
mod date;
mod edition;
mod source;
mod state;
mod text;

pub use archive::Archive;
pub use date::{Date, PartialDate};
pub use edition::{
    Activity, Change, ChangeKind, Convention, Document, Edition, NotifiedWithdrawal, Page, Region,
    Resolution, WithdrawalKind,
};
pub use source::{Source, SourceKey, SourceScope};
pub use state::{
    Facts, JoinedBy, Measure, MeasureKind, MeasureType, Meeting, Membership, Outreach,
    OutreachKind, Production, ProductionStatus, Response, Sourced, State, Status, Stockpile, Vote,
};
pub use text::{Inline, Lang, Text};

use std::collections::BTreeMap;

/// Everything the site is built from, validated.
#[derive(Debug, Clone)]
pub struct Content {
    /// The edition's id: its folder under `editions/`, or `YYYY-MM` of its `as_of`.
    pub id: String,
    /// report.yaml: the edition's settings and the resolutions.
    pub edition: Edition,
    /// sources.yaml: sources shared by many records, by key.
    pub sources: BTreeMap<String, Source>,
    /// One record per State not party, sorted by slug.
    pub states: Vec<State>,
    /// index.md, by language: the introduction.
    pub index: BTreeMap<Lang, Document>,
    /// pages/*.md, sorted by slug.
    pub pages: Vec<Page>,
}

impl Content {
    /// The source a reference points at: the record's own, else the shared one.
    pub fn source<'a>(&'a self, state: Option<&'a State>, key: &str) -> Option<&'a Source> {
        state
            .and_then(|s| s.sources.get(key))
            .or_else(|| self.sources.get(key))
    }
}
