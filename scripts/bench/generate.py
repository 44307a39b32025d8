#!/usr/bin/env python3
"""Deterministic synthetic content for the benchmark against Hugo.

Writes the same information twice:

  OUT/content/   our content folder (the single-edition layout of the content
                 contract): report.yaml, index.md, sources.yaml, pages/,
                 states/<slug>.yaml and states/<slug>.md
  OUT/hugo/      a Hugo site: hugo.toml (uglyURLs), one page per State whose
                 front matter holds the record and whose body is the narrative,
                 an overview table, and simple layouts

Every field of the contract is used; three languages are declared (en, fr, es)
and the narratives are in English, 600 to 1,200 words each, with a table, a
list and footnotes citing sources. The same --states and --seed always give
byte-identical files.

    python3 scripts/bench/generate.py --states 1000 --out target/bench/1000
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path

AS_OF = "2020-11-20"
AS_OF_YEAR = 2020
RES_YEARS = list(range(1996, 2020))  # a resolution for each year, all adopted before AS_OF
LANGS = ["en", "fr", "es"]
REGIONS = {
    "africa": {"en": "Africa", "fr": "Afrique", "es": "África"},
    "americas": {"en": "Americas", "fr": "Amériques", "es": "Américas"},
    "asia": {"en": "Asia", "fr": "Asie", "es": "Asia"},
    "europe": {"en": "Europe", "fr": "Europe", "es": "Europa"},
    "oceania": {"en": "Oceania", "fr": "Océanie", "es": "Oceanía"},
}
VOTES = ["in_favour", "against", "abstaining", "absent"]
VOTE_WORDS = {"in_favour": "in favour", "against": "against", "abstaining": "abstained", "absent": "absent"}
PRODUCTION = ["producer", "reserves_right", "ceased", "never", "unknown"]
MEASURES = ["use", "production", "export", "import", "transfer", "stockpile_destruction"]
MEASURE_KINDS = ["moratorium", "ban", "policy"]
OUTREACH_KINDS = ["letter", "bilateral_meeting", "press_release", "statement", "other"]
RESPONSES = ["received", "none", "pending"]
MEETINGS = [
    "Meeting of the States Parties",
    "Intersessional Meetings",
    "Review Conference",
    "Standing Committee meetings",
]
SYLLABLES = ["ka", "lo", "ri", "ma", "te", "su", "no", "va", "bel", "dor", "an", "is",
             "tra", "gon", "li", "mer", "os", "ta", "ven", "zu", "qua", "ber", "ni", "xo"]
WORDS = ("government officials stated policy convention mines anti-personnel border "
         "security humanitarian ministry defence statement meeting observer report "
         "transparency stockpile destruction production export moratorium national "
         "assembly resolution vote delegation capital information official treaty "
         "accession ratification considered reviewed announced confirmed indicated "
         "described explained noted regional cooperation clearance survivors "
         "assistance forces armed territory contamination programme plan").split()
SHARED_SOURCES = {
    "unga-votes": ("United Nations General Assembly roll-call votes, 1996-2019", "United Nations", "2020",
                   "https://example.org/unga/votes"),
    "monitor-2020": ("Landmine Monitor 2020: Ban Policy", "Landmine and Cluster Munition Monitor",
                     "2020-11-12", "https://example.org/monitor/2020"),
    "monitor-2019": ("Landmine Monitor 2019: Ban Policy", "Landmine and Cluster Munition Monitor",
                     "2019-11-21", "https://example.org/monitor/2019"),
    "presidency-2020": ("Universalizing the Convention: report of the President",
                        "President of the Eighteenth Meeting of the States Parties", "2020-11-16", None),
    "isu-meetings": ("Participation in the meetings of the Convention", "Implementation Support Unit",
                     "2020", "https://example.org/isu/meetings"),
}


def q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def slug_name(i: int) -> tuple[str, str]:
    """A unique name and slug for State number i (0-based)."""
    r = random.Random(f"name-{i}")
    base = "".join(r.choice(SYLLABLES) for _ in range(r.randint(2, 3)))
    name = f"{base.capitalize()}ia {i + 1}"
    return name, f"{base}ia-{i + 1}"


def iso3(i: int) -> str:
    """A unique three-letter code for State number i (i < 17,576)."""
    a, rest = divmod(i, 676)
    b, c = divmod(rest, 26)
    return "".join(chr(65 + x) for x in (a, b, c))


def date(r: random.Random, y0: int, y1: int) -> str:
    return f"{r.randint(y0, y1)}-{r.randint(1, 12):02}-{r.randint(1, 28):02}"


def sentence(r: random.Random, n: int) -> str:
    words = [r.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(r: random.Random, cite: list[str], words: int) -> tuple[str, int]:
    out, count = [], 0
    while count < words:
        n = r.randint(8, 18)
        s = sentence(r, n)
        if cite and r.random() < 0.3:
            s = s[:-1] + f".[^{r.choice(cite)}]"
        out.append(s)
        count += n
    return " ".join(out), count


def record(i: int, n: int) -> dict:
    """Every fact of State i, as plain data (both sites are written from it)."""
    r = random.Random(f"state-{i}")
    name, slug = slug_name(i)
    own = [f"{slug}-statement", f"{slug}-monitor", f"{slug}-report"]
    keys = own + list(SHARED_SOURCES)
    status = r.choice(["not_signed", "not_signed", "signed"])
    rec: dict = {
        "slug": slug, "name": name, "iso3": iso3(i),
        "region": list(REGIONS)[i % len(REGIONS)], "status": status,
    }
    if status == "signed":
        rec["signed_on"] = f"1997-12-0{r.randint(3, 4)}"
    rec["last_official_information"] = {"date": date(r, 2005, 2019), "source": own[0]}
    rec["position"] = (f"{name} {r.choice(['supports', 'shares', 'acknowledges'])} the humanitarian goals of the "
                       f"Convention but cites its security situation as the reason for not joining.[^{own[0]}]")
    votes = {}
    for y in RES_YEARS:
        if r.random() < 0.85:
            votes[y] = {"vote": r.choice(VOTES)}
            if r.random() < 0.1:
                votes[y]["source"] = own[0]
                votes[y]["note"] = "Explained its vote."
    rec["unga_votes"] = votes
    rec["article7_reports"] = sorted(r.sample(range(2005, 2020), r.randint(0, 3)))
    rec["meetings"] = [{"year": y, "meeting": r.choice(MEETINGS), "source": "isu-meetings"}
                       for y in sorted(r.sample(range(2000, 2020), r.randint(0, 4)))]
    rec["production"] = {"status": r.choice(PRODUCTION), "since": r.randint(1990, 2015),
                         "note": "Stated in a national statement.", "source": own[0]}
    rec["measures"] = [{"measure": m, "kind": r.choice(MEASURE_KINDS), "since": r.randint(1996, 2015),
                        "note": "Announced by the ministry of defence.", "source": own[0]}
                       for m in sorted(r.sample(MEASURES, r.randint(0, 3)))]
    if rec["measures"] and r.random() < 0.3:
        rec["measures"][0]["until"] = date(r, 2016, 2019)  # left out with --no-until
    rec["stockpile"] = {"estimate": r.choice([None, r.randint(100, 5_000_000)]), "as_of": r.randint(2005, 2019),
                        "note": "The State's own figure.", "source": own[1]}
    rec["sources_of_lists"] = own[1]
    rec["use_reported"] = sorted(r.sample(range(1996, 2020), r.choice([0, 0, 1, 2])))
    rec["outreach"] = [{"date": date(r, 2018, 2019), "kind": r.choice(OUTREACH_KINDS),
                        "summary": "Invited to provide updated information and to attend the intersessional meetings.",
                        "response": r.choice(RESPONSES), "source": "presidency-2020"},
                       {"date": "2020-02-26", "kind": "letter",
                        "summary": "Invited to the Eighteenth Meeting of the States Parties.",
                        "response": "pending", "source": "presidency-2020"}]
    rec["sources"] = {
        own[0]: {"title": f"Statement of {name}", "publisher": name, "date": date(r, 2015, 2019),
                 "url": f"https://example.org/{slug}/statement.pdf"},
        own[1]: {"title": f"Country profile: {name}", "publisher": "Landmine and Cluster Munition Monitor",
                 "date": "2019", "url": f"https://example.org/monitor/{slug}"},
        own[2]: {"title": f"Voluntary Article 7 report of {name}", "publisher": name, "date": 2018},
    }
    # The narrative: 600 to 1,200 words with a table, a list and footnotes.
    target = r.randint(600, 1200)
    parts, words = [], 0
    p, c = paragraph(r, keys, 120)
    parts.append(p + " The figures below are indicative.[^n1]")
    words += c
    parts.append("## Votes\n\n| Year | Vote |\n|---:|---|\n" + "\n".join(
        f"| {y} | {VOTE_WORDS[v['vote']]} |" for y, v in list(votes.items())[:8]))
    words += 16
    parts.append("## Steps taken\n\n" + "\n".join(
        f"- {sentence(r, r.randint(6, 12))}[^{r.choice(keys)}]" for _ in range(5)))
    words += 45
    while words < target - 20:
        p, c = paragraph(r, keys, min(120, target - words))
        parts.append(p)
        words += c
    parts.append("[^n1]: Rounded to the nearest hundred.")
    rec["narrative"] = "\n\n".join(parts) + "\n"
    return rec


def yaml_record(rec: dict, until: bool) -> str:
    """Our states/<slug>.yaml, in the contract's forms (bare and object forms mixed)."""
    L = [f"name: {q(rec['name'])}", f"iso3: {rec['iso3']}", f"region: {rec['region']}", f"status: {rec['status']}"]
    if "signed_on" in rec:
        L.append(f"signed_on: {rec['signed_on']}")
    lo = rec["last_official_information"]
    L += ["last_official_information:", f"  date: {lo['date']}", f"  source: {lo['source']}",
          f"position: {q(rec['position'])}", "unga_votes:"]
    for y, v in rec["unga_votes"].items():
        if "source" in v:
            L.append(f"  {y}: {{vote: {v['vote']}, source: {v['source']}, note: {q(v['note'])}}}")
        else:
            L.append(f"  {y}: {v['vote']}")
    if not rec["unga_votes"]:
        L[-1] += " {}"
    L.append(f"article7_reports: {{items: [{', '.join(map(str, rec['article7_reports']))}], source: {rec['sources_of_lists']}}}")
    if rec["meetings"]:
        L.append("meetings:")
        for m in rec["meetings"]:
            L.append(f"  - {{year: {m['year']}, meeting: {q(m['meeting'])}, source: {m['source']}}}")
    else:
        L.append(f"meetings: {{items: [], source: {rec['sources_of_lists']}}}")
    p = rec["production"]
    L += ["production:", f"  status: {p['status']}", f"  since: {p['since']}", f"  note: {q(p['note'])}",
          f"  source: {p['source']}"]
    if rec["measures"]:
        L.append("measures:")
        for m in rec["measures"]:
            L += [f"  - measure: {m['measure']}", f"    kind: {m['kind']}", f"    since: {m['since']}"]
            if until and "until" in m:
                L.append(f"    until: {m['until']}")
            L += [f"    note: {q(m['note'])}", f"    source: {m['source']}"]
    else:
        L.append(f"measures: {{items: [], source: {rec['sources_of_lists']}}}")
    s = rec["stockpile"]
    L += ["stockpile:", f"  estimate: {'null' if s['estimate'] is None else s['estimate']}",
          f"  as_of: {s['as_of']}", f"  note: {q(s['note'])}", f"  source: {s['source']}",
          f"use_reported: {{items: [{', '.join(map(str, rec['use_reported']))}], source: {rec['sources_of_lists']}}}",
          "outreach:"]
    for o in rec["outreach"]:
        L += [f"  - date: {o['date']}", f"    kind: {o['kind']}", f"    summary: {q(o['summary'])}",
              f"    response: {o['response']}", f"    source: {o['source']}"]
    L.append("sources:")
    for k, src in rec["sources"].items():
        L += [f"  {k}:", f"    title: {q(src['title'])}", f"    publisher: {q(src['publisher'])}",
              f"    date: {src['date']}"]
        if "url" in src:
            L.append(f"    url: {src['url']}")
    return "\n".join(L) + "\n"


def report_yaml(n: int) -> str:
    L = ["title:",
         "  en: Overview of the views and practices of States not party (synthetic benchmark)",
         "  fr: Aperçu des vues et pratiques des États non parties (banc d’essai synthétique)",
         "  es: Panorama de las opiniones y prácticas de los Estados no partes (banco de pruebas sintético)",
         "convention:",
         "  name: Convention on the Prohibition of the Use, Stockpiling, Production and Transfer of "
         "Anti-Personnel Mines and on their Destruction",
         "  short_name: {en: Anti-Personnel Mine Ban Convention, fr: Convention sur l’interdiction des mines "
         "antipersonnel, es: Convención sobre la Prohibición de las Minas Antipersonal}",
         "  states_parties: 164",
         "  source: monitor-2020",
         f"as_of: {AS_OF}",
         "meeting: {en: Eighteenth Meeting of the States Parties, fr: dix-huitième Assemblée des États parties, "
         "es: Decimoctava Reunión de los Estados Partes}",
         "publisher: Implementation Support Unit",
         "contact: corrections@example.org",
         "license: CC BY 4.0",
         "base_url: https://example.org/overview/",
         f"languages: [{', '.join(LANGS)}]",
         "stale_after_years: 5",
         "regions:"]
    for slug, names in REGIONS.items():
        L.append(f"  {slug}: {{{', '.join(f'{k}: {v}' for k, v in names.items())}}}")
    L.append("resolutions:")
    for y in RES_YEARS:
        L += [f"  - year: {y}", f"    symbol: A/RES/{y - 1945}/{40 + y % 30}", f"    adopted: {y}-12-0{1 + y % 9}",
              f"    in_favour: {140 + y % 25}", "    against: 0", f"    abstaining: {10 + y % 12}",
              "    source: unga-votes"]
        if y % 5 == 0:
            L.append("    note: Recorded vote in plenary.")
    return "\n".join(L) + "\n"


def sources_yaml() -> str:
    L = ["# Sources shared by many records."]
    for k, (title, pub, d, url) in SHARED_SOURCES.items():
        L += [f"{k}:", f"  title: {q(title)}", f"  publisher: {q(pub)}", f"  date: {d}"]
        if url:
            L.append(f"  url: {url}")
    return "\n".join(L) + "\n"


INDEX_MD = """This overview brings together the official information available on the
views and practices of {n} synthetic States that have not joined the
Convention.[^presidency-2020] It is generated for the benchmark.

The information is current to **20 November 2020**.[^monitor-2020]
"""

METHODOLOGY = """---
title: {title}
description: {desc}
---

{body}
"""


def uncite(text: str) -> str:
    """Markdown without source citations (for Hugo pages that have no source list)."""
    return re.sub(r"\[\^[a-z0-9-]+\]", "", text)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def hugo_front_matter(rec: dict) -> str:
    """The record as JSON front matter (Hugo accepts JSON front matter)."""
    fm = {k: v for k, v in rec.items() if k not in ("narrative", "slug", "sources_of_lists")}
    fm["title"] = rec["name"]
    fm["position"] = uncite(rec["position"])
    fm["unga_votes"] = [{"year": y, **v} for y, v in rec["unga_votes"].items()]
    fm["sources"] = [{"key": k, **v} for k, v in rec["sources"].items()]
    return json.dumps(fm, ensure_ascii=False, indent=1)


def hugo_body(rec: dict) -> str:
    """The narrative, with a definition for each cited source (Hugo has no source list)."""
    body = rec["narrative"]
    own = rec["sources"]
    defs = []
    for k in sorted(set(part.split("]")[0] for part in body.split("[^")[1:])):
        if k == "n1":
            continue
        title, pub = (own[k]["title"], own[k]["publisher"]) if k in own else SHARED_SOURCES[k][:2]
        defs.append(f"[^{k}]: {title}, {pub}.")
    return body + "\n" + "\n".join(defs) + "\n"


HUGO_CONFIG = """baseURL = "https://example.org/overview/"
title = "Overview of the views and practices of States not party (synthetic benchmark)"
languageCode = "en"
uglyURLs = true
relativeURLs = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "section"]
[markup.goldmark.extensions]
  footnote = true
  table = true
  strikethrough = true
  typographer = true
[markup.goldmark.renderer]
  unsafe = false
"""

HUGO_BASEOF = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""

HUGO_HOME = """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
{{ .Content }}
<table><thead><tr><th>State</th><th>Region</th><th>Status</th><th>Latest information</th>
<th>Votes in favour</th><th>Article 7 reports</th><th>Production</th><th>Stockpile</th></tr></thead><tbody>
{{ range sort (where .Site.RegularPages "Section" "states") "Title" }}<tr>
<td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.region }}</td><td>{{ .Params.status }}</td>
<td>{{ .Params.last_official_information.date }}</td>
<td>{{ len (where .Params.unga_votes "vote" "in_favour") }}</td><td>{{ len .Params.article7_reports }}</td>
<td>{{ .Params.production.status }}</td><td>{{ with .Params.stockpile.estimate }}{{ lang.FormatNumber 0 . }}{{ else }}unknown{{ end }}</td>
</tr>
{{ end }}</tbody></table>
{{ end }}
"""

HUGO_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1>
<dl><dt>ISO code</dt><dd>{{ .Params.iso3 }}</dd><dt>Region</dt><dd>{{ .Params.region }}</dd>
<dt>Status</dt><dd>{{ .Params.status }}{{ with .Params.signed_on }} (signed {{ . }}){{ end }}</dd>
<dt>Latest official information</dt><dd>{{ .Params.last_official_information.date }}</dd></dl>
<p>{{ .Params.position | markdownify }}</p>
<h2>Votes</h2><table><tr><th>Year</th><th>Vote</th><th>Note</th></tr>
{{ range .Params.unga_votes }}<tr><td>{{ .year }}</td><td>{{ .vote }}</td><td>{{ .note }}</td></tr>{{ end }}</table>
<h2>Article 7 reports</h2><p>{{ with .Params.article7_reports }}{{ delimit . ", " }}{{ else }}None{{ end }}</p>
<h2>Meetings</h2><ul>{{ range .Params.meetings }}<li>{{ .year }}: {{ .meeting }}</li>{{ end }}</ul>
<h2>Production</h2><p>{{ .Params.production.status }} since {{ .Params.production.since }}: {{ .Params.production.note }}</p>
<h2>Measures</h2><ul>{{ range .Params.measures }}<li>{{ .kind }} on {{ .measure }} since {{ .since }}{{ with .until }} until {{ . }}{{ end }}: {{ .note }}</li>{{ end }}</ul>
<h2>Stockpile</h2><p>{{ with .Params.stockpile.estimate }}{{ lang.FormatNumber 0 . }}{{ else }}unknown{{ end }} ({{ .Params.stockpile.as_of }})</p>
<h2>Use reported</h2><p>{{ with .Params.use_reported }}{{ delimit . ", " }}{{ else }}None{{ end }}</p>
<h2>Outreach</h2><ul>{{ range .Params.outreach }}<li>{{ .date }} {{ .kind }}: {{ .summary }} ({{ .response }})</li>{{ end }}</ul>
<h2>Narrative</h2>{{ .Content }}
<h2>Sources</h2><ul>{{ range .Params.sources }}<li>{{ .title }}, {{ .publisher }}, {{ .date }}{{ with .url }} <a href="{{ . }}">{{ . }}</a>{{ end }}</li>{{ end }}</ul>
<p><a href="{{ "index.html" | relURL }}">Overview</a></p>
{{ end }}
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--states", type=int, required=True, help="number of States (1 to 17,576)")
    ap.add_argument("--out", type=Path, required=True, help="directory to write content/ and hugo/ into (replaced)")
    ap.add_argument("--no-until", dest="until", action="store_false",
                    help="leave out measures' `until` (as the benchmark did before the generator accepted it)")
    args = ap.parse_args()
    n = args.states
    if not 1 <= n <= 26 ** 3:
        ap.error("--states must be between 1 and 17576 (one three-letter code each)")
    if args.out.exists():
        shutil.rmtree(args.out)
    content, hugo = args.out / "content", args.out / "hugo"
    write(content / "report.yaml", report_yaml(n))
    write(content / "sources.yaml", sources_yaml())
    write(content / "index.md", INDEX_MD.format(n=n))
    r = random.Random("methodology")
    body = "\n\n".join(paragraph(r, list(SHARED_SOURCES), 100)[0] for _ in range(4))
    write(content / "pages" / "methodology.md",
          METHODOLOGY.format(title="Methodology", desc="How the synthetic overview was made.", body=body))
    write(hugo / "hugo.toml", HUGO_CONFIG)
    write(hugo / "content" / "_index.md", "---\ntitle: Overview\n---\n" + uncite(INDEX_MD.format(n=n)))
    write(hugo / "content" / "methodology.md", "---\ntitle: Methodology\n---\n" + uncite(body) + "\n")
    write(hugo / "layouts" / "_default" / "baseof.html", HUGO_BASEOF)
    write(hugo / "layouts" / "index.html", HUGO_HOME)
    write(hugo / "layouts" / "_default" / "single.html", HUGO_SINGLE)
    for i in range(n):
        rec = record(i, n)
        write(content / "states" / f"{rec['slug']}.yaml", yaml_record(rec, args.until))
        write(content / "states" / f"{rec['slug']}.md", rec["narrative"])
        write(hugo / "content" / "states" / f"{rec['slug']}.md",
              hugo_front_matter(rec) + "\n" + hugo_body(rec))
    print(f"wrote {n} States to {content} and {hugo}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
