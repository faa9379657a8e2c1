/* The plain-text reader (--from text): an article as published (one paragraph a line, short
 * colon-ended lines as headings, marked lines as bullets, the byline and source last) to a tree. */
#include "parse/internal.h"

#include <string.h>

enum text_kind { TEXT_PARA, TEXT_HEADING, TEXT_BULLET, TEXT_BYLINE };

/* One non-blank line: its trimmed content [start, end) in the clean source, and for headings
 * and bullets the part that is kept. */
struct text_line {
    size_t start, end;
    size_t kstart, kend; /* kept text: without a heading's colon or a bullet's marker */
    enum text_kind kind;
    bool blank_before;
    char bullet;
    int words;
};

/* Limits for what counts as a heading line and a byline or source line. */
enum { TEXT_HEADING_WORDS = 10, TEXT_BYLINE_WORDS = 6, TEXT_BYLINE_LINES = 4 };

static bool text_is_space(const char *p, const char *end, size_t *n)
{
    if (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v')) {
        *n = 1;
        return true;
    }
    /* NO-BREAK SPACE, and the direction marks editors leave at line ends. */
    static const char *const wide[] = {"\xC2\xA0", "\xE2\x80\x8E", "\xE2\x80\x8F", "\xEF\xBB\xBF"};
    for (size_t i = 0; i < G_N_ELEMENTS(wide); i++) {
        size_t l = strlen(wide[i]);
        if ((size_t)(end - p) >= l && memcmp(p, wide[i], l) == 0) {
            *n = l;
            return true;
        }
    }
    return false;
}

static void text_trim(const char *buf, size_t *start, size_t *end)
{
    size_t n;
    while (*start < *end && text_is_space(buf + *start, buf + *end, &n))
        *start += n;
    /* Trailing: step back one character at a time. */
    while (*end > *start) {
        const char *prev = g_utf8_find_prev_char(buf + *start, buf + *end);
        if (!prev || !text_is_space(prev, buf + *end, &n) || prev + n != buf + *end)
            break;
        *end = (size_t)(prev - buf);
    }
}

static int text_words(const char *p, const char *end)
{
    int words = 0;
    bool in = false;
    size_t n;
    while (p < end) {
        if (text_is_space(p, end, &n)) {
            in = false;
            p += n;
        } else {
            words += !in;
            in = true;
            p = g_utf8_next_char(p);
        }
    }
    return words;
}

static bool text_ends_with(const char *buf, size_t start, size_t end, const char *suffix)
{
    size_t l = strlen(suffix);
    return end - start >= l && memcmp(buf + end - l, suffix, l) == 0;
}

/* Classifies LINE: bullet marker, colon-ended short heading, or paragraph. */
static void text_classify(const char *buf, struct text_line *l)
{
    static const struct {
        const char *mark;
        char bullet;
        bool space; /* must be followed by a space */
    } marks[] = {
        {"(*)", '*', false}, {"\xE2\x80\xA2", '-', false}, {"-", '-', true}, {"*", '*', true}};
    l->kind = TEXT_PARA;
    l->kstart = l->start;
    l->kend = l->end;
    l->words = text_words(buf + l->start, buf + l->end);
    for (size_t i = 0; i < G_N_ELEMENTS(marks); i++) {
        size_t ml = strlen(marks[i].mark), n;
        if (l->end - l->start <= ml || memcmp(buf + l->start, marks[i].mark, ml) != 0)
            continue;
        if (marks[i].space && !text_is_space(buf + l->start + ml, buf + l->end, &n))
            continue;
        size_t s = l->start + ml, e = l->end;
        text_trim(buf, &s, &e);
        if (s == e)
            continue;
        l->kind = TEXT_BULLET;
        l->bullet = marks[i].bullet;
        l->kstart = s;
        l->kend = e;
        return;
    }
    static const char *const colons[] = {":", "\xEF\xBC\x9A"}; /* ':' and FULLWIDTH COLON */
    for (size_t i = 0; i < G_N_ELEMENTS(colons); i++) {
        if (!text_ends_with(buf, l->start, l->end, colons[i]) || l->words > TEXT_HEADING_WORDS)
            continue;
        size_t s = l->start, e = l->end - strlen(colons[i]);
        text_trim(buf, &s, &e);
        if (s == e)
            continue;
        l->kind = TEXT_HEADING;
        l->kstart = s;
        l->kend = e;
        return;
    }
}

/* A line that could be a byline or a publication's name: short, no sentence end. */
static bool text_is_byline(const char *buf, const struct text_line *l)
{
    static const char *const ends[] = {
        ".", "!", "?", "\xD8\x9F" /* ؟ */, "\xDB\x94" /* ۔ */, "\xE2\x80\xA6" /* … */};
    if (l->kind != TEXT_PARA || l->words > TEXT_BYLINE_WORDS)
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(ends); i++)
        if (text_ends_with(buf, l->start, l->end, ends[i]))
            return false;
    return true;
}

static struct nashra_node *text_leaf(struct parse_source *s, enum nashra_node_kind kind,
                                     size_t start, size_t end)
{
    struct nashra_node *n = nashra_node_new(kind, parse_source_pos(s, start));
    n->end = parse_source_end(s, start, end);
    struct nashra_node *t = nashra_node_new(NASHRA_NODE_TEXT, n->start);
    t->end = n->end;
    nashra_node_set_literal(t, s->buf + start, end - start);
    nashra_node_append_child(n, t);
    return n;
}

/* The language of the text from its letters when the front matter gave none: the Arabic
 * script is Arabic unless letters only Persian or Urdu use show up. */
static const char *text_guess_lang(const char *p, const char *end)
{
    const char *lang = NULL;
    for (; p < end; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == 0x0679 || c == 0x0688 || c == 0x0691 || c == 0x06BA || c == 0x06D2)
            return "ur";
        if (c == 0x067E || c == 0x0686 || c == 0x0698 || c == 0x06AF || c == 0x06A9 || c == 0x06CC)
            lang = "fa";
        else if (!lang && g_unichar_isalpha(c)) {
            GUnicodeScript sc = g_unichar_get_script(c);
            if (sc == G_UNICODE_SCRIPT_HEBREW)
                return "he";
            if (sc != G_UNICODE_SCRIPT_ARABIC)
                return NULL;
            lang = "ar";
        }
    }
    return lang;
}

/* Splits the body into trimmed non-blank lines. */
static GArray *text_lines(struct parse_source *s, size_t body)
{
    GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct text_line));
    bool blank = false;
    for (size_t off = body; off < s->len;) {
        const char *nl = memchr(s->buf + off, '\n', s->len - off);
        size_t next = nl ? (size_t)(nl - s->buf) + 1 : s->len;
        struct text_line l = {.start = off, .end = nl ? (size_t)(nl - s->buf) : s->len};
        text_trim(s->buf, &l.start, &l.end);
        if (l.start == l.end) {
            blank = true;
        } else {
            l.blank_before = blank;
            blank = false;
            text_classify(s->buf, &l);
            g_array_append_val(lines, l);
        }
        off = next;
    }
    return lines;
}

/* The trailing short lines: the last is the publication, those before it the authors. Marks
 * them TEXT_BYLINE and fills META where the front matter and -M left it empty. */
static void text_byline(struct parse_source *s, GArray *lines, struct nashra_meta *m)
{
    guint n = lines->len, k = 0;
    while (k < TEXT_BYLINE_LINES && k + 1 < n &&
           text_is_byline(s->buf, &g_array_index(lines, struct text_line, n - 1 - k)))
        k++;
    if (k == 0)
        return;
    /* One short line alone is the byline, unless the authors are known and the source not. */
    bool has_source = k >= 2 || (m->authors->len > 0 && !m->source);
    guint first_author = n - k, n_authors = has_source ? k - 1 : k;
    for (guint i = n - k; i < n; i++)
        g_array_index(lines, struct text_line, i).kind = TEXT_BYLINE;
    if (m->authors->len == 0)
        for (guint i = first_author; i < first_author + n_authors; i++) {
            struct text_line *l = &g_array_index(lines, struct text_line, i);
            char *name = g_strndup(s->buf + l->start, l->end - l->start);
            g_ptr_array_add(m->authors, name);
            g_ptr_array_add(m->people, nashra_person_new(name));
        }
    if (has_source && !m->source) {
        struct text_line *l = &g_array_index(lines, struct text_line, n - 1);
        m->source = g_strndup(s->buf + l->start, l->end - l->start);
    }
}

static void text_build(struct parse_source *s, GArray *lines, struct nashra_node *root)
{
    struct nashra_node *list = NULL;
    for (guint i = 0; i < lines->len; i++) {
        struct text_line *l = &g_array_index(lines, struct text_line, i);
        if (l->kind != TEXT_BULLET)
            list = NULL;
        switch (l->kind) {
        case TEXT_BYLINE:
            break;
        case TEXT_PARA:
            nashra_node_append_child(root, text_leaf(s, NASHRA_NODE_PARAGRAPH, l->start, l->end));
            break;
        case TEXT_HEADING: {
            struct nashra_node *h = text_leaf(s, NASHRA_NODE_HEADING, l->kstart, l->kend);
            h->start = parse_source_pos(s, l->start);
            h->end = parse_source_end(s, l->start, l->end);
            h->as.heading.level = 2;
            nashra_node_append_child(root, h);
            break;
        }
        case TEXT_BULLET: {
            if (!list) {
                list = nashra_node_new(NASHRA_NODE_LIST, parse_source_pos(s, l->start));
                list->as.list.type = NASHRA_LIST_BULLET;
                list->as.list.bullet = l->bullet;
                list->as.list.tight = true;
                nashra_node_append_child(root, list);
            } else if (l->blank_before) {
                list->as.list.tight = false;
            }
            struct nashra_node *item =
                nashra_node_new(NASHRA_NODE_ITEM, parse_source_pos(s, l->start));
            item->end = parse_source_end(s, l->start, l->end);
            nashra_node_append_child(item, text_leaf(s, NASHRA_NODE_PARAGRAPH, l->kstart, l->kend));
            nashra_node_append_child(list, item);
            list->end = item->end;
            break;
        }
        }
    }
}

struct nashra_doc *parse_text(const char *src, size_t len, const struct nashra_parse_options *opts,
                              struct nashra_diag *diag)
{
    struct nashra_doc *doc = nashra_doc_new();
    struct parse_source s;
    parse_source_init(&s, src, len, diag);
    size_t body = parse_front_matter(&s, &doc->meta, opts ? opts->root : NULL, diag);
    parse_meta_overrides(opts, &doc->meta, diag);

    GArray *lines = text_lines(&s, body);
    text_byline(&s, lines, &doc->meta);
    text_build(&s, lines, doc->root);
    doc->root->start = parse_source_pos(&s, 0);
    doc->root->end = doc->root->last_child ? doc->root->last_child->end : doc->root->start;
    if (!doc->meta.lang) {
        const char *lang = text_guess_lang(s.buf + body, s.buf + s.len);
        if (lang)
            doc->meta.lang = g_strdup(lang);
    }
    if (!doc->meta.title)
        nashra_diag_report(diag, NASHRA_WARNING, 0, 0, "no title: set one with -M title=…");
    g_array_unref(lines);
    parse_source_clear(&s);
    return doc;
}
