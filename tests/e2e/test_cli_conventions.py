"""The command line's conventions, as a user and a packager meet them: usage lines, --version's
libraries, messages in one style with the value echoed, colour on a terminal only (NO_COLOR,
--color), binary output refused on a terminal, the built-in templates listed and printed, the
locale read for arguments but never for the output's bytes.
usage: test_cli_conventions.py NASHRA SOURCE_ROOT"""
import errno
import os
import re
import select
import subprocess
import sys
import tempfile
import unittest

NASHRA, ROOT = (os.path.abspath(a) for a in sys.argv[1:3])
del sys.argv[1:3]

BRIEF = """---
title: تجربة
lang: ar
---

# مقدمة

نص في فقرة قصيرة.
"""
UNTITLED = '# t\n\ntext\n'  # a warning: no title
ESC = b'\x1b['
# One message line: `WHERE[:LINE:COL]: error|warning|hint: text`, the text starting lowercase
# (or with a quote, an option or a number); or the quoted source line and its caret.
MESSAGE = re.compile(r"^(?:\S[^:]*)(?::\d+:\d+)?: (?:error|warning|hint): [a-z'\-0-9<(]")
CONTEXT = re.compile(r'^  ')


def env(**changes):
    e = dict(os.environ)
    for k in ('NO_COLOR', 'TERM', 'LC_ALL', 'LANG', 'LC_CTYPE'):
        e.pop(k, None)
    e.update({k: v for k, v in changes.items() if v is not None})
    return e


def nashra(*args, cwd=None, **env_changes):
    return subprocess.run([NASHRA, *args], capture_output=True, cwd=cwd, env=env(**env_changes),
                          stdin=subprocess.DEVNULL)


def on_terminal(args, which, cwd, **env_changes):
    """Runs nashra with WHICH ('stdout' or 'stderr') on a pseudo-terminal, the other captured;
    returns (exit status, bytes the terminal got, the other stream's bytes)."""
    master, slave = os.openpty()
    other = subprocess.PIPE
    p = subprocess.Popen([NASHRA, *args], cwd=cwd, env=env(**env_changes),
                         stdin=subprocess.DEVNULL,
                         stdout=slave if which == 'stdout' else other,
                         stderr=slave if which == 'stderr' else other)
    os.close(slave)
    got = b''
    while True:  # until the child's end of the terminal is closed (EIO)
        r, _, _ = select.select([master], [], [], 30)
        if not r:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError as e:
            if e.errno != errno.EIO:
                raise
            break
        if not chunk:
            break
        got += chunk
    out = (p.stderr if which == 'stdout' else p.stdout).read()
    p.wait(timeout=60)
    (p.stderr if which == 'stdout' else p.stdout).close()
    os.close(master)
    return p.returncode, got, out


class Conventions(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        for name, text in (('brief.md', BRIEF), ('untitled.md', UNTITLED)):
            with open(os.path.join(self.dir, name), 'w', encoding='utf-8') as f:
                f.write(text)

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    # -- help and usage lines --

    def test_usage_lines(self):
        """`[OPTION…]` whatever the locale (GLib turned … into ? in the C locale), the inputs
        once, a command's name before its options."""
        for locale in ('C', 'C.UTF-8'):
            with self.subTest(locale=locale):
                usage = {}
                for cmd in ((), ('cite',), ('fonts',)):
                    r = nashra(*cmd, '--help', LC_ALL=locale)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    text = r.stdout.decode('utf-8')
                    self.assertNotIn('?', text.splitlines()[1])
                    usage[cmd] = text.splitlines()[1].strip()
                self.assertEqual(usage[()], 'nashra [OPTION…] INPUT…')
                self.assertEqual(usage[('cite',)], 'nashra cite [OPTION…] INPUT')
                self.assertEqual(usage[('fonts',)], 'nashra fonts [OPTION…]')

    def test_help_lists_new_options_and_exit_status(self):
        text = nashra('--help').stdout.decode()
        for opt in ('--color=WHEN', '--list-templates', '--print-template=NAME', '--version'):
            self.assertIn(opt, text)
        self.assertIn('Exit status: 0 done, 1 bad input, 2 bad usage, 3 input/output failure',
                      text)

    def test_utf8_option_values_are_read_in_the_locale(self):
        """setlocale: in a UTF-8 locale a non-ASCII value arrives whole, and is echoed."""
        r = nashra('--to', 'پی‌دی‌اف', self.path('brief.md'), LC_ALL='C.UTF-8')
        self.assertEqual(r.returncode, 2)
        self.assertIn("nashra: error: unknown output format 'پی‌دی‌اف' (expected pdf, png, html "
                      "or tree)", r.stderr.decode())

    # -- --version --

    def test_version_names_the_libraries_it_runs_with(self):
        r = nashra('--version')
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.decode().splitlines()
        self.assertRegex(lines[0], r'^nashra \d+\.\d+\.\d+$')
        libs = dict(ln.split(' ', 1) for ln in lines[1:])
        for ln in lines[1:]:
            self.assertRegex(ln, r'^[a-z0-9-]+ \d+(\.\d+)+$')
        for name in ('cairo', 'pango', 'harfbuzz', 'fribidi', 'fontconfig', 'freetype', 'qpdf',
                     'icu', 'librsvg', 'gdk-pixbuf', 'libpng', 'libxml2', 'libyaml', 'glib'):
            self.assertIn(name, libs)
        # Debian's packages: the library loaded is the one pkg-config describes.
        for name, pc in (('cairo', 'cairo'), ('pango', 'pango'), ('harfbuzz', 'harfbuzz'),
                         ('fribidi', 'fribidi'), ('glib', 'glib-2.0'), ('qpdf', 'libqpdf'),
                         ('icu', 'icu-uc'), ('librsvg', 'librsvg-2.0')):
            want = subprocess.run(['pkg-config', '--modversion', pc], capture_output=True,
                                  text=True)
            if want.returncode == 0:
                self.assertEqual(libs[name], want.stdout.strip(), name)

    # -- messages --

    def test_unknown_values_are_echoed(self):
        src = self.path('brief.md')
        for args, msg in (
                (['--to', 'docx'], "unknown output format 'docx' (expected pdf, png, html or tree)"),
                (['--syntax', 'gfm'], "unknown syntax 'gfm' (expected nashra or commonmark)"),
                (['--from', 'rst'], "unknown input format 'rst' (expected markdown or text)"),
                (['--dpi', '5000'], '--dpi 5000 is out of range (expected 10 to 1200)'),
                (['--color', 'purple'], "unknown colour mode 'purple' (expected auto, always or "
                                        "never)"),
                (['--root', self.path('nope')], f"--root '{self.path('nope')}' is not a directory"),
                (['--bogus'], 'unknown option --bogus'),
                (['--dpi', 'abc'], "cannot parse double value 'abc' for --dpi")):
            with self.subTest(args=args):
                r = nashra(*args, src)
                self.assertEqual(r.returncode, 2)
                self.assertEqual(r.stderr.decode().splitlines(),
                                 [f'nashra: error: {msg}', "nashra: hint: try 'nashra --help'"])
        r = nashra('cite', '--format', 'mla', src)
        self.assertEqual(r.stderr.decode().splitlines(),
                         ["nashra: error: unknown citation format 'mla' (expected text, bibtex, "
                          "ris or csl-json)", "nashra: hint: try 'nashra cite --help'"])

    def test_missing_input_named_once(self):
        r = nashra('nope.md', cwd=self.dir)
        self.assertEqual(r.returncode, 3)
        self.assertEqual(r.stderr, b'nope.md: error: cannot read: no such file or directory\n')

    def test_messages_in_one_style(self):
        """Every line of every message: `WHERE: error|warning|hint: lowercase text`, or the
        source line and caret under a located one; no curly quotes, no capitalised GLib text."""
        os.mkdir(self.path('dir.md'))
        with open(self.path('bad.svg'), 'w') as f:
            f.write('<?xml version="1.0"?>\n<svg attr=x/>')
        with open(self.path('svg.md'), 'w') as f:
            f.write('---\ntitle: t\n---\n\n![a](bad.svg)\n')
        with open(self.path('bad.ini'), 'w') as f:
            f.write('[sizes]\nbody=abc\n')
        cases = [
            ['nope.md'], ['dir.md'], ['--to', 'docx', 'brief.md'], ['--bogus'], [],
            ['brief.md', 'untitled.md'], ['-o', '/dev/full', 'brief.md'],
            ['--template', 'nope', 'brief.md'], ['--template', 'nope.ini', 'brief.md'],
            ['untitled.md', '-o', 'nodir/x.pdf'], ['--depfile', 'untitled.md', 'untitled.md'],
            ['-O', 'out', 'brief.md', 'brief.md'], ['cite', 'untitled.md'],
            ['--print-template', 'nope'], ['fonts', 'brief.md'], ['--max-input-mb', '-1', 'x'],
            ['svg.md', '-o', 'svg.pdf'], ['--template', 'bad.ini', 'brief.md'],
        ]
        for args in cases:
            with self.subTest(args=args):
                r = nashra(*args, cwd=self.dir, SOURCE_DATE_EPOCH='0')
                self.assertNotEqual(r.returncode, 0)
                err = r.stderr.decode()
                self.assertTrue(err)
                self.assertNotIn('“', err)
                self.assertNotIn('Try ', err)
                for ln in err.splitlines():
                    self.assertTrue(MESSAGE.match(ln) or CONTEXT.match(ln), ln)
                # GMarkup's "Error on line 2 char 10: Odd character “x”, …" as nashra writes.
                if args[:1] == ['svg.md']:
                    self.assertIn("(as XML: error on line 2 char 12: odd character 'x', expected "
                                  "an open quote mark", err)

    # -- exit codes --

    def test_exit_codes(self):
        src = self.path('brief.md')
        for args, rc in ((['--to', 'docx', src], 2), (['--bogus'], 2), ([], 2),
                         ([self.path('untitled.md'), '--strict', '-o', self.path('u.pdf')], 1),
                         ([self.path('nope.md')], 3), ([src, '-o', '/dev/full'], 3),
                         (['--print-template', 'nope'], 2), (['--list-templates'], 0),
                         ([src, '-o', self.path('ok.pdf')], 0)):
            with self.subTest(args=args):
                self.assertEqual(nashra(*args).returncode, rc)

    # -- binary output and terminals --

    def test_pdf_to_a_terminal_is_refused(self):
        for args, what in ((['brief.md', '-o', '-'], 'a PDF'), (['-', '-o', '-'], 'a PDF'),
                           (['brief.md', '--to', 'png', '-o', '-'], 'a PNG image')):
            with self.subTest(args=args):
                rc, tty, err = on_terminal(args, 'stdout', self.dir)
                self.assertEqual(rc, 2)
                self.assertEqual(tty, b'')
                self.assertIn(f'nashra: error: refusing to write {what} to a terminal'.encode(),
                              err)
                self.assertIn(b'nashra: hint: redirect standard output', err)

    def test_text_to_a_terminal_and_pdf_to_a_pipe_are_written(self):
        rc, tty, err = on_terminal(['brief.md', '--to', 'html', '-o', '-'], 'stdout', self.dir)
        self.assertEqual(rc, 0, err)
        self.assertIn(b'<html', tty)
        r = nashra('brief.md', '-o', '-', cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith(b'%PDF-'))

    # -- colour --

    def test_colour_on_a_terminal_only(self):
        rc, tty, _ = on_terminal(['untitled.md', '--check'], 'stderr', self.dir, TERM='xterm')
        self.assertEqual(rc, 0)
        self.assertIn(b'\x1b[1;35mwarning:\x1b[0m', tty)
        self.assertIn(b'\x1b[1muntitled.md:1:1:\x1b[0m', tty)
        r = nashra('untitled.md', '--check', cwd=self.dir, TERM='xterm')
        self.assertIn(b'warning:', r.stderr)
        self.assertNotIn(ESC, r.stderr)

    def test_no_color_and_dumb_terminal_and_never(self):
        for args, env_changes in ((['--check'], {'NO_COLOR': '1'}),
                                  (['--check'], {'TERM': 'dumb'}),
                                  (['--check', '--color=never'], {}),
                                  (['--check', '--color', 'never'], {})):
            with self.subTest(args=args, env=env_changes):
                rc, tty, _ = on_terminal(['untitled.md', *args], 'stderr', self.dir,
                                         **{'TERM': 'xterm', **env_changes})
                self.assertEqual(rc, 0)
                self.assertIn(b'warning:', tty)
                self.assertNotIn(ESC, tty)
        # An empty NO_COLOR is not set.
        rc, tty, _ = on_terminal(['untitled.md', '--check'], 'stderr', self.dir, NO_COLOR='',
                                 TERM='xterm')
        self.assertIn(ESC, tty)

    def test_color_always_wins_everywhere(self):
        r = nashra('untitled.md', '--check', '--color=always', cwd=self.dir, NO_COLOR='1')
        self.assertIn(b'\x1b[1;35mwarning:', r.stderr)
        # Before the options are parsed too: the parser's own error.
        r = nashra('--color=always', '--bogus')
        self.assertIn(b'\x1b[1;31merror:\x1b[0m unknown option --bogus', r.stderr)
        self.assertIn(b'\x1b[1;36mhint:', r.stderr)
        # The caret in green, as gcc draws it.
        r = nashra('untitled.md', '--check', '--color=always', cwd=self.dir)
        self.assertIn(b'\x1b[1;32m^\x1b[0m', r.stderr)

    # -- templates --

    def test_list_templates(self):
        r = nashra('--list-templates')
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = [ln.split('\t') for ln in r.stdout.decode().splitlines()]
        self.assertEqual([row[0] for row in rows], ['brief', 'report', 'memo'])
        for name, desc in rows:
            with open(os.path.join(ROOT, 'templates', name + '.ini'), encoding='utf-8') as f:
                self.assertIn(f'description={desc}\n', f.read())

    def test_print_template_is_the_built_in_file(self):
        for name in ('brief', 'report', 'memo'):
            r = nashra('--print-template', name)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(os.path.join(ROOT, 'templates', name + '.ini'), 'rb') as f:
                self.assertEqual(r.stdout, f.read())
        r = nashra('--print-template', 'nope')
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"no built-in template 'nope' (expected brief, report, memo)", r.stderr)
        with open('/dev/full', 'wb') as full:
            r = subprocess.run([NASHRA, '--print-template', 'memo'], stdout=full,
                               stderr=subprocess.PIPE)
        self.assertEqual(r.returncode, 3)
        self.assertIn(b'nashra: error: cannot write: no space left on device', r.stderr)

    def test_a_printed_template_starts_a_custom_one(self):
        """The printed memo, saved and changed, lays out the same brief as the built-in memo
        until it is changed, and differently after."""
        memo = nashra('--print-template=memo').stdout.decode()
        with open(self.path('mine.ini'), 'w', encoding='utf-8') as f:
            f.write(memo)
        outs = []
        for tpl in ('memo', 'mine.ini'):
            r = nashra('--template', tpl, 'brief.md', '--to', 'png', '-o', '-', cwd=self.dir)
            self.assertEqual(r.returncode, 0, r.stderr)
            outs.append(r.stdout)
        self.assertEqual(outs[0], outs[1])
        with open(self.path('mine.ini'), 'w', encoding='utf-8') as f:
            f.write(memo.replace('body=11\n', 'body=16\n'))
        r = nashra('--template', 'mine.ini', 'brief.md', '--to', 'png', '-o', '-', cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotEqual(r.stdout, outs[0])

    # -- the locale and the output's bytes --

    def test_same_bytes_in_every_locale(self):
        outs = set()
        for locale in ('C', 'C.UTF-8', 'POSIX'):
            r = nashra('brief.md', '-o', '-', cwd=self.dir, LC_ALL=locale, SOURCE_DATE_EPOCH='0')
            self.assertEqual(r.returncode, 0, r.stderr)
            outs.add(r.stdout)
        self.assertEqual(len(outs), 1)


if __name__ == '__main__':
    unittest.main()
