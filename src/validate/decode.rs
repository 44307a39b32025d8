//! Reading YAML nodes into typed values, reporting every problem with its place.

use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::ContentFile;
use crate::model::{Date, Facts, Inline, Lang, PartialDate, SourceKey, Sourced, Text, Vocabulary};
use crate::yaml::{self, Node, Step, Target};

/// A path into a YAML document.
pub(super) type Path = Vec<Step>;

/// `path` followed by `seg`.
pub(super) fn join(path: &[Step], seg: Step) -> Path {
    let mut p = path.to_vec();
    p.push(seg);
    p
}

/// `path` followed by a key.
pub(super) fn key(path: &[Step], name: &str) -> Path {
    join(path, Step::Key(name.to_string()))
}

/// A source reference seen while decoding, to be resolved once all sources are known.
#[derive(Debug, Clone)]
pub(crate) struct Citation {
    /// The key.
    pub key: String,
    /// Where it was written.
    pub path: Path,
    /// Whether it was a `[^key]` in text (else a `source:` field).
    pub in_text: bool,
}

/// A fact without any source, seen while decoding.
#[derive(Debug, Clone)]
pub(crate) struct Unsourced {
    /// What the fact is ("vote of 2019").
    pub what: String,
    /// Where it was written.
    pub path: Path,
}

/// The decoding context of one YAML text: where to report, and what is known so far.
pub(crate) struct Decoder<'a> {
    /// The file being read.
    pub file: &'a ContentFile,
    /// The YAML text (the file, or its front matter).
    pub text: &'a str,
    /// Lines before `text` in the file.
    pub line_offset: usize,
    /// Where problems go.
    pub diags: &'a mut Diagnostics,
    /// The edition's languages, once known (empty if report.yaml failed).
    pub langs: Vec<Lang>,
    /// The edition's as-of date, once known.
    pub as_of: Option<Date>,
    /// Source references seen.
    pub citations: Vec<Citation>,
    /// Facts seen without a source.
    pub unsourced: Vec<Unsourced>,
    /// Where each node of `text` is: read once, when the first problem is placed.
    places: std::cell::OnceCell<yaml::Places>,
}

impl<'a> Decoder<'a> {
    /// A context for the whole of `file`.
    pub(crate) fn new(
        file: &'a ContentFile,
        diags: &'a mut Diagnostics,
        langs: Vec<Lang>,
        as_of: Option<Date>,
    ) -> Self {
        Decoder {
            file,
            text: &file.text,
            line_offset: 0,
            diags,
            langs,
            as_of,
            citations: Vec::new(),
            unsourced: Vec::new(),
            places: std::cell::OnceCell::new(),
        }
    }

    /// The place of the node at `path` (or its key), as line and column in the file.
    pub(crate) fn place(&self, path: &[Step], target: Target) -> Option<(usize, usize)> {
        let places = self.places.get_or_init(|| yaml::Places::of(self.text));
        places
            .get(path, target)
            .or_else(|| places.get(parent(path), Target::Value))
            .map(|(line, column)| (line + self.line_offset, column))
    }

    /// Reports an error at `path`.
    pub(crate) fn error(&mut self, path: &[Step], message: impl Into<String>) {
        self.error_help(path, Target::Value, message, None);
    }

    /// Reports an error at `path` (or its key), with a suggestion.
    pub(crate) fn error_help(
        &mut self,
        path: &[Step],
        target: Target,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let place = self.place(path, target);
        self.diags.push(
            Diagnostic::error(&self.file.rel, message)
                .at(place)
                .help(help),
        );
    }

    /// Reports a warning at `path`.
    pub(crate) fn warning(&mut self, path: &[Step], message: impl Into<String>) {
        let place = self.place(path, Target::Value);
        self.diags
            .push(Diagnostic::warning(&self.file.rel, message).at(place));
    }

    /// The default language, if known.
    pub(crate) fn default_lang(&self) -> Lang {
        self.langs
            .first()
            .cloned()
            .unwrap_or_else(|| Lang(String::new()))
    }

    /// Notes a `source:` reference.
    pub(crate) fn cite(&mut self, key: &SourceKey, path: &[Step]) {
        self.citations.push(Citation {
            key: key.0.clone(),
            path: path.to_vec(),
            in_text: false,
        });
    }

    /// Notes a fact with no source of its own; `inherited` tells whether one applies anyway.
    pub(crate) fn sourced(
        &mut self,
        source: &Option<SourceKey>,
        inherited: bool,
        what: impl Into<String>,
        path: &[Step],
    ) {
        if source.is_none() && !inherited {
            self.unsourced.push(Unsourced {
                what: what.into(),
                path: path.to_vec(),
            });
        }
    }
}

fn parent(path: &[Step]) -> &[Step] {
    &path[..path.len().saturating_sub(1)]
}

/// The fields of a mapping, read one by one; unknown ones are reported by [`Fields::finish`].
pub(super) struct Fields<'n> {
    entries: &'n [(Node, Node)],
    path: Path,
    known: Vec<&'static str>,
}

impl<'n> Fields<'n> {
    /// The fields of `node`, or `None` (reported) if it is not a mapping.
    pub(super) fn new(cx: &mut Decoder, node: &'n Node, path: &[Step], what: &str) -> Option<Self> {
        match node {
            Node::Map(entries) => Some(Fields {
                entries,
                path: path.to_vec(),
                known: Vec::new(),
            }),
            other => {
                cx.error(
                    path,
                    format!(
                        "expected {what} (a mapping of fields), found {}",
                        other.kind()
                    ),
                );
                None
            }
        }
    }

    /// The value of an optional field; `None` if missing or null.
    pub(super) fn get(&mut self, name: &'static str) -> Option<(&'n Node, Path)> {
        self.known.push(name);
        self.entries
            .iter()
            .find(|(k, _)| k.key_text().as_deref() == Some(name))
            .filter(|(_, v)| *v != Node::Null)
            .map(|(_, v)| (v, key(&self.path, name)))
    }

    /// Whether the field is written, even as null.
    pub(super) fn has(&self, name: &str) -> bool {
        self.entries
            .iter()
            .any(|(k, _)| k.key_text().as_deref() == Some(name))
    }

    /// The value of a required field; reports it at the mapping if missing or null.
    pub(super) fn required(
        &mut self,
        cx: &mut Decoder,
        name: &'static str,
    ) -> Option<(&'n Node, Path)> {
        let found = self.get(name);
        if found.is_none() {
            let present = self.has(name);
            let message = if present {
                format!("required field `{name}` is empty")
            } else {
                format!("missing required field `{name}`")
            };
            let path = if present {
                key(&self.path, name)
            } else {
                self.path.clone()
            };
            cx.error(&path, message);
        }
        found
    }

    /// Decodes an optional field with `decode`.
    pub(super) fn opt<T>(
        &mut self,
        cx: &mut Decoder,
        name: &'static str,
        decode: impl FnOnce(&mut Decoder, &Node, &[Step]) -> Option<T>,
    ) -> Option<T> {
        let (node, path) = self.get(name)?;
        decode(cx, node, &path)
    }

    /// Decodes a required field with `decode`.
    pub(super) fn req<T>(
        &mut self,
        cx: &mut Decoder,
        name: &'static str,
        decode: impl FnOnce(&mut Decoder, &Node, &[Step]) -> Option<T>,
    ) -> Option<T> {
        let (node, path) = self.required(cx, name)?;
        decode(cx, node, &path)
    }

    /// Reports every field that was not read, suggesting the closest known name.
    pub(super) fn finish(self, cx: &mut Decoder) {
        for (k, _) in self.entries {
            let Some(name) = k.key_text() else {
                cx.error(
                    &self.path,
                    format!("a field name must be a word, found {}", k.kind()),
                );
                continue;
            };
            if !self.known.contains(&name.as_str()) {
                let mut expected = self.known.clone();
                expected.sort_unstable();
                expected.dedup();
                let help = did_you_mean(&name, expected.iter().copied())
                    .or_else(|| Some(format!("expected one of: {}", expected.join(", "))));
                cx.error_help(
                    &key(&self.path, &name),
                    Target::Key,
                    format!("unknown field `{name}`"),
                    help,
                );
            }
        }
    }
}

/// A string.
pub(super) fn string(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<String> {
    match node {
        Node::Str(s) if s.trim().is_empty() => {
            cx.error(path, "expected text, found an empty string");
            None
        }
        Node::Str(s) => Some(s.clone()),
        Node::Int(_) | Node::Float(_) | Node::Bool(_) => {
            cx.error_help(
                path,
                Target::Value,
                format!("expected text, found {}", node.kind()),
                Some("put the value in quotes to write it as text".into()),
            );
            None
        }
        other => {
            cx.error(path, format!("expected text, found {}", other.kind()));
            None
        }
    }
}

/// Human-language text: a string in the default language, or a mapping from language to string.
pub(super) fn text(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<Text> {
    let Node::Map(entries) = node else {
        let default = cx.default_lang();
        return string(cx, node, path).map(|s| Text::plain(&default, s));
    };
    let mut text = Text::default();
    for (k, v) in entries {
        let code = k.key_text().unwrap_or_default();
        let p = key(path, &code);
        if !cx.langs.is_empty() && !cx.langs.iter().any(|l| l.as_str() == code) {
            let help = did_you_mean(&code, cx.langs.iter().map(Lang::as_str)).or_else(|| {
                Some(format!(
                    "languages of this edition: {}",
                    lang_list(&cx.langs)
                ))
            });
            cx.error_help(
                &p,
                Target::Key,
                format!("`{code}` is not one of the edition's `languages`"),
                help,
            );
            continue;
        }
        if let Some(s) = string(cx, v, &p) {
            text.insert(Lang(code), s);
        }
    }
    let default = cx.default_lang();
    if !cx.langs.is_empty() && text.version(&default).is_none() {
        cx.error(
            path,
            format!("text in several languages must include the default language `{default}`"),
        );
        return None;
    }
    Some(text)
}

/// The edition's languages, for messages.
pub(super) fn lang_list(langs: &[Lang]) -> String {
    langs
        .iter()
        .map(Lang::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A four-digit year.
pub(super) fn year(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<i16> {
    match node {
        Node::Int(y) if (1000..=9999).contains(y) => Some(*y as i16),
        Node::Str(s) if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) => s.parse().ok(),
        other => {
            cx.error(
                path,
                format!(
                    "invalid year {}: expected four digits, such as 2014",
                    shown(other)
                ),
            );
            None
        }
    }
}

/// A full ISO 8601 date (`2020-11-16`).
pub(super) fn date(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<Date> {
    let parsed = match node {
        Node::Str(s) => parse_day(s),
        _ => None,
    };
    if parsed.is_none() {
        cx.error(
            path,
            format!(
                "invalid date {}: expected an ISO 8601 date such as 2020-11-16",
                shown(node)
            ),
        );
    }
    parsed
}

/// A year alone or a full date.
pub(super) fn partial_date(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<PartialDate> {
    let parsed = match node {
        Node::Int(y) if (1000..=9999).contains(y) => Some(PartialDate::Year(*y as i16)),
        Node::Str(s) if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok().map(PartialDate::Year)
        }
        Node::Str(s) => parse_day(s).map(PartialDate::Day),
        _ => None,
    };
    if parsed.is_none() {
        cx.error(
            path,
            format!(
                "invalid date {}: expected a year (2014) or an ISO 8601 date (2020-11-16)",
                shown(node)
            ),
        );
    }
    parsed
}

fn parse_day(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    let y = s[0..4].parse().ok()?;
    let m = s[5..7].parse().ok()?;
    let d = s[8..10].parse().ok()?;
    Date::new(y, m, d).ok()
}

/// A non-negative integer.
pub(super) fn count(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<u64> {
    match node {
        Node::Int(n) if *n >= 0 && *n <= i128::from(u64::MAX) => Some(*n as u64),
        other => {
            cx.error(
                path,
                format!(
                    "expected a whole number of 0 or more, found {}",
                    shown(other)
                ),
            );
            None
        }
    }
}

/// `true` or `false`.
pub(super) fn boolean(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<bool> {
    match node {
        Node::Bool(b) => Some(*b),
        other => {
            cx.error(
                path,
                format!("expected true or false, found {}", shown(other)),
            );
            None
        }
    }
}

/// A non-negative integer that fits in 32 bits.
pub(super) fn count32(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<u32> {
    let n = count(cx, node, path)?;
    match u32::try_from(n) {
        Ok(n) => Some(n),
        Err(_) => {
            cx.error(path, format!("{n} is too large"));
            None
        }
    }
}

/// A word from a closed list (a vote, a status...).
pub(super) fn word<V: Vocabulary>(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<V> {
    let written = match node {
        Node::Str(s) => s.clone(),
        other => shown(other),
    };
    let found = V::from_word(&written);
    if found.is_none() {
        let allowed: Vec<&str> = V::VALUES.iter().map(|(w, _)| *w).collect();
        let help = did_you_mean(&written, allowed.iter().copied());
        cx.error_help(
            path,
            Target::Value,
            format!(
                "invalid {} `{written}`: allowed values are {}",
                V::WHAT,
                allowed.join(", ")
            ),
            help,
        );
    }
    found
}

/// A source key (`source: monitor-2020`), noted for resolution.
pub(super) fn source_key(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<SourceKey> {
    let key = string(cx, node, path)?;
    let key = SourceKey(key);
    cx.cite(&key, path);
    Some(key)
}

/// A list, each item decoded with `item`; `[]` stays an empty list.
pub(super) fn list<T>(
    cx: &mut Decoder,
    node: &Node,
    path: &[Step],
    mut item: impl FnMut(&mut Decoder, &Node, &[Step]) -> Option<T>,
) -> Option<Vec<T>> {
    let Node::Seq(items) = node else {
        cx.error(path, format!("expected a list, found {}", node.kind()));
        return None;
    };
    let decoded: Vec<Option<T>> = items
        .iter()
        .enumerate()
        .map(|(i, n)| item(cx, n, &join(path, Step::Index(i))))
        .collect();
    decoded.into_iter().collect()
}

/// A list of facts: a plain list, or `{items: [...], source: key, note: text}`.
pub(super) fn facts<T>(
    cx: &mut Decoder,
    node: &Node,
    path: &[Step],
    item: impl FnMut(&mut Decoder, &Node, &[Step]) -> Option<T>,
) -> Option<(Facts<T>, Path)> {
    match node {
        Node::Seq(_) => Some((
            Facts {
                items: list(cx, node, path, item)?,
                source: None,
                note: None,
            },
            path.to_vec(),
        )),
        Node::Map(_) => {
            let mut f = Fields::new(cx, node, path, "a list, or a mapping with `items`")?;
            let items = f.req(cx, "items", |cx, n, p| list(cx, n, p, item));
            let source = f.opt(cx, "source", source_key);
            let note = f.opt(cx, "note", inline);
            let items_path = key(path, "items");
            f.finish(cx);
            Some((
                Facts {
                    items: items?,
                    source,
                    note,
                },
                items_path,
            ))
        }
        other => {
            cx.error(path, format!("expected a list, found {}", other.kind()));
            None
        }
    }
}

/// A fact written bare (`2018: abstaining`) or as a mapping with `field`, `source` and `note`.
pub(super) fn sourced<T>(
    cx: &mut Decoder,
    node: &Node,
    path: &[Step],
    field: &'static str,
    value: impl FnOnce(&mut Decoder, &Node, &[Step]) -> Option<T>,
) -> Option<Sourced<T>> {
    if !matches!(node, Node::Map(_)) {
        return value(cx, node, path).map(Sourced::bare);
    }
    let mut f = Fields::new(cx, node, path, "a mapping")?;
    let v = f.req(cx, field, value);
    let source = f.opt(cx, "source", source_key);
    let note = f.opt(cx, "note", inline);
    f.finish(cx);
    Some(Sourced {
        value: v?,
        source,
        note,
    })
}

/// How a node is shown in a message: `2019-13-01`, `abc`, or its kind.
pub(super) fn shown(node: &Node) -> String {
    match node {
        Node::Str(s) => format!("`{s}`"),
        Node::Int(i) => format!("`{i}`"),
        Node::Float(f) => format!("`{f}`"),
        Node::Bool(b) => format!("`{b}`"),
        other => other.kind().to_string(),
    }
}

/// Inline Markdown text (a `position`, `note` or `summary`); its `[^key]` citations are noted.
pub(super) fn inline(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<Text> {
    let text = text(cx, node, path)?;
    for version in text.versions() {
        for (label, _) in crate::markdown::labels(version).cited {
            cx.citations.push(Citation {
                key: label,
                path: path.to_vec(),
                in_text: true,
            });
        }
    }
    Some(text)
}

/// Inline Markdown text with the source keys it cites, kept in the model.
pub(super) fn cited_inline(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<Inline> {
    let text = text(cx, node, path)?;
    let mut cited: Vec<String> = Vec::new();
    for version in text.versions() {
        for (label, _) in crate::markdown::labels(version).cited {
            if !cited.contains(&label) {
                cited.push(label.clone());
            }
            cx.citations.push(Citation {
                key: label,
                path: path.to_vec(),
                in_text: true,
            });
        }
    }
    Some(Inline { text, cited })
}

impl Decoder<'_> {
    /// Reports a date after the edition's as-of date.
    pub(crate) fn not_after(&mut self, date: &PartialDate, path: &[Step]) {
        if let Some(as_of) = self.as_of
            && date.is_after(as_of)
        {
            self.error(path, format!("{date} is after the edition's as-of date {as_of}; nothing dated later may appear"));
        }
    }

    /// Reports a year outside 1996 to the as-of year, for year-by-year facts.
    pub(crate) fn in_period(&mut self, year: i16, path: &[Step], target: Target) {
        if let Some(as_of) = self.as_of
            && (year < FIRST_YEAR || year > as_of.year())
        {
            self.error_help(
                path,
                target,
                format!(
                    "year {year} is outside the period covered, {FIRST_YEAR} to {}",
                    as_of.year()
                ),
                None,
            );
        }
    }
}

/// The first year of the period covered (the first General Assembly resolution).
pub(super) const FIRST_YEAR: i16 = 1996;
