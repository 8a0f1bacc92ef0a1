/* Where the project's data (city profiles, layers, styles) lives: never a path compiled in, so
 * the same build runs from its build tree and from any install prefix. */
/* dladdr is a GNU extension. */
#define _GNU_SOURCE
#include "core/city.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "bohan/version.h"

static char home_root[PATH_MAX];
static char home_city[PATH_MAX + 16];
static pthread_once_t home_once = PTHREAD_ONCE_INIT;

static int home_is_root(const char *dir)
{
    char probe[PATH_MAX];
    struct stat sb;
    int n = snprintf(probe, sizeof probe, "%s/layers", dir);
    return n > 0 && (size_t)n < sizeof probe && stat(probe, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* rel resolved against the directory of the file that holds libbohan, if that is a data root. */
static int home_beside_library(const char *rel)
{
    Dl_info info;
    if (dladdr((void *)bh_home_dir, &info) == 0 || info.dli_fname == NULL)
        return 0;
    const char *slash = strrchr(info.dli_fname, '/');
    int len = slash ? (int)(slash - info.dli_fname) : 1;
    const char *dir = slash ? info.dli_fname : ".";
    char cand[PATH_MAX];
    int n = snprintf(cand, sizeof cand, "%.*s/%s", len, dir, rel);
    if (n <= 0 || (size_t)n >= sizeof cand || !home_is_root(cand))
        return 0;
    if (realpath(cand, home_root) == NULL)
        snprintf(home_root, sizeof home_root, "%s", cand);
    return 1;
}

/* $BOHAN_HOME overrides; else the installed share/bohan beside the library's libdir; else the
 * build tree's share/bohan (links to the source's data, layers and styles, made by CMake). */
static void home_find(void)
{
    const char *env = getenv("BOHAN_HOME");
    if (env && *env)
        snprintf(home_root, sizeof home_root, "%s", env);
    else if (!home_beside_library(BH_DATA_REL) && !home_beside_library("share/bohan"))
        snprintf(home_root, sizeof home_root, "%s", ".");
    snprintf(home_city, sizeof home_city, "%s/data/matsudo", home_root);
}

const char *bh_home_dir(void)
{
    pthread_once(&home_once, home_find);
    return home_root;
}

const char *bh_city_default_dir(void)
{
    const char *c = getenv("BOHAN_CITY");
    if (c && *c)
        return c;
    pthread_once(&home_once, home_find);
    return home_city;
}
