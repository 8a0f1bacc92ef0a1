#include "core/utf8.h"

#include <stdint.h>
#include <string.h>

size_t bh_utf8_bad_offset(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            i = bh_ascii_run_end(s, i + 1, len);
            continue;
        }
        size_t need = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 0;
        if (need == 0 || c < 0xC2 || c > 0xF4 || len - i <= need)
            return i;
        for (size_t k = 1; k <= need; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        unsigned c1 = s[i + 1];
        if ((c == 0xE0 && c1 < 0xA0) ||  /* overlong 3-byte form */
            (c == 0xED && c1 >= 0xA0) || /* UTF-16 surrogates D800..DFFF */
            (c == 0xF0 && c1 < 0x90) ||  /* overlong 4-byte form */
            (c == 0xF4 && c1 >= 0x90))   /* above U+10FFFF */
            return i;
        i += need + 1;
    }
    return len;
}

int bh_utf8_valid(const char *s)
{
    size_t n = strlen(s);
    return bh_utf8_bad_offset((const unsigned char *)s, n) == n;
}
