#ifndef TEAMSCOPE_CZLIB_SHIM_H
#define TEAMSCOPE_CZLIB_SHIM_H
#include <zlib.h>
/* zlib's inflateInit2 is a macro; Swift cannot call macros. */
static inline int teamscope_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
#endif
