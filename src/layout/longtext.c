/* Long paragraphs in bounded windows. Pango 1.50 re-processes the rest of a paragraph for each
 * line it breaks, and char-wraps a word without break opportunities in time that grows with
 * the square of its length; a brief of a few hundred kilobytes in one paragraph took a minute.
 *
 * Pango breaks lines greedily (first fit): a line depends only on where it starts. So a window
 * of text ending at a space far enough on is laid out, all its lines but the last are kept,
 * and the next window starts where that last line started: the lines are those of one layout
 * of the whole paragraph. Windows end only at a space outside bidi embeddings and isolates,
 * and each window is given the paragraph's direction, so levels and shaping match too.
 *
 * A run without a space longer than LAYOUT_LONG_RUN would be char-wrapped by Pango; it is
 * measured once here (one unwrapped layout, cluster by cluster) and cut at cluster boundaries
 * into pieces no wider than the line, each laid out on its own. Nothing is inserted into the
 * text, nothing is hyphenated or letter-spaced. */
#include <math.h>
#include <string.h>


#include "layout/layout_int.h"

#define LT_WINDOW 4096 /* bytes of a window, at least (then up to the next space) */

static bool lt_is_sep(const char *p, const char *end)
{
    /* spaces, and line and paragraph separators */
    return *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' ||
           (end - p >= 3 && (memcmp(p, "\xE2\x80\xA8", 3) == 0 ||
                             memcmp(p, "\xE2\x80\xA9", 3) == 0));
}

bool layout_text_is_long(const char *text, size_t len)
{
    if (len > LAYOUT_LONG_TEXT)
        return true;
    if (len <= LAYOUT_LONG_RUN)
        return false;
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        run = lt_is_sep(text + i, text + len) ? 0 : run + 1;
        if (run > LAYOUT_LONG_RUN)
            return true;
    }
    return false;
}

/* The direction of TEXT's first strong character, as Pango finds a paragraph's (it calls this
 * very function, deprecated for applications only because fribidi is the better choice). */
static PangoDirection lt_base_dir(const char *text, size_t len)
{
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    return pango_find_base_dir(text, (int)len);
    G_GNUC_END_IGNORE_DEPRECATIONS
}

struct lt {
    struct layout_state *ls;
    const PangoFontDescription *fd;
    const char *text;
    size_t len;
    PangoDirection dir; /* the paragraph's, as Pango would resolve it */
    const struct layout_block_opts *o;
    double size;
    /* All attributes, by start; those that may reach the current window, in that order. */
    GPtrArray *attrs, *active;
    guint next_attr;
    /* Links by start, and the first that may reach the current window. */
    GArray *links;
    guint first_link;
    GArray *win_links; /* the current window's, in its bytes */
    bool emitted;      /* a line was added: the next is not the block's first */
};

static PangoAttrList *lt_attrs(struct lt *t, size_t a, size_t b)
{
    while (t->next_attr < t->attrs->len) {
        PangoAttribute *at = g_ptr_array_index(t->attrs, t->next_attr);
        if (at->start_index >= b)
            break;
        g_ptr_array_add(t->active, at);
        t->next_attr++;
    }
    PangoAttrList *l = pango_attr_list_new();
    guint keep = 0;
    for (guint i = 0; i < t->active->len; i++) {
        PangoAttribute *at = g_ptr_array_index(t->active, i);
        if (at->end_index <= a)
            continue; /* windows only move on */
        g_ptr_array_index(t->active, keep++) = at;
        if (at->start_index >= b || at->start_index >= at->end_index)
            continue;
        PangoAttribute *c = pango_attribute_copy(at);
        c->start_index = at->start_index > a ? (guint)(at->start_index - a) : 0;
        c->end_index = (guint)(MIN((size_t)at->end_index, b) - a);
        pango_attr_list_insert(l, c);
    }
    g_ptr_array_set_size(t->active, keep);
    return l;
}

static void lt_window_links(struct lt *t, size_t a, size_t b)
{
    g_array_set_size(t->win_links, 0);
    if (!t->links)
        return;
    while (t->first_link < t->links->len &&
           (size_t)g_array_index(t->links, struct layout_link, t->first_link).end <= a)
        t->first_link++;
    for (guint k = t->first_link; k < t->links->len; k++) {
        struct layout_link l = g_array_index(t->links, struct layout_link, k);
        if ((size_t)l.start >= b)
            break;
        if ((size_t)l.end <= a)
            continue;
        l.start = (int)(MAX((size_t)l.start, a) - a);
        l.end = (int)(MIN((size_t)l.end, b) - a);
        g_array_append_val(t->win_links, l); /* strings borrowed */
    }
}

/* A layout of the bytes [A, B) in the paragraph's direction; WRAP: at the text width. */
static PangoLayout *lt_layout(struct lt *t, size_t a, size_t b, bool wrap)
{
    struct layout_state *ls = t->ls;
    PangoDirection own = lt_base_dir(t->text + a, b - a);
    PangoContext *ctx = ls->ctx;
    bool fixed = t->o->dir != NASHRA_DIR_AUTO;
    if (fixed) {
        if (t->dir != pango_context_get_base_dir(ls->ctx))
            ctx = layout_flip_context(ls);
    } else if (own != t->dir && !(own == PANGO_DIRECTION_NEUTRAL &&
                           t->dir == pango_context_get_base_dir(ls->ctx))) {
        if (t->dir != pango_context_get_base_dir(ls->ctx))
            ctx = layout_flip_context(ls);
        fixed = true;
    }
    PangoLayout *pl = layout_new_text(ls, ctx, t->fd, wrap ? t->o->right - t->o->left : -1);
    if (!wrap)
        pango_layout_set_width(pl, -1);
    if (fixed)
        pango_layout_set_auto_dir(pl, FALSE);
    pango_layout_set_text(pl, t->text + a, (int)(b - a));
    PangoAttrList *al = lt_attrs(t, a, b);
    pango_layout_set_attributes(pl, al);
    pango_attr_list_unref(al);
    return pl;
}

static void lt_emit(struct lt *t, PangoLayout *pl, PangoLayoutLine *ln, size_t a, bool last)
{
    struct layout_block_opts o = *t->o;
    lt_window_links(t, a + (size_t)ln->start_index, a + (size_t)(ln->start_index + ln->length));
    /* Window links are relative to the line's layout. */
    for (guint k = 0; k < t->win_links->len; k++) {
        struct layout_link *l = &g_array_index(t->win_links, struct layout_link, k);
        l->start += ln->start_index;
        l->end += ln->start_index;
    }
    o.links = t->win_links;
    layout_emit_line(t->ls, ln, pango_layout_get_text(pl), &o, t->size, !t->emitted, last,
                     last);
    t->emitted = true;
}

static int lt_line_width(PangoLayoutLine *ln)
{
    PangoRectangle r;
    pango_layout_line_get_extents(ln, NULL, &r);
    return r.width;
}

/* Breaks the run [A, B) (no spaces) into pieces no wider than the line and adds them, but for
 * the last one unless B ends the paragraph. Returns where the piece not added starts (B when
 * all were added). */
static size_t lt_run(struct lt *t, size_t a, size_t b)
{
    int target = (int)lround((t->o->right - t->o->left) * PANGO_SCALE);
    /* Each cluster's advance, at its first byte, from one unwrapped layout of the run. */
    PangoLayout *m = lt_layout(t, a, b, false);
    size_t n = b - a;
    int *adv = g_new0(int, n + 1);
    guint8 *starts = g_new0(guint8, n + 1);
    for (GSList *r = pango_layout_get_line_readonly(m, 0)->runs; r; r = r->next) {
        PangoGlyphItem *gi = r->data;
        for (int g = 0; g < gi->glyphs->num_glyphs; g++) {
            int ci = gi->item->offset + gi->glyphs->log_clusters[g];
            adv[ci] += gi->glyphs->glyphs[g].geometry.width;
            starts[ci] = 1;
        }
    }
    for (int l = 1; l < pango_layout_get_line_count(m); l++) {
        /* A hard break (should not be: runs end at separators): lines start clusters. */
        starts[pango_layout_get_line_readonly(m, l)->start_index] = 1;
    }
    g_object_unref(m);
    starts[n] = 1;
    /* Shaped alone, a piece's ends may take other forms (Arabic joining): each piece is
     * checked, and shortened by a cluster while it is too wide. */
    int limit = target;
    size_t s = 0;
    while (s < n) {
        size_t e = s, prev = s;
        int acc = 0;
        for (size_t i = s; i <= n; i++) {
            if (!starts[i] || i == s)
                continue;
            /* cluster [prev, i) */
            int w = 0;
            for (size_t k = prev; k < i; k++)
                w += adv[k];
            if (acc + w > limit && e > s)
                break;
            acc += w;
            e = i;
            prev = i;
        }
        if (e == n && !(a + n == t->len)) {
            g_free(adv);
            g_free(starts);
            return a + s; /* the tail continues with what follows */
        }
        PangoLayout *pl;
        for (;;) {
            pl = lt_layout(t, a + s, a + e, false);
            PangoLayoutLine *ln = pango_layout_get_line_readonly(pl, 0);
            if (pango_layout_get_line_count(pl) > 1 || lt_line_width(ln) > target) {
                size_t k = e - 1;
                while (k > s && !starts[k])
                    k--;
                if (k > s) {
                    g_object_unref(pl);
                    e = k;
                    continue;
                }
            }
            break;
        }
        g_ptr_array_add(t->ls->layouts, pl);
        int lines = pango_layout_get_line_count(pl), i = 0;
        for (GSList *l = pango_layout_get_lines_readonly(pl); l; l = l->next, i++)
            lt_emit(t, pl, l->data, a + s, e == n && i == lines - 1);
        s = e;
    }
    g_free(adv);
    g_free(starts);
    return b;
}

static gint lt_link_cmp(gconstpointer x, gconstpointer y)
{
    const struct layout_link *a = x, *b = y;
    return (a->start > b->start) - (a->start < b->start);
}

void layout_long_text(struct layout_state *ls, const PangoFontDescription *fd, const char *text,
                      size_t len, PangoAttrList *attrs, const GArray *links,
                      const struct layout_block_opts *o)
{
    struct lt t = {.ls = ls, .fd = fd, .text = text, .len = len, .o = o};
    t.size = pango_font_description_get_size(fd) / (double)PANGO_SCALE;
    t.dir = o->dir == NASHRA_DIR_RTL   ? PANGO_DIRECTION_RTL
            : o->dir == NASHRA_DIR_LTR ? PANGO_DIRECTION_LTR
                                       : lt_base_dir(text, len);
    if (t.dir == PANGO_DIRECTION_NEUTRAL)
        t.dir = pango_context_get_base_dir(ls->ctx);
    t.attrs = g_ptr_array_new_with_free_func((GDestroyNotify)pango_attribute_destroy);
    GSList *all = pango_attr_list_get_attributes(attrs);
    for (GSList *l = all; l; l = l->next)
        g_ptr_array_add(t.attrs, l->data);
    g_slist_free(all);
    t.active = g_ptr_array_new();
    if (links && links->len) {
        t.links = g_array_sized_new(FALSE, FALSE, sizeof(struct layout_link), links->len);
        g_array_append_vals(t.links, links->data, links->len);
        g_array_sort(t.links, lt_link_cmp); /* stable: glib's sort is a merge sort */
    }
    t.win_links = g_array_new(FALSE, FALSE, sizeof(struct layout_link));

    /* Where a window may end (the byte after a space outside embeddings and isolates, not
     * before a combining mark), and the long runs, in one pass. */
    GArray *cuts = g_array_new(FALSE, FALSE, sizeof(size_t));
    GArray *runs = g_array_new(FALSE, FALSE, sizeof(size_t)); /* start, end pairs */
    int depth = 0;
    size_t run_start = 0;
    for (size_t i = 0; i <= len;) {
        const char *p = text + i;
        bool end = i == len, sep = !end && lt_is_sep(p, text + len);
        if (end || sep) {
            if (i - run_start > LAYOUT_LONG_RUN) {
                g_array_append_val(runs, run_start);
                g_array_append_val(runs, i);
            }
            if (end)
                break;
        }
        gunichar c = g_utf8_get_char_validated(p, (gssize)(len - i));
        size_t clen = (c == (gunichar)-1 || c == (gunichar)-2) ? 1 : (size_t)g_unichar_to_utf8(c, NULL);
        if (c >= 0x202A && c <= 0x202E) /* LRE RLE PDF LRO RLO */
            depth += c == 0x202C ? -1 : 1;
        else if (c >= 0x2066 && c <= 0x2069) /* LRI RLI FSI PDI */
            depth += c == 0x2069 ? -1 : 1;
        if (depth < 0)
            depth = 0;
        if (sep)
            run_start = i + clen;
        if (c == ' ' && depth == 0 && i + 1 < len) {
            gunichar next = g_utf8_get_char_validated(p + 1, (gssize)(len - i - 1));
            if (next == (gunichar)-1 || next == (gunichar)-2 || !g_unichar_ismark(next)) {
                size_t cut = i + 1;
                g_array_append_val(cuts, cut);
            }
        }
        i += clen;
    }

    size_t pos = 0;
    guint ci = 0, ri = 0;
    while (pos < len) {
        if (ri < runs->len && g_array_index(runs, size_t, ri) <= pos) {
            pos = lt_run(&t, pos, g_array_index(runs, size_t, ri + 1));
            ri += 2;
            continue;
        }
        size_t seg_end = ri < runs->len ? g_array_index(runs, size_t, ri) : len;
        size_t e = seg_end;
        bool keep_all = true;
        if (seg_end - pos > LT_WINDOW * 3 / 2) {
            while (ci < cuts->len && g_array_index(cuts, size_t, ci) < pos + LT_WINDOW)
                ci++;
            if (ci < cuts->len && g_array_index(cuts, size_t, ci) < seg_end) {
                e = g_array_index(cuts, size_t, ci);
                keep_all = false;
            }
        }
        PangoLayout *pl = lt_layout(&t, pos, e, true);
        g_ptr_array_add(ls->layouts, pl);
        int n = pango_layout_get_line_count(pl), i = 0;
        if (n < 2)
            keep_all = true; /* cannot happen with a window many lines long */
        size_t next = e;
        for (GSList *l = pango_layout_get_lines_readonly(pl); l; l = l->next, i++) {
            PangoLayoutLine *ln = l->data;
            if (!keep_all && i == n - 1) {
                next = pos + (size_t)ln->start_index;
                break;
            }
            lt_emit(&t, pl, ln, pos, e == len && i == n - 1);
        }
        pos = next;
    }
    g_array_free(cuts, TRUE);
    g_array_free(runs, TRUE);
    g_array_free(t.win_links, TRUE);
    if (t.links)
        g_array_free(t.links, TRUE);
    g_ptr_array_free(t.active, TRUE);
    g_ptr_array_free(t.attrs, TRUE);
}
