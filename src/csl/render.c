/* Rendering a layout: dispatch over the style's elements, <text>, <number>, <label>, <group>,
 * <choose>, the decorations every element takes, text-case and sort keys. Names and dates are
 * render_names.c's and render_date.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csl/csl_int.h"

/* The item being rendered, for text-case's language check (csl_decorate has no context). */
static _Thread_local const struct nashra_csl_item *cur_item;

static const char *const number_vars[] = {
    "chapter-number", "citation-number", "collection-number", "edition", "first-reference-note-number",
    "issue", "locator", "number", "number-of-pages", "number-of-volumes", "page", "page-first",
    "part-number", "printing-number", "section", "supplement-number", "version", "volume", NULL};

static const char *const date_vars[] = {"accessed", "available-date", "event-date", "issued",
                                        "original-date", "submitted", NULL};

static bool in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (!strcmp(*list, s))
            return true;
    return false;
}

static char *make_citation_label(const struct nashra_csl_item *item);

static char *year_suffix_text(int n)
{
    GString *s = g_string_new(NULL);
    while (n > 0) {
        n--;
        g_string_prepend_c(s, (char)('a' + n % 26));
        n /= 26;
    }
    return g_string_free(s, false);
}

/* Whether S[0..LEN) is one number as citeproc-js reads it: an optional letter prefix, digits,
 * optional letters ("12", "A3", "4b"). */
static bool numeric_token(const char *s, gsize len)
{
    while (len && *s == ' ') {
        s++;
        len--;
    }
    while (len && s[len - 1] == ' ')
        len--;
    gsize i = 0;
    while (i < len && g_ascii_isalpha(s[i]))
        i++;
    gsize d = i;
    while (i < len && g_ascii_isdigit(s[i]))
        i++;
    if (i == d)
        return false;
    while (i < len && g_ascii_isalpha(s[i]))
        i++;
    return i == len;
}

/* A hyphen between two numbers in issue, volume, edition, number or collection-number is a
 * range: citeproc-js writes it with the page-range (year-range) delimiter, an en dash by
 * default, whether the variable is rendered by <number> or <text>. "\-" stays a hyphen. */
static char *number_var_ranges(struct nashra_csl_engine *e, const char *var, const char *value)
{
    static const char *const ranged[] = {"issue", "volume", "edition", "number",
                                         "collection-number", NULL};
    if (!in_list(ranged, var) || !strchr(value, '-'))
        return NULL;
    const char *delim = csl_term(e,
                                 strcmp(var, "collection-number") == 0 ? "year-range-delimiter"
                                                                       : "page-range-delimiter",
                                 "long", false, NULL);
    if (!delim || !*delim)
        delim = "\u2013";
    GString *out = g_string_new(NULL);
    const char *tok = value; /* start of the token before the current position */
    for (const char *p = value; *p; p++) {
        if (*p == '\\' && p[1] == '-') {
            g_string_append_c(out, '-');
            p++;
            continue;
        }
        if (*p != '-') {
            g_string_append_c(out, *p);
            if (*p == ',' || *p == ';' || *p == '&')
                tok = p + 1;
            continue;
        }
        const char *q = p + 1;
        gsize n = 0;
        while (q[n] && !strchr("-,;&\\", q[n]))
            n++;
        if (numeric_token(tok, (gsize)(p - tok)) && numeric_token(q, n)) {
            while (out->len && out->str[out->len - 1] == ' ')
                g_string_truncate(out, out->len - 1);
            g_string_append(out, delim);
            while (p[1] == ' ')
                p++;
        } else {
            g_string_append_c(out, '-');
        }
        tok = p + 1;
    }
    return g_string_free(out, false);
}

/* The first page of a "12-15" or "12, 14" value. */
static char *first_page(const char *page)
{
    gsize n = 0;
    while (page[n] && !strchr("-,&", page[n]) && strncmp(page + n, "\u2013", 3) != 0)
        n++;
    while (n > 0 && page[n - 1] == ' ')
        n--;
    return g_strndup(page, n);
}

/* The text of a standard or number variable, special ones included; NULL when absent or
 * empty. g_free. */
static char *var_value(struct csl_ctx *ctx, const char *name)
{
    const char *v = NULL;
    if (!strcmp(name, "locator")) {
        v = ctx->cite ? ctx->cite->locator : NULL;
        if (v) {
            char *t = g_strstrip(g_strdup(v));
            if (t[0])
                return t;
            g_free(t);
            return NULL;
        }
    } else if (!strcmp(name, "citation-number")) {
        return ctx->citation_number > 0 ? g_strdup_printf("%d", ctx->citation_number) : NULL;
    } else if (!strcmp(name, "year-suffix")) {
        return ctx->year_suffix > 0 ? year_suffix_text(ctx->year_suffix) : NULL;
    } else if (!strcmp(name, "citation-label") && ctx->item) {
        /* the label carries the year-suffix that tells equal labels apart */
        const char *given = csl_item_var(ctx->item, "citation-label");
        char *l = given && given[0] ? g_strdup(given) : make_citation_label(ctx->item);
        if (ctx->year_suffix > 0 && !ctx->sorting) {
            char *ys = year_suffix_text(ctx->year_suffix);
            char *t = g_strconcat(l, ys, NULL);
            g_free(ys);
            g_free(l);
            l = t;
        }
        return l;
    } else if (!strcmp(name, "first-reference-note-number")) {
        return ctx->first_reference_note_number > 0
                   ? g_strdup_printf("%d", ctx->first_reference_note_number)
                   : NULL;
    } else if (ctx->item) {
        v = csl_item_var(ctx->item, name);
        if ((!v || !v[0]) && !strcmp(name, "page-first")) {
            const char *p = csl_item_var(ctx->item, "page");
            if (p && p[0])
                return first_page(p);
        }
        if ((!v || !v[0]) && !strcmp(name, "container-title-short"))
            v = csl_item_var(ctx->item, "journalAbbreviation");
        if ((!v || !v[0]) && !strcmp(name, "title-short"))
            v = csl_item_var(ctx->item, "shortTitle");
    }
    return v && v[0] ? g_strdup(v) : NULL;
}

static bool suppressed(struct csl_ctx *ctx, const char *var)
{
    return ctx->suppressed && g_hash_table_contains(ctx->suppressed, g_intern_string(var));
}

static void record_var(struct csl_ctx *ctx, const char *var, bool rendered)
{
    ctx->vars_called++;
    if (rendered) {
        ctx->vars_rendered++;
        if (ctx->subst_record)
            g_hash_table_add(ctx->subst_record, (gpointer)g_intern_string(var));
    }
}

/* ---- Decorations ---- */

static void strip_periods(struct nashra_csl_out *o)
{
    if (o->kind == CSL_OUT_TEXT) {
        char *w = o->text;
        for (char *r = o->text; *r; r++)
            if (*r != '.')
                *w++ = *r;
        *w = 0;
        return;
    }
    for (guint i = 0; i < o->children->len; i++)
        strip_periods(g_ptr_array_index(o->children, i));
}

static void read_format(const struct csl_node *node, struct csl_format *f)
{
    const char *v;
    if ((v = csl_attr(node, "font-style")))
        f->font_style = !strcmp(v, "italic")    ? CSL_FS_ITALIC
                        : !strcmp(v, "oblique") ? CSL_FS_OBLIQUE
                        : !strcmp(v, "normal")  ? CSL_FS_NORMAL
                                                : CSL_FS_INHERIT;
    if ((v = csl_attr(node, "font-variant")))
        f->font_variant = !strcmp(v, "small-caps") ? CSL_FV_SMALL_CAPS
                          : !strcmp(v, "normal")   ? CSL_FV_NORMAL
                                                   : CSL_FV_INHERIT;
    if ((v = csl_attr(node, "font-weight")))
        f->font_weight = !strcmp(v, "bold")     ? CSL_FW_BOLD
                         : !strcmp(v, "light")  ? CSL_FW_LIGHT
                         : !strcmp(v, "normal") ? CSL_FW_NORMAL
                                                : CSL_FW_INHERIT;
    if ((v = csl_attr(node, "text-decoration")))
        f->text_decoration = !strcmp(v, "underline") ? CSL_TD_UNDERLINE
                             : !strcmp(v, "none")    ? CSL_TD_NONE
                                                     : CSL_TD_INHERIT;
    if ((v = csl_attr(node, "vertical-align")))
        f->vertical_align = !strcmp(v, "sup")        ? CSL_VA_SUP
                            : !strcmp(v, "sub")      ? CSL_VA_SUB
                            : !strcmp(v, "baseline") ? CSL_VA_BASELINE
                                                     : CSL_VA_INHERIT;
}

/* The item's language, else the locale's: title case is for English only. */
static const char *item_lang(const struct nashra_csl_engine *e)
{
    const char *l = cur_item ? csl_item_var(cur_item, "language") : NULL;
    return l && l[0] ? l : e ? e->lang : NULL;
}

struct nashra_csl_out *csl_decorate(struct nashra_csl_engine *e, const struct csl_node *node,
                                    struct nashra_csl_out *out)
{
    if (!out)
        out = csl_out_group();
    if (!node || csl_out_is_empty(out))
        return out;
    if (csl_attr_true(node, "strip-periods"))
        strip_periods(out);
    const char *tc = csl_attr(node, "text-case");
    if (tc)
        csl_text_case(out, tc, item_lang(e));
    struct csl_format f = {0};
    read_format(node, &f);
    const char *prefix = csl_attr(node, "prefix"), *suffix = csl_attr(node, "suffix");
    const char *display = csl_attr(node, "display");
    bool quotes = csl_attr_true(node, "quotes");
    bool any_format = f.font_style || f.font_variant || f.font_weight || f.text_decoration ||
                      f.vertical_align;
    if (!(prefix && prefix[0]) && !(suffix && suffix[0]) && !display && !quotes && !any_format)
        return out;
    struct nashra_csl_out *g = csl_out_group();
    csl_out_append(g, out);
    if (node->kind == CSL_LAYOUT && any_format) {
        /* a layout's affixes sit inside its formatting */
        struct nashra_csl_out *outer = csl_out_group();
        g->prefix = prefix && prefix[0] ? g_strdup(prefix) : NULL;
        g->suffix = suffix && suffix[0] ? g_strdup(suffix) : NULL;
        g->var = out->var;
        csl_out_append(outer, g);
        outer->format = f;
        outer->quotes = quotes;
        outer->var = out->var;
        return outer;
    }
    g->format = f;
    g->prefix = prefix && prefix[0] ? g_strdup(prefix) : NULL;
    g->suffix = suffix && suffix[0] ? g_strdup(suffix) : NULL;
    g->quotes = quotes;
    if (display) {
        static const char *const displays[] = {"block", "left-margin", "right-inline", "indent",
                                               NULL};
        for (int i = 0; displays[i]; i++)
            if (!strcmp(display, displays[i]))
                g->display = displays[i];
    }
    g->var = out->var;
    return g;
}

/* ---- Text-case ---- */

/* CSL's English stop words, with the prepositions and particles citeproc-js also keeps
 * lower-case in title case. */
static const char *const stop_words[] = {
    "a", "about", "above", "across", "afore", "after", "against", "along", "alongside", "amid",
    "amidst", "among", "amongst", "an", "and", "anenst", "apropos", "apud", "around", "as",
    "aside", "astride", "at", "athwart", "atop", "barring", "before", "behind", "below",
    "beneath", "beside", "besides", "between", "beyond", "but", "by", "circa", "de", "despite",
    "down", "during", "except", "for", "forenenst", "from", "given", "in", "inside", "into",
    "lest", "like", "modulo", "near", "next", "nor", "notwithstanding", "of", "off", "on", "onto",
    "or", "out", "over", "per", "plus", "qua", "sans", "since", "so", "than", "the",
    "through", "throughout", "thru", "thruout", "till", "to", "toward", "towards", "under",
    "underneath", "until", "unto", "up", "upon", "v", "van", "versus", "via", "von", "vs",
    "with", "within", "without", "yet", NULL};

/* Keeps the letters citeproc-js allows in a citation label (Latin, Greek, Cyrillic, Hebrew,
 * Arabic, Thai), capitalised ("Asth"), at most N characters. */
static void label_piece(GString *out, const char *s, glong n)
{
    GString *w = g_string_new(NULL);
    glong len = 0;
    for (const char *p = s; *p && len < n; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        bool keep = (c < 0x80 && g_ascii_isalpha(c)) || (c >= 0xc0 && c <= 0x17f) ||
                    (c >= 0x370 && c <= 0x3ff) || (c >= 0x400 && c <= 0x52f) ||
                    (c >= 0x590 && c <= 0x5ff) || (c >= 0x600 && c <= 0x6ff) ||
                    (c >= 0xe01 && c <= 0xe5b) || (c >= 0x1f00 && c <= 0x1fff);
        if (!keep)
            continue;
        g_string_append_unichar(w, len == 0 ? g_unichar_toupper(c) : g_unichar_tolower(c));
        len++;
    }
    g_string_append(out, w->str);
    g_string_free(w, true);
}

/* citeproc-js's generated citation-label (trigraph "Aaaa00:AaAa00:AaAA00:AAAA00"): letters
 * of the first names' family names by their count, else of the title's words without stop
 * words, then the year's last two digits. */
static char *make_citation_label(const struct nashra_csl_item *item)
{
    static const int take[4][4] = {{4, 0, 0, 0}, {2, 2, 0, 0}, {2, 1, 1, 0}, {1, 1, 1, 1}};
    static const char *const name_vars[] = {
        "author", "chair", "collection-editor", "compiler", "composer", "container-author",
        "contributor", "curator", "director", "editor", "editor-translator",
        "editorial-director", "executive-producer", "guest", "host", "illustrator",
        "interviewer", "narrator", "organizer", "original-author", "performer", "producer",
        "recipient", "reviewed-author", "script-writer", "series-creator", "translator",
        "commenter", NULL};
    GString *label = g_string_new(NULL);
    for (int v = 0; name_vars[v]; v++) {
        GPtrArray *names = csl_item_names(item, name_vars[v]);
        if (!names || !names->len)
            continue;
        const int *cfg = take[MIN(names->len, 4) - 1];
        for (guint j = 0; j < names->len && j < 4 && cfg[j]; j++) {
            const struct csl_name *nm = names->pdata[j];
            const char *s = nm->family ? nm->family : nm->literal;
            if (!s)
                break;
            if (!g_ascii_strncasecmp(s, "the ", 4))
                s += 4;
            else if (!g_ascii_strncasecmp(s, "an ", 3))
                s += 3;
            else if (!g_ascii_strncasecmp(s, "a ", 2))
                s += 2;
            label_piece(label, s, cfg[j]);
        }
        break;
    }
    const char *title = label->len ? NULL : csl_item_var(item, "title");
    if (title) {
        char **words = g_strsplit_set(title, " \t\n", -1);
        GString *joined = g_string_new(NULL);
        for (char **w = words; *w; w++)
            if (**w && !g_strv_contains(stop_words, *w))
                g_string_append(joined, *w);
        label_piece(label, joined->str, 4);
        g_string_free(joined, true);
        g_strfreev(words);
    }
    const struct csl_date *d = csl_item_date(item, "issued");
    int year = d && !d->literal ? d->from.year : 0;
    g_string_append_printf(label, "%02d", year > 0 ? year % 100 : 0);
    return g_string_free(label, false);
}

static int str_ptr_cmp(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

/* stop_words is in strcmp order: title case asks once per word of every title. */
static bool is_stop_word(const char *w)
{
    return bsearch(w, stop_words, G_N_ELEMENTS(stop_words) - 1, sizeof *stop_words,
                   str_ptr_cmp) != NULL;
}

struct tc_seg {
    struct nashra_csl_out *node;
    bool nocase;
    gsize start, end; /* bytes in the joined text */
};

static void tc_collect(struct nashra_csl_out *o, bool nocase, bool implicit, GArray *segs,
                       GString *all)
{
    /* small caps, superscript and subscript in a title are left as written */
    if (o->nocase || o->nodecor || (implicit && (o->format.font_variant == CSL_FV_SMALL_CAPS ||
                                   o->format.vertical_align == CSL_VA_SUP ||
                                   o->format.vertical_align == CSL_VA_SUB)))
        nocase = true;
    if (o->kind == CSL_OUT_TEXT) {
        struct tc_seg s = {o, nocase, all->len, 0};
        g_string_append(all, o->text);
        s.end = all->len;
        g_array_append_val(segs, s);
        return;
    }
    for (guint i = 0; i < o->children->len; i++)
        tc_collect(g_ptr_array_index(o->children, i), nocase, implicit, segs, all);
}

enum tc_act { TC_KEEP, TC_UPPER, TC_LOWER };

static bool word_char(gunichar c)
{
    return g_unichar_isalnum(c) || c == '\'' || c == 0x2019 || c == '`' || g_unichar_ismark(c);
}

static bool is_english(const char *lang)
{
    return !lang || !lang[0] || !g_ascii_strncasecmp(lang, "en", 2);
}

void csl_text_case(struct nashra_csl_out *out, const char *tc, const char *lang)
{
    if (!out || !tc)
        return;
    enum { LOWER, UPPER, CAP_FIRST, CAP_ALL, SENTENCE, TITLE } mode;
    if (!strcmp(tc, "lowercase"))
        mode = LOWER;
    else if (!strcmp(tc, "uppercase"))
        mode = UPPER;
    else if (!strcmp(tc, "capitalize-first"))
        mode = CAP_FIRST;
    else if (!strcmp(tc, "capitalize-all"))
        mode = CAP_ALL;
    else if (!strcmp(tc, "sentence"))
        mode = SENTENCE;
    else if (!strcmp(tc, "title"))
        mode = TITLE;
    else
        return;
    if (mode == TITLE && !is_english(lang))
        return;
    GArray *segs = g_array_new(false, false, sizeof(struct tc_seg));
    GString *all = g_string_new(NULL);
    tc_collect(out, false, mode == TITLE || mode == SENTENCE, segs, all);
    /* one action per byte offset of a character's start */
    guint8 *act = g_malloc0(all->len + 1);
    bool has_lower = false, has_upper = false;
    for (const char *p = all->str; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        has_lower |= g_unichar_islower(c);
        has_upper |= g_unichar_isupper(c);
    }
    bool all_upper = has_upper && !has_lower;
    /* words */
    int word_no = 0;
    gsize last_word_start = (gsize)-1;
    for (const char *p = all->str; *p;) {
        gunichar c = g_utf8_get_char(p);
        if (!word_char(c) || c == '\'' || c == 0x2019) {
            p = g_utf8_next_char(p);
            continue;
        }
        const char *ws = p;
        while (*p && word_char(g_utf8_get_char(p)))
            p = g_utf8_next_char(p);
        last_word_start = ws - all->str;
        word_no++;
    }
    int wi = 0;
    gunichar before = 0; /* the last non-space character before the current word */
    for (const char *p = all->str; *p;) {
        gunichar c = g_utf8_get_char(p);
        if (!word_char(c) || c == '\'' || c == 0x2019) {
            if (mode == LOWER)
                act[p - all->str] = TC_LOWER;
            else if (mode == UPPER)
                act[p - all->str] = TC_UPPER;
            if (!g_unichar_isspace(c))
                before = c;
            p = g_utf8_next_char(p);
            continue;
        }
        const char *ws = p;
        bool w_lower = true, w_upper_rest = false;
        const char *q = p;
        for (bool first = true; *q && word_char(g_utf8_get_char(q)); q = g_utf8_next_char(q)) {
            gunichar d = g_utf8_get_char(q);
            if (g_unichar_isupper(d)) {
                w_lower = false;
                if (!first)
                    w_upper_rest = true;
            }
            first = false;
        }
        char *word = g_strndup(ws, q - ws);
        char *lw = g_utf8_strdown(word, -1);
        bool first_word = wi == 0, last_word = (gsize)(ws - all->str) == last_word_start;
        wi++;
        bool after_colon = before == ':' || before == '?' || before == '!';
        bool stop = mode == TITLE && !first_word && !last_word && !after_colon &&
                    is_stop_word(lw);
        for (const char *r = ws; r < q; r = g_utf8_next_char(r)) {
            bool initial = r == ws;
            enum tc_act a = TC_KEEP;
            switch (mode) {
            case LOWER: a = TC_LOWER; break;
            case UPPER: a = TC_UPPER; break;
            case CAP_FIRST: a = initial && first_word ? TC_UPPER : TC_KEEP; break;
            case CAP_ALL: a = initial ? TC_UPPER : TC_KEEP; break;
            case SENTENCE:
                if (initial && first_word)
                    a = TC_UPPER;
                else
                    a = all_upper || !w_upper_rest ? TC_LOWER : TC_KEEP;
                break;
            case TITLE: {
                /* words with capitals are left as written; so is a lone letter joined by a
                 * hyphen ("β-carotine", "07-x") */
                bool lone = g_utf8_strlen(word, -1) == 1 &&
                            (*q == '-' || (ws > all->str && ws[-1] == '-'));
                if (w_lower && !stop && !lone)
                    a = initial ? TC_UPPER : TC_KEEP;
                break;
            }
            }
            act[r - all->str] = a;
        }
        g_free(word);
        g_free(lw);
        before = g_utf8_get_char(g_utf8_prev_char(q));
        p = q;
    }
    for (guint i = 0; i < segs->len; i++) {
        struct tc_seg *s = &g_array_index(segs, struct tc_seg, i);
        if (s->nocase)
            continue;
        GString *r = g_string_new(NULL);
        for (const char *p = all->str + s->start; p < all->str + s->end; p = g_utf8_next_char(p)) {
            const char *n = g_utf8_next_char(p);
            char *m = NULL;
            if (act[p - all->str] == TC_UPPER)
                m = g_utf8_strup(p, n - p);
            else if (act[p - all->str] == TC_LOWER)
                m = g_utf8_strdown(p, n - p);
            if (m) {
                g_string_append(r, m);
                g_free(m);
            } else {
                g_string_append_len(r, p, n - p);
            }
        }
        g_free(s->node->text);
        s->node->text = g_string_free(r, false);
    }
    g_free(act);
    g_string_free(all, true);
    g_array_unref(segs);
}

/* ---- Numbers ---- */

static bool is_roman(const char *s, gsize n)
{
    if (!n)
        return false;
    for (gsize i = 0; i < n; i++)
        if (!strchr("ivxlcdmIVXLCDM", s[i]))
            return false;
    return true;
}

/* Whether VALUE holds more than one number ("12-15", "2, 4 & 6", "i-ix", "2 and 4" with the
 * locale's "and"): a plural label. "\\-" is a hyphen that does not make a range. */
static bool value_is_plural(struct nashra_csl_engine *e, const char *value)
{
    if (!value)
        return false;
    const char *and_term = csl_term(e, "and", "long", false, NULL);
    char *and_sp = and_term && and_term[0] ? g_strdup_printf(" %s ", and_term) : NULL;
    int parts = 0;
    bool all_num = true;
    const char *p = value;
    while (*p) {
        gsize n = 0;
        while (p[n] && !strchr(",&", p[n]) && !(p[n] == '-' && (n == 0 || p[n - 1] != '\\')) &&
               strncmp(p + n, "\u2013", 3) != 0 && strncmp(p + n, " and ", 5) != 0 &&
               !(and_sp && !strncmp(p + n, and_sp, strlen(and_sp))))
            n++;
        const char *s = p;
        gsize len = n;
        while (len && *s == ' ') {
            s++;
            len--;
        }
        while (len && s[len - 1] == ' ')
            len--;
        if (len) {
            bool has_digit = false;
            for (gsize i = 0; i < len; i++)
                has_digit |= g_ascii_isdigit(s[i]);
            if (!(has_digit || is_roman(s, len)))
                all_num = false;
            parts++;
        }
        p += n;
        if (!*p)
            break;
        if (!strncmp(p, "\u2013", 3))
            p += 3;
        else if (!strncmp(p, " and ", 5))
            p += 5;
        else if (and_sp && !strncmp(p, and_sp, strlen(and_sp)))
            p += strlen(and_sp);
        else
            p++;
    }
    g_free(and_sp);
    return parts > 1 && all_num;
}

static char *format_one_number(struct nashra_csl_engine *e, const char *tok, gsize len,
                               const char *form, const char *gender, bool sorting)
{
    gsize digits = 0;
    while (digits < len && g_ascii_isdigit(tok[digits]))
        digits++;
    if (digits == 0 || digits != len || digits > 15)
        return g_strndup(tok, len);
    long n = strtol(tok, NULL, 10);
    if (sorting)
        return g_strdup_printf("%08ld", n);
    if (!form || !strcmp(form, "numeric"))
        return g_strdup_printf("%ld", n);
    if (!strcmp(form, "ordinal"))
        return csl_number_ordinal(e, n, gender);
    if (!strcmp(form, "long-ordinal"))
        return csl_number_long_ordinal(e, n, gender);
    if (!strcmp(form, "roman"))
        return csl_number_roman(n);
    return g_strdup_printf("%ld", n);
}

/* A numeric value with each of its numbers in FORM, separators normalised ("12-15" → "12–15",
 * "2,4&6" → "2, 4 & 6"). */
static char *format_numbers(struct nashra_csl_engine *e, const char *value, const char *form,
                            const char *gender, bool sorting)
{
    GString *out = g_string_new(NULL);
    const char *p = value;
    while (*p) {
        gsize n = 0;
        while (p[n] && !strchr("-,&", p[n]) && strncmp(p + n, "\u2013", 3) != 0)
            n++;
        const char *s = p;
        gsize len = n;
        while (len && *s == ' ') {
            s++;
            len--;
        }
        while (len && s[len - 1] == ' ')
            len--;
        char *f = format_one_number(e, s, len, form, gender, sorting);
        g_string_append(out, f);
        g_free(f);
        p += n;
        if (!*p)
            break;
        if (*p == '-' || !strncmp(p, "\u2013", 3)) {
            g_string_append(out, "\u2013");
            p += *p == '-' ? 1 : 3;
        } else if (*p == ',') {
            g_string_append(out, ", ");
            p++;
        } else {
            g_string_append(out, " & ");
            p++;
        }
    }
    return g_string_free(out, false);
}

static struct nashra_csl_out *render_number(struct nashra_csl_engine *e,
                                            const struct csl_node *node, struct csl_ctx *ctx)
{
    const char *var = csl_attr(node, "variable");
    if (!var)
        return csl_out_group();
    char *value = suppressed(ctx, var) ? NULL : var_value(ctx, var);
    record_var(ctx, var, value != NULL);
    if (!value)
        return csl_out_group();
    struct nashra_csl_out *o;
    if (csl_is_numeric(value)) {
        const char *gender = csl_term_gender(e, var);
        char *f = format_numbers(e, value, csl_attr(node, "form"), gender, ctx->sorting);
        o = csl_out_rich(f);
        g_free(f);
    } else {
        o = csl_out_text(value);
    }
    g_free(value);
    o->var = g_intern_string(var);
    return csl_decorate(e, node, o);
}

/* ---- Labels ---- */

struct nashra_csl_out *csl_render_label(struct nashra_csl_engine *e, const struct csl_node *label,
                                        const char *variable, bool plural, struct csl_ctx *ctx)
{
    (void)ctx;
    if (!variable)
        return csl_out_group();
    const char *form = csl_attr(label, "form");
    if (!form)
        form = "long";
    const char *pl = csl_attr(label, "plural");
    if (pl && !strcmp(pl, "always"))
        plural = true;
    else if (pl && !strcmp(pl, "never"))
        plural = false;
    const char *t = csl_term(e, variable, form, plural, NULL);
    if (!t || !t[0])
        return csl_out_group();
    struct nashra_csl_out *o = csl_out_rich(t);
    return csl_decorate(e, label, o);
}

static struct nashra_csl_out *render_label_node(struct nashra_csl_engine *e,
                                                const struct csl_node *node, struct csl_ctx *ctx)
{
    const char *var = csl_attr(node, "variable");
    if (!var)
        return csl_out_group();
    char *value = suppressed(ctx, var) ? NULL : var_value(ctx, var);
    if (!value)
        return csl_out_group();
    const char *term = var;
    if (!strcmp(var, "locator")) {
        term = ctx->cite && ctx->cite->label && ctx->cite->label[0] ? ctx->cite->label : "page";
        if (!strcmp(term, "sub-verbo"))
            term = "sub verbo";
    }
    bool plural;
    if (!strcmp(var, "number-of-pages") || !strcmp(var, "number-of-volumes")) {
        char *end = NULL;
        long n = strtol(value, &end, 10);
        plural = end != value ? n > 1 : value_is_plural(e, value);
    } else {
        plural = value_is_plural(e, value);
    }
    g_free(value);
    return csl_render_label(e, node, term, plural, ctx);
}

/* ---- Text ---- */

static struct nashra_csl_out *render_macro(struct nashra_csl_engine *e, const struct csl_node *macro,
                                           struct csl_ctx *ctx)
{
    if (!macro || ctx->depth >= CSL_MAX_DEPTH)
        return csl_out_group();
    /* a macro is suppressed like a group: it calls variables and none gives output */
    int called = ctx->vars_called, rendered = ctx->vars_rendered;
    ctx->vars_called = ctx->vars_rendered = 0;
    ctx->depth++;
    struct nashra_csl_out *o = csl_render_children(e, macro, ctx, NULL);
    ctx->depth--;
    int c = ctx->vars_called, r = ctx->vars_rendered;
    ctx->vars_called = called + c;
    ctx->vars_rendered = rendered + r;
    if (c > 0 && r == 0 && !ctx->sorting) {
        nashra_csl_out_free(o);
        return csl_out_group();
    }
    if (!csl_out_is_empty(o))
        ctx->vars_rendered++;
    return o;
}

static struct nashra_csl_out *render_text(struct nashra_csl_engine *e, const struct csl_node *node,
                                          struct csl_ctx *ctx)
{
    const char *v;
    struct nashra_csl_out *o = NULL;
    if (node->macro) {
        o = render_macro(e, node->macro, ctx);
    } else if ((v = csl_attr(node, "variable"))) {
        const char *form = csl_attr(node, "form");
        char *value = NULL;
        const char *used = v;
        if (!suppressed(ctx, v)) {
            if (form && !strcmp(form, "short")) {
                char *sv = g_strdup_printf("%s-short", v);
                value = var_value(ctx, sv);
                if (value)
                    used = g_intern_string(sv);
                g_free(sv);
                if (!value) {
                    value = var_value(ctx, v);
                    const char *ab = value ? csl_abbreviation(e, v, value) : NULL;
                    if (ab) {
                        g_free(value);
                        value = g_strdup(ab);
                    }
                }
            } else {
                value = var_value(ctx, v);
            }
        }
        /* an absent year-suffix does not empty a group (it is decided late) */
        if (value || strcmp(v, "year-suffix") != 0)
            record_var(ctx, v, value != NULL);
        if (value && ctx->subst_record && used != v)
            g_hash_table_add(ctx->subst_record, (gpointer)used);
        if (!value)
            return csl_out_group();
        if (!strcmp(v, "page") || !strcmp(v, "locator")) {
            char *pr = NULL;
            if (!strcmp(v, "page")) {
                pr = csl_page_range(e, value,
                                    csl_attr(e->style->root, "page-range-format"));
            } else {
                /* locator ranges get the en dash; the page-range-format only for pages */
                const char *lab = ctx->cite ? ctx->cite->label : NULL;
                bool page = !lab || !lab[0] || !strcmp(lab, "page");
                pr = csl_page_range(
                    e, value, page ? csl_attr(e->style->root, "page-range-format") : NULL);
            }
            if (pr) {
                g_free(value);
                value = pr;
            }
        }
        char *nr = number_var_ranges(e, v, value);
        if (nr) {
            g_free(value);
            value = nr;
        }
        if (!strcmp(v, "URL") || !strcmp(v, "DOI")) {
            o = csl_out_text(value);
            o->link = true;
        } else if (!strcmp(v, "year-suffix")) {
            o = csl_out_text(value);
            ctx->rendered_year_suffix = true;
        } else if (!strcmp(v, "citation-number") && ctx->sorting) {
            o = csl_out_text(value);
            g_free(o->text);
            o->text = g_strdup_printf("%08d", ctx->citation_number);
        } else {
            o = csl_out_rich(value);
        }
        o->var = g_intern_string(v);
        g_free(value);
    } else if ((v = csl_attr(node, "term"))) {
        const char *form = csl_attr(node, "form");
        const char *t = csl_term(e, v, form ? form : "long", csl_attr_true(node, "plural"), NULL);
        o = csl_out_rich(t ? t : "");
        o->var = g_intern_string("term");
    } else if ((v = csl_attr(node, "value"))) {
        o = csl_out_rich(v);
    } else {
        o = csl_out_group();
    }
    return csl_decorate(e, node, o);
}

/* ---- Group and choose ---- */

static struct nashra_csl_out *render_group(struct nashra_csl_engine *e,
                                           const struct csl_node *node, struct csl_ctx *ctx)
{
    int called = ctx->vars_called, rendered = ctx->vars_rendered;
    ctx->vars_called = ctx->vars_rendered = 0;
    struct nashra_csl_out *o = csl_render_children(e, node, ctx, csl_attr(node, "delimiter"));
    int c = ctx->vars_called, r = ctx->vars_rendered;
    ctx->vars_called = called + c;
    ctx->vars_rendered = rendered + r;
    if (c > 0 && r == 0) {
        nashra_csl_out_free(o);
        return csl_out_group();
    }
    /* a group that gives output counts, for the enclosing group, as a variable that did */
    if (!csl_out_is_empty(o))
        ctx->vars_rendered++;
    return csl_decorate(e, node, o);
}

static bool var_exists(struct csl_ctx *ctx, const char *var)
{
    if (!ctx->item && strcmp(var, "locator") != 0)
        return false;
    if (ctx->item) {
        GPtrArray *n = csl_item_names(ctx->item, var);
        if (n && n->len)
            return true;
        if (csl_item_date(ctx->item, var))
            return true;
    }
    char *v = var_value(ctx, var);
    bool ok = v != NULL;
    g_free(v);
    return ok;
}

static bool test_one(struct nashra_csl_engine *e, const char *cond, const char *val,
                     struct csl_ctx *ctx)
{
    (void)e;
    if (!strcmp(cond, "type"))
        return ctx->item && ctx->item->type && !strcmp(ctx->item->type, val);
    if (!strcmp(cond, "variable"))
        return var_exists(ctx, val);
    if (!strcmp(cond, "is-numeric")) {
        char *v = var_value(ctx, val);
        bool ok = v && csl_is_numeric(v);
        g_free(v);
        return ok;
    }
    if (!strcmp(cond, "is-uncertain-date")) {
        const struct csl_date *d = ctx->item ? csl_item_date(ctx->item, val) : NULL;
        return d && d->circa;
    }
    if (!strcmp(cond, "locator")) {
        if (!ctx->cite || !ctx->cite->locator || !ctx->cite->locator[0])
            return false;
        const char *l = ctx->cite->label && ctx->cite->label[0] ? ctx->cite->label : "page";
        if (!strcmp(l, val))
            return true;
        return (!strcmp(l, "sub verbo") && !strcmp(val, "sub-verbo")) ||
               (!strcmp(l, "sub-verbo") && !strcmp(val, "sub verbo"));
    }
    if (!strcmp(cond, "position")) {
        if (!ctx->cite || ctx->bibliography)
            return false;
        enum csl_position p = ctx->position;
        if (!strcmp(val, "first"))
            return p == CSL_POS_FIRST;
        if (!strcmp(val, "subsequent"))
            return p != CSL_POS_FIRST;
        if (!strcmp(val, "ibid"))
            return p == CSL_POS_IBID || p == CSL_POS_IBID_WITH_LOCATOR;
        if (!strcmp(val, "ibid-with-locator"))
            return p == CSL_POS_IBID_WITH_LOCATOR;
        if (!strcmp(val, "near-note"))
            return p != CSL_POS_FIRST && ctx->near_note;
        return false;
    }
    if (!strcmp(cond, "disambiguate"))
        return ctx->disambiguate == !strcmp(val, "true");
    return false;
}

static const char *const conditions[] = {"type", "variable", "is-numeric", "is-uncertain-date",
                                         "locator", "position", "disambiguate", NULL};

static bool test_branch(struct nashra_csl_engine *e, const struct csl_node *br, struct csl_ctx *ctx)
{
    if (br->kind == CSL_ELSE)
        return true;
    const char *match = csl_attr(br, "match");
    if (!match)
        match = "all";
    bool any = false, all = true, tested = false;
    for (int c = 0; conditions[c]; c++) {
        const char *vals = csl_attr(br, conditions[c]);
        if (!vals)
            continue;
        char **list = g_strsplit_set(vals, " \t\n", -1);
        /* citeproc-js always reads the values of one type attribute as "any" (an item has one
         * type); match= then combines that result with the other attributes' */
        bool type = !strcmp(conditions[c], "type"), type_any = false, type_tested = false;
        for (char **v = list; *v; v++) {
            if (!**v)
                continue;
            bool r = test_one(e, conditions[c], *v, ctx);
            if (type) {
                type_any |= r;
                type_tested = true;
                continue;
            }
            tested = true;
            any |= r;
            all &= r;
        }
        if (type_tested) {
            tested = true;
            any |= type_any;
            all &= type_any;
        }
        g_strfreev(list);
    }
    if (!tested)
        return false;
    if (!strcmp(match, "any"))
        return any;
    if (!strcmp(match, "none"))
        return !any;
    return all;
}

static void render_into(struct nashra_csl_engine *e, const struct csl_node *node,
                        struct csl_ctx *ctx, GPtrArray *list);

static void render_choose(struct nashra_csl_engine *e, const struct csl_node *node,
                          struct csl_ctx *ctx, GPtrArray *list)
{
    for (const struct csl_node *br = node->first; br; br = br->next) {
        if (br->kind != CSL_IF && br->kind != CSL_ELSE_IF && br->kind != CSL_ELSE)
            continue;
        if (test_branch(e, br, ctx)) {
            for (const struct csl_node *c = br->first; c; c = c->next)
                render_into(e, c, ctx, list);
            return;
        }
    }
}

/* The outputs of NODE into LIST: one for most elements, the chosen branch's children (each
 * its own piece, so an enclosing group's delimiter falls between them) for <choose>. */
static void render_into(struct nashra_csl_engine *e, const struct csl_node *node,
                        struct csl_ctx *ctx, GPtrArray *list)
{
    if (node->kind == CSL_CHOOSE) {
        if (ctx->depth >= 4 * CSL_MAX_DEPTH)
            return;
        ctx->depth++;
        render_choose(e, node, ctx, list);
        ctx->depth--;
        return;
    }
    struct nashra_csl_out *o = csl_render_node(e, node, ctx);
    if (o)
        g_ptr_array_add(list, o);
}

struct nashra_csl_out *csl_render_children(struct nashra_csl_engine *e,
                                           const struct csl_node *node, struct csl_ctx *ctx,
                                           const char *delimiter)
{
    struct nashra_csl_out *g = csl_out_group();
    if (delimiter && delimiter[0])
        g->delimiter = g_strdup(delimiter);
    if (!node)
        return g;
    GPtrArray *list = g_ptr_array_new();
    for (const struct csl_node *c = node->first; c; c = c->next)
        render_into(e, c, ctx, list);
    for (guint i = 0; i < list->len; i++)
        csl_out_append(g, g_ptr_array_index(list, i));
    g_ptr_array_unref(list);
    return g;
}

struct nashra_csl_out *csl_render_node(struct nashra_csl_engine *e, const struct csl_node *node,
                                       struct csl_ctx *ctx)
{
    if (!node || ctx->depth >= 4 * CSL_MAX_DEPTH)
        return csl_out_group();
    struct nashra_csl_out *o = NULL;
    ctx->depth++;
    switch (node->kind) {
    case CSL_TEXT: o = render_text(e, node, ctx); break;
    case CSL_NUMBER: o = render_number(e, node, ctx); break;
    case CSL_LABEL: o = render_label_node(e, node, ctx); break;
    case CSL_GROUP: o = render_group(e, node, ctx); break;
    case CSL_CHOOSE: {
        GPtrArray *list = g_ptr_array_new();
        render_choose(e, node, ctx, list);
        o = csl_out_group();
        for (guint i = 0; i < list->len; i++)
            csl_out_append(o, g_ptr_array_index(list, i));
        g_ptr_array_unref(list);
        break;
    }
    case CSL_NAMES: o = csl_render_names(e, node, ctx); break;
    case CSL_DATE: o = csl_render_date(e, node, ctx); break;
    case CSL_MACRO: o = csl_render_children(e, node, ctx, NULL); break;
    case CSL_LAYOUT: o = csl_render_children(e, node, ctx, NULL); break;
    default: o = csl_out_group(); break;
    }
    ctx->depth--;
    return o ? o : csl_out_group();
}

/* ---- Items ---- */

static struct nashra_csl_out *find_names(struct nashra_csl_out *o, struct nashra_csl_out **parent,
                                         guint *index, int depth)
{
    if (!o || o->kind != CSL_OUT_GROUP || depth > 4 * CSL_MAX_DEPTH)
        return NULL;
    for (guint i = 0; i < o->children->len; i++) {
        struct nashra_csl_out *c = g_ptr_array_index(o->children, i);
        if (c->var && !strcmp(c->var, "names") && !csl_out_is_empty(c)) {
            *parent = o;
            *index = i;
            return c;
        }
        struct nashra_csl_out *r = find_names(c, parent, index, depth + 1);
        if (r)
            return r;
    }
    return NULL;
}

struct nashra_csl_out *csl_render_item(struct nashra_csl_engine *e, const struct csl_node *layout,
                                       struct csl_ctx *ctx)
{
    const struct nashra_csl_item *saved = cur_item;
    cur_item = ctx->item;
    if (!ctx->suppressed)
        ctx->suppressed = g_hash_table_new(g_direct_hash, g_direct_equal);
    struct nashra_csl_out *o = csl_render_children(e, layout, ctx, NULL);
    if (ctx->suppress_author || ctx->author_only) {
        struct nashra_csl_out *parent = NULL;
        guint idx = 0;
        struct nashra_csl_out *n = find_names(o, &parent, &idx, 0);
        if (ctx->author_only) {
            struct nashra_csl_out *g = csl_out_group();
            if (n)
                csl_out_append(g, csl_out_copy(n));
            nashra_csl_out_free(o);
            o = g;
        } else if (n) {
            g_ptr_array_index(parent->children, idx) = csl_out_group();
            nashra_csl_out_free(n);
        }
    }
    csl_out_localize(e, o);
    cur_item = saved;
    return o;
}

/* ---- Sort keys ---- */

static char *date_key(const struct csl_date *d)
{
    if (!d)
        return NULL;
    if (d->literal && !d->from.year)
        return g_strdup(d->literal);
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "%05d%02d%02d", d->from.year + 50000, d->from.month,
                           d->from.day);
    if (d->range)
        g_string_append_printf(s, "-%05d%02d%02d", d->to.year + 50000, d->to.month, d->to.day);
    return g_string_free(s, false);
}

char *csl_render_sort_key(struct nashra_csl_engine *e, const struct csl_node *key,
                          struct csl_ctx *ctx)
{
    const struct nashra_csl_item *saved = cur_item;
    cur_item = ctx->item;
    if (!ctx->suppressed)
        ctx->suppressed = g_hash_table_new(g_direct_hash, g_direct_equal);
    bool sorting = ctx->sorting;
    const struct csl_node *sk = ctx->sort_key;
    ctx->sorting = true;
    ctx->sort_key = key;
    char *res = NULL;
    const char *var = csl_attr(key, "variable");
    if (key->macro) {
        struct nashra_csl_out *o = render_macro(e, key->macro, ctx);
        csl_out_localize(e, o);
        res = csl_out_flat(o);
        nashra_csl_out_free(o);
        if (res && !res[0]) {
            g_free(res);
            res = NULL;
        }
    } else if (var && ctx->item) {
        GPtrArray *names = csl_item_names(ctx->item, var);
        if (names && names->len) {
            res = csl_names_sort_key(e, key, var, ctx);
        } else if (in_list(date_vars, var)) {
            res = date_key(csl_item_date(ctx->item, var));
        } else if (in_list(number_vars, var)) {
            char *v = var_value(ctx, var);
            if (v && !strcmp(var, "citation-number")) {
                res = g_strdup_printf("%08d", ctx->citation_number);
            } else if (v) {
                char *end = NULL;
                long n = strtol(v, &end, 10);
                res = end != v ? g_strdup_printf("%08ld", n) : g_strdup(v);
            }
            g_free(v);
        } else {
            char *v = var_value(ctx, var);
            if (v) {
                struct nashra_csl_out *o = csl_out_rich(v);
                res = csl_out_flat(o);
                nashra_csl_out_free(o);
                g_free(v);
            }
        }
    }
    ctx->sorting = sorting;
    ctx->sort_key = sk;
    cur_item = saved;
    return res;
}

bool csl_sort_key_is_numeric(struct nashra_csl_engine *e, const struct csl_node *key)
{
    (void)e;
    const char *var = csl_attr(key, "variable");
    return var && in_list(number_vars, var) && strcmp(var, "page") != 0 &&
           strcmp(var, "version") != 0 && strcmp(var, "section") != 0;
}
