/* The block pass: lines to container and leaf blocks following the CommonMark algorithm (open
 * blocks matched line by line, new starts, lazy continuation), then the inline pass per leaf. */
#include "parse/internal.h"

#include <string.h>

#define PARSE_MAX_NESTING 1000

/* What the block pass needs beside the node while it builds the tree. */
struct parse_block {
    struct nashra_node *node;
    struct parse_content content;
    size_t start_off, end_off; /* clean offsets; end exclusive */
    bool last_line_blank;
    bool has_content;
    char fence_char;
    int fence_len, fence_offset;
    int html_kind;
    int marker_offset, padding;
    bool fence_closed; /* DIV: ended by its own closing fence */
    /* DIV: index in the open stack of the first div of the run of directly nested divs it is
     * in; that first div keeps the index of the run's last, so a line skips a run at once. */
    guint run_first, run_last;
};

struct parse_parser {
    struct parse_source *src;
    struct nashra_diag *diag;
    bool nashra;
    struct nashra_doc *doc;
    GPtrArray *all;      /* every parse_block, owned */
    GHashTable *by_node; /* node -> parse_block */
    GPtrArray *open;     /* open blocks, [0] is the document */
    GHashTable *refs;
    GPtrArray *fn_defs;       /* every FOOTNOTE_DEF node, in source order (borrowed) */
    GHashTable *fn_by_label;  /* normalised label -> first FOOTNOTE_DEF (borrowed) */
    /* The current line, without its line ending. */
    const char *line;
    size_t line_len, line_off;
    int line_no;
    size_t offset;
    int column;
    bool partial_tab;
    size_t first_nonspace;
    int first_nonspace_column, indent;
    bool blank;
    bool nesting_reported;
    bool at_end; /* the last line was read: what is still open closes here */
    bool closed_unmatched;
    size_t matched;
};

static struct parse_block *parse_tip(struct parse_parser *p)
{
    return g_ptr_array_index(p->open, p->open->len - 1);
}

static char parse_peek(struct parse_parser *p, size_t off)
{
    return off < p->line_len ? p->line[off] : '\0';
}

static void parse_find_first_nonspace(struct parse_parser *p)
{
    size_t i = p->offset;
    int col = p->column;
    int chars_to_tab = 4 - (col % 4);
    if (p->partial_tab) {
        /* The rest of a half-used tab still counts as indentation. */
        col += chars_to_tab;
        i++;
    }
    while (i < p->line_len) {
        if (p->line[i] == ' ') {
            col++;
        } else if (p->line[i] == '\t') {
            col += 4 - (col % 4);
        } else {
            break;
        }
        i++;
    }
    p->first_nonspace = i;
    p->first_nonspace_column = col;
    p->indent = col - p->column;
    p->blank = i >= p->line_len;
}

/* Advances COUNT columns (splitting tabs) or COUNT bytes. */
static void parse_advance(struct parse_parser *p, int count, bool columns)
{
    while (count > 0 && p->offset < p->line_len) {
        char c = p->line[p->offset];
        if (c == '\t') {
            int to_tab = 4 - (p->column % 4);
            if (columns) {
                p->partial_tab = to_tab > count;
                int step = to_tab < count ? to_tab : count;
                p->column += step;
                if (!p->partial_tab)
                    p->offset++;
                count -= step;
            } else {
                p->partial_tab = false;
                p->column += to_tab;
                p->offset++;
                count--;
            }
        } else {
            p->partial_tab = false;
            p->offset++;
            p->column++;
            count--;
        }
    }
}

static void parse_advance_to_nonspace(struct parse_parser *p)
{
    p->offset = p->first_nonspace;
    p->column = p->first_nonspace_column;
    p->partial_tab = false;
}

static void parse_content_init(struct parse_content *c)
{
    c->text = g_string_new(NULL);
    c->spans = g_array_new(FALSE, FALSE, sizeof(struct parse_span));
}

size_t parse_content_src(const struct parse_content *c, size_t off)
{
    const struct parse_span *s = (const struct parse_span *)c->spans->data;
    size_t lo = 0, hi = c->spans->len;
    if (!hi)
        return 0;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (s[mid].content_off <= off)
            lo = mid;
        else
            hi = mid;
    }
    return s[lo].src_off + (off - s[lo].content_off);
}

/* Appends the line from clean offset FROM to its end, with SPACES leading spaces first. */
static void parse_content_add(struct parse_content *c, size_t from, const char *s, size_t len,
                              int spaces)
{
    for (int i = 0; i < spaces; i++)
        g_string_append_c(c->text, ' ');
    struct parse_span span = {c->text->len, from};
    g_array_append_val(c->spans, span);
    g_string_append_len(c->text, s, (gssize)len);
    g_string_append_c(c->text, '\n');
}

static struct parse_block *parse_block_new(struct parse_parser *p, enum nashra_node_kind kind,
                                           size_t start_off)
{
    struct parse_block *b = g_new0(struct parse_block, 1);
    b->node = nashra_node_new(kind, parse_source_pos(p->src, start_off));
    b->start_off = start_off;
    b->end_off = start_off;
    /* Only leaves hold text; containers skip the two allocations. */
    if (kind == NASHRA_NODE_PARAGRAPH || kind == NASHRA_NODE_HEADING ||
        kind == NASHRA_NODE_CODE_BLOCK || kind == NASHRA_NODE_HTML_BLOCK ||
        kind == NASHRA_NODE_TABLE)
        parse_content_init(&b->content);
    g_ptr_array_add(p->all, b);
    g_hash_table_insert(p->by_node, b->node, b);
    return b;
}

static void parse_block_free(gpointer data)
{
    struct parse_block *b = data;
    if (b->content.text) {
        g_string_free(b->content.text, TRUE);
        g_array_unref(b->content.spans);
    }
    g_free(b);
}

static bool parse_ends_with_blank(struct parse_parser *p, struct nashra_node *n)
{
    while (n) {
        struct parse_block *b = g_hash_table_lookup(p->by_node, n);
        if (b && b->last_line_blank)
            return true;
        if (n->kind != NASHRA_NODE_LIST && n->kind != NASHRA_NODE_ITEM)
            return false;
        n = n->last_child;
    }
    return false;
}

static void parse_finalize_list(struct parse_parser *p, struct nashra_node *list)
{
    bool tight = true;
    for (struct nashra_node *item = list->first_child; item && tight; item = item->next) {
        struct parse_block *ib = g_hash_table_lookup(p->by_node, item);
        if (ib && ib->last_line_blank && item->next) {
            tight = false;
            break;
        }
        for (struct nashra_node *sub = item->first_child; sub; sub = sub->next) {
            if (parse_ends_with_blank(p, sub) && (item->next || sub->next)) {
                tight = false;
                break;
            }
        }
    }
    list->as.list.tight = tight;
}

static bool parse_is_blank_text(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

/* Drops the first N bytes of B's content, keeping the span map aligned and the start right. */
static void parse_content_drop(struct parse_parser *p, struct parse_block *b, size_t n)
{
    struct parse_content *c = &b->content;
    if (n) {
        g_string_erase(c->text, 0, (gssize)n);
        /* Shift the span map so content offsets stay aligned with the text. */
        GArray *spans = g_array_new(FALSE, FALSE, sizeof(struct parse_span));
        for (guint i = 0; i < c->spans->len; i++) {
            struct parse_span s = g_array_index(c->spans, struct parse_span, i);
            if (s.content_off < n) {
                /* Drop lines wholly inside the definitions; cut the one they end in. */
                guint nx = i + 1;
                bool covers = nx >= c->spans->len ||
                              g_array_index(c->spans, struct parse_span, nx).content_off > n;
                if (!covers)
                    continue;
                s.src_off += n - s.content_off;
                s.content_off = n;
            }
            s.content_off -= n;
            g_array_append_val(spans, s);
        }
        g_array_unref(c->spans);
        c->spans = spans;
        if (c->text->len)
            b->start_off = parse_content_src(c, 0);
        b->node->start = parse_source_pos(p->src, b->start_off);
    }
}

/* Consumes leading link reference definitions; returns false if nothing is left. */
static bool parse_resolve_refs(struct parse_parser *p, struct parse_block *b)
{
    struct parse_content *c = &b->content;
    parse_content_drop(p, b, parse_link_ref_defs(c, p->refs));
    return !parse_is_blank_text(c->text->str, c->text->len);
}

/* nashra syntax: a block quote opening with [!TYPE] becomes a callout, the marker line and an
 * optional title on it taken out of the first paragraph. */
static bool parse_callout(struct parse_parser *p, struct nashra_node *quote)
{
    static const struct {
        const char *name;
        enum nashra_callout type;
    } types[] = {
        {"NOTE", NASHRA_CALLOUT_NOTE},       {"TIP", NASHRA_CALLOUT_TIP},
        {"IMPORTANT", NASHRA_CALLOUT_IMPORTANT}, {"WARNING", NASHRA_CALLOUT_WARNING},
        {"CAUTION", NASHRA_CALLOUT_CAUTION}, {"SUMMARY", NASHRA_CALLOUT_SUMMARY},
    };
    struct nashra_node *first = quote->first_child;
    if (!first || first->kind != NASHRA_NODE_PARAGRAPH)
        return false;
    struct parse_block *b = g_hash_table_lookup(p->by_node, first);
    if (!b || !b->content.text || first->start.line != quote->start.line)
        return false;
    const char *t = b->content.text->str;
    size_t len = b->content.text->len;
    if (len < 4 || t[0] != '[' || t[1] != '!')
        return false;
    size_t i = 2;
    while (i < len && g_ascii_isalpha(t[i]))
        i++;
    if (i >= len || t[i] != ']')
        return false;
    size_t k = 0;
    while (k < G_N_ELEMENTS(types) && !(strlen(types[k].name) == i - 2 &&
                                        g_ascii_strncasecmp(t + 2, types[k].name, i - 2) == 0))
        k++;
    if (k == G_N_ELEMENTS(types))
        return false;
    size_t nl = i + 1;
    while (nl < len && t[nl] != '\n')
        nl++;
    size_t ts = i + 1, te = nl;
    if (ts < te && t[ts] != ' ' && t[ts] != '\t')
        return false;
    while (ts < te && (t[ts] == ' ' || t[ts] == '\t'))
        ts++;
    while (te > ts && (t[te - 1] == ' ' || t[te - 1] == '\t'))
        te--;
    quote->kind = NASHRA_NODE_CALLOUT;
    quote->as.callout.type = types[k].type;
    if (te > ts) {
        GString *title = g_string_new(NULL);
        parse_unescape(title, t + ts, te - ts);
        quote->as.callout.title = g_string_free(title, FALSE);
    }
    parse_content_drop(p, b, nl < len ? nl + 1 : len);
    if (parse_is_blank_text(b->content.text->str, b->content.text->len)) {
        g_hash_table_remove(p->by_node, first);
        nashra_node_free(first);
        b->node = NULL;
    }
    return true;
}

/* nashra syntax: a block quote's last paragraph that opens with a dash (U+2014, U+2015 or --)
 * names who said it; the dash and the spaces after it are dropped. */
static void parse_attribution(struct parse_parser *p, struct nashra_node *quote)
{
    struct nashra_node *last = quote->last_child;
    if (!last || last == quote->first_child || last->kind != NASHRA_NODE_PARAGRAPH)
        return;
    struct parse_block *b = g_hash_table_lookup(p->by_node, last);
    if (!b || !b->content.text)
        return;
    const char *t = b->content.text->str;
    size_t len = b->content.text->len, n = 0;
    if (len >= 3 && (memcmp(t, "\xe2\x80\x94", 3) == 0 || memcmp(t, "\xe2\x80\x95", 3) == 0))
        n = 3;
    else if (len >= 2 && t[0] == '-' && t[1] == '-' && (len == 2 || t[2] != '-'))
        n = 2;
    if (!n)
        return;
    while (n < len && (t[n] == ' ' || t[n] == '\t'))
        n++;
    if (parse_is_blank_text(t + n, len - n))
        return;
    parse_content_drop(p, b, n);
    last->kind = NASHRA_NODE_ATTRIBUTION;
}

static void parse_close_block(struct parse_parser *p, struct parse_block *b)
{
    struct nashra_node *n = b->node;
    switch (n->kind) {
    case NASHRA_NODE_PARAGRAPH:
        if (!parse_resolve_refs(p, b)) {
            g_hash_table_remove(p->by_node, n);
            nashra_node_free(n);
            b->node = NULL;
            return;
        }
        break;
    case NASHRA_NODE_CODE_BLOCK: {
        GString *t = b->content.text;
        if (!n->as.code.fenced) {
            /* Trailing blank lines are not part of an indented code block. */
            size_t keep = t->len;
            while (keep > 0) {
                size_t ls = keep - 1;
                while (ls > 0 && t->str[ls - 1] != '\n')
                    ls--;
                if (!parse_is_blank_text(t->str + ls, keep - ls))
                    break;
                keep = ls;
            }
            g_string_truncate(t, keep);
        }
        nashra_node_set_literal(n, t->str, t->len);
        break;
    }
    case NASHRA_NODE_HTML_BLOCK:
        nashra_node_set_literal(n, b->content.text->str, b->content.text->len);
        break;
    case NASHRA_NODE_LIST: parse_finalize_list(p, n); break;
    case NASHRA_NODE_DIV: {
        struct parse_block *last =
            n->last_child ? g_hash_table_lookup(p->by_node, n->last_child) : NULL;
        if (last && last->end_off > b->end_off)
            b->end_off = last->end_off;
        if (!b->fence_closed)
            nashra_diag_report(p->diag, NASHRA_WARNING, n->start.line, n->start.col,
                               p->at_end ? "fenced div not closed before the end of the document"
                                         : "fenced div not closed before the block around it ends");
        break;
    }
    case NASHRA_NODE_BLOCK_QUOTE:
        if (p->nashra && !parse_callout(p, n))
            parse_attribution(p, n);
        break;
    default: break;
    }
    n->end = parse_source_end(p->src, b->start_off, b->end_off);
}

/* Closes the open blocks above index KEEP. */
static void parse_close_above(struct parse_parser *p, size_t keep)
{
    while (p->open->len > keep + 1) {
        struct parse_block *b = parse_tip(p);
        g_ptr_array_set_size(p->open, p->open->len - 1);
        if (b->node->kind == NASHRA_NODE_DIV && b->run_first < p->open->len)
            ((struct parse_block *)g_ptr_array_index(p->open, b->run_first))->run_last =
                p->open->len - 1;
        parse_close_block(p, b);
    }
}

static bool parse_can_contain(enum nashra_node_kind parent, enum nashra_node_kind child)
{
    switch (parent) {
    case NASHRA_NODE_DOCUMENT:
    case NASHRA_NODE_BLOCK_QUOTE:
    case NASHRA_NODE_ITEM: return child != NASHRA_NODE_ITEM;
    case NASHRA_NODE_FOOTNOTE_DEF:
        return child != NASHRA_NODE_ITEM && child != NASHRA_NODE_FOOTNOTE_DEF;
    case NASHRA_NODE_DIV: return child != NASHRA_NODE_ITEM;
    case NASHRA_NODE_LIST: return child == NASHRA_NODE_ITEM;
    default: return false;
    }
}

static struct parse_block *parse_add_block(struct parse_parser *p, enum nashra_node_kind kind,
                                           size_t line_pos)
{
    if (!p->closed_unmatched) {
        parse_close_above(p, p->matched);
        p->closed_unmatched = true;
    }
    while (!parse_can_contain(parse_tip(p)->node->kind, kind))
        parse_close_above(p, p->open->len - 2);
    struct parse_block *b = parse_block_new(p, kind, p->line_off + line_pos);
    struct parse_block *parent = parse_tip(p);
    nashra_node_append_child(parent->node, b->node);
    if (kind == NASHRA_NODE_DIV) {
        b->run_first = b->run_last = p->open->len;
        if (parent->node->kind == NASHRA_NODE_DIV) {
            b->run_first = parent->run_first;
            ((struct parse_block *)g_ptr_array_index(p->open, b->run_first))->run_last =
                p->open->len;
        }
    }
    g_ptr_array_add(p->open, b);
    return b;
}

static bool parse_nesting_ok(struct parse_parser *p)
{
    if (p->open->len <= PARSE_MAX_NESTING)
        return true;
    if (!p->nesting_reported) {
        struct nashra_pos at = parse_source_pos(p->src, p->line_off + p->first_nonspace);
        nashra_diag_report(p->diag, NASHRA_ERROR, at.line, at.col, "nesting deeper than %d levels",
                           PARSE_MAX_NESTING);
        p->nesting_reported = true;
    }
    return false;
}

/* Length of a closing code fence for B at the first non-space, or 0. */
static bool parse_is_closing_fence(struct parse_parser *p, struct parse_block *b)
{
    if (p->indent > 3)
        return false;
    size_t i = p->first_nonspace;
    int n = 0;
    while (i < p->line_len && p->line[i] == b->fence_char) {
        i++;
        n++;
    }
    if (n < b->fence_len)
        return false;
    while (i < p->line_len && (p->line[i] == ' ' || p->line[i] == '\t'))
        i++;
    return i == p->line_len;
}

/* nashra syntax: three or more colons and nothing else, as a div's closing fence. */
static bool parse_is_div_close(struct parse_parser *p)
{
    if (p->indent > 3 || p->blank)
        return false;
    size_t i = p->first_nonspace;
    while (i < p->line_len && p->line[i] == ':')
        i++;
    if (i - p->first_nonspace < 3)
        return false;
    while (i < p->line_len && (p->line[i] == ' ' || p->line[i] == '\t'))
        i++;
    return i == p->line_len;
}

/* 0: not continued; 1: continued; 2: continued and the line is used up. */
static int parse_continue(struct parse_parser *p, struct parse_block *b)
{
    switch (b->node->kind) {
    case NASHRA_NODE_BLOCK_QUOTE:
        if (p->indent <= 3 && parse_peek(p, p->first_nonspace) == '>') {
            parse_advance_to_nonspace(p);
            parse_advance(p, 1, false);
            char c = parse_peek(p, p->offset);
            if (c == ' ' || c == '\t')
                parse_advance(p, 1, true);
            return 1;
        }
        return 0;
    case NASHRA_NODE_ITEM:
        /* Blank first: an item may begin with at most one blank line, however many spaces
         * the second one holds (as commonmark.js reads the spec; cmark 0.30 does not). */
        if (p->blank) {
            if (!b->node->first_child)
                return 0;
            parse_advance_to_nonspace(p);
            return 1;
        }
        if (p->indent >= b->marker_offset + b->padding) {
            parse_advance(p, b->marker_offset + b->padding, true);
            return 1;
        }
        return 0;
    case NASHRA_NODE_CODE_BLOCK:
        if (b->node->as.code.fenced) {
            if (parse_is_closing_fence(p, b))
                return 2;
            for (int i = b->fence_offset; i > 0; i--) {
                char c = parse_peek(p, p->offset);
                if (c != ' ' && c != '\t')
                    break;
                parse_advance(p, 1, true);
            }
            return 1;
        }
        if (p->indent >= 4) {
            parse_advance(p, 4, true);
            return 1;
        }
        if (p->blank) {
            parse_advance_to_nonspace(p);
            return 1;
        }
        return 0;
    case NASHRA_NODE_FOOTNOTE_DEF:
        /* A note's later lines are indented by four columns, as in a list item. */
        if (p->blank) {
            parse_advance_to_nonspace(p);
            return 1;
        }
        if (p->indent >= 4) {
            parse_advance(p, 4, true);
            return 1;
        }
        return 0;
    case NASHRA_NODE_TABLE: return p->blank ? 0 : 1;
    case NASHRA_NODE_HTML_BLOCK: return (b->html_kind >= 6 && p->blank) ? 0 : 1;
    case NASHRA_NODE_PARAGRAPH: return p->blank ? 0 : 1;
    case NASHRA_NODE_LIST: return 1;
    case NASHRA_NODE_DIV: return 1; /* its closing fence is found in parse_line */
    default: return 0;
    }
}

static int parse_scan_thematic_break(const char *s, size_t len)
{
    char c = s[0];
    if (c != '*' && c != '-' && c != '_')
        return 0;
    int n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == c)
            n++;
        else if (s[i] != ' ' && s[i] != '\t')
            return 0;
    }
    return n >= 3;
}

static int parse_scan_setext(const char *s, size_t len)
{
    char c = s[0];
    if (c != '=' && c != '-')
        return 0;
    size_t i = 0;
    while (i < len && s[i] == c)
        i++;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i == len ? (c == '=' ? 1 : 2) : 0;
}

static bool parse_is_lang_tag(const char *t, size_t len)
{
    if (!len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!g_ascii_isalnum(t[i]) && t[i] != '-')
            return false;
    return true;
}

/* A Pandoc key=value token's value at V (LEN bytes): bare, or one "quoted" run whose \" and
 * \\ are unescaped. NULL when it is neither. */
static char *parse_attr_value(const char *v, size_t len)
{
    if (!len || v[0] != '"')
        return memchr(v, '"', len) ? NULL : g_strndup(v, len);
    if (len < 2 || v[len - 1] != '"')
        return NULL;
    GString *out = g_string_new(NULL);
    for (size_t i = 1; i + 1 < len; i++) {
        if (v[i] == '\\' && i + 2 < len && (v[i + 1] == '"' || v[i + 1] == '\\'))
            i++;
        else if (v[i] == '"') {
            g_string_free(out, TRUE);
            return NULL;
        }
        g_string_append_c(out, v[i]);
    }
    return g_string_free(out, FALSE);
}

static void parse_attrs_clear(struct parse_attrs *a)
{
    g_free(a->id);
    g_free(a->lang);
    g_free(a->classes);
}

/* One token of a Pandoc block (PARSE_ATTR_PANDOC): #id, .class or key=value. */
static bool parse_attr_pandoc_token(const char *t, size_t len, size_t at, struct parse_attrs *a)
{
    if (len > 1 && t[0] == '#') {
        if (!a->id)
            a->id = g_strndup(t + 1, len - 1);
        return true;
    }
    if (len > 1 && t[0] == '.') {
        char *cls = g_strndup(t + 1, len - 1);
        if (a->classes) {
            char *joined = g_strjoin(" ", a->classes, cls, NULL);
            g_free(a->classes);
            g_free(cls);
            cls = joined;
        }
        a->classes = cls;
        return true;
    }
    size_t k = 0;
    while (k < len && (g_ascii_isalnum(t[k]) || t[k] == '-' || t[k] == '_' || t[k] == ':' ||
                       t[k] == '.'))
        k++;
    if (k == 0 || k >= len || t[k] != '=')
        return false;
    char *v = parse_attr_value(t + k + 1, len - k - 1);
    if (!v)
        return false;
    bool dir = k == 3 && !memcmp(t, "dir", 3), lang = k == 4 && !memcmp(t, "lang", 4);
    if (dir && (!strcmp(v, "ltr") || !strcmp(v, "rtl") || !strcmp(v, "auto"))) {
        a->dir = v[0] == 'l' ? NASHRA_DIR_LTR : v[0] == 'r' ? NASHRA_DIR_RTL : NASHRA_DIR_AUTO;
        a->dir_set = true;
    } else if (lang && parse_is_lang_tag(v, strlen(v))) {
        g_free(a->lang);
        a->lang = g_strdup(v);
    } else if ((dir || lang) && !a->bad) {
        /* Reported by the caller, which knows where TEXT is; the block still applies. */
        a->bad = at + k + 2;
        a->bad_key = dir ? "dir" : "lang";
    }
    g_free(v);
    return true;
}

bool parse_attr_block(const char *text, size_t len, unsigned flags, struct parse_attrs *out)
{
    struct parse_attrs a = {.dir = NASHRA_DIR_AUTO};
    bool pandoc = flags & PARSE_ATTR_PANDOC;
    guint known = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && (text[i] == ' ' || text[i] == '\t'))
            i++;
        if (i == len)
            break;
        size_t ts = i;
        bool open_quote = false;
        /* A quoted value may hold spaces: the token runs on to its closing quote. */
        for (; i < len && (open_quote || (text[i] != ' ' && text[i] != '\t')); i++) {
            if (text[i] == '\\' && open_quote && i + 1 < len)
                i++;
            else if (text[i] == '"')
                open_quote = !open_quote;
        }
        const char *t = text + ts;
        size_t tl = i - ts;
        bool ok;
        if (open_quote)
            ok = false;
        else if (pandoc)
            ok = parse_attr_pandoc_token(t, tl, ts, &a);
        else if ((flags & PARSE_ATTR_ID) && tl > 1 && t[0] == '#' && !a.id &&
                 !memchr(t, '{', tl))
            ok = (a.id = g_strndup(t + 1, tl - 1)) != NULL;
        else if (tl == 7 && (!memcmp(t, "dir=ltr", 7) || !memcmp(t, "dir=rtl", 7)))
            a.dir = t[4] == 'l' ? NASHRA_DIR_LTR : NASHRA_DIR_RTL, a.dir_set = ok = true;
        else if (tl == 8 && !memcmp(t, "dir=auto", 8))
            a.dir = NASHRA_DIR_AUTO, a.dir_set = ok = true;
        else if (tl > 5 && !memcmp(t, "lang=", 5) && !a.lang && parse_is_lang_tag(t + 5, tl - 5))
            ok = (a.lang = g_strndup(t + 5, tl - 5)) != NULL;
        else
            ok = false;
        if (!ok) {
            /* a token we do not know leaves the whole block as text */
            parse_attrs_clear(&a);
            return false;
        }
        known++;
    }
    if (!known && !pandoc)
        return false;
    *out = a;
    return true;
}

/* nashra syntax: a trailing attribute block sets the heading's id, direction and language, as
 * Pandoc writes it: `{#id}`, `{dir=ltr}`, `{#id dir=rtl lang=ar}`. It is trimmed from [*s, *e)
 * and applied to H. */
static bool parse_heading_attrs(const char *line, size_t s, size_t *e, struct nashra_node *h)
{
    size_t end = *e;
    if (end < s + 3 || line[end - 1] != '}')
        return false;
    size_t open = end - 1;
    while (open > s && line[open - 1] != '{')
        open--;
    if (open == s)
        return false;
    size_t brace = open - 1;
    if (brace > s && line[brace - 1] != ' ' && line[brace - 1] != '\t')
        return false;
    struct parse_attrs a;
    if (!parse_attr_block(line + open, end - 1 - open, PARSE_ATTR_ID, &a))
        return false;
    h->as.heading.id = a.id;
    h->as.heading.dir = a.dir;
    h->as.heading.dir_set = a.dir_set;
    h->as.heading.lang = a.lang;
    while (brace > s && (line[brace - 1] == ' ' || line[brace - 1] == '\t'))
        brace--;
    *e = brace;
    return true;
}

static bool parse_atx(struct parse_parser *p)
{
    const char *l = p->line;
    size_t i = p->first_nonspace;
    int level = 0;
    while (i < p->line_len && l[i] == '#' && level < 7) {
        i++;
        level++;
    }
    if (level < 1 || level > 6 || (i < p->line_len && l[i] != ' ' && l[i] != '\t'))
        return false;
    struct parse_block *b = parse_add_block(p, NASHRA_NODE_HEADING, p->first_nonspace);
    b->node->as.heading.level = level;
    size_t s = i, e = p->line_len;
    while (s < e && (l[s] == ' ' || l[s] == '\t'))
        s++;
    while (e > s && (l[e - 1] == ' ' || l[e - 1] == '\t'))
        e--;
    /* A closing run of #s must be preceded by a space (or be the whole content). */
    size_t h = e;
    while (h > s && l[h - 1] == '#')
        h--;
    if (h < e && (h == s || l[h - 1] == ' ' || l[h - 1] == '\t')) {
        e = h;
        while (e > s && (l[e - 1] == ' ' || l[e - 1] == '\t'))
            e--;
    }
    if (p->nashra)
        parse_heading_attrs(l, s, &e, b->node);
    if (e > s)
        parse_content_add(&b->content, p->line_off + s, l + s, e - s, 0);
    p->offset = p->line_len;
    return true;
}

static bool parse_fence_open(struct parse_parser *p)
{
    const char *l = p->line;
    size_t i = p->first_nonspace;
    char c = l[i];
    int n = 0;
    while (i < p->line_len && l[i] == c) {
        i++;
        n++;
    }
    if (n < 3)
        return false;
    size_t s = i, e = p->line_len;
    while (s < e && (l[s] == ' ' || l[s] == '\t'))
        s++;
    while (e > s && (l[e - 1] == ' ' || l[e - 1] == '\t'))
        e--;
    if (c == '`' && memchr(l + s, '`', e - s))
        return false;
    struct parse_block *b = parse_add_block(p, NASHRA_NODE_CODE_BLOCK, p->first_nonspace);
    b->node->as.code.fenced = true;
    b->fence_char = c;
    b->fence_len = n;
    b->fence_offset = p->indent;
    GString *info = g_string_new(NULL);
    parse_unescape(info, l + s, e - s);
    b->node->as.code.info = g_string_free(info, FALSE);
    p->offset = p->line_len;
    return true;
}

/* nashra syntax: a div's opening fence, Pandoc's `::: {#id .class dir=ltr lang=en}` or
 * `::: class`, optionally followed by more colons. A fence without attributes closes a div
 * (or is text), so it never opens one. */
static bool parse_div_open(struct parse_parser *p)
{
    const char *l = p->line;
    size_t i = p->first_nonspace, e = p->line_len;
    while (i < e && l[i] == ':')
        i++;
    if (i - p->first_nonspace < 3)
        return false;
    while (i < e && (l[i] == ' ' || l[i] == '\t'))
        i++;
    while (e > i && (l[e - 1] == ' ' || l[e - 1] == '\t'))
        e--;
    size_t line_end = e;
    while (e > i && l[e - 1] == ':')
        e--;
    while (e > i && (l[e - 1] == ' ' || l[e - 1] == '\t'))
        e--;
    if (e == i)
        return false;
    struct parse_attrs a = {.dir = NASHRA_DIR_AUTO};
    if (l[i] == '{') {
        if (l[e - 1] != '}' || e - i < 2 ||
            !parse_attr_block(l + i + 1, e - i - 2, PARSE_ATTR_PANDOC, &a))
            return false;
    } else {
        for (size_t k = i; k < e; k++)
            if (l[k] == ' ' || l[k] == '\t')
                return false;
        a.classes = g_strndup(l + i, e - i);
    }
    if (!parse_nesting_ok(p)) {
        g_free(a.id);
        g_free(a.lang);
        g_free(a.classes);
        return false;
    }
    struct parse_block *b = parse_add_block(p, NASHRA_NODE_DIV, p->first_nonspace);
    b->end_off = p->line_off + line_end;
    b->node->as.div.id = a.id;
    b->node->as.div.classes = a.classes;
    b->node->as.div.lang = a.lang;
    b->node->as.div.dir = a.dir;
    b->node->as.div.dir_set = a.dir_set;
    if (a.bad) {
        struct nashra_pos at = parse_source_pos(p->src, p->line_off + i + a.bad);
        nashra_diag_report(p->diag, NASHRA_WARNING, at.line, at.col,
                           !strcmp(a.bad_key, "dir")
                               ? "unknown div direction ignored (dir=ltr, rtl or auto)"
                               : "div language ignored: not a language tag");
    }
    p->offset = p->line_len;
    return true;
}

/* A list marker at the first non-space; on success adds the list (if needed) and item. */
static bool parse_list_item(struct parse_parser *p, struct parse_block *container)
{
    const char *l = p->line;
    size_t i = p->first_nonspace;
    enum nashra_list_type type;
    int start = 0;
    char bullet = 0, delim = 0;
    if (l[i] == '-' || l[i] == '+' || l[i] == '*') {
        type = NASHRA_LIST_BULLET;
        bullet = l[i];
        i++;
    } else if (g_ascii_isdigit(l[i])) {
        int digits = 0;
        while (i < p->line_len && g_ascii_isdigit(l[i]) && digits < 10) {
            if (digits < 9) /* a tenth digit only rejects the marker; it must not overflow */
                start = start * 10 + (l[i] - '0');
            i++;
            digits++;
        }
        if (digits > 9 || i >= p->line_len || (l[i] != '.' && l[i] != ')'))
            return false;
        type = NASHRA_LIST_ORDERED;
        delim = l[i];
        i++;
    } else {
        return false;
    }
    if (i < p->line_len && l[i] != ' ' && l[i] != '\t')
        return false;
    bool rest_blank = parse_is_blank_text(l + i, p->line_len - i);
    if (container->node->kind == NASHRA_NODE_PARAGRAPH &&
        (rest_blank || (type == NASHRA_LIST_ORDERED && start != 1)))
        return false;
    if (!parse_nesting_ok(p))
        return false;
    int marker_width = (int)(i - p->first_nonspace);
    int marker_offset = p->indent;
    parse_advance_to_nonspace(p);
    parse_advance(p, marker_width, false);
    size_t save_off = p->offset;
    int save_col = p->column;
    bool save_partial = p->partial_tab;
    int spaces = 0;
    while (spaces <= 5) {
        char c = parse_peek(p, p->offset);
        if (c != ' ' && c != '\t')
            break;
        parse_advance(p, 1, true);
        spaces++;
    }
    int padding;
    if (spaces >= 5 || spaces < 1 || rest_blank) {
        padding = marker_width + 1;
        p->offset = save_off;
        p->column = save_col;
        p->partial_tab = save_partial;
        if (spaces > 0)
            parse_advance(p, 1, true);
    } else {
        padding = marker_width + spaces;
    }
    struct nashra_node *tn = container->node;
    bool same_list =
        tn->kind == NASHRA_NODE_LIST && tn->as.list.type == type &&
        (type == NASHRA_LIST_BULLET ? tn->as.list.bullet == bullet : tn->as.list.delim == delim);
    size_t marker_pos = p->first_nonspace;
    if (!same_list) {
        struct parse_block *lb = parse_add_block(p, NASHRA_NODE_LIST, marker_pos);
        lb->node->as.list.type = type;
        lb->node->as.list.start = start;
        lb->node->as.list.bullet = bullet;
        lb->node->as.list.delim = delim;
        lb->node->as.list.tight = true;
    }
    struct parse_block *ib = parse_add_block(p, NASHRA_NODE_ITEM, marker_pos);
    ib->marker_offset = marker_offset;
    ib->padding = padding;
    return true;
}

/* nashra syntax: "[^label]:" opens a footnote definition; its content follows on the line and
 * on later lines indented by four columns (or lazily). */
static bool parse_footnote_def(struct parse_parser *p)
{
    const char *l = p->line + p->first_nonspace;
    size_t len = p->line_len - p->first_nonspace, i = 2;
    if (len < 5 || l[0] != '[' || l[1] != '^')
        return false;
    while (i < len && i < 1002 && l[i] != ']' && l[i] != '[' && l[i] != ' ' && l[i] != '\t')
        i++;
    if (i == 2 || i + 1 >= len || l[i] != ']' || l[i + 1] != ':')
        return false;
    if (!parse_nesting_ok(p))
        return false;
    size_t pos = p->first_nonspace;
    struct parse_block *b = parse_add_block(p, NASHRA_NODE_FOOTNOTE_DEF, pos);
    b->node->as.footnote.label = g_strndup(l + 2, i - 2);
    char *key = parse_normalize_label(l + 2, i - 2);
    if (key && !g_hash_table_contains(p->fn_by_label, key))
        g_hash_table_insert(p->fn_by_label, key, b->node);
    else
        g_free(key);
    g_ptr_array_add(p->fn_defs, b->node);
    parse_advance_to_nonspace(p);
    parse_advance(p, (int)(i + 2), false);
    parse_find_first_nonspace(p);
    parse_advance_to_nonspace(p);
    return true;
}

/* nashra syntax: a delimiter row under a paragraph whose last line has as many cells turns
 * that line into a table header; earlier lines stay a paragraph (as GFM does). */
static bool parse_table_start(struct parse_parser *p, struct parse_block *para)
{
    bool delim_pipe = false;
    enum nashra_align *aligns = NULL;
    const char *rest = p->line + p->first_nonspace;
    int cols = parse_table_delim_row(rest, p->line_len - p->first_nonspace, &delim_pipe, &aligns);
    if (!cols)
        return false;
    GString *t = para->content.text;
    size_t end = t->len;
    if (end && t->str[end - 1] == '\n')
        end--;
    size_t ls = end;
    while (ls > 0 && t->str[ls - 1] != '\n')
        ls--;
    GArray *cells = g_array_new(FALSE, FALSE, sizeof(struct parse_cell_range));
    bool head_pipe = parse_table_split(t->str + ls, end - ls, cells);
    bool ok = (int)cells->len == cols && (head_pipe || delim_pipe);
    g_array_unref(cells);
    if (!ok) {
        g_free(aligns);
        return false;
    }
    struct parse_block *tb = para;
    if (ls > 0) {
        /* The header leaves the paragraph: cut its content and end at the line before. */
        size_t hsrc = parse_content_src(&para->content, ls);
        struct parse_block *nb = parse_block_new(p, NASHRA_NODE_TABLE, hsrc);
        g_string_append_len(nb->content.text, t->str + ls, (gssize)(t->len - ls));
        GArray *spans = para->content.spans;
        guint first = 0;
        while (first < spans->len && g_array_index(spans, struct parse_span, first).content_off < ls)
            first++;
        for (guint i = first; i < spans->len; i++) {
            struct parse_span sp = g_array_index(spans, struct parse_span, i);
            sp.content_off -= ls;
            g_array_append_val(nb->content.spans, sp);
        }
        g_array_set_size(spans, first);
        size_t pe = ls - 1;
        while (pe > 0 && (t->str[pe - 1] == ' ' || t->str[pe - 1] == '\t'))
            pe--;
        g_string_truncate(t, ls);
        para->end_off = parse_content_src(&para->content, pe - 1) + 1;
        parse_close_above(p, p->open->len - 2);
        nashra_node_append_child(parse_tip(p)->node, nb->node);
        g_ptr_array_add(p->open, nb);
        tb = nb;
    } else {
        para->node->kind = NASHRA_NODE_TABLE;
    }
    tb->node->as.table.columns = cols;
    tb->node->as.table.aligns = aligns;
    p->offset = p->line_len;
    return true;
}

/* Adds the rest of the line (from the current offset) to a code or HTML block. */
static void parse_add_raw_line(struct parse_parser *p, struct parse_block *b)
{
    size_t from = p->offset;
    int spaces = 0;
    if (p->partial_tab) {
        from++;
        spaces = 4 - (p->column % 4);
    }
    if (from > p->line_len)
        from = p->line_len;
    parse_content_add(&b->content, p->line_off + from, p->line + from, p->line_len - from, spaces);
}

static void parse_add_text_line(struct parse_parser *p, struct parse_block *b)
{
    size_t from = p->first_nonspace;
    parse_content_add(&b->content, p->line_off + from, p->line + from, p->line_len - from, 0);
}

/* Extends the open blocks below index UPTO (exclusive) over the current line. */
static void parse_update_ends_upto(struct parse_parser *p, guint upto)
{
    size_t e = p->line_len;
    while (e > 0 && (p->line[e - 1] == ' ' || p->line[e - 1] == '\t'))
        e--;
    for (guint i = 1; i < upto; i++) {
        struct parse_block *b = g_ptr_array_index(p->open, i);
        enum nashra_node_kind k = b->node->kind;
        if (k == NASHRA_NODE_DIV) {
            /* A div ends with its fence or its last block (parse_close_block). */
            i = b->run_last;
            continue;
        }
        /* Blank lines extend only blocks whose content they are. */
        if (p->blank && !(k == NASHRA_NODE_CODE_BLOCK && b->node->as.code.fenced) &&
            k != NASHRA_NODE_HTML_BLOCK)
            continue;
        if (p->line_off + e > b->end_off)
            b->end_off = p->line_off + (p->blank ? p->line_len : e);
    }
}

static void parse_update_ends(struct parse_parser *p)
{
    parse_update_ends_upto(p, p->open->len);
}

/* Block starts at the current position. Returns the new container; sets *CONSUMED when
 * the line is used up by the start itself. */
static struct parse_block *parse_new_blocks(struct parse_parser *p, struct parse_block *container,
                                            bool *consumed)
{
    bool maybe_lazy = parse_tip(p)->node->kind == NASHRA_NODE_PARAGRAPH;
    for (;;) {
        enum nashra_node_kind ck = container->node->kind;
        if (ck == NASHRA_NODE_CODE_BLOCK || ck == NASHRA_NODE_HTML_BLOCK ||
            ck == NASHRA_NODE_HEADING || ck == NASHRA_NODE_THEMATIC_BREAK)
            break;
        parse_find_first_nonspace(p);
        bool indented = p->indent >= 4;
        char c = p->blank ? '\0' : p->line[p->first_nonspace];
        const char *rest = p->line + p->first_nonspace;
        size_t rest_len = p->line_len - p->first_nonspace;
        int k;
        if (!indented && c == '>' && parse_nesting_ok(p)) {
            size_t pos = p->first_nonspace;
            parse_advance_to_nonspace(p);
            parse_advance(p, 1, false);
            char n = parse_peek(p, p->offset);
            if (n == ' ' || n == '\t')
                parse_advance(p, 1, true);
            container = parse_add_block(p, NASHRA_NODE_BLOCK_QUOTE, pos);
        } else if (!indented && c == '#' && parse_atx(p)) {
            *consumed = true;
            return parse_tip(p);
        } else if (!indented && (c == '`' || c == '~') && parse_fence_open(p)) {
            *consumed = true;
            return parse_tip(p);
        } else if (!indented && p->nashra && c == ':' && parse_div_open(p)) {
            *consumed = true;
            return parse_tip(p);
        } else if (!indented && c == '<' &&
                   (k = parse_html_block_start(rest, rest_len,
                                               ck != NASHRA_NODE_PARAGRAPH && !maybe_lazy))) {
            container = parse_add_block(p, NASHRA_NODE_HTML_BLOCK, p->first_nonspace);
            container->html_kind = k;
            return container;
        } else if (!indented && p->nashra && c == '[' && parse_footnote_def(p)) {
            container = parse_tip(p);
        } else if (!indented && p->nashra && ck == NASHRA_NODE_PARAGRAPH && !p->blank &&
                   parse_table_start(p, container)) {
            *consumed = true;
            return parse_tip(p);
        } else if (!indented && ck == NASHRA_NODE_PARAGRAPH &&
                   (k = parse_scan_setext(rest, rest_len)) && parse_resolve_refs(p, container)) {
            struct nashra_node *n = container->node;
            n->kind = NASHRA_NODE_HEADING;
            n->as.heading.level = k;
            n->as.heading.setext = true;
            n->as.heading.id = NULL;
            GString *t = container->content.text;
            while (t->len && (t->str[t->len - 1] == '\n' || t->str[t->len - 1] == ' ' ||
                              t->str[t->len - 1] == '\t'))
                g_string_truncate(t, t->len - 1);
            if (p->nashra) {
                size_t last = t->len;
                while (last > 0 && t->str[last - 1] != '\n')
                    last--;
                size_t e = t->len;
                if (parse_heading_attrs(t->str, last, &e, n))
                    g_string_truncate(t, e);
            }
            *consumed = true;
            p->offset = p->line_len;
            return container;
        } else if (!indented && !p->blank && parse_scan_thematic_break(rest, rest_len)) {
            container = parse_add_block(p, NASHRA_NODE_THEMATIC_BREAK, p->first_nonspace);
            *consumed = true;
            p->offset = p->line_len;
            return container;
        } else if (!indented && !p->blank && parse_list_item(p, container)) {
            container = parse_tip(p);
        } else if (indented && !maybe_lazy && !p->blank && ck != NASHRA_NODE_TABLE) {
            parse_advance(p, 4, true);
            container = parse_add_block(p, NASHRA_NODE_CODE_BLOCK, p->offset);
            return container;
        } else {
            break;
        }
        maybe_lazy = false;
    }
    return container;
}

static void parse_line(struct parse_parser *p)
{
    p->offset = 0;
    p->column = 0;
    p->partial_tab = false;
    p->closed_unmatched = false;
    size_t depth = p->open->len;
    size_t matched = 0, close_div = 0;
    for (size_t i = 1; i < depth; i++) {
        struct parse_block *b = g_ptr_array_index(p->open, i);
        parse_find_first_nonspace(p);
        /* A closing fence seen at a div's own level closes the innermost such div, even inside
         * its list items or paragraphs (never as a lazy line), but not inside code. Directly
         * nested divs all see the line at one place: their run is passed in one step, so that
         * deep nesting costs no more per line than one div. */
        if (b->node->kind == NASHRA_NODE_DIV) {
            i = b->run_last;
            matched = i;
            if (parse_is_div_close(p))
                close_div = i;
            continue;
        }
        int r = parse_continue(p, b);
        if (r == 0)
            break;
        matched = i;
        if (r == 2) {
            /* A closing fence ends the code block and the line. */
            p->blank = false;
            parse_update_ends(p);
            parse_close_above(p, i - 1);
            return;
        }
    }
    for (size_t i = close_div + 1; close_div && i <= matched; i++) {
        enum nashra_node_kind k = ((struct parse_block *)g_ptr_array_index(p->open, i))->node->kind;
        if (k == NASHRA_NODE_CODE_BLOCK || k == NASHRA_NODE_HTML_BLOCK)
            close_div = 0;
    }
    if (close_div) {
        struct parse_block *div = g_ptr_array_index(p->open, close_div);
        div->fence_closed = true;
        p->blank = false;
        parse_update_ends_upto(p, (guint)close_div);
        size_t e = p->line_len;
        while (e > 0 && (p->line[e - 1] == ' ' || p->line[e - 1] == '\t'))
            e--;
        div->end_off = p->line_off + e;
        parse_close_above(p, close_div - 1);
        return;
    }
    p->matched = matched;
    struct parse_block *last_matched = g_ptr_array_index(p->open, matched);
    struct parse_block *container = last_matched;
    bool consumed = false;
    container = parse_new_blocks(p, container, &consumed);
    parse_find_first_nonspace(p);
    if (consumed)
        p->blank = false;

    if (p->blank && container->node->last_child) {
        struct parse_block *lc = g_hash_table_lookup(p->by_node, container->node->last_child);
        if (lc)
            lc->last_line_blank = true;
    }
    enum nashra_node_kind ck = container->node->kind;
    container->last_line_blank =
        p->blank && ck != NASHRA_NODE_BLOCK_QUOTE && ck != NASHRA_NODE_DIV &&
        ck != NASHRA_NODE_HEADING &&
        ck != NASHRA_NODE_THEMATIC_BREAK &&
        !(ck == NASHRA_NODE_CODE_BLOCK && container->node->as.code.fenced) &&
        !(ck == NASHRA_NODE_ITEM && !container->node->first_child &&
          container->node->start.line == p->line_no);
    /* The open blocks around CONTAINER: those below it on the stack. A run of divs is passed in
     * one step (a div's flag matters only once it is closed). */
    guint ci = container == last_matched ? (guint)matched : p->open->len - 1;
    if (g_ptr_array_index(p->open, ci) == container) {
        for (guint i = ci; i-- > 0;) {
            struct parse_block *pb = g_ptr_array_index(p->open, i);
            pb->last_line_blank = false;
            if (pb->node->kind == NASHRA_NODE_DIV)
                i = pb->run_first;
        }
    } else {
        for (struct nashra_node *n = container->node->parent; n; n = n->parent) {
            struct parse_block *pb = g_hash_table_lookup(p->by_node, n);
            if (pb)
                pb->last_line_blank = false;
        }
    }
    if (consumed) {
        if (!p->closed_unmatched) {
            /* A setext underline turned the open paragraph into a heading. */
            parse_close_above(p, matched);
        }
        parse_update_ends(p);
        return;
    }
    struct parse_block *tip = parse_tip(p);

    if (tip != last_matched && container == last_matched && !p->blank &&
        tip->node->kind == NASHRA_NODE_PARAGRAPH) {
        /* Lazy continuation: the unmatched containers stay open. The spec strips the line's
         * initial whitespace as for any paragraph line (commonmark.js does; cmark 0.30
         * keeps it, visible only inside code spans and raw HTML). */
        parse_add_text_line(p, tip);
        parse_update_ends(p);
        return;
    }
    if (!p->closed_unmatched) {
        parse_close_above(p, matched);
        p->closed_unmatched = true;
    }
    ck = container->node->kind;
    if (ck == NASHRA_NODE_CODE_BLOCK) {
        parse_add_raw_line(p, container);
    } else if (ck == NASHRA_NODE_HTML_BLOCK) {
        parse_add_raw_line(p, container);
        parse_update_ends(p);
        if (parse_html_block_end(container->html_kind, p->line + p->first_nonspace,
                                 p->line_len - p->first_nonspace))
            parse_close_above(p, p->open->len - 2);
        return;
    } else if (p->blank) {
        /* nothing */
    } else if (ck == NASHRA_NODE_PARAGRAPH || ck == NASHRA_NODE_TABLE) {
        parse_add_text_line(p, container);
    } else {
        struct parse_block *b = parse_add_block(p, NASHRA_NODE_PARAGRAPH, p->first_nonspace);
        parse_add_text_line(p, b);
    }
    parse_update_ends(p);
}

static void parse_blocks(struct parse_parser *p, size_t body_start)
{
    const char *buf = p->src->buf;
    size_t len = p->src->len;
    size_t i = body_start;
    p->line_no = parse_source_line_of(p->src, body_start);
    while (i < len) {
        size_t e = i;
        while (e < len && buf[e] != '\n' && buf[e] != '\r')
            e++;
        p->line = buf + i;
        p->line_len = e - i;
        p->line_off = i;
        parse_line(p);
        if (e < len && buf[e] == '\r' && e + 1 < len && buf[e + 1] == '\n')
            e++;
        i = e + 1;
        p->line_no++;
    }
    p->at_end = true;
    parse_close_above(p, 0);
    struct parse_block *docb = g_ptr_array_index(p->open, 0);
    /* The document ends at its last character that is not a line ending. */
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        len--;
    docb->end_off = len;
    p->doc->root->end = parse_source_end(p->src, 0, len);
}

static void parse_inline_pass(struct parse_parser *p)
{
    struct parse_inline_ctx ctx = {p->src, p->refs, p->nashra, p->diag, p->fn_by_label,
                                   p->doc->meta.smart};
    for (guint i = 0; i < p->all->len; i++) {
        struct parse_block *b = g_ptr_array_index(p->all, i);
        if (!b->node)
            continue;
        enum nashra_node_kind k = b->node->kind;
        if (k == NASHRA_NODE_TABLE)
            parse_table_inlines(&ctx, b->node, &b->content);
        else if (k == NASHRA_NODE_PARAGRAPH || k == NASHRA_NODE_HEADING ||
                 k == NASHRA_NODE_ATTRIBUTION)
            parse_inlines(&ctx, b->node, &b->content);
    }
}

struct nashra_doc *nashra_parse(const char *src, size_t len,
                                const struct nashra_parse_options *opts, struct nashra_diag *diag)
{
    if (opts && opts->from == NASHRA_FROM_TEXT)
        return parse_text(src, len, opts, diag);
    struct nashra_doc *doc = nashra_doc_new();
    struct parse_source source;
    parse_source_init(&source, src, len, diag);
    struct parse_parser p = {0};
    p.src = &source;
    p.diag = diag;
    p.nashra = !opts || opts->syntax == NASHRA_SYNTAX_NASHRA;
    p.doc = doc;
    p.all = g_ptr_array_new_with_free_func(parse_block_free);
    p.by_node = g_hash_table_new(g_direct_hash, g_direct_equal);
    p.open = g_ptr_array_new();
    p.refs = parse_refmap_new();
    p.fn_defs = g_ptr_array_new();
    p.fn_by_label = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    size_t body = 0;
    if (p.nashra)
        body = parse_front_matter(&source, &doc->meta, opts ? opts->root : NULL, diag);
    if (p.nashra)
        parse_meta_overrides(opts, &doc->meta, diag);
    doc->meta.smart = p.nashra && !doc->meta.no_smart;

    struct parse_block *docb = g_new0(struct parse_block, 1);
    docb->node = doc->root;
    g_ptr_array_add(p.all, docb);
    g_hash_table_insert(p.by_node, doc->root, docb);
    g_ptr_array_add(p.open, docb);

    parse_blocks(&p, body);
    parse_inline_pass(&p);
    if (p.nashra) {
        parse_figures(doc->root);
        parse_footnotes_resolve(doc->root, p.fn_defs, p.fn_by_label, diag);
    }

    g_hash_table_unref(p.fn_by_label);
    g_ptr_array_unref(p.fn_defs);

    g_hash_table_unref(p.refs);
    g_ptr_array_unref(p.open);
    g_hash_table_unref(p.by_node);
    g_ptr_array_unref(p.all);
    parse_source_clear(&source);
    return doc;
}
