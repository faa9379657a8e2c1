"""End to end for the brief's metadata: `nashra cite` in every format on the example briefs,
`--from text` on the corpus article, `-M` overrides, and located front-matter errors.
usage: test_briefmeta.py NASHRA SOURCE_ROOT SHARED_DIR"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import pdfcheck as pc  # noqa: E402

NASHRA, ROOT, SHARED = sys.argv[1:4]
del sys.argv[1:4]

BRIEF_AR = os.path.join(ROOT, 'examples', 'brief-ar.md')
BRIEF_EN = os.path.join(ROOT, 'examples', 'brief-en.md')
ARTICLE = os.path.join(SHARED, 'corpus', 'article-ar.txt')


def nashra(*args):
    return subprocess.run([NASHRA, *args], capture_output=True, text=True)


def front_matter(path):
    """Title, first author and year of an example brief, read from its front matter."""
    with open(path, encoding='utf-8') as f:
        meta, _ = pc.front_matter(f.read())
    return str(meta['title']), pc.author_names(meta)[0], str(meta['date'])[:4]


class Cite(unittest.TestCase):
    def cite(self, path, fmt):
        r = nashra('cite', path, '--format', fmt)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(': warning:', r.stderr)
        self.assertNotIn(': error:', r.stderr)
        return r.stdout

    def test_text(self):
        ar = self.cite(BRIEF_AR, 'text')
        title, author, _ = front_matter(BRIEF_AR)
        self.assertIn(f'«{title}:', ar)
        self.assertTrue(ar.startswith(author))
        self.assertIn('٢٠٢٦', ar)
        self.assertIn('، ', ar)
        en = self.cite(BRIEF_EN, 'text')
        self.assertTrue(en.startswith('Fischer, Lena, '), en)
        self.assertIn('“Heat and the City:', en)
        self.assertEqual(nashra('cite', BRIEF_EN).stdout, en)  # text is the default
        # The default style is Debian's chicago-author-date.csl; apa is apa.csl (a report is
        # dated by its year, its source is its publisher): both as citeproc-js writes them.
        self.assertEqual(en, 'Fischer, Lena, Omar Haddad, and Priya Raman. 2026. “Heat and the '
                         'City: Protecting Outdoor Workers during Extreme Summers.” Urban Policy '
                         'Notes. https://example.org/urban-policy-notes.\n')
        apa = nashra('cite', BRIEF_EN, '-M', 'citation-style=apa').stdout
        self.assertEqual(apa, 'Fischer, L., Haddad, O., & Raman, P. (2026). Heat and the City: '
                         'Protecting outdoor workers during extreme summers. Urban Policy Notes. '
                         'https://example.org/urban-policy-notes\n')
        notes = nashra('cite', BRIEF_EN, '-M', 'citation-style=chicago-notes').stdout
        self.assertIn('Urban Policy Notes, July 15, 2026.', notes)

    def test_bibtex(self):
        # The Arabic example appeared in an issue of a periodical; the English one did not.
        for path, kind in ((BRIEF_AR, 'article'), (BRIEF_EN, 'techreport')):
            bib = self.cite(path, 'bibtex')
            title, author, year = front_matter(path)
            m = re.match(r'@(\w+)\{([A-Za-z0-9_:-]+),\n', bib)
            self.assertTrue(m, bib)
            self.assertEqual(m.group(1), kind)
            self.assertTrue(m.group(2).endswith(year))
            fields = dict(re.findall(r'^  (\w+) = \{(.*)\},?$', bib, re.M))
            self.assertTrue(fields['title'].startswith(title))
            self.assertIn(author.split()[-1], fields['author'])
            self.assertEqual(fields['year'], year)
            self.assertEqual(bib.count('{'), bib.count('}'))
            self.assertTrue(bib.rstrip().endswith('}'))
        self.assertIn('@techreport{fischer2026,', self.cite(BRIEF_EN, 'bibtex'))

    def test_ris(self):
        for path, kind in ((BRIEF_AR, 'JOUR'), (BRIEF_EN, 'RPRT')):
            ris = self.cite(path, 'ris')
            title, author, year = front_matter(path)
            lines = ris.splitlines()
            self.assertEqual(lines[0], 'TY  - ' + kind)
            self.assertEqual(lines[-1], 'ER  - ')
            for line in lines:
                self.assertRegex(line, r'^[A-Z][A-Z0-9]  - ')
            tags = {}
            for line in lines:
                tags.setdefault(line[:2], []).append(line[6:])
            self.assertTrue(tags['TI'][0].startswith(title))
            self.assertIn(author.split()[-1], tags['AU'][0])
            self.assertEqual(tags['PY'], [year])
            for tag in ('DA', 'T2', 'UR', 'LA', 'KW'):
                self.assertIn(tag, tags)

    def test_csl_json(self):
        for path, kind in ((BRIEF_AR, 'article-journal'), (BRIEF_EN, 'report')):
            items = json.loads(self.cite(path, 'csl-json'))
            title, author, year = front_matter(path)
            self.assertEqual(len(items), 1)
            item = items[0]
            self.assertEqual(item['type'], kind)
            self.assertTrue(item['title'].startswith(title))
            self.assertEqual(item['issued']['date-parts'][0][0], int(year))
            first = item['author'][0]
            self.assertIn(author.split()[-1], first.get('literal', first.get('family', '')))
            # A report's source is its publisher; an article's, the journal.
            source = 'container-title' if kind == 'article-journal' else 'publisher'
            for key in ('id', source, 'URL', 'language', 'keyword'):
                self.assertIn(key, item)
        # An article in a journal issue, with text that needs escaping.
        r = nashra('cite', BRIEF_EN, '--format', 'csl-json', '-M',
                   'source={name: "Journal \\"Q\\"", issue: 3, volume: 2, pages: 1-9}',
                   '-M', 'summary="tab\\there\\nnew line \\\\ back"')
        self.assertEqual(r.returncode, 0, r.stderr)
        item = json.loads(r.stdout)[0]
        self.assertEqual(item['type'], 'article-journal')
        self.assertEqual(item['container-title'], 'Journal "Q"')
        self.assertEqual(item['abstract'], 'tab\there\nnew line \\ back')
        self.assertEqual(item['issue'], '3')

    def test_usage(self):
        self.assertEqual(nashra('cite', BRIEF_EN, '--format', 'mla').returncode, 2)
        self.assertEqual(nashra('cite').returncode, 2)
        self.assertEqual(nashra(BRIEF_EN, '--format', 'ris').returncode, 2)
        self.assertEqual(nashra('cite', '/nonexistent/brief.md').returncode, 3)
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, 'brief.bib')
            r = nashra('cite', BRIEF_EN, '--format', 'bibtex', '-o', out)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(out, encoding='utf-8') as f:
                self.assertTrue(f.read().startswith('@techreport{'))


class FromText(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_tree(self):
        r = nashra('--from', 'text', ARTICLE, '--to', 'tree', '-o', '-')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('no title: set one with -M title=', r.stderr)
        self.assertIn('meta authors=["علي بكر"]', r.stdout)
        self.assertIn('meta source="مجلة السياسة الدولية"', r.stdout)
        self.assertEqual(len(re.findall(r'^  heading \[\d+:1-', r.stdout, re.M)), 2)
        self.assertEqual(len(re.findall(r'^    item ', r.stdout, re.M)), 4)
        self.assertEqual(len(re.findall(r'^  list ', r.stdout, re.M)), 1)
        # The byline and the source left the body.
        self.assertNotIn('text [16:', r.stdout)
        self.assertNotIn('text [17:', r.stdout)

    def test_pdf(self):
        pdf = os.path.join(self.dir, 'article.pdf')
        r = nashra('--from', 'text', ARTICLE, '-o', pdf)
        self.assertEqual(r.returncode, 0, r.stderr)
        text = ' '.join(pc.words(pc.pdftext(pdf)))
        self.assertIn('علي بكر', text)
        self.assertIn('السياسة الدولية', text)
        self.assertEqual(pc.pdfinfo(pdf).get('Author'), 'علي بكر')
        self.assertEqual(pc.qpdf_check(pdf)[0], 0)

    def test_title_from_m(self):
        pdf = os.path.join(self.dir, 'titled.pdf')
        title = 'الانتشار في الجنوب الليبي'
        r = nashra('--from', 'text', ARTICLE, '-M', f'title={title}', '-M', 'date=2017-10',
                   '-o', pdf)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(': warning:', r.stderr)
        self.assertNotIn(': error:', r.stderr)
        self.assertEqual(pc.pdfinfo(pdf).get('Title'), title)
        r = nashra('cite', '--from', 'text', ARTICLE, '-M', f'title={title}', '-M', 'date=2017')
        # chicago-author-date: author. year. «title». container — in the brief's digits.
        self.assertEqual(r.stdout, f'علي بكر. ٢٠١٧. «{title}». مجلة السياسة الدولية.\n')


class Metadata(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_m_title_in_pdfinfo(self):
        pdf = os.path.join(self.dir, 'en.pdf')
        r = nashra(BRIEF_EN, '--metadata', 'title=Cooler Cities', '-o', pdf)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(pc.pdfinfo(pdf).get('Title'), 'Cooler Cities')

    def test_bad_value_located_no_output(self):
        src = os.path.join(self.dir, 'bad.md')
        with open(src, 'w', encoding='utf-8') as f:
            f.write('---\ntitle: عنوان\ndate: 2026-02-30\n---\n\nنص.\n')
        r = nashra(src)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"{src}:3:7: error: invalid date '2026-02-30'", r.stderr)
        self.assertEqual(sorted(os.listdir(self.dir)), ['bad.md'])

    def test_bad_m_value(self):
        out = os.path.join(self.dir, 'x.pdf')
        r = nashra(BRIEF_EN, '-M', 'title=ok', '-M', 'paragraph-numbers=maybe', '-o', out)
        self.assertEqual(r.returncode, 1)
        self.assertIn("<command line>:2:19: error: front matter key 'paragraph-numbers' must be "
                      "true or false, not 'maybe'", r.stderr)
        self.assertFalse(os.path.exists(out))

    def no_title(self, text, name='in.md'):
        src = os.path.join(self.dir, name)
        with open(src, 'w', encoding='utf-8') as f:
            f.write(text)
        return src

    def test_no_title_warned_and_cite_box_says_what_it_can(self):
        src = self.no_title('---\nauthors: [Lena Fischer]\ndate: 2026-07-15\n'
                            'source: Policy Notes\n---\n\nSome text.\n')
        pdf = os.path.join(self.dir, 'in.pdf')
        r = nashra(src, '-o', pdf)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"{src}:1:1: warning: the brief has no title (front matter 'title:')",
                      r.stderr)
        text = re.sub(r'\s+', ' ', pc.normalise(pc.pdftext(pdf)))
        # chicago-author-date cites a report by its year.
        self.assertIn('How to cite this brief Fischer, Lena. 2026. Policy Notes.', text)
        # The HTML page's box says the same.
        r = nashra(src, '--to', 'html', '-o', '-')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('<p>Fischer, Lena. 2026. Policy Notes.</p>', r.stdout)
        # Arabic: the authors and the date, not a lone "."; nothing known: no box at all.
        src = self.no_title('---\nlang: ar\nauthors: [سارة المنصوري]\ndate: 2026-11-24\n---\n\n'
                            'نص قصير.\n', 'ar.md')
        r = nashra(src, '-o', pdf)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"{src}:1:1: warning: the brief has no title", r.stderr)
        text = re.sub(r'\s+', ' ', pc.normalise(pc.pdftext(pdf)))
        self.assertIn('سارة المنصوري', text[text.index('للاستشهاد'):])
        src = self.no_title('---\nlang: ar\n---\n\nنص قصير\n', 'bare.md')
        r = nashra(src, '-o', pdf)
        self.assertEqual(r.returncode, 0, r.stderr)
        text = re.sub(r'\s+', ' ', pc.normalise(pc.pdftext(pdf)))
        self.assertNotIn('للاستشهاد', text)
        self.assertNotIn('class="cite"', nashra(src, '--to', 'html', '-o', '-').stdout)
        self.assertNotRegex(text, r'(^|\s)\.(\s|$)')
        # With a title from -M, no warning; nor in CommonMark, which has no front matter.
        for args in (['-M', 'title=عنوان'], ['--syntax', 'commonmark']):
            r = nashra(src, *args, '-o', pdf)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertNotIn('no title', r.stderr)

    def test_cite_without_title_is_located_error(self):
        src = self.no_title('---\nauthors: [Lena Fischer]\ndate: 2026-07-15\n---\n\nText.\n')
        for fmt in ('text', 'bibtex', 'ris', 'csl-json'):
            r = nashra('cite', src, '--format', fmt)
            self.assertEqual(r.returncode, 1, fmt)
            self.assertRegex(r.stderr, re.escape(src) + r":1:1: error: .*no title")
            self.assertEqual(r.stdout, '', fmt)

    def test_commonmark_ignores_m(self):
        r = nashra(BRIEF_EN, '--syntax', 'commonmark', '-M', 'title=[', '--to', 'html', '-o', '-')
        self.assertEqual(r.returncode, 0, r.stderr)


if __name__ == '__main__':
    unittest.main(verbosity=2)
