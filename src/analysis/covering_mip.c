/* The covering model in GLPK: CPLEX LP export and the exact solve (glp_intopt with a time limit,
 * started from the greedy solution). */
#include "analysis/covering_internal.h"
#include "core/alloc.h"

#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "analysis/pointgrid.h"
#include "core/array.h"

/* Spacing rows x_a + x_b <= 1 for every pair of model candidates closer than the spacing. */
static int add_spacing(glp_prob *P, const bh_cov_model *m)
{
    if (!(m->spacing > 0))
        return 0;
    bh_pointgrid g;
    if (bh_pointgrid_build(&g, m->sx, m->sy, m->n, m->spacing))
        return -1;
    uint32_t *buf = NULL;
    size_t cap = 0;
    int rc = 0;
    for (uint32_t a = 0; a < m->n && rc == 0; a++) {
        size_t len = 0;
        if (bh_pointgrid_within(&g, m->sx[a], m->sy[a], m->spacing, &buf, &len, &cap)) {
            rc = -1;
            break;
        }
        for (size_t q = 0; q < len; q++) {
            uint32_t b = buf[q];
            double dx = m->sx[a] - m->sx[b], dy = m->sy[a] - m->sy[b];
            if (b <= a || !(sqrt(dx * dx + dy * dy) < m->spacing))
                continue;
            int r = glp_add_rows(P, 1), ind[3] = {0, (int)a + 1, (int)b + 1};
            double val[3] = {0, 1, 1};
            char name[64];
            snprintf(name, sizeof name, "space_%u_%u", m->cand[a], m->cand[b]);
            glp_set_row_name(P, r, name);
            glp_set_row_bnds(P, r, GLP_UP, 0, 1);
            glp_set_mat_row(P, r, 2, ind, val);
        }
    }
    bh_free(buf);
    bh_pointgrid_free(&g);
    return rc;
}

static int add_cover_rows(glp_prob *P, const bh_cov_model *m)
{
    size_t *ts = NULL;
    uint32_t *tl = NULL;
    int *ind = NULL;
    double *val = NULL;
    int rc = -1;
    if (bh_cov_transpose(m, &ts, &tl))
        goto done;
    size_t maxlen = 0;
    for (uint32_t i = 0; i < m->m; i++)
        if (ts[i + 1] - ts[i] > maxlen)
            maxlen = ts[i + 1] - ts[i];
    ind = bh_malloc((maxlen + 2) * sizeof *ind);
    val = bh_malloc((maxlen + 2) * sizeof *val);
    if (!ind || !val)
        goto done;
    if (m->m > 0)
        glp_add_rows(P, (int)m->m);
    for (uint32_t i = 0; i < m->m; i++) {
        char name[32];
        snprintf(name, sizeof name, "cover_%u", m->dem[i]);
        glp_set_row_name(P, (int)i + 1, name);
        glp_set_row_bnds(P, (int)i + 1, GLP_UP, 0, 0);
        int len = 0;
        ind[++len] = (int)m->n + (int)i + 1; /* y_i */
        val[len] = 1;
        for (size_t q = ts[i]; q < ts[i + 1]; q++) {
            ind[++len] = (int)tl[q] + 1;
            val[len] = -1;
        }
        glp_set_mat_row(P, (int)i + 1, len, ind, val);
    }
    rc = 0;
done:
    bh_free(ts);
    bh_free(tl);
    bh_free(ind);
    bh_free(val);
    return rc;
}

/* Columns x_1..x_n then y_1..y_m (and with the constant, fixed_coverage fixed at 1 whose
 * coefficient is the weight the fixed sites cover); rows cover_*, k, space_*. NULL when memory
 * runs out. */
static glp_prob *build(const bh_cov_model *m, int k, int constant)
{
    glp_prob *P = glp_create_prob();
    glp_set_prob_name(P, "covering");
    glp_set_obj_name(P, "coverage");
    glp_set_obj_dir(P, GLP_MAX);
    if (m->n + m->m > 0)
        glp_add_cols(P, (int)(m->n + m->m));
    char name[32];
    for (uint32_t j = 0; j < m->n; j++) {
        snprintf(name, sizeof name, "x_%u", m->cand[j]);
        glp_set_col_name(P, (int)j + 1, name);
        glp_set_col_kind(P, (int)j + 1, GLP_BV);
    }
    for (uint32_t i = 0; i < m->m; i++) {
        int c = (int)(m->n + i) + 1;
        snprintf(name, sizeof name, "y_%u", m->dem[i]);
        glp_set_col_name(P, c, name);
        glp_set_col_bnds(P, c, GLP_DB, 0, 1);
        glp_set_obj_coef(P, c, m->w[i]);
    }
    if (constant && m->covered_before > 0) {
        int c = glp_add_cols(P, 1);
        glp_set_col_name(P, c, "fixed_coverage");
        glp_set_col_bnds(P, c, GLP_FX, 1, 1);
        glp_set_obj_coef(P, c, m->covered_before);
    }
    if (add_cover_rows(P, m)) {
        glp_delete_prob(P);
        return NULL;
    }
    int r = glp_add_rows(P, 1);
    glp_set_row_name(P, r, "k");
    glp_set_row_bnds(P, r, GLP_UP, 0, k);
    int *ind = bh_malloc(((size_t)m->n + 1) * sizeof *ind);
    double *val = bh_malloc(((size_t)m->n + 1) * sizeof *val);
    if (!ind || !val || add_spacing(P, m)) {
        bh_free(ind);
        bh_free(val);
        glp_delete_prob(P);
        return NULL;
    }
    for (uint32_t j = 0; j < m->n; j++) {
        ind[j + 1] = (int)j + 1;
        val[j + 1] = 1;
    }
    glp_set_mat_row(P, r, (int)m->n, ind, val);
    bh_free(ind);
    bh_free(val);
    return P;
}

int bh_cov_mip_export(bh_ctx *ctx, const bh_cov_model *m, int k, const char *path)
{
    int out = glp_term_out(GLP_OFF); /* GLPK prints to stdout; the library never prints */
    glp_prob *P = build(m, k, 1);
    if (!P) {
        glp_term_out(out);
        return bh_error(ctx, BH_E_NOMEM, "covering: out of memory building the LP model");
    }
    int rc = glp_write_lp(P, NULL, path);
    glp_delete_prob(P);
    glp_term_out(out);
    if (rc)
        return bh_error(ctx, BH_E_IO, "%s: cannot write the LP model", path);
    return BH_OK;
}

/* State of the branch-and-cut callback. */
typedef struct mipcb {
    const bh_cov_model *m;
    const uint32_t *sel;
    size_t nsel;
    int given;    /* the greedy solution was handed to GLPK */
    double bound; /* best bound of the open nodes seen, -1 before any */
} mipcb;

static void callback(glp_tree *T, void *info)
{
    mipcb *cb = info;
    int reason = glp_ios_reason(T);
    if (reason == GLP_IHEUR && !cb->given) {
        const bh_cov_model *m = cb->m;
        double *x = bh_calloc((size_t)m->n + m->m + 1, sizeof *x);
        if (x) {
            for (size_t s = 0; s < cb->nsel; s++) {
                uint32_t j = cb->sel[s];
                x[j + 1] = 1;
                for (size_t q = m->start[j]; q < m->start[j + 1]; q++)
                    x[m->n + m->list[q] + 1] = 1;
            }
            glp_ios_heur_sol(T, x);
            bh_free(x);
        }
        cb->given = 1;
    }
    int node = glp_ios_best_node(T);
    if (node) {
        double b = glp_ios_node_bound(T, node);
        if (cb->bound < 0 || b < cb->bound)
            cb->bound = b;
    }
}

static int ms_left(const struct timespec *t0, double limit)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    double used = (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
    double left = (limit - used) * 1000;
    return left < 1 ? 1 : (left > 2e9 ? 2000000000 : (int)left);
}

/* Reads the chosen columns of a MIP solution into sel. */
static void read_sites(glp_prob *P, const bh_cov_model *m, int k, uint32_t *sel, size_t *nsel)
{
    *nsel = 0;
    for (uint32_t j = 0; j < m->n && *nsel < (size_t)k; j++)
        if (glp_mip_col_val(P, (int)j + 1) > 0.5)
            sel[(*nsel)++] = j;
}

int bh_cov_mip_solve(bh_ctx *ctx, const bh_cov_model *m, int k, double time_limit, double gap,
                     uint32_t *sel, size_t *nsel, double *bound, int *optimal, int *timed_out)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    *optimal = *timed_out = 0;
    int out = glp_term_out(GLP_OFF);
    glp_prob *P = build(m, k, 0);
    if (!P) {
        glp_term_out(out);
        return bh_error(ctx, BH_E_NOMEM, "covering: out of memory building the MIP model");
    }
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.tm_lim = ms_left(&t0, time_limit);
    int rc = glp_simplex(P, &sp);
    if (rc == 0 && glp_get_status(P) == GLP_OPT) {
        if (glp_get_obj_val(P) < *bound)
            *bound = glp_get_obj_val(P);
        mipcb cb = {m, sel, *nsel, 0, -1};
        glp_iocp ip;
        glp_init_iocp(&ip);
        ip.msg_lev = GLP_MSG_OFF;
        ip.cb_func = callback;
        ip.cb_info = &cb;
        ip.clq_cuts = GLP_ON;
        ip.mip_gap = gap;
        ip.tm_lim = ms_left(&t0, time_limit);
        rc = glp_intopt(P, &ip);
        int st = glp_mip_status(P);
        double incumbent = bh_cov_value(m, sel, *nsel);
        if (st == GLP_OPT && rc == 0) {
            read_sites(P, m, k, sel, nsel);
            *optimal = 1;
            *bound = glp_mip_obj_val(P);
        } else {
            if ((st == GLP_OPT || st == GLP_FEAS) && glp_mip_obj_val(P) > incumbent)
                read_sites(P, m, k, sel, nsel);
            if (cb.bound >= 0 && cb.bound < *bound)
                *bound = cb.bound;
            *timed_out = rc == GLP_ETMLIM;
        }
    } else {
        *timed_out = 1; /* the LP relaxation did not finish: keep the greedy solution */
    }
    glp_delete_prob(P);
    glp_term_out(out);
    return BH_OK;
}
