"""The man page and the shell completions: every long option `nashra --help` prints, and every
command, is in each of them (so they cannot drift); the man page renders with man and lints
clean with mandoc; the completions load and complete in bash, zsh and fish.
Without mandoc, zsh or fish (tools/setup.sh installs them) their checks skip, or fail under
CI=true. usage: test_docs.py NASHRA SOURCE_ROOT"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

NASHRA, ROOT = (os.path.abspath(a) for a in sys.argv[1:3])
del sys.argv[1:3]
MAN = os.path.join(ROOT, 'docs', 'nashra.1')
COMPLETIONS = {shell: os.path.join(ROOT, 'docs', 'completions', name)
               for shell, name in (('bash', 'nashra.bash'), ('zsh', '_nashra'),
                                   ('fish', 'nashra.fish'))}
COMMANDS = ('cite', 'fonts', 'watch', 'query')


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def long_options():
    """The long options of `nashra --help` and of each command's --help."""
    opts = set()
    for cmd in ((), ('cite',), ('fonts',)):
        r = subprocess.run([NASHRA, *cmd, '--help'], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        opts |= set(re.findall(r'^\s+(?:-\w, )?--([a-z][a-z-]*)', r.stdout, re.M))
    return sorted(opts)


def need(tool):
    if shutil.which(tool):
        return
    if os.environ.get('CI') == 'true':
        raise AssertionError(f'{tool} is not installed (tools/setup.sh installs it)')
    raise unittest.SkipTest(f'{tool} is not installed')


class Docs(unittest.TestCase):
    def test_help_has_the_options_this_test_knows(self):
        """The list is read from --help, not written here: it cannot be empty or miss one."""
        opts = long_options()
        for o in ('output', 'to', 'color', 'list-templates', 'print-template', 'version', 'help'):
            self.assertIn(o, opts)
        self.assertGreaterEqual(len(opts), 25)

    def test_every_option_in_the_man_page(self):
        man = read(MAN)
        for o in long_options():
            with self.subTest(option=o):
                # roff writes a hyphen-minus as \-.
                self.assertIn('\\-\\-' + o.replace('-', '\\-'), man)

    def test_every_option_and_command_in_each_completion(self):
        for shell, path in COMPLETIONS.items():
            text = read(path)
            for o in long_options():
                with self.subTest(shell=shell, option=o):
                    # fish names a long option without its dashes: `-l to`.
                    self.assertRegex(text, rf'--{o}\b' if shell != 'fish' else rf'-l {o}\b')
            for c in COMMANDS:
                with self.subTest(shell=shell, command=c):
                    self.assertRegex(text, rf'\b{c}\b')

    def test_man_page_documents_commands_exit_status_and_environment(self):
        man = read(MAN)
        commands = man.split('.SH COMMANDS')[1].split('.SH ')[0]
        for c in COMMANDS:
            self.assertIn(f'.SY "nashra {c}"', man)  # in the synopsis
            self.assertRegex(commands, rf'(?m)^\.BI? "?nashra {c}\b')  # and described
        section = man.split('.SH EXIT STATUS')[1].split('.SH ')[0]
        self.assertEqual(re.findall(r'^\.B (\d)$', section, re.M), ['0', '1', '2', '3'])
        for var in ('SOURCE_DATE_EPOCH', 'NO_COLOR', 'TERM', 'NASHRA_CSL_DIR'):
            self.assertIn(f'.B {var}\n', man.split('.SH ENVIRONMENT')[1].split('.SH ')[0])
        self.assertIn('.SH EXAMPLES', man)
        version = subprocess.run([NASHRA, '--version'], capture_output=True,
                                 text=True).stdout.splitlines()[0]
        self.assertIn(f'"{version}"', man.splitlines()[2])  # .TH NASHRA 1 DATE "nashra X.Y.Z"

    def test_man_renders(self):
        need('man')
        r = subprocess.run(['man', '--warnings', '-l', MAN], capture_output=True,
                           env={**os.environ, 'MANWIDTH': '80', 'MANPAGER': 'cat',
                                'PAGER': 'cat', 'LC_ALL': 'C.UTF-8'})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, b'')
        text = r.stdout.decode()
        for heading in ('NAME', 'SYNOPSIS', 'DESCRIPTION', 'COMMANDS', 'OPTIONS', 'EXIT STATUS',
                        'ENVIRONMENT', 'EXAMPLES', 'SEE ALSO'):
            self.assertRegex(text, rf'(?m)^{heading}$')
        self.assertIn('nashra - typeset a Markdown-like brief', text)
        self.assertIn('nashra watch INPUT [-o OUTPUT] [OPTION...]', text)
        self.assertIn('nashra query INPUT [-o FILE] [OPTION...]', text)

    def test_mandoc_lint(self):
        need('mandoc')
        r = subprocess.run(['mandoc', '-T', 'lint', '-W', 'style', MAN], capture_output=True,
                           text=True)
        self.assertEqual(r.stdout + r.stderr, '')
        self.assertEqual(r.returncode, 0)

    def complete_bash(self, *words):
        """COMPREPLY for the command line WORDS, the last being completed."""
        script = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); '
                  '_nashra; printf "%s\\n" "${COMPREPLY[@]}"')
        r = subprocess.run(['bash', '-c', script, 'bash', COMPLETIONS['bash'], *words],
                           capture_output=True, text=True, cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        return sorted(filter(None, r.stdout.split('\n')))

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = self._tmp.name
        for name in ('brief.md', 'notes.md'):
            open(os.path.join(self.tmp, name), 'w').close()
        os.mkdir(os.path.join(self.tmp, 'out'))

    def tearDown(self):
        self._tmp.cleanup()

    def test_bash_completes(self):
        self.assertEqual(self.complete_bash('nashra', '--t'), ['--template', '--to'])
        self.assertEqual(self.complete_bash('nashra', '--to', 'p'), ['pdf', 'png'])
        self.assertEqual(self.complete_bash('nashra', '--to', '=', 'h'), ['html'])
        self.assertEqual(self.complete_bash('nashra', '--color', ''), ['always', 'auto', 'never'])
        self.assertEqual(self.complete_bash('nashra', 'b'), ['brief.md'])
        self.assertEqual(self.complete_bash('nashra', 'c'), ['cite'])
        self.assertEqual(self.complete_bash('nashra', 'brief.md', 'c'), [])
        self.assertEqual(self.complete_bash('nashra', '-O', ''), ['out'])
        # Template names come from the binary the command line names.
        self.assertEqual(self.complete_bash(NASHRA, '--print-template', ''),
                         ['brief', 'memo', 'report'])
        self.assertEqual(self.complete_bash('nashra', 'cite', 'brief.md', '--format', 'b'),
                         ['bibtex'])

    def test_fish_completes(self):
        need('fish')
        def complete(line):
            r = subprocess.run(['fish', '--no-config', '-c',
                                f'source {COMPLETIONS["fish"]}; complete -C"{line}"'],
                               capture_output=True, text=True, cwd=self.tmp)
            self.assertEqual(r.returncode, 0, r.stderr)
            return sorted(ln.split('\t')[0] for ln in r.stdout.splitlines())
        self.assertEqual(complete('nashra --to='), ['--to=html', '--to=pdf', '--to=png',
                                                    '--to=tree'])
        self.assertEqual(complete('nashra --col'), ['--color'])
        self.assertEqual(complete(f'{NASHRA} --print-template '), ['brief', 'memo', 'report'])
        self.assertIn('query', complete('nashra '))
        self.assertIn('brief.md', complete('nashra '))

    def test_zsh_loads(self):
        need('zsh')
        r = subprocess.run(['zsh', '-n', COMPLETIONS['zsh']], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        # compinit reads the #compdef line: the function completes `nashra`.
        fpath = os.path.join(self.tmp, 'fpath')
        os.mkdir(fpath)
        shutil.copy(COMPLETIONS['zsh'], fpath)
        r = subprocess.run(['zsh', '-f', '-c', f'fpath=({fpath} $fpath); autoload -U compinit; '
                            f'compinit -u -d {self.tmp}/zcompdump; print -- $_comps[nashra]'],
                           capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stdout.strip()), (0, '_nashra'), r.stderr)

    def test_zsh_completes(self):
        """In an interactive zsh on a pseudo-terminal (zpty): each read waits for the last
        candidate listed, so a completion that lists nothing times out."""
        need('zsh')
        fpath = os.path.join(self.tmp, 'fpath')
        os.mkdir(fpath)
        shutil.copy(COMPLETIONS['zsh'], fpath)
        # Each completion is listed; then Ctrl-U clears the line (no signal, which would flush
        # typed input) and a command prints a mark the next step waits for: `MARK$((N))` as
        # typed is echoed, only its output reads `MARK<N>`.
        script = r"""
zmodload zsh/zpty
zpty z zsh -f -i
integer n=100
sync() { zpty -w z "print MARK\$(($n))"; zpty -r z got "*MARK$n*"; n+=1; }
zpty -w z "fpath=($1 \$fpath); autoload -U compinit; compinit -u -d $1/zcd; cd $2; PATH=$3:\$PATH"
sync
show() {
  zpty -n -w z "$1"$'\t'; zpty -r z got "*$2*"; print -r -- "== $got"
  zpty -n -w z $'\C-u'; sync
}
show 'nashra --to ' tree
show 'nashra --print-template ' report
show 'nashra ' out/
show 'nashra cite brief.md --format ' text
zpty -d z
"""
        r = subprocess.run(['zsh', '-f', '-c', script, 'zsh', fpath, self.tmp,
                            os.path.dirname(NASHRA)], capture_output=True, text=True,
                           timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        shown = [re.sub(r'\x1b\[[0-9;?]*[a-zA-Z]|\r', '', part)
                 for part in r.stdout.split('== ')[1:]]
        self.assertEqual(len(shown), 4, r.stdout)
        for word in ('html', 'pdf', 'png', 'tree'):
            self.assertIn(word, shown[0])
        self.assertRegex(shown[1], r'brief +-- A policy brief')
        self.assertRegex(shown[1], r'memo +-- Compact')
        for word in ('cite', 'fonts', 'query', 'watch', 'brief.md', 'notes.md'):
            self.assertIn(word, shown[2])
        for word in ('text', 'bibtex', 'csl-json', 'ris'):
            self.assertIn(word, shown[3])


if __name__ == '__main__':
    unittest.main()
