/* 06_backprop.c -- chapter 6: backpropagation (Rumelhart, Hinton and Williams, 1986).
 *
 * Backpropagation is the chain rule applied from the loss backwards, one layer at a time,
 * reusing what the forward pass stored. Each piece of chapter 5 gets a backward function that
 * turns the gradient of the loss with respect to its output into gradients with respect to its
 * input and its parameters; the network's backward pass chains them in reverse order.
 *
 * Shapes: N examples, D inputs, H units, K outputs; row-major; a weight is (H, D). Every
 * backward function accumulates (+=) into buffers its caller zeroed.
 * Eleven exercises, in order: chain_example_grad, activation_backward, linear_backward, bce_loss,
 * bce_backward, mlp_backward, mlp_update, mlp_train_step, mlp_train_epoch, and your own gradient
 * checker, gradcheck_numeric and gradcheck_compare. The network's forward
 * pass is yours from chapter 5 (05_mlp.c). Left out on purpose: momentum and other optimisers,
 * weight decay, softmax (the capstone), anything faster than loops in memory order.
 * Notes: chapters/06-backprop/notes.md.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backprop.h"

// ---------------------------------------------------------------- the chain rule

double chain_example(double x)
{
    return exp(sin(x * x));
}

double chain_example_grad(double x)
{
    // The forward pass, keeping every intermediate: u = x^2, v = sin(u), f = exp(v).
    double u = x * x;
    double v = sin(u);
    double f = exp(v);
    // TODO(ch06 chain_example_grad):
    //   Return df/dx for f(x) = exp(sin(x^2)), by the chain rule applied twice: go backwards
    //   from f, multiplying local derivatives: df/dv (f = exp(v)), then dv/du (v = sin(u)),
    //   then du/dx (u = x^2). Use the intermediates u, v, f above.
    //   Check: make grade CH=06
    (void)u; (void)v; (void)f;
    return NAN;  // not implemented yet
    // END TODO(ch06 chain_example_grad)
}

// ---------------------------------------------------------------- backward of each piece

void activation_backward(double *dinp, const double *dout, const double *out, int n,
                         Activation f)
{
    // dout (n), out = f(inp) (n) -> dinp (n), accumulated
    for (int i = 0; i < n; i++) {
        double a = out[i];
        // TODO(ch06 activation_backward):
        //   dinp[i] += dout[i] * f'(z), for the z with a = out[i] = f(z). Only a was stored,
        //   so write f'(z) in terms of a: for the sigmoid and tanh, from chapter 5's
        //   derivatives; for relu, 1 when a > 0 and 0 otherwise (relu'(0) = 0). Add (+=):
        //   the caller zeroed dinp, and a buffer used twice collects both shares.
        //   Check: make grade CH=06
        dinp[i] = NAN;  // not implemented yet
        (void)dout; (void)a; (void)f;
        // END TODO(ch06 activation_backward)
    }
}

void linear_backward(double *dinp, double *dweight, double *dbias, const double *dout,
                     const double *inp, const double *weight, int N, int D, int H)
{
    // dout (N,H), inp (N,D), weight (H,D) -> dinp (N,D), dweight (H,D), dbias (H), accumulated
    for (int n = 0; n < N; n++) {
        for (int h = 0; h < H; h++) {
            double d = dout[n * H + h];
            // TODO(ch06 linear_backward):
            //   Add example n's share of the gradient through unit h, d = dout[n * H + h], to
            //   dbias[h], dweight[h * D + i] and dinp[n * D + i] for i = 0 .. D-1. The forward
            //   was out[n * H + h] = bias[h] + sum_i weight[h * D + i] * inp[n * D + i].
            //   Accumulate with += (the caller zeroed them): dbias and dweight sum over all N
            //   examples, dinp over all H units.
            //   Check: make grade CH=06
            dbias[h] = NAN;  // not implemented yet
            for (int i = 0; i < D; i++)
                dweight[h * D + i] = dinp[n * D + i] = NAN;
            (void)d; (void)inp; (void)weight;
            // END TODO(ch06 linear_backward)
        }
    }
}

double bce_loss(const double *logits, const int *y, int N)
{
    // logits (N), y (N) in {0, 1} -> the mean loss
    // TODO(ch06 bce_loss):
    //   The mean over n = 0 .. N-1 of -[y log p + (1 - y) log(1 - p)], p = sigmoid(z),
    //   z = logits[n], y = y[n]. Compute each term as max(z, 0) - y * z + log1p(exp(-|z|)),
    //   the same value written so that it stays finite for large |z| (where p rounds to 0
    //   or 1 and log gives -inf).
    //   Check: make grade CH=06
    (void)logits; (void)y; (void)N;
    return NAN;  // not implemented yet
    // END TODO(ch06 bce_loss)
}

void bce_backward(double *dlogits, const double *logits, const int *y, int N)
{
    // logits (N), y (N) -> dlogits (N), accumulated
    // TODO(ch06 bce_backward):
    //   dlogits[n] += (p - y[n]) / N for n = 0 .. N-1, p = sigmoid(logits[n]) =
    //   1 / (1 + exp(-z)): the gradient of bce_loss, a mean, so each example's share is
    //   divided by N. Accumulate with +=; the caller zeroed dlogits.
    //   Check: make grade CH=06
    for (int n = 0; n < N; n++)
        dlogits[n] = NAN;  // not implemented yet
    (void)logits; (void)y;
    // END TODO(ch06 bce_backward)
}

// ---------------------------------------------------------------- the network

void mlp_zero_grad(Mlp *m)
{
    memset(m->grads, 0, sizeof(double) * (size_t)m->num_params);
}

void mlp_backward(Mlp *m, const double *dlogits)
{
    // dlogits (N, K) -> dweight[l], dbias[l] accumulated, for the batch of the last forward
    int N = m->N, L = m->L;
    // TODO(ch06 mlp_backward):
    //   Carry dout = d loss / d acts[l+1] down from dout = dlogits, layer l = L-1 .. 0
    //   (D = sizes[l], H = sizes[l+1]), with what the last mlp_forward stored in acts:
    //     a hidden layer (l < L-1) first goes back through its activation, into dz[l];
    //     the output layer has none (its dout is already d loss / d z);
    //     then linear_backward gives dweight[l] and dbias[l] (+=) and, into dacts[l], the
    //     dout of the layer below.
    //   grads accumulate: the caller zeroed them. dz[l] and dacts[l] are scratch: zero each
    //   one (N * its width) before adding to it.
    //   Check: make grade CH=06
    for (int k = 0; k < m->num_params; k++)
        m->grads[k] = NAN;  // not implemented yet
    (void)dlogits; (void)N; (void)L;
    // END TODO(ch06 mlp_backward)
}

void mlp_update(Mlp *m, double lr)
{
    // TODO(ch06 mlp_update):
    //   One step of gradient descent: params[k] -= lr * grads[k] for every k = 0 ..
    //   num_params-1 (weights and biases alike: they share one block). Leave grads alone.
    //   Check: make grade CH=06
    for (int k = 0; k < m->num_params; k++)
        m->params[k] = NAN;  // not implemented yet
    (void)lr;
    // END TODO(ch06 mlp_update)
}

double mlp_train_step(Mlp *m, const double *X, const int *y, int N, double lr)
{
    // X (N, D), y (N) in {0, 1}, K = 1 -> the loss before the step
    if (m->sizes[m->L] != 1 || N < 1 || N > m->max_batch)
        return NAN;
    // TODO(ch06 mlp_train_step):
    //   One step on the batch: mlp_zero_grad; logits = mlp_forward(m, X, N); loss =
    //   bce_loss(logits, y, N); the loss gradient into dlogits = m->dacts[m->L] (zero its N
    //   entries, then bce_backward); mlp_backward(m, dlogits); mlp_update(m, lr).
    //   Return the loss, computed before the update.
    //   Check: make grade CH=06
    (void)X; (void)y; (void)lr;
    return NAN;  // not implemented yet
    // END TODO(ch06 mlp_train_step)
}

double mlp_train_epoch(Mlp *m, const double *X, const int *y, int N, const int *order,
                       int batch, double lr)
{
    // X (N, D), y (N), order (N) a permutation of 0 .. N-1 -> the epoch's mean loss
    int D = m->sizes[0];
    if (N < 1 || batch < 1 || batch > m->max_batch)
        return NAN;
    double *xb = malloc(sizeof(double) * (size_t)batch * D);   // one batch: (batch, D)
    int *yb = malloc(sizeof(int) * (size_t)batch);
    if (!xb || !yb) {
        free(xb);
        free(yb);
        return NAN;
    }
    double total = 0.0;   // sum over batches of B * (the batch's loss)
    // TODO(ch06 mlp_train_epoch):
    //   Batches of `batch` examples in the order given: the first holds order[0 .. batch-1],
    //   the next the following ones, the last what is left (possibly fewer; none is
    //   dropped). For each batch of B examples, copy row X[order[j]] (D numbers) and label
    //   y[order[j]] into xb and yb, in that order; take one mlp_train_step(m, xb, yb, B, lr)
    //   and add B * its loss to total. The mean, total / N, is returned below.
    //   Check: make grade CH=06
    total = NAN;  // not implemented yet
    (void)X; (void)y; (void)order; (void)lr;
    // END TODO(ch06 mlp_train_epoch)
    free(xb);
    free(yb);
    return total / N;
}

// ---------------------------------------------------------------- your own gradient checker

void gradcheck_numeric(double *num, double *params, int P, ScalarFn f, void *ctx, double h)
{
    // params (P) -> num (P), one entry at a time; params as they were on return
    for (int i = 0; i < P; i++) {
        // TODO(ch06 gradcheck_numeric):
        //   num[i] = (f_plus - f_minus) / (2 * h): f_plus is f(params, ctx) with params[i]
        //   set to x + h, f_minus the same with x - h, x being params[i] as it was on entry.
        //   Compute x + h and x - h from x itself, and move only entry i: every other entry
        //   holds its value on entry whenever f is called. Then restore params[i] to x, bit
        //   for bit: x + h - h is not always x, and the caller's params must not drift.
        //   Check: make grade CH=06
        num[i] = NAN;  // not implemented yet
        (void)params; (void)f; (void)ctx; (void)h;
        // END TODO(ch06 gradcheck_numeric)
    }
}

int gradcheck_compare(double *worst, const double *grad, const double *num, int P, double rtol,
                      double atol)
{
    // grad (P), num (P) -> how many entries are off; *worst the largest relative error
    // TODO(ch06 gradcheck_compare):
    //   With a = grad[i] and n = num[i]: entry i passes when |a - n| <= rtol * max(|a|, |n|)
    //   + atol (the absolute floor atol lets tiny correct entries pass), and never when a
    //   or n is NaN or inf. Return how many of the P entries do not pass. Into *worst, the
    //   largest relative error |a - n| / max(|a|, |n|) over all entries: 0 for an entry
    //   where both are 0, inf for one with NaN or inf.
    //   Check: make grade CH=06
    *worst = NAN;  // not implemented yet
    (void)grad; (void)num; (void)P; (void)rtol; (void)atol;
    return -1;
    // END TODO(ch06 gradcheck_compare)
}
