/* STUB: replaced by the parser work. */
#include "parse/parse.h"
struct nashra_doc *nashra_parse(const char *src, size_t len, const struct nashra_parse_options *opts,
                                struct nashra_diag *diag)
{
    (void)src; (void)len; (void)opts; (void)diag;
    return nashra_doc_new();
}
