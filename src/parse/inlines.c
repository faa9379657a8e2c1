/* The inline pass over one leaf block's text: code spans, escapes, references, autolinks, raw
 * HTML, breaks, then emphasis (delimiter stack) and links (bracket stack) as the spec says. */
#include "parse/internal.h"

#include <string.h>

struct parse_inl_delim {
    struct parse_inl_delim *prev, *next;
    struct nashra_node *node;
    size_t id;
    size_t start; /* content offset of the run */
    char c;
    int orig_len, len;
    bool can_open, can_close;
};

struct parse_inl_bracket {
    struct nashra_node *node;
    size_t delim_id; /* id of the newest delimiter when pushed */
    size_t after;    /* content offset just after [ or ![ */
    size_t start;    /* content offset of [ or ! */
    bool image, active, bracket_after;
};

struct parse_inl_subject {
    struct parse_inline_ctx *ctx;
    const struct parse_content *content;
    const char *s;
    size_t len, pos;
    struct nashra_node *parent;
    struct parse_inl_delim *last_delim;
    GPtrArray *delim_pool;
    size_t next_id;
    GArray *brackets;      /* struct parse_inl_bracket */
    size_t no_link_floor;  /* non-image openers below this index are inactive */
    GArray *backtick_last; /* size_t + 1 per run length; 0 = none seen */
    bool backticks_scanned;
    bool no_comment_end, no_pi_end, no_cdata_end, no_decl_end;
    GString *scratch;
};

static void parse_inl_stamp(struct parse_inl_subject *sj, struct nashra_node *n, size_t cs,
                            size_t ce)
{
    struct parse_source *src = sj->ctx->src;
    size_t a = parse_content_src(sj->content, cs);
    n->start = parse_source_pos(src, a);
    if (ce > cs) {
        size_t b = parse_content_src(sj->content, ce - 1) + 1;
        n->end = parse_source_end(src, a, b);
    } else {
        n->end = n->start;
    }
}

static struct nashra_node *parse_inl_add(struct parse_inl_subject *sj, enum nashra_node_kind kind,
                                         size_t cs, size_t ce)
{
    struct nashra_node *n = nashra_node_new(kind, (struct nashra_pos){0, 0, 0});
    parse_inl_stamp(sj, n, cs, ce);
    nashra_node_append_child(sj->parent, n);
    return n;
}

static struct nashra_node *parse_inl_text(struct parse_inl_subject *sj, const char *t, size_t tlen,
                                          size_t cs, size_t ce)
{
    struct nashra_node *n = parse_inl_add(sj, NASHRA_NODE_TEXT, cs, ce);
    nashra_node_set_literal(n, t, tlen);
    return n;
}

static bool parse_inl_is_special(unsigned char c)
{
    switch (c) {
    case '\n':
    case '\\':
    case '`':
    case '*':
    case '_':
    case '[':
    case ']':
    case '!':
    case '<':
    case '&': return true;
    default: return false;
    }
}

static gunichar parse_inl_char_before(struct parse_inl_subject *sj, size_t pos)
{
    if (pos == 0)
        return '\n';
    size_t i = pos - 1;
    while (i > 0 && ((unsigned char)sj->s[i] & 0xC0) == 0x80)
        i--;
    return g_utf8_get_char(sj->s + i);
}

static gunichar parse_inl_char_at(struct parse_inl_subject *sj, size_t pos)
{
    if (pos >= sj->len)
        return '\n';
    return g_utf8_get_char(sj->s + pos);
}

static bool parse_inl_is_ws(gunichar c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR;
}

static bool parse_inl_is_punct(gunichar c)
{
    if (c < 0x80)
        return parse_is_ascii_punct((unsigned char)c);
    switch (g_unichar_type(c)) {
    case G_UNICODE_CONNECT_PUNCTUATION:
    case G_UNICODE_DASH_PUNCTUATION:
    case G_UNICODE_CLOSE_PUNCTUATION:
    case G_UNICODE_FINAL_PUNCTUATION:
    case G_UNICODE_INITIAL_PUNCTUATION:
    case G_UNICODE_OTHER_PUNCTUATION:
    case G_UNICODE_OPEN_PUNCTUATION:
    case G_UNICODE_CURRENCY_SYMBOL:
    case G_UNICODE_MODIFIER_SYMBOL:
    case G_UNICODE_MATH_SYMBOL:
    case G_UNICODE_OTHER_SYMBOL: return true;
    default: return false;
    }
}

/* ---- text, breaks, escapes ---- */

static void parse_inl_plain(struct parse_inl_subject *sj)
{
    size_t st = sj->pos, i = st;
    bool tilde = sj->ctx->nashra;
    bool smart = sj->ctx->smart;
    while (i < sj->len && !parse_inl_is_special((unsigned char)sj->s[i]) &&
           !(tilde && sj->s[i] == '~') &&
           !(smart && (sj->s[i] == '"' || sj->s[i] == '\'' || sj->s[i] == '-' ||
                       sj->s[i] == '.')))
        i++;
    if (i == st) /* a lone '~' that opens nothing */
        i++;
    size_t e = i;
    /* Spaces and tabs before a line ending belong to the break, not the text. */
    if (i >= sj->len || sj->s[i] == '\n')
        while (e > st && (sj->s[e - 1] == ' ' || sj->s[e - 1] == '\t'))
            e--;
    if (e > st)
        parse_inl_text(sj, sj->s + st, e - st, st, e);
    sj->pos = i;
}

static void parse_inl_newline(struct parse_inl_subject *sj)
{
    size_t nl = sj->pos;
    size_t sp = nl;
    while (sp > 0 && sj->s[sp - 1] == ' ')
        sp--;
    if (nl - sp >= 2)
        parse_inl_add(sj, NASHRA_NODE_LINEBREAK, sp, nl + 1);
    else
        parse_inl_add(sj, NASHRA_NODE_SOFTBREAK, nl, nl + 1);
    sj->pos = nl + 1;
    while (sj->pos < sj->len && (sj->s[sj->pos] == ' ' || sj->s[sj->pos] == '\t'))
        sj->pos++;
}

static void parse_inl_backslash(struct parse_inl_subject *sj)
{
    size_t p = sj->pos;
    if (p + 1 < sj->len && sj->s[p + 1] == '\n') {
        parse_inl_add(sj, NASHRA_NODE_LINEBREAK, p, p + 2);
        sj->pos = p + 2;
    } else if (p + 1 < sj->len && parse_is_ascii_punct((unsigned char)sj->s[p + 1])) {
        parse_inl_text(sj, sj->s + p + 1, 1, p, p + 2);
        sj->pos = p + 2;
    } else {
        parse_inl_text(sj, "\\", 1, p, p + 1);
        sj->pos = p + 1;
    }
}

static void parse_inl_entity(struct parse_inl_subject *sj)
{
    size_t p = sj->pos;
    g_string_truncate(sj->scratch, 0);
    size_t n = parse_entity(sj->s + p, sj->len - p, sj->scratch);
    if (n) {
        parse_inl_text(sj, sj->scratch->str, sj->scratch->len, p, p + n);
        sj->pos = p + n;
    } else {
        parse_inl_text(sj, "&", 1, p, p + 1);
        sj->pos = p + 1;
    }
}

/* ---- code spans ---- */

static size_t parse_inl_run_len(struct parse_inl_subject *sj, size_t p, char c)
{
    size_t e = p;
    while (e < sj->len && sj->s[e] == c)
        e++;
    return e - p;
}

static void parse_inl_note_run(struct parse_inl_subject *sj, size_t n, size_t at)
{
    if (sj->backtick_last->len <= n)
        g_array_set_size(sj->backtick_last, n + 1);
    /* Keep the rightmost run: a later, shorter scan must not hide one further on. */
    size_t *last = &g_array_index(sj->backtick_last, size_t, n);
    if (at + 1 > *last)
        *last = at + 1;
}

/* Start of the closing run of exactly N backticks after FROM, or (size_t)-1. */
static size_t parse_inl_find_closer(struct parse_inl_subject *sj, size_t from, size_t n)
{
    if (sj->backticks_scanned) {
        if (n >= sj->backtick_last->len)
            return (size_t)-1;
        size_t last = g_array_index(sj->backtick_last, size_t, n);
        if (last == 0 || last - 1 < from)
            return (size_t)-1;
    }
    size_t i = from;
    while (i < sj->len) {
        const char *q = memchr(sj->s + i, '`', sj->len - i);
        if (!q)
            break;
        size_t at = (size_t)(q - sj->s);
        size_t k = parse_inl_run_len(sj, at, '`');
        parse_inl_note_run(sj, k, at);
        if (k == n)
            return at;
        i = at + k;
    }
    sj->backticks_scanned = true;
    return (size_t)-1;
}

static void parse_inl_code_span(struct parse_inl_subject *sj)
{
    size_t p = sj->pos;
    size_t n = parse_inl_run_len(sj, p, '`');
    size_t close = parse_inl_find_closer(sj, p + n, n);
    if (close == (size_t)-1) {
        parse_inl_text(sj, sj->s + p, n, p, p + n);
        sj->pos = p + n;
        return;
    }
    GString *t = sj->scratch;
    g_string_truncate(t, 0);
    g_string_append_len(t, sj->s + p + n, (gssize)(close - p - n));
    for (size_t i = 0; i < t->len; i++)
        if (t->str[i] == '\n')
            t->str[i] = ' ';
    bool all_space = true;
    for (size_t i = 0; i < t->len && all_space; i++)
        all_space = t->str[i] == ' ';
    if (!all_space && t->len >= 2 && t->str[0] == ' ' && t->str[t->len - 1] == ' ') {
        g_string_truncate(t, t->len - 1);
        g_string_erase(t, 0, 1);
    }
    struct nashra_node *c = parse_inl_add(sj, NASHRA_NODE_CODE, p, close + n);
    nashra_node_set_literal(c, t->str, t->len);
    sj->pos = close + n;
}

/* ---- autolinks and raw HTML ---- */

static bool parse_inl_find_end(struct parse_inl_subject *sj, size_t from, const char *end,
                               bool *none, size_t *after)
{
    if (*none)
        return false;
    size_t el = strlen(end);
    for (size_t i = from; i + el <= sj->len; i++) {
        if (sj->s[i] == end[0] && memcmp(sj->s + i, end, el) == 0) {
            *after = i + el;
            return true;
        }
    }
    /* No terminator after FROM means none after any later start either. */
    *none = true;
    return false;
}

static size_t parse_inl_raw_html(struct parse_inl_subject *sj)
{
    const char *s = sj->s + sj->pos;
    size_t rest = sj->len - sj->pos, p = sj->pos, after;
    if (rest >= 2 && s[1] == '?')
        return parse_inl_find_end(sj, p + 2, "?>", &sj->no_pi_end, &after) ? after - p : 0;
    if (rest >= 4 && memcmp(s, "<!--", 4) == 0) {
        if (rest >= 5 && s[4] == '>')
            return 5;
        if (rest >= 6 && s[4] == '-' && s[5] == '>')
            return 6;
        return parse_inl_find_end(sj, p + 4, "-->", &sj->no_comment_end, &after) ? after - p : 0;
    }
    if (rest >= 9 && memcmp(s, "<![CDATA[", 9) == 0)
        return parse_inl_find_end(sj, p + 9, "]]>", &sj->no_cdata_end, &after) ? after - p : 0;
    if (rest >= 3 && s[1] == '!' && g_ascii_isalpha(s[2]))
        return parse_inl_find_end(sj, p + 2, ">", &sj->no_decl_end, &after) ? after - p : 0;
    return parse_scan_html_tag(s, rest);
}

static void parse_inl_angle(struct parse_inl_subject *sj)
{
    size_t p = sj->pos;
    const char *s = sj->s + p;
    size_t rest = sj->len - p;
    size_t n = parse_scan_autolink_uri(s, rest);
    bool email = false;
    if (!n) {
        n = parse_scan_autolink_email(s, rest);
        email = n > 0;
    }
    if (n) {
        struct nashra_node *l = parse_inl_add(sj, NASHRA_NODE_LINK, p, p + n);
        /* Character references count in autolinks too, as in cmark. */
        GString *t = sj->scratch;
        g_string_truncate(t, 0);
        parse_unescape_entities(t, s + 1, n - 2);
        l->as.link.url = email ? g_strconcat("mailto:", t->str, NULL) : g_strdup(t->str);
        struct nashra_node *txt = nashra_node_new(NASHRA_NODE_TEXT, l->start);
        parse_inl_stamp(sj, txt, p + 1, p + n - 1);
        nashra_node_set_literal(txt, t->str, t->len);
        nashra_node_append_child(l, txt);
        sj->pos = p + n;
        return;
    }
    n = parse_inl_raw_html(sj);
    if (n) {
        struct nashra_node *h = parse_inl_add(sj, NASHRA_NODE_HTML_INLINE, p, p + n);
        nashra_node_set_literal(h, s, n);
        sj->pos = p + n;
        return;
    }
    parse_inl_text(sj, "<", 1, p, p + 1);
    sj->pos = p + 1;
}

/* ---- smart punctuation (nashra syntax) ---- */

/* A run of hyphens as cmark's smart option splits it: em dashes for threes, en dashes for
 * twos, em dashes first; a lone hyphen stays. */
static void parse_inl_dashes(struct parse_inl_subject *sj)
{
    size_t p = sj->pos, n = parse_inl_run_len(sj, p, '-');
    sj->pos = p + n;
    if (n == 1) {
        parse_inl_text(sj, "-", 1, p, p + 1);
        return;
    }
    size_t ems, ens;
    if (n % 3 == 0) {
        ems = n / 3, ens = 0;
    } else if (n % 2 == 0) {
        ems = 0, ens = n / 2;
    } else if (n % 3 == 2) {
        ems = (n - 2) / 3, ens = 1;
    } else {
        ems = (n - 4) / 3, ens = 2;
    }
    GString *t = sj->scratch;
    g_string_truncate(t, 0);
    for (size_t i = 0; i < ems; i++)
        g_string_append(t, "\xE2\x80\x94");
    for (size_t i = 0; i < ens; i++)
        g_string_append(t, "\xE2\x80\x93");
    parse_inl_text(sj, t->str, t->len, p, p + n);
}

/* Three dots are an ellipsis; a run of more leaves the rest as dots (.... is "…."). */
static void parse_inl_dots(struct parse_inl_subject *sj)
{
    size_t p = sj->pos;
    if (p + 3 <= sj->len && memcmp(sj->s + p, "...", 3) == 0) {
        parse_inl_text(sj, "\xE2\x80\xA6", 3, p, p + 3);
        sj->pos = p + 3;
    } else {
        parse_inl_text(sj, ".", 1, p, p + 1);
        sj->pos = p + 1;
    }
}

/* ---- emphasis ---- */

static void parse_inl_delim_remove(struct parse_inl_subject *sj, struct parse_inl_delim *d)
{
    if (d->prev)
        d->prev->next = d->next;
    if (d->next)
        d->next->prev = d->prev;
    else
        sj->last_delim = d->prev;
    d->prev = d->next = NULL;
}

static void parse_inl_delim_run(struct parse_inl_subject *sj)
{
    size_t p = sj->pos;
    char c = sj->s[p];
    size_t n = c == '"' || c == '\'' ? 1 : parse_inl_run_len(sj, p, c);
    gunichar before = parse_inl_char_before(sj, p), after = parse_inl_char_at(sj, p + n);
    bool bws = parse_inl_is_ws(before), aws = parse_inl_is_ws(after);
    bool bp = parse_inl_is_punct(before), ap = parse_inl_is_punct(after);
    bool left = !aws && (!ap || bws || bp);
    bool right = !bws && (!bp || aws || ap);
    bool can_open, can_close;
    if (c == '"' || c == '\'') {
        /* cmark's smart quotes: a quote after a closing bracket never opens. */
        can_open = left && !right && before != ']' && before != ')';
        can_close = right;
    } else if (c == '*' || c == '~') {
        can_open = left;
        can_close = right;
    } else {
        can_open = left && (!right || bp);
        can_close = right && (!left || ap);
    }
    struct nashra_node *t;
    if (c == '"' || c == '\'') { /* each quote is a delimiter of its own */
        t = parse_inl_add(sj, NASHRA_NODE_SMART_QUOTE, p, p + 1);
        nashra_node_set_literal(t, sj->s + p, 1);
        t->as.quote.dbl = c == '"';
        /* What it stays if it matches nothing: ' an apostrophe, " by its side. */
        t->as.quote.role = c == '\''   ? NASHRA_QUOTE_APOSTROPHE
                           : can_close ? NASHRA_QUOTE_CLOSE
                                       : NASHRA_QUOTE_OPEN;
    } else {
        t = parse_inl_text(sj, sj->s + p, n, p, p + n);
    }
    sj->pos = p + n;
    if (!can_open && !can_close)
        return;
    if (c == '~' && n != 2) /* strikethrough takes exactly two tildes a side */
        return;
    struct parse_inl_delim *d = g_new0(struct parse_inl_delim, 1);
    g_ptr_array_add(sj->delim_pool, d);
    d->node = t;
    d->id = ++sj->next_id;
    d->start = p;
    d->c = c;
    d->orig_len = d->len = (int)n;
    d->can_open = can_open;
    d->can_close = can_close;
    d->prev = sj->last_delim;
    if (sj->last_delim)
        sj->last_delim->next = d;
    sj->last_delim = d;
}

/* Moves the siblings strictly between FIRST and LAST into NEW, placed after FIRST. */
static void parse_inl_wrap_between(struct nashra_node *first, struct nashra_node *last,
                                   struct nashra_node *wrap)
{
    struct nashra_node *n = first->next;
    nashra_node_insert_after(first, wrap);
    while (n && n != last) {
        struct nashra_node *next = n->next;
        nashra_node_append_child(wrap, n);
        n = next;
    }
}

static void parse_inl_process_emphasis(struct parse_inl_subject *sj, size_t bottom_id)
{
    size_t openers_bottom[3][3][2];
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            openers_bottom[a][b][0] = openers_bottom[a][b][1] = bottom_id;
    size_t quote_bottom[2] = {bottom_id, bottom_id}; /* ' and " */
    struct parse_inl_delim *closer = sj->last_delim;
    while (closer && closer->prev && closer->prev->id > bottom_id)
        closer = closer->prev;
    if (closer && closer->id <= bottom_id)
        closer = NULL;
    while (closer) {
        if (!closer->can_close) {
            closer = closer->next;
            continue;
        }
        if (closer->c == '"' || closer->c == '\'') {
            size_t *qb = &quote_bottom[closer->c == '"'];
            struct parse_inl_delim *opener = closer->prev;
            while (opener && opener->id > bottom_id && opener->id > *qb &&
                   !(opener->c == closer->c && opener->can_open))
                opener = opener->prev;
            bool found = opener && opener->id > bottom_id && opener->id > *qb;
            struct parse_inl_delim *next = closer->next;
            closer->node->as.quote.role = NASHRA_QUOTE_CLOSE;
            if (found) {
                opener->node->as.quote.role = NASHRA_QUOTE_OPEN;
                /* As in cmark: the opener is used up, what lies between stays in play. */
                parse_inl_delim_remove(sj, opener);
            } else {
                /* A ' closing nothing is inside a word (l'homme) or elides (rock 'n'). */
                if (closer->c == '\'')
                    closer->node->as.quote.role = NASHRA_QUOTE_APOSTROPHE;
                *qb = closer->prev ? closer->prev->id : bottom_id;
            }
            if (found || !closer->can_open)
                parse_inl_delim_remove(sj, closer);
            closer = next;
            continue;
        }
        int ci = closer->c == '*' ? 0 : closer->c == '_' ? 1 : 2;
        size_t *ob = &openers_bottom[ci][closer->orig_len % 3][closer->can_open];
        struct parse_inl_delim *opener = closer->prev;
        bool found = false;
        while (opener && opener->id > bottom_id && opener->id > *ob) {
            if (opener->c == closer->c && opener->can_open) {
                bool odd = closer->c != '~' && (opener->can_close || closer->can_open) &&
                           (opener->orig_len + closer->orig_len) % 3 == 0 &&
                           !(opener->orig_len % 3 == 0 && closer->orig_len % 3 == 0);
                if (!odd) {
                    found = true;
                    break;
                }
            }
            opener = opener->prev;
        }
        if (!found) {
            *ob = closer->prev ? closer->prev->id : bottom_id;
            struct parse_inl_delim *next = closer->next;
            if (!closer->can_open)
                parse_inl_delim_remove(sj, closer);
            closer = next;
            continue;
        }
        int use = (closer->len >= 2 && opener->len >= 2) ? 2 : 1;
        opener->len -= use;
        closer->len -= use;
        struct nashra_node *on = opener->node, *cn = closer->node;
        on->literal_len = (size_t)opener->len;
        on->literal[on->literal_len] = '\0';
        /* A run is one repeated character, so dropping from its end is the same. */
        cn->literal_len = (size_t)closer->len;
        cn->literal[cn->literal_len] = '\0';
        size_t es = opener->start + (size_t)opener->len;
        size_t cstart = closer->start + (size_t)(closer->orig_len - closer->len - use);
        enum nashra_node_kind kind = closer->c == '~' ? NASHRA_NODE_STRIKETHROUGH
                                     : use == 2       ? NASHRA_NODE_STRONG
                                                      : NASHRA_NODE_EMPH;
        struct nashra_node *em = nashra_node_new(kind, on->start);
        parse_inl_stamp(sj, em, es, cstart + (size_t)use);
        parse_inl_wrap_between(on, cn, em);
        parse_inl_stamp(sj, on, opener->start, es);
        parse_inl_stamp(sj, cn, cstart + (size_t)use, closer->start + (size_t)closer->orig_len);
        /* Delimiters between the two are now inside the new node and out of play. */
        while (opener->next != closer)
            parse_inl_delim_remove(sj, opener->next);
        if (opener->len == 0) {
            nashra_node_free(on);
            parse_inl_delim_remove(sj, opener);
        }
        if (closer->len == 0) {
            struct parse_inl_delim *next = closer->next;
            nashra_node_free(cn);
            parse_inl_delim_remove(sj, closer);
            closer = next;
        }
    }
    while (sj->last_delim && sj->last_delim->id > bottom_id)
        parse_inl_delim_remove(sj, sj->last_delim);
}

/* ---- links ---- */

static void parse_inl_push_bracket(struct parse_inl_subject *sj, bool image)
{
    size_t p = sj->pos, n = image ? 2 : 1;
    if (sj->brackets->len)
        g_array_index(sj->brackets, struct parse_inl_bracket, sj->brackets->len - 1).bracket_after =
            true;
    struct parse_inl_bracket b = {0};
    b.node = parse_inl_text(sj, sj->s + p, n, p, p + n);
    b.delim_id = sj->last_delim ? sj->last_delim->id : 0;
    b.after = p + n;
    b.start = p;
    b.image = image;
    b.active = true;
    g_array_append_val(sj->brackets, b);
    sj->pos = p + n;
}

static size_t parse_inl_skip_ws(struct parse_inl_subject *sj, size_t i)
{
    while (i < sj->len && (sj->s[i] == ' ' || sj->s[i] == '\t' || sj->s[i] == '\n'))
        i++;
    return i;
}

/* An inline link tail "(dest title)" at I; on success sets the owned URL and TITLE. */
static size_t parse_inl_link_tail(struct parse_inl_subject *sj, size_t i, char **url, char **title)
{
    if (i >= sj->len || sj->s[i] != '(')
        return 0;
    size_t j = parse_inl_skip_ws(sj, i + 1);
    size_t consumed = 0, ds = 0, dl = 0;
    if (j < sj->len && !parse_scan_link_dest(sj->s + j, sj->len - j, &consumed, &ds, &dl))
        return 0;
    size_t dest_s = j + ds;
    j += consumed;
    size_t k = parse_inl_skip_ws(sj, j);
    size_t ts = 0, tl = 0;
    if (k > j && k < sj->len) {
        size_t n = parse_scan_link_title(sj->s + k, sj->len - k);
        if (n) {
            ts = k + 1;
            tl = n - 2;
            k = parse_inl_skip_ws(sj, k + n);
        }
    }
    if (k >= sj->len || sj->s[k] != ')')
        return 0;
    GString *u = g_string_new(NULL);
    parse_unescape(u, sj->s + dest_s, dl);
    *url = g_string_free(u, FALSE);
    *title = NULL;
    if (ts) {
        GString *t = g_string_new(NULL);
        parse_unescape(t, sj->s + ts, tl);
        *title = g_string_free(t, FALSE);
    }
    return k + 1;
}

static bool parse_inl_bracket_active(struct parse_inl_subject *sj, guint idx)
{
    struct parse_inl_bracket *b = &g_array_index(sj->brackets, struct parse_inl_bracket, idx);
    return b->active && (b->image || idx >= sj->no_link_floor);
}

static void parse_inl_pop_bracket(struct parse_inl_subject *sj)
{
    g_array_set_size(sj->brackets, sj->brackets->len - 1);
    if (sj->no_link_floor > sj->brackets->len)
        sj->no_link_floor = sj->brackets->len;
}

/* ---- nashra extensions: footnote references and citations ---- */

/* "[^label]" at the current position: a FOOTNOTE_REF when the note is defined, else literal
 * text and a warning. False when it is no footnote reference (or a link's text). */
static bool parse_inl_footnote_ref(struct parse_inl_subject *sj)
{
    size_t p = sj->pos, i = p + 2;
    while (i < sj->len && i - p < 1002 && !strchr("[] \t\n", sj->s[i]))
        i++;
    if (i == p + 2 || i >= sj->len || sj->s[i] != ']')
        return false;
    size_t end = i + 1;
    char *url = NULL, *title = NULL;
    if (parse_inl_link_tail(sj, end, &url, &title)) {
        g_free(url);
        g_free(title);
        return false; /* [^x](dest) is a link */
    }
    const char *label = sj->s + p + 2;
    size_t label_len = i - p - 2;
    char *key = parse_normalize_label(label, label_len);
    struct nashra_node *def = key ? g_hash_table_lookup(sj->ctx->footnotes, key) : NULL;
    g_free(key);
    if (def) {
        struct nashra_node *r = parse_inl_add(sj, NASHRA_NODE_FOOTNOTE_REF, p, end);
        r->as.footnote.label = g_strndup(label, label_len);
        r->as.footnote.def = def;
    } else {
        struct nashra_node *t = parse_inl_text(sj, sj->s + p, end - p, p, end);
        nashra_diag_report(sj->ctx->diag, NASHRA_WARNING, t->start.line, t->start.col,
                           "footnote [^%.*s] is not defined", (int)label_len, label);
    }
    sj->pos = end;
    return true;
}

static bool parse_inl_key_inner(gunichar c)
{
    return g_unichar_isalnum(c) || g_unichar_ismark(c) || c == '_' ||
           (c < 0x80 && strchr("-:.#$%&+?<>~/", (int)c));
}

static bool parse_inl_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

/* Length of an item separator (';' or the Arabic semicolon) at I, or 0. */
static size_t parse_inl_semicolon(const char *s, size_t i, size_t e)
{
    if (i < e && s[i] == ';')
        return 1;
    return e - i >= 2 && memcmp(s + i, "\xd8\x9b", 2) == 0 ? 2 : 0;
}

/* One "@key[, locator]" item from *I (spaces skipped) up to E, scanning left to right and
 * stopping at the first character that cannot belong, so nested brackets cost no rescans.
 * Fills R: item start, item end, key start, key end, locator start, locator end; leaves *I
 * on the separator or at E. */
static bool parse_inl_cite_item(const char *s, size_t *pi, size_t e, size_t r[6])
{
    size_t i = *pi;
    while (i < e && parse_inl_ws(s[i]))
        i++;
    if (i >= e || s[i] != '@')
        return false;
    r[0] = i++;
    r[2] = i;
    gunichar c = i < e ? g_utf8_get_char(s + i) : 0;
    if (!(g_unichar_isalnum(c) || c == '_'))
        return false;
    size_t last_alnum = i;
    while (i < e) {
        c = g_utf8_get_char(s + i);
        if (!parse_inl_key_inner(c))
            break;
        i = (size_t)(g_utf8_next_char(s + i) - s);
        if (g_unichar_isalnum(c) || g_unichar_ismark(c) || c == '_')
            last_alnum = i;
    }
    /* Trailing punctuation is not part of the key. */
    r[3] = r[1] = last_alnum;
    r[4] = r[5] = 0;
    while (i < e && parse_inl_ws(s[i]))
        i++;
    if (i < e && (s[i] == ',' || (e - i >= 2 && memcmp(s + i, "\xd8\x8c", 2) == 0))) {
        i += s[i] == ',' ? 1 : 2; /* ',' or the Arabic comma */
        while (i < e && parse_inl_ws(s[i]))
            i++;
        r[4] = i;
        /* A locator is plain text: no brackets, which also keeps nested input linear. */
        while (i < e && !parse_inl_semicolon(s, i, e) && s[i] != '[' && s[i] != ']')
            i++;
        if (i < e && !parse_inl_semicolon(s, i, e))
            return false;
        size_t j = i;
        while (j > r[4] && parse_inl_ws(s[j - 1]))
            j--;
        r[5] = j;
        r[1] = j > r[4] ? j : r[3];
    }
    *pi = i;
    return i >= e || parse_inl_semicolon(s, i, e) > 0;
}

/* "[@a, p. 3; @b]" closing at the current ']' (no link matched): replaces the bracket's
 * content with a CITATION of CITE_ITEMs. False, changing nothing, if it is no citation. */
static bool parse_inl_citation(struct parse_inl_subject *sj, const struct parse_inl_bracket *ob)
{
    const char *s = sj->s;
    size_t close = sj->pos;
    if (ob->after >= close || (s[ob->after] != '@' && s[ob->after] != '#'))
        return false;
    GArray *items = g_array_new(FALSE, FALSE, sizeof(size_t) * 6);
    size_t i = ob->after;
    bool ok;
    if (s[i] == '#') {
        /* "[#id]": a cross-reference to a heading, one item whose key keeps the '#'. */
        size_t k = i + 1;
        while (k < close && parse_inl_key_inner(g_utf8_get_char(s + k)))
            k = (size_t)(g_utf8_next_char(s + k) - s);
        if (k != close || k == i + 1 || ob->image) {
            g_array_unref(items);
            return false;
        }
        size_t r[6] = {i, close, i, close, 0, 0};
        g_array_append_vals(items, r, 1);
        ok = true;
    } else
    for (;;) {
        size_t r[6];
        ok = parse_inl_cite_item(s, &i, close, r);
        if (!ok)
            break;
        g_array_append_vals(items, r, 1);
        if (i >= close)
            break;
        i += parse_inl_semicolon(s, i, close);
    }
    if (!ok) {
        g_array_unref(items);
        return false;
    }
    /* The bracket's text and any delimiters in it give way to the citation. */
    while (sj->last_delim && sj->last_delim->id > ob->delim_id)
        parse_inl_delim_remove(sj, sj->last_delim);
    while (ob->node->next)
        nashra_node_free(ob->node->next);
    struct nashra_node *cit = nashra_node_new(NASHRA_NODE_CITATION, ob->node->start);
    parse_inl_stamp(sj, cit, ob->start, close + 1);
    nashra_node_insert_after(ob->node, cit);
    nashra_node_free(ob->node);
    GString *t = g_string_new(NULL);
    for (guint i = 0; i < items->len; i++) {
        const size_t *r = (const size_t *)(items->data + i * sizeof(size_t) * 6);
        struct nashra_node *it = nashra_node_new(NASHRA_NODE_CITE_ITEM, cit->start);
        parse_inl_stamp(sj, it, r[0], r[1]);
        it->as.cite.key = g_strndup(s + r[2], r[3] - r[2]);
        if (r[5] > r[4]) {
            g_string_truncate(t, 0);
            parse_unescape(t, s + r[4], r[5] - r[4]);
            for (size_t k = 0; k < t->len; k++)
                if (t->str[k] == '\n')
                    t->str[k] = ' ';
            it->as.cite.locator = g_strdup(t->str);
        }
        nashra_node_append_child(cit, it);
    }
    g_string_free(t, TRUE);
    g_array_unref(items);
    sj->pos = close + 1;
    return true;
}

/* nashra syntax: "[text]{lang=en dir=ltr}" (no link matched) is a span, Pandoc's bracketed
 * span: its text is set in its own direction, isolated from the sentence around it. */
static bool parse_inl_span(struct parse_inl_subject *sj, const struct parse_inl_bracket *ob)
{
    size_t p = sj->pos, open = p + 1;
    if (open >= sj->len || sj->s[open] != '{')
        return false;
    const char *close = memchr(sj->s + open, '}', sj->len - open);
    struct parse_attrs a;
    if (!close || memchr(sj->s + open, '\n', (size_t)(close - sj->s - open)) ||
        !parse_attr_block(sj->s + open + 1, (size_t)(close - sj->s - open - 1), 0, &a))
        return false;
    size_t end = (size_t)(close - sj->s) + 1;
    struct nashra_node *span = nashra_node_new(NASHRA_NODE_SPAN, ob->node->start);
    span->as.span.dir = a.dir;
    span->as.span.dir_set = a.dir_set;
    span->as.span.lang = a.lang;
    parse_inl_stamp(sj, span, ob->start, end);
    struct nashra_node *n = ob->node->next;
    nashra_node_insert_after(ob->node, span);
    while (n) {
        struct nashra_node *next = n->next;
        nashra_node_append_child(span, n);
        n = next;
    }
    parse_inl_process_emphasis(sj, ob->delim_id);
    nashra_node_free(ob->node);
    parse_inl_pop_bracket(sj);
    sj->pos = end;
    return true;
}

static void parse_inl_close_bracket(struct parse_inl_subject *sj)
{
    size_t p = sj->pos;
    if (!sj->brackets->len) {
        parse_inl_text(sj, "]", 1, p, p + 1);
        sj->pos = p + 1;
        return;
    }
    guint idx = sj->brackets->len - 1;
    struct parse_inl_bracket ob = g_array_index(sj->brackets, struct parse_inl_bracket, idx);
    if (!parse_inl_bracket_active(sj, idx)) {
        parse_inl_pop_bracket(sj);
        parse_inl_text(sj, "]", 1, p, p + 1);
        sj->pos = p + 1;
        return;
    }
    char *url = NULL, *title = NULL;
    size_t end = parse_inl_link_tail(sj, p + 1, &url, &title);
    if (!end) {
        size_t after = p + 1;
        size_t ll = parse_scan_link_label(sj->s + after, sj->len - after);
        const char *label = NULL;
        size_t label_len = 0;
        if (ll > 2) {
            label = sj->s + after + 1;
            label_len = ll - 2;
            end = after + ll;
        } else if (!ob.bracket_after) {
            label = sj->s + ob.after;
            label_len = p - ob.after;
            end = ll == 2 ? after + 2 : after;
        }
        struct parse_ref *ref = NULL;
        if (label && label_len <= 999) {
            char *key = parse_normalize_label(label, label_len);
            if (key)
                ref = g_hash_table_lookup(sj->ctx->refs, key);
            g_free(key);
        }
        if (ref) {
            url = g_strdup(ref->url);
            title = g_strdup(ref->title);
        } else {
            end = 0;
        }
    }
    if (!end && sj->ctx->nashra && !ob.image && parse_inl_citation(sj, &ob)) {
        parse_inl_pop_bracket(sj);
        return;
    }
    if (!end && sj->ctx->nashra && !ob.image && parse_inl_span(sj, &ob))
        return;
    if (!end) {
        parse_inl_pop_bracket(sj);
        parse_inl_text(sj, "]", 1, p, p + 1);
        sj->pos = p + 1;
        return;
    }
    struct nashra_node *link =
        nashra_node_new(ob.image ? NASHRA_NODE_IMAGE : NASHRA_NODE_LINK, ob.node->start);
    link->as.link.url = url;
    link->as.link.title = title;
    parse_inl_stamp(sj, link, ob.start, end);
    struct nashra_node *n = ob.node->next;
    nashra_node_insert_after(ob.node, link);
    while (n) {
        struct nashra_node *next = n->next;
        nashra_node_append_child(link, n);
        n = next;
    }
    parse_inl_process_emphasis(sj, ob.delim_id);
    nashra_node_free(ob.node);
    parse_inl_pop_bracket(sj);
    if (!ob.image)
        sj->no_link_floor = sj->brackets->len; /* no links inside links */
    sj->pos = end;
}

/* Joins adjacent text nodes left over from delimiters and brackets. */
static void parse_inl_merge_text(struct nashra_node *block)
{
    struct nashra_iter it;
    nashra_iter_init(&it, block);
    enum nashra_event ev;
    GString *buf = g_string_new(NULL);
    while ((ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE) {
        struct nashra_node *n = it.cur;
        if (ev != NASHRA_EVENT_ENTER || n->kind != NASHRA_NODE_TEXT)
            continue;
        if (!n->next || n->next->kind != NASHRA_NODE_TEXT)
            continue;
        g_string_assign(buf, n->literal);
        g_string_truncate(buf, n->literal_len);
        while (n->next && n->next->kind == NASHRA_NODE_TEXT) {
            struct nashra_node *m = n->next;
            g_string_append_len(buf, m->literal, (gssize)m->literal_len);
            n->end = m->end;
            nashra_node_free(m);
        }
        nashra_node_set_literal(n, buf->str, buf->len);
    }
    g_string_free(buf, TRUE);
}

void parse_inlines(struct parse_inline_ctx *ctx, struct nashra_node *node,
                   const struct parse_content *c)
{
    struct parse_inl_subject sj = {0};
    sj.ctx = ctx;
    sj.content = c;
    sj.s = c->text->str;
    sj.len = c->text->len;
    /* The block's final whitespace is not content. */
    while (sj.len > 0 &&
           (sj.s[sj.len - 1] == ' ' || sj.s[sj.len - 1] == '\t' || sj.s[sj.len - 1] == '\n'))
        sj.len--;
    sj.pos = 0;
    sj.parent = node;
    sj.delim_pool = g_ptr_array_new_with_free_func(g_free);
    sj.brackets = g_array_new(FALSE, FALSE, sizeof(struct parse_inl_bracket));
    sj.backtick_last = g_array_new(FALSE, TRUE, sizeof(size_t));
    sj.scratch = g_string_new(NULL);
    while (sj.pos < sj.len) {
        char ch = sj.s[sj.pos];
        switch (ch) {
        case '\n': parse_inl_newline(&sj); break;
        case '\\': parse_inl_backslash(&sj); break;
        case '&': parse_inl_entity(&sj); break;
        case '`': parse_inl_code_span(&sj); break;
        case '*':
        case '_': parse_inl_delim_run(&sj); break;
        case '"':
        case '\'':
            if (ctx->smart)
                parse_inl_delim_run(&sj);
            else
                parse_inl_plain(&sj);
            break;
        case '-':
            if (ctx->smart)
                parse_inl_dashes(&sj);
            else
                parse_inl_plain(&sj);
            break;
        case '.':
            if (ctx->smart)
                parse_inl_dots(&sj);
            else
                parse_inl_plain(&sj);
            break;
        case '~':
            if (ctx->nashra)
                parse_inl_delim_run(&sj);
            else
                parse_inl_plain(&sj);
            break;
        case '[':
            if (ctx->nashra && sj.pos + 1 < sj.len && sj.s[sj.pos + 1] == '^' &&
                parse_inl_footnote_ref(&sj))
                break;
            parse_inl_push_bracket(&sj, false);
            break;
        case '!':
            if (sj.pos + 1 < sj.len && sj.s[sj.pos + 1] == '[') {
                parse_inl_push_bracket(&sj, true);
            } else {
                parse_inl_text(&sj, "!", 1, sj.pos, sj.pos + 1);
                sj.pos++;
            }
            break;
        case ']': parse_inl_close_bracket(&sj); break;
        case '<': parse_inl_angle(&sj); break;
        default: parse_inl_plain(&sj); break;
        }
    }
    parse_inl_process_emphasis(&sj, 0);
    parse_inl_merge_text(node);
    g_string_free(sj.scratch, TRUE);
    g_array_unref(sj.backtick_last);
    g_array_unref(sj.brackets);
    g_ptr_array_unref(sj.delim_pool);
}
