/* numgrad.c -- see numgrad.h. */
#include "numgrad.h"

#include <math.h>
#include <stddef.h>

void numeric_gradient(double *grad, double *params, int P, ScalarFn f, void *ctx, double h)
{
    for (int i = 0; i < P; i++) {
        double keep = params[i];
        params[i] = keep + h;
        double up = f(params, ctx);
        params[i] = keep - h;
        double down = f(params, ctx);
        params[i] = keep;   // restored exactly: the saved value, not keep + h - h
        grad[i] = (up - down) / (2.0 * h);
    }
}

typedef struct {
    const double *Phi;
    const int *y, *idx;
    int B, F;
} Logistic;

double logistic_loss_def(const double *params, const double *Phi, const int *y, const int *idx,
                         int B, int F)
{
    double loss = 0.0;
    for (int k = 0; k < B; k++) {
        int n = idx ? idx[k] : k;
        double z = params[F];
        for (int j = 0; j < F; j++)
            z += params[j] * Phi[(long)n * F + j];
        double p = 1.0 / (1.0 + exp(-z));   // the definition, as the lecture writes it
        loss -= y[n] ? log(p) : log(1.0 - p);
    }
    return loss / B;
}

static double logistic_of(const double *params, void *ctx)
{
    const Logistic *m = ctx;
    return logistic_loss_def(params, m->Phi, m->y, m->idx, m->B, m->F);
}

double logistic_loss_grad(double *grad, const double *params, const double *Phi, const int *y,
                          const int *idx, int B, int F)
{
    Logistic m = { Phi, y, idx, B, F };
    double p[NUMGRAD_MAX_PARAMS];
    if (F + 1 > NUMGRAD_MAX_PARAMS)
        return NAN;
    for (int i = 0; i <= F; i++)
        p[i] = params[i];
    numeric_gradient(grad, p, F + 1, logistic_of, &m, 1e-6);
    return logistic_of(params, &m);
}

void logistic_fit(double *params, const double *Phi, const int *y, int N, int F, double lr,
                  int epochs)
{
    double grad[NUMGRAD_MAX_PARAMS];
    for (int i = 0; i <= F; i++)
        params[i] = F + 1 > NUMGRAD_MAX_PARAMS ? NAN : 0.0;
    for (int e = 0; e < epochs; e++) {
        logistic_loss_grad(grad, params, Phi, y, NULL, N, F);
        for (int i = 0; i <= F; i++)
            params[i] -= lr * grad[i];
    }
}
