"""CI and build-tool use: --check writes nothing; -O typesets several inputs in parallel into a
directory, byte for byte as one at a time, with each input's messages whole and in input order
and the worst exit code; --depfile lists what the output was made from, written only on success.
usage: test_ci.py NASHRA SOURCE_ROOT"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

NASHRA, ROOT = sys.argv[1:3]
NASHRA = os.path.abspath(NASHRA)
del sys.argv[1:3]
EXAMPLES = os.path.join(ROOT, 'examples')
ENV = dict(os.environ, SOURCE_DATE_EPOCH='1700000000')

# Two warnings (raw HTML) at known places, each printed with its source line and caret.
WARNED = '# t\n\n<div>\nblock\n</div>\n\ntext <b>bold</b> here\n'
BAD = '---\ntitle: x\ndir: sideways\n---\n\ntext\n'


def nashra(*args, cwd=None):
    return subprocess.run([NASHRA, *args], capture_output=True, cwd=cwd, env=ENV)


class Ci(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        for name in ('brief-ar.md', 'brief-en.md', 'brief-notes-ar.md', 'basin.svg'):
            shutil.copy(os.path.join(EXAMPLES, name), self.dir)

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, *names):
        return os.path.join(self.dir, *names)

    def write(self, name, text):
        with open(self.path(name), 'w', encoding='utf-8') as f:
            f.write(text)
        return self.path(name)

    def read(self, *names):
        with open(self.path(*names), 'rb') as f:
            return f.read()

    def no_temp_files(self, where):
        left = [n for n in os.listdir(where) if n.startswith('.')]
        self.assertEqual(left, [], f'temporary files left in {where}')

    # --check

    def test_check_writes_nothing(self):
        before = sorted(os.listdir(self.dir))
        for to in ('pdf', 'png', 'html', 'tree'):
            r = nashra('--check', '--to', to, self.path('brief-ar.md'))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b'')
        self.assertEqual(sorted(os.listdir(self.dir)), before)

    def test_check_reports_and_fails(self):
        bad = self.write('bad.md', BAD)
        r = nashra('--check', bad)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f'{bad}:3:6: error: invalid dir'.encode(), r.stderr)
        self.assertFalse(os.path.exists(self.path('bad.pdf')))

    def test_check_lays_out_for_paged_output(self):
        # A missing figure image is a layout error: --check finds it for pdf, not for html.
        src = self.write('fig.md', '# t\n\n![map](nowhere.png "A map")\n')
        r = nashra('--check', src)
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"cannot read image 'nowhere.png'", r.stderr)
        self.assertEqual(nashra('--check', '--to', 'html', src).returncode, 0)
        self.assertEqual(sorted(os.listdir(self.dir))[-1], 'fig.md')

    def test_check_several_inputs(self):
        bad = self.write('bad.md', BAD)
        r = nashra('--check', self.path('brief-ar.md'), bad, self.path('brief-en.md'))
        self.assertEqual(r.returncode, 1)
        self.assertIn(f'{bad}:3:6: error:'.encode(), r.stderr)
        self.assertNotIn('brief-en.pdf', os.listdir(self.dir))

    # -O

    def test_several_inputs_need_O(self):
        a, b = self.path('brief-ar.md'), self.path('brief-en.md')
        self.assertEqual(nashra(a, b).returncode, 2)
        self.assertEqual(nashra(a, b, '-o', self.path('x.pdf')).returncode, 2)
        self.assertEqual(nashra('-O', self.path('out'), '-o', self.path('x.pdf'), a).returncode, 2)
        self.assertEqual(nashra('-O', self.path('out'), a, '-').returncode, 2)
        os.mkdir(self.path('sub'))
        shutil.copy(a, self.path('sub'))
        r = nashra('-O', self.path('out'), a, self.path('sub', 'brief-ar.md'))
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'would both write', r.stderr)
        self.assertFalse(os.path.exists(self.path('out')))
        self.assertEqual(nashra('cite', '-O', self.path('out'), a).returncode, 2)

    def test_O_matches_single_runs_byte_for_byte(self):
        names = ['brief-ar', 'brief-en', 'brief-notes-ar']
        srcs = [self.path(n + '.md') for n in names]
        r = nashra('-O', self.path('out'), *srcs)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(self.path('out'))), [n + '.pdf' for n in names])
        for n, src in zip(names, srcs):
            single = self.path(n + '.single.pdf')
            r = nashra(src, '-o', single)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(self.read('out', n + '.pdf'), self.read(n + '.single.pdf'), n)
        self.no_temp_files(self.path('out'))

    def test_O_extension_per_format(self):
        a, b = self.path('brief-ar.md'), self.path('brief-en.md')
        r = nashra('-O', self.path('h'), '--to', 'html', a, b)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(self.path('h'))), ['brief-ar.html', 'brief-en.html'])
        r = nashra('-O', self.path('p'), '--to', 'png', '--dpi', '20', a, b)
        self.assertEqual(r.returncode, 0, r.stderr)
        pngs = sorted(os.listdir(self.path('p')))
        self.assertIn('brief-ar-1.png', pngs)
        self.assertIn('brief-en-1.png', pngs)
        self.assertTrue(all(re.fullmatch(r'brief-(ar|en)-\d+\.png', p) for p in pngs), pngs)
        # The same pages as a single run writes.
        r = nashra('--to', 'png', '--dpi', '20', a, '-o', self.path('single'))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.read('p', 'brief-ar-1.png'), self.read('single-1.png'))

    def test_O_worst_exit_code_and_others_written(self):
        bad = self.write('bad.md', BAD)
        r = nashra('-O', self.path('out'), self.path('brief-ar.md'), bad, self.path('brief-en.md'))
        self.assertEqual(r.returncode, 1)
        self.assertEqual(sorted(os.listdir(self.path('out'))), ['brief-ar.pdf', 'brief-en.pdf'])
        # An input that cannot be read is an I/O failure (3), worse than bad input (1).
        r = nashra('-O', self.path('out'), bad, self.path('missing.md'), self.path('brief-en.md'))
        self.assertEqual(r.returncode, 3)
        self.assertIn(b'missing.md', r.stderr)

    def test_O_messages_whole_and_in_input_order(self):
        srcs = [self.write(f'w{i}.md', WARNED) for i in range(5)]
        srcs.insert(2, self.write('bad.md', BAD))
        expected = b''
        for s in srcs:
            expected += nashra('--check', s).stderr
        self.assertEqual(expected.count(b'warning:'), 20)  # raw HTML thrice, no title; x5
        for _ in range(3):
            r = nashra('-O', self.path('out'), *srcs)
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stderr, expected)

    def test_O_verbose_and_quiet(self):
        a, w = self.path('brief-ar.md'), self.write('w.md', WARNED)
        r = nashra('-v', '-O', self.path('out'), a, w)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stderr.decode().splitlines()
        for stage in ('read', 'parse', 'layout', 'render'):
            self.assertTrue(any(re.match(rf'nashra: {re.escape(a)}: {stage} +[\d.]+ ms$', ln)
                                for ln in lines), lines)
            self.assertTrue(any(ln.startswith(f'nashra: {w}: {stage} ') for ln in lines))
        self.assertIn('warning: raw HTML', r.stderr.decode())
        r = nashra('-q', '-O', self.path('out'), a, w)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, b'')
        # One input with -O: the same prefixed lines.
        r = nashra('-v', '-O', self.path('out'), a)
        self.assertIn(f'nashra: {a}: layout '.encode(), r.stderr)

    # --depfile

    def test_depfile_lists_source_template_images_bibliography(self):
        d = self.path('my dir')
        os.mkdir(d)
        shutil.copy(self.path('basin.svg'), os.path.join(d, 'basin map.svg'))
        with open(os.path.join(d, 'refs.json'), 'w') as f:
            f.write('[{"id": "k", "type": "book", "title": "T",'
                    ' "issued": {"date-parts": [[2020]]}}]')
        with open(os.path.join(d, 'look.ini'), 'w') as f:
            f.write('[template]\nextends=memo\n')
        src = os.path.join(d, 'b.md')
        with open(src, 'w') as f:
            f.write('---\ntitle: x\nbibliography: refs.json\ntemplate: look.ini\n---\n\n'
                    'See [@k].\n\n![A map](basin%20map.svg "Map")\n\n![again](<basin map.svg>)\n')
        out, dep = os.path.join(d, 'b.pdf'), self.path('b.d')
        # The front matter's template: is found beside the source, like images and the
        # bibliography, wherever nashra runs (--template is relative to the working directory).
        r = nashra('--depfile', dep, '-o', out, src, cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        esc = lambda p: p.replace(' ', '\\ ')  # noqa: E731
        self.assertEqual(self.read('b.d').decode(),
                         f'{esc(out)}: {esc(src)} {esc(d)}/look.ini {esc(d)}/basin\\ map.svg '
                         f'{esc(d)}/refs.json\n')
        # A built-in template is not a file; no images, no bibliography.
        r = nashra('--depfile', dep, '--template', 'report', self.path('brief-en.md'))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.read('b.d').decode(),
                         f"{self.path('brief-en.pdf')}: {self.path('brief-en.md')}\n")

    def test_depfile_relative_paths_as_given(self):
        r = nashra('--depfile', 'n.d', '-o', 'n.pdf', 'brief-notes-ar.md', cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.read('n.d'), b'n.pdf: brief-notes-ar.md basin.svg\n')
        r = nashra('--depfile', 'h.d', '--to', 'html', 'brief-notes-ar.md', cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.read('h.d'), b'brief-notes-ar.html: brief-notes-ar.md\n')
        r = nashra('--depfile', 'p.d', '--to', 'png', '--dpi', '20', '-o', 'pg',
                   'brief-en.md', cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        targets = self.read('p.d').decode().split(':')[0].split()
        self.assertEqual(targets, [f'pg-{i}.png' for i in range(1, len(targets) + 1)])
        self.assertTrue(all(os.path.exists(self.path(t)) for t in targets))
        r = nashra('--depfile', 'all.d', '-O', 'out', 'brief-en.md', 'brief-notes-ar.md',
                   cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.read('all.d'), b'out/brief-en.pdf: brief-en.md\n'
                         b'out/brief-notes-ar.pdf: brief-notes-ar.md basin.svg\n')
        # The bibliography and a .csl style are named like the figure, not by their full path.
        os.mkdir(self.path('b'))
        with open(self.path('b', 'refs.json'), 'w') as f:
            f.write('[{"id": "k", "type": "book", "title": "T",'
                    ' "issued": {"date-parts": [[2020]]}}]')
        shutil.copy('/usr/share/citation-style-language/styles/apa.csl', self.path('b'))
        shutil.copy(self.path('basin.svg'), self.path('b'))
        self.write('b/c.md', '---\ntitle: x\nlang: en\nbibliography: refs.json\n'
                   'citation-style: apa.csl\n---\n\nSee [@k].\n\n![A map](basin.svg "Map")\n')
        r = nashra('--depfile', 'c.d', '-O', 'out', 'b/c.md', cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.read('c.d'),
                         b'out/c.pdf: b/c.md b/basin.svg b/refs.json b/apa.csl\n')

    def test_depfile_only_on_success(self):
        dep = self.write('x.d', 'previous\n')
        bad = self.write('bad.md', BAD)
        r = nashra('--depfile', dep, bad)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(self.read('x.d'), b'previous\n')
        r = nashra('--depfile', dep, '-O', self.path('out'), self.path('brief-en.md'), bad)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(self.read('x.d'), b'previous\n')
        self.no_temp_files(self.dir)
        r = nashra('--depfile', self.path('no', 'dir', 'x.d'), self.path('brief-en.md'))
        self.assertEqual(r.returncode, 3)
        en = self.path('brief-en.md')
        self.assertEqual(nashra('--depfile', dep, '-o', '-', en).returncode, 2)
        self.assertEqual(nashra('--depfile', dep, '--check', en).returncode, 2)


if __name__ == '__main__':
    unittest.main(verbosity=2)
