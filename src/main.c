#include "parse/parse.h"
int main(void) { return 0; }
