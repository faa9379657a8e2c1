#!/usr/bin/env python3
"""Hold nashra's CSL processor to citeproc-js on real styles: the same invented works, cited in
the same order, rendered by both with Debian's styles and locales; every citation and every
bibliography entry compared as plain text (after Unicode NFC and collapsing whitespace).

    test_compare.py CSL_RUN CITEPROC_RUN_JS WORKS CITATIONS [--styles a,b] [--lang en-US]

Prints `STYLE: N of M identical` per style and each differing pair, and fails (exit 1) when
fewer than 95% of all compared strings are identical. Without node, the citeproc npm package
(tests/csl/compare/node_modules: npm ci --prefix tests/csl/compare) or Debian's styles the test
is skipped (exit 77), except under CI (env CI set), where that is an error.
"""
import argparse, json, os, re, shutil, subprocess, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
STYLES = ("chicago-author-date", "chicago-note-bibliography", "apa", "modern-language-association")
CSL_DIR = "/usr/share/citation-style-language"
THRESHOLD = 0.95
SKIP = 77


def norm(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def run(cmd):
    """The JSON a runner printed, or (None, why)."""
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return None, "timed out after 120 s"
    if r.returncode != 0:
        return None, f"exit {r.returncode}: {r.stderr.strip()[-800:]}"
    try:
        out = json.loads(r.stdout)
    except ValueError as e:
        return None, f"bad JSON ({e}): {r.stdout[:300]!r} {r.stderr.strip()[-300:]}"
    if not isinstance(out, dict):
        return None, "JSON is not an object"
    return out, None


def first_difference(a, b):
    """Where two strings part, shown as a short window of each (for long entries)."""
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    lo = max(0, i - 20)
    return i, a[lo:i + 25], b[lo:i + 25]


def compare(name, ref, got):
    """Pairs by index within citations and bibliography; a string only one side has differs."""
    same, total, diffs = 0, 0, []
    for part in ("citations", "bibliography"):
        r, g = ref.get(part) or [], (got.get(part) or []) if got else []
        for k in range(max(len(r), len(g))):
            a = norm(r[k]) if k < len(r) else None
            b = norm(g[k]) if k < len(g) else None
            total += 1
            if a == b:
                same += 1
            else:
                diffs.append((part, k + 1, a, b))
    return same, total, diffs


def skip(why, ci):
    if ci:
        print(f"csl-compare: {why} (CI is set: not skipping)", file=sys.stderr)
        sys.exit(1)
    print(f"csl-compare: skipped: {why}")
    sys.exit(SKIP)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("csl_run")
    ap.add_argument("citeproc_run")
    ap.add_argument("works")
    ap.add_argument("citations")
    ap.add_argument("--styles", default=",".join(STYLES), help="comma-separated Debian style names")
    ap.add_argument("--lang", default="en-US")
    ap.add_argument("--styles-dir", default=os.path.join(CSL_DIR, "styles"))
    ap.add_argument("--locales-dir", default=os.path.join(CSL_DIR, "locales"))
    ap.add_argument("--ours-dir", help="nashra renders DIR/STYLE.csl (the built-in styles) where "
                    "citeproc-js renders Debian's STYLE.csl: how close ours are to the official ones")
    ap.add_argument("--threshold", type=float, default=THRESHOLD)
    a = ap.parse_args()
    ci = bool(os.environ.get("CI"))

    node = shutil.which("node") or shutil.which("nodejs")
    if not node:
        skip("no node", ci)
    js_dir = os.path.dirname(os.path.abspath(a.citeproc_run))
    if not os.path.isfile(os.path.join(js_dir, "node_modules", "citeproc", "package.json")):
        skip(f"no citeproc module (npm ci --prefix {js_dir})", ci)
    styles = [s for s in a.styles.split(",") if s]
    paths = {s: os.path.join(a.styles_dir, s + ".csl") for s in styles}
    absent = [p for p in paths.values() if not os.path.isfile(p)]
    if absent or not os.path.isdir(a.locales_dir):
        skip(f"no Debian CSL styles/locales ({', '.join(absent) or a.locales_dir})", ci)

    all_same = all_total = 0
    for s in styles:
        args = [paths[s], a.locales_dir, a.lang, a.works, a.citations]
        ref, why = run([node, a.citeproc_run] + args)
        if ref is None:
            # The reference itself failing is the harness's fault, never a pass.
            print(f"{s}: citeproc-js failed: {why}")
            return 1
        ours = [os.path.join(a.ours_dir, s + ".csl")] + args[1:] if a.ours_dir else args
        got, why = run([a.csl_run] + ours)
        same, total, diffs = compare(s, ref, got)
        all_same += same
        all_total += total
        print(f"{s}: {same} of {total} identical" + (f"  (nashra failed: {why})" if got is None else ""))
        for part, k, r, g in diffs:
            where = f"{'cite' if part == 'citations' else 'bib'} {k}"
            print(f"  {where}")
            print(f"    citeproc: {r if r is not None else '(none)'}")
            print(f"    nashra:   {g if g is not None else '(none)'}")
            if r is not None and g is not None and len(r) > 60:
                i, x, y = first_difference(r, g)
                print(f"    at {i}: {x!r} vs {y!r}")
    share = all_same / all_total if all_total else 0.0
    print(f"total: {all_same} of {all_total} identical ({100 * share:.1f}%, "
          f"need {100 * a.threshold:.0f}%)")
    return 0 if share >= a.threshold else 1


if __name__ == "__main__":
    sys.exit(main())
