// == top
#include <stdlib.h>

/* the logits of all N rows at once, into a buffer the caller frees */
static double *all_logits(const double *w, double b, const double *X, int N, int D)
{
    double *zs = malloc(sizeof(double) * (size_t)(N > 0 ? N : 1));
    if (zs == NULL)
        return NULL;
    for (int r = 0; r < N; r++) {
        zs[r] = b;
        for (int c = 0; c < D; c++)
            zs[r] += X[r * D + c] * w[c];
    }
    return zs;
}
// == logreg_sigmoid
    double e = exp(-fabs(z));           /* never more than 1 */
    double s = 1.0 / (1.0 + e);
    if (z < 0)
        s = e / (1.0 + e);
    return s;
// == logreg_prob
    const double *end = x + D;
    double z = b;
    while (x < end)
        z += *w++ * *x++;
    return logreg_sigmoid(z);
// == logreg_predict
    switch (logreg_prob(w, b, x, D) >= 0.5) {
    case 1: return 1;
    default: return 0;
    }
// == logreg_loss
    double *zs = all_logits(w, b, X, N, D);
    if (!zs)
        return NAN;
    double acc = 0.0;
    for (int r = 0; r < N; r++) {
        double m = fmax(zs[r], 0.0);
        acc += m - zs[r] * y[r] + log1p(exp(-fabs(zs[r])));
    }
    free(zs);
    return acc / N;
// == logreg_grad
    double *zs = all_logits(w, b, X, N, D);
    if (!zs)
        return;
    for (int r = 0; r < N; r++)
        zs[r] = (logreg_sigmoid(zs[r]) - y[r]) / N;
    for (int c = 0; c < D; c++)
        for (int r = 0; r < N; r++)
            dw[c] += zs[r] * X[r * D + c];
    for (int r = 0; r < N; r++)
        *db += zs[r];
    free(zs);
// == sqerr_loss
    double *zs = all_logits(w, b, X, N, D);
    if (!zs)
        return NAN;
    double acc = 0.0;
    for (int r = 0; r < N; r++) {
        double t = y[r] == 1 ? 1.0 : -1.0;
        acc += pow(tanh(zs[r]) - t, 2) / 2.0;
    }
    free(zs);
    return acc / N;
// == sqerr_grad
    double *zs = all_logits(w, b, X, N, D);
    if (!zs)
        return;
    for (int r = 0; r < N; r++) {
        double o = tanh(zs[r]), t = y[r] == 1 ? 1.0 : -1.0;
        zs[r] = (o - t) * (1.0 - o * o) / N;
    }
    for (int c = 0; c < D; c++)
        for (int r = 0; r < N; r++)
            dw[c] += zs[r] * X[r * D + c];
    for (int r = 0; r < N; r++)
        *db += zs[r];
    free(zs);
