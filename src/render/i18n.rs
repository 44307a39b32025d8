//! Interface strings: one file per language, `templates/i18n/<lang>.yaml`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

// Lookups by key on every `t()` call of every page: foldhash, not SipHash.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use icu_plurals::PluralCategory;
use rayon::prelude::*;
use tera::{Kwargs, State, TeraResult};

use super::format::{Formatter, PLURAL_CATEGORIES, category_name};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Content, Lang};
use crate::yaml::{self, Node};

/// The interface strings of one language, with nested keys flattened (`vote.in_favour`).
#[derive(Debug, Clone, Default)]
pub(crate) struct LangStrings {
    /// The file they come from (under the templates directory as given).
    pub file: String,
    strings: HashMap<String, String>,
    /// Texts with a count: the form for each plural category, by key.
    plurals: HashMap<String, Plural>,
    /// Country names by ISO 3166-1 alpha-3 code: the United Nations' (`i18n/countries/un.yaml`),
    /// else the ISO 3166 list's (`i18n/countries/<lang>.yaml`); both optional.
    countries: HashMap<String, String>,
    /// The codes whose name in `countries` is the United Nations' one.
    un: HashSet<String>,
    /// Dates, numbers and plural rules of the language's `locale`.
    format: Option<Arc<Formatter>>,
}

/// An interface string that a template asks for and cannot have.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StringError {
    #[error("no interface strings for language `{0}`")]
    NoLanguage(String),
    #[error("interface string `{0}` has plural forms: give the count as t(key=\"{0}\", n=...)")]
    NeedsCount(String),
    #[error("interface string `{key}` is missing for language `{lang}`: add it to {file}")]
    Missing {
        key: String,
        lang: String,
        file: String,
    },
    #[error(
        "interface string `{key}` has no plural forms for language `{lang}` (a mapping of `one`, `other`...): add them to {file}"
    )]
    NoPlurals {
        key: String,
        lang: String,
        file: String,
    },
}

/// A text with a count, given for each plural category of the language
/// (`{one: "{n} State", other: "{n} States"}`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Plural {
    forms: BTreeMap<PluralCategory, String>,
    /// Line and column of the mapping in the strings file.
    place: Option<(usize, usize)>,
}

impl LangStrings {
    /// Reads `i18n/<lang>.yaml` under `templates`, with the language's country names
    /// (`un_names`: the United Nations' names of every language, `ISO3.lang` -> name).
    fn load(
        templates: &Path,
        lang: &Lang,
        un_names: &HashMap<String, String>,
        diags: &mut Diagnostics,
    ) -> Option<LangStrings> {
        let rel = super::template_path(templates, &format!("i18n/{lang}.yaml"));
        let text = match std::fs::read_to_string(&rel) {
            Ok(text) => crate::load::normalise(&text),
            Err(err) => {
                diags.push(Diagnostic::error(
                    &rel,
                    format!("cannot read the interface strings of `{lang}`: {err}"),
                ));
                return None;
            }
        };
        let Flat { strings, plurals } = read_map(&rel, &text, diags)?;
        let countries_rel = super::template_path(templates, &format!("i18n/countries/{lang}.yaml"));
        let mut countries = match std::fs::read_to_string(&countries_rel) {
            Ok(text) => read_map(&countries_rel, &crate::load::normalise(&text), diags)
                .map(|flat| flat.strings)
                .unwrap_or_default(),
            Err(_) => HashMap::new(),
        };
        let mut un = HashSet::new();
        for (key, name) in un_names {
            if let Some(iso3) = key.strip_suffix(&format!(".{lang}")) {
                countries.insert(iso3.to_string(), name.clone());
                un.insert(iso3.to_string());
            }
        }
        let locale = strings.get("locale").map_or(lang.as_str(), String::as_str);
        let format = match Formatter::new(locale) {
            Ok(format) => Some(Arc::new(format)),
            Err(e) => {
                diags.push(Diagnostic::error(&rel, e.to_string()));
                None
            }
        };
        if let Some(format) = &format {
            check_plurals(&rel, lang, format, &plurals, diags);
        }
        Some(LangStrings {
            file: rel,
            strings,
            plurals,
            countries,
            un,
            format,
        })
    }

    /// The string for `key`, if the file has it.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.strings.get(key).map(String::as_str)
    }

    /// The language's formats, if its `locale` is known to CLDR.
    pub(crate) fn format(&self) -> Option<&Arc<Formatter>> {
        self.format.as_ref()
    }

    /// The text for `key` with the count `n`: the form of `n`'s plural category, with
    /// `{n}` replaced by the number as the language writes it.
    fn counted(&self, key: &str, n: u64) -> Option<String> {
        let plural = self.plurals.get(key)?;
        let format = self.format.as_ref()?;
        let form = plural
            .forms
            .get(&format.plural(n))
            .or_else(|| plural.forms.get(&PluralCategory::Other))?;
        Some(form.replace("{n}", &format.number(n)))
    }

    /// The country name for an ISO 3166-1 alpha-3 code, if the dataset has one.
    pub(crate) fn country(&self, iso3: &str) -> Option<&str> {
        self.countries.get(iso3).map(String::as_str)
    }
}

/// The file of the names of States as the United Nations writes them.
const UN_NAMES: &str = "i18n/countries/un.yaml";

/// The interface strings of every language built.
#[derive(Debug, Clone, Default)]
pub(crate) struct Strings {
    by_lang: BTreeMap<Lang, LangStrings>,
    /// The file of the United Nations' names (under the templates directory as given).
    un_file: String,
}

impl Strings {
    /// Reads `i18n/<lang>.yaml` under `templates` for each language.
    pub(crate) fn load(templates: &Path, langs: &[Lang], diags: &mut Diagnostics) -> Strings {
        let un_rel = super::template_path(templates, UN_NAMES);
        // `ISO3.lang` -> name.
        let un_names = match std::fs::read_to_string(&un_rel) {
            Ok(text) => read_map(&un_rel, &crate::load::normalise(&text), diags)
                .map(|flat| flat.strings)
                .unwrap_or_default(),
            Err(_) => HashMap::new(),
        };
        // The languages side by side (their CLDR data takes the most time), each one's
        // messages kept in the order of the languages.
        let loaded: Vec<(Option<LangStrings>, Diagnostics)> = langs
            .par_iter()
            .map(|lang| {
                let mut own = Diagnostics::default();
                (LangStrings::load(templates, lang, &un_names, &mut own), own)
            })
            .collect();
        let mut by_lang = BTreeMap::new();
        for (lang, (strings, own)) in langs.iter().zip(loaded) {
            diags.extend(own);
            if let Some(strings) = strings {
                by_lang.insert(lang.clone(), strings);
            }
        }
        Strings {
            by_lang,
            un_file: un_rel,
        }
    }

    /// A warning for each State named in a language by the ISO 3166 list's name, for
    /// want of its own name in that language and of a United Nations one.
    pub(crate) fn warn_iso_names(&self, content: &Content, diags: &mut Diagnostics) {
        let default = content.edition.default_lang();
        for (lang, strings) in &self.by_lang {
            for state in &content.states {
                let (_, own) = state.name.get(lang, default);
                match strings.country(&state.iso3) {
                    Some(name) if !own && !strings.un.contains(&state.iso3) => {
                        diags.push(Diagnostic::warning(
                            format!("states/{}.yaml", state.slug),
                            format!(
                                "`{}` has no name in `{lang}` in {}: the page shows the ISO 3166 list's \"{name}\" (give the record a `name` in `{lang}`)",
                                state.iso3, self.un_file
                            ),
                        ));
                    }
                    _ => {}
                }
            }
        }
    }

    /// The strings of one language.
    pub(crate) fn lang(&self, lang: &Lang) -> Option<&LangStrings> {
        self.by_lang.get(lang)
    }

    /// The strings of `lang`, or an error naming it.
    fn of(&self, lang: &str) -> Result<&LangStrings, StringError> {
        self.by_lang
            .iter()
            .find(|(l, _)| l.as_str() == lang)
            .map(|(_, s)| s)
            .ok_or_else(|| StringError::NoLanguage(lang.to_string()))
    }

    /// The string for `key` in `lang`, or an error naming the key, language and file.
    pub(crate) fn get(&self, lang: &str, key: &str) -> Result<&str, StringError> {
        let strings = self.of(lang)?;
        strings.get(key).ok_or_else(|| {
            if strings.plurals.contains_key(key) {
                StringError::NeedsCount(key.to_string())
            } else {
                StringError::Missing {
                    key: key.to_string(),
                    lang: lang.to_string(),
                    file: strings.file.clone(),
                }
            }
        })
    }

    /// The string for `key` in `lang` with the count `n` (see [`LangStrings::counted`]).
    fn get_counted(&self, lang: &str, key: &str, n: u64) -> Result<String, StringError> {
        let strings = self.of(lang)?;
        strings
            .counted(key, n)
            .ok_or_else(|| StringError::NoPlurals {
                key: key.to_string(),
                lang: lang.to_string(),
                file: strings.file.clone(),
            })
    }

    /// The Tera function `t(key="...", name=value...)`: the string for `key` in the page's
    /// `lang`, with `{name}` placeholders replaced. With a count, `t(key="...", n=3)`, the
    /// string is the form of the count's plural category and `{n}` the number as the
    /// language writes it.
    pub(crate) fn function(
        self: Arc<Self>,
    ) -> impl Fn(Kwargs, &State) -> TeraResult<String> + Send + Sync + 'static {
        move |kwargs: Kwargs, state: &State| {
            let key: &str = kwargs.must_get("key")?;
            let page_lang: tera::Value;
            let lang: &str = match kwargs.get::<&str>("lang")? {
                Some(lang) => lang,
                None => {
                    page_lang = state.get::<tera::Value>("lang")?.ok_or_else(|| {
                        tera::Error::message(
                            "t(): no `lang` in the context (pass @lang to components)",
                        )
                    })?;
                    page_lang.as_str().ok_or_else(|| {
                        tera::Error::message(format!(
                            "t(): `lang` must be a string, found {page_lang}"
                        ))
                    })?
                }
            };
            let out = match kwargs.get::<&tera::Value>("n")? {
                Some(n) => {
                    let n = n
                        .as_number()
                        .and_then(|n| n.as_integer())
                        .and_then(|n| u64::try_from(n).ok())
                        .ok_or_else(|| {
                            tera::Error::message(format!(
                                "t(): the count `n` of `{key}` must be a whole number, found {n}"
                            ))
                        })?;
                    self.get_counted(lang, key, n)
                }
                None => self.get(lang, key).map(str::to_string),
            };
            let out = out.map_err(tera::Error::message)?;
            Ok(fill(out, &kwargs))
        }
    }
}

/// Replaces each `{name}` of `text` with the argument `name` of a `t()` call (other
/// than `key`, `lang` and `n`); an unknown name is left as it is. Values are not
/// searched again.
fn fill(text: String, kwargs: &Kwargs) -> String {
    if !text.contains('{') {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            let value = match name {
                "key" | "lang" | "n" => None,
                _ => kwargs.get::<&tera::Value>(name).ok().flatten(),
            };
            value.map(|v| (v, close))
        });
        match value {
            Some((value, close)) => {
                match value.as_str() {
                    Some(s) => out.push_str(s),
                    None => out.push_str(&value.to_string()),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A strings file, read.
#[derive(Default)]
struct Flat {
    /// Texts, nested keys joined with dots.
    strings: HashMap<String, String>,
    /// Texts with a count.
    plurals: HashMap<String, Plural>,
}

/// A YAML file of strings, nested keys joined with dots. A mapping whose keys are all
/// plural categories (`one`, `other`...) is a text with a count.
fn read_map(rel: &str, text: &str, diags: &mut Diagnostics) -> Option<Flat> {
    match yaml::parse(text) {
        Ok(node) => {
            let mut flat = Flat::default();
            flatten(
                rel,
                &yaml::Places::of(text),
                &node,
                &mut Vec::new(),
                &mut flat,
                diags,
            );
            Some(flat)
        }
        Err(err) => {
            diags.push(
                Diagnostic::error(rel, format!("invalid YAML: {}", err.message)).at(err.place),
            );
            None
        }
    }
}

fn flatten(
    rel: &str,
    places: &yaml::Places,
    node: &Node,
    path: &mut Vec<yaml::Step>,
    out: &mut Flat,
    diags: &mut Diagnostics,
) {
    let key = || {
        path.iter()
            .map(|s| match s {
                yaml::Step::Key(k) => k.clone(),
                yaml::Step::Index(i) => i.to_string(),
            })
            .collect::<Vec<_>>()
            .join(".")
    };
    match node {
        Node::Map(entries) if !path.is_empty() && is_plural(entries) => {
            let mut plural = Plural {
                forms: BTreeMap::new(),
                place: places.get(path, yaml::Target::Value),
            };
            for (k, v) in entries {
                let name = k.key_text().unwrap_or_default();
                let Some(category) = PluralCategory::get_for_cldr_string(&name) else {
                    continue;
                };
                match v {
                    Node::Str(form) => {
                        plural.forms.insert(category, form.clone());
                    }
                    other => {
                        let message = format!(
                            "interface string `{}.{name}` must be text, found {}",
                            key(),
                            other.kind()
                        );
                        let mut at = path.clone();
                        at.push(yaml::Step::Key(name));
                        let place = places.get(&at, yaml::Target::Value);
                        diags.push(Diagnostic::error(rel, message).at(place));
                    }
                }
            }
            out.plurals.insert(key(), plural);
        }
        Node::Map(entries) => {
            for (k, v) in entries {
                path.push(yaml::Step::Key(k.key_text().unwrap_or_default()));
                flatten(rel, places, v, path, out, diags);
                path.pop();
            }
        }
        Node::Str(s) => {
            out.strings.insert(key(), s.clone());
        }
        Node::Int(_) | Node::Float(_) => {
            out.strings
                .insert(key(), node.key_text().unwrap_or_default());
        }
        other => {
            let place = places.get(path, yaml::Target::Value);
            diags.push(
                Diagnostic::error(
                    rel,
                    format!(
                        "interface string `{}` must be text, found {}",
                        key(),
                        other.kind()
                    ),
                )
                .at(place),
            );
        }
    }
}

/// Whether a mapping gives the forms of a text with a count: every key a CLDR plural
/// category, `other` among them.
fn is_plural(entries: &[(Node, Node)]) -> bool {
    let names: Vec<String> = entries
        .iter()
        .map(|(k, _)| k.key_text().unwrap_or_default())
        .collect();
    names.iter().any(|n| n == "other")
        && names
            .iter()
            .all(|n| PLURAL_CATEGORIES.contains(&n.as_str()))
}

/// Every text with a count gives a form for every plural category of the language.
fn check_plurals(
    rel: &str,
    lang: &Lang,
    format: &Formatter,
    plurals: &HashMap<String, Plural>,
    diags: &mut Diagnostics,
) {
    let mut keys: Vec<&String> = plurals.keys().collect();
    keys.sort();
    for key in keys {
        let plural = &plurals[key];
        let missing: Vec<&str> = format
            .plural_categories()
            .filter(|c| !plural.forms.contains_key(c))
            .map(category_name)
            .collect();
        if !missing.is_empty() {
            diags.push(
                Diagnostic::error(
                    rel,
                    format!(
                        "interface string `{key}` lacks the plural form(s) {} that `{lang}` needs",
                        missing
                            .iter()
                            .map(|m| format!("`{m}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .at(plural.place),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_once_and_leaves_unknown_ones() {
        let kwargs = Kwargs::from([
            ("key", tera::Value::from("a.key")),
            ("state", tera::Value::from("Côte {year}")),
            ("year", tera::Value::from(2020)),
        ]);
        assert_eq!(
            fill(
                "{state} voted in {year}; {other} {key} {".to_string(),
                &kwargs
            ),
            "Côte {year} voted in 2020; {other} {key} {"
        );
        assert_eq!(fill("No braces".to_string(), &kwargs), "No braces");
    }

    /// The strings of the shipped templates.
    fn shipped(langs: &[&str]) -> Strings {
        let langs: Vec<Lang> = langs.iter().map(|l| Lang(l.to_string())).collect();
        let mut diags = Diagnostics::default();
        let strings = Strings::load(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
            &langs,
            &mut diags,
        );
        assert_eq!(diags.counts().0, 0, "{diags:?}");
        strings
    }

    #[test]
    fn a_count_chooses_the_plural_form_of_its_language() {
        let strings = shipped(&["en", "fr", "es"]);
        let count = |lang, n| strings.get_counted(lang, "region.count", n).unwrap();
        assert_eq!(count("en", 1), "1 State not party in this region.");
        assert_eq!(count("en", 0), "0 States not party in this region.");
        assert_eq!(count("en", 1000), "1,000 States not party in this region.");
        // French: 0 and 1 are singular; a million takes "de".
        assert_eq!(count("fr", 0), "0 État non partie dans cette région.");
        assert_eq!(count("fr", 1), "1 État non partie dans cette région.");
        assert_eq!(count("fr", 2), "2 États non parties dans cette région.");
        assert_eq!(
            count("fr", 1_000_000),
            "1\u{202f}000\u{202f}000 d’États non parties dans cette région."
        );
        assert_eq!(count("es", 1), "1 Estado no parte en esta región.");
        assert_eq!(count("es", 0), "0 Estados no partes en esta región.");
        // A text with a count needs the count.
        assert!(strings.get("en", "region.count").is_err());
        assert!(strings.get_counted("en", "site.skip", 1).is_err());
    }

    #[test]
    fn a_missing_plural_form_is_an_error_naming_the_key() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("i18n")).unwrap();
        std::fs::write(
            dir.path().join("i18n/fr.yaml"),
            "locale: fr\nregion:\n  count:\n    one: \"{n} État\"\n    other: \"{n} États\"\n",
        )
        .unwrap();
        let mut diags = Diagnostics::default();
        Strings::load(dir.path(), &[Lang("fr".into())], &mut diags);
        let messages: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].contains("fr.yaml:4:")
                && messages[0].contains("`region.count` lacks the plural form(s) `many`"),
            "{messages:?}"
        );
    }
}
