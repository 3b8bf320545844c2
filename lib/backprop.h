/* backprop.h -- chapter 6: backpropagation. The chain rule on one scalar example, the backward
 * pass of each piece of chapter 5 (activation, dense layer) and of the loss, the whole MLP's
 * backward pass, the gradient-descent update, and training with mini-batches.
 *
 * N = batch size, D = input features, H = units of a layer, K = outputs. Row-major; a weight is
 * (H, D) (out, in). Every backward function ACCUMULATES (+=) into its gradient buffers, whose
 * caller zeroed them: a parameter used twice gets both shares. A gradient `dX` has X's shape and
 * holds d loss / d X.
 *
 * The model verbs, as in llm.c: mlp_init, mlp_forward, mlp_free (chapter 5, mlp.h), and here
 * mlp_zero_grad, mlp_backward, mlp_update.
 * @formula One training step on a batch (X, y):
 * @formula     mlp_zero_grad(&m);
 * @formula     const double *logits = mlp_forward(&m, X, N);
 * @formula     double loss = bce_loss(logits, y, N);
 * @formula     double *dlogits = m.dacts[m.L];                  // room for d loss / d logits
 * @formula     memset(dlogits, 0, N * sizeof *dlogits);
 * @formula     bce_backward(dlogits, logits, y, N);
 * @formula     mlp_backward(&m, dlogits);
 * @formula     mlp_update(&m, lr);
 * @formula which is mlp_train_step. With K > 1 outputs (the capstone's softmax), only the loss changes:
 * @challenge One training step on a batch is mlp_train_step. With K > 1 outputs (the capstone's
 * @challenge softmax), only the loss changes:
 * mlp_backward takes any d loss / d logits (N, K).
 *
 * The exercises live in skeletons/06_backprop.c, which builds on your skeletons/05_mlp.c
 * (solutions/ in the instructor's tree); chapters/06-backprop/notes.md explains them.
 */
#ifndef WORKBOOK_BACKPROP_H
#define WORKBOOK_BACKPROP_H

#include "mlp.h"
#include "numgrad.h"   // ScalarFn, for the gradient checker at the end

// ---------------------------------------------------------------- the chain rule, on paper

// The lecture's kind of exercise, a composite that needs the chain rule twice:
//   f(x) = exp(sin(x^2)).  Given.
double chain_example(double x);

// @formula df/dx for f = chain_example, by the chain rule: u = x^2, v = sin(u), f = exp(v), so
// @formula df/dx = df/dv * dv/du * du/dx. Not implemented yet: returns NaN.
// @challenge df/dx for f = chain_example, by the chain rule. Not implemented yet: returns NaN.
double chain_example_grad(double x);

// ---------------------------------------------------------------- backward of each piece

// @formula The activation's backward pass, element by element: dinp[i] += dout[i] * f'(z_i), where
// @formula out[i] = f(z_i) is what activation_forward returned (z_i itself was not kept):
// @formula   sigmoid' = a (1 - a),  tanh' = 1 - a^2,  relu' = 1 for a > 0, else 0   (a = out[i]).
// @challenge The activation's backward pass, element by element, added (+=) into dinp, where
// @challenge out[i] = f(z_i) is what activation_forward returned (z_i itself was not kept);
// @challenge relu's slope is 1 for out[i] > 0, else 0.
// Not implemented yet: fills dinp with NaN.
void activation_backward(double *dinp, const double *dout, const double *out, int n,
                         Activation f);

// The dense layer's backward pass, for out = inp @ weight^T + bias (linear_forward):
// dout (N,H), inp (N,D), weight (H,D); accumulates (+=) into dinp (N,D), dweight (H,D) and
// dbias (H); the caller zeroes them. Not implemented yet: fills all three with NaN.
void linear_backward(double *dinp, double *dweight, double *dbias, const double *dout,
                     const double *inp, const double *weight, int N, int D, int H);

// Binary cross-entropy on a sigmoid output (K = 1), the mean over the batch:
//   loss = (1/N) sum_n -[y_n log p_n + (1 - y_n) log(1 - p_n)],  p_n = sigmoid(logits[n]),
// computed stably, so that it is finite for any finite logit. logits (N), y (N) in {0, 1}.
// Not implemented yet: returns NaN.
double bce_loss(const double *logits, const int *y, int N);

// @formula Its gradient: dlogits[n] += (p_n - y_n) / N. Not implemented yet: fills dlogits with NaN.
// @challenge Its gradient, d loss / d logits[n], added (+=) into dlogits[n]. Not implemented yet:
// @challenge fills dlogits with NaN.
void bce_backward(double *dlogits, const double *logits, const int *y, int N);

// ---------------------------------------------------------------- the network

// grads = 0 (every dweight and dbias). Given.
void mlp_zero_grad(Mlp *m);

// The backward pass of the whole network for the batch of the last mlp_forward (N = m->N):
// dlogits (N, K) = d loss / d logits. Adds (+=) d loss / d weight[l] to dweight[l] and
// d loss / d bias[l] to dbias[l] for every layer; the caller zeroes them (mlp_zero_grad).
// dacts[0 .. L-1] and dz are overwritten (scratch); dacts[L] and the forward's acts are not.
// Not implemented yet: fills grads with NaN.
void mlp_backward(Mlp *m, const double *dlogits);

// One step of gradient descent: params[k] -= lr * grads[k] for every parameter.
// Not implemented yet: fills params with NaN.
void mlp_update(Mlp *m, double lr);

// One training step on the batch X (N, sizes[0]), y (N) in {0, 1}, for a network with K = 1:
// @formula zero_grad, forward, bce_loss, bce_backward into m->dacts[L], backward, update with lr, as in
// @formula the example at the top. Returns the loss before the update; NaN when K != 1 or N is outside
// @challenge one update with lr on the gradient of bce_loss for this batch alone. Returns the loss
// @challenge before the update; NaN when K != 1 or N is outside
// 1 .. max_batch. Not implemented yet: returns NaN.
double mlp_train_step(Mlp *m, const double *X, const int *y, int N, double lr);

// One epoch of mini-batch gradient descent over X (N, sizes[0]), y (N): the examples are taken
// in the order order[0], order[1], ..., order[N-1] (a permutation of 0 .. N-1; the caller
// shuffles), in batches of `batch` (the last one holds what is left, possibly fewer), one
// mlp_train_step per batch. Returns the mean over the N examples of the loss each batch had
// before its step: sum_b B_b * loss_b / N. NaN when batch is outside 1 .. max_batch.
// Not implemented yet: returns NaN.
double mlp_train_epoch(Mlp *m, const double *X, const int *y, int N, const int *order,
                       int batch, double lr);

// ---------------------------------------------------------------- your own gradient checker

// The grader checks every backward function above against centred differences, with a checker
// of its own. These two exercises are that checker, yours: the numeric gradient of any scalar
// function f of a parameter vector (a loss, say; f(params, ctx) is a ScalarFn, numgrad.h), and
// the comparison that decides whether an analytic gradient matches it.
//
// Example (a gradient checked against a loss's own numeric gradient):
//     double num[P], worst;
//     gradcheck_numeric(num, params, P, loss_fn, &data, 1e-5);
//     int off = gradcheck_compare(&worst, grad, num, P, 1e-7, 1e-9);   // 0: all entries match

// num (P): the numeric gradient of f at params (P), one entry at a time, by centred differences
// with the step h > 0 given (whatever it is: the notes show what too large and too small do):
// @formula   num[i] = (f(params, ctx) with params[i] = x + h  -  the same with params[i] = x - h) / (2h),
// @challenge   num[i] = the centred difference of f in entry i, with step h,
// where x is params[i] as it was on entry (x + h and x - h each computed from x), every other
// entry holding its value on entry. On return params holds exactly, bit for bit, what it held
// on entry. Not implemented yet: fills num with NaN.
void gradcheck_numeric(double *num, double *params, int P, ScalarFn f, void *ctx, double h);

// Compares an analytic gradient grad (P) with a numeric one num (P), entry by entry, with the
// workbook's mixed tolerance: with a = grad[i] and n = num[i], entry i passes when
//     |a - n| <= rtol * max(|a|, |n|) + atol,
// and never when a or n is NaN or inf. Writes into *worst the largest relative error
// |a - n| / max(|a|, |n|) over the P entries (0 for an entry where both are 0, inf for one with
// NaN or inf). Returns the number of entries that do not pass.
// Not implemented yet: returns -1 and writes NaN into *worst.
int gradcheck_compare(double *worst, const double *grad, const double *num, int P, double rtol,
                      double atol);

#endif
