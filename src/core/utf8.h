/* The one UTF-8 validity rule (RFC 3629): no overlong forms, no surrogates (ED A0 80..ED BF BF),
 * nothing above U+10FFFF. CPLIsUTF8 and json-c accept surrogates, which then come out as invalid
 * JSON; every text the library stores or parses is checked with this instead. */
#ifndef BH_UTF8_H
#define BH_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The end of the run of ASCII bytes that starts at s[i], read 8 bytes at a time: both the UTF-8
 * and the CP932 checks spend most of their time in such runs. */
static inline size_t bh_ascii_run_end(const unsigned char *s, size_t i, size_t len)
{
    uint64_t w;
    while (i + 8 <= len && (memcpy(&w, s + i, 8), (w & 0x8080808080808080ULL) == 0))
        i += 8;
    while (i < len && s[i] < 0x80)
        i++;
    return i;
}

/* Offset of the first byte of s[0..len) that does not start a well-formed UTF-8 sequence; len
 * when all of it is valid. */
size_t bh_utf8_bad_offset(const unsigned char *s, size_t len);
/* 1 when the NUL-terminated s is valid UTF-8. */
int bh_utf8_valid(const char *s);

#endif
