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
    // @begin gd_step
    // @todo One step against the gradient: params[i] -= lr * grad[i] for i = 0 .. P-1.
    // @todo Change nothing else (grad is the caller's).
    // @stub for (int i = 0; i < P; i++)
    // @stub     params[i] = NAN;  // not implemented yet
    // @stub (void)grad; (void)lr;
    for (int i = 0; i < P; i++)
        params[i] -= lr * grad[i];
    // @end gd_step
}

// ---------------------------------------------------------------- the descent loop

int gd_run(double *params, double *grad, double *history, int *steps, LossGradFn f, void *ctx,
           int P, double lr, int max_steps, double gtol)
{
    // @begin gd_run
    // @todo Start: loss = f(grad, params, ctx); history[0] = loss; *steps = 0. Then loop, with
    // @todo these checks in this order before every step:
    // @todo   1. !isfinite(loss) or fabs(loss) > DESCENT_BLOWUP * (1 + fabs(history[0])):
    // @todo      return DESCENT_DIVERGED (never carry on with NaN or inf);
    // @todo   2. sqrt(sum_i grad[i]^2) <= gtol: return DESCENT_CONVERGED;
    // @todo   3. *steps == max_steps: return DESCENT_MAX_STEPS;
    // @todo   then step: gd_step(params, grad, lr, P); loss = f(grad, params, ctx);
    // @todo   *steps += 1; history[*steps] = loss.
    // @todo So history[k] is the loss after k steps and holds *steps + 1 losses.
    // @stub for (int i = 0; i < P; i++)
    // @stub     params[i] = NAN;  // not implemented yet
    // @stub (void)grad; (void)history; (void)steps; (void)f; (void)ctx; (void)lr;
    // @stub (void)max_steps; (void)gtol;
    // @stub return -1;
    double loss = f(grad, params, ctx);
    history[0] = loss;
    *steps = 0;
    for (;;) {
        if (!isfinite(loss) || fabs(loss) > DESCENT_BLOWUP * (1.0 + fabs(history[0])))
            return DESCENT_DIVERGED;
        double norm2 = 0.0;
        for (int i = 0; i < P; i++)
            norm2 += grad[i] * grad[i];
        if (sqrt(norm2) <= gtol)
            return DESCENT_CONVERGED;
        if (*steps == max_steps)
            return DESCENT_MAX_STEPS;
        gd_step(params, grad, lr, P);
        loss = f(grad, params, ctx);   // the loss and gradient at the new params
        *steps += 1;
        history[*steps] = loss;
    }
    // @end gd_run
}

// ---------------------------------------------------------------- mini-batches

int minibatches(int *order, int *sizes, Rng *rng, int N, int B)
{
    // @begin minibatches
    // @todo Draw this epoch's order with rng_permutation(rng, order, N): a shuffle of
    // @todo 0 .. N-1 (each example exactly once), and the only random draws here.
    // @todo Cut it into K = ceil(N / B) batches: batch k is order[k * B .. k * B + sizes[k] - 1]
    // @todo with sizes[k] = B for k < K - 1 and sizes[K - 1] = N - (K - 1) * B (1 .. B: the last
    // @todo batch holds what is left, it is never dropped). Return K.
    // @todo B >= N gives K = 1 (batch descent); B = 1 gives K = N (stochastic descent).
    // @stub (void)order; (void)sizes; (void)rng; (void)N; (void)B;
    // @stub return -1;  // not implemented yet
    rng_permutation(rng, order, N);
    int K = (N + B - 1) / B;   // ceil(N / B)
    for (int k = 0; k < K - 1; k++)
        sizes[k] = B;
    sizes[K - 1] = N - (K - 1) * B;
    return K;
    // @end minibatches
}

// ---------------------------------------------------------------- training

int sgd_train(double *params, double *history, BatchLossGradFn f, void *ctx, Rng *rng, int N,
              int P, double lr, int epochs, int B)
{
    // @begin sgd_train
    // @todo Work space from malloc: order (N ints), sizes (N ints), grad (P doubles); free all
    // @todo three before returning (return 0 at once when a malloc fails).
    // @todo For each epoch e = 0 .. epochs-1:
    // @todo   K = minibatches(order, sizes, rng, N, B);
    // @todo   for k = 0 .. K-1: f(grad, params, order + k * B, sizes[k], ctx), then
    // @todo       gd_step(params, grad, lr, P)   (one step per batch, lr applied once);
    // @todo   history[e] = f(grad, params, order, N, ctx): the mean loss over all N examples
    // @todo       (order names each once; any array that does gives the same mean);
    // @todo   if history[e] is not finite, stop and return e + 1.
    // @todo Return epochs. The only random draws are those of minibatches, once per epoch.
    // @stub for (int i = 0; i < P; i++)
    // @stub     params[i] = NAN;  // not implemented yet
    // @stub (void)history; (void)f; (void)ctx; (void)rng; (void)N; (void)lr; (void)epochs; (void)B;
    // @stub return -1;
    int *order = malloc((size_t)N * sizeof *order);
    int *sizes = malloc((size_t)N * sizeof *sizes);
    double *grad = malloc((size_t)P * sizeof *grad);
    int run = 0;
    if (order && sizes && grad) {
        for (int e = 0; e < epochs; e++) {
            int K = minibatches(order, sizes, rng, N, B);
            for (int k = 0; k < K; k++) {
                f(grad, params, order + (long)k * B, sizes[k], ctx);   // this batch's gradient
                gd_step(params, grad, lr, P);
            }
            history[e] = f(grad, params, order, N, ctx);   // the loss on every example
            run = e + 1;
            if (!isfinite(history[e]))
                break;
        }
    }
    free(order);
    free(sizes);
    free(grad);
    return run;
    // @end sgd_train
}

// ---------------------------------------------------------------- for the experiments: momentum

void momentum_step(double *params, double *velocity, const double *grad, double lr, double beta,
                   int P)
{
    // @begin momentum_step
    // @todo Heavy-ball momentum (Polyak, 1964), for i = 0 .. P-1:
    // @todo   velocity[i] = beta * velocity[i] - lr * grad[i];   then params[i] += velocity[i].
    // @todo The new velocity first: the step taken is the one just computed. beta = 0 makes
    // @todo this gd_step. grad is the caller's: change nothing in it.
    // @stub for (int i = 0; i < P; i++)
    // @stub     params[i] = velocity[i] = NAN;  // not implemented yet
    // @stub (void)grad; (void)lr; (void)beta;
    for (int i = 0; i < P; i++) {
        velocity[i] = beta * velocity[i] - lr * grad[i];
        params[i] += velocity[i];
    }
    // @end momentum_step
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
        // @begin hessian_top_eigenvalue
        // @todo First v = v / norm (norm = ||v||, computed above). Then `iters` times:
        // @todo   x = params + h * v; f(gplus, x, ctx); x = params - h * v; f(gminus, x, ctx);
        // @todo   w[i] = (gplus[i] - gminus[i]) / (2 * h)   (keep w in gplus: it is free now);
        // @todo   lambda = sum_i v[i] * w[i];
        // @todo   ||w|| == 0: stop at once with lambda = 0 (v stays as it is); else v = w / ||w||.
        // @todo lambda is returned below. params is const: the shifted points go to x.
        // @stub for (int i = 0; i < P; i++)
        // @stub     v[i] = NAN;  // not implemented yet
        // @stub (void)f; (void)ctx; (void)params; (void)h; (void)norm;
        for (int i = 0; i < P; i++)
            v[i] /= norm;
        for (int k = 0; k < iters; k++) {
            for (int i = 0; i < P; i++)
                x[i] = params[i] + h * v[i];
            f(gplus, x, ctx);
            for (int i = 0; i < P; i++)
                x[i] = params[i] - h * v[i];
            f(gminus, x, ctx);
            double vw = 0.0, ww = 0.0;   // v . w and ||w||^2, w = H v
            for (int i = 0; i < P; i++) {
                gplus[i] = (gplus[i] - gminus[i]) / (2.0 * h);
                vw += v[i] * gplus[i];
                ww += gplus[i] * gplus[i];
            }
            lambda = vw;
            if (ww == 0.0) {
                lambda = 0.0;
                break;
            }
            double len = sqrt(ww);
            for (int i = 0; i < P; i++)
                v[i] = gplus[i] / len;
        }
        // @end hessian_top_eigenvalue
    }
    free(x);
    free(gplus);
    free(gminus);
    return lambda;
}
