// == logreg_sigmoid
    return z >= 0.0 ? 1.0 / (1.0 + exp(-z)) : exp(z) / (1.0 + exp(z));
// == logreg_prob
    double acc = 0.0;
    int j = 0;
    while (j < D) {
        acc = acc + x[j] * w[j];
        j++;
    }
    return logreg_sigmoid(acc + b);
// == logreg_predict
    double p = logreg_prob(w, b, x, D);
    int cls = p >= 0.5;
    return cls;
// == logreg_loss
    double L = 0.0;
    const double *x = X;
    for (const int *lab = y; lab < y + N; lab++, x += D) {
        double z = b;
        int j = 0;
        while (j < D) { z = z + x[j] * w[j]; j++; }
        if (z > 0.0)
            L += (1 - *lab) * z + log1p(exp(-z));
        else
            L += -(*lab) * z + log1p(exp(z));
    }
    return L / (double)N;
// == logreg_grad
    const double invN = 1.0 / N;
    const double *x = X;
    for (const int *lab = y; lab < y + N; lab++, x += D) {
        double z = b;
        int j = 0;
        while (j < D) { z = z + x[j] * w[j]; j++; }
        double r = logreg_sigmoid(z) - *lab;
        *db = *db + r * invN;
        for (j = D - 1; j >= 0; j--)
            dw[j] = dw[j] + r * x[j] * invN;
    }
// == sqerr_loss
    double L = 0.0;
    const double *x = X;
    for (const int *lab = y; lab < y + N; lab++, x += D) {
        double z = b;
        int j = 0;
        while (j < D) { z = z + x[j] * w[j]; j++; }
        double e = tanh(z) - (2 * *lab - 1);
        L += 0.5 * e * e;
    }
    return L / (double)N;
// == sqerr_grad
    const double invN = 1.0 / N;
    const double *x = X;
    for (const int *lab = y; lab < y + N; lab++, x += D) {
        double z = b;
        int j = 0;
        while (j < D) { z = z + x[j] * w[j]; j++; }
        double th = tanh(z);
        double r = (th - (2 * *lab - 1)) * (1.0 - th * th);
        *db = *db + r * invN;
        for (j = D - 1; j >= 0; j--)
            dw[j] = dw[j] + r * x[j] * invN;
    }
