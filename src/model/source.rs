//! Sources: where each fact comes from.

use serde::Serialize;

use super::{PartialDate, Text};

/// A source of facts, from sources.yaml or a record's own `sources`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Source {
    /// Its key (`monitor-2020`); the key of the mapping in the open data.
    #[serde(skip)]
    pub key: String,
    /// Where it is defined (implied by its place in the open data).
    #[serde(skip)]
    pub scope: SourceScope,
    /// Title (required).
    pub title: Text,
    /// Who published it.
    pub publisher: Option<Text>,
    /// When it was published (year or date).
    pub date: Option<PartialDate>,
    /// Where to read it.
    pub url: Option<String>,
}

/// Where a source is defined.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "scope", content = "state", rename_all = "snake_case")]
pub enum SourceScope {
    /// sources.yaml.
    Shared,
    /// The `sources` of the record with this slug.
    Record(String),
}

/// A reference to a source by key, as written in a fact's `source`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct SourceKey(pub String);

impl SourceKey {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
