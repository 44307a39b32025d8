// Projects the Natural Earth countries (npm `world-atlas`, 1:110m shapes; 1:50m or
// 1:10m only for the position of a small State's marker) once with the Equal Earth
// projection (npm `d3-geo`) into src/data/world-map.tsv, the compact path data the
// generator composes its maps from (src/chart/map.rs).
//
// Run from this folder:  npm ci && node project.mjs
// The output is deterministic: running it again with the pinned packages of
// package-lock.json writes the same file.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { geoBounds, geoCentroid, geoEqualEarth, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import countries from "i18n-iso-countries";

const require = createRequire(import.meta.url);
const version = (pkg) => JSON.parse(readFileSync(new URL(`node_modules/${pkg}/package.json`, import.meta.url), "utf8")).version;
const atlas = (scale) => JSON.parse(readFileSync(require.resolve(`world-atlas/countries-${scale}.json`), "utf8"));

// Width of the viewBox; its height follows from the projection.
const WIDTH = 1000;
// A shape smaller than this (in square units of the viewBox) also gets a marker.
const MIN_AREA = 12;
// Areas Natural Earth draws apart that are no State's: coloured as such, never highlighted.
const TERRITORIES = new Set(["ESH"]);
// An area without an ISO code (Kosovo, Somaliland, N. Cyprus) is kind "other": drawn as
// the land of the States not highlighted, so that the map takes no side on its status.
const OUT = new URL("../../src/data/world-map.tsv", import.meta.url);

// world-atlas keys countries by ISO 3166-1 numeric code (a few areas have none);
// `i18n-iso-countries` maps the numeric code to alpha-3.
function key(geometry) {
  if (geometry.id === undefined) {
    // No ISO code: an area Natural Earth draws apart (Kosovo, Somaliland, N. Cyprus).
    return geometry.properties.name.toLowerCase().replace(/[^a-z]+/g, "-");
  }
  const alpha3 = countries.numericToAlpha3(geometry.id);
  if (!alpha3) throw new Error(`no alpha-3 code for numeric ${geometry.id} (${geometry.properties.name})`);
  return alpha3;
}

const shapes = feature(atlas("110m"), atlas("110m").objects.countries).features.filter((f) => f.id !== "010"); // no Antarctica
// For a State absent from 1:110m, its marker is placed from 1:50m, else from 1:10m (Tuvalu, Gibraltar).
const detailed = ["50m", "10m"].flatMap((scale) =>
  feature(atlas(scale), atlas(scale).objects.countries).features.filter((f) => f.id !== "010"),
);

// Where Natural Earth's de facto shapes follow one side's claim, the map does not:
// - Crimea is drawn in Russia's shape: it goes back to Ukraine's, as the United
//   Nations General Assembly holds (resolution 68/262);
// - Morocco's shape takes in Western Sahara west of the berm: its part south of
//   27°40′N (the boundary between Morocco and Western Sahara) is drawn as Western
//   Sahara (see `southOfMorocco` below).
const byId = (id) => shapes.find((f) => f.id === id);
const crimea = (polygon) => {
  const [[w, s], [e, n]] = geoBounds({ type: "Polygon", coordinates: polygon });
  return w > 32 && e < 37 && s > 44 && n < 46.5;
};
{
  const russia = byId("643");
  const ukraine = byId("804");
  const moved = russia.geometry.coordinates.filter(crimea);
  if (moved.length !== 1) throw new Error(`expected Crimea as one polygon of Russia, found ${moved.length}`);
  russia.geometry.coordinates = russia.geometry.coordinates.filter((p) => !crimea(p));
  const own = ukraine.geometry.type === "Polygon" ? [ukraine.geometry.coordinates] : ukraine.geometry.coordinates;
  ukraine.geometry = { type: "MultiPolygon", coordinates: [...own, ...moved] };
}

const projection = geoEqualEarth().fitWidth(WIDTH, { type: "FeatureCollection", features: shapes });
const height = Math.ceil(geoPath(projection).bounds({ type: "FeatureCollection", features: shapes })[1][1]);

// Equal Earth draws parallels as horizontal lines, so 27°40′N is one height on the map;
// the same projection clipped above and below it splits Morocco's shape there.
const MOROCCO_SOUTH = projection([-10, 27 + 40 / 60])[1];
const clipped = (y0, y1) =>
  geoEqualEarth()
    .scale(projection.scale())
    .translate(projection.translate())
    .clipExtent([[-WIDTH, y0], [2 * WIDTH, y1]]);
const northOfMorocco = clipped(-WIDTH, MOROCCO_SOUTH);
const southOfMorocco = clipped(MOROCCO_SOUTH, 2 * WIDTH);

// Collects the rings of a feature projected by `proj`, each a list of points rounded to integers.
function rings(f, proj = projection) {
  const out = [];
  let ring = null;
  const context = {
    moveTo(x, y) {
      ring = [[Math.round(x), Math.round(y)]];
      out.push(ring);
    },
    lineTo(x, y) {
      const p = [Math.round(x), Math.round(y)];
      const last = ring[ring.length - 1];
      if (p[0] !== last[0] || p[1] !== last[1]) ring.push(p);
    },
    closePath() {},
    arc() {},
  };
  geoPath(proj, context)(f);
  return out.filter((r) => r.length >= 3);
}

// Encodes rings as SVG path data: absolute move, then relative line steps.
function pathData(rs) {
  const num = (n, first) => (first || n < 0 ? `${n}` : ` ${n}`);
  return rs
    .map((r) => {
      let d = `M${r[0][0]} ${r[0][1]}l`;
      for (let i = 1; i < r.length; i++) {
        const dx = r[i][0] - r[i - 1][0];
        const dy = r[i][1] - r[i - 1][1];
        d += num(dx, i === 1) + num(dy, false);
      }
      return d + "z";
    })
    .join("");
}

// A marker's point: the projected centroid, kept 8 units inside the map so the
// whole circle shows (Tuvalu lies on the map's eastern edge).
const clamp = (v, max) => Math.min(Math.max(Math.round(v), 8), max - 8);
const point = (f) => {
  const [x, y] = projection(geoCentroid(f));
  return [clamp(x, WIDTH), clamp(y, height)];
};

const rows = new Map();
for (const f of shapes) {
  const k = key(f);
  let r = rings(f);
  if (k === "MAR") r = rings(f, northOfMorocco);
  if (k === "ESH") r = [...r, ...rings(byId("504"), southOfMorocco)];
  const d = pathData(r);
  const area = geoPath(projection).area(f);
  const kind = TERRITORIES.has(k) ? "territory" : f.id === undefined ? "other" : "state";
  // A shape too small to see also gets a marker, at its (spherical) centroid.
  const marker = kind === "state" && area < MIN_AREA ? point(f) : null;
  rows.set(k, { kind, marker, d });
}
for (const f of detailed) {
  if (f.id === undefined) continue;
  const k = key(f);
  if (rows.has(k)) continue;
  rows.set(k, { kind: "state", marker: point(f), d: "" });
}

const keys = [...rows.keys()].sort();
const lines = [
  `# World map: Natural Earth countries (public domain) from world-atlas ${version("world-atlas")} (1:110m shapes, 1:50m or 1:10m marker points),`,
  `# Equal Earth projection (d3-geo ${version("d3-geo")}), numeric -> alpha-3 by i18n-iso-countries ${version("i18n-iso-countries")}.`,
  `# Generated by scripts/map/project.mjs; do not edit. Columns: key, kind (state|territory|other), marker x, marker y (empty: no marker), path.`,
  `viewbox\t${WIDTH}\t${height}`,
];
for (const k of keys) {
  const r = rows.get(k);
  const [x, y] = r.marker ?? ["", ""];
  lines.push(`${k}\t${r.kind}\t${x}\t${y}\t${r.d}`);
}
writeFileSync(OUT, lines.join("\n") + "\n");
console.log(`${OUT.pathname}: ${keys.length} areas, ${[...rows.values()].filter((r) => r.marker).length} markers, ${lines.join("\n").length} bytes, viewBox ${WIDTH}x${height}`);
