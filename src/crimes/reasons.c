/* What each row state and rejection reason means, for people: the identifiers stay stable in
 * the database, JSON and the reason column; listings add these texts in the user's language. */
#include <string.h>
#include "bohan/crimes.h"
#include "core/i18n.h"

typedef struct reason_text {
    const char *id, *text;
} reason_text;

static const reason_text reason_texts[] = {
    {"field_count", BH_N("the row has a different number of cells than the header")},
    {"duplicate_mismatch", BH_N("the two halves of a duplicated row differ")},
    {"unknown_type", BH_N("unknown crime type (手口)")},
    {"bad_date", BH_N("the date of occurrence cannot be read")},
    {"bad_hour", BH_N("the hour of occurrence cannot be read")},
    {"bad_city_code", BH_N("the municipality code cannot be read")},
    {"prefecture_mismatch", BH_N("the prefecture does not match the municipality code")},
    {"empty_chome", BH_N("町丁目 is empty")},
    {"unknown_chome", BH_N("町丁目 matches no 町丁目 or 大字 of the city")},
    {"unknown_area", BH_N("the area matches no 町丁目, 大字 or 交番 of the city")},
    {"bad_period", BH_N("the period cannot be read")},
    {"bad_count", BH_N("the count is not a whole number of 0 or more")},
    {"chome", BH_N("placed on a 町丁目")},
    {"oaza", BH_N("大字 only (丁目 unknown)")},
    {"outside", BH_N("outside the city")},
    {"rejected", BH_N("rejected")},
    {"koban", BH_N("交番 only")},
    {"city", BH_N("city-wide total (area unknown)")},
};

const char *bh_crimes_reason_text(const char *id)
{
    if (id == NULL)
        return "";
    for (size_t i = 0; i < sizeof reason_texts / sizeof *reason_texts; i++)
        if (strcmp(id, reason_texts[i].id) == 0)
            return bh_tr(reason_texts[i].text);
    return id;
}
