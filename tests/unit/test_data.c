/* test_data.c -- unit tests of lib/data.c (Criterion).
 *
 * Generators: label counts, the ranges each one promises, and a few pinned values (first point
 * for a fixed seed, printed once with %.17g). xor and pass use only + - * / on draws, so their
 * values are pinned exactly, and xor's whole file by an FNV-1a hash. circle, gauss and spiral
 * go through sin, cos and log, which C does not require to be correctly rounded, so they are
 * pinned to 1e-12: tight enough to catch a draw out of order, loose enough for another libm.
 * Files: an exact write/read round trip, hand-written files, and every error the reader reports,
 * each message checked for the path and the line. Files live in a mkdtemp directory that the
 * fixture removes.
 */
#define _POSIX_C_SOURCE 200809L  // mkdtemp, opendir

#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "scratch.h"

// ----------------------------------------------------------------------------
// Helpers: a scratch directory per test, files in it, hashes

static int count_label(const Dataset *ds, int label) {
    int count = 0;
    for (int k = 0; k < ds->n; k++) count += ds->y[k] == label;
    return count;
}

static int is_empty(const Dataset *ds) {
    return ds->n == 0 && ds->x == NULL && ds->y == NULL;
}

TestSuite(data, .init = make_tmpdir, .fini = remove_tmpdir);

// ----------------------------------------------------------------------------
// Allocation

Test(data, allocates_zeroed_points_and_frees_twice_safely) {
    Dataset ds;
    cr_assert_eq(dataset_alloc(&ds, 3, 2), 0);
    cr_expect_eq(ds.n, 3);
    cr_expect_eq(ds.d, 2);
    for (int i = 0; i < 6; i++) cr_expect_eq(ds.x[i], 0.0);
    for (int k = 0; k < 3; k++) cr_expect_eq(ds.y[k], 0);
    dataset_free(&ds);
    cr_expect(is_empty(&ds));
    dataset_free(&ds);
    Dataset zeroed = {0};
    dataset_free(&zeroed);
}

Test(data, refuses_to_allocate_a_negative_size) {
    Dataset ds;
    cr_expect_eq(dataset_alloc(&ds, -1, 2), -1);
    cr_expect(is_empty(&ds));
    cr_expect_eq(dataset_alloc(&ds, 4, 0), -1);
    cr_expect(is_empty(&ds));
    cr_expect_eq(dataset_alloc(NULL, 4, 2), -1);
}

// ----------------------------------------------------------------------------
// Generators: arguments

typedef int (*Generator)(Dataset *, int, double, Rng *);

Test(data, rejects_bad_generator_arguments_and_leaves_the_dataset_empty) {
    const Generator gens[] = {data_circle, data_xor, data_gauss, data_spiral};
    const char *names[] = {"circle", "xor", "gauss", "spiral"};
    const struct { int n; double noise; } bad[] = {
        {0, 0.1}, {-2, 0.1}, {1, 0.1}, {7, 0.1}, {10, -0.01}, {10, 0.51}, {10, NAN},
    };
    Rng rng;
    rng_seed(&rng, 1, 1);
    for (int g = 0; g < 4; g++) {
        for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
            Dataset ds = {5, 5, (double *)&ds, (int *)&ds};  // garbage that must be cleared
            cr_expect_eq(gens[g](&ds, bad[b].n, bad[b].noise, &rng), -1, "%s(n=%d, noise=%g)",
                         names[g], bad[b].n, bad[b].noise);
            cr_expect(is_empty(&ds), "%s left a non-empty dataset", names[g]);
        }
        Dataset ds;
        cr_expect_eq(gens[g](&ds, 10, 0.1, NULL), -1, "%s with a NULL rng", names[g]);
        cr_expect_eq(gens[g](NULL, 10, 0.1, &rng), -1, "%s with a NULL dataset", names[g]);
        // The edges of the ranges are accepted.
        cr_expect_eq(gens[g](&ds, 2, 0.0, &rng), 0, "%s(n=2, noise=0)", names[g]);
        dataset_free(&ds);
        cr_expect_eq(gens[g](&ds, 2, 0.5, &rng), 0, "%s(n=2, noise=0.5)", names[g]);
        dataset_free(&ds);
    }
}

Test(data, rejects_a_pass_margin_outside_0_to_1) {
    const double bad[] = {-0.1, 1.0, 1.5, NAN};
    Rng rng;
    rng_seed(&rng, 1, 1);
    Dataset ds;
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
        cr_expect_eq(data_pass(&ds, 10, bad[b], &rng), -1, "margin %g", bad[b]);
        cr_expect(is_empty(&ds));
    }
    cr_expect_eq(data_pass(&ds, 9, 0.1, &rng), -1, "odd n");
    cr_expect_eq(data_pass(&ds, 10, 0.1, NULL), -1, "NULL rng");
    cr_expect_eq(data_pass(&ds, 10, 0.0, &rng), 0);
    dataset_free(&ds);
}

// ----------------------------------------------------------------------------
// Generators: shapes and counts

Test(data, puts_half_the_circle_points_inside_2_5_and_half_in_the_ring) {
    Rng rng;
    rng_seed(&rng, 21, 1);
    Dataset ds;
    cr_assert_eq(data_circle(&ds, 500, 0.0, &rng), 0);
    cr_assert_eq(ds.n, 500);
    cr_assert_eq(ds.d, 2);
    for (int k = 0; k < ds.n; k++) {
        double r = hypot(ds.x[2 * k], ds.x[2 * k + 1]);
        if (k < 250)
            cr_assert(r < 2.5 + 1e-12, "inner point %d at radius %.17g", k, r);
        else
            cr_assert(r >= 3.5 - 1e-12 && r <= 5.0 + 1e-12, "outer point %d at radius %g", k, r);
    }
    // Without noise the label is exactly "inner half".
    for (int k = 0; k < ds.n; k++) cr_assert_eq(ds.y[k], k < 250 ? 1 : 0, "point %d", k);
    dataset_free(&ds);
}

Test(data, labels_circle_points_from_the_noisy_copy_but_stores_them_clean) {
    Rng rng;
    rng_seed(&rng, 22, 1);
    Dataset ds;
    cr_assert_eq(data_circle(&ds, 500, 0.5, &rng), 0);
    int flipped = 0;
    for (int k = 0; k < ds.n; k++) {
        double r = hypot(ds.x[2 * k], ds.x[2 * k + 1]);
        cr_assert(k < 250 ? r < 2.5 + 1e-12 : r >= 3.5 - 1e-12, "point %d moved", k);
        flipped += ds.y[k] != (k < 250 ? 1 : 0);
    }
    // Noise 0.5 moves each coordinate by up to 2.5: many labels flip, most do not.
    cr_expect(flipped > 10 && flipped < 250, "%d of 500 labels flipped", flipped);
    dataset_free(&ds);
}

Test(data, pads_every_xor_point_0_3_away_from_both_axes) {
    Rng rng;
    rng_seed(&rng, 23, 1);
    Dataset ds;
    cr_assert_eq(data_xor(&ds, 500, 0.0, &rng), 0);
    for (int k = 0; k < ds.n; k++) {
        double x = ds.x[2 * k], y = ds.x[2 * k + 1];
        cr_assert(fabs(x) >= 0.3 && fabs(x) <= 5.3, "x of point %d = %g", k, x);
        cr_assert(fabs(y) >= 0.3 && fabs(y) <= 5.3, "y of point %d = %g", k, y);
        cr_assert_eq(ds.y[k], x * y >= 0 ? 1 : 0, "point %d (%g, %g)", k, x, y);
    }
    int ones = count_label(&ds, 1);
    cr_expect(ones > 200 && ones < 300, "%d of 500 in quadrants I and III", ones);
    dataset_free(&ds);
}

Test(data, puts_half_the_gauss_points_around_2_2_with_label_1) {
    Rng rng;
    rng_seed(&rng, 24, 1);
    Dataset ds;
    cr_assert_eq(data_gauss(&ds, 1000, 0.0, &rng), 0);
    double mean[2][2] = {{0, 0}, {0, 0}};
    for (int k = 0; k < ds.n; k++) {
        cr_assert_eq(ds.y[k], k < 500 ? 1 : 0, "point %d", k);
        mean[k < 500 ? 0 : 1][0] += ds.x[2 * k] / 500;
        mean[k < 500 ? 0 : 1][1] += ds.x[2 * k + 1] / 500;
    }
    // Noise 0 means variance 0.5: standard error of a mean sqrt(0.5 / 500) ~ 0.032.
    cr_expect(fabs(mean[0][0] - 2) < 0.16 && fabs(mean[0][1] - 2) < 0.16, "blob 1 centre (%g, %g)",
              mean[0][0], mean[0][1]);
    cr_expect(fabs(mean[1][0] + 2) < 0.16 && fabs(mean[1][1] + 2) < 0.16,
              "blob 0 centre (%g, %g)", mean[1][0], mean[1][1]);
    dataset_free(&ds);
}

Test(data, widens_the_gauss_blobs_to_variance_4_at_noise_0_5) {
    Rng rng;
    rng_seed(&rng, 25, 1);
    Dataset ds;
    int n = 20000;
    cr_assert_eq(data_gauss(&ds, n, 0.5, &rng), 0);
    double sumsq = 0;
    for (int k = 0; k < n / 2; k++) sumsq += (ds.x[2 * k] - 2) * (ds.x[2 * k] - 2);
    double var = sumsq / (n / 2);
    // Standard error of the variance 4 sqrt(2 / 10000) ~ 0.057.
    cr_expect(fabs(var - 4.0) < 0.3, "variance %g, expected 4", var);
    dataset_free(&ds);
}

Test(data, winds_two_spiral_arms_out_to_radius_5) {
    Rng rng;
    rng_seed(&rng, 26, 1);
    Dataset ds;
    cr_assert_eq(data_spiral(&ds, 500, 0.0, &rng), 0);
    for (int k = 0; k < ds.n; k++) {
        int i = k % 250;
        double r = hypot(ds.x[2 * k], ds.x[2 * k + 1]);
        cr_assert(fabs(r - 5.0 * i / 250) < 1e-12, "point %d at radius %g, expected %g", k, r,
                  5.0 * i / 250);
        cr_assert_eq(ds.y[k], k < 250 ? 1 : 0);
        // The second arm is the first turned by pi.
        if (k >= 250) {
            cr_assert(fabs(ds.x[2 * k] + ds.x[2 * (k - 250)]) < 1e-12);
            cr_assert(fabs(ds.x[2 * k + 1] + ds.x[2 * (k - 250) + 1]) < 1e-12);
        }
    }
    dataset_free(&ds);
}

Test(data, keeps_noisy_spiral_points_within_the_noise_of_radius_5) {
    Rng rng;
    rng_seed(&rng, 27, 1);
    Dataset ds;
    cr_assert_eq(data_spiral(&ds, 500, 0.5, &rng), 0);
    // Each coordinate moves by at most the noise, so the radius by at most noise * sqrt(2).
    for (int k = 0; k < ds.n; k++) {
        double r = hypot(ds.x[2 * k], ds.x[2 * k + 1]);
        cr_assert(r <= 5.0 + 0.5 * sqrt(2.0), "point %d at radius %g", k, r);
    }
    cr_expect_eq(count_label(&ds, 1), 250);
    dataset_free(&ds);
}

Test(data, separates_pass_data_with_the_margin_by_a_line_that_misses_the_origin) {
    Rng rng;
    rng_seed(&rng, 28, 1);
    Dataset ds;
    double margin = 0.2;
    cr_assert_eq(data_pass(&ds, 500, margin, &rng), 0);
    for (int k = 0; k < ds.n; k++) {
        double x1 = ds.x[2 * k], x2 = ds.x[2 * k + 1];
        double f = x1 + 2 * x2 + 1;
        cr_assert(x1 >= -5 && x1 < 5 && x2 >= -3 && x2 < 3, "point %d (%g, %g)", k, x1, x2);
        cr_assert(fabs(f) / sqrt(5.0) >= margin, "point %d is %g from the line", k,
                  fabs(f) / sqrt(5.0));
        cr_assert_eq(ds.y[k], f > 0 ? 1 : 0, "point %d", k);
    }
    // No line through the origin separates them (checked every half degree, both ways round).
    for (int a = 0; a < 720; a++) {
        double angle = a * 3.14159265358979323846 / 360;  // half a degree per step
        double w1 = cos(angle), w2 = sin(angle);
        int wrong = 0;
        for (int k = 0; k < ds.n; k++)
            wrong += (w1 * ds.x[2 * k] + w2 * ds.x[2 * k + 1] > 0) != (ds.y[k] == 1);
        cr_assert(wrong > 0, "the line through 0 at %.1f degrees separates the data", a / 2.0);
    }
    dataset_free(&ds);
}

// ----------------------------------------------------------------------------
// Generators: pinned values (seed 7, stream 1, n 500, noise 0.1; pass margin 0.2)

static void expect_first_point(const Dataset *ds, double x1, double x2, int y, double tol) {
    cr_expect(fabs(ds->x[0] - x1) <= tol, "x1 = %.17g, pinned %.17g", ds->x[0], x1);
    cr_expect(fabs(ds->x[1] - x2) <= tol, "x2 = %.17g, pinned %.17g", ds->x[1], x2);
    cr_expect_eq(ds->y[0], y);
}

Test(data, pins_the_first_point_of_every_generator) {
    Rng rng;
    Dataset ds;
    rng_seed(&rng, 7, 1);
    cr_assert_eq(data_circle(&ds, 500, 0.1, &rng), 0);
    expect_first_point(&ds, 0.35897143273133703, -1.2386119238659083, 1, 1e-12);
    cr_expect_eq(count_label(&ds, 1), 237);
    dataset_free(&ds);

    rng_seed(&rng, 7, 1);
    cr_assert_eq(data_xor(&ds, 500, 0.1, &rng), 0);
    expect_first_point(&ds, 0.45832529018478335, -0.74895872646172035, 0, 0.0);
    cr_expect_eq(count_label(&ds, 1), 243);
    dataset_free(&ds);

    rng_seed(&rng, 7, 1);
    cr_assert_eq(data_gauss(&ds, 500, 0.1, &rng), 0);
    expect_first_point(&ds, 3.1173729540559783, 0.4822076425997357, 1, 1e-12);
    dataset_free(&ds);

    rng_seed(&rng, 7, 1);
    cr_assert_eq(data_spiral(&ds, 500, 0.1, &rng), 0);
    expect_first_point(&ds, 0.003166505803695663, -0.0089791745292344023, 1, 1e-12);
    dataset_free(&ds);

    rng_seed(&rng, 7, 1);
    cr_assert_eq(data_pass(&ds, 500, 0.2, &rng), 0);
    expect_first_point(&ds, 0.15832529018478336, -0.26937523587703183, 1, 0.0);
    cr_expect_eq(count_label(&ds, 1), 299);
    dataset_free(&ds);
}

Test(data, pins_the_bytes_of_a_written_xor_file) {
    // xor draws and adds only, so its file is the same on every machine to the last byte.
    Rng rng;
    rng_seed(&rng, 7, 1);
    Dataset ds;
    cr_assert_eq(data_xor(&ds, 500, 0.1, &rng), 0);
    char err[256];
    const char *path = tmp_path("xor.txt");
    cr_assert_eq(dataset_write(&ds, path, err, sizeof err), 0, "%s", err);
    uint64_t h = fnv1a_file(path);
    cr_expect_eq(h, 0x3d13b34433825634ULL, "FNV-1a 0x%016llx", (unsigned long long)h);
    dataset_free(&ds);
}

// ----------------------------------------------------------------------------
// Mixing and splitting

Test(data, shuffles_points_as_rng_permutation_orders_them) {
    Rng rng;
    rng_seed(&rng, 30, 1);
    Dataset ds, orig;
    cr_assert_eq(data_xor(&ds, 200, 0.2, &rng), 0);
    cr_assert_eq(dataset_alloc(&orig, ds.n, 2), 0);
    memcpy(orig.x, ds.x, sizeof(double) * 2 * ds.n);
    memcpy(orig.y, ds.y, sizeof(int) * ds.n);
    Rng a, b;
    rng_seed(&a, 31, 2);
    rng_seed(&b, 31, 2);
    int perm[200];
    rng_permutation(&a, perm, 200);
    dataset_shuffle(&ds, &b);
    for (int k = 0; k < ds.n; k++) {
        cr_assert_eq(ds.x[2 * k], orig.x[2 * perm[k]], "point %d", k);
        cr_assert_eq(ds.x[2 * k + 1], orig.x[2 * perm[k] + 1], "point %d", k);
        cr_assert_eq(ds.y[k], orig.y[perm[k]], "point %d", k);
    }
    cr_expect_eq(a.state, b.state, "shuffle used a different number of draws");
    dataset_free(&orig);
    dataset_free(&ds);
}

Test(data, splits_the_first_floor_n_frac_points_into_train) {
    Rng rng;
    rng_seed(&rng, 32, 1);
    Dataset all, train, test;
    cr_assert_eq(data_gauss(&all, 10, 0.1, &rng), 0);
    const double fracs[] = {0.0, 0.25, 0.5, 0.79, 1.0};
    const int n_train[] = {0, 2, 5, 7, 10};
    for (int f = 0; f < 5; f++) {
        cr_assert_eq(dataset_split(&all, fracs[f], &train, &test), 0);
        cr_expect_eq(train.n, n_train[f], "frac %g", fracs[f]);
        cr_expect_eq(test.n, 10 - n_train[f], "frac %g", fracs[f]);
        cr_expect_eq(train.d, 2);
        cr_expect_eq(test.d, 2);
        for (int k = 0; k < 10; k++) {
            const Dataset *part = k < train.n ? &train : &test;
            int j = k < train.n ? k : k - train.n;
            cr_assert_eq(part->x[2 * j], all.x[2 * k]);
            cr_assert_eq(part->x[2 * j + 1], all.x[2 * k + 1]);
            cr_assert_eq(part->y[j], all.y[k]);
        }
        dataset_free(&train);
        dataset_free(&test);
    }
    dataset_free(&all);
}

Test(data, refuses_a_bad_split) {
    Rng rng;
    rng_seed(&rng, 33, 1);
    Dataset all, train, test;
    cr_assert_eq(data_xor(&all, 10, 0.1, &rng), 0);
    cr_expect_eq(dataset_split(&all, -0.1, &train, &test), -1);
    cr_expect(is_empty(&train) && is_empty(&test));
    cr_expect_eq(dataset_split(&all, 1.1, &train, &test), -1);
    cr_expect_eq(dataset_split(&all, NAN, &train, &test), -1);
    cr_expect_eq(dataset_split(NULL, 0.5, &train, &test), -1);
    cr_expect_eq(dataset_split(&all, 0.5, NULL, &test), -1);
    cr_expect_eq(dataset_split(&all, 0.5, &train, &train), -1);
    cr_expect_eq(dataset_split(&all, 0.5, &all, &test), -1);
    cr_expect_eq(all.n, 10, "a refused split must leave `all` alone");
    dataset_free(&all);
}

// ----------------------------------------------------------------------------
// Files: round trips and hand-written files

Test(data, reads_back_exactly_what_it_wrote) {
    Rng rng;
    rng_seed(&rng, 34, 1);
    Dataset ds, back;
    cr_assert_eq(data_spiral(&ds, 500, 0.3, &rng), 0);
    // Awkward values too: a subnormal, a negative zero, the extremes of a double.
    ds.x[0] = 4.9406564584124654e-324;
    ds.x[1] = -0.0;
    ds.x[2] = 1.7976931348623157e308;
    ds.x[3] = -2.2250738585072014e-308;
    char err[256];
    const char *path = tmp_path("spiral.txt");
    cr_assert_eq(dataset_write(&ds, path, err, sizeof err), 0, "%s", err);
    cr_assert_eq(dataset_read(&back, path, err, sizeof err), 0, "%s", err);
    cr_assert_eq(back.n, ds.n);
    cr_assert_eq(back.d, 2);
    cr_expect_eq(memcmp(back.x, ds.x, sizeof(double) * 2 * ds.n), 0, "coordinates differ");
    cr_expect_arr_eq(back.y, ds.y, sizeof(int) * ds.n);
    dataset_free(&back);
    dataset_free(&ds);
}

Test(data, writes_a_comment_line_then_one_point_a_line) {
    Dataset ds;
    cr_assert_eq(dataset_alloc(&ds, 2, 2), 0);
    ds.x[0] = 0.5, ds.x[1] = -1.25, ds.y[0] = 1;
    ds.x[2] = 3, ds.x[3] = 0.1, ds.y[1] = 0;
    char err[256];
    const char *path = tmp_path("two.txt");
    cr_assert_eq(dataset_write(&ds, path, err, sizeof err), 0, "%s", err);
    char text[256] = {0};
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    size_t got = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    cr_expect_str_eq(text, "# x1 x2 label\n0.5 -1.25 1\n3 0.10000000000000001 0\n", "%zu bytes",
                     got);
    dataset_free(&ds);
}

Test(data, refuses_to_write_what_it_could_not_read_back) {
    Dataset ds;
    char err[256];
    cr_assert_eq(dataset_alloc(&ds, 2, 2), 0);
    ds.y[1] = 2;
    cr_expect_eq(dataset_write(&ds, tmp_path("bad_label.txt"), err, sizeof err), -1);
    cr_expect(strstr(err, "label") != NULL, "message: %s", err);
    ds.y[1] = 1;
    ds.x[3] = NAN;
    cr_expect_eq(dataset_write(&ds, tmp_path("nan.txt"), err, sizeof err), -1);
    cr_expect_eq(access(tmp_path("nan.txt"), F_OK), -1, "a half-written file was left behind");
    dataset_free(&ds);
    cr_assert_eq(dataset_alloc(&ds, 2, 3), 0);
    cr_expect_eq(dataset_write(&ds, tmp_path("d3.txt"), err, sizeof err), -1, "d = 3");
    dataset_free(&ds);
    const char *nowhere = tmp_path("no/such/dir.txt");
    cr_assert_eq(dataset_alloc(&ds, 2, 2), 0);
    cr_expect_eq(dataset_write(&ds, nowhere, err, sizeof err), -1);
    cr_expect(strstr(err, nowhere) != NULL && strstr(err, "cannot open") != NULL, "%s", err);
    dataset_free(&ds);
}

Test(data, reads_a_hand_written_file_with_comments_blanks_tabs_and_crlf) {
    const char *path = write_text("hand.txt",
                                  "# hours studied, hours slept, passed\n"
                                  "\n"
                                  "  1.5\t-2 1\r\n"
                                  "   \n"
                                  "# another comment\n"
                                  "-3e-1 4.0 0\n"
                                  "0x1p-2 +7 1");  // hex float, explicit sign, no final newline
    Dataset ds;
    char err[256];
    cr_assert_eq(dataset_read(&ds, path, err, sizeof err), 0, "%s", err);
    cr_assert_eq(ds.n, 3);
    cr_expect_eq(ds.d, 2);
    const double x[6] = {1.5, -2, -0.3, 4.0, 0.25, 7};
    const int y[3] = {1, 0, 1};
    cr_expect_arr_eq(ds.x, x, sizeof x);
    cr_expect_arr_eq(ds.y, y, sizeof y);
    dataset_free(&ds);
}

Test(data, grows_past_any_fixed_capacity_when_reading) {
    Rng rng;
    rng_seed(&rng, 35, 1);
    Dataset ds, back;
    cr_assert_eq(data_xor(&ds, 20000, 0.1, &rng), 0);
    char err[256];
    const char *path = tmp_path("big.txt");
    cr_assert_eq(dataset_write(&ds, path, err, sizeof err), 0, "%s", err);
    cr_assert_eq(dataset_read(&back, path, err, sizeof err), 0, "%s", err);
    cr_assert_eq(back.n, 20000);
    cr_expect_eq(memcmp(back.x, ds.x, sizeof(double) * 2 * ds.n), 0);
    cr_expect_arr_eq(back.y, ds.y, sizeof(int) * ds.n);
    dataset_free(&back);
    dataset_free(&ds);
}

// ----------------------------------------------------------------------------
// Files: errors, each naming the file and (for a bad line) the line

// Reads `text` from tmpdir/name, expects failure with an empty ds and a message that contains
// the path, `where` right after it (":4:" or ":"), and `what`.
static void expect_read_error(const char *name, const char *text, const char *where,
                              const char *what) {
    const char *path = write_text(name, text);
    char want[600];
    snprintf(want, sizeof want, "%s%s", path, where);
    Dataset ds = {9, 9, NULL, NULL};
    char err[256] = "";
    cr_assert_eq(dataset_read(&ds, path, err, sizeof err), -1, "%s was accepted", name);
    cr_expect(is_empty(&ds), "%s: dataset not left empty", name);
    cr_expect(strstr(err, want) != NULL, "message `%s` should contain `%s`", err, want);
    cr_expect(strstr(err, what) != NULL, "message `%s` should contain `%s`", err, what);
    cr_expect(strchr(err, '\n') == NULL, "message `%s` spans lines", err);
}

Test(data, names_the_file_it_cannot_open) {
    const char *path = tmp_path("missing.txt");
    Dataset ds;
    char err[256];
    cr_assert_eq(dataset_read(&ds, path, err, sizeof err), -1);
    cr_expect(is_empty(&ds));
    char want[600];
    snprintf(want, sizeof want, "%s: cannot open: ", path);
    cr_expect(strstr(err, want) == err, "message `%s`", err);
}

Test(data, names_the_line_of_a_bad_number) {
    expect_read_error("bad_number.txt", "# x1 x2 label\n1 2 0\n3 4 1\n1.5 abc 0\n", ":4:",
                      "expected `x1 x2 label`, found `1.5 abc 0`");
}

Test(data, names_the_line_of_a_label_other_than_0_or_1) {
    expect_read_error("label2.txt", "1 2 0\n\n1 1 2\n", ":3:", "label must be 0 or 1, found 2");
    expect_read_error("label_neg.txt", "1 2 -1\n", ":1:", "found -1");
    expect_read_error("label_float.txt", "# c\n1 2 1.0\n", ":2:", "found 1.0");
    expect_read_error("label_word.txt", "1 2 yes\n", ":1:", "found yes");
}

Test(data, names_the_line_with_too_few_or_too_many_fields) {
    expect_read_error("few.txt", "1 2 0\n1.5 2.0\n", ":2:", "expected `x1 x2 label`");
    expect_read_error("many.txt", "1 2 0\n0 0 1\n1 2 0 7\n", ":3:", "found `1 2 0 7`");
}

Test(data, names_the_line_with_trailing_garbage) {
    expect_read_error("garbage_x.txt", "1.5abc 2 0\n", ":1:", "expected `x1 x2 label`");
    expect_read_error("garbage_label.txt", "1 2 0x\n", ":1:", "label must be 0 or 1");
    expect_read_error("garbage_comma.txt", "1, 2, 0\n", ":1:", "expected `x1 x2 label`");
}

Test(data, names_the_line_of_a_nan_or_an_infinity) {
    expect_read_error("nan.txt", "1 2 0\nnan 2 1\n", ":2:", "x1 must be a finite number");
    expect_read_error("inf.txt", "1 -inf 1\n", ":1:", "x2 must be a finite number");
    expect_read_error("huge.txt", "# overflow\n1e999 0 1\n", ":2:", "x1 must be a finite number");
}

Test(data, names_a_line_too_long_to_read) {
    char text[3000];
    memset(text, ' ', sizeof text);
    memcpy(text, "1 2", 3);
    memcpy(text + 2000, "0\n", 3);  // the label after 2000 characters, then '\0'
    expect_read_error("long.txt", text, ":1:", "line longer than");
}

Test(data, refuses_a_file_without_points) {
    expect_read_error("empty.txt", "", ":", "no points");
    expect_read_error("comments.txt", "# nothing here\n\n   \n", ":", "no points");
}

Test(data, refuses_null_arguments_with_a_message) {
    Dataset ds;
    char err[256] = "";
    cr_expect_eq(dataset_read(NULL, "x", err, sizeof err), -1);
    cr_expect_neq(err[0], '\0');
    cr_expect_eq(dataset_read(&ds, NULL, err, sizeof err), -1);
    cr_expect_eq(dataset_read(&ds, tmp_path("missing.txt"), NULL, 0), -1, "NULL err is fine");
    cr_expect_eq(dataset_write(NULL, "x", err, sizeof err), -1);
}

Test(data, truncates_a_long_message_to_errcap) {
    const char *path = write_text("trunc.txt", "1 2 5\n");
    Dataset ds;
    char err[8];
    memset(err, 'z', sizeof err);
    cr_assert_eq(dataset_read(&ds, path, err, sizeof err), -1);
    cr_expect_eq(err[7], '\0');
    cr_expect_eq(strlen(err), 7u);
}
