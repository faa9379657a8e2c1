"""Inputs of a few hundred thousand characters built to stress one construct each: the parser
must stay linear and the layout must not hang. Shared by the hostile-input test and the
stress benchmark."""

N = 50000


def _defs():
    defs = ''.join(f'[l{i}]: /u{i} "t{i}"\n' for i in range(N // 4))
    refs = ' '.join(f'[x][l{i}]' for i in range(0, N // 4, 3))
    return defs + '\n' + refs + '\n'


CASES = {
    'nested-brackets': lambda: '[' * N + 'a' + ']' * N,
    'nested-emphasis': lambda: '*' * N + 'a' + '*' * N,
    'emphasis-openers': lambda: '*a _b ' * N,
    'unclosed-links': lambda: '[a](b ' * N,
    'backtick-runs': lambda: ''.join('`' * (i % 200 + 1) + 'x' for i in range(3000)),
    'nested-quotes': lambda: '> ' * N + 'a\n',
    'nested-lists': lambda: '- ' * N + 'a\n',
    'deep-list-indents': lambda: ''.join(' ' * (2 * i) + '- x\n' for i in range(400)),
    'many-link-definitions': _defs,
    'long-arabic-word': lambda: 'ب' * (3 * N),
    'long-latin-word': lambda: 'w' * (6 * N),
    'long-line-with-spaces': lambda: 'كلمة word ' * N,
    'many-paragraphs': lambda: 'فقرة قصيرة من كلمات عربية and some English words.\n\n' * (N // 10),
    'many-list-items': lambda: ''.join(f'{i}. بند\n' for i in range(1, N // 5)),
    'many-headings': lambda: ''.join(f'## عنوان {i}\n\nنص.\n\n' for i in range(N // 10)),
    'nul-bytes': lambda: 'a\0b\0' * N,
    'invalid-utf8': lambda: '\udcff'.join(['نص'] * N),
    'html-comments-unclosed': lambda: 'a <!-- ' * N,
    'code-fence-unclosed': lambda: '```\n' + 'code line\n' * (N // 2),
}


def encoded(text):
    """Bytes of a case; lone surrogates stand for raw invalid bytes."""
    return text.encode('utf-8', errors='surrogateescape')
