"""End to end: briefs in Urdu, Sorani Kurdish and Pashto, which Debian's CSL locales lack, get
their CSL terms and months from nashra's built-in locales (ur-PK, ckb-IQ, ps-AF): the cite box
and the references carry no English words, with Debian's styles and with the built-in ones.
A locale file installed for the language or its region comes before the built-in one.
usage: test_csl_locales.py NASHRA SOURCE_ROOT"""
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

BRIEF = '''---
title: {title}
authors: [Ann Example]
date: 2026-11-24
lang: {lang}
source: {{name: Policy Review, issue: 3}}
references:
  - id: b1
    type: book
    author: [{{family: خان, given: احمد}}, {{family: کریمی, given: ژیلا}}]
    editor: [{{family: ملک, given: سارہ}}]
    title: {book}
    edition: 3
    publisher: ادارہ
    publisher-place: لاہور
    issued: 2019
  - id: w1
    type: webpage
    author: [{{family: رضا, given: علی}}]
    title: {page}
    URL: https://example.org/river
    accessed: {{date-parts: [[2026, 3, 5]]}}
---

{para} [@b1; @w1]
'''

TEXT = {
    'ur': ('طاس میں پانی', 'پانی کی پالیسی', 'دریا کے اعداد',
           'طاس چار موسموں سے خشک سالی کا شکار ہے۔'),
    'ckb': ('ئاو لە حەوزەدا', 'سیاسەتی ئاو', 'ژمارەکانی ڕووبار',
            'حەوزەکە چوار وەرزە تووشی وشکەساڵی بووە.'),
    'ps': ('په حوزه کې اوبه', 'د اوبو پالیسي', 'د سیند شمېرې',
           'حوزه څلور فصلونه په وچکالۍ کې ده.'),
}

# The locale's own words: "and", the editor, the edition, "accessed", "no date", the issue
# ("no."), the reference list's heading, March and November.
WANT = {
    'ur': ['اور', 'مرتبہ', 'ایڈیشن', 'رسائی', 'س ن', 'شمارہ', 'مارچ', 'نومبر'],
    'ckb': ['و', 'ئامادەکردنی', 'چاپ', 'سەردانکراوە', 'بێ مێژوو', 'ژمارە', 'ئازار',
            'تشرینی دووەم'],
    'ps': ['او', 'سمونګر', 'چاپ', 'لاسرسی', 'بې نېټې', 'ګڼه', 'مارچ', 'نومبر'],
}
# en-US's words, none of which may be left.
ENGLISH = re.compile(r'\b(and|ed\.|eds\.|edited|edition|accessed|retrieved|available|no\.|'
                     r'n\.d\.|March|November|Nov\.|in)\b', re.IGNORECASE)


def brief(lang, style=None):
    title, book, page, para = TEXT[lang.split('-')[0]]
    text = BRIEF.format(lang=lang, title=title, book=book, page=page, para=para)
    if style:
        text = text.replace('lang: ', f'citation-style: {style}\nlang: ', 1)
    return text


class CslLocales(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.empty = os.path.join(self.tmp.name, 'no-csl')
        os.mkdir(self.empty)

    def tearDown(self):
        self.tmp.cleanup()

    def html(self, name, text, env=None):
        src = os.path.join(self.tmp.name, name + '.md')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(text)
        r = subprocess.run([NASHRA, '--to', 'html', src, '-o', '-'], capture_output=True,
                           text=True, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn('warning', r.stderr)
        # the references and the cite box: the text after the body's paragraph
        body = re.sub(r'<[^>]*>', ' ', r.stdout)
        body = body[body.index(TEXT[name.split('-')[0]][3]):]
        body = re.sub(r'https?://\S+', ' ', body)
        return ' '.join(body.split())

    def check(self, lang, out, n=None):
        for word in WANT[lang.split('-')[0]][:n]:
            self.assertIn(word, out, out)
        self.assertIsNone(ENGLISH.search(out), out)

    def test_debian_styles(self):
        for lang in ('ur', 'ur-PK', 'ur-IN', 'ckb', 'ckb-IR', 'ps'):
            with self.subTest(lang=lang):
                self.check(lang, self.html(lang, brief(lang)))

    def test_builtin_styles(self):
        env = dict(os.environ, NASHRA_CSL_DIR=self.empty)
        for lang in ('ur', 'ckb', 'ps'):
            for style in ('chicago', 'chicago-notes', 'apa'):
                with self.subTest(lang=lang, style=style):
                    out = self.html(lang, brief(lang, style), env=env)
                    # nashra's styles show no issue and month in the cite box, the notes
                    # style no "no date": "and", the editor, the edition and "accessed" only
                    if style != 'apa':  # APA: (n.d.) in its own words, "Retrieved" unused
                        self.check(lang, out, 4)
                    self.assertNotIn('n.d.', out)
                    self.assertNotRegex(out, r'\b(and|ed\.|Accessed|Retrieved)\b')

    def test_builtin_apa_words_are_terms(self):
        """nashra's APA writes "Report", "Version" and "[Data set]" from the locale."""
        env = dict(os.environ, NASHRA_CSL_DIR=self.empty)
        refs = ('  - {{id: d, type: dataset, author: [{{family: خان, given: احمد}}], '
                'title: {book}, version: "2.1", issued: 2020}}\n'
                '  - {{id: r, type: report, author: [{{family: رضا, given: علی}}], '
                'title: {page}, number: "12", publisher: ادارہ, issued: 2021}}\n')
        want = {'ur': ('ورژن', 'ڈیٹا سیٹ', 'رپورٹ'), 'ckb': ('وەشان', 'کۆمەڵە داتا', 'ڕاپۆرت'),
                'ps': ('نسخه', 'د معلوماتو ټولګه', 'راپور')}
        for lang, words in want.items():
            with self.subTest(lang=lang):
                title, book, page, para = TEXT[lang]
                text = (f'---\ntitle: {title}\nlang: {lang}\ncitation-style: apa\n'
                        f'references:\n{refs.format(book=book, page=page)}---\n\n'
                        f'{para} [@d; @r]\n')
                out = self.html(lang, text, env=env)
                for w in words:
                    self.assertIn(w, out, out)
                self.assertNotRegex(out, r'Version|Data set|Report')

    def test_arabic_punctuation_and_digits(self):
        out = self.html('ckb', brief('ckb'))
        self.assertIn('٢٠١٩', out)
        self.assertIn('،', out)
        self.assertNotRegex(out, r'[0-9]')
        out = self.html('ps', brief('ps'))
        self.assertIn('۲۰۱۹', out)
        self.assertIn('«', out)

    def test_urdu_full_stop(self):
        """Urdu ends the style's sentences with "۔"; an abbreviation's full stop ("n.d.") and a
        Latin work's stay, and Sorani and Pashto keep "."."""
        for style in ('chicago', 'chicago-notes', 'apa'):
            with self.subTest(style=style):
                out = self.html('ur', brief('ur', style))
                self.assertIn('۔', out)
                self.assertNotRegex(out, r'[\u0600-\u06FF\d][.]( |$)', out)
        self.assertNotIn('۔', self.html('ckb', brief('ckb')))
        self.assertNotIn('۔', self.html('ps', brief('ps')))

    def test_installed_files_come_first(self):
        """Debian's file for the language, then for its region, win over the built-in."""
        csl = os.path.join(self.tmp.name, 'csl')
        locales = os.path.join(csl, 'locales')
        os.makedirs(locales)
        with open(os.path.join(ROOT, 'src', 'csl', 'data', 'locales-ur-PK.xml'),
                  encoding='utf-8') as f:
            ur = f.read()
        for code, word in (('ur', 'اورر'), ('ur-IN', 'ایضا-اور')):
            with open(os.path.join(locales, f'locales-{code}.xml'), 'w', encoding='utf-8') as f:
                f.write(ur.replace('<term name="and">اور</term>',
                                   f'<term name="and">{word}</term>'))
        env = dict(os.environ, NASHRA_CSL_DIR=csl)
        self.assertIn('اورر', self.html('ur', brief('ur'), env=env))
        self.assertIn('ایضا-اور', self.html('ur-IN', brief('ur-IN'), env=env))
        os.remove(os.path.join(locales, 'locales-ur.xml'))
        out = self.html('ur-PK', brief('ur-PK'), env=env)
        self.assertNotIn('اورر', out)
        self.assertIn('اور', out)

    def test_ckb_pdf(self):
        src = os.path.join(self.tmp.name, 'ckb.md')
        r, pdf, pages = pc.render_pages(NASHRA, src, brief('ckb'))
        self.assertEqual(r.returncode, 0, r.stderr)
        text = ' '.join(' '.join(pages).split())
        for word in ('ئامادەکردنی', 'سەردانکراوە', 'مێژوو', 'ژمارە', 'ئازاری'):
            self.assertIn(word, text)
        self.assertIsNone(ENGLISH.search(re.sub(r'https?://\S+', ' ', text)), text)
        if os.environ.get('NASHRA_KEEP_PDF'):
            shutil.copy(pdf, os.environ['NASHRA_KEEP_PDF'])


if __name__ == '__main__':
    unittest.main(verbosity=2)
