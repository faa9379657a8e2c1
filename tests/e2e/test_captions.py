"""End to end: a figure keeps its caption on its page, and a table that breaks across pages
keeps its caption under its last row, wherever the page breaks fall.
usage: test_captions.py NASHRA SOURCE_ROOT"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import pdfcheck as pc  # noqa: E402

NASHRA, ROOT = sys.argv[1:3]
del sys.argv[1:3]

PARA = 'Flows along the river fell again this year, and the stations downstream saw the most.'


def brief(lead, lang='en'):
    rows = '\n'.join(f'| Station {i} | {400 - i} |' for i in range(60))
    return (f'---\ntitle: Captions\nlang: {lang}\n---\n\n' + f'{PARA}\n\n' * lead +
            '![A chart](chart.png "Monthly flows"){width=80%}\n\n' + f'{PARA}\n\n' * 3 +
            '| Station | Flow |\n|---|--:|\n' + rows + '\n\nTable: Flows by station\n')


def page_of(pdf, needle):
    n = int(pc.pdfinfo(pdf)['Pages'])
    # Table cells end in an invisible bidi mark and a space (for pdf.js): normalise drops it.
    found = [i for i in range(1, n + 1)
             if needle in re.sub(r'\s+', ' ', pc.normalise(pc.pdftext(pdf, i, i)))]
    return found


class Captions(unittest.TestCase):
    def test_captions_stay_with_their_figure_and_table(self):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(os.path.join(ROOT, 'tests', 'data', 'chart.png'), tmp)
            # Move the figure down the first page a paragraph at a time, so that at some
            # point it no longer fits and must move whole to the next page.
            pages_seen = set()
            for lead in range(0, 40, 3):
                src = os.path.join(tmp, f'c{lead}.md')
                with open(src, 'w') as f:
                    f.write(brief(lead))
                pdf = os.path.join(tmp, f'c{lead}.pdf')
                r = subprocess.run([NASHRA, src, '-o', pdf], capture_output=True, text=True)
                self.assertEqual(r.returncode, 0, r.stderr)
                images = subprocess.run(['pdfimages', '-list', pdf], capture_output=True,
                                        text=True).stdout.splitlines()[2:]
                self.assertEqual(len(images), 1, images)
                image_page = int(images[0].split()[0])
                pages_seen.add(image_page)
                self.assertEqual(page_of(pdf, 'Figure 1: Monthly flows'), [image_page],
                                 f'lead {lead}')
                last_row = page_of(pdf, 'Station 59')
                self.assertEqual(len(last_row), 1)
                self.assertEqual(page_of(pdf, 'Table 1: Flows by station'), last_row,
                                 f'lead {lead}')
                self.assertGreater(len(page_of(pdf, 'Station Flow')), 1, 'header repeated')
            self.assertGreater(len(pages_seen), 1, 'the figure never crossed a page break')


if __name__ == '__main__':
    unittest.main(verbosity=2)
