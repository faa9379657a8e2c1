"""The command line: formats, default output names, standard streams, exit codes, located
diagnostics, and that failures leave no partial or temporary files behind.
usage: test_cli.py NASHRA SOURCE_ROOT"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
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

    def test_killed_run_leaves_no_temporary_file(self):
        # A CI timeout sends SIGTERM mid-render: the previous output stays, no temp file.
        big = os.path.join(self.dir, 'big.md')
        with open(big, 'w', encoding='utf-8') as f:
            f.write('نص text ' * 90000 + '\n')
        out = os.path.join(self.dir, 'out.pdf')
        with open(out, 'wb') as f:
            f.write(b'previous')
        p = subprocess.Popen([NASHRA, '-q', big, '-o', out])
        seen = False
        deadline = time.monotonic() + 120
        while p.poll() is None and time.monotonic() < deadline:
            if any(n.startswith('.out.pdf.') for n in os.listdir(self.dir)):
                seen = True
                p.send_signal(signal.SIGTERM)
                break
            time.sleep(0.002)
        p.wait()
        self.assertTrue(seen, 'the run ended before its temporary file was seen')
        self.assertEqual(p.returncode, -signal.SIGTERM)
        self.assertEqual([n for n in os.listdir(self.dir) if n.startswith('.')], [])
        with open(out, 'rb') as f:
            self.assertEqual(f.read(), b'previous')

    def test_refuses_to_overwrite_input(self):
        r = nashra('--to', 'html', self.src, '-o', self.src)
        self.assertEqual(r.returncode, 2)
        with open(self.src, encoding='utf-8') as f:
            self.assertEqual(f.read(), BRIEF)

    def pdftext(self, pdf, *args):
        r = subprocess.run(['pdftotext', *args, pdf, '-'], capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.decode()

    def test_crlf_bom_and_tabs_render_as_lf(self):
        lf = BRIEF + '\nسطر\tبعد علامة جدولة، [رابط](#مقدمة).\n'
        crlf = os.path.join(self.dir, 'crlf.md')
        with open(crlf, 'wb') as f:
            f.write(b'\xef\xbb\xbf' + lf.replace('\n', '\r\n').encode())
        texts = []
        for name, src in (('lf', self.src), ('crlf', crlf)):
            if name == 'lf':
                with open(src, 'w', encoding='utf-8') as f:
                    f.write(lf)
            out = os.path.join(self.dir, name + '.pdf')
            r = nashra(src, '-o', out)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr, b'')
            texts.append(self.pdftext(out))
        self.assertEqual(texts[0], texts[1])
        self.assertIn('مقدمة', texts[1])
        self.assertNotIn('\ufeff', texts[1])
        tree = nashra('--to', 'tree', crlf, '-o', '-').stdout.decode()
        self.assertIn('heading [7:1', tree)  # the BOM is no column, CR LF one line end
        self.assertNotIn('\r', tree)

    def test_tofu_names_line_column_and_page(self):
        src = os.path.join(self.dir, 'tofu.md')
        paras = ''.join(f'فقرة رقم {i} من النص.\n\n' for i in range(70))
        with open(src, 'w', encoding='utf-8') as f:
            f.write(BRIEF + '\n' + paras + 'TOFUMARK \ue000 \ue000\n')
        out = os.path.join(self.dir, 'tofu.pdf')
        r = nashra(src, '-o', out)
        self.assertEqual(r.returncode, 0, r.stderr)
        err = r.stderr.decode()
        line = BRIEF.count('\n') + 1 + 140 + 1
        m = re.search(rf"^{re.escape(src)}:{line}:10: warning: no font has U\+E000 '\ue000' "
                      r"\(page (\d+)\)$", err, re.M)
        self.assertTrue(m, err)
        self.assertEqual(err.count('no font has'), 1, err)
        page = int(m.group(1))
        self.assertGreater(page, 1)
        self.assertIn('TOFUMARK', self.pdftext(out, '-f', str(page), '-l', str(page)))
        self.assertNotIn('TOFUMARK', self.pdftext(out, '-l', str(page - 1)))
        r = nashra('--strict', src, '-o', out)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f'{src}:{line}:10: error: no font has U+E000', r.stderr.decode())

    def test_non_regular_targets_written_directly(self):
        r = nashra(self.src, '-o', '/dev/null')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse([n for n in os.listdir('/dev') if n.startswith('.null.')])
        fifo = os.path.join(self.dir, 'pipe')
        os.mkfifo(fifo)
        got = []

        def drain():
            with open(fifo, 'rb') as f:
                got.append(f.read())
        reader = threading.Thread(target=drain)
        reader.start()
        r = nashra(self.src, '-o', fifo)
        reader.join(60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(got and got[0].startswith(b'%PDF-'))
        self.assertTrue(got[0].rstrip().endswith(b'%%EOF'))
        self.assertEqual(self.listing(), ['brief.md', 'pipe'])

    def test_full_disk_exit_3(self):
        for args in (['-o', '/dev/full'], ['--to', 'html', '-o', '/dev/full'],
                     ['cite', '-o', '/dev/full']):
            if args[0] == 'cite':
                r = nashra('cite', self.src, *args[1:])
            else:
                r = nashra(self.src, *args)
            self.assertEqual(r.returncode, 3, args)
            self.assertIn(b'/dev/full: error: cannot write: No space left on device', r.stderr)
        with open('/dev/full', 'wb') as full:
            r = subprocess.run([NASHRA, self.src, '-o', '-'], stdout=full, capture_output=False,
                               stderr=subprocess.PIPE)
        self.assertEqual(r.returncode, 3)
        self.assertIn(b'No space left on device', r.stderr)

    @unittest.skipIf(os.geteuid() == 0, 'root writes into read-only directories')
    def test_read_only_directory_exit_3(self):
        ro = os.path.join(self.dir, 'ro')
        os.mkdir(ro, 0o555)
        r = nashra(self.src, '-o', os.path.join(ro, 'x.pdf'))
        self.assertEqual(r.returncode, 3)
        self.assertIn(b'Permission denied', r.stderr)
        self.assertEqual(os.listdir(ro), [])

    def test_source_date_epoch(self):
        out = os.path.join(self.dir, 'e.pdf')
        env = dict(os.environ, SOURCE_DATE_EPOCH='1700000000')
        r = subprocess.run([NASHRA, self.src, '-o', out], env=env, capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        info = subprocess.run(['pdfinfo', '-isodates', out], capture_output=True, text=True).stdout
        self.assertIn('2023-11-14T22:13:20', info)


if __name__ == '__main__':
    unittest.main(verbosity=2)
