/* descent.h -- chapter 3: gradient descent, and its batch, stochastic and mini-batch forms.
 *
 * P = number of parameters, N = number of examples, B = batch size. The parameters are one flat
 * vector params (P); for chapter 2's logistic regression params = (w[0], ..., w[D-1], b) and
 * P = D + 1. What is minimised comes in as a callback, so the same loop trains any model:
 *
 *     LossGradFn:       loss = f(grad, params, ctx)
 *     BatchLossGradFn:  loss = f(grad, params, idx, B, ctx)   examples idx[0 .. B-1] only
 *
 * Each returns the (mean) loss at params and WRITES (=, not +=) its gradient into grad (P).
 * Every random draw comes from the Rng passed in (lib/rng.h): same seed, same run.
 * The exercises live in skeletons/03_gradient_descent.c; chapters/03-gradient-descent/notes.md
 * explains them.
 */
#ifndef WORKBOOK_DESCENT_H
#define WORKBOOK_DESCENT_H

#include "rng.h"

typedef double (*LossGradFn)(double *grad, const double *params, void *ctx);
typedef double (*BatchLossGradFn)(double *grad, const double *params, const int *idx, int B,
                                  void *ctx);

// How gd_run ended.
enum {
    DESCENT_CONVERGED = 0,   // the gradient's norm fell to gtol or below
    DESCENT_MAX_STEPS = 1,   // it took max_steps steps
    DESCENT_DIVERGED = 2,    // the loss blew up: not finite, or above DESCENT_BLOWUP (1 + |loss_0|)
};

// The loss counts as blown up when |loss| > DESCENT_BLOWUP * (1 + |history[0]|).
#define DESCENT_BLOWUP 1e6

// One step against the gradient: params[i] -= lr * grad[i] for i = 0 .. P-1. grad is not changed.
// Not implemented yet: fills params with NaN.
void gd_step(double *params, const double *grad, double lr, int P);

// Gradient descent from the params given, with gd_step. history[k] is the loss after k steps
// (history[0]: before any), *steps the number of steps taken, so history holds *steps + 1
// losses; it has room for max_steps + 1. grad (P) ends as the gradient at the final params.
// Before each step, in this order: the loss blew up -> DESCENT_DIVERGED; ||grad|| <= gtol ->
// DESCENT_CONVERGED; max_steps steps taken -> DESCENT_MAX_STEPS. Returns that status.
// Not implemented yet: returns -1 and fills params with NaN.
int gd_run(double *params, double *grad, double *history, int *steps, LossGradFn f, void *ctx,
           int P, double lr, int max_steps, double gtol);

// One epoch's mini-batches: order (N) = rng_permutation(rng, order, N) (its only draws); batch
// k is order[k * B .. k * B + sizes[k] - 1], sizes[k] = B except the last, which holds the rest.
// Returns the number of batches K = ceil(N / B): B >= N gives one batch (batch gradient descent),
// B = 1 gives N batches of one (stochastic gradient descent). N >= 1, B >= 1; sizes has room
// for N entries. Not implemented yet: returns -1.
int minibatches(int *order, int *sizes, Rng *rng, int N, int B);

// Mini-batch gradient descent for `epochs` epochs from the params given. Each epoch draws its
// batches with minibatches(), takes one gd_step per batch with that batch's gradient, then
// stores the mean loss over all N examples in history[e]. Stops early, after recording it, when
// history[e] is not finite. Returns the number of epochs run (0 when out of memory).
// Not implemented yet: returns -1 and fills params with NaN.
int sgd_train(double *params, double *history, BatchLossGradFn f, void *ctx, Rng *rng, int N,
              int P, double lr, int epochs, int B);

// ---------------------------------------------------------------- for the experiments:
// momentum and curvature (make experiment CH=03 E=momentum, CH=06 E=lr)

// One step of gradient descent with heavy-ball momentum (Polyak, 1964): for i = 0 .. P-1,
//     velocity[i] = beta * velocity[i] - lr * grad[i];   params[i] += velocity[i];
// velocity (P) holds the step taken last time (zeros before the first), so beta of it carries
// into this one; beta = 0 is gd_step. grad is not changed.
// Not implemented yet: fills params and velocity with NaN.
void momentum_step(double *params, double *velocity, const double *grad, double lr, double beta,
                   int P);

// The eigenvalue of largest magnitude of the Hessian of f at params (P), by power iteration on
// Hessian-vector products, each a centred difference of f's gradient along a unit vector v:
//     H v ~ (grad f(params + h v) - grad f(params - h v)) / (2 h).
// v (P) comes in as the starting vector (any length but 0) and is scaled to length 1 first.
// Then `iters` times, in this order: f at params + h v, then at params - h v (its two calls),
// w = the difference of the two gradients over 2 h, lambda = v . w (the Rayleigh quotient),
// v = w / ||w||. Returns the last lambda, with its sign; v ends as the last unit vector, the
// estimate of the eigenvector. params is not changed: the shifted points and the two gradients
// go to work space from calloc (3 * P doubles, freed before returning). When w is zero, returns
// 0 at once, v left as it was. NaN when iters < 1, v is zero or memory runs out.
// Not implemented yet: returns NaN and fills v with NaN.
double hessian_top_eigenvalue(double *v, LossGradFn f, void *ctx, const double *params, int P,
                              int iters, double h);

#endif
