"""End to end: footnotes at the foot of the page of their first call, in an Arabic and an English
brief with many paragraphs and notes, one of them too long for its page (it continues on the
next page). Pages are read one at a time with pdftotext -f N -l N; every paragraph ends in a
Latin tag (tokXY) glued to its call, every note ends in the matching tag (noteXY), the parts of the long one in longXY.
usage: test_footnotes.py NASHRA SOURCE_ROOT"""
import itertools
import os
import re
import string
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import pdfcheck as pc  # noqa: E402

NASHRA, ROOT = sys.argv[1:3]
del sys.argv[1:3]

TAGS = [''.join(p) for p in itertools.product(string.ascii_lowercase, repeat=2)]
N_PARAS = 48
LONG = 9  # the paragraph whose note is too long for any page
LONG_PARTS = 16



def brief(lang):
    ar = lang == 'ar'
    title = 'تجربة التذييل' if ar else 'Foot of the page'
    body = pc.BODY[lang]
    paras, notes = [], []
    for i in range(N_PARAS):
        tag = TAGS[i]
        text = body * (1 + i % 3)
        if i % 3 == 1 or i == LONG:
            paras.append(f'{text}tok{tag}[^{tag}]')
            if i == LONG:
                parts = [(body * 2).strip() + f' long{TAGS[k]}' for k in range(LONG_PARTS)]
                parts[0] += f' note{tag}'
                notes.append(f'[^{tag}]: ' + '\n\n    '.join(parts))
            elif ar and i == 4:
                notes.append(f'[^{tag}]: An English note that runs left to right, note{tag}.')
            else:
                short = 'حاشية قصيرة تشرح المصدر.' if ar else 'A short note on the source.'
                notes.append(f'[^{tag}]: {short} note{tag}')
        else:
            paras.append(text.strip())
    return f'---\ntitle: {title}\nlang: {lang}\n---\n\n' + '\n\n'.join(paras) + '\n\n' + \
        '\n\n'.join(notes) + '\n'


class Footnotes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = {}
        for lang in ('ar', 'en'):
            src = os.path.join(cls.tmp.name, lang + '.md')
            r, pdf, pages = pc.render_pages(NASHRA, src, brief(lang))
            cls.out[lang] = (r, pdf, pages)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def page_of(self, lang, word):
        pages = [i for i, t in enumerate(self.out[lang][2]) if re.search(r'(?<![a-z])' + word + r'(?![a-z])', t)]
        self.assertEqual(len(pages), 1, f'{word} on pages {pages}')
        return pages[0]

    def test_render_ok(self):
        for lang in ('ar', 'en'):
            r, pdf, pages = self.out[lang]
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertGreater(len(pages), 3)
            rc, out = pc.qpdf_check(pdf)
            self.assertEqual(rc, 0, out)

    def test_each_note_on_its_call_page(self):
        for lang in ('ar', 'en'):
            for i in range(N_PARAS):
                if i % 3 == 1 or i == LONG:
                    with self.subTest(lang=lang, note=i):
                        tag = TAGS[i]
                        self.assertEqual(self.page_of(lang, 'note' + tag),
                                         self.page_of(lang, 'tok' + tag))

    def test_no_endnote_heading(self):
        self.assertNotIn('الحواشي', ''.join(self.out['ar'][2]))
        self.assertNotIn('Notes', ''.join(self.out['en'][2]))

    def test_long_note_continues_on_next_page(self):
        for lang in ('ar', 'en'):
            with self.subTest(lang=lang):
                call = self.page_of(lang, 'tok' + TAGS[LONG])
                pages = [self.page_of(lang, 'long' + TAGS[k]) for k in range(LONG_PARTS)]
                self.assertEqual(pages[0], call)
                self.assertEqual(pages, sorted(pages))
                later = [p for p in pages if p != call]
                self.assertTrue(later, 'the long note does not continue')
                self.assertEqual(later[0], call + 1)

    def test_note_below_page_text(self):
        # On the call's page the note comes after the page's body text, before the foot.
        for lang in ('ar', 'en'):
            tag = TAGS[1]
            t = self.out[lang][2][self.page_of(lang, 'tok' + tag)]
            self.assertLess(t.index('tok' + tag), t.index('note' + tag))


if __name__ == '__main__':
    unittest.main(verbosity=2)
