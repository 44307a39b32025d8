//! What a `serve` session keeps from one validation to the next: the editions whose
//! files did not change, and what was read from texts that did not change.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use crate::diagnostic::Diagnostic;
use crate::fingerprint;
use crate::load::ContentFiles;
use crate::markdown::Labels;
use crate::model::Content;
use crate::yaml::Node;

/// The editions validated in a session (`serve`), by id, with a hash of their files:
/// an edition whose files did not change is not validated again. The default memo
/// keeps nothing (a one-off build).
#[derive(Default)]
pub(crate) struct Memo {
    pub(super) editions: HashMap<Option<String>, (u64, Option<Content>, Vec<Diagnostic>)>,
    /// The YAML files parsed, by a hash of their text: a record that did not change is
    /// not parsed again when its edition is validated again.
    pub(super) parsed: Arc<Parsed>,
    pub(super) keep: bool,
}

impl Memo {
    /// A memo that keeps what it validates.
    pub(crate) fn keeping() -> Memo {
        Memo {
            keep: true,
            ..Memo::default()
        }
    }
}

/// What was read from texts, by a hash of the text, kept between validations
/// (`serve`): a text that did not change is not read again.
#[derive(Default)]
pub(super) struct Parsed {
    /// YAML files.
    pub(super) nodes: Known<Node>,
    /// The footnote labels of Markdown documents.
    pub(super) labels: Known<Labels>,
}

impl Parsed {
    /// Forgets the texts the last validation read and this one did not.
    pub(super) fn next_round(&self) {
        self.nodes.next_round();
        self.labels.next_round();
    }
}

/// Values read from texts, by a hash of the text: those the last validation read,
/// and those this one read.
pub(super) struct Known<T>(Mutex<(ByHash<T>, ByHash<T>)>);

/// Values by a hash of the text they were read from.
type ByHash<T> = HashMap<u64, Arc<T>>;

impl<T> Default for Known<T> {
    fn default() -> Self {
        Known(Mutex::default())
    }
}

impl<T> Known<T> {
    /// The value of `text`, read now (by `read`) or before.
    pub(super) fn get(&self, text: &str, read: impl FnOnce() -> Option<T>) -> Option<Arc<T>> {
        let key = fingerprint::hash(text);
        let lock = || self.0.lock().unwrap_or_else(PoisonError::into_inner);
        {
            let mut maps = lock();
            let (before, now) = &mut *maps;
            if let Some(value) = before.remove(&key).or_else(|| now.get(&key).cloned()) {
                now.insert(key, value.clone());
                return Some(value);
            }
        }
        let value = Arc::new(read()?);
        lock().1.insert(key, value.clone());
        Some(value)
    }

    fn next_round(&self) {
        let mut maps = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let (before, now) = &mut *maps;
        *before = std::mem::take(now);
    }
}

/// A hash of an edition's files (paths and texts).
pub(super) fn files_hash(files: &ContentFiles) -> u64 {
    let mut hasher = fingerprint::hasher();
    for file in files
        .report
        .iter()
        .chain(&files.sources)
        .chain(files.states.iter().map(|(_, f)| f))
        .chain(files.markdown.iter().map(|m| &m.file))
    {
        file.rel.hash(&mut hasher);
        file.text.hash(&mut hasher);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_text_is_read_once_and_forgotten_when_no_longer_read() {
        let known = Known::<usize>::default();
        let reads = Cell::new(0);
        let read = |text: &str| {
            reads.set(reads.get() + 1);
            Some(text.len())
        };
        assert_eq!(known.get("a: 1", || read("a: 1")).as_deref(), Some(&4));
        assert_eq!(known.get("a: 1", || read("a: 1")).as_deref(), Some(&4));
        assert_eq!(reads.get(), 1, "the same text is not read again");
        assert_eq!(known.get("a: 22", || read("a: 22")).as_deref(), Some(&5));
        assert_eq!(reads.get(), 2, "a changed text is read");
        // The next validation reads only "a: 1": "a: 22" is then forgotten.
        known.next_round();
        known.get("a: 1", || read("a: 1"));
        known.next_round();
        assert_eq!(reads.get(), 2);
        known.get("a: 22", || read("a: 22"));
        assert_eq!(
            reads.get(),
            3,
            "a text not read in the last round is read again"
        );
        // A text that cannot be read is not kept.
        assert!(known.get("bad", || None).is_none());
        assert_eq!(known.get("bad", || Some(0)).as_deref(), Some(&0));
    }
}
