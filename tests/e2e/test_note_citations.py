"""End to end: citation-style chicago-notes in an Arabic and an English brief of several pages.
Each citation becomes a numbered note at the foot of the page of its call (pdftotext -f N -l N),
numbered with the author's own note; the first citation of a work is a full note, later ones
short, ibid. after the same single work; the references section lists exactly the cited works.
Each citation has a locator found nowhere else, so its note is found by it.
usage: test_note_citations.py NASHRA SOURCE_ROOT"""
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

AR_DIGITS = str.maketrans('0123456789', '٠١٢٣٤٥٦٧٨٩')

WORKS_EN = """  - id: smith
    type: book
    author: [{family: Smith, given: Jane}]
    title: Rivers Under Stress
    publisher: River Press
    issued: 2020
  - id: haddad
    type: book
    author: [{family: Haddad, given: Omar}]
    title: Dams and Deltas
    publisher: Delta Books
    issued: 2018
  - id: unused
    author: [{family: Nobody, given: Ann}]
    title: Never Cited
    issued: 2019
"""
WORKS = {
    'en': WORKS_EN + """  - id: khatib
    type: article-journal
    author: [{family: Khatib, given: Samer}]
    title: Transboundary Water
    container-title: Journal of Water Studies
    issued: 2023
    volume: 4
    issue: 2
""",
    'ar': WORKS_EN + """  - id: khatib
    type: article-journal
    author: [{family: الخطيب, given: سامر}]
    title: المياه العابرة للحدود
    container-title: مجلة الدراسات المائية
    issued: 2023
    volume: 4
  - id: haddad
    type: book
    author: [{family: ناصر, given: ليلى}]
    title: الأنهار المشتركة
    publisher: دار النهضة
    issued: 2019
""",
}
# In the Arabic brief 'haddad' is the Arabic book (the later entry of an id wins or not: the
# keys differ below to stay clear of that).
WORKS['ar'] = WORKS['ar'].replace('id: haddad\n    type: book\n    author: [{family: ناصر',
                                  'id: nasser\n    type: book\n    author: [{family: ناصر')

# The citation of every third paragraph (None: the author's own note there).
CITES = {
    'en': ['smith, p. 101', 'smith, p. 102', None, 'smith, p. 103', 'khatib, p. 104',
           'smith, p. 105; @khatib, p. 106', 'khatib, p. 107', 'khatib, p. 108', 'haddad, p. 109',
           'smith, p. 110'],
    'ar': ['khatib, p. 101', 'khatib, p. 102', None, 'khatib, p. 103', 'nasser, p. 104',
           'khatib, p. 105; @nasser, p. 106', 'nasser, p. 107', 'nasser, p. 108', 'smith, p. 109',
           'khatib, p. 110'],
}
# Each note's text (None: the author's note), and words its line must not hold (the full form's).
NOTES = {
    'en': [('Jane Smith, Rivers Under Stress (River Press, 2020), 101.', ''),
           ('Ibid., 102.', 'Smith'),
           None,
           ('Smith, Rivers Under Stress, 103.', 'Jane'),
           ('Samer Khatib, “Transboundary Water,” Journal of Water Studies 4, no. 2 (2023): 104.', ''),
           ('Smith, Rivers Under Stress, 105; Khatib, “Transboundary Water,” 106.', 'Jane Samer'),
           ('Khatib, “Transboundary Water,” 107.', 'Samer Journal'),
           ('Ibid., 108.', 'Khatib'),
           ('Omar Haddad, Dams and Deltas (Delta Books, 2018), 109.', ''),
           ('Smith, Rivers Under Stress, 110.', 'Jane')],
    'ar': [('سامر الخطيب، «المياه العابرة للحدود»، مجلة الدراسات المائية ٤ (٢٠٢٣)، ص ١٠١.', ''),
           ('المرجع نفسه، ص ١٠٢.', 'الخطيب'),
           None,
           ('الخطيب، «المياه العابرة للحدود»، ص ١٠٣.', 'سامر مجلة'),
           ('ليلى ناصر، الأنهار المشتركة (دار النهضة، ٢٠١٩)، ص ١٠٤.', ''),
           ('الخطيب، «المياه العابرة للحدود»، ص ١٠٥؛ ناصر، الأنهار المشتركة، ص ١٠٦.', 'سامر ليلى'),
           ('ناصر، الأنهار المشتركة، ص ١٠٧.', 'ليلى النهضة'),
           ('المرجع نفسه، ص ١٠٨.', 'ناصر'),
           ('Jane Smith, Rivers Under Stress (River Press, 2020), 109.', ''),
           ('الخطيب، «المياه العابرة للحدود»، ص ١١٠.', 'سامر')],
}
ENTRIES = {
    'en': ['Haddad, Omar. Dams and Deltas. Delta Books, 2018.',
           'Khatib, Samer. “Transboundary Water.” Journal of Water Studies 4, no. 2 (2023).',
           'Smith, Jane. Rivers Under Stress. River Press, 2020.'],
    'ar': ['Smith, Jane. Rivers Under Stress. River Press, 2020.',
           'الخطيب، سامر. «المياه العابرة للحدود». مجلة الدراسات المائية ٤ (٢٠٢٣).',
           'ناصر، ليلى. الأنهار المشتركة. دار النهضة، ٢٠١٩.'],
}
N_PARAS = 30


def brief(lang):
    ar = lang == 'ar'
    body = pc.BODY[lang]
    paras = []
    for i in range(N_PARAS):
        text = (body * (2 + i % 2)).strip()
        if i % 3 == 1:
            cite = CITES[lang][i // 3]
            call = '[^own]' if cite is None else f'[@{cite}]'
            text += f' tok{i:02d}{call}.'.replace(f'tok{i:02d}', f'tok{chr(97 + i // 3)}')
        paras.append(text)
    own = 'حاشية المؤلف نفسه.' if ar else 'The author’s own note.'
    return (f'---\ntitle: {"حواشي المراجع" if ar else "Notes of references"}\nlang: {lang}\n'
            f'citation-style: chicago-notes\nreferences:\n{WORKS[lang]}---\n\n' +
            '\n\n'.join(paras) + f'\n\n[^own]: {own} owntag\n')


def digits(lang, n):
    return str(n).translate(AR_DIGITS) if lang == 'ar' else str(n)


class NoteCitations(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = {}
        for lang in ('ar', 'en'):
            src = os.path.join(cls.tmp.name, lang + '.md')
            r, pdf, pages = pc.render_pages(NASHRA, src, brief(lang))
            cls.out[lang] = (r, pdf, pages, src)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def page_of(self, lang, word):
        # A tag may touch its call's number; a locator is a whole number.
        edge = '[a-z]' if word.startswith(('tok', 'own')) else '[0-9٠-٩]'
        pages = [i for i, t in enumerate(self.out[lang][2])
                 if re.search(f'(?<!{edge}){re.escape(word)}(?!{edge})', t)]
        self.assertEqual(len(pages), 1, f'{lang}: {word} on pages {pages}')
        return pages[0]

    def note_line(self, lang, page, locator):
        lines = [line for line in self.out[lang][2][page].splitlines() if line.strip()]
        at = [k for k, line in enumerate(lines) if locator in pc.words(line)]
        self.assertEqual(len(at), 1, f'{lang}: {locator} on lines {at} of page {page + 1}')
        k = at[0]
        return lines[k], ' '.join(lines[max(0, k - 1):k + 2])

    def test_render_ok(self):
        for lang in ('ar', 'en'):
            r, pdf, pages, _ = self.out[lang]
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertGreater(len(pages), 2)
            rc, out = pc.qpdf_check(pdf)
            self.assertEqual(rc, 0, out)

    def test_each_note_on_its_call_page_in_its_form(self):
        for lang in ('ar', 'en'):
            for k, note in enumerate(NOTES[lang]):
                with self.subTest(lang=lang, note=k + 1):
                    call = self.page_of(lang, f'tok{chr(97 + k)}')
                    if note is None:
                        self.assertEqual(self.page_of(lang, 'owntag'), call)
                        continue
                    text, not_in = note
                    locator = digits(lang if '١' in text else 'en', 101 + k - (k > 2) + (k > 5))
                    self.assertEqual(self.page_of(lang, locator), call)
                    line, window = self.note_line(lang, call, locator)
                    self.assertLessEqual(set(pc.words(text)), set(pc.words(window)), window)
                    # The note's number, in the brief's digits (an English note's may be
                    # extracted on a line of its own, at the right edge).
                    self.assertIn(digits(lang, k + 1), pc.words(window), window)
                    for w in not_in.split():
                        self.assertNotIn(w, pc.words(line), line)

    def test_english_notes_exact(self):
        text = re.sub(r'\s+', ' ', ' '.join(self.out['en'][2]))
        for k, note in enumerate(NOTES['en']):
            if note and len(note[0]) < 60:
                self.assertIn(f'{k + 1}. {note[0]}', text)
        self.assertIn('3. The author’s own note. owntag', text)

    def test_references_list_exactly_the_cited_works(self):
        for lang, heading in (('ar', 'المراجع'), ('en', 'References')):
            with self.subTest(lang=lang):
                text = re.sub(r'\s+', ' ', ' '.join(self.out[lang][2]))
                refs = text[text.index(heading, text.rindex('tok')):]
                for entry in ENTRIES[lang]:
                    self.assertLessEqual(set(pc.words(entry)), set(pc.words(refs)), entry)
                self.assertNotIn('Never Cited', text)
                if lang == 'en':
                    for entry in ENTRIES['en']:
                        self.assertIn(entry, refs)
                else:
                    self.assertNotIn('Dams and Deltas', text)
                    self.assertNotIn('Haddad', text)

    def test_endnotes(self):
        _, _, _, src = self.out['en']
        pdf = os.path.join(self.tmp.name, 'end.pdf')
        r = subprocess.run([NASHRA, src, '-o', pdf, '-M', 'notes=endnotes'],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        text = re.sub(r'\s+', ' ', pc.normalise(pc.pdftext(pdf)))
        notes = text[text.index('Notes', text.rindex('tok')):]
        self.assertIn('1. Jane Smith, Rivers Under Stress (River Press, 2020), 101.', notes)
        self.assertIn('4. Smith, Rivers Under Stress, 103.', notes)

    def test_html(self):
        _, _, _, src = self.out['ar']
        html = subprocess.run([NASHRA, '--to', 'html', src, '-o', '-'], capture_output=True,
                              text=True).stdout
        self.assertIn('<li id="fn-2">\n<p dir="rtl">المرجع نفسه، ص ١٠٢.', html)
        self.assertNotIn('class="citation"', html)


if __name__ == '__main__':
    unittest.main(verbosity=2)
