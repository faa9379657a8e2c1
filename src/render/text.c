/* Text lines drawn glyph by glyph, so that every PDF reader copies them out as the source text.
 * pango_cairo_show_layout_line hands Cairo RTL glyphs in logical order, and pdf.js and PDFium
 * read that back reversed or glued; this writes each line's glyphs in visual order, left to
 * right, each glyph carrying the characters it draws (an RTL ligature's in visual order too),
 * so that readers running the bidi algorithm over a line get the logical text back. */
#include <math.h>
#include <string.h>

#include <cairo-ft.h>
#include <fribidi.h>
#include <hb.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>

#include "render/render_int.h"

/* ---- the glyph-to-text table ----
 * Cairo 1.16 would put every glyph whose text is one WinAnsi character (the space, Latin
 * letters and digits, `.`) into a separate 8-bit font, splitting the line into several text
 * objects (pdf.js then keeps their stream order and reverses Arabic lines), and would wrap
 * any text it cannot put in a font's ToUnicode map in /ActualText, which pdf.js ignores. So
 * Cairo is given one private-use character per distinct text (a token) and the PDF post-pass
 * writes the real text into each ToUnicode map (render_pdf_post). */
#define TOKEN_BASE 0xF0000u
#define TOKEN_MAX (0xFFFFDu - TOKEN_BASE + 1)

/* Each glyph of a font carries one text in the PDF (its ToUnicode entry). A glyph that must
 * carry another one (a letter with its vowel marks here, without them there) is drawn from an
 * alias of its font: the same font file as another Cairo face, which Cairo writes as another
 * font; the post-pass gives all of them one name, so pdf.js does not split a line at them. */
#define MAX_ALIAS 32

struct face_entry {
    cairo_font_face_t *alias[MAX_ALIAS]; /* [0]: the face itself; others made on demand */
    FcPattern *pattern;                  /* the font's own, to make aliases from; owned */
    int next_variant;
    GHashTable *token_of_glyph; /* glyph * MAX_ALIAS + alias -> token */
};

struct render_text_map {
    GHashTable *token_of; /* text -> token index + 1 */
    GPtrArray *texts;     /* token index -> text, owned */
    GHashTable *faces;    /* cairo_font_face_t * -> struct face_entry * */
    GHashTable *scaled;   /* cairo_scaled_font_t * -> cairo_scaled_font_t *[MAX_ALIAS] */
};

static void face_entry_free(gpointer data)
{
    struct face_entry *fe = data;
    for (int a = 0; a < MAX_ALIAS; a++)
        if (fe->alias[a])
            cairo_font_face_destroy(fe->alias[a]);
    if (fe->pattern)
        FcPatternDestroy(fe->pattern);
    g_hash_table_destroy(fe->token_of_glyph);
    g_free(fe);
}

static void scaled_aliases_free(gpointer data)
{
    cairo_scaled_font_t **sf = data;
    for (int a = 0; a < MAX_ALIAS; a++)
        if (sf[a])
            cairo_scaled_font_destroy(sf[a]);
    g_free(sf);
}

struct render_text_map *render_text_map_new(void)
{
    struct render_text_map *m = g_new0(struct render_text_map, 1);
    m->token_of = g_hash_table_new(g_str_hash, g_str_equal);
    m->texts = g_ptr_array_new_with_free_func(g_free);
    m->faces = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, face_entry_free);
    m->scaled = g_hash_table_new_full(g_direct_hash, g_direct_equal,
                                      (GDestroyNotify)cairo_scaled_font_destroy,
                                      scaled_aliases_free);
    return m;
}

void render_text_map_free(struct render_text_map *m)
{
    if (!m)
        return;
    g_hash_table_destroy(m->scaled);
    g_hash_table_destroy(m->faces);
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

static struct face_entry *text_map_face(struct render_text_map *m, PangoFont *font,
                                        cairo_font_face_t *face)
{
    struct face_entry *fe = g_hash_table_lookup(m->faces, face);
    if (!fe) {
        fe = g_new0(struct face_entry, 1);
        fe->alias[0] = cairo_font_face_reference(face);
        if (PANGO_IS_FC_FONT(font) && pango_fc_font_get_pattern(PANGO_FC_FONT(font)))
            fe->pattern = FcPatternDuplicate(pango_fc_font_get_pattern(PANGO_FC_FONT(font)));
        fe->token_of_glyph = g_hash_table_new(g_direct_hash, g_direct_equal);
        g_hash_table_insert(m->faces, face, fe);
    }
    return fe;
}

/* Alias A of a face: the font's pattern with rendering options (antialiasing, subpixel order,
 * hinting) that differ from every other alias's, since Cairo gives one face to equal options.
 * The options do not touch a PDF: its glyphs are the font file's outlines. NULL when no new
 * face can be had. */
static cairo_font_face_t *face_alias(struct face_entry *fe, int a)
{
    while (!fe->alias[a] && fe->pattern && fe->next_variant < 80) {
        int v = fe->next_variant++;
        FcPattern *p = FcPatternDuplicate(fe->pattern);
        FcPatternDel(p, FC_ANTIALIAS);
        FcPatternDel(p, FC_RGBA);
        FcPatternDel(p, FC_HINT_STYLE);
        FcPatternDel(p, FC_HINTING);
        FcPatternAddBool(p, FC_ANTIALIAS, v % 2);
        FcPatternAddInteger(p, FC_RGBA, v / 2 % 5);
        FcPatternAddInteger(p, FC_HINT_STYLE, v / 10 % 4);
        FcPatternAddBool(p, FC_HINTING, v / 40 % 2);
        cairo_font_face_t *face = cairo_ft_font_face_create_for_pattern(p);
        FcPatternDestroy(p);
        bool taken = cairo_font_face_status(face) != CAIRO_STATUS_SUCCESS;
        for (int b = 0; b < MAX_ALIAS && !taken; b++)
            taken = fe->alias[b] == face;
        if (taken)
            cairo_font_face_destroy(face);
        else
            fe->alias[a] = face;
    }
    return fe->alias[a];
}

/* Which alias of FONT draws GLYPH with the text TOKEN: the first whose glyph has that text or
 * none yet. 0 when all are taken (the glyph then copies out as its first text). */
static int text_map_alias(struct render_text_map *m, PangoFont *font, cairo_font_face_t *face,
                          guint glyph, gunichar token)
{
    struct face_entry *fe = text_map_face(m, font, face);
    for (int a = 0; a < MAX_ALIAS; a++) {
        gpointer key = GUINT_TO_POINTER(glyph * MAX_ALIAS + (guint)a);
        gunichar had = GPOINTER_TO_UINT(g_hash_table_lookup(fe->token_of_glyph, key));
        if (had == token)
            return a;
        if (!had && (a == 0 || face_alias(fe, a))) {
            g_hash_table_insert(fe->token_of_glyph, key, GUINT_TO_POINTER(token));
            return a;
        }
    }
    return 0;
}

/* SF drawn from alias A of its face (SF itself for 0). */
static cairo_scaled_font_t *text_map_scaled(struct render_text_map *m, cairo_scaled_font_t *sf,
                                            int a)
{
    if (a == 0)
        return sf;
    cairo_scaled_font_t **aliases = g_hash_table_lookup(m->scaled, sf);
    if (!aliases) {
        aliases = g_new0(cairo_scaled_font_t *, MAX_ALIAS);
        g_hash_table_insert(m->scaled, cairo_scaled_font_reference(sf), aliases);
    }
    if (!aliases[a]) {
        struct face_entry *fe = g_hash_table_lookup(m->faces, cairo_scaled_font_get_font_face(sf));
        cairo_matrix_t fm, ctm;
        cairo_scaled_font_get_font_matrix(sf, &fm);
        cairo_scaled_font_get_ctm(sf, &ctm);
        cairo_font_options_t *fo = cairo_font_options_create();
        cairo_scaled_font_get_font_options(sf, fo);
        aliases[a] = cairo_scaled_font_create(fe->alias[a], &fm, &ctm, fo);
        cairo_font_options_destroy(fo);
    }
    return aliases[a];
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
    int alias;             /* of the font that carries this glyph's text (text_map_alias) */
    gunichar token;
    int level;             /* bidi embedding level of its run */
    bool raised;           /* set above the baseline: a note call */
    bool hidden;           /* its text only, invisible on the baseline (font_cascades) */
    double sx;             /* the horizontal scale of a hidden glyph's font (1: none) */
    double pen, advance;   /* where Pango's pen stood for it, and how far it moved */
};

typedef struct {
    PangoRenderer parent;
    cairo_t *cr;
    struct render_text_map *map; /* NULL: no text wanted (PNG) */
    double x0, y0;               /* the line's origin in user space */
    double r, g, b;              /* colour where the line's attributes set none */
    GArray *glyphs;              /* of struct placed_glyph, left to right */
    guint flow;                  /* glyphs[0, flow) are the line's; the rest, note calls */
    GString *text;
    GString *scratch;            /* one glyph's text, NUL-terminated */
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
 * A bracket mirrored in RTL keeps the character written: poppler, MuPDF and pdf.js copy it
 * as it is (PDFium alone mirrors it again, and reads `)…(`).
 * GLYPHS (logical order) are indices into GLYPH_OF; OWNER receives, for each character, the index
 * into GLYPHS of the glyph carrying it, or -1. */
static void cluster_assign(hb_font_t *hb, const guint *glyph_of, const int *glyphs, int ng,
                           const gunichar *chars, int nc, int *owner)
{
    for (int k = 0; k < nc; k++)
        owner[k] = -1;
    bool matched[MATCH_LIMIT] = {false};
    bool small = ng <= MATCH_LIMIT && nc <= MATCH_LIMIT;
    if (small) {
        for (int j = 0; j < ng; j++) {
            guint g = glyph_of[glyphs[j]];
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
}

/* What a glyph without advance draws over or beside the letter before it, and so copies out
 * with it: a mark or joiner, or a letter (Noto Naskh Arabic draws lam-alef's alef so, back
 * over the lam; a glyph of its own, pdf.js read it as a word or line apart: `ژیل ا`). */
static bool folds_into_letter(const char *t)
{
    for (; *t; t = g_utf8_next_char(t)) {
        gunichar c = g_utf8_get_char(t);
        if (!g_unichar_ismark(c) && !g_unichar_isalpha(c) && c != 0x200C && c != 0x200D)
            return false;
    }
    return true;
}

/* The text of each glyph of GI: AT and LEN receive offsets into tr->text (-1: none, -2: the
 * glyph is drawn as a path), GLYPH_OF the glyph to draw (Pango's, or a joiner's own). A letter carries its marks' characters (and a following ZWNJ or
 * ZWJ), the marks being paths: as glyphs of their own they broke words in every reader
 * (pdf.js puts a space between a word's last letter and its mark, which it skips when it
 * measures gaps; PDFium reads the move back to the letter as a space; a raised mark is another
 * line to PDFium and poppler; pdf.js drops a glyph whose text ends in ZWNJ). */
static void glyph_item_texts(TextRenderer *tr, PangoGlyphItem *gi, const char *text,
                             hb_font_t *hb, guint *glyph_of, int *at, int *len)
{
    PangoGlyphString *gs = gi->glyphs;
    bool rtl = gi->item->analysis.level & 1;
    int n = gs->num_glyphs;
    GString **piece = g_new0(GString *, n);
    PangoGlyphItemIter it;
    for (bool ok = pango_glyph_item_iter_init_start(&it, gi, text); ok;
         ok = pango_glyph_item_iter_next_cluster(&it)) {
        int ng = rtl ? it.start_glyph - it.end_glyph : it.end_glyph - it.start_glyph;
        long nc = g_utf8_strlen(text + it.start_index, it.end_index - it.start_index);
        if (ng <= 0 || nc <= 0)
            continue;
        int *glyphs = g_new(int, ng), *owner = g_new(int, nc);
        for (int j = 0; j < ng; j++)
            glyphs[j] = rtl ? it.start_glyph - j : it.start_glyph + j;
        gunichar *chars =
            g_utf8_to_ucs4_fast(text + it.start_index, it.end_index - it.start_index, NULL);
        /* Empty glyphs (ZWNJ, ZWJ) are drawn with the font's own zero-width glyph for the
         * character when it has one, so the character is copied out too. */
        for (int j = 0; j < ng; j++) {
            if (glyph_of[glyphs[j]] == PANGO_GLYPH_EMPTY && nc == 1) {
                hb_codepoint_t z = nominal_glyph(hb, chars[0]);
                if (z && hb_font_get_glyph_h_advance(hb, z) == 0)
                    glyph_of[glyphs[j]] = z;
            }
        }
        cluster_assign(hb, glyph_of, glyphs, ng, chars, (int)nc, owner);
        for (int j = 0; j < ng; j++) {
            guint glyph = glyph_of[glyphs[j]];
            if (glyph == PANGO_GLYPH_EMPTY || (glyph & PANGO_GLYPH_UNKNOWN_FLAG))
                continue;
            GString *t = piece[glyphs[j]] = g_string_new(NULL);
            for (long k = 0; k < nc; k++)
                if (owner[k] == j)
                    g_string_append_unichar(t, chars[k]);
            /* A glyph with no character of its own: Amiri's calt inserts a kashida
             * (uni0640.1) between lam and kaf. Readers turn a glyph without text into its
             * code (pdf.js, PDFium) or U+FFFD, and leaving it out opens a gap read as a
             * space, so it is given the character its name says, or drawn as no text. */
            if (t->len == 0) {
                gunichar named = glyph_name_char(hb, glyph);
                if (named)
                    g_string_append_unichar(t, named);
            }
        }
        g_free(chars);
        g_free(glyphs);
        g_free(owner);
    }
    /* Marks (and letters without advance) into their letters, in logical order. */
    int letter = -1;
    for (int k = 0; k < n; k++) {
        int i = rtl ? n - 1 - k : k;
        if (!piece[i])
            continue;
        if (gs->glyphs[i].geometry.width == 0 && letter >= 0 && piece[i]->len &&
            folds_into_letter(piece[i]->str)) {
            g_string_append_len(piece[letter], piece[i]->str, piece[i]->len);
            g_string_truncate(piece[i], 0);
        } else if (gs->glyphs[i].geometry.width != 0 && piece[i]->len) {
            letter = i;
        }
    }
    for (int i = 0; i < n; i++) {
        GString *t = piece[i];
        if (!t)
            continue;
        if (t->len == 0) {
            at[i] = -2;
        } else {
            /* RTL readers reverse the line, so an RTL glyph's own characters go in visual
             * order too. */
            if (rtl && g_utf8_strlen(t->str, t->len) > 1) {
                char *rev = g_utf8_strreverse(t->str, t->len);
                g_string_assign(t, rev);
                g_free(rev);
            }
            at[i] = (int)tr->text->len;
            len[i] = (int)t->len;
            g_string_append_len(tr->text, t->str, t->len);
        }
        g_string_free(t, TRUE);
    }
    g_free(piece);
}

/* Whether FONT sets the letters of a word at different heights, each joined letter above the
 * next: Nastaliq. Every glyph then has a y offset of its own, which Cairo writes as a move
 * (`dx dy Td`) before it; poppler, MuPDF, pdf.js and PDFium all place a glyph by its origin
 * (a text rise `Ts` instead is added to it just the same: same scores) and take such a move
 * for a new line or word (pdf.js: a vertical shift over a quarter of the text height ends
 * the item), so words came out in pieces and, in pdf.js, the pieces in visual order (word
 * recall 0.02-0.07 in pdf.js and PDFium). Such glyphs are drawn as paths, which readers do not
 * read, and their text a second time as invisible text on the baseline, as OCR'd PDFs carry
 * theirs (text_renderer_hidden_runs; the post-pass sets render mode 3): the readers then copy
 * a Nastaliq brief as well as an Amiri one. */
static bool font_cascades(PangoFont *font)
{
    PangoFontDescription *d = font ? pango_font_describe(font) : NULL;
    const char *family = d ? pango_font_description_get_family(d) : NULL;
    char *folded = family ? g_ascii_strdown(family, -1) : NULL;
    bool yes = folded && (strstr(folded, "nastaliq") || strstr(folded, "nastaleeq"));
    g_free(folded);
    if (d)
        pango_font_description_free(d);
    return yes;
}

/* Appends the glyphs of one run, with their texts, to the line. */
static void text_renderer_draw_glyph_item(PangoRenderer *renderer, const char *text,
                                          PangoGlyphItem *gi, int x, int y)
{
    TextRenderer *tr = (TextRenderer *)renderer;
    PangoGlyphString *gs = gi->glyphs;
    PangoFont *font = gi->item->analysis.font;
    hb_font_t *hb = font ? pango_font_get_hb_font(font) : NULL;
    double rgba[4];
    text_renderer_colour(tr, PANGO_RENDER_PART_FOREGROUND, rgba);
    double base_x = tr->x0 + (double)x / PANGO_SCALE, base_y = tr->y0 + (double)y / PANGO_SCALE;

    /* Each glyph's text, as offsets into tr->text; -1: none, -2: drawn as a path. */
    int n = gs->num_glyphs;
    int *at = g_new(int, n), *len = g_new(int, n);
    guint *glyph_of = g_new(guint, n);
    for (int i = 0; i < n; i++) {
        at[i] = len[i] = -1;
        glyph_of[i] = gs->glyphs[i].glyph;
    }
    if (text && tr->map)
        glyph_item_texts(tr, gi, text, hb, glyph_of, at, len);

    int x_position = 0;
    bool cascade = tr->map && font_cascades(font);
    for (int i = 0; i < n; i++) {
        PangoGlyphInfo *g = &gs->glyphs[i];
        guint glyph = glyph_of[i];
        double cx = base_x + (double)(x_position + g->geometry.x_offset) / PANGO_SCALE;
        double cy = base_y + (double)g->geometry.y_offset / PANGO_SCALE;
        x_position += g->geometry.width;
        if (glyph == PANGO_GLYPH_EMPTY || glyph == (0x20 | PANGO_GLYPH_UNKNOWN_FLAG))
            continue;
        if (glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
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
            /* A joiner Pango sets as nothing, drawn from the font only to carry its character
             * into its letter: Amiri's and Noto Kufi's ZWNJ glyph is a visible bar. */
            if (g->glyph == PANGO_GLYPH_EMPTY)
                continue;
            /* No text of its own: a path, which readers do not read. */
            cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font((PangoCairoFont *)font);
            if (sf) {
                cairo_save(tr->cr);
                cairo_set_scaled_font(tr->cr, sf);
                cairo_set_source_rgba(tr->cr, rgba[0], rgba[1], rgba[2], rgba[3]);
                cairo_new_path(tr->cr);
                cairo_glyph_path(tr->cr, &(cairo_glyph_t){glyph, cx, cy}, 1);
                cairo_fill(tr->cr);
                cairo_restore(tr->cr);
            }
            continue;
        }
        struct placed_glyph p = {font,    glyph, cx,     cy, rgba[0], rgba[1],
                                 rgba[2], rgba[3], at[i], len[i], 0, 0,
                                 gi->item->analysis.level, y != 0, false, 1.0,
                                 cx - (double)g->geometry.x_offset / PANGO_SCALE,
                                 (double)g->geometry.width / PANGO_SCALE};
        if (cascade) {
            /* Seen: the glyph itself, as a path; read: its text, on the baseline, hidden. */
            cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font((PangoCairoFont *)font);
            if (sf) {
                cairo_save(tr->cr);
                cairo_set_scaled_font(tr->cr, sf);
                cairo_set_source_rgba(tr->cr, rgba[0], rgba[1], rgba[2], rgba[3]);
                cairo_new_path(tr->cr);
                cairo_glyph_path(tr->cr, &(cairo_glyph_t){glyph, cx, cy}, 1);
                cairo_fill(tr->cr);
                cairo_restore(tr->cr);
            }
            p.y = base_y;
            p.hidden = true;
        }
        g_array_append_val(tr->glyphs, p);
    }
    g_free(at);
    g_free(len);
    g_free(glyph_of);
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
    g_string_free(tr->scratch, TRUE);
    G_OBJECT_CLASS(text_renderer_parent_class)->finalize(obj);
}

static void text_renderer_init(TextRenderer *tr)
{
    tr->glyphs = g_array_new(FALSE, FALSE, sizeof(struct placed_glyph));
    tr->text = g_string_new(NULL);
    tr->scratch = g_string_new(NULL);
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

/* Draws glyphs [from, to) of the line, all of one font, alias and colour. */
static void text_renderer_show(TextRenderer *tr, guint from, guint to)
{
    const struct placed_glyph *first = &g_array_index(tr->glyphs, struct placed_glyph, from);
    cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font((PangoCairoFont *)first->font);
    if (!sf)
        return;
    if (tr->map)
        sf = text_map_scaled(tr->map, sf, first->alias);
    cairo_scaled_font_t *squeezed = NULL;
    if (first->hidden && first->sx != 1.0) {
        cairo_matrix_t fm, ctm;
        cairo_scaled_font_get_font_matrix(sf, &fm);
        cairo_scaled_font_get_ctm(sf, &ctm);
        cairo_matrix_t sc;
        cairo_matrix_init_scale(&sc, first->sx, 1.0);
        cairo_matrix_multiply(&fm, &fm, &sc);
        cairo_font_options_t *fo = cairo_font_options_create();
        cairo_scaled_font_get_font_options(sf, fo);
        sf = squeezed = cairo_scaled_font_create(cairo_scaled_font_get_font_face(sf), &fm, &ctm, fo);
        cairo_font_options_destroy(fo);
    }
    int n = (int)(to - from);
    cairo_glyph_t *glyphs = g_new(cairo_glyph_t, n);
    cairo_text_cluster_t *clusters = g_new(cairo_text_cluster_t, n);
    GString *utf8 = g_string_new(NULL);
    bool with_text = tr->map != NULL;
    for (int i = 0; i < n; i++) {
        const struct placed_glyph *p = &g_array_index(tr->glyphs, struct placed_glyph, from + i);
        glyphs[i] = (cairo_glyph_t){p->glyph, p->x, p->y};
        gsize before = utf8->len;
        if (p->token)
            g_string_append_unichar(utf8, p->token);
        else if (p->text_len >= 0)
            g_string_append_len(utf8, tr->text->str + p->text_at, p->text_len);
        else
            with_text = false; /* text not known: Cairo looks it up in the font */
        clusters[i] = (cairo_text_cluster_t){(int)(utf8->len - before), 1};
    }
    cairo_save(tr->cr);
    cairo_set_scaled_font(tr->cr, sf);
    if (first->hidden)
        cairo_set_source_rgb(tr->cr, HIDDEN_R, HIDDEN_G, HIDDEN_B);
    else
        cairo_set_source_rgba(tr->cr, first->r, first->g, first->b, first->a);
    if (with_text)
        cairo_show_text_glyphs(tr->cr, utf8->str, (int)utf8->len, glyphs, n, clusters, n, 0);
    else
        cairo_show_glyphs(tr->cr, glyphs, n);
    cairo_restore(tr->cr);
    if (squeezed)
        cairo_scaled_font_destroy(squeezed);
    g_string_free(utf8, TRUE);
    g_free(glyphs);
    g_free(clusters);
}


/* Puts BEFORE and AFTER (UTF-8) around P's text. */
static void glyph_text_wrap(TextRenderer *tr, struct placed_glyph *p, const char *before,
                            const char *after)
{
    int at = (int)tr->text->len;
    g_string_append(tr->text, before);
    g_string_append_len(tr->text, tr->text->str + p->text_at, p->text_len);
    g_string_append(tr->text, after);
    p->text_at = at;
    p->text_len = (int)tr->text->len - at;
}

#define ALM "\u061C" /* Arabic letter mark: right-to-left in all four readers */
#define RLM "\u200F" /* right-to-left to poppler, left-to-right to pdf.js's own table */
#define LRM "\u200E"

/* A note call is set above the baseline, and readers took it for a line of its own: PDFium
 * moved the rest of the sentence before the line, pdf.js the two halves of an RTL line into
 * visual order. The calls are written after the line's other glyphs, each with a space before
 * it, so the line reads whole and a call copies out apart from its word (`word ١`, not
 * `word١`, which pdf.js also made of the line's last word). */
static void text_renderer_calls_last(TextRenderer *tr, PangoLayoutLine *line)
{
    tr->flow = tr->glyphs->len;
    if (!tr->map)
        return;
    bool rtl = line->resolved_dir == PANGO_DIRECTION_RTL;
    GArray *calls = g_array_new(FALSE, FALSE, sizeof(struct placed_glyph));
    guint keep = 0;
    for (guint i = 0; i < tr->glyphs->len; i++) {
        struct placed_glyph p = g_array_index(tr->glyphs, struct placed_glyph, i);
        if (!p.raised) {
            g_array_index(tr->glyphs, struct placed_glyph, keep++) = p;
            continue;
        }
        /* The space goes where the call starts logically: on its right in an RTL line (the
         * readers reverse it there), on its left after an LRM in an LTR one (pdf.js drops a
         * text that starts with a space). */
        bool first = i == 0 || !g_array_index(tr->glyphs, struct placed_glyph, i - 1).raised;
        bool last = i + 1 == tr->glyphs->len ||
                    !g_array_index(tr->glyphs, struct placed_glyph, i + 1).raised;
        /* And a mark on its left, so poppler does not take what stands there (`. والأم`)
         * into the call's number. */
        if (p.text_len > 0)
            glyph_text_wrap(tr, &p, !first ? "" : rtl ? ALM : LRM " ", rtl && last ? " " : "");
        g_array_append_val(calls, p);
    }
    tr->flow = keep;
    g_array_set_size(tr->glyphs, keep);
    g_array_append_vals(tr->glyphs, calls->data, calls->len);
    g_array_free(calls, TRUE);
}

/* The bidi type of the first character of glyph P's text. */
static FriBidiCharType glyph_bidi_type(const TextRenderer *tr, const struct placed_glyph *p)
{
    if (p->text_len <= 0)
        return FRIBIDI_TYPE_ON;
    return fribidi_get_bidi_type(g_utf8_get_char(tr->text->str + p->text_at));
}


/* Whether the line's own glyphs hold right-to-left text: a letter or an Arabic-Indic digit. A
 * table cell of European digits (`14%`) in an RTL table holds none and gets no mark before
 * its first glyph: MuPDF took that glyph for right-to-left and read `4%1`. */
static bool line_has_rtl(const TextRenderer *tr)
{
    for (guint i = 0; i < tr->flow; i++) {
        FriBidiCharType t = glyph_bidi_type(tr, &g_array_index(tr->glyphs, struct placed_glyph, i));
        if ((FRIBIDI_IS_RTL(t) && FRIBIDI_IS_STRONG(t)) || t == FRIBIDI_TYPE_AN)
            return true;
    }
    return false;
}

/* pdf.js joins two text items with nothing between them: table cells of one row came out as
 * one word (`السلعةالتغير`), so did a list marker and its line. Such a line ends, at its
 * logical end, in a blank glyph whose text is a bidi mark and a space: pdf.js keeps that space
 * as text (a text that starts with a space it would drop), the others read it as a space. */
static void text_renderer_end_space(TextRenderer *tr, PangoLayoutLine *line)
{
    if (!tr->map || tr->flow == 0)
        return;
    bool rtl = line->resolved_dir == PANGO_DIRECTION_RTL;
    const struct placed_glyph *edge =
        &g_array_index(tr->glyphs, struct placed_glyph, rtl ? 0 : tr->flow - 1);
    if (edge->text_len <= 0)
        return;
    gunichar last = g_utf8_get_char(
        g_utf8_prev_char(tr->text->str + edge->text_at + edge->text_len));
    /* A line broken after a hyphen is left as it is, for readers that join such lines; in an
     * RTL line the left edge holds the line's end only when it is text of its own (a cell
     * `-3%` starts there with a minus). */
    bool hyphen = last == '-' || last == 0x00AD || last == 0x2010;
    if ((hyphen && !rtl) || g_unichar_isspace(last))
        return;
    hb_codepoint_t space = nominal_glyph(pango_font_get_hb_font(edge->font), ' ');
    cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font((PangoCairoFont *)edge->font);
    if (!space || !sf)
        return;
    cairo_text_extents_t ext;
    cairo_scaled_font_glyph_extents(sf, &(cairo_glyph_t){space, 0, 0}, 1, &ext);
    PangoRectangle logical;
    pango_layout_line_get_extents(line, NULL, &logical);
    struct placed_glyph p = *edge;
    p.glyph = space;
    p.x = tr->x0 + (rtl ? (double)logical.x / PANGO_SCALE - ext.x_advance
                        : (double)(logical.x + logical.width) / PANGO_SCALE);
    p.y = tr->y0;
    /* Cairo drops a show whose ink box, rounded out to whole units, is empty: this blank
     * glyph, in a font alias of its own, at a whole-number x or y (the report template's
     * baselines, some list markers). It is moved a 64th of a point off the grid. */
    if (p.x == floor(p.x))
        p.x += 1.0 / 64;
    if (p.y == floor(p.y))
        p.y += 1.0 / 64;
    /* An RLM, which poppler takes for right-to-left (so a number at the line's edge keeps
     * the space beyond it) and pdf.js for left-to-right (so a table cell of digits stays
     * left-to-right: with a letter mark pdf.js read `14%` as `%14`). */
    p.text_len = 0;
    glyph_text_wrap(tr, &p, rtl ? RLM " " : LRM " ", "");
    g_array_insert_val(tr->glyphs, rtl ? 0 : tr->flow, p);
    tr->flow++;
}


/* Pango draws the space a line was broken at as nothing, and poppler's struct-text (an
 * element's glyphs in drawing order) ran an element's lines together: `Studies ofconstruction`.
 * A line that its paragraph goes on after ends, at its right edge, in a space carried by the
 * glyph there: the line's logical end in left-to-right text. A right-to-left line, drawn in
 * visual order too, meets the next one there in the drawing order; its space comes after a
 * letter mark, which keeps it right-to-left (a space at the left edge instead lost MuPDF
 * words after list markers). */
static void text_renderer_end_join(TextRenderer *tr, PangoLayoutLine *line)
{
    if (!tr->map || tr->flow == 0)
        return;
    bool rtl = line->resolved_dir == PANGO_DIRECTION_RTL;
    struct placed_glyph *edge = &g_array_index(tr->glyphs, struct placed_glyph, tr->flow - 1);
    if (edge->text_len <= 0 || (edge->level % 2 == 1) != rtl)
        return;
    const char *t = tr->text->str + edge->text_at;
    gunichar last = g_utf8_get_char(g_utf8_prev_char(t + edge->text_len));
    if (last == '-' || last == 0x00AD || last == 0x2010 || g_unichar_isspace(last))
        return;
    glyph_text_wrap(tr, edge, "", rtl ? ALM " " : " ");
}

/* Whether glyph I ends a number (visually, its right edge) that punctuation then parts from the
 * next word: in `الخطيب. ٢٠٢٦. «` (a cite box's name and year) poppler took the `. ` into the
 * number and read `الخطيب٢٠٢٦ .«`, and `Weber٢٠٢٦` for a Latin name. */
static bool number_meets_punct_on_right(const TextRenderer *tr, const FriBidiCharType *type, guint i)
{
    const struct placed_glyph *p = &g_array_index(tr->glyphs, struct placed_glyph, i);
    if ((type[i] != FRIBIDI_TYPE_EN && type[i] != FRIBIDI_TYPE_AN) || p->level % 2 == 1 ||
        i + 1 >= tr->flow || (p + 1)->level % 2 == 0 || (p + 1)->text_len <= 0)
        return false;
    bool punct = false;
    for (guint j = i + 1; j < tr->flow && !FRIBIDI_IS_STRONG(type[j]); j++)
        punct |= type[j] != FRIBIDI_TYPE_WS;
    return punct;
}

/* poppler reads a line in visual order and reorders it itself, taking every character that is
 * not right-to-left to the left of a number or a Latin word into it: in an Arabic line
 * `2026 مقارنة` came out as `2026مقارنة`, `12.5% خلال` (shown `%12.5`) as `%12.5خلال`. A
 * right-to-left mark at the left of each such word, and of each left-to-right run, keeps the
 * space and the `%` on their side (PDFium reads them so too); it is invisible, and in the text
 * it stands where the run ends, as Unicode advises for such text. */
static void text_renderer_mark_ltr_words(TextRenderer *tr, PangoLayoutLine *line)
{
    if (!tr->map || line->resolved_dir != PANGO_DIRECTION_RTL || !line_has_rtl(tr))
        return;
    /* The types before any mark is added. */
    FriBidiCharType *type = g_new(FriBidiCharType, tr->flow);
    for (guint i = 0; i < tr->flow; i++)
        type[i] = glyph_bidi_type(tr, &g_array_index(tr->glyphs, struct placed_glyph, i));
    for (guint i = 0; i < tr->flow; i++) {
        struct placed_glyph *p = &g_array_index(tr->glyphs, struct placed_glyph, i);
        FriBidiCharType t = type[i];
        const char *mark = NULL;
        if (p->text_len <= 0 || t == FRIBIDI_TYPE_WS || t == FRIBIDI_TYPE_BN ||
            (FRIBIDI_IS_RTL(t) && FRIBIDI_IS_STRONG(t))) {
            continue;
        } else if (t == FRIBIDI_TYPE_NSM) {
            /* A word's last letter with its marks (first in visual order) right after a comma
             * or full stop: PDFium joins the mark and the punctuation into one run and reads
             * `وَاسِعَة،ً`; a letter mark between them keeps the mark with its letter. */
            FriBidiCharType l = i > 0 ? type[i - 1] : FRIBIDI_TYPE_WS;
            if (l != FRIBIDI_TYPE_WS && l != FRIBIDI_TYPE_NSM &&
                !(FRIBIDI_IS_RTL(l) && FRIBIDI_IS_STRONG(l)))
                mark = ALM;
        } else {
            /* A word whose left neighbour, past the spaces between them, is right-to-left,
             * or a left-to-right run. At the line's edge an RLM, which pdf.js takes for
             * left-to-right: a letter mark would turn a table cell of digits right-to-left
             * there (`14%` read `%14`). */
            guint k = i;
            while (k > 0 && type[k - 1] == FRIBIDI_TYPE_WS)
                k--;
            FriBidiCharType left = k > 0 ? type[k - 1] : FRIBIDI_TYPE_ON;
            bool after_rtl = k < i && k > 0 && FRIBIDI_IS_RTL(left) && FRIBIDI_IS_STRONG(left);
            bool starts_run = p->level % 2 == 0 && i > 0 && (p - 1)->level % 2 == 1;
            if (k == 0)
                mark = RLM;
            else if (after_rtl || starts_run)
                mark = ALM;
        }
        /* And one at its right, before that punctuation, so it stays between the two words. */
        if (number_meets_punct_on_right(tr, type, i))
            glyph_text_wrap(tr, p + 1, ALM, "");
        if (!mark)
            continue;
        glyph_text_wrap(tr, p, mark, "");
    }
    g_free(type);
}

/* pdf.js starts a new text item at every change of font and keeps the items in stream order,
 * so an RTL line with a bold or code run (or Hebrew in a fallback font beside the brief's
 * punctuation) came out with its parts in visual order. In such a line the runs of one font
 * are written in logical order, right to left, each still left to right inside (PDFium,
 * poppler and MuPDF place text by position); a space at a run's edge, which pdf.js would
 * drop at the jump back, carries a letter mark before it and so stays. */
static void text_renderer_runs_logical(TextRenderer *tr, PangoLayoutLine *line)
{
    if (!tr->map || line->resolved_dir != PANGO_DIRECTION_RTL || tr->flow < 2)
        return;
    guint runs = 1;
    for (guint i = 1; i < tr->flow; i++)
        runs += g_array_index(tr->glyphs, struct placed_glyph, i).font !=
                g_array_index(tr->glyphs, struct placed_glyph, i - 1).font;
    if (runs == 1)
        return;
    GArray *out = g_array_sized_new(FALSE, FALSE, sizeof(struct placed_glyph), tr->glyphs->len);
    guint end = tr->flow;
    while (end > 0) {
        guint start = end - 1;
        PangoFont *font = g_array_index(tr->glyphs, struct placed_glyph, start).font;
        while (start > 0 && g_array_index(tr->glyphs, struct placed_glyph, start - 1).font == font)
            start--;
        for (guint i = start; i < end; i++) {
            struct placed_glyph *p = &g_array_index(tr->glyphs, struct placed_glyph, i);
            bool edge = i == start || i + 1 == end;
            if (edge && p->text_len == 1 && tr->text->str[p->text_at] == ' ')
                glyph_text_wrap(tr, p, ALM, "");
            g_array_append_val(out, *p);
        }
        end = start;
    }
    g_array_append_vals(out, &g_array_index(tr->glyphs, struct placed_glyph, tr->flow),
                        tr->glyphs->len - tr->flow);
    g_array_free(tr->glyphs, TRUE);
    tr->glyphs = out;
}

/* Text drawn for readers only (a Nastaliq line's, see font_cascades): each run of it, in one
 * font, is set glyph after glyph by the font's advances across the span Pango gave the run,
 * in a font squeezed or stretched to fit it. Placed word by word instead, pdf.js still broke
 * lines into items (and so into visual order) where a word began a hair after a space; as
 * one run Cairo writes a line as one string with no moves, which all four readers take whole. */
static void text_renderer_hidden_runs(TextRenderer *tr)
{
    guint n = tr->glyphs->len;
    for (guint i = 0; i < n;) {
        struct placed_glyph *p = &g_array_index(tr->glyphs, struct placed_glyph, i);
        if (!p->hidden) {
            i++;
            continue;
        }
        guint j = i;
        double left = G_MAXDOUBLE, right = -G_MAXDOUBLE, total = 0;
        double *adv = g_new(double, n - i);
        for (; j < n; j++) {
            struct placed_glyph *q = &g_array_index(tr->glyphs, struct placed_glyph, j);
            if (!q->hidden || q->font != p->font)
                break;
            cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font((PangoCairoFont *)q->font);
            cairo_text_extents_t ext;
            cairo_scaled_font_glyph_extents(sf, &(cairo_glyph_t){q->glyph, 0, 0}, 1, &ext);
            adv[j - i] = ext.x_advance;
            total += ext.x_advance;
            left = MIN(left, q->pen);
            right = MAX(right, q->pen + q->advance);
        }
        double s = total > 0 && right > left ? (right - left) / total : 1.0;
        double x = left;
        for (guint k = i; k < j; k++) {
            struct placed_glyph *q = &g_array_index(tr->glyphs, struct placed_glyph, k);
            q->x = x;
            q->sx = s;
            x += adv[k - i] * s;
        }
        g_free(adv);
        i = j;
    }
}

/* Each glyph's token, and the alias of its font that carries it. */
static void text_renderer_tokens(TextRenderer *tr)
{
    for (guint i = 0; tr->map && i < tr->glyphs->len; i++) {
        struct placed_glyph *p = &g_array_index(tr->glyphs, struct placed_glyph, i);
        cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font((PangoCairoFont *)p->font);
        if (p->text_len < 0 || !sf)
            continue;
        g_string_assign(tr->scratch, "");
        g_string_append_len(tr->scratch, tr->text->str + p->text_at, p->text_len);
        p->token = text_map_token(tr->map, tr->scratch->str);
        if (p->token)
            p->alias = text_map_alias(tr->map, p->font, cairo_scaled_font_get_font_face(sf),
                                      p->glyph, p->token);
    }
}

static bool same_look(const struct placed_glyph *a, const struct placed_glyph *b)
{
    return a->font == b->font && a->alias == b->alias && a->r == b->r && a->g == b->g &&
           a->b == b->b && a->a == b->a && a->hidden == b->hidden && a->sx == b->sx;
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
                      double g, double b, bool shared, bool goes_on)
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
    text_renderer_hidden_runs(tr);
    text_renderer_calls_last(tr, line);
    text_renderer_mark_ltr_words(tr, line);
    if (shared)
        text_renderer_end_space(tr, line);
    else if (goes_on)
        text_renderer_end_join(tr, line);
    text_renderer_runs_logical(tr, line);
    text_renderer_tokens(tr);
    guint from = 0;
    for (guint i = 1; i <= tr->glyphs->len; i++) {
        if (i < tr->glyphs->len &&
            same_look(&g_array_index(tr->glyphs, struct placed_glyph, from),
                      &g_array_index(tr->glyphs, struct placed_glyph, i)))
            continue;
        text_renderer_show(tr, from, i);
        from = i;
    }
}
