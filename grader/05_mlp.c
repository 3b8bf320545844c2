/* 05_mlp.c -- the visible tests of chapter 5: activation_forward, activation_deriv,
 * linear_forward, mlp_init, mlp_forward, mlp_free.
 *
 * Every expected value is a constant worked out when the test was written: by hand for the small
 * layers (halves and quarters, exact in binary), from math.h's own exp and tanh for the
 * activations, and, for the random networks, logits recorded from the reference and checked
 * against an independent implementation (Python's math.fsum) to 1e-14. The random networks are
 * drawn here from a seeded Rng, so the same seed gives the same fixture everywhere. Points,
 * visibility and hints are in grader/points.txt.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "05_mlp.h"
#include "grade.h"
#include "mlp.h"

GRADED_SUITE(ch05);

// ---------------------------------------------------------------- shared helpers
// (also used by grader/hidden/05_mlp.c, hence not static)

// A network with these sizes, allocated by mlp_init (whatever its weights: tests set their own).
void g5_new_net(Mlp *m, const int *sizes, int L, Activation f, int max_batch)
{
    Rng rng;
    rng_seed(&rng, 1, 1);
    if (mlp_init(m, sizes, L, f, max_batch, &rng) != 0)
        grade_fail("mlp_init returned -1 for a valid network (L = %d, max_batch = %d): the"
                   " allocation before its TODO is given code -- did an edit break it?",
                   L, max_batch);
}

// Every parameter U(-1, 1), in the order of the params block (each layer's weight, then bias).
void g5_fill_params(Mlp *m, Rng *rng)
{
    for (int k = 0; k < m->num_params; k++)
        m->params[k] = rng_range(rng, -1.0, 1.0);
}

// n inputs U(-2, 2).
void g5_fill_inputs(double *X, int n, Rng *rng)
{
    for (int k = 0; k < n; k++)
        X[k] = rng_range(rng, -2.0, 2.0);
}

static int any_nan(const double *x, int n)
{
    for (int k = 0; k < n; k++)
        if (isnan(x[k]))
            return 1;
    return 0;
}

// Fails at the first entry of got (rows of `cols`) that is off from want by more than tol.
static void expect_rows(const char *fn, const char *what, const double *got, const double *want,
                        int n, int cols, double tol, const char *why)
{
    for (int k = 0; k < n; k++) {
        double d = got[k] - want[k];
        if (!(d <= tol && -d <= tol))
            grade_fail("%s: %s[%d,%d] is %.10g, expected %.10g (difference %.3g, allowed %.0e)%s%s",
                       fn, what, k / cols, k % cols, got[k], want[k], d, tol, why ? ": " : "",
                       why ? why : "");
    }
}

// ---------------------------------------------------------------- probes for dependencies

static int activation_forward_works(Activation f)
{
    const double z[3] = { -2.0, 0.0, 0.5 };
    const double want[3][3] = {
        { 0.11920292202211755, 0.5, 0.6224593312018546 },   // sigmoid
        { -0.9640275800758169, 0.0, 0.46211715726000974 },  // tanh
        { 0.0, 0.0, 0.5 },                                  // relu
    };
    double out[3];
    activation_forward(out, z, 3, f);
    for (int i = 0; i < 3; i++)
        if (!(fabs(out[i] - want[f][i]) <= 1e-12))
            return 0;
    return 1;
}

static int linear_forward_works(void)
{
    // the layer of linear_forward_computes_a_layer_worked_by_hand
    const double inp[6] = { 1, 2, 3, -1, 0, 1 }, weight[6] = { 0.5, 0, 0.25, 0, 0.5, -0.25 };
    const double bias[2] = { 0.25, 1 }, want[4] = { 1.5, 1.25, 0.0, 0.75 };
    double out[4] = { 9, 9, 9, 9 };
    linear_forward(out, inp, weight, bias, 2, 3, 2);
    for (int k = 0; k < 4; k++)
        if (!(fabs(out[k] - want[k]) <= 1e-12))
            return 0;
    return 1;
}

static void expect_forward_dependencies(Activation f)
{
    grade_expect_dependency(linear_forward_works(), "linear_forward",
                            "mlp_forward computes every layer with it (see its tests)");
    if (!activation_forward_works(f)) {
        char why[160];
        snprintf(why, sizeof why, "mlp_forward applies it (%s) to every hidden layer (see its"
                 " tests)", activation_name(f));
        grade_expect_dependency(0, "activation_forward", why);
    }
}

// mlp_forward on X (N rows), after checking that it returned logits at all.
static const double *forward(Mlp *m, const double *X, int N)
{
    const double *logits = mlp_forward(m, X, N);
    if (logits == NULL)
        grade_fail("mlp_forward returned NULL for N = %d (max_batch = %d): it must return"
                   " m->acts[m->L], the logits", N, m->max_batch);
    grade_expect_implemented(!any_nan(logits, N * m->sizes[m->L]), "mlp_forward");
    return logits;
}

// ---------------------------------------------------------------- activation_forward

// Fails with "not implemented yet" when activation_forward leaves NaN at an ordinary input.
static void expect_activation_implemented(Activation f)
{
    const double z[1] = { 0.5 };
    double out[1] = { 0.0 };
    activation_forward(out, z, 1, f);
    grade_expect_implemented(!isnan(out[0]), "activation_forward");
}

static void expect_activation(Activation f, const double *z, const double *want, int n,
                              double tol)
{
    expect_activation_implemented(f);
    double out[8];
    for (int i = 0; i < n; i++)
        out[i] = 123.0;   // so that an entry never written shows
    activation_forward(out, z, n, f);
    for (int i = 0; i < n; i++) {
        char what[96];
        snprintf(what, sizeof what, "%s(%g), out[%d],", activation_name(f), z[i], i);
        grade_expect_close(out[i], want[i], tol, "activation_forward", what);
    }
}

GRADED_TEST(ch05, activation_forward_gives_sigmoid_tanh_and_relu_at_hand_worked_points)
{
    const double z[5] = { -2.0, -0.5, 0.0, 0.5, 2.0 };
    const double sig[5] = { 0.11920292202211755, 0.37754066879814541, 0.5, 0.6224593312018546,
                            0.8807970779778823 };
    const double th[5] = { -0.9640275800758169, -0.46211715726000974, 0.0, 0.46211715726000974,
                           0.9640275800758169 };
    const double re[5] = { 0.0, 0.0, 0.0, 0.5, 2.0 };
    expect_activation(ACT_SIGMOID, z, sig, 5, 1e-12);
    expect_activation(ACT_TANH, z, th, 5, 1e-12);
    expect_activation(ACT_RELU, z, re, 5, 0.0);
}

GRADED_TEST(ch05, activation_forward_stays_finite_for_large_inputs)
{
    // sigmoid(-1000) = 1 / (1 + e^1000) = 1 / inf = 0; tanh saturates at +-1.
    const double z[4] = { -1000.0, -40.0, 40.0, 1000.0 };
    const double sig[4] = { 0.0, 4.2483542552915889e-18, 1.0, 1.0 };
    const double th[4] = { -1.0, -1.0, 1.0, 1.0 };
    const double re[4] = { 0.0, 0.0, 40.0, 1000.0 };
    expect_activation(ACT_SIGMOID, z, sig, 4, 1e-15);
    expect_activation(ACT_TANH, z, th, 4, 1e-15);
    expect_activation(ACT_RELU, z, re, 4, 0.0);
}

GRADED_TEST(ch05, activation_forward_works_in_place_on_all_n_entries)
{
    // out == inp, n = 7: every entry replaced by its activation, the last one too.
    double buf[8] = { -3.0, 1.0, -0.25, 0.0, 0.25, 3.0, -1.0, 77.0 };
    expect_activation_implemented(ACT_RELU);
    activation_forward(buf, buf, 7, ACT_RELU);
    const double want[8] = { 0.0, 1.0, 0.0, 0.0, 0.25, 3.0, 0.0, 77.0 };
    for (int i = 0; i < 8; i++)
        if (buf[i] != want[i])
            grade_fail("activation_forward(out = inp, n = 7, relu): entry %d is %g, expected %g%s",
                       i, buf[i], want[i], i == 7 ? " (it must not touch entries past n)"
                       : " (out may be inp: compute each entry from inp[i], then store it)");
}

// ---------------------------------------------------------------- activation_deriv

// activation_deriv(f, z), after checking that it gives a number at an ordinary point.
static double deriv(Activation f, double z)
{
    grade_expect_implemented(!isnan(activation_deriv(f, 0.5)), "activation_deriv");
    return activation_deriv(f, z);
}

static void expect_deriv(Activation f, double z, double want, double tol)
{
    char what[64];
    snprintf(what, sizeof what, "%s'(%g)", activation_name(f), z);
    grade_expect_close(deriv(f, z), want, tol, "activation_deriv", what);
}

GRADED_TEST(ch05, activation_deriv_gives_the_slopes_at_hand_worked_points)
{
    expect_deriv(ACT_SIGMOID, 0.0, 0.25, 1e-12);        // s = 0.5: 0.5 * 0.5
    expect_deriv(ACT_TANH, 0.0, 1.0, 1e-12);            // t = 0: 1 - 0
    expect_deriv(ACT_SIGMOID, 2.0, 0.10499358540350662, 1e-12);
    expect_deriv(ACT_SIGMOID, -3.0, 0.04517665973091214, 1e-12);
    expect_deriv(ACT_TANH, 1.0, 0.41997434161402614, 1e-12);
    expect_deriv(ACT_TANH, -0.5, 0.7864477329659274, 1e-12);
    expect_deriv(ACT_RELU, 3.0, 1.0, 0.0);
    expect_deriv(ACT_RELU, -3.0, 0.0, 0.0);
    expect_deriv(ACT_RELU, 0.5, 1.0, 0.0);
}

GRADED_TEST(ch05, activation_deriv_of_relu_is_zero_at_the_kink_and_one_just_above)
{
    double d = deriv(ACT_RELU, 0.0);
    if (d != 0.0)
        grade_fail("activation_deriv: relu'(0) is %g, expected 0: at the kink the workbook takes"
                   " 0, as PyTorch does (1 for z > 0, 0 for z <= 0)", d);
    d = deriv(ACT_RELU, 1e-12);
    if (d != 1.0)
        grade_fail("activation_deriv: relu'(1e-12) is %g, expected 1 (any z > 0 has slope 1)", d);
    d = deriv(ACT_RELU, -1e-12);
    if (d != 0.0)
        grade_fail("activation_deriv: relu'(-1e-12) is %g, expected 0 (any z < 0 has slope 0)", d);
}

GRADED_TEST(ch05, activation_deriv_matches_the_slope_of_each_activation)
{
    // The centred difference of the definition (math.h), at points away from relu's kink, and
    // finite values far out where a careless formula gives inf / inf.
    const double zs[9] = { -4.5, -2.0, -0.75, -0.1, 0.3, 1.2, 2.5, 6.0, -9.0 };
    for (int f = ACT_SIGMOID; f <= ACT_RELU; f++) {
        for (int k = 0; k < 9; k++) {
            double z = zs[k], h = 1e-5, num;
            if (f == ACT_SIGMOID)
                num = (1.0 / (1.0 + exp(-(z + h))) - 1.0 / (1.0 + exp(-(z - h)))) / (2 * h);
            else if (f == ACT_TANH)
                num = (tanh(z + h) - tanh(z - h)) / (2 * h);
            else
                num = z > 0.0 ? 1.0 : 0.0;
            char what[64];
            snprintf(what, sizeof what, "%s'(%g)", activation_name((Activation)f), z);
            grade_expect_close(deriv((Activation)f, z), num, 1e-8, "activation_deriv", what);
        }
        const double far[2] = { -1000.0, 1000.0 };
        for (int k = 0; k < 2; k++) {
            double d = deriv((Activation)f, far[k]);
            double want = f == ACT_RELU && far[k] > 0 ? 1.0 : 0.0;
            if (!(fabs(d - want) <= 1e-15))
                grade_fail("activation_deriv: %s'(%g) is %g, expected %g: the slope far out is"
                           " flat; write the slope in terms of the function's own value, as the"
                           " notes do, so that no inf / inf appears", activation_name((Activation)f),
                           far[k], d, want);
        }
    }
}

// ---------------------------------------------------------------- linear_forward

GRADED_TEST(ch05, linear_forward_computes_a_layer_worked_by_hand)
{
    // inp (N=2, D=3), weight (H=2, D=3), bias (2):
    //   example 0, x = (1, 2, 3):  unit 0: 0.25 + 0.5*1 + 0*2 + 0.25*3 = 1.5
    //                              unit 1: 1 + 0*1 + 0.5*2 - 0.25*3   = 1.25
    //   example 1, x = (-1, 0, 1): unit 0: 0.25 - 0.5 + 0 + 0.25       = 0
    //                              unit 1: 1 + 0 + 0 - 0.25            = 0.75
    const double inp[6] = { 1, 2, 3, -1, 0, 1 }, weight[6] = { 0.5, 0, 0.25, 0, 0.5, -0.25 };
    const double bias[2] = { 0.25, 1 };
    const double want[4] = { 1.5, 1.25, 0.0, 0.75 };
    double out[4] = { 0, 0, 0, 0 };
    linear_forward(out, inp, weight, bias, 2, 3, 2);
    grade_expect_implemented(!any_nan(out, 4), "linear_forward");
    expect_rows("linear_forward", "out", out, want, 4, 2, 1e-12,
                "out[n,h] = bias[h] + sum_i weight[h*D + i] * inp[n*D + i]");
}

GRADED_TEST(ch05, linear_forward_handles_a_batch_of_three_through_a_layer_that_is_not_square)
{
    // N = 3, D = 2, H = 4: a transposed weight index reads other entries (and no square hides it).
    const double inp[6] = { 1, -2, 0.5, 0.25, -1, 3 };
    const double weight[8] = { 1, 0.5, -1, 2, 0.25, -0.5, 0, 1 };   // (4, 2)
    const double bias[4] = { 0.5, -0.5, 1, 0 };
    // example 0 (1, -2):     0.5 + 1 - 1 = 0.5,  -0.5 - 1 - 4 = -5.5,  1 + 0.25 + 1 = 2.25,  -2
    // example 1 (0.5, 0.25): 0.5 + 0.5 + 0.125 = 1.125,  -0.5 - 0.5 + 0.5 = -0.5,
    //                        1 + 0.125 - 0.125 = 1,  0.25
    // example 2 (-1, 3):     0.5 - 1 + 1.5 = 1,  -0.5 + 1 + 6 = 6.5,  1 - 0.25 - 1.5 = -0.75,  3
    const double want[12] = { 0.5, -5.5, 2.25, -2, 1.125, -0.5, 1, 0.25, 1, 6.5, -0.75, 3 };
    double out[12];
    for (int k = 0; k < 12; k++)
        out[k] = 0.0;
    linear_forward(out, inp, weight, bias, 3, 2, 4);
    grade_expect_implemented(!any_nan(out, 12), "linear_forward");
    expect_rows("linear_forward", "out (N=3, D=2, H=4)", out, want, 12, 4, 1e-12,
                "weight is (H, D): unit h's weights are weight[h*D + 0 .. h*D + D-1]");
}

GRADED_TEST(ch05, linear_forward_overwrites_whatever_out_held)
{
    const double inp[6] = { 1, 2, 3, -1, 0, 1 }, weight[6] = { 0.5, 0, 0.25, 0, 0.5, -0.25 };
    const double bias[2] = { 0.25, 1 };
    const double want[4] = { 1.5, 1.25, 0.0, 0.75 };
    const double held[4] = { 100.0, -100.0, 7.0, 0.5 };
    double out[4];
    memcpy(out, held, sizeof out);
    linear_forward(out, inp, weight, bias, 2, 3, 2);
    grade_expect_implemented(!any_nan(out, 4), "linear_forward");
    // "Do not add" only when adding is what happened: every wrong entry is off by what it held.
    int added = 1;
    for (int k = 0; k < 4; k++)
        if (!(fabs(out[k] - want[k]) <= 1e-12) && !(fabs(out[k] - want[k] - held[k]) <= 1e-9))
            added = 0;
    for (int k = 0; k < 4; k++)
        if (!(fabs(out[k] - want[k]) <= 1e-12)) {
            if (added)
                grade_fail("linear_forward: out[%d,%d] is %.10g, expected %.10g: it held %g before,"
                           " and yours is that plus the right value -- write out[n*H + h] = ...,"
                           " do not add to what it held", k / 2, k % 2, out[k], want[k], held[k]);
            grade_fail("linear_forward: out[%d,%d] is %.10g, expected %.10g (it held %g before, but"
                       " yours is not that plus the right value: the value itself is off)\nhint:"
                       " linear_forward_computes_a_layer_worked_by_hand, on the same layer with out"
                       " zeroed, shows what", k / 2, k % 2, out[k], want[k], held[k]);
        }
}

// ---------------------------------------------------------------- mlp_init

// Replays the documented draws for sizes on a copy of the seed and compares every weight.
static void expect_glorot(const Mlp *m, const int *sizes, int L, Rng *replay, const char *arch)
{
    for (int l = 0; l < L; l++) {
        int D = sizes[l], H = sizes[l + 1];
        double r = sqrt(6.0 / (H + D));   // Glorot and Bengio's range for this layer
        for (int h = 0; h < H; h++) {
            for (int i = 0; i < D; i++) {
                double want = rng_range(replay, -r, r), got = m->weight[l][h * D + i];
                grade_expect_implemented(!isnan(got), "mlp_init");
                if (!(fabs(got - want) <= 1e-15))
                    grade_fail("mlp_init (%s): weight[%d][%d * %d + %d] is %.10g, expected %.10g:"
                               " each weight is rng_range(rng, -r, r), r = sqrt(6 / (D + H)) ="
                               " %.6f for layer %d (D = %d, H = %d), drawn layer by layer, row h"
                               " by row, i inside", arch, l, h, D, i, got, want, r, l, D, H);
            }
        }
    }
}

GRADED_TEST(ch05, mlp_init_draws_glorot_uniform_weights_row_by_row)
{
    // 3 -> 4 -> 2: r = sqrt(6/7) for layer 0 and sqrt(6/6) = 1 for layer 1.
    const int sizes[3] = { 3, 4, 2 };
    Rng rng, replay;
    rng_seed(&rng, 2025, 5);
    replay = rng;
    Mlp m;
    if (mlp_init(&m, sizes, 2, ACT_TANH, 4, &rng) != 0)
        grade_fail("mlp_init returned -1 for the valid network 3-4-2");
    // Worked out when the test was written: the first two draws of seed (2025, 5).
    const double first[2] = { 0.40085876811664045, -0.1168974321692946 };
    for (int k = 0; k < 2; k++) {
        grade_expect_implemented(!isnan(m.weight[0][k]), "mlp_init");
        grade_expect_close(m.weight[0][k], first[k], 1e-15, "mlp_init",
                           k ? "weight[0][1] of 3-4-2 (seed 2025, 5)"
                             : "weight[0][0] of 3-4-2 (seed 2025, 5)");
    }
    expect_glorot(&m, sizes, 2, &replay, "3-4-2");
    gnet_drop(&m);
}

GRADED_TEST(ch05, mlp_init_sets_every_bias_to_zero_and_draws_nothing_else)
{
    const int sizes[4] = { 2, 5, 3, 1 };
    Rng rng, replay;
    rng_seed(&rng, 7, 5);
    replay = rng;
    Mlp m;
    if (mlp_init(&m, sizes, 3, ACT_RELU, 2, &rng) != 0)
        grade_fail("mlp_init returned -1 for the valid network 2-5-3-1");
    grade_expect_implemented(!any_nan(m.params, m.num_params), "mlp_init");
    for (int l = 0; l < 3; l++)
        for (int h = 0; h < sizes[l + 1]; h++)
            if (m.bias[l][h] != 0.0)
                grade_fail("mlp_init (2-5-3-1): bias[%d][%d] is %g, expected 0 (biases start at 0;"
                           " only the weights are drawn)", l, h, m.bias[l][h]);
    expect_glorot(&m, sizes, 3, &replay, "2-5-3-1");
    // Exactly one rng_range per weight: the generator must now be where the replay is.
    int extra = 0;
    while (extra < 200 && (rng.state != replay.state))
        rng_u32(&replay), extra++;
    if (extra)
        grade_fail("mlp_init drew %d more 32-bit numbers than the %d weights need (one rng_range,"
                   " two draws, per weight, and nothing for the biases)", extra,
                   2 * 5 + 5 * 3 + 3 * 1);
    gnet_drop(&m);
}

GRADED_TEST(ch05, mlp_init_scales_the_range_with_fan_in_and_fan_out)
{
    // The capstone's shape, 64 -> 32 -> 10: r = sqrt(6/96) = 0.25, then sqrt(6/42) = 0.378.
    const int sizes[3] = { 64, 32, 10 };
    Rng rng;
    rng_seed(&rng, 64, 5);
    Mlp m;
    if (mlp_init(&m, sizes, 2, ACT_RELU, 1, &rng) != 0)
        grade_fail("mlp_init returned -1 for the valid network 64-32-10");
    grade_expect_implemented(!any_nan(m.params, m.num_params), "mlp_init");
    for (int l = 0; l < 2; l++) {
        int D = sizes[l], H = sizes[l + 1];
        double r = sqrt(6.0 / (D + H)), biggest = 0.0;
        for (int k = 0; k < H * D; k++)
            biggest = fmax(biggest, fabs(m.weight[l][k]));
        if (biggest > r || biggest < 0.9 * r)
            grade_fail("mlp_init (64-32-10): the largest |weight| of layer %d is %.4f, expected just"
                       " under r = sqrt(6 / (%d + %d)) = %.4f (compute 6.0 / (D + H) in double:"
                       " with ints, 6 / 96 is 0)", l, biggest, D, H, r);
    }
    gnet_drop(&m);
}

// ---------------------------------------------------------------- mlp_forward

GRADED_TEST(ch05, mlp_forward_matches_a_2_3_1_relu_network_worked_by_hand)
{
    // x = (1, 2):     z = (1 - 2 + 0.5, 0.5 + 1, -1 + 1) = (-0.5, 1.5, 0), relu (0, 1.5, 0),
    //                 logit = 2*0 - 1*1.5 + 0.5*0 - 0.25 = -1.75
    // x = (-1, 0.5):  z = (-1 - 0.5 + 0.5, -0.5 + 0.25, 1 + 1) = (-1, -0.25, 2), relu (0, 0, 2),
    //                 logit = 0 - 0 + 0.5*2 - 0.25 = 0.75
    expect_forward_dependencies(ACT_RELU);
    const int sizes[3] = { 2, 3, 1 };
    Mlp m;
    g5_new_net(&m, sizes, 2, ACT_RELU, 4);
    const double w0[6] = { 1, -1, 0.5, 0.5, -1, 0 }, b0[3] = { 0.5, 0, 1 };
    const double w1[3] = { 2, -1, 0.5 }, b1[1] = { -0.25 };
    memcpy(m.weight[0], w0, sizeof w0);
    memcpy(m.bias[0], b0, sizeof b0);
    memcpy(m.weight[1], w1, sizeof w1);
    memcpy(m.bias[1], b1, sizeof b1);
    const double X[4] = { 1, 2, -1, 0.5 }, want[2] = { -1.75, 0.75 };
    const double *logits = forward(&m, X, 2);
    expect_rows("mlp_forward", "logits of 2-3-1 relu", logits, want, 2, 1, 1e-12,
                "layer 0 then relu, then layer 1 with no activation");
    gnet_drop(&m);
}

GRADED_TEST(ch05, mlp_forward_leaves_the_output_layer_without_activation)
{
    // 1 -> 1 -> 1 sigmoid: x = 0 gives the hidden unit sigmoid(0) = 0.5, and the logit
    // -6 * 0.5 + 0 = -3. A sigmoid on the output would give 0.047, a relu 0.
    expect_forward_dependencies(ACT_SIGMOID);
    const int sizes[3] = { 1, 1, 1 };
    Mlp m;
    g5_new_net(&m, sizes, 2, ACT_SIGMOID, 1);
    m.weight[0][0] = 2.0, m.bias[0][0] = 0.0, m.weight[1][0] = -6.0, m.bias[1][0] = 0.0;
    const double X[1] = { 0.0 };
    const double *logits = forward(&m, X, 1);
    if (!(fabs(logits[0] + 3.0) <= 1e-12))
        grade_fail("mlp_forward: the logit of a 1-1-1 sigmoid network is %.10g, expected -3"
                   " (hidden unit sigmoid(0) = 0.5, times -6): the output layer has no activation,"
                   " and the hidden layer has one", logits[0]);
    gnet_drop(&m);
}

// One random network of the chapter's fixtures: parameters and inputs from rng, logits checked
// against the values recorded when the test was written.
static void expect_random_net(const int *sizes, int L, Activation f, int N, Rng *rng,
                              const double *want, const char *arch)
{
    expect_forward_dependencies(f);
    Mlp m;
    g5_new_net(&m, sizes, L, f, N + 2);   // room to spare: only N rows are used
    g5_fill_params(&m, rng);
    double X[3 * 64];
    g5_fill_inputs(X, N * sizes[0], rng);
    const double *logits = forward(&m, X, N);
    char what[96];
    snprintf(what, sizeof what, "logits of %s %s, N = %d,", arch, activation_name(f), N);
    expect_rows("mlp_forward", what, logits, want, N * sizes[L], sizes[L], 1e-9, NULL);
    gnet_drop(&m);
}

// Recorded from the reference (seed 505, stream 1; parameters U(-1, 1), inputs U(-2, 2)).
static const double WANT_TANH_2_4_1[3] = {
    -0.83379198219493311, -0.6026845212477866, -0.67974712601296905 };
static const double WANT_SIGMOID_3_5_4_2[6] = {
    0.18215031595462733, -0.39420915228502973, 0.25957471276439759, -0.45014643095266743,
    0.13597331260905188, -0.36904488399729596 };
static const double WANT_RELU_2_6_5_4_3_1[5] = {
    1.8488294821228988, 1.8060091001305281, 1.6187806212833162, 1.8908015110670569,
    1.8591767550399336 };
static const double WANT_LINEAR_3_2[6] = {
    1.9394607993432347, -0.93943445624850308, 3.1414466307108029, -2.4955458614685115,
    0.22775701546001037, 0.16324244969651103 };

GRADED_TEST(ch05, mlp_forward_of_random_networks_of_several_depths_matches_stored_outputs)
{
    Rng rng;
    rng_seed(&rng, 505, 1);
    const int a[3] = { 2, 4, 1 }, b[4] = { 3, 5, 4, 2 }, c[6] = { 2, 6, 5, 4, 3, 1 };
    const int d[2] = { 3, 2 };
    expect_random_net(a, 2, ACT_TANH, 3, &rng, WANT_TANH_2_4_1, "2-4-1");
    expect_random_net(b, 3, ACT_SIGMOID, 3, &rng, WANT_SIGMOID_3_5_4_2, "3-5-4-2");
    expect_random_net(c, 5, ACT_RELU, 5, &rng, WANT_RELU_2_6_5_4_3_1, "2-6-5-4-3-1");
    expect_random_net(d, 1, ACT_TANH, 3, &rng, WANT_LINEAR_3_2, "3-2 (no hidden layer)");
}

// Recorded from the reference (seed 507, stream 1): 3 examples x 10 logits.
static const double WANT_RELU_64_16_10[30] = {
    1.3238546597165861, -7.1198060529548126, -1.4206447108953673, -7.5663717767882286,
    -0.99055735178272841, -4.633908946164909, -7.9876673642016502, 4.398421010702573,
    -7.0684147511112529, 3.2382288809770334, -17.411226328067784, -12.700014726945469,
    -6.8830181389737097, -12.663702590101058, -15.693233138421657, -0.065003009849537996,
    1.5803327790131623, -9.6875028956569711, 0.67252917906019638, -8.7504445897761851,
    -20.101213857879426, -6.5519633017654142, -4.9503038042340037, -30.379680449175929,
    -8.7159853251377477, -5.9846767585193161, -22.419339021219926, -11.36002319920027,
    -4.5218794301043506, 3.2181146515853167 };

GRADED_TEST(ch05, mlp_forward_gives_k_outputs_for_a_64_input_10_class_network)
{
    // The capstone's shape: 64 inputs (an 8x8 digit), 10 logits per example.
    Rng rng;
    rng_seed(&rng, 507, 1);
    const int sizes[3] = { 64, 16, 10 };
    expect_random_net(sizes, 2, ACT_RELU, 3, &rng, WANT_RELU_64_16_10, "64-16-10");
}

// Recorded from the reference: the hidden activations of the 3-5-4-2 sigmoid network above.
static const double WANT_ACTS1[15] = {
    0.47579318686202515, 0.86312658124477615, 0.792573949834533, 0.11644674538495686,
    0.42819983793192334, 0.25675500120656863, 0.63678286045320087, 0.2678999040645631,
    0.38672137658017741, 0.74709656263414881, 0.6613494422953784, 0.61339319381384627,
    0.33525408968901693, 0.53942228502245693, 0.56254872787489485 };
static const double WANT_ACTS2[12] = {
    0.34884589718477876, 0.44735525589171071, 0.15695135294519996, 0.26777590042293808,
    0.55442456726798106, 0.4057935709207624, 0.3027076917807201, 0.22359016795186912,
    0.43115471619201901, 0.33728914426072099, 0.2395449807729057, 0.19869424499579427 };

GRADED_TEST(ch05, mlp_forward_keeps_every_layers_activations_for_the_backward_pass)
{
    expect_forward_dependencies(ACT_SIGMOID);
    Rng rng;
    rng_seed(&rng, 505, 1);
    const int a[3] = { 2, 4, 1 };
    Mlp skip;   // the fixtures come from one stream: draw past the first network
    g5_new_net(&skip, a, 2, ACT_TANH, 3);
    g5_fill_params(&skip, &rng);
    double X[3 * 5];
    g5_fill_inputs(X, 3 * 2, &rng);
    gnet_drop(&skip);

    const int sizes[4] = { 3, 5, 4, 2 };
    Mlp m;
    g5_new_net(&m, sizes, 3, ACT_SIGMOID, 3);
    g5_fill_params(&m, &rng);
    g5_fill_inputs(X, 3 * 3, &rng);
    forward(&m, X, 3);
    if (m.N != 3)
        grade_fail("mlp_forward: m->N is %d after a batch of 3; it must record N", m.N);
    expect_rows("mlp_forward", "acts[0]", m.acts[0], X, 9, 3, 0.0,
                "acts[0] must hold a copy of X: backward reads the inputs of layer 0 from it");
    expect_rows("mlp_forward", "acts[1]", m.acts[1], WANT_ACTS1, 15, 5, 1e-12,
                "acts[1] = sigmoid(layer 0's output): the activation is applied in place");
    expect_rows("mlp_forward", "acts[2]", m.acts[2], WANT_ACTS2, 12, 4, 1e-12, NULL);
    expect_rows("mlp_forward", "acts[3] (the logits)", m.acts[3], WANT_SIGMOID_3_5_4_2, 6, 2,
                1e-9, NULL);
    gnet_drop(&m);
}

GRADED_TEST(ch05, mlp_forward_gives_each_example_of_a_batch_its_own_row)
{
    // A batch of 5 against the same 5 examples one at a time (the hand-worked 2-3-1 network).
    expect_forward_dependencies(ACT_RELU);
    const int sizes[3] = { 2, 3, 1 };
    Mlp m;
    g5_new_net(&m, sizes, 2, ACT_RELU, 5);
    const double p[13] = { 1, -1, 0.5, 0.5, -1, 0, 0.5, 0, 1, 2, -1, 0.5, -0.25 };
    memcpy(m.params, p, sizeof p);
    const double X[10] = { 1, 2, -1, 0.5, 0.25, -3, 2, 2, -0.5, -0.5 };
    double one[5];
    for (int n = 0; n < 5; n++)
        one[n] = forward(&m, X + 2 * n, 1)[0];
    // (0.25, -3): relu(3.75, -1.375, 0.75) = (3.75, 0, 0.75), logit 7.5 + 0.375 - 0.25 = 7.625
    // (2, 2): (0.5, 2, 0), logit 1 - 2 - 0.25 = -1.25; (-0.5, -0.5): (0.5, 0, 1.5), logit 1.5
    const double want[5] = { -1.75, 0.75, 7.625, -1.25, 1.5 };
    expect_rows("mlp_forward", "the logit of a batch of 1,", one, want, 5, 1, 1e-12, NULL);
    const double *batch = forward(&m, X, 5);
    expect_rows("mlp_forward", "logits of a batch of 5", batch, want, 5, 1, 1e-12,
                "example n is row n of X, X + n * sizes[0]; run all N examples through each layer");
    gnet_drop(&m);
}

// ---------------------------------------------------------------- mlp_free

GRADED_TEST(ch05, mlp_free_releases_the_three_blocks_and_zeroes_the_struct)
{
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
    // 64 -> 256 -> 128 -> 10 for batches of 64: params and grads 406 KB each, work 670 KB.
    const int sizes[4] = { 64, 256, 128, 10 };
    Rng rng;
    rng_seed(&rng, 3, 5);
    size_t before = grade_student_heap();
    Mlp m;
    if (mlp_init(&m, sizes, 3, ACT_TANH, 64, &rng) != 0)
        grade_fail("mlp_init returned -1 for the valid network 64-256-128-10");
    size_t during = grade_student_heap();
    size_t blocks = (2 * (size_t)m.num_params + 64 * (2 * 458 + 394)) * sizeof(double);
    int measured = during >= before + blocks;   // else this allocator cannot tell (sanitizers)
    double *params = m.params, *grads = m.grads, *work = m.work;
    mlp_free(&m);
    size_t after = grade_student_heap();
    int untouched = m.params == params && m.grads == grads && m.work == work && m.L == 3;
    if (untouched && !(measured && after < during))
        grade_expect_implemented(0, "mlp_free");
    const unsigned char *bytes = (const unsigned char *)&m;
    size_t nonzero = 0;
    for (size_t k = 0; k < sizeof m; k++)
        nonzero += bytes[k] != 0;
    if (nonzero)
        grade_fail("mlp_free left %zu bytes of the Mlp non-zero (L = %d, params %s): zero every"
                   " field, memset(m, 0, sizeof *m), so that no pointer dangles and a second"
                   " mlp_free is harmless", nonzero, m.L, m.params ? "not NULL" : "NULL");
    if (measured && after > before)
        grade_fail("mlp_free: %zu KB of the %zu KB that mlp_init allocated are still in use after"
                   " mlp_free: free all three blocks, m->params, m->grads and m->work",
                   (after - before) / 1024, blocks / 1024);
    mlp_free(&m);   // a second call on the zeroed struct must be harmless
}

// ---------------------------------------------------------------- for the experiments: weights by hand

// Fails unless halfplane_unit for the line p -> q with this k gives exactly w and b.
static void expect_halfplane(const double *p, const double *q, double k, const double *want_w,
                             double want_b)
{
    double w[2] = { 123.0, 123.0 }, b = 123.0;
    halfplane_unit(w, &b, p, q, k);
    grade_expect_implemented(!isnan(w[0]) && !isnan(w[1]) && !isnan(b), "halfplane_unit");
    if (!(fabs(w[0] - want_w[0]) <= 1e-12 && fabs(w[1] - want_w[1]) <= 1e-12 && fabs(b - want_b) <= 1e-12))
        grade_fail("halfplane_unit for the line from p = (%g, %g) to q = (%g, %g) with k = %g gave w = (%g,"
                   " %g), b = %g; expected w = (%g, %g), b = %g: w = k (-d[1], d[0]) / ||d|| with d = q -"
                   " p (the normal pointing to the left of d, length k), b = -(w . p)", p[0], p[1], q[0],
                   q[1], k, w[0], w[1], b, want_w[0], want_w[1], want_b);
}

GRADED_TEST(ch05, halfplane_unit_points_its_weights_to_the_left_of_the_line)
{
    // Northwards along x1 = 1: the left is west, so w = 2 (-1, 0) and b = 2 (z = 2 (1 - x1)).
    expect_halfplane((const double[]){ 1.0, 1.0 }, (const double[]){ 1.0, 3.0 }, 2.0,
                     (const double[]){ -2.0, 0.0 }, 2.0);
    // From (1, 2) along d = (3, 4), of length 5: w = 10 (-4, 3) / 5 = (-8, 6), b = -(-8 + 12) = -4.
    expect_halfplane((const double[]){ 1.0, 2.0 }, (const double[]){ 4.0, 6.0 }, 10.0,
                     (const double[]){ -8.0, 6.0 }, -4.0);
}

GRADED_TEST(ch05, halfplane_unit_is_k_times_the_signed_distance_to_any_line)
{
    Rng rng;
    rng_seed(&rng, 55, 1);
    for (int trial = 0; trial < 200; trial++) {
        double p[2], q[2], x[2], w[2], b, k = rng_range(&rng, 0.5, 50.0);
        for (int i = 0; i < 2; i++) {
            p[i] = rng_range(&rng, -5, 5);
            q[i] = p[i] + rng_range(&rng, -3, 3);
            x[i] = rng_range(&rng, -6, 6);
        }
        halfplane_unit(w, &b, p, q, k);
        grade_expect_implemented(!isnan(w[0]) && !isnan(b), "halfplane_unit");
        double d0 = q[0] - p[0], d1 = q[1] - p[1], len = sqrt(d0 * d0 + d1 * d1);
        double dist = (d0 * (x[1] - p[1]) - d1 * (x[0] - p[0])) / len;   // + on the left
        double z = w[0] * x[0] + w[1] * x[1] + b;
        if (!(fabs(z - k * dist) <= 1e-9 * (1.0 + fabs(k * dist))))
            grade_fail("halfplane_unit for the line from (%g, %g) to (%g, %g), k = %g, gives z = w . x + b ="
                       " %.10g at x = (%g, %g), which is %.10g from the line (%s of it); expected k times that,"
                       " %.10g, positive on the left", p[0], p[1], q[0], q[1], k, z, x[0], x[1], fabs(dist),
                       dist > 0 ? "left" : "right", k * dist);
    }
}

GRADED_TEST(ch05, threshold_unit_fires_when_at_least_enough_inputs_are_on)
{
    const int n = 4;
    const double k = 6.0;
    for (int at_least = 1; at_least <= n; at_least++) {
        double w[4] = { 123, 123, 123, 123 }, b = 123;
        threshold_unit(w, &b, n, at_least, k);
        grade_expect_implemented(!isnan(w[0]) && !isnan(b), "threshold_unit");
        for (int bits = 0; bits < 16; bits++) {
            double z = b;
            int on = 0;
            for (int j = 0; j < n; j++) {
                z += w[j] * ((bits >> j) & 1);
                on += (bits >> j) & 1;
            }
            double want = k * (on - at_least + 0.5);
            if (!(fabs(z - want) <= 1e-12))
                grade_fail("threshold_unit(n = 4, at_least = %d, k = 6) gives z = %g with %d of its 4 inputs"
                           " on (w = %g %g %g %g, b = %g); expected k (on - at_least + 1/2) = %g: w[j] = k for"
                           " every input, b = -k (at_least - 0.5), so that z is +-k/2 or further from 0%s",
                           at_least, z, on, w[0], w[1], w[2], w[3], b, want,
                           at_least == 4 ? " (at_least = n is AND)" : at_least == 1 ? " (at_least = 1 is OR)" : "");
        }
    }
}

// The grader's own forward pass of a net of sigmoid hidden layers (sizes[0] = 2 inputs), so that
// the next test needs nothing but the two units: p(y = 1 | x) = sigmoid(the logit).
static double hand_net(const double *const *W, const double *const *B, const int *sizes, int L,
                       const double *x)
{
    double a[16], z[16];
    a[0] = x[0], a[1] = x[1];
    for (int l = 0; l < L; l++) {
        for (int h = 0; h < sizes[l + 1]; h++) {
            z[h] = B[l][h];
            for (int i = 0; i < sizes[l]; i++)
                z[h] += W[l][h * sizes[l] + i] * a[i];
        }
        for (int h = 0; h < sizes[l + 1]; h++)
            a[h] = 1.0 / (1.0 + exp(-z[h]));   // the last is the probability
    }
    return a[0];
}

// The probe of threshold_unit that the next test runs when it fails: n = 3, at_least = 2, k = 4
// must give w = (4, 4, 4) and b = -6.
static int threshold_unit_works(void *ctx, char *why, size_t cap)
{
    (void)ctx;
    double w[3], b;
    threshold_unit(w, &b, 3, 2, 4.0);
    if (w[0] == 4.0 && w[1] == 4.0 && w[2] == 4.0 && b == -6.0)
        return 1;
    snprintf(why, cap, "threshold_unit(n = 3, at_least = 2, k = 4) gives w = (%g, %g, %g), b = %g, not"
             " (4, 4, 4) and -6, and the AND and OR units are made with it (see its tests)", w[0], w[1],
             w[2], b);
    return 0;
}

GRADED_TEST(ch05, units_set_by_hand_carve_a_square_and_a_union_of_two_polygons)
{
    grade_on_failure_expect("threshold_unit", threshold_unit_works, NULL);
    // Layer 0: a half-plane unit per edge (counter-clockwise: the inside is on the left), k = 50.
    // The square (-5, -1)-(-1, 3) is the AND of its 4; the union adds a triangle, each polygon an
    // AND in layer 1, and the output is their OR.
    const double sq[4][2] = { { -5, -1 }, { -1, -1 }, { -1, 3 }, { -5, 3 } };
    const double tri[3][2] = { { 0, -4 }, { 5, -2 }, { 1, 3 } };
    double W0[14], B0[7], W1[14] = { 0 }, B1[2], W2[2], B2[1], and4[4], and3[3];
    for (int j = 0; j < 4; j++)
        halfplane_unit(W0 + 2 * j, B0 + j, sq[j], sq[(j + 1) % 4], 50.0);
    for (int j = 0; j < 3; j++)
        halfplane_unit(W0 + 8 + 2 * j, B0 + 4 + j, tri[j], tri[(j + 1) % 3], 50.0);
    threshold_unit(and4, B1, 4, 4, 10.0);
    threshold_unit(and3, B1 + 1, 3, 3, 10.0);
    threshold_unit(W2, B2, 2, 1, 10.0);
    grade_expect_implemented(!isnan(W0[0]) && !isnan(B0[0]), "halfplane_unit");
    grade_expect_implemented(!isnan(and4[0]) && !isnan(B1[0]) && !isnan(W2[0]), "threshold_unit");
    for (int j = 0; j < 4; j++)
        W1[j] = and4[j];
    for (int j = 0; j < 3; j++)
        W1[7 + 4 + j] = and3[j];
    const int square_sizes[3] = { 2, 4, 1 }, union_sizes[4] = { 2, 7, 2, 1 };
    const double *sW[2] = { W0, and4 }, *sB[2] = { B0, B1 };
    const double *uW[3] = { W0, W1, W2 }, *uB[3] = { B0, B1, B2 };
    // Points well inside and well outside (0.25 or more from every edge).
    const struct { double x[2]; int in_square, in_union; } pts[] = {
        { { -3, 1 }, 1, 1 }, { { -1.3, -0.7 }, 1, 1 }, { { 2, -1.5 }, 0, 1 }, { { 1, 1.5 }, 0, 1 },
        { { -0.5, 1 }, 0, 0 }, { { -3, 3.5 }, 0, 0 }, { { 4, 2 }, 0, 0 }, { { 0, -5 }, 0, 0 },
        { { -5.5, 0 }, 0, 0 }, { { 0.2, -3 }, 0, 1 } };
    for (size_t t = 0; t < sizeof pts / sizeof pts[0]; t++) {
        double ps = hand_net(sW, sB, square_sizes, 2, pts[t].x);
        double pu = hand_net(uW, uB, union_sizes, 3, pts[t].x);
        if ((ps > 0.5) != pts[t].in_square || (pu > 0.5) != pts[t].in_union)
            grade_fail("a sigmoid network of your halfplane_unit and threshold_unit (k = 50 per edge, k = 10"
                       " for AND and OR)"
                       " at x = (%g, %g): p = %.4f for the square (-5, -1)-(-1, 3), expected %s 0.5, and p ="
                       " %.4f for the union of that square and the triangle (0, -4), (5, -2), (1, 3),"
                       " expected %s 0.5 (the edges go counter-clockwise, so inside is on each edge's"
                       " left)", pts[t].x[0], pts[t].x[1], ps, pts[t].in_square ? "above" : "below", pu,
                       pts[t].in_union ? "above" : "below");
    }
}
