"""End to end: --pdf-standard and `pdf-standard:`. A brief with every construct (Arabic and
English, links, a note, a table, SVG, PNG and JPEG figures with alternative text) rendered as
PDF/A-2u is checked against each requirement of ISO 19005-2 that nashra's output could break,
one test per requirement, named by its clause (the list is docs/pdf-standards.md); then a-2b,
a-3u (the source embedded, byte for byte), ua-1 (ISO 14289-1), their combination, and the
errors: an unknown name, a figure without alternative text, a character no font has, a CMYK
JPEG, each at its line and column.
usage: test_pdf_standard.py NASHRA SOURCE_ROOT"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

import pypdf
from pypdf.generic import (ArrayObject, DictionaryObject, IndirectObject, NameObject,
                           StreamObject, TextStringObject, ByteStringObject)

sys.path.insert(0, os.path.dirname(__file__))
import pdfcheck as pc  # noqa: E402

NASHRA, ROOT = sys.argv[1:3]
del sys.argv[1:3]

EPOCH = '1700000000'  # 2023-11-14T22:13:20Z
RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'
NS = {'rdf': RDF, 'dc': 'http://purl.org/dc/elements/1.1/',
      'pdfaid': 'http://www.aiim.org/pdfa/ns/id/',
      'pdfuaid': 'http://www.aiim.org/pdfua/ns/id/',
      'pdfaExtension': 'http://www.aiim.org/pdfa/ns/extension/',
      'pdfaSchema': 'http://www.aiim.org/pdfa/ns/schema#'}
# Schemas PDF/A-2 predefines (ISO 19005-2 6.6.2.3.1: those of XMP 2005) that nashra writes,
# besides the XMP packet's own namespaces.
PREDEFINED = {'adobe:ns:meta/', RDF, 'http://www.w3.org/XML/1998/namespace',
              'http://purl.org/dc/elements/1.1/', 'http://ns.adobe.com/xap/1.0/',
              'http://ns.adobe.com/pdf/1.3/', 'http://www.aiim.org/pdfa/ns/id/'}

# SVG text: librsvg draws it through Pango and Cairo, which writes Latin glyphs as a simple
# TrueType font, unlike the body's text.
LABEL = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">
<rect width="200" height="60" fill="#dde8f0" opacity="0.6"/>
<text x="10" y="38" font-family="Amiri" font-size="20">Water الماء</text>
</svg>
"""

BRIEF = """\
---
title: الأمن المائي في حوض الفرات
subtitle: اختبار معايير PDF
authors: [سارة المنصوري, Karim Haddad]
date: 2026-11-24
lang: ar
keywords: [المياه, PDF/A]
---

تشهد المنطقة موسمها الرابع من شح الأمطار، انظر [الجذور](#roots) و[البنك الدولي](https://www.worldbank.org/).[^n]

## جذور الأزمة {#roots}

::: {dir=ltr lang=en}
An English paragraph with a [link](https://example.org/) and **bold** text.
:::

![مخطط حوض الفرات](basin.svg "حوض الفرات")

![رسم بياني للتدفق](chart.png "التدفق")

![كثبان رملية](dunes.jpg "الكثبان")

![لافتة: الماء Water](label.svg)

| البلد | الحصة |
|---|--:|
| العراق | ٤٠٪ |
| سوريا | ٢٥٪ |

> إن الماء الذي لا تُعرف كميته لا يمكن أن يُقسم بعدل.

[^n]: ملاحظة في الحاشية.
"""


def nashra(args, stdin=None):
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    return subprocess.run([NASHRA] + args, capture_output=True, env=env, input=stdin)


def resolve(o):
    return o.get_object() if isinstance(o, IndirectObject) else o


def walk(reader):
    """Every object reachable from the trailer, once: (object, its key in the parent)."""
    seen, stack = set(), [(reader.trailer, None)]
    while stack:
        o, key = stack.pop()
        if isinstance(o, IndirectObject):
            ref = (o.idnum, o.generation)
            if ref in seen:
                continue
            seen.add(ref)
            o = o.get_object()
        yield o, key
        if isinstance(o, DictionaryObject):
            for k, v in o.items():
                if k != '/Parent':
                    stack.append((v, k))
        elif isinstance(o, ArrayObject):
            stack.extend((v, key) for v in o)


def cmap_codes(data):
    """A ToUnicode CMap's code → UTF-16BE text (bytes), from its bfchar and bfrange lines."""
    text = data.decode('latin-1')
    out = {}
    for block in re.findall(r'beginbfchar(.*?)endbfchar', text, re.S):
        for code, uni in re.findall(r'<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>', block):
            out[int(code, 16)] = bytes.fromhex(uni)
    for block in re.findall(r'beginbfrange(.*?)endbfrange', text, re.S):
        for lo, hi, uni in re.findall(r'<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>',
                                      block):
            base = int(uni, 16)
            for i, c in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[c] = (base + i).to_bytes(len(uni) // 2, 'big')
    return out


def truetype_metrics(data):
    """numGlyphs and each glyph's advance in PDF glyph space (1000 units to the em) of a
    TrueType font program, read from its maxp, head, hhea and hmtx tables."""
    n = int.from_bytes(data[4:6], 'big')
    tables = {}
    for i in range(n):
        rec = data[12 + 16 * i:28 + 16 * i]
        tables[rec[:4]] = int.from_bytes(rec[8:12], 'big')
    num_glyphs = int.from_bytes(data[tables[b'maxp'] + 4:tables[b'maxp'] + 6], 'big')
    upem = int.from_bytes(data[tables[b'head'] + 18:tables[b'head'] + 20], 'big')
    n_metrics = int.from_bytes(data[tables[b'hhea'] + 34:tables[b'hhea'] + 36], 'big')
    hmtx = tables[b'hmtx']
    advances = [int.from_bytes(data[hmtx + 4 * i:hmtx + 4 * i + 2], 'big')
                for i in range(n_metrics)]
    advances += [advances[-1]] * (num_glyphs - n_metrics)
    return num_glyphs, [a * 1000 / upem for a in advances]


def widths(w):
    """CID → width of a CIDFont's /W array (Cairo lists exactly the subset's glyphs)."""
    out, i = {}, 0
    while i < len(w):
        first = int(w[i])
        if isinstance(resolve(w[i + 1]), ArrayObject):
            for k, v in enumerate(resolve(w[i + 1])):
                out[first + k] = float(v)
            i += 2
        else:
            for c in range(first, int(w[i + 1]) + 1):
                out[c] = float(w[i + 2])
            i += 3
    return out


def widths_cids(w):
    """The CIDs a CIDFont's /W array gives widths to (Cairo lists exactly the subset's)."""
    cids, i = set(), 0
    while i < len(w):
        first = int(w[i])
        if isinstance(resolve(w[i + 1]), ArrayObject):
            cids.update(range(first, first + len(resolve(w[i + 1]))))
            i += 2
        else:
            cids.update(range(first, int(w[i + 1]) + 1))
            i += 3
    return cids


class Standard:
    """A brief rendered with --pdf-standard STANDARD (twice, for the same bytes): BRIEF, or the
    file SOURCE (LANG None: its own language)."""
    STANDARD = SOURCE = None
    LANG = 'ar'

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        for name in ('basin.svg', 'chart.png', 'dunes.jpg'):
            shutil.copy(os.path.join(ROOT, 'tests', 'data', name), cls.tmp.name)
        cls.src = cls.SOURCE or os.path.join(cls.tmp.name, 'brief.md')
        if not cls.SOURCE:
            with open(cls.src, 'w', encoding='utf-8') as f:
                f.write(BRIEF)
            with open(os.path.join(cls.tmp.name, 'label.svg'), 'w', encoding='utf-8') as f:
                f.write(LABEL)
        cls.pdf = os.path.join(cls.tmp.name, 'brief.pdf')
        cls.bytes = []
        for i in (1, 2):
            # A corpus brief's figures are in tests/data, beside its directory.
            root = ['--root', os.path.join(ROOT, 'tests')] if cls.SOURCE else []
            r = nashra([cls.src, '-o', cls.pdf, '--pdf-standard', cls.STANDARD] + root)
            if r.returncode != 0:
                raise AssertionError(r.stderr.decode())
            with open(cls.pdf, 'rb') as f:
                cls.bytes.append(f.read())
        cls.reader = pypdf.PdfReader(cls.pdf)
        cls.catalog = cls.reader.trailer['/Root']
        cls.objects = list(walk(cls.reader))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def xmp(self):
        stream = self.catalog['/Metadata'].get_object()
        return stream, stream.get_data()

    def description(self, ns):
        _, data = self.xmp()
        root = ET.fromstring(data)
        for d in root.findall('rdf:RDF/rdf:Description', NS):
            if any(child.tag.startswith('{' + NS[ns] + '}') for child in d):
                return d
        return None

    def test_same_bytes(self):
        self.assertEqual(self.bytes[0], self.bytes[1])

    def test_qpdf_check_clean(self):
        rc, out = pc.qpdf_check(self.pdf)
        self.assertEqual(rc, 0, out)
        self.assertNotIn('WARNING', out)

    def test_14289_viewer_catalog(self):
        # Already written for every PDF; the standards rely on them (PDF/UA 7.1, 7.2).
        self.assertEqual(self.catalog['/Lang'], self.LANG or self.catalog['/Lang'])
        self.assertTrue(self.catalog['/Lang'])
        self.assertTrue(self.catalog['/ViewerPreferences']['/DisplayDocTitle'])
        self.assertTrue(self.catalog['/MarkInfo']['/Marked'])
        self.assertIn('/StructTreeRoot', self.catalog)


class PdfA(Standard):
    """What every PDF/A level nashra writes must meet (ISO 19005-2; 19005-3 is the same but for
    6.8, embedded files)."""
    PART = LEVEL = None

    def test_6_1_2_header(self):
        head = self.bytes[0][:64].split(b'\n')
        self.assertRegex(head[0], rb'^%PDF-1\.[0-7]$')
        self.assertTrue(head[1].startswith(b'%'))
        self.assertGreaterEqual(sum(b > 127 for b in head[1][1:5]), 4)

    def test_6_1_3_trailer(self):
        trailer = self.reader.trailer
        self.assertNotIn('/Encrypt', trailer)
        ids = trailer['/ID']
        self.assertEqual(len(ids), 2)
        for i in ids:
            raw = i if isinstance(i, bytes) else i.original_bytes
            self.assertEqual(len(raw), 16)
        # Nothing after the last %%EOF but one end of line.
        self.assertRegex(self.bytes[0][-8:], rb'%%EOF\r?\n?$')

    def test_6_1_7_streams(self):
        for o, _ in self.objects:
            if isinstance(o, StreamObject):
                for key in ('/F', '/FFilter', '/FDecodeParms'):
                    self.assertNotIn(key, o)
                filters = o.get('/Filter', [])
                filters = [filters] if isinstance(filters, str) else list(filters)
                for f in filters:
                    self.assertNotIn(f, ('/LZWDecode', '/Crypt'))

    def test_6_1_13_implementation_limits(self):
        for o, _ in self.objects:
            if isinstance(o, (TextStringObject, ByteStringObject)):
                raw = o if isinstance(o, bytes) else o.original_bytes
                self.assertLessEqual(len(raw), 32767)
            elif isinstance(o, NameObject):
                self.assertLessEqual(len(o.encode('utf-8')), 127, o)
            elif isinstance(o, int):
                self.assertLessEqual(abs(int(o)), 2 ** 31 - 1)
        for page in self.reader.pages:
            box = [float(v) for v in page['/MediaBox']]
            for size in (box[2] - box[0], box[3] - box[1]):
                self.assertTrue(3 <= size <= 14400, box)
            depth = deepest = 0
            for tok in page.get_contents().get_data().split():
                depth += {b'q': 1, b'Q': -1}.get(tok, 0)
                deepest = max(deepest, depth)
            self.assertLessEqual(deepest, 28)

    def test_6_2_2_output_intent(self):
        intents = self.catalog['/OutputIntents']
        pdfa = [resolve(i) for i in intents if resolve(i)['/S'] == '/GTS_PDFA1']
        self.assertEqual(len(pdfa), 1)
        profile = pdfa[0]['/DestOutputProfile'].get_object()
        self.assertEqual(profile['/N'], 3)
        icc = profile.get_data()
        self.assertEqual(int.from_bytes(icc[0:4], 'big'), len(icc))
        self.assertEqual(icc[36:40], b'acsp')
        self.assertIn(icc[12:16], (b'mntr', b'prtr'))
        self.assertEqual(icc[16:20], b'RGB ')
        self.assertLess(icc[8], 5)  # ICC version: PDF 1.7 reads up to 4
        self.assertTrue(pdfa[0]['/OutputConditionIdentifier'])

    def test_6_2_4_3_device_colour(self):
        # An RGB output intent: DeviceRGB and DeviceGray only, never DeviceCMYK (6.2.4.3).
        for o, _ in self.objects:
            self.assertNotEqual(o, '/DeviceCMYK')
        for page in self.reader.pages:
            ops = page.get_contents().get_data().split()
            self.assertNotIn(b'k', ops)
            self.assertNotIn(b'K', ops)

    def test_6_2_8_images(self):
        images = [o for o, _ in self.objects
                  if isinstance(o, StreamObject) and o.get('/Subtype') == '/Image']
        if not self.SOURCE:
            self.assertGreaterEqual(len(images), 2)  # the PNG and the JPEG figures
        for im in images:
            self.assertNotEqual(im.get('/Interpolate'), True)
            self.assertNotIn('/Alternates', im)
            self.assertNotIn('/OPI', im)

    def test_6_2_5_graphics_state(self):
        for o, key in self.objects:
            if isinstance(o, DictionaryObject) and o.get('/Type') == '/ExtGState':
                for k in ('/TR', '/HTP', '/HTO'):
                    self.assertNotIn(k, o)
                self.assertIn(o.get('/TR2', '/Default'), ('/Default',))
            if isinstance(o, StreamObject) and o.get('/Subtype') in ('/PS', '/Form'):
                self.assertNotEqual(o['/Subtype'], '/PS')
                self.assertNotIn('/Ref', o)

    def test_6_2_11_4_fonts_embedded(self):
        fonts = pc.pdffonts(self.pdf)
        self.assertGreater(len(fonts), 1)
        for name, embedded in fonts:
            self.assertEqual(embedded, 'yes', name)

    def cid_fonts(self):
        for o, _ in self.objects:
            if isinstance(o, DictionaryObject) and o.get('/Subtype') == '/Type0':
                yield o, o['/DescendantFonts'][0].get_object()

    def test_6_2_11_3_2_cidtogidmap(self):
        n = 0
        for _, cid in self.cid_fonts():
            if cid['/Subtype'] == '/CIDFontType2':
                n += 1
                self.assertIn('/CIDToGIDMap', cid)
        self.assertGreater(n, 0)

    def test_6_2_11_3_1_cmaps(self):
        # Identity-H: any CIDSystemInfo is compatible with it.
        for font, _ in self.cid_fonts():
            self.assertEqual(font['/Encoding'], '/Identity-H')

    def test_6_2_11_4_glyphs_and_6_2_11_5_metrics(self):
        # Every glyph the text uses is in the embedded program (6.2.11.4), with the width the
        # program gives it (6.2.11.5; veraPDF allows 1 unit of difference), and no CIDSet that
        # could be incomplete (6.2.11.4.2).
        n = 0
        for font, cid in self.cid_fonts():
            desc = cid['/FontDescriptor'].get_object()
            self.assertNotIn('/CIDSet', desc)
            num_glyphs, advances = truetype_metrics(desc['/FontFile2'].get_object().get_data())
            dw = float(cid.get('/DW', 1000))
            w = widths(cid.get('/W', []))
            for code in widths_cids(cid.get('/W', [])):
                n += 1
                self.assertLess(code, num_glyphs, font['/BaseFont'])
                self.assertLessEqual(abs(w.get(code, dw) - advances[code]), 1,
                                     (font['/BaseFont'], code))
        self.assertGreater(n, 50)

    def test_6_2_11_6_simple_truetype(self):
        # A non-symbolic simple TrueType font: WinAnsi or MacRoman, a cmap in its program; at
        # level U each code it draws (a width) maps to Unicode (6.2.11.7.2).
        n = 0
        for o, _ in self.objects:
            if not (isinstance(o, DictionaryObject) and o.get('/Type') == '/Font' and
                    o.get('/Subtype') == '/TrueType'):
                continue
            n += 1
            desc = o['/FontDescriptor'].get_object()
            if not int(desc['/Flags']) & 4:  # not symbolic
                self.assertIn(o['/Encoding'], ('/WinAnsiEncoding', '/MacRomanEncoding'))
            data = desc['/FontFile2'].get_object().get_data()
            tables = {data[12 + 16 * i:16 + 16 * i]: int.from_bytes(data[20 + 16 * i:24 + 16 * i],
                                                                   'big')
                      for i in range(int.from_bytes(data[4:6], 'big'))}
            cmap = tables[b'cmap']
            self.assertGreaterEqual(int.from_bytes(data[cmap + 2:cmap + 4], 'big'), 1)
            if self.LEVEL == 'U':
                uni = cmap_codes(o['/ToUnicode'].get_object().get_data())
                first = int(o['/FirstChar'])
                for i, w in enumerate(o['/Widths']):
                    if float(w):
                        self.assertTrue(uni.get(first + i), (o['/BaseFont'], first + i))
        if not self.SOURCE:
            self.assertGreater(n, 0)  # the SVG's label

    def test_6_2_11_8_no_notdef(self):
        # Cairo writes text as hex strings of two-byte CIDs; CID 0 is .notdef.
        for page in self.reader.pages:
            data = page.get_contents().get_data().decode('latin-1')
            for hexs in re.findall(r'<([0-9A-Fa-f]+)>', data):
                codes = [hexs[i:i + 4] for i in range(0, len(hexs), 4)]
                self.assertNotIn('0000', codes)

    def test_6_3_annotations(self):
        n = 0
        for page in self.reader.pages:
            for a in page.get('/Annots', []):
                a = a.get_object()
                n += 1
                self.assertEqual(a['/Subtype'], '/Link')  # 6.3.1; 6.3.3 exempts links
                flags = a['/F']
                self.assertTrue(flags & 4)            # Print
                self.assertFalse(flags & (1 | 2 | 32 | 256))
                self.assertNotIn('/AA', a)
        if not self.SOURCE:
            self.assertGreaterEqual(n, 3)

    def test_6_6_1_actions(self):
        allowed = {'/URI', '/GoTo'}
        for o, _ in self.objects:
            if isinstance(o, DictionaryObject) and '/S' in o and o.get('/Type') == '/Action':
                self.assertIn(o['/S'], allowed)
        for page in self.reader.pages:
            self.assertNotIn('/AA', page)
        for key in ('/AA', '/OpenAction', '/Requirements', '/NeedsRendering', '/OCProperties'):
            self.assertNotIn(key, self.catalog)
        self.assertNotIn('/JavaScript', resolve(self.catalog.get('/Names', {})))

    def test_6_6_2_1_metadata_stream(self):
        stream, data = self.xmp()
        self.assertEqual(stream['/Subtype'], '/XML')
        self.assertNotIn('/Filter', stream)
        header = re.match(rb'<\?xpacket ([^?]*)\?>', data).group(1)
        self.assertNotIn(b'bytes=', header)
        self.assertNotIn(b'encoding=', header)
        ET.fromstring(data)  # well-formed

    def test_6_6_2_3_predefined_schemas(self):
        _, data = self.xmp()
        used = set(re.findall(rb'xmlns:\w+="([^"]+)"', data))
        described = set()
        d = self.description('pdfaExtension')
        if d is not None:
            described = {e.text.encode() for e in d.iter('{%s}namespaceURI' % NS['pdfaSchema'])}
        for ns in used:
            self.assertTrue(ns.decode() in PREDEFINED or ns in described or
                            ns in (NS['pdfaExtension'].encode(),
                                   NS['pdfaSchema'].encode(),
                                   b'http://www.aiim.org/pdfa/ns/property#'),
                            ns)

    def test_6_6_4_identification(self):
        d = self.description('pdfaid')
        self.assertEqual(d.findtext('pdfaid:part', None, NS), str(self.PART))
        self.assertEqual(d.findtext('pdfaid:conformance', None, NS), self.LEVEL)

    def test_6_2_11_7_tounicode(self):
        # Level U: every glyph of every font maps to Unicode, never to 0, U+FEFF or U+FFFE.
        if self.LEVEL != 'U':
            self.skipTest('level B')
        n = 0
        for font, cid in self.cid_fonts():
            cmap = cmap_codes(font['/ToUnicode'].get_object().get_data())
            for code in widths_cids(cid.get('/W', [])) - {0}:
                n += 1
                self.assertIn(code, cmap, (font['/BaseFont'], code))
                text = cmap[code].decode('utf-16-be')
                self.assertTrue(text, (font['/BaseFont'], code))
                for ch in text:
                    self.assertNotIn(ch, '\0\ufeff\ufffe', (font['/BaseFont'], code))
        self.assertGreater(n, 50)


class A2u(PdfA, unittest.TestCase):
    STANDARD, PART, LEVEL = 'a-2u', 2, 'U'

    def test_6_8_no_embedded_files(self):
        self.assertNotIn('/EmbeddedFiles', resolve(self.catalog.get('/Names', {})))
        self.assertNotIn('/AF', self.catalog)


class A2b(PdfA, unittest.TestCase):
    STANDARD, PART, LEVEL = 'a-2b', 2, 'B'


class A3u(PdfA, unittest.TestCase):
    STANDARD, PART, LEVEL = 'a-3u', 3, 'U'

    def test_19005_3_6_8_source_embedded(self):
        spec = self.catalog['/AF'][0].get_object()
        self.assertEqual(spec['/Type'], '/Filespec')
        self.assertEqual(spec['/AFRelationship'], '/Source')
        self.assertEqual(spec['/F'], 'brief.md')
        self.assertEqual(spec['/UF'], 'brief.md')
        self.assertTrue(spec['/Desc'])
        names = self.catalog['/Names']['/EmbeddedFiles']['/Names']
        self.assertEqual(list(names[:1]), ['brief.md'])
        self.assertEqual(names[1].get_object(), spec)
        file = spec['/EF']['/F'].get_object()
        self.assertEqual(file['/Type'], '/EmbeddedFile')
        self.assertEqual(file['/Subtype'], '/text/markdown')
        with open(self.src, 'rb') as f:
            source = f.read()
        self.assertEqual(file.get_data(), source)
        self.assertEqual(file['/Params']['/Size'], len(source))
        self.assertEqual(file['/Params']['/ModDate'], 'D:20231114221320Z')
        # The named destinations Cairo wrote are still there beside the file.
        self.assertIn('/Dests', self.catalog['/Names'])


class Ua1(Standard, unittest.TestCase):
    STANDARD = 'ua-1'

    def test_14289_5_identification(self):
        d = self.description('pdfuaid')
        self.assertEqual(d.findtext('pdfuaid:part', None, NS), '1')
        # Not PDF/A: no output intent, no pdfaid, and pdfuaid needs no extension schema.
        self.assertIsNone(self.description('pdfaid'))
        self.assertIsNone(self.description('pdfaExtension'))
        self.assertNotIn('/OutputIntents', self.catalog)

    def test_14289_7_1_title(self):
        self.assertTrue(self.description('dc').find('dc:title', NS) is not None)
        self.assertEqual(self.reader.metadata['/Title'], 'الأمن المائي في حوض الفرات')

    # Cairo 1.16 takes no /Alt for a structure element: the structure post-pass writes it.
    def test_14289_7_3_figures_alt(self):
        alts = [o.get('/Alt') for o, _ in self.objects
                if isinstance(o, DictionaryObject) and o.get('/S') == '/Figure']
        self.assertEqual(sorted(alts), sorted(['مخطط حوض الفرات', 'رسم بياني للتدفق',
                                               'كثبان رملية', 'لافتة: الماء Water']))

    def test_14289_7_18_links(self):
        n = 0
        for page in self.reader.pages:
            annots = page.get('/Annots', [])
            if annots:
                self.assertEqual(page['/Tabs'], '/S')  # 7.18.3
            for a in annots:
                a = a.get_object()
                n += 1
                self.assertTrue(a['/Contents'])       # 7.18.5
                self.assertIn('/StructParent', a)     # 7.18.1: tagged
        self.assertGreaterEqual(n, 3)


    def test_14289_7_9_note_ids(self):
        notes = [o for o, _ in self.objects
                 if isinstance(o, DictionaryObject) and o.get('/S') == '/Note']
        self.assertEqual(len(notes), 1)
        ids = self.catalog['/StructTreeRoot']['/IDTree']['/Names']
        self.assertEqual(list(ids[::2]), [notes[0]['/ID']])
        self.assertEqual(ids[1].get_object(), notes[0])


class A2uUa1(PdfA, unittest.TestCase):
    STANDARD, PART, LEVEL = 'a-2u,ua-1', 2, 'U'

    def test_pdfuaid_described(self):
        self.assertEqual(self.description('pdfuaid').findtext('pdfuaid:part', None, NS), '1')
        d = self.description('pdfaExtension')
        uris = [e.text for e in d.iter('{%s}namespaceURI' % NS['pdfaSchema'])]
        self.assertEqual(uris, [NS['pdfuaid']])
        prefixes = [e.text for e in d.iter('{%s}prefix' % NS['pdfaSchema'])]
        self.assertEqual(prefixes, ['pdfuaid'])


# The reader corpus (vowelled Arabic, Persian with ZWNJ, Hebrew with niqqud, Urdu, endnotes,
# mixed scripts) as a-2u: every PDF/A test on each.
for _name in sorted(os.listdir(os.path.join(ROOT, 'tests', 'readers', 'corpus'))):
    if _name.endswith('.md'):
        _stem = re.sub(r'\W', '_', _name[:-3])
        globals()['Corpus_' + _stem] = type('Corpus_' + _stem, (PdfA, unittest.TestCase), {
            'STANDARD': 'a-2u', 'PART': 2, 'LEVEL': 'U', 'LANG': None,
            'SOURCE': os.path.join(ROOT, 'tests', 'readers', 'corpus', _name)})


class Choosing(unittest.TestCase):
    """How the standard is asked for, and what nashra refuses under it."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        return path

    def level(self, pdf):
        reader = pypdf.PdfReader(pdf)
        data = reader.trailer['/Root']['/Metadata'].get_object().get_data()
        m = re.search(rb'<pdfaid:conformance>(\w)</pdfaid:conformance>', data)
        return m.group(1).decode() if m else None

    def test_front_matter_and_override(self):
        src = self.write('b.md', '---\ntitle: T\npdf-standard: a-2u\n---\n\nText.\n')
        pdf = os.path.join(self.tmp.name, 'b.pdf')
        r = nashra([src, '-o', pdf])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.level(pdf), 'U')
        r = nashra([src, '-o', pdf, '--pdf-standard', 'a-2b'])  # the command line wins
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.level(pdf), 'B')
        r = nashra([src, '-o', pdf, '-M', 'pdf-standard=[a-2b, ua-1]'])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.level(pdf), 'B')
        self.assertIn(b'<pdfuaid:part>1</pdfuaid:part>',
                      pypdf.PdfReader(pdf).trailer['/Root']['/Metadata'].get_object().get_data())

    def test_none_without_asking(self):
        src = self.write('b.md', '---\ntitle: T\n---\n\nText [l](https://example.org/).\n')
        pdf = os.path.join(self.tmp.name, 'b.pdf')
        self.assertEqual(nashra([src, '-o', pdf]).returncode, 0)
        reader = pypdf.PdfReader(pdf)
        self.assertNotIn('/OutputIntents', reader.trailer['/Root'])
        self.assertIsNone(self.level(pdf))
        self.assertNotIn('/F', reader.pages[0]['/Annots'][0].get_object())

    def test_unknown_names(self):
        src = self.write('b.md', '---\ntitle: T\npdf-standard: [a-2u, a-1b]\n---\n\nText.\n')
        r = nashra([src, '-o', os.path.join(self.tmp.name, 'b.pdf')])
        self.assertEqual(r.returncode, 1)
        self.assertIn(f'{src}:3:22: error: unknown PDF standard \'a-1b\' (expected a-2b, '
                      'a-2u, a-3u or ua-1)', r.stderr.decode())
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, 'b.pdf')))
        src = self.write('c.md', '---\ntitle: T\npdf-standard: [a-2u, a-3u]\n---\n\nText.\n')
        r = nashra([src, '-o', os.path.join(self.tmp.name, 'c.pdf')])
        self.assertEqual(r.returncode, 1)
        self.assertIn(':3:22: error: PDF standards \'a-2u\' and \'a-3u\' exclude each other',
                      r.stderr.decode())
        r = nashra([src, '--pdf-standard', 'pdf/a'])
        self.assertEqual(r.returncode, 2)
        self.assertIn("--pdf-standard: unknown PDF standard 'pdf/a'", r.stderr.decode())
        r = nashra([src, '--pdf-standard', ''])
        self.assertEqual(r.returncode, 2)
        self.assertIn("--pdf-standard: unknown PDF standard ''", r.stderr.decode())

    def test_ua1_figure_without_alt(self):
        shutil.copy(os.path.join(ROOT, 'tests', 'data', 'chart.png'), self.tmp.name)
        src = self.write('b.md', '---\ntitle: T\n---\n\nText.\n\n![](chart.png "A chart")\n')
        pdf = os.path.join(self.tmp.name, 'b.pdf')
        r = nashra([src, '-o', pdf, '--pdf-standard', 'ua-1'])
        self.assertEqual(r.returncode, 1)
        self.assertIn(f'{src}:7:1: error: figure \'chart.png\' has no alternative text',
                      r.stderr.decode())
        self.assertFalse(os.path.exists(pdf))
        self.assertEqual(nashra([src, '-o', pdf, '--pdf-standard', 'a-2u']).returncode, 0)

    def test_ua1_skipped_heading_level(self):
        src = self.write('b.md', '---\ntitle: T\n---\n\n## A\n\n#### B\n\n### C\n')
        r = nashra([src, '-o', os.path.join(self.tmp.name, 'b.pdf'), '--pdf-standard', 'ua-1'])
        self.assertEqual(r.returncode, 1)
        err = r.stderr.decode()
        self.assertIn(f'{src}:7:1: error: heading of level 4 after level 2', err)
        self.assertEqual(err.count('error:'), 1)  # ### after #### goes up: allowed
        self.assertEqual(nashra([src, '-o', os.path.join(self.tmp.name, 'b.pdf')]).returncode, 0)

    def test_ua1_without_title(self):
        src = self.write('b.md', 'Text.\n')
        r = nashra([src, '-o', os.path.join(self.tmp.name, 'b.pdf'), '--pdf-standard', 'ua-1'])
        self.assertEqual(r.returncode, 1)
        self.assertIn(f'{src}:1:1: error: the brief has no title', r.stderr.decode())

    def test_pdfa_refuses_tofu(self):
        src = self.write('b.md', '---\ntitle: T\n---\n\nA private \ue000 character.\n')
        pdf = os.path.join(self.tmp.name, 'b.pdf')
        r = nashra([src, '-o', pdf])
        self.assertEqual(r.returncode, 0)
        self.assertIn('warning: no font has U+E000', r.stderr.decode())
        r = nashra([src, '-o', pdf, '--pdf-standard', 'a-2b'])
        self.assertEqual(r.returncode, 1)
        self.assertIn(f'{src}:5:11: error: no font has U+E000', r.stderr.decode())
        self.assertIn('(a-2b)', r.stderr.decode())

    def test_pdfa_refuses_cmyk_jpeg(self):
        shutil.copy(os.path.join(ROOT, 'tests', 'data', 'cmyk.jpg'), self.tmp.name)
        src = self.write('b.md', '---\ntitle: T\n---\n\n![Colours](cmyk.jpg)\n')
        pdf = os.path.join(self.tmp.name, 'b.pdf')
        self.assertEqual(nashra([src, '-o', pdf, '--pdf-standard', 'ua-1']).returncode, 0)
        r = nashra([src, '-o', pdf, '--pdf-standard', 'a-3u'])
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"{src}:5:1: error: image 'cmyk.jpg' is a CMYK JPEG", r.stderr.decode())

    def test_pdfa_refuses_long_strings(self):
        src = self.write('b.md', '---\ntitle: T\n---\n\nSee [it](https://example.org/' +
                         'a' * 33000 + ').\n\n## ' + 'ب' * 17000 + '\n')
        pdf = os.path.join(self.tmp.name, 'b.pdf')
        self.assertEqual(nashra([src, '-o', pdf]).returncode, 0)
        r = nashra([src, '-o', pdf, '--pdf-standard', 'a-2b'])
        self.assertEqual(r.returncode, 1)
        err = r.stderr.decode()
        self.assertIn(f'{src}:5:5: error: link address is 33020 bytes long in the PDF; a PDF/A '
                      'file holds strings of at most 32767 bytes', err)
        self.assertIn(f'{src}:7:1: error: heading is 34002 bytes long', err)

    def test_a3u_from_stdin(self):
        text = '---\ntitle: T\n---\n\nFrom standard input.\n'.encode()
        pdf = os.path.join(self.tmp.name, 'in.pdf')
        r = nashra(['-', '-o', pdf, '--pdf-standard', 'a-3u'], stdin=text)
        self.assertEqual(r.returncode, 0, r.stderr)
        spec = pypdf.PdfReader(pdf).trailer['/Root']['/AF'][0].get_object()
        self.assertEqual(spec['/UF'], 'source.md')
        self.assertEqual(spec['/EF']['/F'].get_object().get_data(), text)


if __name__ == '__main__':
    unittest.main()
