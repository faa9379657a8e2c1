"""End to end: citation styles through the CSL processor beyond the three built-in names.
- `citation-style: modern-language-association` (any Debian style by name);
- a .csl file beside the brief, inside the project root, used as it is written;
- a .csl file outside the project root, and a style name that names no style: located errors,
  exit 1, no PDF;
- an Arabic and a Persian brief citing Arabic-script and Latin works in chicago and apa: the
  Arabic-script entries in the brief's digits with ، (and ؛ between cites), the Latin ones
  written in English with their own digits and commas, left to right; the article ال ignored
  in the order of the references.
Expected strings are what citeproc-js writes with the same Debian styles, with nashra's
Arabic punctuation and the brief's digits in Arabic-script entries.
usage: test_csl_styles.py NASHRA SOURCE_ROOT"""
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

SMITH = """  - id: smith
    type: book
    author: [{family: Smith, given: Jane}]
    title: Rivers Under Stress
    publisher: River Press
    issued: 2020
"""

# A style of its own, so its use shows: citeproc-js writes "[Smith @ 4]" and
# "RIVERS UNDER STRESS / Smith, Jane / 2020." with it.
OWN_CSL = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="en-US">
  <info>
    <title>Test style beside the brief</title>
    <id>http://example.org/styles/beside</id>
    <updated>2026-01-01T00:00:00+00:00</updated>
  </info>
  <citation>
    <layout prefix="[" suffix="]" delimiter=" | ">
      <group delimiter=" @ ">
        <names variable="author"><name form="short"/></names>
        <text variable="locator"/>
      </group>
    </layout>
  </citation>
  <bibliography>
    <sort><key variable="title"/></sort>
    <layout suffix=".">
      <group delimiter=" / ">
        <text variable="title" text-case="uppercase"/>
        <names variable="author"><name name-as-sort-order="all"/></names>
        <date variable="issued"><date-part name="year"/></date>
      </group>
    </layout>
  </bibliography>
</style>
"""

# Arabic-script works whose families sort differently with and without the article: حداد (ح),
# الزين (ز once ال is skipped, else first of all), سعيد (س); then the Latin works.
WORKS = SMITH + """  - id: saeed
    type: book
    author: [{family: سعيد, given: منى}]
    title: الري في الأرياف
    publisher: دار الفكر
    issued: 2015
  - id: zein
    type: article-journal
    author: [{family: الزين, given: سامر}]
    title: المياه العابرة للحدود
    container-title: مجلة الدراسات المائية
    volume: 4
    issue: 2
    page: 10-30
    issued: 2023
  - id: haddad
    type: book
    author: [{family: حداد, given: كريم}, {family: ناصر, given: ليلى}]
    title: جغرافية الأنهار المشتركة
    publisher: دار الجامعة
    issued: 2021
  - id: brown
    type: article-journal
    author: [{family: Brown, given: Anna}, {family: Clark, given: Ben}]
    title: Sharing a Basin
    container-title: Water Policy
    volume: 12
    issue: 3
    page: 45-67
    issued: 2019
"""
BODY = 'نص [@saeed, p. 12; @zein; @haddad] ونص [@smith, p. 7; @brown].\n'
ORDER = ['حداد', 'الزين', 'سعيد', 'Brown', 'Smith']
DIGITS = {'ar': str.maketrans('0123456789', '٠١٢٣٤٥٦٧٨٩'),
          'fa': str.maketrans('0123456789', '۰۱۲۳۴۵۶۷۸۹')}
HEADING = {'ar': 'المراجع', 'fa': 'منابع'}
# The in-text citations and the entries, as written (digits in Latin, translated per brief).
# Arabic joins its و to the next name; Persian writes it apart; Arabic script takes و for apa's
# & too (citeproc-js keeps &). apa: the first author's given name is left out of the comparison
# (citeproc-js makes initials of Arabic given names, nashra does not).
EXPECT = {
    'chicago': {
        'cites': ['(سعيد 2015، 12؛ الزين 2023؛ حداد {and}ناصر 2021)',
                  '(Smith 2020, 7; Brown and Clark 2019)'],
        'arabic': ['حداد، كريم، {and}ليلى ناصر. 2021. جغرافية الأنهار المشتركة. دار الجامعة.',
                   'الزين، سامر. 2023. {oq}المياه العابرة للحدود{cq} مجلة الدراسات المائية 4 (2): 10–30.',
                   'سعيد، منى. 2015. الري في الأرياف. دار الفكر.'],
        'latin': ['Brown, Anna, and Ben Clark. 2019. “Sharing a Basin.” Water Policy 12 (3): 45–67.',
                  'Smith, Jane. 2020. Rivers Under Stress. River Press.'],
    },
    'apa': {
        'cites': ['(حداد {and}ناصر، 2021؛ الزين، 2023؛ سعيد، 2015، ص 12)',
                  '(Brown & Clark, 2019; Smith, 2020, p. 7)'],
        'arabic': ['{and}ناصر، ليلى. (2021). جغرافية الأنهار المشتركة. دار الجامعة.',
                   '. (2023). المياه العابرة للحدود. مجلة الدراسات المائية، 4(2)، 10–30.',
                   '. (2015). الري في الأرياف. دار الفكر.'],
        'latin': ['Brown, A., & Clark, B. (2019). Sharing a Basin. Water Policy, 12(3), 45–67.',
                  'Smith, J. (2020). Rivers Under Stress. River Press.'],
    },
}
# Quotation marks in Arabic script are « », the period outside (citeproc-js: Arabic's straight
# placeholders, fa-IR's “ ” with the period inside).
MARKS = {'ar': {'and': 'و', 'oq': '«', 'cq': '».'}, 'fa': {'and': 'و ', 'oq': '«', 'cq': '».'}}


def nashra(*args, cwd=None, env=None):
    return subprocess.run([NASHRA, *args], capture_output=True, text=True, cwd=cwd, env=env)


def flat_html(html):
    return re.sub(r'<[^>]+>', '', html).replace('&amp;', '&')


class OtherStyles(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = os.path.join(self.tmp.name, 'project')
        os.makedirs(os.path.join(self.root, 'briefs'))

    def tearDown(self):
        self.tmp.cleanup()

    def brief(self, style, name='b.md'):
        src = os.path.join(self.root, 'briefs', name)
        with open(src, 'w', encoding='utf-8') as f:
            f.write(f'---\ntitle: Styles\nlang: en\ncitation-style: {style}\nreferences:\n'
                    f'{SMITH}---\n\nText [@smith, p. 4].\n')
        return src

    def render(self, src):
        pdf = src[:-3] + '.pdf'
        r = nashra(src, '-o', pdf, '--root', self.root)
        return r, pdf

    def check_rendered(self, src, cite, entry):
        r, pdf = self.render(src)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(pc.qpdf_check(pdf)[0], 0)
        text = re.sub(r'\s+', ' ', pc.normalise(pc.pdftext(pdf)))
        self.assertIn(f'Text {cite}.', text)
        self.assertIn(entry, text[text.index('References'):])
        html = nashra('--to', 'html', src, '-o', '-', '--root', self.root).stdout
        self.assertIn('href="#ref-smith"', html)
        self.assertIn('id="ref-smith"', html)
        self.assertIn(f'Text {cite}.', flat_html(html))

    def test_mla_by_name(self):
        self.check_rendered(self.brief('modern-language-association'), '(Smith 4)',
                            'Smith, Jane. Rivers Under Stress. River Press, 2020.')

    def test_csl_file_beside_the_brief(self):
        with open(os.path.join(self.root, 'briefs', 'own.csl'), 'w', encoding='utf-8') as f:
            f.write(OWN_CSL)
        self.check_rendered(self.brief('own.csl'), '[Smith @ 4]',
                            'RIVERS UNDER STRESS / Smith, Jane / 2020.')

    def test_csl_file_outside_the_root_is_an_error(self):
        with open(os.path.join(self.tmp.name, 'outside.csl'), 'w', encoding='utf-8') as f:
            f.write(OWN_CSL)
        src = self.brief('../../outside.csl')
        r, pdf = self.render(src)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, re.escape(src) + r":4:\d+: error: cannot read citation style "
                         r"'\.\./\.\./outside\.csl': outside the project root")
        self.assertFalse(os.path.exists(pdf))

    def test_broken_csl_file_is_a_located_error(self):
        # The style's own line, and which file it is, at the front matter's value.
        with open(os.path.join(self.root, 'briefs', 'broken.csl'), 'w', encoding='utf-8') as f:
            f.write(OWN_CSL.replace('<text variable="locator"/>', '<text macro="nope"/>'))
        src = self.brief('broken.csl')
        r, pdf = self.render(src)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, '(?m)^' + re.escape(src) + r":4:17: error: citation style "
                         r"'broken\.csl': line \d+: no macro named \"nope\"")
        self.assertFalse(os.path.exists(pdf))

    def test_unknown_style_is_a_located_error(self):
        src = self.brief('no-such-style')
        r, pdf = self.render(src)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, '(?m)^' + re.escape(src) +
                         r":4:\d+: error: unknown citation style 'no-such-style'")
        self.assertFalse(os.path.exists(pdf))
        r = nashra('cite', src, '--root', self.root)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("unknown citation style 'no-such-style'", r.stderr)

    def test_built_in_styles_without_debians(self):
        # Without Debian's package the three names come from nashra's own CSL files; any
        # other name is an error that says where nashra looked.
        env = dict(os.environ, NASHRA_CSL_DIR=os.path.join(self.tmp.name, 'no-csl'))
        for style, cite, entry in (
                ('chicago', '(Smith 2020, 4)', 'Smith, Jane. 2020. Rivers Under Stress.'),
                ('apa', '(Smith, 2020, p. 4)', 'Smith, J. (2020). Rivers Under Stress.'),
                ('chicago-notes', None, 'Smith, Jane. Rivers Under Stress.')):
            src = self.brief(style, name=f'{style}.md')
            r = nashra('--to', 'html', src, '-o', '-', '--root', self.root, env=env)
            self.assertEqual(r.returncode, 0, r.stderr)
            page = flat_html(r.stdout)
            if cite:
                self.assertIn(f'Text {cite}.', page)
            else:
                self.assertIn('class="footnotes"', r.stdout)
            self.assertIn(entry, page)
        r = nashra(self.brief('ieee', name='ieee.md'), '-o', os.path.join(self.root, 'x.pdf'),
                   '--root', self.root, env=env)
        self.assertEqual(r.returncode, 1)
        self.assertIn("unknown citation style 'ieee'", r.stderr)
        self.assertIn('no-csl/styles', r.stderr)


class ArabicScript(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = {}
        for lang in ('ar', 'fa'):
            for style in ('chicago', 'apa'):
                src = os.path.join(cls.tmp.name, f'{lang}-{style}.md')
                text = (f'---\ntitle: اختبار\nlang: {lang}\ncitation-style: {style}\n'
                        f'references:\n{WORKS}---\n\n{BODY}')
                r, pdf, pages = pc.render_pages(NASHRA, src, text)
                html = nashra('--to', 'html', src, '-o', '-').stdout
                cls.out[lang, style] = (r, pdf, pages, html)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def expect(self, lang, style, kind):
        out = []
        for s in EXPECT[style][kind]:
            if re.search('[\u0600-\u06ff]', s):
                s = s.format(**MARKS[lang]).translate(DIGITS[lang])
            out.append(s)
        return out

    def test_rendered(self):
        for key, (r, pdf, pages, _) in self.out.items():
            self.assertEqual(r.returncode, 0, (key, r.stderr))
            self.assertEqual(pc.qpdf_check(pdf)[0], 0, key)

    def test_html_exact(self):
        for (lang, style), (_, _, _, html) in self.out.items():
            with self.subTest(lang=lang, style=style):
                text = flat_html(html)
                for s in self.expect(lang, style, 'cites'):
                    self.assertIn(s, text)
                entries = re.findall(r'<p dir="(\w+)"><a id="ref-(\w+)">(.*?)</a></p>', html)
                self.assertEqual([i for _, i, _ in entries],
                                 ['haddad', 'zein', 'saeed', 'brown', 'smith'])
                self.assertEqual([d for d, _, _ in entries], ['rtl'] * 3 + ['ltr'] * 2)
                got = [flat_html(e) for _, _, e in entries]
                for g, want in zip(got, self.expect(lang, style, 'arabic') +
                                   self.expect(lang, style, 'latin')):
                    self.assertTrue(g.endswith(want) if style == 'apa' and not g.isascii()
                                    else g == want, (g, want))
                for i in ('saeed', 'zein', 'haddad', 'smith', 'brown'):
                    self.assertIn(f'href="#ref-{i}"', html)

    def test_pdf_entries(self):
        latin_digits = re.compile('[0-9]')
        script_digits = re.compile('[٠-٩۰-۹]')
        for (lang, style), (_, _, pages, _) in self.out.items():
            with self.subTest(lang=lang, style=style):
                text = '\n'.join(pages)
                refs = text[text.index(HEADING[lang]):].splitlines()
                refs = [re.sub(r'\s+', ' ', line).strip() for line in refs if line.strip()]
                at = {}
                for name in ORDER:
                    found = [k for k, line in enumerate(refs) if name in line.split()
                             or name + ',' in line.split()]
                    self.assertTrue(found, (name, refs))
                    at[name] = found[0]
                    line = refs[found[0]]
                    if name.isascii():
                        # Latin: English punctuation and digits, whole on its line.
                        self.assertNotIn('،', line)
                        self.assertIsNone(script_digits.search(line), line)
                        self.assertIn(',', line)
                    else:
                        self.assertIn('،', line)
                        self.assertNotIn(',', line)
                        self.assertIsNone(latin_digits.search(line), line)
                        self.assertTrue(script_digits.search(line), line)
                # ال is skipped in sorting: حداد, الزين, سعيد; then the Latin works.
                self.assertEqual([at[n] for n in ORDER], sorted(at[n] for n in ORDER), refs)
                joined = ' '.join(refs)
                for s in self.expect(lang, style, 'latin'):
                    self.assertIn(s, joined)
                # pdftotext moves digits and marks about in an RTL line: the words only.
                for s in self.expect(lang, style, 'arabic'):
                    want = {w for w in pc.words(s) if not re.search(r'\d', w)}
                    self.assertLessEqual(want, set(pc.words(joined)), s)
                # The years in the brief's digits, the Latin ones as written.
                for y in ('2015', '2021', '2023'):
                    self.assertIn(y.translate(DIGITS[lang]), pc.words(joined))
                for y in ('2019', '2020'):
                    self.assertIn(y, joined)


if __name__ == '__main__':
    unittest.main(verbosity=2)
