//! Bad input: every kind of error of the content contract ("What is an error"
//! in CONTENT.md) stops the build with exit status 1, a message naming the file,
//! the line where it is known and what was expected, without a panic, and leaves
//! the previous output exactly as it was.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common::*;

/// Where the build writes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Out {
    /// A previous successful build of the fixture.
    Previous,
    /// A directory with a file of its own, not made by the generator.
    Foreign,
}

/// One bad input.
struct Case {
    /// What is wrong.
    name: &'static str,
    /// Breaks the copies of the content and templates directories.
    mutate: fn(content: &Path, templates: &Path),
    /// The file the error names: relative to the content directory, or `templates/...`.
    file: &'static str,
    /// Text of the (broken) file on the line the error gives; `None` where the contract
    /// knows no line (a file as a whole).
    line_at: Option<&'static str>,
    /// Fragments of the message (and its help).
    message: &'static [&'static str],
    /// Where the build writes.
    out: Out,
    /// The content the case starts from (the fixture, or the three-edition fixture).
    base: fn() -> PathBuf,
}

const fn case(
    name: &'static str,
    file: &'static str,
    line_at: Option<&'static str>,
    message: &'static [&'static str],
    mutate: fn(&Path, &Path),
) -> Case {
    Case {
        name,
        mutate,
        file,
        line_at,
        message,
        out: Out::Previous,
        base: fixture,
    }
}

/// A case that starts from the three-edition fixture; `file` is relative to its
/// content directory (`editions/<id>/...`).
const fn editions_case(
    name: &'static str,
    file: &'static str,
    line_at: Option<&'static str>,
    message: &'static [&'static str],
    mutate: fn(&Path, &Path),
) -> Case {
    Case {
        base: editions_fixture,
        ..case(name, file, line_at, message, mutate)
    }
}

/// A template that replaces 404.html in a copy of the templates.
fn template_404(templates: &Path, main: &str) {
    write(
        &templates.join("404.html"),
        format!(
            "{{% extends \"base.html\" %}}\n{{% block title %}}Not found{{% endblock title %}}\n{{% block main %}}\n<h1>Not found</h1>\n{main}\n{{% endblock main %}}\n"
        ),
    );
}

/// Removes the line defining `key:` (a leaf of the interface strings) from a YAML file.
fn remove_key_line(path: &Path, key: &str) {
    let text = read(path);
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with(&format!("{key}:")))
        .collect();
    assert_eq!(
        kept.len() + 1,
        text.lines().count(),
        "`{key}:` once in {}",
        path.display()
    );
    write(path, kept.join("\n") + "\n");
}

/// A YAML document whose aliases expand to 10^10 nodes.
fn alias_bomb() -> String {
    let mut doc = String::from(
        "name: Nowhereland\niso3: HMD\nregion: south\nstatus: not_signed\nlol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        let refs = vec![format!("*a{p}"); 10].join(", ");
        doc.push_str(&format!("lol{i}: &a{i} [{refs}]\n"));
    }
    doc
}

fn cases() -> Vec<Case> {
    let mut cases = vec![
        // --- YAML that does not parse, wrong types, unknown and missing fields, duplicates
        case(
            "yaml syntax error",
            "states/nowhereland.yaml",
            Some("name: Nowhereland: oops"),
            &["invalid YAML"],
            |c, _| {
                replace(
                    &c.join("states/nowhereland.yaml"),
                    "name: Nowhereland",
                    "name: Nowhereland: oops",
                )
            },
        ),
        case(
            "yaml syntax error: unclosed flow sequence",
            "states/exampleland.yaml",
            Some("items: [2012,,"),
            &["invalid YAML"],
            |c, _| {
                replace(
                    &c.join("states/exampleland.yaml"),
                    "items: [2012,",
                    "items: [2012,,",
                )
            },
        ),
        case(
            "wrong type: text where a number is expected",
            "report.yaml",
            Some("stale_after_years: five"),
            &["expected a whole number", "`five`"],
            |c, _| {
                replace(
                    &c.join("report.yaml"),
                    "stale_after_years: 5",
                    "stale_after_years: five",
                )
            },
        ),
        case(
            "wrong type: a number where text is expected",
            "states/nowhereland.yaml",
            Some("name: 42"),
            &["expected text, found a number", "quotes"],
            |c, _| {
                replace(
                    &c.join("states/nowhereland.yaml"),
                    "name: Nowhereland",
                    "name: 42",
                )
            },
        ),
        case(
            "wrong type: text where a list is expected",
            "states/sampleland.yaml",
            Some("use_reported: often"),
            &["expected a list", "text"],
            |c, _| {
                replace(
                    &c.join("states/sampleland.yaml"),
                    "use_reported:\n  - {year: 2015, source: sampleland-monitor}",
                    "use_reported: often",
                )
            },
        ),
        case(
            "unknown field, with did you mean",
            "states/exampleland.yaml",
            Some("nte: Stated"),
            &["unknown field `nte`", "did you mean `note`?"],
            |c, _| {
                replace(
                    &c.join("states/exampleland.yaml"),
                    "  note: Stated",
                    "  nte: Stated",
                )
            },
        ),
        case(
            "unknown top-level field, with did you mean",
            "states/nowhereland.yaml",
            Some("regoin: south"),
            &["unknown field `regoin`", "did you mean `region`?"],
            |c, _| {
                let p = c.join("states/nowhereland.yaml");
                write(&p, read(&p) + "regoin: south\n");
            },
        ),
        case(
            "missing required field in a record",
            "states/nowhereland.yaml",
            Some("name: Nowhereland"),
            &["missing required field `region`"],
            |c, _| replace(&c.join("states/nowhereland.yaml"), "region: south\n", ""),
        ),
        case(
            "missing required field in a source",
            "sources.yaml",
            Some("publisher: Test Library"),
            &["missing required field `title`"],
            |c, _| {
                replace(
                    &c.join("sources.yaml"),
                    "  title: General Assembly voting records (test data)\n",
                    "",
                )
            },
        ),
        case(
            "duplicate key at the top level",
            "states/nowhereland.yaml",
            Some("name: Nowhereland again"),
            &["duplicate key `name`"],
            |c, _| {
                let p = c.join("states/nowhereland.yaml");
                write(&p, read(&p) + "name: Nowhereland again\n");
            },
        ),
        case(
            "a year twice under unga_votes",
            "states/sampleland.yaml",
            Some("2019: in_favour"),
            &["duplicate key `2019`"],
            |c, _| {
                replace(
                    &c.join("states/sampleland.yaml"),
                    "  2019: abstaining\n",
                    "  2019: abstaining\n  2019: in_favour\n",
                )
            },
        ),
        // --- invalid values
        case(
            "invalid date",
            "states/exampleland.yaml",
            Some("signed_on: 1997-12-34"),
            &["invalid date `1997-12-34`", "2020-11-16"],
            |c, _| {
                replace(
                    &c.join("states/exampleland.yaml"),
                    "signed_on: 1997-12-04",
                    "signed_on: 1997-12-34",
                )
            },
        ),
        case(
            "invalid year",
            "states/exampleland.yaml",
            Some("items: [12,"),
            &["invalid year `12`", "four digits"],
            |c, _| {
                replace(
                    &c.join("states/exampleland.yaml"),
                    "items: [2012,",
                    "items: [12,",
                )
            },
        ),
        case(
            "year outside the period covered",
            "states/sampleland.yaml",
            Some("year: 1990"),
            &["1990", "outside the period covered", "1996"],
            |c, _| {
                replace(
                    &c.join("states/sampleland.yaml"),
                    "{year: 2015,",
                    "{year: 1990,",
                )
            },
        ),
        case(
            "invalid ISO code shape",
            "states/nowhereland.yaml",
            Some("iso3: Hm1"),
            &["invalid ISO code `Hm1`", "three capital letters"],
            |c, _| replace(&c.join("states/nowhereland.yaml"), "iso3: HMD", "iso3: Hm1"),
        ),
        case(
            "invalid slug (file name)",
            "states/Nowhere_Land.yaml",
            None,
            &["invalid name `Nowhere_Land`", "lowercase"],
            |c, _| {
                fs::rename(
                    c.join("states/nowhereland.yaml"),
                    c.join("states/Nowhere_Land.yaml"),
                )
                .unwrap();
                fs::rename(
                    c.join("states/nowhereland.md"),
                    c.join("states/Nowhere_Land.md"),
                )
                .unwrap();
            },
        ),
        case(
            "invalid language in a text mapping",
            "states/exampleland.yaml",
            Some("name: {en: Exampleland, zz: Beispielland}"),
            &["`zz` is not one of the edition's `languages`", "en"],
            |c, _| {
                replace(
                    &c.join("states/exampleland.yaml"),
                    "name: Exampleland",
                    "name: {en: Exampleland, zz: Beispielland}",
                )
            },
        ),
        case(
            "invalid language in a file name",
            "states/exampleland.zz.md",
            None,
            &["invalid language `zz`", "languages"],
            |c, _| write(&c.join("states/exampleland.zz.md"), "Texte.\n"),
        ),
        case(
            "invalid language code in report.yaml",
            "report.yaml",
            Some("languages: [en, English]"),
            &["invalid language `English`"],
            |c, _| {
                replace(
                    &c.join("report.yaml"),
                    "languages: [en]",
                    "languages: [en, English]",
                )
            },
        ),
        case(
            "invalid vote",
            "states/sampleland.yaml",
            Some("2019: abstain\n"),
            &[
                "invalid vote `abstain`",
                "in_favour, against, abstaining, absent",
                "did you mean `abstaining`?",
            ],
            |c, _| {
                replace(
                    &c.join("states/sampleland.yaml"),
                    "2019: abstaining",
                    "2019: abstain",
                )
            },
        ),
        case(
            "invalid status",
            "states/nowhereland.yaml",
            Some("status: unsigned"),
            &["invalid status `unsigned`", "not_signed, signed"],
            |c, _| {
                replace(
                    &c.join("states/nowhereland.yaml"),
                    "status: not_signed",
                    "status: unsigned",
                )
            },
        ),
        case(
            "invalid outreach kind",
            "states/exampleland.yaml",
            Some("kind: email"),
            &[
                "invalid outreach kind `email`",
                "letter, bilateral_meeting, press_release, statement, other",
            ],
            |c, _| {
                replace(
                    &c.join("states/exampleland.yaml"),
                    "kind: letter",
                    "kind: email",
                )
            },
        ),
        case(
            "invalid measure kind",
            "states/exampleland.yaml",
            Some("kind: moratoria"),
            &[
                "invalid measure kind `moratoria`",
                "moratorium, ban, policy",
                "did you mean `moratorium`?",
            ],
            |c, _| {
                replace(
                    &c.join("states/exampleland.yaml"),
                    "kind: moratorium",
                    "kind: moratoria",
                )
            },
        ),
        case(
            "invalid measure value",
            "states/exampleland.yaml",
            Some("measure: exports"),
            &[
                "invalid measure `exports`",
                "use, production, export, import, transfer, stockpile_destruction",
            ],
            |c, _| {
                replace(
                    &c.join("states/exampleland.yaml"),
                    "measure: export",
                    "measure: exports",
                )
            },
        ),
        case(
            "invalid production status",
            "states/exampleland.yaml",
            Some("status: stopped"),
            &[
                "invalid production status `stopped`",
                "producer, reserves_right, ceased, never, unknown",
            ],
            |c, _| {
                replace(
                    &c.join("states/exampleland.yaml"),
                    "status: ceased",
                    "status: stopped",
                )
            },
        ),
        case(
            "invalid outreach response",
            "states/exampleland.yaml",
            Some("response: no-answer"),
            &["invalid response `no-answer`", "received, none, pending"],
            |c, _| {
                replace(
                    &c.join("states/exampleland.yaml"),
                    "response: none",
                    "response: no-answer",
                )
            },
        ),
        // --- across records and report.yaml
        case(
            "duplicate iso3 across two records",
            "states/sampleland.yaml",
            Some("iso3: SGS"),
            &["iso3 `SGS`", "states/nowhereland.yaml", "unique"],
            |c, _| replace(&c.join("states/nowhereland.yaml"), "iso3: HMD", "iso3: SGS"),
        ),
        case(
            "unknown region",
            "states/nowhereland.yaml",
            Some("region: souht"),
            &[
                "region `souht` is not declared in report.yaml",
                "did you mean `south`?",
            ],
            |c, _| {
                replace(
                    &c.join("states/nowhereland.yaml"),
                    "region: south",
                    "region: souht",
                )
            },
        ),
        case(
            "signed_on without status signed",
            "states/nowhereland.yaml",
            Some("signed_on: 1997-12-03"),
            &["`signed_on` is given but status is `not_signed`"],
            |c, _| {
                let p = c.join("states/nowhereland.yaml");
                write(&p, read(&p) + "signed_on: 1997-12-03\n");
            },
        ),
        case(
            "status signed without signed_on",
            "states/exampleland.yaml",
            Some("status: {value: signed"),
            &["status is `signed`", "`signed_on`", "required"],
            |c, _| {
                replace(
                    &c.join("states/exampleland.yaml"),
                    "signed_on: 1997-12-04\n",
                    "",
                )
            },
        ),
        case(
            "a date after as_of in a record",
            "states/exampleland.yaml",
            Some("date: 2020-11-17"),
            &["2020-11-17 is after the edition's as-of date 2020-11-16"],
            |c, _| {
                replace(
                    &c.join("states/exampleland.yaml"),
                    "date: 2019-11-25\n  source",
                    "date: 2020-11-17\n  source",
                )
            },
        ),
        case(
            "a year after as_of in a record",
            "states/sampleland.yaml",
            Some("date: 2021"),
            &["2021 is after the edition's as-of date 2020-11-16"],
            |c, _| {
                replace(
                    &c.join("states/sampleland.yaml"),
                    "date: 2020\n",
                    "date: 2021\n",
                )
            },
        ),
        case(
            "a source date after as_of",
            "sources.yaml",
            Some("date: 2020-11-30"),
            &["2020-11-30 is after the edition's as-of date 2020-11-16"],
            |c, _| {
                replace(
                    &c.join("sources.yaml"),
                    "date: 2020-11-10",
                    "date: 2020-11-30",
                )
            },
        ),
        case(
            "a resolution adopted after as_of",
            "report.yaml",
            Some("adopted: 2020-12-07"),
            &["2020-12-07 is after the edition's as-of date 2020-11-16"],
            |c, _| {
                let p = c.join("report.yaml");
                write(
                    &p,
                    read(&p)
                        + "  - year: 2020\n    symbol: A/RES/75/52\n    adopted: 2020-12-07\n    source: unga-votes\n",
                );
            },
        ),
        case(
            "a vote year with no resolution",
            "states/sampleland.yaml",
            Some("2017: abstaining"),
            &["vote for 2017", "no resolution for 2017"],
            |c, _| {
                replace(
                    &c.join("states/sampleland.yaml"),
                    "  2019: abstaining\n",
                    "  2019: abstaining\n  2017: abstaining\n",
                )
            },
        ),
        // --- sources
        case(
            "an undefined source key",
            "states/sampleland.yaml",
            Some("source: sampleland-monitr"),
            &[
                "source `sampleland-monitr` is not defined",
                "did you mean `sampleland-monitor`?",
            ],
            |c, _| {
                replace(
                    &c.join("states/sampleland.yaml"),
                    "status: reserves_right\n  source: sampleland-monitor",
                    "status: reserves_right\n  source: sampleland-monitr",
                )
            },
        ),
        case(
            "an undefined source key in report.yaml",
            "report.yaml",
            Some("source: unga-vote\n"),
            &[
                "source `unga-vote` is not defined in sources.yaml",
                "did you mean `unga-votes`?",
            ],
            |c, _| {
                replace(
                    &c.join("report.yaml"),
                    "    source: unga-votes\n    note:",
                    "    source: unga-vote\n    note:",
                )
            },
        ),
        case(
            "an undefined [^key] in a narrative",
            "states/sampleland.md",
            Some("[^outreach-2021]"),
            &[
                "[^outreach-2021] is neither a source key",
                "did you mean `outreach-2020`?",
            ],
            |c, _| {
                replace(
                    &c.join("states/sampleland.md"),
                    "[^outreach-2020]",
                    "[^outreach-2021]",
                )
            },
        ),
        case(
            "an undefined [^key] in a page",
            "pages/about.md",
            Some("[^unga-votez]"),
            &["[^unga-votez] is neither a source key"],
            |c, _| replace(&c.join("pages/about.md"), "[^unga-votes]", "[^unga-votez]"),
        ),
        case(
            "an undefined [^key] in a position",
            "states/exampleland.yaml",
            Some("position: >-"),
            &[
                "[^exampleland-statment] is neither a source key",
                "did you mean `exampleland-statement`?",
            ],
            |c, _| {
                replace(
                    &c.join("states/exampleland.yaml"),
                    "ratifying it.[^exampleland-statement]",
                    "ratifying it.[^exampleland-statment]",
                )
            },
        ),
        case(
            "a record source key repeating a sources.yaml key",
            "states/sampleland.yaml",
            Some("  unga-votes:"),
            &["source key `unga-votes` is already defined in sources.yaml"],
            |c, _| {
                let p = c.join("states/sampleland.yaml");
                write(
                    &p,
                    read(&p) + "  unga-votes:\n    title: Votes, as the record saw them\n",
                );
            },
        ),
        // --- Markdown files
        case(
            "a narrative without a record",
            "states/ghostland.md",
            None,
            &["narrative without a record", "states/ghostland.yaml"],
            |c, _| {
                write(
                    &c.join("states/ghostland.md"),
                    "A State that has no record.\n",
                )
            },
        ),
        case(
            "a page without title",
            "pages/about.md",
            Some("description: How"),
            &["missing required field `title`"],
            |c, _| {
                replace(
                    &c.join("pages/about.md"),
                    "title: About this overview\n",
                    "",
                )
            },
        ),
        case(
            "a page without front matter",
            "pages/about.md",
            Some("## Sources"),
            &["front matter", "`title`"],
            |c, _| {
                let p = c.join("pages/about.md");
                let text = read(&p);
                let body = text
                    .splitn(3, "---\n")
                    .nth(2)
                    .unwrap()
                    .trim_start()
                    .to_string();
                write(&p, body);
            },
        ),
        case(
            "an unknown field in a page's front matter",
            "pages/about.md",
            Some("titel: About"),
            &["unknown field `titel`", "did you mean `title`?"],
            |c, _| replace(&c.join("pages/about.md"), "title: About", "titel: About"),
        ),
        case(
            "report.yaml missing",
            "report.yaml",
            None,
            &["report.yaml is missing"],
            |c, _| fs::remove_file(c.join("report.yaml")).unwrap(),
        ),
        case(
            "an empty record",
            "states/nowhereland.yaml",
            None,
            &["expected a State record"],
            |c, _| write(&c.join("states/nowhereland.yaml"), ""),
        ),
        case(
            "an invalid source key",
            "sources.yaml",
            Some("Outreach_2020:"),
            &["invalid source key `Outreach_2020`"],
            |c, _| replace(&c.join("sources.yaml"), "outreach-2020:", "Outreach_2020:"),
        ),
        case(
            "an invalid region slug",
            "report.yaml",
            Some("North Region: Northern Region"),
            &["invalid region slug `North Region`"],
            |c, _| {
                replace(
                    &c.join("report.yaml"),
                    "  north: Northern Region",
                    "  North Region: Northern Region",
                )
            },
        ),
        // --- templates
        case(
            "a template that fails to parse",
            "templates/404.html",
            Some("{{ broken }"),
            &["template syntax error"],
            |_, t| template_404(t, "<p>{{ broken }</p>"),
        ),
        case(
            "a template that fails to render",
            "templates/404.html",
            Some("{{ no_such_variable.field }}"),
            &["no_such_variable", "while rendering 404.html"],
            |_, t| template_404(t, "<p>{{ no_such_variable.field }}</p>"),
        ),
        case(
            "a missing interface string",
            "templates/404.html",
            Some("site.404_back"),
            &["interface string `site.404_back` is missing for language `en`"],
            |_, t| {
                template_404(t, "<p>{{ t(key=\"site.404_back\") }}</p>");
                remove_key_line(&t.join("i18n/en.yaml"), "404_back");
            },
        ),
        case(
            "a template missing from the templates directory",
            "templates/state.html",
            None,
            &["template is missing"],
            |_, t| fs::remove_file(t.join("state.html")).unwrap(),
        ),
        case(
            "a partial every build renders, missing",
            "templates/partials/source-items.html",
            None,
            &["template is missing"],
            |_, t| fs::remove_file(t.join("partials/source-items.html")).unwrap(),
        ),
        // --- the layout
        case(
            "a stray file",
            "notes.txt",
            None,
            &["unexpected file"],
            |c, _| write(&c.join("notes.txt"), "remember to check the votes\n"),
        ),
        case(
            "a subfolder of states/",
            "states/archive",
            None,
            &["unexpected folder"],
            |c, _| write(&c.join("states/archive/old.yaml"), "name: Old\n"),
        ),
        case(
            "a file over 1 MiB",
            "states/exampleland.md",
            None,
            &["limit for a content file", "1 MiB"],
            |c, _| {
                let p = c.join("states/exampleland.md");
                let line = "Padding that makes the narrative larger than the limit.\n";
                write(&p, read(&p) + &line.repeat(1024 * 1024 / line.len() + 1));
            },
        ),
        case(
            "a billion-laughs alias bomb",
            "states/nowhereland.yaml",
            None,
            &["invalid YAML"],
            |c, _| write(&c.join("states/nowhereland.yaml"), alias_bomb()),
        ),
        case(
            "invalid UTF-8",
            "states/nowhereland.md",
            Some("information"),
            &["not valid UTF-8"],
            |c, _| {
                write(
                    &c.join("states/nowhereland.md"),
                    b"No official\ninformation \xff\xfe on Nowhereland.\n",
                )
            },
        ),
        Case {
            out: Out::Foreign,
            ..case(
                "an output directory not made by the generator",
                "",
                None,
                &["refusing to replace", "not made by snp-overview"],
                |_, _| {},
            )
        },
    ];
    cases.extend(editions_cases());
    if cfg!(unix) {
        cases.push(case(
            "a symbolic link leading out of the content",
            "states/outside.yaml",
            None,
            &["symbolic link", "outside the content directory"],
            |c, _| {
                #[cfg(unix)]
                {
                    let target = c.parent().unwrap().join("outside.yaml");
                    write(&target, read(&c.join("states/nowhereland.yaml")));
                    std::os::unix::fs::symlink(&target, c.join("states/outside.yaml")).unwrap();
                }
                let _ = c;
            },
        ));
        cases.push(case(
            "a symbolic link loop",
            "states/loop",
            None,
            &["symbolic link loop"],
            |c, _| {
                #[cfg(unix)]
                std::os::unix::fs::symlink(c.join("states"), c.join("states/loop")).unwrap();
                let _ = c;
            },
        ));
    }
    cases
}

/// The errors of the contract's "Editions" section, on the three-edition fixture.
fn editions_cases() -> Vec<Case> {
    vec![
        editions_case(
            "editions: a State missing from the next edition without a changes entry",
            "editions/2023-11/report.yaml",
            Some("changes:"),
            &[
                "leavingland (SGS)",
                "edition `2020-11`",
                "edition `2023-11`",
                "`changes` does not say why",
            ],
            |c, _| {
                replace(
                    &c.join("editions/2023-11/report.yaml"),
                    "iso3: SGS",
                    "iso3: SHN",
                )
            },
        ),
        editions_case(
            "editions: a withdrew entry whose record is not withdrawn",
            "editions/2025-11/report.yaml",
            Some("change: withdrew"),
            &[
                "PCN is said to have withdrawn",
                "states/formerland.yaml",
                "`not_signed`",
            ],
            |c, _| {
                let record = c.join("editions/2025-11/states/formerland.yaml");
                let text = read(&record);
                let kept = text.split("membership:").next().unwrap().to_string();
                write(
                    &record,
                    kept.replace("status: withdrawn", "status: not_signed"),
                );
            },
        ),
        editions_case(
            "editions: a withdrew entry with another effective date",
            "editions/2025-11/report.yaml",
            Some("date: 2025-06-02"),
            &[
                "PCN withdrew on 2025-06-02",
                "states/formerland.yaml",
                "2025-06-01",
            ],
            |c, _| {
                replace(
                    &c.join("editions/2025-11/report.yaml"),
                    "date: 2025-06-01",
                    "date: 2025-06-02",
                )
            },
        ),
        editions_case(
            "editions: a withdrawal effective after as_of",
            "editions/2025-11/states/formerland.yaml",
            Some("2025-12-01"),
            &[
                "takes effect on 2025-12-01",
                "after the edition's as-of date 2025-11-24",
            ],
            |c, _| {
                replace(
                    &c.join("editions/2025-11/states/formerland.yaml"),
                    "withdrawal_effective_on: 2025-06-01",
                    "withdrawal_effective_on: 2025-12-01",
                );
                replace(
                    &c.join("editions/2025-11/report.yaml"),
                    "date: 2025-06-01",
                    "date: 2025-12-01",
                );
            },
        ),
        editions_case(
            "editions: membership with another status",
            "editions/2025-11/states/nowhereland.yaml",
            Some("membership:"),
            &["`membership` is given but status is `not_signed`"],
            |c, _| {
                let p = c.join("editions/2025-11/states/nowhereland.yaml");
                write(
                    &p,
                    read(&p)
                        + "membership:\n  joined_by: accession\n  joined_on: 2001-05-10\n  withdrawal_notified_on: 2024-12-01\n  withdrawal_effective_on: 2025-06-01\n",
                );
            },
        ),
        editions_case(
            "editions: signed_on with not_signed",
            "editions/2023-11/states/nowhereland.yaml",
            Some("signed_on: 1997-12-03"),
            &["`signed_on` is given but status is `not_signed`"],
            |c, _| {
                let p = c.join("editions/2023-11/states/nowhereland.yaml");
                write(&p, read(&p) + "signed_on: 1997-12-03\n");
            },
        ),
        editions_case(
            "editions: two editions with the same as_of",
            "editions/2023-11/report.yaml",
            Some("as_of: 2023-11-20"),
            &["editions `2020-11` and `2023-11` have the same as_of (2023-11-20)"],
            |c, _| {
                replace(
                    &c.join("editions/2020-11/report.yaml"),
                    "as_of: 2020-11-16",
                    "as_of: 2023-11-20",
                )
            },
        ),
        editions_case(
            "editions: report.yaml and editions/ side by side",
            "report.yaml",
            None,
            &["report.yaml beside editions/", "not both"],
            |c, _| {
                write(
                    &c.join("report.yaml"),
                    read(&c.join("editions/2025-11/report.yaml")),
                )
            },
        ),
        editions_case(
            "editions: a notified_withdrawals State that has a record",
            "editions/2025-11/report.yaml",
            Some("iso3: ATF"),
            &[
                "ATF is listed under notified_withdrawals",
                "states/exampleland.yaml",
            ],
            |c, _| {
                replace(
                    &c.join("editions/2025-11/report.yaml"),
                    "iso3: CXR",
                    "iso3: ATF",
                )
            },
        ),
    ]
}

/// Everything a case's run gave.
struct Run {
    code: Option<i32>,
    stderr: String,
    out: PathBuf,
    unchanged: Vec<String>,
}

/// Copies the fixture and templates into `dir`, breaks them, builds a previous output, runs
/// the broken build and compares the output before and after.
fn run(dir: &Path, mutate: impl FnOnce(&Path, &Path), out_kind: Out) -> Run {
    run_from(&fixture(), dir, mutate, out_kind)
}

/// [`run`] from a given content directory.
fn run_from(base: &Path, dir: &Path, mutate: impl FnOnce(&Path, &Path), out_kind: Out) -> Run {
    let content = dir.join("content");
    let templates = dir.join("templates");
    copy_dir(base, &content);
    copy_dir(&crate::common::templates(), &templates);
    let out_parent = dir.join("public");
    let out = out_parent.join("site");
    match out_kind {
        Out::Previous => {
            let output = build(&content, &templates, &out, &[]);
            assert!(
                output.status.success(),
                "previous build: {}",
                stderr(&output)
            );
        }
        Out::Foreign => {
            write(&out.join("notes.txt"), "not a site");
            write(&out.join("index.html"), "<p>my page</p>");
        }
    }
    mutate(&content, &templates);
    let before = tree(&out_parent);
    let output = build(&content, &templates, &out, &[]);
    let after = tree(&out_parent);
    Run {
        code: output.status.code(),
        stderr: stderr(&output),
        out,
        unchanged: tree_diff(&before, &after),
    }
}

/// The problems of one case, if any.
fn assess(case: &Case) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let run = run_from(&(case.base)(), dir.path(), case.mutate, case.out);
    let mut problems = Vec::new();
    if run.code != Some(1) {
        problems.push(format!("exit status {:?}, expected 1", run.code));
    }
    if run.stderr.contains("panicked") || run.stderr.contains("RUST_BACKTRACE") {
        problems.push("panic".to_string());
    }
    if !run.unchanged.is_empty() {
        problems.push(format!("output changed: {:?}", run.unchanged));
    }
    // Content files are named relative to the content directory; template files
    // under the templates directory as given on the command line.
    let file = if case.out == Out::Foreign {
        run.out.display().to_string()
    } else if let Some(rel) = case.file.strip_prefix("templates/") {
        format!("{}/{rel}", dir.path().join("templates").display())
    } else {
        case.file.to_string()
    };
    let line = case.line_at.map(|needle| {
        let path = match case.file.strip_prefix("templates/") {
            Some(rel) => dir.path().join("templates").join(rel),
            None => dir.path().join("content").join(case.file),
        };
        let text = String::from_utf8_lossy(&fs::read(&path).unwrap()).into_owned();
        line_of(&text, needle)
    });
    let prefix = match line {
        Some(line) => format!("error: {file}:{line}:"),
        None => format!("error: {file}:"),
    };
    let diags = diagnostics(&run.stderr);
    let found = diags
        .iter()
        .any(|d| d.starts_with(&prefix) && case.message.iter().all(|m| d.contains(m)));
    if !found {
        problems.push(format!(
            "no diagnostic starting `{prefix}` containing {:?}",
            case.message
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}:\n  - {}\n  stderr:\n{}",
            case.name,
            problems.join("\n  - "),
            run.stderr
                .lines()
                .map(|l| format!("    | {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        ))
    }
}

/// Runs `f` over every case on a few threads, collecting the failures.
fn for_each_case(cases: &[Case], f: impl Fn(&Case) -> Result<(), String> + Sync) -> Vec<String> {
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map_or(4, |n| n.get())
        .clamp(2, 8);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(case) = cases.get(i) else { break };
                    if let Err(e) = f(case) {
                        failures.lock().unwrap().push((i, e));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    failures.into_iter().map(|(_, e)| e).collect()
}

#[test]
fn every_bad_input_fails_cleanly_and_leaves_the_output() {
    let cases = cases();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut names: Vec<_> = cases.iter().map(|c| c.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names are unique");
    let failures = for_each_case(&cases, assess);
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_fixture_itself_builds_without_any_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let run = run(dir.path(), |_, _| {}, Out::Previous);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(diagnostics(&run.stderr).is_empty(), "{}", run.stderr);
}

#[test]
fn errors_in_several_files_are_all_reported_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let run = run(
        dir.path(),
        |c, _| {
            replace(
                &c.join("states/nowhereland.yaml"),
                "region: south",
                "region: souht",
            );
            replace(
                &c.join("pages/about.md"),
                "title: About this overview\n",
                "",
            );
            replace(
                &c.join("sources.yaml"),
                "date: 2020-11-10",
                "date: 2020-13-10",
            );
        },
        Out::Previous,
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.unchanged.is_empty(), "{:?}", run.unchanged);
    let diags = diagnostics(&run.stderr);
    for (file, fragment) in [
        ("states/nowhereland.yaml:3:", "region `souht`"),
        ("pages/about.md:2:", "missing required field `title`"),
        ("sources.yaml:16:", "invalid date `2020-13-10`"),
    ] {
        assert!(
            diags
                .iter()
                .any(|d| d.starts_with(&format!("error: {file}")) && d.contains(fragment)),
            "`{file}` `{fragment}` not reported:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("3 error(s)"), "{}", run.stderr);
}

#[test]
fn a_broken_report_yaml_is_reported_as_the_root_cause_only() {
    let dir = tempfile::tempdir().unwrap();
    let run = run(
        dir.path(),
        |c, _| replace(&c.join("report.yaml"), "languages: [en]", "languages: [en"),
        Out::Previous,
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.unchanged.is_empty(), "{:?}", run.unchanged);
    let diags = diagnostics(&run.stderr);
    assert!(
        diags
            .iter()
            .any(|d| d.starts_with("error: report.yaml:") && d.contains("invalid YAML")),
        "{}",
        run.stderr
    );
    let others: Vec<_> = diags
        .iter()
        .filter(|d| !d.starts_with("error: report.yaml:"))
        .collect();
    assert!(
        others.is_empty(),
        "errors that only follow from report.yaml are not listed:\n{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// Bugs found while writing this suite, fixed since; the tests keep them fixed.

/// The error diagnostics of a run, as text.
fn errors(stderr: &str) -> Vec<String> {
    diagnostics(stderr)
        .into_iter()
        .filter(|d| d.starts_with("error: "))
        .collect()
}

#[test]
fn an_error_in_a_record_does_not_make_its_sources_undefined() {
    let dir = tempfile::tempdir().unwrap();
    let run = run(
        dir.path(),
        |c, _| {
            replace(
                &c.join("states/sampleland.yaml"),
                "region: south",
                "region: souht",
            )
        },
        Out::Previous,
    );
    assert_eq!(run.code, Some(1));
    let errors = errors(&run.stderr);
    assert_eq!(
        errors.len(),
        1,
        "only the root cause (the region) is reported:\n{}",
        run.stderr
    );
    assert!(errors[0].contains("region `souht`"));
}

#[test]
fn an_invalid_signed_on_is_not_also_reported_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    let run = run(
        dir.path(),
        |c, _| {
            replace(
                &c.join("states/exampleland.yaml"),
                "signed_on: 1997-12-04",
                "signed_on: 1997-12-34",
            )
        },
        Out::Previous,
    );
    assert_eq!(run.code, Some(1));
    let errors = errors(&run.stderr);
    assert_eq!(errors.len(), 1, "only the invalid date:\n{}", run.stderr);
}

#[test]
fn an_undefined_citation_in_a_vote_note_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = run(
        dir.path(),
        |c, _| {
            replace(
                &c.join("states/exampleland.yaml"),
                "note: Explained its vote}",
                "note: \"Explained its vote.[^no-such-source]\"}",
            )
        },
        Out::Previous,
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        errors(&run.stderr)
            .iter()
            .any(|d| d.starts_with("error: states/exampleland.yaml:14:")
                && d.contains("[^no-such-source]")),
        "{}",
        run.stderr
    );
    assert!(run.unchanged.is_empty());
}

#[test]
fn a_source_cited_only_in_a_vote_note_counts_as_used() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture(), &content);
    let record = content.join("states/sampleland.yaml");
    replace(
        &record,
        "note: Did not take part in the vote}",
        "note: \"Did not take part in the vote.[^sampleland-un]\"}",
    );
    write(
        &record,
        read(&record) + "  sampleland-un:\n    title: Record of the plenary meeting\n",
    );
    let output = check(&content, &templates(), &["--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn check_reports_template_errors() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    copy_dir(&crate::common::templates(), &templates);
    template_404(&templates, "<p>{{ broken }</p>");
    let output = check(&fixture(), &templates, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("templates/404.html"));
}

#[test]
fn check_prints_the_data_gaps_report() {
    let output = check(&fixture(), &templates(), &[]);
    assert!(output.status.success());
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
    // Nowhereland has no information on anything; Sampleland's latest information (2012) is dated.
    assert!(text.contains("Nowhereland"), "{text}");
    assert!(text.contains("Sampleland"), "{text}");
}

/// Names the contract ignores anywhere under `content/` (hidden files and folders,
/// editor leftovers): each must build exactly as the fixture alone does.
#[test]
fn hidden_files_and_editor_leftovers_are_ignored_and_build() {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("reference");
    build_fixture(&reference);
    type Leftover = (&'static str, fn(&Path));
    let leftovers: &[Leftover] = &[
        ("an Emacs lock file, a dangling symbolic link", |c| {
            #[cfg(unix)]
            std::os::unix::fs::symlink(
                "me@host.1234:1700000000",
                c.join("states/.#nowhereland.yaml"),
            )
            .unwrap();
            let _ = c;
        }),
        ("an Emacs lock file, a plain file", |c| {
            write(&c.join("pages/.#about.md"), "me@host.1234")
        }),
        ("an Emacs backup `*~`", |c| {
            write(&c.join("states/nowhereland.yaml~"), "region: [")
        }),
        ("an Emacs auto-save `#*#`", |c| {
            write(&c.join("states/#nowhereland.md#"), "\u{0}")
        }),
        ("a vim swap file", |c| {
            write(&c.join("states/.nowhereland.yaml.swp"), b"b0VIM \xff")
        }),
        ("vim's write test `4913`", |c| {
            write(&c.join("states/4913"), "")
        }),
        ("vim's write test at the top", |c| {
            write(&c.join("4913"), "")
        }),
        ("a hidden file", |c| {
            write(&c.join(".DS_Store"), b"\x00\x01")
        }),
        ("a hidden folder", |c| {
            write(&c.join("states/.git/HEAD"), "ref: refs/heads/main")
        }),
    ];
    for (name, mutate) in leftovers {
        let case = tempfile::tempdir().unwrap();
        let run = run(case.path(), |c, _| mutate(c), Out::Previous);
        assert_eq!(run.code, Some(0), "{name}:\n{}", run.stderr);
        assert!(
            diagnostics(&run.stderr).is_empty(),
            "{name}:\n{}",
            run.stderr
        );
        assert_eq!(
            tree_diff(&tree(&reference), &tree(&run.out)),
            Vec::<String>::new(),
            "{name}"
        );
    }
}
