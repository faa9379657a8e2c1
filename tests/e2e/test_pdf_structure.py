"""End to end: the PDF's structure tree (pdfinfo -struct-text) holds every construct of a brief,
in reading order, each element with its text: the masthead, headings, paragraphs, lists, a
table with a header row, a figure and its caption, a quote, a foot note at the foot of its
page; in English and in Arabic. A paragraph broken across pages stays one element. The
elements' attributes (read with pypdf): the figure's /Alt, the header cells' scope, /Lang on an
English passage of an Arabic brief; everything drawn outside the tree's elements is an artifact.
usage: test_pdf_structure.py NASHRA SOURCE_ROOT"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import pdfcheck as pc  # noqa: E402
import pypdf  # noqa: E402
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject  # noqa: E402

NASHRA, ROOT = sys.argv[1:3]
del sys.argv[1:3]

EN = '''---
title: Every construct
subtitle: A test brief
authors: [Ann Author]
date: 2026-01-02
source: Test Series
source-url: https://example.org/
lang: en
---

Opening paragraph with a note.[^1]

## Section two

1. First item
2. Second item

| Name | Value |
|------|------:|
| Alpha | 1 |

![A chart of flows](chart.png "Monthly flows")

> A quoted sentence.

### Third level

Closing paragraph.

[^1]: The note text.
'''

AR = '''---
title: كل البنى
subtitle: ورقة للاختبار
authors: [سارة المنصوري]
date: 2026-01-02
source: سلسلة الاختبار
source-url: https://example.org/
lang: ar
---

فقرة أولى فيها حاشية.[^1]

## القسم الثاني

1. البند الأول
2. البند الثاني

| الاسم | القيمة |
|------|------:|
| ألف | ١ |

![رسم للتدفقات](chart.png "التدفقات الشهرية")

> جملة مقتبسة.

### المستوى الثالث

فقرة ختامية.

[^1]: نص الحاشية.
'''

# (depth, kind) in reading order, Spans and Links left out, with the text each element's own
# content must hold (None: no check). A list marker is drawn after the first line of its item,
# as readers copy it out, yet its Lbl comes first in the item; a note's number, drawn after
# the note's first line too, is that line's element's content.
# The foot note is drawn, and read, at the foot of its page: after the page's last block.
EXPECTED = [
    (1, 'H1'), (1, 'P'), (1, 'P'), (1, 'P'), (1, 'P'),
    (1, 'P'),
    (1, 'H2'),
    (1, 'L'), (2, 'LI'), (3, 'Lbl'), (3, 'LBody'), (4, 'P'),
    (2, 'LI'), (3, 'Lbl'), (3, 'LBody'), (4, 'P'),
    (1, 'Table'), (2, 'TR'), (3, 'TH'), (3, 'TH'), (2, 'TR'), (3, 'TD'), (3, 'TD'),
    (1, 'Figure'), (1, 'Caption'),
    (1, 'BlockQuote'), (2, 'P'),
    (1, 'H3'), (1, 'P'),
    (1, 'Div'), (2, 'P'), (2, 'P'),
    (1, 'Note'), (2, 'P'),
]
TEXTS = {
    'en': ['Every construct', 'A test brief', 'Ann Author', 'January 2, 2026',
           'Published in: Test Series', 'Opening paragraph with a note. 1', 'Section two', None, None,
           '1.', None, 'First item', None, '2.', None, 'Second item', None, None, 'Name', 'Value', None, 'Alpha', '1', '',
           'Figure 1: Monthly flows', None, 'A quoted sentence.', 'Third level',
           'Closing paragraph.', None, 'How to cite this brief', None, None,
           'The note text. 1.'],
    'ar': ['كل البنى', 'ورقة للاختبار', 'سارة المنصوري', None, None,
           'فقرة أولى فيها حاشية.١', 'القسم الثاني', None, None, '١.', None,
           'البند الأول', None, '٢.', None, 'البند الثاني', None, None, 'الاسم', 'القيمة', None,
           'ألف', '١', '', None, None, 'جملة مقتبسة.', 'المستوى الثالث', 'فقرة ختامية.', None,
           None, None, None, 'نص الحاشية.١.'],
}

LINE = re.compile(r'^( *)(\S+)(?: \((?:block|inline)\))?$')


def struct_tree(pdf):
    """pdfinfo -struct-text as a flat list of [depth, kind, text], a Span's text counted as
    its parent's and Links left out."""
    out = subprocess.run(['pdfinfo', '-struct-text', pdf], capture_output=True, text=True,
                         check=True).stdout
    elems, stack = [], []  # stack: (indent, element or None for a Span or Link, kind)
    for line in out.splitlines():
        indent = len(line) - len(line.lstrip(' '))
        body = line.strip()
        if body.startswith('"'):
            while stack and stack[-1][0] >= indent:
                stack.pop()
            owners = [e for _, e, _ in stack if e is not None]
            if stack and stack[-1][1] is None and stack[-1][2] == 'Link':
                continue  # a link's own (empty) text
            if owners:
                owners[-1][2] += body[1:-1]
            continue
        if body.startswith('Object '):
            continue
        m = LINE.match(line)
        if not m:
            continue
        depth = indent // 2
        while stack and stack[-1][0] >= indent:
            stack.pop()
        kind = m.group(2).rstrip(':')  # 'TH:' when attributes follow
        if kind in ('Span', 'Link'):
            stack.append((indent, None, kind))
            continue
        e = [depth, kind, '']
        elems.append(e)
        stack.append((indent, e, kind))
    return elems


def struct_elems(pdf):
    """The structure elements as pypdf reads them, depth first in /K order (pdfinfo's order),
    Spans and Links left out: a list of (type, element dictionary)."""
    reader = pypdf.PdfReader(pdf)
    out = []

    def walk(k):
        k = k.get_object()
        if isinstance(k, ArrayObject):
            for x in k:
                walk(x)
        elif isinstance(k, DictionaryObject) and '/S' in k:
            if k['/S'] not in ('/Span', '/Link'):
                out.append((k['/S'][1:], k))
            if '/K' in k:
                walk(k['/K'])

    walk(reader.trailer['/Root']['/StructTreeRoot']['/K'])
    return out


PAINT = {b'f', b'F', b'f*', b'S', b's', b'B', b'B*', b'b', b'b*', b'Tj', b'TJ', b"'", b'"',
         b'Do', b'sh', b'INLINE IMAGE'}


def unmarked_paint(pdf):
    """(page, operator) of every painting operator outside all marked content."""
    reader = pypdf.PdfReader(pdf)
    found = []
    for n, page in enumerate(reader.pages, 1):
        depth = 0
        for _, op in ContentStream(page.get_contents(), reader).operations:
            if op in (b'BDC', b'BMC'):
                depth += 1
            elif op == b'EMC':
                depth -= 1
                assert depth >= 0, f'page {n}: EMC without its BMC or BDC'
            elif op in PAINT and depth == 0:
                found.append((n, op))
        assert depth == 0, f'page {n}: marked content left open'
    return found


def plain(s):
    """Text without bidi marks and spaces (poppler joins the lines of an element without one)."""
    return re.sub(r'\s+', '', pc.normalise(s))


class Structure(unittest.TestCase):
    def render(self, tmp, name, text):
        src = os.path.join(tmp, name + '.md')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(text)
        pdf = os.path.join(tmp, name + '.pdf')
        r = subprocess.run([NASHRA, src, '-o', pdf], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        code, out = pc.qpdf_check(pdf)
        self.assertEqual(code, 0, out)
        return pdf

    def check_brief(self, lang, text):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(os.path.join(ROOT, 'tests', 'data', 'chart.png'), tmp)
            pdf = self.render(tmp, lang, text)
            tree = struct_tree(pdf)
            self.assertEqual(tree[0][:2], [0, 'Document'])
            got = [(d, k) for d, k, _ in tree[1:]]
            self.assertEqual(got, EXPECTED)
            for (d, k, t), want in zip(tree[1:], TEXTS[lang]):
                if want is None:
                    continue
                if lang == 'en':
                    self.assertEqual(plain(t), plain(want), f'{k} at depth {d}')
                else:
                    # Poppler gives marked content in drawing order: right-to-left text comes
                    # out reversed. The same letters, whatever their order.
                    self.assertEqual(sorted(plain(t)), sorted(plain(want)), f'{k} at depth {d}')

    def test_english(self):
        self.check_brief('en', EN)

    def check_attributes(self, lang, text, alt):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(os.path.join(ROOT, 'tests', 'data', 'chart.png'), tmp)
            pdf = self.render(tmp, lang, text)
            elems = struct_elems(pdf)
            self.assertEqual([k for k, _ in elems], ['Document'] + [k for _, k in EXPECTED])
            figures = [e for k, e in elems if k == 'Figure']
            self.assertEqual([f.get('/Alt') for f in figures], [alt])
            heads = [e for k, e in elems if k == 'TH']
            self.assertEqual(len(heads), 2)
            for th in heads:
                self.assertEqual(th['/A']['/O'], '/Table')
                self.assertEqual(th['/A']['/Scope'], '/Column')
            # Nothing but the figure says its language: all of it is the document's.
            self.assertEqual([k for k, e in elems if '/Lang' in e], [])
            self.assertEqual(unmarked_paint(pdf), [])

    def test_english_attributes(self):
        self.check_attributes('en', EN, 'A chart of flows')

    def test_arabic_attributes(self):
        self.check_attributes('ar', AR, 'رسم للتدفقات')

    def test_note_is_reached_from_its_call(self):
        # PDF 1.7 has no /Ref: the call is a Link element inside its paragraph, whose
        # annotation goes to the note, and the note's number one back to the call.
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(os.path.join(ROOT, 'tests', 'data', 'chart.png'), tmp)
            pdf = self.render(tmp, 'en', EN)
            reader = pypdf.PdfReader(pdf)
            links = []

            def walk(k, owner):
                k = k.get_object()
                if isinstance(k, ArrayObject):
                    for x in k:
                        walk(x, owner)
                elif isinstance(k, DictionaryObject) and '/S' in k:
                    if k['/S'] == '/Link':
                        annots = [x['/Obj'].get_object() for x in k['/K']
                                  if isinstance(x.get_object(), DictionaryObject)]
                        links.append((owner, [a.get('/Dest') for a in annots]))
                    else:
                        walk(k.get('/K', ArrayObject()), owner + [k['/S']])

            walk(reader.trailer['/Root']['/StructTreeRoot']['/K'], [])
            dests = reader.named_destinations
            self.assertIn(('/Document', '/P'), [tuple(o) for o, d in links if d == ['fn-1']])
            self.assertIn(('/Document', '/Note', '/P'),
                          [tuple(o) for o, d in links if d == ['fnref-1']])
            self.assertIn('fn-1', dests)
            self.assertIn('fnref-1', dests)

    def test_english_passage_in_arabic_brief_has_its_lang(self):
        text = AR.replace('> جملة مقتبسة.\n', '> جملة مقتبسة.\n\n::: {lang=en dir=ltr}\n'
                          'An English paragraph.\n\n> An English quote.\n:::\n')
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(os.path.join(ROOT, 'tests', 'data', 'chart.png'), tmp)
            pdf = self.render(tmp, 'mixed', text)
            elems = struct_elems(pdf)
            tree = struct_tree(pdf)
            self.assertEqual([k for k, _ in elems], [k for _, k, _ in tree])
            langs = [(k, e.get('/Lang'), plain(t)) for (k, e), (_, _, t) in zip(elems, tree)
                     if '/Lang' in e]
            # The quote's paragraph inherits the quote's language: only the quote says it.
            self.assertEqual(langs, [('P', 'en', plain('An English paragraph.')),
                                     ('BlockQuote', 'en', '')])

    def test_arabic(self):
        self.check_brief('ar', AR)

    def test_paragraph_across_pages_is_one_element(self):
        long_para = ' '.join(f'Sentence number {i} of the long paragraph.' for i in range(400))
        text = (f'---\ntitle: Long\nsource: Series\nlang: en\n---\n\nBefore.\n\n{long_para}'
                '\n\nAfter.\n')
        with tempfile.TemporaryDirectory() as tmp:
            pdf = self.render(tmp, 'long', text)
            self.assertGreater(int(pc.pdfinfo(pdf)['Pages']), 2)
            tree = struct_tree(pdf)
            paras = [t for d, k, t in tree if k == 'P' and d == 1]
            body = [t for t in paras if 'Sentence' in t]
            self.assertEqual(len(body), 1, 'the long paragraph is one P')
            self.assertEqual(plain(body[0]), plain(long_para))
            # Running heads and page numbers are no element's text: artifacts.
            for _, _, t in tree:
                self.assertNotIn('Series — Long', t)
                self.assertNotIn('Page ', t)
            self.assertEqual(unmarked_paint(pdf), [])
            self.assertIn('Page 2', pc.pdftext(pdf, 2, 2), 'artifacts are still drawn')

    def test_lines_of_an_element_are_joined_with_spaces(self):
        # Poppler's struct-text joins an element's glyphs in drawing order: each line that its
        # paragraph goes on after ends in the space the break took.
        paras = {
            'en': ' '.join(['Every line of this paragraph ends where a space was, and the '
                            'structure tree keeps that space between the words.'] * 6),
            'ar': ' '.join(['ينتهي كل سطر من هذه الفقرة حيث كانت مسافة وتحفظ شجرة البنية '
                            'تلك المسافة بين الكلمات'] * 6),
        }
        for lang, para in paras.items():
            with self.subTest(lang=lang), tempfile.TemporaryDirectory() as tmp:
                pdf = self.render(tmp, lang, f'---\ntitle: T\nlang: {lang}\n---\n\n{para}\n')
                body = [t for d, k, t in struct_tree(pdf) if k == 'P' and plain(t) and
                        sorted(plain(t)) == sorted(plain(para))]
                self.assertEqual(len(body), 1)
                self.assertGreater(len(pc.pdftext(pdf).strip().splitlines()), 3, 'several lines')
                got = pc.normalise(body[0]).split()
                if lang == 'en':
                    self.assertEqual(got, para.split())
                else:
                    # Drawn, and so read, in visual order: each line's words reversed, in
                    # reverse; none run into another.
                    self.assertEqual(sorted(w[::-1] for w in got), sorted(para.split()))

    def test_list_lines_end_in_their_space_in_every_template(self):
        # A list item's line shares its baseline with its marker, and ends in a blank glyph
        # whose text is a mark and a space (pdf.js joined `illegal.•` without it). Cairo
        # dropped that lone blank glyph where it stood on whole-number coordinates, as every
        # line does on the report template's baselines.
        text = '---\ntitle: T\nlang: en\n---\n\n- Fishing plans cut illegal catches.\n' \
               '- Prices rise when catches are smaller.\n'
        for tpl in ('brief', 'memo', 'report'):
            with self.subTest(template=tpl), tempfile.TemporaryDirectory() as tmp:
                src = os.path.join(tmp, 'l.md')
                with open(src, 'w', encoding='utf-8') as f:
                    f.write(text)
                pdf = os.path.join(tmp, 'l.pdf')
                r = pc.run([NASHRA, src, '-o', pdf, '--template', tpl])
                self.assertEqual(r.returncode, 0, r.stderr)
                out = pc.pdftext(pdf)
                for end in ('catches.', 'smaller.'):
                    self.assertIn(end + '\u200e ', out)

    def test_two_renders_are_identical(self):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(os.path.join(ROOT, 'tests', 'data', 'chart.png'), tmp)
            a = self.render(tmp, 'a', EN)
            b = self.render(tmp, 'b', EN)
            with open(a, 'rb') as fa, open(b, 'rb') as fb:
                self.assertEqual(fa.read(), fb.read())


if __name__ == '__main__':
    unittest.main(verbosity=2)
