/* <date>: localized (the locale's date formats, overridable per part) or as written; ranges,
 * seasons, BC/AD, literal dates. */
#include "csl/csl_int.h"

#include <stdlib.h>
#include <string.h>

enum dp_name { DP_YEAR, DP_MONTH, DP_DAY };

/* One <date-part> to render: NODE as written (the locale's for a localized date) and OVER (the
 * style's part of the same name, or NULL) whose attributes win except for affixes. */
struct dpart {
    enum dp_name name;
    const struct csl_node *node, *over;
    char *prefix, *suffix; /* effective affixes, owned */
    bool delimited;        /* the date has a delimiter between parts */
};

static const char *dp_attr(const struct dpart *p, const char *attr)
{
    const char *v = p->over ? csl_attr(p->over, attr) : NULL;
    return v ? v : csl_attr(p->node, attr);
}

static bool parse_dp_name(const char *s, enum dp_name *out)
{
    if (!s)
        return false;
    if (!strcmp(s, "year"))
        *out = DP_YEAR;
    else if (!strcmp(s, "month"))
        *out = DP_MONTH;
    else if (!strcmp(s, "day"))
        *out = DP_DAY;
    else
        return false;
    return true;
}

static char *strip_periods(const char *s)
{
    GString *o = g_string_new(NULL);
    for (const char *p = s; *p; p++)
        if (*p != '.')
            g_string_append_c(o, *p);
    return g_string_free(o, FALSE);
}

/* Formatting and text-case of the part around OUT (affixes are added by the caller). */
static struct nashra_csl_out *dp_format(const struct dpart *p, struct nashra_csl_out *out,
                                        const char *lang)
{
    struct csl_format f = {0};
    bool any = false;
    const char *v;
    if ((v = dp_attr(p, "font-style"))) {
        f.font_style = !strcmp(v, "italic") ? CSL_FS_ITALIC
                       : !strcmp(v, "oblique") ? CSL_FS_OBLIQUE : CSL_FS_NORMAL;
        any = true;
    }
    if ((v = dp_attr(p, "font-variant"))) {
        f.font_variant = !strcmp(v, "small-caps") ? CSL_FV_SMALL_CAPS : CSL_FV_NORMAL;
        any = true;
    }
    if ((v = dp_attr(p, "font-weight"))) {
        f.font_weight = !strcmp(v, "bold") ? CSL_FW_BOLD
                        : !strcmp(v, "light") ? CSL_FW_LIGHT : CSL_FW_NORMAL;
        any = true;
    }
    if ((v = dp_attr(p, "text-decoration"))) {
        f.text_decoration = !strcmp(v, "underline") ? CSL_TD_UNDERLINE : CSL_TD_NONE;
        any = true;
    }
    if ((v = dp_attr(p, "vertical-align"))) {
        f.vertical_align = !strcmp(v, "sup") ? CSL_VA_SUP
                           : !strcmp(v, "sub") ? CSL_VA_SUB : CSL_VA_BASELINE;
        any = true;
    }
    if ((v = dp_attr(p, "text-case")))
        csl_text_case(out, v, lang);
    if (!any)
        return out;
    struct nashra_csl_out *g = csl_out_group();
    csl_out_append(g, out);
    g->format = f;
    return g;
}

static int month_of(const struct csl_date_point *d, bool *season)
{
    *season = false;
    if (d->month >= 1 && d->month <= 12)
        return d->month;
    if (d->month >= 13 && d->month <= 16) {
        *season = true;
        return d->month - 12;
    }
    if (d->month >= 21 && d->month <= 24) {
        *season = true;
        return d->month - 20;
    }
    if (d->month == 0 && d->season >= 1 && d->season <= 4) {
        *season = true;
        return d->season;
    }
    return 0;
}

/* The text of one part of D, or NULL when D lacks it. */
static char *dp_text(struct nashra_csl_engine *e, const struct dpart *p,
                     const struct csl_date_point *d, bool era_space)
{
    const char *form = dp_attr(p, "form");
    switch (p->name) {
    case DP_YEAR: {
        if (d->year == 0)
            return NULL;
        if (form && !strcmp(form, "short"))
            return g_strdup_printf("%02d", abs(d->year) % 100);
        int y = abs(d->year);
        const char *era = NULL;
        if (d->year < 0)
            era = csl_term(e, "bc", "long", false, NULL);
        else if (d->year < 1000)
            era = csl_term(e, "ad", "long", false, NULL);
        if (d->year < 0 && !era)
            era = "BC";
        if (!era || !*era)
            return g_strdup_printf("%d", y);
        /* citeproc-js: "499 AD" alone, but "100BC-7-13" between delimited parts */
        while (*era == ' ')
            era++;
        return g_strdup_printf("%d%s%s", y, era_space ? " " : "", era);
    }
    case DP_MONTH: {
        bool season;
        int m = month_of(d, &season);
        if (!m)
            return NULL;
        char name[16];
        if (season) {
            g_snprintf(name, sizeof name, "season-%02d", m);
        } else {
            if (form && !strcmp(form, "numeric"))
                return g_strdup_printf("%d", m);
            if (form && !strcmp(form, "numeric-leading-zeros"))
                return g_strdup_printf("%02d", m);
            g_snprintf(name, sizeof name, "month-%02d", m);
        }
        const char *t = csl_term(e, name, form && !strcmp(form, "short") ? "short" : "long",
                                 false, NULL);
        if (!t)
            return NULL;
        const char *sp = dp_attr(p, "strip-periods");
        if (sp && !strcmp(sp, "true"))
            return strip_periods(t);
        return g_strdup(t);
    }
    case DP_DAY: {
        bool season;
        if (d->day <= 0 || !month_of(d, &season) || season)
            return NULL;
        if (form && !strcmp(form, "numeric-leading-zeros"))
            return g_strdup_printf("%02d", d->day);
        if (form && !strcmp(form, "ordinal")) {
            if (e->limit_day_ordinals_to_day_1 && d->day != 1)
                return g_strdup_printf("%d", d->day);
            char term[16];
            g_snprintf(term, sizeof term, "month-%02d", d->month);
            return csl_number_ordinal(e, d->day, csl_term_gender(e, term));
        }
        return g_strdup_printf("%d", d->day);
    }
    }
    return NULL;
}

/* The part for D with its formatting, NULL when absent. AFFIX_PRE/SUF: whether the affixes go on. */
static struct nashra_csl_out *dp_render(struct nashra_csl_engine *e, const struct dpart *p,
                                        const struct csl_date_point *d, bool pre, bool suf,
                                        const char *lang)
{
    char *t = dp_text(e, p, d, !p->delimited);
    if (!t)
        return NULL;
    /* rich: locale ordinals may carry superscript letters ("1ᵉʳ") */
    struct nashra_csl_out *o =
        dp_format(p, p->name == DP_DAY ? csl_out_rich(t) : csl_out_text(t), lang);
    g_free(t);
    if ((pre && p->prefix && *p->prefix) || (suf && p->suffix && *p->suffix)) {
        struct nashra_csl_out *g = csl_out_group();
        csl_out_append(g, o);
        if (pre && p->prefix && *p->prefix)
            g->prefix = g_strdup(p->prefix);
        if (suf && p->suffix && *p->suffix)
            g->suffix = g_strdup(p->suffix);
        o = g;
    }
    return o;
}

static bool point_has(const struct csl_date_point *d, enum dp_name n)
{
    bool season;
    switch (n) {
    case DP_YEAR:
        return d->year != 0;
    case DP_MONTH:
        return month_of(d, &season) != 0;
    case DP_DAY:
        return d->day > 0;
    }
    return false;
}

static bool point_same(const struct csl_date_point *a, const struct csl_date_point *b,
                       enum dp_name n)
{
    switch (n) {
    case DP_YEAR:
        return a->year == b->year;
    case DP_MONTH:
        return a->month == b->month && a->season == b->season;
    case DP_DAY:
        return a->day == b->day;
    }
    return true;
}

/* Renders parts [FROM, TO) of D into G; the last rendered part loses its suffix when DROP_LAST,
 * the first its prefix when DROP_FIRST. The date's DELIM goes between rendered parts (*ANY: a
 * part is already in G). */
static void render_run(struct nashra_csl_engine *e, struct nashra_csl_out *g,
                       const struct dpart *parts, guint from, guint to,
                       const struct csl_date_point *d, bool drop_first, bool drop_last,
                       const char *lang, const char *delim, bool *any)
{
    int first = -1, last = -1;
    for (guint i = from; i < to; i++)
        if (point_has(d, parts[i].name) &&
            !(parts[i].name == DP_DAY && !point_has(d, DP_MONTH))) {
            if (first < 0)
                first = (int)i;
            last = (int)i;
        }
    for (guint i = from; i < to; i++) {
        struct nashra_csl_out *o =
            dp_render(e, &parts[i], d, !(drop_first && (int)i == first),
                      !(drop_last && (int)i == last), lang);
        if (!o)
            continue;
        if (*any && delim && *delim)
            csl_out_append(g, csl_out_text(delim));
        csl_out_append(g, o);
        *any = true;
    }
}

static const char *range_delim(const struct dpart *p)
{
    const char *v = dp_attr(p, "range-delimiter");
    return v ? v : "\xe2\x80\x93";
}

/* Whether the style renders year-suffix itself (else it follows the first date). */
static bool style_uses_year_suffix(struct nashra_csl_engine *e)
{
    if (e->uses_year_suffix_var == 0) {
        bool found = false;
        const struct csl_node *n = e->style->root;
        /* iterative pre-order walk */
        while (n && !found) {
            if (n->kind == CSL_TEXT) {
                const char *v = csl_attr(n, "variable");
                /* citation-label carries the suffix too (citeproc-js) */
                if (v && (!strcmp(v, "year-suffix") || !strcmp(v, "citation-label")))
                    found = true;
            }
            if (n->first) {
                n = n->first;
            } else {
                while (n && !n->next)
                    n = n->parent;
                if (n)
                    n = n->next;
            }
        }
        e->uses_year_suffix_var = found ? 1 : 2;
    }
    return e->uses_year_suffix_var == 1;
}

static void sort_point(GString *s, const struct csl_date_point *d, bool y, bool m, bool dd)
{
    if (y)
        g_string_append_printf(s, "%05d", d->year + 50000 > 0 ? d->year + 50000 : 0);
    if (m)
        g_string_append_printf(s, "%02d", d->month > 0 && d->month < 100 ? d->month : 0);
    if (dd)
        g_string_append_printf(s, "%02d", d->day > 0 && d->day < 100 ? d->day : 0);
}

struct nashra_csl_out *csl_render_date(struct nashra_csl_engine *e, const struct csl_node *date,
                                       struct csl_ctx *ctx)
{
    const char *var = csl_attr(date, "variable");
    if (!var || !ctx->item)
        return csl_out_group();
    ctx->vars_called++;
    var = g_intern_string(var);
    if (ctx->suppressed && g_hash_table_contains(ctx->suppressed, var))
        return csl_out_group();
    const struct csl_date *d = csl_item_date(ctx->item, var);
    if (!d)
        return csl_out_group();
    const char *lang = csl_item_var(ctx->item, "language");

    if (d->literal && *d->literal) {
        ctx->vars_rendered++;
        if (ctx->subst_record)
            g_hash_table_add(ctx->subst_record, (gpointer)var);
        struct nashra_csl_out *g = csl_out_group();
        csl_out_append(g, csl_out_text(d->literal));
        g->var = g_intern_static_string("date");
        return ctx->sorting ? g : csl_decorate(e, date, g);
    }

    /* the parts: the locale's (localized) with the style's overrides, or the style's */
    const char *form = csl_attr(date, "form");
    const struct csl_node *loc = form ? csl_locale_date(e, form) : NULL;
    const char *delimiter = csl_attr(date, "delimiter");
    GArray *parts = g_array_new(FALSE, TRUE, sizeof(struct dpart));
    if (loc) {
        const char *which = csl_attr(date, "date-parts");
        int limit = !which ? 3 : !strcmp(which, "year") ? 1 : !strcmp(which, "year-month") ? 2 : 3;
        if (!delimiter)
            delimiter = csl_attr(loc, "delimiter");
        for (const struct csl_node *c = loc->first; c; c = c->next) {
            struct dpart p = {0};
            if (c->kind != CSL_DATE_PART || !parse_dp_name(csl_attr(c, "name"), &p.name))
                continue;
            if ((int)p.name >= limit)
                continue;
            p.node = c;
            for (const struct csl_node *s = date->first; s; s = s->next) {
                enum dp_name sn;
                if (s->kind == CSL_DATE_PART && parse_dp_name(csl_attr(s, "name"), &sn) &&
                    sn == p.name)
                    p.over = s;
            }
            p.prefix = g_strdup(csl_attr(c, "prefix"));
            p.suffix = g_strdup(csl_attr(c, "suffix"));
            g_array_append_val(parts, p);
        }
    } else {
        for (const struct csl_node *c = date->first; c; c = c->next) {
            struct dpart p = {0};
            if (c->kind != CSL_DATE_PART || !parse_dp_name(csl_attr(c, "name"), &p.name))
                continue;
            p.node = c;
            p.prefix = g_strdup(csl_attr(c, "prefix"));
            p.suffix = g_strdup(csl_attr(c, "suffix"));
            g_array_append_val(parts, p);
        }
    }
    if (delimiter && *delimiter && parts->len > 1)
        for (guint i = 0; i < parts->len; i++)
            g_array_index(parts, struct dpart, i).delimited = true;
    bool any = false, rany = false;
    const struct dpart *pa = (const struct dpart *)(void *)parts->data;
    guint np = parts->len;

    const struct csl_date_point *a = &d->from, *b = &d->to;
    bool open = d->range && b->year == 0 && b->month == 0 && b->day == 0 && b->season == 0;
    bool range = d->range && !open;
    if (range) {
        bool differs = false;
        for (guint i = 0; i < np; i++)
            if (!point_same(a, b, pa[i].name))
                differs = true;
        range = differs;
    }

    struct nashra_csl_out *g = csl_out_group();
    if (ctx->sorting) {
        bool y = false, m = false, dd = false;
        for (guint i = 0; i < np; i++) {
            y |= pa[i].name == DP_YEAR;
            m |= pa[i].name == DP_MONTH;
            dd |= pa[i].name == DP_DAY;
        }
        GString *s = g_string_new(NULL);
        if (a->year || a->month || a->day || a->season) {
            sort_point(s, a, y, m, dd);
            if (d->range) {
                g_string_append_c(s, '-');
                sort_point(s, b, y, m, dd);
            }
        }
        if (s->len)
            csl_out_append(g, csl_out_text(s->str));
        g_string_free(s, TRUE);
    } else if (!range) {
        render_run(e, g, pa, 0, np, a, false, open, lang, delimiter, &any);
        if (open && !csl_out_is_empty(g)) {
            const struct dpart *yp = NULL;
            for (guint i = 0; i < np; i++)
                if (pa[i].name == DP_YEAR)
                    yp = &pa[i];
            csl_out_append(g, csl_out_text(yp ? range_delim(yp) : "\xe2\x80\x93"));
        }
    } else {
        /* the most significant differing part decides what is repeated */
        enum dp_name order[3] = {DP_YEAR, DP_MONTH, DP_DAY};
        bool same[3] = {false, false, false};
        for (int k = 0; k < 3; k++) {
            bool present = false;
            for (guint i = 0; i < np; i++)
                present |= pa[i].name == order[k];
            if (present && !point_same(a, b, order[k]))
                break;
            same[order[k]] = true;
        }
        guint s1 = 0;
        while (s1 < np && same[pa[s1].name])
            s1++;
        guint s2 = s1;
        while (s2 < np && !same[pa[s2].name])
            s2++;
        const struct dpart *first_diff = NULL;
        for (guint i = s1; i < s2; i++)
            if (!first_diff || pa[i].name < first_diff->name)
                first_diff = &pa[i];
        render_run(e, g, pa, 0, s1, a, false, false, lang, delimiter, &any);
        struct nashra_csl_out *left = csl_out_group(), *right = csl_out_group();
        if (any && delimiter && *delimiter)
            csl_out_append(left, csl_out_text(delimiter));
        bool lany = false;
        render_run(e, left, pa, s1, s2, a, false, true, lang, delimiter, &lany);
        render_run(e, right, pa, s1, s2, b, true, s2 == np, lang, delimiter, &rany);
        any = any || lany || rany;
        csl_out_append(g, left);
        if (!csl_out_is_empty(right)) {
            csl_out_append(g, csl_out_text(first_diff ? range_delim(first_diff)
                                                      : "\xe2\x80\x93"));
            csl_out_append(g, right);
        } else {
            nashra_csl_out_free(right);
        }
        render_run(e, g, pa, s2, np, a, false, false, lang, delimiter, &any);
    }
    for (guint i = 0; i < np; i++) {
        g_free(g_array_index(parts, struct dpart, i).prefix);
        g_free(g_array_index(parts, struct dpart, i).suffix);
    }
    g_array_free(parts, TRUE);

    if (csl_out_is_empty(g))
        return g;
    ctx->vars_rendered++;
    if (ctx->subst_record)
        g_hash_table_add(ctx->subst_record, (gpointer)var);
    g->var = g_intern_static_string("date");
    if (ctx->sorting)
        return g;
    if (ctx->year_suffix > 0 && !ctx->rendered_year_suffix && !style_uses_year_suffix(e)) {
        int n = ctx->year_suffix;
        char buf[8] = {0};
        if (n <= 26) {
            buf[0] = (char)('a' + n - 1);
        } else {
            buf[0] = (char)('a' + (n - 1) / 26 - 1);
            buf[1] = (char)('a' + (n - 1) % 26);
        }
        struct nashra_csl_out *ys = csl_out_text(buf);
        ys->var = g_intern_static_string("year-suffix");
        csl_out_append(g, ys);
        ctx->rendered_year_suffix = true;
    }
    if (loc && !csl_attr(date, "prefix") && !csl_attr(date, "suffix") &&
        (csl_attr(loc, "prefix") || csl_attr(loc, "suffix"))) {
        struct nashra_csl_out *w = csl_out_group();
        csl_out_append(w, g);
        w->prefix = g_strdup(csl_attr(loc, "prefix"));
        w->suffix = g_strdup(csl_attr(loc, "suffix"));
        g = w;
        g->var = g_intern_static_string("date");
    }
    return csl_decorate(e, date, g);
}
