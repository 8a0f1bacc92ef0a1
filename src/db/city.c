/* The city profile of a database (db/city.h). */
#include "db/city.h"
#include "core/alloc.h"

#include <sys/stat.h>
#include <bohan/ctx.h>

/* The city directory stored at init (meta 'city_dir') while it still is one; else (NULL) the
 * installation's default: a database outlives the bohan that made it, or moves to another
 * machine, and its styles and layer files are found beside the bohan that reads it. */
static char *city_dir_of_db(bh_db *db)
{
    char *dir = bh_db_meta_get(db, "city_dir");
    struct stat sb;
    if (dir && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
        bh_log(bh_db_ctx(db), BH_LOG_INFO, "%s: city directory %s is gone; using %s",
               bh_db_path(db), dir, bh_city_default_dir());
        bh_free(dir);
        dir = NULL;
    }
    return dir;
}

bh_status bh_db_city(bh_db *db, bh_city **out)
{
    *out = NULL;
    bh_ctx *ctx = bh_db_ctx(db);
    static const char *const keys[] = {"city_json", "city_profile", "city"};
    char *dir = city_dir_of_db(db);
    const char *d = dir ? dir : bh_city_default_dir();
    bh_status st = BH_OK;
    int done = 0;
    for (size_t i = 0; !done && i < sizeof keys / sizeof *keys; i++) {
        char *text = bh_db_meta_get(db, keys[i]);
        if (text && text[0] == '{') {
            st = bh_city_parse(ctx, text, d, out);
            done = 1;
        }
        bh_free(text);
    }
    if (!done)
        st = bh_city_load(ctx, d, out);
    bh_free(dir);
    return st;
}
