#!/usr/bin/env python3
"""A brief citing our invented works, rendered by nashra, against citeproc-js.

    test_brief_compare.py NASHRA CITEPROC_RUN.js WORKS.json CITATIONS.json [--styles a,b]

For each style, writes a brief whose bibliography is WORKS and whose paragraphs cite as
CITATIONS says (the citations a brief's syntax can write: works and locators; prefixes,
suffixes and suppress-author are left out), renders it with `nashra --to html`, and reads back
what a reader sees: each citation (in the text, or the note a note style makes of it) and each
reference-list entry. citeproc-js renders the same citations with the same Debian style. Exits
non-zero when fewer than 95% of all compared strings are identical (after NFC and collapsing
whitespace); 77 (skip) without node, citeproc or Debian's styles, an error under CI.
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

STYLES = ["chicago-author-date", "chicago-note-bibliography", "apa",
          "modern-language-association"]
STYLE_DIR = "/usr/share/citation-style-language/styles"
LOCALE_DIR = "/usr/share/citation-style-language/locales"
LABELS = {"page": "p.", "chapter": "ch.", "section": "sec.", "paragraph": "para.",
          "volume": "vol.", "figure": "fig.", "note": "n.", "line": "l."}


def skip(why):
    if os.environ.get("CI"):
        print(f"error: {why} (CI must run this test)")
        sys.exit(1)
    print(f"skip: {why}")
    sys.exit(77)


def norm(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def text_of(fragment):
    return norm(html.unescape(re.sub(r"<[^>]+>", "", fragment)))


def brief_citations(citations):
    """The citations as a brief writes them, and the same for citeproc-js."""
    out = []
    for c in citations:
        items = [{k: v for k, v in it.items() if k in ("id", "locator", "label")}
                 for it in c["items"] if not it.get("suppress-author") and not it.get("author-only")]
        if items:
            out.append({"note": len(out) + 1, "items": items})
    return out


def brief_source(style, citations):
    lines = ["---", "title: Cited works", "lang: en", f"citation-style: {style}",
             "bibliography: works.json", "---", ""]
    for c in citations:
        parts = []
        for it in c["items"]:
            p = "@" + it["id"]
            if it.get("locator"):
                p += ", " + LABELS.get(it.get("label", "page"), "p.") + " " + it["locator"]
            parts.append(p)
        lines.append("A sentence [" + "; ".join(parts) + "].")
        lines.append("")
    return "\n".join(lines)


def read_html(path, note):
    doc = open(path, encoding="utf-8").read()
    if note:
        cites = [text_of(re.sub(r'<a href="#fnref-[^"]*" class="footnote-backref">.*?</a>', "", m))
                 for m in re.findall(r'<li id="fn-\d+"[^>]*>\s*<p[^>]*>(.*?)</p>', doc, re.S)]
    else:
        cites = []
        for m in re.finditer(r'<span class="citation"[^>]*>', doc):
            # the span's text, nested spans counted
            depth, i = 1, m.end()
            while depth and i < len(doc):
                nxt = re.search(r"<(/?)span\b", doc[i:])
                if not nxt:
                    break
                depth += -1 if nxt.group(1) else 1
                i += nxt.end()
            cites.append(text_of(doc[m.end():i - len("</span")]))
    entries = [text_of(m) for m in re.findall(r'<a id="ref-[^"]*">(.*?)</a></p>', doc, re.S)]
    return cites, entries


def main():
    args = sys.argv[1:]
    styles = STYLES
    if "--styles" in args:
        i = args.index("--styles")
        styles = args[i + 1].split(",")
        del args[i:i + 2]
    nashra, runner, works_path, citations_path = args
    if not shutil.which("node"):
        skip("node is not installed")
    if not os.path.isdir(os.path.join(os.path.dirname(runner), "node_modules", "citeproc")):
        skip("citeproc is not installed (npm ci --prefix tests/csl/compare)")
    if not os.path.isdir(STYLE_DIR):
        skip("Debian's citation-style-language-styles is not installed")
    citations = brief_citations(json.load(open(citations_path, encoding="utf-8")))
    same = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(works_path, os.path.join(tmp, "works.json"))
        cjson = os.path.join(tmp, "citations.json")
        json.dump(citations, open(cjson, "w", encoding="utf-8"))
        for style in styles:
            src = os.path.join(tmp, f"{style}.md")
            open(src, "w", encoding="utf-8").write(brief_source(style, citations))
            out = os.path.join(tmp, f"{style}.html")
            r = subprocess.run([nashra, "--to", "html", "--root", tmp, src, "-o", out],
                               capture_output=True, text=True)
            if r.returncode != 0:
                print(f"{style}: nashra failed:\n{r.stderr}")
                return 1
            ref = json.loads(subprocess.run(
                ["node", runner, os.path.join(STYLE_DIR, style + ".csl"), LOCALE_DIR, "en-US",
                 works_path, cjson], capture_output=True, text=True, check=True).stdout)
            note = 'class="note"' in open(os.path.join(STYLE_DIR, style + ".csl"),
                                          encoding="utf-8").read()
            got_c, got_e = read_html(out, note)
            want_c = [norm(t) for t in ref["citations"]]
            want_e = [norm(t) for t in ref["bibliography"]]
            n_same = 0
            diffs = []
            for kind, want, got in (("citation", want_c, got_c), ("entry", want_e, got_e)):
                for i in range(max(len(want), len(got))):
                    w = want[i] if i < len(want) else "(none)"
                    g = got[i] if i < len(got) else "(none)"
                    if w == g:
                        n_same += 1
                    else:
                        diffs.append(f"  {kind} {i + 1}:\n    citeproc-js: {w}\n    nashra:      {g}")
            n = max(len(want_c), len(got_c)) + max(len(want_e), len(got_e))
            print(f"{style}: {n_same} of {n} identical")
            for d in diffs:
                print(d)
            same += n_same
            total += n
    ratio = same / total if total else 0
    print(f"all: {same} of {total} identical ({100 * ratio:.1f}%)")
    return 0 if ratio >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
