"""Smart punctuation through the whole pipeline: the quotes of each language in the PDF's text
(pdftotext), in HTML and in the tree, and none under --syntax commonmark.

usage: test_smart_quotes.py NASHRA SOURCE_ROOT"""
import os
import subprocess
import sys
import tempfile
import unittest

NASHRA, ROOT = (os.path.abspath(a) for a in sys.argv[1:3])
del sys.argv[1:3]

NNBSP = '\u202f'
CASES = {
    # lang: (body, what the PDF's text holds, what HTML holds)
    'en': ('He said "it\'s \'fine\'" -- then left --- and waited...',
           'He said “it’s ‘fine’” – then left — and waited…', None),
    'fr': ('Il a dit "l\'homme est \'bien\'" -- puis il est parti...',
           # pdftotext writes the narrow no-break space as a plain one
           'Il a dit « l’homme est ‹ bien › » – puis il est parti…',
           f'Il a dit «{NNBSP}l’homme est ‹{NNBSP}bien{NNBSP}›{NNBSP}» – puis il est parti…'),
    'de': ('Er sagte "es ist \'gut\'" -- und ging...', 'Er sagte „es ist ‚gut‘“ – und ging…', None),
    'ar': ('قال الوزير "إن التضخم \'سيتراجع\' قريبا" -- ثم غادر...', None,
           'قال الوزير «إن التضخم ‹سيتراجع› قريبا» – ثم غادر…'),
}


def run(*args):
    return subprocess.run([NASHRA, *args], capture_output=True, text=True, timeout=120)


class SmartQuotes(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def source(self, lang, body):
        src = os.path.join(self.dir, f'{lang}.md')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(f'---\ntitle: T\nlang: {lang}\n---\n{body}\n')
        return src

    def test_pdf_html_tree(self):
        for lang, (body, pdf_text, html_text) in CASES.items():
            with self.subTest(lang=lang):
                src = self.source(lang, body)
                pdf = os.path.join(self.dir, f'{lang}.pdf')
                r = run(src, '-o', pdf)
                self.assertEqual(r.returncode, 0, r.stderr)
                text = subprocess.run(['pdftotext', pdf, '-'], capture_output=True,
                                      text=True).stdout
                if pdf_text:
                    self.assertIn(pdf_text, text)
                html = run(src, '--to', 'html', '-o', '-').stdout
                self.assertIn(html_text or pdf_text, html)
                tree = run(src, '--to', 'tree', '-o', '-').stdout
                self.assertIn(html_text or pdf_text, tree)
                self.assertNotIn('smart_quote', tree)
        # Arabic in the PDF: the guillemets and the dash are there (pdftotext reorders RTL).
        text = subprocess.run(['pdftotext', os.path.join(self.dir, 'ar.pdf'), '-'],
                              capture_output=True, text=True).stdout
        for c in '«»‹›–…':
            self.assertIn(c, text)
        self.assertNotIn('"', text)

    def test_commonmark_is_untouched(self):
        src = os.path.join(self.dir, 'cm.md')
        with open(src, 'w', encoding='utf-8') as f:
            f.write('"a" -- b... \'c\'\n')
        r = run(src, '--syntax', 'commonmark', '--to', 'html', '-o', '-')
        self.assertEqual(r.stdout, '<p>&quot;a&quot; -- b... \'c\'</p>\n')


if __name__ == '__main__':
    unittest.main(verbosity=2)
