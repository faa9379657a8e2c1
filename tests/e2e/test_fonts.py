"""Fonts by script: the faces each language is set in (pdffonts), its text and the labels,
dates and quotes nashra writes in it on every template (pdftotext), Nastaliq's taller
lines (pdftotext -bbox), Kurdish ە set tight (the white inside a word, measured on the page),
and, under a fontconfig set-up of the test's own, the missing-font
warning, --strict, --font-path and `nashra fonts`.
usage: test_fonts.py NASHRA SOURCE_ROOT"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import unittest

import pypdf

sys.path.insert(0, os.path.dirname(__file__))
import pdfcheck as pc  # noqa: E402

NASHRA, ROOT = (os.path.abspath(a) for a in sys.argv[1:3])
del sys.argv[1:3]

DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'
AMIRI = '/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf'

BRIEFS = {
    'ar': ('ar', 'تقرير المياه', 'تشهد المنطقة موسمها الرابع من شح الأمطار منذ عام 2023.'),
    'fa': ('fa', 'گزارش آب', 'منطقه چهارمین فصل کم‌بارانی را از سال ۱۴۰۲ می‌گذراند.'),
    'ckb': ('ckb', 'ڕاپۆرتی ئاو', 'ناوچەکە چوارەمین وەرزی کەمبارانی تێدەپەڕێنێت.'),
    'ur': ('ur', 'پانی کی رپورٹ', 'کراچی میں روزانہ لاکھوں گیلن پانی کی کمی ہوتی ہے۔'),
    'he': ('he', 'דוח המים', 'האזור עובר את עונת הבצורת הרביעית שלו מאז 2023.'),
    'en': ('en', 'Water report', 'The region is in its fourth season of drought since 2023.'),
    'fr': ('fr', 'Rapport sur l’eau', 'La région traverse sa quatrième saison de "sécheresse".'),
}
# Words nashra writes itself in the brief's language, on every template: the footer's page
# label, the date's month, and French quotes (a narrow no-break space inside, a plain space
# once normalised).
LABELS = {'ar': ['صفحة [١٢] من', 'نوفمبر'], 'fa': ['صفحهٔ [۱۲] از', 'نوامبر'],
          'ckb': ['پەڕەی [١٢] لە', 'تشرینی دووەمی'], 'ur': ['صفحہ [12] از', 'نومبر'],
          'he': ['עמוד [12] מתוך', 'בנובמבר'], 'en': ['Page [12] of', 'November 24, 2026'],
          'fr': ['Page [12] sur', '24 novembre 2026', '« sécheresse »']}
# The face of the body's text, by language, in the built-in templates.
BODY_FACE = {'ar': 'Amiri-Regular', 'fa': 'Amiri-Regular', 'ckb': 'NotoNaskhArabic-Regular',
             'ur': 'NotoNastaliqUrdu-Regular', 'he': 'NotoSerifHebrew-Regular',
             'en': 'Amiri-Regular', 'fr': 'Amiri-Regular'}

NASTALIQ = """[template]
extends=brief
[fonts]
body.urdu=Noto Nastaliq Urdu
heading.urdu=Noto Nastaliq Urdu
line-height.urdu={lh}
"""


# Sorani words with ە (U+06D5), which never joins the next letter, inside them.
SORANI_AE = ('دەکات', 'کوردەکان', 'لەگەڵ')


def qdf_text(pdf):
    """PDF with its streams uncompressed (qpdf --qdf), as Latin-1 text."""
    return subprocess.run(['qpdf', '--qdf', '--object-streams=disable', pdf, '-'],
                          capture_output=True).stdout.decode('latin-1')


def brief(lang, title, para, extra=''):
    return (f'---\ntitle: {title}\nlang: {lang}\ndate: 2026-11-24\n---\n\n## {title}\n\n'
            + (para + ' ') * 12 + '\n\n' + para + '\n' + extra)


def fonts_of(pdf):
    """The font names of PDF without their subset prefix."""
    return {name.split('+', 1)[-1] for name, _ in pc.pdffonts(pdf)}


def line_overlap(pdf, min_height):
    """The most two successive text lines of PDF overlap, in points (< 0: the least gap),
    taking the boxes pdftotext -bbox gives words at least MIN_HEIGHT tall (the body's), and
    a line as the words whose tops are within 8 pt of each other."""
    html = pc.run(['pdftotext', '-bbox', pdf, '-']).stdout
    worst, pairs = None, 0
    for page in html.split('<page')[1:]:
        boxes = sorted((float(y0), float(y1)) for y0, y1 in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page)
            if float(y1) - float(y0) >= min_height)
        lines = []
        for y0, y1 in boxes:
            if lines and y0 - lines[-1][0] < 8:
                lines[-1] = [max(lines[-1][0], y0), min(lines[-1][1], y0), max(lines[-1][2], y1)]
            else:
                lines.append([y0, y0, y1])
        for a, b in zip(lines, lines[1:]):
            pairs += 1
            d = a[2] - b[1]
            worst = d if worst is None else max(worst, d)
    return pairs, worst


def widest_gap_in_words(pdf, words, tmp, size=12, dpi=300):
    """The widest white between letters inside each of WORDS on page 1 of PDF, in em of SIZE:
    the words' boxes from pdftotext -bbox, the ink from pdftoppm, on the letters' bodies (the
    quarter em above the baseline, which a kaf's raised stroke does not reach)."""
    html = pc.run(['pdftotext', '-bbox', '-f', '1', '-l', '1', pdf, '-']).stdout
    boxes = {}
    for x0, y0, x1, y1, w in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                                        r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html):
        for word in words:
            if w in (word, word[::-1]):  # poppler writes Arabic words in visual order
                boxes.setdefault(word, []).append((float(x0), float(y0), float(x1), float(y1)))
    png = os.path.join(tmp, 'gaps')
    pc.run(['pdftoppm', '-r', str(dpi), '-gray', '-f', '1', '-l', '1', pdf, png])
    with open(png + '-1.pgm', 'rb') as f:
        magic, w, h, _, px = f.read().split(maxsplit=4)
    w, h = int(w), int(h)
    k, em = dpi / 72, size * dpi / 72
    gaps = {}
    for word, found in boxes.items():
        for x0, y0, x1, y1 in found:
            xs, ys = range(int(x0 * k), int(x1 * k) + 1), range(int(y0 * k), int(y1 * k) + 1)
            # The baseline: the row of the word with the most ink (its letters' joins).
            base = max(ys, key=lambda y: sum(px[y * w + x] < 128 for x in xs))
            ink = ''.join('1' if any(px[y * w + x] < 128 for y in range(base - int(em / 4), base + 2))
                          else '0' for x in xs).strip('0')
            widest = max((len(r) for r in re.findall('0+', ink)), default=0) / em
            gaps[word] = max(gaps.get(word, 0), widest)
    return gaps


def zero_advance_letters(pdf):
    """(font, text) of each glyph of PDF's fonts that has no advance (/W 0) yet a letter as its
    text (ToUnicode): pdf.js reads such a glyph as a word, or a line, of its own."""
    found = []
    for page in pypdf.PdfReader(pdf).pages:
        for ref in page['/Resources'].get('/Font', {}).values():
            font = ref.get_object()
            if font.get('/Subtype') != '/Type0' or '/ToUnicode' not in font:
                continue
            desc = font['/DescendantFonts'][0].get_object()
            widths, w, i = {}, list(desc.get('/W', [])), 0
            while i < len(w):  # [first [w1 w2 …]] or [first last w]
                if isinstance(w[i + 1], list):
                    widths.update((int(w[i]) + k, float(v)) for k, v in enumerate(w[i + 1]))
                    i += 2
                else:
                    widths.update((c, float(w[i + 2])) for c in range(int(w[i]), int(w[i + 1]) + 1))
                    i += 3
            cmap = font['/ToUnicode'].get_object().get_data().decode('latin-1')
            for block in re.findall(r'beginbfchar(.*?)endbfchar', cmap, re.S):
                for cid, uni in re.findall(r'<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>', block):
                    text = bytes.fromhex(uni).decode('utf-16-be')
                    if (widths.get(int(cid, 16), float(desc.get('/DW', 1000))) == 0
                            and any(unicodedata.category(c)[0] == 'L' for c in text)):
                        found.append((str(font['/BaseFont']), text))
    return found


class ByScript(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix='nashra-fonts-')

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def render(self, name, text, *args):
        src = os.path.join(self.tmp, name + '.md')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(text)
        pdf = os.path.join(self.tmp, name + '.pdf')
        r = pc.run([NASHRA, src, '-o', pdf, *args])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn('warning', r.stderr)
        return pdf

    def test_each_language_and_template(self):
        for key, (lang, title, para) in BRIEFS.items():
            for tpl in ('brief', 'memo', 'report'):
                with self.subTest(lang=key, template=tpl):
                    pdf = self.render(f'{key}-{tpl}', brief(lang, title, para), '--template', tpl)
                    fonts = fonts_of(pdf)
                    self.assertIn(BODY_FACE[key], fonts)
                    text = pc.normalise(pc.pdftext(pdf))
                    words = pc.words(para)
                    found = [w for w in words if w in text]
                    self.assertGreaterEqual(len(found), len(words) - 1, (words, text[:300]))
                    flat = ' '.join(text.split())
                    for label in LABELS[key]:
                        self.assertRegex(flat, label)
                    if key == 'fr':
                        self.assertNotIn('"', flat)
                        src = os.path.join(self.tmp, f'{key}-{tpl}.md')
                        html = pc.run([NASHRA, '--to', 'html', '-o', '-', src]).stdout
                        self.assertIn('«\u202fsécheresse\u202f»', html)
                    if key == 'he':
                        # Hebrew letters in a Hebrew face; fontconfig's sans fallback unused.
                        self.assertNotIn('DejaVuSans', fonts)
                        self.assertIn('NotoSansHebrew-Bold', fonts)  # the headings

    def test_hebrew_word_in_arabic_line(self):
        para = 'تسمى المدينة بالعبرية ירושלים في الوثائق الرسمية منذ عام 1950.'
        pdf = self.render('ar-he', brief('ar', 'مدن', para))
        fonts = fonts_of(pdf)
        self.assertIn('NotoSerifHebrew-Regular', fonts)
        self.assertNotIn('DejaVuSans', fonts)  # it set the Hebrew word before
        self.assertIn('ירושלים', pc.pdftext(pdf))

    def test_zwnj_draws_nothing(self):
        """ZWNJ copies out with its letter but is not seen: Amiri's and Noto Kufi's own glyph
        for it, a bar, was drawn. After dal, which never joins the next letter, a ZWNJ
        changes no shape: the page looks as it does without it."""
        pages = []
        for name, word in (('plain', 'داد'), ('zwnj', 'د\u200cاد')):
            pdf = self.render(name, brief('fa', f'{word} {word}', (word + ' ') * 40))
            self.assertIn(word, pc.pdftext(pdf))
            png = os.path.join(self.tmp, name)
            pc.run(['pdftoppm', '-r', '40', '-gray', '-f', '1', '-l', '1', pdf, png])
            with open(png + '-1.pgm', 'rb') as f:
                pages.append(f.read())
        self.assertEqual(pages[0], pages[1])

    def test_kurdish_ae_sits_tight(self):
        """Amiri leaves about 0.44 em of white after Kurdish ە, close to a word space, so
        دەکات reads as ده کات; Noto Naskh Arabic 0.16 to 0.24 em. (Before گ both leave more,
        0.52 and 0.34 em, under its raised stroke: measured, not asserted.)"""
        para = ' '.join(SORANI_AE)
        text = f'---\ntitle: ت\nlang: ckb\n---\n\n{para}\n'
        pdf = self.render('ckb-ae', text)
        fonts = fonts_of(pdf)
        self.assertIn('NotoNaskhArabic-Regular', fonts)
        self.assertNotIn('Amiri-Regular', fonts)  # the footer too
        words = pc.normalise(pc.pdftext(pdf)).split()
        for word in SORANI_AE:
            self.assertIn(word, words)
        gaps = widest_gap_in_words(pdf, SORANI_AE, self.tmp)
        self.assertEqual(set(gaps), set(SORANI_AE))
        for word in SORANI_AE[:2]:
            self.assertLess(gaps[word], 0.3, f'{word}: {gaps[word]:.2f} em of white inside it')
        # The same page with Kurdish in Amiri, as before: the measure sees the gap.
        tpl = os.path.join(self.tmp, 'kurdish-amiri.ini')
        with open(tpl, 'w', encoding='utf-8') as f:
            f.write('[template]\nextends=brief\n[fonts]\nbody.kurdish=Amiri\n')
        amiri = widest_gap_in_words(self.render('ckb-ae-amiri', text, '--template', tpl),
                                    SORANI_AE, self.tmp)
        for word in SORANI_AE[:2]:
            self.assertGreater(amiri[word], 0.35, amiri)

    def test_naskh_lam_alef_copies_whole(self):
        """Noto Naskh Arabic draws lam-alef as lam and an alef without advance, back over it:
        as a glyph of its own, pdf.js read the alef as a word apart (عەبدوڵڵ ا) or a line
        apart (ئەل … ا); it copies out with the lam and is drawn as an outline."""
        words = 'ئاراس عەبدوڵڵا و ژیلا ڕەشید لە کلاسدا بوون ئەلا'
        pdf = self.render('ckb-lam-alef', f'---\ntitle: ت\nlang: ckb\n---\n\n{words}\n')
        self.assertIn('NotoNaskhArabic-Regular', fonts_of(pdf))
        self.assertEqual(zero_advance_letters(pdf), [])
        text = pc.normalise(pc.pdftext(pdf)).split()
        self.assertEqual([w for w in words.split() if w not in text], [], text)

    def test_kurdish_span_and_languages(self):
        """A Kurdish span in an Arabic line is set in Naskh; Arabic, Persian and Urdu never
        reach it (Amiri has their letters), nor a Kurmanji line in Latin letters."""
        for mark, want in (('{lang=ckb}', True), ('{lang=ku}', True), ('', False)):
            para = f'قال الكاتب [{SORANI_AE[0]}]{mark} في مقاله.'
            pdf = self.render('ckb-span' + str(want), brief('ar', 'مقال', para))
            self.assertEqual('NotoNaskhArabic-Regular' in fonts_of(pdf), want, (mark, fonts_of(pdf)))
            self.assertIn('Amiri-Regular', fonts_of(pdf))
        for key in ('ar', 'fa', 'ur'):
            pdf = self.render(f'{key}-no-naskh', brief(*BRIEFS[key]))
            self.assertNotIn('NotoNaskhArabic-Regular', fonts_of(pdf), key)
        pdf = self.render('kmr', brief('en', 'Water', 'In Kurmanji: [Herêm di demsala xwe ya '
                                                      'çaremîn de]{lang=ku}.'))
        self.assertNotIn('NotoNaskhArabic-Regular', fonts_of(pdf))
        self.assertIn('Herêm', pc.pdftext(pdf))

    def test_kurdish_html(self):
        """The HTML page's faces follow the PDF's: a ckb page's body in Naskh first, an Arabic
        page's in Amiri with a :lang() rule for its Kurdish spans."""
        for lang, first in (('ckb', '"Noto Naskh Arabic", "Amiri"'), ('ar', '"Amiri"')):
            src = os.path.join(self.tmp, f'html-{lang}.md')
            with open(src, 'w', encoding='utf-8') as f:
                f.write(brief(lang, 'ت', f'[{SORANI_AE[0]}]{{lang=ckb}}'))
            html = pc.run([NASHRA, '--to', 'html', '-o', '-', src]).stdout
            self.assertIn(f'--body-font: {first}', html)
            self.assertIn('<span lang="ckb"', html)
            self.assertRegex(html, r':is\(:lang\(ckb\)[^{]*\) \{ font-family: "Noto Naskh Arabic"')

    def test_urdu_span_in_arabic_line(self):
        tpl = os.path.join(self.tmp, 'nastaliq-span.ini')
        with open(tpl, 'w', encoding='utf-8') as f:
            f.write(NASTALIQ.format(lh='2.3'))
        urdu = 'پانی کی قلت'
        for mark, want in (('{lang=ur}', True), ('', False)):
            para = f'قال الشاعر [{urdu}]{mark} في قصيدته.'
            pdf = self.render('span' + str(want), brief('ar', 'شعر', para), '--template', tpl)
            self.assertEqual('NotoNastaliqUrdu-Regular' in fonts_of(pdf), want, fonts_of(pdf))
            self.assertNotIn('NotoNastaliqUrdu-Bold', fonts_of(pdf))

    def test_urdu_in_nastaliq_lines_apart(self):
        lang, title, para = BRIEFS['ur']
        text = brief(lang, title, para)
        results = {}
        for lh in ('1', '2.3'):
            tpl = os.path.join(self.tmp, f'nastaliq-{lh}.ini')
            with open(tpl, 'w', encoding='utf-8') as f:
                f.write(NASTALIQ.format(lh=lh))
            pdf = self.render(f'ur-nastaliq-{lh}', text, '--template', tpl)
            # The body from the regular file: Debian's Bold file says it is regular too.
            self.assertIn('NotoNastaliqUrdu-Regular', fonts_of(pdf))
            self.assertIn('NotoNastaliqUrdu-Bold', fonts_of(pdf))  # the heading
            # Not emboldened once more, which Cairo embeds as an unnamed outline font.
            self.assertFalse([f for f in fonts_of(pdf) if f.startswith('CairoFont')])
            # Nastaliq's boxes are 2.5 em tall: 30 pt at the body's 12 pt.
            results[lh] = line_overlap(pdf, 25)
        pairs, worst = results['2.3']
        self.assertGreaterEqual(pairs, 3)
        self.assertLessEqual(worst, 0, 'Nastaliq lines overlap at line-height.urdu=2.3')
        # The same brief at the body's own pitch: the check above can fail. The boxes are the
        # hidden text's, on the baseline (test_nastaliq_words_copy_whole): 8 pt of overlap
        # here, where the glyphs' own boxes, raised along each word, gave over 10.
        self.assertGreater(results['1'][1], 5)

    def test_nastaliq_words_copy_whole(self):
        """Nastaliq glyphs stand at different heights along a word: drawn as paths, with the
        text once more on the baseline in render mode 3, which pdftotext copies word by word
        (before, about a quarter of the words came out in pieces)."""
        lang, title, para = BRIEFS['ur']
        tpl = os.path.join(self.tmp, 'nastaliq-whole.ini')
        with open(tpl, 'w', encoding='utf-8') as f:
            f.write(NASTALIQ.format(lh='2.3'))
        pdf = self.render('ur-nastaliq-whole', brief(lang, title, para), '--template', tpl)
        self.assertIn('NotoNastaliqUrdu-Regular', fonts_of(pdf))
        text = pc.normalise(pc.pdftext(pdf)).split()
        words = pc.words(para)
        self.assertEqual([w for w in words if w not in text], [], ' '.join(text[:60]))
        # Every text object in the colour text.c marks hidden text with is invisible, and the
        # colour never paints anything.
        qdf = qdf_text(pdf)
        marked = re.findall(r'0\.001 0\.002 0\.003 rg(.{0,8})', qdf)
        self.assertTrue(marked)
        self.assertTrue(all(m.startswith(' 3 Tr') for m in marked), marked[:5])
        # Arabic in Amiri is drawn as it was: no hidden text.
        ar = self.render('ar-not-hidden', brief(*BRIEFS['ar']), '--template', tpl)
        self.assertNotIn(' Tr', qdf_text(ar))


class OwnFontconfig(unittest.TestCase):
    """A fontconfig whose only font is DejaVu Sans; Amiri in a folder given by --font-path."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix='nashra-fc-')
        fonts = os.path.join(cls.tmp, 'fonts')
        cls.extra = os.path.join(cls.tmp, 'extra')
        os.makedirs(fonts)
        os.makedirs(cls.extra)
        shutil.copy(DEJAVU, fonts)
        shutil.copy(AMIRI, cls.extra)
        conf = os.path.join(cls.tmp, 'fonts.conf')
        with open(conf, 'w') as f:
            f.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                    f'<fontconfig><dir>{fonts}</dir><cachedir>{cls.tmp}/cache</cachedir>'
                    '</fontconfig>\n')
        cls.env = dict(os.environ, FONTCONFIG_FILE=conf, HOME=cls.tmp)
        cls.env.pop('FONTCONFIG_PATH', None)
        cls.src = os.path.join(cls.tmp, 'b.md')
        with open(cls.src, 'w', encoding='utf-8') as f:
            f.write(brief(*BRIEFS['ar']))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def nashra(self, *args):
        return subprocess.run([NASHRA, *args], capture_output=True, text=True, env=self.env)

    def test_missing_font_warns(self):
        pdf = os.path.join(self.tmp, 'warn.pdf')
        r = self.nashra(self.src, '-o', pdf)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("b.md: warning: font 'Amiri' named by template 'brief' is not installed; "
                      "using 'DejaVu Sans'", r.stderr)
        self.assertIn("font 'Noto Kufi Arabic' named by template 'brief'", r.stderr)
        self.assertEqual(fonts_of(pdf), {'DejaVuSans'})

    def test_missing_font_strict_is_an_error(self):
        pdf = os.path.join(self.tmp, 'strict.pdf')
        r = self.nashra('--strict', self.src, '-o', pdf)
        self.assertEqual(r.returncode, 1)
        self.assertIn("error: font 'Amiri' named by template 'brief' is not installed", r.stderr)
        self.assertFalse(os.path.exists(pdf))

    def test_font_path(self):
        pdf = os.path.join(self.tmp, 'path.pdf')
        r = self.nashra('--font-path', self.extra, self.src, '-o', pdf)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("font 'Amiri'", r.stderr)
        self.assertIn("font 'Noto Kufi Arabic'", r.stderr)  # still missing
        self.assertIn('Amiri-Regular', fonts_of(pdf))
        r = self.nashra('--font-path', os.path.join(self.tmp, 'none'), self.src)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--font-path: '", r.stderr)

    def test_front_matter_fonts(self):
        proj = os.path.join(self.tmp, 'proj')
        os.makedirs(os.path.join(proj, 'myfonts'), exist_ok=True)
        shutil.copy(AMIRI, os.path.join(proj, 'myfonts'))
        lang, title, para = BRIEFS['ar']
        cases = {'own': 'fonts: myfonts', 'list': 'fonts: [myfonts]',
                 'outside': 'fonts: [../extra]', 'missing': 'fonts: nope',
                 'file': 'fonts: own.md'}
        for name, line in cases.items():
            with open(os.path.join(proj, name + '.md'), 'w', encoding='utf-8') as f:
                f.write(brief(lang, title, para).replace('lang: ar\n', 'lang: ar\n' + line + '\n'))
        for name in ('own', 'list'):
            pdf = os.path.join(self.tmp, name + '.pdf')
            r = self.nashra(os.path.join(proj, name + '.md'), '-o', pdf)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertNotIn("font 'Amiri'", r.stderr)
            self.assertIn('Amiri-Regular', fonts_of(pdf))
        for name, msg in (('outside', "4:9: error: font folder '../extra' is outside the project "
                                      "root"),
                          ('missing', "4:8: error: cannot read font folder 'nope': no such file"),
                          ('file', "4:8: error: font folder 'own.md' is not a directory")):
            r = self.nashra(os.path.join(proj, name + '.md'), '-o',
                            os.path.join(self.tmp, name + '.pdf'))
            self.assertEqual(r.returncode, 1, name)
            self.assertIn(msg, r.stderr)
        # The depfile lists the folder's font files (and no other file), named from the
        # current directory, so make and `nashra watch` follow a font that changes.
        dep = os.path.join(self.tmp, 'own.d')
        with open(os.path.join(proj, 'myfonts', 'notes.txt'), 'w') as f:
            f.write('not a font')
        r = subprocess.run([NASHRA, 'own.md', '-o', os.path.join(self.tmp, 'own-dep.pdf'),
                            '--depfile', dep], capture_output=True, text=True, env=self.env,
                           cwd=proj)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(dep, encoding='utf-8') as f:
            self.assertEqual(f.read().split(':', 1)[1].split(),
                             ['own.md', 'myfonts/' + os.path.basename(AMIRI)])
        # One brief's fonts are its own: the other brief of the same run has no Amiri.
        out = os.path.join(self.tmp, 'out')
        r = self.nashra('-O', out, os.path.join(proj, 'own.md'), self.src)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('Amiri-Regular', fonts_of(os.path.join(out, 'own.pdf')))
        self.assertEqual(fonts_of(os.path.join(out, 'b.pdf')), {'DejaVuSans'})

    def test_template_font_folders(self):
        proj = os.path.join(self.tmp, 'tproj')
        os.makedirs(os.path.join(proj, 'tpl'), exist_ok=True)
        os.makedirs(os.path.join(proj, 'f'), exist_ok=True)
        shutil.copy(AMIRI, os.path.join(proj, 'f'))
        with open(os.path.join(proj, 'tpl', 'own.ini'), 'w') as f:
            f.write('[template]\nextends=brief\n[fonts]\nfolders=../f\n')
        with open(os.path.join(proj, 'tpl', 'out.ini'), 'w') as f:
            f.write('[fonts]\nfolders=../../extra\n')
        lang, title, para = BRIEFS['ar']
        for name in ('own', 'out'):
            with open(os.path.join(proj, name + '.md'), 'w', encoding='utf-8') as f:
                f.write(brief(lang, title, para).replace(
                    'lang: ar\n', f'lang: ar\ntemplate: tpl/{name}.ini\n'))
        pdf = os.path.join(self.tmp, 'tpl-own.pdf')
        r = self.nashra(os.path.join(proj, 'own.md'), '-o', pdf)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("font 'Amiri'", r.stderr)
        self.assertIn('Amiri-Regular', fonts_of(pdf))
        r = self.nashra(os.path.join(proj, 'out.md'), '-o', os.path.join(self.tmp, 'x.pdf'))
        self.assertEqual(r.returncode, 1)
        self.assertIn("out.ini:2:9: error: font folder '../../extra' is outside the project root",
                      r.stderr)
        # On the command line a template is the job's own: its folders are not confined.
        r = self.nashra('--template', os.path.join(proj, 'tpl', 'out.ini'), self.src, '-o',
                        os.path.join(self.tmp, 'y.pdf'))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('Amiri-Regular', fonts_of(os.path.join(self.tmp, 'y.pdf')))

    def test_face_without_its_script(self):
        tpl = os.path.join(self.tmp, 'amiri-hebrew.ini')
        with open(tpl, 'w') as f:
            f.write('[template]\nextends=brief\n[fonts]\nbody.hebrew=Amiri\n')
        r = self.nashra('--font-path', self.extra, '--template', tpl, self.src, '-o',
                        os.path.join(self.tmp, 'h.pdf'))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("font 'Amiri' named by template '" + tpl + "' for body.hebrew has no "
                      "hebrew letters (U+05D0)", r.stderr)

    def test_fonts_lists_what_fontconfig_gives(self):
        r = self.nashra('fonts')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.splitlines(),
                         ['DejaVu Sans\tarabic kurdish hebrew latin greek cyrillic armenian\t'
                          'template: heading.latin title.latin'])
        r = self.nashra('fonts', '--font-path', self.extra)
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], 'Amiri\tarabic urdu kurdish latin\ttemplate: body header')
        self.assertEqual(len(lines), 2)
        self.assertEqual(r.stdout, self.nashra('fonts', '--font-path', self.extra).stdout)
        self.assertEqual(self.nashra('fonts', self.src).returncode, 2)


if __name__ == '__main__':
    unittest.main(verbosity=2)
