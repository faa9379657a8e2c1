/* --version, --list-templates and --print-template. */
#include "cli/info.h"

#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <fribidi.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>
#include <hb.h>
#include <libxml/parser.h>
#include <librsvg/rsvg.h>
#include <pango/pango.h>
#include <png.h>
#include <qpdf/qpdf-c.h>
#include <unicode/uversion.h>
#include <yaml.h>

#include "template/template.h"

/* "21014" (libxml2's and fontconfig's way) as "2.10.14". */
static char *dotted(long v)
{
    return g_strdup_printf("%ld.%ld.%ld", v / 10000, v / 100 % 100, v % 100);
}

/* "(GNU FriBidi) 1.0.8\ninterface version 4, …": the number after the name. */
static char *fribidi_version(void)
{
    const char *s = strchr(fribidi_version_info, ')');
    s = s ? s + 1 : fribidi_version_info;
    while (*s == ' ')
        s++;
    return g_strndup(s, strcspn(s, " \n"));
}

static char *freetype_version(void)
{
    FT_Library lib;
    if (FT_Init_FreeType(&lib) != 0)
        return g_strdup("?");
    FT_Int major, minor, patch;
    FT_Library_Version(lib, &major, &minor, &patch);
    FT_Done_FreeType(lib);
    return g_strdup_printf("%d.%d.%d", major, minor, patch);
}

void nashra_info_version(FILE *out)
{
    char icu[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo v;
    u_getVersion(v);
    u_versionToString(v, icu);
    char *fribidi = fribidi_version(), *freetype = freetype_version();
    char *fontconfig = dotted(FcGetVersion()), *libxml2 = dotted(atol(xmlParserVersion));
    char *glib = g_strdup_printf("%u.%u.%u", glib_major_version, glib_minor_version,
                                 glib_micro_version);
    char *rsvg = g_strdup_printf("%u.%u.%u", rsvg_major_version, rsvg_minor_version,
                                 rsvg_micro_version);
    /* Shaping, line breaking and direction, the fonts found and their outlines, the PDF and
     * PNG writers, the PDF post-pass, collation and dates, figures, styles, front matter. */
    const struct {
        const char *name, *version;
    } libs[] = {
        {"cairo", cairo_version_string()},
        {"pango", pango_version_string()},
        {"harfbuzz", hb_version_string()},
        {"fribidi", fribidi},
        {"fontconfig", fontconfig},
        {"freetype", freetype},
        {"qpdf", qpdf_get_qpdf_version()},
        {"icu", icu},
        {"librsvg", rsvg},
        {"gdk-pixbuf", gdk_pixbuf_version},
        {"libpng", png_get_libpng_ver(NULL)},
        {"libxml2", libxml2},
        {"libyaml", yaml_get_version_string()},
        {"glib", glib},
    };
    fprintf(out, "nashra %s\n", NASHRA_VERSION);
    for (size_t i = 0; i < G_N_ELEMENTS(libs); i++)
        fprintf(out, "%s %s\n", libs[i].name, libs[i].version);
    g_free(fribidi);
    g_free(freetype);
    g_free(fontconfig);
    g_free(libxml2);
    g_free(glib);
    g_free(rsvg);
}

void nashra_info_list_templates(FILE *out)
{
    for (const char *const *n = nashra_template_builtins(); *n; n++) {
        GBytes *file = nashra_template_builtin_file(*n);
        GKeyFile *kf = g_key_file_new();
        char *desc = file && g_key_file_load_from_bytes(kf, file, G_KEY_FILE_NONE, NULL)
                         ? g_key_file_get_string(kf, "template", "description", NULL)
                         : NULL;
        fprintf(out, "%s\t%s\n", *n, desc ? desc : "");
        g_free(desc);
        g_key_file_free(kf);
        if (file)
            g_bytes_unref(file);
    }
}

bool nashra_info_print_template(FILE *out, const char *name)
{
    GBytes *file = nashra_template_builtin_file(name);
    if (!file)
        return false;
    gsize n;
    const char *text = g_bytes_get_data(file, &n);
    fwrite(text, 1, n, out);
    g_bytes_unref(file);
    return true;
}
