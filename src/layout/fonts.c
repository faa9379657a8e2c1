/* Faces by script: the family list a block is set in, the check that the template's faces are
 * installed, and what `nashra fonts` lists. */
#include <string.h>

#include "layout/layout_int.h"

static const char *const script_names[NASHRA_FONT_SCRIPTS] = {"arabic", "hebrew", "latin", "urdu",
                                                              "kurdish"};
static const char *const role_names[NASHRA_FONT_ROLES] = {"body", "heading", "title", "header",
                                                          "code"};

const char *nashra_font_script_name(enum nashra_font_script script)
{
    return script_names[script];
}

const char *nashra_font_role_name(enum nashra_font_role role)
{
    return role_names[role];
}

static bool lang_is(const char *lang, const char *code)
{
    size_t n = strlen(code);
    return lang && !g_ascii_strncasecmp(lang, code, n) &&
           (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_');
}

/* The script subtag of LANG ("Arab" in "ku-Arab-IQ", 4 letters after the language), or NULL. */
static const char *lang_script(const char *lang)
{
    if (!lang || !lang[strcspn(lang, "-_")])
        return NULL;
    const char *sub = lang + strcspn(lang, "-_") + 1;
    if (strcspn(sub, "-_") != 4)
        return NULL;
    for (int i = 0; i < 4; i++)
        if (!g_ascii_isalpha(sub[i]))
            return NULL;
    return sub;
}

/* Kurdish in Arabic letters: Sorani (ckb) and Southern Kurdish (sdh) are written in them unless
 * the tag names another script; Kurmanji (kmr, and ku, which mostly means it) only when the
 * letters are Arabic or the tag says -Arab. */
static bool lang_is_arabic_kurdish(const char *lang, bool arabic_letters)
{
    const char *sub = lang_script(lang);
    bool arab = arabic_letters || (sub && !g_ascii_strncasecmp(sub, "Arab", 4));
    if (lang_is(lang, "ckb") || lang_is(lang, "sdh"))
        return arab || !sub;
    return arab && (lang_is(lang, "ku") || lang_is(lang, "kmr"));
}

enum nashra_font_script nashra_font_script_of(const char *lang, GUnicodeScript script)
{
    bool arabic_or_neutral = script == G_UNICODE_SCRIPT_ARABIC ||
                             script == G_UNICODE_SCRIPT_COMMON ||
                             script == G_UNICODE_SCRIPT_INHERITED;
    /* Urdu text is Arabic letters: only the language says it wants Nastaliq. */
    if (lang_is(lang, "ur") && arabic_or_neutral)
        return NASHRA_FONT_URDU;
    /* Kurdish likewise: only the language says its ە must be set tight. */
    if (arabic_or_neutral && lang_is_arabic_kurdish(lang, script == G_UNICODE_SCRIPT_ARABIC))
        return NASHRA_FONT_KURDISH;
    switch (script) {
    case G_UNICODE_SCRIPT_ARABIC:
        return NASHRA_FONT_ARABIC;
    case G_UNICODE_SCRIPT_HEBREW:
        return NASHRA_FONT_HEBREW;
    case G_UNICODE_SCRIPT_LATIN:
        return NASHRA_FONT_LATIN;
    default:
        break;
    }
    static const char *const arabic[] = {"ar", "fa", "ckb", "ps", "sd", "ug", "ku-Arab", NULL};
    for (int i = 0; arabic[i]; i++)
        if (lang_is(lang, arabic[i]))
            return NASHRA_FONT_ARABIC;
    if (lang_is(lang, "he") || lang_is(lang, "yi"))
        return NASHRA_FONT_HEBREW;
    return NASHRA_FONT_LATIN;
}

/* Appends each family of LIST to OUT unless already there (case aside, as fontconfig
 * compares). */
static void families_add(GPtrArray *out, const char *list)
{
    if (!list)
        return;
    char **names = g_strsplit(list, ",", -1);
    for (char **n = names; *n; n++) {
        g_strstrip(*n);
        bool seen = !**n;
        for (guint i = 0; i < out->len && !seen; i++)
            seen = !g_ascii_strcasecmp(g_ptr_array_index(out, i), *n);
        if (!seen)
            g_ptr_array_add(out, g_strdup(*n));
    }
    g_strfreev(names);
}

static const char *role_list(const struct nashra_style *st, enum nashra_font_role role)
{
    switch (role) {
    case NASHRA_FONT_BODY:
        return st->body_font;
    case NASHRA_FONT_HEADING:
        return st->heading_font;
    case NASHRA_FONT_TITLE:
        return st->title_font;
    case NASHRA_FONT_HEADER:
        return st->header_font;
    case NASHRA_FONT_CODE:
        return st->mono_font;
    case NASHRA_FONT_ROLES:
        break;
    }
    return NULL;
}

const char *nashra_font_family(const struct nashra_style *st, enum nashra_font_role role,
                               enum nashra_font_script script)
{
    GPtrArray *fams = g_ptr_array_new_with_free_func(g_free);
    families_add(fams, st->script_font[role][script]);
    families_add(fams, role_list(st, role));
    /* Urdu's and Kurdish's faces are for their languages only, never another's fallback. */
    for (int s = 0; s < NASHRA_FONT_SCRIPTS; s++)
        if (s != NASHRA_FONT_URDU && s != NASHRA_FONT_KURDISH)
            families_add(fams, st->script_font[role][s]);
    GString *list = g_string_new(NULL);
    for (guint i = 0; i < fams->len; i++)
        g_string_append_printf(list, "%s%s", i ? ", " : "", (char *)g_ptr_array_index(fams, i));
    /* A handful of templates × roles × scripts: interning bounds them and frees the callers. */
    const char *r = g_intern_string(list->str);
    g_string_free(list, TRUE);
    g_ptr_array_free(fams, TRUE);
    return r;
}

enum nashra_font_script layout_block_script(const struct layout_state *ls)
{
    const struct nashra_node *b = ls->block;
    if (b && b->lang)
        return nashra_font_script_of(b->lang, b->script);
    return nashra_font_script_of(ls->lang, G_UNICODE_SCRIPT_COMMON);
}

const char *layout_family(const struct layout_state *ls, enum nashra_font_role role)
{
    return nashra_font_family(ls->st, role, layout_block_script(ls));
}

double layout_line_factor(const struct layout_state *ls)
{
    double f = ls->st->script_line_height[layout_block_script(ls)];
    return f > 0 ? f : 1;
}

/* ---- what is installed ---------------------------------------------------------------------- */

/* The families FONT_MAP knows, by their case-folded name. */
static GHashTable *installed(PangoFontMap *fm)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    PangoFontFamily **fams = NULL;
    int n = 0;
    pango_font_map_list_families(fm, &fams, &n);
    for (int i = 0; i < n; i++)
        g_hash_table_add(h, g_ascii_strdown(pango_font_family_get_name(fams[i]), -1));
    g_free(fams);
    return h;
}

/* The font fontconfig gives for FAMILY alone. NULL: none at all. */
static PangoFont *load_family(PangoFontMap *fm, PangoContext *ctx, const char *family)
{
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, family);
    pango_font_description_set_size(fd, 12 * PANGO_SCALE);
    PangoFont *f = pango_font_map_load_font(fm, ctx, fd);
    pango_font_description_free(fd);
    return f;
}

static char *font_family_name(PangoFont *f)
{
    if (!f)
        return g_strdup("(none)");
    PangoFontDescription *d = pango_font_describe(f);
    char *name = g_strdup(pango_font_description_get_family(d));
    pango_font_description_free(d);
    return name;
}

/* A letter each script's face must have. */
static const gunichar script_letter[NASHRA_FONT_SCRIPTS] = {0x0627, 0x05D0, 0x0041, 0x06D2, 0x06D5};

bool nashra_fonts_check(PangoFontMap *fm, const struct nashra_style *st, const char *template_name,
                        struct nashra_diag *diag)
{
    GHashTable *have = installed(fm);
    PangoContext *ctx = pango_font_map_create_context(fm);
    GPtrArray *named = g_ptr_array_new_with_free_func(g_free);
    bool ok = true;
    for (int r = 0; r < NASHRA_FONT_ROLES; r++) {
        families_add(named, role_list(st, (enum nashra_font_role)r));
        for (int s = 0; s < NASHRA_FONT_SCRIPTS; s++)
            families_add(named, st->script_font[r][s]);
    }
    for (guint i = 0; i < named->len; i++) {
        const char *name = g_ptr_array_index(named, i);
        char *key = g_ascii_strdown(name, -1);
        if (!g_hash_table_contains(have, key)) {
            PangoFont *f = load_family(fm, ctx, name);
            char *used = font_family_name(f);
            nashra_diag_report(diag, NASHRA_WARNING, 0, 0,
                               "font '%s' named by template '%s' is not installed; using '%s'",
                               name, template_name, used);
            g_free(used);
            if (f)
                g_object_unref(f);
            ok = false;
        }
        g_free(key);
    }
    /* A script's face that lacks its letters leaves them to fontconfig's fallback. */
    for (int s = 0; s < NASHRA_FONT_SCRIPTS; s++)
        for (int r = 0; r < NASHRA_FONT_ROLES; r++) {
            const char *list = st->script_font[r][s];
            if (!list)
                continue;
            GPtrArray *fams = g_ptr_array_new_with_free_func(g_free);
            families_add(fams, list);
            const char *first = fams->len ? g_ptr_array_index(fams, 0) : NULL;
            char *key = first ? g_ascii_strdown(first, -1) : NULL;
            PangoFont *f =
                key && g_hash_table_contains(have, key) ? load_family(fm, ctx, first) : NULL;
            if (f && !pango_font_has_char(f, script_letter[s]))
                nashra_diag_report(diag, NASHRA_WARNING, 0, 0,
                                   "font '%s' named by template '%s' for %s.%s has no %s letters "
                                   "(U+%04X)",
                                   first, template_name, role_names[r], script_names[s],
                                   script_names[s], script_letter[s]);
            if (f)
                g_object_unref(f);
            g_free(key);
            g_ptr_array_free(fams, TRUE);
        }
    g_ptr_array_free(named, TRUE);
    g_object_unref(ctx);
    g_hash_table_destroy(have);
    return ok;
}

/* ---- nashra fonts --------------------------------------------------------------------------- */

static const struct {
    const char *name;
    gunichar c[3];
} listed_scripts[] = {
    {"arabic", {0x0627, 0x0644, 0}}, {"urdu", {0x06D2, 0x0679, 0x06BA}},
    {"kurdish", {0x06D5, 0x06B5, 0x0695}},
    {"hebrew", {0x05D0, 0x05E9, 0}}, {"latin", {0x0041, 0x0061, 0x00E9}},
    {"greek", {0x03A9, 0x03B1, 0}},  {"cyrillic", {0x0416, 0x0436, 0}},
    {"armenian", {0x0531, 0, 0}},    {"devanagari", {0x0915, 0x093E, 0}},
    {"thai", {0x0E01, 0, 0}},        {"cjk", {0x4E00, 0, 0}},
};

static int family_cmp(gconstpointer a, gconstpointer b)
{
    const char *x = pango_font_family_get_name(*(PangoFontFamily *const *)a);
    const char *y = pango_font_family_get_name(*(PangoFontFamily *const *)b);
    int c = g_ascii_strcasecmp(x, y);
    return c ? c : strcmp(x, y);
}

/* The face of FAMILY to test coverage on: its regular one when it has it. */
static PangoFontFace *regular_face(PangoFontFamily *family)
{
    PangoFontFace **faces = NULL;
    int n = 0;
    pango_font_family_list_faces(family, &faces, &n);
    PangoFontFace *pick = NULL;
    for (int i = 0; i < n && !pick; i++) {
        PangoFontDescription *d = pango_font_face_describe(faces[i]);
        if (!pango_font_face_is_synthesized(faces[i]) &&
            pango_font_description_get_weight(d) == PANGO_WEIGHT_NORMAL &&
            pango_font_description_get_style(d) == PANGO_STYLE_NORMAL)
            pick = faces[i];
        pango_font_description_free(d);
    }
    for (int i = 0; i < n && !pick; i++)
        if (!pango_font_face_is_synthesized(faces[i]))
            pick = faces[i];
    g_free(faces);
    return pick;
}

void nashra_fonts_list(PangoFontMap *fm, const struct nashra_style *st, FILE *out)
{
    PangoFontFamily **fams = NULL;
    int n = 0;
    pango_font_map_list_families(fm, &fams, &n);
    qsort(fams, (size_t)n, sizeof *fams, family_cmp);
    PangoContext *ctx = pango_font_map_create_context(fm);
    for (int i = 0; i < n; i++) {
        const char *name = pango_font_family_get_name(fams[i]);
        /* Pango's generic aliases are fontconfig's choices, not families of their own. */
        static const char *const generic[] = {
            "Sans", "Serif", "Monospace", "System-ui", "Cursive", "Fantasy", "Emoji", "Math", NULL};
        bool alias = false;
        for (int g = 0; generic[g] && !alias; g++)
            alias = !strcmp(name, generic[g]);
        if (alias)
            continue;
        PangoFontFace *face = regular_face(fams[i]);
        if (!face)
            continue;
        PangoFontDescription *d = pango_font_face_describe(face);
        pango_font_description_set_size(d, 12 * PANGO_SCALE);
        PangoFont *f = pango_font_map_load_font(fm, ctx, d);
        pango_font_description_free(d);
        GString *scripts = g_string_new(NULL);
        for (size_t s = 0; f && s < G_N_ELEMENTS(listed_scripts); s++) {
            bool all = true;
            for (int k = 0; k < 3 && listed_scripts[s].c[k]; k++)
                all = all && pango_font_has_char(f, listed_scripts[s].c[k]);
            if (all)
                g_string_append_printf(scripts, "%s%s", scripts->len ? " " : "",
                                       listed_scripts[s].name);
        }
        /* The template keys that name the family: what nashra sets with it by default. */
        GString *uses = g_string_new(NULL);
        for (int r = 0; st && r < NASHRA_FONT_ROLES; r++)
            for (int s = -1; s < NASHRA_FONT_SCRIPTS; s++) {
                const char *list =
                    s < 0 ? role_list(st, (enum nashra_font_role)r) : st->script_font[r][s];
                GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
                families_add(names, list);
                for (guint k = 0; k < names->len; k++)
                    if (!g_ascii_strcasecmp(g_ptr_array_index(names, k), name)) {
                        g_string_append_printf(uses, "%s%s%s%s", uses->len ? " " : "",
                                               role_names[r], s < 0 ? "" : ".",
                                               s < 0 ? "" : script_names[s]);
                        break;
                    }
                g_ptr_array_free(names, TRUE);
            }
        fprintf(out, "%s\t%s%s%s\n", name, scripts->len ? scripts->str : "-",
                uses->len ? "\ttemplate: " : "", uses->str);
        g_string_free(uses, TRUE);
        g_string_free(scripts, TRUE);
        if (f)
            g_object_unref(f);
    }
    g_object_unref(ctx);
    g_free(fams);
}
