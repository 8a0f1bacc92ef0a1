/* Import report (see report.h). */
#include "crimes/report.h"
#include "core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/i18n.h"
#include "core/strbuf.h"

#define N_STATES 6
static const char *const state_names[N_STATES] = {"chome",    "oaza",  "outside",
                                                  "rejected", "koban", "city"};

typedef struct rfile {
    char *path, *sha256, *encoding, *status;
    long rows, blank;
    int duplicated, sample, bom;
    long states[N_STATES];
} rfile;

typedef struct rreason {
    char *name;
    long count;
} rreason;

struct bh_crimes_report {
    char kind[16];
    rfile *files;
    int n_files, cap_files;
    rreason *reasons;
    int n_reasons, cap_reasons;
    long states[N_STATES];
    long rows, ambiguous;
};

bh_crimes_report *bh_crimes_report_create(const char *kind)
{
    bh_crimes_report *r = bh_calloc(1, sizeof *r);
    if (r)
        snprintf(r->kind, sizeof r->kind, "%s", kind ? kind : "crimes");
    return r;
}

void bh_crimes_report_destroy(bh_crimes_report *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->n_files; i++) {
        bh_free(r->files[i].path);
        bh_free(r->files[i].sha256);
        bh_free(r->files[i].encoding);
        bh_free(r->files[i].status);
    }
    for (int i = 0; i < r->n_reasons; i++)
        bh_free(r->reasons[i].name);
    bh_free(r->files);
    bh_free(r->reasons);
    bh_free(r);
}

int bh_crimes_report_add_file(bh_crimes_report *r, const char *path, const char *sha256,
                              const char *encoding, const char *status)
{
    if (r->n_files == r->cap_files) {
        int nc = r->cap_files ? r->cap_files * 2 : 8;
        rfile *nf = bh_realloc(r->files, (size_t)nc * sizeof *nf);
        if (!nf)
            return -1;
        r->files = nf;
        r->cap_files = nc;
    }
    rfile *f = &r->files[r->n_files];
    memset(f, 0, sizeof *f);
    f->path = bh_strdup(path);
    f->sha256 = bh_strdup(sha256);
    f->encoding = bh_strdup(encoding);
    f->status = bh_strdup(status);
    return r->n_files++;
}

void bh_crimes_report_set_file_info(bh_crimes_report *r, int file, long blank_lines,
                                    int duplicated_columns, int sample, int had_bom)
{
    if (file < 0 || file >= r->n_files)
        return;
    r->files[file].blank = blank_lines;
    r->files[file].duplicated = duplicated_columns;
    r->files[file].sample = sample;
    r->files[file].bom = had_bom;
}

static int state_index(const char *state)
{
    for (int i = 0; i < N_STATES; i++)
        if (strcmp(state, state_names[i]) == 0)
            return i;
    return -1;
}

void bh_crimes_report_row(bh_crimes_report *r, int file, const char *state, const char *reason,
                          int ambiguous)
{
    bh_crimes_report_rows(r, file, state, reason, 1, ambiguous != 0);
}

void bh_crimes_report_rows(bh_crimes_report *r, int file, const char *state, const char *reason,
                           long n, long ambiguous)
{
    int s = state_index(state);
    if (s < 0 || n <= 0)
        return;
    r->rows += n;
    r->states[s] += n;
    r->ambiguous += ambiguous;
    if (file >= 0 && file < r->n_files) {
        r->files[file].rows += n;
        r->files[file].states[s] += n;
    }
    if (!reason)
        return;
    for (int i = 0; i < r->n_reasons; i++)
        if (strcmp(r->reasons[i].name, reason) == 0) {
            r->reasons[i].count += n;
            return;
        }
    if (r->n_reasons == r->cap_reasons) {
        int nc = r->cap_reasons ? r->cap_reasons * 2 : 8;
        rreason *nr = bh_realloc(r->reasons, (size_t)nc * sizeof *nr);
        if (!nr)
            return;
        r->reasons = nr;
        r->cap_reasons = nc;
    }
    r->reasons[r->n_reasons].name = bh_strdup(reason);
    r->reasons[r->n_reasons].count = n;
    r->n_reasons++;
}

long bh_crimes_report_rows_read(const bh_crimes_report *r)
{
    return r->rows;
}

long bh_crimes_report_state(const bh_crimes_report *r, const char *state)
{
    int s = state_index(state);
    return s < 0 ? 0 : r->states[s];
}

long bh_crimes_report_reason(const bh_crimes_report *r, const char *reason)
{
    for (int i = 0; i < r->n_reasons; i++)
        if (strcmp(r->reasons[i].name, reason) == 0)
            return r->reasons[i].count;
    return 0;
}

int bh_crimes_report_n_files(const bh_crimes_report *r)
{
    return r->n_files;
}
long bh_crimes_report_file_rows(const bh_crimes_report *r, int file)
{
    return file >= 0 && file < r->n_files ? r->files[file].rows : 0;
}
const char *bh_crimes_report_file_status(const bh_crimes_report *r, int file)
{
    return file >= 0 && file < r->n_files ? r->files[file].status : NULL;
}

/* States shown for this kind of report (open data never has koban/city). */
static int shown_states(const bh_crimes_report *r)
{
    return strcmp(r->kind, "counts") == 0 ? N_STATES : 4;
}

static void json_states(bh_strbuf *sb, const bh_crimes_report *r, const long *states)
{
    bh_strbuf_append(sb, "{");
    for (int i = 0; i < shown_states(r); i++)
        bh_strbuf_printf(sb, "%s\"%s\": %ld", i ? ", " : "", state_names[i], states[i]);
    bh_strbuf_append(sb, "}");
}

char *bh_crimes_report_json(const bh_crimes_report *r)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    bh_strbuf_printf(&sb, "{\n  \"kind\": \"%s\",\n  \"rows_read\": %ld,\n  \"states\": ", r->kind,
                     r->rows);
    json_states(&sb, r, r->states);
    bh_strbuf_append(&sb, ",\n  \"reasons\": {");
    for (int i = 0; i < r->n_reasons; i++) {
        bh_strbuf_append(&sb, i ? ", " : "");
        bh_strbuf_json(&sb, r->reasons[i].name);
        bh_strbuf_printf(&sb, ": %ld", r->reasons[i].count);
    }
    bh_strbuf_printf(&sb, "},\n  \"ambiguous_names\": %ld,\n  \"files\": [", r->ambiguous);
    for (int i = 0; i < r->n_files; i++) {
        const rfile *f = &r->files[i];
        bh_strbuf_append(&sb, i ? ",\n    {\"path\": " : "\n    {\"path\": ");
        bh_strbuf_json(&sb, f->path);
        bh_strbuf_append(&sb, ", \"sha256\": ");
        bh_strbuf_json(&sb, f->sha256);
        bh_strbuf_append(&sb, ", \"encoding\": ");
        bh_strbuf_json(&sb, f->encoding);
        bh_strbuf_append(&sb, ", \"status\": ");
        bh_strbuf_json(&sb, f->status);
        bh_strbuf_printf(&sb,
                         ", \"bom\": %s, \"rows_read\": %ld, \"blank_lines\": %ld, "
                         "\"duplicated_columns\": %s, \"sample\": %s, \"states\": ",
                         f->bom ? "true" : "false", f->rows, f->blank,
                         f->duplicated ? "true" : "false", f->sample ? "true" : "false");
        json_states(&sb, r, f->states);
        bh_strbuf_append(&sb, "}");
    }
    bh_strbuf_append(&sb, r->n_files ? "\n  ]\n}\n" : "]\n}\n");
    return bh_strbuf_take(&sb);
}

/* A file's status for people: the identifiers are their own English (imported,
 * already_imported), translated like any message. */
static const char *report_status_text(const char *status)
{
    static const char *const statuses[] = {BH_N("imported"), BH_N("already_imported")};
    for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
        if (strcmp(status, statuses[i]) == 0)
            return bh_tr(statuses[i]);
    return status;
}

char *bh_crimes_report_text(const bh_crimes_report *r)
{
    bh_strbuf sb;
    bh_strbuf_init(&sb);
    for (int i = 0; i < r->n_files; i++) {
        const rfile *f = &r->files[i];
        bh_strbuf_printf(&sb, bh_tr("%s: %s, %s%s, %ld rows"), f->path,
                         report_status_text(f->status), f->encoding, f->bom ? " (BOM)" : "",
                         f->rows);
        if (f->blank)
            bh_strbuf_printf(&sb, bh_tr(", %ld blank lines skipped"), f->blank);
        if (f->duplicated)
            bh_strbuf_append(&sb, bh_tr(", columns duplicated side by side"));
        if (f->sample)
            bh_strbuf_append(&sb, bh_tr(", sample data"));
        bh_strbuf_append(&sb, "\n");
    }
    bh_strbuf_printf(&sb, bh_tr("rows read: %ld\n"), r->rows);
    for (int i = 0; i < shown_states(r); i++)
        bh_strbuf_printf(&sb, "  %-9s %ld  %s\n", state_names[i], r->states[i],
                         bh_crimes_reason_text(state_names[i]));
    for (int i = 0; i < r->n_reasons; i++)
        bh_strbuf_printf(&sb, bh_tr("  rejected: %-20s %ld  %s\n"), r->reasons[i].name,
                         r->reasons[i].count, bh_crimes_reason_text(r->reasons[i].name));
    if (r->ambiguous)
        bh_strbuf_printf(&sb,
                         bh_tr("  on a group of 町丁目 sharing one name (see 'bohan crimes "
                               "unplaced'): %ld\n"),
                         r->ambiguous);
    return bh_strbuf_take(&sb);
}
