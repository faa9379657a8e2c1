#!/usr/bin/python3
"""Stress benchmark: renders every hostile input to HTML and to PDF and prints the seconds each
takes and the input's size. usage: stress.py NASHRA [CASE...]"""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from stress_inputs import CASES, encoded  # noqa: E402

nashra = sys.argv[1]
only = sys.argv[2:]
print(f'{"case":26} {"bytes":>9} {"html s":>8} {"pdf s":>8} {"pages":>6}')
with tempfile.TemporaryDirectory() as tmp:
    for name, make in CASES.items():
        if only and name not in only:
            continue
        data = encoded(make())
        times = []
        pages = '-'
        for fmt in ('html', 'pdf'):
            out = os.path.join(tmp, 'out.' + fmt)
            t = time.monotonic()
            r = subprocess.run([nashra, '-q', '--to', fmt, '-', '-o', out], input=data,
                               capture_output=True)
            times.append(time.monotonic() - t)
            if fmt == 'pdf' and r.returncode == 0:
                info = subprocess.run(['pdfinfo', out], capture_output=True, text=True).stdout
                pages = next((l.split()[-1] for l in info.splitlines() if l.startswith('Pages')),
                             '?')
            elif r.returncode != 0:
                pages = f'exit {r.returncode}'
        print(f'{name:26} {len(data):9} {times[0]:8.3f} {times[1]:8.3f} {pages:>6}')
