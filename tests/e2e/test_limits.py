"""Limits: an input over --max-input-mb (default 10) and nesting deeper than the front matter
and bibliography allow are refused with a clean error (exit 1, one message, no output file,
the previous output untouched), fast. The time and memory of large inputs are measured by
tests/bench/limits.py, not here. usage: test_limits.py NASHRA SOURCE_ROOT"""
import os
import subprocess
import sys
import tempfile
import time
import unittest

NASHRA, ROOT = sys.argv[1:3]
del sys.argv[1:3]

PARA = 'فقرة قصيرة من كلمات عربية في موجز طويل.\n\n'


def nashra(*args, stdin=None, cwd=None):
    return subprocess.run([NASHRA, *args], input=stdin, capture_output=True, cwd=cwd)


class Limits(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, data):
        path = os.path.join(self.dir, name)
        with open(path, 'wb') as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return path

    def big(self, nbytes):
        """A brief of NBYTES bytes or a little more."""
        text = PARA * (nbytes // len(PARA.encode()) + 1)
        return self.write('big.md', text)

    def assertRefused(self, r, message):
        err = r.stderr.decode()
        self.assertEqual(r.returncode, 1, err)
        self.assertEqual(err, message)

    def test_over_the_limit_is_refused_and_writes_nothing(self):
        src = self.big(1_500_000)
        out = os.path.join(self.dir, 'big.pdf')
        r = nashra('--max-input-mb', '1', src, '-o', out)
        self.assertRefused(r, f'{src}: error: input is 1.6 MB; the limit is 1 MB (--max-input-mb)\n')
        self.assertEqual(sorted(os.listdir(self.dir)), ['big.md'])

    def test_previous_output_is_kept(self):
        src = self.big(1_500_000)
        out = self.write('big.pdf', 'old')
        r = nashra('--max-input-mb', '1', src, '-o', out)
        self.assertEqual(r.returncode, 1)
        with open(out) as f:
            self.assertEqual(f.read(), 'old')
        self.assertEqual(sorted(os.listdir(self.dir)), ['big.md', 'big.pdf'])

    def test_standard_input_stops_at_the_limit(self):
        data = PARA.encode() * (1_500_000 // len(PARA.encode()))
        out = os.path.join(self.dir, 'out.html')
        r = nashra('--max-input-mb', '1', '--to', 'html', '-', '-o', out, stdin=data)
        self.assertRefused(
            r, '<stdin>: error: input is more than 1 MB; the limit is 1 MB (--max-input-mb)\n')
        self.assertEqual(os.listdir(self.dir), [])

    def test_default_limit_is_checked_before_reading(self):
        # A sparse file: 11 MB by its size, nothing to read. Refused at once, from its size.
        src = os.path.join(self.dir, 'huge.md')
        with open(src, 'wb') as f:
            f.truncate(11_000_000)
        t = time.monotonic()
        r = nashra('--to', 'html', src)
        self.assertLess(time.monotonic() - t, 5)
        self.assertRefused(r, f'{src}: error: input is 11.0 MB; the limit is 10 MB (--max-input-mb)\n')
        self.assertEqual(os.listdir(self.dir), ['huge.md'])

    def test_limit_can_be_raised_or_lifted(self):
        src = self.big(1_500_000)
        for limit in ('2', '0'):
            out = os.path.join(self.dir, f'out{limit}.html')
            r = nashra('--max-input-mb', limit, '--to', 'html', src, '-o', out)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertGreater(os.path.getsize(out), 1_500_000)

    def test_bad_limit_is_a_usage_error(self):
        src = self.write('a.md', 'نص.\n')
        for bad in ('-1', 'ten'):
            self.assertEqual(nashra('--max-input-mb', bad, src).returncode, 2)

    def test_deep_front_matter_is_refused(self):
        n = 100_000
        src = self.write('deep.md', '---\nkeywords: ' + '[' * n + ']' * n + '\n---\n\nنص.\n')
        t = time.monotonic()
        r = nashra('--to', 'html', src)
        self.assertLess(time.monotonic() - t, 10)
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr.decode(),
                         r'^' + src + r':2:\d+: error: front matter: nesting deeper than 64 levels')
        n = 30_000  # one argument holds at most 128 kB
        r = nashra('--to', 'html', '-M', 'keywords=' + '[' * n + ']' * n, '-', stdin='نص.\n'.encode())
        self.assertEqual(r.returncode, 1)
        self.assertIn('-M keywords: nesting deeper than 64 levels', r.stderr.decode())

    def test_deep_bibliography_is_refused(self):
        n = 200_000
        self.write('works.json', '[' * n + ']' * n)
        src = self.write('b.md', '---\ntitle: ت\nbibliography: works.json\n---\n\nنص.\n')
        r = nashra('--to', 'html', src)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr.decode(),
                         r'works\.json:1:65: error: bibliography: nesting deeper than 64 levels')
        self.assertEqual(sorted(os.listdir(self.dir)), ['b.md', 'works.json'])


if __name__ == '__main__':
    unittest.main(verbosity=2)
