/* hidden/08_landscape.c -- chapter 8's tests that run only at submission.
 *
 * Randomised versions of the visible tests: every exercise on random networks (depth 1 to 4,
 * widths that are not square, all three activations), random chunk sizes, random grids and
 * ranges, zero rows, NaN entries and ties, and random logistic regressions for the curvature.
 * Expected values come from the definitions written out here (a forward pass, the mean
 * cross-entropy, filter normalisation, the grid), never from the reference solution. After every
 * slice the parameters must be back bit for bit. Never shipped to students.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grade.h"
#include "landscape.h"

#include "08_landscape.h"   // the fixtures of grader/08_landscape.c

// ---------------------------------------------------------------- the definitions

static double h8_act(Activation f, double z)
{
    switch (f) {
    case ACT_SIGMOID: return 1.0 / (1.0 + exp(-z));
    case ACT_TANH: return tanh(z);
    default: return z > 0.0 ? z : 0.0;
    }
}

// The mean binary cross-entropy of the network with the parameters p (laid out as m->params)
// on X (N rows), y (N), from the definition.
static double h8_loss(const Mlp *m, const double *p, const double *X, const int *y, int N)
{
    double a[64], b[64], sum = 0.0;
    for (int n = 0; n < N; n++) {
        memcpy(a, X + n * m->sizes[0], sizeof(double) * m->sizes[0]);
        for (int l = 0; l < m->L; l++) {
            int D = m->sizes[l], H = m->sizes[l + 1];
            const double *w = p + (m->weight[l] - m->params), *bias = p + (m->bias[l] - m->params);
            for (int h = 0; h < H; h++) {
                double z = bias[h];
                for (int i = 0; i < D; i++)
                    z += w[h * D + i] * a[i];
                b[h] = l < m->L - 1 ? h8_act(m->act, z) : z;
            }
            memcpy(a, b, sizeof(double) * H);
        }
        double z = a[0];
        sum += (z > 0.0 ? z : 0.0) - y[n] * z + log1p(exp(-fabs(z)));
    }
    return sum / N;
}

static double h8_grid(double lo, double hi, int i, int n)
{
    return lo + (hi - lo) * i / (n - 1);
}

// A random network: depth 1 to maxL, hidden widths 1 to 6, any activation, max_batch given;
// its parameters U(-1, 1).
static void random_net(Mlp *m, Rng *rng, int maxL, int max_batch, const char *fn)
{
    int L = 1 + (int)rng_below(rng, (uint32_t)maxL), sizes[MLP_MAX_LAYERS + 1];
    sizes[0] = 1 + (int)rng_below(rng, 3);
    for (int l = 1; l < L; l++)
        sizes[l] = 1 + (int)rng_below(rng, 6);
    sizes[L] = 1;
    gnet_new(m, sizes, L, (Activation)rng_below(rng, 3), max_batch, fn);
    for (int k = 0; k < m->num_params; k++)
        m->params[k] = rng_range(rng, -1.0, 1.0);
}

static void random_data(double *X, int *y, int N, int D, Rng *rng)
{
    for (int k = 0; k < N * D; k++)
        X[k] = rng_range(rng, -2.0, 2.0);
    for (int n = 0; n < N; n++)
        y[n] = (int)rng_below(rng, 2);
}

static const char *shape(const Mlp *m)
{
    static char text[96];
    int at = snprintf(text, sizeof text, "%d", m->sizes[0]);
    for (int l = 1; l <= m->L && at < (int)sizeof text; l++)
        at += snprintf(text + at, sizeof text - (size_t)at, "-%d", m->sizes[l]);
    snprintf(text + at, sizeof text - (size_t)at, " %s", activation_name(m->act));
    return text;
}

static void expect_restored_here(const char *fn, Mlp *m, const double *saved)
{
    int k = 0;
    while (k < m->num_params && memcmp(&m->params[k], &saved[k], sizeof(double)) == 0)
        k++;
    if (k < m->num_params)
        grade_fail("%s on a random %s network: afterwards params[%d] is %.17g, before the call it"
                   " was %.17g: put theta back with memcpy before returning", fn, shape(m), k,
                   m->params[k], saved[k]);
}

// ---------------------------------------------------------------- landscape_loss

GRADED_TEST(ch08, landscape_loss_matches_the_definition_on_random_networks_and_chunk_sizes)
{
    g8_expect_chapters_5_and_6("landscape_loss");
    Rng rng;
    rng_seed(&rng, 908, 8);
    for (int trial = 0; trial < 12; trial++) {
        int max_batch = 1 + (int)rng_below(&rng, 7), N = 1 + (int)rng_below(&rng, 23);
        Mlp m;
        random_net(&m, &rng, 3, max_batch, "landscape_loss");
        double X[23 * 3];
        int y[23];
        random_data(X, y, N, m.sizes[0], &rng);
        double got = landscape_loss(&m, X, y, N), want = h8_loss(&m, m.params, X, y, N);
        grade_expect_implemented(!isnan(got), "landscape_loss");
        if (!(fabs(got - want) <= 1e-12 * (1.0 + want)))
            grade_fail("landscape_loss on a random %s network, N = %d examples, max_batch = %d:"
                       " returned %.12g, expected the mean cross-entropy %.12g", shape(&m), N,
                       max_batch, got, want);
        gnet_drop(&m);
    }
}

// ---------------------------------------------------------------- interpolate_params

GRADED_TEST(ch08, interpolate_params_matches_the_definition_on_random_vectors)
{
    Rng rng;
    rng_seed(&rng, 918, 8);
    for (int trial = 0; trial < 20; trial++) {
        int P = 1 + (int)rng_below(&rng, 40);
        double t0[40], t1[40], out[40];
        for (int k = 0; k < P; k++) {
            t0[k] = rng_range(&rng, -3.0, 3.0);
            t1[k] = rng_range(&rng, -3.0, 3.0);
        }
        double alpha = trial < 2 ? trial : rng_range(&rng, -1.0, 2.0);
        interpolate_params(out, t0, t1, alpha, P);
        grade_expect_implemented(!isnan(out[0]), "interpolate_params");
        for (int k = 0; k < P; k++) {
            double want = (1.0 - alpha) * t0[k] + alpha * t1[k];
            int ok = trial < 2 ? memcmp(&out[k], trial ? &t1[k] : &t0[k], sizeof(double)) == 0
                               : fabs(out[k] - want) <= 1e-15 * (1.0 + fabs(want));
            if (!ok)
                grade_fail("interpolate_params with P = %d, alpha = %.17g: out[%d] is %.17g,"
                           " expected %.17g%s", P, alpha, k, out[k], trial == 1 ? t1[k] : want,
                           trial < 2 ? " exactly" : "");
        }
    }
}

// ---------------------------------------------------------------- loss_interpolation

GRADED_TEST(ch08, loss_interpolation_matches_the_definition_on_random_networks)
{
    g8_expect_landscape_loss("loss_interpolation");
    Rng rng;
    rng_seed(&rng, 928, 8);
    for (int trial = 0; trial < 6; trial++) {
        Mlp m;
        random_net(&m, &rng, 3, 4, "loss_interpolation");
        int P = m.num_params, N = 1 + (int)rng_below(&rng, 9), n = 2 + (int)rng_below(&rng, 6);
        double X[9 * 3], t0[200], t1[200], p[200], saved[200], losses[8];
        int y[9];
        random_data(X, y, N, m.sizes[0], &rng);
        for (int k = 0; k < P; k++) {
            t0[k] = rng_range(&rng, -1.0, 1.0);
            t1[k] = rng_range(&rng, -1.0, 1.0);
        }
        double lo = rng_range(&rng, -1.0, 0.0), hi = rng_range(&rng, 1.0, 2.0);
        memcpy(saved, m.params, sizeof(double) * (size_t)P);
        int rc = loss_interpolation(losses, &m, t0, t1, lo, hi, n, X, y, N);
        grade_expect_implemented(!isnan(losses[0]), "loss_interpolation");
        if (rc != 0)
            grade_fail("loss_interpolation returned %d for valid arguments, expected 0", rc);
        expect_restored_here("loss_interpolation", &m, saved);
        for (int i = 0; i < n; i++) {
            double alpha = h8_grid(lo, hi, i, n);
            for (int k = 0; k < P; k++)
                p[k] = (1.0 - alpha) * t0[k] + alpha * t1[k];
            double want = h8_loss(&m, p, X, y, N);
            if (!(fabs(losses[i] - want) <= 1e-12 * (1.0 + want)))
                grade_fail("loss_interpolation on a random %s network over [%.4g, %.4g] with %d"
                           " points: losses[%d] (alpha = %.6g) is %.12g, expected %.12g", shape(&m),
                           lo, hi, n, i, alpha, losses[i], want);
        }
        gnet_drop(&m);
    }
}

// ---------------------------------------------------------------- random_direction

GRADED_TEST(ch08, random_direction_matches_the_draws_for_random_sizes_and_seeds)
{
    Rng seeds;
    rng_seed(&seeds, 938, 8);
    for (int trial = 0; trial < 8; trial++) {
        int P = 1 + (int)rng_below(&seeds, 300);
        Rng rng, copy;
        rng_seed(&rng, rng_u32(&seeds), 8);
        copy = rng;
        double d[300];
        random_direction(d, P, &rng);
        grade_expect_implemented(!isnan(d[0]), "random_direction");
        for (int k = 0; k < P; k++) {
            double want = rng_normal(&copy, 0.0, 1.0);
            if (memcmp(&d[k], &want, sizeof want) != 0)
                grade_fail("random_direction with P = %d: d[%d] is %.17g, expected %.17g (one"
                           " rng_normal(rng, 0.0, 1.0) per entry, in order)", P, k, d[k], want);
        }
        if (rng_u32(&rng) != rng_u32(&copy))
            grade_fail("random_direction with P = %d took other draws from rng than %d calls of"
                       " rng_normal", P, P);
    }
}

// ---------------------------------------------------------------- filter_normalize

GRADED_TEST(ch08, filter_normalize_matches_the_definition_on_random_networks_with_zero_rows)
{
    Rng rng;
    rng_seed(&rng, 948, 8);
    for (int trial = 0; trial < 10; trial++) {
        Mlp m;
        random_net(&m, &rng, 4, 1, "filter_normalize");
        int P = m.num_params;
        double d[200], want[200], saved[200];
        for (int k = 0; k < P; k++)
            d[k] = rng_normal(&rng, 0.0, 1.0);
        // Now and then a row of zeros in theta or in d.
        for (int l = 0; l < m.L; l++)
            for (int h = 0; h < m.sizes[l + 1]; h++) {
                uint32_t r = rng_below(&rng, 8);
                int D = m.sizes[l];
                double *row = r == 0 ? m.weight[l] + h * D
                                     : r == 1 ? d + (m.weight[l] - m.params) + h * D : NULL;
                for (int i = 0; row && i < D; i++)
                    row[i] = 0.0;
            }
        memcpy(want, d, sizeof(double) * (size_t)P);
        for (int l = 0; l < m.L; l++) {
            int D = m.sizes[l], H = m.sizes[l + 1];
            double *w = want + (m.weight[l] - m.params);
            for (int h = 0; h < H; h++) {
                double dn = 0.0, tn = 0.0;
                for (int i = 0; i < D; i++) {
                    dn += w[h * D + i] * w[h * D + i];
                    tn += m.weight[l][h * D + i] * m.weight[l][h * D + i];
                }
                for (int i = 0; dn > 0.0 && i < D; i++)
                    w[h * D + i] *= sqrt(tn) / sqrt(dn);
                want[(m.bias[l] - m.params) + h] = 0.0;
            }
        }
        memcpy(saved, m.params, sizeof(double) * (size_t)P);
        filter_normalize(d, &m);
        int nan_everywhere = 1;
        for (int k = 0; k < P; k++)
            nan_everywhere = nan_everywhere && isnan(d[k]);
        grade_expect_implemented(!nan_everywhere, "filter_normalize");
        for (int k = 0; k < P; k++)
            if (!(fabs(d[k] - want[k]) <= 1e-12 * (1.0 + fabs(want[k]))))
                grade_fail("filter_normalize on a random %s network (some rows of theta or of d all"
                           " zeros): d[%d] is %.12g, expected %.12g: each weight row scaled to the"
                           " norm of theta's row (a zero row of d stays zero), every bias 0",
                           shape(&m), k, d[k], want[k]);
        if (memcmp(saved, m.params, sizeof(double) * (size_t)P) != 0)
            grade_fail("filter_normalize changed the network's own parameters: it normalises d,"
                       " and only reads theta");
        gnet_drop(&m);
    }
}

// ---------------------------------------------------------------- slices

GRADED_TEST(ch08, loss_slice_1d_matches_the_definition_on_random_networks)
{
    g8_expect_landscape_loss("loss_slice_1d");
    Rng rng;
    rng_seed(&rng, 958, 8);
    for (int trial = 0; trial < 6; trial++) {
        Mlp m;
        random_net(&m, &rng, 3, 3, "loss_slice_1d");
        int P = m.num_params, N = 1 + (int)rng_below(&rng, 9), n = 2 + (int)rng_below(&rng, 8);
        double X[9 * 3], d[200], p[200], saved[200], losses[9];
        int y[9];
        random_data(X, y, N, m.sizes[0], &rng);
        for (int k = 0; k < P; k++)
            d[k] = rng_range(&rng, -0.5, 0.5);
        double lo = rng_range(&rng, -1.0, 0.5), hi = lo + rng_range(&rng, 0.1, 1.5);
        memcpy(saved, m.params, sizeof(double) * (size_t)P);
        loss_slice_1d(losses, &m, d, lo, hi, n, X, y, N);
        grade_expect_implemented(!isnan(losses[0]), "loss_slice_1d");
        expect_restored_here("loss_slice_1d", &m, saved);
        for (int i = 0; i < n; i++) {
            double alpha = h8_grid(lo, hi, i, n);
            for (int k = 0; k < P; k++)
                p[k] = saved[k] + alpha * d[k];
            double want = h8_loss(&m, p, X, y, N);
            if (!(fabs(losses[i] - want) <= 1e-12 * (1.0 + want)))
                grade_fail("loss_slice_1d on a random %s network over [%.4g, %.4g] with %d points:"
                           " losses[%d] (alpha = %.6g) is %.12g, expected %.12g", shape(&m), lo,
                           hi, n, i, alpha, losses[i], want);
        }
        gnet_drop(&m);
    }
}

GRADED_TEST(ch08, loss_slice_2d_matches_the_definition_on_random_networks_and_grids)
{
    g8_expect_landscape_loss("loss_slice_2d");
    Rng rng;
    rng_seed(&rng, 968, 8);
    for (int trial = 0; trial < 6; trial++) {
        Mlp m;
        random_net(&m, &rng, 3, 4, "loss_slice_2d");
        int P = m.num_params, N = 1 + (int)rng_below(&rng, 9), n = 2 + (int)rng_below(&rng, 5);
        double X[9 * 3], d1[200], d2[200], p[200], saved[200], losses[36];
        int y[9];
        random_data(X, y, N, m.sizes[0], &rng);
        for (int k = 0; k < P; k++) {
            d1[k] = rng_range(&rng, -0.5, 0.5);
            d2[k] = rng_range(&rng, -0.5, 0.5);
        }
        double lo = rng_range(&rng, -1.0, 0.5), hi = lo + rng_range(&rng, 0.1, 1.5);
        memcpy(saved, m.params, sizeof(double) * (size_t)P);
        loss_slice_2d(losses, &m, d1, d2, lo, hi, n, X, y, N);
        grade_expect_implemented(!isnan(losses[0]), "loss_slice_2d");
        expect_restored_here("loss_slice_2d", &m, saved);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double alpha = h8_grid(lo, hi, j, n), beta = h8_grid(lo, hi, i, n);
                for (int k = 0; k < P; k++)
                    p[k] = saved[k] + alpha * d1[k] + beta * d2[k];
                double want = h8_loss(&m, p, X, y, N);
                if (!(fabs(losses[i * n + j] - want) <= 1e-12 * (1.0 + want)))
                    grade_fail("loss_slice_2d on a random %s network over [%.4g, %.4g]^2 with %d x"
                               " %d points: losses[%d * %d + %d] (alpha = %.6g along d1, beta ="
                               " %.6g along d2) is %.12g, expected %.12g", shape(&m), lo, hi, n, n,
                               i, n, j, alpha, beta, losses[i * n + j], want);
            }
        gnet_drop(&m);
    }
}

// ---------------------------------------------------------------- reading a slice

GRADED_TEST(ch08, slice_minimum_matches_the_definition_on_random_grids_with_nan_and_ties)
{
    Rng rng;
    rng_seed(&rng, 978, 8);
    for (int trial = 0; trial < 20; trial++) {
        int rows = 1 + (int)rng_below(&rng, 6), cols = 1 + (int)rng_below(&rng, 6);
        double grid[36];
        for (int k = 0; k < rows * cols; k++)
            grid[k] = rng_below(&rng, 5) == 0 ? NAN : (double)rng_below(&rng, 7) - 3.0;
        int best = -1;
        for (int k = 0; k < rows * cols; k++)
            if (!isnan(grid[k]) && (best < 0 || grid[k] < grid[best]))
                best = k;
        int row = -7, col = -7;
        double got = slice_minimum(&row, &col, grid, rows, cols);
        grade_expect_implemented(row != -2, "slice_minimum");
        int wr = best < 0 ? -1 : best / cols, wc = best < 0 ? -1 : best % cols;
        int same = best < 0 ? isnan(got) : got == grid[best];
        if (!same || row != wr || col != wc)
            grade_fail("slice_minimum on a random %d x %d grid of small whole numbers (some NaN,"
                       " some equal): returned %g at (%d, %d), expected %g at (%d, %d)", rows, cols,
                       got, row, col, best < 0 ? NAN : grid[best], wr, wc);
    }
}

GRADED_TEST(ch08, slice_curvature_matches_the_hessian_of_random_logistic_regressions)
{
    g8_expect_loss_slice_1d("slice_curvature");
    Rng rng;
    rng_seed(&rng, 988, 8);
    for (int trial = 0; trial < 6; trial++) {
        int D = 1 + (int)rng_below(&rng, 5), N = 3 + (int)rng_below(&rng, 10);
        const int sizes[2] = { D, 1 };
        Mlp m;
        gnet_new(&m, sizes, 1, ACT_TANH, N, "slice_curvature");
        double X[12 * 5], d[6], losses[3], h = 1e-4;
        int y[12];
        random_data(X, y, N, D, &rng);
        for (int k = 0; k <= D; k++) {
            m.params[k] = rng_range(&rng, -1.0, 1.0);
            d[k] = rng_range(&rng, -1.0, 1.0);
        }
        double want = 0.0;   // d^T H d, H = (1/N) sum p (1 - p) x x^T, x = (x_1 .. x_D, 1)
        for (int n = 0; n < N; n++) {
            double z = m.params[D], dx = d[D];
            for (int i = 0; i < D; i++) {
                z += m.params[i] * X[n * D + i];
                dx += d[i] * X[n * D + i];
            }
            double p = 1.0 / (1.0 + exp(-z));
            want += p * (1.0 - p) * dx * dx / N;
        }
        loss_slice_1d(losses, &m, d, -h, h, 3, X, y, N);
        gnet_drop(&m);
        double got = slice_curvature(losses, -h, h, 3, 1);
        grade_expect_implemented(!isnan(got), "slice_curvature");
        if (!(fabs(got - want) <= 1e-5 * want + 1e-6))   // rounding: ~ 1e-16 / h^2 = 1e-8
            grade_fail("slice_curvature: a random logistic regression (D = %d, N = %d) along a"
                       " random d: %.10g, expected d^T H d = %.10g", D, N, got, want);
    }
}

GRADED_TEST(ch08, slice_sharpness_matches_the_definition_on_random_grids)
{
    const double probe[4] = { 1, 2, 3, 4 };   // over [0, 1]^2 within 1: all but (1, 1)
    grade_expect_implemented(!isnan(slice_sharpness(probe, 0.0, 1.0, 2, 1.0, 0.5)),
                             "slice_sharpness");
    Rng rng;
    rng_seed(&rng, 998, 8);
    for (int trial = 0; trial < 20; trial++) {
        int n = 2 + (int)rng_below(&rng, 8);
        double lo = -(double)rng_below(&rng, 4) * 0.25 - 0.25, hi = -lo + 0.25 * rng_below(&rng, 2);
        double radius = 0.25 * (1 + (int)rng_below(&rng, 4)), loss0 = rng_range(&rng, 0.0, 1.0);
        double grid[81], want = NAN;
        for (int k = 0; k < n * n; k++)
            grid[k] = rng_below(&rng, 6) == 0 ? NAN : rng_range(&rng, 0.0, 3.0);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double alpha = h8_grid(lo, hi, j, n), beta = h8_grid(lo, hi, i, n);
                double v = grid[i * n + j];
                if (alpha * alpha + beta * beta <= radius * radius && !isnan(v) &&
                    (isnan(want) || v - loss0 > want))
                    want = v - loss0;
            }
        double got = slice_sharpness(grid, lo, hi, n, radius, loss0);
        int same = isnan(want) ? isnan(got) : fabs(got - want) <= 1e-12;
        if (!same)
            grade_fail("slice_sharpness on a random %d x %d grid over [%g, %g]^2 (some NaN),"
                       " radius %g, loss0 %.6g: returned %.10g, expected %.10g", n, n, lo, hi,
                       radius, loss0, got, want);
    }
}
