//! Languages: the interface strings of every language match the keys the
//! templates use, and a site built in English and French
//! (`tests/fixtures/multilingual`) is French where it should be, marks what is
//! not translated yet, and links every page to the same page in the other language.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::common::*;
use snp_overview::derive::{Block, Freshness};
use snp_overview::model::{
    ChangeKind, JoinedBy, MeasureKind, MeasureType, OutreachKind, ProductionStatus, Response,
    Status, Vocabulary, Vote, WithdrawalKind,
};

// ---------------------------------------------------------------------------
// (a) Interface strings

/// The strings files of templates/i18n/ (not countries/), by language.
fn strings_files() -> BTreeMap<String, BTreeMap<String, String>> {
    let dir = templates().join("i18n");
    let mut files = BTreeMap::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() && path.extension().is_some_and(|e| e == "yaml") {
            let lang = path.file_stem().unwrap().to_string_lossy().into_owned();
            files.insert(lang, flat_strings(&path));
        }
    }
    assert!(
        files.contains_key("en"),
        "templates/i18n/en.yaml is missing"
    );
    assert!(
        files.len() >= 3,
        "expected en, es and fr at least: {files:?}"
    );
    files
}

/// The CLDR plural categories, as a strings file names them.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The texts with a count of a flattened strings file (`region.count.one`, ...): the key,
/// with its forms by category.
fn plurals(strings: &BTreeMap<String, String>) -> BTreeMap<String, BTreeMap<String, String>> {
    // Every key under a parent, by the parent; a parent whose keys are all plural
    // categories, `other` among them, is a text with a count (`outreach_kind.other` is not).
    let mut children: BTreeMap<&str, BTreeMap<String, String>> = BTreeMap::new();
    for (key, text) in strings {
        if let Some((base, last)) = key.rsplit_once('.') {
            children
                .entry(base)
                .or_default()
                .insert(last.to_string(), text.clone());
        }
    }
    children
        .into_iter()
        .filter(|(base, forms)| {
            forms.contains_key("other")
                && forms.keys().all(|c| CATEGORIES.contains(&c.as_str()))
                && !strings.keys().any(|k| {
                    k.strip_prefix(*base)
                        .and_then(|rest| rest.strip_prefix('.'))
                        .is_some_and(|rest| rest.contains('.'))
                })
        })
        .map(|(base, forms)| (base.to_string(), forms))
        .collect()
}

/// The keys of a strings file, a text with a count counted once (without its category).
fn keys(strings: &BTreeMap<String, String>) -> BTreeSet<String> {
    let plurals = plurals(strings);
    strings
        .keys()
        .map(|key| match key.rsplit_once('.') {
            Some((base, _)) if plurals.contains_key(base) => base.to_string(),
            _ => key.clone(),
        })
        .collect()
}

/// The plural categories CLDR gives each language's counts (whole numbers).
fn categories_of(lang: &str) -> &'static [&'static str] {
    match lang {
        "en" => &["one", "other"],
        "fr" | "es" => &["one", "many", "other"],
        "ar" => &["zero", "one", "two", "few", "many", "other"],
        other => panic!("add the CLDR plural categories of `{other}` to this test"),
    }
}

#[test]
fn every_text_with_a_count_gives_every_plural_form_of_its_language() {
    let mut files = strings_files();
    files.insert(
        "ar".to_string(),
        flat_strings(&root().join("tests/fixtures/rtl/ar.yaml")),
    );
    let en_plurals = plurals(&files["en"]);
    for key in [
        "region.count",
        "state.stockpile_mines",
        "overview.table_caption",
    ] {
        assert!(en_plurals.contains_key(key), "`{key}` has no plural forms");
    }
    let mut problems = Vec::new();
    for (lang, strings) in &files {
        let want: Vec<&str> = categories_of(lang).to_vec();
        let plurals = plurals(strings);
        for key in en_plurals.keys() {
            match plurals.get(key) {
                None => problems.push(format!("{lang}: `{key}` has no plural forms")),
                Some(forms) => {
                    let got: Vec<&str> = CATEGORIES
                        .into_iter()
                        .filter(|c| forms.contains_key(*c))
                        .collect();
                    if got != want {
                        problems.push(format!(
                            "{lang}: `{key}` gives {got:?}, the language's rules have {want:?}"
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_strings_file_has_exactly_the_keys_of_en_yaml() {
    let files = strings_files();
    let en = keys(&files["en"]);
    assert!(en.len() > 150, "only {} keys in en.yaml", en.len());
    let mut problems = Vec::new();
    for (lang, strings) in &files {
        let keys = keys(strings);
        for missing in en.difference(&keys) {
            problems.push(format!("i18n/{lang}.yaml lacks `{missing}`"));
        }
        for extra in keys.difference(&en) {
            problems.push(format!(
                "i18n/{lang}.yaml has `{extra}`, which en.yaml lacks"
            ));
        }
        for (key, text) in strings {
            if text.trim().is_empty() {
                problems.push(format!("i18n/{lang}.yaml: `{key}` is empty"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The `{placeholders}` of a string.
fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.insert(rest[open + 1..open + close].to_string());
        rest = &rest[open + close + 1..];
    }
    out
}

#[test]
fn every_translation_keeps_the_placeholders_of_en_yaml() {
    let files = strings_files();
    let mut problems = Vec::new();
    for (lang, strings) in &files {
        let en_plurals = plurals(&files["en"]);
        for (key, text) in strings {
            // A form of a text with a count is checked against the English `other`: a
            // form may leave out `{n}` ("دولة واحدة", one State).
            let (en_key, subset) = match key.rsplit_once('.') {
                Some((base, category)) if en_plurals.contains_key(base) => {
                    (format!("{base}.other"), category != "other")
                }
                _ => (key.clone(), false),
            };
            let Some(en_text) = files["en"].get(&en_key) else {
                continue;
            };
            let (want, got) = (placeholders(en_text), placeholders(text));
            if subset && got.is_subset(&want) {
                continue;
            }
            if want != got {
                problems.push(format!(
                    "i18n/{lang}.yaml `{key}`: placeholders {got:?}, en.yaml has {want:?}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What `t(key=...)` calls in a template: literal keys, and the literal prefixes
/// of keys built at render time (`"vote." ~ value`); anything else (a key held in
/// a variable) is returned as is in the third list.
fn template_keys(text: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let (mut literal, mut prefixes, mut other) = (Vec::new(), Vec::new(), Vec::new());
    let mut rest = text;
    while let Some(at) = rest.find("t(") {
        // A call of `t`, not of a function whose name ends in t.
        let preceded = text.len() - rest.len() + at;
        let boundary = text[..preceded]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        rest = &rest[at + "t(".len()..];
        let Some(after) = rest.trim_start().strip_prefix("key") else {
            continue;
        };
        let Some(after) = after.trim_start().strip_prefix('=') else {
            continue;
        };
        if !boundary {
            continue;
        }
        let after = after.trim_start();
        let quote = after.chars().next().unwrap_or(' ');
        if quote != '"' && quote != '\'' {
            other.push(after.chars().take(40).collect());
            continue;
        }
        let body = &after[1..];
        let Some(end) = body.find(quote) else {
            other.push(after.chars().take(40).collect());
            continue;
        };
        let key = &body[..end];
        if body[end + 1..].trim_start().starts_with('~') {
            prefixes.push(key.to_string());
        } else {
            literal.push(key.to_string());
        }
    }
    (literal, prefixes, other)
}

#[test]
fn template_key_scanner() {
    let (literal, prefixes, other) = template_keys(
        r#"{{ t(key="a.b") }} {{ t( key = 'c.d', x=1) }} {{ t(key="vote." ~ v) }} {{ t(key=k) }} {{ at(key="no") }}"#,
    );
    assert_eq!(literal, ["a.b", "c.d"]);
    assert_eq!(prefixes, ["vote."]);
    assert_eq!(other, ["k) }} {{ at(key=\"no\") }}"]);
}

fn words<T: Vocabulary>() -> Vec<String> {
    T::VALUES.iter().map(|(w, _)| w.to_string()).collect()
}

/// Every value the generator can give each key built at render time.
fn render_time_values(
    files: &BTreeMap<String, BTreeMap<String, String>>,
) -> BTreeMap<&'static str, Vec<String>> {
    // A page shows a text in the default language when it lacks a translation, and
    // names that language: any language a site can be built in (it has a strings
    // file), any language of the country names, any of language_names.
    let mut languages: BTreeSet<String> = files.keys().cloned().collect();
    if let Ok(entries) = fs::read_dir(templates().join("i18n/countries")) {
        for entry in entries {
            let path = entry.unwrap().path();
            // un.yaml holds the United Nations' names in several languages.
            if path.extension().is_some_and(|e| e == "yaml") && !path.ends_with("un.yaml") {
                languages.insert(path.file_stem().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    for key in files["en"].keys() {
        if let Some(lang) = key.strip_prefix("language_names.") {
            languages.insert(lang.to_string());
        }
    }
    let mut production = words::<ProductionStatus>();
    production.push("no_information".to_string());
    // The sentences of changes.html and of the State pages' "since" sections
    // (render/view/archive.rs names them), and the headings of changes.html.
    let changes = [
        "vote",
        "report_added",
        "report_removed",
        "meeting_added",
        "meeting_removed",
        "use_added",
        "use_removed",
        "outreach",
        "measure_added",
        "measure_ended",
        "production",
        "stockpile",
        "position",
        "info",
        "status",
        "left_heading",
        "joined_heading",
    ]
    .map(String::from)
    .to_vec();
    let mut votes = words::<Vote>();
    // derive.rs counts the States without a vote under `no_information`.
    votes.push("no_information".to_string());
    BTreeMap::from([
        ("vote.", votes),
        ("status.", words::<Status>()),
        ("production.", production),
        ("changes.", changes),
        ("change.", words::<ChangeKind>()),
        ("withdrawal_kind.", words::<WithdrawalKind>()),
        ("state.joined.", words::<JoinedBy>()),
        ("measure.", words::<MeasureKind>()),
        ("measure_kind.", words::<MeasureType>()),
        ("outreach_kind.", words::<OutreachKind>()),
        ("response.", words::<Response>()),
        ("freshness.", words::<Freshness>()),
        ("block.", words::<Block>()),
        ("language_names.", languages.into_iter().collect()),
    ])
}

#[test]
fn every_key_the_templates_use_exists_in_en_yaml() {
    let files = strings_files();
    let en = &files["en"];
    let expansions = render_time_values(&files);
    let mut used: BTreeMap<String, String> = BTreeMap::new();
    let mut unknown = Vec::new();
    let mut templates_read = 0;
    for entry in walkdir::WalkDir::new(templates()).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        templates_read += 1;
        let name = entry
            .path()
            .strip_prefix(templates())
            .unwrap()
            .display()
            .to_string();
        let (literal, prefixes, other) = template_keys(&read(entry.path()));
        for key in literal {
            used.insert(key, name.clone());
        }
        for prefix in prefixes {
            match expansions.get(prefix.as_str()) {
                Some(values) => {
                    for value in values {
                        used.insert(
                            format!("{prefix}{value}"),
                            format!("{name} (`{prefix}` ~ ...)"),
                        );
                    }
                }
                None => unknown.push(format!(
                    "{name}: key built from `{prefix}` at render time: add its values to this test"
                )),
            }
        }
        for call in other {
            unknown.push(format!(
                "{name}: t(key={call}...): a key this test cannot check"
            ));
        }
    }
    assert!(templates_read >= 10, "only {templates_read} templates read");
    assert!(
        used.len() > 150,
        "only {} keys found in the templates",
        used.len()
    );
    assert!(unknown.is_empty(), "{}", unknown.join("\n"));
    // The keys the generator itself reads (src/render).
    for key in [
        "locale",
        "language.name",
        "source.cite_label",
        "nav.overview",
    ] {
        used.insert(key.to_string(), "src/render".to_string());
    }
    let en = keys(en);
    let missing: Vec<String> = used
        .iter()
        .filter(|(key, _)| !en.contains(*key))
        .map(|(key, from)| format!("`{key}` (used in {from}) is not in i18n/en.yaml"))
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

// ---------------------------------------------------------------------------
// (b)-(d) The multilingual fixture

#[test]
fn multilingual_fixture_has_what_the_tests_rely_on() {
    let dir = multilingual();
    let report = read(&dir.join("report.yaml"));
    assert!(report.contains("languages: [en, fr]"));
    assert!(report.contains("as_of: 2020-11-16"));
    for file in [
        "index.fr.md",
        "pages/about.fr.md",
        "states/exampleland.fr.md",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    // French is missing on purpose for these narratives.
    for file in ["states/sampleland.fr.md", "states/nowhereland.fr.md"] {
        assert!(!dir.join(file).exists(), "{file}");
    }
    assert!(read(&dir.join("states/sampleland.yaml")).contains("estimate: 10000"));
}

#[test]
fn the_multilingual_fixture_builds_with_only_missing_narratives_and_iso_names_reported() {
    let dir = tempfile::tempdir().unwrap();
    let output = build(&multilingual(), &templates(), &dir.path().join("site"), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut found = diagnostics(&stderr(&output));
    found.sort();
    assert_eq!(
        found,
        [
            "warning: states/nowhereland.md: narrative missing in `fr` (states/nowhereland.fr.md)"
                .to_string(),
            // HMD is a territory, not in the United Nations' names of States.
            format!(
                "warning: states/nowhereland.yaml: `HMD` has no name in `fr` in {}: the page shows the ISO 3166 list's \"îles Heard-et-MacDonald\" (give the record a `name` in `fr`)",
                templates().join("i18n/countries/un.yaml").display()
            ),
            "warning: states/sampleland.md: narrative missing in `fr` (states/sampleland.fr.md)"
                .to_string(),
        ]
    );
}

#[test]
fn french_pages_have_french_labels_dates_and_numbers() {
    let (_dir, out) = build_into_temp(&multilingual(), &templates());
    let (en, fr) = (i18n("en"), i18n("fr"));
    let index = read(&out.join("fr/index.html"));
    assert!(
        index.contains("<html lang=\"fr\""),
        "fr/index.html is not marked French"
    );
    for key in [
        "overview.figures",
        "overview.states_not_party.other",
        "overview.heading",
        "nav.data_gaps",
    ] {
        assert_ne!(en[key], fr[key], "`{key}` is the same in both languages");
        assert!(
            index.contains(&fr[key]),
            "fr/index.html lacks `{key}`: {}",
            fr[key]
        );
        assert!(
            !index.contains(&en[key]),
            "fr/index.html has the English `{key}`"
        );
    }
    assert!(index.contains("Chiffres clefs"));
    assert!(
        index.contains("16 novembre 2020"),
        "as-of date not in French"
    );
    assert!(!index.contains("16 November 2020"));
    // Translated content: the introduction, the names, the regions.
    assert!(index.contains("C’est un <strong>jeu d’essai</strong>"));
    assert!(index.contains("Exempleland"));
    assert!(index.contains("État de Sampleland"));
    assert!(index.contains("Région du Nord"));

    // A number of 1000 or more: grouped with a narrow no-break space (U+202F).
    let state = read(&out.join("fr/states/sampleland.html"));
    let mines = fr["state.stockpile_mines.other"].replace("{n}", "10\u{202f}000");
    assert!(
        state.contains(&mines),
        "fr/states/sampleland.html lacks `{mines}`"
    );
    assert!(!state.contains("10,000") && !state.contains("10000 "));

    // The English site stays English.
    let index_en = read(&out.join("index.html"));
    assert!(index_en.contains("<html lang=\"en\""));
    assert!(index_en.contains(&en["overview.figures"]));
    assert!(index_en.contains("16 November 2020"));
    let state_en = read(&out.join("states/sampleland.html"));
    let mines_en = en["state.stockpile_mines.other"].replace("{n}", "10,000");
    assert!(
        state_en.contains(&mines_en),
        "states/sampleland.html lacks `{mines_en}`"
    );
}

/// The notice shown before a document that is not translated, in `lang`.
fn untranslated_notice(lang: &str, shown_in: &str) -> String {
    let strings = i18n(lang);
    strings["site.untranslated"].replace(
        "{language}",
        &strings[&format!("language_names.{shown_in}")],
    )
}

#[test]
fn a_missing_french_narrative_shows_the_english_text_with_a_notice() {
    let (_dir, out) = build_into_temp(&multilingual(), &templates());
    let notice = untranslated_notice("fr", "en");
    assert!(notice.contains("anglais"), "{notice}");
    let notices = selector("p.notice");
    let english = selector("[lang=\"en\"]");

    for (slug, english_text) in [
        ("sampleland", "Sampleland has not signed the Convention."),
        (
            "nowhereland",
            "No official information on Nowhereland’s views and practices was found.",
        ),
    ] {
        let page = format!("fr/states/{slug}.html");
        let html = parse_html(&out.join(&page));
        let found: Vec<String> = html.select(&notices).map(text_of).collect();
        assert_eq!(found, std::slice::from_ref(&notice), "{page}: notice");
        let marked: Vec<String> = html.select(&english).map(text_of).collect();
        assert!(
            marked.iter().any(|t| t.contains(english_text)),
            "{page}: the English narrative is not inside an element with lang=\"en\": {marked:#?}"
        );
        // The notice comes right before the English text.
        let notice_el = html.select(&notices).next().unwrap();
        let next = notice_el
            .next_siblings()
            .filter_map(scraper::ElementRef::wrap)
            .next()
            .expect("an element after the notice");
        assert_eq!(next.value().attr("lang"), Some("en"), "{page}");
        assert!(text_of(next).contains(english_text), "{page}");
    }

    // Where French exists, no notice, and the French text is not marked English.
    for page in [
        "fr/states/exampleland.html",
        "fr/index.html",
        "fr/pages/about.html",
    ] {
        let html = parse_html(&out.join(page));
        assert_eq!(html.select(&notices).count(), 0, "{page} has a notice");
    }
    assert!(read(&out.join("fr/states/exampleland.html")).contains("L’Exempleland a signé"));
    assert!(read(&out.join("fr/pages/about.html")).contains("À propos du présent aperçu"));

    // A short text without French is marked English and flagged.
    let short = i18n("fr")["site.untranslated_short"].clone();
    for (page, english_text) in [
        (
            "fr/states/sampleland.html",
            "Met the President to discuss accession.",
        ),
        ("fr/index.html", "Plenary recorded vote."),
    ] {
        let html = parse_html(&out.join(page));
        let marked = html
            .select(&english)
            .find(|e| text_of(*e) == english_text)
            .unwrap_or_else(|| panic!("{page}: `{english_text}` is not marked lang=\"en\""));
        let flag = marked
            .next_siblings()
            .filter_map(scraper::ElementRef::wrap)
            .next()
            .map(text_of);
        assert_eq!(flag, Some(format!("({short})")), "{page}: `{english_text}`");
    }

    // The English pages have no notice at all.
    for page in html_pages(&out).iter().filter(|p| !p.starts_with("fr/")) {
        let html = parse_html(&out.join(page));
        assert_eq!(html.select(&notices).count(), 0, "{page} has a notice");
        let flags = html.select(&selector(".untranslated")).count();
        assert_eq!(flags, 0, "{page} flags a text as not translated");
    }
    // The French standalone file has the same notices, one per narrative missing.
    let standalone = parse_html(&out.join("fr/overview-standalone.html"));
    let found: Vec<String> = standalone.select(&notices).map(text_of).collect();
    assert_eq!(
        found,
        [notice.clone(), notice],
        "fr/overview-standalone.html"
    );
}

#[test]
fn an_untranslated_publisher_is_marked_in_the_footer() {
    let (_dir, out) = build_into_temp(&multilingual(), &templates());
    let short = i18n("fr")["site.untranslated_short"].clone();
    for page in ["fr/index.html", "fr/overview-standalone.html"] {
        let html = parse_html(&out.join(page));
        let footer = html
            .select(&selector("footer"))
            .next()
            .unwrap_or_else(|| panic!("{page}: no footer"));
        assert!(
            footer
                .select(&selector("[lang=\"en\"]"))
                .any(|e| text_of(e) == "Test Support Unit"),
            "{page}: the English publisher is not marked lang=\"en\": {}",
            text_of(footer)
        );
        assert!(
            text_of(footer).contains(&format!("Test Support Unit ({short})")),
            "{page}: {}",
            text_of(footer)
        );
    }
}

/// The language of a page of the site and its path from its language root.
/// A page's language and its path without the language (an archived edition's
/// `editions/<id>/` kept in front).
fn page_language(page: &str, languages: &[&str]) -> (String, String) {
    let (edition, page) = match page
        .strip_prefix("editions/")
        .and_then(|p| p.split_once('/'))
    {
        Some((id, rest)) => (format!("editions/{id}/"), rest),
        None => (String::new(), page),
    };
    for lang in &languages[1..] {
        if let Some(rest) = page.strip_prefix(&format!("{lang}/")) {
            return (lang.to_string(), format!("{edition}{rest}"));
        }
    }
    (languages[0].to_string(), format!("{edition}{page}"))
}

fn in_language(lang: &str, path: &str, default: &str) -> String {
    // An archived edition's pages are under editions/<id>/, languages inside it.
    let (edition, path) = match path
        .strip_prefix("editions/")
        .and_then(|p| p.split_once('/'))
    {
        Some((id, rest)) => (format!("editions/{id}/"), rest),
        None => (String::new(), path),
    };
    if lang == default {
        format!("{edition}{path}")
    } else {
        format!("{edition}{lang}/{path}")
    }
}

/// Every page of a site in `languages` (the default first): hreflang alternates for
/// every language and a switcher to the others, all leading to the same page.
fn check_alternates(out: &Path, languages: &[&str]) -> usize {
    let alternates = selector("link[rel=\"alternate\"][hreflang]");
    let switcher = selector("nav.languages a[hreflang]");
    let current = selector("nav.languages [aria-current]");
    let mut problems = Vec::new();
    let mut checked = 0;
    for page in html_pages(out) {
        if page.ends_with("overview-standalone.html") {
            // One self-contained file per language: it links to no other file.
            continue;
        }
        checked += 1;
        let html = parse_html(&out.join(&page));
        let (lang, path) = page_language(&page, languages);
        let mut seen = BTreeMap::new();
        for link in html.select(&alternates) {
            let hreflang = link.value().attr("hreflang").unwrap().to_string();
            let href = link.value().attr("href").unwrap_or_default();
            seen.insert(hreflang, href.to_string());
        }
        let expected: BTreeSet<String> = languages.iter().map(|l| l.to_string()).collect();
        if seen.keys().cloned().collect::<BTreeSet<_>>() != expected {
            problems.push(format!("{page}: hreflang alternates for {:?}", seen.keys()));
        }
        let mut switch = BTreeMap::new();
        for link in html.select(&switcher) {
            let hreflang = link.value().attr("hreflang").unwrap().to_string();
            switch.insert(
                hreflang,
                link.value().attr("href").unwrap_or_default().to_string(),
            );
        }
        let others: BTreeSet<String> = expected.iter().filter(|l| **l != lang).cloned().collect();
        if switch.keys().cloned().collect::<BTreeSet<_>>() != others {
            problems.push(format!(
                "{page}: language switcher links to {:?}",
                switch.keys()
            ));
        }
        let currents: Vec<_> = html
            .select(&current)
            .map(|e| e.value().attr("lang").unwrap_or_default().to_string())
            .collect();
        if currents != [lang.clone()] {
            problems.push(format!("{page}: current language shown as {currents:?}"));
        }
        for (what, links) in [("alternate", &seen), ("switcher", &switch)] {
            for (target_lang, href) in links {
                let want = in_language(target_lang, &path, languages[0]);
                match link_target(&page, href) {
                    Some(target) if target == want && out.join(&target).is_file() => {}
                    Some(target) if target == want => problems.push(format!(
                        "{page}: {what} {href} -> {target}, which does not exist"
                    )),
                    other => problems.push(format!(
                        "{page}: {what} for `{target_lang}` is {href} -> {other:?}, expected {want}"
                    )),
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    checked
}

#[test]
fn every_page_links_to_the_same_page_in_the_other_language() {
    let (_dir, out) = build_into_temp(&multilingual(), &templates());
    let pages = html_pages(&out);
    for page in pages.iter().filter(|p| !p.starts_with("fr/")) {
        assert!(
            pages.contains(&format!("fr/{page}")),
            "{page} has no French version"
        );
    }
    let checked = check_alternates(&out, &["en", "fr"]);
    assert_eq!(
        checked,
        pages.len() - 2,
        "every page but the two standalone files"
    );
    assert!(checked >= 20, "only {checked} pages");
}

#[test]
fn every_page_of_the_shipped_edition_links_to_its_translations() {
    let (content, _) = snp_overview::load_content(&shipped()).unwrap_or_else(|d| {
        panic!(
            "{}",
            d.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    let languages: Vec<&str> = content
        .edition
        .languages
        .iter()
        .map(|l| l.as_str())
        .collect();
    assert!(languages.len() >= 2, "{languages:?}");
    let (_dir, out) = build_into_temp(&shipped(), &templates());
    let checked = check_alternates(&out, &languages);
    assert!(checked > 100, "only {checked} pages");
}

#[test]
fn link_target_resolves_relative_links() {
    assert_eq!(
        link_target("fr/states/a.html", "../../states/a.html").as_deref(),
        Some("states/a.html")
    );
    assert_eq!(
        link_target("index.html", "fr/index.html#x").as_deref(),
        Some("fr/index.html")
    );
    assert_eq!(
        link_target("states/a.html", "./b.html?q").as_deref(),
        Some("states/b.html")
    );
    assert_eq!(link_target("index.html", "../x.html"), None);
    assert_eq!(link_target("index.html", "https://example.org/"), None);
    assert_eq!(link_target("index.html", "/x.html"), None);
}

/// The text of a page that is in `lang` (text under an element with another
/// `lang` is left out), with the labels of `aria-label` attributes.
fn text_in_language(html: &scraper::Html, lang: &str) -> String {
    let mut out = String::new();
    for node in html.tree.nodes() {
        let ancestors: Vec<scraper::ElementRef> = node
            .ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .collect();
        let node_lang = ancestors.iter().find_map(|e| e.value().attr("lang"));
        if node_lang != Some(lang)
            || ancestors
                .iter()
                .any(|e| matches!(e.value().name(), "script" | "style"))
        {
            continue;
        }
        match node.value() {
            scraper::Node::Text(text) => out.push_str(text),
            scraper::Node::Element(element) => {
                if let Some(label) = element.attr("aria-label") {
                    out.push_str(label);
                }
            }
            _ => {}
        }
        out.push(' ');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The pages of `lang` under `out` show none of the English interface strings that
/// `lang` translates; returns how many pages were read.
fn check_no_english_interface(out: &Path, lang: &str) -> usize {
    let (en, other) = (i18n("en"), i18n(lang));
    // The fixed parts of every English string that the language says otherwise.
    let mut phrases = BTreeSet::new();
    for (key, text) in &en {
        if other.get(key) == Some(text) || key == "locale" {
            continue;
        }
        let mut rest = text.as_str();
        while !rest.is_empty() {
            let (part, after) = match rest.find('{') {
                Some(open) => (
                    &rest[..open],
                    rest[open..].find('}').map_or("", |c| &rest[open + c + 1..]),
                ),
                None => (rest, ""),
            };
            let part = part.trim().trim_end_matches([':', '.', ',']);
            if part.len() >= 10 && part.contains(' ') {
                phrases.insert((part.to_string(), key.clone()));
            }
            rest = after;
        }
    }
    assert!(phrases.len() > 100, "only {} phrases", phrases.len());
    let mut problems = Vec::new();
    let pages: Vec<String> = html_pages(out)
        .into_iter()
        .filter(|p| p.starts_with(&format!("{lang}/")))
        .collect();
    for page in &pages {
        let text = text_in_language(&parse_html(&out.join(page)), lang);
        for (phrase, key) in &phrases {
            if text.contains(phrase.as_str()) {
                problems.push(format!("{page}: `{phrase}` (en.yaml `{key}`)"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "English on pages in `{lang}`:\n{}",
        problems.join("\n")
    );
    // The check sees the page's own language.
    let index = text_in_language(&parse_html(&out.join(format!("{lang}/index.html"))), lang);
    assert!(index.contains(&other["overview.figures"]), "{index}");
    pages.len()
}

#[test]
fn french_pages_show_no_english_interface_text() {
    let (_dir, out) = build_into_temp(&multilingual(), &templates());
    assert!(check_no_english_interface(&out, "fr") >= 10);
}

#[test]
fn pages_of_the_shipped_edition_show_no_english_interface_text() {
    let (_dir, out) = build_into_temp(&shipped(), &templates());
    for lang in ["fr", "es"] {
        assert!(check_no_english_interface(&out, lang) > 40, "{lang}");
    }
}

/// The State names of the overview's table, in order.
fn table_names(page: &Path) -> Vec<String> {
    let html = parse_html(page);
    html.select(&selector("table.states tbody th[scope=\"row\"] a"))
        .map(text_of)
        .collect()
}

#[test]
fn states_are_listed_in_each_languages_alphabetical_order() {
    let (_dir, out) = build_into_temp(&multilingual(), &templates());
    assert_eq!(
        table_names(&out.join("index.html")),
        ["Exampleland", "Nowhereland", "Republic of Sampleland"]
    );
    // French order: É sorts with E, before x; î with i. Neither the order of the
    // files (exampleland, nowhereland, sampleland) nor that of the bytes.
    let french = [
        "État de Sampleland",
        "Exempleland",
        "îles Heard-et-MacDonald",
    ];
    assert_eq!(table_names(&out.join("fr/index.html")), french);
    let standalone = parse_html(&out.join("fr/overview-standalone.html"));
    let toc: Vec<String> = standalone
        .select(&selector(".toc-states a"))
        .map(text_of)
        .collect();
    assert_eq!(toc, french, "fr/overview-standalone.html contents");
    let sections: Vec<String> = standalone
        .select(&selector("section.state-section"))
        .map(|s| s.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(
        sections,
        ["state-sampleland", "state-exampleland", "state-nowhereland"]
    );
}

#[test]
fn a_region_with_one_state_reads_singular_in_every_language() {
    // The 2020 edition: the 2026 one has the five former States Parties in Europe.
    let edition = shipped().join("editions/2020-11");
    let europe: Vec<_> = fs::read_dir(edition.join("states"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| read(p).lines().any(|l| l.trim() == "region: europe"))
        .collect();
    assert_eq!(europe.len(), 1, "this test needs one State in Europe");
    let (_dir, out) = build_into_temp(&edition, &templates());
    for (page, singular, plural) in [
        ("regions/europe.html", "1 State not party", "1 States"),
        ("fr/regions/europe.html", "1 État non partie", "1 États"),
        ("es/regions/europe.html", "1 Estado no parte", "1 Estados"),
    ] {
        let html = read(&out.join(page));
        assert!(html.contains(singular), "{page} lacks `{singular}`");
        assert!(!html.contains(plural), "{page} has `{plural}`");
    }
    // A region with several States reads plural.
    let africa = read(&out.join("fr/regions/africa.html"));
    assert!(
        africa.contains(" États non parties dans cette région."),
        "fr/regions/africa.html"
    );
}
