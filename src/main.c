/* nashra's command line: options and orchestration of parse → layout → render, nothing else.
 * Exit codes: 0 done, 1 bad input, 2 bad usage, 3 I/O failure. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cite/cite.h"
#include "layout/layout.h"
#include "parse/parse.h"
#include "render/render.h"
#include "template/template.h"

enum { EXIT_DONE = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

enum out_format { OUT_PDF, OUT_PNG, OUT_HTML, OUT_TREE };

/* Layout keeps every line's PangoLayout until the PDF is written: about 36 MB of memory per MB
 * of Arabic source (tests/bench/limits.py), so 10 MB needs some 400 MB. Briefs are well under
 * 1 MB; --max-input-mb raises the limit, 0 lifts it. */
#define DEFAULT_MAX_INPUT_MB 10

struct cli {
    const char *input;
    char *output;
    enum out_format format;
    enum nashra_syntax syntax;
    enum nashra_from from;
    gboolean quiet, strict, verbose;
    double dpi;
    int max_input_mb;    /* 0: no limit */
    gchar **metadata;    /* -M key=value, in order */
    char *template_name; /* --template NAME|FILE */
    bool cite;           /* `nashra cite FILE`: print the brief's citation */
    enum nashra_cite_format cite_format;
};

static const char *format_ext(enum out_format f)
{
    switch (f) {
    case OUT_PDF: return ".pdf";
    case OUT_PNG: return "";
    case OUT_HTML: return ".html";
    case OUT_TREE: return ".tree";
    }
    return "";
}

static int usage_error(GOptionContext *ctx, const char *msg)
{
    fprintf(stderr, "nashra: %s\n", msg);
    (void)ctx;
    fprintf(stderr, "Try 'nashra --help' for more information.\n");
    return EXIT_USAGE;
}

/* Returns EXIT_DONE, or EXIT_USAGE after printing why; help and version exit directly. */
static int parse_args(int argc, char **argv, struct cli *cli)
{
    gchar *to = NULL, *syntax = NULL, *output = NULL, *from = NULL, *format = NULL;
    gchar *template_name = NULL;
    /* `nashra cite FILE …` is a subcommand: the same options, plus --format. */
    if (argc > 1 && strcmp(argv[1], "cite") == 0) {
        cli->cite = true;
        memmove(argv + 1, argv + 2, (size_t)(argc - 2) * sizeof *argv);
        argv[--argc] = NULL;
    }
    gboolean version = FALSE;
    gchar **rest = NULL;
    double dpi = 110;
    int max_mb = DEFAULT_MAX_INPUT_MB;
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         "Write to FILE ('-' for standard output; for png, a file name prefix)", "FILE"},
        {"to", 't', 0, G_OPTION_ARG_STRING, &to, "Output format: pdf (default), png, html, tree",
         "FORMAT"},
        {"syntax", 0, 0, G_OPTION_ARG_STRING, &syntax,
         "Input syntax: nashra (default) or commonmark (no front matter, no extensions)", "NAME"},
        {"from", 'f', 0, G_OPTION_ARG_STRING, &from,
         "Input format: markdown (default) or text (an article as published in plain text)",
         "FORMAT"},
        /* FILENAME: kept as given (UTF-8), not converted from the locale's charset. */
        {"metadata", 'M', 0, G_OPTION_ARG_FILENAME_ARRAY, &cli->metadata,
         "Set or override a front matter key (VALUE is YAML: -M authors='[A, B]'); repeatable",
         "KEY=VALUE"},
        {"template", 0, 0, G_OPTION_ARG_FILENAME, &template_name,
         "Template name or file", "NAME|FILE"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format,
         "nashra cite: text (default), bibtex, ris or csl-json", "FORMAT"},
        {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "Resolution of png output (default 110)", "DPI"},
        {"max-input-mb", 0, 0, G_OPTION_ARG_INT, &max_mb,
         "Refuse inputs larger than N megabytes (default "
         G_STRINGIFY(DEFAULT_MAX_INPUT_MB) "; 0: no limit)", "N"},
        {"strict", 0, 0, G_OPTION_ARG_NONE, &cli->strict, "Treat warnings as errors", NULL},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &cli->quiet, "Do not print warnings", NULL},
        {"verbose", 'v', 0, G_OPTION_ARG_NONE, &cli->verbose,
         "Print the time each stage takes", NULL},
        {"version", 'V', 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL},
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "INPUT"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = g_option_context_new(cli->cite ? "cite INPUT" : "INPUT");
    g_option_context_set_summary(ctx,
        "Typeset a Markdown-like brief as a right-to-left PDF.\n"
        "INPUT '-' reads standard input. The default output is INPUT with its extension\n"
        "replaced (.pdf, .html, .tree; png writes INPUT-1.png, INPUT-2.png, ...).\n"
        "'nashra cite INPUT [--format text|bibtex|ris|csl-json]' prints the brief's citation.");
    g_option_context_set_description(ctx,
        "Exit status: 0 done, 1 bad input, 2 bad usage, 3 input/output failure.\n");
    g_option_context_add_main_entries(ctx, entries, NULL);
    GError *err = NULL;
    int rc = EXIT_DONE;
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        rc = usage_error(ctx, err->message);
        g_error_free(err);
        goto out;
    }
    if (version) {
        printf("nashra %s\n", NASHRA_VERSION);
        g_option_context_free(ctx);
        g_strfreev(rest);
        exit(EXIT_DONE);
    }
    if (!rest || !rest[0]) {
        rc = usage_error(ctx, "no input file given");
        goto out;
    }
    if (rest[1]) {
        rc = usage_error(ctx, "more than one input file given");
        goto out;
    }
    cli->input = g_strdup(rest[0]);
    if (!to || !strcmp(to, "pdf"))
        cli->format = OUT_PDF;
    else if (!strcmp(to, "png"))
        cli->format = OUT_PNG;
    else if (!strcmp(to, "html"))
        cli->format = OUT_HTML;
    else if (!strcmp(to, "tree"))
        cli->format = OUT_TREE;
    else {
        rc = usage_error(ctx, "unknown output format (expected pdf, png, html or tree)");
        goto out;
    }
    if (!syntax || !strcmp(syntax, "nashra"))
        cli->syntax = NASHRA_SYNTAX_NASHRA;
    else if (!strcmp(syntax, "commonmark"))
        cli->syntax = NASHRA_SYNTAX_COMMONMARK;
    else {
        rc = usage_error(ctx, "unknown syntax (expected nashra or commonmark)");
        goto out;
    }
    for (gchar **kv = cli->metadata; kv && *kv; kv++)
        if (!g_utf8_validate(*kv, -1, NULL)) {
            rc = usage_error(ctx, "-M: the value is not UTF-8");
            goto out;
        }
    if (!from || !strcmp(from, "markdown"))
        cli->from = NASHRA_FROM_MARKDOWN;
    else if (!strcmp(from, "text"))
        cli->from = NASHRA_FROM_TEXT;
    else {
        rc = usage_error(ctx, "unknown input format (expected markdown or text)");
        goto out;
    }
    if (format && !cli->cite) {
        rc = usage_error(ctx, "--format belongs to 'nashra cite' (use --to for output formats)");
        goto out;
    }
    if (!nashra_cite_format_from_name(format ? format : "text", &cli->cite_format)) {
        rc = usage_error(ctx, "unknown citation format (expected text, bibtex, ris or csl-json)");
        goto out;
    }
    /* wired by templates: the name is kept for the template loader, passed nowhere yet. */
    cli->template_name = g_strdup(template_name);
    if (dpi < 10 || dpi > 1200) {
        rc = usage_error(ctx, "--dpi must be between 10 and 1200");
        goto out;
    }
    cli->dpi = dpi;
    if (max_mb < 0) {
        rc = usage_error(ctx, "--max-input-mb must be 0 (no limit) or more");
        goto out;
    }
    cli->max_input_mb = max_mb;
    if (output) {
        cli->output = g_strdup(output);
    } else if (cli->cite || !strcmp(cli->input, "-")) {
        cli->output = g_strdup(cli->format == OUT_PNG ? "page" : "-");
    } else {
        const char *base = strrchr(cli->input, '/');
        base = base ? base + 1 : cli->input;
        const char *dot = strrchr(base, '.');
        size_t stem = dot && dot != base ? (size_t)(dot - cli->input) : strlen(cli->input);
        cli->output = g_strdup_printf("%.*s%s", (int)stem, cli->input, format_ext(cli->format));
    }
out:
    g_free(to);
    g_free(syntax);
    g_free(output);
    g_free(from);
    g_free(format);
    g_free(template_name);
    g_strfreev(rest);
    g_option_context_free(ctx);
    return rc;
}

/* Reports an input over the limit: LEN bytes when KNOWN, else more than the limit arrived. */
static int too_large(const char *name, size_t len, bool known, int max_mb)
{
    size_t tenths = (len + 99999) / 100000; /* rounded up: never shown as the limit itself */
    if (known)
        fprintf(stderr, "%s: error: input is %zu.%zu MB; the limit is %d MB (--max-input-mb)\n",
                name, tenths / 10, tenths % 10, max_mb);
    else
        fprintf(stderr,
                "%s: error: input is more than %d MB; the limit is %d MB (--max-input-mb)\n",
                name, max_mb, max_mb);
    return EXIT_BAD_INPUT;
}

/* Returns EXIT_DONE, EXIT_BAD_INPUT (over MAX_MB megabytes, when not 0) or EXIT_IO. */
static int read_input(const char *path, int max_mb, char **buf, size_t *len)
{
    GError *err = NULL;
    size_t limit = max_mb ? (size_t)max_mb * 1000000 : SIZE_MAX;
    if (strcmp(path, "-") != 0) {
        GStatBuf st;
        if (g_stat(path, &st) == 0 && S_ISREG(st.st_mode) && (guint64)st.st_size > limit)
            return too_large(path, (size_t)st.st_size, true, max_mb);
        gsize n = 0;
        if (!g_file_get_contents(path, buf, &n, &err)) {
            fprintf(stderr, "%s: error: %s\n", path, err->message);
            g_error_free(err);
            return EXIT_IO;
        }
        if (n > limit) { /* not a regular file, or it grew */
            g_free(*buf);
            return too_large(path, n, true, max_mb);
        }
        *len = n;
        return EXIT_DONE;
    }
    GString *s = g_string_new(NULL);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
        g_string_append_len(s, chunk, (gssize)n);
        if (s->len > limit) {
            g_string_free(s, TRUE);
            return too_large("<stdin>", 0, false, max_mb);
        }
    }
    if (ferror(stdin)) {
        fprintf(stderr, "<stdin>: error: cannot read standard input: %s\n", g_strerror(errno));
        g_string_free(s, TRUE);
        return EXIT_IO;
    }
    *len = s->len;
    *buf = g_string_free(s, FALSE);
    return EXIT_DONE;
}

/* Output goes to a temporary file beside the target, renamed only when complete, so a failed
 * run never leaves a half-written file or destroys the previous output. */
struct out_file {
    FILE *fp;
    char *target;
    char *tmp; /* NULL when writing directly (stdout, devices, pipes) */
};

static bool out_open(struct out_file *o, const char *target)
{
    memset(o, 0, sizeof *o);
    o->target = g_strdup(target);
    if (!strcmp(target, "-")) {
        o->fp = stdout;
        return true;
    }
    struct stat st;
    if (stat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
        o->fp = fopen(target, "wb");
    } else {
        char *dir = g_path_get_dirname(target);
        char *base = g_path_get_basename(target);
        o->tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
        g_free(dir);
        g_free(base);
        int fd = g_mkstemp_full(o->tmp, O_WRONLY, 0666 & ~0022);
        o->fp = fd >= 0 ? fdopen(fd, "wb") : NULL;
        if (!o->fp && fd >= 0)
            close(fd);
    }
    if (!o->fp) {
        fprintf(stderr, "%s: error: cannot write: %s\n", target, g_strerror(errno));
        g_free(o->tmp);
        g_free(o->target);
        o->tmp = o->target = NULL;
        return false;
    }
    return true;
}

/* Finishes O: on success renames the temporary file over the target; on failure removes it. */
static bool out_close(struct out_file *o, bool ok)
{
    if (!o->fp)
        return false;
    /* A failed write (a full disk) leaves the stream's error flag and errno: say why. */
    int saved = !ok && ferror(o->fp) ? errno : 0;
    if (o->fp == stdout) {
        if (fflush(stdout) != 0) {
            if (!saved)
                saved = errno;
            ok = false;
        }
    } else {
        if (fflush(o->fp) != 0 || (o->tmp && fsync(fileno(o->fp)) != 0)) {
            if (!saved)
                saved = errno;
            ok = false;
        }
        if (fclose(o->fp) != 0) {
            if (!saved)
                saved = errno;
            ok = false;
        }
    }
    if (o->tmp) {
        if (ok && rename(o->tmp, o->target) != 0) {
            saved = errno;
            ok = false;
        }
        if (!ok)
            g_unlink(o->tmp);
    }
    if (!ok)
        fprintf(stderr, "%s: error: cannot write%s%s\n", o->target, saved ? ": " : "",
                saved ? g_strerror(saved) : "");
    g_free(o->tmp);
    g_free(o->target);
    memset(o, 0, sizeof *o);
    return ok;
}

static bool write_string(const char *target, const GString *s)
{
    struct out_file o;
    if (!out_open(&o, target))
        return false;
    bool ok = fwrite(s->str, 1, s->len, o.fp) == s->len;
    return out_close(&o, ok);
}

/* SOURCE_DATE_EPOCH when set, else the front matter's ISO date (at 00:00 UTC), else none:
 * never the clock, so that the same input gives the same bytes. */
static int creation_epoch(const struct nashra_meta *meta, long long *epoch)
{
    const char *env = g_getenv("SOURCE_DATE_EPOCH");
    if (env && *env) {
        char *end = NULL;
        errno = 0;
        long long v = strtoll(env, &end, 10);
        if (errno || *end || v < 0) {
            fprintf(stderr, "nashra: error: SOURCE_DATE_EPOCH is not a number of seconds: %s\n",
                    env);
            return EXIT_USAGE;
        }
        *epoch = v;
        return EXIT_DONE;
    }
    *epoch = -1;
    int y, m, d;
    if (meta->date && sscanf(meta->date, "%4d-%2d-%2d", &y, &m, &d) == 3 && g_date_valid_dmy(d, m, y)) {
        GDateTime *dt = g_date_time_new_utc(y, m, d, 0, 0, 0);
        if (dt) {
            *epoch = g_date_time_to_unix(dt);
            g_date_time_unref(dt);
        }
    }
    return EXIT_DONE;
}

/* --verbose: one line per stage on stderr, so CI logs show where the time goes. */
static gint64 stage_start;

static void stage_done(const struct cli *cli, const char *stage)
{
    gint64 now = g_get_monotonic_time();
    if (cli->verbose)
        fprintf(stderr, "nashra: %-7s %8.1f ms\n", stage, (double)(now - stage_start) / 1000.0);
    stage_start = now;
}

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

static int render_paged(const struct cli *cli, const struct nashra_doc *doc,
                        struct nashra_diag *diag)
{
    long long epoch;
    int rc = creation_epoch(&doc->meta, &epoch);
    if (rc != EXIT_DONE)
        return rc;
    /* --template wins over the front matter's `template:`; neither means the built-in brief. */
    const char *tname = cli->template_name ? cli->template_name : doc->meta.template_name;
    const struct nashra_pos *tpos =
        cli->template_name ? NULL : g_hash_table_lookup(doc->meta.positions, "template");
    struct nashra_template *tpl =
        nashra_template_load_at(tname, tpos ? tpos->line : 0, tpos ? tpos->col : 0, diag);
    if (!tpl)
        return EXIT_BAD_INPUT;
    struct nashra_style style;
    nashra_template_apply(tpl, &style);
    if (doc->meta.notes != NASHRA_NOTES_TEMPLATE) /* the front matter's `notes:` wins */
        style.endnotes = doc->meta.notes == NASHRA_NOTES_END;
    /* Images are found relative to the source file, wherever nashra runs from. */
    char *base_dir = strcmp(cli->input, "-") ? g_path_get_dirname(cli->input) : g_strdup(".");
    style.base_dir = base_dir;
    char *citation = nashra_cite_text(&doc->meta);
    style.citation = citation;
    struct nashra_pages *pages = nashra_layout(doc, nashra_render_new_context, &style, diag);
    stage_done(cli, "layout");
    if (!pages || nashra_diag_failed(diag)) {
        rc = EXIT_BAD_INPUT;
        goto done;
    }
    rc = EXIT_DONE;
    if (cli->format == OUT_PDF) {
        struct nashra_render_info info = {.meta = &doc->meta, .epoch = epoch};
        struct out_file o;
        if (!out_open(&o, cli->output))
            rc = EXIT_IO;
        else if (!out_close(&o, nashra_render_pdf(pages, &info, o.fp) == 0))
            rc = EXIT_IO;
        stage_done(cli, "render");
    } else {
        int n = (int)pages->pages->len;
        bool to_stdout = !strcmp(cli->output, "-");
        if (to_stdout && n > 1)
            nashra_diag_report(diag, NASHRA_WARNING, 0, 0,
                               "standard output holds one PNG: writing page 1 of %d", n);
        for (int i = 0; i < (to_stdout ? 1 : n) && rc == EXIT_DONE; i++) {
            char *name = to_stdout ? g_strdup("-") : g_strdup_printf("%s-%d.png", cli->output, i + 1);
            struct out_file o;
            if (!out_open(&o, name))
                rc = EXIT_IO;
            else if (!out_close(&o, nashra_render_png_page(pages, i, cli->dpi, o.fp) == 0))
                rc = EXIT_IO;
            g_free(name);
        }
        stage_done(cli, "render");
    }
done:
    if (pages)
        nashra_pages_free(pages);
    g_free(citation);
    g_free(base_dir);
    nashra_template_free(tpl); /* after layout and render: the style borrows its strings */
    return rc;
}

int main(int argc, char **argv)
{
    struct cli cli = {0};
    int rc = parse_args(argc, argv, &cli);
    if (rc != EXIT_DONE)
        goto done;
    if (strcmp(cli.input, "-") != 0 && strcmp(cli.output, "-") != 0 &&
        (cli.cite || cli.format != OUT_PNG) &&
        same_file(cli.input, cli.output)) {
        fprintf(stderr, "%s: error: refusing to overwrite the input file\n", cli.output);
        rc = EXIT_USAGE;
        goto done;
    }
    char *src = NULL;
    size_t len = 0;
    stage_start = g_get_monotonic_time();
    rc = read_input(cli.input, cli.max_input_mb, &src, &len);
    if (rc != EXIT_DONE)
        goto done;
    stage_done(&cli, "read");
    struct nashra_diag diag;
    nashra_diag_init(&diag, strcmp(cli.input, "-") ? cli.input : "<stdin>", src, len);
    diag.strict = cli.strict;
    diag.quiet = cli.quiet;
    struct nashra_parse_options popts = {
        .syntax = cli.syntax,
        .from = cli.from,
        .metadata = (const char *const *)cli.metadata,
        .n_metadata = cli.metadata ? (int)g_strv_length(cli.metadata) : 0,
    };
    struct nashra_doc *doc = nashra_parse(src, len, &popts, &diag);
    stage_done(&cli, "parse");
    if (nashra_diag_failed(&diag)) {
        rc = EXIT_BAD_INPUT;
    } else if (cli.cite) {
        char *text = nashra_cite_export(&doc->meta, cli.cite_format);
        GString *s = g_string_new(text);
        rc = write_string(cli.output, s) ? EXIT_DONE : EXIT_IO;
        g_string_free(s, TRUE);
        g_free(text);
    } else if (cli.format == OUT_HTML || cli.format == OUT_TREE) {
        GString *s = g_string_new(NULL);
        if (cli.format == OUT_HTML)
            nashra_render_html(doc, cli.syntax != NASHRA_SYNTAX_COMMONMARK, s);
        else
            nashra_render_tree(doc, s);
        rc = write_string(cli.output, s) ? EXIT_DONE : EXIT_IO;
        g_string_free(s, TRUE);
        stage_done(&cli, "render");
    } else {
        rc = render_paged(&cli, doc, &diag);
    }
    nashra_doc_free(doc);
    g_free(src);
done:
    g_free((char *)cli.input);
    g_free(cli.output);
    g_free(cli.template_name);
    g_strfreev(cli.metadata);
    return rc;
}
