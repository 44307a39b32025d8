//! Names of States as the United Nations writes them (`templates/i18n/countries/un.yaml`):
//! every State of the shipped content is named by them in English, French and Spanish,
//! on every page, and no page shows an inverted ISO 3166 form ("Corée, République de").

use std::collections::BTreeMap;
use std::fs;

use crate::common::*;

const LANGS: [&str; 3] = ["en", "fr", "es"];

/// `un.yaml`: ISO3 -> language -> name.
fn un_names() -> BTreeMap<String, BTreeMap<String, String>> {
    let text = read(&templates().join("i18n/countries/un.yaml"));
    serde_yaml::from_str(&text).unwrap()
}

/// The shipped editions, oldest first, with where their pages are: the current
/// edition's at the root, the others' in the archive.
const EDITIONS: [(&str, &str); 2] = [("2020-11", "editions/2020-11/"), ("2026-02", "")];

/// The records of a shipped edition: (slug, iso3, the record's own names by language).
fn shipped_states(edition: &str) -> Vec<(String, String, BTreeMap<String, String>)> {
    let mut states = Vec::new();
    let dir = shipped().join("editions").join(edition).join("states");
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let record: serde_yaml::Value = serde_yaml::from_str(&read(&path)).unwrap();
        let names = match &record["name"] {
            serde_yaml::Value::String(name) => BTreeMap::from([("en".to_string(), name.clone())]),
            other => serde_yaml::from_value(other.clone()).unwrap(),
        };
        let slug = path.file_stem().unwrap().to_string_lossy().into_owned();
        let iso3 = record["iso3"].as_str().unwrap().to_string();
        states.push((slug, iso3, names));
    }
    states.sort();
    states
}

#[test]
fn the_un_file_names_every_member_state_in_three_languages() {
    let un = un_names();
    assert_eq!(
        un.len(),
        197,
        "193 Member States, 2 observer and 2 non-member States"
    );
    for (iso3, names) in &un {
        assert_eq!(iso3.len(), 3, "{iso3}");
        let langs: Vec<&str> = names.keys().map(String::as_str).collect();
        assert_eq!(langs, ["en", "es", "fr"], "{iso3}");
        for name in names.values() {
            assert!(
                !name.trim().is_empty() && !name.contains(", "),
                "{iso3}: {name}"
            );
        }
    }
    assert_eq!(un["KOR"]["fr"], "République de Corée");
    assert_eq!(un["IRN"]["es"], "Irán (República Islámica del)");
}

#[test]
fn every_shipped_record_has_the_un_name_and_agrees_with_it() {
    let un = un_names();
    let states: Vec<_> = EDITIONS
        .iter()
        .flat_map(|(edition, _)| shipped_states(edition))
        .collect();
    assert!(states.len() >= 69, "{} records", states.len());
    for (slug, iso3, names) in &states {
        let Some(un) = un.get(iso3) else {
            panic!("{slug}: {iso3} is not in un.yaml");
        };
        // A record's own name, in any language, is the UN's.
        for (lang, name) in names {
            assert_eq!(name, &un[lang], "{slug}: `name` in {lang}");
        }
    }
}

#[test]
fn every_page_of_the_shipped_site_names_states_as_the_un_does() {
    let un = un_names();
    let (_dir, out) = build_into_temp(&shipped(), &templates());
    for (edition, archive) in EDITIONS {
        for (slug, iso3, _) in shipped_states(edition) {
            for lang in LANGS {
                let prefix = if lang == "en" { "" } else { "fr/" }.replace("fr", lang);
                let page = out.join(format!("{archive}{prefix}states/{slug}.html"));
                let html = parse_html(&page);
                let h1: Vec<String> = html.select(&selector("h1")).map(text_of).collect();
                assert_eq!(h1, [un[&iso3][lang].clone()], "{}", page.display());
            }
        }
    }
    // The overview's table, the standalone file's contents: the UN names, in each
    // language's order ("République de Corée" under R, not "Corée").
    for lang in ["fr", "es"] {
        let index = parse_html(&out.join(format!("{lang}/index.html")));
        let table: Vec<String> = index
            .select(&selector("table.states tbody th[scope=\"row\"] a"))
            .map(text_of)
            .collect();
        let standalone = parse_html(&out.join(format!("{lang}/overview-standalone.html")));
        let toc: Vec<String> = standalone
            .select(&selector(".toc-states a"))
            .map(text_of)
            .collect();
        assert_eq!(table, toc, "{lang}");
        let mut expected: Vec<String> = shipped_states("2026-02")
            .iter()
            .map(|(_, iso3, _)| un[iso3][lang].clone())
            .collect();
        expected.sort();
        let mut shown = table.clone();
        shown.sort();
        assert_eq!(shown, expected, "{lang}");
        let at = |name: &str| table.iter().position(|n| n == name).unwrap();
        let (korea, dprk) = match lang {
            "fr" => (
                "République de Corée",
                "République populaire démocratique de Corée",
            ),
            _ => (
                "República de Corea",
                "República Popular Democrática de Corea",
            ),
        };
        assert!(at(korea) < at(dprk), "{lang}: {table:?}");
        assert!(at(&un["RUS"][lang]) < at(korea), "{lang}: {table:?}");
        assert!(at(&un["SGP"][lang]) > at(dprk), "{lang}: {table:?}");
    }
    // No page shows an inverted ISO 3166 form.
    let inverted = [
        ", République",
        ", Rép.",
        ", República",
        ", États fédérés",
        ", Estados Federados",
        "Corée, Rép",
        "Corea, Rep",
        "Russie, Fédération",
        "Rusia, Federación",
        "Syrienne, ",
        "Lao, ",
        "Iran, République",
        "Irán, República",
    ];
    let mut found = Vec::new();
    let pages = html_pages(&out);
    assert!(pages.len() > 100, "{} pages", pages.len());
    for page in pages {
        let text = read(&out.join(&page)).replace("&#39;", "'");
        for form in inverted {
            if text.contains(form) {
                found.push(format!("{page}: “{form}”"));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn a_records_own_name_overrides_the_un_name_and_a_un_name_is_not_marked() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&multilingual(), &content);
    // Sampleland names itself in French; Nowhereland does not.
    replace(
        &content.join("states/sampleland.yaml"),
        "iso3: SGS",
        "iso3: KOR",
    );
    replace(
        &content.join("states/nowhereland.yaml"),
        "iso3: HMD",
        "iso3: PRK",
    );
    let out = dir.path().join("site");
    let output = build(&content, &templates(), &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    // No warning about names: both codes are in un.yaml.
    let warnings = diagnostics(&stderr(&output));
    assert!(
        warnings.iter().all(|w| w.contains("narrative missing")),
        "{warnings:?}"
    );
    let h1 = |page: &str| -> Vec<String> {
        parse_html(&out.join(page))
            .select(&selector("h1"))
            .map(text_of)
            .collect()
    };
    assert_eq!(h1("fr/states/sampleland.html"), ["État de Sampleland"]);
    assert_eq!(
        h1("fr/states/nowhereland.html"),
        ["République populaire démocratique de Corée"]
    );
    // The UN name is the State's French name, not a missing translation.
    let index = parse_html(&out.join("fr/index.html"));
    let row = index
        .select(&selector("table.states tbody tr"))
        .find(|tr| text_of(*tr).contains("République populaire démocratique de Corée"))
        .expect("a row for the DPRK");
    assert_eq!(row.select(&selector(".untranslated")).count(), 0);
    assert!(!text_of(row).contains("Nowhereland"));
}

#[test]
fn the_open_data_names_states_as_the_pages_do() {
    let un = un_names();
    let (_dir, out) = build_into_temp(&shipped(), &templates());
    let data: serde_json::Value =
        serde_json::from_str(&read(&out.join("data/states.json"))).unwrap();
    let states = data["states"].as_array().unwrap();
    assert_eq!(states.len(), 36);
    for state in states {
        let iso3 = state["iso3"].as_str().unwrap();
        for lang in LANGS {
            assert_eq!(
                state["names"][lang].as_str(),
                Some(un[iso3][lang].as_str()),
                "{iso3} in {lang}"
            );
        }
    }
    let csv = read(&out.join("data/states.csv"));
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert!(header.contains(&"name_fr") && header.contains(&"name_es"));
    assert!(csv.contains("République de Corée"));
}
