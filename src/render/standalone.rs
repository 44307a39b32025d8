//! The standalone file: one language's whole overview in one file, assembled from
//! parts rendered once for the pages; links between pages become links to sections.

use std::io::{self, Write};
use std::sync::LazyLock;

use memchr::memchr;
use memchr::memmem::Finder;

use super::routes;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What a `data:` URI leaves as it is: letters, digits and the URL characters
/// that need no escape in a path or an HTML attribute (RFC 3986 unreserved,
/// sub-delimiters but `&`, `:`, `@` and `/`).
const DATA_URI_KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@')
    .remove(b'/');

/// An SVG image as a `data:` URI (percent-encoded, no base64), so that the
/// standalone file carries its icon and makes no request for one.
pub(crate) fn svg_data_uri(svg: &str) -> String {
    format!(
        "data:image/svg+xml,{}",
        utf8_percent_encode(svg.trim(), DATA_URI_KEEP)
    )
}

/// Rewrites every `href` and `src` inside tags: a link to another page of the
/// site becomes a link to its section of the standalone file; a link to any
/// other local file is removed, so the file references nothing beside itself.
pub(crate) fn rewrite_links(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    rewrite_links_into(html, &mut out);
    out
}

/// The attributes whose addresses [`rewrite_links`] rewrites, as they start in a tag.
static LINK_ATTRIBUTES: LazyLock<[(&str, Finder<'static>); 2]> =
    LazyLock::new(|| [" href=\"", " src=\""].map(|attr| (attr, Finder::new(attr))));

/// [`rewrite_links`], appending to `out`. Only a tag with a link attribute is
/// copied apart; everything else is copied in one piece.
pub(crate) fn rewrite_links_into(html: &str, out: &mut String) {
    let bytes = html.as_bytes();
    let (mut copied, mut from) = (0, 0);
    while let Some(open) = memchr(b'<', &bytes[from..]).map(|i| from + i) {
        let Some(close) = memchr(b'>', &bytes[open..]).map(|i| open + i + 1) else {
            break;
        };
        from = close;
        let tag = &html[open..close];
        let plain = memchr(b'"', tag.as_bytes()).is_none()
            || tag.starts_with("<!--")
            || tag.starts_with("<style")
            || tag.starts_with("<script");
        if plain || next_link(tag).is_none() {
            continue;
        }
        out.push_str(&html[copied..open]);
        rewrite_tag(tag, out);
        copied = close;
    }
    out.push_str(&html[copied..]);
}

/// The first link attribute in `tag`: where it starts, and how.
fn next_link(tag: &str) -> Option<(usize, &'static str)> {
    LINK_ATTRIBUTES
        .iter()
        .filter_map(|(attr, finder)| finder.find(tag.as_bytes()).map(|i| (i, *attr)))
        .min()
}

fn rewrite_tag(tag: &str, out: &mut String) {
    let mut rest = tag;
    while let Some((at, attr)) = next_link(rest) {
        let value_start = at + attr.len();
        let Some(value_end) =
            memchr(b'"', &rest.as_bytes()[value_start..]).map(|i| value_start + i)
        else {
            break;
        };
        out.push_str(&rest[..at]);
        let value = &rest[value_start..value_end];
        if is_external(value) {
            out.push_str(attr);
            out.push_str(value);
            out.push('"');
        } else if let Some(anchor) = local_anchor(value) {
            out.push_str(attr);
            out.push('#');
            out.push_str(&anchor);
            out.push('"');
        }
        rest = &rest[value_end + 1..];
    }
    out.push_str(rest);
}

/// Whether a link leads outside the site's files (or within the page): kept as it is.
fn is_external(value: &str) -> bool {
    let external = ["#", "http://", "https://", "mailto:", "data:"];
    external.iter().any(|p| value.starts_with(p))
}

/// The anchor a link to a local file leads to in the standalone file; `None` for a
/// local file outside it.
fn local_anchor(value: &str) -> Option<String> {
    let mut path = value;
    while let Some(rest) = path.strip_prefix("../").or_else(|| path.strip_prefix("./")) {
        path = rest;
    }
    let (path, fragment) = match path.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (path, None),
    };
    routes::standalone_anchor(path, fragment)
}

/// Where a rendered part goes in the standalone file (an HTML comment).
pub(crate) fn marker(part: &str) -> String {
    format!("{MARKER_START}{part}{MARKER_END}")
}

/// The start of a [`marker`].
const MARKER_START: &str = "<!--snp-part:";
/// The end of a [`marker`].
const MARKER_END: &str = "-->";

/// The part marker standing for every State's section.
pub(crate) const STATES_PART: &str = "states";

/// The marker, in a part rendered in pieces, where its pieces go.
pub(crate) const ITEMS_PART: &str = "items";

/// Writes the standalone file of one language: its rendered shell, with links
/// rewritten and each [`marker`] replaced by its part, written by `part` (the State
/// sections for [`STATES_PART`], else the part rendered for the page named by the
/// marker), so that the file is written piece by piece, never held whole.
pub(crate) fn write(
    out: &mut dyn Write,
    shell: &[u8],
    part: &mut dyn FnMut(&str, &mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let shell = rewrite_links(&String::from_utf8_lossy(shell));
    splice(out, &shell, part)
}

/// Writes `shell`, each part marker replaced by what `part` writes for it.
pub(crate) fn splice(
    out: &mut dyn Write,
    shell: &str,
    part: &mut dyn FnMut(&str, &mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut rest = shell;
    while let Some(start) = rest.find(MARKER_START) {
        let name_start = start + MARKER_START.len();
        let Some(end) = rest[name_start..].find(MARKER_END).map(|i| name_start + i) else {
            break;
        };
        out.write_all(&rest.as_bytes()[..start])?;
        part(&rest[name_start..end], out)?;
        rest = &rest[end + MARKER_END.len()..];
    }
    out.write_all(rest.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_between_pages_become_anchors() {
        let html = r#"<a href="states/armenia.html">A</a> <a href="../sources.html#src-x">S</a> <a href="regions/asia.html">R</a> <a href="pages/methodology.html">M</a> <a href="index.html">O</a>"#;
        assert_eq!(
            rewrite_links(html),
            r##"<a href="#state-armenia">A</a> <a href="#src-x">S</a> <a href="#region-asia">R</a> <a href="#page-methodology">M</a> <a href="#top">O</a>"##
        );
    }

    #[test]
    fn keeps_external_and_in_page_links_and_drops_other_local_files() {
        let html = r##"<a class="x" href="https://example.org/a">E</a><a href="#votes">V</a><a href="data/states.csv">D</a><img src="assets/x.png" alt="x">"##;
        assert_eq!(
            rewrite_links(html),
            r##"<a class="x" href="https://example.org/a">E</a><a href="#votes">V</a><a>D</a><img alt="x">"##
        );
    }

    #[test]
    fn splices_parts_into_markers() {
        let shell = "<main><!--snp-part:index.html--><div><!--snp-part:states--></div></main>";
        let mut out = Vec::new();
        splice(&mut out, shell, &mut |p, w| write!(w, "[{p}]")).unwrap();
        assert_eq!(out, b"<main>[index.html]<div>[states]</div></main>");
    }

    #[test]
    fn svg_becomes_a_data_uri_that_decodes_to_it() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"M1 2\" fill=\"#0a4a85\"/>&amp;%</svg>\n";
        let uri = svg_data_uri(svg);
        assert_eq!(
            uri,
            "data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22%3E%3Cpath%20d=%22M1%202%22%20fill=%22%230a4a85%22/%3E%26amp;%25%3C/svg%3E"
        );
        let body = uri.strip_prefix("data:image/svg+xml,").unwrap();
        let decoded = percent_encoding::percent_decode_str(body)
            .decode_utf8()
            .unwrap();
        assert_eq!(decoded, svg.trim());
        // Kept whole by the link rewriting of the standalone file.
        let link = format!(r#"<link rel="icon" href="{uri}">"#);
        assert_eq!(rewrite_links(&link), link);
    }

    #[test]
    fn leaves_text_alone() {
        let html = "<p>Write href=\"states/x.html\" like this</p>";
        assert_eq!(rewrite_links(html), html);
    }
}
