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
#include "bohan/i18n.h"
#include "bohan/version.h"

static char home_root[PATH_MAX];
static char home_city[PATH_MAX + 16];
static pthread_once_t home_once = PTHREAD_ONCE_INIT;
static char locale_root[PATH_MAX];
static pthread_once_t locale_once = PTHREAD_ONCE_INIT;

static int home_is_root(const char *dir)
{
    char probe[PATH_MAX];
    struct stat sb;
    int n = snprintf(probe, sizeof probe, "%s/layers", dir);
    return n > 0 && (size_t)n < sizeof probe && stat(probe, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int home_is_dir(const char *dir)
{
    struct stat sb;
    return stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* rel resolved against the directory of the file that holds libbohan into out (PATH_MAX), if
 * accept() takes it. */
static int home_beside_library_to(const char *rel, int (*accept)(const char *), char *out)
{
    Dl_info info;
    if (dladdr((void *)bh_home_dir, &info) == 0 || info.dli_fname == NULL)
        return 0;
    const char *slash = strrchr(info.dli_fname, '/');
    int len = slash ? (int)(slash - info.dli_fname) : 1;
    const char *dir = slash ? info.dli_fname : ".";
    char cand[PATH_MAX];
    int n = snprintf(cand, sizeof cand, "%.*s/%s", len, dir, rel);
    if (n <= 0 || (size_t)n >= sizeof cand || !accept(cand))
        return 0;
    if (realpath(cand, out) == NULL)
        snprintf(out, PATH_MAX, "%s", cand);
    return 1;
}

static int home_beside_library(const char *rel)
{
    return home_beside_library_to(rel, home_is_root, home_root);
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

/* $BOHAN_LOCALEDIR; else share/locale of the install (BH_LOCALE_REL from the libdir); else the
 * build tree's share/locale (made by CMake when msgfmt was found). Not under $BOHAN_HOME: that
 * names the data (profiles, layers, styles), which tests point at the source tree. */
static void locale_find(void)
{
    const char *env = getenv("BOHAN_LOCALEDIR");
    if (env && *env)
        snprintf(locale_root, sizeof locale_root, "%s", env);
    else if (!home_beside_library_to(BH_LOCALE_REL, home_is_dir, locale_root) &&
             !home_beside_library_to("share/locale", home_is_dir, locale_root))
        locale_root[0] = '\0';
}

const char *bh_locale_dir(void)
{
    pthread_once(&locale_once, locale_find);
    return locale_root[0] ? locale_root : NULL;
}
