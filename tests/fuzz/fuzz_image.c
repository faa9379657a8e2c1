/* libFuzzer target for the figure checks (src/layout/image.c): any bytes, as a figure's file,
 * are accepted as PNG, JPEG or SVG or refused with a reason, never a crash, a hang or a large
 * allocation. Files an SVG names resolve in an empty directory, the project root here, so the
 * fuzzer reads nothing else. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

#include "layout/image.h"

static char *root_dir;
static struct nashra_root *root;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!root) {
        root_dir = g_dir_make_tmp("nashra-fuzz-image-XXXXXX", NULL);
        char *why = NULL;
        root = root_dir ? nashra_root_new(root_dir, &why) : NULL;
        if (!root)
            abort();
    }
    char *path = g_build_filename(root_dir, "figure", NULL);
    GBytes *bytes = g_bytes_new(data, size);
    struct nashra_image_limits lim = {.max_pixels = 4000000, .root = root};
    enum nashra_image_format format;
    double w = 0, h = 0;
    char *why = NULL;
    if (!nashra_image_check(path, bytes, &lim, &format, &w, &h, &why) && !why)
        abort(); /* a refusal always says why */
    g_free(why);
    g_bytes_unref(bytes);
    g_free(path);
    return 0;
}
