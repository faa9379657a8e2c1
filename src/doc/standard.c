/* The names of the PDF standards a brief can ask for, as Typst spells them. */
#include <string.h>

#include "doc/doc.h"

static const struct {
    const char *name;
    enum nashra_pdfa pdfa;
} standards[] = {
    {"a-2b", NASHRA_PDFA_2B},
    {"a-2u", NASHRA_PDFA_2U},
    {"a-3u", NASHRA_PDFA_3U},
};

const char *nashra_pdfa_name(enum nashra_pdfa pdfa)
{
    for (size_t i = 0; i < G_N_ELEMENTS(standards); i++)
        if (standards[i].pdfa == pdfa)
            return standards[i].name;
    return NULL;
}

char *nashra_pdf_standard_add(struct nashra_pdf_standard *s, const char *name)
{
    if (strcmp(name, "ua-1") == 0) {
        s->ua1 = true;
        return NULL;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(standards); i++) {
        if (strcmp(name, standards[i].name) != 0)
            continue;
        /* A file claims one PDF/A part and level in its XMP: two cannot both be true. */
        if (s->pdfa != NASHRA_PDFA_NONE && s->pdfa != standards[i].pdfa)
            return g_strdup_printf("PDF standards '%s' and '%s' exclude each other (a file is "
                                   "one PDF/A part and level)",
                                   nashra_pdfa_name(s->pdfa), name);
        s->pdfa = standards[i].pdfa;
        return NULL;
    }
    return g_strdup_printf("unknown PDF standard '%s' (expected a-2b, a-2u, a-3u or ua-1)", name);
}
