/* The plain-text reader (--from text): an article as published (the headline first, one
 * paragraph a line, short lines as headings, marked lines as bullets, `***` a section break,
 * the byline, date and source at the top or the end) to a tree. */
#include "parse/internal.h"

#include <string.h>

/* TEXT_META: a line whose words went into the metadata (headline, byline, date, source). */
enum text_kind { TEXT_PARA, TEXT_HEADING, TEXT_BULLET, TEXT_META, TEXT_BREAK };

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

/* Limits for what counts as a headline, a heading line and a byline or source line. */
enum {
    TEXT_TITLE_WORDS = 25,
    TEXT_HEADING_WORDS = 10,
    TEXT_BYLINE_WORDS = 6,
    TEXT_MARKED_WORDS = 10, /* "By …", "Source: …", a dateline */
    TEXT_BYLINE_LINES = 4
};

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
    /* `***`, `* * *` (also of - or _): a section break, before `* ` reads as a bullet. */
    size_t marks_n = 0;
    char mark = buf[l->start];
    for (size_t i = l->start; i < l->end; i++) {
        if (buf[i] == mark && (mark == '*' || mark == '-' || mark == '_'))
            marks_n++;
        else if (buf[i] != ' ' && buf[i] != '\t')
            marks_n = 0, i = l->end;
    }
    if (marks_n >= 3) {
        l->kind = TEXT_BREAK;
        return;
    }
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

/* Whether the line ends a sentence (or a clause: a heading has no comma), looking past
 * closing quotes and brackets: `said.”` ends one. */
static bool text_ends_sentence(const char *buf, const struct text_line *l)
{
    static const gunichar ends[] = {'.', '!', '?', ',', ';', 0x061F /* ؟ */, 0x06D4 /* ۔ */,
                                    0x2026 /* … */, 0x060C /* ، */, 0x061B /* ؛ */};
    const char *p = buf + l->end;
    while (p > buf + l->start) {
        p = g_utf8_prev_char(p);
        gunichar c = g_utf8_get_char(p);
        GUnicodeType t = g_unichar_type(c);
        if (c == '"' || c == '\'' || t == G_UNICODE_CLOSE_PUNCTUATION ||
            t == G_UNICODE_FINAL_PUNCTUATION || c == 0x00BB || c == 0x00AB)
            continue;
        for (size_t i = 0; i < G_N_ELEMENTS(ends); i++)
            if (c == ends[i])
                return true;
        return false;
    }
    return false;
}

/* What a line at the top or the end of an article says about it. */
enum text_role { TEXT_ROLE_NONE, TEXT_ROLE_NAME, TEXT_ROLE_AUTHOR, TEXT_ROLE_SOURCE, TEXT_ROLE_DATE };

static enum text_role text_role(const char *buf, const struct text_line *l, size_t *skip)
{
    *skip = 0;
    if (l->kind != TEXT_PARA || l->words > TEXT_MARKED_WORDS || text_ends_sentence(buf, l))
        return TEXT_ROLE_NONE;
    int y, m, d;
    if (parse_text_date(buf + l->start, l->end - l->start, &y, &m, &d))
        return TEXT_ROLE_DATE;
    char *line = g_strndup(buf + l->start, l->end - l->start);
    enum text_role r = TEXT_ROLE_NONE;
    if ((*skip = parse_text_source_mark(line)))
        r = TEXT_ROLE_SOURCE;
    else if ((*skip = parse_text_author_mark(line)))
        r = TEXT_ROLE_AUTHOR;
    else if (l->words <= TEXT_BYLINE_WORDS && !text_ends_with(buf, l->start, l->end, ":"))
        r = TEXT_ROLE_NAME;
    g_free(line);
    return r;
}

static void text_add_author(struct nashra_meta *m, const char *s, size_t len)
{
    /* "A and B", "A، B", "A & B": one name each. */
    char *all = g_strndup(s, len);
    char **names = g_strsplit_set(all, ",&", -1);
    for (char **p = names; *p; p++) {
        char **more = g_strsplit(*p, "\xD8\x8C", -1); /* ، */
        for (char **q = more; *q; q++) {
            char **and = g_strsplit(*q, " and ", -1);
            for (char **a = and; *a; a++) {
                char *name = g_strstrip(g_strdup(*a));
                if (*name) {
                    g_ptr_array_add(m->authors, name);
                    g_ptr_array_add(m->people, nashra_person_new(name));
                } else {
                    g_free(name);
                }
            }
            g_strfreev(and);
        }
        g_strfreev(more);
    }
    g_strfreev(names);
    g_free(all);
}

/* Lines FROM..TO (exclusive) of ROLES become metadata where the front matter and -M left it
 * empty; unmarked names are authors, except that the last of two or more is the
 * publication when no line names one. */
static void text_apply_meta(struct parse_source *s, GArray *lines, guint from, guint to,
                            const enum text_role *roles, const size_t *skips, bool had_authors,
                            struct nashra_meta *m)
{
    guint names = 0, last_name = to;
    bool marked_source = false;
    for (guint i = from; i < to; i++) {
        names += roles[i - from] == TEXT_ROLE_NAME;
        if (roles[i - from] == TEXT_ROLE_NAME)
            last_name = i;
        marked_source |= roles[i - from] == TEXT_ROLE_SOURCE;
    }
    /* One name alone is the byline, unless the authors are known and the source not. */
    bool name_is_source = !marked_source && (names >= 2 || (names == 1 && had_authors && !m->source));
    for (guint i = from; i < to; i++) {
        struct text_line *l = &g_array_index(lines, struct text_line, i);
        l->kind = TEXT_META;
        const char *t = s->buf + l->start + skips[i - from];
        size_t len = l->end - l->start - skips[i - from];
        enum text_role r = roles[i - from];
        if (r == TEXT_ROLE_NAME)
            r = name_is_source && i == last_name ? TEXT_ROLE_SOURCE : TEXT_ROLE_AUTHOR;
        if (r == TEXT_ROLE_DATE && !m->date) {
            int y, mo, d;
            parse_text_date(t, len, &y, &mo, &d);
            m->date = g_strdup_printf("%04d-%02d-%02d", y, mo, d);
            m->year = y, m->month = mo, m->day = d;
        } else if (r == TEXT_ROLE_SOURCE && !m->source) {
            m->source = g_strndup(t, len);
        } else if (r == TEXT_ROLE_AUTHOR && !had_authors) {
            text_add_author(m, t, len);
        }
    }
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

/* The headline: the first line, when it is short and ends no sentence and the brief has no
 * title yet; a first line equal to a title given with -M is dropped, not printed again.
 * Returns the index of the first line after it. */
static guint text_title(struct parse_source *s, GArray *lines, struct nashra_meta *m)
{
    if (lines->len < 2)
        return 0;
    struct text_line *l = &g_array_index(lines, struct text_line, 0);
    char *line = g_strndup(s->buf + l->start, l->end - l->start);
    bool same = false;
    if (m->title) {
        char *t = g_strstrip(g_strdup(m->title));
        same = strcmp(t, line) == 0;
        g_free(t);
    }
    if (same || (!m->title && l->kind == TEXT_PARA && l->words <= TEXT_TITLE_WORDS &&
                 !text_ends_sentence(s->buf, l))) {
        l->kind = TEXT_META;
        if (!m->title)
            m->title = g_strdup(line);
        g_free(line);
        return 1;
    }
    g_free(line);
    return 0;
}

/* A block of short lines at FROM (the top) or ending the text (the end, when FROM is
 * G_MAXUINT): accepted when every line plays a part and, at the top, one is a date or
 * marked ("By …", "Source: …"), so that a first heading is not taken for a name. */
static void text_meta_block(struct parse_source *s, GArray *lines, guint from, guint body_start,
                            bool had_authors, struct nashra_meta *m)
{
    bool top = from != G_MAXUINT;
    enum text_role roles[TEXT_BYLINE_LINES];
    size_t skips[TEXT_BYLINE_LINES];
    guint n = lines->len, k = 0;
    bool marked = false;
    while (k < TEXT_BYLINE_LINES) {
        /* Some body must be left: the line before the block (end) or after it (top). */
        if (top ? from + k + 1 >= n : k + 1 >= n || n - 1 - k <= body_start)
            break;
        guint i = top ? from + k : n - 1 - k;
        struct text_line *l = &g_array_index(lines, struct text_line, i);
        enum text_role r = text_role(s->buf, l, &skips[k]);
        if (r == TEXT_ROLE_NONE)
            break;
        roles[k] = r;
        marked |= r != TEXT_ROLE_NAME;
        k++;
    }
    if (k == 0 || (top && !marked))
        return;
    if (top) {
        text_apply_meta(s, lines, from, from + k, roles, skips, had_authors, m);
        return;
    }
    /* In line order for text_apply_meta. */
    enum text_role r2[TEXT_BYLINE_LINES];
    size_t s2[TEXT_BYLINE_LINES];
    for (guint i = 0; i < k; i++) {
        r2[i] = roles[k - 1 - i];
        s2[i] = skips[k - 1 - i];
    }
    text_apply_meta(s, lines, n - k, n, r2, s2, had_authors, m);
}

/* Short lines that end no sentence, between paragraphs: headings. */
static void text_headings(struct parse_source *s, GArray *lines)
{
    for (guint i = 0; i + 1 < lines->len; i++) {
        struct text_line *l = &g_array_index(lines, struct text_line, i);
        struct text_line *next = &g_array_index(lines, struct text_line, i + 1);
        if (l->kind == TEXT_PARA && l->words <= TEXT_HEADING_WORDS &&
            !text_ends_sentence(s->buf, l) && next->kind != TEXT_META &&
            next->kind != TEXT_BREAK)
            l->kind = TEXT_HEADING;
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
        case TEXT_META:
            break;
        case TEXT_BREAK: {
            struct nashra_node *hr =
                nashra_node_new(NASHRA_NODE_THEMATIC_BREAK, parse_source_pos(s, l->start));
            hr->end = parse_source_end(s, l->start, l->end);
            nashra_node_append_child(root, hr);
            break;
        }
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
    bool had_authors = doc->meta.authors->len > 0;
    guint first = text_title(&s, lines, &doc->meta);
    text_meta_block(&s, lines, first, first, had_authors, &doc->meta);
    guint body_start = first;
    while (body_start < lines->len &&
           g_array_index(lines, struct text_line, body_start).kind == TEXT_META)
        body_start++;
    text_meta_block(&s, lines, G_MAXUINT, body_start, had_authors || doc->meta.authors->len > 0,
                    &doc->meta);
    text_headings(&s, lines);
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
