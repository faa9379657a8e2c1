/* What the tagged PDF needs that Cairo 1.16's tag API cannot write, done in the post-pass:
 * the structure elements' attributes (a figure's /Alt, /Lang where an element's language
 * differs from the document's, a header cell's scope), and page furniture marked as artifacts
 * (ISO 32000-1 §14.8.2.2: PDF/UA wants every mark on a page either in the tree or an artifact).
 *
 * Cairo appends each new element to its parent's children and writes them in that order, so a
 * depth-first walk of /StructTreeRoot meets the elements in the order of their cairo_tag_begin,
 * the order pdf_struct.c recorded. Links are Cairo's own elements, not recorded: skipped.
 * A list marker's Span moves to the front of its item as the item's Lbl. */
#include <stdlib.h>
#include <string.h>

#include <qpdf/qpdf-c.h>

#include "render/render_int.h"

struct attr_walk {
    qpdf_data q;
    const struct render_struct *rs;
    int k, n;
    bool ok;
    qpdf_oh *node_of; /* by element: its node, 0 until met */
    GArray *labels;   /* of struct label_move */
};

struct label_move {
    qpdf_oh span, from;
    int item; /* the LI element */
};

static void struct_attrs(qpdf_data q, qpdf_oh node, const struct nashra_elem *e)
{
    if (e->lang)
        qpdf_oh_replace_key(q, node, "/Lang", qpdf_oh_new_unicode_string(q, e->lang));
    if (e->kind == NASHRA_ELEM_FIGURE && e->alt)
        qpdf_oh_replace_key(q, node, "/Alt", qpdf_oh_new_unicode_string(q, e->alt));
    if (e->kind == NASHRA_ELEM_TH) {
        /* Tables have header rows only: each header cell heads its column. */
        qpdf_oh a = qpdf_oh_new_dictionary(q);
        qpdf_oh_replace_key(q, a, "/O", qpdf_oh_new_name(q, "/Table"));
        qpdf_oh_replace_key(q, a, "/Scope", qpdf_oh_new_name(q, "/Column"));
        qpdf_oh_replace_key(q, node, "/A", a);
    }
}

static void struct_walk(struct attr_walk *w, qpdf_oh node, qpdf_oh parent, int depth);

static void struct_walk_kids(struct attr_walk *w, qpdf_oh parent, int depth)
{
    qpdf_oh kids = qpdf_oh_get_key(w->q, parent, "/K");
    if (qpdf_oh_is_array(w->q, kids)) {
        int n = qpdf_oh_get_array_n_items(w->q, kids);
        for (int i = 0; i < n && w->ok; i++)
            struct_walk(w, qpdf_oh_get_array_item(w->q, kids, i), parent, depth);
    } else {
        struct_walk(w, kids, parent, depth);
    }
}

/* NODE: an entry of PARENT's /K (an element, or a marked-content or object reference:
 * skipped). */
static void struct_walk(struct attr_walk *w, qpdf_oh node, qpdf_oh parent, int depth)
{
    qpdf_data q = w->q;
    if (!qpdf_oh_is_dictionary(q, node) || !qpdf_oh_has_key(q, node, "/S"))
        return;
    qpdf_oh s = qpdf_oh_get_key(q, node, "/S");
    if (!qpdf_oh_is_name(q, s) || depth > 10000) {
        w->ok = false;
        return;
    }
    const char *type = qpdf_oh_get_name(q, s);
    if (strcmp(type, "/Link") == 0)
        return;
    const char *name = NULL;
    int index = w->k < w->n ? render_struct_created(w->rs, w->k, &name) : -1;
    /* Another tree than the one recorded: leave the rest as Cairo wrote it. */
    if (w->k++ >= w->n || strcmp(type + 1, name) != 0) {
        w->ok = false;
        return;
    }
    const struct nashra_elem *e = render_struct_elem(w->rs, index);
    if (e && e->kind == NASHRA_ELEM_LBL) {
        struct label_move m = {node, parent, e->parent};
        g_array_append_val(w->labels, m);
    } else if (e) {
        w->node_of[index] = node;
        struct_attrs(q, node, e);
    }
    struct_walk_kids(w, node, depth + 1);
}

/* Moves a list marker's Span, first in the item's /K, as its Lbl. */
static void struct_move_label(qpdf_data q, const struct label_move *m, qpdf_oh item)
{
    int id = qpdf_oh_get_object_id(q, m->span);
    qpdf_oh kids = qpdf_oh_get_key(q, m->from, "/K");
    if (!id || !qpdf_oh_is_array(q, kids))
        return; /* the marker alone in its element: left where it is */
    int n = qpdf_oh_get_array_n_items(q, kids), at = 0;
    while (at < n && qpdf_oh_get_object_id(q, qpdf_oh_get_array_item(q, kids, at)) != id)
        at++;
    if (at == n)
        return;
    qpdf_oh_erase_item(q, kids, at);
    qpdf_oh_replace_key(q, m->span, "/S", qpdf_oh_new_name(q, "/Lbl"));
    qpdf_oh_replace_key(q, m->span, "/P", item);
    qpdf_oh to = qpdf_oh_get_key(q, item, "/K");
    if (!qpdf_oh_is_array(q, to)) {
        qpdf_oh one = to;
        to = qpdf_oh_new_array(q);
        if (!qpdf_oh_is_null(q, one))
            qpdf_oh_append_item(q, to, one);
        qpdf_oh_replace_key(q, item, "/K", to);
    }
    qpdf_oh_insert_item(q, to, 0, m->span);
}

/* ---- artifacts ----
 * Each page's content stream is cut into operators; every run of them outside all marked
 * content that paints something is put inside `/Artifact BMC … EMC`. A run never holds q, Q or
 * marked-content operators, nor part of a path or a text object, so the new sequences nest with
 * everything (ISO 32000-1 §14.6: marked content goes between graphics objects only). */

struct cs_op {
    size_t start, end; /* the operator with its operands */
    char name[4];      /* "" for an operator longer than 3 characters */
};

static bool cs_space(unsigned char c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool cs_delim(unsigned char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

/* The end of the literal string opening at I (past its closing parenthesis). */
static size_t cs_string_end(const unsigned char *d, size_t len, size_t i)
{
    int depth = 0;
    for (; i < len; i++) {
        if (d[i] == '\\')
            i++;
        else if (d[i] == '(')
            depth++;
        else if (d[i] == ')' && --depth == 0)
            return i + 1;
    }
    return len;
}

/* Inline image data after ID at I: ends at an EI with white space on both sides. */
static size_t cs_inline_image_end(const unsigned char *d, size_t len, size_t i)
{
    for (i++; i + 1 < len; i++)
        if (d[i] == 'E' && d[i + 1] == 'I' && cs_space(d[i - 1]) &&
            (i + 2 == len || cs_space(d[i + 2]) || cs_delim(d[i + 2])))
            return i + 2;
    return len;
}

/* The operators of a content stream, or NULL when it does not parse. */
static GArray *cs_parse(const unsigned char *d, size_t len)
{
    GArray *ops = g_array_new(FALSE, FALSE, sizeof(struct cs_op));
    size_t i = 0, start = SIZE_MAX;
    while (i < len) {
        unsigned char c = d[i];
        if (cs_space(c)) {
            i++;
            continue;
        }
        if (c == '%') {
            while (i < len && d[i] != '\n' && d[i] != '\r')
                i++;
            continue;
        }
        if (start == SIZE_MAX)
            start = i;
        if (c == '(') {
            i = cs_string_end(d, len, i);
        } else if (c == '<' && i + 1 < len && d[i + 1] == '<') {
            i += 2;
        } else if (c == '>' && i + 1 < len && d[i + 1] == '>') {
            i += 2;
        } else if (c == '<') {
            const unsigned char *close = memchr(d + i, '>', len - i);
            i = close ? (size_t)(close - d) + 1 : len;
        } else if (c == '[' || c == ']' || c == '{' || c == '}') {
            i++;
        } else if (c == '/') {
            for (i++; i < len && !cs_space(d[i]) && !cs_delim(d[i]); i++)
                ;
        } else if (c == ')' || c == '>') {
            g_array_free(ops, TRUE);
            return NULL;
        } else {
            size_t t = i;
            while (i < len && !cs_space(d[i]) && !cs_delim(d[i]))
                i++;
            size_t n = i - t;
            bool operand = (d[t] >= '0' && d[t] <= '9') || d[t] == '+' || d[t] == '-' ||
                           d[t] == '.' || (n == 4 && memcmp(d + t, "true", 4) == 0) ||
                           (n == 5 && memcmp(d + t, "false", 5) == 0) ||
                           (n == 4 && memcmp(d + t, "null", 4) == 0);
            if (operand)
                continue;
            struct cs_op op = {.start = start};
            if (n < sizeof op.name)
                memcpy(op.name, d + t, n);
            /* An inline image is one operator from BI to EI; ID's operands are its dictionary. */
            if (strcmp(op.name, "ID") == 0 && ops->len &&
                strcmp(g_array_index(ops, struct cs_op, ops->len - 1).name, "BI") == 0) {
                i = cs_inline_image_end(d, len, i);
                struct cs_op *bi = &g_array_index(ops, struct cs_op, ops->len - 1);
                bi->end = i;
                start = SIZE_MAX;
                continue;
            }
            op.end = i;
            g_array_append_val(ops, op);
            start = SIZE_MAX;
        }
    }
    return ops;
}

static bool cs_is(const struct cs_op *op, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(op->name, *names) == 0)
            return true;
    return false;
}

static const char *const cs_paint_path[] = {"S",  "s", "f",  "F", "f*", "B",
                                            "B*", "b", "b*", "n", NULL};
static const char *const cs_show_text[] = {"Tj", "TJ", "'", "\"", NULL};
static const char *const cs_marked[] = {"BDC", "BMC", "EMC", NULL};
static const char *const cs_other_paint[] = {"Do", "sh", "BI", NULL};

/* D with its runs of furniture marked as artifacts, or NULL when there are none. */
static GString *cs_mark_artifacts(const unsigned char *d, size_t len)
{
    GArray *ops = cs_parse(d, len);
    if (!ops)
        return NULL;
    const struct cs_op *op = (const struct cs_op *)(void *)ops->data;
    GString *out = NULL;
    size_t copied = 0;
    int depth = 0;
    bool run = false, text = false, text_marked = false;
    for (guint i = 0; i <= ops->len; i++) {
        const struct cs_op *o = i < ops->len ? &op[i] : NULL;
        bool text_start = o && strcmp(o->name, "BT") == 0;
        if (text_start) {
            text_marked = false;
            for (guint j = i + 1; j < ops->len && strcmp(op[j].name, "ET") != 0; j++)
                text_marked = text_marked || cs_is(&op[j], cs_marked);
        }
        bool breaks = !o || cs_is(o, cs_marked) || strcmp(o->name, "q") == 0 ||
                      strcmp(o->name, "Q") == 0 || (text_start && text_marked) ||
                      (text && text_marked && strcmp(o->name, "ET") == 0);
        size_t at = o ? o->start : len;
        if (run && breaks) {
            g_string_append_len(out, (const char *)d + copied, (gssize)(at - copied));
            g_string_append(out, o ? "EMC\n" : "\nEMC\n");
            copied = at;
            run = false;
        }
        if (!o)
            break;
        bool paints = false;
        if (depth == 0 && !run) {
            if (strcmp(o->name, "m") == 0 || strcmp(o->name, "re") == 0) {
                /* A path that only clips paints nothing. */
                guint j = i + 1;
                while (j < ops->len && !cs_is(&op[j], cs_paint_path))
                    j++;
                paints = j < ops->len && strcmp(op[j].name, "n") != 0;
            } else if (text_start) {
                paints = !text_marked;
            } else {
                paints = cs_is(o, cs_other_paint) || (text && cs_is(o, cs_show_text));
            }
        }
        if (paints) {
            if (!out)
                out = g_string_sized_new(len + len / 8);
            g_string_append_len(out, (const char *)d + copied, (gssize)(at - copied));
            g_string_append(out, "/Artifact BMC\n");
            copied = at;
            run = true;
        }
        if (strcmp(o->name, "BDC") == 0 || strcmp(o->name, "BMC") == 0)
            depth++;
        else if (strcmp(o->name, "EMC") == 0 && depth > 0)
            depth--;
        else if (text_start)
            text = true;
        else if (strcmp(o->name, "ET") == 0)
            text = false;
    }
    if (out)
        g_string_append_len(out, (const char *)d + copied, (gssize)(len - copied));
    g_array_free(ops, TRUE);
    return out;
}

/* ---- text for readers only ----
 * render/text.c draws the text of words whose letters stand at different heights (Nastaliq)
 * a second time, on the baseline, in the colour HIDDEN_RG; that text is made invisible here
 * (render mode 3, as in OCR'd PDFs), and the next fill colour made visible again. */

static const char *const cs_fill_colour[] = {"rg", "g", "k", "sc", "scn", "cs", NULL};

/* D with its hidden text set invisible, or NULL when it has none. */
static GString *cs_hide_text(const unsigned char *d, size_t len)
{
    if (!g_strstr_len((const char *)d, (gssize)len, HIDDEN_RG))
        return NULL;
    GArray *ops = cs_parse(d, len);
    if (!ops)
        return NULL;
    const struct cs_op *op = (const struct cs_op *)(void *)ops->data;
    GString *out = g_string_sized_new(len + 64);
    GArray *saved = g_array_new(FALSE, FALSE, sizeof(bool));
    size_t copied = 0;
    bool hidden = false;
    for (guint i = 0; i < ops->len; i++) {
        const struct cs_op *o = &op[i];
        size_t n = o->end - o->start;
        bool mark = strcmp(o->name, "rg") == 0 && n == strlen(HIDDEN_RG) &&
                    memcmp(d + o->start, HIDDEN_RG, n) == 0;
        if (mark) {
            g_string_append_len(out, (const char *)d + copied, (gssize)(o->end - copied));
            g_string_append(out, hidden ? "" : " 3 Tr");
            copied = o->end;
            hidden = true;
        } else if (hidden && cs_is(o, cs_fill_colour)) {
            g_string_append_len(out, (const char *)d + copied, (gssize)(o->start - copied));
            g_string_append(out, "0 Tr ");
            copied = o->start;
            hidden = false;
        } else if (strcmp(o->name, "q") == 0) {
            g_array_append_val(saved, hidden);
        } else if (strcmp(o->name, "Q") == 0 && saved->len) {
            hidden = g_array_index(saved, bool, saved->len - 1);
            g_array_set_size(saved, saved->len - 1);
        }
    }
    g_string_append_len(out, (const char *)d + copied, (gssize)(len - copied));
    g_array_free(saved, TRUE);
    g_array_free(ops, TRUE);
    return out;
}

static void post_artifacts(qpdf_data q)
{
    int pages = qpdf_get_num_pages(q);
    for (int p = 0; p < pages; p++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)p);
        unsigned char *data = NULL;
        size_t len = 0;
        if (qpdf_oh_get_page_content_data(q, page, &data, &len) & QPDF_ERRORS) {
            free(data);
            continue;
        }
        GString *hidden = cs_hide_text(data, len);
        GString *marked = hidden ? cs_mark_artifacts((const unsigned char *)hidden->str, hidden->len)
                                 : cs_mark_artifacts(data, len);
        free(data);
        if (hidden && marked)
            g_string_free(hidden, TRUE);
        else if (hidden)
            marked = hidden;
        if (marked) {
            /* Cairo writes one stream a page: kept, so the objects keep their numbers. */
            qpdf_oh stream = qpdf_oh_get_key(q, page, "/Contents");
            if (!qpdf_oh_is_stream(q, stream)) {
                stream = qpdf_oh_new_stream(q);
                qpdf_oh_replace_key(q, page, "/Contents", stream);
            }
            qpdf_oh_replace_stream_data(q, stream, (const unsigned char *)marked->str, marked->len,
                                        qpdf_oh_new_null(q), qpdf_oh_new_null(q));
            g_string_free(marked, TRUE);
        }
        qpdf_oh_release_all(q);
    }
}

void render_struct_post(qpdf_data q, const struct render_struct *rs)
{
    qpdf_oh root = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot");
    if (rs && qpdf_oh_is_dictionary(q, root)) {
        struct attr_walk w = {q,
                              rs,
                              0,
                              render_struct_count(rs),
                              true,
                              g_new0(qpdf_oh, render_struct_elem_count(rs)),
                              g_array_new(FALSE, FALSE, sizeof(struct label_move))};
        struct_walk_kids(&w, root, 0);
        for (guint i = 0; w.ok && i < w.labels->len; i++) {
            const struct label_move *m = &g_array_index(w.labels, struct label_move, i);
            if (m->item > 0 && w.node_of[m->item])
                struct_move_label(q, m, w.node_of[m->item]);
        }
        g_free(w.node_of);
        g_array_free(w.labels, TRUE);
    }
    qpdf_oh_release_all(q);
    post_artifacts(q);
}
