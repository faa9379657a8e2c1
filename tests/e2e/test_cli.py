"""The command line: formats, default output names, standard streams, exit codes, located
diagnostics, and that failures leave no partial or temporary files behind.
usage: test_cli.py NASHRA SOURCE_ROOT"""
import os
import subprocess
import sys
import tempfile
import unittest

NASHRA, ROOT = sys.argv[1:3]
del sys.argv[1:3]

BRIEF = """---
title: تجربة
author: [علي, سارة]
lang: ar
---

# مقدمة

نص *مهم* في فقرة قصيرة.
"""


def nashra(*args, stdin=None, cwd=None):
    return subprocess.run([NASHRA, *args], input=stdin, capture_output=True, cwd=cwd)


class Cli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.src = os.path.join(self.dir, 'brief.md')
        with open(self.src, 'w', encoding='utf-8') as f:
            f.write(BRIEF)

    def tearDown(self):
        self.tmp.cleanup()

    def listing(self):
        return sorted(os.listdir(self.dir))

    def test_version_and_help(self):
        r = nashra('--version')
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout.decode(), r'^nashra \d+\.\d+')
        r = nashra('--help')
        self.assertEqual(r.returncode, 0)
        for opt in (b'--to', b'--output', b'--syntax'):
            self.assertIn(opt, r.stdout)

    def test_usage_errors_exit_2(self):
        self.assertEqual(nashra().returncode, 2)
        self.assertEqual(nashra('--to', 'docx', self.src).returncode, 2)
        self.assertEqual(nashra('--syntax', 'gfm', self.src).returncode, 2)
        self.assertEqual(nashra('--bogus', self.src).returncode, 2)
        self.assertEqual(nashra(self.src, self.src).returncode, 2)

    def test_missing_input_exit_3(self):
        r = nashra(os.path.join(self.dir, 'nope.md'))
        self.assertEqual(r.returncode, 3)
        self.assertIn(b'nope.md', r.stderr)

    def test_default_output_replaces_extension(self):
        r = nashra(self.src)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.listing(), ['brief.md', 'brief.pdf'])
        with open(os.path.join(self.dir, 'brief.pdf'), 'rb') as f:
            self.assertEqual(f.read(5), b'%PDF-')
        r = nashra('--to', 'html', self.src)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('brief.html', self.listing())

    def test_stdin_to_stdout(self):
        r = nashra('--to', 'html', '-', '-o', '-', stdin=BRIEF.encode())
        self.assertEqual(r.returncode, 0, r.stderr)
        html = r.stdout.decode()
        self.assertIn('dir="rtl"', html)
        self.assertIn('lang="ar"', html)
        self.assertIn('<em>مهم</em>', html)
        r = nashra('-', '-o', '-', stdin=BRIEF.encode())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith(b'%PDF-'))

    def test_commonmark_fragment(self):
        r = nashra('--syntax', 'commonmark', '--to', 'html', '-', '-o', '-',
                   stdin=b'---\ntitle: x\n---\n# A\n')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.decode(), '<hr />\n<h2>title: x</h2>\n<h1>A</h1>\n')

    def test_tree_has_positions(self):
        r = nashra('--to', 'tree', self.src, '-o', '-')
        self.assertEqual(r.returncode, 0, r.stderr)
        tree = r.stdout.decode()
        self.assertIn('heading', tree)
        self.assertIn('[7:1', tree)     # the heading's line and column
        self.assertIn('emph [9:4', tree)  # code-point column after Arabic text

    def test_png_pages(self):
        prefix = os.path.join(self.dir, 'page')
        r = nashra('--to', 'png', self.src, '-o', prefix)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(prefix + '-1.png', 'rb') as f:
            self.assertEqual(f.read(8), b'\x89PNG\r\n\x1a\n')
        self.assertFalse(os.path.exists(prefix + '-2.png'))

    def test_bad_front_matter_is_located_error(self):
        bad = os.path.join(self.dir, 'bad.md')
        with open(bad, 'w') as f:
            f.write('---\ntitle: x\ndir: sideways\n---\n\ntext\n')
        out = os.path.join(self.dir, 'bad.pdf')
        r = nashra(bad, '-o', out)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f'{bad}:3:'.encode(), r.stderr)
        self.assertIn(b'error:', r.stderr)
        self.assertFalse(os.path.exists(out))

    def test_raw_html_dropped_from_pdf_with_located_warning(self):
        src = os.path.join(self.dir, 'html.md')
        with open(src, 'w') as f:
            f.write('# t\n\n<div>\nblock\n</div>\n\ntext <b>bold</b> here\n')
        r = nashra(src, '-o', os.path.join(self.dir, 'html.pdf'))
        self.assertEqual(r.returncode, 0, r.stderr)
        err = r.stderr.decode()
        self.assertIn(f'{src}:3:1: warning: raw HTML block dropped in PDF output', err)
        self.assertIn(f'{src}:7:6: warning: raw HTML dropped in PDF output', err)
        r = nashra('--strict', src, '-o', os.path.join(self.dir, 'strict.pdf'))
        self.assertEqual(r.returncode, 1)
        self.assertFalse(os.path.exists(os.path.join(self.dir, 'strict.pdf')))
        html = nashra('--to', 'html', src, '-o', '-').stdout.decode()
        self.assertIn('<div>', html)
        self.assertIn('<b>bold</b>', html)

    def test_failure_keeps_previous_output_and_no_temp(self):
        out = os.path.join(self.dir, 'out.pdf')
        with open(out, 'wb') as f:
            f.write(b'previous')
        bad = os.path.join(self.dir, 'bad.md')
        with open(bad, 'w') as f:
            f.write('---\ntitle: [unclosed\n---\n')
        r = nashra(bad, '-o', out)
        self.assertEqual(r.returncode, 1)
        with open(out, 'rb') as f:
            self.assertEqual(f.read(), b'previous')
        self.assertEqual(self.listing(), ['bad.md', 'brief.md', 'out.pdf'])

    def test_unwritable_directory_exit_3(self):
        r = nashra(self.src, '-o', os.path.join(self.dir, 'no', 'such', 'dir', 'x.pdf'))
        self.assertEqual(r.returncode, 3)
        self.assertIn(b'error:', r.stderr)

    def test_refuses_to_overwrite_input(self):
        r = nashra('--to', 'html', self.src, '-o', self.src)
        self.assertEqual(r.returncode, 2)
        with open(self.src, encoding='utf-8') as f:
            self.assertEqual(f.read(), BRIEF)

    def test_source_date_epoch(self):
        out = os.path.join(self.dir, 'e.pdf')
        env = dict(os.environ, SOURCE_DATE_EPOCH='1700000000')
        r = subprocess.run([NASHRA, self.src, '-o', out], env=env, capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        info = subprocess.run(['pdfinfo', '-isodates', out], capture_output=True, text=True).stdout
        self.assertIn('2023-11-14T22:13:20', info)


if __name__ == '__main__':
    unittest.main(verbosity=2)
