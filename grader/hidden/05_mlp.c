/* hidden/05_mlp.c -- chapter 5's tests that run only at submission.
 *
 * Randomised versions of the visible tests: many draws, other shapes and depths, every
 * activation, batches up to max_batch, so that code tuned to the visible fixtures does not pass.
 * The expected values are computed here from the definitions (math.h's functions, a weighted
 * sum, the documented order of draws), never from the reference solution. Never shipped to
 * students.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grade.h"
#include "mlp.h"

#include "05_mlp.h"   // the fixtures of grader/05_mlp.c

static double act(Activation f, double z)
{
    switch (f) {
    case ACT_SIGMOID: return 1.0 / (1.0 + exp(-z));
    case ACT_TANH: return tanh(z);
    default: return z > 0.0 ? z : 0.0;
    }
}

static double slope(Activation f, double z)
{
    switch (f) {
    case ACT_SIGMOID: { double s = act(f, z); return s * (1.0 - s); }
    case ACT_TANH: { double t = tanh(z); return 1.0 - t * t; }
    default: return z > 0.0 ? 1.0 : 0.0;
    }
}

GRADED_TEST(ch05, activations_and_their_slopes_agree_with_the_definitions_on_random_inputs)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 51);
    double z[40], out[40];
    const double half[1] = { 0.5 };
    for (int f = ACT_SIGMOID; f <= ACT_RELU; f++) {
        activation_forward(out, half, 1, (Activation)f);
        grade_expect_implemented(!isnan(out[0]), "activation_forward");
        grade_expect_implemented(!isnan(activation_deriv((Activation)f, 0.5)), "activation_deriv");
    }
    for (int trial = 0; trial < 60; trial++) {
        int n = 1 + (int)rng_below(&rng, 40);
        Activation f = (Activation)rng_below(&rng, 3);
        double scale = trial % 3 == 0 ? 50.0 : 4.0;
        for (int i = 0; i < n; i++)
            z[i] = rng_range(&rng, -scale, scale);
        activation_forward(out, z, n, f);
        for (int i = 0; i < n; i++) {
            if (!(fabs(out[i] - act(f, z[i])) <= 1e-12))
                grade_fail("activation_forward: %s(%.6g) is %.10g, expected %.10g (n = %d, entry %d)",
                           activation_name(f), z[i], out[i], act(f, z[i]), n, i);
            double d = activation_deriv(f, z[i]);
            if (!(fabs(d - slope(f, z[i])) <= 1e-12))
                grade_fail("activation_deriv: %s'(%.6g) is %.10g, expected %.10g",
                           activation_name(f), z[i], d, slope(f, z[i]));
        }
    }
}

GRADED_TEST(ch05, linear_forward_agrees_with_the_definition_on_random_shapes)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 52);
    enum { MAX = 9 };
    double inp[MAX * MAX], weight[MAX * MAX], bias[MAX], out[MAX * MAX];
    for (int trial = 0; trial < 200; trial++) {
        int N = 1 + (int)rng_below(&rng, MAX), D = 1 + (int)rng_below(&rng, MAX);
        int H = 1 + (int)rng_below(&rng, MAX);
        for (int k = 0; k < N * D; k++) inp[k] = rng_range(&rng, -3, 3);
        for (int k = 0; k < H * D; k++) weight[k] = rng_range(&rng, -1, 1);
        for (int k = 0; k < H; k++) bias[k] = rng_range(&rng, -1, 1);
        for (int k = 0; k < N * H; k++) out[k] = rng_range(&rng, -100, 100);   // garbage
        linear_forward(out, inp, weight, bias, N, D, H);
        grade_expect_implemented(!isnan(out[0]), "linear_forward");
        for (int n = 0; n < N; n++)
            for (int h = 0; h < H; h++) {
                double z = bias[h];
                for (int i = 0; i < D; i++)
                    z += weight[h * D + i] * inp[n * D + i];
                if (!(fabs(out[n * H + h] - z) <= 1e-12))
                    grade_fail("linear_forward (N = %d, D = %d, H = %d): out[%d,%d] is %.10g,"
                               " expected %.10g", N, D, H, n, h, out[n * H + h], z);
            }
    }
}

GRADED_TEST(ch05, mlp_init_follows_the_documented_draws_on_random_architectures)
{
    Rng pick;
    rng_seed(&pick, 0x5eed, 53);
    for (int trial = 0; trial < 30; trial++) {
        int L = 1 + (int)rng_below(&pick, 5), sizes[MLP_MAX_LAYERS + 1];
        for (int l = 0; l <= L; l++)
            sizes[l] = 1 + (int)rng_below(&pick, 12);
        Rng rng, replay;
        rng_seed(&rng, 100 + trial, 5);
        replay = rng;
        Mlp m;
        if (mlp_init(&m, sizes, L, (Activation)(trial % 3), 1 + trial, &rng) != 0)
            grade_fail("mlp_init returned -1 for a valid network (L = %d)", L);
        grade_expect_implemented(!isnan(m.params[0]), "mlp_init");
        for (int l = 0; l < L; l++) {
            int D = sizes[l], H = sizes[l + 1];
            double r = sqrt(6.0 / (D + H));
            for (int k = 0; k < H * D; k++) {
                double want = rng_range(&replay, -r, r);
                if (!(fabs(m.weight[l][k] - want) <= 1e-15))
                    grade_fail("mlp_init (L = %d): weight[%d][%d] is %.10g, expected %.10g (layer %d"
                               " is %d -> %d, r = %.6f)", L, l, k, m.weight[l][k], want, l, D, H, r);
            }
            for (int h = 0; h < H; h++)
                if (m.bias[l][h] != 0.0)
                    grade_fail("mlp_init: bias[%d][%d] is %g, expected 0", l, h, m.bias[l][h]);
        }
        if (rng.state != replay.state)
            grade_fail("mlp_init (L = %d) left the rng elsewhere than one rng_range per weight"
                       " would", L);
        gnet_drop(&m);
    }
}

// The logits of X (N rows) from the definition.
static void reference(const Mlp *m, const double *X, int N, double *out)
{
    double a[64], b[64];
    for (int n = 0; n < N; n++) {
        memcpy(a, X + n * m->sizes[0], sizeof(double) * m->sizes[0]);
        for (int l = 0; l < m->L; l++) {
            int D = m->sizes[l], H = m->sizes[l + 1];
            for (int h = 0; h < H; h++) {
                double z = m->bias[l][h];
                for (int i = 0; i < D; i++)
                    z += m->weight[l][h * D + i] * a[i];
                b[h] = l < m->L - 1 ? act(m->act, z) : z;
            }
            memcpy(a, b, sizeof(double) * H);
        }
        memcpy(out + n * m->sizes[m->L], a, sizeof(double) * m->sizes[m->L]);
    }
}

GRADED_TEST(ch05, mlp_forward_agrees_with_the_definition_on_random_networks)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 54);
    double X[16 * 20], want[16 * 12];
    for (int trial = 0; trial < 60; trial++) {
        int L = 1 + (int)rng_below(&rng, 8), sizes[MLP_MAX_LAYERS + 1];   // depths 1 to 8
        for (int l = 0; l <= L; l++)
            sizes[l] = 1 + (int)rng_below(&rng, l == 0 ? 20 : 12);
        int max_batch = 1 + (int)rng_below(&rng, 16), N = 1 + (int)rng_below(&rng, max_batch);
        Mlp m;
        g5_new_net(&m, sizes, L, (Activation)rng_below(&rng, 3), max_batch);
        g5_fill_params(&m, &rng);
        g5_fill_inputs(X, N * sizes[0], &rng);
        const double *logits = mlp_forward(&m, X, N);
        if (!logits)
            grade_fail("mlp_forward returned NULL for N = %d <= max_batch = %d", N, max_batch);
        grade_expect_implemented(!isnan(logits[0]), "mlp_forward");
        reference(&m, X, N, want);
        int K = sizes[L];
        for (int k = 0; k < N * K; k++)
            if (!(fabs(logits[k] - want[k]) <= 1e-9 * (1 + fabs(want[k]))))
                grade_fail("mlp_forward (L = %d, %s, N = %d of max_batch %d): logit [%d,%d] is"
                           " %.10g, expected %.10g", L, activation_name(m.act), N, max_batch,
                           k / K, k % K, logits[k], want[k]);
        for (int k = 0; k < N * sizes[0]; k++)
            if (m.acts[0][k] != X[k])
                grade_fail("mlp_forward: acts[0] is not a copy of X (entry %d)", k);
        gnet_drop(&m);
    }
}

GRADED_TEST(ch05, mlp_free_leaves_a_zeroed_struct_for_random_networks)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 55);
    for (int trial = 0; trial < 20; trial++) {
        int L = 1 + (int)rng_below(&rng, 4), sizes[MLP_MAX_LAYERS + 1];
        for (int l = 0; l <= L; l++)
            sizes[l] = 1 + (int)rng_below(&rng, 10);
        Mlp m;
        if (mlp_init(&m, sizes, L, ACT_TANH, 1 + trial, &rng) != 0)
            grade_fail("mlp_init returned -1 for a valid network");
        double *params = m.params;
        mlp_free(&m);
        if (m.params == params && m.L == L)
            grade_fail("mlp_free is not implemented yet, or it frees the blocks without zeroing"
                       " *m: every field must be 0 afterwards");
        if (m.params || m.grads || m.work || m.L || m.num_params)
            grade_fail("mlp_free (L = %d) left params, grads, work, L or num_params non-zero", L);
        mlp_free(&m);
    }
}

GRADED_TEST(ch05, units_set_by_hand_follow_the_definitions_on_random_input)
{
    Rng rng;
    rng_seed(&rng, 0x5eed, 56);
    for (int trial = 0; trial < 200; trial++) {
        double p[2], q[2], w[2], b, k = rng_range(&rng, 0.1, 100.0);
        for (int i = 0; i < 2; i++) {
            p[i] = rng_range(&rng, -6, 6);
            q[i] = p[i] + rng_range(&rng, -4, 4);
        }
        halfplane_unit(w, &b, p, q, k);
        grade_expect_implemented(!isnan(w[0]), "halfplane_unit");
        double d0 = q[0] - p[0], d1 = q[1] - p[1], len = sqrt(d0 * d0 + d1 * d1);
        double want[3] = { -k * d1 / len, k * d0 / len, 0.0 };
        want[2] = -(want[0] * p[0] + want[1] * p[1]);
        if (!(fabs(w[0] - want[0]) <= 1e-9 * k && fabs(w[1] - want[1]) <= 1e-9 * k &&
              fabs(b - want[2]) <= 1e-9 * (k + fabs(want[2]))))
            grade_fail("halfplane_unit from (%g, %g) to (%g, %g), k = %g: w = (%g, %g), b = %g; expected"
                       " (%g, %g), %g", p[0], p[1], q[0], q[1], k, w[0], w[1], b, want[0], want[1], want[2]);
        int n = 1 + (int)rng_below(&rng, 12), at_least = 1 + (int)rng_below(&rng, (uint32_t)n);
        double tw[12], tb;
        threshold_unit(tw, &tb, n, at_least, k);
        grade_expect_implemented(!isnan(tw[0]), "threshold_unit");
        for (int j = 0; j < n; j++)
            if (tw[j] != k)
                grade_fail("threshold_unit(n = %d, at_least = %d, k = %g): w[%d] = %g, expected k", n,
                           at_least, k, j, tw[j]);
        if (!(fabs(tb + k * (at_least - 0.5)) <= 1e-12 * k * n))
            grade_fail("threshold_unit(n = %d, at_least = %d, k = %g): b = %.10g, expected -k (at_least -"
                       " 0.5) = %.10g", n, at_least, k, tb, -k * (at_least - 0.5));
    }
}
