/* Small hand-written scanners for the spec's lexical pieces: link destinations, titles and
 * labels, HTML tags, autolinks and the start and end conditions of HTML blocks. */
#include "parse/internal.h"

#include <string.h>

static bool parse_scan_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool parse_scan_link_dest(const char *p, size_t len, size_t *consumed, size_t *ds, size_t *dl)
{
    if (len && p[0] == '<') {
        size_t i = 1;
        while (i < len) {
            char c = p[i];
            if (c == '>') {
                *ds = 1;
                *dl = i - 1;
                *consumed = i + 1;
                return true;
            }
            if (c == '\n' || c == '\r' || c == '<')
                return false;
            if (c == '\\' && i + 1 < len && parse_is_ascii_punct((unsigned char)p[i + 1]))
                i += 2;
            else
                i++;
        }
        return false;
    }
    size_t i = 0;
    int depth = 0;
    while (i < len) {
        unsigned char c = (unsigned char)p[i];
        if (c <= 0x20 || c == 0x7f)
            break;
        if (c == '\\' && i + 1 < len && parse_is_ascii_punct((unsigned char)p[i + 1])) {
            i += 2;
            continue;
        }
        if (c == '(') {
            /* Nesting is capped, as cmark does, so a long unclosed run cannot go quadratic. */
            if (++depth > 32)
                return false;
        } else if (c == ')') {
            if (depth == 0)
                break;
            depth--;
        }
        i++;
    }
    if (depth != 0)
        return false;
    *ds = 0;
    *dl = i;
    *consumed = i;
    return true;
}

size_t parse_scan_link_title(const char *p, size_t len)
{
    if (!len)
        return 0;
    char close;
    switch (p[0]) {
    case '"': close = '"'; break;
    case '\'': close = '\''; break;
    case '(': close = ')'; break;
    default: return 0;
    }
    size_t i = 1;
    while (i < len) {
        char c = p[i];
        if (c == '\\' && i + 1 < len && parse_is_ascii_punct((unsigned char)p[i + 1])) {
            i += 2;
            continue;
        }
        if (c == close)
            return i + 1;
        if (close == ')' && c == '(')
            return 0;
        i++;
    }
    return 0;
}

size_t parse_scan_link_label(const char *p, size_t len)
{
    if (!len || p[0] != '[')
        return 0;
    size_t i = 1;
    while (i < len && i <= 1000) {
        char c = p[i];
        if (c == '\\' && i + 1 < len && parse_is_ascii_punct((unsigned char)p[i + 1])) {
            i += 2;
            continue;
        }
        if (c == '[')
            return 0;
        if (c == ']')
            return i - 1 <= 999 ? i + 1 : 0;
        i++;
    }
    return 0;
}

static size_t parse_scan_skip_space(const char *p, size_t len, size_t i)
{
    while (i < len && parse_scan_is_space(p[i]))
        i++;
    return i;
}

static size_t parse_scan_tag_name(const char *p, size_t len, size_t i)
{
    if (i >= len || !g_ascii_isalpha(p[i]))
        return 0;
    i++;
    while (i < len && (g_ascii_isalnum(p[i]) || p[i] == '-'))
        i++;
    return i;
}

static size_t parse_scan_open_tag(const char *p, size_t len)
{
    size_t i = parse_scan_tag_name(p, len, 1);
    if (!i)
        return 0;
    for (;;) {
        size_t ws = parse_scan_skip_space(p, len, i);
        if (ws < len && p[ws] == '>')
            return ws + 1;
        if (ws + 1 < len && p[ws] == '/' && p[ws + 1] == '>')
            return ws + 2;
        if (ws == i || ws >= len)
            return 0;
        i = ws;
        char c = p[i];
        if (!(g_ascii_isalpha(c) || c == '_' || c == ':'))
            return 0;
        i++;
        while (i < len &&
               (g_ascii_isalnum(p[i]) || p[i] == '_' || p[i] == '.' || p[i] == ':' || p[i] == '-'))
            i++;
        size_t j = parse_scan_skip_space(p, len, i);
        if (j < len && p[j] == '=') {
            j = parse_scan_skip_space(p, len, j + 1);
            if (j >= len)
                return 0;
            if (p[j] == '"' || p[j] == '\'') {
                const char *q = memchr(p + j + 1, p[j], len - j - 1);
                if (!q)
                    return 0;
                i = (size_t)(q - p) + 1;
            } else {
                size_t k = j;
                while (k < len && !parse_scan_is_space(p[k]) && !strchr("\"'=<>`", p[k]))
                    k++;
                if (k == j)
                    return 0;
                i = k;
            }
        }
    }
}

size_t parse_scan_html_tag(const char *p, size_t len)
{
    if (len < 3 || p[0] != '<')
        return 0;
    if (p[1] == '/') {
        size_t i = parse_scan_tag_name(p, len, 2);
        if (!i)
            return 0;
        i = parse_scan_skip_space(p, len, i);
        return i < len && p[i] == '>' ? i + 1 : 0;
    }
    return parse_scan_open_tag(p, len);
}

size_t parse_scan_autolink_uri(const char *p, size_t len)
{
    if (len < 4 || p[0] != '<' || !g_ascii_isalpha(p[1]))
        return 0;
    size_t i = 2;
    while (i < len && (g_ascii_isalnum(p[i]) || p[i] == '+' || p[i] == '.' || p[i] == '-'))
        i++;
    if (i - 1 < 2 || i - 1 > 32 || i >= len || p[i] != ':')
        return 0;
    i++;
    while (i < len) {
        unsigned char c = (unsigned char)p[i];
        if (c == '>')
            return i + 1;
        if (c <= 0x20 || c == '<' || c == 0x7f)
            return 0;
        i++;
    }
    return 0;
}

size_t parse_scan_autolink_email(const char *p, size_t len)
{
    if (len < 4 || p[0] != '<')
        return 0;
    size_t i = 1;
    while (i < len && (g_ascii_isalnum(p[i]) || strchr(".!#$%&'*+/=?^_`{|}~-", p[i])) && p[i])
        i++;
    if (i == 1 || i >= len || p[i] != '@')
        return 0;
    i++;
    for (;;) {
        size_t start = i;
        while (i < len && (g_ascii_isalnum(p[i]) || p[i] == '-') && i - start < 63)
            i++;
        if (i == start || !g_ascii_isalnum(p[start]) || !g_ascii_isalnum(p[i - 1]))
            return 0;
        if (i < len && p[i] == '.') {
            i++;
            continue;
        }
        if (i < len && p[i] == '>')
            return i + 1;
        return 0;
    }
}

static const char *const block_tags[] = {
    "address",  "article",  "aside",    "base",       "basefont", "blockquote", "body",   "caption",
    "center",   "col",      "colgroup", "dd",         "details",  "dialog",     "dir",    "div",
    "dl",       "dt",       "fieldset", "figcaption", "figure",   "footer",     "form",   "frame",
    "frameset", "h1",       "h2",       "h3",         "h4",       "h5",         "h6",     "head",
    "header",   "hr",       "html",     "iframe",     "legend",   "li",         "link",   "main",
    "menu",     "menuitem", "nav",      "noframes",   "ol",       "optgroup",   "option", "p",
    "param",    "search",   "section",  "summary",    "table",    "tbody",      "td",     "tfoot",
    "th",       "thead",    "title",    "tr",         "track",    "ul",
};

static bool parse_scan_prefix_ci(const char *p, size_t len, const char *word)
{
    size_t n = strlen(word);
    return len >= n && g_ascii_strncasecmp(p, word, n) == 0;
}

int parse_html_block_start(const char *p, size_t len, bool can_interrupt_paragraph)
{
    if (len < 2 || p[0] != '<')
        return 0;
    static const char *const kind1[] = {"script", "pre", "style", "textarea"};
    for (size_t k = 0; k < G_N_ELEMENTS(kind1); k++) {
        size_t n = strlen(kind1[k]);
        if (parse_scan_prefix_ci(p + 1, len - 1, kind1[k]) &&
            (len == n + 1 || parse_scan_is_space(p[n + 1]) || p[n + 1] == '>'))
            return 1;
    }
    if (parse_scan_prefix_ci(p, len, "<!--"))
        return 2;
    if (p[1] == '?')
        return 3;
    if (p[1] == '!' && len > 2 && g_ascii_isalpha(p[2]))
        return 4;
    if (parse_scan_prefix_ci(p, len, "<![CDATA["))
        return 5;
    size_t i = p[1] == '/' ? 2 : 1;
    size_t e = i;
    while (e < len && g_ascii_isalnum(p[e]))
        e++;
    if (e > i && e - i <= 10) {
        char name[12];
        for (size_t k = i; k < e; k++)
            name[k - i] = g_ascii_tolower(p[k]);
        name[e - i] = '\0';
        bool tail_ok = e == len || parse_scan_is_space(p[e]) || p[e] == '>' ||
                       (p[e] == '/' && e + 1 < len && p[e + 1] == '>');
        if (tail_ok) {
            for (size_t k = 0; k < G_N_ELEMENTS(block_tags); k++)
                if (strcmp(name, block_tags[k]) == 0)
                    return 6;
        }
    }
    if (!can_interrupt_paragraph)
        return 0;
    size_t n = parse_scan_html_tag(p, len);
    if (!n)
        return 0;
    /* An opening <pre>, <script>, ... was taken as kind 1 above; like the reference
     * implementations, their closing tags alone on a line are kind 7. */
    while (n < len && (p[n] == ' ' || p[n] == '\t'))
        n++;
    return n == len ? 7 : 0;
}

static bool parse_scan_contains_ci(const char *p, size_t len, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= len; i++)
        if (g_ascii_strncasecmp(p + i, word, n) == 0)
            return true;
    return false;
}

bool parse_html_block_end(int kind, const char *p, size_t len)
{
    switch (kind) {
    case 1:
        return parse_scan_contains_ci(p, len, "</script>") ||
               parse_scan_contains_ci(p, len, "</pre>") ||
               parse_scan_contains_ci(p, len, "</style>") ||
               parse_scan_contains_ci(p, len, "</textarea>");
    case 2: return parse_scan_contains_ci(p, len, "-->");
    case 3: return parse_scan_contains_ci(p, len, "?>");
    case 4: return parse_scan_contains_ci(p, len, ">");
    case 5: return parse_scan_contains_ci(p, len, "]]>");
    default: return false;
    }
}
