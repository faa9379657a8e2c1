"""End to end: note styles in an Arabic and an English brief of several pages.
Each citation becomes a numbered note at the foot of the page of its call (pdftotext -f N -l N),
numbered with the author's own note. `chicago-notes` is Debian's chicago-note-bibliography.csl:
every note is short (author, title, page), and a note citing the same single work as the note
before gives the author and page only. chicago-fullnote-bibliography-with-ibid.csl: the first
citation of a work is a full note, later ones short, "Ibid." (المرجع السابق) after the same single
work. The references section lists exactly the cited works. Each citation has a locator found
nowhere else, so its note is found by it. Expected notes are what citeproc-js writes with the same
styles, with nashra's Arabic punctuation, « » and the brief's digits in Arabic notes; a Latin
work in the Arabic brief is written in English.
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
SHORT = 'chicago-notes'
FULL = 'chicago-fullnote-bibliography-with-ibid'
STYLES = (SHORT, FULL)
# Each note's text (None: the author's note), and words its line must not hold.
NOTES = {
    ('en', FULL): [
        ('Jane Smith, Rivers Under Stress (River Press, 2020), 101.', ''),
        ('Ibid., 102.', 'Smith'),
        None,
        ('Smith, Rivers Under Stress, 103.', 'Jane'),
        ('Samer Khatib, “Transboundary Water,” Journal of Water Studies 4, no. 2 (2023): 104.', ''),
        ('Smith, Rivers Under Stress, 105; Khatib, “Transboundary Water,” 106.', 'Jane Samer'),
        ('Khatib, “Transboundary Water,” 107.', 'Samer Journal'),
        ('Ibid., 108.', 'Khatib'),
        ('Omar Haddad, Dams and Deltas (Delta Books, 2018), 109.', ''),
        ('Smith, Rivers Under Stress, 110.', 'Jane')],
    ('en', SHORT): [
        ('Smith, Rivers Under Stress, 101.', 'Jane Press 2020'),
        ('Smith, 102.', 'Rivers Ibid'),
        None,
        ('Smith, Rivers Under Stress, 103.', 'Jane'),
        ('Khatib, “Transboundary Water,” 104.', 'Samer Journal 2023'),
        ('Smith, Rivers Under Stress, 105; Khatib, “Transboundary Water,” 106.', 'Jane Samer'),
        ('Khatib, “Transboundary Water,” 107.', 'Samer Journal'),
        ('Khatib, 108.', 'Transboundary Ibid'),
        ('Haddad, Dams and Deltas, 109.', 'Omar Books 2018'),
        ('Smith, Rivers Under Stress, 110.', 'Jane')],
    ('ar', FULL): [
        ('سامر الخطيب، «المياه العابرة للحدود»، مجلة الدراسات المائية ٤ (٢٠٢٣): ١٠١.', ''),
        ('المرجع السابق، ١٠٢.', 'الخطيب'),
        None,
        ('الخطيب، «المياه العابرة للحدود»، ١٠٣.', 'سامر مجلة'),
        ('ليلى ناصر، الأنهار المشتركة (دار النهضة، ٢٠١٩)، ١٠٤.', ''),
        ('الخطيب، «المياه العابرة للحدود»، ١٠٥؛ ناصر، الأنهار المشتركة، ١٠٦.', 'سامر ليلى'),
        ('ناصر، الأنهار المشتركة، ١٠٧.', 'ليلى النهضة'),
        ('المرجع السابق، ١٠٨.', 'ناصر'),
        ('Jane Smith, Rivers Under Stress (River Press, 2020), 109.', ''),
        ('الخطيب، «المياه العابرة للحدود»، ١١٠.', 'سامر')],
    ('ar', SHORT): [
        ('الخطيب، «المياه العابرة للحدود»، ١٠١.', 'سامر مجلة ٢٠٢٣'),
        ('الخطيب، ١٠٢.', 'المياه السابق'),
        None,
        ('الخطيب، «المياه العابرة للحدود»، ١٠٣.', 'سامر مجلة'),
        ('ناصر، الأنهار المشتركة، ١٠٤.', 'ليلى النهضة ٢٠١٩'),
        ('الخطيب، «المياه العابرة للحدود»، ١٠٥؛ ناصر، الأنهار المشتركة، ١٠٦.', 'سامر ليلى'),
        ('ناصر، الأنهار المشتركة، ١٠٧.', 'ليلى النهضة'),
        ('ناصر، ١٠٨.', 'الأنهار السابق'),
        ('Smith, Rivers Under Stress, 109.', 'Jane Press'),
        ('الخطيب، «المياه العابرة للحدود»، ١١٠.', 'سامر')],
}
# The bibliography is the same in both styles; in the Arabic brief Arabic script sorts first.
ENTRIES = {
    'en': ['Haddad, Omar. Dams and Deltas. Delta Books, 2018.',
           'Khatib, Samer. “Transboundary Water.” Journal of Water Studies 4, no. 2 (2023).',
           'Smith, Jane. Rivers Under Stress. River Press, 2020.'],
    'ar': ['الخطيب، سامر. «المياه العابرة للحدود». مجلة الدراسات المائية ٤ (٢٠٢٣).',
           'ناصر، ليلى. الأنهار المشتركة. دار النهضة، ٢٠١٩.',
           'Smith, Jane. Rivers Under Stress. River Press, 2020.'],
}
N_PARAS = 30


def brief(lang, style=SHORT):
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
            f'citation-style: {style}\nreferences:\n{WORKS[lang]}---\n\n' +
            '\n\n'.join(paras) + f'\n\n[^own]: {own} owntag\n')


def digits(lang, n):
    return str(n).translate(AR_DIGITS) if lang == 'ar' else str(n)


KEYS = [(lang, style) for lang in ('ar', 'en') for style in STYLES]


class NoteCitations(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = {}
        for lang, style in KEYS:
            src = os.path.join(cls.tmp.name, f'{lang}-{style}.md')
            r, pdf, pages = pc.render_pages(NASHRA, src, brief(lang, style))
            cls.out[lang, style] = (r, pdf, pages, src)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def page_of(self, key, word):
        # A tag may touch its call's number; a locator is a whole number.
        edge = '[a-z]' if word.startswith(('tok', 'own')) else '[0-9٠-٩]'
        pages = [i for i, t in enumerate(self.out[key][2])
                 if re.search(f'(?<!{edge}){re.escape(word)}(?!{edge})', t)]
        self.assertEqual(len(pages), 1, f'{key}: {word} on pages {pages}')
        return pages[0]

    def note_line(self, key, page, locator):
        lines = [line for line in self.out[key][2][page].splitlines() if line.strip()]
        at = [k for k, line in enumerate(lines) if locator in pc.words(line)]
        self.assertEqual(len(at), 1, f'{key}: {locator} on lines {at} of page {page + 1}')
        k = at[0]
        return lines[k], ' '.join(lines[max(0, k - 1):k + 2])

    def html(self, key):
        src = self.out[key][3]
        r = subprocess.run([NASHRA, '--to', 'html', src, '-o', '-'], capture_output=True,
                           text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def test_render_ok(self):
        for key in KEYS:
            r, pdf, pages, _ = self.out[key]
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertGreater(len(pages), 2)
            rc, out = pc.qpdf_check(pdf)
            self.assertEqual(rc, 0, out)

    def test_each_note_on_its_call_page_in_its_form(self):
        for key in KEYS:
            lang = key[0]
            for k, note in enumerate(NOTES[key]):
                with self.subTest(key=key, note=k + 1):
                    call = self.page_of(key, f'tok{chr(97 + k)}')
                    if note is None:
                        self.assertEqual(self.page_of(key, 'owntag'), call)
                        continue
                    text, not_in = note
                    locator = digits(lang if '١' in text else 'en', 101 + k - (k > 2) + (k > 5))
                    self.assertEqual(self.page_of(key, locator), call)
                    line, window = self.note_line(key, call, locator)
                    self.assertLessEqual(set(pc.words(text)), set(pc.words(window)), window)
                    # The note's number, in the brief's digits (an English note's may be
                    # extracted on a line of its own, at the right edge).
                    self.assertIn(digits(lang, k + 1), pc.words(window), window)
                    for w in not_in.split():
                        self.assertNotIn(w, pc.words(line), line)

    def test_notes_exact(self):
        # The English PDF's text, and every note of the HTML page (whose order pdftotext
        # does not disturb), exactly as the style writes it.
        for style in STYLES:
            text = re.sub(r'\s+', ' ', ' '.join(self.out['en', style][2]))
            for k, note in enumerate(NOTES['en', style]):
                if note and len(note[0]) < 60:
                    self.assertIn(f'{k + 1}. {note[0]}', text)
            self.assertIn('3. The author’s own note. owntag', text)
        for key in KEYS:
            html = self.html(key)
            notes = re.findall(r'<li id="fn-(\d+)"[^>]*>\n<p dir="(\w+)">(.*?)<a href="#fnref', html)
            self.assertEqual([int(n) for n, _, _ in notes], list(range(1, 11)), key)
            for (n, d, body), want in zip(notes, NOTES[key]):
                if want is None:
                    continue
                with self.subTest(key=key, note=n):
                    self.assertEqual(re.sub(r'<[^>]+>', '', body), want[0])
                    # A note in Latin script runs left to right in the Arabic brief.
                    latin = not re.search('[\u0600-\u06ff]', want[0])
                    self.assertEqual(d, 'ltr' if latin else 'rtl')
                    # Each work of the note links to its entry.
                    self.assertIn('href="#ref-', body)

    def test_references_list_exactly_the_cited_works(self):
        for key in KEYS:
            lang = key[0]
            heading = 'المراجع' if lang == 'ar' else 'References'
            with self.subTest(key=key):
                text = re.sub(r'\s+', ' ', ' '.join(self.out[key][2]))
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
                # In the HTML page: exactly these entries, in this order.
                html = self.html(key)
                got = re.findall(r'<p dir="\w+"><a id="ref-[^"]+">(.*?)</a></p>', html)
                self.assertEqual([re.sub(r'<[^>]+>', '', e) for e in got], ENTRIES[lang])

    def test_endnotes(self):
        for style in STYLES:
            with self.subTest(style=style):
                src = self.out['en', style][3]
                pdf = os.path.join(self.tmp.name, f'end-{style}.pdf')
                r = subprocess.run([NASHRA, src, '-o', pdf, '-M', 'notes=endnotes'],
                                   capture_output=True, text=True)
                self.assertEqual(r.returncode, 0, r.stderr)
                text = re.sub(r'\s+', ' ', pc.normalise(pc.pdftext(pdf)))
                notes = text[text.index('Notes', text.rindex('tok')):]
                self.assertIn(f'1. {NOTES["en", style][0][0]}', notes)
                self.assertIn(f'2. {NOTES["en", style][1][0]}', notes)
                self.assertIn('4. Smith, Rivers Under Stress, 103.', notes)

    def test_html(self):
        html = self.html(('ar', SHORT))
        self.assertIn('<li id="fn-2" dir="rtl">\n<p dir="rtl"><a href="#ref-khatib">الخطيب، ١٠٢</a>.',
                      html)
        html = self.html(('ar', FULL))
        self.assertIn('<li id="fn-2" dir="rtl">\n<p dir="rtl"><a href="#ref-khatib">المرجع السابق، ١٠٢</a>.',
                      html)
        self.assertNotIn('class="citation"', html)


if __name__ == '__main__':
    unittest.main(verbosity=2)
