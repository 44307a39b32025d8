#!/usr/bin/env python3
"""Regenerates src/data/iso3166-1.tsv, the ISO 3166-1 codes the generator checks
`iso3` against, from Debian's iso-codes package (apt-get install iso-codes).

Run from the repository root: python3 scripts/update-iso3166.py
"""
import json
import pathlib

SOURCE = pathlib.Path("/usr/share/iso-codes/json/iso_3166-1.json")
TARGET = pathlib.Path("src/data/iso3166-1.tsv")

entries = json.loads(SOURCE.read_text(encoding="utf-8"))["3166-1"]
lines = sorted(f"{e['alpha_3']}\t{e['name']}" for e in entries)
header = "# ISO 3166-1 alpha-3 codes and English short names, from Debian iso-codes (scripts/update-iso3166.py)\n"
TARGET.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
print(f"{TARGET}: {len(lines)} codes")
