"""Acceptance test for bad input: one table of cases, each run in a fresh directory holding a
previous `out.pdf`. For each case: the exit code; the message, at its exact `file:line:col`,
followed by the source line and a caret under that column; and, on failure, the previous
output byte-identical with the same mtime and no temporary file (`.out.pdf.XXXXXX`) left.
usage: test_bad_inputs.py NASHRA SOURCE_ROOT"""
import os
import re
import shutil
import subprocess
import sys
import struct
import tempfile
import time
import unittest
import zlib

NASHRA, ROOT = (os.path.abspath(a) for a in sys.argv[1:3])
del sys.argv[1:3]

PREVIOUS = b'%PDF-1.5 previous output, must survive a failed run\n'
OLD_MTIME_NS = 1_000_000_000 * 10**9  # 2001: a rewrite would show

PUA = '\ue000'  # private use: no installed font has it (checked in setUpClass)


def read(path):
    with open(path, 'rb') as f:
        return f.read()


def case(name, src, rc, where=None, msg=None, args=(), files=None, timeout=120, check=None,
         setup=None, seconds=None):
    """WHERE is (file, line, col) of the message, or (file,) for a message with no position;
    SRC is the text (str) or bytes of in.md; ARGS are extra options; FILES, more files (a
    callable value is called for the bytes); SETUP is called in the case's directory before
    the run; SECONDS, when given, the most the run may take."""
    return dict(name=name, src=src, rc=rc, where=where, msg=msg, args=list(args),
                files=files or {}, timeout=timeout, check=check, setup=setup, seconds=seconds)


# -- hostile images, made here: no image library needed --

def png(w, h, depth=8, colour=0, rows=True):
    """A PNG of W x H zero pixels (ROWS false: only the header and an empty IDAT)."""
    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data +
                struct.pack('>I', zlib.crc32(kind + data)))
    ihdr = struct.pack('>IIBBBBB', w, h, depth, colour, 0, 0, 0)
    z = zlib.compressobj(9)
    row = bytes(1 + (w * depth * {0: 1, 2: 3, 6: 4}[colour] + 7) // 8)
    data = b''.join(z.compress(row) for _ in range(h if rows else 0)) + z.flush()
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', data) +
            chunk(b'IEND', b''))


def jpeg(w, h):
    """A grey baseline JPEG of W x H that is all one colour: its Huffman tables have a one-bit
    code for 'no change' and one for 'end of block', two bits a block."""
    def seg(marker, data):
        return b'\xff' + bytes([marker]) + struct.pack('>H', len(data) + 2) + data
    dqt = seg(0xDB, b'\x00' + bytes([1]) * 64)
    sof = seg(0xC0, struct.pack('>BHHB', 8, h, w, 1) + b'\x01\x11\x00')
    one_code = bytes([1]) + bytes(15) + b'\x00'
    dht = seg(0xC4, b'\x00' + one_code + b'\x10' + one_code)
    sos = seg(0xDA, b'\x01\x01\x00\x00\x3f\x00')
    blocks = ((w + 7) // 8) * ((h + 7) // 8)
    bits = 2 * blocks
    data = bytes(bits // 8) + (bytes([0xFF >> (bits % 8)]) if bits % 8 else b'')
    return b'\xff\xd8' + dqt + sof + dht + sos + data + b'\xff\xd9'


def data_file(name):
    return read(os.path.join(ROOT, 'tests', 'data', name))


def svg(body):
    return ('<svg xmlns="http://www.w3.org/2000/svg" '
            'xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100">\n'
            + body + '\n</svg>\n')


def use_bomb(levels, fan=10):
    defs = ['<circle id="l0" r="1"/>']
    for lv in range(1, levels + 1):
        uses = ''.join(f'<use xlink:href="#l{lv - 1}" x="{j}"/>' for j in range(fan))
        defs.append(f'<g id="l{lv}">{uses}</g>')
    return svg('<defs>' + '\n'.join(defs) + f'</defs>\n<use xlink:href="#l{levels}"/>')


TGA = bytes([0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 0, 24, 0]) + bytes(12)
BMP = b'BM' + struct.pack('<IHHI', 70, 0, 0, 54) + bytes(62)
GIF = b'GIF89a\x01\x00\x01\x00\x00\x00\x00;'


def symlink(target, name):
    return lambda: os.symlink(target, name)


TOO_MANY = ''.join(f'[@k{i}]\n\n' for i in range(25))
PAGES = ''.join(f'filler paragraph number {i} of the brief.\n\n' for i in range(80))
INI_UNKNOWN = '[template]\nextends=brief\n[sizes]\nbody=12\ncolour=1\n'
# Aliases (45 kB each): 1,000 references sharing a list of 4,000 aliased authors (4 million
# names), and a 2,000-letter keyword aliased 10,000 times (40 MB of keywords).
ALIAS_REFS = ('---\nn: &n {family: X}\nA: &A [' + ', '.join(['*n'] * 4000) + ']\nreferences:\n'
              + ''.join(f'  - {{id: r{i}, author: *A}}\n' for i in range(1000)) + '---\n\nx\n')
# A minified CSL-JSON bibliography of 10,000 works (2 MB on one line), and the same with the
# last work's title a list: read in linear time, the error at its column. 0.25 s (0.9 s under
# the sanitizers); the limit leaves room for a loaded machine, the quadratic reader took 200 s.
WORKS = [f'{{"id":"w{i}","type":"book","title":"Work {i}","author":[{{"family":"Name{i}",'
         f'"given":"A."}}],"issued":{{"date-parts":[[{1900 + i % 120}]]}},"publisher":"P"}}'
         for i in range(10000)]
BIB = '[' + ','.join(WORKS) + ']'
BIB_BAD = BIB[:BIB.rindex('"title":"')] + '"title":[1],"type":"book"}]'
BIB_SRC = '---\nbibliography: b.json\n---\n\nText [@w9999].\n'
ALIAS_KEYWORDS = ('---\nk: &k ' + 'ك' * 2000 + '\nkeywords: [' + ', '.join(['*k'] * 10000)
                  + ']\n---\n\nx\n')

CASES = [
    # -- the source itself --
    case('utf8-byte', b'# t\n\nab \xff c\n', 1, ('in.md', 3, 4),
         'error: invalid UTF-8 byte 0xFF (replaced by U+FFFD)', ['--strict']),
    # (after a first line long enough that the file reads as text)
    case('utf8-run', '# {}\n\nx'.format('ت' * 2100).encode() + b'\xfe' * 5000 + b' \xc0\n', 1,
         ('in.md', 3, 2),
         'error: invalid UTF-8 byte 0xFE and 5000 more on this line (replaced by U+FFFD)',
         ['--strict'], check=lambda t, r: t.assertEqual(r.count('invalid UTF-8'), 1)),
    case('not-text', b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n' + bytes(range(1, 256)) * 8, 1,
         ('in.md', 2, 2), 'error: not a text file (mostly invalid UTF-8 in its first kilobytes)'),
    case('not-text-nul', b'# t\n\nab\0c\n', 1, ('in.md', 3, 3),
         'error: not a text file (a NUL byte in its first kilobytes)'),
    case('utf8-warning', b'# t\n\nab \xff c\n', 0, ('in.md', 3, 4),
         'warning: invalid UTF-8 byte 0xFF (replaced by U+FFFD)'),
    case('nest-quotes', 'para\n\n' + '>' * 1100 + ' x\n', 1, ('in.md', 3, 1001),
         'error: nesting deeper than 1000 levels'),
    case('nest-lists', 'para\n\n' + ''.join('  ' * i + '- a\n' for i in range(1100)), 1,
         ('in.md', 503, 1001), 'error: nesting deeper than 1000 levels'),
    # -- front matter --
    case('fm-unclosed', '---\ntitle: x\n\nbody\n', 1, ('in.md', 1, 1),
         'error: front matter is not closed'),
    case('yaml-flow', '---\ntitle: [x\n---\nbody\n', 1, ('in.md', 2, 8),
         "error: front matter: did not find expected ',' or ']'"),
    case('yaml-mapping', '---\ntitle: x\n  bad: : y\n---\nbody\n', 1, ('in.md', 3, 6),
         'error: front matter: mapping values are not allowed'),
    # an unquoted headline with a colon: the hint points at the value
    case('yaml-colon', '---\ntitle: البنك المركزي: التضخم يتراجع\n---\nbody\n', 1,
         ('in.md', 2, 8), "error: front matter: the value of 'title' holds a colon and a space, "
         'which YAML reads as a new key; quote the value: title: "…"'),
    case('yaml-not-mapping', '---\n- a\n- b\n---\nbody\n', 1, ('in.md', 2, 1),
         'error: front matter must be a mapping of keys to values'),
    case('type-string', '---\ntitle: [a, b]\n---\nbody\n', 1, ('in.md', 2, 8),
         "error: front matter key 'title' must be a string, not a list"),
    case('type-bool', '---\ntitle: x\nparagraph-numbers: 3\n---\nbody\n', 1, ('in.md', 3, 20),
         "error: front matter key 'paragraph-numbers' must be true or false, not '3'"),
    case('bad-dir', '---\ndir: sideways\n---\nbody\n', 1, ('in.md', 2, 6),
         "error: invalid dir 'sideways'"),
    case('bad-date', '---\ntitle: x\ndate: 2024-13-45\n---\nbody\n', 1, ('in.md', 3, 7),
         "error: invalid date '2024-13-45'"),
    case('unknown-key', '---\ntitel: x\n---\nbody\n', 1, ('in.md', 2, 1),
         "error: unknown front matter key 'titel'", ['--strict']),
    # (*A is worth 12,001 values: the 8th reference passes 100,000.)
    case('alias-bomb', ALIAS_REFS, 1, ('in.md', 12, 22),
         'error: front matter: aliases expand to more than 100000 values', timeout=2),
    # (The keys' 9 bytes, the keyword's 4,000 and 249 aliases of it pass 1 MB.)
    case('alias-keywords', ALIAS_KEYWORDS, 1, ('in.md', 3, 12 + 4 * 248),
         'error: front matter: aliases expand to more than 1000000 bytes of text', timeout=2),
    case('alias-cycle', '---\nd: &d {raw: *d}\nreferences: [{id: a, issued: *d}]\n---\n\nx\n',
         1, ('in.md', 2, 13), "error: front matter: alias '*d' inside the collection it names",
         timeout=2),
    # A title is at most 2,000 characters; one word of that length is laid out quickly, and
    # cut short in the running heads.
    case('title-too-long', '---\ntitle: ' + 'ع' * 100_000 + '\n---\n\nx\n', 1, ('in.md', 2, 8),
         "error: front matter key 'title' is 100000 characters long; the limit is 2000", timeout=2),
    case('author-too-long', '---\nauthors: [a, ' + 'b' * 2001 + ']\n---\n\nx\n', 1,
         ('in.md', 2, 14), "error: front matter key 'authors' is 2001 characters long",
         timeout=2),
    case('meta-yaml', '# t\n', 1, ('<command line>', 1, 7),
         "error: -M title: did not find expected ',' or ']'", ['-M', 'title=[x']),
    case('meta-unknown', '# t\n', 1, ('<command line>', 2, 1),
         "error: unknown front matter key 'titel'", ['--strict', '-M', 'lang=ar', '-M', 'titel=x']),
    # -- templates --
    case('template-missing', '---\ntitle: x\ntemplate: nope\n---\nbody\n', 1, ('in.md', 3, 1),
         "error: no template 'nope'"),
    case('template-key', '---\ntemplate: t.ini\n---\nbody\n', 1, ('t.ini', 5, 1),
         "error: unknown key 'colour' in [sizes]", files={'t.ini': INI_UNKNOWN}),
    case('template-value', '---\ntemplate: t.ini\n---\nbody\n', 1, ('t.ini', 2, 6),
         'error: ', files={'t.ini': '[sizes]\nbody=huge\n'}),
    case('template-syntax', '---\ntemplate: t.ini\n---\nbody\n', 1, ('t.ini', 2, 1),
         "error: a group header is written '[name]'", files={'t.ini': '# mine\n[sizes\n'}),
    # -- images, bibliographies, citations, links --
    case('image-missing', '# t\n\n![cap](nope.png)\n', 1, ('in.md', 3, 1),
         "error: cannot read image 'nope.png'"),
    case('image-garbage', '# t\n\ntext\n\n  ![cap](bad.png)\n', 1, ('in.md', 5, 3),
         "error: image 'bad.png' is not a PNG, JPEG or SVG image",
         files={'bad.png': b'not a png at all'}),
    # (an image is judged by its content, never by its name; each refusal is quick)
    case('image-abs-outside', '# t\n\n![cap](/etc/hostname)\n', 1, ('in.md', 3, 1),
         "error: image '/etc/hostname' is outside the project root ", seconds=2),
    case('image-dotdot-outside', '# t\n\n![cap](../x.png)\n', 1, ('in.md', 3, 1),
         "error: image '../x.png' is outside the project root ", seconds=2),
    case('image-symlink-out', '# t\n\n![cap](sub/chart.png)\n', 1, ('in.md', 3, 1),
         "error: image 'sub/chart.png' is outside the project root ", seconds=2,
         setup=lambda: (os.mkdir('sub'), os.symlink(os.path.join(ROOT, 'tests', 'data',
                                                                  'chart.png'), 'sub/chart.png'))),
    case('image-symlink-in', '# t\n\n![cap](c.png)\n', 0, files={'sub/chart.png': ('tests/data/chart.png',)},
         setup=symlink('sub/chart.png', 'c.png')),
    case('image-fifo', '# t\n\n![cap](pipe.png)\n', 1, ('in.md', 3, 1),
         "error: cannot read image 'pipe.png': not a regular file (a device, FIFO or socket)",
         setup=lambda: os.mkfifo('pipe.png'), timeout=10, seconds=2),
    case('image-fifo-check', '# t\n\n![cap](pipe.png)\n', 1, ('in.md', 3, 1),
         "error: cannot read image 'pipe.png': not a regular file", ['--check'],
         setup=lambda: os.mkfifo('pipe.png'), timeout=10, seconds=2),
    case('jpeg-too-wide', '# t\n\n![cap](wide.jpg)\n', 1, ('in.md', 3, 1),
         "error: image 'wide.jpg' is 40000×8 pixels; images may be at most 32767 pixels wide "
         "and tall", files={'wide.jpg': lambda: jpeg(40000, 8)}, seconds=2),
    case('jpeg-bomb', '# t\n\n![cap](big.jpg)\n', 1, ('in.md', 3, 1),
         "error: image 'big.jpg' is 30000×30000 pixels (900 megapixels); the limit is 50 "
         "megapixels (--max-image-pixels)", files={'big.jpg': lambda: jpeg(30000, 30000)},
         seconds=2),
    case('jpeg-limit-option', '# t\n\n![cap](a.jpg)\n', 1, ('in.md', 3, 1),
         "error: image 'a.jpg' is 200×120 pixels (24000 pixels); the limit is 20000 pixels "
         "(--max-image-pixels)", ['--max-image-pixels', '20000'],
         files={'a.jpg': ('tests/data/dunes.jpg',)}),
    case('jpeg-crafted-ok', '# t\n\n![cap](a.jpg)\n', 0, files={'a.jpg': lambda: jpeg(640, 480)}),
    case('png-bomb-1bit', '# t\n\n![cap](big.png)\n', 1, ('in.md', 3, 1),
         "error: image 'big.png' is 23000×23000 pixels (529 megapixels); the limit is 50 "
         "megapixels (--max-image-pixels)", files={'big.png': lambda: png(23000, 23000, 1)},
         seconds=2),
    case('png-truncated', '# t\n\n![cap](t.png)\n', 1, ('in.md', 3, 1),
         "error: image 't.png' is a truncated or corrupt PNG", ['--check'],
         files={'t.png': lambda: data_file('chart.png')[:300]}),
    case('png-truncated-idat', '# t\n\n![cap](t.png)\n', 1, ('in.md', 3, 1),
         "error: image 't.png' is a truncated or corrupt PNG",
         files={'t.png': lambda: png(300, 300, 8, 2)[:-200]}),
    case('jpeg-truncated', '# t\n\n![cap](t.jpg)\n', 1, ('in.md', 3, 1),
         "error: image 't.jpg' is a truncated or corrupt JPEG (Premature end of JPEG file)",
         ['--check'], files={'t.jpg': lambda: data_file('dunes.jpg')[:900]}),
    case('gif-by-content', '# t\n\n![cap](a.png)\n', 1, ('in.md', 3, 1),
         "error: image 'a.png' is a GIF, not a PNG, JPEG or SVG image", files={'a.png': GIF}),
    case('bmp-by-content', '# t\n\n![cap](a.jpg)\n', 1, ('in.md', 3, 1),
         "error: image 'a.jpg' is a BMP, not a PNG, JPEG or SVG image", files={'a.jpg': BMP}),
    case('tga-by-content', '# t\n\n![cap](a.tga)\n', 1, ('in.md', 3, 1),
         "error: image 'a.tga' is not a PNG, JPEG or SVG image", files={'a.tga': TGA}),
    case('xml-not-svg', '# t\n\n![cap](a.svg)\n', 1, ('in.md', 3, 1),
         "error: image 'a.svg' is XML but not an SVG image (its root is <html>)",
         files={'a.svg': '<html><body/></html>'}),
    case('svg-nested-tga', '# t\n\n![cap](a.svg)\n', 1, ('in.md', 3, 1),
         "error: image 'a.svg' holds at its line 2 an image 'x.tga' that is not a PNG or JPEG "
         "image", files={'a.svg': svg('<image href="x.tga" width="2" height="2"/>'), 'x.tga': TGA}),
    case('svg-nested-bmp-data', '# t\n\n![cap](a.svg)\n', 1, ('in.md', 3, 1),
         "error: image 'a.svg' holds at its line 2 a data: image that is a BMP, not a PNG or "
         "JPEG image", files={'a.svg': svg('<image xlink:href="data:image/bmp;base64,{}"/>'.format(
             __import__('base64').b64encode(BMP).decode()))}),
    case('svg-nested-png-bomb', '# t\n\n![cap](a.svg)\n', 1, ('in.md', 3, 1),
         "error: image 'a.svg' holds at its line 2 a data: image that is 20000×20000 pixels "
         "(400 megapixels); the limit is 50 megapixels (--max-image-pixels)",
         files={'a.svg': lambda: svg('<image href="data:image/png;base64,{}"/>'.format(
             __import__('base64').b64encode(png(20000, 20000, 1)).decode())).encode()},
         seconds=2),
    case('svg-nested-outside', '# t\n\n![cap](a.svg)\n', 1, ('in.md', 3, 1),
         "error: image 'a.svg' holds at its line 2 an image '/etc/hostname' that cannot be "
         "read: outside the project root ", files={'a.svg': svg('<image href="/etc/hostname"/>')}),
    case('svg-nested-ok', '# t\n\n![cap](a.svg)\n', 0,
         files={'a.svg': svg('<image href="c.png" width="20" height="20"/>'),
                'c.png': ('tests/data/chart.png',)}),
    case('svg-external-use', '# t\n\n![cap](a.svg)\n', 1, ('in.md', 3, 1),
         "error: image 'a.svg' holds at its line 2 a reference to 'b.svg#x' outside the SVG",
         files={'a.svg': svg('<use href="b.svg#x"/>'), 'b.svg': svg('<g id="x"/>')}),
    case('svg-use-bomb', '# t\n\n![cap](a.svg)\n', 1, ('in.md', 3, 1),
         re.compile(r"error: image 'a\.svg' is an SVG that could draw \d{10} elements once its "
                    r"<use>, patterns and markers are expanded; the limit is 100000"),
         files={'a.svg': use_bomb(9)}, seconds=2),
    case('svg-use-cycle', '# t\n\n![cap](a.svg)\n', 1, ('in.md', 3, 1),
         "error: image 'a.svg' has a <use> or url(#…) that refers to itself",
         files={'a.svg': svg('<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g>')}),
    case('svg-entities', '# t\n\n![cap](a.svg)\n', 1, ('in.md', 3, 1),
         "error: image 'a.svg' holds at its line 1 a DOCTYPE with its own declarations",
         files={'a.svg': '<!DOCTYPE svg [<!ENTITY a "aaaa">]>' + svg('<text>&a;</text>')}),
    case('figure-width', '# t\n\n![cap](basin.svg){width=huge}\n', 1, ('in.md', 3, 19),
         "error: figure width 'huge' not understood", ['--strict'],
         files={'basin.svg': ('tests/data/basin.svg',)}),
    case('bib-missing', '---\nbibliography: nope.json\n---\n\nx [@a]\n', 1, ('in.md', 2, 15),
         "error: cannot read bibliography 'nope.json'"),
    case('bib-bad-json', '---\nbibliography: b.json\n---\n\nx [@a]\n', 1, ('b.json', 3, 12),
         "error: bibliography: Parse error: unexpected character `@'",
         files={'b.json': '[\n  {"id": "a",\n   "type": @}]\n'}),
    case('bib-10000', BIB_SRC, 0, files={'b.json': BIB}, timeout=10),
    case('bib-10000-error', BIB_SRC, 1, ('b.json', 1, BIB_BAD.rindex('"title"') + 1),
         "error: front matter key 'references.title' must be a string, not a list",
         files={'b.json': BIB_BAD}, timeout=10),
    case('cite-unknown', '# t\n\nx [@nokey]\n', 1, ('in.md', 3, 4),
         "error: unknown citation key 'nokey'"),
    case('xref-unknown', '# t\n\nsee [@fig:nope]\n', 1, ('in.md', 3, 6),
         "error: unknown cross-reference target 'fig:nope'"),
    case('cite-long-line', '# t\n\n' + 'كلمة ' * 400 + '[@nokey] tail\n', 1, ('in.md', 3, 2002),
         "error: unknown citation key 'nokey'"),
    case('link-unresolved', '# t\n\nsee [x](#nope) here\n', 1, ('in.md', 3, 5),
         "error: link to '#nope': no heading has this id", ['--strict']),
    case('link-warning', '# t\n\nsee [x](#nope) here\n', 0, ('in.md', 3, 5),
         "warning: link to '#nope': no heading has this id"),
    case('footnote-unused', '# t\n\ntext\n\n[^1]: never called\n', 1, ('in.md', 5, 1),
         'error: footnote [^1] is never referenced; dropped', ['--strict']),
    case('raw-html', '# t\n\ntext <b>x</b>\n', 1, ('in.md', 3, 6),
         'error: raw HTML dropped in PDF output', ['--strict']),
    case('too-many-errors', TOO_MANY, 1, ('in.md', 1, 2), "error: unknown citation key 'k0'",
         check=lambda t, r: (t.assertEqual(len(re.findall(r'^in\.md:\d+:\d+: error:', r, re.M)), 20),
                             t.assertEqual(r.count('in.md: error: too many errors, stopping here'), 1))),
    # -- names and links an untrusted source may not pass on --
    case('depfile-line-break', '# t\n\n![c](a%0Ab.png)\n', 1, ('in.md', 3, 1),
         "error: cannot read image 'a%0Ab.png': a file name may not hold a line break",
         ['--depfile', 'out.d'], files={'a\nb.png': ('tests/data/chart.png',)},
         check=lambda t, r: t.assertFalse(os.path.exists('out.d'))),
    case('depfile-is-source', '# t\n\ntext\n', 2, ('nashra',),
         "error: --depfile 'in.md' names an input: it would be overwritten",
         ['--depfile', 'in.md'],
         check=lambda t, r: t.assertEqual(read('in.md'), b'# t\n\ntext\n')),
    case('depfile-is-template', '---\ntemplate: t.ini\n---\nbody\n', 2, ('nashra',),
         "error: --depfile 't.ini' names 't.ini', which the output is made from",
         ['--depfile', 't.ini'], files={'t.ini': '[sizes]\nbody=11\n'},
         check=lambda t, r: t.assertEqual(read('t.ini'), b'[sizes]\nbody=11\n')),
    case('link-scheme', '# t\n\nsee [x](javascript:alert(1))\n', 1, ('in.md', 3, 5),
         'error: link drawn as plain text: a PDF links only to http:, https: and mailto: URLs '
         'and to #ids', ['--strict']),
    case('link-scheme-warning', '# t\n\nsee <file:///etc/passwd>\n', 0, ('in.md', 3, 5),
         'warning: link drawn as plain text'),
    # -- tofu --
    case('tofu', f'# t\n\nabc {PUA} d\n', 1, ('in.md', 3, 5),
         f"error: no font has U+E000 '{PUA}' (page 1)", ['--strict']),
    case('tofu-title', f'---\ntitle: a {PUA}\n---\nbody\n', 1, ('in.md', 2, 10),
         f"error: no font has U+E000 '{PUA}' (page 1)", ['--strict']),
    case('tofu-page', PAGES + f'last {PUA}\n', 1, ('in.md', 161, 6),
         re.compile(r"error: no font has U\+E000 '.' \(page [2-9]\)"), ['--strict']),
    case('tofu-warning', f'# t\n\n\tabc {PUA}{PUA}\n', 0, ('in.md', 3, 6),
         f"warning: no font has U+E000 '{PUA}' (page 1)",
         check=lambda t, r: t.assertEqual(r.count('no font has'), 1)),
    # -- input and output --
    case('dev-full', '# t\n\ntext\n', 3, ('/dev/full',),
         'error: cannot write: no space left on device', ['-o', '/dev/full']),
    case('dev-full-html', '# t\n\ntext\n', 3, ('/dev/full',),
         'error: cannot write: no space left on device', ['--to', 'html', '-o', '/dev/full']),
    case('no-such-dir', '# t\n\ntext\n', 3, ('nodir/x.pdf',),
         'error: cannot write: no such file or directory', ['-o', 'nodir/x.pdf']),
    # /sys refuses new files even to root (read-only in some containers), so this holds in CI,
    # which runs as root.
    case('unwritable-dir', '# t\n\ntext\n', 3, ('/sys/x.pdf',),
         re.compile(r'error: cannot write: (permission denied|read-only file system)'),
         ['-o', '/sys/x.pdf']),
    case('not-a-dir', '# t\n\ntext\n', 3, ('out.pdf/x.pdf',),
         'error: cannot write: not a directory', ['-o', 'out.pdf/x.pdf']),
    case('overwrite-input', '# t\n\ntext\n', 2, ('in.md',),
         'error: refusing to overwrite the input file', ['-o', 'in.md'],
         check=lambda t, r: t.assertEqual(read('in.md'), b'# t\n\ntext\n')),
    case('missing-input', None, 3, ('nope.md',), 'error: ', ['nope.md']),
    case('input-is-dir', None, 3, ('sub',), 'error: ', ['sub'], files={'sub/x': ''}),
    # -- accepted: limits and line ends --
    case('title-at-limit', '---\ntitle: ' + 'ع' * 2000 + '\nseries: ' + 's' * 2000 + '\n---\n\n'
         + 'فقرة قصيرة من كلمات عربية.\n\n' * 400, 0, timeout=10),
    case('long-word', 'x\n\n' + 'a' * 1_000_000 + '\n', 0, timeout=600),
    # A title from -M: the input has none, and its warning is not what is checked here.
    case('bom-crlf-tabs', b'\xef\xbb\xbf# t\r\n\r\n\tindented\ttext \xd9\x86\xd8\xb5\r\n', 0,
         args=['-M', 'title=t'], check=lambda t, r: t.assertEqual(r, '')),
]


class BadInputs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        r = subprocess.run(['fc-list', ':charset=e000'], capture_output=True, text=True)
        if r.returncode == 0 and r.stdout.strip():
            raise unittest.SkipTest('a font covers U+E000: ' + r.stdout.splitlines()[0])

    def run_case(self, c):
        with tempfile.TemporaryDirectory() as tmp:
            cwd = os.getcwd()
            os.chdir(tmp)
            try:
                self.check_case(c, tmp)
            finally:
                os.chdir(cwd)

    def check_case(self, c, tmp):
        if c['src'] is not None:
            data = c['src'] if isinstance(c['src'], bytes) else c['src'].encode()
            with open('in.md', 'wb') as f:
                f.write(data)
        for name, content in c['files'].items():
            os.makedirs(os.path.dirname(name) or '.', exist_ok=True)
            if callable(content):
                content = content()
            if isinstance(content, tuple):
                shutil.copy(os.path.join(ROOT, content[0]), name)
                continue
            with open(name, 'wb') as f:
                f.write(content if isinstance(content, bytes) else content.encode())
        with open('out.pdf', 'wb') as f:
            f.write(PREVIOUS)
        os.utime('out.pdf', ns=(OLD_MTIME_NS, OLD_MTIME_NS))
        if c['setup']:
            c['setup']()
        args = c['args'] if c['src'] is None else ['in.md', '-o', 'out.pdf', *c['args']]
        start = time.monotonic()
        r = subprocess.run([NASHRA, *args], capture_output=True, timeout=c['timeout'])
        took = time.monotonic() - start
        err = r.stderr.decode('utf-8', 'replace')
        self.assertEqual(r.returncode, c['rc'], err[:2000])
        if c['seconds']:
            self.assertLess(took, c['seconds'])
        if c['where']:
            self.check_message(err, c['where'], c['msg'])
        if c['check']:
            c['check'](self, err)
        st = os.stat('out.pdf')
        with open('out.pdf', 'rb') as f:
            out = f.read()
        if c['rc'] != 0 or '-o' in args and args[args.index('-o') + 1] != 'out.pdf':
            self.assertEqual(out, PREVIOUS, 'the previous output was changed')
            self.assertEqual(st.st_mtime_ns, OLD_MTIME_NS, 'the previous output was touched')
        else:
            self.assertTrue(out.startswith(b'%PDF-'), 'no new output')
            self.assertNotEqual(st.st_mtime_ns, OLD_MTIME_NS)
        left = [n for n in os.listdir(tmp) if n.startswith('.')]
        self.assertEqual(left, [], 'temporary files left behind')

    def check_message(self, err, where, msg):
        lines = err.splitlines()
        if len(where) == 1:
            head = f'{where[0]}: '
            hits = [i for i, ln in enumerate(lines) if ln.startswith(head) and
                    (msg.search(ln) if isinstance(msg, re.Pattern) else msg in ln)]
            self.assertTrue(hits, f'no "{head}{msg}" in:\n{err[:2000]}')
            return
        file, line, col = where
        head = f'{file}:{line}:{col}: '
        if isinstance(msg, re.Pattern):
            hits = [i for i, ln in enumerate(lines) if ln.startswith(head) and msg.search(ln)]
        else:
            hits = [i for i, ln in enumerate(lines) if ln.startswith(head + msg)]
        self.assertTrue(hits, f'no "{head}{msg}" in:\n{err[:2000]}')
        # The source line, then the caret under the column (tabs kept as tabs).
        i = hits[0]
        self.assertGreater(len(lines), i + 2, err[:2000])
        caret = lines[i + 2]
        self.assertTrue(caret.startswith('  ') and caret.endswith('^'), caret)
        pad = caret[2:-1]
        self.assertEqual(set(pad) - {' ', '\t'}, set())
        if col <= 80:
            self.assertEqual(len(pad), col - 1, f'caret not under column {col}: {caret!r}')
        # The caret is under the source's character at LINE:COL, long lines shown cut short.
        if os.path.isfile(file):
            text = read(file).decode('utf-8', 'replace').lstrip('\ufeff')
            src_line = re.split(r'\r\n|\r|\n', text)[line - 1]
            shown = lines[i + 1][2:]
            if col <= len(src_line):
                # (a NUL byte is shown as U+FFFD)
                self.assertEqual(shown[len(pad)], src_line[col - 1].replace('\0', '\ufffd'),
                                 f'{shown[:100]!r}\n{caret!r}')


def make_test(c):
    def test(self):
        self.run_case(c)
    return test


for _c in CASES:
    setattr(BadInputs, 'test_' + re.sub(r'\W', '_', _c['name']), make_test(_c))


if __name__ == '__main__':
    names = [c['name'] for c in CASES]
    assert len(set(names)) == len(names), 'case names repeat'
    failing = sum(1 for c in CASES if c['rc'] != 0)
    print(f'{len(CASES)} bad-input cases ({failing} must fail, {len(CASES) - failing} must '
          f'render with at most a warning)', flush=True)
    unittest.main(verbosity=2)
