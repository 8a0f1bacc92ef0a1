/* Crime file reader: encoding detection + CPLRecode + CPL CSV tokenizer (see reader.h). */
#include "crimes/reader.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cpl_csv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include "core/strbuf.h"

/* Exported by libgdal (port/cpl_sha256.h, which Debian does not install). */
void CPL_SHA256(const void *data, size_t len, unsigned char hash[32]);

struct bh_reader {
    char *name;
    char *vsipath;
    char encoding[8];
    char sha256[65];
    int had_bom;
    int looks_utf8;
    char *text; /* UTF-8 text, owned (the /vsimem/ file borrows it) */
    size_t text_len;
    VSILFILE *fp;
    char **rec;
    size_t scanned; /* offset up to which newlines were counted */
    long line;      /* line number at offset scanned (1-based) */
    long blank;
};

void bh_sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char hash[32];
    CPL_SHA256(data, len, hash);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", hash[i]);
}

/* CP932 structure check: lead bytes 81–9F, E0–FC take a trail byte 40–7E or 80–FC; A1–DF are
 * half-width katakana; 80, A0, FD–FF never occur. Returns the offset of the first bad byte or
 * len. (Decoding itself is CPLRecode's job; this only decides whether the bytes are CP932.) */
static size_t cp932_bad_offset(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80 || (c >= 0xA1 && c <= 0xDF)) {
            i++;
        } else if ((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC)) {
            if (i + 1 >= len)
                return i;
            unsigned t = s[i + 1];
            if (!((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFC)))
                return i;
            i += 2;
        } else {
            return i;
        }
    }
    return len;
}

static int has_non_ascii(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] >= 0x80)
            return 1;
    return 0;
}

/* Offset of the first byte that does not start a well-formed UTF-8 sequence (len if none); only
 * used to point the error message at a line after CPLIsUTF8 said no. */
static size_t utf8_bad_offset(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t need = c < 0x80             ? 0
                      : (c & 0xE0) == 0xC0 ? 1
                      : (c & 0xF0) == 0xE0 ? 2
                      : (c & 0xF8) == 0xF0 ? 3
                                           : 9;
        if (need == 9 || i + need >= len + (need == 0))
            return i;
        for (size_t k = 1; k <= need; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        i += need + 1;
    }
    return len;
}

static long line_of_offset(const unsigned char *s, size_t len, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off && i < len; i++)
        if (s[i] == '\n')
            line++;
    return line;
}

static int encoding_kind(const char *enc)
{
    if (enc == NULL || enc[0] == '\0' || strcasecmp(enc, "auto") == 0)
        return 0;
    if (strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0)
        return 1;
    if (strcasecmp(enc, "CP932") == 0 || strcasecmp(enc, "Shift_JIS") == 0 ||
        strcasecmp(enc, "SJIS") == 0 || strcasecmp(enc, "Windows-31J") == 0)
        return 2;
    return -1;
}

/* The SHA-256 of the file bytes, computed on a second thread while the bytes are checked and
 * recoded (it only reads them). */
typedef struct sha_job {
    const void *data;
    size_t len;
    char *out; /* 65 bytes */
    pthread_t th;
    int started;
} sha_job;

static void *sha_run(void *arg)
{
    sha_job *j = arg;
    bh_sha256_hex(j->data, j->len, j->out);
    return NULL;
}

static void sha_start(sha_job *j, const void *data, size_t len, char *out)
{
    j->data = data;
    j->len = len;
    j->out = out;
    /* small inputs are not worth a thread; without one, hash here */
    j->started = len >= (1u << 20) && pthread_create(&j->th, NULL, sha_run, j) == 0;
    if (!j->started)
        sha_run(j);
}

static void sha_join(sha_job *j)
{
    if (j->started)
        pthread_join(j->th, NULL);
    j->started = 0;
}

static bh_status open_checked(bh_ctx *ctx, bh_reader *rd, const char *name, const unsigned char *s,
                              size_t len, int kind, int terminated);

/* bh_reader_open_mem; terminated: data[len] is a NUL byte that may be read (no copy needed). */
static bh_status open_bytes(bh_ctx *ctx, const char *name, const void *data, size_t len,
                            const char *encoding, int terminated, bh_reader **out)
{
    *out = NULL;
    int kind = encoding_kind(encoding);
    if (kind < 0)
        return bh_error(ctx, BH_E_ARG, "--encoding '%s': expected auto, CP932 or UTF-8", encoding);
    const unsigned char *s = data;
    if (memchr(s, '\0', len) != NULL)
        return bh_error(
            ctx, BH_E_FORMAT, "%s: line %ld: binary data (NUL byte), not a CSV file", name,
            line_of_offset(s, len, (size_t)((const unsigned char *)memchr(s, '\0', len) - s)));
    bh_reader *rd = calloc(1, sizeof *rd);
    if (!rd)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    rd->name = bh_strdup(name);
    sha_job job;
    sha_start(&job, data, len, rd->sha256);
    bh_status st = open_checked(ctx, rd, name, s, len, kind, terminated);
    sha_join(&job);
    if (st != BH_OK) {
        bh_reader_destroy(rd);
        return st;
    }
    *out = rd;
    return BH_OK;
}

bh_status bh_reader_open_mem(bh_ctx *ctx, const char *name, const void *data, size_t len,
                             const char *encoding, bh_reader **out)
{
    return open_bytes(ctx, name, data, len, encoding, 0, out);
}

/* Encoding checks and recoding of the bytes s (len) into rd; on failure the error is set and rd
 * is left for the caller to destroy. */
static bh_status open_checked(bh_ctx *ctx, bh_reader *rd, const char *name, const unsigned char *s,
                              size_t len, int kind, int terminated)
{
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        rd->had_bom = 1;
        s += 3;
        len -= 3;
    }
    if (len > (size_t)INT32_MAX) {
        return bh_error(ctx, BH_E_IO, "%s: file too large", name);
    }
    int valid_utf8 = CPLIsUTF8((const char *)s, (int)len);
    rd->looks_utf8 = valid_utf8 && has_non_ascii(s, len);
    if (kind == 0)
        kind = (rd->had_bom || valid_utf8) ? 1 : 2;
    if (kind == 1) {
        if (!valid_utf8) {
            size_t lo = utf8_bad_offset(s, len);
            return bh_error(ctx, BH_E_ENCODING,
                            "%s: line %ld: not valid UTF-8 (try --encoding CP932)", name,
                            line_of_offset(s, len, lo));
        }
        strcpy(rd->encoding, "UTF-8");
        rd->text = malloc(len + 1);
        if (rd->text) {
            memcpy(rd->text, s, len);
            rd->text[len] = '\0';
        }
    } else {
        size_t bad = cp932_bad_offset(s, len);
        if (bad < len) {
            return bh_error(ctx, BH_E_ENCODING,
                            "%s: line %ld: byte 0x%02X is not valid CP932 (Shift_JIS)%s", name,
                            line_of_offset(s, len, bad), s[bad],
                            valid_utf8 ? " (try --encoding UTF-8)" : "");
        }
        strcpy(rd->encoding, "CP932");
        if (terminated) {
            rd->text = CPLRecode((const char *)s, "CP932", CPL_ENC_UTF8);
        } else {
            char *src = malloc(len + 1);
            if (src) {
                memcpy(src, s, len);
                src[len] = '\0';
                rd->text = CPLRecode(src, "CP932", CPL_ENC_UTF8);
                free(src);
            }
        }
    }
    if (!rd->text) {
        return bh_error(ctx, BH_E_NOMEM, "%s: out of memory while recoding", name);
    }
    rd->text_len = strlen(rd->text);
    rd->vsipath = bh_asprintf("/vsimem/bohan_reader_%p.csv", (void *)rd);
    VSILFILE *mf = rd->vsipath ? VSIFileFromMemBuffer(rd->vsipath, (GByte *)rd->text,
                                                      (vsi_l_offset)rd->text_len, FALSE)
                               : NULL;
    if (mf)
        VSIFCloseL(mf);
    rd->fp = mf ? VSIFOpenL(rd->vsipath, "rb") : NULL;
    if (!rd->fp) {
        return bh_error(ctx, BH_E_IO, "%s: cannot open the recoded text", name);
    }
    rd->line = 1;
    return BH_OK;
}

bh_status bh_reader_open(bh_ctx *ctx, const char *path, const char *encoding, bh_reader **out)
{
    *out = NULL;
    GByte *buf = NULL;
    vsi_l_offset size = 0;
    if (!VSIIngestFile(NULL, path, &buf, &size, (GIntBig)1 << 31)) {
        VSIFree(buf);
        return bh_error(ctx, BH_E_IO, "%s: cannot read the file", path);
    }
    /* VSIIngestFile NUL-terminates what it read */
    bh_status st = open_bytes(ctx, path, buf, (size_t)size, encoding, 1, out);
    VSIFree(buf);
    return st;
}

void bh_reader_destroy(bh_reader *rd)
{
    if (!rd)
        return;
    CSLDestroy(rd->rec);
    if (rd->fp)
        VSIFCloseL(rd->fp);
    if (rd->vsipath)
        VSIUnlink(rd->vsipath);
    free(rd->vsipath);
    CPLFree(rd->text);
    free(rd->name);
    free(rd);
}

static int record_blank(char **rec)
{
    for (int i = 0; rec && rec[i]; i++)
        for (const char *p = rec[i]; *p; p++)
            if (*p != ' ' && *p != '\t' && *p != '\r')
                return 0;
    return 1;
}

int bh_reader_next(bh_reader *rd, char ***fields, int *n, long *line)
{
    for (;;) {
        CSLDestroy(rd->rec);
        rd->rec = NULL;
        size_t start = (size_t)VSIFTellL(rd->fp);
        if (start >= rd->text_len)
            return 0;
        /* newlines between the previous record start and this one */
        for (const char *q = rd->text + rd->scanned, *end = rd->text + start;
             (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
            rd->line++;
        rd->scanned = start;
        rd->rec = CSVReadParseLine2L(rd->fp, ',');
        if (rd->rec == NULL)
            return 0;
        if (record_blank(rd->rec)) {
            rd->blank++;
            continue;
        }
        *fields = rd->rec;
        *n = CSLCount(rd->rec);
        *line = rd->line;
        return 1;
    }
}

const char *bh_reader_encoding(const bh_reader *rd)
{
    return rd->encoding;
}
const char *bh_reader_sha256(const bh_reader *rd)
{
    return rd->sha256;
}
const char *bh_reader_utf8_path(const bh_reader *rd)
{
    return rd->vsipath;
}
const char *bh_reader_name(const bh_reader *rd)
{
    return rd->name;
}
int bh_reader_had_bom(const bh_reader *rd)
{
    return rd->had_bom;
}
long bh_reader_blank_lines(const bh_reader *rd)
{
    return rd->blank;
}
int bh_reader_looks_utf8(const bh_reader *rd)
{
    return rd->looks_utf8;
}
