// build_us_map.mjs — one-off tool that produces static/img/us-states.svg.
//
// It is NOT run in CI and needs nothing at run time of the portal: the SVG it
// writes is committed. Re-run it only to regenerate the map, like this:
//
//   mkdir -p /tmp/mapbuild && cd /tmp/mapbuild
//   npm init -y && npm install us-atlas@3 topojson-client d3-geo
//   node /path/to/repo/static/img/build_us_map.mjs            # writes ../us-states.svg next to this script
//   node /path/to/repo/static/img/build_us_map.mjs out.svg    # or to another path
//
// The npm packages are resolved from the current directory (the scratch folder),
// so nothing is installed inside the repository.
//
// Source data: us-atlas v3 `states-albers-10m.json` — U.S. Census Bureau
// cartographic boundary files (public domain), already projected with
// d3.geoAlbersUsa().scale(1300).translate([487.5, 305]) into a 975x610 frame.
// projects/geo.py reproduces that projection so that points placed by
// latitude/longitude land on the right spot of this map.

import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const require = createRequire(join(process.cwd(), "noop.js"));
const topojson = require("topojson-client");
const us = require("us-atlas/states-albers-10m.json");
const usAtlasVersion = require("us-atlas/package.json").version;

const output = process.argv[2] ?? fileURLToPath(new URL("./us-states.svg", import.meta.url));

// State FIPS code -> two-letter USPS code (50 states + DC, plus territories in case they appear).
const FIPS_TO_POSTAL = {
  "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT",
  "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL",
  "18": "IN", "19": "IA", "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD",
  "25": "MA", "26": "MI", "27": "MN", "28": "MS", "29": "MO", "30": "MT", "31": "NE",
  "32": "NV", "33": "NH", "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND",
  "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD",
  "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA", "54": "WV",
  "55": "WI", "56": "WY", "60": "AS", "66": "GU", "69": "MP", "72": "PR", "78": "VI",
};

// The coordinates are already in SVG pixels (null projection). To keep the file
// small, points are rounded to 0.1 px, repeated points dropped, and each line is
// written as one absolute moveto followed by relative linetos computed between
// the rounded points (so rounding errors do not accumulate).
const tenths = (v) => Math.round(v * 10);
const num = (t) => {
  const s = (t / 10).toString();
  return s.startsWith("0.") ? s.slice(1) : s.startsWith("-0.") ? "-" + s.slice(2) : s;
};
const pair = (x, y) => num(x) + (y < 0 ? "" : ",") + num(y);
function line(points, closed) {
  const pts = [];
  for (const [x, y] of points) {
    const p = [tenths(x), tenths(y)];
    const last = pts[pts.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) pts.push(p);
  }
  if (closed && pts.length > 1) {
    const [f, l] = [pts[0], pts[pts.length - 1]];
    if (f[0] === l[0] && f[1] === l[1]) pts.pop();
  }
  if (pts.length < 2) return "";
  let d = "M" + pair(pts[0][0], pts[0][1]) + "l";
  for (let i = 1; i < pts.length; i++) {
    const dx = pts[i][0] - pts[i - 1][0], dy = pts[i][1] - pts[i - 1][1];
    const seg = pair(dx, dy);
    d += (i > 1 && dx >= 0 ? " " : "") + seg;
  }
  return d + (closed ? "z" : "");
}
function path(geo) {
  const g = geo.type === "Feature" ? geo.geometry : geo;
  switch (g.type) {
    case "Polygon": return g.coordinates.map((r) => line(r, true)).join("");
    case "MultiPolygon": return g.coordinates.flatMap((p) => p.map((r) => line(r, true))).join("");
    case "LineString": return line(g.coordinates, false);
    case "MultiLineString": return g.coordinates.map((l) => line(l, false)).join("");
    case "FeatureCollection": return g.features.map(path).join("");
    case "GeometryCollection": return g.geometries.map(path).join("");
    default: throw new Error(`unexpected geometry ${g.type}`);
  }
}

const escape = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

const statePaths = topojson
  .feature(us, us.objects.states)
  .features.map((f) => {
    const code = FIPS_TO_POSTAL[f.id];
    if (!code) throw new Error(`unknown state FIPS id ${f.id}`);
    return { code, name: f.properties.name, d: path(f) };
  })
  .sort((a, b) => a.code.localeCompare(b.code))
  .map(({ code, name, d }) => `<path id="state-${code}" class="state" data-name="${escape(name)}" d="${d}"/>`);

// Interior borders only (shared arcs), drawn once on top of the states.
const borders = path(topojson.mesh(us, us.objects.states, (a, b) => a !== b));
const nation = path(topojson.feature(us, us.objects.nation));

// No colours here: the site CSS styles .state, .state-borders and .nation.
// fill="none" on the two outline paths is a presentation attribute (any CSS
// rule overrides it) so that they are never filled when shown without CSS.
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 975 610" role="img">
<!-- U.S. states, U.S. Census Bureau cartographic boundary files (public domain), via us-atlas ${usAtlasVersion} states-albers-10m.json (d3.geoAlbersUsa, scale 1300, translate 487.5,305). Generated by build_us_map.mjs. -->
<g class="states">
${statePaths.join("\n")}
</g>
<path class="state-borders" fill="none" d="${borders}"/>
<path class="nation" fill="none" d="${nation}"/>
</svg>
`;

writeFileSync(output, svg);
console.log(`wrote ${output}: ${statePaths.length} states, ${svg.length} bytes`);
