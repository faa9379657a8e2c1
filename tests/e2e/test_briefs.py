"""End to end: render the example briefs and the corpus article, then inspect the PDFs with
pdfinfo, pdffonts, qpdf, pdftotext and pypdf, and check that two renders are identical.
usage: test_briefs.py NASHRA SOURCE_ROOT SHARED_DIR"""
import os
import re
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import pdfcheck as pc  # noqa: E402

NASHRA, ROOT, SHARED = sys.argv[1:4]
del sys.argv[1:4]

# Words nashra itself adds to the page (attribution label, page footers, dates).
GENERATED = set(pc.words('''نشر نُشر في Published in و and صفحة من Page of ملخص Summary العدد
    للاستشهاد بهذه الورقة How to cite this brief أوراق سياسات no. accessed available at
    يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر
    January February March April May June July August September October November December'''))


def article_to_nashra(text):
    """The corpus article in nashra markup: colon-ended short lines become headings, (*) lines
    list items, and the last two lines the byline and the source in front matter."""
    lines = [l.strip() for l in text.strip().splitlines() if l.strip()]
    author, source = lines[-2], lines[-1]
    out = ['---', 'title: الانتشار في الجنوب الليبي', f'author: {author}', f'source: {source}',
           'lang: ar', 'date: 2017-10-01', '---', '']
    for line in lines[:-2]:
        if line.endswith(':') and len(line.split()) <= 6:
            out += [f'## {line[:-1]}', '']
        elif line.startswith('(*)'):
            out += [f'- {line[3:].strip()}', '']
        else:
            out += [line, '']
    return '\n'.join(out)


class Brief:
    def __init__(self, tmp, name, src_text):
        self.name = name
        self.src_path = os.path.join(tmp, name + '.md')
        with open(self.src_path, 'w', encoding='utf-8') as f:
            f.write(src_text)
        self.src = src_text
        self.pdf = os.path.join(tmp, name + '.pdf')
        self.pdf2 = os.path.join(tmp, name + '-again.pdf')
        env = dict(os.environ)
        env.pop('SOURCE_DATE_EPOCH', None)
        self.r1 = pc.run([NASHRA, self.src_path, '-o', self.pdf], env=env)
        self.r2 = pc.run([NASHRA, self.src_path, '-o', self.pdf2], env=env)
        self.meta, self.body = pc.strip_markdown(src_text)
        self.headings = len(re.findall(r'^#{1,6} ', src_text, flags=re.M))


class BriefChecks:
    brief: Brief
    # Stray fragments allowed, as a share of extracted words. Amiri's contextual lam-kaf forms
    # add a glyph of no character of its own, and pdftotext splits words there ("ا ل كبيرة");
    # briefs dense in such words get more room than the reference article.
    max_stray = 0.02

    def test_renders(self):
        self.assertEqual(self.brief.r1.returncode, 0, self.brief.r1.stderr)
        self.assertTrue(os.path.getsize(self.brief.pdf) > 1000)

    def test_pdfinfo_metadata(self):
        info = pc.pdfinfo(self.brief.pdf)
        self.assertGreaterEqual(int(info['Pages']), 1)
        self.assertEqual(info.get('Title'), self.brief.meta['title'])
        self.assertIn(pc.author_names(self.brief.meta)[0], info.get('Author', ''))
        self.assertTrue(info.get('Creator', '').startswith('nashra'))

    def test_fonts_embedded(self):
        fonts = pc.pdffonts(self.brief.pdf)
        self.assertTrue(fonts)
        for name, emb in fonts:
            self.assertEqual(emb, 'yes', f'{name} not embedded')

    def test_qpdf_check(self):
        rc, out = pc.qpdf_check(self.brief.pdf)
        self.assertEqual(rc, 0, out)

    def test_deterministic(self):
        self.assertEqual(self.brief.r2.returncode, 0)
        with open(self.brief.pdf, 'rb') as a, open(self.brief.pdf2, 'rb') as b:
            self.assertTrue(a.read() == b.read(), 'two renders differ')

    def test_bookmarks_one_per_heading(self):
        from pypdf import PdfReader
        reader = PdfReader(self.brief.pdf)

        def count(items):
            return sum(count(i) if isinstance(i, list) else 1 for i in items)
        self.assertEqual(count(reader.outline), self.brief.headings)

    def test_text_extracts_in_order(self):
        m = self.brief.meta
        head = ' '.join([str(m.get('title', '')), str(m.get('subtitle', ''))])
        src_words = pc.words(head + ' ' + self.brief.body)
        pdf_words = pc.words(pc.pdftext(self.brief.pdf))
        ratio, unmatched = pc.in_order_match(src_words, pdf_words)
        # What nashra generates around the text (masthead, running heads and feet, the citation
        # box, the license) is made of front matter values and localised labels.
        allowed = set(pc.words(' '.join(pc.meta_strings(m)))) | GENERATED
        stray = [w for w in unmatched
                 if w not in allowed and not re.fullmatch(r'[\d/]+', w) and w.lstrip('و') not in allowed]
        msg = f'{ratio:.3%} in order; stray {len(stray)}/{len(pdf_words)}: {stray[:30]}'
        print(self.brief.name, msg)
        self.assertGreaterEqual(ratio, 0.98, msg)
        self.assertLessEqual(len(stray), self.max_stray * len(pdf_words), msg)


def make_case(name, text, max_stray=0.02):
    class Case(BriefChecks, unittest.TestCase):
        @classmethod
        def setUpClass(cls):
            cls.tmp = tempfile.TemporaryDirectory()
            cls.brief = Brief(cls.tmp.name, name, text)
            cls.max_stray = max_stray

        @classmethod
        def tearDownClass(cls):
            cls.tmp.cleanup()
    Case.__name__ = Case.__qualname__ = f'Test_{name.replace("-", "_")}'
    return Case


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


Test_brief_ar = make_case('brief-ar', read(os.path.join(ROOT, 'examples', 'brief-ar.md')),
                          max_stray=0.03)
Test_brief_en = make_case('brief-en', read(os.path.join(ROOT, 'examples', 'brief-en.md')))
Test_article = make_case('article-ar', article_to_nashra(
    read(os.path.join(SHARED, 'corpus', 'article-ar.txt'))))

if __name__ == '__main__':
    unittest.main(verbosity=2)
