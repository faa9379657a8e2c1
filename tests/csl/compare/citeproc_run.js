#!/usr/bin/env node
// The reference side of test_compare.py: citeproc-js renders WORKS (CSL-JSON) cited as in
// CITATIONS with STYLE, and prints {"citations": [text...], "bibliography": [text...]}.
//
//     node citeproc_run.js STYLE.csl LOCALES_DIR LANG WORKS.json CITATIONS.json
//
// CITATIONS is [{"note": N, "items": [{"id", "locator"?, "label"?, "prefix"?, "suffix"?}]}];
// the note index is used only by note styles (in-text styles get 0, as a brief gives them).
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

// citeproc-js's placeholders for a cite or entry that renders nothing; nashra gives "".
function printed(text) {
  return /^\[(NO_PRINTED_FORM|CSL STYLE ERROR: reference with no printed form\.)\]$/.test(text)
    ? "" : text;
}

function main() {
  const [stylePath, localesDir, lang, worksPath, citationsPath] = process.argv.slice(2);
  if (!citationsPath) {
    process.stderr.write("usage: citeproc_run.js STYLE.csl LOCALES_DIR LANG WORKS CITATIONS\n");
    process.exit(2);
  }
  const works = JSON.parse(fs.readFileSync(worksPath, "utf8"));
  const cites = JSON.parse(fs.readFileSync(citationsPath, "utf8"));
  const byId = new Map(works.map((w) => [String(w.id), w]));

  const sys = {
    retrieveItem: (id) => byId.get(String(id)),
    retrieveLocale: (l) => {
      let f = path.join(localesDir, `locales-${l}.xml`);
      if (!fs.existsSync(f)) {
        // "fr" → the first locales-fr-*.xml, as a primary dialect would be.
        const alt = fs.readdirSync(localesDir).sort()
          .find((n) => n.startsWith(`locales-${l}-`) && n.endsWith(".xml"));
        if (!alt) return false;
        f = path.join(localesDir, alt);
      }
      return fs.readFileSync(f, "utf8");
    },
  };
  const engine = new CSL.Engine(sys, fs.readFileSync(stylePath, "utf8"), lang, false);
  engine.setOutputFormat("text");
  const isNote = engine.opt.xclass === "note";

  // processCitationCluster returns the new citation and every earlier one whose text changed
  // (disambiguation, ibid): keep the latest text of each.
  const out = [];
  const pre = [];
  cites.forEach((c, i) => {
    const citation = {
      citationID: `c${i + 1}`,
      citationItems: c.items.map((it) => {
        const ci = { id: it.id };
        for (const k of ["locator", "label", "prefix", "suffix"]) if (it[k] != null) ci[k] = it[k];
        if (it["suppress-author"]) ci["suppress-author"] = true;
        if (it["author-only"]) ci["author-only"] = true;
        return ci;
      }),
      properties: { noteIndex: isNote ? c.note : 0 },
    };
    const [, updates] = engine.processCitationCluster(citation, pre, []);
    for (const [idx, text] of updates) out[idx] = printed(text);
    pre.push([citation.citationID, citation.properties.noteIndex]);
  });

  const bib = engine.makeBibliography();
  const entries = bib ? bib[1].map((e) => printed(e.replace(/\s+$/, ""))) : [];
  process.stdout.write(JSON.stringify({ citations: out, bibliography: entries }, null, 1) + "\n");
}

main();
