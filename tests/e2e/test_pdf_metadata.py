"""End to end: the PDF's catalog and metadata, read with pypdf, qpdf and pdfinfo: /Lang,
/ViewerPreferences (/Direction /R2L only for a right-to-left brief), /MarkInfo, an uncompressed
XMP packet saying what the Info dictionary says, D: dates, a trailer /ID, and the same bytes
from two renders, for the Arabic and English examples and a brief with no front matter.
usage: test_pdf_metadata.py NASHRA SOURCE_ROOT"""
import os
import re
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

import pypdf

sys.path.insert(0, os.path.dirname(__file__))
import pdfcheck as pc  # noqa: E402

NASHRA, ROOT = sys.argv[1:3]
del sys.argv[1:3]

NS = {'rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
      'dc': 'http://purl.org/dc/elements/1.1/',
      'xmp': 'http://ns.adobe.com/xap/1.0/',
      'pdf': 'http://ns.adobe.com/pdf/1.3/'}
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
EPOCH = '1700000000'  # 2023-11-14T22:13:20Z
BARE = 'تشهد المنطقة موسمها الرابع من شح الأمطار & <قلة> المياه.\n'


def render(src, out, epoch=None):
    env = {k: v for k, v in os.environ.items() if k != 'SOURCE_DATE_EPOCH'}
    if epoch is not None:
        env['SOURCE_DATE_EPOCH'] = epoch
    r = subprocess.run([NASHRA, src, '-o', out], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise AssertionError(r.stderr)
    with open(out, 'rb') as f:
        return f.read()


class Metadata:
    """One brief (SOURCE, its language LANG, right to left or not) rendered twice without and
    twice with SOURCE_DATE_EPOCH."""
    SOURCE = LANG = None
    RTL = False

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.pdf = {}
        cls.bytes = {}
        for name, epoch in (('plain', None), ('epoch', EPOCH)):
            runs = []
            for i in (1, 2):
                path = os.path.join(cls.tmp.name, f'{name}-{i}.pdf')
                runs.append(render(cls.source(), path, epoch))
            cls.pdf[name] = path
            cls.bytes[name] = runs

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def source(cls):
        return os.path.join(ROOT, 'examples', cls.SOURCE)

    @classmethod
    def front(cls):
        with open(cls.source(), encoding='utf-8') as f:
            return pc.front_matter(f.read())[0]

    def xmp(self, name):
        reader = pypdf.PdfReader(self.pdf[name])
        stream = reader.trailer['/Root']['/Metadata'].get_object()
        self.assertEqual(stream['/Type'], '/Metadata')
        self.assertEqual(stream['/Subtype'], '/XML')
        self.assertNotIn('/Filter', stream)  # uncompressed, for tools that grep for it
        root = ET.fromstring(stream.get_data())
        return reader, root.find('rdf:RDF/rdf:Description', NS)

    def items(self, desc, prop):
        return [li.text for li in desc.findall(f'{prop}/*/rdf:li', NS)]

    def test_catalog(self):
        reader = pypdf.PdfReader(self.pdf['plain'])
        cat = reader.trailer['/Root']
        self.assertEqual(cat['/Lang'], self.LANG)
        prefs = cat['/ViewerPreferences']
        self.assertIsInstance(prefs['/DisplayDocTitle'], pypdf.generic.BooleanObject)
        self.assertTrue(prefs['/DisplayDocTitle'])
        if self.RTL:
            self.assertEqual(prefs['/Direction'], '/R2L')
        else:
            self.assertNotIn('/Direction', prefs)
        self.assertTrue(cat['/MarkInfo']['/Marked'])
        ids = reader.trailer['/ID']
        self.assertEqual(len(ids), 2)
        for i in ids:
            raw = i if isinstance(i, bytes) else i.original_bytes  # a string, hex or literal
            self.assertEqual(len(raw), 16)

    def test_xmp_matches_info(self):
        for name in ('plain', 'epoch'):
            reader, desc = self.xmp(name)
            info = reader.metadata
            title = self.items(desc, 'dc:title')
            if '/Title' in info:
                self.assertEqual(title, [info['/Title']] * len(title))
                langs = [li.get(XML_LANG) for li in desc.findall('dc:title/*/rdf:li', NS)]
                self.assertEqual(langs, ['x-default', self.LANG])
            else:
                self.assertEqual(title, [])
            creators = self.items(desc, 'dc:creator')
            self.assertEqual(', '.join(creators), info.get('/Author', ''))
            self.assertEqual(desc.find('dc:creator/rdf:Seq', NS) is not None, bool(creators))
            self.assertEqual(self.items(desc, 'dc:description')[:1],
                             [info['/Subject']] if '/Subject' in info else [])
            self.assertEqual(', '.join(self.items(desc, 'dc:subject')), info.get('/Keywords', ''))
            self.assertEqual(desc.findtext('pdf:Keywords', None, NS), info.get('/Keywords'))
            self.assertEqual(self.items(desc, 'dc:language'), [self.LANG])
            self.assertEqual(desc.findtext('xmp:CreatorTool', None, NS), info['/Creator'])
            self.assertEqual(desc.findtext('pdf:Producer', None, NS), info['/Producer'])
            for xmp_key, info_key in (('xmp:CreateDate', '/CreationDate'),
                                      ('xmp:ModifyDate', '/ModDate'),
                                      ('xmp:MetadataDate', '/CreationDate')):
                iso = desc.findtext(xmp_key, None, NS)
                if info_key not in info:
                    self.assertIsNone(iso)
                    continue
                self.assertRegex(info[info_key], r'^D:\d{14}Z$')
                self.assertRegex(iso, r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')
                self.assertEqual(info[info_key], 'D:' + re.sub(r'[-:T]', '', iso))

    def test_dates(self):
        info = pypdf.PdfReader(self.pdf['epoch']).metadata
        self.assertEqual(info['/CreationDate'], 'D:20231114221320Z')
        self.assertEqual(info['/ModDate'], 'D:20231114221320Z')

    def test_same_bytes(self):
        for name, (first, second) in self.bytes.items():
            self.assertEqual(first, second, name)
        self.assertNotEqual(self.bytes['plain'][0], self.bytes['epoch'][0])

    def test_qpdf_and_poppler(self):
        for name, path in self.pdf.items():
            rc, out = pc.qpdf_check(path)
            self.assertEqual(rc, 0, out)
            self.assertNotIn('WARNING', out)
            info = pc.pdfinfo(path)
            self.assertEqual(info.get('Metadata Stream'), 'yes')
            front = self.front()
            if 'title' in front:
                self.assertEqual(info.get('Title'), front['title'])
            authors = pc.author_names(front)
            if authors:
                self.assertEqual(info.get('Author'), ', '.join(authors))


class Arabic(Metadata, unittest.TestCase):
    SOURCE, LANG, RTL = 'brief-ar.md', 'ar', True

    def test_source(self):
        _, desc = self.xmp('plain')
        self.assertEqual(desc.findtext('dc:source', None, NS), self.front()['source']['name'])
        # The brief's own date when SOURCE_DATE_EPOCH is unset.
        info = pypdf.PdfReader(self.pdf['plain']).metadata
        self.assertEqual(info['/CreationDate'], 'D:20261124000000Z')


class English(Metadata, unittest.TestCase):
    SOURCE, LANG, RTL = 'brief-en.md', 'en', False

    def test_source(self):
        _, desc = self.xmp('plain')
        self.assertEqual(desc.findtext('dc:source', None, NS), self.front()['source'])


class NoFrontMatter(Metadata, unittest.TestCase):
    """No title, authors, keywords or date: an Arabic body, so Arabic and right to left."""
    LANG, RTL = 'ar', True

    @classmethod
    def source(cls):
        path = os.path.join(cls.tmp.name, 'bare.md')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(BARE)
        return path

    def test_nothing_made_up(self):
        reader, desc = self.xmp('plain')
        for key in ('/Title', '/Author', '/Subject', '/Keywords', '/CreationDate', '/ModDate'):
            self.assertNotIn(key, reader.metadata)
        for prop in ('dc:title', 'dc:creator', 'dc:description', 'dc:subject', 'dc:source',
                     'xmp:CreateDate', 'pdf:Keywords'):
            self.assertIsNone(desc.find(prop, NS), prop)


if __name__ == '__main__':
    unittest.main(verbosity=2)
