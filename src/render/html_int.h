/* Inside the HTML renderer: escaping shared by the page (html.c), its stylesheet (html_css.c)
 * and its metadata for citation managers (html_meta.c). */
#ifndef NASHRA_HTML_INT_H
#define NASHRA_HTML_INT_H

#include "render/render.h"

/* LEN bytes of S with &, <, > and " escaped, for text and attribute values. */
void html_escape(GString *out, const char *s, size_t len);
/* NUL-terminated S as html_escape; nothing for NULL. */
void html_escape_str(GString *out, const char *s);
/* ` NAME="VALUE"` with VALUE escaped. */
void html_attr(GString *out, const char *name, const char *value);
/* `<meta name="NAME" content="CONTENT">` and a line break; nothing when CONTENT is NULL or
 * empty. */
void html_meta_tag(GString *out, const char *name, const char *content);

/* The embedded stylesheet of the page (inside <style>): STYLE's fonts, sizes, colours and
 * spacing, in light and dark schemes, with print rules (page size and margins, running head
 * and foot) for DOC. */
void html_stylesheet(const struct nashra_doc *doc, const struct nashra_style *style, GString *out);
/* The head's metadata of DOC for citation managers and search engines: Highwire Press
 * citation_* tags, Dublin Core, and a schema.org ScholarlyArticle in JSON-LD, one set of
 * facts. */
void html_metadata(const struct nashra_doc *doc, GString *out);

#endif
