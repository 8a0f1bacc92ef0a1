/* The table lists of a working copy's spec made at run time (db/stage.h). */
#include "core/alloc.h"
#include "core/array.h"
#include "core/strbuf.h"
#include "db/stage.h"

#include <string.h>

int bh_db_stage_set_has(const bh_db_stage_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->names[i], name) == 0)
            return 1;
    return 0;
}

bh_status bh_db_stage_set_add(bh_ctx *ctx, bh_db_stage_set *set, const char *name)
{
    if (bh_db_stage_set_has(set, name))
        return BH_OK;
    char *copy = bh_strdup(name);
    if (copy == NULL ||
        bh_array_grow((void **)&set->names, &set->cap, set->n + 2, sizeof *set->names, 8) != 0) {
        bh_free(copy);
        return bh_error(ctx, BH_E_NOMEM, "out of memory");
    }
    set->names[set->n++] = copy;
    set->names[set->n] = NULL;
    return BH_OK;
}

bh_status bh_db_stage_set_add_all(bh_ctx *ctx, bh_db_stage_set *set, const char *const *names)
{
    bh_status rc = BH_OK;
    for (size_t i = 0; rc == BH_OK && names && names[i]; i++)
        rc = bh_db_stage_set_add(ctx, set, names[i]);
    return rc;
}

const char *const *bh_db_stage_set_list(const bh_db_stage_set *set)
{
    return set->n ? (const char *const *)set->names : NULL;
}

void bh_db_stage_set_free(bh_db_stage_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        bh_free(set->names[i]);
    bh_free(set->names);
    memset(set, 0, sizeof *set);
}
