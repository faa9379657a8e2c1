"""The words a reader should copy out of a nashra PDF, derived from the brief's source.

    expected_text(md_path, template="brief") -> str   paragraphs in reading order
    source_words(md_path) -> set                      front-matter words nashra repeats

Handles only the Markdown the corpus in tests/readers/corpus uses. Labels nashra adds
(ملخص, صفحة, المراجع, month names...) are in corpus/allow.txt; source_words() covers the
masthead strings nashra prints again (running head, cite box) and the references list,
whose entries it formats itself.

Footnote texts go after the body: foot notes land after the text of their page, so the
corpus keeps the calls of foot-placed notes on the last page of body text.
"""
import re
import sys

import yaml

FOOTDEF = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$")
LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#[^}]*\})?\s*$")
FIGURE = re.compile(r'^!\[[^\]]*\]\(\S+(?:\s+"([^"]*)")?\)(?:\{[^}]*\})?$')
CALLOUT = re.compile(r"^\[!(\w+)\]\s*(.*)$", re.I)


def inline(s):
    """Markdown inline syntax -> the text nashra prints (citations and note calls dropped)."""
    s = re.sub(r"\[\^[^\]\s]+\]", "", s)                        # footnote calls
    s = re.sub(r"\[@[^\]]*\]", "", s)                           # citations (nashra writes them)
    s = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", s)            # links, inline images -> text
    s = re.sub(r"`([^`]*)`", r"\1", s)
    s = re.sub(r"(\*\*|__|~~)(.+?)\1", r"\2", s)
    s = re.sub(r"(?<![\w*])[*_](\S(?:.*?\S)?)[*_](?![\w*])", r"\1", s)
    s = re.sub(r"(?<=\w)'(?=\w)", "’", s)                       # l'eau -> l’eau, as smart.c
    return s.strip()


def split_front(text):
    m = re.match(r"---\n(.*?)\n(?:---|\.\.\.)\n", text, re.S)
    return (yaml.safe_load(m.group(1)) or {}, text[m.end():]) if m else ({}, text)


def _names(authors):
    authors = [] if authors is None else authors if isinstance(authors, list) else [authors]
    return [a if isinstance(a, str) else a["name"] for a in authors], \
        [a.get("affiliation", "") for a in authors if isinstance(a, dict)]


# How nashra joins the last two author names (the corpus has at most two).
AND = {"ar": " و", "he": " ו", "fa": " و ", "ur": " اور ", "ckb": " و ", "ps": " او ",
       "fr": " et ", "es": " y ", "de": " und ", "tr": " ve "}


def masthead(fm):
    """The front-matter strings of the masthead, in the order nashra prints them."""
    names, affil = _names(fm.get("authors", fm.get("author")))
    if len(names) > 1:
        lang = fm.get("lang", "en").split("-")[0]
        names = [", ".join(names[:-1]) + AND.get(lang, " and ") + names[-1]]
    src = fm.get("source")
    src = src.get("name") if isinstance(src, dict) else src
    return [str(x) for x in (fm.get("series"), fm.get("title"), fm.get("subtitle"),
                             " ".join(names), *affil, src, fm.get("summary")) if x]


def blocks(body):
    """(kind, level, text) for each block of the body; footnote definitions as ("note", id, text)."""
    out, para, lines = [], [], body.split("\n")

    def flush(kind="p", level=0):
        if para:
            out.append((kind, level, " ".join(para)))
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        if m := FOOTDEF.match(line):
            flush()
            text = [m.group(2)]
            while i + 1 < len(lines) and (lines[i + 1].startswith("    ") or lines[i + 1].strip() == ""
                                          and i + 2 < len(lines) and lines[i + 2].startswith("    ")):
                i += 1
                text.append(lines[i].strip())
            out.append(("note", m.group(1).lower(), " ".join(text)))
        elif not s:
            flush()
        elif m := HEADING.match(s):
            flush()
            out.append(("h", len(m.group(1)), m.group(2)))
        elif s.startswith("|"):
            flush()
            if not re.fullmatch(r"\|?[\s:|-]+\|?", s):              # skip the delimiter row
                out.append(("p", 0, " ".join(c.strip() for c in s.strip("|").split("|"))))
        elif s.startswith(">"):
            flush()
            q = s.lstrip(">").strip()
            if m := CALLOUT.match(q):
                q = m.group(2)                                      # a custom title, if any
            q = re.sub(r"^(—|―|--)\s*", "", q)                      # attribution dash
            if q:
                # consecutive quote lines of one paragraph join; "> " alone separates
                if out and out[-1][0] == "q" and i > 0 and lines[i - 1].strip().lstrip(">").strip():
                    out[-1] = ("q", 0, out[-1][2] + " " + q)
                else:
                    out.append(("q", 0, q))
        elif m := FIGURE.match(s):
            flush()
            if m.group(1):
                out.append(("p", 0, m.group(1)))
        elif LIST.match(line):
            flush()
            para.append(LIST.sub("", line, count=1))
            flush("li")
        elif re.match(r"^(Table|جدول)?:\s", s):
            flush()
            out.append(("p", 0, re.sub(r"\s*\{#[^}]*\}$", "", s.split(":", 1)[1])))
        else:
            para.append(s)
        i += 1
    flush()
    return out


def expected_text(md_path, template="brief"):
    with open(md_path, encoding="utf-8") as f:
        fm, body = split_front(f.read())
    bl = blocks(body)
    paras = masthead(fm)
    heads = [(lv, t) for k, lv, t in bl if k == "h"]
    if template == "report" and heads:
        # The contents page lists the two highest heading levels present.
        top = min(lv for lv, _ in heads)
        paras.append(" ".join(t for lv, t in heads if lv <= top + 1))
    notes = {k: t for kind, k, t in bl if kind == "note"}
    calls = re.findall(r"\[\^([^\]\s]+)\](?!:)", body)
    paras += [t for k, _, t in bl if k != "note"]
    paras += [notes[c.lower()] for c in dict.fromkeys(calls) if c.lower() in notes]
    return "\n\n".join(p for p in (inline(p) for p in paras) if p) + "\n"


def source_words(md_path):
    """Words of front-matter strings nashra prints again in running heads, the cite box and
    the references list (which it formats itself), so their repeats are not junk."""
    with open(md_path, encoding="utf-8") as f:
        fm, _ = split_front(f.read())
    strings = masthead(fm)[:-1] if fm.get("summary") else masthead(fm)
    # The cite box is written by the CSL style, which may set a name apart from the "and" the
    # masthead glues to it (Hebrew's ו): each author's own words too.
    strings += _names(fm.get("authors", fm.get("author")))[0]
    src = fm.get("source")
    strings += [fm.get("source-url") or (src.get("url") if isinstance(src, dict) else None)]
    for ref in fm.get("references") or []:
        for a in ref.get("author") or []:
            strings += list(a.values()) if isinstance(a, dict) else [a]
        strings += [ref.get(k) for k in ("title", "container-title", "publisher", "url", "page")]
    return {w for s in strings if s for w in str(s).split()}


if __name__ == "__main__":
    sys.stdout.write(expected_text(sys.argv[1], *(sys.argv[2:3] or ["brief"])))
