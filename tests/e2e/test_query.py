"""`nashra query`: the JSON of the example briefs (Arabic with a figure, a table, notes and
citations; English) and of an English report with a table of contents, checked against their
sources and against the pages of the PDFs nashra makes of them; -o, standard input, errors.
usage: test_query.py NASHRA SOURCE_ROOT"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import pdfcheck as pc  # noqa: E402

NASHRA, ROOT = (os.path.abspath(a) for a in sys.argv[1:3])
del sys.argv[1:3]
EXAMPLES = os.path.join(ROOT, 'examples')
CHART = os.path.join(ROOT, 'tests', 'data', 'chart.png')

TOP = ['pages', 'metadata', 'headings', 'figures', 'tables', 'notes', 'citations']

REPORT = """---
title: Water Allocation in Dry Years
authors:
  - name: Lena Fischer
    affiliation: Urban Policy Lab
  - name: Omar Haddad
lang: en
template: report
references:
  - id: smith2020
    type: book
    author: [{family: Smith, given: Anna}]
    title: Rivers Under Stress
    publisher: Basin Press
    issued: 2020
  - id: wmo2022
    type: report
    author: [{literal: World Meteorological Organization}]
    title: State of Global Water Resources 2022
    publisher: WMO
    issued: 2023
---

## Background {#background}

@BODY@Flows fell by a third over five years[^a] [@smith2020].

![Monthly flows at four stations](chart.png "Monthly flows"){#fig:flows}

## Stations

@BODY@

| Station | Flow |
|:--|--:|
@ROWS@

Table: Mean monthly flow {#tbl:flows}

## Options

@BODY@See [@fig:flows] and [@tbl:flows] [@wmo2022; @smith2020, p. 4].

[^a]: Measured since 1950.

[^b]: Never called, so dropped.
"""


def query(*args, stdin=None, cwd=None):
    return subprocess.run([NASHRA, 'query', *args], input=stdin, capture_output=True, cwd=cwd)


def on_page(text, page):
    """Whether TEXT's words are on PAGE, in order (pdftotext spaces punctuation apart)."""
    return ' '.join(pc.words(text)) in ' '.join(pc.words(page))


def source_headings(body):
    """(level, text, {#id} or None) of each ATX heading of a source body."""
    out = []
    for m in re.finditer(r'^(#{1,6}) (.*?)(?: \{#([^}]+)\})?$', body, re.M):
        out.append((len(m.group(1)), m.group(2).strip(), m.group(3)))
    return out


class Query(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def run_query(self, src, *args):
        r = query(src, *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.stderr = r.stderr.decode()
        data = json.loads(r.stdout.decode('utf-8'))
        self.assertEqual(list(data), TOP)
        # The same input, the same bytes.
        self.assertEqual(query(src, *args).stdout, r.stdout)
        return r.stdout, data

    def pdf_pages(self, src, *args):
        """The normalised text of each page of SRC's PDF (rendered with ARGS)."""
        pdf = os.path.join(self.dir, os.path.basename(src) + '.pdf')
        r = subprocess.run([NASHRA, src, '-o', pdf, *args], capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        n = int(pc.pdfinfo(pdf)['Pages'])
        return [pc.normalise(pc.pdftext(pdf, p, p)) for p in range(1, n + 1)]

    def check_pages(self, data, pages):
        """Pages from 1, in order, and each heading and caption on the page it names."""
        self.assertEqual(data['pages'], len(pages))
        for kind in ('headings', 'figures', 'tables'):
            seen = [x['page'] for x in data[kind]]
            self.assertEqual(seen, sorted(seen), kind)
            for p in seen:
                self.assertTrue(1 <= p <= len(pages), (kind, p))
        for h in data['headings']:
            self.assertTrue(on_page(h['text'], pages[h['page'] - 1]), h)
        for f in data['figures']:
            self.assertTrue(on_page(f['caption'], pages[f['page'] - 1]), f)

    def test_arabic_brief_with_figure_table_notes_citations(self):
        src = os.path.join(EXAMPLES, 'brief-notes-ar.md')
        with open(src, encoding='utf-8') as f:
            text = f.read()
        meta, body = pc.front_matter(text)
        raw, data = self.run_query(src)
        self.assertEqual(self.stderr, '')
        # Arabic as UTF-8, not \\u escapes.
        self.assertIn(meta['title'].encode(), raw)
        self.assertNotIn(b'\\u06', raw)

        m = data['metadata']
        for key in ('title', 'subtitle', 'series', 'date', 'lang'):
            self.assertEqual(m[key], str(meta[key]), key)
        self.assertEqual(m['number'], str(meta['number']))
        self.assertEqual(m['authors'], [{'name': a['name'], 'affiliation': a['affiliation']}
                                        for a in meta['authors']])
        self.assertEqual(m['dir'], 'rtl')
        self.assertEqual(m['citation-style'], 'chicago-author-date')  # `chicago` resolved

        heads = source_headings(body)
        self.assertEqual([(h['level'], h['text']) for h in data['headings']],
                         [(lv, t) for lv, t, _ in heads] + [(2, 'المراجع')])
        self.assertEqual(data['headings'][0]['id'], 'data')
        self.assertEqual(data['headings'][-1]['id'], 'references')

        fig_title = re.search(r'!\[[^\]]*\]\((\S+) "([^"]+)"\)\{#(\S+)', body)
        self.assertEqual(len(data['figures']), 1)
        fig = data['figures'][0]
        self.assertEqual((fig['number'], fig['file'], fig['caption'], fig['id']),
                         (1, fig_title.group(1), fig_title.group(2), fig_title.group(3)))
        caption = re.search(r'^Table: (.*?) \{#(\S+)\}$', body, re.M)
        self.assertEqual(len(data['tables']), 1)
        table = data['tables'][0]
        self.assertEqual((table['number'], table['caption'], table['id']),
                         (1, caption.group(1), caption.group(2)))
        self.assertEqual(table['rows'], len(re.findall(r'^\| \S+ \| \S+ \| \d+ \|', body, re.M)))

        defs = re.findall(r'^\[\^(\w+)\]: (.*)$', body, re.M)
        self.assertEqual([n['number'] for n in data['notes']], list(range(1, len(defs) + 1)))
        for n, (label, first_line) in zip(data['notes'], defs):
            self.assertEqual(n['label'], label)
            self.assertTrue(n['text'].startswith(first_line.replace("'", '’')), n)
        self.assertEqual(data['notes'][1]['text'].count('\n'), 1)  # two paragraphs

        keys = []
        for k in re.findall(r'@([\w:]+)', body):
            if not k.startswith(('fig:', 'tbl:')) and k not in keys:
                keys.append(k)
        self.assertEqual(data['citations']['keys'], keys)
        refs = data['citations']['references']
        self.assertEqual(sorted(r['id'] for r in refs), sorted(keys))
        titles = {r['id']: r['title'] for r in meta['references']}
        for r in refs:
            self.assertIn(titles[r['id']], r['text'])

        pages = self.pdf_pages(src)
        self.check_pages(data, pages)
        self.assertTrue(on_page(table['caption'], ' '.join(pages[table['page'] - 1:])))
        for n in data['notes']:
            self.assertTrue(on_page(n['text'].split('\n')[0], pages[n['page'] - 1]), n)

    def test_english_brief(self):
        src = os.path.join(EXAMPLES, 'brief-en.md')
        with open(src, encoding='utf-8') as f:
            meta, body = pc.front_matter(f.read())
        _, data = self.run_query(src)
        self.assertEqual(self.stderr, '')
        m = data['metadata']
        self.assertEqual((m['title'], m['subtitle'], m['lang'], m['dir']),
                         (meta['title'], meta['subtitle'], 'en', 'ltr'))
        self.assertEqual([a['name'] for a in m['authors']], meta['author'])
        self.assertEqual(m['keywords'], [k.strip() for k in meta['keywords'].split(',')])
        self.assertEqual(m['source-url'], meta['source-url'])
        heads = source_headings(body)
        self.assertEqual([h['text'] for h in data['headings']], [t for _, t, _ in heads])
        # Ids as the links in the body name them.
        self.assertEqual(data['headings'][1]['id'], 'options-for-city-governments')
        self.assertIn('(#options-for-city-governments)', body)
        self.assertEqual((data['figures'], data['tables'], data['notes']), ([], [], []))
        self.assertEqual(data['citations'], {'keys': [], 'references': []})
        self.check_pages(data, self.pdf_pages(src))

    def test_english_report_pages_match_its_contents(self):
        rows = '\n'.join(f'| Station {i} | {400 - i} |' for i in range(1, 31))
        body = ' '.join([pc.BODY['en']] * 6) + '\n\n'
        src = os.path.join(self.dir, 'report.md')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(REPORT.replace('@BODY@', body).replace('@ROWS@', rows))
        shutil.copy(CHART, os.path.join(self.dir, 'chart.png'))
        _, data = self.run_query(src)
        self.assertEqual(data['metadata']['authors'],
                         [{'name': 'Lena Fischer', 'affiliation': 'Urban Policy Lab'},
                          {'name': 'Omar Haddad'}])
        self.assertEqual(data['metadata']['template'], 'report')
        self.assertEqual([(h['text'], h['id']) for h in data['headings']],
                         [('Background', 'background'), ('Stations', 'stations'),
                          ('Options', 'options'), ('References', 'references')])
        self.assertEqual(data['figures'], [{
            'number': 1, 'id': 'fig:flows', 'caption': 'Monthly flows',
            'alt': 'Monthly flows at four stations', 'file': 'chart.png',
            'page': data['figures'][0]['page']}])
        t = data['tables'][0]
        self.assertEqual((t['number'], t['id'], t['caption'], t['columns'], t['rows']),
                         (1, 'tbl:flows', 'Mean monthly flow', 2, 30))
        # The note never called is dropped, as in the PDF, with the usual warning.
        self.assertIn('warning: footnote [^b] is never referenced; dropped', self.stderr)
        self.assertEqual([(n['number'], n['label'], n['text']) for n in data['notes']],
                         [(1, 'a', 'Measured since 1950.')])
        # Works in order of first citation; cross-references are not works.
        self.assertEqual(data['citations']['keys'], ['smith2020', 'wmo2022'])
        self.assertEqual([r['id'] for r in data['citations']['references']],
                         ['smith2020', 'wmo2022'])
        pages = self.pdf_pages(src)
        self.check_pages(data, pages)
        # Cover, then contents: the body's headings start on page 3 at the earliest, and the
        # contents page lists each with the page number query gives.
        self.assertGreaterEqual(data['headings'][0]['page'], 3)
        toc = pages[1]
        for h in data['headings']:
            self.assertRegex(toc, re.escape(h['text']) + r'[ .\u2026]*\s*' + str(h['page']))
        self.assertIn('Station 1 ', pages[t['page'] - 1])
        self.assertNotIn('Station 1 ', ''.join(pages[:t['page'] - 1]))

    def test_output_file_and_standard_input(self):
        src = os.path.join(EXAMPLES, 'brief-en.md')
        out = os.path.join(self.dir, 'q.json')
        r = query(src, '-o', out)
        self.assertEqual((r.returncode, r.stdout), (0, b''), r.stderr)
        with open(out, 'rb') as f:
            written = f.read()
        self.assertEqual(written, query(src).stdout)
        with open(src, 'rb') as f:
            r = query('-', stdin=f.read(), cwd=EXAMPLES)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)['metadata']['title'], 'Heat and the City')

    def test_errors(self):
        bad = os.path.join(self.dir, 'bad.md')
        with open(bad, 'w', encoding='utf-8') as f:
            f.write('---\ntitle: [broken\nlang: ar\n---\n\nنص.\n')
        r = query(bad)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, b'')
        self.assertRegex(r.stderr.decode(), re.escape(bad) + r':\d+:\d+: error: front matter')
        with open(bad, 'w', encoding='utf-8') as f:
            f.write('---\ntitle: x\n---\n\n![a](missing.png "A")\n')
        r = query(bad)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"{bad}:5:1: error: cannot read image 'missing.png'", r.stderr.decode())
        self.assertEqual(r.stdout, b'')
        for args in ([bad, bad], ['-O', self.dir, bad], ['--check', bad], ['--to', 'html', bad],
                     ['--depfile', os.path.join(self.dir, 'd'), bad], []):
            r = query(*args)
            self.assertEqual(r.returncode, 2, (args, r.stderr))


if __name__ == '__main__':
    unittest.main()
