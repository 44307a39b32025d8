//! A builder for site tests, in the spirit of mdBook's `BookTest`: start from a
//! fixture, change files, build, and assert on pages.
//!
//! ```ignore
//! let site = SiteTest::from_fixture("basic")
//!     .replace("states/exampleland.yaml", "status: signed", "status: not_signed")
//!     .build();
//! site.assert_built();
//! assert!(site.page("states/exampleland.html").contains("Not signed"));
//! ```

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::rc::Rc;

use super::{copy_dir, root, templates};

/// A content folder in a temporary directory, copied from a fixture.
pub struct SiteTest {
    dir: Rc<tempfile::TempDir>,
    templates: PathBuf,
}

/// What a build of a [`SiteTest`] gave.
pub struct Built {
    /// Keeps the temporary directory while the build is looked at.
    _dir: Rc<tempfile::TempDir>,
    /// The command's output.
    pub output: Output,
    /// The output directory.
    pub out: PathBuf,
}

impl SiteTest {
    /// The fixture `tests/fixtures/<name>` (a content folder), with the real templates.
    pub fn from_fixture(name: &str) -> SiteTest {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &root().join("tests/fixtures").join(name),
            &dir.path().join("content"),
        );
        SiteTest {
            dir: Rc::new(dir),
            templates: templates(),
        }
    }

    /// The content folder.
    pub fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    /// Writes a content file (its folders made as needed).
    pub fn write(self, rel: &str, text: &str) -> SiteTest {
        let path = self.content().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    /// Replaces the first `from` in a content file by `to`; `from` must be there.
    pub fn replace(self, rel: &str, from: &str, to: &str) -> SiteTest {
        let path = self.content().join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no `{from}`");
        fs::write(path, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// Removes a content file or folder.
    pub fn remove(self, rel: &str) -> SiteTest {
        let path = self.content().join(rel);
        if path.is_dir() {
            fs::remove_dir_all(path).unwrap();
        } else {
            fs::remove_file(path).unwrap();
        }
        self
    }

    /// Builds the site into `site/` beside the content, with extra arguments.
    pub fn build_with(&self, extra: &[&str]) -> Built {
        let out = self.dir.path().join("site");
        let output = super::build(&self.content(), &self.templates, &out, extra);
        Built {
            _dir: Rc::clone(&self.dir),
            output,
            out,
        }
    }

    /// Builds the site.
    pub fn build(&self) -> Built {
        self.build_with(&[])
    }

    /// Runs `check` on the content.
    pub fn check(&self) -> Output {
        super::check(&self.content(), &self.templates, &[])
    }
}

impl Built {
    /// Asserts that the build succeeded, showing its messages if not.
    pub fn assert_built(&self) -> &Built {
        assert!(
            self.output.status.success(),
            "the build failed:\n{}",
            String::from_utf8_lossy(&self.output.stderr)
        );
        self
    }

    /// The text of a built file.
    pub fn page(&self, rel: &str) -> String {
        fs::read_to_string(self.out.join(rel))
            .unwrap_or_else(|e| panic!("{rel} was not built: {e}"))
    }

    /// Whether a file was built.
    pub fn has(&self, rel: &str) -> bool {
        Path::new(&self.out).join(rel).exists()
    }

    /// The command's standard error.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
}
