/* Pipe tables (GitHub's syntax): splitting rows into cells, reading the delimiter row, and the
 * inline pass that turns a table's lines into rows and cells. */
#include "parse/internal.h"

#include <string.h>

static bool tbl_is_space(char c)
{
    return c == ' ' || c == '\t';
}

bool parse_table_split(const char *line, size_t len, GArray *cells)
{
    size_t s = 0, e = len;
    while (s < e && tbl_is_space(line[s]))
        s++;
    while (e > s && tbl_is_space(line[e - 1]))
        e--;
    g_array_set_size(cells, 0);
    bool pipe = false;
    if (s < e && line[s] == '|') {
        pipe = true;
        s++;
    }
    /* A final '|' closes the row unless it is escaped. */
    if (e > s && line[e - 1] == '|') {
        size_t bs = 0;
        while (e - 1 - bs > s && line[e - 2 - bs] == '\\')
            bs++;
        if (bs % 2 == 0) {
            pipe = true;
            e--;
        }
    }
    size_t cs = s, i = s;
    for (;;) {
        if (i >= e || line[i] == '|') {
            struct parse_cell_range r = {cs, i};
            while (r.start < r.end && tbl_is_space(line[r.start]))
                r.start++;
            while (r.end > r.start && tbl_is_space(line[r.end - 1]))
                r.end--;
            g_array_append_val(cells, r);
            if (i >= e)
                break;
            pipe = true;
            cs = ++i;
        } else if (line[i] == '\\' && i + 1 < e) {
            i += 2;
        } else {
            i++;
        }
    }
    return pipe;
}

int parse_table_delim_row(const char *line, size_t len, bool *has_pipe, enum nashra_align **aligns)
{
    *aligns = NULL;
    if (!len || memchr(line, '-', len) == NULL)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!strchr("|-: \t", line[i]))
            return 0;
    GArray *cells = g_array_new(FALSE, FALSE, sizeof(struct parse_cell_range));
    *has_pipe = parse_table_split(line, len, cells);
    int cols = (int)cells->len;
    enum nashra_align *a = g_new0(enum nashra_align, cols ? cols : 1);
    for (int c = 0; c < cols; c++) {
        struct parse_cell_range r = g_array_index(cells, struct parse_cell_range, c);
        bool left = r.end > r.start && line[r.start] == ':';
        bool right = r.end > r.start && line[r.end - 1] == ':';
        size_t ds = r.start + left, de = r.end - (right && r.end - 1 > r.start);
        bool dashes = de > ds;
        for (size_t i = ds; i < de && dashes; i++)
            dashes = line[i] == '-';
        if (!dashes) {
            cols = 0;
            break;
        }
        a[c] = left && right ? NASHRA_ALIGN_CENTER
               : left        ? NASHRA_ALIGN_LEFT
               : right       ? NASHRA_ALIGN_RIGHT
                             : NASHRA_ALIGN_NONE;
    }
    g_array_unref(cells);
    if (!cols) {
        g_free(a);
        return 0;
    }
    *aligns = a;
    return cols;
}

static struct nashra_node *tbl_node(struct parse_inline_ctx *ctx, enum nashra_node_kind kind,
                                    size_t src_start, size_t src_end)
{
    struct nashra_node *n = nashra_node_new(kind, parse_source_pos(ctx->src, src_start));
    if (src_end > src_start)
        n->end = parse_source_end(ctx->src, src_start, src_end);
    return n;
}

/* One cell's inlines: "\|" stands for '|', each unescaped piece keeps its source mapping. */
static void tbl_cell_inlines(struct parse_inline_ctx *ctx, struct nashra_node *cell, const char *s,
                             size_t len, size_t src)
{
    struct parse_content cc;
    cc.text = g_string_sized_new(len);
    cc.spans = g_array_new(FALSE, FALSE, sizeof(struct parse_span));
    struct parse_span sp = {0, src};
    g_array_append_val(cc.spans, sp);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\' && i + 1 < len && s[i + 1] == '|') {
            struct parse_span next = {cc.text->len, src + i + 1};
            g_array_append_val(cc.spans, next);
            i++;
        }
        g_string_append_c(cc.text, s[i]);
    }
    if (cc.text->len)
        parse_inlines(ctx, cell, &cc);
    g_string_free(cc.text, TRUE);
    g_array_unref(cc.spans);
}

void parse_table_inlines(struct parse_inline_ctx *ctx, struct nashra_node *table,
                         const struct parse_content *c)
{
    const char *t = c->text->str;
    size_t len = c->text->len, ls = 0;
    int cols = table->as.table.columns;
    GArray *cells = g_array_new(FALSE, FALSE, sizeof(struct parse_cell_range));
    bool header = true;
    while (ls < len) {
        size_t le = ls;
        while (le < len && t[le] != '\n')
            le++;
        size_t src = parse_content_src(c, ls);
        parse_table_split(t + ls, le - ls, cells);
        size_t rs = ls, re = le;
        while (rs < re && tbl_is_space(t[rs]))
            rs++;
        while (re > rs && tbl_is_space(t[re - 1]))
            re--;
        struct nashra_node *row =
            tbl_node(ctx, NASHRA_NODE_TABLE_ROW, src + (rs - ls), src + (re - ls));
        row->as.row.header = header;
        nashra_node_append_child(table, row);
        for (int col = 0; col < cols; col++) {
            struct nashra_node *cell;
            if ((guint)col < cells->len) {
                struct parse_cell_range r = g_array_index(cells, struct parse_cell_range, col);
                cell = tbl_node(ctx, NASHRA_NODE_TABLE_CELL, src + r.start, src + r.end);
                nashra_node_append_child(row, cell);
                tbl_cell_inlines(ctx, cell, t + ls + r.start, r.end - r.start, src + r.start);
            } else {
                /* Missing cells are empty ones at the row's end. */
                cell = tbl_node(ctx, NASHRA_NODE_TABLE_CELL, src + (re - ls), src + (re - ls));
                cell->start = cell->end = row->end;
                nashra_node_append_child(row, cell);
            }
            cell->as.cell.column = col;
            cell->as.cell.align = table->as.table.aligns[col];
        }
        header = false;
        ls = le + 1;
    }
    g_array_unref(cells);
}
