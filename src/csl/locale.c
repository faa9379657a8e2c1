#include "csl/csl_int.h"
