/* libFuzzer: the 町丁目 name normaliser on arbitrary bytes. Invariants: never NULL for non-NULL
 * input, output is valid UTF-8, normalising is idempotent, the 大字 key is a prefix-free subset;
 * the area key (bh_norm_area) is valid UTF-8 and a prefix of the 町丁目 key. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cpl_string.h>
#include "core/normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    char *k = bh_norm_chome(s);
    char *o = bh_norm_oaza(s);
    if (!k || !o)
        abort();
    if (!CPLIsUTF8(k, -1) || !CPLIsUTF8(o, -1))
        abort();
    char *k2 = bh_norm_chome(k);
    if (!k2 || strcmp(k, k2) != 0)
        abort(); /* the key of a key is itself */
    (void)bh_norm_chome_number(s);
    char *a = bh_norm_area(s); /* the area key: the 町丁目 key less trailing words */
    if (!a || !CPLIsUTF8(a, -1) || strncmp(a, k, strlen(a)) != 0)
        abort();
    free(a);
    free(k2);
    free(k);
    free(o);
    free(s);
    return 0;
}
