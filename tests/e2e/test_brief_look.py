"""End to end: what makes a PDF a brief — masthead, summary, running head and foot, license,
citation box, paragraph destinations, digits and templates — checked in pdftotext per page,
pdfinfo and pypdf. usage: test_brief_look.py NASHRA SOURCE_ROOT SHARED_DIR"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import pdfcheck as pc  # noqa: E402

NASHRA, ROOT, SHARED = sys.argv[1:4]
del sys.argv[1:4]


def nashra(*args):
    return subprocess.run([NASHRA, *args], capture_output=True, text=True)


def pages_text(pdf):
    n = int(pc.pdfinfo(pdf)['Pages'])
    return [re.sub(r'\s+', ' ', pc.normalise(pc.pdftext(pdf, i, i))) for i in range(1, n + 1)]


LONG = """---
title: Paragraph numbers
subtitle: A long note
author: [Ann Example, Bo Sample]
date: 2026-03-09
series: Working Papers
number: 7
source: {name: Policy Review, url: "https://example.org/review", issue: 3}
license: CC BY 4.0
paragraph-numbers: true
lang: en
---

""" + '\n\n'.join(('## Part one\n\n' if i == 1 else '## Part two\n\n' if i == 8 else '') +
                   f'Paragraph {i} says something worth citing on its own.' for i in range(1, 16))


class ArabicExample(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.pdf = os.path.join(cls.tmp.name, 'ar.pdf')
        cls.r = nashra(os.path.join(ROOT, 'examples', 'brief-ar.md'), '-o', cls.pdf)
        cls.pages = pages_text(cls.pdf) if cls.r.returncode == 0 else []

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_rendered(self):
        self.assertEqual(self.r.returncode, 0, self.r.stderr)
        self.assertGreaterEqual(len(self.pages), 2)

    def test_masthead(self):
        first = self.pages[0]
        for s in ('أوراق سياسات', '١٤', 'سارة المنصوري', 'كريم حداد', 'مركز دراسات الموارد الطبيعية',
                  'نوفمبر', '٢٠٢٦', 'نشرة دراسات المياه والتنمية', 'ملخص'):
            self.assertIn(s, first)
        self.assertIn('نُشر', first)
        self.assertIn('وكريم حداد', first)  # names joined the Arabic way

    def test_running_head_from_page_two(self):
        self.assertEqual(self.pages[0].count('أوراق سياسات'), 1)  # masthead only
        self.assertIn('أوراق سياسات', self.pages[1][:200])

    def test_localised_footer_on_every_page(self):
        n = len(self.pages)
        digits = '٠١٢٣٤٥٦٧٨٩'
        for i, text in enumerate(self.pages, 1):
            self.assertIn('صفحة', text)
            self.assertIn(digits[i], text)
            self.assertIn(digits[n], text)

    def test_license_and_citation_on_last_page_only(self):
        for text in self.pages[:-1]:
            self.assertNotIn('يُسمح بإعادة النشر', text)
        self.assertIn('يُسمح بإعادة النشر', self.pages[-1])
        self.assertRegex(self.pages[-1], 'للاستشهاد|لالستشهاد')  # pdftotext may flip lam-alef

    def test_pdf_metadata(self):
        info = pc.pdfinfo(self.pdf)
        self.assertEqual(info['Title'], 'الأمن المائي في حوض الفرات')
        self.assertIn('سارة المنصوري', info['Author'])
        self.assertIn('كريم حداد', info['Author'])


class EnglishBrief(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.src = os.path.join(cls.tmp.name, 'long.md')
        with open(cls.src, 'w') as f:
            f.write(LONG)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def render(self, *args):
        pdf = os.path.join(self.tmp.name, 'out.pdf')
        r = nashra(self.src, '-o', pdf, *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        return pdf

    def test_paragraph_destinations(self):
        from pypdf import PdfReader
        dests = set(PdfReader(self.render()).named_destinations)
        for i in range(1, 16):
            self.assertIn(f'p{i}', dests)
        self.assertNotIn('p16', dests)

    def test_masthead_and_footer(self):
        pages = pages_text(self.render())
        first = pages[0]
        for s in ('Working Papers', 'Ann Example and Bo Sample', 'March 9, 2026', 'Published in:',
                  'Policy Review', 'Page 1 of'):
            self.assertIn(s, first)
        self.assertIn('CC BY 4.0', pages[-1])
        self.assertIn('How to cite this brief', pages[-1])

    def test_digits_option(self):
        pages = pages_text(self.render('-M', 'digits=arabic-indic'))
        self.assertIn('Page ١ of', pages[0])

    def test_templates(self):
        report = pages_text(self.render('--template', 'report'))
        memo = pages_text(self.render('--template', 'memo'))
        brief = pages_text(self.render())
        self.assertGreater(len(report), len(brief))  # cover page and contents
        contents = ' '.join(report[:3])
        self.assertIn('Contents', contents)
        self.assertIn('Part one', contents[contents.index('Contents'):])
        self.assertIn('Part two', contents[contents.index('Contents'):])
        self.assertLessEqual(len(memo), len(brief))

    def test_template_file_errors_at_line(self):
        bad = os.path.join(self.tmp.name, 'bad.ini')
        with open(bad, 'w') as f:
            f.write('[page]\nsize=A4\n[masthead]\ncolour=red\n')
        out = os.path.join(self.tmp.name, 'bad.pdf')
        r = nashra(self.src, '-o', out, '--template', bad)
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr, re.escape(bad) + r':4:1: error: .*colour')
        self.assertFalse(os.path.exists(out))
        r = nashra(self.src, '-o', out, '--template', 'no-such-template')
        self.assertEqual(r.returncode, 1)
        self.assertIn('no-such-template', r.stderr)


class NotesExample(unittest.TestCase):
    """examples/brief-notes-ar.md: notes, references, an SVG map and a table across pages."""

    def test_renders_with_everything_in_place(self):
        with tempfile.TemporaryDirectory() as tmp:
            pdf = os.path.join(tmp, 'n.pdf')
            r = nashra(os.path.join(ROOT, 'examples', 'brief-notes-ar.md'), '-o', pdf)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr, '')
            rc, out = pc.qpdf_check(pdf)
            self.assertEqual(rc, 0, out)
            pages = pages_text(pdf)
            self.assertGreaterEqual(len(pages), 2)
            header = [i for i, t in enumerate(pages) if 'المحطة' in t and 'التدفق' in t]
            self.assertGreaterEqual(len(header), 2, 'table header repeated on the next page')
            self.assertIn('المراجع', pages[-1])
            # Each note on the page of its call: note 1 and 2 on page 1, the English one last.
            self.assertIn('بدأ القياس المنتظم', pages[0])
            self.assertIn('Interviews with farmers', pages[-1])
            self.assertNotIn('الحواشي', ' '.join(pages))


class PlainArticle(unittest.TestCase):
    def test_corpus_article_masthead(self):
        with tempfile.TemporaryDirectory() as tmp:
            pdf = os.path.join(tmp, 'a.pdf')
            r = nashra('--from', 'text', os.path.join(SHARED, 'corpus', 'article-ar.txt'),
                       '-o', pdf, '-M', 'title=عودة التنظيم إلى الجنوب')
            self.assertEqual(r.returncode, 0, r.stderr)
            first = pages_text(pdf)[0]
            self.assertIn('علي بكر', first)
            self.assertIn('مجلة السياسة الدولية', first)
            self.assertEqual(pc.pdfinfo(pdf)['Title'], 'عودة التنظيم إلى الجنوب')


if __name__ == '__main__':
    unittest.main(verbosity=2)
