/* --db targets: "postgresql://user@host/db?…", "postgres://…", "PG:dbname=x host=y" (GDAL's
 * spelling of a libpq keyword string), else a SpatiaLite file path. */
#include "db/target.h"
#include "core/alloc.h"

#include <string.h>
#include <strings.h>
#include "core/strbuf.h"

int bh_db_target_is_postgres(const char *t)
{
    return t && (strncmp(t, "postgresql://", 13) == 0 || strncmp(t, "postgres://", 11) == 0 ||
                 strncasecmp(t, "PG:", 3) == 0);
}

static int target_is_uri(const char *t)
{
    return strstr(t, "://") != NULL && strncasecmp(t, "PG:", 3) != 0;
}

char *bh_db_target_conninfo(const char *t)
{
    return bh_strdup(strncasecmp(t, "PG:", 3) == 0 ? t + 3 : t);
}

/* URI: the span of the password in "scheme://user:password@host", or in "password=" of the
 * query; keyword string: the value of "password=". *len 0 when none. */
static const char *target_password(const char *t, size_t *len)
{
    *len = 0;
    if (target_is_uri(t)) {
        const char *auth = strstr(t, "://") + 3;
        const char *end = auth + strcspn(auth, "/?");
        const char *at = memchr(auth, '@', (size_t)(end - auth));
        const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon) {
            *len = (size_t)(at - colon - 1);
            return colon + 1;
        }
    }
    for (const char *p = t; (p = strstr(p, "password=")) != NULL; p += 9) {
        if (p != t && !strchr(" ?&\t:", p[-1]))
            continue;
        const char *v = p + 9;
        if (*v == '\'') { /* a quoted keyword value */
            const char *q = v + 1;
            while (*q && *q != '\'')
                q += (*q == '\\' && q[1]) ? 2 : 1;
            *len = (size_t)(q - v) + (*q == '\'');
        } else {
            *len = strcspn(v, target_is_uri(t) ? "&" : " \t");
        }
        return v;
    }
    return NULL;
}

int bh_db_target_has_password(const char *t)
{
    size_t len;
    return target_password(t, &len) != NULL && len > 0;
}

char *bh_db_target_redact(const char *t)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    const char *p = t;
    size_t len;
    const char *pw;
    while ((pw = target_password(p, &len)) != NULL && len > 0) {
        bh_strbuf_appendn(&sb, p, (size_t)(pw - p));
        bh_strbuf_append(&sb, "***");
        p = pw + len;
    }
    bh_strbuf_append(&sb, p);
    return bh_strbuf_take(&sb);
}
