//! Hashes that tell whether something changed between two builds of a session
//! (`serve`): fast (foldhash) and the same from one build to the next (a fixed
//! seed). They are compared within a session, never stored or written out.

use std::hash::{BuildHasher, Hash, Hasher};

use foldhash::quality::FixedState;

/// A hasher whose hashes are the same from one build to the next.
pub(crate) fn hasher() -> impl Hasher {
    FixedState::with_seed(0).build_hasher()
}

/// A hash of a value, to tell whether it changed.
pub(crate) fn hash(value: &(impl Hash + ?Sized)) -> u64 {
    let mut hasher = hasher();
    value.hash(&mut hasher);
    hasher.finish()
}
