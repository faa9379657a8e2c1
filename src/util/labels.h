/* The label table (labels.c), read only through l10n.c. */
#ifndef NASHRA_LABELS_H
#define NASHRA_LABELS_H

#include "l10n.h"

struct l10n_labels {
    const char *code; /* a language subtag: "ckb" serves "ckb-IQ" too */
    const char *text[NASHRA_TEXT_COUNT];
};

/* English first: the fallback. */
extern const struct l10n_labels l10n_labels[];
extern const size_t l10n_labels_count;

#endif
