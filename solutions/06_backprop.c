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
    // @begin chain_example_grad
    // @formula Return df/dx for f(x) = exp(sin(x^2)), by the chain rule applied twice: go backwards
    // @formula from f, multiplying local derivatives: df/dv (f = exp(v)), then dv/du (v = sin(u)),
    // @formula then du/dx (u = x^2). Use the intermediates u, v, f above.
    // @challenge Return df/dx for f(x) = exp(sin(x^2)), by the chain rule, from the intermediates
    // @challenge u, v, f above (right to 1e-12 for any x).
    // @stub (void)u; (void)v; (void)f;
    // @stub return NAN;  // not implemented yet
    double df_dv = f;                  // d exp(v) / dv = exp(v), which is f itself
    double df_du = df_dv * cos(u);     // chain rule, once
    double df_dx = df_du * 2.0 * x;    // and again
    return df_dx;
    // @end chain_example_grad
}

// ---------------------------------------------------------------- backward of each piece

void activation_backward(double *dinp, const double *dout, const double *out, int n,
                         Activation f)
{
    // dout (n), out = f(inp) (n) -> dinp (n), accumulated
    for (int i = 0; i < n; i++) {
        double a = out[i];
        // @begin activation_backward
        // @formula dinp[i] += dout[i] * f'(z), for the z with a = out[i] = f(z). Only a was stored,
        // @formula so write f'(z) in terms of a: for the sigmoid and tanh, from chapter 5's
        // @formula derivatives; for relu, 1 when a > 0 and 0 otherwise (relu'(0) = 0). Add (+=):
        // @challenge Add to dinp[i] the gradient of the loss with respect to z, given dout[i] (its
        // @challenge gradient with respect to a = out[i] = f(z)). Only a was stored, not z: write
        // @challenge what you need in terms of a. relu's slope is 1 where a > 0 and 0 where a is 0
        // @challenge (relu'(0) = 0). Add (+=):
        // @todo the caller zeroed dinp, and a buffer used twice collects both shares.
        // @stub dinp[i] = NAN;  // not implemented yet
        // @stub (void)dout; (void)a; (void)f;
        double local;                  // f'(z), from a = f(z)
        switch (f) {
        case ACT_SIGMOID: local = a * (1.0 - a); break;
        case ACT_TANH: local = 1.0 - a * a; break;
        case ACT_RELU: local = a > 0.0 ? 1.0 : 0.0; break;
        default: local = NAN; break;
        }
        dinp[i] += dout[i] * local;
        // @end activation_backward
    }
}

void linear_backward(double *dinp, double *dweight, double *dbias, const double *dout,
                     const double *inp, const double *weight, int N, int D, int H)
{
    // dout (N,H), inp (N,D), weight (H,D) -> dinp (N,D), dweight (H,D), dbias (H), accumulated
    for (int n = 0; n < N; n++) {
        for (int h = 0; h < H; h++) {
            double d = dout[n * H + h];
            // @begin linear_backward
            // @todo Add example n's share of the gradient through unit h, d = dout[n * H + h], to
            // @todo dbias[h], dweight[h * D + i] and dinp[n * D + i] for i = 0 .. D-1. The forward
            // @todo was out[n * H + h] = bias[h] + sum_i weight[h * D + i] * inp[n * D + i].
            // @todo Accumulate with += (the caller zeroed them): dbias and dweight sum over all N
            // @todo examples, dinp over all H units.
            // @stub dbias[h] = NAN;  // not implemented yet
            // @stub for (int i = 0; i < D; i++)
            // @stub     dweight[h * D + i] = dinp[n * D + i] = NAN;
            // @stub (void)d; (void)inp; (void)weight;
            dbias[h] += d;
            for (int i = 0; i < D; i++) {
                dweight[h * D + i] += d * inp[n * D + i];
                dinp[n * D + i] += d * weight[h * D + i];
            }
            // @end linear_backward
        }
    }
}

double bce_loss(const double *logits, const int *y, int N)
{
    // logits (N), y (N) in {0, 1} -> the mean loss
    // @begin bce_loss
    // @todo The mean over n = 0 .. N-1 of -[y log p + (1 - y) log(1 - p)], p = sigmoid(z),
    // @formula z = logits[n], y = y[n]. Compute each term as max(z, 0) - y * z + log1p(exp(-|z|)),
    // @formula the same value written so that it stays finite for large |z| (where p rounds to 0
    // @formula or 1 and log gives -inf).
    // @challenge z = logits[n], y = y[n], written in z so that it stays finite and exact for large
    // @challenge |z| (where p rounds to 0 or 1 and log gives -inf): logit 800 with label 0 costs 800.
    // @stub (void)logits; (void)y; (void)N;
    // @stub return NAN;  // not implemented yet
    double sum = 0.0;
    for (int n = 0; n < N; n++) {
        double z = logits[n];
        sum += (z > 0.0 ? z : 0.0) - y[n] * z + log1p(exp(-fabs(z)));
    }
    return sum / N;
    // @end bce_loss
}

void bce_backward(double *dlogits, const double *logits, const int *y, int N)
{
    // logits (N), y (N) -> dlogits (N), accumulated
    // @begin bce_backward
    // @formula dlogits[n] += (p - y[n]) / N for n = 0 .. N-1, p = sigmoid(logits[n]) =
    // @formula 1 / (1 + exp(-z)): the gradient of bce_loss, a mean, so each example's share is
    // @formula divided by N. Accumulate with +=; the caller zeroed dlogits.
    // @challenge dlogits[n] += d bce_loss / d logits[n] for n = 0 .. N-1 (bce_loss is the mean
    // @challenge over the batch). Accumulate with +=; the caller zeroed dlogits.
    // @stub for (int n = 0; n < N; n++)
    // @stub     dlogits[n] = NAN;  // not implemented yet
    // @stub (void)logits; (void)y;
    for (int n = 0; n < N; n++) {
        double p = 1.0 / (1.0 + exp(-logits[n]));
        dlogits[n] += (p - y[n]) / N;
    }
    // @end bce_backward
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
    // @begin mlp_backward
    // @formula Carry dout = d loss / d acts[l+1] down from dout = dlogits, layer l = L-1 .. 0
    // @formula (D = sizes[l], H = sizes[l+1]), with what the last mlp_forward stored in acts:
    // @formula   a hidden layer (l < L-1) first goes back through its activation, into dz[l];
    // @formula   the output layer has none (its dout is already d loss / d z);
    // @formula   then linear_backward gives dweight[l] and dbias[l] (+=) and, into dacts[l], the
    // @formula   dout of the layer below.
    // @challenge Add d loss / d weight[l] to dweight[l] and d loss / d bias[l] to dbias[l], for
    // @challenge every layer, from dlogits = d loss / d logits (N, K) of the batch of the last
    // @challenge mlp_forward, whose values are in acts; use the pieces above. Scratch room:
    // @challenge dz[l] (N, sizes[l+1]) and dacts[l] (N, sizes[l]), for l = 0 .. L-1.
    // @todo grads accumulate: the caller zeroed them. dz[l] and dacts[l] are scratch: zero each
    // @todo one (N * its width) before adding to it.
    // @stub for (int k = 0; k < m->num_params; k++)
    // @stub     m->grads[k] = NAN;  // not implemented yet
    // @stub (void)dlogits; (void)N; (void)L;
    const double *dout = dlogits;
    for (int l = L - 1; l >= 0; l--) {
        int D = m->sizes[l], H = m->sizes[l + 1];
        if (l < L - 1) {
            // through the activation: acts[l+1] = f(z), so dz = dout * f'(z)
            memset(m->dz[l], 0, sizeof(double) * (size_t)N * H);
            activation_backward(m->dz[l], dout, m->acts[l + 1], N * H, m->act);
            dout = m->dz[l];
        }
        // through the dense layer: z = acts[l] @ weight[l]^T + bias[l]
        memset(m->dacts[l], 0, sizeof(double) * (size_t)N * D);
        linear_backward(m->dacts[l], m->dweight[l], m->dbias[l], dout, m->acts[l], m->weight[l],
                        N, D, H);
        dout = m->dacts[l];
    }
    // @end mlp_backward
}

void mlp_update(Mlp *m, double lr)
{
    // @begin mlp_update
    // @todo One step of gradient descent: params[k] -= lr * grads[k] for every k = 0 ..
    // @todo num_params-1 (weights and biases alike: they share one block). Leave grads alone.
    // @stub for (int k = 0; k < m->num_params; k++)
    // @stub     m->params[k] = NAN;  // not implemented yet
    // @stub (void)lr;
    for (int k = 0; k < m->num_params; k++)
        m->params[k] -= lr * m->grads[k];
    // @end mlp_update
}

double mlp_train_step(Mlp *m, const double *X, const int *y, int N, double lr)
{
    // X (N, D), y (N) in {0, 1}, K = 1 -> the loss before the step
    if (m->sizes[m->L] != 1 || N < 1 || N > m->max_batch)
        return NAN;
    // @begin mlp_train_step
    // @formula One step on the batch: mlp_zero_grad; logits = mlp_forward(m, X, N); loss =
    // @formula bce_loss(logits, y, N); the loss gradient into dlogits = m->dacts[m->L] (zero its N
    // @formula entries, then bce_backward); mlp_backward(m, dlogits); mlp_update(m, lr).
    // @challenge One step of gradient descent (mlp_update with lr) on the gradient of bce_loss
    // @challenge for this batch alone (mlp_backward adds to whatever grads hold); m->dacts[m->L]
    // @challenge has room for d loss / d logits.
    // @todo Return the loss, computed before the update.
    // @stub (void)X; (void)y; (void)lr;
    // @stub return NAN;  // not implemented yet
    mlp_zero_grad(m);
    const double *logits = mlp_forward(m, X, N);
    double loss = bce_loss(logits, y, N);
    double *dlogits = m->dacts[m->L];
    memset(dlogits, 0, sizeof(double) * (size_t)N);
    bce_backward(dlogits, logits, y, N);
    mlp_backward(m, dlogits);
    mlp_update(m, lr);
    return loss;
    // @end mlp_train_step
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
    // @begin mlp_train_epoch
    // @todo Batches of `batch` examples in the order given: the first holds order[0 .. batch-1],
    // @todo the next the following ones, the last what is left (possibly fewer; none is
    // @todo dropped). For each batch of B examples, copy row X[order[j]] (D numbers) and label
    // @todo y[order[j]] into xb and yb, in that order; take one mlp_train_step(m, xb, yb, B, lr)
    // @todo and add B * its loss to total. The mean, total / N, is returned below.
    // @stub total = NAN;  // not implemented yet
    // @stub (void)X; (void)y; (void)order; (void)lr;
    for (int start = 0; start < N; start += batch) {
        int B = N - start < batch ? N - start : batch;
        for (int j = 0; j < B; j++) {
            int n = order[start + j];
            memcpy(xb + j * D, X + n * D, sizeof(double) * D);
            yb[j] = y[n];
        }
        total += B * mlp_train_step(m, xb, yb, B, lr);
    }
    // @end mlp_train_epoch
    free(xb);
    free(yb);
    return total / N;
}

// ---------------------------------------------------------------- your own gradient checker

void gradcheck_numeric(double *num, double *params, int P, ScalarFn f, void *ctx, double h)
{
    // params (P) -> num (P), one entry at a time; params as they were on return
    for (int i = 0; i < P; i++) {
        // @begin gradcheck_numeric
        // @formula num[i] = (f_plus - f_minus) / (2 * h): f_plus is f(params, ctx) with params[i]
        // @formula set to x + h, f_minus the same with x - h, x being params[i] as it was on entry.
        // @challenge num[i] = the centred difference of f (called as f(params, ctx)) in entry i,
        // @challenge with the step h given, whatever it is; x is params[i] as it was on entry.
        // @todo Compute x + h and x - h from x itself, and move only entry i: every other entry
        // @todo holds its value on entry whenever f is called. Then restore params[i] to x, bit
        // @todo for bit: x + h - h is not always x, and the caller's params must not drift.
        // @stub num[i] = NAN;  // not implemented yet
        // @stub (void)params; (void)f; (void)ctx; (void)h;
        double x = params[i];               // saved, to restore exactly
        params[i] = x + h;
        double up = f(params, ctx);
        params[i] = x - h;
        double down = f(params, ctx);
        params[i] = x;                      // the saved value, not x - h + h
        num[i] = (up - down) / (2.0 * h);
        // @end gradcheck_numeric
    }
}

int gradcheck_compare(double *worst, const double *grad, const double *num, int P, double rtol,
                      double atol)
{
    // grad (P), num (P) -> how many entries are off; *worst the largest relative error
    // @begin gradcheck_compare
    // @todo With a = grad[i] and n = num[i]: entry i passes when |a - n| <= rtol * max(|a|, |n|)
    // @todo + atol (the absolute floor atol lets tiny correct entries pass), and never when a
    // @todo or n is NaN or inf. Return how many of the P entries do not pass. Into *worst, the
    // @todo largest relative error |a - n| / max(|a|, |n|) over all entries: 0 for an entry
    // @todo where both are 0, inf for one with NaN or inf.
    // @stub *worst = NAN;  // not implemented yet
    // @stub (void)grad; (void)num; (void)P; (void)rtol; (void)atol;
    // @stub return -1;
    int off = 0;
    double most = 0.0;
    for (int i = 0; i < P; i++) {
        double a = grad[i], n = num[i];
        if (!isfinite(a) || !isfinite(n)) {   // NaN compares false: test it first
            off++;
            most = INFINITY;
            continue;
        }
        double scale = fmax(fabs(a), fabs(n)), diff = fabs(a - n);
        if (scale > 0.0 && diff / scale > most)
            most = diff / scale;
        if (!(diff <= rtol * scale + atol))
            off++;
    }
    *worst = most;
    return off;
    // @end gradcheck_compare
}
