/* Hot spots: Gi* on a toy lattice against hand computation, permutation p-values, SQL
 * contiguity weights, KDE mass, and the written layers on the crimes_stats fixture. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/gistar.h"
#include "analysis/kde.h"
#include "analysis/weights.h"
#include "core/strbuf.h"
#include "crimes/hotspots.h"
#include "crimes_stats_fixture.h"
#include "support.h"

typedef struct fx {
    bh_ctx *ctx;
    char *dir, *path;
    bh_db *db;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    assert_int_equal(bh_ctx_create(&f->ctx), BH_OK);
    f->dir = bh_test_tmpdir("hotspots");
    f->path = bh_asprintf("%s/db.sqlite", f->dir);
    f->db = cs_fixture_db(f->ctx, f->path);
    assert_non_null(f->db);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    bh_db_close(f->db);
    bh_ctx_destroy(f->ctx);
    bh_test_rmtree(f->dir);
    free(f->dir);
    free(f->path);
    free(f);
    return 0;
}

/* 3 × 3 lattice, values 1..9 row-major:   1 2 3 / 4 5 6 / 7 8 9.
 * n = 9, x̄ = 5, Σx² = 285, S = sqrt(285/9 − 25) = sqrt(20/3) = 2.5819889.
 * Rook, corner cell 0 (x = 1): neighbours 1 (2), 3 (4) + itself → Σ w x = 7, W = 3.
 *   z = (7 − 5·3) / (S · sqrt((9·3 − 3²)/8)) = −8 / (2.5819889 · 1.5) = −2.0655911.
 * Queen, cell 0: neighbours 1, 3, 4 (2, 4, 5) + itself → Σ w x = 12, W = 4.
 *   z = (12 − 20) / (S · sqrt((36 − 16)/8)) = −8 / (2.5819889 · 1.5811388) = −1.9595918.
 * Centre cell 4 (x = 5) under rook: Σ w x = 25 = x̄ · W → z = 0. */
static void test_gistar_matches_hand_computation_on_3x3_lattice(void **state)
{
    fx *f = *state;
    const double x[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    double z[9];
    bh_weights *w = NULL;
    assert_int_equal(bh_weights_lattice(f->ctx, 3, 3, 0, &w), BH_OK);
    assert_int_equal(bh_weights_degree(w, 4), 4);
    assert_int_equal(bh_gistar(f->ctx, w, x, 0, 1, 0.05, z, NULL, NULL), BH_OK);
    assert_float_equal(z[0], -2.0655911, 1e-6);
    assert_float_equal(z[8], 2.0655911, 1e-6);
    assert_float_equal(z[4], 0.0, 1e-12);
    bh_weights_destroy(w);
    assert_int_equal(bh_weights_lattice(f->ctx, 3, 3, 1, &w), BH_OK);
    assert_int_equal(bh_weights_degree(w, 4), 8);
    assert_int_equal(bh_gistar(f->ctx, w, x, 0, 1, 0.05, z, NULL, NULL), BH_OK);
    assert_float_equal(z[0], -1.9595918, 1e-6);
    bh_weights_destroy(w);
    bh_weights_destroy(NULL);
}

static void test_p_sim_reproducible_for_seed_and_finds_planted_hot_spot(void **state)
{
    fx *f = *state;
    /* 10 × 10 lattice of ones with a 3 × 3 block of 20s in the middle: the centre is hot. */
    double x[100], z1[100], z2[100], p1[100], p2[100], z3[100], p3[100];
    int c1[100], c2[100], c3[100];
    for (int i = 0; i < 100; i++)
        x[i] = (i / 10 >= 4 && i / 10 <= 6 && i % 10 >= 4 && i % 10 <= 6) ? 20 : 1;
    bh_weights *w = NULL;
    assert_int_equal(bh_weights_lattice(f->ctx, 10, 10, 1, &w), BH_OK);
    assert_int_equal(bh_gistar(f->ctx, w, x, 999, 42, 0.05, z1, p1, c1), BH_OK);
    assert_int_equal(bh_gistar(f->ctx, w, x, 999, 42, 0.05, z2, p2, c2), BH_OK);
    assert_int_equal(bh_gistar(f->ctx, w, x, 999, 7, 0.05, z3, p3, c3), BH_OK);
    int differs = 0;
    for (int i = 0; i < 100; i++) {
        assert_float_equal(p1[i], p2[i], 0);
        assert_int_equal(c1[i], c2[i]);
        assert_true(p1[i] >= 1.0 / 1000 && p1[i] <= 0.5 + 1e-9);
        differs |= p1[i] != p3[i];
    }
    assert_true(differs);
    assert_int_equal(c1[55], BH_GISTAR_HOT);
    /* The centre's 8 neighbours + itself are all 20: no permutation reaches it. */
    assert_float_equal(p1[55], 1.0 / 1000, 1e-12);
    /* Corner 0 holds the minimum possible sum (four 1s): every permutation ties or exceeds it,
     * esda counts ties as "larger", folds 999 to 0 → p_sim = 1/1000. Its z is only
     * (4 − 2.71·4) / (5.4375 · sqrt((400 − 16)/99)) = −0.639, under 1.96: class none. */
    assert_float_equal(p1[0], 1.0 / 1000, 1e-12);
    assert_float_equal(z1[0], -0.6387, 1e-3);
    assert_int_equal(c1[0], BH_GISTAR_NONE);
    assert_float_equal(bh_gistar_z_critical(0.05), 1.959964, 1e-6);
    /* Cell 33 (row 3, col 3) touches one 20 (cell 44): sum 28 of 9 cells; not significant
     * either way with this many high draws possible. */
    assert_true(z1[33] > 0);
    assert_string_equal(bh_gistar_class_name(c1[55]), "hot");
    bh_weights_destroy(w);
}

static void test_gistar_rejects_tiny_input_and_constant_data(void **state)
{
    fx *f = *state;
    bh_weights *w = NULL;
    double x[4] = {3, 3, 3, 3}, z[4], p[4];
    int c[4];
    assert_int_equal(bh_weights_lattice(f->ctx, 1, 2, 0, &w), BH_OK);
    assert_int_equal(bh_gistar(f->ctx, w, x, 9, 1, 0.05, z, p, c), BH_E_ARG);
    bh_weights_destroy(w);
    assert_int_equal(bh_weights_lattice(f->ctx, 2, 2, 0, &w), BH_OK);
    assert_int_equal(bh_gistar(f->ctx, w, x, 99, 1, 0.05, z, p, c), BH_OK);
    assert_float_equal(z[0], 0, 0);
    assert_float_equal(p[0], 1, 0);
    assert_int_equal(c[0], BH_GISTAR_NONE);
    bh_weights_destroy(w);
}

static void test_rng_below_is_bounded_and_seeded(void **state)
{
    (void)state;
    bh_rng a, b;
    bh_rng_seed(&a, 5);
    bh_rng_seed(&b, 5);
    long hist[7] = {0};
    for (int i = 0; i < 70000; i++) {
        uint64_t v = bh_rng_below(&a, 7);
        assert_true(v < 7);
        assert_int_equal(v, bh_rng_below(&b, 7));
        hist[v]++;
    }
    for (int i = 0; i < 7; i++)
        assert_true(hist[i] > 9500 && hist[i] < 10500);
}

static void test_sql_contiguity_matches_lattice(void **state)
{
    fx *f = *state;
    /* 3 × 3 squares of 100 m as WKB from SpatiaLite. */
    unsigned char *wkb[9];
    size_t len[9];
    for (int i = 0; i < 9; i++) {
        char *sql =
            bh_asprintf("SELECT AsBinary(CastToMultiPolygon(BuildMbr(%d, %d, %d, %d)))",
                        (i % 3) * 100, (i / 3) * 100, (i % 3) * 100 + 100, (i / 3) * 100 + 100);
        sqlite3_stmt *st;
        assert_int_equal(bh_db_prepare(f->db, sql, &st), BH_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        len[i] = (size_t)sqlite3_column_bytes(st, 0);
        wkb[i] = malloc(len[i]);
        memcpy(wkb[i], sqlite3_column_blob(st, 0), len[i]);
        sqlite3_finalize(st);
        free(sql);
    }
    for (int queen = 0; queen <= 1; queen++) {
        bh_weights *ws = NULL, *wl = NULL;
        assert_int_equal(bh_weights_from_wkb(f->db, (const unsigned char *const *)wkb, len, 9,
                                             queen ? BH_WEIGHTS_QUEEN : BH_WEIGHTS_ROOK, 0, &ws),
                         BH_OK);
        assert_int_equal(bh_weights_lattice(f->ctx, 3, 3, queen, &wl), BH_OK);
        for (size_t i = 0; i < 9; i++) {
            assert_int_equal(bh_weights_degree(ws, i), bh_weights_degree(wl, i));
            for (size_t k = 0; k < bh_weights_degree(ws, i); k++)
                assert_int_equal(bh_weights_neighbors(ws, i)[k], bh_weights_neighbors(wl, i)[k]);
        }
        bh_weights_destroy(ws);
        bh_weights_destroy(wl);
    }
    /* Distance band 100 m between centroids = rook on this lattice; 142 m = queen. */
    bh_weights *wd = NULL;
    assert_int_equal(bh_weights_from_wkb(f->db, (const unsigned char *const *)wkb, len, 9,
                                         BH_WEIGHTS_DISTANCE, 142, &wd),
                     BH_OK);
    assert_int_equal(bh_weights_degree(wd, 4), 8);
    assert_int_equal(bh_weights_degree(wd, 0), 3);
    bh_weights_destroy(wd);
    for (int i = 0; i < 9; i++)
        free(wkb[i]);
    bh_weights_kind k;
    double band;
    assert_int_equal(bh_weights_parse(f->ctx, "distance:250", &k, &band), BH_OK);
    assert_int_equal(k, BH_WEIGHTS_DISTANCE);
    assert_float_equal(band, 250, 0);
    assert_int_equal(bh_weights_parse(f->ctx, "bishop", &k, &band), BH_E_ARG);
}

/* Σ density × cell² over a grid reaching 5 h past every point = Σ weights (3 points, weights
 * 1 + 2 + 3 = 6) within 0.2 %; a grid cut at the points loses the mass outside it. */
static void test_kde_integrates_to_point_weight(void **state)
{
    fx *f = *state;
    const double px[3] = {0, 300, 1000}, py[3] = {0, 200, -400}, pw[3] = {1, 2, 3};
    double h = 150, cell = 50, x0 = -1000, y0 = -1500;
    size_t cols = 68, rows = 54; /* −1000..2400 × −1500..1200 */
    double *d = malloc(cols * rows * sizeof *d);
    assert_int_equal(bh_kde_grid(f->ctx, px, py, pw, 3, x0, y0, cols, rows, cell, h, d), BH_OK);
    double mass = 0;
    for (size_t i = 0; i < cols * rows; i++)
        mass += d[i] * cell * cell;
    assert_float_equal(mass, 6.0, 6.0 * 0.002);
    /* Peak at the heaviest point: 3 / (2π h²) plus small tails from the others. */
    size_t c = (size_t)((1000 - x0) / cell), r = (size_t)((-400 - y0) / cell);
    assert_true(d[r * cols + c] >
                0.95 * 3 / (2 * M_PI * h * h) * exp(-(25.0 * 25 * 2) / (2 * h * h)));
    assert_int_equal(bh_kde_grid(f->ctx, px, py, pw, 3, x0, y0, cols, rows, 0, h, d), BH_E_ARG);
    free(d);
}

static void test_hotspot_layers_written_and_catalogued(void **state)
{
    fx *f = *state;
    bh_hotspot_opts o;
    bh_hotspot_opts_default(&o);
    o.summary.from_ym = 202401;
    o.summary.to_ym = 202412;
    o.bandwidth_m = 200;
    o.cell_m = 100;
    bh_hotspot_report r;
    if (bh_hotspots_kde(f->db, &o, &r) != BH_OK)
        fail_msg("%s", bh_ctx_error(f->ctx));
    /* 30 × 20 cells over the 3 km × 2 km blocks; 8 + 10 + 4 + 2 (甲-only) placed; the unknown
     * key (1) and the city-wide count (10) cannot be placed. */
    assert_int_equal(r.features, 600);
    assert_int_equal(r.placed, 24);
    assert_int_equal(r.unplaced, 11);
    assert_int_equal(bh_db_scalar_int(f->db, "SELECT COUNT(*) FROM hotspot_kde", 0), 600);
    assert_int_equal(bh_db_scalar_int(f->db,
                                      "SELECT kind = 'approximate' AND source = 'derived' FROM "
                                      "layers WHERE name = 'hotspot_kde'",
                                      0),
                     1);
    /* Mass inside the blocks' extent: most of the 24 (bandwidth 200 m, points ≥ 500 m from
     * the outer edge except 甲's at the south edge). */
    long mass = (long)bh_db_scalar_int(f->db, "SELECT ROUND(SUM(expected)) FROM hotspot_kde", 0);
    assert_true(mass >= 18 && mass <= 24);

    o.permutations = 99;
    o.seed = 3;
    if (bh_hotspots_gistar(f->db, &o, &r) != BH_OK)
        fail_msg("%s", bh_ctx_error(f->ctx));
    assert_int_equal(r.features, 5); /* the 5 blocks; remainder rows have no polygon */
    assert_int_equal(bh_db_scalar_int(f->db,
                                      "SELECT COUNT(*) FROM hotspot_gistar WHERE "
                                      "p_sim > 0 AND p_sim <= 1 AND class IN "
                                      "('hot','cold','none')",
                                      0),
                     5);
    /* 005 touches all four other blocks (queen). */
    assert_int_equal(bh_db_scalar_int(f->db,
                                      "SELECT neighbours FROM hotspot_gistar WHERE "
                                      "area_id = '005'",
                                      0),
                     4);
    /* Re-running replaces the table (same seed → same p_sim). */
    double p1 = 0;
    sqlite3_stmt *st;
    assert_int_equal(
        bh_db_prepare(f->db, "SELECT p_sim FROM hotspot_gistar WHERE area_id='002'", &st), BH_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        p1 = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    assert_int_equal(bh_hotspots_gistar(f->db, &o, &r), BH_OK);
    assert_int_equal(bh_db_scalar_int(f->db, "SELECT COUNT(*) FROM hotspot_gistar", 0), 5);
    assert_int_equal(
        bh_db_prepare(f->db, "SELECT p_sim FROM hotspot_gistar WHERE area_id='002'", &st), BH_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_float_equal(sqlite3_column_double(st, 0), p1, 0);
    sqlite3_finalize(st);
}

static void test_failed_hotspot_run_leaves_db_unchanged(void **state)
{
    fx *f = *state;
    bh_hotspot_opts o;
    bh_hotspot_opts_default(&o);
    bh_hotspot_report r;
    assert_int_equal(bh_hotspots_kde(f->db, &o, &r), BH_OK);
    bh_db_close(f->db);
    char *copy = bh_asprintf("%s/before.sqlite", f->dir);
    assert_int_equal(bh_test_copy(f->path, copy), 0);
    assert_int_equal(bh_db_open(f->ctx, f->path, 0, &f->db), BH_OK);
    assert_int_equal(bh_db_exec(f->db, "CREATE TEMP TRIGGER boom BEFORE INSERT ON layers "
                                       "BEGIN SELECT RAISE(ABORT, 'boom'); END"),
                     BH_OK);
    assert_int_not_equal(bh_hotspots_kde(f->db, &o, &r), BH_OK);
    o.summary.types = "no such type";
    assert_int_equal(bh_hotspots_gistar(f->db, &o, &r), BH_E_ARG);
    bh_db_close(f->db);
    f->db = NULL;
    assert_true(bh_test_same_bytes(f->path, copy));
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_gistar_matches_hand_computation_on_3x3_lattice, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_p_sim_reproducible_for_seed_and_finds_planted_hot_spot,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_gistar_rejects_tiny_input_and_constant_data, setup,
                                        teardown),
        cmocka_unit_test(test_rng_below_is_bounded_and_seeded),
        cmocka_unit_test_setup_teardown(test_sql_contiguity_matches_lattice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kde_integrates_to_point_weight, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hotspot_layers_written_and_catalogued, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_failed_hotspot_run_leaves_db_unchanged, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
