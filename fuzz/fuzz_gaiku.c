/* libFuzzer: the 街区 number reader of refuge addresses (bh_refuge_gaiku_number) on arbitrary
 * bytes. Invariants: a number found is 1..n-1 ASCII digits and NUL-terminated; never a read or
 * write outside the buffers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "refuges/place.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    for (size_t n = 1; n <= 8; n += 7) {
        char out[8];
        memset(out, 'x', sizeof out);
        if (bh_refuge_gaiku_number(s, out, n)) {
            size_t len = strnlen(out, n);
            if (len == 0 || len >= n || strspn(out, "0123456789") != len)
                abort();
        }
    }
    free(s);
    return 0;
}
