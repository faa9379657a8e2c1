/* <names>: name variables with <name>, <name-part>, <et-al>, <label> and <substitute>; and name
 * lists as sort keys. */
#include "csl/csl_int.h"

#include <string.h>

enum naso { NASO_NONE, NASO_FIRST, NASO_ALL };
enum form { FORM_LONG, FORM_SHORT, FORM_COUNT };
enum demote { DEMOTE_NEVER, DEMOTE_SORT_ONLY, DEMOTE_DISPLAY_AND_SORT };

/* Everything one <name> decides, inherited options resolved. */
struct nopts {
    const struct csl_node *name, *family_part, *given_part, *et_al, *label;
    bool label_first;
    const char *and_term;  /* NULL: no "and" */
    const char *delimiter;
    const char *dpl, *dpea; /* delimiter-precedes-last / -et-al */
    int et_al_min, et_al_use_first; /* 0 / -1: unset */
    bool et_al_use_last;
    enum form form;
    bool initialize;
    const char *initialize_with; /* NULL: no initials */
    enum naso naso;
    const char *sort_separator;
    enum demote demote;
    bool init_hyphen;
    bool sorting;
    const char *lang;
};

static const struct csl_node *context_node(struct nashra_csl_engine *e, struct csl_ctx *ctx)
{
    return ctx->bibliography ? e->style->bibliography : e->style->citation;
}

static const char *opt(struct nashra_csl_engine *e, struct csl_ctx *ctx,
                       const struct csl_node *name, const char *option)
{
    return csl_name_option(name, context_node(e, ctx), option);
}

static int opt_int(struct nashra_csl_engine *e, struct csl_ctx *ctx, const struct csl_node *name,
                   const char *option, int dflt)
{
    const char *v = opt(e, ctx, name, option);
    if (!v || !*v)
        return dflt;
    long n = strtol(v, NULL, 10);
    if (n < 0)
        n = 0;
    if (n > CSL_MAX_NAMES)
        n = CSL_MAX_NAMES;
    return (int)n;
}

static void resolve_opts(struct nashra_csl_engine *e, struct csl_ctx *ctx, struct nopts *o)
{
    const struct csl_node *n = o->name;
    const char *v = opt(e, ctx, n, "and");
    o->and_term = NULL;
    if (v && !strcmp(v, "symbol")) {
        /* citeproc-js: always the ampersand, whatever the locale; nashra: the Arabic-script
         * languages' own "و" (csl_term gives it them, "&" to the others) */
        o->and_term = csl_term(e, "and", "symbol", false, NULL);
        if (!o->and_term || (e->lang && g_str_has_prefix(e->lang, "en")))
            o->and_term = "&";
    } else if (v && !strcmp(v, "text")) {
        o->and_term = csl_term(e, "and", "long", false, NULL);
        if (!o->and_term)
            o->and_term = "and";
    }
    o->delimiter = opt(e, ctx, n, "delimiter");
    if (!o->delimiter)
        o->delimiter = ", ";
    o->dpl = opt(e, ctx, n, "delimiter-precedes-last");
    if (!o->dpl)
        o->dpl = "contextual";
    o->dpea = opt(e, ctx, n, "delimiter-precedes-et-al");
    if (!o->dpea)
        o->dpea = "contextual";
    o->et_al_min = opt_int(e, ctx, n, "et-al-min", 0);
    o->et_al_use_first = opt_int(e, ctx, n, "et-al-use-first", -1);
    if (!ctx->bibliography && ctx->position != CSL_POS_FIRST) {
        o->et_al_min = opt_int(e, ctx, n, "et-al-subsequent-min", o->et_al_min);
        o->et_al_use_first = opt_int(e, ctx, n, "et-al-subsequent-use-first", o->et_al_use_first);
    }
    v = opt(e, ctx, n, "et-al-use-last");
    o->et_al_use_last = v && !strcmp(v, "true");
    if (ctx->sorting && ctx->sort_key) {
        const char *k;
        if ((k = csl_attr(ctx->sort_key, "names-min")))
            o->et_al_min = atoi(k);
        if ((k = csl_attr(ctx->sort_key, "names-use-first")))
            o->et_al_use_first = atoi(k);
        if ((k = csl_attr(ctx->sort_key, "names-use-last")))
            o->et_al_use_last = !strcmp(k, "true");
    }
    v = opt(e, ctx, n, "form");
    o->form = !v ? FORM_LONG : !strcmp(v, "short") ? FORM_SHORT : !strcmp(v, "count") ? FORM_COUNT
                                                                                      : FORM_LONG;
    v = opt(e, ctx, n, "initialize");
    o->initialize = !v || strcmp(v, "false") != 0;
    o->initialize_with = opt(e, ctx, n, "initialize-with");
    v = opt(e, ctx, n, "name-as-sort-order");
    o->naso = !v ? NASO_NONE : !strcmp(v, "first") ? NASO_FIRST : !strcmp(v, "all") ? NASO_ALL
                                                                                    : NASO_NONE;
    o->sort_separator = opt(e, ctx, n, "sort-separator");
    if (!o->sort_separator)
        o->sort_separator = ", ";
    v = csl_attr(e->style->root, "demote-non-dropping-particle");
    o->demote = !v ? DEMOTE_DISPLAY_AND_SORT
                   : !strcmp(v, "never") ? DEMOTE_NEVER
                   : !strcmp(v, "sort-only") ? DEMOTE_SORT_ONLY : DEMOTE_DISPLAY_AND_SORT;
    v = csl_attr(e->style->root, "initialize-with-hyphen");
    o->init_hyphen = !v || strcmp(v, "false") != 0;
    o->sorting = ctx->sorting;
    o->lang = ctx->item ? csl_item_var(ctx->item, "language") : NULL;
    o->family_part = o->given_part = NULL;
    if (n)
        for (const struct csl_node *c = n->first; c; c = c->next) {
            if (c->kind != CSL_NAME_PART)
                continue;
            const char *pn = csl_attr(c, "name");
            if (pn && !strcmp(pn, "family"))
                o->family_part = c;
            else if (pn && !strcmp(pn, "given"))
                o->given_part = c;
        }
}

/* ---- small output helpers ---- */

static bool nonempty(const char *s)
{
    return s && *s;
}

/* Formatting and text-case of a name-part (or et-al) around OUT; affixes only when AFFIXES. */
static struct nashra_csl_out *part_format(const struct csl_node *np, struct nashra_csl_out *out,
                                          bool formatting, bool affixes, const char *lang)
{
    if (!np || !out)
        return out;
    struct csl_format f = {0};
    bool any = false;
    if (formatting) {
        const char *v;
        if ((v = csl_attr(np, "font-style"))) {
            f.font_style = !strcmp(v, "italic") ? CSL_FS_ITALIC
                           : !strcmp(v, "oblique") ? CSL_FS_OBLIQUE : CSL_FS_NORMAL;
            any = true;
        }
        if ((v = csl_attr(np, "font-variant"))) {
            f.font_variant = !strcmp(v, "small-caps") ? CSL_FV_SMALL_CAPS : CSL_FV_NORMAL;
            any = true;
        }
        if ((v = csl_attr(np, "font-weight"))) {
            f.font_weight = !strcmp(v, "bold") ? CSL_FW_BOLD
                            : !strcmp(v, "light") ? CSL_FW_LIGHT : CSL_FW_NORMAL;
            any = true;
        }
        if ((v = csl_attr(np, "text-decoration"))) {
            f.text_decoration = !strcmp(v, "underline") ? CSL_TD_UNDERLINE : CSL_TD_NONE;
            any = true;
        }
        if ((v = csl_attr(np, "vertical-align"))) {
            f.vertical_align = !strcmp(v, "sup") ? CSL_VA_SUP
                               : !strcmp(v, "sub") ? CSL_VA_SUB : CSL_VA_BASELINE;
            any = true;
        }
        if ((v = csl_attr(np, "text-case")))
            csl_text_case(out, v, lang);
    }
    const char *prefix = affixes ? csl_attr(np, "prefix") : NULL;
    const char *suffix = affixes ? csl_attr(np, "suffix") : NULL;
    if (!any && !nonempty(prefix) && !nonempty(suffix))
        return out;
    struct nashra_csl_out *g = csl_out_group();
    csl_out_append(g, out);
    g->format = f;
    if (nonempty(prefix))
        g->prefix = g_strdup(prefix);
    if (nonempty(suffix))
        g->suffix = g_strdup(suffix);
    return g;
}

/* ---- initials ---- */

static bool all_lower(const char *s)
{
    bool letter = false;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isupper(c) || g_unichar_istitle(c))
            return false;
        if (g_unichar_isalpha(c))
            letter = true;
    }
    return letter;
}

static void append_upper_char(GString *out, gunichar c)
{
    g_string_append_unichar(out, g_unichar_toupper(c));
}

/* One word not yet an initial → its initial (without the initialize-with text), "" when none. */
static void word_initial(GString *out, const char *w, bool hyphen)
{
    gunichar c = g_utf8_get_char(w);
    if (c == '-') {
        const char *r = g_utf8_next_char(w);
        gunichar d = *r ? g_utf8_get_char(r) : 0;
        if (d && g_unichar_isupper(d)) {
            if (hyphen)
                g_string_append_c(out, '-');
            append_upper_char(out, d);
        }
        return;
    }
    if (g_unichar_isupper(c) || g_unichar_istitle(c)) {
        g_string_append_unichar(out, c);
        /* "MEng"-style: two capitals then lower case keep the second, lowered */
        const char *r = g_utf8_next_char(w);
        gunichar d = *r ? g_utf8_get_char(r) : 0;
        const char *rest = *r ? g_utf8_next_char(r) : r;
        if (d && g_unichar_isupper(d) && *rest && all_lower(rest))
            g_string_append_unichar(out, g_unichar_tolower(d));
        return;
    }
    g_string_append(out, w);
}

struct tok {
    char *text;
    bool initial; /* already an initial ("J." or a single letter) */
    bool tag;     /* inline markup ("<b>", "</b>") kept as is */
};

static void tok_push(GArray *toks, const char *s, gsize len, bool initial)
{
    struct tok t = {g_strndup(s, len), initial, false};
    g_array_append_val(toks, t);
}

/* The length of an inline markup tag at P ("<b>", "</i>", "<span …>"), or 0. */
static gsize markup_tag(const char *p)
{
    static const char *const tags[] = {"b>", "i>", "sc>", "sup>", "sub>", "span"};
    const char *q = p + 1;
    if (*q == '/')
        q++;
    for (gsize i = 0; i < G_N_ELEMENTS(tags); i++)
        if (!strncmp(q, tags[i], strlen(tags[i]))) {
            const char *end = strchr(p, '>');
            if (end && end - p < 64)
                return (gsize)(end - p) + 1;
        }
    return 0;
}

/* "Jean-Pierre" with ". " → "J.-P."; words already initials keep their letters; lower-case words
 * (particles in the given name) stay whole. */
static char *initialize_given(const char *given, const char *with, bool make_initials,
                              bool hyphen)
{
    GArray *toks = g_array_new(FALSE, FALSE, sizeof(struct tok));
    GString *cur = g_string_new(NULL);
    for (const char *p = given; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        gsize tag = c == '<' ? markup_tag(p) : 0;
        if (tag) {
            if (cur->len)
                tok_push(toks, cur->str, cur->len, g_utf8_strlen(cur->str, -1) == 1);
            g_string_truncate(cur, 0);
            struct tok t = {g_strndup(p, tag), false, true};
            g_array_append_val(toks, t);
            p += tag - 1;
        } else if (c == '.') {
            if (cur->len)
                tok_push(toks, cur->str, cur->len, true);
            g_string_truncate(cur, 0);
        } else if (c == '-') {
            if (cur->len)
                tok_push(toks, cur->str, cur->len, false);
            g_string_assign(cur, "-");
        } else if (c == ' ') {
            if (cur->len)
                tok_push(toks, cur->str, cur->len, g_utf8_strlen(cur->str, -1) == 1);
            g_string_truncate(cur, 0);
        } else {
            g_string_append_unichar(cur, c);
        }
    }
    if (cur->len)
        tok_push(toks, cur->str, cur->len, g_utf8_strlen(cur->str, -1) == 1);
    g_string_free(cur, TRUE);

    bool with_space = with[0] && with[strlen(with) - 1] == ' ';
    GString *out = g_string_new(NULL);
    for (guint i = 0; i < toks->len; i++) {
        struct tok *t = &g_array_index(toks, struct tok, i);
        if (t->tag) {
            /* a closing tag goes before the spaces that follow the initial */
            gsize sp = 0;
            if (t->text[1] == '/')
                while (sp < out->len && out->str[out->len - 1 - sp] == ' ')
                    sp++;
            g_string_truncate(out, out->len - sp);
            g_string_append(out, t->text);
            for (gsize k = 0; k < sp; k++)
                g_string_append_c(out, ' ');
        } else if (t->initial) {
            if (t->text[0] == '-' && !t->text[1])
                ;
            else {
                if (t->text[0] == '-' && !hyphen)
                    g_string_append(out, t->text + 1);
                else
                    g_string_append(out, t->text);
                g_string_append(out, with);
            }
        } else if ((all_lower(t->text) && t->text[0] != '-') ||
                   (!hyphen && t->text[0] == '-' && t->text[1] && all_lower(t->text + 1))) {
            /* with initialize-with-hyphen="false", citeproc-js keeps the lower-case part of
             * "Jun-ho" whole, like a lower-case word ("J ho"); with hyphens it drops it */
            if (!with_space)
                g_string_append_c(out, ' ');
            g_string_append(out, t->text[0] == '-' ? t->text + 1 : t->text);
            g_string_append_c(out, ' ');
        } else if (make_initials) {
            gsize before = out->len;
            word_initial(out, t->text, hyphen);
            if (out->len > before)
                g_string_append(out, with);
        } else {
            g_string_append(out, t->text);
            g_string_append_c(out, ' ');
        }
        g_free(t->text);
    }
    g_array_free(toks, TRUE);
    /* " -" → "-" */
    GString *res = g_string_sized_new(out->len);
    for (gsize i = 0; i < out->len; i++) {
        if (out->str[i] == ' ' && i + 1 < out->len && out->str[i + 1] == '-')
            continue;
        g_string_append_c(res, out->str[i]);
    }
    g_string_free(out, TRUE);
    gsize a = 0, b = res->len;
    while (a < b && res->str[a] == ' ')
        a++;
    while (b > a && res->str[b - 1] == ' ')
        b--;
    char *s = g_strndup(res->str + a, b - a);
    g_string_free(res, TRUE);
    return s;
}

/* ---- one name ---- */

static bool is_cjk_char(gunichar c)
{
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

/* Names in scripts written without spaces between family and given name. */
static bool is_cjk_name(const struct csl_name *n)
{
    const char *parts[] = {n->family, n->given};
    for (int i = 0; i < 2; i++)
        if (parts[i])
            for (const char *p = parts[i]; *p; p = g_utf8_next_char(p))
                if (is_cjk_char(g_utf8_get_char(p)))
                    return true;
    return false;
}

/* A sequence of pieces joined by spaces (or by SEP), skipping empties. */
struct seq {
    struct nashra_csl_out *group;
    char *last_text; /* the previous piece's raw text, to decide the space */
    bool pending_sep;
    const char *sep; /* "" between CJK parts */
};

static void seq_init(struct seq *s, const char *sep)
{
    s->group = csl_out_group();
    s->last_text = NULL;
    s->pending_sep = false;
    s->sep = sep;
}

static bool ends_without_space(const char *t)
{
    if (!t || !*t)
        return false;
    const char *last = g_utf8_find_prev_char(t, t + strlen(t));
    gunichar c = last ? g_utf8_get_char(last) : 0;
    return c == '\'' || c == 0x2019 || c == '-' || c == 0x2013 || c == 0xA0;
}

/* Adds PIECE (consumed; NULL or empty skipped) whose raw text is RAW. */
static void seq_add(struct seq *s, struct nashra_csl_out *piece, const char *raw)
{
    if (!piece)
        return;
    if (csl_out_is_empty(piece)) {
        nashra_csl_out_free(piece);
        return;
    }
    (void)raw;
    if (s->pending_sep && !ends_without_space(s->last_text) && *s->sep)
        csl_out_append(s->group, csl_out_text(s->sep));
    g_free(s->last_text);
    s->last_text = csl_out_flat(piece);
    csl_out_append(s->group, piece);
    s->pending_sep = true;
}

static struct nashra_csl_out *seq_end(struct seq *s)
{
    g_free(s->last_text);
    if (csl_out_is_empty(s->group)) {
        nashra_csl_out_free(s->group);
        return NULL;
    }
    return s->group;
}

/* A name string as output: straight apostrophes after letters made typographic, a family name
 * in straight double quotes (kept whole by the data) unquoted, markup parsed. */
static struct nashra_csl_out *name_out(const char *s)
{
    gsize len = strlen(s);
    GString *t = g_string_new(NULL);
    if (len >= 2 && s[0] == '"' && s[len - 1] == '"')
        g_string_append_len(t, s + 1, (gssize)len - 2);
    else
        g_string_append(t, s);
    GString *u = g_string_new(NULL);
    gunichar prev = 0;
    for (const char *p = t->str; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == '\'' && g_unichar_isalpha(prev))
            g_string_append(u, "\u2019");
        else
            g_string_append_unichar(u, c);
        prev = c;
    }
    g_string_free(t, TRUE);
    struct nashra_csl_out *o = csl_out_rich(u->str);
    g_string_free(u, TRUE);
    return o;
}

static struct nashra_csl_out *name_text(const char *s, const struct csl_node *part,
                                        const struct nopts *o)
{
    if (!nonempty(s))
        return NULL;
    return part_format(part, name_out(s), true, false, o->lang);
}

/* Renders one name. INVERTED: name-as-sort-order applies. LEVEL: given-name disambiguation. */
static struct nashra_csl_out *render_one(const struct nopts *o, const struct csl_name *n,
                                         bool inverted, int level)
{
    if (nonempty(n->literal) || (!nonempty(n->family) && !nonempty(n->given))) {
        const char *lit = nonempty(n->literal) ? n->literal : "";
        if (!*lit)
            return NULL;
        return part_format(o->family_part, name_out(lit), true, true, o->lang);
    }
    enum form form = o->form;
    bool initialize = o->initialize;
    if (level >= 1 && form == FORM_SHORT)
        form = FORM_LONG;
    if (level >= 2)
        initialize = false;
    if (o->sorting)
        form = form == FORM_COUNT ? FORM_COUNT : form;
    if (form == FORM_COUNT)
        return NULL;

    bool cjk = is_cjk_name(n);
    const char *space = cjk ? "" : " ";
    char *given = NULL;
    if (nonempty(n->given)) {
        if (o->initialize_with && nonempty(n->family) && !cjk)
            given = initialize_given(n->given, o->initialize_with, initialize, o->init_hyphen);
        else
            given = g_strdup(n->given);
    }

    struct seq fam, giv, all;
    struct nashra_csl_out *res;
    if (!nonempty(n->family)) {
        /* a given name alone */
        res = part_format(o->given_part, name_text(given, o->given_part, o), false, true, o->lang);
        g_free(given);
        return res;
    }

    if (form == FORM_SHORT) {
        seq_init(&fam, space);
        seq_add(&fam, name_text(n->non_dropping_particle, o->family_part, o),
                n->non_dropping_particle);
        seq_add(&fam, name_text(n->family, o->family_part, o), n->family);
        res = part_format(o->family_part, seq_end(&fam), false, true, o->lang);
        g_free(given);
        return res;
    }

    if (cjk || n->static_ordering) {
        /* family first, no inversion punctuation */
        seq_init(&all, space);
        seq_init(&fam, space);
        seq_add(&fam, name_text(n->non_dropping_particle, o->family_part, o),
                n->non_dropping_particle);
        seq_add(&fam, name_text(n->family, o->family_part, o), n->family);
        seq_add(&all, part_format(o->family_part, seq_end(&fam), false, true, o->lang), n->family);
        seq_init(&giv, space);
        seq_add(&giv, name_text(given, o->given_part, o), given);
        seq_add(&all, part_format(o->given_part, seq_end(&giv), false, true, o->lang), given);
        if (nonempty(n->suffix))
            seq_add(&all, csl_out_text(n->suffix), n->suffix);
        g_free(given);
        return seq_end(&all);
    }

    bool sort_inv = inverted || o->sorting;
    if (sort_inv) {
        bool demote = o->demote == DEMOTE_DISPLAY_AND_SORT ||
                      (o->sorting && o->demote == DEMOTE_SORT_ONLY);
        seq_init(&fam, " ");
        if (!demote)
            seq_add(&fam, name_text(n->non_dropping_particle, o->family_part, o),
                    n->non_dropping_particle);
        seq_add(&fam, name_text(n->family, o->family_part, o), n->family);
        seq_init(&giv, " ");
        seq_add(&giv, name_text(given, o->given_part, o), given);
        if (n->comma_dropping_particle && nonempty(given) && nonempty(n->dropping_particle))
            csl_out_append(giv.group, csl_out_text(","));
        seq_add(&giv, name_text(n->dropping_particle, o->given_part, o), n->dropping_particle);
        if (demote)
            seq_add(&giv, name_text(n->non_dropping_particle, o->family_part, o),
                    n->non_dropping_particle);
        struct nashra_csl_out *fo = part_format(o->family_part, seq_end(&fam), false, true,
                                                o->lang);
        struct nashra_csl_out *go = part_format(o->given_part, seq_end(&giv), false, true,
                                                o->lang);
        const char *sep = o->sorting ? " " : o->sort_separator;
        struct nashra_csl_out *g = csl_out_group();
        bool any = false;
        struct nashra_csl_out *pieces[3] = {fo, go,
                                            nonempty(n->suffix) ? csl_out_text(n->suffix) : NULL};
        for (int i = 0; i < 3; i++) {
            if (!pieces[i])
                continue;
            if (csl_out_is_empty(pieces[i])) {
                nashra_csl_out_free(pieces[i]);
                continue;
            }
            if (any && *sep) {
                struct nashra_csl_out *t = csl_out_text(sep);
                t->var = g_intern_static_string("punct"); /* the style's: Arabic script may map it */
                csl_out_append(g, t);
            }
            csl_out_append(g, pieces[i]);
            any = true;
        }
        g_free(given);
        if (!any) {
            nashra_csl_out_free(g);
            return NULL;
        }
        return g;
    }

    /* display order: given [dropping] [non-dropping] family [suffix] */
    seq_init(&all, " ");
    seq_init(&giv, " ");
    seq_add(&giv, name_text(given, o->given_part, o), given);
    seq_add(&all, part_format(o->given_part, seq_end(&giv), false, true, o->lang), given);
    seq_init(&fam, " ");
    seq_add(&fam, name_text(n->dropping_particle, o->given_part, o), n->dropping_particle);
    seq_add(&fam, name_text(n->non_dropping_particle, o->family_part, o),
            n->non_dropping_particle);
    seq_add(&fam, name_text(n->family, o->family_part, o), n->family);
    if (nonempty(n->suffix)) {
        if (n->comma_suffix) {
            csl_out_append(fam.group, csl_out_text(", "));
            csl_out_append(fam.group, csl_out_text(n->suffix));
        } else {
            seq_add(&fam, csl_out_text(n->suffix), n->suffix);
        }
    }
    seq_add(&all, part_format(o->family_part, seq_end(&fam), false, true, o->lang), n->family);
    g_free(given);
    return seq_end(&all);
}

static int name_level(struct csl_ctx *ctx, const struct csl_name *n)
{
    int level = ctx->givenname_level;
    if (ctx->givenname_names) {
        gpointer v;
        if (g_hash_table_lookup_extended(ctx->givenname_names, n, NULL, &v) &&
            GPOINTER_TO_INT(v) > level)
            level = GPOINTER_TO_INT(v);
    }
    return level;
}

static bool same_str(const char *a, const char *b)
{
    return g_strcmp0(a && *a ? a : NULL, b && *b ? b : NULL) == 0;
}

static bool same_names(GPtrArray *a, GPtrArray *b)
{
    if (!a || !b || a->len != b->len)
        return false;
    for (guint i = 0; i < a->len; i++) {
        const struct csl_name *x = a->pdata[i], *y = b->pdata[i];
        if (!same_str(x->family, y->family) || !same_str(x->given, y->given) ||
            !same_str(x->literal, y->literal) ||
            !same_str(x->non_dropping_particle, y->non_dropping_particle) ||
            !same_str(x->dropping_particle, y->dropping_particle) ||
            !same_str(x->suffix, y->suffix))
            return false;
    }
    return true;
}

/* How many names are shown before "et al." (ALL when not truncated). */
static guint shown_count(const struct nopts *o, struct csl_ctx *ctx, guint total)
{
    if (o->et_al_min > 0 && o->et_al_use_first >= 0 && total >= (guint)o->et_al_min &&
        (guint)o->et_al_use_first < total) {
        guint shown = (guint)o->et_al_use_first;
        if (!ctx->sorting && ctx->add_names > 0)
            shown += (guint)ctx->add_names;
        return shown < total ? shown : total;
    }
    return total;
}

/* Whether name INDEX of NAMES shows in sort order (institutions and lone names never do). */
static bool is_inverted(const struct nopts *o, GPtrArray *names, guint index)
{
    const struct csl_name *n = names->pdata[index];
    if (nonempty(n->literal) || !nonempty(n->family) || !nonempty(n->given))
        return false;
    return o->naso == NASO_ALL || (o->naso == NASO_FIRST && index == 0);
}

/* Each single name is tagged "name" (subsequent-author-substitute finds them). */
static struct nashra_csl_out *tag_name(struct nashra_csl_out *no)
{
    if (no->var) {
        struct nashra_csl_out *g = csl_out_group();
        csl_out_append(g, no);
        no = g;
    }
    no->var = g_intern_static_string("name");
    return no;
}

/* Punctuation the style supplies between names: marked, so Arabic script can write it its way. */
static struct nashra_csl_out *names_punct(const char *s)
{
    struct nashra_csl_out *t = csl_out_text(s);
    t->var = g_intern_static_string("punct");
    return t;
}

/* The name list of one variable, with delimiters, "and", et al.; NULL when nothing renders. */
static struct nashra_csl_out *render_list(struct nashra_csl_engine *e, struct csl_ctx *ctx,
                                          const struct nopts *o, GPtrArray *names,
                                          guint *shown_out)
{
    guint total = names->len;
    if (total > CSL_MAX_NAMES)
        total = CSL_MAX_NAMES;
    guint shown = shown_count(o, ctx, total);
    bool truncated = shown < total;
    *shown_out = shown;
    if (shown == 0)
        return NULL;
    bool use_last = truncated && o->et_al_use_last && total - shown >= 2;

    struct nashra_csl_out *g = csl_out_group();
    const char *delim = o->delimiter;
    for (guint i = 0; i < shown; i++) {
        const struct csl_name *n = names->pdata[i];
        struct nashra_csl_out *no = render_one(o, n, is_inverted(o, names, i), name_level(ctx, n));
        if (!no)
            continue;
        no = tag_name(no);
        if (i > 0 && !csl_out_is_empty(g)) {
            if (o->sorting) {
                csl_out_append(g, csl_out_text(" "));
            } else if (i == shown - 1 && !truncated && o->and_term) {
                bool d;
                if (!strcmp(o->dpl, "always"))
                    d = true;
                else if (!strcmp(o->dpl, "never"))
                    d = false;
                else if (!strcmp(o->dpl, "after-inverted-name"))
                    d = is_inverted(o, names, i - 1);
                else
                    d = shown >= 3;
                /* citeproc-js: two names written whole (institutions, uninverted) take no
                 * delimiter before "and", whatever the style says */
                if (d && shown == 2 && nonempty(((const struct csl_name *)names->pdata[0])->literal) &&
                    nonempty(((const struct csl_name *)names->pdata[1])->literal))
                    d = false;
                /* a term carrying its own spacing ("ו\u2008") is glued to both names */
                const char *at = o->and_term;
                const char *lastc = g_utf8_find_prev_char(at, at + strlen(at));
                bool own_space = lastc && g_unichar_isspace(g_utf8_get_char(lastc));
                /* Arabic's "و" and Hebrew's "ו" are written joined to the word after them
                 * (Persian's "و" is not) */
                bool prefix = (strcmp(at, "\u0648") == 0 && e->lang &&
                               g_str_has_prefix(e->lang, "ar")) ||
                              strcmp(at, "\u05D5") == 0;
                char *sep = g_strdup_printf("%s%s%s", d ? delim : own_space ? "" : " ", at,
                                            own_space || prefix ? "" : " ");
                if (d && delim[0] && delim[strlen(delim) - 1] != ' ') {
                    g_free(sep);
                    sep = g_strdup_printf("%s %s ", delim, o->and_term);
                }
                csl_out_append(g, names_punct(sep));
                g_free(sep);
            } else {
                csl_out_append(g, names_punct(delim));
            }
        }
        csl_out_append(g, no);
    }
    if (csl_out_is_empty(g)) {
        nashra_csl_out_free(g);
        return NULL;
    }
    if (truncated && o->sorting && use_last) {
        const struct csl_name *n = names->pdata[total - 1];
        struct nashra_csl_out *no = render_one(o, n, true, 0);
        if (no) {
            csl_out_append(g, csl_out_text(" "));
            csl_out_append(g, tag_name(no));
        }
    } else if (truncated && !o->sorting) {
        if (use_last) {
            const struct csl_name *n = names->pdata[total - 1];
            struct nashra_csl_out *no =
                render_one(o, n, is_inverted(o, names, total - 1), name_level(ctx, n));
            if (no) {
                no = tag_name(no);
                csl_out_append(g, names_punct(delim));
                csl_out_append(g, csl_out_text("\xe2\x80\xa6 "));
                csl_out_append(g, no);
            }
        } else {
            const char *term_name = o->et_al ? csl_attr(o->et_al, "term") : NULL;
            if (!term_name)
                term_name = "et-al";
            const char *term = csl_term(e, term_name, "long", false, NULL);
            if (!term && !strcmp(term_name, "et-al"))
                term = "et al.";
            if (nonempty(term)) {
                bool d;
                if (!strcmp(o->dpea, "always"))
                    d = true;
                else if (!strcmp(o->dpea, "never"))
                    d = false;
                else if (!strcmp(o->dpea, "after-inverted-name"))
                    d = is_inverted(o, names, shown - 1);
                else
                    d = shown >= 2;
                bool cjk_term = is_cjk_char(g_utf8_get_char(term));
                if (d || !cjk_term)
                    csl_out_append(g, csl_out_text(d ? delim : " "));
                csl_out_append(g, part_format(o->et_al, csl_out_text(term), true, true, o->lang));
            }
        }
    }
    return g;
}

/* The <names> child elements NODE uses, inheriting from PARENT (substitute's bare <names/>). */
static void find_children(const struct csl_node *node, const struct csl_node *parent,
                          struct nopts *o)
{
    const struct csl_node *name = NULL, *et_al = NULL, *label = NULL;
    bool label_first = false;
    for (const struct csl_node *c = node->first; c; c = c->next) {
        if (c->kind == CSL_NAME)
            name = c;
        else if (c->kind == CSL_ET_AL)
            et_al = c;
        else if (c->kind == CSL_LABEL) {
            label = c;
            label_first = name == NULL;
        }
    }
    if (parent) {
        struct nopts p = {0};
        find_children(parent, NULL, &p);
        if (!name)
            name = p.name;
        if (!et_al)
            et_al = p.et_al;
        if (!label) {
            label = p.label;
            label_first = p.label_first;
        } else if (!name) {
            label_first = p.label_first;
        }
    }
    o->name = name;
    o->et_al = et_al;
    o->label = label;
    o->label_first = label_first;
}

static bool var_suppressed(struct csl_ctx *ctx, const char *var)
{
    return ctx->suppressed && g_hash_table_contains(ctx->suppressed, var);
}

/* Inside a <substitute>, a variable that renders is used up at once: later elements of the same
 * substitute (a macro repeating it) render it empty too. */
static void record_var(struct csl_ctx *ctx, const char *var)
{
    if (!ctx->subst_record)
        return;
    g_hash_table_add(ctx->subst_record, (gpointer)g_intern_string(var));
    if (!ctx->suppressed)
        ctx->suppressed = g_hash_table_new(NULL, NULL);
    g_hash_table_add(ctx->suppressed, (gpointer)g_intern_string(var));
}

static struct nashra_csl_out *render_names(struct nashra_csl_engine *e,
                                           const struct csl_node *node,
                                           const struct csl_node *parent, struct csl_ctx *ctx,
                                           bool in_subst);

/* The first <substitute> child that renders; its variables are suppressed afterwards. */
static struct nashra_csl_out *render_substitute(struct nashra_csl_engine *e,
                                                const struct csl_node *names,
                                                const struct csl_node *subst,
                                                struct csl_ctx *ctx)
{
    for (const struct csl_node *c = subst->first; c; c = c->next) {
        GHashTable *saved = ctx->subst_record;
        GHashTable *rec = g_hash_table_new(NULL, NULL);
        ctx->subst_record = rec;
        struct nashra_csl_out *out;
        if (c->kind == CSL_NAMES)
            out = render_names(e, c, names, ctx, true);
        else
            out = csl_render_node(e, c, ctx);
        ctx->subst_record = saved;
        if (out && !csl_out_is_empty(out)) {
            GHashTableIter it;
            if (!ctx->suppressed)
                ctx->suppressed = g_hash_table_new(NULL, NULL);
            gpointer k;
            g_hash_table_iter_init(&it, rec);
            while (g_hash_table_iter_next(&it, &k, NULL)) {
                if (ctx->suppressed)
                    g_hash_table_add(ctx->suppressed, k);
                if (saved)
                    g_hash_table_add(saved, k);
            }
            /* <text variable="title"/> is suppressed even if render.c does not record it */
            const char *v = c->kind == CSL_TEXT ? csl_attr(c, "variable") : NULL;
            if (v && ctx->suppressed)
                g_hash_table_add(ctx->suppressed, (gpointer)g_intern_string(v));
            if (!ctx->subst_var && g_hash_table_size(rec) > 0) {
                g_hash_table_iter_init(&it, rec);
                if (g_hash_table_iter_next(&it, &k, NULL))
                    ctx->subst_var = k;
            } else if (!ctx->subst_var && v) {
                ctx->subst_var = g_intern_string(v);
            }
            g_hash_table_destroy(rec);
            return out;
        }
        g_hash_table_destroy(rec);
        if (out)
            nashra_csl_out_free(out);
    }
    return NULL;
}

static struct nashra_csl_out *render_names(struct nashra_csl_engine *e,
                                           const struct csl_node *node,
                                           const struct csl_node *parent, struct csl_ctx *ctx,
                                           bool in_subst)
{
    struct nopts o = {0};
    find_children(node, parent, &o);
    resolve_opts(e, ctx, &o);

    const char *vars_attr = csl_attr(node, "variable");
    char **vars = g_strsplit(vars_attr ? vars_attr : "", " ", -1);
    /* the variables with names, in order */
    GPtrArray *found_vars = g_ptr_array_new();
    GPtrArray *found_lists = g_ptr_array_new();
    for (char **v = vars; *v; v++) {
        if (!**v)
            continue;
        const char *var = g_intern_string(*v);
        ctx->vars_called++;
        if (var_suppressed(ctx, var))
            continue;
        GPtrArray *list = ctx->item ? csl_item_names(ctx->item, var) : NULL;
        if (!list || list->len == 0)
            continue;
        ctx->vars_rendered++;
        g_ptr_array_add(found_vars, (gpointer)var);
        g_ptr_array_add(found_lists, list);
    }
    g_strfreev(vars);

    /* editor and translator the same people: one list labelled "editortranslator" */
    int ed = -1, tr = -1;
    for (guint i = 0; i < found_vars->len; i++) {
        if (!strcmp(found_vars->pdata[i], "editor"))
            ed = (int)i;
        else if (!strcmp(found_vars->pdata[i], "translator"))
            tr = (int)i;
    }
    if (ed >= 0 && tr >= 0 && same_names(found_lists->pdata[ed], found_lists->pdata[tr])) {
        const char *form = o.label ? csl_attr(o.label, "form") : NULL;
        if (nonempty(csl_term(e, "editortranslator", form ? form : "long", false, NULL))) {
            int first = ed < tr ? ed : tr, second = ed < tr ? tr : ed;
            found_vars->pdata[first] = (gpointer)g_intern_static_string("editortranslator");
            found_lists->pdata[first] = found_lists->pdata[ed];
            g_ptr_array_remove_index(found_vars, (guint)second);
            g_ptr_array_remove_index(found_lists, (guint)second);
        }
    }

    struct nashra_csl_out *result = NULL;
    if (found_vars->len == 0) {
        const struct csl_node *subst = NULL;
        for (const struct csl_node *c = node->first; c; c = c->next)
            if (c->kind == CSL_SUBSTITUTE)
                subst = c;
        if (subst && !in_subst && ctx->depth < CSL_MAX_DEPTH) {
            ctx->depth++;
            struct nashra_csl_out *s = render_substitute(e, node, subst, ctx);
            ctx->depth--;
            if (s) {
                result = csl_out_group();
                csl_out_append(result, s);
            }
        }
        if (result && !ctx->sorting && !ctx->names_seen) {
            ctx->names_seen = true;
            ctx->names_total = ctx->names_total ? ctx->names_total : 0;
        }
    } else if (o.form == FORM_COUNT) {
        guint count = 0;
        for (guint i = 0; i < found_lists->len; i++) {
            GPtrArray *l = found_lists->pdata[i];
            count += shown_count(&o, ctx, l->len < CSL_MAX_NAMES ? l->len : CSL_MAX_NAMES);
        }
        if (count > 0) {
            char buf[32];
            g_snprintf(buf, sizeof buf, "%u", count);
            result = csl_out_group();
            csl_out_append(result, csl_out_text(buf));
        }
        for (guint i = 0; i < found_vars->len; i++)
            record_var(ctx, found_vars->pdata[i]);
    } else {
        const char *ndelim = csl_attr(node, "delimiter");
        if (!ndelim)
            ndelim = opt(e, ctx, NULL, "names-delimiter");
        result = csl_out_group();
        if (ndelim && !ctx->sorting)
            result->delimiter = g_strdup(ndelim);
        for (guint i = 0; i < found_vars->len; i++) {
            GPtrArray *list = found_lists->pdata[i];
            const char *var = found_vars->pdata[i];
            guint shown = 0;
            struct nashra_csl_out *lo = render_list(e, ctx, &o, list, &shown);
            if (!lo)
                continue;
            if (!strcmp(var, "editortranslator")) {
                record_var(ctx, "editor");
                record_var(ctx, "translator");
            } else {
                record_var(ctx, var);
            }
            if (o.name && !ctx->sorting)
                lo = csl_decorate(e, o.name, lo);
            struct nashra_csl_out *one = csl_out_group();
            struct nashra_csl_out *label = NULL;
            if (o.label && !ctx->sorting)
                label = csl_render_label(e, o.label, var, list->len > 1, ctx);
            if (label && o.label_first)
                csl_out_append(one, label);
            csl_out_append(one, lo);
            if (label && !o.label_first)
                csl_out_append(one, label);
            csl_out_append(result, one);
            if (!ctx->sorting && !ctx->names_seen) {
                ctx->names_seen = true;
                ctx->names_total = (int)(list->len < CSL_MAX_NAMES ? list->len : CSL_MAX_NAMES);
                ctx->names_shown = (int)shown;
                if (!ctx->subst_var || in_subst)
                    ctx->subst_var = var;
            }
        }
        if (csl_out_is_empty(result)) {
            nashra_csl_out_free(result);
            result = NULL;
        }
    }
    g_ptr_array_free(found_vars, TRUE);
    g_ptr_array_free(found_lists, TRUE);
    if (!result)
        return csl_out_group();
    result->var = g_intern_static_string("names");
    if (ctx->sorting)
        return result;
    return csl_decorate(e, node, result);
}

struct nashra_csl_out *csl_render_names(struct nashra_csl_engine *e, const struct csl_node *names,
                                        struct csl_ctx *ctx)
{
    return render_names(e, names, NULL, ctx, false);
}

/* family (particles per demote-non-dropping-particle), given, suffix; names "; "-separated. */
char *csl_names_sort_key(struct nashra_csl_engine *e, const struct csl_node *key,
                         const char *variable, struct csl_ctx *ctx)
{
    GPtrArray *list = ctx->item ? csl_item_names(ctx->item, variable) : NULL;
    if (!list || list->len == 0)
        return NULL;
    struct nopts o = {0};
    const struct csl_node *saved = ctx->sort_key;
    bool saved_sorting = ctx->sorting;
    ctx->sort_key = key;
    ctx->sorting = true;
    resolve_opts(e, ctx, &o);
    ctx->sort_key = saved;
    ctx->sorting = saved_sorting;
    guint total = list->len < CSL_MAX_NAMES ? list->len : CSL_MAX_NAMES;
    guint shown = total;
    if (o.et_al_min > 0 && o.et_al_use_first >= 0 && total >= (guint)o.et_al_min &&
        (guint)o.et_al_use_first < total)
        shown = (guint)o.et_al_use_first;
    bool use_last = shown < total && o.et_al_use_last;
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < total; i++) {
        if (i >= shown && !(use_last && i == total - 1))
            continue;
        const struct csl_name *n = list->pdata[i];
        if (s->len)
            g_string_append(s, "; ");
        if (nonempty(n->literal) || (!nonempty(n->family) && !nonempty(n->given))) {
            g_string_append(s, n->literal ? n->literal : "");
            continue;
        }
        bool demote = o.demote != DEMOTE_NEVER;
        GString *fam = g_string_new(NULL);
        if (!demote && nonempty(n->non_dropping_particle)) {
            g_string_append(fam, n->non_dropping_particle);
            if (!ends_without_space(n->non_dropping_particle))
                g_string_append_c(fam, ' ');
        }
        g_string_append(fam, n->family ? n->family : "");
        g_string_append(s, fam->str);
        g_string_free(fam, TRUE);
        const char *rest[] = {n->dropping_particle, demote ? n->non_dropping_particle : NULL,
                              n->given, n->suffix};
        for (int j = 0; j < 4; j++)
            if (nonempty(rest[j])) {
                g_string_append_c(s, ' ');
                g_string_append(s, rest[j]);
            }
    }
    return g_string_free(s, FALSE);
}
