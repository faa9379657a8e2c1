/* The page's own stylesheet, made from the template's values (fonts by script, sizes, colours,
 * spacing, measure, masthead, running head and foot), so that the page and the PDF share one
 * look: every value the PDF's layout takes from the style becomes a custom property here, and
 * a fixed stylesheet below sets the page with them. A dark scheme has the same colours with
 * their lightness turned over. */
#include "render/html_int.h"

#include <math.h>
#include <string.h>

#include "resolve/resolve.h"
#include "util/l10n.h"

/* ---- values ---- */

/* A length in points, written as CSS reads it whatever the locale. */
static void css_pt(GString *out, double v)
{
    char num[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(num, sizeof num, "%.4g", v);
    g_string_append_printf(out, "%spt", num);
}

static void css_num(GString *out, double v)
{
    char num[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(num, sizeof num, "%.4g", v);
    g_string_append(out, num);
}

static int css_byte(double v)
{
    return (int)lround(CLAMP(v, 0, 1) * 255);
}

static void css_rgb(GString *out, struct nashra_rgb c)
{
    g_string_append_printf(out, "#%02x%02x%02x", css_byte(c.r), css_byte(c.g), css_byte(c.b));
}

/* A light tint of C, as the PDF tints callout boxes: 1 - (1 - C) * AMOUNT. */
static struct nashra_rgb css_tint(struct nashra_rgb c, double amount)
{
    return (struct nashra_rgb){1 - (1 - c.r) * amount, 1 - (1 - c.g) * amount,
                               1 - (1 - c.b) * amount};
}

static struct nashra_rgb css_scale(struct nashra_rgb c, double k)
{
    return (struct nashra_rgb){c.r * k, c.g * k, c.b * k};
}

/* C for a dark page: the same hue and saturation, its lightness turned over (dark text
 * becomes light, light tints dark), kept off pure black and white. */
static struct nashra_rgb css_dark(struct nashra_rgb c)
{
    double mx = MAX(c.r, MAX(c.g, c.b)), mn = MIN(c.r, MIN(c.g, c.b));
    double l = (mx + mn) / 2, d = mx - mn, h = 0, s = 0;
    if (d > 1e-9) {
        s = l > 0.5 ? d / (2 - mx - mn) : d / (mx + mn);
        if (mx == c.r)
            h = fmod((c.g - c.b) / d + 6, 6);
        else if (mx == c.g)
            h = (c.b - c.r) / d + 2;
        else
            h = (c.r - c.g) / d + 4;
        h /= 6;
    }
    l = 0.09 + 0.84 * (1 - l);
    s = MIN(s, 0.75); /* saturated colours glare on a dark page */
    double q = l < 0.5 ? l * (1 + s) : l + s - l * s, p = 2 * l - q;
    double rgb[3];
    for (int i = 0; i < 3; i++) {
        double t = h + (1 - i) / 3.0;
        t -= floor(t);
        rgb[i] = t < 1 / 6.0   ? p + (q - p) * 6 * t
                 : t < 0.5     ? q
                 : t < 2 / 3.0 ? p + (q - p) * (2 / 3.0 - t) * 6
                               : p;
    }
    return (struct nashra_rgb){rgb[0], rgb[1], rgb[2]};
}

/* S as a CSS string: quotes, backslashes, control characters and <, > and & escaped (a
 * template's font name or a title must not end the <style> element). */
static void css_string(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&')
            g_string_append_printf(out, "\\%x ", c);
        else
            g_string_append_len(out, p, g_utf8_next_char(p) - p);
    }
    g_string_append_c(out, '"');
}

/* ---- fonts ---- */

enum css_generic { CSS_SERIF, CSS_SANS, CSS_MONO };

/* Faces readers commonly have for each script and kind, after the template's own. */
static const char *const css_fallbacks[NASHRA_FONT_SCRIPTS][3] = {
    [NASHRA_FONT_ARABIC] = {"Noto Naskh Arabic, Amiri, Traditional Arabic, Times New Roman",
                            "Noto Kufi Arabic, Noto Sans Arabic, Segoe UI, Tahoma",
                            "DejaVu Sans Mono, Menlo, Consolas"},
    [NASHRA_FONT_HEBREW] = {"Noto Serif Hebrew, David, Times New Roman",
                            "Noto Sans Hebrew, Arial Hebrew, Arial",
                            "DejaVu Sans Mono, Menlo, Consolas"},
    [NASHRA_FONT_LATIN] = {"Georgia, Times New Roman", "Helvetica Neue, Arial",
                           "DejaVu Sans Mono, Menlo, Consolas"},
    [NASHRA_FONT_URDU] = {"Noto Nastaliq Urdu, Jameel Noori Nastaleeq, Noto Naskh Arabic",
                          "Noto Nastaliq Urdu, Noto Sans Arabic",
                          "DejaVu Sans Mono, Menlo, Consolas"},
    [NASHRA_FONT_KURDISH] = {"Noto Naskh Arabic, Times New Roman",
                             "Noto Kufi Arabic, Noto Sans Arabic, Segoe UI, Tahoma",
                             "DejaVu Sans Mono, Menlo, Consolas"},
};

static void css_add_families(GPtrArray *names, const char *list)
{
    char **parts = g_strsplit(list ? list : "", ",", -1);
    for (char **p = parts; *p; p++) {
        g_strstrip(*p);
        bool seen = !**p;
        for (guint i = 0; i < names->len && !seen; i++)
            seen = !g_ascii_strcasecmp(g_ptr_array_index(names, i), *p);
        if (!seen)
            g_ptr_array_add(names, g_strdup(*p));
    }
    g_strfreev(parts);
}

/* The family list of ROLE for text of SCRIPT: the template's faces as the PDF tries them,
 * faces readers may have instead, and the generic family the first face is of. */
static void css_font(GString *out, const struct nashra_style *st, enum nashra_font_role role,
                     enum nashra_font_script script)
{
    const char *list = nashra_font_family(st, role, script);
    enum css_generic kind = role == NASHRA_FONT_CODE ? CSS_MONO : CSS_SERIF;
    if (role != NASHRA_FONT_CODE && list) {
        /* The kind of the first face, by its name: what a reader without it gets instead. */
        char *first = g_strndup(list, strcspn(list, ","));
        if (strstr(first, "Mono"))
            kind = CSS_MONO;
        else if (strstr(first, "Sans") || strstr(first, "Kufi") || strstr(first, "Gothic"))
            kind = CSS_SANS;
        g_free(first);
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    css_add_families(names, list);
    css_add_families(names, css_fallbacks[script][kind]);
    for (guint i = 0; i < names->len; i++) {
        css_string(out, g_ptr_array_index(names, i));
        g_string_append(out, ", ");
    }
    static const char *const generic[] = {"serif", "sans-serif", "monospace"};
    g_string_append(out, generic[kind]);
    g_ptr_array_free(names, TRUE);
}

/* ---- custom properties ---- */

struct css_colour {
    const char *name;
    struct nashra_rgb c;
};

static void css_colours(GString *out, const struct css_colour *cs, size_t n, bool dark)
{
    for (size_t i = 0; i < n; i++) {
        g_string_append_printf(out, "  --%s: ", cs[i].name);
        css_rgb(out, dark ? css_dark(cs[i].c) : cs[i].c);
        g_string_append(out, ";\n");
    }
}

static void css_properties(const struct nashra_doc *doc, const struct nashra_style *st,
                           GString *out)
{
    static const char *const kinds[] = {"note", "tip", "important", "warning", "caution",
                                        "summary"};
    const struct nashra_rgb white = {1, 1, 1};
    /* Colours the PDF's layout writes as constants rather than take from the template. */
    const struct nashra_rgb link = {0x10 / 255.0, 0x3a / 255.0, 0x8c / 255.0},
                            cite = {0x38 / 255.0, 0x44 / 255.0, 0x56 / 255.0},
                            code = {0x40 / 255.0, 0x20 / 255.0, 0x18 / 255.0},
                            quote = {0.62, 0.66, 0.72}, caption = {0.3, 0.3, 0.33},
                            credit = {0.45, 0.45, 0.48};
    struct css_colour cs[48] = {
        {"paper", white},
        {"desk", css_tint(st->rule, 0.22)},
        {"text", st->text},
        {"muted", st->muted},
        {"accent", st->accent},
        {"rule", st->rule},
        {"tint", st->tint},
        {"link", link},
        {"cite", cite},
        {"code-inline", code},
        {"quote-bar", quote},
        {"caption", caption},
        {"credit", credit},
        {"table-text", st->table_text},
        {"table-header", st->table_header},
        {"table-frame", st->table_frame},
        {"table-header-rule", st->table_header_rule},
        {"table-row-rule", st->table_row_rule},
        {"code-text", st->code_text},
        {"code-bg", st->code_background},
        {"list-marker", st->list_marker},
        {"hr", st->thematic_break},
        {"notes-rule", st->notes_rule},
        {"notes-label", st->notes_label},
    };
    size_t n = 24;
    char *names[G_N_ELEMENTS(kinds) * 3];
    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
        /* Each kind's bar, its box's tint and its title, as the PDF draws a callout. */
        names[k * 3] = g_strdup(kinds[k]);
        names[k * 3 + 1] = g_strconcat(kinds[k], "-tint", NULL);
        names[k * 3 + 2] = g_strconcat(kinds[k], "-title", NULL);
        cs[n++] = (struct css_colour){names[k * 3], st->callout[k]};
        cs[n++] = (struct css_colour){names[k * 3 + 1], css_tint(st->callout[k], 0.075)};
        cs[n++] = (struct css_colour){names[k * 3 + 2], css_scale(st->callout[k], 0.8)};
    }
    g_string_append(out, ":root {\n");
    css_colours(out, cs, n, false);
    /* Sizes and spacing in points, as the template gives them. */
    struct {
        const char *name;
        double v;
    } lengths[] = {
        {"size", st->body_size},
        {"h1", st->h_size[0] > 0 ? st->h_size[0] : st->body_size * 1.67},
        {"h2", st->h_size[1] > 0 ? st->h_size[1] : st->body_size * 1.33},
        {"h3", st->h_size[2] > 0 ? st->h_size[2] : st->body_size * 1.125},
        {"h4", st->body_size},
        {"h5", st->body_size * 0.95},
        {"h6", st->body_size * 0.9},
        {"title-size", st->title_size * (st->cover ? 1.15 : 1)},
        {"subtitle-size", st->subtitle_size * (st->cover ? 1.15 : 1)},
        {"byline-size", st->byline_size},
        {"masthead-size", st->masthead_size},
        {"header-size", st->header_size},
        {"notes-size", st->notes_size},
        {"code-size", st->code_size},
        {"gap", st->paragraph_gap},
        {"indent", st->indent_step},
        {"page-width", st->page_width},
        {"margin-top", st->margin_top},
        {"margin-bottom", st->margin_bottom},
        {"margin-start", st->margin_start},
        {"margin-end", st->margin_end},
        /* A figure is never taller than 60% of the text area. */
        {"figure-height", (st->page_height - st->margin_top - st->margin_bottom) * 0.6},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(lengths); i++) {
        g_string_append_printf(out, "  --%s: ", lengths[i].name);
        css_pt(out, lengths[i].v);
        g_string_append(out, ";\n");
    }
    g_string_append(out, "  --line: ");
    css_num(out, st->line_spacing);
    g_string_append(out, ";\n");
    /* Faces: the document's script's first, as the PDF sets text without a script of its own;
     * letters a face lacks come from the next one, as Pango's fallback does. */
    enum nashra_font_script script =
        nashra_font_script_of(doc->meta.resolved.lang, G_UNICODE_SCRIPT_COMMON);
    static const struct {
        const char *name;
        enum nashra_font_role role;
    } roles[] = {{"body-font", NASHRA_FONT_BODY},   {"heading-font", NASHRA_FONT_HEADING},
                 {"title-font", NASHRA_FONT_TITLE}, {"header-font", NASHRA_FONT_HEADER},
                 {"code-font", NASHRA_FONT_CODE}};
    for (size_t i = 0; i < G_N_ELEMENTS(roles); i++) {
        g_string_append_printf(out, "  --%s: ", roles[i].name);
        css_font(out, st, roles[i].role, script);
        g_string_append(out, ";\n");
    }
    g_string_append(out, "}\n@media screen and (prefers-color-scheme: dark) {\n:root {\n");
    css_colours(out, cs, n, true);
    g_string_append(out, "}\n}\n");
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        g_free(names[i]);
    /* Urdu and Kurdish are Arabic letters: only their language asks for Nastaliq, or for a
     * face that sets Kurdish ە tight. CSS cannot see letters, so ku and kmr need their -Arab. */
    static const struct {
        enum nashra_font_script script;
        const char *sel;
    } by_lang[] = {
        {NASHRA_FONT_URDU, ":lang(ur)"},
        {NASHRA_FONT_KURDISH, ":is(:lang(ckb), :lang(sdh), :lang(ku-Arab), :lang(kmr-Arab))"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(by_lang); i++) {
        enum nashra_font_script sc = by_lang[i].script;
        if (!st->script_font[NASHRA_FONT_BODY][sc])
            continue;
        double lh = st->script_line_height[sc] > 0 ? st->script_line_height[sc] : 1;
        g_string_append_printf(out, "%s { font-family: ", by_lang[i].sel);
        css_font(out, st, NASHRA_FONT_BODY, sc);
        g_string_append(out, "; line-height: ");
        css_num(out, st->line_spacing * lh);
        g_string_append_printf(out, "; }\n%s :is(h1, h2, h3, h4, h5, h6, .box-title, "
                                    ".callout-title) { font-family: ",
                               by_lang[i].sel);
        css_font(out, st, NASHRA_FONT_HEADING, sc);
        g_string_append(out, "; }\n");
    }
}

/* ---- the page ---- */

static const char css_page[] =
    "*, *::before, *::after { box-sizing: border-box; }\n"
    "html { color-scheme: light dark; background: var(--desk); -webkit-text-size-adjust: 100%; }\n"
    "body { margin: 2rem auto; max-width: var(--page-width); background: var(--paper);\n"
    "  color: var(--text); font-family: var(--body-font); font-size: var(--size);\n"
    "  line-height: var(--line); padding-block: calc(var(--margin-top) * .75) var(--margin-bottom);\n"
    "  padding-inline: var(--margin-start) var(--margin-end); font-kerning: normal;\n"
    "  box-shadow: 0 1px 3px rgb(0 0 0 / .14), 0 10px 30px rgb(0 0 0 / .06); }\n"
    "@media screen and (max-width: 44rem) {\n"
    "  body { margin: 0; padding: 1.25rem 1.5rem 2.5rem; box-shadow: none; } }\n"
    "a[href] { color: var(--link); text-decoration: none; }\n"
    "a[href]:hover, a[href]:focus-visible { text-decoration: underline; }\n"
    "img { max-width: 100%; height: auto; }\n"
    "bdi { unicode-bidi: isolate; }\n"
    /* The masthead: series, title, subtitle, byline, affiliations, date, source. */
    ".masthead { margin: 0 0 12pt; }\n"
    ".masthead > * { margin: 0; }\n"
    ".masthead .series { font: 700 var(--masthead-size)/1.5 var(--title-font); color: var(--accent); }\n"
    ".masthead .title { font: 700 var(--title-size)/1.5 var(--title-font); color: var(--text); }\n"
    ".masthead .series + .title { margin-top: 6pt; }\n"
    ".masthead .subtitle { font: 400 var(--subtitle-size)/1.5 var(--title-font); color: var(--muted);\n"
    "  margin-top: 3pt; }\n"
    ".masthead .byline { font-size: var(--byline-size); font-weight: 700; margin-top: 10pt; }\n"
    ".masthead .affiliations { font-size: calc(var(--byline-size) * .85); color: var(--muted); }\n"
    ".masthead .date, .masthead .source { font-size: calc(var(--size) * .92); color: var(--muted); }\n"
    ".masthead .byline + .date, .masthead .affiliations + .date { margin-top: 2pt; }\n"
    ".masthead .source a { color: var(--accent); }\n"
    /* The summary and "how to cite" boxes. */
    ".summary, .cite { background: var(--tint); border-inline-start: 3.5pt solid var(--accent);\n"
    "  padding: 7pt 11pt 9pt; margin: 14pt 0 12pt; break-inside: avoid; }\n"
    ".summary { font-size: calc(var(--size) * .96); }\n"
    ".cite { font-size: calc(var(--size) * .85); margin-top: calc(var(--gap) * 2.5); }\n"
    ".box-title { font: 700 .98em/1.5 var(--heading-font); color: var(--accent); margin: 0; }\n"
    ".summary p, .cite p { margin: 1pt 0 0; text-align: justify; }\n"
    ".summary p + p, .cite p + p { margin-top: 4pt; }\n"
    /* Running text. */
    "main p, main ul, main ol, main blockquote, main pre, main table, main figure,\n"
    "main .callout { margin: var(--gap) 0 0; }\n"
    "main > :first-child { margin-top: 0; }\n"
    "main p, main li { text-align: justify; }\n"
    "main p[id] { position: relative; }\n"
    ".pnum { position: absolute; top: -.1em;\n"
    "  font: 400 .62em/calc(var(--line) / .62) var(--heading-font); color: var(--muted);\n"
    "  user-select: none; }\n"
    "h1, h2, h3, h4, h5, h6 { font-family: var(--heading-font); font-weight: 700;\n"
    "  color: var(--accent); line-height: 1.45; margin: .9em 0 0; break-after: avoid; }\n"
    "main > h1:first-child, main > h2:first-child { margin-top: 0; }\n"
    "h1 { font-size: var(--h1); margin-top: 1.1em; } h2 { font-size: var(--h2); }\n"
    "h3 { font-size: var(--h3); } h4 { font-size: var(--h4); }\n"
    "h5 { font-size: var(--h5); } h6 { font-size: var(--h6); }\n"
    "main :is(h1, h2, h3, h4, h5, h6) + * { margin-top: 2pt; }\n"
    "ul, ol { padding-inline-start: var(--indent); }\n"    /* The PDF's bullets, in the text's own face: smaller than a browser's discs. */
    "ul { list-style-type: \"\\2022\\a0\\a0\"; }\n"
    ":is(ul, ol) ul { list-style-type: \"\\25E6\\a0\\a0\"; }\n"
    ":is(ul, ol) :is(ul, ol) ul { list-style-type: \"\\25AA\\a0\\a0\"; }\n"
    "li::marker { color: var(--list-marker); }\n"
    "li > ul, li > ol { margin-top: 0; }\n"    /* An item against its list's direction: the indent moves to its own start side. */
    ":is(ul, ol):dir(rtl) > li:dir(ltr), :is(ul, ol):dir(ltr) > li:dir(rtl) {\n"
    "  margin-inline-start: var(--indent); margin-inline-end: calc(-1 * var(--indent)); }\n"
    "li > p:first-child { margin-top: 0; }\n"
    "blockquote { margin-inline: 0; border-inline-start: 1.6pt solid var(--quote-bar);\n"
    "  padding-inline-start: calc(var(--indent) * .75 - 1.6pt); }\n"
    "blockquote > :first-child { margin-top: 0; }\n"
    ".attribution { text-align: end; font-style: italic; font-size: .9em;\n"
    "  color: var(--caption); margin-top: 2pt; }\n"
    ".callout { background: var(--c-tint); border-inline-start: 3.5pt solid var(--c);\n"
    "  padding: 5pt 9pt 7pt; break-inside: avoid; }\n"
    ".callout > .callout-title { font: 700 .95em/1.6 var(--heading-font); color: var(--c-title);\n"
    "  margin: 0; }\n"
    ".callout > .callout-title + * { margin-top: 2pt; }\n"
    ".callout-note { --c: var(--note); --c-tint: var(--note-tint); --c-title: var(--note-title); }\n"
    ".callout-tip { --c: var(--tip); --c-tint: var(--tip-tint); --c-title: var(--tip-title); }\n"
    ".callout-important { --c: var(--important); --c-tint: var(--important-tint);\n"
    "  --c-title: var(--important-title); }\n"
    ".callout-warning { --c: var(--warning); --c-tint: var(--warning-tint);\n"
    "  --c-title: var(--warning-title); }\n"
    ".callout-caution { --c: var(--caution); --c-tint: var(--caution-tint);\n"
    "  --c-title: var(--caution-title); }\n"
    ".callout-summary { --c: var(--summary); --c-tint: var(--summary-tint);\n"
    "  --c-title: var(--summary-title); }\n"
    "code, pre { font-family: var(--code-font); }\n"
    ":not(pre) > code { font-size: .85em; color: var(--code-inline); }\n"
    "pre { font-size: var(--code-size); line-height: 1.45; background: var(--code-bg);\n"
    "  color: var(--code-text); padding: 6pt; white-space: pre-wrap; overflow-wrap: anywhere;\n"
    "  text-align: left; }\n"
    "hr { border: 0; height: .8pt; width: min(90pt, 33%); background: var(--hr);\n"
    "  margin: calc(var(--gap) + var(--size) * .75 - .4pt) auto calc(var(--size) * .75 - .4pt); }\n"
    ".citation a, sup.footnote-ref a { color: var(--link); }\n"
    ".citation { color: var(--cite); }\n"
    ".citation[dir] { unicode-bidi: isolate; }\n"
    "sup.footnote-ref { font-size: .62em; line-height: 0; vertical-align: .68em; }\n"
    /* Figures and tables, captioned as in the PDF. */
    "figure { margin-inline: 0; text-align: center; break-inside: avoid; }\n"
    "figure img { max-height: var(--figure-height); }\n"
    "figcaption, caption { font-size: .88em; line-height: 1.45; color: var(--caption);\n"
    "  margin-top: 3pt; text-align: center; }\n"
    "figcaption .label, caption .label { font-weight: 700; }\n"
    ".credit { display: block; font-size: .886em; color: var(--credit); margin-top: 1pt; }\n"
    "table { width: 100%; border-collapse: collapse; font-size: .9em; line-height: 1.45;\n"
    "  color: var(--table-text); border-block: .9pt solid var(--table-frame); }\n"
    "th, td { padding: 3.5pt 5pt; text-align: start; vertical-align: top;\n"
    "  border-bottom: .35pt solid var(--table-row-rule); font-variant-numeric: tabular-nums; }\n"
    "thead th { background: var(--table-header); font-weight: 700;\n"
    "  border-bottom: .7pt solid var(--table-header-rule); }\n"
    "caption { caption-side: bottom; padding-top: 3pt; font-size: .978em; }\n"
    /* Notes at the end, each back to its call; the references. */
    ".footnotes { margin-top: calc(var(--gap) * 2.5); font-size: var(--notes-size); }\n"
    ".footnotes::before { content: \"\"; display: block; width: min(110pt, 25%);\n"
    "  border-top: .7pt solid var(--notes-rule); margin-bottom: 6pt; }\n"
    ".footnotes .notes-title { font: 700 calc(var(--size) * .95)/1.5 var(--heading-font);\n"
    "  color: var(--notes-label); margin: 0; text-align: start; }\n"
    ".footnotes ol { margin: 2pt 0 0; }\n"
    ".footnotes li + li { margin-top: 4pt; }\n"
    ".footnotes li p { margin: 0; }\n"
    ".footnotes li p + p { margin-top: 4pt; }\n"
    ".footnotes li:target { background: var(--tint); }\n"
    ".footnote-backref { margin-inline-start: .35em; }\n"
    ".references p { text-align: start; }\n"
    ".hanging-indent p { padding-inline-start: var(--indent); text-indent: calc(-1 * var(--indent)); }\n"
    ".license { margin-top: 18pt; font-size: calc(var(--header-size) * .9); color: var(--muted); }\n"
    ":target { scroll-margin-top: 1rem; }\n"
    /* Print: the PDF's page, its text in the page's text area. */
    "@media print {\n"
    "  html, body { background: none; }\n"
    "  body { margin: 0; padding: 0; max-width: none; box-shadow: none; }\n"
    "  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }\n"
    "  main p { orphans: 2; widows: 2; }\n"
    "  figure, .callout, blockquote, pre, tr, .summary, .cite, .masthead { break-inside: avoid; }\n"
    "  thead { display: table-header-group; }\n"
    "  .footnotes li:target { background: none; }\n"
    "}\n";

/* PATTERN expanded as CSS `content`: its variables' values as strings, {page} and {pages} as
 * the page counters in the brief's digits. */
static void css_content(GString *out, const struct nashra_meta *m, const char *pattern)
{
    GHashTable *vars = nashra_page_vars(m);
    g_hash_table_insert(vars, "page", g_strdup("\x01"));
    g_hash_table_insert(vars, "pages", g_strdup("\x02"));
    char *text = nashra_expand_pattern(pattern, vars);
    g_hash_table_destroy(vars);
    g_strstrip(text);
    const char *style = m->resolved.digits == NASHRA_DIGITS_ARABIC_INDIC ? "arabic-indic"
                        : m->resolved.digits == NASHRA_DIGITS_PERSIAN    ? "persian"
                                                                         : "decimal";
    bool first = true;
    for (char *p = text; *p;) {
        size_t n = strcspn(p, "\x01\x02");
        if (!first)
            g_string_append_c(out, ' ');
        first = false;
        if (n) {
            char *piece = g_strndup(p, n);
            css_string(out, piece);
            g_free(piece);
            p += n;
            continue;
        }
        g_string_append_printf(out, "counter(%s, %s)", *p == '\x01' ? "page" : "pages", style);
        p++;
    }
    if (first)
        g_string_append(out, "none");
    g_free(text);
}

/* A margin box's text: the running head's face and size, muted, as the PDF draws it. Values,
 * not custom properties, which page margin boxes do not inherit. */
static void css_margin_font(GString *out, const struct nashra_doc *doc,
                            const struct nashra_style *st)
{
    g_string_append(out, "font-family: ");
    css_font(out, st, NASHRA_FONT_HEADER,
             nashra_font_script_of(doc->meta.resolved.lang, G_UNICODE_SCRIPT_COMMON));
    g_string_append(out, "; font-size: ");
    css_pt(out, st->header_size);
    g_string_append(out, "; color: ");
    css_rgb(out, st->muted);
    g_string_append(out, ";");
}

/* The printed page: the template's size and margins, the running head from its page on, the
 * foot on every page, as the PDF's pages have them. */
static void css_print(const struct nashra_doc *doc, const struct nashra_style *st, GString *out)
{
    const struct nashra_meta *m = &doc->meta;
    bool rtl = m->resolved.dir == NASHRA_DIR_RTL;
    g_string_append(out, "@page {\n  size: ");
    css_pt(out, st->page_width);
    g_string_append_c(out, ' ');
    css_pt(out, st->page_height);
    /* Paragraph numbers stand in the start margin: the page box takes in ROOM of it, which
     * the body gives back as padding, or Chromium would shrink the page to fit them. */
    double room = MIN(st->margin_start, 30);
    g_string_append(out, ";\n  margin: ");
    css_pt(out, st->margin_top);
    g_string_append_c(out, ' ');
    css_pt(out, rtl ? st->margin_start - room : st->margin_end);
    g_string_append_c(out, ' ');
    css_pt(out, st->margin_bottom);
    g_string_append_c(out, ' ');
    css_pt(out, rtl ? st->margin_end : st->margin_start - room);
    g_string_append(out, ";\n");
    const char *side = rtl ? "right" : "left";
    if (st->header_from > 0) {
        const char *pat = st->header_pattern ? st->header_pattern
                                             : nashra_default_running_head(m);
        /* The head's baseline at 55% of the top margin, a rule under it across the page. */
        g_string_append_printf(out, "  @top-%s { content: ", side);
        css_content(out, m, pat);
        g_string_append(out, ";\n    ");
        css_margin_font(out, doc, st);
        g_string_append_printf(out, " direction: %s; text-align: %s; vertical-align: bottom;"
                                    " margin-%s: ",
                               rtl ? "rtl" : "ltr", side, side);
        css_pt(out, room);
        g_string_append(out, ";\n    ");
        double below = st->margin_top * 0.45 - st->header_size * 0.55;
        if (st->header_rule) {
            g_string_append(out, "border-bottom: .5pt solid ");
            css_rgb(out, st->rule);
            g_string_append(out, "; padding-bottom: 2pt; margin-bottom: ");
            css_pt(out, below - 2);
        } else {
            g_string_append(out, "padding-bottom: ");
            css_pt(out, below);
        }
        g_string_append(out, "; }\n");
    }
    const char *foot = st->footer_pattern ? st->footer_pattern
                                          : nashra_text(m->resolved.lang, NASHRA_TEXT_PAGE_OF);
    g_string_append(out, "  @bottom-center { content: ");
    css_content(out, m, foot);
    g_string_append(out, ";\n    ");
    css_margin_font(out, doc, st);
    g_string_append_printf(out, " direction: %s; vertical-align: top; padding-top: ",
                           rtl ? "rtl" : "ltr");
    css_pt(out, st->margin_bottom * 0.55 - st->header_size * 1.1);
    g_string_append(out, "; }\n}\n@media print { body { padding-inline-start: ");
    css_pt(out, room);
    g_string_append(out, "; } }\n");
    /* Pages before the running head's first have none (a cover has no foot either). */
    if (st->header_from > 1 || st->cover) {
        g_string_append(out, "@page :first {");
        if (st->header_from > 1)
            g_string_append_printf(out, " @top-%s { content: none; border: 0; }", side);
        if (st->cover)
            g_string_append(out, " @bottom-center { content: none; }");
        g_string_append(out, " }\n");
    }
    if (st->cover)
        g_string_append(out, "@media print { .masthead { margin-top: 22vh; break-after: page; }"
                             " .summary { break-before: page; } }\n");
}

/* The masthead as the template draws it: a tinted box under a band of the accent colour, or
 * plain; with a rule under it or not. */
static void css_masthead(const struct nashra_style *st, GString *out)
{
    if (st->masthead == NASHRA_MASTHEAD_BOX)
        g_string_append(out, ".masthead.boxed { background: var(--tint); border-top: 4pt solid "
                             "var(--accent); padding: 10pt 14pt; }\n");
    if (st->masthead_rule)
        g_string_append_printf(out, ".masthead { border-bottom: %s solid var(--accent);%s }\n",
                               st->masthead == NASHRA_MASTHEAD_BOX ? "1.2pt" : ".9pt",
                               st->masthead == NASHRA_MASTHEAD_BOX ? "" : " padding-bottom: 9pt;");
}

void html_stylesheet(const struct nashra_doc *doc, const struct nashra_style *st, GString *out)
{
    css_properties(doc, st, out);
    g_string_append(out, css_page);
    /* Paragraph numbers in the document's start margin, whatever the paragraph's direction. */
    g_string_append_printf(out, ".pnum { %s: calc(100%% + 9pt); }\n",
                           doc->meta.resolved.dir == NASHRA_DIR_RTL ? "left" : "right");
    css_masthead(st, out);
    css_print(doc, st, out);
}
