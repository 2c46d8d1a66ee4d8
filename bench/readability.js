// SPDX-License-Identifier: MIT
// bench/readability.js: Mozilla Readability.js on jsdom over the same pages
// as bench/bench.c, for comparison.  Per page and pass: new JSDOM(html,
// { url }) then new Readability(doc).parse() -- the way Readability is
// normally used (it needs a DOM, so the DOM build is part of its cost).
// Each page is decoded as UTF-8 by Node (no charset sniffing), scripts are
// not run and no resource is loaded (jsdom defaults).  The median of the
// passes' total time is reported.  Usage: node readability.js PASSES FILE...
"use strict";
const fs = require("fs");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

const passes = Math.max(1, parseInt(process.argv[2], 10) || 3);
const files = process.argv.slice(3);
const pages = files.map((f) => ({ f, html: fs.readFileSync(f, "utf8"), bytes: fs.statSync(f).size }));
const quiet = new VirtualConsole();   // CSS parse errors etc. are not printed

function once(p) {
  const dom = new JSDOM(p.html, { url: "https://example.com/article", virtualConsole: quiet });
  const art = new Readability(dom.window.document).parse();
  dom.window.close();
  return art;
}

let bytes = 0, empty = 0;
for (const p of pages) {            // warm-up pass, untimed
  bytes += p.bytes;
  const a = once(p);
  if (!a || !a.textContent || !a.textContent.trim()) empty++;
}
const times = [];
for (let k = 0; k < passes; k++) {
  const t0 = process.hrtime.bigint();
  for (const p of pages) once(p);
  times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  if (global.gc) global.gc();
}
times.sort((a, b) => a - b);
const t = times.length % 2 ? times[(times.length - 1) / 2]
  : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
const mb = bytes / 1048576;
console.log(`Readability.js ${require("@mozilla/readability/package.json").version} + jsdom ${require("jsdom/package.json").version}, node ${process.version}`);
console.log(`pages: ${pages.length} (${mb.toFixed(1)} MB), ${passes} passes, median ${t.toFixed(3)} s/pass: ${(mb / t).toFixed(2)} MB/s, ${(pages.length / t).toFixed(1)} pages/s; pages with no article: ${empty}`);
