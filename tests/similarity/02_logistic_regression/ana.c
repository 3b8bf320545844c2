// == top
static double logit_of(const double *w, double b, const double *x, int D)
{
    double s = b;
    for (int k = 0; k < D; ++k)
        s += w[k] * x[k];
    return s;
}
// == logreg_sigmoid
    if (z < 0) {
        double ez = exp(z);
        return ez / (1 + ez);
    }
    return 1 / (1 + exp(-z));
// == logreg_prob
    return logreg_sigmoid(logit_of(w, b, x, D));
// == logreg_predict
    if (logreg_prob(w, b, x, D) < 0.5)
        return 0;
    return 1;
// == logreg_loss
    double total = 0;
    for (int n = 0; n < N; ++n) {
        double z = logit_of(w, b, &X[n * D], D);
        double big = z > 0 ? z : 0;
        total += big - y[n] * z + log1p(exp(-fabs(z)));
    }
    return total / N;
// == logreg_grad
    for (int n = 0; n < N; ++n) {
        const double *row = &X[n * D];
        double g = (logreg_sigmoid(logit_of(w, b, row, D)) - y[n]) / N;
        for (int k = 0; k < D; ++k)
            dw[k] += g * row[k];
        *db += g;
    }
// == sqerr_loss
    double total = 0;
    for (int n = 0; n < N; ++n) {
        double diff = tanh(logit_of(w, b, &X[n * D], D)) - (y[n] ? 1.0 : -1.0);
        total += diff * diff / 2;
    }
    return total / N;
// == sqerr_grad
    for (int n = 0; n < N; ++n) {
        const double *row = &X[n * D];
        double o = tanh(logit_of(w, b, row, D));
        double g = (o - (y[n] ? 1.0 : -1.0)) * (1 - o * o) / N;
        for (int k = 0; k < D; ++k)
            dw[k] += g * row[k];
        *db += g;
    }
