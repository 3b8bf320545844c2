/* perceptron.h -- chapter 1: the perceptron, a linear classifier and its learning rule.
 *
 * N = number of examples, D = input features. X is (N, D) row-major: feature i of example n is
 * X[n * D + i]. Labels y[n] are 0 or 1. The model is a weight vector w (D) and a bias b.
 *
 * The exercises live in skeletons/01_perceptron.c (solutions/01_perceptron.c in the
 * instructor's tree); chapters/01-perceptron/notes.md explains them.
 */
#ifndef WORKBOOK_PERCEPTRON_H
#define WORKBOOK_PERCEPTRON_H

// The class the perceptron gives x (D): 1 when z = b + sum_i w[i] * x[i] >= 0, else 0.
// A point on the boundary (z == 0) is class 1. Not implemented yet: returns -1.
int perceptron_predict(const double *w, double b, const double *x, int D);

// One step of the perceptron learning rule on the example (x, y):
//   p = perceptron_predict(w, *b, x, D);
// @formula   if p != y:  w[i] += lr * (y - p) * x[i] for every i, and *b += lr * (y - p).
// @challenge   if p != y: the rule's step, scaled by lr, on every w[i] and on *b.
// Returns 1 when it updated (the example was a mistake), 0 when it left w and *b alone.
// Not implemented yet: returns -1 and fills w with NaN.
int perceptron_update(double *w, double *b, const double *x, int y, double lr, int D);

// Trains w (D) and *b in place, starting from the values they hold. Epoch e = 0, 1, ... visits
// the examples in order n = 0 .. N-1, calling perceptron_update on each, and stores the number
// of updates of that epoch in mistakes[e]. Stops after the first epoch with no mistakes (that
// epoch is run and recorded) or after max_epochs epochs, whichever comes first. Returns the
// number of epochs run (1 .. max_epochs); mistakes has room for max_epochs entries.
// Not implemented yet: returns -1 and fills w with NaN.
int perceptron_train(double *w, double *b, int *mistakes, const double *X, const int *y,
                     int N, int D, double lr, int max_epochs);

#endif
