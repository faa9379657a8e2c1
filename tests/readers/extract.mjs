// Extract a PDF's text the way real readers do, for tests/readers/score.py.
//   node tests/readers/extract.mjs mupdf|pdfjs|pdfium FILE.pdf   -> text on stdout
//   node tests/readers/extract.mjs all FILE.pdf                  -> {"mupdf": ..., "pdfjs": ..., "pdfium": ...}
//   node tests/readers/extract.mjs [--json] mupdf,pdfjs FILE.pdf -> the same JSON for the engines named
// In JSON mode an engine that throws gets null, and its message goes in "errors".
// Each engine is called as its viewer does for select-all + copy; no reordering of our own.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const pkgDir = (name) => dirname(require.resolve(`${name}/package.json`));

// MuPDF (mutool, SumatraPDF, zathura-mupdf): structured text as a page's plain text.
async function mupdf(bytes) {
  const mu = await import("mupdf");
  const doc = mu.Document.openDocument(bytes, "application/pdf");
  const pages = [];
  for (let i = 0; i < doc.countPages(); i++)
    pages.push(doc.loadPage(i).toStructuredText("preserve-whitespace").asText());
  return pages.join("\n");
}

// pdf.js (Firefox): the text layer's items in content order; Firefox copies them
// with no separator, breaking the line only where pdf.js set hasEOL.
async function pdfjs(bytes) {
  const pdfjsLib = await import("pdfjs-dist/legacy/build/pdf.mjs");
  pdfjsLib.GlobalWorkerOptions.workerSrc = join(pkgDir("pdfjs-dist"), "legacy/build/pdf.worker.mjs");
  const doc = await pdfjsLib.getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    standardFontDataUrl: join(pkgDir("pdfjs-dist"), "standard_fonts") + "/",
    verbosity: pdfjsLib.VerbosityLevel.ERRORS, // warnings are font-loading noise here
  }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const { items } = await (await doc.getPage(i)).getTextContent();
    pages.push(items.map((it) => (it.str ?? "") + (it.hasEOL ? "\n" : "")).join(""));
  }
  await doc.destroy();
  return pages.join("\n");
}

// PDFium (Chrome): FPDFText_GetText over every char of each page, as the viewer's copy does.
async function pdfium(bytes) {
  const { init } = await import("@embedpdf/pdfium");
  const m = await init({ wasmBinary: readFileSync(require.resolve("@embedpdf/pdfium/pdfium.wasm")) });
  m.PDFiumExt_Init();
  const { wasmExports, HEAPU8, UTF16ToString } = m.pdfium;
  const buf = wasmExports.malloc(bytes.length);
  HEAPU8.set(bytes, buf); // PDFium reads the document from this memory until it is closed
  const doc = m.FPDF_LoadMemDocument(buf, bytes.length, "");
  if (!doc) throw new Error(`PDFium cannot open the file (error ${m.FPDF_GetLastError()})`);
  const pages = [];
  for (let i = 0; i < m.FPDF_GetPageCount(doc); i++) {
    const page = m.FPDF_LoadPage(doc, i);
    const text = m.FPDFText_LoadPage(page);
    const n = m.FPDFText_CountChars(text);
    const out = wasmExports.malloc((n + 1) * 2); // UTF-16LE code units plus the terminating NUL
    m.FPDFText_GetText(text, 0, n, out);
    pages.push(UTF16ToString(out));
    wasmExports.free(out);
    m.FPDFText_ClosePage(text);
    m.FPDF_ClosePage(page);
  }
  m.FPDF_CloseDocument(doc);
  wasmExports.free(buf);
  return pages.join("\n");
}

const engines = { mupdf, pdfjs, pdfium };
const args = process.argv.slice(2);
const json = args[0] === "--json" && args.shift();
const [engine, file] = args;
const list = engine === "all" ? Object.keys(engines) : (engine ?? "").split(",");
if (!file || !list.every((e) => e in engines)) {
  console.error("usage: node extract.mjs [--json] mupdf|pdfjs|pdfium|all|ENGINE,ENGINE... FILE.pdf");
  process.exit(2);
}
const bytes = readFileSync(file);
if (json || engine === "all" || list.length > 1) {
  // One failing engine must not hide the others: report its error in its place.
  const out = {};
  for (const name of list) {
    try { out[name] = await engines[name](new Uint8Array(bytes)); }
    catch (e) { out[name] = null; (out.errors ??= {})[name] = String(e?.message ?? e); }
  }
  process.stdout.write(JSON.stringify(out) + "\n");
} else {
  process.stdout.write(await engines[engine](new Uint8Array(bytes)));
}
