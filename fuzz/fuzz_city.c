/* libFuzzer: the city profile parser (bh_city_parse) on arbitrary bytes. Invariants: the error
 * contract (fuzz_common.h); a parsed profile has a name, code, prefecture and a positive SRID;
 * its serialised text (what `bohan init` stores in the database) parses again to the same
 * name, code, prefecture and SRID; the path helpers never fail on a parsed profile. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/city.h"
#include "fuzz_common.h"

static void check_paths(const bh_city *c)
{
    char *rel = bh_city_path(c, "plan/items.csv");
    char *abs = bh_city_path(c, "/abs/file");
    char *layers = bh_city_layers_dir(c);
    char *styles = bh_city_styles_dir(c);
    if (rel == NULL || abs == NULL || layers == NULL || styles == NULL || strcmp(abs, "/abs/file"))
        abort();
    free(rel);
    free(abs);
    free(layers);
    free(styles);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bh_ctx *ctx = bh_fuzz_ctx();
    char *text = bh_fuzz_cstr(data, size);
    bh_city *c = NULL;
    /* Alternate between a profile loaded from a directory and one read back from a database. */
    const char *dir = (size & 1) ? "/nonexistent/city" : NULL;
    bh_status st = bh_city_parse(ctx, text, dir, &c);
    bh_fuzz_check_result(ctx, st, c);
    if (c != NULL) {
        if (!bh_city_name(c) || !bh_city_code(c) || !bh_city_prefecture(c) || !bh_city_dir(c) ||
            bh_city_srid(c) <= 0 || bh_city_json(c) == NULL)
            abort();
        check_paths(c);
        const char *stored = bh_city_json_text(c);
        if (stored == NULL)
            abort();
        bh_city *again = NULL;
        bh_ctx_clear_error(ctx);
        if (bh_city_parse(ctx, stored, NULL, &again) != BH_OK)
            abort(); /* the stored profile must read back */
        if (strcmp(bh_city_name(c), bh_city_name(again)) ||
            strcmp(bh_city_code(c), bh_city_code(again)) ||
            strcmp(bh_city_prefecture(c), bh_city_prefecture(again)) ||
            bh_city_srid(c) != bh_city_srid(again))
            abort();
        bh_city_destroy(again);
    }
    bh_city_destroy(c);
    bh_city_destroy(NULL);
    free(text);
    return 0;
}
