"""`nashra watch`: renders once, then again on each change of the source or a figure (saved
in place or by rename, as editors do), follows a figure the source starts to name, keeps the
last good PDF when a change breaks the brief, ends with exit 0 on SIGINT or SIGTERM, and
refuses what it cannot watch.
usage: test_watch.py NASHRA SOURCE_ROOT"""
import hashlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import pdfcheck as pc  # noqa: E402

NASHRA, ROOT = (os.path.abspath(a) for a in sys.argv[1:3])
del sys.argv[1:3]
BASIN = os.path.join(ROOT, 'tests', 'data', 'basin.svg')
# Generous: a render under AddressSanitizer on a loaded CI machine takes seconds.
TIMEOUT = 90

BRIEF = """---
title: مراقبة الملف
lang: ar
---

## المقدمة

تتناول هذه الورقة إدارة المياه في الحوض المشترك.

![خريطة الحوض](figs/basin.svg "حوض النهر")
"""

STATUS = re.compile(r'^nashra: wrote (\S+) \((\d+) pages?\) in \d+ ms$', re.M)


def sha(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def save(path, text):
    """As most editors save: a new file renamed over the old one."""
    tmp = os.path.join(os.path.dirname(path), '.' + os.path.basename(path) + '.swp')
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(tmp, path)


class Watch(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        # The project is a folder of its own, so that a file beside it is outside its root.
        self.dir = os.path.join(self.tmp.name, 'proj')
        os.makedirs(os.path.join(self.dir, 'figs'))
        with open(BASIN, encoding='utf-8') as f:
            self.svg = f.read()
        with open(os.path.join(self.dir, 'figs', 'basin.svg'), 'w', encoding='utf-8') as f:
            f.write(self.svg)
        self.src = os.path.join(self.dir, 'brief.md')
        self.pdf = os.path.join(self.dir, 'brief.pdf')
        save(self.src, BRIEF)
        self.proc = None

    def tearDown(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.proc:
            self.err.close()
        self.tmp.cleanup()

    def start(self, *args):
        self.err = open(os.path.join(self.tmp.name, 'stderr'), 'wb')
        self.proc = subprocess.Popen([NASHRA, 'watch', *args], cwd=self.dir,
                                     stdout=subprocess.DEVNULL, stderr=self.err)

    def stderr(self):
        with open(os.path.join(self.tmp.name, 'stderr'), encoding='utf-8') as f:
            return f.read()

    def renders(self):
        return len(STATUS.findall(self.stderr()))

    def failures(self):
        return self.stderr().count('nashra: not written')

    def wait_for(self, what, cond):
        end = time.monotonic() + TIMEOUT
        while time.monotonic() < end:
            if cond():
                return
            self.assertIsNone(self.proc.poll(), f'nashra watch ended while waiting for {what}:\n'
                              + self.stderr())
            time.sleep(0.05)
        self.fail(f'no {what} within {TIMEOUT} s; stderr:\n' + self.stderr())

    def stop(self, sig):
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail('nashra watch did not stop on ' + sig.name)
        self.assertEqual(rc, 0, self.stderr())

    def temporaries(self):
        return [n for n in os.listdir(self.dir) if n.startswith('.brief.pdf')]

    def test_renders_on_each_change_and_keeps_the_last_good_pdf(self):
        self.start('brief.md')
        self.wait_for('first render', lambda: self.renders() == 1)
        self.assertEqual(STATUS.search(self.stderr()).groups(), ('brief.pdf', '1'))
        first = sha(self.pdf)
        self.assertIn('المقدمة', pc.normalise(pc.pdftext(self.pdf)))

        # The source, saved by rename: the new paragraph is in the new PDF.
        added = 'فقرة أضيفت أثناء المراقبة'
        save(self.src, BRIEF + '\n' + added + '.\n')
        self.wait_for('a render of the edited source',
                      lambda: self.renders() == 2 and sha(self.pdf) != first)
        self.assertIn(added, pc.normalise(pc.pdftext(self.pdf)))
        second = sha(self.pdf)

        # The figure, a file in a folder of its own, rewritten in place.
        with open(os.path.join(self.dir, 'figs', 'basin.svg'), 'w', encoding='utf-8') as f:
            f.write(self.svg.replace('#b3261e', '#1e6b26'))
        self.wait_for('a render of the edited figure',
                      lambda: self.renders() == 3 and sha(self.pdf) != second)
        good = sha(self.pdf)

        # A broken front matter: the error, located, and the last PDF as it was.
        save(self.src, BRIEF.replace('title: مراقبة الملف', 'title: [مراقبة'))
        self.wait_for('the front matter error', lambda: self.failures() == 1)
        self.assertRegex(self.stderr(), r'brief\.md:\d+:\d+: error: front matter')
        self.assertEqual(sha(self.pdf), good)
        self.assertEqual(self.temporaries(), [])

        # Fixed, but naming a figure outside the project: refused, the PDF kept again.
        with open(os.path.join(self.tmp.name, 'outside.svg'), 'w', encoding='utf-8') as f:
            f.write(self.svg)
        save(self.src, BRIEF + '\n![خارج](../outside.svg "خارج المشروع")\n')
        self.wait_for('the figure outside the root', lambda: self.failures() == 2)
        self.assertIn("image '../outside.svg' is outside the project root", self.stderr())
        self.assertEqual(sha(self.pdf), good)
        self.assertEqual(self.renders(), 3)

        # A figure named before it exists is followed: creating it renders.
        save(self.src, BRIEF + '\n![جديد](figs/new.svg "شكل جديد")\n')
        self.wait_for('the missing figure', lambda: self.failures() == 3)
        self.assertIn("cannot read image 'figs/new.svg'", self.stderr())
        with open(os.path.join(self.dir, 'figs', 'new.svg'), 'w', encoding='utf-8') as f:
            f.write(self.svg)
        self.wait_for('a render once the figure exists',
                      lambda: self.renders() == 4 and sha(self.pdf) != good)
        self.assertIn('شكل جديد', pc.normalise(pc.pdftext(self.pdf)))

        # Its own output (and files nothing names) set nothing off: a watcher that followed
        # its whole folder would render again and again.
        with open(os.path.join(self.dir, 'notes.txt'), 'w') as f:
            f.write('unrelated')
        time.sleep(1.0)
        self.assertEqual(self.renders(), 4, self.stderr())

        self.stop(signal.SIGINT)
        self.assertEqual(self.temporaries(), [])
        self.assertNotIn('Sanitizer', self.stderr())

    def test_quiet_output_name_and_sigterm(self):
        os.mkdir(os.path.join(self.dir, 'out'))
        out = os.path.join(self.dir, 'out', 'b.pdf')
        self.start('-q', 'brief.md', '-o', 'out/b.pdf')
        self.wait_for('first render', lambda: os.path.exists(out))
        first = sha(out)
        save(self.src, BRIEF.replace('المقدمة', 'التمهيد'))
        self.wait_for('a second render', lambda: sha(out) != first)
        self.assertIn('التمهيد', pc.normalise(pc.pdftext(out)))
        self.stop(signal.SIGTERM)
        self.assertEqual(self.stderr(), '')  # -q: no status lines
        self.assertFalse(os.path.exists(self.pdf))

    def test_usage_errors(self):
        for args in (['-', '-o', 'x.pdf'], ['brief.md', '-o', '-'], ['brief.md', 'other.md'],
                     ['-O', 'out', 'brief.md'], ['--check', 'brief.md'], []):
            r = subprocess.run([NASHRA, 'watch', *args], cwd=self.dir, capture_output=True,
                               stdin=subprocess.DEVNULL, timeout=TIMEOUT)
            self.assertEqual(r.returncode, 2, (args, r.stderr))
            self.assertIn(b'nashra: ', r.stderr)
        self.assertEqual(sorted(os.listdir(self.dir)), ['brief.md', 'figs'])


if __name__ == '__main__':
    unittest.main()
