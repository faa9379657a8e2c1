/* The output tree and its serialisations. Serialising first flattens the tree into a run of
 * text pieces and open/close marks, so that punctuation can be fixed across piece boundaries
 * (duplicate punctuation, doubled spaces, punctuation moved into closing quotes) the way
 * citeproc-js does, and then writes the marks back out as nested HTML, plain text or spans. */
#include <string.h>

#include <unicode/uchar.h>

#include "csl/csl_int.h"

/* ---- The tree ---- */

struct nashra_csl_out *csl_out_text(const char *text)
{
    struct nashra_csl_out *o = g_new0(struct nashra_csl_out, 1);
    o->kind = CSL_OUT_TEXT;
    o->text = g_strdup(text ? text : "");
    return o;
}

struct nashra_csl_out *csl_out_group(void)
{
    struct nashra_csl_out *o = g_new0(struct nashra_csl_out, 1);
    o->kind = CSL_OUT_GROUP;
    o->children = g_ptr_array_new_with_free_func((GDestroyNotify)nashra_csl_out_free);
    return o;
}

void csl_out_append(struct nashra_csl_out *group, struct nashra_csl_out *child)
{
    if (!child)
        return;
    if (group->kind != CSL_OUT_GROUP) {
        nashra_csl_out_free(child);
        return;
    }
    g_ptr_array_add(group->children, child);
}

void nashra_csl_out_free(struct nashra_csl_out *out)
{
    if (!out)
        return;
    g_free(out->text);
    if (out->children)
        g_ptr_array_unref(out->children);
    g_free(out->prefix);
    g_free(out->suffix);
    g_free(out->delimiter);
    g_free(out->quote_marks);
    g_free(out);
}

bool csl_out_is_empty(const struct nashra_csl_out *out)
{
    if (!out)
        return true;
    if (out->kind == CSL_OUT_TEXT)
        return !out->text || !out->text[0];
    for (guint i = 0; out->children && i < out->children->len; i++)
        if (!csl_out_is_empty(g_ptr_array_index(out->children, i)))
            return false;
    return true;
}

struct nashra_csl_out *csl_out_copy(const struct nashra_csl_out *out)
{
    if (!out)
        return NULL;
    struct nashra_csl_out *c = g_new0(struct nashra_csl_out, 1);
    *c = *out;
    c->text = g_strdup(out->text);
    c->prefix = g_strdup(out->prefix);
    c->suffix = g_strdup(out->suffix);
    c->delimiter = g_strdup(out->delimiter);
    c->quote_marks = g_strdup(out->quote_marks);
    c->children = NULL;
    if (out->children) {
        c->children = g_ptr_array_new_with_free_func((GDestroyNotify)nashra_csl_out_free);
        for (guint i = 0; i < out->children->len; i++)
            g_ptr_array_add(c->children, csl_out_copy(g_ptr_array_index(out->children, i)));
    }
    return c;
}

void csl_out_localize(struct nashra_csl_engine *e, struct nashra_csl_out *out)
{
    if (!out)
        return;
    if (out->quotes && !out->quote_marks) {
        const char *q[4] = {
            csl_term(e, "open-quote", "long", false, NULL),
            csl_term(e, "close-quote", "long", false, NULL),
            csl_term(e, "open-inner-quote", "long", false, NULL),
            csl_term(e, "close-inner-quote", "long", false, NULL),
        };
        static const char *const dflt[4] = {"\u201c", "\u201d", "\u2018", "\u2019"};
        for (int i = 0; i < 4; i++)
            if (!q[i])
                q[i] = dflt[i];
        out->quote_marks = g_strdup_printf("%s\x1f%s\x1f%s\x1f%s", q[0], q[1], q[2], q[3]);
        out->punct_in_quote = e->punctuation_in_quote;
    }
    for (guint i = 0; out->children && i < out->children->len; i++)
        csl_out_localize(e, g_ptr_array_index(out->children, i));
}

/* ---- Rich text in item values ---- */

enum rich_kind { RK_ITALIC, RK_BOLD, RK_SC, RK_SUP, RK_SUB, RK_NOCASE, RK_NODECOR, RK_SPAN,
                 RK_DQ, RK_SQ };

static const struct {
    const char *open;
    enum rich_kind kind;
} rich_tags[] = {
    {"<i>", RK_ITALIC},
    {"<b>", RK_BOLD},
    {"<sc>", RK_SC},
    {"<sup>", RK_SUP},
    {"<sub>", RK_SUB},
    {"<span style=\"font-variant:small-caps;\">", RK_SC},
    {"<span style=\"font-variant: small-caps;\">", RK_SC},
    {"<span class=\"nocase\">", RK_NOCASE},
    {"<span class=\"nodecor\">", RK_NODECOR},
};

static const char *rich_close_tag(enum rich_kind k)
{
    switch (k) {
    case RK_ITALIC: return "</i>";
    case RK_BOLD: return "</b>";
    case RK_SC: return "</sc>";
    case RK_SUP: return "</sup>";
    case RK_SUB: return "</sub>";
    default: return "</span>";
    }
}

/* The length of a known rich-text tag at S, or 0. */
static gsize tag_len_at(const char *s)
{
    if (*s != '<')
        return 0;
    for (guint t = 0; t < G_N_ELEMENTS(rich_tags); t++) {
        gsize l = strlen(rich_tags[t].open);
        if (!strncmp(s, rich_tags[t].open, l))
            return l;
    }
    static const char *const closers[] = {"</i>", "</b>", "</sc>", "</sup>", "</sub>", "</span>"};
    for (guint t = 0; t < G_N_ELEMENTS(closers); t++)
        if (!strncmp(s, closers[t], strlen(closers[t])))
            return strlen(closers[t]);
    return 0;
}

/* Quote roles found by a first pass: which quote characters open, close, or are apostrophes. */
enum qrole { Q_NONE, Q_OPEN, Q_CLOSE, Q_LITERAL, Q_APOS };

struct qmark {
    gsize pos, len;
    int type; /* 0 double, 1 single */
    enum qrole role;
};

static gunichar char_before(const char *s, gsize pos)
{
    if (pos == 0)
        return 0;
    const char *p = g_utf8_find_prev_char(s, s + pos);
    return p ? g_utf8_get_char(p) : 0;
}

static bool opens_after(gunichar c)
{
    return c == 0 || g_unichar_isspace(c) || c == '(' || c == '[' || c == '{' || c == '>' ||
           c == '-' || c == 0x2014 || c == 0x2013 || c == '/' || c == '"' || c == 0x201c ||
           c == 0x2018;
}

static GArray *find_quotes(const char *s)
{
    GArray *marks = g_array_new(false, true, sizeof(struct qmark));
    GArray *stack = g_array_new(false, false, sizeof(guint));
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gsize tl = tag_len_at(p);
        if (tl) {
            p += tl - 1;
            continue;
        }
        gunichar c = g_utf8_get_char(p);
        if (c != '"' && c != '\'' && c != 0x201c && c != 0x201d && c != 0x2018 && c != 0x2019)
            continue;
        struct qmark m = {(gsize)(p - s), (gsize)(g_utf8_next_char(p) - p), 0, Q_LITERAL};
        gunichar prev = char_before(s, m.pos);
        gunichar next = g_utf8_get_char(p + m.len);
        bool can_open = opens_after(prev) && next && !g_unichar_isspace(next);
        bool can_close = prev && !g_unichar_isspace(prev);
        m.type = (c == '"' || c == 0x201c || c == 0x201d) ? 0 : 1;
        int top_type = -1;
        if (stack->len) {
            struct qmark *t = &g_array_index(marks, struct qmark,
                                             g_array_index(stack, guint, stack->len - 1));
            top_type = t->type;
        }
        if ((c == '\'' || c == 0x2019) && g_unichar_isalnum(prev) && g_unichar_isalpha(next)) {
            m.role = Q_APOS;
        } else if (c == 0x201c || c == 0x2018) {
            m.role = Q_OPEN;
        } else if (c == 0x201d) {
            m.role = top_type == 0 ? Q_CLOSE : Q_LITERAL;
        } else if (c == 0x2019) {
            m.role = top_type == 1 && can_close ? Q_CLOSE : Q_APOS;
        } else if (top_type == m.type && can_close) {
            m.role = Q_CLOSE;
        } else if (can_open) {
            m.role = Q_OPEN;
        } else {
            m.role = c == '\'' ? Q_APOS : Q_LITERAL;
        }
        if (m.role == Q_CLOSE) {
            g_array_set_size(stack, stack->len - 1);
        }
        g_array_append_val(marks, m);
        if (m.role == Q_OPEN) {
            guint idx = marks->len - 1;
            g_array_append_val(stack, idx);
        }
    }
    /* Openers never closed are ordinary characters. */
    for (guint i = 0; i < stack->len; i++) {
        struct qmark *m = &g_array_index(marks, struct qmark, g_array_index(stack, guint, i));
        m->role = m->type == 1 ? Q_APOS : Q_LITERAL;
    }
    g_array_unref(stack);
    return marks;
}

struct rich_frame {
    struct nashra_csl_out *group;
    enum rich_kind kind;
};

static void rich_flush(GString *buf, struct nashra_csl_out *group)
{
    if (buf->len) {
        csl_out_append(group, csl_out_text(buf->str));
        g_string_truncate(buf, 0);
    }
}

static struct nashra_csl_out *rich_open(GArray *stack, enum rich_kind k)
{
    struct nashra_csl_out *g = csl_out_group();
    switch (k) {
    case RK_ITALIC: g->format.font_style = CSL_FS_ITALIC; break;
    case RK_BOLD: g->format.font_weight = CSL_FW_BOLD; break;
    case RK_SC: g->format.font_variant = CSL_FV_SMALL_CAPS; break;
    case RK_SUP: g->format.vertical_align = CSL_VA_SUP; break;
    case RK_SUB: g->format.vertical_align = CSL_VA_SUB; break;
    case RK_NOCASE: g->nocase = true; break;
    case RK_NODECOR: g->nodecor = true; break;
    case RK_DQ: case RK_SQ: g->quotes = true; break;
    case RK_SPAN: break;
    }
    struct rich_frame *top = &g_array_index(stack, struct rich_frame, stack->len - 1);
    csl_out_append(top->group, g);
    struct rich_frame f = {g, k};
    g_array_append_val(stack, f);
    return g;
}

/* Pops up to and including the innermost frame of kind K; false when there is none. */
static bool rich_close(GArray *stack, enum rich_kind k)
{
    for (guint i = stack->len; i-- > 1;) {
        if (g_array_index(stack, struct rich_frame, i).kind == k) {
            g_array_set_size(stack, i);
            return true;
        }
    }
    return false;
}

/* A Unicode superscript character (decomposition type <super>: "ʳ", "ª", "²") as its plain
 * character in BUF, written back out as <sup> (citeproc-js does so for ordinal suffixes). */
static const char *superscript_base(gunichar c, char buf[16])
{
    /* modifier letters Unicode does not decompose, and Arabic small waw/yeh */
    static const gunichar extra[][2] = {{0x02C0, 0x0294}, {0x02C1, 0x0295}, {0x06E5, 0x0648},
                                        {0x06E6, 0x064A}};
    for (guint i = 0; i < G_N_ELEMENTS(extra); i++)
        if (c == extra[i][0]) {
            buf[g_unichar_to_utf8(extra[i][1], buf)] = 0;
            return buf;
        }
    if (c < 0xAA || u_getIntPropertyValue((UChar32)c, UCHAR_DECOMPOSITION_TYPE) != U_DT_SUPER)
        return NULL;
    gunichar d[2];
    gsize n = g_unichar_fully_decompose(c, TRUE, d, G_N_ELEMENTS(d));
    if (n < 1 || n > 2)
        return NULL;
    int l = 0;
    for (gsize i = 0; i < n; i++)
        l += g_unichar_to_utf8(d[i], buf + l);
    buf[l] = 0;
    return buf;
}

struct nashra_csl_out *csl_out_rich(const char *text)
{
    struct nashra_csl_out *root = csl_out_group();
    if (!text)
        return root;
    GArray *marks = find_quotes(text);
    GArray *stack = g_array_new(false, false, sizeof(struct rich_frame));
    struct rich_frame rf = {root, RK_SPAN};
    g_array_append_val(stack, rf);
    GString *buf = g_string_new(NULL);
    guint mi = 0;
    gsize n = strlen(text);
    for (gsize i = 0; i < n;) {
        struct nashra_csl_out *cur = g_array_index(stack, struct rich_frame, stack->len - 1).group;
        while (mi < marks->len && g_array_index(marks, struct qmark, mi).pos < i)
            mi++;
        if (mi < marks->len && g_array_index(marks, struct qmark, mi).pos == i) {
            struct qmark *m = &g_array_index(marks, struct qmark, mi++);
            enum rich_kind k = m->type ? RK_SQ : RK_DQ;
            switch (m->role) {
            case Q_OPEN:
                rich_flush(buf, cur);
                rich_open(stack, k);
                break;
            case Q_CLOSE:
                rich_flush(buf, cur);
                if (!rich_close(stack, k))
                    g_string_append_len(buf, text + i, m->len);
                break;
            case Q_APOS:
                g_string_append(buf, "\u2019");
                break;
            default:
                g_string_append_len(buf, text + i, m->len);
                break;
            }
            i += m->len;
            continue;
        }
        if (text[i] == '<') {
            bool done = false;
            for (guint t = 0; t < G_N_ELEMENTS(rich_tags) && !done; t++) {
                gsize l = strlen(rich_tags[t].open);
                if (strncmp(text + i, rich_tags[t].open, l) == 0) {
                    rich_flush(buf, cur);
                    rich_open(stack, rich_tags[t].kind);
                    i += l;
                    done = true;
                }
            }
            if (!done && text[i + 1] == '/') {
                static const enum rich_kind closers[] = {RK_ITALIC, RK_BOLD, RK_SC, RK_SUP,
                                                         RK_SUB};
                for (guint t = 0; t < G_N_ELEMENTS(closers) && !done; t++) {
                    const char *ct = rich_close_tag(closers[t]);
                    gsize l = strlen(ct);
                    if (strncmp(text + i, ct, l) == 0) {
                        rich_flush(buf, cur);
                        if (!rich_close(stack, closers[t]))
                            g_string_append_len(buf, text + i, l);
                        i += l;
                        done = true;
                    }
                }
                if (!done && strncmp(text + i, "</span>", 7) == 0) {
                    /* the innermost span-like frame */
                    for (guint s = stack->len; s-- > 1 && !done;) {
                        enum rich_kind k = g_array_index(stack, struct rich_frame, s).kind;
                        if (k == RK_NOCASE || k == RK_NODECOR || k == RK_SPAN ||
                            (k == RK_SC)) {
                            rich_flush(buf, cur);
                            g_array_set_size(stack, s);
                            done = true;
                        }
                    }
                    if (!done)
                        g_string_append(buf, "</span>");
                    i += 7;
                    done = true;
                }
            }
            if (done)
                continue;
        }
        if ((guchar)text[i] >= 0x80) {
            char sb[16];
            const char *base = superscript_base(g_utf8_get_char_validated(text + i, -1), sb);
            if (base) {
                rich_flush(buf, cur);
                struct nashra_csl_out *sup = csl_out_group();
                sup->format.vertical_align = CSL_VA_SUP;
                csl_out_append(sup, csl_out_text(base));
                csl_out_append(cur, sup);
                i = g_utf8_next_char(text + i) - text;
                continue;
            }
        }
        g_string_append_c(buf, text[i]);
        i++;
    }
    rich_flush(buf, g_array_index(stack, struct rich_frame, stack->len - 1).group);
    g_string_free(buf, true);
    g_array_unref(stack);
    g_array_unref(marks);
    return root;
}

/* ---- Flattening ---- */

static void arabic_punct(char **s, bool urdu_stop);

enum ev_kind { EV_TEXT, EV_OPEN, EV_CLOSE };

struct ev {
    enum ev_kind kind;
    GString *s;          /* TEXT */
    bool qclose;         /* TEXT: a closing quote mark */
    bool pinq;           /* its quote moves . and , inside */
    bool display;        /* OPEN/CLOSE of a display div rather than formatting */
    const struct nashra_csl_out *node; /* OPEN */
    bool delim;          /* TEXT: a group's delimiter */
    bool cite;           /* OPEN/CLOSE of one cite (node->item set): a span, no formatting */
    bool arabic;         /* TEXT: the style's marks, to write in Arabic script at the end */
};

static void ev_text(GArray *evs, const char *s, gssize len, bool qclose, bool pinq)
{
    struct ev v = {EV_TEXT, g_string_new_len(s, len), qclose, pinq, false, NULL, false, false, false};
    g_array_append_val(evs, v);
}

static void ev_text_style(GArray *evs, const char *s, bool arabic)
{
    ev_text(evs, s, -1, false, false);
    g_array_index(evs, struct ev, evs->len - 1).arabic = arabic;
}

static bool has_format(const struct nashra_csl_out *o)
{
    return o->format.font_style || o->format.font_variant || o->format.font_weight ||
           o->format.text_decoration || o->format.vertical_align || o->nodecor || o->link;
}

static const char *quote_mark(const struct nashra_csl_out *o, int which, char *buf, gsize size)
{
    static const char *const dflt[4] = {"\u201c", "\u201d", "\u2018", "\u2019"};
    if (!o->quote_marks)
        return dflt[which];
    const char *p = o->quote_marks;
    for (int i = 0; i < which && p; i++) {
        p = strchr(p, '\x1f');
        if (p)
            p++;
    }
    if (!p)
        return dflt[which];
    const char *end = strchr(p, '\x1f');
    gsize l = end ? (gsize)(end - p) : strlen(p);
    if (l >= size)
        l = size - 1;
    memcpy(buf, p, l);
    buf[l] = 0;
    return buf;
}

static gunichar first_char_of(GArray *evs, guint from)
{
    for (guint i = from; i < evs->len; i++) {
        struct ev *v = &g_array_index(evs, struct ev, i);
        if (v->kind == EV_TEXT && v->s->len)
            return g_utf8_get_char(v->s->str);
    }
    return 0;
}

/* O is not empty: the parent tested it (testing again at every level costs the depth). */
static void flatten_full(const struct nashra_csl_out *o, GArray *evs, int qdepth, int depth)
{
    if (depth > 4 * CSL_MAX_DEPTH)
        return;
    struct ev v = {EV_OPEN, NULL, false, false, true, o, false, false, false};
    struct ev cite = {EV_OPEN, NULL, false, false, false, o, false, true, false};
    if (o->item && o->kind == CSL_OUT_GROUP)
        g_array_append_val(evs, cite);
    if (o->display)
        g_array_append_val(evs, v);
    if (o->prefix && o->prefix[0])
        ev_text_style(evs, o->prefix, o->arabic_punct);
    char qb[64];
    if (o->quotes) {
        ev_text(evs, quote_mark(o, qdepth % 2 ? 2 : 0, qb, sizeof qb), -1, false, false);
        qdepth++;
    }
    bool fmt = has_format(o);
    if (fmt) {
        v.display = false;
        g_array_append_val(evs, v);
    }
    if (o->kind == CSL_OUT_TEXT) {
        ev_text_style(evs, o->text,
                      o->arabic_punct && o->var &&
                          (strcmp(o->var, "term") == 0 || strcmp(o->var, "punct") == 0));
    } else {
        bool any = false;
        for (guint i = 0; i < o->children->len; i++) {
            const struct nashra_csl_out *c = g_ptr_array_index(o->children, i);
            if (csl_out_is_empty(c))
                continue;
            guint at = evs->len;
            flatten_full(c, evs, qdepth, depth + 1);
            if (any && o->delimiter && o->delimiter[0]) {
                gunichar f = first_char_of(evs, at);
                /* a delimiter is not put before a piece that starts with punctuation */
                if (!(f == ',' || f == ';' || f == '.')) {
                    struct ev d = {EV_TEXT, g_string_new(o->delimiter), false, false, false, NULL,
                                  true, false, false};
                    d.arabic = o->arabic_punct;
                    g_array_insert_val(evs, at, d);
                }
            }
            any = true;
        }
    }
    struct ev c = {EV_CLOSE, NULL, false, false, false, o, false, false, false};
    if (fmt)
        g_array_append_val(evs, c);
    if (o->quotes) {
        qdepth--;
        ev_text(evs, quote_mark(o, qdepth % 2 ? 3 : 1, qb, sizeof qb), -1, true,
                o->punct_in_quote);
    }
    if (o->suffix && o->suffix[0])
        ev_text_style(evs, o->suffix, o->arabic_punct);
    if (o->display) {
        c.display = true;
        g_array_append_val(evs, c);
    }
    if (o->item && o->kind == CSL_OUT_GROUP) {
        cite.kind = EV_CLOSE;
        g_array_append_val(evs, cite);
    }
}

static void flatten(const struct nashra_csl_out *o, GArray *evs)
{
    if (o && !csl_out_is_empty(o))
        flatten_full(o, evs, 0, 0);
}

/* citeproc-js's rule for punctuation meeting at a boundary: 0 keep both, 1 keep the first
 * (drop the second), 2 keep the second (drop the first). */
static int punct_rule(char x, char y)
{
    if (x == y && strchr("!?.:;,", x))
        return 1;
    if (x == ' ' && (y == ' ' || y == ','))
        return 2;
    switch (x) {
    case '!': return (y == '.' || y == ':') ? 1 : 0;
    case '?': return (y == '.' || y == ':') ? 1 : 0;
    case ':': return (y == '!' || y == '?') ? 2 : y == '.' ? 1 : 0;
    case ';': return (y == '!' || y == '?') ? 2 : (y == ':' || y == '.') ? 1 : 0;
    default: return 0;
    }
}

static char last_byte(const GString *s)
{
    return s->len ? s->str[s->len - 1] : 0;
}

/* The last non-empty text event before I, or -1. */
static int prev_text(GArray *evs, int i)
{
    while (--i >= 0) {
        struct ev *v = &g_array_index(evs, struct ev, i);
        if (v->kind == EV_TEXT && v->s->len)
            return i;
    }
    return -1;
}

/* P is a closing quote: the last text inside the run of closing quotes that ends at P. */
static int inside_quotes(GArray *evs, int p)
{
    int q = p;
    while (q >= 0 && g_array_index(evs, struct ev, q).qclose)
        q = prev_text(evs, q);
    return q;
}

static void fix_punct(GArray *evs)
{
    for (guint i = 0; i < evs->len; i++) {
        struct ev *cur = &g_array_index(evs, struct ev, i);
        if (cur->kind != EV_TEXT)
            continue;
        for (int guard = 0; cur->s->len && guard < 16; guard++) {
            int prev = prev_text(evs, (int)i);
            if (prev < 0)
                break;
            struct ev *p = &g_array_index(evs, struct ev, prev);
            char c = cur->s->str[0];
            if (p->qclose && p->pinq && strchr(".,!?", c) && !cur->qclose) {
                int in = inside_quotes(evs, prev);
                if (in >= 0) {
                    GString *is = g_array_index(evs, struct ev, in).s;
                    int r = punct_rule(last_byte(is), c);
                    if (r == 0)
                        g_string_append_c(is, c);
                    else if (r == 2)
                        is->str[is->len - 1] = c;
                    g_string_erase(cur->s, 0, 1);
                    continue;
                }
            }
            char x = last_byte(p->s);
            if (p->qclose) {
                int in = inside_quotes(evs, prev);
                if (in >= 0) {
                    char inner = last_byte(g_array_index(evs, struct ev, in).s);
                    if (punct_rule(inner, c) == 1)
                        x = inner;
                }
            }
            if (cur->delim && strchr(",;:", x) && (c == ',' || c == ';')) {
                /* "source," then the delimiter "; ": the delimiter's own punctuation goes */
                g_string_erase(cur->s, 0, 1);
                continue;
            }
            int r = punct_rule(x, c);
            if (r == 1) {
                g_string_erase(cur->s, 0, 1);
            } else if (r == 2 && x == last_byte(p->s)) {
                while (p->s->len && last_byte(p->s) == x)
                    g_string_truncate(p->s, p->s->len - 1);
            } else {
                break;
            }
        }
    }
    /* no trailing space inside a right-inline block */
    for (guint i = 0; i < evs->len; i++) {
        struct ev *v = &g_array_index(evs, struct ev, i);
        if (v->kind == EV_CLOSE && v->display && v->node->display &&
            !strcmp(v->node->display, "right-inline")) {
            int p = prev_text(evs, (int)i);
            if (p >= 0) {
                GString *t = g_array_index(evs, struct ev, p).s;
                while (t->len && t->str[t->len - 1] == ' ')
                    g_string_truncate(t, t->len - 1);
            }
        }
    }
    /* punctuation after a display block goes inside it (citeproc-js) */
    for (guint i = 0; i + 1 < evs->len; i++) {
        struct ev *v = &g_array_index(evs, struct ev, i);
        if (!(v->kind == EV_CLOSE && v->display))
            continue;
        guint j = i + 1;
        while (j < evs->len && g_array_index(evs, struct ev, j).kind == EV_CLOSE &&
               !g_array_index(evs, struct ev, j).display)
            j++;
        if (j >= evs->len)
            break;
        struct ev *t = &g_array_index(evs, struct ev, j);
        if (t->kind != EV_TEXT || !t->s->len || strspn(t->s->str, ".,;:!?") != t->s->len)
            continue;
        struct ev moved = *t;
        g_array_remove_index(evs, j);
        g_array_insert_val(evs, i, moved);
        i++;
    }
}

static GArray *flatten_fixed(const struct nashra_csl_out *out)
{
    GArray *evs = g_array_new(false, true, sizeof(struct ev));
    flatten(out, evs);
    fix_punct(evs);
    for (guint i = 0; i < evs->len; i++) {
        struct ev *v = &g_array_index(evs, struct ev, i);
        if (v->kind == EV_TEXT && v->arabic && v->s->len) {
            char *t = g_string_free(v->s, false);
            arabic_punct(&t, out->urdu_stop);
            v->s = g_string_new(t);
            g_free(t);
        }
    }
    return evs;
}

static void evs_free(GArray *evs)
{
    for (guint i = 0; i < evs->len; i++) {
        struct ev *v = &g_array_index(evs, struct ev, i);
        if (v->s)
            g_string_free(v->s, true);
    }
    g_array_unref(evs);
}

/* ---- Writing out ---- */

struct fstate {
    bool it, bold, sc, ul;
    int va; /* 0, 1 sup, 2 sub */
};

struct frame {
    const struct nashra_csl_out *cite; /* a cite's frame: its node */
    struct fstate st;
    gsize mark_before, mark_after;
    char *closers;
    unsigned flags_before;
    bool display; /* a display div's frame: closers is text-mode text too */
};

static unsigned state_flags(const struct fstate *s)
{
    return (s->it ? NASHRA_CSL_ITALIC : 0) | (s->bold ? NASHRA_CSL_BOLD : 0) |
           (s->sc ? NASHRA_CSL_SMALL_CAPS : 0) | (s->ul ? NASHRA_CSL_UNDERLINE : 0) |
           (s->va == 1 ? NASHRA_CSL_SUPERSCRIPT : 0) | (s->va == 2 ? NASHRA_CSL_SUBSCRIPT : 0);
}

/* Applies O's formatting to S (flip-flop: italic inside italic is normal), writing the opening
 * tags to OPEN and prepending the closers to CLOSE. */
static void apply_format(const struct nashra_csl_out *o, struct fstate *s, GString *open,
                         GString *close)
{
#define TAG(o_, c_)                                                                           \
    do {                                                                                      \
        g_string_append(open, o_);                                                            \
        g_string_prepend(close, c_);                                                          \
    } while (0)
    const struct csl_format *f = &o->format;
    if (o->nodecor) {
        if (s->it)
            TAG("<span style=\"font-style:normal;\">", "</span>");
        if (s->bold)
            TAG("<span style=\"font-weight:normal;\">", "</span>");
        if (s->sc)
            TAG("<span style=\"font-variant:normal;\">", "</span>");
        s->it = s->bold = s->sc = false;
    }
    if (f->vertical_align == CSL_VA_SUP) {
        TAG("<sup>", "</sup>");
        s->va = 1;
    } else if (f->vertical_align == CSL_VA_SUB) {
        TAG("<sub>", "</sub>");
        s->va = 2;
    } else if (f->vertical_align == CSL_VA_BASELINE && s->va) {
        TAG("<span style=\"baseline\">", "</span>");
        s->va = 0;
    }
    if (f->text_decoration == CSL_TD_UNDERLINE && !s->ul) {
        TAG("<span style=\"text-decoration:underline;\">", "</span>");
        s->ul = true;
    } else if (f->text_decoration == CSL_TD_NONE && s->ul) {
        TAG("<span style=\"text-decoration:none;\">", "</span>");
        s->ul = false;
    }
    if (f->font_weight == CSL_FW_BOLD) {
        if (s->bold)
            TAG("<span style=\"font-weight:normal;\">", "</span>");
        else
            TAG("<b>", "</b>");
        s->bold = !s->bold;
    } else if ((f->font_weight == CSL_FW_NORMAL || f->font_weight == CSL_FW_LIGHT) && s->bold) {
        TAG("<span style=\"font-weight:normal;\">", "</span>");
        s->bold = false;
    }
    if (f->font_variant == CSL_FV_SMALL_CAPS) {
        if (s->sc)
            TAG("<span style=\"font-variant:normal;\">", "</span>");
        else
            TAG("<span style=\"font-variant:small-caps;\">", "</span>");
        s->sc = !s->sc;
    } else if (f->font_variant == CSL_FV_NORMAL && s->sc) {
        TAG("<span style=\"font-variant:normal;\">", "</span>");
        s->sc = false;
    }
    if (f->font_style == CSL_FS_ITALIC || f->font_style == CSL_FS_OBLIQUE) {
        if (s->it)
            TAG("<span style=\"font-style:normal;\">", "</span>");
        else
            TAG("<i>", "</i>");
        s->it = !s->it;
    } else if (f->font_style == CSL_FS_NORMAL && s->it) {
        TAG("<span style=\"font-style:normal;\">", "</span>");
        s->it = false;
    }
#undef TAG
}

static const char *display_class(const char *d)
{
    if (!d)
        return "csl-block";
    if (!strcmp(d, "left-margin"))
        return "csl-left-margin";
    if (!strcmp(d, "right-inline"))
        return "csl-right-inline";
    if (!strcmp(d, "indent"))
        return "csl-indent";
    return "csl-block";
}

enum mode { M_HTML, M_TEXT, M_MARKED };

static void add_span(GArray *spans, gsize start, gsize end, unsigned flags)
{
    if (!spans || !flags || end <= start)
        return;
    if (spans->len) {
        struct nashra_csl_span *l = &g_array_index(spans, struct nashra_csl_span, spans->len - 1);
        if (l->end == start && l->flags == flags) {
            l->end = end;
            return;
        }
    }
    struct nashra_csl_span sp = {start, end, flags, NULL};
    g_array_append_val(spans, sp);
}

static char *serialise(const struct nashra_csl_out *out, enum mode mode, GArray *spans)
{
    GArray *evs = flatten_fixed(out);
    GString *res = g_string_new(NULL);
    GArray *stack = g_array_new(false, true, sizeof(struct frame));
    struct fstate st = {0};
    bool link = false;
    for (guint i = 0; i < evs->len; i++) {
        struct ev *v = &g_array_index(evs, struct ev, i);
        if (v->kind == EV_TEXT) {
            if (!v->s->len)
                continue;
            gsize start = res->len;
            if (mode == M_HTML) {
                for (gsize k = 0; k < v->s->len; k++) {
                    char c = v->s->str[k];
                    if (c == '&')
                        g_string_append(res, "&#38;");
                    else if (c == '<')
                        g_string_append(res, "&#60;");
                    else if (c == '>')
                        g_string_append(res, "&#62;");
                    else
                        g_string_append_c(res, c);
                }
            } else {
                g_string_append_len(res, v->s->str, v->s->len);
            }
            if (mode == M_MARKED)
                add_span(spans, start, res->len, state_flags(&st) | (link ? NASHRA_CSL_LINK : 0));
            continue;
        }
        if (v->kind == EV_OPEN) {
            struct frame f = {NULL, st, res->len, 0, NULL, link, false};
            if (v->cite) {
                f.cite = v->node;
                f.mark_after = res->len;
                g_array_append_val(stack, f);
                continue;
            }
            if (v->display) {
                const char *dc = display_class(v->node->display);
                if (mode == M_HTML) {
                    g_string_append_printf(res, "<div class=\"%s\">", dc);
                    f.closers = g_strdup("</div>");
                } else {
                    /* citeproc-js's text format: a line break before a block (indented
                     * for "indent"), a space after the left margin ("[1] A. Okafor") */
                    if (res->len && !strcmp(dc, "csl-block"))
                        g_string_append_c(res, '\n');
                    else if (res->len && !strcmp(dc, "csl-indent"))
                        g_string_append(res, "\n    ");
                    f.closers = g_strdup(strcmp(dc, "csl-left-margin") == 0 ? " " : "");
                }
                f.display = true;
            } else {
                GString *o = g_string_new(NULL), *c = g_string_new(NULL);
                apply_format(v->node, &st, o, c);
                if (v->node->link)
                    link = true;
                if (mode == M_HTML)
                    g_string_append(res, o->str);
                g_string_free(o, true);
                f.closers = g_string_free(c, false);
            }
            f.mark_after = res->len;
            g_array_append_val(stack, f);
            continue;
        }
        if (!stack->len)
            continue;
        struct frame *f = &g_array_index(stack, struct frame, stack->len - 1);
        if (f->cite) {
            /* Not merged with a neighbour (add_span would): each cite is its own link. */
            if (mode == M_MARKED && spans && res->len > f->mark_before) {
                struct nashra_csl_span sp = {f->mark_before, res->len, NASHRA_CSL_CITE,
                                             f->cite->item->id};
                g_array_append_val(spans, sp);
            }
            g_array_set_size(stack, stack->len - 1);
            continue;
        }
        if (mode == M_HTML) {
            if (res->len == f->mark_after)
                g_string_truncate(res, f->mark_before);
            else
                g_string_append(res, f->closers);
        } else if (f->display && res->len > f->mark_after) {
            g_string_append(res, f->closers);
        }
        st = f->st;
        link = f->flags_before;
        g_free(f->closers);
        g_array_set_size(stack, stack->len - 1);
    }
    for (guint i = 0; i < stack->len; i++)
        g_free(g_array_index(stack, struct frame, i).closers);
    g_array_unref(stack);
    evs_free(evs);
    return g_string_free(res, false);
}

char *nashra_csl_out_html(const struct nashra_csl_out *out)
{
    return serialise(out, M_HTML, NULL);
}

char *nashra_csl_out_text(const struct nashra_csl_out *out)
{
    return serialise(out, M_TEXT, NULL);
}

char *nashra_csl_out_marked(const struct nashra_csl_out *out, GArray *spans)
{
    return serialise(out, M_MARKED, spans);
}

char *csl_out_flat(const struct nashra_csl_out *out)
{
    return serialise(out, M_TEXT, NULL);
}

/* ASCII marks the style wrote, in Arabic script: affixes, delimiters and terms; never the item's
 * own text (titles, names, numbers, URLs). */
static void arabic_punct(char **s, bool urdu_stop)
{
    if (!*s || !strpbrk(*s, urdu_stop ? ",;?." : ",;?"))
        return;
    GString *o = g_string_new(NULL);
    for (const char *p = *s; *p; p++) {
        if (*p == '.' && urdu_stop && (p == *s || !g_ascii_isalpha(p[-1])) &&
            (!p[1] || p[1] == ' ' || p[1] == ')' || p[1] == ']'))
            g_string_append(o, "\u06D4");
        else if (*p == ',')
            g_string_append(o, "\u060C");
        else if (*p == ';')
            g_string_append(o, "\u061B");
        else if (*p == '?')
            g_string_append(o, "\u061F");
        else
            g_string_append_c(o, *p);
    }
    g_free(*s);
    *s = g_string_free(o, false);
}

/* Quotation marks in Arabic script are guillemets: a locale's straight or English curly ones
 * (Debian's ar and fa have those, copied from en-US) become « » outside, “ ” inside, and the
 * period stays outside them. A Latin work within it gets English curly quotes. */
static void curly_quotes(struct nashra_csl_out *o, bool latin)
{
    static const char *const arabic[4] = {"\u00AB", "\u00BB", "\u201C", "\u201D"};
    static const char *const english[4] = {"\u201C", "\u201D", "\u2018", "\u2019"};
    if (!o->quote_marks)
        return;
    if (!latin)
        o->punct_in_quote = false;
    char **marks = g_strsplit(o->quote_marks, "\x1f", 4);
    for (int i = 0; i < 4 && marks[i]; i++) {
        bool straight = strcmp(marks[i], "\"") == 0 || strcmp(marks[i], "'") == 0;
        bool curly = strcmp(marks[i], english[i]) == 0;
        if (straight || (curly && !latin)) {
            g_free(marks[i]);
            marks[i] = g_strdup(latin ? english[i] : arabic[i]);
        }
    }
    g_free(o->quote_marks);
    o->quote_marks = g_strjoinv("\x1f", marks);
    g_strfreev(marks);
}

void nashra_csl_out_arabic_punctuation(struct nashra_csl_out *out,
                                       bool (*keep)(const char *id, void *data), void *data,
                                       bool urdu_stop)
{
    out->urdu_stop = urdu_stop;
    /* Explicit stack of (node, kept): output trees nest as deep as the style's macros. */
    GPtrArray *stack = g_ptr_array_new();
    g_ptr_array_add(stack, out);
    g_ptr_array_add(stack, NULL);
    while (stack->len) {
        bool kept = g_ptr_array_steal_index(stack, stack->len - 1) != NULL;
        struct nashra_csl_out *o = g_ptr_array_steal_index(stack, stack->len - 1);
        if (!o)
            continue;
        kept = kept || (keep && o->item && keep(o->item->id, data));
        curly_quotes(o, kept);
        o->arabic_punct = !kept;
        if (o->kind == CSL_OUT_GROUP && o->children)
            for (guint i = 0; i < o->children->len; i++) {
                g_ptr_array_add(stack, g_ptr_array_index(o->children, i));
                g_ptr_array_add(stack, kept ? (gpointer)o : NULL);
            }
    }
    g_ptr_array_unref(stack);
}
