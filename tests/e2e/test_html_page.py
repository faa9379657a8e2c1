"""End to end: the HTML page of each example (and of a brief with every construct) validates
with tidy, and what citation managers read from its head, the citation_* tags, Dublin Core and
JSON-LD, equals the brief's front matter.
usage: test_html_page.py NASHRA SOURCE_ROOT
Exit 77 (skipped) when Debian's tidy is not installed, unless CI=true."""
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

sys.path.insert(0, os.path.dirname(__file__))
import pdfcheck as pc  # noqa: E402

NASHRA, ROOT = sys.argv[1:3]
del sys.argv[1:3]

TIDY = pc.require_tool('tidy')

EXAMPLES = ('brief-ar', 'brief-en', 'brief-notes-ar')

# Every construct of the syntax on one page, in an Arabic brief with an English passage.
EVERYTHING = '''---
title: "كل شيء: صفحة واحدة"
subtitle: عنوان فرعي
series: أوراق
number: 3
authors:
  - name: هدى علي
    affiliation: مركز
  - literal: World Meteorological Organization
date: 2026-03
source: {name: مجلة, url: "https://e.org/j", volume: 2, issue: 5, pages: 10-30}
pdf-url: https://e.org/b.pdf
summary: خلاصة الورقة.
license: CC BY 4.0
keywords: [مياه, طاقة]
paragraph-numbers: true
lang: ar
references:
  - id: a
    type: book
    author: [{family: حداد, given: كريم}]
    title: كتاب
    issued: 2021
---

فقرة أولى[^1] فيها `code` و**غامق** و*مائل* و~~محذوف~~ و[رابط](https://e.org/) [@a, p. 3].

## قسم {#s}

> [!WARNING]
> تحذير مهم.

> قول مأثور.
>
> — قائل

1. أول
2. ثان
   - فرعي

```
x = 1
```

---

![بديل](basin.svg "خريطة"){#fig:m width=50% credit="الباحثون"}

| أ | ب |
|:--|--:|
| نص | -3% |

Table: جدول صغير {#tbl:t}

::: {dir=ltr lang=en}
An English passage with a [span]{lang=fr}.
:::

انظر [@fig:m] و[@tbl:t] و[#s].

[^1]: حاشية.
'''


class Head(html.parser.HTMLParser):
    """The head's <meta name=…> tags in order, and its JSON-LD."""

    def __init__(self):
        super().__init__()
        self.meta, self.ld, self.in_ld = [], [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'meta' and 'name' in a:
            self.meta.append((a['name'], a.get('content')))
        self.in_ld = tag == 'script' and a.get('type') == 'application/ld+json'

    def handle_endtag(self, tag):
        self.in_ld = False

    def handle_data(self, data):
        if self.in_ld:
            self.ld.append(data)


def front_matter(path):
    with open(path, encoding='utf-8') as f:
        return yaml.safe_load(f.read().split('\n---\n', 1)[0].removeprefix('---\n'))


def run(*args, cwd=None):
    return subprocess.run([NASHRA, *args], capture_output=True, text=True, cwd=cwd)


class Page(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        shutil.copy(os.path.join(ROOT, 'examples', 'basin.svg'), cls.tmp)
        with open(os.path.join(cls.tmp, 'everything.md'), 'w', encoding='utf-8') as f:
            f.write(EVERYTHING)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def page(self, src, *args):
        out = os.path.join(self.tmp, os.path.basename(src) + '.html')
        r = run('--to', 'html', src, '-o', out, *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        return out

    def test_validates(self):
        sources = [os.path.join(ROOT, 'examples', e + '.md') for e in EXAMPLES]
        sources.append(os.path.join(self.tmp, 'everything.md'))
        for src in sources:
            for args in ([], ['--css', 'site.css'], ['--template', 'report'],
                         ['--template', 'memo']):
                with self.subTest(source=os.path.basename(src), args=args):
                    page = self.page(src, *args)
                    r = subprocess.run([TIDY, '-errors', '-quiet', page], capture_output=True,
                                       text=True)
                    # 0: neither errors nor warnings.
                    self.assertEqual(r.returncode, 0, r.stderr)
        # A fragment validates inside a page of the site's own.
        frag = run('--to', 'html', '--fragment', os.path.join(self.tmp, 'everything.md'),
                   '-o', '-')
        self.assertEqual(frag.returncode, 0, frag.stderr)
        self.assertNotIn('<head>', frag.stdout)
        wrapped = os.path.join(self.tmp, 'wrapped.html')
        with open(wrapped, 'w', encoding='utf-8') as f:
            f.write('<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<title>x</title>\n'
                    '</head>\n<body>\n' + frag.stdout + '</body>\n</html>\n')
        r = subprocess.run([TIDY, '-errors', '-quiet', wrapped], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)

    def check_metadata(self, src, page, pdf_url=None):
        fm = front_matter(src)
        head = Head()
        with open(page, encoding='utf-8') as f:
            head.feed(f.read().split('</head>', 1)[0])
        tags = head.meta
        values = lambda name: [c for n, c in tags if n == name]  # noqa: E731
        authors = fm.get('authors', fm.get('author'))
        if isinstance(authors, str):
            authors = [authors]
        names = [a if isinstance(a, str) else a.get('name', a.get('literal')) for a in authors]
        affiliations = [None if isinstance(a, str) else a.get('affiliation') for a in authors]
        source = fm.get('source')
        source_name = source.get('name') if isinstance(source, dict) else source
        journal = isinstance(source, dict) and 'issue' in source
        date = str(fm['date'])
        # Google Scholar's form of the date, 2026/11/24.
        slashed = date.replace('-', '/')
        # Every citation_* tag is one the front matter gives, with its value.
        want = {'citation_title': [fm['title']],
                'citation_author': names,
                'citation_author_institution': [a for a in affiliations if a],
                'citation_publication_date': [slashed],
                'citation_language': [fm['lang']]}
        if fm.get('series'):
            want['citation_series_title'] = [fm['series']]
        if fm.get('keywords'):
            kw = fm['keywords']
            want['citation_keywords'] = kw if isinstance(kw, list) else [
                k.strip() for k in kw.split(',')]
        if fm.get('summary'):
            want['citation_abstract'] = [' '.join(fm['summary'].split())]
        if journal:
            want['citation_journal_title'] = [source_name]
            want['citation_issue'] = [str(source['issue'])]
            if 'volume' in source:
                want['citation_volume'] = [str(source['volume'])]
            if 'pages' in source:
                first, last = str(source['pages']).split('-')
                want['citation_firstpage'], want['citation_lastpage'] = [first], [last]
        elif source_name:
            want['citation_technical_report_institution'] = [source_name]
        if not journal and fm.get('number'):
            want['citation_technical_report_number'] = [str(fm['number'])]
        if pdf_url:
            want['citation_pdf_url'] = [pdf_url]
        want = {k: v for k, v in want.items() if v}
        got = {n: values(n) for n, _ in tags if n.startswith('citation_')}
        self.assertEqual(got, want)
        # Each author's institution follows the author.
        cited = [(n, c) for n, c in tags if n in ('citation_author', 'citation_author_institution')]
        expect = []
        for name, aff in zip(names, affiliations):
            expect.append(('citation_author', name))
            if aff:
                expect.append(('citation_author_institution', aff))
        self.assertEqual(cited, expect)
        # Dublin Core and JSON-LD say the same.
        self.assertEqual(values('DC.title'), [fm['title']])
        self.assertEqual(values('DC.creator'), names)
        self.assertEqual(values('DC.date'), [date])
        ld = json.loads(''.join(head.ld))
        self.assertEqual(ld['@type'], 'ScholarlyArticle')
        self.assertEqual(ld['headline'], fm['title'])
        self.assertEqual([a['name'] for a in ld['author']], names)
        self.assertEqual(ld['datePublished'], date)
        self.assertEqual(ld.get('inLanguage'), fm['lang'])
        if journal:
            self.assertEqual(ld['isPartOf']['name'], source_name)
            self.assertEqual(ld['issueNumber'], str(source['issue']))
        elif source_name:
            self.assertEqual(ld['publisher']['name'], source_name)
        if pdf_url:
            self.assertEqual(ld['encoding']['contentUrl'], pdf_url)
        else:
            self.assertNotIn('encoding', ld)

    def test_metadata_equals_front_matter(self):
        for e in EXAMPLES:
            src = os.path.join(ROOT, 'examples', e + '.md')
            with self.subTest(example=e):
                self.check_metadata(src, self.page(src))
        # The PDF's address, given with -M: the tag Google Scholar follows to the PDF.
        src = os.path.join(ROOT, 'examples', 'brief-notes-ar.md')
        url = 'https://example.org/briefs/15.pdf'
        self.check_metadata(src, self.page(src, '-M', f'pdf-url={url}'), pdf_url=url)
        src = os.path.join(self.tmp, 'everything.md')
        self.check_metadata(src, self.page(src), pdf_url='https://e.org/b.pdf')

    def test_untrusted_stays_data(self):
        # A title made to break out of the JSON-LD or a meta tag stays text.
        src = os.path.join(self.tmp, 'evil.md')
        with open(src, 'w', encoding='utf-8') as f:
            f.write('---\ntitle: "</script><script>alert(1)</script>"\n'
                    'authors: ["\\"><script>alert(2)</script>"]\n'
                    'pdf-url: "javascript:alert(3)"\n---\nText.\n')
        page = open(self.page(src), encoding='utf-8').read()
        self.assertEqual(page.count('<script'), 1)
        self.assertEqual(page.count('</script>'), 1)
        self.assertNotIn('javascript:', page)
        head = Head()
        head.feed(page.split('</head>', 1)[0])
        self.assertEqual(json.loads(''.join(head.ld))['headline'],
                         '</script><script>alert(1)</script>')


if __name__ == '__main__':
    unittest.main(verbosity=2)
