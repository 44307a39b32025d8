//! Interface strings: one file per language, `templates/i18n/<lang>.yaml`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use tera::{Kwargs, State, TeraResult};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Content, Lang};
use crate::yaml::{self, Node};

/// The interface strings of one language, with nested keys flattened (`vote.in_favour`).
#[derive(Debug, Clone, Default)]
pub struct LangStrings {
    /// The file they come from (under the templates directory as given).
    pub file: String,
    strings: HashMap<String, String>,
    /// Country names by ISO 3166-1 alpha-3 code: the United Nations' (`i18n/countries/un.yaml`),
    /// else the ISO 3166 list's (`i18n/countries/<lang>.yaml`); both optional.
    countries: HashMap<String, String>,
    /// The codes whose name in `countries` is the United Nations' one.
    un: HashSet<String>,
}

impl LangStrings {
    /// The string for `key`, if the file has it.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.strings.get(key).map(String::as_str)
    }

    /// The country name for an ISO 3166-1 alpha-3 code, if the dataset has one.
    pub fn country(&self, iso3: &str) -> Option<&str> {
        self.countries.get(iso3).map(String::as_str)
    }
}

/// The file of the names of States as the United Nations writes them.
const UN_NAMES: &str = "i18n/countries/un.yaml";

/// The interface strings of every language built.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    by_lang: BTreeMap<Lang, LangStrings>,
    /// The file of the United Nations' names (under the templates directory as given).
    un_file: String,
}

impl Strings {
    /// Reads `i18n/<lang>.yaml` under `templates` for each language.
    pub fn load(templates: &Path, langs: &[Lang], diags: &mut Diagnostics) -> Strings {
        let un_rel = super::template_path(templates, UN_NAMES);
        // `ISO3.lang` -> name.
        let un_names = match std::fs::read_to_string(&un_rel) {
            Ok(text) => {
                read_map(&un_rel, &crate::load::normalise(&text), diags).unwrap_or_default()
            }
            Err(_) => HashMap::new(),
        };
        let mut by_lang = BTreeMap::new();
        for lang in langs {
            let rel = super::template_path(templates, &format!("i18n/{lang}.yaml"));
            let text = match std::fs::read_to_string(&rel) {
                Ok(text) => crate::load::normalise(&text),
                Err(err) => {
                    diags.push(Diagnostic::error(
                        &rel,
                        format!("cannot read the interface strings of `{lang}`: {err}"),
                    ));
                    continue;
                }
            };
            let Some(strings) = read_map(&rel, &text, diags) else {
                continue;
            };
            let countries_rel =
                super::template_path(templates, &format!("i18n/countries/{lang}.yaml"));
            let mut countries = match std::fs::read_to_string(&countries_rel) {
                Ok(text) => read_map(&countries_rel, &crate::load::normalise(&text), diags)
                    .unwrap_or_default(),
                Err(_) => HashMap::new(),
            };
            let mut un = HashSet::new();
            for (key, name) in &un_names {
                if let Some(iso3) = key.strip_suffix(&format!(".{lang}")) {
                    countries.insert(iso3.to_string(), name.clone());
                    un.insert(iso3.to_string());
                }
            }
            by_lang.insert(
                lang.clone(),
                LangStrings {
                    file: rel,
                    strings,
                    countries,
                    un,
                },
            );
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
    pub fn lang(&self, lang: &Lang) -> Option<&LangStrings> {
        self.by_lang.get(lang)
    }

    /// The string for `key` in `lang`, or an error naming the key, language and file.
    pub fn get(&self, lang: &str, key: &str) -> Result<&str, String> {
        let strings = self
            .by_lang
            .iter()
            .find(|(l, _)| l.as_str() == lang)
            .map(|(_, s)| s)
            .ok_or_else(|| format!("no interface strings for language `{lang}`"))?;
        strings.get(key).ok_or_else(|| {
            format!(
                "interface string `{key}` is missing for language `{lang}`: add it to {}",
                strings.file
            )
        })
    }

    /// The Tera function `t(key="...", name=value...)`: the string for `key` in the page's
    /// `lang`, with `{name}` placeholders replaced.
    pub fn function(
        self: Arc<Self>,
    ) -> impl Fn(Kwargs, &State) -> TeraResult<String> + Send + Sync + 'static {
        move |kwargs: Kwargs, state: &State| {
            let key: &str = kwargs.must_get("key")?;
            let lang: String = match kwargs.get::<&str>("lang")? {
                Some(lang) => lang.to_string(),
                None => state.get::<String>("lang")?.ok_or_else(|| {
                    tera::Error::message("t(): no `lang` in the context (pass @lang to components)")
                })?,
            };
            let template = self.get(&lang, key).map_err(tera::Error::message)?;
            let mut out = template.to_string();
            for (name, value) in kwargs.iter() {
                let name = name.to_string();
                if name != "key" && name != "lang" {
                    let value = match value.as_str() {
                        Some(s) => s.to_string(),
                        None => value.to_string(),
                    };
                    out = out.replace(&format!("{{{name}}}"), &value);
                }
            }
            Ok(out)
        }
    }
}

/// A YAML file of strings, nested keys joined with dots.
fn read_map(rel: &str, text: &str, diags: &mut Diagnostics) -> Option<HashMap<String, String>> {
    match yaml::parse(text) {
        Ok(node) => {
            let mut strings = HashMap::new();
            flatten(rel, text, &node, &mut Vec::new(), &mut strings, diags);
            Some(strings)
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
    text: &str,
    node: &Node,
    path: &mut Vec<yaml::Seg>,
    out: &mut HashMap<String, String>,
    diags: &mut Diagnostics,
) {
    let key = || {
        path.iter()
            .map(|s| match s {
                yaml::Seg::Key(k) => k.clone(),
                yaml::Seg::Index(i) => i.to_string(),
            })
            .collect::<Vec<_>>()
            .join(".")
    };
    match node {
        Node::Map(entries) => {
            for (k, v) in entries {
                path.push(yaml::Seg::Key(k.key_text().unwrap_or_default()));
                flatten(rel, text, v, path, out, diags);
                path.pop();
            }
        }
        Node::Str(s) => {
            out.insert(key(), s.clone());
        }
        Node::Int(_) | Node::Float(_) => {
            out.insert(key(), node.key_text().unwrap_or_default());
        }
        other => {
            let place = yaml::locate(text, path, yaml::Target::Value);
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
