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
    // @begin perceptron_predict
    // @todo Return the class of x: 1 when z = b + sum_i w[i] * x[i] is >= 0, else 0.
    // @todo A point exactly on the boundary (z == 0) is class 1. Sum over all D features.
    // @stub (void)w; (void)b; (void)x; (void)D;
    // @stub return -1;  // not implemented yet
    double z = b;
    for (int i = 0; i < D; i++)
        z += w[i] * x[i];
    return z >= 0.0 ? 1 : 0;
    // @end perceptron_predict
}

int perceptron_update(double *w, double *b, const double *x, int y, double lr, int D)
{
    // @begin perceptron_update
    // @todo One step of the learning rule on the example (x, y), y in {0, 1}:
    // @todo   p = perceptron_predict(w, *b, x, D);
    // @todo   if p == y, change nothing and return 0;
    // @formula   else w[i] += lr * (y - p) * x[i] for i = 0 .. D-1, *b += lr * (y - p), return 1.
    // @formula (y - p) is +1 for a missed 1 (move towards x) and -1 for a missed 0 (move away).
    // @challenge   else apply the perceptron's learning rule (the notes) to every w[i] and to *b,
    // @challenge   and return 1. Its step is scaled by lr, the bias's too: b is the weight of an
    // @challenge   input that is always 1.
    // @stub for (int i = 0; i < D; i++)
    // @stub     w[i] = NAN;  // not implemented yet
    // @stub (void)b; (void)x; (void)y; (void)lr;
    // @stub return -1;
    int p = perceptron_predict(w, *b, x, D);
    if (p == y)
        return 0;
    double step = lr * (double)(y - p);   // +lr towards a missed 1, -lr away from a missed 0
    for (int i = 0; i < D; i++)
        w[i] += step * x[i];
    *b += step;
    return 1;
    // @end perceptron_update
}

int perceptron_train(double *w, double *b, int *mistakes, const double *X, const int *y,
                     int N, int D, double lr, int max_epochs)
{
    // @begin perceptron_train
    // @todo Train in place from the w and *b given (do not reset them). For each epoch
    // @todo e = 0, 1, ..., max_epochs-1: call perceptron_update on examples n = 0 .. N-1 in
    // @todo that order (example n is X + n * D, label y[n]), count the updates it made into
    // @todo mistakes[e], and stop after the first epoch whose count is 0.
    // @todo Return the number of epochs run: e + 1 for the clean epoch e, or max_epochs.
    // @stub for (int i = 0; i < D; i++)
    // @stub     w[i] = NAN;  // not implemented yet
    // @stub (void)b; (void)mistakes; (void)X; (void)y; (void)N; (void)lr; (void)max_epochs;
    // @stub return -1;
    for (int e = 0; e < max_epochs; e++) {
        int count = 0;
        for (int n = 0; n < N; n++)
            count += perceptron_update(w, b, X + (long)n * D, y[n], lr, D);
        mistakes[e] = count;
        if (count == 0)
            return e + 1;   // a clean epoch: every example is on its side
    }
    return max_epochs;
    // @end perceptron_train
}
