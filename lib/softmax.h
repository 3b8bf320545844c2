/* softmax.h -- chapter 7, the capstone: a softmax MLP that reads handwritten digits.
 *
 * Chapters 5 and 6 built an MLP with K outputs and its backward pass for any d loss / d logits.
 * Here the K = 10 logits become probabilities over the digits 0 .. 9 with a softmax, the loss is
 * @formula the multi-class cross-entropy, and its gradient with respect to the logits is p - onehot(y)
 * @formula (over N). The same mlp_forward, mlp_backward and mlp_update then train on real images
 * @challenge the multi-class cross-entropy. The same mlp_forward, mlp_backward and mlp_update then
 * @challenge train on real images
 * (lib/digits.h: 8x8 images, D = 64 pixels).
 *
 * N = batch size, K = classes. logits and probs are (N, K) row-major: class k of example n is
 * [n * K + k]. Labels y[n] are 0 .. K-1.
 *
 * The exercises live in skeletons/07_digits.c, which builds on your skeletons/05_mlp.c and
 * skeletons/06_backprop.c (solutions/ in the instructor's tree); chapters/07-digits/notes.md
 * explains them.
 *
 * One epoch of training, then the test accuracy and the confusion matrix:
 *     Mlp m;                                          // sizes {64, 32, 10}, tanh: mlp_init
 *     double loss = softmax_train_epoch(&m, train.x, train.y, train.n, 10, 0.1, &rng);
 *     int *pred = malloc(test.n * sizeof *pred), counts[10 * 10];
 *     softmax_predict(pred, &m, test.x, test.n);
 *     double accuracy = confusion_matrix(counts, pred, test.y, test.n, 10);
 */
#ifndef WORKBOOK_SOFTMAX_H
#define WORKBOOK_SOFTMAX_H

#include "backprop.h"
#include "rng.h"

// ---------------------------------------------------------------- the softmax and its loss

// probs (N,K): each row the softmax of the same row of logits (N,K),
//   probs[n,k] = exp(logits[n,k]) / sum_j exp(logits[n,j]),
// @formula computed stably (subtract the row's largest logit first), so that it is finite and exact for
// @challenge computed stably, so that it is finite and exact for
// any finite logits: logits (1000, 999) give (0.731..., 0.268...), not inf / inf.
// probs and logits do not overlap. Not implemented yet: fills probs with NaN.
void softmax_forward(double *probs, const double *logits, int N, int K);

// The multi-class cross-entropy, the mean over the batch of -log probs[n, y[n]]:
// @formula   loss = (1/N) sum_n [ log sum_j exp(logits[n,j]) - logits[n, y[n]] ],
// @formula with the log-sum-exp computed stably (m + log sum_j exp(logits[n,j] - m), m the row's
// @formula largest logit): finite for any finite logits. y (N) in 0 .. K-1.
// @challenge computed from the logits: finite for any finite logits. y (N) in 0 .. K-1.
// Not implemented yet: returns NaN.
double softmax_ce_loss(const double *logits, const int *y, int N, int K);

// Its gradient with respect to the logits, the softmax and the loss in one step:
// @formula   dlogits[n,k] += (probs[n,k] - (k == y[n] ? 1 : 0)) / N,
// @formula probs computed stably from logits as in softmax_forward. Accumulates (+=); the caller
// @challenge finite for any finite logits, as softmax_forward. Accumulates (+=); the caller
// zeroed dlogits. Not implemented yet: fills dlogits with NaN.
void softmax_ce_backward(double *dlogits, const double *logits, const int *y, int N, int K);

// ---------------------------------------------------------------- training

// One training step of the MLP m (K = sizes[L] >= 2 outputs) on the batch X (N, sizes[0]),
// @formula y (N) in 0 .. K-1: mlp_zero_grad, mlp_forward, softmax_ce_loss, softmax_ce_backward into
// @formula m->dacts[L] (zeroed first), mlp_backward, mlp_update with lr. Returns the loss before the
// @challenge y (N) in 0 .. K-1: one update with lr on the gradient of softmax_ce_loss for this batch
// @challenge alone. Returns the loss before the
// update; NaN when K < 2 or N is outside 1 .. max_batch. Not implemented yet: returns NaN.
double softmax_train_step(Mlp *m, const double *X, const int *y, int N, double lr);

// One epoch of mini-batch training over X (N, sizes[0]), y (N): draws the order with
// rng_permutation(rng, order, N) (its only draws), then takes the examples in that order in
// batches of `batch` (the last holds what is left, possibly fewer), one softmax_train_step per
// batch. Returns the mean over the N examples of the loss each batch had before its step,
// sum_b B_b * loss_b / N. NaN when batch is outside 1 .. max_batch.
// Not implemented yet: returns NaN.
double softmax_train_epoch(Mlp *m, const double *X, const int *y, int N, int batch, double lr,
                           Rng *rng);

// ---------------------------------------------------------------- evaluating

// pred (N): the class of each row of X (N, sizes[0]), the index of its largest logit (the
// lowest index when several tie), by mlp_forward on chunks of at most m->max_batch rows, so
// that any N >= 1 works. Not implemented yet: fills pred with -1.
void softmax_predict(int *pred, Mlp *m, const double *X, int N);

// counts (K,K): counts[t * K + p] = how many examples of true class t were predicted p (rows
// are the truth, columns the prediction). Overwrites all K * K entries; a prediction outside
// 0 .. K-1 is counted in no cell, and as wrong. Returns the accuracy, the fraction of the N
// examples with pred[n] == y[n] (the diagonal over N). y (N) in 0 .. K-1.
// Not implemented yet: fills counts with -1 and returns NaN.
double confusion_matrix(int *counts, const int *pred, const int *y, int N, int K);

#endif
