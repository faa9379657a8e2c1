#!/usr/bin/python3
"""Limits benchmark: time and peak memory of a large Arabic brief and of one long word, to PDF.

usage: limits.py [--sizes MB,...] [--word MB] [--keep DIR] NASHRA

--sizes   brief sizes in MB (10^6 bytes) to render, default 50: many paragraphs with bold and
          italic runs, headings, numbered lists and quotes, like a long brief
--word    size in MB of a paragraph that is one word without a break opportunity, default 1
--keep    keep the inputs and PDFs in DIR

Each case runs with --max-input-mb 0 (no limit) and prints the wall time, the peak resident
memory of the nashra process, MB of input per second and MB of memory per MB of input, and
the time of each stage (nashra --verbose). Use a release build: meson setup --buildtype=release."""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

PARA = ('تشهد المنطقة موسمها الرابع من شح الأمطار، وتتراجع مناسيب الأنهار والخزانات الجوفية '
        'بوتيرة تفوق قدرة المؤسسات على التكيف، مما يفرض على صناع القرار خيارات صعبة بين '
        'الزراعة والشرب والصناعة. وتشير تقديرات البنك الدولي إلى أن **الخسائر** قد تبلغ '
        'نسبة كبيرة من الناتج المحلي بحلول عام ٢٠٥٠ ما لم تُتخذ *إجراءات* عاجلة.\n\n')
ITEMS = ''.join(f'{k}. **بند {k}**: تبادل البيانات وتحديث الري في الحوض.\n' for k in range(1, 5))
QUOTE = '> إن الماء الذي لا تُعرف كميته لا يمكن أن يُقسم بعدل.\n\n'


def brief(mb):
    """A brief of about MB * 10^6 bytes: per ten blocks a heading, a list, a quote, paragraphs."""
    target = int(mb * 1e6)
    parts = ['---\ntitle: تقرير طويل\nlang: ar\n---\n\n']
    n = len(parts[0].encode())
    i = 0
    while n < target:
        i += 1
        block = (f'## القسم {i}\n\n' if i % 10 == 1 else ITEMS + '\n' if i % 10 == 5
                 else QUOTE if i % 10 == 8 else PARA)
        parts.append(block)
        n += len(block.encode())
    return ''.join(parts).encode()


def word(mb):
    return ('ب' * int(mb * 1e6 / 2)).encode()


def run(nashra, name, data, outdir):
    src = os.path.join(outdir, name + '.md')
    out = os.path.join(outdir, name + '.pdf')
    with open(src, 'wb') as f:
        f.write(data)
    t = time.monotonic()
    p = subprocess.Popen([nashra, '-q', '--verbose', '--max-input-mb', '0', src, '-o', out],
                         stderr=subprocess.PIPE)
    err = p.stderr.read().decode('utf-8', 'replace')
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    secs = time.monotonic() - t
    mb = len(data) / 1e6
    rss = usage.ru_maxrss / 1024  # KiB -> MiB
    stages = ' '.join(f'{m[0]} {float(m[1]) / 1000:.1f}s'
                      for m in re.findall(r'nashra: (\w+)\s+([\d.]+) ms', err))
    result = 'ok' if p.returncode == 0 else f'exit {p.returncode}: {err.strip()[:200]}'
    print(f'{name:14} {mb:8.1f} {secs:8.1f} {mb / secs:8.2f} {rss:9.0f} {rss / mb:9.1f}  '
          f'{stages}  {result}', flush=True)
    return p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sizes', default='50')
    ap.add_argument('--word', type=float, default=1.0)
    ap.add_argument('--keep')
    ap.add_argument('nashra')
    args = ap.parse_args()
    print(f'{"case":14} {"MB in":>8} {"s":>8} {"MB/s":>8} {"peak MiB":>9} {"MiB/MB":>9}  stages')
    rc = 0
    with tempfile.TemporaryDirectory() as tmp:
        outdir = args.keep or tmp
        os.makedirs(outdir, exist_ok=True)
        for mb in (float(s) for s in args.sizes.split(',') if s):
            rc |= run(args.nashra, f'brief-{mb:g}MB', brief(mb), outdir)
        if args.word > 0:
            rc |= run(args.nashra, f'word-{args.word:g}MB', word(args.word), outdir)
    return 1 if rc else 0


if __name__ == '__main__':
    sys.exit(main())
