#include "refuges/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/array.h"
#include "core/strbuf.h"

const char *const bh_refuge_placements[BH_PLACED_N] = {"coordinates", "gaiku", "chome", "unplaced"};

typedef struct unplaced_row {
    long line;
    char *reason, *address;
} unplaced_row;

struct bh_refuge_import_report {
    long rows;
    long placed[BH_PLACED_N];
    char encoding[16];
    unplaced_row *un;
    size_t nu, cap;
};

bh_refuge_import_report *bh_refuge_report_create(const char *encoding)
{
    bh_refuge_import_report *r = calloc(1, sizeof *r);
    if (r)
        snprintf(r->encoding, sizeof r->encoding, "%s", encoding ? encoding : "");
    return r;
}

int bh_refuge_report_add(bh_refuge_import_report *r, int method, long line, const char *reason,
                         const char *address)
{
    r->rows++;
    r->placed[method]++;
    if (method != BH_PLACED_NONE)
        return 0;
    if (bh_array_grow((void **)&r->un, &r->cap, r->nu + 1, sizeof *r->un, 16))
        return -1;
    unplaced_row *u = &r->un[r->nu++];
    u->line = line;
    u->reason = bh_strdup(reason ? reason : "");
    u->address = bh_strdup(address ? address : "");
    return u->reason && u->address ? 0 : -1;
}

void bh_refuge_import_report_destroy(bh_refuge_import_report *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->nu; i++)
        free(r->un[i].reason), free(r->un[i].address);
    free(r->un);
    free(r);
}

long bh_refuge_import_rows(const bh_refuge_import_report *r)
{
    return r->rows;
}

long bh_refuge_import_placed(const bh_refuge_import_report *r, const char *placement)
{
    for (int i = 0; i < BH_PLACED_N; i++)
        if (strcmp(placement, bh_refuge_placements[i]) == 0)
            return r->placed[i];
    return 0;
}

const char *bh_refuge_import_encoding(const bh_refuge_import_report *r)
{
    return r->encoding;
}

size_t bh_refuge_import_unplaced_count(const bh_refuge_import_report *r)
{
    return r->nu;
}

long bh_refuge_import_unplaced(const bh_refuge_import_report *r, size_t i, const char **reason,
                               const char **address)
{
    *reason = r->un[i].reason;
    *address = r->un[i].address;
    return r->un[i].line;
}
