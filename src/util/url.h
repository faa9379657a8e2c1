/* Which link and image URLs an untrusted source may put in the output. */
#ifndef NASHRA_URL_H
#define NASHRA_URL_H

#include <stdbool.h>

/* cmark's rule for HTML (_scan_dangerous_url): javascript:, vbscript:, file: and data: URLs,
 * except data:image/png, gif, jpeg and webp, compared without case. */
bool nashra_url_is_dangerous(const char *url);
/* Whether a PDF may link to URL: http:, https: or mailto:. */
bool nashra_url_is_web(const char *url);

#endif
