/* numgrad.h -- gradients by centred differences, and logistic regression trained with them.
 *
 * The grader and the plots of chapters 3 and 4 need a logistic regression that works whatever
 * the student's chapter 2 holds, and students read those files. So it is built here from the
 * definitions only: the loss is the mean of -log p(y | x) with p = 1 / (1 + exp(-z)), as the
 * lecture writes it, and its gradient comes from centred differences,
 *     grad[i] = (f(p + h e_i) - f(p - h e_i)) / (2h),
 * the idea behind the gradient checker. Chapter 2's exercises (a loss that survives large |z|,
 * the gradient in closed form) are not written out anywhere a student can read them.
 * Slow (2P + 1 loss evaluations per step) but plenty for a few hundred points in 2 to 8
 * dimensions. Not for large |z|: the naive loss overflows where chapter 2's does not.
 * A chapter file may not call these (grader/objcheck.sh refuses it): chapter 6's
 * gradcheck_numeric is yours to write.
 *
 * Shapes: N examples, F features; Phi (N, F) row-major; params (F + 1) = weights, then bias.
 */
#ifndef WORKBOOK_NUMGRAD_H
#define WORKBOOK_NUMGRAD_H

// The most parameters (F + 1) the logistic functions take; with more they return NaN.
#define NUMGRAD_MAX_PARAMS 64

// A scalar function of P parameters.
typedef double (*ScalarFn)(const double *params, void *ctx);

// grad (P) by centred differences with step h; params are restored bit for bit.
void numeric_gradient(double *grad, double *params, int P, ScalarFn f, void *ctx, double h);

// The mean of -log p(y[n] | Phi[n]) over the examples idx[0 .. B-1] (all N when idx is NULL),
// with p = sigmoid(b + w . Phi[n]), params = (w[0 .. F-1], b).
double logistic_loss_def(const double *params, const double *Phi, const int *y, const int *idx,
                         int B, int F);

// Same, with its gradient by centred differences (h = 1e-6) into grad (F + 1). Returns the loss.
double logistic_loss_grad(double *grad, const double *params, const double *Phi, const int *y,
                          const int *idx, int B, int F);

// Trains params (F + 1) from zero with `epochs` steps of batch gradient descent at rate lr on
// logistic_loss_grad over all N examples.
void logistic_fit(double *params, const double *Phi, const int *y, int N, int F, double lr,
                  int epochs);

#endif
