/* wasm_trainer.c -- the benchmark's trainers as WebAssembly modules, for bench/playground_bench.js.
 *
 * Built twice by bench/bench.mk (make bench), both with the page's tanh (playground/pg_math.c,
 * linked ahead of wasi-libc's as the page links it): with the reference (solutions/05_mlp.c and
 * 06_backprop.c, mlp_train_epoch, the playground page's flags: clang -O2) into wasm/ref.wasm, and
 * with -DWT_FAST and bench/fast_mlp.c (fast_train_epoch; -O3 -msimd128, no -ffast-math: 128-bit
 * SIMD, two doubles a vector) into wasm/fast.wasm. Both train the task spiral-b1/b32 of
 * bench/tasks.h: 2-8-8-1 tanh with a sigmoid output and binary cross-entropy, on data_spiral's
 * 500 points (noise 0.1, seed (1, 1)), from mlp_init's weights (seed (1, 7)), each epoch in the
 * order of one rng_permutation, learning rate 0.03.
 *
 * Exports (the JavaScript side calls them by name):
 *   wt_setup(batch)   the data and the network, batches of `batch` (1 .. 64); 0 or -1
 *   wt_train(epochs)  trains; returns the last epoch's mean loss
 *   wt_count, wt_points, wt_labels     the 500 points (n, 2) and labels, for the JavaScript trainer
 *   wt_num_params, wt_params           the parameters, to check that the builds agree
 * Left out on purpose: the other tasks (the page trains this network), timing (JavaScript times).
 */
#include <stdlib.h>
#include <string.h>

#include "backprop.h"
#include "data.h"
#ifdef WT_FAST
#include "fast_mlp.h"
#endif

#if defined(__wasm__)
#define WT_EXPORT(name) __attribute__((export_name(#name)))
#else
#define WT_EXPORT(name)
#endif

static Dataset data;
static Mlp m;
static Rng rng;
static int *order;
static int batch_size;
#ifdef WT_FAST
static FastMlp fast;
#endif

WT_EXPORT(wt_setup)
int wt_setup(int batch)
{
    if (batch < 1 || batch > 64)
        return -1;
    batch_size = batch;
    dataset_free(&data);
    free(order);
#ifdef WT_FAST
    fast_free(&fast);
#endif
    mlp_free(&m);
    Rng drng;
    rng_seed(&drng, 1, 1);
    if (data_spiral(&data, 500, 0.1, &drng) != 0)
        return -1;
    order = malloc(sizeof(int) * (size_t)data.n);
    const int sizes[4] = { 2, 8, 8, 1 };
    rng_seed(&rng, 1, 7);
    if (!order || mlp_init(&m, sizes, 3, ACT_TANH, batch, &rng) != 0)
        return -1;
#ifdef WT_FAST
    if (fast_init(&fast, &m, LOSS_BCE) != 0)
        return -1;
#endif
    return 0;
}

WT_EXPORT(wt_train)
double wt_train(int epochs)
{
    double loss = 0.0;
    for (int e = 0; e < epochs; e++) {
        rng_permutation(&rng, order, data.n);
#ifdef WT_FAST
        loss = fast_train_epoch(&fast, data.x, data.y, data.n, order, batch_size, 0.03);
#else
        loss = mlp_train_epoch(&m, data.x, data.y, data.n, order, batch_size, 0.03);
#endif
    }
    return loss;
}

WT_EXPORT(wt_count)
int wt_count(void) { return data.n; }

WT_EXPORT(wt_points)
const double *wt_points(void) { return data.x; }

WT_EXPORT(wt_labels)
const int *wt_labels(void) { return data.y; }

WT_EXPORT(wt_num_params)
int wt_num_params(void) { return m.num_params; }

WT_EXPORT(wt_params)
const double *wt_params(void) { return m.params; }
