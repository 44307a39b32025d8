//! Editions for delegations: the standalone file of each language, the open data
//! (JSON with its schema, CSV), and the sitemap, robots.txt and canonical links
//! written when the edition has a `base_url`. Checked on the fixtures and on the
//! shipped edition (`content/` with the repository's templates).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::*;
use serde_json::Value;
use snp_overview::model::Content;

/// The validated content of a content directory.
fn content_of(dir: &Path) -> Content {
    match snp_overview::load_content(dir) {
        Ok((content, _)) => content,
        Err(diags) => panic!(
            "{} does not load:\n{}",
            dir.display(),
            diags
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// The languages of an edition, the default first.
fn languages(content: &Content) -> Vec<String> {
    content
        .edition
        .languages
        .iter()
        .map(|l| l.as_str().to_string())
        .collect()
}

/// The directory of a language in the built site.
fn lang_dir(out: &Path, lang: &str, default: &str) -> PathBuf {
    if lang == default {
        out.to_path_buf()
    } else {
        out.join(lang)
    }
}

// ---------------------------------------------------------------------------
// The standalone file

/// Whether a reference in the standalone file leads nowhere outside it.
fn is_self_contained(value: &str) -> bool {
    let value = value.trim();
    ["#", "http://", "https://", "mailto:", "data:"]
        .iter()
        .any(|p| value.starts_with(p))
}

/// The targets of every CSS `url(...)` in a text.
fn css_urls(css: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let lower = css.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("url(") {
        let start = from + at + "url(".len();
        let end = css[start..].find(')').map_or(css.len(), |i| start + i);
        urls.push(
            css[start..end]
                .trim()
                .trim_matches(|c| c == '"' || c == '\'')
                .to_string(),
        );
        from = end;
    }
    urls
}

/// The references to local files of an HTML document: `src`, `href` and the like,
/// and CSS `url(...)` and `@import` in style elements and attributes.
fn local_references(html: &scraper::Html) -> Vec<String> {
    const LINKING: [&str; 8] = [
        "href",
        "src",
        "srcset",
        "poster",
        "action",
        "formaction",
        "data",
        "xlink:href",
    ];
    let mut found = Vec::new();
    for element in html.select(&selector("*")) {
        let name = element.value().name();
        for (attr, value) in element.value().attrs() {
            if LINKING.contains(&attr) && !(attr == "data" && name != "object") {
                let values: Vec<&str> = if attr == "srcset" {
                    value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .collect()
                } else {
                    vec![value]
                };
                for v in values {
                    if !is_self_contained(v) {
                        found.push(format!("<{name} {attr}=\"{v}\">"));
                    }
                }
            }
            if attr == "style" {
                for url in css_urls(value)
                    .into_iter()
                    .filter(|u| !is_self_contained(u))
                {
                    found.push(format!("<{name} style> url({url})"));
                }
            }
        }
        if name == "style" {
            let css = element.text().collect::<String>();
            for url in css_urls(&css).into_iter().filter(|u| !is_self_contained(u)) {
                found.push(format!("<style> url({url})"));
            }
            if css.to_ascii_lowercase().contains("@import") {
                found.push("<style> @import".to_string());
            }
        }
    }
    found
}

#[test]
fn local_reference_finder() {
    let html = scraper::Html::parse_document(
        r##"<html><head><style>a{background:url("x.png")} b{background:url(data:image/png;base64,AA==)} @import "y.css";</style>
        <link rel="stylesheet" href="assets/style.css"></head><body>
        <a href="#top">t</a><a href="https://example.org/">e</a><a href="mailto:a@example.org">m</a>
        <a href="states/a.html">s</a><img src="data:image/gif;base64,R0lG" alt=""><img src="x.svg" alt="">
        <img srcset="a.png 1x, https://example.org/b.png 2x" alt=""><div style="background: URL('z.png')"></div>
        <p data="not a link"></p></body></html>"##,
    );
    assert_eq!(
        local_references(&html),
        [
            "<style> url(x.png)",
            "<style> @import",
            "<link href=\"assets/style.css\">",
            "<a href=\"states/a.html\">",
            "<img src=\"x.svg\">",
            "<img srcset=\"a.png\">",
            "<div style> url(z.png)",
        ]
    );
}

/// The name of a State as its page in one language shows it (without the
/// "not yet translated" flag).
fn name_on_page(page: &Path) -> String {
    let html = parse_html(page);
    let h1 = html
        .select(&selector("main h1"))
        .next()
        .unwrap_or_else(|| panic!("{}: no h1", page.display()));
    match h1.select(&selector("[lang]")).next() {
        Some(marked) => text_of(marked),
        None => text_of(h1),
    }
}

/// Every language's standalone file: present, with every State, self-contained.
/// Returns the size of the largest.
fn check_standalone(content_dir: &Path, out: &Path) -> u64 {
    let content = content_of(content_dir);
    let langs = languages(&content);
    let default = langs[0].as_str();
    let mut largest = 0;
    for lang in &langs {
        let dir = lang_dir(out, lang, default);
        let file = dir.join("overview-standalone.html");
        assert!(file.is_file(), "{} is missing", file.display());
        largest = largest.max(file.metadata().unwrap().len());
        let html = parse_html(&file);
        let text = text_of(html.root_element());
        let sections = html.select(&selector("section.state-section")).count();
        assert_eq!(
            sections,
            content.states.len(),
            "{}: State sections",
            file.display()
        );
        for state in &content.states {
            let name = if lang == default {
                state
                    .name
                    .get(&content.edition.languages[0], &content.edition.languages[0])
                    .0
                    .to_string()
            } else {
                name_on_page(&dir.join(format!("states/{}.html", state.slug)))
            };
            assert!(!name.is_empty(), "{}: no name", state.slug);
            assert!(
                text.contains(&name),
                "{}: `{name}` is missing",
                file.display()
            );
            let section = selector(&format!("section#state-{}", state.slug));
            let heading = html
                .select(&section)
                .next()
                .unwrap_or_else(|| panic!("{}: no section for {}", file.display(), state.slug));
            assert!(
                text_of(heading).contains(&name),
                "{}: section of {}",
                file.display(),
                state.slug
            );
        }
        let local = local_references(&html);
        assert!(
            local.is_empty(),
            "{} refers to local files:\n{}",
            file.display(),
            local.join("\n")
        );
        // Every in-file link has its target in the file.
        let ids: BTreeSet<&str> = html
            .select(&selector("[id]"))
            .filter_map(|e| e.value().attr("id"))
            .collect();
        let broken: BTreeSet<&str> = html
            .select(&selector("[href^=\"#\"]"))
            .filter_map(|e| e.value().attr("href"))
            .filter(|h| h.len() > 1 && !ids.contains(&h[1..]))
            .collect();
        assert!(
            broken.is_empty(),
            "{}: links to no anchor: {broken:?}",
            file.display()
        );
    }
    largest
}

#[test]
fn standalone_files_of_the_fixtures_are_self_contained() {
    for fixture in [fixture(), multilingual()] {
        let (_dir, out) = build_into_temp(&fixture, &templates());
        check_standalone(&fixture, &out);
    }
}

#[test]
fn standalone_files_of_the_shipped_edition_are_self_contained_and_small() {
    let (_dir, out) = build_into_temp(&shipped(), &templates());
    let largest = check_standalone(&shipped(), &out);
    assert!(
        largest < 1_500_000,
        "the largest standalone file has {largest} bytes; the limit is 1.5 MB"
    );
}

// ---------------------------------------------------------------------------
// The open data

/// Validates data/states.json against data/schema.json (draft 2020-12).
fn check_json(out: &Path) -> Value {
    let schema: Value = serde_json::from_str(&read(&out.join("data/schema.json"))).unwrap();
    let data: Value = serde_json::from_str(&read(&out.join("data/states.json"))).unwrap();
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "the schema says which draft it follows"
    );
    if let Err(err) = jsonschema::meta::validate(&schema) {
        panic!("data/schema.json is not a valid JSON Schema: {err}");
    }
    let validator = jsonschema::draft202012::new(&schema)
        .unwrap_or_else(|e| panic!("data/schema.json does not compile: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(&data)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "data/states.json does not follow data/schema.json:\n{}",
        errors.join("\n")
    );
    // The schema is not empty: a wrong word or a "none" written as text fails.
    let mut wrong = data.clone();
    wrong["states"][0]["status"]["value"] = Value::from("maybe");
    assert!(
        !validator.is_valid(&wrong),
        "a wrong status passes the schema"
    );
    let mut wrong = data.clone();
    wrong["states"][0]["article7_reports"] = Value::from("none");
    assert!(
        !validator.is_valid(&wrong),
        "`none` as text passes the schema"
    );
    let mut wrong = data.clone();
    wrong["states"][0]
        .as_object_mut()
        .unwrap()
        .remove("stockpile");
    assert!(
        !validator.is_valid(&wrong),
        "a State without `stockpile` passes the schema"
    );
    data
}

/// Reads data/states.csv: the header and the rows, checking that every row has the
/// header's number of columns and that writing them again gives the same bytes.
fn check_csv(out: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let bytes = std::fs::read(out.join("data/states.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut rows = Vec::new();
    let mut records = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.unwrap_or_else(|e| panic!("row {}: {e}", i + 2));
        assert_eq!(
            record.len(),
            header.len(),
            "row {} has {} columns, the header {}",
            i + 2,
            record.len(),
            header.len()
        );
        rows.push(
            header
                .iter()
                .cloned()
                .zip(record.iter().map(String::from))
                .collect::<BTreeMap<_, _>>(),
        );
        records.push(record);
    }
    // RFC 4180: records end with CRLF (the round trip below checks every record).
    let text = String::from_utf8(bytes.clone()).expect("data/states.csv is UTF-8");
    assert!(
        text.ends_with("\r\n"),
        "data/states.csv does not end with CRLF"
    );
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    for record in &records {
        writer.write_record(record).unwrap();
    }
    let again = writer.into_inner().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&again),
        String::from_utf8_lossy(&bytes),
        "data/states.csv does not round-trip"
    );
    let columns: BTreeSet<&String> = header.iter().collect();
    assert_eq!(columns.len(), header.len(), "duplicate columns: {header:?}");
    (header, rows)
}

/// The JSON and CSV of a site against its content: one entry and one row per State.
fn check_open_data(content_dir: &Path, out: &Path) {
    let content = content_of(content_dir);
    let data = check_json(out);
    let json_slugs: Vec<&str> = data["states"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["slug"].as_str().unwrap())
        .collect();
    let slugs: Vec<&str> = content.states.iter().map(|s| s.slug.as_str()).collect();
    assert_eq!(json_slugs, slugs, "data/states.json: one entry per State");

    let (header, rows) = check_csv(out);
    for column in ["name", "iso3", "slug", "region", "status"] {
        assert!(header.iter().any(|h| h == column), "no `{column}` column");
    }
    let default = &content.edition.languages[0];
    assert_eq!(
        rows.len(),
        content.states.len(),
        "data/states.csv: one row per State"
    );
    for (row, state) in rows.iter().zip(&content.states) {
        assert_eq!(row["slug"], state.slug);
        assert_eq!(row["iso3"], state.iso3);
        assert_eq!(row["name"], state.name.get(default, default).0);
        assert_eq!(row["region"], state.region);
    }
}

#[test]
fn open_data_of_the_fixtures_follows_the_schema_and_round_trips() {
    for fixture in [fixture(), multilingual()] {
        let (_dir, out) = build_into_temp(&fixture, &templates());
        check_open_data(&fixture, &out);
    }
}

#[test]
fn open_data_of_the_shipped_edition_follows_the_schema_and_round_trips() {
    let (_dir, out) = build_into_temp(&shipped(), &templates());
    check_open_data(&shipped(), &out);
}

#[test]
fn no_information_and_none_stay_distinct_in_json_and_csv() {
    // In the fixture, nothing is known of Nowhereland's Article 7 reports, stockpile
    // and reported use; Sampleland states it submitted no report, Exampleland that it
    // reported no use, and Exampleland's stockpile has a size that is not known.
    let (_dir, out) = build_into_temp(&fixture(), &templates());
    let data: Value = serde_json::from_str(&read(&out.join("data/states.json"))).unwrap();
    let state = |slug: &str| -> Value {
        data["states"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["slug"] == slug)
            .unwrap_or_else(|| panic!("no {slug} in states.json"))
            .clone()
    };
    let (nowhere, sample, example) = (
        state("nowhereland"),
        state("sampleland"),
        state("exampleland"),
    );
    for block in [
        "article7_reports",
        "stockpile",
        "use_reported",
        "meetings",
        "measures",
    ] {
        assert!(
            nowhere.as_object().unwrap().contains_key(block) && nowhere[block].is_null(),
            "nowhereland.{block} should be null (no information): {}",
            nowhere[block]
        );
    }
    assert_eq!(sample["article7_reports"]["items"], serde_json::json!([]));
    assert_eq!(sample["article7_reports"]["source"], "sampleland-monitor");
    assert_eq!(example["use_reported"]["items"], serde_json::json!([]));
    assert!(example["stockpile"].is_object());
    assert!(example["stockpile"]["estimate"].is_null());
    assert_eq!(sample["stockpile"]["estimate"], 10000);
    assert_eq!(nowhere["derived"]["freshness"], "none_available");

    let (_, rows) = check_csv(&out);
    let row = |slug: &str| -> &BTreeMap<String, String> {
        rows.iter()
            .find(|r| r["slug"] == slug)
            .unwrap_or_else(|| panic!("no {slug} in states.csv"))
    };
    let (nowhere, sample, example) = (row("nowhereland"), row("sampleland"), row("exampleland"));
    assert_eq!(
        nowhere["article7_reports"], "",
        "no information is an empty cell"
    );
    assert_eq!(
        sample["article7_reports"], "none",
        "a stated none is `none`"
    );
    assert_eq!(example["article7_reports"], "2012; 2014");
    assert_eq!(nowhere["use_reported"], "");
    assert_eq!(example["use_reported"], "none");
    assert_eq!(sample["use_reported"], "2015");
    assert_eq!(nowhere["stockpile_estimate"], "");
    assert_eq!(example["stockpile_estimate"], "unknown");
    assert_eq!(sample["stockpile_estimate"], "10000");
    assert_eq!(nowhere["information_status"], "none_available");
}

// ---------------------------------------------------------------------------
// base_url: sitemap.xml, robots.txt, canonical links

const BASE: &str = "https://example.org/overview/";

/// A copy of a fixture in `dir/content` with `base_url` set to `written`.
fn with_base_url(fixture: &Path, dir: &Path, written: &str) -> PathBuf {
    let content = dir.join("content");
    copy_dir(fixture, &content);
    replace(
        &content.join("report.yaml"),
        "license: CC BY 4.0\n",
        &format!("license: CC BY 4.0\nbase_url: {written}\n"),
    );
    content
}

/// The `<loc>`s of a sitemap.
fn sitemap_locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap().replace("&amp;", "&"))
        .collect()
}

/// Builds a copy of `fixture` with `base_url: written`, which means BASE.
fn check_base_url(fixture: &Path, written: &str) {
    let dir = tempfile::tempdir().unwrap();
    let content = with_base_url(fixture, dir.path(), written);
    let (_out_dir, out) = build_into_temp(&content, &templates());
    let robots = read(&out.join("robots.txt"));
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml")),
        "robots.txt: {robots}"
    );
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(sitemap.starts_with("<?xml"));
    assert!(sitemap.contains("http://www.sitemaps.org/schemas/sitemap/0.9"));
    let locs: BTreeSet<String> = sitemap_locs(&sitemap).into_iter().collect();
    // With several languages, every address lists every language's version.
    let langs = languages(&content_of(&content)).len();
    let alternates = sitemap.matches("<xhtml:link rel=\"alternate\"").count();
    let expected = if langs > 1 { locs.len() * langs } else { 0 };
    assert_eq!(alternates, expected, "hreflang alternates in sitemap.xml");

    let canonical = selector("link[rel=\"canonical\"]");
    let pages = html_pages(&out);
    let mut problems = Vec::new();
    for page in &pages {
        let html = parse_html(&out.join(page));
        let links: Vec<&str> = html
            .select(&canonical)
            .filter_map(|e| e.value().attr("href"))
            .collect();
        let standalone = page.ends_with("overview-standalone.html");
        let want = format!("{BASE}{page}");
        if standalone {
            // Not a page of the site: no canonical link is required, and it is not in
            // the sitemap; any canonical link it has must still be its own address.
            if links.iter().any(|l| *l != want) {
                problems.push(format!("{page}: canonical {links:?}"));
            }
        } else if links != [want.as_str()] {
            problems.push(format!("{page}: canonical {links:?}, expected {want}"));
        }
        let listed = locs.contains(&want);
        let should = !standalone && !page.ends_with("404.html");
        if listed != should {
            problems.push(format!(
                "{page}: in the sitemap: {listed}, expected {should}"
            ));
        }
    }
    for loc in &locs {
        match loc.strip_prefix(BASE) {
            Some(path) if out.join(path).is_file() => {}
            _ => problems.push(format!("sitemap <loc>{loc}</loc> is no page of the site")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn with_base_url_there_are_a_sitemap_robots_and_canonical_links() {
    check_base_url(&fixture(), BASE);
    // Written without its final slash, the address still gets one.
    check_base_url(&multilingual(), BASE.trim_end_matches('/'));
}

#[test]
fn without_base_url_there_is_no_sitemap_robots_or_canonical_link() {
    for fixture in [fixture(), multilingual()] {
        assert!(!read(&fixture.join("report.yaml")).contains("base_url"));
        let (_dir, out) = build_into_temp(&fixture, &templates());
        assert!(
            !out.join("sitemap.xml").exists(),
            "sitemap.xml without base_url"
        );
        assert!(
            !out.join("robots.txt").exists(),
            "robots.txt without base_url"
        );
        for page in html_pages(&out) {
            let html = parse_html(&out.join(&page));
            assert_eq!(
                html.select(&selector("link[rel=\"canonical\"]")).count(),
                0,
                "{page} has a canonical link without base_url"
            );
        }
    }
}
