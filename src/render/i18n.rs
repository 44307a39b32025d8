//! Interface strings: one file per language, `templates/i18n/<lang>.yaml`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use tera::{Kwargs, State, TeraResult};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Lang;
use crate::yaml::{self, Node};

/// The interface strings of one language, with nested keys flattened (`vote.in_favour`).
#[derive(Debug, Clone, Default)]
pub struct LangStrings {
    /// The file they come from (under the templates directory as given).
    pub file: String,
    strings: HashMap<String, String>,
    /// Country names by ISO 3166-1 alpha-3 code (`i18n/countries/<lang>.yaml`, optional).
    countries: HashMap<String, String>,
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

/// The interface strings of every language built.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    by_lang: BTreeMap<Lang, LangStrings>,
}

impl Strings {
    /// Reads `i18n/<lang>.yaml` under `templates` for each language.
    pub fn load(templates: &Path, langs: &[Lang], diags: &mut Diagnostics) -> Strings {
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
            let countries = match std::fs::read_to_string(&countries_rel) {
                Ok(text) => read_map(&countries_rel, &crate::load::normalise(&text), diags)
                    .unwrap_or_default(),
                Err(_) => HashMap::new(),
            };
            by_lang.insert(
                lang.clone(),
                LangStrings {
                    file: rel,
                    strings,
                    countries,
                },
            );
        }
        Strings { by_lang }
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
