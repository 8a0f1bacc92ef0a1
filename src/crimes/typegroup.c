/* Type groups: a city profile names 手口 that are counted and drawn as one type,
 *   "crimes": {"type_groups": {"車上・部品ねらい": ["車上ねらい", "部品ねらい"]}}
 * A summary then has one column named by the group where the data has its members; rows of a
 * member are counted in it (unless --types asks for the member itself). No C change is needed for
 * another city's grouping. The 危険度 reads the 手口 (risk.types), so grouping never changes it. */
#include "core/alloc.h"
#include "crimes/summary_internal.h"

#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"

static bh_status bad(bh_summary *s, const char *group, const char *what)
{
    return bh_error(bh_db_ctx(s->db), BH_E_FORMAT, "city.json: crimes.type_groups.%s: %s", group,
                    what);
}

bh_status bh_sum_groups_load(bh_summary *s, json_object *profile)
{
    json_object *crimes, *groups;
    if (!profile || !json_object_object_get_ex(profile, "crimes", &crimes) ||
        !json_object_object_get_ex(crimes, "type_groups", &groups))
        return BH_OK;
    if (!json_object_is_type(groups, json_type_object))
        return bh_error(bh_db_ctx(s->db), BH_E_FORMAT,
                        "city.json: crimes.type_groups: expected an object of name: [手口, …]");
    json_object_object_foreach(groups, name, members)
    {
        if (!json_object_is_type(members, json_type_array) ||
            json_object_array_length(members) == 0)
            return bad(s, name, "expected a non-empty array of 手口");
        for (size_t i = 0; i < json_object_array_length(members); i++) {
            json_object *m = json_object_array_get_idx(members, i);
            if (!json_object_is_type(m, json_type_string) || !*json_object_get_string(m))
                return bad(s, name, "expected a non-empty array of 手口");
            if (bh_sum_group_of(s, json_object_get_string(m)))
                return bad(s, name, "a 手口 belongs to two groups");
            char **mv = bh_realloc(s->group_member, (s->n_groups + 1) * sizeof *mv);
            if (mv)
                s->group_member = mv;
            char **gv = bh_realloc(s->group_name, (s->n_groups + 1) * sizeof *gv);
            if (gv)
                s->group_name = gv;
            if (!mv || !gv)
                return bh_error(bh_db_ctx(s->db), BH_E_NOMEM, "out of memory");
            s->group_member[s->n_groups] = bh_strdup(json_object_get_string(m));
            s->group_name[s->n_groups] = bh_strdup(name);
            s->n_groups++;
            if (!s->group_member[s->n_groups - 1] || !s->group_name[s->n_groups - 1])
                return bh_error(bh_db_ctx(s->db), BH_E_NOMEM, "out of memory");
        }
    }
    return BH_OK;
}

const char *bh_sum_group_of(const bh_summary *s, const char *type)
{
    for (size_t i = 0; type && i < s->n_groups; i++)
        if (strcmp(s->group_member[i], type) == 0)
            return s->group_name[i];
    return NULL;
}

int bh_sum_is_group(const bh_summary *s, const char *name)
{
    for (size_t i = 0; name && i < s->n_groups; i++)
        if (strcmp(s->group_name[i], name) == 0)
            return 1;
    return 0;
}

void bh_sum_groups_free(bh_summary *s)
{
    for (size_t i = 0; i < s->n_groups; i++) {
        bh_free(s->group_member[i]);
        bh_free(s->group_name[i]);
    }
    bh_free(s->group_member);
    bh_free(s->group_name);
    s->group_member = s->group_name = NULL;
    s->n_groups = 0;
}

size_t bh_summary_type_members(const bh_summary *s, size_t t, const char **members, size_t max)
{
    size_t n = 0;
    if (t >= s->n_types)
        return 0;
    for (size_t i = 0; i < s->n_groups; i++)
        if (strcmp(s->group_name[i], s->types[t]) == 0) {
            if (n < max)
                members[n] = s->group_member[i];
            n++;
        }
    return n;
}
