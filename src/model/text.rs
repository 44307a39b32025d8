//! Human-language text, in one or several languages.

use std::fmt;

use serde::Serialize;

/// A language code from `languages` in report.yaml (`en`, `fr`, `ar`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Lang(pub String);

impl Lang {
    /// The code as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the language is written right to left.
    pub fn is_rtl(&self) -> bool {
        let primary = self.0.split('-').next().unwrap_or_default();
        matches!(
            primary,
            "ar" | "fa" | "he" | "ur" | "ps" | "yi" | "dv" | "ckb"
        )
    }

    /// Whether `code` has the shape of a language code: `fr`, `ast`, `pt-BR`.
    pub fn is_valid(code: &str) -> bool {
        let mut parts = code.split('-');
        let primary = parts.next().unwrap_or_default();
        let primary_ok =
            (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
        let region_ok = match parts.next() {
            None => true,
            Some(r) => {
                (r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()))
                    || (r.len() == 3 && r.bytes().all(|b| b.is_ascii_digit()))
            }
        };
        primary_ok && region_ok && parts.next().is_none()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Text in the default language and, optionally, translations: one text per
/// language, in the order of the language codes. Kept as a sorted list, not a map: a
/// record holds dozens of texts, most in one language (a map's smallest node is ten
/// times the size of one entry).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Text(Vec<(Lang, String)>);

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(lang, text)| (lang, text)))
    }
}

/// Inline Markdown in several languages with the source keys it cites (`[^key]`),
/// found once, when the content is validated. Written out as its text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Inline {
    /// The text.
    pub text: Text,
    /// The source keys cited, in order of first citation in any language.
    pub cited: Vec<String>,
}

impl Serialize for Inline {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.text.serialize(serializer)
    }
}

impl Text {
    /// Text in one language only.
    pub fn plain(lang: &Lang, text: impl Into<String>) -> Self {
        Text(vec![(lang.clone(), text.into())])
    }

    /// The text in `lang`, else in `default` (then `false`: not translated).
    pub fn get<'a>(&'a self, lang: &Lang, default: &Lang) -> (&'a str, bool) {
        match self.version(lang) {
            Some(text) => (text, true),
            None => (self.version(default).unwrap_or_default(), false),
        }
    }

    /// The text in `lang` only.
    pub fn version(&self, lang: &Lang) -> Option<&str> {
        self.position(lang).ok().map(|i| self.0[i].1.as_str())
    }

    /// Sets the text in `lang`.
    pub fn insert(&mut self, lang: Lang, text: String) {
        match self.position(&lang) {
            Ok(i) => self.0[i].1 = text,
            Err(i) => self.0.insert(i, (lang, text)),
        }
    }

    /// The texts, in the order of their language codes.
    pub fn versions(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(_, text)| text.as_str())
    }

    fn position(&self, lang: &Lang) -> Result<usize, usize> {
        self.0.binary_search_by(|(l, _)| l.cmp(lang))
    }
}
