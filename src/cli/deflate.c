/* How hard the bohan program deflates PDF streams.
 *
 * cairo deflates every PDF stream (page content, forms, the font subsets) at zlib's default
 * level 6 and has no setting for it; on an A3 city map that is a tenth of the wall time. At
 * level 1 the same map is 4.5 % larger and 10 ms faster (BENCHMARKS.md). The choice is the
 * program's, like its mallopt settings: the executable's deflateInit_ comes first in the dynamic
 * symbol search (CMake exports it), so cairo's calls land here, while a caller that names a level
 * keeps it and programs that link libbohan get zlib's default. The name is zlib's ABI. */
#include <zlib.h>

#define BH_CLI_DEFLATE_LEVEL 1
#define BH_CLI_DEFLATE_MEM_LEVEL 8 /* deflateInit's own (zlib's DEF_MEM_LEVEL) */

int deflateInit_(z_streamp strm, int level, const char *version, int stream_size);

int deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
    if (level == Z_DEFAULT_COMPRESSION)
        level = BH_CLI_DEFLATE_LEVEL;
    return deflateInit2_(strm, level, Z_DEFLATED, MAX_WBITS, BH_CLI_DEFLATE_MEM_LEVEL,
                         Z_DEFAULT_STRATEGY, version, stream_size);
}
