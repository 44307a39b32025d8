//! What a session keeps from one build to the next (serve), to render only what changed.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;

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
    /// Other outputs by template and path, with the hash of the data they were rendered from.
    pub(crate) outputs: HashMap<String, (u64, Vec<u8>)>,
    /// The whole publication as last written (`serve`): the hash of everything it was
    /// rendered from, and its files in the order written.
    pub(crate) whole: Option<(u64, Files)>,
}

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
    struct HashWriter(DefaultHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut writer = HashWriter(DefaultHasher::new());
    job.template.hash(&mut writer.0);
    if let Ok(data) = &job.data {
        for (name, value) in data.iter() {
            name.hash(&mut writer.0);
            // A value's text lists a map's keys in order. Writing into a hasher cannot
            // fail: a value that cannot be written hashes as far as it got.
            let _ = write!(writer, "{value}");
        }
    }
    writer.0.finish()
}

/// A hash of a value, to tell whether it changed.
pub(crate) fn hash(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}
