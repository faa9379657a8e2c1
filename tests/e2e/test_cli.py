"""The command line: formats, default output names, standard streams, exit codes, located
diagnostics, and that failures leave no partial or temporary files behind.
usage: test_cli.py NASHRA SOURCE_ROOT"""
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

NASHRA, ROOT = (os.path.abspath(a) for a in sys.argv[1:3])
CHART = os.path.join(ROOT, 'tests', 'data', 'chart.png')
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
        self.assertNotIn('<div>', html)
        self.assertIn('text <!-- raw HTML omitted -->bold<!-- raw HTML omitted --> here', html)
        html = nashra('--to', 'html', '--unsafe', src, '-o', '-').stdout.decode()
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
            self.assertIn(b'/dev/full: error: cannot write: no space left on device', r.stderr)
        with open('/dev/full', 'wb') as full:
            r = subprocess.run([NASHRA, self.src, '-o', '-'], stdout=full, capture_output=False,
                               stderr=subprocess.PIPE)
        self.assertEqual(r.returncode, 3)
        self.assertIn(b'no space left on device', r.stderr)

    @unittest.skipIf(os.geteuid() == 0, 'root writes into read-only directories')
    def test_read_only_directory_exit_3(self):
        ro = os.path.join(self.dir, 'ro')
        os.mkdir(ro, 0o555)
        r = nashra(self.src, '-o', os.path.join(ro, 'x.pdf'))
        self.assertEqual(r.returncode, 3)
        self.assertIn(b'permission denied', r.stderr)
        self.assertEqual(os.listdir(ro), [])

    def test_source_date_epoch(self):
        out = os.path.join(self.dir, 'e.pdf')
        env = dict(os.environ, SOURCE_DATE_EPOCH='1700000000')
        r = subprocess.run([NASHRA, self.src, '-o', out], env=env, capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        info = subprocess.run(['pdfinfo', '-isodates', out], capture_output=True, text=True).stdout
        self.assertIn('2023-11-14T22:13:20', info)


def pages_of(n):
    """A brief of about N A4 pages."""
    return '# t\n\n' + ''.join(f'paragraph {i} of filler text in the brief.\n\n'
                                for i in range(n * 22))


class Untrusted(unittest.TestCase):
    """A source from a pull request, built in CI: what it names may not reach the depfile's
    recipes, the HTML's scripts or the PDF's actions; reads and writes stay bounded."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, *names):
        return os.path.join(self.dir, *names)

    def read(self, name):
        with open(self.path(name), 'rb') as f:
            return f.read()

    def write(self, name, text):
        with open(self.path(name), 'wb') as f:
            f.write(text if isinstance(text, bytes) else text.encode())
        return self.path(name)

    def run_in(self, *args, **kw):
        return subprocess.run([NASHRA, *args], capture_output=True, cwd=self.dir, **kw)

    def no_temp_files(self):
        self.assertEqual([n for n in os.listdir(self.dir) if n.startswith('.')], [])

    def test_depfile_refuses_line_breaks(self):
        # The image's name, percent-encoded in the source, would end the rule and start a
        # recipe: make would run `touch pwned` on the next build.
        evil = 'x\n\ttouch pwned\n.png'
        shutil.copy(CHART, self.path(evil))
        self.write('in.md', '# t\n\n![c](x%0A%09touch%20pwned%0A.png)\n')
        r = self.run_in('in.md', '-o', 'out.pdf', '--depfile', 'out.d')
        self.assertEqual(r.returncode, 1, r.stderr)
        # Refused where the source names it, before any output.
        self.assertIn(b"in.md:3:1: error: cannot read image 'x%0A%09touch%20pwned%0A.png': a file "
                      b"name may not hold a line break", r.stderr)
        self.assertFalse(os.path.exists(self.path('out.d')))
        self.assertFalse(os.path.exists(self.path('out.pdf')), 'checked before writing')
        self.no_temp_files()
        # Named on the command line: a usage error, nothing written.
        self.write('a\nb.md', '# t\n')
        r = self.run_in('a\nb.md', '-o', 'ok.pdf', '--depfile', 'ok.d')
        self.assertEqual(r.returncode, 1)
        self.assertIn(b'a\\nb.md: error:', r.stderr)
        r = self.run_in('in.md', '-o', 'o\rx.pdf', '--depfile', 'ok.d')
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'o\\rx.pdf: error:', r.stderr)
        for bad in ('a;b.png', 'a=b.png', 'a|b.png', 'a\\#b.png', 'a\\'):
            r = self.run_in('in.md', '-o', bad, '--depfile', 'ok.d')
            self.assertEqual(r.returncode, 2, bad)
        self.assertEqual(sorted(os.listdir(self.dir)), sorted([evil, 'in.md', 'a\nb.md']))

    def test_depfile_read_back_by_make_and_ninja(self):
        src, img, out = 'a:b c#d$e.md', 'i:m g\\ 1.png', 'o:1 #$.pdf'
        shutil.copy(CHART, self.path(img))
        self.write(src, '# t\n\n![c](<i:m g\\ 1.png>)\n')
        r = self.run_in(src, '-o', out, '--depfile', 'out.d')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.read('out.d'), b'o\\:1\\ \\#$$.pdf: a\\:b\\ c\\#d$$e.md i\\:m\\ g\\\\\\ 1.png\n')
        # make: a rule for OUT whose prerequisites are exactly those files (a misread name has
        # no rule to make it, an unescaped ':' is a static pattern rule).
        self.write('Makefile', 'include out.d\n%.pdf:\n\t@echo rebuild\n')
        r = subprocess.run(['make', '-s', out], cwd=self.dir, capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stdout), (0, ''), r.stderr)
        later = time.time() + 10
        os.utime(self.path(img), (later, later))
        r = subprocess.run(['make', '-s', out], cwd=self.dir, capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stdout), (0, 'rebuild\n'), r.stderr)
        if not shutil.which('ninja'):
            return
        # ninja: the depfile must name the edge's output, and `ninja -t deps` lists the inputs.
        with open(self.path('build.ninja'), 'w') as f:
            f.write(f"rule nashra\n  command = {NASHRA} 'a:b c#d$$e.md' -o 'o:1 #$$.pdf' "
                    "--depfile n.d\n  depfile = n.d\n  deps = gcc\n"
                    "build o$:1$ #$$.pdf: nashra\n")
        r = subprocess.run(['ninja'], cwd=self.dir, capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = subprocess.run(['ninja', '-t', 'deps'], cwd=self.dir, capture_output=True, text=True)
        self.assertEqual([ln.strip() for ln in r.stdout.splitlines()[1:] if ln.strip()],
                         [src, img], r.stdout)

    def test_depfile_may_not_overwrite_what_it_lists(self):
        src = self.write('in.md', '# t\n\ntext\n')
        tpl = self.write('t.ini', '[template]\nextends=brief\n')
        fm = self.write('fm.md', '---\ntemplate: t.ini\n---\n\ntext\n')
        cases = [
            (src, 'in.md', '-o', 'a.pdf'),
            (src, './sub/../in.md', '-o', 'a.pdf'),
            (src, 'a.pdf', '-o', 'a.pdf'),
            (src, 'in.pdf'),
            (src, 'pg-2.png', '-t', 'png', '-o', 'pg'),
            (src, 'in.html', '-t', 'html'),
            (src, 't.ini', '--template', 't.ini', '-o', 'a.pdf'),
            (fm, 't.ini', '-o', 'b.pdf'),
        ]
        os.mkdir(self.path('sub'))
        os.symlink('in.md', self.path('link.d'))
        cases.append((src, 'link.d'))
        for source, dep, *args in cases:
            before = {n: self.read(n) for n in ('in.md', 't.ini', 'fm.md')}
            r = self.run_in(source, '--depfile', dep, *args)
            self.assertEqual(r.returncode, 2, (dep, args, r.stderr))
            self.assertIn(b'--depfile', r.stderr)
            self.assertIn(b'would be overwritten', r.stderr)
            after = {n: self.read(n) for n in before}
            self.assertEqual(before, after)
            self.assertEqual(sorted(os.listdir(self.path())),
                             ['fm.md', 'in.md', 'link.d', 'sub', 't.ini'], (dep, args))

    def test_input_from_a_device_is_bounded(self):
        os.symlink('/dev/zero', self.path('z.md'))
        start = time.monotonic()
        p = subprocess.Popen([NASHRA, '--max-input-mb', '1', 'z.md', '-o', 'z.pdf'],
                             cwd=self.dir, stderr=subprocess.PIPE)
        err = p.stderr.read()
        p.stderr.close()
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.monotonic() - start
        self.assertEqual(p.returncode, 1, err)
        self.assertIn(b'z.md: error: input is more than 1 MB; the limit is 1 MB', err)
        self.assertLess(elapsed, 2)
        self.assertLess(usage.ru_maxrss, 100 * 1024, 'kB: the input was read whole')
        self.assertFalse(os.path.exists(self.path('z.pdf')))
        # A FIFO (`<(cat x)`) is a legitimate input, read to its end within the limit.
        fifo = self.path('in.fifo')
        os.mkfifo(fifo)

        def feed(data):
            with open(fifo, 'wb') as f:
                try:
                    f.write(data)
                except BrokenPipeError:
                    pass
        for data, rc in ((b'# t\n\ntext\n', 0), (b'x' * 1_500_000, 1)):
            writer = threading.Thread(target=feed, args=(data,))
            writer.start()
            r = self.run_in('--max-input-mb', '1', '--to', 'html', 'in.fifo', '-o', 'f.html',
                            timeout=60)
            writer.join(60)
            self.assertEqual(r.returncode, rc, r.stderr)

    def test_png_pages_are_one_set(self):
        self.write('long.md', pages_of(3))
        self.write('short.md', '# t\n\nshort\n')
        r = self.run_in('-t', 'png', '--dpi', '30', 'long.md', '-o', 'p')
        self.assertEqual(r.returncode, 0, r.stderr)
        pages = sorted(n for n in os.listdir(self.dir) if n.startswith('p-'))
        self.assertEqual(pages, ['p-1.png', 'p-2.png', 'p-3.png'])
        old = {n: self.read(n) for n in pages}
        # A write that fails part-way (the file size limit, after a small first page) leaves
        # the earlier set whole: no new page mixed with old ones.
        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (4000, 4000))
        r = subprocess.run([NASHRA, '-t', 'png', '--dpi', '40', '--template', 'report',
                            'long.md', '-o', 'p'], cwd=self.dir, capture_output=True,
                           preexec_fn=limit)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn(b'file too large', r.stderr)
        self.assertEqual({n: self.read(n) for n in pages}, old)
        self.no_temp_files()
        # A shorter run removes the pages past its own, and nothing else.
        keep = ['p-01.png', 'p-x.png', 'p-2.png.bak', 'p-4.pngx', 'pp-3.png', 'p-3-1.png']
        for n in keep:
            self.write(n, 'keep')
        os.symlink('short.md', self.path('p-9.png'))
        r = self.run_in('-t', 'png', '--dpi', '30', 'short.md', '-o', 'p')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(self.dir)),
                         sorted(['long.md', 'short.md', 'p-1.png', 'p-9.png'] + keep))
        self.no_temp_files()

    def test_killed_png_run_leaves_no_temporary_pages(self):
        self.write('long.md', pages_of(12))
        self.write('p-1.png', 'previous')
        p = subprocess.Popen([NASHRA, '-q', '-t', 'png', '--dpi', '60', 'long.md', '-o', 'p'],
                             cwd=self.dir)
        seen = False
        deadline = time.monotonic() + 120
        while p.poll() is None and time.monotonic() < deadline:
            tmp = [n for n in os.listdir(self.dir) if n.startswith('.p.')]
            try:
                written = len(os.listdir(self.path(tmp[0]))) if tmp else 0
            except FileNotFoundError:  # renamed into place meanwhile
                written = 0
            if written >= 2:
                seen = True
                p.send_signal(signal.SIGTERM)
                break
            time.sleep(0.002)
        p.wait()
        self.assertTrue(seen, 'the run ended before its temporary pages were seen')
        self.assertEqual(p.returncode, -signal.SIGTERM)
        self.no_temp_files()
        self.assertEqual(sorted(os.listdir(self.dir)), ['long.md', 'p-1.png'])
        self.assertEqual(self.read('p-1.png'), b'previous')

    def test_long_output_names(self):
        src = self.write('in.md', '# t\n\ntext\n')
        for n in (250, 255):
            out = 'x' * (n - 4) + '.pdf'
            r = self.run_in(src, '-o', out)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(os.path.exists(self.path(out)))
            r = self.run_in(src, '-o', out)  # replacing it too
            self.assertEqual(r.returncode, 0, r.stderr)
        arabic = 'ب' * 125 + '.pdf'  # 254 bytes: the temporary name is cut between characters
        r = self.run_in(src, '-o', arabic)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.no_temp_files()

    def test_mode_of_replaced_file_kept(self):
        src = self.write('in.md', '# t\n\ntext\n')
        for args, target in ((['-o', 'out.pdf'], 'out.pdf'), (['-t', 'html', '-o', 'o.html'], 'o.html'),
                             (['-t', 'png', '--dpi', '20', '-o', 'pg'], 'pg-1.png')):
            r = self.run_in(src, *args)
            self.assertEqual(r.returncode, 0, r.stderr)
            os.chmod(self.path(target), 0o640)
            r = self.run_in(src, *args)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(os.stat(self.path(target)).st_mode & 0o7777, 0o640, target)
        for umask, mode in ((0o022, 0o644), (0o027, 0o640), (0o077, 0o600)):
            out = self.path(f'new-{umask:o}.pdf')
            r = subprocess.run([NASHRA, src, '-o', out], capture_output=True,
                               preexec_fn=lambda u=umask: os.umask(u))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(os.stat(out).st_mode & 0o7777, mode)

    def test_html_drops_raw_html_and_dangerous_urls(self):
        src = self.write('in.md', '# t\n\n<script>alert(1)</script>\n\n'
                         'x <img src=x onerror=alert(1)> [a](javascript:alert(1)) '
                         '[b]( JaVaScRiPt:x) [c](<vbscript:x>) [d](file:///etc/passwd) '
                         '![e](data:text/html,x) ![f](data:image/png;base64,AA) '
                         '[g](https://e.org/) [h](#t)\n')
        for syntax in ('nashra', 'commonmark'):
            r = self.run_in('--syntax', syntax, '--to', 'html', src, '-o', '-')
            self.assertEqual(r.returncode, 0, r.stderr)
            html = r.stdout.decode()
            self.assertNotIn('<script', html)
            self.assertNotIn('onerror', html)
            self.assertEqual(html.count('<!-- raw HTML omitted -->'), 2)
            for text in 'abcd':
                self.assertIn(f'<a href="">{text}</a>', html)
            self.assertIn('<img src="" alt="e" />', html)
            self.assertIn('<img src="data:image/png;base64,AA" alt="f" />', html)
            self.assertIn('<a href="https://e.org/">g</a>', html)
            self.assertIn('<a href="#t">h</a>', html)
            r = self.run_in('--syntax', syntax, '--to', 'html', '--unsafe', src, '-o', '-')
            html = r.stdout.decode()
            self.assertIn('<script>alert(1)</script>', html)
            self.assertIn('<a href="javascript:alert(1)">a</a>', html)
            self.assertIn('<img src="data:text/html,x" alt="e" />', html)

    def test_pdf_links_only_to_the_web(self):
        src = self.write('in.md', '# t\n\nsee [a](javascript:app.alert(1)) and\n'
                         '[b](file:///etc/passwd) [c](data:text/html,x) [d](other.pdf)\n'
                         '[e](https://e.org/) [f](mailto:x@e.org) [g](#t)\n')
        r = self.run_in(src, '-o', 'out.pdf')
        self.assertEqual(r.returncode, 0, r.stderr)
        err = r.stderr.decode()
        for where in ('3:5', '4:1', '4:25', '4:47'):
            self.assertIn(f'{src}:{where}: warning: link drawn as plain text', err)
        self.assertEqual(err.count('link drawn as plain text'), 4)
        r = subprocess.run(['qpdf', '--qdf', '--object-streams=disable', self.path('out.pdf'),
                            self.path('qdf.pdf')], capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        pdf = self.read('qdf.pdf')
        uris = re.findall(rb'/URI \(([^)]*)\)', pdf)
        self.assertEqual(sorted(uris), [b'https://e.org/', b'mailto:x@e.org'])
        for bad in (b'javascript', b'file:', b'data:', b'other.pdf', b'/Launch', b'/JavaScript'):
            self.assertNotIn(bad, pdf)
        r = self.run_in('--strict', src, '-o', 'strict.pdf')
        self.assertEqual(r.returncode, 1)
        self.assertIn(f'{src}:3:5: error: link drawn as plain text', r.stderr.decode())


if __name__ == '__main__':
    unittest.main(verbosity=2)
