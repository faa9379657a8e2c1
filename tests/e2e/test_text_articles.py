"""`--from text` on plain articles written for these tests (tests/data/text), one per shape a
published article takes: a headline first (with a colon inside, as Arabic news headlines
have), a byline, date or source at the top or the end, headings without a final colon, a
`***` section break, and a -M title equal to the headline. Checks the tree (`--to tree`).

usage: test_text_articles.py NASHRA SOURCE_ROOT"""
import os
import re
import subprocess
import sys
import unittest

NASHRA, ROOT = (os.path.abspath(a) for a in sys.argv[1:3])
del sys.argv[1:3]
DATA = os.path.join(ROOT, 'tests', 'data', 'text')


def tree(name, *args):
    r = subprocess.run([NASHRA, '--from', 'text', os.path.join(DATA, name), '--to', 'tree',
                        '-o', '-', *args], capture_output=True, text=True, timeout=60)
    return r


def blocks(out):
    """The body's top-level blocks as (kind, text of their first text node)."""
    found = []
    lines = out.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r'^  (\w+) \[', line)
        if not m:
            continue
        text = None
        for nxt in lines[i + 1:]:
            if re.match(r'^  \w', nxt):
                break
            t = re.match(r'^\s+text \[[^]]*\] "(.*)"$', nxt)
            if t:
                text = t.group(1)
                break
        found.append((m.group(1), text))
    return found


class TextArticles(unittest.TestCase):
    def check(self, name, meta, body, *args, warn=False):
        r = tree(name, *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(': warning:' in r.stderr, warn, r.stderr)
        for line in meta:
            self.assertIn(line + '\n', r.stdout)
        got = blocks(r.stdout)
        self.assertEqual([k for k, _ in got], [k for k, _ in body], got)
        for (k, want), (_, text) in zip(body, got):
            if want is not None:
                self.assertEqual(text, want, k)
        return r.stdout

    def test_english_top_block(self):
        self.check('en-top.txt', [
            'meta title="Cooler Streets for a Hotter Decade"',
            'meta authors=["Jane Doe", "Sam Wright"]',
            'meta date="2026-12-03"',
            'meta source="The Urban Policy Review"',
        ], [('paragraph', None), ('paragraph', None),
            ('heading', 'What the councils measured'), ('paragraph', None),
            ('paragraph', None), ('thematic_break', None),
            ('heading', 'Where the money comes from'), ('paragraph', None)])

    def test_arabic_headline_with_colon(self):
        out = self.check('ar-colon-headline.txt', [
            'meta title="البنك المركزي: التضخم يتراجع للشهر الثالث على التوالي"',
            'meta authors=["سارة المنصوري"]',
            'meta date="2026-12-03"',
            'meta source="نشرة الاقتصاد الأسبوعية"',
            'meta lang="ar"',
        ], [('paragraph', None), ('paragraph', None), ('heading', 'معدل التضخم الأساسي'),
            ('paragraph', None), ('thematic_break', None),
            ('heading', 'توقعات الأشهر المقبلة'), ('paragraph', None)])
        # The byline, date and source lines left the body.
        self.assertNotIn('بقلم', out)
        self.assertNotIn('المصدر', out)

    def test_persian_heading_without_colon(self):
        self.check('fa-abstract.txt', [
            'meta title="آینده منابع آب در فلات مرکزی"',
            'meta authors=["مریم احمدی"]',
            'meta date="2026-12-03"',
            'meta lang="fa"',
        ], [('heading', 'چکیده'), ('paragraph', None), ('paragraph', None),
            ('heading', 'یافته‌های اصلی'), ('paragraph', None), ('paragraph', None)])

    def test_persian_solar_dateline(self):
        # 11 Azar 1405 (solar Hijri) is 2 December 2026; an unmarked name beside a date.
        self.check('fa-top-solar.txt', [
            'meta title="بازار مسکن در شهرهای کوچک"',
            'meta authors=["رضا کریمی"]',
            'meta date="2026-12-02"',
        ], [('paragraph', None), ('paragraph', None), ('heading', 'اجاره‌بها'),
            ('paragraph', None)])

    def test_arabic_end_block(self):
        self.check('ar-end-block.txt', [
            'meta title="الطاقة الشمسية في الريف: تجربة ثلاث قرى"',
            'meta authors=["كريم حداد", "ليلى ناصر"]',
            'meta date="2026-12-03"',
            'meta source="مجلة الطاقة والتنمية"',
        ], [('paragraph', None), ('paragraph', None), ('heading', 'التحديات'),
            ('paragraph', None)])

    def test_m_title_not_printed_twice(self):
        title = 'Ports and the New Shipping Routes'
        out = self.check('en-same-title.txt', [f'meta title="{title}"'],
                         [('paragraph', None), ('paragraph', None)], '-M', f'title={title}')
        self.assertEqual(out.count(title), 1)
        # Another title given: the first line stays, as a heading.
        self.check('en-same-title.txt', ['meta title="Shipping"'],
                   [('heading', title), ('paragraph', None), ('paragraph', None)],
                   '-M', 'title=Shipping')

    def test_no_headline(self):
        self.check('en-no-headline.txt', [], [('paragraph', None), ('paragraph', None),
                                              ('thematic_break', None), ('paragraph', None)],
                   warn=True)


if __name__ == '__main__':
    unittest.main(verbosity=2)
