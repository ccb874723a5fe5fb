#ifndef CXLSXWRITER_SHIM_H
#define CXLSXWRITER_SHIM_H
/* Debian's libxlsxwriter-dev: a C library that writes Excel .xlsx files. */
#include <xlsxwriter.h>
#endif
