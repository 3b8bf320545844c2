/* 02_logistic_regression.c -- chapter 2: logistic regression, the "soft" perceptron.
 *
 * The perceptron's step is replaced by the sigmoid, so the model gives a probability
 * p = sigmoid(b + w . x) instead of a hard class, and small changes of w and b change p a little:
 * the loss can be differentiated and minimised by gradient descent (chapter 3). The loss is the
 * mean cross-entropy, the negative log-likelihood of the labels; it is computed from the logits
 * z, because log(p) of a probability that has rounded to 0 or 1 is infinite.
 *
 * Shapes: N examples, D features; X (N, D) row-major, y (N) in {0, 1}, w (D), b scalar. Gradients
 * are added (+=) into dw (D) and *db; the caller zeroes them.
 * Seven exercises, in order: logreg_sigmoid, logreg_prob, logreg_predict, logreg_loss,
 * logreg_grad, and for the comparison with TensorFlow Playground sqerr_loss and sqerr_grad.
 * Left out on purpose: the training loop (the grader and the plots run plain gradient descent
 * with your gradient; chapter 3 writes the loop), regularisation, more than two classes.
 * Notes: chapters/02-logistic-regression/notes.md.
 */
#include <math.h>

#include "logreg.h"

// ---------------------------------------------------------------- the model

double logreg_sigmoid(double z)
{
    // @begin logreg_sigmoid
    // @todo Return 1 / (1 + exp(-z)) without ever overflowing exp:
    // @formula   for z >= 0: 1 / (1 + exp(-z))          (exp(-z) <= 1)
    // @formula   for z <  0: e / (1 + e) with e = exp(z) (e < 1)
    // @challenge for each sign of z, a form of it whose exp cannot overflow.
    // @todo So logreg_sigmoid(0) = 0.5, logreg_sigmoid(800) = 1, logreg_sigmoid(-800) = 0, and
    // @todo never NaN: exp(800) is inf, and inf / inf is NaN.
    // @todo Tiny values keep their relative accuracy (1e-12: sigmoid(-40) = 4.248e-18, not 0; the
    // @todo loss takes their log). A form that subtracts from 1 -- 1 - sigmoid(-z), or
    // @todo 0.5 + 0.5 * tanh(z / 2) -- loses it: 1 + tiny rounds to 1 below 1.1e-16.
    // @stub (void)z;
    // @stub return NAN;  // not implemented yet
    if (z >= 0.0)
        return 1.0 / (1.0 + exp(-z));
    double e = exp(z);   // z < 0: e is in (0, 1), and tiny rather than huge
    return e / (1.0 + e);
    // @end logreg_sigmoid
}

double logreg_prob(const double *w, double b, const double *x, int D)
{
    // @begin logreg_prob
    // @todo The probability of class 1 for the example x: with the logit
    // @todo z = b + sum_i w[i] * x[i] over all D features, return logreg_sigmoid(z).
    // @stub (void)w; (void)b; (void)x; (void)D;
    // @stub return NAN;  // not implemented yet
    double z = b;
    for (int i = 0; i < D; i++)
        z += w[i] * x[i];
    return logreg_sigmoid(z);
    // @end logreg_prob
}

int logreg_predict(const double *w, double b, const double *x, int D)
{
    // @begin logreg_predict
    // @todo Return 1 when p = logreg_prob(w, b, x, D) is >= 0.5, else 0. A point on the
    // @todo boundary (z = 0, p = 0.5 exactly) is class 1, as in chapter 1.
    // @stub (void)w; (void)b; (void)x; (void)D;
    // @stub return -1;  // not implemented yet
    return logreg_prob(w, b, x, D) >= 0.5 ? 1 : 0;
    // @end logreg_predict
}

// ---------------------------------------------------------------- the cross-entropy loss

double logreg_loss(const double *w, double b, const double *X, const int *y, int N, int D)
{
    // @begin logreg_loss
    // @todo The mean cross-entropy over the N examples, from the logits (never log of a p):
    // @todo   z = b + sum_i w[i] * X[n * D + i]
    // @formula   loss_n = max(z, 0) - y[n] * z + log1p(exp(-|z|))
    // @formula (that is log(1 + exp(z)) - y z = -y log p - (1 - y) log(1 - p), rearranged so that
    // @formula exp never overflows). Return (1/N) sum_n loss_n. It must be finite and right to
    // @challenge   loss_n = -y[n] log p - (1 - y[n]) log(1 - p), p = sigmoid(z), written in z so
    // @challenge that exp never overflows. Return (1/N) sum_n loss_n. It must be finite and right to
    // @todo 1e-12 for logits of +-40 and +-800 with either label: for z = 40, y = 0 the answer
    // @todo is 40, where -log(1 - p) gives inf because p rounds to 1.
    // @stub (void)w; (void)b; (void)X; (void)y; (void)N; (void)D;
    // @stub return NAN;  // not implemented yet
    double sum = 0.0;
    for (int n = 0; n < N; n++) {
        const double *x = X + (long)n * D;
        double z = b;
        for (int i = 0; i < D; i++)
            z += w[i] * x[i];
        // log(1 + exp(z)) - y z, with the large part max(z, 0) - y z (exact) taken out first
        sum += (z > 0.0 ? z : 0.0) - y[n] * z + log1p(exp(-fabs(z)));
    }
    return sum / N;
    // @end logreg_loss
}

void logreg_grad(double *dw, double *db, const double *w, double b, const double *X, const int *y,
                 int N, int D)
{
    // @begin logreg_grad
    // @todo Add the gradient of logreg_loss into dw (D) and *db (the caller zeroed them: use +=).
    // @formula For each example n: z = b + sum_i w[i] * X[n * D + i], err = logreg_sigmoid(z) - y[n];
    // @formula   dw[i] += err * X[n * D + i] / N   for i = 0 .. D-1
    // @formula   *db   += err / N                  (the bias is the weight of an input that is 1)
    // @challenge The loss is the mean over the N examples; the gradient must stay exact for logits
    // @challenge of +-800, where the model is confidently wrong (logreg_sigmoid is safe there).
    // @stub for (int i = 0; i < D; i++)
    // @stub     dw[i] = NAN;  // not implemented yet
    // @stub *db = NAN;
    // @stub (void)w; (void)b; (void)X; (void)y; (void)N;
    for (int n = 0; n < N; n++) {
        const double *x = X + (long)n * D;
        double z = b;
        for (int i = 0; i < D; i++)
            z += w[i] * x[i];
        double err = logreg_sigmoid(z) - y[n];   // dloss_n/dz: prediction minus label
        for (int i = 0; i < D; i++)
            dw[i] += err * x[i] / N;
        *db += err / N;
    }
    // @end logreg_grad
}

// ---------------------------------------------------------------- the Playground's squared error

double sqerr_loss(const double *w, double b, const double *X, const int *y, int N, int D)
{
    // @begin sqerr_loss
    // @todo The loss TensorFlow Playground trains with: a tanh output on labels -1/+1.
    // @todo For each example n: z = b + sum_i w[i] * X[n * D + i], out = tanh(z),
    // @todo t = 2 * y[n] - 1 (label 0 -> -1, 1 -> +1; only inside this function), and
    // @todo loss_n = 0.5 * (out - t)^2. Return (1/N) sum_n loss_n.
    // @stub (void)w; (void)b; (void)X; (void)y; (void)N; (void)D;
    // @stub return NAN;  // not implemented yet
    double sum = 0.0;
    for (int n = 0; n < N; n++) {
        const double *x = X + (long)n * D;
        double z = b;
        for (int i = 0; i < D; i++)
            z += w[i] * x[i];
        double out = tanh(z), t = 2.0 * y[n] - 1.0;
        sum += 0.5 * (out - t) * (out - t);
    }
    return sum / N;
    // @end sqerr_loss
}

void sqerr_grad(double *dw, double *db, const double *w, double b, const double *X, const int *y,
                int N, int D)
{
    // @begin sqerr_grad
    // @todo Add the gradient of sqerr_loss into dw (D) and *db (use +=). For each example n:
    // @todo z as above, out = tanh(z), t = 2 * y[n] - 1, and by the chain rule
    // @formula d = (out - t) * (1 - out * out)     (d/dz of 0.5 (tanh z - t)^2)
    // @formula   dw[i] += d * X[n * D + i] / N,   *db += d / N.
    // @challenge add example n's share of d loss / d w[i] and d loss / d b (a mean over N).
    // @stub for (int i = 0; i < D; i++)
    // @stub     dw[i] = NAN;  // not implemented yet
    // @stub *db = NAN;
    // @stub (void)w; (void)b; (void)X; (void)y; (void)N;
    for (int n = 0; n < N; n++) {
        const double *x = X + (long)n * D;
        double z = b;
        for (int i = 0; i < D; i++)
            z += w[i] * x[i];
        double out = tanh(z), t = 2.0 * y[n] - 1.0;
        double d = (out - t) * (1.0 - out * out);   // vanishes when |out| -> 1, right or wrong
        for (int i = 0; i < D; i++)
            dw[i] += d * x[i] / N;
        *db += d / N;
    }
    // @end sqerr_grad
}
