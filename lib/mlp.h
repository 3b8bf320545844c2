/* mlp.h -- chapter 5: multi-layer perceptrons. The activation functions, the dense (linear)
 * layer, and an MLP of any depth and widths with K outputs: init, forward, free. Chapter 6
 * (backprop.h) adds zero_grad, backward, update and training to the same struct.
 *
 * N = batch size, D = input features, H = units of a layer, K = outputs. Row-major; a weight
 * is (H, D) (out, in): weight[h * D + i] connects input i to unit h. X is (N, D): feature i of
 * example n is X[n * D + i].
 *
 * Layers are numbered from 0, as in the C: layer l (l = 0 .. L-1) maps acts[l] (N, sizes[l])
 * to acts[l+1] (N, sizes[l+1]), with acts[0] = X and acts[L] = the logits (N, K):
 *     z = acts[l] @ weight[l]^T + bias[l]             linear_forward
 *     acts[l+1] = f(z)      for a hidden layer (l < L-1), f the network's activation
 *     acts[L]   = z         for the output layer: no activation, the logits
 * A probability comes from the logits: sigmoid(logit) for K = 1 (chapter 6), softmax for K > 1
 * (the capstone). The network 2-3-1 (sizes = {2, 3, 1}, L = 2) has one hidden layer of 3 units.
 *
 * The exercises live in skeletons/05_mlp.c (solutions/05_mlp.c in the instructor's tree);
 * chapters/05-mlp/notes.md explains them.
 *
 * Example (a 2-3-1 tanh network on a batch of at most 32 points):
 *     Rng rng; rng_seed(&rng, 1, 5);
 *     Mlp m;
 *     int sizes[3] = { 2, 3, 1 };
 *     if (mlp_init(&m, sizes, 2, ACT_TANH, 32, &rng) != 0) { ... }
 *     const double *logits = mlp_forward(&m, X, N);   // (N, 1); N <= 32
 *     ...
 *     mlp_free(&m);
 */
#ifndef WORKBOOK_MLP_H
#define WORKBOOK_MLP_H

#include "rng.h"

// The deepest network the struct has room for (layers with weights).
#define MLP_MAX_LAYERS 12

// A hidden layer's activation function. The output layer has none (it gives logits).
typedef enum {
    ACT_SIGMOID = 0,   // sigmoid(z) = 1 / (1 + exp(-z)), squashes to (0, 1)
    ACT_TANH = 1,      // tanh(z), squashes to (-1, 1)
    ACT_RELU = 2       // relu(z) = max(0, z), thresholds at 0
} Activation;

// "sigmoid", "tanh" or "relu" ("?" for anything else). Given.
const char *activation_name(Activation f);

// ---------------------------------------------------------------- exercises: the pieces

// out[i] = f(inp[i]) for i = 0 .. n-1; out may be inp (in place). Finite for every finite
// input: sigmoid(-1000) = 0, sigmoid(1000) = 1, tanh(+-1000) = +-1, never NaN.
// Not implemented yet: fills out with NaN.
void activation_forward(double *out, const double *inp, int n, Activation f);

// @formula The derivative f'(z): sigmoid'(z) = s (1 - s) with s = sigmoid(z); tanh'(z) = 1 - tanh(z)^2;
// @challenge The derivative f'(z) of each activation;
// relu'(z) = 1 for z > 0 and 0 for z <= 0 (0 at the kink z = 0, as PyTorch).
// Not implemented yet: returns NaN.
double activation_deriv(Activation f, double z);

// out = inp @ weight^T + bias.  inp (N,D), weight (H,D), bias (H) -> out (N,H):
//   out[n * H + h] = bias[h] + sum_i weight[h * D + i] * inp[n * D + i]
// Overwrites out (whatever it held). Not implemented yet: fills out with NaN.
void linear_forward(double *out, const double *inp, const double *weight, const double *bias,
                    int N, int D, int H);

// ---------------------------------------------------------------- the network

typedef struct {
    // The architecture, set by mlp_init.
    int L;                              // layers with weights, 1 .. MLP_MAX_LAYERS
    int sizes[MLP_MAX_LAYERS + 1];      // sizes[l] = the width of acts[l]: sizes[0] = D inputs,
                                        // sizes[L] = K outputs; entries past L are 0
    Activation act;                     // the hidden layers' activation
    int max_batch;                      // forward and backward take 1 <= N <= max_batch

    // The parameters: one block, layer after layer, each layer's weight then its bias;
    // weight[l] and bias[l] point into it. grads has the same layout (dweight, dbias).
    int num_params;                     // sum over l of sizes[l+1] * (sizes[l] + 1)
    double *params;                     // (num_params), owned
    double *grads;                      // (num_params), owned; zero after mlp_init
    double *weight[MLP_MAX_LAYERS];     // weight[l] (sizes[l+1], sizes[l])
    double *bias[MLP_MAX_LAYERS];       // bias[l] (sizes[l+1])
    double *dweight[MLP_MAX_LAYERS];    // the gradients, same shapes
    double *dbias[MLP_MAX_LAYERS];

    // What the forward pass stores for the backward pass, for the last batch it saw.
    int N;                              // examples in the last mlp_forward (0 before any)
    double *work;                       // one block holding every buffer below, owned
    double *acts[MLP_MAX_LAYERS + 1];   // acts[l] (max_batch, sizes[l]): acts[0] a copy of X,
                                        // acts[l+1] = f(z) of hidden layer l, acts[L] the logits
    double *dacts[MLP_MAX_LAYERS + 1];  // (max_batch, sizes[l]): d loss / d acts[l] (chapter 6);
                                        // dacts[L] is room for the loss gradient d loss / d logits
    double *dz[MLP_MAX_LAYERS];         // (max_batch, sizes[l+1]): d loss / d z of hidden layer l
} Mlp;

// Builds the network sizes[0] -> sizes[1] -> ... -> sizes[L] with hidden activation act, for
// batches of up to max_batch examples: allocates the three blocks (params, grads, work), points
// the views into them, and initialises the parameters (Glorot and Bengio's uniform scheme):
//   for l = 0 .. L-1, with D = sizes[l], H = sizes[l+1], r = sqrt(6 / (D + H)):
//       weight[l][h * D + i] = rng_range(rng, -r, r)   for h = 0 .. H-1, then i = 0 .. D-1
//       bias[l][h] = 0
// That is 2 draws (one rng_range) per weight, layer by layer, row by row, and no other draw.
// grads, the activations and N start at 0. Returns 0, or -1 for bad arguments (L outside
// 1 .. MLP_MAX_LAYERS, a size or max_batch below 1) or when out of memory, with *m zeroed.
// Not implemented yet: allocates, but fills params with NaN.
int mlp_init(Mlp *m, const int *sizes, int L, Activation act, int max_batch, Rng *rng);

// The forward pass on X (N, sizes[0]), 1 <= N <= max_batch: copies X into acts[0], then for
// l = 0 .. L-1 computes layer l into acts[l+1] (linear_forward, then activation_forward in
// place for a hidden layer; none for the output layer), and sets m->N = N. Returns the logits
// acts[L] (N, K), or NULL for N outside 1 .. max_batch.
// Not implemented yet: fills the logits with NaN.
const double *mlp_forward(Mlp *m, const double *X, int N);

// Frees the three blocks mlp_init allocated and zeroes every field of *m, so that a second
// mlp_free (or one on a zeroed Mlp) does nothing. Not implemented yet: does nothing.
void mlp_free(Mlp *m);

// ---------------------------------------------------------------- for the experiments:
// weights set by hand (make experiment CH=05 E=polygons)

// A step-like unit for the half-plane on the left of the directed line from p to q, the side
// on your left as you walk from p towards q (going round a polygon counter-clockwise, its
// inside). z = w . x + b is k times the signed distance from x to the line: 0 on it, +k at
// distance 1 on the left, -k on the right, and a sigmoid of it is nearly a step once k is large.
// @formula With d = q - p and ||d|| its length:
// @formula     w[0] = -k * d[1] / ||d||,   w[1] = k * d[0] / ||d||,   b = -(w[0] * p[0] + w[1] * p[1]).
// w (2), b (1), p (2), q (2), p != q. Not implemented yet: sets w and *b to NaN.
void halfplane_unit(double *w, double *b, const double *p, const double *q, double k);

// A unit that fires when at least `at_least` of its n inputs are on (each input near 0 or 1):
// every weight k, and z is k/2 or more when enough are on and -k/2 or less when not.
// @formula     w[j] = k for j = 0 .. n-1,   b = -k * (at_least - 0.5),
// @formula so that z = k * (inputs on - at_least + 0.5).
// at_least = n is AND, at_least = 1 is OR. w (n), b (1).
// Not implemented yet: fills w and *b with NaN.
void threshold_unit(double *w, double *b, int n, int at_least, double k);

#endif
