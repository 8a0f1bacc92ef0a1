/* libFuzzer: the department-name normaliser (bh_plan_department_key) on arbitrary bytes.
 * Invariants: never NULL; no half-width parenthesis and no leading/trailing space or tab in the
 * key; normalising a key gives the key again (idempotent); valid UTF-8 stays valid UTF-8. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cpl_string.h>
#include "fuzz_common.h"
#include "plan/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = bh_fuzz_cstr(data, size);
    char *k = bh_plan_department_key(s);
    if (k == NULL || strchr(k, '(') || strchr(k, ')'))
        abort();
    size_t n = strlen(k);
    if (n > 0 && (k[0] == ' ' || k[0] == '\t' || k[n - 1] == ' ' || k[n - 1] == '\t'))
        abort();
    char *k2 = bh_plan_department_key(k);
    if (k2 == NULL || strcmp(k, k2) != 0)
        abort();
    if (CPLIsUTF8(s, -1) && !CPLIsUTF8(k, -1))
        abort();
    free(k2);
    free(k);
    free(s);
    return 0;
}
