/* Templates as GLib key files. GKeyFile parses the values but knows no line numbers, so the
 * file's text is scanned here to place every diagnostic at its line and column. */
#include "template/template.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "nashra-templates.h"

#define TEMPLATE_RESOURCE "/org/nashra/templates/"
#define TEMPLATE_MAX_DEPTH 16

enum spec_kind {
    K_PAGE,     /* A4 | A5 | Letter | Legal | WxH with a unit (170x240mm) */
    K_LEN,      /* a length: a number with pt (default), mm, cm or in */
    K_SIZE,     /* a font size in points, > 0 */
    K_NUM,      /* a positive number (line spacing) */
    K_COUNT,    /* an integer >= 0 */
    K_FONT,     /* a Pango family list */
    K_COLOUR,   /* #rrggbb | rgb(R% G% B%) */
    K_BOOL,     /* true | false */
    K_MASTHEAD, /* box | plain | none */
    K_NOTES,    /* foot | endnotes: where footnotes go */
    K_PATTERN,  /* text with {keys} */
    K_IGNORED,  /* [template] name and description: kept for people, not used */
    K_EXTENDS,
    K_FONT_DIRS, /* folders of fonts, comma-separated, relative to the template file */
};

struct spec {
    const char *group, *key;
    enum spec_kind kind;
    size_t off;
};

#define S(field) offsetof(struct nashra_style, field)
static const struct spec specs[] = {
    {"template", "name", K_IGNORED, 0},
    {"template", "description", K_IGNORED, 0},
    {"template", "extends", K_EXTENDS, 0},
    {"page", "size", K_PAGE, 0},
    {"page", "margin-top", K_LEN, S(margin_top)},
    {"page", "margin-bottom", K_LEN, S(margin_bottom)},
    {"page", "margin-start", K_LEN, S(margin_start)},
    {"page", "margin-end", K_LEN, S(margin_end)},
    {"fonts", "body", K_FONT, S(body_font)},
    {"fonts", "heading", K_FONT, S(heading_font)},
    {"fonts", "title", K_FONT, S(title_font)},
    {"fonts", "header", K_FONT, S(header_font)},
    {"fonts", "code", K_FONT, S(mono_font)},
    {"fonts", "folders", K_FONT_DIRS, 0},
/* clang-format off */
#define SCRIPT_FONTS(role, r)                                                                    \
    {"fonts", role ".arabic", K_FONT, S(script_font[r][NASHRA_FONT_ARABIC])},                    \
    {"fonts", role ".hebrew", K_FONT, S(script_font[r][NASHRA_FONT_HEBREW])},                    \
    {"fonts", role ".latin", K_FONT, S(script_font[r][NASHRA_FONT_LATIN])},                      \
    {"fonts", role ".urdu", K_FONT, S(script_font[r][NASHRA_FONT_URDU])},                        \
    {"fonts", role ".kurdish", K_FONT, S(script_font[r][NASHRA_FONT_KURDISH])}
    SCRIPT_FONTS("body", NASHRA_FONT_BODY),
    SCRIPT_FONTS("heading", NASHRA_FONT_HEADING),
    SCRIPT_FONTS("title", NASHRA_FONT_TITLE),
    SCRIPT_FONTS("header", NASHRA_FONT_HEADER),
    SCRIPT_FONTS("code", NASHRA_FONT_CODE),
#undef SCRIPT_FONTS
    /* clang-format on */
    {"fonts", "line-height.arabic", K_NUM, S(script_line_height[NASHRA_FONT_ARABIC])},
    {"fonts", "line-height.hebrew", K_NUM, S(script_line_height[NASHRA_FONT_HEBREW])},
    {"fonts", "line-height.latin", K_NUM, S(script_line_height[NASHRA_FONT_LATIN])},
    {"fonts", "line-height.urdu", K_NUM, S(script_line_height[NASHRA_FONT_URDU])},
    {"fonts", "line-height.kurdish", K_NUM, S(script_line_height[NASHRA_FONT_KURDISH])},
    {"sizes", "body", K_SIZE, S(body_size)},
    {"sizes", "h1", K_SIZE, S(h_size[0])},
    {"sizes", "h2", K_SIZE, S(h_size[1])},
    {"sizes", "h3", K_SIZE, S(h_size[2])},
    {"sizes", "title", K_SIZE, S(title_size)},
    {"sizes", "subtitle", K_SIZE, S(subtitle_size)},
    {"sizes", "byline", K_SIZE, S(byline_size)},
    {"sizes", "masthead", K_SIZE, S(masthead_size)},
    {"sizes", "header", K_SIZE, S(header_size)},
    {"sizes", "notes", K_SIZE, S(notes_size)},
    {"sizes", "code", K_SIZE, S(code_size)},
    {"colours", "accent", K_COLOUR, S(accent)},
    {"colours", "text", K_COLOUR, S(text)},
    {"colours", "muted", K_COLOUR, S(muted)},
    {"colours", "rule", K_COLOUR, S(rule)},
    {"colours", "tint", K_COLOUR, S(tint)},
    {"colours", "note", K_COLOUR, S(callout[NASHRA_CALLOUT_NOTE])},
    {"colours", "tip", K_COLOUR, S(callout[NASHRA_CALLOUT_TIP])},
    {"colours", "important", K_COLOUR, S(callout[NASHRA_CALLOUT_IMPORTANT])},
    {"colours", "warning", K_COLOUR, S(callout[NASHRA_CALLOUT_WARNING])},
    {"colours", "caution", K_COLOUR, S(callout[NASHRA_CALLOUT_CAUTION])},
    {"colours", "summary", K_COLOUR, S(callout[NASHRA_CALLOUT_SUMMARY])},
    {"colours", "table-text", K_COLOUR, S(table_text)},
    {"colours", "table-header", K_COLOUR, S(table_header)},
    {"colours", "table-frame", K_COLOUR, S(table_frame)},
    {"colours", "table-header-rule", K_COLOUR, S(table_header_rule)},
    {"colours", "table-row-rule", K_COLOUR, S(table_row_rule)},
    {"colours", "code-text", K_COLOUR, S(code_text)},
    {"colours", "code-background", K_COLOUR, S(code_background)},
    {"colours", "list-marker", K_COLOUR, S(list_marker)},
    {"colours", "thematic-break", K_COLOUR, S(thematic_break)},
    {"colours", "notes-rule", K_COLOUR, S(notes_rule)},
    {"colours", "notes-label", K_COLOUR, S(notes_label)},
    {"spacing", "line-spacing", K_NUM, S(line_spacing)},
    {"spacing", "paragraph-gap", K_LEN, S(paragraph_gap)},
    {"spacing", "indent", K_LEN, S(indent_step)},
    {"masthead", "style", K_MASTHEAD, S(masthead)},
    {"masthead", "series", K_BOOL, S(masthead_series)},
    {"masthead", "rule", K_BOOL, S(masthead_rule)},
    {"masthead", "summary", K_BOOL, S(summary_box)},
    {"header", "pattern", K_PATTERN, S(header_pattern)},
    {"header", "from-page", K_COUNT, S(header_from)},
    {"header", "rule", K_BOOL, S(header_rule)},
    {"footer", "pattern", K_PATTERN, S(footer_pattern)},
    {"report", "cover", K_BOOL, S(cover)},
    {"report", "contents", K_BOOL, S(contents)},
    {"notes", "placement", K_NOTES, S(endnotes)},
};
#undef S

static const char *const builtins[] = {"brief", "report", "memo", NULL};

/* One parsed setting of one file. */
struct setting {
    const struct spec *spec;
    double a, b;
    struct nashra_rgb c;
    char *s; /* owned */
    int i;
};

struct nashra_template {
    char *name;
    const struct nashra_root *root; /* while loading: where files may be read; NULL: anywhere */
    GPtrArray *layers; /* of GArray of struct setting, root ancestor first */
    GPtrArray *files;  /* paths read from disk, the named file first; NULL-terminated */
    GPtrArray *font_dirs; /* [fonts] folders, resolved, root ancestor's last; NULL-terminated */
};

const char *const *nashra_template_builtins(void)
{
    return builtins;
}

static const struct spec *spec_find(const char *group, const char *key)
{
    for (size_t i = 0; i < G_N_ELEMENTS(specs); i++)
        if (!strcmp(specs[i].group, group) && (!key || !strcmp(specs[i].key, key)))
            return &specs[i];
    return NULL;
}

/* ---- where things are in the file's text -------------------------------------------------- */

struct tfile {
    const char *name; /* for diagnostics */
    const char *text;
    size_t len;
    char *dir; /* owned; directory relative parents are found in; NULL for built-ins */
};

static int code_points(const char *s, size_t n)
{
    return (int)g_utf8_strlen(s, (gssize)n);
}

/* One line of a template file: [START, END) as written, [S, T) without surrounding blanks. */
struct tline {
    const char *start, *end, *s, *t;
    int no; /* 1-based */
};

/* The line after L (L->no 0 and L->end NULL for the first); false past the end. */
static bool tfile_next(const struct tfile *f, struct tline *l)
{
    const char *p = l->end ? l->end + 1 : f->text, *end = f->text + f->len;
    if (p >= end || (l->end && l->end >= end))
        return false;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    l->start = p;
    l->end = nl ? nl : end;
    l->s = p;
    while (l->s < l->end && (*l->s == ' ' || *l->s == '\t' || *l->s == '\r'))
        l->s++;
    l->t = l->end;
    while (l->t > l->s && (l->t[-1] == ' ' || l->t[-1] == '\t' || l->t[-1] == '\r'))
        l->t--;
    l->no++;
    return true;
}

/* The 1-based line of GROUP's header, or of KEY in GROUP (then *VCOL is the column of its
 * value). 0 when not found. */
static int tfile_find(const struct tfile *f, const char *group, const char *key, int *vcol)
{
    bool in = false;
    struct tline l = {0};
    while (tfile_next(f, &l)) {
        const char *s = l.s, *e = l.t;
        if (s < e && *s == '[') {
            const char *close = memchr(s, ']', (size_t)(e - s));
            size_t n = close ? (size_t)(close - s - 1) : 0;
            in = close && strlen(group) == n && !memcmp(s + 1, group, n);
            if (in && !key)
                return l.no;
        } else if (in && key && s < e && *s != '#') {
            const char *eq = memchr(s, '=', (size_t)(e - s));
            const char *k = eq;
            while (k && k > s && (k[-1] == ' ' || k[-1] == '\t'))
                k--;
            if (eq && (size_t)(k - s) == strlen(key) && !memcmp(s, key, strlen(key))) {
                const char *v = eq + 1;
                while (v < e && (*v == ' ' || *v == '\t'))
                    v++;
                if (vcol)
                    *vcol = code_points(l.start, (size_t)(v - l.start)) + 1;
                return l.no;
            }
        }
    }
    return 0;
}

static void report(struct nashra_diag *diag, const struct tfile *f, int line, int col,
                   const char *fmt, ...) G_GNUC_PRINTF(5, 6);
static void report(struct nashra_diag *diag, const struct tfile *f, int line, int col,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    const char *fn = diag->filename, *src = diag->source;
    size_t sl = diag->source_len;
    /* No template file and no position: the name came from the command line. */
    if (f || line <= 0) {
        diag->filename = f ? f->name : "nashra";
        diag->source = f ? f->text : NULL;
        diag->source_len = f ? f->len : 0;
    }
    nashra_diag_report(diag, NASHRA_ERROR, line, col, "%s", msg);
    diag->filename = fn, diag->source = src, diag->source_len = sl;
    g_free(msg);
}

/* Lines that are neither blank, a comment, a [group] nor a key=value in a group. */
static bool tfile_syntax(const struct tfile *f, bool confined, struct nashra_diag *diag)
{
    bool ok = true, group = false;
    struct tline l = {0};
    /* A source's template: one bad line is enough, so that a file in the project that is no
     * template (a key, a log) is not printed line by line. */
    while ((ok || !confined) && tfile_next(f, &l)) {
        const char *s = l.s, *t = l.t;
        int col = code_points(l.start, (size_t)(s - l.start)) + 1;
        if (s == t || *s == '#') {
            /* blank or comment */
        } else if (*s == '[') {
            if (t[-1] != ']' || t - s < 3) {
                report(diag, f, l.no, col, "a group header is written '[name]'");
                ok = false;
            }
            group = true;
        } else if (!memchr(s, '=', (size_t)(t - s)) || *s == '=') {
            report(diag, f, l.no, col, "expected 'key=value', '[group]' or a '#' comment");
            ok = false;
        } else if (!group) {
            report(diag, f, l.no, col, "a key before the first [group]");
            ok = false;
        }
    }
    return ok;
}

/* ---- values ------------------------------------------------------------------------------- */

static bool parse_number(const char *s, double *out, const char **rest)
{
    char *e;
    errno = 0;
    double v = g_ascii_strtod(s, &e);
    /* ERANGE only: a successful call may leave another errno (GLib's one-time set-up of the C
     * locale, waited for by a second thread, left EAGAIN and failed `72pt` under -O). */
    if (e == s || errno == ERANGE || !isfinite(v))
        return false;
    *out = v;
    *rest = e;
    return true;
}

/* A length in points: "72", "72pt", "25mm", "2.5cm", "1in". */
static bool parse_length(const char *s, double *out)
{
    const char *u;
    double v;
    if (!parse_number(s, &v, &u) || v < 0)
        return false;
    while (*u == ' ')
        u++;
    if (!*u || !strcmp(u, "pt"))
        *out = v;
    else if (!strcmp(u, "mm"))
        *out = v * 72 / 25.4;
    else if (!strcmp(u, "cm"))
        *out = v * 72 / 2.54;
    else if (!strcmp(u, "in"))
        *out = v * 72;
    else
        return false;
    return true;
}

static bool parse_page(const char *s, double *w, double *h)
{
    static const struct {
        const char *name;
        double w, h;
    } sizes[] = {{"A4", 595.28, 841.89}, {"A5", 419.53, 595.28},
                 {"Letter", 612, 792},   {"Legal", 612, 1008}};
    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++)
        if (!g_ascii_strcasecmp(s, sizes[i].name)) {
            *w = sizes[i].w, *h = sizes[i].h;
            return true;
        }
    /* WxH with one unit at the end: 170x240mm */
    const char *x = strchr(s, 'x');
    if (!x)
        return false;
    const char *rest;
    double a;
    if (!parse_number(s, &a, &rest) || rest != x)
        return false;
    const char *unit = x + 1;
    double b;
    if (!parse_number(unit, &b, &rest))
        return false;
    char *sa = g_strdup_printf("%g%s", a, rest), *sb = g_strdup_printf("%g%s", b, rest);
    bool ok = parse_length(sa, w) && parse_length(sb, h) && *w >= 72 && *h >= 72 &&
              *w <= 14400 && *h <= 14400;
    g_free(sa);
    g_free(sb);
    return ok;
}

/* rgb(R% G% B%), CSS's percentages: colours that #rrggbb cannot write exactly (0.925). */
static bool parse_colour_percent(const char *s, struct nashra_rgb *c)
{
    if (strncmp(s, "rgb(", 4) != 0)
        return false;
    s += 4;
    double v[3];
    for (int i = 0; i < 3; i++) {
        while (*s == ' ')
            s++;
        const char *rest;
        if (!parse_number(s, &v[i], &rest) || *rest != '%' || v[i] < 0 || v[i] > 100)
            return false;
        s = rest + 1;
        if (i < 2 && *s != ' ')
            return false;
    }
    while (*s == ' ')
        s++;
    if (strcmp(s, ")") != 0)
        return false;
    c->r = v[0] / 100, c->g = v[1] / 100, c->b = v[2] / 100;
    return true;
}

static bool parse_colour(const char *s, struct nashra_rgb *c)
{
    if (s[0] == 'r')
        return parse_colour_percent(s, c);
    if (s[0] != '#' || strlen(s) != 7)
        return false;
    for (int i = 1; i < 7; i++)
        if (!g_ascii_isxdigit(s[i]))
            return false;
    unsigned v = (unsigned)strtoul(s + 1, NULL, 16);
    c->r = ((v >> 16) & 0xff) / 255.0;
    c->g = ((v >> 8) & 0xff) / 255.0;
    c->b = (v & 0xff) / 255.0;
    return true;
}

/* Parses V for SPEC into SET; on failure returns what was expected. */
static const char *parse_value(const struct spec *spec, const char *v, struct setting *set)
{
    set->spec = spec;
    switch (spec->kind) {
    case K_PAGE:
        return parse_page(v, &set->a, &set->b) ? NULL
                                               : "A4, A5, Letter, Legal or WxH with a unit "
                                                 "(e.g. 170x240mm)";
    case K_LEN:
        return parse_length(v, &set->a) && set->a <= 1000 ? NULL
                                                           : "a length (e.g. 72pt, 20mm)";
    case K_SIZE: {
        const char *rest;
        if (parse_number(v, &set->a, &rest) && (!*rest || !strcmp(rest, "pt")) && set->a >= 3 &&
            set->a <= 200)
            return NULL;
        return "a size in points between 3 and 200";
    }
    case K_NUM: {
        const char *rest;
        return parse_number(v, &set->a, &rest) && !*rest && set->a >= 0.8 && set->a <= 4
                   ? NULL
                   : "a number between 0.8 and 4";
    }
    case K_COUNT: {
        char *e;
        long n = strtol(v, &e, 10);
        if (e != v && !*e && n >= 0 && n <= 1000) {
            set->i = (int)n;
            return NULL;
        }
        return "a whole number from 0";
    }
    case K_COLOUR:
        return parse_colour(v, &set->c) ? NULL : "a colour written #rrggbb or rgb(R% G% B%)";
    case K_BOOL:
        if (!strcmp(v, "true") || !strcmp(v, "false")) {
            set->i = !strcmp(v, "true");
            return NULL;
        }
        return "true or false";
    case K_MASTHEAD:
        if (!strcmp(v, "box"))
            set->i = NASHRA_MASTHEAD_BOX;
        else if (!strcmp(v, "plain"))
            set->i = NASHRA_MASTHEAD_PLAIN;
        else if (!strcmp(v, "none"))
            set->i = NASHRA_MASTHEAD_NONE;
        else
            return "box, plain or none";
        return NULL;
    case K_NOTES:
        if (!strcmp(v, "foot"))
            set->i = 0;
        else if (!strcmp(v, "endnotes"))
            set->i = 1;
        else
            return "foot or endnotes";
        return NULL;
    case K_FONT:
        if (!*v)
            return "a font family";
        /* fall through */
    case K_PATTERN:
    case K_IGNORED:
    case K_EXTENDS:
    case K_FONT_DIRS:
        set->s = g_strdup(v);
        return NULL;
    }
    return "a value";
}

static void layer_free(gpointer p)
{
    GArray *a = p;
    for (guint i = 0; i < a->len; i++)
        g_free(g_array_index(a, struct setting, i).s);
    g_array_free(a, TRUE);
}

/* ---- loading ------------------------------------------------------------------------------ */

static bool is_builtin(const char *ref)
{
    for (int i = 0; builtins[i]; i++)
        if (!strcmp(ref, builtins[i]))
            return true;
    return false;
}

/* The built-in templates. GLib 2.74 registers a compiled-in resource lazily, and a second thread
 * can be handed NULL while the first is registering it (a crash under -O): fetched once here. */
static GResource *builtin_resource(void)
{
    static gsize once;
    if (g_once_init_enter(&once))
        g_once_init_leave(&once, (gsize)nashra_templates_get_resource());
    return (GResource *)once;
}

GBytes *nashra_template_builtin_file(const char *name)
{
    if (!name || !is_builtin(name))
        return NULL;
    char *path = g_strconcat(TEMPLATE_RESOURCE, name, ".ini", NULL);
    GBytes *b =
        g_resource_lookup_data(builtin_resource(), path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
    g_free(path);
    return b;
}

/* Reads REF (a built-in name or a path, relative to DIR when not absolute, inside ROOT when
 * given) into F, and an id for cycle detection. False with *WHY set when a file cannot be read. */
static bool tfile_read(const char *ref, const char *dir, const struct nashra_root *root,
                       struct tfile *f, char **id, GBytes **res, char **data, char **file,
                       char **why)
{
    *res = NULL;
    *data = NULL;
    *file = NULL;
    *why = NULL;
    if (is_builtin(ref) && !strchr(ref, '/')) {
        *res = nashra_template_builtin_file(ref);
        if (!*res)
            return false;
        gsize n;
        f->text = g_bytes_get_data(*res, &n);
        f->len = n;
        f->name = NULL;
        f->dir = NULL;
        *id = g_strconcat("builtin:", ref, NULL);
        return true;
    }
    char *path = dir && !g_path_is_absolute(ref) ? g_build_filename(dir, ref, NULL) : g_strdup(ref);
    char *real = nashra_root_resolve(root, NULL, path, why);
    size_t n = 0;
    if (!real || !nashra_read_regular(real, TEMPLATE_MAX_BYTES, data, &n, why)) {
        g_free(real);
        g_free(path);
        return false;
    }
    if (!nashra_looks_like_text(*data, n, NULL)) {
        *why = g_strdup("not a text file");
        g_free(*data);
        *data = NULL;
        g_free(real);
        g_free(path);
        return false;
    }
    f->text = *data;
    f->len = n;
    f->dir = g_path_get_dirname(path);
    *id = real;
    *file = path;
    return true;
}

/* [fonts] folders=LIST (comma-separated) of file F, written at LINE:COL: each relative to F's
 * folder, inside the root when the template is a source's, added to T's font folders. */
static bool font_dirs_add(struct nashra_template *t, const struct tfile *f, const char *list,
                          int line, int col, struct nashra_diag *diag)
{
    bool ok = true;
    char **names = g_strsplit(list, ",", -1);
    for (char **n = names; *n; n++) {
        g_strstrip(*n);
        if (!**n)
            continue;
        /* A built-in has no folder: its names are the working directory's. */
        char *path =
            f->dir && !g_path_is_absolute(*n) ? g_build_filename(f->dir, *n, NULL) : g_strdup(*n);
        char *why = NULL;
        char *real = nashra_root_resolve(t->root, NULL, path, &why);
        if (!real && strstr(why, "project root"))
            report(diag, f, line, col, "font folder '%s' is %s", *n, why);
        else if (!real)
            report(diag, f, line, col, "cannot read font folder '%s': %s", *n, why);
        else if (!g_file_test(real, G_FILE_TEST_IS_DIR))
            report(diag, f, line, col, "font folder '%s' is not a directory", *n);
        else
            g_ptr_array_insert(t->font_dirs, (gint)t->font_dirs->len - 1, g_strdup(real));
        ok = ok && real && g_file_test(real, G_FILE_TEST_IS_DIR);
        g_free(real);
        g_free(why);
        g_free(path);
    }
    g_strfreev(names);
    return ok;
}

/* Loads REF and its ancestors into T->layers (ancestors first). FROM, FROM_LINE and FROM_COL
 * locate the `extends` that names REF (NULL for the top). */
static bool load_chain(struct nashra_template *t, const char *ref, const struct tfile *from,
                       int from_line, int from_col, GPtrArray *visiting, struct nashra_diag *diag)
{
    struct tfile f = {0};
    char *id = NULL, *data = NULL, *file = NULL;
    GBytes *res = NULL;
    char *why = NULL;
    if (!tfile_read(ref, from ? from->dir : NULL, t->root, &f, &id, &res, &data, &file, &why)) {
        GString *names = g_string_new(NULL);
        for (int i = 0; builtins[i]; i++)
            g_string_append_printf(names, "%s%s", i ? ", " : "", builtins[i]);
        if (why && strstr(why, "project root"))
            report(diag, from, from_line, from_col, "template '%s' is %s", ref, why);
        else if (why && strcmp(why, nashra_strerror(ENOENT)) != 0)
            report(diag, from, from_line, from_col, "cannot read template '%s': %s", ref, why);
        else
            report(diag, from, from_line, from_col,
                   "no template '%s' (not a built-in: %s; and no such file)", ref, names->str);
        g_string_free(names, TRUE);
        g_free(why);
        return false;
    }
    if (file) /* before the NULL that ends the list */
        g_ptr_array_insert(t->files, (gint)t->files->len - 1, file);
    char *display = id && g_str_has_prefix(id, "builtin:")
                        ? g_strconcat("<built-in>/", ref, ".ini", NULL)
                        : g_strdup(from ? id : ref);
    f.name = display;
    bool ok = true;
    for (guint i = 0; i < visiting->len; i++)
        if (!strcmp(g_ptr_array_index(visiting, i), id)) {
            report(diag, from, from_line, from_col, "template '%s' extends itself (a cycle)", ref);
            ok = false;
        }
    if (ok && visiting->len >= TEMPLATE_MAX_DEPTH) {
        report(diag, from, from_line, from_col, "templates extend more than %d deep",
               TEMPLATE_MAX_DEPTH);
        ok = false;
    }
    ok = ok && tfile_syntax(&f, t->root != NULL, diag);
    GKeyFile *kf = g_key_file_new();
    GError *err = NULL;
    if (ok && !g_key_file_load_from_data(kf, f.text, f.len, G_KEY_FILE_NONE, &err)) {
        char *text = nashra_diag_library_text(err->message);
        report(diag, &f, 0, 0, "%s", text);
        g_free(text);
        g_error_free(err);
        ok = false;
    }
    GArray *layer = g_array_new(FALSE, TRUE, sizeof(struct setting));
    char *parent = NULL;
    int parent_line = 0, parent_col = 0;
    gchar **groups = ok ? g_key_file_get_groups(kf, NULL) : NULL;
    for (int g = 0; groups && groups[g]; g++) {
        if (!spec_find(groups[g], NULL)) {
            report(diag, &f, tfile_find(&f, groups[g], NULL, NULL), 1, "unknown group [%s]",
                   groups[g]);
            ok = false;
            continue;
        }
        gchar **keys = g_key_file_get_keys(kf, groups[g], NULL, NULL);
        for (int k = 0; keys && keys[k]; k++) {
            int vcol = 1, line = tfile_find(&f, groups[g], keys[k], &vcol);
            const struct spec *spec = spec_find(groups[g], keys[k]);
            if (!spec) {
                report(diag, &f, line, 1, "unknown key '%s' in [%s]", keys[k], groups[g]);
                ok = false;
                continue;
            }
            gchar *v = g_key_file_get_string(kf, groups[g], keys[k], &err);
            if (!v) {
                char *text = nashra_diag_library_text(err->message);
                report(diag, &f, line, vcol, "%s", text);
                g_free(text);
                g_clear_error(&err);
                ok = false;
                continue;
            }
            g_strstrip(v);
            struct setting set = {0};
            const char *want = parse_value(spec, v, &set);
            if (want) {
                report(diag, &f, line, vcol, "bad value '%s' for '%s' in [%s]: expected %s", v,
                       keys[k], groups[g], want);
                ok = false;
            } else if (spec->kind == K_EXTENDS) {
                g_free(parent);
                parent = set.s;
                parent_line = line, parent_col = vcol;
            } else if (spec->kind == K_FONT_DIRS) {
                ok = font_dirs_add(t, &f, set.s, line, vcol, diag) && ok;
                g_free(set.s);
            } else {
                g_array_append_val(layer, set);
            }
            g_free(v);
        }
        g_strfreev(keys);
    }
    g_strfreev(groups);
    g_key_file_free(kf);
    if (ok && parent) {
        g_ptr_array_add(visiting, g_strdup(id));
        ok = load_chain(t, parent, &f, parent_line, parent_col, visiting, diag);
        g_free(g_ptr_array_steal_index(visiting, visiting->len - 1));
    }
    if (ok)
        g_ptr_array_add(t->layers, layer);
    else
        layer_free(layer);
    g_free(parent);
    g_free(display);
    g_free(f.dir);
    g_free(id);
    g_free(data);
    if (res)
        g_bytes_unref(res);
    return ok;
}

struct nashra_template *nashra_template_load(const char *name_or_file, struct nashra_diag *diag)
{
    return nashra_template_load_at(name_or_file, NULL, NULL, 0, 0, diag);
}

struct nashra_template *nashra_template_load_at(const char *name_or_file, const char *dir,
                                                const struct nashra_root *root, int line, int col,
                                                struct nashra_diag *diag)
{
    const char *ref = name_or_file && *name_or_file ? name_or_file : "brief";
    struct nashra_template *t = g_new0(struct nashra_template, 1);
    t->name = g_strdup(ref);
    t->root = root;
    t->layers = g_ptr_array_new_with_free_func(layer_free);
    t->files = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(t->files, NULL);
    t->font_dirs = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(t->font_dirs, NULL);
    GPtrArray *visiting = g_ptr_array_new_with_free_func(g_free);
    /* A file named in the front matter is found beside the source, wherever nashra runs. */
    char *path = dir && !(is_builtin(ref) && !strchr(ref, '/')) && !g_path_is_absolute(ref) &&
                         strcmp(dir, ".")
                     ? g_build_filename(dir, ref, NULL)
                     : NULL;
    bool ok = load_chain(t, path ? path : ref, NULL, line, col, visiting, diag);
    g_free(path);
    g_ptr_array_free(visiting, TRUE);
    t->root = NULL;
    if (!ok) {
        nashra_template_free(t);
        return NULL;
    }
    return t;
}

/* The built-in brief, loaded once and kept for the process: the default style's strings are
 * borrowed from it. */
static const struct nashra_template *builtin_brief(void)
{
    static gsize once;
    if (g_once_init_enter(&once)) {
        struct nashra_diag d;
        nashra_diag_init(&d, "template", NULL, 0);
        d.out = NULL;
        struct nashra_template *t = nashra_template_load("brief", &d);
        if (!t)
            g_error("the built-in brief template does not load");
        g_once_init_leave(&once, (gsize)t);
    }
    return (const struct nashra_template *)once;
}

/* Sets STYLE's fields from T's layers, ancestors first. */
static void apply_layers(const struct nashra_template *t, struct nashra_style *style)
{
    for (guint l = 0; t && l < t->layers->len; l++) {
        GArray *layer = g_ptr_array_index(t->layers, l);
        for (guint i = 0; i < layer->len; i++) {
            const struct setting *s = &g_array_index(layer, struct setting, i);
            char *field = (char *)style + s->spec->off;
            switch (s->spec->kind) {
            case K_PAGE:
                style->page_width = s->a;
                style->page_height = s->b;
                break;
            case K_LEN:
            case K_SIZE:
            case K_NUM:
                *(double *)(void *)field = s->a;
                break;
            case K_COUNT:
                *(int *)(void *)field = s->i;
                break;
            case K_COLOUR:
                *(struct nashra_rgb *)(void *)field = s->c;
                break;
            case K_BOOL:
                *(bool *)(void *)field = s->i != 0;
                break;
            case K_MASTHEAD:
                *(enum nashra_masthead *)(void *)field = (enum nashra_masthead)s->i;
                break;
            case K_NOTES:
                *(bool *)(void *)field = s->i != 0;
                break;
            case K_FONT:
                *(const char **)(void *)field = s->s;
                break;
            case K_PATTERN:
                /* Empty: the localised default; "none": no head or foot. */
                *(const char **)(void *)field = !*s->s               ? NULL
                                                : !strcmp(s->s, "none") ? ""
                                                                        : s->s;
                break;
            case K_IGNORED:
            case K_EXTENDS:
            case K_FONT_DIRS:
                break;
            }
        }
    }
}

void nashra_template_default_style(struct nashra_style *style)
{
    *style = (struct nashra_style){0};
    apply_layers(builtin_brief(), style);
}

void nashra_template_apply(const struct nashra_template *t, struct nashra_style *style)
{
    nashra_template_default_style(style);
    apply_layers(t, style);
}

const char *nashra_template_name(const struct nashra_template *t)
{
    return t ? t->name : "brief";
}

const char *const *nashra_template_files(const struct nashra_template *t)
{
    return (const char *const *)t->files->pdata;
}

const char *const *nashra_template_font_dirs(const struct nashra_template *t)
{
    return (const char *const *)t->font_dirs->pdata;
}

void nashra_template_free(struct nashra_template *t)
{
    if (!t)
        return;
    g_ptr_array_free(t->layers, TRUE);
    g_ptr_array_free(t->files, TRUE);
    g_ptr_array_free(t->font_dirs, TRUE);
    g_free(t->name);
    g_free(t);
}
