"""End to end: a small brief in each language gets its own labels (masthead, cite box,
captions, notes, references, page footer, callouts), its CLDR date and month name and its
default digits, as pdftotext reads them; references sort by the brief's language; a language
without labels is one warning at the `lang:` value naming the fallback.
usage: test_locales.py NASHRA SOURCE_ROOT"""
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import pdfcheck as pc  # noqa: E402

NASHRA, ROOT = sys.argv[1:3]
del sys.argv[1:3]

# Per language: the body's words (title, a paragraph, a table caption, a note, two callouts).
BODY = {
    'fr': ('Note sur l’eau', 'Le bassin manque d’eau depuis quatre saisons.', 'Débits',
           'Chiffres de l’office.'),
    'de': ('Wasser im Becken', 'Das Becken leidet seit vier Jahren unter Dürre.', 'Abflüsse',
           'Zahlen des Amtes.'),
    'es': ('El agua del río', 'La cuenca sufre sequía desde hace cuatro años.', 'Caudales',
           'Cifras de la oficina.'),
    'tr': ('Havzada su', 'Havza dört mevsimdir kuraklık yaşıyor.', 'Debiler',
           'Kurumun rakamları.'),
    'ckb': ('ئاو لە حەوزەدا', 'حەوزەکە چوار وەرزە تووشی وشکەساڵی بووە.', 'ڕێژەی ئاو',
            'ژمارەکانی دەزگاکە.'),
    'ps': ('په حوزه کې اوبه', 'حوزه څلور فصلونه په وچکالۍ کې ده.', 'د اوبو بهیر',
           'د ادارې شمېرې.'),
    'ar': ('المياه في الحوض', 'يعاني الحوض من الجفاف منذ أربعة مواسم.', 'التدفقات',
           'أرقام الهيئة.'),
    'ar-MA': ('المياه في الحوض', 'يعاني الحوض من الجفاف منذ أربعة مواسم.', 'التدفقات',
              'أرقام الهيئة.'),
    'fa': ('آب در حوضه', 'حوضه چهار فصل است که خشکسالی دارد.', 'جریان‌ها', 'ارقام سازمان.'),
    'ur': ('طاس میں پانی', 'طاس چار موسموں سے خشک سالی کا شکار ہے۔', 'بہاؤ', 'ادارے کے اعداد۔'),
    'he': ('מים באגן', 'האגן סובל מבצורת כבר ארבע עונות.', 'ספיקות', 'נתוני הרשות.'),
    'en': ('Water in the basin', 'The basin has been in drought for four seasons.', 'Flows',
           'Figures of the office.'),
}


W1 = '''  - id: w1
    type: report
    author: [{family: Example, given: Ann}]
    title: Basin
    issued: 2020
'''


def brief(lang, extra='', refs=W1, cite='[@w1]'):
    title, para, caption, note = BODY[lang]
    return f'''---
title: {title}
authors: [Ann Example, Bo Sample]
date: 2026-11-24
lang: {lang}
source: {{name: Policy Review, issue: 3}}
notes: endnotes
references:
{refs}{extra}---

{para}[^1] {cite}

| A | B |
|---|---|
| 1 | 2 |

: {caption}

> [!NOTE]
> {para}

> [!WARNING]
> {para}

[^1]: {note}
'''


# What each brief's PDF must say (pdftotext, bidi marks removed). No lam-alef in Arabic-script
# words: poppler writes that ligature's letters in an order of its own.
WANT = {
    'fr': ['Publié dans', 'Tableau 1 :', 'Page 1 sur 1', '24 novembre 2026',
           'Pour citer cette note', 'Remarque', 'Avertissement', 'Notes', 'Références',
           'n° 3', 'Ann Example et Bo Sample'],
    'de': ['Veröffentlicht in:', 'Tabelle 1', 'Seite 1 von 1', '24. November 2026',
           'Zitiervorschlag', 'Hinweis', 'Warnung', 'Anmerkungen', 'Literatur', 'Nr. 3'],
    'es': ['Publicado en:', 'Tabla 1', 'Página 1 de 1', '24 de noviembre de 2026',
           'Cómo citar este informe', 'Advertencia', 'Referencias'],
    'tr': ['Yayımlandığı yer:', 'Tablo 1', 'Sayfa 1 / 1', '24 Kasım 2026', 'Uyarı',
           'Kaynakça'],
    'ckb': ['خشتە', '٢٤', '٢٠٢٦', 'تشرینی', 'دووەمی', 'تێبینی', 'ئاگاداری', 'پەراوێزەکان',
            'سەرچاوەکان', 'پەڕەی', 'ئاماژەدان'],
    'ps': ['جدول', '۲۰۲۶', '۲۴', 'نومبر', 'يادونه', 'خبرداری', 'ماخذونه', 'يادښتونه',
           'راپور'],
    'ar': ['جدول', '٢٤', 'نوفمبر', '٢٠٢٦', 'ملاحظة', 'تحذير', 'المراجع', 'الحواشي'],
    'ar-MA': ['جدول 1', '24 نونبر 2026', 'ملاحظة', 'المراجع'],
    'fa': ['جدول', '۲۴', 'نوامبر', '۲۰۲۶', 'یادداشت', 'هشدار', 'منابع'],
    'ur': ['جدول', '24', 'نومبر', '2026', 'نوٹ', 'انتباہ'],
    'he': ['טבלה 1', '24', 'בנובמבר', '2026', 'הערה', 'אזהרה', 'מקורות'],
    'en': ['Published in:', 'Table 1:', 'Page 1 of 1', 'November 24, 2026',
           'How to cite this brief', 'Note', 'Warning', 'Notes', 'References'],
}
# What each must not say: another language's labels, digits or month.
NOT = {
    'fr': ['Published', 'Table 1', 'November', 'Tableau 1:'],
    'de': ['Published', 'Table 1', 'November 24'],
    'ckb': ['Table', '2026', 'Page'],
    'ps': ['Table', '2026', '٢٠٢٦', 'Page'],
    'ar-MA': ['٢٠٢٦', 'Table'],
    'ar': ['2026', 'نونبر'],
    'ur': ['۲۰۲۶'],
}


class Locales(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def render(self, name, text, *args):
        src = os.path.join(self.tmp.name, name + '.md')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(text)
        pdf = os.path.join(self.tmp.name, name + '.pdf')
        r = subprocess.run([NASHRA, src, '-o', pdf, *args], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r, pc.normalise(pc.pdftext(pdf))

    def test_labels_dates_digits(self):
        for lang, want in WANT.items():
            with self.subTest(lang=lang):
                r, text = self.render(lang, brief(lang))
                self.assertNotIn('warning', r.stderr)
                flat = ' '.join(text.split())
                for s in want:
                    self.assertIn(s, flat)
                for s in NOT.get(lang, []):
                    self.assertNotIn(s, flat)

    def test_contents(self):
        for lang, label in (('fr', 'Table des matières'), ('de', 'Inhalt'),
                            ('ckb', 'ناوەڕۆک'), ('ps', 'منځپانګه')):
            with self.subTest(lang=lang):
                _, text = self.render(lang, brief(lang) + '\n## A\n\n## B\n', '--template',
                                      'report')
                self.assertIn(label, text)

    def test_digits_override(self):
        _, text = self.render('ma', brief('ar-MA', 'digits: arabic-indic\n'))
        self.assertIn('٢٤', text)
        self.assertIn('نونبر', text)
        self.assertNotIn('2026', text)

    def test_no_labels_warning(self):
        r, text = self.render('sw', brief('en').replace('lang: en', 'lang: sw'))
        lines = [ln for ln in r.stderr.splitlines() if 'warning' in ln]
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertTrue(lines[0].endswith("sw.md:5:7: warning: no labels for language 'sw'; "
                                          "using English"), lines[0])
        self.assertIn('Table 1', text)
        self.assertIn('24 Novemba 2026', text)  # the date is still Swahili's, from CLDR

    def test_machine_locale_plays_no_part(self):
        # ICU fills an unknown language from its default locale, which it reads from LANG
        text = brief('en').replace('lang: en', 'lang: xx')
        want = None
        for env in ('C', 'ar_EG.UTF-8', 'de_DE.UTF-8', 'fa_IR.UTF-8'):
            with self.subTest(env=env):
                src = os.path.join(self.tmp.name, 'xx.md')
                with open(src, 'w', encoding='utf-8') as f:
                    f.write(text)
                pdf = os.path.join(self.tmp.name, 'xx.pdf')
                r = subprocess.run([NASHRA, src, '-o', pdf], capture_output=True, text=True,
                                   env=dict(os.environ, LANG=env, LC_ALL=env, TZ='Asia/Tehran'))
                self.assertEqual(r.returncode, 0, r.stderr)
                out = pc.normalise(pc.pdftext(pdf))
                self.assertIn('November 24, 2026', out)
                self.assertIn('Table 1', out)
                if want is None:
                    want = out
                self.assertEqual(out, want)

    def test_collation_follows_language(self):
        refs = '''  - {id: b, type: book, author: [{family: İnan, given: A}], title: Bir, issued: 2020}
  - {id: a, type: book, author: [{family: Işık, given: B}], title: İki, issued: 2021}
'''
        for lang, first, second in (('tr', 'Işık', 'İnan'), ('en', 'İnan', 'Işık')):
            with self.subTest(lang=lang):
                _, out = self.render('c' + lang, brief(lang, refs=refs, cite='[@a; @b]'))
                tail = out[out.rindex('Kaynakça' if lang == 'tr' else 'References'):]
                self.assertLess(tail.index(first), tail.index(second), tail)


if __name__ == '__main__':
    unittest.main(verbosity=2)
