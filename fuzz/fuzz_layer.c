/* libFuzzer: the layer-definition parser (bh_layer_def_parse, layers/<name>.json) on arbitrary
 * bytes. Invariants: the error contract (fuzz_common.h); a parsed definition has a plain
 * identifier name and table, a kind of real|approximate|sample, a geometry with a cast (or
 * NONE), fields with identifier names and TEXT|INTEGER|REAL types that bh_layer_def_field_named
 * finds again, and never both a source and a derive; aliases within their bound, area_weighted
 * two identifiers on a number field, import.merge_by a field. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "db/layer.h"
#include "fuzz_common.h"

static int is_one_of(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(s, *set) == 0)
            return 1;
    return 0;
}

static void check_def(const bh_layer_def *d)
{
    static const char *const kinds[] = {"real", "approximate", "sample", NULL};
    static const char *const types[] = {"TEXT", "INTEGER", "REAL", NULL};
    const char *name = bh_layer_def_name(d), *table = bh_layer_def_table(d);
    const char *geom = bh_layer_def_geometry(d);
    if (!name || !table || !geom || !bh_layer_ident_ok(name) || !bh_layer_ident_ok(table))
        abort();
    if (!is_one_of(bh_layer_def_kind(d), kinds))
        abort();
    if ((bh_layer_def_cast(d) == NULL) != (strcmp(geom, "NONE") == 0))
        abort();
    if (bh_layer_def_source(d) != NULL && bh_layer_def_derive(d) != NULL)
        abort();
    const bh_layer_source *src = bh_layer_def_source(d);
    if (src != NULL && (src->x == NULL) != (src->y == NULL))
        abort();
    (void)bh_layer_def_title(d);
    (void)bh_layer_def_file(d);
    for (size_t i = 0; i < bh_layer_def_nfields(d); i++) {
        const bh_layer_field *f = bh_layer_def_field(d, i);
        if (f == NULL || f->name == NULL || f->type == NULL || !is_one_of(f->type, types))
            abort();
        const bh_layer_field *g = bh_layer_def_field_named(d, f->name);
        if (g == NULL || strcmp(g->name, f->name) != 0)
            abort();
        if (f->naliases > BH_LAYER_MAX_ALIASES)
            abort();
        for (size_t k = 0; k < f->naliases; k++)
            if (f->aliases[k] == NULL)
                abort();
        if ((f->area_weighted_table == NULL) != (f->area_weighted_column == NULL))
            abort();
        if (f->area_weighted_table &&
            (!bh_layer_ident_ok(f->area_weighted_table) ||
             !bh_layer_ident_ok(f->area_weighted_column) || strcmp(f->type, "TEXT") == 0))
            abort();
    }
    const char *merge = bh_layer_def_import_str(d, "merge_by");
    if (merge && bh_layer_def_field_named(d, merge) == NULL)
        abort();
    for (size_t k = 0; bh_layer_def_import_item(d, "city_code_from", k) != NULL; k++)
        if (k > 1000000)
            abort();
    (void)bh_layer_def_field_named(d, "no_such_field_in_any_layer");
    (void)bh_layer_def_depends_on(d, "town_blocks");
    (void)bh_layer_def_depends_on(d, table);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bh_ctx *ctx = bh_fuzz_ctx();
    char *text = bh_fuzz_cstr(data, size);
    bh_layer_def *d = NULL;
    bh_status st = bh_layer_def_parse(ctx, text, "fuzz.json", &d);
    bh_fuzz_check_result(ctx, st, d);
    if (d != NULL)
        check_def(d);
    bh_layer_def_destroy(d);
    bh_layer_def_destroy(NULL);
    (void)bh_layer_ident_ok(text);
    free(text);
    return 0;
}
