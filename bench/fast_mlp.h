/* fast_mlp.h -- a benchmark-only fast trainer for the workbook's Mlp (lib/mlp.h).
 *
 * The same network, parameters, buffers and math as the reference (solutions/05_mlp.c and
 * 06_backprop.c, with bench/tasks.c's softmax), in other loops, compiled with -O3 -march=native
 * -ffast-math. -ffast-math lets the compiler reorder sums (so that a dot product runs on 8 lanes
 * at once) and call glibc's vector math library (tanh, exp, log1p on 8 doubles per call); it also
 * makes isnan() always false, which is why the grader never links this file. bench/check_fast.c
 * shows that one training step of it agrees with the reference to 1e-9 relative, for the
 * benchmark's networks and others; `make bench-short` runs that check.
 *
 * Where the time goes, and what this file does about it (fast_mlp.c shows each one):
 *   - The batch is a sample-major matrix (N, D) and every pass of a dense layer is one of two
 *     matrix products whose innermost loop runs along contiguous rows with a fixed trip count:
 *     a dot product of two rows (forward), or a block of columns of the result summed in
 *     registers and written once (the gradients). The compiler turns both into vector code.
 *   - The activation, its derivative and the loss are passes over whole (N, H) blocks, so the
 *     vector math library runs on them instead of one libm call per number.
 *   - Gradients are written (=), not zeroed then added to; the first layer's input gradient is
 *     not computed (nothing reads it); the batch is gathered straight into acts[0].
 * Built for WebAssembly with 128-bit SIMD (-msimd128: bench/wasm_trainer.c, make bench-playground),
 * where there is no vector math library, it brings its own two-at-a-time tanh and exp (wasm
 * intrinsics, within a few units in the last place of libm) and a forward product that keeps the
 * reference's order of additions.
 * Left out on purpose: x86 intrinsics, threads, BLAS, float, cache blocking (the networks fit in L2).
 *
 * Example:
 *     FastMlp f;
 *     fast_init(&f, &m, LOSS_BCE);        // m from mlp_init; f keeps a pointer to it
 *     double loss = fast_train_step(&f, X, y, N, lr);   // updates m's params and grads
 *     fast_free(&f);                      // m is still the caller's
 */
#ifndef BENCH_FAST_MLP_H
#define BENCH_FAST_MLP_H

#include "tasks.h"

typedef struct {
    Mlp *m;                         // the network trained: its params, grads and buffers (not owned)
    LossKind loss;                  // LOSS_BCE (K = 1) or LOSS_SOFTMAX (K > 1)
    int *yb;                        // (max_batch) labels of the batch being trained, owned
} FastMlp;

// Prepares f to train m with the given loss. Returns 0, or -1 when out of memory or the loss
// does not fit K (f is then zeroed).
int fast_init(FastMlp *f, Mlp *m, LossKind loss);

// Frees what fast_init allocated (not m). Safe on a zeroed FastMlp.
void fast_free(FastMlp *f);

// One step of SGD on X (N, D), y (N), 1 <= N <= max_batch, as the reference's step: afterwards
// m's params are updated, its grads hold this batch's gradient and acts the forward pass (dacts
// and dz are scratch). Returns the loss before the update; NaN for N out of range.
double fast_train_step(FastMlp *f, const double *X, const int *y, int N, double lr);

// One epoch over X (n, D), y (n) in the order given, in batches of `batch` (the last holds what
// is left), as mlp_train_epoch. Returns the mean loss.
double fast_train_epoch(FastMlp *f, const double *X, const int *y, int n, const int *order,
                        int batch, double lr);

#endif
