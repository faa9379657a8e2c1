"""End to end: in an Arabic brief, paragraphs, headings, list items, table cells and quotes
that start with a Latin word are still set right to left, flush with the right margin, and the
HTML gives every block the direction the PDF set it in; a fenced div's dir= sets its blocks'.
A name of the other direction in a citation, a note, a reference entry or the cite box keeps
the year after it on the line's side (pdftotext -bbox), and the HTML page isolates it.
usage: test_direction.py NASHRA SOURCE_ROOT"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import pdfcheck as pc  # noqa: E402

NASHRA, ROOT = sys.argv[1:3]
del sys.argv[1:3]

# Each Latin-initial block's first word, and the first word of a pure Arabic block set beside
# it (same list, column or quote) whose right edge it must share. No lam-alef in these words:
# poppler writes the ligature's letters in an order of its own.
BRIEF = '''---
title: أدوات البنية التحتية
lang: ar
---

يعرض هذا القسم أدوات يستعملها فريق العمليات يوميا في تشغيل الخدمات ومراقبتها، ويشرح دور كل منها في سلسلة النشر من كتابة الشيفرة حتى وصولها إلى المستخدمين في بيئة الإنتاج.

## Docker في بيئة التطوير

Kubernetes ينسق تشغيل الحاويات على مجموعة من الخوادم، فيوزع الحمل بينها ويعيد تشغيل ما يتعطل منها تلقائيا، ويتيح للفريق أن يرفع عدد النسخ أو يخفضه بحسب الطلب دون أن يتوقف النظام عن خدمة المستخدمين في أي لحظة من لحظات العمل المعتادة ختاما.

This paragraph is plain English and should stay left to right.

- Nginx خادم ويب سريع يوزع الطلبات
- يعمل الخادم الاحتياطي عند تعطل الخادم الرئيسي

1. **GroupDocs.Conversion لـ Java:** مكتبة لتحويل المستندات بين الصيغ.
2. تعمل المكتبة على الخادم دون واجهة رسومية.

| البرنامج | الوصف |
|---|---|
| Kafka وسيط رسائل | Redis مخزن مؤقت في الذاكرة |
| جدولة المهام | قاعدة بيانات علائقية |

> PostgreSQL قاعدة بيانات علائقية مفتوحة المصدر.
>
> تستعمل الفرق هذه القاعدة في معظم المشاريع.

```
make deploy
```
'''

MARKS = re.compile('[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]')
ARABIC = re.compile('[\u0600-\u06ff]')


def key(word):
    """A word as written: poppler gives an Arabic word's letters in visual order."""
    w = MARKS.sub('', word).strip()
    return w[::-1] if ARABIC.search(w) else w


def bbox_words(pdf):
    """(page, word, xMin, yMin, xMax) for every word, page by page."""
    out = pc.run(['pdftotext', '-bbox', pdf, '-']).stdout
    words, page = [], 0
    for line in out.splitlines():
        if '<page ' in line:
            page += 1
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">'
                      r'(.*)</word>', line)
        if m:
            words.append((page, key(m.group(4)), float(m.group(1)), float(m.group(2)),
                          float(m.group(3))))
    return words


class RenderedBrief(unittest.TestCase):
    """A brief (the class's SOURCE) rendered once to PDF and HTML, its words with their boxes."""
    SOURCE = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        src = os.path.join(cls.tmp.name, 'brief.md')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(cls.SOURCE)
        cls.pdf = os.path.join(cls.tmp.name, 'brief.pdf')
        r = pc.run([NASHRA, src, '-o', cls.pdf])
        assert r.returncode == 0, r.stderr
        cls.words = bbox_words(cls.pdf)
        cls.html = pc.run([NASHRA, '--to', 'html', src, '-o', '-']).stdout

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def word(self, text):
        found = [w for w in self.words if w[1] == text]
        self.assertEqual(len(found), 1, (text, found))
        return found[0]

    def row(self, w):
        """The words on W's line (same page, same top)."""
        return [x for x in self.words if x[0] == w[0] and abs(x[3] - w[3]) < 1]


class Direction(RenderedBrief):
    SOURCE = BRIEF

    def right_edge(self):
        # The opening paragraph is Arabic only and justified: its first line spans the box.
        return max(x[4] for x in self.row(self.word('يعرض')))

    def assert_starts_line_at(self, latin, edge):
        w = self.word(latin)
        self.assertAlmostEqual(w[4], edge, delta=1, msg=f'{latin} ends at {w[4]}, not {edge}')

    def test_paragraph_and_heading_flush_right(self):
        edge = self.right_edge()
        self.assert_starts_line_at('Docker', edge)
        self.assert_starts_line_at('Kubernetes', edge)
        # Every line, the last (not justified) one too, ends at the right margin.
        first, last = self.word('Kubernetes'), self.word('ختاما.')
        self.assertEqual(first[0], last[0])
        tops = sorted({round(x[3], 1) for x in self.words
                       if x[0] == first[0] and first[3] - 1 < x[3] < last[3] + 1})
        self.assertGreaterEqual(len(tops), 3, tops)
        for top in tops:
            xmax = max(x[4] for x in self.words if x[0] == first[0] and abs(x[3] - top) < 1)
            self.assertAlmostEqual(xmax, edge, delta=1, msg=f'line at {top} ends at {xmax}')

    def test_english_paragraph_stays_ltr(self):
        edge = self.right_edge()
        w = self.word('This')
        row = self.row(w)
        self.assertEqual(min(x[2] for x in row), w[2])
        self.assertLess(max(x[4] for x in row), edge - 50)

    def test_list_items_share_the_arabic_items_edge(self):
        for latin, arabic in (('Nginx', 'يعمل'), ('GroupDocs.Conversion', 'تعمل')):
            w, a = self.word(latin), self.word(arabic)
            self.assertAlmostEqual(w[4], a[4], delta=1, msg=latin)
            # The marker stays on the item's right, beside its first word.
            marker = [x for x in self.row(w) if x[2] > w[4]]
            self.assertEqual(len(marker), 1, (latin, self.row(w)))

    def test_table_cells_and_quotes_share_the_arabic_edge(self):
        for latin, arabic in (('Kafka', 'جدولة'), ('Redis', 'قاعدة'),
                              ('PostgreSQL', 'تستعمل')):
            w = self.word(latin)
            a = [x for x in self.words if x[1] == arabic]
            self.assertTrue(a, arabic)
            # The Arabic cell is in the same column: its first word's right edge.
            self.assertTrue(any(abs(w[4] - x[4]) < 1 for x in a),
                            f'{latin} ends at {w[4]}, {arabic} at {[x[4] for x in a]}')

    def test_html_blocks_carry_the_pdf_direction(self):
        main = self.html.split('<main>', 1)[1].split('</main>', 1)[0]
        blocks = re.findall(r'<(p|h[1-6]|li|th|td|pre)\b([^>]*)>(.*?)</\1>', main, re.S)
        self.assertGreaterEqual(len(blocks), 14)
        for tag, attrs, body in blocks:
            m = re.search(r'dir="(\w+)"', attrs)
            self.assertIsNotNone(m, (tag, body))
            text = re.sub(r'<[^>]+>', '', body)
            want = 'rtl' if ARABIC.search(text) else 'ltr'
            self.assertEqual(m.group(1), want, (tag, text))
        self.assertIn('<html lang="ar" dir="rtl">', self.html)
        # The quote's bar side, as in the PDF: its text has Arabic letters.
        self.assertIn('<blockquote dir="rtl">', main)


class DocumentDirection(unittest.TestCase):
    def test_arabic_title_and_neutral_body_agree(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, 'n.md')
            with open(src, 'w', encoding='utf-8') as f:
                f.write('---\ntitle: موجز الأرقام\n---\n\n123 -- 456\n')
            html = pc.run([NASHRA, '--to', 'html', src, '-o', '-']).stdout
            self.assertIn('<html lang="ar" dir="rtl">', html)
            self.assertIn('<p dir="rtl">', html)
            pdf = os.path.join(tmp, 'n.pdf')
            self.assertEqual(pc.run([NASHRA, src, '-o', pdf]).returncode, 0)
            words = bbox_words(pdf)
            num = [w for w in words if '456' in w[1]]
            title = [w for w in words if w[1] == 'موجز']
            self.assertTrue(num and title)
            # Set RTL: the number line is flush right, past the page's middle.
            self.assertGreater(num[0][2], 595 / 2)

    def test_latin_title_over_arabic_body_gets_arabic_labels(self):
        """One language for every generated word: the references heading, the citation, the
        page footer and the HTML page all follow the Arabic body, not the English title."""
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, 't.md')
            with open(src, 'w', encoding='utf-8') as f:
                f.write('---\ntitle: Water Security Brief\nreferences:\n'
                        '  - id: khatib\n    type: book\n    title: المياه والسياسة\n'
                        '    author: [{family: الخطيب, given: سامر}]\n    issued: 2023\n'
                        '---\n\nيتناول هذا الموجز أمن المياه في المنطقة [@khatib, 14].\n')
            pdf = os.path.join(tmp, 't.pdf')
            r = pc.run([NASHRA, src, '-o', pdf])
            self.assertEqual(r.returncode, 0, r.stderr)
            text = MARKS.sub('', pc.run(['pdftotext', pdf, '-']).stdout)
            self.assertNotIn('References', text)
            self.assertIn('المراجع', text)
            self.assertIn('٢٠٢٣', text)  # the citation in Arabic digits
            html = pc.run([NASHRA, '--to', 'html', src, '-o', '-']).stdout
            self.assertIn('<html lang="ar" dir="rtl">', html)
            self.assertIn('>المراجع<', html)
            self.assertNotIn('References', html)
            tree = pc.run([NASHRA, '--to', 'tree', src, '-o', '-']).stdout
            self.assertIn('resolved dir=rtl rule=rtl lang="ar" digits=arabic-indic', tree)

    def test_name_and_year_copy_apart(self):
        """A number that punctuation parts from the next word (a cite box's `name. year.`):
        poppler took the punctuation into the number and read `الخطيب٢٠٢٦ .«`."""
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, 'y.md')
            with open(src, 'w', encoding='utf-8') as f:
                f.write('---\ntitle: المياه\nauthors: [سامر الخطيب, Anna Weber]\n'
                        'date: 2026-03-01\nlang: ar\n---\n\n'
                        'كتب سامر الخطيب. ٢٠٢٣. "المياه والسياسة". وكتبت ليلى حداد، 2021، "السدود".\n')
            pdf = os.path.join(tmp, 'y.pdf')
            r = pc.run([NASHRA, src, '-o', pdf])
            self.assertEqual(r.returncode, 0, r.stderr)
            text = MARKS.sub('', pc.run(['pdftotext', pdf, '-']).stdout)
            words = {w.strip('.,،«»') for w in text.split()}
            for w in ('الخطيب', '٢٠٢٣', 'حداد', '2021', 'Weber', '٢٠٢٦'):
                self.assertIn(w, words, text)
            self.assertNotRegex(text, '(الخطيب|Weber|حداد)[٠-٩0-9]')


# A div with dir=ltr in an Arabic brief: its blocks, Arabic-initial ones too, run left to right.
DIV_BRIEF = '''---
title: موجز
lang: ar
---

يعرض هذا القسم أدوات يستعملها فريق العمليات يوميا في تشغيل الخدمات ومراقبتها، ويشرح دور كل منها في سلسلة النشر من كتابة الشيفرة حتى وصولها إلى المستخدمين في بيئة الإنتاج.

::: {#en .note dir=ltr lang=en}
سلام opens this English paragraph, which the div sets left to right.

- بند first item
:::

سطر بعد القسم Outside the div again.
'''


class DivDirection(RenderedBrief):
    SOURCE = DIV_BRIEF

    def test_div_lines_start_at_the_left_margin(self):
        # The opening paragraph is justified: its first line spans the box.
        box = self.row(self.word('يعرض'))
        left, right = min(x[2] for x in box), max(x[4] for x in box)
        first = self.word('سلام')
        self.assertAlmostEqual(first[2], left, delta=1, msg=f'starts at {first[2]}, not {left}')
        # Left to right: the Latin words follow it on the right, and the line stops short.
        self.assertGreater(self.word('opens')[2], first[4])
        self.assertLess(max(x[4] for x in self.row(first)), right - 50)
        # The list item inside: its marker on the left, its text after it.
        item = self.word('بند')
        marker = [x for x in self.row(item) if x[4] < item[2]]
        self.assertEqual(len(marker), 1, self.row(item))
        self.assertGreater(self.word('first')[2], item[4])
        # After the div, the brief's direction again: flush right.
        after = self.word('سطر')
        self.assertAlmostEqual(after[4], right, delta=1)

    def test_div_dir_wins_in_an_auto_brief(self):
        # dir: auto leaves each block to its first letter, but a div's dir= still decides.
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, 'auto.md')
            with open(src, 'w', encoding='utf-8') as f:
                f.write('---\ntitle: T\ndir: auto\n---\n\nA plain English paragraph long '
                        'enough to fill the whole first line of the text box before it wraps.'
                        '\n\n::: {dir=rtl}\nLatin set right to left\n:::\n')
            pdf = os.path.join(tmp, 'auto.pdf')
            self.assertEqual(pc.run([NASHRA, src, '-o', pdf]).returncode, 0)
            words = bbox_words(pdf)
            first = [w for w in words if w[1] == 'A'][0]
            latin = [w for w in words if w[1] == 'Latin'][0]
            line = [x for x in words if x[0] == latin[0] and abs(x[3] - latin[3]) < 1]
            # The English paragraph starts at the left margin; the div's line is flush right.
            self.assertLess(first[2], 595 / 4)
            self.assertGreater(min(x[2] for x in line), 595 / 2)

    def test_html_div_has_dir_and_lang(self):
        self.assertIn('<div id="en" class="note" lang="en" dir="ltr">', self.html)
        inside = self.html.split('<div id="en"', 1)[1].split('</div>', 1)[0]
        self.assertIn('<p dir="ltr">سلام opens', inside)
        self.assertIn('<li dir="ltr">بند first item</li>', inside)
        self.assertIn('<p dir="rtl">سطر', self.html)


# Names of the other direction in citations, the reference list and the cite box: isolated, so
# the comma and the year after one stay in the line's order (README, "Known pitfalls").
CITED_EN = """---
title: Trade corridors
authors: [Hannah Morris, نادية درويش]
date: 2026-04-02
lang: en
citation-style: apa
references:
  - id: darwish2022
    type: article-journal
    author: [{family: درويش, given: نادية}]
    title: التجارة البينية في المشرق
    container-title: مجلة الاقتصاد الإقليمي
    issued: 2022
    volume: 5
    DOI: 10.1234/trade
  - id: saleh2024
    type: book
    author: [{family: Saleh, given: Karim}]
    title: Borders and Markets
    publisher: Harbour Press
    issued: 2024
---

Studies in Arabic reach this conclusion [@darwish2022] as do others [@saleh2024].

تثقل الرسوم الخفية كاهل الشركات الصغيرة [@darwish2022].
"""

CITED_AR = """---
title: ملاحظات التجارة
authors: [ليلى الشامي, Daniel Weber]
date: 2026-11-24
lang: ar
digits: latin
citation-style: chicago
references:
  - id: weber2026
    type: book
    author: [{family: Weber, given: Daniel}]
    title: Payments at Scale
    publisher: Harbour Press
    issued: 2026
  - id: nouri2024
    type: book
    author: [{family: النوري, given: هالة}]
    title: الشمول المالي
    issued: 2024
    DOI: 10.1234/abc
---

تصل الدراسات إلى النتيجة نفسها [@weber2026] وتؤكدها دراسة أخرى [@nouri2024].
"""

ISOLATES = re.compile('[\u2066-\u2069]')


class CitedNames(RenderedBrief):
    """The PDF's boxes: in a left-to-right line the year stands right of an Arabic name, in a
    right-to-left one left of a Latin name; the HTML page isolates those names alike."""

    def pairs(self, name, year):
        """(name word, year word) of each line that holds both."""
        found = []
        for w in self.words:
            if year in w[1]:
                names = [x for x in self.row(w) if name in x[1] and x is not w]
                found += [(n, w) for n in names]
        return found

    def copied(self):
        return pc.run(['pdftotext', '-enc', 'UTF-8', self.pdf, '-']).stdout


class EnglishCitesArabic(CitedNames):
    SOURCE = CITED_EN

    def test_year_right_of_the_arabic_name(self):
        # The citations (one in an Arabic paragraph: set left to right, as the document), the
        # reference entry (a line with a DOI: left to right) and the cite box.
        for year, lines in (('2022', 3), ('2026', 1)):
            found = self.pairs('درويش', year)
            self.assertEqual(len(found), lines, (year, found))
            for name, num in found:
                self.assertGreater(num[2], name[4] - 0.5, (name, num))

    def test_copies_out_in_reading_order(self):
        text = self.copied()
        self.assertIn('(درويش, 2022)', MARKS.sub('', text))
        self.assertIsNone(ISOLATES.search(text))

    def test_html_isolates_the_arabic_name_only(self):
        self.assertIn('(<a href="#ref-darwish2022"><bdi dir="rtl">درويش</bdi>, 2022</a>)',
                      self.html)
        self.assertIn('<a href="#ref-saleh2024">Saleh, 2024</a>', self.html)
        self.assertIn('<a id="ref-darwish2022"><bdi dir="rtl">درويش, نادية</bdi>. (2022). ',
                      self.html)
        self.assertIn('&amp; <bdi dir="rtl">نادية درويش</bdi>. (2026).', self.html)
        # In the Arabic paragraph the citation keeps the document's direction, as in the PDF.
        self.assertIn('<p dir="rtl">تثقل الرسوم الخفية كاهل الشركات الصغيرة <span class="citation"'
                      ' data-cites="darwish2022" dir="ltr">(<a href="#ref-darwish2022"><bdi dir="rtl">'
                      'درويش</bdi>, 2022</a>)</span>.</p>', self.html)


class ArabicCitesEnglish(CitedNames):
    SOURCE = CITED_AR

    def test_latin_cite_reads_as_one_phrase(self):
        # A Latin work cited in its own terms reads left to right, as one phrase: the year
        # right of the name (name by name, the fields would run right to left: "2026 Weber").
        found = self.pairs('Weber', '2026')
        cite = [(n, y) for n, y in found if '(' in n[1] + y[1]]
        self.assertEqual(len(cite), 1, found)
        for name, num in cite:
            self.assertGreater(num[2], name[4] - 0.5, (name, num))

    def test_copies_out_in_reading_order(self):
        text = self.copied()
        self.assertIn('(Weber 2026)', MARKS.sub('', text))
        self.assertIsNone(ISOLATES.search(text))

    def test_html_isolates_the_latin_cite(self):
        self.assertIn('(<a href="#ref-weber2026"><bdi dir="ltr">Weber 2026</bdi></a>)',
                      self.html)
        self.assertIn('<a href="#ref-nouri2024">النوري 2024</a>', self.html)
        self.assertIn('<p>ليلى الشامي، و<bdi dir="ltr">Daniel Weber</bdi>. 2026.',
                      self.html)
        # A URL split over two nodes (the DOI is a link of its own) is one word: not isolated.
        self.assertIn('. https://doi.org/<a href="https://doi.org/10.1234/abc">10.1234/abc</a>',
                      self.html)

    def test_cite_box_led_by_a_latin_name_runs_left_to_right(self):
        src = os.path.join(self.tmp.name, 'brief.md')
        authors = 'authors=[Daniel Weber, ليلى الشامي]'
        html = pc.run([NASHRA, '--to', 'html', '-M', authors, src, '-o', '-']).stdout
        self.assertIn('<p dir="ltr">Weber، Daniel، <bdi dir="rtl">وليلى الشامي</bdi>. 2026. ', html)
        pdf = os.path.join(self.tmp.name, 'latin-first.pdf')
        self.assertEqual(pc.run([NASHRA, '-M', authors, src, '-o', pdf]).returncode, 0)
        words = bbox_words(pdf)
        year = [w for w in words if w[1] == '2026.' and w[2] > 62.5][-1]
        name = [w for w in words if w[0] == year[0] and abs(w[3] - year[3]) < 1 and
                'الشامي' in w[1]]
        self.assertEqual(len(name), 1, words)
        self.assertGreater(year[2], name[0][4] - 0.5)

    def test_apa_keeps_the_latin_cite_whole(self):
        html = pc.run([NASHRA, '--to', 'html', '-M', 'citation-style=apa',
                       os.path.join(self.tmp.name, 'brief.md'), '-o', '-']).stdout
        self.assertIn('<bdi dir="ltr">Weber, 2026</bdi></a>', html)


class EnglishNoteCitesArabic(CitedNames):
    """In a note style, the locator after an Arabic work stands right of it in an English
    note."""
    SOURCE = CITED_EN.replace('citation-style: apa', 'citation-style: chicago-notes').replace(
        'as do others [@saleh2024].', 'as do others.[^1]') + '\n[^1]: See [@darwish2022, p. 12] too.\n'

    def test_locator_right_of_the_arabic_work(self):
        found = [(n, y) for n, y in self.pairs('درويش', '12') if y[1] == '12']
        self.assertEqual(len(found), 1, found)
        name, num = found[0]
        self.assertGreater(num[2], name[4] - 0.5, (name, num))
        # A short note: the work was cited in full before.
        self.assertIn('See <a href="#ref-darwish2022"><bdi dir="rtl">درويش</bdi>, 12</a> too.',
                      self.html)


if __name__ == '__main__':
    unittest.main(verbosity=2)
