//! What a session keeps from one build to the next (serve), to render only what changed.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::fingerprint::hasher;

use super::Job;
use super::view::Link;
use crate::model::Lang;

/// Rendered State pages and sections, valid while nothing but the records changes.
#[derive(Default)]
pub(crate) struct Cache {
    /// Hash of everything a State page depends on besides its record.
    pub(crate) epoch: u64,
    /// By language and slug.
    pub(crate) states: HashMap<(Lang, String), CachedState>,
    /// Other outputs by language, then by template and path, with the hash of the data
    /// they were rendered from.
    pub(crate) outputs: HashMap<Lang, Outputs>,
    /// The whole publication as last written (`serve`): the hash of everything it was
    /// rendered from, and its files in the order written.
    pub(crate) whole: Option<(u64, Files)>,
}

/// Rendered outputs by template and path, with the hash of the data they were
/// rendered from.
pub(crate) type Outputs = HashMap<String, (u64, Vec<u8>)>;

/// Files by path, in the order written.
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// One State's rendered page and standalone section in one language.
pub(crate) struct CachedState {
    /// Hash of the record they were rendered from.
    pub(crate) key: u64,
    /// Its page and standalone section, when the session keeps them (`serve`).
    pub(crate) rendered: Option<(Vec<u8>, String)>,
    pub(crate) cited: Vec<String>,
    pub(crate) link: Link,
}

/// A hash of a job's template and data.
pub(crate) fn data_hash(job: &Job) -> u64 {
    let mut hasher = hasher();
    job.template.hash(&mut hasher);
    if let Ok(data) = &job.data {
        for (name, value) in data.iter() {
            name.hash(&mut hasher);
            hash_value(value, &mut hasher);
        }
    }
    hasher.finish()
}

/// Hashes a template value: a map's entries in the order of their keys (a Tera map
/// has no order of its own).
fn hash_value(value: &tera::Value, hasher: &mut impl Hasher) {
    value.name().hash(hasher);
    if let Some(text) = value.as_str() {
        text.hash(hasher);
    } else if let Some(items) = value.as_array() {
        items.len().hash(hasher);
        for item in items {
            hash_value(item, hasher);
        }
    } else if let Some(map) = value.as_map() {
        let mut entries: Vec<_> = map.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        entries.len().hash(hasher);
        for (key, item) in entries {
            key.hash(hasher);
            hash_value(item, hasher);
        }
    } else {
        // A number, a boolean or nothing: its text is short.
        value.to_string().hash(hasher);
    }
}
