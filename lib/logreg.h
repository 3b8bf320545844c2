/* logreg.h -- chapter 2: logistic regression, the "soft" perceptron, and the losses it trains on.
 *
 * N = number of examples, D = input features. X is (N, D) row-major: feature i of example n is
 * X[n * D + i]. Labels y[n] are 0 or 1. The model is a weight vector w (D) and a bias b; for an
 * example x its logit is z = b + sum_i w[i] * x[i] and its probability of class 1 is
 * p = sigmoid(z). Every loss is a MEAN over the N examples. Gradients are ADDED (+=) into dw (D)
 * and *db: the caller zeroes them first (as in llm.c's backward passes).
 *
 * The exercises live in skeletons/02_logistic_regression.c (solutions/ in the instructor's tree);
 * chapters/02-logistic-regression/notes.md derives every formula below.
 */
#ifndef WORKBOOK_LOGREG_H
#define WORKBOOK_LOGREG_H

// sigmoid(z) = 1 / (1 + exp(-z)), computed so that exp never overflows:
// @formula for z >= 0 as 1 / (1 + exp(-z)), for z < 0 as exp(z) / (1 + exp(z)).
// sigmoid(0) = 0.5, sigmoid(800) = 1, sigmoid(-800) = 0, never NaN for a finite z.
// Not implemented yet: returns NaN.
double logreg_sigmoid(double z);

// The probability of class 1 for one example x (D): logreg_sigmoid(b + sum_i w[i] * x[i]).
// Not implemented yet: returns NaN.
double logreg_prob(const double *w, double b, const double *x, int D);

// The class of x: 1 when logreg_prob(w, b, x, D) >= 0.5 (so z = 0 is class 1), else 0.
// Not implemented yet: returns -1.
int logreg_predict(const double *w, double b, const double *x, int D);

// The mean cross-entropy (log) loss over the N examples, computed from the logits
// z_n = b + w . x_n, never from a rounded probability:
// @formula   loss = (1/N) sum_n [ max(z_n, 0) - y_n z_n + log1p(exp(-|z_n|)) ]
// @formula which is -(1/N) sum_n [ y_n log p_n + (1 - y_n) log(1 - p_n) ] written so that it stays finite
// @challenge   loss = -(1/N) sum_n [ y_n log p_n + (1 - y_n) log(1 - p_n) ], written so that it stays finite
// and exact (to 1e-12) for logits as large as +-800. Not implemented yet: returns NaN.
double logreg_loss(const double *w, double b, const double *X, const int *y, int N, int D);

// The gradient of logreg_loss, ADDED into dw (D) and *db:
// @formula   dw[i] += (1/N) sum_n (sigmoid(z_n) - y_n) X[n * D + i],   *db += (1/N) sum_n (sigmoid(z_n) - y_n).
// @challenge   d loss / d w[i] into dw[i], d loss / d b into *db (chapter 2's notes derive them).
// Not implemented yet: fills dw and *db with NaN.
void logreg_grad(double *dw, double *db, const double *w, double b, const double *X, const int *y,
                 int N, int D);

// For the comparison with TensorFlow Playground, which trains a tanh output on labels -1/+1 with
// the squared error: out_n = tanh(z_n), t_n = 2 y_n - 1 (the labels stay 0/1 outside), and
//   loss = (1/N) sum_n 0.5 (out_n - t_n)^2.
// Not implemented yet: returns NaN.
double sqerr_loss(const double *w, double b, const double *X, const int *y, int N, int D);

// @formula The gradient of sqerr_loss, ADDED into dw (D) and *db, with d_n = (out_n - t_n)(1 - out_n^2):
// @formula   dw[i] += (1/N) sum_n d_n X[n * D + i],   *db += (1/N) sum_n d_n.
// @challenge The gradient of sqerr_loss, ADDED into dw (D) and *db.
// Not implemented yet: fills dw and *db with NaN.
void sqerr_grad(double *dw, double *db, const double *w, double b, const double *X, const int *y,
                int N, int D);

#endif
