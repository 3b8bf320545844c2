/* 05_mlp.c -- chapter 5: multi-layer perceptrons.
 *
 * A hidden layer is a row of perceptrons with a smooth activation instead of a step; the next
 * layer combines their outputs. Stacking layers composes simple boundaries into complex ones.
 * This file is the forward half of that story: the activations and their derivatives, the dense
 * layer, and a network of any depth and widths with K outputs, with init and free. Chapter 6
 * (06_backprop.c) computes the gradients and trains it.
 *
 * Shapes: N examples, D inputs, H units, K outputs; X (N, D) row-major, a weight (H, D) (out, in).
 * Six exercises, in order: activation_forward, activation_deriv, linear_forward, mlp_init,
 * mlp_forward, mlp_free; then two for the experiment of weights set by hand (make experiment
 * CH=05 E=polygons): halfplane_unit and threshold_unit. Left out on purpose: training (chapter
 * 6), softmax outputs (the capstone), other initialisation schemes, any speed-up beyond looping
 * in memory order.
 * Notes: chapters/05-mlp/notes.md.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mlp.h"

const char *activation_name(Activation f)
{
    switch (f) {
    case ACT_SIGMOID: return "sigmoid";
    case ACT_TANH: return "tanh";
    case ACT_RELU: return "relu";
    default: return "?";
    }
}

// ---------------------------------------------------------------- activations

void activation_forward(double *out, const double *inp, int n, Activation f)
{
    // inp (n) -> out (n), element by element
    // TODO(ch05 activation_forward):
    //   out[i] = f(inp[i]) for i = 0 .. n-1 (out may be inp, for in-place use):
    //     ACT_SIGMOID  1 / (1 + exp(-z))
    //     ACT_TANH     tanh(z), from math.h
    //     ACT_RELU     z for z > 0, else 0
    //   Stay finite for every finite z: sigmoid(-1000) = 0 and tanh(1000) = 1. (The textbook
    //   tanh, (e^z - e^-z) / (e^z + e^-z), is inf / inf = NaN there.) Any other f: NaN.
    //   Check: make grade CH=05
    for (int i = 0; i < n; i++)
        out[i] = NAN;  // not implemented yet
    (void)inp; (void)f;
    // END TODO(ch05 activation_forward)
}

double activation_deriv(Activation f, double z)
{
    // TODO(ch05 activation_deriv):
    //   Return f'(z), each written with the function's own value:
    //     ACT_SIGMOID  s * (1 - s), s = 1 / (1 + exp(-z))
    //     ACT_TANH     1 - t * t,   t = tanh(z)
    //     ACT_RELU     1 for z > 0, 0 for z <= 0 (at the kink z = 0 we take 0, as PyTorch does)
    //   Finite for every finite z: sigmoid'(-1000) = 0, not NaN. Any other f: NaN.
    //   Check: make grade CH=05
    (void)f; (void)z;
    return NAN;  // not implemented yet
    // END TODO(ch05 activation_deriv)
}

// ---------------------------------------------------------------- the dense layer

void linear_forward(double *out, const double *inp, const double *weight, const double *bias,
                    int N, int D, int H)
{
    // inp (N,D), weight (H,D), bias (H) -> out (N,H)
    for (int n = 0; n < N; n++) {
        for (int h = 0; h < H; h++) {
            // TODO(ch05 linear_forward):
            //   Unit h's output for example n, written (=) to out[n * H + h], which may
            //   hold anything before:
            //     bias[h] + sum over i = 0 .. D-1 of weight[h * D + i] * inp[n * D + i].
            //   Check: make grade CH=05
            out[n * H + h] = NAN;  // not implemented yet
            (void)inp; (void)weight; (void)bias; (void)D;
            // END TODO(ch05 linear_forward)
        }
    }
}

// ---------------------------------------------------------------- the network

// How many doubles each block needs, or -1 when the sizes are bad or the total overflows.
static long count_or_fail(const int *sizes, int L, int max_batch, long *work)
{
    long params = 0, widths = 0, hidden = 0;
    for (int l = 0; l <= L; l++) {
        if (sizes[l] < 1 || sizes[l] > (1 << 20))
            return -1;
        widths += sizes[l];                     // acts[l] and dacts[l]
        if (l < L)
            params += (long)sizes[l + 1] * (sizes[l] + 1);
        if (l > 0)
            hidden += sizes[l];                 // dz[l-1]
    }
    if (params > INT32_MAX || (double)max_batch * (2 * widths + hidden) > 1e9)
        return -1;
    *work = (long)max_batch * (2 * widths + hidden);
    return params;
}

int mlp_init(Mlp *m, const int *sizes, int L, Activation act, int max_batch, Rng *rng)
{
    memset(m, 0, sizeof *m);
    long work = 0, P = -1;
    if (sizes && rng && L >= 1 && L <= MLP_MAX_LAYERS && max_batch >= 1)
        P = count_or_fail(sizes, L, max_batch, &work);
    if (P < 0)
        return -1;
    m->params = calloc((size_t)P, sizeof(double));
    m->grads = calloc((size_t)P, sizeof(double));
    m->work = calloc((size_t)work, sizeof(double));
    if (!m->params || !m->grads || !m->work) {
        free(m->params);
        free(m->grads);
        free(m->work);
        memset(m, 0, sizeof *m);
        return -1;
    }
    m->L = L;
    m->act = act;
    m->max_batch = max_batch;
    m->num_params = (int)P;
    for (int l = 0; l <= L; l++)
        m->sizes[l] = sizes[l];

    // The views: each layer's weight then bias in params (and grads); the activations in work.
    double *p = m->params, *g = m->grads, *w = m->work;
    for (int l = 0; l < L; l++) {
        int D = sizes[l], H = sizes[l + 1];
        m->weight[l] = p, m->dweight[l] = g;
        p += H * D, g += H * D;
        m->bias[l] = p, m->dbias[l] = g;
        p += H, g += H;
    }
    for (int l = 0; l <= L; l++) {
        m->acts[l] = w;
        w += (long)max_batch * sizes[l];
        m->dacts[l] = w;
        w += (long)max_batch * sizes[l];
    }
    for (int l = 0; l < L; l++) {
        m->dz[l] = w;
        w += (long)max_batch * sizes[l + 1];
    }

    // TODO(ch05 mlp_init):
    //   The parameters (Glorot and Bengio's uniform scheme). For l = 0 .. L-1, with
    //   D = sizes[l], H = sizes[l+1] and r = sqrt(6 / (D + H)) (in double: 6 / (D + H) on
    //   ints is 0): weight[l][h * D + i] = rng_range(rng, -r, r) for h = 0 .. H-1 and, inside,
    //   i = 0 .. D-1 (row by row), then bias[l][h] = 0 for every h. No other draws: the
    //   grader replays the same rng and expects every weight in that order.
    //   Check: make grade CH=05
    for (int k = 0; k < m->num_params; k++)
        m->params[k] = NAN;  // not implemented yet
    (void)rng;
    // END TODO(ch05 mlp_init)
    return 0;
}

const double *mlp_forward(Mlp *m, const double *X, int N)
{
    // X (N, sizes[0]) -> acts[1], ..., acts[L] = logits (N, K)
    if (N < 1 || N > m->max_batch)
        return NULL;
    m->N = N;
    // TODO(ch05 mlp_forward):
    //   Copy X (N, sizes[0]) into acts[0]. Then layer by layer, l = 0 .. L-1, with
    //   D = sizes[l] and H = sizes[l+1]: acts[l+1] = acts[l] @ weight[l]^T + bias[l]
    //   (linear_forward), and for a hidden layer (l < L-1) only, acts[l+1] = f(acts[l+1])
    //   in place (activation_forward with m->act on all N * H entries). The output layer
    //   has no activation: acts[L] holds the logits. Keep every acts[l]: backward reads them.
    //   Check: make grade CH=05
    for (int k = 0; k < N * m->sizes[m->L]; k++)
        m->acts[m->L][k] = NAN;  // not implemented yet
    (void)X;
    // END TODO(ch05 mlp_forward)
    return m->acts[m->L];
}

void mlp_free(Mlp *m)
{
    // TODO(ch05 mlp_free):
    //   Free the three blocks mlp_init allocated, m->params, m->grads and m->work (every
    //   other pointer in Mlp points into one of them: never free those), then zero every
    //   field, memset(m, 0, sizeof *m), so that nothing dangles and a second call is safe.
    //   Check: make grade CH=05
    (void)m;  // not implemented yet
    // END TODO(ch05 mlp_free)
}

// ---------------------------------------------------------------- for the experiments: weights by hand

void halfplane_unit(double *w, double *b, const double *p, const double *q, double k)
{
    // the line from p (2) to q (2) -> w (2), *b: k times the signed distance, + on the left
    // TODO(ch05 halfplane_unit):
    //   With d = q - p and len = ||d|| = sqrt(d[0]^2 + d[1]^2), the unit normal pointing
    //   to the left of d is (-d[1], d[0]) / len. Set w[0] = -k * d[1] / len,
    //   w[1] = k * d[0] / len and *b = -(w[0] * p[0] + w[1] * p[1]), so that w . x + b is
    //   0 on the line through p and q, and k times the distance to it on the left
    //   (negative on the right).
    //   Check: make grade CH=05
    w[0] = w[1] = *b = NAN;  // not implemented yet
    (void)p; (void)q; (void)k;
    // END TODO(ch05 halfplane_unit)
}

void threshold_unit(double *w, double *b, int n, int at_least, double k)
{
    // n inputs, each near 0 or 1 -> w (n), *b: on when at least `at_least` of them are on
    // TODO(ch05 threshold_unit):
    //   Every weight w[j] = k (j = 0 .. n-1), and *b = -k * (at_least - 0.5): then
    //   z = k * (the number of inputs on - at_least + 0.5), which is +k/2 or more when
    //   at least `at_least` are on and -k/2 or less when fewer are. (The 0.5 keeps the
    //   boundary between two counts, never on one.)
    //   Check: make grade CH=05
    for (int j = 0; j < n; j++)
        w[j] = NAN;  // not implemented yet
    *b = NAN;
    (void)at_least; (void)k;
    // END TODO(ch05 threshold_unit)
}
