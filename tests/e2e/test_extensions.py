"""End to end: every brief extension (footnotes, citations, tables, callouts, attribution,
figures, heading ids, strikethrough) rendered to PDF and HTML through the command line, and
all of them off under --syntax commonmark.
usage: test_extensions.py NASHRA SOURCE_ROOT"""
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

BRIEF_AR = """---
title: اختبار الامتدادات
author: هدى علي
lang: ar
references:
  - {id: unesco2023, author: [{literal: UNESCO}], title: World Water Report, issued: 2023}
  - {id: fao2021, author: [{family: Smith, given: Ann}], title: Irrigation, issued: 2021}
---

## المقدمة {#intro}

يتناول هذا القسم الموارد المائية[^water] ويستند إلى دراسة سابقة [@unesco2023, p. 12; @fao2021].
وقد ~~ألغيت~~ الخطة القديمة، وتعود إليها الحاشية الأولى مرة أخرى[^water].

[^water]: حاشية أولى عن المياه.

    فقرة ثانية في الحاشية نفسها.

| البلد | الحصة | التغير |
|:------|:-----:|-------:|
| العراق | ٤٠ | -12% |
| سوريا | ٢٥ | +3% |

> [!NOTE]
> ملاحظة مهمة حول البيانات.

> [!SUMMARY] أهم النقاط
> - تبادل البيانات أولا.

> الماء أساس الحياة في هذا الحوض.
>
> — وزير الموارد المائية

![خريطة الحوض](basin.svg "حوض النهر")

انظر [المقدمة](#intro).
"""

BRIEF_EN = """---
title: Extensions in English
author: Huda Ali
lang: en
references:
  - {id: unesco2023, author: [{literal: UNESCO}], title: World Water Report, issued: 2023}
  - {id: fao2021, author: [{family: Smith, given: Ann}], title: Irrigation, issued: 2021}
---

# Overview

Water use rose[^n1] as reported [@unesco2023, p. 12] and ~~fell~~ later.

[^n1]: An English note.

| Country | Share |
|---|--:|
| Iraq | 40 |

> [!WARNING]
> Data are provisional.

> Water is life.
>
> -- A farmer

![Basin](basin.svg "The basin")
"""


def render(src, tmp, name, *args):
    path = os.path.join(tmp, name + '.md')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(src)
    out = os.path.join(tmp, name + '.pdf')
    r = subprocess.run([NASHRA, path, '-o', out, *args], capture_output=True, text=True)
    return r, out


def squash(text):
    return re.sub(r'\s+', ' ', pc.normalise(text))


class Extensions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        shutil.copy(os.path.join(ROOT, 'tests', 'data', 'basin.svg'), cls.tmp.name)
        cls.ar, cls.ar_pdf = render(BRIEF_AR, cls.tmp.name, 'ar')
        cls.en, cls.en_pdf = render(BRIEF_EN, cls.tmp.name, 'en')
        cls.ar_text = squash(pc.pdftext(cls.ar_pdf)) if cls.ar.returncode == 0 else ''
        cls.en_text = squash(pc.pdftext(cls.en_pdf)) if cls.en.returncode == 0 else ''

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_render_ok(self):
        self.assertEqual(self.ar.returncode, 0, self.ar.stderr)
        self.assertEqual(self.en.returncode, 0, self.en.stderr)
        for pdf in (self.ar_pdf, self.en_pdf):
            rc, out = pc.qpdf_check(pdf)
            self.assertEqual(rc, 0, out)

    def test_footnotes_at_foot_of_page(self):
        # Notes sit at the foot of the page of their first call (no endnote heading): on page
        # 1, after the body text of that page and before its page footer; a note called twice
        # is printed once.
        t = squash(pc.pdftext(self.ar_pdf, 1, 1))
        self.assertNotIn('الحواشي', self.ar_text)
        self.assertIn('حاشية أولى عن المياه', t)
        self.assertIn('فقرة ثانية في الحاشية نفسها', t)
        self.assertGreater(t.index('حاشية أولى عن المياه'), t.index('يتناول هذا القسم'))
        self.assertEqual(self.ar_text.count('حاشية أولى عن المياه'), 1)
        self.assertNotIn('Notes', self.en_text)
        self.assertIn('An English note', squash(pc.pdftext(self.en_pdf, 1, 1)))

    def test_footnote_links_use_named_destinations(self):
        from pypdf import PdfReader
        reader = PdfReader(self.ar_pdf)
        dests = set(reader.named_destinations)
        self.assertIn('fn-1', dests)
        self.assertIn('fnref-1', dests)

    def test_citations_printed(self):
        # Resolved against the front matter's references since the validation pass.
        self.assertIn('UNESCO', self.ar_text)
        self.assertIn('Smith', self.ar_text)
        self.assertIn('(UNESCO 2023, 12)', self.en_text.replace('( ', '('))

    def test_table_cells(self):
        for cell in ('البلد', 'الحصة', 'التغير', 'العراق', 'سوريا', '-12%'):
            self.assertIn(cell, self.ar_text)
        for cell in ('Country', 'Share', 'Iraq', '40'):
            self.assertIn(cell, self.en_text)

    def test_callouts(self):
        self.assertIn('ملاحظة', self.ar_text)
        self.assertIn('ملاحظة مهمة حول البيانات', self.ar_text)
        self.assertIn('أهم النقاط', self.ar_text)   # custom title
        self.assertNotIn('[!NOTE]', self.ar_text)
        self.assertIn('Warning', self.en_text)
        self.assertNotIn('[!WARNING]', self.en_text)

    def test_attribution(self):
        self.assertIn('وزير الموارد المائية', self.ar_text)
        self.assertIn('A farmer', self.en_text)
        self.assertNotIn('-- A farmer', self.en_text)

    def test_figure_caption(self):
        self.assertRegex(self.ar_text, r'شكل\s*:?\s*[١1]\s*:?\s*حوض النهر')
        self.assertIn('Figure 1: The basin', self.en_text)

    def test_strikethrough_text_kept(self):
        self.assertIn('ألغيت', self.ar_text)
        self.assertIn('fell', self.en_text)

    def test_internal_link_to_heading_id(self):
        from pypdf import PdfReader
        reader = PdfReader(self.ar_pdf)
        self.assertIn('intro', set(reader.named_destinations))

    def test_missing_figure_is_located_error(self):
        r, out = render('# x\n\n![gone](nowhere.png "Gone")\n', self.tmp.name, 'missing')
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, r'missing\.md:3:1: error: .*nowhere\.png')
        self.assertFalse(os.path.exists(out))

    def test_html_has_every_extension(self):
        path = os.path.join(self.tmp.name, 'ar.md')
        html = subprocess.run([NASHRA, '--to', 'html', path, '-o', '-'], capture_output=True,
                              text=True).stdout
        for needle in ('class="footnote-ref"', 'class="footnotes"', 'class="citation"',
                       '<table', '<th', 'class="callout callout-note"', 'class="attribution"',
                       '<figure', '<figcaption', '<del>', 'id="intro"'):
            self.assertIn(needle, html)

    def test_notes_endnotes_key(self):
        src = BRIEF_EN.replace('lang: en\n', 'lang: en\nnotes: endnotes\n')
        path = os.path.join(self.tmp.name, 'endnotes.md')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(src)
        pdf = os.path.join(self.tmp.name, 'endnotes.pdf')
        r = subprocess.run([NASHRA, path, '-o', pdf], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        text = squash(pc.pdftext(pdf))
        self.assertGreater(text.index('An English note'), text.index('Notes'))
        self.assertGreater(text.index('Notes'), text.index('Figure 1: The basin'))
        bad = path.replace('endnotes.md', 'badnotes.md')
        with open(bad, 'w') as f:
            f.write('---\ntitle: x\nnotes: side\n---\n\nx\n')
        r = subprocess.run([NASHRA, bad, '-o', pdf + '2'], capture_output=True, text=True)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f'{bad}:3:8: error:', r.stderr)

    def test_commonmark_syntax_turns_extensions_off(self):
        src = '[^a] [@k] ~~s~~\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> [!NOTE]\n> x\n'
        r = subprocess.run([NASHRA, '--syntax', 'commonmark', '--to', 'html', '-', '-o', '-'],
                           input=src, capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        for absent in ('<table', '<del>', 'footnote', 'citation', 'callout'):
            self.assertNotIn(absent, r.stdout)


if __name__ == '__main__':
    unittest.main(verbosity=2)
