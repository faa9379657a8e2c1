"""Shared helpers for end-to-end tests: run nashra, inspect PDFs with poppler-utils and qpdf,
and compare extracted text with the source after normalising what pdftotext gets wrong."""
import difflib
import os
import re
import shutil
import subprocess
import sys
import unicodedata

BIDI_MARKS = re.compile('[\u061c\u200e\u200f\u2066-\u2069\ufeff\u0640\u00ad]')
# pdftotext wraps LTR runs of an RTL line in LRE..PDF and puts the run's spaces outside them.
EMBEDDINGS = re.compile('[\u202a-\u202e]')
# pdftotext puts a space before an Arabic mark it sees apart from its letter; no word starts
# with a combining mark, so such a space is always extraction's.
SPACE_BEFORE_MARK = re.compile('\\s+(?=[\u064b-\u065f\u0670])')
EDGE_PUNCT = '.,;:!?()[]{}"\'«»“”‘’،؛؟…—–-/*_`<>#|'


# A paragraph of filler body text per language, for briefs built by the tests.
BODY = {
    'ar': ('يتناول هذا القسم إدارة الموارد المائية في الحوض المشترك، ويعرض ما توصلت إليه '
           'الدراسات السابقة من نتائج حول الاستهلاك والتوزيع. '),
    'en': ('This section deals with the management of water in the shared basin and sets out '
           'what earlier studies found about use and allocation. '),
}


def require_tool(name):
    """The path of command NAME; without it the test skips (exit 77), or fails under CI=true,
    where tools/setup.sh should have installed it."""
    path = shutil.which(name)
    if not path:
        if os.environ.get('CI') == 'true':
            print(f'{name} is not installed (tools/setup.sh installs it)')
            sys.exit(1)
        print(f'skipped: {name} is not installed')
        sys.exit(77)
    return path


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def pdfinfo(path):
    out = run(['pdfinfo', path]).stdout
    info = {}
    for line in out.splitlines():
        k, _, v = line.partition(':')
        info[k.strip()] = v.strip()
    return info


def pdffonts(path):
    """Rows of (name, embedded) for every font of the PDF."""
    lines = run(['pdffonts', path]).stdout.splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # columns: name type [type2] encoding emb sub uni object ID; emb is 5th from the end
        rows.append((parts[0], parts[-5]))
    return rows


def qpdf_check(path):
    r = run(['qpdf', '--check', path])
    return r.returncode, r.stdout + r.stderr


def pdftext(path, first=None, last=None):
    cmd = ['pdftotext', '-enc', 'UTF-8']
    if first:
        cmd += ['-f', str(first)]
    if last:
        cmd += ['-l', str(last)]
    return run(cmd + [path, '-']).stdout


def render_pages(nashra, src, text):
    """Writes TEXT to SRC, renders it to SRC's .pdf; returns (run result, pdf path, the
    normalised text of each page, or [] when the run failed)."""
    with open(src, 'w', encoding='utf-8') as f:
        f.write(text)
    pdf = os.path.splitext(src)[0] + '.pdf'
    r = subprocess.run([nashra, src, '-o', pdf], capture_output=True, text=True)
    n = int(pdfinfo(pdf).get('Pages', 0)) if r.returncode == 0 else 0
    return r, pdf, [normalise(pdftext(pdf, p, p)) for p in range(1, n + 1)]


def normalise(text):
    text = unicodedata.normalize('NFKC', text)
    text = BIDI_MARKS.sub('', text)
    text = EMBEDDINGS.sub(' ', text)
    text = SPACE_BEFORE_MARK.sub('', text)
    return text


def words(text):
    out = []
    for tok in normalise(text).split():
        tok = tok.strip(EDGE_PUNCT)
        if tok and any(ch.isalnum() for ch in tok):
            out.append(tok)
    return out


def front_matter(src):
    """The YAML front matter of a nashra source as a dict, and the body after it."""
    import yaml
    if not src.startswith('---\n'):
        return {}, src
    end = src.index('\n---\n', 4)
    return yaml.safe_load(src[4:end]) or {}, src[end + 5:]


def meta_strings(meta):
    """Every string value of the front matter, nested ones included."""
    if isinstance(meta, dict):
        return [s for v in meta.values() for s in meta_strings(v)]
    if isinstance(meta, list):
        return [s for v in meta for s in meta_strings(v)]
    return [str(meta)] if meta is not None else []


def author_names(meta):
    people = meta.get('authors', meta.get('author', []))
    if isinstance(people, str):
        people = [people]
    return [p['name'] if isinstance(p, dict) else str(p) for p in people]


def strip_markdown(src):
    """The words a reader sees, from nashra source: the front matter, then the body text."""
    meta, body = front_matter(src)
    body = re.sub(r'\]\([^)]*\)', ']', body)          # links keep their text
    body = re.sub(r'<(https?://[^>]+)>', r'\1', body)  # autolinks keep the URL
    body = re.sub(r'^\s{0,3}(#+|>|[-*+]|\d+[.)])\s', ' ', body, flags=re.M)
    body = re.sub(r'^\s*[-*+]\s', ' ', body, flags=re.M)
    body = re.sub(r'[*_`\[\]]', '', body)
    return meta, body


def in_order_match(source_words, pdf_words):
    """Fraction of source words found in order in the PDF, and the PDF words left unmatched."""
    sm = difflib.SequenceMatcher(None, source_words, pdf_words, autojunk=False)
    matched = sum(b.size for b in sm.get_matching_blocks())
    used = set()
    for b in sm.get_matching_blocks():
        used.update(range(b.b, b.b + b.size))
    unmatched = [w for i, w in enumerate(pdf_words) if i not in used]
    return matched / max(1, len(source_words)), unmatched
