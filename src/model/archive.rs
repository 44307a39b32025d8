//! Every edition of the overview: the archive that the site publishes.

use super::Content;

/// The editions, oldest first (by `as_of`); the last is the current edition.
#[derive(Debug, Clone)]
pub struct Archive {
    /// Each edition's id and content.
    pub editions: Vec<Content>,
    /// Whether the content folder holds several editions (`editions/<id>/`): the site
    /// then publishes the archive beside the current edition.
    pub several: bool,
}

impl Archive {
    /// The current edition: the latest by `as_of`.
    pub fn current(&self) -> &Content {
        self.editions
            .last()
            .expect("an archive holds at least one edition")
    }

    /// The edition before the one at `index`, if any.
    pub fn previous(&self, index: usize) -> Option<&Content> {
        index.checked_sub(1).and_then(|i| self.editions.get(i))
    }
}
