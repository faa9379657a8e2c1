"""End to end: references from front matter and a CSL-JSON bibliography, citations resolved in
the chosen style, the references section listing exactly the cited works, and cross-references
to figures, tables and headings. usage: test_references.py NASHRA SOURCE_ROOT"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import pdfcheck as pc  # noqa: E402

NASHRA, ROOT = sys.argv[1:3]
del sys.argv[1:3]

WORKS_JSON = """[
  {"id": "smith2020", "type": "book", "author": [{"family": "Smith", "given": "Jane"}],
   "title": "Rivers Under Stress", "publisher": "River Press", "issued": {"date-parts": [[2020]]}},
  {"id": "unused2019", "type": "book", "author": [{"family": "Nobody", "given": "A."}],
   "title": "Never Cited", "issued": {"date-parts": [[2019]]}}
]
"""

BRIEF_AR = """---
title: المراجع والإحالات
author: هدى علي
lang: ar
bibliography: works.json
references:
  - id: khatib2023
    type: article-journal
    author: [{family: الخطيب, given: سامر}]
    title: المياه العابرة للحدود
    container-title: مجلة الدراسات المائية
    issued: 2023-05-01
    volume: 4
    page: 10-30
  - id: uncited
    author: [{family: أحمد, given: ليلى}]
    title: عمل لا يستشهد به
    issued: 2021
---

## المقدمة {#intro}

تشير الدراسات إلى تراجع التدفق [@khatib2023, p. 12; @smith2020] كما يبين [@fig:basin] و[@tbl:share]، وانظر [#intro].

![خريطة الحوض](basin.svg "حوض النهر"){#fig:basin width=50% credit="هيئة المساحة، ٢٠٢٥"}

| البلد | الحصة |
|---|---|
| العراق | ٤٠ |

Table: الحصص المائية {#tbl:share}
"""

BRIEF_EN = """---
title: References and cross-references
author: Huda Ali
lang: en
bibliography: works.json
---

# Overview {#overview}

Flows fell [@smith2020, p. 12], as [@fig:basin] and [@tbl:share] show; see [#overview].

![Basin map](basin.svg "The basin"){#fig:basin}

| Country | Share |
|---|---|
| Iraq | 40 |

Table: Water shares {#tbl:share}
"""


def nashra(*args):
    return subprocess.run([NASHRA, *args], capture_output=True, text=True)


class References(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        shutil.copy(os.path.join(ROOT, 'tests', 'data', 'basin.svg'), d)
        with open(os.path.join(d, 'works.json'), 'w') as f:
            f.write(WORKS_JSON)
        cls.out = {}
        for name, src in (('ar', BRIEF_AR), ('en', BRIEF_EN)):
            path = os.path.join(d, name + '.md')
            with open(path, 'w', encoding='utf-8') as f:
                f.write(src)
            pdf = os.path.join(d, name + '.pdf')
            r = nashra(path, '-o', pdf)
            text = re.sub(r'\s+', ' ', pc.normalise(pc.pdftext(pdf))) if r.returncode == 0 else ''
            cls.out[name] = (r, pdf, text, path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_render(self):
        for name, (r, pdf, _, _) in self.out.items():
            self.assertEqual(r.returncode, 0, f'{name}: {r.stderr}')
            rc, msg = pc.qpdf_check(pdf)
            self.assertEqual(rc, 0, msg)

    def references_part(self, text, heading, after):
        """The text from HEADING on, where it follows the body's last words AFTER."""
        start = text.index(heading, text.rindex(after))
        return text[start:]

    def test_references_list_exactly_the_cited_works(self):
        _, _, text, _ = self.out['ar']
        refs = self.references_part(text, 'المراجع', 'الحصص المائية')
        self.assertIn('Rivers Under Stress', refs)
        self.assertIn('المياه العابرة للحدود', refs)
        for absent in ('Never Cited', 'عمل لا يستشهد به'):
            self.assertNotIn(absent, text)
        _, _, text, _ = self.out['en']
        refs = self.references_part(text, 'References', 'Water shares')
        self.assertIn('Smith, Jane. 2020. Rivers Under Stress. River Press.', refs)
        self.assertNotIn('Never Cited', text)
        self.assertNotIn('الخطيب', text)

    def test_citations_resolved(self):
        _, _, text, _ = self.out['ar']
        self.assertIn('الخطيب', text)
        self.assertIn('Smith', text)
        self.assertIn('١٢', text)
        self.assertNotIn('khatib2023', text)
        _, _, text, _ = self.out['en']
        self.assertIn('(Smith 2020, 12)', text)

    def test_apa_style(self):
        _, _, _, path = self.out['en']
        pdf = os.path.join(self.tmp.name, 'apa.pdf')
        r = nashra(path, '-o', pdf, '-M', 'citation-style=apa')
        self.assertEqual(r.returncode, 0, r.stderr)
        text = re.sub(r'\s+', ' ', pc.pdftext(pdf))
        self.assertIn('(Smith, 2020, p. 12)', text)

    def test_cross_references(self):
        _, _, text, _ = self.out['ar']
        self.assertIn('الشكل', text)
        self.assertIn('الجدول', text)
        self.assertRegex(text, r'جدول\s*:?\s*١\s*:?\s*الحصص المائية')
        _, _, text, _ = self.out['en']
        self.assertIn('Figure 1', text)
        self.assertIn('Table 1', text)
        self.assertIn('Table 1: Water shares', text)
        self.assertIn('see Overview', text)

    def test_figure_credit_under_caption(self):
        _, _, text, _ = self.out['ar']
        self.assertRegex(text, r'حوض النهر\s*المصدر\s*:\s*هيئة المساحة')

    def caption_top(self, src):
        """Where the figure's caption starts on page 1 (pdftotext -bbox), for SRC."""
        d = self.tmp.name
        path = os.path.join(d, 'w.md')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(src)
        pdf = os.path.join(d, 'w.pdf')
        r = nashra(path, '-o', pdf)
        self.assertEqual(r.returncode, 0, r.stderr)
        html = subprocess.run(['pdftotext', '-bbox', '-f', '1', '-l', '1', pdf, '-'],
                              capture_output=True, text=True).stdout
        words = re.findall(r'yMin="([\d.]+)"[^>]*>([^<]*)<', html)
        tops = [float(y) for (y, w), (_, nxt) in zip(words, words[1:])
                if w == 'Figure' and nxt == '1:']
        self.assertEqual(len(tops), 1, words)
        return tops[0]

    def test_figure_width_attribute(self):
        """width=40% draws the figure smaller than width=100%, so its caption sits higher."""
        narrow = self.caption_top(BRIEF_EN.replace('{#fig:basin}', '{#fig:basin width=40%}'))
        wide = self.caption_top(BRIEF_EN.replace('{#fig:basin}', '{#fig:basin width=100%}'))
        self.assertLess(narrow + 50, wide)

    def test_destinations(self):
        from pypdf import PdfReader
        _, pdf, _, _ = self.out['ar']
        dests = set(PdfReader(pdf).named_destinations)
        for d in ('ref-khatib2023', 'ref-smith2020', 'fig:basin', 'tbl:share', 'intro'):
            self.assertIn(d, dests)
        self.assertNotIn('ref-uncited', dests)

    def test_unknown_key_is_located_error(self):
        path = os.path.join(self.tmp.name, 'bad.md')
        with open(path, 'w') as f:
            f.write('---\ntitle: x\nreferences: []\n---\n\nText [@nokey] and [@fig:none].\n')
        out = os.path.join(self.tmp.name, 'bad.pdf')
        r = nashra(path, '-o', out)
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, re.escape(path) + r':6:\d+: error: .*nokey')
        self.assertRegex(r.stderr, re.escape(path) + r':6:\d+: error: .*fig:none')
        self.assertFalse(os.path.exists(out))

    def test_missing_bibliography_is_located_error(self):
        path = os.path.join(self.tmp.name, 'nobib.md')
        with open(path, 'w') as f:
            f.write('---\ntitle: x\nbibliography: gone.json\n---\n\nText.\n')
        r = nashra(path, '-o', os.path.join(self.tmp.name, 'nobib.pdf'))
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, re.escape(path) + r':3:\d+: error: .*gone\.json')

    def _bib(self, name, json_text, cite):
        d = self.tmp.name
        with open(os.path.join(d, name + '.json'), 'w', encoding='utf-8') as f:
            f.write(json_text)
        path = os.path.join(d, name + '.md')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(f'---\ntitle: x\nlang: en\nbibliography: {name}.json\n---\n\nText [@{cite}].\n')
        return path, nashra('--to', 'html', path, '-o', '-')

    def test_json_escapes_read_as_json(self):
        # `\/` and a surrogate pair are JSON (Zotero writes both); YAML 1.1 readers reject them.
        _, r = self._bib('esc', '[{"id": "e1", "type": "book", "title": "A\\/B \\ud83c\\udf0a",'
                         ' "author": [{"family": "Doe"}], "issued": {"date-parts": [[2021]]}}]', 'e1')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('A/B \U0001f30a', r.stdout)

    def test_json_errors_located_in_the_json_file(self):
        bad = '[\n  {"id": "j1",\n   "title": "T" "x"}\n]\n'
        path, r = self._bib('syn', bad, 'j1')
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, r'syn\.json:3:\d+: error: bibliography: .*unexpected')
        # Not JSON although YAML would take it (unquoted key, single quotes).
        path, r = self._bib('yamlish', "[{id: 'y1'}]", 'y1')
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, r'yamlish\.json:1:\d+: error: bibliography:')
        # A wrong type is reported at its member's key, in the JSON file.
        path, r = self._bib('typ', '[\n  {"id": "t1",\n   "title": {"main": "x"}}\n]\n', 't1')
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, r'typ\.json:3:4: error: .*title')

    def test_institutional_authors_cited_whole(self):
        # The example's WMO report: cited by the whole literal name, never its last word.
        pdf = os.path.join(self.tmp.name, 'notes-ar.pdf')
        r = nashra(os.path.join(ROOT, 'examples', 'brief-notes-ar.md'), '-o', pdf)
        self.assertEqual(r.returncode, 0, r.stderr)
        # pdftotext spaces punctuation apart from Arabic words; joined again to compare.
        text = re.sub(r' ([)،,.;؛:])', r'\1', re.sub(r'\s+', ' ', pc.normalise(pc.pdftext(pdf))))
        body = text[:text.rindex('المراجع')]
        # A work in Latin script keeps its own digits within an Arabic citation.
        self.assertIn('؛ World Meteorological Organization 2023)', body)
        self.assertNotRegex(text, r'\(\s*Organization|[؛;]\s*Organization')
        refs = self.references_part(text, 'المراجع', 'سنوات الشح')
        self.assertIn('World Meteorological Organization. 2023. “State of Global Water Resources '
                      '2022.” WMO.', refs)
        # From a CSL-JSON bibliography, in an Arabic and an English brief, in each style.
        d = self.tmp.name
        with open(os.path.join(d, 'inst.json'), 'w', encoding='utf-8') as f:
            f.write('[{"id": "wb", "type": "report", "author": [{"literal": "البنك الدولي"}],'
                    ' "title": "تقرير المياه", "issued": {"date-parts": [[2023]]}},'
                    ' {"id": "wmo", "type": "report",'
                    ' "author": [{"literal": "World Meteorological Organization"}],'
                    ' "title": "Water Report", "publisher": "WMO",'
                    ' "issued": {"date-parts": [[2023]]}}]')
        # As citeproc-js writes them with the same Debian styles (chicago-author-date.csl gives
        # no page label; the note style's short note quotes a report's title).
        cases = [
            ('ar', 'chicago', '(البنك الدولي ٢٠٢٣، ١٤)', 'البنك الدولي. ٢٠٢٣. «تقرير المياه».'),
            ('en', 'chicago', '(World Meteorological Organization 2023, 14)',
             'World Meteorological Organization. 2023. “Water Report.” WMO.'),
            ('en', 'apa', '(World Meteorological Organization, 2023, p. 14)',
             'World Meteorological Organization. (2023). Water Report. WMO.'),
            ('en', 'chicago-notes', 'World Meteorological Organization, “Water Report,” 14.',
             'World Meteorological Organization. “Water Report.” WMO, 2023.'),
        ]
        for lang, style, want, entry in cases:
            cite = 'wb' if lang == 'ar' else 'wmo'
            path = os.path.join(d, f'inst-{lang}-{style}.md')
            with open(path, 'w', encoding='utf-8') as f:
                f.write(f'---\ntitle: x\nlang: {lang}\ncitation-style: {style}\n'
                        f'bibliography: inst.json\n---\n\n{"نص" if lang == "ar" else "Text"} [@{cite}, p. 14].\n')
            pdf = path[:-3] + '.pdf'
            r = nashra(path, '-o', pdf)
            self.assertEqual(r.returncode, 0, r.stderr)
            # The exact strings in the HTML page (pdftotext reorders Arabic around digits) …
            html = nashra('--to', 'html', path, '-o', '-').stdout
            flat = re.sub(r'<[^>]+>', '', html).replace('&amp;', '&')
            self.assertIn(want, flat, (lang, style))
            self.assertIn(entry, flat, (lang, style))
            # … and the same words in the PDF, never the name cut to its last word.
            text = re.sub(r'\s+', ' ', pc.normalise(pc.pdftext(pdf)))
            self.assertLessEqual(set(pc.words(want + ' ' + entry)), set(pc.words(text)),
                                 (lang, style))
            self.assertNotRegex(text, r'\(\s*(الدولي|Organization)|[؛;,،]\s*Organization,',
                                (lang, style))

    def test_html(self):
        _, _, _, path = self.out['ar']
        html = nashra('--to', 'html', path, '-o', '-').stdout
        self.assertIn('href="#ref-khatib2023"', html)
        self.assertIn('id="ref-smith2020"', html)
        self.assertIn('<caption><span class="label">جدول ١:</span> <bdi dir="rtl">الحصص المائية</bdi>'
                      '</caption>', html)
        self.assertNotIn('Never Cited', html)


if __name__ == '__main__':
    unittest.main(verbosity=2)
