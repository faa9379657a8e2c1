"""End to end, in a real browser: each example's HTML page printed by headless Chromium and read
back with pdftotext (-bbox for where words stand): every block starts at its own start edge
(Arabic at the right), the table's -3% reads as written, the masthead holds the title, authors
and source before the body, and what the resolve stage decided (digits, labels, the running
head from page 2, the page count) is what the PDF shows; a cited name of the other direction
keeps the year after it on the line's side.
usage: test_html_browser.py NASHRA SOURCE_ROOT
Exit 77 (skipped) when Debian's chromium is not installed, unless CI=true. With
NASHRA_HTML_SHOTS=DIR, each page's screenshot and the PDF's pages are left in DIR to look at."""
import html
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

CHROMIUM = pc.require_tool('chromium')

EXAMPLES = ('brief-ar', 'brief-en', 'brief-notes-ar')
# The brief template's page: A4 (Chromium writes 594.96 pt), 62 pt side margins.
MARGIN = 62
ARABIC = re.compile('[\u0600-\u06ff]')
LATIN = re.compile('[A-Za-z]')
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r'([^<]*)</word>')


def chromium(*args):
    """Headless Chromium as root may run it: no sandbox, no GPU, a profile of its own."""
    with tempfile.TemporaryDirectory() as profile:
        r = subprocess.run([CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu',
                            f'--user-data-dir={profile}', *args],
                           capture_output=True, text=True, timeout=120)
    return r


def pages(pdf):
    """Per page: its width and its words as (xMin, yMin, xMax, yMax, text)."""
    out = pc.run(['pdftotext', '-bbox', pdf, '-']).stdout
    result = []
    for page in re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', out, re.S):
        words = [(float(a), float(b), float(c), float(d), html.unescape(t))
                 for a, b, c, d, t in WORD.findall(page[1])]
        result.append((float(page[0]), words))
    return result


def lines(words):
    """Words grouped into lines by their top."""
    rows = {}
    for w in words:
        rows.setdefault(round(w[1]), []).append(w)
    return list(rows.values())


def visual_forms(word):
    """How pdftotext may give WORD of a Chromium PDF: as written, or an Arabic word in visual
    order (reversed, its lam-alef ligatures kept as "لا")."""
    back = word[::-1]
    return {word, back, back.replace('ال', 'لا')}


def squeeze(text):
    """TEXT without whitespace: pdftotext spaces Arabic punctuation apart."""
    return re.sub(r'\s+', '', text)


def blocks(md):
    """The body's top-level paragraphs and headings: (first word, all its text)."""
    body = md.split('\n---\n', 1)[1]
    out = []
    for block in re.split(r'\n\s*\n', body):
        if block[:1].isspace():  # a note's later paragraph
            continue
        block = block.strip()
        if not block or block[0] in '|!>[-*:' or re.match(r'\d+\.', block) or block.startswith(
                'Table:'):
            continue
        text = re.sub(r'\{#[^}]*\}|\[@[^\]]*\]|\[\^[^\]]*\]|[*_`#]', '', block)
        text = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', text).strip()
        first = re.split(r'[\s،,.:]+', text)[0]
        if first:
            out.append((first, text))
    return out


class BrowserPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        shutil.copy(os.path.join(ROOT, 'examples', 'basin.svg'), cls.tmp)
        cls.out = {}
        for name in EXAMPLES:
            src = os.path.join(ROOT, 'examples', name + '.md')
            page = os.path.join(cls.tmp, name + '.html')
            r = pc.run([NASHRA, '--to', 'html', src, '-o', page])
            assert r.returncode == 0, r.stderr
            pdf = os.path.join(cls.tmp, name + '.pdf')
            r = pc.run([NASHRA, src, '-o', pdf])
            assert r.returncode == 0, r.stderr
            printed = os.path.join(cls.tmp, name + '.print.pdf')
            r = chromium('--no-pdf-header-footer', f'--print-to-pdf={printed}',
                         'file://' + page)
            assert os.path.exists(printed), r.stderr
            with open(src, encoding='utf-8') as f:
                md = f.read()
            cls.out[name] = (md, pdf, printed, pages(printed))
        shots = os.environ.get('NASHRA_HTML_SHOTS')
        if shots:
            os.makedirs(shots, exist_ok=True)
            for name in EXAMPLES:
                chromium('--hide-scrollbars', '--window-size=1000,1400',
                         f'--screenshot={os.path.join(shots, name + ".png")}',
                         'file://' + os.path.join(cls.tmp, name + '.html'))
                pc.run(['pdftoppm', '-r', '70', '-png', cls.out[name][1],
                        os.path.join(shots, name + '-pdf')])
                pc.run(['pdftoppm', '-r', '70', '-png', cls.out[name][2],
                        os.path.join(shots, name + '-print')])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def text(self, name, page=None):
        printed = self.out[name][2]
        return pc.normalise(pc.pdftext(printed, page, page))

    def test_blocks_start_at_their_start_edge(self):
        # Arabic lines end at the right edge of the text area, Latin lines start at its left:
        # each block's first word is the first of its line on that side (a paragraph number
        # in the margin beyond it aside).
        for name in EXAMPLES:
            md, _, _, printed = self.out[name]
            rtl_doc = 'lang: ar' in md
            for first, text in blocks(md):
                rtl = bool(ARABIC.search(text)) if rtl_doc else not LATIN.search(text)
                found = []
                for width, words in printed:
                    right = width - MARGIN
                    for line in lines(words):
                        # A glyph may overhang its edge a little; a number in the margin more.
                        inside = [w for w in line if MARGIN - 4 < w[0] and w[2] < right + 4]
                        if not inside:
                            continue
                        edge = max(inside, key=lambda w: w[2]) if rtl else min(inside)
                        # pdftotext cuts an Arabic word after a letter that does not join
                        # ("و|يضاف"): the edge holds the word's start, in visual order its end.
                        if any(f.endswith(edge[4]) if rtl else f.startswith(edge[4])
                               for f in visual_forms(first) if edge[4]):
                            found.append(abs(edge[2] - right) if rtl else abs(edge[0] - MARGIN))
                with self.subTest(example=name, block=text[:30]):
                    self.assertTrue(found, f'"{first}" starts no line')
                    self.assertLess(min(found), 1.5, f'"{first}" is {min(found):.1f} pt off')

    def test_numbers_in_the_table_read_as_written(self):
        text = ' '.join(self.text('brief-notes-ar', p) for p in (1, 2, 3))
        for n in range(3, 10):
            self.assertIn(f'-{n}%', text)
            self.assertNotIn(f'{n}%-', text)
        words = [w[4] for _, ws in self.out['brief-notes-ar'][3] for w in ws]
        self.assertIn('-3%', words)

    def test_masthead_holds_title_authors_source(self):
        cases = {
            'brief-ar': ('الأمن المائي في حوض الفرات', ['سارة المنصوري', 'كريم حداد'],
                         'نشرة دراسات المياه والتنمية', 'تشهد المنطقة'),
            'brief-en': ('Heat and the City', ['Lena Fischer', 'Omar Haddad', 'Priya Raman'],
                         'Urban Policy Notes', 'Summers in many'),
            'brief-notes-ar': ('تدفقات الفرات في عام الجفاف', ['سارة المنصوري', 'كريم حداد'],
                               'أوراق سياسات — العدد ١٥', 'تراجع تدفق'),
        }
        for name, (title, authors, source, body) in cases.items():
            page1 = re.sub(r'\s+', ' ', self.text(name, 1))
            with self.subTest(example=name):
                start = page1.index(body)
                for needle in [title, *authors, source]:
                    self.assertIn(needle, page1[:start])

    def test_what_resolve_decided(self):
        notes = re.sub(r'\s+', ' ', ' '.join(self.text('brief-notes-ar', p) for p in (1, 2, 3)))
        flat = squeeze(notes)
        # The figure's numbered caption, its credit, the table's label, the brief's digits
        # (pdftotext puts a digit and its colon either way round).
        self.assertRegex(flat, 'شكل(١:|:١)حوضالفراتومحطاتالقياس')
        self.assertIn(squeeze('المصدر: رسم توضيحي من إعداد الباحثين'), flat)
        self.assertRegex(flat, 'جدول(١:|:١)متوسطالتدفقالشهري')
        self.assertIn(squeeze('مركز دراسات الموارد الطبيعية، قسم الجغرافيا، جامعة الشرق'), flat)
        self.assertIn('٢٤ نوفمبر ٢٠٢٦', notes)
        for n in '١٢٣':
            self.assertRegex(notes, rf'(^| ){n}\. |\.{n} ')
        self.assertNotRegex(notes, r'(^| )[123]\. ')
        # Paragraph numbers and the source line of brief-ar.
        # (Two numbers a comma apart come out of pdftotext either way round.)
        ar = squeeze(self.text('brief-ar', 1))
        self.assertRegex(ar, 'نُ?شرفي:نشرةدراساتالمياهوالتنمية،العدد(١٢،٢٠|٢٠،١٢)نوفمبر٢٠٢٦')
        # The running head from page 2, the foot on every page, in the brief's digits.
        for name, head, foot in (('brief-notes-ar', 'أوراق سياسات — تدفقات الفرات في عام الجفاف',
                                  'صفحة {} من {}'),
                                 ('brief-en', 'Urban Policy Notes — Heat and the City',
                                  'Page {} of {}')):
            md, pdf, _, printed = self.out[name]
            n = len(printed)
            digits = '٠١٢٣٤٥٦٧٨٩' if 'lang: ar' in md else '0123456789'
            with self.subTest(example=name):
                # The page and the PDF break into as many pages.
                self.assertEqual(n, int(pc.pdfinfo(pdf)['Pages']))
                for p in range(1, n + 1):
                    text = re.sub(r'\s+', ' ', self.text(name, p))
                    self.assertIn(foot.format(digits[p], digits[n]), text)
                    (self.assertIn if p > 1 else self.assertNotIn)(head, text)



# A name of the other direction in a citation: the year after it on the line's side, in an
# English paragraph, in an Arabic paragraph of the English brief (the citation keeps the
# document's direction, as in the PDF) and in an Arabic brief.
CITING = {
    'cites-ar': """---
title: Trade corridors
lang: en
citation-style: apa
references:
  - {id: darwish2022, type: book, author: [{family: درويش, given: نادية}], title: التجارة, issued: 2022}
---

Studies in Arabic reach this conclusion [@darwish2022] as do others.

تثقل الرسوم الخفية كاهل الشركات الصغيرة [@darwish2022].
""",
    'cites-en': """---
title: ملاحظات التجارة
lang: ar
digits: latin
citation-style: chicago
references:
  - {id: weber2026, type: book, author: [{family: Weber, given: Daniel}], title: Payments, issued: 2026}
---

تصل الدراسات إلى النتيجة نفسها [@weber2026] وتؤكدها دراسة أخرى.
""",
}


class CitedNamesInTheBrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        cls.words = {}
        for name, md in CITING.items():
            src = os.path.join(cls.tmp, name + '.md')
            with open(src, 'w', encoding='utf-8') as f:
                f.write(md)
            page = os.path.join(cls.tmp, name + '.html')
            r = pc.run([NASHRA, '--to', 'html', src, '-o', page])
            assert r.returncode == 0, r.stderr
            printed = os.path.join(cls.tmp, name + '.print.pdf')
            chromium('--no-pdf-header-footer', f'--print-to-pdf={printed}', 'file://' + page)
            assert os.path.exists(printed), name
            cls.words[name] = [w for _, ws in pages(printed) for w in ws]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def pairs(self, name, who, year):
        """(name word, year word) side by side (a citation's, not a reference entry's) on a
        line of NAME's page."""
        found = []
        for line in lines(self.words[name]):
            ys = [w for w in line if year in w[4]]
            ns = [w for w in line if any(f in w[4] for f in visual_forms(who))]
            found += [(n, y) for n in ns for y in ys
                      if n is not y and min(abs(y[0] - n[2]), abs(n[0] - y[2])) < 8]
        return found

    def test_year_right_of_an_arabic_name_in_english(self):
        found = self.pairs('cites-ar', 'درويش', '2022')
        self.assertEqual(len(found), 2, self.words['cites-ar'])
        for n, y in found:
            self.assertGreater(y[0], n[2] - 0.5, (n, y))

    def test_latin_cite_in_arabic_reads_left_to_right(self):
        # A Latin work cited in its own terms is one left-to-right phrase: year right of name.
        found = self.pairs('cites-en', 'Weber', '2026')
        self.assertEqual(len(found), 1, self.words['cites-en'])
        for n, y in found:
            self.assertGreater(y[0], n[2] - 0.5, (n, y))


if __name__ == '__main__':
    unittest.main(verbosity=2)
