#ifndef CLIBCSV_SHIM_H
#define CLIBCSV_SHIM_H
/* csv.h declares csv_fwrite(FILE *, ...), so stdio.h must come first. */
#include <stdio.h>
#include <csv.h>
#endif
