/* tasks.h -- what `make bench` trains: three networks on their data, and the reference trainer.
 *
 * A Task is a network (sizes, hidden activation, loss), its data set, its batch size and learning
 * rate: everything PyTorch and numpy (bench/torch_numpy.py) need to train the same network on the
 * same data with the same batches. The three of the issue:
 *     spiral-b1    2-8-8-1 tanh, sigmoid output + binary cross-entropy, 500 spiral points, batch 1
 *     spiral-b32   the same at batch 32
 *     digits-b32   64-128-10 tanh, softmax cross-entropy, the 8x8 digits (1797 x 64), batch 32
 *
 * The reference trainer is the workbook's own code, linked as it is: solutions/05_mlp.c and
 * solutions/06_backprop.c (mlp_train_epoch for the sigmoid tasks). The softmax cross-entropy the
 * digits need is not in the book yet (chapter 7 brings it), so a readable one lives here, and the
 * epoch loop around it copies mlp_train_epoch. Everything here is compiled with the reference's
 * flags (no -ffast-math): it is the reference side of every comparison.
 *
 * N = examples, D = inputs, K = outputs (classes). Row-major, as in lib/mlp.h.
 */
#ifndef BENCH_TASKS_H
#define BENCH_TASKS_H

#include <stddef.h>

#include "backprop.h"

typedef enum {
    LOSS_BCE = 0,       // K = 1: sigmoid of the logit, binary cross-entropy (bce_loss)
    LOSS_SOFTMAX = 1    // K > 1: softmax of the logits, cross-entropy (softmax_ce_loss below)
} LossKind;

typedef struct {
    char name[16];          // "spiral-b1": the key used on the command line and in results
    char what[96];          // one line for the report: network, data, batch
    char source[160];       // where the data came from (file, generator and seed)
    int L;                  // layers with weights
    int sizes[MLP_MAX_LAYERS + 1];  // sizes[0] = D inputs ... sizes[L] = K outputs
    Activation act;         // hidden activation
    LossKind loss;
    int batch;              // examples per step (the last batch of an epoch holds the rest)
    double lr;              // learning rate of plain SGD
    int n;                  // examples
    double *x;              // (n, sizes[0]), owned
    int *y;                 // (n), labels: 0/1 for LOSS_BCE, 0 .. K-1 for LOSS_SOFTMAX; owned
} Task;

#define TASK_COUNT 3
extern const char *const TASK_NAMES[TASK_COUNT];   // "spiral-b1", "spiral-b32", "digits-b32"

// Builds task `name` (one of TASK_NAMES). The digits come from `digits_path` (gzip'd CSV: 64
// pixel counts 0..16, then the digit), scaled to [0, 1]; when that file cannot be read, from
// seeded random data of the same shape (1797 x 64, ten balanced classes), and t->source says so.
// Returns 0, or -1 with a message in err.
int task_init(Task *t, const char *name, const char *digits_path, char *err, size_t errcap);
void task_free(Task *t);

// The network of the task with its initial weights: mlp_init with an Rng seeded (seed, 7).
// max_batch = t->batch. Returns 0 or -1.
int task_mlp(Mlp *m, const Task *t, uint64_t seed);

// ---------------------------------------------------------------- softmax cross-entropy

// loss = (1/N) sum_n [ log sum_k exp(z[n,k]) - z[n, y[n]] ],  z = logits (N, K), y[n] in 0..K-1.
// Computed with the row maximum subtracted first, so that it is finite for any finite logits.
double softmax_ce_loss(const double *logits, const int *y, int N, int K);

// Its gradient: dlogits[n,k] += (p[n,k] - [k == y[n]]) / N, p = softmax of row n. Accumulates.
void softmax_ce_backward(double *dlogits, const double *logits, const int *y, int N, int K);

// ---------------------------------------------------------------- the reference trainer

// One step of the reference on the batch X (N, D), y (N): for LOSS_BCE, mlp_train_step; for
// LOSS_SOFTMAX, the same verbs with softmax_ce_loss/backward. Returns the loss before the step.
double ref_train_step(Mlp *m, LossKind loss, const double *X, const int *y, int N, double lr);

// One epoch of the reference, the examples in the order given (a permutation of 0 .. n-1): for
// LOSS_BCE, mlp_train_epoch itself; for LOSS_SOFTMAX, the same loop around ref_train_step.
// Returns the mean loss.
double ref_train_epoch(Mlp *m, const Task *t, const int *order);

#endif
