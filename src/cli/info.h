/* What nashra prints about itself rather than about a brief: its version and the libraries it
 * runs with, and its built-in templates. Part of the command line, not of the library. */
#ifndef NASHRA_CLI_INFO_H
#define NASHRA_CLI_INFO_H

#include <stdbool.h>
#include <stdio.h>

/* --version: `nashra VERSION`, then `LIBRARY VERSION` a line for each library the output's
 * bytes depend on, as loaded at run time (not as compiled against). */
void nashra_info_version(FILE *out);
/* --list-templates: `NAME<tab>DESCRIPTION` a line for each built-in template. */
void nashra_info_list_templates(FILE *out);
/* --print-template NAME: the built-in file as compiled in. False when NAME is no built-in. */
bool nashra_info_print_template(FILE *out, const char *name);

#endif
