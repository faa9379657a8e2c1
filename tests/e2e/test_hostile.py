"""Hostile inputs (tests/bench/stress_inputs.py): each renders to HTML and to PDF, or fails
with a located error, never a crash or a hang (meson's timeout catches hangs; speed itself is
measured by tests/bench/stress.py, not here). usage: test_hostile.py NASHRA SOURCE_ROOT"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

NASHRA, ROOT = sys.argv[1:3]
del sys.argv[1:3]
sys.path.insert(0, os.path.join(ROOT, 'tests', 'bench'))
from stress_inputs import CASES, encoded  # noqa: E402

# Cases that must be refused, and the message that says why.
REFUSED = {'nested-quotes': 'nesting deeper than', 'nested-lists': 'nesting deeper than',
           'nul-bytes': 'not a text file'}


class Hostile(unittest.TestCase):
    pass


def make_test(name, make):
    def test(self):
        data = encoded(make())
        with tempfile.TemporaryDirectory() as tmp:
            for fmt in ('html', 'pdf'):
                out = os.path.join(tmp, 'out.' + fmt)
                r = subprocess.run([NASHRA, '--to', fmt, '-', '-o', out], input=data,
                                   capture_output=True)
                err = r.stderr.decode('utf-8', 'replace')
                self.assertGreaterEqual(r.returncode, 0, f'{fmt}: killed by a signal\n{err}')
                if name in REFUSED:
                    self.assertEqual(r.returncode, 1, f'{fmt}: {err[:500]}')
                    self.assertRegex(err, r'<stdin>:\d+:\d+: error: ' + REFUSED[name])
                    self.assertFalse(os.path.exists(out))
                    continue
                self.assertEqual(r.returncode, 0, f'{fmt}: {err[:500]}')
                self.assertGreater(os.path.getsize(out), 0)
                if fmt == 'pdf':
                    q = subprocess.run(['qpdf', '--check', out], capture_output=True, text=True)
                    self.assertEqual(q.returncode, 0, q.stdout[-500:])
            self.assertEqual(sorted(os.listdir(tmp)), [] if name in REFUSED else ['out.html', 'out.pdf'])
    return test


for _name, _make in CASES.items():
    setattr(Hostile, 'test_' + re.sub(r'\W', '_', _name), make_test(_name, _make))

if __name__ == '__main__':
    unittest.main(verbosity=2)
