/* test_numgrad.c -- the centred-difference gradient and the logistic regression built on it. */
#include <criterion/criterion.h>
#include <math.h>

#include "numgrad.h"

static double cubic(const double *p, void *ctx)
{
    (void)ctx;
    return p[0] * p[0] * p[0] + 3.0 * p[0] * p[1] - 2.0 * p[1];
}

Test(numgrad, matches_the_derivative_of_a_smooth_function)
{
    double p[2] = { 1.5, -0.5 }, g[2];
    numeric_gradient(g, p, 2, cubic, NULL, 1e-5);
    cr_assert(fabs(g[0] - (3 * 1.5 * 1.5 + 3 * -0.5)) < 1e-8, "d/dp0 = %.12g", g[0]);
    cr_assert(fabs(g[1] - (3 * 1.5 - 2.0)) < 1e-8, "d/dp1 = %.12g", g[1]);
    cr_assert(p[0] == 1.5 && p[1] == -0.5, "params not restored");
}

Test(numgrad, logistic_gradient_matches_the_closed_form)
{
    // Three examples, two features: the closed form is mean (p - y) (x, 1).
    const double Phi[6] = { 0.5, -1.0, 2.0, 0.25, -1.5, 1.0 };
    const int y[3] = { 1, 0, 1 };
    const double params[3] = { 0.3, -0.7, 0.2 };
    double g[3], want[3] = { 0, 0, 0 };
    for (int n = 0; n < 3; n++) {
        double z = params[2] + params[0] * Phi[2 * n] + params[1] * Phi[2 * n + 1];
        double d = 1.0 / (1.0 + exp(-z)) - y[n];
        want[0] += d * Phi[2 * n] / 3;
        want[1] += d * Phi[2 * n + 1] / 3;
        want[2] += d / 3;
    }
    double loss = logistic_loss_grad(g, params, Phi, y, NULL, 3, 2);
    cr_assert(loss > 0.0 && isfinite(loss));
    for (int i = 0; i < 3; i++)
        cr_assert(fabs(g[i] - want[i]) < 1e-8, "grad[%d] = %.12g, closed form %.12g", i, g[i], want[i]);
}

Test(numgrad, logistic_fit_separates_separable_data_with_a_bias)
{
    // Points right of x1 = 2 are class 1: the bias has to learn.
    double Phi[16];
    int y[8];
    for (int n = 0; n < 8; n++) {
        Phi[2 * n] = n * 0.5 + 0.25;
        Phi[2 * n + 1] = (n % 3) - 1.0;
        y[n] = Phi[2 * n] > 2.0;
    }
    double params[3];
    logistic_fit(params, Phi, y, 8, 2, 0.5, 2000);
    for (int n = 0; n < 8; n++) {
        double z = params[2] + params[0] * Phi[2 * n] + params[1] * Phi[2 * n + 1];
        cr_assert((z >= 0.0) == (y[n] == 1), "example %d on the wrong side (z = %g)", n, z);
    }
}

Test(numgrad, too_many_parameters_give_nan_not_an_overflow)
{
    double Phi[100] = { 0 }, g[NUMGRAD_MAX_PARAMS + 2];
    int y[1] = { 1 };
    double params[NUMGRAD_MAX_PARAMS + 2] = { 0 };
    cr_assert(isnan(logistic_loss_grad(g, params, Phi, y, NULL, 1, NUMGRAD_MAX_PARAMS)));
}
