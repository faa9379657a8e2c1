#!/usr/bin/env python3
"""Render every brief of tests/readers/corpus with each template and score the text four
readers copy out of it (poppler, MuPDF, pdf.js, PDFium; see score.py) against the source.

    test_readers.py NASHRA [--keep DIR] [--only NAME,...] [--templates brief,report,memo]

The target is recall >= 0.99 and junk <= 0.01 for every reader on every PDF; rows short of it
are listed. Until every construct reaches it, the test fails (exit 1) when a reader falls
below its measured floor in floors.json (per brief and reader, over all templates), so a
change can only hold or raise what readers copy out; --strict fails on the target itself,
--write-floors records the current scores as the new floors. A reader that cannot run fails
under CI=true; otherwise it is skipped with its reason, and the test exits 77 (meson's skip)
when none can run. READERS_ONLY=fa-zwnj,ur-urdu is the same as --only.
"""
import json
import argparse, concurrent.futures as cf, glob, os, subprocess, sys, tempfile, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from expected import expected_text, source_words  # noqa: E402
from score import READERS, score  # noqa: E402

CORPUS = os.path.join(HERE, "corpus")
TEMPLATES = ("brief", "report", "memo")
# Briefs also rendered with a template of this folder, scored as their own rows: ur-urdu in
# Naskh (naskh.ini, Amiri for the Urdu text; the default is Nastaliq), floors as `ur-urdu@naskh`.
VARIANTS = {"ur-urdu": ("naskh",)}
MIN_RECALL, MAX_JUNK = 0.99, 0.01
FLOORS = os.path.join(HERE, "floors.json")
MARGIN = 0.005  # scores move by a word or two with unrelated layout changes


def show(w):
    """Make control characters readers put in words visible (PDFium gives U+0011 for some ligatures)."""
    return "".join(f"<U+{ord(c):04X}>" if unicodedata.category(c) == "Cc" else c for c in w)


def render_and_score(nashra, md, template, outdir, allow):
    name = os.path.splitext(os.path.basename(md))[0]
    pdf = os.path.join(outdir, f"{name}-{template}.pdf")
    variant = template not in TEMPLATES
    tpl = os.path.join(HERE, f"{template}.ini") if variant else template
    # The corpus shares tests/data's figures: the project root is tests/.
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(md))))
    r = subprocess.run([nashra, md, "-o", pdf, "--template", tpl, "--root", root],
                       capture_output=True, text=True)
    if variant:
        name = f"{name}@{template}"
    if r.returncode != 0:
        return name, template, {"nashra": {"status": "error", "reason": r.stderr.strip()[-500:]}}
    return name, template, score(pdf, expected_text(md, "brief" if variant else template), READERS,
                                 allow | source_words(md))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("nashra")
    ap.add_argument("--keep", metavar="DIR", help="write the PDFs here and keep them")
    ap.add_argument("--only", default=os.environ.get("READERS_ONLY", ""),
                    help="comma-separated brief names (default: $READERS_ONLY, else all)")
    ap.add_argument("--templates", default=",".join(TEMPLATES))
    ap.add_argument("--strict", action="store_true", help="fail below the target, not the floor")
    ap.add_argument("--write-floors", action="store_true", help="record the scores as floors")
    a = ap.parse_args()
    floors = {}
    if os.path.exists(FLOORS) and not a.strict:
        with open(FLOORS, encoding="utf-8") as f:
            floors = json.load(f)
    ci = os.environ.get("CI") == "true"

    only = {n.strip() for n in a.only.split(",") if n.strip()}
    briefs = [md for md in sorted(glob.glob(os.path.join(CORPUS, "*.md")))
              if not only or os.path.splitext(os.path.basename(md))[0] in only]
    if not briefs:
        sys.exit(f"no corpus brief matches {sorted(only)}")
    with open(os.path.join(CORPUS, "allow.txt"), encoding="utf-8") as f:
        allow = {w for line in f if not line.lstrip().startswith("#") for w in line.split()}

    tmp = None if a.keep else tempfile.TemporaryDirectory(prefix="nashra-readers-")
    outdir = a.keep or tmp.name
    os.makedirs(outdir, exist_ok=True)
    jobs = [(md, t) for md in briefs for t in a.templates.split(",")]
    jobs += [(md, v) for md in briefs
             for v in VARIANTS.get(os.path.splitext(os.path.basename(md))[0], ())]
    # Each job is mostly a node and a pdftotext process, so threads overlap well.
    with cf.ThreadPoolExecutor(max(2, min(8, os.cpu_count() or 2))) as ex:
        results = list(ex.map(lambda j: render_and_score(a.nashra, *j, outdir, allow), jobs))

    print(f"{'brief':14} {'template':8} {'reader':8} {'recall':>7} {'junk':>6} {'broken':>6}")
    failures, short, missing, ran, measured = [], [], {}, 0, {}
    for name, template, res in results:
        for reader, v in res.items():
            row = f"{name:14} {template:8} {reader:8} "
            if v["status"] == "missing":
                missing[reader] = v["reason"]
                print(row + f"{'missing':>7}")
                continue
            if v["status"] == "error":
                print(row + f"{'error':>7}  {v['reason'][:100]}")
                failures.append(f"{name}/{template}/{reader}: error: {v['reason']}")
                continue
            ran += 1
            print(row + f"{v['recall']:7.3f} {v['junk']:6.3f} {len(v['broken']):6}")
            key = f"{name}/{reader}"
            m = measured.setdefault(key, {"recall": 1.0, "junk": 0.0})
            m["recall"], m["junk"] = min(m["recall"], v["recall"]), max(m["junk"], v["junk"])
            floor = floors.get(key, {"recall": MIN_RECALL, "junk": MAX_JUNK})
            below_floor = v["recall"] < floor["recall"] - MARGIN or v["junk"] > floor["junk"] + MARGIN
            if v["recall"] < MIN_RECALL or v["junk"] > MAX_JUNK:
                pairs = ", ".join(f"{b['expected']} -> {show(b['got'][:40]) or '∅'}" for b in v["broken"][:15])
                text = (f"{name}/{template}/{reader}: recall {v['recall']:.3f} junk {v['junk']:.3f}"
                        f" (floor {floor['recall']:.3f}/{floor['junk']:.3f})"
                        f"\n    broken: {pairs or '-'}"
                        f"\n    junk: {show(' '.join(v['junk_words'][:25])) or '-'}")
                (failures if below_floor else short).append(text)
            elif below_floor:
                failures.append(f"{name}/{template}/{reader}: below its floor")
    for reader, why in missing.items():
        if ci:
            failures.append(f"{reader}: missing ({why})")
        else:
            print(f"note: {reader} skipped: {why}", file=sys.stderr)
    if a.keep:
        print(f"PDFs kept in {outdir}")
    if a.write_floors:
        with open(FLOORS, "w", encoding="utf-8") as f:
            json.dump({k: {"recall": round(v["recall"], 3), "junk": round(v["junk"], 3)}
                       for k, v in sorted(measured.items())}, f, indent=1)
            f.write("\n")
        print(f"floors written to {FLOORS}")
    if short:
        print(f"\n{len(short)} short of the target (recall >= {MIN_RECALL}, junk <= {MAX_JUNK}),"
              " at or above their floors:")
        print("\n".join("SHORT " + t for t in short))
    if failures:
        print(f"\n{len(failures)} failure(s):")
        print("\n".join("FAIL " + f for f in failures))
        return 1
    if ran == 0:
        print("no reader could run: skipped")
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
