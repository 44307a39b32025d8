//! The one place that talks to the YAML parser (serde_yaml).
//!
//! serde_yaml is no longer maintained upstream; everything else in the generator
//! sees only [`Node`], [`YamlError`] and [`locate`], so a maintained fork can
//! replace it here alone.
//!
//! serde_yaml does not expose positions, but it attaches the start of the node
//! being deserialized to any error raised while deserializing it. [`parse`] uses
//! that to report a duplicate key at the duplicate, and [`locate`] to find the
//! line and column of any node by its path, without a second parser.

use std::collections::HashSet;
use std::fmt;

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
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// The line and column of the node at `path` (or of its key), if it exists.
pub fn locate(text: &str, path: &[Step], target: Target) -> Option<(usize, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let seed = Locate { path, target };
    match seed.deserialize(serde_yaml::Deserializer::from_str(text)) {
        Err(e) if e.to_string().contains(PIN) => e.location().map(|l| (l.line(), l.column())),
        _ => None,
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

/// Marker of the error [`locate`] raises on purpose at the node it looks for.
const PIN: &str = "located node";

/// Walks `path`, then fails at the node (serde_yaml attaches that node's place).
struct Locate<'p> {
    path: &'p [Step],
    target: Target,
}

impl<'de> DeserializeSeed<'de> for Locate<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.path.first() {
            None => deserializer.deserialize_any(Pin),
            Some(_) => deserializer.deserialize_any(Walk(self)),
        }
    }
}

struct Pin;

impl<'de> Visitor<'de> for Pin {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(PIN)
    }
}

struct Walk<'p>(Locate<'p>);

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping or a sequence")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Locate { path, target } = self.0;
        let Some(Step::Key(wanted)) = path.first() else {
            return Ok(());
        };
        let rest = &path[1..];
        let pin_key = rest.is_empty() && target == Target::Key;
        while let Some(found) = map.next_key_seed(KeyProbe { wanted, pin_key })? {
            if found {
                return map.next_value_seed(Locate { path: rest, target });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Locate { path, target } = self.0;
        let Some(Step::Index(wanted)) = path.first() else {
            return Ok(());
        };
        for _ in 0..*wanted {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Locate {
            path: &path[1..],
            target,
        })
        .map(|_| ())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// Compares a mapping key with the wanted one; fails there when the key itself is wanted.
struct KeyProbe<'w> {
    wanted: &'w str,
    pin_key: bool,
}

impl KeyProbe<'_> {
    fn check<E: de::Error>(&self, text: &str) -> Result<bool, E> {
        let found = text == self.wanted;
        if found && self.pin_key {
            Err(E::custom(PIN))
        } else {
            Ok(found)
        }
    }
}

impl<'de> DeserializeSeed<'de> for KeyProbe<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyProbe<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        self.check(&v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        self.check(&v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.check(&v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        self.check(&v.to_string())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        self.check(v)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
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
    }
}
