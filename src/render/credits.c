/* Credit lines from the city profile, with the notes on approximate areas only while the
 * database's areas are approximate (layers.kind). */
#include "render/credits.h"

#include <string.h>
#include <json-c/json.h>
#include "db/stmt.h"

static void credits_add(bh_strbuf *sb, const char *sep, const char *c)
{
    if (c && *c && (sb->data == NULL || strstr(sb->data, c) == NULL))
        bh_strbuf_printf(sb, "%s%s", sb->len ? sep : "", c);
}

/* *approx: one of the layers named in arr is catalogued as approximate. */
static bh_status credits_any_approximate(bh_db *db, json_object *arr, int *approx)
{
    bh_stmt *st = NULL;
    *approx = 1; /* no catalogue (a map drawn from a summary alone): the note stays */
    if (db == NULL)
        return BH_OK;
    bh_status rc = bh_stmt_prepare(
        db, "SELECT count(*) FROM layers WHERE name = ? AND kind = 'approximate'", &st);
    *approx = 0;
    for (size_t i = 0; rc == BH_OK && !*approx && i < json_object_array_length(arr); i++) {
        bh_stmt_reset(st);
        bh_stmt_bind_text(st, 1, json_object_get_string(json_object_array_get_idx(arr, i)));
        int r = bh_stmt_step(st);
        if (r == BH_STEP_ERROR)
            rc = bh_ctx_status(bh_db_ctx(db));
        else if (r == BH_STEP_ROW)
            *approx = bh_stmt_column_int64(st, 0) > 0;
    }
    bh_stmt_finalize(st);
    return rc;
}

bh_status bh_credits_append(bh_db *db, const bh_city *city, const char *sep, bh_strbuf *sb)
{
    json_object *root = city ? bh_city_json(city) : NULL, *arr = NULL;
    if (root && json_object_object_get_ex(root, "credits", &arr) &&
        json_object_is_type(arr, json_type_array))
        for (size_t i = 0; i < json_object_array_length(arr); i++)
            credits_add(sb, sep, json_object_get_string(json_object_array_get_idx(arr, i)));
    if (!root || !json_object_object_get_ex(root, "approximate_notes", &arr) ||
        !json_object_is_type(arr, json_type_array))
        return BH_OK;
    bh_strbuf notes; /* one line: the notes joined by ／ */
    bh_strbuf_init(&notes);
    bh_status rc = BH_OK;
    for (size_t i = 0; rc == BH_OK && i < json_object_array_length(arr); i++) {
        json_object *n = json_object_array_get_idx(arr, i), *layers = NULL, *text = NULL;
        if (!json_object_object_get_ex(n, "layers", &layers) ||
            !json_object_is_type(layers, json_type_array) ||
            !json_object_object_get_ex(n, "text", &text))
            continue;
        int approx = 0;
        rc = credits_any_approximate(db, layers, &approx);
        if (rc == BH_OK && approx)
            credits_add(&notes, "／", json_object_get_string(text));
    }
    if (rc == BH_OK && notes.data)
        credits_add(sb, sep, notes.data);
    bh_strbuf_free(&notes);
    return rc;
}
