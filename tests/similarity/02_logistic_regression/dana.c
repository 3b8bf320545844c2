// == top
/* z for example n: the bias plus the weighted features of row n of X */
static double row_logit(const double *W, double bias, const double *X, int n, int D)
{
    double acc = bias;
    const double *feat = X + (long)n * D;
    for (int f = 0; f < D; f++) {
        acc += W[f] * feat[f];
    }
    return acc;
}

/* softplus(z) = log(1 + e^z), without overflow for large z */
static double softplus(double z)
{
    if (z > 30.0) {
        return z + log1p(exp(-z));
    }
    return log1p(exp(z));
}
// == logreg_sigmoid
    if (z >= 0.0) {
        double t = exp(-z);
        return 1.0 / (1.0 + t);
    } else {
        double t = exp(z);
        return t / (1.0 + t);
    }
// == logreg_prob
    double acc = b;
    for (int f = 0; f < D; f++) {
        acc += w[f] * x[f];
    }
    return logreg_sigmoid(acc);
// == logreg_predict
    const double prob = logreg_prob(w, b, x, D);
    if (prob >= 0.5) {
        return 1;
    } else {
        return 0;
    }
// == logreg_loss
    double sum = 0.0;
    int n = 0;
    do {
        const double z = row_logit(w, b, X, n, D);
        if (y[n] == 1) {
            sum += softplus(-z);
        } else {
            sum += softplus(z);
        }
        n++;
    } while (n < N);
    return sum / (double)N;
// == logreg_grad
    int n = 0;
    do {
        const double z = row_logit(w, b, X, n, D);
        const double resid = logreg_sigmoid(z) - (double)y[n];
        const double *feat = X + (long)n * D;
        for (int f = 0; f < D; f++) {
            dw[f] += resid * feat[f] / (double)N;
        }
        *db += resid / (double)N;
        n++;
    } while (n < N);
// == sqerr_loss
    double sum = 0.0;
    int n = 0;
    do {
        const double out = tanh(row_logit(w, b, X, n, D));
        const double target = y[n] == 1 ? 1.0 : -1.0;
        sum += 0.5 * (out - target) * (out - target);
        n++;
    } while (n < N);
    return sum / (double)N;
// == sqerr_grad
    int n = 0;
    do {
        const double out = tanh(row_logit(w, b, X, n, D));
        const double target = y[n] == 1 ? 1.0 : -1.0;
        const double delta = (out - target) * (1.0 - out * out);
        const double *feat = X + (long)n * D;
        for (int f = 0; f < D; f++) {
            dw[f] += delta * feat[f] / (double)N;
        }
        *db += delta / (double)N;
        n++;
    } while (n < N);
