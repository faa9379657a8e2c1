#!/usr/bin/env python3
"""Score a PDF's text as four real readers extract it against the source words.

    python3 tests/readers/score.py FILE.pdf EXPECTED.txt [--readers poppler,mupdf,pdfjs,pdfium]
        [--allow WORDS.txt] [--json] [-v] [--min-recall X] [--max-junk Y] [--require-all]

EXPECTED.txt: UTF-8, paragraphs separated by blank lines, in reading order.
Readers: poppler (pdftotext, as Evince/Okular copy), mupdf, pdfjs (Firefox), pdfium (Chrome);
the last three run through extract.mjs in one node process.

Matching: difflib.SequenceMatcher(autojunk=False) on the whole document's word lists.
Its matching blocks are in order, so their total is a common subsequence: a close,
never-higher stand-in for the LCS, at a fraction of a pure-Python DP's cost.
Per-paragraph recall counts each paragraph's words matched in that one alignment.
Stdlib only, so any test can import score() from here.
"""
import argparse, difflib, json, os, re, shutil, subprocess, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
READERS = ("poppler", "mupdf", "pdfjs", "pdfium")
NODE_READERS = {"mupdf": "mupdf", "pdfjs": "pdfjs-dist", "pdfium": "@embedpdf/pdfium"}

# Bidi controls are invisible in a copy and differ from reader to reader, so they
# never decide a match. ZWJ/ZWNJ and harakat are content and must survive.
_DROP = dict.fromkeys([0x0640, 0xFEFF, 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_DROP[0x00A0] = " "
# Stripped only at a word's ends, so 12.5%, 2026-11-24 and URLs keep their inner marks.
_PUNCT = ".,;:!?\"'()[]«»،؛؟–—“”‘’„‚‹›…۔"
_DIGITS = re.compile(r"^[0-9٠-٩۰-۹]+$")


def words(text):
    """Normalised words of text: NFKC (presentation forms -> base letters), minus bidi
    controls and tatweel, split on whitespace, end punctuation stripped."""
    text = unicodedata.normalize("NFKC", text).translate(_DROP)
    return [w for w in (w.strip(_PUNCT) for w in text.split()) if w]


def paragraphs(text):
    return [p for p in (words(p) for p in re.split(r"\n\s*\n", text)) if p]


def _missing(reader):
    """Why a reader cannot run here, or None."""
    if reader == "poppler":
        return None if shutil.which("pdftotext") else "pdftotext not found (apt-get install poppler-utils)"
    if not shutil.which("node"):
        return "node not found (bash tools/setup.sh)"
    if not os.path.isdir(os.path.join(HERE, "node_modules", NODE_READERS[reader])):
        return f"tests/readers/node_modules/{NODE_READERS[reader]} missing (bash tools/setup.sh)"
    return None


def extract(pdf, readers=READERS):
    """{reader: text} for readers that ran; {reader: Exception-message} in errors."""
    texts, errors = {}, {}
    if "poppler" in readers:
        r = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True)
        if r.returncode == 0:
            texts["poppler"] = r.stdout
        else:
            errors["poppler"] = r.stderr.strip() or f"pdftotext exit {r.returncode}"
    node = [r for r in readers if r in NODE_READERS]
    if node:
        r = subprocess.run(["node", os.path.join(HERE, "extract.mjs"), "--json", ",".join(node), pdf],
                           capture_output=True, text=True)
        if r.returncode != 0:
            errors.update(dict.fromkeys(node, r.stderr.strip()[-500:] or f"node exit {r.returncode}"))
        else:
            out = json.loads(r.stdout)
            errors.update(out.pop("errors", {}))
            texts.update({k: v for k, v in out.items() if v is not None})
    return texts, errors


def _align(para_words, got, allow):
    """Recall, junk and broken words of one reader's word list against the paragraphs."""
    exp = [w for p in para_words for w in p]
    para_of = [i for i, p in enumerate(para_words) for _ in p]
    sm = difflib.SequenceMatcher(None, exp, got, autojunk=False)
    hit, used, broken = [False] * len(exp), [False] * len(got), []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            hit[i1:i2], used[j1:j2] = [True] * (i2 - i1), [True] * (j2 - j1)
        elif tag in ("replace", "delete"):
            # Give each lost word its share of what stands in its place (exact when
            # the counts agree, a proportional guess when words were split or merged).
            n, m = i2 - i1, j2 - j1
            for k in range(n):
                a = j1 + k * m // n
                b = max(j1 + (k + 1) * m // n, a + 1) if m else a
                broken.append({"expected": exp[i1 + k], "got": " ".join(got[a:b]),
                               "paragraph": para_of[i1 + k] + 1})
    allowed = lambda w: w in allow or _DIGITS.match(w)
    junk = [w for w, u in zip(got, used) if not u and not allowed(w)]
    per_para = [0] * len(para_words)
    for h, p in zip(hit, para_of):
        per_para[p] += h
    return {
        "recall": round(sum(hit) / len(exp), 4) if exp else 1.0,
        "junk": round(len(junk) / len(got), 4) if got else 0.0,
        "paragraph_recall": [round(h / len(p), 4) for h, p in zip(per_para, para_words)],
        "broken": broken,
        "junk_words": junk,
        "expected_words": len(exp),
        "extracted_words": len(got),
    }


def score(pdf, expected_text, readers=READERS, allow=()):
    """{reader: {"status": "ok"|"missing"|"error", ...}}; "ok" entries carry recall,
    junk, paragraph_recall, broken [{expected, got, paragraph}], junk_words, text."""
    allow = {w for a in allow for w in words(a)}
    paras = paragraphs(expected_text)
    result = {r: {"status": "missing", "reason": why} for r in readers if (why := _missing(r))}
    texts, errors = extract(pdf, [r for r in readers if r not in result])
    for r, e in errors.items():
        result[r] = {"status": "error", "reason": e}
    for r, text in texts.items():
        result[r] = {"status": "ok", **_align(paras, words(text), allow), "text": text}
    return {r: result[r] for r in readers}


def _table(res, verbose):
    lines = [f"{'reader':8} {'recall':>7} {'junk':>6} {'broken':>6}  first broken words"]
    for r, v in res.items():
        if v["status"] != "ok":
            lines.append(f"{r:8} {v['status']:>7}  {v['reason']}")
            continue
        shown = v["broken"] if verbose else v["broken"][:10]
        pairs = ", ".join(f"{b['expected']} -> {b['got'][:40] or '∅'}" for b in shown)
        lines.append(f"{r:8} {v['recall']:7.3f} {v['junk']:6.3f} {len(v['broken']):6}  {pairs}")
        if verbose:
            lines.append(f"{'':8} paragraphs: {' '.join(f'{x:.2f}' for x in v['paragraph_recall'])}")
            lines.append(f"{'':8} junk: {' '.join(v['junk_words'])}")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdf")
    ap.add_argument("expected", help="UTF-8 text, paragraphs separated by blank lines")
    ap.add_argument("--readers", default=",".join(READERS))
    ap.add_argument("--allow", help="file of words that may appear unmatched (page labels...)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="per-paragraph recall, all broken and junk words")
    ap.add_argument("--min-recall", type=float)
    ap.add_argument("--max-junk", type=float)
    ap.add_argument("--require-all", action="store_true", default=os.environ.get("CI") == "true",
                    help="a reader that cannot run fails (default when CI=true)")
    a = ap.parse_args(argv)
    readers = [r.strip() for r in a.readers.split(",") if r.strip()]
    if bad := [r for r in readers if r not in READERS]:
        ap.error(f"unknown reader(s) {', '.join(bad)}; choose from {', '.join(READERS)}")
    with open(a.expected, encoding="utf-8") as f:
        expected = f.read()
    allow = ()
    if a.allow:  # words separated by whitespace; lines starting with # are comments
        with open(a.allow, encoding="utf-8") as f:
            allow = [w for line in f if not line.lstrip().startswith("#") for w in line.split()]
    res = score(a.pdf, expected, readers, allow)
    print(json.dumps(res, ensure_ascii=False, indent=1) if a.json else _table(res, a.verbose))

    fails = []
    for r, v in res.items():
        if v["status"] == "missing":
            if a.require_all:
                fails.append(f"{r}: missing ({v['reason']})")
            elif not a.json:
                print(f"note: {r} skipped: {v['reason']}", file=sys.stderr)
        elif v["status"] == "error":
            if a.require_all or a.min_recall is not None or a.max_junk is not None:
                fails.append(f"{r}: error ({v['reason']})")
        else:
            if a.min_recall is not None and v["recall"] < a.min_recall:
                fails.append(f"{r}: recall {v['recall']} < {a.min_recall}")
            if a.max_junk is not None and v["junk"] > a.max_junk:
                fails.append(f"{r}: junk {v['junk']} > {a.max_junk}")
    for f in fails:
        print("FAIL " + f, file=sys.stderr)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
