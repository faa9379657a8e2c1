"""docs/ci/: the recipes docs/ci.md shows, run for real. The Makefile and the meson project
rebuild exactly the briefs whose source, figure, bibliography or template changed; the GitHub
Actions and GitLab CI jobs install only tools/setup.sh's packages, build nashra with the
commands they give and typeset briefs with the nashra command lines they give. docs/ci.md
links and quotes them as they are.
usage: test_ci_recipes.py NASHRA SOURCE_ROOT"""
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import yaml

sys.path.insert(0, os.path.dirname(__file__))
import pdfcheck as pc  # noqa: E402

NASHRA, ROOT = sys.argv[1:3]
del sys.argv[1:3]
NASHRA = os.path.abspath(NASHRA)
ROOT = os.path.abspath(ROOT)
RECIPES = os.path.join(ROOT, 'docs', 'ci')

# The two briefs of the temporary project, named as docs/ci/meson.build lists them: one with a
# figure, one with a bibliography and a template file.
FIG_BRIEF = ('---\ntitle: الأمن المائي في حوض الفرات\nlang: ar\n---\n\n'
             f'{pc.BODY["ar"]}\n\n![خريطة الحوض](basin.svg "حوض الفرات")\n\n{pc.BODY["ar"]}\n')
BIB_BRIEF = ('---\ntitle: Heat and the City\nlang: en\nbibliography: refs.json\n'
             f'template: look.ini\n---\n\n{pc.BODY["en"]} As [@fischer2024] found.\n')
REFS = [{'id': 'fischer2024', 'type': 'report', 'title': 'Working in the Heat',
         'author': [{'family': 'Fischer', 'given': 'Lena'}], 'issued': {'date-parts': [[2024]]}}]
TEMPLATE = '[template]\nextends=memo\n'

# tools/setup.sh packages that only the test suite needs; a CI job that builds briefs
# installs every other one.
TEST_ONLY = {'clang', 'libclang-rt-14-dev', 'valgrind', 'poppler-utils', 'qpdf',
             'python3-pypdf', 'python3-yaml', 'nodejs', 'npm', 'chromium', 'tidy',
             'man-db', 'groff-base', 'mandoc', 'zsh', 'fish', 'git', 'libcmocka-dev'}
# What the jobs may install beyond setup.sh: git for actions/checkout in a container.
BASE = {'git', 'ca-certificates'}


def run(args, cwd=None, env=None):
    r = subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env)
    if r.returncode != 0:
        raise AssertionError(f'{args} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}')
    return r


def setup_packages():
    with open(os.path.join(ROOT, 'tools', 'setup.sh'), encoding='utf-8') as f:
        text = f.read()
    body = re.search(r'^packages=\((.*?)^\)', text, re.M | re.S).group(1)
    names = set(re.sub(r'#.*', '', body).split())
    # The ones setup.sh adds when the command is missing.
    names |= set(re.findall(r'packages\+=\((\S+)\)', text))
    return names


class Project:
    """A temporary project: briefs/water-ar.md with a figure, briefs/heat-en.md with a
    bibliography and a template, their files dated 100 s back so that "now" is later than any
    output built from them yet not in the future."""

    def __init__(self, tmp):
        self.dir = os.path.join(tmp, 'proj')
        os.makedirs(self.path('briefs'))
        shutil.copy(os.path.join(ROOT, 'tests', 'data', 'basin.svg'), self.path('briefs'))
        self.write('briefs/water-ar.md', FIG_BRIEF)
        self.write('briefs/heat-en.md', BIB_BRIEF)
        self.write('briefs/refs.json', json.dumps(REFS))
        self.write('briefs/look.ini', TEMPLATE)
        past = time.time() - 100
        for name in os.listdir(self.path('briefs')):
            os.utime(self.path('briefs', name), (past, past))

    def path(self, *names):
        return os.path.join(self.dir, *names)

    def write(self, name, text):
        with open(self.path(name), 'w', encoding='utf-8') as f:
            f.write(text)

    def touch(self, name):
        os.utime(self.path(name))


class RebuildChecks:
    """What both build recipes must do: rebuild a brief's PDF when, and only when, a file it was
    made from changed. A subclass sets self.ar and self.en, and says how to build (rebuild) and
    how the build's output names a brief it made (announces)."""

    def mtimes(self):
        return {pdf: os.stat(pdf).st_mtime_ns for pdf in (self.ar, self.en)}

    def assert_rebuilt(self, what, before, rebuilt):
        """The build made REBUILT's brief only, and only its PDF is newer."""
        out = self.rebuild()
        after = self.mtimes()
        for pdf in (self.ar, self.en):
            if pdf == rebuilt:
                self.assertIn(self.announces(pdf), out, what)
                self.assertGreater(after[pdf], before[pdf], what)
            else:
                self.assertNotIn(self.announces(pdf), out, what)
                self.assertEqual(after[pdf], before[pdf], what)
        return after


class Makefile(RebuildChecks, unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.p = Project(self.tmp.name)
        shutil.copy(os.path.join(RECIPES, 'Makefile'), self.p.dir)
        self.ar, self.en = self.p.path('out', 'water-ar.pdf'), self.p.path('out', 'heat-en.pdf')

    def tearDown(self):
        self.tmp.cleanup()

    def make(self, *args):
        return run(['make', '--no-print-directory', f'NASHRA={NASHRA}', *args], cwd=self.p.dir)

    def rebuild(self):
        return self.make().stdout

    def announces(self, pdf):
        return f'briefs/{os.path.basename(pdf)[:-4]}.md'  # make echoes nashra's command line

    def test_builds_each_brief_then_only_what_changed(self):
        out = self.make().stdout
        for pdf in (self.ar, self.en):
            rc, msg = pc.qpdf_check(pdf)
            self.assertEqual(rc, 0, msg)
        self.assertEqual(out.count('--depfile'), 2, out)
        with open(self.ar + '.d') as f:
            self.assertEqual(f.read(), 'out/water-ar.pdf: briefs/water-ar.md briefs/basin.svg\n')
        with open(self.en + '.d') as f:
            self.assertEqual(f.read(), 'out/heat-en.pdf: briefs/heat-en.md briefs/look.ini '
                                       'briefs/refs.json\n')
        # Nothing changed: nothing run, nothing rewritten.
        before = self.mtimes()
        self.assertIn('Nothing to be done', self.make().stdout)
        self.assertEqual(self.mtimes(), before)

        self.p.touch('briefs/basin.svg')
        before = self.assert_rebuilt('figure touched', before, self.ar)
        self.p.write('briefs/refs.json', json.dumps(REFS).replace('Working', 'Labour'))
        before = self.assert_rebuilt('bibliography edited', before, self.en)
        self.p.touch('briefs/look.ini')
        before = self.assert_rebuilt('template touched', before, self.en)
        self.p.touch('briefs/water-ar.md')
        self.assert_rebuilt('source touched', before, self.ar)

    def test_a_deleted_figure_rebuilds_instead_of_stopping(self):
        self.make()
        before = self.mtimes()
        self.p.write('briefs/water-ar.md', FIG_BRIEF.split('![')[0])
        os.remove(self.p.path('briefs', 'basin.svg'))
        self.assert_rebuilt('figure dropped and deleted', before, self.ar)
        with open(self.ar + '.d') as f:
            self.assertEqual(f.read(), 'out/water-ar.pdf: briefs/water-ar.md\n')
        self.assertIn('Nothing to be done', self.make().stdout)

    def test_a_failed_brief_fails_make_and_keeps_its_pdf(self):
        self.make()
        before = self.mtimes()
        self.p.write('briefs/heat-en.md', BIB_BRIEF.replace('fischer2024]', 'nobody]'))
        r = subprocess.run(['make', f'NASHRA={NASHRA}'], capture_output=True, text=True,
                           cwd=self.p.dir)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn('briefs/heat-en.md:', r.stderr)
        self.assertEqual(self.mtimes(), before)

    def test_check_target_writes_nothing(self):
        out = self.make('check').stdout
        self.assertIn('--check', out)
        self.assertFalse(os.path.exists(self.p.path('out')))


class MesonProject(RebuildChecks, unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.p = Project(self.tmp.name)
        for name in ('meson.build', 'meson_options.txt'):
            shutil.copy(os.path.join(RECIPES, name), self.p.dir)
        self.build = os.path.join(self.tmp.name, 'build')
        run(['meson', 'setup', self.build, self.p.dir, f'-Dnashra={NASHRA}'])
        self.ar, self.en = (os.path.join(self.build, n) for n in ('water-ar.pdf', 'heat-en.pdf'))

    def tearDown(self):
        self.tmp.cleanup()

    def ninja(self, *args):
        return run(['ninja', '-C', self.build, *args]).stdout

    def rebuild(self):
        return self.ninja()

    def announces(self, pdf):
        return f'Generating {os.path.basename(pdf)}'

    def test_builds_each_brief_then_only_what_changed(self):
        out = self.ninja()
        self.assertEqual(out.count('Generating'), 2, out)
        for pdf in (self.ar, self.en):
            rc, msg = pc.qpdf_check(pdf)
            self.assertEqual(rc, 0, msg)
        # The depfile reached ninja.
        deps = self.ninja('-t', 'deps', 'water-ar.pdf')
        self.assertIn('../proj/briefs/basin.svg', deps)
        deps = self.ninja('-t', 'deps', 'heat-en.pdf')
        for name in ('look.ini', 'refs.json'):
            self.assertIn(f'../proj/briefs/{name}', deps)

        before = self.mtimes()
        self.assertIn('no work to do', self.ninja())
        self.assertEqual(self.mtimes(), before)

        self.p.touch('briefs/basin.svg')
        before = self.assert_rebuilt('figure touched', before, self.ar)
        self.p.write('briefs/refs.json', json.dumps(REFS).replace('Working', 'Labour'))
        before = self.assert_rebuilt('bibliography edited', before, self.en)
        self.p.touch('briefs/look.ini')
        before = self.assert_rebuilt('template touched', before, self.en)
        self.p.write('briefs/water-ar.md', FIG_BRIEF.split('![')[0])
        os.remove(self.p.path('briefs', 'basin.svg'))
        self.assert_rebuilt('figure dropped and deleted', before, self.ar)
        self.assertIn('no work to do', self.ninja())


def shell_lines(text):
    """The commands of a run: or script: text, continuation lines joined."""
    text = text.replace('\\\n', ' ')
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith('#')]


class CiJobs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(RECIPES, 'github-actions.yml'), encoding='utf-8') as f:
            cls.github = yaml.safe_load(f)
        with open(os.path.join(RECIPES, 'gitlab-ci.yml'), encoding='utf-8') as f:
            cls.gitlab = yaml.safe_load(f)

    def github_job(self):
        jobs = self.github['jobs']
        self.assertEqual(len(jobs), 1, jobs)
        return next(iter(jobs.values()))

    def gitlab_job(self):
        jobs = {k: v for k, v in self.gitlab.items()
                if not k.startswith('.') and isinstance(v, dict) and 'script' in v}
        self.assertEqual(len(jobs), 1, self.gitlab)
        return next(iter(jobs.values()))

    def commands(self):
        """(name, environment, command lines) of each job, in order."""
        gh = self.github_job()
        gh_lines = [ln for s in gh['steps'] if 'run' in s for ln in shell_lines(s['run'])]
        gl = self.gitlab_job()
        gl_lines = [ln for part in ('before_script', 'script') for item in gl.get(part, [])
                    for ln in shell_lines(item)]
        return [('github', gh.get('env', {}), gh_lines), ('gitlab', gl.get('variables', {}),
                                                          gl_lines)]

    def test_github_structure(self):
        # PyYAML reads the key `on` as YAML 1.1's true.
        on = self.github.get('on', self.github.get(True))
        self.assertTrue({'push', 'pull_request'} <= set(on), on)
        job = self.github_job()
        container = job['container']
        self.assertEqual(container if isinstance(container, str) else container['image'],
                         'debian:12')
        steps = job['steps']
        self.assertTrue(all(('run' in s) != ('uses' in s) for s in steps), steps)
        uses = [s.get('uses', '').split('@')[0] for s in steps]
        checkout = steps[uses.index('actions/checkout')]
        self.assertTrue(checkout['with']['submodules'])
        upload = steps[uses.index('actions/upload-artifact')]
        self.assertEqual(upload['with']['path'], 'out/*.pdf')
        self.assertIn('cancelled()', upload['if'])  # also after a failed brief
        nashra_step = next(i for i, s in enumerate(steps) if '$NASHRA' in s.get('run', ''))
        self.assertLess(uses.index('actions/checkout'), nashra_step)
        self.assertLess(nashra_step, uses.index('actions/upload-artifact'))

    def test_gitlab_structure(self):
        job = self.gitlab_job()
        self.assertEqual(job['image'], 'debian:12')
        self.assertEqual(job['variables']['GIT_SUBMODULE_STRATEGY'], 'recursive')
        self.assertEqual(job['artifacts']['paths'], ['out/*.pdf'])
        self.assertEqual(job['artifacts']['when'], 'always')
        self.assertTrue(any('$NASHRA' in ln for ln in job['script']), job['script'])

    def test_packages_are_setup_sh_packages(self):
        setup = setup_packages()
        self.assertIn('libqpdf-dev', setup)  # the list was found
        for name, _, lines in self.commands():
            installs = [ln for ln in lines if re.search(r'\bapt-get install\b', ln)]
            self.assertEqual(len(installs), 1, (name, lines))
            args = shlex.split(installs[0])
            pkgs = {a for a in args[args.index('install') + 1:] if not a.startswith('-')}
            self.assertEqual(pkgs - setup - BASE, set(), name)
            self.assertEqual(setup - TEST_ONLY - pkgs, set(), f'{name} misses these')

    def test_build_and_nashra_lines_work(self):
        for name, env, lines in self.commands():
            with self.subTest(name), tempfile.TemporaryDirectory() as tmp:
                self.run_job(env, lines, tmp)

    def run_job(self, env, lines, tmp):
        """Runs LINES as the job would in a checkout at TMP with nashra's source at nashra/ and
        two briefs, except the compile itself: the tests' nashra stands in for the one it
        would build, at the same place."""
        os.symlink(ROOT, os.path.join(tmp, 'nashra'))
        os.makedirs(os.path.join(tmp, 'briefs'))
        for brief, text in (('one', 'One'), ('two', 'اثنان')):
            with open(os.path.join(tmp, 'briefs', brief + '.md'), 'w', encoding='utf-8') as f:
                f.write(f'---\ntitle: {text}\n---\n\n{text}.\n')
        shell_env = dict(os.environ, **{k: str(v) for k, v in env.items()})
        self.assertEqual(env['NASHRA'], 'build-nashra/nashra')
        ran = set()
        for ln in lines:
            args = shlex.split(ln)
            if 'apt-get' in args:
                continue  # test_packages_are_setup_sh_packages
            if args[:2] == ['meson', 'setup']:
                run(['bash', '-ec', ln], cwd=tmp, env=shell_env)
                ran.add('setup')
            elif args[:2] == ['meson', 'compile']:
                # The target is the nashra program, built where $NASHRA says.
                build, target = args[args.index('-C') + 1], args[-1]
                name, kind = target.split(':')
                targets = json.loads(run(['meson', 'introspect', '--targets', build],
                                         cwd=tmp).stdout)
                exe = [t for t in targets if t['name'] == name and t['type'] == kind]
                self.assertEqual(len(exe), 1, target)
                self.assertEqual([os.path.realpath(f) for f in exe[0]['filename']],
                                 [os.path.realpath(os.path.join(tmp, env['NASHRA']))])
                ran.add('compile')
            elif '$NASHRA' in ln:
                nashra_env = dict(shell_env, NASHRA=NASHRA)
                run(['bash', '-ec', ln], cwd=tmp, env=nashra_env)
                ran.add('nashra')
            else:
                self.fail(f'unexpected command: {ln}')
        self.assertEqual(ran, {'setup', 'compile', 'nashra'})
        # What the nashra line wrote is what the artifact keeps.
        pdfs = sorted(glob.glob(os.path.join(tmp, 'out/*.pdf')))
        self.assertEqual([os.path.basename(p) for p in pdfs], ['one.pdf', 'two.pdf'])
        for pdf in pdfs:
            rc, msg = pc.qpdf_check(pdf)
            self.assertEqual(rc, 0, msg)
        with open(os.path.join(tmp, 'out', 'briefs.d')) as f:
            self.assertEqual(f.read(), 'out/one.pdf: briefs/one.md\n'
                                       'out/two.pdf: briefs/two.md\n')

    def test_nashra_lines_fail_on_a_bad_brief(self):
        # A bad brief must fail the job, with the other briefs still kept.
        for name, env, lines in self.commands():
            with self.subTest(name), tempfile.TemporaryDirectory() as tmp:
                os.makedirs(os.path.join(tmp, 'briefs'))
                with open(os.path.join(tmp, 'briefs', 'bad.md'), 'w') as f:
                    f.write('---\ntitle: x\ndir: sideways\n---\n\ntext\n')
                with open(os.path.join(tmp, 'briefs', 'good.md'), 'w') as f:
                    f.write('---\ntitle: x\n---\n\ntext\n')
                for ln in (ln for ln in lines if '$NASHRA' in ln):
                    r = subprocess.run(['bash', '-ec', ln], capture_output=True, text=True,
                                       cwd=tmp, env=dict(os.environ, NASHRA=NASHRA))
                    self.assertEqual(r.returncode, 1, r.stderr)
                    self.assertIn('briefs/bad.md:3:6: error:', r.stderr)
                self.assertEqual(os.listdir(os.path.join(tmp, 'out')), ['good.pdf'])


class Guide(unittest.TestCase):
    """docs/ci.md links every recipe, quotes them as they are and shows a real depfile."""

    @classmethod
    def setUpClass(cls):
        with open(os.path.join(ROOT, 'docs', 'ci.md'), encoding='utf-8') as f:
            cls.text = f.read()
        cls.blocks = re.findall(r'^```(\w*)\n(.*?)^```$', cls.text, re.M | re.S)

    def test_links_every_recipe(self):
        for name in sorted(os.listdir(RECIPES)):
            self.assertIn(f'](ci/{name})', self.text, name)

    def test_code_is_quoted_from_the_recipes(self):
        files = {'yaml': ['github-actions.yml', 'gitlab-ci.yml'], 'make': ['Makefile'],
                 'meson': ['meson.build']}
        quoted = 0
        for lang, body in self.blocks:
            if not lang:
                continue
            lines = body.splitlines()
            found = False
            for name in files[lang]:
                with open(os.path.join(RECIPES, name), encoding='utf-8') as f:
                    have = f.read().splitlines()
                found |= any(have[i:i + len(lines)] == lines for i in range(len(have)))
            self.assertTrue(found, f'not in {files[lang]}:\n{body}')
            quoted += 1
        self.assertGreaterEqual(quoted, 6)

    def test_the_depfile_shown_is_what_nashra_writes(self):
        shown = [body for lang, body in self.blocks if not lang]
        self.assertEqual(len(shown), 1)
        with tempfile.TemporaryDirectory() as tmp:
            p = Project(tmp)
            run(['bash', '-c', f'"{NASHRA}" -O out --depfile out/briefs.d briefs/*.md'],
                cwd=p.dir, env=dict(os.environ, LC_ALL='C'))
            with open(p.path('out', 'briefs.d')) as f:
                self.assertEqual(f.read(), shown[0])


if __name__ == '__main__':
    unittest.main(verbosity=2)
