/* nashra's command line: options and orchestration of parse → layout → render (one input, or
 * several on worker threads), nothing else.
 * Exit codes: 0 done, 1 bad input, 2 bad usage, 3 I/O failure. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdint.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cli/info.h"
#include "cli/outfile.h"
#include "cli/query.h"
#include "cli/watch.h"
#include "cite/cite.h"
#include "layout/layout.h"
#include "parse/parse.h"
#include "resolve/resolve.h"
#include "render/render.h"
#include "template/template.h"
#include "util/diag.h"

enum { EXIT_DONE = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

enum out_format { OUT_PDF, OUT_PNG, OUT_HTML, OUT_TREE };

/* Layout keeps every line's PangoLayout until the PDF is written: about 36 MB of memory per MB
 * of Arabic source (tests/bench/limits.py), so 10 MB needs some 400 MB. Briefs are well under
 * 1 MB; --max-input-mb raises the limit, 0 lifts it. */
#define DEFAULT_MAX_INPUT_MB 10

struct cli {
    gchar **inputs;      /* one, or several with -O or --check */
    int n_inputs;
    char *output;        /* -o, or NULL */
    char *outdir;        /* -O, or NULL */
    char *depfile;       /* --depfile, or NULL */
    char *root;          /* --root, or NULL: each source's own directory */
    enum out_format format;
    enum nashra_syntax syntax;
    enum nashra_from from;
    gboolean quiet, strict, verbose, check;
    gboolean unsafe;     /* html: keep raw HTML and every URL */
    char *css;           /* html: --css, the stylesheet linked instead of the page's own */
    gboolean fragment;   /* html: --fragment, the page's body only */
    double dpi;
    int max_input_mb;    /* 0: no limit */
    long max_image_pixels; /* a figure's decoded pixels */
    gchar **metadata;    /* -M key=value, in order */
    char *template_name; /* --template NAME|FILE */
    bool cite;           /* `nashra cite FILE`: print the brief's citation */
    bool fonts;          /* `nashra fonts`: list the families nashra can use */
    bool watch;          /* `nashra watch FILE`: render again on every change */
    bool query;          /* `nashra query FILE`: the brief as JSON */
    gchar **font_paths;  /* --font-path DIR, in order */
    enum nashra_cite_format cite_format;
    /* --pdf-standard, which replaces the front matter's `pdf-standard:` when given */
    struct nashra_pdf_standard pdf_standard;
    bool pdf_standard_set;
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

/* Reports a usage error and where help is: `nashra cite --help` for a subcommand's (its name
 * is the program name g_option_context_parse shows). */
static int usage_error(GOptionContext *ctx, const char *msg)
{
    (void)ctx;
    nashra_diag_say(stderr, "nashra", NASHRA_LABEL_ERROR, "%s", msg);
    nashra_diag_say(stderr, "nashra", NASHRA_LABEL_HINT, "try '%s --help'", g_get_prgname());
    return EXIT_USAGE;
}

static int usage_errorf(GOptionContext *ctx, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static int usage_errorf(GOptionContext *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    int rc = usage_error(ctx, msg);
    g_free(msg);
    return rc;
}

/* Diagnostics in colour: --color=always|never, the last given, else (auto) when standard
 * error is a terminal, NO_COLOR is unset or empty and TERM is not dumb. Read before the options
 * are parsed, so that the parser's own errors follow it too; the parser checks the value. */
static bool wants_color(int argc, char **argv)
{
    const char *when = "auto";
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (g_str_has_prefix(argv[i], "--color="))
            when = argv[i] + strlen("--color=");
        else if (!strcmp(argv[i], "--color") && i + 1 < argc)
            when = argv[++i];
    }
    if (!strcmp(when, "always") || !strcmp(when, "never"))
        return !strcmp(when, "always");
    const char *no_color = g_getenv("NO_COLOR"), *term = g_getenv("TERM");
    return isatty(STDERR_FILENO) && !(no_color && *no_color) && !(term && !strcmp(term, "dumb"));
}

/* The output INPUT gets when -o does not name it: INPUT with its extension replaced (png: the
 * prefix of its pages), in OUTDIR when given. */
static char *default_output(const struct cli *cli, const char *input)
{
    if (cli->cite || cli->query || !strcmp(input, "-"))
        return g_strdup(cli->format == OUT_PNG ? "page" : "-");
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    const char *dot = strrchr(base, '.');
    const char *from = cli->outdir ? base : input;
    size_t stem = dot && dot != base ? (size_t)(dot - from) : strlen(from);
    char *name = g_strdup_printf("%.*s%s", (int)stem, from, format_ext(cli->format));
    if (!cli->outdir)
        return name;
    char *path = g_build_filename(cli->outdir, name, NULL);
    g_free(name);
    return path;
}

/* Whether the run writes PDF or PNG bytes, which would garble a terminal (pandoc refuses them
 * too): not a command's text, nor under --check. */
static bool writes_pages(const struct cli *cli)
{
    return !cli->check && !cli->cite && !cli->query &&
           (cli->format == OUT_PDF || cli->format == OUT_PNG);
}

/* Returns EXIT_DONE, or EXIT_USAGE after printing why; --help (GLib), --version and the
 * template listings exit once printed. */
static int parse_args(int argc, char **argv, struct cli *cli)
{
    gchar *to = NULL, *syntax = NULL, *output = NULL, *from = NULL, *format = NULL;
    gchar *template_name = NULL, *outdir = NULL, *depfile = NULL, *root = NULL;
    gchar *pdf_standard = NULL, *css = NULL, *color = NULL, *print_template = NULL;
    gboolean list_templates = FALSE;
    int info_rc = -1; /* --version and the templates: printed, then exit with it */
    /* `nashra cite FILE …` is a subcommand: the same options, plus --format. */
    if (argc > 1 && strcmp(argv[1], "cite") == 0) {
        cli->cite = true;
        memmove(argv + 1, argv + 2, (size_t)(argc - 2) * sizeof *argv);
        argv[--argc] = NULL;
    }
    /* `nashra fonts` lists what fontconfig gives nashra; it takes no input. */
    if (argc > 1 && strcmp(argv[1], "fonts") == 0) {
        cli->fonts = true;
        memmove(argv + 1, argv + 2, (size_t)(argc - 2) * sizeof *argv);
        argv[--argc] = NULL;
    }
    /* `nashra watch FILE …` and `nashra query FILE …` take the render options. */
    if (argc > 1 && (strcmp(argv[1], "watch") == 0 || strcmp(argv[1], "query") == 0)) {
        cli->watch = argv[1][0] == 'w';
        cli->query = !cli->watch;
        memmove(argv + 1, argv + 2, (size_t)(argc - 2) * sizeof *argv);
        argv[--argc] = NULL;
    }
    gboolean version = FALSE;
    gchar **rest = NULL;
    double dpi = 110;
    int max_mb = DEFAULT_MAX_INPUT_MB;
    gint64 max_px = NASHRA_IMAGE_MAX_PIXELS;
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         "Write to FILE ('-' for standard output; for png, a file name prefix)", "FILE"},
        {"output-dir", 'O', 0, G_OPTION_ARG_FILENAME, &outdir,
         "Write each INPUT's output into DIR (created if missing), several inputs at once",
         "DIR"},
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
        {"font-path", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &cli->font_paths,
         "Also use the fonts in DIR (and its subdirectories); repeatable", "DIR"},
        {"root", 0, 0, G_OPTION_ARG_FILENAME, &root,
         "Project root: the files a source names (figures, bibliography, template) must lie "
         "inside it (default: the source's directory)", "DIR"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format,
         "nashra cite: text (default), bibtex, ris or csl-json", "FORMAT"},
        {"pdf-standard", 0, 0, G_OPTION_ARG_STRING, &pdf_standard,
         "Make the PDF meet a-2b, a-2u or a-3u (PDF/A), ua-1 (PDF/UA), or a PDF/A level and "
         "ua-1 (a-2u,ua-1)", "LIST"},
        {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "Resolution of png output (default 110)", "DPI"},
        {"max-input-mb", 0, 0, G_OPTION_ARG_INT, &max_mb,
         "Refuse inputs larger than N megabytes (default "
         G_STRINGIFY(DEFAULT_MAX_INPUT_MB) "; 0: no limit)", "N"},
        {"max-image-pixels", 0, 0, G_OPTION_ARG_INT64, &max_px,
         "Refuse a figure of more than N decoded pixels, its nested images included "
         "(default 50000000)", "N"},
        {"check", 0, 0, G_OPTION_ARG_NONE, &cli->check,
         "Parse and lay out, report problems, write nothing", NULL},
        {"depfile", 0, 0, G_OPTION_ARG_FILENAME, &depfile,
         "Also write FILE: a Makefile rule 'OUTPUT: files it was made from'", "FILE"},
        {"unsafe", 0, 0, G_OPTION_ARG_NONE, &cli->unsafe,
         "html: keep raw HTML and javascript:, vbscript:, file: and data: URLs (trusted "
         "sources only)", NULL},
        {"css", 0, 0, G_OPTION_ARG_FILENAME, &css,
         "html: link the stylesheet FILE (a URL or path) instead of embedding the page's own",
         "FILE"},
        {"fragment", 0, 0, G_OPTION_ARG_NONE, &cli->fragment,
         "html: write only the page's body, for a static site generator's own page", NULL},
        {"strict", 0, 0, G_OPTION_ARG_NONE, &cli->strict, "Treat warnings as errors", NULL},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &cli->quiet, "Do not print warnings", NULL},
        {"verbose", 'v', 0, G_OPTION_ARG_NONE, &cli->verbose,
         "Print the time each stage takes", NULL},
        {"color", 0, 0, G_OPTION_ARG_STRING, &color,
         "Colour diagnostics: auto (default: on a terminal, unless NO_COLOR is set), always or "
         "never", "WHEN"},
        {"list-templates", 0, 0, G_OPTION_ARG_NONE, &list_templates,
         "List the built-in templates and exit", NULL},
        {"print-template", 0, 0, G_OPTION_ARG_STRING, &print_template,
         "Print the built-in template NAME's file (to start a template of your own) and exit",
         "NAME"},
        {"version", 'V', 0, G_OPTION_ARG_NONE, &version,
         "Print the version and the libraries' versions, and exit", NULL},
        /* No description: the usage line's parameter string names the inputs. */
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    /* The usage line is `PRGNAME [OPTION…] PARAMETERS`: a subcommand goes into the name. */
    g_set_prgname(cli->cite    ? "nashra cite"
                  : cli->fonts ? "nashra fonts"
                  : cli->watch ? "nashra watch"
                  : cli->query ? "nashra query"
                               : "nashra");
    GOptionContext *ctx = g_option_context_new(cli->fonts ? NULL
                                               : cli->cite || cli->watch || cli->query
                                                   ? "INPUT"
                                                   : "INPUT…");
    const char *summary =
        cli->cite ? "Print the brief's recommended citation: as text (default), or with --format\n"
                    "a BibTeX entry, a RIS record or CSL-JSON."
        : cli->fonts
            ? "List the font families nashra can use (with --font-path's), the scripts each\n"
              "covers and the keys of the template (--template, default brief) that name it."
        : cli->watch
            ? "Render INPUT, then again whenever INPUT or a file it was made from (template,\n"
              "figures, bibliography, style) changes, until Ctrl-C. A failed render keeps the\n"
              "last good output."
        : cli->query
            ? "Print the brief's resolved metadata, headings, figures, tables, notes and\n"
              "citations, with the pages they start on, as JSON."
            : "Typeset a Markdown-like brief as a right-to-left PDF.\n"
              "INPUT '-' reads standard input. The default output is INPUT with its extension\n"
              "replaced (.pdf, .html, .tree; png writes INPUT-1.png, INPUT-2.png, …).\n"
              "Several INPUTs need -O DIR (or --check); they are typeset in parallel.\n"
              "'nashra cite INPUT [--format text|bibtex|ris|csl-json]' prints the brief's\n"
              "citation. 'nashra watch INPUT [-o OUTPUT]' renders again on every change, until\n"
              "Ctrl-C. 'nashra query INPUT' prints the brief's parts and pages as JSON.\n"
              "'nashra fonts [--font-path DIR] [--template NAME|FILE]' lists the font families\n"
              "nashra can use, the scripts each covers and the template keys that name it.";
    g_option_context_set_summary(ctx, summary);
    g_option_context_set_description(ctx,
        "In CI: --check a.md b.md reports every problem and writes nothing;\n"
        "-O out a.md b.md writes out/a.pdf and out/b.pdf; --depfile FILE lists the files\n"
        "the output was made from (source, template, images, bibliography) for make/ninja.\n"
        "Exit status: 0 done, 1 bad input, 2 bad usage, 3 input/output failure\n"
        "(with several inputs, the worst of them). See also: man nashra.\n");
    g_option_context_add_main_entries(ctx, entries, NULL);
    GError *err = NULL;
    int rc = EXIT_DONE;
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        char *msg = nashra_diag_library_text(err->message);
        rc = usage_error(ctx, msg);
        g_free(msg);
        g_error_free(err);
        goto out;
    }
    if (color && strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never")) {
        rc = usage_errorf(ctx, "unknown colour mode '%s' (expected auto, always or never)", color);
        goto out;
    }
    if (version || list_templates || print_template) {
        if (version)
            nashra_info_version(stdout);
        else if (list_templates)
            nashra_info_list_templates(stdout);
        else if (!nashra_info_print_template(stdout, print_template)) {
            char *names = g_strjoinv(", ", (char **)nashra_template_builtins());
            rc = usage_errorf(ctx, "no built-in template '%s' (expected %s)", print_template,
                              names);
            g_free(names);
            goto out;
        }
        info_rc = fflush(stdout) == 0 && !ferror(stdout) ? EXIT_DONE : EXIT_IO;
        if (info_rc != EXIT_DONE)
            nashra_diag_say(stderr, "nashra", NASHRA_LABEL_ERROR, "cannot write: %s",
                            nashra_strerror(errno));
        goto out;
    }
    for (gchar **d = cli->font_paths; d && *d; d++) {
        char *why = NULL;
        if (!nashra_render_add_font_dir(*d, &why)) {
            char *msg = g_strconcat("--font-path: ", why, NULL);
            rc = usage_error(ctx, msg);
            g_free(msg);
            g_free(why);
            goto out;
        }
    }
    if (cli->fonts) {
        if (rest && rest[0]) {
            rc = usage_error(ctx, "'nashra fonts' takes no input");
            goto out;
        }
        cli->template_name = g_strdup(template_name);
        goto out;
    }
    if (!rest || !rest[0]) {
        rc = usage_error(ctx, "no input file given");
        goto out;
    }
    cli->n_inputs = (int)g_strv_length(rest);
    if (cli->cite && (cli->n_inputs > 1 || outdir || cli->check || depfile)) {
        rc = usage_error(ctx, "'nashra cite' takes one input (no -O, --check or --depfile)");
        goto out;
    }
    if ((cli->watch || cli->query) &&
        (cli->n_inputs > 1 || outdir || cli->check || (cli->query && (depfile || to)))) {
        rc = usage_error(ctx, cli->watch ? "'nashra watch' takes one input (no -O or --check)"
                                         : "'nashra query' takes one input and writes JSON (no "
                                           "-O, --check, --depfile or --to)");
        goto out;
    }
    if (cli->watch && (!strcmp(rest[0], "-") || (output && !strcmp(output, "-")))) {
        rc = usage_error(ctx, "'nashra watch' reads a file and writes a file (not '-')");
        goto out;
    }
    if (cli->n_inputs > 1 && !outdir && !cli->check) {
        rc = usage_error(ctx, "more than one input file given (write them with -O DIR)");
        goto out;
    }
    if (outdir && output) {
        rc = usage_error(ctx, "-o and -O exclude each other (-O names outputs after inputs)");
        goto out;
    }
    if (cli->n_inputs > 1 && output) {
        rc = usage_error(ctx, "-o names one output: with several inputs use -O DIR");
        goto out;
    }
    if (cli->check && depfile) {
        rc = usage_error(ctx, "--check writes nothing, so no --depfile either");
        goto out;
    }
    for (int i = 0; outdir && rest[i]; i++)
        if (!strcmp(rest[i], "-")) {
            rc = usage_error(ctx, "-O names outputs after inputs: standard input has no name");
            goto out;
        }
    cli->inputs = g_steal_pointer(&rest);
    if (!to || !strcmp(to, "pdf"))
        cli->format = OUT_PDF;
    else if (!strcmp(to, "png"))
        cli->format = OUT_PNG;
    else if (!strcmp(to, "html"))
        cli->format = OUT_HTML;
    else if (!strcmp(to, "tree"))
        cli->format = OUT_TREE;
    else {
        rc = usage_errorf(ctx, "unknown output format '%s' (expected pdf, png, html or tree)", to);
        goto out;
    }
    if (!syntax || !strcmp(syntax, "nashra"))
        cli->syntax = NASHRA_SYNTAX_NASHRA;
    else if (!strcmp(syntax, "commonmark"))
        cli->syntax = NASHRA_SYNTAX_COMMONMARK;
    else {
        rc = usage_errorf(ctx, "unknown syntax '%s' (expected nashra or commonmark)", syntax);
        goto out;
    }
    for (gchar **kv = cli->metadata; kv && *kv; kv++)
        if (!g_utf8_validate(*kv, -1, NULL)) {
            rc = usage_error(ctx, "-M: the value is not UTF-8");
            goto out;
        }
    if ((css || cli->fragment) &&
        (cli->format != OUT_HTML || cli->syntax != NASHRA_SYNTAX_NASHRA || (css && cli->fragment))) {
        rc = usage_error(ctx, css && cli->fragment
                                  ? "--css links a stylesheet from a page's head: a --fragment has none"
                                  : "--css and --fragment belong to --to html in the nashra syntax");
        goto out;
    }
    cli->css = g_strdup(css);
    if (!from || !strcmp(from, "markdown"))
        cli->from = NASHRA_FROM_MARKDOWN;
    else if (!strcmp(from, "text"))
        cli->from = NASHRA_FROM_TEXT;
    else {
        rc = usage_errorf(ctx, "unknown input format '%s' (expected markdown or text)", from);
        goto out;
    }
    if (format && !cli->cite) {
        rc = usage_error(ctx, "--format belongs to 'nashra cite' (use --to for output formats)");
        goto out;
    }
    if (!nashra_cite_format_from_name(format ? format : "text", &cli->cite_format)) {
        rc = usage_errorf(ctx, "unknown citation format '%s' (expected text, bibtex, ris or "
                               "csl-json)", format);
        goto out;
    }
    cli->template_name = g_strdup(template_name);
    if (pdf_standard) {
        char **names = g_strsplit(pdf_standard, ",", -1);
        /* An empty LIST names nothing, as an unknown name does. */
        char *why = names[0] ? NULL : nashra_pdf_standard_add(&cli->pdf_standard, "");
        for (char **n = names; *n && !why; n++)
            why = nashra_pdf_standard_add(&cli->pdf_standard, g_strstrip(*n));
        g_strfreev(names);
        cli->pdf_standard_set = true;
        if (why) {
            char *msg = g_strconcat("--pdf-standard: ", why, NULL);
            rc = usage_error(ctx, msg);
            g_free(msg);
            g_free(why);
            goto out;
        }
    }
    if (dpi < 10 || dpi > 1200) {
        rc = usage_errorf(ctx, "--dpi %g is out of range (expected 10 to 1200)", dpi);
        goto out;
    }
    cli->dpi = dpi;
    if (max_mb < 0) {
        rc = usage_errorf(ctx, "--max-input-mb %d is out of range (expected 0, no limit, or more)",
                          max_mb);
        goto out;
    }
    cli->max_input_mb = max_mb;
    if (max_px < 1 || max_px > G_MAXLONG) {
        rc = usage_errorf(ctx, "--max-image-pixels %" G_GINT64_FORMAT " is out of range "
                               "(expected a positive number of pixels)", max_px);
        goto out;
    }
    cli->max_image_pixels = (long)max_px;
    cli->output = g_strdup(output);
    cli->outdir = g_strdup(outdir);
    cli->depfile = g_strdup(depfile);
    cli->root = g_strdup(root);
    if (root && !g_file_test(root, G_FILE_TEST_IS_DIR)) {
        rc = usage_errorf(ctx, "--root '%s' is not a directory", root);
        goto out;
    }
    char *target = cli->output ? g_strdup(cli->output) : default_output(cli, cli->inputs[0]);
    bool to_stdout = !strcmp(target, "-") && !cli->outdir;
    g_free(target);
    if (depfile && (to_stdout || !strcmp(depfile, "-"))) {
        rc = usage_error(ctx, "--depfile needs the output and the depfile to be files");
        goto out;
    }
    if (to_stdout && writes_pages(cli) && isatty(STDOUT_FILENO)) {
        nashra_diag_say(stderr, "nashra", NASHRA_LABEL_ERROR, "refusing to write %s to a terminal",
                        cli->format == OUT_PDF ? "a PDF" : "a PNG image");
        nashra_diag_say(stderr, "nashra", NASHRA_LABEL_HINT,
                        "redirect standard output (> out%s) or name a file with -o FILE",
                        cli->format == OUT_PDF ? ".pdf" : ".png");
        rc = EXIT_USAGE;
        goto out;
    }
out:
    g_free(to);
    g_free(css);
    g_free(syntax);
    g_free(output);
    g_free(outdir);
    g_free(depfile);
    g_free(root);
    g_free(from);
    g_free(format);
    g_free(template_name);
    g_free(pdf_standard);
    g_free(color);
    g_free(print_template);
    g_strfreev(rest);
    g_option_context_free(ctx);
    if (info_rc >= 0)
        exit(info_rc);
    return rc;
}

/* One input's run. With several inputs each is run by one worker thread; its messages go to a
 * memory stream printed whole, in input order, so that they never interleave. */
struct job {
    const char *input;
    char *output;     /* the target (png: the pages' prefix); unused under --check */
    FILE *log;        /* stderr, or the memory stream */
    char *log_buf;
    size_t log_len;
    const char *tag;  /* "" or "INPUT: ", before --verbose lines */
    gint64 stage_start;
    GPtrArray *targets; /* files written: the output, or every png page */
    GPtrArray *deps;    /* files read, for --depfile */
    struct nashra_root *root; /* where the files the source names must lie */
    bool watch;         /* `nashra watch`: deps also after a failure, missing files included */
    int n_pages;        /* of paged output, once laid out */
    int rc;
    bool done;          /* under the runner's lock */
};

/* Reports an input over the limit: LEN bytes when KNOWN, else more than the limit arrived. */
static int too_large(FILE *log, const char *name, size_t len, bool known, int max_mb)
{
    size_t tenths = (len + 99999) / 100000; /* rounded up: never shown as the limit itself */
    if (known)
        nashra_diag_say(log, name, NASHRA_LABEL_ERROR,
                        "input is %zu.%zu MB; the limit is %d MB (--max-input-mb)", tenths / 10,
                        tenths % 10, max_mb);
    else
        nashra_diag_say(log, name, NASHRA_LABEL_ERROR,
                        "input is more than %d MB; the limit is %d MB (--max-input-mb)", max_mb,
                        max_mb);
    return EXIT_BAD_INPUT;
}

/* Returns EXIT_DONE, EXIT_BAD_INPUT (over MAX_MB megabytes, when not 0) or EXIT_IO. Read in
 * chunks whatever the input is: a FIFO (`<(cat x)`) or a device (/dev/zero behind a symlink)
 * has no size to check first, so reading stops as soon as more than the limit has arrived. */
static int read_input(const char *path, int max_mb, char **buf, size_t *len, FILE *log)
{
    size_t limit = max_mb ? (size_t)max_mb * 1000000 : SIZE_MAX;
    bool from_stdin = !strcmp(path, "-");
    const char *name = from_stdin ? "<stdin>" : path;
    int fd = from_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        nashra_diag_say(log, path, NASHRA_LABEL_ERROR, "cannot read: %s", nashra_strerror(errno));
        return EXIT_IO;
    }
    struct stat st;
    bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (regular && (guint64)st.st_size > limit) {
        close(fd);
        return too_large(log, path, (size_t)st.st_size, true, max_mb);
    }
    GString *s = g_string_sized_new(regular ? (gsize)st.st_size + 1 : 65536);
    char chunk[65536];
    int rc = EXIT_DONE;
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            nashra_diag_say(log, name, NASHRA_LABEL_ERROR, "cannot read%s: %s",
                            from_stdin ? " standard input" : "", nashra_strerror(errno));
            rc = EXIT_IO;
            break;
        }
        if (n == 0)
            break;
        g_string_append_len(s, chunk, n);
        if (s->len > limit) { /* not a regular file, or it grew */
            rc = too_large(log, name, 0, false, max_mb);
            break;
        }
    }
    if (!from_stdin)
        close(fd);
    if (rc != EXIT_DONE) {
        g_string_free(s, TRUE);
        return rc;
    }
    *len = s->len;
    *buf = g_string_free(s, FALSE);
    return EXIT_DONE;
}

static bool write_string(struct job *job, const char *target, const GString *s)
{
    struct nashra_out o;
    if (!nashra_out_open(&o, target, job->log))
        return false;
    bool ok = fwrite(s->str, 1, s->len, o.fp) == s->len;
    if (!nashra_out_close(&o, ok))
        return false;
    g_ptr_array_add(job->targets, g_strdup(target));
    return true;
}

/* SOURCE_DATE_EPOCH when set, else the front matter's ISO date (at 00:00 UTC), else none:
 * never the clock, so that the same input gives the same bytes. */
static int creation_epoch(const struct nashra_meta *meta, long long *epoch, FILE *log)
{
    const char *env = g_getenv("SOURCE_DATE_EPOCH");
    if (env && *env) {
        char *end = NULL;
        errno = 0;
        long long v = strtoll(env, &end, 10);
        if (errno || *end || v < 0) {
            nashra_diag_say(log, "nashra", NASHRA_LABEL_ERROR,
                            "SOURCE_DATE_EPOCH '%s' is not a number of seconds", env);
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
static void stage_done(const struct cli *cli, struct job *job, const char *stage)
{
    gint64 now = g_get_monotonic_time();
    if (cli->verbose)
        fprintf(job->log, "nashra: %s%-7s %8.1f ms\n", job->tag, stage,
                (double)(now - job->stage_start) / 1000.0);
    job->stage_start = now;
}

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* --depfile: PATH, once, when it is a file on disk (a built-in template or standard input is
 * not, and a missing image has already failed the run). `nashra watch` also follows a file
 * the source names that is MISSING, to see it appear. */
static void add_dep(GPtrArray *deps, const char *path, bool missing)
{
    if (!path || (!g_file_test(path, G_FILE_TEST_IS_REGULAR) &&
                  !(missing && !g_file_test(path, G_FILE_TEST_EXISTS))))
        return;
    for (guint i = 0; i < deps->len; i++)
        if (!strcmp(g_ptr_array_index(deps, i), path))
            return;
    g_ptr_array_add(deps, g_strdup(path));
}

/* Why PATH cannot be written in a depfile, or NULL. A line break would end the rule and start
 * a recipe, `;` starts one too, `=` makes a variable and `|` order-only prerequisites (make);
 * a backslash before `#`, `:` or the name's end, and a name ending in `:`, make and ninja read
 * differently whatever the escape. */
static const char *depfile_unsafe(const char *path)
{
    for (const char *p = path; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\n' || c == '\r')
            return "a line break";
        if (c < 0x20 || c == 0x7f)
            return "a control character";
        if (c == ';' || c == '=' || c == '|')
            return "a ';', '=' or '|'";
        if (c == '\\' && (p[1] == '#' || p[1] == ':' || !p[1]))
            return "a backslash before '#', ':' or its end";
    }
    if (*path && path[strlen(path) - 1] == ':')
        return "a ':' at its end";
    return NULL;
}

/* Reports PATH, which --depfile cannot list; returns EXIT_BAD_INPUT, or EXIT_DONE. */
static int depfile_check_name(FILE *log, const char *path)
{
    const char *why = depfile_unsafe(path);
    if (!why)
        return EXIT_DONE;
    char *shown = nashra_diag_shown_name(path);
    nashra_diag_say(log, shown, NASHRA_LABEL_ERROR,
                    "this file name cannot be written in a depfile (it holds %s)", why);
    g_free(shown);
    return EXIT_BAD_INPUT;
}

/* PATH made absolute with every symlink that exists resolved; for a file not written yet, its
 * directory's canonical path and its name. */
static char *canonical_path(const char *path)
{
    char *real = realpath(path, NULL);
    if (!real) {
        char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
        char *real_dir = realpath(dir, NULL);
        char *out = real_dir ? g_build_filename(real_dir, base, NULL)
                             : g_canonicalize_filename(path, NULL);
        free(real_dir);
        g_free(dir);
        g_free(base);
        return out;
    }
    char *out = g_strdup(real);
    free(real);
    return out;
}

/* Whether A and B are one file: the same inode when both exist, else the same canonical path. */
static bool same_path(const char *a, const char *b)
{
    if (same_file(a, b))
        return true;
    char *ca = canonical_path(a), *cb = canonical_path(b);
    bool same = !strcmp(ca, cb);
    g_free(ca);
    g_free(cb);
    return same;
}

/* Whether --depfile names a page PREFIX-K.png of png output PREFIX. */
static bool depfile_is_page(const char *depfile, const char *prefix)
{
    char *dir = g_path_get_dirname(depfile), *base = g_path_get_basename(depfile);
    char *prefix_dir = g_path_get_dirname(prefix);
    bool page = nashra_out_is_page(base, prefix) && same_path(dir, prefix_dir);
    g_free(dir);
    g_free(base);
    g_free(prefix_dir);
    return page;
}

/* Before anything is written: the depfile may not overwrite an input, an output or a template
 * given on the command line, and the outputs must be names a depfile can hold. */
static int depfile_check_targets(const struct cli *cli, const struct job *jobs, int n)
{
    const char *clash = NULL;
    for (int i = 0; i < n && !clash; i++) {
        if (strcmp(jobs[i].input, "-") && same_path(cli->depfile, jobs[i].input))
            clash = "an input";
        else if (cli->format == OUT_PNG ? depfile_is_page(cli->depfile, jobs[i].output)
                                        : same_path(cli->depfile, jobs[i].output))
            clash = "an output";
    }
    if (!clash && cli->template_name &&
        g_file_test(cli->template_name, G_FILE_TEST_IS_REGULAR) &&
        same_path(cli->depfile, cli->template_name))
        clash = "the template";
    if (clash) {
        nashra_diag_say(stderr, "nashra", NASHRA_LABEL_ERROR,
                        "--depfile '%s' names %s: it would be overwritten", cli->depfile, clash);
        return EXIT_USAGE;
    }
    for (int i = 0; i < n; i++) {
        char *page = cli->format == OUT_PNG ? g_strconcat(jobs[i].output, "-1.png", NULL) : NULL;
        int rc = depfile_check_name(stderr, page ? page : jobs[i].output);
        g_free(page);
        if (rc != EXIT_DONE)
            return EXIT_USAGE;
    }
    return EXIT_DONE;
}

/* Once the files the output is made from are known, before it is written: each can be listed,
 * and none is the depfile (a template the source names, a file it extends, an image). */
static int depfile_check_deps(const struct cli *cli, struct job *job)
{
    for (guint i = 0; i < job->deps->len; i++) {
        const char *dep = g_ptr_array_index(job->deps, i);
        if (same_path(cli->depfile, dep)) {
            nashra_diag_say(job->log, "nashra", NASHRA_LABEL_ERROR,
                            "--depfile '%s' names '%s', which the output is made from: it would "
                            "be overwritten", cli->depfile, dep);
            return EXIT_USAGE;
        }
        int rc = depfile_check_name(job->log, dep);
        if (rc != EXIT_DONE)
            return rc;
    }
    return EXIT_DONE;
}

static int font_dep_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The font files fontconfig reads from DIR, its folders' included, in name order, named from
 * the current directory when they lie under it. The walk is bounded like any a source causes. */
static void add_font_deps(GPtrArray *deps, const char *dir, const char *cwd, int depth,
                          int *budget)
{
    static const char *const exts[] = {".ttf", ".otf", ".ttc", ".otc", ".pfb", ".pfa", ".woff",
                                       ".woff2", NULL};
    GDir *d = depth <= 8 ? g_dir_open(dir, 0, NULL) : NULL;
    if (!d)
        return;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (const char *name; *budget > 0 && (name = g_dir_read_name(d)); --*budget)
        g_ptr_array_add(names, g_build_filename(dir, name, NULL));
    g_dir_close(d);
    g_ptr_array_sort(names, font_dep_cmp);
    for (guint i = 0; i < names->len; i++) {
        const char *path = g_ptr_array_index(names, i);
        if (g_file_test(path, G_FILE_TEST_IS_SYMLINK))
            continue;
        if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
            add_font_deps(deps, path, cwd, depth + 1, budget);
            continue;
        }
        char *lower = g_ascii_strdown(path, -1);
        bool font = false;
        for (const char *const *e = exts; *e && !font; e++)
            font = g_str_has_suffix(lower, *e);
        g_free(lower);
        size_t n = strlen(cwd);
        const char *shown = !strncmp(path, cwd, n) && path[n] == '/' ? path + n + 1 : path;
        /* A name make cannot take is left out, not an error: the font is still used. */
        if (font && !depfile_unsafe(shown))
            add_dep(deps, shown, false);
    }
    g_ptr_array_free(names, TRUE);
}

/* What the output was made from, read off the tree and meta as parse and layout resolve them:
 * the source; the template files (TPL: the PDF's, the HTML page's); for paged output the figures'
 * images, relative to the source's directory, and the font files of the brief's and the template's
 * font folders; the bibliography, relative to the source. */
static void collect_deps(struct job *job, const struct nashra_doc *doc,
                         const struct nashra_template *tpl, bool paged)
{
    bool named = strcmp(job->input, "-") != 0;
    char *base_dir = named ? g_path_get_dirname(job->input) : g_strdup(".");
    if (named)
        add_dep(job->deps, job->input, false);
    for (const char *const *f = tpl ? nashra_template_files(tpl) : NULL; f && *f; f++)
        add_dep(job->deps, *f, false);
    struct nashra_iter it;
    nashra_iter_init(&it, doc->root);
    for (enum nashra_event ev; paged && (ev = nashra_iter_next(&it)) != NASHRA_EVENT_NONE;) {
        const struct nashra_node *n = it.cur;
        if (ev != NASHRA_EVENT_ENTER || n->kind != NASHRA_NODE_IMAGE || !n->parent ||
            n->parent->kind != NASHRA_NODE_FIGURE || !n->as.link.url || !*n->as.link.url)
            continue;
        /* NULL for ".": the same file, named without "./" as the user would write it. */
        char *path = nashra_layout_image_path(strcmp(base_dir, ".") ? base_dir : NULL,
                                              n->as.link.url);
        add_dep(job->deps, path, job->watch);
        g_free(path);
    }
    add_dep(job->deps, doc->meta.bibliography_file, job->watch);
    add_dep(job->deps, doc->meta.citation_style_file, job->watch);
    if (paged) {
        char *cwd = g_get_current_dir();
        int budget = 10000;
        for (guint i = 0; doc->meta.font_dirs && i < doc->meta.font_dirs->len; i++)
            add_font_deps(job->deps, g_ptr_array_index(doc->meta.font_dirs, i), cwd, 0, &budget);
        for (const char *const *d = tpl ? nashra_template_font_dirs(tpl) : NULL; d && *d; d++)
            add_font_deps(job->deps, *d, cwd, 0, &budget);
        g_free(cwd);
    }
    g_free(base_dir);
}

static int render_paged(const struct cli *cli, struct job *job, const struct nashra_doc *doc,
                        struct nashra_diag *diag)
{
    long long epoch;
    int rc = creation_epoch(&doc->meta, &epoch, job->log);
    if (rc != EXIT_DONE)
        return rc;
    /* --pdf-standard wins over the front matter's `pdf-standard:`; only a PDF meets one. */
    struct nashra_pdf_standard standard =
        cli->format != OUT_PDF   ? (struct nashra_pdf_standard){0}
        : cli->pdf_standard_set ? cli->pdf_standard
                                : doc->meta.pdf_standard;
    char *why = NULL;
    if (!nashra_render_pdf_standard_ready(standard, &why)) { /* before the work, not after */
        nashra_diag_say(job->log, "nashra", NASHRA_LABEL_ERROR, "%s", why);
        g_free(why);
        return EXIT_IO;
    }
    /* --template wins over the front matter's `template:`; neither means the built-in brief. */
    const char *tname = cli->template_name ? cli->template_name : doc->meta.template_name;
    /* Images and a front matter's template file are found beside the source. */
    char *base_dir = strcmp(job->input, "-") ? g_path_get_dirname(job->input) : g_strdup(".");
    const struct nashra_pos *tpos =
        cli->template_name ? NULL : g_hash_table_lookup(doc->meta.positions, "template");
    /* A template named on the command line is the job's own; one named by the source is not. */
    struct nashra_template *tpl =
        nashra_template_load_at(tname, cli->template_name ? NULL : base_dir,
                                cli->template_name ? NULL : job->root, tpos ? tpos->line : 0,
                                tpos ? tpos->col : 0, diag);
    if (!tpl) {
        g_free(base_dir);
        return EXIT_BAD_INPUT;
    }
    nashra_resolve_check_standard(doc, standard, diag);
    struct nashra_style style;
    nashra_template_apply(tpl, &style);
    /* The brief's own fonts (`fonts:`), in a font map of this brief's alone. */
    GPtrArray *font_dirs = g_ptr_array_new();
    for (guint i = 0; i < doc->meta.font_dirs->len; i++)
        g_ptr_array_add(font_dirs, g_ptr_array_index(doc->meta.font_dirs, i));
    for (const char *const *d = nashra_template_font_dirs(tpl); *d; d++)
        g_ptr_array_add(font_dirs, (char *)*d);
    char *why_fonts = NULL;
    bool fonts_ok = nashra_render_use_fonts(font_dirs, &why_fonts);
    g_ptr_array_free(font_dirs, TRUE);
    if (!fonts_ok) {
        nashra_diag_report(diag, NASHRA_ERROR, 0, 0, "%s", why_fonts);
        g_free(why_fonts);
    }
    /* Before layout: a face fontconfig lacks would otherwise be replaced without a word. */
    nashra_fonts_check(nashra_render_font_map(), &style, nashra_template_name(tpl), diag);
    if (doc->meta.notes != NASHRA_NOTES_TEMPLATE) /* the front matter's `notes:` wins */
        style.endnotes = doc->meta.notes == NASHRA_NOTES_END;
    style.base_dir = base_dir;
    style.root = job->root;
    style.max_image_pixels = cli->max_image_pixels;
    style.pdfa = nashra_pdfa_name(standard.pdfa);
    /* The plain-text reader warns of its own missing title, and how to give one; CommonMark
     * has no front matter to give one in. */
    if ((!doc->meta.title || !*doc->meta.title) && cli->from != NASHRA_FROM_TEXT &&
        cli->syntax == NASHRA_SYNTAX_NASHRA && !standard.ua1) /* for PDF/UA, an error above */
        nashra_diag_report(diag, NASHRA_WARNING, 1, 1,
                           "the brief has no title (front matter 'title:')");
    char *citation = nashra_cite_text(&doc->meta);
    style.citation = citation;
    struct nashra_pages *pages = nashra_layout(doc, nashra_render_new_context, &style, diag);
    stage_done(cli, job, "layout");
    if (!pages || nashra_diag_failed(diag)) {
        rc = EXIT_BAD_INPUT;
        goto done;
    }
    rc = EXIT_DONE;
    job->n_pages = (int)pages->pages->len;
    if (cli->check)
        goto done;
    if (cli->query) { /* the brief as data instead of its pages */
        GString *s = g_string_new(NULL);
        nashra_query_json(doc, pages, s);
        rc = write_string(job, job->output, s) ? EXIT_DONE : EXIT_IO;
        g_string_free(s, TRUE);
        goto done;
    }
    if (cli->depfile) {
        collect_deps(job, doc, tpl, true);
        rc = depfile_check_deps(cli, job);
        if (rc != EXIT_DONE)
            goto done;
    }
    if (cli->format == OUT_PDF) {
        bool named = strcmp(job->input, "-") != 0;
        /* UTF-8 whatever the file system's bytes: the name goes into PDF text strings. */
        char *source_name = named ? g_filename_display_basename(job->input) : NULL;
        struct nashra_render_info info = {
            .meta = &doc->meta,
            .epoch = epoch,
            .standard = standard,
            .source = diag->source,
            .source_len = diag->source_len,
            .source_name = source_name ? source_name
                           : cli->from == NASHRA_FROM_TEXT ? "source.txt" : "source.md",
            .source_mime = cli->from == NASHRA_FROM_TEXT ? "text/plain" : "text/markdown",
        };
        struct nashra_out o;
        if (!nashra_out_open(&o, job->output, job->log))
            rc = EXIT_IO;
        else if (!nashra_out_close(&o, nashra_render_pdf(pages, &info, o.fp) == 0))
            rc = EXIT_IO;
        else
            g_ptr_array_add(job->targets, g_strdup(job->output));
        g_free(source_name);
        stage_done(cli, job, "render");
    } else {
        int n = (int)pages->pages->len;
        bool to_stdout = !strcmp(job->output, "-");
        if (to_stdout && n > 1)
            nashra_diag_report(diag, NASHRA_WARNING, 0, 0,
                               "standard output holds one PNG: writing page 1 of %d", n);
        struct nashra_out_set *set = to_stdout ? NULL : nashra_out_set_new(job->output, job->log);
        if (!to_stdout && !set)
            rc = EXIT_IO;
        for (int i = 0; i < (to_stdout ? 1 : n) && rc == EXIT_DONE; i++) {
            struct nashra_out o;
            if (!(set ? nashra_out_set_open(set, &o, i + 1) : nashra_out_open(&o, "-", job->log)))
                rc = EXIT_IO;
            else if (!nashra_out_close(&o, nashra_render_png_page(pages, i, cli->dpi, o.fp) == 0))
                rc = EXIT_IO;
        }
        if (set && rc != EXIT_DONE)
            nashra_out_set_abort(set);
        else if (set && !nashra_out_set_commit(set, n))
            rc = EXIT_IO;
        for (int i = 0; i < (to_stdout ? 1 : n) && rc == EXIT_DONE; i++)
            g_ptr_array_add(job->targets, to_stdout ? g_strdup("-")
                                                    : g_strdup_printf("%s-%d.png", job->output, i + 1));
        stage_done(cli, job, "render");
    }
done:
    if (job->watch) /* with the template's files, whatever the outcome */
        collect_deps(job, doc, tpl, true);
    if (pages)
        nashra_pages_free(pages);
    g_free(citation);
    g_free(base_dir);
    nashra_template_free(tpl); /* after layout and render: the style borrows its strings */
    nashra_render_use_fonts(NULL, NULL);
    return rc;
}

/* The template the brief would be laid out with (--template, else its `template:`, else brief),
 * which the HTML page's stylesheet is made from; NULL after DIAG says why it cannot be read. */
static struct nashra_template *html_template(const struct cli *cli, const struct job *job,
                                             const struct nashra_doc *doc,
                                             struct nashra_diag *diag)
{
    const char *tname = cli->template_name ? cli->template_name : doc->meta.template_name;
    char *base_dir = strcmp(job->input, "-") ? g_path_get_dirname(job->input) : g_strdup(".");
    const struct nashra_pos *tpos =
        cli->template_name ? NULL : g_hash_table_lookup(doc->meta.positions, "template");
    struct nashra_template *tpl =
        nashra_template_load_at(tname, cli->template_name ? NULL : base_dir,
                                cli->template_name ? NULL : job->root, tpos ? tpos->line : 0,
                                tpos ? tpos->col : 0, diag);
    g_free(base_dir);
    return tpl;
}

/* Reads, parses, lays out and renders one input: everything on one thread. */
static int run_job(const struct cli *cli, struct job *job)
{
    if (!cli->check && strcmp(job->input, "-") != 0 && strcmp(job->output, "-") != 0 &&
        (cli->cite || cli->format != OUT_PNG) && same_file(job->input, job->output)) {
        nashra_diag_say(job->log, job->output, NASHRA_LABEL_ERROR,
                        "refusing to overwrite the input file");
        return EXIT_USAGE;
    }
    char *src = NULL;
    size_t len = 0;
    job->stage_start = g_get_monotonic_time();
    int read_rc = read_input(job->input, cli->max_input_mb, &src, &len, job->log);
    if (read_rc != EXIT_DONE)
        return read_rc;
    /* A PDF or an image given by mistake would be typeset as pages of garbage. */
    size_t bad_at = 0;
    if (!nashra_looks_like_text(src, len, &bad_at)) {
        struct nashra_diag d;
        nashra_diag_init(&d, strcmp(job->input, "-") ? job->input : "<stdin>", src, len);
        d.out = job->log;
        int line = 0, col = 0;
        nashra_diag_locate(&d, bad_at, &line, &col);
        nashra_diag_report(&d, NASHRA_ERROR, line, col,
                           "not a text file (%s in its first kilobytes)",
                           src[bad_at] ? "mostly invalid UTF-8" : "a NUL byte");
        g_free(src);
        return EXIT_BAD_INPUT;
    }
    const char *root_dir = cli->root ? cli->root : NULL;
    char *own_dir = !root_dir && strcmp(job->input, "-") ? g_path_get_dirname(job->input) : NULL;
    char *why = NULL;
    job->root = nashra_root_new(root_dir ? root_dir : own_dir ? own_dir : ".", &why);
    g_free(own_dir);
    if (!job->root) {
        nashra_diag_say(job->log, "nashra", NASHRA_LABEL_ERROR, "%s", why);
        g_free(why);
        g_free(src);
        return EXIT_USAGE;
    }
    stage_done(cli, job, "read");
    struct nashra_diag diag;
    nashra_diag_init(&diag, strcmp(job->input, "-") ? job->input : "<stdin>", src, len);
    diag.out = job->log;
    diag.strict = cli->strict;
    diag.quiet = cli->quiet;
    struct nashra_parse_options popts = {
        .syntax = cli->syntax,
        .from = cli->from,
        .metadata = (const char *const *)cli->metadata,
        .n_metadata = cli->metadata ? (int)g_strv_length(cli->metadata) : 0,
        .root = job->root,
    };
    struct nashra_doc *doc = nashra_parse(src, len, &popts, &diag);
    stage_done(cli, job, "parse");
    if (!nashra_diag_failed(&diag)) {
        nashra_resolve(doc, &diag);
        stage_done(cli, job, "resolve");
    }
    int rc;
    if (nashra_diag_failed(&diag)) {
        rc = EXIT_BAD_INPUT;
    } else if (cli->check && (cli->format == OUT_HTML || cli->format == OUT_TREE)) {
        rc = EXIT_DONE; /* these outputs are the resolved tree: nothing more to check */
    } else if (cli->cite && (!doc->meta.title || !*doc->meta.title)) {
        nashra_diag_report(&diag, NASHRA_ERROR, 1, 1,
                           "the brief has no title (front matter 'title:'): nothing to cite it by");
        rc = EXIT_BAD_INPUT;
    } else if (cli->cite) {
        char *text = nashra_cite_export(&doc->meta, cli->cite_format);
        GString *s = g_string_new(text);
        rc = write_string(job, job->output, s) ? EXIT_DONE : EXIT_IO;
        g_string_free(s, TRUE);
        g_free(text);
    } else if (cli->format == OUT_HTML || cli->format == OUT_TREE) {
        GString *s = g_string_new(NULL);
        struct nashra_template *tpl = NULL;
        rc = EXIT_DONE;
        if (cli->format == OUT_HTML) {
            struct nashra_html_options o = {.standalone = cli->syntax != NASHRA_SYNTAX_COMMONMARK,
                                            .fragment = cli->fragment,
                                            .unsafe = cli->unsafe,
                                            .css = cli->css};
            struct nashra_style style;
            if (o.standalone && !(tpl = html_template(cli, job, doc, &diag))) {
                rc = EXIT_BAD_INPUT;
            } else {
                if (tpl) {
                    nashra_template_apply(tpl, &style);
                    o.style = &style;
                }
                nashra_render_html_page(doc, &o, s);
            }
        } else {
            nashra_render_tree(doc, s);
        }
        if (rc == EXIT_DONE && cli->depfile) {
            collect_deps(job, doc, tpl, false);
            rc = depfile_check_deps(cli, job);
        }
        nashra_template_free(tpl);
        if (rc == EXIT_DONE)
            rc = write_string(job, job->output, s) ? EXIT_DONE : EXIT_IO;
        g_string_free(s, TRUE);
        stage_done(cli, job, "render");
    } else {
        rc = render_paged(cli, job, doc, &diag);
    }
    if (job->watch) /* also when parse or layout failed, as far as the tree names them */
        collect_deps(job, doc, NULL, cli->format == OUT_PDF || cli->format == OUT_PNG);
    nashra_doc_free(doc);
    g_free(src);
    return rc;
}

/* Several inputs: one worker thread per core takes the next input until none is left; the main
 * thread prints each input's messages, whole and in input order, as soon as that input is done.
 * Each worker's Pango font map is its own (see nashra_render_font_map), reused for every input
 * that worker typesets. */
struct runner {
    const struct cli *cli;
    struct job *jobs;
    int n_jobs;
    gint next;
    /* pthread rather than GMutex: GLib's futex-based lock is invisible to ThreadSanitizer, which
     * checked this hand-over (-Db_sanitize=thread). */
    pthread_mutex_t lock;
    pthread_cond_t cond;
};

static gpointer runner_worker(gpointer data)
{
    struct runner *r = data;
    for (int i; (i = g_atomic_int_add(&r->next, 1)) < r->n_jobs;) {
        struct job *job = &r->jobs[i];
        job->rc = run_job(r->cli, job);
        fclose(job->log); /* sets log_buf and log_len */
        job->log = NULL;
        pthread_mutex_lock(&r->lock);
        job->done = true;
        pthread_cond_broadcast(&r->cond);
        pthread_mutex_unlock(&r->lock);
    }
    return NULL;
}

static void run_parallel(const struct cli *cli, struct job *jobs, int n)
{
    struct runner r = {.cli = cli,
                       .jobs = jobs,
                       .n_jobs = n,
                       .lock = PTHREAD_MUTEX_INITIALIZER,
                       .cond = PTHREAD_COND_INITIALIZER};
    int n_workers = MIN((int)g_get_num_processors(), n);
    GThread **workers = g_new0(GThread *, n_workers);
    for (int w = 0; w < n_workers; w++)
        workers[w] = g_thread_new("nashra-worker", runner_worker, &r);
    for (int i = 0; i < n; i++) {
        pthread_mutex_lock(&r.lock);
        while (!jobs[i].done)
            pthread_cond_wait(&r.cond, &r.lock);
        pthread_mutex_unlock(&r.lock);
        fwrite(jobs[i].log_buf, 1, jobs[i].log_len, stderr);
        fflush(stderr);
    }
    for (int w = 0; w < n_workers; w++)
        g_thread_join(workers[w]); /* the worker's font map is released as its thread ends */
    g_free(workers);
    pthread_mutex_destroy(&r.lock);
    pthread_cond_destroy(&r.cond);
}

/* PATH escaped for a Makefile rule as GNU make and ninja both read it back: `\ `, `\#`, `\:`
 * and `$$`; backslashes before a space double (both read 2N+1 of them as N and the space).
 * Names depfile_unsafe refuses never get here. */
static void depfile_append(GString *s, const char *path)
{
    for (const char *p = path; *p; p++) {
        if (*p == ' ') {
            for (const char *b = p; b > path && b[-1] == '\\'; b--)
                g_string_append_c(s, '\\');
            g_string_append_c(s, '\\');
        } else if (*p == '#' || *p == ':') {
            g_string_append_c(s, '\\');
        } else if (*p == '$') {
            g_string_append_c(s, '$');
        }
        g_string_append_c(s, *p);
    }
}

/* One rule per input, `OUTPUT…: SOURCE TEMPLATE-FILES IMAGES… BIBLIOGRAPHY`, written like any
 * output: whole or not at all. */
static int write_depfile(const struct cli *cli, struct job *jobs, int n)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < n; i++) {
        for (guint t = 0; t < jobs[i].targets->len; t++) {
            if (t)
                g_string_append_c(s, ' ');
            depfile_append(s, g_ptr_array_index(jobs[i].targets, t));
        }
        g_string_append_c(s, ':');
        for (guint d = 0; d < jobs[i].deps->len; d++) {
            g_string_append_c(s, ' ');
            depfile_append(s, g_ptr_array_index(jobs[i].deps, d));
        }
        g_string_append_c(s, '\n');
    }
    struct nashra_out o;
    bool ok = nashra_out_open(&o, cli->depfile, stderr) &&
              nashra_out_close(&o, fwrite(s->str, 1, s->len, o.fp) == s->len);
    g_string_free(s, TRUE);
    return ok ? EXIT_DONE : EXIT_IO;
}

/* `nashra fonts`: the families, and the keys of the template (default: brief) naming each. */
static int list_fonts(const struct cli *cli)
{
    struct nashra_diag diag;
    nashra_diag_init(&diag, "nashra", NULL, 0);
    struct nashra_template *tpl = nashra_template_load(cli->template_name, &diag);
    if (!tpl)
        return EXIT_BAD_INPUT;
    struct nashra_style style;
    nashra_template_apply(tpl, &style);
    nashra_fonts_list(nashra_render_font_map(), &style, stdout);
    nashra_template_free(tpl);
    return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_DONE : EXIT_IO;
}

/* `nashra watch`: each render is JOB run afresh, the depfile written as after a plain run. */
struct watch_job {
    const struct cli *cli;
    struct job *job;
};

static int watch_render(void *data, struct nashra_watch_run *run)
{
    struct watch_job *w = data;
    struct job *job = w->job;
    g_ptr_array_set_size(job->targets, 0);
    g_ptr_array_set_size(job->deps, 0);
    nashra_root_free(job->root);
    job->root = NULL;
    job->n_pages = 0;
    job->watch = true;
    int rc = run_job(w->cli, job);
    if (rc == EXIT_DONE && w->cli->depfile)
        rc = write_depfile(w->cli, job, 1);
    run->files = job->deps;
    run->written = job->targets;
    run->pages = job->n_pages;
    return rc;
}

/* --help's text goes out as the UTF-8 it is, as every other message does, whatever the locale's
 * charset (GLib would turn "…" into "?" in the C locale). */
static void print_utf8(const char *text)
{
    fputs(text, stdout);
}

int main(int argc, char **argv)
{
    struct cli cli = {0};
    /* The character set only: arguments are read in it. Messages stay English (strerror's too),
     * and numbers, collation and dates never follow the locale: the same input gives the same
     * bytes everywhere. */
    setlocale(LC_CTYPE, "");
    g_set_print_handler(print_utf8);
    nashra_diag_set_color(wants_color(argc, argv));
    nashra_out_catch_signals();
    int rc = parse_args(argc, argv, &cli);
    if (rc != EXIT_DONE)
        goto done;
    if (cli.fonts) {
        rc = list_fonts(&cli);
        goto done;
    }
    int n = cli.n_inputs;
    struct job *jobs = g_new0(struct job, n);
    for (int i = 0; i < n; i++) {
        jobs[i].input = cli.inputs[i];
        jobs[i].output = cli.output ? g_strdup(cli.output) : default_output(&cli, cli.inputs[i]);
        jobs[i].log = stderr;
        jobs[i].tag = "";
        jobs[i].targets = g_ptr_array_new_with_free_func(g_free);
        jobs[i].deps = g_ptr_array_new_with_free_func(g_free);
        for (int j = 0; j < i && !cli.check; j++)
            if (!strcmp(jobs[i].output, jobs[j].output)) {
                nashra_diag_say(stderr, "nashra", NASHRA_LABEL_ERROR,
                                "'%s' and '%s' would both write '%s'", jobs[j].input,
                                jobs[i].input, jobs[i].output);
                rc = EXIT_USAGE;
            }
    }
    if (rc == EXIT_DONE && cli.depfile)
        rc = depfile_check_targets(&cli, jobs, n);
    if (rc == EXIT_DONE && cli.outdir && !cli.check &&
        g_mkdir_with_parents(cli.outdir, 0777) != 0) {
        nashra_diag_say(stderr, cli.outdir, NASHRA_LABEL_ERROR, "cannot create the directory: %s",
                        nashra_strerror(errno));
        rc = EXIT_IO;
    }
    gint64 start = g_get_monotonic_time();
    if (rc == EXIT_DONE && cli.watch) {
        rc = nashra_watch(jobs[0].input, watch_render, &(struct watch_job){&cli, &jobs[0]},
                          cli.quiet);
    } else if (rc == EXIT_DONE && n == 1) {
        if (cli.outdir) /* the same lines as with several inputs */
            jobs[0].tag = g_strdup_printf("%s: ", jobs[0].input);
        rc = run_job(&cli, &jobs[0]);
    } else if (rc == EXIT_DONE) {
        for (int i = 0; i < n; i++) {
            jobs[i].tag = g_strdup_printf("%s: ", jobs[i].input);
            jobs[i].log = open_memstream(&jobs[i].log_buf, &jobs[i].log_len);
            if (!jobs[i].log) {
                nashra_diag_say(stderr, "nashra", NASHRA_LABEL_ERROR, "%s", nashra_strerror(errno));
                rc = EXIT_IO;
            }
        }
        if (rc == EXIT_DONE) {
            run_parallel(&cli, jobs, n);
            for (int i = 0; i < n; i++)
                rc = MAX(rc, jobs[i].rc); /* the worst: I/O failure over usage over input */
            if (cli.verbose)
                fprintf(stderr, "nashra: all %d inputs %8.1f ms\n", n,
                        (double)(g_get_monotonic_time() - start) / 1000.0);
        }
    }
    if (rc == EXIT_DONE && cli.depfile)
        rc = write_depfile(&cli, jobs, n);
    for (int i = 0; i < n; i++) {
        if (jobs[i].log && jobs[i].log != stderr)
            fclose(jobs[i].log);
        free(jobs[i].log_buf);
        if (*jobs[i].tag)
            g_free((char *)jobs[i].tag);
        g_free(jobs[i].output);
        g_ptr_array_free(jobs[i].targets, TRUE);
        g_ptr_array_free(jobs[i].deps, TRUE);
        nashra_root_free(jobs[i].root);
    }
    g_free(jobs);
done:
    g_strfreev(cli.inputs);
    g_free(cli.output);
    g_free(cli.outdir);
    g_free(cli.depfile);
    g_free(cli.root);
    g_free(cli.template_name);
    g_free(cli.css);
    g_strfreev(cli.metadata);
    g_strfreev(cli.font_paths);
    return rc;
}
