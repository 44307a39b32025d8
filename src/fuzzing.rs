//! Entry points for the fuzz targets (fuzz/) and the property tests: whole
//! steps of the pipeline on text that may be anything.

use crate::diagnostic::Diagnostics;
use crate::load::{ContentFile, ContentFiles, MarkdownFile, MarkdownKind};
use crate::markdown::{self, Style};

/// A small valid edition the fuzzed record is checked against.
const REPORT: &str = "title: Fuzz\nconvention: {name: Convention, short_name: APMBC, states_parties: 164}\nas_of: 2020-11-20\nlanguages: [en, fr]\nstale_after_years: 5\nregions: {asia: Asia}\nresolutions:\n  - {year: 2019, symbol: A/RES/74/61, source: s}\n";
const SOURCES: &str = "s: {title: A source}\nmonitor-2019: {title: Another}\n";

fn file(rel: &str, text: &str) -> ContentFile {
    ContentFile {
        rel: rel.to_string(),
        text: crate::load::normalise(text),
    }
}

/// Validates `text` as the record `states/x.yaml` (and as its narrative); returns the diagnostics.
pub fn validate_record(text: &str) -> Diagnostics {
    let mut files = ContentFiles {
        report: Some(file("report.yaml", REPORT)),
        sources: Some(file("sources.yaml", SOURCES)),
        states: vec![("x".to_string(), file("states/x.yaml", text))],
        markdown: vec![MarkdownFile {
            kind: MarkdownKind::Narrative("x".to_string()),
            lang: None,
            file: file("states/x.md", text),
        }],
    };
    let mut diags = Diagnostics::default();
    let _ = crate::validate::validate(&mut files, &mut diags);
    diags
}

/// Renders `text` as a Markdown document where every `[^label]` is a citation.
pub fn render_markdown(text: &str) -> String {
    let cite = |label: &str| {
        Some(format!(
            "<a class=\"cite\" href=\"#src-{}\">[1]</a>",
            markdown::escape(label)
        ))
    };
    let style = Style {
        id_prefix: "md-fuzz-",
        heading_base: 2,
        cite: &cite,
    };
    let html = markdown::render(text, &style);
    let _ = markdown::render_inline(text, &style);
    let _ = markdown::labels(text);
    html
}
