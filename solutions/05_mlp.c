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
    // @begin activation_forward
    // @todo out[i] = f(inp[i]) for i = 0 .. n-1 (out may be inp, for in-place use):
    // @todo   ACT_SIGMOID  1 / (1 + exp(-z))
    // @todo   ACT_TANH     tanh(z), from math.h
    // @todo   ACT_RELU     z for z > 0, else 0
    // @todo Stay finite for every finite z: sigmoid(-1000) = 0 and tanh(1000) = 1. (The textbook
    // @todo tanh, (e^z - e^-z) / (e^z + e^-z), is inf / inf = NaN there.) Any other f: NaN.
    // @stub for (int i = 0; i < n; i++)
    // @stub     out[i] = NAN;  // not implemented yet
    // @stub (void)inp; (void)f;
    for (int i = 0; i < n; i++) {
        double z = inp[i];
        switch (f) {
        case ACT_SIGMOID: out[i] = 1.0 / (1.0 + exp(-z)); break;   // exp(1000) = inf: 1/inf = 0
        case ACT_TANH: out[i] = tanh(z); break;
        case ACT_RELU: out[i] = z > 0.0 ? z : 0.0; break;
        default: out[i] = NAN; break;
        }
    }
    // @end activation_forward
}

double activation_deriv(Activation f, double z)
{
    // @begin activation_deriv
    // @formula Return f'(z), each written with the function's own value:
    // @formula   ACT_SIGMOID  s * (1 - s), s = 1 / (1 + exp(-z))
    // @formula   ACT_TANH     1 - t * t,   t = tanh(z)
    // @challenge Return f'(z), the slope of activation_forward's f at z, for ACT_SIGMOID and
    // @challenge ACT_TANH (each can be written with the function's own value), and
    // @todo   ACT_RELU     1 for z > 0, 0 for z <= 0 (at the kink z = 0 we take 0, as PyTorch does)
    // @todo Finite for every finite z: sigmoid'(-1000) = 0, not NaN. Any other f: NaN.
    // @stub (void)f; (void)z;
    // @stub return NAN;  // not implemented yet
    switch (f) {
    case ACT_SIGMOID: {
        double s = 1.0 / (1.0 + exp(-z));
        return s * (1.0 - s);
    }
    case ACT_TANH: {
        double t = tanh(z);
        return 1.0 - t * t;
    }
    case ACT_RELU: return z > 0.0 ? 1.0 : 0.0;
    default: return NAN;
    }
    // @end activation_deriv
}

// ---------------------------------------------------------------- the dense layer

void linear_forward(double *out, const double *inp, const double *weight, const double *bias,
                    int N, int D, int H)
{
    // inp (N,D), weight (H,D), bias (H) -> out (N,H)
    for (int n = 0; n < N; n++) {
        for (int h = 0; h < H; h++) {
            // @begin linear_forward
            // @todo Unit h's output for example n, written (=) to out[n * H + h], which may
            // @todo hold anything before:
            // @todo   bias[h] + sum over i = 0 .. D-1 of weight[h * D + i] * inp[n * D + i].
            // @stub out[n * H + h] = NAN;  // not implemented yet
            // @stub (void)inp; (void)weight; (void)bias; (void)D;
            double z = bias[h];
            for (int i = 0; i < D; i++)
                z += weight[h * D + i] * inp[n * D + i];
            out[n * H + h] = z;
            // @end linear_forward
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

    // @begin mlp_init
    // @todo The parameters (Glorot and Bengio's uniform scheme). For l = 0 .. L-1, with
    // @todo D = sizes[l], H = sizes[l+1] and r = sqrt(6 / (D + H)) (in double: 6 / (D + H) on
    // @todo ints is 0): weight[l][h * D + i] = rng_range(rng, -r, r) for h = 0 .. H-1 and, inside,
    // @todo i = 0 .. D-1 (row by row), then bias[l][h] = 0 for every h. No other draws: the
    // @todo grader replays the same rng and expects every weight in that order.
    // @stub for (int k = 0; k < m->num_params; k++)
    // @stub     m->params[k] = NAN;  // not implemented yet
    // @stub (void)rng;
    for (int l = 0; l < L; l++) {
        int D = sizes[l], H = sizes[l + 1];
        double r = sqrt(6.0 / (D + H));
        for (int h = 0; h < H; h++)
            for (int i = 0; i < D; i++)
                m->weight[l][h * D + i] = rng_range(rng, -r, r);
        for (int h = 0; h < H; h++)
            m->bias[l][h] = 0.0;
    }
    // @end mlp_init
    return 0;
}

const double *mlp_forward(Mlp *m, const double *X, int N)
{
    // X (N, sizes[0]) -> acts[1], ..., acts[L] = logits (N, K)
    if (N < 1 || N > m->max_batch)
        return NULL;
    m->N = N;
    // @begin mlp_forward
    // @todo Copy X (N, sizes[0]) into acts[0]. Then layer by layer, l = 0 .. L-1, with
    // @todo D = sizes[l] and H = sizes[l+1]: acts[l+1] = acts[l] @ weight[l]^T + bias[l]
    // @todo (linear_forward), and for a hidden layer (l < L-1) only, acts[l+1] = f(acts[l+1])
    // @todo in place (activation_forward with m->act on all N * H entries). The output layer
    // @todo has no activation: acts[L] holds the logits. Keep every acts[l]: backward reads them.
    // @stub for (int k = 0; k < N * m->sizes[m->L]; k++)
    // @stub     m->acts[m->L][k] = NAN;  // not implemented yet
    // @stub (void)X;
    memcpy(m->acts[0], X, sizeof(double) * (size_t)N * (size_t)m->sizes[0]);
    for (int l = 0; l < m->L; l++) {
        int D = m->sizes[l], H = m->sizes[l + 1];
        linear_forward(m->acts[l + 1], m->acts[l], m->weight[l], m->bias[l], N, D, H);
        if (l < m->L - 1)
            activation_forward(m->acts[l + 1], m->acts[l + 1], N * H, m->act);
    }
    // @end mlp_forward
    return m->acts[m->L];
}

void mlp_free(Mlp *m)
{
    // @begin mlp_free
    // @todo Free the three blocks mlp_init allocated, m->params, m->grads and m->work (every
    // @todo other pointer in Mlp points into one of them: never free those), then zero every
    // @todo field, memset(m, 0, sizeof *m), so that nothing dangles and a second call is safe.
    // @stub (void)m;  // not implemented yet
    free(m->params);
    free(m->grads);
    free(m->work);
    memset(m, 0, sizeof *m);
    // @end mlp_free
}

// ---------------------------------------------------------------- for the experiments: weights by hand

void halfplane_unit(double *w, double *b, const double *p, const double *q, double k)
{
    // the line from p (2) to q (2) -> w (2), *b: k times the signed distance, + on the left
    // @begin halfplane_unit
    // @formula With d = q - p and len = ||d|| = sqrt(d[0]^2 + d[1]^2), the unit normal pointing
    // @formula to the left of d is (-d[1], d[0]) / len. Set w[0] = -k * d[1] / len,
    // @formula w[1] = k * d[0] / len and *b = -(w[0] * p[0] + w[1] * p[1]), so that w . x + b is
    // @formula 0 on the line through p and q, and k times the distance to it on the left
    // @formula (negative on the right).
    // @challenge Set w (2) and *b so that z = w[0] * x[0] + w[1] * x[1] + *b is k times the
    // @challenge signed distance from x to the line through p and q: 0 on the line, +k at
    // @challenge distance 1 on the left as you walk from p towards q, -k at distance 1 on the
    // @challenge right, whatever the length of q - p.
    // @stub w[0] = w[1] = *b = NAN;  // not implemented yet
    // @stub (void)p; (void)q; (void)k;
    double d0 = q[0] - p[0], d1 = q[1] - p[1];
    double len = sqrt(d0 * d0 + d1 * d1);
    w[0] = -k * d1 / len;
    w[1] = k * d0 / len;
    *b = -(w[0] * p[0] + w[1] * p[1]);
    // @end halfplane_unit
}

void threshold_unit(double *w, double *b, int n, int at_least, double k)
{
    // n inputs, each near 0 or 1 -> w (n), *b: on when at least `at_least` of them are on
    // @begin threshold_unit
    // @formula Every weight w[j] = k (j = 0 .. n-1), and *b = -k * (at_least - 0.5): then
    // @formula z = k * (the number of inputs on - at_least + 0.5), which is +k/2 or more when
    // @formula at least `at_least` are on and -k/2 or less when fewer are. (The 0.5 keeps the
    // @formula boundary between two counts, never on one.)
    // @challenge Every weight w[j] (j = 0 .. n-1) the same, k, and *b such that, with inputs
    // @challenge exactly 0 or 1, z is +k/2 when exactly `at_least` of them are 1 and -k/2 when
    // @challenge one fewer are: the boundary halfway between two counts, never on one.
    // @stub for (int j = 0; j < n; j++)
    // @stub     w[j] = NAN;  // not implemented yet
    // @stub *b = NAN;
    // @stub (void)at_least; (void)k;
    for (int j = 0; j < n; j++)
        w[j] = k;
    *b = -k * (at_least - 0.5);
    // @end threshold_unit
}
