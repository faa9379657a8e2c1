/* Text lines drawn glyph by glyph, so that every PDF reader copies them out as the source text.
 * pango_cairo_show_layout_line hands Cairo RTL glyphs in logical order, and pdf.js and PDFium
 * read that back reversed or glued; this writes each line's glyphs in visual order, left to
 * right, each glyph carrying the characters it draws (an RTL ligature's in visual order too),
 * so that readers running the bidi algorithm over a line get the logical text back. */
#include <string.h>

#include <hb.h>
#include <pango/pangocairo.h>

#include "render/render_int.h"

/* ---- the glyph-to-text table ----
 * Cairo 1.16 would put every glyph whose text is one WinAnsi character (the space, Latin
 * letters and digits, `.`) into a separate 8-bit font, splitting the line into several text
 * objects (pdf.js then keeps their stream order and reverses Arabic lines), and would wrap
 * any text it cannot put in a font's ToUnicode map in /ActualText, which pdf.js ignores. So
 * Cairo is given one private-use character per distinct text (a token) and the PDF post-pass
 * writes the real text into each ToUnicode map (render_pdf_fix_tounicode). */
#define TOKEN_BASE 0xF0000u
#define TOKEN_MAX (0xFFFFDu - TOKEN_BASE + 1)

struct render_text_map {
    GHashTable *token_of; /* text -> token index + 1 */
    GPtrArray *texts;     /* token index -> text, owned */
};

struct render_text_map *render_text_map_new(void)
{
    struct render_text_map *m = g_new0(struct render_text_map, 1);
    m->token_of = g_hash_table_new(g_str_hash, g_str_equal);
    m->texts = g_ptr_array_new_with_free_func(g_free);
    return m;
}

void render_text_map_free(struct render_text_map *m)
{
    if (!m)
        return;
    g_hash_table_destroy(m->token_of);
    g_ptr_array_free(m->texts, TRUE);
    g_free(m);
}

/* The token standing for TEXT, or 0 when the table is full (the text then goes to Cairo as
 * it is). */
static gunichar text_map_token(struct render_text_map *m, const char *text)
{
    gpointer v = g_hash_table_lookup(m->token_of, text);
    if (v)
        return TOKEN_BASE + GPOINTER_TO_UINT(v) - 1;
    if (m->texts->len >= TOKEN_MAX)
        return 0;
    char *own = g_strdup(text);
    g_ptr_array_add(m->texts, own);
    g_hash_table_insert(m->token_of, own, GUINT_TO_POINTER(m->texts->len));
    return TOKEN_BASE + m->texts->len - 1;
}

const char *render_text_map_lookup(const struct render_text_map *m, gunichar token)
{
    if (!m || token < TOKEN_BASE || token - TOKEN_BASE >= m->texts->len)
        return NULL;
    return g_ptr_array_index(m->texts, token - TOKEN_BASE);
}

/* ---- collecting a line's glyphs ---- */

struct placed_glyph {
    PangoFont *font; /* borrowed from the line being drawn */
    guint glyph;
    double x, y;
    double r, g, b, a;
    int text_at, text_len; /* in the renderer's text buffer; text_len < 0: no text known */
    bool zero_width;       /* a mark: drawn over the glyph that follows it */
};

typedef struct {
    PangoRenderer parent;
    cairo_t *cr;
    struct render_text_map *map; /* NULL: no text wanted (PNG) */
    double x0, y0;               /* the line's origin in user space */
    double r, g, b;              /* colour where the line's attributes set none */
    GArray *glyphs;              /* of struct placed_glyph, left to right */
    GString *text;
} TextRenderer;
typedef PangoRendererClass TextRendererClass;

G_DEFINE_TYPE(TextRenderer, text_renderer, PANGO_TYPE_RENDERER)

static void text_renderer_colour(TextRenderer *tr, PangoRenderPart part, double rgba[4])
{
    PangoRenderer *r = (PangoRenderer *)tr;
    PangoColor *c = pango_renderer_get_color(r, part);
    if (!c && part != PANGO_RENDER_PART_FOREGROUND)
        c = pango_renderer_get_color(r, PANGO_RENDER_PART_FOREGROUND);
    guint16 alpha = pango_renderer_get_alpha(r, part);
    rgba[0] = c ? c->red / 65535. : tr->r;
    rgba[1] = c ? c->green / 65535. : tr->g;
    rgba[2] = c ? c->blue / 65535. : tr->b;
    rgba[3] = alpha ? alpha / 65535. : 1.0;
}

/* Clusters larger than this are given their text without matching glyphs to characters (a
 * base with thousands of marks would otherwise cost their square). */
#define MATCH_LIMIT 32

static hb_codepoint_t nominal_glyph(hb_font_t *hb, gunichar c)
{
    hb_codepoint_t g = 0;
    return hb && hb_font_get_nominal_glyph(hb, c, &g) ? g : 0;
}

/* The character a glyph's name gives by the Adobe convention (`uni0640.1`, `u1F600`), or 0. */
static gunichar glyph_name_char(hb_font_t *hb, guint glyph)
{
    char name[64];
    if (!hb || !hb_font_get_glyph_name(hb, glyph, name, sizeof name))
        return 0;
    const char *hex = g_str_has_prefix(name, "uni") ? name + 3 : name[0] == 'u' ? name + 1 : NULL;
    if (!hex)
        return 0;
    char *end = NULL;
    guint64 v = g_ascii_strtoull(hex, &end, 16);
    if (end - hex < 4 || end - hex > 6 || (*end && *end != '.') || !g_unichar_validate((gunichar)v))
        return 0;
    return (gunichar)v;
}

/* Gives each glyph of one cluster the characters it draws: a glyph that is the font's own
 * glyph for one of the cluster's characters (a mark, a space, a digit) takes that one; the
 * other glyphs share the other characters in logical order, the last taking what is left
 * (a ligature), and glyphs beyond the characters take none (Amiri's joining strokes).
 * A mirrored bracket takes the character it shows, as readers mirror RTL text back.
 * GLYPHS (logical order) are indices into GS; OWNER receives, for each character, the index
 * into GLYPHS of the glyph carrying it, or -1. */
static void cluster_assign(hb_font_t *hb, const PangoGlyphString *gs, const int *glyphs, int ng,
                           gunichar *chars, int nc, int *owner)
{
    for (int k = 0; k < nc; k++)
        owner[k] = -1;
    bool matched[MATCH_LIMIT] = {false};
    bool small = ng <= MATCH_LIMIT && nc <= MATCH_LIMIT;
    if (small) {
        for (int j = 0; j < ng; j++) {
            guint g = gs->glyphs[glyphs[j]].glyph;
            for (int k = 0; k < nc && !matched[j]; k++) {
                if (owner[k] < 0 && nominal_glyph(hb, chars[k]) == g) {
                    owner[k] = j;
                    matched[j] = true;
                }
            }
        }
    }
    int free_glyphs[MATCH_LIMIT], nf = 0;
    for (int j = 0; j < ng && nf < MATCH_LIMIT; j++)
        if (!small || !matched[j])
            free_glyphs[nf++] = j;
    for (int k = 0, f = 0; k < nc && nf > 0; k++) {
        if (owner[k] < 0) {
            owner[k] = free_glyphs[MIN(f, nf - 1)];
            f++;
        }
    }
    /* A lone mirrored bracket: its glyph is the font's glyph for the mirror character. */
    gunichar m;
    if (nc == 1 && ng == 1 && owner[0] == 0 && g_unichar_get_mirror_char(chars[0], &m) &&
        nominal_glyph(hb, chars[0]) != gs->glyphs[glyphs[0]].glyph &&
        nominal_glyph(hb, m) == gs->glyphs[glyphs[0]].glyph)
        chars[0] = m;
}

/* Appends the glyphs of one run, with their texts, to the line. */
static void text_renderer_draw_glyph_item(PangoRenderer *renderer, const char *text,
                                          PangoGlyphItem *gi, int x, int y)
{
    TextRenderer *tr = (TextRenderer *)renderer;
    PangoGlyphString *gs = gi->glyphs;
    PangoFont *font = gi->item->analysis.font;
    bool rtl = gi->item->analysis.level & 1;
    hb_font_t *hb = font ? pango_font_get_hb_font(font) : NULL;
    double rgba[4];
    text_renderer_colour(tr, PANGO_RENDER_PART_FOREGROUND, rgba);
    double base_x = tr->x0 + (double)x / PANGO_SCALE, base_y = tr->y0 + (double)y / PANGO_SCALE;

    /* Each glyph's text, as offsets into tr->text; -1: none. */
    int n = gs->num_glyphs;
    int *at = g_new(int, n), *len = g_new(int, n);
    for (int i = 0; i < n; i++)
        at[i] = len[i] = -1;
    GString *piece = g_string_new(NULL);
    PangoGlyphItemIter it;
    if (text && tr->map) {
        for (bool ok = pango_glyph_item_iter_init_start(&it, gi, text); ok;
             ok = pango_glyph_item_iter_next_cluster(&it)) {
            int ng = rtl ? it.start_glyph - it.end_glyph : it.end_glyph - it.start_glyph;
            long nc = g_utf8_strlen(text + it.start_index, it.end_index - it.start_index);
            if (ng <= 0 || nc <= 0)
                continue;
            int *glyphs = g_new(int, ng), *owner = g_new(int, nc);
            for (int j = 0; j < ng; j++)
                glyphs[j] = rtl ? it.start_glyph - j : it.start_glyph + j;
            gunichar *chars = g_utf8_to_ucs4_fast(text + it.start_index,
                                                 it.end_index - it.start_index, NULL);
            /* Empty glyphs (ZWNJ, ZWJ) are drawn with the font's own zero-width glyph for
             * the character when it has one, so the character is copied out too. */
            for (int j = 0; j < ng; j++) {
                PangoGlyphInfo *g = &gs->glyphs[glyphs[j]];
                if (g->glyph == PANGO_GLYPH_EMPTY && nc == 1) {
                    hb_codepoint_t z = nominal_glyph(hb, chars[0]);
                    if (z && hb_font_get_glyph_h_advance(hb, z) == 0)
                        g->glyph = z;
                }
            }
            cluster_assign(hb, gs, glyphs, ng, chars, (int)nc, owner);
            for (int j = 0; j < ng; j++) {
                g_string_truncate(piece, 0);
                for (long k = 0; k < nc; k++)
                    if (owner[k] == j)
                        g_string_append_unichar(piece, chars[k]);
                /* A glyph with no character of its own: Amiri's calt inserts a kashida
                 * (uni0640.1) between lam and kaf. Readers turn a glyph without text into
                 * its code (pdf.js, PDFium) or U+FFFD, and leaving it out opens a gap read as
                 * a space, so it is given the character its name says, or drawn as no text. */
                if (piece->len == 0 && gs->glyphs[glyphs[j]].glyph != PANGO_GLYPH_EMPTY) {
                    gunichar named = glyph_name_char(hb, gs->glyphs[glyphs[j]].glyph);
                    if (named)
                        g_string_append_unichar(piece, named);
                    else {
                        at[glyphs[j]] = -2; /* drawn as a path */
                        continue;
                    }
                }
                /* RTL readers reverse the line, so an RTL glyph's own characters go in
                 * visual order too. */
                if (rtl && g_utf8_strlen(piece->str, piece->len) > 1) {
                    char *rev = g_utf8_strreverse(piece->str, piece->len);
                    g_string_assign(piece, rev);
                    g_free(rev);
                }
                at[glyphs[j]] = (int)tr->text->len;
                len[glyphs[j]] = (int)piece->len;
                g_string_append_len(tr->text, piece->str, piece->len);
            }
            g_free(chars);
            g_free(glyphs);
            g_free(owner);
        }
    }
    g_string_free(piece, TRUE);

    int x_position = 0;
    for (int i = 0; i < n; i++) {
        PangoGlyphInfo *g = &gs->glyphs[i];
        double cx = base_x + (double)(x_position + g->geometry.x_offset) / PANGO_SCALE;
        double cy = base_y + (double)g->geometry.y_offset / PANGO_SCALE;
        x_position += g->geometry.width;
        if (g->glyph == PANGO_GLYPH_EMPTY || g->glyph == (0x20 | PANGO_GLYPH_UNKNOWN_FLAG))
            continue;
        if (g->glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
            /* Tofu: Pango's hex box, as before. */
            PangoGlyphString *one = pango_glyph_string_new();
            pango_glyph_string_set_size(one, 1);
            one->glyphs[0] = *g;
            one->glyphs[0].geometry.x_offset = 0;
            one->glyphs[0].geometry.y_offset = 0;
            one->log_clusters[0] = 0;
            cairo_save(tr->cr);
            cairo_set_source_rgba(tr->cr, rgba[0], rgba[1], rgba[2], rgba[3]);
            cairo_move_to(tr->cr, cx, cy);
            pango_cairo_show_glyph_string(tr->cr, font, one);
            cairo_restore(tr->cr);
            pango_glyph_string_free(one);
            continue;
        }
        if (at[i] == -2) {
            /* No text of its own: a path, which readers do not read. */
            cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font((PangoCairoFont *)font);
            if (sf) {
                cairo_save(tr->cr);
                cairo_set_scaled_font(tr->cr, sf);
                cairo_set_source_rgba(tr->cr, rgba[0], rgba[1], rgba[2], rgba[3]);
                cairo_new_path(tr->cr);
                cairo_glyph_path(tr->cr, &(cairo_glyph_t){g->glyph, cx, cy}, 1);
                cairo_fill(tr->cr);
                cairo_restore(tr->cr);
            }
            continue;
        }
        struct placed_glyph p = {font,    g->glyph, cx,     cy,     rgba[0],
                                 rgba[1], rgba[2],  rgba[3], at[i], len[i],
                                 g->geometry.width == 0};
        g_array_append_val(tr->glyphs, p);
    }
    g_free(at);
    g_free(len);
}

static void text_renderer_draw_glyphs(PangoRenderer *renderer, PangoFont *font,
                                      PangoGlyphString *glyphs, int x, int y)
{
    PangoItem item = {0};
    item.analysis.font = font;
    PangoGlyphItem gi = {&item, glyphs, 0, 0, 0};
    text_renderer_draw_glyph_item(renderer, NULL, &gi, x, y);
}

static void text_renderer_draw_rectangle(PangoRenderer *renderer, PangoRenderPart part, int x,
                                         int y, int width, int height)
{
    TextRenderer *tr = (TextRenderer *)renderer;
    double rgba[4];
    text_renderer_colour(tr, part, rgba);
    cairo_save(tr->cr);
    cairo_set_source_rgba(tr->cr, rgba[0], rgba[1], rgba[2], rgba[3]);
    cairo_rectangle(tr->cr, tr->x0 + (double)x / PANGO_SCALE, tr->y0 + (double)y / PANGO_SCALE,
                    (double)width / PANGO_SCALE, (double)height / PANGO_SCALE);
    cairo_fill(tr->cr);
    cairo_restore(tr->cr);
}

static void text_renderer_draw_trapezoid(PangoRenderer *renderer, PangoRenderPart part,
                                         double y1, double x11, double x21, double y2,
                                         double x12, double x22)
{
    TextRenderer *tr = (TextRenderer *)renderer;
    double rgba[4];
    text_renderer_colour(tr, part, rgba);
    cairo_save(tr->cr);
    cairo_set_source_rgba(tr->cr, rgba[0], rgba[1], rgba[2], rgba[3]);
    cairo_move_to(tr->cr, tr->x0 + x11, tr->y0 + y1);
    cairo_line_to(tr->cr, tr->x0 + x21, tr->y0 + y1);
    cairo_line_to(tr->cr, tr->x0 + x22, tr->y0 + y2);
    cairo_line_to(tr->cr, tr->x0 + x12, tr->y0 + y2);
    cairo_close_path(tr->cr);
    cairo_fill(tr->cr);
    cairo_restore(tr->cr);
}

static void text_renderer_finalize(GObject *obj)
{
    TextRenderer *tr = (TextRenderer *)obj;
    g_array_free(tr->glyphs, TRUE);
    g_string_free(tr->text, TRUE);
    G_OBJECT_CLASS(text_renderer_parent_class)->finalize(obj);
}

static void text_renderer_init(TextRenderer *tr)
{
    tr->glyphs = g_array_new(FALSE, FALSE, sizeof(struct placed_glyph));
    tr->text = g_string_new(NULL);
}

static void text_renderer_class_init(TextRendererClass *klass)
{
    klass->draw_glyph_item = text_renderer_draw_glyph_item;
    klass->draw_glyphs = text_renderer_draw_glyphs;
    klass->draw_rectangle = text_renderer_draw_rectangle;
    klass->draw_trapezoid = text_renderer_draw_trapezoid;
    G_OBJECT_CLASS(klass)->finalize = text_renderer_finalize;
}

/* ---- writing a line ---- */

/* Draws glyphs [from, to) of the line, all of one font and colour. */
static void text_renderer_show(TextRenderer *tr, guint from, guint to, double nudge)
{
    const struct placed_glyph *first = &g_array_index(tr->glyphs, struct placed_glyph, from);
    cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font((PangoCairoFont *)first->font);
    if (!sf)
        return;
    int n = (int)(to - from);
    cairo_glyph_t *glyphs = g_new(cairo_glyph_t, n);
    cairo_text_cluster_t *clusters = g_new(cairo_text_cluster_t, n);
    GString *utf8 = g_string_new(NULL);
    bool with_text = tr->map != NULL;
    for (int i = 0; i < n; i++) {
        const struct placed_glyph *p = &g_array_index(tr->glyphs, struct placed_glyph, from + i);
        glyphs[i] = (cairo_glyph_t){p->glyph, p->x, p->y};
        if (!with_text)
            continue;
        gsize before = utf8->len;
        if (p->text_len >= 0) {
            char *t = g_strndup(tr->text->str + p->text_at, (gsize)p->text_len);
            gunichar token = text_map_token(tr->map, t);
            if (token)
                g_string_append_unichar(utf8, token);
            else
                g_string_append(utf8, t);
            g_free(t);
        }
        clusters[i] = (cairo_text_cluster_t){(int)(utf8->len - before), 1};
        if (p->text_len < 0)
            with_text = false; /* text not known: Cairo looks it up in the font */
    }
    cairo_save(tr->cr);
    cairo_set_scaled_font(tr->cr, sf);
    cairo_set_source_rgba(tr->cr, first->r + nudge, first->g, first->b, first->a);
    if (with_text)
        cairo_show_text_glyphs(tr->cr, utf8->str, (int)utf8->len, glyphs, n, clusters, n, 0);
    else
        cairo_show_glyphs(tr->cr, glyphs, n);
    cairo_restore(tr->cr);
    g_string_free(utf8, TRUE);
    g_free(glyphs);
    g_free(clusters);
}

static bool same_look(const struct placed_glyph *a, const struct placed_glyph *b)
{
    return a->font == b->font && a->r == b->r && a->g == b->g && a->b == b->b && a->a == b->a;
}

struct render_text {
    TextRenderer *renderer;
};

struct render_text *render_text_new(cairo_t *cr, struct render_text_map *map)
{
    struct render_text *t = g_new0(struct render_text, 1);
    t->renderer = g_object_new(text_renderer_get_type(), NULL);
    t->renderer->cr = cr;
    t->renderer->map = map;
    return t;
}

void render_text_free(struct render_text *t)
{
    if (!t)
        return;
    g_object_unref(t->renderer);
    g_free(t);
}

void render_text_line(struct render_text *t, PangoLayoutLine *line, double x, double y, double r,
                      double g, double b)
{
    TextRenderer *tr = t->renderer;
    tr->x0 = x;
    tr->y0 = y;
    tr->r = r;
    tr->g = g;
    tr->b = b;
    g_array_set_size(tr->glyphs, 0);
    g_string_truncate(tr->text, 0);
    pango_renderer_draw_layout_line((PangoRenderer *)tr, line, 0, 0);
    /* After a mark the pen moves right to the mark's base, and PDFium reads a TJ move right
     * of half a space as a space (`تُ` copied as `ت ُ`). Starting a new text object there
     * keeps the word whole: Cairo ends one on a colour change, so the colour of the glyphs
     * after each mark differs by 1/65535, far below what a page shows. */
    guint from = 0;
    double nudge = 0, step = 1.0 / 65535;
    for (guint i = 1; i <= tr->glyphs->len; i++) {
        const struct placed_glyph *prev = &g_array_index(tr->glyphs, struct placed_glyph, i - 1);
        bool split = tr->map && i < tr->glyphs->len && prev->zero_width;
        if (i < tr->glyphs->len && !split &&
            same_look(&g_array_index(tr->glyphs, struct placed_glyph, from),
                      &g_array_index(tr->glyphs, struct placed_glyph, i)))
            continue;
        const struct placed_glyph *f = &g_array_index(tr->glyphs, struct placed_glyph, from);
        text_renderer_show(tr, from, i, f->r + nudge > 1 ? -nudge : nudge);
        nudge = split ? (nudge ? 0 : step) : 0;
        from = i;
    }
}
