/* 03_gradient_descent.c -- chapter 3: gradient descent, batch, stochastic and mini-batch.
 *
 * The gradient of the loss points where the loss rises fastest, so a small step against it
 * lowers the loss: params <- params - lr * grad. Repeated, that is gradient descent. It converges
 * on a quadratic when lr < 2 / L (L: the largest curvature) and blows up above. Computing the
 * gradient on a random part of the data (a mini-batch) gives many cheap, noisy steps per pass
 * instead of one exact one; an epoch visits every example once, in an order drawn afresh.
 *
 * Shapes: P parameters in one vector params (P), N examples, batches of B. What is minimised
 * arrives as a callback (lib/descent.h), so the grader can pass its own losses and this chapter
 * does not depend on chapter 2's code.
 * Four exercises, in order: gd_step, gd_run, minibatches, sgd_train; then two for the
 * experiments (make experiment CH=03): momentum_step and hessian_top_eigenvalue.
 * Left out on purpose: Adam, learning-rate schedules, line searches (later chapters or none),
 * and any randomness but the Rng passed in. Notes: chapters/03-gradient-descent/notes.md.
 */
#include <math.h>
#include <stdlib.h>

#include "descent.h"

// ---------------------------------------------------------------- one step

void gd_step(double *params, const double *grad, double lr, int P)
{
    // TODO(ch03 gd_step):
    //   One step against the gradient: params[i] -= lr * grad[i] for i = 0 .. P-1.
    //   Change nothing else (grad is the caller's).
    //   Check: make grade CH=03
    for (int i = 0; i < P; i++)
        params[i] = NAN;  // not implemented yet
    (void)grad; (void)lr;
    // END TODO(ch03 gd_step)
}

// ---------------------------------------------------------------- the descent loop

int gd_run(double *params, double *grad, double *history, int *steps, LossGradFn f, void *ctx,
           int P, double lr, int max_steps, double gtol)
{
    // TODO(ch03 gd_run):
    //   Start: loss = f(grad, params, ctx); history[0] = loss; *steps = 0. Then loop, with
    //   these checks in this order before every step:
    //     1. !isfinite(loss) or fabs(loss) > DESCENT_BLOWUP * (1 + fabs(history[0])):
    //        return DESCENT_DIVERGED (never carry on with NaN or inf);
    //     2. sqrt(sum_i grad[i]^2) <= gtol: return DESCENT_CONVERGED;
    //     3. *steps == max_steps: return DESCENT_MAX_STEPS;
    //     then step: gd_step(params, grad, lr, P); loss = f(grad, params, ctx);
    //     *steps += 1; history[*steps] = loss.
    //   So history[k] is the loss after k steps and holds *steps + 1 losses.
    //   Check: make grade CH=03
    for (int i = 0; i < P; i++)
        params[i] = NAN;  // not implemented yet
    (void)grad; (void)history; (void)steps; (void)f; (void)ctx; (void)lr;
    (void)max_steps; (void)gtol;
    return -1;
    // END TODO(ch03 gd_run)
}

// ---------------------------------------------------------------- mini-batches

int minibatches(int *order, int *sizes, Rng *rng, int N, int B)
{
    // TODO(ch03 minibatches):
    //   Draw this epoch's order with rng_permutation(rng, order, N): a shuffle of
    //   0 .. N-1 (each example exactly once), and the only random draws here.
    //   Cut it into K = ceil(N / B) batches: batch k is order[k * B .. k * B + sizes[k] - 1]
    //   with sizes[k] = B for k < K - 1 and sizes[K - 1] = N - (K - 1) * B (1 .. B: the last
    //   batch holds what is left, it is never dropped). Return K.
    //   B >= N gives K = 1 (batch descent); B = 1 gives K = N (stochastic descent).
    //   Check: make grade CH=03
    (void)order; (void)sizes; (void)rng; (void)N; (void)B;
    return -1;  // not implemented yet
    // END TODO(ch03 minibatches)
}

// ---------------------------------------------------------------- training

int sgd_train(double *params, double *history, BatchLossGradFn f, void *ctx, Rng *rng, int N,
              int P, double lr, int epochs, int B)
{
    // TODO(ch03 sgd_train):
    //   Work space from malloc: order (N ints), sizes (N ints), grad (P doubles); free all
    //   three before returning (return 0 at once when a malloc fails).
    //   For each epoch e = 0 .. epochs-1:
    //     K = minibatches(order, sizes, rng, N, B);
    //     for k = 0 .. K-1: f(grad, params, order + k * B, sizes[k], ctx), then
    //         gd_step(params, grad, lr, P)   (one step per batch, lr applied once);
    //     history[e] = f(grad, params, order, N, ctx): the mean loss over all N examples
    //         (order names each once; any array that does gives the same mean);
    //     if history[e] is not finite, stop and return e + 1.
    //   Return epochs. The only random draws are those of minibatches, once per epoch.
    //   Check: make grade CH=03
    for (int i = 0; i < P; i++)
        params[i] = NAN;  // not implemented yet
    (void)history; (void)f; (void)ctx; (void)rng; (void)N; (void)lr; (void)epochs; (void)B;
    return -1;
    // END TODO(ch03 sgd_train)
}

// ---------------------------------------------------------------- for the experiments: momentum

void momentum_step(double *params, double *velocity, const double *grad, double lr, double beta,
                   int P)
{
    // TODO(ch03 momentum_step):
    //   Heavy-ball momentum (Polyak, 1964), for i = 0 .. P-1:
    //     velocity[i] = beta * velocity[i] - lr * grad[i];   then params[i] += velocity[i].
    //   The new velocity first: the step taken is the one just computed. beta = 0 makes
    //   this gd_step. grad is the caller's: change nothing in it.
    //   Check: make grade CH=03
    for (int i = 0; i < P; i++)
        params[i] = velocity[i] = NAN;  // not implemented yet
    (void)grad; (void)lr; (void)beta;
    // END TODO(ch03 momentum_step)
}

// ---------------------------------------------------------------- for the experiments: curvature

double hessian_top_eigenvalue(double *v, LossGradFn f, void *ctx, const double *params, int P,
                              int iters, double h)
{
    // v (P) in and out; params (P) not changed; f called 2 * iters times
    double norm = 0.0;
    for (int i = 0; i < P; i++)
        norm += v[i] * v[i];
    norm = sqrt(norm);
    if (iters < 1 || !(norm > 0.0))
        return NAN;
    double *x = calloc((size_t)P, sizeof(double));        // params + h v, then params - h v
    double *gplus = calloc((size_t)P, sizeof(double));    // grad f(params + h v)
    double *gminus = calloc((size_t)P, sizeof(double));   // grad f(params - h v)
    double lambda = NAN;
    if (x && gplus && gminus) {
        // TODO(ch03 hessian_top_eigenvalue):
        //   First v = v / norm (norm = ||v||, computed above). Then `iters` times:
        //     x = params + h * v; f(gplus, x, ctx); x = params - h * v; f(gminus, x, ctx);
        //     w[i] = (gplus[i] - gminus[i]) / (2 * h)   (keep w in gplus: it is free now);
        //     lambda = sum_i v[i] * w[i];
        //     ||w|| == 0: stop at once with lambda = 0 (v stays as it is); else v = w / ||w||.
        //   lambda is returned below. params is const: the shifted points go to x.
        //   Check: make grade CH=03
        for (int i = 0; i < P; i++)
            v[i] = NAN;  // not implemented yet
        (void)f; (void)ctx; (void)params; (void)h; (void)norm;
        // END TODO(ch03 hessian_top_eigenvalue)
    }
    free(x);
    free(gplus);
    free(gminus);
    return lambda;
}
