/* hidden/03_gradient_descent.c -- chapter 3's tests that run only at submission.
 *
 * Randomised versions of the visible tests: random vectors, random well-conditioned quadratics
 * in 2 to 5 dimensions with rates on both sides of 2/L, random epoch and batch sizes, and random
 * least-squares problems trained for a few epochs. The expected values are computed here from
 * the definitions (the contracts in lib/descent.h, with rng_permutation for the order), never
 * from the reference solution. Never shipped to students.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "descent.h"
#include "grade.h"

// ---------------------------------------------------------------- random quadratics

// f(p) = 0.5 (p - c)^T A (p - c) + f0 with A = Q diag(lambda) Q^T, Q a random rotation, so the
// curvatures (and L, the largest) are known exactly.
typedef struct {
    int P;
    double A[5][5], c[5], f0, L;
} Quad;

static double quad_loss(double *grad, const double *p, void *ctx)
{
    const Quad *q = ctx;
    double e[5], f = q->f0;
    for (int i = 0; i < q->P; i++)
        e[i] = p[i] - q->c[i];
    for (int i = 0; i < q->P; i++) {
        double Ae = 0.0;
        for (int j = 0; j < q->P; j++)
            Ae += q->A[i][j] * e[j];
        grad[i] = Ae;
        f += 0.5 * e[i] * Ae;
    }
    return f;
}

static void random_quad(Quad *q, Rng *rng)
{
    int P = q->P = 2 + (int)rng_below(rng, 4);
    double Q[5][5], lambda[5];
    // Gram-Schmidt on random columns gives an orthonormal Q.
    for (int j = 0; j < P; j++) {
        for (int i = 0; i < P; i++)
            Q[i][j] = rng_range(rng, -1, 1);
        for (int k = 0; k < j; k++) {
            double dot = 0.0;
            for (int i = 0; i < P; i++)
                dot += Q[i][j] * Q[i][k];
            for (int i = 0; i < P; i++)
                Q[i][j] -= dot * Q[i][k];
        }
        double norm = 0.0;
        for (int i = 0; i < P; i++)
            norm += Q[i][j] * Q[i][j];
        norm = sqrt(norm);
        for (int i = 0; i < P; i++)
            Q[i][j] /= norm;
    }
    q->L = 0.0;
    for (int j = 0; j < P; j++) {
        lambda[j] = j == 0 ? 4.0 : rng_range(rng, 0.5, 4.0);   // L = 4 exactly, the others below
        q->L = lambda[j] > q->L ? lambda[j] : q->L;
        q->c[j] = rng_range(rng, -2, 2);
    }
    for (int i = 0; i < P; i++)
        for (int k = 0; k < P; k++) {
            q->A[i][k] = 0.0;
            for (int j = 0; j < P; j++)
                q->A[i][k] += Q[i][j] * lambda[j] * Q[k][j];
        }
    q->f0 = rng_range(rng, 0.0, 1.0);
}

GRADED_TEST(ch03, step_follows_the_rule_on_random_vectors)
{
    Rng rng;
    rng_seed(&rng, 0x5eed03, 1);
    double p[9], want[9], g[9], g0[9];
    for (int trial = 0; trial < 500; trial++) {
        int P = 1 + (int)rng_below(&rng, 9);
        double lr = rng_range(&rng, 0.0, 3.0);
        for (int i = 0; i < P; i++) {
            p[i] = rng_range(&rng, -5, 5);
            g[i] = g0[i] = rng_range(&rng, -5, 5);
            want[i] = p[i] - lr * g[i];
        }
        gd_step(p, g, lr, P);
        grade_expect_implemented(!isnan(p[0]), "gd_step");
        for (int i = 0; i < P; i++) {
            grade_expect_close(p[i], want[i], 1e-12, "gd_step", "a parameter after a random step");
            if (g[i] != g0[i])
                grade_fail("gd_step changed grad[%d]: the gradient is the caller's", i);
        }
    }
}

GRADED_TEST(ch03, run_converges_below_two_over_L_and_diverges_above_on_random_quadratics)
{
    Rng rng;
    rng_seed(&rng, 0x5eed03, 2);
    double *h = malloc(2001 * sizeof *h);
    for (int trial = 0; trial < 20; trial++) {
        Quad q;
        random_quad(&q, &rng);
        double start[5], p[5], g[5];
        for (int i = 0; i < q.P; i++)
            start[i] = q.c[i] + rng_range(&rng, -3, 3);
        // Below 2/L: every error factor |1 - lr lambda| is at most 0.8.
        memcpy(p, start, sizeof p);
        int steps = -1;
        int status = gd_run(p, g, h, &steps, quad_loss, &q, q.P, 1.8 / q.L, 2000, 1e-9);
        grade_expect_implemented(status != -1, "gd_run");
        if (status != DESCENT_CONVERGED)
            grade_fail("gd_run on a random %d-D quadratic with lr = 1.8 / L returned %d after %d steps,"
                       " expected DESCENT_CONVERGED (DESCENT_CONVERGED = 0)", q.P, status, steps);
        for (int i = 0; i < q.P; i++)
            grade_expect_close(p[i], q.c[i], 1e-8, "gd_run", "a parameter at the end (the minimum)");
        // Above 2/L: the steepest direction's error grows by 1.2 each step.
        memcpy(p, start, sizeof p);
        steps = -1;
        status = gd_run(p, g, h, &steps, quad_loss, &q, q.P, 2.2 / q.L, 2000, 1e-9);
        if (status != DESCENT_DIVERGED)
            grade_fail("gd_run on a random %d-D quadratic with lr = 2.2 / L returned %d after %d steps,"
                       " expected DESCENT_DIVERGED (2)", q.P, status, steps);
        if (!(fabs(h[steps]) > DESCENT_BLOWUP * (1.0 + fabs(h[0]))) && isfinite(h[steps]))
            grade_fail("gd_run reported DESCENT_DIVERGED at a loss of %g, which has not blown up (the"
                       " first loss was %g)", h[steps], h[0]);
        for (int k = 0; k < steps; k++)
            if (!isfinite(h[k]) || fabs(h[k]) > DESCENT_BLOWUP * (1.0 + fabs(h[0])))
                grade_fail("gd_run carried on after history[%d] = %g had blown up", k, h[k]);
    }
    free(h);
}

GRADED_TEST(ch03, run_history_follows_the_definition_on_random_quadratics)
{
    Rng rng;
    rng_seed(&rng, 0x5eed03, 3);
    double h[101], hw[101];
    for (int trial = 0; trial < 30; trial++) {
        Quad q;
        random_quad(&q, &rng);
        double p[5], pw[5], g[5], gw[5];
        for (int i = 0; i < q.P; i++)
            p[i] = pw[i] = q.c[i] + rng_range(&rng, -3, 3);
        double lr = rng_range(&rng, 0.05, 0.45), gtol = trial % 3 == 0 ? 1e-3 : 0.0;
        int max_steps = 1 + (int)rng_below(&rng, 100);
        // The definition, step by step.
        double loss = quad_loss(gw, pw, &q);
        hw[0] = loss;
        int sw = 0, want;
        for (;;) {
            double n2 = 0.0;
            for (int i = 0; i < q.P; i++)
                n2 += gw[i] * gw[i];
            if (!isfinite(loss) || fabs(loss) > DESCENT_BLOWUP * (1.0 + fabs(hw[0]))) { want = DESCENT_DIVERGED; break; }
            if (sqrt(n2) <= gtol) { want = DESCENT_CONVERGED; break; }
            if (sw == max_steps) { want = DESCENT_MAX_STEPS; break; }
            for (int i = 0; i < q.P; i++)
                pw[i] -= lr * gw[i];
            loss = quad_loss(gw, pw, &q);
            hw[++sw] = loss;
        }
        int steps = -1;
        int status = gd_run(p, g, h, &steps, quad_loss, &q, q.P, lr, max_steps, gtol);
        grade_expect_implemented(status != -1, "gd_run");
        if (status != want || steps != sw)
            grade_fail("gd_run on a random quadratic (lr %.3g, max_steps %d, gtol %g) returned %d after %d"
                       " steps, expected %d after %d", lr, max_steps, gtol, status, steps, want, sw);
        for (int k = 0; k <= sw; k++)
            grade_expect_close(h[k], hw[k], 1e-12 * (1.0 + fabs(hw[k])), "gd_run",
                               "an entry of the loss history on a random quadratic");
    }
}

GRADED_TEST(ch03, minibatches_partition_random_sizes)
{
    Rng rng, ref, pick;
    rng_seed(&rng, 0x5eed03, 4);
    rng_seed(&ref, 0x5eed03, 4);
    rng_seed(&pick, 0x5eed03, 5);
    int order[60], sizes[60], want[60], seen[60];
    for (int trial = 0; trial < 300; trial++) {
        int N = 1 + (int)rng_below(&pick, 60), B = 1 + (int)rng_below(&pick, 70);
        int K = minibatches(order, sizes, &rng, N, B);
        grade_expect_implemented(K != -1, "minibatches");
        rng_permutation(&ref, want, N);
        int want_K = (N + B - 1) / B;
        if (K != want_K)
            grade_fail("minibatches with N = %d, B = %d returned K = %d, expected ceil(N / B) = %d",
                       N, B, K, want_K);
        int total = 0;
        for (int k = 0; k < K; k++) {
            if (sizes[k] != (k < K - 1 ? B : N - (K - 1) * B))
                grade_fail("minibatches with N = %d, B = %d gave batch %d of %d the size %d", N, B, k, K,
                           sizes[k]);
            total += sizes[k];
        }
        memset(seen, 0, sizeof seen);
        for (int i = 0; i < N; i++) {
            if (order[i] < 0 || order[i] >= N || seen[order[i]]++)
                grade_fail("minibatches with N = %d: order[%d] = %d is out of range or repeated", N, i,
                           order[i]);
        }
        if (total != N || memcmp(order, want, (size_t)N * sizeof *want) != 0)
            grade_fail("minibatches with N = %d, B = %d did not draw the order rng_permutation draws"
                       " (one call per epoch, no other draws)", N, B);
    }
}

// ---------------------------------------------------------------- random least squares

// Linear regression with D features and a bias: params = (w[0 .. D-1], b), mean 0.5 r^2.
typedef struct {
    int N, D;
    double X[40 * 4], t[40];
} Lsq;

static double lsq_batch(double *grad, const double *params, const int *idx, int B, void *ctx)
{
    const Lsq *ls = ctx;
    double loss = 0.0;
    for (int i = 0; i <= ls->D; i++)
        grad[i] = 0.0;
    for (int k = 0; k < B; k++) {
        const double *x = ls->X + idx[k] * ls->D;
        double r = params[ls->D] - ls->t[idx[k]];
        for (int i = 0; i < ls->D; i++)
            r += params[i] * x[i];
        loss += 0.5 * r * r / B;
        for (int i = 0; i < ls->D; i++)
            grad[i] += r * x[i] / B;
        grad[ls->D] += r / B;
    }
    return loss;
}

GRADED_TEST(ch03, train_matches_the_definition_on_random_least_squares)
{
    Rng gen;
    rng_seed(&gen, 0x5eed03, 6);
    for (int trial = 0; trial < 25; trial++) {
        Lsq ls;
        ls.N = 1 + (int)rng_below(&gen, 40);
        ls.D = 1 + (int)rng_below(&gen, 4);
        for (int n = 0; n < ls.N; n++) {
            ls.t[n] = rng_range(&gen, -2, 2);
            for (int i = 0; i < ls.D; i++)
                ls.X[n * ls.D + i] = rng_range(&gen, -1, 1);
        }
        int P = ls.D + 1, B = 1 + (int)rng_below(&gen, 12), epochs = 1 + (int)rng_below(&gen, 4);
        double lr = rng_range(&gen, 0.05, 0.3), p[5], pw[5], g[5], h[4], hw[4];
        for (int i = 0; i < P; i++)
            p[i] = pw[i] = rng_range(&gen, -1, 1);
        uint64_t seed = rng_u32(&gen);
        // The definition.
        Rng ref;
        rng_seed(&ref, seed, 9);
        int order[40];
        for (int e = 0; e < epochs; e++) {
            rng_permutation(&ref, order, ls.N);
            for (int start = 0; start < ls.N; start += B) {
                int size = ls.N - start < B ? ls.N - start : B;
                lsq_batch(g, pw, order + start, size, &ls);
                for (int i = 0; i < P; i++)
                    pw[i] -= lr * g[i];
            }
            hw[e] = lsq_batch(g, pw, order, ls.N, &ls);
        }
        Rng rng;
        rng_seed(&rng, seed, 9);
        int run = sgd_train(p, h, lsq_batch, &ls, &rng, ls.N, P, lr, epochs, B);
        grade_expect_implemented(run != -1, "sgd_train");
        if (run != epochs)
            grade_fail("sgd_train returned %d for %d epochs on a random problem", run, epochs);
        for (int i = 0; i < P; i++)
            grade_expect_close(p[i], pw[i], 1e-12, "sgd_train",
                               "a parameter after training a random least-squares problem");
        for (int e = 0; e < epochs; e++)
            grade_expect_close(h[e], hw[e], 1e-12, "sgd_train",
                               "an entry of the epoch history on a random least-squares problem");
    }
}

// ---------------------------------------------------------------- logistic regression

typedef struct {
    const Dataset *ds;
} Logistic;

static double logistic_batch(double *grad, const double *params, const int *idx, int B, void *ctx)
{
    const Logistic *lg = ctx;
    const double *X = lg->ds->x;
    double loss = 0.0;
    grad[0] = grad[1] = grad[2] = 0.0;
    for (int k = 0; k < B; k++) {
        int n = idx[k], y = lg->ds->y[n];
        double z = params[2] + params[0] * X[2 * n] + params[1] * X[2 * n + 1];
        double p = z >= 0.0 ? 1.0 / (1.0 + exp(-z)) : exp(z) / (1.0 + exp(z));
        loss += (z > 0.0 ? z : 0.0) - y * z + log1p(exp(-fabs(z)));
        grad[0] += (p - y) * X[2 * n] / B;
        grad[1] += (p - y) * X[2 * n + 1] / B;
        grad[2] += (p - y) / B;
    }
    return loss / B;
}

GRADED_TEST(ch03, sgd_trains_on_random_blobs_off_the_origin)
{
    // Chapter 2's data turned by a random angle, trained with B = 1, 5 or 20; the reference
    // reaches 98.5 % or more on every draw tried.
    Rng rng;
    rng_seed(&rng, 0x5eed03, 7);
    const int Bs[3] = { 1, 5, 20 };
    const double lrs[3] = { 0.1, 0.25, 0.5 };
    for (int trial = 0; trial < 3; trial++) {
        Dataset ds = { 0 };
        if (data_gauss(&ds, 200, 0.05, &rng) != 0)
            grade_fail("internal: data_gauss failed");
        double a = rng_range(&rng, 0, 6.283185307179586), c = cos(a), s = sin(a);
        for (int n = 0; n < ds.n; n++) {
            double x1 = ds.x[2 * n] + 2.0, x2 = ds.x[2 * n + 1] + 2.0;
            ds.x[2 * n] = c * x1 - s * x2;
            ds.x[2 * n + 1] = s * x1 + c * x2;
        }
        Logistic lg = { &ds };
        double p[3] = { 0.0, 0.0, 0.0 }, h[10];
        int run = sgd_train(p, h, logistic_batch, &lg, &rng, ds.n, 3, lrs[trial], 10, Bs[trial]);
        grade_expect_implemented(run != -1, "sgd_train");
        int right = 0;
        for (int n = 0; n < ds.n; n++)
            right += (p[2] + p[0] * ds.x[2 * n] + p[1] * ds.x[2 * n + 1] >= 0.0) == (ds.y[n] == 1);
        dataset_free(&ds);
        if (right < 190)
            grade_fail("sgd_train with B = %d, lr %g, 10 epochs on blobs off the origin classifies %d of"
                       " 200 right; expected at least 190", Bs[trial], lrs[trial], right);
    }
}

// ---------------------------------------------------------------- for the experiments

GRADED_TEST(ch03, momentum_step_follows_the_rule_on_random_vectors)
{
    Rng rng;
    rng_seed(&rng, 0x5eed03, 7);
    double p[9], v[9], g[9], g0[9], want_p[9], want_v[9];
    for (int trial = 0; trial < 500; trial++) {
        int P = 1 + (int)rng_below(&rng, 9);
        double lr = rng_range(&rng, 0.0, 2.0), beta = rng_range(&rng, 0.0, 0.99);
        for (int i = 0; i < P; i++) {
            p[i] = rng_range(&rng, -5, 5);
            v[i] = rng_range(&rng, -5, 5);
            g[i] = g0[i] = rng_range(&rng, -5, 5);
            want_v[i] = beta * v[i] - lr * g[i];
            want_p[i] = p[i] + want_v[i];
        }
        momentum_step(p, v, g, lr, beta, P);
        grade_expect_implemented(!isnan(p[0]) && !isnan(v[0]), "momentum_step");
        for (int i = 0; i < P; i++) {
            grade_expect_close(v[i], want_v[i], 1e-12, "momentum_step", "a velocity after a random step");
            grade_expect_close(p[i], want_p[i], 1e-12, "momentum_step", "a parameter after a random step");
            if (g[i] != g0[i])
                grade_fail("momentum_step changed grad[%d]: the gradient is the caller's", i);
        }
    }
}

// f(p) = 0.5 p^T A p with A = H diag(d) H, H = I - 2 u u^T / u^T u a random reflection: the
// eigenvalues are d, the eigenvector of d[j] is H e_j. d[0] has the largest magnitude, of either
// sign, and every other is at most 0.6 of it, so 80 iterations of power iteration settle.
typedef struct {
    int P;
    double A[8][8], d0, top[8];
} Gapped;

static double gapped_loss(double *grad, const double *p, void *ctx)
{
    const Gapped *q = ctx;
    double f = 0.0;
    for (int i = 0; i < q->P; i++) {
        grad[i] = 0.0;
        for (int j = 0; j < q->P; j++)
            grad[i] += q->A[i][j] * p[j];
        f += 0.5 * p[i] * grad[i];
    }
    return f;
}

static void random_gapped(Gapped *q, Rng *rng)
{
    int P = q->P = 2 + (int)rng_below(rng, 7);
    double u[8], uu = 0.0, d[8], H[8][8];
    for (int i = 0; i < P; i++) {
        u[i] = rng_range(rng, -1, 1);
        uu += u[i] * u[i];
    }
    q->d0 = (rng_below(rng, 2) ? 1.0 : -1.0) * rng_range(rng, 2.0, 5.0);
    for (int j = 0; j < P; j++)
        d[j] = j == 0 ? q->d0 : rng_range(rng, -0.6, 0.6) * fabs(q->d0);
    for (int i = 0; i < P; i++)
        for (int j = 0; j < P; j++)
            H[i][j] = (i == j) - 2.0 * u[i] * u[j] / uu;
    for (int i = 0; i < P; i++) {
        q->top[i] = H[i][0];
        for (int k = 0; k < P; k++) {
            q->A[i][k] = 0.0;
            for (int j = 0; j < P; j++)
                q->A[i][k] += H[i][j] * d[j] * H[k][j];
        }
    }
}

GRADED_TEST(ch03, hessian_top_eigenvalue_finds_random_top_curvatures_of_either_sign)
{
    Rng rng;
    rng_seed(&rng, 0x5eed03, 8);
    for (int trial = 0; trial < 30; trial++) {
        Gapped q;
        random_gapped(&q, &rng);
        double params[8], v[8], keep[8];
        for (int i = 0; i < q.P; i++) {
            params[i] = keep[i] = rng_range(&rng, -2, 2);
            v[i] = rng_range(&rng, -1, 1);
        }
        double lambda = hessian_top_eigenvalue(v, gapped_loss, &q, params, q.P, 80, 1e-4);
        grade_expect_implemented(!isnan(lambda), "hessian_top_eigenvalue");
        if (!(fabs(lambda - q.d0) <= 1e-6 * fabs(q.d0)))
            grade_fail("hessian_top_eigenvalue on a random %d-D quadratic whose eigenvalue of largest"
                       " magnitude is %.10g (the others at most 0.6 of it) returned %.10g after 80"
                       " iterations%s", q.P, q.d0, lambda,
                       fabs(lambda / q.d0 - 2.0) < 1e-6 ? " (twice: divide by 2 h, not h)"
                       : fabs(lambda / q.d0 + 1.0) < 1e-6 ? " (the sign flipped: grad f(params + h v)"
                       " - grad f(params - h v), in that order)" : "");
        double dot = 0.0;
        for (int i = 0; i < q.P; i++) {
            dot += v[i] * q.top[i];
            if (params[i] != keep[i])
                grade_fail("hessian_top_eigenvalue changed params[%d]", i);
        }
        if (!(fabs(fabs(dot) - 1.0) <= 1e-6))
            grade_fail("hessian_top_eigenvalue on a random %d-D quadratic left v with |cosine| %.10g to the"
                       " top eigenvector, expected 1: v ends as the last unit vector", q.P, fabs(dot));
    }
}
