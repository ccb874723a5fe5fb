#ifndef CPOPPLER_SHIM_H
#define CPOPPLER_SHIM_H
// cairo's own declarations come from CPangoCairo (import both): a header two modules include
// belongs to only one of them.
#include <poppler.h>
#endif
