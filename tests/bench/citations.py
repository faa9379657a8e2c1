#!/usr/bin/python3
"""Citations benchmark: time of the CSL processor on a brief citing N works in N citations.

usage: citations.py [--sizes N,...] [--styles S,...] [--repeat R] [--keep DIR]
                    [--locales DIR] NASHRA|CSL_RUN

--sizes    numbers of works (and of citations), default 500,1000,2000,4000
--styles   citation styles, default chicago,apa,chicago-notes
--repeat   runs per case, the fastest counts (default 1)
--keep     keep the briefs and their CSL-JSON files in DIR
--locales  CSL locales for CSL_RUN, default /usr/share/citation-style-language/locales

Each brief has N invented works (about ten common family names, one to four authors each,
years 2000-2020, so that disambiguation and year suffixes have work to do) in a CSL-JSON
file beside it (`bibliography:`), and N citations of two works each with page locators. It
runs `nashra --to tree` (parsing and citation processing, no layout) and prints the seconds,
the processor's CPU seconds (user and system: steadier than the wall time on a busy machine),
citations per second and the ratio of the time at N to the time at N/2 (about 2 means linear).
Given tests/csl/compare/csl_run instead of nashra, it times the processor alone on the same
works and citations (JSON), with the built-in styles of src/csl/data/styles, citations and
bibliography as text: for a build whose nashra does not call the processor, and for perf.
Use a release build: meson setup --buildtype=release."""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

FAMILIES = ['Smith', 'Johnson', 'Khatib', 'Nasser', 'Brown', 'Garcia', 'Rahman', 'Okafor',
            'Müller', 'Wright']
GIVENS = ['Jane', 'John', 'Samer', 'Leila', 'Ahmed', 'Maria', 'Anna', 'Omar', 'David', 'Sara',
          'Peter', 'Nadia']
WORDS = ['water', 'policy', 'rivers', 'stress', 'basin', 'drought', 'governance', 'energy',
         'transboundary', 'allocation', 'climate', 'irrigation', 'aquifers', 'markets']
HERE = os.path.dirname(os.path.abspath(__file__))
STYLE_FILES = {'chicago': 'chicago-author-date.csl', 'apa': 'apa.csl',
               'chicago-notes': 'chicago-note-bibliography.csl'}
TYPES = ['book', 'article-journal', 'report', 'chapter']


def works(n, rng):
    out = []
    for i in range(n):
        kind = TYPES[i % len(TYPES)]
        w = {
            'id': f'w{i}',
            'type': kind,
            'author': [{'family': rng.choice(FAMILIES), 'given': rng.choice(GIVENS)}
                       for _ in range(rng.randint(1, 4))],
            'title': ' '.join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))).capitalize(),
            'issued': {'date-parts': [[rng.randint(2000, 2020)]]},
        }
        if kind == 'article-journal':
            w['container-title'] = 'Journal of ' + rng.choice(WORDS).capitalize() + ' Studies'
            w['volume'] = str(rng.randint(1, 40))
            w['issue'] = str(rng.randint(1, 4))
            w['page'] = f'{rng.randint(1, 200)}-{rng.randint(201, 400)}'
        elif kind == 'chapter':
            w['container-title'] = 'Handbook of ' + rng.choice(WORDS).capitalize()
            w['editor'] = [{'family': rng.choice(FAMILIES), 'given': rng.choice(GIVENS)}]
            w['publisher'] = 'River Press'
            w['page'] = f'{rng.randint(1, 100)}-{rng.randint(101, 200)}'
        else:
            w['publisher'] = rng.choice(['River Press', 'World Bank', 'Basin Institute'])
            w['publisher-place'] = rng.choice(['London', 'Washington, DC', 'Amman'])
        out.append(w)
    return out


def brief(n, style, rng):
    """Front matter and N paragraphs, each with one citation of two works with locators; and
    the same citations as csl_run's JSON."""
    parts = [f'---\ntitle: Citations {n}\nlang: en\ncitation-style: {style}\n'
             f'bibliography: works.json\n---\n\n']
    cites = []
    for i in range(n):
        a, b = rng.randrange(n), rng.randrange(n)
        if a == b:
            b = (a + 1) % n
        p1 = str(rng.randint(1, 300))
        p2 = f'{rng.randint(1, 99)}-{rng.randint(100, 200)}'
        parts.append(f'Water use fell in case {i} [@w{a}, p. {p1}; @w{b}, pp. {p2}].\n\n')
        cites.append({'note': i + 1, 'items': [{'id': f'w{a}', 'locator': p1, 'label': 'page'},
                                               {'id': f'w{b}', 'locator': p2, 'label': 'page'}]})
    return ''.join(parts), cites


def run(nashra, n, style, outdir, repeat, locales):
    rng = random.Random(n)
    d = os.path.join(outdir, f'{style}-{n}')
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'works.json'), 'w', encoding='utf-8') as f:
        json.dump(works(n, rng), f, ensure_ascii=False)
    src = os.path.join(d, 'brief.md')
    text, cites = brief(n, style, rng)
    with open(src, 'w', encoding='utf-8') as f:
        f.write(text)
    with open(os.path.join(d, 'citations.json'), 'w', encoding='utf-8') as f:
        json.dump(cites, f)
    if os.path.basename(nashra).startswith('csl_run'):
        style_file = os.path.join(HERE, '..', '..', 'src', 'csl', 'data', 'styles',
                                  STYLE_FILES[style])
        cmd = [nashra, style_file, locales, 'en-US', os.path.join(d, 'works.json'),
               os.path.join(d, 'citations.json')]
        out = os.path.join(d, 'out.json')
    else:
        cmd = [nashra, '-q', '--to', 'tree', src, '-o', os.path.join(d, 'tree.txt')]
        out = os.devnull
    best = None
    for _ in range(repeat):
        t = time.monotonic()
        with open(out, 'wb') as f:
            p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.PIPE)
            err = p.stderr.read().decode('utf-8', 'replace')
            _, status, usage = os.wait4(p.pid, 0)
        secs = time.monotonic() - t
        rc = os.waitstatus_to_exitcode(status)
        if rc:
            return None, f'exit {rc}: {err.strip()[:200]}'
        cpu = usage.ru_utime + usage.ru_stime
        if best is None or secs < best[0]:
            best = (secs, cpu)
    return best, 'ok'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sizes', default='500,1000,2000,4000')
    ap.add_argument('--styles', default='chicago,apa,chicago-notes')
    ap.add_argument('--repeat', type=int, default=1)
    ap.add_argument('--keep')
    ap.add_argument('--locales', default='/usr/share/citation-style-language/locales')
    ap.add_argument('nashra')
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(',') if s]
    print(f'{"style":14} {"N":>6} {"s":>8} {"cpu s":>8} {"cites/s":>9} {"ratio":>6}  result')
    rc = 0
    with tempfile.TemporaryDirectory() as tmp:
        outdir = args.keep or tmp
        os.makedirs(outdir, exist_ok=True)
        for style in (s for s in args.styles.split(',') if s):
            prev = {}
            for n in sizes:
                times, result = run(args.nashra, n, style, outdir, args.repeat,
                                    args.locales)
                if times is None:
                    rc = 1
                    print(f'{style:14} {n:6} {"-":>8} {"-":>8} {"-":>9} {"-":>6}  {result}',
                          flush=True)
                    continue
                secs, cpu = times
                half = prev.get(n // 2) if n % 2 == 0 else None
                ratio = f'{secs / half:6.2f}' if half else f'{"-":>6}'
                prev[n] = secs
                print(f'{style:14} {n:6} {secs:8.2f} {cpu:8.2f} {n / secs:9.0f} {ratio}  {result}',
                      flush=True)
    return rc


if __name__ == '__main__':
    sys.exit(main())
