//! The one place that talks to the YAML parser (serde_yaml, and libyaml under it).
//!
//! serde_yaml is no longer maintained upstream; everything else in the generator
//! sees only [`Node`], [`YamlError`], [`Places`] and [`locate`], so a maintained
//! fork can replace it here alone.
//!
//! serde_yaml does not expose positions, but it attaches the start of the node
//! being deserialized to any error raised while deserializing it: [`parse`] uses
//! that to report a duplicate key at the duplicate. The place of every other node
//! comes from the events of libyaml, the parser serde_yaml reads with
//! ([`events`]): [`Places`] reads them once for a file and then places any number
//! of messages in it; [`locate`] reads only as far as the one node it looks for.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::ControlFlow;

mod events;

use events::Event;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A parsed YAML value, keys kept in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i128),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The text of a scalar key (`2019`, `name`), or `None` for a null, sequence or mapping key.
    pub fn key_text(&self) -> Option<String> {
        match self {
            Node::Bool(b) => Some(b.to_string()),
            Node::Int(i) => Some(i.to_string()),
            Node::Float(f) => Some(f.to_string()),
            Node::Str(s) => Some(s.clone()),
            Node::Null | Node::Seq(_) | Node::Map(_) => None,
        }
    }

    /// A short description of the kind of value, for messages ("a number", "a list").
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "nothing (null)",
            Node::Bool(_) => "true/false",
            Node::Int(_) | Node::Float(_) => "a number",
            Node::Str(_) => "text",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }
}

/// A YAML syntax error (or a duplicate key), with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What went wrong, without the place.
    pub message: String,
    /// 1-based line and column, when known.
    pub place: Option<(usize, usize)>,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    /// The value of a mapping key (written as its text: `name`, `2019`).
    Key(String),
    /// An element of a sequence.
    Index(usize),
}

/// Whether [`locate`] points at a node or at the key that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The node itself.
    Value,
    /// The mapping key of the last path step.
    Key,
}

/// Parses one YAML document into a [`Node`]; duplicate keys are errors.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    NodeSeed
        .deserialize(serde_yaml::Deserializer::from_str(text))
        .map_err(|e| {
            let message = strip_place(&e.to_string());
            match e.location() {
                Some(l) => YamlError {
                    message,
                    place: Some((l.line(), l.column())),
                },
                None if message.contains("more than one document") => YamlError {
                    message: "the file holds more than one YAML document (a line `---` or `...` ends one); write a single document".into(),
                    place: Some(second_document(text)),
                },
                None => YamlError {
                    message,
                    place: Some((1, 1)),
                },
            }
        })
}

/// Where a second document starts: the first `---`/`...` line after content, else the last line.
fn second_document(text: &str) -> (usize, usize) {
    let mut seen_content = false;
    let mut last = 1;
    for (i, line) in text.lines().enumerate() {
        let marker = line.starts_with("---") || line.starts_with("...");
        if marker && seen_content {
            return (i + 1, 1);
        }
        if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            seen_content |= !marker;
            last = i + 1;
        }
    }
    (last, 1)
}

/// Where every node of a YAML text starts, from one pass over the parser's events:
/// to place any number of messages about one file without parsing it again.
#[derive(Debug, Default)]
pub struct Places {
    nodes: HashMap<Vec<Step>, Place>,
}

/// Where a node starts, and the key that holds it (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    value: (usize, usize),
    key: Option<(usize, usize)>,
}

impl Place {
    fn of(&self, target: Target) -> (usize, usize) {
        match target {
            Target::Value => self.value,
            Target::Key => self.key.unwrap_or(self.value),
        }
    }
}

impl Places {
    /// The places of every node of `text` (none if it is not valid YAML).
    pub fn of(text: &str) -> Places {
        let mut nodes = HashMap::new();
        walk(text, &mut |path, place| {
            nodes.entry(path.to_vec()).or_insert(place);
            ControlFlow::Continue(())
        });
        Places { nodes }
    }

    /// The line and column of the node at `path` (or of its key), if it exists.
    pub fn get(&self, path: &[Step], target: Target) -> Option<(usize, usize)> {
        self.nodes.get(path).map(|place| place.of(target))
    }
}

/// The line and column of the node at `path` (or of its key), if it exists; reads
/// `text` only as far as that node. To place several messages in one file, use
/// [`Places`].
pub fn locate(text: &str, path: &[Step], target: Target) -> Option<(usize, usize)> {
    let mut found = None;
    walk(text, &mut |at, place| {
        if at == path {
            found = Some(place.of(target));
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    found
}

/// What a node's parent is, while [`walk`] reads its events.
enum Frame {
    /// A mapping: the key being read (`None` until its key is read, or for a
    /// key that is not a scalar), and where the key is.
    Map {
        key: Option<Option<String>>,
        key_place: (usize, usize),
    },
    /// A sequence, and the index of its next element.
    Seq(usize),
    /// A node that no path leads into (a mapping or sequence used as a key), and
    /// how many of its own mappings and sequences are open.
    Skip(usize),
}

/// Reads the events of the first document of `text` (with libyaml, the parser
/// serde_yaml reads with, so that places are the ones serde_yaml reports) and calls
/// `visit` with the path and place of every node, in document order, until `visit`
/// breaks or the document ends. What an alias stands for is placed where its
/// anchor's nodes are, as serde_yaml does.
fn walk(text: &str, visit: &mut dyn FnMut(&[Step], Place) -> ControlFlow<()>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut walker = Walker {
        visit,
        path: Vec::new(),
        recording: Vec::new(),
        anchors: HashMap::new(),
        placed: 0,
    };
    let _ = walker.events(events::Events::new(text.as_bytes()));
    if walker.placed == 0 {
        // An empty document: serde_yaml places it at its start.
        let _ = (walker.visit)(
            &[],
            Place {
                value: (1, 1),
                key: None,
            },
        );
    }
}

/// The places below an anchored node, by their path from it.
type Anchored = Vec<(Vec<Step>, Place)>;

/// The state of [`walk`].
struct Walker<'v> {
    visit: &'v mut dyn FnMut(&[Step], Place) -> ControlFlow<()>,
    /// The path of the node being read.
    path: Vec<Step>,
    /// The anchored nodes being read: their name, the length of their path, how
    /// many mappings and sequences were open around them, and their places so far.
    recording: Vec<(String, usize, usize, Anchored)>,
    /// The anchored nodes read.
    anchors: HashMap<String, Anchored>,
    /// How many nodes were placed.
    placed: usize,
}

/// At most this many nodes are placed: aliases of aliases can stand for more nodes
/// than the text holds (serde_yaml refuses such a text; this keeps [`walk`] as safe
/// on its own).
const MAX_PLACES: usize = 1_000_000;

impl Walker<'_> {
    fn events(&mut self, mut events: events::Events) -> ControlFlow<()> {
        let mut frames: Vec<Frame> = Vec::new();
        while let Some((event, mark)) = events.next() {
            // Inside a mapping or sequence used as a key: only count what opens and closes.
            if let Some(Frame::Skip(open)) = frames.last_mut() {
                match event {
                    Event::Open { .. } => *open += 1,
                    Event::Close if *open > 0 => *open -= 1,
                    Event::Close => {
                        frames.pop();
                    }
                    Event::Scalar { .. } | Event::Alias(_) => {}
                }
                continue;
            }
            if let Event::Close = event {
                frames.pop();
                self.finish_anchors(frames.len());
                if frames.is_empty() {
                    return ControlFlow::Continue(());
                }
                done_with_value(&mut frames, &mut self.path);
                continue;
            }
            // A mapping's key.
            if let Some(Frame::Map {
                key: key @ None,
                key_place,
            }) = frames.last_mut()
            {
                *key_place = mark;
                *key = Some(match &event {
                    Event::Scalar { text, plain, .. } => key_text(text, *plain),
                    Event::Alias(_) | Event::Open { .. } | Event::Close => None,
                });
                if let Event::Open { .. } = event {
                    frames.push(Frame::Skip(0));
                }
                continue;
            }
            // A value: of a mapping's key, a sequence's element, or the document.
            let key = match frames.last() {
                Some(Frame::Map { key, key_place }) => {
                    let text = key.clone().flatten().unwrap_or_else(|| "\u{0}".into());
                    self.path.push(Step::Key(text));
                    Some(*key_place)
                }
                Some(Frame::Seq(index)) => {
                    self.path.push(Step::Index(*index));
                    None
                }
                Some(Frame::Skip(_)) | None => None,
            };
            let opens = match &event {
                Event::Open { mapping, .. } => Some(*mapping),
                _ => None,
            };
            match event {
                Event::Alias(name) => {
                    let anchored = self.anchors.get(&name).cloned().unwrap_or_default();
                    for (below, place) in anchored {
                        let path = [self.path.as_slice(), &below].concat();
                        let place = match below.is_empty() {
                            true => Place { key, ..place },
                            false => place,
                        };
                        self.place(&path, place)?;
                    }
                }
                Event::Scalar { anchor, .. } | Event::Open { anchor, .. } => {
                    if let Some(name) = anchor {
                        let base = self.path.len();
                        self.recording.push((name, base, frames.len(), Vec::new()));
                    }
                    let path = std::mem::take(&mut self.path);
                    let placed = self.place(&path, Place { value: mark, key });
                    self.path = path;
                    placed?;
                }
                Event::Close => {}
            }
            match opens {
                Some(true) => frames.push(Frame::Map {
                    key: None,
                    key_place: mark,
                }),
                Some(false) => frames.push(Frame::Seq(0)),
                None => {
                    self.finish_anchors(frames.len());
                    if frames.is_empty() {
                        return ControlFlow::Continue(());
                    }
                    done_with_value(&mut frames, &mut self.path);
                }
            }
        }
        ControlFlow::Continue(())
    }

    /// Places one node, also for every anchored node it is in.
    fn place(&mut self, path: &[Step], place: Place) -> ControlFlow<()> {
        self.placed += 1;
        if self.placed > MAX_PLACES {
            return ControlFlow::Break(());
        }
        for (_, base, _, places) in &mut self.recording {
            places.push((path[*base..].to_vec(), place));
        }
        (self.visit)(path, place)
    }

    /// Keeps the anchored nodes that end with `depth` mappings and sequences open.
    fn finish_anchors(&mut self, depth: usize) {
        while self
            .recording
            .last()
            .is_some_and(|(_, _, d, _)| *d == depth)
        {
            if let Some((name, _, _, places)) = self.recording.pop() {
                self.anchors.insert(name, places);
            }
        }
    }
}

/// After a value of the innermost mapping or sequence: its step leaves the path, and
/// the parent waits for its next key or element.
fn done_with_value(frames: &mut [Frame], path: &mut Vec<Step>) {
    match frames.last_mut() {
        Some(Frame::Map { key, .. }) => *key = None,
        Some(Frame::Seq(index)) => *index += 1,
        Some(Frame::Skip(_)) | None => return,
    }
    path.pop();
}

/// A key's text as [`Node::key_text`] gives it: a plain scalar is read as a
/// number, a boolean or null (no text) when it is one.
fn key_text(text: &str, plain: bool) -> Option<String> {
    if !plain {
        return Some(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => None,
        "true" | "True" | "TRUE" => Some("true".into()),
        "false" | "False" | "FALSE" => Some("false".into()),
        _ => Some(
            text.parse::<i128>()
                .map_or_else(|_| text.to_string(), |n| n.to_string()),
        ),
    }
}

/// serde_yaml writes places into its messages (" at line L column C"); they are reported apart.
fn strip_place(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let line_end = digits(tail);
        match tail[line_end..].strip_prefix(" column ") {
            Some(col) if line_end > 0 => rest = &col[digits(col)..],
            _ => {
                out.push_str(" at line ");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

struct NodeSeed;

impl<'de> DeserializeSeed<'de> for NodeSeed {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor { seen: None })
    }
}

/// Builds nodes; as a key visitor (`seen` set), rejects a key already in the mapping.
struct NodeVisitor<'s> {
    seen: Option<&'s HashSet<String>>,
}

impl NodeVisitor<'_> {
    fn scalar<E: de::Error>(&self, node: Node) -> Result<Node, E> {
        if let (Some(seen), Some(key)) = (self.seen, node.key_text())
            && seen.contains(&key)
        {
            return Err(E::custom(format!("duplicate key `{key}` in this mapping")));
        }
        Ok(node)
    }
}

impl<'de> Visitor<'de> for NodeVisitor<'_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        self.scalar(Node::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        self.scalar(Node::Int(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        self.scalar(Node::Int(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        self.scalar(Node::Int(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        match i128::try_from(v) {
            Ok(v) => self.scalar(Node::Int(v)),
            Err(_) => self.scalar(Node::Float(v as f64)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        self.scalar(Node::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        self.scalar(Node::Str(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        self.scalar(Node::Str(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(NodeSeed)? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key_seed(KeySeed { seen: &seen })? {
            let value = map.next_value_seed(NodeSeed)?;
            if let Some(text) = key.key_text() {
                seen.insert(text);
            }
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        // A YAML tag (`!thing value`): keep the value, drop the tag.
        let (_, variant): (IgnoredAny, _) = data.variant()?;
        de::VariantAccess::newtype_variant_seed(variant, NodeSeed)
    }
}

struct KeySeed<'s> {
    seen: &'s HashSet<String>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor {
            seen: Some(self.seen),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "name: Exampleland\nunga_votes:\n  2018: abstaining\n  2019: {vote: in_favour, source: x}\nitems:\n  - 2012\n  - {year: 2014, source: y}\n";

    #[test]
    fn parses_in_document_order() {
        let Node::Map(entries) = parse(DOC).unwrap() else {
            panic!("not a map")
        };
        let keys: Vec<_> = entries.iter().filter_map(|(k, _)| k.key_text()).collect();
        assert_eq!(keys, ["name", "unga_votes", "items"]);
    }

    #[test]
    fn reports_duplicate_keys_at_the_duplicate() {
        let err = parse("a: 1\nvotes:\n  2019: x\n  2019: y\n").unwrap_err();
        assert!(
            err.message.contains("duplicate key `2019`"),
            "{}",
            err.message
        );
        assert_eq!(err.place, Some((4, 3)));
        let err = parse("name: a\niso3: b\nname: c\n").unwrap_err();
        assert_eq!(err.place, Some((3, 1)));
    }

    #[test]
    fn locates_values_and_keys() {
        let key = |k: &str| Step::Key(k.into());
        assert_eq!(locate(DOC, &[key("name")], Target::Value), Some((1, 7)));
        assert_eq!(
            locate(DOC, &[key("unga_votes"), key("2019")], Target::Key),
            Some((4, 3))
        );
        assert_eq!(
            locate(
                DOC,
                &[key("unga_votes"), key("2019"), key("source")],
                Target::Value
            ),
            Some((4, 35))
        );
        assert_eq!(
            locate(
                DOC,
                &[key("items"), Step::Index(1), key("year")],
                Target::Value
            ),
            Some((7, 12))
        );
        assert_eq!(locate(DOC, &[key("missing")], Target::Value), None);
    }

    #[test]
    fn places_every_node_in_one_pass_as_locate_does() {
        let key = |k: &str| Step::Key(k.into());
        let places = Places::of(DOC);
        let paths = [
            vec![],
            vec![key("name")],
            vec![key("unga_votes"), key("2018")],
            vec![key("unga_votes"), key("2019"), key("source")],
            vec![key("items"), Step::Index(0)],
            vec![key("items"), Step::Index(1), key("year")],
            vec![key("missing")],
        ];
        for path in &paths {
            for target in [Target::Value, Target::Key] {
                assert_eq!(
                    places.get(path, target),
                    locate(DOC, path, target),
                    "{path:?}"
                );
            }
        }
        assert_eq!(places.get(&paths[2], Target::Key), Some((3, 3)));
        assert_eq!(places.get(&paths[2], Target::Value), Some((3, 9)));
        // An element has no key: its key is the element.
        assert_eq!(places.get(&paths[4], Target::Key), Some((6, 5)));
    }

    #[test]
    fn places_aliases_where_their_anchor_is_and_keys_as_parsed() {
        let key = |k: &str| Step::Key(k.into());
        let doc = "a: &x {b: 1, c: [1, 2]}\nd: *x\n'007': quoted\n008: plain\n? [complex, key]\n: skipped\ntrue: yes\n";
        let places = Places::of(doc);
        // What an alias stands for is where the anchored nodes are (as serde_yaml reports
        // errors in it); the alias's own key stays where it is.
        assert_eq!(places.get(&[key("d")], Target::Value), Some((1, 4)));
        assert_eq!(places.get(&[key("d")], Target::Key), Some((2, 1)));
        assert_eq!(
            places.get(&[key("d"), key("c"), Step::Index(1)], Target::Value),
            Some((1, 21))
        );
        // Keys are matched as parsed: a quoted key is text, a plain one a number.
        assert_eq!(places.get(&[key("007")], Target::Value), Some((3, 8)));
        assert_eq!(places.get(&[key("8")], Target::Value), Some((4, 6)));
        assert_eq!(places.get(&[key("true")], Target::Value), Some((7, 7)));
        // A document with nothing in it is placed at its start; broken YAML nowhere.
        assert_eq!(Places::of("").get(&[], Target::Value), Some((1, 1)));
        assert_eq!(locate("a: [1", &[key("a")], Target::Value), Some((1, 4)));
        assert_eq!(locate(": : :\n\t", &[key("b")], Target::Value), None);
    }

    #[test]
    fn syntax_errors_have_a_place() {
        let err = parse("a: [1, 2\nb: c\n").unwrap_err();
        assert!(err.place.is_some());
        assert!(!err.message.contains(" at line "));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            doc.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(parse(&doc).is_err());
        // Placing nodes stops at its limit rather than expanding the aliases for ever.
        assert_eq!(
            locate(&doc, &[Step::Key("missing".into())], Target::Value),
            None
        );
        let places = Places::of(&doc);
        assert_eq!(
            places.get(&[Step::Key("a1".into())], Target::Key),
            Some((2, 1))
        );
        assert_eq!(places.get(&[Step::Key("a11".into())], Target::Key), None);
    }
}
