#include "util/url.h"

#include <stddef.h>
#include <string.h>

#include <glib.h>

/* The start of URL as a browser reads its scheme: leading spaces and control characters gone,
 * tabs and line breaks dropped (WHATWG URL), lower case. */
static void url_head(const char *url, char *head, size_t size)
{
    const unsigned char *p = (const unsigned char *)(url ? url : "");
    while (*p && *p <= 0x20)
        p++;
    size_t n = 0;
    for (; *p && n + 1 < size; p++)
        if (*p != '\t' && *p != '\n' && *p != '\r')
            head[n++] = g_ascii_tolower((char)*p);
    head[n] = '\0';
}

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool nashra_url_is_dangerous(const char *url)
{
    char head[32];
    url_head(url, head, sizeof head);
    static const char *const images[] = {"data:image/png", "data:image/gif", "data:image/jpeg",
                                         "data:image/webp"};
    for (size_t i = 0; i < G_N_ELEMENTS(images); i++)
        if (has_prefix(head, images[i]))
            return false;
    return has_prefix(head, "javascript:") || has_prefix(head, "vbscript:") ||
           has_prefix(head, "file:") || has_prefix(head, "data:");
}

bool nashra_url_is_web(const char *url)
{
    char head[16];
    url_head(url, head, sizeof head);
    return has_prefix(head, "http:") || has_prefix(head, "https:") ||
           has_prefix(head, "mailto:");
}
