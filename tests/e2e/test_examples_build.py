"""examples/meson.build: each example brief is a custom_target fed by nashra's --depfile, so ninja
rebuilds a brief when its source or one of its images changes, and only then. Runs the real
examples/meson.build in a copy of examples/ (under a stub project that finds the built nashra),
so the repository is left as it was.
usage: test_examples_build.py NASHRA SOURCE_ROOT"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

NASHRA, ROOT = sys.argv[1:3]
del sys.argv[1:3]
NASHRA = os.path.abspath(NASHRA)
NOTES = 'examples/brief-notes-ar.pdf'
AR = 'examples/brief-ar.pdf'


def run(*args, cwd=None):
    r = subprocess.run(list(args), capture_output=True, text=True, cwd=cwd)
    if r.returncode != 0:
        raise AssertionError(f'{args} failed:\n{r.stdout}\n{r.stderr}')
    return r


class ExamplesBuild(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.proj = os.path.join(cls.tmp.name, 'proj')
        shutil.copytree(os.path.join(ROOT, 'examples'), os.path.join(cls.proj, 'examples'))
        past = time.time() - 100
        for name in os.listdir(os.path.join(cls.proj, 'examples')):
            os.utime(os.path.join(cls.proj, 'examples', name), (past, past))
        with open(os.path.join(cls.proj, 'meson.build'), 'w') as f:
            f.write("project('nashra-examples', meson_version : '>= 1.0.0')\n"
                    f"nashra_exe = find_program('{NASHRA}')\n"
                    "subdir('examples')\n")
        cls.build = os.path.join(cls.tmp.name, 'build')
        run('meson', 'setup', cls.build, cls.proj)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def ninja(self, *args):
        return run('ninja', '-C', self.build, *args)

    def dry_run(self, target):
        """What ninja would do for TARGET: its explanation, or '' when nothing is to be done."""
        r = self.ninja('-n', '-d', 'explain', target)
        if 'ninja: no work to do.' in r.stdout:
            return ''
        return r.stdout + r.stderr

    def mtime(self, target):
        return os.stat(os.path.join(self.build, target)).st_mtime_ns

    def bump(self, relpath):
        """Makes an example file newer than the outputs built so far, without changing it (the
        copies start 100 s in the past, so "now" is later than any output, yet not future)."""
        os.utime(os.path.join(self.proj, relpath))

    def test_top_level_builds_the_examples(self):
        # The project's own build (the one the tests run from) has the same targets.
        targets = run('ninja', '-C', os.path.dirname(NASHRA), '-t', 'targets', 'all').stdout
        for t in (AR, 'examples/brief-en.pdf', NOTES):
            self.assertIn(t + ':', targets)

    def test_rebuilds_exactly_when_a_dependency_changes(self):
        # Not built by default: `ninja` alone leaves them alone.
        self.ninja()
        self.assertFalse(os.path.exists(os.path.join(self.build, NOTES)))
        self.ninja(NOTES, AR)
        with open(os.path.join(self.build, NOTES), 'rb') as f:
            self.assertEqual(f.read(5), b'%PDF-')
        # The depfile reached ninja: the figure's image is a dependency of the brief.
        deps = self.ninja('-t', 'deps', NOTES).stdout
        self.assertIn('examples/basin.svg', deps)
        self.assertNotIn('basin.svg', self.ninja('-t', 'deps', AR).stdout)

        # Nothing changed: nothing to do, nothing rewritten.
        first = self.mtime(NOTES)
        self.assertEqual(self.dry_run(NOTES), '')
        self.ninja(NOTES)
        self.assertEqual(self.mtime(NOTES), first)

        # An unrelated file changes: still nothing to do for the notes brief.
        self.bump('examples/brief-ar.md')
        self.assertEqual(self.dry_run(NOTES), '')
        self.assertNotEqual(self.dry_run(AR), '')
        self.ninja(AR)

        # The image changes: the notes brief is rebuilt, the Arabic brief is not.
        self.bump('examples/basin.svg')
        self.assertIn('brief-notes-ar', self.dry_run(NOTES))
        self.assertEqual(self.dry_run(AR), '')
        out = self.ninja(NOTES).stdout
        self.assertIn('brief-notes-ar', out)
        self.assertGreater(self.mtime(NOTES), first)
        self.assertEqual(self.dry_run(NOTES), '')


if __name__ == '__main__':
    unittest.main(verbosity=2)
