/* Crime file reader: encoding detection + CPLRecode + CPL CSV tokenizer (see reader.h). */
#include "crimes/reader.h"
#include "core/utf8.h"
#include "core/alloc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cpl_csv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <openssl/evp.h>
#include "core/hash.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "db/gdal.h"

/* Exported by libgdal (port/cpl_sha256.h, which Debian does not install). */
void CPL_SHA256(const void *data, size_t len, unsigned char hash[32]);

/* CP932 files are tokenised as they are (no CP932 trail byte is a comma, quote or line break)
 * and each field is recoded with CPLRecode once per distinct value: a crime file repeats a few
 * hundred values, so this is much less work than recoding the whole text. */
typedef struct recoded {
    const char *raw; /* the cache's key; NULL = none */
    const char *utf8;
    size_t len;      /* of raw */
    size_t utf8_len; /* of utf8 */
} recoded;

#define RECODE_MAX 65536 /* distinct values cached; more are recoded one by one */

struct bh_reader {
    char *name;
    char *vsipath;
    char encoding[8];
    char sha256[65];
    int had_bom;
    int looks_utf8;
    int recode; /* 1: text is CP932, fields are recoded one by one */
    GByte *raw; /* the file bytes, NUL-terminated (VSIFree) */
    size_t raw_len;
    pthread_t sha_th; /* computing sha256 while sha_thread */
    int sha_thread;
    char *text; /* raw after a BOM (UTF-8, or CP932 when recode); the /vsimem/ file borrows it */
    size_t text_len;
    FILE *fp; /* the text through fmemopen: CPLReadLine reads a FILE faster than a /vsimem/ file */
    char **rec;
    size_t scanned; /* offset up to which newlines were counted */
    long line;      /* line number at offset scanned (1-based) */
    long blank;
    /* recode: the cache, and the current record's fields in UTF-8 */
    bh_hash_map cache; /* raw → utf8 (val.ptr, CPLFree) */
    char **out;
    int out_cap;
    recoded *col_last; /* per column: the value recoded last (rows repeat them) */
    int col_cap;
    int nomem; /* a record could not be recoded: bh_reader_next stopped early */
    bh_strbuf outbuf;
    /* bh_reader_utf8_path of a CP932 file: the whole text recoded on demand */
    char *utf8_text;
    char *utf8_path;
    bh_reader *tail; /* bh_reader_split: the second half, borrowing text (owned) */
    int borrowed;    /* 1: a tail; text, raw and the SHA belong to its parent */
};

void bh_sha256_hex(const void *data, size_t len, char out[65])
{
    /* libcrypto (OpenSSL, already in the process through libpq) uses the CPU's SHA instructions:
     * a tenth of CPL_SHA256's time on a large file, which every importer computes */
    unsigned char hash[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_Digest(data, len, hash, &n, EVP_sha256(), NULL) != 1 || n != 32)
        CPL_SHA256(data, len, hash);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", hash[i]);
}

static unsigned char cp932_class[256], cp932_trail[256];

static void cp932_tables(void)
{
    for (unsigned c = 0; c < 256; c++) {
        cp932_class[c] = (c < 0x80 || (c >= 0xA1 && c <= 0xDF))                   ? 0
                         : ((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC)) ? 1
                                                                                  : 2;
        cp932_trail[c] = (c >= 0x40 && c <= 0x7E) || (c >= 0x80 && c <= 0xFC);
    }
}

/* CP932 structure check: lead bytes 81–9F, E0–FC take a trail byte 40–7E or 80–FC; A1–DF are
 * half-width katakana; 80, A0, FD–FF never occur. Returns the offset of the first bad byte or
 * len. (Decoding itself is CPLRecode's job; this only decides whether the bytes are CP932.) */
static size_t cp932_bad_offset(const unsigned char *s, size_t len)
{
    /* byte classes (cp932_tables): 0 single byte, 1 lead byte, 2 never */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, cp932_tables);
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            i = bh_ascii_run_end(s, i + 1, len);
        } else if (cp932_class[c] == 0) {
            i++;
        } else if (cp932_class[c] == 1) {
            if (i + 1 >= len || !cp932_trail[s[i + 1]])
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

/* The SHA-256 of the file bytes, computed on a second thread from bh_reader_open on (it only
 * reads them) and waited for in bh_reader_sha256. */
static void *sha_run(void *arg)
{
    bh_reader *rd = arg;
    bh_sha256_hex(rd->raw, rd->raw_len, rd->sha256);
    return NULL;
}

static void sha_start(bh_reader *rd)
{
    /* small inputs are not worth a thread; without one, hash here */
    rd->sha_thread =
        rd->raw_len >= (1u << 20) && pthread_create(&rd->sha_th, NULL, sha_run, rd) == 0;
    if (!rd->sha_thread)
        sha_run(rd);
}

static void sha_join(bh_reader *rd)
{
    if (rd->sha_thread)
        pthread_join(rd->sha_th, NULL);
    rd->sha_thread = 0;
}

static bh_status open_checked(bh_ctx *ctx, bh_reader *rd, const char *name, int kind);

/* Opens the bytes raw[0..len) (raw[len] is a NUL byte; taken over: freed with VSIFree). */
static bh_status open_bytes(bh_ctx *ctx, const char *name, GByte *raw, size_t len,
                            const char *encoding, bh_reader **out)
{
    *out = NULL;
    int kind = encoding_kind(encoding);
    if (kind < 0) {
        VSIFree(raw);
        return bh_error(ctx, BH_E_ARG, "--encoding '%s': expected auto, CP932 or UTF-8", encoding);
    }
    const unsigned char *nul = memchr(raw, '\0', len);
    if (nul != NULL) {
        bh_status st =
            bh_error(ctx, BH_E_FORMAT, "%s: line %ld: binary data (NUL byte), not a CSV file", name,
                     line_of_offset(raw, len, (size_t)(nul - raw)));
        VSIFree(raw);
        return st;
    }
    bh_reader *rd = bh_calloc(1, sizeof *rd);
    if (!rd) {
        VSIFree(raw);
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    }
    rd->raw = raw;
    rd->raw_len = len;
    rd->name = bh_strdup(name);
    bh_strbuf_init(&rd->outbuf);
    sha_start(rd);
    bh_status st = open_checked(ctx, rd, name, kind);
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
    *out = NULL;
    GByte *raw = VSIMalloc(len + 1);
    if (!raw)
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    memcpy(raw, data, len);
    raw[len] = '\0';
    return open_bytes(ctx, name, raw, len, encoding, out);
}

/* Encoding checks of rd's bytes; the text is those bytes after a BOM (read in place). On failure
 * the error is set and rd is left for the caller to destroy. */
static bh_status open_checked(bh_ctx *ctx, bh_reader *rd, const char *name, int kind)
{
    const unsigned char *s = rd->raw;
    size_t len = rd->raw_len;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        rd->had_bom = 1;
        s += 3;
        len -= 3;
    }
    if (len > (size_t)INT32_MAX) {
        return bh_error(ctx, BH_E_IO, "%s: file too large", name);
    }
    size_t lo = bh_utf8_bad_offset(s, len);
    int valid_utf8 = lo == len, guessed = kind == 0;
    rd->looks_utf8 = valid_utf8 && has_non_ascii(s, len);
    if (kind == 0)
        kind = (rd->had_bom || valid_utf8) ? 1 : 2;
    if (kind == 1) {
        if (!valid_utf8) {
            return bh_error(ctx, BH_E_ENCODING,
                            "%s: line %ld: not valid UTF-8 (try --encoding CP932)", name,
                            line_of_offset(s, len, lo));
        }
        strcpy(rd->encoding, "UTF-8");
    } else {
        size_t bad = cp932_bad_offset(s, len);
        /* Guessed: neither reading fits. The one that got further is what the file is meant to
         * be (a UTF-8 file with one bad byte fails as CP932 at its first kana), so its line is
         * named. */
        if (bad < len && guessed && lo > bad && has_non_ascii(s, lo))
            return bh_error(ctx, BH_E_ENCODING,
                            "%s: line %ld: not valid UTF-8 (nor CP932; the file reads as UTF-8 "
                            "up to there)",
                            name, line_of_offset(s, len, lo));
        if (bad < len) {
            return bh_error(ctx, BH_E_ENCODING,
                            "%s: line %ld: byte 0x%02X is not valid CP932 (Shift_JIS)%s", name,
                            line_of_offset(s, len, bad), s[bad],
                            valid_utf8 ? bh_tr(" (try --encoding UTF-8)") : "");
        }
        strcpy(rd->encoding, "CP932");
        rd->recode = 1;
    }
    rd->text = (char *)s;
    rd->text_len = len;
    /* fmemopen of 0 bytes fails: an empty text reads from its terminating NUL instead */
    rd->fp = fmemopen(rd->text, len ? len : 1, "r");
    if (!rd->fp) {
        return bh_error(ctx, BH_E_IO, "%s: cannot open the text", name);
    }
    rd->line = 1;
    return BH_OK;
}

bh_status bh_reader_open(bh_ctx *ctx, const char *path, const char *encoding, bh_reader **out)
{
    *out = NULL;
    GByte *buf = NULL;
    vsi_l_offset size = 0;
    if (!bh_gdal_regular_source(path))
        return bh_error(ctx, BH_E_IO, "%s: not a regular file (a FIFO or a device)", path);
    if (!VSIIngestFile(NULL, path, &buf, &size, (GIntBig)1 << 31)) {
        VSIFree(buf);
        return bh_error(ctx, BH_E_IO, "%s: cannot read the file", path);
    }
    /* VSIIngestFile NUL-terminates what it read */
    return open_bytes(ctx, path, buf, (size_t)size, encoding, out);
}

static void cpl_free(void *p)
{
    CPLFree(p);
}

void bh_reader_destroy(bh_reader *rd)
{
    if (!rd)
        return;
    bh_reader_destroy(rd->tail);
    sha_join(rd);
    CSLDestroy(rd->rec);
    if (rd->fp)
        fclose(rd->fp);
    if (rd->vsipath)
        VSIUnlink(rd->vsipath);
    bh_free(rd->vsipath);
    VSIFree(rd->raw);
    bh_hash_map_free(&rd->cache, cpl_free);
    bh_free(rd->out);
    bh_free(rd->col_last);
    bh_strbuf_free(&rd->outbuf);
    if (rd->utf8_path)
        VSIUnlink(rd->utf8_path);
    bh_free(rd->utf8_path);
    CPLFree(rd->utf8_text);
    bh_free(rd->name);
    bh_free(rd);
}

static int record_blank(char **rec)
{
    for (int i = 0; rec && rec[i]; i++)
        for (const char *p = rec[i]; *p; p++)
            if (*p != ' ' && *p != '\t' && *p != '\r')
                return 0;
    return 1;
}

/* Caches raw → utf8 (taking utf8) and describes it in *out; 0, or -1 when the cache is full or
 * out of memory (the caller then keeps utf8). */
static int recode_cache_put(bh_reader *rd, const char *raw, size_t len, char *utf8, recoded *out)
{
    if (rd->cache.n >= RECODE_MAX)
        return -1;
    bh_hash_entry *e = bh_hash_map_add(&rd->cache, raw, len, NULL);
    if (!e)
        return -1;
    e->val.ptr = utf8;
    *out = (recoded){e->key, utf8, len, strlen(utf8)};
    return 0;
}

/* Length of s; *high says whether a byte has its high bit set (one pass). */
static size_t scan_len(const char *s, int *high)
{
    unsigned char any = 0;
    const char *p = s;
    for (; *p; p++)
        any |= (unsigned char)*p;
    *high = any >= 0x80;
    return (size_t)(p - s);
}

/* Appends the fields of rd->rec to out, each ended by its NUL byte, recoding CP932 to UTF-8 when
 * rd->recode; -1 out of memory. */
/* CPLRecode of one CP932 value into a buffer of its own size (CPLRecode hands back a buffer of
 * at least 32 KiB); CPLFree it. NULL when out of memory. */
static char *recode_value(const char *raw)
{
    char *big = CPLRecode(raw, "CP932", CPL_ENC_UTF8);
    if (!big)
        return NULL;
    size_t n = strlen(big) + 1;
    char *fit = VSIMalloc(n);
    if (fit)
        memcpy(fit, big, n);
    CPLFree(big);
    return fit;
}

static int pack_fields(bh_reader *rd, int n, bh_strbuf *out)
{
    if (rd->recode && n > rd->col_cap) {
        recoded *nc = bh_realloc(rd->col_last, (size_t)n * sizeof *nc);
        if (!nc)
            return -1;
        memset(nc + rd->col_cap, 0, (size_t)(n - rd->col_cap) * sizeof *nc);
        rd->col_last = nc;
        rd->col_cap = n;
    }
    for (int i = 0; i < n; i++) {
        const char *raw = rd->rec[i];
        int high;
        size_t len = scan_len(raw, &high);
        if (!high || !rd->recode) { /* ASCII is the same in both */
            bh_strbuf_appendn(out, raw, len + 1);
            continue;
        }
        recoded *last = &rd->col_last[i];
        if (last->raw && last->len == len && memcmp(last->raw, raw, len) == 0) {
            bh_strbuf_appendn(out, last->utf8, last->utf8_len + 1);
            continue;
        }
        const bh_hash_entry *hit = bh_hash_map_find(&rd->cache, raw, len);
        if (hit) { /* its strings stay put while the table grows */
            *last = (recoded){hit->key, hit->val.ptr, len, strlen(hit->val.ptr)};
            bh_strbuf_appendn(out, last->utf8, last->utf8_len + 1);
            continue;
        }
        char *utf8 = recode_value(raw);
        if (!utf8)
            return -1;
        bh_strbuf_appendn(out, utf8, strlen(utf8) + 1);
        if (recode_cache_put(rd, raw, len, utf8, last) != 0)
            CPLFree(utf8);
    }
    return out->failed ? -1 : 0;
}

/* The next non-blank record into rd->rec; 1, or 0 at the end. */
static int next_record(bh_reader *rd, long *line)
{
    for (;;) {
        CSLDestroy(rd->rec);
        rd->rec = NULL;
        long pos = ftell(rd->fp);
        size_t start = pos < 0 ? rd->text_len : (size_t)pos;
        if (start >= rd->text_len)
            return 0;
        /* newlines between the previous record start and this one */
        for (const char *q = rd->text + rd->scanned, *end = rd->text + start;
             (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
            rd->line++;
        rd->scanned = start;
        rd->rec = CSVReadParseLine2(rd->fp, ',');
        if (rd->rec == NULL)
            return 0;
        if (record_blank(rd->rec)) {
            rd->blank++;
            continue;
        }
        *line = rd->line;
        return 1;
    }
}

int bh_reader_next(bh_reader *rd, char ***fields, int *n, long *line)
{
    if (!next_record(rd, line))
        return 0;
    *n = CSLCount(rd->rec);
    if (*n > rd->out_cap) {
        char **no = bh_realloc(rd->out, (size_t)*n * sizeof *no);
        if (!no) {
            rd->nomem = 1;
            return 0;
        }
        rd->out = no;
        rd->out_cap = *n;
    }
    bh_strbuf_reset(&rd->outbuf);
    if (pack_fields(rd, *n, &rd->outbuf) != 0) {
        rd->nomem = 1;
        return 0;
    }
    char *p = rd->outbuf.data;
    for (int i = 0; i < *n; i++) {
        rd->out[i] = p;
        p += strlen(p) + 1;
    }
    *fields = rd->out;
    return 1;
}

int bh_reader_next_packed(bh_reader *rd, bh_strbuf *out, int *n, long *line)
{
    if (!next_record(rd, line))
        return 0;
    *n = CSLCount(rd->rec);
    if (pack_fields(rd, *n, out) != 0) {
        rd->nomem = 1;
        return 0;
    }
    return 1;
}

const char *bh_reader_encoding(const bh_reader *rd)
{
    return rd->encoding;
}
const char *bh_reader_sha256(bh_reader *rd)
{
    sha_join(rd);
    return rd->sha256;
}
const char *bh_reader_utf8_path(bh_reader *rd)
{
    if (!rd->recode) {
        if (!rd->vsipath) {
            char *path = bh_asprintf("/vsimem/bohan_reader_%p.csv", (void *)rd);
            VSILFILE *mf = path ? VSIFileFromMemBuffer(path, (GByte *)rd->text,
                                                       (vsi_l_offset)rd->text_len, FALSE)
                                : NULL;
            if (mf) {
                VSIFCloseL(mf);
                rd->vsipath = path;
            } else {
                bh_free(path);
            }
        }
        return rd->vsipath;
    }
    if (!rd->utf8_path) {
        rd->utf8_text = CPLRecode(rd->text, "CP932", CPL_ENC_UTF8);
        char *path =
            rd->utf8_text ? bh_asprintf("/vsimem/bohan_reader_%p_utf8.csv", (void *)rd) : NULL;
        VSILFILE *mf = path ? VSIFileFromMemBuffer(path, (GByte *)rd->utf8_text,
                                                   (vsi_l_offset)strlen(rd->utf8_text), FALSE)
                            : NULL;
        if (mf) {
            VSIFCloseL(mf);
            rd->utf8_path = path;
        } else {
            bh_free(path);
        }
    }
    return rd->utf8_path;
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
    return rd->blank + (rd->tail ? rd->tail->blank : 0);
}

/* Counts c in s[0..n). */
static size_t count_byte(const char *s, size_t n, char c)
{
    size_t k = 0;
    for (const char *end = s + n; (s = memchr(s, c, (size_t)(end - s))) != NULL; s++)
        k++;
    return k;
}

bh_reader *bh_reader_split(bh_reader *rd)
{
    long pos = ftell(rd->fp);
    if (rd->tail || rd->borrowed || pos < 0 || (size_t)pos >= rd->text_len ||
        rd->text_len - (size_t)pos < BH_READER_SPLIT_MIN)
        return NULL;
    /* A record ends at the first line break after which its quotes are even (CPL's rule), and
     * every record before it has an even number of quotes: so a line break with an even number
     * of quotes before it, counted from the start of the text, ends a record. */
    size_t at = (size_t)pos + (rd->text_len - (size_t)pos) / 2;
    size_t quotes = count_byte(rd->text, at, '"'), split = 0;
    while (at < rd->text_len) {
        const char *nl = memchr(rd->text + at, '\n', rd->text_len - at);
        if (!nl)
            return NULL;
        size_t end = (size_t)(nl - rd->text);
        quotes += count_byte(rd->text + at, end - at, '"');
        at = end + 1;
        if (quotes % 2 == 0) {
            split = at;
            break;
        }
    }
    if (split == 0 || split >= rd->text_len)
        return NULL;
    bh_reader *t = bh_calloc(1, sizeof *t);
    FILE *head = fmemopen(rd->text, split, "r");
    if (t)
        t->fp = fmemopen(rd->text + split, rd->text_len - split, "r");
    if (!t || !t->fp || !head || fseek(head, pos, SEEK_SET) != 0) {
        if (head)
            fclose(head);
        if (t && t->fp)
            fclose(t->fp);
        bh_free(t);
        return NULL;
    }
    fclose(rd->fp);
    rd->fp = head;
    t->borrowed = 1;
    strcpy(t->encoding, rd->encoding);
    t->recode = rd->recode;
    t->had_bom = rd->had_bom;
    t->text = rd->text + split;
    t->text_len = rd->text_len - split;
    t->line = 1 + (long)count_byte(rd->text, split, '\n');
    bh_strbuf_init(&t->outbuf);
    rd->text_len = split;
    rd->tail = t;
    return t;
}
int bh_reader_failed(const bh_reader *rd)
{
    return rd->nomem || (rd->tail && rd->tail->nomem);
}
int bh_reader_looks_utf8(const bh_reader *rd)
{
    return rd->looks_utf8;
}
