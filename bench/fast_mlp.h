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
 * where there is no vector math library and a vector holds two doubles, the step has a section
 * of its own: the batch transposed so that each vector holds one unit's values for two examples
 * (every pass then works on whole vectors), its own tanh, exp and log1p two at a time (within
 * a few units in the last place of libm's), each computed in passes of short chains of steps,
 * which the engines' code runs far faster than one long chain a value. check_fast built for
 * WebAssembly holds it to the same agreement (make bench-short).
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
    int *yb;                        // (max_batch + 1) labels of the batch being trained, owned
    double *lanes;                  // the WebAssembly build's passes, two examples a vector
                                    // (fast_mlp.c), owned; NULL natively
} FastMlp;

// Prepares f to train m with the given loss. Returns 0, or -1 when out of memory or the loss
// does not fit K (f is then zeroed).
int fast_init(FastMlp *f, Mlp *m, LossKind loss);

// Frees what fast_init allocated (not m). Safe on a zeroed FastMlp.
void fast_free(FastMlp *f);

// One step of SGD on X (N, D), y (N), 1 <= N <= max_batch, as the reference's step: afterwards
// m's params are updated, its grads hold this batch's gradient and acts the forward pass (dacts
// and dz are scratch; the WebAssembly build keeps the hidden layers' activations in its own
// layout and leaves only the logits, acts[L], in m). Returns the loss before the update; NaN
// for N out of range.
double fast_train_step(FastMlp *f, const double *X, const int *y, int N, double lr);

// One epoch over X (n, D), y (n) in the order given, in batches of `batch` (the last holds what
// is left), as mlp_train_epoch. Returns the mean loss.
double fast_train_epoch(FastMlp *f, const double *X, const int *y, int n, const int *order,
                        int batch, double lr);

#endif
