#!/usr/bin/python3
# Runs every example of the CommonMark spec JSON through the md2html driver and compares the
# HTML after the spec runner's normalisation. Usage: run_spec.py DRIVER SPEC.json [NUMBERS...]
import concurrent.futures
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser

# Normalisation after the spec's test/normalize.py: whitespace collapsed outside <pre>,
# attributes sorted, entities resolved, self-closing tags unified.
SIGNIFICANT_ATTRS = ["alt", "href", "src", "title"]
WHITESPACE_RE = re.compile(r'\s+')


class Normalizer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.last = "starttag"
        self.in_pre = False
        self.output = ""
        self.last_tag = ""

    def handle_data(self, data):
        after_tag = self.last == "endtag" or self.last == "starttag"
        after_block = after_tag and self.last_tag in BLOCK_TAGS
        if after_tag and self.last_tag == "br":
            data = data.lstrip("\n")
        if not self.in_pre:
            data = WHITESPACE_RE.sub(" ", data)
        if after_block and not self.in_pre:
            if self.last == "starttag":
                data = data.lstrip()
            elif self.last == "endtag":
                data = data.strip()
        self.output += data
        self.last = "data"

    def handle_endtag(self, tag):
        if tag == "pre":
            self.in_pre = False
        elif tag in BLOCK_TAGS:
            self.output = self.output.rstrip()
        self.output += "</" + tag + ">"
        self.last_tag = tag
        self.last = "endtag"

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self.in_pre = True
        if tag in BLOCK_TAGS:
            self.output = self.output.rstrip()
        self.output += "<" + tag
        attrs = [a for a in attrs if a[0] in SIGNIFICANT_ATTRS]
        if attrs:
            attrs.sort()
            for (k, v) in attrs:
                self.output += " " + k
                if v is not None:
                    self.output += ("=" + '"' + v.replace('&', '&amp;').replace('"', '&quot;')
                                    .replace('<', '&lt;').replace('>', '&gt;') + '"')
        self.output += ">"
        self.last_tag = tag
        self.last = "starttag"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.last_tag = tag
        self.last = "endtag"

    def handle_comment(self, data):
        self.output += '<!--' + data + '-->'
        self.last = "comment"

    def handle_decl(self, data):
        self.output += '<!' + data + '>'
        self.last = "decl"

    def unknown_decl(self, data):
        self.output += '<!' + data + '>'
        self.last = "decl"

    def handle_pi(self, data):
        self.output += '<?' + data + '>'
        self.last = "pi"

    def handle_entityref(self, name):
        import html
        c = html.unescape('&' + name + ';')
        self.output += self.escape(c) if c != '&' + name + ';' else '&' + name + ';'
        self.last = "ref"

    def handle_charref(self, name):
        import html
        c = html.unescape('&#' + name + ';')
        self.output += self.escape(c)
        self.last = "ref"

    @staticmethod
    def escape(c):
        return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}.get(c, c)


BLOCK_TAGS = ['article', 'header', 'aside', 'hgroup', 'blockquote', 'hr', 'iframe', 'body', 'li',
              'map', 'button', 'object', 'canvas', 'ol', 'caption', 'output', 'col', 'p',
              'colgroup', 'pre', 'dd', 'progress', 'div', 'section', 'dl', 'table', 'td', 'dt',
              'tbody', 'embed', 'textarea', 'fieldset', 'tfoot', 'figcaption', 'th', 'figure',
              'thead', 'footer', 'tr', 'form', 'ul', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'video',
              'script', 'style']


def normalize(html):
    html = html.replace('\r\n', '\n')
    try:
        n = Normalizer()
        n.feed(html)
        n.close()
        return n.output
    except Exception:
        return html


def main():
    driver, spec = sys.argv[1], sys.argv[2]
    # The nashra binary runs exactly as users and the issue state it; the md2html driver
    # (tests/conformance/md2html.c) takes the markdown alone.
    command = [driver]
    if os.path.basename(driver) == 'nashra':
        # --unsafe: the spec's examples keep raw HTML and every URL, as cmark's own run does.
        command += ['--syntax', 'commonmark', '--to', 'html', '--unsafe', '-', '-o', '-']
    only = set(int(a) for a in sys.argv[3:])
    examples = json.load(open(spec, encoding='utf-8'))
    passed, failed = 0, []
    todo = [ex for ex in examples if not only or ex['example'] in only]

    def run(ex):
        r = subprocess.run(command, input=ex['markdown'].encode('utf-8'), capture_output=True,
                           timeout=60)
        return ex, r

    # Each example is a process of its own; run a few at once.
    with concurrent.futures.ThreadPoolExecutor(max_workers=(os.cpu_count() or 2) * 2) as pool:
        for ex, r in pool.map(run, todo):
            got = r.stdout.decode('utf-8', errors='replace')
            if r.returncode == 0 and normalize(got) == normalize(ex['html']):
                passed += 1
            else:
                failed.append(ex['example'])
                if only or '-v' in sys.argv:
                    print('--- example %d (%s)\n%r\nexpected: %r\ngot:      %r' % (
                        ex['example'], ex['section'], ex['markdown'], ex['html'], got))
    print('%d passed, %d failed' % (passed, len(failed)))
    if failed:
        print('failing examples: ' + ' '.join(str(n) for n in failed))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
