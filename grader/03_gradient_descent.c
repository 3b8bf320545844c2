/* 03_gradient_descent.c -- the visible tests of chapter 3: gd_step, gd_run, minibatches,
 * sgd_train.
 *
 * The grader passes its own losses: quadratics whose minimum, curvature and trajectory are known
 * in closed form (their numbers are halves and quarters, exact in binary), a least-squares line
 * whose callback records every batch it is asked for, and chapter 2's logistic regression
 * written out here -- so this chapter can be graded before chapter 2 is finished. The expected
 * batches come from lib/rng.h's rng_permutation, the only source of randomness the contract
 * allows; the training trajectories are constants recorded from the reference when the tests
 * were written. Points, visibility and hints are in grader/points.txt.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "descent.h"
#include "grade.h"
#include "numgrad.h"

GRADED_SUITE(ch03);

// ---------------------------------------------------------------- losses the grader passes in

// f(p) = f0 + 0.5 sum_i a[i] (p[i] - c[i])^2 + s * (p[0] - c[0]) (p[1] - c[1]) : a quadratic
// with its minimum f0 at c; its Hessian is diag(a) plus s off the diagonal of the first two.
typedef struct {
    int P;
    double a[4], c[4], s, f0;
    int calls;   // how many times gd_run called it
} Quad;

static double quad_loss(double *grad, const double *p, void *ctx)
{
    Quad *q = ctx;
    q->calls++;
    double f = q->f0;
    for (int i = 0; i < q->P; i++) {
        double e = p[i] - q->c[i];
        f += 0.5 * q->a[i] * e * e;
        grad[i] = q->a[i] * e;
    }
    if (q->s != 0.0) {
        double e0 = p[0] - q->c[0], e1 = p[1] - q->c[1];
        f += q->s * e0 * e1;
        grad[0] += q->s * e1;
        grad[1] += q->s * e0;
    }
    return f;
}

// Whether gd_step does what its tests say; gd_run and sgd_train step with it.
static int step_works(void)
{
    double p[3] = { 1.0, -2.0, 0.5 };
    const double g[3] = { 0.5, -1.0, 2.0 };
    gd_step(p, g, 0.5, 3);
    return p[0] == 0.75 && p[1] == -1.5 && p[2] == -0.5;
}

static void run_needs_step(void)
{
    grade_expect_dependency(step_works(), "gd_step", "gd_run takes each of its steps with gd_step"
                            " (see its tests)");
}

static const char *status_name(int s)
{
    return s == DESCENT_CONVERGED ? "DESCENT_CONVERGED" : s == DESCENT_MAX_STEPS ? "DESCENT_MAX_STEPS"
           : s == DESCENT_DIVERGED ? "DESCENT_DIVERGED" : "not a status";
}

// ---------------------------------------------------------------- gd_step

GRADED_TEST(ch03, step_moves_every_parameter_against_the_gradient)
{
    double p[5] = { 1.0, -2.0, 0.5, 3.0, -0.25 };
    const double g[5] = { 0.5, -1.0, 2.0, 0.0, 4.0 }, want[5] = { 0.75, -1.5, -0.5, 3.0, -2.25 };
    gd_step(p, g, 0.5, 5);
    grade_expect_implemented(!isnan(p[0]), "gd_step");
    for (int i = 0; i < 5; i++)
        if (p[i] != want[i])
            grade_fail("gd_step(lr = 0.5) moved params[%d] from %g with grad[%d] = %g to %g, expected"
                       " %g: params[i] -= lr * grad[i], against the gradient, for all P = 5", i,
                       (double[]){ 1.0, -2.0, 0.5, 3.0, -0.25 }[i], i, g[i], p[i], want[i]);
}

GRADED_TEST(ch03, step_is_scaled_by_the_learning_rate)
{
    const double g[3] = { 1.0, -2.0, 0.5 };
    const double lrs[3] = { 0.25, 2.0, 0.0 };
    const double want[3][3] = { { 0.75, 1.5, -0.125 }, { -1.0, 5.0, -1.0 }, { 1.0, 1.0, 0.0 } };
    for (int k = 0; k < 3; k++) {
        double p[3] = { 1.0, 1.0, 0.0 };
        gd_step(p, g, lrs[k], 3);
        grade_expect_implemented(!isnan(p[0]), "gd_step");
        for (int i = 0; i < 3; i++)
            if (p[i] != want[k][i])
                grade_fail("gd_step with lr = %g moved params[%d] from %g with grad[%d] = %g to %g,"
                           " expected %g (the step is lr * grad[i])", lrs[k], i, i < 2 ? 1.0 : 0.0, i,
                           g[i], p[i], want[k][i]);
    }
}

// ---------------------------------------------------------------- gd_run

GRADED_TEST(ch03, run_records_the_loss_before_the_first_step_and_after_each)
{
    run_needs_step();
    // f = 0.5 + 0.5 (p0 - 1)^2 + (p1 + 1)^2 from p = (3, 1), lr 0.25: each step multiplies the
    // errors by 1 - 0.25 * 1 = 0.75 and 1 - 0.25 * 2 = 0.5, so (2, 2) -> (1.5, 1) -> (1.125, 0.5)
    // -> (0.84375, 0.25), and the losses are exact in binary.
    Quad q = { .P = 2, .a = { 1.0, 2.0 }, .c = { 1.0, -1.0 }, .f0 = 0.5 };
    double p[2] = { 3.0, 1.0 }, g[2] = { NAN, NAN }, h[8];
    for (int k = 0; k < 8; k++)
        h[k] = -7.0;   // so that an entry written too many shows
    int steps = -1;
    int status = gd_run(p, g, h, &steps, quad_loss, &q, 2, 0.25, 3, 0.0);
    grade_expect_implemented(status != -1 && !isnan(p[0]), "gd_run");
    const double want[4] = { 6.5, 2.625, 1.3828125, 0.91845703125 };
    char got_s[256] = "";
    for (int k = 0; k < 6; k++)
        snprintf(got_s + strlen(got_s), sizeof got_s - strlen(got_s), " %.10g", h[k]);
    int same = steps == 3 && h[4] == -7.0;
    for (int k = 0; k < 4; k++)
        same = same && fabs(h[k] - want[k]) <= 1e-15;
    if (!same)
        grade_fail("gd_run on 0.5 + 0.5 (p0 - 1)^2 + (p1 + 1)^2 from (3, 1), lr 0.25, max_steps 3:"
                   " *steps = %d and history[0..5] =%s (-7 = never written); expected *steps = 3 and"
                   " history 6.5 2.625 1.3828125 0.91845703125 (the loss before any step, then after"
                   " each of the 3)", steps, got_s);
    if (status != DESCENT_MAX_STEPS)
        grade_fail("gd_run returned %d (%s) after its max_steps = 3 steps with gtol = 0, expected"
                   " DESCENT_MAX_STEPS", status, status_name(status));
    grade_expect_close(p[0], 1.84375, 1e-15, "gd_run", "params[0] after 3 steps");
    grade_expect_close(p[1], -0.75, 1e-15, "gd_run", "params[1] after 3 steps");
    grade_expect_close(g[0], 0.84375, 1e-15, "gd_run", "grad[0] at the end (the gradient at the final params)");
    grade_expect_close(g[1], 0.5, 1e-15, "gd_run", "grad[1] at the end (the gradient at the final params)");
}

GRADED_TEST(ch03, run_reaches_the_minimum_of_a_quadratic)
{
    run_needs_step();
    // A tilted bowl in 3-D: Hessian [[3, 1, 0], [1, 2, 0], [0, 0, 1]], minimum 0.5 at
    // c = (1, -2, 0.5). Its largest eigenvalue is L = (5 + sqrt 5) / 2 = 3.618; lr = 1 / L.
    Quad q = { .P = 3, .a = { 3.0, 2.0, 1.0 }, .c = { 1.0, -2.0, 0.5 }, .s = 1.0, .f0 = 0.5 };
    double p[3] = { -2.0, 2.0, 3.0 }, g[3], *h = malloc(1001 * sizeof *h);
    int steps = -1;
    double L = (5.0 + sqrt(5.0)) / 2.0;
    int status = gd_run(p, g, h, &steps, quad_loss, &q, 3, 1.0 / L, 1000, 1e-10);
    grade_expect_implemented(status != -1 && !isnan(p[0]), "gd_run");
    double last = steps >= 0 && steps <= 1000 ? h[steps] : NAN;
    free(h);
    if (status != DESCENT_CONVERGED)
        grade_fail("gd_run on a 3-D quadratic with lr = 1/L, gtol = 1e-10 returned %d (%s) after %d"
                   " steps at params (%g, %g, %g), expected DESCENT_CONVERGED: the minimum is (1, -2,"
                   " 0.5), where the gradient is 0", status, status_name(status), steps, p[0], p[1], p[2]);
    for (int i = 0; i < 3; i++)
        grade_expect_close(p[i], q.c[i], 1e-9, "gd_run", "a parameter at the end (the minimum is (1, -2, 0.5))");
    grade_expect_close(last, 0.5, 1e-15, "gd_run", "the last loss of the history (the minimum is 0.5)");
    double norm = sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
    if (!(norm <= 1e-10) || steps < 20 || steps >= 1000)
        grade_fail("gd_run returned DESCENT_CONVERGED after %d steps with |grad| = %g at the end:"
                   " expected |grad| <= gtol = 1e-10, reached after some 20 to 100 steps", steps, norm);
}

GRADED_TEST(ch03, run_stops_at_the_first_step_where_the_gradient_is_small)
{
    run_needs_step();
    // f = 0.5 + (p - 1)^2 from p = 2 with lr 0.25: the error halves each step, the gradient
    // 2 (p - 1) = 2 * 0.5^k. It is first <= 1e-3 after k = 11 steps (2^-10 = 9.8e-4).
    Quad q = { .P = 1, .a = { 2.0 }, .c = { 1.0 }, .f0 = 0.5 };
    double p[1] = { 2.0 }, g[1], h[64];
    int steps = -1;
    int status = gd_run(p, g, h, &steps, quad_loss, &q, 1, 0.25, 60, 1e-3);
    grade_expect_implemented(status != -1 && !isnan(p[0]), "gd_run");
    if (status != DESCENT_CONVERGED || steps != 11)
        grade_fail("gd_run on 0.5 + (p - 1)^2 from p = 2, lr 0.25, gtol 1e-3 returned %d (%s) after %d"
                   " steps, expected DESCENT_CONVERGED after 11: the gradient 2 * 0.5^k first has"
                   " sqrt(sum grad^2) <= 1e-3 at k = 11 (k = 10 gives 1.95e-3)", status,
                   status_name(status), steps);
    grade_expect_close(p[0], 1.0 + 1.0 / 2048.0, 1e-15, "gd_run", "params[0] after 11 steps");
    // A gradient already small enough: no step at all.
    q.calls = 0;
    p[0] = 1.0009765625;   // gradient 2^-10 < 1e-2
    steps = -1;
    status = gd_run(p, g, h, &steps, quad_loss, &q, 1, 0.25, 60, 1e-2);
    if (status != DESCENT_CONVERGED || steps != 0 || p[0] != 1.0009765625)
        grade_fail("gd_run from a point whose gradient (9.8e-4) is already below gtol = 1e-2 returned"
                   " %d (%s) after %d steps, expected DESCENT_CONVERGED after 0 steps (params"
                   " unchanged)", status, status_name(status), steps);
}

GRADED_TEST(ch03, run_reports_divergence_when_the_rate_is_above_two_over_L)
{
    run_needs_step();
    // f = 2 (p - 1)^2: curvature L = 4, so lr < 2/L = 0.5 converges and lr > 0.5 diverges.
    Quad q = { .P = 1, .a = { 4.0 }, .c = { 1.0 } };
    double p[1] = { 2.0 }, g[1], h[201];
    int steps = -1;
    // lr = 0.45: the error is multiplied by 1 - 0.45 * 4 = -0.8 each step: it zigzags inwards.
    int status = gd_run(p, g, h, &steps, quad_loss, &q, 1, 0.45, 200, 1e-8);
    grade_expect_implemented(status != -1 && !isnan(p[0]), "gd_run");
    if (status != DESCENT_CONVERGED)
        grade_fail("gd_run on 2 (p - 1)^2 (L = 4) with lr = 0.45 < 2/L returned %d (%s) after %d steps,"
                   " expected DESCENT_CONVERGED", status, status_name(status), steps);
    // lr = 0.625: the error is multiplied by 1 - 0.625 * 4 = -1.5, the loss by 2.25, each step.
    // The loss, 2 at the start, first exceeds DESCENT_BLOWUP * (1 + 2) = 3e6 after 18 steps.
    p[0] = 2.0;
    steps = -1;
    status = gd_run(p, g, h, &steps, quad_loss, &q, 1, 0.625, 200, 1e-8);
    if (status != DESCENT_DIVERGED || steps != 18)
        grade_fail("gd_run on 2 (p - 1)^2 (L = 4) with lr = 0.625 > 2/L returned %d (%s) after %d steps"
                   " (loss %g), expected DESCENT_DIVERGED after 18: the loss grows 2.25-fold a step and"
                   " first exceeds DESCENT_BLOWUP * (1 + |history[0]|) = 3e6 at step 18. Stop there,"
                   " rather than carry on until it is inf or NaN", status, status_name(status), steps,
                   steps >= 0 && steps <= 200 ? h[steps] : NAN);
    for (int k = 0; k <= 18; k++)
        if (!isfinite(h[k]))
            grade_fail("gd_run with lr = 0.625 recorded history[%d] = %g: every loss up to the blow-up"
                       " is finite", k, h[k]);
    // lr = 1e300: the first step lands at 1e300 * 4; the loss is inf at once.
    p[0] = 2.0;
    steps = -1;
    status = gd_run(p, g, h, &steps, quad_loss, &q, 1, 1e300, 200, 1e-8);
    if (status != DESCENT_DIVERGED || steps != 1)
        grade_fail("gd_run with lr = 1e300 returned %d (%s) after %d steps, expected DESCENT_DIVERGED"
                   " after 1: history[1] is inf, which is not finite -- report it, never return NaN"
                   " or inf silently", status, status_name(status), steps);
}

// ---------------------------------------------------------------- logistic regression, from its definition

// Chapter 2's model with params = (w[0], w[1], b) on a 2-D data set: the mean cross-entropy over
// the examples idx[0 .. B-1] and its gradient, from lib/numgrad.h (the definition and centred
// differences: chapter 2's answers are not written out here, since students read this file).
typedef struct {
    const Dataset *ds;
    int *all;   // 0 .. n-1, for the whole set
} Logistic;

static double logistic_batch(double *grad, const double *params, const int *idx, int B, void *ctx)
{
    const Logistic *lg = ctx;
    return logistic_loss_grad(grad, params, lg->ds->x, lg->ds->y, idx, B, 2);
}

static double logistic_all(double *grad, const double *params, void *ctx)
{
    const Logistic *lg = ctx;
    return logistic_batch(grad, params, lg->all, lg->ds->n, ctx);
}

// Chapter 2's data: the Playground's gauss set (200 points, noise 0.05) moved by (2, 2).
static void off_centre_blobs(Dataset *ds, int *all, uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed, 2);
    if (data_gauss(ds, 200, 0.05, &rng) != 0)
        grade_fail("internal: data_gauss failed");
    for (int n = 0; n < ds->n; n++) {
        ds->x[2 * n] += 2.0;
        ds->x[2 * n + 1] += 2.0;
        all[n] = n;
    }
}

static double accuracy(const double *params, const Dataset *ds)
{
    int right = 0;
    for (int n = 0; n < ds->n; n++)
        right += (params[2] + params[0] * ds->x[2 * n] + params[1] * ds->x[2 * n + 1] >= 0.0)
                 == (ds->y[n] == 1);
    return (double)right / ds->n;
}

GRADED_TEST(ch03, run_history_never_rises_for_a_small_rate_on_a_convex_loss)
{
    run_needs_step();
    Dataset ds = { 0 };
    int all[200];
    off_centre_blobs(&ds, all, 2024);
    Logistic lg = { &ds, all };
    double p[3] = { 0.0, 0.0, 0.0 }, g[3], h[51];
    int steps = -1;
    int status = gd_run(p, g, h, &steps, logistic_all, &lg, 3, 0.1, 50, 0.0);
    dataset_free(&ds);
    grade_expect_implemented(status != -1 && !isnan(p[0]), "gd_run");
    if (status != DESCENT_MAX_STEPS || steps != 50)
        grade_fail("gd_run on logistic regression with lr 0.1, max_steps 50, gtol 0 returned %d (%s)"
                   " after %d steps, expected DESCENT_MAX_STEPS after 50 (history of 51 losses)",
                   status, status_name(status), steps);
    grade_expect_close(h[0], log(2.0), 1e-13, "gd_run", "history[0] (all parameters 0: p = 1/2, loss ln 2)");
    for (int k = 0; k < 50; k++)
        if (!(h[k + 1] <= h[k]))
            grade_fail("gd_run on logistic regression (convex) with the small lr 0.1: history[%d] = %.12g"
                       " rose above history[%d] = %.12g; small steps against the gradient never raise a"
                       " convex loss", k + 1, h[k + 1], k, h[k]);
}

// ---------------------------------------------------------------- minibatches

// "5 3 0 ..." of an int array, for messages.
static const char *ints(const int *a, int n)
{
    static char buf[4][512];
    static int which = 0;
    char *s = buf[which++ % 4];
    s[0] = '\0';
    for (int i = 0; i < n && strlen(s) < 480; i++)
        snprintf(s + strlen(s), 512 - strlen(s), "%s%d", i ? " " : "", a[i]);
    return s;
}

// Fails unless order (N) holds each of 0 .. N-1 exactly once.
static void expect_permutation(const int *order, int N, const char *what)
{
    int *seen = calloc((size_t)N, sizeof *seen);
    for (int i = 0; i < N; i++) {
        if (order[i] < 0 || order[i] >= N) {
            free(seen);
            grade_fail("minibatches %s: order[%d] = %d is not an example (N = %d); order = %s",
                       what, i, order[i], N, ints(order, N));
        }
        if (seen[order[i]]++) {
            int twice = order[i];
            free(seen);
            grade_fail("minibatches %s: example %d appears twice in order = %s, so another is never"
                       " visited: an epoch must visit every example exactly once (a shuffle, not N"
                       " independent draws)", what, twice, ints(order, N));
        }
    }
    free(seen);
}

static void expect_sizes(int K, const int *sizes, int N, int B, const char *what)
{
    int want_K = (N + B - 1) / B;
    int same = K == want_K;
    for (int k = 0; same && k < K; k++)
        same = sizes[k] == (k < K - 1 ? B : N - (K - 1) * B);
    if (!same) {
        int want[64];
        for (int k = 0; k < want_K && k < 64; k++)
            want[k] = k < want_K - 1 ? B : N - (want_K - 1) * B;
        grade_fail("minibatches %s (N = %d, B = %d) returned K = %d with sizes %s, expected K = %d with"
                   " sizes %s: ceil(N / B) batches, all of B but the last, which holds the rest",
                   what, N, B, K, K > 0 && K <= N ? ints(sizes, K) : "(none)", want_K,
                   ints(want, want_K < 64 ? want_K : 64));
    }
}

GRADED_TEST(ch03, minibatches_partition_the_examples_in_the_seeded_order)
{
    enum { N = 10, B = 3 };
    Rng rng, ref;
    rng_seed(&rng, 7, 3);
    rng_seed(&ref, 7, 3);
    int order[N], sizes[N], want[N];
    for (int epoch = 0; epoch < 2; epoch++) {
        const char *what = epoch ? "in its second epoch" : "in its first epoch";
        int K = minibatches(order, sizes, &rng, N, B);
        grade_expect_implemented(K != -1, "minibatches");
        expect_permutation(order, N, what);
        expect_sizes(K, sizes, N, B, what);
        rng_permutation(&ref, want, N);
        if (memcmp(order, want, sizeof want) != 0)
            grade_fail("minibatches %s drew the order %s, expected %s: call rng_permutation(rng, order,"
                       " N) once per epoch, with no other draws", what, ints(order, N), ints(want, N));
        if (rng.state != ref.state)
            grade_fail("minibatches %s drew the right order but left the generator in another state:"
                       " rng_permutation must be its only use of rng", what);
    }
}

GRADED_TEST(ch03, minibatches_give_batch_and_stochastic_descent_at_the_extremes)
{
    const struct { int N, B; const char *what; } cases[] = {
        { 7, 7, "with B = N (batch descent)" },   { 7, 50, "with B > N (batch descent)" },
        { 5, 1, "with B = 1 (stochastic descent)" }, { 1, 1, "with a single example" },
        { 6, 2, "with B dividing N" },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        Rng rng;
        rng_seed(&rng, 11, c);
        int order[8], sizes[8];
        int K = minibatches(order, sizes, &rng, cases[c].N, cases[c].B);
        grade_expect_implemented(K != -1, "minibatches");
        expect_permutation(order, cases[c].N, cases[c].what);
        expect_sizes(K, sizes, cases[c].N, cases[c].B, cases[c].what);
    }
}

// ---------------------------------------------------------------- sgd_train

// Least squares for a line a x + c on five points, params = (a, c). The callback records every
// batch it is asked for, so a test can say which batch went wrong.
enum { LS_N = 5, MAX_CALLS = 64 };
static const double LS_X[LS_N] = { -2.0, -1.0, 0.5, 1.0, 2.5 };
static const double LS_T[LS_N] = { -3.0, -1.0, 0.5, 2.0, 4.0 };

typedef struct {
    int calls;
    int B[MAX_CALLS];
    int idx[MAX_CALLS][LS_N];
    int nan_after;   // > 0: the call for all N examples returns NaN from this call on
} Lsq;

static double lsq_batch(double *grad, const double *params, const int *idx, int B, void *ctx)
{
    Lsq *ls = ctx;
    if (ls->calls < MAX_CALLS) {
        ls->B[ls->calls] = B;
        for (int k = 0; k < B && k < LS_N; k++)
            ls->idx[ls->calls][k] = idx[k];
    }
    ls->calls++;
    double loss = 0.0;
    grad[0] = grad[1] = 0.0;
    for (int k = 0; k < B; k++) {
        int n = idx[k];
        double r = params[0] * LS_X[n] + params[1] - LS_T[n];
        loss += 0.5 * r * r / B;
        grad[0] += r * LS_X[n] / B;
        grad[1] += r / B;
    }
    if (ls->nan_after > 0 && B == LS_N && ls->calls >= ls->nan_after)
        return NAN;
    return loss;
}

static int batches_work(void)
{
    Rng rng, ref;
    rng_seed(&rng, 3, 3);
    rng_seed(&ref, 3, 3);
    int order[7], sizes[7], want[7];
    int K = minibatches(order, sizes, &rng, 7, 3);
    rng_permutation(&ref, want, 7);
    return K == 3 && sizes[0] == 3 && sizes[1] == 3 && sizes[2] == 1
           && memcmp(order, want, sizeof want) == 0;
}

static void train_needs_step_and_batches(void)
{
    grade_expect_dependency(step_works(), "gd_step", "sgd_train takes each of its steps with gd_step"
                            " (see its tests)");
    grade_expect_dependency(batches_work(), "minibatches", "sgd_train draws each epoch's batches with"
                            " minibatches (see its tests)");
}

// Whether idx[0 .. n-1] names each of the examples 0 .. n-1 exactly once.
static int every_example_once(const int *idx, int n)
{
    int seen[LS_N] = { 0 };
    if (n != LS_N)
        return 0;
    for (int k = 0; k < n; k++) {
        if (idx[k] < 0 || idx[k] >= LS_N || seen[idx[k]])
            return 0;
        seen[idx[k]] = 1;
    }
    return 1;
}

// Fails unless the callback saw, epoch after epoch, the batches of rng_permutation cut into
// pieces of B, then one call for all N (in any order of the examples: the mean is the same, and
// the contract's `order` is only the handiest way to name them all).
static void expect_calls(const Lsq *ls, uint64_t seed, int B, int epochs)
{
    Rng ref;
    rng_seed(&ref, seed, 3);
    int order[LS_N], call = 0;
    int K = (LS_N + B - 1) / B;
    for (int e = 0; e < epochs; e++) {
        rng_permutation(&ref, order, LS_N);
        for (int k = 0; k <= K; k++, call++) {
            int size = k == K ? LS_N : k < K - 1 ? B : LS_N - (K - 1) * B;
            const int *want = k == K ? order : order + k * B;
            char what[64];
            if (k == K)
                snprintf(what, sizeof what, "the loss over all N after epoch %d", e);
            else
                snprintf(what, sizeof what, "batch %d of epoch %d", k, e);
            if (call >= ls->calls)
                grade_fail("sgd_train called the loss %d times in %d epochs; expected %d calls per epoch"
                           " (%d batches of up to B = %d, then all N = %d examples): %s never came",
                           ls->calls, epochs, K + 1, K, B, LS_N, what);
            int right = call >= MAX_CALLS
                        || (k == K ? ls->B[call] == LS_N && every_example_once(ls->idx[call], LS_N)
                                   : ls->B[call] == size
                                     && memcmp(ls->idx[call], want, (size_t)size * sizeof *want) == 0);
            if (!right)
                grade_fail("sgd_train: call %d of the loss, %s, was for the %d examples %s; expected %s"
                           " (this epoch's order %s, from minibatches, cut into batches of B = %d)",
                           call, what, ls->B[call], ints(ls->idx[call], ls->B[call] < LS_N ? ls->B[call] : LS_N),
                           k == K ? "all 5, each once (in any order)" : ints(want, size),
                           ints(order, LS_N), B);
        }
    }
    if (ls->calls != call)
        grade_fail("sgd_train called the loss %d times in %d epochs, expected %d (%d per epoch)",
                   ls->calls, epochs, call, K + 1);
}

GRADED_TEST(ch03, train_follows_the_contract_step_by_step)
{
    train_needs_step_and_batches();
    Lsq ls = { 0 };
    Rng rng;
    rng_seed(&rng, 2024, 3);
    double p[2] = { 0.0, 0.0 }, h[4] = { -7.0, -7.0, -7.0, -7.0 };
    int run = sgd_train(p, h, lsq_batch, &ls, &rng, LS_N, 2, 0.25, 3, 2);
    grade_expect_implemented(run != -1 && !isnan(p[0]), "sgd_train");
    if (run != 3)
        grade_fail("sgd_train for 3 epochs returned %d, expected 3 (the number of epochs run)", run);
    expect_calls(&ls, 2024, 2, 3);
    const double want_p[2] = { 1.6617998033761978, 0.21648730337619781 };
    const double want_h[3] = { 0.070134735107421867, 0.054736702709806191, 0.066185426338352366 };
    grade_expect_close(p[0], want_p[0], 1e-12, "sgd_train", "params[0] (the slope) after 3 epochs of lr 0.25");
    grade_expect_close(p[1], want_p[1], 1e-12, "sgd_train", "params[1] (the intercept) after 3 epochs of lr 0.25");
    for (int e = 0; e < 3; e++) {
        char what[96];
        snprintf(what, sizeof what, "history[%d] (the mean loss over all 5 examples after epoch %d)", e, e);
        grade_expect_close(h[e], want_h[e], 1e-12, "sgd_train", what);
    }
    if (h[3] != -7.0)
        grade_fail("sgd_train for 3 epochs wrote history[3]: only history[0 .. epochs-1] is its");
}

GRADED_TEST(ch03, train_with_one_batch_is_batch_gradient_descent)
{
    train_needs_step_and_batches();
    // B = N and B > N: one batch of every example per epoch, one exact gradient step each.
    const int Bs[2] = { LS_N, 100 };
    for (int c = 0; c < 2; c++) {
        Lsq ls = { 0 };
        Rng rng;
        rng_seed(&rng, 99, 3);
        double p[2] = { 0.5, -0.5 }, h[4];
        int run = sgd_train(p, h, lsq_batch, &ls, &rng, LS_N, 2, 0.25, 4, Bs[c]);
        grade_expect_implemented(run != -1 && !isnan(p[0]), "sgd_train");
        char what[96];
        snprintf(what, sizeof what, "params[0] after 4 epochs with B = %d (4 steps of batch descent)", Bs[c]);
        grade_expect_close(p[0], 1.5278527343749999, 1e-12, "sgd_train", what);
        snprintf(what, sizeof what, "params[1] after 4 epochs with B = %d (4 steps of batch descent)", Bs[c]);
        grade_expect_close(p[1], 0.01182578125, 1e-12, "sgd_train", what);
        snprintf(what, sizeof what, "history[3] with B = %d (the loss after 4 steps of batch descent)", Bs[c]);
        grade_expect_close(h[3], 0.058455089447578441, 1e-12, "sgd_train", what);
    }
}

GRADED_TEST(ch03, train_stops_when_the_loss_is_not_finite)
{
    train_needs_step_and_batches();
    // The loss over all N turns NaN from the 12th call on: epoch 2 (calls 9 .. 12, batches of 2).
    Lsq ls = { .nan_after = 12 };
    Rng rng;
    rng_seed(&rng, 5, 3);
    double p[2] = { 0.0, 0.0 }, h[10];
    for (int e = 0; e < 10; e++)
        h[e] = -7.0;
    int run = sgd_train(p, h, lsq_batch, &ls, &rng, LS_N, 2, 0.1, 10, 2);
    grade_expect_implemented(run != -1, "sgd_train");
    if (run != 3 || !isfinite(h[0]) || !isfinite(h[1]) || !isnan(h[2]) || h[3] != -7.0)
        grade_fail("sgd_train for 10 epochs, where the loss over all N is NaN after epoch 2, returned %d"
                   " with history[0..3] = %g %g %g %g (-7 = never written); expected 3, with history[2]"
                   " = NaN recorded and nothing after: stop as soon as the loss is not finite",
                   run, h[0], h[1], h[2], h[3]);
}

GRADED_TEST(ch03, sgd_with_batches_of_one_trains_logistic_regression)
{
    train_needs_step_and_batches();
    // Stochastic descent (B = 1), lr 0.1, 5 epochs (1000 steps) from 0, on chapter 2's data.
    // The reference reaches 98.5 to 100 % for each of 1000 seeds of the data and the shuffle
    // (100 % here); a step for the first batch of each epoch only (5 steps) gets 79.5 % here.
    Dataset ds = { 0 };
    int all[200];
    off_centre_blobs(&ds, all, 2024);
    Logistic lg = { &ds, all };
    Rng rng;
    rng_seed(&rng, 1, 3);
    double p[3] = { 0.0, 0.0, 0.0 }, h[5];
    int run = sgd_train(p, h, logistic_batch, &lg, &rng, ds.n, 3, 0.1, 5, 1);
    double acc = accuracy(p, &ds);
    dataset_free(&ds);
    grade_expect_implemented(run != -1 && !isnan(p[0]), "sgd_train");
    if (!(acc >= 0.95) || run != 5)
        grade_fail("sgd_train with B = 1 (stochastic descent), lr 0.1, 5 epochs from 0 on chapter 2's"
                   " 200 points returned %d and ended at w = (%g, %g), b = %g, which classifies %.1f %%"
                   " right; expected 5 epochs and at least 95 %%", run, p[0], p[1], p[2], 100 * acc);
}

GRADED_TEST(ch03, minibatch_and_batch_descent_train_logistic_regression_too)
{
    train_needs_step_and_batches();
    const struct { int B, epochs; double lr; const char *name; } runs[] = {
        { 10, 10, 0.5, "mini-batch descent (B = 10)" },
        { 200, 100, 0.5, "batch descent (B = N = 200)" },
    };
    for (int r = 0; r < 2; r++) {
        Dataset ds = { 0 };
        int all[200];
        off_centre_blobs(&ds, all, 2024);
        Logistic lg = { &ds, all };
        Rng rng;
        rng_seed(&rng, 1, 3);
        double p[3] = { 0.0, 0.0, 0.0 }, h[100];
        int run = sgd_train(p, h, logistic_batch, &lg, &rng, ds.n, 3, runs[r].lr, runs[r].epochs, runs[r].B);
        double acc = accuracy(p, &ds);
        dataset_free(&ds);
        grade_expect_implemented(run != -1 && !isnan(p[0]), "sgd_train");
        if (!(acc >= 0.95) || run != runs[r].epochs)
            grade_fail("sgd_train as %s, lr %g, %d epochs from 0 on chapter 2's 200 points returned %d"
                       " and ended at w = (%g, %g), b = %g, which classifies %.1f %% right; expected"
                       " %d epochs and at least 95 %%", runs[r].name, runs[r].lr, runs[r].epochs, run,
                       p[0], p[1], p[2], 100 * acc, runs[r].epochs);
    }
}

// ---------------------------------------------------------------- for the experiments: momentum

GRADED_TEST(ch03, momentum_step_adds_beta_of_the_last_step_to_the_new_one)
{
    // velocity = 0.5 * (1, -1, 2) - 0.25 * (1, 2, -4) = (0.25, -1, 2); params += velocity.
    double p[3] = { 1.0, -2.0, 0.5 }, v[3] = { 1.0, -1.0, 2.0 };
    const double g[3] = { 1.0, 2.0, -4.0 };
    const double want_v[3] = { 0.25, -1.0, 2.0 }, want_p[3] = { 1.25, -3.0, 2.5 };
    momentum_step(p, v, g, 0.25, 0.5, 3);
    grade_expect_implemented(!isnan(p[0]) && !isnan(v[0]), "momentum_step");
    for (int i = 0; i < 3; i++)
        if (v[i] != want_v[i] || p[i] != want_p[i])
            grade_fail("momentum_step(lr = 0.25, beta = 0.5) from params (1, -2, 0.5), velocity (1, -1,"
                       " 2), grad (1, 2, -4) gave velocity[%d] = %g and params[%d] = %g; expected %g and"
                       " %g: velocity = beta * velocity - lr * grad first, then params += the new"
                       " velocity", i, v[i], i, p[i], want_v[i], want_p[i]);
    if (g[0] != 1.0 || g[1] != 2.0 || g[2] != -4.0)
        grade_fail("momentum_step changed grad: the gradient is the caller's");
}

GRADED_TEST(ch03, momentum_step_with_beta_zero_is_a_plain_step_for_every_parameter)
{
    double p[5] = { 1.0, -2.0, 0.5, 3.0, -0.25 }, v[5] = { 9.0, 9.0, 9.0, 9.0, 9.0 };
    const double g[5] = { 0.5, -1.0, 2.0, 0.0, 4.0 };
    const double want_p[5] = { 0.75, -1.5, -0.5, 3.0, -2.25 }, want_v[5] = { -0.25, 0.5, -1.0, 0.0, -2.0 };
    momentum_step(p, v, g, 0.5, 0.0, 5);
    grade_expect_implemented(!isnan(p[0]) && !isnan(v[0]), "momentum_step");
    for (int i = 0; i < 5; i++)
        if (v[i] != want_v[i] || p[i] != want_p[i])
            grade_fail("momentum_step(lr = 0.5, beta = 0) gave velocity[%d] = %g and params[%d] = %g;"
                       " expected %g and %g, a plain gradient step (the old velocity, 9, times beta ="
                       " 0 is gone), for all P = 5 parameters", i, v[i], i, p[i], want_v[i], want_p[i]);
}

GRADED_TEST(ch03, heavy_ball_crosses_a_narrow_bowl_in_a_tenth_of_the_steps_of_plain_descent)
{
    // The bowl 0.5 (p0^2 + 100 p1^2), kappa = 100, from (1, 1). Polyak's settings: lr = 4 / (1 +
    // 10)^2, beta = (9 / 11)^2. Recorded from the reference: 95 steps until |grad| <= 1e-6 |grad
    // at the start| (plain descent with its best lr = 2 / 101 takes 691).
    Quad q = { .P = 2, .a = { 1.0, 100.0 }, .c = { 0.0, 0.0 } };
    double p[2] = { 1.0, 1.0 }, v[2] = { 0.0, 0.0 }, g[2];
    double g0 = hypot(1.0, 100.0), lr = 4.0 / 121.0, beta = (9.0 / 11.0) * (9.0 / 11.0);
    int k = 0;
    for (; k <= 1000; k++) {
        quad_loss(g, p, &q);
        if (!(hypot(g[0], g[1]) > 1e-6 * g0))
            break;
        momentum_step(p, v, g, lr, beta, 2);
        grade_expect_implemented(!isnan(p[0]), "momentum_step");
    }
    if (k < 93 || k > 97)
        grade_fail("heavy ball with momentum_step (lr = 4/121, beta = (9/11)^2) on 0.5 (p0^2 + 100 p1^2)"
                   " from (1, 1) took %s%d steps to bring |grad| down to 1e-6 of its start (ending at"
                   " (%g, %g)); expected 95 (plain descent needs 691): the velocity must carry beta of"
                   " the last step into the next", k > 1000 ? "more than " : "", k > 1000 ? 1000 : k,
                   p[0], p[1]);
}

// ---------------------------------------------------------------- for the experiments: curvature

// A quadratic whose every call is recorded: the points f was asked about, in order.
typedef struct {
    Quad q;
    int calls;
    double at[8][3];
} Recorder;

static double recorded_loss(double *grad, const double *p, void *ctx)
{
    Recorder *r = ctx;
    if (r->calls < 8)
        for (int i = 0; i < r->q.P; i++)
            r->at[r->calls][i] = p[i];
    r->calls++;
    return quad_loss(grad, p, &r->q);
}

// What a wrong eigenvalue most likely means, from its ratio to the right one ("" when nothing fits).
static const char *hessian_diagnosis(double got, double want)
{
    double ratio = got / want;
    if (fabs(ratio - 2.0) < 1e-6)
        return " (twice the answer: the difference of the gradients, divide by 2 h, not h)";
    if (fabs(ratio - 0.5) < 1e-6)
        return " (half the answer: divide the difference of the gradients by 2 h, once)";
    if (fabs(ratio + 1.0) < 1e-6)
        return " (the answer with its sign flipped: take grad f(params + h v) - grad f(params - h v),"
               " in that order)";
    return "";
}

// Hessian [[3, 1, 0], [1, 3, 0], [0, 0, 1]]: eigenvalues 4, 2 and 1, the top one along (1, 1, 0).
static const Quad HESSIAN_431 = { .P = 3, .a = { 3.0, 3.0, 1.0 }, .c = { 0.5, -1.0, 2.0 }, .s = 1.0 };

GRADED_TEST(ch03, hessian_top_eigenvalue_of_a_quadratic_is_within_one_percent)
{
    Recorder r = { .q = HESSIAN_431 };
    double v[3] = { 1.0, 0.0, 0.0 };
    const double params[3] = { 1.0, 2.0, -1.0 };
    double lambda = hessian_top_eigenvalue(v, recorded_loss, &r, params, 3, 40, 1e-3);
    grade_expect_implemented(!isnan(lambda) && !isnan(v[0]), "hessian_top_eigenvalue");
    if (!(fabs(lambda - 4.0) <= 0.01 * 4.0))
        grade_fail("hessian_top_eigenvalue on a quadratic whose Hessian [[3, 1, 0], [1, 3, 0], [0, 0, 1]]"
                   " has eigenvalues 4, 2, 1 returned %.10g after 40 iterations from v = (1, 0, 0),"
                   " expected 4 within 1%%%s", lambda, hessian_diagnosis(lambda, 4.0));
    double cosine = fabs(v[0] + v[1]) / sqrt(2.0), len = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    if (!(fabs(len - 1.0) <= 1e-9) || !(cosine >= 0.999))
        grade_fail("hessian_top_eigenvalue returned lambda = %g but left v = (%g, %g, %g): expected the"
                   " unit vector along the top eigenvector (1, 1, 0) / sqrt 2 (length %g, |cosine| with"
                   " it %g)", lambda, v[0], v[1], v[2], len, cosine);
}

GRADED_TEST(ch03, hessian_top_eigenvalue_takes_one_rayleigh_quotient_per_iteration)
{
    // One iteration from v = (2, 0, 0): scaled to (1, 0, 0), H v = (3, 1, 0), lambda = v . Hv = 3,
    // and v leaves as (3, 1, 0) / sqrt 10.
    Recorder r = { .q = HESSIAN_431 };
    double v[3] = { 2.0, 0.0, 0.0 };
    const double params[3] = { 1.0, 2.0, -1.0 };
    double lambda = hessian_top_eigenvalue(v, recorded_loss, &r, params, 3, 1, 1e-3);
    grade_expect_implemented(!isnan(lambda) && !isnan(v[0]), "hessian_top_eigenvalue");
    const double want[3] = { 3.0 / sqrt(10.0), 1.0 / sqrt(10.0), 0.0 };
    if (!(fabs(lambda - 3.0) <= 1e-8))
        grade_fail("hessian_top_eigenvalue with iters = 1 from v = (2, 0, 0) returned %.10g, expected 3:"
                   " scale v to length 1 first (1, 0, 0); H v = (3, 1, 0) from (grad f(params + h v) -"
                   " grad f(params - h v)) / (2 h); lambda = v . H v = 3%s", lambda,
                   fabs(lambda - 12.0) < 1e-6 ? " (12 is 4 times that: v was not scaled to length 1)"
                   : fabs(lambda - 6.0) < 1e-6 ? " (6 is twice that: divide by 2 h, not h)"
                   : fabs(lambda - sqrt(10.0)) < 1e-6 ? " (sqrt 10 is ||H v||, not v . H v)" : "");
    for (int i = 0; i < 3; i++)
        if (!(fabs(v[i] - want[i]) <= 1e-8))
            grade_fail("hessian_top_eigenvalue with iters = 1 left v = (%g, %g, %g), expected (3, 1, 0) /"
                       " sqrt 10 = (%g, %g, 0): v = H v / ||H v|| after the Rayleigh quotient", v[0],
                       v[1], v[2], want[0], want[1]);
}

GRADED_TEST(ch03, hessian_top_eigenvalue_asks_f_at_params_plus_and_minus_h_v)
{
    Recorder r = { .q = HESSIAN_431 };
    double v[3] = { 2.0, 0.0, 0.0 };
    const double params[3] = { 1.0, 2.0, -1.0 }, h = 0.125;
    double lambda = hessian_top_eigenvalue(v, recorded_loss, &r, params, 3, 2, h);
    grade_expect_implemented(!isnan(lambda) && !isnan(v[0]), "hessian_top_eigenvalue");
    if (r.calls != 4)
        grade_fail("hessian_top_eigenvalue with iters = 2 called f %d times, expected 4: two gradients"
                   " (at params + h v and params - h v) per iteration", r.calls);
    // Iteration 1 along (1, 0, 0); iteration 2 along (3, 1, 0) / sqrt 10.
    const double u[2][3] = { { 1.0, 0.0, 0.0 }, { 3.0 / sqrt(10.0), 1.0 / sqrt(10.0), 0.0 } };
    for (int c = 0; c < 4; c++) {
        double sign = c % 2 ? -1.0 : 1.0, want[3];
        for (int i = 0; i < 3; i++)
            want[i] = params[i] + sign * h * u[c / 2][i];
        for (int i = 0; i < 3; i++)
            if (!(fabs(r.at[c][i] - want[i]) <= 1e-12))
                grade_fail("hessian_top_eigenvalue (params (1, 2, -1), h = 0.125, v = (2, 0, 0), iters = 2):"
                           " call %d of f was at (%g, %g, %g), expected params %s h v = (%g, %g, %g), v"
                           " the unit vector of iteration %d: first params + h v, then params - h v",
                           c + 1, r.at[c][0], r.at[c][1], r.at[c][2], sign > 0 ? "+" : "-", want[0],
                           want[1], want[2], c / 2 + 1);
    }
    if (params[0] != 1.0 || params[1] != 2.0 || params[2] != -1.0)
        grade_fail("hessian_top_eigenvalue changed params: put the shifted points in its own buffer");
}

GRADED_TEST(ch03, hessian_top_eigenvalue_keeps_the_sign_of_a_negative_curvature)
{
    // A saddle, 0.5 (-3 p0^2 + p1^2): the eigenvalue of largest magnitude is -3.
    Recorder r = { .q = { .P = 2, .a = { -3.0, 1.0 } } };
    double v[2] = { 1.0, 1.0 };
    const double params[2] = { 0.5, -0.5 };
    double lambda = hessian_top_eigenvalue(v, recorded_loss, &r, params, 2, 40, 1e-3);
    grade_expect_implemented(!isnan(lambda), "hessian_top_eigenvalue");
    if (!(fabs(lambda + 3.0) <= 1e-6))
        grade_fail("hessian_top_eigenvalue on the saddle 0.5 (-3 p0^2 + p1^2) returned %.10g after 40"
                   " iterations, expected -3: lambda is the Rayleigh quotient v . H v, which keeps the"
                   " sign (||H v|| would give +3)%s", lambda, hessian_diagnosis(lambda, -3.0));
}
