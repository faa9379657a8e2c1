"""As a packager builds nashra: `meson dist` makes a tarball of the committed tree; the tarball,
unpacked alone, configures with -Dtests=disabled (no cmocka looked for, no werror), builds,
and `meson install --destdir` puts the binary, man page, completions and LICENSE where Debian
expects them under /usr, and nothing else; the installed binary runs. Without cmocka,
-Dtests=auto builds the tests that do not need it.
The full `meson dist` (the tarball's own test suite too) takes minutes more: run it by hand.
Skipped (77) outside a git checkout and in sanitizer builds (one run is enough, and the build
here is a plain one). usage: test_package.py NASHRA SOURCE_ROOT BUILD_ROOT SANITIZE"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest

NASHRA, ROOT, BUILD = (os.path.abspath(a) for a in sys.argv[1:4])
SANITIZE = sys.argv[4]
del sys.argv[1:5]

INSTALLED = [
    'usr/bin/nashra',
    'usr/share/bash-completion/completions/nashra',
    'usr/share/doc/nashra/LICENSE',
    'usr/share/fish/vendor_completions.d/nashra.fish',
    'usr/share/man/man1/nashra.1',
    'usr/share/zsh/vendor-completions/_nashra',
]
BRIEF = '---\ntitle: تجربة\nlang: ar\n---\n\nنص قصير.\n'


def run(*args, cwd=None):
    r = subprocess.run(args, capture_output=True, text=True, cwd=cwd)
    if r.returncode != 0:
        raise AssertionError(f'{" ".join(args)} failed ({r.returncode}):\n'
                             f'{r.stdout[-3000:]}\n{r.stderr[-3000:]}')
    return r.stdout


class Package(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def test_dist_builds_and_installs_where_debian_expects(self):
        version = run(NASHRA, '--version').splitlines()[0].split()[1]
        # The committed tree (--allow-dirty: a developer's uncommitted work is left out, as a
        # release would leave it); no test run here, see the docstring.
        run('meson', 'dist', '-C', BUILD, '--no-tests', '--allow-dirty', '--formats', 'xztar')
        tarball = os.path.join(BUILD, 'meson-dist', f'nashra-{version}.tar.xz')
        top = f'nashra-{version}'
        with tarfile.open(tarball) as t:
            names = set(t.getnames())
            for must in ('meson.build', 'meson_options.txt', 'LICENSE', 'docs/nashra.1',
                         'docs/meson.build', 'docs/completions/nashra.bash',
                         'docs/completions/_nashra', 'docs/completions/nashra.fish',
                         'templates/brief.ini', 'src/main.c', 'tests/skip.py'):
                self.assertIn(f'{top}/{must}', names)
            self.assertFalse([n for n in names if 'node_modules' in n or
                              n.startswith(f'{top}/build')])
            t.extractall(self.tmp)
        src = os.path.join(self.tmp, top)
        build = os.path.join(self.tmp, 'build')
        setup = run('meson', 'setup', build, src, '--prefix=/usr', '-Dtests=disabled')
        self.assertNotIn('cmocka', setup)
        options = {o['name']: o['value']
                   for o in json.loads(run('meson', 'introspect', build, '--buildoptions'))}
        self.assertIs(options['werror'], False)
        self.assertEqual(options['tests'], 'disabled')
        self.assertEqual(json.loads(run('meson', 'introspect', build, '--tests')), [])
        run('meson', 'compile', '-C', build, '-j', '2')
        dest = os.path.join(self.tmp, 'dest')
        run('meson', 'install', '-C', build, '--destdir', dest, '--no-rebuild')
        got = sorted(os.path.relpath(p, dest)
                     for p in glob.glob(os.path.join(dest, '**'), recursive=True)
                     if os.path.isfile(p))
        self.assertEqual(got, INSTALLED)
        with open(os.path.join(dest, 'usr/share/doc/nashra/LICENSE'), encoding='utf-8') as f:
            self.assertIn('MIT License', f.read())
        self.assertTrue(os.access(os.path.join(dest, 'usr/bin/nashra'), os.X_OK))
        # The installed binary needs nothing beside it: the templates are compiled in.
        exe = os.path.join(dest, 'usr/bin/nashra')
        self.assertEqual(run(exe, '--version').splitlines()[0], f'nashra {version}')
        with open(os.path.join(self.tmp, 'b.md'), 'w', encoding='utf-8') as f:
            f.write(BRIEF)
        run(exe, 'b.md', cwd=self.tmp)
        with open(os.path.join(self.tmp, 'b.pdf'), 'rb') as f:
            self.assertEqual(f.read(5), b'%PDF-')
        if shutil.which('man'):
            text = subprocess.run(['man', '-l', os.path.join(dest, 'usr/share/man/man1/nashra.1')],
                                  capture_output=True, text=True,
                                  env={**os.environ, 'MANPAGER': 'cat', 'MANWIDTH': '80'}).stdout
            self.assertIn('EXIT STATUS', text)

    def test_tests_need_cmocka_only_when_enabled(self):
        """-Dtests=auto without cmocka (hidden from pkg-config and cmake) leaves the unit tests
        out and keeps the rest; -Dtests=enabled stops on it."""
        pc_dirs = run('pkg-config', '--variable', 'pc_path', 'pkg-config').strip().split(':')
        hidden = os.path.join(self.tmp, 'pkgconfig')
        os.mkdir(hidden)
        for d in pc_dirs:
            for pc in glob.glob(os.path.join(d, '*.pc')):
                name = os.path.basename(pc)
                if name != 'cmocka.pc' and not os.path.exists(os.path.join(hidden, name)):
                    os.symlink(pc, os.path.join(hidden, name))
        native = os.path.join(self.tmp, 'native.ini')
        with open(native, 'w') as f:
            f.write("[binaries]\ncmake = 'false'\n")
        env = {**os.environ, 'PKG_CONFIG_LIBDIR': hidden}
        auto = subprocess.run(['meson', 'setup', os.path.join(self.tmp, 'auto'), ROOT,
                               '--native-file', native], capture_output=True, text=True, env=env)
        self.assertEqual(auto.returncode, 0, auto.stdout[-2000:] + auto.stderr[-2000:])
        self.assertIn('cmocka not found: the unit tests are not built', auto.stdout)
        tests = json.loads(run('meson', 'introspect', os.path.join(self.tmp, 'auto'), '--tests'))
        suites = {suite for t in tests for suite in t['suite']}
        self.assertNotIn('nashra:unit', suites)
        self.assertIn('nashra:e2e', suites)
        enabled = subprocess.run(['meson', 'setup', os.path.join(self.tmp, 'enabled'), ROOT,
                                  '--native-file', native, '-Dtests=enabled'],
                                 capture_output=True, text=True, env=env)
        self.assertNotEqual(enabled.returncode, 0)
        self.assertIn('Dependency "cmocka" not found', enabled.stdout + enabled.stderr)


def main():
    if SANITIZE not in ('', 'none'):
        print(f'skipped: a sanitizer build (b_sanitize={SANITIZE})')
        return 77
    git = shutil.which('git')
    if not git or subprocess.run([git, '-C', ROOT, 'rev-parse', '--git-dir'],
                                 capture_output=True).returncode != 0:
        if os.environ.get('CI') == 'true':
            print('not a git checkout: meson dist needs one')
            return 1
        print('skipped: not a git checkout (meson dist archives the git tree)')
        return 77
    result = unittest.main(exit=False).result
    return 0 if result.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main())
