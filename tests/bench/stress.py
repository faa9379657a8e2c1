#!/usr/bin/python3
"""Stress benchmark: renders every hostile input to HTML and to PDF and prints the seconds each
takes, the input's size, the PDF's pages and pages per second.

usage: stress.py [--scale F] [--keep DIR] [--pdf-only] NASHRA [CASE...]

--scale F   multiplies every case's size by F (e.g. run with 1 and 2 to check that time grows
            linearly with the input)
--keep DIR  keeps the outputs (CASE.html, CASE.pdf) in DIR, e.g. to compare two builds
--pdf-only  skips the HTML output"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import stress_inputs  # noqa: E402
from stress_inputs import CASES, encoded  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument('--scale', type=float, default=1.0)
ap.add_argument('--keep')
ap.add_argument('--pdf-only', action='store_true')
ap.add_argument('nashra')
ap.add_argument('cases', nargs='*')
args = ap.parse_args()
stress_inputs.N = int(stress_inputs.N * args.scale)

print(f'{"case":26} {"bytes":>9} {"html s":>8} {"pdf s":>8} {"pages":>6} {"pages/s":>8}')
with tempfile.TemporaryDirectory() as tmp:
    outdir = args.keep or tmp
    os.makedirs(outdir, exist_ok=True)
    for name, make in CASES.items():
        if args.cases and name not in args.cases:
            continue
        data = encoded(make())
        times = {}
        pages = '-'
        for fmt in (('pdf',) if args.pdf_only else ('html', 'pdf')):
            out = os.path.join(outdir, f'{name}.{fmt}')
            t = time.monotonic()
            r = subprocess.run([args.nashra, '-q', '--to', fmt, '-', '-o', out], input=data,
                               capture_output=True)
            times[fmt] = time.monotonic() - t
            if fmt == 'pdf' and r.returncode == 0:
                info = subprocess.run(['pdfinfo', out], capture_output=True, text=True).stdout
                pages = next((l.split()[-1] for l in info.splitlines() if l.startswith('Pages')),
                             '?')
            elif r.returncode != 0:
                pages = f'exit {r.returncode}'
        html = f'{times["html"]:8.3f}' if 'html' in times else f'{"-":>8}'
        rate = f'{int(pages) / times["pdf"]:8.0f}' if pages.isdigit() else f'{"-":>8}'
        print(f'{name:26} {len(data):9} {html} {times["pdf"]:8.3f} {pages:>6} {rate}',
              flush=True)
