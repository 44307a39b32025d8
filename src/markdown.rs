//! Markdown: finding source citations (`[^key]`) and rendering to safe HTML.
//!
//! pulldown-cmark prints a footnote reference without a definition as plain
//! text; a label that is a source key is such a reference, so citations are
//! found in the (merged) text events and replaced by links to the source.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// The Markdown dialect of the content: CommonMark with tables, footnotes,
/// strikethrough, smart punctuation and heading attributes.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The footnote labels of a document.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Labels {
    /// Labels cited without a definition (source citations, or mistakes), with their byte offset.
    pub cited: Vec<(String, usize)>,
    /// Labels that have their own definition (`[^1]: text`).
    pub defined: Vec<String>,
}

/// Finds the footnote labels of `markdown`.
pub(crate) fn labels(markdown: &str) -> Labels {
    let mut found = Labels::default();
    for (event, range) in merged(markdown) {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => found.defined.push(label.to_string()),
            Event::Text(text) => {
                for (label, offset) in citations_in(&text) {
                    // Offsets in the decoded text match the source unless an entity or
                    // escape came before; then the start of the text is the best place.
                    let at = range.start + offset;
                    let place = if at < range.end && markdown.is_char_boundary(at) {
                        at
                    } else {
                        range.start
                    };
                    found.cited.push((label.to_string(), place));
                }
            }
            _ => {}
        }
    }
    found
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    (line, column)
}

/// `[^label]` occurrences in plain text, with their offsets.
fn citations_in(text: &str) -> Vec<(&str, usize)> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(start) = text[rest..].find("[^").map(|i| i + rest) {
        let label_start = start + 2;
        let end = text[label_start..]
            .find(|c: char| c == ']' || c == '[' || c.is_whitespace())
            .map(|i| i + label_start);
        match end {
            Some(end) if end > label_start && text[end..].starts_with(']') => {
                found.push((&text[label_start..end], start));
                rest = end + 1;
            }
            _ => rest = label_start,
        }
    }
    found
}

/// The events of `markdown` with consecutive text events merged.
fn merged(markdown: &str) -> Vec<(Event<'_>, Range<usize>)> {
    let mut out: Vec<(Event, Range<usize>)> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let (Event::Text(next), Some((Event::Text(prev), prev_range))) = (&event, out.last_mut())
        {
            let joined = format!("{prev}{next}");
            *prev = CowStr::from(joined);
            prev_range.end = range.end;
            continue;
        }
        out.push((event, range));
    }
    out
}

/// How a document is rendered.
pub(crate) struct Style<'a> {
    /// Prefix of every id the document defines (its headings, its footnotes); starts with [`ID_PREFIX`].
    pub id_prefix: &'a str,
    /// Level of the document's highest headings (`3`: its top headings become `<h3>`).
    pub heading_base: u8,
    /// The HTML of a citation of a source key, or `None` if the label is not a source.
    pub cite: &'a dyn Fn(&str) -> Option<String>,
}

/// Renders a Markdown document to sanitised HTML.
pub(crate) fn render(markdown: &str, style: &Style) -> String {
    let events = merged(markdown);
    let top = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let shift = |level: HeadingLevel| {
        let n = (level as u8 + style.heading_base)
            .saturating_sub(top)
            .clamp(1, 6);
        HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
    };
    let mut headings = HashMap::new();
    let mut footnotes: BTreeMap<String, usize> = BTreeMap::new();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let (event, _) = &events[i];
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let text = heading_text(&events[i + 1..]);
                let id = match id {
                    Some(id) => format!("{}{}", style.id_prefix, id),
                    None => unique_id(&mut headings, style.id_prefix, &text),
                };
                out.push(Event::Start(Tag::Heading {
                    level: shift(*level),
                    id: Some(id.into()),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                out.push(Event::End(TagEnd::Heading(shift(*level))));
            }
            Event::Text(text) => cite_in_text(text, style, &mut out),
            Event::FootnoteReference(label) => {
                let next = footnotes.len() + 1;
                let n = *footnotes.entry(label.to_string()).or_insert(next);
                let id = footnote_id(style.id_prefix, label);
                out.push(Event::InlineHtml(
                    format!("<sup class=\"footnote-ref\"><a href=\"#{id}\">{n}</a></sup>").into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let id = footnote_id(style.id_prefix, label);
                out.push(Event::Html(
                    format!("<div class=\"footnote\" id=\"{id}\">\n").into(),
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => out.push(Event::Html("</div>\n".into())),
            other => out.push(other.clone()),
        }
        i += 1;
    }
    let mut html_out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    if needs_sanitising(&events) {
        sanitise(&html_out)
    } else {
        html_out
    }
}

/// Whether the author's Markdown has raw HTML, or a link or image whose address is
/// not plainly safe. Without either, pulldown-cmark's output is already safe (it
/// escapes all text and attributes), and the costly sanitiser is skipped.
fn needs_sanitising(events: &[(Event, Range<usize>)]) -> bool {
    let safe_url = |url: &str| {
        let lower = url.trim_start().to_ascii_lowercase();
        match lower.find(':') {
            None => true,
            Some(colon) => {
                let scheme = &lower[..colon];
                let before_path = lower.find(['/', '?', '#']).is_none_or(|i| colon < i);
                !before_path || ["http", "https", "mailto"].contains(&scheme)
            }
        }
    };
    events.iter().any(|(event, _)| match event {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
            !safe_url(dest_url)
        }
        _ => false,
    })
}

/// Renders one paragraph of inline Markdown (a `position` or a `note`), without the `<p>`.
pub(crate) fn render_inline(markdown: &str, style: &Style) -> String {
    let html = render(markdown, style);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

fn cite_in_text<'a>(text: &CowStr<'a>, style: &Style, out: &mut Vec<Event<'a>>) {
    let mut last = 0;
    for (label, offset) in citations_in(text) {
        if let Some(html) = (style.cite)(label) {
            if offset > last {
                out.push(Event::Text(text[last..offset].to_string().into()));
            }
            out.push(Event::InlineHtml(html.into()));
            last = offset + label.len() + 3;
        }
    }
    if last == 0 {
        out.push(Event::Text(text.clone()));
    } else if last < text.len() {
        out.push(Event::Text(text[last..].to_string().into()));
    }
}

fn heading_text(events: &[(Event, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

fn unique_id(seen: &mut HashMap<String, usize>, prefix: &str, text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "section" } else { slug };
    let count = seen.entry(slug.to_string()).or_insert(0);
    *count += 1;
    if *count == 1 {
        format!("{prefix}{slug}")
    } else {
        format!("{prefix}{slug}-{count}")
    }
}

fn footnote_id(prefix: &str, label: &str) -> String {
    let safe: String = label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{prefix}fn-{safe}")
}

/// Prefix of every id a Markdown document may define (user ids are given it too).
pub(crate) const ID_PREFIX: &str = "md-";

/// The allow-list for user HTML: no scripts, event handlers, frames, forms,
/// styles or `javascript:` URLs; ids only under [`ID_PREFIX`].
static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .link_rel(None)
        .add_generic_attributes(["id"])
        .add_tag_attributes("sup", ["class"])
        .add_tag_attributes("div", ["class"])
        .add_tag_attributes("a", ["class"])
        .add_tag_attributes("span", ["class"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .id_prefix(Some(ID_PREFIX));
    builder
});

fn sanitise(html: &str) -> String {
    SANITISER.clean(html).to_string()
}

/// Escapes text for HTML (and XML): `&`, `<`, `>` and `"`.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style<'a>(cite: &'a dyn Fn(&str) -> Option<String>) -> Style<'a> {
        Style {
            id_prefix: "md-n-",
            heading_base: 3,
            cite,
        }
    }

    fn cite(label: &str) -> Option<String> {
        (label == "monitor-2019")
            .then(|| "<a class=\"cite\" href=\"#src-monitor-2019\">[1]</a>".to_string())
    }

    #[test]
    fn finds_citations_and_definitions_but_not_in_code() {
        let found = labels("A[^monitor-2019] b[^1] `[^code]`\n\n[^1]: Note.\n");
        assert_eq!(found.cited, vec![("monitor-2019".to_string(), 1)]);
        assert_eq!(found.defined, vec!["1".to_string()]);
    }

    #[test]
    fn renders_citations_as_links() {
        let html = render_inline("Says so.[^monitor-2019]", &style(&cite));
        assert_eq!(
            html,
            "Says so.<a class=\"cite\" href=\"#src-monitor-2019\">[1]</a>"
        );
    }

    #[test]
    fn renders_own_footnotes_with_prefixed_ids() {
        let html = render("Text[^a].\n\n[^a]: The note.\n", &style(&cite));
        assert!(html.contains("<a href=\"#md-n-fn-a\">1</a>"), "{html}");
        assert!(
            html.contains("<div class=\"footnote\" id=\"md-n-fn-a\">"),
            "{html}"
        );
    }

    #[test]
    fn shifts_headings_and_gives_them_ids() {
        let html = render("## Votes\n\n### Votes\n", &style(&cite));
        assert!(html.contains("<h3 id=\"md-n-votes\">Votes</h3>"), "{html}");
        assert!(
            html.contains("<h4 id=\"md-n-votes-2\">Votes</h4>"),
            "{html}"
        );
    }

    #[test]
    fn removes_dangerous_html() {
        let md = "<script>alert(1)</script>\n\n<p onclick=\"x()\" style=\"color:red\">hi</p>\n\n[a](javascript:alert(1)) <iframe src=\"x\"></iframe><form><input></form> <b id=\"x\">b</b>";
        let html = render(md, &style(&cite));
        for bad in [
            "<script",
            "onclick",
            "style=",
            "javascript:",
            "<iframe",
            "<form",
            "<input",
            "alert",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains("id=\"md-x\""), "{html}");
    }

    #[test]
    fn sanitises_only_what_needs_it() {
        let needs = |md: &str| needs_sanitising(&merged(md));
        assert!(!needs(
            "Plain *text* with [a link](https://example.org) and [another](../x.html#y)."
        ));
        assert!(needs("Raw <b>HTML</b>."));
        assert!(needs("[x](javascript:alert(1))"));
        assert!(needs("[x]( JavaScript:alert(1))"));
        assert!(needs("![x](data:image/svg+xml,abc)"));
        assert!(!needs("[x](page.html?a=b:c)"));
    }

    #[test]
    fn smart_punctuation_tables_and_strikethrough() {
        let html = render(
            "\"Quoted\" -- ~~old~~\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            &style(&cite),
        );
        assert!(html.contains("“Quoted” –"), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
    }

    #[test]
    fn line_and_column_of_offsets() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("ab", 0), (1, 1));
    }
}
