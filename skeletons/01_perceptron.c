/* 01_perceptron.c -- chapter 1: the perceptron (Rosenblatt, 1958).
 *
 * A perceptron classifies x by the side of a hyperplane it falls on: class 1 when
 * z = b + w . x >= 0, else class 0. It learns from its mistakes only: each misclassified
 * example pulls the hyperplane towards itself (a missed 1) or pushes it away (a missed 0).
 * On linearly separable data this stops after finitely many mistakes; on XOR it never does.
 *
 * Shapes: N examples, D features; X (N, D) row-major, y (N) in {0, 1}, w (D), b scalar.
 * Three exercises, in order: perceptron_predict, perceptron_update, perceptron_train.
 * Left out on purpose: shuffling (examples are visited in order, so a run is reproducible),
 * the pocket algorithm, margins. Notes: chapters/01-perceptron/notes.md.
 */
#include <math.h>

#include "perceptron.h"

int perceptron_predict(const double *w, double b, const double *x, int D)
{
    // TODO(ch01 perceptron_predict):
    //   Return the class of x: 1 when z = b + sum_i w[i] * x[i] is >= 0, else 0.
    //   A point exactly on the boundary (z == 0) is class 1. Sum over all D features.
    //   Check: make grade CH=01
    (void)w; (void)b; (void)x; (void)D;
    return -1;  // not implemented yet
    // END TODO(ch01 perceptron_predict)
}

int perceptron_update(double *w, double *b, const double *x, int y, double lr, int D)
{
    // TODO(ch01 perceptron_update):
    //   One step of the learning rule on the example (x, y), y in {0, 1}:
    //     p = perceptron_predict(w, *b, x, D);
    //     if p == y, change nothing and return 0;
    //     else w[i] += lr * (y - p) * x[i] for i = 0 .. D-1, *b += lr * (y - p), return 1.
    //   (y - p) is +1 for a missed 1 (move towards x) and -1 for a missed 0 (move away).
    //   Check: make grade CH=01
    for (int i = 0; i < D; i++)
        w[i] = NAN;  // not implemented yet
    (void)b; (void)x; (void)y; (void)lr;
    return -1;
    // END TODO(ch01 perceptron_update)
}

int perceptron_train(double *w, double *b, int *mistakes, const double *X, const int *y,
                     int N, int D, double lr, int max_epochs)
{
    // TODO(ch01 perceptron_train):
    //   Train in place from the w and *b given (do not reset them). For each epoch
    //   e = 0, 1, ..., max_epochs-1: call perceptron_update on examples n = 0 .. N-1 in
    //   that order (example n is X + n * D, label y[n]), count the updates it made into
    //   mistakes[e], and stop after the first epoch whose count is 0.
    //   Return the number of epochs run: e + 1 for the clean epoch e, or max_epochs.
    //   Check: make grade CH=01
    for (int i = 0; i < D; i++)
        w[i] = NAN;  // not implemented yet
    (void)b; (void)mistakes; (void)X; (void)y; (void)N; (void)lr; (void)max_epochs;
    return -1;
    // END TODO(ch01 perceptron_train)
}
