/* check_fast.c -- the fast trainer (fast_mlp.c, built with -ffast-math) against the readable
 * reference (solutions/05_mlp.c + 06_backprop.c, bench/tasks.c for softmax), built without.
 *
 * For each case: two copies of the same network from the same seed; one training step on the
 * same batch with each; then the loss, every gradient and every updated parameter must agree:
 *     |fast - ref| <= 1e-9 * max(|fast|, |ref|)     for every entry (0 and 0 agree).
 * The cases are the benchmark's three tasks, plus small networks with the other activations, an
 * odd batch, non-square layers and a softmax with three classes, so that a loop that only works
 * for the benchmark's shapes is caught. Then one whole epoch in the same order with each, whose
 * mean losses and parameters must agree to 1e-7 (hundreds of steps let rounding grow a little):
 * that checks the fast trainer's batching.
 *
 * Usage: check_fast [DIGITS_CSV_GZ]      exits 0 when every case is OK, 1 otherwise.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fast_mlp.h"
#include "tasks.h"

#ifndef BENCH_FLAGS
#define BENCH_FLAGS "?"          // the reference's compiler flags, passed in by bench.mk
#endif
#ifndef BENCH_FAST_FLAGS
#define BENCH_FAST_FLAGS "?"     // fast_mlp.c's
#endif

static const double STEP_TOL = 1e-9, EPOCH_TOL = 1e-7;

// The worst relative difference between a (fast) and b (ref) over n entries; *where gets its index.
static double worst_rel(const double *a, const double *b, int n, int *where)
{
    double worst = 0.0;
    *where = 0;
    for (int k = 0; k < n; k++) {
        double diff = fabs(a[k] - b[k]), scale = fmax(fabs(a[k]), fabs(b[k]));
        double rel = diff == 0.0 ? 0.0 : diff / scale;
        if (!(rel <= worst)) {          // NaN counts as the worst of all
            worst = rel;
            *where = k;
        }
    }
    return worst;
}

// Compares one buffer, prints a line, returns 1 when within tol.
static int agree(const char *what, const double *fast, const double *ref, int n, double tol)
{
    int k;
    double w = worst_rel(fast, ref, n, &k);
    int ok = w <= tol;
    printf("    %-8s %5d entries  worst rel diff %.1e at [%d] (fast % .12e, ref % .12e)  %s\n",
           what, n, w, k, fast[k], ref[k], ok ? "OK" : "NOT OK");
    return ok;
}

// One case: network (sizes, L, act), loss, batch N taken as rows 0 .. N-1 of X.
static int check_case(const char *name, const int *sizes, int L, Activation act, LossKind loss,
                      const double *X, const int *y, int n_all, int N, double lr)
{
    printf("%s: %d", name, sizes[0]);
    for (int l = 1; l <= L; l++) printf("-%d", sizes[l]);
    printf(" %s, %s, batch %d\n", activation_name(act), loss == LOSS_BCE ? "sigmoid+bce"
                                                                         : "softmax+ce", N);
    Mlp ref, fast;
    Rng r1, r2;
    rng_seed(&r1, 3, 3);
    rng_seed(&r2, 3, 3);
    FastMlp f;
    if (mlp_init(&ref, sizes, L, act, N, &r1) != 0 || mlp_init(&fast, sizes, L, act, N, &r2) != 0
        || fast_init(&f, &fast, loss) != 0) {
        printf("    NOT OK: could not build the networks\n");
        return 0;
    }
    // mlp_init zeroes the biases: give them values, so that a pass that drops one shows.
    Rng rb;
    rng_seed(&rb, 4, 4);
    for (int l = 0; l < L; l++)
        for (int h = 0; h < sizes[l + 1]; h++)
            ref.bias[l][h] = fast.bias[l][h] = rng_range(&rb, -0.5, 0.5);

    // One step on rows 0 .. N-1.
    double lref = ref_train_step(&ref, loss, X, y, N, lr);
    double lfast = fast_train_step(&f, X, y, N, lr);
    int ok = agree("loss", &lfast, &lref, 1, STEP_TOL);
    ok &= agree("grads", fast.grads, ref.grads, ref.num_params, STEP_TOL);
    ok &= agree("params", fast.params, ref.params, ref.num_params, STEP_TOL);
    ok &= agree("logits", fast.acts[L], ref.acts[L], N * sizes[L], STEP_TOL);

    // One epoch over every row, in a shuffled order shared by both.
    int *order = malloc(sizeof(int) * (size_t)n_all);
    Rng rs;
    rng_seed(&rs, 5, 5);
    rng_permutation(&rs, order, n_all);
    Task t = { .n = n_all, .x = (double *)X, .y = (int *)y, .batch = N, .lr = lr, .loss = loss,
               .L = L };
    memcpy(t.sizes, sizes, sizeof(int) * (size_t)(L + 1));
    double eref = ref_train_epoch(&ref, &t, order);
    double efast = fast_train_epoch(&f, X, y, n_all, order, N, lr);
    ok &= agree("epoch", &efast, &eref, 1, EPOCH_TOL);
    ok &= agree("params", fast.params, ref.params, ref.num_params, EPOCH_TOL);
    free(order);
    fast_free(&f);
    mlp_free(&fast);
    mlp_free(&ref);
    printf("  %s\n", ok ? "OK" : "NOT OK");
    return ok;
}

// Small fixtures: n_all rows of D seeded inputs in [-2, 2), labels below `classes`.
static void fixture(double *X, int *y, int n_all, int D, int classes, uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed, 11);
    for (int k = 0; k < n_all * D; k++) X[k] = rng_range(&rng, -2.0, 2.0);
    for (int k = 0; k < n_all; k++) y[k] = (int)rng_below(&rng, (uint32_t)classes);
}

int main(int argc, char **argv)
{
    const char *digits = argc > 1 ? argv[1] : "data/digits.csv.gz";
    int ok = 1;
    printf("check_fast: one training step of bench/fast_mlp.c (%s) against the reference\n"
           "(solutions/05_mlp.c + 06_backprop.c, %s): every entry within %.0e relative; then "
           "one epoch within %.0e\n\n", BENCH_FAST_FLAGS, BENCH_FLAGS, STEP_TOL, EPOCH_TOL);

    // The benchmark's own tasks.
    for (int k = 0; k < TASK_COUNT; k++) {
        Task t;
        char err[512];
        if (task_init(&t, TASK_NAMES[k], digits, err, sizeof err) != 0) {
            printf("%s: NOT OK: %s\n", TASK_NAMES[k], err);
            ok = 0;
            continue;
        }
        printf("%s: data %s\n", t.name, t.source);   // (the digits fall back to seeded data)
        ok &= check_case(t.name, t.sizes, t.L, t.act, t.loss, t.x, t.y, t.n, t.batch, t.lr);
        task_free(&t);
    }

    // Other activations, odd batches, non-square layers, three classes.
    double X[40 * 4];
    int y[40];
    fixture(X, y, 40, 3, 2, 21);
    ok &= check_case("sigmoid", (const int[]){ 3, 5, 4, 1 }, 3, ACT_SIGMOID, LOSS_BCE, X, y, 40, 5,
                     0.5);
    fixture(X, y, 40, 2, 2, 22);
    ok &= check_case("relu", (const int[]){ 2, 6, 1 }, 2, ACT_RELU, LOSS_BCE, X, y, 40, 3, 0.5);
    fixture(X, y, 40, 4, 3, 23);
    ok &= check_case("softmax3", (const int[]){ 4, 7, 3 }, 2, ACT_TANH, LOSS_SOFTMAX, X, y, 40, 7,
                     0.5);

    printf("\n%s\n", ok ? "check_fast: OK" : "check_fast: NOT OK -- the fast trainer does not "
                         "compute what the reference computes. HINT: the first NOT OK line above "
                         "names the buffer; compare that pass of fast_mlp.c with the reference.");
    return ok ? 0 : 1;
}
